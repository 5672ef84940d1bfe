//! Walking-time areas in the editor (issue 21): a facility selected and the layer turned
//! on from the Layers panel, the map carries the 5/10/15-minute bands, and the residents
//! and homes of each band are those `strata isochrones` writes for that facility.

use std::path::Path;
use std::process::Command;

use egui_kittest::kittest::Queryable;
use serde_json::Value;
use strata::model::Reference;
use strata::ui::{Selection, StrataApp};

use crate::editor_support::harness_of_size;

#[test]
fn the_selected_facility_gets_its_bands_with_the_cli_populations() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_maps/xiongan_15min.geojson");
    let text = std::fs::read(&path).expect("sample map");
    let plan = strata::io::read_plan(&text, &Default::default())
        .expect("sample reads")
        .plan;
    // A convenience store (the sample's kindergartens are hosted in strata).
    let facility = plan
        .facilities
        .iter()
        .find(|f| f.category == "convenience")
        .expect("a point facility")
        .id
        .clone();
    let mut h = harness_of_size(
        StrataApp::new(plan, None, Reference::default()),
        egui::vec2(1400.0, 1000.0),
    );
    h.run();
    assert!(h.state().analyses.isochrones.shapes().is_empty());
    h.state_mut()
        .selected
        .select_only(Some(Selection::Facility(facility.clone())));
    h.get_by_label("Walking-time areas (5/10/15 min)").click();
    h.run();
    h.run();
    let shapes = h.state().analyses.isochrones.shapes();
    assert_eq!(shapes.len(), 3, "three bands on the map");

    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("iso.geojson");
    let cli = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["--lang", "en", "isochrones"])
        .arg(&path)
        .args([
            "--facility",
            facility.as_str(),
            "--minutes",
            "5,10,15",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("strata runs");
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("json");
    let features = written["features"].as_array().expect("features");
    assert_eq!(features.len(), 3);
    let mut drawn: Vec<_> = shapes.iter().collect();
    drawn.sort_by(|a, b| a.minutes.total_cmp(&b.minutes));
    for (band, feature) in drawn.iter().zip(features) {
        let p = &feature["properties"];
        assert_eq!(p["minutes"].as_f64(), Some(band.minutes));
        assert_eq!(
            p["homes"].as_u64(),
            Some(band.homes as u64),
            "{} min",
            band.minutes
        );
        let population = p["population"].as_f64().expect("population");
        assert!(
            (population - band.population).abs() < 0.006,
            "{} min: {population} vs {}",
            band.minutes,
            band.population
        );
        // The legend row says the same.
        h.get_by_label(&format!(
            "{} min ({:.0} m): {:.0} residents in {} homes",
            band.minutes, band.distance_m, band.population, band.homes
        ));
    }
    assert!(drawn[2].homes >= drawn[0].homes);
}
