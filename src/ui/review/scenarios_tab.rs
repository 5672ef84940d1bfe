//! Scenarios tab: switch existing / proposed (the other is drawn faint), and the
//! before/after summary of coverage and land.

use egui::Ui;

use super::land_tab::area_text;
use super::{Action, Review, thousands, tier_name};
use crate::analysis::Coverage;
use crate::analysis::report::{CoverageReport, LandReport, coverage_summary};
use crate::i18n::tr;
use crate::model::{Plan, Reference, Scenario};
use crate::tr;

pub fn ui(
    review: &mut Review,
    ui: &mut Ui,
    plan: &Plan,
    coverage: &Coverage,
    reference: &Reference,
    actions: &mut Vec<Action>,
) {
    switch_ui(review, ui, coverage, actions);
    ui.separator();
    let this = review.summary(coverage).clone();
    let other_summary = match review.other_summary.clone() {
        Some(s) => s,
        None => {
            let s = coverage_summary(review.other(plan, coverage, reference));
            review.other_summary = Some(s.clone());
            s
        }
    };
    let (existing, proposed) = match coverage.scenario {
        Scenario::Existing => (this, other_summary),
        Scenario::Proposed => (other_summary, this),
    };
    let [land_e, land_p] = review.land(plan).clone();
    ui.label(egui::RichText::new(tr("scenarios-before-after")).strong());
    egui::Grid::new("before after")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            ui.label("");
            ui.strong(tr("review-existing-plan"));
            ui.strong(tr("review-proposed-plan"));
            ui.strong(tr("scenarios-change"));
            ui.end_row();
            coverage_rows(ui, reference, &existing, &proposed);
            land_rows(ui, &land_e, &land_p);
        });
    ui.label(tr!(
        "land-released",
        area = area_text(land_p.comparison.released_m2)
    ));
    ui.separator();
    control_changes_ui(ui, review.control_changes(plan));
}

/// The control changes (控规调整) between the scenarios, by parcel code, as a planner
/// lists them for approval.
fn control_changes_ui(ui: &mut Ui, changes: &[crate::analysis::zoning_changes::ControlChange]) {
    egui::CollapsingHeader::new(tr!("scenarios-control-changes", n = changes.len()))
        .id_salt("control changes")
        .show(ui, |ui| {
            let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_owned());
            egui::Grid::new("control changes grid")
                .striped(true)
                .num_columns(3)
                .show(ui, |ui| {
                    for c in changes {
                        ui.label(&c.code);
                        ui.label(c.indicator);
                        ui.label(format!("{} → {}", shown(&c.existing), shown(&c.proposed)));
                        ui.end_row();
                    }
                });
        });
}

/// The scenario being edited (a switch asks the app), and the difference heatmap.
fn switch_ui(review: &mut Review, ui: &mut Ui, coverage: &Coverage, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.label(tr("scenarios-editing"));
        let mut scenario = coverage.scenario;
        ui.radio_value(&mut scenario, Scenario::Existing, tr("scenarios-existing"));
        ui.radio_value(&mut scenario, Scenario::Proposed, tr("scenarios-proposed"));
        if scenario != coverage.scenario {
            actions.push(Action::SetScenario(scenario));
        }
    });
    ui.label(egui::RichText::new(tr("scenarios-faint")).small().weak());
    if ui
        .checkbox(&mut review.heat.difference, tr("scenarios-difference"))
        .changed()
    {
        review.heat.shown |= review.heat.difference;
        review.heat.reset();
    }
}

/// A row of counts: both scenarios and the signed change.
fn count_row(ui: &mut Ui, name: &str, e: f64, p: f64) {
    ui.label(name);
    ui.label(thousands(e));
    ui.label(thousands(p));
    ui.label(format!(
        "{}{}",
        if p >= e { "+" } else { "" },
        thousands(p - e)
    ));
    ui.end_row();
}

/// Rows of the before/after grid from coverage: homes, residents, score (its change in
/// points) and residents fully served per tier.
fn coverage_rows(
    ui: &mut Ui,
    reference: &Reference,
    existing: &CoverageReport,
    proposed: &CoverageReport,
) {
    count_row(
        ui,
        &tr("scenarios-homes"),
        existing.homes as f64,
        proposed.homes as f64,
    );
    count_row(
        ui,
        &tr("scenarios-residents"),
        existing.population,
        proposed.population,
    );
    ui.label(tr("scenarios-score"));
    ui.label(format!("{:.1} %", existing.score * 100.0));
    ui.label(format!("{:.1} %", proposed.score * 100.0));
    ui.label(tr!(
        "scenarios-points",
        points = format!("{:+.1}", (proposed.score - existing.score) * 100.0)
    ));
    ui.end_row();
    for (e, p) in existing.tiers.iter().zip(&proposed.tiers) {
        count_row(
            ui,
            &tr!("scenarios-fully-served", tier = tier_name(reference, &e.id)),
            e.population_served,
            p.population_served,
        );
    }
}

/// Rows of the before/after grid from land accounting: ground, stacked and saved area
/// in mu.
fn land_rows(ui: &mut Ui, land_e: &LandReport, land_p: &LandReport) {
    let mu = |m2: f64| m2 / (10_000.0 / 15.0);
    for (name, e, p) in [
        (
            tr("scenarios-ground-mu"),
            mu(land_e.ground_m2),
            mu(land_p.ground_m2),
        ),
        (
            tr("scenarios-stacked-mu"),
            mu(land_e.stacked_m2),
            mu(land_p.stacked_m2),
        ),
        (
            tr("scenarios-saved-mu"),
            mu(land_e.stacking_saved_m2),
            mu(land_p.stacking_saved_m2),
        ),
    ] {
        ui.label(name);
        ui.label(format!("{e:.2}"));
        ui.label(format!("{p:.2}"));
        ui.label(format!("{:+.2}", p - e));
        ui.end_row();
    }
}
