//! The plan reader's fast path against the whole-file reader: equal results (plan,
//! problems, raw features, settings, errors with their positions) on every GeoJSON file
//! of the tests and sample maps, and on generated variations of them.

use std::path::{Path, PathBuf};

use serde_json::Value;
use strata::io::{self, Loaded, ReadError, ReadOptions};

fn geojson_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            geojson_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "geojson") {
            found.push(path);
        }
    }
}

fn all_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    geojson_files(&root.join("tests"), &mut files);
    geojson_files(&root.join("sample_maps"), &mut files);
    files.sort();
    files
}

/// Panics with `what` when the two results differ in anything a caller can see.
fn assert_same(what: &str, fast: &Result<Loaded, ReadError>, slow: &Result<Loaded, ReadError>) {
    match (fast, slow) {
        (Ok(f), Ok(s)) => {
            assert_eq!(f.problems, s.problems, "{what}: problems differ");
            assert_eq!(f.plan.settings, s.plan.settings, "{what}: settings differ");
            assert_eq!(f.plan.others, s.plan.others, "{what}: raw features differ");
            assert_eq!(f.plan, s.plan, "{what}: plans differ");
        }
        (Err(f), Err(s)) => {
            assert_eq!(f.to_string(), s.to_string(), "{what}: errors differ");
            assert_eq!(f.kind(), s.kind(), "{what}: error kinds differ");
            if let (ReadError::Unreadable(f), ReadError::Unreadable(s)) = (f, s) {
                assert_eq!((f.line, f.column), (s.line, s.column), "{what}: positions");
            }
        }
        (Ok(_), Err(e)) => panic!("{what}: the fast path read a file the slow one refuses: {e}"),
        (Err(e), Ok(_)) => panic!("{what}: the fast path refused a file the slow one reads: {e}"),
    }
}

/// The fast path over the text read a window at a time, with windows from one byte
/// (every element cut across windows) to more than the text: each result it gives is
/// the whole-file reader's, and it hands over only files that reader refuses, or whose
/// `crs` member comes after the features (or, with `strict`, none at all). Returns
/// whether it read the file.
fn assert_windowed(
    what: &str,
    bytes: &[u8],
    slow: &Result<Loaded, ReadError>,
    strict: bool,
) -> bool {
    let options = ReadOptions::default();
    let mut read = false;
    for window in [1, 7, 64, 4096, 1 << 20] {
        let what = format!("{what} (windows of {window} bytes)");
        match io::read_plan_windowed(bytes, window, &options) {
            Some((windowed, _)) => {
                assert_same(&what, &windowed, slow);
                read = true;
            }
            None => assert!(
                !strict || slow.is_err() || crs_after_features(bytes),
                "{what}: a readable file left the windowed path"
            ),
        }
    }
    read
}

/// Whether the root has a `crs` member after its `features`.
fn crs_after_features(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let value: Value = serde_json::from_str(&text).unwrap_or_default();
    let keys: Vec<&String> = value
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    let at = |k: &str| keys.iter().position(|key| *key == k);
    matches!((at("features"), at("crs")), (Some(f), Some(c)) if c > f)
}

#[test]
fn fast_and_slow_paths_agree_on_every_test_and_sample_file() {
    let files = all_files();
    assert!(
        files.len() > 50,
        "expected the fixtures, found {}",
        files.len()
    );
    let mut modelled_fast = 0;
    let mut windowed = 0;
    for path in &files {
        let what = path.display().to_string();
        let bytes = std::fs::read(path).expect("fixture");
        let options = ReadOptions::default();
        let slow = io::read_plan_slow(&bytes, &options);
        assert_same(&what, &io::read_plan(&bytes, &options), &slow);
        match io::read_plan_fast(&bytes, &options) {
            Some((fast, modelled)) => {
                assert_same(&format!("{what} (fast only)"), &fast, &slow);
                modelled_fast += modelled;
            }
            // Only a file the whole-file reader refuses may be handed over whole.
            None => assert!(slow.is_err(), "{what}: a readable file left the fast path"),
        }
        let sample = what.contains("sample_maps") || what.contains("tests/valid");
        windowed += usize::from(assert_windowed(&what, &bytes, &slow, sample));
        let from_disk = io::load_plan(path, &options);
        assert_same(
            &format!("{what} (disk)"),
            &from_disk,
            &io::load_plan_slow(path, &options),
        );
        // Valid plans and sample maps are read by the fast path, not handed over.
        if sample && slow.is_ok() {
            assert!(io::read_plan_fast(&bytes, &options).is_some(), "{what}");
        }
    }
    assert!(
        modelled_fast > 500,
        "only {modelled_fast} features modelled by the fast path"
    );
    assert!(windowed > 40, "only {windowed} files read in windows");
}

#[test]
fn fast_path_models_a_synthetic_city_as_the_slow_one() {
    let plan = strata::synth::city(400, 20, 3);
    let text = io::plan_to_string(&plan).expect("write");
    let options = ReadOptions::default();
    let (fast, modelled) = io::read_plan_fast(text.as_bytes(), &options).expect("fast path");
    let slow = io::read_plan_slow(text.as_bytes(), &options);
    assert_same("city", &fast, &slow);
    // Read in windows that each hold a few features, and in one window.
    for window in [3_000, 1 << 24] {
        let (windowed, in_windows) =
            io::read_plan_windowed(text.as_bytes(), window, &options).expect("windowed");
        assert_same(&format!("city in windows of {window}"), &windowed, &slow);
        assert_eq!(in_windows, modelled);
    }
    let plan = slow.expect("valid").plan;
    // Every parcel, facility and street went the fast way.
    assert_eq!(
        modelled,
        plan.parcels.len() + plan.facilities.len() + plan.streets.len()
    );
}

/// A small deterministic generator (xorshift), so a failure names its case.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Replaces one value somewhere inside `value` by a value of another kind, or removes
/// or adds an array item or object member.
fn mutate(value: &mut Value, rng: &mut Rng, depth: usize) {
    let stop = depth > 0 && rng.below(3) == 0;
    match value {
        Value::Array(items) if !items.is_empty() && !stop => {
            let i = rng.below(items.len());
            match rng.below(8) {
                0 => drop(items.remove(i)),
                1 => items.push(items[i].clone()),
                _ => mutate(&mut items[i], rng, depth + 1),
            }
        }
        Value::Object(map) if !map.is_empty() && !stop => {
            let i = rng.below(map.len());
            let key = map.keys().nth(i).cloned().unwrap_or_default();
            match rng.below(8) {
                0 => drop(map.shift_remove(&key)),
                1 => {
                    map.insert("extra".into(), Value::from(1));
                }
                _ => {
                    if let Some(v) = map.get_mut(&key) {
                        mutate(v, rng, depth + 1)
                    }
                }
            }
        }
        // A number moved a little: opens a ring, merges points, leaves the valid range.
        Value::Number(n) if rng.below(2) == 0 => {
            let nudge = [1e-9, 0.001, 100.0][rng.below(3)];
            *value = Value::from(n.as_f64().unwrap_or(0.0) + nudge);
        }
        _ => {
            let choices = [
                Value::Null,
                Value::from("text"),
                Value::from(0),
                Value::from(1000.5),
                Value::from(-200),
                Value::from(true),
                serde_json::json!([]),
                serde_json::json!([1.0]),
                serde_json::json!([120.0, 30.0, 5.0]),
                serde_json::json!({}),
                serde_json::json!({"type": "Point", "coordinates": [120.0, 30.0]}),
                Value::from("parcel"),
                Value::from("street"),
                Value::from("facility"),
            ];
            *value = choices[rng.below(choices.len())].clone();
        }
    }
}

#[test]
fn fast_and_slow_paths_agree_on_generated_variations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bases: Vec<Value> = [
        "sample_maps/xiongan_15min.geojson",
        "sample_maps/qingdao_tod.geojson",
    ]
    .iter()
    .map(|p| {
        let bytes = std::fs::read(root.join(p)).expect("sample");
        serde_json::from_slice(&bytes).expect("json")
    })
    .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let options = ReadOptions::default();
    for case in 0..400 {
        let mut value = bases[case % bases.len()].clone();
        // Mutate inside the features most of the time: that is where the paths differ.
        for _ in 0..1 + rng.below(3) {
            match value.get_mut("features") {
                Some(features) if rng.below(10) > 0 => mutate(features, &mut rng, 0),
                _ => mutate(&mut value, &mut rng, 0),
            }
        }
        let text = if rng.below(2) == 0 {
            value.to_string()
        } else {
            serde_json::to_string_pretty(&value).expect("text")
        };
        let slow = io::read_plan_slow(text.as_bytes(), &options);
        assert_same(
            &format!("case {case}"),
            &io::read_plan(text.as_bytes(), &options),
            &slow,
        );
        assert_windowed(&format!("case {case}"), text.as_bytes(), &slow, false);
    }
}

/// The strata of the parcels, where the fast path reads typed (`fast_strata`): mutations
/// inside one parcel's strata (a member of another type, removed, added, duplicated
/// strata, footprints opened or emptied…) give the same plan, problems and messages as
/// the whole-file reader, on a sample with footprints, terms, operations and unit codes.
#[test]
fn fast_and_slow_paths_agree_on_mutated_strata() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bases: Vec<Value> = [
        "sample_maps/xiongan_15min.geojson",
        "sample_maps/wenzhou_sports_park.geojson",
        "sample_maps/shenzhen_renewal.geojson",
    ]
    .iter()
    .filter_map(|p| {
        let bytes = std::fs::read(root.join(p)).ok()?;
        serde_json::from_slice(&bytes).ok()
    })
    .collect();
    assert_eq!(bases.len(), 3, "expected the sample maps");
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let options = ReadOptions::default();
    let mut with_problems = 0;
    for case in 0..600 {
        let mut value = bases[case % bases.len()].clone();
        let Some(features) = value.get_mut("features").and_then(Value::as_array_mut) else {
            panic!("no features");
        };
        let with_strata: Vec<usize> = (0..features.len())
            .filter(|&i| features[i].pointer("/properties/strata").is_some())
            .collect();
        let i = with_strata[rng.below(with_strata.len())];
        let strata = features[i]
            .pointer_mut("/properties/strata")
            .expect("strata");
        for _ in 0..1 + rng.below(2) {
            mutate(strata, &mut rng, 0);
        }
        let text = value.to_string();
        let slow = io::read_plan_slow(text.as_bytes(), &options);
        let fast = io::read_plan(text.as_bytes(), &options);
        assert_same(&format!("strata case {case}"), &fast, &slow);
        with_problems += usize::from(slow.is_ok_and(|l| !l.problems.is_empty()));
    }
    // The mutations reach the readers' checks (a feature left out with a reading
    // problem), not only harmless values; the samples themselves read without any.
    assert!(
        with_problems > 50,
        "only {with_problems} cases with problems"
    );
}

/// A `crs` member after the features: the windowed path has read them in degrees by
/// then, so it hands the file over, and the file is read in its CRS from disk as by the
/// whole-file reader. A byte order mark in front is skipped by every path.
#[test]
fn files_read_in_windows_hand_over_a_late_crs_and_skip_a_byte_order_mark() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/valid/crs_utm.geojson")).expect("fixture");
    let mut value: Value = serde_json::from_str(&text).expect("json");
    let object = value.as_object_mut().expect("object");
    let crs = object.shift_remove("crs").expect("crs");
    object.insert("crs".into(), crs);
    let late = serde_json::to_string_pretty(&value).expect("text");
    let options = ReadOptions::default();
    assert!(io::read_plan_windowed(late.as_bytes(), 64, &options).is_none());
    let dir = tempfile::tempdir().expect("dir");
    let slow = io::read_plan_slow(late.as_bytes(), &options);
    let parcel = &slow.as_ref().expect("reads").plan.parcels[0];
    // Metres east of the frame's centre, not degrees read as metres.
    let ring = &parcel.shape.0[0].exterior().0;
    let width = ring[1].x - ring[0].x;
    assert!((width - 100.0).abs() < 1.0, "parcel width {width}");
    for (name, body) in [
        ("late.geojson", late.clone().into_bytes()),
        ("bom.geojson", {
            let mut b = b"\xEF\xBB\xBF".to_vec();
            b.extend_from_slice(text.as_bytes());
            b
        }),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &body).expect("write");
        let slow = io::read_plan_slow(&body, &options);
        assert!(slow.is_ok(), "{name}");
        assert_same(name, &io::load_plan(&path, &options), &slow);
        if name == "bom.geojson" {
            let (windowed, _) = io::read_plan_windowed(&body, 64, &options).expect("read");
            assert_same("bom in windows", &windowed, &slow);
        }
    }
}
