//! The report's provision section (千人指标): per category with a per-1,000 figure, the
//! places, floor and land the plan's residents require against what its facilities
//! provide, read from the `provision` object of `strata analyze --format json` that the
//! report carries (so the two always agree).

use serde_json::Value;

use super::Report;
use super::fmt;
use super::tables::{Part, Table};
use crate::i18n::tr;

/// `required / provided (−shortfall)` of one balance, or `–` where nothing is required.
fn cell(balance: &Value) -> Option<String> {
    let required = balance["required"].as_f64()?;
    let provided = balance["provided"].as_f64().unwrap_or(0.0);
    let shortfall = balance["shortfall"].as_f64().unwrap_or(0.0);
    let text = format!("{} / {}", fmt::count(required), fmt::count(provided));
    Some(if shortfall > 0.0 {
        format!("{text} (−{})", fmt::count(shortfall))
    } else {
        text
    })
}

/// Provision per 1,000 residents for the whole plan, with the standard's clause and
/// whether its figures were verified.
pub fn provision_part(r: &Report) -> Part {
    let mut part = Part::new("provision", &tr("report-provision"));
    part.paragraphs.push(tr("report-provision-text"));
    let empty = Vec::new();
    let categories = r.analysis["provision"]["categories"]
        .as_array()
        .unwrap_or(&empty);
    let mut rows = Vec::new();
    for c in categories {
        let cells = ["places", "floor_m2", "land_m2"].map(|k| cell(&c[k]));
        if cells.iter().all(Option::is_none) {
            continue;
        }
        let id = c["id"].as_str().unwrap_or_default();
        let mut row = vec![r.category_name(id)];
        row.extend(cells.map(|x| x.unwrap_or_else(|| "–".to_owned())));
        let verified = c["verified"].as_bool().unwrap_or(false);
        row.push(format!(
            "{}{}",
            c["clause"].as_str().unwrap_or_default(),
            if verified { "" } else { " *" }
        ));
        rows.push((id.to_owned(), row));
    }
    if rows.is_empty() {
        part.paragraphs.push(tr("report-provision-none"));
        return part;
    }
    part.paragraphs.push(tr("report-provision-unverified"));
    part.table = Some(Table {
        header: [
            "col-category",
            "col-places",
            "col-floor-m2",
            "col-land-m2",
            "col-clause",
        ]
        .map(tr)
        .into(),
        numeric: vec![false, true, true, true, false],
        rows,
    });
    part
}
