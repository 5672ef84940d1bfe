//! Analysis over a plan: spatial index, validation (rights conflicts in 3D included),
//! life-circle coverage (straight-line and along the walking network), land accounting.
//! Distances and areas are in plan metres; each function says whether its distances are
//! straight-line or along the network.

pub mod access;
pub mod block;
mod catchments;
pub mod coverage;
mod grid_index;
pub mod heatmap;
pub mod home_coverage;
pub mod homes;
mod id_set;
mod index;
pub mod inventory;
pub mod isochrone;
pub mod land;
pub mod mix;
pub mod network;
mod parcel_boxes;
mod polygon_checks;
mod pretty_json;
pub mod provision;
pub mod reach;
pub mod recheck;
pub mod report;
pub mod rights_check;
pub mod route;
pub mod siting;
pub mod suggest;
pub mod supply;
pub mod targets;
pub mod terms;
pub mod validate;
pub mod valuation;
pub mod zoning;
pub mod zoning_changes;
pub mod zoning_check;
pub mod zoning_columns;

pub use coverage::{Coverage, CoverageOptions, Metric, Updated};
pub use grid_index::GridIndex;
pub use id_set::IdSet;
pub use index::BoxIndex;
pub use validate::{validate, validate_with};
