//! Zoning tab (issue 16): the district's FAR and counted floor area, the parcels by
//! compliance with their controls (achieved / limit per indicator, the broken ones in
//! red), and the counted floor area per use. A click on a parcel selects it.

use egui::{Color32, RichText, Ui};

use super::land_tab::area_text;
use super::{Action, Review, thousands};
use crate::analysis::zoning::{Indicator, ParcelZoning, zoning_report};
use crate::analysis::zoning_check::{format_value, indicator_name};
use crate::i18n::tr;
use crate::model::{Plan, Reference, Scenario};
use crate::tr;

/// At most this many parcel rows (the rest are counted).
const MAX_ROWS: usize = 500;
const BROKEN: Color32 = Color32::from_rgb(200, 30, 30);
const MET: Color32 = Color32::from_rgb(30, 140, 60);

/// Whether a parcel meets its controls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Compliance {
    Broken,
    Met,
    /// No controls (and nothing from the standard broken).
    Free,
}

/// One parcel's row: what it achieves, its limits, and which indicators break them.
#[derive(Clone, Debug)]
pub struct Row {
    /// Index in the plan.
    pub index: usize,
    pub id: String,
    pub code: String,
    pub compliance: Compliance,
    /// FAR, density, green ratio, height: achieved and the control's limit.
    pub figures: [(f64, Option<f64>); 4],
    /// Broken indicators among the four (bit k for `FIGURES[k]`).
    broken: u8,
    /// The violations in words (first is shown, all on hover).
    pub reasons: Vec<String>,
}

/// The four indicators of the table, in column order.
const FIGURES: [Indicator; 4] = [
    Indicator::Far,
    Indicator::Density,
    Indicator::Green,
    Indicator::Height,
];

/// The tab's figures, made from the scenario's zoning when first shown after a change.
#[derive(Clone, Debug, Default)]
pub struct ZoningSummary {
    pub far: f64,
    pub floor_area_m2: f64,
    pub ground_m2: f64,
    /// Parcels by compliance, broken first.
    pub rows: Vec<Row>,
    /// Counted floor area per use code, largest first.
    pub by_use: Vec<(String, f64)>,
}

impl ZoningSummary {
    pub fn of(plan: &Plan, scenario: Scenario, reference: &Reference) -> Self {
        let report = zoning_report(plan, scenario, reference);
        let indices = plan
            .parcels
            .iter()
            .enumerate()
            .filter(|(_, p)| p.scenario == scenario)
            .map(|(i, _)| i);
        let mut rows: Vec<Row> = report
            .parcels
            .iter()
            .zip(indices)
            .map(|(p, index)| row(p, index))
            .collect();
        // Stable: plan order within each group, the most violations first among broken.
        rows.sort_by_key(|r| (r.compliance, std::cmp::Reverse(r.reasons.len())));
        let mut by_use: std::collections::BTreeMap<&str, f64> = Default::default();
        for (code, m2) in report
            .parcels
            .iter()
            .flat_map(|p| p.floor_area_by_use.iter())
        {
            *by_use.entry(code).or_default() += m2;
        }
        let mut by_use: Vec<(String, f64)> = by_use
            .into_iter()
            .filter(|(_, m2)| *m2 > 0.0)
            .map(|(c, m2)| (c.to_owned(), m2))
            .collect();
        by_use.sort_by(|a, b| b.1.total_cmp(&a.1));
        Self {
            far: report.far,
            floor_area_m2: report.floor_area_m2,
            ground_m2: report.parcels.iter().map(|p| p.area_m2).sum(),
            rows,
            by_use,
        }
    }

    pub fn count(&self, compliance: Compliance) -> usize {
        self.rows
            .iter()
            .filter(|r| r.compliance == compliance)
            .count()
    }
}

fn row(p: &ParcelZoning, index: usize) -> Row {
    let limits = p.controls.map_or([None; 4], |c| {
        [c.far_max, c.density_max, c.green_min, c.height_max]
    });
    let achieved = [p.far, p.density, p.green, p.height_m];
    let mut broken = 0u8;
    for v in &p.violations {
        if let Some(k) = FIGURES.iter().position(|i| *i == v.indicator) {
            broken |= 1 << k;
        }
    }
    let compliance = match (p.violations.is_empty(), p.controls.is_some()) {
        (false, _) => Compliance::Broken,
        (true, true) => Compliance::Met,
        (true, false) => Compliance::Free,
    };
    let main = p.main_use.unwrap_or("");
    let reasons = p
        .violations
        .iter()
        .map(|v| {
            crate::analysis::zoning_check::violation_problem(v, main, Some(p.id))
                .message
                .text()
        })
        .collect();
    Row {
        index,
        id: p.id.to_owned(),
        code: p.code.unwrap_or("").to_owned(),
        compliance,
        figures: std::array::from_fn(|k| (achieved[k], limits[k])),
        broken,
        reasons,
    }
}

pub fn ui(
    review: &mut Review,
    ui: &mut Ui,
    plan: &Plan,
    reference: &Reference,
    scenario: Scenario,
    actions: &mut Vec<Action>,
) {
    let summary = review.zoning(plan, scenario, reference);
    district_ui(ui, summary);
    ui.horizontal(|ui| {
        ui.checkbox(&mut review.zoning_broken_only, tr("zoning-tab-broken-only"));
        if ui.button(tr("zoning-tab-colour")).clicked() {
            actions.push(Action::ColorBy(crate::render::style::FillBy::Compliance));
        }
    });
    let broken_only = review.zoning_broken_only;
    let summary = review.zoning(plan, scenario, reference);
    ui.separator();
    parcels_ui(ui, summary, broken_only, actions);
    ui.separator();
    uses_ui(ui, summary, reference);
}

/// The district's FAR and the parcels by compliance.
fn district_ui(ui: &mut Ui, s: &ZoningSummary) {
    ui.label(RichText::new(tr("zoning-tab-district")).strong());
    ui.label(tr!(
        "zoning-tab-far",
        far = format!("{:.2}", s.far),
        floor = thousands(s.floor_area_m2),
        ground = area_text(s.ground_m2)
    ));
    ui.horizontal(|ui| {
        ui.colored_label(
            BROKEN,
            tr!("zoning-tab-n-broken", n = s.count(Compliance::Broken)),
        );
        ui.colored_label(MET, tr!("zoning-tab-n-met", n = s.count(Compliance::Met)));
        ui.label(tr!("zoning-tab-n-free", n = s.count(Compliance::Free)));
    });
}

/// The parcel table: mark, id and code, the four indicators achieved (red where a limit
/// is broken). The limits and the violations in words are on the row's hover; a click
/// on the id selects the parcel. Narrow on purpose: the panel shares the window.
fn parcels_ui(ui: &mut Ui, s: &ZoningSummary, broken_only: bool, actions: &mut Vec<Action>) {
    let shown = s
        .rows
        .iter()
        .filter(|r| !broken_only || r.compliance == Compliance::Broken);
    egui::Grid::new("zoning parcels")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            ui.label("");
            ui.strong(tr("zoning-tab-parcel"));
            for indicator in FIGURES {
                ui.strong(indicator_name(indicator).text());
            }
            ui.end_row();
            for r in shown.clone().take(MAX_ROWS) {
                row_ui(ui, r, actions);
            }
        });
    let total = shown.count();
    if total > MAX_ROWS {
        ui.label(tr!("problems-more", n = total - MAX_ROWS));
    } else if total == 0 {
        ui.label(RichText::new(tr("zoning-tab-none")).weak());
    }
}

fn row_ui(ui: &mut Ui, r: &Row, actions: &mut Vec<Action>) {
    let color = match r.compliance {
        Compliance::Broken => BROKEN,
        Compliance::Met => MET,
        Compliance::Free => Color32::GRAY,
    };
    // A painted dot: the UI font has no ● or ✔ glyph.
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().circle_filled(rect.center(), 4.0, color);
    let name = if r.code.is_empty() {
        r.id.clone()
    } else {
        format!("{} {}", r.id, r.code)
    };
    if ui.link(name).on_hover_text(hover_text(r)).clicked() {
        actions.push(Action::SelectParcel(r.index));
    }
    for (k, (value, _)) in r.figures.iter().enumerate() {
        let text = format_value(FIGURES[k], *value);
        if r.broken & (1 << k) != 0 {
            ui.colored_label(BROKEN, text);
        } else {
            ui.label(text);
        }
    }
    ui.end_row();
}

/// "FAR 2.80 / 2.30 …" for the indicators with a limit, then the violations in words.
fn hover_text(r: &Row) -> String {
    let mut lines: Vec<String> = r
        .figures
        .iter()
        .zip(FIGURES)
        .filter_map(|((value, limit), indicator)| {
            let limit = (*limit)?;
            Some(format!(
                "{} {} / {}",
                indicator_name(indicator).text(),
                format_value(indicator, *value),
                format_value(indicator, limit)
            ))
        })
        .collect();
    lines.extend(r.reasons.iter().map(|reason| format!("- {reason}")));
    lines.join("\n")
}

/// Counted floor area per use, largest first, with its share of the district's.
fn uses_ui(ui: &mut Ui, s: &ZoningSummary, reference: &Reference) {
    ui.label(RichText::new(tr("zoning-tab-per-use")).strong());
    egui::Grid::new("zoning per use")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for (code, m2) in &s.by_use {
                let name = reference
                    .classification
                    .get(code)
                    .map(|u| u.name_in(crate::i18n::lang()).to_owned());
                ui.label(match name {
                    Some(name) => format!("{code} {name}"),
                    None => code.clone(),
                });
                ui.label(format!("{} {}", thousands(*m2), tr("unit-m2")));
                let share = if s.floor_area_m2 > 0.0 {
                    m2 / s.floor_area_m2
                } else {
                    0.0
                };
                ui.label(format!("{:.1} %", share * 100.0));
                ui.end_row();
            }
        });
}
