//! World (plan metres, f64, y up) and screen (points, f32, y down) are separate spaces;
//! the arithmetic stays in f64 until the last cast.

use egui::{Pos2, Rect, Vec2, pos2};

/// The camera: which world point is at the centre of the canvas, and the scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenFromWorld {
    pub center_in_world: [f64; 2],
    pub pixels_per_meter: f64,
    pub screen_rect: Rect,
}

impl ScreenFromWorld {
    pub fn screen_from_world(&self, p: [f64; 2]) -> Pos2 {
        let c = self.screen_rect.center();
        let x = c.x as f64 + (p[0] - self.center_in_world[0]) * self.pixels_per_meter;
        let y = c.y as f64 - (p[1] - self.center_in_world[1]) * self.pixels_per_meter;
        pos2(x as f32, y as f32)
    }

    pub fn world_from_screen(&self, pos_on_screen: Pos2) -> [f64; 2] {
        let c = self.screen_rect.center();
        [
            self.center_in_world[0] + (pos_on_screen.x as f64 - c.x as f64) / self.pixels_per_meter,
            self.center_in_world[1] - (pos_on_screen.y as f64 - c.y as f64) / self.pixels_per_meter,
        ]
    }

    /// Moves the camera by a screen-space drag.
    pub fn pan(&mut self, delta_on_screen: Vec2) {
        self.center_in_world[0] -= delta_on_screen.x as f64 / self.pixels_per_meter;
        self.center_in_world[1] += delta_on_screen.y as f64 / self.pixels_per_meter;
    }

    /// Zooms by `factor`, keeping the world point under `pos_on_screen` where it is.
    pub fn zoom_about(&mut self, pos_on_screen: Pos2, factor: f64) {
        let before = self.world_from_screen(pos_on_screen);
        self.pixels_per_meter = (self.pixels_per_meter * factor).clamp(1e-4, 1e3);
        let after = self.world_from_screen(pos_on_screen);
        self.center_in_world[0] += before[0] - after[0];
        self.center_in_world[1] += before[1] - after[1];
    }

    /// Shows a world extent (min, max) with a margin.
    pub fn fit(&mut self, min: [f64; 2], max: [f64; 2]) {
        self.center_in_world = [(min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0];
        let (w, h) = ((max[0] - min[0]).max(1.0), (max[1] - min[1]).max(1.0));
        let sx = self.screen_rect.width() as f64 / w;
        let sy = self.screen_rect.height() as f64 / h;
        self.pixels_per_meter = (sx.min(sy) * 0.9).clamp(1e-4, 1e3);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn camera() -> ScreenFromWorld {
        ScreenFromWorld {
            center_in_world: [1234.5, -987.25],
            pixels_per_meter: 0.37,
            screen_rect: Rect::from_min_size(pos2(200.0, 30.0), egui::vec2(1000.0, 700.0)),
        }
    }

    #[test]
    fn world_from_screen_is_inverse_of_screen_from_world() {
        let t = camera();
        for p in [[0.0, 0.0], [1234.5, -987.25], [2500.0, 310.0]] {
            let back = t.world_from_screen(t.screen_from_world(p));
            // f32 screen positions: a hundredth of a pixel is 3 cm at this scale.
            assert!(
                (back[0] - p[0]).abs() < 0.1 && (back[1] - p[1]).abs() < 0.1,
                "{p:?} → {back:?}"
            );
        }
    }

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let mut t = camera();
        let cursor = pos2(420.0, 111.0);
        let before = t.world_from_screen(cursor);
        t.zoom_about(cursor, 2.5);
        let after = t.world_from_screen(cursor);
        assert!((before[0] - after[0]).abs() < 1e-9 && (before[1] - after[1]).abs() < 1e-9);
        assert!((t.pixels_per_meter - 0.925).abs() < 1e-12);
    }
}
