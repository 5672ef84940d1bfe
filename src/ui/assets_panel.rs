//! The assets panel (issue 9): the renewal inventory with filters (click a row to select
//! the parcel), site suggestions for a life-circle category with one-click Apply, and the
//! valuation of candidate parcels (weights, a ranked table whose rows explain their
//! score). Everything it shows comes from the core (`analysis::inventory`,
//! `analysis::suggest`, `analysis::valuation`); Apply returns the same edit `strata
//! suggest` figures stand for (`edit::create::host_facility`), and a weight change is an
//! `EditCmd::SetSetting` (`edit::create::set_valuation`), both applied by the app through
//! the history.

use egui::{Color32, Painter, Shape, Stroke, Ui};
use egui_extras::{Column, TableBuilder};

use crate::analysis::Coverage;
use crate::analysis::inventory::{Inventory, InventoryFilter, inventory};
use crate::analysis::suggest::{Candidates, Suggestions, suggest};
use crate::analysis::valuation::{Criterion, Valuation, ValuationSettings, valuation};
use crate::edit::EditCmd;
use crate::edit::create::{host_facility, set_valuation};
use crate::i18n::{tr, tr_args};
use crate::model::{Plan, Reference, Scenario, Status};
use crate::tr;

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
        ui.horizontal(|ui| {
            let current = match self.filter.statuses.first() {
                Some(s) => status_label(s.as_str()),
                None => tr("assets-any-status"),
            };
            egui::ComboBox::from_label(tr("assets-status-filter"))
                .selected_text(current)
                .show_ui(ui, |ui| {
                    if ui
                        .selectable_label(self.filter.statuses.is_empty(), tr("assets-any-status"))
                        .clicked()
                    {
                        self.filter.statuses.clear();
                    }
                    for s in Status::ALL {
                        let on = self.filter.statuses == [s];
                        if ui.selectable_label(on, status_label(s.as_str())).clicked() {
                            self.filter.statuses = vec![s];
                        }
                    }
                });
        });
        ui.horizontal(|ui| {
            let label = ui.label(tr("assets-use-code"));
            ui.add(egui::TextEdit::singleline(&mut self.filter.use_prefix).desired_width(50.0))
                .labelled_by(label.id);
            let label = ui.label(tr("assets-find"));
            ui.add(egui::TextEdit::singleline(&mut self.filter.text).desired_width(90.0))
                .labelled_by(label.id);
        });
        let rows: Vec<usize> = (0..inv.parcels.len())
            .filter(|&i| self.filter.accepts(&inv.parcels[i]))
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
        egui::ComboBox::from_label(tr("assets-category"))
            .selected_text(reference.category_name(&self.category, crate::i18n::lang()))
            .show_ui(ui, |ui| {
                for c in &standard.categories {
                    let name = reference.category_name(&c.id, crate::i18n::lang());
                    ui.selectable_value(&mut self.category, c.id.clone(), name);
                }
            });
        if self.category != before {
            self.result = None;
            overlay.sites.clear();
        }
        ui.add(egui::Slider::new(&mut self.count, 1..=10).text(tr("assets-sites")));
        ui.horizontal_wrapped(|ui| {
            ui.label(tr("assets-candidates"));
            for s in Status::ALL {
                let mut on = self.candidate_statuses.contains(&s);
                if ui.checkbox(&mut on, status_label(s.as_str())).changed() {
                    if on {
                        self.candidate_statuses.push(s);
                    } else {
                        self.candidate_statuses.retain(|x| *x != s);
                    }
                }
            }
        });
        if let Some(covered) = covered_population(coverage, &self.category) {
            ui.label(tr!(
                "assets-covered-now",
                covered = format!("{covered:.0}"),
                metric = coverage.options.metric.short_name()
            ));
        }
        let asked = ui.button(tr("assets-suggest")).clicked();
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
        let chosen = match found.method {
            crate::analysis::suggest::Method::Exact => "assets-chosen-exact",
            crate::analysis::suggest::Method::Greedy => "assets-chosen-greedy",
        };
        ui.label(tr_args(chosen, &[("n", found.candidates.into())]));
        if found.suggestions.is_empty() {
            ui.label(tr("assets-no-gain"));
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
                let row = ui.label(tr!(
                    "assets-site-row",
                    parcel = s.parcel.as_str(),
                    gain = gain.to_string(),
                    homes = s.homes.len()
                ));
                row.on_hover_text(tr!(
                    "assets-site-hover",
                    category = reference.category_name(&found.category, crate::i18n::lang()),
                    parcel = s.parcel.as_str(),
                    radius = format!("{:.0}", found.radius_m),
                    homes = s
                        .homes
                        .iter()
                        .map(|h| h.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                if ui
                    .button(tr("assets-apply"))
                    .on_hover_text(tr("assets-apply.tooltip"))
                    .clicked()
                {
                    let land_use = standard
                        .category(&found.category)
                        .and_then(|c| c.land_use.as_deref());
                    match host_facility(plan, &s.parcel, &found.category, land_use) {
                        Ok(cmd) => action = Some(AssetsAction::Apply(cmd)),
                        Err(reason) => action = Some(AssetsAction::Refused(reason.text())),
                    }
                }
            });
        }
        action
    }
}

impl AssetsPanel {
    fn valuation_ui(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        coverage: &Coverage,
        reference: &Reference,
        generation: u64,
    ) -> Option<AssetsAction> {
        let saved = match ValuationSettings::of_plan(plan) {
            Ok(s) => s,
            Err(error) => {
                ui.colored_label(
                    Color32::from_rgb(180, 30, 30),
                    tr!("valuation-settings-error", error = error),
                );
                return None;
            }
        };
        let mut action = None;
        let mut draft = self.draft.take().unwrap_or_else(|| saved.clone());
        let mut dragging = false;
        let mut released = false;
        ui.label(tr("valuation-weights"));
        for c in Criterion::ALL {
            let hint = match c {
                Criterion::Centre => tr!(
                    "valuation-centre.tooltip",
                    reach = format!("{:.0}", draft.centre_reach_m)
                ),
                Criterion::Size => {
                    tr!(
                        "valuation-size.tooltip",
                        full = format!("{:.0}", draft.size_full_m2)
                    )
                }
                _ => tr(&format!("valuation-{}.tooltip", c.as_str())),
            };
            let response = ui
                .add(egui::Slider::new(draft.weights.get_mut(c), 0.0..=5.0).text(c.name()))
                .on_hover_text(hint);
            dragging |= response.dragged();
            released |= response.drag_stopped() || (response.changed() && !response.dragged());
        }
        ui.horizontal(|ui| {
            if ui.button(tr("valuation-default-weights")).clicked() {
                draft.weights = Default::default();
                released = true;
            }
            if ui.button(tr("valuation-show-map")).clicked() {
                action = Some(AssetsAction::ColorByValuation);
            }
        });
        let worst = crate::analysis::valuation::worst_category(coverage)
            .map(|c| coverage.categories[c].id.clone())
            .unwrap_or_default();
        let worst_label = tr!(
            "valuation-worst",
            category = reference.category_name(&worst, crate::i18n::lang())
        );
        let shown = draft.service_category.as_deref().map_or_else(
            || worst_label.clone(),
            |c| reference.category_name(c, crate::i18n::lang()),
        );
        egui::ComboBox::from_label(tr("valuation-service-category"))
            .selected_text(shown)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(draft.service_category.is_none(), worst_label)
                    .clicked()
                {
                    draft.service_category = None;
                    released = true;
                }
                for c in &reference.standard.categories {
                    let on = draft.service_category.as_deref() == Some(c.id.as_str());
                    if ui
                        .selectable_label(on, reference.category_name(&c.id, crate::i18n::lang()))
                        .clicked()
                    {
                        draft.service_category = Some(c.id.clone());
                        released = true;
                    }
                }
            });
        if dragging && !released {
            // While a slider moves, the table follows the draft; the plan changes once.
            self.draft = Some(draft.clone());
        } else if draft != saved
            && let Some(cmd) = set_valuation(plan, &draft)
        {
            action = Some(AssetsAction::Apply(cmd));
        }

        let metric = coverage.options.metric.as_str();
        let fresh = self.valuation.as_ref().is_some_and(|(g, s, m, _)| {
            *g == generation && *s == coverage.scenario && *m == metric
        }) && !dragging;
        if !fresh || self.draft.is_some() {
            let v = valuation(plan, coverage, &reference.standard, &draft);
            self.valuation = Some((generation, coverage.scenario, metric, v));
        }
        let (_, _, _, result) = self.valuation.as_ref()?;
        let v = match result {
            Ok(v) => v,
            Err(error) => {
                ui.colored_label(
                    Color32::from_rgb(180, 30, 30),
                    tr!("valuation-settings-error", error = error.clone()),
                );
                return action;
            }
        };
        ui.label(tr!(
            "valuation-summary",
            n = v.parcels.len(),
            statuses = draft
                .candidates
                .iter()
                .map(|s| status_label(s))
                .collect::<Vec<_>>()
                .join(", "),
            category = v.service_category.as_deref().map_or_else(
                || "-".to_owned(),
                |c| reference.category_name(c, crate::i18n::lang())
            )
        ));
        for w in &v.warnings {
            ui.colored_label(Color32::from_rgb(160, 90, 0), w);
        }
        if let Some(i) = valuation_table_ui(ui, plan, v) {
            action = Some(AssetsAction::Select(i));
        }
        action
    }
}

/// A part of a score as the hover text shows it.
fn part_text(part: &crate::analysis::valuation::Part) -> String {
    let value = match (part.criterion, part.value) {
        (_, None) => tr("valuation-value-none"),
        (Criterion::Transit | Criterion::Centre, Some(m)) => {
            tr!("valuation-value-distance", m = format!("{m:.0}"))
        }
        (Criterion::Service, Some(n)) => tr!("valuation-value-residents", n = format!("{n:.0}")),
        (Criterion::Size, Some(a)) => tr!("valuation-value-area", m2 = format!("{a:.0}")),
        (_, Some(x)) => format!("{x:.2}"),
    };
    tr!(
        "valuation-part",
        name = part.criterion.name(),
        score = format!("{:.2}", part.score),
        weight = format!("{}", part.weight),
        value = value
    )
}

/// The ranked table; returns the plan index of a clicked parcel.
fn valuation_table_ui(ui: &mut Ui, plan: &Plan, v: &Valuation) -> Option<usize> {
    let mut clicked = None;
    ui.push_id("valuation_table", |ui| {
        TableBuilder::new(ui)
            .striped(true)
            .sense(egui::Sense::click())
            .max_scroll_height(240.0)
            .column(Column::exact(30.0))
            .column(Column::initial(80.0).clip(true))
            .column(Column::initial(110.0).clip(true))
            .column(Column::remainder())
            .header(18.0, |mut header| {
                for key in [
                    "valuation-col-rank",
                    "valuation-col-parcel",
                    "valuation-col-status",
                    "valuation-col-score",
                ] {
                    header.col(|ui| {
                        ui.strong(tr(key));
                    });
                }
            })
            .body(|body| {
                body.rows(18.0, v.parcels.len(), |mut row| {
                    let rank = row.index();
                    let p = &v.parcels[rank];
                    let texts = [
                        (rank + 1).to_string(),
                        p.parcel.to_string(),
                        p.status.map_or_else(|| "-".to_owned(), status_label),
                        format!("{:.3}", p.score),
                    ];
                    let hover = std::iter::once(tr!(
                        "valuation-hover",
                        parcel = p.parcel.as_str(),
                        score = format!("{:.3}", p.score)
                    ))
                    .chain(p.parts.iter().map(part_text))
                    .collect::<Vec<_>>()
                    .join("\n");
                    let mut hit = false;
                    for text in texts {
                        row.col(|ui| {
                            hit |= ui
                                .add(
                                    egui::Label::new(text)
                                        .selectable(false)
                                        .sense(egui::Sense::click()),
                                )
                                .on_hover_text(&hover)
                                .clicked();
                        });
                    }
                    let response = row.response();
                    if hit || response.clicked() {
                        clicked = plan.parcels.iter().position(|x| x.id == p.parcel);
                    }
                });
            });
    });
    clicked
}

/// Colour of the suggestion overlay: a magenta no land-use, status or score colour uses,
/// so it reads on parks (green), housing (yellow) and schools (pink) alike.
const OVERLAY: Color32 = Color32::from_rgb(190, 0, 140);

/// Suggested sites (thick magenta outline on a white halo, numbered in the order chosen)
/// and the homes each would newly serve (thin outline, a thin line from the site), on
/// the canvas.
pub fn draw_overlay(
    painter: &Painter,
    plan: &Plan,
    overlay: &Overlay,
    t: &super::transform::ScreenFromWorld,
) {
    use geo::Centroid;
    let rings = |i: usize| -> Vec<Vec<egui::Pos2>> {
        plan.parcels.get(i).map_or_else(Vec::new, |parcel| {
            parcel
                .shape
                .0
                .iter()
                .map(|polygon| {
                    polygon
                        .exterior()
                        .0
                        .iter()
                        .map(|c| t.screen_from_world([c.x, c.y]))
                        .collect()
                })
                .collect()
        })
    };
    let centre = |i: usize| {
        plan.parcels
            .get(i)
            .and_then(|p| p.shape.centroid())
            .map(|c| t.screen_from_world([c.x(), c.y()]))
    };
    let halo = Color32::from_rgba_unmultiplied(255, 255, 255, 200);
    for (site, homes) in &overlay.sites {
        let from = centre(*site);
        for &h in homes {
            if let (Some(a), Some(b)) = (from, centre(h)) {
                painter.line_segment([a, b], Stroke::new(1.0, OVERLAY.gamma_multiply(0.6)));
            }
            for ring in rings(h) {
                // Solid, not dashed: a dashed outline already means mixed use.
                painter.add(Shape::line(ring.clone(), Stroke::new(4.5, halo)));
                painter.add(Shape::line(ring, Stroke::new(2.0, OVERLAY)));
            }
        }
    }
    for (rank, (site, _)) in overlay.sites.iter().enumerate() {
        for ring in rings(*site) {
            painter.add(Shape::line(ring.clone(), Stroke::new(7.0, halo)));
            painter.add(Shape::line(ring, Stroke::new(4.0, OVERLAY)));
        }
        if let Some(c) = centre(*site) {
            painter.circle(c, 10.0, OVERLAY, Stroke::new(2.0, Color32::WHITE));
            painter.text(
                c,
                egui::Align2::CENTER_CENTER,
                (rank + 1).to_string(),
                egui::FontId::proportional(13.0),
                Color32::WHITE,
            );
        }
    }
}
