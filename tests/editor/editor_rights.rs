//! Stratified rights in the editor (issue 20): the strata editor shows a stratum's
//! operation with its end, and *Assign codes* fills every stratum's unit code in one
//! undoable step.

use egui_kittest::kittest::Queryable;
use strata::model::Reference;
use strata::ui::{Selection, StrataApp};

use crate::editor_support::harness;

/// Shenzhen with the co-owned complex (p-19: four strata, the shared one under an ROT)
/// selected.
fn app_with_complex_selected() -> StrataApp {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_maps/shenzhen_renewal.geojson");
    let plan = strata::io::load_plan(&path, &Default::default())
        .expect("sample")
        .plan;
    let mut app = StrataApp::new(plan, Some(path), Reference::default());
    let id = strata::model::ParcelId::new("p-19");
    app.view.scenario = app.doc.plan.parcel(&id).expect("p-19").scenario;
    app.selected.primary = Some(Selection::Parcel(id));
    app
}

#[test]
fn assign_codes_in_the_strata_editor_is_one_undoable_step() {
    let mut h = harness(app_with_complex_selected());
    h.run();
    h.get_by_label("Edit strata").scroll_to_me();
    h.run();
    h.get_by_label("Edit strata").click();
    h.run();
    // The ROT operation of the shared stratum, with the end of its 33 years.
    h.get_by_label("until 2058-01-01").scroll_to_me();
    h.run();
    let before = (*h.state().doc.plan).clone();
    assert!(
        before
            .parcels
            .iter()
            .flat_map(|p| &p.strata)
            .all(|s| s.unit_code.is_none())
    );
    h.get_by_label("Assign codes").scroll_to_me();
    h.run();
    h.get_by_label("Assign codes").click();
    h.run();
    let plan = &h.state().doc.plan;
    let proposed: Vec<_> = plan
        .parcels
        .iter()
        .filter(|p| p.scenario == strata::model::Scenario::Proposed)
        .flat_map(|p| &p.strata)
        .collect();
    assert!(proposed.iter().all(|s| s.unit_code.is_some()));
    // Nanshan district (440305), the sample's zone 006 and sub-zone 011.
    let complex = plan
        .parcel(&strata::model::ParcelId::new("p-19"))
        .expect("p-19");
    let letters: Vec<&str> = complex
        .strata
        .iter()
        .map(|s| &s.unit_code.as_deref().expect("code")[..14])
        .collect();
    assert_eq!(
        letters,
        [
            "440305006011GX",
            "440305006011GB",
            "440305006011GS",
            "440305006011GB"
        ]
    );
    assert!(
        !h.state()
            .analyses
            .checked
            .problems
            .iter()
            .any(|p| p.kind.as_str().contains("unit-code"))
    );
    h.state_mut().run_command(strata::ui::UiCommand::Undo);
    assert_eq!(*h.state().doc.plan, before);
}

#[test]
fn the_terms_tab_greys_what_has_run_out_by_the_year_chosen() {
    let mut h = harness(app_with_complex_selected());
    h.run();
    h.get_by_label("Terms").click();
    h.run();
    h.state_mut().analyses.review.terms.year = Some(2050.0);
    h.run();
    // Counted apart from Strata (Python over the file): 45 terms with a start and
    // years in the proposed plan; 14 end by 2050 (the 20-year rights of 2024), two in
    // the next ten years (2055, and the ROT's 2058).
    h.get_by_label("45 terms; by 2050: 14 run out, 2 end within 10 years");
}
