//! Land areas per scenario: ground area (area of the union of parcel footprints),
//! stacked area (sum of stratum footprint areas), and area per land-use code.

use std::collections::BTreeMap;

use geo::{Area, MultiPolygon, unary_union};

use crate::model::{Plan, Scenario, SquareMeters, Status};

/// Areas of one scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScenarioAreas {
    pub parcels: usize,
    /// Area of the union of parcel polygons (overlapping parcels counted once).
    pub ground: SquareMeters,
    /// Sum of stratum footprint areas.
    pub stacked: SquareMeters,
    /// Land per use code: stratum footprint × use share.
    pub by_use: BTreeMap<String, SquareMeters>,
    /// Ground area of parcels per status (`None` = no status given).
    pub by_status: BTreeMap<Option<Status>, SquareMeters>,
}

impl ScenarioAreas {
    /// Stacking saving: how much more floor of land rights than ground.
    pub fn stacking_saved(&self) -> SquareMeters {
        self.stacked - self.ground
    }
}

/// Areas of one scenario of a plan.
///
/// ```
/// use geo::{polygon, MultiPolygon};
/// use strata::model::{Parcel, Plan, Scenario, Stratum, ZRange};
/// let mut plan = Plan::new(strata::model::LocalFrame::new(120.0, 30.0));
/// let square = polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)];
/// let mut parcel = Parcel::new("p-1", Scenario::Proposed, MultiPolygon::new(vec![square]));
/// let mut roof = Stratum::ground("s2", "1401");
/// roof.z = ZRange::new(3.0, 15.0);
/// parcel.strata = vec![Stratum::ground("s1", "1302"), roof];
/// plan.parcels.push(parcel);
/// let areas = strata::analysis::land::scenario_areas(&plan, Scenario::Proposed);
/// assert_eq!(areas.ground.m2(), 10_000.0);
/// assert_eq!(areas.stacked.m2(), 20_000.0);
/// assert_eq!(areas.stacking_saved().m2(), 10_000.0);
/// ```
pub fn scenario_areas(plan: &Plan, scenario: Scenario) -> ScenarioAreas {
    let mut areas = ScenarioAreas::default();
    let mut shapes: Vec<&MultiPolygon<f64>> = Vec::new();
    for parcel in plan.parcels_in(scenario) {
        areas.parcels += 1;
        shapes.push(&parcel.shape);
        *areas.by_status.entry(parcel.status).or_default() += parcel.area();
        for stratum in &parcel.strata {
            let area = parcel.stratum_area(stratum);
            areas.stacked += area;
            for u in &stratum.uses {
                *areas.by_use.entry(u.code.clone()).or_default() +=
                    SquareMeters(area.m2() * u.share);
            }
        }
    }
    let polygons = shapes.iter().flat_map(|mp| mp.0.iter());
    areas.ground = SquareMeters(unary_union(polygons).unsigned_area());
    areas
}
