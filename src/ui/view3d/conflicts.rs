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
            let shared = a.stratum_shape(sa).intersection(&*b.stratum_shape(sb));
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

/// Index runs (first index, count) of the ground's grid (`ground`) over the cells
/// that reach farther from `eye` than `haze_start` metres: where the haze tints the
/// ground. The haze is worked out at the grid's corners (`gl.rs`), so a cell whose
/// corners are all nearer is the ground's own colour throughout.
pub fn hazed_ground(radius: f64, eye: [f64; 3], haze_start: f64) -> Vec<(u32, u32)> {
    let r = ground_half_side(radius);
    let n = GROUND_CELLS;
    let step = 2.0 * r / n as f64;
    let far = |i: usize, j: usize| {
        let (x, y) = (-r + i as f64 * step, -r + j as f64 * step);
        let d = (x - eye[0]).powi(2) + (y - eye[1]).powi(2) + eye[2].powi(2);
        d > haze_start * haze_start
    };
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for j in 0..n {
        for i in 0..n {
            let hazed = far(i, j) || far(i + 1, j) || far(i + 1, j + 1) || far(i, j + 1);
            if !hazed {
                continue;
            }
            let first = ((j * n + i) * 6) as u32;
            match runs.last_mut() {
                Some((start, count)) if *start + *count == first => *count += 6,
                _ => runs.push((first, 6)),
            }
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::validate::rights_conflicts_of;
    use crate::model::{LocalFrame, Stratum, ZRange};
    use geo::{MultiPolygon, Rect, coord};

    #[test]
    fn only_the_ground_cells_the_haze_reaches_are_drawn() {
        // A plan of radius 1000 m: the ground's square is 2300 m a side, cells of
        // 2300 / 48 m; the eye 100 m above the square's middle.
        let (radius, eye) = (1000.0, [0.0, 0.0, 100.0]);
        assert!(hazed_ground(radius, eye, 5000.0).is_empty(), "all nearer");
        let all = hazed_ground(radius, eye, 10.0);
        assert_eq!(all, vec![(0, (GROUND_CELLS * GROUND_CELLS * 6) as u32)]);
        // Haze from 1000 m: a cell is drawn when a corner lies beyond (hand-counted
        // with the corner grid below).
        let runs = hazed_ground(radius, eye, 1000.0);
        let step = 2300.0 / GROUND_CELLS as f64;
        let corner = |k: usize| -1150.0 + k as f64 * step;
        let far = |i: usize, j: usize| corner(i).hypot(corner(j)).hypot(100.0) > 1000.0;
        let mut expected = 0;
        for j in 0..GROUND_CELLS {
            for i in 0..GROUND_CELLS {
                let cell = far(i, j) || far(i + 1, j) || far(i, j + 1) || far(i + 1, j + 1);
                expected += usize::from(cell);
            }
        }
        let drawn: u32 = runs.iter().map(|r| r.1).sum();
        assert_eq!(drawn as usize, expected * 6);
        assert!(expected > 0 && expected < GROUND_CELLS * GROUND_CELLS);
        // The middle cell is not drawn; the first (a corner of the square) is.
        let middle = ((GROUND_CELLS / 2 * GROUND_CELLS + GROUND_CELLS / 2) * 6) as u32;
        assert!(!runs.iter().any(|&(s, c)| (s..s + c).contains(&middle)));
        assert_eq!(runs[0].0, 0);
        // Runs are in order and apart (merged when they touch).
        assert!(runs.windows(2).all(|w| w[0].0 + w[0].1 < w[1].0));
    }

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
