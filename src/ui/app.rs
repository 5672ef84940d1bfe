//! The editor application: the document (plan + history + file), the view state
//! (camera, selection, layers) and caches (parcel meshes, live coverage). Panels read the
//! plan and return edit commands; the app applies them after the UI pass, so every change
//! goes through the history.

use std::path::PathBuf;

use egui::Ui;

use crate::i18n::tr;
use crate::tr;

use super::canvas::{canvas_ui, default_scenario, plan_extent};
use super::commands::UiCommand;
use super::dialogs::{FileDialogs, NativeDialogs};
use super::map_cache::{ColorMode, MapCache, color_mode_label};
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
    /// The facility being dragged and where the pointer holds it (world metres): the
    /// review shows the effect of the move before it is dropped.
    pub drag_preview: Option<(usize, [f64; 2])>,
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
    /// Parcels selected besides the one in `selection` (shift-click, box).
    pub multi: Vec<usize>,
    /// Where a box selection started (screen).
    pub box_start: Option<egui::Pos2>,
    /// Where a move of the selected parcels started (world).
    pub move_start: Option<[f64; 2]>,
    pub color_mode: ColorMode,
    /// Clip new and reshaped parcels against neighbours at the same height.
    pub avoid_overlaps: bool,
    /// Suggested sites drawn on the canvas (assets panel).
    pub assets_overlay: super::assets_panel::Overlay,
}

impl ViewState {
    /// All selected parcels: the inspected one first, then the others.
    pub fn selected_parcels(&self) -> Vec<usize> {
        let mut all: Vec<usize> = match self.selection {
            Some(Selection::Parcel(i)) => vec![i],
            _ => Vec::new(),
        };
        for &i in &self.multi {
            if !all.contains(&i) {
                all.push(i);
            }
        }
        all
    }

    /// Selects one thing (or nothing), dropping the rest of the selection.
    pub fn select_only(&mut self, selection: Option<Selection>) {
        self.selection = selection;
        self.multi.clear();
    }

    /// Adds a parcel to the selection, or takes it out (shift-click).
    pub fn toggle_parcel(&mut self, i: usize) {
        if self.selection == Some(Selection::Parcel(i)) {
            self.selection = self.multi.pop().map(Selection::Parcel);
        } else if let Some(k) = self.multi.iter().position(|&m| m == i) {
            self.multi.remove(k);
        } else if matches!(self.selection, Some(Selection::Parcel(_))) {
            self.multi.push(i);
        } else {
            self.selection = Some(Selection::Parcel(i));
        }
    }
}

/// What a primary click or drag on the canvas does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Select,
    Move,
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
    pub const ALL: [Tool; 10] = [
        Tool::Select,
        Tool::Move,
        Tool::DrawParcel,
        Tool::DrawRectangle,
        Tool::PlaceFacility,
        Tool::EditVertices,
        Tool::Split,
        Tool::Merge,
        Tool::DrawStreet,
        Tool::Measure,
    ];

    pub fn label(self) -> String {
        match self {
            Tool::Select => tr("tool-select"),
            Tool::Move => tr("tool-move"),
            Tool::DrawParcel => tr("tool-draw-parcel"),
            Tool::DrawRectangle => tr("tool-draw-rectangle"),
            Tool::PlaceFacility => tr("tool-place-facility"),
            Tool::EditVertices => tr("tool-edit-vertices"),
            Tool::Split => tr("tool-split"),
            Tool::Merge => tr("tool-merge"),
            Tool::DrawStreet => tr("tool-draw-street"),
            Tool::Measure => tr("tool-measure"),
        }
    }

    pub fn key(self) -> egui::Key {
        match self {
            Tool::Select => egui::Key::V,
            Tool::Move => egui::Key::G,
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

    pub fn tooltip(self) -> String {
        match self {
            Tool::Select => tr("tool-select.tooltip"),
            Tool::Move => tr("tool-move.tooltip"),
            Tool::DrawParcel => tr("tool-draw-parcel.tooltip"),
            Tool::DrawRectangle => tr("tool-draw-rectangle.tooltip"),
            Tool::PlaceFacility => tr("tool-place-facility.tooltip"),
            Tool::EditVertices => tr("tool-edit-vertices.tooltip"),
            Tool::Split => tr("tool-split.tooltip"),
            Tool::Merge => tr("tool-merge.tooltip"),
            Tool::DrawStreet => tr("tool-draw-street.tooltip"),
            Tool::Measure => tr("tool-measure.tooltip"),
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
    cache: MapCache,
    /// The plan as one picture for zoomed-out views of a big plan.
    overview: super::overview::Overview,
    coverage: Coverage,
    /// The live review: heatmap and panels.
    pub review: super::review::Review,
    /// A facility moved for a preview while it is dragged: its index and true position.
    preview: Option<(usize, geo::Point<f64>)>,
    /// A facility dropped this frame: its analysis is brought back if no edit follows.
    settle: Option<usize>,
    /// Values of a mixed-use colour mode (diversity, jobs–housing) per parcel.
    mix_values: std::collections::HashMap<crate::model::ParcelId, f64>,
    pub status: String,
    name_buffer: Option<(usize, String)>,
    fonts_installed: bool,
    strata_editor: Option<StrataEditor>,
    /// Problems of the plan (`strata check`), kept current after every edit.
    pub problems: Vec<crate::model::Problem>,
    /// The status bar's coverage line, recomputed when coverage changes (not every frame).
    coverage_summary: String,
    home_scores_stale: bool,
    /// Score of each home parcel, for the attribute table.
    home_scores: std::collections::HashMap<crate::model::ParcelId, f64>,
    pub smoke: Option<SmokeRun>,
    pub bench: Option<super::frame_bench::FrameBench>,
    /// Where Open and Save As get their paths (native dialogs; tests script them).
    pub dialogs: Box<dyn FileDialogs>,
    /// What waits for an answer about unsaved changes.
    pub confirm: Option<Pending>,
    /// A recovery copy from a session that did not close cleanly, offered at start.
    pub recovery_offer: Option<crate::io::recovery::Leftover>,
    pub autosave: Autosave,
    /// A plan to open, taken by the window shell (which loads it in the background) or,
    /// without a shell, opened at the end of the frame.
    pub open_request: Option<PathBuf>,
    pub loads_in_background: bool,
    /// The window may close (nothing unsaved, or the user said so).
    allow_close: bool,
    /// Edits applied, undone or redone so far (to know when to autosave).
    generation: u64,
    pub show_history: bool,
    /// Inventory and site suggestions (issue 9).
    pub assets: super::assets_panel::AssetsPanel,
    /// A validation running in the background: the generation it checks and its result.
    checking: Option<(u64, std::thread::JoinHandle<Vec<crate::model::Problem>>)>,
    /// The plan file on disk: changed behind the editor's back, open in another window.
    pub file_guard: super::file_guard::FileGuard,
}

/// Colour modes painted from `mix_values` (made for the mode) rather than home scores.
fn paints_mix_values(mode: ColorMode) -> bool {
    matches!(
        mode,
        ColorMode::Diversity | ColorMode::JobsHousing | ColorMode::Valuation
    )
}

/// The values a colour mode paints parcels by.
fn fill_values<'a>(
    mode: ColorMode,
    home_scores: &'a std::collections::HashMap<crate::model::ParcelId, f64>,
    mix_values: &'a std::collections::HashMap<crate::model::ParcelId, f64>,
) -> &'a std::collections::HashMap<crate::model::ParcelId, f64> {
    if paints_mix_values(mode) {
        mix_values
    } else {
        home_scores
    }
}

/// Plans with this many parcels are validated on a thread after each edit.
const BACKGROUND_CHECK_FROM: usize = 20_000;

/// An action that would lose unsaved changes, waiting for the user's answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    /// Open a plan (from the Open dialog when `None`).
    Open(Option<PathBuf>),
    Close,
}

/// Writing a recovery copy (and the undo history beside it) every minute, and after
/// every `every_edits` edits, while there are unsaved changes.
pub struct Autosave {
    pub dir: Option<PathBuf>,
    pub interval: std::time::Duration,
    pub every_edits: u64,
    last: std::time::Instant,
    /// The generation last written.
    written: u64,
    running: Option<std::thread::JoinHandle<Result<PathBuf, String>>>,
    pub last_written: Option<PathBuf>,
}

impl Autosave {
    fn new() -> Self {
        Self {
            dir: crate::io::recovery::recovery_dir(),
            interval: std::time::Duration::from_secs(60),
            every_edits: 20,
            last: std::time::Instant::now(),
            written: 0,
            running: None,
            last_written: None,
        }
    }
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
        let file_guard = super::file_guard::FileGuard::opened(path.as_deref());
        progress(&tr!("loading-coverage", n = plan.parcels.len()));
        let scenario = default_scenario(&plan);
        let coverage = Coverage::compute(
            &plan,
            scenario,
            &reference.standard,
            CoverageOptions::default(),
        );
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
                drag_preview: None,
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
                multi: Vec::new(),
                box_start: None,
                move_start: None,
                color_mode: ColorMode::Use,
                avoid_overlaps: false,
                assets_overlay: Default::default(),
            },
            file_guard,
            doc: Document {
                plan,
                history: History::new(),
                path,
            },
            reference,
            cache: MapCache::default(),
            overview: Default::default(),
            coverage,
            review: Default::default(),
            preview: None,
            settle: None,
            mix_values: Default::default(),
            status: String::new(),
            name_buffer: None,
            fonts_installed: false,
            strata_editor: None,
            problems: Vec::new(),
            coverage_summary: String::new(),
            home_scores: Default::default(),
            home_scores_stale: true,
            smoke: None,
            bench: None,
            dialogs: Box::new(NativeDialogs),
            confirm: None,
            recovery_offer: None,
            autosave: Autosave::new(),
            open_request: None,
            loads_in_background: false,
            allow_close: false,
            generation: 0,
            show_history: false,
            assets: Default::default(),
            checking: None,
        }
        .with_problems(progress)
    }

    fn with_problems(mut self, progress: &dyn Fn(&str)) -> Self {
        self.review.reset(&self.coverage);
        self.refresh_summary();
        if self.doc.plan.parcels.len() < BACKGROUND_CHECK_FROM {
            progress(&tr("loading-checking"));
            self.start_checking();
            progress(&tr("loading-map"));
            self.rebuild_cache(None);
            return self;
        }
        // A city: checked while the map is prepared, both reading the one plan (a
        // background check after an edit copies it; here that copy would be the largest
        // thing in memory while the editor opens, and this runs off the UI thread).
        progress(&tr("loading-map"));
        self.ensure_home_scores();
        self.refresh_mix_values();
        let (plan, reference, mode) = (&self.doc.plan, &self.reference, self.view.color_mode);
        let values = fill_values(mode, &self.home_scores, &self.mix_values);
        let (problems, cache) = rayon::join(
            || crate::analysis::validate_with(plan, reference),
            || MapCache::build(plan, reference, mode, values, None, None),
        );
        self.problems = problems;
        self.cache = cache;
        self.refresh_overview();
        self
    }

    /// Looks for a recovery copy of this plan left by a session that did not close
    /// cleanly; the editor then offers it.
    pub fn check_recovery(&mut self) {
        if let Some(dir) = &self.autosave.dir {
            self.recovery_offer = crate::io::recovery::find_recovery(dir, self.doc.path.as_deref());
        }
    }

    /// Rebuilds the map cache, reusing what is unchanged since the plan had `old_ids`.
    fn rebuild_cache(&mut self, old_ids: Option<&[crate::model::ParcelId]>) {
        let previous = std::mem::take(&mut self.cache);
        self.ensure_home_scores();
        self.refresh_mix_values();
        let values = fill_values(self.view.color_mode, &self.home_scores, &self.mix_values);
        self.cache = MapCache::build(
            &self.doc.plan,
            &self.reference,
            self.view.color_mode,
            values,
            Some(&previous),
            old_ids,
        );
        self.refresh_overview();
    }

    fn refresh_overview(&mut self) {
        let job = self.cache.overview_job(
            &self.doc.plan,
            &self.reference,
            self.view.scenario,
            self.view.show_facilities,
        );
        self.overview.rebuild(job);
    }

    /// Values of the mixed-use colour modes, computed only while one is shown.
    fn refresh_mix_values(&mut self) {
        self.mix_values = match self.view.color_mode {
            mode @ (ColorMode::Diversity | ColorMode::JobsHousing) => {
                self.review
                    .mix
                    .values(mode, &self.doc.plan, &self.coverage, &self.reference)
            }
            // Invalid settings leave the map grey; the Assets panel says why.
            ColorMode::Valuation => {
                crate::analysis::valuation::ValuationSettings::of_plan(&self.doc.plan)
                    .and_then(|settings| {
                        crate::analysis::valuation::valuation(
                            &self.doc.plan,
                            &self.coverage,
                            &self.reference.standard,
                            &settings,
                        )
                    })
                    .map(|v| v.scores())
                    .unwrap_or_default()
            }
            _ => Default::default(),
        };
    }

    fn recolor(&mut self) {
        self.ensure_home_scores();
        self.refresh_mix_values();
        let values = fill_values(self.view.color_mode, &self.home_scores, &self.mix_values);
        self.cache.recolor(
            &self.doc.plan,
            &self.reference,
            self.view.color_mode,
            values,
        );
        self.refresh_overview();
    }

    fn parcel_ids(&self) -> Vec<crate::model::ParcelId> {
        self.doc.plan.parcels.iter().map(|p| p.id.clone()).collect()
    }

    fn refresh_summary(&mut self) {
        self.home_scores_stale = true;
        self.ensure_home_scores();
        let population = self.coverage.total_population();
        let score = crate::analysis::report::weighted_score(&self.coverage);
        self.coverage_summary = tr!(
            "status-summary",
            homes = self.coverage.homes.len().to_string(),
            residents = format!("{population:.0}"),
            score = format!("{:.1}", score * 100.0)
        );
    }

    /// The score of every home by parcel id, rebuilt only while something shows it (the
    /// score colours, the table): on a city it costs more than the edit that changed it.
    fn ensure_home_scores(&mut self) {
        let shown = self.view.color_mode == ColorMode::Score || self.view.show_table;
        if self.home_scores_stale && shown {
            self.home_scores = self
                .coverage
                .homes
                .iter()
                .enumerate()
                .map(|(h, home)| (home.parcel.clone(), self.coverage.score(h)))
                .collect();
            self.home_scores_stale = false;
        }
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

    /// Applies an edit through the history and keeps the caches current.
    pub fn apply(&mut self, cmd: EditCmd) {
        let label = cmd.label();
        let old_ids = self.parcel_ids();
        match self.doc.history.apply(&mut self.doc.plan, cmd) {
            Ok(effects) => self.after_edit(&effects, &old_ids, &label),
            Err(e) => self.status = e.to_string(),
        }
    }

    /// Re-validates the plan: at once for a district, on a thread for a city (where it
    /// takes a second and would stall every edit); the result is taken when it is current.
    fn start_checking(&mut self) {
        if self.doc.plan.parcels.len() < BACKGROUND_CHECK_FROM {
            self.problems = crate::analysis::validate_with(&self.doc.plan, &self.reference);
            return;
        }
        if self.checking.is_some() {
            // One check at a time: the next starts when this one ends (poll_checking),
            // so a burst of edits costs one copy of the plan, not one per edit.
            return;
        }
        let plan = self.doc.plan.clone();
        let reference = self.reference.clone();
        let generation = self.generation;
        self.checking = Some((
            generation,
            std::thread::spawn(move || crate::analysis::validate_with(&plan, &reference)),
        ));
    }

    /// Takes the problems of a background check when it is done and still current.
    fn poll_checking(&mut self) {
        if self.checking.as_ref().is_some_and(|(_, h)| h.is_finished())
            && let Some((generation, handle)) = self.checking.take()
            && let Ok(problems) = handle.join()
        {
            if generation == self.generation {
                self.problems = problems;
                self.review.problems_changed();
            } else {
                self.start_checking();
            }
        }
    }

    /// Undoes (or redoes) one step; false when there was none.
    pub fn step_history(&mut self, redo: bool) -> bool {
        let old_ids = self.parcel_ids();
        let result = if redo {
            self.doc.history.redo(&mut self.doc.plan)
        } else {
            self.doc.history.undo(&mut self.doc.plan)
        };
        match result {
            Some(Ok(effects)) => {
                let label = if redo {
                    tr("history-redid")
                } else {
                    tr("history-undid")
                };
                self.after_edit(&effects, &old_ids, &label);
                true
            }
            Some(Err(e)) => {
                self.status = e.to_string();
                false
            }
            None => false,
        }
    }

    fn after_edit(
        &mut self,
        effects: &crate::edit::Effects,
        old_ids: &[crate::model::ParcelId],
        label: &str,
    ) {
        self.generation += 1;
        let interrupted_drag = self.preview.take().is_some();
        if interrupted_drag {
            // An edit (a shortcut, a panel) while a facility is held: the drag ends here,
            // with the facility where the plan has it (restored at the frame's start).
            self.view.dragging_facility = None;
            self.view.drag_preview = None;
            self.review.release_baseline();
        }
        let mut updated =
            self.coverage
                .update(&self.doc.plan, &self.reference.standard, &effects.changes());
        if interrupted_drag {
            // The analysis still follows where the facility was held: analyse anew (rare,
            // and the held facility's index may have changed with the edit).
            self.coverage = Coverage::compute(
                &self.doc.plan,
                self.view.scenario,
                &self.reference.standard,
                self.coverage.options.clone(),
            );
            self.review.reset(&self.coverage);
            updated.categories = (0..self.coverage.categories.len()).collect();
            updated.homes = true;
        }
        let coverage_changed = !updated.categories.is_empty() || updated.homes || updated.network;
        self.review.plan_changed();
        self.review.after_update(&self.coverage, &updated, label);
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
        let parcels = self.doc.plan.parcels.len();
        self.view.multi.retain(|&i| i < parcels);
        self.name_buffer = None;
        self.strata_editor = None;
        if effects.parcels.is_empty() && !effects.streets && self.checking.is_none() {
            // Only facilities changed: re-check those (a whole city takes a second,
            // and copying it for a thread half of that).
            let ids = &effects.facilities;
            self.problems.retain(|p| {
                p.kind == crate::model::ProblemKind::DuplicateId
                    || !p
                        .feature
                        .as_deref()
                        .is_some_and(|f| ids.iter().any(|id| id.as_str() == f))
            });
            self.problems
                .extend(crate::analysis::validate::validate_facilities(
                    &self.doc.plan,
                    &self.reference,
                    ids,
                ));
        } else {
            self.start_checking();
        }
        if coverage_changed {
            self.refresh_summary();
        }
        if paints_mix_values(self.view.color_mode) {
            self.refresh_mix_values();
        }
        let same_order = old_ids.len() == self.doc.plan.parcels.len()
            && old_ids
                .iter()
                .zip(&self.doc.plan.parcels)
                .all(|(old, p)| *old == p.id);
        if same_order {
            let changed: Vec<usize> = self
                .doc
                .plan
                .parcels
                .iter()
                .enumerate()
                .filter(|(_, p)| effects.parcels.contains(&p.id))
                .map(|(i, _)| i)
                .collect();
            let values = fill_values(self.view.color_mode, &self.home_scores, &self.mix_values);
            self.cache.update_in_place(
                &self.doc.plan,
                &self.reference,
                self.view.color_mode,
                values,
                &changed,
            );
            self.refresh_overview();
        } else {
            self.rebuild_cache(Some(old_ids));
        }
    }

    pub fn run_command(&mut self, command: UiCommand) {
        match command {
            UiCommand::Open => self.guarded(Pending::Open(None)),
            UiCommand::Save => {
                self.save();
            }
            UiCommand::SaveAs => {
                self.save_as();
            }
            UiCommand::SelectAll => {
                let all: Vec<usize> = (0..self.doc.plan.parcels.len())
                    .filter(|&i| self.doc.plan.parcels[i].scenario == self.view.scenario)
                    .collect();
                self.view
                    .select_only(all.first().map(|&i| Selection::Parcel(i)));
                self.view.multi = all.into_iter().skip(1).collect();
            }
            UiCommand::MergeSelected => {
                let selected = self.view.selected_parcels();
                if selected.len() < 2 {
                    self.status = tr("status-merge-hint");
                } else {
                    let ids: Vec<_> = selected
                        .iter()
                        .map(|&i| self.doc.plan.parcels[i].id.clone())
                        .collect();
                    match crate::edit::geometry::merge_many(&self.doc.plan, &ids[0], &ids[1..]) {
                        Ok(cmd) => {
                            let keep = ids[0].clone();
                            self.apply(cmd);
                            let at = self.doc.plan.parcels.iter().position(|p| p.id == keep);
                            self.view.select_only(at.map(Selection::Parcel));
                        }
                        Err(reason) => {
                            self.status = tr!("status-not-merged", reason = reason.to_string())
                        }
                    }
                }
            }
            UiCommand::ToggleHistory => self.show_history = !self.show_history,
            UiCommand::ToggleAvoidOverlaps => self.view.avoid_overlaps = !self.view.avoid_overlaps,
            UiCommand::ExportFlat => self.export_flat(),
            UiCommand::Undo => {
                self.step_history(false);
            }
            UiCommand::Redo | UiCommand::RedoAlt => {
                self.step_history(true);
            }
            UiCommand::Delete if self.view.tool == Tool::EditVertices => {
                if let (Some(v), Some(Selection::Parcel(i))) =
                    (self.view.hovered_vertex, self.view.selection)
                {
                    let id = self.doc.plan.parcels[i].id.clone();
                    match crate::edit::geometry::delete_vertex(&self.doc.plan, &id, v) {
                        Ok(cmd) => self.apply(cmd),
                        Err(reason) => {
                            self.status = tr!("status-not-deleted", reason = reason.to_string())
                        }
                    }
                }
            }
            UiCommand::Delete => {
                let mut parcels = self.view.selected_parcels();
                let cmd = match self.view.selection {
                    _ if parcels.len() > 1 => {
                        // From the back, so the recorded indices stay right.
                        parcels.sort_unstable_by(|a, b| b.cmp(a));
                        let steps: Vec<EditCmd> = parcels
                            .iter()
                            .filter_map(|&i| {
                                remove_parcel(&self.doc.plan, &self.doc.plan.parcels[i].id)
                            })
                            .collect();
                        Some(EditCmd::Named {
                            label: tr!("history-delete-parcels", n = steps.len()),
                            cmd: Box::new(EditCmd::Batch(steps)),
                        })
                    }
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
                    self.view.select_only(None);
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
            UiCommand::ToggleFacilities => {
                self.view.show_facilities = !self.view.show_facilities;
                self.refresh_overview();
            }
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
            self.status = tr("status-export-save-first");
            return;
        };
        let written = crate::io::export::flat_value(&self.doc.plan, &self.reference)
            .map_err(|e| e.to_string())
            .and_then(|value| {
                let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())? + "\n";
                crate::io::write_atomically(&path, text.as_bytes()).map_err(|e| e.to_string())
            });
        self.status = match written {
            Ok(()) => tr!("status-exported", path = path.display().to_string()),
            Err(e) => tr!("status-not-exported", reason = e),
        };
    }

    /// Saves to the plan's file (asking where when it has none); true when saved.
    fn save(&mut self) -> bool {
        match self.doc.path.clone() {
            Some(path) => self.save_to(path),
            None => self.save_as(),
        }
    }

    fn save_as(&mut self) -> bool {
        match self.dialogs.save_plan_as(self.doc.path.as_deref()) {
            Some(path) => self.save_to(path),
            None => false,
        }
    }

    fn save_to(&mut self, path: PathBuf) -> bool {
        if !self.file_guard.may_save(&path) {
            return false;
        }
        match crate::io::save_plan(&self.doc.plan, &path) {
            Ok(()) => {
                self.file_guard.saved(&path);
                if let Some(dir) = &self.autosave.dir {
                    crate::io::recovery::discard_recovery(dir, self.doc.path.as_deref());
                }
                self.doc.history.mark_saved();
                self.doc.path = Some(path.clone());
                self.status = tr!("status-saved", path = path.display().to_string());
                true
            }
            Err(e) => {
                self.status = tr!("status-not-saved", reason = e.to_string());
                false
            }
        }
    }

    /// Runs an action that replaces the plan, asking first when there are unsaved changes.
    fn guarded(&mut self, action: Pending) {
        if self.doc.history.is_dirty() {
            self.confirm = Some(action);
        } else {
            self.proceed(action);
        }
    }

    /// Carries out an action once unsaved changes are saved or given up.
    fn proceed(&mut self, action: Pending) {
        match action {
            Pending::Open(path) => {
                if let Some(path) = path.or_else(|| self.dialogs.open_plan()) {
                    self.open_request = Some(path);
                }
            }
            Pending::Close => {
                self.allow_close = true;
                self.close_cleanly();
            }
        }
    }

    /// Removes this plan's recovery copy: the session ends without losing anything.
    pub fn close_cleanly(&mut self) {
        if let Some(dir) = &self.autosave.dir {
            crate::io::recovery::discard_recovery(dir, self.doc.path.as_deref());
        }
    }

    /// Opens a plan in place of this one, now (used when no window shell loads it).
    pub fn open_now(&mut self, path: PathBuf) {
        match crate::io::load_plan(&path, &Default::default()) {
            Ok(loaded) => {
                let errors = loaded.problems.iter().filter(|p| p.is_error()).count();
                self.close_cleanly();
                let next = StrataApp::new(loaded.plan, Some(path.clone()), self.reference.clone());
                self.replace_document(next);
                self.status = if errors > 0 {
                    tr!(
                        "status-opened-problems",
                        path = path.display().to_string(),
                        errors = errors
                    )
                } else {
                    tr!("status-opened", path = path.display().to_string())
                };
            }
            Err(e) => {
                self.status = tr!(
                    "status-cannot-open",
                    path = path.display().to_string(),
                    reason = e.text()
                )
            }
        }
    }

    /// Takes over the document, view and caches of `next`, keeping the window's settings
    /// (dialogs, autosave folder, smoke and bench runs).
    pub fn replace_document(&mut self, mut next: StrataApp) {
        std::mem::swap(&mut next.dialogs, &mut self.dialogs);
        next.autosave.dir = self.autosave.dir.take();
        next.autosave.interval = self.autosave.interval;
        next.autosave.every_edits = self.autosave.every_edits;
        next.smoke = self.smoke.take();
        next.bench = self.bench.take();
        next.loads_in_background = self.loads_in_background;
        next.fonts_installed = self.fonts_installed;
        next.show_history = self.show_history;
        *self = next;
        self.check_recovery();
    }

    /// Takes the recovery copy offered at start as the plan (unsaved, to be saved).
    fn recover(&mut self) {
        let Some(leftover) = self.recovery_offer.take() else {
            return;
        };
        match crate::io::recovery::restore(&leftover.path) {
            Ok(restored) => {
                let path = self.doc.path.clone();
                let mut next = StrataApp::new(restored.plan, path, self.reference.clone());
                let with_history = restored.history.is_some();
                next.doc.history = restored.history.unwrap_or_else(History::new_unsaved);
                self.replace_document(next);
                // The copy is still on disk until the next save: do not offer it again.
                self.recovery_offer = None;
                self.status = if with_history {
                    tr("status-recovered-history")
                } else {
                    tr("status-recovered")
                };
            }
            Err(e) => self.status = tr!("status-recovery-unreadable", reason = e.to_string()),
        }
    }

    /// Writes a recovery copy in the background when the plan changed and a minute passed.
    pub fn autosave_tick(&mut self, force: bool) {
        if self.preview.is_some() {
            // A facility is held mid-drag: the plan is not one the user made.
            return;
        }
        if let Some(running) = &self.autosave.running
            && running.is_finished()
            && let Some(running) = self.autosave.running.take()
        {
            match running.join() {
                Ok(Ok(path)) => self.autosave.last_written = Some(path),
                Ok(Err(e)) => {
                    self.status = tr!("status-recovery-not-written", reason = e.to_string())
                }
                Err(_) => self.status = tr("status-recovery-writer-failed"),
            }
        }
        let due = force
            || self.autosave.last.elapsed() >= self.autosave.interval
            || self.generation.abs_diff(self.autosave.written) >= self.autosave.every_edits;
        if !due
            || self.autosave.running.is_some()
            || !self.doc.history.is_dirty()
            || self.autosave.written == self.generation
        {
            return;
        }
        let Some(dir) = self.autosave.dir.clone() else {
            return;
        };
        self.autosave.last = std::time::Instant::now();
        self.autosave.written = self.generation;
        let plan = self.doc.plan.clone();
        let history = self.doc.history.clone();
        let file = self.doc.path.clone();
        let write = move || {
            crate::io::recovery::write_recovery(&dir, file.as_deref(), &plan, Some(&history))
                .map_err(|e| e.to_string())
        };
        if force {
            // Tests and the close path want it written when this returns.
            self.autosave.running = None;
            match write() {
                Ok(path) => self.autosave.last_written = Some(path),
                Err(e) => self.status = tr!("status-recovery-not-written", reason = e.to_string()),
            }
        } else {
            self.autosave.running = Some(std::thread::spawn(write));
        }
    }

    /// The whole editor UI, inside any `Ui` (the window, or a test harness).
    pub fn ui_contents(&mut self, ui: &mut Ui) {
        if !self.fonts_installed {
            super::fonts::install_cjk_fallback(ui.ctx());
            self.fonts_installed = true;
        }
        // A facility held in a drag is back where it was before anything else of this
        // frame sees the plan (a shortcut's edit, the panels, the canvas deciding on the
        // move, whose undo must restore the true position); preview_drag holds it again.
        self.restore_preview();
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
        egui::Panel::top("menu").show(ui, |ui| {
            self.menu_ui(ui);
            self.toolbar_ui(ui);
        });
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.view.show_table {
            self.ensure_home_scores();
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
        if self.assets.open {
            use super::assets_panel::AssetsAction;
            let action = egui::Panel::right("assets")
                .resizable(true)
                .default_size(380.0)
                .show(ui, |ui| {
                    self.assets.assets_panel_ui(
                        ui,
                        &self.doc.plan,
                        &self.coverage,
                        &self.reference,
                        self.generation,
                        &mut self.view.assets_overlay,
                    )
                })
                .inner;
            match action {
                Some(AssetsAction::Apply(cmd)) => self.apply(cmd),
                Some(AssetsAction::Refused(reason)) => {
                    self.status = tr!("status-not-added", reason = reason)
                }
                Some(AssetsAction::Select(i)) => self.view.selection = Some(Selection::Parcel(i)),
                Some(AssetsAction::ColorByValuation)
                    if self.view.color_mode != ColorMode::Valuation =>
                {
                    self.view.color_mode = ColorMode::Valuation;
                    self.recolor();
                }
                Some(AssetsAction::ColorByValuation) | None => {}
            }
        } else {
            self.view.assets_overlay.sites.clear();
        }
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(320.0)
            .min_size(260.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| self.inspector_ui(ui))
            });
        if self.review.shown {
            let selection = self.view.selected_parcels();
            let actions = egui::Panel::right("review")
                .resizable(true)
                .default_size(340.0)
                .min_size(280.0)
                .show(ui, |ui| {
                    self.review.ui(
                        ui,
                        &self.doc.plan,
                        &self.coverage,
                        &self.reference,
                        &self.problems,
                        &selection,
                    )
                })
                .inner;
            for action in actions {
                self.review_action(action);
            }
        }
        let overlay = {
            let t = self.view.camera;
            let a = t.world_from_screen(t.screen_rect.left_bottom());
            let b = t.world_from_screen(t.screen_rect.right_top());
            let selected = match self.view.selection {
                Some(Selection::Parcel(i)) if self.view.multi.is_empty() => Some(i),
                _ => None,
            };
            self.review.overlay(
                ui.ctx(),
                &self.doc.plan,
                &self.coverage,
                &self.reference,
                &self.problems,
                selected,
                (a, b),
                self.view.cursor_in_world,
            )
        };
        let edits = egui::CentralPanel::no_frame()
            .show(ui, |ui| {
                canvas_ui(
                    ui,
                    &self.doc.plan,
                    &self.reference,
                    &self.cache,
                    self.overview.texture.as_ref(),
                    &overlay,
                    &mut self.view,
                )
            })
            .inner;
        self.preview_drag();
        let edited = edits.iter().any(Result::is_ok);
        for result in edits {
            match result {
                Ok(cmd) => self.apply(cmd),
                Err(reason) => self.status = tr!("status-not-added", reason = reason.to_string()),
            }
        }
        if let Some(i) = self.settle.take() {
            if !edited && let Some(f) = self.doc.plan.facilities.get(i) {
                let id = f.id.clone();
                self.update_for_facility(id, &tr("history-moving"));
            }
            self.review.release_baseline();
        }
        self.modals_ui(ui);
        super::file_guard::file_guard_ui(self, ui);
        self.poll_checking();
        if self.overview.poll(ui.ctx()) {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        if self.checking.is_some() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(200));
        }
        if !self.loads_in_background
            && let Some(path) = self.open_request.take()
        {
            self.open_now(path);
        }
    }

    /// Puts a facility moved for a drag preview back where the plan has it.
    fn restore_preview(&mut self) {
        if let Some((i, original)) = self.preview
            && let Some(f) = self.doc.plan.facilities.get_mut(i)
        {
            f.position = original;
        }
    }

    /// While a facility is dragged, the plan holds it where the pointer is and the
    /// coverage, heatmap and figures follow through the incremental analysis; when the
    /// drag ends the plan is back as it was and the edit (if any) applies as usual.
    fn preview_drag(&mut self) {
        let held = self
            .view
            .drag_preview
            .filter(|(i, _)| *i < self.doc.plan.facilities.len());
        match (held, self.preview) {
            (Some((i, at)), _) => {
                let original = match self.preview {
                    Some((j, original)) if j == i => original,
                    _ => self.doc.plan.facilities[i].position,
                };
                if self.preview.is_none() {
                    self.review.hold_baseline();
                }
                self.preview = Some((i, original));
                let f = &mut self.doc.plan.facilities[i];
                let moved =
                    (f.position.x() - at[0]).abs() > 1e-9 || (f.position.y() - at[1]).abs() > 1e-9;
                f.position = geo::Point::new(at[0], at[1]);
                if moved {
                    let id = f.id.clone();
                    self.update_for_facility(id, &tr("history-moving"));
                }
            }
            (None, Some((i, _))) => {
                // Dropped: the plan is back as it was (restore_preview); the edit the
                // canvas made (if any) brings the analysis along, else `settle` does.
                self.preview = None;
                self.settle = Some(i);
            }
            (None, None) => {}
        }
    }

    fn update_for_facility(&mut self, id: crate::model::FacilityId, label: &str) {
        let changes = crate::analysis::Changes {
            facilities: vec![id],
            ..Default::default()
        };
        let updated = self
            .coverage
            .update(&self.doc.plan, &self.reference.standard, &changes);
        self.review.after_update(&self.coverage, &updated, label);
        if !updated.categories.is_empty() {
            self.refresh_summary();
            if self.view.color_mode == ColorMode::Score {
                self.recolor();
            }
        }
    }

    /// A new analysis of the whole plan: another scenario or metric.
    fn recompute_coverage(&mut self, scenario: Scenario, metric: crate::analysis::Metric) {
        self.view.scenario = scenario;
        self.coverage = Coverage::compute(
            &self.doc.plan,
            scenario,
            &self.reference.standard,
            super::review::options_with(metric),
        );
        self.review.reset(&self.coverage);
        self.refresh_summary();
        self.recolor();
    }

    fn review_action(&mut self, action: super::review::Action) {
        use super::review::Action;
        match action {
            Action::SelectParcel(i) => {
                self.view.select_only(Some(Selection::Parcel(i)));
                self.zoom_to_parcel(i);
            }
            Action::ZoomTo(id) => {
                if let Some(i) = self
                    .doc
                    .plan
                    .parcels
                    .iter()
                    .position(|p| p.id.as_str() == id)
                {
                    if self.doc.plan.parcels[i].scenario != self.view.scenario {
                        let metric = self.coverage.options.metric;
                        self.recompute_coverage(self.doc.plan.parcels[i].scenario, metric);
                    }
                    self.view.select_only(Some(Selection::Parcel(i)));
                    self.zoom_to_parcel(i);
                } else if let Some(i) = self
                    .doc
                    .plan
                    .facilities
                    .iter()
                    .position(|f| f.id.as_str() == id)
                {
                    self.view.select_only(Some(Selection::Facility(i)));
                    let p = self.doc.plan.facilities[i].position;
                    self.view.camera.fit(
                        [p.x() - 150.0, p.y() - 150.0],
                        [p.x() + 150.0, p.y() + 150.0],
                    );
                }
            }
            Action::SetMetric(metric) => self.recompute_coverage(self.view.scenario, metric),
            Action::SetScenario(scenario) => {
                self.view.select_only(None);
                let metric = self.coverage.options.metric;
                self.recompute_coverage(scenario, metric);
            }
            Action::ColorBy(mode) => {
                self.view.color_mode = mode;
                self.recolor();
            }
        }
    }

    fn zoom_to_parcel(&mut self, i: usize) {
        if let Some(r) = geo::BoundingRect::bounding_rect(&self.doc.plan.parcels[i].shape) {
            let pad = r.width().max(r.height()) * 1.5 + 20.0;
            self.view.camera.fit(
                [r.center().x - pad, r.center().y - pad],
                [r.center().x + pad, r.center().y + pad],
            );
        }
    }

    /// The questions that stop the editor: unsaved changes, a recovery copy to take back.
    fn modals_ui(&mut self, ui: &mut Ui) {
        if let Some(pending) = self.confirm.clone() {
            let name = self.doc.plan.display_name();
            let what = match &pending {
                Pending::Open(_) => tr!("unsaved-text-open", name = name),
                Pending::Close => tr!("unsaved-text-close", name = name),
            };
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("unsaved")).show(ui.ctx(), |ui| {
                ui.heading(tr("unsaved-heading"));
                ui.label(what);
                ui.horizontal(|ui| {
                    if ui.button(tr("cmd-save")).clicked() {
                        answer = Some(0);
                    }
                    if ui.button(tr("unsaved-discard")).clicked() {
                        answer = Some(1);
                    }
                    if ui.button(tr("unsaved-cancel")).clicked() {
                        answer = Some(2);
                    }
                });
            });
            match answer {
                Some(0) => {
                    self.confirm = None;
                    if self.save() {
                        self.proceed(pending);
                    }
                }
                Some(1) => {
                    self.confirm = None;
                    self.proceed(pending);
                }
                Some(_) => self.confirm = None,
                None => {}
            }
        }
        if let Some(leftover) = self.recovery_offer.clone() {
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("recovery")).show(ui.ctx(), |ui| {
                ui.heading(tr("recovery-heading"));
                let age = leftover
                    .written
                    .elapsed()
                    .map_or_else(|_| tr("recovery-some-time"), |d| format_age(d.as_secs()));
                ui.label(tr!(
                    "recovery-text",
                    name = self.doc.plan.display_name(),
                    age = age
                ));
                ui.label(leftover.path.display().to_string());
                ui.horizontal(|ui| {
                    if ui.button(tr("recovery-recover")).clicked() {
                        answer = Some(true);
                    }
                    if ui.button(tr("recovery-discard")).clicked() {
                        answer = Some(false);
                    }
                });
            });
            match answer {
                Some(true) => self.recover(),
                Some(false) => {
                    self.recovery_offer = None;
                    self.close_cleanly();
                }
                None => {}
            }
        }
    }

    fn command_button(&mut self, ui: &mut Ui, command: UiCommand) {
        let enabled = match command {
            UiCommand::Undo => self.doc.history.can_undo(),
            UiCommand::Redo | UiCommand::RedoAlt => self.doc.history.can_redo(),
            UiCommand::Delete => self.view.selection.is_some(),
            UiCommand::MergeSelected => self.view.selected_parcels().len() >= 2,
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
            ui.menu_button(crate::tr!("menu-file"), |ui| {
                self.command_button(ui, UiCommand::Open);
                self.command_button(ui, UiCommand::Save);
                self.command_button(ui, UiCommand::SaveAs);
                self.command_button(ui, UiCommand::ExportFlat);
            });
            ui.menu_button(crate::tr!("menu-edit"), |ui| {
                self.command_button(ui, UiCommand::Undo);
                self.command_button(ui, UiCommand::Redo);
                self.command_button(ui, UiCommand::Delete);
                self.command_button(ui, UiCommand::SelectAll);
                self.command_button(ui, UiCommand::MergeSelected);
                self.command_button(ui, UiCommand::ToggleHistory);
            });
            ui.menu_button(crate::tr!("menu-view"), |ui| {
                self.command_button(ui, UiCommand::ZoomToFit);
                self.command_button(ui, UiCommand::ZoomIn);
                self.command_button(ui, UiCommand::ZoomOut);
            });
            let before = crate::i18n::lang();
            super::language::language_menu_ui(ui);
            if crate::i18n::lang() != before {
                self.language_changed();
            }
        });
    }

    /// Texts made once and kept (the status bar's summary, the heatmap's title and
    /// readout) are made again in the new language.
    fn language_changed(&mut self) {
        self.refresh_summary();
        self.review.language_changed();
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
                egui::ComboBox::from_label(crate::tr!("toolbar-category"))
                    .selected_text(self.view.facility_category.clone())
                    .show_ui(ui, |ui| {
                        for c in &standard.categories {
                            ui.selectable_value(
                                &mut self.view.facility_category,
                                c.id.clone(),
                                format!("{} · {}", c.id, c.name()),
                            );
                        }
                    });
            }
        });
    }

    fn layers_panel_ui(&mut self, ui: &mut Ui) {
        ui.heading(crate::tr!("panel-layers"));
        ui.checkbox(
            &mut self.view.show_streets,
            UiCommand::ToggleStreets.label(),
        );
        if ui
            .checkbox(
                &mut self.view.show_facilities,
                UiCommand::ToggleFacilities.label(),
            )
            .changed()
        {
            self.refresh_overview();
        }
        ui.checkbox(&mut self.view.show_labels, UiCommand::ToggleLabels.label());
        ui.checkbox(&mut self.view.show_legend, UiCommand::ToggleLegend.label());
        ui.checkbox(&mut self.view.show_table, UiCommand::ToggleTable.label())
            .on_hover_text(UiCommand::ToggleTable.tooltip());
        ui.checkbox(&mut self.assets.open, tr("panel-assets"))
            .on_hover_text(tr("panel-assets.tooltip"));
        ui.checkbox(&mut self.view.snapping, UiCommand::ToggleSnapping.label())
            .on_hover_text(UiCommand::ToggleSnapping.tooltip());
        ui.checkbox(
            &mut self.view.avoid_overlaps,
            UiCommand::ToggleAvoidOverlaps.label(),
        )
        .on_hover_text(UiCommand::ToggleAvoidOverlaps.tooltip());
        ui.checkbox(&mut self.show_history, UiCommand::ToggleHistory.label())
            .on_hover_text(UiCommand::ToggleHistory.tooltip());
        ui.separator();
        ui.label(crate::tr!("panel-colour-by"));
        let before_mode = self.view.color_mode;
        for mode in ColorMode::ALL {
            ui.radio_value(&mut self.view.color_mode, mode, color_mode_label(mode));
        }
        if self.view.color_mode != before_mode {
            self.recolor();
        }
        ui.separator();
        ui.label(crate::tr!("panel-scenario"));
        let mut scenario = self.view.scenario;
        ui.radio_value(&mut scenario, Scenario::Existing, Scenario::Existing.name());
        ui.radio_value(&mut scenario, Scenario::Proposed, Scenario::Proposed.name());
        if scenario != self.view.scenario {
            self.view.select_only(None);
            let metric = self.coverage.options.metric;
            self.recompute_coverage(scenario, metric);
        }
        ui.separator();
        ui.checkbox(&mut self.review.shown, tr("panel-review"))
            .on_hover_text(tr("panel-review.tooltip"));
        if self.show_history {
            ui.separator();
            self.history_ui(ui);
        }
    }

    /// The list of edits: click one to undo or redo up to it.
    fn history_ui(&mut self, ui: &mut Ui) {
        ui.label(tr("cmd-toggle-history"));
        let done = self.doc.history.done_labels();
        let undone = self.doc.history.undone_labels();
        let position = self.doc.history.position();
        let mut target = None;
        egui::ScrollArea::vertical()
            .id_salt("history")
            .max_height(260.0)
            .show(ui, |ui| {
                if ui
                    .selectable_label(position == 0, tr("history-opened"))
                    .on_hover_text(tr("history-opened.tooltip"))
                    .clicked()
                {
                    target = Some(0);
                }
                for (k, label) in done.iter().enumerate() {
                    if ui.selectable_label(position == k + 1, label).clicked() {
                        target = Some(k + 1);
                    }
                }
                for (k, label) in undone.iter().enumerate() {
                    let text = egui::RichText::new(label).weak().italics();
                    if ui
                        .selectable_label(false, text)
                        .on_hover_text(tr("history-undone"))
                        .clicked()
                    {
                        target = Some(position + k + 1);
                    }
                }
            });
        if let Some(target) = target {
            self.jump_in_history(target);
        }
    }

    /// Undoes or redoes until `target` edits are done.
    pub fn jump_in_history(&mut self, target: usize) {
        while self.doc.history.position() > target {
            if !self.step_history(false) {
                break;
            }
        }
        while self.doc.history.position() < target {
            if !self.step_history(true) {
                break;
            }
        }
    }

    fn status_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.label(&self.coverage_summary);
            if let Some(change) = &self.review.last_change {
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
            if self.checking.is_some() {
                ui.separator();
                ui.spinner();
                ui.label(tr("status-checking"));
            }
            if !self.status.is_empty() {
                ui.separator();
                ui.label(&self.status);
            }
        });
    }

    fn inspector_ui(&mut self, ui: &mut Ui) {
        ui.heading(tr("inspector-heading"));
        let selected = self.view.selected_parcels();
        if selected.len() > 1 {
            let area: f64 = selected
                .iter()
                .filter_map(|&i| self.doc.plan.parcels.get(i))
                .map(|p| p.area().m2())
                .sum();
            let area = crate::model::SquareMeters(area);
            ui.label(crate::tr!(
                "inspector-n-selected",
                n = selected.len(),
                area = super::language::area_label(area)
            ));
            ui.label(crate::tr!("inspector-multi-hint"));
            ui.separator();
        }
        let mut edits = Vec::new();
        match self.view.selection {
            None => {
                ui.label(crate::tr!("inspector-empty"));
            }
            Some(Selection::Facility(i)) => {
                let f = &self.doc.plan.facilities[i];
                ui.label(crate::tr!("inspector-facility", id = f.id.as_str()));
                let category = self.reference.standard.category(&f.category);
                ui.label(format!(
                    "{} · {}",
                    f.category,
                    category.map_or("", |c| c.name())
                ));
                if let Some(name) = &f.name {
                    ui.label(name);
                }
                ui.label(crate::tr!("inspector-facility-hint"));
            }
            Some(Selection::Parcel(i)) => {
                let parcel = &self.doc.plan.parcels[i];
                ui.label(crate::tr!(
                    "inspector-parcel",
                    id = parcel.id.as_str(),
                    area = super::language::area_label(parcel.area())
                ));
                let buffer = match &mut self.name_buffer {
                    Some((index, text)) if *index == i => text,
                    _ => {
                        self.name_buffer = Some((i, parcel.name.clone().unwrap_or_default()));
                        &mut self.name_buffer.as_mut().expect("just set").1
                    }
                };
                ui.horizontal(|ui| {
                    let label = ui.label(crate::tr!("inspector-name"));
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
                egui::ComboBox::from_label(crate::tr!("inspector-status"))
                    .selected_text(status.map_or_else(|| "—".to_owned(), |s| s.name()))
                    .show_ui(ui, |ui| {
                        for s in Status::ALL {
                            ui.selectable_value(&mut status, Some(s), s.name());
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
                ui.label(tr!("inspector-strata", n = parcel.strata.len()));
                for s in &parcel.strata {
                    let uses: Vec<String> = s
                        .uses
                        .iter()
                        .map(|u| {
                            let name = self
                                .reference
                                .classification
                                .get(&u.code)
                                .map_or("?".to_owned(), |c| c.label());
                            format!("{} {} {:.0}%", u.code, name, u.share * 100.0)
                        })
                        .collect();
                    ui.group(|ui| {
                        ui.label(tr!(
                            "inspector-stratum",
                            id = s.id.to_string(),
                            bottom = s.z.bottom.to_string(),
                            top = s.z.top.to_string(),
                            floors = s.floors.map_or("—".into(), |f| f.to_string())
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
                egui::CollapsingHeader::new(tr("inspector-edit-strata")).show(ui, |ui| {
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
                    ui.label(tr!("inspector-problems", n = problems.len()));
                    for p in problems {
                        let color = if p.is_error() {
                            egui::Color32::from_rgb(200, 30, 30)
                        } else {
                            egui::Color32::from_rgb(180, 120, 0)
                        };
                        ui.colored_label(color, format!("[{}] {}", p.kind, p.message.text()));
                    }
                }
            }
        }
        for cmd in edits {
            self.apply(cmd);
        }
    }
}

fn format_age(seconds: u64) -> String {
    match seconds {
        s if s < 90 => tr!("age-seconds", n = s),
        s if s < 90 * 60 => tr!("age-minutes", n = s / 60),
        s if s < 48 * 3600 => tr!("age-hours", n = s / 3600),
        s => tr!("age-days", n = s / 86400),
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
        // The benchmark starts when the plan is ready (overview drawn, checks done).
        let busy = self.overview.is_pending() || self.checking.is_some();
        if let Some(bench) = &mut self.bench
            && self.view.fitted
            && !busy
            && !bench.finished
        {
            bench.step(&mut self.view.camera);
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
        if !self.doc.history.is_dirty() {
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
        if let Some(path) = dropped.into_iter().next() {
            self.guarded(Pending::Open(Some(path)));
        }
        let title = self.title();
        ui.ctx()
            .send_viewport_cmd(egui::ViewportCommand::Title(title));
        let close = ui.input(|i| i.viewport().close_requested());
        if close
            && !self.allow_close
            && self.doc.history.is_dirty()
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
