//! Shapefile export: one file set per kind of feature, `NAME_parcels`, `NAME_strata`
//! (one polygon per stratum, the flat export's columns), `NAME_facilities` and
//! `NAME_streets`, each `.shp/.shx/.dbf/.prj/.cpg` (text in UTF-8), plus `NAME_fields.txt`
//! listing each set's dBASE field names (≤ 10 characters) and the Strata property each
//! holds. A kind the plan has no feature of gets no set (a Shapefile cannot be empty of
//! a shape type). Coordinates are in one projected CRS (default: the CGCS2000 3°
//! Gauss–Krüger zone of the plan's centre, central-meridian variant).

use std::cell::RefCell;
use std::io::{Cursor, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde_json::{Map, Value, json};
use shapefile::{Point, Polygon, PolygonRing, Polyline, ShapeWriter};

use super::dbf::{Column, ColumnKind};
use super::{ShpError, prj};
use crate::i18n::Message;
use crate::io::export::flat_value;
use crate::io::write::polygon_coords;
use crate::io::{SourceCrs, cgcs2000_gk3_epsg, write_files};
use crate::model::{Parcel, Plan, Reference};
use crate::msg;

/// Export choices.
#[derive(Clone, Debug, Default)]
pub struct ShpExportOptions {
    /// EPSG code of the coordinates written; `None`: the CGCS2000 3° Gauss–Krüger zone
    /// (CM variant) of the plan's centre.
    pub epsg: Option<u32>,
}

/// The files of an export (not yet written) and what to tell the user.
#[derive(Debug)]
pub struct ShpExported {
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub epsg: u32,
    /// Texts cut to the dBASE limit of 254 bytes, by set, record and field.
    pub notes: Vec<Message>,
}

/// Strata property → dBASE field name, for the names longer than 10 characters that
/// Strata itself writes; other long names are cut (and made unique) by [`field_names`].
const SHORT_NAMES: &[(&str, &str)] = &[
    ("parcel_name", "parcel_nm"),
    ("parcel_area_m2", "parcel_m2"),
    ("controls.code", "ctrl_code"),
    ("controls.zone", "zone"),
    ("controls.main_use", "main_use"),
    ("controls.far_min", "far_min"),
    ("controls.far_max", "far_max"),
    ("controls.density_max", "density_mx"),
    ("controls.green_min", "green_min"),
    ("controls.height_max", "height_max"),
    ("controls.parking_min_per_100m2", "parking"),
    ("controls.facilities", "ctrl_fac"),
    ("parent_unit_codes", "parent_uc"),
    ("operation_mode", "op_mode"),
    ("operation_start", "op_start"),
    ("operation_years", "op_years"),
    ("operation_end", "op_end"),
    ("annual_revenue", "revenue"),
];

/// One set before writing: its rows of (GeoJSON geometry in WGS84, properties).
struct Set {
    suffix: &'static str,
    rows: Vec<(Value, Map<String, Value>)>,
}

/// Builds every file of the export in memory; nothing is written.
pub fn export_files(
    plan: &Plan,
    reference: &Reference,
    out: &Path,
    options: &ShpExportOptions,
) -> Result<ShpExported, ShpError> {
    let epsg = options
        .epsg
        .unwrap_or_else(|| cgcs2000_gk3_epsg(plan.frame.lon0));
    let wkt = prj::wkt_of_epsg(epsg)
        .ok_or_else(|| msg!("shp-err-export-crs", code = epsg.to_string()))?;
    let crs = SourceCrs::from_epsg(epsg)?;
    let stem = out.with_extension("");
    let path_of = |suffix: &str, ext: &str| {
        let mut name = stem.as_os_str().to_owned();
        name.push(format!("_{suffix}.{ext}"));
        PathBuf::from(name)
    };
    let mut exported = ShpExported {
        files: Vec::new(),
        epsg,
        notes: Vec::new(),
    };
    let mut listing = format!(
        "# Strata Shapefile export: dBASE field (at most 10 characters) <- Strata property.\n\
         # Coordinates: EPSG:{epsg} (.prj). Text: UTF-8 (.cpg).\n"
    );
    for mut set in sets(plan, reference)? {
        set.rows.retain(|(geometry, props)| {
            let keep = usable(geometry);
            if !keep {
                let id = props.get("id").or(props.get("stratum_id"));
                exported.notes.push(msg!(
                    "shp-note-skipped",
                    set = set.suffix,
                    id = id.map(Value::to_string).unwrap_or_default()
                ));
            }
            keep
        });
        if set.rows.is_empty() {
            continue;
        }
        let shapes = shapes(&set, &crs)?;
        let (columns, names) = columns(&set);
        let rows: Vec<Vec<Value>> = set
            .rows
            .iter()
            .map(|(_, p)| names.iter().map(|n| cell_value(p.get(n))).collect())
            .collect();
        note_cut_texts(&set, &columns, &rows, &mut exported.notes);
        listing.push_str(&format!("\n[{}_{}]\n", file_name(&stem), set.suffix));
        for (column, name) in columns.iter().zip(&names) {
            listing.push_str(&format!("{:<10}  <- {name}\n", column.name));
        }
        let [shp, shx] = shapes;
        let files = &mut exported.files;
        files.push((path_of(set.suffix, "shp"), shp));
        files.push((path_of(set.suffix, "shx"), shx));
        files.push((
            path_of(set.suffix, "dbf"),
            super::dbf::write(&columns, &rows, today()),
        ));
        files.push((path_of(set.suffix, "prj"), wkt.clone().into_bytes()));
        files.push((path_of(set.suffix, "cpg"), b"UTF-8".to_vec()));
    }
    if exported.files.is_empty() {
        return Err(msg!("shp-err-export-empty").into());
    }
    exported
        .files
        .push((path_of("fields", "txt"), listing.into_bytes()));
    Ok(exported)
}

/// Builds and writes the export (each file atomically); returns what was written.
pub fn export(
    plan: &Plan,
    reference: &Reference,
    out: &Path,
    options: &ShpExportOptions,
) -> Result<ShpExported, ShpError> {
    let exported = export_files(plan, reference, out, options)?;
    write_files(&exported.files)?;
    Ok(exported)
}

fn file_name(stem: &Path) -> String {
    stem.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The four sets: parcels from the plan, the others from the flat export.
fn sets(plan: &Plan, reference: &Reference) -> Result<Vec<Set>, ShpError> {
    let projector = plan.frame.projector()?;
    let mut parcels = Set {
        suffix: "parcels",
        rows: Vec::new(),
    };
    for parcel in &plan.parcels {
        let parts = parcel
            .shape
            .0
            .iter()
            .map(|p| polygon_coords(p, &projector))
            .collect::<Result<Vec<_>, _>>()?;
        let geometry = json!({ "type": "MultiPolygon", "coordinates": parts });
        parcels.rows.push((geometry, parcel_row(parcel, reference)));
    }
    let mut strata = Set {
        suffix: "strata",
        rows: Vec::new(),
    };
    let mut facilities = Set {
        suffix: "facilities",
        rows: Vec::new(),
    };
    let mut streets = Set {
        suffix: "streets",
        rows: Vec::new(),
    };
    let flat = flat_value(plan, reference)?;
    // The flat export's stratum features come in this order (one without stratum for a
    // parcel that has none); members it does not show travel as JSON text in `extra`.
    let mut extras = plan.parcels.iter().flat_map(|p| {
        let own: Vec<_> = p.strata.iter().map(|s| Some(&s.extra)).collect();
        if own.is_empty() { vec![None] } else { own }
    });
    for feature in flat["features"].as_array().into_iter().flatten() {
        let Some(Value::Object(props)) = feature.get("properties") else {
            continue;
        };
        let mut row = Map::new();
        if let Some(id) = feature
            .get("id")
            .filter(|_| props.get("kind") != Some(&json!("stratum")))
        {
            row.insert("id".into(), id.clone());
        }
        row.extend(
            props
                .iter()
                .filter(|(k, _)| *k != "kind")
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        if props.get("kind") == Some(&json!("stratum"))
            && let Some(Some(extra)) = extras.next()
            && !extra.is_empty()
        {
            row.insert(
                "extra".into(),
                json!(Value::Object((**extra).clone()).to_string()),
            );
        }
        let set = match props.get("kind").and_then(Value::as_str) {
            Some("stratum") => &mut strata,
            Some("facility") => &mut facilities,
            Some("street") => &mut streets,
            _ => continue,
        };
        set.rows.push((feature["geometry"].clone(), row));
    }
    Ok(vec![parcels, strata, facilities, streets])
}

/// A parcel's row: its own members and its main use, the use of the stratum at ground
/// level (else the first) with the largest share, in the flat export's forms.
fn parcel_row(parcel: &Parcel, reference: &Reference) -> Map<String, Value> {
    let ground = parcel
        .strata
        .iter()
        .find(|s| s.z.bottom <= 0.0 && s.z.top > 0.0)
        .or(parcel.strata.first());
    let main = ground.and_then(|s| s.uses.iter().max_by(|a, b| a.share.total_cmp(&b.share)));
    let uses = ground.map(|s| {
        s.uses
            .iter()
            .map(|u| format!("{}:{}", u.code, u.share))
            .collect::<Vec<_>>()
            .join("+")
    });
    let class = main.and_then(|u| reference.classification.get(&u.code));
    let area = parcel.area();
    let round2 = |v: f64| (v * 100.0).round() / 100.0;
    let mut p = Map::new();
    p.insert("id".into(), json!(parcel.id.as_str()));
    p.insert("name".into(), json!(parcel.name));
    p.insert("scenario".into(), json!(parcel.scenario.as_str()));
    p.insert("status".into(), json!(parcel.status.map(|s| s.as_str())));
    p.insert("population".into(), json!(parcel.population));
    p.insert("n_strata".into(), json!(parcel.strata.len()));
    p.insert("use".into(), json!(main.map(|u| u.code.as_str())));
    p.insert("uses".into(), json!(uses));
    p.insert("use_zh".into(), json!(class.map(|c| c.zh.as_str())));
    p.insert("area_m2".into(), json!(round2(area.m2())));
    p.insert("area_mu".into(), json!(round2(area.mu())));
    if let Some(c) = &parcel.controls {
        // Columns only when some parcel has controls (a set's columns are the union).
        p.insert("controls.code".into(), json!(c.code));
        p.insert("controls.zone".into(), json!(c.zone));
        p.insert("controls.main_use".into(), json!(c.main_use));
        p.insert("controls.far_min".into(), json!(c.far_min));
        p.insert("controls.far_max".into(), json!(c.far_max));
        p.insert("controls.density_max".into(), json!(c.density_max));
        p.insert("controls.green_min".into(), json!(c.green_min));
        p.insert("controls.height_max".into(), json!(c.height_max));
        let parking = c.parking_min_per_100m2;
        p.insert("controls.parking_min_per_100m2".into(), json!(parking));
        p.insert("controls.facilities".into(), json!(c.facilities.join(",")));
    }
    p
}

/// Enough points to be a shape: a point of two numbers, a line of two points, a ring of
/// four (a record left out here keeps the `.shp` and `.dbf` records in step).
fn usable(geometry: &Value) -> bool {
    let count = |v: &Value| v.as_array().map_or(0, Vec::len);
    let coords = &geometry["coordinates"];
    let all = |v: &Value| v.as_array().cloned().unwrap_or_default();
    match geometry["type"].as_str() {
        Some("Point") => coords[0].is_number() && coords[1].is_number(),
        Some("LineString") => count(coords) >= 2,
        Some("MultiLineString") => all(coords).iter().any(|l| count(l) >= 2),
        Some("Polygon") => count(&coords[0]) >= 4,
        Some("MultiPolygon") => all(coords).iter().any(|p| count(&p[0]) >= 4),
        _ => false,
    }
}

/// Scalars as they are, arrays and objects as JSON text.
fn cell_value(value: Option<&Value>) -> Value {
    match value {
        None => Value::Null,
        Some(v @ (Value::Array(_) | Value::Object(_))) => Value::String(v.to_string()),
        Some(v) => v.clone(),
    }
}

/// The dBASE columns of a set and the property each holds, in first-seen order.
fn columns(set: &Set) -> (Vec<Column>, Vec<String>) {
    let mut names: Vec<String> = Vec::new();
    for (_, props) in &set.rows {
        for key in props.keys() {
            if !names.contains(key) {
                names.push(key.clone());
            }
        }
    }
    let field_names = field_names(&names);
    let columns = names
        .iter()
        .zip(field_names)
        .map(|(name, field)| Column {
            name: field,
            kind: column_kind(set.rows.iter().map(|(_, p)| cell_value(p.get(name)))),
        })
        .collect();
    (columns, names)
}

/// dBASE names for properties: Strata's long names by [`SHORT_NAMES`], others cut to 10
/// bytes of `[A-Za-z0-9_]` (anything else becomes `_`), made unique with `_2`, `_3`….
pub fn field_names(properties: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for property in properties {
        let base = match SHORT_NAMES.iter().find(|(long, _)| long == property) {
            Some((_, short)) => (*short).to_owned(),
            None => {
                let clean: String = property
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '_' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .take(10)
                    .collect();
                if clean.is_empty() {
                    "field".to_owned()
                } else {
                    clean
                }
            }
        };
        let taken = |n: &str| out.iter().any(|o| o.eq_ignore_ascii_case(n));
        let mut name = base.clone();
        let mut k = 2;
        while taken(&name) {
            let suffix = format!("_{k}");
            name = format!("{}{suffix}", &base[..base.len().min(10 - suffix.len())]);
            k += 1;
        }
        out.push(name);
    }
    out
}

/// Numbers (all numbers or null) as numeric columns wide enough for every value with
/// the decimals the most precise one needs; booleans as logical; anything else text.
fn column_kind(values: impl Iterator<Item = Value> + Clone) -> ColumnKind {
    let present: Vec<Value> = values.filter(|v| !v.is_null()).collect();
    if !present.is_empty() && present.iter().all(Value::is_boolean) {
        return ColumnKind::Logical;
    }
    if !present.is_empty() && present.iter().all(Value::is_number) {
        let decimals = present
            .iter()
            .filter(|v| v.is_f64())
            .filter_map(Value::as_f64)
            .map(|v| {
                let text = format!("{v}");
                match text.split_once('.') {
                    Some(_) if text.contains('e') => 15,
                    Some((_, frac)) => frac.len(),
                    None => 0,
                }
            })
            .max()
            .unwrap_or(0)
            .min(15);
        let length = present
            .iter()
            .map(|v| match v.as_f64() {
                Some(f) if v.is_f64() => format!("{f:.decimals$}").len(),
                _ => v.to_string().len(),
            })
            .max()
            .unwrap_or(1);
        if length <= 24 {
            return ColumnKind::Number {
                length: length.max(decimals + 2),
                decimals,
            };
        }
    }
    let length = present
        .iter()
        .map(|v| v.as_str().map_or_else(|| v.to_string().len(), str::len))
        .max()
        .unwrap_or(1);
    ColumnKind::Text {
        length: length.clamp(1, 254),
    }
}

fn note_cut_texts(set: &Set, columns: &[Column], rows: &[Vec<Value>], notes: &mut Vec<Message>) {
    for (r, row) in rows.iter().enumerate() {
        for (column, value) in columns.iter().zip(row) {
            if let (ColumnKind::Text { length }, Some(text)) = (column.kind, value.as_str())
                && text.len() > length
            {
                notes.push(msg!(
                    "shp-note-cut",
                    set = set.suffix,
                    record = (r + 1).to_string(),
                    field = column.name.clone()
                ));
            }
        }
    }
}

/// A buffer the shape writer writes into and the caller reads after it is dropped (the
/// writer gives no way back to its destination).
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Cursor<Vec<u8>>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Seek for Shared {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.0.borrow_mut().seek(pos)
    }
}

fn shape_error(e: shapefile::Error) -> ShpError {
    msg!("text-as-is", text = e.to_string()).into()
}

/// The `.shp` and `.shx` bytes of a set, coordinates projected to `crs`.
fn shapes(set: &Set, crs: &SourceCrs) -> Result<[Vec<u8>; 2], ShpError> {
    let (shp, shx) = (Shared::default(), Shared::default());
    {
        let mut writer = ShapeWriter::with_shx(shp.clone(), shx.clone());
        for (geometry, _) in &set.rows {
            let coords = &geometry["coordinates"];
            match geometry["type"].as_str() {
                Some("Point") => {
                    let [x, y] = project(coords, crs)?;
                    writer.write_shape(&Point::new(x, y)).map_err(shape_error)?;
                }
                Some("LineString" | "MultiLineString") => {
                    let parts = if geometry["type"] == "LineString" {
                        vec![line(coords, crs)?]
                    } else {
                        lines(coords, crs, 2)?
                    };
                    writer
                        .write_shape(&Polyline::with_parts(parts))
                        .map_err(shape_error)?;
                }
                Some("Polygon" | "MultiPolygon") => {
                    let polygons = if geometry["type"] == "Polygon" {
                        vec![coords.clone()]
                    } else {
                        coords.as_array().cloned().unwrap_or_default()
                    };
                    let mut rings = Vec::new();
                    for polygon in &polygons {
                        for (i, ring) in lines(polygon, crs, 4)?.into_iter().enumerate() {
                            rings.push(if i == 0 {
                                PolygonRing::Outer(ring)
                            } else {
                                PolygonRing::Inner(ring)
                            });
                        }
                    }
                    if rings.is_empty() {
                        continue;
                    }
                    writer
                        .write_shape(&Polygon::with_rings(rings))
                        .map_err(shape_error)?;
                }
                _ => continue,
            }
        }
        writer.finalize().map_err(shape_error)?;
    }
    let take = |s: Shared| s.0.borrow().get_ref().clone();
    Ok([take(shp), take(shx)])
}

fn project(position: &Value, crs: &SourceCrs) -> Result<[f64; 2], ShpError> {
    let lon = position[0].as_f64().unwrap_or(f64::NAN);
    let lat = position[1].as_f64().unwrap_or(f64::NAN);
    Ok(crs.from_lonlat(lon, lat)?)
}

fn line(coords: &Value, crs: &SourceCrs) -> Result<Vec<Point>, ShpError> {
    coords
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| project(p, crs).map(|[x, y]| Point::new(x, y)))
        .collect()
}

/// The parts of `coords` with at least `min` points (shorter ones cannot be written).
fn lines(coords: &Value, crs: &SourceCrs, min: usize) -> Result<Vec<Vec<Point>>, ShpError> {
    coords
        .as_array()
        .into_iter()
        .flatten()
        .filter(|l| l.as_array().is_some_and(|points| points.len() >= min))
        .map(|l| line(l, crs))
        .collect()
}

/// Today's date (UTC) for the `.dbf` header, as year, month, day.
fn today() -> [u16; 3] {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    [year as u16, month as u16, day as u16]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_short_and_unique() {
        let names: Vec<String> = [
            "parcel_name",
            "a_very_long_property_1",
            "a_very_long_property_2",
            "用途",
            "use",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let fields = field_names(&names);
        assert_eq!(fields[0], "parcel_nm");
        assert_eq!(fields[1], "a_very_lon");
        assert_eq!(fields[2], "a_very_l_2");
        assert_eq!(fields[3], "__");
        assert_eq!(fields[4], "use");
        assert!(fields.iter().all(|f| f.len() <= 10));
    }

    #[test]
    fn numbers_get_the_decimals_they_need() {
        let kind = column_kind([json!(1.25), json!(3), Value::Null].into_iter());
        assert_eq!(
            kind,
            ColumnKind::Number {
                length: 4,
                decimals: 2
            }
        );
        assert_eq!(
            column_kind([json!("a"), json!(1)].into_iter()),
            ColumnKind::Text { length: 1 }
        );
    }

    #[test]
    fn degenerate_shapes_are_left_out() {
        assert!(usable(
            &json!({ "type": "Point", "coordinates": [1.0, 2.0] })
        ));
        assert!(!usable(&json!({ "type": "Point", "coordinates": [] })));
        assert!(!usable(
            &json!({ "type": "LineString", "coordinates": [[0, 0]] })
        ));
        assert!(usable(
            &json!({ "type": "MultiLineString", "coordinates": [[[0, 0]], [[0, 0], [1, 1]]] })
        ));
        assert!(!usable(
            &json!({ "type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]] })
        ));
        assert!(!usable(
            &json!({ "type": "MultiPolygon", "coordinates": [] })
        ));
        assert!(!usable(&Value::Null));
    }

    #[test]
    fn today_is_a_date() {
        let [y, m, d] = today();
        assert!(y >= 2024 && (1..=12).contains(&m) && (1..=31).contains(&d));
    }
}
