//! The figures a map shows, computed from the plan for its options (coverage for the
//! score colours and the heatmap, mixed use, valuation, the heat grid over the map's
//! window), then drawn by [`crate::render::draw_map`]: `strata render` and the report's
//! map both come through here, so the renderer itself never runs the analysis.

use crate::analysis::Coverage;
use crate::analysis::heatmap::heatmap;
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
        FillBy::Valuation => {
            let settings = ValuationSettings::of_plan(plan).map_err(RenderError::Valuation)?;
            Some(
                valuation(plan, &coverage, &reference.standard, &settings)
                    .map_err(RenderError::Valuation)?,
            )
        }
        _ => None,
    };
    let zoning = zoning_mode.then(|| zoning_report(plan, scenario, reference));
    let figures = Figures {
        coverage: Some(&coverage),
        mix: mix.as_ref(),
        valuation: valued.as_ref(),
        zoning: zoning.as_ref(),
    };
    let heat = heat_value.map(|value| {
        let grid = heatmap(&coverage, frame.window(), frame.heat_cell(), value);
        HeatLayer::new(&coverage, value, grid)
    });
    Ok(MapFigures {
        fill_values: fill_values(mode, &figures),
        heat,
        underlays: Vec::new(),
    })
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
