//! The 3D view of the whole plan (beside the 2D map, same selection): every stratum of
//! the shown scenario extruded from its footprint between its heights, the underground
//! below a translucent ground, rights conflicts as red volumes; orbit (drag), pan (shift
//! or middle drag), zoom (wheel), reset; vertical exaggeration; colour by use, holder or
//! right with a legend; a click selects the stratum and its parcel.
//!
//! `mesh.rs` builds the prisms once per plan change (and picks on them, on the CPU),
//! `conflicts.rs` the clash volumes and the ground, `camera.rs` the orbit camera,
//! `gl.rs` draws them through an egui paint callback with a depth buffer, `panel.rs`
//! the controls and the legend.

mod camera;
mod conflicts;
mod follow;
mod gl;
mod lod;
mod mesh;
mod motion;
mod offscreen;
mod panel;
mod scene;

use std::sync::Arc;

use egui::{Color32, Rect, Sense, Ui};

pub use camera::OrbitCamera;
pub use mesh::Prisms;
pub use panel::view_switch_ui;

use super::selection::{Selected, Selection};
use crate::model::{Changes, ParcelId, Plan, Problem, Reference, Scenario, StratumId};
use crate::render::present::strata_color::StrataColorBy;
use scene::{Pending, Scene};

/// Vertical exaggeration allowed.
pub const EXAGGERATION: std::ops::RangeInclusive<f32> = 1.0..=10.0;
/// Side of the square the district camera frames (metres).
const DISTRICT_M: f64 = 1000.0;

/// What the view reads.
pub struct View3dContext<'a> {
    pub plan: &'a Plan,
    pub reference: &'a Reference,
    pub problems: &'a [Problem],
    /// The document's generation: the scene is rebuilt when it changes.
    pub generation: u64,
    pub scenario: Scenario,
}

/// The 3D view's state: whether it is shown, the camera and look, the scene built for
/// the plan, and the GL side.
pub struct View3d {
    pub shown: bool,
    pub camera: OrbitCamera,
    /// Heights are multiplied by this on screen.
    pub exaggeration: f32,
    pub color_by: StrataColorBy,
    scene: Option<Scene>,
    /// The edits since the scene was built, which it follows when next drawn.
    pending: Option<Pending>,
    renderer: gl::Shared,
    /// The camera was set for this plan (reset sets it again).
    framed: bool,
    /// Where the view was drawn last (screen points).
    pub rect: Rect,
    /// The frame benchmark asks for the time GL takes (the callback waits for it).
    pub measure: bool,
    /// The resolution while the camera moves (`motion.rs`).
    motion: motion::Motion,
}

impl Default for View3d {
    fn default() -> Self {
        Self {
            shown: false,
            camera: OrbitCamera::framing([0.0; 3], 1000.0, 1.0),
            exaggeration: 1.0,
            color_by: StrataColorBy::Use,
            scene: None,
            pending: None,
            renderer: Default::default(),
            framed: false,
            rect: Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0)),
            measure: false,
            motion: Default::default(),
        }
    }
}

impl View3d {
    /// The scene is current for the plan (built, not waiting for a change).
    pub fn is_ready(&self) -> bool {
        self.scene.is_some() && self.framed
    }

    /// The prisms built for the plan (tests, the frame benchmark).
    pub fn prisms(&self) -> Option<&Prisms> {
        self.scene.as_ref().map(|s| &s.prisms)
    }

    /// An edit brought the document to `generation`: the scene follows its changes
    /// when next drawn (`scene.rs`).
    pub fn plan_changed(&mut self, changes: &Changes, generation: u64) {
        Pending::add(&mut self.pending, changes, generation);
    }

    /// Brings the scene up to date now (tests and the benchmark of following an edit
    /// call it without drawing).
    pub fn update_now(&mut self, cx: &View3dContext) {
        self.update_scene(cx);
    }

    /// Takes over the view of the previous document (another plan was opened): shown or
    /// not, the look and the GL side; the scene and camera follow the new plan.
    pub fn adopt(&mut self, previous: &mut View3d) {
        self.shown = previous.shown;
        self.exaggeration = previous.exaggeration;
        self.color_by = previous.color_by;
        self.renderer = std::mem::take(&mut previous.renderer);
    }

    /// Frames the whole plan again.
    pub fn reset_camera(&mut self) {
        if let Some(scene) = &self.scene {
            self.camera = OrbitCamera::framing([0.0; 3], scene.prisms.radius * 2.0, self.aspect());
        }
    }

    /// The busiest district: the 1 km square (of a grid from the scene's origin, the
    /// centre of the plan's extent) whose strata have the most triangles, a stratum
    /// counted in the square of its box's centre; its centre (scene metres) and the
    /// triangles in it. Ties go to the square with the smallest (x, y) grid index.
    pub fn busiest_district(&self) -> Option<([f64; 2], usize)> {
        let prisms = self.prisms()?;
        let mut counts: std::collections::HashMap<(i64, i64), usize> = Default::default();
        for s in prisms.strata() {
            let cell = |v: f32| ((v as f64) / DISTRICT_M).floor() as i64;
            let key = (
                cell((s.min[0] + s.max[0]) / 2.0),
                cell((s.min[1] + s.max[1]) / 2.0),
            );
            *counts.entry(key).or_default() += (s.indices.end - s.indices.start) as usize / 3;
        }
        let (&(cx, cy), &n) = counts
            .iter()
            .max_by_key(|(key, n)| (**n, std::cmp::Reverse(**key)))?;
        let centre = [
            (cx as f64 + 0.5) * DISTRICT_M,
            (cy as f64 + 0.5) * DISTRICT_M,
        ];
        Some((centre, n))
    }

    /// The camera on the busiest district, seen from 40° up (the frame benchmark's
    /// view).
    pub fn busiest_district_camera(&self) -> Option<OrbitCamera> {
        let ([x, y], _) = self.busiest_district()?;
        let radius = self.prisms()?.radius;
        Some(OrbitCamera::framing(
            [x, y, 0.0],
            DISTRICT_M.min(radius * 2.0),
            self.aspect(),
        ))
    }

    /// The busiest district in words, for the benchmark's report (English, a
    /// developer's instrument like the rest of the report).
    pub fn busiest_district_text(&self) -> Option<String> {
        let ([x, y], triangles) = self.busiest_district()?;
        let origin = self.prisms()?.origin();
        Some(format!(
            "3D district: the 1 km square centred at ({:.0}, {:.0}) m from the plan's centre \
             (plan metres {:.0}, {:.0}), {triangles} triangles of {} in the scene",
            x,
            y,
            origin[0] + x,
            origin[1] + y,
            self.prisms()?.triangle_count()
        ))
    }

    /// The last measured frame of the GL side: milliseconds, triangles drawn and the
    /// share of the view's pixels each way it was drawn at.
    pub fn take_gl_stats(&self) -> Option<(f64, u64, f32)> {
        self.renderer.lock().ok()?.stats.take()
    }

    /// Width over height of the view.
    fn aspect(&self) -> f64 {
        (self.rect.width() / self.rect.height().max(1.0)) as f64
    }

    /// Where a stratum's top centre is on screen now (tests click there).
    pub fn screen_of_stratum(
        &self,
        parcel: &ParcelId,
        stratum: &StratumId,
        plan: &Plan,
    ) -> Option<egui::Pos2> {
        let rect = self.rect;
        let prisms = self.prisms()?;
        let info = prisms.strata().find(|s| {
            plan.parcels.get(s.parcel).is_some_and(|p| {
                &p.id == parcel && p.strata.get(s.stratum).is_some_and(|s| &s.id == stratum)
            })
        })?;
        let centre = [
            ((info.min[0] + info.max[0]) / 2.0) as f64,
            ((info.min[1] + info.max[1]) / 2.0) as f64,
            info.max[2] as f64 * self.exaggeration as f64,
        ];
        self.camera.project(centre, rect)
    }
}

/// The 3D view in the rest of `ui`: input, the GL callback, the legend. A click selects
/// the stratum under the pointer and its parcel (nothing when it hits nothing).
pub fn view3d_ui(ui: &mut Ui, cx: &View3dContext, state: &mut View3d, selected: &mut Selected) {
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let rect = response.rect;
    state.rect = rect;
    state.update_scene(cx);
    navigate(ui, &response, state);
    if response.clicked()
        && let Some(pos) = response.interact_pointer_pos()
    {
        pick_into(state, cx.plan, pos, rect, selected);
    }
    let view_projection = state.camera.view_projection(rect);
    let scale = resolution(ui, state, &view_projection, rect);
    let failed = state.renderer.lock().ok().and_then(|r| r.failed.clone());
    let Some(scene) = state.scene.as_ref().filter(|_| failed.is_none()) else {
        // Without a scene or GL, egui paints the sky; with them the callback clears it
        // (a fill through egui costs a software renderer far more than a clear).
        painter.rect_filled(rect, 0.0, gl::SKY);
        if let Some(error) = failed {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                error,
                egui::FontId::monospace(12.0),
                Color32::DARK_RED,
            );
        }
        return;
    };
    let frame = frame_draw(
        state,
        scene,
        cx.plan,
        selected,
        rect,
        (scale, view_projection),
    );
    let callback = gl::callback(
        Arc::clone(&state.renderer),
        Arc::clone(&scene.upload),
        frame,
    );
    painter.add(egui::PaintCallback {
        rect,
        callback: Arc::new(callback),
    });
    panel::legend_ui(ui, rect, &scene.legend, scene.has_conflicts, state.color_by);
}

/// The share of the view's pixels this frame is drawn at (`motion.rs`); asks for the
/// frame that draws the view whole once the camera rests.
fn resolution(ui: &Ui, state: &mut View3d, view_projection: &[f32; 16], rect: Rect) -> f32 {
    let mut camera = [0.0; 19];
    camera[..16].copy_from_slice(view_projection);
    camera[16..].copy_from_slice(&[state.exaggeration, rect.width(), rect.height()]);
    let r = state.motion.frame(camera, std::time::Instant::now());
    if let Some(after) = r.redraw_after {
        ui.ctx().request_repaint_after(after);
    }
    r.scale
}

/// Orbit (primary drag), pan (shift + primary, middle or secondary drag), zoom (wheel,
/// about the target).
fn navigate(ui: &Ui, response: &egui::Response, state: &mut View3d) {
    let delta = response.drag_delta();
    if response.dragged() && delta != egui::Vec2::ZERO {
        let shift = ui.input(|i| i.modifiers.shift);
        if response.dragged_by(egui::PointerButton::Primary) && !shift {
            state.camera.orbit(delta.x, delta.y);
        } else {
            state.camera.pan(delta.x, delta.y, response.rect);
        }
    }
    if response.hovered() {
        let scroll = ui.input(|i| i.smooth_scroll_delta.y);
        if scroll != 0.0 {
            state.camera.zoom((scroll as f64 / 200.0).exp());
        }
    }
}

/// Selects what the ray under `pos` hits first.
fn pick_into(state: &View3d, plan: &Plan, pos: egui::Pos2, rect: Rect, selected: &mut Selected) {
    let Some(prisms) = state.prisms() else { return };
    let (origin, dir) = state.camera.ray(pos, rect);
    let hit = prisms
        .pick(origin, dir, state.exaggeration as f64)
        .and_then(|(info, _)| {
            let parcel = plan.parcels.get(info.parcel)?;
            Some((
                parcel.id.clone(),
                parcel.strata.get(info.stratum)?.id.clone(),
            ))
        });
    match hit {
        Some((parcel, stratum)) => {
            selected.select_only(Some(Selection::Parcel(parcel.clone())));
            selected.stratum = Some((parcel, stratum));
        }
        None => selected.select_only(None),
    }
}

/// What the GL callback draws this frame at `scale` of the view's pixels each way, with
/// the camera's `view_projection`: the tiles in view, and the selection's runs.
fn frame_draw(
    state: &View3d,
    scene: &Scene,
    plan: &Plan,
    selected: &Selected,
    rect: Rect,
    (scale, view_projection): (f32, [f32; 16]),
) -> gl::FrameDraw {
    let runs = visible_runs(state, scene, rect, scale);
    let parcels = selected.parcel_indices(plan);
    let inspected = selected.inspected_stratum();
    let mut highlighted = Vec::new();
    let mut chosen = None;
    if !parcels.is_empty() {
        for (&cell, tile) in &scene.prisms.tiles {
            for info in tile.strata.iter().filter(|s| parcels.contains(&s.parcel)) {
                let run = (
                    cell,
                    info.indices.start,
                    info.indices.end - info.indices.start,
                );
                let id = plan
                    .parcels
                    .get(info.parcel)
                    .and_then(|p| p.strata.get(info.stratum))
                    .map(|s| &s.id);
                if Some(info.parcel) == parcels.first().copied() && id.is_some() && id == inspected
                {
                    chosen = Some(run);
                } else {
                    highlighted.push(run);
                }
            }
        }
    }
    gl::FrameDraw {
        measure: state.measure,
        scale,
        view_projection,
        eye: state.camera.eye().map(|v| v as f32),
        haze: state.camera.haze().map(|v| v as f32),
        z_scale: state.exaggeration,
        ground: ground_draw(state, scene, rect),
        runs,
        highlighted,
        selected: chosen,
    }
}

/// The whole ground, or, when it fills the view, the cells of it the haze reaches.
fn ground_draw(state: &View3d, scene: &Scene, rect: Rect) -> gl::GroundDraw {
    let radius = scene.prisms.radius;
    if !state
        .camera
        .ground_fills(rect, conflicts::ground_half_side(radius))
    {
        return gl::GroundDraw::Whole;
    }
    let [haze_start, _] = state.camera.haze();
    gl::GroundDraw::Fills(conflicts::hazed_ground(
        radius,
        state.camera.eye(),
        haze_start,
    ))
}

/// The tiles in view, each at its level of detail (`lod.rs`) for the pixels drawn
/// (`scale` of the view's each way), nearest first (so the depth test spares the
/// pixels of what lies behind).
fn visible_runs(state: &View3d, scene: &Scene, rect: Rect, scale: f32) -> Vec<gl::Run> {
    let planes = state.camera.frustum(rect);
    let z = state.exaggeration as f64;
    let at = |v: [f32; 3]| [v[0] as f64, v[1] as f64, v[2] as f64 * z];
    let eye = state.camera.eye();
    let pixels_per_radian = state.camera.pixels_per_radian(rect) * scale as f64;
    // A tile wholly in the haze is the sky's colour: not drawn.
    let [_, hidden] = state.camera.haze();
    let mut runs: Vec<(f64, gl::Run)> = scene
        .prisms
        .tiles
        .iter()
        .filter(|(_, t)| camera::box_in_frustum(&planes, at(t.min), at(t.max)))
        .map(|(&cell, t)| (cell, t, box_distance(eye, at(t.min), at(t.max))))
        .filter(|&(_, _, distance)| distance <= hidden)
        .map(|(cell, t, distance)| {
            let run = &t.levels[lod::level_for(distance, pixels_per_radian, z)];
            (distance, (cell, run.start, run.end - run.start))
        })
        .collect();
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    runs.into_iter().map(|(_, run)| run).collect()
}

/// The distance from `p` to the nearest point of the box (0 inside).
fn box_distance(p: [f64; 3], min: [f64; 3], max: [f64; 3]) -> f64 {
    let d = |k: usize| (min[k] - p[k]).max(p[k] - max[k]).max(0.0);
    (d(0).powi(2) + d(1).powi(2) + d(2).powi(2)).sqrt()
}
