//! The 3D view's orbit camera: a target point, a distance, an azimuth and an elevation,
//! in the scene's space (metres from the plan's centre, z up and already exaggerated).
//! The arithmetic is in f64; the matrix for GL is cast to f32 at the end. The same
//! camera gives the GL matrix, the ray under a screen point (picking) and the screen
//! point of a scene point (tests), so what is drawn and what is picked agree.

use egui::{Pos2, Rect, pos2};

/// Vertical field of view.
const FOV_Y: f64 = std::f64::consts::FRAC_PI_4;
/// Elevations allowed: from just under the horizon (to look at the underground from
/// below) to nearly straight down.
const MIN_ELEVATION: f64 = -80f64.to_radians();
const MAX_ELEVATION: f64 = 89f64.to_radians();

pub type Vec3 = [f64; 3];

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OrbitCamera {
    pub target: Vec3,
    pub distance: f64,
    /// Radians clockwise from north: 0 looks north from the south.
    pub azimuth: f64,
    /// Radians above the horizon.
    pub elevation: f64,
}

impl OrbitCamera {
    /// Looking at a box of `size` metres (x, y extent) centred on `target` from the
    /// south-south-west, 40° up, from where the whole box is in a view of `aspect`
    /// (width / height).
    pub fn framing(target: Vec3, size: f64, aspect: f64) -> Self {
        let size = size.max(10.0);
        // The narrower of the two fields of view decides; a little margin around.
        let tan_half = (FOV_Y / 2.0).tan() * aspect.clamp(0.2, 1.0);
        Self {
            target,
            distance: (size * 0.6 / tan_half).min(2e6),
            azimuth: 20f64.to_radians(),
            elevation: 40f64.to_radians(),
        }
    }

    pub fn eye(&self) -> Vec3 {
        let (se, ce) = self.elevation.sin_cos();
        let (sa, ca) = self.azimuth.sin_cos();
        let d = self.distance;
        [
            self.target[0] - d * ce * sa,
            self.target[1] - d * ce * ca,
            self.target[2] + d * se,
        ]
    }

    /// Where the haze begins and where it hides everything (metres from the eye): the
    /// middle of the top edge of a view from 40° up (2.1 times the distance) is clear,
    /// its top corners (2.4 to 2.7 times) at most lightly hazed; the far city of a low
    /// view fades into the sky instead of costing every frame. Zoomed out, the whole
    /// plan is nearer than the haze.
    pub fn haze(&self) -> [f64; 2] {
        [self.distance * 2.2 + 200.0, self.distance * 3.2 + 400.0]
    }

    /// Unit vectors of the camera: forward (eye to target), right, up.
    fn basis(&self) -> (Vec3, Vec3, Vec3) {
        let eye = self.eye();
        let forward = normalize(sub(self.target, eye));
        let right = normalize(cross(forward, [0.0, 0.0, 1.0]));
        let up = cross(right, forward);
        (forward, right, up)
    }

    /// Near and far planes: what is between 1/1000 of the distance and far beyond the
    /// plan (the depth buffer has 24 bits).
    pub fn clip_planes(&self) -> (f64, f64) {
        let near = (self.distance * 1e-3).max(0.05);
        (near, self.distance * 20.0 + 5000.0)
    }

    /// Rotates by a screen drag (points): sideways turns, up and down tilts.
    pub fn orbit(&mut self, dx: f32, dy: f32) {
        self.azimuth = (self.azimuth - dx as f64 * 0.008).rem_euclid(std::f64::consts::TAU);
        self.elevation = (self.elevation + dy as f64 * 0.008).clamp(MIN_ELEVATION, MAX_ELEVATION);
    }

    /// Moves the target by a screen drag, as if the scene were dragged under the pointer.
    pub fn pan(&mut self, dx: f32, dy: f32, rect: Rect) {
        let (_, right, up) = self.basis();
        let per_point = 2.0 * self.distance * (FOV_Y / 2.0).tan() / rect.height().max(1.0) as f64;
        for k in 0..3 {
            self.target[k] -= (right[k] * dx as f64 - up[k] * dy as f64) * per_point;
        }
    }

    /// Moves closer (`factor` > 1) or farther.
    pub fn zoom(&mut self, factor: f64) {
        if factor.is_finite() && factor > 0.0 {
            self.distance = (self.distance / factor).clamp(1.0, 2e6);
        }
    }

    /// The clip-space matrix (projection × view), column-major for GL.
    pub fn view_projection(&self, rect: Rect) -> [f32; 16] {
        let m = self.matrix(rect);
        let mut out = [0f32; 16];
        for col in 0..4 {
            for row in 0..4 {
                out[col * 4 + row] = m[row][col] as f32;
            }
        }
        out
    }

    /// Projection × view, row-major, f64.
    fn matrix(&self, rect: Rect) -> [[f64; 4]; 4] {
        let (f, r, u) = self.basis();
        let eye = self.eye();
        let view = [
            [r[0], r[1], r[2], -dot(r, eye)],
            [u[0], u[1], u[2], -dot(u, eye)],
            [-f[0], -f[1], -f[2], dot(f, eye)],
            [0.0, 0.0, 0.0, 1.0],
        ];
        let aspect = (rect.width() / rect.height().max(1.0)) as f64;
        let (near, far) = self.clip_planes();
        let t = 1.0 / (FOV_Y / 2.0).tan();
        let proj = [
            [t / aspect, 0.0, 0.0, 0.0],
            [0.0, t, 0.0, 0.0],
            [
                0.0,
                0.0,
                (far + near) / (near - far),
                2.0 * far * near / (near - far),
            ],
            [0.0, 0.0, -1.0, 0.0],
        ];
        let mut m = [[0.0; 4]; 4];
        for (i, row) in m.iter_mut().enumerate() {
            for (j, cell) in row.iter_mut().enumerate() {
                *cell = (0..4).map(|k| proj[i][k] * view[k][j]).sum();
            }
        }
        m
    }

    /// Where a scene point is on screen, if in front of the camera.
    pub fn project(&self, p: Vec3, rect: Rect) -> Option<Pos2> {
        let m = self.matrix(rect);
        let clip: Vec<f64> = (0..4)
            .map(|i| m[i][0] * p[0] + m[i][1] * p[1] + m[i][2] * p[2] + m[i][3])
            .collect();
        if clip[3] <= 1e-9 {
            return None;
        }
        let (x, y) = (clip[0] / clip[3], clip[1] / clip[3]);
        Some(pos2(
            rect.center().x + (x * rect.width() as f64 / 2.0) as f32,
            rect.center().y - (y * rect.height() as f64 / 2.0) as f32,
        ))
    }

    /// The ray from the eye through a screen point: origin and unit direction.
    pub fn ray(&self, pos: Pos2, rect: Rect) -> (Vec3, Vec3) {
        let (f, r, u) = self.basis();
        let half_h = (FOV_Y / 2.0).tan();
        let aspect = (rect.width() / rect.height().max(1.0)) as f64;
        let x = (pos.x - rect.center().x) as f64 / (rect.width().max(1.0) as f64 / 2.0);
        let y = -(pos.y - rect.center().y) as f64 / (rect.height().max(1.0) as f64 / 2.0);
        let dir = normalize([
            f[0] + r[0] * x * half_h * aspect + u[0] * y * half_h,
            f[1] + r[1] * x * half_h * aspect + u[1] * y * half_h,
            f[2] + r[2] * x * half_h * aspect + u[2] * y * half_h,
        ]);
        (self.eye(), dir)
    }

    /// Whether the ground, a square of `half` metres either side of the origin at
    /// z = 0, fills the view: the ray through each of its corners meets the ground
    /// inside the square and nearer than the far plane. The view's image on the plane
    /// is then the convex quadrilateral of those points, inside the square too.
    pub fn ground_fills(&self, rect: Rect, half: f64) -> bool {
        let (_, far) = self.clip_planes();
        let corners = [
            rect.left_top(),
            rect.right_top(),
            rect.left_bottom(),
            rect.right_bottom(),
        ];
        corners.into_iter().all(|corner| {
            let (o, d) = self.ray(corner, rect);
            let t = -o[2] / d[2];
            let (x, y) = (o[0] + t * d[0], o[1] + t * d[1]);
            d[2] < 0.0 && t > 0.0 && t < 0.9 * far && x.abs() <= half && y.abs() <= half
        })
    }

    /// Pixels (points) per radian of view: the view's height over its vertical field
    /// of view, so a metre `d` metres away covers about this / `d` pixels.
    pub fn pixels_per_radian(&self, rect: Rect) -> f64 {
        rect.height().max(1.0) as f64 / FOV_Y
    }

    /// The six planes of the view frustum (a·x + b·y + c·z + d ≥ 0 inside).
    pub fn frustum(&self, rect: Rect) -> [[f64; 4]; 6] {
        let m = self.matrix(rect);
        let row = |i: usize| m[i];
        let combine = |a: [f64; 4], b: [f64; 4], s: f64| {
            [
                a[0] + s * b[0],
                a[1] + s * b[1],
                a[2] + s * b[2],
                a[3] + s * b[3],
            ]
        };
        let w = row(3);
        [
            combine(w, row(0), 1.0),
            combine(w, row(0), -1.0),
            combine(w, row(1), 1.0),
            combine(w, row(1), -1.0),
            combine(w, row(2), 1.0),
            combine(w, row(2), -1.0),
        ]
    }
}

/// Whether an axis-aligned box (min, max) may be in the frustum (conservative).
pub fn box_in_frustum(planes: &[[f64; 4]; 6], min: Vec3, max: Vec3) -> bool {
    planes.iter().all(|p| {
        // The box corner farthest along the plane's normal.
        let x = if p[0] >= 0.0 { max[0] } else { min[0] };
        let y = if p[1] >= 0.0 { max[1] } else { min[1] };
        let z = if p[2] >= 0.0 { max[2] } else { min[2] };
        p[0] * x + p[1] * y + p[2] * z + p[3] >= 0.0
    })
}

pub fn sub(a: Vec3, b: Vec3) -> Vec3 {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

pub fn dot(a: Vec3, b: Vec3) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

pub fn cross(a: Vec3, b: Vec3) -> Vec3 {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

fn normalize(a: Vec3) -> Vec3 {
    let n = dot(a, a).sqrt();
    if n > 0.0 && n.is_finite() {
        [a[0] / n, a[1] / n, a[2] / n]
    } else {
        [0.0, 0.0, -1.0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect() -> Rect {
        Rect::from_min_size(pos2(100.0, 50.0), egui::vec2(800.0, 600.0))
    }

    #[test]
    fn the_ray_through_a_projected_point_passes_through_it() {
        let mut camera = OrbitCamera::framing([10.0, -20.0, 5.0], 300.0, 1.5);
        camera.azimuth = 1.1;
        for p in [[0.0, 0.0, 0.0], [40.0, 25.0, 30.0], [-70.0, 10.0, -12.0]] {
            let screen = camera.project(p, rect()).expect("in front");
            let (o, d) = camera.ray(screen, rect());
            let t = dot(sub(p, o), d);
            let closest = [o[0] + d[0] * t, o[1] + d[1] * t, o[2] + d[2] * t];
            let miss = dot(sub(closest, p), sub(closest, p)).sqrt();
            assert!(miss < 0.05, "{p:?}: ray misses by {miss} m");
        }
    }

    #[test]
    fn the_target_is_at_the_centre_and_in_the_frustum() {
        let camera = OrbitCamera::framing([0.0, 0.0, 0.0], 100.0, 1.5);
        let c = camera.project([0.0, 0.0, 0.0], rect()).expect("in front");
        assert!((c - rect().center()).length() < 1e-3);
        let planes = camera.frustum(rect());
        assert!(box_in_frustum(&planes, [-1.0; 3], [1.0; 3]));
        // Far behind the camera.
        let eye = camera.eye();
        let behind = [eye[0] * 3.0, eye[1] * 3.0, eye[2] * 3.0];
        assert!(!box_in_frustum(
            &planes,
            behind,
            [behind[0] + 1.0, behind[1] + 1.0, behind[2] + 1.0]
        ));
    }

    #[test]
    fn from_40_degrees_up_only_the_top_corners_touch_the_haze() {
        let wide = Rect::from_min_size(pos2(0.0, 0.0), egui::vec2(1600.0, 800.0));
        for (size, rect) in [(100.0, rect()), (1000.0, rect()), (20_000.0, wide)] {
            let aspect = (rect.width() / rect.height()) as f64;
            let camera = OrbitCamera::framing([0.0; 3], size, aspect);
            assert!((camera.elevation.to_degrees() - 40.0).abs() < 1e-9);
            let [start, end] = camera.haze();
            assert!(start < end);
            // How far the ground is along the ray through a point of the top edge, and
            // how much of the haze's depth that is.
            let hazed = |x: f32| {
                let (o, d) = camera.ray(pos2(x, rect.top()), rect);
                assert!(d[2] < 0.0, "the top edge looks down");
                let t = -o[2] / d[2];
                let ground = [o[0] + d[0] * t, o[1] + d[1] * t, 0.0];
                let far = dot(sub(ground, o), sub(ground, o)).sqrt();
                (far - start) / (end - start)
            };
            assert!(
                hazed(rect.center().x) < 0.0,
                "{size} m: the top edge's middle"
            );
            for x in [rect.left(), rect.right()] {
                let share = hazed(x);
                assert!(share < 0.5, "{size} m: a top corner is {share} in the haze");
            }
        }
    }

    #[test]
    fn orbiting_keeps_the_elevation_in_bounds() {
        let mut camera = OrbitCamera::framing([0.0; 3], 100.0, 1.5);
        camera.orbit(0.0, 1e6);
        assert_eq!(camera.elevation, MAX_ELEVATION);
        camera.orbit(0.0, -1e6);
        assert_eq!(camera.elevation, MIN_ELEVATION);
    }

    #[test]
    fn the_ground_fills_a_district_view_but_not_the_whole_plan() {
        // A plan 10 km across (ground ±5750 m), seen from 40° up.
        let half = 5750.0;
        let district = OrbitCamera::framing([2500.0, -3500.0, 0.0], 1000.0, 1.5);
        assert!(district.ground_fills(rect(), half));
        // The whole plan framed: the sky shows above it.
        let whole = OrbitCamera::framing([0.0; 3], 10_000.0, 1.5);
        assert!(!whole.ground_fills(rect(), half));
        // A district at the plan's edge, looking out over it.
        let mut edge = OrbitCamera::framing([5500.0, 0.0, 0.0], 1000.0, 1.5);
        edge.azimuth = 0.0;
        let sees_beyond = (0..8).any(|k| {
            edge.azimuth = k as f64 * std::f64::consts::FRAC_PI_4;
            !edge.ground_fills(rect(), half)
        });
        assert!(sees_beyond);
        // Straight down from low over the middle: filled.
        let mut down = OrbitCamera::framing([0.0; 3], 200.0, 1.5);
        down.elevation = 89f64.to_radians();
        assert!(down.ground_fills(rect(), half));
    }
}
