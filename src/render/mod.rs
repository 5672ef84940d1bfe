//! Drawing a plan headless (no window, no GPU) with tiny-skia: the map PNG of
//! `strata render`, the strata section figures of `strata report`, and the style and
//! presentation core ([`present`]) both share with the editor canvas (colours per land
//! use, status and score; what a colour mode paints; facility symbols). The renderer
//! draws the figures it is given and never runs the analysis (`report::map_figures`
//! does, for `strata render` and `strata report`). Nothing here imports egui.

pub mod areas;
pub mod draw;
pub mod fonts;
mod furniture;
pub mod labels;
pub mod legend;
pub mod map;
mod map_area;
pub mod pdf;
pub mod pdf_section;
pub mod pdf_table;
pub mod present;
pub mod raster;
pub mod section;
pub mod style;
pub mod text;
pub mod transform;
pub mod underlay;
pub mod volumes;
pub mod web_font;

pub use crate::analysis::heatmap::HeatChoice;
pub use fonts::FontSet;
pub use map::{
    HeatLayer, MapFigures, MapFrame, MapOptions, RenderError, RenderedMap, draw_map, resolve_heat,
};
pub use style::FillBy;
pub use transform::PixelFromWorld;
pub use underlay::{UnderlayImage, UnderlayPainter, attribution_text};

#[cfg(test)]
mod tests {
    /// The renderer draws figures it is given: no source of `render` (tests aside) calls
    /// an analysis that computes figures; `report::map_figures` does that for it.
    #[test]
    fn the_renderer_runs_no_analysis() {
        const RUNS: [&str; 6] = [
            "Coverage::compute",
            "mix_report(",
            "valuation(",
            "heatmap(",
            "LiveHeatmap",
            "validate(",
        ];
        let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render")];
        let mut files = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("src/render") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("source");
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                for run in RUNS {
                    assert!(!code.contains(run), "{} calls {run}", path.display());
                }
                files += 1;
            }
        }
        assert!(files > 10, "{files} files read");
    }
}
