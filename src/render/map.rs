//! A plan drawn headless to an image: title, the map (heatmap underlay, parcels filled
//! by the shared style, mixed use hatched, outlines, streets, facility symbols, labels,
//! scale bar, north arrow) and a legend beside it.
//!
//! The map area is drawn in horizontal bands in parallel (rayon): each band is its own
//! pixmap that only draws the features whose pixel box meets it, so a 100k-parcel city
//! renders on every core; parcels are filled with the even-odd rule so holes stay empty.

use std::collections::HashMap;

use geo::{BoundingRect, LineString, MultiPolygon};
use rayon::prelude::*;
use tiny_skia::{
    FillRule, FilterQuality, PathBuilder, Pixmap, PixmapPaint, Stroke, StrokeDash, Transform,
};

use super::draw::{self, encode_png, hatch_paint, hatch_tile, paint};
use super::fonts::FontSet;
use super::labels::{full_label, short_label};
use super::legend::{self, LegendInput};
use super::style::{
    self, BACKGROUND, FacilityStyle, FillBy, OUTLINE, Rgb, STREET, UNKNOWN_FILL, heat_color,
};
use super::text::{Anchor, TextStyle, draw_text, text_box, text_width};
use super::transform::PixelFromWorld;
use crate::analysis::heatmap::{HeatGrid, HeatValue, heatmap};
use crate::analysis::{Coverage, CoverageOptions};
use crate::model::{Parcel, Plan, Reference, Scenario};

/// Narrowest and widest image the renderer makes.
pub const MIN_WIDTH_PX: u32 = 300;
pub const MAX_WIDTH_PX: u32 = 8000;

/// What the optional heatmap underlay shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeatChoice {
    /// Categories within reach.
    Count,
    /// Share of required categories within reach.
    Score,
    /// Distance to the nearest facility of a category (by id).
    Distance(String),
}

/// What to draw.
#[derive(Clone, Debug)]
pub struct MapOptions {
    pub width_px: u32,
    pub fill_by: FillBy,
    pub scenario: Scenario,
    pub heat: Option<HeatChoice>,
    /// Metric and radii of the coverage behind `FillBy::Score` and the heatmap.
    pub coverage: CoverageOptions,
    /// Parcel name labels.
    pub labels: bool,
    /// Facility symbols.
    pub facilities: bool,
}

impl Default for MapOptions {
    fn default() -> Self {
        Self {
            width_px: 1600,
            fill_by: FillBy::Use,
            scenario: Scenario::Proposed,
            heat: None,
            coverage: CoverageOptions::default(),
            labels: true,
            facilities: true,
        }
    }
}

/// Why a map cannot be drawn.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("width {0} px is outside {MIN_WIDTH_PX}..={MAX_WIDTH_PX} px")]
    Width(u32),
    #[error("the {0} scenario has no features to draw")]
    Empty(&'static str),
    #[error("category {id:?} is not a category of the standard ({known})")]
    UnknownCategory { id: String, known: String },
    #[error("cannot allocate an image of {0} × {1} px")]
    Allocate(u32, u32),
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
}

/// A drawn map and where the world is in it.
pub struct RenderedMap {
    pub pixmap: Pixmap,
    /// Plan metres → pixels of `pixmap`.
    pub transform: PixelFromWorld,
    /// The map frame in pixels: left, top, width, height.
    pub map_rect: [f32; 4],
}

impl RenderedMap {
    pub fn width(&self) -> u32 {
        self.pixmap.width()
    }
    pub fn height(&self) -> u32 {
        self.pixmap.height()
    }
    /// The image as PNG bytes.
    pub fn png(&self) -> Result<Vec<u8>, RenderError> {
        encode_png(&self.pixmap).map_err(RenderError::Encode)
    }
}

/// A heat grid with the value range its colours span, and what it shows.
pub struct HeatLayer {
    pub grid: HeatGrid,
    pub low: f64,
    pub high: f64,
    pub title: String,
}

/// Sizes of the page around the map, all scaled with the image width.
struct Page {
    /// Scale of text and line widths (1.0 at 1200 px wide).
    unit: f32,
    margin: f32,
    title_h: f32,
    legend_w: f32,
}

impl Page {
    fn new(width: u32) -> Self {
        let w = width as f32;
        let unit = (w / 1200.0).clamp(0.6, 3.0);
        Self {
            unit,
            margin: 14.0 * unit,
            title_h: 58.0 * unit,
            legend_w: (0.25 * w).max(150.0 * unit).min(0.45 * w),
        }
    }
}

/// Draws a plan with the fonts for maps (bundled Latin, system CJK when installed).
pub fn render_map(
    plan: &Plan,
    reference: &Reference,
    options: &MapOptions,
) -> Result<RenderedMap, RenderError> {
    render_map_with(plan, reference, options, &FontSet::for_maps())
}

/// Draws a plan with the given fonts.
///
/// ```
/// use geo::{polygon, MultiPolygon};
/// use strata::model::{Parcel, Plan, Reference, Scenario, Stratum};
/// use strata::render::{FontSet, MapOptions, render_map_with};
/// let mut plan = Plan::new(strata::io::LocalFrame::new(116.0, 39.0));
/// let square = polygon![(x: 0.0, y: 0.0), (x: 200.0, y: 0.0), (x: 200.0, y: 200.0), (x: 0.0, y: 200.0)];
/// let mut parcel = Parcel::new("p-1", Scenario::Proposed, MultiPolygon::new(vec![square]));
/// parcel.strata.push(Stratum::ground("s1", "0701"));
/// plan.parcels.push(parcel);
/// let options = MapOptions { width_px: 400, ..MapOptions::default() };
/// let map = render_map_with(&plan, &Reference::default(), &options, &FontSet::bundled()).unwrap();
/// assert_eq!(map.width(), 400);
/// // The parcel's centre is drawn in the residential colour.
/// let [x, y] = map.transform.pixel_from_world([100.0, 100.0]);
/// let c = map.pixmap.pixel(x as u32, y as u32).unwrap().demultiply();
/// assert_eq!([c.red(), c.green(), c.blue()], [255, 255, 45]);
/// ```
pub fn render_map_with(
    plan: &Plan,
    reference: &Reference,
    options: &MapOptions,
    fonts: &FontSet,
) -> Result<RenderedMap, RenderError> {
    let width = options.width_px;
    if !(MIN_WIDTH_PX..=MAX_WIDTH_PX).contains(&width) {
        return Err(RenderError::Width(width));
    }
    let scenario = options.scenario;
    let extent = plan
        .extent(Some(scenario))
        .ok_or(RenderError::Empty(scenario.as_str()))?;
    // Resolve the heat choice before any work, so a wrong category fails fast.
    let heat_value = resolve_heat(options.heat.as_ref(), reference)?;
    let coverage = (options.fill_by == FillBy::Score || heat_value.is_some()).then(|| {
        Coverage::compute(
            plan,
            scenario,
            &reference.standard,
            options.coverage.clone(),
        )
    });
    let scores: HashMap<&str, f64> = coverage
        .as_ref()
        .map(|c| {
            c.homes
                .iter()
                .enumerate()
                .map(|(h, home)| (home.parcel.as_str(), c.score(h)))
                .collect()
        })
        .unwrap_or_default();

    // World window: the scenario's extent with a margin, at least 100 m across.
    let pad = (extent.width().max(extent.height()) * 0.04).max(20.0);
    let (mut west, mut east) = (extent.min().x - pad, extent.max().x + pad);
    let (mut south, mut north) = (extent.min().y - pad, extent.max().y + pad);
    for (lo, hi) in [(&mut west, &mut east), (&mut south, &mut north)] {
        if *hi - *lo < 100.0 {
            let mid = (*lo + *hi) / 2.0;
            (*lo, *hi) = (mid - 50.0, mid + 50.0);
        }
    }
    let page = Page::new(width);
    let map_w = (width as f32 - page.legend_w - 3.0 * page.margin)
        .floor()
        .max(50.0);
    let max_map_h = 1.4 * width as f32;
    let mut ppm = f64::from(map_w) / (east - west);
    if (north - south) * ppm > f64::from(max_map_h) {
        // A tall plan: fit its height and centre it across the frame.
        ppm = f64::from(max_map_h) / (north - south);
        let half = f64::from(map_w) / ppm / 2.0;
        let mid = (west + east) / 2.0;
        (west, east) = (mid - half, mid + half);
    }
    let map_h = ((north - south) * ppm).ceil() as f32;
    let local = PixelFromWorld {
        west,
        north,
        pixels_per_meter: ppm,
        left: 0.0,
        top: 0.0,
    };

    let heat = match (&coverage, heat_value) {
        (Some(c), Some(value)) => Some(heat_layer(c, value, west, east, south, north, ppm)),
        _ => None,
    };
    let map = draw_map_area(
        plan,
        reference,
        options,
        &local,
        map_w as u32,
        map_h as u32,
        &scores,
        heat.as_ref(),
        page.unit,
    )?;

    // The page: title, map, legend.
    let legend_input = LegendInput {
        plan,
        reference,
        scenario,
        fill_by: options.fill_by,
        heat: heat.as_ref(),
        facilities: options.facilities,
    };
    let legend_h = legend::draw_legend(
        None,
        fonts,
        &legend_input,
        0.0,
        0.0,
        page.legend_w,
        page.unit,
    );
    // The scale bar sits under the map, outside it, so it never covers a parcel.
    let scale_h = 36.0 * page.unit;
    let height = (page.title_h + (map_h + scale_h).max(legend_h) + page.margin).ceil() as u32;
    let mut pixmap = Pixmap::new(width, height).ok_or(RenderError::Allocate(width, height))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let (map_left, map_top) = (page.margin, page.title_h);
    pixmap.draw_pixmap(
        map_left as i32,
        map_top as i32,
        map.as_ref(),
        &PixmapPaint::default(),
        Transform::identity(),
        None,
    );
    draw::stroke_rect(
        &mut pixmap,
        map_left as i32 as f32,
        map_top as i32 as f32,
        map_w,
        map_h,
        [120, 120, 120],
        1.0,
    );
    draw_title(
        &mut pixmap,
        fonts,
        plan,
        reference,
        options,
        heat.as_ref(),
        &page,
    );
    legend::draw_legend(
        Some(&mut pixmap),
        fonts,
        &legend_input,
        map_left + map_w + page.margin,
        map_top,
        page.legend_w,
        page.unit,
    );
    let transform = local.shifted(-f64::from(map_left as i32), -f64::from(map_top as i32));
    let mut rendered = RenderedMap {
        pixmap,
        transform,
        map_rect: [map_left as i32 as f32, map_top as i32 as f32, map_w, map_h],
    };
    if options.labels {
        let fill_of = |p: &Parcel| parcel_fill(p, reference, options.fill_by, &scores).color;
        // Labels keep clear of facility symbols.
        let r = symbol_radius(plan, scenario, page.unit) * 1.3;
        let symbols: Vec<[f32; 4]> = if options.facilities {
            plan.facilities_in(scenario)
                .map(|f| {
                    let (x, y) = rendered.transform.px(f.position.x(), f.position.y());
                    [x - r, y - r, x + r, y + r]
                })
                .collect()
        } else {
            Vec::new()
        };
        draw_labels(
            &mut rendered,
            plan,
            scenario,
            &fill_of,
            fonts,
            symbols,
            page.unit,
        );
    }
    draw_scale_bar(&mut rendered, fonts, page.unit);
    draw_north_arrow(&mut rendered, fonts, page.unit);
    Ok(rendered)
}

fn resolve_heat(
    choice: Option<&HeatChoice>,
    reference: &Reference,
) -> Result<Option<HeatValue>, RenderError> {
    Ok(match choice {
        None => None,
        Some(HeatChoice::Count) => Some(HeatValue::Count),
        Some(HeatChoice::Score) => Some(HeatValue::Score),
        Some(HeatChoice::Distance(id)) => {
            let categories = &reference.standard.categories;
            match categories.iter().position(|c| &c.id == id) {
                Some(index) => Some(HeatValue::Distance(index)),
                None => {
                    let known: Vec<&str> = categories.iter().map(|c| c.id.as_str()).collect();
                    return Err(RenderError::UnknownCategory {
                        id: id.clone(),
                        known: known.join(", "),
                    });
                }
            }
        }
    })
}

/// The heat grid over the map window, about 3 px per cell, coloured as `strata heatmap`.
fn heat_layer(
    coverage: &Coverage,
    value: HeatValue,
    west: f64,
    east: f64,
    south: f64,
    north: f64,
    ppm: f64,
) -> HeatLayer {
    let cell = (3.0 / ppm).max(1.0);
    let window = geo::Rect::new(
        geo::coord! { x: west, y: south },
        geo::coord! { x: east, y: north },
    );
    let grid = heatmap(coverage, window, cell, value);
    let metric = coverage.options.metric.as_str();
    let (low, high, title) = match value {
        HeatValue::Count => (
            0.0,
            coverage.categories.len() as f64,
            format!("Categories within reach ({metric})"),
        ),
        HeatValue::Score => (0.0, 1.0, format!("Share of required categories ({metric})")),
        HeatValue::Distance(c) => (
            0.0,
            2.0 * coverage.categories[c].radius_m,
            format!("Distance to {} ({metric}, m)", coverage.categories[c].id),
        ),
    };
    HeatLayer {
        grid,
        low,
        high,
        title,
    }
}

/// How one parcel is filled.
#[derive(Clone, Copy)]
struct ParcelFill {
    color: Rgb,
    hatch: Option<Rgb>,
}

fn parcel_fill(
    parcel: &Parcel,
    reference: &Reference,
    fill_by: FillBy,
    scores: &HashMap<&str, f64>,
) -> ParcelFill {
    match fill_by {
        FillBy::Use => {
            let f = style::use_fill(parcel, &reference.classification);
            ParcelFill {
                color: f.main,
                hatch: f.hatch,
            }
        }
        FillBy::Status => ParcelFill {
            color: style::status_color(parcel.status),
            hatch: None,
        },
        FillBy::Score => ParcelFill {
            color: scores
                .get(parcel.id.as_str())
                .map_or(UNKNOWN_FILL, |s| style::score_color(*s)),
            hatch: None,
        },
    }
}

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

/// The map area (no page furniture), drawn band by band in parallel.
#[allow(clippy::too_many_arguments)]
fn draw_map_area(
    plan: &Plan,
    reference: &Reference,
    options: &MapOptions,
    t: &PixelFromWorld,
    width: u32,
    height: u32,
    scores: &HashMap<&str, f64>,
    heat: Option<&HeatLayer>,
    unit: f32,
) -> Result<Pixmap, RenderError> {
    let scenario = options.scenario;
    let w = width as f32;
    let h = height as f32;
    // Everything that is drawn, with its pixel box, computed once.
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
    let heat_pixmap = heat.and_then(heat_image);
    let fill_alpha = if heat.is_some() { 150 } else { 255 };

    // Bands: a few per core when there is much to draw, one otherwise.
    let n_bands = if parcels.len() + streets.len() > 2000 {
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
            let mut pixmap = Pixmap::new(width, rows)?;
            let bt = t.shifted(0.0, f64::from(top));
            let (top, bottom) = (top as f32, (top + rows) as f32);
            let [r, g, b] = BACKGROUND;
            pixmap.fill(tiny_skia::Color::from_rgba8(r, g, b, 255));
            if let (Some(layer), Some(image)) = (heat, &heat_pixmap) {
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
            let mut outlines = PathBuilder::new();
            for (parcel, pbox, fill) in &parcels {
                if !meets(pbox, top, bottom, w) {
                    continue;
                }
                let mut pb = PathBuilder::new();
                push_shape(&mut pb, &bt, &parcel.shape);
                let Some(path) = pb.finish() else { continue };
                let transform = Transform::identity();
                pixmap.fill_path(
                    &path,
                    &paint(fill.color, fill_alpha),
                    FillRule::EvenOdd,
                    transform,
                    None,
                );
                if let Some(tile) = fill.hatch.and_then(|rgb| tiles.get(&rgb)) {
                    // The pattern is anchored to the map, not the band, so stripes
                    // continue across band edges.
                    let mut hatch = hatch_paint(tile);
                    hatch.shader.transform(Transform::from_translate(0.0, -top));
                    pixmap.fill_path(&path, &hatch, FillRule::EvenOdd, transform, None);
                }
                // Outlines of parcels smaller than a few pixels would only darken them.
                if (pbox[2] - pbox[0]).max(pbox[3] - pbox[1]) > 6.0 {
                    push_shape(&mut outlines, &bt, &parcel.shape);
                }
            }
            if let Some(path) = outlines.finish() {
                let stroke = Stroke {
                    width: (0.8 * unit).max(0.6),
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
            let mut walkable = PathBuilder::new();
            let mut other = PathBuilder::new();
            for (street, sbox) in &streets {
                if !meets(sbox, top, bottom, w) {
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
            // Facilities grouped by style: one path per colour and shape.
            let mut by_style: HashMap<FacilityStyle, PathBuilder> = HashMap::new();
            for (fs, x, y) in &facilities {
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
            Some(pixmap)
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

/// Radius of facility symbols: they shrink when there are many, so a dense city is not
/// one blot.
fn symbol_radius(plan: &Plan, scenario: Scenario, unit: f32) -> f32 {
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

fn draw_title(
    pixmap: &mut Pixmap,
    fonts: &FontSet,
    plan: &Plan,
    reference: &Reference,
    options: &MapOptions,
    heat: Option<&HeatLayer>,
    page: &Page,
) {
    let u = page.unit;
    let title = full_label(fonts, plan.display_name());
    let room = pixmap.width() as f32 - 2.0 * page.margin;
    // Shrink a long name to fit the width rather than cut it.
    let mut size = 22.0 * u;
    let natural = text_width(fonts, &title, size);
    if natural > room {
        size = (size * room / natural).max(8.0 * u);
    }
    draw_text(
        pixmap,
        fonts,
        &title,
        (page.margin, 12.0 * u),
        Anchor::LeftTop,
        &TextStyle::new(size, [20, 20, 20]),
    );
    // Mention hatching only when some parcel is hatched (stops at the first one).
    let hatched = options.fill_by == FillBy::Use
        && plan.parcels_in(options.scenario).any(|p| {
            style::use_fill(p, &reference.classification)
                .hatch
                .is_some()
        });
    let fill = match options.fill_by {
        FillBy::Use if hatched => "parcels by land use (hatched: mixed use)",
        FillBy::Use => "parcels by land use",
        FillBy::Status => "parcels by renewal status",
        FillBy::Score => "homes by life-circle score",
    };
    let mut subtitle = format!("{} scenario · {fill}", options.scenario.as_str());
    if let Some(layer) = heat {
        subtitle.push_str(&format!(" · heatmap: {}", layer.title.to_lowercase()));
    }
    draw_text(
        pixmap,
        fonts,
        &subtitle,
        (page.margin, 40.0 * u),
        Anchor::LeftTop,
        &TextStyle::new(11.5 * u, [90, 90, 90]),
    );
}

/// Parcel names where they fit inside the parcel without covering another label or a
/// facility symbol (`obstacles`, pixel boxes): at the parcel's home point, else just
/// above or below it, else smaller; larger parcels are labelled first.
fn draw_labels(
    rendered: &mut RenderedMap,
    plan: &Plan,
    scenario: Scenario,
    fill_of: &dyn Fn(&Parcel) -> Rgb,
    fonts: &FontSet,
    obstacles: Vec<[f32; 4]>,
    unit: f32,
) {
    let t = rendered.transform;
    let [mx, my, mw, mh] = rendered.map_rect;
    let size = 10.5 * unit;
    let mut candidates: Vec<(&Parcel, f64)> = plan
        .parcels_in(scenario)
        .filter(|p| p.name.is_some())
        .filter_map(|p| {
            let rect = p.shape.bounding_rect()?;
            let ppm = t.pixels_per_meter;
            // Too small to hold a few characters: skip before any text work.
            (rect.width() * ppm > 2.5 * f64::from(size)).then(|| (p, p.area().m2()))
        })
        .collect();
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1));
    // Boxes as left, top, right, bottom.
    let mut placed: Vec<[f32; 4]> = obstacles;
    let pad = 2.0 * unit;
    let free = |b: [f32; 4], placed: &[[f32; 4]]| {
        placed.iter().all(|o| {
            b[0] - pad >= o[2] || o[0] - pad >= b[2] || b[1] - pad >= o[3] || o[1] - pad >= b[3]
        })
    };
    for (parcel, _) in candidates {
        let (Some(name), Some(at), Some(bounds)) = (
            &parcel.name,
            crate::analysis::homes::home_point(parcel),
            parcel.shape.bounding_rect(),
        ) else {
            continue;
        };
        let (x, y) = t.px(at.x(), at.y());
        let (bx0, by0) = t.px(bounds.min().x, bounds.max().y);
        let (bx1, by1) = t.px(bounds.max().x, bounds.min().y);
        let inside = |b: [f32; 4]| {
            b[0] >= bx0 + pad
                && b[2] <= bx1 - pad
                && b[1] >= by0 + pad
                && b[3] <= by1 - pad
                && b[0] > mx
                && b[1] > my
                && b[2] < mx + mw
                && b[3] < my + mh
        };
        let halo = lighten(fill_of(parcel));
        let full = short_label(fonts, name, 14);
        let mut choice = None;
        'sizes: for scale in [1.0, 0.85] {
            let style = TextStyle::new(size * scale, [25, 25, 25]).with_halo(halo);
            let step = 1.3 * size * scale;
            for (cx, cy) in [(x, y), (x, y - step), (x, y + step)] {
                let (l, tp, w, h) = text_box(fonts, &full, &style, (cx, cy), Anchor::Center);
                let b = [l, tp, l + w, tp + h];
                if inside(b) && free(b, &placed) {
                    choice = Some((full.clone(), style, (cx, cy), b));
                    break 'sizes;
                }
            }
        }
        let Some((label, style, pos, b)) = choice else {
            continue;
        };
        draw_text(
            &mut rendered.pixmap,
            fonts,
            &label,
            pos,
            Anchor::Center,
            &style,
        );
        placed.push(b);
    }
}

/// A pale version of a fill, for the halo of a label over it.
fn lighten(rgb: Rgb) -> Rgb {
    rgb.map(|c| (u16::from(c) + 2 * 255).div_ceil(3) as u8)
}

/// A round length (1, 2 or 5 × 10ⁿ m) about a fifth of the map wide, under the map.
fn draw_scale_bar(rendered: &mut RenderedMap, fonts: &FontSet, unit: f32) {
    let [mx, my, mw, mh] = rendered.map_rect;
    let ppm = rendered.transform.pixels_per_meter;
    let target_m = f64::from(mw) * 0.2 / ppm;
    let magnitude = 10f64.powf(target_m.log10().floor());
    let length_m = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|f| f * magnitude)
        .filter(|l| *l <= target_m)
        .fold(magnitude, f64::max);
    let length_px = (length_m * ppm) as f32;
    let label = if length_m >= 1000.0 {
        format!("{} km", length_m / 1000.0)
    } else {
        format!("{length_m} m")
    };
    let size = 11.0 * unit;
    let (x0, y0) = (mx, my + mh + 12.0 * unit);
    // Alternating black and white halves, as on printed maps.
    let bar_h = 5.0 * unit;
    let dark = [30, 30, 30];
    let pixmap = &mut rendered.pixmap;
    draw::fill_rect(pixmap, x0, y0, length_px / 2.0, bar_h, dark, 255);
    draw::stroke_rect(pixmap, x0, y0, length_px, bar_h, dark, unit.max(1.0));
    let text_style = TextStyle::new(size, [20, 20, 20]);
    let label_at = (x0 + length_px + 8.0 * unit, y0 + bar_h / 2.0);
    draw_text(
        pixmap,
        fonts,
        &label,
        label_at,
        Anchor::LeftCenter,
        &text_style,
    );
}

/// An arrow pointing to grid north (the local frame's y axis), top right of the map.
fn draw_north_arrow(rendered: &mut RenderedMap, fonts: &FontSet, unit: f32) {
    let [mx, my, mw, _] = rendered.map_rect;
    let cx = mx + mw - 24.0 * unit;
    let top = my + 28.0 * unit;
    let (half_w, len) = (8.0 * unit, 26.0 * unit);
    draw::fill_rect(
        &mut rendered.pixmap,
        cx - 15.0 * unit,
        my + 6.0 * unit,
        30.0 * unit,
        len + 28.0 * unit,
        [255, 255, 255],
        215,
    );
    for (side, rgb) in [(-1.0, [30, 30, 30]), (1.0, [255, 255, 255])] {
        let mut pb = PathBuilder::new();
        pb.move_to(cx, top);
        pb.line_to(cx + side * half_w, top + len);
        pb.line_to(cx, top + len * 0.72);
        pb.close();
        if let Some(path) = pb.finish() {
            rendered.pixmap.fill_path(
                &path,
                &paint(rgb, 255),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
            let stroke = Stroke {
                width: unit.max(1.0),
                ..Stroke::default()
            };
            rendered.pixmap.stroke_path(
                &path,
                &paint([30, 30, 30], 255),
                &stroke,
                Transform::identity(),
                None,
            );
        }
    }
    draw_text(
        &mut rendered.pixmap,
        fonts,
        "N",
        (cx, my + 9.0 * unit),
        Anchor::CenterTop,
        &TextStyle::new(12.0 * unit, [20, 20, 20]),
    );
}
