//! Where things go on a sheet: paper sizes, the frame (a binding margin on the left as
//! GB/T 14689 draws it), the map area, the columns the tables flow into, the title
//! block; and the frame and title block drawn.

use crate::i18n::{Lang, tr_in};
use crate::render::pdf::{Line, Page, TextStyle};

/// ISO 216 paper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    A4,
    A3,
    A1,
}

impl Paper {
    /// Short side, long side in mm.
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::A3 => (297.0, 420.0),
            Paper::A1 => (594.0, 841.0),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::A3 => "A3",
            Paper::A1 => "A1",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Orientation {
    Landscape,
    Portrait,
}

/// A rectangle in mm from the page's top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Area {
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Self { x, y, w, h }
    }
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
}

/// Binding margin (left) and the other margins, mm.
const BINDING_MM: f32 = 20.0;
const MARGIN_MM: f32 = 10.0;
/// Gap between the map and the columns, and between columns.
pub const GUTTER_MM: f32 = 5.0;
/// Height of the title block.
pub const TITLE_BLOCK_MM: f32 = 38.0;

/// The parts of a page.
#[derive(Clone, Debug)]
pub struct PageLayout {
    pub width: f32,
    pub height: f32,
    pub frame: Area,
    pub map: Area,
    /// Where the tables of the first page flow, in order.
    pub columns: Vec<Area>,
    /// Where they continue on further pages.
    pub more_columns: Vec<Area>,
    pub title_block: Area,
}

impl PageLayout {
    pub fn new(paper: Paper, orientation: Orientation) -> Self {
        let (short, long) = paper.size_mm();
        let (width, height) = match orientation {
            Orientation::Landscape => (long, short),
            Orientation::Portrait => (short, long),
        };
        let frame = Area::new(
            BINDING_MM,
            MARGIN_MM,
            width - BINDING_MM - MARGIN_MM,
            height - 2.0 * MARGIN_MM,
        );
        let inner = Area::new(frame.x + 3.0, frame.y + 3.0, frame.w - 6.0, frame.h - 6.0);
        let column_w = (inner.w * 0.38).clamp(125.0, 190.0).min(inner.w / 2.0);
        let title_w = column_w.max(125.0).min(inner.w);
        let title_block = Area::new(
            frame.right() - title_w,
            frame.bottom() - TITLE_BLOCK_MM,
            title_w,
            TITLE_BLOCK_MM,
        );
        let above_title = title_block.y - GUTTER_MM - inner.y;
        let (map, columns) = match orientation {
            Orientation::Landscape => {
                let map = Area::new(inner.x, inner.y, inner.w - column_w - GUTTER_MM, inner.h);
                let column = Area::new(map.right() + GUTTER_MM, inner.y, column_w, above_title);
                (map, vec![column])
            }
            Orientation::Portrait => {
                let map_h = inner.h * 0.5;
                let map = Area::new(inner.x, inner.y, inner.w, map_h);
                let top = map.bottom() + GUTTER_MM;
                let half = (inner.w - GUTTER_MM) / 2.0;
                // A column under the title block's width stops above it.
                let bottom = if inner.x + half > title_block.x {
                    title_block.y - GUTTER_MM
                } else {
                    inner.bottom()
                };
                let left = Area::new(inner.x, top, half, (bottom - top).max(0.0));
                let right = Area::new(
                    inner.x + half + GUTTER_MM,
                    top,
                    half,
                    (title_block.y - GUTTER_MM - top).max(0.0),
                );
                (map, vec![left, right])
            }
        };
        let more_columns = continuation_columns(inner, title_block, column_w);
        Self {
            width,
            height,
            frame,
            map,
            columns,
            more_columns,
            title_block,
        }
    }
}

/// Columns across the whole inner area of a continuation page, the last one shortened
/// above the title block.
fn continuation_columns(inner: Area, title_block: Area, column_w: f32) -> Vec<Area> {
    let n = (((inner.w + GUTTER_MM) / (column_w + GUTTER_MM)).floor() as usize).max(1);
    let w = (inner.w - GUTTER_MM * (n - 1) as f32) / n as f32;
    (0..n)
        .map(|i| {
            let x = inner.x + i as f32 * (w + GUTTER_MM);
            let h = if x + w > title_block.x {
                title_block.y - GUTTER_MM - inner.y
            } else {
                inner.h
            };
            Area::new(x, inner.y, w, h)
        })
        .collect()
}

/// What the title block says.
pub struct TitleBlock<'a> {
    pub project: &'a str,
    pub title: &'a str,
    pub sheet: String,
    pub scale: String,
    pub date: &'a str,
    pub crs: String,
    pub classification: String,
    pub standard: String,
}

const FRAME_LINE: f32 = 0.7;
const THIN: f32 = 0.18;
const INK: [u8; 3] = [20, 20, 20];
const LABEL_GREY: [u8; 3] = [90, 90, 90];

/// The outer trim line, the frame and the title block.
pub fn draw_frame(page: &mut Page, layout: &PageLayout, block: &TitleBlock, lang: Lang) {
    let f = layout.frame;
    page.rect(
        f.x,
        f.y,
        f.w,
        f.h,
        None,
        Some(&Line::solid(INK, FRAME_LINE)),
    );
    let t = layout.title_block;
    let white = Some([255, 255, 255]);
    page.rect(t.x, t.y, t.w, t.h, white, Some(&Line::solid(INK, 0.5)));
    // Six rows: project, title, then pairs of label/value cells.
    let row_h = t.h / 6.0;
    let thin = Line::solid(INK, THIN);
    for i in 1..6 {
        let y = t.y + row_h * i as f32;
        page.line((t.x, y), (t.right(), y), &thin);
    }
    let half = t.x + t.w / 2.0;
    page.line((half, t.y + row_h * 2.0), (half, t.bottom()), &thin);
    // (row, right half, label, value, whole row, the title)
    let cells: [(usize, bool, &str, &str, bool); 10] = [
        (0, false, "sheet-tb-project", block.project, true),
        (1, false, "sheet-tb-title", block.title, true),
        (2, false, "sheet-tb-sheet", &block.sheet, false),
        (2, true, "sheet-tb-scale", &block.scale, false),
        (3, false, "sheet-tb-date", block.date, false),
        (3, true, "sheet-tb-crs", &block.crs, false),
        (
            4,
            false,
            "sheet-tb-classification",
            &block.classification,
            false,
        ),
        (4, true, "sheet-tb-standard", &block.standard, false),
        (5, false, "sheet-tb-drawn", "Strata", false),
        (5, true, "sheet-tb-checked", "", false),
    ];
    let label_w = 20.0;
    for (row, right, key, value, whole) in cells {
        let x = if right { half } else { t.x };
        let w = if whole { t.w } else { t.w / 2.0 };
        let top = t.y + row_h * row as f32;
        let base = top + row_h * 0.68;
        page.line((x + label_w, top), (x + label_w, top + row_h), &thin);
        let label = TextStyle::new(2.2).color(LABEL_GREY);
        page.text(x + 1.5, base, &tr_in(lang, key), label);
        let room = w - label_w - 3.0;
        let size = if row == 1 { 2.9 } else { 2.3 };
        // A long value (a CRS name) is set smaller, down to 1.8 mm, before it is cut.
        let needed = page.fonts.width(value, size);
        let size = if row != 1 && needed > room {
            (size * room / needed).max(1.8)
        } else {
            size
        };
        let fitted = crate::render::pdf::fit(page, value, size, room);
        page.text(x + label_w + 1.5, base, &fitted, TextStyle::new(size));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a3_landscape_has_the_map_left_and_a_column_right() {
        let l = PageLayout::new(Paper::A3, Orientation::Landscape);
        assert_eq!((l.width, l.height), (420.0, 297.0));
        assert!(l.map.w > 200.0 && l.map.h > 250.0, "{:?}", l.map);
        assert_eq!(l.columns.len(), 1);
        assert!(l.columns[0].x > l.map.right());
        assert!(l.columns[0].bottom() < l.title_block.y);
        assert!(l.title_block.right() <= l.frame.right() + 1e-3);
        let p = PageLayout::new(Paper::A4, Orientation::Portrait);
        assert_eq!(p.columns.len(), 2);
        assert!(
            p.more_columns.iter().all(|c| c.h > 50.0),
            "{:?}",
            p.more_columns
        );
        // No column runs under the title block.
        for c in p.columns.iter().chain(&p.more_columns) {
            let beside = c.right() <= p.title_block.x || c.x >= p.title_block.right();
            assert!(beside || c.bottom() <= p.title_block.y, "{c:?}");
        }
    }
}
