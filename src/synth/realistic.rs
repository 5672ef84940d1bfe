//! A city shaped like real OpenStreetMap-derived data, for end-to-end benchmarks: the
//! synthetic `city` is made of 4-corner squares, which flatters every geometric stage.
//!
//! * **Streets**: a grid of uneven column and row widths whose crossings are jittered,
//!   then bent by a smooth warp of the whole plane, so that streets are gentle curves;
//!   each street is split at every crossing into its own feature (as OSM ways are), a
//!   polyline with a vertex every few metres (about two segments per parcel).
//! * **Blocks** sit between the streets, set back from the centre lines. Each block is
//!   cut into a lattice of parcels of uneven widths. Every lattice edge is subdivided and
//!   jittered (a bow and some noise, deterministic per edge, so neighbours share exactly
//!   the same boundary): parcels have 20–60 corners, about 32 on average.
//! * **Parcels**: about 80 % are homes with explicit population (podium + tower, some
//!   with underground parking), the rest shops, offices, schools (hosting a school),
//!   clinics, factories and parks; some perimeter blocks have a courtyard (a hole), some
//!   parcels are two parts split by a footpath (a MultiPolygon). Every parcel carries
//!   zoning controls like the samples' (code, zone, main use, FAR, density, height), set
//!   a little above what it achieves, so the city validates without errors.
//! * **Facilities**: about 0.2 per parcel, of every category of the standard.
//!
//! Geometry never self-intersects: edges are drawn in a per-block metric frame where
//! cells are rectangles and every jitter stays inside a narrow cone around its edge, so
//! rings are simple there; the block's bilinear map and the warp (a small-Lipschitz
//! displacement) are one-to-one and keep it so.

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Point, Polygon};
use serde_json::{Map, Value};

use super::Rng;
use crate::model::{
    Controls, Facility, FacilityId, FeatureMeta, Holder, LocalFrame, Parcel, Plan, Reference,
    Right, Scenario, Status, Stratum, StratumId, Street, StreetId, Term, Use, ZRange,
};

/// What to generate. Build with [`RealisticSpec::new`]; fields may be adjusted after.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct RealisticSpec {
    /// Number of parcels (exact).
    pub parcels: usize,
    /// Seed of every random draw: the same spec gives the same city.
    pub seed: u64,
    /// Facilities (points) per parcel.
    pub facilities_per_parcel: f64,
    /// Centre of the city, WGS84 longitude and latitude (default: Chengdu).
    pub center: (f64, f64),
}

impl RealisticSpec {
    /// `parcels` parcels from `seed`, 0.2 facilities per parcel, around Chengdu.
    pub fn new(parcels: usize, seed: u64) -> Self {
        Self {
            parcels,
            seed,
            facilities_per_parcel: 0.2,
            center: (104.066, 30.657),
        }
    }
}

/// Street half-width: parcels are set back this far from the centre lines (metres).
const HALF_STREET_M: f64 = 9.0;
/// Distance between street vertices (metres): about two segments per parcel.
const STREET_VERTEX_M: f64 = 17.0;
/// Largest jitter of a street crossing (metres).
const NODE_JITTER_M: f64 = 14.0;
/// A parcel edge bows out at most this share of its length (up to `BOW_CAP_M`) at its
/// middle, and per-vertex noise adds at most `NOISE`: together well inside the cone
/// (slope 0.5 at a right-angled corner) that keeps rings simple.
const BOW: f64 = 0.10;
const NOISE: f64 = 0.05;
const BOW_CAP_M: f64 = 40.0;

/// A city shaped like OSM data (see the module doc), proposed scenario.
///
/// ```
/// use strata::synth::{realistic_city, RealisticSpec};
/// let plan = realistic_city(&RealisticSpec::new(200, 7));
/// assert_eq!(plan.parcels.len(), 200);
/// assert!(strata::analysis::validate(&plan).iter().all(|p| !p.is_error()));
/// ```
pub fn realistic_city(spec: &RealisticSpec) -> Plan {
    let layout = Layout::new(spec);
    let mut plan = Plan::new(LocalFrame::new(spec.center.0, spec.center.1));
    plan.settings.name = Some(format!(
        "Realistic city ({} parcels, seed {})",
        spec.parcels, spec.seed
    ));
    let mut used_blocks = Vec::new();
    'rows: for j in 0..layout.rows() {
        for i in 0..layout.cols() {
            if plan.parcels.len() >= spec.parcels {
                break 'rows;
            }
            let block = layout.block(i, j);
            block.add_parcels(&layout, &mut plan.parcels, spec.parcels);
            used_blocks.push(block);
        }
    }
    plan.streets = layout.streets(&used_blocks);
    let n_facilities = (spec.parcels as f64 * spec.facilities_per_parcel).round() as usize;
    plan.facilities = facilities(&layout, &used_blocks, n_facilities, spec.seed);
    plan
}

/// A deterministic random stream for one thing of the city (an edge, a cell, a node),
/// so that the thing is the same whoever asks for it first.
fn rng_for(parts: &[u64]) -> Rng {
    let mut h = 0x243F_6A88_85A3_08D3u64;
    for &p in parts {
        let mut r = Rng(h ^ p.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        h = r.next();
    }
    Rng(h)
}

/// `lo..hi`, uniform.
fn between(rng: &mut Rng, lo: f64, hi: f64) -> f64 {
    lo + rng.unit() * (hi - lo)
}

/// A smooth displacement of the plane: a few long sine waves. The sum of amplitude ×
/// wave number stays below 0.5, so `p + d(p)` is one-to-one (a contraction plus identity).
struct Warp {
    /// Displacement (x, y), wave vector (x, y), phase.
    waves: Vec<([f64; 2], [f64; 2], f64)>,
}

impl Warp {
    fn new(seed: u64) -> Self {
        let mut rng = rng_for(&[seed, 0x5741_5250]);
        let waves = (0..4)
            .map(|_| {
                let wavelength = between(&mut rng, 900.0, 3000.0);
                let k = std::f64::consts::TAU / wavelength;
                // A · k ≤ 0.11 per wave, four waves: Lipschitz constant ≤ 0.44.
                let amplitude = between(&mut rng, 0.5, 1.0) * 0.11 / k;
                let (a, b) = (
                    between(&mut rng, 0.0, std::f64::consts::TAU),
                    between(&mut rng, 0.0, std::f64::consts::TAU),
                );
                (
                    [amplitude * a.cos(), amplitude * a.sin()],
                    [k * b.cos(), k * b.sin()],
                    between(&mut rng, 0.0, std::f64::consts::TAU),
                )
            })
            .collect();
        Self { waves }
    }

    fn apply(&self, p: Coord<f64>) -> Coord<f64> {
        let mut out = p;
        for (d, k, phase) in &self.waves {
            let s = (k[0] * p.x + k[1] * p.y + phase).sin();
            out.x += d[0] * s;
            out.y += d[1] * s;
        }
        out
    }
}

/// The street grid before the warp: column and row positions and jittered crossings.
struct Layout {
    xs: Vec<f64>,
    ys: Vec<f64>,
    jitter: Vec<Coord<f64>>,
    warp: Warp,
    seed: u64,
}

impl Layout {
    fn new(spec: &RealisticSpec) -> Self {
        // About 2 700 m² of city per parcel (streets included); rows are added beyond the
        // square so that the city never runs out of blocks.
        let side_m = (spec.parcels.max(1) as f64 * 2700.0).sqrt();
        let cols = (side_m / 215.0).ceil().max(1.0) as usize;
        let rows = 2 * cols + 4;
        let mut rng = rng_for(&[spec.seed, 0x4C41_594F]);
        let mut positions = |n: usize, lo: f64, hi: f64| {
            let mut at = vec![0.0];
            for _ in 0..n {
                let last = at[at.len() - 1];
                at.push(last + between(&mut rng, lo, hi));
            }
            at
        };
        let mut xs = positions(cols, 170.0, 270.0);
        let mut ys = positions(rows, 130.0, 230.0);
        let (cx, cy) = (xs[cols] / 2.0, side_m / 2.0);
        xs.iter_mut().for_each(|x| *x -= cx);
        ys.iter_mut().for_each(|y| *y -= cy);
        let jitter = (0..(cols + 1) * (rows + 1))
            .map(|_| Coord {
                x: between(&mut rng, -NODE_JITTER_M, NODE_JITTER_M),
                y: between(&mut rng, -NODE_JITTER_M, NODE_JITTER_M),
            })
            .collect();
        Self {
            xs,
            ys,
            jitter,
            warp: Warp::new(spec.seed),
            seed: spec.seed,
        }
    }

    fn cols(&self) -> usize {
        self.xs.len() - 1
    }

    fn rows(&self) -> usize {
        self.ys.len() - 1
    }

    /// A street crossing before the warp.
    fn node(&self, i: usize, j: usize) -> Coord<f64> {
        let jitter = self.jitter[j * (self.cols() + 1) + i];
        Coord {
            x: self.xs[i] + jitter.x,
            y: self.ys[j] + jitter.y,
        }
    }

    fn block(&self, i: usize, j: usize) -> Block {
        Block::new(self, i, j)
    }

    /// The street ways around the used blocks, one feature per side of a block (shared
    /// sides once), in a fixed order.
    fn streets(&self, blocks: &[Block]) -> Vec<Street> {
        let mut ways = std::collections::BTreeSet::new();
        for b in blocks {
            let (i, j) = (b.i, b.j);
            ways.insert((true, i, j));
            ways.insert((true, i, j + 1));
            ways.insert((false, i, j));
            ways.insert((false, i + 1, j));
        }
        ways.into_iter()
            .map(|(horizontal, i, j)| {
                let (from, to) = if horizontal {
                    (self.node(i, j), self.node(i + 1, j))
                } else {
                    (self.node(i, j), self.node(i, j + 1))
                };
                let n = ((to - from).x.hypot((to - from).y) / STREET_VERTEX_M)
                    .ceil()
                    .max(1.0) as usize;
                let line: Vec<Coord<f64>> = (0..=n)
                    .map(|k| self.warp.apply(from + (to - from) * (k as f64 / n as f64)))
                    .collect();
                // Every fourth line is a main road, as OSM would tag it.
                let main = if horizontal { j % 4 == 0 } else { i % 4 == 0 };
                let mut meta = FeatureMeta::default();
                meta.properties.insert(
                    "highway".into(),
                    Value::from(if main { "secondary" } else { "residential" }),
                );
                let prefix = if horizontal { 'h' } else { 'v' };
                Street {
                    id: StreetId::new(format!("w-{prefix}{i}-{j}")),
                    scenario: Scenario::Proposed,
                    line: MultiLineString::new(vec![LineString::new(line)]),
                    walkable: true,
                    name: None,
                    meta,
                }
            })
            .collect()
    }
}

/// One block: its metric frame (`s` along, `r` across, metres) mapped bilinearly onto
/// the quadrilateral of its four crossings, and its lattice of parcels.
struct Block {
    i: usize,
    j: usize,
    /// Crossings (before the warp): south-west, south-east, north-east, north-west.
    corners: [Coord<f64>; 4],
    width: f64,
    height: f64,
    /// Lattice lines of the parcels, metres of the block frame.
    ss: Vec<f64>,
    rs: Vec<f64>,
    /// Numbers every random stream of the block.
    key: u64,
    /// One big parcel (a park or a school) rather than a lattice.
    single: bool,
}

impl Block {
    fn new(layout: &Layout, i: usize, j: usize) -> Self {
        let corners = [
            layout.node(i, j),
            layout.node(i + 1, j),
            layout.node(i + 1, j + 1),
            layout.node(i, j + 1),
        ];
        let len = |a: Coord<f64>, b: Coord<f64>| (b - a).x.hypot((b - a).y);
        let width = (len(corners[0], corners[1]) + len(corners[3], corners[2])) / 2.0;
        let height = (len(corners[0], corners[3]) + len(corners[1], corners[2])) / 2.0;
        let key = ((j as u64) << 32) | i as u64;
        let mut rng = rng_for(&[layout.seed, key, 0x424C_4F43]);
        let single = rng.below(14) == 0;
        let (ss, rs) = if single {
            (
                vec![HALF_STREET_M, width - HALF_STREET_M],
                vec![HALF_STREET_M, height - HALF_STREET_M],
            )
        } else {
            let (across, up) = (between(&mut rng, 42.0, 62.0), between(&mut rng, 36.0, 56.0));
            (
                splits(&mut rng, width, across),
                splits(&mut rng, height, up),
            )
        };
        Self {
            i,
            j,
            corners,
            width,
            height,
            ss,
            rs,
            key,
            single,
        }
    }

    /// A point of the block frame in plan metres: bilinear onto the crossings, warped.
    fn world(&self, layout: &Layout, p: Coord<f64>) -> Coord<f64> {
        let (u, v) = (p.x / self.width, p.y / self.height);
        let [a, b, c, d] = self.corners;
        let q =
            a * ((1.0 - u) * (1.0 - v)) + b * (u * (1.0 - v)) + c * (u * v) + d * ((1.0 - u) * v);
        layout.warp.apply(q)
    }

    /// The jittered edge of the lattice from node (a, b) east (`horizontal`) or north,
    /// both ends included, in the block frame. Its own random stream: the two parcels
    /// that share it draw it identically.
    fn edge(&self, layout: &Layout, horizontal: bool, a: usize, b: usize) -> Vec<Coord<f64>> {
        let mut rng = rng_for(&[layout.seed, self.key, horizontal as u64, a as u64, b as u64]);
        let pieces = 5 + rng.below(4) + rng.below(4);
        let from = Coord {
            x: self.ss[a],
            y: self.rs[b],
        };
        let to = if horizontal {
            Coord {
                x: self.ss[a + 1],
                y: self.rs[b],
            }
        } else {
            Coord {
                x: self.ss[a],
                y: self.rs[b + 1],
            }
        };
        let length = if horizontal {
            to.x - from.x
        } else {
            to.y - from.y
        };
        let bow = between(&mut rng, -BOW, BOW);
        let mut out = vec![from];
        for m in 1..pieces {
            let t = (m as f64 + between(&mut rng, -0.3, 0.3)) / pieces as f64;
            let offset =
                t.min(1.0 - t) * length.min(BOW_CAP_M) * (bow + between(&mut rng, -NOISE, NOISE));
            let along = from + (to - from) * t;
            out.push(if horizontal {
                Coord {
                    x: along.x,
                    y: along.y + offset,
                }
            } else {
                Coord {
                    x: along.x + offset,
                    y: along.y,
                }
            });
        }
        out.push(to);
        out
    }

    /// Adds the block's parcels (numbered on from the plan's) until there are `limit`.
    fn add_parcels(&self, layout: &Layout, parcels: &mut Vec<Parcel>, limit: usize) {
        for b in 0..self.rs.len() - 1 {
            for a in 0..self.ss.len() - 1 {
                if parcels.len() >= limit {
                    return;
                }
                let n = parcels.len() + 1;
                parcels.push(self.parcel(layout, a, b, n));
            }
        }
    }

    /// Parcel `n` on cell (a, b) of the lattice.
    fn parcel(&self, layout: &Layout, a: usize, b: usize, n: usize) -> Parcel {
        let mut rng = rng_for(&[layout.seed, self.key, 0x4345_4C4C, a as u64, b as u64]);
        let cell = Cell::new(self, layout, a, b);
        let kind = if self.single {
            [Kind::Park, Kind::School][rng.below(2)]
        } else {
            Kind::draw(&mut rng)
        };
        let big_enough = cell.width() > 38.0 && cell.height() > 34.0;
        let form = match rng.below(100) {
            0..=6 if kind == Kind::Home && big_enough => Form::Courtyard,
            7..=10 if cell.width() > 44.0 => Form::Split,
            _ => Form::Plain,
        };
        let shape = match form {
            Form::Plain => MultiPolygon::new(vec![Polygon::new(cell.ring(None), vec![])]),
            Form::Courtyard => MultiPolygon::new(vec![Polygon::new(
                cell.ring(None),
                vec![cell.courtyard(&mut rng)],
            )]),
            Form::Split => MultiPolygon::new(vec![
                Polygon::new(cell.ring(Some((0.0, 0.44))), vec![]),
                Polygon::new(cell.ring(Some((0.56, 1.0))), vec![]),
            ]),
        };
        let mut parcel = Parcel::new(&format!("p-{n}"), Scenario::Proposed, shape);
        parcel.meta.multi = form == Form::Split;
        parcel.status = Some(match rng.below(20) {
            0..=11 => Status::Existing,
            12..=16 => Status::Planned,
            _ => Status::ALL[rng.below(Status::ALL.len())],
        });
        let building = cell.building(&mut rng, kind, form);
        parcel.strata = kind.strata(&mut rng, &building, form);
        parcel.population = (kind == Kind::Home).then(|| population(&parcel));
        parcel.controls = Some(controls(&parcel, kind, self.key, n));
        parcel
    }
}

/// `count` ≈ `span / target` lattice lines across `span` metres, set back from the
/// streets at both ends, jittered by up to 15 % of a cell.
fn splits(rng: &mut Rng, span: f64, target: f64) -> Vec<f64> {
    let inner = span - 2.0 * HALF_STREET_M;
    let count = (inner / target).round().clamp(1.0, 6.0) as usize;
    let cell = inner / count as f64;
    (0..=count)
        .map(|k| {
            let jitter = if k == 0 || k == count {
                0.0
            } else {
                between(rng, -0.15, 0.15) * cell
            };
            HALF_STREET_M + k as f64 * cell + jitter
        })
        .collect()
}

/// What a parcel is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Home,
    Shops,
    Office,
    School,
    Clinic,
    Factory,
    Park,
}

impl Kind {
    /// About 81 % homes; `single` blocks add parks and schools, so that a city has
    /// about 0.8 homes per parcel.
    fn draw(rng: &mut Rng) -> Self {
        match rng.below(100) {
            0..=80 => Kind::Home,
            81..=85 => Kind::Shops,
            86..=89 => Kind::Office,
            90..=92 => Kind::School,
            93..=94 => Kind::Clinic,
            95..=97 => Kind::Factory,
            _ => Kind::Park,
        }
    }

    /// Main land-use code and zone (as the samples' controls name them).
    fn main_use(self) -> (&'static str, &'static str) {
        match self {
            Kind::Home => ("0701", "R2"),
            Kind::Shops => ("0901", "B1"),
            Kind::Office => ("0902", "B2"),
            Kind::School => ("0804", "A33"),
            Kind::Clinic => ("0806", "A5"),
            Kind::Factory => ("1001", "M1"),
            Kind::Park => ("1401", "G1"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Plain,
    /// A perimeter block around a courtyard (a hole).
    Courtyard,
    /// Two parts split by a footpath (a MultiPolygon).
    Split,
}

/// One cell of a block's lattice.
struct Cell<'a> {
    block: &'a Block,
    layout: &'a Layout,
    a: usize,
    b: usize,
}

impl<'a> Cell<'a> {
    fn new(block: &'a Block, layout: &'a Layout, a: usize, b: usize) -> Self {
        Self {
            block,
            layout,
            a,
            b,
        }
    }

    fn width(&self) -> f64 {
        self.block.ss[self.a + 1] - self.block.ss[self.a]
    }

    fn height(&self) -> f64 {
        self.block.rs[self.b + 1] - self.block.rs[self.b]
    }

    /// A point at fractions (fx, fy) of the cell's rectangle, in plan metres.
    fn at(&self, fx: f64, fy: f64) -> Coord<f64> {
        let p = Coord {
            x: self.block.ss[self.a] + fx * self.width(),
            y: self.block.rs[self.b] + fy * self.height(),
        };
        self.block.world(self.layout, p)
    }

    /// The cell's boundary (counter-clockwise), or of the part between fractions
    /// `lo..hi` across it when it is split by a footpath; in plan metres.
    fn ring(&self, part: Option<(f64, f64)>) -> LineString<f64> {
        let (block, layout, a, b) = (self.block, self.layout, self.a, self.b);
        let bottom = block.edge(layout, true, a, b);
        let right = block.edge(layout, false, a + 1, b);
        let top = block.edge(layout, true, a, b + 1);
        let left = block.edge(layout, false, a, b);
        let mut ring: Vec<Coord<f64>> = Vec::new();
        match part {
            None => {
                ring.extend(&bottom[..bottom.len() - 1]);
                ring.extend(&right[..right.len() - 1]);
                ring.extend(top.iter().rev().take(top.len() - 1));
                ring.extend(left.iter().rev().take(left.len() - 1));
            }
            Some((lo, hi)) => {
                let x0 = block.ss[a];
                let (s_lo, s_hi) = (x0 + lo * self.width(), x0 + hi * self.width());
                let bottom = cut(&bottom, s_lo, s_hi);
                let top = cut(&top, s_lo, s_hi);
                // Where the part ends at the footpath, the cut's end points are corners
                // of the ring (the path side joins them); elsewhere the next edge
                // starts with the same point.
                let skip = |at_edge: bool| usize::from(at_edge);
                ring.extend(&bottom[..bottom.len() - skip(hi >= 1.0)]);
                if hi >= 1.0 {
                    ring.extend(&right[..right.len() - 1]);
                }
                ring.extend(top.iter().rev().take(top.len() - skip(lo <= 0.0)));
                if lo <= 0.0 {
                    ring.extend(left.iter().rev().take(left.len() - 1));
                }
            }
        }
        let mut ring: Vec<Coord<f64>> = ring.into_iter().map(|p| block.world(layout, p)).collect();
        ring.push(ring[0]);
        LineString::new(ring)
    }

    /// A courtyard: a jittered ring around the middle of the cell, clockwise (a hole).
    fn courtyard(&self, rng: &mut Rng) -> LineString<f64> {
        let (lo, hi) = (between(rng, 0.30, 0.36), between(rng, 0.64, 0.70));
        let corners = [(lo, lo), (hi, lo), (hi, hi), (lo, hi)];
        let mut ring = Vec::new();
        for k in 0..4 {
            let (from, to) = (corners[k], corners[(k + 1) % 4]);
            for m in 0..3 {
                let t = m as f64 / 3.0;
                let wobble = if m == 0 {
                    0.0
                } else {
                    between(rng, -0.02, 0.02)
                };
                ring.push(self.at(
                    from.0 + (to.0 - from.0) * t + wobble,
                    from.1 + (to.1 - from.1) * t + wobble,
                ));
            }
        }
        ring.reverse();
        ring.push(ring[0]);
        LineString::new(ring)
    }

    /// The footprint of the parcel's main building: a rectangle of a share of the cell
    /// typical of its use (in the first part when split), two corners per side so it
    /// follows the warp; `None` for parks and courtyard blocks (their building or
    /// green covers the whole parcel).
    fn building(&self, rng: &mut Rng, kind: Kind, form: Form) -> Option<Polygon<f64>> {
        if kind == Kind::Park || form == Form::Courtyard {
            return None;
        }
        let coverage = match kind {
            Kind::Home => between(rng, 0.22, 0.34),
            Kind::Shops | Kind::Factory => between(rng, 0.38, 0.45),
            _ => between(rng, 0.25, 0.38),
        };
        let side = coverage.sqrt();
        let (x_lo, x_hi) = match form {
            Form::Split => (0.08, 0.36),
            _ => {
                let x = between(rng, 0.5 - (0.84 - side) / 2.0, 0.5 + (0.84 - side) / 2.0);
                (x - side / 2.0, x + side / 2.0)
            }
        };
        let y = between(rng, 0.5 - (0.84 - side) / 2.0, 0.5 + (0.84 - side) / 2.0);
        let (y_lo, y_hi) = (y - side / 2.0, y + side / 2.0);
        let (xm, ym) = ((x_lo + x_hi) / 2.0, (y_lo + y_hi) / 2.0);
        let corners = [
            (x_lo, y_lo),
            (xm, y_lo),
            (x_hi, y_lo),
            (x_hi, ym),
            (x_hi, y_hi),
            (xm, y_hi),
            (x_lo, y_hi),
            (x_lo, ym),
            (x_lo, y_lo),
        ];
        let ring = corners.iter().map(|&(x, y)| self.at(x, y)).collect();
        Some(Polygon::new(LineString::new(ring), vec![]))
    }
}

/// The part of an edge polyline running east (monotone in x) between `lo` and `hi`, with
/// its ends interpolated on the polyline: the cut ends lie exactly on the boundary the
/// neighbour shares.
fn cut(line: &[Coord<f64>], lo: f64, hi: f64) -> Vec<Coord<f64>> {
    let at = |x: f64| -> Coord<f64> {
        let k = line
            .windows(2)
            .position(|w| w[1].x >= x)
            .unwrap_or(line.len() - 2);
        let (p, q) = (line[k], line[k + 1]);
        let t = if q.x > p.x {
            (x - p.x) / (q.x - p.x)
        } else {
            0.0
        };
        p + (q - p) * t.clamp(0.0, 1.0)
    };
    let mut out = vec![at(lo)];
    out.extend(line.iter().filter(|p| p.x > lo + 1e-9 && p.x < hi - 1e-9));
    out.push(at(hi));
    out
}

impl Kind {
    /// The strata of a parcel of this kind around its main `building` footprint.
    fn strata(self, rng: &mut Rng, building: &Option<Polygon<f64>>, form: Form) -> Vec<Stratum> {
        let holder = HOLDERS[rng.below(HOLDERS.len())];
        let (code, _) = self.main_use();
        let mut strata = Vec::new();
        match self {
            Kind::Home if form == Form::Courtyard => {
                let floors = 4 + rng.below(3) as u32;
                let mut block = stratum("s1", (0.0, 3.0 * floors as f64), floors, holder);
                block.uses = uses(&[("070102", 1.0)]);
                block.note = Some("perimeter block around a courtyard".into());
                strata.push(block);
            }
            Kind::Home => {
                if rng.below(3) == 0 {
                    let mut garage = stratum("s0", (-6.0, 0.0), 1, holder);
                    garage.uses = uses(&[("0701", 1.0)]);
                    garage.floors = None;
                    garage.note = Some("residents' garage".into());
                    strata.push(garage);
                }
                let mut podium = stratum("s1", (0.0, 4.5), 1, holder);
                podium.uses = uses(&[("0701", 0.6), ("0702", 0.25), ("090101", 0.15)]);
                podium.footprint = building.clone();
                podium.note = Some("ground floor: community rooms and shops".into());
                let floors = 5 + rng.below(28) as u32;
                let mut tower = stratum("s2", (4.5, 4.5 + 3.0 * floors as f64), floors, holder);
                tower.uses = uses(&[("070102", 1.0)]);
                tower.footprint = building.clone();
                strata.extend([podium, tower]);
            }
            Kind::Park => {
                let mut park = stratum("s1", (0.0, 10.0), 0, "City Parks Bureau");
                park.floors = None;
                park.uses = uses(&[("1401", 1.0)]);
                strata.push(park);
            }
            _ => {
                let floors = match self {
                    Kind::Office => 8 + rng.below(20) as u32,
                    Kind::Factory => 1 + rng.below(2) as u32,
                    _ => 2 + rng.below(4) as u32,
                };
                let mut main = stratum("s1", (0.0, 4.0 * floors as f64), floors, holder);
                main.uses = match self {
                    Kind::Shops => uses(&[("090101", 0.7), ("0902", 0.3)]),
                    _ => uses(&[(code, 1.0)]),
                };
                main.footprint = building.clone();
                if self == Kind::School {
                    let hosted = ["primary_school", "middle_school", "kindergarten"];
                    main.facilities = vec![hosted[rng.below(3)].to_owned()];
                }
                strata.push(main);
            }
        }
        strata
    }
}

const HOLDERS: [&str; 6] = [
    "成都城投置业有限公司 (Chengdu Urban Investment Property Co.)",
    "锦江区住房合作社 (Jinjiang Housing Cooperative)",
    "天府新区开发集团 (Tianfu Development Group)",
    "青羊区国有资产经营公司 (Qingyang State Assets Co.)",
    "成都轨道城市发展公司 (Chengdu Rail City Development Co.)",
    "个人业主 (private owners)",
];

fn uses(list: &[(&str, f64)]) -> Vec<Use> {
    list.iter()
        .map(|&(code, share)| Use {
            code: code.into(),
            share,
            extra: Default::default(),
        })
        .collect()
}

fn stratum(id: &str, z: (f64, f64), floors: u32, holder: &str) -> Stratum {
    Stratum {
        id: StratumId::new(id),
        z: ZRange::new(z.0, z.1),
        floors: Some(floors),
        uses: Vec::new(),
        holders: vec![Holder {
            name: holder.into(),
            share: 1.0,
            extra: Default::default(),
        }],
        right: Some(Right::ConstructionLandUse),
        term: Some(Term {
            start: Some("2019-07-01".into()),
            years: Some(70.0),
            extra: Default::default(),
        }),
        footprint: None,
        facilities: Vec::new(),
        note: None,
        unit_code: None,
        parent_unit_codes: Vec::new(),
        operation: None,
        extra: Default::default(),
    }
}

/// Footprint area × floors over the strata above ground (as zoning counts floor area).
fn floor_area(parcel: &Parcel, residential_only: bool) -> f64 {
    parcel
        .strata
        .iter()
        .filter(|s| s.z.bottom >= 0.0)
        .map(|s| {
            let share = if residential_only {
                s.share_of_class("07")
            } else {
                1.0
            };
            parcel.stratum_area(s).m2() * f64::from(s.floors.unwrap_or(0)) * share
        })
        .sum()
}

/// Residents: residential floor area ÷ 36 m², written out as OSM-derived plans would
/// carry a census figure.
fn population(parcel: &Parcel) -> f64 {
    (floor_area(parcel, true) / 36.0).round().max(1.0)
}

/// Controls a little above what the parcel achieves, so that it validates cleanly.
fn controls(parcel: &Parcel, kind: Kind, block_key: u64, n: usize) -> Controls {
    let area = parcel.area().m2();
    let far = floor_area(parcel, false) / area;
    let density = parcel
        .strata
        .iter()
        .filter(|s| s.z.top > 0.0 && kind != Kind::Park)
        .map(|s| parcel.stratum_area(s).m2())
        .fold(0.0, f64::max)
        / area;
    let height = parcel.strata.iter().map(|s| s.z.top).fold(0.0, f64::max);
    let round_up = |x: f64, step: f64| (x / step).ceil() * step;
    let (main_use, zone) = kind.main_use();
    let (block_x, block_y) = (block_key & 0xFFFF_FFFF, block_key >> 32);
    Controls {
        code: Some(format!("CD-{block_y:03}{block_x:03}-{:02}", n % 100)),
        zone: Some(zone.into()),
        main_use: Some(main_use.into()),
        far_min: None,
        far_max: (kind != Kind::Park).then(|| round_up(far * 1.15 + 0.05, 0.1)),
        density_max: (kind != Kind::Park).then(|| round_up(density * 1.1 + 0.02, 0.01).min(1.0)),
        green_min: (kind == Kind::Park).then_some(0.8),
        height_max: Some(round_up(height + 5.0, 5.0)),
        parking_min_per_100m2: None,
        facilities: parcel
            .strata
            .iter()
            .flat_map(|s| s.facilities.iter().cloned())
            .collect(),
        invalid: Map::new(),
        extra: Default::default(),
    }
}

/// `n` facilities at random points of the used blocks, of every category of the
/// built-in standard in turn (so each category has about the same number).
fn facilities(layout: &Layout, blocks: &[Block], n: usize, seed: u64) -> Vec<Facility> {
    let categories: Vec<String> = Reference::default()
        .standard
        .categories
        .iter()
        .map(|c| c.id.clone())
        .collect();
    let mut rng = rng_for(&[seed, 0x4641_4349]);
    (0..n)
        .filter(|_| !blocks.is_empty())
        .map(|k| {
            let block = &blocks[rng.below(blocks.len())];
            let p = Coord {
                x: between(&mut rng, HALF_STREET_M, block.width - HALF_STREET_M),
                y: between(&mut rng, HALF_STREET_M, block.height - HALF_STREET_M),
            };
            let at = block.world(layout, p);
            Facility {
                id: FacilityId::new(format!("f-{}", k + 1)),
                scenario: Scenario::Proposed,
                position: Point::new(at.x, at.y),
                category: categories[(k + rng.below(3)) % categories.len()].clone(),
                name: None,
                meta: FeatureMeta::default(),
            }
        })
        .collect()
}
