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
    /// One feature per stratum with plain properties (for QGIS attribute tables), with
    /// the parcel's controls and achieved zoning indicators.
    #[arg(long)]
    flat: bool,
    /// CRS of the coordinates written to a DXF or Shapefile (default: the CGCS2000 3° Gauss–Krüger zone of the plan).
    #[arg(long, value_name = "EPSG:N")]
    crs: Option<String>,
}

impl ExportArgs {
    pub fn run(self, reference: &Reference) -> Result<u8> {
        let loaded = super::load(&self.plan)?;
        for p in loaded.problems.iter().filter(|p| p.is_error()) {
            eprintln!("{}", tr!("cli-export-kept", problem = p.text()));
        }
        use strata::timings::stage;
        if has_extension(&self.out, "shp") {
            return export_shp(&loaded.plan, reference, &self.out, self.crs.as_deref());
        }
        if super::dxf::is_cad(&self.out) {
            super::dxf::export(&loaded.plan, &self.out, self.crs.as_deref(), reference)?;
        } else if self.flat {
            let plan = &loaded.plan;
            let zoning = stage("zoning columns", || {
                strata::analysis::zoning_columns::zoning_columns(plan, reference)
            });
            let columns =
                |p: &strata::model::Parcel| zoning.get(p.id.as_str()).cloned().unwrap_or_default();
            stage("flat export", || {
                io::export::save_flat(plan, reference, &columns, &self.out)
            })?;
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
    #[arg(long, value_name = "PLAN", required_unless_present = "layers")]
    out: Option<PathBuf>,
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
    /// Text encoding overriding the file's (a DXF's $DWGCODEPAGE, a Shapefile's .cpg), e.g. GBK.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
    /// Property whose value becomes the feature id (Shapefile), e.g. `id`.
    #[arg(long, value_name = "PROPERTY")]
    id_from: Option<String>,
    /// DXF: a layer to take parcels, streets and facilities from (repeat for several).
    #[arg(long = "layer", value_name = "NAME")]
    layer: Vec<String>,
    /// DXF: list the drawing's layers with their entity counts, and stop.
    #[arg(long)]
    layers: bool,
    /// DXF: the drawing unit.
    #[arg(long, value_enum, default_value = "m")]
    unit: super::dxf::DxfUnit,
    /// DXF: added to the drawing's coordinates after --unit, in metres.
    #[arg(long, value_name = "DX,DY", allow_hyphen_values = true)]
    offset: Option<String>,
    /// DXF: largest distance between an arc and its chords, in metres.
    #[arg(long, value_name = "M", default_value_t = strata::io::dxf::DEFAULT_CHORD_TOLERANCE)]
    chord_tolerance: f64,
}

impl ImportArgs {
    pub fn run(self, reference: &Reference) -> Result<u8> {
        let kind = self.import_kind();
        let status = self.status()?;
        if super::dxf::is_cad(&self.file) {
            return self.run_dxf(kind, status, reference);
        }
        let Some(out) = self.out.clone() else {
            bail!(tr!("cli-dxf-need-out"));
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
        if has_extension(&self.file, "shp") {
            let options = io::shp::ShpImportOptions {
                import: options,
                kind: Some(kind),
                encoding: self.encoding,
                id_from: self.id_from,
            };
            return import_shp(&self.file, &out, &options, self.force, reference);
        }
        import(&self.file, &out, kind, &options, self.force, reference)
    }

    fn status(&self) -> Result<Option<Status>> {
        Ok(match &self.status {
            None => None,
            Some(text) => Some(Status::parse(text).with_context(|| {
                let known: Vec<_> = Status::ALL.iter().map(|s| s.as_str()).collect();
                tr!(
                    "cli-err-status",
                    text = format!("{text:?}"),
                    known = known.join(", ")
                )
            })?),
        })
    }

    /// `strata import FILE.dxf` (and the refusal of a DWG).
    fn run_dxf(&self, kind: ImportAs, status: Option<Status>, reference: &Reference) -> Result<u8> {
        let args = super::dxf::DxfImport {
            file: &self.file,
            out: self.out.as_deref(),
            list_layers: self.layers,
            layers: self.layer.clone(),
            crs: self.crs.as_deref(),
            encoding: self.encoding.clone(),
            unit: self.unit,
            offset: self.offset.as_deref(),
            chord_tolerance: self.chord_tolerance,
            use_from: self.use_from.as_deref(),
            category_from: self.category_from.as_deref(),
            map: match &self.map {
                Some(path) => io::import::load_map(path)?,
                None => Default::default(),
            },
            scenario: self.scenario.into(),
            status,
            require_parcels: kind == ImportAs::Parcel,
            force: self.force,
        };
        super::dxf::import(args, reference)
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
    let errors = save_imported(&loaded, out, reference)?;
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

impl ImportArgs {
    /// What the features become: `--as`, except that a Shapefile of points or lines
    /// imported with the default (parcels) becomes facilities or streets, as its shape
    /// type says (a point cannot be a parcel).
    fn import_kind(&self) -> ImportAs {
        let kind = ImportAs::from(self.kind);
        if kind == ImportAs::Parcel && has_extension(&self.file, "shp") {
            return io::shp::kind_of_file(&self.file).unwrap_or(kind);
        }
        kind
    }
}

/// Saves an imported plan and prints its first 20 errors (as `strata check` words
/// them); the number of errors, for the closing line.
pub(crate) fn save_imported(
    loaded: &io::Loaded,
    out: &std::path::Path,
    reference: &Reference,
) -> Result<usize> {
    io::save_plan(&loaded.plan, out)?;
    let problems = super::all_problems(loaded, reference);
    for p in problems.iter().filter(|p| p.is_error()).take(20) {
        eprintln!("{}", p.text());
    }
    Ok(problems.iter().filter(|p| p.is_error()).count())
}

fn has_extension(path: &std::path::Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
}

/// A Shapefile import failure: the file and record, then exit 2 (1 for a plan that the
/// records make but that is wrong), as for an unreadable plan; nothing is written.
fn shp_failure(file: &std::path::Path, error: &io::shp::ShpError) -> anyhow::Error {
    match error {
        io::shp::ShpError::Read(e) => super::read_failure(file, e),
        other => {
            eprintln!("{}", tr!("cli-error", message = other.text()));
            anyhow::Error::new(super::Exit(other.exit_code()))
        }
    }
}

fn import_shp(
    file: &std::path::Path,
    out: &std::path::Path,
    options: &io::shp::ShpImportOptions,
    force: bool,
    reference: &Reference,
) -> Result<u8> {
    if out.exists() && !force {
        bail!(tr!("cli-err-exists", path = out.display().to_string()));
    }
    let (loaded, report, info) =
        io::shp::import(file, options).map_err(|e| shp_failure(file, &e))?;
    eprintln!("{}", info.message().text());
    if info.strata_export {
        eprintln!("{}", tr!("cli-shp-strata-export"));
    }
    for skipped in &report.skipped {
        eprintln!("{}", tr!("cli-skipped", what = skipped.clone()));
    }
    let errors = save_imported(&loaded, out, reference)?;
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

fn export_shp(
    plan: &strata::model::Plan,
    reference: &Reference,
    out: &std::path::Path,
    crs: Option<&str>,
) -> Result<u8> {
    // Validated as for import; a geographic CRS keeps its own code (4490 or 4326).
    let epsg = match (crs_option(crs)?, crs) {
        (Some(c), Some(text)) => Some(c.epsg().map_or_else(
            || if text.contains("4490") { 4490 } else { 4326 },
            u32::from,
        )),
        _ => None,
    };
    let options = io::shp::ShpExportOptions { epsg };
    let exported =
        io::shp::export(plan, reference, out, &options).map_err(|e| anyhow::anyhow!(e.text()))?;
    for note in &exported.notes {
        eprintln!("{}", note.text());
    }
    for (path, _) in &exported.files {
        eprintln!("{}", tr!("cli-wrote", path = path.display().to_string()));
    }
    Ok(0)
}
