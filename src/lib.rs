//! Strata: a land-use and mixed-zoning planning editor.
//!
//! Layers, from the bottom up; a module uses only those below it, as listed in
//! `docs/ARCHITECTURE.md` (checked by `tests/layers.rs`). The core never imports egui.
//!
//! * [`i18n`]: translations (Fluent files in assets/i18n), the current language and
//!   [`i18n::Message`] (a key and arguments, worded when shown). A leaf.
//! * [`model`]: the plan document — parcels with stacked strata (layered land rights),
//!   facilities, streets, plan settings — its local metric frame, the one change type
//!   [`model::Changes`], and the reference data (land-use classification, life-circle
//!   standard) read from TOML files.
//! * [`edit`]: every change to a plan as an invertible [`edit::EditCmd`] (its `apply`
//!   returns the `Changes`), the undo [`edit::History`], and the geometry operations.
//! * [`analysis`]: spatial indexes, validation (rights conflicts in 3D included),
//!   life-circle coverage with its incremental update, heat grids, land accounting,
//!   mixed use, suggestions and valuation.
//! * [`io`]: GeoJSON plan files (WGS84 on disk, metres of a local transverse Mercator
//!   frame inside), input CRSs, import and flat export, atomic writes.
//! * [`basemap`]: underlays (world-file images, GeoTIFF, MBTiles) opened and
//!   reprojected into any pixel grid of the plan's frame, for the canvas and the maps.
//! * [`session`]: what outlives a run — recovery copies with their undo history, and
//!   the user's preferences (language, area unit).
//! * [`render`]: plans drawn headless to PNG (map, legend, strata sections) from figures
//!   it is given, the map style and the presentation core (`render::present`: fill
//!   values, legend rows, section layout) the editor canvas shares, and heat-grid
//!   rasters for GIS.
//! * [`report`]: the plan report (HTML or Markdown) built from the analysis figures
//!   and the rendered images.
//! * [`sheet`]: zoning sheets (图则) as vector PDF: the parcel at a stated scale,
//!   control indicators, strata, corner coordinates, frame and title block.
//! * [`synth`]: a synthetic city generator for benchmarks and tests.
//! * [`timings`]: per-stage wall times on stderr when `STRATA_TIMINGS` is set (a leaf
//!   the core and the command line use).
//! * [`ui`]: the eframe editor (the only module that uses egui).
//! * `cli` (binary only): the `strata` command line.

pub mod analysis;
pub mod basemap;
pub mod edit;
pub mod i18n;
pub mod io;
pub mod memory;
pub mod model;
pub mod render;
pub mod report;
pub mod session;
pub mod sheet;
pub mod synth;
pub mod timings;
pub mod ui;
