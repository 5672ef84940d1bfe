//! Every home's own coverage figures (`coverage.parcels` of `strata analyze --format
//! json`), held as the coverage's distances and named one home at a time when read or
//! written. As rows of named figures (each home a map of category names and two lists
//! of them) a city's took 235 MB, built only to be written once.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use super::coverage::{Coverage, within};

/// One home's coverage figures, named.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct HomeCoverage<'a> {
    pub id: &'a str,
    pub population: f64,
    pub score: f64,
    /// Distance to the nearest target of every category that has one in the scenario;
    /// `None` where none is reachable.
    pub nearest_m: BTreeMap<&'a str, Option<f64>>,
    pub covered: Vec<&'a str>,
    pub missing: Vec<&'a str>,
}

/// Every home's coverage figures, in coverage order; serialised as the list of
/// [`HomeCoverage`]s.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HomeCoverages {
    categories: Vec<Category>,
    /// Each home's parcel id, population and score.
    homes: Vec<(String, f64, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
struct Category {
    id: String,
    radius_m: f64,
    required: bool,
    /// Whether the scenario has a target of it (only those have a nearest distance).
    present: bool,
    /// Each home's distance to its nearest target.
    nearest: Vec<Option<f64>>,
}

impl HomeCoverages {
    pub fn of(coverage: &Coverage) -> Self {
        let categories = coverage
            .categories
            .iter()
            .enumerate()
            .map(|(c, info)| Category {
                id: info.id.clone(),
                radius_m: info.radius_m,
                required: info.required,
                present: !coverage.targets[c].is_empty(),
                nearest: coverage.nearest[c].clone(),
            })
            .collect();
        let homes = coverage
            .homes
            .iter()
            .enumerate()
            .map(|(h, home)| (home.parcel.to_string(), home.population, coverage.score(h)))
            .collect();
        Self { categories, homes }
    }

    pub fn len(&self) -> usize {
        self.homes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.homes.is_empty()
    }

    /// Home `h`'s figures, named.
    pub fn get(&self, h: usize) -> Option<HomeCoverage<'_>> {
        (h < self.len()).then(|| self.row(h))
    }

    /// Every home's figures, named one home at a time.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = HomeCoverage<'_>> + '_ {
        (0..self.len()).map(|h| self.row(h))
    }

    /// Home `h`'s figures, named (`h` < [`HomeCoverages::len`]).
    pub(super) fn row(&self, h: usize) -> HomeCoverage<'_> {
        let (id, population, score) = &self.homes[h];
        // As `Coverage::covered`: a nearest target within the radius.
        let covered = |c: &Category| c.nearest[h].is_some_and(|d| within(d, c.radius_m));
        HomeCoverage {
            id,
            population: *population,
            score: *score,
            nearest_m: self
                .categories
                .iter()
                .filter(|c| c.present)
                .map(|c| (c.id.as_str(), c.nearest[h].map(round_cm)))
                .collect(),
            covered: self
                .categories
                .iter()
                .filter(|c| covered(c))
                .map(Category::name)
                .collect(),
            missing: self
                .categories
                .iter()
                .filter(|c| c.required && !covered(c))
                .map(Category::name)
                .collect(),
        }
    }
}

impl Category {
    fn name(&self) -> &str {
        &self.id
    }
}

impl Serialize for HomeCoverages {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Distances are written to the centimetre.
fn round_cm(d: f64) -> f64 {
    (d * 100.0).round() / 100.0
}
