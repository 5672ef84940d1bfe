//! Select: a click selects, shift-click adds or removes a parcel, a drag from empty
//! ground selects the parcels inside the box, a drag from a facility moves it (the
//! analysis follows it as a what-if while held; one undoable edit when dropped).

use egui::{Color32, PointerButton, Pos2, Stroke};
use geo::Point;

use super::{Interaction, ToolContext};
use crate::edit::move_facility;
use crate::ui::selection::Selection;

pub fn input(cx: &mut ToolContext) {
    let space = cx.ui.input(|i| i.key_down(egui::Key::Space));
    let shift = cx.ui.input(|i| i.modifiers.shift);
    if let Some(pos) = cx.click() {
        match (cx.hit(pos), shift) {
            (Some(Selection::Parcel(id)), true) => cx.selected.toggle_parcel(id),
            (found, _) => cx.selected.select_only(found),
        }
    }
    let press = cx
        .ui
        .input(|i| i.pointer.press_origin())
        .or(cx.response.interact_pointer_pos());
    if cx.response.drag_started_by(PointerButton::Primary)
        && !space
        && let Some(pos) = press
    {
        cx.pointer.interaction = match cx.hit(pos) {
            Some(Selection::Facility(id)) => {
                cx.selected
                    .select_only(Some(Selection::Facility(id.clone())));
                let at = Some(cx.view.camera.world_from_screen(pos));
                Interaction::DragFacility { id, at }
            }
            _ => Interaction::BoxSelect { start: pos },
        };
    }
    if let Interaction::BoxSelect { start } = cx.pointer.interaction
        && let Some(now) = cx.response.interact_pointer_pos()
    {
        box_select(cx, start, now, shift);
    }
    drop_facility(cx);
}

/// The box from `start` to `now`; when the button is let go, the parcels inside it are
/// selected (added to the selection with shift).
fn box_select(cx: &mut ToolContext, start: Pos2, now: Pos2, shift: bool) {
    let r = egui::Rect::from_two_pos(start, now);
    let blue = Color32::from_rgb(0, 120, 255);
    cx.painter
        .rect_filled(r, 0.0, Color32::from_rgba_unmultiplied(0, 120, 255, 30));
    cx.painter
        .rect_stroke(r, 0.0, Stroke::new(1.0, blue), egui::StrokeKind::Middle);
    if !cx.response.drag_stopped_by(PointerButton::Primary) {
        return;
    }
    cx.pointer.interaction = Interaction::Idle;
    let t = cx.view.camera;
    let a = t.world_from_screen(r.left_bottom());
    let b = t.world_from_screen(r.right_top());
    let inside: Vec<usize> = cx
        .cache
        .visible(a, b)
        .into_iter()
        .filter(|&i| {
            cx.plan.parcels[i].scenario == cx.view.scenario && {
                let g = &cx.cache.geoms[i].bbox;
                g[0] >= a[0] && g[1] >= a[1] && g[2] <= b[0] && g[3] <= b[1]
            }
        })
        .collect();
    if !shift {
        cx.selected.select_only(None);
    }
    let ids = inside.into_iter().map(|i| cx.plan.parcels[i].id.clone());
    cx.selected.add_parcels(ids);
}

/// The held facility follows the pointer; dropped, it moves there (one edit).
fn drop_facility(cx: &mut ToolContext) {
    let Interaction::DragFacility { id, at } = &mut cx.pointer.interaction else {
        return;
    };
    let now = cx.response.interact_pointer_pos();
    if let Some(pos) = now {
        *at = Some(cx.view.camera.world_from_screen(pos));
    }
    if !cx.response.drag_stopped_by(PointerButton::Primary) {
        return;
    }
    let id = id.clone();
    cx.pointer.interaction = Interaction::Idle;
    if let Some(pos) = now {
        let w = cx.view.camera.world_from_screen(pos);
        if let Some(cmd) = move_facility(cx.plan, &id, Point::new(w[0], w[1])) {
            cx.edits.push(Ok(cmd));
        }
    }
}
