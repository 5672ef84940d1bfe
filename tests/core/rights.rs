//! Stratified rights (issue 20): unit codes and operations kept through GeoJSON,
//! GeoPackage and the flat export; *Assign codes* as one undoable edit; splits and
//! merges renumber and keep the parent codes; the samples carry what the issue asks for.

use crate::common;

use common::{load, repo};
use geo::{Coord, MultiPolygon, Rect};
use serde_json::json;
use strata::edit::History;
use strata::edit::geometry::{merge_parcels, split_parcel};
use strata::edit::unit_codes::assign_codes;
use strata::io::{ReadOptions, load_plan, plan_to_string, save_plan};
use strata::model::unit_code::{self, Layer};
use strata::model::{
    LocalFrame, Operation, OperationMode, Parcel, Plan, Reference, Scenario, Stratum, Term,
    UnitZone, ZRange,
};

fn square(x: f64) -> MultiPolygon<f64> {
    MultiPolygon::new(vec![
        Rect::new(
            Coord { x, y: 0.0 },
            Coord {
                x: x + 60.0,
                y: 60.0,
            },
        )
        .to_polygon(),
    ])
}

fn zone() -> UnitZone {
    UnitZone {
        admin: "330303".into(),
        zone: "001".into(),
        subzone: "002".into(),
    }
}

/// A sunk plant under a roof park, and a housing block next to it.
fn plan() -> Plan {
    let mut plan = Plan::new(LocalFrame::new(120.70, 27.99));
    let mut works = Parcel::new("p-1", Scenario::Proposed, square(0.0));
    let mut plant = Stratum::ground("plant", "1302");
    plant.z = ZRange::new(-12.0, 3.0);
    let mut park = Stratum::ground("park", "1401");
    park.z = ZRange::new(3.0, 15.0);
    park.floors = None;
    park.operation = Some(Box::new(Operation {
        operator: Some("Park Operations Co.".into()),
        mode: Some(OperationMode::Rot),
        term: Some(Term {
            start: Some("2025-01-01".into()),
            years: Some(33.0),
            extra: serde_json::from_value(json!({"renewable": true})).expect("map"),
        }),
        annual_revenue: Some(1.2e7),
        investment: Some(3.0e8),
        extra: serde_json::from_value(json!({"contract": "WZ-2025-ROT-01"})).expect("map"),
    }));
    works.strata = vec![plant, park];
    let mut housing = Parcel::new("p-2", Scenario::Proposed, square(60.0));
    housing.strata = vec![Stratum::ground("s1", "0701")];
    plan.parcels = vec![works, housing];
    plan
}

#[test]
fn codes_and_operations_survive_geojson_and_geopackage() {
    let mut first = plan();
    let cmd = assign_codes(&first, &zone(), Scenario::Proposed).expect("assign");
    cmd.apply(&mut first).expect("apply");
    first.parcels[1].strata[0].parent_unit_codes = vec!["330303001002GB00099W00000000".into()];
    first.settings.extra.insert(
        "unit_zone".into(),
        serde_json::to_value(zone()).expect("zone"),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["plan.geojson", "plan.gpkg"] {
        let path = dir.path().join(name);
        save_plan(&first, &path).expect("save");
        let second = load_plan(&path, &ReadOptions::default())
            .expect("load")
            .plan;
        let (a, b) = (&first.parcels[0].strata[1], &second.parcels[0].strata[1]);
        assert_eq!(a.operation, b.operation, "{name}");
        assert_eq!(a.unit_code, b.unit_code, "{name}");
        assert_eq!(
            second.parcels[1].strata[0].parent_unit_codes,
            ["330303001002GB00099W00000000"],
            "{name}"
        );
        assert_eq!(second.settings.unit_zone(), Some(Ok(zone())), "{name}");
        assert_eq!(
            plan_to_string(&first).expect("text"),
            plan_to_string(&second).expect("text"),
            "{name}"
        );
    }
    // The file says it in DESIGN.md's words.
    let text = plan_to_string(&first).expect("text");
    assert!(text.contains(r#""mode": "ROT""#), "{text}");
    assert!(text.contains(r#""annual_revenue": 12000000"#), "{text}");
}

#[test]
fn the_flat_export_has_plain_columns_with_the_ends() {
    let plan = plan();
    let flat = strata::io::export::flat_value(&plan, &Reference::default()).expect("flat");
    let park = flat["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["properties"]["stratum_id"] == "park")
        .expect("park row");
    let p = &park["properties"];
    assert_eq!(p["operation_mode"], "ROT");
    assert_eq!(p["operator"], "Park Operations Co.");
    assert_eq!(p["operation_start"], "2025-01-01");
    assert_eq!(p["operation_years"], 33.0);
    assert_eq!(p["operation_end"], "2058-01-01");
    assert_eq!(p["annual_revenue"], 1.2e7);
    assert_eq!(p["investment"], 3.0e8);
}

#[test]
fn assigning_codes_is_one_undoable_step_with_layer_letters() {
    let original = plan();
    let mut plan = original.clone();
    let mut history = History::new();
    let cmd = assign_codes(&plan, &zone(), Scenario::Proposed).expect("assign");
    history.apply(&mut plan, cmd).expect("apply");
    let codes: Vec<String> = plan
        .parcels
        .iter()
        .flat_map(|p| &p.strata)
        .map(|s| s.unit_code.clone().expect("coded"))
        .collect();
    // Worked by hand from GB/T 37346's layout: zone 330303 001 002, G (state land),
    // X / S / B by height, sequence 1, 2, 3; the plant and the housing have storeys
    // (F, building 1, unit 1); the park is open space (W, no fixture).
    assert_eq!(
        codes,
        [
            "330303001002GX00001F00010001",
            "330303001002GS00002W00000000",
            "330303001002GB00003F00010001"
        ]
    );
    for code in &codes {
        assert_eq!(unit_code::check(code), Ok(()));
    }
    // Nothing left to fill: a second run is refused rather than an empty step.
    assert!(assign_codes(&plan, &zone(), Scenario::Proposed).is_err());
    history.undo(&mut plan).expect("undo").expect("undone");
    assert_eq!(plan, original);
    // A zone that is not 6 + 3 + 3 digits is refused.
    let bad = UnitZone {
        admin: "3303".into(),
        ..zone()
    };
    assert!(assign_codes(&original, &bad, Scenario::Proposed).is_err());
}

#[test]
fn a_split_and_a_merge_renumber_and_keep_the_parents() {
    let mut plan = plan();
    assign_codes(&plan, &zone(), Scenario::Proposed)
        .expect("assign")
        .apply(&mut plan)
        .expect("apply");
    let before = plan.clone();
    let id = plan.parcels[0].id.clone();
    split_parcel(&plan, &id, [30.0, -10.0], [30.0, 70.0])
        .expect("split")
        .apply(&mut plan)
        .expect("apply");
    let left = &plan.parcels[0];
    let right = &plan.parcels[1];
    assert_eq!(
        left.strata[0].parent_unit_codes,
        ["330303001002GX00001F00010001"]
    );
    assert_eq!(
        right.strata[0].parent_unit_codes,
        ["330303001002GX00001F00010001"]
    );
    // New sequence numbers after the plan's highest (3), one per coded stratum.
    let mut new: Vec<&str> = [left, right]
        .iter()
        .flat_map(|p| &p.strata)
        .filter_map(|s| s.unit_code.as_deref())
        .collect();
    new.sort_unstable();
    assert_eq!(
        new,
        [
            "330303001002GS00005W00000000",
            "330303001002GS00007W00000000",
            "330303001002GX00004F00010001",
            "330303001002GX00006F00010001"
        ]
    );
    // Merging the two halves back: the kept half's codes are new again, and record
    // the other half's codes of the same layer.
    let (keep, other) = (plan.parcels[0].id.clone(), plan.parcels[1].id.clone());
    merge_parcels(&plan, &keep, &other)
        .expect("merge")
        .apply(&mut plan)
        .expect("apply");
    let merged = plan.parcel(&keep).expect("kept");
    assert_eq!(
        merged.strata[0].unit_code.as_deref(),
        Some("330303001002GX00008F00010001")
    );
    assert_eq!(
        merged.strata[0].parent_unit_codes,
        [
            "330303001002GX00001F00010001",
            "330303001002GX00004F00010001",
            "330303001002GX00006F00010001"
        ]
    );
    assert_ne!(plan, before);
}

#[test]
fn the_samples_carry_codes_and_operations() {
    let (wenzhou, problems) = load(&repo("sample_maps/wenzhou_sports_park.geojson"));
    assert!(problems.is_empty(), "{problems:?}");
    let works = wenzhou
        .parcels
        .iter()
        .find(|p| p.id.as_str() == "p-6")
        .expect("p-6");
    let (plant, park) = (&works.strata[0], &works.strata[1]);
    let letters = |s: &Stratum| s.unit_code.as_deref().map(|c| c[12..14].to_owned());
    assert_eq!(letters(plant).as_deref(), Some("GX"));
    assert_eq!(letters(park).as_deref(), Some("GS"));
    assert_ne!(plant.holders[0].name, park.holders[0].name);
    assert_eq!(Layer::of(plant.z.bottom, plant.z.top), Layer::Below);
    let ground: Vec<_> = wenzhou
        .parcels
        .iter()
        .flat_map(|p| &p.strata)
        .filter_map(letters)
        .filter(|l| l == "GB")
        .collect();
    assert!(!ground.is_empty());

    let (shenzhen, _) = load(&repo("sample_maps/shenzhen_renewal.geojson"));
    let complex = shenzhen
        .parcels
        .iter()
        .find(|p| p.id.as_str() == "p-19")
        .expect("p-19");
    let shared = complex
        .strata
        .iter()
        .find(|s| s.holders.len() > 1 && s.operation.is_some())
        .expect("co-owned stratum with an operation");
    let op = shared.operation.as_ref().expect("operation");
    assert_eq!(op.mode, Some(OperationMode::Rot));
    assert_eq!(op.term.as_ref().and_then(|t| t.years), Some(33.0));

    let (qingdao, _) = load(&repo("sample_maps/qingdao_tod.geojson"));
    let parking = qingdao
        .parcels
        .iter()
        .flat_map(|p| &p.strata)
        .find(|s| s.z.top <= 0.0 && s.operation.is_some())
        .expect("underground stratum with an operation");
    let op = parking.operation.as_ref().expect("operation");
    assert_eq!(op.mode, Some(OperationMode::Lease));
    assert!(op.term.as_ref().and_then(|t| t.end_year()).is_some());
    assert!(parking.uses.iter().any(|u| u.code == "120803"));
}
