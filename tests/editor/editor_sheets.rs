//! File → Export sheets…: the selected parcels' zoning sheets written as one PDF through
//! the file-dialog interface (scripted here), the plan untouched; nothing selected is
//! a message, not a file.

use crate::editor_support::harness;

use strata::model::{ParcelId, Reference};
use strata::ui::dialogs::ScriptedDialogs;
use strata::ui::{Selection, StrataApp, UiCommand};

#[test]
fn export_sheets_writes_a_pdf_of_the_selection() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_maps/wenzhou_sports_park.geojson");
    let plan = strata::io::load_plan(&sample, &Default::default())
        .expect("sample")
        .plan;
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join("sheets.pdf");
    let mut app = StrataApp::new(plan.clone(), Some(sample.clone()), Reference::default());
    app.autosave.dir = None;
    app.dialogs = Box::new(ScriptedDialogs {
        sheets: vec![pdf.clone()],
        ..Default::default()
    });
    let mut h = harness(app);
    h.run();
    // Nothing selected: a message, and the dialog is not asked.
    h.state_mut().run_command(UiCommand::ExportSheets);
    h.run();
    assert!(h.state().status.contains("Select"), "{}", h.state().status);
    assert!(!pdf.exists());
    h.state_mut()
        .selected
        .select_only(Some(Selection::Parcel(ParcelId::new("p-6"))));
    h.state_mut().selected.add_parcels([ParcelId::new("p-7")]);
    h.state_mut().run_command(UiCommand::ExportSheets);
    h.run();
    assert!(
        h.state().status.starts_with("Exported sheets"),
        "{}",
        h.state().status
    );
    let bytes = std::fs::read(&pdf).expect("the PDF");
    assert!(bytes.starts_with(b"%PDF-"));
    // Two sheets, one page each (the objects are compressed: pdfinfo reads the count).
    assert!(
        h.state().status.contains("(2 pages)"),
        "{}",
        h.state().status
    );
    if let Ok(info) = std::process::Command::new("pdfinfo").arg(&pdf).output() {
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 2")),
            "{info}"
        );
    }
    assert_eq!(*h.state().doc.plan, plan, "the plan is untouched");
}

/// A plan of one parcel with one underlay listed (visible or not), in `dir`: a grey
/// world-file PNG in EPSG:4326 around the parcel.
fn plan_with_underlay(dir: &std::path::Path, visible: bool) -> std::path::PathBuf {
    let (lon, lat, d) = (114.06, 22.55, 0.0004);
    let png = image::RgbImage::from_pixel(200, 200, image::Rgb([200, 200, 190]));
    png.save(dir.join("ground.png")).expect("png");
    let step = 5.0 * d / 200.0;
    let (west, north) = (lon - 2.5 * d, lat + 2.5 * d);
    std::fs::write(
        dir.join("ground.pgw"),
        format!("{step}\n0\n0\n-{step}\n{west}\n{north}\n"),
    )
    .expect("pgw");
    std::fs::write(
        dir.join("ground.prj"),
        r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]"#,
    )
    .expect("prj");
    let ring = [
        [lon, lat],
        [lon + d, lat],
        [lon + d, lat + d],
        [lon, lat + d],
        [lon, lat],
    ];
    let plan = serde_json::json!({
        "type": "FeatureCollection",
        "strata": { "format": 1, "name": "site",
            "basemaps": [ { "source": "ground.png", "visible": visible } ] },
        "features": [ { "type": "Feature", "id": "p-1",
            "geometry": { "type": "Polygon", "coordinates": [ring] },
            "properties": { "kind": "parcel", "strata": [ { "id": "s1", "z": [0, 10],
                "floors": 3, "uses": [ { "code": "0701", "share": 1.0 } ] } ] } } ]
    });
    let path = dir.join("plan.geojson");
    std::fs::write(&path, plan.to_string()).expect("plan");
    path
}

/// The sheets are drawn over the plan's visible underlays (an embedded JPEG), and
/// without one that is hidden.
#[test]
fn export_sheets_draws_the_visible_underlays() {
    for visible in [true, false] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = plan_with_underlay(dir.path(), visible);
        let plan = strata::io::load_plan(&path, &Default::default())
            .expect("plan")
            .plan;
        let pdf = dir.path().join("sheets.pdf");
        let mut app = StrataApp::new(plan, Some(path), Reference::default());
        app.autosave.dir = None;
        app.dialogs = Box::new(ScriptedDialogs {
            sheets: vec![pdf.clone()],
            ..Default::default()
        });
        let mut h = harness(app);
        h.run();
        // The underlay is opened on a worker thread: frames until it is (one frame was
        // not always enough while the whole suite ran).
        for _ in 0..300 {
            let app = h.state();
            if !visible || !app.underlays.visible(&app.doc.plan).is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
            h.run();
        }
        h.state_mut()
            .selected
            .select_only(Some(Selection::Parcel(ParcelId::new("p-1"))));
        h.state_mut().run_command(UiCommand::ExportSheets);
        h.run();
        assert!(
            h.state().status.starts_with("Exported sheets"),
            "{}",
            h.state().status
        );
        let bytes = std::fs::read(&pdf).expect("the PDF");
        let jpeg = bytes.windows(9).any(|w| w == b"DCTDecode");
        assert_eq!(jpeg, visible, "underlay visible: {visible}");
    }
}
