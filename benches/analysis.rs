//! Coverage, heatmap and incremental update on the synthetic city of the analysis issue:
//! 100k parcels, 20k facilities in every category, about 200k street segments.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use strata::analysis::heatmap::{HeatValue, heat_extent, heatmap};
use strata::analysis::{Coverage, CoverageOptions, Metric};
use strata::model::{Scenario, Standard};

fn analysis(c: &mut Criterion) {
    let plan = strata::synth::city(100_000, 20_000, 1);
    let standard = Standard::default_gb50180();
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    group.bench_function("coverage_euclidean_100k", |b| {
        b.iter(|| {
            Coverage::compute(
                black_box(&plan),
                Scenario::Proposed,
                &standard,
                CoverageOptions::default(),
            )
        })
    });
    let network = CoverageOptions {
        metric: Metric::Network,
        ..Default::default()
    };
    group.bench_function("coverage_network_100k_with_graph_build", |b| {
        b.iter(|| {
            Coverage::compute(
                black_box(&plan),
                Scenario::Proposed,
                &standard,
                network.clone(),
            )
        })
    });
    let coverage = Coverage::compute(
        &plan,
        Scenario::Proposed,
        &standard,
        CoverageOptions::default(),
    );
    let extent = heat_extent(&plan, Scenario::Proposed, 0.0).expect("extent");
    let cell = extent.width().max(extent.height()) / 1000.0; // 1000 × 1000 cells
    group.bench_function("heatmap_count_1m_cells", |b| {
        b.iter(|| heatmap(black_box(&coverage), extent, cell, HeatValue::Count))
    });
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
