//! The options of `strata render` and `strata report`, turned into what `cli/render.rs`
//! draws and writes.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;
use strata::i18n::tr;
use strata::model::Reference;
use strata::render::volumes::VolumeOptions;
use strata::render::{HeatChoice as MapHeat, MapOptions};

use super::options::{CoverageArgs, ScenarioArg};
use super::{HeatValueArg, StyleArg, render};

#[derive(Args)]
#[command(mut_arg("metric", |arg| arg.help("Distances of the score style and the heatmap")))]
pub(crate) struct RenderArgs {
    /// The plan file (GeoJSON).
    plan: PathBuf,
    /// The PNG to write.
    #[arg(long, value_name = "FILE.png")]
    out: PathBuf,
    /// Image width in pixels (300–8000); the height follows from the plan's shape.
    #[arg(long, value_name = "PX", default_value = "1600")]
    width: u32,
    /// What parcel fills show.
    #[arg(long, value_enum, default_value = "use")]
    style: StyleArg,
    /// Heatmap underlay: count (default when given alone), score, or distance to / places of --category.
    #[arg(long, value_enum, value_name = "VALUE", num_args = 0..=1, default_missing_value = "count")]
    heatmap: Option<HeatValueArg>,
    /// Category for --heatmap distance or places and for --style places.
    #[arg(long, value_name = "ID")]
    category: Option<String>,
    // `--metric` (worded above for this command) and `--radius`.
    #[command(flatten)]
    coverage: CoverageArgs,
    /// Which scenario: existing or proposed.
    #[arg(long, value_enum, default_value = "proposed")]
    scenario: ScenarioArg,
    /// Leave parcel names off the map.
    #[arg(long)]
    no_labels: bool,
    /// An underlay under the parcels, above the plan's own: a world-file PNG/JPEG, a GeoTIFF, an MBTiles or PMTiles package or a tile URL template (repeat for several)
    #[arg(long, value_name = "FILE|URL")]
    basemap: Vec<String>,
    /// Opacity 0–1 of the --basemap at the same position (default 1)
    #[arg(long, value_name = "X")]
    basemap_opacity: Vec<f64>,
    /// map: the plan from above; 3d: every stratum extruded between its heights, the
    /// underground below a translucent ground plane (styles use, holder, right, operation, term).
    #[arg(long, value_enum, default_value = "map")]
    view: ViewArg,
    /// 3D view: compass bearing of the viewer, degrees clockwise from north.
    #[arg(long, value_name = "DEG", default_value = "210")]
    azimuth: f64,
    /// 3D view: degrees above the horizon (5–90).
    #[arg(long, value_name = "DEG", default_value = "35")]
    elevation: f64,
    /// 3D view: vertical exaggeration (default: from the plan's shape, 1–10).
    #[arg(long, value_name = "FACTOR")]
    exaggeration: Option<f64>,
    /// 3D view, --style term: the year years left are counted from (default today).
    #[arg(long, value_name = "YEAR")]
    as_of: Option<f64>,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
pub(crate) enum ViewArg {
    Map,
    #[value(name = "3d")]
    ThreeD,
}

impl RenderArgs {
    pub fn run(self, reference: &Reference) -> Result<u8> {
        if self.view == ViewArg::ThreeD {
            return self.run_3d(reference);
        }
        let Some(fill_by) = self.style.fill_by() else {
            bail!(tr("cli-err-style-3d-only"));
        };
        let coverage = self.coverage.options()?;
        let places_style = fill_by == strata::render::FillBy::Places;
        let heat = match (self.heatmap, &self.category) {
            (None, None) => None,
            (None, Some(_)) if places_style => None,
            (None, Some(_)) => bail!(tr("cli-err-category-heatmap")),
            (Some(HeatValueArg::Distance), Some(id)) => Some(MapHeat::Distance(id.clone())),
            (Some(HeatValueArg::Places), Some(id)) => Some(MapHeat::Places(id.clone())),
            (Some(HeatValueArg::Distance | HeatValueArg::Places), None) => {
                bail!(tr("cli-err-heatmap-distance"))
            }
            (Some(_), Some(_)) if !places_style => bail!(tr("cli-err-category-heatmap")),
            (Some(HeatValueArg::Count), _) => Some(MapHeat::Count),
            (Some(HeatValueArg::Score), _) => Some(MapHeat::Score),
        };
        let options = MapOptions {
            width_px: self.width,
            fill_by,
            scenario: self.scenario.into(),
            heat,
            places_category: places_style.then_some(self.category).flatten(),
            coverage,
            labels: !self.no_labels,
            facilities: true,
        };
        let basemaps = super::basemap::from_args(&self.basemap, &self.basemap_opacity)?;
        render::render(&self.plan, &self.out, &options, &basemaps, reference)
    }

    fn run_3d(self, reference: &Reference) -> Result<u8> {
        let Some(colour_by) = self.style.volume_colour() else {
            bail!(tr("cli-err-style-map-only"));
        };
        if self.heatmap.is_some() || self.category.is_some() {
            bail!(tr("cli-err-3d-heatmap"));
        }
        let finite = [self.azimuth, self.elevation].iter().all(|a| a.is_finite());
        let exaggeration_ok = self.exaggeration.is_none_or(|v| v.is_finite() && v > 0.0);
        if !finite || !exaggeration_ok {
            bail!(tr("cli-err-3d-angles"));
        }
        let options = VolumeOptions {
            width_px: self.width,
            azimuth_deg: self.azimuth,
            elevation_deg: self.elevation,
            exaggeration: self.exaggeration,
            colour_by,
            scenario: self.scenario.into(),
            parcels: None,
            as_of: self
                .as_of
                .unwrap_or_else(strata::analysis::terms::current_year),
            title: true,
        };
        render::render_3d(&self.plan, &self.out, &options, reference)
    }
}

#[derive(Args)]
pub(crate) struct ReportArgs {
    /// The plan file (GeoJSON).
    plan: PathBuf,
    /// The report to write: .html (self-contained), .md (images beside it) or .pdf.
    #[arg(long, value_name = "FILE.html|md|pdf")]
    out: PathBuf,
    /// Which scenario: existing or proposed.
    #[arg(long, value_enum, default_value = "proposed")]
    scenario: ScenarioArg,
    #[command(flatten)]
    coverage: CoverageArgs,
    /// Width of the map image in pixels.
    #[arg(long, value_name = "PX", default_value = "1400")]
    width: u32,
}

impl ReportArgs {
    pub fn run(self, reference: &Reference) -> Result<u8> {
        let coverage = self.coverage.options()?;
        render::report(
            &self.plan,
            &self.out,
            self.scenario.into(),
            coverage,
            self.width,
            reference,
        )
    }
}
