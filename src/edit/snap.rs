//! Snapping a point to nearby corners and edges (parcel rings, street lines). A corner
//! within the tolerance wins over a closer edge, as in QGIS and Inkscape: planners snap
//! to corners to make parcels share them, and to edges to butt a parcel against another.

use geo::LineString;

/// What a point snapped to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SnapKind {
    Corner,
    Edge,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Snap {
    pub point: [f64; 2],
    pub kind: SnapKind,
}

/// The corner, or else the closest point on an edge, of `lines` within `tolerance` metres
/// of `at`.
pub fn snap<'a>(
    lines: impl IntoIterator<Item = &'a LineString<f64>>,
    at: [f64; 2],
    tolerance: f64,
) -> Option<Snap> {
    let mut corner: Option<([f64; 2], f64)> = None;
    let mut edge: Option<([f64; 2], f64)> = None;
    for line in lines {
        for c in &line.0 {
            let d = (c.x - at[0]).hypot(c.y - at[1]);
            if d <= tolerance && corner.is_none_or(|(_, best)| d < best) {
                corner = Some(([c.x, c.y], d));
            }
        }
        for w in line.0.windows(2) {
            let p = closest_on_segment([w[0].x, w[0].y], [w[1].x, w[1].y], at);
            let d = (p[0] - at[0]).hypot(p[1] - at[1]);
            if d <= tolerance && edge.is_none_or(|(_, best)| d < best) {
                edge = Some((p, d));
            }
        }
    }
    corner
        .map(|(point, _)| Snap {
            point,
            kind: SnapKind::Corner,
        })
        .or(edge.map(|(point, _)| Snap {
            point,
            kind: SnapKind::Edge,
        }))
}

/// The point of segment a–b closest to p.
pub fn closest_on_segment(a: [f64; 2], b: [f64; 2], p: [f64; 2]) -> [f64; 2] {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return a;
    }
    let t = (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0);
    [a[0] + t * dx, a[1] + t * dy]
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::line_string;

    fn square() -> LineString<f64> {
        line_string![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0), (x: 0.0, y: 0.0)]
    }

    #[test]
    fn corner_within_tolerance_wins_over_a_closer_edge() {
        let s = snap([&square()], [9.0, 0.5], 1.5).expect("snaps");
        assert_eq!(s.kind, SnapKind::Corner);
        assert_eq!(s.point, [10.0, 0.0]);
    }

    #[test]
    fn edge_snap_is_the_perpendicular_foot() {
        let s = snap([&square()], [5.0, 0.8], 1.0).expect("snaps");
        assert_eq!(s.kind, SnapKind::Edge);
        assert_eq!(s.point, [5.0, 0.0]);
    }

    #[test]
    fn nothing_beyond_tolerance_and_exactly_at_it_snaps() {
        assert_eq!(snap([&square()], [5.0, 1.01], 1.0), None);
        let s = snap([&square()], [5.0, -1.0], 1.0).expect("at the tolerance");
        assert_eq!(s.point, [5.0, 0.0]);
    }

    #[test]
    fn closest_point_is_clamped_to_the_segment() {
        assert_eq!(
            closest_on_segment([0.0, 0.0], [10.0, 0.0], [-5.0, 3.0]),
            [0.0, 0.0]
        );
        assert_eq!(
            closest_on_segment([0.0, 0.0], [0.0, 0.0], [1.0, 1.0]),
            [0.0, 0.0]
        );
    }
}
