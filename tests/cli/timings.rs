//! `STRATA_TIMINGS=1` prints the stages of a command with their wall times on stderr,
//! and changes nothing else; without it nothing is printed.

use std::process::{Command, Output};

use crate::common::repo;

fn analyze(timings: bool, extra: &[&str]) -> Output {
    let plan = repo("sample_maps/xiongan_15min.geojson");
    let mut command = Command::new(env!("CARGO_BIN_EXE_strata"));
    command
        .args(["analyze", plan.to_str().expect("path"), "--format", "json"])
        .args(extra);
    if timings {
        command.env("STRATA_TIMINGS", "1");
    } else {
        command.env_remove("STRATA_TIMINGS");
    }
    command.output().expect("run strata")
}

/// The stage names a `timings:` line ends with.
fn stages(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter_map(|l| l.strip_prefix("timings:"))
        .map(|rest| {
            let (seconds, name) = rest.trim_start().split_once(" s  ").expect("N.NNN s  name");
            assert!(seconds.parse::<f64>().is_ok(), "{rest}");
            name.trim().to_owned()
        })
        .collect()
}

#[test]
fn timings_name_every_stage_of_analyze_and_change_nothing_else() {
    let timed = analyze(true, &["--metric", "network"]);
    let plain = analyze(false, &["--metric", "network"]);
    assert_eq!(timed.status.code(), Some(0));
    assert_eq!(
        timed.stdout, plain.stdout,
        "the JSON differs with timings on"
    );
    assert!(
        stages(&plain.stderr).is_empty(),
        "timings printed without STRATA_TIMINGS"
    );
    let names = stages(&timed.stderr);
    for stage in [
        "read (parse and project)",
        "validate",
        "parcels and strata",
        "rights conflicts",
        "coverage",
        "network build",
        "mix",
        "land",
        "zoning",
        "analysis",
        "write JSON",
        "total",
    ] {
        assert!(
            names.iter().any(|n| n == stage),
            "no {stage:?} in {names:?}"
        );
    }
    assert_eq!(names.last().map(String::as_str), Some("total"));
}

#[test]
fn every_batch_command_reports_its_read_and_total() {
    let plan = repo("sample_maps/wenzhou_sports_park.geojson");
    let plan = plan.to_str().expect("path");
    let dir = tempfile::tempdir().expect("temp dir");
    let png = dir.path().join("map.png");
    let flat = dir.path().join("flat.geojson");
    let commands: [Vec<&str>; 4] = [
        vec!["info", plan],
        vec!["check", plan],
        vec!["render", plan, "--out", png.to_str().expect("path")],
        vec![
            "export",
            plan,
            "--flat",
            "--out",
            flat.to_str().expect("path"),
        ],
    ];
    for args in commands {
        let out = Command::new(env!("CARGO_BIN_EXE_strata"))
            .args(&args)
            .env("STRATA_TIMINGS", "1")
            .output()
            .expect("run strata");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let names = stages(&out.stderr);
        assert!(
            names.iter().any(|n| n == "read (parse and project)"),
            "{args:?}: {names:?}"
        );
        assert_eq!(names.last().map(String::as_str), Some("total"), "{args:?}");
    }
}
