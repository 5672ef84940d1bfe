//! The map canvas: pan (middle or right drag, arrow keys), zoom about the cursor (wheel),
//! parcels filled by land-use colour (tessellated: egui only fills convex polygons),
//! streets, facilities, selection, dragging a facility (one undoable edit when the drag
//! ends), a scale bar and the cursor position in metres and longitude/latitude.

use egui::{Color32, Mesh, PointerButton, Pos2, Sense, Shape, Stroke, Ui, pos2, vec2};
use geo::Point;

use super::app::{Selection, Tool, ViewState};
use super::legend::{legend, scale_bar};
use super::map_cache::{MapCache, add_thin_line};
use super::transform::ScreenFromWorld;
use crate::edit::create::{add_drawn_parcel, add_facility, add_street};
use crate::edit::geometry::{
    VertexRef, insert_vertex, merge_parcels, move_vertex, split_parcel, translate_parcels,
};
use crate::edit::overlaps::avoid_overlaps;
use crate::edit::snap::{SnapKind, snap};
use crate::edit::{EditCmd, EditError, move_facility};
use crate::i18n::tr;
use crate::model::{Plan, Reference, Scenario};
use crate::render::style;
use crate::tr;

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

/// Draws the canvas and handles its input; returns the edits the user made.
pub fn canvas_ui(
    ui: &mut Ui,
    plan: &Plan,
    reference: &Reference,
    cache: &MapCache,
    overview: Option<&(egui::TextureHandle, [f64; 4], f64)>,
    overlay: &super::overlay::Overlay,
    view: &mut ViewState,
) -> Vec<Result<EditCmd, EditError>> {
    let mut edits = Vec::new();
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let rect = response.rect;
    view.camera.screen_rect = rect;
    if !view.fitted {
        if let Some((min, max)) = plan_extent(plan) {
            view.camera.fit(min, max);
        }
        view.fitted = true;
    }
    navigate(ui, &response, view);
    let t = view.camera;
    painter.rect_filled(rect, 0.0, Color32::from_gray(246));
    let world_a = t.world_from_screen(rect.left_bottom());
    let world_b = t.world_from_screen(rect.right_top());
    // Zoomed out on a big plan: the whole plan as one picture, when it is at least as
    // detailed as the screen (see overview.rs); else the parcels on screen, one by one.
    // (magnified up to 1.25×: a little soft, but it spares the frames where tens of
    // thousands of parcels would each become a mesh).
    let zoomed_out = overview.filter(|(_, _, mpp)| 1.0 / t.pixels_per_meter >= 0.8 * *mpp);
    match zoomed_out {
        Some((texture, bbox, _)) => {
            let a = t.screen_from_world([bbox[0], bbox[3]]);
            let b = t.screen_from_world([bbox[2], bbox[1]]);
            painter.image(
                texture.id(),
                egui::Rect::from_min_max(a, b),
                egui::Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                Color32::WHITE,
            );
            draw_selection(&painter, plan, view);
        }
        None => {
            let visible = cache.visible(world_a, world_b);
            draw_parcels(&painter, plan, cache, view, &visible);
        }
    }
    overlay.draw_under(&painter, &t);
    if view.show_streets {
        draw_streets(&painter, plan, view, world_a, world_b);
    }
    // Zoomed out, the facilities are dots in the overview picture.
    if view.show_facilities && zoomed_out.is_none() {
        draw_facilities(&painter, &response, plan, reference, view, world_a, world_b);
    }
    super::assets_panel::draw_overlay(&painter, plan, &view.assets_overlay, &t);
    select_and_move(ui, &response, &painter, plan, cache, view, &mut edits);
    if !matches!(view.tool, Tool::Select | Tool::Move) {
        edits.extend(drawing_tools(ui, &response, &painter, plan, cache, view));
    }
    overlay.draw_over(&painter, &t, response.hover_pos());
    // Where a dragged facility is now, so the review can show its effect while dragging.
    view.drag_preview = view.dragging_facility.and_then(|(i, _)| {
        response
            .interact_pointer_pos()
            .map(|pos| (i, t.world_from_screen(pos)))
    });
    scale_bar(&painter, rect, t.pixels_per_meter);
    if view.show_legend {
        legend(&painter, rect, reference, cache, view);
    }
    edits
}

/// Pan (middle or right drag, space + drag, arrow keys), zoom about the cursor (wheel).
fn navigate(ui: &Ui, response: &egui::Response, view: &mut ViewState) {
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
        view.cursor_in_world = Some(view.camera.world_from_screen(hover));
    } else {
        view.cursor_in_world = None;
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
fn draw_parcels(
    painter: &egui::Painter,
    plan: &Plan,
    cache: &MapCache,
    view: &ViewState,
    visible: &[usize],
) {
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
        cache.add_fill(&mut fill, i, &t, color_of(rgb, 235));
        if !cache.shows_outline(i, ppm) {
            continue;
        }
        let mixed = cache.mixed.get(i).copied().unwrap_or(false);
        for polygon in &parcel.shape.0 {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                let points = on_screen(&t, ring);
                if mixed {
                    add_thin_line(&mut outline, &points, 1.0, mixed_color);
                    mixed_lines.push(points);
                } else {
                    add_thin_line(&mut outline, &points, 1.0, outline_color);
                }
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
    for mesh in [faint, fill, outline] {
        if !mesh.indices.is_empty() {
            painter.add(Shape::mesh(mesh));
        }
    }
    // Mixed-use strata: a dashed outline over the main use's colour, where it can be seen.
    if mixed_lines.len() <= 3000 {
        for points in mixed_lines {
            painter.extend(Shape::dashed_line(
                &points,
                Stroke::new(2.0, mixed_color),
                6.0,
                4.0,
            ));
        }
    }
    draw_selection(painter, plan, view);
    if labels.len() < MAX_LABELS {
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
                t.screen_from_world(p),
                egui::Align2::CENTER_CENTER,
                short,
                egui::FontId::proportional(10.0),
                Color32::from_gray(30),
            );
        }
    }
}

/// A ring or line in screen points.
fn on_screen(t: &ScreenFromWorld, line: &geo::LineString<f64>) -> Vec<Pos2> {
    line.0
        .iter()
        .map(|c| t.screen_from_world([c.x, c.y]))
        .collect()
}

/// The selected parcels outlined in orange.
fn draw_selection(painter: &egui::Painter, plan: &Plan, view: &ViewState) {
    let t = view.camera;
    for i in view.selected_parcels() {
        if let Some(parcel) = plan.parcels.get(i) {
            for polygon in &parcel.shape.0 {
                for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                    let points = on_screen(&t, ring);
                    painter.add(Shape::line(
                        points,
                        Stroke::new(3.0, Color32::from_rgb(255, 170, 0)),
                    ));
                }
            }
        }
    }
}

fn draw_streets(
    painter: &egui::Painter,
    plan: &Plan,
    view: &ViewState,
    world_a: [f64; 2],
    world_b: [f64; 2],
) {
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
fn draw_facilities(
    painter: &egui::Painter,
    response: &egui::Response,
    plan: &Plan,
    reference: &Reference,
    view: &ViewState,
    world_a: [f64; 2],
    world_b: [f64; 2],
) {
    let t = view.camera;
    let dragging = view.dragging_facility;
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
        if dragging.is_some_and(|(d, _)| d == i)
            && let Some(pos) = response.interact_pointer_pos()
        {
            at = pos;
        }
        let selected = view.selection == Some(Selection::Facility(i));
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

/// The facility within 8 points of a screen position, else the topmost parcel under it.
fn hit(plan: &Plan, cache: &MapCache, view: &ViewState, pos: Pos2) -> Option<Selection> {
    let t = view.camera;
    if view.show_facilities {
        let near_facility = plan
            .facilities
            .iter()
            .enumerate()
            .filter(|(_, f)| f.scenario == view.scenario)
            .map(|(i, f)| {
                (
                    i,
                    t.screen_from_world([f.position.x(), f.position.y()])
                        .distance(pos),
                )
            })
            .filter(|(_, d)| *d <= 8.0)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, _)) = near_facility {
            return Some(Selection::Facility(i));
        }
    }
    cache
        .parcel_at(plan, view.scenario, t.world_from_screen(pos))
        .map(Selection::Parcel)
}

/// Select tool: click selects, shift-click adds or removes a parcel, a drag from empty
/// ground selects the parcels inside the box, a drag from a facility moves it.
/// Move tool: a drag moves the selected parcels (one undoable step).
fn select_and_move(
    ui: &Ui,
    response: &egui::Response,
    painter: &egui::Painter,
    plan: &Plan,
    cache: &MapCache,
    view: &mut ViewState,
    edits: &mut Vec<Result<EditCmd, EditError>>,
) {
    let t = view.camera;
    let space = ui.input(|i| i.key_down(egui::Key::Space));
    let shift = ui.input(|i| i.modifiers.shift);
    let press = ui
        .input(|i| i.pointer.press_origin())
        .or(response.interact_pointer_pos());
    match view.tool {
        Tool::Select => {
            if response.clicked_by(PointerButton::Primary)
                && let Some(pos) = response.interact_pointer_pos()
            {
                match (hit(plan, cache, view, pos), shift) {
                    (Some(Selection::Parcel(i)), true) => view.toggle_parcel(i),
                    (found, _) => view.select_only(found),
                }
            }
            if response.drag_started_by(PointerButton::Primary)
                && !space
                && let Some(pos) = press
            {
                match hit(plan, cache, view, pos) {
                    Some(Selection::Facility(i)) => {
                        view.select_only(Some(Selection::Facility(i)));
                        view.dragging_facility = Some((i, pos));
                    }
                    _ => view.box_start = Some(pos),
                }
            }
            if let (Some(start), Some(now)) = (view.box_start, response.interact_pointer_pos()) {
                let r = egui::Rect::from_two_pos(start, now);
                painter.rect_filled(r, 0.0, Color32::from_rgba_unmultiplied(0, 120, 255, 30));
                painter.rect_stroke(
                    r,
                    0.0,
                    Stroke::new(1.0, Color32::from_rgb(0, 120, 255)),
                    egui::StrokeKind::Middle,
                );
                if response.drag_stopped_by(PointerButton::Primary) {
                    view.box_start = None;
                    let a = t.world_from_screen(r.left_bottom());
                    let b = t.world_from_screen(r.right_top());
                    let inside: Vec<usize> = cache
                        .visible(a, b)
                        .into_iter()
                        .filter(|&i| {
                            plan.parcels[i].scenario == view.scenario && {
                                let g = &cache.geoms[i].bbox;
                                g[0] >= a[0] && g[1] >= a[1] && g[2] <= b[0] && g[3] <= b[1]
                            }
                        })
                        .collect();
                    if !shift {
                        view.select_only(None);
                    }
                    for i in inside {
                        if !view.selected_parcels().contains(&i) {
                            view.toggle_parcel(i);
                        }
                    }
                }
            }
            if response.drag_stopped_by(PointerButton::Primary)
                && let Some((i, _)) = view.dragging_facility.take()
                && let Some(pos) = response.interact_pointer_pos()
            {
                let w = t.world_from_screen(pos);
                if let Some(cmd) =
                    move_facility(plan, &plan.facilities[i].id, Point::new(w[0], w[1]))
                {
                    edits.push(Ok(cmd));
                }
            }
        }
        Tool::Move => {
            if response.clicked_by(PointerButton::Primary)
                && let Some(pos) = response.interact_pointer_pos()
            {
                let found =
                    hit(plan, cache, view, pos).filter(|s| matches!(s, Selection::Parcel(_)));
                view.select_only(found);
            }
            if response.drag_started_by(PointerButton::Primary)
                && !space
                && let Some(pos) = press
            {
                if let Some(Selection::Parcel(i)) = hit(plan, cache, view, pos)
                    && !view.selected_parcels().contains(&i)
                {
                    view.select_only(Some(Selection::Parcel(i)));
                }
                if !view.selected_parcels().is_empty() {
                    view.move_start = Some(t.world_from_screen(pos));
                }
            }
            if let (Some(start), Some(now)) = (view.move_start, response.interact_pointer_pos()) {
                let now_w = t.world_from_screen(now);
                let (dx, dy) = (now_w[0] - start[0], now_w[1] - start[1]);
                // Preview: the outlines where the parcels will go.
                for i in view.selected_parcels() {
                    for polygon in &plan.parcels[i].shape.0 {
                        let points: Vec<Pos2> = polygon
                            .exterior()
                            .0
                            .iter()
                            .map(|c| t.screen_from_world([c.x + dx, c.y + dy]))
                            .collect();
                        painter.add(Shape::line(
                            points,
                            Stroke::new(2.0, Color32::from_rgb(0, 120, 255)),
                        ));
                    }
                }
                if response.drag_stopped_by(PointerButton::Primary) {
                    view.move_start = None;
                    let ids: Vec<_> = view
                        .selected_parcels()
                        .into_iter()
                        .map(|i| plan.parcels[i].id.clone())
                        .collect();
                    if dx != 0.0 || dy != 0.0 {
                        edits.push(finish(plan, view, translate_parcels(plan, &ids, dx, dy)));
                    }
                }
            }
        }
        _ => {}
    }
}

/// Clips a new or reshaped parcel against its neighbours when "avoid overlaps" is on.
fn finish(
    plan: &Plan,
    view: &ViewState,
    cmd: Result<EditCmd, EditError>,
) -> Result<EditCmd, EditError> {
    let cmd = cmd?;
    if view.avoid_overlaps {
        avoid_overlaps(plan, cmd)
    } else {
        Ok(cmd)
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

/// The drawing tools: polygon by clicks, rectangle by drag, facility by click. Returns
/// the commands (or why a shape was refused).
fn drawing_tools(
    ui: &Ui,
    response: &egui::Response,
    painter: &egui::Painter,
    plan: &Plan,
    cache: &MapCache,
    view: &mut ViewState,
) -> Vec<Result<EditCmd, EditError>> {
    let t = view.camera;
    let mut edits = Vec::new();
    // Snapping: points within 10 px of a corner, else of an edge, of a parcel or a street
    // go there; found through the index, so the cost does not grow with the city.
    let snap_at = |pos: Pos2| -> Option<crate::edit::snap::Snap> {
        if !view.snapping {
            return None;
        }
        let at = t.world_from_screen(pos);
        let tolerance = SNAP_PX as f64 / t.pixels_per_meter;
        let rings = cache.rings_near(plan, view.scenario, at, tolerance);
        let streets = plan.streets_in(view.scenario).flat_map(|s| s.line.0.iter());
        snap(rings.into_iter().chain(streets), at, tolerance)
    };
    let snap_world = |pos: Pos2| snap_at(pos).map_or_else(|| t.world_from_screen(pos), |s| s.point);
    let pointer = response
        .hover_pos()
        .or(response.interact_pointer_pos())
        .map(|p| match snap_at(p) {
            Some(found) => {
                let at = t.screen_from_world(found.point);
                let cue = Stroke::new(2.0, Color32::from_rgb(230, 0, 200));
                match found.kind {
                    SnapKind::Corner => {
                        painter.circle_stroke(at, 6.0, cue);
                    }
                    SnapKind::Edge => {
                        // A diamond marks a point on an edge (a circle marks a corner).
                        let d = 6.0;
                        painter.add(Shape::closed_line(
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
                at
            }
            None => p,
        });
    let clicked_at = |response: &egui::Response| response.interact_pointer_pos().map(snap_world);
    match view.tool {
        Tool::DrawParcel | Tool::DrawStreet | Tool::Measure => {
            let (enter, backspace, escape) = ui.input(|i| {
                (
                    i.key_pressed(egui::Key::Enter),
                    i.key_pressed(egui::Key::Backspace),
                    i.key_pressed(egui::Key::Escape),
                )
            });
            if (response.double_clicked() || enter) && view.tool != Tool::Measure {
                if view.tool == Tool::DrawParcel && view.drawing.len() >= 3 {
                    edits.push(finish(
                        plan,
                        view,
                        add_drawn_parcel(plan, &view.drawing, view.scenario),
                    ));
                }
                if view.tool == Tool::DrawStreet && view.drawing.len() >= 2 {
                    edits.push(add_street(plan, &view.drawing, view.scenario));
                }
                view.drawing.clear();
            } else if response.clicked_by(PointerButton::Primary)
                && let Some(world) = clicked_at(response)
            {
                view.drawing.push(world);
            }
            if backspace {
                view.drawing.pop();
            }
            if escape {
                view.drawing.clear();
            }
            let mut points: Vec<Pos2> = view
                .drawing
                .iter()
                .map(|p| t.screen_from_world(*p))
                .collect();
            if let Some(p) = pointer
                && !points.is_empty()
            {
                points.push(p);
            }
            let stroke = Stroke::new(2.0, Color32::from_rgb(0, 120, 255));
            for p in &points {
                painter.circle_filled(*p, 3.0, stroke.color);
            }
            painter.add(Shape::line(points.clone(), stroke));
            if view.tool == Tool::Measure
                && let Some(p) = pointer
                && !view.drawing.is_empty()
            {
                let mut path = view.drawing.clone();
                path.push(t.world_from_screen(p));
                let length: f64 = path
                    .windows(2)
                    .map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]))
                    .sum();
                let mut text = tr!(
                    "canvas-measure",
                    length = format!("{length:.1}"),
                    minutes = format!("{:.1}", length / 80.0)
                );
                if path.len() >= 3 {
                    // Shoelace formula over the closed path.
                    let twice: f64 = (0..path.len())
                        .map(|i| {
                            let (a, b) = (path[i], path[(i + 1) % path.len()]);
                            a[0] * b[1] - b[0] * a[1]
                        })
                        .sum();
                    let area = crate::model::SquareMeters(twice.abs() / 2.0);
                    text.push_str(&format!(
                        " · {:.0} {} · {:.2} {} · {:.2} {}",
                        area.m2(),
                        tr("unit-m2"),
                        area.ha(),
                        tr("unit-ha"),
                        area.mu(),
                        tr("unit-mu")
                    ));
                }
                view.measurement = Some(text.clone());
                painter.text(
                    p + vec2(12.0, -12.0),
                    egui::Align2::LEFT_BOTTOM,
                    text,
                    egui::FontId::proportional(13.0),
                    Color32::BLACK,
                );
            }
        }
        Tool::DrawRectangle => {
            // The corner is where the button went down, not where the drag was recognised.
            if response.drag_started_by(PointerButton::Primary)
                && let Some(pos) = ui
                    .input(|i| i.pointer.press_origin())
                    .or(response.interact_pointer_pos())
            {
                view.drawing = vec![t.world_from_screen(pos)];
            }
            if let (Some(start), Some(p)) = (view.drawing.first().copied(), pointer) {
                let a = t.screen_from_world(start);
                painter.rect_stroke(
                    egui::Rect::from_two_pos(a, p),
                    0.0,
                    Stroke::new(2.0, Color32::from_rgb(0, 120, 255)),
                    egui::StrokeKind::Middle,
                );
                if response.drag_stopped_by(PointerButton::Primary) {
                    let b = snap_world(p);
                    let corners = [start, [b[0], start[1]], b, [start[0], b[1]]];
                    edits.push(finish(
                        plan,
                        view,
                        add_drawn_parcel(plan, &corners, view.scenario),
                    ));
                    view.drawing.clear();
                }
            }
        }
        Tool::PlaceFacility => {
            if response.clicked_by(PointerButton::Primary)
                && let Some(pos) = response.interact_pointer_pos()
            {
                let w = t.world_from_screen(pos);
                edits.push(Ok(add_facility(
                    plan,
                    &view.facility_category,
                    Point::new(w[0], w[1]),
                    view.scenario,
                )));
            }
        }
        Tool::Split => {
            if let Some(Selection::Parcel(i)) = view.selection {
                if response.clicked_by(PointerButton::Primary)
                    && let Some(world) = clicked_at(response)
                {
                    view.drawing.push(world);
                    if view.drawing.len() == 2 {
                        edits.push(split_parcel(
                            plan,
                            &plan.parcels[i].id,
                            view.drawing[0],
                            view.drawing[1],
                        ));
                        view.drawing.clear();
                    }
                }
                if let (Some(first), Some(p)) = (view.drawing.first(), pointer) {
                    painter.line_segment(
                        [t.screen_from_world(*first), p],
                        Stroke::new(2.0, Color32::from_rgb(220, 0, 0)),
                    );
                }
            } else if response.clicked_by(PointerButton::Primary)
                && let Some(pos) = response.interact_pointer_pos()
            {
                view.selection = cache
                    .parcel_at(plan, view.scenario, t.world_from_screen(pos))
                    .map(Selection::Parcel);
            }
        }
        Tool::Merge => {
            if response.clicked_by(PointerButton::Primary)
                && let Some(pos) = response.interact_pointer_pos()
                && let Some(other) = cache.parcel_at(plan, view.scenario, t.world_from_screen(pos))
            {
                match view.selection {
                    Some(Selection::Parcel(keep)) if keep != other => {
                        edits.push(merge_parcels(
                            plan,
                            &plan.parcels[keep].id,
                            &plan.parcels[other].id,
                        ));
                    }
                    _ => view.selection = Some(Selection::Parcel(other)),
                }
            }
        }
        Tool::EditVertices => {
            let Some(Selection::Parcel(i)) = view.selection else {
                if response.clicked_by(PointerButton::Primary)
                    && let Some(pos) = response.interact_pointer_pos()
                {
                    view.selection = cache
                        .parcel_at(plan, view.scenario, t.world_from_screen(pos))
                        .map(Selection::Parcel);
                }
                return edits;
            };
            let parcel = &plan.parcels[i];
            // Corners and edge middles of the selected parcel, on screen.
            let mut corners = Vec::new();
            for (part, polygon) in parcel.shape.0.iter().enumerate() {
                for (ring_index, ring) in std::iter::once(polygon.exterior())
                    .chain(polygon.interiors())
                    .enumerate()
                {
                    let open = &ring.0[..ring.0.len().saturating_sub(1)];
                    for (index, c) in open.iter().enumerate() {
                        let next = open[(index + 1) % open.len()];
                        let v = VertexRef {
                            part,
                            ring: ring_index,
                            index,
                        };
                        let at = t.screen_from_world([c.x, c.y]);
                        let mid = t.screen_from_world([(c.x + next.x) / 2.0, (c.y + next.y) / 2.0]);
                        corners.push((v, at, mid));
                    }
                }
            }
            let near = |pos: Pos2, mid: bool| {
                corners
                    .iter()
                    .map(|(v, at, m)| (*v, if mid { *m } else { *at }))
                    .filter(|(_, p)| p.distance(pos) <= 8.0)
                    .min_by(|a, b| a.1.distance(pos).total_cmp(&b.1.distance(pos)))
                    .map(|(v, _)| v)
            };
            view.hovered_vertex = pointer.and_then(|p| near(p, false));
            if response.drag_started_by(PointerButton::Primary)
                && let Some(pos) = ui.input(|i| i.pointer.press_origin())
            {
                view.dragging_vertex = near(pos, false)
                    .map(|v| (v, false))
                    .or_else(|| near(pos, true).map(|v| (v, true)));
            }
            if response.drag_stopped_by(PointerButton::Primary)
                && let (Some((v, insert)), Some(p)) = (view.dragging_vertex.take(), pointer)
            {
                let to = snap_world(p);
                let cmd = if insert {
                    insert_vertex(plan, &parcel.id, v, to)
                } else {
                    move_vertex(plan, &parcel.id, v, to)
                };
                edits.push(finish(plan, view, cmd));
            }
            for (v, at, mid) in &corners {
                let hot = view.hovered_vertex == Some(*v);
                painter.rect_filled(
                    egui::Rect::from_center_size(*at, vec2(8.0, 8.0)),
                    0.0,
                    if hot { Color32::RED } else { Color32::WHITE },
                );
                painter.rect_stroke(
                    egui::Rect::from_center_size(*at, vec2(8.0, 8.0)),
                    0.0,
                    Stroke::new(1.0, Color32::BLACK),
                    egui::StrokeKind::Middle,
                );
                painter.circle(*mid, 3.0, Color32::from_rgb(0, 120, 255), Stroke::NONE);
            }
            if let (Some(_), Some(p)) = (view.dragging_vertex, pointer) {
                painter.circle(
                    p,
                    5.0,
                    Color32::from_rgb(255, 170, 0),
                    Stroke::new(1.0, Color32::BLACK),
                );
            }
        }
        Tool::Select | Tool::Move => {}
    }
    edits
}

/// Points within this many screen points of a corner snap to it.
const SNAP_PX: f32 = 10.0;
