//! Files never lost between programs (issue 15 item 8), driven through the editor: a plan
//! changed on disk behind the editor's back is not overwritten by Save without asking
//! (reload, keep mine, save as); a change with no edits here is offered for reload; a
//! plan open in another window is warned about.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::{Coord, MultiPolygon, Rect};
use std::path::{Path, PathBuf};
use strata::io::{LockOwner, PlanLock};
use strata::model::LocalFrame;
use strata::model::{Parcel, ParcelId, Plan, Reference, Scenario, Stratum};
use strata::ui::StrataApp;
use strata::ui::dialogs::ScriptedDialogs;
use strata::ui::file_guard::Question;

use crate::editor_support;
use editor_support::harness;

/// `n` 100 m squares in a row, ground-level housing.
fn row_plan(n: usize) -> Plan {
    let mut plan = Plan::new(LocalFrame::new(120.0, 30.0));
    for k in 0..n {
        let x = k as f64 * 100.0;
        let square = Rect::new(
            Coord { x, y: 0.0 },
            Coord {
                x: x + 100.0,
                y: 100.0,
            },
        );
        let mut p = Parcel::new(
            &format!("p{k}"),
            Scenario::Proposed,
            MultiPolygon::new(vec![square.to_polygon()]),
        );
        p.strata.push(Stratum::ground("s1", "0701"));
        plan.parcels.push(p);
    }
    plan
}

/// A three-parcel plan saved at `dir/plan.geojson`, opened in the editor.
fn opened(dir: &Path) -> (PathBuf, StrataApp) {
    let path = dir.join("plan.geojson");
    strata::io::save_plan(&row_plan(3), &path).expect("saved");
    let plan = strata::io::load_plan(&path, &Default::default())
        .expect("load")
        .plan;
    let mut app = StrataApp::new(plan, Some(path.clone()), Reference::default());
    app.autosave.dir = Some(dir.join("recovery"));
    (path, app)
}

/// The editor with parcel p0 renamed "mine" (unsaved), then another program writes a
/// one-parcel version of the plan over the file.
fn edited_then_changed_on_disk(dir: &Path) -> (PathBuf, Harness<'static, StrataApp>) {
    let (path, mut app) = opened(dir);
    app.apply(strata::edit::EditCmd::SetName {
        id: ParcelId::new("p0"),
        old: None,
        new: Some("mine".into()),
    });
    let mut h = harness(app);
    h.run();
    strata::io::save_plan(&row_plan(1), &path).expect("the other program saves");
    (path, h)
}

fn press_save(h: &mut Harness<'static, StrataApp>) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
}

fn parcels_on_disk(path: &Path) -> usize {
    strata::io::load_plan(path, &Default::default())
        .expect("load")
        .plan
        .parcels
        .len()
}

#[test]
fn save_over_a_plan_changed_on_disk_asks_and_reload_gives_the_disk_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut h) = edited_then_changed_on_disk(dir.path());
    let on_disk = std::fs::read(&path).expect("read");
    press_save(&mut h);
    assert_eq!(h.state().file_guard.question, Some(Question::ChangedOnDisk));
    assert_eq!(
        std::fs::read(&path).expect("read"),
        on_disk,
        "not overwritten"
    );
    assert!(
        h.state().title().starts_with('*'),
        "the edit is still unsaved"
    );
    h.get_by_label("Reload from disk").click();
    h.run();
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), 1, "{}", h.state().status);
    assert!(!h.state().title().starts_with('*'));
    assert_eq!(h.state().file_guard.question, None);
    // The reloaded plan is the one seen now: a save goes through without asking.
    press_save(&mut h);
    assert_eq!(h.state().file_guard.question, None);
}

#[test]
fn keep_mine_overwrites_the_disk_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut h) = edited_then_changed_on_disk(dir.path());
    press_save(&mut h);
    assert_eq!(parcels_on_disk(&path), 1, "asked first");
    h.get_by_label("Keep mine").click();
    h.run();
    let saved = strata::io::load_plan(&path, &Default::default()).expect("load");
    assert_eq!(saved.plan.parcels.len(), 3);
    assert_eq!(saved.plan.parcels[0].name.as_deref(), Some("mine"));
    assert!(!h.state().title().starts_with('*'));
    // Once only: a later change on disk is asked about again.
    h.state_mut().apply(strata::edit::EditCmd::SetName {
        id: ParcelId::new("p1"),
        old: None,
        new: Some("again".into()),
    });
    strata::io::save_plan(&row_plan(2), &path).expect("the other program saves");
    press_save(&mut h);
    assert_eq!(h.state().file_guard.question, Some(Question::ChangedOnDisk));
    assert_eq!(parcels_on_disk(&path), 2);
}

#[test]
fn save_as_from_the_question_leaves_the_changed_file_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut h) = edited_then_changed_on_disk(dir.path());
    let other = dir.path().join("mine.geojson");
    h.state_mut().dialogs = Box::new(ScriptedDialogs {
        open: Vec::new(),
        save_as: vec![other.clone()],
        ..Default::default()
    });
    press_save(&mut h);
    h.get_by_label("Save under another name…").click();
    h.run();
    assert_eq!(
        parcels_on_disk(&path),
        1,
        "the other program's version stays"
    );
    assert_eq!(parcels_on_disk(&other), 3);
    assert_eq!(h.state().doc.path.as_deref(), Some(other.as_path()));
    assert_eq!(h.state().file_guard.question, None);
}

#[test]
fn cancel_keeps_the_edits_unsaved_and_the_file_as_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut h) = edited_then_changed_on_disk(dir.path());
    press_save(&mut h);
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().file_guard.question, None);
    assert_eq!(parcels_on_disk(&path), 1);
    assert!(h.state().title().starts_with('*'));
    assert_eq!(h.state().doc.plan.parcels.len(), 3);
}

#[test]
fn a_change_on_disk_with_no_edits_here_is_offered_for_reload() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, app) = opened(dir.path());
    let mut h = harness(app);
    h.run();
    assert!(!h.state().file_guard.changed_notice());
    strata::io::save_plan(&row_plan(2), &path).expect("the other program saves");
    // The file is looked at once a second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    h.run();
    assert!(h.state().file_guard.changed_notice());
    assert_eq!(
        h.state().file_guard.question,
        None,
        "a notice, not a question"
    );
    h.get_by_label("Reload").click();
    h.run();
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), 2, "{}", h.state().status);
    assert!(!h.state().file_guard.changed_notice());
}

/// The editor on a plan that a window of another Strata (on another computer) has open
/// and keeps alive (its heartbeat is fresh); the editor holds locks, as a window does.
fn opened_elsewhere(dir: &Path) -> (PathBuf, Harness<'static, StrataApp>) {
    let (path, mut app) = opened(dir);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let other = LockOwner {
        pid: 4_000_000_000,
        host: "another-computer".into(),
        since: now - 120,
        beat: now,
        token: "other".into(),
    };
    let lock_file = PlanLock::lock_path(&path);
    std::fs::write(&lock_file, serde_json::to_string(&other).expect("json")).expect("lock");
    app.file_guard.use_locks(true);
    let mut h = harness(app);
    h.run();
    (path, h)
}

#[test]
fn a_plan_open_in_another_window_is_warned_about_and_may_be_opened_anyway() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut h) = opened_elsewhere(dir.path());
    match &h.state().file_guard.question {
        Some(Question::OpenElsewhere(owner)) => assert_eq!(owner.host, "another-computer"),
        q => panic!("no warning: {q:?}"),
    }
    assert!(!h.state().file_guard.holds_lock());
    h.get_by_label("Open anyway").click();
    h.run();
    assert!(h.state().file_guard.holds_lock());
    let owner = PlanLock::owner_of(&path).expect("locked");
    assert!(owner.is_this_process());
    // Closing the editor removes its lock.
    drop(h);
    assert!(!PlanLock::lock_path(&path).exists());
}

#[test]
fn close_leaves_the_plan_to_the_other_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut h) = opened_elsewhere(dir.path());
    h.get_by_label("Close").click();
    h.run();
    assert!(h.state().file_guard.close_requested);
    assert!(!h.state().file_guard.holds_lock());
    drop(h);
    let owner = PlanLock::owner_of(&path).expect("the other window's lock stays");
    assert_eq!(owner.token, "other");
}

#[test]
fn an_editor_alone_on_its_plan_holds_the_lock_without_asking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, mut app) = opened(dir.path());
    app.file_guard.use_locks(true);
    let mut h = harness(app);
    h.run();
    assert_eq!(h.state().file_guard.question, None);
    assert!(h.state().file_guard.holds_lock());
    assert!(PlanLock::lock_path(&path).exists());
    drop(h);
    assert!(!PlanLock::lock_path(&path).exists());
}

#[test]
fn a_save_from_the_editor_removes_what_a_crashed_save_left() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_path, app) = opened(dir.path());
    // A save killed an hour ago left its temporary file; a user's file sits beside it.
    let leftover = dir.path().join(".plan.geojson.12345-1.tmp");
    let unrelated = dir.path().join("plan.geojson.notes.tmp");
    for file in [&leftover, &unrelated] {
        std::fs::write(file, "half a plan").expect("write");
        std::fs::File::options()
            .write(true)
            .open(file)
            .and_then(|f| {
                f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
            })
            .expect("time");
    }
    let mut h = harness(app);
    h.run();
    press_save(&mut h);
    assert!(!leftover.exists(), "{}", h.state().status);
    assert!(unrelated.exists());
}
