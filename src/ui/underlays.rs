//! The plan's underlays on the canvas (issue 19): each visible entry of
//! `strata.basemaps` opened once on a worker thread (`basemap::open`: a CAD drawing is
//! read and projected there, with its snap index; a failure is kept as the entry's
//! mark), painted into a grid around the view on a worker thread (`Underlay::paint`:
//! reading, pyramid levels, reprojection and CAD lines never run on the UI thread), and
//! drawn as one texture under the parcels. Panning moves the texture; a new one is asked
//! for when the view leaves the painted area or the zoom changes by more than half, so a
//! frame costs one textured rectangle per underlay.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

use egui::{Color32, Rect, pos2};

use super::transform::ScreenFromWorld;
use crate::basemap::cad::CadDrawing;
use crate::basemap::{self, BasemapError, OutputGrid, Painted, Underlay};
use crate::edit::snap::SnapIndex;
use crate::model::{Basemap, Basemaps, FrameProjector, Plan};

/// Largest side of a painted grid, in pixels.
const MAX_SIDE: u32 = 4096;

/// What an entry opens as: its file (resolved), how it is read (CRS, offset, a
/// drawing's unit, origin and encoding) and the plan's frame it is projected into.
fn key_of(entry: &Basemap, plan_dir: &Path, frame: &str) -> String {
    format!(
        "{}|{}|{}|{}|{:?}|{}|{frame}",
        basemap::resolve_path(&entry.source, plan_dir).display(),
        entry.crs.as_deref().unwrap_or(""),
        entry.offset.as_deref().unwrap_or(""),
        entry.unit.as_deref().unwrap_or(""),
        entry.origin,
        entry.encoding.as_deref().unwrap_or(""),
    )
}

/// A CAD underlay ready for the tools: its lines in plan metres and their snap index.
#[derive(Clone)]
pub struct CadLayer {
    pub drawing: std::sync::Arc<CadDrawing>,
    pub snaps: std::sync::Arc<SnapIndex>,
}

/// An underlay opened, with the snap index of a CAD drawing.
#[derive(Clone)]
struct Opened {
    underlay: Underlay,
    cad: Option<CadLayer>,
}

/// An entry being opened on a worker thread, or opened (or its reason not to be).
enum Opening {
    Pending(Receiver<Result<Opened, BasemapError>>),
    Done(Result<Opened, BasemapError>),
}

/// Opens an entry on a worker thread.
fn open_in_background(
    entry: &Basemap,
    dir: &Path,
    projector: &std::sync::Arc<FrameProjector>,
) -> Opening {
    let (send, receive) = std::sync::mpsc::channel();
    let (entry, dir, projector) = (
        entry.clone(),
        dir.to_path_buf(),
        std::sync::Arc::clone(projector),
    );
    std::thread::spawn(move || {
        let opened = basemap::open(&entry, &dir, &projector).map(|underlay| {
            let cad = underlay.cad().map(|drawing| CadLayer {
                snaps: std::sync::Arc::new(SnapIndex::new(drawing.lines())),
                drawing: std::sync::Arc::clone(drawing),
            });
            Opened { underlay, cad }
        });
        let _ = send.send(opened);
    });
    Opening::Pending(receive)
}

/// A painted texture and the world rectangle it covers (west, south, east, north).
struct Shown {
    texture: egui::TextureHandle,
    bbox: [f64; 4],
    pixels_per_meter: f64,
}

/// A paint in progress.
struct Job {
    receive: Receiver<Result<Option<Painted>, BasemapError>>,
    grid: OutputGrid,
}

/// The underlays' state: opened sources, textures, paints in progress.
#[derive(Default)]
pub struct Underlays {
    opened: HashMap<String, Opening>,
    shown: HashMap<String, Shown>,
    jobs: HashMap<String, Job>,
    /// The folder relative sources are taken from (the plan's).
    plan_dir: PathBuf,
    /// The plan's frame (its origin), which CAD drawings are projected into.
    frame: String,
    /// An opacity being dragged in the layers panel (entry index, value), drawn before
    /// the drag ends and becomes one edit.
    pub dragged_opacity: Option<(usize, f32)>,
    /// CRS fields of CAD entries being typed in (entry index, text).
    pub crs_edits: HashMap<usize, String>,
}

impl Underlays {
    /// The reason an entry cannot be shown (missing file, no georeferencing…), `None`
    /// when it opened or is not opened yet.
    pub fn problem(&self, entry: &Basemap) -> Option<&BasemapError> {
        match self.opened.get(&self.key(entry)) {
            Some(Opening::Done(Err(e))) => Some(e),
            _ => None,
        }
    }

    fn key(&self, entry: &Basemap) -> String {
        key_of(entry, &self.plan_dir, &self.frame)
    }

    fn opened_entry(&self, entry: &Basemap) -> Option<&Opened> {
        match self.opened.get(&self.key(entry)) {
            Some(Opening::Done(Ok(opened))) => Some(opened),
            _ => None,
        }
    }

    /// The opened underlay of an entry.
    pub fn opened(&self, entry: &Basemap) -> Option<&Underlay> {
        self.opened_entry(entry).map(|o| &o.underlay)
    }

    /// The visible underlays that opened, bottom first, each with its entry's opacity:
    /// what File → Export sheets… draws under the sheets' maps.
    pub fn visible(&self, plan: &Plan) -> Vec<Underlay> {
        Basemaps::of_plan(plan)
            .valid()
            .filter(|(_, entry)| entry.visible)
            .filter_map(|(_, entry)| {
                let mut underlay = self.opened(entry)?.clone();
                underlay.opacity = entry.opacity.clamp(0.0, 1.0) as f32;
                Some(underlay)
            })
            .collect()
    }

    /// Whether any visible underlay has a picture to draw.
    pub fn any_shown(&self, plan: &Plan) -> bool {
        Basemaps::of_plan(plan)
            .valid()
            .any(|(_, b)| b.visible && self.shown.contains_key(&self.key(b)))
    }

    /// The visible CAD underlays that are read, for snapping and tracing.
    pub fn cad_layers(&self, plan: &Plan) -> Vec<CadLayer> {
        Basemaps::of_plan(plan)
            .valid()
            .filter(|(_, b)| b.visible)
            .filter_map(|(_, b)| self.opened_entry(b)?.cad.clone())
            .collect()
    }

    /// The credits of the visible underlays drawn, bottom first, each once.
    pub fn attributions(&self, plan: &Plan) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, b) in Basemaps::of_plan(plan).valid().filter(|(_, b)| b.visible) {
            if !self.shown.contains_key(&self.key(b)) {
                continue;
            }
            if let Some(text) = self.opened(b).and_then(|u| u.attribution.clone())
                && !out.contains(&text)
            {
                out.push(text);
            }
        }
        out
    }

    /// Opens new entries, collects finished paints and asks for new ones for the view;
    /// true while a paint is in progress (the caller repaints).
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        plan: &Plan,
        plan_path: Option<&Path>,
        camera: &ScreenFromWorld,
    ) -> bool {
        let dir = plan_path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let frame = format!("{:.9},{:.9}", plan.frame.lon0, plan.frame.lat0);
        if dir != self.plan_dir || frame != self.frame {
            *self = Self {
                plan_dir: dir,
                frame,
                dragged_opacity: self.dragged_opacity,
                ..Self::default()
            };
        }
        self.collect(ctx);
        let Ok(projector) = plan.frame.projector() else {
            return !self.jobs.is_empty();
        };
        let projector = std::sync::Arc::new(projector);
        let mut opening = false;
        for (_, entry) in Basemaps::of_plan(plan).valid() {
            if !entry.visible {
                continue;
            }
            let key = self.key(entry);
            let state = self
                .opened
                .entry(key.clone())
                .or_insert_with(|| open_in_background(entry, &self.plan_dir, &projector));
            if let Opening::Pending(receive) = state {
                match receive.try_recv() {
                    Ok(result) => *state = Opening::Done(result),
                    Err(TryRecvError::Empty) => opening = true,
                    Err(TryRecvError::Disconnected) => {
                        *state = Opening::Done(Err(BasemapError::Unsupported {
                            what: entry.source.clone(),
                        }));
                    }
                }
            }
            let Opening::Done(Ok(opened)) = state else {
                continue;
            };
            let underlay = opened.underlay.clone();
            self.request(&key, underlay, camera, &projector);
        }
        opening || !self.jobs.is_empty()
    }

    /// Starts a paint for the view unless the shown picture or one in progress serves.
    fn request(
        &mut self,
        key: &str,
        underlay: Underlay,
        camera: &ScreenFromWorld,
        projector: &std::sync::Arc<FrameProjector>,
    ) {
        let grid = view_grid(camera);
        let serves = |bbox: [f64; 4], ppm: f64| {
            let [w, s, e, n] = view_bbox(camera);
            let ratio = ppm / camera.pixels_per_meter;
            bbox[0] <= w
                && bbox[1] <= s
                && bbox[2] >= e
                && bbox[3] >= n
                && (0.66..=1.5).contains(&ratio)
        };
        if let Some(job) = self.jobs.get(key) {
            if serves(grid_bbox(&job.grid), job.grid.pixels_per_meter) {
                return;
            }
        } else if let Some(shown) = self.shown.get(key)
            && serves(shown.bbox, shown.pixels_per_meter)
        {
            return;
        }
        if self.jobs.contains_key(key) {
            // One paint at a time per underlay: the next is asked for when it ends.
            return;
        }
        let (send, receive) = std::sync::mpsc::channel();
        let projector = std::sync::Arc::clone(projector);
        std::thread::spawn(move || {
            let _ = send.send(underlay.paint(&grid, &projector));
        });
        self.jobs.insert(key.to_owned(), Job { receive, grid });
    }

    /// Uploads finished paints; a failed one marks its underlay.
    fn collect(&mut self, ctx: &egui::Context) {
        let keys: Vec<String> = self.jobs.keys().cloned().collect();
        for key in keys {
            let Some(job) = self.jobs.get(&key) else {
                continue;
            };
            let result = match job.receive.try_recv() {
                Ok(result) => result,
                Err(TryRecvError::Empty) => continue,
                Err(TryRecvError::Disconnected) => Ok(None),
            };
            let grid = job.grid;
            self.jobs.remove(&key);
            match result {
                Ok(Some(painted)) => {
                    let image = egui::ColorImage::from_rgba_unmultiplied(
                        [painted.width as usize, painted.height as usize],
                        &painted.rgba,
                    );
                    let texture = ctx.load_texture(
                        format!("underlay {key}"),
                        image,
                        egui::TextureOptions::LINEAR,
                    );
                    let shown = Shown {
                        texture,
                        bbox: grid_bbox(&grid),
                        pixels_per_meter: grid.pixels_per_meter,
                    };
                    self.shown.insert(key, shown);
                }
                Ok(None) => {
                    self.shown.remove(&key);
                }
                Err(error) => {
                    self.shown.remove(&key);
                    self.opened.insert(key, Opening::Done(Err(error)));
                }
            }
        }
    }

    /// Draws the visible underlays, bottom first, with their opacity.
    pub fn draw(&self, painter: &egui::Painter, plan: &Plan, camera: &ScreenFromWorld) {
        for (index, entry) in Basemaps::of_plan(plan).valid() {
            if !entry.visible {
                continue;
            }
            let Some(shown) = self.shown.get(&self.key(entry)) else {
                continue;
            };
            let opacity = match self.dragged_opacity {
                Some((i, value)) if i == index => value,
                _ => entry.opacity as f32,
            };
            let a = camera.screen_from_world([shown.bbox[0], shown.bbox[3]]);
            let b = camera.screen_from_world([shown.bbox[2], shown.bbox[1]]);
            painter.image(
                shown.texture.id(),
                Rect::from_min_max(a, b),
                Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                Color32::from_white_alpha((opacity.clamp(0.0, 1.0) * 255.0).round() as u8),
            );
        }
    }
}

/// The world rectangle on screen (west, south, east, north).
fn view_bbox(camera: &ScreenFromWorld) -> [f64; 4] {
    let rect = camera.screen_rect;
    let [w, s] = camera.world_from_screen(rect.left_bottom());
    let [e, n] = camera.world_from_screen(rect.right_top());
    [w, s, e, n]
}

/// The grid painted for a view: the view with half a screen of margin on every side
/// (so panning shows painted ground), at the screen's resolution, at most
/// [`MAX_SIDE`] pixels across.
fn view_grid(camera: &ScreenFromWorld) -> OutputGrid {
    let [w, s, e, n] = view_bbox(camera);
    let (mx, my) = ((e - w) / 2.0, (n - s) / 2.0);
    let (w, s, e, n) = (w - mx, s - my, e + mx, n + my);
    let mut ppm = camera.pixels_per_meter;
    let longest = (e - w).max(n - s) * ppm;
    if longest > f64::from(MAX_SIDE) {
        ppm *= f64::from(MAX_SIDE) / longest;
    }
    OutputGrid {
        west: w,
        north: n,
        pixels_per_meter: ppm,
        width: ((e - w) * ppm).ceil().max(1.0) as u32,
        height: ((n - s) * ppm).ceil().max(1.0) as u32,
    }
}

fn grid_bbox(grid: &OutputGrid) -> [f64; 4] {
    [
        grid.west,
        grid.north - f64::from(grid.height) / grid.pixels_per_meter,
        grid.west + f64::from(grid.width) / grid.pixels_per_meter,
        grid.north,
    ]
}

/// The credits of the underlays shown, small at the canvas's bottom right on a pale
/// band (as web maps write theirs).
pub fn attribution_ui(painter: &egui::Painter, rect: Rect, credits: &[String]) {
    if credits.is_empty() {
        return;
    }
    let text = credits.join(" · ");
    let galley = painter.layout_no_wrap(
        text,
        egui::FontId::proportional(11.0),
        Color32::from_gray(40),
    );
    let size = galley.size();
    let at = rect.right_bottom() - egui::vec2(size.x + 6.0, size.y + 4.0);
    painter.rect_filled(
        Rect::from_min_size(at - egui::vec2(3.0, 1.0), size + egui::vec2(6.0, 2.0)),
        2.0,
        Color32::from_white_alpha(200),
    );
    painter.galley(at, galley, Color32::from_gray(40));
}
