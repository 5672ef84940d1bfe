//! Land areas per scenario: ground area (area of the union of parcel footprints),
//! stacked area (sum of stratum footprint areas), and area per land-use code.

use std::collections::BTreeMap;

use geo::{Area, BoundingRect, Polygon, Rect, unary_union};
use rayon::prelude::*;

use crate::model::{Parcel, Plan, Scenario, SquareMeters, Status};

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
    let parcels: Vec<&Parcel> = plan.parcels_in(scenario).collect();
    let polygons: Vec<&Polygon<f64>> = parcels.iter().flat_map(|p| p.shape.0.iter()).collect();
    // The union (most of the time) beside the sums, which run on one core.
    let (mut areas, ground) = rayon::join(|| summed_areas(&parcels), || union_area(&polygons));
    areas.ground = SquareMeters(ground);
    areas
}

/// Everything of [`ScenarioAreas`] but the ground area: counts and sums over `parcels`.
fn summed_areas(parcels: &[&Parcel]) -> ScenarioAreas {
    let mut areas = ScenarioAreas::default();
    // The areas of a city's parcels and strata in parallel; summed below in plan order,
    // so the figures are the same as one pass would give.
    let measured: Vec<(SquareMeters, Vec<SquareMeters>)> = parcels
        .par_iter()
        .map(|p| {
            (
                p.area(),
                p.strata.iter().map(|s| p.stratum_area(s)).collect(),
            )
        })
        .collect();
    for (parcel, (parcel_area, strata_areas)) in parcels.iter().zip(measured) {
        areas.parcels += 1;
        *areas.by_status.entry(parcel.status).or_default() += parcel_area;
        for (stratum, area) in parcel.strata.iter().zip(strata_areas) {
            areas.stacked += area;
            for u in &stratum.uses {
                let share = SquareMeters(area.m2() * u.share);
                // A code's name is copied once, not once per use of it.
                match areas.by_use.get_mut(&u.code) {
                    Some(sum) => *sum += share,
                    None => {
                        let mut sum = SquareMeters::default();
                        sum += share;
                        areas.by_use.insert(u.code.clone(), sum);
                    }
                }
            }
        }
    }
    areas
}

/// Area of the union of polygons. Polygons whose bounding boxes do not meet, even
/// through a chain of others, share no area: the union is taken per group of
/// polygons linked by meeting boxes (a block of a city, not the whole city at once), the
/// groups in parallel, and the areas summed in group order (so the figure is the same
/// on every run; it equals one union of everything to about 1e-9, the union snapping
/// coordinates to a grid scaled to its input's extent).
pub fn union_area(polygons: &[&Polygon<f64>]) -> f64 {
    let group_areas: Vec<f64> = groups_of(polygons)
        .par_iter()
        .map(|group| unary_union(group.iter().map(|&i| polygons[i])).unsigned_area())
        .collect();
    group_areas.iter().fold(0.0, |a, b| a + b)
}

/// The polygons (indices) whose bounding boxes meet, directly or through others: each
/// group in increasing order, the groups by their first polygon.
fn groups_of(polygons: &[&Polygon<f64>]) -> Vec<Vec<usize>> {
    let rects: Vec<Option<Rect<f64>>> = polygons.par_iter().map(|p| p.bounding_rect()).collect();
    let index = super::BoxIndex::from_rects(rects.iter().copied());
    // Each box's later neighbours, found on every core; joined below on one.
    let neighbours: Vec<Vec<usize>> = rects
        .par_iter()
        .enumerate()
        .map(|(i, rect)| match rect {
            Some(rect) => index.intersecting(*rect).filter(|&j| j > i).collect(),
            None => Vec::new(),
        })
        .collect();
    let mut parent: Vec<usize> = (0..polygons.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, later) in neighbours.iter().enumerate() {
        for &j in later {
            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
            // A group's root is its first polygon.
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut slot_of_root = vec![usize::MAX; polygons.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..polygons.len() {
        let r = root(&mut parent, i);
        if slot_of_root[r] == usize::MAX {
            slot_of_root[r] = groups.len();
            groups.push(Vec::new());
        }
        groups[slot_of_root[r]].push(i);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Boxes meeting directly or through others make one group; groups come by their
    /// first polygon, each in increasing order; a polygon joining two groups joins them.
    #[test]
    fn groups_are_the_boxes_meeting_through_others_in_plan_order() {
        let strip = |x0: f64, x1: f64| {
            let corners = vec![(x0, 0.0), (x1, 0.0), (x1, 1.0), (x0, 1.0)];
            Polygon::new(geo::LineString::from(corners), vec![])
        };
        let mut shapes = vec![
            strip(0.0, 1.5),
            strip(10.0, 11.5),
            strip(1.0, 2.5),
            strip(11.0, 12.5),
            strip(20.0, 21.5),
            strip(2.0, 3.5),
        ];
        let refs: Vec<&Polygon<f64>> = shapes.iter().collect();
        assert_eq!(groups_of(&refs), vec![vec![0, 2, 5], vec![1, 3], vec![4]]);
        shapes.push(strip(3.0, 10.5));
        let refs: Vec<&Polygon<f64>> = shapes.iter().collect();
        assert_eq!(groups_of(&refs), vec![vec![0, 1, 2, 3, 5, 6], vec![4]]);
    }

    /// Union by groups equals one union of everything, on cities whose parcels share
    /// edges (blocks are groups) and on sample maps with overlaps. Within 1e-8: the
    /// union snaps coordinates to an integer grid scaled to the extent of its input, so a
    /// group's grid is finer than the whole plan's (Qingdao differs by 2e-9).
    #[test]
    fn grouped_union_equals_one_union() {
        let mut plans = vec![
            crate::synth::city(600, 10, 3),
            crate::synth::realistic_city(&crate::synth::RealisticSpec::new(700, 9)),
        ];
        for name in [
            "xiongan_15min",
            "shenzhen_renewal",
            "qingdao_tod",
            "wenzhou_sports_park",
        ] {
            let path = format!("{}/sample_maps/{name}.geojson", env!("CARGO_MANIFEST_DIR"));
            let loaded = crate::io::load_plan(std::path::Path::new(&path), &Default::default());
            plans.push(loaded.expect("sample loads").plan);
        }
        for plan in &plans {
            for scenario in Scenario::ALL {
                let polygons: Vec<&Polygon<f64>> = plan
                    .parcels_in(scenario)
                    .flat_map(|p| p.shape.0.iter())
                    .collect();
                let one = unary_union(polygons.iter().copied()).unsigned_area();
                let grouped = union_area(&polygons);
                assert!(
                    (one - grouped).abs() <= 1e-8 * one.max(1.0),
                    "{}: {one} vs {grouped}",
                    plan.display_name()
                );
            }
        }
    }

    #[test]
    fn overlapping_parcels_count_once() {
        let square = |x: f64| {
            Rect::new(
                geo::coord! { x: x, y: 0.0 },
                geo::coord! { x: x + 10.0, y: 10.0 },
            )
            .to_polygon()
        };
        let (a, b, c) = (square(0.0), square(5.0), square(100.0));
        assert_eq!(union_area(&[&a, &b, &c]), 150.0 + 100.0);
        assert_eq!(union_area(&[]), 0.0);
    }
}
