//! Zoning indicators and checks on a parcel worked out by hand (issue 16): a 100 m × 100 m
//! parcel with an underground car park, a two-storey shop podium, a 17-storey housing
//! tower on it, a ground-level garden and a roof garden.

use geo::{Coord, MultiPolygon, Rect};
use serde_json::json;
use strata::analysis::zoning::{Bound, Indicator, zoning_report};
use strata::analysis::{validate, zoning};
use strata::model::{Controls, Parcel, Plan, Scenario, Stratum, ZoningSettings};

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> geo::Polygon<f64> {
    Rect::new(Coord { x: x0, y: y0 }, Coord { x: x1, y: y1 }).to_polygon()
}

fn stratum(
    id: &str,
    z: [f64; 2],
    code: &str,
    floors: Option<u32>,
    foot: Option<geo::Polygon<f64>>,
) -> Stratum {
    let mut s = Stratum::ground(id, code);
    s.z.bottom = z[0];
    s.z.top = z[1];
    s.floors = floors;
    s.footprint = foot;
    s
}

/// Area 10 000 m². Counted: podium 60×50 m × 2 storeys = 6 000 m² of shops (0901), tower
/// 30×30 m × 17 = 15 300 m² of housing (0701); the car park is underground and the
/// gardens are not buildings (no storeys). Floor area 21 300 m², FAR 2.13. Density: the
/// tower stands on the podium, so the union is the podium's 3 000 m², 0.30. Green: the
/// ground garden 40×100 = 4 000 m² (0.40); the 20×50 m roof garden adds 1 000 m² × the
/// roof factor. Height: the tower's top, 60 m.
fn parcel(controls: Option<Controls>) -> Parcel {
    let shape = MultiPolygon::new(vec![rect(0.0, 0.0, 100.0, 100.0)]);
    let mut p = Parcel::new("p-1", Scenario::Proposed, shape);
    p.strata = vec![
        stratum("park", [-6.0, 0.0], "120803", Some(1), None),
        stratum(
            "podium",
            [0.0, 9.0],
            "0901",
            Some(2),
            Some(rect(0.0, 0.0, 60.0, 50.0)),
        ),
        stratum(
            "tower",
            [9.0, 60.0],
            "0701",
            Some(17),
            Some(rect(10.0, 10.0, 40.0, 40.0)),
        ),
        stratum(
            "garden",
            [0.0, 1.0],
            "1401",
            None,
            Some(rect(60.0, 0.0, 100.0, 100.0)),
        ),
        stratum(
            "roof",
            [9.0, 10.0],
            "1401",
            None,
            Some(rect(40.0, 0.0, 60.0, 50.0)),
        ),
    ];
    p.controls = controls;
    p
}

fn controls(value: serde_json::Value) -> Controls {
    match value {
        serde_json::Value::Object(map) => Controls::from_json(map),
        other => panic!("not an object: {other}"),
    }
}

fn plan_with(parcel: Parcel) -> Plan {
    let mut plan = Plan::new(strata::model::LocalFrame::new(120.0, 30.0));
    plan.parcels.push(parcel);
    plan
}

#[test]
fn indicators_match_the_hand_worked_figures() {
    let parcel = parcel(None);
    let achieved = zoning::indicators(&parcel, &ZoningSettings::default());
    assert!((achieved.area_m2 - 10_000.0).abs() < 1e-6);
    assert!((achieved.floor_area_m2 - 21_300.0).abs() < 1e-6);
    assert!((achieved.far - 2.13).abs() < 1e-9);
    assert!(
        (achieved.density - 0.30).abs() < 1e-9,
        "{}",
        achieved.density
    );
    assert!((achieved.green - 0.40).abs() < 1e-9);
    assert_eq!(achieved.height_m, 60.0);
    let by_use = &achieved.floor_area_by_use;
    assert!((by_use.get("0901").unwrap_or(0.0) - 6_000.0).abs() < 1e-6);
    assert!((by_use.get("0701").unwrap_or(0.0) - 15_300.0).abs() < 1e-6);
    assert_eq!(by_use.get("120803"), None);
    let codes: Vec<&str> = by_use.iter().map(|(code, _)| code).collect();
    assert_eq!(
        codes,
        ["0701", "0901", "1401"],
        "in code order (the garden: 0 m²)"
    );
}

#[test]
fn plan_settings_count_underground_and_roof_green() {
    let settings = ZoningSettings {
        count_underground: true,
        roof_green_factor: 0.3,
        climate_zone: None,
    };
    let parcel = parcel(None);
    let achieved = zoning::indicators(&parcel, &settings);
    // + the car park: 10 000 m² × 1 storey.
    assert!((achieved.floor_area_m2 - 31_300.0).abs() < 1e-6);
    // + 1 000 m² of roof garden × 0.3.
    assert!((achieved.green - 0.43).abs() < 1e-9);
}

#[test]
fn a_control_exceeded_and_an_over_share_use_are_errors_naming_the_figures() {
    let c = controls(
        json!({ "code": "T-01", "far": [1.0, 2.0], "density_max": 0.30,
        "green_min": 0.35, "height_max": 54, "facilities": ["kindergarten"] }),
    );
    let problems = validate(&plan_with(parcel(Some(c))));
    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    let has = |text: &str| lines.iter().any(|l| l == text);
    assert!(
        has("error [control_exceeded] p-1: FAR 2.13 exceeds the maximum 2.00"),
        "{lines:#?}"
    );
    assert!(
        has("error [control_exceeded] p-1: height 60.0 m exceeds the maximum 54.0 m"),
        "{lines:#?}"
    );
    // 6 000 / 21 300 = 28.2 % of shops, where the example rules allow 10 % with housing.
    assert!(
        has(
            "error [incompatible_use] p-1: secondary use 09 takes 28.2 % of the counted floor area, more than the 10.0 % allowed with main use 0701 (mixed-use-example)"
        ),
        "{lines:#?}"
    );
    assert!(
        has(
            "warning [facility_not_provided] p-1: the controls require kindergarten, which no stratum of the parcel hosts and no facility on it provides"
        ),
        "{lines:#?}"
    );
    // Density is exactly at its maximum: not a violation.
    assert!(!lines.iter().any(|l| l.contains("density")), "{lines:#?}");
    let zoning = [
        "control_exceeded",
        "incompatible_use",
        "controls_invalid",
        "facility_not_provided",
    ];
    let count = problems
        .iter()
        .filter(|p| zoning.contains(&p.kind.as_str()))
        .count();
    assert_eq!(count, 4, "{lines:#?}");
}

#[test]
fn the_analyze_zoning_object_has_the_design_fields() {
    let c = controls(json!({ "code": "T-01", "far": [null, 2.0] }));
    let plan = plan_with(parcel(Some(c)));
    let report = zoning_report(&plan, Scenario::Proposed, &Default::default());
    let value = serde_json::to_value(&report).expect("serializes");
    let row = &value["parcels"][0];
    assert_eq!(row["id"], "p-1");
    assert_eq!(row["code"], "T-01");
    assert_eq!(
        row["controls"],
        json!({ "code": "T-01", "far": [null, 2.0] })
    );
    let far = &row["violations"][0];
    assert_eq!(
        (far["indicator"].as_str(), far["bound"].as_str()),
        (Some("far"), Some("max"))
    );
    assert_eq!(far["limit"], 2.0);
    // The over-share shops are the second violation.
    assert_eq!(report.violations, 2);
    assert_eq!(report.parcels[0].violations[1].indicator, Indicator::Use);
    assert_eq!(report.parcels[0].violations[0].bound, Bound::Max);
}

#[test]
fn contradictory_or_wrongly_typed_controls_are_errors_and_the_plan_still_loads() {
    let text = r#"{"type": "FeatureCollection", "features": [
      {"type": "Feature", "id": "p-1", "properties": {"kind": "parcel",
         "controls": {"far": [3.0, 1.0], "density_max": 30, "green_min": -0.1,
                      "height_max": "sixty", "main_use": "9999"},
         "strata": [{"id": "s1", "z": [0, 3], "uses": [{"code": "0701", "share": 1.0}]}]},
       "geometry": {"type": "Polygon", "coordinates":
         [[[120.0, 30.0], [120.001, 30.0], [120.001, 30.001], [120.0, 30.0]]]}},
      {"type": "Feature", "id": "p-2", "properties": {"kind": "parcel", "controls": "R2",
         "strata": []},
       "geometry": {"type": "Polygon", "coordinates":
         [[[120.002, 30.0], [120.003, 30.0], [120.003, 30.001], [120.002, 30.0]]]}}]}"#;
    let loaded = strata::io::read_plan(text.as_bytes(), &Default::default()).expect("loads");
    assert_eq!(loaded.plan.parcels.len(), 2, "both parcels are kept");
    let problems = validate(&loaded.plan);
    let invalid: Vec<String> = problems
        .iter()
        .filter(|p| p.kind.as_str() == "controls_invalid")
        .map(|p| p.to_string())
        .collect();
    for expected in [
        "p-1: the FAR minimum 3 is above the maximum 1",
        "p-1: controls member density_max is a fraction of the parcel area and must be at most 1, not 30",
        "p-1: controls member green_min must be a number of at least 0, not -0.1",
        "p-1: controls member height_max has the wrong type (a string)",
        "p-1: the controls' main use 9999 is not in the classification",
        "p-2: controls must be an object, not a string",
    ] {
        assert!(
            invalid.iter().any(|l| l.ends_with(expected)),
            "{expected}\n{invalid:#?}"
        );
    }
    // Nothing is lost on save: the wrong values are written back as they were.
    let saved = strata::io::plan_to_string(&loaded.plan).expect("saves");
    assert!(saved.contains("\"height_max\": \"sixty\""), "{saved}");
    assert!(saved.contains("\"controls\": \"R2\""), "{saved}");
}

/// Every parcel of every sample map: the FAR, density, green ratio, height, floor area
/// and area `strata analyze` reports equal those of `tests/tools/zoning_indicators.py`,
/// which works them out from the file with shapely and pyproj and none of Strata's code.
/// Skipped (with a message) where python3 with shapely and pyproj is missing; `.ci/run`
/// installs them.
#[test]
fn sample_indicators_agree_with_an_independent_computation() {
    let script = crate::common::repo("tests/tools/zoning_indicators.py");
    let probe = std::process::Command::new("python3")
        .args(["-c", "import shapely, pyproj"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: python3 with shapely and pyproj is needed for the independent check");
        return;
    }
    let mut compared = 0;
    for path in crate::common::geojson_files("sample_maps") {
        let out = std::process::Command::new("python3")
            .arg(&script)
            .arg(&path)
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let independent: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("the script prints JSON");
        let (plan, _) = crate::common::load(&path);
        for scenario in Scenario::ALL {
            let report = zoning_report(&plan, scenario, &Default::default());
            for row in &report.parcels {
                let theirs = &independent[scenario.as_str()][&row.id];
                for (name, ours) in [
                    ("far", row.far),
                    ("density", row.density),
                    ("green", row.green),
                    ("height_m", row.height_m),
                    ("floor_area_m2", row.floor_area_m2),
                    ("area_m2", row.area_m2),
                ] {
                    let theirs = theirs[name].as_f64().expect("a number");
                    let scale = theirs.abs().max(1.0);
                    assert!(
                        (ours - theirs).abs() / scale < 1e-6,
                        "{} {}: {name} {ours} vs {theirs}",
                        path.display(),
                        row.id
                    );
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 800, "only {compared} figures compared");
}
