//! The 3D view's geometry, built once per plan change (not per frame): every stratum of
//! the shown scenario as a prism, its footprint (the stratum's own or the parcel's)
//! triangulated with earcut for the top and bottom and one quad per ring edge for the
//! walls. Positions are f32 metres from the plan's centre (a city 20 km across keeps
//! millimetres), z unexaggerated (the shader scales it). Strata are grouped in tiles so
//! a frame draws only the tiles in view; the same triangles answer the CPU pick, so it
//! works in tests where no GL runs.

use geo::{BoundingRect, LineString, MultiPolygon, Polygon, TriangulateEarcut};
use rayon::prelude::*;

use crate::model::{Plan, Scenario, Stratum};

/// Heights beyond these are clamped for display (a 1e9 m stratum still draws, as a
/// very tall one, and the camera stays usable).
pub const Z_MIN: f64 = -2000.0;
pub const Z_MAX: f64 = 3000.0;
/// A stratum thinner than this (after clamping) is drawn this thick.
const MIN_THICKNESS: f64 = 0.05;
/// Floats per vertex: x, y, z, shade.
pub const FLOATS_PER_VERTEX: usize = 4;
/// Tiles per side of the plan's extent.
const TILES_PER_SIDE: usize = 48;

/// Where one stratum's triangles are.
#[derive(Clone, Debug)]
pub struct PrismInfo {
    pub parcel: usize,
    pub stratum: usize,
    pub vertices: std::ops::Range<u32>,
    pub indices: std::ops::Range<u32>,
    /// Box in scene metres (z unexaggerated).
    pub min: [f32; 3],
    pub max: [f32; 3],
}

/// A run of indices drawn together, with its box.
#[derive(Clone, Debug)]
pub struct Tile {
    pub indices: std::ops::Range<u32>,
    pub min: [f32; 3],
    pub max: [f32; 3],
}

/// Triangles in the layout the GL buffers take.
#[derive(Clone, Debug, Default)]
pub struct Triangles {
    /// x, y, z, shade per vertex.
    pub vertices: Vec<f32>,
    pub indices: Vec<u32>,
}

impl Triangles {
    pub fn vertex_count(&self) -> usize {
        self.vertices.len() / FLOATS_PER_VERTEX
    }

    fn push_vertex(&mut self, x: f32, y: f32, z: f32, shade: f32) -> u32 {
        let k = self.vertex_count() as u32;
        self.vertices.extend([x, y, z, shade]);
        k
    }

    fn position(&self, k: u32) -> [f64; 3] {
        let i = k as usize * FLOATS_PER_VERTEX;
        [
            self.vertices[i] as f64,
            self.vertices[i + 1] as f64,
            self.vertices[i + 2] as f64,
        ]
    }

    /// Appends `other`, shifting its indices.
    fn append(&mut self, other: &Triangles) {
        let base = self.vertex_count() as u32;
        self.vertices.extend_from_slice(&other.vertices);
        self.indices.extend(other.indices.iter().map(|i| i + base));
    }

    /// A prism over `shape` (scene metres) from `bottom` to `top`.
    pub fn add_prism(
        &mut self,
        shape: &MultiPolygon<f64>,
        origin: [f64; 2],
        bottom: f64,
        top: f64,
    ) {
        for polygon in &shape.0 {
            self.add_caps(polygon, origin, bottom, top);
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                self.add_walls(ring, origin, bottom, top);
            }
        }
    }

    fn add_caps(&mut self, polygon: &Polygon<f64>, origin: [f64; 2], bottom: f64, top: f64) {
        let raw = polygon.earcut_triangles_raw();
        for (z, shade) in [(top, 0.97), (bottom, 0.45)] {
            let base = self.vertex_count() as u32;
            for v in &raw.vertices {
                self.push_vertex(
                    (v[0] - origin[0]) as f32,
                    (v[1] - origin[1]) as f32,
                    z as f32,
                    shade,
                );
            }
            self.indices
                .extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
        }
    }

    fn add_walls(&mut self, ring: &LineString<f64>, origin: [f64; 2], bottom: f64, top: f64) {
        for seg in ring.0.windows(2) {
            let (a, b) = (seg[0], seg[1]);
            let (dx, dy) = (b.x - a.x, b.y - a.y);
            let len = dx.hypot(dy);
            if len.is_nan() || len <= 1e-6 {
                continue;
            }
            // Light from the south-west, a little from above: walls facing it are
            // lighter, either side (rings may wind either way).
            let facing = ((dy * -0.6 - dx * -0.8) / len).abs();
            let shade = (0.5 + 0.32 * facing) as f32;
            let (ax, ay) = ((a.x - origin[0]) as f32, (a.y - origin[1]) as f32);
            let (bx, by) = ((b.x - origin[0]) as f32, (b.y - origin[1]) as f32);
            let k = self.push_vertex(ax, ay, bottom as f32, shade);
            self.push_vertex(bx, by, bottom as f32, shade);
            self.push_vertex(bx, by, top as f32, shade);
            self.push_vertex(ax, ay, top as f32, shade);
            self.indices.extend([k, k + 1, k + 2, k, k + 2, k + 3]);
        }
    }
}

/// The prisms of a plan's scenario (see the module comment).
#[derive(Clone, Debug, Default)]
pub struct Prisms {
    /// The world point (plan metres) at the scene's origin.
    pub origin: [f64; 2],
    /// Half the larger side of the plan's extent (metres).
    pub radius: f64,
    pub triangles: Triangles,
    pub strata: Vec<PrismInfo>,
    pub tiles: Vec<Tile>,
    /// The grid cell of each tile (while building).
    tile_keys: Vec<usize>,
}

/// The display range of a stratum: clamped, at least a little thick; `None` when a
/// bound is not a number.
pub fn display_range(s: &Stratum) -> Option<(f64, f64)> {
    let (b, t) = (s.z.bottom, s.z.top);
    if b.is_nan() || t.is_nan() {
        return None;
    }
    let b = b.clamp(Z_MIN, Z_MAX);
    let t = t.clamp(Z_MIN, Z_MAX).max(b + MIN_THICKNESS);
    Some((b, t))
}

/// A footprint all of whose coordinates are finite (else it is not drawn).
fn finite(shape: &MultiPolygon<f64>) -> bool {
    shape
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|r| &r.0)
        .all(|c| c.x.is_finite() && c.y.is_finite())
}

/// One stratum's prism, built apart (in parallel), placed later.
struct Piece {
    parcel: usize,
    stratum: usize,
    tile: usize,
    triangles: Triangles,
}

impl Prisms {
    /// The prisms of the parcels of `scenario`.
    pub fn build(plan: &Plan, scenario: Scenario) -> Self {
        let extent = plan.extent(Some(scenario)).filter(|r| {
            [r.min().x, r.min().y, r.max().x, r.max().y]
                .iter()
                .all(|v| v.is_finite())
        });
        let Some(extent) = extent else {
            return Self::default();
        };
        let origin = [extent.center().x, extent.center().y];
        let size = extent.width().max(extent.height()).max(1.0);
        let tile_of = |x: f64, y: f64| {
            let cell = |v: f64, lo: f64| {
                (((v - lo) / size * TILES_PER_SIDE as f64) as usize).min(TILES_PER_SIDE - 1)
            };
            cell(y, extent.min().y) * TILES_PER_SIDE + cell(x, extent.min().x)
        };
        let mut pieces: Vec<Piece> = plan
            .parcels
            .par_iter()
            .enumerate()
            .filter(|(_, p)| p.scenario == scenario)
            .flat_map_iter(|(i, parcel)| {
                parcel.strata.iter().enumerate().filter_map(move |(k, s)| {
                    let (bottom, top) = display_range(s)?;
                    let shape = parcel.stratum_shape(s);
                    let rect = shape.bounding_rect().filter(|_| finite(&shape))?;
                    let mut triangles = Triangles::default();
                    triangles.add_prism(&shape, origin, bottom, top);
                    Some(Piece {
                        parcel: i,
                        stratum: k,
                        tile: tile_of(rect.center().x, rect.center().y),
                        triangles,
                    })
                })
            })
            .collect();
        pieces.sort_by_key(|p| p.tile);
        let mut prisms = Self {
            origin,
            radius: size / 2.0,
            ..Self::default()
        };
        for piece in &pieces {
            prisms.place(piece);
        }
        prisms
    }

    /// Appends a piece, extending (or starting) its tile.
    fn place(&mut self, piece: &Piece) {
        let v0 = self.triangles.vertex_count() as u32;
        let i0 = self.triangles.indices.len() as u32;
        self.triangles.append(&piece.triangles);
        let (min, max) = bounds(&piece.triangles.vertices);
        self.strata.push(PrismInfo {
            parcel: piece.parcel,
            stratum: piece.stratum,
            vertices: v0..self.triangles.vertex_count() as u32,
            indices: i0..self.triangles.indices.len() as u32,
            min,
            max,
        });
        let end = self.triangles.indices.len() as u32;
        let same_tile = self.tile_keys.last() == Some(&piece.tile);
        match self.tiles.last_mut() {
            Some(tile) if same_tile => {
                tile.indices.end = end;
                for k in 0..3 {
                    tile.min[k] = tile.min[k].min(min[k]);
                    tile.max[k] = tile.max[k].max(max[k]);
                }
            }
            _ => {
                self.tiles.push(Tile {
                    indices: i0..end,
                    min,
                    max,
                });
                self.tile_keys.push(piece.tile);
            }
        }
    }

    /// The stratum whose prism the ray (scene space, z exaggerated by `z_scale`) hits
    /// first: its index in [`Prisms::strata`] and the distance along the ray.
    pub fn pick(&self, origin: [f64; 3], dir: [f64; 3], z_scale: f64) -> Option<(usize, f64)> {
        // The ray in unexaggerated space: same parameter t along it.
        let z_scale = if z_scale > 0.0 { z_scale } else { 1.0 };
        let o = [origin[0], origin[1], origin[2] / z_scale];
        let d = [dir[0], dir[1], dir[2] / z_scale];
        let mut best: Option<(usize, f64)> = None;
        for (k, info) in self.strata.iter().enumerate() {
            let Some(enter) = ray_box(o, d, info.min, info.max) else {
                continue;
            };
            if best.is_some_and(|(_, t)| enter > t) {
                continue;
            }
            let range = info.indices.start as usize..info.indices.end as usize;
            for tri in self.triangles.indices[range].chunks_exact(3) {
                let [a, b, c] = [tri[0], tri[1], tri[2]].map(|i| self.triangles.position(i));
                if let Some(t) = ray_triangle(o, d, a, b, c)
                    && best.is_none_or(|(_, bt)| t < bt)
                {
                    best = Some((k, t));
                }
            }
        }
        best
    }
}

fn bounds(vertices: &[f32]) -> ([f32; 3], [f32; 3]) {
    let mut min = [f32::INFINITY; 3];
    let mut max = [f32::NEG_INFINITY; 3];
    for v in vertices.chunks_exact(FLOATS_PER_VERTEX) {
        for k in 0..3 {
            min[k] = min[k].min(v[k]);
            max[k] = max[k].max(v[k]);
        }
    }
    (min, max)
}

/// Where the ray enters the box (t ≥ 0), if it meets it.
fn ray_box(o: [f64; 3], d: [f64; 3], min: [f32; 3], max: [f32; 3]) -> Option<f64> {
    let (mut lo, mut hi) = (0.0f64, f64::INFINITY);
    for k in 0..3 {
        let (a, b) = (min[k] as f64, max[k] as f64);
        if d[k].abs() < 1e-12 {
            if o[k] < a || o[k] > b {
                return None;
            }
            continue;
        }
        let (t1, t2) = ((a - o[k]) / d[k], (b - o[k]) / d[k]);
        lo = lo.max(t1.min(t2));
        hi = hi.min(t1.max(t2));
    }
    (lo <= hi).then_some(lo)
}

/// Möller–Trumbore: the distance along the ray to the triangle, if it hits it.
fn ray_triangle(o: [f64; 3], d: [f64; 3], a: [f64; 3], b: [f64; 3], c: [f64; 3]) -> Option<f64> {
    use super::camera::{cross, dot, sub};
    let (e1, e2) = (sub(b, a), sub(c, a));
    let p = cross(d, e2);
    let det = dot(e1, p);
    if det.abs() < 1e-12 {
        return None;
    }
    let s = sub(o, a);
    let u = dot(s, p) / det;
    if !(-1e-9..=1.0 + 1e-9).contains(&u) {
        return None;
    }
    let q = cross(s, e1);
    let v = dot(d, q) / det;
    if v < -1e-9 || u + v > 1.0 + 1e-9 {
        return None;
    }
    let t = dot(e2, q) / det;
    (t > 0.0).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LocalFrame, Parcel, ZRange};
    use geo::{Rect, coord};

    fn square(x: f64, y: f64, side: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![
            Rect::new(coord! {x: x, y: y}, coord! {x: x + side, y: y + side}).to_polygon(),
        ])
    }

    /// Two 100 m squares side by side; the first has a plant below and a park above.
    fn plan() -> Plan {
        let mut plan = Plan::new(LocalFrame::new(120.0, 30.0));
        let mut a = Parcel::new("a", Scenario::Proposed, square(0.0, 0.0, 100.0));
        let mut plant = Stratum::ground("plant", "1302");
        plant.z = ZRange::new(-12.0, 3.0);
        let mut park = Stratum::ground("park", "1401");
        park.z = ZRange::new(3.0, 15.0);
        a.strata = vec![plant, park];
        let mut b = Parcel::new("b", Scenario::Proposed, square(100.0, 0.0, 100.0));
        b.strata = vec![Stratum::ground("s1", "0701")];
        plan.parcels = vec![a, b];
        plan
    }

    #[test]
    fn a_square_prism_has_two_caps_and_four_walls() {
        let prisms = Prisms::build(&plan(), Scenario::Proposed);
        assert_eq!(prisms.strata.len(), 3);
        // 2 + 2 cap triangles and 4 walls of 2 triangles each.
        let first = &prisms.strata[0];
        assert_eq!((first.indices.end - first.indices.start) / 3, 12);
        assert_eq!(prisms.origin, [100.0, 50.0]);
        assert_eq!(first.min[2], -12.0);
    }

    #[test]
    fn a_ray_from_above_picks_the_top_stratum_and_from_the_side_the_lower_one() {
        let plan = plan();
        let prisms = Prisms::build(&plan, Scenario::Proposed);
        let name = |k: usize| {
            let info = &prisms.strata[k];
            plan.parcels[info.parcel].strata[info.stratum]
                .id
                .to_string()
        };
        // Straight down over the middle of parcel a (scene x = -50).
        let (k, t) = prisms
            .pick([-50.0, 0.0, 100.0], [0.0, 0.0, -1.0], 1.0)
            .expect("hit");
        assert_eq!(name(k), "park");
        assert!((t - 85.0).abs() < 1e-6);
        // With the heights doubled, the park's top is at 30 m.
        let (_, t) = prisms
            .pick([-50.0, 0.0, 100.0], [0.0, 0.0, -1.0], 2.0)
            .expect("hit");
        assert!((t - 70.0).abs() < 1e-6);
        // Horizontally from the west at 1 m below ground: the plant's wall.
        let (k, t) = prisms
            .pick([-300.0, 0.0, -1.0], [1.0, 0.0, 0.0], 1.0)
            .expect("hit");
        assert_eq!(name(k), "plant");
        assert!((t - 200.0).abs() < 1e-6);
        // Beside everything: nothing.
        assert!(
            prisms
                .pick([-50.0, 500.0, 100.0], [0.0, 0.0, -1.0], 1.0)
                .is_none()
        );
    }

    #[test]
    fn absurd_heights_and_degenerate_footprints_still_build() {
        let mut plan = plan();
        plan.parcels[1].strata[0].z = ZRange::new(-1e9, 1e9);
        let mut flat = Stratum::ground("flat", "0701");
        flat.footprint =
            Some(Rect::new(coord! {x: 0.0, y: 0.0}, coord! {x: 10.0, y: 0.0}).to_polygon());
        let mut nan = Stratum::ground("nan", "0701");
        nan.z = ZRange::new(f64::NAN, 3.0);
        plan.parcels[0].strata.extend([flat, nan]);
        let prisms = Prisms::build(&plan, Scenario::Proposed);
        // The NaN stratum is left out; the others are there, clamped.
        assert_eq!(prisms.strata.len(), 4);
        let tall = prisms.strata.iter().find(|s| s.parcel == 1).expect("tall");
        assert_eq!((tall.min[2], tall.max[2]), (Z_MIN as f32, Z_MAX as f32));
        assert!(prisms.triangles.vertices.iter().all(|v| v.is_finite()));
    }
}
