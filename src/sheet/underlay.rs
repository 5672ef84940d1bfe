//! The underlay under a sheet's map: the caller paints its sources (`basemap`, which
//! `sheet` does not use) into a north-up pixel grid whose upper-left corner is the map
//! area's, at a resolution suited to print ([`UNDERLAY_DPI`], fewer dots on large paper
//! so one map stays within [`UNDERLAY_MAX_PX`]); the images are laid over white paper,
//! bottom first with their opacities, into one JPEG embedded once under the vector map.

use krilla::geom::Size;

use crate::render::UnderlayImage;

use super::map::MapView;

/// Dots per inch of an underlay on paper (print quality for an aerial photograph).
pub const UNDERLAY_DPI: f64 = 250.0;
/// Most pixels of one map's underlay (an A1 map is drawn at about 210 dpi).
pub const UNDERLAY_MAX_PX: f64 = 24.0e6;
/// JPEG quality of the embedded image.
const JPEG_QUALITY: u8 = 90;

/// A north-up pixel grid over plan metres: pixel (0, 0)'s upper-left corner at
/// (`west`, `north`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnderlayGrid {
    pub west: f64,
    pub north: f64,
    pub pixels_per_meter: f64,
    pub width: u32,
    pub height: u32,
}

/// Paints the underlays of a grid, bottom first, each exactly the grid's size (a source
/// with nothing there is left out; the caller reports the ones that fail).
pub type UnderlayPainter<'a> = &'a dyn Fn(&UnderlayGrid) -> Vec<UnderlayImage>;

/// The grid of a map view: its upper-left corner on the map area's, square pixels of
/// 1/dpi inch on paper, covering the whole area (the last row and column may pass its
/// edge; the map is clipped to the area).
pub fn underlay_grid(view: &MapView) -> UnderlayGrid {
    let (w_mm, h_mm) = (f64::from(view.area.w), f64::from(view.area.h));
    let budget = (UNDERLAY_MAX_PX / (w_mm * h_mm).max(1.0)).sqrt();
    let dots_per_mm = (UNDERLAY_DPI / 25.4).min(budget);
    let window = view.window();
    UnderlayGrid {
        west: window.min().x,
        north: window.max().y,
        pixels_per_meter: dots_per_mm * 1000.0 / view.scale,
        width: (w_mm * dots_per_mm).ceil().max(1.0) as u32,
        height: (h_mm * dots_per_mm).ceil().max(1.0) as u32,
    }
}

/// The underlay image of a map and its size on paper (mm), `None` when nothing was
/// painted.
pub struct SheetUnderlay {
    pub image: krilla::image::Image,
    pub size_mm: Size,
}

/// Paints, composites and encodes a map's underlay.
pub fn sheet_underlay(paint: UnderlayPainter, view: &MapView) -> Option<SheetUnderlay> {
    let grid = underlay_grid(view);
    let images = paint(&grid);
    let rgb = composite_over_white(&images, grid.width, grid.height)?;
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode(
            &rgb,
            grid.width,
            grid.height,
            image::ExtendedColorType::Rgb8,
        )
        .ok()?;
    let image = krilla::image::Image::from_jpeg(jpeg.into(), false).ok()?;
    let mm_per_px = 1000.0 / (grid.pixels_per_meter * view.scale);
    let size_mm = Size::from_wh(
        (f64::from(grid.width) * mm_per_px) as f32,
        (f64::from(grid.height) * mm_per_px) as f32,
    )?;
    Some(SheetUnderlay { image, size_mm })
}

/// The images of the grid's size laid over white, bottom first, as RGB; `None` when
/// there is none (or none leaves a mark).
fn composite_over_white(images: &[UnderlayImage], width: u32, height: u32) -> Option<Vec<u8>> {
    let pixels = width as usize * height as usize;
    let usable: Vec<&UnderlayImage> = images
        .iter()
        .filter(|u| u.width == width && u.height == height && u.rgba.len() == pixels * 4)
        .filter(|u| u.opacity > 0.0 && u.rgba.chunks_exact(4).any(|p| p[3] > 0))
        .collect();
    if usable.is_empty() {
        return None;
    }
    let mut rgb = vec![255u8; pixels * 3];
    for image in usable {
        let opacity = image.opacity.clamp(0.0, 1.0);
        for (out, px) in rgb.chunks_exact_mut(3).zip(image.rgba.chunks_exact(4)) {
            let a = f32::from(px[3]) / 255.0 * opacity;
            if a <= 0.0 {
                continue;
            }
            for (o, c) in out.iter_mut().zip(&px[..3]) {
                *o = (f32::from(*o) * (1.0 - a) + f32::from(*c) * a).round() as u8;
            }
        }
    }
    Some(rgb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::Area;

    #[test]
    fn the_grid_starts_at_the_map_corner_at_print_resolution() {
        let view = MapView {
            area: Area::new(23.0, 13.0, 254.0, 254.0),
            center: [100.0, -50.0],
            scale: 2000.0,
        };
        let grid = underlay_grid(&view);
        // 254 mm at 250 dpi: 2500 pixels; 1 m at 1:2000 is 0.5 mm, 4.92 pixels.
        assert_eq!((grid.width, grid.height), (2500, 2500));
        assert!((grid.pixels_per_meter - 250.0 / 25.4 / 2.0).abs() < 1e-9);
        // The grid's corner is the map area's corner.
        let (x, y) = view.mm([grid.west, grid.north]);
        assert!(
            (x - 23.0).abs() < 1e-3 && (y - 13.0).abs() < 1e-3,
            "{x} {y}"
        );
        // A large map keeps to the pixel budget.
        let big = MapView {
            area: Area::new(0.0, 0.0, 610.0, 568.0),
            ..view
        };
        let g = underlay_grid(&big);
        assert!(f64::from(g.width) * f64::from(g.height) <= UNDERLAY_MAX_PX * 1.01);
        assert!(f64::from(g.width) / 610.0 * 25.4 > 200.0);
    }

    #[test]
    fn underlays_are_laid_over_white_with_their_opacity() {
        let red = UnderlayImage {
            rgba: vec![255, 0, 0, 255, 0, 0, 255, 0],
            width: 2,
            height: 1,
            opacity: 0.5,
            attribution: None,
        };
        let rgb = composite_over_white(std::slice::from_ref(&red), 2, 1).expect("image");
        // Half red over white; the transparent pixel stays white.
        assert_eq!(rgb, [255, 128, 128, 255, 255, 255]);
        assert!(composite_over_white(std::slice::from_ref(&red), 3, 1).is_none());
        let clear = UnderlayImage {
            rgba: vec![0; 8],
            ..red
        };
        assert!(composite_over_white(&[clear], 2, 1).is_none());
    }
}
