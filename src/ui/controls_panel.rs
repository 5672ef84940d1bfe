//! The inspector's Controls section (控规指标): what the parcel achieves against each
//! limit, with a bar per indicator that turns red when the limit is broken — worked out
//! from the strata being edited, so it follows the strata editor before Apply — and the
//! fields to edit the controls, applied as one undoable edit.

use egui::{Color32, RichText, Ui};

use crate::analysis::zoning::{Bound, Context, Indicator, Indicators, indicators, violations};
use crate::analysis::zoning_check::{format_value, indicator_name};
use crate::edit::EditCmd;
use crate::i18n::tr;
use crate::model::{Controls, Parcel, ParcelId, Plan, Reference, Stratum};
use crate::tr;

/// The controls being typed for one parcel (text fields, parsed on Apply).
pub struct ControlsEditor {
    pub parcel: ParcelId,
    fields: [String; FIELDS.len()],
    /// Why the fields were not applied (a field that is not a number).
    error: Option<String>,
}

/// The editable members (as the file names them) and their labels, in the order the
/// fields are shown.
const FIELDS: [(&str, &str); 10] = [
    ("code", "controls-field-code"),
    ("zone", "controls-field-zone"),
    ("main_use", "controls-field-main-use"),
    ("far_min", "controls-field-far-min"),
    ("far_max", "controls-field-far-max"),
    ("density_max", "controls-field-density-max"),
    ("green_min", "controls-field-green-min"),
    ("height_max", "controls-field-height-max"),
    ("parking_min_per_100m2", "controls-field-parking"),
    ("facilities", "controls-field-facilities"),
];

impl ControlsEditor {
    pub fn new(parcel: &Parcel) -> Self {
        let c = parcel.controls.clone().unwrap_or_default();
        let number = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
        Self {
            parcel: parcel.id.clone(),
            fields: [
                c.code.unwrap_or_default(),
                c.zone.unwrap_or_default(),
                c.main_use.unwrap_or_default(),
                number(c.far_min),
                number(c.far_max),
                number(c.density_max),
                number(c.green_min),
                number(c.height_max),
                number(c.parking_min_per_100m2),
                c.facilities.join(", "),
            ],
            error: None,
        }
    }

    /// The controls the fields give, on top of the parcel's (unknown members kept); an
    /// error names the field that is not a number.
    fn controls(&self, old: Option<&Controls>) -> Result<Controls, String> {
        let mut c = old.cloned().unwrap_or_default();
        let text = |i: usize| {
            let t = self.fields[i].trim();
            (!t.is_empty()).then(|| t.to_owned())
        };
        let number = |i: usize| -> Result<Option<f64>, String> {
            match text(i) {
                None => Ok(None),
                Some(t) => t
                    .parse::<f64>()
                    .map(Some)
                    .map_err(|_| tr!("controls-not-number", field = FIELDS[i].0, text = t)),
            }
        };
        c.code = text(0);
        c.zone = text(1);
        c.main_use = text(2);
        c.far_min = number(3)?;
        c.far_max = number(4)?;
        c.density_max = number(5)?;
        c.green_min = number(6)?;
        c.height_max = number(7)?;
        c.parking_min_per_100m2 = number(8)?;
        c.facilities = self.fields[9]
            .split([',', '，', ' '])
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        // What was invalid before is replaced by what the fields now say.
        c.invalid.clear();
        Ok(c)
    }
}

/// The Controls section; `strata` are the strata being edited (or the parcel's). Returns
/// the edit when the planner applies the fields.
pub fn controls_ui(
    ui: &mut Ui,
    plan: &Plan,
    reference: &Reference,
    editor: &mut ControlsEditor,
    parcel: &Parcel,
    strata: &[Stratum],
    others: &[&Parcel],
) -> Option<EditCmd> {
    let mut edit = None;
    egui::CollapsingHeader::new(tr("controls-heading"))
        .default_open(true)
        .show(ui, |ui| {
            achieved_ui(ui, plan, reference, parcel, strata);
            ui.separator();
            edit = fields_ui(ui, editor, parcel);
            if edit.is_none() && !others.is_empty() {
                edit = batch_ui(ui, editor, parcel, others);
            }
        });
    if let Some(error) = &editor.error {
        ui.label(RichText::new(error).color(Color32::from_rgb(200, 40, 40)));
    }
    edit
}

/// One row per indicator: achieved value, limit and a bar, red when broken.
fn achieved_ui(
    ui: &mut Ui,
    plan: &Plan,
    reference: &Reference,
    parcel: &Parcel,
    strata: &[Stratum],
) {
    let mut live = parcel.clone();
    live.strata = strata.to_vec();
    let context = Context::for_parcel(plan, reference, parcel);
    let achieved = indicators(&live, &context.settings);
    let broken = violations(&live, &achieved, &context);
    let limits = parcel.controls.clone().unwrap_or_default();
    let rows = [
        (
            Indicator::Far,
            achieved.far,
            limits.far_max.or(limits.far_min),
        ),
        (Indicator::Density, achieved.density, limits.density_max),
        (Indicator::Green, achieved.green, limits.green_min),
        (Indicator::Height, achieved.height_m, limits.height_max),
    ];
    for (indicator, value, limit) in rows {
        let bad = broken.iter().find(|v| v.indicator == indicator);
        indicator_row(ui, indicator, value, limit, bad.map(|v| (v.limit, v.bound)));
    }
    use_and_facility_rows(ui, &broken, &achieved);
}

/// One indicator: "FAR 2.42 / 2.60 met" and a thin bar of the share of the limit reached
/// (full and red past a maximum, or short of a minimum). The bar takes the width there
/// is, so the section never widens the inspector.
fn indicator_row(
    ui: &mut Ui,
    indicator: Indicator,
    value: f64,
    limit: Option<f64>,
    broken: Option<(f64, Bound)>,
) {
    let shown_limit = broken.map(|(l, _)| l).or(limit);
    let figures = match shown_limit {
        Some(l) => format!(
            "{} / {}",
            format_value(indicator, value),
            format_value(indicator, l)
        ),
        None => format_value(indicator, value),
    };
    let verdict = match broken {
        Some(_) => tr("controls-broken"),
        None if shown_limit.is_some() => tr("controls-met"),
        None => String::new(),
    };
    let color = if broken.is_some() {
        Color32::from_rgb(200, 40, 40)
    } else {
        Color32::from_rgb(60, 150, 80)
    };
    let text = format!("{} {figures} {verdict}", indicator_name(indicator).text());
    let text_color = if broken.is_some() {
        color
    } else {
        ui.visuals().text_color()
    };
    ui.label(RichText::new(text).color(text_color));
    let fill = shown_limit.map_or(0.0, |l| if l > 0.0 { (value / l) as f32 } else { 1.0 });
    let width = ui.available_width();
    ui.add(
        egui::ProgressBar::new(fill.clamp(0.0, 1.0))
            .desired_width(width)
            .desired_height(5.0)
            .fill(color),
    );
}

/// Uses the rules do not allow and facilities not provided, one line each.
fn use_and_facility_rows(
    ui: &mut Ui,
    broken: &[crate::analysis::zoning::Violation],
    achieved: &Indicators,
) {
    let red = Color32::from_rgb(200, 40, 40);
    for v in broken {
        let line = match v.indicator {
            Indicator::Use => tr!(
                "controls-use-broken",
                code = v.code.clone().unwrap_or_else(|| "*".to_owned()),
                share = format_value(Indicator::Use, v.value),
                limit = format_value(Indicator::Use, v.limit)
            ),
            Indicator::Facility => tr!(
                "controls-facility-missing",
                category = v.code.clone().unwrap_or_default()
            ),
            Indicator::Parking => tr!(
                "controls-parking-short",
                spaces = format!("{:.0}", achieved.parking_spaces),
                required = format!("{:.0}", v.limit)
            ),
            _ => continue,
        };
        ui.label(RichText::new(line).color(red));
    }
}

/// The fields, and Apply / Remove.
fn fields_ui(ui: &mut Ui, editor: &mut ControlsEditor, parcel: &Parcel) -> Option<EditCmd> {
    egui::Grid::new("controls fields")
        .num_columns(2)
        .show(ui, |ui| {
            for (i, (_, label)) in FIELDS.iter().enumerate() {
                let name = ui.label(tr(label));
                ui.add(egui::TextEdit::singleline(&mut editor.fields[i]).desired_width(90.0))
                    .labelled_by(name.id);
                ui.end_row();
            }
        });
    let old = parcel.controls.clone().map(Box::new);
    let mut edit = None;
    ui.horizontal(|ui| {
        if ui.button(tr("controls-apply")).clicked() {
            match editor.controls(parcel.controls.as_ref()) {
                Ok(new) if Some(&new) != parcel.controls.as_ref() => {
                    edit = Some(EditCmd::SetControls {
                        id: parcel.id.clone(),
                        old: old.clone(),
                        new: Some(Box::new(new)),
                    });
                }
                Ok(_) => editor.error = None,
                Err(reason) => editor.error = Some(reason),
            }
        }
        if parcel.controls.is_some() && ui.button(tr("controls-remove")).clicked() {
            edit = Some(EditCmd::SetControls {
                id: parcel.id.clone(),
                old: old.clone(),
                new: None,
            });
        }
    });
    if let Some(error) = &editor.error {
        ui.label(RichText::new(error).color(Color32::from_rgb(200, 40, 40)));
    }
    edit
}

/// "Apply to the N selected parcels": the fields' controls on every selected parcel in
/// one undoable edit; each parcel keeps its own code.
fn batch_ui(
    ui: &mut Ui,
    editor: &mut ControlsEditor,
    parcel: &Parcel,
    others: &[&Parcel],
) -> Option<EditCmd> {
    let n = others.len() + 1;
    if !ui.button(tr!("controls-apply-selected", n = n)).clicked() {
        return None;
    }
    let mut steps = Vec::with_capacity(n);
    for p in std::iter::once(parcel).chain(others.iter().copied()) {
        match editor.controls(p.controls.as_ref()) {
            Ok(mut new) => {
                new.code = p.controls.as_ref().and_then(|c| c.code.clone());
                if Some(&new) != p.controls.as_ref() {
                    steps.push(EditCmd::SetControls {
                        id: p.id.clone(),
                        old: p.controls.clone().map(Box::new),
                        new: Some(Box::new(new)),
                    });
                }
            }
            Err(reason) => {
                editor.error = Some(reason);
                return None;
            }
        }
    }
    (!steps.is_empty()).then(|| EditCmd::Named {
        label: crate::edit::Label::ControlsMany { n: steps.len() },
        cmd: Box::new(EditCmd::Batch(steps)),
    })
}
