//! Curves of a drawing as vertices: polyline bulges and hatch arcs become points along
//! the arc such that no chord strays from the arc by more than the chord tolerance (the
//! sagitta of each piece ≤ tolerance).

use std::f64::consts::PI;

/// At most this many pieces per arc: a tolerance far below the drawing's size must not
/// turn one bulge into millions of vertices.
const MAX_PIECES: usize = 1024;

/// Pieces for an arc of `radius` sweeping `sweep` radians, each piece's sagitta
/// `r (1 − cos(φ/2))` at most `tolerance`.
fn pieces(radius: f64, sweep: f64, tolerance: f64) -> usize {
    if !(radius.is_finite() && sweep.is_finite()) || radius <= tolerance || tolerance <= 0.0 {
        return if sweep.abs() > 1e-12 { 2 } else { 1 };
    }
    let max_angle = 2.0 * (1.0 - tolerance / radius).clamp(-1.0, 1.0).acos();
    let n = (sweep.abs() / max_angle).ceil();
    if n.is_finite() {
        (n as usize).clamp(1, MAX_PIECES)
    } else {
        MAX_PIECES
    }
}

/// The points strictly between `start` and `end` of a polyline segment with `bulge`
/// (tan of a quarter of the included angle; positive turns counter-clockwise).
pub fn bulge_points(start: [f64; 2], end: [f64; 2], bulge: f64, tolerance: f64) -> Vec<[f64; 2]> {
    let (dx, dy) = (end[0] - start[0], end[1] - start[1]);
    let chord = dx.hypot(dy);
    if !bulge.is_finite()
        || bulge.abs() < 1e-12
        || chord.is_nan()
        || chord <= 0.0
        || !chord.is_finite()
    {
        return Vec::new();
    }
    let sweep = 4.0 * bulge.atan();
    let radius = chord * (1.0 + bulge * bulge) / (4.0 * bulge.abs());
    // The centre lies to the left of the chord for a counter-clockwise arc of less than
    // a half turn: offset from the midpoint along the chord's left normal.
    let offset = chord * (1.0 - bulge * bulge) / (4.0 * bulge);
    let (nx, ny) = (-dy / chord, dx / chord);
    let centre = [
        (start[0] + end[0]) / 2.0 + nx * offset,
        (start[1] + end[1]) / 2.0 + ny * offset,
    ];
    let a0 = (start[1] - centre[1]).atan2(start[0] - centre[0]);
    inner_points(centre, radius, a0, sweep, tolerance)
}

/// Points of an arc from angle `a0` sweeping `sweep` radians (negative: clockwise),
/// both ends included.
pub fn arc_points(
    centre: [f64; 2],
    radius: f64,
    a0: f64,
    sweep: f64,
    tolerance: f64,
) -> Vec<[f64; 2]> {
    let at = |a: f64| [centre[0] + radius * a.cos(), centre[1] + radius * a.sin()];
    let mut points = vec![at(a0)];
    points.extend(inner_points(centre, radius, a0, sweep, tolerance));
    points.push(at(a0 + sweep));
    points
}

fn inner_points(
    centre: [f64; 2],
    radius: f64,
    a0: f64,
    sweep: f64,
    tolerance: f64,
) -> Vec<[f64; 2]> {
    let n = pieces(radius, sweep, tolerance);
    (1..n)
        .map(|k| {
            let a = a0 + sweep * k as f64 / n as f64;
            [centre[0] + radius * a.cos(), centre[1] + radius * a.sin()]
        })
        .collect()
}

/// A hatch arc edge's sweep from its start and end angles in degrees: counter-clockwise
/// edges sweep from start up to end; clockwise edges store their angles mirrored
/// (DXF reference, HATCH edge data), so they sweep from −start down to −end.
pub fn edge_arc(start_deg: f64, end_deg: f64, ccw: bool) -> (f64, f64) {
    let (s, e) = (start_deg.to_radians(), end_deg.to_radians());
    let mut sweep = (e - s).rem_euclid(2.0 * PI);
    if sweep < 1e-12 {
        sweep = 2.0 * PI;
    }
    if ccw { (s, sweep) } else { (-s, -sweep) }
}

/// A ring without consecutive duplicates and without the closing repeat, or `None` when
/// fewer than three distinct points remain.
pub fn clean_ring(points: Vec<[f64; 2]>) -> Option<Vec<[f64; 2]>> {
    let mut ring: Vec<[f64; 2]> = Vec::with_capacity(points.len());
    for p in points {
        if !(p[0].is_finite() && p[1].is_finite()) {
            return None;
        }
        if ring.last() != Some(&p) {
            ring.push(p);
        }
    }
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    (ring.len() >= 3).then_some(ring)
}

/// Shoelace area (positive counter-clockwise).
pub fn signed_area(ring: &[[f64; 2]]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum::<f64>()
        / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_half_circle_bulge_stays_within_the_tolerance() {
        let tol = 0.01;
        let inner = bulge_points([100.0, 60.0], [0.0, 60.0], 1.0, tol);
        // Radius 50 about (50, 60); every point on the circle, above the chord.
        for p in &inner {
            assert!(((p[0] - 50.0).hypot(p[1] - 60.0) - 50.0).abs() < 1e-9);
            assert!(p[1] > 60.0);
        }
        let mut ring = vec![[0.0, 0.0], [100.0, 0.0], [100.0, 60.0]];
        ring.extend(&inner);
        ring.push([0.0, 60.0]);
        let exact = 6000.0 + PI * 50.0 * 50.0 / 2.0;
        let area = signed_area(&ring);
        // Each chord loses at most its segment: less than tolerance × arc length.
        assert!(
            area < exact && exact - area < tol * PI * 50.0,
            "{area} {exact}"
        );
        // A looser tolerance gives fewer points.
        assert!(bulge_points([100.0, 60.0], [0.0, 60.0], 1.0, 1.0).len() < inner.len());
    }

    #[test]
    fn negative_bulges_turn_clockwise_and_absurd_ones_are_bounded() {
        let inner = bulge_points([0.0, 0.0], [10.0, 0.0], -0.5, 0.001);
        // Clockwise from left to right: over the top, the centre below the chord.
        assert!(inner.iter().all(|p| p[1] > 0.0), "{inner:?}");
        assert!(bulge_points([0.0, 0.0], [1.0, 0.0], 1e300, 1e-9).len() <= MAX_PIECES);
        assert!(bulge_points([0.0, 0.0], [0.0, 0.0], 1.0, 0.01).is_empty());
        assert!(bulge_points([0.0, 0.0], [1.0, 0.0], f64::NAN, 0.01).is_empty());
    }

    #[test]
    fn hatch_arcs_sweep_the_stated_way() {
        let (a0, sweep) = edge_arc(-90.0, 90.0, true);
        let pts = arc_points([0.0, 0.0], 1.0, a0, sweep, 0.001);
        assert!(pts.iter().all(|p| p[0] >= -1e-12));
        let (a0, sweep) = edge_arc(90.0, 270.0, false);
        let pts = arc_points([0.0, 0.0], 1.0, a0, sweep, 0.001);
        assert!((pts[0][1] + 1.0).abs() < 1e-12, "{:?}", pts[0]);
    }

    #[test]
    fn rings_are_cleaned() {
        assert_eq!(clean_ring(vec![[0.0, 0.0], [1.0, 0.0], [1.0, 0.0]]), None);
        let ring = clean_ring(vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]);
        assert_eq!(ring.map(|r| r.len()), Some(3));
        assert_eq!(
            clean_ring(vec![[f64::NAN, 0.0], [1.0, 0.0], [1.0, 1.0]]),
            None
        );
    }
}
