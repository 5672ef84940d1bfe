//! A plan drawn headless to an image: the page layout (title, map, legend beside it,
//! scale bar under it), the options and errors of `strata render`, and the heatmap
//! layer. The map area is drawn by [`super::map_area`], the furniture by
//! [`super::furniture`].

use std::collections::HashMap;

use tiny_skia::{Pixmap, PixmapPaint, Transform};

use super::draw::{self, encode_png};
use super::fonts::FontSet;
use super::furniture::{draw_labels, draw_north_arrow, draw_scale_bar, draw_title};
use super::legend::{self, LegendInput};
use super::map_area::{draw_map_area, parcel_fill, symbol_radius};
use super::style::FillBy;
use super::transform::PixelFromWorld;
use crate::analysis::heatmap::{HeatGrid, HeatValue, heatmap};
use crate::analysis::valuation::{ValuationSettings, valuation};
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
/// Shown in the current language (`render-err-*` keys).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    Width(u32),
    /// The scenario's id (`existing`, `proposed`).
    Empty(&'static str),
    UnknownCategory {
        id: String,
        known: String,
    },
    Allocate(u32, u32),
    Encode(String),
    Valuation(String),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::tr;
        let text = match self {
            RenderError::Width(width) => tr!(
                "render-err-width",
                width = width.to_string(),
                min = MIN_WIDTH_PX.to_string(),
                max = MAX_WIDTH_PX.to_string()
            ),
            RenderError::Empty(scenario) => tr!("render-err-empty", scenario = *scenario),
            RenderError::UnknownCategory { id, known } => tr!(
                "render-err-category",
                id = format!("{id:?}"),
                known = known.as_str()
            ),
            RenderError::Allocate(w, h) => tr!(
                "render-err-allocate",
                width = w.to_string(),
                height = h.to_string()
            ),
            RenderError::Encode(reason) => tr!("render-err-encode", reason = reason.as_str()),
            RenderError::Valuation(reason) => {
                tr!("render-err-valuation", reason = reason.as_str())
            }
        };
        f.write_str(&text)
    }
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
pub(super) struct Page {
    /// Scale of text and line widths (1.0 at 1200 px wide).
    pub(super) unit: f32,
    pub(super) margin: f32,
    pub(super) title_h: f32,
    pub(super) legend_w: f32,
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
/// let mut plan = Plan::new(strata::model::LocalFrame::new(116.0, 39.0));
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
    let mix_fill = matches!(options.fill_by, FillBy::Diversity | FillBy::JobsHousing);
    let value_fill = options.fill_by == FillBy::Valuation;
    let coverage =
        (options.fill_by == FillBy::Score || mix_fill || value_fill || heat_value.is_some()).then(
            || {
                Coverage::compute(
                    plan,
                    scenario,
                    &reference.standard,
                    options.coverage.clone(),
                )
            },
        );
    let mix = match (&coverage, mix_fill) {
        (Some(c), true) => Some(crate::analysis::mix::mix_report(
            plan,
            scenario,
            &reference.standard,
            c,
        )),
        _ => None,
    };
    let scores: HashMap<&str, f64> = match (options.fill_by, &mix, &coverage) {
        (FillBy::Diversity, Some(mix), _) => mix
            .parcels
            .iter()
            .filter(|p| p.diversity.hill0 > 0.0)
            .map(|p| (p.id.as_str(), p.diversity.hill1))
            .collect(),
        (FillBy::JobsHousing, Some(mix), _) => mix
            .homes
            .iter()
            .filter_map(|h| h.jobs_housing_ratio.map(|r| (h.id.as_str(), r)))
            .collect(),
        (FillBy::Valuation, _, Some(c)) => {
            let settings = ValuationSettings::of_plan(plan).map_err(RenderError::Valuation)?;
            let valued = valuation(plan, c, &reference.standard, &settings)
                .map_err(RenderError::Valuation)?;
            let by_id = valued.scores();
            plan.parcels_in(scenario)
                .filter_map(|p| by_id.get(&p.id).map(|s| (p.id.as_str(), *s)))
                .collect()
        }
        (_, _, Some(c)) => c
            .homes
            .iter()
            .enumerate()
            .map(|(h, home)| (home.parcel.as_str(), c.score(h)))
            .collect(),
        _ => HashMap::new(),
    };

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
    let metric = coverage.options.metric.short_name();
    let (low, high, title) = match value {
        HeatValue::Count => (
            0.0,
            coverage.categories.len() as f64,
            crate::tr!("heat-count", metric = metric),
        ),
        HeatValue::Score => (0.0, 1.0, crate::tr!("heat-score", metric = metric)),
        HeatValue::Distance(c) => (
            0.0,
            2.0 * coverage.categories[c].radius_m,
            crate::tr!(
                "heat-distance",
                category = coverage.categories[c].id.as_str(),
                metric = metric
            ),
        ),
    };
    HeatLayer {
        grid,
        low,
        high,
        title,
    }
}
