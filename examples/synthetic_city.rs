//! Writes the synthetic city of the benchmarks as a plan file, to open it in the editor:
//! `cargo run --release --example synthetic_city -- 100000 city.geojson` then
//! `strata open city.geojson --bench-frames 300`.
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let parcels: usize = args.next().as_deref().unwrap_or("100000").parse()?;
    let out = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "synthetic_city.geojson".into()),
    );
    let plan = strata::synth::city(parcels, parcels / 5, 1);
    strata::io::save_plan(&plan, &out)?;
    println!(
        "wrote {} ({} parcels, {} facilities)",
        out.display(),
        plan.parcels.len(),
        plan.facilities.len()
    );
    Ok(())
}
