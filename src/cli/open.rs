//! `strata open` (and `strata` alone): the editor.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use strata::io::{self, ReadOptions};
use strata::model::Reference;

#[derive(Args)]
pub(crate) struct OpenArgs {
    /// The plan file (GeoJSON).
    plan: PathBuf,
    /// Render a few frames, write the window to this PNG and close (a smoke test).
    #[arg(long, value_name = "FILE.png")]
    screenshot: Option<PathBuf>,
    /// Render N frames of a scripted pan and zoom, print frame-time percentiles, close.
    #[arg(long, value_name = "N")]
    bench_frames: Option<u32>,
    /// Start in this view (map or 3d); with --bench-frames, the 3D script runs on the busiest district
    #[arg(long, value_enum, default_value = "map")]
    view: OpenView,
}

/// The view the editor starts in.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum OpenView {
    Map,
    #[value(name = "3d")]
    ThreeD,
}

impl OpenArgs {
    pub fn run(self, reference: Reference) -> Result<u8> {
        open_editor(
            Some(self.plan),
            self.screenshot,
            self.bench_frames,
            self.view == OpenView::ThreeD,
            reference,
        )
    }
}

/// The default map, compiled in so that `strata` opens it from any folder.
const DEFAULT_MAP: &[u8] = include_bytes!("../../sample_maps/xiongan_15min.geojson");

/// The editor on `path`, else on the sample map of the current folder, else on the
/// compiled-in one.
pub(crate) fn open_editor(
    path: Option<PathBuf>,
    screenshot: Option<PathBuf>,
    bench_frames: Option<u32>,
    view_3d: bool,
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
            strata::ui::run_file(path, reference, smoke, bench, view_3d)
                .map_err(anyhow::Error::msg)?;
        }
        None => {
            let loaded = io::read_plan(DEFAULT_MAP, &ReadOptions::default())
                .with_context(|| strata::i18n::tr("cli-err-sample-map"))?;
            strata::ui::run(loaded.plan, None, reference).map_err(anyhow::Error::msg)?;
        }
    }
    Ok(0)
}
