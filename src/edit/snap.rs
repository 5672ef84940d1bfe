//! Snapping a point to nearby corners and edges (parcel rings, street lines). A corner
//! within the tolerance wins over a closer edge, as in QGIS and Inkscape: planners snap
//! to corners to make parcels share them, and to edges to butt a parcel against another.

use geo::LineString;
use rstar::RTree;
use rstar::primitives::Line;

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

/// The corners and edges of many lines (a CAD underlay's) in R-trees, so that a snap
/// looks only at what lies within the tolerance: its cost does not grow with the
/// drawing.
pub struct SnapIndex {
    corners: RTree<[f64; 2]>,
    edges: RTree<Line<[f64; 2]>>,
}

impl SnapIndex {
    /// The index of `lines`' vertices and segments (plan metres).
    pub fn new(lines: &[Vec<[f64; 2]>]) -> Self {
        let corners = lines.iter().flatten().copied().collect();
        let edges = lines
            .iter()
            .flat_map(|l| l.windows(2))
            .filter(|w| w[0] != w[1])
            .map(|w| Line::new(w[0], w[1]))
            .collect();
        Self {
            corners: RTree::bulk_load(corners),
            edges: RTree::bulk_load(edges),
        }
    }

    /// The corner, or else the closest point on an edge, within `tolerance` of `at`
    /// (as [`snap`] does for a list of lines).
    pub fn snap(&self, at: [f64; 2], tolerance: f64) -> Option<Snap> {
        let d2 = tolerance * tolerance;
        let dist = |p: [f64; 2]| (p[0] - at[0]).hypot(p[1] - at[1]);
        let corner = self
            .corners
            .locate_within_distance(at, d2)
            .min_by(|a, b| dist(**a).total_cmp(&dist(**b)));
        if let Some(point) = corner {
            return Some(Snap {
                point: *point,
                kind: SnapKind::Corner,
            });
        }
        self.edges
            .locate_within_distance(at, d2)
            .map(|line| closest_on_segment(line.from, line.to, at))
            .filter(|p| dist(*p) <= tolerance)
            .min_by(|a, b| dist(*a).total_cmp(&dist(*b)))
            .map(|point| Snap {
                point,
                kind: SnapKind::Edge,
            })
    }
}

/// The better of two snaps for a point at `at`: a corner over an edge, then the nearer.
pub fn better(a: Option<Snap>, b: Option<Snap>, at: [f64; 2]) -> Option<Snap> {
    let rank = |s: &Snap| {
        (
            s.kind == SnapKind::Edge,
            (s.point[0] - at[0]).hypot(s.point[1] - at[1]),
        )
    };
    match (a, b) {
        (Some(a), Some(b)) => {
            let (ra, rb) = (rank(&a), rank(&b));
            Some(if (ra.0, ra.1) <= (rb.0, rb.1) { a } else { b })
        }
        (a, b) => a.or(b),
    }
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
    fn the_index_snaps_like_the_list() {
        let square: Vec<[f64; 2]> = square().0.iter().map(|c| [c.x, c.y]).collect();
        let far: Vec<[f64; 2]> = vec![[1000.0, 1000.0], [2000.0, 1000.0]];
        let index = SnapIndex::new(&[square, far]);
        for (at, tol) in [
            ([9.0, 0.5], 1.5),
            ([5.0, 0.8], 1.0),
            ([5.0, 1.01], 1.0),
            ([5.0, -1.0], 1.0),
            ([1500.0, 1000.4], 0.5),
        ] {
            let listed = snap([&square_and_far().0, &square_and_far().1], at, tol);
            assert_eq!(index.snap(at, tol), listed, "at {at:?}");
        }
        assert_eq!(
            index.snap([1500.0, 1000.4], 0.5).map(|s| s.point),
            Some([1500.0, 1000.0])
        );
    }

    fn square_and_far() -> (LineString<f64>, LineString<f64>) {
        (
            square(),
            line_string![(x: 1000.0, y: 1000.0), (x: 2000.0, y: 1000.0)],
        )
    }

    #[test]
    fn a_corner_beats_a_nearer_edge_across_sources() {
        let corner = Snap {
            point: [1.0, 0.0],
            kind: SnapKind::Corner,
        };
        let edge = Snap {
            point: [0.1, 0.0],
            kind: SnapKind::Edge,
        };
        assert_eq!(better(Some(edge), Some(corner), [0.0, 0.0]), Some(corner));
        assert_eq!(better(Some(edge), None, [0.0, 0.0]), Some(edge));
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
