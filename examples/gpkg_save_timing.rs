//! Times saving one edited parcel into a GeoPackage plan, as the editor's Save does
//! (`io::gpkg::save_changes`: the changed rows in one transaction), and a whole save:
//! `cargo run --release --example gpkg_save_timing -- city.gpkg`.
use std::path::PathBuf;
use std::time::Instant;

use strata::model::Changes;

fn main() -> anyhow::Result<()> {
    let path = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "city.gpkg".into()),
    );
    let t = Instant::now();
    let mut plan = strata::io::load_plan(&path, &Default::default())?.plan;
    println!("load: {:.3} s", t.elapsed().as_secs_f64());
    let middle = plan.parcels.len() / 2;
    let mut times = Vec::new();
    for round in 0..5 {
        // One edit of one parcel: a moved corner and a new name (a stratum's floors too).
        let parcel = &mut plan.parcels[middle];
        parcel.shape.0[0].exterior_mut(|r| r.0[1].x += 0.5);
        parcel.name = Some(format!("edited {round}"));
        if let Some(s) = parcel.strata.first_mut() {
            s.floors = Some(s.floors.unwrap_or(1) + 1);
        }
        let changes = Changes {
            parcels: vec![parcel.id.clone()],
            ..Default::default()
        };
        let t = Instant::now();
        strata::io::gpkg::save_changes(&plan, &path, &changes)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "save one edited parcel: median {:.1} ms (5 runs: {times:.1?})",
        times[2]
    );
    let copy = path.with_extension("copy.gpkg");
    let t = Instant::now();
    strata::io::save_plan(&plan, &copy)?;
    println!(
        "save the whole plan (new file): {:.3} s",
        t.elapsed().as_secs_f64()
    );
    let back = strata::io::load_plan(&path, &Default::default())?.plan;
    assert_eq!(back.parcels[middle].name, plan.parcels[middle].name);
    let _ = std::fs::remove_file(&copy);
    let _ = std::fs::remove_file(strata::io::backup_path(&copy));
    Ok(())
}
