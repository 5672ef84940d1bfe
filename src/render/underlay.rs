//! Underlays drawn under a map's parcels: images its caller painted over the map area's
//! pixel grid (`basemap::Underlay::paint` for `strata render` and the report), each with
//! its opacity. The renderer only composites them.

use tiny_skia::{Pixmap, PixmapPaint, Transform};

use super::draw;
use super::fonts::FontSet;
use super::map::{MapFrame, RenderedMap};
use super::text::{Anchor, TextStyle, draw_text, text_width};
use super::transform::PixelFromWorld;

/// One underlay over the whole map area: RGBA with straight alpha, rows from the top,
/// exactly [`MapFrame::map_grid`]'s size.
#[derive(Clone, Debug, PartialEq)]
pub struct UnderlayImage {
    pub rgba: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// 0 (invisible) to 1 (opaque).
    pub opacity: f32,
    /// The credit the source asks for, written at the map's bottom right.
    pub attribution: Option<String>,
}

/// Paints a map's underlays, bottom first, given its frame (the caller opens the
/// sources; a source that cannot be drawn is left out and reported by the caller).
pub type UnderlayPainter<'a> = &'a (dyn Fn(&MapFrame) -> Vec<UnderlayImage> + Sync);

impl UnderlayImage {
    /// The image as a premultiplied pixmap (tiny-skia's format); `None` on a size that
    /// does not match its pixels.
    pub(super) fn pixmap(&self) -> Option<Pixmap> {
        if self.rgba.len() != self.width as usize * self.height as usize * 4 {
            return None;
        }
        let mut data = self.rgba.clone();
        for px in data.chunks_exact_mut(4) {
            let a = u16::from(px[3]);
            for c in &mut px[..3] {
                *c = ((u16::from(*c) * a + 127) / 255) as u8;
            }
        }
        Pixmap::from_vec(data, tiny_skia::IntSize::from_wh(self.width, self.height)?)
    }
}

/// Draws the underlays into one band of the map area whose first row is `top`.
pub(super) fn draw_underlays(band: &mut Pixmap, underlays: &[(Pixmap, f32)], top: u32) {
    for (image, opacity) in underlays {
        let paint = PixmapPaint {
            opacity: *opacity,
            quality: tiny_skia::FilterQuality::Nearest,
            ..PixmapPaint::default()
        };
        band.draw_pixmap(
            0,
            -(top as i32),
            image.as_ref(),
            &paint,
            Transform::identity(),
            None,
        );
    }
}

impl MapFrame {
    /// The map area's pixel grid: plan metres → pixels of the area, and its size.
    pub fn map_grid(&self) -> (PixelFromWorld, u32, u32) {
        let (w, h) = self.map_size();
        (
            PixelFromWorld {
                west: self.west,
                north: self.north,
                pixels_per_meter: self.pixels_per_meter,
                left: 0.0,
                top: 0.0,
            },
            w,
            h,
        )
    }
}

/// The credits of the underlays drawn, bottom first, each once, joined by " · " (what
/// the map writes at its bottom right); `None` when no underlay declares one.
pub fn attribution_text(underlays: &[UnderlayImage]) -> Option<String> {
    let mut credits: Vec<&str> = Vec::new();
    for text in underlays.iter().filter_map(|u| u.attribution.as_deref()) {
        let text = text.trim();
        if !text.is_empty() && !credits.contains(&text) {
            credits.push(text);
        }
    }
    (!credits.is_empty()).then(|| credits.join(" · "))
}

/// Writes the underlays' credits small at the map area's bottom right, on a pale band
/// so that they read over imagery.
pub(super) fn draw_attribution(
    rendered: &mut RenderedMap,
    fonts: &FontSet,
    unit: f32,
    underlays: &[UnderlayImage],
) {
    let Some(text) = attribution_text(underlays) else {
        return;
    };
    let [mx, my, mw, mh] = rendered.map_rect;
    let size = 9.0 * unit;
    let width = text_width(fonts, &text, size).min(mw - 8.0 * unit);
    let (right, middle) = (mx + mw - 4.0 * unit, my + mh - 4.0 * unit - size * 0.7);
    draw::fill_rect(
        &mut rendered.pixmap,
        right - width - 3.0 * unit,
        middle - size * 0.7,
        width + 6.0 * unit,
        size * 1.4,
        [255, 255, 255],
        200,
    );
    let style = TextStyle::new(size, [40, 40, 40]);
    draw_text(
        &mut rendered.pixmap,
        fonts,
        &text,
        (right, middle),
        Anchor::RightCenter,
        &style,
    );
}

#[cfg(test)]
mod tests {
    use geo::{MultiPolygon, polygon};

    use super::*;
    use crate::model::{LocalFrame, Parcel, Plan, Reference, Scenario, Stratum};
    use crate::render::{MapFigures, MapOptions, draw_map};

    fn underlay(attribution: Option<&str>) -> UnderlayImage {
        UnderlayImage {
            rgba: Vec::new(),
            width: 0,
            height: 0,
            opacity: 1.0,
            attribution: attribution.map(str::to_owned),
        }
    }

    #[test]
    fn credits_are_joined_once_each_in_order() {
        let list = [
            underlay(Some("© Survey")),
            underlay(None),
            underlay(Some(" ")),
            underlay(Some("Tiles © OSM")),
            underlay(Some("© Survey")),
        ];
        assert_eq!(
            attribution_text(&list).as_deref(),
            Some("© Survey · Tiles © OSM")
        );
        assert_eq!(attribution_text(&[underlay(None)]), None);
    }

    #[test]
    fn the_credit_is_drawn_at_the_maps_bottom_right_and_nowhere_else() {
        let mut plan = Plan::new(LocalFrame::new(116.0, 39.0));
        let square = polygon![(x: 0.0, y: 0.0), (x: 200.0, y: 0.0), (x: 200.0, y: 200.0), (x: 0.0, y: 200.0)];
        let mut parcel = Parcel::new("p-1", Scenario::Proposed, MultiPolygon::new(vec![square]));
        parcel.strata.push(Stratum::ground("s1", "0701"));
        plan.parcels.push(parcel);
        let options = MapOptions {
            width_px: 500,
            ..MapOptions::default()
        };
        let draw = |credit: Option<&str>| {
            let frame = MapFrame::new(&plan, &options).expect("frame");
            let (_, w, h) = frame.map_grid();
            let figures = MapFigures {
                underlays: vec![UnderlayImage {
                    rgba: vec![0; (w * h * 4) as usize],
                    width: w,
                    height: h,
                    opacity: 1.0,
                    attribution: credit.map(str::to_owned),
                }],
                ..MapFigures::default()
            };
            let fonts = FontSet::bundled();
            draw_map(&plan, &Reference::default(), &options, &figures, &fonts).expect("map")
        };
        let (with, without) = (draw(Some("Imagery © Test Survey")), draw(None));
        let [mx, my, mw, mh] = with.map_rect;
        let mut changed = 0;
        for (i, (a, b)) in with
            .pixmap
            .pixels()
            .iter()
            .zip(without.pixmap.pixels())
            .enumerate()
        {
            if a != b {
                changed += 1;
                let (x, y) = (
                    (i as u32 % with.pixmap.width()) as f32,
                    (i as u32 / with.pixmap.width()) as f32,
                );
                assert!(
                    x > mx + mw / 2.0 && x < mx + mw && y > my + mh - 30.0 && y < my + mh,
                    "a changed pixel at {x},{y} outside the map's bottom right"
                );
            }
        }
        assert!(changed > 100, "the credit is drawn: {changed} pixels");
    }
}
