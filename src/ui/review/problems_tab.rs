//! Problems tab: every problem of `strata check`, kept current as the plan changes; a
//! click zooms to the feature. Rights conflicts are also outlined on the map.

use egui::{Color32, Ui};

use super::Action;
use crate::model::{Problem, Severity};

/// At most this many rows (a broken import can have tens of thousands).
const MAX_ROWS: usize = 2000;

pub fn ui(ui: &mut Ui, problems: &[Problem], actions: &mut Vec<Action>) {
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    ui.label(crate::tr!(
        "problems-count",
        errors = errors,
        warnings = warnings
    ));
    if problems.is_empty() {
        ui.label(crate::i18n::tr("problems-none"));
        return;
    }
    for problem in problems.iter().take(MAX_ROWS) {
        let (mark, color) = match problem.severity {
            Severity::Error => ("●", Color32::from_rgb(200, 30, 30)),
            Severity::Warning => ("▲", Color32::from_rgb(200, 140, 0)),
        };
        let text = format!(
            "{mark} {} {}: {}",
            problem.kind,
            problem
                .feature
                .clone()
                .unwrap_or_else(|| crate::i18n::tr("problems-plan")),
            problem.message.text()
        );
        let response = ui.selectable_label(false, egui::RichText::new(text).color(color));
        if response.clicked()
            && let Some(id) = &problem.feature
        {
            actions.push(Action::ZoomTo(id.clone()));
        }
    }
    if problems.len() > MAX_ROWS {
        ui.label(crate::tr!("problems-more", n = problems.len() - MAX_ROWS));
    }
}
