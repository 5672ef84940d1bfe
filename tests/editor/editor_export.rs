//! File → Export… (issue 18 item 4): every export format from the editor, by the name's
//! extension, each read back; the open plan keeps its own file.

use strata::model::Reference;
use strata::ui::dialogs::ScriptedDialogs;
use strata::ui::{StrataApp, UiCommand};

use crate::editor_support::harness;

#[test]
fn every_export_format_is_written_and_reads_back() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = root.join("sample_maps/xiongan_15min.geojson");
    let plan = strata::io::load_plan(&sample, &Default::default())
        .expect("sample")
        .plan;
    let parcels = plan.parcels.len();
    let dir = tempfile::tempdir().expect("tempdir");
    let [gpkg, shp, dxf, flat] =
        ["plan.gpkg", "plan.shp", "plan.dxf", "plan.geojson"].map(|name| dir.path().join(name));
    let mut app = StrataApp::new(plan, Some(sample.clone()), Reference::default());
    app.autosave.dir = None;
    app.dialogs = Box::new(ScriptedDialogs {
        export: vec![gpkg.clone(), shp.clone(), dxf.clone(), flat.clone()],
        ..Default::default()
    });
    let mut h = harness(app);
    h.run();
    for _ in 0..4 {
        h.state_mut().run_command(UiCommand::Export);
        h.run();
        assert!(
            h.state().status.starts_with("Exported"),
            "{}",
            h.state().status
        );
    }
    assert_eq!(h.state().doc.path.as_deref(), Some(sample.as_path()));
    // GeoPackage: the same plan.
    let back = strata::io::load_plan(&gpkg, &Default::default()).expect("gpkg reads");
    assert_eq!(back.plan.parcels.len(), parcels);
    // Shapefile: the parcels' set, one record per parcel.
    let set = dir.path().join("plan_parcels.shp");
    assert!(set.exists(), "{}", set.display());
    // DXF: our own reader finds every parcel again in the Gauss–Krüger zone it names.
    let options = strata::io::dxf::DxfImportOptions {
        crs: Some(strata::io::SourceCrs::from_epsg(4548).expect("crs")),
        layers: strata::io::dxf::list_layers(&dxf, None)
            .expect("layers")
            .into_iter()
            .map(|l| l.name)
            .collect(),
        ..Default::default()
    };
    let (drawn, _) = strata::io::dxf::import(&dxf, &options).expect("dxf reads");
    assert_eq!(drawn.plan.parcels.len(), parcels);
    // Flat GeoJSON: rows with the zoning columns.
    let text = std::fs::read_to_string(&flat).expect("flat");
    assert!(text.contains("\"achieved_far\""), "zoning columns");
}
