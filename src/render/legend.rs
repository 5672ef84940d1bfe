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

/// Sizes of the legend's column, scaled with the page.
struct Column {
    x: f32,
    width: f32,
    unit: f32,
    size: f32,
    row_h: f32,
    swatch: (f32, f32),
    text_x: f32,
    room: f32,
    text_style: TextStyle,
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
    let column = Column {
        x,
        width,
        unit,
        size,
        row_h,
        swatch,
        text_x,
        room: width - (text_x - x),
        text_style: TextStyle::new(size, [30, 30, 30]),
    };
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
        cy = draw_row(pixmap, fonts, &column, row, cy);
    }
    cy - y
}

/// Draws a row at height `cy`; returns the height of the next row.
fn draw_row(pixmap: &mut Pixmap, fonts: &FontSet, c: &Column, row: Row, mut cy: f32) -> f32 {
    let (x, unit, row_h) = (c.x, c.unit, c.row_h);
    let mid = cy + row_h / 2.0;
    match row {
        Row::Header(text) => {
            cy += row_h * 0.5;
            let text = fit(fonts, &text, c.size * 1.1, c.width);
            let style = TextStyle::new(c.size * 1.1, [0, 0, 0]);
            let at = (x, cy + row_h / 2.0);
            draw_text(pixmap, fonts, &text, at, Anchor::LeftCenter, &style);
            let rule = cy + row_h - 1.0;
            draw::line(pixmap, (x, rule), (x + c.width, rule), [190, 190, 190], 1.0);
            cy += row_h;
            return cy;
        }
        Row::Swatch { rgb, hatch, text } => {
            let (sx, sy, (w, h)) = (x, mid - c.swatch.1 / 2.0, c.swatch);
            draw::fill_rect(pixmap, sx, sy, w, h, rgb, 255);
            if let Some(tile) =
                hatch.and_then(|h| hatch_tile(h, (6.0 * unit).round().max(5.0) as u32))
                && let Some(rect) = tiny_skia::Rect::from_xywh(sx, sy, w, h)
            {
                let paint = hatch_paint(&tile);
                pixmap.fill_rect(rect, &paint, tiny_skia::Transform::identity(), None);
            }
            draw::stroke_rect(pixmap, sx, sy, w, h, OUTLINE, 0.8);
            row_text(pixmap, fonts, c, &text, mid);
        }
        Row::Symbol { style, text } => {
            let at_x = x + c.swatch.0 / 2.0;
            draw::draw_symbol(pixmap, style.symbol, at_x, mid, 5.0 * unit, style.color);
            row_text(pixmap, fonts, c, &text, mid);
        }
        Row::Line { dashed, text } => {
            if dashed {
                let dash = c.swatch.0 / 4.0;
                for i in [0.0, 2.0] {
                    let (from, to) = ((x + i * dash, mid), (x + (i + 1.0) * dash, mid));
                    draw::line(pixmap, from, to, STREET, 1.2 * unit);
                }
            } else {
                draw::line(pixmap, (x, mid), (x + c.swatch.0, mid), STREET, 1.8 * unit);
            }
            row_text(pixmap, fonts, c, &text, mid);
        }
        Row::Ramp { colors, low, high } => {
            let bar_w = c.width - 4.0 * unit;
            let (top, h) = (cy + 2.0 * unit, c.swatch.1);
            draw::ramp(pixmap, x, top, bar_w, h, colors);
            draw::stroke_rect(pixmap, x, top, bar_w, h, OUTLINE, 0.8);
            let ty = cy + c.swatch.1 + 4.0 * unit;
            let small = TextStyle::new(c.size * 0.95, [60, 60, 60]);
            draw_text(pixmap, fonts, &low, (x, ty), Anchor::LeftTop, &small);
            let at = (x + bar_w, ty);
            draw_text(pixmap, fonts, &high, at, Anchor::RightTop, &small);
            cy += row_h * 1.7;
            return cy;
        }
        Row::Note(text) => {
            let text = fit(fonts, &text, c.size * 0.95, c.width);
            let style = TextStyle::new(c.size * 0.95, [90, 90, 90]);
            draw_text(pixmap, fonts, &text, (x, mid), Anchor::LeftCenter, &style);
        }
    }
    cy += row_h;
    cy
}

/// The text of a swatch, symbol or line row, beside it.
fn row_text(pixmap: &mut Pixmap, fonts: &FontSet, c: &Column, text: &str, mid: f32) {
    let text = fit(fonts, text, c.size, c.room);
    let at = (c.text_x, mid);
    draw_text(pixmap, fonts, &text, at, Anchor::LeftCenter, &c.text_style);
}
