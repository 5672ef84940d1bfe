//! A plan drawn headless to an image: the page layout (title, map, legend beside it,
//! scale bar under it), the options and errors of `strata render`, and the heatmap
//! layer, from figures its caller computed ([`MapFigures`]). The map area is drawn by [`super::map_area`], the furniture by
//! [`super::furniture`].

use std::collections::HashMap;

use tiny_skia::{Pixmap, PixmapPaint, Transform};

use super::draw::{self, encode_png};
use super::fonts::FontSet;
use super::furniture::{draw_labels, draw_north_arrow, draw_scale_bar, draw_title};
use super::legend::{self, LegendInput};
use super::map_area::{draw_map_area, symbol_radius};
use super::present::parcel_fill;
use super::style::FillBy;
use super::transform::PixelFromWorld;
use crate::analysis::heatmap::{HeatChoice, HeatGrid, HeatValue};
use crate::analysis::{Coverage, CoverageOptions};
use crate::model::{Parcel, ParcelId, Plan, Reference, Scenario};

/// Narrowest and widest image the renderer makes.
pub const MIN_WIDTH_PX: u32 = 300;
pub const MAX_WIDTH_PX: u32 = 8000;

/// What to draw.
#[derive(Clone, Debug)]
pub struct MapOptions {
    pub width_px: u32,
    pub fill_by: FillBy,
    pub scenario: Scenario,
    pub heat: Option<HeatChoice>,
    /// The category of [`FillBy::Places`] (a category id of the standard).
    pub places_category: Option<String>,
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
            places_category: None,
            coverage: CoverageOptions::default(),
            labels: true,
            facilities: true,
        }
    }
}

/// Why a map cannot be drawn. `Display` is English; [`RenderError::text`] is in the
/// current language (`render-err-*` keys; docs/ERRORS.md).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    Width(u32),
    /// The scenario's id (`existing`, `proposed`).
    Empty(&'static str),
    UnknownCategory {
        id: String,
        known: String,
    },
    /// The places style or heat value without a category, or with one the standard
    /// gives no per-1,000 figure for (`known`: the categories that have one).
    PlacesCategory {
        id: Option<String>,
        known: String,
    },
    Allocate(u32, u32),
    Encode(String),
    /// The valuation settings are invalid (`analysis::valuation`).
    Valuation(crate::i18n::Message),
}

impl RenderError {
    /// What went wrong, to be worded when shown.
    pub fn message(&self) -> crate::i18n::Message {
        use crate::msg;
        match self {
            RenderError::Width(width) => msg!(
                "render-err-width",
                width = width.to_string(),
                min = MIN_WIDTH_PX.to_string(),
                max = MAX_WIDTH_PX.to_string()
            ),
            RenderError::Empty(scenario) => msg!("render-err-empty", scenario = *scenario),
            RenderError::UnknownCategory { id, known } => msg!(
                "render-err-category",
                id = format!("{id:?}"),
                known = known.as_str()
            ),
            RenderError::PlacesCategory { id: None, known } => {
                msg!("render-err-places-missing", known = known.as_str())
            }
            RenderError::PlacesCategory {
                id: Some(id),
                known,
            } => msg!(
                "render-err-places-category",
                id = format!("{id:?}"),
                known = known.as_str()
            ),
            RenderError::Allocate(w, h) => msg!(
                "render-err-allocate",
                width = w.to_string(),
                height = h.to_string()
            ),
            RenderError::Encode(reason) => msg!("render-err-encode", reason = reason.as_str()),
            RenderError::Valuation(reason) => {
                msg!("render-err-valuation", reason = reason.clone())
            }
        }
    }

    /// The text in the current language.
    pub fn text(&self) -> String {
        self.message().text()
    }
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().text_in(crate::i18n::Lang::En))
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

/// The figures a map shows, computed by its caller (`report::map_figures` runs the
/// analysis for `strata render` and `strata report`): the renderer only draws them.
#[derive(Default)]
pub struct MapFigures {
    /// What the fill mode paints per parcel ([`super::present::fill_values`]).
    pub fill_values: HashMap<ParcelId, f64>,
    /// The heatmap underlay, a grid over [`MapFrame::window`] with cells of
    /// [`MapFrame::heat_cell`].
    pub heat: Option<HeatLayer>,
    /// Underlays over the map area, bottom first ([`MapFrame::map_grid`]'s size).
    pub underlays: Vec<super::UnderlayImage>,
    /// Walking-time bands drawn over the map, outermost first (the report's gap maps).
    pub areas: Vec<super::areas::AreaBand>,
}

/// Where a map sits: its world window (the scenario's extent with a margin, at least
/// 100 m across) and the size of the map area in pixels.
pub struct MapFrame {
    pub west: f64,
    pub east: f64,
    pub south: f64,
    pub north: f64,
    pub pixels_per_meter: f64,
    map_w: f32,
    map_h: f32,
    page: Page,
}

impl MapFrame {
    /// The frame of a plan's map with `options`; fails on a width out of range or an
    /// empty scenario.
    pub fn new(plan: &Plan, options: &MapOptions) -> Result<Self, RenderError> {
        let width = options.width_px;
        if !(MIN_WIDTH_PX..=MAX_WIDTH_PX).contains(&width) {
            return Err(RenderError::Width(width));
        }
        let scenario = options.scenario;
        let extent = plan
            .extent(Some(scenario))
            .ok_or(RenderError::Empty(scenario.as_str()))?;
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
        Ok(Self {
            west,
            east,
            south,
            north,
            pixels_per_meter: ppm,
            map_w,
            map_h,
            page,
        })
    }

    /// The world window of the map (plan metres).
    pub fn window(&self) -> geo::Rect<f64> {
        geo::Rect::new(
            geo::coord! { x: self.west, y: self.south },
            geo::coord! { x: self.east, y: self.north },
        )
    }

    /// Size of the map area in pixels.
    pub fn map_size(&self) -> (u32, u32) {
        (self.map_w as u32, self.map_h as u32)
    }

    /// Cell size of the heatmap underlay: about 3 px, at least 1 m.
    pub fn heat_cell(&self) -> f64 {
        (3.0 / self.pixels_per_meter).max(1.0)
    }
}

/// The heat value of a choice, its category resolved against the standard.
pub fn resolve_heat(choice: &HeatChoice, reference: &Reference) -> Result<HeatValue, RenderError> {
    let categories = &reference.standard.categories;
    choice
        .resolve(categories.iter().map(|c| c.id.as_str()))
        .ok_or_else(|| {
            let known: Vec<&str> = categories.iter().map(|c| c.id.as_str()).collect();
            RenderError::UnknownCategory {
                id: choice.category().cloned().unwrap_or_default(),
                known: known.join(", "),
            }
        })
}

impl HeatLayer {
    /// A heat grid of `value` over `coverage`, with the range its colours span (as
    /// `strata heatmap`) and its title.
    pub fn new(coverage: &Coverage, value: HeatValue, grid: HeatGrid) -> Self {
        let metric = coverage.options.metric.short_name();
        let (low, high) = super::present::heat_range(coverage, value);
        let title = match value {
            HeatValue::Count => crate::tr!("heat-count", metric = metric),
            HeatValue::Score => crate::tr!("heat-score", metric = metric),
            HeatValue::Distance(c) => crate::tr!(
                "heat-distance",
                category = coverage.categories[c].id.as_str(),
                metric = metric
            ),
            HeatValue::Places(c) => crate::tr!(
                "heat-places",
                category = coverage.categories[c].id.as_str(),
                metric = metric
            ),
        };
        Self {
            grid,
            low,
            high,
            title,
        }
    }
}

/// Draws a plan and the figures it is given (no analysis runs here).
///
/// ```
/// use geo::{polygon, MultiPolygon};
/// use strata::model::{Parcel, Plan, Reference, Scenario, Stratum};
/// use strata::render::{FontSet, MapFigures, MapOptions, draw_map};
/// let mut plan = Plan::new(strata::model::LocalFrame::new(116.0, 39.0));
/// let square = polygon![(x: 0.0, y: 0.0), (x: 200.0, y: 0.0), (x: 200.0, y: 200.0), (x: 0.0, y: 200.0)];
/// let mut parcel = Parcel::new("p-1", Scenario::Proposed, MultiPolygon::new(vec![square]));
/// parcel.strata.push(Stratum::ground("s1", "0701"));
/// plan.parcels.push(parcel);
/// let options = MapOptions { width_px: 400, ..MapOptions::default() };
/// let figures = MapFigures::default();
/// let map = draw_map(&plan, &Reference::default(), &options, &figures, &FontSet::bundled()).unwrap();
/// assert_eq!(map.width(), 400);
/// // The parcel's centre is drawn in the residential colour.
/// let [x, y] = map.transform.pixel_from_world([100.0, 100.0]);
/// let c = map.pixmap.pixel(x as u32, y as u32).unwrap().demultiply();
/// assert_eq!([c.red(), c.green(), c.blue()], [255, 255, 45]);
/// ```
pub fn draw_map(
    plan: &Plan,
    reference: &Reference,
    options: &MapOptions,
    figures: &MapFigures,
    fonts: &FontSet,
) -> Result<RenderedMap, RenderError> {
    let frame = MapFrame::new(plan, options)?;
    let local = PixelFromWorld {
        west: frame.west,
        north: frame.north,
        pixels_per_meter: frame.pixels_per_meter,
        left: 0.0,
        top: 0.0,
    };
    let heat = figures.heat.as_ref();
    let mut map = draw_map_area(
        plan,
        reference,
        options,
        &local,
        frame.map_w as u32,
        frame.map_h as u32,
        &figures.fill_values,
        heat,
        &figures.underlays,
        frame.page.unit,
    )?;
    super::areas::draw_areas(&mut map, &local, &figures.areas, frame.page.unit);
    let legend_input = LegendInput {
        plan,
        reference,
        scenario: options.scenario,
        fill_by: options.fill_by,
        heat,
        facilities: options.facilities,
        areas: &figures.areas,
    };
    let pixmap = compose_page(plan, reference, options, &frame, &map, &legend_input, fonts)?;
    let (map_left, map_top) = (frame.page.margin, frame.page.title_h);
    let transform = local.shifted(-f64::from(map_left as i32), -f64::from(map_top as i32));
    let mut rendered = RenderedMap {
        pixmap,
        transform,
        map_rect: [
            map_left as i32 as f32,
            map_top as i32 as f32,
            frame.map_w,
            frame.map_h,
        ],
    };
    if options.labels {
        label_parcels(
            &mut rendered,
            plan,
            reference,
            options,
            figures,
            fonts,
            frame.page.unit,
        );
    }
    draw_scale_bar(&mut rendered, fonts, frame.page.unit);
    draw_north_arrow(&mut rendered, fonts, frame.page.unit);
    super::underlay::draw_attribution(&mut rendered, fonts, frame.page.unit, &figures.underlays);
    Ok(rendered)
}

/// The page: title, the map area in its frame, the legend beside it; room for the scale
/// bar under the map, outside it, so it never covers a parcel.
fn compose_page(
    plan: &Plan,
    reference: &Reference,
    options: &MapOptions,
    frame: &MapFrame,
    map: &Pixmap,
    legend_input: &LegendInput,
    fonts: &FontSet,
) -> Result<Pixmap, RenderError> {
    let (page, width) = (&frame.page, options.width_px);
    let legend_h = legend::draw_legend(
        None,
        fonts,
        legend_input,
        0.0,
        0.0,
        page.legend_w,
        page.unit,
    );
    let scale_h = 36.0 * page.unit;
    let height = (page.title_h + (frame.map_h + scale_h).max(legend_h) + page.margin).ceil() as u32;
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
        frame.map_w,
        frame.map_h,
        [120, 120, 120],
        1.0,
    );
    draw_title(
        &mut pixmap,
        fonts,
        plan,
        reference,
        options,
        legend_input.heat,
        page,
    );
    legend::draw_legend(
        Some(&mut pixmap),
        fonts,
        legend_input,
        map_left + frame.map_w + page.margin,
        map_top,
        page.legend_w,
        page.unit,
    );
    Ok(pixmap)
}

/// Parcel names, in black or white on their fill, clear of facility symbols.
fn label_parcels(
    rendered: &mut RenderedMap,
    plan: &Plan,
    reference: &Reference,
    options: &MapOptions,
    figures: &MapFigures,
    fonts: &FontSet,
    unit: f32,
) {
    let scenario = options.scenario;
    let fill_of =
        |p: &Parcel| parcel_fill(p, reference, options.fill_by, &figures.fill_values).color;
    let r = symbol_radius(plan, scenario, unit) * 1.3;
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
    draw_labels(rendered, plan, scenario, &fill_of, fonts, symbols, unit);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stratum;
    use crate::render::style;
    use geo::{MultiPolygon, polygon};

    fn one_home() -> Plan {
        let mut plan = Plan::new(crate::model::LocalFrame::new(116.0, 39.0));
        let square = polygon![(x: 0.0, y: 0.0), (x: 200.0, y: 0.0), (x: 200.0, y: 200.0), (x: 0.0, y: 200.0)];
        let mut parcel = Parcel::new("p-1", Scenario::Proposed, MultiPolygon::new(vec![square]));
        parcel.strata.push(Stratum::ground("s1", "0701"));
        plan.parcels.push(parcel);
        plan
    }

    fn centre_colour(figures: &MapFigures, fill_by: FillBy) -> [u8; 3] {
        let options = MapOptions {
            width_px: 400,
            fill_by,
            labels: false,
            ..MapOptions::default()
        };
        let map = draw_map(
            &one_home(),
            &Reference::default(),
            &options,
            figures,
            &FontSet::bundled(),
        )
        .expect("draw");
        let [x, y] = map.transform.pixel_from_world([100.0, 100.0]);
        let c = map
            .pixmap
            .pixel(x as u32, y as u32)
            .expect("pixel")
            .demultiply();
        [c.red(), c.green(), c.blue()]
    }

    #[test]
    fn the_map_paints_the_values_it_is_given_and_computes_none() {
        // No coverage anywhere: a score map with no values is grey, not computed.
        let empty = MapFigures::default();
        assert_eq!(centre_colour(&empty, FillBy::Score), style::UNKNOWN_FILL);
        for (mode, value, ramp) in [
            (
                FillBy::Score,
                0.25,
                style::score_color as fn(f64) -> style::Rgb,
            ),
            (FillBy::Diversity, 2.0, style::diversity_color),
            (FillBy::Valuation, 0.9, style::valuation_color),
        ] {
            let figures = MapFigures {
                fill_values: [(ParcelId::new("p-1"), value)].into_iter().collect(),
                ..MapFigures::default()
            };
            assert_eq!(centre_colour(&figures, mode), ramp(value), "{mode:?}");
        }
    }

    #[test]
    fn a_heat_choice_resolves_against_the_standard() {
        let reference = Reference::default();
        let index = reference
            .standard
            .categories
            .iter()
            .position(|c| c.id == "kindergarten")
            .expect("kindergarten");
        let choice = HeatChoice::Distance("kindergarten".into());
        assert_eq!(
            resolve_heat(&choice, &reference).ok(),
            Some(HeatValue::Distance(index))
        );
        assert_eq!(
            resolve_heat(&HeatChoice::Score, &reference).ok(),
            Some(HeatValue::Score)
        );
        let wrong = HeatChoice::Distance("nope".into());
        assert!(matches!(
            resolve_heat(&wrong, &reference),
            Err(RenderError::UnknownCategory { id, .. }) if id == "nope"
        ));
    }
}
