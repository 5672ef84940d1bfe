//! Opening a city: its whole check on a thread, after its map.

use std::collections::HashMap;
use std::sync::Arc;

use super::*;
use crate::analysis::CoverageOptions;

/// Once its check is in, a city opened the city's way has the map, coverage and
/// problems the plan has.
#[test]
fn a_city_opens_to_its_map_coverage_and_problems() {
    let mut plan = crate::synth::city(100, 30, 4);
    // A problem for the check to find: a use the classification does not know.
    plan.parcels[3].strata[0].uses[0].code = "999999".into();
    let plan = Arc::new(plan);
    assert!(plan.parcels.len() >= BACKGROUND_CHECK_FROM);
    let reference = Reference::default();
    let mut analyses = Analyses::new(&plan, &reference, Scenario::Proposed, &|_| {});
    while analyses.is_checking() {
        std::thread::sleep(std::time::Duration::from_millis(10));
        analyses.poll_checking(&plan);
    }
    let options = CoverageOptions::default();
    let coverage = Coverage::compute(&plan, Scenario::Proposed, &reference.standard, options);
    assert_eq!(analyses.coverage.nearest, coverage.nearest);
    let map = MapCache::build(
        &plan,
        &reference,
        ColorMode::Use,
        &HashMap::new(),
        None,
        None,
    );
    assert_eq!(analyses.map.geoms.len(), plan.parcels.len());
    assert_eq!(analyses.map.colors, map.colors);
    assert_eq!(analyses.map.mixed, map.mixed);
    assert_eq!(analyses.map.legend, map.legend);
    let problems = Checked::new(&plan, &reference).problems;
    assert!(problems.iter().any(|p| p.message.contains("999999")));
    assert_eq!(analyses.checked.problems, problems);
}
