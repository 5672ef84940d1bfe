//! Provision per life circle (千人指标): per category, the floor area, land and places the
//! residents require by the standard's `[[provision]]` rows against what the targets
//! supply, for the plan as a whole and for every home's catchment (docs/analysis.md
//! *Provision*).
//!
//! A home's catchment in a category: the targets within the category's radius of the
//! home (its reach, by the analysis metric) and every home any of those targets reaches
//! (the residents who share them). Its required figure is those residents / 1,000 × the
//! per-1,000 figure (the minimum of the standard's range); provided is the sum of the
//! targets' supply; the shortfall is required − provided where positive. A home that
//! reaches no target has itself as catchment and nothing provided.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::coverage::Coverage;
use super::reach::{Reached, by_home, reach_all};
use super::supply::{Supply, facility_supply, hosted_supply, park_supply, target_name};
use super::targets::{Target, TargetSource};
use crate::model::provision::ProvisionRule;
use crate::model::{Facility, FacilityId, Parcel, ParcelId, Plan, Standard};

/// Required, provided and the shortfall of one quantity (`required` is `None` where the
/// standard gives no per-1,000 figure).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Balance {
    pub required: Option<f64>,
    pub provided: f64,
    pub shortfall: Option<f64>,
}

impl Balance {
    fn new(residents: f64, per_1000: Option<f64>, provided: f64) -> Self {
        let required = per_1000.map(|r| round2(residents / 1000.0 * r));
        let provided = round2(provided);
        Self {
            required,
            provided,
            shortfall: required.map(|r| round2((r - provided).max(0.0))),
        }
    }
}

/// Plan-wide provision of one category.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CategoryProvision {
    pub id: String,
    pub tier: String,
    pub radius_m: f64,
    /// What places are counted in (`places`, `seats`, `beds`).
    pub unit: String,
    pub clause: String,
    pub verified: bool,
    /// Targets of the category, and how many of them have no figure for floor, land or
    /// places (counted as 0 in `provided`).
    pub facilities: usize,
    pub without_figures: Unsized,
    /// All residents of the scenario, and those with a target within the radius.
    pub residents: f64,
    pub residents_served: f64,
    pub floor_m2: Balance,
    pub land_m2: Balance,
    pub places: Balance,
    /// The standard's size of one facility, to compare each against.
    pub facility_floor_m2: Option<[f64; 2]>,
    pub facility_land_m2: Option<[f64; 2]>,
}

/// Targets without a floor area, land area or capacity figure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Unsized {
    pub floor: usize,
    pub land: usize,
    pub places: usize,
}

/// One home's catchment in one category.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Catchment {
    /// The targets within reach of the home (facility ids, `parcel/stratum`, park parcels).
    pub facilities: Vec<String>,
    /// Residents of every home those targets reach (the home itself when none).
    pub residents: f64,
    pub floor_m2: Balance,
    pub land_m2: Balance,
    pub places: Balance,
    /// 2SFCA (with the analysis' distance decay, `provision.decay`): the category's supply ([`super::access::Quantity`],
    /// named in `access_of`) per 1,000 residents reaching this home.
    pub access_per_1000: f64,
    pub access_of: &'static str,
}

/// One home's catchments, by category id.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HomeProvision {
    pub id: String,
    pub population: f64,
    pub categories: BTreeMap<String, Catchment>,
}

/// The `provision` object of `strata analyze --format json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ProvisionReport {
    pub categories: Vec<CategoryProvision>,
    /// Every home's catchment in every category that has a per-1,000 figure.
    pub parcels: Vec<HomeProvision>,
    /// The residential block level (居住街坊): each residential parcel's block facilities.
    pub blocks: Vec<super::block::BlockProvision>,
    /// The 2SFCA distance decay of `access_per_1000`, written when not `none`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decay: Option<&'static str>,
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The supply of every target of every category (`[category][target]`).
pub fn supplies(plan: &Plan, coverage: &Coverage, standard: &Standard) -> Vec<Vec<Supply>> {
    let all: Vec<usize> = (0..coverage.categories.len()).collect();
    supplies_of(plan, coverage, standard, &all)
}

/// The supply of every target of some categories, in the order given.
pub fn supplies_of(
    plan: &Plan,
    coverage: &Coverage,
    standard: &Standard,
    categories: &[usize],
) -> Vec<Vec<Supply>> {
    let facilities: HashMap<&FacilityId, &Facility> =
        plan.facilities.iter().map(|f| (&f.id, f)).collect();
    let parcels: HashMap<&ParcelId, &Parcel> = plan
        .parcels_in(coverage.scenario)
        .map(|p| (&p.id, p))
        .collect();
    categories
        .iter()
        .map(|&c| {
            let category = &coverage.categories[c].id;
            let rule = standard.provision(category);
            coverage.targets[c]
                .iter()
                .map(|t| target_supply(t, category, rule, &facilities, &parcels))
                .collect()
        })
        .collect()
}

fn target_supply(
    target: &Target,
    category: &str,
    rule: Option<&ProvisionRule>,
    facilities: &HashMap<&FacilityId, &Facility>,
    parcels: &HashMap<&ParcelId, &Parcel>,
) -> Supply {
    match &target.source {
        TargetSource::Facility(id) => facilities
            .get(id)
            .map_or_else(Supply::default, |f| facility_supply(f, rule)),
        TargetSource::Hosted { parcel, stratum } => parcels
            .get(parcel)
            .and_then(|p| p.strata.iter().find(|s| &s.id == stratum).map(|s| (p, s)))
            .map_or_else(Supply::default, |(p, s)| {
                hosted_supply(p, s, category, rule)
            }),
        TargetSource::Park { parcel } => parcels
            .get(parcel)
            .map_or_else(Supply::default, |p| park_supply(p)),
    }
}

/// Sums of floor, land and places over some targets (unknown as 0).
fn sum(supply: &[Supply], targets: impl Iterator<Item = usize>) -> [f64; 3] {
    let mut total = [0.0; 3];
    for t in targets {
        let s = supply[t];
        total[0] += s.floor_m2.unwrap_or(0.0);
        total[1] += s.land_m2.unwrap_or(0.0);
        total[2] += s.places.unwrap_or(0.0);
    }
    total
}

/// The three balances for `residents` and a supply total.
fn balances(rule: Option<&ProvisionRule>, residents: f64, total: [f64; 3]) -> [Balance; 3] {
    let floor = rule.and_then(|r| r.floor_per_1000_m2).map(|r| r[0]);
    let land = rule.and_then(|r| r.land_per_1000_m2).map(|r| r[0]);
    let places = rule.and_then(|r| r.places_per_1000);
    [
        Balance::new(residents, floor, total[0]),
        Balance::new(residents, land, total[1]),
        Balance::new(residents, places, total[2]),
    ]
}

/// Whether a rule requires anything per 1,000 residents.
fn has_per_1000(rule: Option<&ProvisionRule>) -> bool {
    rule.is_some_and(|r| {
        r.floor_per_1000_m2.is_some() || r.land_per_1000_m2.is_some() || r.places_per_1000.is_some()
    })
}

/// Provision of a coverage analysis' scenario: plan-wide figures per category, and
/// every home's catchment in the categories with a per-1,000 figure.
///
/// ```
/// let plan = strata::synth::city(64, 30, 1);
/// let standard = strata::model::Standard::default_gb50180();
/// let coverage = strata::analysis::Coverage::compute(
///     &plan, strata::model::Scenario::Proposed, &standard, Default::default());
/// let report = strata::analysis::provision::provision_report(&plan, &coverage, &standard);
/// assert_eq!(report.categories.len(), standard.categories.len());
/// ```
pub fn provision_report(plan: &Plan, coverage: &Coverage, standard: &Standard) -> ProvisionReport {
    provision(plan, coverage, standard, true)
}

/// [`provision_report`] without the homes' catchments (`parcels` left empty): the
/// plan-wide figures per category and the blocks, as the text report shows them. The
/// catchments (who reaches what, shared among whom) are most of the work on a city.
pub fn provision_summary(plan: &Plan, coverage: &Coverage, standard: &Standard) -> ProvisionReport {
    provision(plan, coverage, standard, false)
}

fn provision(
    plan: &Plan,
    coverage: &Coverage,
    standard: &Standard,
    with_homes: bool,
) -> ProvisionReport {
    use crate::timings::stage;
    let reach = if with_homes {
        stage("provision: reach", || reach_all(coverage))
    } else {
        Vec::new()
    };
    let supply = supplies(plan, coverage, standard);
    ProvisionReport {
        blocks: super::block::blocks(plan, coverage.scenario, standard),
        decay: (coverage.options.decay != super::access::Decay::None)
            .then_some(coverage.options.decay.as_str()),
        ..stage("provision: catchments", || {
            provision_from(coverage, standard, &reach, &supply, with_homes)
        })
    }
}

/// [`provision_report`] from reach lists and supplies already computed.
pub fn provision_from(
    coverage: &Coverage,
    standard: &Standard,
    reach: &[Vec<Reached>],
    supply: &[Vec<Supply>],
    with_homes: bool,
) -> ProvisionReport {
    let total = coverage.total_population();
    let categories = coverage
        .categories
        .iter()
        .enumerate()
        .map(|(c, info)| {
            let rule = standard.provision(&info.id);
            let served: f64 = (0..coverage.homes.len())
                .filter(|&h| coverage.covered(c, h))
                .map(|h| coverage.homes[h].population)
                .sum();
            let [floor_m2, land_m2, places] =
                balances(rule, total, sum(&supply[c], 0..supply[c].len()));
            let count =
                |f: fn(&Supply) -> Option<f64>| supply[c].iter().filter(|s| f(s).is_none()).count();
            CategoryProvision {
                id: info.id.clone(),
                tier: info.tier.clone(),
                radius_m: info.radius_m,
                unit: rule.map_or("places", |r| r.unit()).to_owned(),
                clause: rule.map_or(String::new(), |r| r.clause.clone()),
                verified: rule.is_some_and(|r| r.verified),
                facilities: supply[c].len(),
                without_figures: Unsized {
                    floor: count(|s| s.floor_m2),
                    land: count(|s| s.land_m2),
                    places: count(|s| s.places),
                },
                residents: round2(total),
                residents_served: round2(served),
                floor_m2,
                land_m2,
                places,
                facility_floor_m2: rule.and_then(|r| r.floor_area_m2),
                facility_land_m2: rule.and_then(|r| r.land_area_m2),
            }
        })
        .collect();
    ProvisionReport {
        categories,
        parcels: if with_homes {
            home_provision(coverage, standard, reach, supply)
        } else {
            Vec::new()
        },
        blocks: Vec::new(),
        decay: None,
    }
}

/// Every home's catchments in the categories with a per-1,000 figure. Categories are
/// independent: they are worked out in parallel.
fn home_provision(
    coverage: &Coverage,
    standard: &Standard,
    reach: &[Vec<Reached>],
    supply: &[Vec<Supply>],
) -> Vec<HomeProvision> {
    use rayon::prelude::*;
    let mut homes: Vec<HomeProvision> = coverage
        .homes
        .iter()
        .map(|h| HomeProvision {
            id: h.parcel.to_string(),
            population: round2(h.population),
            categories: BTreeMap::new(),
        })
        .collect();
    let per_category: Vec<(usize, Vec<Catchment>)> = (0..coverage.categories.len())
        .into_par_iter()
        .filter(|&c| has_per_1000(standard.provision(&coverage.categories[c].id)))
        .map(|c| (c, catchments(coverage, standard, c, &reach[c], &supply[c])))
        .collect();
    crate::timings::stage("provision: catchments to homes", || {
        give_homes(&mut homes, coverage, per_category)
    });
    homes
}

/// Files each category's catchments (one per home, in home order) under their homes.
/// A city's million entries are filed in blocks of homes in parallel, each block taking
/// its own stretch of every category's list; each home takes its categories in their
/// order, as one pass per category would.
fn give_homes(
    homes: &mut [HomeProvision],
    coverage: &Coverage,
    per_category: Vec<(usize, Vec<Catchment>)>,
) {
    use rayon::prelude::*;
    const BLOCK: usize = 2048;
    let ids: Vec<&String> = per_category
        .iter()
        .map(|(c, _)| &coverage.categories[*c].id)
        .collect();
    let mut columns: Vec<Vec<Option<Catchment>>> = per_category
        .into_iter()
        .map(|(_, catchments)| catchments.into_iter().map(Some).collect())
        .collect();
    // Block b of every column, side by side (an empty stretch where a column is short,
    // so that each stays with its category).
    let mut chunks: Vec<_> = columns.iter_mut().map(|c| c.chunks_mut(BLOCK)).collect();
    let stretches: Vec<Vec<&mut [Option<Catchment>]>> = (0..homes.len().div_ceil(BLOCK))
        .map(|_| {
            chunks
                .iter_mut()
                .map(|c| c.next().unwrap_or_default())
                .collect()
        })
        .collect();
    homes
        .par_chunks_mut(BLOCK)
        .zip(stretches)
        .for_each(|(block, mut stretches)| {
            for (i, home) in block.iter_mut().enumerate() {
                for (id, stretch) in ids.iter().zip(&mut stretches) {
                    if let Some(catchment) = stretch.get_mut(i).and_then(Option::take) {
                        home.categories.insert((*id).clone(), catchment);
                    }
                }
            }
        });
}

/// Every home's catchment in category `c`.
fn catchments(
    coverage: &Coverage,
    standard: &Standard,
    c: usize,
    reach: &[Reached],
    supply: &[Supply],
) -> Vec<Catchment> {
    let info = &coverage.categories[c];
    let rule = standard.provision(&info.id);
    let reaching = by_home(reach, coverage.homes.len());
    let quantity = super::access::Quantity::of(rule);
    let population: Vec<f64> = coverage.homes.iter().map(|h| h.population).collect();
    let quantities: Vec<f64> = supply.iter().map(|s| quantity.of_supply(s)).collect();
    let access = super::access::two_step(
        &population,
        reach,
        &quantities,
        info.radius_m,
        coverage.options.decay,
    );
    // Homes reached by the same targets share one catchment: compute it once.
    let mut seen: HashMap<Vec<usize>, (f64, [f64; 3])> = HashMap::new();
    let mut stamp = vec![usize::MAX; coverage.homes.len()];
    let mut out = Vec::with_capacity(coverage.homes.len());
    for (h, targets) in reaching.iter().enumerate() {
        let mut key: Vec<usize> = targets.iter().map(|&(t, _)| t).collect();
        key.sort_unstable();
        let (residents, total) = if key.is_empty() {
            (coverage.homes[h].population, [0.0; 3])
        } else {
            let mark = seen.len();
            *seen.entry(key.clone()).or_insert_with(|| {
                (
                    catchment_residents(coverage, reach, &key, &mut stamp, mark),
                    sum(supply, key.iter().copied()),
                )
            })
        };
        let [floor_m2, land_m2, places] = balances(rule, residents, total);
        let names = key
            .iter()
            .map(|&t| target_name(&coverage.targets[c][t].source))
            .collect();
        out.push(Catchment {
            facilities: names,
            residents: round2(residents),
            floor_m2,
            land_m2,
            places,
            access_per_1000: round2(access[h] * 1000.0),
            access_of: quantity.as_str(),
        });
    }
    out
}

/// Residents of the homes any of `targets` reaches (each home once): `stamp` marks the
/// homes counted for this catchment (`mark` is the catchment's own number).
fn catchment_residents(
    coverage: &Coverage,
    reach: &[Reached],
    targets: &[usize],
    stamp: &mut [usize],
    mark: usize,
) -> f64 {
    let mut total = 0.0;
    for &t in targets {
        for &(h, _) in &reach[t] {
            if stamp[h] != mark {
                stamp[h] = mark;
                total += coverage.homes[h].population;
            }
        }
    }
    total
}
