//! Valid edge cases (holes, MultiPolygons, stacked rights, projected input…) pass with no
//! problems, and their areas match figures computed independently (pyproj + shapely).

use crate::common;

use common::{load, manifest, repo};
use strata::analysis::land::scenario_areas;
use strata::model::Scenario;

#[test]
fn valid_files_have_no_problems_and_the_expected_figures() {
    let mut failures = Vec::new();
    for (file, facts) in manifest("tests/valid/expected.toml") {
        let (plan, problems) = load(&repo(&format!("tests/valid/{file}")));
        for p in &problems {
            failures.push(format!("{file}: {p}"));
        }
        let count = |key: &str| {
            facts
                .get(key)
                .and_then(|v| v.as_integer())
                .map(|v| v as usize)
        };
        let number = |key: &str| facts.get(key).and_then(|v| v.as_float());
        for (key, actual) in [
            ("parcels", plan.parcels.len()),
            ("facilities", plan.facilities.len()),
            ("streets", plan.streets.len()),
            ("other_features", plan.others.len()),
        ] {
            if let Some(expected) = count(key)
                && expected != actual
            {
                failures.push(format!("{file}: {key} {actual}, expected {expected}"));
            }
        }
        let areas = scenario_areas(&plan, Scenario::Proposed);
        let area_sum: f64 = plan.parcels.iter().map(|p| p.area().m2()).sum();
        for (key, actual) in [
            ("area_m2", area_sum),
            ("ground_m2", areas.ground.m2()),
            ("stacked_m2", areas.stacked.m2()),
        ] {
            if let Some(expected) = number(key)
                && (expected - actual).abs() > 0.5
            {
                failures.push(format!("{file}: {key} {actual:.2}, expected {expected:.2}"));
            }
        }
        if let Some(by_use) = facts.get("by_use").and_then(|v| v.as_table()) {
            for (code, expected) in by_use {
                let expected = expected.as_float().expect("area");
                let actual = areas.by_use.get(code).map_or(0.0, |a| a.m2());
                if (expected - actual).abs() > 0.5 {
                    failures.push(format!(
                        "{file}: land of {code} {actual:.2}, expected {expected:.2}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn projected_input_lands_on_the_same_ground() {
    // The same 100 m square given in WGS84, UTM 50N and CGCS2000 GK CM 114E.
    let plans: Vec<_> = ["crs_wgs84_square", "crs_utm", "crs_cgcs2000_gk"]
        .iter()
        .map(|f| load(&repo(&format!("tests/valid/{f}.geojson"))).0)
        .collect();
    for plan in &plans {
        let area = plan.parcels[0].area().m2();
        assert!((area - 10_000.0).abs() < 0.05, "area {area}");
    }
    let to_lonlat = |plan: &strata::model::Plan| {
        let projector = plan.frame.projector().expect("projector");
        use geo::CoordsIter;
        plan.parcels[0]
            .shape
            .coords_iter()
            .map(|c| projector.to_lonlat(c.x, c.y).expect("lonlat"))
            .collect::<Vec<_>>()
    };
    let reference = to_lonlat(&plans[0]);
    for plan in &plans[1..] {
        for (a, b) in reference.iter().zip(to_lonlat(plan)) {
            // 1e-8 degrees ≈ 1 mm.
            assert!(
                (a[0] - b[0]).abs() < 1e-8 && (a[1] - b[1]).abs() < 1e-8,
                "{a:?} vs {b:?}"
            );
        }
    }
}
