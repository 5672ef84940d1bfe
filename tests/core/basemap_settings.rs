//! `strata.basemaps` (issue 19) kept through saves: GeoJSON → GeoPackage → GeoJSON gives
//! the same list, invalid entries and unknown members unchanged; a plan whose underlays
//! are missing or unreadable loads and validates like any other; changing the list is
//! one undoable edit.

use serde_json::json;
use strata::io::{ReadOptions, load_plan, save_plan};
use strata::model::{Basemap, BasemapEntry, Basemaps};

fn plan_with_basemaps() -> serde_json::Value {
    json!({
        "type": "FeatureCollection",
        "strata": { "format": 1, "name": "site", "basemaps": [
            { "source": "ortho.tif", "crs": "EPSG:4547", "opacity": 0.7, "visible": true,
              "attribution": "© survey office", "tint": { "kept": [1, 2] } },
            { "source": "missing/dir/none.mbtiles" },
            { "source": "https://tiles.example/{z}/{x}/{y}.png", "offset": "gcj02", "visible": false },
            { "source": "bad.png", "opacity": "high" },
            42
        ] },
        "features": [ { "type": "Feature", "id": "p-1",
            "geometry": { "type": "Polygon",
                "coordinates": [[[114.06, 22.55], [114.061, 22.55], [114.061, 22.551], [114.06, 22.551], [114.06, 22.55]]] },
            "properties": { "kind": "parcel", "strata": [] } } ]
    })
}

#[test]
fn basemaps_survive_geojson_and_geopackage_saves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = dir.path().join("a.geojson");
    std::fs::write(&first, plan_with_basemaps().to_string()).expect("write");
    let loaded =
        load_plan(&first, &ReadOptions::default()).expect("a plan with missing underlays loads");
    let list = Basemaps::of_plan(&loaded.plan);
    assert_eq!(list.entries.len(), 5);
    assert_eq!(list.valid().count(), 3);
    let expected = plan_with_basemaps()["strata"]["basemaps"].clone();
    let gpkg = dir.path().join("b.gpkg");
    save_plan(&loaded.plan, &gpkg).expect("save gpkg");
    let from_gpkg = load_plan(&gpkg, &ReadOptions::default())
        .expect("load gpkg")
        .plan;
    let back = dir.path().join("c.geojson");
    save_plan(&from_gpkg, &back).expect("save geojson");
    let text: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&back).expect("read")).expect("json");
    assert_eq!(text["strata"]["basemaps"], expected);
    assert_eq!(Basemaps::of_plan(&from_gpkg), list);
}

#[test]
fn changing_the_list_is_one_undoable_edit() {
    let mut plan = strata::synth::city(4, 0, 1);
    let before = plan.clone();
    let mut history = strata::edit::History::new();
    let mut list = Basemaps::of_plan(&plan);
    let mut ortho = Basemap::new("ortho.png");
    ortho.opacity = 0.4;
    list.entries.push(BasemapEntry::Valid(ortho));
    let cmd = strata::edit::create::set_basemaps(&plan, &list).expect("a change");
    history.apply(&mut plan, cmd).expect("apply");
    assert_eq!(
        plan.settings.extra["basemaps"],
        json!([{ "source": "ortho.png", "opacity": 0.4, "visible": true }])
    );
    // The same list again is no edit.
    assert!(strata::edit::create::set_basemaps(&plan, &list).is_none());
    history
        .undo(&mut plan)
        .expect("something to undo")
        .expect("undo");
    assert_eq!(plan, before);
}
