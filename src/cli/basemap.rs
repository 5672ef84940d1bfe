//! The underlays of `strata render`, `strata report` and `strata sheet`: the plan's own
//! (`strata.basemaps`, paths from the plan's folder) then those given with `--basemap`
//! (paths from the current folder), opened once. One that cannot be shown is named on
//! stderr with the reason and left out; the map is drawn all the same.

use std::path::Path;

use strata::basemap::{self, OutputGrid, Underlay};
use strata::i18n::tr;
use strata::model::{Basemap, Basemaps, Plan};
use strata::render::{MapFrame, UnderlayImage};
use strata::tr;

/// The underlays to draw, bottom first; each one that fails is reported and skipped.
pub fn open_underlays(plan: &Plan, plan_path: &Path, extra: &[Basemap]) -> Vec<Underlay> {
    open_underlays_with(plan, plan_path, extra, true)
}

/// [`open_underlays`], with the plan's own left out unless `plan_own`
/// (`strata sheet --no-underlays`).
pub fn open_underlays_with(
    plan: &Plan,
    plan_path: &Path,
    extra: &[Basemap],
    plan_own: bool,
) -> Vec<Underlay> {
    let plan_dir = plan_path.parent().unwrap_or(Path::new(""));
    let cwd = std::env::current_dir().unwrap_or_default();
    let listed = if plan_own {
        Basemaps::of_plan(plan)
    } else {
        Basemaps::default()
    };
    let mut out = Vec::new();
    let projector = match plan.frame.projector() {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "{}",
                tr!(
                    "cli-basemap-skipped",
                    source = "strata.basemaps",
                    reason = e.text()
                )
            );
            return out;
        }
    };
    for entry in &listed.entries {
        match entry {
            strata::model::BasemapEntry::Invalid { reason, .. } => eprintln!(
                "{}",
                tr!(
                    "cli-basemap-skipped",
                    source = "strata.basemaps",
                    reason = reason.text()
                )
            ),
            strata::model::BasemapEntry::Valid(b) if b.visible => {
                push_opened(&mut out, b, plan_dir, &projector);
            }
            strata::model::BasemapEntry::Valid(_) => {}
        }
    }
    for b in extra {
        push_opened(&mut out, b, &cwd, &projector);
    }
    out
}

fn push_opened(
    out: &mut Vec<Underlay>,
    entry: &Basemap,
    dir: &Path,
    projector: &strata::model::FrameProjector,
) {
    match basemap::open(entry, dir, projector) {
        Ok(u) => out.push(u),
        Err(e) => eprintln!(
            "{}",
            tr!(
                "cli-basemap-skipped",
                source = entry.source.as_str(),
                reason = e.text()
            )
        ),
    }
}

/// The underlays painted over a map's frame (each failure reported and skipped).
pub fn paint_for_frame(
    plan: &Plan,
    underlays: &[Underlay],
    frame: &MapFrame,
) -> Vec<UnderlayImage> {
    let (t, width, height) = frame.map_grid();
    let grid = OutputGrid {
        west: t.west,
        north: t.north,
        pixels_per_meter: t.pixels_per_meter,
        width,
        height,
    };
    paint_for_grid(plan, underlays, &grid)
}

/// The underlays painted over a sheet's map (`strata sheet`).
pub fn paint_for_sheet(
    plan: &Plan,
    underlays: &[Underlay],
    grid: &strata::sheet::UnderlayGrid,
) -> Vec<UnderlayImage> {
    let grid = OutputGrid {
        west: grid.west,
        north: grid.north,
        pixels_per_meter: grid.pixels_per_meter,
        width: grid.width,
        height: grid.height,
    };
    paint_for_grid(plan, underlays, &grid)
}

/// The underlays painted over a pixel grid of the plan's frame.
fn paint_for_grid(plan: &Plan, underlays: &[Underlay], grid: &OutputGrid) -> Vec<UnderlayImage> {
    let Ok(projector) = plan.frame.projector() else {
        return Vec::new();
    };
    underlays
        .iter()
        .filter_map(|u| match u.paint(grid, &projector) {
            Ok(Some(p)) => Some(UnderlayImage {
                rgba: p.rgba,
                width: p.width,
                height: p.height,
                opacity: u.opacity,
                attribution: u.attribution.clone(),
            }),
            Ok(None) => None,
            Err(e) => {
                eprintln!(
                    "{}",
                    tr!(
                        "cli-basemap-skipped",
                        source = u.name.as_str(),
                        reason = e.text()
                    )
                );
                None
            }
        })
        .collect()
}

/// The `--basemap` sources with their `--basemap-opacity` (the n-th opacity goes with
/// the n-th source; sources without one are opaque).
pub fn from_args(sources: &[String], opacities: &[f64]) -> anyhow::Result<Vec<Basemap>> {
    if opacities.len() > sources.len() {
        anyhow::bail!(tr("cli-err-basemap-opacity-count"));
    }
    sources
        .iter()
        .enumerate()
        .map(|(i, source)| {
            let opacity = opacities.get(i).copied().unwrap_or(1.0);
            if !(0.0..=1.0).contains(&opacity) {
                anyhow::bail!(tr!("cli-err-basemap-opacity", value = opacity.to_string()));
            }
            let mut b = Basemap::new(source.clone());
            b.opacity = opacity;
            Ok(b)
        })
        .collect()
}
