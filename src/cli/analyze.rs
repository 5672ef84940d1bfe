//! `strata analyze` (coverage, land, mix and conflicts as text tables, JSON or CSV) and
//! `strata heatmap` (a coverage grid as PNG, world file, ASCII grid and projection).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Args;
use strata::analysis::access::Decay;
use strata::analysis::heatmap::{heat_extent, heatmap as heat_grid};
use strata::analysis::report::{
    CoverageReport, LandReport, coverage_report, coverage_summary, land_report,
};
use strata::analysis::{Coverage, CoverageOptions, Metric};
use strata::i18n::{Lang, lang, tr};
use strata::model::{ProblemKind, Reference, Scenario, SquareMeters, Standard};
use strata::tr;

use super::HeatValueArg;
use super::options::{CoverageArgs, ScenarioArg, TableFormat};
use super::{csv_field, pad, scenario_word};

#[derive(Args)]
pub(crate) struct AnalyzeArgs {
    /// The plan file (GeoJSON).
    plan: PathBuf,
    /// Which scenario: existing or proposed.
    #[arg(long, value_enum, default_value = "proposed")]
    scenario: ScenarioArg,
    #[command(flatten)]
    coverage: CoverageArgs,
    /// text: tables; json: the stable fields of DESIGN.md; csv: one row per home.
    #[arg(long, value_enum, default_value = "text")]
    format: TableFormat,
    /// Distance decay of 2SFCA (access_per_1000): none (1 within the radius), linear (1 − d/r) or gaussian.
    #[arg(long, value_enum, default_value = "none")]
    decay: DecayArg,
}

/// The command-line face of the core's 2SFCA `Decay`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum DecayArg {
    None,
    Linear,
    Gaussian,
}

impl AnalyzeArgs {
    pub fn run(self, reference: &Reference) -> Result<u8> {
        let mut options = self.coverage.options()?;
        options.decay = match self.decay {
            DecayArg::None => Decay::None,
            DecayArg::Linear => Decay::Linear,
            DecayArg::Gaussian => Decay::Gaussian,
        };
        run(
            &self.plan,
            self.scenario.into(),
            options,
            self.format,
            reference,
        )
    }
}

#[derive(Args)]
pub(crate) struct HeatmapArgs {
    /// The plan file (GeoJSON).
    plan: PathBuf,
    /// The PNG to write; its .pgw, .asc and .prj files go beside it.
    #[arg(long, value_name = "FILE.png")]
    out: PathBuf,
    /// Cell size in metres.
    #[arg(long, value_name = "M", default_value = "25")]
    cell: f64,
    /// count: categories within reach; score: share of required ones; distance: to --category; places: need met of --category (2SFCA).
    #[arg(long, value_enum, default_value = "count")]
    value: HeatValueArg,
    /// Category for --value distance or places.
    #[arg(long, value_name = "ID")]
    category: Option<String>,
    #[command(flatten)]
    coverage: CoverageArgs,
    /// Which scenario: existing or proposed.
    #[arg(long, value_enum, default_value = "proposed")]
    scenario: ScenarioArg,
}

impl HeatmapArgs {
    pub fn run(self, reference: &Reference) -> Result<u8> {
        let options = self.coverage.options()?;
        let cell = self.cell;
        if !(cell.is_finite() && cell >= 1.0) {
            bail!(tr!("cli-err-cell", cell = format!("{cell}")));
        }
        let value = match (self.value, self.category) {
            (HeatValueArg::Distance, Some(id)) => HeatChoice::Distance(id),
            (HeatValueArg::Places, Some(id)) => HeatChoice::Places(id),
            (HeatValueArg::Distance | HeatValueArg::Places, None) => {
                bail!(tr("cli-err-value-distance"))
            }
            (HeatValueArg::Count, _) => HeatChoice::Count,
            (HeatValueArg::Score, _) => HeatChoice::Score,
        };
        heatmap(
            &self.plan,
            &self.out,
            cell,
            value,
            self.scenario.into(),
            options,
            reference,
        )
    }
}

/// A spinner on stderr while a long step runs; indicatif draws nothing when stderr is
/// not a terminal (pipes, CI).
fn progress(message: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

fn run(
    path: &Path,
    scenario: Scenario,
    options: CoverageOptions,
    format: TableFormat,
    reference: &Reference,
) -> Result<u8> {
    let loaded = super::load_to_exit(path)?;
    match format {
        TableFormat::Json => run_json(&loaded, scenario, options, reference)?,
        TableFormat::Csv => run_csv(&loaded, scenario, options, reference),
        TableFormat::Text => run_text(&loaded, scenario, options, reference),
    }
    Ok(0)
}

fn run_json(
    loaded: &strata::io::Loaded,
    scenario: Scenario,
    options: CoverageOptions,
    reference: &Reference,
) -> Result<()> {
    use strata::analysis::report::AnalysisJson;
    let plan = &loaded.plan;
    let bar = analysing(plan, &options);
    // The figures are worked out while the plan is validated (each leaves the other
    // core idle at times); the rights conflicts come from the validation.
    let (problems, figures) = rayon::join(
        || super::all_problems(loaded, reference),
        || {
            strata::timings::stage("analysis", || {
                AnalysisJson::compute_figures(plan, scenario, options, reference)
            })
        },
    );
    let out = figures.with_conflicts(&problems);
    bar.finish_and_clear();
    say_errors(&problems);
    let _timing = strata::timings::Timer::new("write JSON");
    // Streamed: a city's figures are larger than its plan.
    out.write_pretty(std::io::stdout().lock())?;
    Ok(())
}

fn run_csv(
    loaded: &strata::io::Loaded,
    scenario: Scenario,
    options: CoverageOptions,
    reference: &Reference,
) {
    use strata::timings::stage;
    let plan = &loaded.plan;
    say_errors(&super::all_problems(loaded, reference));
    let bar = analysing(plan, &options);
    let coverage = stage("coverage", || {
        Coverage::compute(plan, scenario, &reference.standard, options)
    });
    let report = stage("coverage report", || coverage_report(&coverage));
    bar.finish_and_clear();
    stage("write CSV", || print_csv(&report));
}

fn run_text(
    loaded: &strata::io::Loaded,
    scenario: Scenario,
    options: CoverageOptions,
    reference: &Reference,
) {
    let plan = &loaded.plan;
    let metric = options.metric;
    let bar = analysing(plan, &options);
    // As for JSON: the figures while the plan is validated.
    let (problems, (report, land, zoning, provision)) = rayon::join(
        || super::all_problems(loaded, reference),
        || text_figures(plan, scenario, options, reference),
    );
    bar.finish_and_clear();
    say_errors(&problems);
    let conflicts = problems
        .iter()
        .filter(|p| p.kind == ProblemKind::RightsConflict)
        .count();
    print_text(
        plan.display_name(),
        scenario,
        metric,
        &report,
        &land,
        conflicts,
        reference,
    );
    super::zoning::print_zoning(&zoning);
    super::provision::print_provision(&provision);
}

/// What the text shows: the district's coverage, not each home's row; land; zoning;
/// the provision per category and block, not each home's catchments.
fn text_figures<'p>(
    plan: &'p strata::model::Plan,
    scenario: Scenario,
    options: CoverageOptions,
    reference: &Reference,
) -> (
    CoverageReport,
    LandReport,
    strata::analysis::zoning::ZoningReport<'p>,
    strata::analysis::provision::ProvisionReport,
) {
    use strata::timings::stage;
    let coverage = stage("coverage", || {
        Coverage::compute(plan, scenario, &reference.standard, options)
    });
    let report = stage("coverage report", || coverage_summary(&coverage));
    let land = stage("land", || land_report(plan, scenario));
    let zoning = stage("zoning", || {
        strata::analysis::zoning::zoning_report(plan, scenario, reference)
    });
    let provision = stage("provision", || {
        strata::analysis::provision::provision_summary(plan, &coverage, &reference.standard)
    });
    (report, land, zoning, provision)
}

/// The spinner shown while a plan is analysed.
fn analysing(plan: &strata::model::Plan, options: &CoverageOptions) -> indicatif::ProgressBar {
    progress(&tr!(
        "cli-analysing",
        name = plan.display_name(),
        metric = options.metric.short_name()
    ))
}

/// Says on stderr how many errors the plan has (its figures may be off).
fn say_errors(problems: &[strata::model::Problem]) {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    if errors > 0 {
        eprintln!("{}", tr!("cli-analyze-errors", errors = errors));
    }
}

fn print_csv(report: &CoverageReport) {
    let first = report.parcels.get(0);
    let categories: Vec<&str> = first
        .as_ref()
        .map(|p| p.nearest_m.keys().copied().collect())
        .unwrap_or_default();
    let mut header = vec!["parcel".to_owned(), "population".into(), "score".into()];
    header.extend(categories.iter().map(|c| format!("{c}_m")));
    header.push("missing".into());
    println!("{}", header.join(","));
    for p in report.parcels.iter() {
        let mut row = vec![
            csv_field(p.id),
            format!("{:.1}", p.population),
            format!("{:.4}", p.score),
        ];
        row.extend(categories.iter().map(|c| {
            p.nearest_m
                .get(c)
                .copied()
                .flatten()
                .map_or(String::new(), |d| format!("{d:.2}"))
        }));
        row.push(csv_field(&p.missing.join(" ")));
        println!("{}", row.join(","));
    }
}

fn print_text(
    name: &str,
    scenario: Scenario,
    metric: Metric,
    report: &CoverageReport,
    land: &LandReport,
    conflicts: usize,
    reference: &Reference,
) {
    let standard = &reference.standard;
    let metric = metric.short_name();
    println!(
        "{}",
        tr!(
            "cli-analyze-title",
            name = name,
            scenario = scenario_word(scenario),
            metric = metric
        )
    );
    println!(
        "{}",
        tr!(
            "cli-analyze-summary",
            homes = report.homes.to_string(),
            residents = format!("{:.0}", report.population),
            score = format!("{:.1}", report.score * 100.0)
        )
    );
    println!();
    println!(
        "{} {} {} {} {} {} {}",
        pad(&tr("cli-col-category"), 18, false),
        pad(&tr("cli-col-tier"), 6, false),
        pad(&tr("cli-col-radius"), 7, true),
        pad(&tr("cli-col-facilities"), 10, true),
        pad(&tr("cli-col-homes"), 6, true),
        pad(&tr("cli-col-residents"), 10, true),
        pad(&tr("cli-col-share"), 8, true),
    );
    // In Chinese the standard's name follows each row; ids stay for commands.
    let zh = lang() == Lang::Zh;
    for c in &report.categories {
        let mut mark = if c.required {
            String::new()
        } else {
            tr("cli-recommended")
        };
        if zh && let Some(category) = standard.category(&c.id) {
            mark = format!("  {}{mark}", category.zh);
        }
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
    print_tiers_and_gaps(report, standard);
    print_land(scenario, land, reference);
    if conflicts > 0 {
        println!();
        println!("{}", tr!("cli-analyze-conflicts", n = conflicts));
    }
}

/// Residents served per tier, and the homes each category misses.
fn print_tiers_and_gaps(report: &CoverageReport, standard: &Standard) {
    let zh = lang() == Lang::Zh;
    println!();
    println!("{}", tr("cli-analyze-tiers"));
    for t in &report.tiers {
        let tier_name = standard.tier(&t.id).map_or("", |x| x.name());
        println!(
            "  {:<6} {:>10.0} {} {:>6.1}%  {tier_name}",
            t.id,
            t.population_served,
            tr("cli-residents"),
            t.share_population * 100.0
        );
    }
    println!();
    if report.gaps.is_empty() {
        println!("{}", tr("cli-analyze-no-gaps"));
    } else {
        println!("{}", tr("cli-analyze-gaps"));
        for g in &report.gaps {
            let name = if zh {
                standard
                    .category(&g.category)
                    .map_or(String::new(), |c| format!("  {}", c.zh))
            } else {
                String::new()
            };
            println!(
                "  {:<18} {:<6} {:>6} {} {:>10.0} {}{name}",
                g.category,
                g.tier,
                g.homes,
                tr("cli-homes"),
                g.population,
                tr("cli-residents")
            );
        }
    }
}

/// Land accounting of the scenario and the change per land use.
fn print_land(scenario: Scenario, land: &LandReport, reference: &Reference) {
    println!();
    println!(
        "{}",
        tr!("cli-analyze-land", scenario = scenario_word(scenario))
    );
    for (label, m2) in [
        (tr("cli-ground-area"), land.ground_m2),
        (tr("cli-stacked-area"), land.stacked_m2),
        (tr("cli-stacking-saving"), land.stacking_saved_m2),
        (tr("cli-released"), land.comparison.released_m2),
    ] {
        println!(
            "  {} {}",
            pad(&label, 16, false),
            super::area_text(SquareMeters(m2))
        );
    }
    println!();
    println!("{}", tr("cli-analyze-per-use"));
    for u in &land.comparison.by_use {
        let (old, new) = (
            SquareMeters(u.existing_m2).mu(),
            SquareMeters(u.proposed_m2).mu(),
        );
        let change = if old > 0.0 {
            format!("{:+.1} %", (new - old) / old * 100.0)
        } else {
            tr("report-new")
        };
        let en = reference
            .classification
            .get(&u.code)
            .map_or("?", |c| c.name());
        println!(
            "  {:<7} {} {:>9.2} → {:>9.2}  {:>+9.2}  {change}",
            u.code,
            pad(en, 32, false),
            old,
            new,
            new - old
        );
    }
}

/// What a heatmap shows (the category by id, resolved against the standard).
pub use strata::analysis::heatmap::HeatChoice;

fn heatmap(
    path: &Path,
    out: &Path,
    cell: f64,
    choice: HeatChoice,
    scenario: Scenario,
    options: CoverageOptions,
    reference: &Reference,
) -> Result<u8> {
    let loaded = super::load_to_exit(path)?;
    let plan = &loaded.plan;
    let bar = progress(&tr("cli-computing-coverage"));
    let coverage = Coverage::compute(plan, scenario, &reference.standard, options);
    bar.set_message(tr("cli-computing-grid"));
    let largest = coverage
        .categories
        .iter()
        .map(|c| c.radius_m)
        .fold(0.0, f64::max);
    let Some(value) = choice.resolve(coverage.categories.iter().map(|c| c.id.as_str())) else {
        let known: Vec<_> = coverage.categories.iter().map(|c| c.id.as_str()).collect();
        let id = choice.category().map_or("", String::as_str);
        bail!(tr!(
            "cli-err-not-a-category",
            id = format!("{id:?}"),
            known = known.join(", ")
        ));
    };
    let (low, high) = strata::render::present::heat_range(&coverage, value);
    let Some(extent) = heat_extent(plan, scenario, largest) else {
        bail!(tr!(
            "cli-err-heatmap-empty",
            scenario = scenario_word(scenario)
        ));
    };
    let cells = (extent.width() / cell).ceil() * (extent.height() / cell).ceil();
    if cells > 50e6 {
        bail!(tr!("cli-err-too-many-cells", cells = format!("{cells:.0}")));
    }
    let grid = match value {
        strata::analysis::heatmap::HeatValue::Places(c) => {
            let id = coverage.categories[c].id.as_str();
            strata::report::places_category(reference, Some(id))
                .map_err(|e| anyhow::anyhow!(e.text()))?;
            let access = strata::analysis::access::Access::compute(
                plan,
                &coverage,
                &reference.standard,
                coverage.options.decay,
            );
            strata::report::places_grid(&access, &coverage, reference, c, extent, cell)
        }
        _ => heat_grid(&coverage, extent, cell, value),
    };
    bar.finish_and_clear();
    let files = strata::render::raster::heatmap_files(out, &grid, &plan.frame, low, high)
        .map_err(anyhow::Error::msg)
        .and_then(|files| Ok(strata::io::write_files(&files)?))
        .with_context(|| tr!("cli-err-write-heatmap", path = out.display().to_string()))?;
    let (lo, hi) = grid.range().unwrap_or((f64::NAN, f64::NAN));
    eprintln!(
        "{}",
        tr!(
            "cli-heatmap-done",
            cols = grid.cols.to_string(),
            rows = grid.rows.to_string(),
            cell = format!("{cell}"),
            metric = coverage.options.metric.short_name(),
            lo = format!("{lo:.2}"),
            hi = format!("{hi:.2}"),
            low = format!("{low}"),
            high = format!("{high}")
        )
    );
    for f in files {
        eprintln!("{}", tr!("cli-wrote", path = f.display().to_string()));
    }
    Ok(0)
}
