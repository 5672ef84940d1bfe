//! The assets panel (issue 9): the renewal inventory with filters (click a row to select
//! the parcel), site suggestions for a life-circle category with one-click Apply, and the
//! valuation of candidate parcels (weights, a ranked table whose rows explain their
//! score). Everything it shows comes from the core (`analysis::inventory`,
//! `analysis::suggest`, `analysis::valuation`); Apply returns the same edit `strata
//! suggest` figures stand for (`edit::create::host_facility`), and a weight change is an
//! `EditCmd::SetSetting` (`edit::create::set_valuation`), both applied by the app through
//! the history.
//!
//! One file per section, in `assets_panel/`: `inventory.rs`, `suggestions.rs` (with the
//! canvas overlay of the suggested sites), `valuation.rs`; this file holds the panel's
//! state and lays the sections out.

mod inventory;
mod suggestions;
mod valuation;

use egui::Ui;

pub use suggestions::draw_overlay;

use crate::analysis::Coverage;
use crate::analysis::inventory::{Inventory, InventoryFilter};
use crate::analysis::suggest::Suggestions;
use crate::analysis::valuation::{Valuation, ValuationSettings};
use crate::edit::EditCmd;
use crate::i18n::tr;
use crate::model::{Plan, Reference, Scenario, Status};

/// What the panel asks the app to do.
pub enum AssetsAction {
    /// Select (and show) the parcel at this index.
    Select(usize),
    /// Apply an edit (a suggested site adopted, valuation settings changed).
    Apply(EditCmd),
    /// An edit was refused, for this reason (shown in the status bar: a label here would
    /// last one frame, as the button is only clicked in one).
    Refused(String),
    /// Colour the map by valuation score.
    ColorByValuation,
}

/// The suggested sites and the homes each would newly serve, by parcel index, for the
/// canvas.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    pub sites: Vec<(usize, Vec<usize>)>,
}

pub struct AssetsPanel {
    pub open: bool,
    filter: InventoryFilter,
    /// The inventory and the plan generation it was computed for.
    inventory: Option<(u64, Scenario, Inventory)>,
    pub category: String,
    pub count: usize,
    pub candidate_statuses: Vec<Status>,
    /// The last suggestions and the generation they were computed for.
    pub result: Option<(u64, Suggestions)>,
    /// The valuation and what it was computed for (generation, scenario, metric).
    valuation: Option<(
        u64,
        Scenario,
        &'static str,
        Result<Valuation, crate::i18n::Message>,
    )>,
    /// Weights being dragged; saved to the plan (one undoable step) when the drag ends.
    draft: Option<ValuationSettings>,
}

impl Default for AssetsPanel {
    fn default() -> Self {
        Self {
            open: false,
            filter: InventoryFilter::default(),
            inventory: None,
            category: "kindergarten".into(),
            count: 2,
            candidate_statuses: vec![Status::Idle, Status::Underused, Status::Released],
            result: None,
            valuation: None,
            draft: None,
        }
    }
}

/// Residents covered for a category, summed as `strata analyze` sums them.
pub fn covered_population(coverage: &Coverage, category: &str) -> Option<f64> {
    let c = coverage.categories.iter().position(|x| x.id == category)?;
    Some(
        (0..coverage.homes.len())
            .filter(|&h| coverage.covered(c, h))
            .map(|h| coverage.homes[h].population)
            .fold(0.0, |a, b| a + b),
    )
}

/// A status id (`idle`), or an inventory group's `all` / `none`, as the panel shows it
/// (see [`Status::shown`]).
fn status_label(id: &str) -> String {
    match (crate::i18n::lang(), id) {
        (crate::i18n::Lang::En, _) => id.to_owned(),
        (_, "all") => tr("assets-status-all"),
        (_, "none") => tr("assets-status-none"),
        _ => Status::shown(id),
    }
}

impl AssetsPanel {
    /// The panel; `generation` counts the plan's edits (caches are kept until it moves).
    pub fn assets_panel_ui(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        coverage: &Coverage,
        reference: &Reference,
        generation: u64,
        overlay: &mut Overlay,
    ) -> Option<AssetsAction> {
        let mut action = None;
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.heading(tr("assets-heading"));
            egui::CollapsingHeader::new(tr("assets-inventory"))
                .id_salt("assets_inventory")
                .default_open(true)
                .show(ui, |ui| {
                    if let Some(a) = self.inventory_ui(ui, plan, coverage.scenario, generation) {
                        action = Some(a);
                    }
                });
            egui::CollapsingHeader::new(tr("assets-suggestions"))
                .id_salt("assets_suggestions")
                .default_open(true)
                .show(ui, |ui| {
                    if let Some(a) =
                        self.suggestions_ui(ui, plan, coverage, reference, generation, overlay)
                    {
                        action = Some(a);
                    }
                });
            egui::CollapsingHeader::new(tr("valuation"))
                .id_salt("assets_valuation")
                .default_open(true)
                .show(ui, |ui| {
                    if let Some(a) = self.valuation_ui(ui, plan, coverage, reference, generation) {
                        action = Some(a);
                    }
                });
        });
        action
    }
}
