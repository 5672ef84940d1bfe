//! The figures a map shows, computed from the plan for its options (coverage for the
//! score colours and the heatmap, mixed use, valuation, the heat grid over the map's
//! window), then drawn by [`crate::render::draw_map`]: `strata render` and the report's
//! map both come through here, so the renderer itself never runs the analysis.

use crate::analysis::Coverage;
use crate::analysis::access::{Access, Quantity, need_met, need_per_resident};
use crate::analysis::heatmap::{HeatGrid, HeatValue, heatmap};
use crate::analysis::mix::mix_report;
use crate::analysis::valuation::{ValuationSettings, valuation};
use crate::analysis::zoning::zoning_report;
use crate::model::{Plan, Reference};
use crate::render::present::{Figures, fill_values};
use crate::render::{
    FillBy, FontSet, HeatLayer, MapFigures, MapFrame, MapOptions, RenderError, RenderedMap,
    UnderlayPainter, draw_map, resolve_heat,
};

/// Computes what a map with `options` shows. Fails as [`draw_map`] would (width,
/// empty scenario) and on an unknown heatmap category before any analysis runs.
pub fn map_figures(
    plan: &Plan,
    reference: &Reference,
    options: &MapOptions,
) -> Result<MapFigures, RenderError> {
    let frame = MapFrame::new(plan, options)?;
    let heat_value = options
        .heat
        .as_ref()
        .map(|choice| resolve_heat(choice, reference))
        .transpose()?;
    let mode = options.fill_by;
    // An unknown places category fails before the analysis runs.
    let places_asked = PlacesAsked::of(reference, options, heat_value)?;
    if matches!(mode, FillBy::Use | FillBy::Status) && heat_value.is_none() {
        return Ok(MapFigures::default());
    }
    let zoning_mode = matches!(mode, FillBy::Compliance | FillBy::Far | FillBy::Height);
    if zoning_mode && heat_value.is_none() {
        // The zoning styles need no coverage (a city's costs far more than its zoning).
        let zoning = zoning_report(plan, options.scenario, reference);
        let figures = Figures {
            zoning: Some(&zoning),
            ..Default::default()
        };
        return Ok(MapFigures {
            fill_values: fill_values(mode, &figures),
            heat: None,
            underlays: Vec::new(),
            areas: Vec::new(),
        });
    }
    let scenario = options.scenario;
    let coverage = Coverage::compute(
        plan,
        scenario,
        &reference.standard,
        options.coverage.clone(),
    );
    let mix = matches!(mode, FillBy::Diversity | FillBy::JobsHousing)
        .then(|| mix_report(plan, scenario, &reference.standard, &coverage));
    let valued = match mode {
        FillBy::Valuation => Some(plan_valuation(plan, reference, &coverage)?),
        _ => None,
    };
    let zoning = zoning_mode.then(|| zoning_report(plan, scenario, reference));
    let access = places_asked
        .any()
        .then(|| Access::compute(plan, &coverage, &reference.standard, coverage.options.decay));
    let places = places_asked
        .fill
        .zip(access.as_ref())
        .map(|(c, access)| need_met(access, &coverage, &reference.standard, c));
    let figures = Figures {
        coverage: Some(&coverage),
        mix: mix.as_ref(),
        valuation: valued.as_ref(),
        zoning: zoning.as_ref(),
        places: places.as_ref(),
    };
    let heat = heat_value.map(|value| {
        let (window, cell) = (frame.window(), frame.heat_cell());
        let grid = match (value, &access) {
            (HeatValue::Places(c), Some(a)) => {
                places_grid(a, &coverage, reference, c, window, cell)
            }
            _ => heatmap(&coverage, window, cell, value),
        };
        HeatLayer::new(&coverage, value, grid)
    });
    Ok(MapFigures {
        fill_values: fill_values(mode, &figures),
        heat,
        underlays: Vec::new(),
        areas: Vec::new(),
    })
}

/// The valuation of a plan with its own settings (the valuation style).
fn plan_valuation(
    plan: &Plan,
    reference: &Reference,
    coverage: &Coverage,
) -> Result<crate::analysis::valuation::Valuation, RenderError> {
    let settings = ValuationSettings::of_plan(plan).map_err(RenderError::Valuation)?;
    valuation(plan, coverage, &reference.standard, &settings).map_err(RenderError::Valuation)
}

/// The places categories a map asks for: its fill's (`FillBy::Places`) and its heat
/// value's, each checked to have a per-1,000 figure.
struct PlacesAsked {
    fill: Option<usize>,
    heat: Option<usize>,
}

impl PlacesAsked {
    fn of(
        reference: &Reference,
        options: &MapOptions,
        heat: Option<HeatValue>,
    ) -> Result<Self, RenderError> {
        let fill = match options.fill_by {
            FillBy::Places => Some(places_category(
                reference,
                options.places_category.as_deref(),
            )?),
            _ => None,
        };
        let heat = match heat {
            Some(HeatValue::Places(c)) => {
                let id = reference.standard.categories.get(c).map(|c| c.id.as_str());
                Some(places_category(reference, id)?)
            }
            _ => None,
        };
        Ok(Self { fill, heat })
    }

    fn any(&self) -> bool {
        self.fill.is_some() || self.heat.is_some()
    }
}

/// The index of the places style's category: a category of the standard with a
/// per-1,000 figure.
pub fn places_category(reference: &Reference, id: Option<&str>) -> Result<usize, RenderError> {
    let standard = &reference.standard;
    let with_figure: Vec<&str> = standard
        .categories
        .iter()
        .filter(|c| need_of(reference, &c.id).is_some())
        .map(|c| c.id.as_str())
        .collect();
    let error = || RenderError::PlacesCategory {
        id: id.map(str::to_owned),
        known: with_figure.join(", "),
    };
    let id = id.ok_or_else(error)?;
    if !with_figure.contains(&id) {
        return Err(error());
    }
    standard
        .categories
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(error)
}

/// The standard's need per resident of a category, in the quantity 2SFCA divides.
fn need_of(reference: &Reference, id: &str) -> Option<f64> {
    let rule = reference.standard.provision(id);
    need_per_resident(rule, Quantity::of(rule))
}

/// The need met of a category on a grid: 2SFCA at each cell centre over the standard's
/// figure (NaN everywhere when the standard gives none).
pub fn places_grid(
    access: &Access,
    coverage: &Coverage,
    reference: &Reference,
    c: usize,
    window: geo::Rect<f64>,
    cell_m: f64,
) -> HeatGrid {
    let mut grid = access.grid(coverage, c, window, cell_m);
    let need = need_of(reference, &coverage.categories[c].id);
    for v in &mut grid.values {
        *v = need.map_or(f64::NAN, |n| *v / n);
    }
    grid
}

/// Computes a map's figures and draws it with the fonts for maps (bundled Latin, system
/// CJK when installed).
pub fn render_map(
    plan: &Plan,
    reference: &Reference,
    options: &MapOptions,
) -> Result<RenderedMap, RenderError> {
    render_map_with(plan, reference, options, &FontSet::for_maps())
}

/// Computes a map's figures and draws it with the given fonts.
pub fn render_map_with(
    plan: &Plan,
    reference: &Reference,
    options: &MapOptions,
    fonts: &FontSet,
) -> Result<RenderedMap, RenderError> {
    render_map_over(plan, reference, options, fonts, None)
}

/// Computes a map's figures and draws it over the underlays `underlays` paints for its
/// frame (`strata render --basemap`, the plan's own `strata.basemaps`).
pub fn render_map_over(
    plan: &Plan,
    reference: &Reference,
    options: &MapOptions,
    fonts: &FontSet,
    underlays: Option<UnderlayPainter>,
) -> Result<RenderedMap, RenderError> {
    let mut figures = map_figures(plan, reference, options)?;
    if let Some(paint) = underlays {
        figures.underlays = paint(&MapFrame::new(plan, options)?);
    }
    draw_map(plan, reference, options, &figures, fonts)
}
