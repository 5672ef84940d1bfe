//! Analysis figures of every sample map against golden files (`tests/golden/`), which
//! are only rewritten with `UPDATE_GOLDEN=1`; plus the Wenzhou land figures and the
//! documented JSON fields.

use crate::common;

use std::process::Command;

use common::{geojson_files, repo};
use serde_json::Value;
use strata::analysis::report::analysis_json;
use strata::analysis::{CoverageOptions, Metric};
use strata::model::{Reference, SQUARE_METERS_PER_MU, Scenario};

fn analyze(path: &std::path::Path, metric: Metric) -> Value {
    let plan = common::load(path).0;
    analysis_json(
        &plan,
        Scenario::Proposed,
        CoverageOptions {
            metric,
            ..Default::default()
        },
        &Reference::default(),
    )
}

/// Values equal, numbers within 1e-6 relative (golden files survive float formatting).
fn close(a: &Value, b: &Value, at: &str, failures: &mut Vec<String>) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            if (x - y).abs() > 1e-6 * x.abs().max(y.abs()).max(1.0) {
                failures.push(format!("{at}: {x} != {y}"));
            }
        }
        (Value::Array(xs), Value::Array(ys)) if xs.len() == ys.len() => {
            for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
                close(x, y, &format!("{at}[{i}]"), failures);
            }
        }
        (Value::Object(xs), Value::Object(ys)) if xs.len() == ys.len() => {
            for (k, x) in xs {
                match ys.get(k) {
                    Some(y) => close(x, y, &format!("{at}.{k}"), failures),
                    None => failures.push(format!("{at}.{k} missing")),
                }
            }
        }
        _ if a == b => {}
        _ => failures.push(format!("{at}: {a} != {b}")),
    }
}

#[test]
fn sample_map_figures_match_the_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for map in geojson_files("sample_maps") {
        for metric in [Metric::Euclidean, Metric::Network] {
            let stem = map
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            let golden = repo(&format!("tests/golden/{stem}.{}.json", metric.as_str()));
            let actual = analyze(&map, metric);
            if update {
                let text = serde_json::to_string_pretty(&actual).expect("json") + "\n";
                std::fs::write(&golden, text).expect("write golden");
                continue;
            }
            let expected: Value =
                serde_json::from_slice(&std::fs::read(&golden).unwrap_or_else(|e| {
                    panic!(
                        "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
                        golden.display()
                    )
                }))
                .expect("golden json");
            close(
                &actual,
                &expected,
                &format!("{stem}.{}", metric.as_str()),
                &mut failures,
            );
        }
    }
    failures.truncate(30);
    assert!(
        failures.is_empty(),
        "figures differ from the golden files:\n{}",
        failures.join("\n")
    );
}

#[test]
fn wenzhou_land_figures() {
    let json = analyze(
        &repo("sample_maps/wenzhou_sports_park.geojson"),
        Metric::Euclidean,
    );
    let land = &json["land"];
    let mu = |v: &Value| v.as_f64().expect("number") / SQUARE_METERS_PER_MU;
    let drainage = land["comparison"]["by_use"]
        .as_array()
        .expect("by_use")
        .iter()
        .find(|u| u["code"] == "1302")
        .expect("1302");
    let (old, new) = (mu(&drainage["existing_m2"]), mu(&drainage["proposed_m2"]));
    assert!(
        (old - 287.0).abs() < 0.05 && (new - 95.0).abs() < 0.05,
        "{old} → {new}"
    );
    assert!((new - old + 192.0).abs() < 0.1);
    assert!(
        ((new - old) / old * 100.0 + 66.9).abs() < 0.05,
        "{}",
        (new - old) / old * 100.0
    );
    assert!(
        (mu(&land["stacking_saved_m2"]) - 95.0).abs() < 1.0,
        "stacking saving {}",
        mu(&land["stacking_saved_m2"])
    );
    let released = mu(&land["comparison"]["released_m2"]);
    assert!((released - 400.0).abs() < 5.0, "released {released} mu");
}

#[test]
fn analyze_json_has_the_documented_fields() {
    let path = repo("sample_maps/xiongan_15min.geojson");
    for metric in ["euclidean", "network"] {
        let out = Command::new(env!("CARGO_BIN_EXE_strata"))
            .args([
                "analyze",
                path.to_str().expect("path"),
                "--format",
                "json",
                "--metric",
                metric,
            ])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0));
        let json: Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(json["metric"], metric);
        assert_eq!(json["scenario"], "proposed");
        let coverage = &json["coverage"];
        assert!(coverage["homes"].as_u64().expect("homes") >= 30);
        let population = coverage["population"].as_f64().expect("population");
        assert!((30_000.0..=60_000.0).contains(&population), "{population}");
        for c in coverage["categories"].as_array().expect("categories") {
            for field in [
                "id",
                "tier",
                "radius_m",
                "required",
                "facilities",
                "homes_covered",
                "population_covered",
                "share_population",
            ] {
                assert!(c.get(field).is_some(), "category field {field}");
            }
        }
        let parcel = &coverage["parcels"][0];
        for field in [
            "id",
            "population",
            "score",
            "nearest_m",
            "covered",
            "missing",
        ] {
            assert!(parcel.get(field).is_some(), "parcel field {field}");
        }
        // nearest_m lists every category with a facility; all 22 are present in Xiong'an.
        assert_eq!(parcel["nearest_m"].as_object().expect("nearest").len(), 22);
        for field in [
            "ground_m2",
            "stacked_m2",
            "stacking_saved_m2",
            "by_use",
            "comparison",
        ] {
            assert!(json["land"].get(field).is_some(), "land field {field}");
        }
        assert!(json["mix"].is_object() && json["conflicts"].is_array());
        // The deliberate gaps of the sample map show up.
        let gaps: Vec<&str> = coverage["gaps"]
            .as_array()
            .expect("gaps")
            .iter()
            .filter_map(|g| g["category"].as_str())
            .collect();
        assert!(
            gaps.contains(&"kindergarten") && gaps.contains(&"fresh_market"),
            "{gaps:?}"
        );
    }
}

#[test]
fn heatmap_files_are_georeferenced() {
    let map = repo("sample_maps/xiongan_15min.geojson");
    let (_dir, png, out) = heatmap_cli(&map, "50");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let image = image_size(&std::fs::read(&png).expect("png"));
    let asc = std::fs::read_to_string(png.with_extension("asc")).expect("asc");
    let header: Vec<f64> = asc
        .lines()
        .take(5)
        .map(|l| {
            l.split_whitespace()
                .nth(1)
                .expect("value")
                .parse()
                .expect("number")
        })
        .collect();
    let (cols, rows, xll, yll, cell) = (header[0], header[1], header[2], header[3], header[4]);
    assert_eq!((image.0 as f64, image.1 as f64), (cols, rows));
    assert_eq!(cell, 50.0);
    let pgw: Vec<f64> = std::fs::read_to_string(png.with_extension("pgw"))
        .expect("pgw")
        .lines()
        .map(|l| l.parse().expect("n"))
        .collect();
    assert_eq!(pgw[0], cell);
    assert_eq!(pgw[3], -cell);
    assert!((pgw[4] - (xll + cell / 2.0)).abs() < 1e-9);
    assert!((pgw[5] - (yll + rows * cell - cell / 2.0)).abs() < 1e-9);
    // The .prj names the plan's frame, and every facility's cell counts its category.
    let plan = common::load(&map).0;
    let prj = std::fs::read_to_string(png.with_extension("prj")).expect("prj");
    assert!(
        prj.contains(&format!("\"Central_Meridian\",{}", plan.frame.lon0)),
        "{prj}"
    );
    let values: Vec<Vec<f64>> = asc
        .lines()
        .skip(6)
        .map(|l| {
            l.split_whitespace()
                .map(|v| v.parse().expect("v"))
                .collect()
        })
        .collect();
    for f in &plan.facilities {
        let col = ((f.position.x() - xll) / cell).floor() as usize;
        let row = ((yll + rows * cell - f.position.y()) / cell).floor() as usize;
        assert!(
            values[row][col] >= 1.0,
            "facility {} sits in a cell with count {}",
            f.id,
            values[row][col]
        );
    }
}

/// Runs `strata heatmap` into a temporary folder; returns it, the PNG path and the output.
fn heatmap_cli(
    map: &std::path::Path,
    cell: &str,
) -> (tempfile::TempDir, std::path::PathBuf, std::process::Output) {
    let dir = tempfile::tempdir().expect("tempdir");
    let png = dir.path().join("heat.png");
    let out = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args([
            "heatmap",
            map.to_str().expect("map"),
            "--out",
            png.to_str().expect("png"),
            "--cell",
            cell,
        ])
        .output()
        .expect("run");
    (dir, png, out)
}

/// Width and height from a PNG's IHDR chunk.
fn image_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[1..4], b"PNG");
    let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    (be(16), be(20))
}

/// GDAL (what QGIS reads rasters with) places the heatmap where the plan is. `.ci/run`
/// installs gdal-bin; without `gdalinfo` on the machine the test says so and passes.
#[test]
fn gdal_places_the_heatmap_on_the_plan() {
    if Command::new("gdalinfo").arg("--version").output().is_err() {
        eprintln!("gdalinfo not installed: georeferencing checked by world-file arithmetic only");
        return;
    }
    let map = repo("sample_maps/wenzhou_sports_park.geojson");
    let (_dir, png, out) = heatmap_cli(&map, "20");
    assert_eq!(out.status.code(), Some(0));
    let plan = common::load(&map).0;
    let projector = plan.frame.projector().expect("projector");
    let asc = std::fs::read_to_string(png.with_extension("asc")).expect("asc");
    let header: Vec<f64> = asc
        .lines()
        .take(5)
        .map(|l| l.split_whitespace().nth(1).expect("v").parse().expect("n"))
        .collect();
    let (cols, rows, xll, yll, cell) = (header[0], header[1], header[2], header[3], header[4]);
    for file in [png.clone(), png.with_extension("asc")] {
        let info = Command::new("gdalinfo")
            .arg("-json")
            .arg(&file)
            .output()
            .expect("gdalinfo");
        let json: Value = serde_json::from_slice(&info.stdout).expect("gdalinfo json");
        let corners = &json["cornerCoordinates"];
        let upper_left = [
            corners["upperLeft"][0].as_f64().expect("x"),
            corners["upperLeft"][1].as_f64().expect("y"),
        ];
        // gdalinfo prints corners to the millimetre.
        assert!(
            (upper_left[0] - xll).abs() < 1e-2
                && (upper_left[1] - (yll + rows * cell)).abs() < 1e-2,
            "{file:?}: {upper_left:?}"
        );
        // The centre in longitude/latitude, as GDAL converts it with the .prj / aux.xml CRS.
        let centre = json["wgs84Extent"]["coordinates"][0]
            .as_array()
            .expect("ring");
        let lon = (centre[0][0].as_f64().expect("lon") + centre[2][0].as_f64().expect("lon")) / 2.0;
        let lat = (centre[0][1].as_f64().expect("lat") + centre[2][1].as_f64().expect("lat")) / 2.0;
        let want = projector
            .to_lonlat(xll + cols * cell / 2.0, yll + rows * cell / 2.0)
            .expect("lonlat");
        assert!(
            (lon - want[0]).abs() < 1e-5 && (lat - want[1]).abs() < 1e-5,
            "{file:?}: GDAL centre {lon},{lat} vs {want:?}"
        );
    }
}
