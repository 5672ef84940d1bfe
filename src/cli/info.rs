//! `strata info`: counts, extent and areas per scenario, and the largest parcels.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;
use serde_json::json;
use strata::analysis::land::{self, ScenarioAreas};
use strata::i18n::{Lang, lang, tr};
use strata::model::{Parcel, Plan, Reference, Scenario, SquareMeters, Status};
use strata::tr;

use super::options::Format;
use super::{area_text, pad, scenario_word};

#[derive(Args)]
pub(crate) struct InfoArgs {
    /// The plan file (GeoJSON).
    plan: PathBuf,
    /// text: readable lines; json: for scripts.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// The extent in longitude/latitude (min, max) with its width and height in metres.
type Extent = ([f64; 2], [f64; 2], f64, f64);

/// What `info` prints, in either format.
struct Facts<'a> {
    path: &'a Path,
    plan: &'a Plan,
    extent: Option<Extent>,
    scenarios: Vec<(Scenario, ScenarioAreas)>,
    /// By scenario, largest first.
    parcels: Vec<&'a Parcel>,
}

impl InfoArgs {
    pub fn run(self, reference: &Reference) -> Result<u8> {
        let loaded = super::load_to_exit(&self.plan)?;
        let plan = &loaded.plan;
        let _timing = strata::timings::Timer::new("figures and output");
        let projector = plan.frame.projector()?;
        let extent = match plan.extent(None) {
            Some(e) => Some((
                projector.to_lonlat(e.min().x, e.min().y)?,
                projector.to_lonlat(e.max().x, e.max().y)?,
                e.width(),
                e.height(),
            )),
            None => None,
        };
        let scenarios = Scenario::ALL
            .iter()
            .map(|&s| (s, land::scenario_areas(plan, s)))
            .collect();
        // Each area once (not twice per comparison: a city sorts 100 000 parcels of 30
        // corners); the sort is stable, so ties keep the plan's order.
        let mut keyed: Vec<(f64, &Parcel)> = {
            use rayon::prelude::*;
            plan.parcels
                .par_iter()
                .map(|p| (p.area().m2(), p))
                .collect()
        };
        keyed.sort_by(|(area_a, a), (area_b, b)| {
            a.scenario.cmp(&b.scenario).then(area_b.total_cmp(area_a))
        });
        let parcels: Vec<&Parcel> = keyed.into_iter().map(|(_, p)| p).collect();
        let facts = Facts {
            path: &self.plan,
            plan,
            extent,
            scenarios,
            parcels,
        };
        match self.format {
            Format::Json => println!("{}", serde_json::to_string_pretty(&json_value(&facts))?),
            Format::Text => print_text(&facts, reference),
        }
        Ok(0)
    }
}

fn json_value(facts: &Facts) -> serde_json::Value {
    let plan = facts.plan;
    let area = |a: SquareMeters| json!({ "m2": a.m2(), "ha": a.ha(), "mu": a.mu() });
    json!({
        "name": plan.settings.name,
        "frame": { "lon0": plan.frame.lon0, "lat0": plan.frame.lat0 },
        "extent": facts.extent.map(|(min, max, w, h)| json!({ "min": min, "max": max, "width_m": w, "height_m": h })),
        "counts": { "parcels": plan.parcels.len(), "facilities": plan.facilities.len(), "streets": plan.streets.len(), "other": plan.others.len() },
        "scenarios": facts.scenarios.iter().map(|(s, a)| json!({
            "scenario": s.as_str(),
            "parcels": a.parcels,
            "facilities": plan.facilities_in(*s).count(),
            "streets": plan.streets_in(*s).count(),
            "ground": area(a.ground), "stacked": area(a.stacked), "stacking_saved": area(a.stacking_saved()),
            "by_status": a.by_status.iter().map(|(st, ar)| json!({ "status": st.map(|x| x.as_str()), "area": area(*ar) })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "parcels": facts.parcels.iter().map(|p| json!({
            "id": p.id.as_str(), "scenario": p.scenario.as_str(), "name": p.name,
            "status": p.status.map(|s| s.as_str()), "strata": p.strata.len(),
            "main_use": p.main_use(), "area": area(p.area()),
        })).collect::<Vec<_>>(),
    })
}

fn print_text(facts: &Facts, reference: &Reference) {
    let plan = facts.plan;
    println!("{}  ({})", plan.display_name(), facts.path.display());
    println!(
        "{}",
        tr!(
            "cli-info-frame",
            lon = format!("{:.4}", plan.frame.lon0),
            lat = format!("{:.4}", plan.frame.lat0)
        )
    );
    if let Some((min, max, w, h)) = facts.extent {
        println!(
            "{}",
            tr!(
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
        tr!(
            "cli-info-features",
            parcels = plan.parcels.len(),
            facilities = plan.facilities.len(),
            streets = plan.streets.len(),
            other = plan.others.len()
        )
    );
    for (scenario, areas) in &facts.scenarios {
        print_scenario(plan, *scenario, areas);
    }
    println!();
    println!("{}", tr("cli-info-parcels"));
    print_parcels(&facts.parcels, reference);
}

/// A scenario's counts and areas (nothing for an empty scenario).
fn print_scenario(plan: &Plan, scenario: Scenario, areas: &ScenarioAreas) {
    if areas.parcels == 0 && plan.facilities_in(scenario).count() == 0 {
        return;
    }
    println!();
    println!(
        "{}",
        tr!(
            "cli-info-scenario",
            scenario = scenario_word(scenario),
            parcels = areas.parcels,
            facilities = plan.facilities_in(scenario).count(),
            streets = plan.streets_in(scenario).count()
        )
    );
    for (label, area) in [
        (tr("cli-ground-area"), areas.ground),
        (tr("cli-stacked-area"), areas.stacked),
        (tr("cli-stacking-saving"), areas.stacking_saved()),
    ] {
        println!("  {} {}", pad(&label, 16, false), area_text(area));
    }
    for (status, area) in &areas.by_status {
        // Status ids in English (they are the file's values), names in Chinese.
        let label = match (status, lang()) {
            (None, _) => tr("cli-no-status"),
            (Some(s), Lang::En) => s.as_str().to_owned(),
            (Some(s), Lang::Zh) => s.name(),
        };
        println!("  {} {}", pad(&label, 16, false), area_text(*area));
    }
}

/// The first 40 parcels, one a line, and how many more there are.
fn print_parcels(parcels: &[&Parcel], reference: &Reference) {
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
            tr("cli-strata"),
            p.strata.len(),
            pad(&use_name, 28, false),
            p.name.as_deref().unwrap_or("")
        );
    }
    if parcels.len() > SHOWN {
        println!("{}", tr!("cli-info-more", n = parcels.len() - SHOWN));
    }
}
