//! A spinner that turns a few times a second. egui's asks for a repaint every frame; with
//! software GL (and no vsync to hold it back) each repaint of the window takes CPU from
//! the work being waited on: opening the realistic city, its read took 2.65 s beside
//! egui's spinner against 1.2 s on its own.

use std::time::Duration;

use egui::{Pos2, Response, Role, Sense, Shape, Stroke, Ui, WidgetInfo, emath::lerp, vec2};

/// How often the spinner moves.
pub const TURN_EVERY: Duration = Duration::from_millis(250);

/// A spinner of the interact height, as `ui.spinner()` draws it, repainted every
/// [`TURN_EVERY`] instead of every frame.
pub fn slow_spinner(ui: &mut Ui) -> Response {
    let size = ui.style().spacing.interact_size.y;
    let (rect, response) = ui.allocate_exact_size(vec2(size, size), Sense::hover());
    response.widget_info(|| WidgetInfo::new(Role::ProgressIndicator));
    if ui.is_rect_visible(rect) {
        ui.ctx().request_repaint_after(TURN_EVERY);
        let color = ui.visuals().strong_text_color();
        let radius = rect.height().min(rect.width()) * 0.5 - 2.0;
        let n_points = (radius.round() as u32).clamp(8, 128);
        let time = ui.input(|i| i.time);
        let start = time * std::f64::consts::TAU;
        let end = start + 240f64.to_radians() * time.sin();
        let points: Vec<Pos2> = (0..n_points)
            .map(|i| {
                let angle = lerp(start..=end, f64::from(i) / f64::from(n_points));
                let (sin, cos) = angle.sin_cos();
                rect.center() + radius * vec2(cos as f32, sin as f32)
            })
            .collect();
        ui.painter()
            .add(Shape::line(points, Stroke::new(3.0, color)));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// The shortest repaint delay asked for during the third pass of `draw`.
    fn shortest_delay_asked(draw: fn(&mut Ui)) -> Duration {
        let ctx = egui::Context::default();
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&asked);
        ctx.set_repaint_observer(move |info| log.lock().expect("the log").push(info.delay));
        for pass in 0..3 {
            asked.lock().expect("the log").clear();
            let input = egui::RawInput {
                time: Some(f64::from(pass) * 0.1),
                ..Default::default()
            };
            // Nothing draws the output here: its texture updates are let go.
            ctx.run_ui(input, draw).textures_delta.clear();
        }
        let delays = asked.lock().expect("the log");
        delays.iter().copied().min().unwrap_or(Duration::MAX)
    }

    #[test]
    fn the_slow_spinner_asks_for_a_repaint_a_quarter_second_on() {
        assert_eq!(
            shortest_delay_asked(|ui| {
                slow_spinner(ui);
            }),
            TURN_EVERY
        );
        // egui's own spinner, which it stands in for, asks for the next frame at once.
        assert_eq!(
            shortest_delay_asked(|ui| {
                ui.spinner();
            }),
            Duration::ZERO
        );
    }
}
