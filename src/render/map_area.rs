//! The map area without page furniture: heatmap underlay, parcels (even-odd fill, so
//! holes stay empty; mixed use hatched), outlines, streets and facility symbols. Drawn in
//! horizontal bands in parallel (rayon): each band is its own pixmap that only draws the
//! features whose pixel box meets it, so a 100k-parcel city renders on every core.

use std::collections::HashMap;

use geo::{BoundingRect, LineString, MultiPolygon};
use rayon::prelude::*;
use tiny_skia::{
    FillRule, FilterQuality, PathBuilder, Pixmap, PixmapPaint, Stroke, StrokeDash, Transform,
};

use super::draw::{self, hatch_paint, hatch_tile, paint};
use super::map::{HeatLayer, MapOptions, RenderError};
use super::present::{ParcelFill, parcel_fill};
use super::style::{self, BACKGROUND, FacilityStyle, OUTLINE, Rgb, STREET, heat_color};
use super::transform::PixelFromWorld;
use crate::model::{Parcel, ParcelId, Plan, Reference, Scenario};

/// A feature's box in map pixels: min x, min y, max x, max y.
type PixelBox = [f32; 4];

fn pixel_box(t: &PixelFromWorld, rect: geo::Rect<f64>, grow: f32) -> PixelBox {
    let (x0, y0) = t.px(rect.min().x, rect.max().y);
    let (x1, y1) = t.px(rect.max().x, rect.min().y);
    [x0 - grow, y0 - grow, x1 + grow, y1 + grow]
}

fn meets(b: &PixelBox, top: f32, bottom: f32, width: f32) -> bool {
    b[3] >= top && b[1] <= bottom && b[2] >= 0.0 && b[0] <= width
}

fn push_ring(pb: &mut PathBuilder, t: &PixelFromWorld, ring: &LineString<f64>) {
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

fn push_shape(pb: &mut PathBuilder, t: &PixelFromWorld, shape: &MultiPolygon<f64>) {
    for polygon in &shape.0 {
        push_ring(pb, t, polygon.exterior());
        for hole in polygon.interiors() {
            push_ring(pb, t, hole);
        }
    }
}

/// Everything the map area draws, with pixel boxes, computed once for all bands.
struct Scene<'a> {
    parcels: Vec<(&'a Parcel, PixelBox, ParcelFill)>,
    streets: Vec<(&'a crate::model::Street, PixelBox)>,
    facilities: Vec<(FacilityStyle, f32, f32)>,
    /// Hatch tiles by colour.
    tiles: HashMap<Rgb, Pixmap>,
    heat: Option<&'a HeatLayer>,
    heat_pixmap: Option<Pixmap>,
    /// Underlay images over the whole map area, with their opacity.
    underlays: Vec<(Pixmap, f32)>,
    fill_alpha: u8,
    symbol_r: f32,
    unit: f32,
    /// Width of the map area in pixels.
    w: f32,
}

/// The map area (no page furniture), drawn band by band in parallel.
#[allow(clippy::too_many_arguments)]
pub(super) fn draw_map_area(
    plan: &Plan,
    reference: &Reference,
    options: &MapOptions,
    t: &PixelFromWorld,
    width: u32,
    height: u32,
    scores: &HashMap<ParcelId, f64>,
    heat: Option<&HeatLayer>,
    underlays: &[super::UnderlayImage],
    unit: f32,
) -> Result<Pixmap, RenderError> {
    let mut scene = collect_scene(
        plan, reference, options, t, width, height, scores, heat, unit,
    );
    scene.underlays = underlays
        .iter()
        .filter(|u| u.width == width && u.height == height)
        .filter_map(|u| Some((u.pixmap()?, u.opacity.clamp(0.0, 1.0))))
        .collect();
    if !scene.underlays.is_empty() {
        // Parcels let the ground show through, as over the heatmap.
        scene.fill_alpha = scene.fill_alpha.min(150);
    }
    // Bands: a few per core when there is much to draw, one otherwise.
    let n_bands = if scene.parcels.len() + scene.streets.len() > 2000 {
        (rayon::current_num_threads() * 4)
            .min(height as usize / 16)
            .max(1)
    } else {
        1
    };
    let band_h = height.div_ceil(n_bands as u32);
    let bands: Vec<Option<Pixmap>> = (0..n_bands)
        .into_par_iter()
        .map(|band| {
            let top = band as u32 * band_h;
            let rows = band_h.min(height.saturating_sub(top));
            if rows == 0 {
                return None;
            }
            draw_band(&scene, t, width, top, rows)
        })
        .collect();
    let mut map = Pixmap::new(width, height).ok_or(RenderError::Allocate(width, height))?;
    let row_bytes = width as usize * 4;
    let data = map.data_mut();
    for (band, pixmap) in bands.into_iter().enumerate() {
        let Some(pixmap) = pixmap else { continue };
        let start = band * band_h as usize * row_bytes;
        let bytes = pixmap.data();
        data[start..start + bytes.len()].copy_from_slice(bytes);
    }
    Ok(map)
}

#[allow(clippy::too_many_arguments)]
fn collect_scene<'a>(
    plan: &'a Plan,
    reference: &Reference,
    options: &MapOptions,
    t: &PixelFromWorld,
    width: u32,
    height: u32,
    scores: &HashMap<ParcelId, f64>,
    heat: Option<&'a HeatLayer>,
    unit: f32,
) -> Scene<'a> {
    let scenario = options.scenario;
    let w = width as f32;
    let h = height as f32;
    let parcels: Vec<(&Parcel, PixelBox, ParcelFill)> = plan
        .parcels_in(scenario)
        .filter_map(|p| {
            let b = pixel_box(t, p.shape.bounding_rect()?, 1.0);
            meets(&b, 0.0, h, w).then(|| (p, b, parcel_fill(p, reference, options.fill_by, scores)))
        })
        .collect();
    let streets: Vec<(&crate::model::Street, PixelBox)> = plan
        .streets_in(scenario)
        .filter_map(|s| {
            let b = pixel_box(t, s.line.bounding_rect()?, 3.0 * unit);
            meets(&b, 0.0, h, w).then_some((s, b))
        })
        .collect();
    let symbol_r = symbol_radius(plan, scenario, unit);
    let facilities: Vec<(FacilityStyle, f32, f32)> = if options.facilities {
        plan.facilities_in(scenario)
            .map(|f| {
                let (x, y) = t.px(f.position.x(), f.position.y());
                (
                    style::facility_style(&reference.standard, &f.category),
                    x,
                    y,
                )
            })
            .filter(|(_, x, y)| *x > -10.0 && *x < w + 10.0 && *y > -10.0 && *y < h + 10.0)
            .collect()
    } else {
        Vec::new()
    };
    let tile_px = (7.0 * unit).round().max(5.0) as u32;
    let mut tiles: HashMap<Rgb, Pixmap> = HashMap::new();
    for (_, _, fill) in &parcels {
        if let Some(rgb) = fill.hatch
            && !tiles.contains_key(&rgb)
            && let Some(tile) = hatch_tile(rgb, tile_px)
        {
            tiles.insert(rgb, tile);
        }
    }
    Scene {
        parcels,
        streets,
        facilities,
        tiles,
        heat,
        heat_pixmap: heat.and_then(heat_image),
        underlays: Vec::new(),
        fill_alpha: if heat.is_some() { 150 } else { 255 },
        symbol_r,
        unit,
        w,
    }
}

/// One horizontal band of the map area, `rows` pixels from `top`.
fn draw_band(scene: &Scene, t: &PixelFromWorld, width: u32, top: u32, rows: u32) -> Option<Pixmap> {
    let mut pixmap = Pixmap::new(width, rows)?;
    let bt = t.shifted(0.0, f64::from(top));
    let (top, bottom) = (top as f32, (top + rows) as f32);
    let [r, g, b] = BACKGROUND;
    pixmap.fill(tiny_skia::Color::from_rgba8(r, g, b, 255));
    super::underlay::draw_underlays(&mut pixmap, &scene.underlays, top as u32);
    if let (Some(layer), Some(image)) = (scene.heat, &scene.heat_pixmap) {
        let cell = (layer.grid.cell_m * bt.pixels_per_meter) as f32;
        let (x, y) = bt.px(layer.grid.west, layer.grid.north);
        let paint = PixmapPaint {
            quality: FilterQuality::Nearest,
            ..PixmapPaint::default()
        };
        pixmap.draw_pixmap(
            0,
            0,
            image.as_ref(),
            &paint,
            Transform::from_row(cell, 0.0, 0.0, cell, x, y),
            None,
        );
    }
    draw_parcels(&mut pixmap, scene, &bt, top, bottom);
    draw_streets(&mut pixmap, scene, &bt, top, bottom);
    draw_facilities(&mut pixmap, scene, top, rows);
    Some(pixmap)
}

/// Parcel fills (hatched where mixed), then their outlines in one path, then the
/// outlines the fill asks for (violations) over them.
fn draw_parcels(pixmap: &mut Pixmap, scene: &Scene, bt: &PixelFromWorld, top: f32, bottom: f32) {
    let mut outlines = PathBuilder::new();
    let mut marked: Vec<(Rgb, &MultiPolygon<f64>)> = Vec::new();
    for (parcel, pbox, fill) in &scene.parcels {
        if !meets(pbox, top, bottom, scene.w) {
            continue;
        }
        let mut pb = PathBuilder::new();
        push_shape(&mut pb, bt, &parcel.shape);
        let Some(path) = pb.finish() else { continue };
        let transform = Transform::identity();
        pixmap.fill_path(
            &path,
            &paint(fill.color, scene.fill_alpha),
            FillRule::EvenOdd,
            transform,
            None,
        );
        if let Some(tile) = fill.hatch.and_then(|rgb| scene.tiles.get(&rgb)) {
            // The pattern is anchored to the map, not the band, so stripes
            // continue across band edges.
            let mut hatch = hatch_paint(tile);
            hatch.shader.transform(Transform::from_translate(0.0, -top));
            pixmap.fill_path(&path, &hatch, FillRule::EvenOdd, transform, None);
        }
        // Outlines of parcels smaller than a few pixels would only darken them.
        if (pbox[2] - pbox[0]).max(pbox[3] - pbox[1]) > 6.0 {
            push_shape(&mut outlines, bt, &parcel.shape);
        }
        if let Some(rgb) = fill.outline {
            marked.push((rgb, &parcel.shape));
        }
    }
    if let Some(path) = outlines.finish() {
        let stroke = Stroke {
            width: (0.8 * scene.unit).max(0.6),
            ..Stroke::default()
        };
        pixmap.stroke_path(
            &path,
            &paint(OUTLINE, 200),
            &stroke,
            Transform::identity(),
            None,
        );
    }
    let stroke = Stroke {
        width: (2.0 * scene.unit).max(1.5),
        ..Stroke::default()
    };
    for (rgb, shape) in marked {
        let mut pb = PathBuilder::new();
        push_shape(&mut pb, bt, shape);
        if let Some(path) = pb.finish() {
            pixmap.stroke_path(
                &path,
                &paint(rgb, 255),
                &stroke,
                Transform::identity(),
                None,
            );
        }
    }
}

/// Streets: walkable ones solid, the others dashed.
fn draw_streets(pixmap: &mut Pixmap, scene: &Scene, bt: &PixelFromWorld, top: f32, bottom: f32) {
    let unit = scene.unit;
    let mut walkable = PathBuilder::new();
    let mut other = PathBuilder::new();
    for (street, sbox) in &scene.streets {
        if !meets(sbox, top, bottom, scene.w) {
            continue;
        }
        let pb = if street.walkable {
            &mut walkable
        } else {
            &mut other
        };
        for line in &street.line.0 {
            for (i, c) in line.0.iter().enumerate() {
                let (x, y) = bt.px(c.x, c.y);
                if i == 0 {
                    pb.move_to(x, y);
                } else {
                    pb.line_to(x, y);
                }
            }
        }
    }
    for (pb, walk) in [(walkable, true), (other, false)] {
        if let Some(path) = pb.finish() {
            let stroke = Stroke {
                width: if walk { 1.8 } else { 1.2 } * unit,
                dash: if walk {
                    None
                } else {
                    StrokeDash::new(vec![5.0 * unit, 3.0 * unit], 0.0)
                },
                ..Stroke::default()
            };
            pixmap.stroke_path(
                &path,
                &paint(STREET, 255),
                &stroke,
                Transform::identity(),
                None,
            );
        }
    }
}

/// Facility symbols grouped by style: one path per colour and shape.
fn draw_facilities(pixmap: &mut Pixmap, scene: &Scene, top: f32, rows: u32) {
    let symbol_r = scene.symbol_r;
    let mut by_style: HashMap<FacilityStyle, PathBuilder> = HashMap::new();
    for (fs, x, y) in &scene.facilities {
        let y = y - top;
        if y < -2.0 * symbol_r || y > rows as f32 + 2.0 * symbol_r {
            continue;
        }
        draw::push_symbol(by_style.entry(*fs).or_default(), fs.symbol, *x, y, symbol_r);
    }
    let mut groups: Vec<(FacilityStyle, PathBuilder)> = by_style.into_iter().collect();
    groups.sort_by_key(|(fs, _)| (fs.color, fs.symbol as u8));
    for (fs, pb) in groups {
        if let Some(path) = pb.finish() {
            pixmap.fill_path(
                &path,
                &paint(fs.color, 255),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
            let stroke = Stroke {
                width: (symbol_r * 0.3).max(0.8),
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
}

/// Radius of facility symbols: they shrink when there are many, so a dense city is not
/// one blot.
pub(super) fn symbol_radius(plan: &Plan, scenario: Scenario, unit: f32) -> f32 {
    let n_facilities = plan.facilities_in(scenario).count();
    if n_facilities > 500 {
        2.5 * unit
    } else {
        5.0 * unit
    }
}

/// The heat grid as an image of one pixel per cell (NaN cells transparent).
fn heat_image(layer: &HeatLayer) -> Option<Pixmap> {
    let grid = &layer.grid;
    let mut image = Pixmap::new(grid.cols as u32, grid.rows as u32)?;
    let span = if layer.high > layer.low {
        layer.high - layer.low
    } else {
        1.0
    };
    for (pixel, &v) in image.pixels_mut().iter_mut().zip(&grid.values) {
        if v.is_finite() {
            let [r, g, b] = heat_color((v - layer.low) / span);
            if let Some(c) = tiny_skia::PremultipliedColorU8::from_rgba(r, g, b, 255) {
                *pixel = c;
            }
        }
    }
    Some(image)
}
