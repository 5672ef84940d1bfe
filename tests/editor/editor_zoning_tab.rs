//! The review panel's Zoning tab (issue 16): the district FAR and the parcels breaking
//! their controls as `strata analyze` reports them, a click on a parcel selects it, and
//! an edit past a limit adds the parcel to the broken ones until it is undone.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use strata::edit::EditCmd;
use strata::model::{ParcelId, Reference};
use strata::ui::{Selection, StrataApp, UiCommand};

use crate::editor_support::harness;

const XIONGAN: &str = "sample_maps/xiongan_15min.geojson";

fn open() -> Harness<'static, StrataApp> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(XIONGAN);
    let plan = strata::io::load_plan(&path, &Default::default())
        .expect("sample")
        .plan;
    let mut app = StrataApp::new(plan, None, Reference::default());
    app.autosave.dir = None;
    let mut h = harness(app);
    h.run();
    h.get_by_label("Zoning").click();
    h.run();
    h
}

/// `strata analyze --format json`'s zoning object for the sample (the real binary).
fn analyze_zoning() -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["analyze", XIONGAN, "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("strata analyze runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    json["zoning"].clone()
}

#[test]
fn the_tab_shows_the_district_far_and_the_broken_parcels_analyze_reports() {
    let h = open();
    let zoning = analyze_zoning();
    let far = zoning["far"].as_f64().expect("far");
    h.get_by_label_contains(&format!("FAR {far:.2}:"));
    let parcels = zoning["parcels"].as_array().expect("parcels");
    let broken: Vec<&str> = parcels
        .iter()
        .filter(|p| p["violations"].as_array().is_some_and(|v| !v.is_empty()))
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert!(broken.contains(&"p-36"), "the deliberate violation");
    h.get_by_label(&format!("{} break their controls", broken.len()));
    let met = parcels.iter().filter(|p| p["controls"].is_object()).count() - broken.len();
    h.get_by_label(&format!("{met} meet them"));
}

#[test]
fn a_click_on_a_parcel_selects_it() {
    let mut h = open();
    h.get_by_label_contains("p-36 ").click();
    h.run();
    assert_eq!(
        h.state().selected.primary,
        Some(Selection::Parcel(ParcelId::new("p-36")))
    );
}

#[test]
fn an_edit_past_a_limit_adds_the_parcel_and_undo_takes_it_away() {
    let mut h = open();
    let before = zoning_broken(&h);
    let id = ParcelId::new("p-4");
    let parcel = h.state().doc.plan.parcel(&id).expect("p-4").clone();
    let mut lower = parcel.controls.clone().expect("controls");
    lower.far_max = Some(0.1);
    h.state_mut().apply(EditCmd::SetControls {
        id: id.clone(),
        old: parcel.controls.clone().map(Box::new),
        new: Some(Box::new(lower)),
    });
    h.run();
    assert_eq!(zoning_broken(&h), before + 1);
    h.get_by_label(&format!("{} break their controls", before + 1));
    h.state_mut().run_command(UiCommand::Undo);
    h.run();
    assert_eq!(zoning_broken(&h), before);
    h.get_by_label(&format!("{before} break their controls"));
}

/// Broken parcels as the tab counts them.
fn zoning_broken(h: &Harness<'static, StrataApp>) -> usize {
    h.get_all_by_label_contains(" break their controls")
        .filter_map(|node| node.accesskit_node().label().or_else(|| node.value()))
        .find_map(|label| label.split_whitespace().next()?.parse().ok())
        .expect("a count")
}
