//! The attribute table: parcels of the shown scenario with id, name, main use, status,
//! area, strata and coverage score; sortable by any column, filterable by text; clicking
//! a row selects the parcel and zooms to it. Only visible rows are laid out, so it stays
//! quick on a whole city.

use crate::i18n::tr;
use std::collections::HashMap;

use egui::Ui;
use egui_extras::{Column, TableBuilder};

use crate::model::{ParcelId, Plan, Reference, Scenario};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    Id,
    Name,
    Use,
    Status,
    Area,
    Strata,
    Score,
}

/// Table state that lives in the view.
pub struct TableState {
    pub filter: String,
    pub sort: SortBy,
    pub ascending: bool,
}

impl Default for TableState {
    fn default() -> Self {
        Self {
            filter: String::new(),
            sort: SortBy::Id,
            ascending: true,
        }
    }
}

/// What the attribute table reads.
pub struct TableContext<'a> {
    pub plan: &'a Plan,
    pub scenario: Scenario,
    pub reference: &'a Reference,
    /// Score of each home, by parcel id.
    pub scores: &'a HashMap<ParcelId, f64>,
    /// The inspected parcel (index this frame).
    pub selected: Option<usize>,
}

/// Draws the table; returns the parcel index the user clicked.
pub fn attribute_table_ui(ui: &mut Ui, state: &mut TableState, cx: &TableContext) -> Option<usize> {
    ui.horizontal(|ui| {
        let label = ui.label(tr("table-filter"));
        ui.text_edit_singleline(&mut state.filter)
            .labelled_by(label.id);
    });
    let rows = table_rows(cx, state);
    let mut clicked = None;
    TableBuilder::new(ui)
        .striped(true)
        .sense(egui::Sense::click())
        .column(Column::initial(70.0))
        .column(Column::initial(220.0).clip(true))
        .column(Column::initial(170.0).clip(true))
        .column(Column::initial(110.0))
        .column(Column::initial(150.0))
        .column(Column::initial(55.0))
        .column(Column::remainder())
        .header(20.0, |mut header| header_ui(&mut header, state))
        .body(|body| {
            body.rows(18.0, rows.len(), |mut row| {
                let i = rows[row.index()];
                if row_ui(&mut row, cx, i) {
                    clicked = Some(i);
                }
            });
        });
    clicked
}

/// The main use code of a parcel ("" when it has none).
fn main_use(plan: &Plan, i: usize) -> String {
    plan.parcels[i].main_use().unwrap_or("").to_owned()
}

/// The parcels of the scenario that pass the filter, sorted as the header says.
fn table_rows(cx: &TableContext, state: &TableState) -> Vec<usize> {
    let (plan, scenario, scores) = (cx.plan, cx.scenario, cx.scores);
    let filter = state.filter.trim().to_lowercase();
    let main_use = |i: usize| main_use(plan, i);
    let mut rows: Vec<usize> = (0..plan.parcels.len())
        .filter(|&i| plan.parcels[i].scenario == scenario)
        .filter(|&i| {
            let p = &plan.parcels[i];
            filter.is_empty()
                || p.id.as_str().to_lowercase().contains(&filter)
                || p.name
                    .as_deref()
                    .unwrap_or("")
                    .to_lowercase()
                    .contains(&filter)
                || main_use(i).starts_with(&filter)
                || p.status.is_some_and(|s| s.as_str().contains(&filter))
        })
        .collect();
    let score = |i: usize| scores.get(&plan.parcels[i].id).copied().unwrap_or(-1.0);
    rows.sort_by(|&a, &b| {
        let (pa, pb) = (&plan.parcels[a], &plan.parcels[b]);
        let order = match state.sort {
            SortBy::Id => pa.id.cmp(&pb.id),
            SortBy::Name => pa.name.cmp(&pb.name),
            SortBy::Use => main_use(a).cmp(&main_use(b)),
            SortBy::Status => pa.status.cmp(&pb.status),
            SortBy::Area => pa.area().m2().total_cmp(&pb.area().m2()),
            SortBy::Strata => pa.strata.len().cmp(&pb.strata.len()),
            SortBy::Score => score(a).total_cmp(&score(b)),
        };
        if state.ascending {
            order
        } else {
            order.reverse()
        }
    });
    rows
}

/// The column titles: a click sorts by the column, a second click reverses the order.
fn header_ui(header: &mut egui_extras::TableRow, state: &mut TableState) {
    let columns = [
        (SortBy::Id, tr("table-id")),
        (SortBy::Name, tr("table-name")),
        (SortBy::Use, tr("table-main-use")),
        (SortBy::Status, tr("table-status")),
        (SortBy::Area, tr("table-area")),
        (SortBy::Strata, tr("table-strata")),
        (SortBy::Score, tr("table-score")),
    ];
    for (key, title) in columns {
        header.col(|ui| {
            let arrow = if state.sort == key {
                if state.ascending {
                    tr("table-ascending")
                } else {
                    tr("table-descending")
                }
            } else {
                String::new()
            };
            if ui
                .button(format!("{title}{arrow}"))
                .on_hover_text(tr("table-sort"))
                .clicked()
            {
                if state.sort == key {
                    state.ascending = !state.ascending;
                } else {
                    state.sort = key;
                    state.ascending = true;
                }
            }
        });
    }
}

/// One parcel's row; true when it was clicked.
fn row_ui(row: &mut egui_extras::TableRow, cx: &TableContext, i: usize) -> bool {
    let (plan, reference, scores) = (cx.plan, cx.reference, cx.scores);
    let main_use = |i: usize| main_use(plan, i);
    let p = &plan.parcels[i];
    row.set_selected(cx.selected == Some(i));
    // Cells are plain text that lets the click through to the row.
    let cell = |ui: &mut Ui, text: String| {
        ui.add(
            egui::Label::new(text)
                .selectable(false)
                .sense(egui::Sense::click()),
        )
    };
    let code = main_use(i);
    let name = reference
        .classification
        .get(&code)
        .map_or_else(String::new, |c| c.label());
    let texts = [
        p.id.to_string(),
        p.name.clone().unwrap_or_default(),
        format!("{code} {name}"),
        p.status.map_or_else(|| "—".to_owned(), |s| s.name()),
        format!("{:.0} ({:.2})", p.area().m2(), p.area().mu()),
        p.strata.len().to_string(),
        scores
            .get(&p.id)
            .map_or("—".to_owned(), |s| format!("{:.0} %", s * 100.0)),
    ];
    let mut hit = false;
    for text in texts {
        row.col(|ui| {
            hit |= cell(ui, text).clicked();
        });
    }
    hit || row.response().clicked()
}
