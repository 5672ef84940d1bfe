//! A table on a PDF page: column widths as shares, a header and rows of wrapped text,
//! drawn a slice of rows at a time so that a long table continues in another column or
//! on another page with its header repeated (the zoning sheets and the report's PDF).

use super::pdf::{Line, Page, PdfFonts, TextStyle, wrap};

/// Text size of table cells and their line height, mm.
pub const CELL_TEXT_MM: f32 = 2.3;
const LINE_MM: f32 = 3.1;
const PAD_MM: f32 = 0.9;
pub const BROKEN: [u8; 3] = [200, 30, 30];

/// A table: column widths as shares of the table's width, a header and rows.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub widths: Vec<f32>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Rows drawn in red (a limit broken).
    pub alert: Vec<bool>,
}

impl Table {
    /// The lines of each cell of a row at a table width.
    fn cell_lines(&self, fonts: &PdfFonts, row: &[String], width: f32) -> Vec<Vec<String>> {
        row.iter()
            .zip(&self.widths)
            .map(|(text, share)| wrap(fonts, text, CELL_TEXT_MM, share * width - 2.0 * PAD_MM))
            .collect()
    }

    /// Height of a row (its tallest cell).
    pub fn row_height(&self, fonts: &PdfFonts, row: &[String], width: f32) -> f32 {
        let lines = self
            .cell_lines(fonts, row, width)
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(1);
        lines.max(1) as f32 * LINE_MM + 2.0 * PAD_MM - 0.6
    }

    /// Draws the header and rows `range` at `(x, y)`, `width` wide; returns the height.
    pub fn draw(
        &self,
        page: &mut Page,
        x: f32,
        y: f32,
        width: f32,
        range: std::ops::Range<usize>,
    ) -> f32 {
        let fonts = page.fonts;
        let header_h = self.row_height(fonts, &self.header, width);
        page.rect(x, y, width, header_h, Some([232, 232, 228]), None);
        let mut rows: Vec<(&[String], bool, f32)> = vec![(&self.header, false, header_h)];
        for i in range {
            let row = &self.rows[i];
            let alert = self.alert.get(i).copied().unwrap_or(false);
            rows.push((row, alert, self.row_height(fonts, row, width)));
        }
        let thin = Line::solid([60, 60, 60], 0.15);
        let mut top = y;
        for (row, alert, h) in &rows {
            let mut left = x;
            for (lines, share) in self.cell_lines(fonts, row, width).iter().zip(&self.widths) {
                let color = if *alert { BROKEN } else { [20, 20, 20] };
                for (n, line) in lines.iter().enumerate() {
                    let base = top + PAD_MM + LINE_MM * (n as f32 + 0.78);
                    page.text(
                        left + PAD_MM,
                        base,
                        line,
                        TextStyle::new(CELL_TEXT_MM).color(color),
                    );
                }
                left += share * width;
            }
            top += h;
            page.line((x, top), (x + width, top), &thin);
        }
        let mut left = x;
        for share in &self.widths[..self.widths.len().saturating_sub(1)] {
            left += share * width;
            page.line((left, y), (left, top), &thin);
        }
        page.rect(
            x,
            y,
            width,
            top - y,
            None,
            Some(&Line::solid([30, 30, 30], 0.3)),
        );
        top - y
    }
}
