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

use std::collections::HashMap;

use serde::Serialize;

pub use super::catchments::{Catchment, HomeCatchments, HomeProvision};
use super::coverage::Coverage;
use super::reach::{Reached, reach_all};
use super::supply::{Supply, facility_supply, hosted_supply, park_supply};
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

/// The `provision` object of `strata analyze --format json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ProvisionReport {
    pub categories: Vec<CategoryProvision>,
    /// Every home's catchment in every category that has a per-1,000 figure.
    pub parcels: HomeCatchments,
    /// The residential block level (居住街坊): each residential parcel's block facilities.
    pub blocks: Vec<super::block::BlockProvision>,
    /// The 2SFCA distance decay of `access_per_1000`, written when not `none`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decay: Option<&'static str>,
}

impl ProvisionReport {
    /// Serialised pretty, nested `level` deep, the homes' catchments named and written on
    /// every core (the fields in their order of declaration, as serde writes them).
    pub fn write_pretty<W: std::io::Write>(
        &self,
        out: &mut W,
        level: usize,
    ) -> std::io::Result<()> {
        use super::pretty_json::Object;
        let mut object = Object::begin(out, level)?;
        object.field("categories", &self.categories)?;
        let parcels = &self.parcels;
        object.list("parcels", parcels.len(), |h| parcels.row(h))?;
        object.field("blocks", &self.blocks)?;
        if let Some(decay) = self.decay {
            object.field("decay", decay)?;
        }
        object.end()
    }
}

pub(super) fn round2(v: f64) -> f64 {
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
pub(super) fn sum(supply: &[Supply], targets: impl Iterator<Item = usize>) -> [f64; 3] {
    let mut total = [0.0; 3];
    for t in targets {
        let s = supply[t];
        total[0] += s.floor_m2.unwrap_or(0.0);
        total[1] += s.land_m2.unwrap_or(0.0);
        total[2] += s.places.unwrap_or(0.0);
    }
    total
}

/// A rule's floor area, land and places per 1,000 residents (the minimum of a range).
pub(super) fn per_1000(rule: Option<&ProvisionRule>) -> [Option<f64>; 3] {
    let Some(rule) = rule else {
        return [None; 3];
    };
    [
        rule.floor_per_1000_m2.map(|r| r[0]),
        rule.land_per_1000_m2.map(|r| r[0]),
        rule.places_per_1000,
    ]
}

/// The three balances for `residents` and a supply total.
pub(super) fn balances(
    per_1000: [Option<f64>; 3],
    residents: f64,
    total: [f64; 3],
) -> [Balance; 3] {
    [0, 1, 2].map(|i| Balance::new(residents, per_1000[i], total[i]))
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
                balances(per_1000(rule), total, sum(&supply[c], 0..supply[c].len()));
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
            HomeCatchments::compute(coverage, standard, reach, supply)
        } else {
            HomeCatchments::default()
        },
        blocks: Vec::new(),
        decay: None,
    }
}
