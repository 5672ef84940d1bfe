//! Which homes each target reaches: for every category and target, the homes within the
//! category's radius and their distance, by the coverage's metric (straight-line, or
//! along the walking network with the same joins and search as [`Coverage`]). The
//! minimum over a category's targets is the coverage's nearest distance (a unit test
//! holds them equal). Provision and 2SFCA are built on these lists.

use std::collections::HashMap;

use geo::{Point, Rect};
use rayon::prelude::*;

use super::coverage::{Coverage, target_joins, within};
use super::index::rect_distance_squared;
use super::network::{Join, NodeDistances};
use super::targets::Target;

/// `(home index, distance in metres)` pairs of one target, homes in increasing order.
pub type Reached = Vec<(usize, f64)>;

/// Homes bucketed on a square grid, for the candidates near a target.
pub struct HomeGrid {
    cell: f64,
    buckets: HashMap<(i64, i64), Vec<usize>>,
}

impl HomeGrid {
    pub fn new(coverage: &Coverage) -> Self {
        let cell = 200.0;
        let mut buckets: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (h, home) in coverage.homes.iter().enumerate() {
            let key = (
                (home.point.x() / cell).floor() as i64,
                (home.point.y() / cell).floor() as i64,
            );
            buckets.entry(key).or_default().push(h);
        }
        Self { cell, buckets }
    }

    /// Homes whose point may lie within `reach` of `rect` (a superset), in no order.
    fn candidates(&self, rect: Rect<f64>, reach: f64) -> Vec<usize> {
        let key = |v: f64| (v / self.cell).floor() as i64;
        let (x0, x1) = (key(rect.min().x - reach), key(rect.max().x + reach));
        let (y0, y1) = (key(rect.min().y - reach), key(rect.max().y + reach));
        let mut found = Vec::new();
        if (x1 - x0 + 1) * (y1 - y0 + 1) > self.buckets.len() as i64 {
            for homes in self.buckets.values() {
                found.extend(homes);
            }
        } else {
            for x in x0..=x1 {
                for y in y0..=y1 {
                    if let Some(homes) = self.buckets.get(&(x, y)) {
                        found.extend(homes);
                    }
                }
            }
        }
        found
    }
}

/// Distances to one target by a coverage's metric: straight-line, or along the walking
/// network from the target's own joins (a search of its own, as [`Coverage`] does for a
/// whole category).
pub struct TargetField {
    target: Target,
    network: Option<(NodeDistances, HashMap<u32, Vec<Join>>)>,
}

impl TargetField {
    /// Distances to the target from anywhere.
    pub fn new(coverage: &Coverage, target: &Target) -> Self {
        Self::within(coverage, target, f64::INFINITY)
    }

    /// Distances to the target, exact up to `limit` (along the network the search stops
    /// there: a farther point gets a distance above `limit`, never a shorter one).
    pub fn within(coverage: &Coverage, target: &Target, limit: f64) -> Self {
        let network = coverage.network.as_ref().map(|state| {
            let network = &state.network;
            let joins = target_joins(
                network,
                target,
                coverage.options.area_access_m,
                coverage.off_network_m,
            );
            let sources: Vec<(u32, f64)> = joins.iter().flat_map(|j| network.sources(j)).collect();
            let mut direct: HashMap<u32, Vec<Join>> = HashMap::new();
            for j in &joins {
                direct
                    .entry(network.chain_position(j).0)
                    .or_default()
                    .push(*j);
            }
            let dist = if limit.is_finite() {
                let mut dist = vec![f64::INFINITY; network.junctions.len()];
                network.distances_within(&sources, limit, &mut dist, &mut Vec::new());
                dist
            } else {
                network.distances(&sources)
            };
            (dist, direct)
        });
        Self {
            target: target.clone(),
            network,
        }
    }

    /// Distance from a point that joined the network at `join` (straight-line analyses
    /// ignore `join` and use `point`); `None` where unreachable.
    pub fn distance(
        &self,
        coverage: &Coverage,
        point: Point<f64>,
        join: Option<Join>,
    ) -> Option<f64> {
        match (&self.network, &coverage.network) {
            (Some((dist, direct)), Some(state)) => {
                let join = join?;
                let network = &state.network;
                let on = direct
                    .get(&network.chain_position(&join).0)
                    .map_or(&[][..], Vec::as_slice);
                let d = network.distance_from(&join, dist, on);
                d.is_finite().then_some(d)
            }
            _ => Some(self.target.distance(&point)),
        }
    }
}

/// The homes one target reaches within `radius`.
pub fn target_reach(coverage: &Coverage, grid: &HomeGrid, target: &Target, radius: f64) -> Reached {
    let Some(rect) = target.bounding_rect() else {
        return Vec::new();
    };
    // Network distances are never shorter than straight-line ones (offsets and paths are
    // straight pieces between the same ends): the straight-line box bounds both.
    // The grid's buckets cover a square around the box; a home farther than the radius
    // from the box itself (a fifth of them, in the square's corners) is out of reach of
    // the target inside it, and is not measured.
    let reach_squared = (radius + 1.0) * (radius + 1.0);
    let near = |h: &usize| rect_distance_squared(&rect, &coverage.homes[*h].point) <= reach_squared;
    let candidates = grid.candidates(rect, radius + 1.0).into_iter().filter(near);
    let mut reached: Reached = match &coverage.network {
        // Straight lines need no field (nor a copy of the target's shape).
        None => candidates
            .filter_map(|h| {
                let d = target.distance(&coverage.homes[h].point);
                within(d, radius).then_some((h, d))
            })
            .collect(),
        Some(state) => {
            let field = TargetField::within(coverage, target, radius + 1.0);
            candidates
                .filter_map(|h| {
                    let join = state.home_joins[h];
                    let d = field.distance(coverage, coverage.homes[h].point, join)?;
                    within(d, radius).then_some((h, d))
                })
                .collect()
        }
    };
    // Each home is in one bucket: ordered by home, as the lists promise.
    reached.sort_unstable_by_key(|&(h, _)| h);
    reached
}

/// Reach lists of every target of every category (`[category][target]`), each within
/// the category's radius.
pub fn reach_all(coverage: &Coverage) -> Vec<Vec<Reached>> {
    let grid = HomeGrid::new(coverage);
    coverage
        .targets
        .iter()
        .enumerate()
        .map(|(c, targets)| {
            let radius = coverage.categories[c].radius_m;
            targets
                .par_iter()
                .map(|t| target_reach(coverage, &grid, t, radius))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{CoverageOptions, Metric};
    use crate::model::{Scenario, Standard};

    /// For every home, the targets of one category that reach it: `(target, distance)`.
    fn by_home(reach: &[Reached], homes: usize) -> Vec<Vec<(usize, f64)>> {
        let mut out = vec![Vec::new(); homes];
        for (t, reached) in reach.iter().enumerate() {
            for &(h, d) in reached {
                out[h].push((t, d));
            }
        }
        out
    }

    /// The nearest reaching target of each home is the coverage's nearest distance
    /// (where that is within the radius), on both metrics.
    #[test]
    fn reach_agrees_with_coverage() {
        let plan = crate::synth::city(100, 40, 3);
        let standard = Standard::default_gb50180();
        for metric in [Metric::Euclidean, Metric::Network] {
            let options = CoverageOptions {
                metric,
                ..Default::default()
            };
            let coverage = Coverage::compute(&plan, Scenario::Proposed, &standard, options);
            let reach = reach_all(&coverage);
            let mut compared = 0;
            for (c, lists) in reach.iter().enumerate() {
                let homes = by_home(lists, coverage.homes.len());
                for (h, reached) in homes.iter().enumerate() {
                    let ours = reached
                        .iter()
                        .map(|&(_, d)| d)
                        .fold(None, |b: Option<f64>, d| Some(b.map_or(d, |b| b.min(d))));
                    let theirs = coverage.nearest[c][h]
                        .filter(|&d| within(d, coverage.categories[c].radius_m));
                    match (ours, theirs) {
                        (Some(a), Some(b)) => {
                            assert!((a - b).abs() < 1e-6, "{metric:?} {c} {h}: {a} vs {b}")
                        }
                        (None, None) => {}
                        other => panic!("{metric:?} category {c} home {h}: {other:?}"),
                    }
                    compared += usize::from(theirs.is_some());
                }
            }
            assert!(compared > 100, "{metric:?}: only {compared} homes covered");
        }
    }
}
