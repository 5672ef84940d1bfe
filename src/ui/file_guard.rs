//! Files never lost between programs: the editor's side of [`crate::io::Fingerprint`]
//! and [`crate::io::PlanLock`].
//!
//! * The plan file is fingerprinted when it is opened and after each save. Before a save
//!   over it, a file changed on disk since (another program, a `git pull`) stops the save
//!   and asks: reload the disk version, keep mine (overwrite), or save as another file.
//! * Once a second the file is looked at (one `stat`); a change shows a notice offering
//!   to reload, whether or not there are unsaved edits.
//! * A window holds a lock beside the plan and renews it every minute; a second window
//!   opening the same plan warns ("open anyway" or close). Tests have no lock unless they
//!   ask for it ([`FileGuard::use_locks`]); the real window turns locks on for itself
//!   ([`enable_plan_locks`]).
//!
//! The app keeps one [`FileGuard`] and calls it at open ([`FileGuard::opened`]), before
//! and after a save ([`FileGuard::may_save`], [`FileGuard::saved`]), on close
//! ([`FileGuard::release`]) and once per frame ([`file_guard_ui`]).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use egui::Ui;

use super::app::StrataApp;
use super::commands::UiCommand;
use crate::i18n::tr;
use crate::io::{Fingerprint, LockOwner, PlanLock};
use crate::tr;

/// How often the plan file is looked at.
const POLL_EVERY: Duration = Duration::from_secs(1);

static LOCKS: AtomicBool = AtomicBool::new(false);

/// Editors made from now on in this process hold a lock on their plan (the window calls
/// this; one window per process).
pub fn enable_plan_locks() {
    LOCKS.store(true, Ordering::Relaxed);
}

/// Size and modification time of a file, `None` when there is none.
type Stat = Option<(u64, Option<SystemTime>)>;

/// A question that stops the editor until answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Question {
    /// A save was stopped: the file changed on disk since it was opened or saved here.
    ChangedOnDisk,
    /// Another window has the plan open.
    OpenElsewhere(LockOwner),
}

/// The answers, as the modal returns them.
enum Answer {
    Reload,
    KeepMine,
    SaveAs,
    OpenAnyway,
    CloseWindow,
    Dismiss,
}

/// What the editor knows about its plan file on disk.
pub struct FileGuard {
    path: Option<PathBuf>,
    /// The file as it was opened or last saved here; `None` when it could not be read
    /// (then nothing is guarded).
    seen: Option<Fingerprint>,
    locking: bool,
    lock: Option<PlanLock>,
    lock_tried: bool,
    last_beat: Instant,
    last_poll: Option<Instant>,
    /// The stat last compared with `seen`, and whether the file differed then.
    compared: Option<(Stat, bool)>,
    /// A change the user dismissed (its stat): not announced again.
    dismissed: Option<Stat>,
    /// The user chose to overwrite: the next save goes ahead.
    overwrite_once: bool,
    /// The question shown, if any.
    pub question: Option<Question>,
    /// The user chose to close the window rather than open the plan a second time.
    pub close_requested: bool,
}

impl FileGuard {
    /// The guard of a plan just read from `path` (fingerprinted now).
    pub fn opened(path: Option<&Path>) -> Self {
        Self {
            path: path.map(Path::to_path_buf),
            seen: path.and_then(|p| Fingerprint::of_file(p).ok()),
            locking: LOCKS.load(Ordering::Relaxed),
            lock: None,
            lock_tried: false,
            last_beat: Instant::now(),
            last_poll: None,
            compared: None,
            dismissed: None,
            overwrite_once: false,
            question: None,
            close_requested: false,
        }
    }

    /// Whether this editor holds a lock on its plan file (tests turn it on).
    pub fn use_locks(&mut self, on: bool) {
        self.locking = on;
        self.lock_tried = false;
        if !on {
            self.lock = None;
        }
    }

    /// Whether this editor holds the lock of its plan now.
    pub fn holds_lock(&self) -> bool {
        self.lock.is_some()
    }

    /// Called before writing the plan to `path`: false when the file changed on disk
    /// since it was opened or saved here, and then the question is asked.
    pub fn may_save(&mut self, path: &Path) -> bool {
        if std::mem::take(&mut self.overwrite_once) {
            return true;
        }
        let guarded = self.path.as_deref() == Some(path)
            && self
                .seen
                .as_ref()
                .is_some_and(|seen| crate::io::changed_on_disk(path, seen));
        if guarded {
            self.question = Some(Question::ChangedOnDisk);
        }
        !guarded
    }

    /// Called after the plan was written to `path`: that file is now the one seen (and
    /// locked, if it is another file than before).
    pub fn saved(&mut self, path: &Path) {
        if self.path.as_deref() != Some(path) {
            self.lock = None;
            self.lock_tried = false;
            self.path = Some(path.to_path_buf());
        }
        self.seen = Fingerprint::of_file(path).ok();
        self.compared = None;
        self.dismissed = None;
        if self.question == Some(Question::ChangedOnDisk) {
            self.question = None;
        }
    }

    /// The window closes: the lock goes.
    pub fn release(&mut self) {
        self.lock = None;
    }

    /// Whether the file on disk differs from the one seen, as last polled, and the user
    /// has not dismissed that change.
    pub fn changed_notice(&self) -> bool {
        matches!(&self.compared, Some((stat, true)) if self.dismissed.as_ref() != Some(stat))
    }

    /// Looks at the file (at most once per [`POLL_EVERY`]): takes or renews the lock,
    /// compares the file with the one seen.
    pub fn poll(&mut self) {
        if self.last_poll.is_some_and(|t| t.elapsed() < POLL_EVERY) {
            return;
        }
        self.last_poll = Some(Instant::now());
        let Some(path) = self.path.clone() else {
            return;
        };
        if self.locking {
            self.poll_lock(&path);
        }
        let stat = crate::io::file_stat(&path);
        if self.compared.as_ref().is_some_and(|(s, _)| *s == stat) {
            return;
        }
        let changed = self
            .seen
            .as_ref()
            .is_some_and(|seen| crate::io::changed_on_disk(&path, seen));
        self.compared = Some((stat, changed));
    }

    fn poll_lock(&mut self, path: &Path) {
        if !self.lock_tried {
            self.lock_tried = true;
            self.last_beat = Instant::now();
            match PlanLock::acquire(path) {
                Ok(Ok(lock)) => self.lock = Some(lock),
                Ok(Err(owner)) => {
                    if self.question.is_none() {
                        self.question = Some(Question::OpenElsewhere(owner));
                    }
                }
                // A read-only folder: no lock, and nothing to warn about.
                Err(_) => {}
            }
        } else if let Some(lock) = &mut self.lock
            && self.last_beat.elapsed() >= crate::io::HEARTBEAT_EVERY
        {
            self.last_beat = Instant::now();
            if let Ok(false) = lock.heartbeat() {
                // Another window took the plan over ("open anyway"): its lock stays.
                self.lock = None;
            }
        }
    }

    fn answer(&mut self, app_path: Option<PathBuf>, answer: Answer) -> Option<UiCommand> {
        self.question = None;
        match answer {
            Answer::Reload | Answer::Dismiss => None,
            Answer::KeepMine => {
                self.overwrite_once = true;
                Some(UiCommand::Save)
            }
            Answer::SaveAs => Some(UiCommand::SaveAs),
            Answer::OpenAnyway => {
                if let Some(path) = app_path {
                    self.lock = PlanLock::take_over(&path).ok();
                }
                None
            }
            Answer::CloseWindow => {
                self.close_requested = true;
                None
            }
        }
    }
}

/// Once per frame: polls the file, shows the question or the notice, carries out the
/// answer (through the app's own commands: Save, Save As, opening the file again).
pub fn file_guard_ui(app: &mut StrataApp, ui: &mut Ui) {
    app.file_guard.poll();
    ui.ctx().request_repaint_after(POLL_EVERY);
    let file = app
        .file_guard
        .path
        .as_deref()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let answer = match app.file_guard.question.clone() {
        Some(Question::ChangedOnDisk) => changed_question_ui(ui, &file),
        Some(Question::OpenElsewhere(owner)) => elsewhere_question_ui(ui, &file, &owner),
        None if app.file_guard.changed_notice() => {
            let dirty = app.doc.history.is_dirty();
            let answer = changed_notice_ui(ui, &file, dirty);
            if let Some(Answer::Dismiss) = answer {
                app.file_guard.dismissed = app.file_guard.compared.as_ref().map(|(s, _)| *s);
            }
            answer
        }
        None => None,
    };
    let Some(answer) = answer else {
        return;
    };
    let path = app.file_guard.path.clone();
    let reload = matches!(answer, Answer::Reload);
    let close = matches!(answer, Answer::CloseWindow);
    if let Some(command) = app.file_guard.answer(path.clone(), answer) {
        app.run_command(command);
    }
    if reload && let Some(path) = path {
        // Opened again as any plan is (the window loads it in the background); the
        // edits made here are given up, as the user chose.
        app.open_request = Some(path);
    }
    if close {
        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

fn changed_question_ui(ui: &mut Ui, file: &str) -> Option<Answer> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("file-guard-changed")).show(ui.ctx(), |ui| {
        ui.heading(tr("guard-changed-heading"));
        ui.label(tr!("guard-changed-text", file = file));
        ui.horizontal(|ui| {
            if ui.button(tr("guard-reload-disk")).clicked() {
                answer = Some(Answer::Reload);
            }
            if ui.button(tr("guard-keep-mine")).clicked() {
                answer = Some(Answer::KeepMine);
            }
            if ui.button(tr("guard-save-as")).clicked() {
                answer = Some(Answer::SaveAs);
            }
            // Closes the question; the edits stay unsaved.
            if ui.button(tr("guard-cancel")).clicked() {
                answer = Some(Answer::Dismiss);
            }
        });
    });
    answer
}

fn elsewhere_question_ui(ui: &mut Ui, file: &str, owner: &LockOwner) -> Option<Answer> {
    let minutes = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs().saturating_sub(owner.since) / 60);
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("file-guard-elsewhere")).show(ui.ctx(), |ui| {
        ui.heading(tr("guard-elsewhere-heading"));
        ui.label(tr!(
            "guard-elsewhere-text",
            file = file,
            pid = owner.pid.to_string(),
            host = owner.host.as_str(),
            minutes = minutes
        ));
        ui.horizontal(|ui| {
            if ui.button(tr("guard-open-anyway")).clicked() {
                answer = Some(Answer::OpenAnyway);
            }
            if ui.button(tr("guard-close")).clicked() {
                answer = Some(Answer::CloseWindow);
            }
        });
    });
    answer
}

/// A notice at the top of the window, not a question: nothing is at risk until a save.
fn changed_notice_ui(ui: &mut Ui, file: &str, dirty: bool) -> Option<Answer> {
    let mut answer = None;
    let text = if dirty {
        tr!("guard-notice-dirty", file = file)
    } else {
        tr!("guard-notice", file = file)
    };
    egui::Area::new(egui::Id::unique("file-guard-notice"))
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 64.0))
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(text);
                    if ui.button(tr("guard-reload")).clicked() {
                        answer = Some(Answer::Reload);
                    }
                    if ui.button(tr("guard-dismiss")).clicked() {
                        answer = Some(Answer::Dismiss);
                    }
                });
            });
        });
    answer
}
