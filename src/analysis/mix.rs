//! Mixed use and jobs–housing. Diversity is measured on floor area by level-1 land-use
//! class (07 residential, 09 commercial…): Hill numbers of order 0, 1 and 2 (number of
//! classes, exp of Shannon entropy, inverse Simpson) and Shannon entropy itself.
//! "Within reach" of a home means parcels whose home point lies within the 15-minute
//! radius, straight-line.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::coverage::Coverage;
use super::homes::{Home, home_point};
use super::targets::point_distance;
use crate::model::{Parcel, ParcelId, Plan, Scenario, Standard};

/// Diversity of a set of floor areas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Diversity {
    /// Number of classes with floor area (Hill number q = 0).
    pub hill0: f64,
    /// exp(Shannon entropy) (q = 1).
    pub hill1: f64,
    /// 1 / Σ p² (q = 2).
    pub hill2: f64,
    /// Shannon entropy, natural log.
    pub shannon: f64,
}

/// Diversity of floor areas by class.
///
/// ```
/// use std::collections::BTreeMap;
/// let areas = BTreeMap::from([("07".to_string(), 500.0), ("09".to_string(), 500.0)]);
/// let d = strata::analysis::mix::diversity(&areas);
/// assert_eq!(d.hill0, 2.0);
/// assert!((d.hill1 - 2.0).abs() < 1e-12 && (d.hill2 - 2.0).abs() < 1e-12);
/// assert!((d.shannon - 2f64.ln()).abs() < 1e-12);
/// ```
pub fn diversity(areas: &BTreeMap<String, f64>) -> Diversity {
    diversity_of(areas.values().copied())
}

/// Diversity of floor areas given in class order (classes without area may be 0).
fn diversity_of(areas: impl Iterator<Item = f64> + Clone) -> Diversity {
    let total: f64 = areas.clone().filter(|a| *a > 0.0).fold(0.0, |a, b| a + b);
    if total <= 0.0 {
        return Diversity::default();
    }
    let shares: Vec<f64> = areas.filter(|a| *a > 0.0).map(|a| a / total).collect();
    let shannon: f64 = -shares.iter().map(|p| p * p.ln()).fold(0.0, |a, b| a + b);
    let simpson: f64 = shares.iter().map(|p| p * p).fold(0.0, |a, b| a + b);
    Diversity {
        hill0: shares.len() as f64,
        hill1: shannon.exp(),
        hill2: 1.0 / simpson,
        shannon,
    }
}

/// Floor area of a stratum: footprint × floors (a stratum without floors counts once).
fn stratum_floor_area(parcel: &Parcel, stratum: &crate::model::Stratum) -> f64 {
    parcel.stratum_area(stratum).m2() * f64::from(stratum.floors.unwrap_or(1).max(1))
}

/// Floor area of a parcel by level-1 class.
pub fn floor_area_by_class(parcel: &Parcel) -> BTreeMap<String, f64> {
    let mut areas = BTreeMap::new();
    for stratum in &parcel.strata {
        let floor_area = stratum_floor_area(parcel, stratum);
        for u in &stratum.uses {
            let class = u.code.get(..2).unwrap_or(&u.code).to_owned();
            *areas.entry(class).or_insert(0.0) += floor_area * u.share;
        }
    }
    areas
}

/// Jobs of a parcel: floor area of uses with a floor-area-per-job figure, divided by it.
pub fn jobs(parcel: &Parcel, standard: &Standard) -> f64 {
    parcel
        .strata
        .iter()
        .flat_map(|s| {
            let floor_area = stratum_floor_area(parcel, s);
            s.uses.iter().map(move |u| (u, floor_area))
        })
        .filter_map(|(u, floor_area)| {
            standard
                .floor_area_per_job(&u.code)
                .map(|per_job| floor_area * u.share / per_job)
        })
        .fold(0.0, |a, b| a + b)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParcelMix {
    pub id: String,
    pub diversity: Diversity,
    pub jobs: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HomeMix {
    pub id: String,
    /// Diversity of floor area within the 15-minute radius.
    pub diversity_within_reach: Diversity,
    pub jobs_within_reach: f64,
    pub residents_within_reach: f64,
    /// Jobs per resident within reach (`None` with no residents).
    pub jobs_housing_ratio: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MixReport {
    pub reach_m: f64,
    /// Diversity of the whole scenario's floor area.
    pub district: Diversity,
    pub jobs: f64,
    pub residents: f64,
    pub jobs_housing_ratio: Option<f64>,
    pub parcels: Vec<ParcelMix>,
    pub homes: Vec<HomeMix>,
}

/// Mixed-use and jobs–housing figures of a scenario.
pub fn mix_report(
    plan: &Plan,
    scenario: Scenario,
    standard: &Standard,
    coverage: &Coverage,
) -> MixReport {
    MixInput::gather(plan, scenario, standard, coverage).report()
}

/// What the mix figures read of a plan and its coverage, owned: the editor gathers it
/// (and after an edit only the changed parcels again) and computes the figures from it on
/// another thread, without copying the plan or stalling a frame.
#[derive(Clone, Debug, Default)]
pub struct MixInput {
    reach_m: f64,
    scenario: Option<Scenario>,
    /// The scenario's parcels, in plan order.
    parcels: Vec<ParcelInput>,
    homes: Vec<Home>,
    residents: f64,
}

#[derive(Clone, Debug)]
struct ParcelInput {
    id: ParcelId,
    point: Option<geo::Point<f64>>,
    areas: BTreeMap<String, f64>,
    jobs: f64,
}

impl ParcelInput {
    fn of(parcel: &Parcel, standard: &Standard) -> Self {
        Self {
            id: parcel.id.clone(),
            point: home_point(parcel),
            areas: floor_area_by_class(parcel),
            jobs: jobs(parcel, standard),
        }
    }
}

/// Changed parcels above this many are gathered again with the whole plan (finding each
/// one is a scan of the parcels).
const UPDATE_MAX: usize = 16;

impl MixInput {
    pub fn gather(
        plan: &Plan,
        scenario: Scenario,
        standard: &Standard,
        coverage: &Coverage,
    ) -> Self {
        let reach_m = standard
            .tiers
            .iter()
            .map(|t| t.radius_m)
            .fold(0.0, f64::max);
        let parcels = plan
            .parcels
            .par_iter()
            .filter(|p| p.scenario == scenario)
            .map(|p| ParcelInput::of(p, standard))
            .collect();
        Self {
            reach_m,
            scenario: Some(scenario),
            parcels,
            homes: coverage.homes.clone(),
            residents: coverage.total_population(),
        }
    }

    /// Follows an edit that changed the parcels `changed` (the coverage already follows
    /// it). Parcels added, removed or moved to another scenario gather the whole plan.
    pub fn update(
        &mut self,
        plan: &Plan,
        standard: &Standard,
        coverage: &Coverage,
        changed: &[ParcelId],
    ) {
        let Some(scenario) = self.scenario else {
            return;
        };
        if changed.len() > UPDATE_MAX || !self.update_parcels(plan, scenario, standard, changed) {
            *self = Self::gather(plan, scenario, standard, coverage);
            return;
        }
        self.homes.clone_from(&coverage.homes);
        self.residents = coverage.total_population();
    }

    /// Gathers the changed parcels again in place; false when the scenario's parcels are
    /// no longer the same list.
    fn update_parcels(
        &mut self,
        plan: &Plan,
        scenario: Scenario,
        standard: &Standard,
        changed: &[ParcelId],
    ) -> bool {
        let in_plan = plan
            .parcels
            .iter()
            .filter(|p| p.scenario == scenario)
            .count();
        if in_plan != self.parcels.len() {
            return false;
        }
        for id in changed {
            let now: Vec<&Parcel> = plan.parcels.iter().filter(|p| &p.id == id).collect();
            let kept: Vec<usize> = (0..self.parcels.len())
                .filter(|&i| &self.parcels[i].id == id)
                .collect();
            match (now.as_slice(), kept.as_slice()) {
                ([parcel], [i]) if parcel.scenario == scenario => {
                    self.parcels[*i] = ParcelInput::of(parcel, standard);
                }
                ([parcel], []) if parcel.scenario != scenario => {}
                _ => return false,
            }
        }
        true
    }

    /// The figures (the costly part: sums within reach of every home).
    pub fn report(&self) -> MixReport {
        let mut district = BTreeMap::new();
        for p in &self.parcels {
            for (class, v) in &p.areas {
                *district.entry(class.clone()).or_insert(0.0) += v;
            }
        }
        let total_jobs: f64 = self.parcels.iter().fold(0.0, |a, p| a + p.jobs);
        let residents = self.residents;
        let homes = WithinReach::new(self).homes(&self.homes, self.reach_m);
        MixReport {
            reach_m: self.reach_m,
            district: diversity(&district),
            jobs: total_jobs,
            residents,
            jobs_housing_ratio: (residents > 0.0).then(|| total_jobs / residents),
            parcels: self
                .parcels
                .iter()
                .map(|p| ParcelMix {
                    id: p.id.to_string(),
                    diversity: diversity(&p.areas),
                    jobs: p.jobs,
                })
                .collect(),
            homes,
        }
    }
}

/// The scenario's parcels as the sums within reach of a home read them, by parcel index.
///
/// The figures within reach of a home sum tens of thousands of parcels on a city: the
/// classes are numbered once (in key order, so sums and shares come out in the same
/// order as with maps, bit for bit) and each home adds into one small array.
struct WithinReach {
    points: Vec<Option<geo::Point<f64>>>,
    /// Floor area by class number, per parcel.
    numbered: Vec<Vec<(usize, f64)>>,
    class_count: usize,
    job_counts: Vec<f64>,
    population: Vec<f64>,
}

impl WithinReach {
    fn new(input: &MixInput) -> Self {
        let points: Vec<_> = input.parcels.iter().map(|p| p.point).collect();
        let population_of: BTreeMap<&ParcelId, f64> = input
            .homes
            .iter()
            .map(|h| (&h.parcel, h.population))
            .collect();
        let classes: Vec<&String> = {
            let mut all: Vec<&String> = input.parcels.iter().flat_map(|p| p.areas.keys()).collect();
            all.sort_unstable();
            all.dedup();
            all
        };
        let numbered: Vec<Vec<(usize, f64)>> = input
            .parcels
            .iter()
            .map(|p| {
                p.areas
                    .iter()
                    .map(|(class, v)| (classes.binary_search(&class).unwrap_or(0), *v))
                    .collect()
            })
            .collect();
        let population: Vec<f64> = input
            .parcels
            .iter()
            .map(|p| population_of.get(&p.id).copied().unwrap_or(0.0))
            .collect();
        Self {
            points,
            numbered,
            class_count: classes.len(),
            job_counts: input.parcels.iter().map(|p| p.jobs).collect(),
            population,
        }
    }

    /// The figures within `reach_m` (straight-line) of every home.
    fn homes(&self, homes: &[Home], reach_m: f64) -> Vec<HomeMix> {
        let grid = ReachGrid::new(self, reach_m);
        homes
            .par_iter()
            .map(|home| self.home(&grid, home, reach_m))
            .collect()
    }

    /// Floor area by class, then jobs, then residents of parcel `i`, added to `sums`.
    fn add_parcel(&self, i: usize, sums: &mut [f64]) {
        for &(class, v) in &self.numbered[i] {
            sums[class] += v;
        }
        sums[self.class_count] += self.job_counts[i];
        sums[self.class_count + 1] += self.population[i];
    }

    fn home(&self, grid: &ReachGrid, home: &Home, reach_m: f64) -> HomeMix {
        let sums = grid.sums_within(self, home.point, reach_m);
        let (near, rest) = sums.split_at(self.class_count);
        let (jobs_near, residents_near) = (rest[0], rest[1]);
        HomeMix {
            id: home.parcel.to_string(),
            diversity_within_reach: diversity_of(near.iter().copied()),
            jobs_within_reach: jobs_near,
            residents_within_reach: residents_near,
            jobs_housing_ratio: (residents_near > 0.0).then(|| jobs_near / residents_near),
        }
    }
}

/// The home points of the parcels in square cells an eighth of the reach wide, with
/// each cell's sums: a home adds the sums of the cells wholly within its reach and tests
/// the points of the cells its circle crosses, instead of testing a thousand points.
/// The parcels counted are exactly those within reach (the same distance test); only
/// the order of the additions differs, so sums agree to rounding.
struct ReachGrid {
    west: f64,
    south: f64,
    cell: f64,
    cols: usize,
    rows: usize,
    /// Cell `c` holds parcels `items[starts[c]..starts[c + 1]]`.
    starts: Vec<usize>,
    items: Vec<usize>,
    /// Per cell, `width` sums: floor area by class, jobs, residents.
    sums: Vec<f64>,
    width: usize,
}

/// Cells wholly inside (or outside) the reach by less than this are tested point by
/// point: a point's cell is computed in floating point and may sit a hair outside it.
const CELL_MARGIN_M: f64 = 1e-6;

impl ReachGrid {
    fn new(parcels: &WithinReach, reach_m: f64) -> Self {
        let located: Vec<(usize, geo::Point<f64>)> = parcels
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|p| (i, p)))
            .collect();
        let (mut west, mut south, mut east, mut north) = (0.0f64, 0.0f64, 1.0f64, 1.0f64);
        if let Some((_, first)) = located.first() {
            (west, south, east, north) = (first.x(), first.y(), first.x(), first.y());
        }
        for (_, p) in &located {
            (west, south) = (west.min(p.x()), south.min(p.y()));
            (east, north) = (east.max(p.x()), north.max(p.y()));
        }
        let area = (east - west).max(1.0) * (north - south).max(1.0);
        let cell = (reach_m / 8.0).max((area / 1e6).sqrt()).max(1.0);
        let cols = ((east - west) / cell).floor() as usize + 1;
        let rows = ((north - south) / cell).floor() as usize + 1;
        let width = parcels.class_count + 2;
        let mut grid = Self {
            west,
            south,
            cell,
            cols,
            rows,
            starts: vec![0; cols * rows + 1],
            items: Vec::with_capacity(located.len()),
            sums: vec![0.0; cols * rows * width],
            width,
        };
        let cell_of: Vec<usize> = located.iter().map(|(_, p)| grid.cell_of(*p)).collect();
        for &c in &cell_of {
            grid.starts[c + 1] += 1;
        }
        for c in 0..cols * rows {
            grid.starts[c + 1] += grid.starts[c];
        }
        let mut next = grid.starts.clone();
        grid.items.resize(located.len(), 0);
        for (&(i, _), &c) in located.iter().zip(&cell_of) {
            grid.items[next[c]] = i;
            next[c] += 1;
        }
        for c in 0..cols * rows {
            let (from, to) = (grid.starts[c], grid.starts[c + 1]);
            for k in from..to {
                let sums = &mut grid.sums[c * width..(c + 1) * width];
                parcels.add_parcel(grid.items[k], sums);
            }
        }
        grid
    }

    fn cell_of(&self, p: geo::Point<f64>) -> usize {
        let col = (((p.x() - self.west) / self.cell).floor().max(0.0) as usize).min(self.cols - 1);
        let row = (((p.y() - self.south) / self.cell).floor().max(0.0) as usize).min(self.rows - 1);
        row * self.cols + col
    }

    /// The sums (floor area by class, jobs, residents) of the parcels whose home point is
    /// within `reach_m` of `at`.
    fn sums_within(&self, parcels: &WithinReach, at: geo::Point<f64>, reach_m: f64) -> Vec<f64> {
        let mut sums = vec![0.0; self.width];
        let span = |lo: f64, v: f64, n: usize| {
            let first = ((v - reach_m - lo) / self.cell).floor().max(0.0) as usize;
            let last = ((v + reach_m - lo) / self.cell).floor();
            (first, (last.max(0.0) as usize).min(n - 1), last >= 0.0)
        };
        let (c0, c1, some_x) = span(self.west, at.x(), self.cols);
        let (r0, r1, some_y) = span(self.south, at.y(), self.rows);
        if !(some_x && some_y) {
            return sums;
        }
        // Squared distances for the cell tests (no square root per cell); the margins
        // keep every doubtful cell for the exact test of its points.
        let outside_sq = (reach_m + CELL_MARGIN_M).powi(2);
        let inside_sq = (reach_m - CELL_MARGIN_M).max(0.0).powi(2);
        for row in r0..=r1 {
            let (y0, y1) = (
                self.south + row as f64 * self.cell,
                self.south + (row + 1) as f64 * self.cell,
            );
            for col in c0..=c1 {
                let x0 = self.west + col as f64 * self.cell;
                let x1 = x0 + self.cell;
                let near_dx = (x0 - at.x()).max(at.x() - x1).max(0.0);
                let near_dy = (y0 - at.y()).max(at.y() - y1).max(0.0);
                if near_dx * near_dx + near_dy * near_dy > outside_sq {
                    continue;
                }
                let c = row * self.cols + col;
                let far_dx = (at.x() - x0).abs().max((x1 - at.x()).abs());
                let far_dy = (at.y() - y0).abs().max((y1 - at.y()).abs());
                if reach_m > CELL_MARGIN_M && far_dx * far_dx + far_dy * far_dy <= inside_sq {
                    let cell_sums = &self.sums[c * self.width..(c + 1) * self.width];
                    sums.iter_mut().zip(cell_sums).for_each(|(s, v)| *s += v);
                    continue;
                }
                for &i in &self.items[self.starts[c]..self.starts[c + 1]] {
                    let Some(p) = parcels.points[i] else { continue };
                    // √(dx² + dy²) as the coverage measures: geo's `hypot` cost
                    // more than the sums on a city.
                    if point_distance(p.x() - at.x(), p.y() - at.y()) <= reach_m {
                        parcels.add_parcel(i, &mut sums);
                    }
                }
            }
        }
        sums
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::CoverageOptions;
    use geo::{Distance, Euclidean};

    /// The figures within reach equal a plain sum over every parcel with maps (the way
    /// they were first computed), home by home, on a synthetic district.
    #[test]
    fn figures_within_reach_equal_a_brute_force_sum() {
        figures_equal_brute_force(&crate::synth::city(1_500, 150, 7));
    }

    /// The same on a realistic city: irregular parcels, so home points fall anywhere in
    /// the reach grid's cells, and cells straddle the reach of every home.
    #[test]
    fn figures_within_reach_equal_a_brute_force_sum_on_a_realistic_city() {
        let spec = crate::synth::RealisticSpec::new(900, 4);
        figures_equal_brute_force(&crate::synth::realistic_city(&spec));
    }

    fn figures_equal_brute_force(plan: &Plan) {
        let plan = plan.clone();
        let standard = Standard::default_gb50180();
        let coverage = Coverage::compute(
            &plan,
            Scenario::Proposed,
            &standard,
            CoverageOptions::default(),
        );
        let report = mix_report(&plan, Scenario::Proposed, &standard, &coverage);
        assert!(report.homes.len() > 100, "{} homes", report.homes.len());
        let parcels: Vec<&Parcel> = plan.parcels_in(Scenario::Proposed).collect();
        let population: BTreeMap<_, f64> = coverage
            .homes
            .iter()
            .map(|h| (h.parcel.clone(), h.population))
            .collect();
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(1.0);
        // Each parcel's figures once (the plain functions, no grid): point, floor area by
        // class, jobs, residents.
        let figures_of: Vec<_> = parcels
            .iter()
            .filter_map(|p| {
                let point = home_point(p)?;
                let residents = population.get(&p.id).copied().unwrap_or(0.0);
                Some((point, floor_area_by_class(p), jobs(p, &standard), residents))
            })
            .collect();
        let mut mixed = 0;
        for (home, figures) in coverage.homes.iter().zip(&report.homes) {
            let mut near: BTreeMap<String, f64> = BTreeMap::new();
            let (mut jobs_near, mut residents_near) = (0.0, 0.0);
            for (point, areas, jobs, residents) in &figures_of {
                if Euclidean.distance(point, &home.point) > report.reach_m {
                    continue;
                }
                for (class, v) in areas {
                    *near.entry(class.clone()).or_insert(0.0) += v;
                }
                jobs_near += jobs;
                residents_near += residents;
            }
            let expected = diversity(&near);
            let got = figures.diversity_within_reach;
            assert_eq!(expected.hill0, got.hill0, "{}", figures.id);
            for (e, g) in [
                (expected.hill1, got.hill1),
                (expected.hill2, got.hill2),
                (expected.shannon, got.shannon),
                (jobs_near, figures.jobs_within_reach),
                (residents_near, figures.residents_within_reach),
            ] {
                assert!(close(e, g), "{}: {e} != {g}", figures.id);
            }
            mixed += usize::from(got.hill0 > 1.0);
        }
        assert!(mixed > 0, "no home has mixed uses within reach");
    }
}
