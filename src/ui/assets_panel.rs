//! The assets panel (issue 9): the renewal inventory with filters (click a row to select
//! the parcel), and site suggestions for a life-circle category with one-click Apply.
//! Everything it shows comes from the core (`analysis::inventory`, `analysis::suggest`);
//! Apply returns the same edit `strata suggest` figures stand for
//! (`edit::create::host_facility`), which the app applies through the history.

use egui::{Color32, Painter, Shape, Stroke, Ui};

use crate::analysis::Coverage;
use crate::analysis::inventory::{Inventory, InventoryFilter, inventory};
use crate::analysis::suggest::{Candidates, Suggestions, suggest};
use crate::edit::EditCmd;
use crate::edit::create::host_facility;
use crate::model::{Plan, Reference, Scenario, Status};

/// What the panel asks the app to do.
pub enum AssetsAction {
    /// Select (and show) the parcel at this index.
    Select(usize),
    /// Apply an edit (a suggested site adopted).
    Apply(EditCmd),
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
            ui.heading("Assets");
            egui::CollapsingHeader::new("Inventory")
                .default_open(true)
                .show(ui, |ui| {
                    if let Some(a) = self.inventory_ui(ui, plan, coverage.scenario, generation) {
                        action = Some(a);
                    }
                });
            egui::CollapsingHeader::new("Site suggestions")
                .default_open(true)
                .show(ui, |ui| {
                    if let Some(a) =
                        self.suggestions_ui(ui, plan, coverage, reference, generation, overlay)
                    {
                        action = Some(a);
                    }
                });
        });
        action
    }

    fn inventory_ui(
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
        egui::Grid::new("inventory_by_status")
            .striped(true)
            .show(ui, |ui| {
                for h in ["status", "parcels", "ha", "mu", "floor m²"] {
                    ui.strong(h);
                }
                ui.end_row();
                for g in inv.by_status.iter().chain(std::iter::once(&inv.total)) {
                    ui.label(&g.key);
                    ui.label(g.parcels.to_string());
                    ui.label(format!("{:.2}", g.ground_m2 / 10_000.0));
                    ui.label(format!("{:.1}", g.ground_mu));
                    ui.label(format!("{:.0}", g.floor_m2));
                    ui.end_row();
                }
            });
        ui.horizontal(|ui| {
            let current = match self.filter.statuses.first() {
                Some(s) => s.as_str(),
                None => "any status",
            };
            egui::ComboBox::from_label("Status filter")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    if ui
                        .selectable_label(self.filter.statuses.is_empty(), "any status")
                        .clicked()
                    {
                        self.filter.statuses.clear();
                    }
                    for s in Status::ALL {
                        let on = self.filter.statuses == [s];
                        if ui.selectable_label(on, s.as_str()).clicked() {
                            self.filter.statuses = vec![s];
                        }
                    }
                });
        });
        ui.horizontal(|ui| {
            let label = ui.label("Use code");
            ui.add(egui::TextEdit::singleline(&mut self.filter.use_prefix).desired_width(50.0))
                .labelled_by(label.id);
            let label = ui.label("Find");
            ui.add(egui::TextEdit::singleline(&mut self.filter.text).desired_width(90.0))
                .labelled_by(label.id);
        });
        let rows: Vec<usize> = (0..inv.parcels.len())
            .filter(|&i| self.filter.accepts(&inv.parcels[i]))
            .collect();
        ui.label(format!("{} parcels shown (click to select)", rows.len()));
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .id_salt("inventory_rows")
            .max_height(180.0)
            .show_rows(ui, 18.0, rows.len(), |ui, range| {
                for &i in &rows[range] {
                    let r = &inv.parcels[i];
                    let text = format!(
                        "{}  {}  {}  {:.0} m²  {:.1} mu  {:.0} m² floor  {}",
                        r.id,
                        r.status.unwrap_or("-"),
                        r.main_use.as_deref().unwrap_or("-"),
                        r.ground_m2,
                        r.ground_mu,
                        r.floor_m2,
                        r.name.as_deref().unwrap_or("")
                    );
                    if ui.selectable_label(false, text).clicked() {
                        clicked = Some(r.id.clone());
                    }
                }
            });
        let id = clicked?;
        plan.parcels
            .iter()
            .position(|p| p.id.as_str() == id)
            .map(AssetsAction::Select)
    }

    fn suggestions_ui(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        coverage: &Coverage,
        reference: &Reference,
        generation: u64,
        overlay: &mut Overlay,
    ) -> Option<AssetsAction> {
        let standard = &reference.standard;
        let before = self.category.clone();
        egui::ComboBox::from_label("Category")
            .selected_text(self.category.clone())
            .show_ui(ui, |ui| {
                for c in &standard.categories {
                    ui.selectable_value(&mut self.category, c.id.clone(), &c.id);
                }
            });
        if self.category != before {
            self.result = None;
            overlay.sites.clear();
        }
        ui.add(egui::Slider::new(&mut self.count, 1..=10).text("Sites"));
        ui.horizontal_wrapped(|ui| {
            ui.label("Candidates:");
            for s in Status::ALL {
                let mut on = self.candidate_statuses.contains(&s);
                if ui.checkbox(&mut on, s.as_str()).changed() {
                    if on {
                        self.candidate_statuses.push(s);
                    } else {
                        self.candidate_statuses.retain(|x| *x != s);
                    }
                }
            }
        });
        if let Some(covered) = covered_population(coverage, &self.category) {
            ui.label(format!(
                "Covered now: {covered:.0} residents, {} distances",
                coverage.options.metric.as_str()
            ));
        }
        let asked = ui.button("Suggest sites").clicked();
        // After an edit the suggestions are computed again: the applied site now hosts
        // the facility, so the list shows the next best sites of the plan as it is.
        let stale = self.result.as_ref().is_some_and(|(g, _)| *g != generation);
        if asked || stale {
            let candidates = Candidates::Statuses(self.candidate_statuses.clone());
            self.result = suggest(
                plan,
                coverage,
                standard,
                &self.category,
                self.count,
                &candidates,
            )
            .ok()
            .map(|s| (generation, s));
            overlay.sites = self.result.as_ref().map_or_else(Vec::new, |(_, s)| {
                let index =
                    |id: &crate::model::ParcelId| plan.parcels.iter().position(|p| &p.id == id);
                s.suggestions
                    .iter()
                    .filter_map(|x| {
                        Some((
                            index(&x.parcel)?,
                            x.homes.iter().filter_map(index).collect(),
                        ))
                    })
                    .collect()
            });
        }
        let (_, found) = self.result.as_ref()?;
        ui.label(format!(
            "{} candidate parcels; chosen {}",
            found.candidates,
            match found.method {
                crate::analysis::suggest::Method::Exact => "exactly",
                crate::analysis::suggest::Method::Greedy => "greedily",
            }
        ));
        if found.suggestions.is_empty() {
            ui.label("No candidate brings anyone new within reach.");
        }
        let mut action = None;
        let mut previous = found.population_covered_before;
        for s in &found.suggestions {
            // Rounded as strata analyze prints them, so the figures add up on screen.
            let gain = format!("{:.0}", s.population_covered)
                .parse::<i64>()
                .unwrap_or(0)
                - format!("{previous:.0}").parse::<i64>().unwrap_or(0);
            previous = s.population_covered;
            ui.horizontal(|ui| {
                let row = ui.label(format!(
                    "{}  +{gain} residents ({} homes)",
                    s.parcel,
                    s.homes.len()
                ));
                row.on_hover_text(format!(
                    "A {} hosted in the ground stratum of {} brings these homes within {:.0} m: {}",
                    found.category,
                    s.parcel,
                    found.radius_m,
                    s.homes
                        .iter()
                        .map(|h| h.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                if ui
                    .button("Apply")
                    .on_hover_text("Host the facility on this parcel (undoable)")
                    .clicked()
                {
                    let land_use = standard
                        .category(&found.category)
                        .and_then(|c| c.land_use.as_deref());
                    match host_facility(plan, &s.parcel, &found.category, land_use) {
                        Ok(cmd) => action = Some(AssetsAction::Apply(cmd)),
                        Err(e) => {
                            ui.label(e);
                        }
                    }
                }
            });
        }
        action
    }
}

/// Suggested sites (thick green outline) and the homes each would serve (thin green), on
/// the canvas.
pub fn draw_overlay(
    painter: &Painter,
    plan: &Plan,
    overlay: &Overlay,
    t: &super::transform::ScreenFromWorld,
) {
    let outline = |i: usize, width: f32| {
        let Some(parcel) = plan.parcels.get(i) else {
            return;
        };
        for polygon in &parcel.shape.0 {
            let points = polygon
                .exterior()
                .0
                .iter()
                .map(|c| t.screen_from_world([c.x, c.y]))
                .collect();
            painter.add(Shape::line(
                points,
                Stroke::new(width, Color32::from_rgb(0, 150, 60)),
            ));
        }
    };
    for (site, homes) in &overlay.sites {
        for &h in homes {
            outline(h, 1.5);
        }
        outline(*site, 4.0);
    }
}
