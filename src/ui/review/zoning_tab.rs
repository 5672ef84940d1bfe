//! Zoning tab (issue 16): the district's FAR and counted floor area, the parcels by
//! compliance with their controls (achieved / limit per indicator, the broken ones in
//! red), and the counted floor area per use. A click on a parcel selects it.

use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::land_tab::area_text;
use super::zoning_summary::{Compliance, FIGURES, Row, ZoningSummary};
use super::{Action, Review, thousands};
use crate::analysis::zoning_check::{format_value, indicator_name};
use crate::i18n::tr;
use crate::model::{Plan, Reference, Scenario};
use crate::tr;

const BROKEN: Color32 = Color32::from_rgb(200, 30, 30);
const MET: Color32 = Color32::from_rgb(30, 140, 60);

pub fn ui(
    review: &mut Review,
    ui: &mut Ui,
    plan: &Plan,
    reference: &Reference,
    scenario: Scenario,
    actions: &mut Vec<Action>,
) {
    let summary = review.zoning(plan, scenario, reference);
    district_ui(ui, summary);
    ui.horizontal(|ui| {
        ui.checkbox(&mut review.zoning_broken_only, tr("zoning-tab-broken-only"));
        if ui.button(tr("zoning-tab-colour")).clicked() {
            actions.push(Action::ColorBy(crate::render::style::FillBy::Compliance));
        }
    });
    let broken_only = review.zoning_broken_only;
    let summary = review.zoning(plan, scenario, reference);
    ui.separator();
    parcels_ui(ui, summary, broken_only, actions);
    ui.separator();
    uses_ui(ui, summary, reference);
}

/// The district's FAR and the parcels by compliance.
fn district_ui(ui: &mut Ui, s: &ZoningSummary) {
    ui.label(RichText::new(tr("zoning-tab-district")).strong());
    ui.label(tr!(
        "zoning-tab-far",
        far = format!("{:.2}", s.far),
        floor = thousands(s.floor_area_m2),
        ground = area_text(s.ground_m2)
    ));
    ui.horizontal(|ui| {
        ui.colored_label(
            BROKEN,
            tr!("zoning-tab-n-broken", n = s.count(Compliance::Broken)),
        );
        ui.colored_label(MET, tr!("zoning-tab-n-met", n = s.count(Compliance::Met)));
        ui.label(tr!("zoning-tab-n-free", n = s.count(Compliance::Free)));
    });
}

/// The parcel table: mark, id and code, the four indicators achieved (red where a limit
/// is broken). The limits and the violations in words are on the row's hover; a click
/// on the id selects the parcel. Narrow on purpose (the panel shares the window), and
/// only the rows in view are laid out (a city has 100 000).
fn parcels_ui(ui: &mut Ui, s: &ZoningSummary, broken_only: bool, actions: &mut Vec<Action>) {
    let rows: Vec<&Row> = s
        .rows()
        .filter(|r| !broken_only || r.compliance == Compliance::Broken)
        .collect();
    if rows.is_empty() {
        ui.label(RichText::new(tr("zoning-tab-none")).weak());
        return;
    }
    TableBuilder::new(ui)
        .id_salt("zoning parcels")
        .striped(true)
        .max_scroll_height(360.0)
        .column(Column::exact(14.0))
        .column(Column::auto().at_least(90.0).clip(true))
        .columns(Column::auto().at_least(48.0), FIGURES.len())
        .header(20.0, |mut header| {
            header.col(|_| {});
            header.col(|ui| {
                ui.strong(tr("zoning-tab-parcel"));
            });
            for indicator in FIGURES {
                header.col(|ui| {
                    ui.strong(indicator_name(indicator).text());
                });
            }
        })
        .body(|body| {
            body.rows(18.0, rows.len(), |mut row| {
                let r = rows[row.index()];
                row_ui(&mut row, r, actions);
            });
        });
}

fn row_ui(row: &mut egui_extras::TableRow, r: &Row, actions: &mut Vec<Action>) {
    let color = match r.compliance {
        Compliance::Broken => BROKEN,
        Compliance::Met => MET,
        Compliance::Free => Color32::GRAY,
    };
    row.col(|ui| {
        // A painted dot: the UI font has no ● or ✔ glyph.
        let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        ui.painter().circle_filled(rect.center(), 4.0, color);
    });
    row.col(|ui| {
        let name = if r.code.is_empty() {
            r.id.to_string()
        } else {
            format!("{} {}", r.id, r.code)
        };
        if ui.link(name).on_hover_text(hover_text(r)).clicked() {
            actions.push(Action::SelectParcel(r.index));
        }
    });
    for (k, (value, _)) in r.figures.iter().enumerate() {
        row.col(|ui| {
            let text = format_value(FIGURES[k], *value);
            if r.broken & (1 << k) != 0 {
                ui.colored_label(BROKEN, text);
            } else {
                ui.label(text);
            }
        });
    }
}

/// "FAR 2.80 / 2.30 …" for the indicators with a limit, then the violations in words.
fn hover_text(r: &Row) -> String {
    let mut lines: Vec<String> = r
        .figures
        .iter()
        .zip(FIGURES)
        .filter_map(|((value, limit), indicator)| {
            let limit = (*limit)?;
            Some(format!(
                "{} {} / {}",
                indicator_name(indicator).text(),
                format_value(indicator, *value),
                format_value(indicator, limit)
            ))
        })
        .collect();
    lines.extend(r.reasons.iter().map(|reason| format!("- {reason}")));
    lines.join("\n")
}

/// Counted floor area per use, largest first, with its share of the district's.
fn uses_ui(ui: &mut Ui, s: &ZoningSummary, reference: &Reference) {
    ui.label(RichText::new(tr("zoning-tab-per-use")).strong());
    egui::Grid::new("zoning per use")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for (code, m2) in &s.by_use {
                let name = reference
                    .classification
                    .get(code)
                    .map(|u| u.name_in(crate::i18n::lang()).to_owned());
                ui.label(match name {
                    Some(name) => format!("{code} {name}"),
                    None => code.clone(),
                });
                ui.label(format!("{} {}", thousands(*m2), tr("unit-m2")));
                let share = if s.floor_area_m2 > 0.0 {
                    m2 / s.floor_area_m2
                } else {
                    0.0
                };
                ui.label(format!("{:.1} %", share * 100.0));
                ui.end_row();
            }
        });
}
