//! Quick one-shot timings of the analysis on the 100k city (criterion has the real figures).
use std::time::Instant;
use strata::analysis::heatmap::{HeatValue, heat_extent, heatmap};
use strata::analysis::{Coverage, CoverageOptions, Metric};
use strata::model::{Scenario, Standard};

fn main() {
    let t = Instant::now();
    let plan = strata::synth::city(100_000, 20_000, 1);
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
    let cov = Coverage::compute(
        &plan,
        Scenario::Proposed,
        &standard,
        CoverageOptions::default(),
    );
    println!(
        "euclidean coverage of {} homes: {:?}",
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
        "network coverage: {:?} ({} nodes)",
        t.elapsed(),
        net.network.as_ref().map_or(0, |n| n.network.nodes.len())
    );
    let extent = heat_extent(&plan, Scenario::Proposed, 0.0).expect("extent");
    let cell = extent.width().max(extent.height()) / 1000.0;
    let t = Instant::now();
    let grid = heatmap(&cov, extent, cell, HeatValue::Count);
    println!("heatmap {}x{}: {:?}", grid.cols, grid.rows, t.elapsed());
}

#[allow(dead_code)]
fn network_parts() {}
