//! Edit vertices: the selected parcel's corners and edge middles as handles; drag a
//! corner to move it, an edge middle to insert a corner (Delete removes the hovered
//! corner, through the Delete command). A click first selects a parcel.

use egui::{Color32, PointerButton, Pos2, Stroke, vec2};

use super::{Interaction, ToolContext};
use crate::edit::geometry::{VertexRef, insert_vertex, move_vertex};
use crate::model::Parcel;
use crate::ui::selection::Selection;
use crate::ui::transform::ScreenFromWorld;

/// A corner of the parcel, where it is on screen and where the middle of the edge after
/// it is.
type Handle = (VertexRef, Pos2, Pos2);

pub fn input(cx: &mut ToolContext) {
    let pointer = cx.pointer_snapped();
    let Some(i) = cx.selected.parcel_index(cx.plan) else {
        if let Some(pos) = cx.click() {
            let found = cx.parcel_under(pos);
            cx.selected.primary = found.map(|i| Selection::Parcel(cx.plan.parcels[i].id.clone()));
        }
        return;
    };
    let parcel = &cx.plan.parcels[i];
    let handles = handles(&cx.view.camera, parcel);
    cx.pointer.hovered_vertex = pointer.and_then(|p| near(&handles, p, false));
    if cx.response.drag_started_by(PointerButton::Primary)
        && let Some(pos) = cx.ui.input(|i| i.pointer.press_origin())
    {
        let found = near(&handles, pos, false)
            .map(|v| (v, false))
            .or_else(|| near(&handles, pos, true).map(|v| (v, true)));
        if let Some((vertex, insert)) = found {
            cx.pointer.interaction = Interaction::DragVertex { vertex, insert };
        }
    }
    let dragging = match cx.pointer.interaction {
        Interaction::DragVertex { vertex, insert } => Some((vertex, insert)),
        _ => None,
    };
    if cx.response.drag_stopped_by(PointerButton::Primary) && dragging.is_some() {
        cx.pointer.interaction = Interaction::Idle;
    }
    if cx.response.drag_stopped_by(PointerButton::Primary)
        && let (Some((v, insert)), Some(p)) = (dragging, pointer)
    {
        let to = cx.snap_world(p);
        let cmd = if insert {
            insert_vertex(cx.plan, &parcel.id, v, to)
        } else {
            move_vertex(cx.plan, &parcel.id, v, to)
        };
        let cmd = cx.finish(cmd);
        cx.edits.push(cmd);
    }
    draw_handles(cx, &handles);
    if let (Interaction::DragVertex { .. }, Some(p)) = (&cx.pointer.interaction, pointer) {
        cx.painter.circle(
            p,
            5.0,
            Color32::from_rgb(255, 170, 0),
            Stroke::new(1.0, Color32::BLACK),
        );
    }
}

/// Corners and edge middles of a parcel, on screen.
fn handles(t: &ScreenFromWorld, parcel: &Parcel) -> Vec<Handle> {
    let mut handles = Vec::new();
    for (part, polygon) in parcel.shape.0.iter().enumerate() {
        let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
        for (ring_index, ring) in rings.enumerate() {
            let open = &ring.0[..ring.0.len().saturating_sub(1)];
            for (index, c) in open.iter().enumerate() {
                let next = open[(index + 1) % open.len()];
                let v = VertexRef {
                    part,
                    ring: ring_index,
                    index,
                };
                let at = t.screen_from_world([c.x, c.y]);
                let mid = t.screen_from_world([(c.x + next.x) / 2.0, (c.y + next.y) / 2.0]);
                handles.push((v, at, mid));
            }
        }
    }
    handles
}

/// The corner (or, with `mid`, the edge middle) within 8 points of a screen position.
fn near(handles: &[Handle], pos: Pos2, mid: bool) -> Option<VertexRef> {
    handles
        .iter()
        .map(|(v, at, m)| (*v, if mid { *m } else { *at }))
        .filter(|(_, p)| p.distance(pos) <= 8.0)
        .min_by(|a, b| a.1.distance(pos).total_cmp(&b.1.distance(pos)))
        .map(|(v, _)| v)
}

fn draw_handles(cx: &ToolContext, handles: &[Handle]) {
    for (v, at, mid) in handles {
        let hot = cx.pointer.hovered_vertex == Some(*v);
        let square = egui::Rect::from_center_size(*at, vec2(8.0, 8.0));
        let fill = if hot { Color32::RED } else { Color32::WHITE };
        cx.painter.rect_filled(square, 0.0, fill);
        cx.painter.rect_stroke(
            square,
            0.0,
            Stroke::new(1.0, Color32::BLACK),
            egui::StrokeKind::Middle,
        );
        cx.painter
            .circle(*mid, 3.0, Color32::from_rgb(0, 120, 255), Stroke::NONE);
    }
}
