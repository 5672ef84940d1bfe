//! Core tests: the model, reading and writing plans, edits and their history, the analysis against brute force and golden files, bad input, limits and crash safety.
//!
//! One test binary per group (core, cli, editor, i18n) so `cargo test` links a few
//! binaries instead of one per file; each file below is a module.

#[path = "../common/mod.rs"]
mod common;

mod access;
mod analysis_sample_maps;
mod append;
mod bad_input;
mod basemap_settings;
mod coverage_cases;
mod dxf_fuzz;
mod dxf_import;
mod edit_history;
mod flat_stream;
mod geometry_robustness;
mod gpkg_kill_save;
mod gpkg_plans;
mod heatmap_grid;
mod incremental;
mod io_roundtrip;
mod kill_save;
mod late_wording;
mod limits;
mod mix_follow;
mod no_panic;
mod read_fast;
mod realistic_city;
mod recheck;
mod rights;
mod shp_fuzz;
mod suggest;
mod valid_plans;
mod validation_shortcuts;
mod valuation;
mod zoning;
