//! After a crash, the restored recovery copy comes with its undo history: Undo takes back
//! the edits made before the crash, one by one, down to the plan on disk. Autosave also
//! runs after every N edits, not only every minute.

use egui_kittest::kittest::Queryable;
use geo::{Coord, MultiPolygon, Rect};
use strata::edit::EditCmd;
use strata::io::LocalFrame;
use strata::model::{Parcel, ParcelId, Plan, Reference, Scenario, Stratum};
use strata::ui::StrataApp;

use crate::editor_support;
use editor_support::harness;

/// Three 100 m squares in a row. The frame is deliberately not where a reader would
/// centre it, so the restore must move the copy into the history's frame.
fn row_plan() -> Plan {
    let mut plan = Plan::new(LocalFrame::new(120.0, 30.0));
    for k in 0..3 {
        let x = k as f64 * 100.0;
        let shape = MultiPolygon::new(vec![
            Rect::new(
                Coord { x, y: 0.0 },
                Coord {
                    x: x + 100.0,
                    y: 100.0,
                },
            )
            .to_polygon(),
        ]);
        let mut p = Parcel::new(&format!("p{k}"), Scenario::Proposed, shape);
        p.strata.push(Stratum::ground("s1", "0701"));
        plan.parcels.push(p);
    }
    plan
}

#[test]
fn a_restored_copy_keeps_its_undo_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.geojson");
    strata::io::save_plan(&row_plan(), &path).expect("saved");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let store = dir.path().join("data");

    // A session makes two edits; autosave is due after two edits (the minute is far off).
    let mut first = StrataApp::new(row_plan(), Some(path.clone()), Reference::default());
    first.autosave.dir = Some(store.clone());
    first.autosave.every_edits = 2;
    first.apply(strata::edit::remove_parcel(&first.doc.plan, &ParcelId::new("p2")).expect("p2"));
    first.autosave_tick(false);
    assert!(
        first.autosave.last_written.is_none(),
        "one edit: not due yet"
    );
    first.apply(EditCmd::SetName {
        id: ParcelId::new("p0"),
        old: None,
        new: Some("School".into()),
    });
    for _ in 0..500 {
        first.autosave_tick(false);
        if first.autosave.last_written.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let copy = first
        .autosave
        .last_written
        .clone()
        .expect("written after two edits");
    assert!(strata::io::recovery::history_path(&copy).exists());
    drop(first); // the "crash"

    // The next session restores the copy; Undo works through both edits.
    let mut second = StrataApp::new(row_plan(), Some(path.clone()), Reference::default());
    second.autosave.dir = Some(store.clone());
    second.check_recovery();
    let mut h = harness(second);
    h.run();
    h.get_by_label("Recover").click();
    h.run();
    let name =
        |h: &egui_kittest::Harness<'_, StrataApp>| h.state().doc.plan.parcels[0].name.clone();
    assert_eq!(h.state().doc.plan.parcels.len(), 2, "{}", h.state().status);
    assert_eq!(name(&h).as_deref(), Some("School"));
    assert!(
        h.state().status.contains("undo history"),
        "{}",
        h.state().status
    );
    assert!(h.state().title().starts_with('*'));

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(name(&h), None, "the rename is undone");
    assert_eq!(h.state().doc.plan.parcels.len(), 2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), 3, "the removal is undone");
    // Back at the plan on disk: nothing unsaved, in the frame the history was made in.
    assert!(!h.state().title().starts_with('*'), "{}", h.state().title());
    assert_eq!(h.state().doc.plan.frame, row_plan().frame);
    assert_eq!(h.state().doc.plan.parcels[2].id, ParcelId::new("p2"));
}

#[test]
fn a_corrupt_history_restores_the_copy_without_undo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.geojson");
    strata::io::save_plan(&row_plan(), &path).expect("saved");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let store = dir.path().join("data");
    let mut first = StrataApp::new(row_plan(), Some(path.clone()), Reference::default());
    first.autosave.dir = Some(store.clone());
    first.apply(strata::edit::remove_parcel(&first.doc.plan, &ParcelId::new("p2")).expect("p2"));
    first.autosave_tick(true);
    let copy = first.autosave.last_written.clone().expect("copy");
    drop(first);
    std::fs::write(
        strata::io::recovery::history_path(&copy),
        "{\"format\": 1, \"copy\"",
    )
    .expect("corrupt");

    let mut second = StrataApp::new(row_plan(), Some(path.clone()), Reference::default());
    second.autosave.dir = Some(store);
    second.check_recovery();
    let mut h = harness(second);
    h.run();
    h.get_by_label("Recover").click();
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), 2, "{}", h.state().status);
    assert!(!h.state().doc.history.can_undo());
    assert!(h.state().title().starts_with('*'));
}
