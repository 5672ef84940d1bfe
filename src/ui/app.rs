//! The editor application: the document (plan + history + file), the view state
//! (camera, selection, layers) and caches (parcel meshes, live coverage). Panels read the
//! plan and return edit commands; the app applies them after the UI pass, so every change
//! goes through the history.

use std::path::PathBuf;

use egui::Ui;

use super::canvas::{ParcelMeshes, canvas_ui, default_scenario, plan_extent};
use super::commands::UiCommand;
use super::strata_editor::{StrataEditor, section_view_ui, strata_editor_ui};
use super::transform::ScreenFromWorld;
use crate::analysis::{Coverage, CoverageOptions};
use crate::edit::{EditCmd, History, remove_parcel};
use crate::model::{Plan, Reference, Scenario, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    Parcel(usize),
    Facility(usize),
}

/// State that belongs to the view, not to the document.
pub struct ViewState {
    pub camera: ScreenFromWorld,
    pub fitted: bool,
    pub scenario: Scenario,
    pub selection: Option<Selection>,
    pub show_streets: bool,
    pub show_facilities: bool,
    pub show_labels: bool,
    pub cursor_in_world: Option<[f64; 2]>,
    /// Facility being dragged and where the drag started.
    pub dragging_facility: Option<(usize, egui::Pos2)>,
    pub tool: Tool,
    /// Vertices of the parcel being drawn (world metres).
    pub drawing: Vec<[f64; 2]>,
    /// Category placed by the facility tool.
    pub facility_category: String,
    pub snapping: bool,
    pub show_legend: bool,
    /// The measure tool's last reading.
    pub measurement: Option<String>,
    pub show_table: bool,
    pub table: super::table::TableState,
    /// Corner of the selected parcel under the pointer (vertex tool).
    pub hovered_vertex: Option<crate::edit::geometry::VertexRef>,
    /// Corner being dragged, or edge (after this corner) whose middle is being dragged.
    pub dragging_vertex: Option<(crate::edit::geometry::VertexRef, bool)>,
}

/// What a primary click or drag on the canvas does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Select,
    DrawParcel,
    DrawRectangle,
    PlaceFacility,
    EditVertices,
    Split,
    Merge,
    DrawStreet,
    Measure,
}

impl Tool {
    pub const ALL: [Tool; 9] = [
        Tool::Select,
        Tool::DrawParcel,
        Tool::DrawRectangle,
        Tool::PlaceFacility,
        Tool::EditVertices,
        Tool::Split,
        Tool::Merge,
        Tool::DrawStreet,
        Tool::Measure,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tool::Select => "Select",
            Tool::DrawParcel => "Draw parcel",
            Tool::DrawRectangle => "Draw rectangle",
            Tool::PlaceFacility => "Place facility",
            Tool::EditVertices => "Edit vertices",
            Tool::Split => "Split",
            Tool::Merge => "Merge",
            Tool::DrawStreet => "Draw street",
            Tool::Measure => "Measure",
        }
    }

    pub fn key(self) -> egui::Key {
        match self {
            Tool::Select => egui::Key::V,
            Tool::DrawParcel => egui::Key::P,
            Tool::DrawRectangle => egui::Key::R,
            Tool::PlaceFacility => egui::Key::F,
            Tool::EditVertices => egui::Key::N,
            Tool::Split => egui::Key::K,
            Tool::Merge => egui::Key::M,
            Tool::DrawStreet => egui::Key::L,
            Tool::Measure => egui::Key::D,
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            Tool::Select => "Click to select, drag a facility to move it (V)",
            Tool::DrawParcel => {
                "Click the corners; Enter or double-click finishes, Backspace removes the last, Esc cancels (P)"
            }
            Tool::DrawRectangle => "Drag from corner to corner (R)",
            Tool::PlaceFacility => "Click to place a facility of the chosen category (F)",
            Tool::EditVertices => {
                "Drag a corner of the selected parcel to move it, drag an edge's middle to add one; Delete removes the corner under the pointer (N)"
            }
            Tool::Split => {
                "Click two points: the selected parcel is cut along the line through them (K)"
            }
            Tool::Merge => "Click a parcel to merge it into the selected one (M)",
            Tool::DrawStreet => {
                "Click along a walkable street; Enter or double-click finishes. Streets connect where they share a corner: snap to one (L)"
            }
            Tool::Measure => {
                "Click points: distance along them and, from three points, the area they enclose; Esc clears (D)"
            }
        }
    }
}

/// The plan being edited, its history and where it is saved.
pub struct Document {
    pub plan: Plan,
    pub history: History,
    pub path: Option<PathBuf>,
}

pub struct StrataApp {
    pub doc: Document,
    pub view: ViewState,
    pub reference: Reference,
    meshes: ParcelMeshes,
    coverage: Coverage,
    /// Residents with each required category in reach, summed, before the last edit.
    last_change: Option<String>,
    pub status: String,
    name_buffer: Option<(usize, String)>,
    fonts_installed: bool,
    strata_editor: Option<StrataEditor>,
    /// Problems of the plan (`strata check`), kept current after every edit.
    pub problems: Vec<crate::model::Problem>,
    /// The status bar's coverage line, recomputed when coverage changes (not every frame).
    coverage_summary: String,
    /// Score of each home parcel, for the attribute table.
    home_scores: std::collections::HashMap<crate::model::ParcelId, f64>,
    pub smoke: Option<SmokeRun>,
}

impl StrataApp {
    pub fn new(plan: Plan, path: Option<PathBuf>, reference: Reference) -> Self {
        let scenario = default_scenario(&plan);
        let coverage = Coverage::compute(
            &plan,
            scenario,
            &reference.standard,
            CoverageOptions::default(),
        );
        let meshes = ParcelMeshes::build(&plan);
        Self {
            view: ViewState {
                camera: ScreenFromWorld {
                    center_in_world: [0.0, 0.0],
                    pixels_per_meter: 0.5,
                    screen_rect: egui::Rect::from_min_size(
                        egui::Pos2::ZERO,
                        egui::vec2(800.0, 600.0),
                    ),
                },
                fitted: false,
                scenario,
                selection: None,
                show_streets: true,
                show_facilities: true,
                show_labels: true,
                cursor_in_world: None,
                dragging_facility: None,
                tool: Tool::Select,
                drawing: Vec::new(),
                facility_category: "kindergarten".into(),
                hovered_vertex: None,
                dragging_vertex: None,
                snapping: true,
                show_legend: true,
                measurement: None,
                show_table: false,
                table: Default::default(),
            },
            doc: Document {
                plan,
                history: History::new(),
                path,
            },
            reference,
            meshes,
            coverage,
            last_change: None,
            status: String::new(),
            name_buffer: None,
            fonts_installed: false,
            strata_editor: None,
            problems: Vec::new(),
            coverage_summary: String::new(),
            home_scores: Default::default(),
            smoke: None,
        }
        .with_problems()
    }

    fn with_problems(mut self) -> Self {
        self.problems = crate::analysis::validate_with(&self.doc.plan, &self.reference);
        self.refresh_summary();
        self
    }

    fn refresh_summary(&mut self) {
        self.home_scores = self
            .coverage
            .homes
            .iter()
            .enumerate()
            .map(|(h, home)| (home.parcel.clone(), self.coverage.score(h)))
            .collect();
        let report = crate::analysis::report::coverage_report(&self.coverage);
        self.coverage_summary = format!(
            "{} homes, {:.0} residents, score {:.1} %",
            report.homes,
            report.population,
            report.score * 100.0
        );
    }

    /// Window title: plan name, file, and `*` with unsaved changes.
    pub fn title(&self) -> String {
        let dirty = if self.doc.history.is_dirty() { "*" } else { "" };
        let file = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        match file {
            Some(file) => format!("{dirty}{} — {file} — Strata", self.doc.plan.display_name()),
            None => format!("{dirty}{} — Strata", self.doc.plan.display_name()),
        }
    }

    fn covered_residents(&self) -> f64 {
        (0..self.coverage.categories.len())
            .filter(|&c| self.coverage.categories[c].required)
            .map(|c| {
                (0..self.coverage.homes.len())
                    .filter(|&h| self.coverage.covered(c, h))
                    .map(|h| self.coverage.homes[h].population)
                    .sum::<f64>()
            })
            .sum()
    }

    /// Applies an edit through the history and keeps the caches current.
    pub fn apply(&mut self, cmd: EditCmd) {
        let label = cmd.label();
        let before = self.covered_residents();
        match self.doc.history.apply(&mut self.doc.plan, cmd) {
            Ok(effects) => {
                self.after_edit(&effects);
                let delta = self.covered_residents() - before;
                self.last_change = Some(format!("{label}: {delta:+.0} resident-services in reach"));
            }
            Err(e) => self.status = e.to_string(),
        }
    }

    fn after_edit(&mut self, effects: &crate::edit::Effects) {
        self.meshes = ParcelMeshes::build(&self.doc.plan);
        self.coverage
            .update(&self.doc.plan, &self.reference.standard, &effects.changes());
        // Indices may have shifted: drop a selection that no longer points anywhere.
        self.view.selection = match self.view.selection {
            Some(Selection::Parcel(i)) if i < self.doc.plan.parcels.len() => {
                Some(Selection::Parcel(i))
            }
            Some(Selection::Facility(i)) if i < self.doc.plan.facilities.len() => {
                Some(Selection::Facility(i))
            }
            _ => None,
        };
        self.name_buffer = None;
        self.strata_editor = None;
        self.problems = crate::analysis::validate_with(&self.doc.plan, &self.reference);
        self.refresh_summary();
    }

    pub fn run_command(&mut self, command: UiCommand) {
        match command {
            UiCommand::Save => self.save(),
            UiCommand::ExportFlat => self.export_flat(),
            UiCommand::Undo => {
                if let Some(result) = self.doc.history.undo(&mut self.doc.plan) {
                    match result {
                        Ok(effects) => self.after_edit(&effects),
                        Err(e) => self.status = e.to_string(),
                    }
                }
            }
            UiCommand::Redo => {
                if let Some(result) = self.doc.history.redo(&mut self.doc.plan) {
                    match result {
                        Ok(effects) => self.after_edit(&effects),
                        Err(e) => self.status = e.to_string(),
                    }
                }
            }
            UiCommand::Delete if self.view.tool == Tool::EditVertices => {
                if let (Some(v), Some(Selection::Parcel(i))) =
                    (self.view.hovered_vertex, self.view.selection)
                {
                    let id = self.doc.plan.parcels[i].id.clone();
                    match crate::edit::geometry::delete_vertex(&self.doc.plan, &id, v) {
                        Ok(cmd) => self.apply(cmd),
                        Err(reason) => self.status = format!("Not deleted: {reason}"),
                    }
                }
            }
            UiCommand::Delete => {
                let cmd = match self.view.selection {
                    Some(Selection::Parcel(i)) => {
                        remove_parcel(&self.doc.plan, &self.doc.plan.parcels[i].id)
                    }
                    Some(Selection::Facility(i)) => Some(EditCmd::RemoveFacility {
                        index: i,
                        facility: Box::new(self.doc.plan.facilities[i].clone()),
                    }),
                    None => None,
                };
                if let Some(cmd) = cmd {
                    self.view.selection = None;
                    self.apply(cmd);
                }
            }
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
            UiCommand::ToggleFacilities => self.view.show_facilities = !self.view.show_facilities,
            UiCommand::ToggleLabels => self.view.show_labels = !self.view.show_labels,
            UiCommand::ToggleSnapping => self.view.snapping = !self.view.snapping,
            UiCommand::ToggleLegend => self.view.show_legend = !self.view.show_legend,
            UiCommand::ToggleTable => self.view.show_table = !self.view.show_table,
        }
    }

    fn export_flat(&mut self) {
        let Some(path) = self
            .doc
            .path
            .as_ref()
            .map(|p| p.with_extension("flat.geojson"))
        else {
            self.status = "Save the plan to a file first; the flat export goes beside it".into();
            return;
        };
        let written = crate::io::export::flat_value(&self.doc.plan, &self.reference)
            .map_err(|e| e.to_string())
            .and_then(|value| {
                let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())? + "\n";
                crate::io::write_atomically(&path, text.as_bytes()).map_err(|e| e.to_string())
            });
        self.status = match written {
            Ok(()) => format!("Exported {}", path.display()),
            Err(e) => format!("Not exported: {e}"),
        };
    }

    fn save(&mut self) {
        let Some(path) = self.doc.path.clone() else {
            self.status = "This plan has no file yet: export it with `strata export`".into();
            return;
        };
        match crate::io::save_plan(&self.doc.plan, &path) {
            Ok(()) => {
                self.doc.history.mark_saved();
                self.status = format!("Saved {}", path.display());
            }
            Err(e) => self.status = format!("Not saved: {e}"),
        }
    }

    /// The whole editor UI, inside any `Ui` (the window, or a test harness).
    pub fn ui_contents(&mut self, ui: &mut Ui) {
        if !self.fonts_installed {
            super::fonts::install_cjk_fallback(ui.ctx());
            self.fonts_installed = true;
        }
        // Keys without a modifier (Delete, S, +…) belong to a text field while one is focused.
        let typing = ui.ctx().memory(|m| m.focused().is_some());
        for command in UiCommand::ALL {
            if let Some(shortcut) = command.shortcut()
                && !(typing && shortcut.modifiers.is_none())
                && ui.input_mut(|i| i.consume_shortcut(&shortcut))
            {
                self.run_command(command);
            }
        }
        egui::Panel::top("menu").show(ui, |ui| {
            self.menu_ui(ui);
            self.toolbar_ui(ui);
        });
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.view.show_table {
            let clicked = egui::Panel::bottom("table")
                .resizable(true)
                .default_size(220.0)
                .show(ui, |ui| {
                    super::table::attribute_table_ui(
                        ui,
                        &mut self.view.table,
                        &self.doc.plan,
                        self.view.scenario,
                        &self.reference,
                        &self.home_scores,
                        match self.view.selection {
                            Some(Selection::Parcel(i)) => Some(i),
                            _ => None,
                        },
                    )
                })
                .inner;
            if let Some(i) = clicked {
                self.view.selection = Some(Selection::Parcel(i));
                if let Some(r) = geo::BoundingRect::bounding_rect(&self.doc.plan.parcels[i].shape) {
                    let pad = r.width().max(r.height()) * 1.5 + 20.0;
                    self.view.camera.fit(
                        [r.center().x - pad, r.center().y - pad],
                        [r.center().x + pad, r.center().y + pad],
                    );
                }
            }
        }
        egui::Panel::left("layers")
            .resizable(true)
            .show(ui, |ui| self.layers_panel_ui(ui));
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(320.0)
            .min_size(260.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| self.inspector_ui(ui))
            });
        let edits = egui::CentralPanel::no_frame()
            .show(ui, |ui| {
                canvas_ui(
                    ui,
                    &self.doc.plan,
                    &self.reference,
                    &self.meshes,
                    &mut self.view,
                )
            })
            .inner;
        for result in edits {
            match result {
                Ok(cmd) => self.apply(cmd),
                Err(reason) => self.status = format!("Not added: {reason}"),
            }
        }
    }

    fn command_button(&mut self, ui: &mut Ui, command: UiCommand) {
        let enabled = match command {
            UiCommand::Undo => self.doc.history.can_undo(),
            UiCommand::Redo => self.doc.history.can_redo(),
            UiCommand::Delete => self.view.selection.is_some(),
            _ => true,
        };
        let mut button = egui::Button::new(command.label());
        if let Some(shortcut) = command.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui
            .add_enabled(enabled, button)
            .on_hover_text(command.tooltip())
            .clicked()
        {
            self.run_command(command);
            ui.close();
        }
    }

    fn menu_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                self.command_button(ui, UiCommand::Save);
                self.command_button(ui, UiCommand::ExportFlat);
            });
            ui.menu_button("Edit", |ui| {
                self.command_button(ui, UiCommand::Undo);
                self.command_button(ui, UiCommand::Redo);
                self.command_button(ui, UiCommand::Delete);
            });
            ui.menu_button("View", |ui| {
                self.command_button(ui, UiCommand::ZoomToFit);
                self.command_button(ui, UiCommand::ZoomIn);
                self.command_button(ui, UiCommand::ZoomOut);
            });
        });
    }

    fn toolbar_ui(&mut self, ui: &mut Ui) {
        let text_focus = ui.ctx().memory(|m| m.focused().is_some());
        ui.horizontal(|ui| {
            for tool in Tool::ALL {
                let pressed =
                    !text_focus && ui.input(|i| i.key_pressed(tool.key()) && i.modifiers.is_none());
                let clicked = ui
                    .selectable_label(self.view.tool == tool, tool.label())
                    .on_hover_text(tool.tooltip())
                    .clicked();
                if clicked || pressed {
                    self.view.tool = tool;
                    self.view.drawing.clear();
                }
            }
            if self.view.tool == Tool::PlaceFacility {
                let standard = &self.reference.standard;
                egui::ComboBox::from_label("Category")
                    .selected_text(self.view.facility_category.clone())
                    .show_ui(ui, |ui| {
                        for c in &standard.categories {
                            ui.selectable_value(
                                &mut self.view.facility_category,
                                c.id.clone(),
                                format!("{} · {}", c.id, c.zh),
                            );
                        }
                    });
            }
        });
    }

    fn layers_panel_ui(&mut self, ui: &mut Ui) {
        ui.heading("Layers");
        ui.checkbox(
            &mut self.view.show_streets,
            UiCommand::ToggleStreets.label(),
        );
        ui.checkbox(
            &mut self.view.show_facilities,
            UiCommand::ToggleFacilities.label(),
        );
        ui.checkbox(&mut self.view.show_labels, UiCommand::ToggleLabels.label());
        ui.checkbox(&mut self.view.show_legend, UiCommand::ToggleLegend.label());
        ui.checkbox(&mut self.view.show_table, UiCommand::ToggleTable.label())
            .on_hover_text(UiCommand::ToggleTable.tooltip());
        ui.checkbox(&mut self.view.snapping, UiCommand::ToggleSnapping.label())
            .on_hover_text(UiCommand::ToggleSnapping.tooltip());
        ui.separator();
        ui.label("Scenario");
        let before = self.view.scenario;
        ui.radio_value(&mut self.view.scenario, Scenario::Existing, "Existing");
        ui.radio_value(&mut self.view.scenario, Scenario::Proposed, "Proposed");
        if self.view.scenario != before {
            self.view.selection = None;
            self.coverage = Coverage::compute(
                &self.doc.plan,
                self.view.scenario,
                &self.reference.standard,
                CoverageOptions::default(),
            );
            self.refresh_summary();
        }
    }

    fn status_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.label(&self.coverage_summary);
            if let Some(change) = &self.last_change {
                ui.separator();
                ui.label(change);
            }
            if let Some(p) = self.view.cursor_in_world {
                ui.separator();
                ui.label(format!("{:.1} m, {:.1} m", p[0], p[1]));
                if let Ok(projector) = self.doc.plan.frame.projector()
                    && let Ok([lon, lat]) = projector.to_lonlat(p[0], p[1])
                {
                    ui.label(format!("{lon:.6}° E {lat:.6}° N"));
                }
            }
            if !self.status.is_empty() {
                ui.separator();
                ui.label(&self.status);
            }
        });
    }

    fn inspector_ui(&mut self, ui: &mut Ui) {
        ui.heading("Inspector");
        let mut edits = Vec::new();
        match self.view.selection {
            None => {
                ui.label("Click a parcel or a facility.");
            }
            Some(Selection::Facility(i)) => {
                let f = &self.doc.plan.facilities[i];
                ui.label(format!("Facility {}", f.id));
                let category = self.reference.standard.category(&f.category);
                ui.label(format!(
                    "{} · {}",
                    f.category,
                    category.map_or("", |c| c.zh.as_str())
                ));
                if let Some(name) = &f.name {
                    ui.label(name);
                }
                ui.label("Drag it on the map to move it.");
            }
            Some(Selection::Parcel(i)) => {
                let parcel = &self.doc.plan.parcels[i];
                ui.label(format!(
                    "Parcel {} · {:.0} m² · {:.2} mu",
                    parcel.id,
                    parcel.area().m2(),
                    parcel.area().mu()
                ));
                let buffer = match &mut self.name_buffer {
                    Some((index, text)) if *index == i => text,
                    _ => {
                        self.name_buffer = Some((i, parcel.name.clone().unwrap_or_default()));
                        &mut self.name_buffer.as_mut().expect("just set").1
                    }
                };
                ui.horizontal(|ui| {
                    let label = ui.label("Name");
                    let response = ui.text_edit_singleline(buffer).labelled_by(label.id);
                    if response.lost_focus() {
                        let new = (!buffer.trim().is_empty()).then(|| buffer.trim().to_owned());
                        if new != parcel.name {
                            edits.push(EditCmd::SetName {
                                id: parcel.id.clone(),
                                old: parcel.name.clone(),
                                new,
                            });
                        }
                    }
                });
                let mut status = parcel.status;
                egui::ComboBox::from_label("Status")
                    .selected_text(status.map_or("—", |s| s.as_str()))
                    .show_ui(ui, |ui| {
                        for s in Status::ALL {
                            ui.selectable_value(&mut status, Some(s), s.as_str());
                        }
                    });
                if status != parcel.status {
                    edits.push(EditCmd::SetStatus {
                        id: parcel.id.clone(),
                        old: parcel.status,
                        new: status,
                    });
                }
                ui.separator();
                ui.label(format!("Strata ({})", parcel.strata.len()));
                for s in &parcel.strata {
                    let uses: Vec<String> = s
                        .uses
                        .iter()
                        .map(|u| {
                            let name = self
                                .reference
                                .classification
                                .get(&u.code)
                                .map_or("?", |c| c.zh.as_str());
                            format!("{} {} {:.0}%", u.code, name, u.share * 100.0)
                        })
                        .collect();
                    ui.group(|ui| {
                        ui.label(format!(
                            "{} · z [{}, {}) m · {} floors",
                            s.id,
                            s.z.bottom,
                            s.z.top,
                            s.floors.map_or("—".into(), |f| f.to_string())
                        ));
                        ui.label(uses.join(" + "));
                        let holders: Vec<String> = s
                            .holders
                            .iter()
                            .map(|h| format!("{} {:.0}%", h.name, h.share * 100.0))
                            .collect();
                        if !holders.is_empty() {
                            ui.label(holders.join(", "));
                        }
                    });
                }
                section_view_ui(ui, &parcel.strata, &self.reference);
                if self
                    .strata_editor
                    .as_ref()
                    .is_none_or(|e| e.parcel != parcel.id)
                {
                    self.strata_editor = Some(StrataEditor::new(parcel.id.clone(), &parcel.strata));
                }
                egui::CollapsingHeader::new("Edit strata").show(ui, |ui| {
                    if let Some(editor) = self.strata_editor.as_mut()
                        && let Some(new) =
                            strata_editor_ui(ui, editor, &self.reference, &parcel.strata)
                    {
                        edits.push(EditCmd::SetStrata {
                            id: parcel.id.clone(),
                            old: parcel.strata.clone(),
                            new,
                        });
                    }
                });
                let problems: Vec<&crate::model::Problem> = self
                    .problems
                    .iter()
                    .filter(|p| p.feature.as_deref() == Some(parcel.id.as_str()))
                    .collect();
                if !problems.is_empty() {
                    ui.separator();
                    ui.label(format!("Problems ({})", problems.len()));
                    for p in problems {
                        let color = if p.is_error() {
                            egui::Color32::from_rgb(200, 30, 30)
                        } else {
                            egui::Color32::from_rgb(180, 120, 0)
                        };
                        ui.colored_label(color, format!("[{}] {}", p.kind, p.message));
                    }
                }
            }
        }
        for cmd in edits {
            self.apply(cmd);
        }
    }
}

/// A smoke run (`strata open PLAN --screenshot FILE`): render a few frames, write what the
/// window shows to a PNG, then close. CI uses it to check that the editor really draws.
pub struct SmokeRun {
    pub out: PathBuf,
    pub after_frames: u32,
    frames: u32,
    requested: bool,
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl SmokeRun {
    pub fn new(out: PathBuf, after_frames: u32) -> Self {
        Self {
            out,
            after_frames,
            frames: 0,
            requested: false,
            done: Default::default(),
        }
    }

    fn step(&mut self, ctx: &egui::Context) {
        use std::sync::atomic::Ordering;
        self.frames += 1;
        ctx.request_repaint();
        if self.done.load(Ordering::SeqCst) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        } else if self.frames >= self.after_frames && !self.requested {
            self.requested = true;
            let (out, done) = (self.out.clone(), self.done.clone());
            ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(
                egui::ScreenshotCallback::new(move |image| {
                    let rgba: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
                    let written = crate::io::raster::png_bytes(
                        image.size[0] as u32,
                        image.size[1] as u32,
                        rgba,
                    )
                    .map_err(|e| e.to_string())
                    .and_then(|png| {
                        crate::io::write_atomically(&out, &png).map_err(|e| e.to_string())
                    });
                    if let Err(e) = written {
                        eprintln!("screenshot not written: {e}");
                    }
                    done.store(true, Ordering::SeqCst);
                }),
            ));
        }
    }
}

impl eframe::App for StrataApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        if let Some(smoke) = &mut self.smoke {
            smoke.step(ui.ctx());
        }
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            match crate::io::load_plan(&path, &Default::default()) {
                Ok(loaded) => {
                    *self = StrataApp::new(loaded.plan, Some(path), self.reference.clone())
                }
                Err(e) => self.status = format!("Cannot open {}: {e}", path.display()),
            }
        }
        let title = self.title();
        ui.ctx()
            .send_viewport_cmd(egui::ViewportCommand::Title(title));
        self.ui_contents(ui);
    }
}
