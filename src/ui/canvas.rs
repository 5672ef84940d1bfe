//! The map canvas: pan (middle or right drag, arrow keys), zoom about the cursor (wheel),
//! parcels filled by land-use colour (tessellated: egui only fills convex polygons),
//! streets, facilities, selection, dragging a facility (one undoable edit when the drag
//! ends), a scale bar and the cursor position in metres and longitude/latitude.

use egui::{Color32, Mesh, PointerButton, Pos2, Sense, Shape, Stroke, Ui, pos2, vec2};
use geo::{Contains, Point, TriangulateEarcut};

use super::app::{Selection, Tool, ViewState};
use crate::edit::create::{add_drawn_parcel, add_facility, add_street};
use crate::edit::geometry::{VertexRef, insert_vertex, merge_parcels, move_vertex, split_parcel};
use crate::edit::{EditCmd, move_facility};
use crate::model::{Plan, Reference, Scenario};

/// Triangulated parcels in world coordinates, rebuilt when the plan changes.
#[derive(Default)]
pub struct ParcelMeshes {
    /// Per parcel: vertices (world) and triangle indices; empty for other scenarios.
    pub meshes: Vec<(Vec<[f64; 2]>, Vec<u32>)>,
    /// Per parcel: where its label goes (a point inside it), computed once per edit.
    pub label_at: Vec<Option<[f64; 2]>>,
}

impl ParcelMeshes {
    pub fn build(plan: &Plan) -> Self {
        let meshes = plan
            .parcels
            .iter()
            .map(|p| {
                let mut vertices = Vec::new();
                let mut indices = Vec::new();
                for polygon in &p.shape.0 {
                    let raw = polygon.earcut_triangles_raw();
                    let base = vertices.len() as u32;
                    vertices.extend(raw.vertices.iter().map(|v| [v[0], v[1]]));
                    indices.extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
                }
                (vertices, indices)
            })
            .collect();
        let label_at = plan
            .parcels
            .iter()
            .map(|p| crate::analysis::homes::home_point(p).map(|c| [c.x(), c.y()]))
            .collect();
        Self { meshes, label_at }
    }
}

fn color_of(rgb: [u8; 3], alpha: u8) -> Color32 {
    Color32::from_rgba_unmultiplied(rgb[0], rgb[1], rgb[2], alpha)
}

/// Colour of a facility category by tier.
fn tier_color(tier: &str) -> Color32 {
    match tier {
        "5min" => Color32::from_rgb(230, 85, 13),
        "10min" => Color32::from_rgb(49, 130, 189),
        _ => Color32::from_rgb(117, 107, 177),
    }
}

/// Draws the canvas and handles its input; returns the edits the user made.
pub fn canvas_ui(
    ui: &mut Ui,
    plan: &Plan,
    reference: &Reference,
    meshes: &ParcelMeshes,
    view: &mut ViewState,
) -> Vec<Result<EditCmd, String>> {
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
    // Pan: middle or right drag; zoom: wheel about the cursor.
    if response.dragged_by(PointerButton::Middle) || response.dragged_by(PointerButton::Secondary) {
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
    if response.has_focus() || response.hovered() {
        let step = 60.0;
        let keys = ui.input(|i| {
            [
                i.key_pressed(egui::Key::ArrowLeft),
                i.key_pressed(egui::Key::ArrowRight),
                i.key_pressed(egui::Key::ArrowUp),
                i.key_pressed(egui::Key::ArrowDown),
            ]
        });
        let delta = vec2(
            if keys[0] {
                step
            } else if keys[1] {
                -step
            } else {
                0.0
            },
            if keys[2] {
                step
            } else if keys[3] {
                -step
            } else {
                0.0
            },
        );
        if delta != egui::Vec2::ZERO {
            view.camera.pan(delta);
        }
    }
    let t = view.camera;
    painter.rect_filled(rect, 0.0, Color32::from_gray(246));

    // Parcels of the scenario shown; the other scenario faint underneath.
    for (i, parcel) in plan.parcels.iter().enumerate() {
        let active = parcel.scenario == view.scenario;
        let alpha = if active { 235 } else { 40 };
        let rgb = parcel
            .main_use()
            .and_then(|c| reference.classification.color(c))
            .unwrap_or([200, 200, 200]);
        let (vertices, indices) = &meshes.meshes[i];
        if !indices.is_empty() {
            let mut mesh = Mesh::default();
            let fill = color_of(rgb, alpha);
            for v in vertices {
                mesh.colored_vertex(t.screen_from_world(*v), fill);
            }
            mesh.indices = indices.clone();
            painter.add(Shape::mesh(mesh));
        }
        if active {
            let mixed = parcel.strata.iter().any(|s| s.uses.len() > 1);
            let selected = view.selection == Some(Selection::Parcel(i));
            let stroke = if selected {
                Stroke::new(3.0, Color32::from_rgb(255, 170, 0))
            } else {
                Stroke::new(1.0, Color32::from_gray(60))
            };
            for polygon in &parcel.shape.0 {
                for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                    let points: Vec<Pos2> = ring
                        .0
                        .iter()
                        .map(|c| t.screen_from_world([c.x, c.y]))
                        .collect();
                    if mixed && !selected {
                        // Mixed-use strata: a dashed outline over the main use's colour.
                        painter.extend(Shape::dashed_line(
                            &points,
                            Stroke::new(2.0, Color32::from_rgb(120, 0, 160)),
                            6.0,
                            4.0,
                        ));
                    } else {
                        painter.add(Shape::line(points, stroke));
                    }
                }
            }
            if view.show_labels
                && t.pixels_per_meter > 0.4
                && let (Some(name), Some(p)) = (&parcel.name, meshes.label_at[i])
            {
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
    if view.show_streets {
        for street in plan.streets_in(view.scenario) {
            for line in &street.line.0 {
                let points: Vec<Pos2> = line
                    .0
                    .iter()
                    .map(|c| t.screen_from_world([c.x, c.y]))
                    .collect();
                let width = if street.walkable { 2.0 } else { 1.0 };
                painter.add(Shape::line(
                    points,
                    Stroke::new(width, Color32::from_gray(140)),
                ));
            }
        }
    }
    // Facilities, with the one being dragged drawn where the pointer is.
    let dragging = view.dragging_facility;
    if view.show_facilities {
        for (i, facility) in plan.facilities.iter().enumerate() {
            if facility.scenario != view.scenario {
                continue;
            }
            let mut at = t.screen_from_world([facility.position.x(), facility.position.y()]);
            if dragging.is_some_and(|(d, _)| d == i)
                && let Some(pos) = response.interact_pointer_pos()
            {
                at = pos;
            }
            let tier = reference
                .standard
                .category(&facility.category)
                .map_or("", |c| c.tier.as_str());
            let selected = view.selection == Some(Selection::Facility(i));
            painter.circle(
                at,
                if selected { 7.0 } else { 5.0 },
                tier_color(tier),
                Stroke::new(1.5, Color32::WHITE),
            );
        }
    }

    // Selection and facility dragging with the primary button.
    let hit = |pos: Pos2| -> Option<Selection> {
        let world = t.world_from_screen(pos);
        let near_facility = plan
            .facilities
            .iter()
            .enumerate()
            .filter(|(_, f)| f.scenario == view.scenario && view.show_facilities)
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
        let p = Point::new(world[0], world[1]);
        plan.parcels
            .iter()
            .enumerate()
            .rev()
            .find(|(_, parcel)| parcel.scenario == view.scenario && parcel.shape.contains(&p))
            .map(|(i, _)| Selection::Parcel(i))
    };
    if view.tool == Tool::Select
        && response.clicked_by(PointerButton::Primary)
        && let Some(pos) = response.interact_pointer_pos()
    {
        view.selection = hit(pos);
    }
    if view.tool == Tool::Select
        && response.drag_started_by(PointerButton::Primary)
        && let Some(pos) = ui
            .input(|i| i.pointer.press_origin())
            .or(response.interact_pointer_pos())
        && let Some(Selection::Facility(i)) = hit(pos)
    {
        view.selection = Some(Selection::Facility(i));
        view.dragging_facility = Some((i, pos));
    }
    if response.drag_stopped_by(PointerButton::Primary)
        && let Some((i, _)) = view.dragging_facility.take()
        && let Some(pos) = response.interact_pointer_pos()
    {
        let w = t.world_from_screen(pos);
        if let Some(cmd) = move_facility(plan, &plan.facilities[i].id, Point::new(w[0], w[1])) {
            edits.push(Ok(cmd));
        }
    }
    if view.tool != Tool::Select {
        edits.extend(drawing_tools(ui, &response, &painter, plan, view));
    }

    scale_bar(&painter, rect, t.pixels_per_meter);
    if view.show_legend {
        legend(&painter, rect, plan, reference, view.scenario);
    }
    edits
}

/// Land uses shown (by main use, most area first) and the facility tiers.
fn legend(
    painter: &egui::Painter,
    rect: egui::Rect,
    plan: &Plan,
    reference: &Reference,
    scenario: Scenario,
) {
    let mut uses: Vec<(String, f64)> = Vec::new();
    for parcel in plan.parcels_in(scenario) {
        if let Some(code) = parcel.main_use() {
            match uses.iter_mut().find(|(c, _)| c == code) {
                Some((_, area)) => *area += parcel.area().m2(),
                None => uses.push((code.to_owned(), parcel.area().m2())),
            }
        }
    }
    uses.sort_by(|a, b| b.1.total_cmp(&a.1));
    uses.truncate(10);
    let row = 16.0;
    let height = row * (uses.len() + 4) as f32 + 8.0;
    let frame = egui::Rect::from_min_size(
        pos2(rect.right() - 230.0, rect.top() + 10.0),
        vec2(220.0, height),
    );
    painter.rect_filled(
        frame,
        4.0,
        Color32::from_rgba_unmultiplied(255, 255, 255, 225),
    );
    let font = egui::FontId::proportional(11.0);
    let mut y = frame.top() + 6.0;
    painter.text(
        pos2(frame.left() + 8.0, y),
        egui::Align2::LEFT_TOP,
        "Land use (main)",
        font.clone(),
        Color32::BLACK,
    );
    y += row;
    for (code, _) in &uses {
        let rgb = reference
            .classification
            .color(code)
            .unwrap_or([200, 200, 200]);
        painter.rect_filled(
            egui::Rect::from_min_size(pos2(frame.left() + 8.0, y + 2.0), vec2(14.0, 10.0)),
            1.0,
            color_of(rgb, 255),
        );
        let name = reference
            .classification
            .get(code)
            .map_or(String::new(), |c| c.zh.clone());
        let label: String = format!("{code} {name}").chars().take(34).collect();
        painter.text(
            pos2(frame.left() + 28.0, y),
            egui::Align2::LEFT_TOP,
            label,
            font.clone(),
            Color32::BLACK,
        );
        y += row;
    }
    y += 4.0;
    for (tier, label) in [
        ("5min", "5-minute facility"),
        ("10min", "10-minute facility"),
        ("15min", "15-minute facility"),
    ] {
        painter.circle(
            pos2(frame.left() + 15.0, y + 7.0),
            5.0,
            tier_color(tier),
            Stroke::new(1.0, Color32::WHITE),
        );
        painter.text(
            pos2(frame.left() + 28.0, y),
            egui::Align2::LEFT_TOP,
            label,
            font.clone(),
            Color32::BLACK,
        );
        y += row;
    }
}

/// The extent of everything in the plan, in world metres.
pub fn plan_extent(plan: &Plan) -> Option<([f64; 2], [f64; 2])> {
    plan.extent(None)
        .map(|r| ([r.min().x, r.min().y], [r.max().x, r.max().y]))
}

/// A scale bar of a round length (1, 2 or 5 × 10ⁿ m) about 120 px long.
fn scale_bar(painter: &egui::Painter, rect: egui::Rect, pixels_per_meter: f64) {
    let target_m = 120.0 / pixels_per_meter;
    let magnitude = 10f64.powf(target_m.log10().floor());
    let length_m = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|f| f * magnitude)
        .filter(|l| *l <= target_m)
        .fold(magnitude, f64::max);
    let length_px = (length_m * pixels_per_meter) as f32;
    let start = pos2(rect.left() + 16.0, rect.bottom() - 18.0);
    let end = start + vec2(length_px, 0.0);
    let stroke = Stroke::new(2.0, Color32::from_gray(20));
    painter.line_segment([start, end], stroke);
    painter.line_segment([start, start - vec2(0.0, 6.0)], stroke);
    painter.line_segment([end, end - vec2(0.0, 6.0)], stroke);
    let label = if length_m >= 1000.0 {
        format!("{} km", length_m / 1000.0)
    } else {
        format!("{length_m} m")
    };
    painter.text(
        start - vec2(0.0, 8.0),
        egui::Align2::LEFT_BOTTOM,
        label,
        egui::FontId::proportional(12.0),
        Color32::from_gray(20),
    );
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
    view: &mut ViewState,
) -> Vec<Result<EditCmd, String>> {
    let t = view.camera;
    let mut edits = Vec::new();
    // Snapping: points within 10 px of a corner of a parcel or street go to the corner.
    let corners: Vec<[f64; 2]> = if view.snapping {
        plan.parcels_in(view.scenario)
            .flat_map(|p| {
                p.shape
                    .0
                    .iter()
                    .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
            })
            .chain(plan.streets_in(view.scenario).flat_map(|s| s.line.0.iter()))
            .flat_map(|ring| ring.0.iter().map(|c| [c.x, c.y]))
            .collect()
    } else {
        Vec::new()
    };
    // The corner a screen position snaps to, in exact world coordinates.
    let snap_corner = |pos: Pos2| -> Option<[f64; 2]> {
        corners
            .iter()
            .map(|c| (*c, t.screen_from_world(*c).distance(pos)))
            .filter(|(_, d)| *d <= SNAP_PX)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(c, _)| c)
    };
    let snap_world = |pos: Pos2| snap_corner(pos).unwrap_or_else(|| t.world_from_screen(pos));
    let pointer = response
        .hover_pos()
        .or(response.interact_pointer_pos())
        .map(|p| match snap_corner(p) {
            Some(c) => {
                let at = t.screen_from_world(c);
                painter.circle_stroke(at, 6.0, Stroke::new(2.0, Color32::from_rgb(230, 0, 200)));
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
                    edits.push(add_drawn_parcel(plan, &view.drawing, view.scenario));
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
                let mut text = format!("{length:.1} m · {:.1} min walk", length / 80.0);
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
                        " · {:.0} m² · {:.2} ha · {:.2} mu",
                        area.m2(),
                        area.ha(),
                        area.mu()
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
                    edits.push(add_drawn_parcel(plan, &corners, view.scenario));
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
                view.selection = parcel_at(plan, view, pos).map(Selection::Parcel);
            }
        }
        Tool::Merge => {
            if response.clicked_by(PointerButton::Primary)
                && let Some(pos) = response.interact_pointer_pos()
                && let Some(other) = parcel_at(plan, view, pos)
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
                    view.selection = parcel_at(plan, view, pos).map(Selection::Parcel);
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
                edits.push(if insert {
                    insert_vertex(plan, &parcel.id, v, to)
                } else {
                    move_vertex(plan, &parcel.id, v, to)
                });
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
        Tool::Select => {}
    }
    edits
}

/// Points within this many screen points of a corner snap to it.
const SNAP_PX: f32 = 10.0;

/// The topmost parcel of the shown scenario under a screen position.
fn parcel_at(plan: &Plan, view: &ViewState, pos: Pos2) -> Option<usize> {
    let w = view.camera.world_from_screen(pos);
    let p = Point::new(w[0], w[1]);
    plan.parcels
        .iter()
        .enumerate()
        .rev()
        .find(|(_, parcel)| parcel.scenario == view.scenario && parcel.shape.contains(&p))
        .map(|(i, _)| i)
}
