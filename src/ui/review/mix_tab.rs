//! Mix tab: diversity of floor area and the jobs–housing ratio of the selection and of the
//! district (analysis::mix), and the choropleth of either on the map.

use std::collections::{BTreeMap, HashMap};

use egui::Ui;

use super::{Action, Review, thousands};
use crate::analysis::Coverage;
use crate::analysis::mix::{MixReport, diversity, floor_area_by_class, jobs, mix_report};
use crate::model::{ParcelId, Plan, Reference};
use crate::render::style::FillBy;

/// The mix figures, computed when first shown after a change.
#[derive(Default)]
pub struct MixState {
    report: Option<MixReport>,
}

impl MixState {
    pub fn stale(&mut self) {
        self.report = None;
    }

    pub fn report(
        &mut self,
        plan: &Plan,
        coverage: &Coverage,
        reference: &Reference,
    ) -> &MixReport {
        self.report.get_or_insert_with(|| {
            mix_report(plan, coverage.scenario, &reference.standard, coverage)
        })
    }

    /// The values a mix colour mode paints: each parcel's own diversity (effective number
    /// of classes of its floor area), or each home's jobs per resident within reach.
    pub fn values(
        &mut self,
        mode: FillBy,
        plan: &Plan,
        coverage: &Coverage,
        reference: &Reference,
    ) -> HashMap<ParcelId, f64> {
        let figures = crate::render::present::Figures {
            mix: Some(self.report(plan, coverage, reference)),
            ..Default::default()
        };
        crate::render::present::fill_values(mode, &figures)
    }
}

pub fn ui(
    review: &mut Review,
    ui: &mut Ui,
    plan: &Plan,
    coverage: &Coverage,
    reference: &Reference,
    selection: &[usize],
    actions: &mut Vec<Action>,
) {
    let report = review.mix.report(plan, coverage, reference);
    district_ui(ui, report);
    ui.separator();
    selection_ui(ui, plan, reference, selection);
    ui.separator();
    ui.label(crate::i18n::tr("mix-colour-by"));
    ui.horizontal(|ui| {
        for (mode, label) in [
            (FillBy::Diversity, crate::i18n::tr("mix-by-diversity")),
            (FillBy::JobsHousing, crate::i18n::tr("mix-by-jobs-housing")),
            (FillBy::Use, crate::i18n::tr("mix-by-use")),
        ] {
            if ui.button(label).clicked() {
                actions.push(Action::ColorBy(mode));
            }
        }
    });
    ui.label(
        egui::RichText::new(crate::tr!(
            "mix-reach-note",
            reach = format!("{:.0}", report.reach_m)
        ))
        .small()
        .weak(),
    );
}

/// The district's diversity and jobs–housing balance, from the mix report.
fn district_ui(ui: &mut Ui, report: &MixReport) {
    ui.label(egui::RichText::new(crate::i18n::tr("mix-district")).strong());
    ui.label(crate::tr!(
        "mix-diversity",
        hill1 = format!("{:.2}", report.district.hill1),
        shannon = format!("{:.2}", report.district.shannon),
        classes = format!("{}", report.district.hill0)
    ));
    ui.label(crate::tr!(
        "mix-jobs-line",
        jobs = thousands(report.jobs),
        residents = thousands(report.residents),
        ratio = report
            .jobs_housing_ratio
            .map_or("—".to_owned(), |r| format!("{r:.2}"))
    ));
}

/// The same figures for the selected parcels, summed here: the report has them for the
/// district only, and a selection changes without the plan changing.
fn selection_ui(ui: &mut Ui, plan: &Plan, reference: &Reference, selection: &[usize]) {
    ui.label(egui::RichText::new(crate::i18n::tr("mix-selection")).strong());
    if selection.is_empty() {
        ui.label(egui::RichText::new(crate::i18n::tr("mix-select-hint")).weak());
        return;
    }
    let mut areas: BTreeMap<String, f64> = BTreeMap::new();
    let (mut job_count, mut residents) = (0.0, 0.0);
    for &i in selection {
        let Some(parcel) = plan.parcels.get(i) else {
            continue;
        };
        for (class, a) in floor_area_by_class(parcel) {
            *areas.entry(class).or_insert(0.0) += a;
        }
        job_count += jobs(parcel, &reference.standard);
        residents += crate::analysis::homes::population(parcel, &reference.standard);
    }
    let d = diversity(&areas);
    ui.label(crate::tr!(
        "mix-selection-diversity",
        n = selection.len(),
        hill1 = format!("{:.2}", d.hill1),
        classes = format!("{}", d.hill0)
    ));
    ui.label(crate::tr!(
        "mix-jobs-line",
        jobs = thousands(job_count),
        residents = thousands(residents),
        ratio = if residents > 0.0 {
            format!("{:.2}", job_count / residents)
        } else {
            "—".into()
        }
    ));
}
