//! Scenarios tab: switch existing / proposed (the other is drawn faint), and the
//! before/after summary of coverage and land.

use egui::Ui;

use super::land_tab::area_text;
use super::{Action, Review, thousands};
use crate::analysis::Coverage;
use crate::analysis::report::coverage_summary;
use crate::model::{Plan, Reference, Scenario};

pub fn ui(
    review: &mut Review,
    ui: &mut Ui,
    plan: &Plan,
    coverage: &Coverage,
    reference: &Reference,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        ui.label("Editing");
        let mut scenario = coverage.scenario;
        ui.radio_value(&mut scenario, Scenario::Existing, "Existing scenario");
        ui.radio_value(&mut scenario, Scenario::Proposed, "Proposed scenario");
        if scenario != coverage.scenario {
            actions.push(Action::SetScenario(scenario));
        }
    });
    ui.label(
        egui::RichText::new("The other scenario is drawn faint on the map.")
            .small()
            .weak(),
    );
    if ui
        .checkbox(
            &mut review.heat.difference,
            "Difference heatmap (proposed − existing)",
        )
        .changed()
    {
        review.heat.shown |= review.heat.difference;
        review.heat.reset();
    }
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
    ui.label(egui::RichText::new("Before and after").strong());
    egui::Grid::new("before after")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            ui.label("");
            ui.strong("Existing plan");
            ui.strong("Proposed plan");
            ui.strong("Change");
            ui.end_row();
            let count_row = |ui: &mut Ui, name: &str, e: f64, p: f64| {
                ui.label(name);
                ui.label(thousands(e));
                ui.label(thousands(p));
                ui.label(format!(
                    "{}{}",
                    if p >= e { "+" } else { "" },
                    thousands(p - e)
                ));
                ui.end_row();
            };
            count_row(ui, "Homes", existing.homes as f64, proposed.homes as f64);
            count_row(ui, "Residents", existing.population, proposed.population);
            ui.label("Score");
            ui.label(format!("{:.1} %", existing.score * 100.0));
            ui.label(format!("{:.1} %", proposed.score * 100.0));
            ui.label(format!(
                "{:+.1} pts",
                (proposed.score - existing.score) * 100.0
            ));
            ui.end_row();
            for (e, p) in existing.tiers.iter().zip(&proposed.tiers) {
                count_row(
                    ui,
                    &format!("Fully served, {}", e.id),
                    e.population_served,
                    p.population_served,
                );
            }
            let mu = |m2: f64| m2 / (10_000.0 / 15.0);
            for (name, e, p) in [
                ("Ground (mu)", mu(land_e.ground_m2), mu(land_p.ground_m2)),
                ("Stacked (mu)", mu(land_e.stacked_m2), mu(land_p.stacked_m2)),
                (
                    "Saved by stacking (mu)",
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
        });
    ui.label(format!(
        "Land released: {}",
        area_text(land_p.comparison.released_m2)
    ));
}
