//! Geometry operations on parcels (merge, split by a line, vertex move/insert/delete) as
//! edit commands. Each checks its result: an operation that cannot give a valid polygon is
//! refused with a reason and the plan stays as it was.

use geo::algorithm::Validation;
use geo::{Area, BooleanOps, BoundingRect, Coord, LineString, MultiPolygon, Polygon};

use super::create::fresh_id;
use super::error::refused;
use super::unit_codes;
use super::{EditCmd, EditError, Label};
use crate::i18n::Message;
use crate::model::{ParcelId, Plan};
use crate::msg;

/// Pieces smaller than this (m²) are slivers of the operation, not parcels.
const MIN_PIECE_M2: f64 = 1.0;

/// The result of an operation, without its slivers, if it is a valid polygon.
///
/// Repeated consecutive points are dropped first: a vertex dragged exactly onto its
/// neighbour merges with it, as in QGIS, instead of leaving a zero-length edge.
pub(crate) fn checked(
    shape: MultiPolygon<f64>,
    what: &Message,
) -> Result<MultiPolygon<f64>, EditError> {
    use geo::RemoveRepeatedPoints;
    let shape = MultiPolygon::new(
        shape
            .0
            .into_iter()
            .filter(|p| p.unsigned_area() >= MIN_PIECE_M2)
            .map(|p| p.remove_repeated_points())
            .collect(),
    );
    if shape.0.is_empty() {
        return Err(refused(msg!(
            "edit-err-leaves-no-area",
            what = what.clone()
        )));
    }
    if let Err(problem) = shape.check_validation() {
        return Err(refused(msg!(
            "edit-err-invalid-result",
            what = what.clone(),
            problem = crate::model::shape_reason(&problem)
        )));
    }
    Ok(shape)
}

/// A parcel's shape as input of a boolean operation: boolean operations on an invalid
/// polygon (a bow tie, a hole outside its shell) give meaningless results, so it is
/// refused with the problem, to be fixed first.
pub(crate) fn valid_input(id: &ParcelId, shape: &MultiPolygon<f64>) -> Result<(), EditError> {
    shape.check_validation().map_err(|problem| {
        refused(msg!(
            "edit-err-invalid-input",
            id = id.as_str(),
            problem = crate::model::shape_reason(&problem)
        ))
    })
}

/// Runs one of geo's boolean operations (union, intersection, difference).
///
/// Last line of defence: geo's overlay engine has panicked on some near-degenerate
/// inputs in the past, and a panic inside an edit would take the editor and the unsaved
/// plan down with it. A panic here becomes a refusal; nothing has been changed yet, as
/// the operation only reads the plan and returns a new shape. The inputs are checked
/// for validity first, and the outputs after, so this should not be reached; the
/// property tests in `tests/geometry_robustness.rs` look for inputs that reach it.
pub(crate) fn boolean_op(
    what: &Message,
    op: impl FnOnce() -> MultiPolygon<f64>,
) -> Result<MultiPolygon<f64>, EditError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(op))
        .map_err(|_| refused(msg!("edit-err-geometry-panic", what = what.clone())))
}

fn index_of(plan: &Plan, id: &ParcelId) -> Result<usize, EditError> {
    plan.parcels
        .iter()
        .position(|p| &p.id == id)
        .ok_or_else(|| refused(msg!("edit-err-no-parcel", id = id.as_str())))
}

/// Merges parcel `other` into parcel `keep` (which keeps its id, attributes and strata).
///
/// ```
/// use geo::{Coord, MultiPolygon, Rect};
/// use strata::model::{Parcel, Plan, Scenario};
/// let square = |x: f64| MultiPolygon::new(vec![Rect::new(Coord { x, y: 0.0 }, Coord { x: x + 50.0, y: 50.0 }).to_polygon()]);
/// let mut plan = Plan::new(strata::model::LocalFrame::new(120.0, 30.0));
/// plan.parcels.push(Parcel::new("a", Scenario::Proposed, square(0.0)));
/// plan.parcels.push(Parcel::new("b", Scenario::Proposed, square(50.0)));
/// let cmd = strata::edit::geometry::merge_parcels(&plan, &plan.parcels[0].id, &plan.parcels[1].id).unwrap();
/// cmd.apply(&mut plan).unwrap();
/// assert_eq!(plan.parcels.len(), 1);
/// assert!((plan.parcels[0].area().m2() - 5000.0).abs() < 1e-6);
/// ```
pub fn merge_parcels(plan: &Plan, keep: &ParcelId, other: &ParcelId) -> Result<EditCmd, EditError> {
    if keep == other {
        return Err(refused(msg!("edit-err-merge-same")));
    }
    let (ki, oi) = (index_of(plan, keep)?, index_of(plan, other)?);
    let (k, o) = (&plan.parcels[ki], &plan.parcels[oi]);
    if k.scenario != o.scenario {
        return Err(refused(msg!("edit-err-merge-scenarios")));
    }
    if k.strata
        .iter()
        .chain(&o.strata)
        .any(|s| s.footprint.is_some())
    {
        return Err(refused(msg!("edit-err-merge-footprints")));
    }
    valid_input(keep, &k.shape)?;
    valid_input(other, &o.shape)?;
    let what = msg!("edit-what-merge");
    let union = checked(boolean_op(&what, || k.shape.union(&o.shape))?, &what)?;
    let mut steps = vec![
        EditCmd::RemoveParcel {
            index: oi,
            parcel: Box::new(o.clone()),
        },
        EditCmd::SetGeometry {
            id: keep.clone(),
            old: k.shape.clone(),
            new: union,
        },
    ];
    steps.extend(renumbered_after_merge(plan, ki, &o.strata));
    Ok(EditCmd::Batch(steps))
}

/// The kept parcel's strata with new unit codes after a merge, the merged parcels'
/// codes of the same layer on record; `None` when no stratum has a code.
fn renumbered_after_merge<'a>(
    plan: &Plan,
    keep: usize,
    merged: impl IntoIterator<Item = &'a crate::model::Stratum>,
) -> Option<EditCmd> {
    let k = &plan.parcels[keep];
    let mut strata = k.strata.clone();
    let mut next = unit_codes::next_sequence(plan);
    unit_codes::renumber(&mut strata, &mut next, &unit_codes::codes_of(merged));
    (strata != k.strata).then(|| EditCmd::SetStrata {
        id: k.id.clone(),
        old: k.strata.clone(),
        new: strata,
    })
}

/// Merges several parcels into `keep` in one step (the others are removed).
pub fn merge_many(plan: &Plan, keep: &ParcelId, others: &[ParcelId]) -> Result<EditCmd, EditError> {
    let mut scratch_steps = Vec::new();
    let mut removed: Vec<usize> = Vec::new();
    let ki = index_of(plan, keep)?;
    let what = msg!("edit-what-merge");
    let mut union = plan.parcels[ki].shape.clone();
    for other in others.iter().filter(|o| *o != keep) {
        let oi = index_of(plan, other)?;
        if removed.contains(&oi) {
            continue;
        }
        // Checks scenario, footprints and validity pair by pair.
        merge_parcels(plan, keep, other)?;
        let next = &plan.parcels[oi].shape;
        union = boolean_op(&what, || union.union(next))?;
        removed.push(oi);
    }
    if removed.is_empty() {
        return Err(refused(msg!("edit-err-merge-few")));
    }
    let union = checked(union, &what)?;
    // Remove from the back so that the indices recorded stay right.
    removed.sort_unstable_by(|a, b| b.cmp(a));
    let removed_parcels = removed.clone();
    for oi in removed {
        scratch_steps.push(EditCmd::RemoveParcel {
            index: oi,
            parcel: Box::new(plan.parcels[oi].clone()),
        });
    }
    scratch_steps.push(EditCmd::SetGeometry {
        id: keep.clone(),
        old: plan.parcels[ki].shape.clone(),
        new: union,
    });
    // The label counts removals and the reshape, as before codes were renumbered.
    let n = scratch_steps.len();
    let merged = removed_parcels
        .iter()
        .flat_map(|&i| &plan.parcels[i].strata);
    scratch_steps.extend(renumbered_after_merge(plan, ki, merged));
    Ok(EditCmd::Named {
        label: Label::MergeMany {
            n,
            keep: keep.clone(),
        },
        cmd: Box::new(EditCmd::Batch(scratch_steps)),
    })
}

/// Moves parcels by (dx, dy) metres, as one step.
pub fn translate_parcels(
    plan: &Plan,
    ids: &[ParcelId],
    dx: f64,
    dy: f64,
) -> Result<EditCmd, EditError> {
    if !(dx.is_finite() && dy.is_finite()) {
        return Err(refused(msg!("edit-err-move-infinite")));
    }
    let steps = ids
        .iter()
        .map(|id| {
            let parcel = &plan.parcels[index_of(plan, id)?];
            Ok(EditCmd::SetGeometry {
                id: id.clone(),
                old: parcel.shape.clone(),
                new: geo::Translate::translate(&parcel.shape, dx, dy),
            })
        })
        .collect::<Result<Vec<_>, EditError>>()?;
    if steps.is_empty() {
        return Err(refused(msg!("edit-err-move-none")));
    }
    Ok(EditCmd::Named {
        label: Label::MoveParcels {
            n: steps.len(),
            dx,
            dy,
        },
        cmd: Box::new(EditCmd::Batch(steps)),
    })
}

/// Splits a parcel along the straight line through `a` and `b` (world metres) into two
/// parcels; the part left of the line keeps the id, the other gets a new one and a copy
/// of the attributes.
pub fn split_parcel(
    plan: &Plan,
    id: &ParcelId,
    a: [f64; 2],
    b: [f64; 2],
) -> Result<EditCmd, EditError> {
    let index = index_of(plan, id)?;
    let parcel = &plan.parcels[index];
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let length = dx.hypot(dy);
    if length.is_nan() || length <= 0.01 {
        return Err(refused(msg!("edit-err-split-line")));
    }
    let rect = parcel
        .shape
        .bounding_rect()
        .ok_or_else(|| refused(msg!("edit-err-no-geometry")))?;
    let side = |sign: f64| half_plane(rect, a, [dx / length, dy / length], sign);
    valid_input(id, &parcel.shape)?;
    let what = msg!("edit-what-split");
    let left = boolean_op(&what, || parcel.shape.intersection(&side(1.0)))?;
    let right = boolean_op(&what, || parcel.shape.intersection(&side(-1.0)))?;
    let (left, right) = (checked(left, &what)?, checked(right, &what)?);
    let mut left_strata = split_strata(&parcel.strata, &side(1.0), &what)?;
    let mut right_strata = split_strata(&parcel.strata, &side(-1.0), &what)?;
    // Both pieces are new units of the register: new codes, the old one on record.
    let mut next = unit_codes::next_sequence(plan);
    unit_codes::renumber(&mut left_strata, &mut next, &[]);
    unit_codes::renumber(&mut right_strata, &mut next, &[]);
    let mut piece = parcel.clone();
    piece.id = ParcelId::new(fresh_id(plan, &format!("{}-", parcel.id)));
    piece.shape = right;
    piece.strata = right_strata;
    piece.population = parcel
        .population
        .map(|p| p * piece.shape.unsigned_area() / parcel.shape.unsigned_area());
    let mut kept_population = None;
    if let Some(p) = parcel.population {
        kept_population = Some(p * left.unsigned_area() / parcel.shape.unsigned_area());
    }
    let mut commands = vec![EditCmd::SetGeometry {
        id: id.clone(),
        old: parcel.shape.clone(),
        new: left,
    }];
    if left_strata != parcel.strata {
        commands.push(EditCmd::SetStrata {
            id: id.clone(),
            old: parcel.strata.clone(),
            new: left_strata,
        });
    }
    if parcel.population.is_some() {
        commands.push(EditCmd::SetPopulation {
            id: id.clone(),
            old: parcel.population,
            new: kept_population,
        });
    }
    commands.push(EditCmd::AddParcel {
        index: index + 1,
        parcel: Box::new(piece),
    });
    Ok(EditCmd::Batch(commands))
}

/// The half-plane left (`sign` 1) or right (-1) of the line through `a` along the unit
/// vector `u`, as a rectangle large enough to hold all of `rect` on that side.
fn half_plane(rect: geo::Rect<f64>, a: [f64; 2], u: [f64; 2], sign: f64) -> MultiPolygon<f64> {
    let reach = 4.0
        * (rect.width()
            + rect.height()
            + (a[0] - rect.center().x).abs()
            + (a[1] - rect.center().y).abs())
        + 10.0;
    let (ux, uy) = (u[0] * reach, u[1] * reach);
    let (nx, ny) = (-uy, ux); // left normal, same length
    let p = |x: f64, y: f64| Coord { x, y };
    let (x0, y0, x1, y1) = (a[0] - ux, a[1] - uy, a[0] + ux, a[1] + uy);
    MultiPolygon::new(vec![Polygon::new(
        LineString::new(vec![
            p(x0, y0),
            p(x1, y1),
            p(x1 + sign * nx, y1 + sign * ny),
            p(x0 + sign * nx, y0 + sign * ny),
            p(x0, y0),
        ]),
        vec![],
    )])
}

/// The strata of one side of a split: a stratum with its own footprint keeps the part
/// of it on that side (and is left out when none is); one covering the whole parcel
/// keeps covering its part. A footprint the line would cut into several pieces is
/// refused: a stratum has one footprint polygon.
fn split_strata(
    strata: &[crate::model::Stratum],
    side: &MultiPolygon<f64>,
    what: &Message,
) -> Result<Vec<crate::model::Stratum>, EditError> {
    let mut out = Vec::with_capacity(strata.len());
    for stratum in strata {
        let Some(footprint) = &stratum.footprint else {
            out.push(stratum.clone());
            continue;
        };
        let footprint = MultiPolygon::new(vec![footprint.clone()]);
        let part = boolean_op(what, || footprint.intersection(side))?;
        let mut pieces: Vec<Polygon<f64>> = part
            .0
            .into_iter()
            .filter(|p| p.unsigned_area() >= MIN_PIECE_M2)
            .collect();
        match pieces.len() {
            0 => {}
            1 => {
                let mut kept = stratum.clone();
                kept.footprint = pieces.pop();
                out.push(kept);
            }
            _ => {
                return Err(refused(msg!(
                    "edit-err-split-footprint-pieces",
                    stratum = stratum.id.as_str()
                )));
            }
        }
    }
    Ok(out)
}

/// Where a vertex is: polygon part, ring (0 = exterior), index in the ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VertexRef {
    pub part: usize,
    pub ring: usize,
    pub index: usize,
}

fn with_ring(
    shape: &MultiPolygon<f64>,
    v: VertexRef,
    edit: impl FnOnce(&mut Vec<Coord<f64>>) -> Result<(), EditError>,
) -> Result<MultiPolygon<f64>, EditError> {
    let mut shape = shape.clone();
    let polygon = shape
        .0
        .get_mut(v.part)
        .ok_or_else(|| refused(msg!("edit-err-no-part")))?;
    let mut result = Ok(());
    let mut edit = Some(edit);
    let mut apply = |ring: &mut LineString<f64>| {
        // Work on the open ring (without the closing point), then close it again.
        let mut open: Vec<Coord<f64>> = ring.0.clone();
        open.pop();
        if let Some(edit) = edit.take() {
            result = edit(&mut open);
        }
        if let Some(&first) = open.first() {
            open.push(first);
        }
        ring.0 = open;
    };
    if v.ring == 0 {
        polygon.exterior_mut(|r| apply(r));
    } else {
        if v.ring > polygon.interiors().len() {
            return Err(refused(msg!("edit-err-no-ring")));
        }
        polygon.interiors_mut(|rings| apply(&mut rings[v.ring - 1]));
    }
    result?;
    Ok(shape)
}

/// Moves a vertex of a parcel.
pub fn move_vertex(
    plan: &Plan,
    id: &ParcelId,
    v: VertexRef,
    to: [f64; 2],
) -> Result<EditCmd, EditError> {
    let parcel = &plan.parcels[index_of(plan, id)?];
    let new = with_ring(&parcel.shape, v, |ring| {
        let slot = ring
            .get_mut(v.index)
            .ok_or_else(|| refused(msg!("edit-err-no-vertex")))?;
        *slot = Coord { x: to[0], y: to[1] };
        Ok(())
    })?;
    Ok(EditCmd::SetGeometry {
        id: id.clone(),
        old: parcel.shape.clone(),
        new: checked(new, &msg!("edit-what-move-vertex"))?,
    })
}

/// Inserts a vertex after `v` (on the edge from `v` to the next vertex).
pub fn insert_vertex(
    plan: &Plan,
    id: &ParcelId,
    v: VertexRef,
    at: [f64; 2],
) -> Result<EditCmd, EditError> {
    let parcel = &plan.parcels[index_of(plan, id)?];
    let new = with_ring(&parcel.shape, v, |ring| {
        if v.index >= ring.len() {
            return Err(refused(msg!("edit-err-no-vertex")));
        }
        ring.insert(v.index + 1, Coord { x: at[0], y: at[1] });
        Ok(())
    })?;
    Ok(EditCmd::SetGeometry {
        id: id.clone(),
        old: parcel.shape.clone(),
        new: checked(new, &msg!("edit-what-insert-vertex"))?,
    })
}

/// Deletes a vertex (a ring keeps at least three).
pub fn delete_vertex(plan: &Plan, id: &ParcelId, v: VertexRef) -> Result<EditCmd, EditError> {
    let parcel = &plan.parcels[index_of(plan, id)?];
    let new = with_ring(&parcel.shape, v, |ring| {
        if ring.len() <= 3 {
            return Err(refused(msg!("edit-err-three-corners")));
        }
        if v.index >= ring.len() {
            return Err(refused(msg!("edit-err-no-vertex")));
        }
        ring.remove(v.index);
        Ok(())
    })?;
    Ok(EditCmd::SetGeometry {
        id: id.clone(),
        old: parcel.shape.clone(),
        new: checked(new, &msg!("edit-what-delete-vertex"))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two 50 m squares side by side, and a third apart.
    fn city() -> Plan {
        use crate::model::{Parcel, Scenario, Stratum};
        use geo::Rect;
        let square = |x: f64| {
            MultiPolygon::new(vec![
                Rect::new(
                    Coord { x, y: 0.0 },
                    Coord {
                        x: x + 50.0,
                        y: 50.0,
                    },
                )
                .to_polygon(),
            ])
        };
        let mut plan = Plan::new(crate::model::LocalFrame::new(120.0, 30.0));
        for (id, x) in [("p-1", 0.0), ("p-2", 50.0), ("p-3", 200.0)] {
            let mut p = Parcel::new(id, Scenario::Proposed, square(x));
            p.strata.push(Stratum::ground("s1", "0701"));
            plan.parcels.push(p);
        }
        plan
    }

    #[test]
    fn split_a_square_through_its_middle() {
        let plan = city();
        let p = plan.parcels[0].clone();
        let r = p.shape.bounding_rect().expect("rect");
        let (cx, cy) = (r.center().x, r.center().y);
        let cmd = split_parcel(&plan, &p.id, [cx, cy - 100.0], [cx, cy + 100.0]).expect("split");
        let mut after = plan.clone();
        cmd.apply(&mut after).expect("apply");
        assert_eq!(after.parcels.len(), plan.parcels.len() + 1);
        let kept = after.parcel(&p.id).expect("kept");
        let piece = &after.parcels[1];
        assert!(
            (kept.area().m2() - 1250.0).abs() < 1e-6 && (piece.area().m2() - 1250.0).abs() < 1e-6
        );
        // Undo restores it exactly.
        cmd.inverse().apply(&mut after).expect("undo");
        assert_eq!(after, plan);
    }

    #[test]
    fn a_split_cuts_the_strata_footprints_with_the_parcel() {
        use crate::model::Stratum;
        use geo::Rect;
        let rect = |x0: f64, x1: f64| {
            Rect::new(Coord { x: x0, y: 10.0 }, Coord { x: x1, y: 40.0 }).to_polygon()
        };
        let mut plan = city();
        // p-1 is 0..50 × 0..50: a block across the line x = 25, a kiosk left of it.
        let mut block = Stratum::ground("block", "0701");
        block.footprint = Some(rect(10.0, 40.0));
        let mut kiosk = Stratum::ground("kiosk", "090101");
        kiosk.z.bottom = 3.0;
        kiosk.z.top = 6.0;
        kiosk.footprint = Some(rect(2.0, 8.0));
        plan.parcels[0].strata = vec![block, kiosk];
        let id = plan.parcels[0].id.clone();
        let cmd = split_parcel(&plan, &id, [25.0, -100.0], [25.0, 100.0]).expect("split");
        let mut after = plan.clone();
        cmd.apply(&mut after).expect("apply");
        let area = |s: &Stratum| s.footprint.as_ref().map_or(0.0, |f| f.unsigned_area());
        let left = after.parcel(&id).expect("kept").strata.clone();
        let right = after.parcels[1].strata.clone();
        // The line x = 25 runs upwards: the kept part is the one left of it (x < 25).
        assert_eq!(left.len(), 2, "{left:?}");
        assert!((area(&left[0]) - 15.0 * 30.0).abs() < 1e-6);
        assert!((area(&left[1]) - 6.0 * 30.0).abs() < 1e-6);
        assert_eq!(right.len(), 1, "the kiosk stays on its side");
        assert!((area(&right[0]) - 15.0 * 30.0).abs() < 1e-6);
        cmd.inverse().apply(&mut after).expect("undo");
        assert_eq!(after, plan);
    }

    #[test]
    fn a_line_missing_the_parcel_is_refused() {
        let plan = city();
        let p = &plan.parcels[0];
        let err = split_parcel(&plan, &p.id, [5000.0, 0.0], [5000.0, 10.0])
            .expect_err("refused")
            .to_string();
        assert!(err.contains("no area"), "{err}");
    }

    #[test]
    fn merging_neighbours_gives_one_polygon_and_refuses_itself() {
        let plan = city();
        let (a, b) = (plan.parcels[0].id.clone(), plan.parcels[1].id.clone());
        let cmd = merge_parcels(&plan, &a, &b).expect("merge");
        let mut after = plan.clone();
        cmd.apply(&mut after).expect("apply");
        let merged = after.parcel(&a).expect("merged");
        assert_eq!(merged.shape.0.len(), 1, "shared edge dissolved");
        assert!((merged.area().m2() - 5000.0).abs() < 1e-6);
        assert!(merge_parcels(&plan, &a, &a).is_err());
    }

    #[test]
    fn vertex_edits_check_validity() {
        let plan = city();
        let p = &plan.parcels[0];
        let v = VertexRef {
            part: 0,
            ring: 0,
            index: 0,
        };
        let ring = &p.shape.0[0].exterior().0;
        // Moving a corner onto the far side of the square folds it into a bow tie: refused.
        let far = ring[2];
        let bow = [far.x + (far.x - ring[0].x), far.y];
        assert!(move_vertex(&plan, &p.id, v, bow).is_err(), "{:?}", ring);
        // A small move is fine, an insert on an edge keeps the area, a triangle keeps 3 corners.
        let cmd = move_vertex(&plan, &p.id, v, [ring[0].x - 5.0, ring[0].y]).expect("move");
        let mut after = plan.clone();
        cmd.apply(&mut after).expect("apply");
        // A corner of a 50 m square moved 5 m sideways changes the area by 5 × 50 / 2.
        assert!(
            ((after.parcel(&p.id).expect("p").area().m2() - p.area().m2()).abs() - 125.0).abs()
                < 1e-9
        );
        let mid = [(ring[0].x + ring[1].x) / 2.0, (ring[0].y + ring[1].y) / 2.0];
        let cmd = insert_vertex(&plan, &p.id, v, mid).expect("insert");
        let mut after = plan.clone();
        cmd.apply(&mut after).expect("apply");
        assert_eq!(
            after.parcel(&p.id).expect("p").shape.0[0]
                .exterior()
                .0
                .len(),
            ring.len() + 1
        );
        assert!((after.parcel(&p.id).expect("p").area().m2() - p.area().m2()).abs() < 1e-9);
        let mut tri = plan.clone();
        delete_vertex(&plan, &p.id, v)
            .expect("delete")
            .apply(&mut tri)
            .expect("apply");
        let t = tri.parcel(&p.id).expect("p").clone();
        assert!(
            delete_vertex(&tri, &t.id, v)
                .expect_err("refused")
                .to_string()
                .contains("three")
        );
    }

    #[test]
    fn merge_many_joins_all_into_the_first_and_undoes_as_one() {
        let mut plan = city();
        let original = plan.clone();
        let ids: Vec<ParcelId> = plan.parcels.iter().map(|p| p.id.clone()).collect();
        let cmd = merge_many(&plan, &ids[0], &ids[1..]).expect("mergeable");
        cmd.apply(&mut plan).expect("applies");
        assert_eq!(plan.parcels.len(), 1);
        assert_eq!(plan.parcels[0].id, ids[0]);
        // Two touching squares and one apart: a MultiPolygon of 7500 m² in two parts.
        assert!((plan.parcels[0].area().m2() - 7500.0).abs() < 1e-6);
        assert_eq!(plan.parcels[0].shape.0.len(), 2);
        cmd.inverse().apply(&mut plan).expect("undoes");
        assert_eq!(plan, original);
        assert!(merge_many(&original, &ids[0], &[]).is_err());
    }

    #[test]
    fn translate_moves_every_corner_and_refuses_nan() {
        let mut plan = city();
        let ids = vec![plan.parcels[0].id.clone(), plan.parcels[2].id.clone()];
        let cmd = translate_parcels(&plan, &ids, 10.0, -5.0).expect("moves");
        cmd.apply(&mut plan).expect("applies");
        let r = plan.parcels[2].shape.bounding_rect().expect("box");
        assert_eq!((r.min().x, r.min().y), (210.0, -5.0));
        assert_eq!(plan.parcels[1], city().parcels[1]);
        assert!(translate_parcels(&plan, &ids, f64::NAN, 0.0).is_err());
    }
}
