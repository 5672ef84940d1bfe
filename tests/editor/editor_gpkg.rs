//! The editor on a GeoPackage plan: Save writes only the changed rows back into the file
//! it came from (a table QGIS added survives, untouched rows keep their fid), and Save As
//! to a `.gpkg` writes a whole new GeoPackage.

use egui_kittest::Harness;
use strata::model::{Parcel, ParcelId, Reference};
use strata::ui::StrataApp;
use strata::ui::dialogs::ScriptedDialogs;

use crate::editor_support::harness;

fn sample() -> strata::model::Plan {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_maps/qingdao_tod.geojson");
    strata::io::load_plan(&path, &Default::default())
        .expect("sample")
        .plan
}

fn fids(path: &std::path::Path) -> Vec<(i64, String)> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare("SELECT fid, id FROM parcels ORDER BY fid")
        .expect("sql");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn save(h: &mut Harness<'static, StrataApp>) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
}

#[test]
fn saving_a_geopackage_plan_writes_only_the_changed_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.gpkg");
    strata::io::save_plan(&sample(), &path).expect("saved");
    // A table of the user's (as QGIS adds styles): a rewrite of the file would drop it.
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute_batch(
        "CREATE TABLE layer_styles (name TEXT); INSERT INTO layer_styles VALUES ('mine');",
    )
    .expect("sql");
    drop(conn);
    let before = fids(&path);
    let plan = strata::io::load_plan(&path, &Default::default())
        .expect("load")
        .plan;
    let mut app = StrataApp::new(plan, Some(path.clone()), Reference::default());
    let renamed = app.doc.plan.parcels[1].id.clone();
    app.apply(strata::edit::EditCmd::SetName {
        id: renamed.clone(),
        old: app.doc.plan.parcels[1].name.clone(),
        new: Some("新名字".into()),
    });
    let removed = app.doc.plan.parcels[0].id.clone();
    app.apply(strata::edit::remove_parcel(&app.doc.plan, &removed).expect("remove"));
    let mut h = harness(app);
    h.run();
    save(&mut h);
    assert!(!h.state().title().starts_with('*'), "{}", h.state().status);
    let conn = rusqlite::Connection::open(&path).expect("open");
    let kept: String = conn
        .query_row("SELECT name FROM layer_styles", [], |r| r.get(0))
        .expect("the user's table is still there");
    assert_eq!(kept, "mine");
    drop(conn);
    // Every row but the removed one keeps its fid (the renamed one was replaced in place).
    let expected: Vec<_> = before
        .into_iter()
        .filter(|(_, id)| id != removed.as_str())
        .collect();
    assert_eq!(fids(&path), expected);
    let back = strata::io::load_plan(&path, &Default::default())
        .expect("reload")
        .plan;
    assert_eq!(
        back.parcel(&renamed).and_then(|p| p.name.as_deref()),
        Some("新名字")
    );
    assert!(back.parcel(&removed).is_none());
    assert_eq!(back.parcels.len(), h.state().doc.plan.parcels.len());
}

#[test]
fn save_as_geopackage_writes_a_new_file_that_reads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("copy.gpkg");
    let mut app = StrataApp::new(sample(), None, Reference::default());
    app.dialogs = Box::new(ScriptedDialogs {
        save_as: vec![target.clone()],
        ..Default::default()
    });
    let mut added: Parcel = app.doc.plan.parcels[0].clone();
    added.id = ParcelId::new("p-added");
    let index = app.doc.plan.parcels.len();
    app.apply(strata::edit::EditCmd::AddParcel {
        index,
        parcel: Box::new(added),
    });
    let mut h = harness(app);
    h.run();
    save(&mut h);
    assert_eq!(h.state().doc.path.as_deref(), Some(target.as_path()));
    let back = strata::io::load_plan(&target, &Default::default())
        .expect("reload")
        .plan;
    assert!(back.parcel(&ParcelId::new("p-added")).is_some());
    assert_eq!(back.parcels.len(), h.state().doc.plan.parcels.len());
}
