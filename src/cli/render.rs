//! `strata render` (a map PNG) and `strata report` (HTML or Markdown with the map,
//! coverage, land and mixed-use figures, validation problems and strata sections).

use std::path::Path;

use anyhow::{Context, Result, bail};
use strata::analysis::CoverageOptions;
use strata::model::{Reference, Scenario};
use strata::render::volumes::{VolumeOptions, draw_volumes};
use strata::render::{FontSet, MapFrame, MapOptions};
use strata::report::{ReportFormat, ReportOptions, build_report_over, render_map_over};
use strata::tr;

/// Draws the plan and writes the PNG.
/// Draws the plan over its underlays and `basemaps`, and writes the PNG with its world
/// file (`.pgw`) and `.prj` (the plan's local frame) beside it, so GIS places it.
pub fn render(
    path: &Path,
    out: &Path,
    options: &MapOptions,
    basemaps: &[strata::model::Basemap],
    reference: &Reference,
) -> Result<u8> {
    if !out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"))
    {
        bail!(tr!("cli-err-out-png", path = out.display().to_string()));
    }
    let loaded = super::load_to_exit(path)?;
    warn_about_errors(&super::all_problems(&loaded, reference));
    use strata::timings::stage;
    let plan = &loaded.plan;
    let underlays = stage("open underlays", || {
        super::basemap::open_underlays(plan, path, basemaps)
    });
    let paint = |frame: &MapFrame| super::basemap::paint_for_frame(plan, &underlays, frame);
    let map = stage("render map (figures and drawing)", || {
        render_map_over(plan, reference, options, &FontSet::for_maps(), Some(&paint))
    })
    .with_context(|| tr!("cli-err-render", path = path.display().to_string()))?;
    let png = stage("encode PNG", || map.png())?;
    let wkt = strata::render::raster::frame_wkt(&plan.frame);
    // GDAL reads the CRS of a world-file PNG from its .aux.xml, QGIS from the .prj.
    let aux = format!(
        "<PAMDataset>\n  <SRS>{}</SRS>\n</PAMDataset>\n",
        wkt.replace('"', "&quot;")
    );
    let files = vec![
        (out.to_path_buf(), png),
        (out.with_extension("pgw"), world_file(&map).into_bytes()),
        (out.with_extension("prj"), wkt.into_bytes()),
        (
            std::path::PathBuf::from(format!("{}.aux.xml", out.display())),
            aux.into_bytes(),
        ),
    ];
    stage("write", || strata::io::write_files(&files))
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

/// The world file of a rendered page: pixel size, no rotation, the centre of the
/// upper-left pixel in plan metres (the `.prj` beside it names the frame).
fn world_file(map: &strata::render::RenderedMap) -> String {
    let size = 1.0 / map.transform.pixels_per_meter;
    let [x, y] = map.transform.world_from_pixel([0.5, 0.5]);
    format!("{size}\n0.0\n0.0\n{}\n{x}\n{y}\n", -size)
}

/// Draws the plan's strata in 3D and writes the PNG.
pub fn render_3d(
    path: &Path,
    out: &Path,
    options: &VolumeOptions,
    reference: &Reference,
) -> Result<u8> {
    if !out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"))
    {
        bail!(tr!("cli-err-out-png", path = out.display().to_string()));
    }
    let loaded = super::load_to_exit(path)?;
    warn_about_errors(&super::all_problems(&loaded, reference));
    let fonts = strata::render::FontSet::for_maps();
    let pixmap = strata::timings::stage("render 3D view", || {
        draw_volumes(&loaded.plan, reference, &fonts, options)
    })
    .with_context(|| tr!("cli-err-render", path = path.display().to_string()))?;
    let png =
        strata::render::draw::encode_png(&pixmap).map_err(|reason| anyhow::anyhow!("{reason}"))?;
    strata::io::write_atomically(out, &png)
        .with_context(|| tr!("cli-err-write", path = out.display().to_string()))?;
    eprintln!(
        "{}",
        tr!(
            "cli-wrote-map",
            path = out.display().to_string(),
            width = pixmap.width().to_string(),
            height = pixmap.height().to_string(),
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
    let loaded = super::load_to_exit(path)?;
    let problems = super::all_problems(&loaded, reference);
    warn_about_errors(&problems);
    let options = ReportOptions {
        scenario,
        coverage,
        map_width_px: width_px,
    };
    let plan = &loaded.plan;
    let underlays = super::basemap::open_underlays(plan, path, &[]);
    let paint = |frame: &MapFrame| super::basemap::paint_for_frame(plan, &underlays, frame);
    let report = strata::timings::stage("build report", || {
        build_report_over(plan, &problems, reference, &options, Some(&paint))
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
