//! The editor: a thin egui layer over the core. Panels read the plan and return edit
//! commands; nothing here changes the plan directly.
//!
//! The editor's state, in four parts, held by [`StrataApp`] (`app.rs`):
//! * the document — `document.rs` ([`Document`]: plan, history, file, generation), with
//!   the file actions in `files.rs` (open, save, recovery copies, autosave);
//! * the analyses derived from it — `analyses.rs` ([`Analyses`]: coverage, problems,
//!   scores, map cache, overview, review figures; one `after_edit`; the what-if of a
//!   dragged facility);
//! * the view — `view.rs` ([`ViewState`]: preferences and camera; [`Tool`]);
//! * the pointer — `interaction.rs` ([`Pointer`], one [`Interaction`]), and what is
//!   selected, by id — `selection.rs` ([`Selected`]).
//!
//! Drawing and input: `canvas.rs` draws the map, `tools/` handles each tool's input,
//! `chrome.rs` the menus, toolbar, layers panel and status bar, `inspector.rs` and
//! `strata_editor.rs` the inspector, `review/` the review panel, `table.rs` the attribute
//! table, `assets_panel.rs` inventory and site suggestions; `actions.rs` carries out the
//! commands of `commands.rs`; `shell.rs` loads a plan in the background around the app.

mod actions;
mod analyses;
mod app;
pub mod assets_panel;
mod canvas;
mod chrome;
mod commands;
mod controls_panel;
pub mod dialogs;
mod document;
pub mod export;
pub mod file_guard;
mod files;
mod fonts;
mod frame_bench;
pub mod import_dialog;
mod inspector;
mod interaction;
pub mod isochrone_layer;
mod language;
mod legend;
mod map_cache;
mod map_legend;
mod map_shapes;
mod overlay;
mod overview;
pub mod review;
mod section_view;
mod selection;
mod shell;
mod smoke;
mod spinner;
mod strata_editor;
mod strata_operation;
mod table;
mod tools;
mod transform;
pub mod underlays;
pub mod underlays_panel;
mod view;
pub mod view3d;

pub use analyses::Analyses;
pub use app::StrataApp;
pub use commands::UiCommand;
pub use document::Document;
pub use frame_bench::FrameBench;
pub use interaction::{Interaction, Pointer};
pub use map_cache::ColorMode;
pub use selection::{Selected, Selection};
pub use smoke::SmokeRun;
pub use table::SortBy;
pub use transform::ScreenFromWorld;
pub use view::{Tool, ViewState};

use std::path::PathBuf;

use crate::model::{Plan, Reference};

fn native_options(bench: bool) -> eframe::NativeOptions {
    eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        // A benchmark measures drawing, not the display's refresh rate.
        glow_options: eframe::egui_glow::GlowConfiguration {
            vsync: !bench,
            ..Default::default()
        },
        // Dithering costs a noise computation per pixel; with software GL that is frame time.
        dithering: false,
        // The 3D view draws with a depth test (ui::view3d::gl).
        depth_buffer: 24,
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1500.0, 950.0])
            .with_drag_and_drop(true),
        ..Default::default()
    }
}

/// Opens the editor window on a plan in memory (the built-in sample).
pub fn run(plan: Plan, path: Option<PathBuf>, reference: Reference) -> Result<(), String> {
    file_guard::enable_plan_locks();
    let app = StrataApp::new(plan, path, reference);
    let shell = shell::Shell::ready(app);
    eframe::run_native(
        "Strata",
        native_options(false),
        Box::new(|_cc| Ok(Box::new(shell))),
    )
    .map_err(|e| e.to_string())
}

/// Opens the editor window and reads the plan file in the background, with progress (with
/// `smoke`, renders, writes a screenshot, closes; with `bench`, runs the scripted pan and
/// zoom, prints frame times, closes; with `view_3d`, starts in the 3D view).
pub fn run_file(
    path: PathBuf,
    reference: Reference,
    smoke: Option<SmokeRun>,
    bench: Option<FrameBench>,
    view_3d: bool,
) -> Result<(), String> {
    file_guard::enable_plan_locks();
    let options = native_options(bench.is_some());
    let mut shell = shell::Shell::loading(path, reference, smoke, bench);
    shell.start_in_3d = view_3d;
    eframe::run_native("Strata", options, Box::new(|_cc| Ok(Box::new(shell))))
        .map_err(|e| e.to_string())
}
