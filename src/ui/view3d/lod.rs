//! Levels of detail for the 3D view. Seen from a district's height, a city's far tiles
//! are specks whose every corner still costs a software renderer (llvmpipe shades
//! vertices on one thread): each tile's mesh carries, after its full prisms, the same
//! prisms over footprints simplified by `TOLERANCES` metres (Ramer–Douglas–Peucker), and
//! a frame draws each tile at the coarsest level whose tolerance stays under about a
//! pixel at the tile's distance; at a coarser level a stratum thinner than the
//! tolerance is drawn without walls (they would be under that pixel or two high, so
//! the level is chosen finer when heights are exaggerated). Picking and highlighting
//! use the full level.

use geo::{Coord, LineString, MultiPolygon, Polygon, Simplify};

/// Tolerances of the levels (metres); level 0 is the footprint itself.
pub const TOLERANCES: [f64; 4] = [0.0, 1.5, 5.0, 12.0];
/// Levels a tile's mesh holds.
pub const LEVELS: usize = TOLERANCES.len();
/// How many pixels a simplified corner may stray on screen (a district seen whole; a
/// click still picks on the full prisms).
const PIXELS: f64 = 3.0;

/// The footprint simplified for `level`: every ring by the level's tolerance; a ring
/// that would collapse (fewer than three corners) stays as it is, a hole smaller than
/// twice the tolerance goes (it would be under two pixels across).
pub fn simplified(shape: &MultiPolygon<f64>, level: usize) -> MultiPolygon<f64> {
    let tolerance = TOLERANCES[level.min(LEVELS - 1)];
    if tolerance <= 0.0 {
        return shape.clone();
    }
    let ring = |r: &LineString<f64>| {
        let s = r.simplify(tolerance);
        if s.0.len() >= 4 { s } else { r.clone() }
    };
    let polygons = shape
        .0
        .iter()
        .map(|p| {
            let holes = p
                .interiors()
                .iter()
                .filter(|h| extent(&h.0) >= 2.0 * tolerance)
                .map(ring)
                .collect();
            Polygon::new(ring(p.exterior()), holes)
        })
        .collect();
    MultiPolygon::new(polygons)
}

/// The larger side of the ring's bounding box.
fn extent(coords: &[Coord<f64>]) -> f64 {
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for c in coords {
        lo = [lo[0].min(c.x), lo[1].min(c.y)];
        hi = [hi[0].max(c.x), hi[1].max(c.y)];
    }
    (hi[0] - lo[0]).max(hi[1] - lo[1])
}

/// The level to draw a tile at whose nearest point is `distance` metres from the eye,
/// when one metre at one metre's distance covers `pixels_per_radian` pixels (the
/// view's height over its vertical field of view, in the small-angle sense) and
/// heights are multiplied by `exaggeration` (at least 1).
pub fn level_for(distance: f64, pixels_per_radian: f64, exaggeration: f64) -> usize {
    let metres_per_pixel = distance.max(0.0) / pixels_per_radian.max(1e-9) / exaggeration.max(1.0);
    (0..LEVELS)
        .rev()
        .find(|&l| TOLERANCES[l] <= PIXELS * metres_per_pixel)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, coord};

    /// A 40 × 60 m rectangle whose sides wobble by up to 0.5 m (12 corners a side).
    fn wobbly() -> MultiPolygon<f64> {
        let mut ring = Vec::new();
        let corners = [(0.0, 0.0), (40.0, 0.0), (40.0, 60.0), (0.0, 60.0)];
        for k in 0..4 {
            let (a, b) = (corners[k], corners[(k + 1) % 4]);
            for i in 0..12 {
                let t = i as f64 / 12.0;
                let wobble = if i % 2 == 1 { 0.5 } else { 0.0 };
                let len = f64::hypot(b.0 - a.0, b.1 - a.1);
                let (nx, ny) = ((b.1 - a.1) / len, -(b.0 - a.0) / len);
                ring.push(coord! {
                    x: a.0 + (b.0 - a.0) * t + nx * wobble,
                    y: a.1 + (b.1 - a.1) * t + ny * wobble,
                });
            }
        }
        ring.push(ring[0]);
        MultiPolygon::new(vec![Polygon::new(LineString::new(ring), vec![])])
    }

    #[test]
    fn coarser_levels_keep_the_shape_with_fewer_corners() {
        let shape = wobbly();
        let corners = |m: &MultiPolygon<f64>| m.0[0].exterior().0.len();
        assert_eq!(corners(&simplified(&shape, 0)), 49);
        let coarse = simplified(&shape, 1);
        assert_eq!(corners(&coarse), 5, "{coarse:?}");
        // Within the tolerance of the original everywhere: the area moves by little.
        let (a, b) = (shape.unsigned_area(), coarse.unsigned_area());
        assert!((a - b).abs() < 200.0 * 0.5, "{a} {b}");
    }

    #[test]
    fn a_small_hole_goes_and_a_tiny_parcel_stays() {
        let square = |x: f64, s: f64| {
            LineString::from(vec![(x, x), (x + s, x), (x + s, x + s), (x, x + s), (x, x)])
        };
        let shape = MultiPolygon::new(vec![Polygon::new(
            square(0.0, 100.0),
            vec![square(10.0, 5.0), square(50.0, 30.0)],
        )]);
        let coarse = simplified(&shape, 2);
        assert_eq!(coarse.0[0].interiors().len(), 1);
        let tiny = MultiPolygon::new(vec![Polygon::new(square(0.0, 2.0), vec![])]);
        assert_eq!(simplified(&tiny, 2), tiny);
    }

    #[test]
    fn the_level_grows_with_distance() {
        // 1000 px over 45°: about 1273 px per radian.
        let ppr = 1000.0 / std::f64::consts::FRAC_PI_4;
        assert_eq!(level_for(500.0, ppr, 1.0), 0);
        assert_eq!(level_for(1500.0, ppr, 1.0), 1);
        assert_eq!(level_for(3000.0, ppr, 1.0), 2);
        assert_eq!(level_for(6000.0, ppr, 1.0), 3);
        // Heights ten times: walls ten times as high, so a finer level.
        assert_eq!(level_for(20000.0, ppr, 10.0), 1);
        assert_eq!(level_for(f64::NAN, ppr, 1.0), 0);
    }
}
