//! The geometry of the headless 3D view: an orthographic camera at an azimuth and
//! elevation, every stratum as a prism (its footprint extruded between its z range,
//! cut at the ground so that the part below is drawn under the ground plane), and the
//! visible faces of the prisms in painter's order (farthest first).

use geo::orient::{Direction, Orient};
use geo::{BoundingRect, Polygon};

use super::super::style::Rgb;

/// A point in plan metres: x east, y north, z up from the ground.
pub type Point3 = [f64; 3];

fn dot(a: Point3, b: Point3) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

/// An orthographic camera. `azimuth` is the compass bearing of the viewer seen from
/// the plan (clockwise from north: 180° looks north from the south); `elevation` how
/// far above the horizon the viewer is. Heights are multiplied by `exaggeration`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    right: Point3,
    up: Point3,
    /// Unit vector from the scene toward the viewer.
    toward: Point3,
    pub exaggeration: f64,
}

impl Camera {
    /// Angles in degrees; the elevation is held between 5° and 90° (the view is always
    /// from above, so that the ground plane hides what is below it).
    pub fn new(azimuth_deg: f64, elevation_deg: f64, exaggeration: f64) -> Self {
        let a = if azimuth_deg.is_finite() {
            azimuth_deg
        } else {
            0.0
        }
        .to_radians();
        let e = if elevation_deg.is_finite() {
            elevation_deg.clamp(5.0, 90.0)
        } else {
            30.0
        }
        .to_radians();
        let toward = [a.sin() * e.cos(), a.cos() * e.cos(), e.sin()];
        let right = [-a.cos(), a.sin(), 0.0];
        // up = toward × right
        let up = [
            toward[1] * right[2] - toward[2] * right[1],
            toward[2] * right[0] - toward[0] * right[2],
            toward[0] * right[1] - toward[1] * right[0],
        ];
        let exaggeration = if exaggeration.is_finite() && exaggeration > 0.0 {
            exaggeration
        } else {
            1.0
        };
        Self {
            right,
            up,
            toward,
            exaggeration,
        }
    }

    /// `[x right on the screen, y up on the screen, depth toward the viewer]` in metres.
    ///
    /// ```
    /// use strata::render::volumes::scene::Camera;
    /// // From the south at the horizon's edge, east is right and up is up.
    /// let c = Camera::new(180.0, 5.0, 1.0);
    /// let [x, _, _] = c.project([10.0, 0.0, 0.0]);
    /// assert!((x - 10.0).abs() < 1e-9);
    /// assert!(c.project([0.0, 0.0, 10.0])[1] > 9.9);
    /// ```
    pub fn project(&self, p: Point3) -> Point3 {
        let q = [p[0], p[1], p[2] * self.exaggeration];
        [dot(q, self.right), dot(q, self.up), dot(q, self.toward)]
    }

    /// True when a wall with this outward horizontal normal faces the viewer.
    fn faces_viewer(&self, normal: [f64; 2]) -> bool {
        normal[0] * self.toward[0] + normal[1] * self.toward[1] > 1e-9
    }
}

/// One stratum to draw: its footprint rings (exterior first), vertical range and colour.
#[derive(Clone, Debug)]
pub struct Prism {
    pub polygons: Vec<Polygon<f64>>,
    pub bottom: f64,
    pub top: f64,
    pub rgb: Rgb,
}

/// A face ready to fill: its rings in screen metres (x right, y up).
#[derive(Clone, Debug)]
pub struct Face {
    pub rings: Vec<Vec<[f64; 2]>>,
    pub rgb: Rgb,
    /// Depth toward the viewer of the face's centre: larger is nearer.
    pub depth: f64,
}

/// Light falls from the south-west and above: walls facing it are lighter.
const LIGHT: [f64; 2] = [-0.6, -0.8];

fn shade(rgb: Rgb, factor: f64) -> Rgb {
    rgb.map(|c| (f64::from(c) * factor).round().clamp(0.0, 255.0) as u8)
}

/// The visible faces of the part of `prism` between `low` and `high` (already inside
/// its range): the walls facing the viewer and the top.
pub fn faces_of(prism: &Prism, low: f64, high: f64, camera: &Camera, out: &mut Vec<Face>) {
    // NaN bounds compare as unordered: nothing to draw either.
    if low.partial_cmp(&high) != Some(std::cmp::Ordering::Less) {
        return;
    }
    for polygon in &prism.polygons {
        // Exterior counter-clockwise, holes clockwise: an edge a → b then has the solid
        // on its left, its outward normal (dy, -dx).
        let polygon = polygon.orient(Direction::Default);
        let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
        let mut top = Vec::new();
        for ring in rings {
            let coords: Vec<[f64; 2]> = ring.coords().map(|c| [c.x, c.y]).collect();
            for pair in coords.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
                let length = dx.hypot(dy);
                if length.is_nan() || length <= 1e-9 {
                    continue;
                }
                let normal = [dy / length, -dx / length];
                if !camera.faces_viewer(normal) {
                    continue;
                }
                let lit = (normal[0] * -LIGHT[0] + normal[1] * -LIGHT[1]).max(0.0);
                let corners = [
                    [a[0], a[1], low],
                    [b[0], b[1], low],
                    [b[0], b[1], high],
                    [a[0], a[1], high],
                ];
                let centre = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0, (low + high) / 2.0];
                out.push(Face {
                    rings: vec![corners.iter().map(|&p| screen(camera, p)).collect()],
                    rgb: shade(prism.rgb, 0.66 + 0.26 * lit),
                    depth: camera.project(centre)[2],
                });
            }
            top.push(
                coords
                    .iter()
                    .map(|&[x, y]| screen(camera, [x, y, high]))
                    .collect::<Vec<_>>(),
            );
        }
        let Some(rect) = polygon.bounding_rect() else {
            continue;
        };
        let c = rect.center();
        out.push(Face {
            rings: top,
            rgb: prism.rgb,
            depth: camera.project([c.x, c.y, high])[2],
        });
    }
}

fn screen(camera: &Camera, p: Point3) -> [f64; 2] {
    let [x, y, _] = camera.project(p);
    [x, y]
}

/// The faces below and above the ground, each in painter's order (farthest first).
pub fn scene_faces(prisms: &[Prism], camera: &Camera) -> (Vec<Face>, Vec<Face>) {
    let (mut below, mut above) = (Vec::new(), Vec::new());
    for prism in prisms {
        if prism.bottom < 0.0 {
            faces_of(prism, prism.bottom, prism.top.min(0.0), camera, &mut below);
        }
        if prism.top > 0.0 {
            faces_of(prism, prism.bottom.max(0.0), prism.top, camera, &mut above);
        }
    }
    below.sort_by(|a, b| a.depth.total_cmp(&b.depth));
    above.sort_by(|a, b| a.depth.total_cmp(&b.depth));
    (below, above)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn square_prism(bottom: f64, top: f64) -> Prism {
        Prism {
            polygons: vec![
                polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
            ],
            bottom,
            top,
            rgb: [200, 100, 50],
        }
    }

    #[test]
    fn a_box_seen_from_the_south_west_shows_two_walls_and_its_top() {
        let camera = Camera::new(225.0, 30.0, 1.0);
        let mut faces = Vec::new();
        faces_of(&square_prism(0.0, 5.0), 0.0, 5.0, &camera, &mut faces);
        // The south and west walls face the viewer; north and east do not.
        assert_eq!(faces.len(), 3);
        assert_eq!(faces.last().map(|f| f.rgb), Some([200, 100, 50]));
    }

    #[test]
    fn a_stratum_across_the_ground_is_cut_there() {
        let camera = Camera::new(200.0, 30.0, 2.0);
        let (below, above) = scene_faces(&[square_prism(-12.0, 3.0)], &camera);
        assert!(!below.is_empty() && !above.is_empty());
        // Every face below lies lower on the screen than the top of the part above.
        let top_y = above.iter().flat_map(|f| &f.rings).flatten().map(|p| p[1]);
        let low_y = below.iter().flat_map(|f| &f.rings).flatten().map(|p| p[1]);
        assert!(low_y.fold(f64::MIN, f64::max) <= top_y.fold(f64::MIN, f64::max));
    }

    #[test]
    fn nearer_faces_come_later() {
        let camera = Camera::new(180.0, 30.0, 1.0);
        let (_, above) = scene_faces(&[square_prism(0.0, 3.0), square_prism(3.0, 30.0)], &camera);
        let depths: Vec<f64> = above.iter().map(|f| f.depth).collect();
        assert!(depths.windows(2).all(|w| w[0] <= w[1]));
    }
}
