//! The figures of an analysis as plain data (serialisable to the stable JSON of
//! DESIGN.md "Command line"): coverage per category, tier and home; gaps; land.

use rayon::prelude::*;
use serde::Serialize;

use super::coverage::Coverage;
pub use super::home_coverage::{HomeCoverage, HomeCoverages};
use super::land::{ScenarioAreas, scenario_areas};
use super::pretty_json::Object;
use crate::model::{Plan, Scenario, Status};

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CategoryCoverage {
    pub id: String,
    pub tier: String,
    pub radius_m: f64,
    pub required: bool,
    /// Targets of the category: point facilities, hosted facilities and parks.
    pub facilities: usize,
    pub homes_covered: usize,
    pub population_covered: f64,
    pub share_population: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TierCoverage {
    pub id: String,
    /// Homes with every required category of the tier within reach.
    pub homes_served: usize,
    pub population_served: f64,
    pub share_population: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Gap {
    pub category: String,
    pub tier: String,
    pub homes: usize,
    pub population: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CoverageReport {
    pub homes: usize,
    pub population: f64,
    /// Population-weighted mean score.
    pub score: f64,
    pub categories: Vec<CategoryCoverage>,
    pub tiers: Vec<TierCoverage>,
    /// Required categories some residents lack, most residents first.
    pub gaps: Vec<Gap>,
    pub parcels: HomeCoverages,
}

fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 { part / whole } else { 0.0 }
}

/// The population-weighted score of a coverage (the `score` of [`coverage_report`]),
/// without its per-category tables: the editor's status line asks for it on every edit.
pub fn weighted_score(coverage: &Coverage) -> f64 {
    let weighted = coverage
        .homes
        .iter()
        .enumerate()
        .map(|(h, home)| coverage.score(h) * home.population)
        .fold(0.0, |a, b| a + b);
    share(weighted, coverage.total_population())
}

/// District figures of a coverage analysis, with every home's own figures.
pub fn coverage_report(coverage: &Coverage) -> CoverageReport {
    let parcels = HomeCoverages::of(coverage);
    CoverageReport {
        parcels,
        ..coverage_summary(coverage)
    }
}

/// District figures of a coverage analysis without the per-home list (`parcels` is
/// empty): what the editor's review panel recomputes after every edit.
pub fn coverage_summary(coverage: &Coverage) -> CoverageReport {
    let total = coverage.total_population();
    let mut gaps = category_gaps(coverage);
    gaps.sort_by(|a, b| {
        b.population
            .total_cmp(&a.population)
            .then(b.homes.cmp(&a.homes))
    });
    let score = weighted_score(coverage);
    CoverageReport {
        homes: coverage.homes.len(),
        population: total,
        score,
        categories: category_coverage(coverage, total),
        tiers: tier_coverage(coverage, total),
        gaps,
        parcels: HomeCoverages::default(),
    }
}

/// The number and population of the homes for which `test` holds, summed in home order
/// (the same sums as before: the editor asks for these on every frame of a drag).
fn homes_where(coverage: &Coverage, test: impl Fn(usize) -> bool) -> (usize, f64) {
    (0..coverage.homes.len())
        .filter(|&h| test(h))
        .fold((0usize, 0.0), |(n, p), h| {
            (n + 1, p + coverage.homes[h].population)
        })
}

/// Homes and residents covered, per category (categories in parallel).
fn category_coverage(coverage: &Coverage, total: f64) -> Vec<CategoryCoverage> {
    coverage
        .categories
        .par_iter()
        .enumerate()
        .map(|(c, info)| {
            let (homes_covered, population_covered) =
                homes_where(coverage, |h| coverage.covered(c, h));
            CategoryCoverage {
                id: info.id.clone(),
                tier: info.tier.clone(),
                radius_m: info.radius_m,
                required: info.required,
                facilities: coverage.targets[c].len(),
                homes_covered,
                population_covered,
                share_population: share(population_covered, total),
            }
        })
        .collect()
}

/// Homes and residents served by every required category of a tier, per tier in the
/// order the standard first names them.
fn tier_coverage(coverage: &Coverage, total: f64) -> Vec<TierCoverage> {
    let mut tier_ids: Vec<&str> = Vec::new();
    for info in &coverage.categories {
        if !tier_ids.contains(&info.tier.as_str()) {
            tier_ids.push(&info.tier);
        }
    }
    tier_ids
        .par_iter()
        .map(|&tier| {
            let required: Vec<usize> = (0..coverage.categories.len())
                .filter(|&c| coverage.categories[c].tier == tier && coverage.categories[c].required)
                .collect();
            let (homes_served, population_served) = homes_where(coverage, |h| {
                required.iter().all(|&c| coverage.covered(c, h))
            });
            TierCoverage {
                id: tier.to_owned(),
                homes_served,
                population_served,
                share_population: share(population_served, total),
            }
        })
        .collect()
}

/// The required categories some homes lack, with those homes and their residents (in
/// standard order; the caller sorts).
fn category_gaps(coverage: &Coverage) -> Vec<Gap> {
    coverage
        .categories
        .par_iter()
        .enumerate()
        .filter(|(_, info)| info.required)
        .filter_map(|(c, info)| {
            let (homes, population) = homes_where(coverage, |h| !coverage.covered(c, h));
            (homes > 0).then(|| Gap {
                category: info.id.clone(),
                tier: info.tier.clone(),
                homes,
                population,
            })
        })
        .collect()
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct UseArea {
    pub code: String,
    pub m2: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct UseChange {
    pub code: String,
    pub existing_m2: f64,
    pub proposed_m2: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Comparison {
    pub by_use: Vec<UseChange>,
    /// Ground area of proposed parcels with status `released`.
    pub released_m2: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct LandReport {
    pub ground_m2: f64,
    pub stacked_m2: f64,
    pub stacking_saved_m2: f64,
    pub by_use: Vec<UseArea>,
    pub comparison: Comparison,
}

/// Land accounting of a scenario and the existing → proposed comparison.
pub fn land_report(plan: &Plan, scenario: Scenario) -> LandReport {
    let existing = scenario_areas(plan, Scenario::Existing);
    let proposed = scenario_areas(plan, Scenario::Proposed);
    let this: &ScenarioAreas = match scenario {
        Scenario::Existing => &existing,
        Scenario::Proposed => &proposed,
    };
    let mut codes: Vec<&String> = existing
        .by_use
        .keys()
        .chain(proposed.by_use.keys())
        .collect();
    codes.sort();
    codes.dedup();
    LandReport {
        ground_m2: this.ground.m2(),
        stacked_m2: this.stacked.m2(),
        stacking_saved_m2: this.stacking_saved().m2(),
        by_use: this
            .by_use
            .iter()
            .map(|(code, a)| UseArea {
                code: code.clone(),
                m2: a.m2(),
            })
            .collect(),
        comparison: Comparison {
            by_use: codes
                .into_iter()
                .map(|code| UseChange {
                    code: code.clone(),
                    existing_m2: existing.by_use.get(code).map_or(0.0, |a| a.m2()),
                    proposed_m2: proposed.by_use.get(code).map_or(0.0, |a| a.m2()),
                })
                .collect(),
            released_m2: proposed
                .by_status
                .get(&Some(Status::Released))
                .map_or(0.0, |a| a.m2()),
        },
    }
}

/// Everything `strata analyze --format json` prints: coverage, land, mix and rights
/// conflicts of one scenario (DESIGN.md "Command line"; these fields are stable).
pub fn analysis_json(
    plan: &Plan,
    scenario: Scenario,
    options: super::CoverageOptions,
    reference: &crate::model::Reference,
) -> serde_json::Value {
    let analysis = AnalysisJson::compute(plan, scenario, options, reference);
    serde_json::to_value(&analysis).unwrap_or_default()
}

/// The figures of [`analysis_json`], computed and not yet written: `strata analyze`
/// streams them as text ([`AnalysisJson::write_pretty`]) without building the JSON tree,
/// which for a city is larger than the plan.
#[derive(Serialize)]
pub struct AnalysisJson<'a> {
    scenario: &'static str,
    metric: &'static str,
    coverage: CoverageReport,
    land: LandReport,
    mix: super::mix::MixReport,
    conflicts: Vec<serde_json::Value>,
    zoning: ZoningJson<'a>,
    provision: super::provision::ProvisionReport,
}

/// `analyze`'s `zoning` object: the scenario's figures (DESIGN.md) and, beside them, the
/// control changes between the scenarios (`changes`, the 控规调整 list).
#[derive(Serialize)]
struct ZoningJson<'a> {
    #[serde(flatten)]
    report: super::zoning::ZoningReport<'a>,
    changes: Vec<super::zoning_changes::ControlChange>,
}

impl<'a> AnalysisJson<'a> {
    pub fn compute(
        plan: &'a Plan,
        scenario: Scenario,
        options: super::CoverageOptions,
        reference: &crate::model::Reference,
    ) -> Self {
        let conflicts =
            crate::timings::stage("conflicts", || super::validate::rights_conflicts_of(plan));
        Self::compute_given(plan, scenario, options, reference, &conflicts)
    }

    /// [`AnalysisJson::compute`] for a plan already validated: the rights conflicts are
    /// taken from its `problems` (the whole validation lists the same conflicts in the
    /// same order) instead of being found a second time.
    pub fn compute_given(
        plan: &'a Plan,
        scenario: Scenario,
        options: super::CoverageOptions,
        reference: &crate::model::Reference,
        problems: &[crate::model::Problem],
    ) -> Self {
        Self::compute_figures(plan, scenario, options, reference).with_conflicts(problems)
    }

    /// The figures without the rights conflicts, which [`AnalysisJson::with_conflicts`]
    /// takes from the plan's validation: `strata analyze` works the figures out while
    /// the plan is validated.
    pub fn compute_figures(
        plan: &'a Plan,
        scenario: Scenario,
        options: super::CoverageOptions,
        reference: &crate::model::Reference,
    ) -> Self {
        use crate::timings::stage;
        let metric = options.metric;
        let coverage = stage("coverage", || {
            Coverage::compute(plan, scenario, &reference.standard, options)
        });
        let coverage_json = stage("coverage report", || coverage_report(&coverage));
        let land = stage("land", || land_report(plan, scenario));
        let mix = stage("mix", || {
            super::mix::mix_report(plan, scenario, &reference.standard, &coverage)
        });
        let zoning = stage("zoning", || ZoningJson {
            report: super::zoning::zoning_report(plan, scenario, reference),
            changes: super::zoning_changes::control_changes(plan),
        });
        let provision = stage("provision", || {
            super::provision::provision_report(plan, &coverage, &reference.standard)
        });
        AnalysisJson {
            provision,
            scenario: scenario.as_str(),
            metric: metric.as_str(),
            coverage: coverage_json,
            land,
            mix,
            conflicts: Vec::new(),
            zoning,
        }
    }

    /// The figures with the rights conflicts among a validation's `problems`.
    pub fn with_conflicts(mut self, problems: &[crate::model::Problem]) -> Self {
        self.conflicts = problems
            .iter()
            .filter(|p| p.kind == crate::model::ProblemKind::RightsConflict)
            .map(|p| serde_json::json!({ "feature": p.feature, "message": p.message }))
            .collect();
        self
    }

    /// Writes the figures as pretty-printed JSON and a newline, as they are serialised:
    /// the same text as `serde_json::to_string_pretty(&analysis_json(…))` and `\n`. The
    /// homes' lists of coverage and catchments, most of a city's text, are written on
    /// every core.
    pub fn write_pretty<W: std::io::Write>(&self, out: W) -> std::io::Result<()> {
        use std::io::Write as _;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
        let mut top = Object::begin(&mut out, 0)?;
        top.field("scenario", self.scenario)?;
        top.field("metric", self.metric)?;
        let level = top.inner();
        self.coverage.write_pretty(top.key("coverage")?, level)?;
        top.field("land", &self.land)?;
        write_mix(top.key("mix")?, level, &self.mix)?;
        top.field("conflicts", &self.conflicts)?;
        self.zoning.write_pretty(top.key("zoning")?, level)?;
        self.provision.write_pretty(top.key("provision")?, level)?;
        top.end()?;
        out.write_all(b"\n")?;
        out.flush()
    }
}

/// The mix figures serialised pretty, nested `level` deep, their lists written on every
/// core (the fields in their order of declaration, as serde writes them).
fn write_mix<W: std::io::Write>(
    out: &mut W,
    level: usize,
    mix: &super::mix::MixReport,
) -> std::io::Result<()> {
    let mut object = Object::begin(out, level)?;
    object.field("reach_m", &mix.reach_m)?;
    object.field("district", &mix.district)?;
    object.field("jobs", &mix.jobs)?;
    object.field("residents", &mix.residents)?;
    object.field("jobs_housing_ratio", &mix.jobs_housing_ratio)?;
    let (parcels, homes) = (&mix.parcels, &mix.homes);
    object.list("parcels", parcels.len(), |i| &parcels[i])?;
    object.list("homes", homes.len(), |i| &homes[i])?;
    object.end()
}

impl ZoningJson<'_> {
    /// Serialised pretty, nested `level` deep: the report's fields (flattened) and the
    /// changes, the parcels' list written on every core.
    fn write_pretty<W: std::io::Write>(&self, out: &mut W, level: usize) -> std::io::Result<()> {
        let report = &self.report;
        let mut object = Object::begin(out, level)?;
        object.field("violations", &report.violations)?;
        object.field("floor_area_m2", &report.floor_area_m2)?;
        object.field("far", &report.far)?;
        let parcels = &report.parcels;
        object.list("parcels", parcels.len(), |i| &parcels[i])?;
        object.field("changes", &self.changes)?;
        object.end()
    }
}

impl CoverageReport {
    /// Serialised pretty, nested `level` deep, the homes' list written on every core
    /// (the fields in their order of declaration, as serde writes them).
    pub fn write_pretty<W: std::io::Write>(
        &self,
        out: &mut W,
        level: usize,
    ) -> std::io::Result<()> {
        let mut object = Object::begin(out, level)?;
        object.field("homes", &self.homes)?;
        object.field("population", &self.population)?;
        object.field("score", &self.score)?;
        object.field("categories", &self.categories)?;
        object.field("tiers", &self.tiers)?;
        object.field("gaps", &self.gaps)?;
        let parcels = &self.parcels;
        object.list("parcels", parcels.len(), |h| parcels.row(h))?;
        object.end()
    }
}
