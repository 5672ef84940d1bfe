//! Colour by → Compliance in the editor: the deliberate violation (Xiong'an p-36) is
//! painted and outlined as one, an edit that pushes a compliant parcel past its FAR limit
//! repaints it, and Undo paints it back.

use egui_kittest::kittest::Queryable;
use strata::analysis::zoning::{Context, parcel_zoning};
use strata::edit::EditCmd;
use strata::model::{Reference, Scenario};
use strata::render::style::{COMPLIANT_FILL, CONTROLS_BROKEN_FILL, VIOLATION_OUTLINE};
use strata::ui::StrataApp;

use crate::editor_support::harness;

fn xiongan() -> StrataApp {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_maps/xiongan_15min.geojson");
    let plan = strata::io::load_plan(&path, &Default::default())
        .expect("sample")
        .plan;
    let mut app = StrataApp::new(plan, Some(path), Reference::default());
    app.view.scenario = Scenario::Proposed;
    app
}

/// The index of a proposed parcel under a FAR limit that meets every control and rule.
fn compliant_with_far_limit(app: &StrataApp) -> usize {
    let plan = &app.doc.plan;
    let reference = Reference::default();
    let context = Context::new(plan, &reference);
    plan.parcels
        .iter()
        .position(|p| {
            p.scenario == Scenario::Proposed
                && p.controls.as_ref().is_some_and(|c| c.far_max.is_some())
                && p.strata.iter().any(|s| s.z.bottom >= 0.0)
                && parcel_zoning(p, &context).violations.is_empty()
        })
        .expect("a compliant parcel with a FAR limit")
}

#[test]
fn compliance_paints_violations_and_follows_an_edit_and_its_undo() {
    let app = xiongan();
    let p36 = app
        .doc
        .plan
        .parcels
        .iter()
        .position(|p| p.id.as_str() == "p-36" && p.scenario == Scenario::Proposed)
        .expect("p-36");
    let ok = compliant_with_far_limit(&app);
    let mut h = harness(app);
    h.run();
    h.get_by_label("Compliance").click();
    h.run();
    let map = &h.state().analyses.map;
    assert_eq!(map.colors[p36], CONTROLS_BROKEN_FILL);
    assert_eq!(map.outlines[p36], Some(VIOLATION_OUTLINE));
    assert_eq!(map.colors[ok], COMPLIANT_FILL);
    assert_eq!(map.outlines[ok], None);

    // More storeys on the parcel's tallest stratum above ground: past its FAR limit.
    let parcel = &h.state().doc.plan.parcels[ok];
    let old = parcel.strata.clone();
    let mut new = old.clone();
    let tower = new
        .iter_mut()
        .filter(|s| s.z.bottom >= 0.0)
        .max_by(|a, b| a.z.top.total_cmp(&b.z.top))
        .expect("a stratum above ground");
    tower.floors = Some(tower.floors.unwrap_or(1).max(1) * 20);
    let id = parcel.id.clone();
    h.state_mut().apply(EditCmd::SetStrata { id, old, new });
    h.run();
    let map = &h.state().analyses.map;
    assert_eq!(map.colors[ok], CONTROLS_BROKEN_FILL);
    assert_eq!(map.outlines[ok], Some(VIOLATION_OUTLINE));

    h.state_mut().run_command(strata::ui::UiCommand::Undo);
    h.run();
    let map = &h.state().analyses.map;
    assert_eq!(map.colors[ok], COMPLIANT_FILL);
    assert_eq!(map.outlines[ok], None);
    assert_eq!(map.colors[p36], CONTROLS_BROKEN_FILL);
}
