//! The Shapefile reader against damaged file sets: the fixtures of `tests/shp/` with
//! bytes flipped, runs overwritten by extreme integers (counts, offsets, lengths), files
//! cut short or grown. Every import must return (an error or a plan), never panic or
//! allocate what the files do not hold.
//!
//! The test runs for `STRATA_SHP_FUZZ_SECS` seconds (default 2); a long run by hand:
//! `STRATA_SHP_FUZZ_SECS=600 cargo test -j 1 --test core shp_fuzz -- --nocapture`.

use std::time::{Duration, Instant};

use strata::io::shp::{ShpBytes, ShpImportOptions, import_bytes};
use strata::io::{ImportAs, ImportOptions};

use crate::common::repo;

/// xorshift64*: reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const EXTREMES: [i32; 8] = [0, -1, 1, i32::MAX, i32::MIN, 50, 0x7FFF, 2_000_000_000];

fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng) {
    if bytes.is_empty() {
        return;
    }
    match rng.below(6) {
        0 => {
            for _ in 0..=rng.below(8) {
                let at = rng.below(bytes.len());
                bytes[at] ^= 1 << rng.below(8);
            }
        }
        1 => {
            let at = rng.below(bytes.len());
            let value = EXTREMES[rng.below(EXTREMES.len())];
            let word = if rng.below(2) == 0 {
                value.to_le_bytes()
            } else {
                value.to_be_bytes()
            };
            for (i, b) in word.iter().enumerate() {
                if let Some(slot) = bytes.get_mut(at + i) {
                    *slot = *b;
                }
            }
        }
        2 => bytes.truncate(rng.below(bytes.len())),
        3 => {
            let at = rng.below(bytes.len());
            bytes.insert(at, rng.next() as u8);
        }
        4 => {
            // Header fields: the places counts and lengths live.
            let at = rng.below(bytes.len().min(120));
            bytes[at] = rng.next() as u8;
        }
        _ => {
            let at = rng.below(bytes.len());
            let value = f64::from_bits(rng.next());
            for (i, b) in value.to_le_bytes().iter().enumerate() {
                if let Some(slot) = bytes.get_mut(at + i) {
                    *slot = *b;
                }
            }
        }
    }
}

fn options(kind: ImportAs) -> ShpImportOptions {
    ShpImportOptions {
        import: ImportOptions {
            value_from: Some("YDDM".into()),
            name_from: Some("NAME".into()),
            ..ImportOptions::default()
        },
        kind: Some(kind),
        ..ShpImportOptions::default()
    }
}

/// The files of a fixture set in memory.
fn fixture(name: &str) -> ShpBytes {
    let read = |ext: &str| std::fs::read(repo(&format!("tests/shp/{name}.{ext}"))).ok();
    ShpBytes {
        path: format!("{name}.shp").into(),
        shp: read("shp").expect("shp"),
        shx: read("shx").expect("shx"),
        dbf: read("dbf").expect("dbf"),
        prj: read("prj"),
        cpg: read("cpg"),
    }
}

#[test]
fn damaged_shapefiles_never_panic() {
    let seconds: u64 = std::env::var("STRATA_SHP_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let sets = [
        (fixture("gbk_parcels"), ImportAs::Parcel),
        (fixture("gbk_no_cpg"), ImportAs::Parcel),
        (fixture("big5_ldid"), ImportAs::Parcel),
        (fixture("utf8_points"), ImportAs::Facility),
        (fixture("utf8_streets"), ImportAs::Street),
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut refused) = (0u64, 0u64);
    while Instant::now() < deadline {
        let (original, kind) = &sets[rng.below(sets.len())];
        let mut set = original.clone();
        // One member damaged in most runs, several in some; the optional ones too.
        for _ in 0..=rng.below(3) {
            let victim = match rng.below(5) {
                0 => &mut set.shp,
                1 => &mut set.shx,
                2 => &mut set.dbf,
                3 => set.prj.get_or_insert_with(Vec::new),
                _ => set.cpg.get_or_insert_with(Vec::new),
            };
            for _ in 0..=rng.below(3) {
                mutate(victim, &mut rng);
            }
        }
        if import_bytes(&set, &options(*kind)).is_err() {
            refused += 1;
        }
        runs += 1;
    }
    eprintln!("shp fuzz: {runs} damaged sets in {seconds} s, {refused} refused, no panic");
    assert!(runs > 0);
}

/// A Strata export read back whole (`io::shp::plan`: four sets joined) with one of its
/// files damaged in each run: an error or a plan, never a panic.
#[test]
fn damaged_strata_exports_never_panic() {
    let seconds: u64 = std::env::var("STRATA_SHP_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = crate::common::load(&repo("sample_maps/wenzhou_sports_park.geojson")).0;
    let reference = strata::model::Reference::default();
    let out = dir.path().join("site.shp");
    let exported = strata::io::shp::export_files(&plan, &reference, &out, &Default::default())
        .expect("exports");
    let originals: Vec<(std::path::PathBuf, Vec<u8>)> = exported.files;
    for (path, bytes) in &originals {
        std::fs::write(path, bytes).expect("write export");
    }
    let parcels = dir.path().join("site_parcels.shp");
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut refused) = (0u64, 0u64);
    while Instant::now() < deadline {
        let (victim, bytes) = &originals[rng.below(originals.len())];
        let mut damaged = bytes.clone();
        for _ in 0..=rng.below(3) {
            mutate(&mut damaged, &mut rng);
        }
        std::fs::write(victim, &damaged).expect("write mutant");
        match strata::io::shp::import(&parcels, &ShpImportOptions::default()) {
            Ok((_, _, info)) => assert!(info.strata_export || victim.ends_with("site_fields.txt")),
            Err(_) => refused += 1,
        }
        std::fs::write(victim, bytes).expect("restore");
        runs += 1;
    }
    eprintln!("strata export fuzz: {runs} damaged exports in {seconds} s, {refused} refused");
    assert!(runs > 0);
}
