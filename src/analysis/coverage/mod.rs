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
use crate::model::{ParcelId, Plan, Scenario, Standard};

mod in_place;
mod update;

/// How distances are measured. Written in results by its id (`euclidean`, `network`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
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

    /// The metric's short word in the current language (`euclidean`, `直线距离`), as the
    /// panels, legends and text outputs name it.
    pub fn short_name(self) -> String {
        match self {
            Metric::Euclidean => crate::i18n::tr("metric-short-euclidean"),
            Metric::Network => crate::i18n::tr("metric-short-network"),
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
    /// The distance decay of 2SFCA (`analysis::access`; `analyze --decay`). Coverage
    /// itself does not use it.
    pub decay: super::access::Decay,
}

impl Default for CoverageOptions {
    fn default() -> Self {
        Self {
            metric: Metric::Euclidean,
            radius_override: None,
            area_access_m: 25.0,
            decay: super::access::Decay::None,
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
    /// The standard's Chinese name of the category (empty when it has none).
    pub zh: String,
}

impl CategoryInfo {
    /// The name the interface shows: in English the id as words (`primary school`), in
    /// Chinese the standard's name (`小学`).
    pub fn display_name(&self) -> String {
        crate::model::reference::category_name(&self.id, &self.zh, crate::i18n::lang())
    }
}

/// The network side of one category: where its targets join, and the distances from
/// them to every junction.
pub struct CategoryNetwork {
    /// Joins of every target (in target order).
    pub joins: Vec<Vec<Join>>,
    /// The same joins by chain, for points on a target's own chain.
    pub direct: HashMap<u32, Vec<Join>>,
    pub distances: NodeDistances,
}

/// The network side of a coverage analysis.
pub struct NetworkState {
    pub network: Network,
    pub home_joins: Vec<Option<Join>>,
    pub categories: Vec<CategoryNetwork>,
}

/// What an update recomputed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Updated {
    /// Categories whose targets changed (every home recomputed).
    pub categories: Vec<usize>,
    /// The set of homes or their positions changed.
    pub homes: bool,
    /// The walking network was rebuilt (streets changed).
    pub network: bool,
    /// Bounding boxes of the targets removed and added, per category: outside them
    /// (plus the radius) no straight-line distance changed.
    pub regions: Vec<(usize, geo::Rect<f64>)>,
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
    /// Where each parcel of the plan is, followed edit by edit (`update.rs`): an edit
    /// that changed parcels in place updates their homes in place (`in_place.rs`).
    lookup: crate::model::ParcelLookup,
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
                zh: c.zh.clone(),
            })
            .collect();
        use crate::timings::stage;
        let (targets, homes) = stage("homes and targets", || {
            rayon::join(
                || targets(plan, scenario, standard),
                || homes(plan, scenario, standard),
            )
        });
        let indexes = targets.par_iter().map(|t| TargetIndex::new(t)).collect();
        let network = (options.metric == Metric::Network)
            .then(|| stage("network build", || Network::build(plan, scenario)));
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
            // Made here (a pass over the ids, on the analysis' thread in the editor), not
            // on the first edit's frame.
            lookup: crate::model::ParcelLookup::new(plan),
        };
        if let Some(network) = network {
            coverage.network = Some(stage("network joins", || coverage.network_state(network)));
        }
        coverage.nearest = stage("nearest per category", || {
            (0..coverage.categories.len())
                .into_par_iter()
                .map(|c| coverage.nearest_of_category(c))
                .collect()
        });
        coverage
    }

    fn nearest_of_category(&self, c: usize) -> Vec<Option<f64>> {
        match self.network {
            None => {
                let points: Vec<(f64, f64)> = self
                    .homes
                    .iter()
                    .map(|h| (h.point.x(), h.point.y()))
                    .collect();
                self.indexes[c]
                    .nearest_many(&points)
                    .into_iter()
                    .map(|n| n.map(|(_, d)| d))
                    .collect()
            }
            Some(_) => self
                .homes
                .iter()
                .enumerate()
                .map(|(h, home)| self.home_distance(c, h, home.point))
                .collect(),
        }
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
        let mut areas: Vec<(&ParcelId, &MultiPolygon<f64>)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for t in self.targets.iter().flatten() {
            if let (Some(parcel), TargetShape::Area(shape)) = (t.source.parcel(), &t.shape)
                && seen.insert(parcel)
            {
                areas.push((parcel, shape));
            }
        }
        let area_joins: HashMap<&ParcelId, Vec<Join>> = areas
            .par_iter()
            .map(|&(parcel, shape)| (parcel, network.join_area(shape, access, off)))
            .collect();
        let categories = self
            .targets
            .par_iter()
            .map(|targets| self.category_network(&network, targets, &area_joins))
            .collect();
        NetworkState {
            network,
            home_joins,
            categories,
        }
    }

    fn category_network(
        &self,
        network: &Network,
        targets: &[Target],
        area_joins: &HashMap<&ParcelId, Vec<Join>>,
    ) -> CategoryNetwork {
        let (access, off) = (self.options.area_access_m, self.off_network_m);
        let joins: Vec<Vec<Join>> = targets
            .iter()
            .map(
                |t| match t.source.parcel().and_then(|p| area_joins.get(p)) {
                    Some(joins) => joins.clone(),
                    None => target_joins(network, t, access, off),
                },
            )
            .collect();
        category_network_of(network, joins)
    }

    fn home_distance(&self, category: usize, home: usize, point: Point<f64>) -> Option<f64> {
        match &self.network {
            None => self.indexes[category].nearest(point).map(|(_, d)| d),
            Some(state) => {
                let join = state.home_joins[home]?;
                self.network_distance(state, category, &join)
            }
        }
    }

    fn network_distance(&self, state: &NetworkState, category: usize, join: &Join) -> Option<f64> {
        let cat = &state.categories[category];
        let direct = cat
            .direct
            .get(&state.network.chain_position(join).0)
            .map_or(&[][..], Vec::as_slice);
        let d = state.network.distance_from(join, &cat.distances, direct);
        d.is_finite().then_some(d)
    }

    /// Network distance from an already joined point (heatmap cells join once and are
    /// evaluated per category); `None` for a straight-line analysis or when unreachable.
    pub fn distance_from_join(&self, category: usize, join: &Join) -> Option<f64> {
        self.network
            .as_ref()
            .and_then(|state| self.network_distance(state, category, join))
    }

    /// Where a point joins this analysis' walking network (`None` off the network or for
    /// a straight-line analysis).
    pub fn join(&self, point: Point<f64>) -> Option<Join> {
        self.network
            .as_ref()
            .and_then(|state| state.network.join(point, self.off_network_m))
    }

    /// Distance from any point to the nearest target of a category, by this analysis'
    /// metric (used for heatmap cells; homes use the same function).
    pub fn distance_at(&self, category: usize, point: Point<f64>) -> Option<f64> {
        match &self.network {
            None => self.indexes[category].nearest(point).map(|(_, d)| d),
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
        // Asked for every home after every edit: no allocation here.
        let (mut required, mut covered) = (0usize, 0usize);
        for c in 0..self.categories.len() {
            if self.categories[c].required {
                required += 1;
                covered += usize::from(self.covered(c, home));
            }
        }
        if required == 0 {
            return 1.0;
        }
        covered as f64 / required as f64
    }

    pub fn total_population(&self) -> f64 {
        self.homes
            .iter()
            .map(|h| h.population)
            .fold(0.0, |a, b| a + b)
    }
}

/// The network side of a category from its targets' joins (in target order): the
/// distances from them over the network, and the joins by chain.
pub(super) fn category_network_of(network: &Network, joins: Vec<Vec<Join>>) -> CategoryNetwork {
    let sources: Vec<(u32, f64)> = joins
        .iter()
        .flatten()
        .flat_map(|j| network.sources(j))
        .collect();
    let mut direct: HashMap<u32, Vec<Join>> = HashMap::new();
    for j in joins.iter().flatten() {
        direct
            .entry(network.chain_position(j).0)
            .or_default()
            .push(*j);
    }
    CategoryNetwork {
        distances: network.distances(&sources),
        joins,
        direct,
    }
}

/// Where a target joins the network: a point by projection, an area at its boundary.
pub fn target_joins(
    network: &Network,
    target: &Target,
    access_m: f64,
    off_network_m: f64,
) -> Vec<Join> {
    match &target.shape {
        TargetShape::Point(p) => network.join(*p, off_network_m).into_iter().collect(),
        TargetShape::Area(area) => network.join_area(area, access_m, off_network_m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Changes;

    /// A facility held elsewhere gives the analysis of the plan with it there, and the
    /// plan is not touched; updating by its id brings the plan's analysis back.
    #[test]
    fn what_if_equals_the_moved_plan_and_reverts() {
        let plan = crate::synth::city(64, 30, 1);
        let standard = Standard::default_gb50180();
        let options = CoverageOptions::default();
        let scenario = Scenario::Proposed;
        let original = Coverage::compute(&plan, scenario, &standard, options.clone());
        let mut coverage = Coverage::compute(&plan, scenario, &standard, options.clone());
        let index = plan
            .facilities
            .iter()
            .position(|f| f.scenario == scenario)
            .expect("a facility");
        let mut moved = plan.facilities[index].clone();
        moved.position = Point::new(moved.position.x() + 700.0, moved.position.y() - 400.0);
        let before = plan.clone();
        coverage.update_what_if(&plan, &standard, &moved);
        assert_eq!(plan, before, "the plan is not touched");
        let mut edited = plan.clone();
        edited.facilities[index] = moved.clone();
        let expected = Coverage::compute(&edited, scenario, &standard, options);
        assert_eq!(coverage.nearest, expected.nearest);
        assert_ne!(
            coverage.nearest, original.nearest,
            "the move changes something"
        );
        let changes = Changes {
            facilities: vec![moved.id.clone()],
            ..Default::default()
        };
        coverage.update(&plan, &standard, &changes);
        assert_eq!(coverage.nearest, original.nearest);
    }
}
