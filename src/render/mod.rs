//! Drawing a plan headless (no window, no GPU) with tiny-skia: the map PNG of
//! `strata render`, the strata section figures of `strata report`, and the style both
//! share with the editor canvas (colours per land use, status and score; facility
//! symbols). Nothing here imports egui.

pub mod draw;
pub mod fonts;
mod furniture;
pub mod labels;
pub mod legend;
pub mod map;
mod map_area;
pub mod raster;
pub mod section;
pub mod style;
pub mod text;
pub mod transform;

pub use fonts::FontSet;
pub use map::{HeatChoice, MapOptions, RenderError, RenderedMap, render_map, render_map_with};
pub use style::FillBy;
pub use transform::PixelFromWorld;
