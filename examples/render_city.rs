//! Renders the 100k-parcel synthetic city to a PNG with step timings, to look at the
//! result of `benches/render.rs` and see where the time goes:
//! `cargo run --release --example render_city -- city.png [WIDTH]`.
use std::time::Instant;

use strata::model::Reference;
use strata::render::{FontSet, MapOptions};
use strata::report::render_map_with;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "city.png".to_owned());
    let width: u32 = args.next().map_or(Ok(2000), |w| w.parse())?;
    let t = Instant::now();
    let plan = strata::synth::city(100_000, 5_000, 1);
    println!(
        "city of {} parcels in {:?}",
        plan.parcels.len(),
        t.elapsed()
    );
    let reference = Reference::default();
    let hatched = plan
        .parcels
        .iter()
        .filter(|p| {
            strata::render::style::use_fill(p, &reference.classification)
                .hatch
                .is_some()
        })
        .count();
    println!("{hatched} parcels are hatched (mixed use)");
    let fonts = FontSet::for_maps();
    let options = MapOptions {
        width_px: width,
        ..MapOptions::default()
    };
    let t = Instant::now();
    let map = render_map_with(&plan, &reference, &options, &fonts)?;
    println!(
        "drawn {} × {} px in {:?}",
        map.width(),
        map.height(),
        t.elapsed()
    );
    let t = Instant::now();
    let png = map.png()?;
    println!("PNG of {} KB in {:?}", png.len() / 1024, t.elapsed());
    std::fs::write(&out, png)?;
    println!("wrote {out}");
    Ok(())
}
