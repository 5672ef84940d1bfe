//! File → Import… (issue 18 item 4): a GBK Shapefile appended to the open plan with a
//! preview first, as one edit that undo takes away and redo brings back.

use egui_kittest::kittest::Queryable;
use strata::model::Reference;
use strata::ui::dialogs::ScriptedDialogs;
use strata::ui::{StrataApp, UiCommand};

use crate::editor_support::harness;

#[test]
fn a_shapefile_imports_into_the_open_plan_as_one_undoable_edit() {
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
        import: vec![root.join("tests/shp/gbk_parcels.shp")],
        ..Default::default()
    });
    let mut h = harness(app);
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import…").click();
    h.run();
    // The preview: what the file adds, before anything is changed.
    h.get_by_label_contains("Adds 4 parcels");
    assert_eq!(h.state().doc.plan.parcels.len(), before, "nothing added yet");
    h.get_by_label("Import").click();
    h.run();
    let plan = &h.state().doc.plan;
    assert_eq!(plan.parcels.len(), before + 4);
    assert!(
        plan.parcels.iter().any(|p| p.name.as_deref() == Some("城镇住宅地块甲")),
        "the GBK names arrive"
    );
    assert!(h.state().import.is_none(), "the dialog closes");
    h.state_mut().run_command(UiCommand::Undo);
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), before, "undo takes the import away");
    h.state_mut().run_command(UiCommand::Redo);
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), before + 4, "redo brings it back");
}
