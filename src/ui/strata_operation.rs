//! The strata editor's fields for a stratum's real-estate unit code (不动产单元代码) and
//! its operation (operator, mode, term, revenue, investment); and, under the editor, the
//! plan's unit-code zone with *Assign codes* (one undoable edit, `edit::unit_codes`).

use egui::Ui;

use crate::edit::EditCmd;
use crate::edit::unit_codes::assign_codes;
use crate::i18n::tr;
use crate::model::unit_code::ZONE_SETTING;
use crate::model::{OperationMode, Plan, Scenario, Stratum, Term, UnitZone};

/// The unit code (checked by validation; the layout is shown as a hint) and the codes
/// it replaced.
pub fn unit_code_ui(ui: &mut Ui, s: &mut Stratum) {
    ui.horizontal(|ui| {
        let label = ui.label(tr("strata-unit-code"));
        let mut code = s.unit_code.clone().unwrap_or_default();
        if ui
            .add(
                egui::TextEdit::singleline(&mut code)
                    .hint_text("330303001002GB00001F00010001")
                    .desired_width(220.0),
            )
            .labelled_by(label.id)
            .changed()
        {
            let code = code.trim();
            s.unit_code = (!code.is_empty()).then(|| code.to_owned());
        }
    });
    if !s.parent_unit_codes.is_empty() {
        ui.small(crate::tr!(
            "strata-parent-codes",
            codes = s.parent_unit_codes.join(", ")
        ));
    }
}

fn mode_name(mode: Option<OperationMode>) -> String {
    mode.map_or_else(|| "—".to_owned(), |m| m.as_str().to_owned())
}

/// The operation: a checkbox adds or removes it; its fields when there is one.
pub fn operation_ui(ui: &mut Ui, s: &mut Stratum) {
    let mut operated = s.operation.is_some();
    if ui.checkbox(&mut operated, tr("strata-operated")).changed() {
        s.operation = operated.then(Box::default);
    }
    let Some(op) = s.operation.as_mut() else {
        return;
    };
    ui.horizontal(|ui| {
        let label = ui.label(tr("strata-operator"));
        let mut operator = op.operator.clone().unwrap_or_default();
        if ui
            .add(egui::TextEdit::singleline(&mut operator).desired_width(140.0))
            .labelled_by(label.id)
            .changed()
        {
            op.operator = (!operator.trim().is_empty()).then(|| operator.trim().to_owned());
        }
    });
    egui::ComboBox::from_label(tr("strata-operation-mode"))
        .selected_text(mode_name(op.mode))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut op.mode, None, "—");
            for m in OperationMode::ALL {
                ui.selectable_value(&mut op.mode, Some(m), m.as_str());
            }
        });
    term_ui(ui, &mut op.term, "strata-operation-from", true);
    money_ui(ui, &mut op.annual_revenue, "strata-annual-revenue");
    money_ui(ui, &mut op.investment, "strata-investment");
}

/// A term's start date and years (a right's or an operation's), labelled by `from_key`;
/// with `show_end`, the date it ends.
pub(super) fn term_ui(ui: &mut Ui, term: &mut Option<Term>, from_key: &str, show_end: bool) {
    ui.horizontal(|ui| {
        let mut start = term
            .as_ref()
            .and_then(|t| t.start.clone())
            .unwrap_or_default();
        let mut years = term.as_ref().and_then(|t| t.years).unwrap_or(0.0);
        let label = ui.label(tr(from_key));
        let a = ui
            .add(
                egui::TextEdit::singleline(&mut start)
                    .hint_text("YYYY-MM-DD")
                    .desired_width(90.0),
            )
            .labelled_by(label.id);
        let for_label = ui.label(tr("strata-years"));
        let b = ui
            .add(egui::DragValue::new(&mut years).range(0.0..=999.0))
            .labelled_by(for_label.id);
        if a.changed() || b.changed() {
            let start = (!start.trim().is_empty()).then(|| start.trim().to_owned());
            let years = (years > 0.0).then_some(years);
            *term = if start.is_none() && years.is_none() {
                None
            } else {
                let mut t = term.clone().unwrap_or(Term {
                    start: None,
                    years: None,
                    extra: Default::default(),
                });
                t.start = start;
                t.years = years;
                Some(t)
            };
        }
        if let Some(end) = term
            .as_ref()
            .and_then(|t| t.end_date())
            .filter(|_| show_end)
        {
            ui.label(crate::tr!("strata-operation-until", end = end));
        }
    });
}

/// An amount in yuan; zero clears it (unknown).
fn money_ui(ui: &mut Ui, amount: &mut Option<f64>, key: &str) {
    ui.horizontal(|ui| {
        let label = ui.label(tr(key));
        let mut value = amount.unwrap_or(0.0);
        if ui
            .add(
                egui::DragValue::new(&mut value)
                    .range(0.0..=1e13)
                    .speed(10_000.0)
                    .suffix(" ¥"),
            )
            .labelled_by(label.id)
            .changed()
        {
            *amount = (value > 0.0).then_some(value);
        }
    });
}

/// The zone being typed before it is set.
#[derive(Default)]
pub struct ZoneBuffer {
    pub zone: Option<UnitZone>,
    /// Why the last *Assign codes* did nothing.
    pub note: Option<String>,
}

/// The plan's unit-code zone and *Assign codes* for the scenario shown; pushes the
/// edits asked for (the zone setting, the codes: one undoable step each).
pub fn unit_codes_ui(
    ui: &mut Ui,
    plan: &Plan,
    scenario: Scenario,
    buffer: &mut ZoneBuffer,
    edits: &mut Vec<EditCmd>,
) {
    let saved = plan.settings.unit_zone().and_then(Result::ok);
    let zone = buffer
        .zone
        .get_or_insert_with(|| saved.clone().unwrap_or_default());
    ui.horizontal(|ui| {
        ui.label(tr("strata-unit-zone"));
        for (field, hint, width) in [
            (&mut zone.admin, "330303", 56.0),
            (&mut zone.zone, "001", 32.0),
            (&mut zone.subzone, "002", 32.0),
        ] {
            ui.add(
                egui::TextEdit::singleline(field)
                    .hint_text(hint)
                    .desired_width(width),
            );
        }
    });
    let typed_ok = zone.prefix().is_ok();
    let changed = saved.as_ref() != Some(&*zone);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                typed_ok && changed,
                egui::Button::new(tr("strata-set-zone")),
            )
            .clicked()
        {
            edits.push(EditCmd::SetSetting {
                key: ZONE_SETTING.to_owned(),
                old: plan.settings.extra.get(ZONE_SETTING).cloned(),
                new: serde_json::to_value(&*zone).ok(),
            });
        }
        let button = ui
            .add_enabled(
                saved.is_some(),
                egui::Button::new(tr("strata-assign-codes")),
            )
            .on_hover_text(tr("strata-assign-codes-tip"));
        if button.clicked()
            && let Some(zone) = &saved
        {
            match assign_codes(plan, zone, scenario) {
                Ok(cmd) => edits.push(cmd),
                Err(e) => buffer.note = Some(e.reason().text()),
            }
        }
    });
    if let Some(note) = &buffer.note {
        ui.small(note.as_str());
    }
}
