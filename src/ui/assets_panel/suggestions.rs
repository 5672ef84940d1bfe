//! The site suggestions section: a life-circle category, how many sites, which statuses
//! may host one; the suggested sites with the residents each newly covers and one-click
//! Apply; and the overlay that shows them on the canvas.

use egui::{Color32, Painter, Shape, Stroke, Ui};

use super::{AssetsAction, AssetsPanel, Overlay, covered_population, status_label};
use crate::analysis::Coverage;
use crate::analysis::suggest::{Candidates, Suggestions, suggest};
use crate::edit::create::host_facility;
use crate::i18n::{tr, tr_args};
use crate::model::{Plan, Reference, Status};
use crate::tr;

impl AssetsPanel {
    /// The section; suggestions are computed when asked, and again after every edit.
    pub(super) fn suggestions_ui(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        coverage: &Coverage,
        reference: &Reference,
        generation: u64,
        overlay: &mut Overlay,
    ) -> Option<AssetsAction> {
        self.request_ui(ui, reference, overlay);
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
                &reference.standard,
                &self.category,
                self.count,
                &candidates,
            )
            .ok()
            .map(|s| (generation, s));
            overlay.sites = self
                .result
                .as_ref()
                .map_or_else(Vec::new, |(_, s)| overlay_sites(plan, s));
        }
        let (_, found) = self.result.as_ref()?;
        sites_ui(ui, plan, reference, found)
    }

    /// What to suggest: the category (a change drops the last suggestions), how many
    /// sites, and the statuses of parcels that may host one.
    fn request_ui(&mut self, ui: &mut Ui, reference: &Reference, overlay: &mut Overlay) {
        let before = self.category.clone();
        egui::ComboBox::from_label(tr("assets-category"))
            .selected_text(reference.category_name(&self.category, crate::i18n::lang()))
            .show_ui(ui, |ui| {
                for c in &reference.standard.categories {
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
    }
}

/// The suggested sites and the homes each newly serves, as parcel indices for the
/// canvas (ids no longer in the plan are left out).
fn overlay_sites(plan: &Plan, s: &Suggestions) -> Vec<(usize, Vec<usize>)> {
    let index = |id: &crate::model::ParcelId| plan.parcels.iter().position(|p| &p.id == id);
    s.suggestions
        .iter()
        .filter_map(|x| {
            Some((
                index(&x.parcel)?,
                x.homes.iter().filter_map(index).collect(),
            ))
        })
        .collect()
}

/// How the sites were chosen, and one row per site: the residents it adds, the homes
/// it serves on hover, and Apply (the edit `strata suggest` stands for).
fn sites_ui(
    ui: &mut Ui,
    plan: &Plan,
    reference: &Reference,
    found: &Suggestions,
) -> Option<AssetsAction> {
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
                let land_use = reference
                    .standard
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
    t: &crate::ui::transform::ScreenFromWorld,
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
