//! The canvas tools' input handling, one small unit per tool: a tool reads the pointer
//! through a [`ToolContext`], moves the [`Interaction`] along (start, follow, end), draws
//! its own feedback and returns edit commands. `canvas.rs` draws the map and calls
//! [`tool_input`] for the active tool.

mod draw;
mod facility;
mod measure;
mod move_parcels;
mod rectangle;
mod select;
mod split_merge;
mod trace;
mod vertices;

use egui::{Color32, Pos2, Shape, Stroke, Ui, vec2};

use super::interaction::{Interaction, Pointer};
use super::map_cache::MapCache;
use super::selection::{Selected, Selection};
use super::view::{Tool, ViewState};
use crate::edit::EditCmd;
use crate::edit::overlaps::avoid_overlaps;
use crate::edit::snap::{Snap, SnapKind, better, snap};
use crate::model::{Plan, Reference};

/// An edit a tool made, or why the shape was refused.
pub type Outcome = Result<EditCmd, crate::edit::EditError>;

/// Points within this many screen points of a corner snap to it.
const SNAP_PX: f32 = 10.0;

/// What a tool reads and changes this frame.
pub struct ToolContext<'a> {
    pub ui: &'a Ui,
    pub response: &'a egui::Response,
    pub painter: &'a egui::Painter,
    pub plan: &'a Plan,
    pub reference: &'a Reference,
    pub cache: &'a MapCache,
    pub view: &'a ViewState,
    pub selected: &'a mut Selected,
    pub pointer: &'a mut Pointer,
    pub edits: &'a mut Vec<Outcome>,
    /// The visible CAD underlays: snap targets, and the rings Trace turns into parcels.
    pub cad: &'a [super::underlays::CadLayer],
}

/// Runs the active tool for this frame.
pub fn tool_input(cx: &mut ToolContext) {
    match cx.view.tool {
        Tool::Select => select::input(cx),
        Tool::Move => move_parcels::input(cx),
        Tool::DrawParcel | Tool::DrawStreet => draw::input(cx),
        Tool::Measure => measure::input(cx),
        Tool::DrawRectangle => rectangle::input(cx),
        Tool::PlaceFacility => facility::input(cx),
        Tool::Split => split_merge::split_input(cx),
        Tool::Merge => split_merge::merge_input(cx),
        Tool::EditVertices => vertices::input(cx),
        Tool::Trace => trace::input(cx),
    }
}

impl ToolContext<'_> {
    /// Where the pointer snaps to: within 10 px of a corner, else of an edge, of a parcel,
    /// a street or a CAD underlay's line; found through indexes, so the cost does not
    /// grow with the city or the drawing.
    fn snap_at(&self, pos: Pos2) -> Option<Snap> {
        if !self.view.snapping {
            return None;
        }
        let t = self.view.camera;
        let at = t.world_from_screen(pos);
        let tolerance = SNAP_PX as f64 / t.pixels_per_meter;
        let scenario = self.view.scenario;
        let rings = self.cache.rings_near(self.plan, scenario, at, tolerance);
        let streets = self.plan.streets_in(scenario).flat_map(|s| s.line.0.iter());
        let own = snap(rings.into_iter().chain(streets), at, tolerance);
        self.cad.iter().fold(own, |best, layer| {
            better(best, layer.snaps.snap(at, tolerance), at)
        })
    }

    /// A screen position in world metres, snapped.
    fn snap_world(&self, pos: Pos2) -> [f64; 2] {
        self.snap_at(pos)
            .map_or_else(|| self.view.camera.world_from_screen(pos), |s| s.point)
    }

    /// Where a click went down, snapped (world metres).
    fn clicked_at(&self) -> Option<[f64; 2]> {
        self.response
            .interact_pointer_pos()
            .map(|p| self.snap_world(p))
    }

    /// A primary click this frame, where (screen).
    fn click(&self) -> Option<Pos2> {
        if self.response.clicked_by(egui::PointerButton::Primary) {
            self.response.interact_pointer_pos()
        } else {
            None
        }
    }

    /// Where the pointer is (screen), snapped, with the snap cue drawn.
    fn pointer_snapped(&self) -> Option<Pos2> {
        let p = self
            .response
            .hover_pos()
            .or(self.response.interact_pointer_pos())?;
        let Some(found) = self.snap_at(p) else {
            return Some(p);
        };
        let at = self.view.camera.screen_from_world(found.point);
        let cue = Stroke::new(2.0, Color32::from_rgb(230, 0, 200));
        match found.kind {
            SnapKind::Corner => {
                self.painter.circle_stroke(at, 6.0, cue);
            }
            SnapKind::Edge => {
                // A diamond marks a point on an edge (a circle marks a corner).
                let d = 6.0;
                self.painter.add(Shape::closed_line(
                    vec![
                        at + vec2(0.0, -d),
                        at + vec2(d, 0.0),
                        at + vec2(0.0, d),
                        at + vec2(-d, 0.0),
                    ],
                    cue,
                ));
            }
        }
        Some(at)
    }

    /// Clips a new or reshaped parcel against its neighbours when "avoid overlaps" is on.
    fn finish(&self, cmd: Outcome) -> Outcome {
        let cmd = cmd?;
        if self.view.avoid_overlaps {
            avoid_overlaps(self.plan, cmd)
        } else {
            Ok(cmd)
        }
    }

    /// The parcel of the shown scenario under a screen position.
    fn parcel_under(&self, pos: Pos2) -> Option<usize> {
        let at = self.view.camera.world_from_screen(pos);
        self.cache.parcel_at(self.plan, self.view.scenario, at)
    }

    /// The facility within 8 points of a screen position, else the topmost parcel under it.
    fn hit(&self, pos: Pos2) -> Option<Selection> {
        let t = self.view.camera;
        if self.view.show_facilities {
            let near_facility = self
                .plan
                .facilities
                .iter()
                .filter(|f| f.scenario == self.view.scenario)
                .map(|f| {
                    let d = t
                        .screen_from_world([f.position.x(), f.position.y()])
                        .distance(pos);
                    (f, d)
                })
                .filter(|(_, d)| *d <= 8.0)
                .min_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((f, _)) = near_facility {
                return Some(Selection::Facility(f.id.clone()));
            }
        }
        self.parcel_under(pos)
            .map(|i| Selection::Parcel(self.plan.parcels[i].id.clone()))
    }

    /// The points drawn so far, taken out of the interaction (empty unless drawing).
    fn drawn_points(&mut self) -> Vec<[f64; 2]> {
        match std::mem::take(&mut self.pointer.interaction) {
            Interaction::Drawing(points) => points,
            other => {
                self.pointer.interaction = other;
                Vec::new()
            }
        }
    }
}

/// A path drawn so far, with the pointer as its next point.
fn draw_path(cx: &ToolContext, points: &[[f64; 2]], pointer: Option<Pos2>) {
    let t = cx.view.camera;
    let mut on_screen: Vec<Pos2> = points.iter().map(|p| t.screen_from_world(*p)).collect();
    if let Some(p) = pointer
        && !on_screen.is_empty()
    {
        on_screen.push(p);
    }
    let stroke = Stroke::new(2.0, Color32::from_rgb(0, 120, 255));
    for p in &on_screen {
        cx.painter.circle_filled(*p, 3.0, stroke.color);
    }
    cx.painter.add(Shape::line(on_screen, stroke));
}
