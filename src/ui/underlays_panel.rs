//! The Underlays section of the layers panel (issue 19): the plan's `strata.basemaps`,
//! top of the list drawn on top; per entry visibility, opacity, up/down, zoom to it and
//! remove, and Add… (file dialog; files dropped on the window land here too; a dropped
//! DXF opens the import dialog, whose *Add as underlay* lists it here). A CAD drawing's
//! row has its CRS field (a drawing has none). An underlay that cannot be shown is
//! listed in red with the reason. Every change is one edit (`edit::create::set_basemaps`),
//! applied by the app like any other.

use std::path::Path;

use egui::{Color32, RichText, Ui};

use super::underlays::Underlays;
use crate::edit::EditCmd;
use crate::edit::create::set_basemaps;
use crate::i18n::tr;
use crate::model::{Basemap, BasemapEntry, Basemaps, Plan};

/// File extensions an underlay can be made of.
pub const UNDERLAY_EXTENSIONS: [&str; 5] = ["png", "jpg", "jpeg", "tif", "tiff"];
/// Tile packages accepted as underlays.
pub const PACKAGE_EXTENSIONS: [&str; 2] = ["mbtiles", "pmtiles"];
/// CAD drawings accepted as underlays (lines to snap to and trace).
pub const CAD_EXTENSIONS: [&str; 1] = ["dxf"];

/// What the section asks the app to do.
pub enum UnderlayAction {
    Edit(EditCmd),
    /// Show this world rectangle (west, south, east, north).
    ZoomTo([f64; 4]),
    /// Ask for a file and add it.
    Add,
}

/// Whether a file can be added as an underlay, by its extension.
pub fn is_underlay_file(path: &Path) -> bool {
    is_raster_file(path) || is_cad_file(path)
}

fn extension_in(path: &Path, list: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .is_some_and(|e| list.contains(&e.as_str()))
}

/// An image or tile package (what a dropped file becomes an underlay as directly).
pub fn is_raster_file(path: &Path) -> bool {
    extension_in(path, &UNDERLAY_EXTENSIONS) || extension_in(path, &PACKAGE_EXTENSIONS)
}

/// A CAD drawing.
pub fn is_cad_file(path: &Path) -> bool {
    extension_in(path, &CAD_EXTENSIONS)
}

/// The edit that adds a DXF drawing as an underlay in `crs` (text `encoding` where
/// given), path relative to the plan's folder where it is inside it.
pub fn add_cad(
    plan: &Plan,
    plan_path: Option<&Path>,
    file: &Path,
    crs: &str,
    encoding: Option<String>,
) -> Option<EditCmd> {
    let mut list = Basemaps::of_plan(plan);
    let mut entry = Basemap::new(relative_source(plan_path, file));
    entry.crs = Some(crs.trim().to_owned()).filter(|c| !c.is_empty());
    entry.encoding = encoding;
    list.entries.push(BasemapEntry::Valid(entry));
    set_basemaps(plan, &list)
}

/// A file as an entry names it: relative to the plan's folder when inside it.
fn relative_source(plan_path: Option<&Path>, file: &Path) -> String {
    let dir = plan_path.and_then(Path::parent);
    let relative = dir.and_then(|d| file.strip_prefix(d).ok()).unwrap_or(file);
    relative.to_string_lossy().replace('\\', "/")
}

/// The edit that adds `files` on top of the plan's underlays (paths relative to the
/// plan's folder where they are inside it); `None` when nothing is added.
pub fn add_files(
    plan: &Plan,
    plan_path: Option<&Path>,
    files: &[std::path::PathBuf],
) -> Option<EditCmd> {
    let mut list = Basemaps::of_plan(plan);
    for file in files.iter().filter(|f| is_underlay_file(f)) {
        let source = relative_source(plan_path, file);
        list.entries.push(BasemapEntry::Valid(Basemap::new(source)));
    }
    set_basemaps(plan, &list)
}

/// The section; returns what the user asked for.
pub fn underlays_section_ui(
    ui: &mut Ui,
    plan: &Plan,
    underlays: &mut Underlays,
) -> Option<UnderlayAction> {
    let list = Basemaps::of_plan(plan);
    let mut action = None;
    ui.label(tr("underlays-heading"));
    if list.entries.is_empty() {
        ui.weak(tr("underlays-none"));
    }
    // Top of the list = drawn last (on top), as in QGIS.
    for index in (0..list.entries.len()).rev() {
        ui.push_id(("underlay", index), |ui| {
            if let Some(a) = entry_ui(ui, &list, index, underlays, plan) {
                action = Some(a);
            }
        });
    }
    if ui
        .button(tr("underlays-add"))
        .on_hover_text(tr("underlays-add.tooltip"))
        .clicked()
    {
        action = Some(UnderlayAction::Add);
    }
    action
}

/// One row: name (red with the reason when it cannot be shown), then its controls.
fn entry_ui(
    ui: &mut Ui,
    list: &Basemaps,
    index: usize,
    underlays: &mut Underlays,
    plan: &Plan,
) -> Option<UnderlayAction> {
    let changed = |f: &dyn Fn(&mut Vec<BasemapEntry>)| {
        let mut new = list.clone();
        f(&mut new.entries);
        set_basemaps(plan, &new).map(UnderlayAction::Edit)
    };
    let mut action = None;
    let entry = &list.entries[index];
    let Some(basemap) = entry.basemap() else {
        if let BasemapEntry::Invalid { reason, .. } = entry {
            ui.label(RichText::new(reason.text()).color(Color32::from_rgb(190, 30, 30)));
        }
        if ui.small_button(tr("underlays-remove")).clicked() {
            action = changed(&|e| {
                e.remove(index);
            });
        }
        return action;
    };
    if let Some(visible) = shown_ui(ui, basemap, underlays) {
        action = changed(&|e| set_field(e, index, |b| b.visible = visible));
    }
    if let Some(value) = opacity_ui(ui, basemap, index, underlays) {
        action = changed(&|e| set_field(e, index, |b| b.opacity = value));
    }
    ui.horizontal(|ui| {
        if ui
            // Words, not arrows: the bundled fonts have no arrow glyphs (they showed as boxes).
            .small_button(tr("underlays-raise"))
            .on_hover_text(tr("underlays-up"))
            .clicked()
            && index + 1 < list.entries.len()
        {
            action = changed(&|e| e.swap(index, index + 1));
        }
        if ui
            .small_button(tr("underlays-lower"))
            .on_hover_text(tr("underlays-down"))
            .clicked()
            && index > 0
        {
            action = changed(&|e| e.swap(index, index - 1));
        }
        if ui.small_button(tr("underlays-zoom")).clicked()
            && let (Some(u), Ok(projector)) = (underlays.opened(basemap), plan.frame.projector())
            && let Some(extent) = u.extent_in_plan(&projector)
        {
            action = Some(UnderlayAction::ZoomTo(extent));
        }
        if ui.small_button(tr("underlays-remove")).clicked() {
            action = changed(&|e| {
                e.remove(index);
            });
        }
    });
    if crate::basemap::cad::is_cad(basemap)
        && let Some(a) = crs_ui(ui, list, index, basemap, underlays, plan)
    {
        action = Some(a);
    }
    if let Some(text) = underlays
        .opened(basemap)
        .and_then(|u| u.attribution.as_ref())
    {
        ui.weak(text);
    }
    ui.separator();
    action
}

/// The underlay's name with its "shown" box, and "missing" when it cannot be read; the
/// new state when the box is clicked.
fn shown_ui(ui: &mut Ui, basemap: &Basemap, underlays: &Underlays) -> Option<bool> {
    let mut clicked = None;
    ui.horizontal(|ui| {
        let mut visible = basemap.visible;
        if ui
            .checkbox(&mut visible, short_name(&basemap.source))
            .changed()
        {
            clicked = Some(visible);
        }
        if let Some(problem) = underlays.problem(basemap) {
            ui.label(RichText::new(tr("underlays-missing")).color(Color32::from_rgb(190, 30, 30)))
                .on_hover_text(problem.text());
        }
    });
    clicked
}

/// The opacity slider; the new opacity once a drag ends or a key changes it (a drag is
/// one edit, made when it ends; keys: one edit a step).
fn opacity_ui(
    ui: &mut Ui,
    basemap: &Basemap,
    index: usize,
    underlays: &mut Underlays,
) -> Option<f64> {
    let mut committed = None;
    ui.horizontal(|ui| {
        let mut opacity = match underlays.dragged_opacity {
            Some((i, v)) if i == index => v,
            _ => basemap.opacity as f32,
        };
        let response =
            ui.add(egui::Slider::new(&mut opacity, 0.0..=1.0).text(tr("underlays-opacity")));
        if response.dragged() {
            underlays.dragged_opacity = Some((index, opacity));
        } else if response.drag_stopped() || response.changed() {
            underlays.dragged_opacity = None;
            committed = Some((f64::from(opacity) * 100.0).round() / 100.0);
        }
    });
    committed
}

/// A CAD drawing's CRS, typed; one edit when the field is left (Enter or a click
/// elsewhere). The hint is the plan's CGCS2000 3° Gauss–Krüger zone, the usual CRS of
/// Chinese topographic drawings.
fn crs_ui(
    ui: &mut Ui,
    list: &Basemaps,
    index: usize,
    basemap: &Basemap,
    underlays: &mut Underlays,
    plan: &Plan,
) -> Option<UnderlayAction> {
    let saved = basemap.crs.clone().unwrap_or_default();
    let text = underlays.crs_edits.entry(index).or_insert(saved.clone());
    let hint = format!("EPSG:{}", crate::io::cgcs2000_gk3_epsg(plan.frame.lon0));
    let response = ui
        .horizontal(|ui| {
            let label = ui.label(tr("underlays-crs"));
            ui.add(
                egui::TextEdit::singleline(text)
                    .hint_text(hint)
                    .desired_width(110.0),
            )
            .labelled_by(label.id)
        })
        .inner;
    if !response.lost_focus() {
        if !response.has_focus() {
            // Follow the plan (an undo) while the field is not being typed in.
            *text = saved;
        }
        return None;
    }
    let typed = text.trim().to_owned();
    underlays.crs_edits.remove(&index);
    if typed == saved {
        return None;
    }
    let mut new = list.clone();
    set_field(&mut new.entries, index, |b| {
        b.crs = Some(typed.clone()).filter(|c| !c.is_empty());
    });
    set_basemaps(plan, &new).map(UnderlayAction::Edit)
}

fn set_field(entries: &mut [BasemapEntry], index: usize, f: impl Fn(&mut Basemap)) {
    if let Some(BasemapEntry::Valid(b)) = entries.get_mut(index) {
        f(b);
    }
}

/// The file name of a source (a URL as written).
fn short_name(source: &str) -> String {
    if source.contains("://") {
        return source.to_owned();
    }
    Path::new(source)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| source.to_owned())
}

impl super::app::StrataApp {
    /// The Underlays section in the layers panel, its action carried out.
    pub(super) fn underlays_panel_ui(&mut self, ui: &mut Ui) {
        let Some(action) = underlays_section_ui(ui, &self.doc.plan, &mut self.underlays) else {
            return;
        };
        match action {
            UnderlayAction::Edit(cmd) => self.apply(cmd),
            UnderlayAction::ZoomTo([w, s, e, n]) => self.view.camera.fit([w, s], [e, n]),
            UnderlayAction::Add => {
                if let Some(file) = self.dialogs.underlay_file() {
                    self.add_underlay_files(&[file]);
                }
            }
        }
    }

    /// Adds files as underlays (one edit); files of other kinds are named in the status.
    pub fn add_underlay_files(&mut self, files: &[std::path::PathBuf]) {
        let refused: Vec<String> = files
            .iter()
            .filter(|f| !is_underlay_file(f))
            .map(|f| f.display().to_string())
            .collect();
        if !refused.is_empty() {
            self.status = crate::tr!("underlays-refused", files = refused.join(", "));
        }
        if let Some(cmd) = add_files(&self.doc.plan, self.doc.path.as_deref(), files) {
            self.apply(cmd);
        }
    }

    /// Opens new underlays and paints them for the view (off the UI thread).
    pub(super) fn update_underlays(&mut self, ctx: &egui::Context) {
        let camera = self.view.camera;
        if self
            .underlays
            .update(ctx, &self.doc.plan, self.doc.path.as_deref(), &camera)
        {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }
}
