//! One list of user actions drives the menus, the keyboard shortcuts and the tests, so a
//! label or a shortcut cannot drift between them (rerun's `UICommand`). Shortcuts follow
//! QGIS/Inkscape habits.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::i18n::tr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiCommand {
    Open,
    Save,
    SaveAs,
    ExportFlat,
    Export,
    ExportSheets,
    Import,
    Undo,
    Redo,
    RedoAlt,
    Delete,
    SelectAll,
    MergeSelected,
    ZoomToFit,
    ZoomIn,
    ZoomOut,
    ToggleStreets,
    ToggleFacilities,
    ToggleLabels,
    ToggleSnapping,
    ToggleLegend,
    ToggleTable,
    ToggleHistory,
    ToggleAvoidOverlaps,
}

impl UiCommand {
    pub const ALL: [UiCommand; 24] = [
        UiCommand::Open,
        UiCommand::Save,
        UiCommand::SaveAs,
        UiCommand::ExportFlat,
        UiCommand::Export,
        UiCommand::ExportSheets,
        UiCommand::Import,
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::RedoAlt,
        UiCommand::Delete,
        UiCommand::SelectAll,
        UiCommand::MergeSelected,
        UiCommand::ZoomToFit,
        UiCommand::ZoomIn,
        UiCommand::ZoomOut,
        UiCommand::ToggleStreets,
        UiCommand::ToggleFacilities,
        UiCommand::ToggleLabels,
        UiCommand::ToggleSnapping,
        UiCommand::ToggleLegend,
        UiCommand::ToggleTable,
        UiCommand::ToggleHistory,
        UiCommand::ToggleAvoidOverlaps,
    ];

    pub fn label(self) -> String {
        // Literal keys, so the key test sees them.
        match self {
            UiCommand::Open => tr("cmd-open"),
            UiCommand::Save => tr("cmd-save"),
            UiCommand::SaveAs => tr("cmd-save-as"),
            UiCommand::ExportFlat => tr("cmd-export-flat"),
            UiCommand::Import => tr("cmd-import"),
            UiCommand::Export => tr("cmd-export"),
            UiCommand::ExportSheets => tr("cmd-export-sheets"),
            UiCommand::Undo => tr("cmd-undo"),
            UiCommand::Redo => tr("cmd-redo"),
            UiCommand::RedoAlt => tr("cmd-redo-alt"),
            UiCommand::Delete => tr("cmd-delete"),
            UiCommand::SelectAll => tr("cmd-select-all"),
            UiCommand::MergeSelected => tr("cmd-merge-selected"),
            UiCommand::ZoomToFit => tr("cmd-zoom-to-fit"),
            UiCommand::ZoomIn => tr("cmd-zoom-in"),
            UiCommand::ZoomOut => tr("cmd-zoom-out"),
            UiCommand::ToggleStreets => tr("cmd-toggle-streets"),
            UiCommand::ToggleFacilities => tr("cmd-toggle-facilities"),
            UiCommand::ToggleLabels => tr("cmd-toggle-labels"),
            UiCommand::ToggleSnapping => tr("cmd-toggle-snapping"),
            UiCommand::ToggleLegend => tr("cmd-toggle-legend"),
            UiCommand::ToggleTable => tr("cmd-toggle-table"),
            UiCommand::ToggleHistory => tr("cmd-toggle-history"),
            UiCommand::ToggleAvoidOverlaps => tr("cmd-toggle-avoid-overlaps"),
        }
    }

    pub fn tooltip(self) -> String {
        match self {
            UiCommand::Open => tr("cmd-open.tooltip"),
            UiCommand::Save => tr("cmd-save.tooltip"),
            UiCommand::SaveAs => tr("cmd-save-as.tooltip"),
            UiCommand::ExportFlat => tr("cmd-export-flat.tooltip"),
            UiCommand::Import => tr("cmd-import.tooltip"),
            UiCommand::Export => tr("cmd-export.tooltip"),
            UiCommand::ExportSheets => tr("cmd-export-sheets.tooltip"),
            UiCommand::Undo => tr("cmd-undo.tooltip"),
            UiCommand::Redo => tr("cmd-redo.tooltip"),
            UiCommand::RedoAlt => tr("cmd-redo-alt.tooltip"),
            UiCommand::Delete => tr("cmd-delete.tooltip"),
            UiCommand::SelectAll => tr("cmd-select-all.tooltip"),
            UiCommand::MergeSelected => tr("cmd-merge-selected.tooltip"),
            UiCommand::ZoomToFit => tr("cmd-zoom-to-fit.tooltip"),
            UiCommand::ZoomIn => tr("cmd-zoom-in.tooltip"),
            UiCommand::ZoomOut => tr("cmd-zoom-out.tooltip"),
            UiCommand::ToggleStreets => tr("cmd-toggle-streets.tooltip"),
            UiCommand::ToggleFacilities => tr("cmd-toggle-facilities.tooltip"),
            UiCommand::ToggleLabels => tr("cmd-toggle-labels.tooltip"),
            UiCommand::ToggleSnapping => tr("cmd-toggle-snapping.tooltip"),
            UiCommand::ToggleLegend => tr("cmd-toggle-legend.tooltip"),
            UiCommand::ToggleTable => tr("cmd-toggle-table.tooltip"),
            UiCommand::ToggleHistory => tr("cmd-toggle-history.tooltip"),
            UiCommand::ToggleAvoidOverlaps => tr("cmd-toggle-avoid-overlaps.tooltip"),
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let ctrl = Modifiers::COMMAND;
        Some(match self {
            UiCommand::Open => KeyboardShortcut::new(ctrl, Key::O),
            UiCommand::Save => KeyboardShortcut::new(ctrl, Key::S),
            UiCommand::SaveAs => KeyboardShortcut::new(ctrl.plus(Modifiers::SHIFT), Key::S),
            UiCommand::Undo => KeyboardShortcut::new(ctrl, Key::Z),
            UiCommand::Redo => KeyboardShortcut::new(ctrl.plus(Modifiers::SHIFT), Key::Z),
            UiCommand::RedoAlt => KeyboardShortcut::new(ctrl, Key::Y),
            UiCommand::SelectAll => KeyboardShortcut::new(ctrl, Key::A),
            UiCommand::MergeSelected => KeyboardShortcut::new(ctrl, Key::M),
            UiCommand::ToggleHistory => KeyboardShortcut::new(ctrl, Key::H),
            UiCommand::Delete => KeyboardShortcut::new(Modifiers::NONE, Key::Delete),
            UiCommand::ZoomToFit => KeyboardShortcut::new(Modifiers::NONE, Key::Home),
            UiCommand::ZoomIn => KeyboardShortcut::new(Modifiers::NONE, Key::Plus),
            UiCommand::ZoomOut => KeyboardShortcut::new(Modifiers::NONE, Key::Minus),
            UiCommand::ToggleSnapping => KeyboardShortcut::new(Modifiers::NONE, Key::S),
            UiCommand::ToggleTable => KeyboardShortcut::new(ctrl, Key::T),
            UiCommand::ToggleStreets
            | UiCommand::ToggleFacilities
            | UiCommand::ToggleLabels
            | UiCommand::ToggleLegend
            | UiCommand::ToggleAvoidOverlaps
            | UiCommand::ExportFlat
            | UiCommand::Import
            | UiCommand::Export
            | UiCommand::ExportSheets => {
                return None;
            }
        })
    }
}

/// The commands with shortcuts, most specific first: egui ignores extra Shift when it
/// matches a shortcut, so Ctrl+Shift+Z must be tried before Ctrl+Z.
pub fn by_specificity() -> Vec<UiCommand> {
    let mut commands: Vec<UiCommand> = UiCommand::ALL
        .into_iter()
        .filter(|c| c.shortcut().is_some())
        .collect();
    let weight = |c: &UiCommand| {
        c.shortcut().map_or(0, |s| {
            let m = s.modifiers;
            u8::from(m.shift) + u8::from(m.alt) + u8::from(m.command || m.ctrl)
        })
    };
    commands.sort_by_key(|c| std::cmp::Reverse(weight(c)));
    commands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_unique_and_the_shifted_ones_come_first() {
        let order = by_specificity();
        let position = |c| order.iter().position(|&x| x == c).expect("listed");
        assert!(position(UiCommand::Redo) < position(UiCommand::Undo));
        assert!(position(UiCommand::SaveAs) < position(UiCommand::Save));
        let mut seen = std::collections::HashSet::new();
        for c in order {
            let s = c.shortcut().expect("filtered");
            assert!(seen.insert(format!("{:?}", s)), "{c:?} repeats a shortcut");
        }
    }
}
