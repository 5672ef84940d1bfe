//! The DXF reader fuzzed: the fixtures of `tests/dxf/` (ASCII GBK, ASCII UTF-8 with
//! bulges and hatch arcs, binary) and Strata's own export of the site mutated byte by byte, line by line and by truncation,
//! then imported, listed and, when they import, exported. Whatever the bytes, the result
//! is a plan or an error, never a panic. `dxf_fuzz_short` runs in `cargo test`;
//! `dxf_fuzz_long` (ignored) runs for `STRATA_FUZZ_SECS` seconds (default 600):
//! `STRATA_FUZZ_SECS=600 cargo test -j 1 --test core dxf_fuzz_long -- --ignored --nocapture`.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use strata::io::SourceCrs;
use strata::io::dxf::{self, DxfImportOptions};

const FIXTURES: [&str; 3] = [
    "tests/dxf/site_gbk_r2000.dxf",
    "tests/dxf/bulges_mtext.dxf",
    "tests/dxf/site_gbk_r2000_binary.dxf",
];

/// The fixtures, and the site as Strata's export writes it (extended data, holes,
/// hatches added to the dxf crate's text).
fn fixtures() -> Vec<Vec<u8>> {
    let mut inputs: Vec<Vec<u8>> = FIXTURES
        .iter()
        .map(|f| std::fs::read(crate::common::repo(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
        .collect();
    let site_layers = vec!["地块".into(), "道路".into(), "设施".into()];
    let (site, _) =
        dxf::import_bytes(&inputs[0], "site", &options(site_layers)).expect("the site imports");
    inputs.push(export(&site.plan).expect("the site exports"));
    inputs
}

fn export(plan: &strata::model::Plan) -> Result<Vec<u8>, strata::i18n::Message> {
    let reference = strata::model::Reference::load(None, None).expect("reference");
    let crs = SourceCrs::from_epsg(4548).expect("EPSG:4548");
    let lines = Default::default();
    let options = dxf::export::DxfExportOptions {
        crs: &crs,
        reference: &reference,
        label_lines: &lines,
    };
    dxf::export::plan_to_dxf(plan, &options)
}

/// Import options choosing `layers` (every layer of the input, so that the whole
/// import runs, not only the reading up to the layer check).
fn options(layers: Vec<String>) -> DxfImportOptions {
    DxfImportOptions {
        crs: Some(SourceCrs::from_epsg(4548).expect("EPSG:4548")),
        layers,
        ..DxfImportOptions::default()
    }
}

/// One mutation: what, where (a fraction of the length), and a byte.
#[derive(Clone, Debug)]
enum Mutation {
    Flip(f64, u8),
    Insert(f64, u8),
    Delete(f64, usize),
    Truncate(f64),
    /// A line replaced by a number that tempts allocations and loops.
    Line(f64, &'static str),
    /// A line duplicated (a group code repeated, counts off by one).
    Repeat(f64),
}

const NASTY: [&str; 10] = [
    "99999999999",
    "-1",
    "1e308",
    "NaN",
    "inf",
    "2147483647",
    "0",
    "",
    "AC1032",
    "HATCH",
];

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let at = |f: f64, len: usize| ((f * len as f64) as usize).min(len.saturating_sub(1));
    let len = bytes.len();
    if len == 0 {
        return;
    }
    match *mutation {
        Mutation::Flip(f, b) => bytes[at(f, len)] ^= b | 1,
        Mutation::Insert(f, b) => bytes.insert(at(f, len), b),
        Mutation::Delete(f, n) => {
            let start = at(f, len);
            bytes.drain(start..(start + n).min(len));
        }
        Mutation::Truncate(f) => bytes.truncate(at(f, len)),
        Mutation::Line(f, text) => {
            let (start, end) = line_at(bytes, at(f, len));
            bytes.splice(start..end, text.bytes());
        }
        Mutation::Repeat(f) => {
            let (start, end) = line_at(bytes, at(f, len));
            let line: Vec<u8> = bytes[start..end].to_vec();
            bytes.splice(start..start, line.into_iter().chain([b'\n']));
        }
    }
}

/// The line around a position (without its newline).
fn line_at(bytes: &[u8], i: usize) -> (usize, usize) {
    let start = bytes[..i]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let end = bytes[i..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| i + p);
    (start, end.max(start))
}

/// Everything the reader offers, on one input: its layers listed, then imported with all
/// of them chosen (and with `--unit mm`, a coarse tolerance, codes from layer names and
/// categories from texts on every other input), and exported when it imports. Panics
/// are the only failure.
fn exercise(bytes: &[u8], variant: bool) -> bool {
    let layers = match dxf::list_layers_bytes(bytes, None) {
        Ok(layers) => layers.into_iter().map(|l| l.name).collect(),
        Err(_) => return false,
    };
    let mut options = options(layers);
    if variant {
        options.unit_scale = 0.001;
        options.chord_tolerance = 0.5;
        options.use_from = dxf::UseFrom::Layer;
        options.category_from = dxf::CategoryFrom::Text;
        options.require_parcels = false;
    }
    match dxf::import_bytes(bytes, "fuzz.dxf", &options) {
        Ok((loaded, _report)) => {
            let _ = export(&loaded.plan);
            true
        }
        Err(_) => false,
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let f = 0.0..1.0f64;
    prop_oneof![
        (f.clone(), any::<u8>()).prop_map(|(f, b)| Mutation::Flip(f, b)),
        (f.clone(), any::<u8>()).prop_map(|(f, b)| Mutation::Insert(f, b)),
        (f.clone(), 1..64usize).prop_map(|(f, n)| Mutation::Delete(f, n)),
        f.clone().prop_map(Mutation::Truncate),
        (f.clone(), 0..NASTY.len()).prop_map(|(f, i)| Mutation::Line(f, NASTY[i])),
        f.prop_map(Mutation::Repeat),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn dxf_fuzz_short(which in 0..=FIXTURES.len(), mutations in prop::collection::vec(mutation(), 1..6), variant in any::<bool>()) {
        let mut bytes = fixtures().swap_remove(which);
        for m in &mutations {
            apply(&mut bytes, m);
        }
        exercise(&bytes, variant);
    }
}

/// A small deterministic generator for the long run (no seed file to keep).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn fraction(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn mutation(&mut self) -> Mutation {
        let f = self.fraction();
        let b = self.next() as u8;
        match self.next() % 6 {
            0 => Mutation::Flip(f, b),
            1 => Mutation::Insert(f, b),
            2 => Mutation::Delete(f, 1 + (self.next() % 64) as usize),
            3 => Mutation::Truncate(f),
            4 => Mutation::Line(f, NASTY[(self.next() % NASTY.len() as u64) as usize]),
            _ => Mutation::Repeat(f),
        }
    }
}

#[test]
#[ignore = "runs for STRATA_FUZZ_SECS (default 600) seconds; run by hand"]
fn dxf_fuzz_long() {
    let seconds: u64 = std::env::var("STRATA_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let seed: u64 = std::env::var("STRATA_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x05EE_DD0F);
    let inputs = fixtures();
    // Unmutated, every input imports: the loop below exercises the whole import.
    for (i, input) in inputs.iter().enumerate() {
        assert!(exercise(input, false), "input {i} does not import");
    }
    let mut rng = XorShift(seed | 1);
    let mut imported = 0u64;
    let start = Instant::now();
    let mut report = Instant::now();
    let mut runs = 0u64;
    while start.elapsed() < Duration::from_secs(seconds) {
        let mut bytes = inputs[(rng.next() % inputs.len() as u64) as usize].clone();
        // Half the inputs get one mutation (most still import, so the import's own
        // code runs on them), the others up to eight.
        let n = if rng.next().is_multiple_of(2) {
            1
        } else {
            1 + rng.next() % 8
        };
        for _ in 0..n {
            apply(&mut bytes, &rng.mutation());
        }
        if exercise(&bytes, runs % 2 == 1) {
            imported += 1;
        }
        runs += 1;
        if report.elapsed() > Duration::from_secs(60) {
            eprintln!(
                "dxf fuzz: {runs} inputs ({imported} imported) in {:?}",
                start.elapsed()
            );
            report = Instant::now();
        }
    }
    eprintln!(
        "dxf fuzz: {runs} inputs ({imported} imported and exported) in {:?}, no panic (seed {seed})",
        start.elapsed()
    );
}
