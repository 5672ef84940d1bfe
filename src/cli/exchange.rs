//! `strata export` (the plan as RFC 7946 GeoJSON, or flat for QGIS) and `strata import`
//! (a plain GeoJSON file turned into a plan).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use strata::io::{self, ImportAs, ImportOptions, ReadOptions, SourceCrs};
use strata::model::{Reference, Status};
use strata::tr;

use super::options::ScenarioArg;

#[derive(Args)]
pub(crate) struct ExportArgs {
    /// The plan file (GeoJSON).
    plan: PathBuf,
    /// The GeoJSON file to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// One feature per stratum with plain properties (for QGIS attribute tables).
    #[arg(long)]
    flat: bool,
}

impl ExportArgs {
    pub fn run(self, reference: &Reference) -> Result<u8> {
        let loaded = super::load(&self.plan)?;
        for p in loaded.problems.iter().filter(|p| p.is_error()) {
            eprintln!("{}", tr!("cli-export-kept", problem = p.text()));
        }
        use strata::timings::stage;
        if self.flat {
            let value = stage("flat export", || {
                io::export::flat_value(&loaded.plan, reference)
            })?;
            let text = stage("serialise", || serde_json::to_string_pretty(&value))? + "\n";
            stage("write", || io::write_atomically(&self.out, text.as_bytes()))?;
        } else {
            stage("save plan", || io::save_plan(&loaded.plan, &self.out))?;
        }
        eprintln!(
            "{}",
            tr!("cli-wrote", path = self.out.display().to_string())
        );
        Ok(0)
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ImportKind {
    Parcel,
    Facility,
    Street,
}

impl From<ImportKind> for ImportAs {
    fn from(kind: ImportKind) -> Self {
        match kind {
            ImportKind::Parcel => ImportAs::Parcel,
            ImportKind::Facility => ImportAs::Facility,
            ImportKind::Street => ImportAs::Street,
        }
    }
}

#[derive(Args)]
pub(crate) struct ImportArgs {
    /// The plain GeoJSON file to import.
    file: PathBuf,
    /// The plan file to write.
    #[arg(long, value_name = "PLAN")]
    out: PathBuf,
    /// What the features become.
    #[arg(long = "as", value_enum, default_value = "parcel")]
    kind: ImportKind,
    /// CRS of the coordinates when the file does not declare one, e.g. EPSG:4547.
    #[arg(long, value_name = "EPSG:N")]
    crs: Option<String>,
    /// Property holding the land-use code (parcels), e.g. `landuse`; `0701+0901` means mixed use.
    #[arg(long, value_name = "PROPERTY")]
    use_from: Option<String>,
    /// Property holding the facility category (facilities), e.g. `amenity`.
    #[arg(long, value_name = "PROPERTY")]
    category_from: Option<String>,
    /// TOML table mapping source values to codes or categories (`residential = "0701"`).
    #[arg(long, value_name = "FILE")]
    map: Option<PathBuf>,
    /// Property holding the name (default `name`).
    #[arg(long, value_name = "PROPERTY")]
    name_from: Option<String>,
    /// Scenario given to the imported features.
    #[arg(long, value_enum, default_value = "proposed")]
    scenario: ScenarioArg,
    /// Status given to imported parcels (e.g. existing, idle).
    #[arg(long)]
    status: Option<String>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
}

impl ImportArgs {
    pub fn run(self, reference: &Reference) -> Result<u8> {
        let kind = ImportAs::from(self.kind);
        let status = match &self.status {
            None => None,
            Some(text) => Some(Status::parse(text).with_context(|| {
                let known: Vec<_> = Status::ALL.iter().map(|s| s.as_str()).collect();
                tr!(
                    "cli-err-status",
                    text = format!("{text:?}"),
                    known = known.join(", ")
                )
            })?),
        };
        let options = ImportOptions {
            read: ReadOptions {
                crs: crs_option(self.crs.as_deref())?,
                ..ReadOptions::default()
            },
            value_from: match kind {
                ImportAs::Parcel => self.use_from,
                _ => self.category_from,
            },
            map: match &self.map {
                Some(path) => io::import::load_map(path)?,
                None => Default::default(),
            },
            name_from: self.name_from,
            scenario: self.scenario.into(),
            status,
        };
        import(&self.file, &self.out, kind, &options, self.force, reference)
    }
}

fn crs_option(text: Option<&str>) -> Result<Option<SourceCrs>> {
    text.map(|t| SourceCrs::from_name(t).map_err(|e| anyhow::anyhow!("--crs: {}", e.text())))
        .transpose()
}

fn import(
    file: &std::path::Path,
    out: &std::path::Path,
    kind: ImportAs,
    options: &ImportOptions,
    force: bool,
    reference: &Reference,
) -> Result<u8> {
    if out.exists() && !force {
        bail!(tr!("cli-err-exists", path = out.display().to_string()));
    }
    let (loaded, report) =
        io::import::import_file(file, kind, options).map_err(|e| super::read_failure(file, &e))?;
    for skipped in &report.skipped {
        eprintln!("{}", tr!("cli-skipped", what = skipped.clone()));
    }
    io::save_plan(&loaded.plan, out)?;
    let problems = super::all_problems(&loaded, reference);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    for p in problems.iter().filter(|p| p.is_error()).take(20) {
        eprintln!("{}", p.text());
    }
    eprintln!(
        "{}",
        tr!(
            "cli-imported",
            n = report.imported.to_string(),
            path = out.display().to_string(),
            skipped = report.skipped.len().to_string(),
            errors = errors.to_string()
        )
    );
    Ok(0)
}
