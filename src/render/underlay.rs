//! Underlays drawn under a map's parcels: images its caller painted over the map area's
//! pixel grid (`basemap::Underlay::paint` for `strata render` and the report), each with
//! its opacity. The renderer only composites them.

use tiny_skia::{Pixmap, PixmapPaint, Transform};

use super::map::MapFrame;
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
