//! The section view of the inspector: the selected parcel's strata stacked to scale,
//! drawn from the same layout as the report's section figures
//! ([`crate::render::present::section`]): ground line at ±0, underground below, a box per
//! stratum as wide as its footprint's share of the parcel, split by its uses' shares.

use egui::{Color32, Sense, Stroke, Ui, pos2, vec2};

use crate::model::{Parcel, Reference};
use crate::render::present::legend::both_languages;
use crate::render::present::section::{SectionBox, section_layout};
use crate::render::style;

fn color32(rgb: [u8; 3]) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

const GROUND: Color32 = Color32::from_rgb(120, 80, 40);

/// Draws the strata of `parcel` to scale.
pub fn section_view_ui(ui: &mut Ui, parcel: &Parcel, reference: &Reference) {
    let layout = section_layout(parcel, &parcel.strata, reference, &both_languages);
    let height = 180.0;
    let (response, painter) = ui.allocate_painter(
        vec2(ui.available_width().min(280.0), height),
        Sense::hover(),
    );
    let rect = response.rect.shrink(4.0);
    let (low, span) = (layout.z_low, layout.span());
    let y_of = |z: f64| rect.bottom() - ((z - low) / span) as f32 * rect.height();
    painter.rect_filled(rect, 0.0, Color32::from_rgb(235, 242, 250));
    let ground = y_of(0.0);
    painter.rect_filled(
        egui::Rect::from_min_max(pos2(rect.left(), ground), rect.right_bottom()),
        0.0,
        Color32::from_rgb(222, 210, 190),
    );
    let column = egui::Rect::from_min_max(
        pos2(rect.left() + 40.0, rect.top()),
        pos2(rect.right() - 10.0, rect.bottom()),
    );
    for b in &layout.boxes {
        draw_box(&painter, column, (y_of(b.top), y_of(b.bottom)), b);
    }
    for (z, text) in &layout.ticks {
        // Kept inside the view; the ground's word sits on its line.
        let y = y_of(*z).clamp(rect.top() + 6.0, rect.bottom() - 6.0);
        let (y, align) = if *z == 0.0 {
            (ground - 1.0, egui::Align2::LEFT_BOTTOM)
        } else {
            (y, egui::Align2::LEFT_CENTER)
        };
        painter.text(
            pos2(rect.left() + 2.0, y),
            align,
            text,
            egui::FontId::proportional(10.0),
            Color32::from_gray(60),
        );
    }
    painter.line_segment(
        [pos2(rect.left(), ground), pos2(rect.right(), ground)],
        Stroke::new(2.0, GROUND),
    );
}

/// A stratum's box between the heights `(top, bottom)` on screen, in the column.
fn draw_box(painter: &egui::Painter, column: egui::Rect, (y0, y1): (f32, f32), b: &SectionBox) {
    let width = column.width() * b.footprint_share;
    let left = column.left() + (column.width() - width) / 2.0;
    let mut x = left;
    for (rgb, share) in &b.parts {
        let w = width * share;
        painter.rect_filled(
            egui::Rect::from_min_max(pos2(x, y0), pos2(x + w, y1)),
            0.0,
            color32(*rgb),
        );
        x += w;
    }
    if b.parts.is_empty() {
        painter.rect_filled(
            egui::Rect::from_min_max(pos2(left, y0), pos2(left + width, y1)),
            0.0,
            color32(style::UNKNOWN_FILL),
        );
    }
    painter.rect_stroke(
        egui::Rect::from_min_max(pos2(left, y0), pos2(left + width, y1)),
        0.0,
        Stroke::new(1.0, Color32::from_gray(40)),
        egui::StrokeKind::Inside,
    );
    // The head line, and the uses under it where the box is tall enough, in black or
    // white on the first use's colour, cut at the column's edge.
    let painter = painter.with_clip_rect(column.intersect(painter.clip_rect()));
    let ink = color32(style::text_color_on(
        b.parts.first().map_or(style::UNKNOWN_FILL, |p| p.0),
    ));
    let font = egui::FontId::proportional(11.0);
    let mid = (y0 + y1) / 2.0;
    let tall = y1 - y0 >= 28.0;
    let head_y = if tall { mid - 7.0 } else { mid };
    painter.text(
        pos2(column.left() + 4.0, head_y),
        egui::Align2::LEFT_CENTER,
        &b.head,
        font.clone(),
        ink,
    );
    if tall {
        painter.text(
            pos2(column.left() + 4.0, mid + 7.0),
            egui::Align2::LEFT_CENTER,
            &b.uses,
            font,
            ink,
        );
    }
}
