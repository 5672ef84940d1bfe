//! Carrying out what the user asks for: a [`UiCommand`] (menus, shortcuts, tests) or an
//! action of the review panel. Edits go through `StrataApp::apply`; the rest changes the
//! view, the selection or the analysis settings.

use crate::edit::{EditCmd, remove_parcel};
use crate::i18n::tr;
use crate::model::Scenario;
use crate::tr;

use super::app::StrataApp;
use super::canvas::plan_extent;
use super::commands::UiCommand;
use super::files::Pending;
use super::selection::{Selection, facility_id, parcel_id};
use super::view::Tool;

impl StrataApp {
    pub fn run_command(&mut self, command: UiCommand) {
        match command {
            UiCommand::Open => self.guarded(Pending::Open(None)),
            UiCommand::Save => {
                self.save();
            }
            UiCommand::SaveAs => {
                self.save_as();
            }
            UiCommand::SelectAll => self.select_all(),
            UiCommand::MergeSelected => self.merge_selected(),
            UiCommand::ToggleHistory => self.show_history = !self.show_history,
            UiCommand::ToggleAvoidOverlaps => self.view.avoid_overlaps = !self.view.avoid_overlaps,
            UiCommand::ExportFlat => self.export_flat(),
            UiCommand::Import => self.start_import(),
            UiCommand::Export => self.export_as(),
            UiCommand::ExportSheets => self.export_sheets(),
            UiCommand::Undo => {
                self.step_history(false);
            }
            UiCommand::Redo | UiCommand::RedoAlt => {
                self.step_history(true);
            }
            UiCommand::Delete if self.view.tool == Tool::EditVertices => self.delete_vertex(),
            UiCommand::Delete => self.delete_selected(),
            UiCommand::ZoomToFit => {
                if let Some((min, max)) = plan_extent(&self.doc.plan) {
                    self.view.camera.fit(min, max);
                }
            }
            UiCommand::ZoomIn => self
                .view
                .camera
                .zoom_about(self.view.camera.screen_rect.center(), 1.25),
            UiCommand::ZoomOut => self
                .view
                .camera
                .zoom_about(self.view.camera.screen_rect.center(), 0.8),
            UiCommand::ToggleStreets => self.view.show_streets = !self.view.show_streets,
            UiCommand::ToggleFacilities => {
                self.view.show_facilities = !self.view.show_facilities;
                self.sync_look();
            }
            UiCommand::ToggleLabels => self.view.show_labels = !self.view.show_labels,
            UiCommand::ToggleSnapping => self.view.snapping = !self.view.snapping,
            UiCommand::ToggleLegend => self.view.show_legend = !self.view.show_legend,
            UiCommand::ToggleTable => self.view.show_table = !self.view.show_table,
        }
    }

    /// Every parcel of the shown scenario.
    fn select_all(&mut self) {
        let all: Vec<_> = self
            .doc
            .plan
            .parcels_in(self.view.scenario)
            .map(|p| p.id.clone())
            .collect();
        self.selected
            .select_only(all.first().cloned().map(Selection::Parcel));
        self.selected.others = all.into_iter().skip(1).collect();
    }

    fn merge_selected(&mut self) {
        let ids = self.selected.parcels();
        if ids.len() < 2 {
            self.status = tr("status-merge-hint");
            return;
        }
        match crate::edit::geometry::merge_many(&self.doc.plan, &ids[0], &ids[1..]) {
            Ok(cmd) => {
                let keep = ids[0].clone();
                self.apply(cmd);
                let kept = self.doc.plan.parcel(&keep).is_some();
                self.selected
                    .select_only(kept.then_some(Selection::Parcel(keep)));
            }
            Err(reason) => self.status = tr!("status-not-merged", reason = reason.text()),
        }
    }

    /// Removes the hovered corner of the inspected parcel (vertex tool).
    fn delete_vertex(&mut self) {
        let (Some(v), Some(id)) = (self.pointer.hovered_vertex, self.selected.parcel()) else {
            return;
        };
        match crate::edit::geometry::delete_vertex(&self.doc.plan, id, v) {
            Ok(cmd) => self.apply(cmd),
            Err(reason) => self.status = tr!("status-not-deleted", reason = reason.text()),
        }
    }

    /// Removes the selected parcels, or the selected facility.
    fn delete_selected(&mut self) {
        let plan = &self.doc.plan;
        let mut parcels = self.selected.parcel_indices(plan);
        let cmd = if parcels.len() > 1 {
            // From the back, so the recorded indices stay right.
            parcels.sort_unstable_by(|a, b| b.cmp(a));
            let steps: Vec<EditCmd> = parcels
                .iter()
                .filter_map(|&i| remove_parcel(plan, &plan.parcels[i].id))
                .collect();
            Some(EditCmd::Named {
                label: crate::edit::Label::DeleteParcels { n: steps.len() },
                cmd: Box::new(EditCmd::Batch(steps)),
            })
        } else if let Some(&i) = parcels.first() {
            remove_parcel(plan, &plan.parcels[i].id)
        } else {
            self.selected
                .facility_index(plan)
                .map(|i| EditCmd::RemoveFacility {
                    index: i,
                    facility: Box::new(plan.facilities[i].clone()),
                })
        };
        if let Some(cmd) = cmd {
            self.selected.select_only(None);
            self.apply(cmd);
        }
    }

    /// A new analysis of the whole plan: another scenario or metric.
    pub(super) fn recompute_coverage(
        &mut self,
        scenario: Scenario,
        metric: crate::analysis::Metric,
    ) {
        self.view.scenario = scenario;
        self.sync_look();
        self.analyses.recompute(&self.doc.plan, scenario, metric);
    }

    pub(super) fn review_action(&mut self, action: super::review::Action) {
        use super::review::Action;
        match action {
            Action::SelectParcel(i) => {
                if let Some(id) = parcel_id(&self.doc.plan, i) {
                    self.selected.select_only(Some(Selection::Parcel(id)));
                    self.zoom_to_parcel(i);
                }
            }
            Action::ZoomTo(id) => self.zoom_to_feature(&id),
            Action::SetMetric(metric) => self.recompute_coverage(self.view.scenario, metric),
            Action::SetScenario(scenario) => {
                self.selected.select_only(None);
                let metric = self.analyses.coverage.options.metric;
                self.recompute_coverage(scenario, metric);
            }
            Action::ColorBy(mode) => {
                self.view.color_mode = mode;
                self.sync_look();
            }
        }
    }

    /// Selects a parcel or facility by id (a problem's feature) and shows it.
    fn zoom_to_feature(&mut self, id: &str) {
        let plan = &self.doc.plan;
        if let Some(i) = plan.parcels.iter().position(|p| p.id.as_str() == id) {
            let scenario = plan.parcels[i].scenario;
            let parcel = plan.parcels[i].id.clone();
            if scenario != self.view.scenario {
                let metric = self.analyses.coverage.options.metric;
                self.recompute_coverage(scenario, metric);
            }
            self.selected.select_only(Some(Selection::Parcel(parcel)));
            self.zoom_to_parcel(i);
        } else if let Some(i) = plan.facilities.iter().position(|f| f.id.as_str() == id) {
            let p = plan.facilities[i].position;
            let facility = facility_id(plan, i);
            self.selected.select_only(facility.map(Selection::Facility));
            self.view.camera.fit(
                [p.x() - 150.0, p.y() - 150.0],
                [p.x() + 150.0, p.y() + 150.0],
            );
        }
    }

    /// Zooms to a parcel (by its index this frame).
    pub(super) fn zoom_to_parcel(&mut self, i: usize) {
        let Some(parcel) = self.doc.plan.parcels.get(i) else {
            return;
        };
        if let Some(r) = geo::BoundingRect::bounding_rect(&parcel.shape) {
            let pad = r.width().max(r.height()) * 1.5 + 20.0;
            self.view.camera.fit(
                [r.center().x - pad, r.center().y - pad],
                [r.center().x + pad, r.center().y + pad],
            );
        }
    }
}
