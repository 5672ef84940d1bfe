//! One-shot timings of the analysis on the 100k-parcel city, for a quick look while
//! developing (criterion's `cargo bench --bench analysis` gives the recorded figures).
use std::time::Instant;

use strata::analysis::heatmap::{HeatValue, LiveHeatmap, heat_extent, heatmap};
use strata::analysis::{Coverage, CoverageOptions, Metric};
use strata::model::{Changes, Scenario, Standard};

fn main() {
    let t = Instant::now();
    let mut plan = strata::synth::city(100_000, 20_000, 1);
    let segments: usize = plan
        .streets
        .iter()
        .map(|s| s.line.0.iter().map(|l| l.0.len() - 1).sum::<usize>())
        .sum();
    println!(
        "city: {} parcels, {} facilities, {segments} segments in {:?}",
        plan.parcels.len(),
        plan.facilities.len(),
        t.elapsed()
    );
    let standard = Standard::default_gb50180();
    let t = Instant::now();
    let mut cov = Coverage::compute(
        &plan,
        Scenario::Proposed,
        &standard,
        CoverageOptions::default(),
    );
    println!(
        "straight-line coverage of {} homes: {:?}",
        cov.homes.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let net = Coverage::compute(
        &plan,
        Scenario::Proposed,
        &standard,
        CoverageOptions {
            metric: Metric::Network,
            ..Default::default()
        },
    );
    println!(
        "network coverage incl. graph: {:?} ({} junctions)",
        t.elapsed(),
        net.network
            .as_ref()
            .map_or(0, |n| n.network.junctions.len())
    );
    let extent = heat_extent(&plan, Scenario::Proposed, 0.0).expect("extent");
    let cell = extent.width().max(extent.height()) / 1000.0;
    let t = Instant::now();
    let grid = heatmap(&cov, extent, cell, HeatValue::Count);
    println!(
        "count heatmap {}x{}: {:?}",
        grid.cols,
        grid.rows,
        t.elapsed()
    );
    let mut live = LiveHeatmap::new(&cov, extent, cell, HeatValue::Count);
    for _ in 0..3 {
        let t = Instant::now();
        plan.facilities[0].position = geo::Point::new(
            plan.facilities[0].position.x() + 40.0,
            plan.facilities[0].position.y(),
        );
        let changes = Changes {
            facilities: vec![plan.facilities[0].id.clone()],
            ..Default::default()
        };
        let updated = cov.update(&plan, &standard, &changes);
        let t1 = t.elapsed();
        live.update(&cov, &updated);
        println!(
            "move one facility: coverage {t1:?}, with heatmap {:?}",
            t.elapsed()
        );
    }
}
