//! The 3D view's geometry, built once per plan change (not per frame): every stratum of
//! the shown scenario as a prism, its footprint (the stratum's own or the parcel's)
//! triangulated with earcut for the top and bottom and one quad per ring edge for the
//! walls. Positions are f32 metres from the plan's centre (a city 20 km across keeps
//! millimetres), z unexaggerated (the shader scales it). Strata are grouped in tiles (a
//! 48 × 48 grid over the plan), each its own mesh: a frame draws only the tiles in view,
//! and an edit rebuilds only the tiles of the parcels it changed (`follow.rs`). The same
//! triangles answer the CPU pick, so it works in tests where no GL runs. A tile's mesh
//! also holds its prisms at coarser levels of detail (`lod.rs`), after the full ones.
//! Every prism faces outwards (rings oriented, caps wound to face up and down), so the
//! GL side culls back faces; the caps between strata stacked over the same footprint
//! are left out (`Faces::of`).

use std::collections::BTreeMap;
use std::sync::Arc;

use geo::orient::{Direction, Orient};
use geo::{BoundingRect, LineString, MultiPolygon, Polygon, TriangulateEarcut};
use rayon::prelude::*;

use super::lod::{self, LEVELS};
use crate::model::{Parcel, ParcelId, Plan, Scenario, Stratum};

/// Heights beyond these are clamped for display (a 1e9 m stratum still draws, as a
/// very tall one, and the camera stays usable).
pub const Z_MIN: f64 = -2000.0;
pub const Z_MAX: f64 = 3000.0;
/// A stratum thinner than this (after clamping) is drawn this thick.
const MIN_THICKNESS: f64 = 0.05;
/// Floats per vertex: x, y, z, shade (negative for faces below the ground).
pub const FLOATS_PER_VERTEX: usize = 4;
/// Tiles per side of the plan's extent.
pub const TILES_PER_SIDE: usize = 48;

/// Where one stratum's triangles are, in its tile's mesh.
#[derive(Clone, Debug, PartialEq)]
pub struct PrismInfo {
    pub parcel: usize,
    pub stratum: usize,
    pub vertices: std::ops::Range<u32>,
    pub indices: std::ops::Range<u32>,
    /// Its vertices at the coarser levels of detail (levels 1, 2, …), for colouring.
    pub coarse_vertices: [std::ops::Range<u32>; LEVELS - 1],
    /// Box in scene metres (z unexaggerated).
    pub min: [f32; 3],
    pub max: [f32; 3],
}

/// The strata whose footprint's centre lies in one cell of the grid, as one mesh drawn
/// together (and uploaded again only when one of them changes).
#[derive(Clone, Debug)]
pub struct Tile {
    /// Its own vertices, indices counted from 0. Shared with the GL side, which
    /// uploads a tile again when this is another `Arc`.
    pub triangles: Arc<Triangles>,
    /// Its strata in plan order (parcel, then stratum).
    pub strata: Vec<PrismInfo>,
    /// The indices of each level of detail (level 0: the strata's own runs).
    pub levels: [std::ops::Range<u32>; LEVELS],
    pub min: [f32; 3],
    pub max: [f32; 3],
}

/// Triangles in the layout the GL buffers take.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Triangles {
    /// x, y, z, shade per vertex (the shade negative below the ground).
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

    /// A prism over `shape` (scene metres) from `bottom` to `top`, facing outwards.
    pub fn add_prism(
        &mut self,
        shape: &MultiPolygon<f64>,
        origin: [f64; 2],
        bottom: f64,
        top: f64,
    ) {
        self.add_prism_faces(shape, origin, (bottom, top), Faces::ALL);
    }

    /// A prism with the faces `faces` asks for.
    fn add_prism_faces(
        &mut self,
        shape: &MultiPolygon<f64>,
        origin: [f64; 2],
        (bottom, top): (f64, f64),
        faces: Faces,
    ) {
        // Exteriors anticlockwise, holes clockwise: each wall quad below then faces out.
        let shape = shape.orient(Direction::Default);
        for polygon in &shape.0 {
            self.add_caps(polygon, origin, (bottom, top), faces);
            if !faces.walls {
                continue;
            }
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                self.add_walls(ring, origin, bottom, top);
            }
        }
    }

    fn add_caps(
        &mut self,
        polygon: &Polygon<f64>,
        origin: [f64; 2],
        (bottom, top): (f64, f64),
        faces: Faces,
    ) {
        if !faces.top && !faces.bottom {
            return;
        }
        let raw = polygon.earcut_triangles_raw();
        let xy = |i: usize| raw.vertices[i];
        let caps = [
            (top, 0.97, true, faces.top),
            (bottom, 0.45, false, faces.bottom),
        ];
        for (z, shade, up, _) in caps.into_iter().filter(|c| c.3) {
            let shade = underground_sign(z) as f32 * shade;
            let base = self.vertex_count() as u32;
            for v in &raw.vertices {
                self.push_vertex(
                    (v[0] - origin[0]) as f32,
                    (v[1] - origin[1]) as f32,
                    z as f32,
                    shade,
                );
            }
            for t in raw.triangle_indices.chunks_exact(3) {
                let [a, b, c] = [xy(t[0]), xy(t[1]), xy(t[2])];
                let anticlockwise =
                    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) > 0.0;
                let (j, k) = if anticlockwise == up {
                    (t[1], t[2])
                } else {
                    (t[2], t[1])
                };
                self.indices.extend([t[0], j, k].map(|i| base + i as u32));
            }
        }
    }

    fn add_walls(&mut self, ring: &LineString<f64>, origin: [f64; 2], bottom: f64, top: f64) {
        // A wall through the ground is two: the part below is seen through the ground.
        if bottom < 0.0 && top > 0.0 {
            self.add_walls(ring, origin, bottom, 0.0);
            self.add_walls(ring, origin, 0.0, top);
            return;
        }
        let sign = underground_sign(top) as f32;
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
            let shade = sign * (0.5 + 0.32 * facing) as f32;
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

/// The sign of the shade of a face whose highest point is at `top`: negative below
/// the ground (at most z = 0). The shader tints the faces on the ground's other side
/// from the eye with the ground's colour, as if seen through it. The ground is drawn
/// first and opaque: the tint costs nothing per pixel, where a translucent ground drawn
/// over everything cost a software renderer a blended pass over the whole view.
fn underground_sign(top: f64) -> f64 {
    if top <= 0.0 { -1.0 } else { 1.0 }
}

/// Which faces of a prism are built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Faces {
    pub top: bool,
    pub bottom: bool,
    pub walls: bool,
}

impl Faces {
    const ALL: Faces = Faces {
        top: true,
        bottom: true,
        walls: true,
    };

    /// The display range of `parcel`'s stratum `k` and the faces of it that can be
    /// seen: not a cap that another stratum of the parcel over the same footprint
    /// covers (a stack's floors and ceilings between its strata are inside it, and cost
    /// a software renderer a whole footprint of pixels each). Walls are left to the
    /// level of detail.
    pub(super) fn of(parcel: &Parcel, k: usize) -> Option<((f64, f64), Faces)> {
        let s = parcel.strata.get(k)?;
        let (bottom, top) = display_range(s)?;
        let touching = |z: f64, other_end: fn((f64, f64)) -> f64| {
            parcel.strata.iter().enumerate().any(|(j, o)| {
                j != k
                    && o.footprint == s.footprint
                    && display_range(o).is_some_and(|r| other_end(r) == z)
            })
        };
        let faces = Faces {
            top: !touching(top, |r| r.0),
            bottom: !touching(bottom, |r| r.1),
            walls: true,
        };
        Some(((bottom, top), faces))
    }
}

/// The grid the strata are tiled on: `TILES_PER_SIDE` cells a side over the plan's
/// extent (of the scenario), and the scene's origin at its centre. An edit that moves
/// the extent moves every vertex, so the prisms are then built anew (`follow.rs`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Grid {
    /// `[min x, min y, max x, max y]` of the plan's extent (plan metres).
    pub extent: [f64; 4],
    /// The world point (plan metres) at the scene's origin.
    pub origin: [f64; 2],
    /// The larger side of the extent (at least 1 m).
    pub size: f64,
}

impl Grid {
    /// The grid of the plan's scenario; `None` for an empty plan or one whose extent
    /// is not finite.
    pub fn of(plan: &Plan, scenario: Scenario) -> Option<Grid> {
        let r = plan.extent(Some(scenario))?;
        let extent = [r.min().x, r.min().y, r.max().x, r.max().y];
        extent.iter().all(|v| v.is_finite()).then(|| Grid {
            extent,
            origin: [r.center().x, r.center().y],
            size: r.width().max(r.height()).max(1.0),
        })
    }

    /// The cell of a point (plan metres); points outside fall in the border cells.
    pub fn cell(&self, x: f64, y: f64) -> usize {
        let cell = |v: f64, lo: f64| {
            (((v - lo) / self.size * TILES_PER_SIDE as f64) as usize).min(TILES_PER_SIDE - 1)
        };
        cell(y, self.extent[1]) * TILES_PER_SIDE + cell(x, self.extent[0])
    }
}

/// The prisms of a plan's scenario (see the module comment), by tile.
#[derive(Clone, Debug, Default)]
pub struct Prisms {
    pub grid: Grid,
    /// Half the larger side of the plan's extent (metres).
    pub radius: f64,
    /// The non-empty tiles by grid cell.
    pub tiles: BTreeMap<usize, Tile>,
    /// The plan's parcel ids by index when the prisms were last built or followed
    /// (`PrismInfo::parcel` counts in it): an edit that adds or removes parcels
    /// shifts indices, which `follow.rs` maps through the ids.
    pub(super) ids: Vec<ParcelId>,
    /// The bounds of each parcel's shape (same indices), `None` for parcels of another
    /// scenario: `follow.rs` sees from them whether an edit can move the extent.
    pub(super) bounds: Vec<Option<[f64; 4]>>,
}

/// A parcel's part of the extent: its shape's bounds when it is of `scenario`.
pub(super) fn parcel_bounds(parcel: &Parcel, scenario: Scenario) -> Option<[f64; 4]> {
    let r = parcel
        .shape
        .bounding_rect()
        .filter(|_| parcel.scenario == scenario)?;
    Some([r.min().x, r.min().y, r.max().x, r.max().y])
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

/// One stratum's place: the tile it falls in, and which stratum of which parcel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Member {
    pub tile: usize,
    pub parcel: usize,
    pub stratum: usize,
}

/// The strata of one parcel that are drawn, with their tiles (no geometry built).
pub(super) fn members_of(grid: &Grid, parcel: &Parcel, index: usize) -> Vec<Member> {
    parcel
        .strata
        .iter()
        .enumerate()
        .filter_map(|(k, s)| {
            display_range(s)?;
            let shape = parcel.stratum_shape(s);
            let rect = shape.bounding_rect().filter(|_| finite(&shape))?;
            Some(Member {
                tile: grid.cell(rect.center().x, rect.center().y),
                parcel: index,
                stratum: k,
            })
        })
        .collect()
}

impl Tile {
    /// The tile of `members` (all of one cell, in plan order), built from the plan: the
    /// full prisms, then each coarser level's.
    pub(super) fn build(plan: &Plan, grid: &Grid, members: &[Member]) -> Tile {
        let mut triangles = Triangles::default();
        let mut strata: Vec<PrismInfo> = Vec::with_capacity(members.len());
        let mut levels: [std::ops::Range<u32>; LEVELS] = Default::default();
        // The faces seen are the same at every level; only the walls vary.
        let seen: Vec<_> = members
            .iter()
            .map(|m| Faces::of(&plan.parcels[m.parcel], m.stratum))
            .collect();
        for (level, range) in levels.iter_mut().enumerate() {
            let first = triangles.indices.len() as u32;
            let mut drawn = 0;
            for (m, seen) in members.iter().zip(&seen) {
                let Some(((bottom, top), faces)) = *seen else {
                    continue;
                };
                let parcel = &plan.parcels[m.parcel];
                let s = &parcel.strata[m.stratum];
                // Walls lower than the level's tolerance are under its pixel or two.
                let faces = Faces {
                    walls: top - bottom >= lod::TOLERANCES[level],
                    ..faces
                };
                let (v0, i0) = (triangles.vertex_count(), triangles.indices.len());
                let shape = lod::simplified(&parcel.stratum_shape(s), level);
                triangles.add_prism_faces(&shape, grid.origin, (bottom, top), faces);
                let vertices = v0 as u32..triangles.vertex_count() as u32;
                if level > 0 {
                    // The same strata in the same order as level 0 pushed them.
                    if let Some(info) = strata.get_mut(drawn) {
                        info.coarse_vertices[level - 1] = vertices;
                    }
                    drawn += 1;
                    continue;
                }
                let (min, max) = bounds(&triangles.vertices[v0 * FLOATS_PER_VERTEX..]);
                strata.push(PrismInfo {
                    parcel: m.parcel,
                    stratum: m.stratum,
                    vertices,
                    indices: i0 as u32..triangles.indices.len() as u32,
                    coarse_vertices: Default::default(),
                    min,
                    max,
                });
            }
            *range = first..triangles.indices.len() as u32;
        }
        let (min, max) = bounds(&triangles.vertices);
        Tile {
            triangles: Arc::new(triangles),
            strata,
            levels,
            min,
            max,
        }
    }
}

/// Builds the tiles of the members (sorted by tile, then plan order), in parallel.
pub(super) fn build_tiles(plan: &Plan, grid: &Grid, members: &[Member]) -> Vec<(usize, Tile)> {
    let runs: Vec<&[Member]> = members.chunk_by(|a, b| a.tile == b.tile).collect();
    runs.par_iter()
        .map(|run| (run[0].tile, Tile::build(plan, grid, run)))
        .collect()
}

impl Prisms {
    /// The prisms of the parcels of `scenario`.
    pub fn build(plan: &Plan, scenario: Scenario) -> Self {
        let Some(grid) = Grid::of(plan, scenario) else {
            return Self::default();
        };
        let mut members: Vec<Member> = plan
            .parcels
            .par_iter()
            .enumerate()
            .filter(|(_, p)| p.scenario == scenario)
            .flat_map_iter(|(i, parcel)| members_of(&grid, parcel, i))
            .collect();
        members.sort_unstable();
        Self {
            grid,
            radius: grid.size / 2.0,
            tiles: build_tiles(plan, &grid, &members).into_iter().collect(),
            ids: plan.parcels.iter().map(|p| p.id.clone()).collect(),
            bounds: plan
                .parcels
                .par_iter()
                .map(|p| parcel_bounds(p, scenario))
                .collect(),
        }
    }

    /// The scene's origin (plan metres).
    pub fn origin(&self) -> [f64; 2] {
        self.grid.origin
    }

    /// Every stratum drawn, tile by tile.
    pub fn strata(&self) -> impl Iterator<Item = &PrismInfo> {
        self.tiles.values().flat_map(|t| &t.strata)
    }

    /// Triangles of the full prisms (level of detail 0) in all.
    pub fn triangle_count(&self) -> usize {
        self.tiles.values().map(|t| t.levels[0].len() / 3).sum()
    }

    /// The stratum whose prism the ray (scene space, z exaggerated by `z_scale`) hits
    /// first, and the distance along the ray.
    pub fn pick(&self, origin: [f64; 3], dir: [f64; 3], z_scale: f64) -> Option<(&PrismInfo, f64)> {
        // The ray in unexaggerated space: same parameter t along it.
        let z_scale = if z_scale > 0.0 { z_scale } else { 1.0 };
        let o = [origin[0], origin[1], origin[2] / z_scale];
        let d = [dir[0], dir[1], dir[2] / z_scale];
        let mut best: Option<(&PrismInfo, f64)> = None;
        let nearer = |best: &Option<(&PrismInfo, f64)>, t: f64| best.is_none_or(|(_, bt)| t < bt);
        for tile in self.tiles.values() {
            if !ray_box(o, d, tile.min, tile.max).is_some_and(|t| nearer(&best, t)) {
                continue;
            }
            for info in &tile.strata {
                if !ray_box(o, d, info.min, info.max).is_some_and(|t| nearer(&best, t)) {
                    continue;
                }
                let range = info.indices.start as usize..info.indices.end as usize;
                let t = &tile.triangles;
                for tri in t.indices[range].chunks_exact(3) {
                    let [a, b, c] = [tri[0], tri[1], tri[2]].map(|i| t.position(i));
                    if let Some(hit) = ray_triangle(o, d, a, b, c)
                        && nearer(&best, hit)
                    {
                        best = Some((info, hit));
                    }
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
        assert_eq!(prisms.strata().count(), 3);
        let triangles = |info: &PrismInfo| (info.indices.end - info.indices.start) / 3;
        let [plant, park, s1] = [0, 1, 2].map(|k| prisms.strata().nth(k).expect("a prism"));
        // Parcel b's one stratum: 2 + 2 cap triangles and 4 walls of 2 triangles each.
        assert_eq!(triangles(s1), 12);
        // The park stands on the plant: the plant has no top, the park no bottom. The
        // plant's walls, from -12 m to 3 m, are split at the ground: 8 quads.
        assert_eq!((triangles(plant), triangles(park)), (18, 10));
        // Faces below the ground have a negative shade (the shader tints them), those
        // above a positive one.
        let t = &prisms.tiles.values().next().expect("a tile").triangles;
        for info in [plant, park] {
            for tri in
                t.indices[info.indices.start as usize..info.indices.end as usize].chunks_exact(3)
            {
                let top = tri
                    .iter()
                    .map(|&i| t.position(i)[2])
                    .fold(f64::MIN, f64::max);
                let shade = t.vertices[tri[0] as usize * FLOATS_PER_VERTEX + 3];
                assert_eq!(
                    shade < 0.0,
                    top <= 0.0,
                    "a face up to {top} m has shade {shade}"
                );
            }
        }
        let z_of_caps = |info: &PrismInfo| {
            let t = &prisms.tiles.values().next().expect("a tile").triangles;
            let mut z: Vec<f64> = t.indices[info.indices.start as usize..info.indices.end as usize]
                .chunks_exact(3)
                .map(|tri| [tri[0], tri[1], tri[2]].map(|i| t.position(i)[2]))
                .filter(|zs| zs[0] == zs[1] && zs[1] == zs[2])
                .map(|zs| zs[0])
                .collect();
            z.dedup();
            z
        };
        assert_eq!(
            (z_of_caps(plant), z_of_caps(park)),
            (vec![-12.0], vec![15.0])
        );
        assert_eq!(prisms.origin(), [100.0, 50.0]);
        assert_eq!(plant.min[2], -12.0);
    }

    #[test]
    fn caps_between_strata_are_kept_when_footprints_differ_or_strata_do_not_touch() {
        let mut plan = plan();
        let a = &mut plan.parcels[0];
        // A gap of a metre between plant and park: both keep both caps.
        a.strata[1].z = ZRange::new(4.0, 15.0);
        let count = |plan: &Plan| -> Vec<u32> {
            Prisms::build(plan, Scenario::Proposed)
                .strata()
                .map(|i| (i.indices.end - i.indices.start) / 3)
                .collect()
        };
        assert_eq!(count(&plan), vec![20, 12, 12]);
        // Touching again, but the park over a smaller footprint: the plant's roof shows
        // around it.
        let a = &mut plan.parcels[0];
        a.strata[1].z = ZRange::new(3.0, 15.0);
        a.strata[1].footprint = square(10.0, 10.0, 50.0).0.into_iter().next();
        // (The park's footprint now lies in another tile, listed first.)
        assert_eq!(count(&plan), vec![12, 20, 12]);
    }

    #[test]
    fn a_ray_from_above_picks_the_top_stratum_and_from_the_side_the_lower_one() {
        let plan = plan();
        let prisms = Prisms::build(&plan, Scenario::Proposed);
        let name = |info: &PrismInfo| {
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

    /// Every triangle faces out of its prism (what back-face culling needs): a step
    /// along its normal from its centre leaves the solid, a step against it enters.
    #[test]
    fn every_face_points_out_of_its_prism_at_every_level() {
        use geo::{Contains, Point};
        let outer = LineString::from(vec![(0.0, 0.0), (0.0, 80.0), (60.0, 80.0), (60.0, 0.0)]);
        let hole = LineString::from(vec![(20.0, 20.0), (40.0, 20.0), (40.0, 50.0), (20.0, 50.0)]);
        // Clockwise exterior and anticlockwise hole: the wrong way round on purpose.
        let shape = MultiPolygon::new(vec![Polygon::new(outer, vec![hole])]);
        let mut plan = Plan::new(LocalFrame::new(120.0, 30.0));
        let mut parcel = Parcel::new("a", Scenario::Proposed, shape.clone());
        let mut s = Stratum::ground("s", "0701");
        s.z = ZRange::new(-6.0, 30.0);
        parcel.strata = vec![s];
        plan.parcels = vec![parcel];
        let prisms = Prisms::build(&plan, Scenario::Proposed);
        let tile = prisms.tiles.values().next().expect("a tile");
        let t = &tile.triangles;
        let origin = prisms.origin();
        let inside = |p: [f64; 3]| {
            let q = Point::new(p[0] + origin[0], p[1] + origin[1]);
            (-6.0..=30.0).contains(&p[2]) && shape.contains(&q)
        };
        for level in &tile.levels {
            assert!(!level.is_empty());
            for tri in t.indices[level.start as usize..level.end as usize].chunks_exact(3) {
                let [a, b, c] = [tri[0], tri[1], tri[2]].map(|i| t.position(i));
                let n = super::super::camera::cross(
                    super::super::camera::sub(b, a),
                    super::super::camera::sub(c, a),
                );
                let len = super::super::camera::dot(n, n).sqrt();
                let centre = [0, 1, 2].map(|k| (a[k] + b[k] + c[k]) / 3.0);
                let step = |s: f64| [0, 1, 2].map(|k| centre[k] + s * 0.01 * n[k] / len);
                assert!(!inside(step(1.0)), "faces in: {a:?} {b:?} {c:?}");
                assert!(
                    inside(step(-1.0)),
                    "faces out the wrong side: {a:?} {b:?} {c:?}"
                );
            }
        }
    }

    #[test]
    fn coarser_levels_follow_the_full_one_with_fewer_triangles() {
        let mut plan = plan();
        // A wobbly 48-corner footprint for the park (half-metre wobble).
        let ring: Vec<(f64, f64)> = (0..48)
            .map(|k| {
                let a = k as f64 / 48.0 * std::f64::consts::TAU;
                let r = 40.0 + if k % 2 == 0 { 0.5 } else { 0.0 };
                (50.0 + r * a.cos(), 50.0 + r * a.sin())
            })
            .collect();
        plan.parcels[0].strata[1].footprint = Some(Polygon::new(LineString::from(ring), vec![]));
        let prisms = Prisms::build(&plan, Scenario::Proposed);
        for tile in prisms.tiles.values() {
            let sizes: Vec<u32> = tile.levels.iter().map(|r| r.len() as u32).collect();
            assert!(sizes.windows(2).all(|w| w[1] <= w[0]), "{sizes:?}");
            assert_eq!(
                tile.levels[0].end,
                tile.strata.last().expect("strata").indices.end
            );
            assert_eq!(
                tile.levels[LEVELS - 1].end as usize,
                tile.triangles.indices.len()
            );
            for info in &tile.strata {
                for run in &info.coarse_vertices {
                    assert!(!run.is_empty() && run.end as usize <= tile.triangles.vertex_count());
                }
            }
        }
        let park = prisms
            .strata()
            .find(|s| s.stratum == 1 && s.parcel == 0)
            .expect("park");
        let full = (park.indices.end - park.indices.start) / 3;
        assert_eq!(full, 46 * 2 + 48 * 2);
        let coarse_vertices = park.coarse_vertices[1].len();
        assert!(
            coarse_vertices * 3 < park.vertices.len(),
            "{coarse_vertices}"
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
        assert_eq!(prisms.strata().count(), 4);
        let tall = prisms.strata().find(|s| s.parcel == 1).expect("tall");
        assert_eq!((tall.min[2], tall.max[2]), (Z_MIN as f32, Z_MAX as f32));
        assert!(
            prisms
                .tiles
                .values()
                .all(|t| t.triangles.vertices.iter().all(|v| v.is_finite()))
        );
    }
}
