//! The inventory section: parcels per status (ground in ha and mu, floor area), a filter
//! by status, use code and text, and the filtered parcels as rows that select on click.

use egui::Ui;

use super::{AssetsAction, AssetsPanel, status_label};
use crate::analysis::inventory::{Inventory, InventoryFilter, inventory};
use crate::i18n::tr;
use crate::model::{Plan, Scenario, Status};
use crate::tr;

impl AssetsPanel {
    /// The section; the inventory is computed again only when the plan or the scenario
    /// changed.
    pub(super) fn inventory_ui(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        scenario: Scenario,
        generation: u64,
    ) -> Option<AssetsAction> {
        let fresh = self
            .inventory
            .as_ref()
            .is_some_and(|(g, s, _)| *g == generation && *s == scenario);
        if !fresh {
            self.inventory = Some((generation, scenario, inventory(plan, scenario)));
        }
        let (_, _, inv) = self.inventory.as_ref()?;
        status_table_ui(ui, inv);
        filter_ui(ui, &mut self.filter);
        let id = rows_ui(ui, inv, &self.filter)?;
        plan.parcels
            .iter()
            .position(|p| p.id.as_str() == id)
            .map(AssetsAction::Select)
    }
}

/// Parcels, ground (ha, mu) and floor area per status, and the total.
fn status_table_ui(ui: &mut Ui, inv: &Inventory) {
    egui::Grid::new("inventory_by_status")
        .striped(true)
        .show(ui, |ui| {
            for h in [
                "assets-col-status",
                "assets-col-parcels",
                "assets-col-ha",
                "assets-col-mu",
                "assets-col-floor",
            ] {
                ui.strong(tr(h));
            }
            ui.end_row();
            for g in inv.by_status.iter().chain(std::iter::once(&inv.total)) {
                ui.label(status_label(&g.key));
                ui.label(g.parcels.to_string());
                ui.label(format!("{:.2}", g.ground_m2 / 10_000.0));
                ui.label(format!("{:.1}", g.ground_mu));
                ui.label(format!("{:.0}", g.floor_m2));
                ui.end_row();
            }
        });
}

/// The filter: one status (or any), a use-code prefix and a text to find.
fn filter_ui(ui: &mut Ui, filter: &mut InventoryFilter) {
    ui.horizontal(|ui| {
        let current = match filter.statuses.first() {
            Some(s) => status_label(s.as_str()),
            None => tr("assets-any-status"),
        };
        egui::ComboBox::from_label(tr("assets-status-filter"))
            .selected_text(current)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(filter.statuses.is_empty(), tr("assets-any-status"))
                    .clicked()
                {
                    filter.statuses.clear();
                }
                for s in Status::ALL {
                    let on = filter.statuses == [s];
                    if ui.selectable_label(on, status_label(s.as_str())).clicked() {
                        filter.statuses = vec![s];
                    }
                }
            });
    });
    ui.horizontal(|ui| {
        let label = ui.label(tr("assets-use-code"));
        ui.add(egui::TextEdit::singleline(&mut filter.use_prefix).desired_width(50.0))
            .labelled_by(label.id);
        let label = ui.label(tr("assets-find"));
        ui.add(egui::TextEdit::singleline(&mut filter.text).desired_width(90.0))
            .labelled_by(label.id);
    });
}

/// The parcels the filter accepts, one row each (only the visible rows are laid out);
/// returns the id of a clicked row.
fn rows_ui(ui: &mut Ui, inv: &Inventory, filter: &InventoryFilter) -> Option<String> {
    let rows: Vec<usize> = (0..inv.parcels.len())
        .filter(|&i| filter.accepts(&inv.parcels[i]))
        .collect();
    ui.label(tr!("assets-shown", n = rows.len()));
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt("inventory_rows")
        .max_height(180.0)
        .show_rows(ui, 18.0, rows.len(), |ui, range| {
            for &i in &rows[range] {
                let r = &inv.parcels[i];
                let text = tr!(
                    "assets-row",
                    id = r.id.as_str(),
                    status = r.status.map_or_else(|| "-".to_owned(), status_label),
                    code = r.main_use.as_deref().unwrap_or("-"),
                    ground = format!("{:.0}", r.ground_m2),
                    mu = format!("{:.1}", r.ground_mu),
                    floor = format!("{:.0}", r.floor_m2),
                    name = r.name.as_deref().unwrap_or("")
                );
                if ui.selectable_label(false, text).clicked() {
                    clicked = Some(r.id.clone());
                }
            }
        });
    clicked
}
