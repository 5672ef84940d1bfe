//! The map canvas: pan (middle or right drag, arrow keys), zoom about the cursor (wheel),
//! parcels filled by land-use colour (tessellated: egui only fills convex polygons),
//! streets, facilities (a held one where the pointer holds it), the selection, the
//! review's overlay, a scale bar and the legend; the cursor position in metres. What
//! each tool does with the pointer is in `tools/`, called from here.

use egui::{Color32, Mesh, PointerButton, Pos2, Sense, Shape, Stroke, Ui, pos2, vec2};

use super::interaction::Pointer;
use super::legend::{legend, scale_bar};
use super::map_cache::{MapCache, add_dashed_line, add_thin_line};
use super::selection::Selected;
use super::tools::{Outcome, ToolContext, tool_input};
use super::transform::ScreenFromWorld;
use super::view::ViewState;
use crate::model::{FacilityId, Plan, Reference, Scenario};
use crate::render::style;

fn color_of(rgb: [u8; 3], alpha: u8) -> Color32 {
    Color32::from_rgba_unmultiplied(rgb[0], rgb[1], rgb[2], alpha)
}

/// Colour of a facility category by tier (the core style).
fn tier_color(tier: &str) -> Color32 {
    let [r, g, b] = style::tier_color(tier);
    Color32::from_rgb(r, g, b)
}

/// More facilities than this on screen are drawn as small squares in one mesh.
const FACILITY_MESH_ABOVE: usize = 1500;
/// At most this many parcel labels a frame (beyond that they are unreadable anyway).
const MAX_LABELS: usize = 400;

/// What the canvas reads.
pub struct CanvasContext<'a> {
    pub plan: &'a Plan,
    pub reference: &'a Reference,
    pub cache: &'a MapCache,
    /// The zoomed-out picture of the plan, its extent and metres per pixel.
    pub overview: Option<&'a (egui::TextureHandle, [f64; 4], f64)>,
    /// The streets as one picture (overview.rs), used with the overview.
    pub street_overview: Option<&'a (egui::TextureHandle, [f64; 4], f64)>,
    /// What the review draws over the map.
    pub overlay: &'a super::overlay::Overlay,
    /// Suggested sites (assets panel).
    pub sites: &'a super::assets_panel::Overlay,
    /// What File → Import would add, drawn until it is imported or cancelled.
    pub import: Option<&'a super::import_dialog::ImportDialog>,
    /// The plan's underlays, drawn under everything.
    pub underlays: &'a super::underlays::Underlays,
}

/// What the canvas changes: the camera, the selection and the pointer's interaction.
pub struct CanvasState<'a> {
    pub view: &'a mut ViewState,
    pub selected: &'a mut Selected,
    pub pointer: &'a mut Pointer,
}

/// What one frame draws with: the painter, the plan, the view and the selection.
struct Scene<'a> {
    painter: &'a egui::Painter,
    plan: &'a Plan,
    reference: &'a Reference,
    view: &'a ViewState,
    /// Selected parcels (indices this frame).
    selected: &'a [usize],
    /// The inspected facility.
    facility: Option<&'a FacilityId>,
    /// The facility held in a drag and where the pointer holds it (screen).
    held: Option<(&'a FacilityId, Pos2)>,
    /// The part of the world on screen: south-west and north-east corners.
    world: ([f64; 2], [f64; 2]),
    /// Alpha of the shown scenario's parcel fills.
    fill_alpha: u8,
}

/// Draws the canvas and handles its input; returns the edits the user made.
pub fn canvas_ui(ui: &mut Ui, cx: &CanvasContext, state: CanvasState) -> Vec<Outcome> {
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let rect = response.rect;
    state.view.camera.screen_rect = rect;
    if !state.view.fitted {
        if let Some((min, max)) = plan_extent(cx.plan) {
            state.view.camera.fit(min, max);
        }
        state.view.fitted = true;
    }
    navigate(ui, &response, state.view, state.pointer);
    let t = state.view.camera;
    painter.rect_filled(rect, 0.0, Color32::from_gray(246));
    cx.underlays.draw(&painter, cx.plan, &t);
    // Over an underlay the parcels let the ground show through.
    let fill_alpha = if cx.underlays.any_shown(cx.plan) {
        140
    } else {
        235
    };
    let selected = state.selected.parcel_indices(cx.plan);
    let held = state
        .pointer
        .interaction
        .held_facility()
        .and_then(|(id, _)| response.interact_pointer_pos().map(|pos| (id.clone(), pos)));
    let scene = Scene {
        painter: &painter,
        plan: cx.plan,
        reference: cx.reference,
        view: state.view,
        selected: &selected,
        facility: state.selected.facility(),
        held: held.as_ref().map(|(id, pos)| (id, *pos)),
        world: (
            t.world_from_screen(rect.left_bottom()),
            t.world_from_screen(rect.right_top()),
        ),
        fill_alpha,
    };
    draw_map(&scene, cx);
    let mut edits = Vec::new();
    let cad = cx.underlays.cad_layers(cx.plan);
    tool_input(&mut ToolContext {
        ui,
        response: &response,
        painter: &painter,
        plan: cx.plan,
        reference: cx.reference,
        cache: cx.cache,
        view: state.view,
        selected: state.selected,
        pointer: state.pointer,
        edits: &mut edits,
        cad: &cad,
    });
    cx.overlay.draw_over(&painter, &t, response.hover_pos());
    scale_bar(&painter, rect, t.pixels_per_meter);
    super::underlays::attribution_ui(&painter, rect, &cx.underlays.attributions(cx.plan));
    if state.view.show_legend {
        legend(&painter, rect, cx.reference, cx.cache, state.view);
    }
    edits
}

/// The map under the tools: parcels (or the overview picture), the review's overlay,
/// streets, facilities and suggested sites.
fn draw_map(scene: &Scene, cx: &CanvasContext) {
    let t = scene.view.camera;
    let (world_a, world_b) = scene.world;
    // Zoomed out on a big plan: the whole plan as one picture, when it is at least as
    // detailed as the screen (see overview.rs); else the parcels on screen, one by one.
    let meters_per_point = 1.0 / t.pixels_per_meter;
    let zoomed_out = cx
        .overview
        .filter(|(_, _, mpp)| super::overview::shown_at(*mpp, meters_per_point));
    match zoomed_out {
        Some(picture) => {
            draw_picture(scene, picture);
            draw_selection(scene);
        }
        None => {
            let visible = cx.cache.visible(world_a, world_b);
            draw_parcels(scene, cx.cache, &visible);
        }
    }
    cx.overlay.draw_under(scene.painter, &t);
    if scene.view.show_streets {
        // With the overview, the streets' picture when it is as detailed as the screen.
        let picture = zoomed_out
            .and(cx.street_overview)
            .filter(|(_, _, mpp)| super::overview::shown_at(*mpp, meters_per_point));
        match picture {
            Some(picture) => draw_picture(scene, picture),
            None => draw_streets(scene),
        }
    }
    // Zoomed out, the facilities are dots in the overview picture.
    if scene.view.show_facilities && zoomed_out.is_none() {
        draw_facilities(scene);
    }
    super::assets_panel::draw_overlay(scene.painter, scene.plan, cx.sites, &t);
    if let Some(import) = cx.import {
        import.draw(scene.painter, &t);
    }
}

/// An overview picture (overview.rs) over the world rectangle it covers.
fn draw_picture(scene: &Scene, (texture, bbox, _): &(egui::TextureHandle, [f64; 4], f64)) {
    let t = scene.view.camera;
    let a = t.screen_from_world([bbox[0], bbox[3]]);
    let b = t.screen_from_world([bbox[2], bbox[1]]);
    scene.painter.image(
        texture.id(),
        egui::Rect::from_min_max(a, b),
        egui::Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
        Color32::WHITE,
    );
}

/// Pan (middle or right drag, space + drag, arrow keys), zoom about the cursor (wheel).
fn navigate(ui: &Ui, response: &egui::Response, view: &mut ViewState, pointer: &mut Pointer) {
    let space = ui.input(|i| i.key_down(egui::Key::Space));
    if response.dragged_by(PointerButton::Middle)
        || response.dragged_by(PointerButton::Secondary)
        || (space && response.dragged_by(PointerButton::Primary))
    {
        view.camera.pan(response.drag_delta());
    }
    if let Some(hover) = response.hover_pos() {
        let scroll = ui.input(|i| i.smooth_scroll_delta.y);
        if scroll != 0.0 {
            view.camera
                .zoom_about(hover, (scroll as f64 * 0.0025).exp());
        }
        pointer.cursor_in_world = Some(view.camera.world_from_screen(hover));
    } else {
        pointer.cursor_in_world = None;
    }
    let typing = ui.ctx().memory(|m| m.focused().is_some());
    if !typing {
        let step = 60.0;
        let keys = ui.input(|i| {
            [
                i.key_pressed(egui::Key::ArrowLeft),
                i.key_pressed(egui::Key::ArrowRight),
                i.key_pressed(egui::Key::ArrowUp),
                i.key_pressed(egui::Key::ArrowDown),
            ]
        });
        let dx = if keys[0] {
            step
        } else if keys[1] {
            -step
        } else {
            0.0
        };
        let dy = if keys[2] {
            step
        } else if keys[3] {
            -step
        } else {
            0.0
        };
        if dx != 0.0 || dy != 0.0 {
            view.camera.pan(vec2(dx, dy));
        }
    }
}

/// Parcels: the other scenario faint underneath, then the shown one with outlines, mixed
/// use marked, the selection highlighted and labels when there is room.
fn draw_parcels(scene: &Scene, cache: &MapCache, visible: &[usize]) {
    let (painter, plan, view) = (scene.painter, scene.plan, scene.view);
    let t = view.camera;
    let ppm = t.pixels_per_meter;
    let mut faint = Mesh::default();
    let mut fill = Mesh::default();
    let mut outline = Mesh::default();
    let mut mixed_lines: Vec<Vec<Pos2>> = Vec::new();
    let mut labels = Vec::new();
    let outline_color = Color32::from_gray(60);
    let mixed_color = Color32::from_rgb(120, 0, 160);
    for &i in visible {
        let Some(parcel) = plan.parcels.get(i) else {
            continue;
        };
        let rgb = cache.colors.get(i).copied().unwrap_or([200, 200, 200]);
        if parcel.scenario != view.scenario {
            cache.add_fill(&mut faint, i, &t, color_of(rgb, 40));
            continue;
        }
        cache.add_fill(&mut fill, i, &t, color_of(rgb, scene.fill_alpha));
        if !cache.shows_outline(i, ppm) {
            continue;
        }
        let mixed = cache.mixed.get(i).copied().unwrap_or(false);
        let marked = cache.outlines.get(i).copied().flatten();
        for ring in cache.geoms[i].drawn_rings(ppm).iter() {
            let points = closed_on_screen(&t, ring.corners());
            if let Some(rgb) = marked {
                // A violation (compliance mode): a strong outline over everything.
                add_thin_line(&mut outline, &points, 2.5, color_of(rgb, 255));
            } else if mixed {
                add_thin_line(&mut outline, &points, 1.0, mixed_color);
                mixed_lines.push(points);
            } else {
                add_thin_line(&mut outline, &points, 1.0, outline_color);
            }
        }
        if view.show_labels
            && labels.len() < MAX_LABELS
            && let (Some(name), Some(p)) = (&parcel.name, cache.geoms[i].label_at)
        {
            let size = cache.geoms[i].bbox[2] - cache.geoms[i].bbox[0];
            if size * ppm > 40.0 {
                labels.push((p, name));
            }
        }
    }
    // Mixed-use strata: a dashed outline over the main use's colour, where it can be seen.
    let mut dashes = Mesh::default();
    if mixed_lines.len() <= 3000 {
        for points in mixed_lines {
            add_dashed_line(&mut dashes, &points, 2.0, mixed_color, (6.0, 4.0));
        }
    }
    for mesh in [faint, fill, outline, dashes] {
        if !mesh.indices.is_empty() {
            painter.add(Shape::mesh(mesh));
        }
    }
    draw_selection(scene);
    if labels.len() < MAX_LABELS {
        draw_labels(painter, &t, &labels);
    }
}

/// Parcel names at their label points.
fn draw_labels(painter: &egui::Painter, t: &ScreenFromWorld, labels: &[([f64; 2], &String)]) {
    for (p, name) in labels {
        // The Chinese part of "中文名 (English name)" is the short label.
        let short: String = name
            .split(" (")
            .next()
            .unwrap_or(name)
            .chars()
            .take(14)
            .collect();
        painter.text(
            t.screen_from_world(*p),
            egui::Align2::CENTER_CENTER,
            short,
            egui::FontId::proportional(10.0),
            Color32::from_gray(30),
        );
    }
}

/// A ring of corners (without the closing one) on screen, closed.
fn closed_on_screen(t: &ScreenFromWorld, ring: impl Iterator<Item = [f64; 2]>) -> Vec<Pos2> {
    let mut points: Vec<Pos2> = ring.map(|c| t.screen_from_world(c)).collect();
    if let Some(&first) = points.first() {
        points.push(first);
    }
    points
}

/// A ring or line in screen points.
fn on_screen(t: &ScreenFromWorld, line: &geo::LineString<f64>) -> Vec<Pos2> {
    line.0
        .iter()
        .map(|c| t.screen_from_world([c.x, c.y]))
        .collect()
}

/// The selected parcels outlined in orange.
fn draw_selection(scene: &Scene) {
    let t = scene.view.camera;
    for &i in scene.selected {
        if let Some(parcel) = scene.plan.parcels.get(i) {
            for polygon in &parcel.shape.0 {
                for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                    let points = on_screen(&t, ring);
                    scene.painter.add(Shape::line(
                        points,
                        Stroke::new(3.0, Color32::from_rgb(255, 170, 0)),
                    ));
                }
            }
        }
    }
}

fn draw_streets(scene: &Scene) {
    let (painter, plan, view) = (scene.painter, scene.plan, scene.view);
    let (world_a, world_b) = scene.world;
    let t = view.camera;
    let mut mesh = Mesh::default();
    for street in plan.streets_in(view.scenario) {
        for line in &street.line.0 {
            let Some(r) = geo::BoundingRect::bounding_rect(line) else {
                continue;
            };
            if r.max().x < world_a[0]
                || r.min().x > world_b[0]
                || r.max().y < world_a[1]
                || r.min().y > world_b[1]
            {
                continue;
            }
            // Simplified to a third of a pixel: a city's streets have many corners that
            // fall on one pixel when zoomed out (Ramer–Douglas–Peucker, geo's Simplify).
            let simple = geo::Simplify::simplify(line, 0.3 / t.pixels_per_meter);
            let points = on_screen(&t, &simple);
            let width = if street.walkable { 2.0 } else { 1.0 };
            add_thin_line(&mut mesh, &points, width, Color32::from_gray(140));
        }
    }
    if !mesh.indices.is_empty() {
        painter.add(Shape::mesh(mesh));
    }
}

/// Facilities as dots coloured by tier, with the one being dragged where the pointer is.
fn draw_facilities(scene: &Scene) {
    let (painter, plan, view, reference) = (scene.painter, scene.plan, scene.view, scene.reference);
    let (world_a, world_b) = scene.world;
    let t = view.camera;
    let on_screen: Vec<usize> = plan
        .facilities
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            let (x, y) = (f.position.x(), f.position.y());
            f.scenario == view.scenario
                && x >= world_a[0]
                && x <= world_b[0]
                && y >= world_a[1]
                && y <= world_b[1]
        })
        .map(|(i, _)| i)
        .collect();
    let tier_of = |i: usize| {
        reference
            .standard
            .category(&plan.facilities[i].category)
            .map_or("", |c| c.tier.as_str())
    };
    if on_screen.len() > FACILITY_MESH_ABOVE {
        let mut mesh = Mesh::default();
        for &i in &on_screen {
            let f = &plan.facilities[i];
            let at = t.screen_from_world([f.position.x(), f.position.y()]);
            mesh.add_colored_rect(
                egui::Rect::from_center_size(at, vec2(3.0, 3.0)),
                tier_color(tier_of(i)),
            );
        }
        painter.add(Shape::mesh(mesh));
        return;
    }
    for i in on_screen {
        let facility = &plan.facilities[i];
        let mut at = t.screen_from_world([facility.position.x(), facility.position.y()]);
        if let Some((held, pos)) = scene.held
            && *held == facility.id
        {
            at = pos;
        }
        let selected = scene.facility == Some(&facility.id);
        let look = style::facility_style(&reference.standard, &facility.category);
        let [r, g, b] = look.color;
        draw_symbol(
            painter,
            at,
            if selected { 8.0 } else { 5.5 },
            look.symbol,
            Color32::from_rgb(r, g, b),
        );
        if selected {
            painter.circle_stroke(at, 11.0, Stroke::new(2.0, Color32::from_rgb(255, 170, 0)));
        }
    }
}

/// A facility symbol (the core style's shape for its category, as in `strata render`):
/// filled in the tier's colour with a white edge so it reads on any fill.
fn draw_symbol(painter: &egui::Painter, at: Pos2, r: f32, symbol: style::Symbol, color: Color32) {
    use style::Symbol;
    let edge = Stroke::new(1.2, Color32::WHITE);
    let polygon = |corners: &[(f32, f32)]| {
        Shape::convex_polygon(
            corners
                .iter()
                .map(|(x, y)| at + vec2(x * r, y * r))
                .collect(),
            color,
            edge,
        )
    };
    let bars = |a: [(f32, f32); 2], b: [(f32, f32); 2]| {
        for [p, q] in [a, b] {
            let seg = [at + vec2(p.0 * r, p.1 * r), at + vec2(q.0 * r, q.1 * r)];
            painter.line_segment(seg, Stroke::new(4.0, Color32::WHITE));
            painter.line_segment(seg, Stroke::new(2.2, color));
        }
    };
    match symbol {
        Symbol::Circle => {
            painter.circle(at, r, color, edge);
        }
        Symbol::Square => {
            painter.add(polygon(&[
                (-0.85, -0.85),
                (0.85, -0.85),
                (0.85, 0.85),
                (-0.85, 0.85),
            ]));
        }
        Symbol::Triangle => {
            painter.add(polygon(&[(0.0, -1.1), (1.0, 0.75), (-1.0, 0.75)]));
        }
        Symbol::InvertedTriangle => {
            painter.add(polygon(&[(-1.0, -0.75), (1.0, -0.75), (0.0, 1.1)]));
        }
        Symbol::Diamond => {
            painter.add(polygon(&[
                (0.0, -1.15),
                (1.15, 0.0),
                (0.0, 1.15),
                (-1.15, 0.0),
            ]));
        }
        Symbol::Hexagon => {
            let corners: Vec<(f32, f32)> = (0..6)
                .map(|k| {
                    let a = std::f32::consts::FRAC_PI_3 * k as f32;
                    (a.cos(), a.sin())
                })
                .collect();
            painter.add(polygon(&corners));
        }
        Symbol::Cross => bars([(-1.0, 0.0), (1.0, 0.0)], [(0.0, -1.0), (0.0, 1.0)]),
        Symbol::Saltire => bars([(-0.8, -0.8), (0.8, 0.8)], [(-0.8, 0.8), (0.8, -0.8)]),
        Symbol::Star => {
            bars([(-1.0, 0.0), (1.0, 0.0)], [(-0.5, -0.87), (0.5, 0.87)]);
            bars([(-0.5, 0.87), (0.5, -0.87)], [(0.0, 0.0), (0.0, 0.0)]);
        }
        Symbol::Ring => {
            painter.circle_stroke(at, r * 0.8, Stroke::new(4.0, Color32::WHITE));
            painter.circle_stroke(at, r * 0.8, Stroke::new(2.2, color));
        }
        Symbol::SquareRing => {
            let rect = egui::Rect::from_center_size(at, vec2(1.5 * r, 1.5 * r));
            painter.rect_stroke(
                rect,
                0.0,
                Stroke::new(4.0, Color32::WHITE),
                egui::StrokeKind::Middle,
            );
            painter.rect_stroke(rect, 0.0, Stroke::new(2.2, color), egui::StrokeKind::Middle);
        }
    }
}

/// The extent of everything in the plan, in world metres.
pub fn plan_extent(plan: &Plan) -> Option<([f64; 2], [f64; 2])> {
    plan.extent(None)
        .map(|r| ([r.min().x, r.min().y], [r.max().x, r.max().y]))
}

/// Which scenario a view shows by default.
pub fn default_scenario(plan: &Plan) -> Scenario {
    if plan.parcels_in(Scenario::Proposed).next().is_some() {
        Scenario::Proposed
    } else {
        Scenario::Existing
    }
}
