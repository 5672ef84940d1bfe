//! Editor tests: the egui app driven through egui_kittest by what a user sees (labels, clicks, drags, keys).
//!
//! One test binary per group (core, cli, editor, i18n) so `cargo test` links a few
//! binaries instead of one per file; each file below is a module.

#[path = "../editor_support/mod.rs"]
mod editor_support;

mod editor_assets;
mod editor_controls;
mod editor_export;
mod editor_file_guard;
mod editor_gpkg;
mod editor_import;
mod editor_isochrones;
mod editor_places;
mod editor_provision;
mod editor_review;
mod editor_rights;
mod editor_selection;
mod editor_sheets;
mod editor_trace;
mod editor_ui;
mod editor_underlays;
mod editor_view3d;
mod editor_walkthrough;
mod editor_workflows;
mod editor_zoning_style;
mod editor_zoning_tab;
mod recovery_history;
