//! Load → save → load gives an equal plan (coordinates within 1 mm, properties and
//! unknown members kept, ids stable), for every sample map and valid edge case; a
//! second save writes the same text.

use crate::common;

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

/// Every string in `value` with the path to it (`properties.strata[0].holders[0].name`).
fn strings(value: &Value, path: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(s) => out.push((path, s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                strings(item, format!("{path}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                strings(v, format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

fn at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut here = value;
    for part in path.trim_start_matches('.').split('.') {
        let (key, indices) = part
            .split_once('[')
            .map_or((part, ""), |(k, rest)| (k, rest));
        here = here.get(key)?;
        for index in indices.split('[').filter(|s| !s.is_empty()) {
            here = here.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(here)
}

#[test]
fn chinese_property_values_round_trip_byte_for_byte() {
    // Names, holders, notes, unknown properties with Chinese keys and values, mixed
    // scripts, full-width punctuation and a character outside the BMP (𠮷).
    let source = r#"{
      "type": "FeatureCollection",
      "strata": {"format": 1, "name": "雄安新区容东片区 15 分钟生活圈（规划）", "classification": "cn-2023", "standard": "gb50180-2018", "编制单位": "中国城市规划设计研究院"},
      "features": [
        {"type": "Feature", "id": "地块-1",
         "geometry": {"type": "Polygon", "coordinates": [[[115.97, 39.02], [115.971, 39.02], [115.971, 39.021], [115.97, 39.021], [115.97, 39.02]]]},
         "properties": {"kind": "parcel", "scenario": "existing", "name": "容东安置住宅组团（一期）", "status": "underused",
           "strata": [{"id": "s1", "z": [0, 30], "floors": 10, "uses": [{"code": "0701", "share": 1.0}],
             "holders": [{"name": "雄安集团有限公司", "share": 0.6}, {"name": "张三·李四 合作社 𠮷", "share": 0.4}],
             "right": "ownership", "facilities": [], "备注": "底层商业，二层以上住宅"}],
           "权属来源": "划拨", "用地编号": "XA-RD-01-03", "note": "Mixed 中英 text, 全角标点：；“引号”"}},
        {"type": "Feature", "id": "f-1",
         "geometry": {"type": "Point", "coordinates": [115.9705, 39.0205]},
         "properties": {"kind": "facility", "scenario": "existing", "category": "kindergarten", "name": "容东第一幼儿园", "办学性质": "公办"}},
        {"type": "Feature", "id": "街-1",
         "geometry": {"type": "LineString", "coordinates": [[115.969, 39.0195], [115.972, 39.0195]]},
         "properties": {"kind": "street", "scenario": "existing", "name": "容东大街", "walkable": true}}
      ]
    }"#;
    let first = strata::io::read_plan(source.as_bytes(), &Default::default())
        .expect("reads")
        .plan;
    assert_eq!(
        first.parcels[0].name.as_deref(),
        Some("容东安置住宅组团（一期）")
    );
    let saved = strata::io::plan_to_string(&first).expect("write");
    // Written as UTF-8 text, not \u escapes, so other tools and people can read it.
    assert!(saved.contains("张三·李四 合作社 𠮷"), "{saved}");
    assert!(!saved.contains("\\u"), "escaped: {saved}");

    let original: Value = serde_json::from_str(source).expect("json");
    let written: Value = serde_json::from_str(&saved).expect("json");
    let mut texts = Vec::new();
    strings(&original["strata"], ".strata".into(), &mut texts);
    for (i, feature) in original["features"]
        .as_array()
        .expect("features")
        .iter()
        .enumerate()
    {
        let id = feature["id"].as_str().expect("id");
        let out = written["features"]
            .as_array()
            .expect("features")
            .iter()
            .find(|f| f["id"] == id)
            .unwrap_or_else(|| panic!("feature {id} lost"));
        let mut own = Vec::new();
        strings(&feature["properties"], String::new(), &mut own);
        for (path, text) in own {
            let kept = at(&out["properties"], &path).and_then(Value::as_str);
            assert_eq!(
                kept.map(str::as_bytes),
                Some(text.as_bytes()),
                "feature {i} ({id}) property {path}"
            );
        }
    }
    assert!(texts.len() >= 2, "{texts:?}");
    for (path, text) in texts {
        let kept = at(&written, &path).and_then(Value::as_str);
        assert_eq!(kept.map(str::as_bytes), Some(text.as_bytes()), "{path}");
    }
    // A second round trip writes the same bytes.
    let again = strata::io::read_plan(saved.as_bytes(), &Default::default())
        .expect("reads back")
        .plan;
    assert_eq!(strata::io::plan_to_string(&again).expect("write"), saved);
}
