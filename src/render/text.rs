//! Text on a pixmap: each character from the first font of the set that has it, glyph
//! outlines filled as paths (so text is anti-aliased like the rest of the map), an
//! optional halo for labels over coloured fills, and a box for characters no font has.

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{GlyphId, MetadataProvider};
use tiny_skia::{FillRule, LineCap, LineJoin, PathBuilder, Pixmap, Stroke, Transform};

use super::draw::paint;
use super::fonts::FontSet;
use super::style::Rgb;

/// Where a text's anchor point is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    LeftTop,
    LeftCenter,
    LeftBaseline,
    Center,
    CenterTop,
    RightTop,
    RightCenter,
}

/// Size, colour and halo of a text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    pub size_px: f32,
    pub color: Rgb,
    /// A ring of this colour around the glyphs, for labels over the map.
    pub halo: Option<Rgb>,
}

impl TextStyle {
    pub fn new(size_px: f32, color: Rgb) -> Self {
        Self {
            size_px,
            color,
            halo: None,
        }
    }

    pub fn with_halo(mut self, halo: Rgb) -> Self {
        self.halo = Some(halo);
        self
    }
}

/// One placed character: which font (None = no font has it), glyph and pen position.
struct Placed {
    font: Option<usize>,
    glyph: GlyphId,
    x: f32,
}

/// Lays a line out from x = 0; returns the glyphs and the advance width.
fn layout(fonts: &FontSet, text: &str, size: f32) -> (Vec<Placed>, f32) {
    let faces: Vec<_> = fonts.fonts.iter().filter_map(|f| f.face()).collect();
    let charmaps: Vec<_> = faces.iter().map(|f| f.charmap()).collect();
    let metrics: Vec<_> = faces
        .iter()
        .map(|f| f.glyph_metrics(Size::new(size), LocationRef::default()))
        .collect();
    let mut placed = Vec::new();
    let mut x = 0.0;
    for ch in text.chars() {
        let ch = if ch.is_control() { ' ' } else { ch };
        let found = charmaps
            .iter()
            .enumerate()
            .find_map(|(i, cmap)| cmap.map(ch).filter(|g| g.to_u32() != 0).map(|g| (i, g)));
        match found {
            Some((i, glyph)) => {
                placed.push(Placed {
                    font: Some(i),
                    glyph,
                    x,
                });
                x += metrics[i].advance_width(glyph).unwrap_or(size * 0.5);
            }
            None => {
                placed.push(Placed {
                    font: None,
                    glyph: GlyphId::new(0),
                    x,
                });
                x += size * 0.6;
            }
        }
    }
    (placed, x)
}

/// Width of a line of text in pixels.
pub fn text_width(fonts: &FontSet, text: &str, size_px: f32) -> f32 {
    layout(fonts, text, size_px).1
}

/// True when some font of the set has every character of `text`.
pub fn has_glyphs(fonts: &FontSet, text: &str) -> bool {
    layout(fonts, text, 10.0).0.iter().all(|p| p.font.is_some())
}

/// Glyph outlines into a path builder, moved to the pen position, y pointing down.
struct Pen<'a> {
    builder: &'a mut PathBuilder,
    x: f32,
    baseline: f32,
}

impl OutlinePen for Pen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.builder.move_to(self.x + x, self.baseline - y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.builder.line_to(self.x + x, self.baseline - y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.builder.quad_to(
            self.x + cx0,
            self.baseline - cy0,
            self.x + x,
            self.baseline - y,
        );
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.builder.cubic_to(
            self.x + cx0,
            self.baseline - cy0,
            self.x + cx1,
            self.baseline - cy1,
            self.x + x,
            self.baseline - y,
        );
    }
    fn close(&mut self) {
        self.builder.close();
    }
}

/// The box a text occupies when drawn at `at` with `anchor`: (left, top, width, height).
pub fn text_box(
    fonts: &FontSet,
    text: &str,
    style: &TextStyle,
    at: (f32, f32),
    anchor: Anchor,
) -> (f32, f32, f32, f32) {
    let width = text_width(fonts, text, style.size_px);
    let (left, baseline) = origin(at, anchor, width, style.size_px);
    let size = style.size_px;
    (left, baseline - 0.8 * size, width, 1.05 * size)
}

/// Left end and baseline of a text of `width` drawn at `at` with `anchor`.
fn origin(at: (f32, f32), anchor: Anchor, width: f32, size: f32) -> (f32, f32) {
    // Latin capitals and CJK ideographs sit about 0.72 em above the baseline.
    let cap = 0.72 * size;
    let (x, y) = at;
    match anchor {
        Anchor::LeftTop => (x, y + cap),
        Anchor::LeftCenter => (x, y + cap / 2.0),
        Anchor::LeftBaseline => (x, y),
        Anchor::Center => (x - width / 2.0, y + cap / 2.0),
        Anchor::CenterTop => (x - width / 2.0, y + cap),
        Anchor::RightTop => (x - width, y + cap),
        Anchor::RightCenter => (x - width, y + cap / 2.0),
    }
}

/// Draws one line of text; returns its width.
pub fn draw_text(
    pixmap: &mut Pixmap,
    fonts: &FontSet,
    text: &str,
    at: (f32, f32),
    anchor: Anchor,
    style: &TextStyle,
) -> f32 {
    let size = style.size_px;
    if !(size.is_finite() && size > 0.0) || text.is_empty() {
        return 0.0;
    }
    let (placed, width) = layout(fonts, text, size);
    let (left, baseline) = origin(at, anchor, width, size);
    let (glyphs, tofu) = outline(fonts, &placed, left, baseline, size);
    fill_text(pixmap, glyphs, tofu, style);
    width
}

/// The outlines of laid-out glyphs, their line starting at `left` on `baseline`, and
/// apart the boxes standing for characters no font has (drawn as outlines, not filled,
/// so they read as missing glyphs).
fn outline(
    fonts: &FontSet,
    placed: &[Placed],
    left: f32,
    baseline: f32,
    size: f32,
) -> (PathBuilder, PathBuilder) {
    let faces: Vec<_> = fonts.fonts.iter().filter_map(|f| f.face()).collect();
    let outlines: Vec<_> = faces.iter().map(|f| f.outline_glyphs()).collect();
    let mut builder = PathBuilder::new();
    let mut tofu = PathBuilder::new();
    for p in placed {
        let x = left + p.x;
        match p.font.and_then(|i| outlines[i].get(p.glyph)) {
            Some(glyph) => {
                let mut pen = Pen {
                    builder: &mut builder,
                    x,
                    baseline,
                };
                let settings = DrawSettings::unhinted(Size::new(size), LocationRef::default());
                // A glyph that fails to draw is left out rather than failing the map.
                let _ = glyph.draw(settings, &mut pen);
            }
            None if p.font.is_none() => {
                if let Some(rect) = tiny_skia::Rect::from_xywh(
                    x + 0.08 * size,
                    baseline - 0.72 * size,
                    0.44 * size,
                    0.72 * size,
                ) {
                    tofu.push_rect(rect);
                }
            }
            None => {}
        }
    }
    (builder, tofu)
}

/// Paints the glyphs (over their halo, if the style has one) and outlines the boxes of
/// missing characters, all in the text's colour.
fn fill_text(pixmap: &mut Pixmap, glyphs: PathBuilder, tofu: PathBuilder, style: &TextStyle) {
    let size = style.size_px;
    if let Some(path) = glyphs.finish() {
        if let Some(halo) = style.halo {
            let stroke = Stroke {
                width: (size * 0.22).max(1.5),
                line_join: LineJoin::Round,
                line_cap: LineCap::Round,
                ..Stroke::default()
            };
            pixmap.stroke_path(
                &path,
                &paint(halo, 255),
                &stroke,
                Transform::identity(),
                None,
            );
        }
        pixmap.fill_path(
            &path,
            &paint(style.color, 255),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
    if let Some(path) = tofu.finish() {
        let stroke = Stroke {
            width: (size * 0.07).max(1.0),
            ..Stroke::default()
        };
        pixmap.stroke_path(
            &path,
            &paint(style.color, 255),
            &stroke,
            Transform::identity(),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dark_pixels(pixmap: &Pixmap) -> usize {
        pixmap.pixels().iter().filter(|p| p.red() < 128).count()
    }

    #[test]
    fn latin_text_draws_within_its_box() {
        let fonts = FontSet::bundled();
        let mut pixmap = Pixmap::new(200, 40).expect("pixmap");
        pixmap.fill(tiny_skia::Color::WHITE);
        let style = TextStyle::new(20.0, [0, 0, 0]);
        let width = draw_text(
            &mut pixmap,
            &fonts,
            "Strata",
            (10.0, 8.0),
            Anchor::LeftTop,
            &style,
        );
        assert!(width > 40.0 && width < 120.0, "{width}");
        assert!(dark_pixels(&pixmap) > 50);
        // Nothing right of the box.
        let right = (10.0 + width + 3.0).ceil() as u32;
        for y in 0..40 {
            for x in right..200 {
                let p = pixmap.pixel(x, y).expect("pixel");
                assert_eq!(p.red(), 255, "ink at {x},{y}");
            }
        }
    }

    #[test]
    fn characters_no_font_has_are_boxes_not_panics() {
        let fonts = FontSet::bundled();
        assert!(has_glyphs(&fonts, "Park 12"));
        // A private-use character is in no font.
        assert!(!has_glyphs(&fonts, "\u{E000}"));
        let mut pixmap = Pixmap::new(100, 40).expect("pixmap");
        pixmap.fill(tiny_skia::Color::WHITE);
        let style = TextStyle::new(20.0, [0, 0, 0]);
        let w = draw_text(
            &mut pixmap,
            &fonts,
            "\u{E000}\u{E001}",
            (5.0, 5.0),
            Anchor::LeftTop,
            &style,
        );
        assert!(w > 10.0);
        assert!(dark_pixels(&pixmap) > 10, "the boxes are drawn");
        // Degenerate sizes draw nothing.
        assert_eq!(
            draw_text(
                &mut pixmap,
                &fonts,
                "x",
                (0.0, 0.0),
                Anchor::Center,
                &TextStyle::new(f32::NAN, [0, 0, 0])
            ),
            0.0
        );
    }

    #[test]
    fn chinese_text_draws_with_the_shipped_font() {
        // The shipped subset alone: what a machine without CJK fonts gets.
        let fonts = FontSet::shipped();
        assert!(has_glyphs(&fonts, "雄安新区 park"));
        assert!(!has_glyphs(&FontSet::bundled(), "雄安"));
        // Real glyphs, not the boxes drawn for missing ones.
        let draw = |fonts: &FontSet| {
            let mut pixmap = Pixmap::new(80, 30).expect("pixmap");
            pixmap.fill(tiny_skia::Color::WHITE);
            let style = TextStyle::new(20.0, [0, 0, 0]);
            draw_text(
                &mut pixmap,
                fonts,
                "雄安",
                (4.0, 4.0),
                Anchor::LeftTop,
                &style,
            );
            pixmap
        };
        let (with_cjk, boxes) = (draw(&fonts), draw(&FontSet::bundled()));
        assert!(dark_pixels(&with_cjk) > 20);
        assert_ne!(with_cjk.data(), boxes.data());
    }
}
