//! `strata check`: the plan's problems, errors first; exit 1 when there are errors.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use serde_json::json;
use strata::model::{Reference, Severity};

use super::options::Format;

#[derive(Args)]
pub(crate) struct CheckArgs {
    /// The plan file (GeoJSON).
    plan: PathBuf,
    /// text: one line per problem; json: for scripts.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

impl CheckArgs {
    pub fn run(self, reference: &Reference) -> Result<u8> {
        let path = &self.plan;
        let loaded = super::load_to_exit(path)?;
        let problems = super::all_problems(&loaded, reference);
        let errors = problems.iter().filter(|p| p.is_error()).count();
        let warnings = problems.len() - errors;
        let _timing = strata::timings::Timer::new("output");
        match self.format {
            Format::Text => {
                for severity in [Severity::Error, Severity::Warning] {
                    for p in problems.iter().filter(|p| p.severity == severity) {
                        println!("{}", p.text());
                    }
                }
                println!(
                    "{}",
                    strata::tr!(
                        "cli-check-summary",
                        path = path.display().to_string(),
                        errors = errors,
                        warnings = warnings
                    )
                );
            }
            Format::Json => {
                let list: Vec<_> = problems
                    .iter()
                    .map(|p| {
                        json!({
                            "severity": if p.is_error() { "error" } else { "warning" },
                            "kind": p.kind.as_str(),
                            "feature": p.feature,
                            "message": p.message,
                        })
                    })
                    .collect();
                let out = json!({ "file": path.display().to_string(), "errors": errors, "warnings": warnings, "problems": list });
                println!("{}", serde_json::to_string_pretty(&out)?);
            }
        }
        Ok(if errors > 0 { 1 } else { 0 })
    }
}
