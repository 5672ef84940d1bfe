//! Import of plain GeoJSON (a QGIS or OpenStreetMap export) as parcels, facilities or
//! streets. A chosen property gives the land-use code (`0701`, or the mixed form
//! `0701+0901` with equal shares) or the facility category, optionally through a
//! mapping table (e.g. OSM `landuse=residential` → `0701`).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value, json};

use super::read::{Loaded, ReadError, ReadOptions, read_plan_value};
use super::text::parse_json;
use crate::i18n::Message;
use crate::model::{Scenario, Status};
use crate::msg;

/// What the imported features become.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportAs {
    Parcel,
    Facility,
    Street,
}

/// How to map the source file.
#[derive(Debug, Default)]
pub struct ImportOptions {
    pub read: ReadOptions,
    /// Property holding the land-use code (parcels) or category (facilities).
    pub value_from: Option<String>,
    /// Source value → code or category.
    pub map: BTreeMap<String, String>,
    /// Property holding the name (default `name`).
    pub name_from: Option<String>,
    pub scenario: Scenario,
    pub status: Option<Status>,
}

/// Loads a mapping table: a TOML file of `"source value" = "code"` lines.
pub fn load_map(path: &Path) -> Result<BTreeMap<String, String>, Message> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        msg!(
            "import-err-read",
            path = path.display().to_string(),
            error = e.to_string()
        )
    })?;
    toml::from_str(&text).map_err(|e| msg!("text-as-is", text = format!("{}: {e}", path.display())))
}

/// What an import did besides producing features.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub imported: usize,
    /// Source features left out, with the reason (worded when shown).
    pub skipped: Vec<Message>,
}

/// Properties the plan format gives a meaning; source properties of the same name are
/// kept under `source_<name>` so they cannot be misread.
const RESERVED: &[&str] = &[
    "kind",
    "scenario",
    "name",
    "status",
    "strata",
    "population",
    "category",
    "walkable",
];

/// Imports a plain GeoJSON file.
pub fn import_file(
    path: &Path,
    kind: ImportAs,
    options: &ImportOptions,
) -> Result<(Loaded, ImportReport), ReadError> {
    // A GeoPackage (a QGIS layer): its first layer of the kind, as GeoJSON.
    if super::gpkg::is_sqlite(path) {
        let value = super::gpkg::layer_as_geojson(path, kind, None)?;
        return import_value(value, kind, options);
    }
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    import_value(parse_json(&bytes)?, kind, options)
}

/// Imports a parsed plain GeoJSON value.
pub fn import_value(
    value: Value,
    kind: ImportAs,
    options: &ImportOptions,
) -> Result<(Loaded, ImportReport), ReadError> {
    let Value::Object(mut root) = value else {
        return Err(ReadError::NotFeatureCollection(crate::msg!(
            "import-not-object"
        )));
    };
    let features = match root.shift_remove("features") {
        Some(Value::Array(f)) => f,
        _ => {
            return Err(ReadError::NotFeatureCollection(crate::msg!(
                "import-no-features"
            )));
        }
    };
    let mut report = ImportReport::default();
    let mut out = Vec::with_capacity(features.len());
    for (index, feature) in features.into_iter().enumerate() {
        let label = feature
            .get("id")
            .map(|id| msg!("text-as-is", text = id.to_string()))
            .unwrap_or_else(|| msg!("import-feature-number", n = (index + 1).to_string()));
        match convert(feature, kind, options) {
            Ok(f) => out.push(f),
            Err(reason) => {
                report
                    .skipped
                    .push(msg!("import-skipped", label = label, reason = reason))
            }
        }
    }
    report.imported = out.len();
    let mut plan_root = Map::new();
    plan_root.insert("type".into(), json!("FeatureCollection"));
    if let Some(crs) = root.shift_remove("crs") {
        plan_root.insert("crs".into(), crs);
    }
    if let Some(Value::String(name)) = root.shift_remove("name") {
        plan_root.insert("strata".into(), json!({ "format": 1, "name": name }));
    }
    plan_root.insert("features".into(), Value::Array(out));
    let loaded = read_plan_value(Value::Object(plan_root), &options.read)?;
    Ok((loaded, report))
}

/// One source feature as a plan feature of `kind`: the geometry checked, the plan's
/// properties set (kind, scenario, name, then those of the kind), and the source's other
/// properties kept after them; why not when the feature cannot become one.
fn convert(feature: Value, kind: ImportAs, options: &ImportOptions) -> Result<Value, Message> {
    let Value::Object(mut f) = feature else {
        return Err(msg!("import-err-not-feature"));
    };
    check_geometry(&f, kind)?;
    let source = match f.shift_remove("properties") {
        Some(Value::Object(p)) => p,
        _ => Map::new(),
    };
    let name_key = options.name_from.as_deref().unwrap_or("name");
    let mut props = Map::new();
    props.insert(
        "kind".into(),
        json!(match kind {
            ImportAs::Parcel => "parcel",
            ImportAs::Facility => "facility",
            ImportAs::Street => "street",
        }),
    );
    props.insert("scenario".into(), json!(options.scenario.as_str()));
    // Without --name-from, `NAME` or `Name` (Shapefile and CAD habits) also name it.
    let name = source.get(name_key).or_else(|| {
        options.name_from.is_none().then(|| {
            source
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("name"))
                .map(|(_, v)| v)
        })?
    });
    if let Some(name) = name.and_then(value_text) {
        props.insert("name".into(), json!(name));
    }
    let mapped = options
        .value_from
        .as_deref()
        .and_then(|key| source.get(key))
        .and_then(value_text)
        .map(|v| options.map.get(&v).cloned().unwrap_or(v));
    insert_kind_properties(&mut props, kind, mapped, options)?;
    keep_source_properties(&mut props, source, name_key);
    f.insert("properties".into(), Value::Object(props));
    Ok(Value::Object(f))
}

/// Refuses a feature whose geometry type the kind cannot have (a point as a parcel…).
fn check_geometry(f: &Map<String, Value>, kind: ImportAs) -> Result<(), Message> {
    let geometry_type = f
        .get("geometry")
        .and_then(|g| g.get("type"))
        .and_then(Value::as_str)
        .unwrap_or("none");
    let wanted: &[&str] = match kind {
        ImportAs::Parcel => &["Polygon", "MultiPolygon"],
        ImportAs::Facility => &["Point"],
        ImportAs::Street => &["LineString", "MultiLineString"],
    };
    if !wanted.contains(&geometry_type) {
        let wanted = match wanted {
            [a, b] => msg!("import-either", a = *a, b = *b),
            _ => msg!("text-as-is", text = wanted.join(", ")),
        };
        return Err(msg!(
            "import-err-geometry",
            found = geometry_type,
            wanted = wanted
        ));
    }
    Ok(())
}

/// The properties of the kind, from the `mapped` value of the chosen property: a
/// parcel's status, strata and unknown population; a facility's category (required);
/// a street walkable.
fn insert_kind_properties(
    props: &mut Map<String, Value>,
    kind: ImportAs,
    mapped: Option<String>,
    options: &ImportOptions,
) -> Result<(), Message> {
    match kind {
        ImportAs::Parcel => {
            if let Some(status) = options.status {
                props.insert("status".into(), json!(status.as_str()));
            }
            let strata = match &mapped {
                Some(codes) => vec![ground_stratum(codes)],
                None => Vec::new(),
            };
            props.insert("strata".into(), Value::Array(strata));
            props.insert("population".into(), Value::Null);
        }
        ImportAs::Facility => {
            let category = mapped.ok_or_else(|| match &options.value_from {
                Some(key) => msg!("import-err-no-category-key", key = format!("{key:?}")),
                None => msg!("import-err-no-category"),
            })?;
            props.insert("category".into(), json!(category));
        }
        ImportAs::Street => {
            props.insert("walkable".into(), json!(true));
        }
    }
    Ok(())
}

/// One ground-level stratum (0–3 m) with the uses of `codes` (`0701+0901`) in equal
/// shares, or with the shares written after each code (`0701:0.6+0901:0.4`, the form
/// the flat and Shapefile exports write).
pub(crate) fn ground_stratum(codes: &str) -> Value {
    let codes: Vec<&str> = codes
        .split('+')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let equal = 1.0 / codes.len().max(1) as f64;
    let shared: Option<Vec<(&str, f64)>> = codes
        .iter()
        .map(|c| {
            let (code, share) = c.split_once(':')?;
            Some((code.trim(), share.trim().parse::<f64>().ok()?))
        })
        .collect();
    let uses: Vec<Value> = match shared {
        Some(pairs) => pairs
            .iter()
            .map(|(c, share)| json!({ "code": c, "share": share }))
            .collect(),
        None => codes
            .iter()
            .map(|c| json!({ "code": c, "share": equal }))
            .collect(),
    };
    json!({ "id": "s1", "z": [0.0, 3.0], "uses": uses })
}

/// Keeps the source's properties after the plan's own (the name property is already
/// the name); one named like a plan property is renamed `source_<name>` (see [`RESERVED`]).
fn keep_source_properties(
    props: &mut Map<String, Value>,
    source: Map<String, Value>,
    name_key: &str,
) {
    for (key, value) in source {
        if key == name_key {
            continue;
        }
        let key = if RESERVED.contains(&key.as_str()) {
            format!("source_{key}")
        } else {
            key
        };
        props.entry(key).or_insert(value);
    }
}

fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
