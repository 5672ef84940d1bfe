//! Draw rectangle: a parcel by dragging from one corner to the opposite one.

use egui::{Color32, PointerButton, Stroke};

use super::{Interaction, ToolContext};
use crate::edit::create::add_drawn_parcel;

pub fn input(cx: &mut ToolContext) {
    let t = cx.view.camera;
    let pointer = cx.pointer_snapped();
    // The corner is where the button went down, not where the drag was recognised.
    if cx.response.drag_started_by(PointerButton::Primary)
        && let Some(pos) = cx
            .ui
            .input(|i| i.pointer.press_origin())
            .or(cx.response.interact_pointer_pos())
    {
        cx.pointer.interaction = Interaction::Drawing(vec![t.world_from_screen(pos)]);
    }
    let (Some(start), Some(p)) = (cx.pointer.interaction.points().first().copied(), pointer) else {
        return;
    };
    let a = t.screen_from_world(start);
    cx.painter.rect_stroke(
        egui::Rect::from_two_pos(a, p),
        0.0,
        Stroke::new(2.0, Color32::from_rgb(0, 120, 255)),
        egui::StrokeKind::Middle,
    );
    if cx.response.drag_stopped_by(PointerButton::Primary) {
        let b = cx.snap_world(p);
        let corners = [start, [b[0], start[1]], b, [start[0], b[1]]];
        let cmd = cx.finish(add_drawn_parcel(cx.plan, &corners, cx.view.scenario));
        cx.edits.push(cmd);
        cx.pointer.interaction = Interaction::Idle;
    }
}
