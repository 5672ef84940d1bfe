//! The valuation section: the weights of the criteria (sliders whose drag is one
//! undoable edit), the service category, and the ranked candidate parcels whose rows
//! explain their score on hover.

use egui::{Color32, Ui};
use egui_extras::{Column, TableBuilder};

use super::{AssetsAction, AssetsPanel, status_label};
use crate::analysis::Coverage;
use crate::analysis::valuation::{Criterion, Valuation, ValuationSettings, valuation};
use crate::edit::create::set_valuation;
use crate::i18n::tr;
use crate::model::{Plan, Reference};
use crate::tr;

/// How the settings were touched this frame: a slider held (`dragging`) or a change
/// done (`released`: a drag ended, a click, a button, a category chosen).
#[derive(Default)]
struct Touched {
    dragging: bool,
    released: bool,
}

impl AssetsPanel {
    /// The section. Settings edited here are a draft until done, then one
    /// `EditCmd::SetSetting`; the table follows the draft meanwhile.
    pub(super) fn valuation_ui(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        coverage: &Coverage,
        reference: &Reference,
        generation: u64,
    ) -> Option<AssetsAction> {
        let saved = match ValuationSettings::of_plan(plan) {
            Ok(s) => s,
            Err(error) => {
                ui.colored_label(
                    Color32::from_rgb(180, 30, 30),
                    tr!("valuation-settings-error", error = error),
                );
                return None;
            }
        };
        let mut action = None;
        let mut draft = self.draft.take().unwrap_or_else(|| saved.clone());
        let mut touched = Touched::default();
        weights_ui(ui, &mut draft, &mut touched);
        ui.horizontal(|ui| {
            if ui.button(tr("valuation-default-weights")).clicked() {
                draft.weights = Default::default();
                touched.released = true;
            }
            if ui.button(tr("valuation-show-map")).clicked() {
                action = Some(AssetsAction::ColorByValuation);
            }
        });
        service_category_ui(ui, coverage, reference, &mut draft, &mut touched);
        if touched.dragging && !touched.released {
            // While a slider moves, the table follows the draft; the plan changes once.
            self.draft = Some(draft.clone());
        } else if draft != saved
            && let Some(cmd) = set_valuation(plan, &draft)
        {
            action = Some(AssetsAction::Apply(cmd));
        }
        let result =
            self.current_valuation(plan, coverage, reference, generation, &draft, &touched)?;
        let v = match result {
            Ok(v) => v,
            Err(error) => {
                ui.colored_label(
                    Color32::from_rgb(180, 30, 30),
                    tr!("valuation-settings-error", error = error.clone()),
                );
                return action;
            }
        };
        if let Some(a) = ranking_ui(ui, plan, reference, &draft, v) {
            action = Some(a);
        }
        action
    }

    /// The valuation for these settings, computed again when the plan, scenario or
    /// metric moved, while a slider is held, and while a draft is pending.
    fn current_valuation(
        &mut self,
        plan: &Plan,
        coverage: &Coverage,
        reference: &Reference,
        generation: u64,
        draft: &ValuationSettings,
        touched: &Touched,
    ) -> Option<&Result<Valuation, crate::i18n::Message>> {
        let metric = coverage.options.metric.as_str();
        let fresh = self.valuation.as_ref().is_some_and(|(g, s, m, _)| {
            *g == generation && *s == coverage.scenario && *m == metric
        }) && !touched.dragging;
        if !fresh || self.draft.is_some() {
            let v = valuation(plan, coverage, &reference.standard, draft);
            self.valuation = Some((generation, coverage.scenario, metric, v));
        }
        let (_, _, _, result) = self.valuation.as_ref()?;
        Some(result)
    }
}

/// One slider per criterion, its hint saying what the criterion measures.
fn weights_ui(ui: &mut Ui, draft: &mut ValuationSettings, touched: &mut Touched) {
    ui.label(tr("valuation-weights"));
    for c in Criterion::ALL {
        let hint = match c {
            Criterion::Centre => tr!(
                "valuation-centre.tooltip",
                reach = format!("{:.0}", draft.centre_reach_m)
            ),
            Criterion::Size => {
                tr!(
                    "valuation-size.tooltip",
                    full = format!("{:.0}", draft.size_full_m2)
                )
            }
            _ => tr(&format!("valuation-{}.tooltip", c.as_str())),
        };
        let response = ui
            .add(egui::Slider::new(draft.weights.get_mut(c), 0.0..=5.0).text(c.name()))
            .on_hover_text(hint);
        touched.dragging |= response.dragged();
        touched.released |= response.drag_stopped() || (response.changed() && !response.dragged());
    }
}

/// The category the service criterion scores: the worst-covered one (the default) or
/// one chosen.
fn service_category_ui(
    ui: &mut Ui,
    coverage: &Coverage,
    reference: &Reference,
    draft: &mut ValuationSettings,
    touched: &mut Touched,
) {
    let worst = crate::analysis::valuation::worst_category(coverage)
        .map(|c| coverage.categories[c].id.clone())
        .unwrap_or_default();
    let worst_label = tr!(
        "valuation-worst",
        category = reference.category_name(&worst, crate::i18n::lang())
    );
    let shown = draft.service_category.as_deref().map_or_else(
        || worst_label.clone(),
        |c| reference.category_name(c, crate::i18n::lang()),
    );
    egui::ComboBox::from_label(tr("valuation-service-category"))
        .selected_text(shown)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(draft.service_category.is_none(), worst_label)
                .clicked()
            {
                draft.service_category = None;
                touched.released = true;
            }
            for c in &reference.standard.categories {
                let on = draft.service_category.as_deref() == Some(c.id.as_str());
                if ui
                    .selectable_label(on, reference.category_name(&c.id, crate::i18n::lang()))
                    .clicked()
                {
                    draft.service_category = Some(c.id.clone());
                    touched.released = true;
                }
            }
        });
}

/// What was valued (how many parcels, of which statuses, for which category), its
/// warnings, and the ranked table; a clicked row selects its parcel.
fn ranking_ui(
    ui: &mut Ui,
    plan: &Plan,
    reference: &Reference,
    draft: &ValuationSettings,
    v: &Valuation,
) -> Option<AssetsAction> {
    ui.label(tr!(
        "valuation-summary",
        n = v.parcels.len(),
        statuses = draft
            .candidates
            .iter()
            .map(|s| status_label(s))
            .collect::<Vec<_>>()
            .join(", "),
        category = v.service_category.as_deref().map_or_else(
            || "-".to_owned(),
            |c| reference.category_name(c, crate::i18n::lang())
        )
    ));
    for w in &v.warnings {
        ui.colored_label(Color32::from_rgb(160, 90, 0), w);
    }
    valuation_table_ui(ui, plan, v).map(AssetsAction::Select)
}

/// A part of a score as the hover text shows it.
fn part_text(part: &crate::analysis::valuation::Part) -> String {
    let value = match (part.criterion, part.value) {
        (_, None) => tr("valuation-value-none"),
        (Criterion::Transit | Criterion::Centre, Some(m)) => {
            tr!("valuation-value-distance", m = format!("{m:.0}"))
        }
        (Criterion::Service, Some(n)) => tr!("valuation-value-residents", n = format!("{n:.0}")),
        (Criterion::Size, Some(a)) => tr!("valuation-value-area", m2 = format!("{a:.0}")),
        (_, Some(x)) => format!("{x:.2}"),
    };
    tr!(
        "valuation-part",
        name = part.criterion.name(),
        score = format!("{:.2}", part.score),
        weight = format!("{}", part.weight),
        value = value
    )
}

/// The ranked table; returns the plan index of a clicked parcel.
fn valuation_table_ui(ui: &mut Ui, plan: &Plan, v: &Valuation) -> Option<usize> {
    let mut clicked = None;
    ui.push_id("valuation_table", |ui| {
        TableBuilder::new(ui)
            .striped(true)
            .sense(egui::Sense::click())
            .max_scroll_height(240.0)
            .column(Column::exact(30.0))
            .column(Column::initial(80.0).clip(true))
            .column(Column::initial(110.0).clip(true))
            .column(Column::remainder())
            .header(18.0, |mut header| {
                for key in [
                    "valuation-col-rank",
                    "valuation-col-parcel",
                    "valuation-col-status",
                    "valuation-col-score",
                ] {
                    header.col(|ui| {
                        ui.strong(tr(key));
                    });
                }
            })
            .body(|body| {
                body.rows(18.0, v.parcels.len(), |mut row| {
                    let rank = row.index();
                    let p = &v.parcels[rank];
                    let texts = [
                        (rank + 1).to_string(),
                        p.parcel.to_string(),
                        p.status.map_or_else(|| "-".to_owned(), status_label),
                        format!("{:.3}", p.score),
                    ];
                    let hover = std::iter::once(tr!(
                        "valuation-hover",
                        parcel = p.parcel.as_str(),
                        score = format!("{:.3}", p.score)
                    ))
                    .chain(p.parts.iter().map(part_text))
                    .collect::<Vec<_>>()
                    .join("\n");
                    let mut hit = false;
                    for text in texts {
                        row.col(|ui| {
                            hit |= ui
                                .add(
                                    egui::Label::new(text)
                                        .selectable(false)
                                        .sense(egui::Sense::click()),
                                )
                                .on_hover_text(&hover)
                                .clicked();
                        });
                    }
                    let response = row.response();
                    if hit || response.clicked() {
                        clicked = plan.parcels.iter().position(|x| x.id == p.parcel);
                    }
                });
            });
    });
    clicked
}
