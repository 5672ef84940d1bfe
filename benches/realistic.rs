//! The non-I/O stages of `strata analyze` that issue 17 speeds up, on the realistic city
//! (`synth::realistic_city`: parcels of about 32 corners, courtyards, MultiPolygons):
//! validation, the rights conflicts `analyze` lists, land accounting (the union of the
//! parcels) and the mix figures within reach of every home. End-to-end figures through
//! the binary come from `benches/e2e/run.sh`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use strata::analysis::{Coverage, CoverageOptions};
use strata::model::{Scenario, Standard};
use strata::synth::{RealisticSpec, realistic_city};

fn realistic(c: &mut Criterion) {
    let mut group = c.benchmark_group("realistic");
    group.sample_size(10);
    let n = 20_000;
    let plan = realistic_city(&RealisticSpec::new(n, 1));
    let standard = Standard::default_gb50180();
    group.bench_function(format!("validate_{n}"), |b| {
        b.iter(|| strata::analysis::validate(black_box(&plan)))
    });
    group.bench_function(format!("rights_conflicts_of_{n}"), |b| {
        b.iter(|| strata::analysis::validate::rights_conflicts_of(black_box(&plan)))
    });
    group.bench_function(format!("land_{n}"), |b| {
        b.iter(|| strata::analysis::land::scenario_areas(black_box(&plan), Scenario::Proposed))
    });
    let coverage = Coverage::compute(
        &plan,
        Scenario::Proposed,
        &standard,
        CoverageOptions::default(),
    );
    group.bench_function(format!("mix_{n}"), |b| {
        b.iter(|| {
            strata::analysis::mix::mix_report(
                black_box(&plan),
                Scenario::Proposed,
                &standard,
                &coverage,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, realistic);
criterion_main!(benches);
