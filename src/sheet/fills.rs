//! Parcel fills on a sheet's map, as vector paths: the use colour (`render::style::
//! use_fill`, as the canvas and `strata render` colour), mixed-use parcels hatched with
//! their second use's colour in diagonal stripes (the renderer's hatch, drawn as lines
//! clipped to the parcel, anchored to the page so neighbours' stripes line up).
//! Neighbours are paler than the sheet's parcel; over an underlay every fill is
//! translucent, so the ground shows through.

use geo::{BoundingRect, MultiPolygon};

use crate::render::pdf::{Line, Page};
use crate::render::style::{Rgb, UseFill};

use super::map::MapView;

/// How much of a neighbour's colour is kept on white paper (the rest is paper white):
/// the sheet's parcel stands out.
const NEIGHBOUR_TINT: f32 = 0.5;
/// Opacity of fills over an underlay: the sheet's parcel (as `strata render` over an
/// underlay, 150/255) and its neighbours.
const SUBJECT_OVER_UNDERLAY: f32 = 0.6;
const NEIGHBOUR_OVER_UNDERLAY: f32 = 0.35;
/// Distance between hatch stripes and their width, mm of paper (the renderer's tile:
/// a stripe 0.3 of the period wide).
pub const HATCH_PERIOD_MM: f32 = 2.4;
const HATCH_WIDTH_MM: f32 = 0.72;

fn tint(rgb: Rgb, keep: f32) -> Rgb {
    rgb.map(|c| (c as f32 * keep + 255.0 * (1.0 - keep)).round() as u8)
}

/// The colours and opacity a parcel is filled with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FillLook {
    pub main: Rgb,
    pub hatch: Option<Rgb>,
    pub opacity: f32,
}

/// The look of a parcel's fill: the sheet's parcel in its use colours, neighbours paler
/// (on paper) or more transparent (over an underlay).
pub fn fill_look(fill: UseFill, subject: bool, over_underlay: bool) -> FillLook {
    match (subject, over_underlay) {
        (true, false) => FillLook {
            main: fill.main,
            hatch: fill.hatch,
            opacity: 1.0,
        },
        (false, false) => FillLook {
            main: tint(fill.main, NEIGHBOUR_TINT),
            hatch: fill.hatch.map(|h| tint(h, NEIGHBOUR_TINT)),
            opacity: 1.0,
        },
        (true, true) => FillLook {
            opacity: SUBJECT_OVER_UNDERLAY,
            ..fill_look(fill, true, false)
        },
        (false, true) => FillLook {
            opacity: NEIGHBOUR_OVER_UNDERLAY,
            ..fill_look(fill, true, false)
        },
    }
}

/// A multipolygon as a path in mm (even-odd holes).
pub fn shape_path(view: &MapView, shape: &MultiPolygon<f64>) -> Option<krilla::geom::Path> {
    let mut pb = krilla::geom::PathBuilder::new();
    for polygon in &shape.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            for (i, c) in ring.coords().enumerate() {
                let (x, y) = view.mm([c.x, c.y]);
                if i == 0 {
                    pb.move_to(x, y);
                } else {
                    pb.line_to(x, y);
                }
            }
            pb.close();
        }
    }
    pb.finish()
}

/// Fills a parcel, hatched when mixed, and outlines it thinly.
pub fn fill_parcel(page: &mut Page, view: &MapView, shape: &MultiPolygon<f64>, look: FillLook) {
    let Some(path) = shape_path(view, shape) else {
        return;
    };
    page.fill_with_opacity(&path, look.main, true, look.opacity);
    if let Some(hatch) = look.hatch
        && let Some(stripes) = stripes(view, shape)
    {
        page.push_clip_path(&path, true);
        let line = Line::solid(hatch, HATCH_WIDTH_MM).opacity(look.opacity);
        page.stroke(&stripes, &line);
        page.pop();
    }
    page.stroke(&path, &Line::solid([120, 120, 120], 0.15));
}

/// Diagonal stripes over the parcel's box on paper.
fn stripes(view: &MapView, shape: &MultiPolygon<f64>) -> Option<krilla::geom::Path> {
    let rect = shape.bounding_rect()?;
    let (x0, y1) = view.mm([rect.min().x, rect.min().y]);
    let (x1, y0) = view.mm([rect.max().x, rect.max().y]);
    stripes_over(x0, y0, x1, y1)
}

/// A legend swatch: a rectangle in `main` hatched with `hatch`.
pub fn hatched_swatch(page: &mut Page, (x, y, w, h): (f32, f32, f32, f32), main: Rgb, hatch: Rgb) {
    page.rect(x, y, w, h, Some(main), None);
    if let (Some(clip), Some(stripes)) = (rect_path(x, y, w, h), stripes_over(x, y, x + w, y + h)) {
        page.push_clip_path(&clip, false);
        page.stroke(&stripes, &Line::solid(hatch, HATCH_WIDTH_MM * 0.6));
        page.pop();
    }
    page.rect(x, y, w, h, None, Some(&Line::solid([120, 120, 120], 0.12)));
}

fn rect_path(x: f32, y: f32, w: f32, h: f32) -> Option<krilla::geom::Path> {
    let mut pb = krilla::geom::PathBuilder::new();
    pb.push_rect(krilla::geom::Rect::from_xywh(x, y, w, h)?);
    pb.finish()
}

/// Diagonal stripes rising to the right (as the renderer's hatch tile) over a box of
/// the paper (left, top, right, bottom in mm), on the lines x + y = k·period·√2 of the
/// page, so stripes of neighbouring parcels continue each other.
fn stripes_over(x0: f32, y0: f32, x1: f32, y1: f32) -> Option<krilla::geom::Path> {
    let step = HATCH_PERIOD_MM * std::f32::consts::SQRT_2;
    let (first, last) = (
        ((x0 + y0) / step).floor() as i64,
        ((x1 + y1) / step).ceil() as i64,
    );
    if last - first > 20_000 {
        return None;
    }
    let mut pb = krilla::geom::PathBuilder::new();
    for k in first..=last {
        let sum = k as f32 * step;
        // The line x + y = sum between the box's top and bottom edges (extended by
        // the stripe's width so its ends are cut by the clip, not square).
        let (top, bottom) = (y0 - 1.0, y1 + 1.0);
        pb.move_to(sum - bottom, bottom);
        pb.line_to(sum - top, top);
    }
    pb.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_are_paler_or_clearer_and_keep_their_hatch() {
        let fill = UseFill {
            main: [255, 0, 0],
            hatch: Some([0, 0, 255]),
        };
        let own = fill_look(fill, true, false);
        assert_eq!(
            (own.main, own.hatch, own.opacity),
            fill_look_parts(fill, 1.0)
        );
        let neighbour = fill_look(fill, false, false);
        assert_eq!(neighbour.main, [255, 128, 128]);
        assert_eq!(neighbour.hatch, Some([128, 128, 255]));
        let over = fill_look(fill, false, true);
        assert_eq!(over.main, [255, 0, 0]);
        assert!(over.opacity < fill_look(fill, true, true).opacity);
    }

    fn fill_look_parts(fill: UseFill, opacity: f32) -> (Rgb, Option<Rgb>, f32) {
        (fill.main, fill.hatch, opacity)
    }
}
