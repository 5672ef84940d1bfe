//! Reading and writing plan files: the synthetic city of squares, and a small city
//! shaped like OpenStreetMap data (`synth::realistic_city`, 20–60 corners, holes,
//! MultiPolygons, curved streets) read by the fast path and by the whole-file reader.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

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

/// 5 000 realistic parcels (about 12 MB of compact GeoJSON): quick, and shaped like the
/// 235 MB benchmark city, so MB/s compare with `strata info` on it.
fn realistic(c: &mut Criterion) {
    let plan = strata::synth::realistic_city(&strata::synth::RealisticSpec::new(5_000, 1));
    let value = strata::io::plan_to_value(&plan).expect("value");
    let text = serde_json::to_string(&value).expect("text");
    let options = strata::io::ReadOptions::default();
    let mut group = c.benchmark_group("io_realistic");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("read_5000_parcels_fast", |b| {
        b.iter(|| strata::io::read_plan(black_box(text.as_bytes()), &options).expect("read"))
    });
    // As `strata info` reads a file: a window at a time (two windows of this text).
    group.bench_function("read_5000_parcels_windowed", |b| {
        b.iter(|| {
            let window = 8 << 20;
            let read = strata::io::read_plan_windowed(black_box(text.as_bytes()), window, &options);
            read.expect("windowed").0.expect("read")
        })
    });
    group.bench_function("read_5000_parcels_slow", |b| {
        b.iter(|| strata::io::read_plan_slow(black_box(text.as_bytes()), &options).expect("read"))
    });
    group.bench_function("write_5000_parcels", |b| {
        b.iter(|| strata::io::plan_to_string(black_box(&plan)).expect("write"))
    });
    group.finish();
}

criterion_group!(benches, io, realistic);
criterion_main!(benches);
