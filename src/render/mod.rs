//! Drawing a plan headless (no window, no GPU) with tiny-skia: the map PNG of
//! `strata render`, the strata section figures of `strata report`, and the style and
//! presentation core ([`present`]) both share with the editor canvas (colours per land
//! use, status and score; what a colour mode paints; facility symbols). The renderer
//! draws the figures it is given and never runs the analysis (`report::map_figures`
//! does, for `strata render` and `strata report`). Nothing here imports egui.

pub mod draw;
pub mod fonts;
mod furniture;
pub mod labels;
pub mod legend;
pub mod map;
mod map_area;
pub mod present;
pub mod section;
pub mod style;
pub mod text;
pub mod transform;

pub use crate::analysis::heatmap::HeatChoice;
pub use fonts::FontSet;
pub use map::{
    HeatLayer, MapFigures, MapFrame, MapOptions, RenderError, RenderedMap, draw_map, resolve_heat,
};
pub use style::FillBy;
pub use transform::PixelFromWorld;
