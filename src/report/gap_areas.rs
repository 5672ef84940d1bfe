//! The report's walking-time maps for gaps (issue 21): for each category some homes lack
//! within reach, a map with the 5, 10 and 15-minute bands of that category's facilities
//! (`analysis::isochrone::areas`, what `strata isochrones --category` writes), so the
//! homes beyond them stand out, and the residents of each band. A category without a
//! gap gets no map; one without any facility has no bands to draw and is named only in
//! the gap table.

use super::Report;
use super::fmt;
use super::tables::{Figure, Part};
use crate::analysis::Coverage;
use crate::analysis::isochrone::{AreasOf, areas};
use crate::analysis::report::Gap;
use crate::i18n::tr;
use crate::model::{Plan, Reference};
use crate::render::areas::{AreaBand, BAND_ALPHA, BAND_BLUES};
use crate::render::{FillBy, FontSet, MapFigures, MapOptions, RenderError, draw_map};
use crate::tr;

/// The bands of the gap maps, in minutes.
pub const GAP_MINUTES: [f64; 3] = [5.0, 10.0, 15.0];
/// The cell size asked for, and the most cells one map's bands may take.
const CELL_M: f64 = 10.0;
const MAX_CELLS: f64 = 400_000.0;
/// Width of a gap map.
const WIDTH_PX: u32 = 1000;

/// One band's figures: minutes, distance (m), homes and residents within it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BandFigures {
    pub minutes: f64,
    pub distance_m: f64,
    pub homes: usize,
    pub residents: f64,
}

/// The walking-time map of one category with a gap.
pub struct GapAreas {
    pub category: String,
    pub png: Vec<u8>,
    /// The bands, innermost first.
    pub bands: Vec<BandFigures>,
    /// Homes and residents beyond the widest band.
    pub homes_outside: usize,
    pub residents_outside: f64,
}

/// The gap maps of a report: one per gap category with at least one facility.
pub fn gap_areas(
    plan: &Plan,
    reference: &Reference,
    coverage: &Coverage,
    gaps: &[Gap],
    fonts: &FontSet,
) -> Result<Vec<GapAreas>, RenderError> {
    let speed = reference.standard.walking_speed_m_per_min;
    let options = MapOptions {
        width_px: WIDTH_PX,
        fill_by: FillBy::Use,
        scenario: coverage.scenario,
        coverage: coverage.options.clone(),
        labels: false,
        facilities: true,
        ..MapOptions::default()
    };
    let mut maps = Vec::new();
    for gap in gaps {
        let of = AreasOf::Category(gap.category.clone());
        // No facility of the category: nothing to draw (the gap table names it).
        let Ok((bands, _cell)) = areas(plan, coverage, &of, &GAP_MINUTES, speed, CELL_M, MAX_CELLS)
        else {
            continue;
        };
        let drawn: Vec<AreaBand> = bands
            .iter()
            .enumerate()
            .rev()
            .map(|(i, b)| AreaBand {
                area: b.area.clone(),
                rgb: BAND_BLUES[i.min(BAND_BLUES.len() - 1)],
                alpha: BAND_ALPHA,
                label: tr!(
                    "legend-area-band",
                    minutes = format!("{}", b.minutes),
                    distance = format!("{:.0}", b.distance_m)
                ),
            })
            .collect();
        let figures = MapFigures {
            areas: drawn,
            ..MapFigures::default()
        };
        let png = draw_map(plan, reference, &options, &figures, fonts)?.png()?;
        let widest = bands.last().map_or((0, 0.0), |b| (b.homes, b.population));
        maps.push(GapAreas {
            category: gap.category.clone(),
            png,
            bands: bands
                .iter()
                .map(|b| BandFigures {
                    minutes: b.minutes,
                    distance_m: b.distance_m,
                    homes: b.homes,
                    residents: b.population,
                })
                .collect(),
            homes_outside: coverage.homes.len().saturating_sub(widest.0),
            residents_outside: (coverage.total_population() - widest.1).max(0.0),
        });
    }
    Ok(maps)
}

/// The part holding the gap maps; `None` when no category has a gap with facilities.
pub fn gap_areas_part(r: &Report) -> Option<Part> {
    if r.gap_areas.is_empty() {
        return None;
    }
    let mut part = Part::new("gap-areas", &tr("report-gap-areas"));
    part.paragraphs
        .push(tr!("report-gap-areas-text", metric = r.metric.short_name()));
    part.figure = Some(Figure::GapAreas);
    Some(part)
}

/// The caption of one gap map: the category, each band's residents, those beyond.
pub fn caption(r: &Report, map: &GapAreas) -> String {
    let bands: Vec<String> = map
        .bands
        .iter()
        .map(|b| {
            tr!(
                "report-gap-band",
                minutes = format!("{}", b.minutes),
                residents = fmt::count(b.residents),
                homes = b.homes
            )
        })
        .collect();
    tr!(
        "report-gap-caption",
        category = r.category_name(&map.category),
        bands = bands.join(&tr("list-separator")),
        homes = map.homes_outside,
        residents = fmt::count(map.residents_outside)
    )
}
