//! Walking-time bands drawn over a map (the report's gap maps): translucent fills of
//! nested areas, outermost first so inner bands look darker, and their outlines. The
//! bands are given (`analysis::isochrone`); nothing here computes them.

use geo::MultiPolygon;
use tiny_skia::{FillRule, PathBuilder, Pixmap, Stroke, Transform};

use super::draw::paint;
use super::style::Rgb;
use super::transform::PixelFromWorld;

/// One band on a map: its area in plan metres, its colour and its legend text.
#[derive(Clone, Debug)]
pub struct AreaBand {
    pub area: MultiPolygon<f64>,
    pub rgb: Rgb,
    /// Opacity of the fill, 0–255.
    pub alpha: u8,
    pub label: String,
}

/// The blues of the 5, 10 and 15-minute bands (innermost first), as fills of `alpha`.
pub const BAND_BLUES: [Rgb; 3] = [[8, 69, 148], [49, 130, 189], [107, 174, 214]];
pub const BAND_ALPHA: u8 = 45;

/// The colour a band's legend swatch shows: its fill over white.
pub fn swatch(band: &AreaBand) -> Rgb {
    let a = f32::from(band.alpha) / 255.0;
    band.rgb
        .map(|c| (f32::from(c) * a + 255.0 * (1.0 - a)).round() as u8)
}

/// Draws `bands` (outermost first) onto a map area whose pixels `t` gives.
pub fn draw_areas(map: &mut Pixmap, t: &PixelFromWorld, bands: &[AreaBand], unit: f32) {
    for band in bands {
        let mut pb = PathBuilder::new();
        for polygon in &band.area.0 {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for (i, c) in ring.0.iter().enumerate() {
                    let (x, y) = t.px(c.x, c.y);
                    if i == 0 {
                        pb.move_to(x, y);
                    } else {
                        pb.line_to(x, y);
                    }
                }
                pb.close();
            }
        }
        let Some(path) = pb.finish() else {
            continue;
        };
        map.fill_path(
            &path,
            &paint(band.rgb, band.alpha),
            FillRule::EvenOdd,
            Transform::identity(),
            None,
        );
        let stroke = Stroke {
            width: unit.max(1.0),
            ..Stroke::default()
        };
        map.stroke_path(
            &path,
            &paint(band.rgb, 220),
            &stroke,
            Transform::identity(),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    /// A 100 m square band over a white map darkens its inside only.
    #[test]
    fn a_band_tints_its_inside() {
        let mut map = Pixmap::new(200, 200).expect("pixmap");
        map.fill(tiny_skia::Color::WHITE);
        let t = PixelFromWorld {
            west: 0.0,
            north: 200.0,
            pixels_per_meter: 1.0,
            left: 0.0,
            top: 0.0,
        };
        let square = polygon![(x: 50.0, y: 50.0), (x: 150.0, y: 50.0), (x: 150.0, y: 150.0), (x: 50.0, y: 150.0)];
        let band = AreaBand {
            area: MultiPolygon::new(vec![square]),
            rgb: BAND_BLUES[0],
            alpha: BAND_ALPHA,
            label: String::new(),
        };
        draw_areas(&mut map, &t, std::slice::from_ref(&band), 1.0);
        let at = |x, y| map.pixel(x, y).expect("pixel").demultiply();
        let inside = at(100, 100);
        let expected = swatch(&band);
        let got = [inside.red(), inside.green(), inside.blue()];
        assert!(
            got.iter().zip(expected).all(|(a, b)| a.abs_diff(b) <= 2),
            "{got:?} vs {expected:?}"
        );
        let outside = at(10, 10);
        assert_eq!(
            [outside.red(), outside.green(), outside.blue()],
            [255, 255, 255]
        );
    }
}
