//! The shapes the map draws a parcel from: its rings once (corners that are also its
//! triangles' vertices), its triangles in two-byte indices, and its coarse shape for
//! when it is small on screen (`map_cache.rs` keeps them per parcel).

use geo::{LineString, MultiPolygon, TriangulateEarcut};

/// The coarse shape strays from the parcel by at most this share of its box's larger
/// side: under 32 points, less than two thirds of a point.
pub(super) const COARSE_SHARE: f64 = 1.0 / 48.0;

/// A shape's rings, each without its closing corner, one after another (exterior, then
/// holes, polygon by polygon): the order earcut numbers its triangles' vertices in, so
/// one list serves the fill and the outline. (A copy of the shape kept beside its
/// vertices had been a city's largest part of the map.)
///
/// Corners are kept as single-precision offsets from the shape's lowest corner: within a
/// parcel (even one 20 km across) that is within 2 mm, far below a pixel at any zoom the
/// map draws, and half the memory of the world coordinates (a city's 3 million corners:
/// 25 MB of the editor's peak). Whether a shape is still the one drawn is told from its
/// exact coordinates' hash, not from these offsets.
pub struct Rings {
    origin: [f64; 2],
    points: Vec<[f32; 2]>,
    /// Per ring: where it ends in `points` (exclusive) and whether it starts a polygon.
    ends: Vec<(u32, bool)>,
    /// The exact corners' hash (`exact_hash`), for `same_as`.
    exact: u64,
}

impl Rings {
    /// Each ring's corners, without the closing one.
    pub fn iter(&self) -> impl Iterator<Item = Ring<'_>> {
        let mut start = 0;
        self.ends.iter().map(move |&(end, _)| {
            let ring = &self.points[start..end as usize];
            start = end as usize;
            Ring {
                origin: self.origin,
                points: ring,
            }
        })
    }

    /// Every corner, rings one after another (the triangles' vertices).
    pub fn corners(&self) -> impl ExactSizeIterator<Item = [f64; 2]> + '_ {
        Ring {
            origin: self.origin,
            points: &self.points,
        }
        .into_corners()
    }

    /// The shape again, its rings closed (to the offsets' precision).
    pub(super) fn shape(&self) -> MultiPolygon<f64> {
        let mut polygons = Vec::new();
        let mut current: Option<(LineString<f64>, Vec<LineString<f64>>)> = None;
        for (ring, &(_, starts_polygon)) in self.iter().zip(&self.ends) {
            let mut coords: Vec<geo::Coord<f64>> = ring
                .corners()
                .map(|p| geo::coord! {x: p[0], y: p[1]})
                .collect();
            if let Some(&first) = coords.first() {
                coords.push(first);
            }
            let ring = LineString::new(coords);
            if starts_polygon {
                if let Some((exterior, holes)) = current.take() {
                    polygons.push(geo::Polygon::new(exterior, holes));
                }
                current = Some((ring, Vec::new()));
            } else if let Some((_, holes)) = &mut current {
                holes.push(ring);
            }
        }
        if let Some((exterior, holes)) = current {
            polygons.push(geo::Polygon::new(exterior, holes));
        }
        MultiPolygon::new(polygons)
    }

    /// Whether `shape` has exactly these rings, corner for corner and polygon for
    /// polygon (the map keeps a parcel's triangles while it does).
    pub(super) fn same_as(&self, shape: &MultiPolygon<f64>) -> bool {
        let mut ends = self.ends.iter();
        let mut start = 0;
        for polygon in &shape.0 {
            let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
            for (k, ring) in rings.enumerate() {
                let Some(&(end, starts_polygon)) = ends.next() else {
                    return false;
                };
                if starts_polygon != (k == 0) || open_ring(ring).len() != end as usize - start {
                    return false;
                }
                start = end as usize;
            }
        }
        ends.next().is_none() && exact_hash(shape) == self.exact
    }
}

/// One ring of [`Rings`].
#[derive(Clone, Copy)]
pub struct Ring<'a> {
    origin: [f64; 2],
    points: &'a [[f32; 2]],
}

impl<'a> Ring<'a> {
    /// The ring's corners in world metres, without the closing one.
    pub fn corners(&self) -> impl ExactSizeIterator<Item = [f64; 2]> + '_ {
        self.into_corners()
    }

    fn into_corners(self) -> impl ExactSizeIterator<Item = [f64; 2]> + 'a {
        let [x0, y0] = self.origin;
        self.points
            .iter()
            .map(move |p| [x0 + f64::from(p[0]), y0 + f64::from(p[1])])
    }
}

/// A hash of a shape's exact corners and the rings they make (SipHash with fixed keys:
/// any moved corner, even by a bit, changes it but with odds of 2⁻⁶⁴).
fn exact_hash(shape: &MultiPolygon<f64>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for polygon in &shape.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            ring.0.len().hash(&mut h);
            for c in open_ring(ring) {
                c.x.to_bits().hash(&mut h);
                c.y.to_bits().hash(&mut h);
            }
        }
    }
    h.finish()
}

/// A closed ring's corners without the closing one (what earcut triangulates).
fn open_ring(ring: &LineString<f64>) -> &[geo::Coord<f64>] {
    &ring.0[..ring.0.len().saturating_sub(1)]
}

/// A parcel's coarse shape (see `map_cache::ParcelGeom::coarse`).
pub(super) struct Coarse {
    pub(super) rings: Rings,
    pub(super) indices: Triangles,
}

/// A shape's triangles, three indices each into its rings' corners: two bytes an index
/// while the shape has fewer than 65 536 corners (every parcel of a city), four beyond.
/// (Four bytes each were a quarter of a city's map.)
pub(super) enum Triangles {
    Short(Vec<u16>),
    Long(Vec<u32>),
}

impl Triangles {
    /// None yet, for a shape of `corners` corners.
    pub(super) fn for_corners(corners: usize) -> Self {
        match corners <= usize::from(u16::MAX) + 1 {
            true => Self::Short(Vec::new()),
            false => Self::Long(Vec::new()),
        }
    }

    /// Appends earcut's indices of a polygon whose corners start at `base`.
    pub(super) fn push(&mut self, base: usize, indices: &[usize]) {
        match self {
            Self::Short(v) => v.extend(indices.iter().map(|&i| (base + i) as u16)),
            Self::Long(v) => v.extend(indices.iter().map(|&i| (base + i) as u32)),
        }
    }

    fn shrink_to_fit(&mut self) {
        match self {
            Self::Short(v) => v.shrink_to_fit(),
            Self::Long(v) => v.shrink_to_fit(),
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            Self::Short(v) => v.len(),
            Self::Long(v) => v.len(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends the indices to a mesh's, `base` added.
    pub(super) fn extend_into(&self, out: &mut Vec<u32>, base: u32) {
        match self {
            Self::Short(v) => out.extend(v.iter().map(|&k| base + u32::from(k))),
            Self::Long(v) => out.extend(v.iter().map(|&k| base + k)),
        }
    }
}

/// The rings of a shape and its triangles (indices into the rings' corners).
pub(super) fn triangles(shape: &MultiPolygon<f64>) -> (Rings, Triangles) {
    let all_rings = || {
        shape
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .map(open_ring)
    };
    let corners = all_rings().map(<[_]>::len).sum();
    let origin = all_rings()
        .flatten()
        .fold(None, |low: Option<[f64; 2]>, c| {
            Some(low.map_or([c.x, c.y], |[x, y]| [x.min(c.x), y.min(c.y)]))
        });
    let origin = origin.unwrap_or([0.0; 2]);
    let mut rings = Rings {
        origin,
        points: Vec::with_capacity(corners),
        ends: Vec::new(),
        exact: exact_hash(shape),
    };
    let mut indices = Triangles::for_corners(corners);
    for polygon in &shape.0 {
        let base = rings.points.len();
        // earcut numbers the corners ring after ring, as `rings` keeps them.
        let raw = polygon.earcut_triangles_raw();
        indices.push(base, &raw.triangle_indices);
        let polygon_rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
        for (k, ring) in polygon_rings.enumerate() {
            rings.points.extend(
                open_ring(ring)
                    .iter()
                    .map(|c| [(c.x - origin[0]) as f32, (c.y - origin[1]) as f32]),
            );
            rings.ends.push((rings.points.len() as u32, k == 0));
        }
        debug_assert_eq!(rings.points.len() - base, raw.vertices.len());
    }
    rings.ends.shrink_to_fit();
    // A shape of several polygons grew its list by doubling.
    indices.shrink_to_fit();
    (rings, indices)
}

/// The coarse shape of a parcel whose box is `bbox` (a ring that would lose its area
/// stays whole), when it has under two thirds of the corners.
pub(super) fn coarse_of(
    shape: &MultiPolygon<f64>,
    bbox: [f64; 4],
    indices: usize,
) -> Option<Coarse> {
    use geo::Simplify;
    let tolerance = (bbox[2] - bbox[0]).max(bbox[3] - bbox[1]) * COARSE_SHARE;
    let ring = |r: &LineString<f64>| {
        let s = r.simplify(tolerance);
        if s.0.len() >= 4 { s } else { r.clone() }
    };
    let polygons = shape.0.iter().map(|p| {
        let holes = p.interiors().iter().map(ring).collect();
        geo::Polygon::new(ring(p.exterior()), holes)
    });
    let coarse = MultiPolygon::new(polygons.collect());
    let (rings, coarse_indices) = triangles(&coarse);
    (coarse_indices.len() * 3 < indices * 2).then_some(Coarse {
        rings,
        indices: coarse_indices,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, Polygon, polygon};

    fn square(x: f64, y: f64, side: f64) -> Polygon<f64> {
        polygon![(x: x, y: y), (x: x + side, y: y), (x: x + side, y: y + side), (x: x, y: y + side)]
    }

    #[test]
    fn the_rings_are_the_triangles_vertices_and_know_their_shape() {
        // Two polygons, the first with a hole.
        let outer = square(0.0, 0.0, 30.0);
        let hole = square(10.0, 10.0, 5.0);
        let with_hole = Polygon::new(outer.exterior().clone(), vec![hole.exterior().clone()]);
        let other = square(50.0, 0.0, 10.0);
        let shape = MultiPolygon::new(vec![with_hole.clone(), other.clone()]);
        let (rings, indices) = triangles(&shape);
        let earcut: Vec<[f64; 2]> = shape
            .0
            .iter()
            .flat_map(|p| p.earcut_triangles_raw().vertices)
            .collect();
        assert_eq!(
            rings.corners().collect::<Vec<_>>(),
            earcut,
            "the fill's vertices in earcut's order"
        );
        assert_eq!(rings.iter().count(), 3);
        assert!(
            rings.iter().all(|r| r.corners().len() == 4),
            "closing corners left out"
        );
        let mut all = Vec::new();
        indices.extend_into(&mut all, 0);
        assert!(matches!(indices, Triangles::Short(_)), "two bytes an index");
        assert!(all.iter().all(|&i| (i as usize) < rings.corners().len()));
        assert_eq!(all.len() % 3, 0);
        assert!(rings.same_as(&shape));
        assert_eq!(
            rings.shape(),
            shape,
            "the shape comes back (for its coarse shape)"
        );
        // The same corners grouped otherwise, or one corner moved: another shape.
        let regrouped = MultiPolygon::new(vec![
            outer.clone(),
            Polygon::new(hole.exterior().clone(), vec![]),
            other.clone(),
        ]);
        assert!(!rings.same_as(&regrouped));
        let mut moved = shape.clone();
        moved.0[1] = square(50.0, 0.0, 10.5);
        assert!(!rings.same_as(&moved));
        assert!(!rings.same_as(&MultiPolygon::new(vec![with_hole])));
    }

    /// Far from the frame's origin and 20 km across, the corners come back within 2 mm,
    /// and a corner moved by a hair is another shape.
    #[test]
    fn corners_are_kept_to_millimetres_and_any_move_is_seen() {
        let (x, y) = (-480_123.456_789, 3_012_345.678_901);
        let mut wide = Polygon::new(
            LineString::from(vec![
                (x, y),
                (x + 20_000.123, y + 0.5),
                (x + 19_999.5, y + 12_000.25),
                (x + 0.25, y + 11_999.875),
            ]),
            vec![],
        );
        let shape = MultiPolygon::new(vec![wide.clone()]);
        let (rings, _) = triangles(&shape);
        let exact = shape.0[0].exterior().0.iter();
        for (kept, c) in rings.corners().zip(exact) {
            assert!((kept[0] - c.x).abs() < 0.002 && (kept[1] - c.y).abs() < 0.002);
        }
        assert!(rings.same_as(&shape));
        wide.exterior_mut(|r| r.0[2].x = f64::from_bits(r.0[2].x.to_bits() + 1));
        assert!(!rings.same_as(&MultiPolygon::new(vec![wide])));
    }

    #[test]
    fn indices_take_four_bytes_only_beyond_65536_corners() {
        let mut short = Triangles::for_corners(65_536);
        short.push(0, &[0, 1, 65_535]);
        let mut long = Triangles::for_corners(65_537);
        long.push(0, &[0, 1, 65_536]);
        assert!(matches!(short, Triangles::Short(_)));
        assert!(matches!(long, Triangles::Long(_)));
        for (t, last) in [(short, 65_535), (long, 65_536)] {
            let mut out = vec![7];
            t.extend_into(&mut out, 10);
            assert_eq!(out, vec![7, 10, 11, 10 + last], "base added, nothing cut");
        }
    }
}
