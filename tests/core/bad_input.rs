//! Every file in `tests/bad/` gives its expected error (kind and feature id), through the
//! library and through `strata check` with the right exit code; none panics.

use crate::common;

use std::process::Command;

use common::{geojson_files, manifest, repo};
use strata::model::ProblemKind;

struct Expected {
    file: String,
    kind: String,
    feature: Option<String>,
}

fn expectations() -> Vec<Expected> {
    manifest("tests/bad/expected.toml")
        .into_iter()
        .map(|(file, entry)| Expected {
            kind: entry["kind"].as_str().expect("kind").to_owned(),
            feature: entry
                .get("feature")
                .and_then(|f| f.as_str())
                .map(str::to_owned),
            file,
        })
        .collect()
}

#[test]
fn the_corpus_is_large_and_every_file_is_listed() {
    let listed: Vec<String> = expectations().into_iter().map(|e| e.file).collect();
    let files = geojson_files("tests/bad");
    assert!(files.len() >= 20, "only {} bad files", files.len());
    for file in &files {
        let name = file
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(
            listed.contains(&name),
            "{name} is not in tests/bad/expected.toml"
        );
    }
    // Every error kind a plan can have appears in the corpus at least once.
    let kinds: Vec<String> = expectations().into_iter().map(|e| e.kind).collect();
    for kind in ProblemKind::ALL {
        let is_warning = matches!(
            kind,
            ProblemKind::Sliver
                | ProblemKind::NoHolder
                | ProblemKind::NoRight
                | ProblemKind::NoPopulation
                | ProblemKind::ParkTooSmall
                | ProblemKind::FacilityOffNetwork
                | ProblemKind::SitingRule
                | ProblemKind::ParkTooNarrow
                | ProblemKind::FacilityNotProvided
        );
        assert!(
            is_warning || kinds.iter().any(|k| k == kind.as_str()),
            "no bad file for {kind}"
        );
    }
}

#[test]
fn each_bad_file_reports_its_error_naming_the_feature() {
    let mut failures = Vec::new();
    for e in expectations() {
        let bytes = std::fs::read(repo(&format!("tests/bad/{}", e.file))).expect("read");
        let found = match strata::io::read_plan(&bytes, &Default::default()) {
            Err(error) => e.feature.is_none() && error.kind().as_str() == e.kind,
            Ok(loaded) => {
                let mut problems = loaded.problems;
                problems.extend(strata::analysis::validate(&loaded.plan));
                problems.iter().any(|p| {
                    p.is_error()
                        && p.kind.as_str() == e.kind
                        && (e.feature.is_none() || p.feature == e.feature)
                })
            }
        };
        if !found {
            failures.push(format!("{}: expected {} {:?}", e.file, e.kind, e.feature));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn strata_check_exits_1_or_2_and_names_the_feature() {
    let mut failures = Vec::new();
    for e in expectations() {
        let output = Command::new(env!("CARGO_BIN_EXE_strata"))
            .arg("check")
            .arg(repo(&format!("tests/bad/{}", e.file)))
            .output()
            .expect("run strata");
        let want = if e.kind == "unreadable" { 2 } else { 1 };
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        let names = e
            .feature
            .as_ref()
            .is_none_or(|id| text.contains(&format!("] {id}:")));
        if output.status.code() != Some(want) || !text.contains(&format!("[{}]", e.kind)) || !names
        {
            failures.push(format!(
                "{}: exit {:?} (want {want}), output:\n{text}",
                e.file,
                output.status.code()
            ));
        }
        assert!(!text.contains("panicked"), "{} made strata panic", e.file);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn absurd_inputs_are_errors_not_crashes() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let huge_string = format!(
        "{{\"type\": \"FeatureCollection\", \"features\": [], \"x\": \"{}\"",
        "a".repeat(50 << 20)
    );
    let absurd = r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "p-1",
        "properties": {"kind": "parcel"}, "geometry": {"type": "Polygon", "coordinates":
        [[[1e300, 1e300], [1e300, -1e300], [-1e300, 0], [1e300, 1e300]]]}}]}"#;
    for input in [
        deep.as_bytes(),
        huge_string.as_bytes(),
        absurd.as_bytes(),
        b"",
        b"\x00\x01",
    ] {
        match strata::io::read_plan(input, &Default::default()) {
            Err(_) => {}
            Ok(loaded) => assert!(loaded.problems.iter().any(|p| p.is_error())),
        }
    }
}
