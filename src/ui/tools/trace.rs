//! Trace: a click inside or on a closed ring of a CAD underlay (a closed polyline, a
//! circle, a hatch boundary; the smallest ring under the click) makes it a parcel, the
//! same undoable edit Draw parcel makes, clipped against its neighbours when "avoid
//! overlaps" is on. The ring under the pointer is outlined before the click.

use egui::{Color32, Shape, Stroke};

use super::ToolContext;
use crate::edit::create::add_drawn_parcel;

/// The smallest ring of the visible CAD underlays under a point (plan metres).
pub fn ring_under(cad: &[crate::ui::underlays::CadLayer], at: [f64; 2]) -> Option<Vec<[f64; 2]>> {
    cad.iter()
        .filter_map(|layer| layer.drawing.ring_at(at))
        .min_by(|a, b| ring_area(a).total_cmp(&ring_area(b)))
        .map(<[_]>::to_vec)
}

fn ring_area(ring: &[[f64; 2]]) -> f64 {
    let n = ring.len();
    let twice: f64 = (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum();
    twice.abs()
}

pub fn input(cx: &mut ToolContext) {
    let t = cx.view.camera;
    if let Some(hover) = cx.response.hover_pos()
        && let Some(ring) = ring_under(cx.cad, t.world_from_screen(hover))
    {
        let points = ring.iter().map(|p| t.screen_from_world(*p)).collect();
        cx.painter.add(Shape::closed_line(
            points,
            Stroke::new(2.5, Color32::from_rgb(230, 0, 200)),
        ));
    }
    let Some(click) = cx.click() else {
        return;
    };
    match ring_under(cx.cad, t.world_from_screen(click)) {
        Some(ring) => {
            let cmd = cx.finish(add_drawn_parcel(cx.plan, &ring, cx.view.scenario));
            cx.edits.push(cmd);
        }
        None => cx
            .edits
            .push(Err(crate::edit::EditError::Refused(crate::msg!(
                "trace-no-ring"
            )))),
    }
}
