//! The editor: a thin egui layer over the core. Panels read the plan and return edit
//! commands; nothing here changes the plan directly.

mod app;
mod canvas;
mod commands;
mod fonts;
mod strata_editor;
mod table;
mod transform;

pub use app::{Selection, SmokeRun, StrataApp, Tool};
pub use commands::UiCommand;
pub use table::SortBy;
pub use transform::ScreenFromWorld;

use std::path::PathBuf;

use crate::model::{Plan, Reference};

/// Opens the editor window on a plan (with `smoke`, renders, writes a screenshot, closes).
pub fn run(
    plan: Plan,
    path: Option<PathBuf>,
    reference: Reference,
    smoke: Option<SmokeRun>,
) -> Result<(), String> {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1500.0, 950.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    let mut app = StrataApp::new(plan, path, reference);
    app.smoke = smoke;
    eframe::run_native("Strata", options, Box::new(|_cc| Ok(Box::new(app))))
        .map_err(|e| e.to_string())
}
