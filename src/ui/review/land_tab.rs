//! Land tab: ground, stacked and saved area per scenario, land per use existing →
//! proposed, land released; in m², ha and mu (DESIGN.md "Land accounting").

use egui::{Color32, Ui};
use egui_plot::{Bar, BarChart, Legend, Plot};

use super::{Review, thousands};
use crate::analysis::report::{LandReport, UseChange};
use crate::i18n::tr;
use crate::model::{Plan, Reference, Scenario};
use crate::tr;

const M2_PER_MU: f64 = 10_000.0 / 15.0;

/// "328,339 m² · 32.83 ha · 492.51 mu" (亩 in Chinese)
pub fn area_text(m2: f64) -> String {
    // Differences of equal areas come out as -0.0000001: shown as 0, not -0.00.
    let m2 = if m2.abs() < 0.05 { 0.0 } else { m2 };
    format!(
        "{} {} · {:.2} {} · {:.2} {}",
        thousands(m2),
        tr("unit-m2"),
        m2 / 10_000.0,
        tr("unit-ha"),
        m2 / M2_PER_MU,
        tr("unit-mu")
    )
}

pub fn ui(
    review: &mut Review,
    ui: &mut Ui,
    plan: &Plan,
    reference: &Reference,
    scenario: Scenario,
) {
    let [existing, proposed] = review.land(plan);
    totals_ui(ui, existing, proposed, scenario);
    ui.separator();
    ui.label(egui::RichText::new(tr("land-per-use")).strong());
    let changes = &proposed.comparison.by_use;
    per_use_chart_ui(ui, changes);
    per_use_table_ui(ui, reference, changes);
}

/// Ground, stacked and saved area of both scenarios, the land released, and what
/// stacking saves in the scenario being edited.
fn totals_ui(ui: &mut Ui, existing: &LandReport, proposed: &LandReport, scenario: Scenario) {
    egui::Grid::new("land figures")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            ui.label("");
            ui.strong(tr("review-existing-plan"));
            ui.strong(tr("review-proposed-plan"));
            ui.end_row();
            for (name, e, p) in [
                (tr("land-ground"), existing.ground_m2, proposed.ground_m2),
                (tr("land-stacked"), existing.stacked_m2, proposed.stacked_m2),
                (
                    tr("land-saved"),
                    existing.stacking_saved_m2,
                    proposed.stacking_saved_m2,
                ),
            ] {
                ui.label(name);
                ui.label(area_text(e));
                ui.label(area_text(p));
                ui.end_row();
            }
        });
    let released = proposed.comparison.released_m2;
    ui.label(tr!("land-released", area = area_text(released)))
        .on_hover_text(tr("land-released.tooltip"));
    let shown = match scenario {
        Scenario::Existing => existing,
        Scenario::Proposed => proposed,
    };
    let saved = area_text(shown.stacking_saved_m2);
    ui.label(match scenario {
        Scenario::Existing => tr!("land-saved-existing", area = saved),
        Scenario::Proposed => tr!("land-saved-proposed", area = saved),
    });
}

/// Land per use in mu, existing (grey) beside proposed (blue), one pair of bars per
/// land-use code.
fn per_use_chart_ui(ui: &mut Ui, changes: &[UseChange]) {
    let existing_bars: Vec<Bar> = changes
        .iter()
        .enumerate()
        .map(|(k, c)| Bar::new(k as f64 - 0.2, c.existing_m2 / M2_PER_MU).width(0.4))
        .collect();
    let proposed_bars: Vec<Bar> = changes
        .iter()
        .enumerate()
        .map(|(k, c)| Bar::new(k as f64 + 0.2, c.proposed_m2 / M2_PER_MU).width(0.4))
        .collect();
    let codes: Vec<String> = changes.iter().map(|c| c.code.clone()).collect();
    Plot::new("land per use")
        .height(160.0)
        .include_y(0.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .show_grid(false)
        .legend(Legend::default())
        .y_axis_label(tr("unit-mu"))
        .x_axis_formatter(move |mark, _| {
            let k = mark.value.round();
            if (mark.value - k).abs() < 1e-6 && k >= 0.0 {
                codes.get(k as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new(tr("land-bars-existing"), existing_bars)
                    .color(Color32::from_gray(150)),
            );
            plot.bar_chart(
                BarChart::new(tr("land-bars-proposed"), proposed_bars)
                    .color(Color32::from_rgb(49, 130, 189)),
            );
        });
}

/// The chart's figures as a table: each use, existing → proposed in mu, and the change
/// in per cent (or "new" where there was none).
fn per_use_table_ui(ui: &mut Ui, reference: &Reference, changes: &[UseChange]) {
    // Not "land per use": that is the chart's id, and egui warns of the clash.
    egui::Grid::new("land per use table")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for c in changes {
                // The code and its name in the chosen language (0701 城镇住宅用地).
                let name = reference
                    .classification
                    .get(&c.code)
                    .map(|u| u.name_in(crate::i18n::lang()).to_owned());
                ui.label(match name {
                    Some(name) => format!("{} {name}", c.code),
                    None => c.code.clone(),
                });
                ui.label(format!(
                    "{:.2} → {:.2} {}",
                    c.existing_m2 / M2_PER_MU,
                    c.proposed_m2 / M2_PER_MU,
                    tr("unit-mu")
                ));
                let d = c.proposed_m2 - c.existing_m2;
                ui.label(if c.existing_m2 > 0.0 {
                    format!("{:+.1} %", d / c.existing_m2 * 100.0)
                } else {
                    tr("report-new")
                });
                ui.end_row();
            }
        });
}
