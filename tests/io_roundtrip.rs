//! Load → save → load gives an equal plan (coordinates within 1 mm, properties and
//! unknown members kept, ids stable), for every sample map and valid edge case; a
//! second save writes the same text.

mod common;

use common::{geojson_files, max_coordinate_gap, repo, without_geometry};
use serde_json::Value;

/// JSON values equal with numbers compared by value (`3` equals `3.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(xs), Value::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same(x, y))
        }
        (Value::Object(xs), Value::Object(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .all(|(k, x)| ys.get(k).is_some_and(|y| same(x, y)))
        }
        _ => a == b,
    }
}

fn assert_same(a: Option<&Value>, b: &Value, what: &str) {
    assert!(a.is_some_and(|a| same(a, b)), "{what}: {a:?} != {b:?}");
}

fn roundtrip(path: &std::path::Path) {
    let bytes = std::fs::read(path).expect("read");
    let first = strata::io::read_plan(&bytes, &Default::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .plan;
    let text = strata::io::plan_to_string(&first).expect("write");
    let second = strata::io::read_plan(text.as_bytes(), &Default::default())
        .expect("read back")
        .plan;
    assert_eq!(first.frame, second.frame, "{}: frame moved", path.display());
    let gap = max_coordinate_gap(&first, &second)
        .unwrap_or_else(|| panic!("{}: geometry structure changed", path.display()));
    assert!(gap < 1e-3, "{}: coordinates moved {gap} m", path.display());
    assert_eq!(
        without_geometry(&first),
        without_geometry(&second),
        "{}",
        path.display()
    );
    let again = strata::io::plan_to_string(&second).expect("write again");
    assert_eq!(text, again, "{}: a second save differs", path.display());
}

#[test]
fn sample_maps_round_trip() {
    let files = geojson_files("sample_maps");
    assert!(files.len() >= 4, "sample maps missing");
    for file in files {
        roundtrip(&file);
    }
}

#[test]
fn valid_edge_cases_round_trip() {
    for file in geojson_files("tests/valid") {
        roundtrip(&file);
    }
}

#[test]
fn unknown_properties_members_and_kinds_are_kept() {
    let path = repo("tests/valid/numeric_ids_and_unknowns.geojson");
    let original: Value =
        serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
    let plan = common::load(&path).0;
    let saved: Value =
        serde_json::from_str(&strata::io::plan_to_string(&plan).expect("write")).expect("json");
    // Every foreign member of the collection survives (crs aside: the file is WGS84 now).
    for (key, value) in original.as_object().expect("object") {
        if !["features", "crs", "strata"].contains(&key.as_str()) {
            assert_same(saved.get(key), value, &format!("member {key}"));
        }
    }
    // Every feature id, property and unknown member survives; numbers stay numbers.
    let saved_features = saved["features"].as_array().expect("features");
    for feature in original["features"].as_array().expect("features") {
        let twin = saved_features
            .iter()
            .find(|f| f["id"] == feature["id"])
            .unwrap_or_else(|| panic!("feature {} lost", feature["id"]));
        for (key, value) in feature["properties"].as_object().expect("properties") {
            if key != "strata" {
                assert_same(
                    twin["properties"].get(key),
                    value,
                    &format!("{}: {key}", feature["id"]),
                );
            }
        }
        if let Some(strata) = feature["properties"]
            .get("strata")
            .and_then(Value::as_array)
        {
            for (s, t) in strata
                .iter()
                .zip(twin["properties"]["strata"].as_array().expect("strata"))
            {
                for (key, value) in s.as_object().expect("stratum") {
                    assert_same(
                        t.get(key),
                        value,
                        &format!("{} stratum {key}", feature["id"]),
                    );
                }
            }
        }
        for (key, value) in feature.as_object().expect("feature") {
            if !["geometry", "properties", "bbox"].contains(&key.as_str()) {
                assert_same(
                    twin.get(key),
                    value,
                    &format!("{}: member {key}", feature["id"]),
                );
            }
        }
    }
}

#[test]
fn saving_never_replaces_a_file_with_a_broken_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("plan.geojson");
    std::fs::write(&target, "good old plan").expect("write");
    let mut plan = common::load(&repo("tests/valid/hole.geojson")).0;
    // A coordinate that cannot be projected back makes the save fail before the rename.
    plan.parcels[0].shape.0[0].exterior_mut(|ring| ring.0[1].x = f64::NAN);
    assert!(strata::io::save_plan(&plan, &target).is_err());
    assert_eq!(
        std::fs::read_to_string(&target).expect("read"),
        "good old plan"
    );
    let leftovers = std::fs::read_dir(dir.path()).expect("list").count();
    assert_eq!(leftovers, 1, "temporary file left behind");
}
