//! Move: a click selects a parcel; a drag moves the selected parcels, their outlines
//! following the pointer, as one undoable step when the button is let go.

use egui::{Color32, PointerButton, Pos2, Shape, Stroke};

use super::{Interaction, ToolContext};
use crate::edit::geometry::translate_parcels;
use crate::ui::selection::Selection;

pub fn input(cx: &mut ToolContext) {
    let t = cx.view.camera;
    let space = cx.ui.input(|i| i.key_down(egui::Key::Space));
    if let Some(pos) = cx.click() {
        let found = cx.hit(pos).filter(|s| matches!(s, Selection::Parcel(_)));
        cx.selected.select_only(found);
    }
    let press = cx
        .ui
        .input(|i| i.pointer.press_origin())
        .or(cx.response.interact_pointer_pos());
    if cx.response.drag_started_by(PointerButton::Primary)
        && !space
        && let Some(pos) = press
    {
        if let Some(Selection::Parcel(id)) = cx.hit(pos)
            && !cx.selected.contains_parcel(&id)
        {
            cx.selected.select_only(Some(Selection::Parcel(id)));
        }
        if !cx.selected.parcels().is_empty() {
            cx.pointer.interaction = Interaction::MoveParcels {
                start: t.world_from_screen(pos),
            };
        }
    }
    let Interaction::MoveParcels { start } = cx.pointer.interaction else {
        return;
    };
    let Some(now) = cx.response.interact_pointer_pos() else {
        return;
    };
    let now_w = t.world_from_screen(now);
    let (dx, dy) = (now_w[0] - start[0], now_w[1] - start[1]);
    let selected = cx.selected.parcel_indices(cx.plan);
    // Preview: the outlines where the parcels will go.
    for &i in &selected {
        for polygon in &cx.plan.parcels[i].shape.0 {
            let points: Vec<Pos2> = polygon
                .exterior()
                .0
                .iter()
                .map(|c| t.screen_from_world([c.x + dx, c.y + dy]))
                .collect();
            cx.painter.add(Shape::line(
                points,
                Stroke::new(2.0, Color32::from_rgb(0, 120, 255)),
            ));
        }
    }
    if cx.response.drag_stopped_by(PointerButton::Primary) {
        cx.pointer.interaction = Interaction::Idle;
        let ids: Vec<_> = selected
            .iter()
            .map(|&i| cx.plan.parcels[i].id.clone())
            .collect();
        if dx != 0.0 || dy != 0.0 {
            let cmd = cx.finish(translate_parcels(cx.plan, &ids, dx, dy));
            cx.edits.push(cmd);
        }
    }
}
