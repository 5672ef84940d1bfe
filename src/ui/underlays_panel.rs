//! The Underlays section of the layers panel (issue 19): the plan's `strata.basemaps`,
//! top of the list drawn on top; per entry visibility, opacity, up/down, zoom to it and
//! remove, and Add… (file dialog; files dropped on the window land here too). An
//! underlay that cannot be shown is listed in red with the reason. Every change is one
//! edit (`edit::create::set_basemaps`), applied by the app like any other.

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
pub const PACKAGE_EXTENSIONS: [&str; 1] = ["mbtiles"];

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
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .is_some_and(|e| {
            UNDERLAY_EXTENSIONS.contains(&e.as_str()) || PACKAGE_EXTENSIONS.contains(&e.as_str())
        })
}

/// The edit that adds `files` on top of the plan's underlays (paths relative to the
/// plan's folder where they are inside it); `None` when nothing is added.
pub fn add_files(
    plan: &Plan,
    plan_path: Option<&Path>,
    files: &[std::path::PathBuf],
) -> Option<EditCmd> {
    let mut list = Basemaps::of_plan(plan);
    let dir = plan_path.and_then(Path::parent);
    for file in files.iter().filter(|f| is_underlay_file(f)) {
        let relative = dir.and_then(|d| file.strip_prefix(d).ok()).unwrap_or(file);
        let source = relative.to_string_lossy().replace('\\', "/");
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
    ui.horizontal(|ui| {
        let mut visible = basemap.visible;
        if ui
            .checkbox(&mut visible, short_name(&basemap.source))
            .changed()
        {
            action = changed(&|e| set_field(e, index, |b| b.visible = visible));
        }
        if let Some(problem) = underlays.problem(basemap) {
            ui.label(RichText::new(tr("underlays-missing")).color(Color32::from_rgb(190, 30, 30)))
                .on_hover_text(problem.text());
        }
    });
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
            // The drag is one edit, made when it ends (keys: one edit a step).
            underlays.dragged_opacity = None;
            let value = (f64::from(opacity) * 100.0).round() / 100.0;
            action = changed(&|e| set_field(e, index, |b| b.opacity = value));
        }
    });
    ui.horizontal(|ui| {
        if ui
            .small_button("↑")
            .on_hover_text(tr("underlays-up"))
            .clicked()
            && index + 1 < list.entries.len()
        {
            action = changed(&|e| e.swap(index, index + 1));
        }
        if ui
            .small_button("↓")
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
    if let Some(text) = &basemap.attribution {
        ui.weak(text);
    }
    ui.separator();
    action
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
