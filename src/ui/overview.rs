//! The whole plan as one picture, for zoomed-out views of a big plan. With a city on
//! screen every parcel is a few pixels: drawing 100 000 meshes a frame costs the software
//! rasteriser more than a frame's budget, while one textured rectangle costs almost
//! nothing. The picture is rasterised off the UI thread (tiny-skia) after each edit, and
//! the canvas uses it only while it is at least as detailed as the screen. The streets
//! have a picture of their own (transparent between them), made again only when they
//! change: a city's 200 000 street segments drawn as lines cost the software rasteriser
//! 30 ms a frame, the picture almost nothing.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Transform};

use super::map_cache::ParcelGeom;

/// Largest side of the picture, in pixels (64 MB of RGBA at most).
const MAX_SIDE: u32 = 2048;
/// Plans with fewer parcels never need the picture.
pub const OVERVIEW_FROM_PARCELS: usize = 5_000;

/// A rasterised plan: RGBA pixels covering a world rectangle.
pub struct OverviewImage {
    pub width: u32,
    pub height: u32,
    /// Premultiplied, as tiny-skia paints them and egui takes them (one copy of a
    /// 2048-pixel picture is 17 MB; converting to unmultiplied and back made two more).
    pub pixels: Vec<egui::Color32>,
    /// World rectangle covered: min x, min y, max x, max y (metres).
    pub bbox: [f64; 4],
    /// Metres per pixel of the picture.
    pub meters_per_pixel: f64,
}

/// What to draw: per parcel its shape, fill colour and alpha (faint for the other
/// scenario), in drawing order.
pub struct OverviewJob {
    pub geoms: Vec<Arc<ParcelGeom>>,
    pub colors: Vec<[u8; 4]>,
    /// Facilities as dots (world position, tier colour): at city scale 20 000 symbols a
    /// frame would cost more than all the parcels, and they read as a dot-density map.
    pub dots: Vec<([f64; 2], [u8; 3])>,
    /// Street centre lines (world points) and whether each is walkable (drawn wider).
    pub streets: Vec<(Vec<[f64; 2]>, bool)>,
}

/// Colour of the streets, as the canvas draws them one by one.
const STREET_GREY: u8 = 140;
/// Widths of the streets in the picture's pixels (it is usually shown shrunk about
/// twice, so these come out near the canvas's 1 and 2 points).
const STREET_WIDTH_PX: [f32; 2] = [1.5, 2.5];

/// Radius of a facility dot in the picture, in pixels of the picture.
const DOT_RADIUS_PX: f32 = 2.5;

/// The box around a job's parcels and streets: [west, south, east, north] (infinite
/// when empty).
fn job_bbox(job: &OverviewJob) -> [f64; 4] {
    let grow = |b: [f64; 4], r: [f64; 4]| {
        [
            b[0].min(r[0]),
            b[1].min(r[1]),
            b[2].max(r[2]),
            b[3].max(r[3]),
        ]
    };
    let empty = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    let parcels = job.geoms.iter().fold(empty, |b, g| grow(b, g.bbox));
    job.streets
        .iter()
        .flat_map(|(line, _)| line)
        .fold(parcels, |b, p| grow(b, [p[0], p[1], p[0], p[1]]))
}

/// Rasterises the parcels of a job (no outlines: at this scale they would be noise),
/// its facility dots and its streets.
pub fn rasterize(job: &OverviewJob) -> Option<OverviewImage> {
    let bbox = job_bbox(job);
    let (w_m, h_m) = (bbox[2] - bbox[0], bbox[3] - bbox[1]);
    if !(w_m > 0.0 && h_m > 0.0 && w_m.is_finite() && h_m.is_finite()) {
        return None;
    }
    let meters_per_pixel = w_m.max(h_m) / MAX_SIDE as f64;
    let width = ((w_m / meters_per_pixel).ceil() as u32).clamp(1, MAX_SIDE);
    let height = ((h_m / meters_per_pixel).ceil() as u32).clamp(1, MAX_SIDE);
    let mut pixmap = Pixmap::new(width, height)?;
    // World (y up) to picture pixels (y down).
    let to_px = |x: f64, y: f64| {
        (
            ((x - bbox[0]) / meters_per_pixel) as f32,
            ((bbox[3] - y) / meters_per_pixel) as f32,
        )
    };
    let mut paint = Paint {
        anti_alias: false,
        ..Paint::default()
    };
    for (g, rgba) in job.geoms.iter().zip(&job.colors) {
        let mut path = PathBuilder::new();
        for ring in g.rings() {
            let mut points = ring.corners();
            let Some(first) = points.next() else { continue };
            let (x, y) = to_px(first[0], first[1]);
            path.move_to(x, y);
            for c in points {
                let (x, y) = to_px(c[0], c[1]);
                path.line_to(x, y);
            }
            path.close();
        }
        let Some(path) = path.finish() else { continue };
        paint.set_color_rgba8(rgba[0], rgba[1], rgba[2], rgba[3]);
        pixmap.fill_path(
            &path,
            &paint,
            FillRule::EvenOdd,
            Transform::identity(),
            None,
        );
    }
    for (at, rgb) in &job.dots {
        let (x, y) = to_px(at[0], at[1]);
        if let Some(circle) = PathBuilder::from_circle(x, y, DOT_RADIUS_PX) {
            paint.set_color_rgba8(rgb[0], rgb[1], rgb[2], 255);
            pixmap.fill_path(
                &circle,
                &paint,
                FillRule::Winding,
                Transform::identity(),
                None,
            );
        }
    }
    draw_streets(&mut pixmap, &job.streets, &to_px);
    let pixels = pixmap
        .pixels()
        .iter()
        .map(|p| egui::Color32::from_rgba_premultiplied(p.red(), p.green(), p.blue(), p.alpha()))
        .collect();
    Some(OverviewImage {
        width,
        height,
        pixels,
        bbox: [
            bbox[0],
            bbox[3] - height as f64 * meters_per_pixel,
            bbox[0] + width as f64 * meters_per_pixel,
            bbox[3],
        ],
        meters_per_pixel,
    })
}

fn draw_streets(
    pixmap: &mut Pixmap,
    streets: &[(Vec<[f64; 2]>, bool)],
    to_px: &dyn Fn(f64, f64) -> (f32, f32),
) {
    let mut paint = Paint::default();
    paint.set_color_rgba8(STREET_GREY, STREET_GREY, STREET_GREY, 255);
    for walkable in [false, true] {
        let mut path = PathBuilder::new();
        for (line, _) in streets.iter().filter(|(_, w)| *w == walkable) {
            let mut points = line.iter();
            let Some(first) = points.next() else { continue };
            let (x, y) = to_px(first[0], first[1]);
            path.move_to(x, y);
            for p in points {
                let (x, y) = to_px(p[0], p[1]);
                path.line_to(x, y);
            }
        }
        let Some(path) = path.finish() else { continue };
        let stroke = tiny_skia::Stroke {
            width: STREET_WIDTH_PX[walkable as usize],
            ..Default::default()
        };
        pixmap.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
    }
}

/// The picture on the GPU and the one being made.
#[derive(Default)]
pub struct Overview {
    pub texture: Option<(egui::TextureHandle, [f64; 4], f64)>,
    pending: Option<Receiver<Option<OverviewImage>>>,
    /// A newer job waiting for the one in progress (edits in a burst make one picture).
    next: Option<OverviewJob>,
    /// The job of the plan as edited, kept while the picture is not on screen (zoomed
    /// in, or the 3D view): rasterising a city takes a few hundred milliseconds of CPU,
    /// which an edit's frames on two cores should not share.
    deferred: Option<OverviewJob>,
    /// The picture shown is of an earlier plan and no job was gathered for the new one
    /// (`plan_changed`): `want` says when to gather it.
    stale: bool,
}

/// Whether a picture of `picture_mpp` metres per pixel is drawn on a map showing
/// `meters_per_point`: when it is at least as detailed as the screen (magnified up to
/// 1.25×: a little soft, but it spares the frames where tens of thousands of parcels
/// would each become a mesh).
pub fn shown_at(picture_mpp: f64, meters_per_point: f64) -> bool {
    meters_per_point >= 0.8 * picture_mpp
}

impl Overview {
    /// A new picture for the plan as it is now: rasterised on a thread at once when
    /// there is none yet, else when the map shows it (`want`); the old one is shown
    /// until then.
    pub fn rebuild(&mut self, job: OverviewJob) {
        self.stale = false;
        if job.geoms.len().max(job.streets.len()) < OVERVIEW_FROM_PARCELS {
            self.texture = None;
            self.pending = None;
            self.next = None;
            self.deferred = None;
            return;
        }
        if self.texture.is_some() {
            self.deferred = Some(job);
        } else {
            self.start(job);
        }
    }

    /// Starts the deferred picture if the map at `meters_per_point` would show it.
    /// True when the picture is out of date (`plan_changed`) and would be shown: the
    /// caller gathers the plan's job and gives it to [`Overview::start_now`].
    pub fn want(&mut self, meters_per_point: f64) -> bool {
        let shown = self
            .texture
            .as_ref()
            .is_some_and(|(_, _, mpp)| shown_at(*mpp, meters_per_point));
        if shown && let Some(job) = self.deferred.take() {
            self.start(job);
        }
        if shown && self.stale {
            self.stale = false;
            return true;
        }
        false
    }

    /// The plan changed. True when its picture is to be made now (none is shown yet:
    /// gather the job and [`Overview::rebuild`]); otherwise the picture shown is marked
    /// out of date without gathering a job (on a city that is a pass over 100 000
    /// parcels each edit), and [`Overview::want`] says when.
    pub fn plan_changed(&mut self) -> bool {
        if self.texture.is_none() {
            return true;
        }
        self.deferred = None;
        self.stale = true;
        false
    }

    /// Starts making the picture of `job` now (after `want` said so).
    pub fn start_now(&mut self, job: OverviewJob) {
        self.stale = false;
        self.start(job);
    }

    /// Starts rasterising `job` on a thread, or after the one in progress.
    fn start(&mut self, job: OverviewJob) {
        if self.pending.is_some() {
            self.next = Some(job);
            return;
        }
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = send.send(rasterize(&job));
        });
        self.pending = Some(receive);
    }

    /// The picture in progress is done (or gone): start the one waiting, if any.
    fn finish_pending(&mut self) {
        self.pending = None;
        if let Some(next) = self.next.take() {
            self.start(next);
        }
    }

    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Uploads a finished picture; true while one is still being made.
    pub fn poll(&mut self, ctx: &egui::Context) -> bool {
        let Some(pending) = &self.pending else {
            return false;
        };
        match pending.try_recv() {
            Ok(image) => {
                self.finish_pending();
                self.texture = image.map(|image| {
                    let size = [image.width as usize, image.height as usize];
                    let color = egui::ColorImage::new(size, image.pixels);
                    let options = egui::TextureOptions {
                        mipmap_mode: Some(egui::TextureFilter::Linear),
                        ..egui::TextureOptions::LINEAR
                    };
                    (
                        ctx.load_texture("plan-overview", color, options),
                        image.bbox,
                        image.meters_per_pixel,
                    )
                });
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => {
                self.finish_pending();
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Parcel, Plan, Scenario};
    use geo::{Coord, MultiPolygon, Polygon, Rect};

    #[test]
    fn parcels_land_on_their_pixels_and_holes_stay_empty() {
        // A 100 m square with a 40 m hole, and a 10 m square far to the east.
        let outer = Rect::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 100.0, y: 100.0 });
        let hole = Rect::new(Coord { x: 30.0, y: 30.0 }, Coord { x: 70.0, y: 70.0 });
        let with_hole = Polygon::new(
            outer.to_polygon().exterior().clone(),
            vec![hole.to_polygon().exterior().clone()],
        );
        let mut plan = Plan::new(crate::model::LocalFrame::new(120.0, 30.0));
        plan.parcels.push(Parcel::new(
            "a",
            Scenario::Proposed,
            MultiPolygon::new(vec![with_hole]),
        ));
        plan.parcels.push(Parcel::new(
            "b",
            Scenario::Proposed,
            MultiPolygon::new(vec![
                Rect::new(Coord { x: 390.0, y: 0.0 }, Coord { x: 400.0, y: 10.0 }).to_polygon(),
            ]),
        ));
        let geoms = plan
            .parcels
            .iter()
            .map(|p| Arc::new(ParcelGeom::new(p)))
            .collect();
        let image = rasterize(&OverviewJob {
            geoms,
            colors: vec![[255, 0, 0, 255], [0, 0, 255, 255]],
            dots: vec![([200.0, 50.0], [0, 255, 0])],
            streets: vec![(vec![[150.0, 20.0], [350.0, 20.0]], false)],
        })
        .expect("an image");
        assert_eq!(image.width, MAX_SIDE);
        let at = |x: f64, y: f64| {
            let px = ((x - image.bbox[0]) / image.meters_per_pixel) as usize;
            let py = ((image.bbox[3] - y) / image.meters_per_pixel) as usize;
            image.pixels[py * image.width as usize + px].to_array()
        };
        assert_eq!(at(10.0, 10.0), [255, 0, 0, 255]);
        assert_eq!(at(50.0, 50.0)[3], 0, "the hole is empty");
        assert_eq!(at(395.0, 5.0), [0, 0, 255, 255]);
        assert_eq!(at(200.0, 5.0)[3], 0);
        assert_eq!(at(200.0, 50.0), [0, 255, 0, 255], "a facility dot");
        // The street (1.5 px wide, centred 0.6 px into its row of pixels): grey on its
        // line, nothing a few pixels off it.
        assert_eq!(at(200.0, 20.0), [140, 140, 140, 255], "the street");
        assert_eq!(at(200.0, 20.0 + image.meters_per_pixel * 4.0)[3], 0);
    }

    /// Streets enough for a picture: a grid of 5 000 short lines over 1 km.
    fn streets_job() -> OverviewJob {
        let streets = (0..OVERVIEW_FROM_PARCELS)
            .map(|i| {
                let (x, y) = ((i % 100) as f64 * 10.0, (i / 100) as f64 * 20.0);
                (vec![[x, y], [x + 8.0, y]], true)
            })
            .collect();
        OverviewJob {
            geoms: Vec::new(),
            colors: Vec::new(),
            dots: Vec::new(),
            streets,
        }
    }

    fn wait_for(overview: &mut Overview, ctx: &egui::Context) {
        let started = std::time::Instant::now();
        while overview.poll(ctx) {
            assert!(started.elapsed().as_secs() < 60, "the picture never came");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    #[test]
    fn a_new_picture_waits_until_the_map_shows_it() {
        let ctx = egui::Context::default();
        let mut overview = Overview::default();
        // The first picture is made at once.
        overview.rebuild(streets_job());
        assert!(overview.is_pending());
        wait_for(&mut overview, &ctx);
        let mpp = overview.texture.as_ref().expect("a picture").2;
        // After an edit, zoomed in (0.1 m a point): the old picture stays, none is made.
        overview.rebuild(streets_job());
        assert!(!overview.is_pending());
        overview.want(0.1);
        assert!(!overview.is_pending());
        // Zoomed out to where the picture is drawn: the new one is made, once.
        assert!(shown_at(mpp, mpp) && !shown_at(mpp, 0.7 * mpp));
        overview.want(mpp);
        assert!(overview.is_pending());
        wait_for(&mut overview, &ctx);
        overview.want(mpp);
        assert!(!overview.is_pending());
    }

    #[test]
    fn an_edit_marks_the_picture_out_of_date_until_the_map_shows_it() {
        let ctx = egui::Context::default();
        let mut overview = Overview::default();
        assert!(overview.plan_changed(), "no picture yet: made at once");
        overview.rebuild(streets_job());
        wait_for(&mut overview, &ctx);
        let mpp = overview.texture.as_ref().expect("a picture").2;
        assert!(!overview.plan_changed(), "a picture shown: no job gathered");
        assert!(!overview.want(0.1), "zoomed in: not yet");
        assert!(overview.want(mpp), "shown: gather the job now");
        assert!(!overview.want(mpp), "once");
        overview.start_now(streets_job());
        assert!(overview.is_pending());
        wait_for(&mut overview, &ctx);
        assert!(!overview.want(mpp));
    }
}
