//! `strata analyze --format json` streams its figures: the text is byte for byte the
//! pretty-printed JSON value of `analysis_json`, which the golden files check.

use std::process::Command;

use crate::common::{self, geojson_files};
use strata::analysis::report::{AnalysisJson, analysis_json};
use strata::analysis::{CoverageOptions, Metric};
use strata::model::{Reference, Scenario};

#[test]
fn streamed_analysis_is_the_json_value_written_out() {
    let reference = Reference::default();
    let mut checked = 0;
    // The plans with rights conflicts check that the binary's conflicts, taken from its
    // validation, are those the analysis finds itself.
    let mut files = geojson_files("sample_maps");
    files.push(common::repo("tests/bad/rights_conflict.geojson"));
    files.push(common::repo(
        "tests/bad/rights_conflict_same_parcel.geojson",
    ));
    for path in files {
        let plan = common::load(&path).0;
        for metric in [Metric::Euclidean, Metric::Network] {
            let options = CoverageOptions {
                metric,
                ..Default::default()
            };
            let value = analysis_json(&plan, Scenario::Proposed, options.clone(), &reference);
            let expected = serde_json::to_string_pretty(&value).expect("text") + "\n";
            let mut streamed = Vec::new();
            AnalysisJson::compute(&plan, Scenario::Proposed, options, &reference)
                .write_pretty(&mut streamed)
                .expect("write");
            assert_eq!(
                String::from_utf8(streamed).expect("utf-8"),
                expected,
                "{}",
                path.display()
            );
            let output = Command::new(env!("CARGO_BIN_EXE_strata"))
                .args(["analyze", path.to_str().expect("path"), "--format", "json"])
                .args(["--metric", metric.as_str()])
                .output()
                .expect("run strata");
            assert!(output.status.success(), "{}", path.display());
            assert_eq!(
                String::from_utf8(output.stdout).expect("utf-8"),
                expected,
                "{} ({})",
                path.display(),
                metric.as_str()
            );
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} analyses compared");
}

/// A city of more homes than a block of the parallel writer, with the 2SFCA decay (the
/// optional `decay` field): the homes' lists, written in blocks on every core, are the
/// value's text.
#[test]
fn a_city_written_in_blocks_is_the_json_value_written_out() {
    let reference = Reference::default();
    let plan = strata::synth::city(1500, 120, 5);
    let options = CoverageOptions {
        decay: strata::analysis::access::Decay::Linear,
        ..Default::default()
    };
    let value = analysis_json(&plan, Scenario::Proposed, options.clone(), &reference);
    let homes = value["provision"]["parcels"].as_array().map_or(0, Vec::len);
    assert!(homes > 600, "only {homes} homes");
    assert_eq!(value["provision"]["decay"], "linear");
    let expected = serde_json::to_string_pretty(&value).expect("text") + "\n";
    let mut streamed = Vec::new();
    AnalysisJson::compute(&plan, Scenario::Proposed, options, &reference)
        .write_pretty(&mut streamed)
        .expect("write");
    assert_eq!(String::from_utf8(streamed).expect("utf-8"), expected);
}
