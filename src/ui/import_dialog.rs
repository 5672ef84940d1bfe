//! File → Import… (issue 18 item 4): another file's features appended to the open plan.
//! The dialog takes the choices the command line takes (what the features become, the
//! CRS, the property that gives the land use, the text encoding), shows what the file
//! would bring drawn on the map (magenta) with its counts and what was skipped, and
//! imports it as one undoable edit (`edit::append`). Formats: plain GeoJSON, Shapefile
//! and DXF (its layers listed with their entity counts, to choose from); the readers are
//! the command line's.

use std::path::{Path, PathBuf};

use egui::{Color32, Shape, Stroke};

use crate::edit::EditCmd;
use crate::edit::append::{Appended, append_plan};
use crate::i18n::tr;
use crate::io::{ImportAs, ImportOptions, ReadOptions, SourceCrs};
use crate::model::{Plan, Scenario};
use crate::tr;

use super::transform::ScreenFromWorld;

/// The file formats the dialog reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFormat {
    GeoJson,
    Shapefile,
    Dxf,
}

impl ImportFormat {
    /// By the file's extension; `None` for a format the editor does not import.
    pub fn of(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "geojson" | "json" => Some(ImportFormat::GeoJson),
            "shp" => Some(ImportFormat::Shapefile),
            "dxf" => Some(ImportFormat::Dxf),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            ImportFormat::GeoJson => "GeoJSON",
            ImportFormat::Shapefile => "Shapefile",
            ImportFormat::Dxf => "DXF",
        }
    }
}

/// What a preview found: the edit that imports it, its counts, and its shapes in the
/// open plan's frame (to draw).
pub struct Preview {
    cmd: EditCmd,
    pub appended: Appended,
    /// Source features left out, worded.
    pub skipped: Vec<String>,
    rings: Vec<Vec<[f64; 2]>>,
    points: Vec<[f64; 2]>,
}

/// What the dialog asks the editor to do.
pub enum DialogAction {
    Import(EditCmd),
    /// List the DXF as an underlay in this CRS (lines to snap to and trace).
    Underlay {
        path: PathBuf,
        crs: String,
        encoding: Option<String>,
    },
    Cancel,
}

pub struct ImportDialog {
    pub path: PathBuf,
    pub format: ImportFormat,
    /// What the features become (`None`: by the file, for Shapefiles).
    pub kind: Option<ImportAs>,
    /// `EPSG:N` when the file does not say.
    pub crs: String,
    /// The property giving the land-use code (parcels) or category (facilities).
    pub value_from: String,
    /// The attribute text encoding (Shapefile, DXF), empty for the file's own.
    pub encoding: String,
    /// A DXF's layers, their entity counts (by type, worded) and whether they are taken.
    pub layers: Vec<(String, String, bool)>,
    pub scenario: Scenario,
    pub preview: Option<Result<Preview, String>>,
    /// The choices the preview was made with: made again when they change.
    previewed_with: Option<Choices>,
}

/// The dialog's choices as one value.
type Choices = (Option<ImportAs>, String, String, String, Vec<bool>);

impl ImportDialog {
    /// The dialog for a file, or why it cannot be imported.
    pub fn new(path: PathBuf, scenario: Scenario) -> Result<Self, String> {
        let format = ImportFormat::of(&path).ok_or_else(|| {
            tr!(
                "import-dialog-unknown-format",
                path = path.display().to_string()
            )
        })?;
        Ok(Self {
            format,
            kind: match format {
                ImportFormat::GeoJson | ImportFormat::Dxf => Some(ImportAs::Parcel),
                ImportFormat::Shapefile => None,
            },
            crs: String::new(),
            value_from: String::new(),
            encoding: String::new(),
            layers: match format {
                ImportFormat::Dxf => dxf_layers(&path)?,
                _ => Vec::new(),
            },
            path,
            scenario,
            preview: None,
            previewed_with: None,
        })
    }

    /// Reads the file with the dialog's choices and works out what it would add.
    pub fn run_preview(&mut self, plan: &Plan) {
        let source = self
            .path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        self.preview = Some(self.read().and_then(|(other, skipped)| {
            let (cmd, appended) = append_plan(plan, &other, &source).map_err(|e| e.text())?;
            let (rings, points) = shapes(&cmd);
            Ok(Preview {
                cmd,
                appended,
                skipped,
                rings,
                points,
            })
        }));
    }

    /// The file read into a plan of its own, and what was skipped (worded).
    fn read(&self) -> Result<(Plan, Vec<String>), String> {
        let crs = match self.crs.trim() {
            "" => None,
            text => Some(SourceCrs::from_name(text).map_err(|e| e.text())?),
        };
        let options = ImportOptions {
            read: ReadOptions {
                crs,
                ..ReadOptions::default()
            },
            value_from: Some(self.value_from.trim().to_owned()).filter(|s| !s.is_empty()),
            map: Default::default(),
            name_from: None,
            scenario: self.scenario,
            status: None,
        };
        let (loaded, report) = match self.format {
            ImportFormat::GeoJson => crate::io::import::import_file(
                &self.path,
                self.kind.unwrap_or(ImportAs::Parcel),
                &options,
            )
            .map_err(|e| e.text())?,
            ImportFormat::Shapefile => {
                let options = crate::io::shp::ShpImportOptions {
                    import: options,
                    kind: self.kind,
                    encoding: Some(self.encoding.trim().to_owned()).filter(|s| !s.is_empty()),
                    id_from: None,
                };
                let (loaded, report, _) =
                    crate::io::shp::import(&self.path, &options).map_err(|e| e.text())?;
                (loaded, report)
            }
            ImportFormat::Dxf => return self.read_dxf(options),
        };
        let skipped = report.skipped.iter().map(|m| m.text()).collect();
        Ok((loaded.plan, skipped))
    }

    /// A DXF with the chosen layers; the CRS is required (CAD files have none).
    fn read_dxf(&self, options: ImportOptions) -> Result<(Plan, Vec<String>), String> {
        use crate::io::dxf::{DxfImportOptions, UseFrom};
        if options.read.crs.is_none() {
            return Err(tr("import-dialog-dxf-crs"));
        }
        let layers: Vec<String> = self
            .layers
            .iter()
            .filter(|(_, _, on)| *on)
            .map(|(name, _, _)| name.clone())
            .collect();
        if layers.is_empty() {
            return Err(tr("import-dialog-dxf-layers"));
        }
        let dxf = DxfImportOptions {
            crs: options.read.crs,
            layers,
            encoding: Some(self.encoding.trim().to_owned()).filter(|s| !s.is_empty()),
            use_from: UseFrom::Text,
            scenario: self.scenario,
            require_parcels: self.kind == Some(ImportAs::Parcel),
            ..DxfImportOptions::default()
        };
        let (loaded, report) = crate::io::dxf::import(&self.path, &dxf).map_err(|m| m.text())?;
        let mut skipped: Vec<String> = report.refused.iter().map(|m| m.text()).collect();
        skipped.extend(
            report
                .skipped
                .iter()
                .map(|((kind, layer), n)| format!("{layer}: {n} × {kind}")),
        );
        Ok((loaded.plan, skipped))
    }

    /// The preview drawn over the map: outlines and lines in magenta, points as dots.
    pub fn draw(&self, painter: &egui::Painter, t: &ScreenFromWorld) {
        let Some(Ok(preview)) = &self.preview else {
            return;
        };
        let stroke = Stroke::new(2.0, PREVIEW);
        for ring in &preview.rings {
            let points: Vec<egui::Pos2> = ring.iter().map(|p| t.screen_from_world(*p)).collect();
            painter.add(Shape::line(points, stroke));
        }
        for p in &preview.points {
            painter.circle_filled(t.screen_from_world(*p), 4.0, PREVIEW);
        }
    }

    /// The dialog window. Returns what the editor should do.
    pub fn ui(&mut self, ctx: &egui::Context, plan: &Plan) -> Option<DialogAction> {
        let mut action = None;
        let mut open = true;
        egui::Window::new(tr("import-dialog-title"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                action = self.contents_ui(ui, plan);
            });
        if !open {
            action = Some(DialogAction::Cancel);
        }
        action
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui, plan: &Plan) -> Option<DialogAction> {
        ui.label(tr!(
            "import-dialog-file",
            path = self.path.display().to_string(),
            format = self.format.name()
        ));
        self.choices_ui(ui);
        if self.format == ImportFormat::Dxf {
            self.layers_ui(ui);
        }
        let choices = self.choices();
        if self.previewed_with.as_ref() != Some(&choices) {
            self.run_preview(plan);
            self.previewed_with = Some(choices);
        }
        ui.separator();
        self.preview_ui(ui);
        ui.separator();
        let mut action = None;
        ui.horizontal(|ui| {
            let ready = matches!(self.preview, Some(Ok(_)));
            if ui
                .add_enabled(ready, egui::Button::new(tr("import-dialog-import")))
                .clicked()
                && let Some(Ok(preview)) = self.preview.take()
            {
                action = Some(DialogAction::Import(preview.cmd));
            }
            if self.format == ImportFormat::Dxf {
                let crs_ok = SourceCrs::from_name(self.crs.trim()).is_ok();
                if ui
                    .add_enabled(crs_ok, egui::Button::new(tr("import-dialog-as-underlay")))
                    .on_hover_text(tr("import-dialog-as-underlay.tooltip"))
                    .on_disabled_hover_text(tr("import-dialog-dxf-crs"))
                    .clicked()
                {
                    action = Some(DialogAction::Underlay {
                        path: self.path.clone(),
                        crs: self.crs.trim().to_owned(),
                        encoding: Some(self.encoding.trim().to_owned()).filter(|s| !s.is_empty()),
                    });
                }
            }
            if ui.button(tr("unsaved-cancel")).clicked() {
                action = Some(DialogAction::Cancel);
            }
        });
        action
    }

    /// The choices as one value, to see when one changed.
    fn choices(&self) -> Choices {
        (
            self.kind,
            self.crs.clone(),
            self.value_from.clone(),
            self.encoding.clone(),
            self.layers.iter().map(|(_, _, on)| *on).collect(),
        )
    }

    fn choices_ui(&mut self, ui: &mut egui::Ui) {
        egui::Grid::new("import choices")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label(tr("import-dialog-as"));
                ui.horizontal(|ui| {
                    if self.format == ImportFormat::Shapefile {
                        ui.radio_value(&mut self.kind, None, tr("import-dialog-as-file"));
                    }
                    ui.radio_value(
                        &mut self.kind,
                        Some(ImportAs::Parcel),
                        tr("import-dialog-parcels"),
                    );
                    ui.radio_value(
                        &mut self.kind,
                        Some(ImportAs::Facility),
                        tr("import-dialog-facilities"),
                    );
                    ui.radio_value(
                        &mut self.kind,
                        Some(ImportAs::Street),
                        tr("import-dialog-streets"),
                    );
                });
                ui.end_row();
                ui.label(tr("import-dialog-crs"));
                ui.add(egui::TextEdit::singleline(&mut self.crs).hint_text("EPSG:4548"));
                ui.end_row();
                if self.format != ImportFormat::Dxf {
                    ui.label(tr("import-dialog-value-from"));
                    ui.add(egui::TextEdit::singleline(&mut self.value_from).hint_text("landuse"));
                    ui.end_row();
                }
                if self.format != ImportFormat::GeoJson {
                    ui.label(tr("import-dialog-encoding"));
                    ui.add(egui::TextEdit::singleline(&mut self.encoding).hint_text("GBK"));
                    ui.end_row();
                }
            });
    }

    /// A DXF's layers to take shapes from, with their entity counts (texts inside the
    /// parcels give the land use from any layer).
    fn layers_ui(&mut self, ui: &mut egui::Ui) {
        ui.label(tr("import-dialog-dxf-choose"));
        egui::ScrollArea::vertical()
            .id_salt("dxf layers")
            .max_height(160.0)
            .show(ui, |ui| {
                for (name, counts, on) in &mut self.layers {
                    ui.checkbox(on, format!("{name}  ({counts})"));
                }
            });
    }

    fn preview_ui(&self, ui: &mut egui::Ui) {
        match &self.preview {
            Some(Ok(p)) => {
                ui.colored_label(
                    PREVIEW,
                    tr!(
                        "import-dialog-counts",
                        parcels = p.appended.parcels,
                        facilities = p.appended.facilities,
                        streets = p.appended.streets
                    ),
                );
                if p.appended.renamed > 0 {
                    ui.label(tr!("import-dialog-renamed", n = p.appended.renamed));
                }
                if !p.skipped.is_empty() {
                    ui.label(tr!("import-dialog-skipped", n = p.skipped.len()))
                        .on_hover_text(p.skipped.join("\n"));
                }
            }
            Some(Err(reason)) => {
                ui.colored_label(Color32::from_rgb(200, 30, 30), reason);
            }
            None => {}
        }
    }
}

const PREVIEW: Color32 = Color32::from_rgb(200, 0, 160);

/// The outlines, lines and points an import command adds.
fn shapes(cmd: &EditCmd) -> (Vec<Vec<[f64; 2]>>, Vec<[f64; 2]>) {
    let mut rings = Vec::new();
    let mut points = Vec::new();
    let mut visit = |cmd: &EditCmd| match cmd {
        EditCmd::AddParcel { parcel, .. } => {
            for polygon in &parcel.shape.0 {
                let ring = polygon.exterior().0.iter().map(|c| [c.x, c.y]).collect();
                rings.push(ring);
            }
        }
        EditCmd::AddStreet { street, .. } => {
            for line in &street.line.0 {
                rings.push(line.0.iter().map(|c| [c.x, c.y]).collect());
            }
        }
        EditCmd::AddFacility { facility, .. } => {
            points.push([facility.position.x(), facility.position.y()]);
        }
        _ => {}
    };
    match cmd {
        EditCmd::Named { cmd, .. } => match cmd.as_ref() {
            EditCmd::Batch(steps) => steps.iter().for_each(&mut visit),
            other => visit(other),
        },
        other => visit(other),
    }
    (rings, points)
}

/// A DXF's layers with their entity counts ("3 LWPOLYLINE, 4 TEXT"), none taken yet.
fn dxf_layers(path: &Path) -> Result<Vec<(String, String, bool)>, String> {
    let layers = crate::io::dxf::list_layers(path, None).map_err(|m| m.text())?;
    Ok(layers
        .into_iter()
        .map(|layer| {
            let counts = layer
                .counts
                .iter()
                .map(|(kind, n)| format!("{n} {kind}"))
                .collect::<Vec<_>>()
                .join(", ");
            (layer.name, counts, false)
        })
        .collect())
}
