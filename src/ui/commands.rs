//! One list of user actions drives the menus, the keyboard shortcuts and the tests, so a
//! label or a shortcut cannot drift between them (rerun's `UICommand`). Shortcuts follow
//! QGIS/Inkscape habits.

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiCommand {
    Save,
    ExportFlat,
    Undo,
    Redo,
    Delete,
    ZoomToFit,
    ZoomIn,
    ZoomOut,
    ToggleStreets,
    ToggleFacilities,
    ToggleLabels,
    ToggleSnapping,
    ToggleLegend,
    ToggleTable,
}

impl UiCommand {
    pub const ALL: [UiCommand; 14] = [
        UiCommand::Save,
        UiCommand::ExportFlat,
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::Delete,
        UiCommand::ZoomToFit,
        UiCommand::ZoomIn,
        UiCommand::ZoomOut,
        UiCommand::ToggleStreets,
        UiCommand::ToggleFacilities,
        UiCommand::ToggleLabels,
        UiCommand::ToggleSnapping,
        UiCommand::ToggleLegend,
        UiCommand::ToggleTable,
    ];

    pub fn label(self) -> &'static str {
        match self {
            UiCommand::Save => "Save",
            UiCommand::ExportFlat => "Export flat GeoJSON",
            UiCommand::Undo => "Undo",
            UiCommand::Redo => "Redo",
            UiCommand::Delete => "Delete selection",
            UiCommand::ZoomToFit => "Zoom to fit",
            UiCommand::ZoomIn => "Zoom in",
            UiCommand::ZoomOut => "Zoom out",
            UiCommand::ToggleStreets => "Streets",
            UiCommand::ToggleFacilities => "Facilities",
            UiCommand::ToggleLabels => "Labels",
            UiCommand::ToggleSnapping => "Snapping",
            UiCommand::ToggleLegend => "Legend",
            UiCommand::ToggleTable => "Attribute table",
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            UiCommand::Save => {
                "Write the plan to its file (kept as .bak is the reliability issue's job)"
            }
            UiCommand::ExportFlat => {
                "Write NAME.flat.geojson beside the plan: one feature per stratum with plain properties, for QGIS attribute tables"
            }
            UiCommand::Undo => "Undo the last edit",
            UiCommand::Redo => "Redo the last undone edit",
            UiCommand::Delete => "Delete the selected parcel or facility",
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
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let ctrl = Modifiers::COMMAND;
        Some(match self {
            UiCommand::Save => KeyboardShortcut::new(ctrl, Key::S),
            UiCommand::Undo => KeyboardShortcut::new(ctrl, Key::Z),
            UiCommand::Redo => KeyboardShortcut::new(ctrl.plus(Modifiers::SHIFT), Key::Z),
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
            | UiCommand::ExportFlat => {
                return None;
            }
        })
    }
}
