//! The editor application, in four parts: the [`Document`] (plan, history, file), the
//! [`Analyses`] derived from it (kept current by one `after_edit`), the [`ViewState`]
//! (preferences and camera) and the [`Pointer`] (what the pointer is doing, one
//! [`Interaction`]), with the [`Selected`] things by id. Panels read borrowed state and
//! return edit commands; the app applies them after the UI pass, so every change goes
//! through the history.
//!
//! Where the rest is: `document.rs`, `files.rs` (open, save, recovery), `analyses.rs`,
//! `view.rs`, `selection.rs`, `interaction.rs`, `chrome.rs` (menus, toolbar, layers,
//! status), `inspector.rs`, `canvas.rs` (drawing the map) and `tools/` (one unit per
//! tool), `review/` (the review panel), `table.rs`, `assets_panel.rs`.

use std::path::PathBuf;

use egui::Ui;

use crate::i18n::tr;
use crate::tr;

use super::analyses::Analyses;
use super::canvas::{CanvasContext, CanvasState, canvas_ui, default_scenario};
use super::commands::UiCommand;
use super::dialogs::{FileDialogs, NativeDialogs};
pub use super::document::Document;
pub use super::files::{Autosave, Pending};
use super::inspector::{InspectorContext, InspectorState, inspector_ui};
pub use super::interaction::{Interaction, Pointer};
use super::map_cache::ColorMode;
pub use super::selection::{Selected, Selection};
pub use super::smoke::SmokeRun;
pub use super::view::ViewState;
use crate::edit::EditCmd;
use crate::model::{Plan, Reference};

pub struct StrataApp {
    pub doc: Document,
    pub view: ViewState,
    /// What is selected, by id.
    pub selected: Selected,
    /// What the pointer is doing on the canvas.
    pub pointer: Pointer,
    pub reference: Reference,
    /// Coverage, problems, map cache, review: everything derived from the plan.
    pub analyses: Analyses,
    pub status: String,
    inspector: InspectorState,
    pub(super) fonts_installed: bool,
    pub smoke: Option<SmokeRun>,
    pub bench: Option<super::frame_bench::FrameBench>,
    /// Where Open and Save As get their paths (native dialogs; tests script them).
    pub dialogs: Box<dyn FileDialogs>,
    /// What waits for an answer about unsaved changes.
    pub confirm: Option<Pending>,
    /// A recovery copy from a session that did not close cleanly, offered at start.
    pub recovery_offer: Option<crate::session::recovery::Leftover>,
    pub autosave: Autosave,
    /// A plan to open, taken by the window shell (which loads it in the background) or,
    /// without a shell, opened at the end of the frame.
    pub open_request: Option<PathBuf>,
    pub loads_in_background: bool,
    /// The window may close (nothing unsaved, or the user said so).
    pub(super) allow_close: bool,
    pub show_history: bool,
    /// Inventory and site suggestions (issue 9).
    pub assets: super::assets_panel::AssetsPanel,
    /// Suggested sites drawn on the canvas (assets panel).
    pub assets_overlay: super::assets_panel::Overlay,
    /// The plan file on disk: changed behind the editor's back, open in another window.
    pub file_guard: super::file_guard::FileGuard,
    /// File → Import…, while its dialog is open.
    pub import: Option<super::import_dialog::ImportDialog>,
    /// The plan's underlays on the canvas (opened sources, painted textures).
    pub underlays: super::underlays::Underlays,
    /// The 3D view (shown instead of the map when switched on).
    pub view3d: super::view3d::View3d,
}

impl StrataApp {
    pub fn new(plan: Plan, path: Option<PathBuf>, reference: Reference) -> Self {
        Self::new_with_progress(plan, path, reference, &|_| {})
    }

    /// The editor on a plan, saying what it is doing (for the loading screen).
    pub fn new_with_progress(
        plan: Plan,
        path: Option<PathBuf>,
        reference: Reference,
        progress: &dyn Fn(&str),
    ) -> Self {
        let scenario = default_scenario(&plan);
        let plan = std::sync::Arc::new(plan);
        // Fingerprinted while the analyses start (hashing a city's file is a fifth of a
        // second): a change on disk during a long open is not missed.
        let (file_guard, analyses) = std::thread::scope(|s| {
            let guard = s.spawn(|| super::file_guard::FileGuard::opened(path.as_deref()));
            let analyses = Analyses::new(&plan, &reference, scenario, progress);
            match guard.join() {
                Ok(guard) => (guard, analyses),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        });
        Self {
            doc: Document::new(plan, path),
            view: ViewState::new(scenario),
            selected: Selected::default(),
            pointer: Pointer::default(),
            reference,
            analyses,
            status: String::new(),
            inspector: InspectorState::default(),
            fonts_installed: false,
            smoke: None,
            bench: None,
            dialogs: Box::new(NativeDialogs),
            confirm: None,
            recovery_offer: None,
            autosave: Autosave::new(),
            open_request: None,
            loads_in_background: false,
            allow_close: false,
            show_history: false,
            assets: Default::default(),
            assets_overlay: Default::default(),
            file_guard,
            import: None,
            underlays: Default::default(),
            view3d: Default::default(),
        }
    }

    /// Window title: plan name, file, and `*` with unsaved changes.
    pub fn title(&self) -> String {
        self.doc.title()
    }

    /// The measure tool's last reading.
    pub fn measurement(&self) -> Option<&str> {
        self.pointer.interaction.measurement()
    }

    /// Applies an edit made on the canvas. A parcel just drawn is selected, so the
    /// inspector shows it at once for its use, strata and controls (as QGIS opens the
    /// attribute form after digitizing).
    fn apply_drawn(&mut self, cmd: EditCmd) {
        let drawn = match &cmd {
            EditCmd::AddParcel { parcel, .. } => Some(parcel.id.clone()),
            _ => None,
        };
        self.apply(cmd);
        if let Some(id) = drawn
            && self.doc.plan.parcel(&id).is_some()
        {
            self.selected.select_only(Some(Selection::Parcel(id)));
        }
    }

    /// Applies an edit through the history and keeps the analyses current.
    pub fn apply(&mut self, cmd: EditCmd) {
        let label = cmd.label();
        match crate::timings::stage("edit: apply", || self.doc.apply(cmd)) {
            Ok(effects) => self.after_edit(&effects, &label),
            Err(e) => self.status = e,
        }
    }

    /// Undoes (or redoes) one step; false when there was none.
    pub fn step_history(&mut self, redo: bool) -> bool {
        match self.doc.step(redo) {
            Some(Ok(effects)) => {
                let label = if redo {
                    tr("history-redid")
                } else {
                    tr("history-undid")
                };
                self.after_edit(&effects, &label);
                true
            }
            Some(Err(e)) => {
                self.status = e;
                false
            }
            None => false,
        }
    }

    /// After any change of the plan: the analyses follow, a facility held in a drag is
    /// let go (the plan has it where it says), the selection keeps what still exists.
    fn after_edit(&mut self, effects: &crate::model::Changes, label: &str) {
        if self.pointer.interaction.held_facility().is_some() {
            // An edit (a shortcut, a panel) while a facility is held ends the drag.
            self.pointer.interaction = Interaction::Idle;
        }
        self.analyses.after_edit(&self.doc.plan, effects, label);
        crate::timings::stage("edit: 3D view", || {
            self.view3d.plan_changed(effects, self.doc.generation)
        });
        self.selected.retain_existing(&self.doc.plan);
        self.inspector.reset();
    }

    /// The map shows what the view asks for (colour mode, facilities in the overview).
    pub(super) fn sync_look(&mut self) {
        let places = self
            .analyses
            .coverage
            .categories
            .iter()
            .position(|c| c.id == self.view.places_category)
            .unwrap_or(0);
        self.analyses.set_look(
            &self.doc.plan,
            self.view.color_mode,
            self.view.show_facilities,
            places,
        );
    }

    /// The analysis follows a facility held in a drag as a what-if, and the plan again
    /// once it is let go without an edit.
    fn follow_held_facility(&mut self) {
        match self.pointer.interaction.held_facility() {
            Some((id, Some(at))) => {
                let id = id.clone();
                self.analyses.hold_facility(&self.doc.plan, &id, at);
            }
            Some((_, None)) => {}
            None if self.analyses.holds_what_if() => {
                self.analyses.release_facility(&self.doc.plan);
            }
            None => {}
        }
    }

    /// The whole editor UI, inside any `Ui` (the window, or a test harness).
    pub fn ui_contents(&mut self, ui: &mut Ui) {
        if !self.fonts_installed {
            super::fonts::install_cjk_fallback(ui.ctx());
            self.fonts_installed = true;
        }
        self.shortcuts(ui);
        egui::Panel::top("menu").show(ui, |ui| {
            self.menu_ui(ui);
            self.toolbar_ui(ui);
        });
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.view.show_table {
            self.table_panel(ui);
        }
        egui::Panel::left("layers")
            .resizable(true)
            .show(ui, |ui| self.layers_panel_ui(ui));
        if self.assets.open {
            self.assets_panel(ui);
        } else {
            self.assets_overlay.sites.clear();
        }
        self.inspector_panel(ui);
        if self.analyses.review.shown {
            self.review_panel(ui);
        }
        self.sync_look();
        self.update_underlays(ui.ctx());
        egui::Panel::top("view-switch")
            .show(ui, |ui| super::view3d::view_switch_ui(ui, &mut self.view3d));
        if self.view3d.shown {
            self.view3d_panel(ui);
        } else {
            self.canvas_panel(ui);
        }
        self.modals_ui(ui);
        self.import_ui(ui.ctx());
        super::file_guard::file_guard_ui(self, ui);
        self.end_of_frame(ui);
    }

    /// The commands whose shortcut was pressed this frame.
    fn shortcuts(&mut self, ui: &mut Ui) {
        // Keys without a modifier (Delete, S, +…) belong to a text field while one is focused.
        let typing = ui.ctx().memory(|m| m.focused().is_some());
        for command in super::commands::by_specificity() {
            // While typing, plain keys and the text editing shortcuts belong to the field.
            let text_shortcut = matches!(
                command,
                UiCommand::SelectAll | UiCommand::Undo | UiCommand::Redo | UiCommand::RedoAlt
            );
            if let Some(shortcut) = command.shortcut()
                && !(typing && (shortcut.modifiers.is_none() || text_shortcut))
                && ui.input_mut(|i| i.consume_shortcut(&shortcut))
            {
                self.run_command(command);
            }
        }
    }

    /// The attribute table; a clicked row selects its parcel and shows it.
    fn table_panel(&mut self, ui: &mut Ui) {
        let selected = self.selected.parcel_index(&self.doc.plan);
        let scores = self.analyses.home_scores();
        let cx = super::table::TableContext {
            plan: &self.doc.plan,
            scenario: self.view.scenario,
            reference: &self.reference,
            scores,
            selected,
        };
        let table = &mut self.view.table;
        let clicked = egui::Panel::bottom("table")
            .resizable(true)
            .default_size(220.0)
            .show(ui, |ui| super::table::attribute_table_ui(ui, table, &cx))
            .inner;
        if let Some(i) = clicked
            && let Some(id) = super::selection::parcel_id(&self.doc.plan, i)
        {
            self.selected.primary = Some(Selection::Parcel(id));
            self.zoom_to_parcel(i);
        }
    }

    fn assets_panel(&mut self, ui: &mut Ui) {
        use super::assets_panel::AssetsAction;
        let action = egui::Panel::right("assets")
            .resizable(true)
            .default_size(380.0)
            .show(ui, |ui| {
                self.assets.assets_panel_ui(
                    ui,
                    &self.doc.plan,
                    &self.analyses.coverage,
                    &self.reference,
                    self.doc.generation,
                    &mut self.assets_overlay,
                )
            })
            .inner;
        match action {
            Some(AssetsAction::Apply(cmd)) => self.apply(cmd),
            Some(AssetsAction::Refused(reason)) => {
                self.status = tr!("status-not-added", reason = reason)
            }
            Some(AssetsAction::Select(i)) => {
                if let Some(id) = super::selection::parcel_id(&self.doc.plan, i) {
                    self.selected.primary = Some(Selection::Parcel(id));
                }
            }
            Some(AssetsAction::ColorByValuation) => {
                self.view.color_mode = ColorMode::Valuation;
                self.sync_look();
            }
            None => {}
        }
    }

    fn inspector_panel(&mut self, ui: &mut Ui) {
        let cx = InspectorContext {
            plan: &self.doc.plan,
            reference: &self.reference,
            problems: &self.analyses.checked.problems,
            selected: &self.selected,
        };
        let state = &mut self.inspector;
        let edits = egui::Panel::right("inspector")
            .resizable(true)
            .default_size(320.0)
            .min_size(260.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .show(ui, |ui| inspector_ui(ui, &cx, state))
                    .inner
            })
            .inner;
        for cmd in edits {
            self.apply(cmd);
        }
    }

    fn review_panel(&mut self, ui: &mut Ui) {
        let selection = self.selected.parcel_indices(&self.doc.plan);
        let analyses = &mut self.analyses;
        let cx = super::review::ReviewContext {
            plan: &self.doc.plan,
            coverage: &analyses.coverage,
            reference: &self.reference,
            problems: &analyses.checked.problems,
            access: analyses.access.as_ref(),
            selection: &selection,
        };
        let review = &mut analyses.review;
        let actions = egui::Panel::right("review")
            .resizable(true)
            .default_size(340.0)
            .min_size(280.0)
            .show(ui, |ui| review.ui(ui, &cx))
            .inner;
        for action in actions {
            self.review_action(action);
        }
    }

    /// The map: the review's overlay is made, then the canvas draws and runs the tool;
    /// its edits are applied and the analysis follows a held facility.
    fn canvas_panel(&mut self, ui: &mut Ui) {
        let t = self.view.camera;
        let bounds = (
            t.world_from_screen(t.screen_rect.left_bottom()),
            t.world_from_screen(t.screen_rect.right_top()),
        );
        let selection = self.selected.parcel_indices(&self.doc.plan);
        let single = self
            .selected
            .parcel()
            .filter(|_| self.selected.others.is_empty())
            .and(selection.first().copied());
        let analyses = &mut self.analyses;
        // A picture of the plan as edited is made when the map shows it (overview.rs).
        let meters_per_point = 1.0 / t.pixels_per_meter;
        analyses.want_overviews(&self.doc.plan, meters_per_point);
        analyses.prepare_access(&self.doc.plan);
        analyses.isochrones.ensure(
            &self.doc.plan,
            &analyses.coverage,
            &self.reference,
            self.selected.facility(),
        );
        if analyses.isochrones.is_computing() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(200));
        }
        let review_cx = super::review::ReviewContext {
            plan: &self.doc.plan,
            coverage: &analyses.coverage,
            reference: &self.reference,
            problems: &analyses.checked.problems,
            access: analyses.access.as_ref(),
            selection: &selection,
        };
        let cursor = self.pointer.cursor_in_world;
        let mut overlay = analyses
            .review
            .overlay(ui.ctx(), &review_cx, single, bounds, cursor);
        overlay.isochrones = analyses.isochrones.shapes();
        let cx = CanvasContext {
            plan: &self.doc.plan,
            reference: &self.reference,
            cache: &analyses.map,
            overview: analyses.overview.texture.as_ref(),
            street_overview: analyses.street_overview.texture.as_ref(),
            overlay: &overlay,
            sites: &self.assets_overlay,
            import: self.import.as_ref(),
            underlays: &self.underlays,
        };
        let state = CanvasState {
            view: &mut self.view,
            selected: &mut self.selected,
            pointer: &mut self.pointer,
        };
        let edits = egui::CentralPanel::no_frame()
            .show(ui, |ui| canvas_ui(ui, &cx, state))
            .inner;
        for result in edits {
            match result {
                Ok(cmd) => self.apply_drawn(cmd),
                Err(reason) => self.status = tr!("status-not-added", reason = reason.text()),
            }
        }
        self.follow_held_facility();
    }

    /// The 3D view in the central area; a click there selects a stratum and its parcel.
    fn view3d_panel(&mut self, ui: &mut Ui) {
        let before = self.selected.clone();
        let cx = super::view3d::View3dContext {
            plan: &self.doc.plan,
            reference: &self.reference,
            problems: &self.analyses.checked.problems,
            generation: self.doc.generation,
            scenario: self.view.scenario,
        };
        let (view3d, selected) = (&mut self.view3d, &mut self.selected);
        egui::CentralPanel::no_frame()
            .show(ui, |ui| super::view3d::view3d_ui(ui, &cx, view3d, selected));
        if self.selected != before {
            // The inspector opens on what was picked.
            self.inspector.reset();
        }
    }

    /// Background work: checks, the overview picture, a plan to open.
    fn end_of_frame(&mut self, ui: &mut Ui) {
        self.analyses.poll_checking(&self.doc.plan);
        if self.analyses.poll_overviews(ui.ctx()) {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        if self.analyses.is_checking() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(200));
        }
        if !self.loads_in_background
            && let Some(path) = self.open_request.take()
        {
            self.open_now(path);
        }
    }
}

impl eframe::App for StrataApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        if let Some(smoke) = &mut self.smoke {
            smoke.step(ui.ctx());
        }
        // The benchmark starts when the plan is ready (overview drawn, checks done).
        let busy = self.analyses.is_busy();
        let ready = if self.view3d.shown {
            self.view3d.is_ready()
        } else {
            self.view.fitted
        };
        if let Some(bench) = &mut self.bench
            && ready
            && !busy
            && !bench.finished
        {
            if self.view3d.shown {
                self.view3d.measure = true;
                if let Some(stats) = self.view3d.take_gl_stats() {
                    bench.record_gl(stats);
                }
                let view3d = &self.view3d;
                if bench.district.is_none() {
                    bench.district = view3d.busiest_district_text();
                }
                let mut camera = view3d.camera;
                bench.step_3d(&mut camera, || {
                    view3d.busiest_district_camera().unwrap_or(view3d.camera)
                });
                self.view3d.camera = camera;
            } else {
                bench.step(&mut self.view.camera);
            }
            if bench.finished {
                println!("{}", bench.report());
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
        if self.bench.is_some() {
            ui.ctx().request_repaint();
        }
        self.window_frame(ui);
        self.ui_contents(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.file_guard.release();
        if !self.doc.is_dirty() {
            self.close_cleanly();
        }
    }
}

impl StrataApp {
    /// What the window adds around the editor: dropped files, the title, the close
    /// button (asks about unsaved changes), the autosave timer.
    pub fn window_frame(&mut self, ui: &mut Ui) {
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .filter_map(|f| Some(f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()))
                .collect()
        });
        // Images and tile packages become underlays (all of them, one edit); a DXF opens
        // the import dialog, which can also list it as an underlay (it needs a CRS).
        let (underlays, dropped): (Vec<PathBuf>, Vec<PathBuf>) = dropped
            .into_iter()
            .partition(|p| super::underlays_panel::is_raster_file(p));
        if !underlays.is_empty() {
            self.add_underlay_files(&underlays);
        }
        if let Some(path) = dropped.into_iter().next() {
            // A Shapefile or DXF is imported into this plan (as QGIS adds a dropped
            // layer); a GeoJSON file is a plan to open.
            use super::import_dialog::ImportFormat;
            if matches!(
                ImportFormat::of(&path),
                Some(ImportFormat::Shapefile | ImportFormat::Dxf)
            ) {
                self.import_path(path);
            } else {
                self.guarded(Pending::Open(Some(path)));
            }
        }
        let title = self.title();
        ui.ctx()
            .send_viewport_cmd(egui::ViewportCommand::Title(title));
        let close = ui.input(|i| i.viewport().close_requested());
        if close
            && !self.allow_close
            && self.doc.is_dirty()
            && self.smoke.is_none()
            && self.bench.is_none()
        {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
            // Keep a copy in case the answer never comes (the session is killed).
            self.autosave_tick(true);
            self.confirm = Some(Pending::Close);
        }
        if self.allow_close && self.confirm.is_none() && !close {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.autosave_tick(false);
        // Wake up for the next autosave even when nothing moves.
        ui.ctx().request_repaint_after(self.autosave.interval);
    }
}
