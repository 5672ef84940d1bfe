//! The inspector (right panel): what is selected, its name, status and strata (with the
//! section drawing and the strata editor) and its problems. It reads the plan through a
//! borrowed [`InspectorContext`] and returns edit commands; the app applies them.

use egui::Ui;

use crate::edit::EditCmd;
use crate::i18n::tr;
use crate::model::{Facility, Parcel, ParcelId, Plan, Problem, Reference, Status};
use crate::tr;

use super::controls_panel::{ControlsEditor, controls_ui};
use super::section_view::section_view_ui;
use super::selection::Selected;
use super::strata_editor::{StrataEditor, strata_editor_ui};
use super::strata_operation::{ZoneBuffer, unit_codes_ui};

/// What the inspector reads.
pub struct InspectorContext<'a> {
    pub plan: &'a Plan,
    pub reference: &'a Reference,
    pub problems: &'a [Problem],
    pub selected: &'a Selected,
}

/// What the inspector keeps between frames: text being typed, strata being edited.
#[derive(Default)]
pub struct InspectorState {
    /// The name field of this parcel, as typed so far.
    name_buffer: Option<(ParcelId, String)>,
    strata_editor: Option<StrataEditor>,
    controls_editor: Option<ControlsEditor>,
    /// The unit-code zone as typed.
    zone: ZoneBuffer,
}

impl InspectorState {
    /// After an edit the fields show the plan again.
    pub fn reset(&mut self) {
        self.name_buffer = None;
        self.strata_editor = None;
        self.controls_editor = None;
        self.zone = ZoneBuffer::default();
    }
}

/// The inspector panel; returns the edits made in it.
pub fn inspector_ui(
    ui: &mut Ui,
    cx: &InspectorContext,
    state: &mut InspectorState,
) -> Vec<EditCmd> {
    ui.heading(tr("inspector-heading"));
    let selected = cx.selected.parcel_indices(cx.plan);
    if selected.len() > 1 {
        let area: f64 = selected
            .iter()
            .filter_map(|&i| cx.plan.parcels.get(i))
            .map(|p| p.area().m2())
            .sum();
        let area = crate::model::SquareMeters(area);
        ui.label(tr!(
            "inspector-n-selected",
            n = selected.len(),
            area = super::language::area_label(area)
        ));
        ui.label(tr!("inspector-multi-hint"));
        ui.separator();
    }
    let mut edits = Vec::new();
    let parcel = cx
        .selected
        .parcel_index(cx.plan)
        .map(|i| &cx.plan.parcels[i]);
    let facility = cx
        .selected
        .facility_index(cx.plan)
        .map(|i| &cx.plan.facilities[i]);
    match (parcel, facility) {
        (Some(parcel), _) => parcel_ui(ui, cx, state, parcel, &mut edits),
        (None, Some(facility)) => facility_ui(ui, cx, facility),
        (None, None) => {
            ui.label(tr!("inspector-empty"));
        }
    }
    edits
}

fn facility_ui(ui: &mut Ui, cx: &InspectorContext, f: &Facility) {
    ui.label(tr!("inspector-facility", id = f.id.as_str()));
    let category = cx.reference.standard.category(&f.category);
    ui.label(format!(
        "{} · {}",
        f.category,
        category.map_or("", |c| c.name())
    ));
    if let Some(name) = &f.name {
        ui.label(name);
    }
    ui.label(tr!("inspector-facility-hint"));
}

fn parcel_ui(
    ui: &mut Ui,
    cx: &InspectorContext,
    state: &mut InspectorState,
    parcel: &Parcel,
    edits: &mut Vec<EditCmd>,
) {
    ui.label(tr!(
        "inspector-parcel",
        id = parcel.id.as_str(),
        area = super::language::area_label(parcel.area())
    ));
    name_ui(ui, state, parcel, edits);
    let mut status = parcel.status;
    egui::ComboBox::from_label(tr!("inspector-status"))
        .selected_text(status.map_or_else(|| "—".to_owned(), |s| s.name()))
        .show_ui(ui, |ui| {
            for s in Status::ALL {
                ui.selectable_value(&mut status, Some(s), s.name());
            }
        });
    if status != parcel.status {
        edits.push(EditCmd::SetStatus {
            id: parcel.id.clone(),
            old: parcel.status,
            new: status,
        });
    }
    ui.separator();
    strata_list_ui(ui, cx.reference, parcel, cx.selected.inspected_stratum());
    section_view_ui(ui, parcel, cx.reference);
    if state
        .strata_editor
        .as_ref()
        .is_none_or(|e| e.parcel != parcel.id)
    {
        state.strata_editor = Some(StrataEditor::new(parcel.id.clone(), &parcel.strata));
    }
    egui::CollapsingHeader::new(tr("inspector-edit-strata")).show(ui, |ui| {
        if let Some(editor) = state.strata_editor.as_mut()
            && let Some(new) = strata_editor_ui(ui, editor, cx.reference, &parcel.strata)
        {
            edits.push(EditCmd::SetStrata {
                id: parcel.id.clone(),
                old: parcel.strata.clone(),
                new,
            });
        }
        ui.separator();
        unit_codes_ui(ui, cx.plan, parcel.scenario, &mut state.zone, edits);
    });
    parcel_controls_ui(ui, cx, state, parcel, edits);
    problems_ui(ui, cx.problems, parcel);
}

/// The Controls section, achieved figures taken from the strata being edited (so they
/// follow the strata editor before Apply).
fn parcel_controls_ui(
    ui: &mut Ui,
    cx: &InspectorContext,
    state: &mut InspectorState,
    parcel: &Parcel,
    edits: &mut Vec<EditCmd>,
) {
    if state
        .controls_editor
        .as_ref()
        .is_none_or(|e| e.parcel != parcel.id)
    {
        state.controls_editor = Some(ControlsEditor::new(parcel));
    }
    let strata = match &state.strata_editor {
        Some(e) if e.parcel == parcel.id => e.buffer.as_slice(),
        _ => parcel.strata.as_slice(),
    };
    let others: Vec<&Parcel> = cx
        .selected
        .parcel_indices(cx.plan)
        .into_iter()
        .filter_map(|i| cx.plan.parcels.get(i))
        .filter(|p| p.id != parcel.id)
        .collect();
    if let Some(editor) = state.controls_editor.as_mut()
        && let Some(edit) = controls_ui(ui, cx.plan, cx.reference, editor, parcel, strata, &others)
    {
        edits.push(edit);
    }
}

/// The name field: the edit is made when the field loses focus.
fn name_ui(ui: &mut Ui, state: &mut InspectorState, parcel: &Parcel, edits: &mut Vec<EditCmd>) {
    let buffer = match &mut state.name_buffer {
        Some((id, text)) if *id == parcel.id => text,
        slot => {
            let (_, text) =
                slot.insert((parcel.id.clone(), parcel.name.clone().unwrap_or_default()));
            text
        }
    };
    ui.horizontal(|ui| {
        let label = ui.label(tr!("inspector-name"));
        let response = ui.text_edit_singleline(buffer).labelled_by(label.id);
        if response.lost_focus() {
            let new = (!buffer.trim().is_empty()).then(|| buffer.trim().to_owned());
            if new != parcel.name {
                edits.push(EditCmd::SetName {
                    id: parcel.id.clone(),
                    old: parcel.name.clone(),
                    new,
                });
            }
        }
    });
}

/// Each stratum: its range, floors, uses and holders; the one picked in the 3D view
/// named first and framed.
fn strata_list_ui(
    ui: &mut Ui,
    reference: &Reference,
    parcel: &Parcel,
    picked: Option<&crate::model::StratumId>,
) {
    ui.label(tr!("inspector-strata", n = parcel.strata.len()));
    if let Some(s) = picked.and_then(|id| parcel.strata.iter().find(|s| &s.id == id)) {
        ui.label(
            egui::RichText::new(tr!(
                "inspector-picked-stratum",
                id = s.id.to_string(),
                bottom = s.z.bottom.to_string(),
                top = s.z.top.to_string()
            ))
            .strong(),
        );
    }
    for s in &parcel.strata {
        let frame = if picked == Some(&s.id) {
            egui::Frame::group(ui.style())
                .stroke(egui::Stroke::new(2.0, egui::Color32::from_rgb(230, 180, 0)))
        } else {
            egui::Frame::group(ui.style())
        };
        let uses: Vec<String> = s
            .uses
            .iter()
            .map(|u| {
                let name = reference
                    .classification
                    .get(&u.code)
                    .map_or("?".to_owned(), |c| c.label());
                format!("{} {} {:.0}%", u.code, name, u.share * 100.0)
            })
            .collect();
        frame.show(ui, |ui| {
            ui.label(tr!(
                "inspector-stratum",
                id = s.id.to_string(),
                bottom = s.z.bottom.to_string(),
                top = s.z.top.to_string(),
                floors = s.floors.map_or("—".into(), |f| f.to_string())
            ));
            ui.label(uses.join(" + "));
            let holders: Vec<String> = s
                .holders
                .iter()
                .map(|h| format!("{} {:.0}%", h.name, h.share * 100.0))
                .collect();
            if !holders.is_empty() {
                ui.label(holders.join(", "));
            }
        });
    }
}

/// The parcel's problems, errors in red and warnings in amber.
fn problems_ui(ui: &mut Ui, problems: &[Problem], parcel: &Parcel) {
    let problems: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.feature.as_deref() == Some(parcel.id.as_str()))
        .collect();
    if problems.is_empty() {
        return;
    }
    ui.separator();
    ui.label(tr!("inspector-problems", n = problems.len()));
    for p in problems {
        let color = if p.is_error() {
            egui::Color32::from_rgb(200, 30, 30)
        } else {
            egui::Color32::from_rgb(180, 120, 0)
        };
        ui.colored_label(color, format!("[{}] {}", p.kind, p.message.text()));
    }
}
