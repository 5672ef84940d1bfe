//! Valuation of assets (issue 9): each criterion against a hand computation, the weighted
//! score, weights that change the ranking, the weights edit undone, the CLI, the
//! choropleth and the report section.

use crate::common;

use std::f64::consts::PI;
use std::process::Command;

use common::{load, repo};
use geo::{MultiPolygon, Point, Rect, coord};
use strata::analysis::valuation::{
    Criterion, SETTINGS_KEY, ValuationSettings, Weights, centre_score, compactness, transit_score,
    valuation,
};
use strata::analysis::{Coverage, CoverageOptions};
use strata::edit::History;
use strata::edit::create::set_valuation;
use strata::io::LocalFrame;
use strata::model::{
    Facility, FacilityId, FeatureMeta, Parcel, Plan, Reference, Scenario, Standard, Status, Stratum,
};

fn square(x: f64, y: f64, side: f64) -> MultiPolygon<f64> {
    MultiPolygon::new(vec![
        Rect::new(coord! { x: x, y: y }, coord! { x: x + side, y: y + side }).to_polygon(),
    ])
}

/// A 20 m plot centred on (cx, 0).
fn plot(id: &str, cx: f64, status: Status) -> Parcel {
    let mut p = Parcel::new(id, Scenario::Proposed, square(cx - 10.0, -10.0, 20.0));
    p.strata.push(Stratum::ground("s1", "1001"));
    p.status = Some(status);
    p
}

/// One home of 100 residents centred on the origin (so the population-weighted centre is
/// the origin), a bus stop at (1000, 0) (5-minute tier: radius 300 m), and three plots:
/// * `a` centred at 700: 300 m from the stop (exactly the radius), 700 m from the centre,
///   its `policy` property 0.6;
/// * `b` centred at 550: 450 m from the stop, heritage;
/// * `c` centred at 200: 800 m from the stop, 190 m from the home (a kindergarten there
///   covers it), idle.
fn plan() -> Plan {
    let mut plan = Plan::new(LocalFrame::new(116.0, 39.0));
    let mut home = Parcel::new("h1", Scenario::Proposed, square(-10.0, -10.0, 20.0));
    home.strata.push(Stratum::ground("s1", "0701"));
    home.population = Some(100.0);
    plan.parcels.push(home);
    let mut a = plot("a", 700.0, Status::Idle);
    a.meta.properties.insert("policy".into(), 0.6.into());
    plan.parcels.push(a);
    plan.parcels.push(plot("b", 550.0, Status::Heritage));
    plan.parcels.push(plot("c", 200.0, Status::Idle));
    plan.facilities.push(Facility {
        id: FacilityId::new("bus"),
        scenario: Scenario::Proposed,
        position: Point::new(1000.0, 0.0),
        category: "bus_stop".into(),
        name: None,
        meta: FeatureMeta::default(),
    });
    plan
}

fn settings(weights: Weights) -> ValuationSettings {
    ValuationSettings {
        weights,
        service_category: Some("kindergarten".into()),
        favoured: vec!["idle".into()],
        ..Default::default()
    }
}

fn only(c: Criterion) -> Weights {
    let mut w = Weights {
        transit: 0.0,
        centre: 0.0,
        service: 0.0,
        size: 0.0,
        shape: 0.0,
        heritage: 0.0,
        policy: 0.0,
    };
    *w.get_mut(c) = 1.0;
    w
}

fn ranking(plan: &Plan, s: &ValuationSettings) -> Vec<String> {
    let standard = Standard::default_gb50180();
    let coverage = Coverage::compute(plan, Scenario::Proposed, &standard, Default::default());
    valuation(plan, &coverage, &standard, s)
        .expect("valuation")
        .parcels
        .iter()
        .map(|p| p.parcel.to_string())
        .collect()
}

#[test]
fn criterion_formulas_by_hand() {
    // Exactly at the radius counts as within (as coverage does), half-way to 2r is 0.5.
    assert_eq!(transit_score(300.0, 300.0), 1.0);
    assert!((transit_score(450.0, 300.0) - 0.5).abs() < 1e-12);
    assert_eq!(transit_score(600.0, 300.0), 0.0);
    assert_eq!(transit_score(5_000.0, 300.0), 0.0);
    assert!((centre_score(250.0, 1_000.0) - 0.75).abs() < 1e-12);
    assert_eq!(centre_score(1_500.0, 1_000.0), 0.0);
    // A square's compactness is 4π·s² / (4s)² = π/4, whatever its size.
    for side in [1.0, 20.0, 300.0] {
        let p = Parcel::new("s", Scenario::Proposed, square(0.0, 0.0, side));
        assert!((compactness(&p) - PI / 4.0).abs() < 1e-9, "{side}");
    }
    // A 1 × 4 rectangle: 4π·4 / 10² = 0.16π.
    let strip = Parcel::new(
        "r",
        Scenario::Proposed,
        MultiPolygon::new(vec![
            Rect::new(coord! { x: 0.0, y: 0.0 }, coord! { x: 4.0, y: 1.0 }).to_polygon(),
        ]),
    );
    assert!((compactness(&strip) - 0.16 * PI).abs() < 1e-9);
}

#[test]
fn each_part_and_the_score_of_a_hand_built_plan() {
    let plan = plan();
    let standard = Standard::default_gb50180();
    let coverage = Coverage::compute(&plan, Scenario::Proposed, &standard, Default::default());
    let v =
        valuation(&plan, &coverage, &standard, &settings(Weights::default())).expect("valuation");
    assert_eq!(v.service_category.as_deref(), Some("kindergarten"));
    assert_eq!(v.centre, Some([0.0, 0.0]));
    assert_eq!(v.parcels.len(), 3, "the home is not a candidate");
    let get = |id: &str| {
        v.parcels
            .iter()
            .find(|p| p.parcel.as_str() == id)
            .expect("valued")
    };
    let score = |id: &str, c: Criterion| get(id).part(c).expect("part").score;
    // Transit: a is exactly at the bus stop's 300 m radius.
    assert_eq!(score("a", Criterion::Transit), 1.0);
    assert!((score("b", Criterion::Transit) - 0.5).abs() < 1e-9);
    assert_eq!(score("c", Criterion::Transit), 0.0);
    assert_eq!(
        get("a").part(Criterion::Transit).expect("ok").value,
        Some(300.0)
    );
    // Centre: 1 − d / 1000.
    assert!((score("a", Criterion::Centre) - 0.3).abs() < 1e-9);
    assert!((score("b", Criterion::Centre) - 0.45).abs() < 1e-9);
    assert!((score("c", Criterion::Centre) - 0.8).abs() < 1e-9);
    // Service: only c brings the home within 300 m of a kindergarten (100 residents).
    assert_eq!(score("c", Criterion::Service), 1.0);
    assert_eq!(
        get("c").part(Criterion::Service).expect("ok").value,
        Some(100.0)
    );
    assert_eq!(score("a", Criterion::Service), 0.0);
    // Size 400 m² of 10 000; shape π/4.
    for id in ["a", "b", "c"] {
        assert!((score(id, Criterion::Size) - 0.04).abs() < 1e-9);
        assert!((score(id, Criterion::Shape) - PI / 4.0).abs() < 1e-9);
    }
    assert_eq!(score("b", Criterion::Heritage), 1.0);
    assert_eq!(score("a", Criterion::Heritage), 0.0);
    // Policy: a's property, c favoured as idle, b (heritage) not favoured.
    assert!((score("a", Criterion::Policy) - 0.6).abs() < 1e-12);
    assert_eq!(score("c", Criterion::Policy), 1.0);
    assert_eq!(score("b", Criterion::Policy), 0.0);
    // Σ w·s / Σ w with the default weights 1, 1, 2, 1, 0.5, 0.5, 1 (Σ = 7).
    let a = (1.0 + 0.3 + 0.0 + 0.04 + 0.5 * PI / 4.0 + 0.0 + 0.6) / 7.0;
    let c = (0.0 + 0.8 + 2.0 + 0.04 + 0.5 * PI / 4.0 + 0.0 + 1.0) / 7.0;
    assert!((get("a").score - a).abs() < 1e-12);
    assert!((get("c").score - c).abs() < 1e-12);
    assert_eq!(v.parcels[0].parcel.as_str(), "c");
}

#[test]
fn weights_change_the_ranking() {
    let plan = plan();
    assert_eq!(
        ranking(&plan, &settings(only(Criterion::Transit))),
        ["a", "b", "c"]
    );
    assert_eq!(
        ranking(&plan, &settings(only(Criterion::Centre))),
        ["c", "b", "a"]
    );
    assert_eq!(ranking(&plan, &settings(only(Criterion::Heritage)))[0], "b");
    assert_eq!(ranking(&plan, &settings(only(Criterion::Service)))[0], "c");
}

#[test]
fn weights_are_saved_in_the_plan_and_undone() {
    let mut plan = plan();
    let original = plan.clone();
    let mut history = History::new();
    let mut transit = settings(only(Criterion::Transit));
    let cmd = set_valuation(&plan, &transit).expect("a change");
    history.apply(&mut plan, cmd).expect("applied");
    assert_eq!(ValuationSettings::of_plan(&plan).expect("ok"), transit);
    assert_eq!(
        ranking(&plan, &ValuationSettings::of_plan(&plan).expect("ok"))[0],
        "a"
    );
    transit.weights.centre = 2.0;
    let cmd = set_valuation(&plan, &transit).expect("a change");
    history.apply(&mut plan, cmd).expect("applied");
    assert_eq!(
        ValuationSettings::of_plan(&plan)
            .expect("ok")
            .weights
            .centre,
        2.0
    );
    assert!(
        set_valuation(&plan, &transit).is_none(),
        "no change, no edit"
    );
    history.undo(&mut plan).expect("undo").expect("ok");
    assert_eq!(
        ValuationSettings::of_plan(&plan)
            .expect("ok")
            .weights
            .centre,
        0.0
    );
    history.undo(&mut plan).expect("undo").expect("ok");
    assert_eq!(plan, original);
    assert!(!plan.settings.extra.contains_key(SETTINGS_KEY));
}

#[test]
fn bad_settings_name_the_key_and_the_problem() {
    let mut plan = plan();
    plan.settings.extra.insert(
        SETTINGS_KEY.into(),
        serde_json::json!({ "weights": { "transit": -1.0 } }),
    );
    let e = ValuationSettings::of_plan(&plan).expect_err("an error");
    assert!(e.contains("valuation") && e.contains("transit"), "{e}");
    plan.settings
        .extra
        .insert(SETTINGS_KEY.into(), serde_json::json!({ "wieghts": {} }));
    let e = ValuationSettings::of_plan(&plan).expect_err("an error");
    assert!(e.contains("wieghts"), "{e}");
    plan.settings.extra.insert(
        SETTINGS_KEY.into(),
        serde_json::json!({ "favoured": ["idel"] }),
    );
    assert!(
        ValuationSettings::of_plan(&plan)
            .expect_err("an error")
            .contains("idel")
    );
}

fn strata(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .output()
        .expect("run strata")
}

#[test]
fn cli_value_and_render_style_valuation() {
    let sample = repo("sample_maps/xiongan_15min.geojson");
    let sample = sample.to_str().expect("path");
    let out = strata(&["value", sample, "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let parcels = json["parcels"].as_array().expect("parcels");
    assert!(!parcels.is_empty());
    let scores: Vec<f64> = parcels
        .iter()
        .map(|p| p["score"].as_f64().expect("ok"))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)));
    assert_eq!(parcels[0]["parts"].as_array().expect("ok").len(), 7);
    let out = strata(&["value", sample, "--format", "csv", "--top", "2"]);
    let text = String::from_utf8(out.stdout).expect("ok");
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.starts_with("rank,parcel,name,status,score,transit,"));
    let out = strata(&["value", sample, "--category", "no_such"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no_such"));

    let dir = tempfile::tempdir().expect("tempdir");
    let png = dir.path().join("v.png");
    let out = strata(&[
        "render",
        sample,
        "--out",
        png.to_str().expect("ok"),
        "--style",
        "valuation",
        "--width",
        "600",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::metadata(&png).expect("ok").len() > 1000);
}

#[test]
fn the_report_has_the_assets_section() {
    strata::i18n::set_lang(strata::i18n::Lang::En);
    let (plan, _) = load(&repo("sample_maps/xiongan_15min.geojson"));
    let reference = Reference::default();
    let options = strata::report::ReportOptions {
        map_width_px: 400,
        coverage: CoverageOptions::default(),
        ..Default::default()
    };
    let report = strata::report::build_report(&plan, &[], &reference, &options).expect("report");
    let v = report.valuation.as_ref().expect("valuation");
    let best = v.parcels[0].parcel.to_string();
    let files = report
        .files(strata::report::ReportFormat::Markdown, "r")
        .expect("files");
    let text = String::from_utf8(files[0].1.clone()).expect("ok");
    assert!(
        text.contains("## Assets: inventory, valuation and suggestions"),
        "{text}"
    );
    assert!(text.contains("## Valuation"));
    assert!(text.contains(&format!("| 1 | {best}")), "{text}");
    let (found, _) = report.suggestions.as_ref().expect("a gap on the sample");
    assert!(text.contains("## Suggested sites for"));
    if let Some(first) = found.suggestions.first() {
        assert!(
            text.contains(&format!("| 1 | {} |", first.parcel)),
            "{text}"
        );
    }
    let html = report
        .files(strata::report::ReportFormat::Html, "r")
        .expect("ok");
    let html = String::from_utf8(html[0].1.clone()).expect("ok");
    assert!(
        html.contains("id=\"valuation\""),
        "the section has its anchor"
    );
}
