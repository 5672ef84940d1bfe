//! The editor driven by what a user sees (egui_kittest, accessible labels): layers,
//! the Edit menu's undo, the inspector, the window title.

use egui_kittest::kittest::Queryable;
use strata::edit::move_facility;
use strata::model::Reference;
use strata::ui::{Selection, StrataApp};

use crate::editor_support;
use editor_support::{click_at, drag, harness, screen_of};

fn app() -> StrataApp {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_maps/wenzhou_sports_park.geojson");
    let plan = strata::io::load_plan(&path, &Default::default())
        .expect("sample")
        .plan;
    StrataApp::new(plan, Some(path), Reference::default())
}

/// The Wenzhou app with the sunk plant (the parcel with two strata) shown and selected.
fn app_with_plant_selected() -> (StrataApp, usize) {
    let mut app = app();
    let plant = app
        .doc
        .plan
        .parcels
        .iter()
        .position(|p| p.id.as_str() == "p-6")
        .expect("the plant parcel");
    app.view.scenario = app.doc.plan.parcels[plant].scenario;
    app.selected.primary = Some(Selection::Parcel(app.doc.plan.parcels[plant].id.clone()));
    (app, plant)
}

#[test]
fn the_streets_layer_toggles() {
    let mut h = harness(app());
    assert!(h.state().view.show_streets);
    h.get_by_label("Streets").click();
    h.run();
    assert!(!h.state().view.show_streets);
}

#[test]
fn an_edit_is_undone_from_the_edit_menu() {
    let mut app = app();
    let original = (*app.doc.plan).clone();
    let id = app.doc.plan.facilities[0].id.clone();
    let cmd = move_facility(&app.doc.plan, &id, geo::Point::new(10.0, 20.0)).expect("facility");
    app.apply(cmd);
    assert!(app.title().starts_with('*'), "{}", app.title());
    assert_ne!(*app.doc.plan, original);
    let mut h = harness(app);
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo").click();
    h.run();
    assert_eq!(*h.state().doc.plan, original);
    assert!(!h.state().title().starts_with('*'));
}

#[test]
fn the_inspector_shows_the_selected_parcel_and_its_strata() {
    let (app, index) = app_with_plant_selected();
    let id = app.doc.plan.parcels[index].id.clone();
    let mut h = harness(app);
    h.run();
    h.get_by_label_contains(&format!("Parcel {id}"));
    h.get_by_label("Strata (2)");
    // Both strata are listed with their uses in Chinese.
    h.get_by_label_contains("1302 排水用地");
}

#[test]
fn delete_removes_the_selection_and_undo_brings_it_back() {
    let mut app = app();
    let n = app.doc.plan.facilities.len();
    app.selected.primary = Some(Selection::Facility(app.doc.plan.facilities[0].id.clone()));
    let mut h = harness(app);
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Delete selection").click();
    h.run();
    assert_eq!(h.state().doc.plan.facilities.len(), n - 1);
    h.state_mut().run_command(strata::ui::UiCommand::Undo);
    assert_eq!(h.state().doc.plan.facilities.len(), n);
}

#[test]
fn a_rectangle_drawn_on_the_canvas_becomes_an_undoable_parcel() {
    let mut app = app();
    app.view.snapping = false; // exact pixel arithmetic below
    let mut h = harness(app);
    h.run();
    let n = h.state().doc.plan.parcels.len();
    h.get_by_label("Draw rectangle").click();
    h.run();
    assert_eq!(h.state().view.tool, strata::ui::Tool::DrawRectangle);
    // Drag across an empty part of the canvas (the camera fits the plan on first frame).
    let centre = h.state().view.camera.screen_rect.center();
    let (a, b) = (
        centre + egui::vec2(-40.0, -30.0),
        centre + egui::vec2(40.0, 30.0),
    );
    drag(&mut h, a, b);
    let plan = &h.state().doc.plan;
    assert_eq!(plan.parcels.len(), n + 1, "status: {}", h.state().status);
    let added = plan.parcels.last().expect("parcel");
    // The new parcel is selected, its inspector open (as QGIS opens the attribute form).
    assert_eq!(h.state().selected.parcel(), Some(&added.id));
    h.get_by_label_contains(&format!("Parcel {}", added.id));
    // 80 × 60 px at the fitted scale, in square metres.
    let ppm = h.state().view.camera.pixels_per_meter;
    let expected = 80.0 * 60.0 / (ppm * ppm);
    assert!(
        (added.area().m2() - expected).abs() / expected < 0.02,
        "{} vs {expected}",
        added.area().m2()
    );
    assert!(h.state().title().starts_with('*'));
    h.state_mut().run_command(strata::ui::UiCommand::Undo);
    assert_eq!(h.state().doc.plan.parcels.len(), n);
}

#[test]
fn a_self_intersecting_outline_is_refused_with_a_reason() {
    let plan = app().doc.plan;
    let bow_tie = [[0.0, 0.0], [50.0, 50.0], [50.0, 0.0], [0.0, 50.0]];
    let err =
        strata::edit::create::add_drawn_parcel(&plan, &bow_tie, strata::model::Scenario::Proposed)
            .expect_err("refused")
            .to_string();
    assert!(err.contains("not a valid polygon"), "{err}");
}

#[test]
fn strata_edited_in_the_inspector_become_one_undoable_edit() {
    let (app, index) = app_with_plant_selected();
    let before = app.doc.plan.parcels[index].strata.clone();
    let mut h = harness(app);
    h.run();
    h.get_by_label("Edit strata").scroll_to_me();
    h.run();
    h.get_by_label("Edit strata").click();
    h.run();
    h.get_by_label("Add stratum").scroll_to_me();
    h.run();
    h.get_by_label("Add stratum").click();
    h.run();
    h.get_by_label("Apply strata").scroll_to_me();
    h.run();
    h.get_by_label("Apply strata").click();
    h.run();
    let after = &h.state().doc.plan.parcels[index].strata;
    assert_eq!(after.len(), before.len() + 1);
    // The new stratum sits on top of the stack and the plan reports its missing holder.
    assert_eq!(after[2].z.bottom, 15.0);
    assert!(
        h.state()
            .analyses
            .checked
            .problems
            .iter()
            .any(|p| p.kind.as_str() == "no-holder")
    );
    h.state_mut().run_command(strata::ui::UiCommand::Undo);
    assert_eq!(h.state().doc.plan.parcels[index].strata, before);
}

#[test]
fn split_and_merge_tools_cut_and_join_parcels() {
    use geo::BoundingRect;
    let (app, plant) = app_with_plant_selected();
    let rect = app.doc.plan.parcels[plant]
        .shape
        .bounding_rect()
        .expect("rect");
    let area = app.doc.plan.parcels[plant].area().m2();
    let n = app.doc.plan.parcels.len();
    let mut h = harness(app);
    h.run();
    h.get_by_label("Split").click();
    h.run();
    let c = rect.center();
    let (top, bottom) = (
        screen_of(&h, [c.x, rect.max().y + 20.0]),
        screen_of(&h, [c.x, rect.min().y - 20.0]),
    );
    click_at(&mut h, top);
    click_at(&mut h, bottom);
    let plan = &h.state().doc.plan;
    assert_eq!(plan.parcels.len(), n + 1, "status: {}", h.state().status);
    let halves: f64 = plan.parcels[plant].area().m2() + plan.parcels[plant + 1].area().m2();
    assert!((halves - area).abs() < 1e-3, "{halves} vs {area}");
    // Merge the two halves again with the merge tool: the selection is the first half.
    h.get_by_label("Merge").click();
    h.run();
    let other = h.state().doc.plan.parcels[plant + 1]
        .shape
        .bounding_rect()
        .expect("rect")
        .center();
    let target = screen_of(&h, [other.x, other.y]);
    click_at(&mut h, target);
    let plan = &h.state().doc.plan;
    assert_eq!(plan.parcels.len(), n, "status: {}", h.state().status);
    assert!((plan.parcels[plant].area().m2() - area).abs() < 1e-3);
    // Two undos give back the original parcel exactly.
    h.state_mut().run_command(strata::ui::UiCommand::Undo);
    h.state_mut().run_command(strata::ui::UiCommand::Undo);
    assert_eq!(h.state().doc.plan.parcels.len(), n);
    assert_eq!(h.state().doc.plan.parcels[plant].area().m2(), area);
}

#[test]
fn dragging_a_corner_reshapes_the_parcel() {
    let (mut app, plant) = app_with_plant_selected();
    app.view.snapping = false; // exact pixel arithmetic below
    let before = app.doc.plan.parcels[plant].clone();
    let corner = before.shape.0[0].exterior().0[0];
    let mut h = harness(app);
    h.run();
    h.get_by_label("Edit vertices").click();
    h.run();
    let from = screen_of(&h, [corner.x, corner.y]);
    let to = from + egui::vec2(0.0, 25.0);
    drag(&mut h, from, to);
    let after = &h.state().doc.plan.parcels[plant];
    assert_ne!(after.shape, before.shape, "status: {}", h.state().status);
    let moved = after.shape.0[0].exterior().0[0];
    let ppm = h.state().view.camera.pixels_per_meter;
    assert!(
        ((corner.y - moved.y) - 25.0 / ppm).abs() < 1.0 / ppm,
        "moved {} m",
        corner.y - moved.y
    );
    h.state_mut().run_command(strata::ui::UiCommand::Undo);
    assert_eq!(h.state().doc.plan.parcels[plant].shape, before.shape);
}

#[test]
fn a_drawn_corner_snaps_to_a_nearby_parcel_corner() {
    let mut app = app();
    let plant = app
        .doc
        .plan
        .parcels
        .iter()
        .position(|p| p.id.as_str() == "p-6")
        .expect("plant");
    app.view.scenario = app.doc.plan.parcels[plant].scenario;
    let corner = app.doc.plan.parcels[plant].shape.0[0].exterior().0[0];
    let mut h = harness(app);
    h.run();
    h.get_by_label("Draw parcel").click();
    h.run();
    // Click 4 px off the corner, then two more points, then Enter.
    let c = screen_of(&h, [corner.x, corner.y]);
    for p in [
        c + egui::vec2(4.0, -3.0),
        c + egui::vec2(-90.0, 0.0),
        c + egui::vec2(-90.0, 70.0),
    ] {
        click_at(&mut h, p);
    }
    h.key_press(egui::Key::Enter);
    h.run();
    let added = h.state().doc.plan.parcels.last().expect("parcel").clone();
    let first = added.shape.0[0]
        .exterior()
        .0
        .iter()
        .any(|v| v.x == corner.x && v.y == corner.y);
    assert!(
        first,
        "no vertex snapped exactly onto {corner:?}: {:?} (status {})",
        added.shape,
        h.state().status
    );
}

#[test]
fn a_drawn_street_joins_the_network_and_measure_reads_distances() {
    let mut app = app();
    app.view.snapping = false;
    let mut h = harness(app);
    h.run();
    let n = h.state().doc.plan.streets.len();
    h.get_by_label("Draw street").click();
    h.run();
    let c = h.state().view.camera.screen_rect.center();
    click_at(&mut h, c + egui::vec2(-100.0, 200.0));
    click_at(&mut h, c + egui::vec2(100.0, 200.0));
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        h.state().doc.plan.streets.len(),
        n + 1,
        "status: {}",
        h.state().status
    );
    let ppm = h.state().view.camera.pixels_per_meter;
    let street = h.state().doc.plan.streets.last().expect("street").clone();
    use geo::Length;
    assert!((geo::Euclidean.length(&street.line) - 200.0 / ppm).abs() < 1.0 / ppm);
    h.state_mut().run_command(strata::ui::UiCommand::Undo);
    assert_eq!(h.state().doc.plan.streets.len(), n);

    h.get_by_label("Measure").click();
    h.run();
    click_at(&mut h, c + egui::vec2(-50.0, 0.0));
    h.hover_at(c + egui::vec2(50.0, 0.0));
    h.run();
    let reading = h.state().measurement().expect("a reading").to_owned();
    let metres: f64 = reading
        .split(" m")
        .next()
        .expect("number")
        .parse()
        .expect("metres");
    assert!((metres - 100.0 / ppm).abs() < 1.0 / ppm, "{reading}");
    assert_eq!(
        h.state().doc.plan.streets.len(),
        n,
        "measuring changes nothing"
    );
}

#[test]
fn the_attribute_table_filters_sorts_and_selects() {
    let mut app = app();
    app.view.show_table = true;
    let mut h = harness(app);
    h.run();
    // The plant parcel is listed; filtering by its use code keeps it, clicking selects it.
    let plant = h
        .state()
        .doc
        .plan
        .parcels
        .iter()
        .position(|p| p.id.as_str() == "p-6")
        .expect("plant");
    let id = h.state().doc.plan.parcels[plant].id.to_string();
    h.get_by_label("Filter").click();
    h.run();
    h.get_by_label("Filter").type_text("1302");
    h.run();
    // Housing parcels (0701) are filtered out of the table.
    let housing = h
        .state()
        .doc
        .plan
        .parcels
        .iter()
        .find(|p| p.main_use() == Some("0701"))
        .expect("housing")
        .id
        .to_string();
    assert!(
        h.query_by_label(&housing).is_none(),
        "{housing} should be filtered out"
    );
    h.get_by_label(&id).click();
    h.run();
    let plant_id = h.state().doc.plan.parcels[plant].id.clone();
    assert_eq!(
        h.state().selected.primary,
        Some(Selection::Parcel(plant_id))
    );
    // Clicking a header sorts by that column.
    h.get_by_label_contains("Area m²").click();
    h.run();
    assert_eq!(h.state().view.table.sort, strata::ui::SortBy::Area);
    assert!(h.state().view.table.ascending);
}

#[test]
fn a_saved_plan_reopens_with_the_edits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.geojson");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_maps/wenzhou_sports_park.geojson");
    std::fs::copy(&source, &path).expect("copy");
    let plan = strata::io::load_plan(&path, &Default::default())
        .expect("load")
        .plan;
    let mut app = StrataApp::new(plan, Some(path.clone()), Reference::default());
    let plant = app
        .doc
        .plan
        .parcels
        .iter()
        .position(|p| p.id.as_str() == "p-6")
        .expect("plant");
    let id = app.doc.plan.parcels[plant].id.clone();
    app.apply(strata::edit::EditCmd::SetName {
        id: id.clone(),
        old: app.doc.plan.parcels[plant].name.clone(),
        new: Some("屋顶体育公园".into()),
    });
    let mut h = harness(app);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Save Ctrl+S").click();
    h.run();
    assert!(
        !h.state().title().starts_with('*'),
        "saved: {}",
        h.state().status
    );
    let reopened = strata::io::load_plan(&path, &Default::default())
        .expect("reload")
        .plan;
    assert_eq!(
        reopened.parcel(&id).and_then(|p| p.name.as_deref()),
        Some("屋顶体育公园")
    );
    assert_eq!(
        reopened.parcel(&id).expect("plant").strata,
        h.state().doc.plan.parcels[plant].strata
    );
    assert_eq!(reopened.parcels.len(), h.state().doc.plan.parcels.len());
    // The flat export goes beside the plan, one feature per stratum.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export flat GeoJSON").click();
    h.run();
    let flat: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("plan.flat.geojson")).expect("flat"))
            .expect("json");
    let strata_rows = flat["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter(|f| f["properties"]["kind"] == "stratum")
        .count();
    let expected: usize = reopened.parcels.iter().map(|p| p.strata.len().max(1)).sum();
    assert_eq!(strata_rows, expected);
}
