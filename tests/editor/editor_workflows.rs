//! Editor workflows on a small plan of known geometry, driven by labels, clicks, drags and
//! keys: multi-selection and merge, the move tool, edge snapping, avoid overlaps, the
//! history list, colour modes, keyboard navigation, Open/Save As with the unsaved-changes
//! prompt, and recovery copies.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::{Area, BoundingRect, Coord, MultiPolygon, Rect};
use strata::model::LocalFrame;
use strata::model::{Parcel, Plan, Reference, Scenario, Stratum};
use strata::ui::dialogs::ScriptedDialogs;
use strata::ui::{StrataApp, Tool, UiCommand};

use crate::editor_support;
use editor_support::{click_at, drag, harness, screen_of};

fn square(x: f64, y: f64, side: f64) -> MultiPolygon<f64> {
    MultiPolygon::new(vec![
        Rect::new(
            Coord { x, y },
            Coord {
                x: x + side,
                y: y + side,
            },
        )
        .to_polygon(),
    ])
}

/// Three 100 m squares in a row (x 0–300, y 0–100), ground-level housing; the camera fits
/// them on the first frame.
fn row_plan() -> Plan {
    let mut plan = Plan::new(LocalFrame::new(120.0, 30.0));
    for k in 0..3 {
        let mut p = Parcel::new(
            &format!("p{k}"),
            Scenario::Proposed,
            square(k as f64 * 100.0, 0.0, 100.0),
        );
        p.strata.push(Stratum::ground("s1", "0701"));
        plan.parcels.push(p);
    }
    plan
}

fn started(app: StrataApp) -> Harness<'static, StrataApp> {
    let mut h = harness(app);
    h.run();
    h
}

fn shift_click_at(h: &mut Harness<'static, StrataApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::SHIFT));
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::SHIFT,
        });
        h.run();
    }
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
    h.run();
}

#[test]
fn shift_click_selects_two_parcels_and_merge_joins_them_in_one_undoable_step() {
    let mut h = started(StrataApp::new(row_plan(), None, Reference::default()));
    let (a, b) = (screen_of(&h, [50.0, 50.0]), screen_of(&h, [150.0, 50.0]));
    click_at(&mut h, a);
    shift_click_at(&mut h, b);
    assert_eq!(
        h.state().selected.parcel_indices(&h.state().doc.plan),
        vec![0, 1]
    );
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Merge selected parcels").click();
    h.run();
    let plan = &h.state().doc.plan;
    assert_eq!(plan.parcels.len(), 2, "{}", h.state().status);
    let merged = plan
        .parcel(&strata::model::ParcelId::new("p0"))
        .expect("p0 keeps its id");
    assert!((merged.shape.unsigned_area() - 20_000.0).abs() < 1e-6);
    assert_eq!(
        h.state().doc.history.undo_label().as_deref(),
        Some("Merge 2 parcels into p0")
    );
    h.state_mut().run_command(UiCommand::Undo);
    assert_eq!(*h.state().doc.plan, row_plan());
}

#[test]
fn a_box_selects_the_parcels_inside_and_delete_removes_them_together() {
    let mut h = started(StrataApp::new(row_plan(), None, Reference::default()));
    // From below-left of the first square to above-right of the second.
    let from = screen_of(&h, [-20.0, -20.0]);
    let to = screen_of(&h, [210.0, 120.0]);
    drag(&mut h, from, to);
    let mut selected = h.state().selected.parcel_indices(&h.state().doc.plan);
    selected.sort();
    assert_eq!(selected, vec![0, 1]);
    h.key_press(egui::Key::Delete);
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), 1);
    assert_eq!(h.state().doc.plan.parcels[0].id.as_str(), "p2");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(*h.state().doc.plan, row_plan());
    // Redo with Ctrl+Shift+Z (and not undo: egui ignores an extra Shift when matching).
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), 1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), 1, "Ctrl+Y redoes too");
}

#[test]
fn the_move_tool_drags_the_selected_parcel_by_the_pointer_distance() {
    let mut app = StrataApp::new(row_plan(), None, Reference::default());
    app.view.snapping = false;
    let mut h = started(app);
    h.get_by_label("Move").click();
    h.run();
    assert_eq!(h.state().view.tool, Tool::Move);
    let from = screen_of(&h, [150.0, 50.0]);
    drag(&mut h, from, from + egui::vec2(60.0, 0.0));
    let ppm = h.state().view.camera.pixels_per_meter;
    let moved = h.state().doc.plan.parcels[1]
        .shape
        .bounding_rect()
        .expect("box");
    let expected = 100.0 + 60.0 / ppm;
    assert!(
        (moved.min().x - expected).abs() < 0.5,
        "{} vs {expected}",
        moved.min().x
    );
    assert_eq!(moved.min().y, 0.0);
    assert_eq!(h.state().doc.plan.parcels[0], row_plan().parcels[0]);
    h.state_mut().run_command(UiCommand::Undo);
    assert_eq!(*h.state().doc.plan, row_plan());
}

#[test]
fn a_point_near_an_edge_snaps_onto_the_edge() {
    let mut h = started(StrataApp::new(row_plan(), None, Reference::default()));
    h.get_by_label("Draw parcel").click();
    h.run();
    // 5 px above the middle of the top edge of p1 (far from its corners), then two more.
    let on_edge = screen_of(&h, [150.0, 100.0]);
    for p in [
        on_edge + egui::vec2(0.0, -5.0),
        on_edge + egui::vec2(80.0, -120.0),
        on_edge + egui::vec2(-80.0, -120.0),
    ] {
        click_at(&mut h, p);
    }
    h.key_press(egui::Key::Enter);
    h.run();
    let added = h.state().doc.plan.parcels.last().expect("added").clone();
    assert_eq!(h.state().doc.plan.parcels.len(), 4, "{}", h.state().status);
    let on = added.shape.0[0]
        .exterior()
        .0
        .iter()
        .any(|v| (v.y - 100.0).abs() < 1e-9 && v.x > 100.0 && v.x < 200.0);
    assert!(on, "no corner on the edge y = 100: {:?}", added.shape);
}

#[test]
fn avoid_overlaps_clips_a_rectangle_drawn_across_a_neighbour() {
    let mut app = StrataApp::new(row_plan(), None, Reference::default());
    app.view.snapping = false;
    let mut h = started(app);
    h.get_by_label("Avoid overlaps").click();
    h.run();
    assert!(h.state().view.avoid_overlaps);
    h.get_by_label("Draw rectangle").click();
    h.run();
    // From (250, 50) inside p2 to (350, 150) outside: a quarter lies on p2.
    let (a, b) = (screen_of(&h, [250.0, 50.0]), screen_of(&h, [350.0, 150.0]));
    drag(&mut h, a, b);
    let plan = &h.state().doc.plan;
    assert_eq!(plan.parcels.len(), 4, "{}", h.state().status);
    let drawn = plan.parcels.last().expect("drawn");
    let ppm = h.state().view.camera.pixels_per_meter;
    let full = ((b.x - a.x) as f64 / ppm) * ((a.y - b.y) as f64 / ppm);
    let lost = (300.0 - (250.0 + 0.0)) * (100.0 - 50.0);
    assert!(
        (drawn.area().m2() - (full - lost)).abs() < full * 0.02,
        "{} m² vs {}",
        drawn.area().m2(),
        full - lost
    );
    assert!(
        (plan.parcels[2].area().m2() - 10_000.0).abs() < 1e-6,
        "the neighbour is untouched"
    );
}

#[test]
fn the_history_list_goes_back_and_forward_to_a_clicked_edit() {
    let mut app = StrataApp::new(row_plan(), None, Reference::default());
    for k in 0..2 {
        let id = app.doc.plan.parcels[k].id.clone();
        app.apply(strata::edit::EditCmd::SetName {
            id,
            old: None,
            new: Some(format!("name {k}")),
        });
    }
    // Tall enough for the history list below the Layers panel's colour modes.
    let mut h = crate::editor_support::harness_of_size(app, egui::vec2(1400.0, 1000.0));
    h.run();
    h.get_by_label("History").click();
    h.run();
    h.get_by_label("Opened plan").click();
    h.run();
    assert_eq!(*h.state().doc.plan, row_plan());
    assert_eq!(h.state().doc.history.position(), 0);
    h.get_by_label("Rename p1").click();
    h.run();
    assert_eq!(h.state().doc.history.position(), 2);
    assert_eq!(
        h.state().doc.plan.parcels[1].name.as_deref(),
        Some("name 1")
    );
}

#[test]
fn colour_modes_and_keyboard_pan_and_zoom() {
    let mut h = started(StrataApp::new(row_plan(), None, Reference::default()));
    h.get_by_label("Status").click();
    h.run();
    assert_eq!(h.state().view.color_mode, strata::ui::ColorMode::Status);
    h.get_by_label("Coverage score").click();
    h.run();
    assert_eq!(h.state().view.color_mode, strata::ui::ColorMode::Score);
    h.key_press(egui::Key::Home);
    h.run();
    let before = h.state().view.camera;
    h.key_press(egui::Key::ArrowRight);
    h.run();
    let after = h.state().view.camera;
    assert!(
        after.center_in_world[0] > before.center_in_world[0],
        "right arrow pans east"
    );
    h.key_press(egui::Key::Plus);
    h.run();
    assert!(h.state().view.camera.pixels_per_meter > after.pixels_per_meter);
    h.key_press(egui::Key::Home);
    h.run();
    assert!((h.state().view.camera.pixels_per_meter - before.pixels_per_meter).abs() < 1e-9);
}

#[test]
fn open_asks_about_unsaved_changes_and_save_as_moves_the_plan_to_the_new_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = dir.path().join("other.geojson");
    let mut other_plan = row_plan();
    other_plan.parcels.truncate(1);
    strata::io::save_plan(&other_plan, &other).expect("saved");
    let mut app = StrataApp::new(row_plan(), None, Reference::default());
    app.autosave.dir = Some(dir.path().join("recovery"));
    app.dialogs = Box::new(ScriptedDialogs {
        open: vec![other.clone()],
        save_as: vec![dir.path().join("mine.geojson")],
        ..Default::default()
    });
    let id = app.doc.plan.parcels[0].id.clone();
    app.apply(strata::edit::EditCmd::SetName {
        id,
        old: None,
        new: Some("新名字".into()),
    });
    let mut h = started(app);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    assert!(h.state().confirm.is_some(), "asks first");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().confirm.is_none());
    assert_eq!(h.state().doc.plan.parcels.len(), 3, "nothing opened");
    // Open again and answer Save: the plan has no file, so Save As asks where.
    h.state_mut().run_command(UiCommand::Open);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    h.run();
    let saved = strata::io::load_plan(&dir.path().join("mine.geojson"), &Default::default())
        .expect("saved as");
    assert_eq!(saved.plan.parcels[0].name.as_deref(), Some("新名字"));
    // Then the other plan was opened.
    assert_eq!(h.state().doc.plan.parcels.len(), 1, "{}", h.state().status);
    assert_eq!(h.state().doc.path.as_deref(), Some(other.as_path()));
    assert!(!h.state().title().starts_with('*'));
}

#[test]
fn a_recovery_copy_is_offered_taken_back_and_removed_by_a_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.geojson");
    strata::io::save_plan(&row_plan(), &path).expect("saved");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let store = dir.path().join("data");
    // A session edits and autosaves, then "crashes" (is dropped without closing).
    let mut first = StrataApp::new(row_plan(), Some(path.clone()), Reference::default());
    first.autosave.dir = Some(store.clone());
    first.apply(
        strata::edit::remove_parcel(&first.doc.plan, &strata::model::ParcelId::new("p2"))
            .expect("p2"),
    );
    first.autosave_tick(true);
    let copy = first.autosave.last_written.clone().expect("copy written");
    assert!(copy.starts_with(&store));
    drop(first);
    // The next session finds the copy and offers it.
    let mut second = StrataApp::new(row_plan(), Some(path.clone()), Reference::default());
    second.autosave.dir = Some(store.clone());
    second.check_recovery();
    assert!(second.recovery_offer.is_some());
    let mut h = started(second);
    h.get_by_label("Recover").click();
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), 2, "{}", h.state().status);
    assert!(
        h.state().title().starts_with('*'),
        "recovered changes are unsaved"
    );
    assert_eq!(h.state().doc.path.as_deref(), Some(path.as_path()));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!copy.exists(), "a save removes the recovery copy");
    let reopened = strata::io::load_plan(&path, &Default::default()).expect("reload");
    assert_eq!(reopened.plan.parcels.len(), 2);
}
