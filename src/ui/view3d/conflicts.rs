//! The rights conflicts the validation reports (two strata whose footprints overlap by
//! more than 1 m² and whose heights overlap), as the volumes where they clash: the
//! intersection of the two footprints between the shared heights. The validation names
//! the two parcels; the strata pairs are found again here, for the reported pairs only.

use geo::{Area, BooleanOps};

use super::mesh::{Triangles, display_range};
use crate::model::{Parcel, Plan, Problem, ProblemKind, Scenario};

/// Overlaps smaller than this (m²) are slivers, not conflicts (as the validation).
const MIN_OVERLAP_M2: f64 = 1.0;
/// Pairs of parcels looked at, at most (a broken plan may report thousands).
const MAX_PAIRS: usize = 2000;

/// The clash volumes of the conflicts among `problems` in `scenario`.
pub fn conflict_volumes(
    plan: &Plan,
    scenario: Scenario,
    problems: &[Problem],
    origin: [f64; 2],
) -> Triangles {
    let mut triangles = Triangles::default();
    let mut pairs: Vec<(&str, &str)> = problems
        .iter()
        .filter(|p| p.kind == ProblemKind::RightsConflict)
        .filter_map(|p| {
            Some((
                p.feature.as_deref()?,
                p.other.as_deref().or(p.feature.as_deref())?,
            ))
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let find = |id: &str| {
        plan.parcels
            .iter()
            .find(|p| p.id.as_str() == id && p.scenario == scenario)
    };
    for (a, b) in pairs.into_iter().take(MAX_PAIRS) {
        if let (Some(a), Some(b)) = (find(a), find(b)) {
            add_pair(&mut triangles, a, b, origin);
        }
    }
    triangles
}

fn add_pair(triangles: &mut Triangles, a: &Parcel, b: &Parcel, origin: [f64; 2]) {
    let same = a.id == b.id;
    for (i, sa) in a.strata.iter().enumerate() {
        for (j, sb) in b.strata.iter().enumerate() {
            if (same && j <= i) || !sa.z.overlaps(&sb.z) {
                continue;
            }
            let (Some((ab, at)), Some((bb, bt))) = (display_range(sa), display_range(sb)) else {
                continue;
            };
            let shared = a.stratum_shape(sa).intersection(&b.stratum_shape(sb));
            if shared.unsigned_area() > MIN_OVERLAP_M2 {
                triangles.add_prism(&shared, origin, ab.max(bb), at.min(bt));
            }
        }
    }
}

/// Half the side of the ground's square (centred on the scene's origin) for a plan
/// of `radius` metres.
pub fn ground_half_side(radius: f64) -> f64 {
    (radius * 1.15).max(10.0)
}

/// Squares a side of the ground's grid: the haze is worked out at its corners.
const GROUND_CELLS: usize = 48;

/// The ground: a square at z = 0 somewhat larger than the plan, as a grid of squares
/// (one surface, drawn from both sides).
pub fn ground(radius: f64) -> Triangles {
    let r = ground_half_side(radius);
    let n = GROUND_CELLS;
    let step = 2.0 * r / n as f64;
    let mut triangles = Triangles::default();
    for j in 0..=n {
        for i in 0..=n {
            let (x, y) = (-r + i as f64 * step, -r + j as f64 * step);
            triangles.vertices.extend([x as f32, y as f32, 0.0, 1.0]);
        }
    }
    let at = |i: usize, j: usize| (j * (n + 1) + i) as u32;
    for j in 0..n {
        for i in 0..n {
            let [a, b, c, d] = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)];
            triangles.indices.extend([a, b, c, a, c, d]);
        }
    }
    triangles
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::validate::rights_conflicts_of;
    use crate::model::{LocalFrame, Stratum, ZRange};
    use geo::{MultiPolygon, Rect, coord};

    #[test]
    fn two_overlapping_strata_clash_where_footprints_and_heights_overlap() {
        let square = |x: f64| {
            MultiPolygon::new(vec![
                Rect::new(coord! {x: x, y: 0.0}, coord! {x: x + 100.0, y: 100.0}).to_polygon(),
            ])
        };
        let mut plan = Plan::new(LocalFrame::new(120.0, 30.0));
        let mut a = Parcel::new("a", Scenario::Proposed, square(0.0));
        let mut sa = Stratum::ground("s1", "0701");
        sa.z = ZRange::new(0.0, 30.0);
        a.strata = vec![sa];
        // b overlaps a by 40 m × 100 m, from 10 m to 50 m.
        let mut b = Parcel::new("b", Scenario::Proposed, square(60.0));
        let mut sb = Stratum::ground("s1", "0902");
        sb.z = ZRange::new(10.0, 50.0);
        b.strata = vec![sb];
        plan.parcels = vec![a, b];
        let problems = rights_conflicts_of(&plan);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let volume = conflict_volumes(&plan, Scenario::Proposed, &problems, [0.0, 0.0]);
        let (mut lo, mut hi) = ([f32::MAX; 3], [f32::MIN; 3]);
        for v in volume.vertices.chunks_exact(4) {
            for k in 0..3 {
                lo[k] = lo[k].min(v[k]);
                hi[k] = hi[k].max(v[k]);
            }
        }
        assert_eq!((lo, hi), ([60.0, 0.0, 10.0], [100.0, 100.0, 30.0]));
    }
}
