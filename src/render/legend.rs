//! The legend beside the map, drawn from the rows of the presentation core
//! ([`super::present::legend`]: what the fills mean, the heatmap ramp, facility symbols
//! of the categories present, streets). Laid out once to measure its height, then drawn.

use tiny_skia::Pixmap;

use super::draw::{self, hatch_paint, hatch_tile};
use super::fonts::FontSet;
use super::labels::{bilingual, truncate_chars};
pub use super::present::legend::LegendInput;
use super::present::legend::{LegendRow as Row, map_legend_rows};
use super::style::{OUTLINE, STREET};
use super::text::{Anchor, TextStyle, draw_text, text_width};

/// Text cut with an ellipsis to fit `room` pixels.
pub fn fit(fonts: &FontSet, text: &str, size: f32, room: f32) -> String {
    if text_width(fonts, text, size) <= room {
        return text.to_owned();
    }
    let mut n = text.chars().count();
    while n > 1 {
        n -= 1;
        let cut = truncate_chars(text, n);
        if text_width(fonts, &cut, size) <= room {
            return cut;
        }
    }
    String::new()
}

/// Draws the legend at `(x, y)` in a column `width` wide (or only measures it when
/// `pixmap` is None); returns its height.
pub fn draw_legend(
    mut pixmap: Option<&mut Pixmap>,
    fonts: &FontSet,
    input: &LegendInput,
    x: f32,
    y: f32,
    width: f32,
    unit: f32,
) -> f32 {
    let size = 11.0 * unit;
    let row_h = 17.0 * unit;
    let swatch = (16.0 * unit, 11.0 * unit);
    let text_x = x + swatch.0 + 7.0 * unit;
    let room = width - (text_x - x);
    let text_style = TextStyle::new(size, [30, 30, 30]);
    let mut cy = y;
    let names = |zh: &str, en: &str| bilingual(fonts, zh, en);
    for row in map_legend_rows(input, &names) {
        let Some(pixmap) = pixmap.as_deref_mut() else {
            cy += match row {
                Row::Header(_) => row_h * 1.5,
                Row::Ramp { .. } => row_h * 1.7,
                _ => row_h,
            };
            continue;
        };
        let mid = cy + row_h / 2.0;
        match row {
            Row::Header(text) => {
                cy += row_h * 0.5;
                let text = fit(fonts, &text, size * 1.1, width);
                draw_text(
                    pixmap,
                    fonts,
                    &text,
                    (x, cy + row_h / 2.0),
                    Anchor::LeftCenter,
                    &TextStyle::new(size * 1.1, [0, 0, 0]),
                );
                draw::line(
                    pixmap,
                    (x, cy + row_h - 1.0),
                    (x + width, cy + row_h - 1.0),
                    [190, 190, 190],
                    1.0,
                );
                cy += row_h;
                continue;
            }
            Row::Swatch { rgb, hatch, text } => {
                let (sx, sy) = (x, mid - swatch.1 / 2.0);
                draw::fill_rect(pixmap, sx, sy, swatch.0, swatch.1, rgb, 255);
                if let Some(tile) =
                    hatch.and_then(|h| hatch_tile(h, (6.0 * unit).round().max(5.0) as u32))
                    && let Some(rect) = tiny_skia::Rect::from_xywh(sx, sy, swatch.0, swatch.1)
                {
                    pixmap.fill_rect(
                        rect,
                        &hatch_paint(&tile),
                        tiny_skia::Transform::identity(),
                        None,
                    );
                }
                draw::stroke_rect(pixmap, sx, sy, swatch.0, swatch.1, OUTLINE, 0.8);
                let text = fit(fonts, &text, size, room);
                draw_text(
                    pixmap,
                    fonts,
                    &text,
                    (text_x, mid),
                    Anchor::LeftCenter,
                    &text_style,
                );
            }
            Row::Symbol { style, text } => {
                draw::draw_symbol(
                    pixmap,
                    style.symbol,
                    x + swatch.0 / 2.0,
                    mid,
                    5.0 * unit,
                    style.color,
                );
                let text = fit(fonts, &text, size, room);
                draw_text(
                    pixmap,
                    fonts,
                    &text,
                    (text_x, mid),
                    Anchor::LeftCenter,
                    &text_style,
                );
            }
            Row::Line { dashed, text } => {
                if dashed {
                    let dash = swatch.0 / 4.0;
                    for i in [0.0, 2.0] {
                        draw::line(
                            pixmap,
                            (x + i * dash, mid),
                            (x + (i + 1.0) * dash, mid),
                            STREET,
                            1.2 * unit,
                        );
                    }
                } else {
                    draw::line(pixmap, (x, mid), (x + swatch.0, mid), STREET, 1.8 * unit);
                }
                let text = fit(fonts, &text, size, room);
                draw_text(
                    pixmap,
                    fonts,
                    &text,
                    (text_x, mid),
                    Anchor::LeftCenter,
                    &text_style,
                );
            }
            Row::Ramp { colors, low, high } => {
                let bar_w = width - 4.0 * unit;
                draw::ramp(pixmap, x, cy + 2.0 * unit, bar_w, swatch.1, colors);
                draw::stroke_rect(pixmap, x, cy + 2.0 * unit, bar_w, swatch.1, OUTLINE, 0.8);
                let ty = cy + swatch.1 + 4.0 * unit;
                let small = TextStyle::new(size * 0.95, [60, 60, 60]);
                draw_text(pixmap, fonts, &low, (x, ty), Anchor::LeftTop, &small);
                draw_text(
                    pixmap,
                    fonts,
                    &high,
                    (x + bar_w, ty),
                    Anchor::RightTop,
                    &small,
                );
                cy += row_h * 1.7;
                continue;
            }
            Row::Note(text) => {
                let text = fit(fonts, &text, size * 0.95, width);
                draw_text(
                    pixmap,
                    fonts,
                    &text,
                    (x, mid),
                    Anchor::LeftCenter,
                    &TextStyle::new(size * 0.95, [90, 90, 90]),
                );
            }
        }
        cy += row_h;
    }
    cy - y
}
