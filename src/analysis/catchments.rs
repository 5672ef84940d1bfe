//! Every home's catchment in every category with a per-1,000 figure (docs/analysis.md
//! *Provision*), held as figures by category and named one home at a time when read or
//! written. A city has a million catchments: as rows of named targets, each home with a
//! map of its categories, they took 365 MB and most of a second to build, only to be
//! written once.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::{Serialize, Serializer};

use super::coverage::Coverage;
use super::provision::{Balance, balances, per_1000, round2};
use super::reach::Reached;
use super::supply::{Supply, target_name};
use crate::model::Standard;

/// One home's catchment in one category, named.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Catchment<'a> {
    /// The targets within reach of the home (facility ids, `parcel/stratum`, park parcels).
    pub facilities: Vec<&'a str>,
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
pub struct HomeProvision<'a> {
    pub id: &'a str,
    pub population: f64,
    pub categories: BTreeMap<&'a str, Catchment<'a>>,
}

/// Every home's catchments, in coverage order (`provision.parcels`); serialised as the
/// list of [`HomeProvision`]s.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HomeCatchments {
    /// Each home's parcel id and population, in coverage order.
    homes: Vec<(String, f64)>,
    columns: Vec<Column>,
}

/// One category's catchments.
#[derive(Clone, Debug, Default, PartialEq)]
struct Column {
    id: String,
    /// Floor area, land and places per 1,000 residents.
    per_1000: [Option<f64>; 3],
    access_of: &'static str,
    /// The category's targets' names.
    names: Vec<String>,
    /// The targets reaching each home, in target order: home `h`'s are
    /// `targets[starts[h]..starts[h + 1]]`.
    starts: Vec<u32>,
    targets: Vec<u32>,
    /// Each home's catchment among `shared` (`ALONE`: it reaches no target).
    of_home: Vec<u32>,
    /// Residents and supply totals (floor, land, places) of each distinct catchment:
    /// homes reached by the same targets share one.
    shared: Vec<Figures>,
    /// Each home's 2SFCA value.
    access: Vec<f64>,
}

/// A home that reaches no target: its catchment is itself, with nothing provided.
const ALONE: u32 = u32::MAX;

impl HomeCatchments {
    /// Every home's catchments in the categories with a per-1,000 figure, from each
    /// category's reach lists and supplies. Categories are independent: they are
    /// worked out in parallel.
    pub fn compute(
        coverage: &Coverage,
        standard: &Standard,
        reach: &[Vec<Reached>],
        supply: &[Vec<Supply>],
    ) -> Self {
        use rayon::prelude::*;
        let population: Vec<f64> = coverage.homes.iter().map(|h| h.population).collect();
        let columns = (0..coverage.categories.len())
            .into_par_iter()
            .filter(|&c| per_1000(standard.provision(&coverage.categories[c].id)) != [None; 3])
            .map(|c| Column::compute(coverage, standard, c, &reach[c], &supply[c], &population))
            .collect();
        let homes = coverage
            .homes
            .iter()
            .map(|h| (h.parcel.to_string(), h.population))
            .collect();
        Self { homes, columns }
    }

    pub fn len(&self) -> usize {
        self.homes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.homes.is_empty()
    }

    /// Home `h`'s catchments, named.
    pub fn get(&self, h: usize) -> Option<HomeProvision<'_>> {
        (h < self.len()).then(|| self.row(h))
    }

    /// Every home's catchments, named one home at a time.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = HomeProvision<'_>> + '_ {
        (0..self.len()).map(|h| self.row(h))
    }

    /// Home `h`'s catchments, named (`h` < [`HomeCatchments::len`]).
    pub(super) fn row(&self, h: usize) -> HomeProvision<'_> {
        let (id, population) = &self.homes[h];
        HomeProvision {
            id,
            population: round2(*population),
            categories: self
                .columns
                .iter()
                .map(|column| (column.id.as_str(), column.catchment(h, *population)))
                .collect(),
        }
    }
}

impl Serialize for HomeCatchments {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl Column {
    /// Every home's catchment in category `c`.
    fn compute(
        coverage: &Coverage,
        standard: &Standard,
        c: usize,
        reach: &[Reached],
        supply: &[Supply],
        population: &[f64],
    ) -> Self {
        let info = &coverage.categories[c];
        let rule = standard.provision(&info.id);
        let quantity = super::access::Quantity::of(rule);
        let quantities: Vec<f64> = supply.iter().map(|s| quantity.of_supply(s)).collect();
        let access = super::access::two_step(
            population,
            reach,
            &quantities,
            info.radius_m,
            coverage.options.decay,
        );
        let (starts, targets) = reaching(reach, population.len());
        let reached = Reach::of(reach);
        let of = Homes {
            starts: &starts,
            targets: &targets,
            population,
        };
        let (of_home, shared) = shared_catchments(&of, &reached, supply, BLOCK);
        Self {
            id: info.id.clone(),
            per_1000: per_1000(rule),
            access_of: quantity.as_str(),
            names: coverage.targets[c]
                .iter()
                .map(|t| target_name(&t.source))
                .collect(),
            starts,
            targets,
            of_home,
            shared,
            access,
        }
    }

    /// Home `h`'s catchment (`population`: the home's own, its catchment when alone).
    fn catchment(&self, h: usize, population: f64) -> Catchment<'_> {
        let key = span(&self.starts, &self.targets, h);
        let (residents, total) = match self.of_home[h] {
            ALONE => (population, [0.0; 3]),
            k => self.shared[k as usize],
        };
        let [floor_m2, land_m2, places] = balances(self.per_1000, residents, total);
        Catchment {
            facilities: key
                .iter()
                .map(|&t| self.names[t as usize].as_str())
                .collect(),
            residents: round2(residents),
            floor_m2,
            land_m2,
            places,
            access_per_1000: round2(self.access[h] * 1000.0),
            access_of: self.access_of,
        }
    }
}

/// Homes per block of [`shared_catchments`]: a category's 80 000 homes in 20 blocks,
/// so that both cores stay busy to the end of the last categories.
const BLOCK: usize = 4096;

/// The targets reaching each home (home `h`'s: `targets[starts[h]..starts[h + 1]]`)
/// and each home's residents.
struct Homes<'a> {
    starts: &'a [u32],
    targets: &'a [u32],
    population: &'a [f64],
}

/// Residents and supply totals (floor, land, places) of one distinct catchment.
type Figures = (f64, [f64; 3]);

/// Each home's catchment among the distinct catchments, and those catchments' residents
/// and supply totals. Homes reached by the same targets share one catchment, worked out
/// once per block of homes (a block's catchments are appended to the list as they are:
/// a catchment met in two blocks is listed twice, with the same figures).
fn shared_catchments(
    of: &Homes,
    reached: &Reach,
    supply: &[Supply],
    block: usize,
) -> (Vec<u32>, Vec<Figures>) {
    use rayon::prelude::*;
    let homes = of.population.len();
    // Per piece of work rayon splits off (several blocks each): the stamps of the homes
    // counted and the next catchment's mark, so a block never meets an earlier block's mark.
    let fresh = || (vec![ALONE; homes], 0u32);
    let blocks: Vec<(Vec<u32>, Vec<Figures>)> = (0..homes.div_ceil(block))
        .into_par_iter()
        .map_init(fresh, |(stamp, marks), b| {
            let mut seen: FxHashMap<&[u32], u32> = FxHashMap::default();
            let mut shared = Vec::new();
            let of_home = (b * block..homes.min((b + 1) * block))
                .map(|h| {
                    let key = span(of.starts, of.targets, h);
                    if key.is_empty() {
                        return ALONE;
                    }
                    *seen.entry(key).or_insert_with(|| {
                        *marks += 1;
                        let residents = reached.residents(of.population, key, stamp, *marks);
                        shared.push((residents, sum(supply, key)));
                        shared.len() as u32 - 1
                    })
                })
                .collect();
            (of_home, shared)
        })
        .collect();
    let mut of_home = Vec::with_capacity(homes);
    let mut shared = Vec::new();
    for (block_homes, block_shared) in blocks {
        let offset = shared.len() as u32;
        of_home.extend(block_homes.into_iter().map(|k| match k {
            ALONE => ALONE,
            k => k + offset,
        }));
        shared.extend(block_shared);
    }
    (of_home, shared)
}

/// The targets reaching each home, in target order, as (where each home's start, the
/// targets): a city's 80,000 homes in two lists rather than a list each.
fn reaching(reach: &[Reached], homes: usize) -> (Vec<u32>, Vec<u32>) {
    let mut starts = vec![0u32; homes + 1];
    for &(h, _) in reach.iter().flatten() {
        starts[h + 1] += 1;
    }
    for h in 0..homes {
        starts[h + 1] += starts[h];
    }
    let mut next: Vec<u32> = starts[..homes].to_vec();
    let mut targets = vec![0u32; starts[homes] as usize];
    for (t, reached) in reach.iter().enumerate() {
        for &(h, _) in reached {
            targets[next[h] as usize] = t as u32;
            next[h] += 1;
        }
    }
    (starts, targets)
}

/// Home `h`'s stretch of a list kept by home (`starts` has one more entry than homes).
fn span<'a>(starts: &[u32], items: &'a [u32], h: usize) -> &'a [u32] {
    &items[starts[h] as usize..starts[h + 1] as usize]
}

/// Sums of floor, land and places over some targets (unknown as 0).
fn sum(supply: &[Supply], targets: &[u32]) -> [f64; 3] {
    super::provision::sum(supply, targets.iter().map(|&t| t as usize))
}

/// The homes each target reaches, packed: the catchments walk tens of millions of them.
struct Reach {
    /// Target `t`'s homes are `homes[starts[t]..starts[t + 1]]`.
    starts: Vec<usize>,
    homes: Vec<u32>,
}

impl Reach {
    fn of(reach: &[Reached]) -> Self {
        let mut starts = Vec::with_capacity(reach.len() + 1);
        starts.push(0);
        let mut homes = Vec::with_capacity(reach.iter().map(Vec::len).sum());
        for reached in reach {
            homes.extend(reached.iter().map(|&(h, _)| h as u32));
            starts.push(homes.len());
        }
        Self { starts, homes }
    }

    /// Residents of the homes any of `targets` reaches (each home once): `stamp` marks
    /// the homes counted for this catchment (`mark` is the catchment's own number).
    fn residents(&self, population: &[f64], targets: &[u32], stamp: &mut [u32], mark: u32) -> f64 {
        let mut total = 0.0;
        for &t in targets {
            let t = t as usize;
            for &h in &self.homes[self.starts[t]..self.starts[t + 1]] {
                let h = h as usize;
                if stamp[h] != mark {
                    stamp[h] = mark;
                    total += population[h];
                }
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked out in blocks of any size, every home's catchment has the figures of the
    /// catchment worked out from its targets alone: the homes they reach, each once.
    #[test]
    fn catchments_in_blocks_equal_each_home_worked_out_alone() {
        // 40 homes, 9 targets each reaching a run of homes (some overlapping, one none).
        let population: Vec<f64> = (0..40).map(|h| 1.0 + h as f64).collect();
        let reach: Vec<Reached> = (0..9)
            .map(|t| match t {
                4 => Vec::new(),
                t => (t * 4..(t * 4 + 7).min(40)).map(|h| (h, 10.0)).collect(),
            })
            .collect();
        let supply: Vec<Supply> = (0..9)
            .map(|t| Supply {
                floor_m2: Some(100.0 * (t + 1) as f64),
                land_m2: None,
                places: Some(t as f64),
            })
            .collect();
        let (starts, targets) = reaching(&reach, population.len());
        let of = Homes {
            starts: &starts,
            targets: &targets,
            population: &population,
        };
        let reached = Reach::of(&reach);
        for block in [1, 3, 7, 16, 40, 4096] {
            let (of_home, shared) = shared_catchments(&of, &reached, &supply, block);
            for (h, &k) in of_home.iter().enumerate() {
                let key = span(&starts, &targets, h);
                if key.is_empty() {
                    assert_eq!(k, ALONE, "home {h}, blocks of {block}");
                    continue;
                }
                let mut homes: Vec<usize> = key
                    .iter()
                    .flat_map(|&t| reach[t as usize].iter().map(|&(h, _)| h))
                    .collect();
                homes.sort_unstable();
                homes.dedup();
                let residents: f64 = homes.iter().map(|&h| population[h]).sum();
                let (got, totals) = shared[k as usize];
                assert!(
                    (got - residents).abs() < 1e-9,
                    "home {h}, blocks of {block}"
                );
                assert_eq!(totals, sum(&supply, key), "home {h}, blocks of {block}");
            }
        }
    }
}
