//! Validation (ring validity, shares, codes, 3D rights conflicts through the R-tree) of a
//! synthetic city, and of the largest sample map.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

fn validate(c: &mut Criterion) {
    let mut group = c.benchmark_group("validate");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        let plan = strata::synth::city(n, n / 20, 1);
        group.bench_function(format!("city_{n}_parcels"), |b| {
            b.iter(|| strata::analysis::validate(black_box(&plan)))
        });
    }
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample_maps/xiongan_15min.geojson"
    );
    if let Ok(loaded) = strata::io::load_plan(std::path::Path::new(sample), &Default::default()) {
        group.bench_function("xiongan_15min", |b| {
            b.iter(|| strata::analysis::validate(black_box(&loaded.plan)))
        });
    }
    group.finish();
}

criterion_group!(benches, validate);
criterion_main!(benches);
