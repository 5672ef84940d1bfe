//! The presentation core shared by the editor canvas and the headless renderer: what a
//! colour mode paints, computed once as data from figures the caller computed (coverage,
//! mixed use, valuation). egui and tiny-skia only draw what this module returns; nothing
//! here runs the analysis or imports a drawing library.

pub mod legend;
pub mod section;
pub mod strata_color;

use std::collections::HashMap;

use super::style::{self, FillBy, Rgb, UNKNOWN_FILL};
use crate::analysis::Coverage;
use crate::analysis::heatmap::HeatValue;
use crate::analysis::mix::MixReport;
use crate::analysis::valuation::Valuation;
use crate::analysis::zoning::{ParcelZoning, ZoningReport};
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
    /// Zoning of the scenario (for [`FillBy::Compliance`], [`FillBy::Far`] and
    /// [`FillBy::Height`]).
    pub zoning: Option<&'a ZoningReport<'a>>,
    /// The need met per home of the chosen category (for [`FillBy::Places`]), from
    /// `analysis::access::need_met`.
    pub places: Option<&'a HashMap<ParcelId, f64>>,
}

/// A parcel's compliance value: `None` without controls, else [`style::COMPLIANT`],
/// [`style::CONTROLS_BROKEN`] when a violation is of its own controls (no other source)
/// or [`style::RULES_BROKEN`] when only the compatibility rules or the standard are.
pub fn compliance(parcel: &ParcelZoning) -> Option<f64> {
    parcel.controls.as_ref()?;
    Some(if parcel.violations.iter().any(|v| v.source.is_none()) {
        style::CONTROLS_BROKEN
    } else if parcel.violations.is_empty() {
        style::COMPLIANT
    } else {
        style::RULES_BROKEN
    })
}

/// The value per parcel that `mode` paints: a home's life-circle score (0–1), a parcel's
/// diversity (effective number of land-use classes of its floor area, parcels with floor
/// area only), a home's jobs per resident within reach, a candidate's valuation score,
/// a parcel's [`compliance`] (parcels under controls only), achieved FAR or height (m).
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
        (
            FillBy::Compliance | FillBy::Far | FillBy::Height,
            Figures {
                zoning: Some(z), ..
            },
        ) => z
            .parcels
            .iter()
            .filter_map(|p| {
                let value = match mode {
                    FillBy::Far => Some(p.far),
                    FillBy::Height => Some(p.height_m),
                    _ => compliance(p),
                };
                value.map(|v| (ParcelId::new(p.id), v))
            })
            .collect(),
        (
            FillBy::Places,
            Figures {
                places: Some(p), ..
            },
        ) => (*p).clone(),
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
        HeatValue::Places(_) => (0.0, 1.0),
    }
}

/// The name of a heat value's kind in the current language (the editor's selector).
pub fn heat_label<C>(value: &HeatValue<C>) -> String {
    use crate::i18n::tr;
    match value {
        HeatValue::Count => tr("heat-kind-count"),
        HeatValue::Score => tr("heat-kind-score"),
        HeatValue::Distance(_) => tr("heat-kind-distance"),
        HeatValue::Places(_) => tr("heat-kind-places"),
    }
}

/// How one parcel is filled: a colour and, for a mixed-use parcel in the land-use mode,
/// the colour of its next use (hatched); in the compliance mode a parcel with violations
/// is outlined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParcelFill {
    pub color: Rgb,
    pub hatch: Option<Rgb>,
    pub outline: Option<Rgb>,
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
                outline: None,
            };
        }
        FillBy::Status => {
            return ParcelFill {
                color: style::status_color(parcel.status),
                hatch: None,
                outline: None,
            };
        }
        FillBy::YearsLeft => {
            let as_of = crate::analysis::terms::current_year();
            let left = crate::analysis::terms::years_left(parcel, as_of);
            return ParcelFill {
                color: left.map_or(UNKNOWN_FILL, style::years_left_color),
                hatch: None,
                outline: None,
            };
        }
        FillBy::Score | FillBy::Places => style::score_color,
        FillBy::Diversity => style::diversity_color,
        FillBy::JobsHousing => style::jobs_housing_color,
        FillBy::Valuation => style::valuation_color,
        FillBy::Compliance => style::compliance_color,
        FillBy::Far => style::far_color,
        FillBy::Height => style::height_color,
    };
    let value = values.get(&parcel.id).copied();
    ParcelFill {
        color: value.map_or(UNKNOWN_FILL, ramp),
        hatch: None,
        outline: (mode == FillBy::Compliance && value.is_some_and(|v| v >= style::RULES_BROKEN))
            .then_some(style::VIOLATION_OUTLINE),
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

    #[test]
    fn zoning_values_follow_the_controls_and_the_outline_marks_violations() {
        use crate::model::Controls;
        let mut plan = plan();
        plan.facilities.clear();
        let at = |x0: f64| polygon![(x: x0, y: 0.0), (x: x0 + 100.0, y: 0.0), (x: x0 + 100.0, y: 100.0), (x: x0, y: 100.0)];
        let limited = |far_max: f64| Controls {
            far_max: Some(far_max),
            ..Default::default()
        };
        // p-1: one storey over the whole parcel (FAR 1, 3 m): over a 0.5 limit.
        plan.parcels[0].controls = Some(limited(0.5));
        let mut ok = Parcel::new(
            "p-2",
            Scenario::Proposed,
            MultiPolygon::new(vec![at(200.0)]),
        );
        let mut tower = Stratum::ground("s1", "0701");
        tower.z.top = 30.0;
        tower.floors = Some(2);
        ok.strata.push(tower);
        ok.controls = Some(limited(2.5));
        let mut free = Parcel::new(
            "p-3",
            Scenario::Proposed,
            MultiPolygon::new(vec![at(400.0)]),
        );
        free.strata.push(Stratum::ground("s1", "0701"));
        plan.parcels.extend([ok, free]);
        let reference = Reference::default();
        let zoning = crate::analysis::zoning::zoning_report(&plan, Scenario::Proposed, &reference);
        let figures = Figures {
            zoning: Some(&zoning),
            ..Default::default()
        };
        let id = |s: &str| ParcelId::new(s);
        let compliance = fill_values(FillBy::Compliance, &figures);
        assert_eq!(compliance.get(&id("p-1")), Some(&style::CONTROLS_BROKEN));
        assert_eq!(compliance.get(&id("p-2")), Some(&style::COMPLIANT));
        assert_eq!(compliance.get(&id("p-3")), None, "no controls, no value");
        let far = fill_values(FillBy::Far, &figures);
        assert!((far[&id("p-2")] - 2.0).abs() < 1e-9);
        assert!((far[&id("p-3")] - 1.0).abs() < 1e-9);
        let height = fill_values(FillBy::Height, &figures);
        assert!((height[&id("p-2")] - 30.0).abs() < 1e-9);
        // Without the zoning figures the modes paint nothing.
        assert!(fill_values(FillBy::Far, &Figures::default()).is_empty());

        let fill = |i: usize, mode, values: &HashMap<ParcelId, f64>| {
            parcel_fill(&plan.parcels[i], &reference, mode, values)
        };
        let broken = fill(0, FillBy::Compliance, &compliance);
        assert_eq!(broken.color, style::CONTROLS_BROKEN_FILL);
        assert_eq!(broken.outline, Some(style::VIOLATION_OUTLINE));
        let met = fill(1, FillBy::Compliance, &compliance);
        assert_eq!((met.color, met.outline), (style::COMPLIANT_FILL, None));
        let none = fill(2, FillBy::Compliance, &compliance);
        assert_eq!((none.color, none.outline), (UNKNOWN_FILL, None));
        assert_eq!(fill(1, FillBy::Far, &far).color, style::far_color(2.0));
        assert_eq!(fill(1, FillBy::Far, &far).outline, None);
        assert_eq!(
            fill(1, FillBy::Height, &height).color,
            style::height_color(30.0)
        );
        assert_ne!(style::far_color(2.0), style::far_color(1.0));
    }

    #[test]
    fn only_a_broken_rule_is_amber() {
        use crate::analysis::zoning::{Bound, Indicator, Violation};
        let controls = crate::model::Controls::default();
        let mut row = crate::analysis::zoning::ParcelZoning {
            id: "p",
            code: None,
            area_m2: 1.0,
            floor_area_m2: 1.0,
            far: 1.0,
            density: 0.5,
            green: 0.0,
            height_m: 3.0,
            main_use: None,
            floor_area_by_use: Default::default(),
            controls: Some(&controls),
            violations: vec![Violation {
                indicator: Indicator::Use,
                value: 0.2,
                limit: 0.1,
                bound: Bound::Max,
                code: Some("09".into()),
                source: Some("rules".into()),
            }],
        };
        assert_eq!(compliance(&row), Some(style::RULES_BROKEN));
        assert_eq!(
            style::compliance_color(style::RULES_BROKEN),
            style::RULES_BROKEN_FILL
        );
        row.controls = None;
        assert_eq!(compliance(&row), None);
    }
}
