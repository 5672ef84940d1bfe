//! Analysis over a plan: spatial index, validation (rights conflicts in 3D included) and
//! areas. Distances and areas are in plan metres; everything here is straight-line
//! geometry unless a function says it walks the street network.

mod index;
pub mod land;
pub mod validate;

pub use index::BoxIndex;
pub use validate::{validate, validate_with};
