//! Limits of the reader on files (the streaming path `strata open` and `strata check`
//! take): progress up to the file size, cancellation, the size, nesting and string
//! limits, a CRS member after the features, and the same plan as the in-memory reader.

use crate::common;

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use strata::io::{ReadError, ReadOptions, ReadProgress, load_plan, read_plan};

fn file_with(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(bytes).expect("write");
    file.flush().expect("flush");
    file
}

fn load_bytes(bytes: &[u8]) -> Result<strata::io::Loaded, ReadError> {
    let file = file_with(bytes);
    load_plan(file.path(), &ReadOptions::default())
}

fn unreadable_message(result: Result<strata::io::Loaded, ReadError>) -> String {
    match result {
        Err(ReadError::Unreadable(e)) => e.to_string(),
        Err(other) => panic!("expected an unreadable file, got {other}"),
        Ok(_) => panic!("expected an unreadable file, got a plan"),
    }
}

#[test]
fn streamed_and_in_memory_reads_agree_on_every_sample_and_test_file() {
    let mut files = common::geojson_files("sample_maps");
    files.extend(common::geojson_files("tests/valid"));
    files.extend(common::geojson_files("tests/bad"));
    for path in files {
        let bytes = std::fs::read(&path).expect("read");
        let streamed = load_plan(&path, &ReadOptions::default());
        let in_memory = read_plan(&bytes, &ReadOptions::default());
        match (streamed, in_memory) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.plan, b.plan, "{}", path.display());
                assert_eq!(a.problems, b.problems, "{}", path.display());
            }
            (Err(a), Err(b)) => {
                assert_eq!(a.kind(), b.kind(), "{}", path.display());
                // The same reason; the position may differ by a character: the stream
                // reports some errors after the byte that ends the token (a number
                // out of range at the end of a line is reported at the next one).
                let (a, b) = (a.to_string(), b.to_string());
                let reason = |m: &str| m.split(" at line ").next().unwrap_or("").to_owned();
                assert_eq!(reason(&a), reason(&b), "{}", path.display());
            }
            (a, b) => panic!(
                "{}: streamed {:?}, in memory {:?}",
                path.display(),
                a.err(),
                b.err()
            ),
        }
    }
}

#[test]
fn progress_reaches_the_file_size() {
    let path = common::repo("sample_maps/xiongan_15min.geojson");
    let size = std::fs::metadata(&path).expect("size").len();
    let progress = Arc::new(ReadProgress::default());
    let options = ReadOptions {
        progress: Some(Arc::clone(&progress)),
        ..ReadOptions::default()
    };
    let loaded = load_plan(&path, &options).expect("reads");
    assert!(!loaded.plan.parcels.is_empty());
    assert_eq!(progress.total.load(Ordering::Relaxed), size);
    assert_eq!(progress.read.load(Ordering::Relaxed), size);
    assert_eq!(progress.fraction(), 1.0);
}

#[test]
fn a_cancelled_read_stops_with_cancelled() {
    let path = common::repo("sample_maps/xiongan_15min.geojson");
    let progress = Arc::new(ReadProgress::default());
    progress.cancel.store(true, Ordering::Relaxed);
    let options = ReadOptions {
        progress: Some(Arc::clone(&progress)),
        ..ReadOptions::default()
    };
    let error = load_plan(&path, &options).expect_err("cancelled");
    assert!(matches!(error, ReadError::Cancelled), "{error}");
    assert_eq!(error.to_string(), "reading was cancelled");
    // It stopped before reading the file.
    assert_eq!(progress.read.load(Ordering::Relaxed), 0);
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    // Sparse: no disk used, and the reader must not read it.
    file.as_file()
        .set_len(strata::io::MAX_FILE_BYTES + 1)
        .expect("set_len");
    let message = unreadable_message(load_plan(file.path(), &ReadOptions::default()));
    assert_eq!(message, "file is 512 MB, more than the 512 MB limit");
}

#[test]
fn nesting_100_000_deep_is_an_error_with_its_position() {
    let deep = format!(
        "{{\"type\": \"FeatureCollection\", \"features\": [{}{}]}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let message = unreadable_message(load_bytes(deep.as_bytes()));
    assert!(
        message.starts_with("not valid JSON: nesting deeper than 128 levels at line 1"),
        "{message}"
    );
    let message = unreadable_message(read_plan(deep.as_bytes(), &Default::default()));
    assert!(
        message.contains("nesting deeper than 128 levels"),
        "{message}"
    );
}

#[test]
fn a_gigantic_string_is_an_error_naming_the_limit() {
    let text = format!(
        "{{\"type\": \"FeatureCollection\",\n\"features\": [{{\"type\": \"Feature\", \"id\": \"p-1\", \"geometry\": null, \"properties\": {{\"note\": \"{}\"}}}}]}}",
        "a".repeat(strata::io::MAX_STRING_BYTES + 10)
    );
    for result in [
        load_bytes(text.as_bytes()),
        read_plan(text.as_bytes(), &Default::default()),
    ] {
        let message = unreadable_message(result);
        assert!(
            message.contains("a string of 16 MB, more than the 16 MB limit at line 2"),
            "{message}"
        );
    }
}

#[test]
fn an_oversize_number_is_an_error_with_its_position() {
    let text = b"{\"type\": \"FeatureCollection\", \"features\": [],\n \"x\": 1e400}";
    let message = unreadable_message(load_bytes(text));
    assert_eq!(
        message,
        "not valid JSON: number out of range at line 2, column 12"
    );
}

#[test]
fn a_crs_member_after_the_features_still_applies() {
    // UTM 50N metres; the crs member comes last, so the features are read again.
    let first = r#"{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32650"}}, "features": [
        {"type": "Feature", "id": "p-1", "properties": {"kind": "parcel"}, "geometry": {"type": "Polygon",
         "coordinates": [[[400000, 4300000], [400100, 4300000], [400100, 4300100], [400000, 4300000]]]}}]}"#;
    let last = r#"{"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "p-1", "properties": {"kind": "parcel"}, "geometry": {"type": "Polygon",
         "coordinates": [[[400000, 4300000], [400100, 4300000], [400100, 4300100], [400000, 4300000]]]}}],
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32650"}}}"#;
    let a = load_bytes(first.as_bytes()).expect("crs first");
    let b = load_bytes(last.as_bytes()).expect("crs last");
    assert!(a.problems.is_empty() && b.problems.is_empty());
    assert_eq!(a.plan, b.plan);
    let area = geo::Area::unsigned_area(&b.plan.parcels[0].shape);
    assert!((area - 5000.0).abs() < 10.0, "{area} m²");
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let text = b"\xEF\xBB\xBF{\"type\": \"FeatureCollection\", \"features\": []}";
    let loaded = load_bytes(text).expect("reads");
    assert!(loaded.plan.parcels.is_empty());
}
