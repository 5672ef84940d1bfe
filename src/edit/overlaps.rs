//! "Avoid overlaps" (QGIS's option of the same name, made three-dimensional): a new or
//! reshaped parcel is clipped against the neighbours of its scenario whose strata share
//! some of its vertical range. An underground garage may lie under a neighbour's plaza;
//! two ground-level parcels may not cover the same land.

use geo::{Area, BooleanOps, BoundingRect, Intersects, MultiPolygon};

use super::error::refused;
use super::geometry::{boolean_op, checked, valid_input};
use super::{EditCmd, EditError};
use crate::model::{Parcel, ParcelId, Plan, Scenario, Stratum};
use crate::msg;

/// Clips the shapes a command adds or changes against the neighbours they would overlap.
/// Other commands come back unchanged. Fails when nothing of a shape is left.
pub fn avoid_overlaps(plan: &Plan, cmd: EditCmd) -> Result<EditCmd, EditError> {
    match cmd {
        EditCmd::AddParcel { index, mut parcel } => {
            parcel.shape = clipped(
                plan,
                &parcel.id,
                parcel.scenario,
                &parcel.strata,
                &parcel.shape,
                &[],
            )?;
            Ok(EditCmd::AddParcel { index, parcel })
        }
        EditCmd::SetGeometry { id, old, new } => {
            let Some(parcel) = plan.parcels.iter().find(|p| p.id == id) else {
                return Err(refused(msg!("edit-err-no-parcel", id = id.as_str())));
            };
            let new = clipped(plan, &id, parcel.scenario, &parcel.strata, &new, &[])?;
            Ok(EditCmd::SetGeometry { id, old, new })
        }
        EditCmd::Batch(commands) => {
            // Parcels moved together do not clip each other.
            let moving: Vec<ParcelId> = commands
                .iter()
                .filter_map(|c| match c {
                    EditCmd::SetGeometry { id, .. } => Some(id.clone()),
                    _ => None,
                })
                .collect();
            commands
                .into_iter()
                .map(|c| match c {
                    EditCmd::SetGeometry { id, old, new } => {
                        let parcel =
                            plan.parcels.iter().find(|p| p.id == id).ok_or_else(|| {
                                refused(msg!("edit-err-no-parcel", id = id.as_str()))
                            })?;
                        let new =
                            clipped(plan, &id, parcel.scenario, &parcel.strata, &new, &moving)?;
                        Ok(EditCmd::SetGeometry { id, old, new })
                    }
                    other => avoid_overlaps(plan, other),
                })
                .collect::<Result<Vec<_>, EditError>>()
                .map(EditCmd::Batch)
        }
        EditCmd::Named { label, cmd } => Ok(EditCmd::Named {
            label,
            cmd: Box::new(avoid_overlaps(plan, *cmd)?),
        }),
        other => Ok(other),
    }
}

/// Whether any stratum of `a` shares height with any stratum of `b`. A parcel without
/// strata is taken as ground level (0–1 m), as a bare drawn lot is.
fn share_height(a: &[Stratum], b: &[Stratum]) -> bool {
    let ground = [crate::model::ZRange::new(0.0, 1.0)];
    let ranges = |s: &[Stratum]| -> Vec<crate::model::ZRange> {
        if s.is_empty() {
            ground.to_vec()
        } else {
            s.iter().map(|s| s.z).collect()
        }
    };
    let (ra, rb) = (ranges(a), ranges(b));
    ra.iter().any(|x| rb.iter().any(|y| x.overlaps(y)))
}

fn clipped(
    plan: &Plan,
    id: &ParcelId,
    scenario: Scenario,
    strata: &[Stratum],
    shape: &MultiPolygon<f64>,
    also_skip: &[ParcelId],
) -> Result<MultiPolygon<f64>, EditError> {
    let Some(bbox) = shape.bounding_rect() else {
        return Ok(shape.clone());
    };
    let mut result = shape.clone();
    let neighbours = plan.parcels.iter().filter(|p: &&Parcel| {
        p.scenario == scenario
            && &p.id != id
            && !also_skip.contains(&p.id)
            && p.shape.bounding_rect().is_some_and(|r| r.intersects(&bbox))
            && share_height(strata, &p.strata)
    });
    let what = msg!("edit-what-avoid-overlaps");
    let mut clipped_by = 0;
    for n in neighbours {
        if result.intersects(&n.shape) {
            if clipped_by == 0 {
                valid_input(id, shape)?;
            }
            valid_input(&n.id, &n.shape).map_err(|e| {
                refused(msg!(
                    "edit-err-neighbour-invalid",
                    reason = e.reason().clone()
                ))
            })?;
            result = boolean_op(&what, || result.difference(&n.shape))?;
            clipped_by += 1;
        }
    }
    if clipped_by == 0 {
        return Ok(shape.clone());
    }
    if result.0.iter().all(|p| p.unsigned_area() < 1.0) {
        return Err(refused(msg!("edit-err-covered", id = id.as_str())));
    }
    checked(result, &what)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::create::add_drawn_parcel;
    use crate::model::{Stratum, ZRange};
    use geo::{Coord, Rect};

    fn square(x: f64, y: f64, side: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![
            Rect::new(
                Coord { x, y },
                Coord {
                    x: x + side,
                    y: y + side,
                },
            )
            .to_polygon(),
        ])
    }

    fn plan_with_neighbour(z: ZRange) -> Plan {
        let mut plan = Plan::new(crate::model::LocalFrame::new(120.0, 30.0));
        let mut n = Parcel::new("n", Scenario::Proposed, square(0.0, 0.0, 100.0));
        let mut s = Stratum::ground("s1", "0701");
        s.z = z;
        n.strata.push(s);
        plan.parcels.push(n);
        plan
    }

    fn drawn(plan: &Plan) -> EditCmd {
        // 100 × 100 m, half of it on the neighbour.
        add_drawn_parcel(
            plan,
            &[[50.0, 0.0], [150.0, 0.0], [150.0, 100.0], [50.0, 100.0]],
            Scenario::Proposed,
        )
        .expect("valid outline")
    }

    fn added_area(cmd: &EditCmd) -> f64 {
        match cmd {
            EditCmd::AddParcel { parcel, .. } => parcel.area().m2(),
            other => panic!("not an add: {other:?}"),
        }
    }

    #[test]
    fn a_new_ground_parcel_loses_what_lies_on_a_ground_neighbour() {
        let plan = plan_with_neighbour(ZRange::new(0.0, 30.0));
        let cmd = avoid_overlaps(&plan, drawn(&plan)).expect("clipped");
        assert!(
            (added_area(&cmd) - 5000.0).abs() < 1e-6,
            "{}",
            added_area(&cmd)
        );
    }

    #[test]
    fn an_underground_neighbour_does_not_clip_a_ground_parcel() {
        let plan = plan_with_neighbour(ZRange::new(-10.0, 0.0));
        let cmd = avoid_overlaps(&plan, drawn(&plan)).expect("unchanged");
        assert!((added_area(&cmd) - 10_000.0).abs() < 1e-6);
    }

    #[test]
    fn a_parcel_wholly_on_its_neighbour_is_refused() {
        let plan = plan_with_neighbour(ZRange::new(0.0, 30.0));
        let inside = add_drawn_parcel(
            &plan,
            &[[10.0, 10.0], [20.0, 10.0], [20.0, 20.0], [10.0, 20.0]],
            Scenario::Proposed,
        )
        .expect("valid");
        let err = avoid_overlaps(&plan, inside).expect_err("nothing left");
        assert!(err.to_string().contains("entirely"), "{err}");
    }

    #[test]
    fn a_reshape_is_clipped_and_other_scenarios_are_ignored() {
        let mut plan = plan_with_neighbour(ZRange::new(0.0, 30.0));
        let mut other = Parcel::new("o", Scenario::Proposed, square(100.0, 0.0, 50.0));
        other.strata.push(Stratum::ground("s1", "0901"));
        plan.parcels.push(other);
        let mut old = Parcel::new("e", Scenario::Existing, square(0.0, 0.0, 100.0));
        old.strata.push(Stratum::ground("s1", "0901"));
        plan.parcels.push(old);
        let cmd = EditCmd::SetGeometry {
            id: ParcelId::new("o"),
            old: square(100.0, 0.0, 50.0),
            new: square(80.0, 0.0, 50.0),
        };
        match avoid_overlaps(&plan, cmd).expect("clipped") {
            EditCmd::SetGeometry { new, .. } => {
                assert!(
                    (new.unsigned_area() - 1500.0).abs() < 1e-6,
                    "{}",
                    new.unsigned_area()
                )
            }
            other => panic!("{other:?}"),
        }
    }
}
