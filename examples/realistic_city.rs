//! Writes the realistic benchmark city (parcels shaped like OpenStreetMap data) as a plan
//! file, compact JSON: `cargo run --release --example realistic_city -- 99500 city.geojson [SEED]`,
//! then `strata info city.geojson` (see `benches/e2e/run.sh`).
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let parcels: usize = args.next().as_deref().unwrap_or("99500").parse()?;
    let out = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "realistic_city.geojson".into()),
    );
    let seed: u64 = args.next().as_deref().unwrap_or("1").parse()?;
    let plan = strata::synth::realistic_city(&strata::synth::RealisticSpec::new(parcels, seed));
    // Compact, as OpenStreetMap extracts and GIS exports are: the file the benchmarks
    // read is as large as such a city's real file (the plan writer pretty-prints).
    let value = strata::io::plan_to_value(&plan)?;
    let mut file = std::io::BufWriter::new(std::fs::File::create(&out)?);
    serde_json::to_writer(&mut file, &value)?;
    std::io::Write::flush(&mut file)?;
    let corners: usize = plan
        .parcels
        .iter()
        .flat_map(|p| &p.shape.0)
        .map(|poly| {
            std::iter::once(poly.exterior())
                .chain(poly.interiors())
                .map(|r| r.0.len() - 1)
                .sum::<usize>()
        })
        .sum();
    let segments: usize = plan
        .streets
        .iter()
        .flat_map(|s| &s.line.0)
        .map(|l| l.0.len().saturating_sub(1))
        .sum();
    let homes = plan
        .parcels
        .iter()
        .filter(|p| p.population.is_some())
        .count();
    println!(
        "wrote {} ({} parcels, {} corners, {} homes, {} facilities, {} streets, {} segments, {} bytes)",
        out.display(),
        plan.parcels.len(),
        corners,
        homes,
        plan.facilities.len(),
        plan.streets.len(),
        segments,
        std::fs::metadata(&out)?.len()
    );
    Ok(())
}
