//! Draw parcel and Draw street: points by clicks, finished by a double click or Enter;
//! Backspace takes the last point back, Escape drops the drawing.

use super::{Interaction, ToolContext, draw_path};
use crate::edit::create::{add_drawn_parcel, add_street};
use crate::ui::view::Tool;

pub fn input(cx: &mut ToolContext) {
    let (enter, backspace, escape) = cx.ui.input(|i| {
        (
            i.key_pressed(egui::Key::Enter),
            i.key_pressed(egui::Key::Backspace),
            i.key_pressed(egui::Key::Escape),
        )
    });
    let pointer = cx.pointer_snapped();
    let mut points = cx.drawn_points();
    if cx.response.double_clicked() || enter {
        let scenario = cx.view.scenario;
        if cx.view.tool == Tool::DrawParcel && points.len() >= 3 {
            let cmd = cx.finish(add_drawn_parcel(cx.plan, &points, scenario));
            cx.edits.push(cmd);
        }
        if cx.view.tool == Tool::DrawStreet && points.len() >= 2 {
            cx.edits.push(add_street(cx.plan, &points, scenario));
        }
        points.clear();
    } else if cx.click().is_some()
        && let Some(world) = cx.clicked_at()
    {
        points.push(world);
    }
    if backspace {
        points.pop();
    }
    if escape {
        points.clear();
    }
    draw_path(cx, &points, pointer);
    if !points.is_empty() {
        cx.pointer.interaction = Interaction::Drawing(points);
    }
}
