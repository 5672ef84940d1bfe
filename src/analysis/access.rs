//! Supply–demand accessibility: the two-step floating catchment area method (2SFCA,
//! Luo & Wang 2003; docs/analysis.md *Accessibility*), per home and category, on the
//! reach lists of [`super::reach`] (the coverage's metric and radius).
//!
//! 1. Every target j: R_j = S_j / Σ_k P_k·W(d_kj) over the homes k within the radius
//!    (S_j its supply, P_k residents), 0 when no one lives within reach.
//! 2. Every home i: A_i = Σ_j R_j·W(d_ij) over the targets j within the radius.
//!
//! A_i is supply per resident; reports show it per 1,000 residents. The supply is the
//! category's places where the standard counts places, else floor area, else land
//! ([`Quantity::of`]). W is the distance decay: `none` (1 within the radius, the
//! original method), `linear` (1 − d/r) or `gaussian` (Dai 2010:
//! (e^(−½(d/r)²) − e^(−½)) / (1 − e^(−½)), 1 at the facility falling to 0 at the radius).
//!
//! The *need met* of a home ([`need_met`]) is A_i over the standard's per-resident
//! figure of the same quantity: for kindergarten places, the places per child who needs
//! one (1 = exactly the standard). The map's *places* colour mode and heat value show it.
//!
//! [`Access::update`] follows [`Coverage::update`]: a target whose feature did not
//! change keeps its reach list (its distances depend on it and the homes alone).

use std::collections::HashMap;

use rayon::prelude::*;

use geo::Rect;

use super::coverage::{Coverage, Updated, within};
use super::heatmap::HeatGrid;
use super::network::Join;
use super::reach::{HomeGrid, Reached, TargetField, reach_all, target_reach};
use super::supply::Supply;
use super::targets::{Target, TargetSource};
use crate::model::provision::ProvisionRule;
use crate::model::{Changes, ParcelId, Plan, Standard};

/// The distance decay of 2SFCA.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Decay {
    /// 1 within the radius (the original 2SFCA).
    #[default]
    None,
    /// Linear: 1 at the facility, 0 at the radius.
    Linear,
    /// Gaussian: 1 at the facility, 0 at the radius.
    Gaussian,
}

impl Decay {
    /// The weight of a distance `d` within `radius`.
    pub fn weight(self, d: f64, radius: f64) -> f64 {
        match self {
            Decay::None => 1.0,
            Decay::Linear if radius > 0.0 => (1.0 - d / radius).max(0.0),
            Decay::Linear => 1.0,
            Decay::Gaussian => {
                let edge = (-0.5f64).exp();
                let ratio = if radius > 0.0 { d / radius } else { 0.0 };
                (((-0.5 * ratio * ratio).exp() - edge) / (1.0 - edge)).max(0.0)
            }
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "none" => Some(Decay::None),
            "linear" => Some(Decay::Linear),
            "gaussian" => Some(Decay::Gaussian),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Decay::None => "none",
            Decay::Linear => "linear",
            Decay::Gaussian => "gaussian",
        }
    }
}

/// Which supply figure 2SFCA divides among residents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    Places,
    Floor,
    Land,
}

impl Quantity {
    /// Places where the standard counts them for the category, else floor area when it
    /// gives floor per 1,000, else land.
    pub fn of(rule: Option<&ProvisionRule>) -> Self {
        match rule {
            Some(r) if r.places_per_1000.is_some() => Quantity::Places,
            Some(r) if r.floor_per_1000_m2.is_some() => Quantity::Floor,
            Some(r) if r.land_per_1000_m2.is_some() => Quantity::Land,
            _ => Quantity::Places,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Quantity::Places => "places",
            Quantity::Floor => "floor_m2",
            Quantity::Land => "land_m2",
        }
    }

    pub fn of_supply(self, s: &Supply) -> f64 {
        match self {
            Quantity::Places => s.places,
            Quantity::Floor => s.floor_m2,
            Quantity::Land => s.land_m2,
        }
        .unwrap_or(0.0)
    }
}

/// Step 1 of 2SFCA: every target's supply over the weighted residents it reaches (0 when
/// no one lives within reach).
pub fn target_ratios(
    population: &[f64],
    reach: &[Reached],
    supply: &[f64],
    radius: f64,
    decay: Decay,
) -> Vec<f64> {
    reach
        .iter()
        .zip(supply)
        .map(|(reached, &s)| {
            let demand: f64 = reached
                .iter()
                .map(|&(k, d)| population[k] * decay.weight(d, radius))
                .sum();
            if demand > 0.0 { s / demand } else { 0.0 }
        })
        .collect()
}

/// 2SFCA values of one category for every home, from its reach lists (brute-force
/// friendly: plain sums, no index).
pub fn two_step(
    population: &[f64],
    reach: &[Reached],
    supply: &[f64],
    radius: f64,
    decay: Decay,
) -> Vec<f64> {
    let ratios = target_ratios(population, reach, supply, radius, decay);
    let mut value = vec![0.0; population.len()];
    for (reached, ratio) in reach.iter().zip(ratios) {
        for &(i, d) in reached {
            value[i] += ratio * decay.weight(d, radius);
        }
    }
    value
}

/// The standard's figure of `quantity` per resident for a category (the minimum of its
/// per-1,000 range ÷ 1,000); `None` where it gives none.
pub fn need_per_resident(rule: Option<&ProvisionRule>, quantity: Quantity) -> Option<f64> {
    let rule = rule?;
    let per_1000 = match quantity {
        Quantity::Places => rule.places_per_1000,
        Quantity::Floor => rule.floor_per_1000_m2.map(|r| r[0]),
        Quantity::Land => rule.land_per_1000_m2.map(|r| r[0]),
    }?;
    (per_1000 > 0.0).then_some(per_1000 / 1000.0)
}

/// The need met of every home in category `c` by parcel id: its 2SFCA value over the
/// standard's per-resident figure (empty when the standard gives none).
pub fn need_met(
    access: &Access,
    coverage: &Coverage,
    standard: &Standard,
    c: usize,
) -> HashMap<ParcelId, f64> {
    let Some(info) = coverage.categories.get(c) else {
        return HashMap::new();
    };
    let Some(need) = need_per_resident(standard.provision(&info.id), access.quantities[c]) else {
        return HashMap::new();
    };
    coverage
        .homes
        .iter()
        .zip(&access.values[c])
        .map(|(home, v)| (home.parcel.clone(), v / need))
        .collect()
}

/// 2SFCA of every category of a coverage analysis, kept up to date with it.
pub struct Access {
    pub decay: Decay,
    pub quantities: Vec<Quantity>,
    /// `[category][target]`, in the coverage's target order.
    reach: Vec<Vec<Reached>>,
    sources: Vec<Vec<TargetSource>>,
    supply: Vec<Vec<Supply>>,
    /// `[category][target]`: step 1, supply per weighted resident reached.
    ratios: Vec<Vec<f64>>,
    /// `[category][home]`: supply per resident.
    pub values: Vec<Vec<f64>>,
}

impl Access {
    pub fn compute(plan: &Plan, coverage: &Coverage, standard: &Standard, decay: Decay) -> Self {
        let reach = reach_all(coverage);
        let supply = super::provision::supplies(plan, coverage, standard);
        let mut access = Self {
            decay,
            quantities: coverage
                .categories
                .iter()
                .map(|c| Quantity::of(standard.provision(&c.id)))
                .collect(),
            sources: (0..coverage.categories.len())
                .map(|c| sources_of(coverage, c))
                .collect(),
            reach,
            supply,
            ratios: Vec::new(),
            values: Vec::new(),
        };
        (access.ratios, access.values) = (0..coverage.categories.len())
            .into_par_iter()
            .map(|c| access.category_values(coverage, c))
            .unzip();
        access
    }

    /// Step 1 and step 2 of one category: the targets' ratios and the homes' values.
    fn category_values(&self, coverage: &Coverage, c: usize) -> (Vec<f64>, Vec<f64>) {
        let population: Vec<f64> = coverage.homes.iter().map(|h| h.population).collect();
        let q = self.quantities[c];
        let supply: Vec<f64> = self.supply[c].iter().map(|s| q.of_supply(s)).collect();
        let radius = coverage.categories[c].radius_m;
        let ratios = target_ratios(&population, &self.reach[c], &supply, radius, self.decay);
        let mut values = vec![0.0; population.len()];
        for (reached, ratio) in self.reach[c].iter().zip(&ratios) {
            for &(i, d) in reached {
                values[i] += ratio * self.decay.weight(d, radius);
            }
        }
        (ratios, values)
    }

    /// The 2SFCA value of category `c` at every cell centre of a grid over `extent`
    /// (step 2 at a point, as for a home: the ratios of the targets within the radius by
    /// the coverage's metric, weighted by the decay); NaN where a cell centre is off
    /// the walking network of a network analysis.
    pub fn grid(&self, coverage: &Coverage, c: usize, extent: Rect<f64>, cell_m: f64) -> HeatGrid {
        let mut grid = HeatGrid::covering(extent, cell_m);
        let radius = coverage.categories[c].radius_m;
        let joins: Option<Vec<Option<Join>>> = coverage.network.as_ref().map(|_| {
            (0..grid.cols * grid.rows)
                .into_par_iter()
                .map(|i| coverage.join(grid.center(i % grid.cols, i / grid.cols)))
                .collect()
        });
        let per_target: Vec<Vec<(usize, f64)>> = coverage.targets[c]
            .par_iter()
            .zip(&self.ratios[c])
            .map(|(target, &ratio)| {
                if ratio <= 0.0 {
                    return Vec::new();
                }
                cells_reached(coverage, &grid, target, radius, joins.as_deref())
                    .into_iter()
                    .map(|(i, d)| (i, ratio * self.decay.weight(d, radius)))
                    .collect()
            })
            .collect();
        for (i, v) in grid.values.iter_mut().enumerate() {
            let off_network = joins.as_ref().is_some_and(|j| j[i].is_none());
            *v = if off_network { f64::NAN } else { 0.0 };
        }
        for (i, w) in per_target.into_iter().flatten() {
            grid.values[i] += w;
        }
        grid
    }

    /// Brings the values up to date after `coverage.update` (whose result is `updated`)
    /// for an edit with `changes`: the touched categories only, and in them only the
    /// changed targets' reach; everything when the homes or the streets changed.
    pub fn update(
        &mut self,
        plan: &Plan,
        coverage: &Coverage,
        standard: &Standard,
        updated: &Updated,
        changes: &Changes,
    ) {
        if updated.homes || updated.network {
            *self = Self::compute(plan, coverage, standard, self.decay);
            return;
        }
        let grid = HomeGrid::new(coverage);
        let supplies = super::provision::supplies_of(plan, coverage, standard, &updated.categories);
        for (&c, supply) in updated.categories.iter().zip(supplies) {
            let old: HashMap<&TargetSource, usize> = self.sources[c]
                .iter()
                .enumerate()
                .map(|(t, s)| (s, t))
                .collect();
            let radius = coverage.categories[c].radius_m;
            let reach: Vec<Reached> = coverage.targets[c]
                .par_iter()
                .map(|t| match old.get(&t.source) {
                    Some(&i) if !is_changed(&t.source, changes) => self.reach[c][i].clone(),
                    _ => target_reach(coverage, &grid, t, radius),
                })
                .collect();
            self.reach[c] = reach;
            self.sources[c] = sources_of(coverage, c);
            self.supply[c] = supply;
            (self.ratios[c], self.values[c]) = self.category_values(coverage, c);
        }
    }
}

/// The cells whose centre lies within `radius` of a target (by the coverage's metric)
/// and their distance.
fn cells_reached(
    coverage: &Coverage,
    grid: &HeatGrid,
    target: &Target,
    radius: f64,
    joins: Option<&[Option<Join>]>,
) -> Vec<(usize, f64)> {
    let Some(rect) = target.bounding_rect() else {
        return Vec::new();
    };
    // Network distances are never shorter than straight-line ones: the box bounds both.
    let reach = radius + grid.cell_m;
    let clamp_row = |v: f64| v.clamp(0.0, (grid.rows - 1) as f64) as usize;
    let clamp_col = |v: f64| v.clamp(0.0, (grid.cols - 1) as f64) as usize;
    let r0 = clamp_row(((grid.north - (rect.max().y + reach)) / grid.cell_m).floor());
    let r1 = clamp_row(((grid.north - (rect.min().y - reach)) / grid.cell_m).floor());
    let c0 = clamp_col(((rect.min().x - reach - grid.west) / grid.cell_m).floor());
    let c1 = clamp_col(((rect.max().x + reach - grid.west) / grid.cell_m).floor());
    let field = TargetField::within(coverage, target, radius + 1.0);
    let mut found = Vec::new();
    for row in r0..=r1 {
        for col in c0..=c1 {
            let i = row * grid.cols + col;
            let join = joins.and_then(|j| j[i]);
            if joins.is_some() && join.is_none() {
                continue;
            }
            if let Some(d) = field.distance(coverage, grid.center(col, row), join)
                && within(d, radius)
            {
                found.push((i, d));
            }
        }
    }
    found
}

/// The sources of a category's targets, in target order.
fn sources_of(coverage: &Coverage, c: usize) -> Vec<TargetSource> {
    coverage.targets[c]
        .iter()
        .map(|t| t.source.clone())
        .collect()
}

/// Whether a target comes from a feature the changes name.
fn is_changed(source: &TargetSource, changes: &Changes) -> bool {
    match source {
        TargetSource::Facility(id) => changes.facilities.contains(id),
        TargetSource::Hosted { parcel, .. } | TargetSource::Park { parcel } => {
            changes.parcels.contains(parcel)
        }
    }
}
