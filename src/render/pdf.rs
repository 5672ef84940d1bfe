//! Vector drawing on PDF pages (krilla): paths and real, selectable text in millimetres
//! of the paper, y pointing down as on screen. The fonts are embedded by krilla as CID
//! font subsets (only the glyphs used). Text is set in the shipped Noto Sans SC subset
//! (the same on every machine); a character it lacks is drawn with the bundled Latin
//! font, then a system CJK font, and one no font has is drawn as `?` and reported in
//! [`PdfFonts::missing`], never silently as an empty box. The zoning sheets (`sheet`) and
//! the report's PDF draw with this.

use std::cell::{OnceCell, RefCell};
use std::collections::BTreeSet;
use std::sync::Arc;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use super::fonts::{SHIPPED_CJK_FONT, first_system_cjk_font, simplified_chinese_face};
use super::style::Rgb;

/// Points per millimetre (PDF user space is in points, 1/72 inch).
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// One font face: krilla's handle (for drawing) and the bytes (for measuring).
struct Face {
    krilla: Font,
    bytes: Arc<Vec<u8>>,
    index: u32,
}

impl Face {
    fn new(bytes: Vec<u8>, index: u32) -> Option<Self> {
        let bytes = Arc::new(bytes);
        FontRef::from_index(bytes.as_slice(), index).ok()?;
        let krilla = Font::new(krilla::Data::from(Arc::clone(&bytes)), index)?;
        Some(Self {
            krilla,
            bytes,
            index,
        })
    }

    fn font_ref(&self) -> Option<FontRef<'_>> {
        FontRef::from_index(self.bytes.as_slice(), self.index).ok()
    }

    fn has(&self, c: char) -> bool {
        self.font_ref()
            .is_some_and(|f| f.charmap().map(c).is_some())
    }

    /// Advance of `text` at `size` (any unit: the result is in the same unit).
    fn width(&self, text: &str, size: f32) -> f32 {
        let Some(font) = self.font_ref() else {
            return 0.0;
        };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .filter_map(|c| charmap.map(c))
            .filter_map(|g| metrics.advance_width(g))
            .sum()
    }
}

/// The fonts text is drawn with, tried in order per character.
pub struct PdfFonts {
    faces: Vec<Face>,
    /// A system CJK font, read only when a character needs it.
    system: OnceCell<Option<Face>>,
    missing: RefCell<BTreeSet<char>>,
}

impl Default for PdfFonts {
    fn default() -> Self {
        Self::new()
    }
}

impl PdfFonts {
    /// The shipped Noto Sans SC subset, then the bundled Latin font.
    pub fn new() -> Self {
        let faces = [
            Face::new(SHIPPED_CJK_FONT.to_vec(), 0),
            Face::new(epaint_default_fonts::UBUNTU_LIGHT.to_vec(), 0),
        ]
        .into_iter()
        .flatten()
        .collect();
        Self {
            faces,
            system: OnceCell::new(),
            missing: RefCell::new(BTreeSet::new()),
        }
    }

    /// Characters of drawn text that no font has (drawn as `?`), in code order.
    pub fn missing(&self) -> Vec<char> {
        self.missing.borrow().iter().copied().collect()
    }

    fn system(&self) -> Option<&Face> {
        self.system
            .get_or_init(|| {
                let (_, bytes) = first_system_cjk_font()?;
                let index = simplified_chinese_face(&bytes);
                Face::new(bytes, index)
            })
            .as_ref()
    }

    /// The face for a character: the first that has it; `None` when none does.
    fn face_for(&self, c: char) -> Option<&Face> {
        if let Some(face) = self.faces.iter().find(|f| f.has(c)) {
            return Some(face);
        }
        self.system().filter(|f| f.has(c))
    }

    /// `text` cut into runs of one face each; characters no face has become `?` in the
    /// first face (and are remembered in [`PdfFonts::missing`]).
    fn runs(&self, text: &str) -> Vec<(&Face, String)> {
        let mut runs: Vec<(&Face, String)> = Vec::new();
        for c in text.chars() {
            let (face, c) = match self.face_for(c) {
                Some(face) => (face, c),
                None if c.is_control() => continue,
                None => {
                    self.missing.borrow_mut().insert(c);
                    match self.faces.first() {
                        Some(face) => (face, '?'),
                        None => continue,
                    }
                }
            };
            match runs.last_mut() {
                Some((last, run)) if std::ptr::eq(*last, face) => run.push(c),
                _ => runs.push((face, c.to_string())),
            }
        }
        runs
    }

    /// Width of `text` in mm at a size in mm.
    pub fn width(&self, text: &str, size_mm: f32) -> f32 {
        self.runs(text)
            .iter()
            .map(|(f, t)| f.width(t, size_mm))
            .sum()
    }

    /// True when every character of `text` has a glyph in some font.
    pub fn covers(&self, text: &str) -> bool {
        text.chars()
            .all(|c| c.is_control() || self.face_for(c).is_some())
    }
}

/// Where a text's anchor point is horizontally.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A text style: size (mm of the em), colour, alignment.
#[derive(Clone, Copy, Debug)]
pub struct TextStyle {
    pub size_mm: f32,
    pub color: Rgb,
    pub align: Align,
}

impl TextStyle {
    pub fn new(size_mm: f32) -> Self {
        Self {
            size_mm,
            color: [0, 0, 0],
            align: Align::Left,
        }
    }
    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }
    pub fn color(mut self, color: Rgb) -> Self {
        self.color = color;
        self
    }
}

/// A page being drawn, in millimetres from the top-left corner.
pub struct Page<'a, 'b> {
    surface: Surface<'a>,
    pub fonts: &'b PdfFonts,
}

fn color(rgb: Rgb) -> krilla::paint::Paint {
    rgb::Color::new(rgb[0], rgb[1], rgb[2]).into()
}

/// A stroke's look: width in mm, an optional dash pattern in mm, opacity.
#[derive(Clone, Debug)]
pub struct Line {
    pub rgb: Rgb,
    pub width_mm: f32,
    pub dash: Option<Vec<f32>>,
    /// 0 (invisible) to 1 (opaque).
    pub opacity: f32,
}

impl Line {
    pub fn solid(rgb: Rgb, width_mm: f32) -> Self {
        Self {
            rgb,
            width_mm,
            dash: None,
            opacity: 1.0,
        }
    }
    pub fn dashed(rgb: Rgb, width_mm: f32, dash: &[f32]) -> Self {
        Self {
            rgb,
            width_mm,
            dash: Some(dash.to_vec()),
            opacity: 1.0,
        }
    }
    pub fn opacity(mut self, opacity: f32) -> Self {
        self.opacity = opacity;
        self
    }
}

fn normalized(opacity: f32) -> NormalizedF32 {
    NormalizedF32::new(opacity.clamp(0.0, 1.0)).unwrap_or(NormalizedF32::ONE)
}

impl<'a, 'b> Page<'a, 'b> {
    /// Starts drawing on a page's surface, in millimetres.
    pub fn new(mut surface: Surface<'a>, fonts: &'b PdfFonts) -> Self {
        surface.push_transform(&Transform::from_scale(PT_PER_MM, PT_PER_MM));
        Self { surface, fonts }
    }

    /// Ends the page.
    pub fn finish(mut self) {
        self.surface.pop();
        self.surface.finish();
    }

    /// Fills a path (points in mm), non-zero rule unless `even_odd`.
    pub fn fill(&mut self, path: &krilla::geom::Path, rgb: Rgb, even_odd: bool) {
        self.fill_with_opacity(path, rgb, even_odd, 1.0);
    }

    /// [`Page::fill`] with an opacity from 0 (invisible) to 1 (opaque).
    pub fn fill_with_opacity(
        &mut self,
        path: &krilla::geom::Path,
        rgb: Rgb,
        even_odd: bool,
        opacity: f32,
    ) {
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(Fill {
            paint: color(rgb),
            opacity: normalized(opacity),
            rule: if even_odd {
                FillRule::EvenOdd
            } else {
                FillRule::NonZero
            },
        }));
        self.surface.draw_path(path);
    }

    /// Strokes a path.
    pub fn stroke(&mut self, path: &krilla::geom::Path, line: &Line) {
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            paint: color(line.rgb),
            width: line.width_mm,
            miter_limit: 4.0,
            line_cap: LineCap::Butt,
            line_join: LineJoin::Round,
            opacity: normalized(line.opacity),
            dash: line.dash.as_ref().map(|array| StrokeDash {
                array: array.clone(),
                offset: 0.0,
            }),
        }));
        self.surface.draw_path(path);
        self.surface.set_stroke(None);
    }

    /// A filled and/or outlined rectangle.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<Rgb>, line: Option<&Line>) {
        let Some(rect) = Rect::from_xywh(x, y, w.max(1e-3), h.max(1e-3)) else {
            return;
        };
        let mut pb = PathBuilder::new();
        pb.push_rect(rect);
        if let Some(path) = pb.finish() {
            if let Some(rgb) = fill {
                self.fill(&path, rgb, false);
            }
            if let Some(line) = line {
                self.stroke(&path, line);
            }
        }
    }

    /// A straight line.
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), line: &Line) {
        let mut pb = PathBuilder::new();
        pb.move_to(from.0, from.1);
        pb.line_to(to.0, to.1);
        if let Some(path) = pb.finish() {
            self.stroke(&path, line);
        }
    }

    /// Clips what follows to a rectangle until [`Page::pop`].
    pub fn push_clip(&mut self, x: f32, y: f32, w: f32, h: f32) {
        if let Some(rect) = Rect::from_xywh(x, y, w, h) {
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            if let Some(path) = pb.finish() {
                self.surface.push_clip_path(&path, &FillRule::NonZero);
                return;
            }
        }
        // Keep push and pop balanced even for a degenerate rectangle.
        self.surface.push_transform(&Transform::identity());
    }

    /// Clips what follows to a path (even-odd when `even_odd`) until [`Page::pop`].
    pub fn push_clip_path(&mut self, path: &krilla::geom::Path, even_odd: bool) {
        let rule = if even_odd {
            FillRule::EvenOdd
        } else {
            FillRule::NonZero
        };
        self.surface.push_clip_path(path, &rule);
    }

    /// Undoes the last [`Page::push_clip`] or [`Page::push_clip_path`].
    pub fn pop(&mut self) {
        self.surface.pop();
    }

    /// Draws a raster image with its top-left corner at `(x, y)`, `size` mm large.
    pub fn image(&mut self, image: krilla::image::Image, x: f32, y: f32, size: krilla::geom::Size) {
        self.surface
            .push_transform(&Transform::from_translate(x, y));
        self.surface.draw_image(image, size);
        self.surface.pop();
    }

    /// Draws one line of text with its baseline at `y`; returns its width in mm.
    pub fn text(&mut self, x: f32, y: f32, text: &str, style: TextStyle) -> f32 {
        let runs = self.fonts.runs(text);
        let widths: Vec<f32> = runs
            .iter()
            .map(|(f, t)| f.width(t, style.size_mm))
            .collect();
        let total: f32 = widths.iter().sum();
        let mut pen = match style.align {
            Align::Left => x,
            Align::Center => x - total / 2.0,
            Align::Right => x - total,
        };
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(Fill {
            paint: color(style.color),
            opacity: NormalizedF32::ONE,
            rule: FillRule::NonZero,
        }));
        for ((face, run), width) in runs.iter().zip(widths) {
            self.surface.draw_text(
                Point::from_xy(pen, y),
                face.krilla.clone(),
                style.size_mm,
                run,
                false,
                TextDirection::Auto,
            );
            pen += width;
        }
        total
    }
}

/// `text` cut with an ellipsis to fit `width` mm at `size`.
pub fn fit(page: &Page, text: &str, size: f32, width: f32) -> String {
    if page.fonts.width(text, size) <= width {
        return text.to_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let cut: String = chars.iter().collect::<String>() + "…";
        if page.fonts.width(&cut, size) <= width {
            return cut;
        }
    }
    String::new()
}

/// A tiny-skia path (the renderer's symbols) as a krilla path, moved by `(dx, dy)`.
pub fn from_skia(path: &tiny_skia::Path) -> Option<krilla::geom::Path> {
    use tiny_skia::PathSegment;
    let mut pb = PathBuilder::new();
    for segment in path.segments() {
        match segment {
            PathSegment::MoveTo(p) => pb.move_to(p.x, p.y),
            PathSegment::LineTo(p) => pb.line_to(p.x, p.y),
            PathSegment::QuadTo(a, p) => pb.quad_to(a.x, a.y, p.x, p.y),
            PathSegment::CubicTo(a, b, p) => pb.cubic_to(a.x, a.y, b.x, b.y, p.x, p.y),
            PathSegment::Close => pb.close(),
        }
    }
    pb.finish()
}

/// Breaks `text` into lines no wider than `width_mm` at `size_mm`: at spaces where it
/// can, between any two characters of a word too long for a line (CJK text has no
/// spaces), and at every newline.
pub fn wrap(fonts: &PdfFonts, text: &str, size_mm: f32, width_mm: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for c in paragraph.chars() {
            let mut candidate = line.clone();
            candidate.push(c);
            if line.is_empty() || fonts.width(&candidate, size_mm) <= width_mm {
                line = candidate;
                continue;
            }
            // Break at the last space of the line when there is one, else here.
            match line.rfind(' ') {
                Some(i) if i > 0 && !c.is_whitespace() => {
                    let rest = line[i + 1..].to_owned();
                    lines.push(line[..i].to_owned());
                    line = rest;
                    line.push(c);
                }
                _ => {
                    lines.push(line.trim_end().to_owned());
                    line = if c.is_whitespace() {
                        String::new()
                    } else {
                        c.to_string()
                    };
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_wrapped_and_unknown_characters_reported() {
        let fonts = PdfFonts::new();
        // A full-width hanzi is one em wide in Noto Sans SC.
        assert!((fonts.width("用地", 4.0) - 8.0).abs() < 0.01);
        assert!(fonts.covers("容积率 FAR 1.5 m²"));
        let lines = wrap(&fonts, "居住用地与商业服务业用地混合", 4.0, 20.0);
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(
            lines.iter().all(|l| fonts.width(l, 4.0) <= 20.01),
            "{lines:?}"
        );
        let lines = wrap(&fonts, "the quick brown fox", 4.0, 25.0);
        assert!(lines.iter().all(|l| !l.starts_with(' ')), "{lines:?}");
        // A private-use character is in no font: drawn as '?', and reported.
        let runs = fonts.runs("a\u{E000}b");
        let text: String = runs.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(text, "a?b");
        assert_eq!(fonts.missing(), ['\u{E000}']);
    }
}
