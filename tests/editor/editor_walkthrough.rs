//! The walkthrough of the editor issue's "done when", driven as a planner would: open a
//! sample map, draw a parcel snapped to a neighbour, give it an underground parking
//! stratum, ground-floor retail and housing above, look at the section, undo and redo,
//! save, reopen and find everything as left.

use egui::accesskit::{Action, ActionData, ActionRequest};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use strata::model::Reference;
use strata::ui::{Selection, StrataApp, UiCommand};

use crate::editor_support;
use editor_support::{click_at, harness_of_size};

fn harness(app: StrataApp) -> Harness<'static, StrataApp> {
    harness_of_size(app, egui::vec2(1500.0, 1000.0))
}

/// Sets the k-th drag value labelled `label` as a screen reader would (AccessKit SetValue).
fn set_value(h: &mut Harness<'static, StrataApp>, label: &str, k: usize, value: f64) {
    let (target_node, target_tree) = {
        let nodes: Vec<_> = h.query_all_by_label(label).collect();
        assert!(
            nodes.len() > k,
            "only {} nodes labelled {label:?}",
            nodes.len()
        );
        nodes[k].scroll_to_me();
        nodes[k].accesskit_node().locate()
    };
    h.run();
    h.event(egui::Event::AccessKitActionRequest(ActionRequest {
        action: Action::SetValue,
        target_node,
        target_tree,
        data: Some(ActionData::NumericValue(value)),
    }));
    h.run();
}

/// Adds a land use to the k-th stratum through the searchable list.
fn add_use(h: &mut Harness<'static, StrataApp>, k: usize, code: &str) {
    {
        let fields: Vec<_> = h.query_all_by_label("Find use").collect();
        fields[k].scroll_to_me();
        fields[k].focus();
    }
    h.run();
    let fields: Vec<_> = h.query_all_by_label("Find use").collect();
    fields[k].type_text(code);
    h.run();
    h.get_by_label_contains(&format!("+ {code} "))
        .scroll_to_me();
    h.run();
    h.get_by_label_contains(&format!("+ {code} ")).click();
    h.run();
    // Clear the search so the next stratum's list starts empty.
    let fields: Vec<_> = h.query_all_by_label("Find use").collect();
    fields[k].focus();
    h.run();
    for _ in 0..code.len() {
        h.key_press(egui::Key::Backspace);
    }
    h.run();
}

#[test]
fn draw_stack_undo_redo_save_and_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("xiongan.geojson");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_maps/xiongan_15min.geojson"),
        &path,
    )
    .expect("copy");
    let plan = strata::io::load_plan(&path, &Default::default())
        .expect("sample")
        .plan;
    let mut app = StrataApp::new(plan, Some(path.clone()), Reference::default());
    app.autosave.dir = Some(dir.path().join("recovery"));
    let mut h = harness(app);
    h.run();

    // A neighbour of the scenario shown, and one of its corners on screen.
    let scenario = h.state().view.scenario;
    let neighbour = h
        .state()
        .doc
        .plan
        .parcels
        .iter()
        .find(|p| p.scenario == scenario)
        .expect("a parcel")
        .clone();
    let corner = neighbour
        .shape
        .0
        .iter()
        .flat_map(|p| p.exterior().0.iter())
        .copied()
        .max_by(|a, b| (a.x + a.y).total_cmp(&(b.x + b.y)))
        .expect("corner");
    // Zoom in on the corner so the new parcel is a few dozen metres across.
    h.state_mut().view.camera.center_in_world = [corner.x, corner.y];
    h.state_mut().view.camera.pixels_per_meter = 4.0;
    h.run();
    let c = h
        .state()
        .view
        .camera
        .screen_from_world([corner.x, corner.y]);

    // 1. Draw a parcel whose first corner is 4 px off the neighbour's: it snaps onto it.
    let n = h.state().doc.plan.parcels.len();
    h.get_by_label("Draw parcel").click();
    h.run();
    for p in [
        c + egui::vec2(4.0, -3.0),
        c + egui::vec2(120.0, 0.0),
        c + egui::vec2(120.0, -100.0),
        c + egui::vec2(0.0, -100.0),
    ] {
        click_at(&mut h, p);
    }
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        h.state().doc.plan.parcels.len(),
        n + 1,
        "{}",
        h.state().status
    );
    let new_id = h.state().doc.plan.parcels[n].id.clone();
    assert!(
        h.state().doc.plan.parcels[n].shape.0[0]
            .exterior()
            .0
            .iter()
            .any(|v| v.x == corner.x && v.y == corner.y),
        "the first corner snapped onto the neighbour's"
    );

    // 2. Select it and build the stack in the inspector.
    h.get_by_label("Select").click();
    h.run();
    click_at(&mut h, c + egui::vec2(60.0, -50.0));
    let drawn = h.state().doc.plan.parcels[n].id.clone();
    assert_eq!(h.state().selected.primary, Some(Selection::Parcel(drawn)));
    h.get_by_label("Edit strata").scroll_to_me();
    h.run();
    h.get_by_label("Edit strata").click();
    h.run();
    for _ in 0..2 {
        h.get_by_label("Add stratum").scroll_to_me();
        h.run();
        h.get_by_label("Add stratum").click();
        h.run();
    }
    // Stratum 0: underground parking, z −10…0; 1: retail 0…5; 2: housing 5…35.
    for (k, bottom, top, code) in [
        (0, -10.0, 0.0, "120803"),
        (1, 0.0, 5.0, "090101"),
        (2, 5.0, 35.0, "0701"),
    ] {
        set_value(&mut h, "z from", k, bottom);
        set_value(&mut h, "to", k, top);
        add_use(&mut h, k, code);
    }
    h.get_by_label("Apply strata").scroll_to_me();
    h.run();
    h.get_by_label("Apply strata").click();
    h.run();
    let built = h.state().doc.plan.parcels[n].strata.clone();
    assert_eq!(built.len(), 3, "{built:?}");
    let z: Vec<(f64, f64)> = built.iter().map(|s| (s.z.bottom, s.z.top)).collect();
    assert_eq!(z, vec![(-10.0, 0.0), (0.0, 5.0), (5.0, 35.0)]);
    for (s, code) in built.iter().zip(["120803", "090101", "0701"]) {
        assert!(
            s.uses.iter().any(|u| u.code == code),
            "{code} in {:?}",
            s.uses
        );
    }

    // 3. Undo the strata and the drawing, redo both.
    let with_stack = (*h.state().doc.plan).clone();
    h.state_mut().run_command(UiCommand::Undo);
    h.state_mut().run_command(UiCommand::Undo);
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), n);
    h.state_mut().run_command(UiCommand::Redo);
    h.state_mut().run_command(UiCommand::Redo);
    h.run();
    assert_eq!(*h.state().doc.plan, with_stack);

    // 4. Save (Ctrl+S), reopen, find everything as left.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!h.state().title().starts_with('*'), "{}", h.state().status);
    let reopened = strata::io::load_plan(&path, &Default::default()).expect("reload");
    let again = reopened.plan.parcel(&new_id).expect("the new parcel");
    assert_eq!(again.strata.len(), 3);
    let original = with_stack.parcel(&new_id).expect("new");
    assert_eq!(again.strata, original.strata);
    assert!((again.area().m2() - original.area().m2()).abs() < 0.01);
    assert_eq!(reopened.plan.parcels.len(), with_stack.parcels.len());
}
