//! Coverage, heatmap, mixed use and incremental update on the synthetic city of the analysis issue:
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
    // The Mix tab and `analyze`'s mix section: diversity and jobs–housing within the
    // 15-minute reach of every home.
    group.bench_function("mix_report_100k", |b| {
        b.iter(|| {
            strata::analysis::mix::mix_report(
                black_box(&plan),
                Scenario::Proposed,
                &standard,
                &coverage,
            )
        })
    });
    // Moving one facility: the coverage of its category and the count heatmap.
    let mut moving = plan.clone();
    let mut live_coverage = Coverage::compute(
        &moving,
        Scenario::Proposed,
        &standard,
        CoverageOptions::default(),
    );
    let mut live =
        strata::analysis::heatmap::LiveHeatmap::new(&live_coverage, extent, cell, HeatValue::Count);
    let id = moving.facilities[0].id.clone();
    let home = moving.facilities[0].position;
    let mut step = 0.0;
    let mut move_once = |plan: &mut strata::model::Plan| {
        step += 1.0;
        plan.facilities[0].position = geo::Point::new(home.x() + (step % 7.0) * 40.0, home.y());
        strata::model::Changes {
            facilities: vec![id.clone()],
            ..Default::default()
        }
    };
    group.bench_function("incremental_move_one_facility", |b| {
        b.iter(|| {
            let changes = move_once(&mut moving);
            let updated = live_coverage.update(black_box(&moving), &standard, &changes);
            live.update(&live_coverage, &updated);
        })
    });
    group.bench_function("incremental_move_one_facility_coverage_only", |b| {
        b.iter(|| {
            let changes = move_once(&mut moving);
            live_coverage.update(black_box(&moving), &standard, &changes)
        })
    });
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
