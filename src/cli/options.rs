//! Options several commands share: output formats, the scenario, and the coverage
//! options (`--metric`, `--radius`) that become one `CoverageOptions` here and nowhere
//! else.

use anyhow::{Result, bail};
use clap::{Args, ValueEnum};
use strata::analysis::{CoverageOptions, Metric};
use strata::model::Scenario;

/// `--format` of the commands that print lines or JSON.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Json,
}

/// `--format` of the commands that also print a CSV table.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum TableFormat {
    Text,
    Json,
    Csv,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum MetricArg {
    Euclidean,
    Network,
}

impl From<MetricArg> for Metric {
    fn from(m: MetricArg) -> Self {
        match m {
            MetricArg::Euclidean => Metric::Euclidean,
            MetricArg::Network => Metric::Network,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum ScenarioArg {
    Existing,
    Proposed,
}

impl From<ScenarioArg> for Scenario {
    fn from(s: ScenarioArg) -> Self {
        match s {
            ScenarioArg::Existing => Scenario::Existing,
            ScenarioArg::Proposed => Scenario::Proposed,
        }
    }
}

// How distances are measured, flattened into every command that computes coverage
// (`#[command(flatten)]`); the fields keep the place `--metric` and `--radius` had in
// each command's help. `render` words `--metric` its own way with `mut_arg`.
#[derive(Args, Clone, Copy, Debug)]
pub(crate) struct CoverageArgs {
    /// Straight-line distance, or along walkable streets.
    #[arg(long, value_enum, default_value = "euclidean")]
    pub metric: MetricArg,
    /// Replace every category's radius (metres).
    #[arg(long, value_name = "M")]
    pub radius: Option<f64>,
}

impl CoverageArgs {
    /// The options of a command that has `--metric` but no `--radius`.
    pub fn metric_only(metric: MetricArg) -> Self {
        Self {
            metric,
            radius: None,
        }
    }

    /// The coverage options these arguments ask for, or why `--radius` is refused.
    pub fn options(self) -> Result<CoverageOptions> {
        if let Some(r) = self.radius
            && !(r.is_finite() && r > 0.0)
        {
            bail!(strata::tr!("cli-err-radius", radius = format!("{r}")));
        }
        Ok(CoverageOptions {
            metric: self.metric.into(),
            radius_override: self.radius,
            ..Default::default()
        })
    }
}
