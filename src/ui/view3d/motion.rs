//! The resolution the 3D view is drawn at. At rest the view is drawn whole. While the
//! camera moves (and for a moment after its last move) it is drawn at a share of its
//! pixels each way, stretched over the view (`offscreen.rs`): under a software renderer
//! most of a frame is rasterising, so this keeps an orbit or a pan smooth on a whole
//! city. The share adapts frame by frame to the time between moving frames, lowered
//! when a frame takes longer than the budget, raised when frames have time to spare, so
//! a fast machine (or a GPU) keeps drawing whole, and a slow one stays near the budget.

use std::time::{Duration, Instant};

/// Frames slower than this while moving lower the resolution (30 fps with a margin).
const BUDGET: Duration = Duration::from_millis(30);
/// Frames faster than this while moving raise it again.
const SPARE: Duration = Duration::from_millis(20);
/// A gap longer than this between two moving frames is the user pausing, not a slow
/// frame: it does not change the resolution.
const PAUSE: Duration = Duration::from_millis(250);
/// How long after the camera's last move the view is drawn whole again.
pub const SETTLE: Duration = Duration::from_millis(150);
/// The lowest share of the view's pixels each way (below it the picture is too coarse
/// to follow, and a frame's remaining cost is not in pixels).
pub const MIN_SCALE: f32 = 0.4;
/// How much one slow or fast frame changes the share.
const STEP: f32 = 0.9;

/// What decides the resolution: where the camera was, when it last moved, and the
/// share learned while moving (kept for the next move).
#[derive(Clone, Debug)]
pub struct Motion {
    /// The last frame's camera (view-projection, exaggeration and view size).
    last_camera: Option<[f32; 19]>,
    moved_at: Option<Instant>,
    /// When the last frame drew a moving camera.
    moving_frame: Option<Instant>,
    scale: f32,
}

impl Default for Motion {
    fn default() -> Self {
        Self {
            last_camera: None,
            moved_at: None,
            moving_frame: None,
            scale: 1.0,
        }
    }
}

/// The resolution of one frame, and when to draw again if the view must be drawn
/// whole after the camera rests.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Resolution {
    pub scale: f32,
    pub redraw_after: Option<Duration>,
}

impl Motion {
    /// The resolution of the frame drawn at `now` with `camera` (see `last_camera`).
    pub fn frame(&mut self, camera: [f32; 19], now: Instant) -> Resolution {
        let moved = self.last_camera.is_some_and(|c| c != camera);
        self.last_camera = Some(camera);
        if moved {
            if let Some(previous) = self.moving_frame {
                self.adapt(now.saturating_duration_since(previous));
            }
            self.moved_at = Some(now);
            self.moving_frame = Some(now);
            return Resolution {
                scale: self.scale,
                redraw_after: Some(SETTLE),
            };
        }
        self.moving_frame = None;
        match self.moved_at.map(|t| now.saturating_duration_since(t)) {
            Some(since) if since < SETTLE && self.scale < 1.0 => Resolution {
                scale: self.scale,
                redraw_after: Some(SETTLE - since),
            },
            _ => {
                self.moved_at = None;
                Resolution {
                    scale: 1.0,
                    redraw_after: None,
                }
            }
        }
    }

    /// One moving frame took `interval` since the previous one.
    fn adapt(&mut self, interval: Duration) {
        if interval > PAUSE {
            return;
        }
        if interval > BUDGET {
            self.scale = (self.scale * STEP).max(MIN_SCALE);
        } else if interval < SPARE {
            self.scale = (self.scale / STEP).min(1.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn camera(k: f32) -> [f32; 19] {
        let mut c = [0.0; 19];
        c[0] = k;
        c
    }

    /// Frames of a camera moving every `interval`, starting at `start`; the last
    /// resolution.
    fn moving(m: &mut Motion, start: Instant, frames: u32, interval: Duration) -> Resolution {
        (0..frames)
            .map(|i| m.frame(camera(i as f32 + 1.0), start + interval * i))
            .last()
            .expect("at least one frame")
    }

    #[test]
    fn slow_moving_frames_lower_the_resolution_to_its_floor_then_rest_draws_whole() {
        let mut m = Motion::default();
        let t0 = Instant::now();
        assert_eq!(m.frame(camera(0.0), t0).scale, 1.0, "first frame: whole");
        let slow = Duration::from_millis(60);
        let r = moving(&mut m, t0 + slow, 3, slow);
        // Two intervals between three moving frames (the first has none before it).
        assert!((r.scale - STEP * STEP).abs() < 1e-6, "{r:?}");
        assert_eq!(r.redraw_after, Some(SETTLE));
        let r = moving(&mut m, t0 + slow * 10, 40, slow);
        assert_eq!(r.scale, MIN_SCALE);
        // The camera rests: still low until SETTLE has passed, then whole.
        let last = t0 + slow * 49;
        let still = camera(40.0);
        let r = m.frame(still, last + Duration::from_millis(50));
        assert_eq!(r.scale, MIN_SCALE);
        assert_eq!(r.redraw_after, Some(SETTLE - Duration::from_millis(50)));
        let r = m.frame(still, last + SETTLE);
        assert_eq!(
            r,
            Resolution {
                scale: 1.0,
                redraw_after: None
            }
        );
    }

    #[test]
    fn fast_frames_raise_it_and_pauses_do_not_count() {
        let mut m = Motion {
            scale: MIN_SCALE,
            ..Default::default()
        };
        let t0 = Instant::now();
        m.frame(camera(0.0), t0);
        // A drag with pauses of a second between moves: no change.
        let r = moving(&mut m, t0, 5, Duration::from_secs(1));
        assert_eq!(r.scale, MIN_SCALE);
        // Frames at 60 fps: back to whole.
        let r = moving(
            &mut m,
            t0 + Duration::from_secs(10),
            30,
            Duration::from_millis(16),
        );
        assert_eq!(r.scale, 1.0);
        // Frames within the budget and not fast: unchanged.
        m.scale = 0.7;
        let r = moving(
            &mut m,
            t0 + Duration::from_secs(20),
            10,
            Duration::from_millis(25),
        );
        assert!((r.scale - 0.7).abs() < 1e-6);
    }
}
