//! The Coverage tab's provision section (千人指标): per category with a per-1,000 figure,
//! the places, floor and land the plan's residents require against what its facilities
//! provide, and the shortfall (docs/analysis.md *Provision*). Computed when the section
//! is first opened after a change, not on every edit.

use egui::Ui;

use super::{Review, thousands};
use crate::analysis::Coverage;
use crate::analysis::provision::{Balance, provision_report};
use crate::i18n::tr;
use crate::model::{Plan, Reference};
use crate::tr;

/// `required / provided`, the shortfall after it when there is one.
fn balance_text(b: &Balance) -> Option<String> {
    let required = b.required?;
    let shortfall = b.shortfall.unwrap_or(0.0);
    Some(if shortfall > 0.0 {
        tr!(
            "review-provision-short",
            required = thousands(required),
            provided = thousands(b.provided),
            shortfall = thousands(shortfall)
        )
    } else {
        tr!(
            "review-provision-met",
            required = thousands(required),
            provided = thousands(b.provided)
        )
    })
}

pub fn provision_ui(
    review: &mut Review,
    ui: &mut Ui,
    plan: &Plan,
    coverage: &Coverage,
    reference: &Reference,
) {
    egui::CollapsingHeader::new(tr("review-provision"))
        .id_salt("provision section")
        .show(ui, |ui| {
            let report = review
                .provision
                .get_or_insert_with(|| provision_report(plan, coverage, &reference.standard));
            egui::Grid::new("provision table")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    ui.label(egui::RichText::new(tr("review-provision-category")).strong());
                    ui.label(egui::RichText::new(tr("review-provision-places")).strong());
                    ui.label(egui::RichText::new(tr("review-provision-floor")).strong());
                    ui.label(egui::RichText::new(tr("review-provision-land")).strong());
                    ui.end_row();
                    for c in &report.categories {
                        let cells = [&c.places, &c.floor_m2, &c.land_m2].map(balance_text);
                        if cells.iter().all(Option::is_none) {
                            continue;
                        }
                        ui.label(reference.category_name(&c.id, crate::i18n::lang()))
                            .on_hover_text(&c.clause);
                        for cell in cells {
                            ui.label(cell.unwrap_or_else(|| "–".to_owned()));
                        }
                        ui.end_row();
                    }
                });
            ui.label(egui::RichText::new(tr("review-provision-unverified")).weak());
        });
}
