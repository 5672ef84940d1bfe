//! `strata inventory`, `strata suggest` and `strata value`: the renewal inventory of a
//! scenario, which candidate parcels should host a facility of a life-circle category,
//! and the multi-criteria valuation of the candidate parcels.

use std::path::Path;

use anyhow::{Result, bail};
use strata::analysis::inventory::{Inventory, inventory};
use strata::analysis::suggest::{Candidates, Method, Suggestions, suggest};
use strata::analysis::valuation::{Criterion, Valuation, ValuationSettings, valuation};
use strata::analysis::{Coverage, CoverageOptions};
use strata::model::{Reference, Scenario};

pub fn inventory_cmd(path: &Path, scenario: Scenario, format: &str) -> Result<u8> {
    let loaded = super::load(path)?;
    let inv = inventory(&loaded.plan, scenario);
    match format {
        "json" => println!("{}", serde_json::to_string_pretty(&inv)?),
        "csv" => print_inventory_csv(&inv),
        _ => print_inventory_text(loaded.plan.display_name(), &inv),
    }
    Ok(0)
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn print_inventory_csv(inv: &Inventory) {
    println!("parcel,name,status,main_use,ground_m2,ground_mu,floor_m2,strata");
    for r in &inv.parcels {
        println!(
            "{},{},{},{},{:.1},{:.2},{:.1},{}",
            csv_field(&r.id),
            csv_field(r.name.as_deref().unwrap_or("")),
            r.status.unwrap_or(""),
            r.main_use.as_deref().unwrap_or(""),
            r.ground_m2,
            r.ground_mu,
            r.floor_m2,
            r.strata
        );
    }
}

fn print_inventory_text(name: &str, inv: &Inventory) {
    println!("{name}: inventory of the {} scenario", inv.scenario);
    let table = |title: &str, groups: &[strata::analysis::inventory::InventoryGroup]| {
        println!(
            "\n{title:<18} {:>7} {:>14} {:>10} {:>14}",
            "parcels", "ground m²", "mu", "floor m²"
        );
        for g in groups.iter().chain(std::iter::once(&inv.total)) {
            println!(
                "{:<18} {:>7} {:>14.1} {:>10.2} {:>14.1}",
                g.key, g.parcels, g.ground_m2, g.ground_mu, g.floor_m2
            );
        }
    };
    table("by status", &inv.by_status);
    table("by land-use class", &inv.by_use);
    let assets: Vec<_> = inv
        .parcels
        .iter()
        .filter(|r| {
            matches!(
                r.status,
                Some("idle" | "underused" | "heritage" | "micro_renovation" | "released")
            )
        })
        .collect();
    if !assets.is_empty() {
        println!("\nassets to activate (idle, underused, heritage, micro-renovation, released):");
        for r in assets {
            println!(
                "  {:<10} {:<17} {:<8} {:>11.1} m² {:>8.2} mu {:>11.1} m² floor  {}",
                r.id,
                r.status.unwrap_or(""),
                r.main_use.as_deref().unwrap_or("-"),
                r.ground_m2,
                r.ground_mu,
                r.floor_m2,
                r.name.as_deref().unwrap_or("")
            );
        }
    }
}

/// Options of `strata suggest` beyond the plan.
pub struct SuggestArgs<'a> {
    pub category: &'a str,
    pub count: usize,
    pub candidates: Candidates,
    pub scenario: Scenario,
    pub options: CoverageOptions,
    pub json: bool,
}

pub fn suggest_cmd(path: &Path, args: SuggestArgs, reference: &Reference) -> Result<u8> {
    if args.count == 0 {
        bail!("--count must be at least 1");
    }
    let loaded = super::load(path)?;
    let errors = super::all_problems(&loaded, reference)
        .iter()
        .filter(|p| p.is_error())
        .count();
    if errors > 0 {
        eprintln!(
            "warning: the plan has {errors} error(s) (strata check); figures may be misleading"
        );
    }
    let plan = &loaded.plan;
    let standard = &reference.standard;
    if standard.category(args.category).is_none() {
        let known: Vec<&str> = standard.categories.iter().map(|c| c.id.as_str()).collect();
        bail!(
            "unknown category {:?}; the standard has: {}",
            args.category,
            known.join(", ")
        );
    }
    let coverage = Coverage::compute(plan, args.scenario, standard, args.options);
    let found = suggest(
        plan,
        &coverage,
        standard,
        args.category,
        args.count,
        &args.candidates,
    )?;
    if found.candidates == 0 {
        eprintln!(
            "note: no candidate parcels ({}) in the {} scenario; choose others with --candidates",
            args.candidates.describe(),
            args.scenario.as_str()
        );
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&found)?);
    } else {
        print_suggestions_text(&found, &args.candidates);
    }
    Ok(0)
}

/// A population as `strata analyze` prints it (no decimals).
fn shown(population: f64) -> i64 {
    format!("{population:.0}").parse().unwrap_or(0)
}

fn print_suggestions_text(found: &Suggestions, candidates: &Candidates) {
    let before = shown(found.population_covered_before);
    println!(
        "{}: radius {:.0} m, {} distances; {} candidate parcels ({}); {} residents covered now",
        found.category,
        found.radius_m,
        found.metric,
        found.candidates,
        candidates.describe(),
        before
    );
    if !found.too_small.is_empty() {
        let ids: Vec<&str> = found.too_small.iter().map(|p| p.as_str()).collect();
        println!(
            "left out, smaller than the tier's minimum park: {}",
            ids.join(", ")
        );
    }
    if found.suggestions.is_empty() {
        println!("no candidate brings anyone new within reach");
        return;
    }
    // Figures are differences of the rounded totals `strata analyze` prints, so each one
    // is exactly the change a planner sees there.
    let mut previous = before;
    for (i, s) in found.suggestions.iter().enumerate() {
        let now = shown(s.population_covered);
        println!(
            "{:>2}. {:<10} +{} residents ({} {}), {} covered after",
            i + 1,
            s.parcel.as_str(),
            now - previous,
            s.homes.len(),
            if s.homes.len() == 1 { "home" } else { "homes" },
            now
        );
        previous = now;
    }
    println!(
        "total +{} residents; sites chosen {}",
        previous - before,
        match found.method {
            Method::Exact => "exactly (every combination compared)",
            Method::Greedy => "greedily (each the best after the earlier ones)",
        }
    );
}

/// Options of `strata value` beyond the plan.
pub struct ValueArgs<'a> {
    /// Overrides the plan's service category.
    pub category: Option<&'a str>,
    pub top: Option<usize>,
    pub scenario: Scenario,
    pub options: CoverageOptions,
    /// `text`, `json` or `csv`.
    pub format: &'a str,
}

pub fn value_cmd(path: &Path, args: ValueArgs, reference: &Reference) -> Result<u8> {
    let loaded = super::load(path)?;
    let plan = &loaded.plan;
    let mut settings = ValuationSettings::of_plan(plan).map_err(anyhow::Error::msg)?;
    if let Some(c) = args.category {
        settings.service_category = Some(c.to_owned());
    }
    let coverage = Coverage::compute(plan, args.scenario, &reference.standard, args.options);
    let v =
        valuation(plan, &coverage, &reference.standard, &settings).map_err(anyhow::Error::msg)?;
    for w in &v.warnings {
        eprintln!("warning: {w}");
    }
    let top = args.top.unwrap_or(usize::MAX);
    match args.format {
        "json" => println!("{}", serde_json::to_string_pretty(&v)?),
        "csv" => {
            let names: Vec<&str> = Criterion::ALL.iter().map(|c| c.as_str()).collect();
            println!(
                "rank,parcel,name,status,score,{},{}",
                names.join(","),
                names
                    .iter()
                    .map(|n| format!("{n}_value"))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            for (i, p) in v.parcels.iter().take(top).enumerate() {
                let scores: Vec<String> =
                    p.parts.iter().map(|x| format!("{:.4}", x.score)).collect();
                let values: Vec<String> = p
                    .parts
                    .iter()
                    .map(|x| x.value.map_or(String::new(), |v| format!("{v:.2}")))
                    .collect();
                println!(
                    "{},{},{},{},{:.4},{},{}",
                    i + 1,
                    csv_field(p.parcel.as_str()),
                    csv_field(p.name.as_deref().unwrap_or("")),
                    p.status.unwrap_or(""),
                    p.score,
                    scores.join(","),
                    values.join(",")
                );
            }
        }
        _ => print_valuation_text(loaded.plan.display_name(), &v, top),
    }
    Ok(0)
}

fn print_valuation_text(name: &str, v: &Valuation, top: usize) {
    let weights: Vec<String> = Criterion::ALL
        .iter()
        .map(|c| format!("{} {}", c.as_str(), v.weights.get(*c)))
        .collect();
    println!(
        "{name}: valuation of {} candidate parcels ({} scenario, {} distances)",
        v.parcels.len(),
        v.scenario,
        v.metric
    );
    println!("weights: {}", weights.join(", "));
    println!(
        "service: residents a new {} would bring within reach",
        v.service_category.as_deref().unwrap_or("(no category)")
    );
    if v.parcels.is_empty() {
        println!("no candidate parcels; set \"candidates\" in the plan's valuation settings");
        return;
    }
    println!(
        "\n{:>4} {:<10} {:<17} {:>6}  {}",
        "rank",
        "parcel",
        "status",
        "score",
        Criterion::ALL
            .iter()
            .map(|c| format!("{:>9}", c.as_str()))
            .collect::<String>()
    );
    for (i, p) in v.parcels.iter().take(top).enumerate() {
        println!(
            "{:>4} {:<10} {:<17} {:>6.3}  {}",
            i + 1,
            p.parcel.as_str(),
            p.status.unwrap_or("-"),
            p.score,
            p.parts
                .iter()
                .map(|x| format!("{:>9.2}", x.score))
                .collect::<String>()
        );
    }
}
