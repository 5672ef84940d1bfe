//! `strata render` (a map PNG) and `strata report` (HTML or Markdown with the map,
//! coverage, land and mixed-use figures, validation problems and strata sections).

use std::path::Path;

use anyhow::{Context, Result, bail};
use strata::analysis::CoverageOptions;
use strata::model::{Reference, Scenario};
use strata::render::MapOptions;
use strata::report::{ReportFormat, ReportOptions, build_report, render_map};
use strata::tr;

/// Draws the plan and writes the PNG.
pub fn render(path: &Path, out: &Path, options: &MapOptions, reference: &Reference) -> Result<u8> {
    if !out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"))
    {
        bail!(tr!("cli-err-out-png", path = out.display().to_string()));
    }
    let loaded = super::load(path)?;
    warn_about_errors(&super::all_problems(&loaded, reference));
    use strata::timings::stage;
    let map = stage("render map (figures and drawing)", || {
        render_map(&loaded.plan, reference, options)
    })
    .with_context(|| tr!("cli-err-render", path = path.display().to_string()))?;
    let png = stage("encode PNG", || map.png())?;
    stage("write", || strata::io::write_atomically(out, &png))
        .with_context(|| tr!("cli-err-write", path = out.display().to_string()))?;
    eprintln!(
        "{}",
        tr!(
            "cli-wrote-map",
            path = out.display().to_string(),
            width = map.width().to_string(),
            height = map.height().to_string(),
            scenario = super::scenario_word(options.scenario)
        )
    );
    Ok(0)
}

/// Builds the report and writes it (Markdown: with its images next to it).
pub fn report(
    path: &Path,
    out: &Path,
    scenario: Scenario,
    coverage: CoverageOptions,
    width_px: u32,
    reference: &Reference,
) -> Result<u8> {
    let format = match out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => ReportFormat::Html,
        Some("md" | "markdown") => ReportFormat::Markdown,
        Some("pdf") => ReportFormat::Pdf,
        _ => bail!(tr!(
            "cli-err-out-report-pdf",
            path = out.display().to_string()
        )),
    };
    let loaded = super::load(path)?;
    let problems = super::all_problems(&loaded, reference);
    warn_about_errors(&problems);
    let options = ReportOptions {
        scenario,
        coverage,
        map_width_px: width_px,
    };
    let report = strata::timings::stage("build report", || {
        build_report(&loaded.plan, &problems, reference, &options)
    })
    .with_context(|| tr!("cli-err-build-report", path = path.display().to_string()))?;
    let _timing = strata::timings::Timer::new("write report files");
    let stem = out
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("report")
        .to_owned();
    let files = report.files(format, &stem)?;
    let folder = out.parent().unwrap_or(Path::new(""));
    for (name, bytes) in &files {
        let target = if name.is_empty() {
            out.to_path_buf()
        } else {
            folder.join(name)
        };
        strata::io::write_atomically(&target, bytes)
            .with_context(|| tr!("cli-err-write", path = target.display().to_string()))?;
        eprintln!("{}", tr!("cli-wrote", path = target.display().to_string()));
    }
    Ok(0)
}

fn warn_about_errors(problems: &[strata::model::Problem]) {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    if errors > 0 {
        eprintln!("{}", tr!("cli-output-errors", errors = errors.to_string()));
    }
}
