//! The options of `strata render` and `strata report`, turned into what `cli/render.rs`
//! draws and writes.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;
use strata::i18n::tr;
use strata::model::Reference;
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
    /// Heatmap underlay: count (default when given alone), score, or distance to --category.
    #[arg(long, value_enum, value_name = "VALUE", num_args = 0..=1, default_missing_value = "count")]
    heatmap: Option<HeatValueArg>,
    /// Category for --heatmap distance.
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
}

impl RenderArgs {
    pub fn run(self, reference: &Reference) -> Result<u8> {
        let coverage = self.coverage.options()?;
        let heat = match (self.heatmap, self.category) {
            (None, None) => None,
            (None, Some(_)) => bail!(tr("cli-err-category-heatmap")),
            (Some(HeatValueArg::Distance), Some(id)) => Some(MapHeat::Distance(id)),
            (Some(HeatValueArg::Distance), None) => {
                bail!(tr("cli-err-heatmap-distance"))
            }
            (Some(_), Some(_)) => bail!(tr("cli-err-category-heatmap")),
            (Some(HeatValueArg::Count), None) => Some(MapHeat::Count),
            (Some(HeatValueArg::Score), None) => Some(MapHeat::Score),
        };
        let options = MapOptions {
            width_px: self.width,
            fill_by: self.style.into(),
            scenario: self.scenario.into(),
            heat,
            coverage,
            labels: !self.no_labels,
            facilities: true,
        };
        render::render(&self.plan, &self.out, &options, reference)
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
