//! The `strata` command line end to end: info, check, export, import, reference files.

use crate::common;

use std::process::{Command, Output};

use common::{geojson_files, repo};
use serde_json::Value;

fn strata(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .output()
        .expect("run strata")
}

fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// Every sample map checks clean, except for the zoning problems two of them carry on
/// purpose (sample_maps/README.md): Xiong'an p-36 builds over its FAR limit with too much
/// retail, Shenzhen p-28 mixes more offices and shops into industry than the rules allow.
#[test]
fn sample_maps_check_clean_but_for_their_deliberate_zoning_problems() {
    let deliberate: &[(&str, &[&str])] = &[
        (
            "xiongan_15min.geojson",
            &[
                "error [control_exceeded] p-36: FAR 2.80 exceeds the maximum 2.30",
                "error [incompatible_use] p-36: secondary use 09 takes 15.0 % of the counted floor area, more than the 10.0 % allowed with main use 0701 (mixed-use-example)",
            ],
        ),
        (
            "shenzhen_renewal.geojson",
            &[
                "error [incompatible_use] p-28: secondary use 09 takes 20.0 % of the counted floor area, more than the 10.0 % allowed with main use 1001 (mixed-use-example)",
                "error [incompatible_use] p-28: secondary uses take 50.0 % of the counted floor area together, more than the 30.0 % allowed with main use 1001 (mixed-use-example)",
            ],
        ),
    ];
    for map in geojson_files("sample_maps") {
        let out = strata(&["check", map.to_str().expect("path")]);
        let text = String::from_utf8_lossy(&out.stdout);
        let name = map.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("error ")).collect();
        match deliberate.iter().find(|(file, _)| *file == name) {
            Some((_, expected)) => {
                assert_eq!(out.status.code(), Some(1), "{name}: {text}");
                assert_eq!(errors, *expected, "{name}");
            }
            None => assert_eq!(out.status.code(), Some(0), "{name}: {text}"),
        }
    }
}

#[test]
fn info_shows_the_wenzhou_plant_before_and_after() {
    let path = repo("sample_maps/wenzhou_sports_park.geojson");
    let out = strata(&["info", path.to_str().expect("path"), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let info = stdout_json(&out);
    let plant = |scenario: &str| {
        info["parcels"]
            .as_array()
            .expect("parcels")
            .iter()
            .find(|p| p["scenario"] == scenario && p["main_use"] == "1302")
            .unwrap_or_else(|| panic!("no {scenario} drainage parcel"))
            .clone()
    };
    let old = plant("existing");
    let new = plant("proposed");
    assert!(
        (old["area"]["mu"].as_f64().expect("mu") - 287.0).abs() < 0.5,
        "{old}"
    );
    assert!(
        (new["area"]["mu"].as_f64().expect("mu") - 95.0).abs() < 0.5,
        "{new}"
    );
    assert_eq!(new["strata"], 2);
    // The text output names both parcels with their areas in mu.
    let text = String::from_utf8_lossy(&strata(&["info", path.to_str().expect("path")]).stdout)
        .into_owned();
    assert!(
        text.contains("287.00 mu") && text.contains("95.00 mu"),
        "{text}"
    );
}

#[test]
fn flat_export_has_one_plain_feature_per_stratum() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("flat.geojson");
    let plan_path = repo("sample_maps/shenzhen_renewal.geojson");
    let result = strata(&[
        "export",
        plan_path.to_str().expect("path"),
        "--out",
        out.to_str().expect("out"),
        "--flat",
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let flat: Value = serde_json::from_slice(&std::fs::read(&out).expect("read")).expect("json");
    let plan = common::load(&plan_path).0;
    let strata_count: usize = plan.parcels.iter().map(|p| p.strata.len().max(1)).sum();
    let features = flat["features"].as_array().expect("features");
    let strata_features: Vec<_> = features
        .iter()
        .filter(|f| f["properties"]["kind"] == "stratum")
        .collect();
    assert_eq!(strata_features.len(), strata_count);
    assert_eq!(
        features.len(),
        strata_count + plan.facilities.len() + plan.streets.len()
    );
    for f in strata_features {
        assert!(matches!(
            f["geometry"]["type"].as_str(),
            Some("Polygon" | "MultiPolygon")
        ));
        for (key, value) in f["properties"].as_object().expect("properties") {
            assert!(
                !value.is_array() && !value.is_object(),
                "{key} is not flat: {value}"
            );
        }
    }
    // A co-owned stratum lists its three holders in one text field.
    let text = std::fs::read_to_string(&out).expect("read");
    assert!(text.contains("\"mixed\": true"));
}

#[test]
fn export_writes_a_plan_that_reads_back_equal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("copy.geojson");
    let src = repo("tests/valid/crs_utm.geojson");
    let result = strata(&[
        "export",
        src.to_str().expect("src"),
        "--out",
        out.to_str().expect("out"),
    ]);
    assert_eq!(result.status.code(), Some(0));
    let copy: Value = serde_json::from_slice(&std::fs::read(&out).expect("read")).expect("json");
    assert!(
        copy.get("crs").is_none(),
        "the export is WGS84 and has no crs member"
    );
    let a = common::load(&src).0;
    let b = common::load(&out).0;
    // Coordinates move less than 1 mm, so a 400 m perimeter changes the area by < 0.4 m².
    assert!((a.parcels[0].area().m2() - b.parcels[0].area().m2()).abs() < 0.4);
}

#[test]
fn import_maps_a_plain_qgis_file_into_parcels_and_facilities() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A plain export in UTM 50N, as QGIS writes it: a crs member, numeric ids, OSM tags.
    let plain = serde_json::json!({
        "type": "FeatureCollection", "name": "blocks",
        "crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:EPSG::32650" } },
        "features": [
            { "type": "Feature", "id": 7, "properties": { "landuse": "residential", "name": "A", "status": "x" },
              "geometry": { "type": "Polygon", "coordinates": [[[300000.0, 2495000.0], [300100.0, 2495000.0], [300100.0, 2495100.0], [300000.0, 2495100.0], [300000.0, 2495000.0]]] } },
            { "type": "Feature", "id": 8, "properties": { "landuse": "0701+0901", "name": "B" },
              "geometry": { "type": "Polygon", "coordinates": [[[300100.0, 2495000.0], [300200.0, 2495000.0], [300200.0, 2495100.0], [300100.0, 2495100.0], [300100.0, 2495000.0]]] } },
            { "type": "Feature", "id": 9, "properties": { "amenity": "school" },
              "geometry": { "type": "Point", "coordinates": [300050.0, 2495050.0] } }
        ]
    });
    let src = dir.path().join("plain.geojson");
    std::fs::write(&src, plain.to_string()).expect("write");
    let map = dir.path().join("map.toml");
    std::fs::write(
        &map,
        "residential = \"0701\"\nschool = \"primary_school\"\n",
    )
    .expect("write");
    let out = dir.path().join("plan.geojson");
    let s = |p: &std::path::Path| p.to_str().expect("path").to_owned();
    let result = strata(&[
        "import",
        &s(&src),
        "--out",
        &s(&out),
        "--as",
        "parcel",
        "--use-from",
        "landuse",
        "--map",
        &s(&map),
        "--status",
        "existing",
        "--scenario",
        "existing",
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let plan = common::load(&out).0;
    assert_eq!(
        plan.parcels.len(),
        2,
        "the point is skipped when importing parcels"
    );
    let a = &plan.parcels[0];
    assert_eq!(a.strata[0].uses[0].code, "0701");
    assert_eq!(
        a.meta.properties.get("source_status"),
        Some(&Value::from("x"))
    );
    assert!(
        (a.area().m2() - 10_000.0).abs() < 10.0,
        "UTM square of 100 m (scale 0.9996): {}",
        a.area().m2()
    );
    let b = &plan.parcels[1];
    let codes: Vec<_> = b.strata[0]
        .uses
        .iter()
        .map(|u| (u.code.as_str(), u.share))
        .collect();
    assert_eq!(codes, vec![("0701", 0.5), ("0901", 0.5)]);
    // Refuses to overwrite without --force.
    let again = strata(&["import", &s(&src), "--out", &s(&out)]);
    assert_eq!(again.status.code(), Some(1));
    // Facilities with a category from a property.
    let facilities = dir.path().join("facilities.geojson");
    let result = strata(&[
        "import",
        &s(&src),
        "--out",
        &s(&facilities),
        "--as",
        "facility",
        "--category-from",
        "amenity",
        "--map",
        &s(&map),
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let plan = common::load(&facilities).0;
    assert_eq!(plan.facilities.len(), 1);
    assert_eq!(plan.facilities[0].category, "primary_school");
}

#[test]
fn wrong_reference_files_give_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("standard.toml");
    std::fs::write(&bad, "id = \"x\"\n").expect("write");
    let map = repo("sample_maps/xiongan_15min.geojson");
    let out = strata(&[
        "check",
        map.to_str().expect("path"),
        "--standard",
        bad.to_str().expect("bad"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("standard.toml") && err.contains("missing field"),
        "{err}"
    );
}

#[test]
fn a_custom_classification_changes_what_is_known() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tiny = dir.path().join("tiny.toml");
    std::fs::write(&tiny, "id = \"tiny\"\nzh = \"小\"\nen = \"tiny\"\n[[class]]\ncode = \"07\"\nzh = \"居住\"\nen = \"residential\"\ncolor = \"#FFFF2D\"\n").expect("write");
    let map = repo("sample_maps/wenzhou_sports_park.geojson");
    let out = strata(&[
        "check",
        map.to_str().expect("path"),
        "--classification",
        tiny.to_str().expect("tiny"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("[unknown-land-use]"));
}

#[test]
fn help_lists_every_command() {
    let out = strata(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for command in [
        "open", "info", "check", "analyze", "heatmap", "export", "import",
    ] {
        assert!(text.contains(command), "{text}");
    }
}

/// The coverage options are one flattened struct; each command's help still lists
/// `--metric` and `--radius` where they always were (`value` has no `--radius`), and
/// `render` keeps its own wording of `--metric`.
#[test]
fn coverage_options_keep_their_place_in_every_help() {
    let expected: [(&str, &[&str]); 6] = [
        (
            "analyze",
            &["--scenario", "--metric", "--radius", "--format"],
        ),
        (
            "heatmap",
            &[
                "--out",
                "--cell",
                "--value",
                "--category",
                "--metric",
                "--radius",
                "--scenario",
            ],
        ),
        (
            "render",
            &[
                "--style",
                "--heatmap",
                "--category",
                "--metric",
                "--radius",
                "--scenario",
                "--no-labels",
            ],
        ),
        (
            "report",
            &["--out", "--scenario", "--metric", "--radius", "--width"],
        ),
        (
            "suggest",
            &[
                "--count",
                "--candidates",
                "--metric",
                "--radius",
                "--scenario",
                "--format",
            ],
        ),
        ("value", &["--top", "--metric", "--scenario", "--format"]),
    ];
    for (command, options) in expected {
        let out = strata(&[command, "-h", "--lang", "en"]);
        assert_eq!(out.status.code(), Some(0), "{command}");
        let help = String::from_utf8_lossy(&out.stdout);
        let listed: Vec<&str> = help
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .filter(|word| word.starts_with("--") && options.contains(word))
            .collect();
        assert_eq!(listed, options, "{command} -h:\n{help}");
        let metric = help
            .lines()
            .find(|line| line.trim_start().starts_with("--metric"))
            .unwrap_or_default();
        let wording = if command == "render" {
            "Distances of the score style and the heatmap [default: euclidean]"
        } else {
            "Straight-line distance, or along walkable streets [default: euclidean]"
        };
        assert!(metric.contains(wording), "{command}: {metric}");
    }
    let value = strata(&["value", "--help", "--lang", "en"]);
    assert!(!String::from_utf8_lossy(&value.stdout).contains("--radius"));
}
