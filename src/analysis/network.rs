//! The walking network (DESIGN.md "Walking network"): walkable street lines split into
//! segments at every vertex; lines connect only where they share a vertex (equal within
//! 1 cm), so streets crossing without a shared vertex (bridges, tunnels) do not connect.
//! Points join the network at their projection onto the nearest segment; distances are
//! offset + path along the network + offset. Shortest paths are multi-source Dijkstra
//! over a compact (CSR) graph: one search per category, not one per home.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use geo::{Coord, MultiPolygon, Point};
use rustc_hash::FxHashMap;

use super::GridIndex;

use crate::model::{Plan, Scenario};

/// Vertices closer than this are one node.
const NODE_SNAP_M: f64 = 0.01;

/// Segments whose offsets from a point differ by less than this are equally near: the
/// point joins the first of them (lowest segment number, i.e. first in the file). Plans
/// drawn on a grid put homes exactly between two streets, and which of the two an exact
/// comparison picked depended on the last bits of the projection (nanometres).
const TIE_M: f64 = 1e-6;

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

/// A chain: a run of segments between two junctions (or dead ends) through nodes that
/// join exactly two segments. Searches run on chains, not segments: a street drawn with a
/// vertex every few metres costs no more than one drawn with a vertex per junction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Chain {
    /// Junction index (into `Network::junctions`) at position 0.
    pub a: u32,
    /// Junction index at position `length`.
    pub b: u32,
    pub length: f64,
}

/// Where a segment lies on its chain.
#[derive(Clone, Copy, Debug, PartialEq)]
struct SegmentOnChain {
    chain: u32,
    /// Chain position of the segment's node `a`.
    start: f64,
    /// The segment runs from chain position `start` backwards (its `a` is nearer `b`).
    reversed: bool,
}

/// The walking network of one scenario.
pub struct Network {
    pub nodes: Vec<Coord<f64>>,
    pub segments: Vec<Segment>,
    /// Nodes where a chain starts or ends (degree other than 2).
    pub junctions: Vec<u32>,
    pub chains: Vec<Chain>,
    on_chain: Vec<SegmentOnChain>,
    /// CSR adjacency of junctions: `adjacency[offsets[j]..offsets[j + 1]]` are
    /// (neighbouring junction, chain length).
    offsets: Vec<u32>,
    adjacency: Vec<(u32, f64)>,
    index: GridIndex,
}

/// Distances from the sources to every junction (`f64::INFINITY` where unreachable).
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
        let mut node_of: FxHashMap<(i64, i64), u32> = FxHashMap::default();
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
        let (junctions, chains, on_chain) = chains_of(nodes.len(), &segments);
        let mut degree = vec![0u32; junctions.len() + 1];
        for c in &chains {
            degree[c.a as usize] += 1;
            degree[c.b as usize] += 1;
        }
        let mut offsets = vec![0u32; junctions.len() + 1];
        for j in 0..junctions.len() {
            offsets[j + 1] = offsets[j] + degree[j];
        }
        let mut fill = offsets.clone();
        let mut adjacency = vec![(0u32, 0.0); chains.len() * 2];
        for c in &chains {
            adjacency[fill[c.a as usize] as usize] = (c.b, c.length);
            fill[c.a as usize] += 1;
            adjacency[fill[c.b as usize] as usize] = (c.a, c.length);
            fill[c.b as usize] += 1;
        }
        let boxes: Vec<geo::Rect<f64>> = segments
            .iter()
            .map(|s| geo::Rect::new(nodes[s.a as usize], nodes[s.b as usize]))
            .collect();
        let index = GridIndex::new(&boxes, 4.0);
        Self {
            nodes,
            segments,
            junctions,
            chains,
            on_chain,
            offsets,
            adjacency,
            index,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    fn ends(&self, segment: u32) -> (Coord<f64>, Coord<f64>) {
        let s = self.segments[segment as usize];
        (self.nodes[s.a as usize], self.nodes[s.b as usize])
    }

    /// Joins a point to the nearest segment (its projection), if within `max_offset`;
    /// of segments equally near (within [`TIE_M`]), the first.
    pub fn join(&self, p: Point<f64>, max_offset: f64) -> Option<Join> {
        let offset = |i: usize| {
            let (a, b) = self.ends(i as u32);
            project(p.0, a, b).1
        };
        let (nearest, d) = self.index.nearest(p.x(), p.y(), offset)?;
        let reach = d + TIE_M;
        let segment = self
            .index
            .candidates(
                [p.x() - reach, p.y() - reach],
                [p.x() + reach, p.y() + reach],
            )
            .filter(|&i| i < nearest && offset(i) <= reach)
            .min()
            .unwrap_or(nearest);
        let (a, b) = self.ends(segment as u32);
        let (along, offset) = project(p.0, a, b);
        (offset <= max_offset).then_some(Join {
            segment: segment as u32,
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
            let mut segments: Vec<usize> = self
                .index
                .candidates(
                    [rect.min().x - reach, rect.min().y - reach],
                    [rect.max().x + reach, rect.max().y + reach],
                )
                .collect();
            segments.sort_unstable();
            segments.dedup();
            segments
                .into_iter()
                .flat_map(|s| self.segment_to_area(s as u32, area, rect, reach))
                .collect::<Vec<_>>()
        };
        let near: Vec<Join> = search(access_m)
            .into_iter()
            .filter(|j| j.offset <= access_m)
            .collect();
        if !near.is_empty() {
            return near;
        }
        let far: Vec<Join> = search(max_offset)
            .into_iter()
            .filter(|j| j.offset <= max_offset)
            .collect();
        // The nearest segment; of equally near ones (within TIE_M), the first.
        let Some(least) = far.iter().map(|j| j.offset).min_by(f64::total_cmp) else {
            return Vec::new();
        };
        let near = |j: &Join| j.offset <= least + TIE_M;
        let first = far.iter().filter(|j| near(j)).map(|j| j.segment).min();
        far.into_iter()
            .filter(|j| Some(j.segment) == first && near(j))
            .collect()
    }

    /// The points of a segment closest to an area (both ends of the part inside it, if any).
    fn segment_to_area(
        &self,
        segment: u32,
        area: &MultiPolygon<f64>,
        rect: geo::Rect<f64>,
        reach: f64,
    ) -> Vec<Join> {
        let (a, b) = self.ends(segment);
        let length = self.segments[segment as usize].length;
        let mut joins = Vec::new();
        // Cheap rejections first: a segment whose box is farther than `reach` from the
        // area's box cannot join it; one whose box misses it cannot touch it.
        let (gap_x, gap_y) = box_gap(a, b, rect);
        if gap_x.hypot(gap_y) > reach {
            return joins;
        }
        let may_touch = gap_x == 0.0 && gap_y == 0.0;
        let inside = |p: Coord<f64>| {
            use geo::coordinate_position::{CoordPos, CoordinatePosition};
            may_touch && area.coordinate_position(&p) != CoordPos::Outside
        };
        let inside_a = inside(a);
        let inside_b = inside(b);
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
        let (crossings, best) = boundary_scan(a, b, length, area, may_touch);
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
            && let Some(best) = best
        {
            joins.push(Join {
                segment,
                along: best.first,
                offset: best.offset,
            });
            // A stretch of the segment equally close to the area (a street parallel
            // to the parcel's side): joined at both ends, so the path takes the nearer.
            if best.last - best.first > TIE_M {
                joins.push(Join {
                    segment,
                    along: best.last,
                    offset: best.offset,
                });
            }
        }
        joins
    }

    /// The chain a joined point lies on and its position along it.
    pub fn chain_position(&self, join: &Join) -> (u32, f64) {
        let on = self.on_chain[join.segment as usize];
        let pos = if on.reversed {
            on.start - join.along
        } else {
            on.start + join.along
        };
        (on.chain, pos)
    }

    /// Sources at the two ends of a joined point's chain, for a multi-source search.
    pub fn sources(&self, join: &Join) -> [(u32, f64); 2] {
        let (chain, pos) = self.chain_position(join);
        let c = self.chains[chain as usize];
        [
            (c.a, join.offset + pos),
            (c.b, join.offset + c.length - pos),
        ]
    }

    /// Multi-source Dijkstra over the junctions: shortest distance from any source.
    pub fn distances(&self, sources: &[(u32, f64)]) -> NodeDistances {
        let mut dist = vec![f64::INFINITY; self.junctions.len()];
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

    /// [`Self::distances`] cut off at `limit`: every junction whose distance is at most
    /// `limit` gets exactly the value the full search gives it (the same relaxations in
    /// the same order); the others keep a value above `limit` or infinity. `dist` is a
    /// buffer of infinities as long as `junctions`, reused between searches: the junctions
    /// written are pushed to `touched` so the caller can reset them.
    pub fn distances_within(
        &self,
        sources: &[(u32, f64)],
        limit: f64,
        dist: &mut [f64],
        touched: &mut Vec<u32>,
    ) {
        let mut heap = BinaryHeap::new();
        for &(node, d) in sources {
            if d < dist[node as usize] {
                if dist[node as usize].is_infinite() {
                    touched.push(node);
                }
                dist[node as usize] = d;
                heap.push(State { dist: d, node });
            }
        }
        while let Some(State { dist: d, node }) = heap.pop() {
            if d > limit {
                break;
            }
            if d > dist[node as usize] {
                continue;
            }
            let range =
                self.offsets[node as usize] as usize..self.offsets[node as usize + 1] as usize;
            for &(next, w) in &self.adjacency[range] {
                let nd = d + w;
                if nd < dist[next as usize] {
                    if dist[next as usize].is_infinite() {
                        touched.push(next);
                    }
                    dist[next as usize] = nd;
                    heap.push(State {
                        dist: nd,
                        node: next,
                    });
                }
            }
        }
    }

    /// Network distance from a joined point to the nearest source: through the ends of
    /// its chain, or along the chain to a source on it (`direct`: joins of sources, any
    /// chain; those on other chains are ignored).
    pub fn distance_from(&self, join: &Join, dist: &NodeDistances, direct: &[Join]) -> f64 {
        let (chain, pos) = self.chain_position(join);
        let c = self.chains[chain as usize];
        let mut best = (dist[c.a as usize] + pos).min(dist[c.b as usize] + (c.length - pos));
        for other in direct {
            let (other_chain, other_pos) = self.chain_position(other);
            if other_chain == chain {
                best = best.min((pos - other_pos).abs() + other.offset);
            }
        }
        join.offset + best
    }

    /// Distance to a junction (by original node id), for tests and drawing.
    pub fn node_distance(&self, dist: &NodeDistances, node: u32) -> Option<f64> {
        self.junctions
            .iter()
            .position(|&j| j == node)
            .map(|j| dist[j])
    }
}

/// The gaps along x and along y between the box of the segment a–b and `rect` (0 where
/// they overlap).
fn box_gap(a: Coord<f64>, b: Coord<f64>, rect: geo::Rect<f64>) -> (f64, f64) {
    let (sx0, sx1, sy0, sy1) = (a.x.min(b.x), a.x.max(b.x), a.y.min(b.y), a.y.max(b.y));
    let gap_x = (rect.min().x - sx1).max(sx0 - rect.max().x).max(0.0);
    let gap_y = (rect.min().y - sy1).max(sy0 - rect.max().y).max(0.0);
    (gap_x, gap_y)
}

/// One pass over the edges of an area's rings for the segment a–b of `length`: where the
/// segment crosses the boundary (metres along it; only looked for when it `may_touch`)
/// and its closest approach to the boundary as `(offset, along)`.
/// The least offset of a segment from an area, and the first and last point along the
/// segment at that offset (within [`TIE_M`]).
#[derive(Clone, Copy, Debug)]
struct Closest {
    offset: f64,
    first: f64,
    last: f64,
}

impl Closest {
    fn add(best: &mut Option<Closest>, along: f64, offset: f64) {
        match best {
            Some(b) if offset > b.offset + TIE_M => {}
            Some(b) if offset >= b.offset - TIE_M => {
                b.offset = b.offset.min(offset);
                b.first = b.first.min(along);
                b.last = b.last.max(along);
            }
            _ => {
                *best = Some(Closest {
                    offset,
                    first: along,
                    last: along,
                })
            }
        }
    }
}

fn boundary_scan(
    a: Coord<f64>,
    b: Coord<f64>,
    length: f64,
    area: &MultiPolygon<f64>,
    may_touch: bool,
) -> (Vec<f64>, Option<Closest>) {
    let mut crossings: Vec<f64> = Vec::new();
    let mut best: Option<Closest> = None;
    for polygon in &area.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            for edge in ring.lines() {
                if may_touch && let Some(t) = segment_intersection(a, b, edge.start, edge.end) {
                    crossings.push(t * length);
                }
                for (along, offset) in closest_pair(a, b, edge.start, edge.end) {
                    Closest::add(&mut best, along, offset);
                }
            }
        }
    }
    (crossings, best)
}

/// Splits the segments into chains between junctions (nodes of degree other than 2;
/// a closed loop without any gets one of its nodes as a junction).
fn chains_of(n_nodes: usize, segments: &[Segment]) -> (Vec<u32>, Vec<Chain>, Vec<SegmentOnChain>) {
    let mut walker = ChainWalker::new(n_nodes, segments);
    // Only the junctions of degree other than 2: those found on a loop while walking
    // start no walk here (every segment of theirs is on a chain by then).
    for j in 0..walker.junctions.len() {
        let node = walker.junctions[j];
        for k in 0..walker.incident[node as usize].len() {
            let segment = walker.incident[node as usize][k];
            if walker.on_chain[segment as usize].chain == u32::MAX {
                walker.walk(node, segment);
            }
        }
    }
    // Closed loops of degree-2 nodes only.
    for (segment, s) in segments.iter().enumerate() {
        if walker.on_chain[segment].chain == u32::MAX {
            let node = s.a;
            walker.add_junction(node);
            walker.walk(node, segment as u32);
        }
    }
    (walker.junctions, walker.chains, walker.on_chain)
}

/// The state of [`chains_of`] while it walks from junction to junction.
struct ChainWalker<'a> {
    segments: &'a [Segment],
    /// Segments at each node.
    incident: Vec<Vec<u32>>,
    /// Junction number of each node (`u32::MAX` for a node inside a chain).
    junction_of: Vec<u32>,
    /// Node of each junction.
    junctions: Vec<u32>,
    on_chain: Vec<SegmentOnChain>,
    chains: Vec<Chain>,
}

impl<'a> ChainWalker<'a> {
    /// Every node of degree other than 2 a junction, no segment on a chain yet.
    fn new(n_nodes: usize, segments: &'a [Segment]) -> Self {
        let mut incident: Vec<Vec<u32>> = vec![Vec::new(); n_nodes];
        for (i, s) in segments.iter().enumerate() {
            incident[s.a as usize].push(i as u32);
            incident[s.b as usize].push(i as u32);
        }
        let mut walker = Self {
            segments,
            incident,
            junction_of: vec![u32::MAX; n_nodes],
            junctions: Vec::new(),
            on_chain: vec![
                SegmentOnChain {
                    chain: u32::MAX,
                    start: 0.0,
                    reversed: false,
                };
                segments.len()
            ],
            chains: Vec::new(),
        };
        for n in 0..n_nodes {
            if walker.incident[n].len() != 2 {
                walker.add_junction(n as u32);
            }
        }
        walker
    }

    fn add_junction(&mut self, node: u32) {
        self.junction_of[node as usize] = self.junctions.len() as u32;
        self.junctions.push(node);
    }

    /// Walks a new chain from the junction `from` along `first` to the next junction,
    /// placing every segment on it.
    fn walk(&mut self, from: u32, first: u32) {
        let chain = self.chains.len() as u32;
        let (mut at, mut segment, mut pos) = (from, first, 0.0);
        loop {
            let s = self.segments[segment as usize];
            let reversed = s.a != at;
            self.on_chain[segment as usize] = SegmentOnChain {
                chain,
                start: if reversed { pos + s.length } else { pos },
                reversed,
            };
            pos += s.length;
            at = if reversed { s.a } else { s.b };
            if self.junction_of[at as usize] != u32::MAX {
                break;
            }
            let inc = &self.incident[at as usize];
            let next = if inc[0] == segment { inc[1] } else { inc[0] };
            if self.on_chain[next as usize].chain != u32::MAX {
                // A loop back to where this walk started without a junction.
                self.add_junction(at);
                break;
            }
            segment = next;
        }
        self.chains.push(Chain {
            a: self.junction_of[from as usize],
            b: self.junction_of[at as usize],
            length: pos,
        });
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
    (
        t * length2.sqrt(),
        super::targets::point_distance(p.x - q.x, p.y - q.y),
    )
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
        assert!(net.node_distance(&d, 2).expect("junction").is_infinite());
        assert!(net.node_distance(&d, 3).expect("junction").is_infinite());
        // With a shared vertex at the crossing they connect.
        let a = line(&[(0.0, 0.0), (50.0, 0.0), (100.0, 0.0)]);
        let b = line(&[(50.0, -50.0), (50.0, 0.0), (50.0, 50.0)]);
        let net = Network::from_lines([a.as_slice(), b.as_slice()].into_iter());
        let d = net.distances(&[(0, 0.0)]);
        assert_eq!(net.nodes.len(), 5);
        assert!(d.iter().all(|x| x.is_finite()));
        let north = net.nodes.iter().position(|c| c.y == 50.0).expect("node") as u32;
        assert_eq!(net.node_distance(&d, north), Some(100.0));
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

    #[test]
    fn a_side_parallel_to_the_street_joins_at_both_ends_whatever_the_rounding() {
        let a = line(&[(0.0, 0.0), (100.0, 0.0)]);
        let net = Network::from_lines([a.as_slice()].into_iter());
        // The park's near side runs along the street 10 m off: every point of 20..60 is
        // equally close. Nanometres of tilt either way must not pick one end.
        for tilt in [0.0, 3e-9, -3e-9] {
            let park = MultiPolygon::new(vec![polygon![
                (x: 20.0, y: 10.0), (x: 60.0, y: 10.0 + tilt), (x: 60.0, y: 50.0), (x: 20.0, y: 50.0)
            ]]);
            let mut alongs: Vec<f64> = net
                .join_area(&park, 5.0, 500.0)
                .iter()
                .map(|j| j.along)
                .collect();
            alongs.sort_by(f64::total_cmp);
            assert_eq!(alongs, vec![20.0, 60.0], "tilt {tilt}");
        }
    }

    #[test]
    fn a_point_between_two_streets_joins_the_first_whatever_the_rounding() {
        let south = line(&[(0.0, 0.0), (100.0, 0.0)]);
        let north = line(&[(0.0, 20.0), (100.0, 20.0)]);
        let net = Network::from_lines([south.as_slice(), north.as_slice()].into_iter());
        for nudge in [0.0, 3e-9, -3e-9] {
            let j = net
                .join(Point::new(50.0, 10.0 + nudge), 500.0)
                .expect("join");
            assert_eq!(j.segment, 0, "nudge {nudge}");
        }
    }

    /// Ground truth: Dijkstra over every node (no chains), same-segment sources direct.
    fn reference_distance(net: &Network, sources: &[Join], query: &Join) -> f64 {
        let n = net.nodes.len();
        let mut adjacency: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for s in &net.segments {
            adjacency[s.a as usize].push((s.b as usize, s.length));
            adjacency[s.b as usize].push((s.a as usize, s.length));
        }
        let mut dist = vec![f64::INFINITY; n];
        for j in sources {
            let s = net.segments[j.segment as usize];
            dist[s.a as usize] = dist[s.a as usize].min(j.offset + j.along);
            dist[s.b as usize] = dist[s.b as usize].min(j.offset + s.length - j.along);
        }
        // Bellman-Ford style relaxation until stable: slow, obviously right.
        loop {
            let mut changed = false;
            for u in 0..n {
                for &(v, w) in &adjacency[u] {
                    if dist[u] + w < dist[v] {
                        dist[v] = dist[u] + w;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let s = net.segments[query.segment as usize];
        let mut best =
            (dist[s.a as usize] + query.along).min(dist[s.b as usize] + s.length - query.along);
        for j in sources.iter().filter(|j| j.segment == query.segment) {
            best = best.min((query.along - j.along).abs() + j.offset);
        }
        query.offset + best
    }

    #[test]
    fn chains_give_the_same_distances_as_every_node() {
        let mut seed = 11u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..20 {
            // A random grid with some streets densified and some links missing, plus a loop.
            let mut lines: Vec<Vec<Coord<f64>>> = Vec::new();
            for k in 0..5 {
                let y = k as f64 * 100.0;
                let step = if next(2) == 0 { 100.0 } else { 25.0 };
                let mut h = Vec::new();
                let mut x = 0.0;
                while x <= 400.0 {
                    h.push(coord! { x: x, y: y });
                    x += step;
                }
                lines.push(h);
                if next(3) > 0 {
                    lines.push(line(&[
                        (y, 0.0),
                        (y, 100.0),
                        (y, 200.0),
                        (y, 300.0),
                        (y, 400.0),
                    ]));
                }
            }
            lines.push(line(&[
                (600.0, 0.0),
                (700.0, 0.0),
                (700.0, 100.0),
                (600.0, 100.0),
                (600.0, 0.0),
            ]));
            let net = Network::from_lines(lines.iter().map(Vec::as_slice));
            let random_join = |r: &mut dyn FnMut(u64) -> u64| {
                let segment = r(net.segments.len() as u64) as u32;
                let along = net.segments[segment as usize].length * r(1000) as f64 / 1000.0;
                Join {
                    segment,
                    along,
                    offset: r(50) as f64,
                }
            };
            let sources: Vec<Join> = (0..1 + next(4)).map(|_| random_join(&mut next)).collect();
            let all: Vec<(u32, f64)> = sources.iter().flat_map(|j| net.sources(j)).collect();
            let dist = net.distances(&all);
            for _ in 0..30 {
                let q = random_join(&mut next);
                let got = net.distance_from(&q, &dist, &sources);
                let want = reference_distance(&net, &sources, &q);
                assert!(
                    (got - want).abs() < 1e-9 || (got.is_infinite() && want.is_infinite()),
                    "{got} vs {want}"
                );
            }
        }
    }
}
