//! `strata import FILE.dxf` and `strata export PLAN --out FILE.dxf`: the DXF options
//! turned into `io::dxf`'s, the skipped entities reported, the labels' zoning figures
//! (FAR, height: `analysis`, which `io` may not use) computed here.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use clap::ValueEnum;
use strata::io::dxf::{self, CategoryFrom, DxfImportOptions, UseFrom};
use strata::io::{self, SourceCrs};
use strata::model::{Plan, Reference, Scenario, Status};
use strata::tr;

/// `--unit` of a drawing.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum DxfUnit {
    M,
    Mm,
}

/// The DXF choices of `strata import`.
pub(crate) struct DxfImport<'a> {
    pub file: &'a Path,
    pub out: Option<&'a Path>,
    pub list_layers: bool,
    pub layers: Vec<String>,
    pub crs: Option<&'a str>,
    pub encoding: Option<String>,
    pub unit: DxfUnit,
    pub offset: Option<&'a str>,
    pub chord_tolerance: f64,
    pub use_from: Option<&'a str>,
    pub category_from: Option<&'a str>,
    pub map: BTreeMap<String, String>,
    pub scenario: Scenario,
    pub status: Option<Status>,
    pub require_parcels: bool,
    pub force: bool,
}

/// Whether a path names a DXF (or DWG) file.
pub(crate) fn is_cad(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("dxf") || e.eq_ignore_ascii_case("dwg"))
}

fn is_dwg(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("dwg"))
}

pub(crate) fn import(args: DxfImport<'_>, reference: &Reference) -> Result<u8> {
    if is_dwg(args.file) {
        bail!(tr!("cli-dxf-dwg", path = args.file.display().to_string()));
    }
    if args.list_layers {
        let layers = dxf::list_layers(args.file, args.encoding.as_deref())?;
        for layer in &layers {
            let counts: Vec<String> = layer
                .counts
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            println!("{}\t{}\t{}", layer.name, layer.total(), counts.join(", "));
        }
        return Ok(0);
    }
    let Some(out) = args.out else {
        bail!(tr!("cli-dxf-need-out"));
    };
    if out.exists() && !args.force {
        bail!(tr!("cli-err-exists", path = out.display().to_string()));
    }
    let options = options(&args)?;
    let (loaded, report) = dxf::import(args.file, &options)?;
    print_report(&report);
    let errors = super::exchange::save_imported(&loaded, out, reference)?;
    eprintln!(
        "{}",
        tr!(
            "cli-dxf-imported",
            parcels = report.parcels.to_string(),
            streets = report.streets.to_string(),
            facilities = report.facilities.to_string(),
            path = out.display().to_string(),
            errors = errors.to_string()
        )
    );
    Ok(0)
}

fn options(args: &DxfImport<'_>) -> Result<DxfImportOptions> {
    let crs = match args.crs {
        Some(text) => SourceCrs::from_name(text).map_err(|e| anyhow!("--crs: {}", e.text()))?,
        None => bail!(tr!("cli-dxf-need-crs")),
    };
    let offset = match args.offset {
        None => [0.0, 0.0],
        Some(text) => {
            parse_offset(text).ok_or_else(|| anyhow!(tr!("cli-dxf-bad-offset", text = text)))?
        }
    };
    let use_from = match args.use_from {
        None | Some("text") => UseFrom::Text,
        Some("layer") => UseFrom::Layer,
        Some("none") => UseFrom::None,
        Some(other) => bail!(tr!(
            "cli-dxf-bad-choice",
            option = "--use-from",
            text = other,
            known = "text, layer, none"
        )),
    };
    let category_from = match args.category_from {
        None | Some("block") => CategoryFrom::Block,
        Some("layer") => CategoryFrom::Layer,
        Some("text") => CategoryFrom::Text,
        Some(other) => bail!(tr!(
            "cli-dxf-bad-choice",
            option = "--category-from",
            text = other,
            known = "block, layer, text"
        )),
    };
    if !(args.chord_tolerance > 0.0 && args.chord_tolerance.is_finite()) {
        bail!(tr!(
            "cli-dxf-bad-tolerance",
            value = args.chord_tolerance.to_string()
        ));
    }
    Ok(DxfImportOptions {
        crs: Some(crs),
        layers: args.layers.clone(),
        encoding: args.encoding.clone(),
        unit_scale: match args.unit {
            DxfUnit::M => 1.0,
            DxfUnit::Mm => 0.001,
        },
        offset,
        chord_tolerance: args.chord_tolerance,
        use_from,
        category_from,
        map: args.map.clone(),
        scenario: args.scenario,
        status: args.status,
        require_parcels: args.require_parcels,
    })
}

/// `DX,DY` in metres.
fn parse_offset(text: &str) -> Option<[f64; 2]> {
    let (x, y) = text.split_once(',')?;
    let (x, y) = (x.trim().parse::<f64>().ok()?, y.trim().parse::<f64>().ok()?);
    (x.is_finite() && y.is_finite()).then_some([x, y])
}

/// Skipped entities by type and layer, refused ones by handle, on stderr.
fn print_report(report: &dxf::DxfReport) {
    eprintln!(
        "{}",
        tr!("cli-dxf-encoding", encoding = report.encoding.as_str())
    );
    for ((entity, layer), n) in &report.skipped {
        eprintln!(
            "{}",
            tr!(
                "cli-dxf-skipped",
                entity = entity.as_str(),
                layer = layer.as_str(),
                n = n.to_string()
            )
        );
    }
    for refused in &report.refused {
        eprintln!("{}", tr!("cli-skipped", what = refused.clone()));
    }
    if report.other_layers > 0 {
        eprintln!(
            "{}",
            tr!("cli-dxf-other-layers", n = report.other_layers.to_string())
        );
    }
}

/// Writes the plan as DXF in `crs` (default: the CGCS2000 3° Gauss–Krüger zone of the
/// plan's centre, central-meridian variant).
pub(crate) fn export(
    plan: &Plan,
    out: &Path,
    crs: Option<&str>,
    reference: &Reference,
) -> Result<()> {
    let crs = match crs {
        Some(text) => SourceCrs::from_name(text).map_err(|e| anyhow!("--crs: {}", e.text()))?,
        None => {
            let epsg = io::cgcs2000_gk3_epsg(plan.frame.lon0);
            SourceCrs::from_epsg(epsg).map_err(|e| anyhow!("EPSG:{epsg}: {}", e.text()))?
        }
    };
    if crs.is_geographic() {
        bail!(tr!("cli-dxf-geographic"));
    }
    let label_lines = strata::analysis::zoning_columns::label_lines(plan, reference);
    let options = dxf::export::DxfExportOptions {
        crs: &crs,
        reference,
        label_lines: &label_lines,
    };
    let bytes = dxf::export::plan_to_dxf(plan, &options)?;
    io::write_atomically(out, &bytes)?;
    eprintln!(
        "{}",
        tr!(
            "cli-dxf-exported",
            crs = format!("EPSG:{}", crs.epsg().unwrap_or(0))
        )
    );
    Ok(())
}
