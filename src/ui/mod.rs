//! The editor: a thin egui layer over the core. Panels read the plan and return edit
//! commands; nothing here changes the plan directly.

mod app;
pub mod assets_panel;
mod canvas;
mod commands;
pub mod dialogs;
pub mod file_guard;
mod fonts;
mod frame_bench;
mod language;
mod legend;
mod map_cache;
mod overlay;
mod overview;
pub mod review;
mod shell;
mod strata_editor;
mod table;
mod transform;

pub use app::{Selection, SmokeRun, StrataApp, Tool};
pub use commands::UiCommand;
pub use frame_bench::FrameBench;
pub use map_cache::ColorMode;
pub use table::SortBy;
pub use transform::ScreenFromWorld;

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
/// zoom, prints frame times, closes).
pub fn run_file(
    path: PathBuf,
    reference: Reference,
    smoke: Option<SmokeRun>,
    bench: Option<FrameBench>,
) -> Result<(), String> {
    file_guard::enable_plan_locks();
    let options = native_options(bench.is_some());
    let shell = shell::Shell::loading(path, reference, smoke, bench);
    eframe::run_native("Strata", options, Box::new(|_cc| Ok(Box::new(shell))))
        .map_err(|e| e.to_string())
}
