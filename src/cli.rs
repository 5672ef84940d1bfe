//! The command line (see DESIGN.md "Command line"). Errors go to stderr once, with the
//! feature id; exit codes: 0 fine, 1 plan errors or a failed command, 2 unreadable file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use serde_json::json;

use strata::analysis::{CoverageOptions, Metric, land, validate_with};
use strata::i18n::Lang;
use strata::io::{self, ImportAs, ImportOptions, Loaded, ReadError, ReadOptions, SourceCrs};
use strata::model::{
    AreaUnit, Problem, Reference, Scenario, Severity, SquareMeters, Status, format_area,
};
use strata::render::{FillBy, HeatChoice as MapHeat, MapOptions};

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

/// How many terminal columns `text` takes (a Chinese character takes two).
pub(crate) fn columns(text: &str) -> usize {
    let wide = |c: char| {
        matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
    };
    text.chars().map(|c| if wide(c) { 2 } else { 1 }).sum()
}

/// A distance metric given by its id (`euclidean`, `network`) as text output names it.
pub(crate) fn metric_word(metric: &str) -> String {
    match metric {
        "network" => strata::analysis::Metric::Network.short_name(),
        _ => strata::analysis::Metric::Euclidean.short_name(),
    }
}

/// A life-circle category in sentences: its id in English, the standard's Chinese name
/// with the id (what `--category` takes) in Chinese.
pub(crate) fn category_word(standard: &strata::model::Standard, id: &str) -> String {
    match (strata::i18n::lang(), standard.category(id)) {
        (strata::i18n::Lang::Zh, Some(category)) => format!("{}（{id}）", category.zh),
        _ => id.to_owned(),
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

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum AnalyzeFormat {
    Text,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum HeatValueArg {
    Count,
    Score,
    Distance,
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
}

impl From<StyleArg> for FillBy {
    fn from(s: StyleArg) -> Self {
        match s {
            StyleArg::Use => FillBy::Use,
            StyleArg::Status => FillBy::Status,
            StyleArg::Score => FillBy::Score,
            StyleArg::Diversity => FillBy::Diversity,
            StyleArg::JobsHousing => FillBy::JobsHousing,
            StyleArg::Valuation => FillBy::Valuation,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum MetricArg {
    Euclidean,
    Network,
}

impl From<MetricArg> for Metric {
    fn from(m: MetricArg) -> Self {
        match m {
            MetricArg::Euclidean => Metric::Euclidean,
            MetricArg::Network => Metric::Network,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ImportKind {
    Parcel,
    Facility,
    Street,
}

#[derive(Subcommand)]
enum Command {
    /// Open the editor on a plan.
    Open {
        /// The plan file (GeoJSON).
        plan: PathBuf,
        /// Render a few frames, write the window to this PNG and close (a smoke test).
        #[arg(long, value_name = "FILE.png")]
        screenshot: Option<PathBuf>,
        /// Render N frames of a scripted pan and zoom, print frame-time percentiles, close.
        #[arg(long, value_name = "N")]
        bench_frames: Option<u32>,
    },
    /// Counts, extent and areas (m², ha, mu) per scenario.
    Info {
        /// The plan file (GeoJSON).
        plan: PathBuf,
        /// text: readable lines; json: for scripts.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Validate a plan: exit 0 clean or warnings only, 1 errors, 2 unreadable.
    Check {
        /// The plan file (GeoJSON).
        plan: PathBuf,
        /// text: one line per problem; json: for scripts.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Life-circle coverage, land accounting, mixed use and rights conflicts of a scenario.
    Analyze {
        /// The plan file (GeoJSON).
        plan: PathBuf,
        /// Which scenario: existing or proposed.
        #[arg(long, value_enum, default_value = "proposed")]
        scenario: ScenarioArg,
        /// Straight-line distance, or along walkable streets.
        #[arg(long, value_enum, default_value = "euclidean")]
        metric: MetricArg,
        /// Replace every category's radius (metres).
        #[arg(long, value_name = "M")]
        radius: Option<f64>,
        /// text: tables; json: the stable fields of DESIGN.md; csv: one row per home.
        #[arg(long, value_enum, default_value = "text")]
        format: AnalyzeFormat,
    },
    /// A heatmap PNG with a world file (.pgw), an ESRI ASCII grid (.asc) and the frame (.prj).
    Heatmap {
        /// The plan file (GeoJSON).
        plan: PathBuf,
        /// The PNG to write; its .pgw, .asc and .prj files go beside it.
        #[arg(long, value_name = "FILE.png")]
        out: PathBuf,
        /// Cell size in metres.
        #[arg(long, value_name = "M", default_value = "25")]
        cell: f64,
        /// count: categories within reach; score: share of required ones; distance: to --category.
        #[arg(long, value_enum, default_value = "count")]
        value: HeatValueArg,
        /// Category for --value distance.
        #[arg(long, value_name = "ID")]
        category: Option<String>,
        /// Straight-line distance, or along walkable streets.
        #[arg(long, value_enum, default_value = "euclidean")]
        metric: MetricArg,
        /// Replace every category's radius (metres).
        #[arg(long, value_name = "M")]
        radius: Option<f64>,
        /// Which scenario: existing or proposed.
        #[arg(long, value_enum, default_value = "proposed")]
        scenario: ScenarioArg,
    },
    /// Draw the plan to a PNG: parcels by land use (mixed use hatched), status or
    /// life-circle score, streets, facilities, legend, scale bar and north arrow.
    Render {
        /// The plan file (GeoJSON).
        plan: PathBuf,
        /// The PNG to write.
        #[arg(long, value_name = "FILE.png")]
        out: PathBuf,
        /// Image width in pixels (300–8000); the height follows from the plan's shape.
        #[arg(long, value_name = "PX", default_value = "1600")]
        width: u32,
        /// What parcel fills show.
        #[arg(long, value_enum, default_value = "use")]
        style: StyleArg,
        /// Heatmap underlay: count (default when given alone), score, or distance to --category.
        #[arg(long, value_enum, value_name = "VALUE", num_args = 0..=1, default_missing_value = "count")]
        heatmap: Option<HeatValueArg>,
        /// Category for --heatmap distance.
        #[arg(long, value_name = "ID")]
        category: Option<String>,
        /// Distances of the score style and the heatmap.
        #[arg(long, value_enum, default_value = "euclidean")]
        metric: MetricArg,
        /// Replace every category's radius (metres).
        #[arg(long, value_name = "M")]
        radius: Option<f64>,
        /// Which scenario: existing or proposed.
        #[arg(long, value_enum, default_value = "proposed")]
        scenario: ScenarioArg,
        /// Leave parcel names off the map.
        #[arg(long)]
        no_labels: bool,
    },
    /// A report for reviewers: the map, life-circle coverage per tier and category with a
    /// bar chart, gaps, land accounting (existing → proposed), mixed use, validation
    /// problems and strata sections. `--out FILE.html` is self-contained; `--out FILE.md`
    /// writes its images next to it.
    Report {
        /// The plan file (GeoJSON).
        plan: PathBuf,
        /// The report to write: .html (self-contained) or .md (images beside it).
        #[arg(long, value_name = "FILE.html|FILE.md")]
        out: PathBuf,
        /// Which scenario: existing or proposed.
        #[arg(long, value_enum, default_value = "proposed")]
        scenario: ScenarioArg,
        /// Straight-line distance, or along walkable streets.
        #[arg(long, value_enum, default_value = "euclidean")]
        metric: MetricArg,
        /// Replace every category's radius (metres).
        #[arg(long, value_name = "M")]
        radius: Option<f64>,
        /// Width of the map image in pixels.
        #[arg(long, value_name = "PX", default_value = "1400")]
        width: u32,
    },
    /// Write the plan as RFC 7946 GeoJSON; `--flat` writes one feature per stratum
    /// with plain properties for QGIS attribute tables.
    Export {
        /// The plan file (GeoJSON).
        plan: PathBuf,
        /// The GeoJSON file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// One feature per stratum with plain properties (for QGIS attribute tables).
        #[arg(long)]
        flat: bool,
    },
    /// The renewal inventory: parcels by status and by land use, with ground area (m²,
    /// mu), floor area and counts; the assets to activate listed.
    Inventory {
        /// The plan file (GeoJSON).
        plan: PathBuf,
        /// Which scenario: existing or proposed.
        #[arg(long, value_enum, default_value = "proposed")]
        scenario: ScenarioArg,
        /// text: tables; json: every figure; csv: one row per parcel.
        #[arg(long, value_enum, default_value = "text")]
        format: AnalyzeFormat,
    },
    /// Valuation of the candidate parcels (the plan's `valuation` settings): a score
    /// from 0 to 1 per parcel, Σ weight × criterion / Σ weight over transit, centre,
    /// service, size, shape, heritage and policy, best first, with every part.
    Value {
        /// The plan file (GeoJSON).
        plan: PathBuf,
        /// The category of the service criterion (default: the plan's setting, else the
        /// worst-covered required category).
        #[arg(long, value_name = "ID")]
        category: Option<String>,
        /// Only the N best parcels (text and CSV; JSON lists all).
        #[arg(long, value_name = "N")]
        top: Option<usize>,
        /// Straight-line distance, or along walkable streets.
        #[arg(long, value_enum, default_value = "euclidean")]
        metric: MetricArg,
        /// Which scenario: existing or proposed.
        #[arg(long, value_enum, default_value = "proposed")]
        scenario: ScenarioArg,
        /// text: ranked table; json: every parcel and part; csv: one row per parcel.
        #[arg(long, value_enum, default_value = "text")]
        format: AnalyzeFormat,
    },
    /// Which candidate parcels should host a facility of a category: ranked by the
    /// residents it would newly bring within the category's radius (a stratum of the
    /// parcel hosting it); --count K sites chosen together.
    Suggest {
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
        /// Straight-line distance, or along walkable streets.
        #[arg(long, value_enum, default_value = "euclidean")]
        metric: MetricArg,
        /// Replace every category's radius (metres).
        #[arg(long, value_name = "M")]
        radius: Option<f64>,
        /// Which scenario: existing or proposed.
        #[arg(long, value_enum, default_value = "proposed")]
        scenario: ScenarioArg,
        /// text: ranked lines; json: for scripts.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Turn a plain GeoJSON file (QGIS or OpenStreetMap export) into a plan.
    Import {
        /// The plain GeoJSON file to import.
        file: PathBuf,
        /// The plan file to write.
        #[arg(long, value_name = "PLAN")]
        out: PathBuf,
        /// What the features become.
        #[arg(long = "as", value_enum, default_value = "parcel")]
        kind: ImportKind,
        /// CRS of the coordinates when the file does not declare one, e.g. EPSG:4547.
        #[arg(long, value_name = "EPSG:N")]
        crs: Option<String>,
        /// Property holding the land-use code (parcels), e.g. `landuse`; `0701+0901` means mixed use.
        #[arg(long, value_name = "PROPERTY")]
        use_from: Option<String>,
        /// Property holding the facility category (facilities), e.g. `amenity`.
        #[arg(long, value_name = "PROPERTY")]
        category_from: Option<String>,
        /// TOML table mapping source values to codes or categories (`residential = "0701"`).
        #[arg(long, value_name = "FILE")]
        map: Option<PathBuf>,
        /// Property holding the name (default `name`).
        #[arg(long, value_name = "PROPERTY")]
        name_from: Option<String>,
        /// Scenario given to the imported features.
        #[arg(long, value_enum, default_value = "proposed")]
        scenario: ScenarioArg,
        /// Status given to imported parcels (e.g. existing, idle).
        #[arg(long)]
        status: Option<String>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ScenarioArg {
    Existing,
    Proposed,
}

impl From<ScenarioArg> for Scenario {
    fn from(s: ScenarioArg) -> Self {
        match s {
            ScenarioArg::Existing => Scenario::Existing,
            ScenarioArg::Proposed => Scenario::Proposed,
        }
    }
}

/// A failure that sets a specific exit code (the message is already printed).
struct Exit(u8);

pub fn run() -> ExitCode {
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
    match execute(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            if let Some(Exit(code)) = error.downcast_ref::<Exit>() {
                return ExitCode::from(*code);
            }
            eprintln!(
                "{}",
                strata::tr!("cli-error", message = format!("{error:#}"))
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
    let reference = Reference::load(cli.classification.as_deref(), cli.standard.as_deref())
        .with_context(|| strata::i18n::tr("cli-err-reference"))?;
    let Some(command) = cli.command else {
        return open_editor(None, None, None, reference);
    };
    match command {
        Command::Open {
            plan,
            screenshot,
            bench_frames,
        } => open_editor(Some(plan), screenshot, bench_frames, reference),
        Command::Info { plan, format } => info(&plan, format, &reference),
        Command::Check { plan, format } => check(&plan, format, &reference),
        Command::Heatmap {
            plan,
            out,
            cell,
            value,
            category,
            metric,
            radius,
            scenario,
        } => {
            check_radius(radius)?;
            if !(cell.is_finite() && cell >= 1.0) {
                bail!(strata::tr!("cli-err-cell", cell = format!("{cell}")));
            }
            let options = CoverageOptions {
                metric: metric.into(),
                radius_override: radius,
                ..Default::default()
            };
            let value = match (value, category) {
                (HeatValueArg::Distance, Some(id)) => HeatChoice::Distance(id),
                (HeatValueArg::Distance, None) => {
                    bail!(strata::i18n::tr("cli-err-value-distance"))
                }
                (HeatValueArg::Count, _) => HeatChoice::Count,
                (HeatValueArg::Score, _) => HeatChoice::Score,
            };
            analyze::heatmap(
                &plan,
                &out,
                cell,
                value,
                scenario.into(),
                options,
                &reference,
            )
        }
        Command::Analyze {
            plan,
            scenario,
            metric,
            radius,
            format,
        } => {
            check_radius(radius)?;
            let options = CoverageOptions {
                metric: metric.into(),
                radius_override: radius,
                ..Default::default()
            };
            analyze::run(
                &plan,
                scenario.into(),
                options,
                format == AnalyzeFormat::Json,
                format == AnalyzeFormat::Csv,
                &reference,
            )
        }
        Command::Render {
            plan,
            out,
            width,
            style,
            heatmap,
            category,
            metric,
            radius,
            scenario,
            no_labels,
        } => {
            check_radius(radius)?;
            let heat = match (heatmap, category) {
                (None, None) => None,
                (None, Some(_)) => bail!(strata::i18n::tr("cli-err-category-heatmap")),
                (Some(HeatValueArg::Distance), Some(id)) => Some(MapHeat::Distance(id)),
                (Some(HeatValueArg::Distance), None) => {
                    bail!(strata::i18n::tr("cli-err-heatmap-distance"))
                }
                (Some(_), Some(_)) => bail!(strata::i18n::tr("cli-err-category-heatmap")),
                (Some(HeatValueArg::Count), None) => Some(MapHeat::Count),
                (Some(HeatValueArg::Score), None) => Some(MapHeat::Score),
            };
            let options = MapOptions {
                width_px: width,
                fill_by: style.into(),
                scenario: scenario.into(),
                heat,
                coverage: CoverageOptions {
                    metric: metric.into(),
                    radius_override: radius,
                    ..Default::default()
                },
                labels: !no_labels,
                facilities: true,
            };
            render::render(&plan, &out, &options, &reference)
        }
        Command::Report {
            plan,
            out,
            scenario,
            metric,
            radius,
            width,
        } => {
            check_radius(radius)?;
            let coverage = CoverageOptions {
                metric: metric.into(),
                radius_override: radius,
                ..Default::default()
            };
            render::report(&plan, &out, scenario.into(), coverage, width, &reference)
        }
        Command::Export { plan, out, flat } => export(&plan, &out, flat, &reference),
        Command::Inventory {
            plan,
            scenario,
            format,
        } => {
            let format = match format {
                AnalyzeFormat::Text => "text",
                AnalyzeFormat::Json => "json",
                AnalyzeFormat::Csv => "csv",
            };
            assets::inventory_cmd(&plan, scenario.into(), format, &reference)
        }
        Command::Value {
            plan,
            category,
            top,
            metric,
            scenario,
            format,
        } => {
            let format = match format {
                AnalyzeFormat::Text => "text",
                AnalyzeFormat::Json => "json",
                AnalyzeFormat::Csv => "csv",
            };
            let args = assets::ValueArgs {
                category: category.as_deref(),
                top,
                scenario: scenario.into(),
                options: CoverageOptions {
                    metric: metric.into(),
                    ..Default::default()
                },
                format,
            };
            assets::value_cmd(&plan, args, &reference)
        }
        Command::Suggest {
            plan,
            category,
            count,
            candidates,
            metric,
            radius,
            scenario,
            format,
        } => {
            check_radius(radius)?;
            let candidates = strata::analysis::suggest::Candidates::parse(&candidates)
                .map_err(|_| candidates_error(&candidates))?;
            let args = assets::SuggestArgs {
                category: &category,
                count,
                candidates,
                scenario: scenario.into(),
                options: CoverageOptions {
                    metric: metric.into(),
                    radius_override: radius,
                    ..Default::default()
                },
                json: format == Format::Json,
            };
            assets::suggest_cmd(&plan, args, &reference)
        }
        Command::Import {
            file,
            out,
            kind,
            crs,
            use_from,
            category_from,
            map,
            name_from,
            scenario,
            status,
            force,
        } => {
            let kind = match kind {
                ImportKind::Parcel => ImportAs::Parcel,
                ImportKind::Facility => ImportAs::Facility,
                ImportKind::Street => ImportAs::Street,
            };
            let status = match status {
                None => None,
                Some(text) => Some(Status::parse(&text).with_context(|| {
                    let known: Vec<_> = Status::ALL.iter().map(|s| s.as_str()).collect();
                    strata::tr!(
                        "cli-err-status",
                        text = format!("{text:?}"),
                        known = known.join(", ")
                    )
                })?),
            };
            let options = ImportOptions {
                read: ReadOptions {
                    crs: crs_option(crs.as_deref())?,
                    ..ReadOptions::default()
                },
                value_from: match kind {
                    ImportAs::Parcel => use_from,
                    _ => category_from,
                },
                map: match map {
                    Some(path) => io::import::load_map(&path).map_err(anyhow::Error::msg)?,
                    None => Default::default(),
                },
                name_from,
                scenario: scenario.into(),
                status,
            };
            import(&file, &out, kind, &options, force, &reference)
        }
    }
}

/// The default map, compiled in so that `strata` opens it from any folder.
const DEFAULT_MAP: &[u8] = include_bytes!("../sample_maps/xiongan_15min.geojson");

fn open_editor(
    path: Option<PathBuf>,
    screenshot: Option<PathBuf>,
    bench_frames: Option<u32>,
    reference: Reference,
) -> Result<u8> {
    let smoke = screenshot.map(|out| strata::ui::SmokeRun::new(out, 30));
    let bench = bench_frames.map(strata::ui::FrameBench::new);
    let local = PathBuf::from("sample_maps/xiongan_15min.geojson");
    let path = path.or_else(|| local.exists().then_some(local));
    match path {
        Some(path) => {
            if let Err(e) = std::fs::metadata(&path) {
                eprintln!(
                    "{}",
                    strata::tr!(
                        "cli-error-kind",
                        kind = "unreadable",
                        path = path.display().to_string(),
                        message = e.to_string()
                    )
                );
                return Ok(2);
            }
            // Read in the window, with progress: a whole city takes seconds.
            strata::ui::run_file(path, reference, smoke, bench).map_err(anyhow::Error::msg)?;
        }
        None => {
            let loaded = io::read_plan(DEFAULT_MAP, &ReadOptions::default())
                .with_context(|| strata::i18n::tr("cli-err-sample-map"))?;
            strata::ui::run(loaded.plan, None, reference).map_err(anyhow::Error::msg)?;
        }
    }
    Ok(0)
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
            strata::tr!(
                "cli-err-candidates",
                word = format!("{word:?}"),
                known = known.join(", ")
            )
        }
        None => strata::i18n::tr("cli-err-no-candidates"),
    })
}

fn crs_option(text: Option<&str>) -> Result<Option<SourceCrs>> {
    text.map(|t| SourceCrs::from_name(t).map_err(|e| anyhow::anyhow!("--crs: {e}")))
        .transpose()
}

mod analyze;
mod assets;
mod help;
mod render;

pub(crate) use analyze::HeatChoice;

fn check_radius(radius: Option<f64>) -> Result<()> {
    match radius {
        Some(r) if !(r.is_finite() && r > 0.0) => {
            bail!(strata::tr!("cli-err-radius", radius = format!("{r}")))
        }
        _ => Ok(()),
    }
}

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
    let mut problems = loaded.problems.clone();
    problems.extend(validate_with(&loaded.plan, reference));
    problems
}

fn check(path: &Path, format: Format, reference: &Reference) -> Result<u8> {
    let loaded = load(path)?;
    let problems = all_problems(&loaded, reference);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    match format {
        Format::Text => {
            for p in problems.iter().filter(|p| p.severity == Severity::Error) {
                println!("{}", p.text());
            }
            for p in problems.iter().filter(|p| p.severity == Severity::Warning) {
                println!("{}", p.text());
            }
            println!(
                "{}",
                strata::tr!(
                    "cli-check-summary",
                    path = path.display().to_string(),
                    errors = errors,
                    warnings = warnings
                )
            );
        }
        Format::Json => {
            let list: Vec<_> = problems
                .iter()
                .map(|p| {
                    json!({
                        "severity": if p.is_error() { "error" } else { "warning" },
                        "kind": p.kind.as_str(),
                        "feature": p.feature,
                        "message": p.message,
                    })
                })
                .collect();
            let out = json!({ "file": path.display().to_string(), "errors": errors, "warnings": warnings, "problems": list });
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
    }
    Ok(if errors > 0 { 1 } else { 0 })
}

fn info(path: &Path, format: Format, reference: &Reference) -> Result<u8> {
    let loaded = load(path)?;
    let plan = &loaded.plan;
    let projector = plan.frame.projector()?;
    let extent = plan.extent(None);
    let extent_lonlat = match extent {
        Some(e) => Some((
            projector.to_lonlat(e.min().x, e.min().y)?,
            projector.to_lonlat(e.max().x, e.max().y)?,
            e.width(),
            e.height(),
        )),
        None => None,
    };
    let scenarios: Vec<_> = Scenario::ALL
        .iter()
        .map(|&s| (s, land::scenario_areas(plan, s)))
        .collect();
    let mut parcels: Vec<_> = plan.parcels.iter().collect();
    parcels.sort_by(|a, b| {
        a.scenario
            .cmp(&b.scenario)
            .then(b.area().m2().total_cmp(&a.area().m2()))
    });

    if format == Format::Json {
        let area = |a: SquareMeters| json!({ "m2": a.m2(), "ha": a.ha(), "mu": a.mu() });
        let out = json!({
            "name": plan.settings.name,
            "frame": { "lon0": plan.frame.lon0, "lat0": plan.frame.lat0 },
            "extent": extent_lonlat.map(|(min, max, w, h)| json!({ "min": min, "max": max, "width_m": w, "height_m": h })),
            "counts": { "parcels": plan.parcels.len(), "facilities": plan.facilities.len(), "streets": plan.streets.len(), "other": plan.others.len() },
            "scenarios": scenarios.iter().map(|(s, a)| json!({
                "scenario": s.as_str(),
                "parcels": a.parcels,
                "facilities": plan.facilities_in(*s).count(),
                "streets": plan.streets_in(*s).count(),
                "ground": area(a.ground), "stacked": area(a.stacked), "stacking_saved": area(a.stacking_saved()),
                "by_status": a.by_status.iter().map(|(st, ar)| json!({ "status": st.map(|x| x.as_str()), "area": area(*ar) })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "parcels": parcels.iter().map(|p| json!({
                "id": p.id.as_str(), "scenario": p.scenario.as_str(), "name": p.name,
                "status": p.status.map(|s| s.as_str()), "strata": p.strata.len(),
                "main_use": p.main_use(), "area": area(p.area()),
            })).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(0);
    }

    println!("{}  ({})", plan.display_name(), path.display());
    println!(
        "{}",
        strata::tr!(
            "cli-info-frame",
            lon = format!("{:.4}", plan.frame.lon0),
            lat = format!("{:.4}", plan.frame.lat0)
        )
    );
    if let Some((min, max, w, h)) = extent_lonlat {
        println!(
            "{}",
            strata::tr!(
                "cli-info-extent",
                lon = format!("{:.5}–{:.5}", min[0], max[0]),
                lat = format!("{:.5}–{:.5}", min[1], max[1]),
                width = format!("{w:.0}"),
                height = format!("{h:.0}")
            )
        );
    }
    println!(
        "{}",
        strata::tr!(
            "cli-info-features",
            parcels = plan.parcels.len(),
            facilities = plan.facilities.len(),
            streets = plan.streets.len(),
            other = plan.others.len()
        )
    );
    for (scenario, areas) in &scenarios {
        if areas.parcels == 0 && plan.facilities_in(*scenario).count() == 0 {
            continue;
        }
        println!();
        println!(
            "{}",
            strata::tr!(
                "cli-info-scenario",
                scenario = scenario_word(*scenario),
                parcels = areas.parcels,
                facilities = plan.facilities_in(*scenario).count(),
                streets = plan.streets_in(*scenario).count()
            )
        );
        for (label, area) in [
            (strata::i18n::tr("cli-ground-area"), areas.ground),
            (strata::i18n::tr("cli-stacked-area"), areas.stacked),
            (
                strata::i18n::tr("cli-stacking-saving"),
                areas.stacking_saved(),
            ),
        ] {
            println!("  {} {}", pad(&label, 16, false), area_text(area));
        }
        for (status, area) in &areas.by_status {
            // Status ids in English (they are the file's values), names in Chinese.
            let label = match (status, strata::i18n::lang()) {
                (None, _) => strata::i18n::tr("cli-no-status"),
                (Some(s), strata::i18n::Lang::En) => s.as_str().to_owned(),
                (Some(s), strata::i18n::Lang::Zh) => s.name(),
            };
            println!("  {} {}", pad(&label, 16, false), area_text(*area));
        }
    }
    println!();
    println!("{}", strata::i18n::tr("cli-info-parcels"));
    const SHOWN: usize = 40;
    for p in parcels.iter().take(SHOWN) {
        let use_name = p
            .main_use()
            .map(|code| {
                let en = reference.classification.get(code).map_or("?", |c| c.name());
                format!("{code} {en}")
            })
            .unwrap_or_default();
        println!(
            "  {} {:<10} {} {} {} {:>2}  {} {}",
            pad(&scenario_word(p.scenario), 8, false),
            p.id.as_str(),
            pad(
                &Status::shown(p.status.map_or("-", |s| s.as_str())),
                16,
                false
            ),
            area_text(p.area()),
            strata::i18n::tr("cli-strata"),
            p.strata.len(),
            pad(&use_name, 28, false),
            p.name.as_deref().unwrap_or("")
        );
    }
    if parcels.len() > SHOWN {
        println!(
            "{}",
            strata::tr!("cli-info-more", n = parcels.len() - SHOWN)
        );
    }
    Ok(0)
}

fn export(path: &Path, out: &Path, flat: bool, reference: &Reference) -> Result<u8> {
    let loaded = load(path)?;
    for p in loaded.problems.iter().filter(|p| p.is_error()) {
        eprintln!("{}", strata::tr!("cli-export-kept", problem = p.text()));
    }
    if flat {
        let value = io::export::flat_value(&loaded.plan, reference)?;
        let text = serde_json::to_string_pretty(&value)? + "\n";
        io::write_atomically(out, text.as_bytes())?;
    } else {
        io::save_plan(&loaded.plan, out)?;
    }
    eprintln!(
        "{}",
        strata::tr!("cli-wrote", path = out.display().to_string())
    );
    Ok(0)
}

fn import(
    file: &Path,
    out: &Path,
    kind: ImportAs,
    options: &ImportOptions,
    force: bool,
    reference: &Reference,
) -> Result<u8> {
    if out.exists() && !force {
        bail!(strata::tr!(
            "cli-err-exists",
            path = out.display().to_string()
        ));
    }
    let (loaded, report) =
        io::import::import_file(file, kind, options).map_err(|e| read_failure(file, &e))?;
    for skipped in &report.skipped {
        eprintln!("{}", strata::tr!("cli-skipped", what = skipped));
    }
    io::save_plan(&loaded.plan, out)?;
    let problems = all_problems(&loaded, reference);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    for p in problems.iter().filter(|p| p.is_error()).take(20) {
        eprintln!("{}", p.text());
    }
    eprintln!(
        "{}",
        strata::tr!(
            "cli-imported",
            n = report.imported.to_string(),
            path = out.display().to_string(),
            skipped = report.skipped.len().to_string(),
            errors = errors.to_string()
        )
    );
    Ok(0)
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
            "  suggest    某类设施宜设在哪些候选地块",
            "  help       显示本帮助或指定子命令的帮助",
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
