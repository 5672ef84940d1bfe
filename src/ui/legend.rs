//! The canvas's legend (the colour mode's classes or ramp and the facility tiers) and its
//! scale bar, drawn over the map.

use egui::{Color32, Stroke, pos2, vec2};

use super::app::ViewState;
use super::map_cache::{ColorMode, MapCache, color_mode_label};
use crate::i18n::tr;
use crate::model::Reference;
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

/// The legend of the colour mode shown (land uses by area, statuses or the score ramp)
/// and the facility tiers.
pub fn legend(
    painter: &egui::Painter,
    rect: egui::Rect,
    reference: &Reference,
    cache: &MapCache,
    view: &ViewState,
) {
    let entries: Vec<(Color32, String)> = match view.color_mode {
        ColorMode::Use => cache
            .legend(view.scenario)
            .iter()
            .take(10)
            .map(|(code, _)| {
                let rgb = style::use_color(&reference.classification, code);
                let name = reference
                    .classification
                    .get(code)
                    .map_or(String::new(), |c| c.label());
                (
                    color_of(rgb, 255),
                    format!("{code} {name}").chars().take(34).collect(),
                )
            })
            .collect(),
        ColorMode::Status => crate::model::Status::ALL
            .iter()
            .map(|s| (color_of(style::status_color(Some(*s)), 255), s.name()))
            .collect(),
        ColorMode::Diversity => [4.0, 3.0, 2.0, 1.0]
            .iter()
            .map(|&h| {
                (
                    color_of(style::diversity_color(h), 255),
                    tr!("canvas-legend-classes", n = format!("{h:.0}")),
                )
            })
            .collect(),
        ColorMode::JobsHousing => [1.5, 1.0, 0.5, 0.0]
            .iter()
            .map(|&r| {
                (
                    color_of(style::jobs_housing_color(r), 255),
                    tr!("canvas-legend-jobs", ratio = format!("{r:.1}")),
                )
            })
            .chain(std::iter::once((
                Color32::from_gray(205),
                tr("canvas-legend-not-home"),
            )))
            .collect(),
        ColorMode::Valuation => [1.0, 0.75, 0.5, 0.25, 0.0]
            .iter()
            .map(|&v| {
                (
                    color_of(style::valuation_color(v), 255),
                    crate::tr!("legend-valuation-value", value = format!("{v:.2}")),
                )
            })
            .chain(std::iter::once((
                Color32::from_gray(205),
                crate::tr!("legend-not-valued"),
            )))
            .collect(),
        ColorMode::Score => [1.0, 0.75, 0.5, 0.25, 0.0]
            .iter()
            .map(|s| {
                (
                    color_of(style::score_color(*s), 255),
                    tr!("canvas-legend-score", share = format!("{:.0}", s * 100.0)),
                )
            })
            .chain(std::iter::once((
                Color32::from_gray(205),
                tr("canvas-legend-not-home"),
            )))
            .collect(),
    };
    let uses = entries;
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
        color_mode_label(view.color_mode),
        font.clone(),
        Color32::BLACK,
    );
    y += row;
    for (color, label) in uses {
        painter.rect_filled(
            egui::Rect::from_min_size(pos2(frame.left() + 8.0, y + 2.0), vec2(14.0, 10.0)),
            1.0,
            color,
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
    y += 4.0;
    for (tier, label) in [
        ("5min", tr("canvas-legend-5min")),
        ("10min", tr("canvas-legend-10min")),
        ("15min", tr("canvas-legend-15min")),
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
