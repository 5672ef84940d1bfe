//! Measure: a path by clicks; its length, the walking time at the standard's walking
//! speed and, from three points on, the area it encloses (geo's area) are shown beside
//! the pointer. Changes nothing in the plan.

use egui::{Color32, vec2};
use geo::Area;

use super::{Interaction, ToolContext, draw_path};
use crate::i18n::tr;
use crate::tr;

pub fn input(cx: &mut ToolContext) {
    let (backspace, escape) = cx.ui.input(|i| {
        (
            i.key_pressed(egui::Key::Backspace),
            i.key_pressed(egui::Key::Escape),
        )
    });
    let pointer = cx.pointer_snapped();
    let (mut points, mut reading) = match std::mem::take(&mut cx.pointer.interaction) {
        Interaction::Measuring { points, reading } => (points, reading),
        _ => (Vec::new(), None),
    };
    if cx.click().is_some()
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
    if let Some(p) = pointer
        && !points.is_empty()
    {
        let mut path = points.clone();
        path.push(cx.view.camera.world_from_screen(p));
        let text = measure_text(&path, cx.reference.standard.walking_speed_m_per_min);
        cx.painter.text(
            p + vec2(12.0, -12.0),
            egui::Align2::LEFT_BOTTOM,
            &text,
            egui::FontId::proportional(13.0),
            Color32::BLACK,
        );
        reading = Some(text);
    }
    cx.pointer.interaction = Interaction::Measuring { points, reading };
}

/// The reading of a path (world metres): length, walking minutes and, for three points or
/// more, the area of the closed path.
fn measure_text(path: &[[f64; 2]], walking_m_per_min: f64) -> String {
    let length: f64 = path
        .windows(2)
        .map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]))
        .sum();
    let mut text = tr!(
        "canvas-measure",
        length = format!("{length:.1}"),
        minutes = format!("{:.1}", length / walking_m_per_min.max(1.0))
    );
    if path.len() >= 3 {
        let ring: geo::LineString<f64> = path.iter().map(|p| (p[0], p[1])).collect();
        let area = crate::model::SquareMeters(geo::Polygon::new(ring, vec![]).unsigned_area());
        text.push_str(&format!(
            " · {:.0} {} · {:.2} {} · {:.2} {}",
            area.m2(),
            tr("unit-m2"),
            area.ha(),
            tr("unit-ha"),
            area.mu(),
            tr("unit-mu")
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_square_path_reads_its_length_time_and_area() {
        let path = [[0.0, 0.0], [100.0, 0.0], [100.0, 100.0], [0.0, 100.0]];
        let text = measure_text(&path, 60.0);
        // Numbers only: the words depend on the language other tests may set.
        assert!(text.starts_with("300.0 "), "{text}");
        assert!(text.contains(" 5.0 "), "300 m at 60 m/min: {text}");
        assert!(text.contains(" 10000 "), "{text}");
    }
}
