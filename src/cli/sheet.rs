//! `strata sheet`: zoning sheets (图则) of parcels as one vector PDF, written atomically.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use strata::model::Reference;
use strata::sheet::{
    CrsChoice, Orientation, Paper, ScaleChoice, Selection, SheetOptions, Sheets, UnderlayGrid,
    UnderlayPainter, build_sheets_over,
};
use strata::tr;

use super::options::ScenarioArg;

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum PaperArg {
    #[value(name = "A4", alias = "a4")]
    A4,
    #[value(name = "A3", alias = "a3")]
    A3,
    #[value(name = "A1", alias = "a1")]
    A1,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum OrientationArg {
    Landscape,
    Portrait,
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["parcels", "all"])))]
pub(crate) struct SheetArgs {
    /// The plan file (GeoJSON or GeoPackage).
    plan: PathBuf,
    /// The PDF to write.
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
    /// The parcels to draw, one sheet each (ids separated by commas).
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    parcels: Vec<String>,
    /// A sheet for every parcel of the scenario.
    #[arg(long)]
    all: bool,
    /// Paper size.
    #[arg(long, value_enum, default_value = "A3")]
    paper: PaperArg,
    /// Paper orientation.
    #[arg(long, value_enum, default_value = "landscape")]
    orientation: OrientationArg,
    /// Map scale, 1:500 to 1:10000, or fit (the largest round scale at which the parcel fits).
    #[arg(long, value_name = "1:N|fit", default_value = "fit")]
    scale: String,
    /// Which scenario: existing or proposed.
    #[arg(long, value_enum, default_value = "proposed")]
    scenario: ScenarioArg,
    /// Date in the title block (YYYY-MM-DD; default today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Projected CRS of the corner table: auto (the CGCS2000 3° Gauss–Krüger zone of each parcel) or an EPSG code (CGCS2000, Xi'an 1980 or Beijing 1954 Gauss–Krüger, WGS 84 UTM…)
    #[arg(long, value_name = "EPSG:N|auto", default_value = "auto")]
    crs: String,
    /// An underlay under the map, above the plan's own: a world-file PNG/JPEG, a GeoTIFF, an MBTiles package or a tile URL template (repeat for several)
    #[arg(long, value_name = "FILE|URL")]
    basemap: Vec<String>,
    /// Opacity 0–1 of the --basemap at the same position (default 1)
    #[arg(long, value_name = "X")]
    basemap_opacity: Vec<f64>,
    /// Leave out the plan's own underlays (strata.basemaps)
    #[arg(long)]
    no_underlays: bool,
}

/// `1:2000`, `2000` or `fit`.
fn parse_scale(text: &str) -> Result<ScaleChoice> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("fit") {
        return Ok(ScaleChoice::Fit);
    }
    let number = text
        .strip_prefix("1:")
        .unwrap_or(text)
        .replace([' ', ','], "");
    match number.parse::<u32>() {
        Ok(n) if n > 0 => Ok(ScaleChoice::Fixed(n)),
        _ => bail!(tr!("cli-err-sheet-scale", text = text)),
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    strata::sheet::date_from_days((secs / 86_400) as i64)
}

impl SheetArgs {
    /// What the arguments ask for (checked before the plan is read).
    fn options(&self) -> Result<SheetOptions> {
        if !self
            .out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            bail!(tr!(
                "cli-err-out-pdf",
                path = self.out.display().to_string()
            ));
        }
        let scale = parse_scale(&self.scale)?;
        let Some(crs) = CrsChoice::parse(&self.crs) else {
            bail!(tr!("cli-err-sheet-crs", text = self.crs.as_str()));
        };
        let selection = if self.all {
            Selection::All
        } else {
            Selection::Parcels(self.parcels.iter().map(|p| p.trim().to_owned()).collect())
        };
        Ok(SheetOptions {
            selection,
            paper: match self.paper {
                PaperArg::A4 => Paper::A4,
                PaperArg::A3 => Paper::A3,
                PaperArg::A1 => Paper::A1,
            },
            orientation: match self.orientation {
                OrientationArg::Landscape => Orientation::Landscape,
                OrientationArg::Portrait => Orientation::Portrait,
            },
            scale,
            lang: strata::i18n::lang(),
            scenario: self.scenario.into(),
            date: self.date.clone().unwrap_or_else(today),
            crs,
        })
    }

    pub fn run(self, reference: &Reference) -> Result<u8> {
        let options = self.options()?;
        let basemaps = super::basemap::from_args(&self.basemap, &self.basemap_opacity)?;
        let loaded = super::load(&self.plan)?;
        let plan = &loaded.plan;
        let underlays = strata::timings::stage("open underlays", || {
            super::basemap::open_underlays_with(plan, &self.plan, &basemaps, !self.no_underlays)
        });
        let paint = |grid: &UnderlayGrid| super::basemap::paint_for_sheet(plan, &underlays, grid);
        let painter: Option<UnderlayPainter> = (!underlays.is_empty()).then_some(&paint);
        let sheets = strata::timings::stage("sheets", || {
            build_sheets_over(plan, reference, &options, painter)
        })?;
        if !sheets.missing_chars.is_empty() {
            let chars: String = sheets.missing_chars.iter().collect();
            eprintln!("{}", tr!("cli-sheet-missing-chars", chars = chars));
        }
        strata::io::write_atomically(&self.out, &sheets.pdf)
            .with_context(|| tr!("cli-err-write", path = self.out.display().to_string()))?;
        report(&sheets, &options, &self.out, !underlays.is_empty());
        Ok(0)
    }
}

/// What was written, sheet by sheet, on stderr; a sheet no underlay covered is named
/// when there were underlays to draw.
fn report(sheets: &Sheets, options: &SheetOptions, out: &std::path::Path, underlays: bool) {
    for s in &sheets.parcels {
        eprintln!(
            "{}",
            tr!(
                "cli-sheet-parcel-crs",
                id = s.id.as_str(),
                scale = s.scale.to_string(),
                pages = s.pages.to_string(),
                corners = s.corners.to_string(),
                crs = s.crs.as_str()
            )
        );
        if underlays && !s.underlay {
            eprintln!("{}", tr!("cli-sheet-no-underlay", id = s.id.as_str()));
        }
    }
    eprintln!(
        "{}",
        tr!(
            "cli-sheet-wrote",
            path = out.display().to_string(),
            sheets = sheets.parcels.len().to_string(),
            pages = sheets.pages.to_string(),
            paper = options.paper.as_str()
        )
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_read_as_written() {
        assert_eq!(parse_scale("1:2000").ok(), Some(ScaleChoice::Fixed(2000)));
        assert_eq!(
            parse_scale("1:10,000").ok(),
            Some(ScaleChoice::Fixed(10_000))
        );
        assert_eq!(parse_scale("fit").ok(), Some(ScaleChoice::Fit));
        assert!(parse_scale("1:0").is_err());
        assert!(parse_scale("big").is_err());
        assert_eq!(today().len(), 10);
    }
}
