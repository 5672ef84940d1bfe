//! The report as a paginated PDF (A4 portrait) with the HTML's content: the same parts,
//! paragraphs and tables (a long table continues on the next page with its header
//! repeated). Figures are vectors where the HTML's are (the coverage chart, drawn from
//! the same figures as its SVG) and the strata sections, which the PDF draws as vectors
//! from their layout; the map is the same PNG as in the HTML.

use krilla::Document;
use krilla::page::PageSettings;

use super::Report;
use super::tables::{Figure, Part, parts};
use crate::render::pdf::{Align, Line, PT_PER_MM, Page, PdfFonts, TextStyle, wrap};
use crate::render::pdf_table::Table;
use crate::render::style::tier_color;

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const LEFT: f32 = 20.0;
const RIGHT: f32 = 15.0;
const TOP: f32 = 18.0;
const BOTTOM: f32 = 20.0;
const WIDTH: f32 = PAGE_W - LEFT - RIGHT;
const BODY_MM: f32 = 3.0;

/// Where the next thing goes.
struct Writer<'f> {
    document: Document,
    fonts: &'f PdfFonts,
    /// The pages' contents, drawn when the page is full (krilla draws a page at a time).
    items: Vec<Drawn>,
    y: f32,
    pages: usize,
    title: String,
}

/// Something laid out on the current page.
enum Drawn {
    Text(f32, f32, String, TextStyle),
    Rule(f32),
    Table(Table, f32, std::ops::Range<usize>),
    Image(Vec<u8>, f32, f32, f32),
    Chart(usize, f32),
    Section(usize, f32, f32),
}

impl<'f> Writer<'f> {
    fn room(&self) -> f32 {
        PAGE_H - BOTTOM - self.y
    }

    /// Draws the laid-out page and starts another.
    fn new_page(&mut self, report: &Report) {
        let items = std::mem::take(&mut self.items);
        self.pages += 1;
        let Some(settings) = PageSettings::from_wh(PAGE_W * PT_PER_MM, PAGE_H * PT_PER_MM) else {
            return;
        };
        let mut pdf_page = self.document.start_page_with(settings);
        let mut page = Page::new(pdf_page.surface(), self.fonts);
        let grey = TextStyle::new(2.4).color([110, 110, 110]);
        page.text(LEFT, 10.0, &self.title, grey);
        page.text(
            PAGE_W - RIGHT,
            PAGE_H - 10.0,
            &self.pages.to_string(),
            grey.align(Align::Right),
        );
        for item in items {
            draw(&mut page, report, item);
        }
        page.finish();
        pdf_page.finish();
        self.y = TOP;
    }

    /// Makes room for `height` mm, starting a new page when needed.
    fn need(&mut self, height: f32, report: &Report) {
        if self.room() < height && self.y > TOP {
            self.new_page(report);
        }
    }

    fn paragraph(&mut self, text: &str, style: TextStyle, report: &Report) {
        let line_h = style.size_mm * 1.5;
        for line in wrap(self.fonts, text, style.size_mm, WIDTH) {
            self.need(line_h, report);
            self.items
                .push(Drawn::Text(LEFT, self.y + style.size_mm, line, style));
            self.y += line_h;
        }
    }

    fn table(&mut self, table: Table, report: &Report) {
        let mut next = 0;
        while next < table.rows.len() {
            let mut height = table.row_height(self.fonts, &table.header, WIDTH);
            let mut end = next;
            while end < table.rows.len() {
                let h = table.row_height(self.fonts, &table.rows[end], WIDTH);
                if height + h > self.room() {
                    break;
                }
                height += h;
                end += 1;
            }
            if end == next && self.y > TOP {
                self.new_page(report);
                continue;
            }
            let end = end.max(next + 1);
            self.items
                .push(Drawn::Table(table.clone(), self.y, next..end));
            self.y += height + 4.0;
            next = end;
        }
    }
}

fn draw(page: &mut Page, report: &Report, item: Drawn) {
    match item {
        Drawn::Text(x, y, text, style) => {
            page.text(x, y, &text, style);
        }
        Drawn::Rule(y) => page.line(
            (LEFT, y),
            (LEFT + WIDTH, y),
            &Line::solid([170, 170, 170], 0.3),
        ),
        Drawn::Table(table, y, rows) => {
            table.draw(page, LEFT, y, WIDTH, rows);
        }
        Drawn::Image(png, y, w, h) => {
            if let Ok(image) = krilla::image::Image::from_png(png.into(), true)
                && let Some(size) = krilla::geom::Size::from_wh(w, h)
            {
                page.image(image, LEFT, y, size);
            }
        }
        Drawn::Chart(row, y) => draw_chart_rows(page, report, row, y),
        Drawn::Section(index, y, h) => {
            if let Some(section) = report.sections.get(index) {
                crate::render::pdf_section::draw_section(
                    page,
                    &section.layout,
                    (LEFT, y, WIDTH, h),
                );
            }
        }
    }
}

/// The report as PDF bytes.
pub fn pdf(report: &Report) -> Result<Vec<u8>, String> {
    let fonts = PdfFonts::new();
    let mut w = Writer {
        document: Document::new(),
        fonts: &fonts,
        items: Vec::new(),
        y: TOP,
        pages: 0,
        title: format!(
            "{} — {}",
            report.plan_name,
            crate::tr!("report-title-suffix")
        ),
    };
    w.paragraph(&report.plan_name, TextStyle::new(6.0), report);
    w.paragraph(
        &super::meta_line(report),
        TextStyle::new(BODY_MM).color([90, 90, 90]),
        report,
    );
    for part in parts(report) {
        write_part(&mut w, &part, report);
    }
    w.new_page(report);
    w.document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(report.plan_name.clone())
            .creator("Strata".to_owned()),
    );
    w.document.finish().map_err(|e| format!("{e:?}"))
}

fn write_part(w: &mut Writer, part: &Part, report: &Report) {
    w.need(20.0, report);
    w.y += 4.0;
    w.items.push(Drawn::Text(
        LEFT,
        w.y + 4.6,
        part.title.clone(),
        TextStyle::new(4.6),
    ));
    w.y += 6.5;
    w.items.push(Drawn::Rule(w.y));
    w.y += 3.0;
    for p in &part.paragraphs {
        w.paragraph(p, TextStyle::new(BODY_MM), report);
        w.y += 1.0;
    }
    match part.figure {
        Some(Figure::Map) => {
            let (pw, ph) = png_size(&report.map_png);
            let h = WIDTH * ph / pw.max(1.0);
            let h = h.min(PAGE_H - TOP - BOTTOM);
            let width = h * pw / ph.max(1.0);
            w.need(h, report);
            w.items
                .push(Drawn::Image(report.map_png.clone(), w.y, width, h));
            w.y += h + 4.0;
        }
        Some(Figure::GapAreas) => {
            for map in &report.gap_areas {
                let (pw, ph) = png_size(&map.png);
                let h = (WIDTH * ph / pw.max(1.0)).min(PAGE_H - TOP - BOTTOM - 20.0);
                let width = h * pw / ph.max(1.0);
                w.need(h + 10.0, report);
                w.items.push(Drawn::Image(map.png.clone(), w.y, width, h));
                w.y += h + 2.0;
                let caption = super::gap_areas::caption(report, map);
                w.paragraph(&caption, TextStyle::new(BODY_MM), report);
                w.y += 3.0;
            }
        }
        Some(Figure::Chart) => {
            w.need(10.0, report);
            for row in 0..chart_rows(report).len() + 2 {
                w.need(CHART_ROW, report);
                w.items.push(Drawn::Chart(row, w.y));
                w.y += CHART_ROW;
            }
            w.y += 4.0;
        }
        Some(Figure::Sections) => {
            for (i, s) in report.sections.iter().enumerate() {
                let caption = match &s.name {
                    Some(name) => format!("{} {}", s.parcel, name),
                    None => s.parcel.clone(),
                };
                w.need(SECTION_H + 6.0, report);
                w.paragraph(&caption, TextStyle::new(BODY_MM), report);
                w.items.push(Drawn::Section(i, w.y, SECTION_H));
                w.y += SECTION_H + 4.0;
            }
        }
        None => {}
    }
    if let Some(table) = &part.table {
        w.table(pdf_table(w.fonts, table), report);
    }
}

const SECTION_H: f32 = 45.0;

/// The width and height of a PNG from its header (0 × 0 when it is not one).
fn png_size(png: &[u8]) -> (f32, f32) {
    let be = |at: usize| {
        png.get(at..at + 4)
            .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    (be(16) as f32, be(20) as f32)
}

/// A report table with columns as wide as their text needs (at most 70 mm each),
/// scaled to the page.
fn pdf_table(fonts: &PdfFonts, table: &super::tables::Table) -> Table {
    let size = crate::render::pdf_table::CELL_TEXT_MM;
    let columns = table.header.len();
    let mut widths = vec![8.0_f32; columns];
    let rows: Vec<Vec<String>> = table.rows.iter().map(|(_, cells)| cells.clone()).collect();
    for row in std::iter::once(&table.header).chain(&rows) {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max((fonts.width(cell, size) + 2.5).min(70.0));
        }
    }
    let total: f32 = widths.iter().sum();
    Table {
        widths: widths.iter().map(|w| w / total).collect(),
        header: table.header.clone(),
        alert: vec![false; rows.len()],
        rows,
    }
}

const CHART_ROW: f32 = 5.0;
const CHART_LABEL_W: f32 = 75.0;
const CHART_BAR_W: f32 = 80.0;

/// The chart's rows, as its SVG lists them: a heading per tier, then its categories.
fn chart_rows<'r>(
    report: &'r Report,
) -> Vec<(
    Option<&'r str>,
    Option<&'r crate::analysis::report::CategoryCoverage>,
)> {
    let mut rows = Vec::new();
    for tier in &report.reference.standard.tiers {
        let of_tier: Vec<_> = report
            .coverage
            .categories
            .iter()
            .filter(|c| c.tier == tier.id)
            .collect();
        if of_tier.is_empty() {
            continue;
        }
        rows.push((Some(tier.id.as_str()), None));
        rows.extend(of_tier.into_iter().map(|c| (None, Some(c))));
    }
    rows
}

/// One row of the coverage chart: the heading (row 0), a tier or category row, or the
/// axis labels (the last row).
fn draw_chart_rows(page: &mut Page, report: &Report, row: usize, y: f32) {
    let standard = &report.reference.standard;
    let rows = chart_rows(report);
    let x0 = LEFT + CHART_LABEL_W;
    if row == 0 {
        page.text(
            LEFT,
            y + 3.5,
            &crate::tr!("report-chart-heading"),
            TextStyle::new(3.2),
        );
        return;
    }
    let Some((tier, category)) = rows.get(row - 1) else {
        for i in 0..=4 {
            let x = x0 + CHART_BAR_W * i as f32 / 4.0;
            page.text(
                x,
                y + 3.0,
                &format!("{} %", i * 25),
                TextStyle::new(2.4)
                    .align(Align::Center)
                    .color([100, 100, 100]),
            );
        }
        return;
    };
    for i in 0..=4 {
        let x = x0 + CHART_BAR_W * i as f32 / 4.0;
        page.line(
            (x, y),
            (x, y + CHART_ROW),
            &Line::solid([221, 221, 221], 0.2),
        );
    }
    if let Some(tier) = tier {
        let name = standard.tier(tier).map_or(tier.to_string(), |t| t.label());
        page.text(
            LEFT,
            y + 3.6,
            &name,
            TextStyle::new(2.8).color(tier_color(tier)),
        );
    }
    if let Some(c) = category {
        let name = standard.category_label(&c.id, crate::i18n::lang());
        let label = crate::render::pdf::fit(page, &name, 2.6, CHART_LABEL_W - 6.0);
        page.text(LEFT + 3.0, y + 3.6, &label, TextStyle::new(2.6));
        let rgb = tier_color(&c.tier);
        let rgb = if c.required {
            rgb
        } else {
            rgb.map(|v| (f32::from(v) * 0.45 + 255.0 * 0.55) as u8)
        };
        let w = CHART_BAR_W * c.share_population.clamp(0.0, 1.0) as f32;
        page.rect(x0, y + 0.8, w, CHART_ROW - 1.6, Some(rgb), None);
        page.text(
            x0 + w + 1.2,
            y + 3.6,
            &super::fmt::percent(c.share_population),
            TextStyle::new(2.5).color([50, 50, 50]),
        );
    }
}
