//! The streamed flat export (`io::export::save_flat`, used by `strata export --flat` and
//! the editor) writes byte for byte what serialising the whole flat document gives:
//! across chunk boundaries, for parcels without strata, MultiPolygons, facilities and
//! streets, with and without the caller's extra columns.

use serde_json::{Map, Value, json};
use strata::io::export::{flat_value_with, save_flat};
use strata::model::{Parcel, Plan, Reference};

fn same_bytes(plan: &Plan, extra: strata::io::export::ParcelColumns, what: &str) {
    let reference = Reference::default();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("flat.geojson");
    save_flat(plan, &reference, extra, &path).expect("streamed export");
    let streamed = std::fs::read_to_string(&path).expect("read back");
    let value = flat_value_with(plan, &reference, extra).expect("flat value");
    let whole = serde_json::to_string_pretty(&value).expect("text") + "\n";
    assert_eq!(streamed.len(), whole.len(), "{what}: lengths differ");
    assert!(streamed == whole, "{what}: texts differ");
    let features = value["features"].as_array().map_or(0, Vec::len);
    assert!(features > 0, "{what}: no features");
}

#[test]
fn streamed_flat_export_equals_the_whole_document_on_the_samples() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_maps");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("sample_maps") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "geojson") {
            continue;
        }
        let plan = strata::io::load_plan(&path, &Default::default())
            .expect("sample loads")
            .plan;
        same_bytes(&plan, &|_| Map::new(), &path.display().to_string());
        seen += 1;
    }
    assert!(seen >= 4, "expected the sample maps, found {seen}");
}

#[test]
fn streamed_flat_export_equals_the_whole_document_across_chunks() {
    // More parcels than one chunk (4 096), MultiPolygons and holes, a parcel without
    // strata, and per-parcel columns as the zoning columns give them.
    let mut plan = strata::synth::realistic_city(&strata::synth::RealisticSpec::new(4500, 3));
    assert!(plan.parcels.len() > 4096, "{} parcels", plan.parcels.len());
    plan.parcels[4100].strata.clear();
    assert!(
        plan.parcels.iter().any(|p| p.shape.0.len() > 1),
        "no MultiPolygon"
    );
    let columns = |p: &Parcel| {
        let mut m = Map::new();
        m.insert("achieved_far".into(), json!(p.strata.len() as f64 / 3.0));
        m.insert("violations".into(), Value::String(format!("{}-x", p.id)));
        m
    };
    same_bytes(&plan, &columns, "realistic city");
}
