//! Command-line tests: the `strata` binary run as a user runs it (outputs, files written, exit codes, both languages).
//!
//! One test binary per group (core, cli, editor, i18n) so `cargo test` links a few
//! binaries instead of one per file; each file below is a module.

#[path = "../common/mod.rs"]
mod common;

mod analyze_stream;
mod basemap;
mod basemap_cad;
mod basemap_tiles;
mod cli;
mod cli_i18n;
mod dxf;
mod export_zoning;
mod gpkg_cli;
mod provision;
mod provision_places;
mod render;
mod report;
mod rights_cli;
mod sheet;
mod sheet_extras;
mod shp;
mod timings;
