//! The window's file actions on the document: open (asking first about unsaved
//! changes), save, save as, export, and the recovery copies written while editing
//! (autosave) and offered after a crash, with the questions they ask.

use std::path::PathBuf;

use egui::Ui;

use crate::edit::History;
use crate::i18n::tr;
use crate::tr;

use super::app::StrataApp;

/// An action that would lose unsaved changes, waiting for the user's answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    /// Open a plan (from the Open dialog when `None`).
    Open(Option<PathBuf>),
    Close,
}

/// Writing a recovery copy (and the undo history beside it) every minute, and after
/// every `every_edits` edits, while there are unsaved changes.
pub struct Autosave {
    pub dir: Option<PathBuf>,
    pub interval: std::time::Duration,
    pub every_edits: u64,
    last: std::time::Instant,
    /// The generation last written.
    written: u64,
    running: Option<std::thread::JoinHandle<Result<PathBuf, String>>>,
    pub last_written: Option<PathBuf>,
}

impl Autosave {
    pub(super) fn new() -> Self {
        Self {
            dir: crate::session::recovery::recovery_dir(),
            interval: std::time::Duration::from_secs(60),
            every_edits: 20,
            last: std::time::Instant::now(),
            written: 0,
            running: None,
            last_written: None,
        }
    }
}

impl StrataApp {
    /// Looks for a recovery copy of this plan left by a session that did not close
    /// cleanly; the editor then offers it.
    pub fn check_recovery(&mut self) {
        if let Some(dir) = &self.autosave.dir {
            self.recovery_offer =
                crate::session::recovery::find_recovery(dir, self.doc.path.as_deref());
        }
    }

    /// File → Import…: a file to append, then the dialog with its preview.
    pub(super) fn start_import(&mut self) {
        if let Some(path) = self.dialogs.import_file() {
            self.import_path(path);
        }
    }

    /// The import dialog on a file (chosen or dropped).
    pub(super) fn import_path(&mut self, path: std::path::PathBuf) {
        match super::import_dialog::ImportDialog::new(path, self.view.scenario) {
            Ok(dialog) => self.import = Some(dialog),
            Err(reason) => self.status = reason,
        }
    }

    /// The import dialog while it is open: Import applies its one edit.
    pub(super) fn import_ui(&mut self, ctx: &egui::Context) {
        use super::import_dialog::DialogAction;
        let Some(dialog) = &mut self.import else {
            return;
        };
        match dialog.ui(ctx, &self.doc.plan) {
            Some(DialogAction::Import(cmd)) => {
                let label = match &cmd {
                    crate::edit::EditCmd::Named { label, .. } => label.text(),
                    _ => String::new(),
                };
                self.import = None;
                self.apply(cmd);
                self.status = label;
            }
            Some(DialogAction::Underlay {
                path,
                crs,
                encoding,
            }) => {
                self.import = None;
                let (plan, plan_path) = (&self.doc.plan, self.doc.path.as_deref());
                let cmd = super::underlays_panel::add_cad(plan, plan_path, &path, &crs, encoding);
                if let Some(cmd) = cmd {
                    self.apply(cmd);
                }
            }
            Some(DialogAction::Cancel) => self.import = None,
            None => {}
        }
    }

    pub(super) fn export_flat(&mut self) {
        let Some(path) = self
            .doc
            .path
            .as_ref()
            .map(|p| p.with_extension("flat.geojson"))
        else {
            self.status = tr("status-export-save-first");
            return;
        };
        // The `.geojson` branch of File → Export…: the flat layer with the zoning columns.
        self.status = match super::export::export_to(&self.doc.plan, &self.reference, &path) {
            Ok(written) => tr!("status-exported", path = written),
            Err(e) => tr!("status-not-exported", reason = e),
        };
    }

    /// Saves to the plan's file (asking where when it has none); true when saved.
    pub(super) fn save(&mut self) -> bool {
        match self.doc.path.clone() {
            Some(path) => self.save_to(path),
            None => self.save_as(),
        }
    }

    pub(super) fn save_as(&mut self) -> bool {
        match self.dialogs.save_plan_as(self.doc.path.as_deref()) {
            Some(path) => self.save_to(path),
            None => false,
        }
    }

    fn save_to(&mut self, path: PathBuf) -> bool {
        if !self.file_guard.may_save(&path) {
            return false;
        }
        match self.write_plan(&path) {
            Ok(()) => {
                self.file_guard.saved(&path);
                if let Some(dir) = &self.autosave.dir {
                    crate::session::recovery::discard_recovery(dir, self.doc.path.as_deref());
                }
                self.doc.saved_to(path.clone());
                self.status = tr!("status-saved", path = path.display().to_string());
                true
            }
            Err(e) => {
                self.status = tr!("status-not-saved", reason = e.text());
                false
            }
        }
    }

    /// Writes the plan to `path`: only the changed rows when it goes back into the
    /// GeoPackage it came from (and what changed is known), else the whole file.
    fn write_plan(&self, path: &std::path::Path) -> Result<(), crate::io::WriteError> {
        use crate::io::gpkg;
        match (&self.doc.unsaved, &self.doc.path) {
            (Some(changes), Some(current))
                if current == path && gpkg::is_gpkg_path(path) && gpkg::is_sqlite(path) =>
            {
                gpkg::save_changes(&self.doc.plan, path, changes)
            }
            _ => crate::io::save_plan(&self.doc.plan, path),
        }
    }

    /// Runs an action that replaces the plan, asking first when there are unsaved changes.
    pub(super) fn guarded(&mut self, action: Pending) {
        if self.doc.history.is_dirty() {
            self.confirm = Some(action);
        } else {
            self.proceed(action);
        }
    }

    /// Carries out an action once unsaved changes are saved or given up.
    pub(super) fn proceed(&mut self, action: Pending) {
        match action {
            Pending::Open(path) => {
                if let Some(path) = path.or_else(|| self.dialogs.open_plan()) {
                    self.open_request = Some(path);
                }
            }
            Pending::Close => {
                self.allow_close = true;
                self.close_cleanly();
            }
        }
    }

    /// Removes this plan's recovery copy: the session ends without losing anything.
    pub fn close_cleanly(&mut self) {
        if let Some(dir) = &self.autosave.dir {
            crate::session::recovery::discard_recovery(dir, self.doc.path.as_deref());
        }
    }

    /// Opens a plan in place of this one, now (used when no window shell loads it).
    pub fn open_now(&mut self, path: PathBuf) {
        match crate::io::load_plan(&path, &Default::default()) {
            Ok(loaded) => {
                let errors = loaded.problems.iter().filter(|p| p.is_error()).count();
                self.close_cleanly();
                let next = StrataApp::new(loaded.plan, Some(path.clone()), self.reference.clone());
                self.replace_document(next);
                self.status = if errors > 0 {
                    tr!(
                        "status-opened-problems",
                        path = path.display().to_string(),
                        errors = errors
                    )
                } else {
                    tr!("status-opened", path = path.display().to_string())
                };
            }
            Err(e) => {
                self.status = tr!(
                    "status-cannot-open",
                    path = path.display().to_string(),
                    reason = e.text()
                )
            }
        }
    }

    /// Takes over the document, view and caches of `next`, keeping the window's settings
    /// (dialogs, autosave folder, smoke and bench runs).
    pub fn replace_document(&mut self, mut next: StrataApp) {
        std::mem::swap(&mut next.dialogs, &mut self.dialogs);
        next.autosave.dir = self.autosave.dir.take();
        next.autosave.interval = self.autosave.interval;
        next.autosave.every_edits = self.autosave.every_edits;
        next.smoke = self.smoke.take();
        next.bench = self.bench.take();
        next.loads_in_background = self.loads_in_background;
        next.fonts_installed = self.fonts_installed;
        next.show_history = self.show_history;
        next.view3d.adopt(&mut self.view3d);
        *self = next;
        self.check_recovery();
    }

    /// Takes the recovery copy offered at start as the plan (unsaved, to be saved).
    pub(super) fn recover(&mut self) {
        let Some(leftover) = self.recovery_offer.take() else {
            return;
        };
        match crate::session::recovery::restore(&leftover.path) {
            Ok(restored) => {
                let path = self.doc.path.clone();
                let mut next = StrataApp::new(restored.plan, path, self.reference.clone());
                let with_history = restored.history.is_some();
                next.doc.history = restored.history.unwrap_or_else(History::new_unsaved);
                // What differs from the file is not known: the next save writes it whole.
                next.doc.unsaved = None;
                self.replace_document(next);
                // The copy is still on disk until the next save: do not offer it again.
                self.recovery_offer = None;
                self.status = if with_history {
                    tr("status-recovered-history")
                } else {
                    tr("status-recovered")
                };
            }
            Err(e) => self.status = tr!("status-recovery-unreadable", reason = e.text()),
        }
    }

    /// Writes a recovery copy in the background when the plan changed and a minute passed.
    pub fn autosave_tick(&mut self, force: bool) {
        if let Some(running) = &self.autosave.running
            && running.is_finished()
            && let Some(running) = self.autosave.running.take()
        {
            match running.join() {
                Ok(Ok(path)) => self.autosave.last_written = Some(path),
                Ok(Err(e)) => {
                    self.status = tr!("status-recovery-not-written", reason = e.to_string())
                }
                Err(_) => self.status = tr("status-recovery-writer-failed"),
            }
        }
        let due = force
            || self.autosave.last.elapsed() >= self.autosave.interval
            || self.doc.generation.abs_diff(self.autosave.written) >= self.autosave.every_edits;
        if !due
            || self.autosave.running.is_some()
            || !self.doc.history.is_dirty()
            || self.autosave.written == self.doc.generation
        {
            return;
        }
        let Some(dir) = self.autosave.dir.clone() else {
            return;
        };
        self.autosave.last = std::time::Instant::now();
        self.autosave.written = self.doc.generation;
        let plan = self.doc.plan.clone();
        let history = self.doc.history.clone();
        let file = self.doc.path.clone();
        let write = move || {
            crate::session::recovery::write_recovery(&dir, file.as_deref(), &plan, Some(&history))
                .map_err(|e| e.text())
        };
        if force {
            // Tests and the close path want it written when this returns.
            self.autosave.running = None;
            match write() {
                Ok(path) => self.autosave.last_written = Some(path),
                Err(e) => self.status = tr!("status-recovery-not-written", reason = e.to_string()),
            }
        } else {
            self.autosave.running = Some(std::thread::spawn(write));
        }
    }

    /// The questions that stop the editor: unsaved changes, a recovery copy to take back.
    pub(super) fn modals_ui(&mut self, ui: &mut Ui) {
        if let Some(pending) = self.confirm.clone() {
            let name = self.doc.plan.display_name();
            let what = match &pending {
                Pending::Open(_) => tr!("unsaved-text-open", name = name),
                Pending::Close => tr!("unsaved-text-close", name = name),
            };
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("unsaved")).show(ui.ctx(), |ui| {
                ui.heading(tr("unsaved-heading"));
                ui.label(what);
                ui.horizontal(|ui| {
                    if ui.button(tr("cmd-save")).clicked() {
                        answer = Some(0);
                    }
                    if ui.button(tr("unsaved-discard")).clicked() {
                        answer = Some(1);
                    }
                    if ui.button(tr("unsaved-cancel")).clicked() {
                        answer = Some(2);
                    }
                });
            });
            match answer {
                Some(0) => {
                    self.confirm = None;
                    if self.save() {
                        self.proceed(pending);
                    }
                }
                Some(1) => {
                    self.confirm = None;
                    self.proceed(pending);
                }
                Some(_) => self.confirm = None,
                None => {}
            }
        }
        if let Some(leftover) = self.recovery_offer.clone() {
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("recovery")).show(ui.ctx(), |ui| {
                ui.heading(tr("recovery-heading"));
                let age = leftover
                    .written
                    .elapsed()
                    .map_or_else(|_| tr("recovery-some-time"), |d| format_age(d.as_secs()));
                ui.label(tr!(
                    "recovery-text",
                    name = self.doc.plan.display_name(),
                    age = age
                ));
                ui.label(leftover.path.display().to_string());
                ui.horizontal(|ui| {
                    if ui.button(tr("recovery-recover")).clicked() {
                        answer = Some(true);
                    }
                    if ui.button(tr("recovery-discard")).clicked() {
                        answer = Some(false);
                    }
                });
            });
            match answer {
                Some(true) => self.recover(),
                Some(false) => {
                    self.recovery_offer = None;
                    self.close_cleanly();
                }
                None => {}
            }
        }
    }
}

fn format_age(seconds: u64) -> String {
    match seconds {
        s if s < 90 => tr!("age-seconds", n = s),
        s if s < 90 * 60 => tr!("age-minutes", n = s / 60),
        s if s < 48 * 3600 => tr!("age-hours", n = s / 3600),
        s => tr!("age-days", n = s / 86400),
    }
}
