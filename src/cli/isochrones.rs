//! `strata isochrones`: walking-time areas of a category or of one facility as a GeoJSON
//! FeatureCollection, one (Multi)Polygon per band, with the cell size, metric and the
//! residents inside each band (docs/command-line.md).

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;
use serde_json::{Value, json};
use strata::analysis::isochrone::{Band, Destination, isochrones};
use strata::analysis::reach::TargetField;
use strata::analysis::supply::target_name;
use strata::analysis::{Coverage, CoverageOptions};
use strata::model::{LocalFrame, Reference, Scenario};
use strata::tr;

use super::options::{MetricArg, ScenarioArg};

#[derive(Args)]
pub(crate) struct IsochronesArgs {
    /// The plan file (GeoJSON or GeoPackage).
    plan: PathBuf,
    /// Walking-time areas of the nearest facility of this category.
    #[arg(
        long,
        value_name = "ID",
        conflicts_with = "facility",
        required_unless_present = "facility"
    )]
    category: Option<String>,
    /// Walking-time areas of one facility: a facility id, or PARCEL/STRATUM for a hosted one.
    #[arg(long, value_name = "ID")]
    facility: Option<String>,
    /// Minutes of each band, comma-separated (e.g. 5,10,15).
    #[arg(long, value_name = "MIN,…", value_delimiter = ',', required = true)]
    minutes: Vec<f64>,
    /// Straight-line distance, or along walkable streets.
    #[arg(long, value_enum, default_value = "euclidean")]
    metric: MetricArg,
    /// Cell size of the grid the areas are resolved to, in metres.
    #[arg(long, value_name = "M", default_value = "10")]
    cell: f64,
    /// Which scenario: existing or proposed.
    #[arg(long, value_enum, default_value = "proposed")]
    scenario: ScenarioArg,
    /// The GeoJSON file to write.
    #[arg(long, value_name = "FILE.geojson")]
    out: PathBuf,
}

impl IsochronesArgs {
    pub fn run(self, reference: &Reference) -> Result<u8> {
        for &m in &self.minutes {
            if !(m.is_finite() && m > 0.0 && m <= 120.0) {
                bail!(tr!("cli-err-minutes", minutes = format!("{m}")));
            }
        }
        let cell = self.cell;
        if !(cell.is_finite() && cell >= 1.0) {
            bail!(tr!("cli-err-cell", cell = format!("{cell}")));
        }
        let loaded = super::load(&self.plan)?;
        let plan = &loaded.plan;
        let scenario: Scenario = self.scenario.into();
        let options = CoverageOptions {
            metric: self.metric.into(),
            ..Default::default()
        };
        let standard = &reference.standard;
        let coverage = Coverage::compute(plan, scenario, standard, options);
        let speed = standard.walking_speed_m_per_min;
        let reach = self.minutes.iter().fold(0.0, |a: f64, &m| a.max(m)) * speed;
        let Some(extent) = strata::analysis::heatmap::heat_extent(plan, scenario, reach) else {
            bail!(tr!(
                "cli-err-heatmap-empty",
                scenario = super::scenario_word(scenario)
            ));
        };
        let cells = (extent.width() / cell).ceil() * (extent.height() / cell).ceil();
        if cells > 20e6 {
            bail!(tr!("cli-err-too-many-cells", cells = format!("{cells:.0}")));
        }
        let (field, label) = self.destination(&coverage)?;
        let to = match &field {
            Ok(field) => Destination::Target(field),
            Err(c) => Destination::Category(*c),
        };
        let bands = isochrones(&coverage, &to, &self.minutes, speed, extent, cell);
        let collection = feature_collection(&plan.frame, &bands, &label, &self, speed)?;
        let text = serde_json::to_string(&collection)?;
        strata::io::write_atomic(&self.out, strata::io::Backup::None, |w| {
            w.write_all(text.as_bytes())
        })?;
        for band in &bands {
            println!(
                "{}",
                tr!(
                    "cli-isochrone-band",
                    minutes = format!("{}", band.minutes),
                    distance = format!("{:.0}", band.distance_m),
                    homes = band.homes,
                    residents = format!("{:.0}", band.population)
                )
            );
        }
        Ok(0)
    }

    /// The category (its index) or the single facility the areas are of, with its label
    /// for the output; a clear error for an unknown id or a category without facilities.
    fn destination(&self, coverage: &Coverage) -> Result<(Result<TargetField, usize>, Value)> {
        if let Some(id) = &self.category {
            let Some(c) = coverage.categories.iter().position(|c| &c.id == id) else {
                let known: Vec<&str> = coverage.categories.iter().map(|c| c.id.as_str()).collect();
                bail!(tr!(
                    "cli-err-not-a-category",
                    id = format!("{id:?}"),
                    known = known.join(", ")
                ));
            };
            if coverage.targets[c].is_empty() {
                bail!(tr!("cli-err-no-facility-of", category = id.as_str()));
            }
            return Ok((Err(c), json!({ "category": id })));
        }
        let id = self.facility.as_deref().unwrap_or_default();
        for (c, targets) in coverage.targets.iter().enumerate() {
            if let Some(t) = targets.iter().find(|t| target_name(&t.source) == id) {
                let category = &coverage.categories[c].id;
                let field = TargetField::new(coverage, t);
                return Ok((Ok(field), json!({ "facility": id, "category": category })));
            }
        }
        bail!(tr!("cli-err-no-such-facility", id = format!("{id:?}")))
    }
}

/// The bands as GeoJSON features in WGS84, with what they are and who lives inside.
fn feature_collection(
    frame: &LocalFrame,
    bands: &[Band],
    label: &Value,
    args: &IsochronesArgs,
    speed: f64,
) -> Result<Value> {
    let projector = frame.projector()?;
    let mut features = Vec::new();
    for band in bands {
        let polygons = band
            .area
            .0
            .iter()
            .map(|p| {
                std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .map(|ring| {
                        ring.0
                            .iter()
                            .map(|c| projector.to_lonlat(c.x, c.y).map(|[x, y]| json!([x, y])))
                            .collect::<Result<Vec<_>, _>>()
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut properties = json!({
            "minutes": band.minutes,
            "distance_m": band.distance_m,
            "walking_speed_m_per_min": speed,
            "metric": args.metric_str(),
            "cell_m": args.cell,
            "scenario": Scenario::from(args.scenario).as_str(),
            "homes": band.homes,
            "population": (band.population * 100.0).round() / 100.0,
        });
        if let (Some(p), Some(l)) = (properties.as_object_mut(), label.as_object()) {
            p.extend(l.clone());
        }
        features.push(json!({
            "type": "Feature",
            "properties": properties,
            "geometry": { "type": "MultiPolygon", "coordinates": polygons },
        }));
    }
    Ok(json!({ "type": "FeatureCollection", "features": features }))
}

impl IsochronesArgs {
    fn metric_str(&self) -> &'static str {
        strata::analysis::Metric::from(self.metric).as_str()
    }
}
