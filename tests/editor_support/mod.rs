//! Pointer and harness helpers shared by the editor's UI tests (egui_kittest).
#![allow(dead_code)]

use egui_kittest::Harness;
use strata::ui::StrataApp;

/// The editor in a test window of `size` points; modals fade in over a few frames, so a
/// run may take more steps than kittest's default.
pub fn harness_of_size(app: StrataApp, size: egui::Vec2) -> Harness<'static, StrataApp> {
    Harness::builder()
        .with_size(size)
        .with_max_steps(24)
        .build_ui_state(|ui, app: &mut StrataApp| app.ui_contents(ui), app)
}

pub fn harness(app: StrataApp) -> Harness<'static, StrataApp> {
    harness_of_size(app, egui::vec2(1400.0, 900.0))
}

/// Where a world point is on the canvas now.
pub fn screen_of(h: &Harness<'static, StrataApp>, world: [f64; 2]) -> egui::Pos2 {
    h.state().view.camera.screen_from_world(world)
}

/// A primary click at a screen position.
pub fn click_at(h: &mut Harness<'static, StrataApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    h.drag_at(pos);
    h.run();
    h.drop_at(pos);
    h.run();
}

/// A primary drag from one screen position to another, in a few pointer moves.
pub fn drag(h: &mut Harness<'static, StrataApp>, from: egui::Pos2, to: egui::Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for step in 1..=6 {
        h.hover_at(from + (to - from) * (step as f32 / 6.0));
        h.run();
    }
    h.drop_at(to);
    h.run();
}
