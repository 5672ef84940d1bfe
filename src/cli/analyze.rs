//! `strata analyze`: coverage, land, mix and conflicts as text tables, JSON or CSV.

use std::path::Path;

use anyhow::{Context, Result, bail};
use strata::analysis::heatmap::{HeatValue, heat_extent, heatmap as heat_grid};
use strata::analysis::report::{CoverageReport, LandReport, coverage_report, land_report};
use strata::analysis::{Coverage, CoverageOptions};
use strata::model::{ProblemKind, Reference, Scenario, SquareMeters};

/// A spinner on stderr while a long step runs; indicatif draws nothing when stderr is
/// not a terminal (pipes, CI).
fn progress(message: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

pub fn run(
    path: &Path,
    scenario: Scenario,
    options: CoverageOptions,
    json: bool,
    csv: bool,
    reference: &Reference,
) -> Result<u8> {
    let loaded = super::load(path)?;
    let problems = super::all_problems(&loaded, reference);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    if errors > 0 {
        eprintln!(
            "warning: the plan has {errors} error(s) (strata check); figures may be misleading"
        );
    }
    let plan = &loaded.plan;
    let bar = progress(&format!(
        "analysing {} ({} distances)…",
        plan.display_name(),
        options.metric.as_str()
    ));
    if json {
        let out = strata::analysis::report::analysis_json(plan, scenario, options, reference);
        bar.finish_and_clear();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(0);
    }
    let metric = options.metric;
    let coverage = Coverage::compute(plan, scenario, &reference.standard, options);
    let report = coverage_report(&coverage);
    bar.finish_and_clear();
    if csv {
        print_csv(&report);
        return Ok(0);
    }
    let land = land_report(plan, scenario);
    let conflicts = problems
        .iter()
        .filter(|p| p.kind == ProblemKind::RightsConflict)
        .collect::<Vec<_>>();
    print_text(
        plan.display_name(),
        scenario,
        metric.as_str(),
        &report,
        &land,
        conflicts.len(),
        reference,
    );
    Ok(0)
}

fn print_csv(report: &CoverageReport) {
    let categories: Vec<&String> = report
        .parcels
        .first()
        .map(|p| p.nearest_m.keys().collect())
        .unwrap_or_default();
    let mut header = vec!["parcel".to_owned(), "population".into(), "score".into()];
    header.extend(categories.iter().map(|c| format!("{c}_m")));
    header.push("missing".into());
    println!("{}", header.join(","));
    for p in &report.parcels {
        let mut row = vec![
            csv_field(&p.id),
            format!("{:.1}", p.population),
            format!("{:.4}", p.score),
        ];
        row.extend(categories.iter().map(|c| {
            p.nearest_m
                .get(*c)
                .copied()
                .flatten()
                .map_or(String::new(), |d| format!("{d:.2}"))
        }));
        row.push(csv_field(&p.missing.join(" ")));
        println!("{}", row.join(","));
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn print_text(
    name: &str,
    scenario: Scenario,
    metric: &str,
    report: &CoverageReport,
    land: &LandReport,
    conflicts: usize,
    reference: &Reference,
) {
    let standard = &reference.standard;
    println!("{name}: {} scenario, {metric} distances", scenario.as_str());
    println!(
        "{} homes, {:.0} residents; population-weighted score {:.1} %",
        report.homes,
        report.population,
        report.score * 100.0
    );
    println!();
    println!(
        "{:<18} {:<6} {:>7} {:>10} {:>6} {:>10} {:>8}",
        "category", "tier", "radius", "facilities", "homes", "residents", "share"
    );
    for c in &report.categories {
        let mark = if c.required { "" } else { " (recommended)" };
        println!(
            "{:<18} {:<6} {:>6.0}m {:>10} {:>6} {:>10.0} {:>7.1}%{mark}",
            c.id,
            c.tier,
            c.radius_m,
            c.facilities,
            c.homes_covered,
            c.population_covered,
            c.share_population * 100.0
        );
    }
    println!();
    println!("residents fully served per tier (every required category within reach):");
    for t in &report.tiers {
        let tier_name = standard.tier(&t.id).map_or("", |x| x.en.as_str());
        println!(
            "  {:<6} {:>10.0} residents {:>6.1}%  {tier_name}",
            t.id,
            t.population_served,
            t.share_population * 100.0
        );
    }
    println!();
    if report.gaps.is_empty() {
        println!("no service gaps: every home has every required category within reach");
    } else {
        println!("service gaps (residents lacking a required category, most first):");
        for g in &report.gaps {
            println!(
                "  {:<18} {:<6} {:>6} homes {:>10.0} residents",
                g.category, g.tier, g.homes, g.population
            );
        }
    }
    println!();
    println!("land ({} scenario):", scenario.as_str());
    println!(
        "  ground area      {}",
        super::area_text(SquareMeters(land.ground_m2))
    );
    println!(
        "  stacked area     {}",
        super::area_text(SquareMeters(land.stacked_m2))
    );
    println!(
        "  stacking saving  {}",
        super::area_text(SquareMeters(land.stacking_saved_m2))
    );
    println!(
        "  released         {}",
        super::area_text(SquareMeters(land.comparison.released_m2))
    );
    println!();
    println!("land per use, existing → proposed (mu):");
    for u in &land.comparison.by_use {
        let (old, new) = (
            SquareMeters(u.existing_m2).mu(),
            SquareMeters(u.proposed_m2).mu(),
        );
        let change = if old > 0.0 {
            format!("{:+.1} %", (new - old) / old * 100.0)
        } else {
            "new".to_owned()
        };
        let en = reference
            .classification
            .get(&u.code)
            .map_or("?", |c| c.en.as_str());
        println!(
            "  {:<7} {:<32} {:>9.2} → {:>9.2}  {:>+9.2}  {change}",
            u.code,
            en,
            old,
            new,
            new - old
        );
    }
    if conflicts > 0 {
        println!();
        println!("{conflicts} rights conflict(s): see strata check");
    }
}

/// What a heatmap shows (the category by id, resolved against the standard).
pub enum HeatChoice {
    Count,
    Score,
    Distance(String),
}

pub fn heatmap(
    path: &Path,
    out: &Path,
    cell: f64,
    choice: HeatChoice,
    scenario: Scenario,
    options: CoverageOptions,
    reference: &Reference,
) -> Result<u8> {
    let loaded = super::load(path)?;
    let plan = &loaded.plan;
    let bar = progress("computing coverage…");
    let coverage = Coverage::compute(plan, scenario, &reference.standard, options);
    bar.set_message("computing the heatmap grid…");
    let largest = coverage
        .categories
        .iter()
        .map(|c| c.radius_m)
        .fold(0.0, f64::max);
    let (value, low, high) = match &choice {
        HeatChoice::Count => (HeatValue::Count, 0.0, coverage.categories.len() as f64),
        HeatChoice::Score => (HeatValue::Score, 0.0, 1.0),
        HeatChoice::Distance(id) => {
            let Some(c) = coverage.categories.iter().position(|c| &c.id == id) else {
                let known: Vec<_> = coverage.categories.iter().map(|c| c.id.as_str()).collect();
                bail!(
                    "--category {id:?} is not a category of the standard ({})",
                    known.join(", ")
                );
            };
            (
                HeatValue::Distance(c),
                0.0,
                2.0 * coverage.categories[c].radius_m,
            )
        }
    };
    let Some(extent) = heat_extent(plan, scenario, largest) else {
        bail!(
            "the {} scenario has no features to draw a heatmap over",
            scenario.as_str()
        );
    };
    let cells = (extent.width() / cell).ceil() * (extent.height() / cell).ceil();
    if cells > 50e6 {
        bail!("{cells:.0} cells is too many; use a larger --cell");
    }
    let grid = heat_grid(&coverage, extent, cell, value);
    bar.finish_and_clear();
    let files = strata::io::raster::write_heatmap(out, &grid, &plan.frame, low, high)
        .with_context(|| format!("cannot write the heatmap {}", out.display()))?;
    let (lo, hi) = grid.range().unwrap_or((f64::NAN, f64::NAN));
    eprintln!(
        "{} × {} cells of {cell} m ({} distances), values {lo:.2}–{hi:.2}, colours {low}–{high} (viridis)",
        grid.cols,
        grid.rows,
        coverage.options.metric.as_str()
    );
    for f in files {
        eprintln!("wrote {}", f.display());
    }
    Ok(0)
}
