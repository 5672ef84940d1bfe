//! The Coverage tab's provision section (issue 21): opened by its label, it shows the
//! kindergarten places the plan requires and provides as `strata analyze` computes them.

use std::path::Path;

use egui_kittest::kittest::Queryable;
use strata::model::{Reference, Scenario};
use strata::ui::StrataApp;

use crate::editor_support::harness_of_size;

#[test]
fn the_provision_section_shows_required_and_provided_places() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_maps/xiongan_15min.geojson");
    let text = std::fs::read(&path).expect("sample map");
    let plan = strata::io::read_plan(&text, &Default::default())
        .expect("sample reads")
        .plan;
    let reference = Reference::default();
    let coverage = strata::analysis::Coverage::compute(
        &plan,
        Scenario::Proposed,
        &reference.standard,
        Default::default(),
    );
    let report =
        strata::analysis::provision::provision_report(&plan, &coverage, &reference.standard);
    let kg = report
        .categories
        .iter()
        .find(|c| c.id == "kindergarten")
        .expect("kindergarten");
    let thousands = strata::ui::review::thousands;
    let expected = format!(
        "{} / {}",
        thousands(kg.places.required.expect("places required")),
        thousands(kg.places.provided)
    );
    // Tall enough for the section below the per-category list to be on screen.
    let mut h = harness_of_size(
        StrataApp::new(plan, None, reference),
        egui::vec2(1400.0, 2000.0),
    );
    h.run();
    assert!(h.query_by_label(&expected).is_none(), "closed at first");
    h.get_by_label("Provision per 1,000 residents").click();
    h.run();
    h.get_by_label(&expected);
}
