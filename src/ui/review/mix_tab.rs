//! Mix tab: diversity of floor area and the jobs–housing ratio of the selection and of the
//! district (analysis::mix), and the choropleth of either on the map.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::thread::JoinHandle;

use egui::Ui;

use super::{Action, Review, thousands};
use crate::analysis::Coverage;
use crate::analysis::mix::{MixInput, MixReport, diversity, floor_area_by_class, jobs};
use crate::model::{Changes, ParcelId, Plan, Reference};
use crate::render::style::FillBy;

/// Plans from this many parcels have their mix figures computed on another thread (a
/// city takes a second or two); smaller ones at once, in the frame that asks.
const BACKGROUND_FROM: usize = 20_000;

/// The mix figures, computed when asked for (the Mix tab, a mix colour mode) after a
/// change: the inputs follow edits parcel by parcel, the figures are computed off the UI
/// thread for a city while the last figures stay shown with a spinner.
#[derive(Default)]
pub struct MixState {
    /// The figures last computed; of an earlier plan while `current` is false.
    report: Option<MixReport>,
    current: bool,
    /// Whether the tab or a colour mode asked for the figures since they went stale.
    wanted: bool,
    /// What the figures are computed from (None: gathered anew when next wanted).
    input: Option<Arc<MixInput>>,
    /// Parcels edited since `input` was gathered or updated.
    changed: Vec<ParcelId>,
    /// The figures being computed on another thread, and whether their input is the
    /// plan as it is.
    running: Option<(JoinHandle<MixReport>, bool)>,
}

impl MixState {
    /// A new coverage, scenario or plan: the inputs are gathered anew.
    pub fn stale(&mut self) {
        self.input = None;
        self.changed.clear();
        self.outdated();
    }

    /// After an edit: the changed parcels' inputs are gathered again when next wanted.
    pub fn after_edit(&mut self, changes: &Changes) {
        for id in &changes.parcels {
            if !self.changed.contains(id) {
                self.changed.push(id.clone());
            }
        }
        self.outdated();
    }

    fn outdated(&mut self) {
        self.current = false;
        if let Some((_, current)) = &mut self.running {
            *current = false;
        }
    }

    /// Whether figures are being computed on another thread.
    pub fn is_computing(&self) -> bool {
        self.running.is_some()
    }

    /// The last figures (maybe of an earlier plan, see `is_current`), and asks for
    /// current ones.
    pub fn report(
        &mut self,
        plan: &Plan,
        coverage: &Coverage,
        reference: &Reference,
    ) -> Option<&MixReport> {
        self.wanted = true;
        self.poll(plan, coverage, reference);
        self.report.as_ref()
    }

    /// The last figures, without asking for new ones.
    pub fn last(&self) -> Option<&MixReport> {
        self.report.as_ref()
    }

    pub fn is_current(&self) -> bool {
        self.current
    }

    /// Takes finished figures and starts new ones when they are wanted and stale;
    /// true when new figures arrived.
    pub fn poll(&mut self, plan: &Plan, coverage: &Coverage, reference: &Reference) -> bool {
        let mut arrived = false;
        if self.running.as_ref().is_some_and(|(h, _)| h.is_finished())
            && let Some((handle, current)) = self.running.take()
            && let Ok(report) = handle.join()
        {
            self.report = Some(report);
            self.current = current;
            arrived = true;
        }
        if self.wanted && !self.current && self.running.is_none() {
            arrived |= self.start(plan, coverage, reference);
        }
        arrived
    }

    /// Brings the inputs up to date and computes the figures: at once for a district
    /// (true), on a thread for a city.
    fn start(&mut self, plan: &Plan, coverage: &Coverage, reference: &Reference) -> bool {
        let standard = &reference.standard;
        let changed = std::mem::take(&mut self.changed);
        let input = match self.input.take() {
            Some(mut input) => {
                Arc::make_mut(&mut input).update(plan, standard, coverage, &changed);
                input
            }
            None => Arc::new(MixInput::gather(
                plan,
                coverage.scenario,
                standard,
                coverage,
            )),
        };
        self.input = Some(Arc::clone(&input));
        self.wanted = false;
        if plan.parcels.len() < BACKGROUND_FROM {
            self.report = Some(input.report());
            self.current = true;
            return true;
        }
        self.running = Some((std::thread::spawn(move || input.report()), true));
        false
    }

    /// The values a mix colour mode paints: each parcel's own diversity (effective number
    /// of classes of its floor area), or each home's jobs per resident within reach; of
    /// the last figures while new ones are computed.
    pub fn values(
        &mut self,
        mode: FillBy,
        plan: &Plan,
        coverage: &Coverage,
        reference: &Reference,
    ) -> HashMap<ParcelId, f64> {
        let Some(report) = self.report(plan, coverage, reference) else {
            return HashMap::new();
        };
        let figures = crate::render::present::Figures {
            mix: Some(report),
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
    review.mix.report(plan, coverage, reference);
    let current = review.mix.is_current();
    let Some(report) = review.mix.last() else {
        ui.horizontal(|ui| {
            crate::ui::spinner::slow_spinner(ui);
            ui.label(crate::i18n::tr("mix-computing"));
        });
        return;
    };
    let reach_m = report.reach_m;
    if !current {
        ui.horizontal(|ui| {
            crate::ui::spinner::slow_spinner(ui);
            ui.label(egui::RichText::new(crate::i18n::tr("mix-updating")).weak());
        });
    }
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
            reach = format!("{reach_m:.0}")
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
