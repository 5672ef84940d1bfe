//! The legend as data: for a colour mode its title and rows (swatches of the land uses
//! on the map, statuses, the value ramp), the heatmap ramp, the facility symbols by tier
//! and the streets, worded once for the canvas legend (`ui::legend`) and the headless one
//! (`render::legend`), which only lay them out and draw them.

use std::collections::HashMap;

use crate::i18n::tr;
use crate::model::{Classification, Parcel, Plan, Reference, Scenario, Standard, Status};
use crate::render::map::HeatLayer;
use crate::render::style::{self, FacilityStyle, FillBy, Rgb, Symbol, UNKNOWN_FILL};
use crate::tr;

/// Land uses listed at most; the rest are summed up in one line.
pub const MAX_USES: usize = 14;

/// One row of a legend.
#[derive(Clone, Debug)]
pub enum LegendRow {
    /// A section title.
    Header(String),
    /// A fill colour (with the hatching of a mixed-use parcel) and what it means.
    Swatch {
        rgb: Rgb,
        hatch: Option<Rgb>,
        text: String,
    },
    /// A facility symbol and what it stands for.
    Symbol { style: FacilityStyle, text: String },
    /// A street line.
    Line { dashed: bool, text: String },
    /// A colour ramp over 0..=1 with the texts at its ends.
    Ramp {
        colors: fn(f64) -> Rgb,
        low: String,
        high: String,
    },
    /// A line of text.
    Note(String),
}

/// A name in two languages as the legend shows it (`labels::bilingual` with the fonts the
/// renderer has; the Chinese and English side by side on the canvas).
pub type Bilingual<'a> = &'a dyn Fn(&str, &str) -> String;

/// The land uses a map shows in a scenario with the ground they cover, largest first
/// (ties in plan order), and whether any parcel is mixed (hatched).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UseAreas {
    pub uses: Vec<(String, f64)>,
    pub mixed: bool,
}

impl UseAreas {
    /// The uses and the mixed flag of the parcels of `scenario`.
    pub fn of(plan: &Plan, scenario: Scenario, classification: &Classification) -> Self {
        Self {
            uses: Self::shown_use_areas(plan.parcels_in(scenario)),
            mixed: plan
                .parcels_in(scenario)
                .any(|p| style::use_fill(p, classification).hatch.is_some()),
        }
    }

    /// The shown use ([`style::shown_use`]) of each parcel summed over their areas,
    /// largest first, ties in the order the uses first appear.
    pub fn shown_use_areas<'a>(parcels: impl Iterator<Item = &'a Parcel>) -> Vec<(String, f64)> {
        Self::sum_use_areas(
            parcels.filter_map(|p| style::shown_use(p).map(|code| (code, p.area().m2()))),
        )
    }

    /// The areas of `(shown use, parcel area)` pairs summed per use, largest first (ties
    /// in the order the uses first appear): [`Self::shown_use_areas`] from figures kept
    /// per parcel (the editor's map keeps them, so an edit does not weigh every parcel's
    /// strata again).
    pub fn sum_use_areas<'a>(items: impl Iterator<Item = (&'a str, f64)>) -> Vec<(String, f64)> {
        let mut uses: Vec<(String, f64)> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (code, area) in items {
            match index.get(code) {
                Some(&i) => uses[i].1 += area,
                None => {
                    index.insert(code, uses.len());
                    uses.push((code.to_owned(), area));
                }
            }
        }
        uses.sort_by(|a, b| b.1.total_cmp(&a.1));
        uses
    }
}

/// A [`Bilingual`] for where Chinese can always be drawn (the editor): the Chinese name
/// alone in Chinese, both side by side in English, the English one when there is no
/// Chinese (as the reference data's `label()`).
pub fn both_languages(zh: &str, en: &str) -> String {
    match crate::i18n::lang() {
        crate::i18n::Lang::Zh if !zh.is_empty() => zh.to_owned(),
        _ if zh.is_empty() => en.to_owned(),
        _ => format!("{zh} {en}"),
    }
}

/// What the rows of a colour mode describe.
pub struct FillLegend<'a> {
    pub mode: FillBy,
    pub reference: &'a Reference,
    /// The land uses on the map (for [`FillBy::Use`]).
    pub uses: &'a UseAreas,
    /// Whether a status (`None`: no status given) is listed (for [`FillBy::Status`]).
    pub status_listed: &'a dyn Fn(Option<Status>) -> bool,
    pub bilingual: Bilingual<'a>,
}

/// The title and rows of a colour mode.
pub fn fill_rows(legend: &FillLegend) -> Vec<LegendRow> {
    let not_residential = || LegendRow::Swatch {
        rgb: UNKNOWN_FILL,
        hatch: None,
        text: tr("legend-not-residential"),
    };
    let ramp = |colors: fn(f64) -> Rgb, low: &str, high: String| LegendRow::Ramp {
        colors,
        low: low.to_owned(),
        high,
    };
    match legend.mode {
        FillBy::Use => use_rows(legend),
        FillBy::Status => status_rows(legend.status_listed),
        FillBy::Diversity => vec![
            LegendRow::Header(tr("legend-diversity")),
            ramp(
                style::diversity_color,
                &tr("legend-diversity-low"),
                tr("legend-diversity-high"),
            ),
        ],
        FillBy::JobsHousing => vec![
            LegendRow::Header(tr("legend-jobs-housing")),
            ramp(|t| style::jobs_housing_color(t * 1.5), "0", "1.5+".into()),
            not_residential(),
        ],
        FillBy::Valuation => vec![
            LegendRow::Header(tr("legend-valuation")),
            ramp(style::valuation_color, "0", "1".into()),
            LegendRow::Swatch {
                rgb: UNKNOWN_FILL,
                hatch: None,
                text: tr("legend-not-valued"),
            },
        ],
        FillBy::Score => vec![
            LegendRow::Header(tr("legend-score")),
            ramp(style::score_color, "0 %", tr("legend-score-high")),
            not_residential(),
        ],
        FillBy::Places => vec![
            LegendRow::Header(tr("legend-places")),
            ramp(style::score_color, "0", tr("legend-places-high")),
            swatch(UNKNOWN_FILL, tr("legend-places-none")),
        ],
        FillBy::Compliance => compliance_rows(),
        FillBy::Far => step_rows(tr("legend-far"), &style::FAR_STEPS, "", style::far_color),
        FillBy::Height => step_rows(
            tr("legend-height"),
            &style::HEIGHT_STEPS,
            " m",
            style::height_color,
        ),
        FillBy::YearsLeft => {
            let mut rows = step_rows(
                tr("legend-years-left"),
                &style::YEARS_LEFT_STEPS,
                "",
                style::years_left_color,
            );
            rows.insert(1, swatch(style::EXPIRED_FILL, tr("legend-expired")));
            rows.push(swatch(UNKNOWN_FILL, tr("legend-no-term")));
            rows
        }
    }
}

fn swatch(rgb: Rgb, text: String) -> LegendRow {
    LegendRow::Swatch {
        rgb,
        hatch: None,
        text,
    }
}

/// The compliance mode's rows: met, rules broken, controls broken (outlined), none.
fn compliance_rows() -> Vec<LegendRow> {
    vec![
        LegendRow::Header(tr("legend-compliance")),
        swatch(style::COMPLIANT_FILL, tr("legend-compliant")),
        swatch(style::RULES_BROKEN_FILL, tr("legend-rules-broken")),
        swatch(style::CONTROLS_BROKEN_FILL, tr("legend-controls-broken")),
        swatch(UNKNOWN_FILL, tr("legend-no-controls")),
        LegendRow::Note(tr("legend-violations-outlined")),
    ]
}

/// One swatch per class of `steps` (`0–0.5`, …, `4+`), coloured as `color` paints a value
/// of the class.
fn step_rows(title: String, steps: &[f64], unit: &str, color: fn(f64) -> Rgb) -> Vec<LegendRow> {
    let mut rows = vec![LegendRow::Header(title)];
    for (i, low) in steps.iter().enumerate() {
        let text = match steps.get(i + 1) {
            Some(high) => format!("{low}–{high}{unit}"),
            None => format!("{low}+{unit}"),
        };
        rows.push(swatch(color(*low), text));
    }
    rows
}

fn use_rows(legend: &FillLegend) -> Vec<LegendRow> {
    let classification = &legend.reference.classification;
    let mut rows = vec![LegendRow::Header(tr("legend-land-use"))];
    let entries = use_entries(&legend.uses.uses, classification);
    for entry in entries.iter().take(MAX_USES) {
        let code = &entry.code;
        let mut text = match classification.get(code) {
            Some(class) => format!("{code} {}", (legend.bilingual)(&class.zh, &class.en)),
            None => tr!(
                "legend-not-in",
                code = code.as_str(),
                classification = classification.id.as_str()
            ),
        };
        if entry.codes.len() > 1 {
            text.push_str(&format!(" ({})", entry.codes.join(", ")));
        }
        rows.push(LegendRow::Swatch {
            rgb: entry.rgb,
            hatch: None,
            text,
        });
    }
    if entries.len() > MAX_USES {
        rows.push(LegendRow::Note(tr!(
            "legend-more",
            n = entries.len() - MAX_USES
        )));
    }
    if legend.uses.mixed {
        rows.push(LegendRow::Swatch {
            rgb: [245, 245, 245],
            hatch: Some([110, 110, 110]),
            text: tr("legend-mixed"),
        });
    }
    rows
}

fn status_rows(listed: &dyn Fn(Option<Status>) -> bool) -> Vec<LegendRow> {
    let mut rows = vec![LegendRow::Header(tr("legend-status"))];
    for status in Status::ALL.into_iter().map(Some).chain([None]) {
        if listed(status) {
            rows.push(LegendRow::Swatch {
                rgb: style::status_color(status),
                hatch: None,
                text: status.map_or_else(|| tr("legend-no-status"), |s| s.name()),
            });
        }
    }
    rows
}

/// The heatmap's rows: its title and its ramp from `low` to `high`.
pub fn heat_rows(title: &str, low: f64, high: f64) -> Vec<LegendRow> {
    vec![
        LegendRow::Header(tr("legend-heatmap")),
        LegendRow::Note(title.to_owned()),
        LegendRow::Ramp {
            colors: style::heat_color,
            low: format!("{low}"),
            high: format!("{high}"),
        },
    ]
}

/// A tier as the legend names it: its name and radius (`5分钟生活圈 · 300 m`).
pub fn tier_text(tier: &crate::model::reference::Tier, bilingual: Bilingual) -> String {
    format!("{} · {:.0} m", bilingual(&tier.zh, &tier.en), tier.radius_m)
}

/// One row per tier of the standard: its colour and [`tier_text`] (the canvas legend).
pub fn tier_rows(standard: &Standard, bilingual: Bilingual) -> Vec<LegendRow> {
    standard
        .tiers
        .iter()
        .map(|tier| LegendRow::Symbol {
            style: FacilityStyle {
                color: style::tier_color(&tier.id),
                symbol: Symbol::Circle,
            },
            text: tier_text(tier, bilingual),
        })
        .collect()
}

/// The symbols of the facility categories present in `scenario`, by tier.
pub fn facility_rows(
    plan: &Plan,
    scenario: Scenario,
    standard: &Standard,
    bilingual: Bilingual,
) -> Vec<LegendRow> {
    let mut rows = Vec::new();
    let present: Vec<&crate::model::reference::Category> = standard
        .categories
        .iter()
        .filter(|c| plan.facilities_in(scenario).any(|f| f.category == c.id))
        .collect();
    let unknown = plan
        .facilities_in(scenario)
        .any(|f| standard.category(&f.category).is_none());
    if !present.is_empty() || unknown {
        rows.push(LegendRow::Header(tr("legend-facilities")));
    }
    for tier in &standard.tiers {
        let of_tier: Vec<_> = present.iter().filter(|c| c.tier == tier.id).collect();
        if of_tier.is_empty() {
            continue;
        }
        rows.push(LegendRow::Note(tier_text(tier, bilingual)));
        for c in of_tier {
            rows.push(LegendRow::Symbol {
                style: style::facility_style(standard, &c.id),
                text: bilingual(&c.zh, &c.en),
            });
        }
    }
    if unknown {
        rows.push(LegendRow::Symbol {
            style: style::facility_style(standard, ""),
            text: tr("legend-unknown-category"),
        });
    }
    rows
}

/// The kinds of street in `scenario`.
pub fn street_rows(plan: &Plan, scenario: Scenario) -> Vec<LegendRow> {
    let walkable = plan.streets_in(scenario).any(|s| s.walkable);
    let other = plan.streets_in(scenario).any(|s| !s.walkable);
    let mut rows = Vec::new();
    if walkable || other {
        rows.push(LegendRow::Header(tr("legend-streets")));
    }
    if walkable {
        rows.push(LegendRow::Line {
            dashed: false,
            text: tr("legend-walkable"),
        });
    }
    if other {
        rows.push(LegendRow::Line {
            dashed: true,
            text: tr("legend-not-walkable"),
        });
    }
    rows
}

/// What a map's legend describes.
pub struct LegendInput<'a> {
    pub plan: &'a Plan,
    pub reference: &'a Reference,
    pub scenario: Scenario,
    pub fill_by: FillBy,
    pub heat: Option<&'a HeatLayer>,
    pub facilities: bool,
    /// Walking-time bands over the map, outermost first.
    pub areas: &'a [crate::render::areas::AreaBand],
}

/// Every row of a map's legend (`strata render`): the colour mode's (uses and statuses
/// present in the scenario), the heatmap's, the facilities present and the streets.
pub fn map_legend_rows(input: &LegendInput, bilingual: Bilingual) -> Vec<LegendRow> {
    let (plan, scenario) = (input.plan, input.scenario);
    let uses = match input.fill_by {
        FillBy::Use => UseAreas::of(plan, scenario, &input.reference.classification),
        _ => UseAreas::default(),
    };
    let listed = |s: Option<Status>| plan.parcels_in(scenario).any(|p| p.status == s);
    let mut rows = fill_rows(&FillLegend {
        mode: input.fill_by,
        reference: input.reference,
        uses: &uses,
        status_listed: &listed,
        bilingual,
    });
    if let Some(layer) = input.heat {
        rows.extend(heat_rows(&layer.title, layer.low, layer.high));
    }
    if !input.areas.is_empty() {
        rows.push(LegendRow::Header(tr("legend-areas")));
        for band in input.areas.iter().rev() {
            rows.push(swatch(
                crate::render::areas::swatch(band),
                band.label.clone(),
            ));
        }
    }
    if input.facilities {
        rows.extend(facility_rows(
            plan,
            scenario,
            &input.reference.standard,
            bilingual,
        ));
    }
    rows.extend(street_rows(plan, scenario));
    rows
}

/// One land-use row of the legend: a colour, the class it is named after and the codes
/// on the map drawn in it.
#[derive(Debug, PartialEq)]
pub struct UseEntry {
    pub rgb: Rgb,
    pub code: String,
    pub codes: Vec<String>,
}

/// Legend rows for the uses on the map (largest area first): codes drawn in the same
/// colour share a row named after their nearest common class in the classification
/// (080403 and 080404 → 0804 education), since a reader cannot tell them apart anyway.
/// Codes of one colour with no common class keep their own rows.
pub fn use_entries(uses: &[(String, f64)], classification: &Classification) -> Vec<UseEntry> {
    let mut entries: Vec<UseEntry> = Vec::new();
    for (code, _) in uses {
        let rgb = style::use_color(classification, code);
        let common = |entry: &UseEntry| -> Option<String> {
            let shared = entry
                .code
                .chars()
                .zip(code.chars())
                .take_while(|(a, b)| a == b)
                .count();
            // Codes grow two digits a level: walk up to a listed class.
            let mut len = shared - shared % 2;
            while len >= 2 {
                // `get`: a malformed code with non-ASCII characters has no class.
                if let Some(prefix) = code.get(..len)
                    && classification.contains(prefix)
                {
                    return Some(prefix.to_owned());
                }
                len -= 2;
            }
            None
        };
        match entries
            .iter_mut()
            .filter(|e| e.rgb == rgb)
            .find_map(|e| common(e).map(|c| (e, c)))
        {
            Some((entry, class)) => {
                entry.code = class;
                entry.codes.push(code.clone());
            }
            None => entries.push(UseEntry {
                rgb,
                code: code.clone(),
                codes: vec![code.clone()],
            }),
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(codes: &[&str]) -> Vec<UseEntry> {
        let uses: Vec<(String, f64)> = codes.iter().map(|c| (c.to_string(), 1.0)).collect();
        use_entries(&uses, &Classification::default_cn2023())
    }

    #[test]
    fn codes_of_one_colour_share_a_row_named_after_their_common_class() {
        let rows = entries(&["100102", "1401", "1001", "100101"]);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0].code, "1001");
        assert_eq!(rows[0].codes, ["100102", "1001", "100101"]);
        assert_eq!(rows[1].codes, ["1401"]);
        // Retail and offices share red: they are named after 09.
        let rows = entries(&["0902", "090101"]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].code, "09");
    }

    #[test]
    fn codes_of_different_colours_keep_their_rows() {
        let rows = entries(&["0701", "1401", "090101"]);
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.codes.len() == 1));
    }

    #[test]
    fn every_mode_has_a_translated_title_and_rows() {
        let reference = Reference::default();
        let uses = UseAreas {
            uses: vec![("0701".into(), 10.0)],
            mixed: true,
        };
        let both = |zh: &str, en: &str| format!("{zh} {en}");
        for mode in FillBy::ALL {
            let rows = fill_rows(&FillLegend {
                mode,
                reference: &reference,
                uses: &uses,
                status_listed: &|s| s.is_some(),
                bilingual: &both,
            });
            assert!(matches!(rows[0], LegendRow::Header(_)), "{mode:?}");
            assert!(rows.len() >= 2, "{mode:?}: {rows:?}");
        }
    }

    fn swatches(mode: FillBy) -> Vec<(Rgb, String)> {
        let reference = Reference::default();
        let both = |zh: &str, en: &str| format!("{zh} {en}");
        fill_rows(&FillLegend {
            mode,
            reference: &reference,
            uses: &UseAreas::default(),
            status_listed: &|_| false,
            bilingual: &both,
        })
        .into_iter()
        .filter_map(|row| match row {
            LegendRow::Swatch { rgb, text, .. } => Some((rgb, text)),
            _ => None,
        })
        .collect()
    }

    #[test]
    fn far_and_height_rows_are_round_steps_in_the_colours_the_map_paints() {
        let far = swatches(FillBy::Far);
        let texts: Vec<&str> = far.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["0–0.5", "0.5–1", "1–2", "2–3", "3–4", "4+"]);
        // A parcel of FAR 1.6 is painted as the 1–2 row, one of 7.5 as 4+.
        assert_eq!(style::far_color(1.6), far[2].0);
        assert_eq!(style::far_color(7.5), far[5].0);
        assert_ne!(far[2].0, far[3].0);
        let height = swatches(FillBy::Height);
        assert_eq!(height[2].1, "24–54 m");
        assert_eq!(height[5].1, "100+ m");
        assert_eq!(style::height_color(60.0), height[3].0);
        assert_eq!(style::height_color(0.0), height[0].0);
    }

    #[test]
    fn compliance_rows_name_each_colour_the_map_paints() {
        let rows = swatches(FillBy::Compliance);
        let colours: Vec<Rgb> = rows.iter().map(|(c, _)| *c).collect();
        for value in [
            style::COMPLIANT,
            style::RULES_BROKEN,
            style::CONTROLS_BROKEN,
        ] {
            assert!(colours.contains(&style::compliance_color(value)));
        }
        assert!(colours.contains(&UNKNOWN_FILL));
        let distinct: std::collections::HashSet<Rgb> = colours.iter().copied().collect();
        assert_eq!(distinct.len(), 4);
    }
}
