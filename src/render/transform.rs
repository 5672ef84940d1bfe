//! World metres ↔ image pixels. f64 until the last cast, like the canvas' camera;
//! world y points north, pixel y points down.

/// Maps plan metres to pixels of an image: `(west, north)` lands on `(left, top)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PixelFromWorld {
    pub west: f64,
    pub north: f64,
    pub pixels_per_meter: f64,
    pub left: f64,
    pub top: f64,
}

impl PixelFromWorld {
    /// Pixel position (x right, y down) of a world position in metres.
    pub fn pixel_from_world(&self, pos_in_world: [f64; 2]) -> [f64; 2] {
        [
            self.left + (pos_in_world[0] - self.west) * self.pixels_per_meter,
            self.top + (self.north - pos_in_world[1]) * self.pixels_per_meter,
        ]
    }

    /// World position in metres of a pixel position.
    pub fn world_from_pixel(&self, pos_in_pixels: [f64; 2]) -> [f64; 2] {
        [
            self.west + (pos_in_pixels[0] - self.left) / self.pixels_per_meter,
            self.north - (pos_in_pixels[1] - self.top) / self.pixels_per_meter,
        ]
    }

    /// The same mapping for an image whose origin is at `(dx, dy)` of this one.
    pub fn shifted(&self, dx: f64, dy: f64) -> Self {
        Self {
            left: self.left - dx,
            top: self.top - dy,
            ..*self
        }
    }

    /// Pixel position as f32, for drawing.
    pub fn px(&self, x: f64, y: f64) -> (f32, f32) {
        let [px, py] = self.pixel_from_world([x, y]);
        (px as f32, py as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn world_from_pixel_inverts_pixel_from_world() {
        let t = PixelFromWorld {
            west: 1000.5,
            north: -250.0,
            pixels_per_meter: 0.37,
            left: 12.0,
            top: 40.0,
        };
        for p in [[1000.5, -250.0], [2345.25, -1999.75], [-50.0, 800.0]] {
            let back = t.world_from_pixel(t.pixel_from_world(p));
            assert_relative_eq!(back[0], p[0], epsilon = 1e-9);
            assert_relative_eq!(back[1], p[1], epsilon = 1e-9);
        }
        assert_eq!(t.pixel_from_world([1000.5, -250.0]), [12.0, 40.0]);
        // North is up: a point further north has a smaller pixel y.
        assert!(t.pixel_from_world([1000.5, 0.0])[1] < 40.0);
        let s = t.shifted(12.0, 40.0);
        assert_eq!(s.pixel_from_world([1000.5, -250.0]), [0.0, 0.0]);
    }
}
