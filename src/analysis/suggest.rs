//! Site suggestions: which candidate parcels (idle, underused, released…) should host a
//! facility of a life-circle category, ranked by the residents who would newly have the
//! category within its radius (maximal covering).
//!
//! **Placing a facility on a parcel** means what [`crate::edit::create::host_facility`]
//! does: a stratum of the parcel hosts it, so it is reached at the parcel boundary
//! (straight-line distance 0 inside; on the network where the boundary joins the
//! streets), exactly as the coverage analysis reaches hosted facilities. A home is newly
//! covered when it is not covered now and its distance to that new target is within the
//! radius — distances come from the engine's own functions (`area_distance`,
//! `Network::join_area`, the same Dijkstra relaxations cut off at the radius,
//! `Network::distance_from`), so the gain is exactly the change `strata analyze` reports
//! (tests/suggest.rs checks it against two analyses).
//!
//! Several sites are chosen together: exactly (every combination) when there are few
//! enough combinations, else greedily (within 1 − 1/e of the optimum).

use geo::{BoundingRect, Rect};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::coverage::{Coverage, RADIUS_TOLERANCE_M, within};
use super::grid_index::GridIndex;
use super::targets::area_distance;
use crate::model::{Parcel, ParcelId, Plan, Standard, Status};

/// Combinations tried at most by the exact search; above it, greedy.
pub const EXACT_LIMIT: u64 = 200_000;

/// Which parcels may host the facility.
#[derive(Clone, Debug, PartialEq)]
pub enum Candidates {
    /// Parcels with one of these statuses.
    Statuses(Vec<Status>),
    /// Every parcel of the scenario.
    All,
    /// These parcels (the editor's selection; benchmarks).
    Parcels(std::collections::HashSet<ParcelId>),
}

impl Default for Candidates {
    /// Idle, underused and released parcels: the assets a renewal plan activates.
    fn default() -> Self {
        Candidates::Statuses(vec![Status::Idle, Status::Underused, Status::Released])
    }
}

impl Candidates {
    /// Parses `idle,underused,released` (status names) or `all`.
    pub fn parse(text: &str) -> Result<Self, SuggestError> {
        let mut statuses = Vec::new();
        for word in text.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            if word == "all" {
                return Ok(Candidates::All);
            }
            let status =
                Status::parse(word).ok_or_else(|| SuggestError::UnknownStatus(word.to_owned()))?;
            if !statuses.contains(&status) {
                statuses.push(status);
            }
        }
        if statuses.is_empty() {
            return Err(SuggestError::NoStatus);
        }
        Ok(Candidates::Statuses(statuses))
    }

    pub fn admits(&self, parcel: &Parcel) -> bool {
        match self {
            Candidates::All => true,
            Candidates::Statuses(list) => parcel.status.is_some_and(|s| list.contains(&s)),
            Candidates::Parcels(ids) => ids.contains(&parcel.id),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Candidates::All => "all".into(),
            Candidates::Statuses(list) => list
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(","),
            Candidates::Parcels(ids) => format!("{} chosen parcels", ids.len()),
        }
    }
}

/// How the sites were chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Exact,
    Greedy,
}

/// One suggested site.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Suggestion {
    pub parcel: ParcelId,
    /// Residents newly covered by this site after the earlier ones: the change of the
    /// category's `population_covered` in `strata analyze`.
    pub new_population: f64,
    /// Residents newly covered by this site and the earlier ones.
    pub cumulative_population: f64,
    /// The category's `population_covered` after adopting this site and the earlier ones.
    pub population_covered: f64,
    /// The homes this site newly serves (after the earlier ones), in plan order.
    pub homes: Vec<ParcelId>,
}

/// The answer for one category.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Suggestions {
    pub category: String,
    pub metric: super::Metric,
    pub radius_m: f64,
    pub method: Method,
    /// Candidate parcels considered.
    pub candidates: usize,
    /// Candidates left out because they are smaller than the tier's minimum park.
    pub too_small: Vec<ParcelId>,
    /// `population_covered` of the category before any suggestion.
    pub population_covered_before: f64,
    pub suggestions: Vec<Suggestion>,
}

/// Why suggestions cannot be made. `Display` is English; [`SuggestError::text`] is in
/// the current language (docs/ERRORS.md).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SuggestError {
    UnknownCategory(String),
    /// A candidate word that is neither a status nor `all`.
    UnknownStatus(String),
    /// No candidate status given.
    NoStatus,
}

impl SuggestError {
    /// What went wrong, to be worded when shown.
    pub fn message(&self) -> crate::i18n::Message {
        match self {
            SuggestError::UnknownCategory(id) => {
                crate::msg!("suggest-err-category", id = format!("{id:?}"))
            }
            SuggestError::UnknownStatus(word) => {
                let known: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
                crate::msg!(
                    "suggest-err-status",
                    word = format!("{word:?}"),
                    known = known.join(", ")
                )
            }
            SuggestError::NoStatus => crate::msg!("suggest-err-no-status"),
        }
    }

    /// The text in the current language.
    pub fn text(&self) -> String {
        self.message().text()
    }
}

impl std::fmt::Display for SuggestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().text_in(crate::i18n::Lang::En))
    }
}

/// Candidate parcels for a category: admitted by `candidates`, in the coverage's
/// scenario, not hosting a target of the category already; parks below the tier's
/// minimum area (the standard's park size rule) are set aside and returned second.
pub fn candidate_parcels<'a>(
    plan: &'a Plan,
    coverage: &Coverage,
    standard: &Standard,
    category: usize,
    candidates: &Candidates,
) -> (Vec<&'a Parcel>, Vec<ParcelId>) {
    let hosting: std::collections::HashSet<&ParcelId> = coverage.targets[category]
        .iter()
        .filter_map(|t| t.source.parcel())
        .collect();
    let min_park = standard
        .categories
        .get(category)
        .filter(|c| c.park)
        .and_then(|c| standard.tier(&c.tier))
        .map(|t| t.park_min_area_m2);
    let mut small = Vec::new();
    let parcels = plan
        .parcels_in(coverage.scenario)
        .filter(|p| candidates.admits(p) && !hosting.contains(&p.id))
        .filter(|p| match min_park {
            Some(min) if p.area().m2() < min => {
                small.push(p.id.clone());
                false
            }
            _ => true,
        })
        .collect();
    (parcels, small)
}

/// For each parcel, the homes (indices into `coverage.homes`, ascending) not covered for
/// the category now that a facility hosted on the parcel would cover.
pub fn reach(coverage: &Coverage, category: usize, parcels: &[&Parcel]) -> Vec<Vec<u32>> {
    let radius = coverage.categories[category].radius_m;
    let uncovered: Vec<u32> = (0..coverage.homes.len())
        .filter(|&h| !coverage.covered(category, h))
        .map(|h| h as u32)
        .collect();
    let mut found = match &coverage.network {
        None => euclidean_reach(coverage, radius, &uncovered, parcels),
        Some(_) => network_reach(coverage, radius, &uncovered, parcels),
    };
    for homes in &mut found {
        homes.sort_unstable();
    }
    found
}

fn euclidean_reach(
    coverage: &Coverage,
    radius: f64,
    uncovered: &[u32],
    parcels: &[&Parcel],
) -> Vec<Vec<u32>> {
    let boxes: Vec<Rect<f64>> = uncovered
        .iter()
        .map(|&h| coverage.homes[h as usize].point.bounding_rect())
        .collect();
    let grid = GridIndex::new(&boxes, 2.0);
    let reach = radius + RADIUS_TOLERANCE_M;
    parcels
        .par_iter()
        .map(|parcel| {
            let Some(rect) = parcel.shape.bounding_rect() else {
                return Vec::new();
            };
            grid.candidates(
                [rect.min().x - reach, rect.min().y - reach],
                [rect.max().x + reach, rect.max().y + reach],
            )
            .map(|i| uncovered[i])
            .filter(|&h| {
                let point = coverage.homes[h as usize].point;
                within(area_distance(&point, &parcel.shape), radius)
            })
            .collect()
        })
        .collect()
}

fn network_reach(
    coverage: &Coverage,
    radius: f64,
    uncovered: &[u32],
    parcels: &[&Parcel],
) -> Vec<Vec<u32>> {
    let Some(state) = &coverage.network else {
        return vec![Vec::new(); parcels.len()];
    };
    let network = &state.network;
    // Uncovered homes on the network, by the chain they join.
    let mut on_chain: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for &h in uncovered {
        if let Some(join) = &state.home_joins[h as usize] {
            on_chain
                .entry(network.chain_position(join).0)
                .or_default()
                .push(h);
        }
    }
    let mut chains_at: Vec<Vec<u32>> = vec![Vec::new(); network.junctions.len()];
    for (i, chain) in network.chains.iter().enumerate() {
        chains_at[chain.a as usize].push(i as u32);
        if chain.b != chain.a {
            chains_at[chain.b as usize].push(i as u32);
        }
    }
    let limit = radius + RADIUS_TOLERANCE_M;
    let (access, off) = (coverage.options.area_access_m, coverage.off_network_m);
    parcels
        .par_iter()
        .map_init(
            || (vec![f64::INFINITY; network.junctions.len()], Vec::new()),
            |(dist, touched), parcel| {
                let joins = network.join_area(&parcel.shape, access, off);
                if joins.is_empty() {
                    return Vec::new();
                }
                let sources: Vec<(u32, f64)> =
                    joins.iter().flat_map(|j| network.sources(j)).collect();
                network.distances_within(&sources, limit, dist, touched);
                let mut chains: Vec<u32> =
                    joins.iter().map(|j| network.chain_position(j).0).collect();
                for &j in touched.iter() {
                    if dist[j as usize] <= limit {
                        chains.extend_from_slice(&chains_at[j as usize]);
                    }
                }
                chains.sort_unstable();
                chains.dedup();
                let mut homes = Vec::new();
                for chain in chains {
                    for &h in on_chain.get(&chain).map_or(&[][..], Vec::as_slice) {
                        if let Some(join) = &state.home_joins[h as usize]
                            && within(network.distance_from(join, dist, &joins), radius)
                        {
                            homes.push(h);
                        }
                    }
                }
                for &j in touched.iter() {
                    dist[j as usize] = f64::INFINITY;
                }
                touched.clear();
                homes
            },
        )
        .collect()
}

/// Residents of the homes in `reach` not yet `covered`.
fn gain(reach: &[u32], covered: &[bool], population: &[f64]) -> f64 {
    reach
        .iter()
        .filter(|&&h| !covered[h as usize])
        .map(|&h| population[h as usize])
        .fold(0.0, |a, b| a + b)
}

/// Greedy maximal covering: up to `k` sites, each the one with the largest gain after the
/// earlier ones (ties to the earlier candidate); stops when no site adds anyone.
pub fn greedy(reach: &[Vec<u32>], population: &[f64], covered: &[bool], k: usize) -> Vec<usize> {
    let mut covered = covered.to_vec();
    let mut chosen = Vec::new();
    while chosen.len() < k {
        let best = reach
            .par_iter()
            .enumerate()
            .filter(|(i, _)| !chosen.contains(i))
            .map(|(i, r)| (i, gain(r, &covered, population)))
            .reduce(
                || (usize::MAX, 0.0),
                |a, b| {
                    if b.1 > a.1 || (b.1 == a.1 && b.0 < a.0) {
                        b
                    } else {
                        a
                    }
                },
            );
        if best.0 == usize::MAX || best.1 <= 0.0 {
            break;
        }
        for &h in &reach[best.0] {
            covered[h as usize] = true;
        }
        chosen.push(best.0);
    }
    chosen
}

/// Number of combinations of `k` out of `n`, saturating.
fn combinations(n: usize, k: usize) -> u64 {
    let k = k.min(n);
    let mut c: u64 = 1;
    for i in 0..k as u64 {
        c = c.saturating_mul(n as u64 - i) / (i + 1);
        if c > u64::MAX / 2 {
            return u64::MAX;
        }
    }
    c
}

/// The best set of at most `k` sites by brute force (every combination of the candidates
/// that reach anyone), or `None` when there are more than `limit` combinations. The set
/// is returned in greedy order (largest gain first), so its running totals read well.
pub fn exact(
    reach: &[Vec<u32>],
    population: &[f64],
    covered: &[bool],
    k: usize,
    limit: u64,
) -> Option<Vec<usize>> {
    let useful: Vec<usize> = (0..reach.len())
        .filter(|&i| gain(&reach[i], covered, population) > 0.0)
        .collect();
    let k = k.min(useful.len());
    if combinations(useful.len(), k) > limit {
        return None;
    }
    let mut search = Exhaustive {
        k,
        useful: &useful,
        reach,
        population,
        covered,
        pick: Vec::with_capacity(k),
        marks: vec![0u32; population.len()],
        best: (0.0, Vec::new()),
    };
    search.walk(0, 0.0);
    let best = search.best;
    let subset: Vec<Vec<u32>> = best.1.iter().map(|&i| reach[i].clone()).collect();
    let order = greedy(&subset, population, covered, subset.len());
    Some(order.into_iter().map(|j| best.1[j]).collect())
}

/// The state of the brute-force search: `marks[h]` counts the picked sites reaching home h.
struct Exhaustive<'a> {
    k: usize,
    useful: &'a [usize],
    reach: &'a [Vec<u32>],
    population: &'a [f64],
    covered: &'a [bool],
    pick: Vec<usize>,
    marks: Vec<u32>,
    best: (f64, Vec<usize>),
}

impl Exhaustive<'_> {
    fn walk(&mut self, start: usize, total: f64) {
        if total > self.best.0 {
            self.best = (total, self.pick.clone());
        }
        if self.pick.len() == self.k {
            return;
        }
        for i in start..self.useful.len() {
            let site = self.useful[i];
            let mut added = 0.0;
            for &h in &self.reach[site] {
                let h = h as usize;
                if !self.covered[h] && self.marks[h] == 0 {
                    added += self.population[h];
                }
                self.marks[h] += 1;
            }
            self.pick.push(site);
            self.walk(i + 1, total + added);
            self.pick.pop();
            for &h in &self.reach[site] {
                self.marks[h as usize] -= 1;
            }
        }
    }
}

/// `population_covered` as `strata analyze` sums it: over the homes in plan order.
pub fn population_covered(population: &[f64], covered: &[bool]) -> f64 {
    population
        .iter()
        .zip(covered)
        .filter(|(_, c)| **c)
        .map(|(p, _)| *p)
        .fold(0.0, |a, b| a + b)
}

/// Suggests up to `count` sites for a category (by id), with the figures `strata analyze`
/// would report after adopting each in turn.
///
/// ```
/// use strata::analysis::suggest::{Candidates, suggest};
/// let plan = strata::synth::city(400, 10, 3);
/// let standard = strata::model::Standard::default_gb50180();
/// let coverage = strata::analysis::Coverage::compute(
///     &plan, strata::model::Scenario::Proposed, &standard, Default::default());
/// let found = suggest(&plan, &coverage, &standard, "kindergarten", 2, &Candidates::All).unwrap();
/// assert!(found.suggestions.len() <= 2);
/// ```
pub fn suggest(
    plan: &Plan,
    coverage: &Coverage,
    standard: &Standard,
    category: &str,
    count: usize,
    candidates: &Candidates,
) -> Result<Suggestions, SuggestError> {
    let c = coverage
        .categories
        .iter()
        .position(|info| info.id == category)
        .ok_or_else(|| SuggestError::UnknownCategory(category.to_owned()))?;
    let (parcels, too_small) = candidate_parcels(plan, coverage, standard, c, candidates);
    let reach = reach(coverage, c, &parcels);
    let population: Vec<f64> = coverage.homes.iter().map(|h| h.population).collect();
    let mut covered: Vec<bool> = (0..coverage.homes.len())
        .map(|h| coverage.covered(c, h))
        .collect();
    let (chosen, method) = match exact(&reach, &population, &covered, count, EXACT_LIMIT) {
        Some(sites) if count > 1 => (sites, Method::Exact),
        _ => (greedy(&reach, &population, &covered, count), Method::Greedy),
    };
    let before = population_covered(&population, &covered);
    let mut previous = before;
    let mut suggestions = Vec::new();
    for site in chosen {
        let homes: Vec<ParcelId> = reach[site]
            .iter()
            .filter(|&&h| !covered[h as usize])
            .map(|&h| coverage.homes[h as usize].parcel.clone())
            .collect();
        for &h in &reach[site] {
            covered[h as usize] = true;
        }
        let now = population_covered(&population, &covered);
        suggestions.push(Suggestion {
            parcel: parcels[site].id.clone(),
            new_population: now - previous,
            cumulative_population: now - before,
            population_covered: now,
            homes,
        });
        previous = now;
    }
    Ok(Suggestions {
        category: category.to_owned(),
        metric: coverage.options.metric,
        radius_m: coverage.categories[c].radius_m,
        method,
        candidates: parcels.len(),
        too_small,
        population_covered_before: before,
        suggestions,
    })
}
