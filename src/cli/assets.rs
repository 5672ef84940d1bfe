//! `strata inventory`, `strata suggest` and `strata value`: the renewal inventory of a
//! scenario, which candidate parcels should host a facility of a life-circle category,
//! and the multi-criteria valuation of the candidate parcels.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;
use strata::analysis::Coverage;
use strata::analysis::inventory::{Inventory, InventoryGroup, inventory};
use strata::analysis::suggest::{Candidates, Method, Suggestions, suggest};
use strata::analysis::terms::{current_year, expiring};
use strata::analysis::valuation::{Criterion, Valuation, ValuationSettings, valuation};
use strata::i18n::{Lang, lang, tr};
use strata::model::{Classification, Reference, Scenario, Standard, Status};
use strata::tr;

use super::options::{CoverageArgs, Format, MetricArg, ScenarioArg, TableFormat};
use super::{category_word, columns, csv_field, pad, scenario_word};

#[derive(Args)]
pub(crate) struct InventoryArgs {
    /// The plan file (GeoJSON).
    plan: PathBuf,
    /// Which scenario: existing or proposed.
    #[arg(long, value_enum, default_value = "proposed")]
    scenario: ScenarioArg,
    /// text: tables; json: every figure; csv: one row per parcel (with --expiring: per
    /// term).
    #[arg(long, value_enum, default_value = "text")]
    format: TableFormat,
    /// List instead the rights' and operations' terms that end within YEARS (expired
    /// ones too), with their end year.
    #[arg(long, value_name = "YEARS")]
    expiring: Option<f64>,
    /// The date the years are counted from, as a year (2026, 2026.5); default today.
    #[arg(long, value_name = "YEAR", requires = "expiring")]
    as_of: Option<f64>,
}

impl InventoryArgs {
    pub fn run(self, reference: &Reference) -> Result<u8> {
        let scenario = self.scenario.into();
        let loaded = super::load(&self.plan)?;
        if let Some(within) = self.expiring {
            if !within.is_finite() || within < 0.0 {
                bail!("{}", tr!("cli-terms-bad-years", years = within.to_string()));
            }
            let as_of = self.as_of.unwrap_or_else(current_year);
            if !(0.0..=10_000.0).contains(&as_of) {
                bail!("{}", tr!("cli-terms-bad-as-of", year = as_of.to_string()));
            }
            let terms = expiring(&loaded.plan, scenario, as_of, within);
            let name = loaded.plan.display_name();
            super::terms::print_expiring(name, scenario, &terms, self.format);
            return Ok(0);
        }
        let inv = inventory(&loaded.plan, scenario);
        match self.format {
            TableFormat::Json => println!("{}", serde_json::to_string_pretty(&inv)?),
            TableFormat::Csv => print_inventory_csv(&inv),
            TableFormat::Text => print_inventory_text(
                loaded.plan.display_name(),
                scenario,
                &inv,
                &reference.classification,
            ),
        }
        Ok(0)
    }
}

/// Items joined as the current language lists them (`a, b` or `甲、乙`).
fn list(items: &[String]) -> String {
    items.join(&tr("cli-list-separator"))
}

/// The candidate parcels as sentences name them: the `--candidates` text in English,
/// status names in Chinese.
fn candidates_word(candidates: &Candidates) -> String {
    match (lang(), candidates) {
        (Lang::En, _) => candidates.describe(),
        (_, Candidates::All) => tr("cli-candidates-all"),
        (_, Candidates::Statuses(statuses)) => {
            list(&statuses.iter().map(|s| s.name()).collect::<Vec<_>>())
        }
        (_, Candidates::Parcels(ids)) => tr!("cli-candidates-parcels", n = ids.len()),
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

/// A row label of the inventory tables: keys as the file has them in English (status
/// ids, level-1 classes, `all`, `none`); names in Chinese (闲置, 07 居住用地, 合计).
fn group_label(key: &str, by_status: bool, classification: &Classification) -> String {
    match key {
        "all" => tr("cli-inventory-all"),
        "none" if by_status => tr("cli-inventory-no-status"),
        "none" => tr("cli-inventory-no-use"),
        _ if by_status => Status::shown(key),
        _ => match (lang(), classification.get(key)) {
            (Lang::Zh, Some(class)) => format!("{key} {}", class.name()),
            _ => key.to_owned(),
        },
    }
}

fn print_inventory_text(
    name: &str,
    scenario: Scenario,
    inv: &Inventory,
    classification: &Classification,
) {
    println!(
        "{}",
        tr!(
            "cli-inventory-title",
            name = name,
            scenario = scenario_word(scenario)
        )
    );
    let table = |title: String, groups: &[InventoryGroup], by_status: bool| {
        let labels: Vec<String> = groups
            .iter()
            .chain(std::iter::once(&inv.total))
            .map(|g| group_label(&g.key, by_status, classification))
            .collect();
        // 18 columns as in English; wider when a Chinese class name needs it.
        let width = labels
            .iter()
            .chain(std::iter::once(&title))
            .map(|l| columns(l))
            .max()
            .unwrap_or(0)
            .max(18);
        println!(
            "\n{} {} {} {} {}",
            pad(&title, width, false),
            pad(&tr("cli-inventory-col-parcels"), 7, true),
            pad(&tr("cli-inventory-col-ground"), 14, true),
            pad(&tr("cli-inventory-col-mu"), 10, true),
            pad(&tr("cli-inventory-col-floor"), 14, true)
        );
        for (g, label) in groups
            .iter()
            .chain(std::iter::once(&inv.total))
            .zip(&labels)
        {
            println!(
                "{} {:>7} {:>14.1} {:>10.2} {:>14.1}",
                pad(label, width, false),
                g.parcels,
                g.ground_m2,
                g.ground_mu,
                g.floor_m2
            );
        }
    };
    table(tr("cli-inventory-by-status"), &inv.by_status, true);
    table(tr("cli-inventory-by-use"), &inv.by_use, false);
    print_assets(inv);
}

/// The parcels to activate (idle, underused, heritage, micro-renovation, released).
fn print_assets(inv: &Inventory) {
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
        println!("\n{}", tr("cli-inventory-assets"));
        for r in assets {
            println!(
                "  {}",
                tr!(
                    "cli-inventory-asset-row",
                    id = format!("{:<10}", r.id),
                    status = pad(&Status::shown(r.status.unwrap_or("")), 17, false),
                    code = format!("{:<8}", r.main_use.as_deref().unwrap_or("-")),
                    ground = format!("{:>11.1}", r.ground_m2),
                    mu = format!("{:>8.2}", r.ground_mu),
                    floor = format!("{:>11.1}", r.floor_m2),
                    name = r.name.as_deref().unwrap_or("")
                )
            );
        }
    }
}

#[derive(Args)]
pub(crate) struct SuggestArgs {
    /// The plan file (GeoJSON).
    plan: PathBuf,
    /// Life-circle category id of the standard, e.g. kindergarten.
    #[arg(long, value_name = "ID")]
    category: String,
    /// How many sites to choose together.
    #[arg(long, value_name = "K", default_value = "1")]
    count: usize,
    /// Statuses of the candidate parcels, comma-separated, or `all`.
    #[arg(
        long,
        value_name = "STATUSES",
        default_value = "idle,underused,released"
    )]
    candidates: String,
    #[command(flatten)]
    coverage: CoverageArgs,
    /// Which scenario: existing or proposed.
    #[arg(long, value_enum, default_value = "proposed")]
    scenario: ScenarioArg,
    /// text: ranked lines; json: for scripts.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

impl SuggestArgs {
    pub fn run(self, reference: &Reference) -> Result<u8> {
        let options = self.coverage.options()?;
        let candidates =
            Candidates::parse(&self.candidates).map_err(|_| candidates_error(&self.candidates))?;
        if self.count == 0 {
            bail!(tr("cli-err-count"));
        }
        let scenario = self.scenario.into();
        let loaded = super::load(&self.plan)?;
        let errors = super::all_problems(&loaded, reference)
            .iter()
            .filter(|p| p.is_error())
            .count();
        if errors > 0 {
            eprintln!("{}", tr!("cli-analyze-errors", errors = errors));
        }
        let plan = &loaded.plan;
        let standard = &reference.standard;
        let category = self.category.as_str();
        if standard.category(category).is_none() {
            let known: Vec<&str> = standard.categories.iter().map(|c| c.id.as_str()).collect();
            bail!(tr!(
                "cli-err-unknown-category",
                id = format!("{category:?}"),
                known = known.join(", ")
            ));
        }
        let coverage = Coverage::compute(plan, scenario, standard, options);
        let found = suggest(plan, &coverage, standard, category, self.count, &candidates)?;
        if found.candidates == 0 {
            eprintln!(
                "{}",
                tr!(
                    "cli-suggest-no-candidates",
                    candidates = candidates_word(&candidates),
                    scenario = scenario_word(scenario)
                )
            );
        }
        match self.format {
            Format::Json => println!("{}", serde_json::to_string_pretty(&found)?),
            Format::Text => print_suggestions_text(&found, &candidates, standard),
        }
        Ok(0)
    }
}

/// Why `--candidates TEXT` was refused, in the current language: the first word that
/// is neither a status nor `all` (where `Candidates::parse` stops), else no word at all.
fn candidates_error(text: &str) -> anyhow::Error {
    let unknown = text
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .take_while(|w| *w != "all")
        .find(|w| Status::parse(w).is_none());
    anyhow::Error::msg(match unknown {
        Some(word) => {
            let known: Vec<_> = Status::ALL.iter().map(|s| s.as_str()).collect();
            tr!(
                "cli-err-candidates",
                word = format!("{word:?}"),
                known = known.join(", ")
            )
        }
        None => tr("cli-err-no-candidates"),
    })
}

/// A population as `strata analyze` prints it (no decimals).
fn shown(population: f64) -> i64 {
    format!("{population:.0}").parse().unwrap_or(0)
}

fn print_suggestions_text(found: &Suggestions, candidates: &Candidates, standard: &Standard) {
    let before = shown(found.population_covered_before);
    println!(
        "{}",
        tr!(
            "cli-suggest-title",
            category = category_word(standard, &found.category),
            radius = format!("{:.0}", found.radius_m),
            metric = found.metric.short_name(),
            n = found.candidates.to_string(),
            candidates = candidates_word(candidates),
            covered = before.to_string()
        )
    );
    if !found.too_small.is_empty() {
        let ids: Vec<&str> = found.too_small.iter().map(|p| p.as_str()).collect();
        println!("{}", tr!("cli-suggest-too-small", ids = ids.join(", ")));
    }
    if found.suggestions.is_empty() {
        println!("{}", tr("cli-suggest-none"));
        return;
    }
    // Figures are differences of the rounded totals `strata analyze` prints, so each one
    // is exactly the change a planner sees there.
    let mut previous = before;
    for (i, s) in found.suggestions.iter().enumerate() {
        let now = shown(s.population_covered);
        println!(
            "{}",
            tr!(
                "cli-suggest-row",
                rank = format!("{:>2}", i + 1),
                parcel = format!("{:<10}", s.parcel.as_str()),
                gain = (now - previous).to_string(),
                homes = s.homes.len(),
                covered = now.to_string()
            )
        );
        previous = now;
    }
    let total = match found.method {
        Method::Exact => "cli-suggest-total-exact",
        Method::Greedy => "cli-suggest-total-greedy",
    };
    println!("{}", tr!(total, gain = (previous - before).to_string()));
}

#[derive(Args)]
pub(crate) struct ValueArgs {
    /// The plan file (GeoJSON).
    plan: PathBuf,
    /// The category of the service criterion (default: the plan's setting, else the
    /// worst-covered required category).
    #[arg(long, value_name = "ID")]
    category: Option<String>,
    /// Only the N best parcels (text and CSV; JSON lists all).
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    // `value` takes `--metric` but no `--radius`.
    /// Straight-line distance, or along walkable streets.
    #[arg(long, value_enum, default_value = "euclidean")]
    metric: MetricArg,
    /// Which scenario: existing or proposed.
    #[arg(long, value_enum, default_value = "proposed")]
    scenario: ScenarioArg,
    /// text: ranked table; json: every parcel and part; csv: one row per parcel.
    #[arg(long, value_enum, default_value = "text")]
    format: TableFormat,
}

impl ValueArgs {
    pub fn run(self, reference: &Reference) -> Result<u8> {
        let options = CoverageArgs::metric_only(self.metric).options()?;
        let scenario = self.scenario.into();
        let loaded = super::load(&self.plan)?;
        let plan = &loaded.plan;
        let mut settings = ValuationSettings::of_plan(plan)?;
        if let Some(c) = self.category {
            settings.service_category = Some(c);
        }
        let coverage = Coverage::compute(plan, scenario, &reference.standard, options);
        let v = valuation(plan, &coverage, &reference.standard, &settings)?;
        for w in &v.warnings {
            eprintln!("{}", tr!("cli-warning", message = w));
        }
        let top = self.top.unwrap_or(usize::MAX);
        match self.format {
            TableFormat::Json => println!("{}", serde_json::to_string_pretty(&v)?),
            TableFormat::Csv => print_valuation_csv(&v, top),
            TableFormat::Text => print_valuation_text(
                loaded.plan.display_name(),
                scenario,
                &v,
                top,
                &reference.standard,
            ),
        }
        Ok(0)
    }
}

fn print_valuation_csv(v: &Valuation, top: usize) {
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
        let scores: Vec<String> = p.parts.iter().map(|x| format!("{:.4}", x.score)).collect();
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

fn print_valuation_text(
    name: &str,
    scenario: Scenario,
    v: &Valuation,
    top: usize,
    standard: &Standard,
) {
    // Criteria by id in English (the plan's `weights` keys), by name in Chinese.
    let criterion = |c: Criterion| match lang() {
        Lang::En => c.as_str().to_owned(),
        Lang::Zh => c.name(),
    };
    let weights: Vec<String> = Criterion::ALL
        .iter()
        .map(|c| format!("{} {}", criterion(*c), v.weights.get(*c)))
        .collect();
    println!(
        "{}",
        tr!(
            "cli-value-title",
            name = name,
            n = v.parcels.len().to_string(),
            scenario = scenario_word(scenario),
            metric = v.metric.short_name()
        )
    );
    println!("{}", tr!("cli-value-weights", weights = list(&weights)));
    let category = match v.service_category.as_deref() {
        Some(id) => category_word(standard, id),
        None => tr("cli-value-no-category"),
    };
    println!("{}", tr!("cli-value-service", category = category));
    if v.parcels.is_empty() {
        println!("{}", tr("cli-value-none"));
        return;
    }
    println!(
        "\n{} {} {} {}  {}",
        pad(&tr("cli-value-col-rank"), 4, true),
        pad(&tr("cli-value-col-parcel"), 10, false),
        pad(&tr("cli-value-col-status"), 17, false),
        pad(&tr("cli-value-col-score"), 6, true),
        Criterion::ALL
            .iter()
            .map(|c| pad(&criterion(*c), 9, true))
            .collect::<String>()
    );
    for (i, p) in v.parcels.iter().take(top).enumerate() {
        println!(
            "{:>4} {:<10} {} {:>6.3}  {}",
            i + 1,
            p.parcel.as_str(),
            pad(&Status::shown(p.status.unwrap_or("-")), 17, false),
            p.score,
            p.parts
                .iter()
                .map(|x| format!("{:>9.2}", x.score))
                .collect::<String>()
        );
    }
}
