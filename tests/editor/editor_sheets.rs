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
    assert_eq!(h.state().doc.plan, plan, "the plan is untouched");
}
