//! The editor's re-check after an edit (`analysis::recheck::Checked`) finds exactly the
//! problems that validating the whole plan finds, after each of a long run of edits of
//! every kind (geometry, strata, controls, unit codes, settings, parcels added with new or taken ids and
//! removed, facilities moved and removed, streets removed) and their undo.

use geo::Translate;
use strata::analysis::recheck::Checked;
use strata::edit::{EditCmd, History};
use strata::model::{Controls, ParcelId, Plan, Problem, Reference};

use crate::common::geojson_files;

/// A problem as a comparable line (order aside, the two checks must agree exactly).
fn keys(problems: &[Problem]) -> Vec<String> {
    let mut out: Vec<String> = problems
        .iter()
        .map(|p| format!("{:?}|{:?}|{:?}|{}", p.kind, p.feature, p.other, p.message))
        .collect();
    out.sort();
    out
}

/// A small deterministic generator (the test must not depend on a seed source).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// An edit of the kind `kind` on a feature picked by `rng`, as the editor would make it.
fn pick_edit(plan: &Plan, kind: usize, rng: &mut Lcg, step: usize) -> Option<EditCmd> {
    let parcel = plan.parcels.get(rng.next(plan.parcels.len()))?;
    let id = parcel.id.clone();
    Some(match kind {
        0 => {
            let dx = rng.next(41) as f64 - 20.0;
            let new = parcel.shape.translate(dx, rng.next(41) as f64 - 20.0);
            EditCmd::SetGeometry {
                id,
                old: parcel.shape.clone(),
                new,
            }
        }
        1 => {
            let mut new = parcel.strata.clone();
            let s = new.first_mut()?;
            s.z.bottom = rng.next(3) as f64 * 10.0 - 10.0;
            s.z.top = s.z.bottom + rng.next(3) as f64 * 10.0;
            EditCmd::SetStrata {
                id,
                old: parcel.strata.clone(),
                new,
            }
        }
        2 => strata::edit::remove_parcel(plan, &id)?,
        3 => {
            // A copy shifted a little: it conflicts with its original; one in three
            // takes an id already used.
            let mut copy = parcel.clone();
            copy.shape = copy.shape.translate(3.0, 2.0);
            copy.id = if rng.next(3) == 0 {
                plan.parcels[rng.next(plan.parcels.len())].id.clone()
            } else {
                ParcelId::new(format!("copy-{step}"))
            };
            EditCmd::AddParcel {
                index: rng.next(plan.parcels.len() + 1),
                parcel: Box::new(copy),
            }
        }
        4 => {
            let f = plan.facilities.get(rng.next(plan.facilities.len()))?;
            let to = geo::Point::new(
                f.position.x() + rng.next(401) as f64 - 200.0,
                f.position.y() + rng.next(401) as f64 - 200.0,
            );
            strata::edit::move_facility(plan, &f.id, to)?
        }
        5 => {
            let i = rng.next(plan.facilities.len());
            let f = plan.facilities.get(i)?;
            EditCmd::RemoveFacility {
                index: i,
                facility: Box::new(f.clone()),
            }
        }
        6 => {
            let i = rng.next(plan.streets.len());
            let s = plan.streets.get(i)?;
            EditCmd::RemoveStreet {
                index: i,
                street: Box::new(s.clone()),
            }
        }
        9 => {
            // A unit code taken from another stratum (a duplicate) or removed.
            let mut new = parcel.strata.clone();
            let other = &plan.parcels[rng.next(plan.parcels.len())];
            let code = other.strata.iter().find_map(|s| s.unit_code.clone());
            new.first_mut()?.unit_code = code;
            EditCmd::SetStrata {
                id,
                old: parcel.strata.clone(),
                new,
            }
        }
        10 => {
            // The unit-code zone setting, well-formed or not.
            let old = plan.settings.extra.get("unit_zone").cloned();
            let zones = [
                serde_json::json!({"admin": "330302", "zone": "001", "subzone": "002"}),
                serde_json::json!("not a zone"),
            ];
            let new = Some(zones[rng.next(zones.len())].clone());
            EditCmd::SetSetting {
                key: "unit_zone".into(),
                old,
                new,
            }
        }
        8 => {
            // A setting the zoning checks of every parcel read.
            let old = plan.settings.extra.get("climate_zone").cloned();
            let zones = ["II", "IV", "VII"];
            let new = Some(serde_json::json!(zones[rng.next(zones.len())]));
            EditCmd::SetSetting {
                key: "climate_zone".into(),
                old,
                new,
            }
        }
        _ => {
            let mut controls = parcel.controls.clone().unwrap_or_else(Controls::default);
            controls.far_max = Some(rng.next(4) as f64 * 0.5);
            if let Some(f) = plan.facilities.get(rng.next(plan.facilities.len())) {
                controls.facilities = vec![f.category.clone()];
            }
            EditCmd::SetControls {
                id,
                old: parcel.controls.clone().map(Box::new),
                new: Some(Box::new(controls)),
            }
        }
    })
}

fn follow_edits(mut plan: Plan, steps: usize, seed: u64) -> usize {
    let reference = Reference::default();
    let mut checked = Checked::new(&plan, &reference);
    assert_eq!(
        keys(&checked.problems),
        keys(&strata::analysis::validate_with(&plan, &reference))
    );
    let mut history = History::new();
    let mut rng = Lcg(seed);
    let mut compared = 0;
    for step in 0..steps {
        let changes = if step % 5 == 4 {
            // An undo may be refused (re-adding a removed parcel whose id another parcel
            // of a broken plan also has): the plan is then unchanged.
            match history.undo(&mut plan) {
                Some(Ok(changes)) => changes,
                _ => continue,
            }
        } else {
            let kind = rng.next(11);
            let Some(cmd) = pick_edit(&plan, kind, &mut rng, step) else {
                continue;
            };
            match history.apply(&mut plan, cmd) {
                Ok(changes) => changes,
                Err(_) => continue,
            }
        };
        checked.recheck(&plan, &reference, &changes);
        let whole = strata::analysis::validate_with(&plan, &reference);
        assert_eq!(
            keys(&checked.problems),
            keys(&whole),
            "{} after step {step}",
            plan.display_name()
        );
        compared += 1;
    }
    compared
}

#[test]
fn recheck_after_edits_equals_validating_the_whole_plan() {
    let mut files = Vec::new();
    for folder in ["sample_maps", "tests/valid", "tests/bad"] {
        files.extend(geojson_files(folder));
    }
    let mut compared = 0;
    for (n, path) in files.iter().enumerate() {
        let Ok(loaded) = strata::io::load_plan(path, &Default::default()) else {
            continue;
        };
        compared += follow_edits(loaded.plan, 25, 7 + n as u64);
    }
    let city = strata::synth::realistic_city(&strata::synth::RealisticSpec::new(400, 3));
    compared += follow_edits(city, 60, 11);
    assert!(compared > 300, "only {compared} edits compared");
}
