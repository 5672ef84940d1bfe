//! Split: two clicks draw the line that cuts the selected parcel (a click first selects
//! one). Merge: a click on a neighbour merges it into the selected parcel.

use egui::{Color32, Stroke};

use super::{Interaction, ToolContext};
use crate::edit::geometry::{merge_parcels, split_parcel};
use crate::ui::selection::Selection;

pub fn split_input(cx: &mut ToolContext) {
    let pointer = cx.pointer_snapped();
    let Some(i) = cx.selected.parcel_index(cx.plan) else {
        if let Some(pos) = cx.click() {
            let found = cx.parcel_under(pos);
            cx.selected.primary = found.map(|i| Selection::Parcel(cx.plan.parcels[i].id.clone()));
        }
        return;
    };
    let mut points = cx.drawn_points();
    if cx.click().is_some()
        && let Some(world) = cx.clicked_at()
    {
        points.push(world);
        if points.len() == 2 {
            let id = &cx.plan.parcels[i].id;
            cx.edits
                .push(split_parcel(cx.plan, id, points[0], points[1]));
            points.clear();
        }
    }
    if let (Some(first), Some(p)) = (points.first(), pointer) {
        cx.painter.line_segment(
            [cx.view.camera.screen_from_world(*first), p],
            Stroke::new(2.0, Color32::from_rgb(220, 0, 0)),
        );
    }
    if !points.is_empty() {
        cx.pointer.interaction = Interaction::Drawing(points);
    }
}

pub fn merge_input(cx: &mut ToolContext) {
    cx.pointer_snapped();
    let Some(pos) = cx.click() else {
        return;
    };
    let Some(other) = cx.parcel_under(pos) else {
        return;
    };
    let other_id = &cx.plan.parcels[other].id;
    match cx.selected.parcel() {
        Some(keep) if keep != other_id && cx.plan.parcel(keep).is_some() => {
            cx.edits.push(merge_parcels(cx.plan, keep, other_id));
        }
        _ => cx.selected.primary = Some(Selection::Parcel(other_id.clone())),
    }
}
