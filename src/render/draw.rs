//! Small drawing helpers over tiny-skia shared by the map, legend and figures: paints,
//! rectangles, lines, facility symbols, the mixed-use hatch pattern, PNG encoding.

use tiny_skia::{
    FillRule, FilterQuality, Paint, PathBuilder, Pattern, Pixmap, Rect, SpreadMode, Stroke,
    Transform,
};

use super::style::{Rgb, Symbol};

/// A solid anti-aliased paint.
pub fn paint(rgb: Rgb, alpha: u8) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color_rgba8(rgb[0], rgb[1], rgb[2], alpha);
    paint.anti_alias = true;
    paint
}

/// Fills an axis-aligned rectangle (ignored when empty).
pub fn fill_rect(pixmap: &mut Pixmap, x: f32, y: f32, w: f32, h: f32, rgb: Rgb, alpha: u8) {
    if let Some(rect) = Rect::from_xywh(x, y, w, h) {
        pixmap.fill_rect(rect, &paint(rgb, alpha), Transform::identity(), None);
    }
}

/// Outlines an axis-aligned rectangle.
pub fn stroke_rect(pixmap: &mut Pixmap, x: f32, y: f32, w: f32, h: f32, rgb: Rgb, width: f32) {
    if let Some(rect) = Rect::from_xywh(x, y, w, h) {
        let path = PathBuilder::from_rect(rect);
        let stroke = Stroke {
            width,
            ..Stroke::default()
        };
        pixmap.stroke_path(
            &path,
            &paint(rgb, 255),
            &stroke,
            Transform::identity(),
            None,
        );
    }
}

/// A straight line.
pub fn line(pixmap: &mut Pixmap, from: (f32, f32), to: (f32, f32), rgb: Rgb, width: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(from.0, from.1);
    pb.line_to(to.0, to.1);
    if let Some(path) = pb.finish() {
        let stroke = Stroke {
            width,
            ..Stroke::default()
        };
        pixmap.stroke_path(
            &path,
            &paint(rgb, 255),
            &stroke,
            Transform::identity(),
            None,
        );
    }
}

/// Adds a facility symbol of radius `r` centred on `(cx, cy)` to a path.
pub fn push_symbol(pb: &mut PathBuilder, symbol: Symbol, cx: f32, cy: f32, r: f32) {
    let polygon = |pb: &mut PathBuilder, points: &[(f32, f32)]| {
        push_polygon(pb, points, cx, cy, r);
    };
    match symbol {
        Symbol::Circle => pb.push_circle(cx, cy, r),
        Symbol::Square => polygon(pb, &SQUARE),
        Symbol::Triangle => polygon(pb, &TRIANGLE),
        Symbol::InvertedTriangle => polygon(pb, &INVERTED_TRIANGLE),
        Symbol::Diamond => polygon(pb, &DIAMOND),
        Symbol::Hexagon => polygon(pb, &hexagon()),
        Symbol::Cross => polygon(pb, &CROSS),
        Symbol::Ring => {
            // Outer contour one way, inner the other: a hole under the non-zero rule,
            // which the grouped symbol paths are filled with.
            polygon(pb, &ring_circle(1.05, 1.0));
            polygon(pb, &ring_circle(0.5, -1.0));
        }
        Symbol::SquareRing => {
            polygon(pb, &SQUARE_RING_OUTER);
            polygon(pb, &SQUARE_RING_INNER);
        }
        Symbol::Saltire => polygon(pb, &SALTIRE),
        Symbol::Star => polygon(pb, &star()),
    }
}

/// Adds one closed contour, its points in units of the radius `r` around `(cx, cy)`.
fn push_polygon(pb: &mut PathBuilder, points: &[(f32, f32)], cx: f32, cy: f32, r: f32) {
    for (i, (x, y)) in points.iter().enumerate() {
        if i == 0 {
            pb.move_to(cx + x * r, cy + y * r);
        } else {
            pb.line_to(cx + x * r, cy + y * r);
        }
    }
    pb.close();
}

// The symbols' outlines in units of the radius, y pointing down as on screen.
const SQUARE: [(f32, f32); 4] = [(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)];
const TRIANGLE: [(f32, f32); 3] = [(0.0, -1.15), (1.0, 0.7), (-1.0, 0.7)];
const INVERTED_TRIANGLE: [(f32, f32); 3] = [(0.0, 1.15), (1.0, -0.7), (-1.0, -0.7)];
const DIAMOND: [(f32, f32); 4] = [(0.0, -1.2), (1.1, 0.0), (0.0, 1.2), (-1.1, 0.0)];
const CROSS: [(f32, f32); 12] = [
    (-0.35, -1.0),
    (0.35, -1.0),
    (0.35, -0.35),
    (1.0, -0.35),
    (1.0, 0.35),
    (0.35, 0.35),
    (0.35, 1.0),
    (-0.35, 1.0),
    (-0.35, 0.35),
    (-1.0, 0.35),
    (-1.0, -0.35),
    (-0.35, -0.35),
];
/// The inner square runs the other way from the outer one: a hole under the non-zero rule.
const SQUARE_RING_OUTER: [(f32, f32); 4] = [(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)];
const SQUARE_RING_INNER: [(f32, f32); 4] =
    [(-0.42, -0.42), (-0.42, 0.42), (0.42, 0.42), (0.42, -0.42)];
const SALTIRE: [(f32, f32); 12] = [
    (-1.0, -0.6),
    (-0.6, -1.0),
    (0.0, -0.4),
    (0.6, -1.0),
    (1.0, -0.6),
    (0.4, 0.0),
    (1.0, 0.6),
    (0.6, 1.0),
    (0.0, 0.4),
    (-0.6, 1.0),
    (-1.0, 0.6),
    (-0.4, 0.0),
];

/// A regular hexagon with a vertex on the right.
fn hexagon() -> Vec<(f32, f32)> {
    (0..6)
        .map(|i| {
            let a = std::f32::consts::PI / 3.0 * i as f32;
            (a.cos(), a.sin())
        })
        .collect()
}

/// A 24-gon of radius `k`, clockwise on screen for `sign` 1 and anticlockwise for -1.
fn ring_circle(k: f32, sign: f32) -> Vec<(f32, f32)> {
    (0..24)
        .map(|i| {
            let a = sign * std::f32::consts::PI / 12.0 * i as f32;
            (k * a.cos(), k * a.sin())
        })
        .collect()
}

/// A five-pointed star, point up.
fn star() -> Vec<(f32, f32)> {
    (0..10)
        .map(|i| {
            let a = std::f32::consts::PI / 5.0 * i as f32 - std::f32::consts::FRAC_PI_2;
            let k = if i % 2 == 0 { 1.25 } else { 0.55 };
            (k * a.cos(), k * a.sin())
        })
        .collect()
}

/// Draws one facility symbol with a white rim.
pub fn draw_symbol(pixmap: &mut Pixmap, symbol: Symbol, cx: f32, cy: f32, r: f32, rgb: Rgb) {
    let mut pb = PathBuilder::new();
    push_symbol(&mut pb, symbol, cx, cy, r);
    if let Some(path) = pb.finish() {
        pixmap.fill_path(
            &path,
            &paint(rgb, 255),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
        let stroke = Stroke {
            width: (r * 0.3).max(1.0),
            ..Stroke::default()
        };
        pixmap.stroke_path(
            &path,
            &paint([255, 255, 255], 255),
            &stroke,
            Transform::identity(),
            None,
        );
    }
}

/// A square tile with one diagonal stripe of `rgb` on transparent: repeated, it hatches.
pub fn hatch_tile(rgb: Rgb, size: u32) -> Option<Pixmap> {
    let mut tile = Pixmap::new(size, size)?;
    let s = size as f32;
    let mut pb = PathBuilder::new();
    // The stripe and its continuations in the neighbouring tiles' corners.
    for offset in [-s, 0.0, s] {
        pb.move_to(offset, s);
        pb.line_to(offset + s, 0.0);
    }
    let path = pb.finish()?;
    let stroke = Stroke {
        width: (s * 0.3).max(1.5),
        ..Stroke::default()
    };
    tile.stroke_path(
        &path,
        &paint(rgb, 255),
        &stroke,
        Transform::identity(),
        None,
    );
    Some(tile)
}

/// A paint that repeats a hatch tile.
pub fn hatch_paint(tile: &Pixmap) -> Paint<'_> {
    Paint {
        shader: Pattern::new(
            tile.as_ref(),
            SpreadMode::Repeat,
            FilterQuality::Nearest,
            1.0,
            Transform::identity(),
        ),
        anti_alias: true,
        ..Paint::default()
    }
}

/// A horizontal colour ramp from `f(0)` to `f(1)`.
pub fn ramp(pixmap: &mut Pixmap, x: f32, y: f32, w: f32, h: f32, f: impl Fn(f64) -> Rgb) {
    let steps = w.max(1.0).ceil() as usize;
    for i in 0..steps {
        let t = i as f64 / (steps.max(2) - 1) as f64;
        fill_rect(pixmap, x + i as f32, y, 1.0, h, f(t), 255);
    }
}

/// Encodes a pixmap as an RGB PNG (figures are opaque: white page, opaque fills).
/// Zlib's default level rather than image's fast one: maps with hatching are about a
/// third smaller, for a few milliseconds more.
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let rgb: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
        })
        .collect();
    let mut bytes = Vec::new();
    PngEncoder::new_with_quality(&mut bytes, CompressionType::Default, FilterType::Adaptive)
        .write_image(
            &rgb,
            pixmap.width(),
            pixmap.height(),
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tiny_skia::Shader;

    #[test]
    fn ring_symbols_have_holes_and_other_symbols_do_not() {
        for symbol in Symbol::CYCLE {
            let mut pixmap = Pixmap::new(40, 40).expect("pixmap");
            pixmap.fill(tiny_skia::Color::WHITE);
            draw_symbol(&mut pixmap, symbol, 20.0, 20.0, 15.0, [0, 0, 0]);
            let centre = pixmap.pixel(20, 20).expect("pixel");
            if matches!(symbol, Symbol::Ring | Symbol::SquareRing) {
                assert_eq!(centre.red(), 255, "{symbol:?} has a hole");
            } else {
                assert_eq!(centre.red(), 0, "{symbol:?} is filled");
            }
            let ink = pixmap.pixels().iter().filter(|p| p.red() < 100).count();
            assert!(ink > 100, "{symbol:?}: {ink}");
        }
    }

    #[test]
    fn hatch_tile_has_stripe_and_gaps() {
        let tile = hatch_tile([255, 0, 0], 8).expect("tile");
        let opaque = tile.pixels().iter().filter(|p| p.alpha() > 200).count();
        let clear = tile.pixels().iter().filter(|p| p.alpha() == 0).count();
        assert!(opaque > 4 && clear > 16, "{opaque} {clear}");
        assert!(matches!(hatch_paint(&tile).shader, Shader::Pattern(_)));
    }

    #[test]
    fn png_round_trips_the_size() {
        let mut pixmap = Pixmap::new(7, 3).expect("pixmap");
        fill_rect(&mut pixmap, 0.0, 0.0, 7.0, 3.0, [10, 20, 30], 255);
        let png = encode_png(&pixmap).expect("png");
        let image = image::load_from_memory(&png).expect("decode").to_rgba8();
        assert_eq!(image.dimensions(), (7, 3));
        assert_eq!(image.get_pixel(3, 1).0, [10, 20, 30, 255]);
    }
}
