//! The document: the plan being edited, its undo history, the file it is saved to and
//! how far it is from that file. Every change goes through [`Document::apply`] or
//! [`Document::step`], so undo, dirty-tracking and autosave hang off one place. The
//! window's file actions (open, save, recovery copies) are in `files.rs`.

use std::path::PathBuf;
use std::sync::Arc;

use crate::edit::{EditCmd, History};
use crate::model::Changes;
use crate::model::Plan;

/// The plan being edited, its history and where it is saved.
pub struct Document {
    /// Shared with background work that reads a snapshot of it (the whole check of a
    /// city, an autosave): an edit then copies it first (`Arc::make_mut`), so the
    /// snapshot costs nothing unless the plan changes while it is read.
    pub plan: Arc<Plan>,
    pub history: History,
    /// The file the plan was opened from or saved to.
    pub path: Option<PathBuf>,
    /// Edits applied, undone or redone so far (autosave and background checks compare it).
    pub generation: u64,
    /// What changed since the plan was read from or written to `path`; `None` when not
    /// known (no file yet, a recovered copy), and the next save then writes the whole
    /// file. Saving a GeoPackage writes only these rows (`io::gpkg::save_changes`).
    pub unsaved: Option<Changes>,
    // The watch on the plan's file (changed on disk by another program, the lock file
    // against a second window) is `StrataApp::file_guard` (ui/file_guard.rs).
}

impl Document {
    pub fn new(plan: impl Into<Arc<Plan>>, path: Option<PathBuf>) -> Self {
        Self {
            plan: plan.into(),
            history: History::new(),
            unsaved: path.as_ref().map(|_| Changes::default()),
            path,
            generation: 0,
        }
    }

    /// Whether the plan differs from the file (or was never saved).
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// Applies an edit through the history; the error says why it was refused.
    pub fn apply(&mut self, cmd: EditCmd) -> Result<Changes, String> {
        let effects = self
            .history
            .apply(Arc::make_mut(&mut self.plan), cmd)
            .map_err(|e| e.text())?;
        self.generation += 1;
        if let Some(unsaved) = &mut self.unsaved {
            unsaved.merge(effects.clone());
        }
        Ok(effects)
    }

    /// Undoes (or redoes) one step; `None` when there was none.
    pub fn step(&mut self, redo: bool) -> Option<Result<Changes, String>> {
        let result = if redo {
            self.history.redo(Arc::make_mut(&mut self.plan))
        } else {
            self.history.undo(Arc::make_mut(&mut self.plan))
        }?;
        let result = result.map_err(|e| e.text());
        if let Ok(effects) = &result {
            self.generation += 1;
            if let Some(unsaved) = &mut self.unsaved {
                unsaved.merge(effects.clone());
            }
        }
        Some(result)
    }

    /// The plan was written to `path`.
    pub fn saved_to(&mut self, path: PathBuf) {
        self.history.mark_saved();
        self.unsaved = Some(Changes::default());
        self.path = Some(path);
    }

    /// Window title: plan name, file, and `*` with unsaved changes.
    pub fn title(&self) -> String {
        let dirty = if self.is_dirty() { "*" } else { "" };
        let file = self
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        match file {
            Some(file) => format!("{dirty}{} — {file} — Strata", self.plan.display_name()),
            None => format!("{dirty}{} — Strata", self.plan.display_name()),
        }
    }
}
