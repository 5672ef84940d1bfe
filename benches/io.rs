//! Reading and writing plan files of a synthetic city.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

fn io(c: &mut Criterion) {
    let mut group = c.benchmark_group("io");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        let plan = strata::synth::city(n, n / 20, 1);
        let text = strata::io::plan_to_string(&plan).expect("write");
        group.bench_function(format!("read_{n}_parcels"), |b| {
            b.iter(|| {
                strata::io::read_plan(black_box(text.as_bytes()), &Default::default())
                    .expect("read")
            })
        });
        group.bench_function(format!("write_{n}_parcels"), |b| {
            b.iter(|| strata::io::plan_to_string(black_box(&plan)).expect("write"))
        });
    }
    group.finish();
}

criterion_group!(benches, io);
criterion_main!(benches);
