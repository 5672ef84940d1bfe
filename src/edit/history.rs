//! Undo and redo: the commands done and undone. A new edit clears what was undone.

use serde::{Deserialize, Serialize};

use super::{EditCmd, EditError};
use crate::model::{Changes, Plan};

/// The edit history of a document. Serializable so that it can be kept beside the
/// editor's recovery copy and survive a crash (`session::recovery`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct History {
    done: Vec<EditCmd>,
    undone: Vec<EditCmd>,
    /// Length of `done` when the plan was last saved (`None`: never matches).
    saved_at: Option<usize>,
}

impl History {
    pub fn new() -> Self {
        Self {
            saved_at: Some(0),
            ..Self::default()
        }
    }

    /// Applies a new edit and records it.
    pub fn apply(&mut self, plan: &mut Plan, cmd: EditCmd) -> Result<Changes, EditError> {
        let effects = cmd.apply(plan)?;
        self.done.push(cmd);
        self.undone.clear();
        if self.saved_at.is_some_and(|at| at >= self.done.len()) {
            self.saved_at = None; // the saved state can no longer be reached by undo/redo
        }
        Ok(effects)
    }

    pub fn undo(&mut self, plan: &mut Plan) -> Option<Result<Changes, EditError>> {
        let cmd = self.done.pop()?;
        let result = cmd.inverse().apply(plan);
        match &result {
            Ok(_) => self.undone.push(cmd),
            Err(_) => self.done.push(cmd),
        }
        Some(result)
    }

    pub fn redo(&mut self, plan: &mut Plan) -> Option<Result<Changes, EditError>> {
        let cmd = self.undone.pop()?;
        let result = cmd.apply(plan);
        match &result {
            Ok(_) => self.done.push(cmd),
            Err(_) => self.undone.push(cmd),
        }
        Some(result)
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    pub fn undo_label(&self) -> Option<String> {
        self.done.last().map(EditCmd::label)
    }

    pub fn redo_label(&self) -> Option<String> {
        self.undone.last().map(EditCmd::label)
    }

    /// A history whose plan differs from every file (a recovered copy): dirty from the start.
    pub fn new_unsaved() -> Self {
        Self::default()
    }

    /// Labels of the edits done, oldest first.
    pub fn done_labels(&self) -> Vec<String> {
        self.done.iter().map(EditCmd::label).collect()
    }

    /// Labels of the edits undone, the next to redo first.
    pub fn undone_labels(&self) -> Vec<String> {
        self.undone.iter().rev().map(EditCmd::label).collect()
    }

    /// Number of edits done (the position in the history).
    pub fn position(&self) -> usize {
        self.done.len()
    }

    /// Marks the current state as saved.
    pub fn mark_saved(&mut self) {
        self.saved_at = Some(self.done.len());
    }

    /// Whether the plan differs from its last save.
    pub fn is_dirty(&self) -> bool {
        self.saved_at != Some(self.done.len())
    }
}
