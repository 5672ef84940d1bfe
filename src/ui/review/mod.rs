//! Live review of a plan while it is edited (issue 6): the heatmap layer, and panels for
//! coverage, land, mixed use, scenarios and problems. Every figure comes from the core
//! (`analysis`), kept current through the engine's incremental coverage; a panel's
//! figures are recomputed only when they are shown and the plan changed.

mod coverage_tab;
pub mod heat;
mod land_tab;
pub use land_tab::area_text;
mod mix_tab;
mod problems_tab;
mod provision_section;
mod scenarios_tab;
mod terms_tab;
mod zoning_summary;
mod zoning_tab;
pub use zoning_summary::{Compliance, ZoningSummary};

use egui::{Color32, Ui};
use geo::Point;

use crate::analysis::heatmap::HeatValue;
use crate::analysis::report::{CoverageReport, LandReport, coverage_summary, land_report};
use crate::analysis::route::{Route, nearest_route};
use crate::analysis::{Coverage, CoverageOptions, Metric, Updated};
use crate::i18n::tr;
use crate::model::{Plan, Problem, Reference, Scenario};
use crate::tr;
use heat::HeatLayer;

/// A tier's name: its id in English (`15min`), the standard's name in Chinese.
pub fn tier_name(reference: &Reference, id: &str) -> String {
    match crate::i18n::lang() {
        crate::i18n::Lang::Zh => reference
            .standard
            .tier(id)
            .map_or_else(|| id.to_owned(), |t| t.zh.clone()),
        crate::i18n::Lang::En => id.to_owned(),
    }
}

/// The tabs of the review panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Coverage,
    Land,
    Mix,
    Zoning,
    Scenarios,
    Terms,
    Problems,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Coverage,
        Tab::Land,
        Tab::Mix,
        Tab::Zoning,
        Tab::Scenarios,
        Tab::Terms,
        Tab::Problems,
    ];

    pub fn label(self) -> String {
        match self {
            Tab::Coverage => tr("review-tab-coverage"),
            Tab::Land => tr("review-tab-land"),
            Tab::Mix => tr("review-tab-mix"),
            Tab::Zoning => tr("review-tab-zoning"),
            Tab::Scenarios => tr("review-tab-scenarios"),
            Tab::Terms => tr("review-tab-terms"),
            Tab::Problems => tr("review-tab-problems"),
        }
    }
}

/// What the panel asks the editor to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Select a parcel (by index) and zoom to it.
    SelectParcel(usize),
    /// Zoom to a feature by id (a problem's feature).
    ZoomTo(String),
    SetMetric(Metric),
    SetScenario(Scenario),
    /// Colour the map by a mode (the mix choropleths).
    ColorBy(crate::render::style::FillBy),
}

/// What the review panel reads: the plan, its analysis and the selection.
pub struct ReviewContext<'a> {
    pub plan: &'a Plan,
    pub coverage: &'a Coverage,
    pub reference: &'a Reference,
    pub problems: &'a [Problem],
    /// 2SFCA of the coverage, where made (the places heat value).
    pub access: Option<&'a crate::analysis::access::Access>,
    /// Selected parcels, by index in the plan this frame (the inspected one first).
    pub selection: &'a [usize],
}

pub struct Review {
    pub shown: bool,
    pub tab: Tab,
    pub heat: HeatLayer,
    /// Figures of the current coverage, made after every change (the change message
    /// needs its covered residents per category); `None` only before the first reset.
    pub(super) summary: Option<CoverageReport>,
    /// What the last edit changed, e.g. "+1,240 residents within 300 m of a kindergarten".
    pub last_change: Option<String>,
    /// Covered residents before a drag began: while a facility is held and when it is
    /// dropped, the change is stated from there.
    baseline: Option<Vec<f64>>,
    /// The service gap being shown: homes lacking this category are outlined.
    pub gap: Option<usize>,
    /// Parcel indices of the homes lacking `gap`.
    gap_homes: Option<Vec<usize>>,
    /// Routes from a home (parcel index) to its nearest facility of each category.
    routes: Option<(usize, Vec<(usize, Route)>)>,
    pub show_routes: bool,
    land: Option<[LandReport; 2]>,
    /// The control changes between the scenarios (控规调整), made when first shown.
    control_changes: Option<Vec<crate::analysis::zoning_changes::ControlChange>>,
    pub mix: mix_tab::MixState,
    /// The Terms tab's year slider.
    pub terms: terms_tab::TermsState,
    /// The zoning of the scenario (Zoning tab, zoning colour modes): made when first
    /// needed, then kept current edit by edit.
    zoning: Option<ZoningSummary>,
    /// The Zoning tab lists only the parcels that break their controls.
    pub zoning_broken_only: bool,
    /// Coverage of the scenario not being edited (difference heatmap, before/after).
    other: Option<Coverage>,
    other_summary: Option<CoverageReport>,
    /// Outlines of rights conflicts, for the problems they were made from.
    conflicts: Option<Vec<Vec<[f64; 2]>>>,
    /// The hovered heatmap cell and its readout.
    hover: Option<((usize, usize), String)>,
    /// Provision per 1,000 residents, made when the Coverage tab's section is opened.
    provision: Option<crate::analysis::provision::ProvisionReport>,
}

impl Default for Review {
    fn default() -> Self {
        Self {
            shown: true,
            tab: Tab::Coverage,
            heat: HeatLayer::default(),
            summary: None,
            last_change: None,
            baseline: None,
            gap: None,
            gap_homes: None,
            routes: None,
            show_routes: true,
            land: None,
            control_changes: None,
            mix: Default::default(),
            terms: Default::default(),
            zoning: None,
            zoning_broken_only: false,
            other: None,
            other_summary: None,
            conflicts: None,
            hover: None,
            provision: None,
        }
    }
}

/// Residents within reach of each category, in category order.
fn covered(summary: &CoverageReport) -> Vec<f64> {
    summary
        .categories
        .iter()
        .map(|c| c.population_covered)
        .collect()
}

/// A count with thousands separators, as planners write them (12,345).
pub fn thousands(n: f64) -> String {
    let rounded = n.round();
    let digits = format!("{}", rounded.abs() as u64);
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if rounded < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// "+1,240 residents within 300 m of a kindergarten; −80 within 500 m of a primary
/// school": the categories whose covered residents changed, largest change first.
pub fn change_message(coverage: &Coverage, before: &[f64], after: &[f64]) -> String {
    let mut changes: Vec<(usize, f64)> = before
        .iter()
        .zip(after)
        .enumerate()
        .map(|(c, (b, a))| (c, a - b))
        .filter(|(_, d)| d.abs() >= 0.5)
        .collect();
    changes.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    if changes.is_empty() {
        return tr("review-no-change");
    }
    changes
        .iter()
        .map(|&(c, d)| {
            let info = &coverage.categories[c];
            let sign = if d > 0.0 { "+" } else { "−" };
            tr!(
                "review-change",
                change = format!("{sign}{}", thousands(d.abs())),
                radius = format!("{:.0}", info.radius_m),
                category = info.display_name()
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl Review {
    /// A new coverage (plan, scenario or metric changed): everything is recomputed.
    pub fn reset(&mut self, coverage: &Coverage) {
        self.heat.reset();
        self.summary = Some(coverage_summary(coverage));
        self.gap_homes = None;
        self.routes = None;
        self.land = None;
        self.control_changes = None;
        self.zoning = None;
        self.mix.stale();
        self.other = None;
        self.other_summary = None;
        self.hover = None;
        self.provision = None;
    }

    /// After an edit (or a drag preview): the heatmap follows the categories it touched,
    /// and the change in covered residents is stated.
    pub fn after_update(&mut self, coverage: &Coverage, updated: &Updated, label: &str) {
        self.heat.update(coverage, updated);
        let summary = coverage_summary(coverage);
        let after = covered(&summary);
        let before = self.baseline.clone().unwrap_or_else(|| self.covered());
        if after.len() == before.len() {
            self.last_change = Some(tr!(
                "review-edit-change",
                label = label,
                change = change_message(coverage, &before, &after)
            ));
        }
        self.summary = Some(summary);
        self.gap_homes = None;
        self.routes = None;
        self.hover = None;
        self.provision = None;
    }

    /// The language changed: the heatmap's title and the readout are made again, and
    /// the last change, stated in the old language, is dropped.
    pub fn language_changed(&mut self) {
        self.heat.reset();
        // The rows word their violations when made.
        self.zoning = None;
        self.hover = None;
        self.last_change = None;
    }

    /// A drag begins: changes are stated from the figures now until it ends.
    pub fn hold_baseline(&mut self) {
        self.baseline = Some(self.covered());
    }

    pub fn release_baseline(&mut self) {
        self.baseline = None;
    }

    /// The problems were checked anew (a background check ended): conflicts are redrawn.
    pub fn problems_changed(&mut self) {
        self.conflicts = None;
    }

    /// After any change to the plan: land and mix figures are stale too (the mix
    /// inputs follow the changed parcels).
    pub fn plan_changed(&mut self, changes: &crate::model::Changes) {
        self.land = None;
        self.control_changes = None;
        self.mix.after_edit(changes);
        self.other_summary = None;
        self.conflicts = None;
        self.provision = None;
        // The other scenario may have been edited (an undo after switching back).
        self.other = None;
    }

    /// Covered residents per category, as the summary has them.
    pub fn covered(&self) -> Vec<f64> {
        self.summary.as_ref().map(covered).unwrap_or_default()
    }

    fn summary(&mut self, coverage: &Coverage) -> &CoverageReport {
        self.summary
            .get_or_insert_with(|| coverage_summary(coverage))
    }

    fn control_changes(
        &mut self,
        plan: &Plan,
    ) -> &[crate::analysis::zoning_changes::ControlChange] {
        self.control_changes
            .get_or_insert_with(|| crate::analysis::zoning_changes::control_changes(plan))
    }

    /// The Zoning tab's figures of a scenario (made again after a change).
    pub fn zoning(
        &mut self,
        plan: &Plan,
        scenario: Scenario,
        reference: &Reference,
    ) -> &ZoningSummary {
        if self.zoning.as_ref().is_some_and(|z| z.scenario != scenario) {
            self.zoning = None;
        }
        self.zoning
            .get_or_insert_with(|| ZoningSummary::of(plan, scenario, reference))
    }

    /// The zoning follows an edit: only the parcels it changed are assessed again (made
    /// anew when parcels were added, removed or reordered).
    pub fn zoning_after_edit(
        &mut self,
        plan: &Plan,
        reference: &Reference,
        changes: &crate::model::Changes,
    ) {
        if let Some(zoning) = &mut self.zoning
            && !zoning.update(plan, reference, changes)
        {
            self.zoning = None;
        }
    }

    fn land(&mut self, plan: &Plan) -> &[LandReport; 2] {
        self.land.get_or_insert_with(|| {
            [
                land_report(plan, Scenario::Existing),
                land_report(plan, Scenario::Proposed),
            ]
        })
    }

    /// The other scenario's coverage, computed when first needed.
    fn other(&mut self, plan: &Plan, coverage: &Coverage, reference: &Reference) -> &Coverage {
        self.other.get_or_insert_with(|| {
            let scenario = match coverage.scenario {
                Scenario::Existing => Scenario::Proposed,
                Scenario::Proposed => Scenario::Existing,
            };
            Coverage::compute(
                plan,
                scenario,
                &reference.standard,
                coverage.options.clone(),
            )
        })
    }

    /// Home parcel indices lacking the gap's category.
    fn gap_homes(&mut self, plan: &Plan, coverage: &Coverage) -> &[usize] {
        let gap = self.gap;
        self.gap_homes.get_or_insert_with(|| {
            let Some(c) = gap else { return Vec::new() };
            let index: std::collections::HashMap<&str, usize> = plan
                .parcels
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), i))
                .collect();
            (0..coverage.homes.len())
                .filter(|&h| !coverage.covered(c, h))
                .filter_map(|h| index.get(coverage.homes[h].parcel.as_str()).copied())
                .collect()
        })
    }

    /// Routes from a home parcel to its nearest facility of each category (cached).
    fn routes(&mut self, plan: &Plan, coverage: &Coverage, parcel: usize) -> &[(usize, Route)] {
        if self.routes.as_ref().is_none_or(|(p, _)| *p != parcel) {
            let home = coverage
                .homes
                .iter()
                .find(|h| plan.parcels.get(parcel).is_some_and(|p| p.id == h.parcel));
            let routes = home
                .map(|home| {
                    (0..coverage.categories.len())
                        .filter_map(|c| nearest_route(coverage, c, home.point).map(|r| (c, r)))
                        .collect()
                })
                .unwrap_or_default();
            self.routes = Some((parcel, routes));
        }
        self.routes.as_ref().map_or(&[], |(_, r)| r.as_slice())
    }

    /// What to draw over the map this frame: `selected` is the one selected parcel (routes
    /// are drawn from it), `view` the part of the world on screen.
    pub fn overlay(
        &mut self,
        ctx: &egui::Context,
        cx: &ReviewContext,
        selected: Option<usize>,
        view: ([f64; 2], [f64; 2]),
        cursor: Option<[f64; 2]>,
    ) -> super::overlay::Overlay {
        let (plan, coverage, reference, problems) =
            (cx.plan, cx.coverage, cx.reference, cx.problems);
        let mut overlay = super::overlay::Overlay::default();
        if self.heat.shown {
            self.ensure_heat(plan, coverage, reference, cx.access);
            overlay.heat = self
                .heat
                .texture(ctx)
                .map(|(t, bbox)| (t, bbox, self.heat.opacity));
            if let Some(p) = cursor {
                overlay.hover = self.hover_text(coverage, Point::new(p[0], p[1]));
            }
        }
        let in_view = |ring: &geo::LineString<f64>| {
            ring.0.iter().any(|c| {
                c.x >= view.0[0] && c.x <= view.1[0] && c.y >= view.0[1] && c.y <= view.1[1]
            })
        };
        if self.gap.is_some() {
            for &i in self.gap_homes(plan, coverage) {
                if overlay.homes.len() >= 3000 {
                    break;
                }
                for polygon in &plan.parcels[i].shape.0 {
                    if in_view(polygon.exterior()) {
                        overlay
                            .homes
                            .push(polygon.exterior().0.iter().map(|c| [c.x, c.y]).collect());
                    }
                }
            }
        }
        if self.show_routes
            && let Some(i) = selected
        {
            let speed = reference.standard.walking_speed_m_per_min.max(1.0);
            let gap = self.gap;
            for (c, route) in self.routes(plan, coverage, i) {
                let c = *c;
                let info = &coverage.categories[c];
                let [r, g, b] = crate::render::style::tier_color(&info.tier);
                let within = crate::analysis::coverage::within(route.distance, info.radius_m);
                overlay.routes.push(super::overlay::RouteLine {
                    points: route.points.iter().map(|c| [c.x, c.y]).collect(),
                    color: if within {
                        Color32::from_rgb(r, g, b)
                    } else {
                        Color32::from_rgba_unmultiplied(r, g, b, 110)
                    },
                    // Labels for what is out of reach or looked at; the panel lists all.
                    label: if !within || gap == Some(c) {
                        tr!(
                            "review-route",
                            category = info.display_name(),
                            distance = format!("{:.0}", route.distance),
                            minutes = format!("{:.1}", route.distance / speed)
                        )
                    } else {
                        String::new()
                    },
                });
            }
        }
        overlay.conflicts = self.conflict_outlines(plan, problems).to_vec();
        overlay
    }

    fn ensure_heat(
        &mut self,
        plan: &Plan,
        coverage: &Coverage,
        reference: &Reference,
        access: Option<&crate::analysis::access::Access>,
    ) {
        if self.heat.is_difference() {
            self.other(plan, coverage, reference);
        }
        let other = self.other.as_ref();
        let places = access.map(|a| (a, reference));
        self.heat.ensure(plan, coverage, other, places);
    }

    /// The readout of the cell under the cursor: its value and the required categories
    /// missing at its centre (decided as for a home).
    fn hover_text(&mut self, coverage: &Coverage, p: Point<f64>) -> Option<String> {
        let grid = self.heat.grid()?;
        let cell = grid.cell_at(p)?;
        if let Some((at, text)) = &self.hover
            && *at == cell
        {
            return Some(text.clone());
        }
        let value = grid.get(cell.0, cell.1);
        let centre = grid.center(cell.0, cell.1);
        let missing: Vec<String> = (0..coverage.categories.len())
            .filter(|&c| coverage.categories[c].required)
            .filter(|&c| {
                !coverage.distance_at(c, centre).is_some_and(|d| {
                    crate::analysis::coverage::within(d, coverage.categories[c].radius_m)
                })
            })
            .map(|c| coverage.categories[c].display_name())
            .collect();
        let shown = if !value.is_finite() {
            tr("heat-hover-no-value")
        } else if self.heat.is_difference() {
            format!("{value:+.2}")
        } else {
            match self.heat.kind {
                HeatValue::Count => {
                    tr!("heat-hover-categories", n = format!("{value:.0}"))
                }
                HeatValue::Score => format!("{:.0} %", value * 100.0),
                HeatValue::Distance(()) => format!("{value:.0} m"),
                HeatValue::Places(()) => tr!("heat-hover-places", value = format!("{value:.2}")),
            }
        };
        let text = if missing.is_empty() {
            format!("{shown}\n{}", tr("heat-hover-nothing-missing"))
        } else {
            let list = missing.join(&tr("list-separator"));
            format!("{shown}\n{}", tr!("heat-hover-missing", list = list))
        };
        self.hover = Some((cell, text.clone()));
        Some(text)
    }

    /// Outlines of the areas where two parcels' rights overlap.
    fn conflict_outlines(&mut self, plan: &Plan, problems: &[Problem]) -> &[Vec<[f64; 2]>] {
        use geo::BooleanOps;
        if self.conflicts.is_none() {
            let find = |id: &str| plan.parcels.iter().find(|p| p.id.as_str() == id);
            let mut rings = Vec::new();
            for problem in problems
                .iter()
                .filter(|p| p.kind == crate::model::ProblemKind::RightsConflict)
                .take(500)
            {
                let (Some(a), Some(b)) = (
                    problem.feature.as_deref().and_then(find),
                    problem.other.as_deref().and_then(find),
                ) else {
                    continue;
                };
                let overlap = if a.id == b.id {
                    a.shape.clone()
                } else {
                    a.shape.intersection(&b.shape)
                };
                for polygon in &overlap.0 {
                    rings.push(polygon.exterior().0.iter().map(|c| [c.x, c.y]).collect());
                }
            }
            self.conflicts = Some(rings);
        }
        self.conflicts.as_deref().unwrap_or_default()
    }

    /// Parcel indices of the homes outlined for the chosen gap (once drawn).
    pub fn gap_parcels(&self) -> Option<&[usize]> {
        self.gap_homes.as_deref()
    }

    /// The panel. Returns what the editor should do.
    pub fn ui(&mut self, ui: &mut Ui, cx: &ReviewContext) -> Vec<Action> {
        let (plan, coverage, reference) = (cx.plan, cx.coverage, cx.reference);
        let (problems, selection) = (cx.problems, cx.selection);
        let mut actions = Vec::new();
        ui.heading(tr("review-heading"));
        self.heat_ui(ui, coverage, &mut actions);
        ui.separator();
        ui.horizontal_wrapped(|ui| {
            for tab in Tab::ALL {
                ui.selectable_value(&mut self.tab, tab, tab.label());
            }
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("review")
            .show(ui, |ui| match self.tab {
                Tab::Coverage => {
                    coverage_tab::ui(self, ui, plan, coverage, reference, &mut actions)
                }
                Tab::Land => land_tab::ui(self, ui, plan, reference, coverage.scenario),
                Tab::Mix => {
                    mix_tab::ui(self, ui, plan, coverage, reference, selection, &mut actions)
                }
                Tab::Zoning => {
                    zoning_tab::ui(self, ui, plan, reference, coverage.scenario, &mut actions)
                }
                Tab::Scenarios => {
                    scenarios_tab::ui(self, ui, plan, coverage, reference, &mut actions)
                }
                Tab::Terms => terms_tab::ui(&mut self.terms, ui, plan, coverage.scenario),
                Tab::Problems => problems_tab::ui(ui, problems, &mut actions),
            });
        actions
    }

    /// Heatmap controls and legend.
    fn heat_ui(&mut self, ui: &mut Ui, coverage: &Coverage, actions: &mut Vec<Action>) {
        let before = (
            self.heat.shown,
            self.heat.kind,
            self.heat.category,
            self.heat.cell_m,
            self.heat.difference,
        );
        ui.checkbox(&mut self.heat.shown, tr("heat-toggle"))
            .on_hover_text(tr("heat-toggle.tooltip"));
        if !self.heat.shown {
            return;
        }
        ui.horizontal(|ui| {
            egui::ComboBox::from_label(tr("heat-value"))
                .selected_text(crate::render::present::heat_label(&self.heat.kind))
                .show_ui(ui, |ui| {
                    for kind in heat::HeatKind::ALL {
                        ui.selectable_value(
                            &mut self.heat.kind,
                            kind,
                            crate::render::present::heat_label(&kind),
                        );
                    }
                });
        });
        ui.horizontal(|ui| {
            if self.heat.kind.has_category() && !coverage.categories.is_empty() {
                let current = self.heat.category.min(coverage.categories.len() - 1);
                egui::ComboBox::from_label(tr("heat-value-of"))
                    .selected_text(coverage.categories[current].display_name())
                    .show_ui(ui, |ui| {
                        for (c, info) in coverage.categories.iter().enumerate() {
                            ui.selectable_value(&mut self.heat.category, c, info.display_name());
                        }
                    });
            }
        });
        ui.horizontal(|ui| {
            ui.label(tr("heat-distances"));
            let mut metric = coverage.options.metric;
            ui.radio_value(&mut metric, Metric::Euclidean, tr("heat-straight-line"));
            ui.radio_value(&mut metric, Metric::Network, tr("heat-walking-network"));
            if metric != coverage.options.metric {
                actions.push(Action::SetMetric(metric));
            }
        });
        ui.horizontal(|ui| {
            ui.label(tr("heat-cell"));
            // Zero until the first heatmap picks a size for the plan's extent.
            if self.heat.cell_m > 0.0 {
                ui.add(
                    egui::DragValue::new(&mut self.heat.cell_m)
                        .range(5.0..=500.0)
                        .speed(1.0)
                        .suffix(" m"),
                );
            } else {
                ui.label(tr("heat-cell-auto"));
            }
            ui.add(
                egui::Slider::new(&mut self.heat.opacity, 0.1..=1.0)
                    .show_value(false)
                    .text(tr("heat-opacity")),
            );
        });
        ui.checkbox(&mut self.heat.difference, tr("heat-difference"));
        let after = (
            self.heat.shown,
            self.heat.kind,
            self.heat.category,
            self.heat.cell_m,
            self.heat.difference,
        );
        if after != before {
            self.heat.reset();
        }
        self.legend_ui(ui);
    }

    /// The colour ramp with its values.
    fn legend_ui(&self, ui: &mut Ui) {
        ui.label(egui::RichText::new(tr("heat-legend")).small().strong());
        ui.label(egui::RichText::new(&self.heat.title).small());
        let (rect, _) = ui.allocate_exact_size(
            egui::vec2(ui.available_width().min(260.0), 12.0),
            egui::Sense::hover(),
        );
        let (lo, hi) = self.heat.range;
        let steps = 32;
        let mut mesh = egui::Mesh::default();
        for k in 0..steps {
            let t0 = k as f32 / steps as f32;
            let t1 = (k + 1) as f32 / steps as f32;
            let v = lo + (hi - lo) * f64::from((t0 + t1) / 2.0);
            let r = egui::Rect::from_min_max(
                egui::pos2(rect.left() + rect.width() * t0, rect.top()),
                egui::pos2(rect.left() + rect.width() * t1, rect.bottom()),
            );
            mesh.add_colored_rect(r, self.heat.color(v));
        }
        ui.painter().add(egui::Shape::mesh(mesh));
        let fmt = |v: f64| {
            if self.heat.kind == HeatValue::Score && !self.heat.difference {
                format!("{:.0} %", v * 100.0)
            } else {
                format!("{v:.0}")
            }
        };
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(fmt(lo)).small());
            ui.add_space((rect.width() - 80.0).max(0.0));
            ui.label(egui::RichText::new(fmt(hi)).small());
        });
    }
}

/// Options for a coverage with another metric.
pub fn options_with(metric: Metric) -> CoverageOptions {
    CoverageOptions {
        metric,
        ..Default::default()
    }
}
