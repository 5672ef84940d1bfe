//! The mix inputs follow edits (`analysis::mix::MixInput::update`, what the editor's Mix
//! tab computes from off the UI thread): after each edit the figures from the updated
//! inputs equal those gathered from the whole plan.

use geo::Translate;
use strata::analysis::mix::{MixInput, mix_report};
use strata::analysis::{Coverage, CoverageOptions};
use strata::edit::EditCmd;
use strata::model::{ParcelId, Plan, Reference, Scenario};

fn edits(plan: &Plan) -> Vec<EditCmd> {
    let a = &plan.parcels[3];
    let b = &plan.parcels[plan.parcels.len() / 2];
    let mut more = b.strata.clone();
    if let Some(s) = more.first_mut() {
        s.floors = Some(s.floors.unwrap_or(1) + 4);
        if let Some(u) = s.uses.first_mut() {
            u.code = "0901".into();
        }
    }
    let mut added = a.clone();
    added.id = ParcelId::new("added");
    vec![
        EditCmd::SetGeometry {
            id: a.id.clone(),
            old: a.shape.clone(),
            new: a.shape.translate(40.0, 0.0),
        },
        EditCmd::SetStrata {
            id: b.id.clone(),
            old: b.strata.clone(),
            new: more,
        },
        EditCmd::SetPopulation {
            id: b.id.clone(),
            old: b.population,
            new: Some(900.0),
        },
        // Removed before the addition: both commands carry indices of this plan.
        strata::edit::remove_parcel(plan, &plan.parcels[9].id).expect("removable"),
        EditCmd::AddParcel {
            index: 7,
            parcel: Box::new(added),
        },
    ]
}

#[test]
fn mix_inputs_follow_edits_as_gathering_anew() {
    let reference = Reference::default();
    let standard = &reference.standard;
    let mut plan = strata::synth::realistic_city(&strata::synth::RealisticSpec::new(300, 5));
    let scenario = Scenario::Proposed;
    let mut coverage = Coverage::compute(&plan, scenario, standard, CoverageOptions::default());
    let mut input = MixInput::gather(&plan, scenario, standard, &coverage);
    assert_eq!(
        input.report(),
        mix_report(&plan, scenario, standard, &coverage)
    );
    let before = input.report();
    for cmd in edits(&plan.clone()) {
        let changes = cmd.apply(&mut plan).expect("applies");
        coverage.update(&plan, standard, &changes);
        input.update(&plan, standard, &coverage, &changes.parcels);
        assert_eq!(
            input.report(),
            mix_report(&plan, scenario, standard, &coverage),
            "{cmd:?}"
        );
    }
    assert_ne!(input.report(), before, "the edits changed the figures");
}
