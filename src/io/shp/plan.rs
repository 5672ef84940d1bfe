//! A Strata Shapefile export read back as a whole plan: `NAME_parcels` with the strata of
//! `NAME_strata` joined by parcel id, `NAME_facilities` and `NAME_streets`, each column
//! back to the member it came from (the mapping of `write.rs`). A set is recognised as
//! Strata's by the `NAME_fields.txt` beside it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::{ShpBytes, ShpError, ShpImportOptions, ShpInfo, choose_crs, read_bytes};
use crate::io::import::{ImportAs, ImportReport};
use crate::io::read::{Loaded, ReadOptions, read_plan_value};

/// The first words of the `NAME_fields.txt` an export writes.
pub const MARK: &str = "# Strata Shapefile export";

/// `NAME` (as a path) when `path` is `NAME_parcels.shp` of a Strata export.
pub fn export_stem(path: &Path) -> Option<PathBuf> {
    let stem = path.file_stem()?.to_str()?.strip_suffix("_parcels")?;
    let base = path.with_file_name(stem);
    let listing = base.with_file_name(format!("{stem}_fields.txt"));
    let text = std::fs::read(&listing).ok()?;
    text.starts_with(MARK.as_bytes()).then_some(base)
}

fn set_path(base: &Path, suffix: &str) -> PathBuf {
    let mut name = base.as_os_str().to_owned();
    name.push(format!("_{suffix}.shp"));
    PathBuf::from(name)
}

/// The records of one set (none when the export has no such set).
fn records(base: &Path, suffix: &str, options: &ShpImportOptions) -> Result<Vec<Value>, ShpError> {
    let path = set_path(base, suffix);
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let source = read_bytes(&ShpBytes::read(&path)?, options)?;
    Ok(source.features["features"]
        .as_array()
        .cloned()
        .unwrap_or_default())
}

/// Imports the export whose parcels set is `parcels` (see [`export_stem`]).
pub fn import_export(
    parcels: &Path,
    options: &ShpImportOptions,
) -> Result<(Loaded, ImportReport, ShpInfo), ShpError> {
    let base = export_stem(parcels).unwrap_or_else(|| parcels.with_extension(""));
    let parcels_set = ShpBytes::read(parcels)?;
    let crs = choose_crs(&parcels_set, options.import.read.crs.as_ref())?;
    let source = read_bytes(&parcels_set, options)?;
    let mut strata: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for record in records(&base, "strata", options)? {
        if let Some(id) = text(&record["properties"]["parcel_id"]) {
            strata.entry(id).or_default().push(record);
        }
    }
    let mut features = Vec::new();
    for record in source.features["features"].as_array().into_iter().flatten() {
        let id = text(&record["properties"]["id"]).unwrap_or_default();
        let own = strata.remove(&id).unwrap_or_default();
        features.push(parcel(record, &own));
    }
    for (suffix, kind) in [("facilities", "facility"), ("streets", "street")] {
        for record in records(&base, suffix, options)? {
            features.push(other(record, kind));
        }
    }
    let imported = features.len();
    let value = json!({ "type": "FeatureCollection", "features": features });
    let mut info = source.info;
    info.kind = ImportAs::Parcel;
    info.epsg = crs.epsg().map(u32::from);
    info.strata_export = true;
    let read = ReadOptions {
        crs: Some(crs),
        progress: options.import.read.progress.clone(),
    };
    let loaded = read_plan_value(value, &read)?;
    let report = ImportReport {
        imported,
        skipped: Vec::new(),
    };
    Ok((loaded, report, info))
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `a:0.6+b:0.4` (or `name:1; other:0`) as pairs; a part without `:share` has share 1.
fn pairs(value: &Value, separator: &str, key: &str) -> Vec<Value> {
    let Some(text) = value.as_str() else {
        return Vec::new();
    };
    text.split(separator)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|part| {
            let (name, share) = match part.rsplit_once(':') {
                Some((name, share)) => match share.trim().parse::<f64>() {
                    Ok(share) => (name, share),
                    Err(_) => (part, 1.0),
                },
                None => (part, 1.0),
            };
            json!({ key: name.trim(), "share": share })
        })
        .collect()
}

/// Copies the non-null `columns` of `row` into `out` under the names given.
fn copy(row: &Value, out: &mut Map<String, Value>, columns: &[(&str, &str)]) {
    for (column, member) in columns {
        let value = &row[*column];
        if !value.is_null() {
            out.insert((*member).to_owned(), value.clone());
        }
    }
}

fn split_list(value: &Value) -> Vec<Value> {
    value
        .as_str()
        .map(|t| {
            t.split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(|c| json!(c))
                .collect()
        })
        .unwrap_or_default()
}

/// A stratum's operation from the flat columns (by their dBASE names); `None` when
/// every one is empty.
fn operation(row: &Value) -> Option<Value> {
    let mut op = Map::new();
    copy(
        row,
        &mut op,
        &[
            ("operator", "operator"),
            ("op_mode", "mode"),
            ("revenue", "annual_revenue"),
            ("investment", "investment"),
        ],
    );
    let mut term = Map::new();
    copy(
        row,
        &mut term,
        &[("op_start", "start"), ("op_years", "years")],
    );
    if !term.is_empty() {
        op.insert("term".into(), Value::Object(term));
    }
    (!op.is_empty()).then_some(Value::Object(op))
}

/// A stratum from its row of the strata set; its footprint when its polygon is not its
/// parcel's.
fn stratum(record: &Value, parcel_geometry: &Value) -> Value {
    let row = &record["properties"];
    let mut s = Map::new();
    copy(row, &mut s, &[("stratum_id", "id")]);
    s.insert("z".into(), json!([row["z_bottom"], row["z_top"]]));
    copy(row, &mut s, &[("floors", "floors")]);
    s.insert(
        "uses".into(),
        Value::Array(pairs(&row["uses"], "+", "code")),
    );
    let holders = pairs(&row["holders"], "; ", "name");
    if !holders.is_empty() {
        s.insert("holders".into(), Value::Array(holders));
    }
    copy(row, &mut s, &[("right", "right")]);
    let mut term = Map::new();
    copy(
        row,
        &mut term,
        &[("term_start", "start"), ("term_years", "years")],
    );
    if !term.is_empty() {
        s.insert("term".into(), Value::Object(term));
    }
    let facilities = split_list(&row["facilities"]);
    if !facilities.is_empty() {
        s.insert("facilities".into(), Value::Array(facilities));
    }
    copy(row, &mut s, &[("note", "note"), ("unit_code", "unit_code")]);
    // dBASE field names (write.rs SHORT_NAMES): at most 10 characters.
    let parents = split_list(&row["parent_uc"]);
    if !parents.is_empty() {
        s.insert("parent_unit_codes".into(), Value::Array(parents));
    }
    if let Some(operation) = operation(row) {
        s.insert("operation".into(), operation);
    }
    // Members the flat columns do not show, as the export wrote them (a text cut at
    // dBASE's 254 bytes no longer parses and is left out).
    if let Some(Ok(Value::Object(extra))) = row["extra"].as_str().map(serde_json::from_str) {
        for (key, value) in extra {
            s.entry(key).or_insert(value);
        }
    }
    let geometry = &record["geometry"];
    if geometry != parcel_geometry {
        let rings = match geometry["type"].as_str() {
            Some("MultiPolygon") => geometry["coordinates"][0].clone(),
            _ => geometry["coordinates"].clone(),
        };
        s.insert("footprint".into(), rings);
    }
    Value::Object(s)
}

/// A parcel from its row, with its strata and its zoning controls.
fn parcel(record: &Value, strata: &[Value]) -> Value {
    let row = &record["properties"];
    let mut p = Map::new();
    p.insert("kind".into(), json!("parcel"));
    copy(
        row,
        &mut p,
        &[
            ("scenario", "scenario"),
            ("name", "name"),
            ("status", "status"),
        ],
    );
    let geometry = &record["geometry"];
    let strata: Vec<Value> = strata.iter().map(|s| stratum(s, geometry)).collect();
    p.insert("strata".into(), Value::Array(strata));
    p.insert("population".into(), row["population"].clone());
    let mut controls = Map::new();
    copy(
        row,
        &mut controls,
        &[
            ("ctrl_code", "code"),
            ("zone", "zone"),
            ("main_use", "main_use"),
            ("density_mx", "density_max"),
            ("green_min", "green_min"),
            ("height_max", "height_max"),
            ("parking", "parking_min_per_100m2"),
        ],
    );
    if !row["far_min"].is_null() || !row["far_max"].is_null() {
        controls.insert("far".into(), json!([row["far_min"], row["far_max"]]));
    }
    let facilities = split_list(&row["ctrl_fac"]);
    if !facilities.is_empty() {
        controls.insert("facilities".into(), Value::Array(facilities));
    }
    if !controls.is_empty() {
        p.insert("controls".into(), Value::Object(controls));
    }
    json!({ "type": "Feature", "id": row["id"], "geometry": geometry, "properties": p })
}

/// A facility or street: its row as properties (the id as the feature's).
fn other(record: Value, kind: &str) -> Value {
    let mut row = match record.get("properties") {
        Some(Value::Object(row)) => row.clone(),
        _ => Map::new(),
    };
    let id = row.shift_remove("id").unwrap_or(Value::Null);
    let mut props = Map::new();
    props.insert("kind".into(), json!(kind));
    for (key, value) in row {
        if !value.is_null() {
            props.insert(key, value);
        }
    }
    json!({ "type": "Feature", "id": id, "geometry": record["geometry"], "properties": props })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_and_holders_come_back_as_pairs() {
        let uses = pairs(&json!("0701:0.6+0901:0.4"), "+", "code");
        assert_eq!(uses[1], json!({ "code": "0901", "share": 0.4 }));
        let holders = pairs(&json!("City (a:b):0.5; Water Co.:0.5"), "; ", "name");
        assert_eq!(holders[0], json!({ "name": "City (a:b)", "share": 0.5 }));
        assert!(pairs(&Value::Null, "+", "code").is_empty());
    }
}
