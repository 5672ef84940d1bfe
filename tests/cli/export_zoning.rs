//! `strata export --flat` carries each parcel's controls and achieved zoning indicators
//! (issue 16): the controls as in the file, the indicators as an independent computation
//! (`tests/tools/zoning_indicators.py`, shapely and pyproj) works them out.

use std::process::Command;

use serde_json::Value;

use crate::common::repo;

/// The flat export of a sample, through the binary.
fn flat_export(sample: &str) -> Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("flat.geojson");
    let result = Command::new(env!("CARGO_BIN_EXE_strata"))
        .arg("export")
        .arg(repo(sample))
        .arg("--out")
        .arg(&out)
        .arg("--flat")
        .output()
        .expect("strata runs");
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    serde_json::from_slice(&std::fs::read(&out).expect("written")).expect("json")
}

/// Rows of a parcel (one per stratum): its properties.
fn rows<'a>(flat: &'a Value, parcel: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    flat["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| &f["properties"])
        .filter(move |p| p["kind"] == "stratum" && p["parcel_id"] == parcel)
}

#[test]
fn every_row_carries_the_controls_of_its_parcel_as_in_the_file() {
    let flat = flat_export("sample_maps/xiongan_15min.geojson");
    let plan: Value = serde_json::from_slice(
        &std::fs::read(repo("sample_maps/xiongan_15min.geojson")).expect("sample"),
    )
    .expect("json");
    let p36 = plan["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["id"] == "p-36")
        .expect("p-36");
    let controls = &p36["properties"]["controls"];
    let mut n = 0;
    for row in rows(&flat, "p-36") {
        assert_eq!(row["control_code"], controls["code"]);
        assert_eq!(row["main_use"], controls["main_use"]);
        // Numbers compared as numbers (the file writes 45, the export 45.0).
        for (column, member) in [
            ("far_min", &controls["far"][0]),
            ("far_max", &controls["far"][1]),
            ("density_max", &controls["density_max"]),
            ("green_min", &controls["green_min"]),
            ("height_max", &controls["height_max"]),
        ] {
            assert_eq!(row[column].as_f64(), member.as_f64(), "{column}");
            assert!(member.is_number() || column == "far_min", "{column} is set");
        }
        // The deliberate violation: FAR over its limit and too much retail.
        assert_eq!(row["compliance"], "broken");
        let violations = row["violations"].as_str().expect("text");
        assert!(violations.split(',').any(|v| v == "far"), "{violations}");
        assert!(
            violations.split(',').any(|v| v.starts_with("use:")),
            "{violations}"
        );
        n += 1;
    }
    assert!(n > 0, "p-36 has rows");
    assert!(
        rows(&flat, "p-4").all(|r| r["compliance"] == "met" && r["violations"] == ""),
        "p-4 meets its controls"
    );
}

/// Skipped (with a message) where python3 with shapely and pyproj is missing; `.ci/run`
/// installs them.
#[test]
fn achieved_indicators_agree_with_an_independent_computation() {
    let probe = Command::new("python3")
        .args(["-c", "import shapely, pyproj"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: python3 with shapely and pyproj is needed for the independent check");
        return;
    }
    for sample in [
        "sample_maps/xiongan_15min.geojson",
        "sample_maps/shenzhen_renewal.geojson",
    ] {
        let out = Command::new("python3")
            .arg(repo("tests/tools/zoning_indicators.py"))
            .arg(repo(sample))
            .output()
            .expect("python3 runs");
        let theirs: Value = serde_json::from_slice(&out.stdout).expect("script JSON");
        let flat = flat_export(sample);
        let mut compared = 0;
        for row in flat["features"]
            .as_array()
            .expect("features")
            .iter()
            .map(|f| &f["properties"])
        {
            if row["kind"] != "stratum" {
                continue;
            }
            let expected = &theirs[row["scenario"].as_str().expect("scenario")]
                [row["parcel_id"].as_str().expect("id")];
            // Written rounded: FAR to 3 decimals, ratios to 4, metres and m² to 2.
            for (column, name, half_unit) in [
                ("achieved_far", "far", 5e-4),
                ("achieved_density", "density", 5e-5),
                ("achieved_green", "green", 5e-5),
                ("achieved_height_m", "height_m", 5e-3),
                ("counted_floor_m2", "floor_area_m2", 5e-3),
            ] {
                let ours = row[column].as_f64().expect("a number");
                let exact = expected[name].as_f64().expect("the script's number");
                assert!(
                    (ours - exact).abs() <= half_unit + 1e-9 * exact.abs(),
                    "{sample} {}: {column} {ours} vs {exact}",
                    row["parcel_id"]
                );
                compared += 1;
            }
        }
        assert!(compared > 100, "{sample}: only {compared} figures");
    }
}
