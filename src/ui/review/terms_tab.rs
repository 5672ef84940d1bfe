//! Terms tab: every right's and operation's term of the scenario as a bar from its
//! start to its end (Gantt-like: years across, strata down), with a year slider; terms
//! that have run out by the chosen year are greyed, and the count of those ending
//! within ten years of it is stated (`analysis::terms`, as `strata inventory --expiring`).

use egui::{Color32, Ui};
use egui_plot::{Bar, BarChart, Plot, VLine};

use crate::analysis::terms::{TermOf, TermRow, all_terms, current_year};
use crate::i18n::tr;
use crate::model::{Plan, Scenario};
use crate::tr;

/// What the tab keeps: the year the slider shows (`None`: this year).
#[derive(Default)]
pub struct TermsState {
    pub year: Option<f64>,
}

const RIGHT: Color32 = Color32::from_rgb(49, 130, 189);
const OPERATION: Color32 = Color32::from_rgb(230, 126, 34);
const EXPIRED: Color32 = Color32::from_gray(175);

/// The row's name on the axis: parcel and stratum (the colour tells right from
/// operation; hovering a bar names its right or mode).
fn label(row: &TermRow) -> String {
    format!("{} {}", row.parcel, row.stratum)
}

fn hover(row: &TermRow) -> String {
    let end = row.end.clone().unwrap_or_else(|| row.end_year.to_string());
    format!(
        "{} {} · {} · {} → {end}",
        row.parcel,
        row.stratum,
        row.kind.unwrap_or("—"),
        row.start
    )
}

pub fn ui(state: &mut TermsState, ui: &mut Ui, plan: &Plan, scenario: Scenario) {
    let now = current_year().floor();
    let year = state.year.get_or_insert(now);
    let rows = all_terms(plan, scenario, *year);
    if rows.is_empty() {
        ui.label(tr("terms-none"));
        return;
    }
    let first = rows
        .iter()
        .filter_map(|r| crate::model::parse_date(&r.start).map(|d| f64::from(d.0)))
        .fold(now, f64::min);
    let last = rows
        .iter()
        .map(|r| r.end_year as f64 + 1.0)
        .fold(now, f64::max);
    ui.add(
        egui::Slider::new(year, first..=last)
            .step_by(1.0)
            .text(tr("terms-year")),
    );
    let year = *year;
    let soon = rows
        .iter()
        .filter(|r| !r.expired && r.years_left <= 10.0)
        .count();
    let expired = rows.iter().filter(|r| r.expired).count();
    ui.label(tr!(
        "terms-summary",
        n = rows.len(),
        expired = expired,
        soon = soon,
        year = format!("{year:.0}")
    ));
    gantt_ui(ui, &rows, year);
}

/// One bar per term, the earliest ending at the top.
fn gantt_ui(ui: &mut Ui, rows: &[TermRow], year: f64) {
    let n = rows.len();
    let bar = |k: usize, r: &TermRow, colour: Color32| {
        let start = r.end_year as f64 - r.years;
        // Horizontal bars: the argument is the row (top first), the value the length.
        Bar::new((n - 1 - k) as f64, r.years)
            .base_offset(start)
            .width(0.7)
            .fill(colour)
            .name(hover(r))
    };
    let (mut rights, mut operations, mut expired) = (Vec::new(), Vec::new(), Vec::new());
    for (k, r) in rows.iter().enumerate() {
        match (r.expired, r.of) {
            (true, _) => expired.push(bar(k, r, EXPIRED)),
            (false, TermOf::Right) => rights.push(bar(k, r, RIGHT)),
            (false, TermOf::Operation) => operations.push(bar(k, r, OPERATION)),
        }
    }
    let labels: Vec<String> = rows.iter().rev().map(label).collect();
    Plot::new("terms timeline")
        .height((18.0 * n as f32).clamp(120.0, 420.0))
        .allow_zoom(false)
        .allow_scroll(false)
        .show_grid(true)
        .legend(egui_plot::Legend::default().position(egui_plot::Corner::RightBottom))
        .x_axis_label(tr("terms-axis-year"))
        .y_axis_formatter(move |mark, _| {
            let k = mark.value.round();
            if (mark.value - k).abs() < 1e-6 && k >= 0.0 {
                labels.get(k as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            let charts = [
                (tr("terms-rights"), rights, RIGHT),
                (tr("terms-operations"), operations, OPERATION),
                (tr("terms-expired"), expired, EXPIRED),
            ];
            for (name, bars, colour) in charts {
                plot.bar_chart(BarChart::new(name, bars).color(colour).horizontal());
            }
            plot.vline(VLine::new(tr("terms-year"), year).color(Color32::RED));
        });
}
