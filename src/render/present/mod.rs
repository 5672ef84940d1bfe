//! The presentation core shared by the editor canvas and the headless renderer: what a
//! colour mode paints, computed once as data from figures the caller computed (coverage,
//! mixed use, valuation). egui and tiny-skia only draw what this module returns; nothing
//! here runs the analysis or imports a drawing library.

pub mod legend;
pub mod section;

use std::collections::HashMap;

use super::style::{self, FillBy, Rgb, UNKNOWN_FILL};
use crate::analysis::Coverage;
use crate::analysis::heatmap::HeatValue;
use crate::analysis::mix::MixReport;
use crate::analysis::valuation::Valuation;
use crate::model::{Parcel, ParcelId, Reference};

/// The analysis figures a colour mode may paint, computed by the caller; a mode whose
/// figure is missing paints every parcel as unknown.
#[derive(Clone, Copy, Default)]
pub struct Figures<'a> {
    /// Life-circle coverage (for [`FillBy::Score`]).
    pub coverage: Option<&'a Coverage>,
    /// Mixed use (for [`FillBy::Diversity`] and [`FillBy::JobsHousing`]).
    pub mix: Option<&'a MixReport>,
    /// Valuation (for [`FillBy::Valuation`]).
    pub valuation: Option<&'a Valuation>,
}

/// The value per parcel that `mode` paints: a home's life-circle score (0–1), a parcel's
/// diversity (effective number of land-use classes of its floor area, parcels with floor
/// area only), a home's jobs per resident within reach, a candidate's valuation score.
/// Empty for the modes that paint no value (use, status) or when the figure is missing.
///
/// ```
/// use strata::render::present::{Figures, fill_values};
/// use strata::render::FillBy;
/// assert!(fill_values(FillBy::Score, &Figures::default()).is_empty());
/// ```
pub fn fill_values(mode: FillBy, figures: &Figures) -> HashMap<ParcelId, f64> {
    match (mode, figures) {
        (
            FillBy::Score,
            Figures {
                coverage: Some(c), ..
            },
        ) => c
            .homes
            .iter()
            .enumerate()
            .map(|(h, home)| (home.parcel.clone(), c.score(h)))
            .collect(),
        (FillBy::Diversity, Figures { mix: Some(mix), .. }) => mix
            .parcels
            .iter()
            .filter(|p| p.diversity.hill0 > 0.0)
            .map(|p| (ParcelId::new(p.id.as_str()), p.diversity.hill1))
            .collect(),
        (FillBy::JobsHousing, Figures { mix: Some(mix), .. }) => mix
            .homes
            .iter()
            .filter_map(|h| {
                h.jobs_housing_ratio
                    .map(|r| (ParcelId::new(h.id.as_str()), r))
            })
            .collect(),
        (
            FillBy::Valuation,
            Figures {
                valuation: Some(v), ..
            },
        ) => v.scores(),
        _ => HashMap::new(),
    }
}

/// The range a heat value's colours span (as `strata heatmap`): 0 to the number of
/// categories, 0 to 1 for a score, 0 to twice the category's radius for a distance.
pub fn heat_range(coverage: &Coverage, value: HeatValue) -> (f64, f64) {
    match value {
        HeatValue::Count => (0.0, coverage.categories.len() as f64),
        HeatValue::Score => (0.0, 1.0),
        HeatValue::Distance(c) => (
            0.0,
            coverage
                .categories
                .get(c)
                .map_or(1.0, |category| 2.0 * category.radius_m),
        ),
    }
}

/// The name of a heat value's kind in the current language (the editor's selector).
pub fn heat_label<C>(value: &HeatValue<C>) -> String {
    use crate::i18n::tr;
    match value {
        HeatValue::Count => tr("heat-kind-count"),
        HeatValue::Score => tr("heat-kind-score"),
        HeatValue::Distance(_) => tr("heat-kind-distance"),
    }
}

/// How one parcel is filled: a colour and, for a mixed-use parcel in the land-use mode,
/// the colour of its next use (hatched).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParcelFill {
    pub color: Rgb,
    pub hatch: Option<Rgb>,
}

/// The fill of a parcel in `mode`, with `values` from [`fill_values`] (a parcel without a
/// value is [`UNKNOWN_FILL`]).
pub fn parcel_fill(
    parcel: &Parcel,
    reference: &Reference,
    mode: FillBy,
    values: &HashMap<ParcelId, f64>,
) -> ParcelFill {
    let ramp: fn(f64) -> Rgb = match mode {
        FillBy::Use => {
            let f = style::use_fill(parcel, &reference.classification);
            return ParcelFill {
                color: f.main,
                hatch: f.hatch,
            };
        }
        FillBy::Status => {
            return ParcelFill {
                color: style::status_color(parcel.status),
                hatch: None,
            };
        }
        FillBy::Score => style::score_color,
        FillBy::Diversity => style::diversity_color,
        FillBy::JobsHousing => style::jobs_housing_color,
        FillBy::Valuation => style::valuation_color,
    };
    ParcelFill {
        color: values.get(&parcel.id).map_or(UNKNOWN_FILL, |v| ramp(*v)),
        hatch: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::CoverageOptions;
    use crate::model::{Facility, Plan, Scenario, Status, Stratum};
    use geo::{MultiPolygon, Point, polygon};

    fn plan() -> Plan {
        let mut plan = Plan::new(crate::model::LocalFrame::new(116.0, 39.0));
        let square = polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)];
        let mut home = Parcel::new("p-1", Scenario::Proposed, MultiPolygon::new(vec![square]));
        home.strata.push(Stratum::ground("s1", "0701"));
        home.status = Some(Status::Idle);
        plan.parcels.push(home);
        plan.facilities.push(Facility {
            id: crate::model::FacilityId::new("f-1"),
            scenario: Scenario::Proposed,
            position: Point::new(150.0, 50.0),
            category: "kindergarten".into(),
            name: None,
            meta: Default::default(),
        });
        plan
    }

    #[test]
    fn score_values_are_the_homes_scores_and_fills_follow_the_mode() {
        let plan = plan();
        let reference = Reference::default();
        let coverage = Coverage::compute(
            &plan,
            Scenario::Proposed,
            &reference.standard,
            CoverageOptions::default(),
        );
        let figures = Figures {
            coverage: Some(&coverage),
            ..Default::default()
        };
        let values = fill_values(FillBy::Score, &figures);
        let id = ParcelId::new("p-1");
        assert_eq!(values.get(&id), Some(&coverage.score(0)));
        assert!(fill_values(FillBy::Use, &figures).is_empty());
        assert!(fill_values(FillBy::Diversity, &figures).is_empty());
        let parcel = &plan.parcels[0];
        let fill = |mode| parcel_fill(parcel, &reference, mode, &values).color;
        assert_eq!(fill(FillBy::Score), style::score_color(coverage.score(0)));
        assert_eq!(
            fill(FillBy::Status),
            style::status_color(Some(Status::Idle))
        );
        assert_eq!(
            fill(FillBy::Use),
            style::use_fill(parcel, &reference.classification).main
        );
        // A value mode without a value for the parcel: unknown.
        let none = HashMap::new();
        let jobs = parcel_fill(parcel, &reference, FillBy::JobsHousing, &none);
        assert_eq!(jobs.color, UNKNOWN_FILL);
    }
}
