//! Life-circle coverage (DESIGN.md "Analysis definitions"): for every home, the distance
//! to the nearest target of every category — straight-line, or along the walking network
//! — whether it is within the category's radius, the home's score, and the district
//! figures weighted by population.

use std::collections::HashMap;

use geo::{MultiPolygon, Point};
use rayon::prelude::*;

use super::homes::{Home, homes};
use super::network::{Join, Network, NodeDistances};
use super::targets::{Target, TargetIndex, TargetShape, targets};
use crate::model::{Plan, Scenario, Standard};

/// How distances are measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Metric {
    /// Straight-line distance.
    #[default]
    Euclidean,
    /// Along walkable streets (offset + network path + offset).
    Network,
}

impl Metric {
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Euclidean => "euclidean",
            Metric::Network => "network",
        }
    }
}

/// A distance within this of the radius counts as within it (floating-point noise, far
/// below the 1 cm that matters).
pub const RADIUS_TOLERANCE_M: f64 = 1e-6;

/// Whether a distance is within a radius.
pub fn within(distance: f64, radius: f64) -> bool {
    distance <= radius + RADIUS_TOLERANCE_M
}

/// Options of a coverage analysis.
#[derive(Clone, Debug)]
pub struct CoverageOptions {
    pub metric: Metric,
    /// Replaces every category's radius (comparisons with other tools).
    pub radius_override: Option<f64>,
    /// A parcel reached at its boundary joins every walkable segment within this distance.
    pub area_access_m: f64,
}

impl Default for CoverageOptions {
    fn default() -> Self {
        Self {
            metric: Metric::Euclidean,
            radius_override: None,
            area_access_m: 25.0,
        }
    }
}

/// A category as analysed.
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryInfo {
    pub id: String,
    pub tier: String,
    pub radius_m: f64,
    pub required: bool,
}

/// The network side of a coverage analysis.
pub struct NetworkState {
    pub network: Network,
    pub home_joins: Vec<Option<Join>>,
    /// Joins of every target, per category.
    pub target_joins: Vec<Vec<Vec<Join>>>,
    /// Joins of each category's targets by chain, for targets on a point's own chain.
    pub direct: Vec<HashMap<u32, Vec<Join>>>,
    /// Distances from each category's targets to every node.
    pub node_distances: Vec<NodeDistances>,
}

/// Coverage of one scenario: the homes, the targets and the nearest distance from every
/// home to every category.
pub struct Coverage {
    pub scenario: Scenario,
    pub options: CoverageOptions,
    pub off_network_m: f64,
    pub categories: Vec<CategoryInfo>,
    pub homes: Vec<Home>,
    pub targets: Vec<Vec<Target>>,
    pub indexes: Vec<TargetIndex>,
    pub network: Option<NetworkState>,
    /// `nearest[category][home]`: distance to the nearest target, `None` if unreachable.
    pub nearest: Vec<Vec<Option<f64>>>,
}

impl Coverage {
    /// Computes coverage of a scenario.
    ///
    /// ```
    /// let plan = strata::synth::city(64, 30, 1);
    /// let standard = strata::model::Standard::default_gb50180();
    /// let coverage = strata::analysis::Coverage::compute(
    ///     &plan, strata::model::Scenario::Proposed, &standard, Default::default());
    /// assert_eq!(coverage.nearest.len(), standard.categories.len());
    /// ```
    pub fn compute(
        plan: &Plan,
        scenario: Scenario,
        standard: &Standard,
        options: CoverageOptions,
    ) -> Self {
        let categories = standard
            .categories
            .iter()
            .map(|c| CategoryInfo {
                id: c.id.clone(),
                tier: c.tier.clone(),
                radius_m: options
                    .radius_override
                    .unwrap_or_else(|| standard.radius_m(c)),
                required: c.required,
            })
            .collect();
        let (targets, homes) = rayon::join(
            || targets(plan, scenario, standard),
            || homes(plan, scenario, standard),
        );
        let indexes = targets.par_iter().map(|t| TargetIndex::new(t)).collect();
        let network = (options.metric == Metric::Network).then(|| Network::build(plan, scenario));
        let mut coverage = Self {
            scenario,
            off_network_m: standard.off_network_m,
            options,
            categories,
            homes,
            targets,
            indexes,
            network: None,
            nearest: Vec::new(),
        };
        if let Some(network) = network {
            coverage.network = Some(coverage.network_state(network));
        }
        let points: Vec<(f64, f64)> = coverage
            .homes
            .iter()
            .map(|h| (h.point.x(), h.point.y()))
            .collect();
        coverage.nearest = (0..coverage.categories.len())
            .into_par_iter()
            .map(|c| match coverage.network {
                None => coverage.indexes[c]
                    .nearest_many(&points)
                    .into_iter()
                    .map(|n| n.map(|(_, d)| d))
                    .collect(),
                Some(_) => coverage
                    .homes
                    .iter()
                    .enumerate()
                    .map(|(h, home)| coverage.home_distance(c, h, home.point))
                    .collect(),
            })
            .collect();
        coverage
    }

    fn network_state(&self, network: Network) -> NetworkState {
        let off = self.off_network_m;
        let access = self.options.area_access_m;
        let home_joins = self
            .homes
            .par_iter()
            .map(|h| network.join(h.point, off))
            .collect();
        // Hosted facilities and parks of one parcel share its boundary: join it once.
        let mut areas: Vec<(usize, &MultiPolygon<f64>)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for t in self.targets.iter().flatten() {
            if let (Some(parcel), TargetShape::Area(shape)) = (t.source.parcel(), &t.shape)
                && seen.insert(parcel)
            {
                areas.push((parcel, shape));
            }
        }
        let area_joins: HashMap<usize, Vec<Join>> = areas
            .par_iter()
            .map(|&(parcel, shape)| (parcel, network.join_area(shape, access, off)))
            .collect();
        let target_joins: Vec<Vec<Vec<Join>>> = self
            .targets
            .par_iter()
            .map(|ts| {
                ts.iter()
                    .map(
                        |t| match t.source.parcel().and_then(|p| area_joins.get(&p)) {
                            Some(joins) => joins.clone(),
                            None => target_joins(&network, t, access, off),
                        },
                    )
                    .collect()
            })
            .collect();
        let node_distances = target_joins
            .par_iter()
            .map(|joins| {
                let sources: Vec<(u32, f64)> = joins
                    .iter()
                    .flatten()
                    .flat_map(|j| network.sources(j))
                    .collect();
                network.distances(&sources)
            })
            .collect();
        let direct = target_joins
            .iter()
            .map(|joins| {
                let mut by_chain: HashMap<u32, Vec<Join>> = HashMap::new();
                for j in joins.iter().flatten() {
                    by_chain
                        .entry(network.chain_position(j).0)
                        .or_default()
                        .push(*j);
                }
                by_chain
            })
            .collect();
        NetworkState {
            network,
            home_joins,
            target_joins,
            direct,
            node_distances,
        }
    }

    fn home_distance(&self, category: usize, home: usize, point: Point<f64>) -> Option<f64> {
        match &self.network {
            None => self.indexes[category]
                .nearest(point)
                .map(|(t, _)| self.targets[category][t].distance(&point)),
            Some(state) => {
                let join = state.home_joins[home]?;
                self.network_distance(state, category, &join)
            }
        }
    }

    fn network_distance(&self, state: &NetworkState, category: usize, join: &Join) -> Option<f64> {
        let direct = state.direct[category]
            .get(&state.network.chain_position(join).0)
            .map_or(&[][..], Vec::as_slice);
        let d = state
            .network
            .distance_from(join, &state.node_distances[category], direct);
        d.is_finite().then_some(d)
    }

    /// Distance from any point to the nearest target of a category, by this analysis'
    /// metric (used for heatmap cells; homes use the same function).
    pub fn distance_at(&self, category: usize, point: Point<f64>) -> Option<f64> {
        match &self.network {
            None => self.indexes[category]
                .nearest(point)
                .map(|(t, _)| self.targets[category][t].distance(&point)),
            Some(state) => {
                let join = state.network.join(point, self.off_network_m)?;
                self.network_distance(state, category, &join)
            }
        }
    }

    /// Whether a home has a category within its radius.
    pub fn covered(&self, category: usize, home: usize) -> bool {
        self.nearest[category][home].is_some_and(|d| within(d, self.categories[category].radius_m))
    }

    /// Share of required categories a home has within reach.
    pub fn score(&self, home: usize) -> f64 {
        let required: Vec<usize> = (0..self.categories.len())
            .filter(|&c| self.categories[c].required)
            .collect();
        if required.is_empty() {
            return 1.0;
        }
        let covered = required.iter().filter(|&&c| self.covered(c, home)).count();
        covered as f64 / required.len() as f64
    }

    pub fn total_population(&self) -> f64 {
        self.homes.iter().map(|h| h.population).sum()
    }
}

/// Where a target joins the network: a point by projection, an area at its boundary.
pub fn target_joins(
    network: &Network,
    target: &Target,
    access_m: f64,
    off_network_m: f64,
) -> Vec<Join> {
    use super::targets::TargetShape;
    match &target.shape {
        TargetShape::Point(p) => network.join(*p, off_network_m).into_iter().collect(),
        TargetShape::Area(area) => network.join_area(area, access_m, off_network_m),
    }
}
