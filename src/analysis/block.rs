//! The residential block level (居住街坊) of GB 50180-2018: every residential parcel is a
//! block, and should hold the standard's block facilities (`[[block_facility]]`) itself —
//! listed in the `facilities` of one of its strata, or a point facility inside it.

use geo::Contains;
use serde::Serialize;

use super::homes::population;
use crate::model::{Plan, Scenario, Standard};

/// One residential block and its block facilities.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BlockProvision {
    pub id: String,
    pub residents: f64,
    /// Block facilities it has (in the standard's order).
    pub has: Vec<String>,
    /// Required block facilities it lacks.
    pub missing: Vec<String>,
}

/// Block facilities of every residential parcel of a scenario (in parcel order); empty
/// when the standard lists none.
///
/// ```
/// let plan = strata::synth::city(16, 4, 1);
/// let standard = strata::model::Standard::default_gb50180();
/// let blocks = strata::analysis::block::blocks(&plan, strata::model::Scenario::Proposed, &standard);
/// assert!(blocks.iter().all(|b| b.missing.len() == standard.block_facilities.len()));
/// ```
pub fn blocks(plan: &Plan, scenario: Scenario, standard: &Standard) -> Vec<BlockProvision> {
    if standard.block_facilities.is_empty() {
        return Vec::new();
    }
    let points: Vec<_> = plan
        .facilities_in(scenario)
        .filter(|f| standard.block_facility(&f.category).is_some())
        .collect();
    plan.parcels_in(scenario)
        .filter(|p| p.is_residential())
        .map(|parcel| {
            let hosts = |id: &str| {
                parcel
                    .strata
                    .iter()
                    .any(|s| s.facilities.iter().any(|f| f == id))
                    || points
                        .iter()
                        .any(|f| f.category == id && parcel.shape.contains(&f.position))
            };
            let (has, lacks): (Vec<_>, Vec<_>) =
                standard.block_facilities.iter().partition(|b| hosts(&b.id));
            BlockProvision {
                id: parcel.id.to_string(),
                residents: (population(parcel, standard) * 100.0).round() / 100.0,
                has: has.iter().map(|b| b.id.clone()).collect(),
                missing: lacks
                    .iter()
                    .filter(|b| b.required)
                    .map(|b| b.id.clone())
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Facility, FacilityId, FeatureMeta, Parcel, Stratum};
    use geo::{MultiPolygon, Point, polygon};

    #[test]
    fn a_block_lists_what_it_lacks() {
        let square = polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)];
        let mut home = Parcel::new("p-1", Scenario::Proposed, MultiPolygon::new(vec![square]));
        let mut flats = Stratum::ground("s1", "0701");
        flats.facilities = vec!["block_property".into(), "block_waste".into()];
        home.strata.push(flats);
        let mut plan = Plan::new(crate::model::LocalFrame::new(116.0, 39.0));
        plan.parcels.push(home);
        for (id, x) in [("f-1", 50.0), ("f-2", 150.0)] {
            plan.facilities.push(Facility {
                id: FacilityId::new(id),
                scenario: Scenario::Proposed,
                position: Point::new(x, 50.0),
                category: if x < 100.0 {
                    "block_play"
                } else {
                    "block_shop"
                }
                .into(),
                name: None,
                meta: FeatureMeta::default(),
            });
        }
        let standard = Standard::default_gb50180();
        let blocks = blocks(&plan, Scenario::Proposed, &standard);
        assert_eq!(blocks.len(), 1);
        assert_eq!(
            blocks[0].has,
            vec!["block_property", "block_play", "block_waste"]
        );
        assert!(
            blocks[0].missing.contains(&"block_shop".to_owned()),
            "f-2 is outside"
        );
        assert_eq!(blocks[0].missing.len(), standard.block_facilities.len() - 3);
        let problems = crate::analysis::validate(&plan);
        assert!(
            !problems
                .iter()
                .any(|p| p.kind == crate::model::ProblemKind::UnknownFacilityCategory),
            "block facilities are known: {problems:?}"
        );
    }
}
