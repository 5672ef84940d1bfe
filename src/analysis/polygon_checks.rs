//! Fast, exact shortcuts for validation's polygon checks on real-shaped parcels
//! (30-odd corners each): each answers "certainly fine" or "don't know", and on "don't
//! know" the caller runs the full check, so validation reports exactly what it did.
//!
//! * geo's `Validation` tests every ordered pair of a ring's segments for a
//!   self-intersection (n² exact predicates: a million per 32-corner parcel… per ring);
//!   [`valid_simple_polygon`] asks the same question of the pairs whose bounding boxes
//!   meet, found by a sweep over x — the same predicate on fewer pairs.
//! * A stratum footprint is checked for area outside its parcel by a polygon
//!   difference; [`clearly_inside`] proves most footprints inside with a handful of
//!   segment tests and two point-in-polygon tests.

use geo::{Contains, Coord, Intersects, Line, LineString, MultiPolygon, Polygon};

/// Whether geo's `validation_errors()` of `shape` is certainly empty: one part, no holes,
/// finite coordinates, at least 4 points once consecutive repeats are dropped, and no
/// self-intersection by geo's own rule. `false` means "run the full validation" (holes
/// and several parts always do).
pub(crate) fn valid_simple_polygon(shape: &MultiPolygon<f64>) -> bool {
    let [polygon] = shape.0.as_slice() else {
        return false;
    };
    if !polygon.interiors().is_empty() {
        return false;
    }
    let ring = polygon.exterior();
    !ring.0.is_empty()
        && ring.0.iter().all(|c| c.x.is_finite() && c.y.is_finite())
        && distinct_consecutive(ring) >= 4
        && !ring_self_intersects(ring)
}

/// Points left after dropping consecutive repeats (geo's `remove_repeated_points`).
fn distinct_consecutive(ring: &LineString<f64>) -> usize {
    let extra = ring.0.windows(2).filter(|w| w[0] != w[1]).count();
    if ring.0.is_empty() { 0 } else { extra + 1 }
}

/// geo's rule (`linestring_has_self_intersection`): two different segments that
/// intersect, unless one's start is the other's end. geo tests every ordered pair;
/// segments can only intersect where their bounding boxes meet, so a sweep over x
/// tests those pairs only, in both orders as geo does.
pub(crate) fn ring_self_intersects(ring: &LineString<f64>) -> bool {
    let lines: Vec<Line<f64>> = ring.lines().collect();
    let mut order: Vec<usize> = (0..lines.len()).collect();
    let min_x = |l: &Line<f64>| l.start.x.min(l.end.x);
    order.sort_unstable_by(|&a, &b| min_x(&lines[a]).total_cmp(&min_x(&lines[b])));
    for (k, &i) in order.iter().enumerate() {
        let a = lines[i];
        let (a_max_x, a_min_y, a_max_y) = (
            a.start.x.max(a.end.x),
            a.start.y.min(a.end.y),
            a.start.y.max(a.end.y),
        );
        for &j in &order[k + 1..] {
            let b = lines[j];
            if min_x(&b) > a_max_x {
                break;
            }
            if b.start.y.min(b.end.y) > a_max_y || b.start.y.max(b.end.y) < a_min_y {
                continue;
            }
            if a.start == b.end || a.end == b.start {
                continue;
            }
            if a.intersects(&b) || b.intersects(&a) {
                return true;
            }
        }
    }
    false
}

/// Whether `footprint` certainly lies inside `parcel` (so no area of it is outside):
/// its exterior ring meets no ring of the parcel, one of its points is inside the
/// parcel, and no ring of the parcel lies inside it (a courtyard under a footprint
/// would be outside the parcel). Then the region the ring bounds meets no parcel
/// boundary and holds a point of the parcel's interior, so it is inside the parcel.
/// `false` means "compute the difference".
pub(crate) fn clearly_inside(footprint: &Polygon<f64>, parcel: &MultiPolygon<f64>) -> bool {
    let ring = footprint.exterior();
    let Some(&first) = ring.0.first() else {
        return false;
    };
    let parcel_rings: Vec<&LineString<f64>> = parcel
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .collect();
    if parcel_rings.iter().any(|r| rings_meet(ring, r)) {
        return false;
    }
    if !parcel.contains(&first) {
        return false;
    }
    let outline = Polygon::new(ring.clone(), vec![]);
    parcel_rings
        .iter()
        .all(|r| r.0.first().is_none_or(|p| !outline.intersects(p)))
}

/// Whether two rings share any point (exact segment tests where bounding boxes meet).
/// A segment with its bounding box (min, max corners).
type BoxedLine = (Line<f64>, (Coord<f64>, Coord<f64>));

fn rings_meet(a: &LineString<f64>, b: &LineString<f64>) -> bool {
    let boxed = |l: &Line<f64>| {
        (
            Coord {
                x: l.start.x.min(l.end.x),
                y: l.start.y.min(l.end.y),
            },
            Coord {
                x: l.start.x.max(l.end.x),
                y: l.start.y.max(l.end.y),
            },
        )
    };
    let b_lines: Vec<BoxedLine> = b.lines().map(|l| (l, boxed(&l))).collect();
    a.lines().any(|la| {
        let (lo, hi) = boxed(&la);
        b_lines.iter().any(|(lb, (blo, bhi))| {
            blo.x <= hi.x && bhi.x >= lo.x && blo.y <= hi.y && bhi.y >= lo.y && la.intersects(lb)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::algorithm::Validation;
    use geo::{BooleanOps, MultiPolygon, polygon};

    /// geo's rule, as geo writes it: every ordered pair.
    fn geo_rule(ring: &LineString<f64>) -> bool {
        for (i, a) in ring.lines().enumerate() {
            for (j, b) in ring.lines().enumerate() {
                if i != j && a.intersects(&b) && a.start != b.end && a.end != b.start {
                    return true;
                }
            }
        }
        false
    }

    /// Small rings with random corners on a coarse grid (so that touching, collinear and
    /// repeated points are frequent): the sweep agrees with geo's rule on every one.
    #[test]
    fn the_sweep_agrees_with_geos_rule_on_random_rings() {
        let mut state = 0x1234_5678_9abc_def0u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 5) as f64
        };
        let (mut crossing, mut simple) = (0, 0);
        for n in 0..20_000 {
            let corners = 3 + n % 7;
            let mut points: Vec<Coord<f64>> = (0..corners)
                .map(|_| Coord {
                    x: next(),
                    y: next(),
                })
                .collect();
            points.push(points[0]);
            let ring = LineString::new(points);
            let expected = geo_rule(&ring);
            assert_eq!(ring_self_intersects(&ring), expected, "{ring:?}");
            if expected { crossing += 1 } else { simple += 1 }
        }
        assert!(crossing > 1000 && simple > 1000, "{crossing} / {simple}");
    }

    /// On every parcel of a realistic city, the shortcut says "valid" only where geo
    /// finds no error, and it decides most parcels.
    #[test]
    fn the_shortcut_never_passes_an_invalid_shape() {
        let plan = crate::synth::realistic_city(&crate::synth::RealisticSpec::new(400, 5));
        let mut decided = 0;
        for parcel in &plan.parcels {
            if valid_simple_polygon(&parcel.shape) {
                assert!(parcel.shape.validation_errors().is_empty());
                decided += 1;
            }
        }
        assert!(decided > 300, "{decided}");
        let bow_tie = MultiPolygon::new(vec![polygon![
            (x: 0.0, y: 0.0), (x: 2.0, y: 2.0), (x: 2.0, y: 0.0), (x: 0.0, y: 2.0)
        ]]);
        assert!(!valid_simple_polygon(&bow_tie));
        assert!(!bow_tie.validation_errors().is_empty());
    }

    #[test]
    fn clearly_inside_only_when_nothing_is_outside() {
        let parcel = MultiPolygon::new(vec![polygon![
            exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
            interiors: [[(x: 4.0, y: 4.0), (x: 6.0, y: 4.0), (x: 6.0, y: 6.0), (x: 4.0, y: 6.0)]],
        ]]);
        let square = |x0: f64, y0: f64, side: f64| polygon![(x: x0, y: y0), (x: x0 + side, y: y0), (x: x0 + side, y: y0 + side), (x: x0, y: y0 + side)];
        let cases = [
            (square(1.0, 1.0, 2.0), true),    // inside
            (square(3.0, 3.0, 4.0), false),   // around the courtyard
            (square(4.5, 4.5, 1.0), false),   // in the courtyard
            (square(8.0, 8.0, 4.0), false),   // across the edge
            (square(0.0, 0.0, 2.0), false),   // touching the edge: not decided
            (square(20.0, 20.0, 1.0), false), // outside
        ];
        for (footprint, expected) in cases {
            assert_eq!(
                clearly_inside(&footprint, &parcel),
                expected,
                "{footprint:?}"
            );
            if expected {
                let outside = MultiPolygon::new(vec![footprint]).difference(&parcel);
                assert_eq!(geo::Area::unsigned_area(&outside), 0.0);
            }
        }
    }
}
