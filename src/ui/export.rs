//! File → Export… (issue 18 item 4): the plan written as another tool's file, chosen by
//! the name's extension — GeoPackage (`.gpkg`, QGIS), Shapefile (`.shp`, one set per
//! kind), DXF (`.dxf`, CAD, in the CGCS2000 3° Gauss–Krüger zone of the plan) or flat
//! GeoJSON (`.geojson`, one row per stratum with the zoning columns) — with what the
//! command line's `strata export` writes. The open plan keeps its own file.

use std::path::Path;

use crate::basemap::{OutputGrid, Underlay};
use crate::model::{Parcel, Plan, Reference};
use crate::render::UnderlayImage;
use crate::sheet::{UnderlayGrid, UnderlayPainter};
use crate::tr;

use super::app::StrataApp;

impl StrataApp {
    /// Asks where, writes, and says what was written (or why not) in the status bar.
    pub(super) fn export_as(&mut self) {
        let Some(path) = self.dialogs.export_file(self.doc.path.as_deref()) else {
            return;
        };
        self.status = match export_to(&self.doc.plan, &self.reference, &path) {
            Ok(written) => tr!("status-exported", path = written),
            Err(reason) => tr!("status-not-exported", reason = reason),
        };
    }

    /// File → Export sheets…: the zoning sheets of the selected parcels as one PDF (A3
    /// landscape, each at the largest round scale it fits), as `strata sheet` draws them,
    /// over the plan's visible underlays.
    pub(super) fn export_sheets(&mut self) {
        let ids: Vec<String> = self
            .selected
            .parcels()
            .iter()
            .map(|id| id.to_string())
            .collect();
        let Some(first) = self
            .selected
            .parcels()
            .first()
            .and_then(|id| self.doc.plan.parcel(id))
        else {
            self.status = crate::i18n::tr("status-sheets-select");
            return;
        };
        let scenario = first.scenario;
        let Some(path) = self.dialogs.sheets_file(self.doc.path.as_deref()) else {
            return;
        };
        let options = crate::sheet::SheetOptions {
            selection: crate::sheet::Selection::Parcels(ids),
            paper: crate::sheet::Paper::A3,
            orientation: crate::sheet::Orientation::Landscape,
            scale: crate::sheet::ScaleChoice::Fit,
            lang: crate::i18n::lang(),
            scenario,
            date: today(),
            crs: crate::sheet::CrsChoice::Auto,
        };
        let underlays = self.underlays.visible(&self.doc.plan);
        self.status =
            match write_sheets(&self.doc.plan, &self.reference, &options, &underlays, &path) {
                Ok(pages) => tr!(
                    "status-sheets-exported",
                    path = path.display().to_string(),
                    pages = pages.to_string()
                ),
                Err(reason) => tr!("status-not-exported", reason = reason),
            };
    }
}

/// Draws the sheets over the underlays (those the canvas shows) and writes them
/// atomically; the number of pages.
fn write_sheets(
    plan: &Plan,
    reference: &Reference,
    options: &crate::sheet::SheetOptions,
    underlays: &[Underlay],
    path: &Path,
) -> Result<usize, String> {
    let paint = |grid: &UnderlayGrid| paint_underlays(plan, underlays, grid);
    let painter: Option<UnderlayPainter> = (!underlays.is_empty()).then_some(&paint);
    let sheets =
        crate::sheet::build_sheets_over(plan, reference, options, painter).map_err(|e| e.text())?;
    crate::io::write_atomically(path, &sheets.pdf).map_err(|e| e.text())?;
    Ok(sheets.pages)
}

/// The underlays painted over a sheet's map; one that cannot be painted is left out
/// (the canvas already marks it).
fn paint_underlays(plan: &Plan, underlays: &[Underlay], grid: &UnderlayGrid) -> Vec<UnderlayImage> {
    let Ok(projector) = plan.frame.projector() else {
        return Vec::new();
    };
    let grid = OutputGrid {
        west: grid.west,
        north: grid.north,
        pixels_per_meter: grid.pixels_per_meter,
        width: grid.width,
        height: grid.height,
    };
    underlays
        .iter()
        .filter_map(|u| {
            let painted = u.paint(&grid, &projector).ok()??;
            Some(UnderlayImage {
                rgba: painted.rgba,
                width: painted.width,
                height: painted.height,
                opacity: u.opacity,
                attribution: u.attribution.clone(),
            })
        })
        .collect()
}

/// Today's date (UTC), `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    crate::sheet::date_from_days((secs / 86_400) as i64)
}

/// Writes `plan` to `path` in the format its extension names; the files written.
pub fn export_to(plan: &Plan, reference: &Reference, path: &Path) -> Result<String, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let shown = path.display().to_string();
    match ext.as_str() {
        "gpkg" => crate::io::save_plan(plan, path)
            .map(|_| shown)
            .map_err(|e| e.text()),
        "shp" => {
            let options = crate::io::shp::ShpExportOptions { epsg: None };
            let exported =
                crate::io::shp::export(plan, reference, path, &options).map_err(|e| e.text())?;
            let names: Vec<String> = exported
                .files
                .iter()
                .filter(|(p, _)| p.extension().is_some_and(|e| e == "shp"))
                .map(|(p, _)| p.display().to_string())
                .collect();
            Ok(names.join(", "))
        }
        "dxf" => export_dxf(plan, reference, path).map(|_| shown),
        _ => {
            let zoning = crate::analysis::zoning_columns::zoning_columns(plan, reference);
            let columns = |p: &Parcel| zoning.get(p.id.as_str()).cloned().unwrap_or_default();
            crate::io::export::save_flat(plan, reference, &columns, path).map_err(|e| e.text())?;
            Ok(shown)
        }
    }
}

/// A DXF in the CGCS2000 3° Gauss–Krüger zone of the plan's centre, labels with the
/// achieved FAR and height (as `strata export --out FILE.dxf`).
fn export_dxf(plan: &Plan, reference: &Reference, path: &Path) -> Result<(), String> {
    let epsg = crate::io::cgcs2000_gk3_epsg(plan.frame.lon0);
    let crs = crate::io::SourceCrs::from_epsg(epsg).map_err(|e| e.text())?;
    let label_lines = crate::analysis::zoning_columns::label_lines(plan, reference);
    let options = crate::io::dxf::export::DxfExportOptions {
        crs: &crs,
        reference,
        label_lines: &label_lines,
    };
    let bytes = crate::io::dxf::export::plan_to_dxf(plan, &options).map_err(|m| m.text())?;
    crate::io::write_atomically(path, &bytes).map_err(|e| e.text())
}
