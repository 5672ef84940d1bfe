//! File → Import… (issue 18 item 4): a GBK Shapefile appended to the open plan with a
//! preview first, as one edit that undo takes away and redo brings back.

use egui_kittest::kittest::Queryable;
use strata::model::Reference;
use strata::ui::dialogs::ScriptedDialogs;
use strata::ui::{StrataApp, UiCommand};

use crate::editor_support::harness;

/// The editor on Xiong'an whose import dialog will be given `file`; its parcel count.
fn xiongan_importing(file: &str) -> (egui_kittest::Harness<'static, StrataApp>, usize) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let plan = strata::io::load_plan(
        &root.join("sample_maps/xiongan_15min.geojson"),
        &Default::default(),
    )
    .expect("sample")
    .plan;
    let before = plan.parcels.len();
    let mut app = StrataApp::new(plan, None, Reference::default());
    app.autosave.dir = None;
    app.dialogs = Box::new(ScriptedDialogs {
        import: vec![root.join(file)],
        ..Default::default()
    });
    let mut h = harness(app);
    h.run();
    (h, before)
}

#[test]
fn a_shapefile_imports_into_the_open_plan_as_one_undoable_edit() {
    let (mut h, before) = xiongan_importing("tests/shp/gbk_parcels.shp");
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import…").click();
    h.run();
    // The preview: what the file adds, before anything is changed.
    h.get_by_label_contains("Adds 4 parcels");
    assert_eq!(
        h.state().doc.plan.parcels.len(),
        before,
        "nothing added yet"
    );
    h.get_by_label("Import").click();
    h.run();
    let plan = &h.state().doc.plan;
    assert_eq!(plan.parcels.len(), before + 4);
    assert!(
        plan.parcels
            .iter()
            .any(|p| p.name.as_deref() == Some("城镇住宅地块甲")),
        "the GBK names arrive"
    );
    assert!(h.state().import.is_none(), "the dialog closes");
    h.state_mut().run_command(UiCommand::Undo);
    h.run();
    assert_eq!(
        h.state().doc.plan.parcels.len(),
        before,
        "undo takes the import away"
    );
    h.state_mut().run_command(UiCommand::Redo);
    h.run();
    assert_eq!(
        h.state().doc.plan.parcels.len(),
        before + 4,
        "redo brings it back"
    );
}

/// The done-when: a GBK R2000 drawing imported into the open plan, its layer
/// chosen in the dialog and its CRS given, then undone and redone.
#[test]
fn a_dxf_imports_into_the_open_plan_and_undo_redo_follow() {
    let (mut h, before) = xiongan_importing("tests/dxf/site_gbk_r2000.dxf");
    h.state_mut().run_command(UiCommand::Import);
    h.run();
    // Without a CRS and a layer the dialog says what is missing; nothing is imported.
    h.get_by_label_contains("A DXF has no coordinate system");
    {
        let dialog = h.state_mut().import.as_mut().expect("the dialog is open");
        dialog.crs = "EPSG:4548".into();
    }
    h.run();
    h.get_by_label_contains("Tick the layers");
    h.get_by_label_contains("地块  (").click();
    h.run();
    let preview = h
        .state()
        .import
        .as_ref()
        .and_then(|d| d.preview.as_ref())
        .and_then(|p| p.as_ref().ok())
        .map(|p| p.appended)
        .expect("a preview");
    assert!(preview.parcels >= 4, "{preview:?}");
    h.get_by_label("Import").click();
    h.run();
    let added = h.state().doc.plan.parcels.len() - before;
    assert_eq!(added, preview.parcels);
    assert!(
        h.state().doc.plan.parcels[before..]
            .iter()
            .any(|p| p.main_use() == Some("0701")),
        "codes from the texts inside the parcels"
    );
    h.state_mut().run_command(UiCommand::Undo);
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), before);
    h.state_mut().run_command(UiCommand::Redo);
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), before + added);
}
