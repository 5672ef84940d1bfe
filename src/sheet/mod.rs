//! Zoning sheets (控制性详细规划图则) as vector PDF: one sheet per parcel with the parcel
//! and its surroundings at a stated scale (parcels coloured by use with their codes,
//! streets, facilities, north arrow, scale bar, legend), the control indicators table
//! (limits against what the strata achieve, `analysis::zoning`), the strata section and
//! table, the corner coordinates (界址点) in the CGCS2000 3° Gauss–Krüger zone (or the
//! projected CRS asked for), a frame and a title block; mixed-use parcels hatched with
//! their second use's colour, and optionally an underlay (a raster image the caller
//! paints, embedded under the vector map). Long tables continue on further pages. The
//! bytes are returned; the caller writes them atomically (`io::write_atomically`).

mod corners;
mod crs;
mod fills;
mod flow;
mod layout;
mod map;
mod tables;
mod underlay;

use crate::i18n::{Lang, Message};
use crate::model::{Parcel, Plan, Reference, Scenario};
use crate::msg;
use crate::render::pdf::PdfFonts;

pub use corners::{Corner, CornerError, ZoneProjector, corners, zone_epsg, zone_of};
pub use crs::{CornerCrs, CrsChoice, CrsKind, CrsProblem, Datum, crs_kind};
pub use layout::{Area, Orientation, PageLayout, Paper};
pub use underlay::{UNDERLAY_DPI, UNDERLAY_MAX_PX, UnderlayGrid, UnderlayPainter};

/// The scales a sheet may be drawn at: 1:500 to 1:10 000.
pub const MIN_SCALE: u32 = 500;
pub const MAX_SCALE: u32 = 10_000;
/// The round scales `--scale fit` chooses from, largest first.
pub const FIT_SCALES: [u32; 8] = [500, 1000, 1500, 2000, 2500, 5000, 7500, 10_000];

/// Which parcels get a sheet.
#[derive(Clone, Debug, PartialEq)]
pub enum Selection {
    Parcels(Vec<String>),
    All,
}

/// The map scale: a fixed denominator, or the largest round one at which the parcel fits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScaleChoice {
    Fixed(u32),
    Fit,
}

/// What to draw and how.
#[derive(Clone, Debug)]
pub struct SheetOptions {
    pub selection: Selection,
    pub paper: Paper,
    pub orientation: Orientation,
    pub scale: ScaleChoice,
    pub lang: Lang,
    pub scenario: Scenario,
    /// The date in the title block (ISO `YYYY-MM-DD`).
    pub date: String,
    /// The projected CRS of the corner table.
    pub crs: CrsChoice,
}

/// Why sheets cannot be made. `Display` is English; [`SheetError::message`] is worded
/// where it is shown (`sheet-err-*` keys).
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    UnknownParcel {
        id: String,
        near: Vec<String>,
        scenario: &'static str,
    },
    NoParcels(&'static str),
    ScaleRange(u32),
    /// The parcel does not fit the map area at the scale: sizes in mm, the scale that
    /// would fit (if any within the range).
    DoesNotFit {
        id: String,
        scale: u32,
        needed_mm: (f64, f64),
        room_mm: (f64, f64),
        fits: Option<u32>,
    },
    Projection {
        id: String,
        reason: Message,
    },
    /// The CRS asked for the corner table cannot be used.
    Crs(CrsProblem),
    Pdf(String),
}

impl SheetError {
    pub fn message(&self) -> Message {
        match self {
            SheetError::UnknownParcel { id, near, scenario } => {
                let near = if near.is_empty() {
                    msg!("sheet-err-no-near")
                } else {
                    msg!("sheet-err-near", ids = near.join(", "))
                };
                msg!(
                    "sheet-err-unknown",
                    id = id.as_str(),
                    scenario = *scenario,
                    near = near
                )
            }
            SheetError::NoParcels(scenario) => msg!("sheet-err-no-parcels", scenario = *scenario),
            SheetError::ScaleRange(scale) => msg!(
                "sheet-err-scale-range",
                scale = scale.to_string(),
                min = MIN_SCALE.to_string(),
                max = MAX_SCALE.to_string()
            ),
            SheetError::DoesNotFit {
                id,
                scale,
                needed_mm,
                room_mm,
                fits,
            } => {
                let hint = match fits {
                    Some(s) => msg!("sheet-err-fits-at", scale = s.to_string()),
                    None => msg!("sheet-err-fits-bigger"),
                };
                msg!(
                    "sheet-err-does-not-fit",
                    id = id.as_str(),
                    scale = scale.to_string(),
                    width = format!("{:.0}", needed_mm.0),
                    height = format!("{:.0}", needed_mm.1),
                    room_width = format!("{:.0}", room_mm.0),
                    room_height = format!("{:.0}", room_mm.1),
                    hint = hint
                )
            }
            SheetError::Projection { id, reason } => {
                msg!(
                    "sheet-err-projection",
                    id = id.as_str(),
                    reason = reason.clone()
                )
            }
            SheetError::Crs(problem) => problem.message(),
            SheetError::Pdf(reason) => msg!("sheet-err-pdf", reason = reason.as_str()),
        }
    }
}

impl SheetError {
    /// The text in the current language.
    pub fn text(&self) -> String {
        self.message().text()
    }
}

impl std::fmt::Display for SheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().text_in(Lang::En))
    }
}

/// The sheets made: the PDF's bytes, one entry per parcel, and the characters no font
/// had (drawn as `?`).
#[derive(Debug)]
pub struct Sheets {
    pub pdf: Vec<u8>,
    pub parcels: Vec<SheetSummary>,
    pub pages: usize,
    pub missing_chars: Vec<char>,
}

/// One parcel's sheet: its id, the scale used, its pages and the CRS of its corners.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetSummary {
    pub id: String,
    pub scale: u32,
    pub pages: usize,
    pub corners: usize,
    /// The corner table's CRS as the sheet names it (in the sheet's language).
    pub crs: String,
    /// A shorter name of it, for the title block.
    pub crs_short: String,
    pub epsg: u32,
    /// Whether an underlay was drawn under the map.
    pub underlay: bool,
}

/// The parcels the selection names, in the order given (or plan order for all).
pub fn select<'p>(
    plan: &'p Plan,
    selection: &Selection,
    scenario: Scenario,
) -> Result<Vec<&'p Parcel>, SheetError> {
    let in_scenario: Vec<&Parcel> = plan.parcels_in(scenario).collect();
    let chosen: Vec<&Parcel> = match selection {
        Selection::All => in_scenario.clone(),
        Selection::Parcels(ids) => ids
            .iter()
            .map(|id| {
                in_scenario
                    .iter()
                    .find(|p| p.id.as_str() == id)
                    .copied()
                    .ok_or_else(|| SheetError::UnknownParcel {
                        id: id.clone(),
                        near: near_ids(id, &in_scenario),
                        scenario: scenario.as_str(),
                    })
            })
            .collect::<Result<_, _>>()?,
    };
    if chosen.is_empty() {
        return Err(SheetError::NoParcels(scenario.as_str()));
    }
    Ok(chosen)
}

/// Up to five ids closest to `id` by edit distance (ignoring case), closest first.
fn near_ids(id: &str, parcels: &[&Parcel]) -> Vec<String> {
    let wanted = id.to_lowercase();
    let mut scored: Vec<(usize, &str)> = parcels
        .iter()
        .map(|p| {
            (
                edit_distance(&wanted, &p.id.as_str().to_lowercase()),
                p.id.as_str(),
            )
        })
        .filter(|(d, other)| *d <= 2.max(other.chars().count() / 2))
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(5)
        .map(|(_, id)| id.to_owned())
        .collect()
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// The civil date (`YYYY-MM-DD`) of a day counted from 1970-01-01 (H. Hinnant's
/// `civil_from_days`), for the title block.
///
/// ```
/// assert_eq!(strata::sheet::date_from_days(0), "1970-01-01");
/// assert_eq!(strata::sheet::date_from_days(20_789), "2026-12-02");
/// ```
pub fn date_from_days(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Draws the sheets of the selected parcels into one PDF.
pub fn build_sheets(
    plan: &Plan,
    reference: &Reference,
    options: &SheetOptions,
) -> Result<Sheets, SheetError> {
    build_sheets_over(plan, reference, options, None)
}

/// [`build_sheets`] with each map drawn over the underlays `underlays` paints for its
/// grid (the caller opens the sources: `sheet` does not read files).
pub fn build_sheets_over(
    plan: &Plan,
    reference: &Reference,
    options: &SheetOptions,
    underlays: Option<UnderlayPainter>,
) -> Result<Sheets, SheetError> {
    if let ScaleChoice::Fixed(scale) = options.scale
        && !(MIN_SCALE..=MAX_SCALE).contains(&scale)
    {
        return Err(SheetError::ScaleRange(scale));
    }
    if let CrsChoice::Epsg(code) = options.crs {
        CornerCrs::from_epsg(code).map_err(SheetError::Crs)?;
    }
    let parcels = select(plan, &options.selection, options.scenario)?;
    let fonts = PdfFonts::new();
    let page = layout::PageLayout::new(options.paper, options.orientation);
    let mut planned = Vec::new();
    for parcel in &parcels {
        planned.push(flow::plan_sheet(
            plan, reference, parcel, options, &page, &fonts,
        )?);
    }
    let pages: usize = planned.iter().map(|s| s.pages.len()).sum();
    let pdf = flow::draw_document(
        plan,
        reference,
        options,
        &page,
        &fonts,
        &mut planned,
        underlays,
    )?;
    Ok(Sheets {
        pdf,
        parcels: planned.iter().map(|s| s.summary.clone()).collect(),
        pages,
        missing_chars: fonts.missing(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_matches_are_close_ids() {
        assert_eq!(edit_distance("p-6", "p-6"), 0);
        assert_eq!(edit_distance("p-6", "p-16"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
