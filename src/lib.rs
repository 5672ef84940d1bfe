//! Strata: a land-use and mixed-zoning planning editor.
//!
//! Layers, from the bottom up (the core never imports egui):
//!
//! * [`model`]: the plan document — parcels with stacked strata (layered land rights),
//!   facilities, streets — and the reference data (land-use classification, life-circle
//!   standard) read from TOML files.
//! * [`io`]: GeoJSON plan files (WGS84 on disk, metres of a local transverse Mercator
//!   frame inside), input CRSs, import and flat export.
//! * [`analysis`]: spatial index and validation (rights conflicts in 3D included), areas.
//! * [`render`]: plans drawn headless to PNG (map, legend, strata sections) from figures
//!   it is given, the map style and the presentation core (`render::present`: fill
//!   values, legend rows, section layout) the editor canvas shares.
//! * [`report`]: the plan report (HTML or Markdown) built from the analysis figures
//!   and the rendered images.
//! * [`i18n`]: translations (Fluent files in assets/i18n) and the language and
//!   area-unit preferences.
//! * [`synth`]: a synthetic city generator for benchmarks and tests.
//! * `cli` (binary only): the `strata` command line.

pub mod analysis;
pub mod edit;
pub mod i18n;
pub mod io;
pub mod model;
pub mod render;
pub mod report;
pub mod synth;
pub mod ui;
