//! Laying a sheet out (the tables flow through the columns of the first page, then
//! through further pages, a long table split between rows with its header repeated) and
//! drawing the laid-out pages into one PDF.

use std::ops::Range;

use krilla::Document;
use krilla::page::PageSettings;

use crate::analysis::zoning::{Context, parcel_zoning};
use crate::i18n::{Lang, tr_args_in, tr_in};
use crate::model::{Parcel, Plan, Reference};
use crate::render::pdf::{Line, PT_PER_MM, Page, PdfFonts, TextStyle, wrap};
use crate::render::present::section::{SectionLayout, section_layout};

use super::corners::{Corner, CornerError, ZoneProjector, corners};
use super::layout::{Area, PageLayout, TitleBlock, draw_frame};
use super::map::{MapContent, MapView, draw_map, fits, paper_size};
use super::tables::{corners_table, indicators_table, name_in, strata_table};
use super::underlay::{UnderlayPainter, sheet_underlay};
use super::{
    FIT_SCALES, MAX_SCALE, MIN_SCALE, ScaleChoice, SheetError, SheetOptions, SheetSummary,
};
use crate::render::pdf_table::Table;

const HEADING_MM: f32 = 3.2;
const HEADING_H: f32 = 6.5;
const HEADING_LINE: f32 = 4.4;
const SECTION_H: f32 = 36.0;
const GAP: f32 = 3.0;

/// Something placed in a column.
#[derive(Clone, Debug)]
pub enum Item {
    /// A heading's lines.
    Heading(Vec<String>),
    Table {
        table: usize,
        rows: Range<usize>,
    },
    Section,
}

#[derive(Clone, Debug)]
pub struct Placed {
    x: f32,
    y: f32,
    w: f32,
    item: Item,
}

/// One parcel's sheet, laid out.
pub struct PlannedSheet<'p> {
    parcel: &'p Parcel,
    pub summary: SheetSummary,
    view: MapView,
    corners: Vec<Corner>,
    tables: Vec<Table>,
    section: Option<SectionLayout>,
    pub pages: Vec<Vec<Placed>>,
}

/// The scale to draw at: the one asked (checked to fit), or the largest that fits.
fn choose_scale(parcel: &Parcel, choice: ScaleChoice, map: Area) -> Result<u32, SheetError> {
    let first_fit = || {
        FIT_SCALES
            .into_iter()
            .find(|s| fits(&parcel.shape, f64::from(*s), map))
    };
    match choice {
        ScaleChoice::Fixed(scale) if fits(&parcel.shape, f64::from(scale), map) => Ok(scale),
        ScaleChoice::Fixed(scale) => Err(SheetError::DoesNotFit {
            id: parcel.id.to_string(),
            scale,
            needed_mm: paper_size(&parcel.shape, f64::from(scale)),
            room_mm: (
                f64::from(map.w) * super::map::FILL_SHARE,
                f64::from(map.h) * super::map::FILL_SHARE,
            ),
            fits: first_fit().filter(|s| (MIN_SCALE..=MAX_SCALE).contains(s)),
        }),
        ScaleChoice::Fit => first_fit().ok_or_else(|| SheetError::DoesNotFit {
            id: parcel.id.to_string(),
            scale: MAX_SCALE,
            needed_mm: paper_size(&parcel.shape, f64::from(MAX_SCALE)),
            room_mm: (f64::from(map.w), f64::from(map.h)),
            fits: None,
        }),
    }
}

/// Lays out one parcel's sheet.
pub fn plan_sheet<'p>(
    plan: &Plan,
    reference: &Reference,
    parcel: &'p Parcel,
    options: &SheetOptions,
    layout: &PageLayout,
    fonts: &PdfFonts,
) -> Result<PlannedSheet<'p>, SheetError> {
    let lang = options.lang;
    let scale = choose_scale(parcel, options.scale, layout.map)?;
    let projection_error = |e: crate::model::ProjectionError| SheetError::Projection {
        id: parcel.id.to_string(),
        reason: e.message(),
    };
    let zone =
        ZoneProjector::for_shape(&plan.frame, &parcel.shape, options.crs).map_err(|e| match e {
            CornerError::Crs(problem) => SheetError::Crs(problem),
            CornerError::Projection(e) => projection_error(e),
        })?;
    let corners = corners(&parcel.shape, &zone).map_err(projection_error)?;
    let context = Context::for_parcel(plan, reference, parcel);
    let zoning = parcel_zoning(parcel, &context);
    let tables = vec![
        indicators_table(parcel, &zoning, reference, lang),
        strata_table(parcel, reference, lang),
        corners_table(&corners, lang),
    ];
    let section = crate::render::section::has_section(parcel).then(|| {
        let bilingual = |zh: &str, en: &str| {
            if lang == Lang::Zh {
                zh.to_owned()
            } else {
                en.to_owned()
            }
        };
        section_layout(parcel, &parcel.strata, reference, &bilingual)
    });
    let crs_name = zone.crs.name(lang);
    let mut blocks = vec![
        Block::Heading(tr_in(lang, "sheet-h-indicators")),
        Block::Table(0),
        Block::Heading(tr_in(lang, "sheet-h-strata")),
    ];
    if section.is_some() {
        blocks.push(Block::Section);
    }
    blocks.push(Block::Table(1));
    let crs = tr_args_in(
        lang,
        "sheet-h-corners-crs",
        &[("crs", crs_name.as_str().into())],
    );
    blocks.extend([Block::Heading(crs), Block::Table(2)]);
    let pages = flow(&blocks, &tables, layout, fonts);
    let center = geo::BoundingRect::bounding_rect(&parcel.shape)
        .map_or([0.0, 0.0], |r| [r.center().x, r.center().y]);
    Ok(PlannedSheet {
        parcel,
        summary: SheetSummary {
            id: parcel.id.to_string(),
            scale,
            pages: pages.len(),
            corners: corners.len(),
            crs: crs_name,
            crs_short: zone.crs.short_name(lang),
            epsg: zone.crs.epsg,
            underlay: false,
        },
        view: MapView {
            area: layout.map,
            center,
            scale: f64::from(scale),
        },
        corners,
        tables,
        section,
        pages,
    })
}

enum Block {
    Heading(String),
    Table(usize),
    Section,
}

/// Where the next item goes: a column of a page and the height used in it.
struct Cursor<'a> {
    layout: &'a PageLayout,
    pages: Vec<Vec<Placed>>,
    column: usize,
    used: f32,
}

impl Cursor<'_> {
    fn area(&self) -> Area {
        let columns = if self.pages.len() == 1 {
            &self.layout.columns
        } else {
            &self.layout.more_columns
        };
        columns[self.column.min(columns.len() - 1)]
    }

    fn room(&self) -> f32 {
        self.area().h - self.used
    }

    /// Moves to the next column, or the first column of a new page.
    fn next_column(&mut self) {
        let count = if self.pages.len() == 1 {
            self.layout.columns.len()
        } else {
            self.layout.more_columns.len()
        };
        self.used = 0.0;
        if self.column + 1 < count {
            self.column += 1;
        } else {
            self.column = 0;
            self.pages.push(Vec::new());
        }
    }

    fn place(&mut self, item: Item, height: f32) {
        let area = self.area();
        let placed = Placed {
            x: area.x,
            y: area.y + self.used,
            w: area.w,
            item,
        };
        if let Some(page) = self.pages.last_mut() {
            page.push(placed);
        }
        self.used += height;
    }
}

/// The pages' items: headings kept with what follows, tables split between rows.
fn flow(
    blocks: &[Block],
    tables: &[Table],
    layout: &PageLayout,
    fonts: &PdfFonts,
) -> Vec<Vec<Placed>> {
    let mut cursor = Cursor {
        layout,
        pages: vec![Vec::new()],
        column: 0,
        used: 0.0,
    };
    for block in blocks {
        match block {
            Block::Heading(text) => {
                // A heading needs room for itself and the start of what follows.
                if cursor.room() < HEADING_H + 20.0 && cursor.used > 0.0 {
                    cursor.next_column();
                }
                let lines = wrap(fonts, text, HEADING_MM, cursor.area().w);
                let height = HEADING_H + HEADING_LINE * (lines.len().max(1) - 1) as f32;
                cursor.place(Item::Heading(lines), height);
            }
            Block::Section => {
                if cursor.room() < SECTION_H && cursor.used > 0.0 {
                    cursor.next_column();
                }
                cursor.place(Item::Section, SECTION_H + GAP);
            }
            Block::Table(t) => flow_table(&mut cursor, *t, &tables[*t], fonts),
        }
    }
    cursor.pages
}

fn flow_table(cursor: &mut Cursor, index: usize, table: &Table, fonts: &PdfFonts) {
    let mut next = 0;
    loop {
        let width = cursor.area().w;
        let mut height = table.row_height(fonts, &table.header, width);
        let mut end = next;
        while end < table.rows.len() {
            let h = table.row_height(fonts, &table.rows[end], width);
            if height + h > cursor.room() {
                break;
            }
            height += h;
            end += 1;
        }
        // Nothing fits here (or only the header): start again in the next column,
        // unless it is already empty (a row taller than a column is drawn cut).
        if end == next && next < table.rows.len() && cursor.used > 0.0 {
            cursor.next_column();
            continue;
        }
        let end = end.max((next + 1).min(table.rows.len()));
        cursor.place(
            Item::Table {
                table: index,
                rows: next..end,
            },
            height + GAP,
        );
        next = end;
        if next >= table.rows.len() {
            return;
        }
        cursor.next_column();
    }
}

/// Draws every planned sheet into one PDF, each map over the underlay `underlays`
/// paints for it (noted in the sheet's summary).
pub fn draw_document(
    plan: &Plan,
    reference: &Reference,
    options: &SheetOptions,
    layout: &PageLayout,
    fonts: &PdfFonts,
    sheets: &mut [PlannedSheet],
    underlays: Option<UnderlayPainter>,
) -> Result<Vec<u8>, SheetError> {
    let lang = options.lang;
    let mut document = Document::new();
    let total: usize = sheets.iter().map(|s| s.pages.len()).sum();
    let mut number = 0;
    let project = name_in(plan.display_name(), lang);
    for sheet in sheets.iter_mut() {
        let underlay = underlays.and_then(|paint| sheet_underlay(paint, &sheet.view));
        sheet.summary.underlay = underlay.is_some();
        for (i, placed) in sheet.pages.iter().enumerate() {
            number += 1;
            let settings =
                PageSettings::from_wh(layout.width * PT_PER_MM, layout.height * PT_PER_MM)
                    .ok_or_else(|| SheetError::Pdf("page size".to_owned()))?;
            let mut pdf_page = document.start_page_with(settings);
            let mut page = Page::new(pdf_page.surface(), fonts);
            let title = sheet_title(sheet.parcel, lang);
            let block = TitleBlock {
                project: &project,
                title: &title,
                sheet: format!("{number} / {total}"),
                scale: format!("1:{}", sheet.summary.scale),
                date: &options.date,
                crs: sheet.summary.crs_short.clone(),
                classification: reference_name(
                    &reference.classification.zh,
                    &reference.classification.en,
                    &reference.classification.id,
                    lang,
                ),
                standard: reference_name(
                    &reference.standard.zh,
                    &reference.standard.en,
                    &reference.standard.id,
                    lang,
                ),
            };
            if i == 0 {
                let content = MapContent {
                    subject: sheet.parcel,
                    corners: &sheet.corners,
                    underlay: underlay.as_ref(),
                };
                draw_map(&mut page, &sheet.view, plan, reference, &content, lang);
            }
            for item in placed {
                draw_item(&mut page, sheet, item);
            }
            draw_frame(&mut page, layout, &block, lang);
            page.finish();
            pdf_page.finish();
        }
    }
    let title = sheets
        .first()
        .map_or_else(String::new, |s| sheet_title(s.parcel, lang));
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(title)
            .creator("Strata".to_owned())
            .language(if lang == Lang::Zh { "zh-CN" } else { "en" }.to_owned()),
    );
    document
        .finish()
        .map_err(|e| SheetError::Pdf(format!("{e:?}")))
}

/// "地块控制图则 p-6（WZ-01-05）".
fn sheet_title(parcel: &Parcel, lang: Lang) -> String {
    let code = parcel.controls.as_ref().and_then(|c| c.code.clone());
    let id = match code {
        Some(code) => format!("{} ({code})", parcel.id),
        None => parcel.id.to_string(),
    };
    tr_args_in(lang, "sheet-title", &[("id", id.into())])
}

fn reference_name(zh: &str, en: &str, id: &str, lang: Lang) -> String {
    let name = if lang == Lang::Zh { zh } else { en };
    format!("{name} ({id})")
}

fn draw_item(page: &mut Page, sheet: &PlannedSheet, placed: &Placed) {
    match &placed.item {
        Item::Heading(lines) => {
            let mut y = placed.y + HEADING_H - 2.0;
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    y += HEADING_LINE;
                }
                page.text(placed.x, y, line, TextStyle::new(HEADING_MM));
            }
            page.line(
                (placed.x, y + 1.0),
                (placed.x + placed.w, y + 1.0),
                &Line::solid([30, 30, 30], 0.3),
            );
        }
        Item::Table { table, rows } => {
            sheet.tables[*table].draw(page, placed.x, placed.y, placed.w, rows.clone());
        }
        Item::Section => {
            if let Some(section) = &sheet.section {
                crate::render::pdf_section::draw_section(
                    page,
                    section,
                    (placed.x, placed.y, placed.w, SECTION_H),
                );
            }
        }
    }
}
