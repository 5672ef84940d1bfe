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
//! original method) or `gaussian` (Dai 2010: (e^(−½(d/r)²) − e^(−½)) / (1 − e^(−½)),
//! 1 at the facility falling to 0 at the radius).
//!
//! [`Access::update`] follows [`Coverage::update`]: a target whose feature did not
//! change keeps its reach list (its distances depend on it and the homes alone).

use std::collections::HashMap;

use rayon::prelude::*;

use super::coverage::{Coverage, Updated};
use super::reach::{HomeGrid, Reached, reach_all, target_reach};
use super::supply::Supply;
use super::targets::TargetSource;
use crate::model::provision::ProvisionRule;
use crate::model::{Changes, Plan, Standard};

/// The distance decay of 2SFCA.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Decay {
    /// 1 within the radius (the original 2SFCA).
    #[default]
    None,
    /// Gaussian: 1 at the facility, 0 at the radius.
    Gaussian,
}

impl Decay {
    /// The weight of a distance `d` within `radius`.
    pub fn weight(self, d: f64, radius: f64) -> f64 {
        match self {
            Decay::None => 1.0,
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
            "gaussian" => Some(Decay::Gaussian),
            _ => None,
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

/// 2SFCA values of one category for every home, from its reach lists (brute-force
/// friendly: plain sums, no index).
pub fn two_step(
    population: &[f64],
    reach: &[Reached],
    supply: &[f64],
    radius: f64,
    decay: Decay,
) -> Vec<f64> {
    let mut value = vec![0.0; population.len()];
    for (j, reached) in reach.iter().enumerate() {
        let demand: f64 = reached
            .iter()
            .map(|&(k, d)| population[k] * decay.weight(d, radius))
            .sum();
        if demand <= 0.0 {
            continue;
        }
        let ratio = supply[j] / demand;
        for &(i, d) in reached {
            value[i] += ratio * decay.weight(d, radius);
        }
    }
    value
}

/// 2SFCA of every category of a coverage analysis, kept up to date with it.
pub struct Access {
    pub decay: Decay,
    pub quantities: Vec<Quantity>,
    /// `[category][target]`, in the coverage's target order.
    reach: Vec<Vec<Reached>>,
    sources: Vec<Vec<TargetSource>>,
    supply: Vec<Vec<Supply>>,
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
            values: Vec::new(),
        };
        access.values = (0..coverage.categories.len())
            .into_par_iter()
            .map(|c| access.category_values(coverage, c))
            .collect();
        access
    }

    fn category_values(&self, coverage: &Coverage, c: usize) -> Vec<f64> {
        let population: Vec<f64> = coverage.homes.iter().map(|h| h.population).collect();
        let q = self.quantities[c];
        let supply: Vec<f64> = self.supply[c].iter().map(|s| q.of_supply(s)).collect();
        two_step(
            &population,
            &self.reach[c],
            &supply,
            coverage.categories[c].radius_m,
            self.decay,
        )
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
            self.values[c] = self.category_values(coverage, c);
        }
    }
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
