//! The achieved zoning indicators of every parcel as flat columns, for exports a GIS or
//! CAD desk reads (`strata export --flat`, Shapefile): each parcel is assessed in its own
//! scenario, as `strata check` does.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde_json::{Map, Value, json};

use super::zoning::{Context, Indicator, parcel_zoning};
use crate::model::{ParcelId, Plan, Reference, Scenario};

/// Column names, in the order they are written (documented in docs/file-format.md).
pub const COLUMNS: [&str; 7] = [
    "counted_floor_m2",
    "achieved_far",
    "achieved_density",
    "achieved_green",
    "achieved_height_m",
    "compliance",
    "violations",
];

/// Per parcel id: counted floor area (m²), FAR, density, green ratio, height (m) —
/// rounded as a table shows them — `compliance` (`met`, `broken`, or null for a parcel
/// without controls that breaks nothing) and `violations` (`far,height,use:09`).
pub fn zoning_columns<'p>(
    plan: &'p Plan,
    reference: &Reference,
) -> HashMap<&'p str, Map<String, Value>> {
    let context = Context::new(plan, reference);
    plan.parcels
        .par_iter()
        .map(|parcel| {
            let z = parcel_zoning(parcel, &context);
            let compliance = match (z.violations.is_empty(), z.controls.is_some()) {
                (false, _) => Some("broken"),
                (true, true) => Some("met"),
                (true, false) => None,
            };
            let violations: Vec<String> = z
                .violations
                .iter()
                .map(|v| match (&v.code, v.indicator) {
                    (Some(code), Indicator::Use | Indicator::Facility) => {
                        format!("{}:{code}", v.indicator.as_str())
                    }
                    _ => v.indicator.as_str().to_owned(),
                })
                .collect();
            let values = [
                json!(round(z.floor_area_m2, 2)),
                json!(round(z.far, 3)),
                json!(round(z.density, 4)),
                json!(round(z.green, 4)),
                json!(round(z.height_m, 2)),
                json!(compliance),
                json!(violations.join(",")),
            ];
            let columns = COLUMNS
                .iter()
                .map(|c| (*c).to_owned())
                .zip(values)
                .collect();
            (z.id, columns)
        })
        .collect()
}

fn round(v: f64, digits: i32) -> f64 {
    let k = 10f64.powi(digits);
    (v * k).round() / k
}

/// FAR and height of every parcel with strata, with its controls' limits where given
/// (`FAR 2.10 (≤ 2.5)`, `H 45.0 m (≤ 60)`): the lines a CAD label adds (DXF export).
pub fn label_lines(plan: &Plan, reference: &Reference) -> BTreeMap<ParcelId, Vec<String>> {
    let mut lines = BTreeMap::new();
    for scenario in Scenario::ALL {
        let report = super::zoning::zoning_report(plan, scenario, reference);
        // The report's rows are the scenario's parcels in plan order.
        for (parcel, row) in plan.parcels_in(scenario).zip(&report.parcels) {
            if parcel.strata.is_empty() {
                continue;
            }
            let limit = |max: Option<f64>| max.map(|m| format!(" (≤ {m})")).unwrap_or_default();
            let controls = parcel.controls.as_ref();
            lines.insert(
                parcel.id.clone(),
                vec![
                    format!(
                        "FAR {:.2}{}",
                        row.far,
                        limit(controls.and_then(|c| c.far_max))
                    ),
                    format!(
                        "H {:.1} m{}",
                        row.height_m,
                        limit(controls.and_then(|c| c.height_max))
                    ),
                ],
            );
        }
    }
    lines
}
