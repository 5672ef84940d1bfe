//! Every edit is undoable: after any sequence of commands, undoing all gives back the
//! original plan exactly, redoing all gives the final one, and the effects each command
//! reports keep the incremental analysis equal to a full one.

use geo::{Point, Translate};
use proptest::prelude::*;
use strata::analysis::{Coverage, CoverageOptions};
use strata::edit::{EditCmd, History, move_facility, remove_parcel};
use strata::model::{Plan, Scenario, Standard, Status};

#[derive(Clone, Debug)]
enum Op {
    MoveFacility(usize, f64, f64),
    RemoveParcel(usize),
    Rename(usize),
    Status(usize, usize),
    Population(usize, f64),
    Translate(usize, f64),
    DropStratum(usize),
    RemoveFacility(usize),
    MergeLike(usize, usize),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<usize>(), -800.0..800.0f64, -800.0..800.0f64)
            .prop_map(|(i, x, y)| Op::MoveFacility(i, x, y)),
        any::<usize>().prop_map(Op::RemoveParcel),
        any::<usize>().prop_map(Op::Rename),
        (any::<usize>(), any::<usize>()).prop_map(|(i, s)| Op::Status(i, s)),
        (any::<usize>(), 0.0..3000.0f64).prop_map(|(i, p)| Op::Population(i, p)),
        (any::<usize>(), -50.0..50.0f64).prop_map(|(i, d)| Op::Translate(i, d)),
        any::<usize>().prop_map(Op::DropStratum),
        any::<usize>().prop_map(Op::RemoveFacility),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::MergeLike(a, b)),
        Just(Op::Undo),
        Just(Op::Redo),
    ]
}

fn command(plan: &Plan, op: &Op) -> Option<EditCmd> {
    let np = plan.parcels.len();
    let nf = plan.facilities.len();
    let parcel = |i: usize| (np > 0).then(|| &plan.parcels[i % np]);
    Some(match *op {
        Op::MoveFacility(i, x, y) if nf > 0 => {
            move_facility(plan, &plan.facilities[i % nf].id, Point::new(x, y))?
        }
        Op::RemoveParcel(i) => remove_parcel(plan, &parcel(i)?.id)?,
        Op::Rename(i) => {
            let p = parcel(i)?;
            EditCmd::SetName {
                id: p.id.clone(),
                old: p.name.clone(),
                new: Some(format!("地块 {i}")),
            }
        }
        Op::Status(i, s) => {
            let p = parcel(i)?;
            EditCmd::SetStatus {
                id: p.id.clone(),
                old: p.status,
                new: Some(Status::ALL[s % Status::ALL.len()]),
            }
        }
        Op::Population(i, v) => {
            let p = parcel(i)?;
            EditCmd::SetPopulation {
                id: p.id.clone(),
                old: p.population,
                new: Some(v),
            }
        }
        Op::Translate(i, d) => {
            let p = parcel(i)?;
            EditCmd::SetGeometry {
                id: p.id.clone(),
                old: p.shape.clone(),
                new: p.shape.translate(d, -d),
            }
        }
        Op::DropStratum(i) => {
            let p = parcel(i)?;
            EditCmd::SetStrata {
                id: p.id.clone(),
                old: p.strata.clone(),
                new: p.strata.iter().skip(1).cloned().collect(),
            }
        }
        Op::RemoveFacility(i) if nf > 0 => {
            let index = i % nf;
            EditCmd::RemoveFacility {
                index,
                facility: Box::new(plan.facilities[index].clone()),
            }
        }
        Op::MergeLike(a, b) => {
            // Remove two parcels and add the first back reshaped: the shape of a merge.
            let (pa, pb) = (parcel(a)?, parcel(b)?);
            if pa.id == pb.id {
                return None;
            }
            let remove_a = remove_parcel(plan, &pa.id)?;
            let mut after = plan.clone();
            remove_a.apply(&mut after).ok()?;
            let remove_b = remove_parcel(&after, &pb.id)?;
            let mut merged = pa.clone();
            merged.shape = pa.shape.translate(1.0, 1.0);
            EditCmd::Batch(vec![
                remove_a,
                remove_b,
                EditCmd::AddParcel {
                    index: 0,
                    parcel: Box::new(merged),
                },
            ])
        }
        _ => return None,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn undo_all_restores_the_original_and_effects_keep_analysis_exact(ops in prop::collection::vec(op(), 1..25)) {
        let standard = Standard::default_gb50180();
        let original = strata::synth::city(120, 40, 2);
        let mut plan = original.clone();
        let mut history = History::new();
        let mut coverage = Coverage::compute(&plan, Scenario::Proposed, &standard, CoverageOptions::default());
        for op in &ops {
            let effects = match op {
                Op::Undo => history.undo(&mut plan),
                Op::Redo => history.redo(&mut plan),
                _ => command(&plan, op).map(|cmd| history.apply(&mut plan, cmd)),
            };
            if let Some(effects) = effects {
                let effects = effects.expect("edit applies");
                coverage.update(&plan, &standard, &effects.changes());
                let full = Coverage::compute(&plan, Scenario::Proposed, &standard, CoverageOptions::default());
                prop_assert_eq!(&coverage.homes, &full.homes);
                prop_assert_eq!(&coverage.nearest, &full.nearest);
            }
        }
        // The tip of the history: everything done, including what was undone last.
        while let Some(result) = history.redo(&mut plan) {
            result.expect("redo applies");
        }
        let end = plan.clone();
        while let Some(result) = history.undo(&mut plan) {
            result.expect("undo applies");
        }
        prop_assert_eq!(&plan, &original);
        prop_assert!(!history.is_dirty());
        while let Some(result) = history.redo(&mut plan) {
            result.expect("redo applies");
        }
        prop_assert_eq!(&plan, &end);
    }
}

#[test]
fn a_failed_batch_leaves_the_plan_unchanged() {
    let mut plan = strata::synth::city(20, 5, 1);
    let before = plan.clone();
    let good = remove_parcel(&plan, &plan.parcels[0].id.clone()).expect("cmd");
    let bad = EditCmd::SetName {
        id: strata::model::ParcelId::new("nope"),
        old: None,
        new: Some("x".into()),
    };
    let mut history = History::new();
    assert!(
        history
            .apply(&mut plan, EditCmd::Batch(vec![good, bad]))
            .is_err()
    );
    assert_eq!(plan, before);
    assert!(!history.can_undo() && !history.is_dirty());
}
