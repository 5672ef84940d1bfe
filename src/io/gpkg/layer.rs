//! A layer of any GeoPackage (what QGIS saves) as a plain GeoJSON FeatureCollection, for
//! `strata import` (`io::import` maps it as it maps a GeoJSON export): one feature per
//! row, the primary key as its id, the other columns as properties, the layer's SRS as a
//! `crs` member (the import converts projected coordinates like a GeoJSON file's).

use std::path::Path;

use rusqlite::Connection;
use rusqlite::types::Value as Sql;
use serde_json::{Map, Value, json};

use super::read::geojson_geometry;
use super::{open, read_failure, unreadable, wkb};
use crate::io::import::ImportAs;
use crate::io::read::ReadError;
use crate::msg;

/// (table, geometry column, geometry type, srs organization, srs code) of each layer.
type Layer = (String, String, String, String, i64);

fn layers(conn: &Connection) -> rusqlite::Result<Vec<Layer>> {
    conn.prepare(
        "SELECT g.table_name, g.column_name, upper(g.geometry_type_name),
                coalesce(s.organization, 'NONE'), coalesce(s.organization_coordsys_id, 0)
         FROM gpkg_geometry_columns g JOIN gpkg_contents c ON c.table_name = g.table_name
         LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id ORDER BY c.rowid",
    )?
    .query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?
    .collect()
}

/// Whether a layer's declared geometry type can give features of `kind`.
fn fits(kind: ImportAs, geometry_type: &str) -> bool {
    let wanted: &[&str] = match kind {
        ImportAs::Parcel => &["POLYGON", "MULTIPOLYGON", "CURVEPOLYGON", "MULTISURFACE"],
        ImportAs::Facility => &["POINT", "MULTIPOINT"],
        ImportAs::Street => &[
            "LINESTRING",
            "MULTILINESTRING",
            "COMPOUNDCURVE",
            "MULTICURVE",
        ],
    };
    geometry_type == "GEOMETRY" || wanted.contains(&geometry_type)
}

fn json_of(value: Sql) -> Option<Value> {
    match value {
        Sql::Null => Some(Value::Null),
        Sql::Integer(v) => Some(json!(v)),
        Sql::Real(v) => Some(crate::io::write::num(v)),
        Sql::Text(t) => Some(json!(t)),
        Sql::Blob(_) => None,
    }
}

/// Reads the first layer that fits `kind` (or the layer named `layer`).
pub fn layer_as_geojson(
    path: &Path,
    kind: ImportAs,
    layer: Option<&str>,
) -> Result<Value, ReadError> {
    let conn = open(path).map_err(|e| read_failure(path, &e))?;
    let all = layers(&conn).map_err(|e| read_failure(path, &e))?;
    let found = all
        .iter()
        .find(|l| layer.map_or_else(|| fits(kind, &l.2), |name| l.0 == name));
    let Some((table, geometry_column, _, organization, code)) = found else {
        let names: Vec<String> = all.iter().map(|l| format!("{} ({})", l.0, l.2)).collect();
        return Err(unreadable(msg!(
            "gpkg-err-no-layer",
            path = path.display().to_string(),
            layers = names.join(", ")
        )));
    };
    let columns: Vec<(String, bool)> = conn
        .prepare(&format!(
            "PRAGMA table_info(\"{}\")",
            table.replace('"', "\"\"")
        ))
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok((r.get::<_, String>(1)?, r.get::<_, i64>(5)? == 1))
            })?
            .collect()
        })
        .map_err(|e| read_failure(path, &e))?;
    let quoted: Vec<String> = columns
        .iter()
        .map(|(c, _)| format!("\"{}\"", c.replace('"', "\"\"")))
        .collect();
    let sql = format!(
        "SELECT {} FROM \"{}\"",
        quoted.join(", "),
        table.replace('"', "\"\"")
    );
    let features = conn
        .prepare(&sql)
        .and_then(|mut stmt| {
            stmt.query_map([], |row| {
                let values = (0..columns.len())
                    .map(|i| row.get::<_, Sql>(i))
                    .collect::<rusqlite::Result<Vec<Sql>>>()?;
                Ok(feature(&columns, geometry_column, values))
            })?
            .collect::<rusqlite::Result<Vec<Value>>>()
        })
        .map_err(|e| read_failure(path, &e))?;
    let mut root = Map::new();
    root.insert("type".into(), json!("FeatureCollection"));
    root.insert("name".into(), json!(table));
    if !(organization.eq_ignore_ascii_case("EPSG") && *code == 4326) && *code > 0 {
        let name = format!("{}:{code}", organization.to_ascii_uppercase());
        root.insert(
            "crs".into(),
            json!({ "type": "name", "properties": { "name": name } }),
        );
    }
    root.insert("features".into(), Value::Array(features));
    Ok(Value::Object(root))
}

/// One row as a GeoJSON feature (a geometry that does not decode becomes null: the
/// import then skips the feature and says why).
fn feature(columns: &[(String, bool)], geometry_column: &str, values: Vec<Sql>) -> Value {
    let mut id = Value::Null;
    let mut geometry = Value::Null;
    let mut properties = Map::new();
    for ((name, primary), value) in columns.iter().zip(values) {
        if name == geometry_column {
            if let Sql::Blob(bytes) = &value
                && let Ok((_, g)) = wkb::decode(bytes)
            {
                geometry = geojson_geometry(&g);
            }
        } else if *primary {
            id = json_of(value).unwrap_or(Value::Null);
        } else if let Some(v) = json_of(value) {
            properties.insert(name.clone(), v);
        }
    }
    json!({ "type": "Feature", "id": id, "geometry": geometry, "properties": properties })
}
