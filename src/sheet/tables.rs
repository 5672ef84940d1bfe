//! The sheet's tables as rows of text: control indicators (limit against achieved,
//! `analysis::zoning`), strata (holders, rights, terms, unit codes) and corner
//! coordinates (drawn by `render::pdf_table`).

use crate::analysis::zoning::{Indicator, ParcelZoning};
use crate::i18n::{Lang, tr_args_in, tr_in};
use crate::model::{Parcel, Reference, SquareMeters, Stratum};
use crate::render::labels::name_parts;
use crate::render::pdf_table::Table;
use crate::render::present::section::fmt_m;

use super::corners::Corner;

/// A ratio as a percentage (`30 %`).
fn percent(v: f64) -> String {
    format!("{:.0} %", v * 100.0)
}

/// A number with at most two decimals, without trailing zeros.
fn short(v: f64) -> String {
    let text = format!("{v:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A limit as text: `≤ 2.5`, `≥ 35 %`, `1.0–2.5`, or a dash.
fn limit(min: Option<String>, max: Option<String>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        (Some(a), None) => format!("≥ {a}"),
        (None, Some(b)) => format!("≤ {b}"),
        (None, None) => "—".to_owned(),
    }
}

/// A land-use code with its name in the sheet's language.
pub fn use_name(reference: &Reference, code: &str, lang: Lang) -> String {
    match reference.classification.get(code) {
        Some(class) if lang == Lang::Zh => format!("{code} {}", class.zh),
        Some(class) => format!("{code} {}", class.en),
        None => code.to_owned(),
    }
}

/// The part of a "中文 (English)" name for the language.
pub fn name_in(name: &str, lang: Lang) -> String {
    match (name_parts(name), lang) {
        ((_, Some(en)), Lang::En) => en.to_owned(),
        ((zh, _), _) => zh.to_owned(),
    }
}

/// One row of the indicators table: which indicator (none for figures without a
/// check), its label key, the limit and the achieved value as text, and whether the
/// parcel's controls set a limit.
struct Row {
    indicator: Option<Indicator>,
    key: &'static str,
    limit: String,
    achieved: String,
    controlled: bool,
}

impl Row {
    fn new(
        indicator: Option<Indicator>,
        key: &'static str,
        limit: String,
        achieved: String,
    ) -> Self {
        Self {
            indicator,
            key,
            limit,
            achieved,
            controlled: false,
        }
    }
    fn controlled(mut self, controlled: bool) -> Self {
        self.controlled = controlled;
        self
    }
}

/// The indicators' rows, without the facilities.
fn indicator_rows(
    parcel: &Parcel,
    zoning: &ParcelZoning,
    reference: &Reference,
    lang: Lang,
) -> Vec<Row> {
    let c = parcel.controls.clone().unwrap_or_default();
    let dash = || "—".to_owned();
    let name = |code: Option<&str>| code.map_or_else(dash, |code| use_name(reference, code, lang));
    let area = SquareMeters(zoning.area_m2);
    let area_text = format!(
        "{} m² / {} {}",
        thousands(area.m2()),
        short(area.mu()),
        tr_in(lang, "sheet-mu")
    );
    let metres = |v: f64| format!("{} m", short(v));
    let mut rows = vec![
        Row::new(
            None,
            "sheet-ind-code",
            c.code.clone().unwrap_or_else(dash),
            parcel.id.to_string(),
        ),
        Row::new(
            Some(Indicator::Use),
            "sheet-ind-use",
            name(c.main_use.as_deref()),
            name(parcel.main_use()),
        )
        .controlled(c.main_use.is_some()),
        Row::new(None, "sheet-ind-area", dash(), area_text),
        Row::new(
            Some(Indicator::Far),
            "sheet-ind-far",
            limit(c.far_min.map(short), c.far_max.map(short)),
            short(zoning.far),
        )
        .controlled(c.far_min.is_some() || c.far_max.is_some()),
        Row::new(
            Some(Indicator::Density),
            "sheet-ind-density",
            limit(None, c.density_max.map(percent)),
            percent(zoning.density),
        )
        .controlled(c.density_max.is_some()),
        Row::new(
            Some(Indicator::Green),
            "sheet-ind-green",
            limit(c.green_min.map(percent), None),
            percent(zoning.green),
        )
        .controlled(c.green_min.is_some()),
        Row::new(
            Some(Indicator::Height),
            "sheet-ind-height",
            limit(None, c.height_max.map(metres)),
            metres(zoning.height_m),
        )
        .controlled(c.height_max.is_some()),
        Row::new(
            None,
            "sheet-ind-floor-area",
            dash(),
            format!("{} m²", thousands(zoning.floor_area_m2)),
        ),
    ];
    rows.extend(parking_row(&c, zoning));
    rows
}

/// The parking row, when the controls set a minimum.
fn parking_row(c: &crate::model::Controls, zoning: &ParcelZoning) -> Option<Row> {
    let parking = c.parking_min_per_100m2?;
    let achieved = zoning
        .violations
        .iter()
        .find(|v| v.indicator == Indicator::Parking)
        .map_or_else(String::new, |v| short(v.value));
    let limit = format!("≥ {}", short(parking));
    Some(
        Row::new(
            Some(Indicator::Parking),
            "sheet-ind-parking",
            limit,
            achieved,
        )
        .controlled(true),
    )
}

/// The control indicators: limit, achieved, met or not.
pub fn indicators_table(
    parcel: &Parcel,
    zoning: &ParcelZoning,
    reference: &Reference,
    lang: Lang,
) -> Table {
    let word = |key: &str| tr_in(lang, key);
    let mut table = Table {
        widths: vec![0.24, 0.30, 0.30, 0.16],
        header: [
            "sheet-col-indicator",
            "sheet-col-limit",
            "sheet-col-achieved",
            "sheet-col-check",
        ]
        .map(word)
        .to_vec(),
        ..Table::default()
    };
    let mut push = |row: [String; 4], alert: bool| {
        table.rows.push(row.to_vec());
        table.alert.push(alert);
    };
    for row in indicator_rows(parcel, zoning, reference, lang) {
        let broken = row
            .indicator
            .is_some_and(|i| zoning.violations.iter().any(|v| v.indicator == i));
        let check = match (row.controlled, broken) {
            (false, _) => String::new(),
            (true, true) => word("sheet-broken"),
            (true, false) => word("sheet-met"),
        };
        push([word(row.key), row.limit, row.achieved, check], broken);
    }
    let required = parcel
        .controls
        .as_ref()
        .map(|c| c.facilities.clone())
        .unwrap_or_default();
    facility_rows(&required, zoning, reference, lang, &mut push);
    table
}

/// One row per required facility: provided or missing.
fn facility_rows(
    required: &[String],
    zoning: &ParcelZoning,
    reference: &Reference,
    lang: Lang,
    push: &mut impl FnMut([String; 4], bool),
) {
    for (i, category) in required.iter().enumerate() {
        let missing = zoning
            .violations
            .iter()
            .any(|v| v.indicator == Indicator::Facility && v.code.as_deref() == Some(category));
        let name = reference.standard.category_name(category, lang);
        let label = if i == 0 {
            tr_in(lang, "sheet-ind-facilities")
        } else {
            String::new()
        };
        let (achieved, check) = if missing {
            (
                tr_in(lang, "sheet-facility-missing"),
                tr_in(lang, "sheet-broken"),
            )
        } else {
            (
                tr_in(lang, "sheet-facility-provided"),
                tr_in(lang, "sheet-met"),
            )
        };
        push([label, name, achieved, check], missing);
    }
}

/// An integer with thin groups of three (`63 300`).
pub fn thousands(v: f64) -> String {
    let digits = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    if v < -0.5 { format!("-{out}") } else { out }
}

/// The strata: id and heights, uses, holders with shares, right, term, unit code.
pub fn strata_table(parcel: &Parcel, reference: &Reference, lang: Lang) -> Table {
    let word = |key: &str| tr_in(lang, key);
    let mut table = Table {
        widths: vec![0.16, 0.22, 0.24, 0.13, 0.12, 0.13],
        header: [
            "sheet-col-stratum",
            "sheet-col-uses",
            "sheet-col-holders",
            "sheet-col-right",
            "sheet-col-term",
            "sheet-col-unit",
        ]
        .map(word)
        .to_vec(),
        ..Table::default()
    };
    for s in &parcel.strata {
        table.rows.push(stratum_row(s, reference, lang));
        table.alert.push(false);
    }
    table
}

fn stratum_row(s: &Stratum, reference: &Reference, lang: Lang) -> Vec<String> {
    let uses: Vec<String> = s
        .uses
        .iter()
        .map(|u| {
            let name = use_name(reference, &u.code, lang);
            if s.uses.len() > 1 {
                format!("{name} {:.0} %", u.share * 100.0)
            } else {
                name
            }
        })
        .collect();
    let holders: Vec<String> = s
        .holders
        .iter()
        .map(|h| {
            let name = name_in(&h.name, lang);
            if s.holders.len() > 1 {
                format!("{name} {:.0} %", h.share * 100.0)
            } else {
                name
            }
        })
        .collect();
    let term = s.term.as_ref().map_or_else(String::new, |t| {
        let years = t
            .years
            .map(|y| tr_args_in(lang, "sheet-years", &[("years", short(y).into())]));
        [t.start.clone(), years]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n")
    });
    let unit = s
        .extra
        .get("unit_code")
        .and_then(|v| v.as_str())
        .unwrap_or("—")
        .to_owned();
    vec![
        format!("{}\n{} – {} m", s.id, fmt_m(s.z.bottom), fmt_m(s.z.top)),
        uses.join("\n"),
        holders.join("\n"),
        s.right.map_or_else(String::new, |r| r.name_in(lang)),
        term,
        unit,
    ]
}

/// The corner coordinates: number, X (north), Y (east), edge to the next corner.
pub fn corners_table(corners: &[Corner], lang: Lang) -> Table {
    let word = |key: &str| tr_in(lang, key);
    Table {
        widths: vec![0.16, 0.31, 0.31, 0.22],
        header: [
            "sheet-col-point",
            "sheet-col-x",
            "sheet-col-y",
            "sheet-col-edge",
        ]
        .map(word)
        .to_vec(),
        rows: corners
            .iter()
            .map(|c| {
                vec![
                    format!("J{}", c.number),
                    format!("{:.3}", c.north),
                    format!("{:.3}", c.east),
                    format!("{:.2}", c.to_next_m),
                ]
            })
            .collect(),
        alert: vec![false; corners.len()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_planners_write_them() {
        assert_eq!(thousands(63300.4), "63 300");
        assert_eq!(thousands(950.0), "950");
        assert_eq!(short(2.5), "2.5");
        assert_eq!(short(2.0), "2");
        assert_eq!(limit(Some("1".into()), Some("2.5".into())), "1–2.5");
        assert_eq!(limit(None, Some("30 %".into())), "≤ 30 %");
        assert_eq!(
            name_in("温州市人民政府 (Wenzhou City)", Lang::Zh),
            "温州市人民政府"
        );
        assert_eq!(
            name_in("温州市人民政府 (Wenzhou City)", Lang::En),
            "Wenzhou City"
        );
    }
}
