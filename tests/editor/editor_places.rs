//! The places colour mode (issue 21): every home's value is `analyze`'s 2SFCA figure over
//! the standard's places per 1,000, and a facility moved through an edit changes the
//! values as a whole new computation does (the editor follows with the incremental
//! update of `Analyses::after_edit`).

use std::collections::HashMap;
use std::path::Path;

use strata::analysis::Coverage;
use strata::analysis::provision::provision_report;
use strata::edit::EditCmd;
use strata::model::{Plan, Reference, Scenario};
use strata::ui::{ColorMode, StrataApp};

use crate::editor_support::harness_of_size;

/// Kindergarten places per 1,000 residents in GB 50180 (assets/standards).
const PLACES_PER_1000: f64 = 30.0;

/// `access_per_1000` of every home, as `strata analyze --format json` gives it.
fn analyze_access(plan: &Plan, reference: &Reference) -> HashMap<String, f64> {
    let coverage = Coverage::compute(
        plan,
        Scenario::Proposed,
        &reference.standard,
        Default::default(),
    );
    provision_report(plan, &coverage, &reference.standard)
        .parcels
        .iter()
        .map(|h| {
            (
                h.id.to_owned(),
                h.categories["kindergarten"].access_per_1000,
            )
        })
        .collect()
}

fn assert_shown(shown: &HashMap<strata::model::ParcelId, f64>, expected: &HashMap<String, f64>) {
    assert_eq!(shown.len(), expected.len());
    for (id, value) in shown {
        let access = expected[id.as_str()];
        // The JSON figure is rounded to 0.01.
        assert!(
            (value * PLACES_PER_1000 - access).abs() <= 0.006,
            "{id}: {value} × 30 vs {access}"
        );
    }
}

#[test]
fn places_per_child_follow_a_facility_move() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_maps/xiongan_15min.geojson");
    let text = std::fs::read(&path).expect("sample map");
    let mut plan = strata::io::read_plan(&text, &Default::default())
        .expect("sample reads")
        .plan;
    // The sample's kindergartens are hosted in strata: add one of 90 places at a point,
    // beside a convenience store, to move.
    let mut kindergarten = plan
        .facilities
        .iter()
        .find(|f| f.category == "convenience")
        .expect("a point facility")
        .clone();
    kindergarten.id = strata::model::FacilityId::new("f-kg-test");
    kindergarten.category = "kindergarten".into();
    kindergarten
        .meta
        .properties
        .insert("capacity".into(), serde_json::json!(90));
    plan.facilities.push(kindergarten);
    let reference = Reference::default();
    let before = analyze_access(&plan, &reference);
    let mut h = harness_of_size(
        StrataApp::new(plan, None, reference.clone()),
        egui::vec2(1400.0, 900.0),
    );
    h.state_mut().view.color_mode = ColorMode::Places;
    h.state_mut().view.places_category = "kindergarten".into();
    h.run();
    assert_shown(h.state().analyses.fill_values(), &before);

    let kindergarten = h
        .state()
        .doc
        .plan
        .facilities
        .iter()
        .find(|f| f.id.as_str() == "f-kg-test")
        .expect("the added kindergarten")
        .clone();
    let new = geo::Point::new(
        kindergarten.position.x() + 250.0,
        kindergarten.position.y() - 150.0,
    );
    h.state_mut().apply(EditCmd::MoveFacility {
        id: kindergarten.id.clone(),
        old: kindergarten.position,
        new,
    });
    h.run();
    let after = analyze_access(&h.state().doc.plan, &reference);
    assert_ne!(before, after, "the move changes some home's figure");
    assert_shown(h.state().analyses.fill_values(), &after);
}
