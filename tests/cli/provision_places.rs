//! The 2SFCA distance decay of `analyze --decay` (a hand-worked case and the independent
//! script `tests/tools/provision_check.py`), and the places style and heat value of
//! `render` and `heatmap` (issue 21), through the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

use crate::common::repo;

fn strata(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["--lang", "en"])
        .args(args)
        .output()
        .expect("strata runs")
}

fn analyze(plan: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["analyze", plan.to_str().expect("utf-8"), "--format", "json"];
    args.extend(extra);
    let out = strata(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn xiongan() -> PathBuf {
    repo("sample_maps/xiongan_15min.geojson")
}

fn housing(id: &str, lon: f64, population: f64) -> Value {
    let (lat, side) = (39.0, 0.0005);
    json!({ "type": "Feature", "id": id,
        "properties": { "kind": "parcel", "population": population, "strata": [
            { "id": "s1", "z": [0, 30], "floors": 10,
              "uses": [{ "code": "0701", "share": 1.0 }] }] },
        "geometry": { "type": "Polygon", "coordinates": [[
            [lon, lat], [lon + side, lat], [lon + side, lat + side],
            [lon, lat + side], [lon, lat]]] } })
}

/// Two homes of 1,000 and 3,000 residents at different distances within 300 m of a
/// kindergarten of 100 places. With a linear decay W(d) = 1 − d/300:
/// R = 100 / (1000 W(d1) + 3000 W(d2)) and A_i = R W(d_i), by hand from the distances
/// `analyze` reports; with no decay both get 100 / 4000 = 25 per 1,000.
#[test]
fn linear_decay_by_hand() {
    let plan = json!({ "type": "FeatureCollection",
        "strata": { "format": 1, "classification": "cn-2023", "standard": "gb50180-2018" },
        "features": [
            housing("p-1", 116.0, 1000.0),
            housing("p-2", 116.0018, 3000.0),
            { "type": "Feature", "id": "f-1",
              "geometry": { "type": "Point", "coordinates": [116.0003, 39.0003] },
              "properties": { "kind": "facility", "category": "kindergarten",
                              "capacity": 100 } } ] });
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.geojson");
    std::fs::write(&path, plan.to_string()).expect("write");
    let plain = analyze(&path, &[]);
    let decayed = analyze(&path, &["--decay", "linear"]);
    let d: Vec<f64> = (0..2)
        .map(|h| {
            plain["coverage"]["parcels"][h]["nearest_m"]["kindergarten"]
                .as_f64()
                .expect("distance")
        })
        .collect();
    assert!(d[0] < 50.0 && d[1] > 100.0 && d[1] < 300.0, "{d:?}");
    let w = |x: f64| 1.0 - x / 300.0;
    let ratio = 100.0 / (1000.0 * w(d[0]) + 3000.0 * w(d[1]));
    for h in 0..2 {
        let kg = |v: &Value| v["provision"]["parcels"][h]["categories"]["kindergarten"].clone();
        assert_eq!(kg(&plain)["access_per_1000"], 25.0);
        let ours = kg(&decayed)["access_per_1000"].as_f64().expect("access");
        let hand = 1000.0 * ratio * w(d[h]);
        // The JSON rounds to 0.01 and its distances to 0.1 m.
        assert!((ours - hand).abs() < 0.02, "home {h}: {ours} vs {hand}");
    }
    assert!(plain["provision"].get("decay").is_none());
    assert_eq!(decayed["provision"]["decay"], "linear");
    let bad = strata(&["analyze", path.to_str().expect("utf-8"), "--decay", "cubic"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// Gaussian 2SFCA of every kindergarten catchment of the Xiong'an sample against the
/// independent script.
#[test]
fn gaussian_decay_agrees_with_an_independent_computation() {
    let probe = Command::new("python3")
        .args(["-c", "import shapely, pyproj"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: python3 with shapely and pyproj is needed for the independent check");
        return;
    }
    let script = Command::new("python3")
        .arg(repo("tests/tools/provision_check.py"))
        .arg(xiongan())
        .args(["kindergarten", "300", "30", "390", "540", "13", "gaussian"])
        .output()
        .expect("python3 runs");
    assert!(
        script.status.success(),
        "{}",
        String::from_utf8_lossy(&script.stderr)
    );
    let theirs: Value = serde_json::from_slice(&script.stdout).expect("script JSON");
    let ours = analyze(&xiongan(), &["--decay", "gaussian"]);
    let plain = analyze(&xiongan(), &[]);
    let mut compared = 0;
    let mut differs = 0;
    for (home, undecayed) in ours["provision"]["parcels"]
        .as_array()
        .expect("parcels")
        .iter()
        .zip(plain["provision"]["parcels"].as_array().expect("parcels"))
    {
        let id = home["id"].as_str().expect("id");
        let a = home["categories"]["kindergarten"]["access_per_1000"]
            .as_f64()
            .expect("access");
        let b = theirs["homes"][id]["access_per_1000"]
            .as_f64()
            .expect("script access");
        assert!((a - b).abs() <= 0.006 + 1e-6 * b.abs(), "{id}: {a} vs {b}");
        let none = undecayed["categories"]["kindergarten"]["access_per_1000"]
            .as_f64()
            .expect("access");
        differs += usize::from((a - none).abs() > 0.01);
        compared += 1;
    }
    assert!(compared > 10, "{compared} homes");
    assert!(differs > 0, "the decay changed no home's figure");
}

fn png_path(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().expect("utf-8").to_owned()
}

/// `render --style places --category kindergarten` paints homes on the score ramp, with
/// the category in the subtitle; `--heatmap places` and `heatmap --value places` draw the
/// grid; a category without a per-1,000 figure or none at all is a clear error.
#[test]
fn render_paints_places_per_child() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = xiongan();
    let plan = plan.to_str().expect("utf-8");
    let out = png_path(dir.path(), "places.png");
    let ok = strata(&[
        "render",
        plan,
        "--out",
        &out,
        "--style",
        "places",
        "--category",
        "kindergarten",
        "--heatmap",
        "places",
        "--width",
        "600",
    ]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(image::open(&out).is_ok());
    let missing = strata(&["render", plan, "--out", &out, "--style", "places"]);
    let text = String::from_utf8_lossy(&missing.stderr);
    assert!(!missing.status.success());
    assert!(
        text.contains("--category") && text.contains("kindergarten"),
        "{text}"
    );
    let mall = strata(&[
        "render",
        plan,
        "--out",
        &out,
        "--style",
        "places",
        "--category",
        "mall",
    ]);
    let text = String::from_utf8_lossy(&mall.stderr);
    assert!(!mall.status.success());
    assert!(
        text.contains("\"mall\"") && text.contains("per-1,000"),
        "{text}"
    );
    let grid = png_path(dir.path(), "grid.png");
    let heat = strata(&[
        "heatmap",
        plan,
        "--out",
        &grid,
        "--value",
        "places",
        "--category",
        "kindergarten",
        "--cell",
        "50",
    ]);
    assert!(
        heat.status.success(),
        "{}",
        String::from_utf8_lossy(&heat.stderr)
    );
    let asc = std::fs::read_to_string(dir.path().join("grid.asc")).expect("ascii grid");
    let values: Vec<f64> = asc
        .lines()
        .skip(6)
        .flat_map(str::split_whitespace)
        .filter_map(|v| v.parse().ok())
        .filter(|v: &f64| *v >= 0.0)
        .collect();
    assert!(values.iter().any(|v| *v > 0.0), "no cell has places");
}

/// Two homes 600 m apart: a kindergarten (300 m) beside the first leaves the second
/// without one — a gap, so the report maps the kindergarten's walking-time bands; a
/// middle school (1,000 m) between them serves both — no gap, no map.
#[test]
fn the_report_maps_walking_time_areas_for_gaps_only() {
    let plan = json!({ "type": "FeatureCollection",
        "strata": { "format": 1, "classification": "cn-2023", "standard": "gb50180-2018" },
        "features": [
            housing("p-1", 116.0, 1000.0),
            housing("p-2", 116.007, 2000.0),
            { "type": "Feature", "id": "f-kg",
              "geometry": { "type": "Point", "coordinates": [116.0003, 39.0003] },
              "properties": { "kind": "facility", "category": "kindergarten", "capacity": 60 } },
            { "type": "Feature", "id": "f-ms",
              "geometry": { "type": "Point", "coordinates": [116.0035, 39.0003] },
              "properties": { "kind": "facility", "category": "middle_school" } } ] });
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.geojson");
    std::fs::write(&path, plan.to_string()).expect("write");
    let analysis = analyze(&path, &[]);
    let share = |id: &str| {
        analysis["coverage"]["categories"]
            .as_array()
            .expect("categories")
            .iter()
            .find(|c| c["id"] == id)
            .and_then(|c| c["share_population"].as_f64())
            .expect("share")
    };
    assert!(share("kindergarten") < 1.0 && share("middle_school") == 1.0);
    let md = dir.path().join("report.md");
    let out = strata(&[
        "report",
        path.to_str().expect("utf-8"),
        "--out",
        md.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&md).expect("report");
    assert!(
        text.contains("Walking-time areas of the categories with gaps"),
        "no part"
    );
    assert!(
        text.contains("report-gap-kindergarten.png"),
        "no kindergarten map"
    );
    assert!(
        !text.contains("gap-middle_school"),
        "a map for a category without a gap"
    );
    let png = image::open(dir.path().join("report-gap-kindergarten.png")).expect("map png");
    assert!(png.width() >= 900);
    // The caption: the far home, 600 m off, is beyond 5 minutes (400 m), within 10.
    assert!(
        text.contains("5 min: 1000 residents in 1 homes")
            && text.contains("10 min: 3000 residents in 2 homes"),
        "{}",
        text.lines()
            .filter(|l| l.contains("min:"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let html = dir.path().join("report.html");
    let out = strata(&[
        "report",
        path.to_str().expect("utf-8"),
        "--out",
        html.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(page.contains("data-gap-category=\"kindergarten\""));
    assert!(!page.contains("data-gap-category=\"middle_school\""));
    let pdf = dir.path().join("report.pdf");
    let out = strata(&[
        "report",
        path.to_str().expect("utf-8"),
        "--out",
        pdf.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    match Command::new("pdftotext").arg(&pdf).arg("-").output() {
        Ok(text) if text.status.success() => {
            let text = String::from_utf8_lossy(&text.stdout);
            assert!(text.contains("Walking-time areas of the categories with gaps"));
            assert!(text.contains("10 min: 3000 residents in 2 homes"), "{text}");
        }
        _ => eprintln!("skipped: pdftotext (poppler-utils) is needed to read the PDF"),
    }
}
