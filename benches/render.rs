//! Rendering the 100k-parcel synthetic city to a 2000 px wide PNG (issue 4: < 2 s),
//! and the largest sample map at the same width.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use strata::model::Reference;
use strata::render::{FontSet, MapOptions};
use strata::report::render_map_with;

fn render(c: &mut Criterion) {
    let plan = strata::synth::city(100_000, 5_000, 1);
    let reference = Reference::default();
    // Fonts are loaded once, outside the timed loop, as the CLI loads them once.
    let fonts = FontSet::for_maps();
    let options = MapOptions {
        width_px: 2000,
        ..MapOptions::default()
    };
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    group.bench_function("city_100k_parcels_2000px", |b| {
        b.iter(|| render_map_with(black_box(&plan), &reference, &options, &fonts))
    });
    group.bench_function("city_100k_parcels_2000px_png", |b| {
        b.iter(|| {
            render_map_with(black_box(&plan), &reference, &options, &fonts)
                .and_then(|map| map.png())
        })
    });
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample_maps/xiongan_15min.geojson"
    );
    let loaded = strata::io::load_plan(std::path::Path::new(sample), &Default::default())
        .expect("sample map loads");
    group.bench_function("xiongan_15min_2000px_png", |b| {
        b.iter(|| {
            render_map_with(black_box(&loaded.plan), &reference, &options, &fonts)
                .and_then(|map| map.png())
        })
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
