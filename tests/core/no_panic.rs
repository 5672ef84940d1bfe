//! Property tests: whatever coordinates and shapes a file holds, reading, validating and
//! saving report problems instead of panicking.

use proptest::prelude::*;
use serde_json::json;

fn coordinate() -> impl Strategy<Value = f64> {
    prop_oneof![
        -180.0..180.0f64,
        114.0..114.01f64,
        Just(0.0),
        Just(90.0),
        Just(-90.0),
        Just(180.0),
        Just(1e300),
        Just(-1e-300),
    ]
}

fn ring() -> impl Strategy<Value = Vec<[f64; 2]>> {
    prop::collection::vec([coordinate(), coordinate()], 0..8).prop_map(|mut points| {
        if let Some(&first) = points.first() {
            points.push(first);
        }
        points
    })
}

fn stratum() -> impl Strategy<Value = serde_json::Value> {
    (-50.0..50.0f64, -50.0..50.0f64, prop::collection::vec(-1.0..2.0f64, 0..3)).prop_map(|(b, t, shares)| {
        json!({ "z": [b, t], "uses": shares.iter().map(|s| json!({"code": "0701", "share": s})).collect::<Vec<_>>(), "floors": 3 })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_polygons_are_checked_without_panic(
        parcels in prop::collection::vec((prop::collection::vec(ring(), 1..3), prop::collection::vec(stratum(), 0..3)), 1..5),
        multi in any::<bool>(),
    ) {
        let features: Vec<_> = parcels.iter().enumerate().map(|(i, (rings, strata))| {
            let geometry = if multi {
                json!({ "type": "MultiPolygon", "coordinates": [rings, rings] })
            } else {
                json!({ "type": "Polygon", "coordinates": rings })
            };
            json!({ "type": "Feature", "id": format!("p-{i}"), "geometry": geometry,
                    "properties": { "kind": "parcel", "strata": strata } })
        }).collect();
        let text = json!({ "type": "FeatureCollection", "features": features }).to_string();
        if let Ok(loaded) = strata::io::read_plan(text.as_bytes(), &Default::default()) {
            let _ = strata::analysis::validate(&loaded.plan);
            let _ = strata::analysis::land::scenario_areas(&loaded.plan, strata::model::Scenario::Proposed);
            let _ = strata::io::plan_to_string(&loaded.plan);
        }
    }

    #[test]
    fn any_bytes_are_read_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = strata::io::read_plan(&bytes, &Default::default());
    }
}
