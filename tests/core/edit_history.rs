//! Every edit is undoable: after any sequence of commands (on a synthetic city or a
//! sample plan), undoing all gives back the original plan exactly, redoing all gives the
//! final one, the effects each command reports keep the incremental analysis equal to a
//! full one, and saving then loading gives an equal plan.
//!
//! 32 sequences by default; `PROPTEST_CASES=1000 cargo test --test edit_history` for a
//! longer local run.

use crate::common;

use geo::{Point, Translate};
use proptest::prelude::*;
use strata::analysis::{Coverage, CoverageOptions};
use strata::edit::create::{add_drawn_parcel, add_facility, add_street};
use strata::edit::{EditCmd, History, move_facility, remove_parcel};
use strata::model::{Holder, Plan, Scenario, Standard, Status, Use};

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
    AddParcel(f64, f64, f64),
    MoveVertex(usize, usize, f64, f64),
    AddFacility(usize, f64, f64),
    AddStreet(f64, f64, f64),
    RemoveStreet(usize),
    EditStratum(usize, f64, usize),
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
        (-800.0..800.0f64, -800.0..800.0f64, 5.0..120.0f64)
            .prop_map(|(x, y, size)| Op::AddParcel(x, y, size)),
        (
            any::<usize>(),
            any::<usize>(),
            -30.0..30.0f64,
            -30.0..30.0f64
        )
            .prop_map(|(i, v, dx, dy)| Op::MoveVertex(i, v, dx, dy)),
        (any::<usize>(), -800.0..800.0f64, -800.0..800.0f64)
            .prop_map(|(c, x, y)| Op::AddFacility(c, x, y)),
        (-800.0..800.0f64, -800.0..800.0f64, 10.0..300.0f64)
            .prop_map(|(x, y, length)| Op::AddStreet(x, y, length)),
        any::<usize>().prop_map(Op::RemoveStreet),
        (any::<usize>(), 1.0..60.0f64, any::<usize>())
            .prop_map(|(i, top, n)| Op::EditStratum(i, top, n)),
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
        Op::AddParcel(x, y, size) => {
            let outline = [[x, y], [x + size, y], [x + size, y + size], [x, y + size]];
            add_drawn_parcel(plan, &outline, Scenario::Proposed).ok()?
        }
        Op::MoveVertex(i, v, dx, dy) => {
            // One corner of the first ring moves (the closing point with the first), as
            // the vertex tool does; the result may be invalid, which edits allow.
            let p = parcel(i)?;
            let mut new = p.shape.clone();
            let polygon = new.0.first_mut()?;
            let n = polygon.exterior().0.len().checked_sub(1)?;
            if n == 0 {
                return None;
            }
            let v = v % n;
            polygon.exterior_mut(|ring| {
                ring.0[v].x += dx;
                ring.0[v].y += dy;
                if v == 0 {
                    ring.0[n] = ring.0[0];
                }
            });
            EditCmd::SetGeometry {
                id: p.id.clone(),
                old: p.shape.clone(),
                new,
            }
        }
        Op::AddFacility(c, x, y) => {
            let categories = ["kindergarten", "primary_school", "clinic", "grocery"];
            add_facility(
                plan,
                categories[c % categories.len()],
                Point::new(x, y),
                Scenario::Proposed,
            )
        }
        Op::AddStreet(x, y, length) => {
            add_street(plan, &[[x, y], [x + length, y]], Scenario::Proposed).ok()?
        }
        Op::RemoveStreet(i) if !plan.streets.is_empty() => {
            let index = i % plan.streets.len();
            EditCmd::RemoveStreet {
                index,
                street: Box::new(plan.streets[index].clone()),
            }
        }
        Op::EditStratum(i, top, n) => {
            // What the strata editor's Apply does: new height, one more use and holder,
            // shares kept summing to one.
            let p = parcel(i)?;
            let mut new = p.strata.clone();
            let stratum = new.first_mut()?;
            stratum.z = strata::model::ZRange::new(stratum.z.bottom, stratum.z.bottom + top);
            stratum.floors = Some((top / 3.0).floor() as u32);
            for u in &mut stratum.uses {
                u.share /= 2.0;
            }
            stratum.uses.push(Use {
                code: ["0701", "0901", "1401"][n % 3].to_owned(),
                share: 0.5,
                extra: Default::default(),
            });
            stratum.holders.push(Holder {
                name: format!("持有人 {n}"),
                share: 1.0,
                extra: Default::default(),
            });
            EditCmd::SetStrata {
                id: p.id.clone(),
                old: p.strata.clone(),
                new,
            }
        }
        _ => return None,
    })
}

/// The case count: 32, or `PROPTEST_CASES` for longer runs.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// The plans the edits start from: a synthetic city (fast analysis) and a sample map
/// (real strata, holders, streets and unknown members).
fn base(sample: bool) -> Plan {
    if sample {
        let bytes = std::fs::read(common::repo("sample_maps/wenzhou_sports_park.geojson"))
            .expect("sample map");
        strata::io::read_plan(&bytes, &Default::default())
            .expect("sample map reads")
            .plan
    } else {
        strata::synth::city(120, 40, 2)
    }
}

/// Saving then loading gives the same plan: the same attributes, and geometry that
/// writes the same text (coordinates to the file's precision).
fn assert_save_load(plan: &Plan) -> Result<(), TestCaseError> {
    let text = strata::io::plan_to_string(plan).expect("saves");
    let back = strata::io::read_plan(text.as_bytes(), &Default::default())
        .expect("loads back")
        .plan;
    let mut attributes = common::without_geometry(&back);
    attributes.frame = plan.frame;
    let expected = common::without_geometry(plan);
    if attributes != expected {
        // Name the first feature that differs rather than print two whole plans.
        let a: Vec<char> = format!("{attributes:?}").chars().collect();
        let b: Vec<char> = format!("{expected:?}").chars().collect();
        let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let around = |s: &[char]| -> String {
            s[at.saturating_sub(300)..(at + 100).min(s.len())]
                .iter()
                .collect()
        };
        return Err(TestCaseError::fail(format!(
            "loaded plan differs from the saved one:\n  loaded: …{}…\n  saved:  …{}…",
            around(&a),
            around(&b)
        )));
    }
    let again = strata::io::plan_to_string(&back).expect("saves again");
    prop_assert!(again == text, "a second save differs");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(32)))]

    #[test]
    fn undo_all_restores_the_original_and_effects_keep_analysis_exact(ops in prop::collection::vec(op(), 1..25), sample in any::<bool>()) {
        let standard = Standard::default_gb50180();
        let original = base(sample);
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
        assert_save_load(&end)?;
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
