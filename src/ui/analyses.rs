//! Everything the editor derives from the plan, kept current through one entry point,
//! [`Analyses::after_edit`]: the coverage, the problems (and the background checker of a
//! city), the home scores, the mixed-use values, the map cache (meshes and colours), the
//! zoomed-out overview picture and the review's figures. Also the what-if of a facility
//! held in a drag: the coverage and figures follow it without the plan changing.

use std::collections::HashMap;
use std::sync::Arc;

use crate::analysis::access::{Access, Decay, need_met};
use crate::analysis::recheck::Checked;
use crate::analysis::{Coverage, CoverageOptions, Metric, Updated};
use crate::i18n::tr;
use crate::model::Changes;
use crate::model::{FacilityId, ParcelId, ParcelLookup, Plan, Reference, Scenario};
use crate::tr;

use super::map_cache::{ColorMode, MapCache};
use super::overview::Overview;
use super::review::Review;

/// Plans with this many parcels are validated on a thread after each edit.
// The library's unit tests open a small city the way a city opens.
const BACKGROUND_CHECK_FROM: usize = if cfg!(test) { 64 } else { 20_000 };

/// Colour modes painted from `mix_values` (made for the mode) rather than home scores.
fn paints_mix_values(mode: ColorMode) -> bool {
    matches!(
        mode,
        ColorMode::Diversity
            | ColorMode::JobsHousing
            | ColorMode::Valuation
            | ColorMode::Compliance
            | ColorMode::Far
            | ColorMode::Height
            | ColorMode::Places
    )
}

/// The analysis cache of the open plan.
pub struct Analyses {
    /// The standard and classification the analysis runs against.
    reference: Reference,
    pub coverage: Coverage,
    /// Problems of the plan (`strata check`), kept current after every edit: the edit's
    /// parcels and their neighbours are checked again, not the whole plan.
    pub checked: Checked,
    /// A whole-plan validation running in the background (after an edit too large to
    /// follow parcel by parcel) and its result.
    checking: Option<std::thread::JoinHandle<Checked>>,
    /// What edits changed since the background check's copy of the plan was taken.
    pending: Option<Changes>,
    /// Edits seen so far (to know whether a background check is current).
    edits: u64,
    /// The status bar's coverage line, recomputed when coverage changes (not every frame).
    coverage_summary: String,
    home_scores_stale: bool,
    /// Score of each home parcel (the score colours, the attribute table), made on demand.
    home_scores: HashMap<ParcelId, f64>,
    /// Values of a colour mode made for the mode (diversity, jobs–housing, valuation,
    /// compliance, FAR, height) per parcel.
    mix_values: HashMap<ParcelId, f64>,
    /// Parcel meshes and fill colours.
    pub map: MapCache,
    /// The plan as one picture for zoomed-out views of a big plan.
    pub overview: Overview,
    /// Its streets as a picture of their own, and the scenario it was made for (`None`:
    /// to be made again, the streets changed).
    pub street_overview: Overview,
    streets_for: Option<crate::model::Scenario>,
    /// The ids of the plan's parcels, in order, that the map cache was made for.
    map_ids: Vec<ParcelId>,
    /// Where each parcel of the map's plan is (`map_ids`), followed edit by edit: an
    /// edit in place keeps the map's order without comparing a city's ids.
    map_lookup: ParcelLookup,
    /// The colour mode the map is painted in.
    color_mode: ColorMode,
    /// Whether the overview picture shows the facilities.
    overview_facilities: bool,
    /// The live review: heatmap and panels.
    pub review: Review,
    /// The facility whose what-if the coverage holds, and where it holds it.
    what_if: Option<(FacilityId, geo::Point<f64>)>,
    /// 2SFCA of the coverage (the places colour mode and heat value), made when first
    /// shown and then kept current by its incremental update.
    pub access: Option<Access>,
    /// The category the places colour mode paints (index into the coverage's).
    places_category: usize,
    /// Walking-time areas of the selected facility or a category, made again after edits.
    pub isochrones: super::isochrone_layer::IsochroneLayer,
}

impl Analyses {
    /// The analyses of a freshly opened plan, saying what it is doing.
    pub fn new(
        plan: &Arc<Plan>,
        reference: &Reference,
        scenario: Scenario,
        progress: &dyn Fn(&str),
    ) -> Self {
        progress(&tr!("loading-coverage", n = plan.parcels.len()));
        let coverage = Coverage::compute(
            plan,
            scenario,
            &reference.standard,
            CoverageOptions::default(),
        );
        let mut analyses = Self {
            reference: reference.clone(),
            coverage,
            checked: Checked::default(),
            checking: None,
            pending: None,
            edits: 0,
            coverage_summary: String::new(),
            home_scores_stale: true,
            home_scores: Default::default(),
            mix_values: Default::default(),
            map: MapCache::default(),
            overview: Default::default(),
            street_overview: Default::default(),
            streets_for: None,
            map_ids: Vec::new(),
            map_lookup: ParcelLookup::default(),
            color_mode: ColorMode::Use,
            overview_facilities: true,
            review: Default::default(),
            what_if: None,
            access: None,
            places_category: 0,
            isochrones: Default::default(),
        };
        analyses.review.reset(&analyses.coverage);
        analyses.refresh_summary();
        analyses.first_checks(plan, progress);
        analyses
    }

    /// The problems and the map of a plan just opened.
    fn first_checks(&mut self, plan: &Arc<Plan>, progress: &dyn Fn(&str)) {
        if plan.parcels.len() < BACKGROUND_CHECK_FROM {
            progress(&tr("loading-checking"));
            self.start_checking(plan);
            progress(&tr("loading-map"));
            self.rebuild_map(plan, false);
            return;
        }
        // A city: the window opens while the whole check runs on a thread, reading the
        // editor's own plan (shared, not copied; an edit before it ends copies the plan
        // then, and the check's problems are brought up to date with it). It starts
        // once the map is made, which has both cores until then.
        progress(&tr("loading-map"));
        self.refresh_mix_values(plan);
        let mode = self.color_mode;
        let values = fill_values(mode, &self.home_scores, &self.mix_values);
        let reference = &self.reference;
        self.map = crate::timings::stage("map: parcels' triangles", || {
            MapCache::build(plan, reference, mode, values, None, None)
        });
        self.map_ids = plan.parcels.iter().map(|p| p.id.clone()).collect();
        self.map_lookup = ParcelLookup::new(plan);
        self.refresh_overview(plan);
        self.start_checking(plan);
    }

    /// The status bar's coverage line.
    pub fn summary(&self) -> &str {
        &self.coverage_summary
    }

    /// Whether a background check is running.
    pub fn is_checking(&self) -> bool {
        self.checking.is_some() || self.review.mix.is_computing()
    }

    /// Whether the map or the problems are still being prepared.
    pub fn is_busy(&self) -> bool {
        self.overview.is_pending() || self.street_overview.is_pending() || self.is_checking()
    }

    /// The score of every home by parcel id, made when first asked for after a change
    /// (on a city it costs more than the edit that changed it).
    pub fn home_scores(&mut self) -> &HashMap<ParcelId, f64> {
        if self.home_scores_stale {
            let figures = crate::render::present::Figures {
                coverage: Some(&self.coverage),
                ..Default::default()
            };
            self.home_scores = crate::render::present::fill_values(ColorMode::Score, &figures);
            self.home_scores_stale = false;
        }
        &self.home_scores
    }

    /// The values the map's parcels are painted by in the current colour mode (empty
    /// for the use and status modes).
    pub fn fill_values(&self) -> &HashMap<ParcelId, f64> {
        fill_values(self.color_mode, &self.home_scores, &self.mix_values)
    }

    /// Makes the home scores when the colour mode paints them.
    fn prepare_values(&mut self) {
        if self.color_mode == ColorMode::Score {
            self.home_scores();
        }
    }

    /// Brings everything up to date after an edit (applied, undone or redone). `label`
    /// names the edit in the review's change statement. A what-if held in a drag ends
    /// here: the analysis follows the plan again.
    pub fn after_edit(&mut self, plan: &Arc<Plan>, effects: &Changes, label: &str) {
        self.edits += 1;
        let mut changes = effects.clone();
        let held = self.what_if.take();
        if let Some((id, _)) = &held
            && !changes.facilities.contains(id)
        {
            changes.facilities.push(id.clone());
        }
        // Stages timed with STRATA_TIMINGS=1 (examples/edit_timing.rs reads them).
        use crate::timings::stage;
        let updated = stage("edit: coverage", || {
            self.coverage
                .update(plan, &self.reference.standard, &changes)
        });
        stage("edit: access", || {
            self.update_access(plan, &updated, &changes)
        });
        self.isochrones.plan_changed();
        let coverage_changed = !updated.categories.is_empty() || updated.homes || updated.network;
        stage("edit: review", || {
            self.review.plan_changed(&changes);
            self.review
                .zoning_after_edit(plan, &self.reference, &changes);
            self.review.after_update(&self.coverage, &updated, label);
        });
        if held.is_some() {
            self.review.release_baseline();
        }
        stage("edit: re-check", || self.recheck(plan, effects));
        if coverage_changed {
            self.refresh_summary();
        }
        if paints_mix_values(self.color_mode) {
            self.refresh_mix_values(plan);
        }
        if effects.streets {
            self.streets_for = None;
        }
        stage("edit: map", || self.refresh_map(plan, effects));
    }

    /// The problems after an edit: the changed parcels and facilities and what touches
    /// them are checked again (milliseconds on a city); an edit of many parcels (a large
    /// import) re-validates the whole plan, on a thread for a city.
    fn recheck(&mut self, plan: &Arc<Plan>, effects: &Changes) {
        if let Some(pending) = &mut self.pending {
            // A whole check is running on an earlier copy: its result is brought up to
            // date with everything changed since, when it arrives.
            pending.merge(effects.clone());
            return;
        }
        if Checked::can_follow(effects) {
            self.checked.recheck(plan, &self.reference, effects);
            self.review.problems_changed();
        } else {
            self.start_checking(plan);
        }
    }

    /// The map after an edit: in place when every parcel kept its index, else rebuilt
    /// reusing what is unchanged.
    fn refresh_map(&mut self, plan: &Plan, effects: &Changes) {
        // The lookup knows when every parcel kept its place; with ids that repeat it
        // cannot, and the ids are compared.
        let same_order = self.map_lookup.follow(plan, effects)
            || (!self.map_lookup.is_unique()
                && self.map_ids.len() == plan.parcels.len()
                && self
                    .map_ids
                    .iter()
                    .zip(&plan.parcels)
                    .all(|(old, p)| *old == p.id));
        if !same_order {
            self.rebuild_map(plan, true);
            return;
        }
        let mut changed: Vec<usize> = effects
            .parcels
            .iter()
            .flat_map(|id| self.map_lookup.indices(plan, id.as_str()))
            .collect();
        changed.sort_unstable();
        changed.dedup();
        let mode = self.color_mode;
        self.prepare_values();
        let values = fill_values(mode, &self.home_scores, &self.mix_values);
        let map = &mut self.map;
        crate::timings::stage("edit: map fills", || {
            map.update_in_place(plan, &self.reference, mode, values, &changed)
        });
        crate::timings::stage("edit: map overview", || self.refresh_overview(plan));
    }

    /// Rebuilds the map cache, reusing (with `reuse`) the shapes of the previous one.
    fn rebuild_map(&mut self, plan: &Plan, reuse: bool) {
        let previous = std::mem::take(&mut self.map);
        self.refresh_mix_values(plan);
        let mode = self.color_mode;
        self.prepare_values();
        let values = fill_values(mode, &self.home_scores, &self.mix_values);
        let old_ids = reuse.then_some(self.map_ids.as_slice());
        self.map = MapCache::build(
            plan,
            &self.reference,
            mode,
            values,
            Some(&previous),
            old_ids,
        );
        self.map_ids = plan.parcels.iter().map(|p| p.id.clone()).collect();
        self.map_lookup = ParcelLookup::new(plan);
        self.refresh_overview(plan);
    }

    fn refresh_overview(&mut self, plan: &Plan) {
        if self.overview.plan_changed() {
            let job = self.overview_job(plan);
            self.overview.rebuild(job);
        }
        let scenario = self.coverage.scenario;
        if self.streets_for != Some(scenario) {
            self.streets_for = Some(scenario);
            self.street_overview.rebuild(street_job(plan, scenario));
        }
    }

    fn overview_job(&self, plan: &Plan) -> super::overview::OverviewJob {
        self.map.overview_job(
            plan,
            &self.reference,
            self.coverage.scenario,
            self.overview_facilities,
        )
    }

    /// Makes the pictures of the plan as edited when the map at `meters_per_point`
    /// shows them (overview.rs).
    pub fn want_overviews(&mut self, plan: &Plan, meters_per_point: f64) {
        if self.overview.want(meters_per_point) {
            let job = self.overview_job(plan);
            self.overview.start_now(job);
        }
        self.street_overview.want(meters_per_point);
    }

    /// Polls both overview pictures; true while one is still being made.
    pub fn poll_overviews(&mut self, ctx: &egui::Context) -> bool {
        let parcels = self.overview.poll(ctx);
        self.street_overview.poll(ctx) || parcels
    }

    /// The 2SFCA after a coverage update (only where it was made).
    fn update_access(&mut self, plan: &Plan, updated: &Updated, changes: &Changes) {
        if let Some(access) = &mut self.access {
            access.update(
                plan,
                &self.coverage,
                &self.reference.standard,
                updated,
                changes,
            );
        }
    }

    /// Makes the 2SFCA when the map or the heatmap shows it.
    pub fn prepare_access(&mut self, plan: &Plan) {
        let wanted = self.color_mode == ColorMode::Places || self.review.heat.shows_places();
        if wanted && self.access.is_none() {
            self.access = Some(Access::compute(
                plan,
                &self.coverage,
                &self.reference.standard,
                Decay::None,
            ));
        }
    }

    /// The category the places colour mode paints.
    pub fn places_category(&self) -> usize {
        self.places_category
    }

    /// Paints the map in another colour mode, or shows the facilities in the overview or
    /// not; nothing happens when all are as they were. `places` is the category of the
    /// places mode.
    pub fn set_look(&mut self, plan: &Plan, mode: ColorMode, facilities: bool, places: usize) {
        let new_places = mode == ColorMode::Places && places != self.places_category;
        if new_places || mode != self.color_mode {
            self.places_category = places;
            self.color_mode = mode;
            self.overview_facilities = facilities;
            self.recolor(plan);
        } else if facilities != self.overview_facilities {
            self.overview_facilities = facilities;
            self.refresh_overview(plan);
        }
    }

    fn recolor(&mut self, plan: &Plan) {
        self.refresh_mix_values(plan);
        let mode = self.color_mode;
        self.prepare_values();
        let values = fill_values(mode, &self.home_scores, &self.mix_values);
        self.map.recolor(plan, &self.reference, mode, values);
        self.refresh_overview(plan);
    }

    /// Values of the mixed-use colour modes, computed only while one is shown.
    fn refresh_mix_values(&mut self, plan: &Plan) {
        self.mix_values = match self.color_mode {
            mode @ (ColorMode::Diversity | ColorMode::JobsHousing) => {
                self.review
                    .mix
                    .values(mode, plan, &self.coverage, &self.reference)
            }
            // Invalid settings leave the map grey; the Assets panel says why.
            ColorMode::Valuation => crate::analysis::valuation::ValuationSettings::of_plan(plan)
                .and_then(|settings| {
                    crate::analysis::valuation::valuation(
                        plan,
                        &self.coverage,
                        &self.reference.standard,
                        &settings,
                    )
                })
                .map(|v| {
                    let figures = crate::render::present::Figures {
                        valuation: Some(&v),
                        ..Default::default()
                    };
                    crate::render::present::fill_values(ColorMode::Valuation, &figures)
                })
                .unwrap_or_default(),
            // The review's zoning, kept current edit by edit (the parcels an edit changed).
            mode @ (ColorMode::Compliance | ColorMode::Far | ColorMode::Height) => self
                .review
                .zoning(plan, self.coverage.scenario, &self.reference)
                .fill_values(mode),
            ColorMode::Places => {
                self.prepare_access(plan);
                self.access
                    .as_ref()
                    .map_or_else(Default::default, |access| {
                        need_met(
                            access,
                            &self.coverage,
                            &self.reference.standard,
                            self.places_category,
                        )
                    })
            }
            _ => Default::default(),
        };
    }

    fn refresh_summary(&mut self) {
        self.home_scores_stale = true;
        let population = self.coverage.total_population();
        let score = crate::analysis::report::weighted_score(&self.coverage);
        self.coverage_summary = tr!(
            "status-summary",
            homes = self.coverage.homes.len().to_string(),
            residents = format!("{population:.0}"),
            score = format!("{:.1}", score * 100.0)
        );
    }

    /// Texts made once and kept (the summary, the heatmap's title and readout) are made
    /// again in the new language.
    pub fn language_changed(&mut self) {
        self.refresh_summary();
        self.review.language_changed();
    }

    /// A new analysis of the whole plan: another scenario or metric.
    pub fn recompute(&mut self, plan: &Plan, scenario: Scenario, metric: Metric) {
        self.what_if = None;
        self.review.release_baseline();
        self.coverage = Coverage::compute(
            plan,
            scenario,
            &self.reference.standard,
            super::review::options_with(metric),
        );
        self.access = None;
        self.review.reset(&self.coverage);
        self.refresh_summary();
        self.recolor(plan);
    }

    /// The what-if of a facility held at `at` (world metres): the coverage, heatmap and
    /// figures follow it; the plan is not touched.
    pub fn hold_facility(&mut self, plan: &Plan, id: &FacilityId, at: [f64; 2]) {
        let Some(facility) = plan.facilities.iter().find(|f| &f.id == id) else {
            return;
        };
        let at = geo::Point::new(at[0], at[1]);
        let last = match &self.what_if {
            Some((held, p)) if held == id => *p,
            _ => {
                if self.what_if.is_none() {
                    self.review.hold_baseline();
                }
                facility.position
            }
        };
        self.what_if = Some((id.clone(), at));
        if (last.x() - at.x()).abs() <= 1e-9 && (last.y() - at.y()).abs() <= 1e-9 {
            return;
        }
        let mut moved = facility.clone();
        moved.position = at;
        let updated = self
            .coverage
            .update_what_if(plan, &self.reference.standard, &moved);
        let changes = Changes {
            facilities: vec![id.clone()],
            ..Default::default()
        };
        self.after_what_if(plan, &updated, &changes);
    }

    /// The drag ended without an edit: the analysis follows the plan again.
    pub fn release_facility(&mut self, plan: &Plan) {
        let Some((id, _)) = self.what_if.take() else {
            return;
        };
        let changes = Changes {
            facilities: vec![id],
            ..Default::default()
        };
        let updated = self
            .coverage
            .update(plan, &self.reference.standard, &changes);
        self.after_what_if(plan, &updated, &changes);
        self.review.release_baseline();
    }

    /// Whether the coverage holds a what-if.
    pub fn holds_what_if(&self) -> bool {
        self.what_if.is_some()
    }

    fn after_what_if(&mut self, plan: &Plan, updated: &Updated, changes: &Changes) {
        self.update_access(plan, updated, changes);
        self.review
            .after_update(&self.coverage, updated, &tr("history-moving"));
        if !updated.categories.is_empty() {
            self.refresh_summary();
            if matches!(self.color_mode, ColorMode::Score | ColorMode::Places) {
                self.recolor(plan);
            }
        }
    }

    /// Re-validates the whole plan: at once for a district, on a thread for a city
    /// (where it takes a second and would stall the editor).
    fn start_checking(&mut self, plan: &Arc<Plan>) {
        if plan.parcels.len() < BACKGROUND_CHECK_FROM {
            self.checked = Checked::new(plan, &self.reference);
            self.review.problems_changed();
            return;
        }
        let plan = Arc::clone(plan);
        let reference = self.reference.clone();
        self.pending = Some(Changes::default());
        self.checking = Some(std::thread::spawn(move || Checked::new(&plan, &reference)));
    }

    /// Takes the problems of a background check when it is done, brought up to date
    /// with the edits made while it ran.
    pub fn poll_checking(&mut self, plan: &Arc<Plan>) {
        let mix = self.review.mix.poll(plan, &self.coverage, &self.reference);
        if mix
            && matches!(
                self.color_mode,
                ColorMode::Diversity | ColorMode::JobsHousing
            )
        {
            // New mix figures arrived from their thread: the map shows them.
            self.recolor(plan);
        }
        if !self.checking.as_ref().is_some_and(|h| h.is_finished()) {
            return;
        }
        let Some(handle) = self.checking.take() else {
            return;
        };
        let pending = self.pending.take().unwrap_or_default();
        // A check that panicked (its message is on stderr) leaves the old problems,
        // rather than a retry that would panic again on every frame.
        if let Ok(checked) = handle.join() {
            self.checked = checked;
            self.recheck(plan, &pending);
            self.review.problems_changed();
            // The plan is open and checked: freed memory is held again for the frames.
            crate::memory::return_freed_at_once(false);
        }
    }
}

/// The values a colour mode paints parcels by.
fn fill_values<'a>(
    mode: ColorMode,
    home_scores: &'a HashMap<ParcelId, f64>,
    mix_values: &'a HashMap<ParcelId, f64>,
) -> &'a HashMap<ParcelId, f64> {
    if paints_mix_values(mode) {
        mix_values
    } else {
        home_scores
    }
}

/// The streets of a scenario for their overview picture (no parcels).
fn street_job(plan: &Plan, scenario: crate::model::Scenario) -> super::overview::OverviewJob {
    let streets = plan
        .streets_in(scenario)
        .flat_map(|street| {
            street
                .line
                .0
                .iter()
                .map(move |line| (line.0.iter().map(|c| [c.x, c.y]).collect(), street.walkable))
        })
        .collect();
    super::overview::OverviewJob {
        geoms: Vec::new(),
        colors: Vec::new(),
        dots: Vec::new(),
        streets,
    }
}

#[cfg(test)]
#[path = "analyses_tests.rs"]
mod tests;
