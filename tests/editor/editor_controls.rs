//! The inspector's Controls section (issue 16): a parcel's achieved FAR against its
//! limit, red ("broken") once its storeys go past it, with the `control_exceeded`
//! problem; undo clears both; controls edited as one undoable edit.

use egui_kittest::kittest::{NodeT, Queryable};
use strata::edit::EditCmd;
use strata::model::{ParcelId, Plan, Reference};
use strata::ui::{Selection, StrataApp, UiCommand};

use crate::editor_support::harness;

/// Xiong'an with housing parcel p-4 (FAR limit above what it builds) selected.
fn app() -> StrataApp {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_maps/xiongan_15min.geojson");
    let plan = strata::io::load_plan(&path, &Default::default())
        .expect("sample")
        .plan;
    let mut app = StrataApp::new(plan, None, Reference::default());
    app.autosave.dir = None;
    app.selected.primary = Some(Selection::Parcel(ParcelId::new("p-4")));
    app
}

fn text_of(node: &egui_kittest::Node<'_>) -> String {
    node.accesskit_node()
        .label()
        .or_else(|| node.value())
        .unwrap_or_default()
}

fn exceeded(h: &egui_kittest::Harness<'static, StrataApp>) -> bool {
    h.state()
        .analyses
        .checked
        .problems
        .iter()
        .any(|p| p.kind.as_str() == "control_exceeded" && p.feature.as_deref() == Some("p-4"))
}

#[test]
fn storeys_past_the_far_limit_turn_the_indicator_red_and_undo_clears_it() {
    let mut h = harness(app());
    h.run();
    h.get_by_label("Controls (控规)");
    let id = ParcelId::new("p-4");
    let parcel = h.state().doc.plan.parcel(&id).expect("p-4").clone();
    let limit = parcel
        .controls
        .as_ref()
        .and_then(|c| c.far_max)
        .expect("a FAR limit");
    assert!(!exceeded(&h));
    // The first row is the FAR: achieved / limit, met.
    let row = text_of(
        &h.get_all_by_label_contains(" met")
            .next()
            .expect("a met row"),
    );
    assert!(row.ends_with(&format!(" / {limit:.2} met")), "{row}");

    // The tower three times as tall: past the limit.
    let mut strata = parcel.strata.clone();
    let tower = strata
        .iter_mut()
        .max_by(|a, b| a.z.top.total_cmp(&b.z.top))
        .expect("a tower");
    tower.floors = tower.floors.map(|f| f * 3);
    h.state_mut().apply(EditCmd::SetStrata {
        id: id.clone(),
        old: parcel.strata.clone(),
        new: strata,
    });
    h.run();
    assert!(exceeded(&h), "the problem is added");
    h.get_by_label_contains(" broken");

    h.state_mut().run_command(UiCommand::Undo);
    h.run();
    assert!(!exceeded(&h), "undo clears the problem");
    assert!(h.query_by_label_contains(" broken").is_none());
    let row = text_of(
        &h.get_all_by_label_contains(" met")
            .next()
            .expect("a met row"),
    );
    assert!(row.ends_with(&format!(" / {limit:.2} met")), "{row}");
}

#[test]
fn lowering_the_limit_is_one_undoable_edit() {
    let mut h = harness(app());
    h.run();
    let id = ParcelId::new("p-4");
    let parcel = h.state().doc.plan.parcel(&id).expect("p-4").clone();
    let mut lower = parcel.controls.clone().expect("controls");
    lower.far_max = Some(0.5);
    h.state_mut().apply(EditCmd::SetControls {
        id: id.clone(),
        old: parcel.controls.clone().map(Box::new),
        new: Some(Box::new(lower)),
    });
    h.run();
    assert!(exceeded(&h));
    h.get_by_label_contains(" broken");
    h.state_mut().run_command(UiCommand::Undo);
    h.run();
    assert!(!exceeded(&h));
    assert_eq!(h.state().doc.plan.parcel(&id).expect("p-4"), &parcel);
}

#[test]
fn controls_apply_to_a_selection_in_one_undoable_edit_each_parcel_keeping_its_code() {
    let mut app = app();
    // A kindergarten and a service centre: limits unlike the housing parcel's.
    let others = [ParcelId::new("p-3"), ParcelId::new("p-27")];
    app.selected.add_parcels(others.clone());
    let before = (*app.doc.plan).clone();
    let mut h = harness(app);
    h.run();
    h.get_by_label("Apply to the 3 selected parcels")
        .scroll_to_me();
    h.run();
    h.get_by_label("Apply to the 3 selected parcels").click();
    h.run();
    let plan: &Plan = &h.state().doc.plan;
    assert_ne!(plan, &before, "the controls were applied");
    let primary = plan.parcel(&ParcelId::new("p-4")).expect("p-4");
    let far = primary.controls.as_ref().and_then(|c| c.far_max);
    for id in &others {
        let p = plan.parcel(id).expect("selected");
        let c = p.controls.as_ref().expect("controls");
        assert_eq!(c.far_max, far, "{id}");
        let own = before
            .parcel(id)
            .and_then(|b| b.controls.as_ref())
            .and_then(|c| c.code.clone());
        assert_eq!(c.code, own, "{id} keeps its code");
    }
    h.state_mut().run_command(UiCommand::Undo);
    h.run();
    assert_eq!(*h.state().doc.plan, before, "one undo restores all three");
}
