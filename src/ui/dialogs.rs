//! File dialogs behind an interface: the editor asks for paths through [`FileDialogs`], the
//! window uses the native dialogs (rfd: the XDG portal on Linux, the system dialog on
//! Windows and macOS), and tests put in answers of their own, since no dialog can open
//! headless.

use crate::i18n::tr;
use std::path::{Path, PathBuf};

pub trait FileDialogs: Send {
    /// A plan to open, or `None` when the user cancels.
    fn open_plan(&mut self) -> Option<PathBuf>;
    /// Where to save the plan, or `None` when the user cancels.
    fn save_plan_as(&mut self, current: Option<&Path>) -> Option<PathBuf>;
    /// A file to import into the open plan (GeoJSON, Shapefile), or `None`.
    fn import_file(&mut self) -> Option<PathBuf>;
    /// Where to export the plan (GeoPackage, Shapefile, DXF, flat GeoJSON), or `None`.
    fn export_file(&mut self, current: Option<&Path>) -> Option<PathBuf>;
    /// An image or tile package to add as an underlay, or `None`.
    fn underlay_file(&mut self) -> Option<PathBuf>;
    /// Where to write the zoning sheets (a PDF), or `None`.
    fn sheets_file(&mut self, current: Option<&Path>) -> Option<PathBuf>;
}

/// The system's dialogs.
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn open_plan(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(tr("dialog-open"))
            .add_filter(tr("dialog-geojson"), &["geojson", "json"])
            .add_filter(tr("dialog-geopackage"), &["gpkg"])
            .add_filter(tr("dialog-all-files"), &["*"])
            .pick_file()
    }

    fn import_file(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(tr("import-dialog-title"))
            .add_filter(tr("dialog-importable"), &["geojson", "json", "shp", "dxf"])
            .add_filter(tr("dialog-all-files"), &["*"])
            .pick_file()
    }

    fn underlay_file(&mut self) -> Option<PathBuf> {
        let mut kinds: Vec<&str> = super::underlays_panel::UNDERLAY_EXTENSIONS.to_vec();
        kinds.extend(super::underlays_panel::PACKAGE_EXTENSIONS);
        kinds.extend(super::underlays_panel::CAD_EXTENSIONS);
        rfd::FileDialog::new()
            .set_title(tr("underlays-add"))
            .add_filter(tr("dialog-underlays"), &kinds)
            .add_filter(tr("dialog-all-files"), &["*"])
            .pick_file()
    }

    fn export_file(&mut self, current: Option<&Path>) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new()
            .set_title(tr("cmd-export"))
            .add_filter("GeoPackage", &["gpkg"])
            .add_filter("Shapefile", &["shp"])
            .add_filter("DXF", &["dxf"])
            .add_filter(tr("dialog-flat-geojson"), &["geojson"]);
        if let Some(dir) = current.and_then(Path::parent) {
            dialog = dialog.set_directory(dir);
        }
        dialog.save_file()
    }

    fn sheets_file(&mut self, current: Option<&Path>) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new()
            .set_title(tr("cmd-export-sheets"))
            .add_filter("PDF", &["pdf"])
            .set_file_name("sheets.pdf");
        if let Some(dir) = current.and_then(Path::parent) {
            dialog = dialog.set_directory(dir);
        }
        dialog.save_file().map(|p| {
            if p.extension().is_none() {
                p.with_extension("pdf")
            } else {
                p
            }
        })
    }

    fn save_plan_as(&mut self, current: Option<&Path>) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new()
            .set_title(tr("dialog-save-as"))
            .add_filter(tr("dialog-geojson"), &["geojson"])
            .add_filter(tr("dialog-geopackage"), &["gpkg"]);
        if let Some(current) = current {
            if let Some(dir) = current.parent() {
                dialog = dialog.set_directory(dir);
            }
            if let Some(name) = current.file_name() {
                dialog = dialog.set_file_name(name.to_string_lossy());
            }
        } else {
            dialog = dialog.set_file_name("plan.geojson");
        }
        dialog.save_file().map(|p| {
            if p.extension().is_none() {
                p.with_extension("geojson")
            } else {
                p
            }
        })
    }
}

/// Answers given in advance (tests).
#[derive(Default)]
pub struct ScriptedDialogs {
    pub open: Vec<PathBuf>,
    pub save_as: Vec<PathBuf>,
    pub import: Vec<PathBuf>,
    pub export: Vec<PathBuf>,
    pub underlay: Vec<PathBuf>,
    pub sheets: Vec<PathBuf>,
}

impl FileDialogs for ScriptedDialogs {
    fn open_plan(&mut self) -> Option<PathBuf> {
        (!self.open.is_empty()).then(|| self.open.remove(0))
    }

    fn save_plan_as(&mut self, _current: Option<&Path>) -> Option<PathBuf> {
        (!self.save_as.is_empty()).then(|| self.save_as.remove(0))
    }

    fn import_file(&mut self) -> Option<PathBuf> {
        (!self.import.is_empty()).then(|| self.import.remove(0))
    }

    fn export_file(&mut self, _current: Option<&Path>) -> Option<PathBuf> {
        (!self.export.is_empty()).then(|| self.export.remove(0))
    }

    fn underlay_file(&mut self) -> Option<PathBuf> {
        (!self.underlay.is_empty()).then(|| self.underlay.remove(0))
    }

    fn sheets_file(&mut self, _current: Option<&Path>) -> Option<PathBuf> {
        (!self.sheets.is_empty()).then(|| self.sheets.remove(0))
    }
}
