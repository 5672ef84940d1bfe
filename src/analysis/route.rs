//! The way from a point to its nearest target of a category, for drawing: a straight
//! line, or the walking path along the streets. Its length is the distance the coverage
//! analysis uses for that point (DESIGN.md "Coverage"), so what the map shows and what
//! the figures count agree.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use geo::{ClosestPoint, Coord, Point};

use super::coverage::Coverage;
use super::network::{Join, Network};
use super::targets::TargetShape;

/// A drawn way to a target.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// Target index within the category.
    pub target: usize,
    /// From the point to the target, in plan metres.
    pub points: Vec<Coord<f64>>,
    /// Straight-line or walking distance, as the analysis measures it.
    pub distance: f64,
}

/// The route from `point` to the nearest target of `category` by the coverage's metric;
/// `None` when the category has no reachable target (or the point is off the network).
pub fn nearest_route(coverage: &Coverage, category: usize, point: Point<f64>) -> Option<Route> {
    match &coverage.network {
        None => {
            let (target, distance) = coverage.indexes[category].nearest(point)?;
            let to = match &coverage.targets[category][target].shape {
                TargetShape::Point(p) => p.0,
                TargetShape::Area(area) => match area.closest_point(&point) {
                    geo::Closest::Intersection(p) | geo::Closest::SinglePoint(p) => p.0,
                    geo::Closest::Indeterminate => return None,
                },
            };
            // Inside an area the distance is 0 and the line a dot.
            Some(Route {
                target,
                points: vec![point.0, to],
                distance,
            })
        }
        Some(state) => {
            let from = state.network.join(point, coverage.off_network_m)?;
            let targets = &state.categories[category].joins;
            let (target, join, mut points, walked) = walking_path(&state.network, &from, targets)?;
            let mut way = vec![point.0, on_segment(&state.network, &from)];
            way.append(&mut points);
            let reached = on_segment(&state.network, &join);
            way.push(reached);
            match &coverage.targets[category][target].shape {
                TargetShape::Point(p) => way.push(p.0),
                TargetShape::Area(area) => {
                    if let geo::Closest::Intersection(p) | geo::Closest::SinglePoint(p) =
                        area.closest_point(&Point(reached))
                    {
                        way.push(p.0);
                    }
                }
            }
            way.dedup();
            Some(Route {
                target,
                points: way,
                distance: from.offset + walked + join.offset,
            })
        }
    }
}

/// Where a join meets its segment.
fn on_segment(network: &Network, join: &Join) -> Coord<f64> {
    let s = network.segments[join.segment as usize];
    let (a, b) = (network.nodes[s.a as usize], network.nodes[s.b as usize]);
    let t = if s.length > 0.0 {
        (join.along / s.length).clamp(0.0, 1.0)
    } else {
        0.0
    };
    a + (b - a) * t
}

#[derive(PartialEq)]
struct Visit {
    dist: f64,
    node: u32,
}
impl Eq for Visit {}
impl Ord for Visit {
    fn cmp(&self, other: &Self) -> Ordering {
        other.dist.total_cmp(&self.dist)
    }
}
impl PartialOrd for Visit {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Dijkstra over the street segments from a joined point to the nearest target join:
/// (target, its join, street nodes passed, distance along the streets between the two
/// joining points). Runs on segments, not chains, because the path is drawn; it is asked
/// for one point at a time (a click), so its cost is one search of the network.
fn walking_path(
    network: &Network,
    from: &Join,
    targets: &[Vec<Join>],
) -> Option<(usize, Join, Vec<Coord<f64>>, f64)> {
    let (dist, previous) = street_distances(network, from);
    let (_, target, join, via) = best_target_join(network, from, targets, &dist)?;
    let mut walked = match via {
        None => (join.along - from.along).abs(),
        Some(end) => {
            let s = network.segments[join.segment as usize];
            let last = if end == s.a {
                join.along
            } else {
                s.length - join.along
            };
            dist[end as usize] + last
        }
    };
    let mut nodes = Vec::new();
    let mut node = via;
    while let Some(v) = node {
        nodes.push(network.nodes[v as usize]);
        node = (previous[v as usize] != u32::MAX).then_some(previous[v as usize]);
    }
    nodes.reverse();
    if !walked.is_finite() {
        walked = f64::INFINITY;
    }
    Some((target, join, nodes, walked))
}

/// Dijkstra from a joined point over the segments: the distance along the streets to
/// every node and the node it is reached from (`u32::MAX` for the joined segment's ends
/// and unreached nodes).
fn street_distances(network: &Network, from: &Join) -> (Vec<f64>, Vec<u32>) {
    let n = network.nodes.len();
    let mut adjacency: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    for s in &network.segments {
        adjacency[s.a as usize].push((s.b, s.length));
        adjacency[s.b as usize].push((s.a, s.length));
    }
    let start = network.segments[from.segment as usize];
    let mut dist = vec![f64::INFINITY; n];
    let mut previous = vec![u32::MAX; n];
    let mut heap = BinaryHeap::new();
    for (node, d) in [(start.a, from.along), (start.b, start.length - from.along)] {
        if d < dist[node as usize] {
            dist[node as usize] = d;
            heap.push(Visit { dist: d, node });
        }
    }
    while let Some(Visit { dist: d, node }) = heap.pop() {
        if d > dist[node as usize] {
            continue;
        }
        for &(next, w) in &adjacency[node as usize] {
            if d + w < dist[next as usize] {
                dist[next as usize] = d + w;
                previous[next as usize] = node;
                heap.push(Visit {
                    dist: d + w,
                    node: next,
                });
            }
        }
    }
    (dist, previous)
}

/// The best way to a target join, as (total distance, target, its join, the end of the
/// join's segment it is reached through): through one end of its segment, or straight
/// along the segment the point itself joins (`None`). The first of equals wins.
fn best_target_join(
    network: &Network,
    from: &Join,
    targets: &[Vec<Join>],
    dist: &[f64],
) -> Option<(f64, usize, Join, Option<u32>)> {
    let mut best: Option<(f64, usize, Join, Option<u32>)> = None;
    for (t, joins) in targets.iter().enumerate() {
        for join in joins {
            let s = network.segments[join.segment as usize];
            let mut options = vec![
                (dist[s.a as usize] + join.along, Some(s.a)),
                (dist[s.b as usize] + s.length - join.along, Some(s.b)),
            ];
            if join.segment == from.segment {
                options.push(((join.along - from.along).abs(), None));
            }
            for (d, via) in options {
                let total = d + join.offset;
                if total.is_finite() && best.as_ref().is_none_or(|b| total + from.offset < b.0) {
                    best = Some((total + from.offset, t, *join, via));
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::coverage::{CoverageOptions, Metric};
    use crate::model::{Reference, Scenario};

    fn xiongan() -> (crate::model::Plan, Reference) {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample_maps/xiongan_15min.geojson"
        ))
        .expect("sample map");
        let plan = crate::io::read_plan(text.as_bytes(), &Default::default())
            .expect("plan")
            .plan;
        (plan, Reference::default())
    }

    /// Every home's route is as long as the distance the analysis counts for it, for both
    /// metrics and every category: the drawn way and the figures agree.
    #[test]
    fn route_lengths_equal_the_analysis_distances() {
        let (plan, reference) = xiongan();
        for metric in [Metric::Euclidean, Metric::Network] {
            let coverage = Coverage::compute(
                &plan,
                Scenario::Proposed,
                &reference.standard,
                CoverageOptions {
                    metric,
                    ..Default::default()
                },
            );
            let mut checked = 0;
            for (h, home) in coverage.homes.iter().enumerate() {
                for c in 0..coverage.categories.len() {
                    let route = nearest_route(&coverage, c, home.point);
                    match (coverage.nearest[c][h], route) {
                        (Some(d), Some(route)) => {
                            assert!(
                                (route.distance - d).abs() < 1e-6,
                                "{metric:?} {} {}: route {} vs analysis {d}",
                                home.parcel,
                                coverage.categories[c].id,
                                route.distance
                            );
                            let drawn: f64 = route
                                .points
                                .windows(2)
                                .map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y))
                                .sum();
                            // The drawn way is never shorter than the counted distance.
                            assert!(
                                drawn + 1e-6 >= route.distance,
                                "drawn {drawn} < counted {}",
                                route.distance
                            );
                            checked += 1;
                        }
                        (None, None) => {}
                        (a, b) => panic!("{metric:?}: analysis {a:?} but route {b:?}"),
                    }
                }
            }
            assert!(checked > 50, "{metric:?}: only {checked} routes");
        }
    }

    /// A hand-made street: a home 10 m off a 200 m street, a kindergarten 5 m off its
    /// far end: walking 10 + 200 + 5 m, drawn through the street's corner.
    #[test]
    fn walking_route_follows_the_street() {
        let network = Network::from_lines(
            [
                &[Coord { x: 0.0, y: 0.0 }, Coord { x: 100.0, y: 0.0 }][..],
                &[Coord { x: 100.0, y: 0.0 }, Coord { x: 100.0, y: 100.0 }][..],
            ]
            .into_iter(),
        );
        let from = network.join(Point::new(0.0, 10.0), 50.0).expect("joined");
        let to = network
            .join(Point::new(105.0, 100.0), 50.0)
            .expect("joined");
        let (target, _, nodes, walked) =
            walking_path(&network, &from, &[vec![to]]).expect("a path");
        assert_eq!(target, 0);
        assert!((walked + from.offset + to.offset - 215.0).abs() < 1e-9);
        assert!(nodes.contains(&Coord { x: 100.0, y: 0.0 }));
    }
}
