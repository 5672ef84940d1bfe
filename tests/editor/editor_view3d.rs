//! The 3D view (issue 20): switched on beside the map, a click on the roof park of
//! Wenzhou's plant parcel selects that stratum and its parcel and the inspector names
//! it; colour by right; back to the map with the same selection.

use egui_kittest::kittest::Queryable;
use strata::model::{ParcelId, Reference, StratumId};
use strata::render::present::strata_color::StrataColorBy;
use strata::ui::{Selection, StrataApp};

use crate::editor_support::{click_at, harness};

fn wenzhou() -> StrataApp {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_maps/wenzhou_sports_park.geojson");
    let plan = strata::io::load_plan(&path, &Default::default())
        .expect("sample")
        .plan;
    let mut app = StrataApp::new(plan, Some(path), Reference::default());
    app.autosave.dir = None;
    app
}

#[test]
fn a_click_in_the_3d_view_selects_the_stratum_and_the_inspector_shows_it() {
    let mut h = harness(wenzhou());
    h.run();
    h.get_by_label("3D view").click();
    h.run();
    h.run();
    assert!(h.state().view3d.shown);
    let (p6, s2) = (ParcelId::new("p-6"), StratumId::new("s2"));
    let prisms = h.state().view3d.prisms().expect("scene built");
    // Both strata of the plant parcel are there, the plant below ground.
    let plan = &h.state().doc.plan;
    let of_p6: Vec<_> = prisms
        .strata()
        .filter(|s| plan.parcels[s.parcel].id == p6)
        .collect();
    assert_eq!(of_p6.len(), 2);
    assert_eq!(of_p6[0].min[2], -12.0);

    // The roof park's top, as the camera shows it now.
    let state = h.state();
    let at = state
        .view3d
        .screen_of_stratum(&p6, &s2, &state.doc.plan)
        .expect("on screen");
    assert!(state.view3d.rect.contains(at), "{at:?} outside the view");
    click_at(&mut h, at);
    h.run();
    assert_eq!(
        h.state().selected.primary,
        Some(Selection::Parcel(p6.clone()))
    );
    assert_eq!(h.state().selected.inspected_stratum(), Some(&s2));
    h.get_by_label_contains("Picked in the 3D view: stratum s2, 3 to 15 m");

    // Colour by right: the legend lists the right the strata carry.
    h.get_by_label("Right").click();
    h.run();
    assert_eq!(h.state().view3d.color_by, StrataColorBy::Right);
    h.get_by_label("Construction land use right");

    // Back to the map: the same parcel is selected and shown.
    h.get_by_label("Map").click();
    h.run();
    assert!(!h.state().view3d.shown);
    assert_eq!(h.state().selected.primary, Some(Selection::Parcel(p6)));
}

#[test]
fn a_click_on_nothing_in_the_3d_view_clears_the_selection() {
    let mut h = harness(wenzhou());
    h.run();
    h.get_by_label("3D view").click();
    h.run();
    h.run();
    h.state_mut().selected.primary = Some(Selection::Parcel(ParcelId::new("p-7")));
    // Straight up into the sky: above the plan, nothing is hit.
    let rect = h.state().view3d.rect;
    click_at(&mut h, egui::pos2(rect.right() - 20.0, rect.top() + 20.0));
    assert_eq!(h.state().selected.primary, None);
}

#[test]
fn every_3d_control_is_inside_the_window_at_1280_px() {
    let mut h = crate::editor_support::harness_of_size(wenzhou(), egui::vec2(1280.0, 800.0));
    h.run();
    h.get_by_label("3D view").click();
    h.run();
    h.run();
    // The strip of controls stands above the view, as wide as the central area (the
    // side panels take the rest): a control beyond its right edge is hidden by them.
    let view = h.state().view3d.rect;
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    for label in [
        "× heights",
        "Reset view",
        "Years left",
        "Operation",
        "Main use",
    ] {
        // The slider and its text are two nodes; the left panel and the legend have
        // labels of the same names below the strip.
        let rects: Vec<egui::Rect> = h
            .query_all_by_label(label)
            .map(|n| n.rect())
            .filter(|r| r.bottom() <= view.top() + 1.0)
            .collect();
        assert!(!rects.is_empty(), "no {label:?} above the 3D view");
        for rect in rects {
            let inside = window.contains_rect(rect)
                && rect.left() >= view.left() - 1.0
                && rect.right() <= view.right() + 1.0;
            assert!(
                inside,
                "{label:?} at {rect:?} is cut off (the view is {view:?})"
            );
        }
    }
}

#[test]
fn an_edit_rebuilds_only_its_tiles_and_the_mesh_is_the_one_built_anew() {
    use strata::edit::EditCmd;
    use strata::model::{Scenario, ZRange};
    use strata::ui::view3d::Prisms;
    let mut h = harness(wenzhou());
    h.run();
    h.get_by_label("3D view").click();
    h.run();
    h.run();
    let before = h.state().view3d.prisms().expect("built").clone();
    // The roof park of the plant parcel grows 10 m taller: one undoable edit.
    let p6 = ParcelId::new("p-6");
    let cmd = {
        let parcel = h.state().doc.plan.parcel(&p6).expect("p-6");
        let mut new = parcel.strata.clone();
        new[1].z = ZRange::new(3.0, 25.0);
        EditCmd::SetStrata {
            id: p6.clone(),
            old: parcel.strata.clone(),
            new,
        }
    };
    for step in 0..2 {
        if step == 0 {
            h.state_mut().apply(cmd.clone());
        } else {
            assert!(h.state_mut().step_history(false), "undo");
        }
        h.run();
        let state = h.state();
        let followed = state.view3d.prisms().expect("built");
        let anew = Prisms::build(&state.doc.plan, Scenario::Proposed);
        assert_eq!(
            followed.tiles.keys().collect::<Vec<_>>(),
            anew.tiles.keys().collect::<Vec<_>>()
        );
        let mut rebuilt = 0;
        for (cell, tile) in &followed.tiles {
            assert_eq!(tile.strata, anew.tiles[cell].strata, "tile {cell}");
            assert!(
                *tile.triangles == *anew.tiles[cell].triangles,
                "tile {cell}"
            );
            let kept = std::sync::Arc::ptr_eq(&tile.triangles, &before.tiles[cell].triangles);
            rebuilt += usize::from(!kept);
        }
        // Only the tile of the plant parcel was built again.
        assert_eq!(rebuilt, 1, "step {step}");
    }
}
