//! `strata open PLAN --bench-frames N`: drives the camera through a scripted pan and zoom
//! (whole plan, zoom in to street level, pan there, zoom back out), measures the time
//! between frames, prints percentiles and closes. It measures the real window (egui,
//! tessellation, the GL driver), which a criterion benchmark of the core cannot.

use std::time::{Duration, Instant};

use super::transform::ScreenFromWorld;
use super::view3d::OrbitCamera;

pub struct FrameBench {
    frames: u32,
    done: u32,
    /// Frames before measuring starts (fonts, first layout, shader compilation).
    warmup: u32,
    last: Option<Instant>,
    times: Vec<Duration>,
    /// Script position (0–1) of each measured frame.
    at: Vec<f64>,
    /// The camera that shows the whole plan, taken from the first frame.
    home: Option<ScreenFromWorld>,
    /// The 3D view's camera on the busiest district, taken from the first frame.
    home_3d: Option<OrbitCamera>,
    /// What each quarter of the script does (the report's rows).
    phases: [&'static str; 4],
    /// The 3D view's own GL time (ms, drawing finished), triangles and the share of
    /// the view's pixels each way it was drawn at, per frame.
    gl: Vec<(f64, u64, f32)>,
    /// CPU seconds of the whole process (all threads, the software rasteriser's too)
    /// when each quarter of the script began, and at its end: a figure that the load
    /// of a shared machine changes much less than the wall time.
    cpu_at: [Option<f64>; 5],
    /// Which district the 3D script looks at (printed first in the report).
    pub district: Option<String>,
    pub finished: bool,
}

impl FrameBench {
    pub fn new(frames: u32) -> Self {
        Self {
            frames: frames.max(1),
            done: 0,
            warmup: 5,
            last: None,
            times: Vec::new(),
            at: Vec::new(),
            home: None,
            home_3d: None,
            phases: ["whole plan", "zoom in", "street level", "zoom out"],
            gl: Vec::new(),
            cpu_at: [None; 5],
            district: None,
            finished: false,
        }
    }

    /// Called at the start of every frame with the camera after zoom-to-fit; moves it.
    pub fn step(&mut self, camera: &mut ScreenFromWorld) {
        let t = self.tick();
        let home = *self.home.get_or_insert(*camera);
        *camera = scripted_camera(home, t);
    }

    /// The 3D view's script: called at the start of every frame, moves the orbit camera
    /// from `home` (the busiest district, asked for once).
    pub fn step_3d(&mut self, camera: &mut OrbitCamera, home: impl FnOnce() -> OrbitCamera) {
        self.phases = ["orbit", "tilt", "zoom in and out", "pan"];
        let t = self.tick();
        let home = *self.home_3d.get_or_insert_with(home);
        *camera = scripted_orbit(home, t);
    }

    /// Records the 3D view's GL time, triangles and scale of a measured frame.
    pub fn record_gl(&mut self, stats: (f64, u64, f32)) {
        if self.done > self.warmup + 1 {
            self.gl.push(stats);
        }
    }

    /// Records the time since the last frame; the script position of this frame.
    fn tick(&mut self) -> f64 {
        let now = Instant::now();
        if let Some(last) = self.last
            && self.done > self.warmup
        {
            self.times.push(now - last);
            self.at
                .push(self.done.saturating_sub(self.warmup + 1) as f64 / self.frames as f64);
        }
        self.last = Some(now);
        let k = self.done.saturating_sub(self.warmup);
        if self.done >= self.warmup && (k * 4) % self.frames.max(1) < 4 {
            let quarter = ((k * 4) / self.frames.max(1)) as usize;
            if let Some(slot) = self.cpu_at.get_mut(quarter) {
                slot.get_or_insert_with(|| process_cpu_seconds().unwrap_or(f64::NAN));
            }
        }
        self.done += 1;
        if k >= self.frames {
            self.finished = true;
        }
        k as f64 / self.frames as f64
    }

    /// Frame-time percentiles: all frames, then each quarter of the script (whole plan,
    /// zooming in, street level, zooming out).
    pub fn report(&self) -> String {
        let mut lines: Vec<String> = self.district.iter().cloned().collect();
        lines.push(percentiles("all", self.times.iter()));
        for (q, name) in self.phases.iter().enumerate() {
            let lo = q as f64 * 0.25;
            let part = self
                .times
                .iter()
                .zip(&self.at)
                .filter(|(_, t)| **t >= lo && **t < lo + 0.25)
                .map(|(d, _)| d);
            lines.push(percentiles(name, part));
        }
        let quarters: Vec<String> = self
            .cpu_at
            .windows(2)
            .map(|w| match (w[0], w[1]) {
                (Some(a), Some(b)) if b.is_finite() && a.is_finite() => {
                    format!("{:.1}", (b - a) * 1e3 / (self.frames as f64 / 4.0))
                }
                _ => "?".into(),
            })
            .collect();
        lines.push(format!(
            "{:>12} per frame, each quarter (ms): {}",
            "process CPU",
            quarters.join(" / ")
        ));
        if !self.gl.is_empty() {
            let gl: Vec<Duration> = self
                .gl
                .iter()
                .map(|g| Duration::from_secs_f64(g.0 / 1e3))
                .collect();
            lines.push(percentiles("3D GL draw", gl.iter()));
            let mut triangles: Vec<u64> = self.gl.iter().map(|g| g.1).collect();
            triangles.sort_unstable();
            lines.push(format!(
                "{:>12} per frame: p50 {}, max {}",
                "triangles",
                triangles[triangles.len() / 2],
                triangles[triangles.len() - 1]
            ));
            let mut scales: Vec<f32> = self.gl.iter().map(|g| g.2).collect();
            scales.sort_by(f32::total_cmp);
            lines.push(format!(
                "{:>12} (share of the view's pixels each way): min {:.2}, p50 {:.2}, max {:.2}",
                "resolution",
                scales[0],
                scales[scales.len() / 2],
                scales[scales.len() - 1]
            ));
        }
        lines.join("\n")
    }
}

fn percentiles<'a>(name: &str, times: impl Iterator<Item = &'a Duration>) -> String {
    let mut ms: Vec<f64> = times.map(|d| d.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    let pick = |q: f64| {
        if ms.is_empty() {
            f64::NAN
        } else {
            ms[((ms.len() - 1) as f64 * q).round() as usize]
        }
    };
    let mean = ms.iter().sum::<f64>() / ms.len().max(1) as f64;
    format!(
        "{name:>12} frames {}: p50 {:.1} ms, p90 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms, mean {:.1} ms ({:.0} fps)",
        ms.len(),
        pick(0.5),
        pick(0.9),
        pick(0.95),
        pick(0.99),
        pick(1.0),
        mean,
        1e3 / mean
    )
}

/// CPU seconds used by this process so far, all threads (Linux: `/proc/self/stat`,
/// in clock ticks, 10 ms; averaged over a quarter of the script that is precise enough).
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // USER_HZ is 100 on every Linux configuration in use.
    Some((utime + stime) / 100.0)
}

/// The 3D camera at `t` ∈ [0, 1] of the script: a full turn around the district (first
/// quarter), tilting down to 15° and up to 65° (second), zooming in 4× and back (third),
/// panning half a district either way (last).
pub fn scripted_orbit(home: OrbitCamera, t: f64) -> OrbitCamera {
    use std::f64::consts::TAU;
    let mut camera = home;
    let t = t.clamp(0.0, 1.0);
    let s = (t * 4.0).fract();
    match t {
        t if t < 0.25 => camera.azimuth = home.azimuth + TAU * s,
        t if t < 0.5 => camera.elevation = home.elevation - 25f64.to_radians() * (TAU * s).sin(),
        t if t < 0.75 => {
            camera.distance = home.distance * 4f64.powf(-(std::f64::consts::PI * s).sin())
        }
        _ => camera.target[0] = home.target[0] + home.distance * 0.45 * (TAU * s).sin(),
    }
    camera
}

/// The camera at `t` ∈ [0, 1] of the script: pan across the whole plan (first quarter),
/// zoom in 32× towards a point off the centre (second), pan at street level (third),
/// zoom back out (last).
pub fn scripted_camera(home: ScreenFromWorld, t: f64) -> ScreenFromWorld {
    let mut camera = home;
    let width_m = home.screen_rect.width() as f64 / home.pixels_per_meter;
    let target = [
        home.center_in_world[0] + width_m * 0.15,
        home.center_in_world[1] - width_m * 0.1,
    ];
    let t = t.clamp(0.0, 1.0);
    let lerp = |a: f64, b: f64, s: f64| a + (b - a) * s;
    let zoomed = |s: f64| home.pixels_per_meter * 32f64.powf(s);
    match t {
        t if t < 0.25 => {
            let angle = t / 0.25 * std::f64::consts::TAU;
            camera.center_in_world[0] += width_m * 0.1 * angle.sin();
            camera.center_in_world[1] += width_m * 0.1 * (1.0 - angle.cos());
        }
        t if t < 0.5 => {
            let s = (t - 0.25) / 0.25;
            camera.pixels_per_meter = zoomed(s);
            camera.center_in_world = [
                lerp(home.center_in_world[0], target[0], s),
                lerp(home.center_in_world[1], target[1], s),
            ];
        }
        t if t < 0.75 => {
            let s = (t - 0.5) / 0.25;
            camera.pixels_per_meter = zoomed(1.0);
            let street_width = home.screen_rect.width() as f64 / camera.pixels_per_meter;
            camera.center_in_world = [target[0] + street_width * 2.0 * s, target[1]];
        }
        t => {
            let s = (t - 0.75) / 0.25;
            camera.pixels_per_meter = zoomed(1.0 - s);
            camera.center_in_world = [
                lerp(target[0], home.center_in_world[0], s),
                lerp(target[1], home.center_in_world[1], s),
            ];
        }
    }
    camera
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home() -> ScreenFromWorld {
        ScreenFromWorld {
            center_in_world: [100.0, 200.0],
            pixels_per_meter: 0.5,
            screen_rect: egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1000.0, 800.0)),
        }
    }

    #[test]
    fn script_starts_and_ends_at_the_whole_plan_and_zooms_in_between() {
        let start = scripted_camera(home(), 0.0);
        let end = scripted_camera(home(), 1.0);
        assert_eq!(start.pixels_per_meter, 0.5);
        assert!((end.pixels_per_meter - 0.5).abs() < 1e-9);
        assert!((end.center_in_world[0] - 100.0).abs() < 1e-6);
        let street = scripted_camera(home(), 0.6);
        assert!((street.pixels_per_meter - 16.0).abs() < 1e-9);
    }

    #[test]
    fn bench_finishes_after_warmup_plus_frames_and_reports_them() {
        let mut bench = FrameBench::new(10);
        let mut camera = home();
        let mut calls = 0;
        while !bench.finished {
            bench.step(&mut camera);
            calls += 1;
            assert!(calls < 100, "never finished");
        }
        assert_eq!(calls, 16);
        assert!(
            bench.report().starts_with("         all frames 10:"),
            "{}",
            bench.report()
        );
    }
}
