//! The canvas's legend and its scale bar, drawn over the map. The legend's rows (the
//! colour mode's title, swatches or ramp, and the facility tiers) come from the
//! presentation core, worded as in `strata render`; this only lays them out.

use egui::{Color32, Pos2, Stroke, pos2, vec2};

use super::app::ViewState;
use super::map_cache::MapCache;
use crate::model::Reference;
use crate::render::present::legend::{FillLegend, LegendRow, both_languages, fill_rows, tier_rows};

/// Height of a row, in points.
const ROW: f32 = 16.0;

fn color_of(rgb: [u8; 3]) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

fn row_height(row: &LegendRow) -> f32 {
    match row {
        LegendRow::Ramp { .. } => ROW * 1.8,
        _ => ROW,
    }
}

/// The legend of the colour mode shown (land uses by area, statuses or a ramp) and the
/// facility tiers.
pub fn legend(
    painter: &egui::Painter,
    rect: egui::Rect,
    reference: &Reference,
    cache: &MapCache,
    view: &ViewState,
) {
    let rows = fill_rows(&FillLegend {
        mode: view.color_mode,
        reference,
        uses: cache.legend(view.scenario),
        // Every status (a per-frame scan of a city for the ones present would cost).
        status_listed: &|s| s.is_some(),
        bilingual: &both_languages,
    });
    let tiers = tier_rows(&reference.standard, &both_languages);
    let gap = 4.0;
    let height = rows.iter().chain(&tiers).map(row_height).sum::<f32>() + gap + 12.0;
    let frame = egui::Rect::from_min_size(
        pos2(rect.right() - 230.0, rect.top() + 10.0),
        vec2(220.0, height),
    );
    painter.rect_filled(
        frame,
        4.0,
        Color32::from_rgba_unmultiplied(255, 255, 255, 225),
    );
    let mut at = pos2(frame.left() + 8.0, frame.top() + 6.0);
    for row in &rows {
        draw_row(painter, row, at, frame.width() - 16.0);
        at.y += row_height(row);
    }
    at.y += gap;
    for row in &tiers {
        draw_row(painter, row, at, frame.width() - 16.0);
        at.y += row_height(row);
    }
}

/// Draws one row with its top left corner at `at`, `width` wide.
fn draw_row(painter: &egui::Painter, row: &LegendRow, at: Pos2, width: f32) {
    let font = egui::FontId::proportional(11.0);
    // Text cut with an ellipsis at the legend's right edge.
    let text = |painter: &egui::Painter, x: f32, label: &str, color: Color32| {
        let mut job = egui::text::LayoutJob::single_section(
            label.to_owned(),
            egui::TextFormat::simple(font.clone(), color),
        );
        job.wrap = egui::text::TextWrapping::truncate_at_width(at.x + width - x);
        painter.galley(pos2(x, at.y), painter.layout_job(job), color);
    };
    match row {
        LegendRow::Header(title) => text(painter, at.x, title, Color32::BLACK),
        LegendRow::Note(note) => text(painter, at.x, note, Color32::from_gray(90)),
        LegendRow::Swatch {
            rgb,
            hatch,
            text: label,
        } => {
            let swatch = egui::Rect::from_min_size(at + vec2(0.0, 2.0), vec2(14.0, 10.0));
            painter.rect_filled(swatch, 1.0, color_of(*rgb));
            if let Some(h) = hatch {
                // Stripes as on the map, clipped to the swatch.
                let clipped = painter.with_clip_rect(swatch);
                let stroke = Stroke::new(1.0, color_of(*h));
                for k in [-10.0, -5.0, 0.0, 5.0, 10.0] {
                    let from = pos2(swatch.left() + k, swatch.bottom());
                    clipped.line_segment([from, from + vec2(10.0, -10.0)], stroke);
                }
            }
            text(painter, at.x + 20.0, label, Color32::BLACK);
        }
        LegendRow::Symbol { style, text: label } => {
            painter.circle(
                at + vec2(7.0, 7.0),
                5.0,
                color_of(style.color),
                Stroke::new(1.0, Color32::WHITE),
            );
            text(painter, at.x + 20.0, label, Color32::BLACK);
        }
        LegendRow::Line {
            dashed,
            text: label,
        } => {
            let y = at.y + 7.0;
            let stroke = Stroke::new(if *dashed { 1.2 } else { 1.8 }, Color32::from_gray(150));
            painter.line_segment([pos2(at.x, y), pos2(at.x + 14.0, y)], stroke);
            text(painter, at.x + 20.0, label, Color32::BLACK);
        }
        LegendRow::Ramp { colors, low, high } => {
            ramp(
                painter,
                egui::Rect::from_min_size(at + vec2(0.0, 2.0), vec2(width, 10.0)),
                *colors,
            );
            let small = egui::FontId::proportional(10.0);
            let y = at.y + 14.0;
            let grey = Color32::from_gray(60);
            painter.text(
                pos2(at.x, y),
                egui::Align2::LEFT_TOP,
                low,
                small.clone(),
                grey,
            );
            painter.text(
                pos2(at.x + width, y),
                egui::Align2::RIGHT_TOP,
                high,
                small,
                grey,
            );
        }
    }
}

/// A horizontal colour ramp over 0..=1 filling `rect`.
fn ramp(painter: &egui::Painter, rect: egui::Rect, colors: fn(f64) -> [u8; 3]) {
    const STEPS: usize = 32;
    let mut mesh = egui::Mesh::default();
    for i in 0..=STEPS {
        let t = i as f32 / STEPS as f32;
        let color = color_of(colors(f64::from(t)));
        let x = rect.left() + t * rect.width();
        mesh.colored_vertex(pos2(x, rect.top()), color);
        mesh.colored_vertex(pos2(x, rect.bottom()), color);
        if i > 0 {
            let k = (2 * i) as u32;
            mesh.indices.extend([k - 2, k - 1, k, k - 1, k + 1, k]);
        }
    }
    painter.add(mesh);
}

/// A scale bar of a round length (1, 2 or 5 × 10ⁿ m) about 120 px long.
pub fn scale_bar(painter: &egui::Painter, rect: egui::Rect, pixels_per_meter: f64) {
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
