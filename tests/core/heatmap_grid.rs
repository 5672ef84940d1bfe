//! The straight-line count heatmap is exact at cell centres: every cell equals the count a
//! home at its centre would get, including facilities exactly at the radius.

use strata::analysis::coverage::within;
use strata::analysis::heatmap::{HeatValue, heat_extent, heatmap};
use strata::analysis::{Coverage, CoverageOptions, Metric};
use strata::model::{Scenario, Standard};

fn brute_force_count(coverage: &Coverage, p: geo::Point<f64>) -> f64 {
    (0..coverage.categories.len())
        .filter(|&c| {
            coverage
                .distance_at(c, p)
                .is_some_and(|d| within(d, coverage.categories[c].radius_m))
        })
        .count() as f64
}

#[test]
fn rasterised_count_equals_per_cell_evaluation() {
    let mut plan = strata::synth::city(400, 120, 3);
    // Put facilities exactly on cell centres' radius: a kindergarten 300 m east of a centre.
    let standard = Standard::default_gb50180();
    let probe = Coverage::compute(
        &plan,
        Scenario::Proposed,
        &standard,
        CoverageOptions::default(),
    );
    let extent = heat_extent(&plan, Scenario::Proposed, 1000.0).expect("extent");
    let grid = heatmap(&probe, extent, 25.0, HeatValue::Count);
    let centre = grid.center(grid.cols / 2, grid.rows / 2);
    plan.facilities[0].category = "kindergarten".into();
    plan.facilities[0].position = geo::Point::new(centre.x() + 300.0, centre.y());
    let coverage = Coverage::compute(
        &plan,
        Scenario::Proposed,
        &standard,
        CoverageOptions::default(),
    );
    let grid = heatmap(&coverage, extent, 25.0, HeatValue::Count);
    let mut mismatches = 0;
    for row in 0..grid.rows {
        for col in 0..grid.cols {
            if grid.get(col, row) != brute_force_count(&coverage, grid.center(col, row)) {
                mismatches += 1;
            }
        }
    }
    assert_eq!(mismatches, 0, "of {} cells", grid.cols * grid.rows);
    let k = coverage
        .categories
        .iter()
        .position(|c| c.id == "kindergarten")
        .expect("kindergarten");
    let mask = strata::analysis::heatmap::covered_mask(&coverage, k, &grid);
    assert!(
        mask[(grid.rows / 2) * grid.cols + grid.cols / 2],
        "a kindergarten exactly 300 m away covers the cell"
    );
}

#[test]
fn score_and_network_grids_match_their_definitions() {
    let plan = strata::synth::city(200, 80, 5);
    let standard = Standard::default_gb50180();
    for metric in [Metric::Euclidean, Metric::Network] {
        let coverage = Coverage::compute(
            &plan,
            Scenario::Proposed,
            &standard,
            CoverageOptions {
                metric,
                ..Default::default()
            },
        );
        let extent = heat_extent(&plan, Scenario::Proposed, 200.0).expect("extent");
        let grid = heatmap(&coverage, extent, 50.0, HeatValue::Score);
        let required: Vec<usize> = (0..coverage.categories.len())
            .filter(|&c| coverage.categories[c].required)
            .collect();
        for row in (0..grid.rows).step_by(3) {
            for col in (0..grid.cols).step_by(3) {
                let p = grid.center(col, row);
                let covered = required
                    .iter()
                    .filter(|&&c| {
                        coverage
                            .distance_at(c, p)
                            .is_some_and(|d| within(d, coverage.categories[c].radius_m))
                    })
                    .count();
                assert_eq!(
                    grid.get(col, row),
                    covered as f64 / required.len() as f64,
                    "{metric:?} cell {col},{row}"
                );
            }
        }
    }
}

#[test]
fn a_live_heatmap_follows_edits() {
    let standard = Standard::default_gb50180();
    let mut plan = strata::synth::city(300, 100, 4);
    let mut coverage = Coverage::compute(
        &plan,
        Scenario::Proposed,
        &standard,
        CoverageOptions::default(),
    );
    let extent = heat_extent(&plan, Scenario::Proposed, 500.0).expect("extent");
    let mut live =
        strata::analysis::heatmap::LiveHeatmap::new(&coverage, extent, 25.0, HeatValue::Count);
    for step in 0..5 {
        let f = &mut plan.facilities[step * 7];
        f.position = geo::Point::new(f.position.x() + 137.0, f.position.y() - 91.0);
        let changes = strata::analysis::Changes {
            facilities: vec![f.id.clone()],
            ..Default::default()
        };
        let updated = coverage.update(&plan, &standard, &changes);
        live.update(&coverage, &updated);
        let full = heatmap(
            &Coverage::compute(
                &plan,
                Scenario::Proposed,
                &standard,
                CoverageOptions::default(),
            ),
            extent,
            25.0,
            HeatValue::Count,
        );
        assert_eq!(live.grid, full, "after edit {step}");
    }
}
