//! One list of user actions drives the menus, the keyboard shortcuts and the tests, so a
//! label or a shortcut cannot drift between them (rerun's `UICommand`). Shortcuts follow
//! QGIS/Inkscape habits.

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiCommand {
    Open,
    Save,
    SaveAs,
    ExportFlat,
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
    pub const ALL: [UiCommand; 21] = [
        UiCommand::Open,
        UiCommand::Save,
        UiCommand::SaveAs,
        UiCommand::ExportFlat,
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

    pub fn label(self) -> &'static str {
        match self {
            UiCommand::Open => "Open…",
            UiCommand::Save => "Save",
            UiCommand::SaveAs => "Save as…",
            UiCommand::ExportFlat => "Export flat GeoJSON",
            UiCommand::Undo => "Undo",
            UiCommand::Redo => "Redo",
            UiCommand::RedoAlt => "Redo (Ctrl+Y)",
            UiCommand::Delete => "Delete selection",
            UiCommand::SelectAll => "Select all parcels",
            UiCommand::MergeSelected => "Merge selected parcels",
            UiCommand::ZoomToFit => "Zoom to fit",
            UiCommand::ZoomIn => "Zoom in",
            UiCommand::ZoomOut => "Zoom out",
            UiCommand::ToggleStreets => "Streets",
            UiCommand::ToggleFacilities => "Facilities",
            UiCommand::ToggleLabels => "Labels",
            UiCommand::ToggleSnapping => "Snapping",
            UiCommand::ToggleLegend => "Legend",
            UiCommand::ToggleTable => "Attribute table",
            UiCommand::ToggleHistory => "History",
            UiCommand::ToggleAvoidOverlaps => "Avoid overlaps",
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            UiCommand::Open => "Open a plan file (asks first if there are unsaved changes)",
            UiCommand::Save => {
                "Write the plan to its file: a temporary file is written, read back and renamed over it"
            }
            UiCommand::SaveAs => "Write the plan to a new file and keep editing that one",
            UiCommand::ExportFlat => {
                "Write NAME.flat.geojson beside the plan: one feature per stratum with plain properties, for QGIS attribute tables"
            }
            UiCommand::Undo => "Undo the last edit",
            UiCommand::Redo => "Redo the last undone edit",
            UiCommand::RedoAlt => "Redo the last undone edit",
            UiCommand::Delete => "Delete the selected parcels or facility",
            UiCommand::SelectAll => "Select every parcel of the scenario shown",
            UiCommand::MergeSelected => {
                "Merge the selected parcels into the first one selected (it keeps its id and strata)"
            }
            UiCommand::ZoomToFit => "Show the whole plan",
            UiCommand::ZoomIn => "Zoom in about the centre",
            UiCommand::ZoomOut => "Zoom out about the centre",
            UiCommand::ToggleStreets => "Show or hide streets",
            UiCommand::ToggleFacilities => "Show or hide facilities",
            UiCommand::ToggleLabels => "Show or hide parcel names",
            UiCommand::ToggleSnapping => {
                "Snap drawn and moved points to corners of parcels and streets within 10 px (S)"
            }
            UiCommand::ToggleLegend => "Show or hide the legend",
            UiCommand::ToggleTable => "Show or hide the attribute table of parcels (Ctrl+T)",
            UiCommand::ToggleHistory => {
                "Show or hide the list of edits; click one to go back or forward to it"
            }
            UiCommand::ToggleAvoidOverlaps => {
                "Clip new and reshaped parcels against neighbours whose strata share their height"
            }
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
            | UiCommand::ExportFlat => {
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
