//! The map legend's land uses and their areas per scenario, summed from a compact row
//! per parcel (its scenario, its shown use as an index into a table of codes, its
//! area). An edit sets the rows of the parcels it changed and sums the rows again: a
//! pass over 100 000 small rows, where summing from the parcels themselves meant
//! reaching every parcel's geometry and use text (a cache miss or two each) and hashing
//! its code. The sums are the same as [`UseAreas::sum_use_areas`]'s: added in plan
//! order, largest first, ties in the order the uses first appear.

use rustc_hash::FxHashMap;

use crate::model::{Parcel, Scenario};
use crate::render::present::legend::UseAreas;
use crate::render::style;

#[derive(Clone, Copy, Debug, PartialEq)]
struct Row {
    scenario: Scenario,
    code: Option<u32>,
    area: f64,
}

/// Each parcel's scenario, shown use and area (same index as the plan's parcels).
#[derive(Clone, Debug, Default)]
pub struct UseRows {
    codes: Vec<String>,
    ids: FxHashMap<String, u32>,
    rows: Vec<Row>,
}

impl UseRows {
    /// The rows of `parcels` with their areas.
    pub fn new<'a>(parcels: impl Iterator<Item = (&'a Parcel, f64)>) -> Self {
        let mut this = Self::default();
        for (parcel, area) in parcels {
            let row = this.row(parcel, area);
            this.rows.push(row);
        }
        this
    }

    fn row(&mut self, parcel: &Parcel, area: f64) -> Row {
        let code = style::shown_use(parcel).map(|code| match self.ids.get(code) {
            Some(&id) => id,
            None => {
                let id = self.codes.len() as u32;
                self.codes.push(code.to_owned());
                self.ids.insert(code.to_owned(), id);
                id
            }
        });
        Row {
            scenario: parcel.scenario,
            code,
            area,
        }
    }

    /// Sets the row of the parcel at `i`; true when it changed.
    pub fn set(&mut self, i: usize, parcel: &Parcel, area: f64) -> bool {
        let row = self.row(parcel, area);
        match self.rows.get_mut(i) {
            Some(slot) if *slot != row => {
                *slot = row;
                true
            }
            _ => false,
        }
    }

    /// The legend's uses and areas of each scenario (existing, proposed); the mixed
    /// flags are the caller's.
    pub fn legend(&self) -> [UseAreas; 2] {
        [Scenario::Existing, Scenario::Proposed].map(|scenario| UseAreas {
            uses: self.sums(scenario),
            mixed: false,
        })
    }

    fn sums(&self, scenario: Scenario) -> Vec<(String, f64)> {
        // Per code: its place in the order of first appearance, and its sum.
        let mut at: Vec<Option<usize>> = vec![None; self.codes.len()];
        let mut uses: Vec<(String, f64)> = Vec::new();
        for row in self.rows.iter().filter(|r| r.scenario == scenario) {
            let Some(code) = row.code else { continue };
            match at[code as usize] {
                Some(k) => uses[k].1 += row.area,
                None => {
                    at[code as usize] = Some(uses.len());
                    uses.push((self.codes[code as usize].clone(), row.area));
                }
            }
        }
        uses.sort_by(|a, b| b.1.total_cmp(&a.1));
        uses
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stratum;

    fn parcel(id: &str, scenario: Scenario, code: &str) -> Parcel {
        let mut p = Parcel::new(id, scenario, geo::MultiPolygon::new(Vec::new()));
        p.strata = vec![Stratum::ground("g", code)];
        p
    }

    #[test]
    fn sums_equal_summing_the_parcels_before_and_after_an_edit() {
        let mut parcels = vec![
            (parcel("a", Scenario::Proposed, "0701"), 0.1),
            (parcel("b", Scenario::Proposed, "0902"), 0.7),
            (parcel("c", Scenario::Existing, "0701"), 5.0),
            (parcel("d", Scenario::Proposed, "0701"), 0.2),
            (parcel("e", Scenario::Proposed, "1401"), 0.3),
        ];
        let direct = |parcels: &[(Parcel, f64)], scenario| {
            UseAreas::sum_use_areas(
                parcels
                    .iter()
                    .filter(|(p, _)| p.scenario == scenario)
                    .filter_map(|(p, a)| Some((style::shown_use(p)?, *a))),
            )
        };
        let mut rows = UseRows::new(parcels.iter().map(|(p, a)| (p, *a)));
        for (k, scenario) in [Scenario::Existing, Scenario::Proposed]
            .into_iter()
            .enumerate()
        {
            assert_eq!(rows.legend()[k].uses, direct(&parcels, scenario));
        }
        // 0.1 + 0.2 against 0.3: a tie broken by first appearance, as before.
        assert_eq!(rows.legend()[1].uses[0].0, "0902");
        // b becomes a park: a use appears, one goes.
        parcels[1].0 = parcel("b", Scenario::Proposed, "1402");
        assert!(rows.set(1, &parcels[1].0, 0.7));
        assert!(!rows.set(1, &parcels[1].0, 0.7), "unchanged");
        for (k, scenario) in [Scenario::Existing, Scenario::Proposed]
            .into_iter()
            .enumerate()
        {
            assert_eq!(rows.legend()[k].uses, direct(&parcels, scenario));
        }
        assert!(rows.legend()[1].uses.iter().all(|(code, _)| code != "0902"));
    }
}
