//! What the review draws over the map: the heatmap texture, homes lacking a service,
//! routes from a home to its nearest facilities, rights conflicts, and the hover readout.
//! The canvas draws it; the review panel decides what is in it.

use egui::{Color32, Pos2, Shape, Stroke, TextureHandle, pos2, vec2};

use super::transform::ScreenFromWorld;

/// A way drawn from a home to a facility, with its label at the far end.
pub struct RouteLine {
    pub points: Vec<[f64; 2]>,
    pub color: Color32,
    pub label: String,
}

#[derive(Default)]
pub struct Overlay {
    /// Heatmap texture, its extent [west, south, east, north] and opacity.
    pub heat: Option<(TextureHandle, [f64; 4], f32)>,
    /// Outlines to stress (homes lacking the chosen service), in world coordinates.
    pub homes: Vec<Vec<[f64; 2]>>,
    pub routes: Vec<RouteLine>,
    /// Rights conflicts: outlines of the overlapping areas.
    pub conflicts: Vec<Vec<[f64; 2]>>,
    /// Text shown beside the cursor (the heatmap readout).
    pub hover: Option<String>,
    /// Walking-time bands (`isochrone_layer`), outermost first.
    pub isochrones: std::sync::Arc<Vec<super::isochrone_layer::BandShape>>,
}

const HOME_COLOR: Color32 = Color32::from_rgb(220, 40, 120);
const CONFLICT_COLOR: Color32 = Color32::from_rgb(215, 25, 28);

impl Overlay {
    /// The layers below streets and facilities.
    pub fn draw_under(&self, painter: &egui::Painter, t: &ScreenFromWorld) {
        if let Some((texture, bbox, opacity)) = &self.heat {
            let a = t.screen_from_world([bbox[0], bbox[3]]);
            let b = t.screen_from_world([bbox[2], bbox[1]]);
            painter.image(
                texture.id(),
                egui::Rect::from_min_max(a, b),
                egui::Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
                Color32::from_white_alpha((opacity.clamp(0.0, 1.0) * 255.0) as u8),
            );
        }
        super::isochrone_layer::draw(&self.isochrones, painter, t);
        for ring in &self.homes {
            let points = screen(t, ring);
            painter.add(Shape::closed_line(points, Stroke::new(2.5, HOME_COLOR)));
        }
        for ring in &self.conflicts {
            let points = screen(t, ring);
            painter.add(Shape::dashed_line(
                &closed(points),
                Stroke::new(2.5, CONFLICT_COLOR),
                6.0,
                3.0,
            ));
        }
    }

    /// The layers on top: routes with their labels, the hover readout.
    pub fn draw_over(&self, painter: &egui::Painter, t: &ScreenFromWorld, cursor: Option<Pos2>) {
        let font = egui::FontId::proportional(11.0);
        for route in &self.routes {
            let points = screen(t, &route.points);
            painter.add(Shape::line(points.clone(), Stroke::new(2.0, route.color)));
            if let Some(&end) = points.last() {
                painter.circle_filled(end, 3.0, route.color);
                if route.label.is_empty() {
                    continue;
                }
                let galley =
                    painter.layout_no_wrap(route.label.clone(), font.clone(), Color32::BLACK);
                let rect =
                    egui::Rect::from_min_size(end + vec2(5.0, -7.0), galley.size()).expand(2.0);
                painter.rect_filled(rect, 2.0, Color32::from_white_alpha(220));
                painter.galley(end + vec2(5.0, -7.0), galley, Color32::BLACK);
            }
        }
        if let (Some(text), Some(at)) = (&self.hover, cursor) {
            let galley = painter.layout(text.clone(), font, Color32::BLACK, 280.0);
            let origin = at + vec2(16.0, 16.0);
            let rect = egui::Rect::from_min_size(origin, galley.size()).expand(4.0);
            painter.rect_filled(rect, 3.0, Color32::from_white_alpha(235));
            painter.rect_stroke(
                rect,
                3.0,
                Stroke::new(1.0, Color32::from_gray(150)),
                egui::StrokeKind::Middle,
            );
            painter.galley(origin, galley, Color32::BLACK);
        }
    }
}

fn screen(t: &ScreenFromWorld, points: &[[f64; 2]]) -> Vec<Pos2> {
    points.iter().map(|&p| t.screen_from_world(p)).collect()
}

fn closed(mut points: Vec<Pos2>) -> Vec<Pos2> {
    if let Some(&first) = points.first() {
        points.push(first);
    }
    points
}
