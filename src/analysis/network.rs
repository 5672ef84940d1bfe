//! The walking network (DESIGN.md "Walking network"): walkable street lines split into
//! segments at every vertex; lines connect only where they share a vertex (equal within
//! 1 cm), so streets crossing without a shared vertex (bridges, tunnels) do not connect.
//! Points join the network at their projection onto the nearest segment; distances are
//! offset + path along the network + offset. Shortest paths are multi-source Dijkstra
//! over a compact (CSR) graph: one search per category, not one per home.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use geo::{Contains, Coord, MultiPolygon, Point};
use rstar::primitives::{GeomWithData, Line};
use rstar::{AABB, RTree};

use crate::model::{Plan, Scenario};

/// Vertices closer than this are one node.
const NODE_SNAP_M: f64 = 0.01;

type SegmentEntry = GeomWithData<Line<[f64; 2]>, u32>;

/// A walkable segment between two nodes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    pub a: u32,
    pub b: u32,
    pub length: f64,
}

/// Where a point joins the network.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Join {
    pub segment: u32,
    /// Distance along the segment from its node `a` to the joining point.
    pub along: f64,
    /// Straight-line distance from the point to the joining point.
    pub offset: f64,
}

/// The walking network of one scenario.
pub struct Network {
    pub nodes: Vec<Coord<f64>>,
    pub segments: Vec<Segment>,
    /// CSR adjacency: neighbours of node `n` are `adjacency[offsets[n]..offsets[n + 1]]`.
    offsets: Vec<u32>,
    adjacency: Vec<(u32, f64)>,
    index: RTree<SegmentEntry>,
}

/// Distances from the sources to every node (`f64::INFINITY` where unreachable).
pub type NodeDistances = Vec<f64>;

impl Network {
    /// Builds the network from the walkable streets of a scenario.
    pub fn build(plan: &Plan, scenario: Scenario) -> Self {
        let lines = plan
            .streets_in(scenario)
            .filter(|s| s.walkable)
            .flat_map(|s| s.line.0.iter());
        Self::from_lines(lines.map(|l| l.0.as_slice()))
    }

    /// Builds a network from polylines (in metres).
    pub fn from_lines<'a>(lines: impl Iterator<Item = &'a [Coord<f64>]>) -> Self {
        let mut node_of: HashMap<(i64, i64), u32> = HashMap::new();
        let mut nodes = Vec::new();
        let mut segments = Vec::new();
        let mut node = |c: Coord<f64>, nodes: &mut Vec<Coord<f64>>| -> u32 {
            let key = (
                (c.x / NODE_SNAP_M).round() as i64,
                (c.y / NODE_SNAP_M).round() as i64,
            );
            *node_of.entry(key).or_insert_with(|| {
                nodes.push(c);
                (nodes.len() - 1) as u32
            })
        };
        for line in lines {
            for pair in line.windows(2) {
                if !(pair[0].x.is_finite()
                    && pair[0].y.is_finite()
                    && pair[1].x.is_finite()
                    && pair[1].y.is_finite())
                {
                    continue;
                }
                let a = node(pair[0], &mut nodes);
                let b = node(pair[1], &mut nodes);
                if a == b {
                    continue;
                }
                let (pa, pb) = (nodes[a as usize], nodes[b as usize]);
                segments.push(Segment {
                    a,
                    b,
                    length: (pb.x - pa.x).hypot(pb.y - pa.y),
                });
            }
        }
        let mut degree = vec![0u32; nodes.len() + 1];
        for s in &segments {
            degree[s.a as usize] += 1;
            degree[s.b as usize] += 1;
        }
        let mut offsets = vec![0u32; nodes.len() + 1];
        for n in 0..nodes.len() {
            offsets[n + 1] = offsets[n] + degree[n];
        }
        let mut fill = offsets.clone();
        let mut adjacency = vec![(0u32, 0.0); segments.len() * 2];
        for s in &segments {
            adjacency[fill[s.a as usize] as usize] = (s.b, s.length);
            fill[s.a as usize] += 1;
            adjacency[fill[s.b as usize] as usize] = (s.a, s.length);
            fill[s.b as usize] += 1;
        }
        let entries = segments
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (a, b) = (nodes[s.a as usize], nodes[s.b as usize]);
                SegmentEntry::new(Line::new([a.x, a.y], [b.x, b.y]), i as u32)
            })
            .collect();
        Self {
            nodes,
            segments,
            offsets,
            adjacency,
            index: RTree::bulk_load(entries),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    fn ends(&self, segment: u32) -> (Coord<f64>, Coord<f64>) {
        let s = self.segments[segment as usize];
        (self.nodes[s.a as usize], self.nodes[s.b as usize])
    }

    /// Joins a point to the nearest segment (its projection), if within `max_offset`.
    pub fn join(&self, p: Point<f64>, max_offset: f64) -> Option<Join> {
        let entry = self.index.nearest_neighbor(&[p.x(), p.y()])?;
        let (a, b) = self.ends(entry.data);
        let (along, offset) = project(p.0, a, b);
        (offset <= max_offset).then_some(Join {
            segment: entry.data,
            along,
            offset,
        })
    }

    /// Where an area (a parcel reached at its boundary) joins the network: on every
    /// segment within `access_m` of the polygon, at the segment's point closest to it;
    /// if there is none, on the single nearest segment within `max_offset`.
    pub fn join_area(&self, area: &MultiPolygon<f64>, access_m: f64, max_offset: f64) -> Vec<Join> {
        use geo::BoundingRect;
        let Some(rect) = area.bounding_rect() else {
            return Vec::new();
        };
        let search = |reach: f64| {
            let envelope = AABB::from_corners(
                [rect.min().x - reach, rect.min().y - reach],
                [rect.max().x + reach, rect.max().y + reach],
            );
            self.index
                .locate_in_envelope_intersecting(&envelope)
                .flat_map(|e| self.segment_to_area(e.data, area))
                .collect::<Vec<_>>()
        };
        let near: Vec<Join> = search(access_m)
            .into_iter()
            .filter(|j| j.offset <= access_m)
            .collect();
        if !near.is_empty() {
            return near;
        }
        search(max_offset)
            .into_iter()
            .filter(|j| j.offset <= max_offset)
            .min_by(|x, y| x.offset.total_cmp(&y.offset))
            .into_iter()
            .collect()
    }

    /// The points of a segment closest to an area (both ends of the part inside it, if any).
    fn segment_to_area(&self, segment: u32, area: &MultiPolygon<f64>) -> Vec<Join> {
        let (a, b) = self.ends(segment);
        let length = self.segments[segment as usize].length;
        let mut joins = Vec::new();
        let inside_a = area.contains(&Point(a)) || on_boundary(area, a);
        let inside_b = area.contains(&Point(b)) || on_boundary(area, b);
        if inside_a {
            joins.push(Join {
                segment,
                along: 0.0,
                offset: 0.0,
            });
        }
        if inside_b {
            joins.push(Join {
                segment,
                along: length,
                offset: 0.0,
            });
        }
        // Crossings of the boundary: the first and last, reached from each end.
        let mut crossings: Vec<f64> = Vec::new();
        let mut best: Option<(f64, f64)> = None; // (offset, along)
        for polygon in &area.0 {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for edge in ring.lines() {
                    if let Some(t) = segment_intersection(a, b, edge.start, edge.end) {
                        crossings.push(t * length);
                    }
                    for (along, offset) in closest_pair(a, b, edge.start, edge.end) {
                        if best.is_none_or(|(o, _)| offset < o) {
                            best = Some((offset, along));
                        }
                    }
                }
            }
        }
        if !crossings.is_empty() {
            let first = crossings.iter().copied().fold(f64::INFINITY, f64::min);
            let last = crossings.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if !inside_a {
                joins.push(Join {
                    segment,
                    along: first,
                    offset: 0.0,
                });
            }
            if !inside_b {
                joins.push(Join {
                    segment,
                    along: last,
                    offset: 0.0,
                });
            }
        } else if joins.is_empty()
            && let Some((offset, along)) = best
        {
            joins.push(Join {
                segment,
                along,
                offset,
            });
        }
        joins
    }

    /// Sources at the two ends of a joined segment, for a multi-source search.
    pub fn sources(&self, join: &Join) -> [(u32, f64); 2] {
        let s = self.segments[join.segment as usize];
        [
            (s.a, join.offset + join.along),
            (s.b, join.offset + s.length - join.along),
        ]
    }

    /// Multi-source Dijkstra: shortest distance from any source to every node.
    pub fn distances(&self, sources: &[(u32, f64)]) -> NodeDistances {
        let mut dist = vec![f64::INFINITY; self.nodes.len()];
        let mut heap = BinaryHeap::new();
        for &(node, d) in sources {
            if d < dist[node as usize] {
                dist[node as usize] = d;
                heap.push(State { dist: d, node });
            }
        }
        while let Some(State { dist: d, node }) = heap.pop() {
            if d > dist[node as usize] {
                continue;
            }
            let range =
                self.offsets[node as usize] as usize..self.offsets[node as usize + 1] as usize;
            for &(next, w) in &self.adjacency[range] {
                let nd = d + w;
                if nd < dist[next as usize] {
                    dist[next as usize] = nd;
                    heap.push(State {
                        dist: nd,
                        node: next,
                    });
                }
            }
        }
        dist
    }

    /// Network distance from a joined point to the nearest source, through the ends of its
    /// segment; `direct` are sources on the same segment (reached along it).
    pub fn distance_from(&self, join: &Join, dist: &NodeDistances, direct: &[Join]) -> f64 {
        let s = self.segments[join.segment as usize];
        let via_a = dist[s.a as usize] + join.along;
        let via_b = dist[s.b as usize] + (s.length - join.along);
        let mut best = via_a.min(via_b);
        for other in direct.iter().filter(|o| o.segment == join.segment) {
            best = best.min((join.along - other.along).abs() + other.offset);
        }
        join.offset + best
    }

    /// The node path of a shortest route to a node, for drawing (walking back from `to`).
    pub fn path_to(&self, dist: &NodeDistances, to: u32) -> Vec<u32> {
        let mut path = vec![to];
        let mut at = to;
        while dist[at as usize] > 0.0 {
            let range = self.offsets[at as usize] as usize..self.offsets[at as usize + 1] as usize;
            let previous = self.adjacency[range]
                .iter()
                .filter(|&&(n, w)| (dist[n as usize] + w - dist[at as usize]).abs() < 1e-6)
                .map(|&(n, _)| n)
                .next();
            match previous {
                Some(n) if !path.contains(&n) => {
                    path.push(n);
                    at = n;
                }
                _ => break,
            }
        }
        path.reverse();
        path
    }
}

#[derive(Clone, Copy, PartialEq)]
struct State {
    dist: f64,
    node: u32,
}

impl Eq for State {}

impl Ord for State {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .dist
            .total_cmp(&self.dist)
            .then_with(|| self.node.cmp(&other.node))
    }
}

impl PartialOrd for State {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Projection of `p` onto segment `a`–`b`: (distance along from `a`, distance to `p`).
fn project(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> (f64, f64) {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let q = Coord {
        x: a.x + t * dx,
        y: a.y + t * dy,
    };
    (t * length2.sqrt(), (p.x - q.x).hypot(p.y - q.y))
}

fn on_boundary(area: &MultiPolygon<f64>, p: Coord<f64>) -> bool {
    use geo::Intersects;
    area.intersects(&Point(p))
}

/// Parameter `t` on `a`–`b` where it crosses `c`–`d`, if it does.
fn segment_intersection(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, d: Coord<f64>) -> Option<f64> {
    let r = (b.x - a.x, b.y - a.y);
    let s = (d.x - c.x, d.y - c.y);
    let denom = r.0 * s.1 - r.1 * s.0;
    if denom == 0.0 {
        return None;
    }
    let q = (c.x - a.x, c.y - a.y);
    let t = (q.0 * s.1 - q.1 * s.0) / denom;
    let u = (q.0 * r.1 - q.1 * r.0) / denom;
    ((0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u)).then_some(t)
}

/// Candidate closest pairs between segment `a`–`b` and edge `c`–`d` (when they do not
/// cross): (distance along `a`–`b`, gap).
fn closest_pair(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, d: Coord<f64>) -> [(f64, f64); 4] {
    let length = (b.x - a.x).hypot(b.y - a.y);
    let (along_c, gap_c) = project(c, a, b);
    let (along_d, gap_d) = project(d, a, b);
    let (_, gap_a) = project(a, c, d);
    let (_, gap_b) = project(b, c, d);
    [
        (along_c, gap_c),
        (along_d, gap_d),
        (0.0, gap_a),
        (length, gap_b),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{coord, polygon};

    fn line(points: &[(f64, f64)]) -> Vec<Coord<f64>> {
        points.iter().map(|&(x, y)| coord! { x: x, y: y }).collect()
    }

    #[test]
    fn crossing_without_a_shared_vertex_does_not_connect() {
        let a = line(&[(0.0, 0.0), (100.0, 0.0)]);
        let b = line(&[(50.0, -50.0), (50.0, 50.0)]);
        let net = Network::from_lines([a.as_slice(), b.as_slice()].into_iter());
        assert_eq!(net.nodes.len(), 4);
        let d = net.distances(&[(0, 0.0)]);
        assert!(d[2].is_infinite() && d[3].is_infinite());
        // With a shared vertex at the crossing they connect.
        let a = line(&[(0.0, 0.0), (50.0, 0.0), (100.0, 0.0)]);
        let b = line(&[(50.0, -50.0), (50.0, 0.0), (50.0, 50.0)]);
        let net = Network::from_lines([a.as_slice(), b.as_slice()].into_iter());
        let d = net.distances(&[(0, 0.0)]);
        assert_eq!(net.nodes.len(), 5);
        assert!(d.iter().all(|x| x.is_finite()));
        assert_eq!(
            d[net.nodes.iter().position(|c| c.y == 50.0).expect("node")],
            100.0
        );
    }

    #[test]
    fn vertices_within_a_centimetre_are_one_node() {
        let a = line(&[(0.0, 0.0), (10.0, 0.0)]);
        let b = line(&[(10.004, 0.0), (20.0, 0.0)]);
        let net = Network::from_lines([a.as_slice(), b.as_slice()].into_iter());
        assert_eq!(net.nodes.len(), 3);
    }

    #[test]
    fn a_point_joins_by_projection_with_its_offset() {
        let a = line(&[(0.0, 0.0), (100.0, 0.0)]);
        let net = Network::from_lines([a.as_slice()].into_iter());
        let j = net.join(Point::new(30.0, 40.0), 500.0).expect("join");
        assert_eq!((j.along, j.offset), (30.0, 40.0));
        assert!(net.join(Point::new(30.0, 600.0), 500.0).is_none());
    }

    #[test]
    fn an_area_joins_where_its_boundary_meets_the_street() {
        let a = line(&[(0.0, 0.0), (100.0, 0.0)]);
        let net = Network::from_lines([a.as_slice()].into_iter());
        // A park set back 10 m from the street joins at the closest point, offset 10.
        let park = MultiPolygon::new(vec![
            polygon![(x: 20.0, y: 10.0), (x: 60.0, y: 10.0), (x: 60.0, y: 50.0), (x: 20.0, y: 50.0)],
        ]);
        let joins = net.join_area(&park, 25.0, 500.0);
        assert!(!joins.is_empty());
        assert!(
            joins
                .iter()
                .all(|j| (j.offset - 10.0).abs() < 1e-9 && (20.0..=60.0).contains(&j.along))
        );
        // A street through the park joins at both crossings with offset 0.
        let through = MultiPolygon::new(vec![
            polygon![(x: 20.0, y: -10.0), (x: 60.0, y: -10.0), (x: 60.0, y: 10.0), (x: 20.0, y: 10.0)],
        ]);
        let mut alongs: Vec<f64> = net
            .join_area(&through, 25.0, 500.0)
            .iter()
            .map(|j| j.along)
            .collect();
        alongs.sort_by(f64::total_cmp);
        assert_eq!(alongs, vec![20.0, 60.0]);
    }
}
