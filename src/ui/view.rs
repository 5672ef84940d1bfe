//! View preferences and the camera: what the map shows and how (layers, colour mode,
//! scenario, the active tool and its options). No document data and nothing about what
//! the pointer is doing (see `interaction.rs`) or what is selected (`selection.rs`).

use crate::i18n::tr;
use crate::model::Scenario;

use super::map_cache::ColorMode;
use super::transform::ScreenFromWorld;

/// State that belongs to the view, not to the document.
pub struct ViewState {
    pub camera: ScreenFromWorld,
    /// The camera was fitted to the plan (done once, on the first frame).
    pub fitted: bool,
    pub scenario: Scenario,
    pub show_streets: bool,
    pub show_facilities: bool,
    pub show_labels: bool,
    pub show_legend: bool,
    pub show_table: bool,
    pub table: super::table::TableState,
    pub tool: Tool,
    /// Category placed by the facility tool.
    pub facility_category: String,
    pub snapping: bool,
    /// Clip new and reshaped parcels against neighbours at the same height.
    pub avoid_overlaps: bool,
    pub color_mode: ColorMode,
    /// The category of the places colour mode, by id (kept across scenarios).
    pub places_category: String,
}

impl ViewState {
    /// The view of a plan opened with this scenario shown.
    pub fn new(scenario: Scenario) -> Self {
        Self {
            camera: ScreenFromWorld {
                center_in_world: [0.0, 0.0],
                pixels_per_meter: 0.5,
                screen_rect: egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0)),
            },
            fitted: false,
            scenario,
            show_streets: true,
            show_facilities: true,
            show_labels: true,
            show_legend: true,
            show_table: false,
            table: Default::default(),
            tool: Tool::Select,
            facility_category: "kindergarten".into(),
            snapping: true,
            avoid_overlaps: false,
            color_mode: ColorMode::Use,
            places_category: "kindergarten".into(),
        }
    }
}

/// What a primary click or drag on the canvas does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Select,
    Move,
    DrawParcel,
    DrawRectangle,
    PlaceFacility,
    EditVertices,
    Split,
    Merge,
    DrawStreet,
    Measure,
    Trace,
}

impl Tool {
    pub const ALL: [Tool; 11] = [
        Tool::Select,
        Tool::Move,
        Tool::DrawParcel,
        Tool::DrawRectangle,
        Tool::PlaceFacility,
        Tool::EditVertices,
        Tool::Split,
        Tool::Merge,
        Tool::DrawStreet,
        Tool::Measure,
        Tool::Trace,
    ];

    pub fn label(self) -> String {
        match self {
            Tool::Select => tr("tool-select"),
            Tool::Move => tr("tool-move"),
            Tool::DrawParcel => tr("tool-draw-parcel"),
            Tool::DrawRectangle => tr("tool-draw-rectangle"),
            Tool::PlaceFacility => tr("tool-place-facility"),
            Tool::EditVertices => tr("tool-edit-vertices"),
            Tool::Split => tr("tool-split"),
            Tool::Merge => tr("tool-merge"),
            Tool::DrawStreet => tr("tool-draw-street"),
            Tool::Measure => tr("tool-measure"),
            Tool::Trace => tr("tool-trace"),
        }
    }

    pub fn key(self) -> egui::Key {
        match self {
            Tool::Select => egui::Key::V,
            Tool::Move => egui::Key::G,
            Tool::DrawParcel => egui::Key::P,
            Tool::DrawRectangle => egui::Key::R,
            Tool::PlaceFacility => egui::Key::F,
            Tool::EditVertices => egui::Key::N,
            Tool::Split => egui::Key::K,
            Tool::Merge => egui::Key::M,
            Tool::DrawStreet => egui::Key::L,
            Tool::Measure => egui::Key::D,
            Tool::Trace => egui::Key::T,
        }
    }

    pub fn tooltip(self) -> String {
        match self {
            Tool::Select => tr("tool-select.tooltip"),
            Tool::Move => tr("tool-move.tooltip"),
            Tool::DrawParcel => tr("tool-draw-parcel.tooltip"),
            Tool::DrawRectangle => tr("tool-draw-rectangle.tooltip"),
            Tool::PlaceFacility => tr("tool-place-facility.tooltip"),
            Tool::EditVertices => tr("tool-edit-vertices.tooltip"),
            Tool::Split => tr("tool-split.tooltip"),
            Tool::Merge => tr("tool-merge.tooltip"),
            Tool::DrawStreet => tr("tool-draw-street.tooltip"),
            Tool::Measure => tr("tool-measure.tooltip"),
            Tool::Trace => tr("tool-trace.tooltip"),
        }
    }
}
