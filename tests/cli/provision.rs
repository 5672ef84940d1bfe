//! Provision per 1,000 residents, 2SFCA, isochrones and siting (issue 21), through the
//! binary: figures against a hand-worked plan and an independent computation
//! (`tests/tools/provision_check.py`, shapely and pyproj), isochrone polygons against
//! `analyze`'s distances, and the errors asked for.

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

fn analyze_json(plan: &Path, metric: &str) -> Value {
    let out = strata(&[
        "analyze",
        plan.to_str().expect("utf-8"),
        "--format",
        "json",
        "--metric",
        metric,
    ]);
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

/// A square parcel of `side` metres (roughly, in degrees near 39° N) at `(lon, lat)`.
fn square(id: &str, lon: f64, lat: f64, side_deg: f64, properties: Value) -> Value {
    json!({ "type": "Feature", "id": id, "properties": properties,
        "geometry": { "type": "Polygon", "coordinates": [[
            [lon, lat], [lon + side_deg, lat], [lon + side_deg, lat + side_deg],
            [lon, lat + side_deg], [lon, lat]]] } })
}

fn housing(population: f64) -> Value {
    json!({ "kind": "parcel", "population": population, "strata": [
        { "id": "s1", "z": [0, 30], "floors": 10,
          "uses": [{ "code": "0701", "share": 1.0 }] }] })
}

/// Two homes of 1,000 and 3,000 residents within 300 m of a kindergarten of 100 places
/// and 1,500 m² floor, a third 2 km away. Worked by hand: the near homes share one
/// catchment of 4,000 residents, who need 4 × 30 = 120 places, 4 × 390 = 1,560 m² of
/// floor and 4 × 540 = 2,160 m² of land; 100 places and 1,500 m² are provided: short
/// by 20 places, 60 m² of floor and 2,160 m² of land (the facility gives no land).
/// 2SFCA: 100 places / 4,000 residents = 25 per 1,000. The far home is its own
/// catchment: 500 residents need 15 places, none provided.
#[test]
fn a_hand_worked_catchment() {
    let plan = json!({ "type": "FeatureCollection",
        "strata": { "format": 1, "classification": "cn-2023", "standard": "gb50180-2018" },
        "features": [
            square("p-1", 116.0, 39.0, 0.0005, housing(1000.0)),
            square("p-2", 116.0015, 39.0, 0.0005, housing(3000.0)),
            square("p-3", 116.02, 39.0, 0.0005, housing(500.0)),
            { "type": "Feature", "id": "f-1",
              "geometry": { "type": "Point", "coordinates": [116.001, 39.0003] },
              "properties": { "kind": "facility", "category": "kindergarten",
                              "capacity": 100, "floor_area_m2": 1500 } } ] });
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.geojson");
    std::fs::write(&path, plan.to_string()).expect("write");
    let out = analyze_json(&path, "euclidean");
    let kg = &out["provision"]["parcels"][0]["categories"]["kindergarten"];
    assert_eq!(kg["facilities"], json!(["f-1"]), "{kg}");
    assert_eq!(kg["residents"], 4000.0);
    assert_eq!(
        kg["places"],
        json!({ "required": 120.0, "provided": 100.0, "shortfall": 20.0 })
    );
    assert_eq!(
        kg["floor_m2"],
        json!({ "required": 1560.0, "provided": 1500.0, "shortfall": 60.0 })
    );
    assert_eq!(
        kg["land_m2"],
        json!({ "required": 2160.0, "provided": 0.0, "shortfall": 2160.0 })
    );
    assert_eq!(kg["access_per_1000"], 25.0);
    assert_eq!(kg["access_of"], "places");
    let p2 = &out["provision"]["parcels"][1]["categories"]["kindergarten"];
    assert_eq!(p2, kg, "p-2 shares p-1's catchment");
    let far = &out["provision"]["parcels"][2]["categories"]["kindergarten"];
    assert_eq!(far["residents"], 500.0);
    assert_eq!(
        far["places"],
        json!({ "required": 15.0, "provided": 0.0, "shortfall": 15.0 })
    );
    let whole = out["provision"]["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .find(|c| c["id"] == "kindergarten")
        .expect("kindergarten");
    assert_eq!(whole["residents"], 4500.0);
    assert_eq!(whole["residents_served"], 4000.0);
    assert_eq!(
        whole["places"],
        json!({ "required": 135.0, "provided": 100.0, "shortfall": 35.0 })
    );
    assert_eq!(whole["verified"], false);
    assert!(
        whole["clause"]
            .as_str()
            .is_some_and(|c| c.contains("GB 50180"))
    );
}

fn close(ours: &Value, theirs: &Value, what: &str) {
    let (a, b) = (ours.as_f64().expect(what), theirs.as_f64().expect(what));
    // Strata rounds to 0.01; the projection centres agree to 1e-4°.
    assert!(
        (a - b).abs() <= 0.006 + 1e-6 * b.abs(),
        "{what}: {a} vs {b}"
    );
}

/// Every kindergarten catchment of the Xiong'an sample (straight-line), and the plan's
/// totals, as an independent script works them out.
#[test]
fn xiongan_kindergarten_provision_agrees_with_an_independent_computation() {
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
        .args(["kindergarten", "300", "30", "390", "540", "13"])
        .output()
        .expect("python3 runs");
    assert!(
        script.status.success(),
        "{}",
        String::from_utf8_lossy(&script.stderr)
    );
    let theirs: Value = serde_json::from_slice(&script.stdout).expect("script JSON");
    let ours = analyze_json(&xiongan(), "euclidean");
    let mut compared = 0;
    let mut with_facilities = 0;
    for home in ours["provision"]["parcels"].as_array().expect("parcels") {
        let id = home["id"].as_str().expect("id");
        let (kg, expected) = (&home["categories"]["kindergarten"], &theirs["homes"][id]);
        assert!(expected.is_object(), "{id} is a home for both");
        let mut names: Vec<&str> = kg["facilities"]
            .as_array()
            .expect("facilities")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        names.sort_unstable();
        assert_eq!(json!(names), expected["facilities"], "{id}");
        with_facilities += usize::from(!names.is_empty());
        close(
            &kg["residents"],
            &expected["residents"],
            &format!("{id} residents"),
        );
        for (ours, theirs) in [
            ("places", "places"),
            ("floor_m2", "floor"),
            ("land_m2", "land"),
        ] {
            close(
                &kg[ours]["required"],
                &expected[format!("{theirs}_required")],
                &format!("{id} {ours} required"),
            );
            close(
                &kg[ours]["provided"],
                &expected[format!("{theirs}_provided")],
                &format!("{id} {ours} provided"),
            );
        }
        close(
            &kg["access_per_1000"],
            &expected["access_per_1000"],
            &format!("{id} 2SFCA"),
        );
        compared += 1;
    }
    assert_eq!(compared, theirs["homes"].as_object().expect("homes").len());
    assert!(
        with_facilities > 5 && with_facilities < compared,
        "{with_facilities} of {compared}"
    );
    let whole = ours["provision"]["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .find(|c| c["id"] == "kindergarten")
        .expect("kindergarten");
    close(
        &whole["residents"],
        &theirs["plan"]["residents"],
        "plan residents",
    );
    close(
        &whole["places"]["provided"],
        &theirs["plan"]["places_provided"],
        "plan places",
    );
    close(
        &whole["floor_m2"]["provided"],
        &theirs["plan"]["floor_provided"],
        "plan floor",
    );
    close(
        &whole["land_m2"]["provided"],
        &theirs["plan"]["land_provided"],
        "plan land",
    );
    assert_eq!(whole["facilities"], theirs["plan"]["facilities"]);
}

/// Home points of the sample in WGS84 (the analysis' own definition of a home point).
fn home_points(path: &Path) -> Vec<(String, [f64; 2])> {
    let loaded = strata::io::load_plan(path, &Default::default()).expect("loads");
    let standard = strata::model::Standard::default_gb50180();
    let projector = loaded.plan.frame.projector().expect("projector");
    strata::analysis::homes::homes(&loaded.plan, strata::model::Scenario::Proposed, &standard)
        .into_iter()
        .map(|h| {
            let lonlat = projector
                .to_lonlat(h.point.x(), h.point.y())
                .expect("lonlat");
            (h.parcel.to_string(), lonlat)
        })
        .collect()
}

/// A GeoJSON MultiPolygon's coordinates as geo's type.
fn multipolygon(coordinates: &Value) -> geo::MultiPolygon<f64> {
    let ring = |r: &Value| -> geo::LineString<f64> {
        r.as_array()
            .expect("ring")
            .iter()
            .map(|p| geo::coord! { x: p[0].as_f64().expect("x"), y: p[1].as_f64().expect("y") })
            .collect()
    };
    let polygons = coordinates.as_array().expect("polygons").iter().map(|p| {
        let rings = p.as_array().expect("rings");
        geo::Polygon::new(ring(&rings[0]), rings[1..].iter().map(ring).collect())
    });
    geo::MultiPolygon::new(polygons.collect())
}

/// The done-when test of issue 21: every home whose network distance to a kindergarten
/// (from `analyze`) is at most 5 min × 80 m/min less one cell lies inside the 5-minute
/// polygon, every home farther than that plus one cell outside it.
#[test]
fn isochrone_bands_hold_the_homes_analyze_finds_within_them() {
    use geo::Contains;
    let dir = tempfile::tempdir().expect("tempdir");
    let out_path = dir.path().join("iso.geojson");
    let out = strata(&[
        "isochrones",
        xiongan().to_str().expect("utf-8"),
        "--category",
        "kindergarten",
        "--minutes",
        "5,10",
        "--metric",
        "network",
        "--out",
        out_path.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written: Value =
        serde_json::from_slice(&std::fs::read(&out_path).expect("written")).expect("json");
    let band = &written["features"][0];
    assert_eq!(band["properties"]["minutes"], 5.0);
    assert_eq!(band["properties"]["metric"], "network");
    let cell = band["properties"]["cell_m"]
        .as_f64()
        .expect("cell_m stated");
    assert_eq!(band["geometry"]["type"], "MultiPolygon");
    let area = multipolygon(&band["geometry"]["coordinates"]);
    let analysis = analyze_json(&xiongan(), "network");
    let limit = 5.0 * 80.0;
    let (mut inside, mut outside, mut population) = (0, 0, 0.0);
    for (id, [lon, lat]) in home_points(&xiongan()) {
        let parcel = analysis["coverage"]["parcels"]
            .as_array()
            .expect("parcels")
            .iter()
            .find(|p| p["id"] == id.as_str())
            .expect("home in analyze");
        let contains = area.contains(&geo::Point::new(lon, lat));
        match parcel["nearest_m"]["kindergarten"].as_f64() {
            Some(d) if d <= limit - cell => {
                assert!(contains, "{id} at {d} m lies outside the 5-minute area");
                inside += 1;
                population += parcel["population"].as_f64().expect("population");
            }
            Some(d) if d <= limit + cell => {}
            _ => {
                assert!(
                    !contains,
                    "{id} lies inside the 5-minute area but is farther"
                );
                outside += 1;
            }
        }
    }
    assert!(
        inside > 3 && outside > 3,
        "inside {inside}, outside {outside}"
    );
    let reported = band["properties"]["population"]
        .as_f64()
        .expect("population");
    assert!(reported + 1.0 >= population, "{reported} < {population}");
    let ten = &written["features"][1]["properties"];
    assert!(ten["population"].as_f64() >= band["properties"]["population"].as_f64());
}

/// Asked for what cannot be drawn: a clear error, exit 1, no file and no panic.
#[test]
fn isochrone_errors_are_clear() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_path = dir.path().join("iso.geojson");
    let plan = xiongan();
    let plan = plan.to_str().expect("utf-8");
    let out = out_path.to_str().expect("utf-8");
    for (args, expected) in [
        (
            vec!["--category", "kindergarden", "--minutes", "5"],
            "not a category",
        ),
        (
            vec!["--category", "kindergarten", "--minutes", "0"],
            "--minutes",
        ),
        (
            vec!["--category", "kindergarten", "--minutes=5,-5"],
            "--minutes",
        ),
        (
            vec!["--category", "kindergarten", "--minutes", "NaN"],
            "--minutes",
        ),
        (vec!["--facility", "f-999", "--minutes", "5"], "f-999"),
    ] {
        let mut all = vec!["isochrones", plan, "--out", out];
        all.extend(args.iter().copied());
        let result = strata(&all);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!out_path.exists(), "{args:?} wrote a file");
    }
    // A plan of one home and no kindergarten.
    let lonely = json!({ "type": "FeatureCollection",
        "features": [ square("p-1", 116.0, 39.0, 0.0005, housing(100.0)) ] });
    let path = dir.path().join("lonely.geojson");
    std::fs::write(&path, lonely.to_string()).expect("write");
    let result = strata(&[
        "isochrones",
        path.to_str().expect("utf-8"),
        "--category",
        "kindergarten",
        "--minutes",
        "5",
        "--out",
        out,
    ]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("no facility of category kindergarten"),
        "{stderr}"
    );
    assert!(!out_path.exists());
}

/// A kindergarten moved to the 6th floor gets the siting warning naming the facility,
/// the stratum and the rule; a negative capacity is an error naming the facility.
#[test]
fn check_warns_of_siting_and_refuses_bad_capacities() {
    let mut plan: Value =
        serde_json::from_slice(&std::fs::read(xiongan()).expect("sample")).expect("json");
    let features = plan["features"].as_array_mut().expect("features");
    let p3 = features.iter_mut().find(|f| f["id"] == "p-3").expect("p-3");
    let stratum = &mut p3["properties"]["strata"][0];
    assert_eq!(stratum["facilities"], json!(["kindergarten"]));
    stratum["z"] = json!([15, 18]);
    stratum["floors"] = json!(1);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.geojson");
    std::fs::write(&path, plan.to_string()).expect("write");
    let out = strata(&["check", path.to_str().expect("utf-8")]);
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let line = text
        .lines()
        .find(|l| l.contains("siting-rule") && l.contains("p-3"))
        .unwrap_or_else(|| panic!("no siting warning for p-3:\n{text}"));
    assert!(
        line.contains("kindergarten") && line.contains("s1") && line.contains("storey 6"),
        "{line}"
    );
    let clean = strata(&["check", xiongan().to_str().expect("utf-8")]);
    let clean_text = String::from_utf8_lossy(&clean.stdout);
    assert!(!clean_text.contains("p-3: kindergarten"), "{clean_text}");

    let features = plan["features"].as_array_mut().expect("features");
    let facility = features
        .iter_mut()
        .find(|f| f["properties"]["kind"] == "facility")
        .expect("a facility");
    facility["properties"]["capacity"] = json!("lots");
    let id = facility["id"].as_str().expect("id").to_owned();
    std::fs::write(&path, plan.to_string()).expect("write");
    let out = strata(&["check", path.to_str().expect("utf-8")]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("invalid-property") && l.contains(&id) && l.contains("capacity")),
        "{text}"
    );
}

/// The report's provision section shows the kindergarten places `analyze` computes.
#[test]
fn the_report_has_the_provision_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_path = dir.path().join("report.md");
    let out = strata(&[
        "report",
        xiongan().to_str().expect("utf-8"),
        "--out",
        out_path.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&out_path).expect("report");
    assert!(text.contains("Provision per 1,000 residents"), "no section");
    let analysis = analyze_json(&xiongan(), "euclidean");
    let kg = analysis["provision"]["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .find(|c| c["id"] == "kindergarten")
        .expect("kindergarten");
    let expected = format!(
        "{:.0} / {:.0}",
        kg["places"]["required"].as_f64().expect("required"),
        kg["places"]["provided"].as_f64().expect("provided")
    );
    let row = text
        .lines()
        .find(|l| l.contains("kindergarten") && l.contains("GB 50180-2018 C.0.3"))
        .unwrap_or_else(|| panic!("no kindergarten provision row"));
    assert!(row.contains(&expected), "{row} lacks {expected}");
}
