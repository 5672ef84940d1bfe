//! The command line (see DESIGN.md "Command line"). Errors go to stderr once, with the
//! feature id; exit codes: 0 fine, 1 plan errors or a failed command, 2 unreadable file.
//!
//! Each command is a `#[derive(Args)]` struct with a `run` method in its module:
//! `open`, `info`, `check`, `analyze` (analyze, heatmap), `draw` (render, report; the
//! drawing and writing in `render`), `assets` (inventory, value, suggest), `exchange`
//! (export, import). Options several commands share are in `options`, where `--metric`
//! and `--radius` become `CoverageOptions`; `help` words `--help` and usage errors in
//! the language of the run. This file parses, dispatches, and holds what the commands'
//! text output shares (column padding, words for scenarios and categories, loading).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use strata::analysis::validate_with;
use strata::i18n::Lang;
use strata::io::{self, Loaded, ReadError, ReadOptions};
use strata::model::{AreaUnit, Problem, Reference, Scenario, SquareMeters, format_area};
use strata::render::FillBy;

#[derive(Parser)]
#[command(
    name = "strata",
    version,
    about = "Land-use and mixed-zoning planning editor: parcels with stacked land rights, 15-minute life-circle coverage, land accounting."
)]
struct Cli {
    /// Land-use classification file (TOML) instead of the built-in cn-2023.
    #[arg(long, global = true, value_name = "FILE")]
    classification: Option<PathBuf>,
    /// Life-circle standard file (TOML) instead of the built-in GB 50180-2018.
    #[arg(long, global = true, value_name = "FILE")]
    standard: Option<PathBuf>,
    /// Language of reports, maps and the editor: en or zh (default: the language chosen
    /// in the editor, else the system's).
    #[arg(long, global = true, value_name = "en|zh")]
    lang: Option<Lang>,
    /// Unit of areas in text output: m2, ha or mu (亩) (default: the one chosen in the
    /// editor, else all three).
    #[arg(long, global = true, value_name = "m2|ha|mu")]
    area_unit: Option<AreaUnit>,
    /// Mixed-use compatibility rules (TOML) instead of the built-in example.
    #[arg(long, global = true, value_name = "FILE")]
    rules: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

/// The area unit of text output for this run (`None`: m², ha and mu side by side).
static AREA_UNIT: std::sync::OnceLock<Option<AreaUnit>> = std::sync::OnceLock::new();

/// `text` padded with spaces to `width` terminal columns (a Chinese character takes
/// two), on the left (`right`: aligned right) or on the right.
pub(crate) fn pad(text: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(columns(text)));
    if right {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

/// How many terminal columns `text` takes: Unicode's East Asian Width, so a Chinese
/// character takes two (ambiguous characters such as `²` and `—` take one).
pub(crate) fn columns(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// A life-circle category in sentences: its id in English, the standard's Chinese name
/// with the id (what `--category` takes) in Chinese.
pub(crate) fn category_word(standard: &strata::model::Standard, id: &str) -> String {
    match (strata::i18n::lang(), standard.category(id)) {
        (strata::i18n::Lang::Zh, Some(category)) => format!("{}（{id}）", category.zh),
        _ => id.to_owned(),
    }
}

/// A CSV field: quoted (with doubled quotes) when it holds a comma, quote or newline.
pub(crate) fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The scenario as text output names it (`proposed`, `规划`).
pub(crate) fn scenario_word(scenario: Scenario) -> String {
    match scenario {
        Scenario::Existing => strata::i18n::tr("cli-scenario-existing"),
        Scenario::Proposed => strata::i18n::tr("cli-scenario-proposed"),
    }
}

/// An area as the text output prints it: in the chosen unit, or in all three.
fn area_text(area: SquareMeters) -> String {
    match AREA_UNIT.get().copied().flatten() {
        Some(unit) => format!("{:>16}", unit.format(area)),
        None => format_area(area),
    }
}

/// The command-line face of the core's `HeatKind` (clap stays out of the core); with
/// `--category` it becomes a `HeatChoice`.
#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum HeatValueArg {
    Count,
    Score,
    Distance,
    // The need met of --category by 2SFCA (places per child; 1 = the standard).
    Places,
}

#[derive(Clone, Copy, ValueEnum)]
enum StyleArg {
    Use,
    Status,
    Score,
    /// Mixed use: effective number of land-use classes of each parcel's floor area.
    Diversity,
    /// Jobs per resident within the 15-minute reach of each home.
    JobsHousing,
    /// Valuation score of the candidate parcels (the plan's valuation settings).
    Valuation,
    /// Compliance with the zoning controls: met (green), own controls broken (red,
    /// outlined), only the compatibility rules or standard broken (amber).
    Compliance,
    /// Achieved FAR in steps (0, 0.5, 1, 2, 3, 4+).
    Far,
    /// Height (highest stratum top) in the GB 50180 classes (0, 12, 24, 54, 80, 100+ m).
    Height,
    /// With --view 3d: the main holder of each stratum.
    Holder,
    /// With --view 3d: the right of each stratum.
    Right,
    /// With --view 3d: years left on each stratum's term.
    Term,
    /// With --view 3d: the operation mode of each stratum (self, lease, ROT…).
    Operation,
    /// Years left on each parcel's first term to run out (rights and operations).
    YearsLeft,
    /// The need met of --category by 2SFCA per home: places per child (1 = the standard).
    Places,
}

impl StyleArg {
    /// The map's fill, `None` for the styles only the 3D view has.
    fn fill_by(self) -> Option<FillBy> {
        Some(match self {
            StyleArg::Use => FillBy::Use,
            StyleArg::Status => FillBy::Status,
            StyleArg::Score => FillBy::Score,
            StyleArg::Diversity => FillBy::Diversity,
            StyleArg::JobsHousing => FillBy::JobsHousing,
            StyleArg::Valuation => FillBy::Valuation,
            StyleArg::Compliance => FillBy::Compliance,
            StyleArg::Far => FillBy::Far,
            StyleArg::Height => FillBy::Height,
            StyleArg::YearsLeft => FillBy::YearsLeft,
            StyleArg::Places => FillBy::Places,
            StyleArg::Holder | StyleArg::Right | StyleArg::Term | StyleArg::Operation => {
                return None;
            }
        })
    }

    /// The 3D view's colouring, `None` for the styles only the map has.
    fn volume_colour(self) -> Option<strata::render::volumes::StrataColorBy> {
        use strata::render::volumes::StrataColorBy;
        Some(match self {
            StyleArg::Use => StrataColorBy::Use,
            StyleArg::Holder => StrataColorBy::Holder,
            StyleArg::Right => StrataColorBy::Right,
            StyleArg::Operation => StrataColorBy::Operation,
            StyleArg::Term | StyleArg::YearsLeft => StrataColorBy::YearsLeft,
            _ => return None,
        })
    }
}

// One variant per command, its options in the command's module; the doc comments are
// the commands' help.
#[derive(Subcommand)]
enum Command {
    /// Open the editor on a plan.
    Open(open::OpenArgs),
    /// Counts, extent and areas (m², ha, mu) per scenario.
    Info(info::InfoArgs),
    /// Validate a plan: exit 0 clean or warnings only, 1 errors, 2 unreadable.
    Check(check::CheckArgs),
    /// Life-circle coverage, land accounting, mixed use and rights conflicts of a scenario.
    Analyze(analyze::AnalyzeArgs),
    /// A heatmap PNG with a world file (.pgw), an ESRI ASCII grid (.asc) and the frame (.prj).
    Heatmap(analyze::HeatmapArgs),
    /// Draw the plan to a PNG: parcels by land use (mixed use hatched), status or
    /// life-circle score, streets, facilities, legend, scale bar and north arrow.
    Render(draw::RenderArgs),
    /// A report for reviewers: the map, life-circle coverage per tier and category with a
    /// bar chart, gaps, land accounting (existing → proposed), mixed use, validation
    /// problems and strata sections. `--out FILE.html` is self-contained; `--out FILE.md`
    /// writes its images next to it.
    Report(draw::ReportArgs),
    /// Write the plan as RFC 7946 GeoJSON; `--flat` writes one feature per stratum
    /// with plain properties for QGIS attribute tables.
    Export(exchange::ExportArgs),
    /// The renewal inventory: parcels by status and by land use, with ground area (m²,
    /// mu), floor area and counts; the assets to activate listed.
    Inventory(assets::InventoryArgs),
    /// Valuation of the candidate parcels (the plan's `valuation` settings): a score
    /// from 0 to 1 per parcel, Σ weight × criterion / Σ weight over transit, centre,
    /// service, size, shape, heritage and policy, best first, with every part.
    Value(assets::ValueArgs),
    /// Which candidate parcels should host a facility of a category: ranked by the
    /// residents it would newly bring within the category's radius (a stratum of the
    /// parcel hosting it); --count K sites chosen together.
    Suggest(assets::SuggestArgs),
    /// Turn a plain GeoJSON file (QGIS or OpenStreetMap export) into a plan.
    Import(exchange::ImportArgs),
    /// Walking-time areas (isochrones) of a category or one facility: one MultiPolygon
    /// per band of minutes × the standard's walking speed, resolved to a stated cell
    /// size, with the residents inside each band.
    Isochrones(isochrones::IsochronesArgs),
    /// Zoning sheets (图则) as a vector PDF: per parcel the map at a stated scale, the
    /// control indicators, strata, corner coordinates (CGCS2000 3° Gauss–Krüger), frame
    /// and title block.
    Sheet(sheet::SheetArgs),
}

/// A failure that sets a specific exit code (the message is already printed).
struct Exit(u8);

pub fn run() -> ExitCode {
    strata::timings::start();
    // The language is known before clap parses, so `--help` and usage errors use it:
    // `--lang` on the command line, else the saved choice, else the system's.
    let settings = strata::session::settings::init();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(lang) = help::lang_in_args(&args) {
        strata::i18n::set_lang(lang);
    }
    let lang = strata::i18n::lang();
    let bin_name = args
        .first()
        .and_then(|a| Path::new(a).file_name())
        .and_then(|f| f.to_str())
        .map(str::to_owned);
    let command = help::localized(Cli::command(), lang, bin_name);
    let cli = match command
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(error) => match help::error_text(&error, lang) {
            Some(text) => {
                eprint!("{text}");
                return ExitCode::from(2);
            }
            None => error.exit(),
        },
    };
    if let Some(lang) = cli.lang {
        strata::i18n::set_lang(lang);
    }
    let _ = AREA_UNIT.set(cli.area_unit.or(settings.area_unit));
    let result = execute(cli);
    strata::timings::total("total");
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            if let Some(Exit(code)) = error.downcast_ref::<Exit>() {
                return ExitCode::from(*code);
            }
            eprintln!(
                "{}",
                strata::tr!("cli-error", message = errors::error_text(&error))
            );
            ExitCode::from(1)
        }
    }
}

impl std::fmt::Debug for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}", self.0)
    }
}
impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}", self.0)
    }
}
impl std::error::Error for Exit {}

fn execute(cli: Cli) -> Result<u8> {
    let mut reference = Reference::load(cli.classification.as_deref(), cli.standard.as_deref())
        .with_context(|| strata::i18n::tr("cli-err-reference"))?;
    if let Some(rules) = &cli.rules {
        reference = reference
            .with_rules(rules)
            .with_context(|| strata::i18n::tr("cli-err-reference"))?;
    }
    let Some(command) = cli.command else {
        return open::open_editor(None, None, None, false, reference);
    };
    if !matches!(command, Command::Open(_)) {
        // A command ends within seconds: memory it returned would only be faulted in
        // again, cleared, by its next stage.
        strata::memory::keep_freed_until_exit();
    }
    match command {
        Command::Open(args) => args.run(reference),
        Command::Info(args) => args.run(&reference),
        Command::Check(args) => args.run(&reference),
        Command::Analyze(args) => args.run(&reference),
        Command::Heatmap(args) => args.run(&reference),
        Command::Render(args) => args.run(&reference),
        Command::Report(args) => args.run(&reference),
        Command::Export(args) => args.run(&reference),
        Command::Inventory(args) => args.run(&reference),
        Command::Value(args) => args.run(&reference),
        Command::Suggest(args) => args.run(&reference),
        Command::Import(args) => args.run(&reference),
        Command::Isochrones(args) => args.run(&reference),
        Command::Sheet(args) => args.run(&reference),
    }
}

mod analyze;
mod assets;
mod basemap;
mod check;
mod draw;
mod dxf;
mod errors;
mod exchange;
mod help;
mod info;
mod isochrones;
mod open;
mod options;
mod provision;
mod render;
mod sheet;
mod terms;
mod zoning;

/// Loads a plan, or prints why it cannot be read and fails with the matching exit code.
/// A progress line on stderr shows the bytes read (indicatif draws nothing when stderr
/// is not a terminal); Ctrl+C stops a read as it stops any command.
pub(crate) fn load(path: &Path) -> Result<Loaded> {
    let progress = std::sync::Arc::new(io::ReadProgress::default());
    let options = ReadOptions {
        progress: Some(std::sync::Arc::clone(&progress)),
        ..ReadOptions::default()
    };
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(strata::tr!(
        "cli-reading",
        path = path.display().to_string()
    ));
    let (send, done) = std::sync::mpsc::channel();
    let _timing = strata::timings::Timer::new("read (parse and project)");
    let result = std::thread::scope(|scope| {
        scope.spawn(|| {
            let _ = send.send(io::load_plan(path, &options));
        });
        loop {
            match done.recv_timeout(std::time::Duration::from_millis(100)) {
                Ok(result) => return Some(result),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    use std::sync::atomic::Ordering::Relaxed;
                    bar.set_length(progress.total.load(Relaxed));
                    bar.set_position(progress.read.load(Relaxed));
                }
                // The reader panicked: the scope re-raises its panic.
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return None,
            }
        }
    });
    bar.finish_and_clear();
    match result {
        Some(result) => result.map_err(|e| read_failure(path, &e)),
        None => bail!(strata::tr!(
            "cli-err-reader-stopped",
            path = path.display().to_string()
        )),
    }
}

/// [`load`] for a command that keeps the plan until the process ends: it is never
/// freed, the system takes the memory back at exit at once (freeing a city's three
/// million allocations one by one took 0.2 s after the output was written).
pub(crate) fn load_to_exit(path: &Path) -> Result<std::mem::ManuallyDrop<Loaded>> {
    load(path).map(std::mem::ManuallyDrop::new)
}

fn read_failure(path: &Path, error: &ReadError) -> anyhow::Error {
    eprintln!(
        "{}",
        strata::tr!(
            "cli-error-kind",
            kind = error.kind().to_string(),
            path = path.display().to_string(),
            message = error.text()
        )
    );
    anyhow::Error::new(Exit(error.exit_code() as u8))
}

pub(crate) fn all_problems(loaded: &Loaded, reference: &Reference) -> Vec<Problem> {
    strata::timings::stage("validate", || {
        let mut problems = loaded.problems.clone();
        problems.extend(validate_with(&loaded.plan, reference));
        problems
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use strata::i18n::{self, tr_in};

    /// The Chinese command, built, as `strata` shows it.
    fn zh_command() -> clap::Command {
        let mut cmd = help::localized(Cli::command(), Lang::Zh, Some("strata".to_owned()));
        cmd.build();
        cmd
    }

    fn has_chinese(text: &str) -> bool {
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Walks the Chinese command tree: every command says what it does in Chinese, and
    /// every argument the English help describes is described in Chinese (a new flag
    /// with a doc comment but no `help-…` key fails here).
    #[test]
    fn every_command_and_argument_has_chinese_help() {
        fn walk(cmd: &clap::Command, english: &clap::Command, path: &str, seen: &mut usize) {
            let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
            assert!(has_chinese(&about), "{path}: about {about:?}");
            assert!(
                !about.contains("help-"),
                "{path}: no key for the about: {about}"
            );
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                let text = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                assert!(!text.contains("help-"), "{path} {id}: no key: {text}");
                let described = english
                    .get_arguments()
                    .find(|a| a.get_id() == arg.get_id())
                    .is_some_and(|a| a.get_help().is_some());
                if described {
                    assert!(has_chinese(&text), "{path} {id}: {text:?}");
                    *seen += 1;
                }
                for note in ["[default", "[possible"] {
                    assert!(!text.contains(note), "{path} {id}: {text}");
                }
            }
            for sub in cmd.get_subcommands() {
                let name = sub.get_name();
                let Some(en_sub) = english.find_subcommand(name) else {
                    panic!("{path} {name}: no English command");
                };
                walk(sub, en_sub, &format!("{path} {name}"), seen);
            }
        }
        let mut english = Cli::command().bin_name("strata");
        english.build();
        let mut seen = 0;
        walk(&zh_command(), &english, "strata", &mut seen);
        // The 4 global options in every command, and the commands' own.
        assert!(seen > 60, "{seen} arguments with help");
    }

    /// en.ftl holds the doc comments' text under the same keys as zh-CN.ftl (the
    /// English help itself comes from the doc comments, untouched).
    #[test]
    fn english_keys_are_the_doc_comments() {
        let texts = help::english_texts(Cli::command());
        assert!(texts.len() > 40, "{texts:?}");
        let zh = i18n::keys(Lang::Zh);
        for (key, text) in &texts {
            assert_eq!(&tr_in(Lang::En, key), text, "en.ftl {key}");
            assert!(zh.contains(key), "zh-CN.ftl lacks {key}");
        }
    }

    #[test]
    fn chinese_help_has_chinese_headings_and_notes() {
        let mut cmd = zh_command();
        let root = cmd.render_help().to_string();
        for expected in [
            "用法: strata [OPTIONS] [COMMAND]",
            "命令:",
            "选项:",
            "  suggest     某类设施宜设在哪些候选地块",
            "  help        显示本帮助或指定子命令的帮助",
            "  -h, --help                   显示帮助",
            "  -V, --version                显示版本",
            "--lang <en|zh>           报告、地图和编辑器的语言",
        ] {
            assert!(root.contains(expected), "{expected:?} in\n{root}");
        }
        for english in ["Usage:", "Options:", "Commands:", "Print", "Life-circle"] {
            assert!(!root.contains(english), "{english:?} in\n{root}");
        }
        let suggest = cmd
            .find_subcommand_mut("suggest")
            .expect("suggest")
            .render_help()
            .to_string();
        for expected in [
            "某类设施宜设在哪些候选地块：按设施在该类别服务半径内新增覆盖的居民数排序",
            "用法: strata suggest [OPTIONS] --category <ID> <PLAN>",
            "参数:\n  <PLAN>",
            "标准中的生活圈设施类别编号，如 kindergarten",
            "--count <K>",
            "[默认：1]",
            "--metric <METRIC>",
            "[默认：euclidean] [可选值：euclidean, network]",
        ] {
            assert!(suggest.contains(expected), "{expected:?} in\n{suggest}");
        }
        let render = cmd
            .find_subcommand_mut("render")
            .expect("render")
            .render_long_help()
            .to_string();
        assert!(render.contains("可选值:\n          - use\n"), "{render}");
        assert!(
            render.contains("- diversity: 用地混合：各地块建筑面积的有效用地类别数"),
            "{render}"
        );
        assert!(render.contains("显示帮助（用 '-h' 查看摘要）"), "{render}");
    }

    #[test]
    fn english_help_is_the_derives() {
        let mut localized = help::localized(Cli::command(), Lang::En, None);
        assert_eq!(
            localized.render_long_help().to_string(),
            Cli::command().render_long_help().to_string()
        );
    }

    /// Table columns follow Unicode's East Asian Width: CJK and fullwidth forms take two
    /// columns, ASCII and ambiguous characters (`²`, `—`) one.
    #[test]
    fn columns_count_wide_characters_twice() {
        assert_eq!(columns("parcel"), 6);
        assert_eq!(columns("07 居住用地"), 11);
        assert_eq!(columns("合计（亩）"), 10);
        assert_eq!(columns("m²"), 2);
        assert_eq!(columns("0–5"), 3);
        assert_eq!(pad("闲置", 6, false), "闲置  ");
        assert_eq!(pad("闲置", 6, true), "  闲置");
        assert_eq!(pad("longer than", 4, false), "longer than");
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("p-1"), "p-1");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }

    /// `--metric` and `--radius` become coverage options in one place; a radius that is
    /// not a positive number is refused there.
    #[test]
    fn coverage_options_come_from_one_place() {
        use options::{CoverageArgs, MetricArg};
        use strata::analysis::Metric;
        let options = CoverageArgs {
            metric: MetricArg::Network,
            radius: Some(300.0),
        }
        .options()
        .expect("valid");
        assert_eq!(options.metric, Metric::Network);
        assert_eq!(options.radius_override, Some(300.0));
        assert_eq!(
            options.area_access_m,
            strata::analysis::CoverageOptions::default().area_access_m
        );
        let plain = CoverageArgs::metric_only(MetricArg::Euclidean)
            .options()
            .expect("valid");
        assert_eq!(
            (plain.metric, plain.radius_override),
            (Metric::Euclidean, None)
        );
        for bad in [0.0, -5.0, f64::NAN, f64::INFINITY] {
            let refused = CoverageArgs {
                metric: MetricArg::Euclidean,
                radius: Some(bad),
            }
            .options();
            assert!(refused.is_err(), "--radius {bad}");
        }
    }

    /// Results carry the metric as the enum and write it as its id, as the JSON did when
    /// it was a string.
    #[test]
    fn metric_is_written_by_its_id() {
        use strata::analysis::Metric;
        for metric in [Metric::Euclidean, Metric::Network] {
            assert_eq!(
                serde_json::to_value(metric).expect("json"),
                serde_json::Value::from(metric.as_str())
            );
        }
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        let args =
            |list: &[&str]| -> Vec<std::ffi::OsString> { list.iter().map(|a| a.into()).collect() };
        let lang = |list: &[&str]| help::lang_in_args(&args(list));
        assert_eq!(lang(&["strata", "--help", "--lang", "zh"]), Some(Lang::Zh));
        assert_eq!(
            lang(&["strata", "suggest", "--lang=zh", "-h"]),
            Some(Lang::Zh)
        );
        assert_eq!(
            lang(&["strata", "--lang", "zh", "--lang=en"]),
            Some(Lang::En)
        );
        assert_eq!(lang(&["strata", "info", "x.geojson"]), None);
        assert_eq!(lang(&["strata", "--lang", "fr"]), None);
        assert_eq!(lang(&["strata", "--", "--lang", "zh"]), None);
    }
}
