//! Site suggestions (issue 9): a known best site on a hand-built plan, greedy against
//! brute force, and — the point of it all — each printed gain equals the change of the
//! category's covered residents between two `strata analyze` runs, before and after the
//! site is adopted (the same edit the editor's Apply makes).

use crate::common;

use std::collections::HashSet;
use std::process::Command;

use common::repo;
use geo::{MultiPolygon, Rect, coord};
use serde_json::Value;
use strata::analysis::report::coverage_report;
use strata::analysis::suggest::{Candidates, exact, greedy, reach, suggest};
use strata::analysis::{Coverage, CoverageOptions, Metric};
use strata::edit::create::host_facility;
use strata::model::LocalFrame;
use strata::model::{Parcel, Plan, Scenario, Standard, Status, Stratum, Street, StreetId};

fn strata_cli(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .output()
        .expect("run strata");
    assert!(
        out.status.success(),
        "strata {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn covered_in_analyze(plan_path: &str, metric: &str, category: &str) -> f64 {
    let json: Value = serde_json::from_str(&strata_cli(&[
        "analyze", plan_path, "--format", "json", "--metric", metric,
    ]))
    .expect("json");
    json["coverage"]["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .find(|c| c["id"] == category)
        .expect("category")["population_covered"]
        .as_f64()
        .expect("number")
}

/// The residents column of `strata analyze` (text) for a category.
fn covered_in_analyze_text(plan_path: &str, metric: &str, category: &str) -> i64 {
    let text = strata_cli(&["analyze", plan_path, "--metric", metric]);
    let line = text
        .lines()
        .find(|l| l.split_whitespace().next() == Some(category))
        .expect("category line");
    line.split_whitespace()
        .nth(5)
        .expect("residents")
        .parse()
        .expect("integer")
}

/// The done-when of issue 9, on the Xiong'an sample, both metrics: `strata suggest
/// --count 2` names two parcels, and adopting them one after the other raises the
/// kindergarten-covered residents of `strata analyze` by exactly the printed figures
/// (JSON: the exact float; text: the rounded figures analyze prints).
#[test]
fn adopting_suggested_sites_raises_analyze_by_the_printed_figures() {
    // Saving rounds coordinates to 1e-9°, which moves a population derived from floor
    // area by ~1e-12 residents: through files the float gain agrees to 1e-6 and the
    // printed (rounded) figures exactly; in memory (the editor, the tests below) the
    // float gain is bit-exact.
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = repo("sample_maps/xiongan_15min.geojson");
    let sample = sample.to_str().expect("path");
    let reference = strata::model::Reference::default();
    for metric in ["euclidean", "network"] {
        let json: Value = serde_json::from_str(&strata_cli(&[
            "suggest",
            sample,
            "--category",
            "kindergarten",
            "--count",
            "2",
            "--metric",
            metric,
            "--format",
            "json",
        ]))
        .expect("json");
        assert_eq!(json["category"], "kindergarten");
        let suggestions = json["suggestions"].as_array().expect("suggestions");
        assert_eq!(suggestions.len(), 2, "{metric}: {json}");
        let text = strata_cli(&[
            "suggest",
            sample,
            "--category",
            "kindergarten",
            "--count",
            "2",
            "--metric",
            metric,
        ]);
        let printed: Vec<i64> = text
            .lines()
            .filter_map(|l| l.split_once(". ").map(|(_, rest)| rest))
            .filter_map(|rest| rest.split_whitespace().nth(1))
            .filter_map(|g| g.strip_prefix('+').and_then(|g| g.parse().ok()))
            .collect();
        assert_eq!(printed.len(), 2, "{text}");

        let (mut plan, _) = common::load(std::path::Path::new(sample));
        let mut before = covered_in_analyze(sample, metric, "kindergarten");
        let mut before_text = covered_in_analyze_text(sample, metric, "kindergarten");
        let mut cumulative = 0.0;
        for (i, s) in suggestions.iter().enumerate() {
            let id = strata::model::ParcelId::new(s["parcel"].as_str().expect("id"));
            let cmd = host_facility(&plan, &id, "kindergarten", Some("080404")).expect("host");
            cmd.apply(&mut plan).expect("apply");
            let path = dir.path().join(format!("after-{metric}-{i}.geojson"));
            strata::io::save_plan(&plan, &path).expect("save");
            let path = path.to_str().expect("path");
            let after = covered_in_analyze(path, metric, "kindergarten");
            let gain = s["new_population"].as_f64().expect("gain");
            assert!(gain > 0.0);
            assert!((after - before - gain).abs() < 1e-6, "{metric}: site {id}");
            cumulative += gain;
            assert!((s["cumulative_population"].as_f64().expect("cum") - cumulative).abs() < 1e-6);
            assert!((s["population_covered"].as_f64().expect("covered") - after).abs() < 1e-6);
            let after_text = covered_in_analyze_text(path, metric, "kindergarten");
            assert_eq!(after_text - before_text, printed[i], "{metric}: {text}");
            before = after;
            before_text = after_text;
        }
        // The edit is valid: it adds no error to those the sample has on purpose (p-36's
        // zoning).
        let problems = strata::analysis::validate_with(&plan, &reference);
        let errors: Vec<_> = problems.iter().filter(|p| p.is_error()).collect();
        assert!(
            errors.iter().all(|p| p.feature.as_deref() == Some("p-36")),
            "{errors:?}"
        );
    }
}

fn square(x: f64, y: f64, side: f64) -> MultiPolygon<f64> {
    MultiPolygon::new(vec![
        Rect::new(coord! { x: x, y: y }, coord! { x: x + side, y: y + side }).to_polygon(),
    ])
}

fn home(id: &str, x: f64, y: f64, population: f64) -> Parcel {
    let mut p = Parcel::new(id, Scenario::Proposed, square(x, y, 20.0));
    p.strata.push(Stratum::ground("s1", "0701"));
    p.population = Some(population);
    p
}

fn idle(id: &str, x: f64, y: f64) -> Parcel {
    let mut p = Parcel::new(id, Scenario::Proposed, square(x, y, 20.0));
    p.strata.push(Stratum::ground("s1", "1001"));
    p.status = Some(Status::Idle);
    p
}

/// Homes (20 m squares, home point at the centre) on a line; three idle 20 m plots.
/// Kindergarten radius 300 m, distance from the home point to the plot. By hand:
/// * `a` [0, 20] reaches h1 (centre 110: 90 m), h2 (310: 290 m) → 100 + 200 = 300;
/// * `b` [600, 620] reaches h2 (290 m), h3 (710: 90 m), h4 (910: 290 m) → 900;
/// * `c` [1300, 1320] reaches h5 (1510: 190 m), not h4 (390 m) → 50.
///
/// Best single site: b (900). Best pair: b then a (+100: h2 is b's already) = 1000,
/// against b + c = 950.
#[test]
fn known_best_sites_on_a_hand_built_plan() {
    let mut plan = Plan::new(LocalFrame::new(116.0, 39.0));
    for (id, x, pop) in [
        ("h1", 100.0, 100.0),
        ("h2", 300.0, 200.0),
        ("h3", 700.0, 300.0),
        ("h4", 900.0, 400.0),
        ("h5", 1500.0, 50.0),
    ] {
        plan.parcels.push(home(id, x, 0.0, pop));
    }
    plan.parcels.push(idle("a", 0.0, 0.0));
    plan.parcels.push(idle("b", 600.0, 0.0));
    plan.parcels.push(idle("c", 1300.0, 0.0));
    let standard = Standard::default_gb50180();
    let coverage = Coverage::compute(&plan, Scenario::Proposed, &standard, Default::default());
    let one = suggest(
        &plan,
        &coverage,
        &standard,
        "kindergarten",
        1,
        &Candidates::default(),
    )
    .expect("suggest");
    assert_eq!(one.candidates, 3);
    assert_eq!(one.suggestions.len(), 1);
    assert_eq!(one.suggestions[0].parcel.as_str(), "b");
    assert_eq!(one.suggestions[0].new_population, 900.0);
    let homes: Vec<&str> = one.suggestions[0]
        .homes
        .iter()
        .map(|h| h.as_str())
        .collect();
    assert_eq!(homes, ["h2", "h3", "h4"]);

    let two = suggest(
        &plan,
        &coverage,
        &standard,
        "kindergarten",
        2,
        &Candidates::default(),
    )
    .expect("suggest");
    let picked: Vec<(&str, f64)> = two
        .suggestions
        .iter()
        .map(|s| (s.parcel.as_str(), s.new_population))
        .collect();
    assert_eq!(picked, [("b", 900.0), ("a", 100.0)]);
    assert_eq!(two.suggestions[1].cumulative_population, 1000.0);

    // Only the statuses asked for are candidates.
    let released = Candidates::Statuses(vec![Status::Released]);
    let none = suggest(&plan, &coverage, &standard, "kindergarten", 2, &released).expect("ok");
    assert_eq!((none.candidates, none.suggestions.len()), (0, 0));
    assert!(suggest(&plan, &coverage, &standard, "kindergarden", 1, &released).is_err());

    // Park size rule: a 20 m plot (400 m²) cannot be a 5-minute park (0.4 ha minimum).
    let park = suggest(
        &plan,
        &coverage,
        &standard,
        "park_5min",
        1,
        &Candidates::default(),
    )
    .expect("suggest");
    assert_eq!(park.candidates, 0);
    assert_eq!(park.too_small.len(), 3);
}

/// A case where greedy is not optimal: greedy takes the big middle site first, the exact
/// search finds the two side sites that together reach more.
#[test]
fn exact_beats_greedy_where_greedy_is_fooled() {
    // Homes 0..6 with one resident each (plus a heavier middle).
    let population = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
    let covered = [false; 6];
    let reach = vec![vec![0, 1, 2], vec![3, 4, 5], vec![1, 2, 3, 4]];
    // Greedy: site 0 (3) ties site 1 (3), site 2 has 4 → picks 2, then 0 or 1 adds 1 → 5.
    let g = greedy(&reach, &population, &covered, 2);
    assert_eq!(g[0], 2);
    let e = exact(&reach, &population, &covered, 2, 1000).expect("small");
    let mut e_sorted = e.clone();
    e_sorted.sort();
    assert_eq!(e_sorted, [0, 1]); // 6 residents
}

fn total(reach: &[Vec<u32>], picks: &[usize], population: &[f64], covered: &[bool]) -> f64 {
    let mut seen: HashSet<u32> = HashSet::new();
    for &p in picks {
        seen.extend(reach[p].iter().copied().filter(|&h| !covered[h as usize]));
    }
    seen.iter().map(|&h| population[h as usize]).sum()
}

/// Greedy against brute force on synthetic cities: equal for one site (both take the
/// best), never better than brute force, and within 1 − 1/e of it for more sites. On
/// these seeds greedy is in fact optimal for two sites.
#[test]
fn greedy_matches_brute_force_on_small_cities() {
    let standard = Standard::default_gb50180();
    for seed in 1..=4 {
        let plan = strata::synth::city(600, 3, seed);
        // A short radius, so that many homes lack a kindergarten.
        let options = CoverageOptions {
            radius_override: Some(120.0),
            ..Default::default()
        };
        let coverage = Coverage::compute(&plan, Scenario::Proposed, &standard, options);
        let c = coverage
            .categories
            .iter()
            .position(|x| x.id == "kindergarten")
            .expect("category");
        let parcels: Vec<&Parcel> = plan
            .parcels
            .iter()
            .filter(|p| p.status == Some(Status::Idle))
            .take(25)
            .collect();
        let r = reach(&coverage, c, &parcels);
        let population: Vec<f64> = coverage.homes.iter().map(|h| h.population).collect();
        let covered: Vec<bool> = (0..coverage.homes.len())
            .map(|h| coverage.covered(c, h))
            .collect();
        assert!(
            r.iter().any(|x| !x.is_empty()),
            "seed {seed}: nobody to reach"
        );
        for k in 1..=3 {
            let g = greedy(&r, &population, &covered, k);
            let e = exact(&r, &population, &covered, k, 1_000_000).expect("feasible");
            let (tg, te) = (
                total(&r, &g, &population, &covered),
                total(&r, &e, &population, &covered),
            );
            assert!(
                tg <= te + 1e-9,
                "seed {seed} k {k}: greedy {tg} > exact {te}"
            );
            assert!(tg >= (1.0 - 1.0 / std::f64::consts::E) * te - 1e-9);
            if k <= 2 {
                assert!((tg - te).abs() < 1e-9, "seed {seed} k {k}: {tg} vs {te}");
            }
        }
    }
}

/// On a synthetic city with streets and on the Xiong'an sample, every suggested site's
/// gain equals — bit for bit — the change the engine's incremental update reports after
/// the host edit, and a full analysis agrees, straight-line and network.
#[test]
fn gains_equal_incremental_analysis_after_each_edit() {
    let standard = Standard::default_gb50180();
    let (xiongan, _) = common::load(&repo("sample_maps/xiongan_15min.geojson"));
    let cases = [
        (strata::synth::city(900, 2, 5), Some(150.0)),
        (xiongan, None),
    ];
    for ((plan, radius), metric) in cases
        .iter()
        .flat_map(|case| [(case, Metric::Euclidean), (case, Metric::Network)])
    {
        let options = CoverageOptions {
            metric,
            radius_override: *radius,
            ..Default::default()
        };
        let coverage = Coverage::compute(plan, Scenario::Proposed, &standard, options.clone());
        let found = suggest(
            plan,
            &coverage,
            &standard,
            "kindergarten",
            4,
            &Candidates::default(),
        )
        .expect("suggest");
        assert!(found.suggestions.len() >= 2, "{metric:?}: {found:?}");
        let mut plan = plan.clone();
        let mut live = Coverage::compute(&plan, Scenario::Proposed, &standard, options.clone());
        let c = live
            .categories
            .iter()
            .position(|x| x.id == "kindergarten")
            .expect("category");
        let mut before = coverage_report(&live).categories[c].population_covered;
        assert_eq!(before, found.population_covered_before);
        for s in &found.suggestions {
            let cmd = host_facility(&plan, &s.parcel, "kindergarten", None).expect("host");
            let effects = cmd.apply(&mut plan).expect("apply");
            live.update(&plan, &standard, &effects);
            let after = coverage_report(&live).categories[c].population_covered;
            assert_eq!(after - before, s.new_population, "{metric:?} {}", s.parcel);
            // And a full analysis from scratch agrees.
            let full = Coverage::compute(&plan, Scenario::Proposed, &standard, options.clone());
            assert_eq!(
                coverage_report(&full).categories[c].population_covered,
                after
            );
            before = after;
        }
    }
}

/// Streets matter on the network: a site across a street with no shared vertex (a
/// bridge) is far by the network even when near in a straight line.
#[test]
fn network_gain_follows_the_streets() {
    let mut plan = Plan::new(LocalFrame::new(116.0, 39.0));
    plan.parcels.push(home("h1", 0.0, 30.0, 100.0));
    plan.parcels.push(idle("a", 100.0, 30.0));
    plan.parcels.push(idle("b", 0.0, -200.0));
    let line =
        |pts: &[(f64, f64)]| geo::MultiLineString::new(vec![geo::LineString::from(pts.to_vec())]);
    // h1 and a sit on the same street (y = 20); b on a street that crosses none.
    for (id, pts) in [
        ("st-1", vec![(-50.0, 20.0), (200.0, 20.0)]),
        ("st-2", vec![(-50.0, -210.0), (200.0, -210.0)]),
    ] {
        plan.streets.push(Street {
            id: StreetId::new(id),
            scenario: Scenario::Proposed,
            line: line(&pts),
            walkable: true,
            name: None,
            meta: Default::default(),
        });
    }
    let standard = Standard::default_gb50180();
    let options = CoverageOptions {
        metric: Metric::Network,
        ..Default::default()
    };
    let coverage = Coverage::compute(&plan, Scenario::Proposed, &standard, options);
    let found = suggest(
        &plan,
        &coverage,
        &standard,
        "kindergarten",
        2,
        &Candidates::default(),
    )
    .expect("suggest");
    let picked: Vec<&str> = found
        .suggestions
        .iter()
        .map(|s| s.parcel.as_str())
        .collect();
    assert_eq!(picked, ["a"]); // b is unreachable along the streets
    assert_eq!(found.suggestions[0].new_population, 100.0);
}
