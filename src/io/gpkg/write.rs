//! Writing a plan into a GeoPackage: every row (a new file), or only the rows of the
//! features an edit changed (saving an opened `.gpkg`), each in one transaction.

use std::collections::HashMap;

use geo::{LineString, Polygon};
use rayon::prelude::*;
use rusqlite::{Connection, Transaction, params};
use serde_json::{Map, Value, json};

use super::schema::LOCAL_SRS_ID;
use super::wkb::{self, Geometry, Line, Rings};
use crate::io::write::num;
use crate::model::{Changes, Facility, FeatureMeta, Parcel, Plan, Stratum, Street};

/// Why rows were not written.
#[derive(Debug)]
pub enum Fail {
    Sql(rusqlite::Error),
    /// A feature with a NaN or infinite coordinate.
    NotFinite(String),
}

impl From<rusqlite::Error> for Fail {
    fn from(e: rusqlite::Error) -> Self {
        Fail::Sql(e)
    }
}

/// An extent in degrees: `[min_x, min_y, max_x, max_y]`.
type Extent = [f64; 4];

const EMPTY_EXTENT: Extent = [
    f64::INFINITY,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NEG_INFINITY,
];

fn grow(extent: &mut Extent, geometry: &Geometry) {
    geometry.for_each_point(|p| {
        extent[0] = extent[0].min(p[0]);
        extent[1] = extent[1].min(p[1]);
        extent[2] = extent[2].max(p[0]);
        extent[3] = extent[3].max(p[1]);
    });
}

/// Geometry as stored: metres of the plan's local frame, exactly as in memory (see
/// `schema::LOCAL_SRS_ID`: no projection on save or load).
fn line(line: &LineString<f64>) -> Line {
    line.0.iter().map(|c| [c.x, c.y]).collect()
}

fn polygon(polygon: &Polygon<f64>) -> Rings {
    std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .map(line)
        .collect()
}

/// One encoded geometry and its extent.
struct Blob {
    bytes: Vec<u8>,
    extent: Extent,
}

/// The blob of a geometry; a NaN or infinite coordinate is refused (it would not read
/// back), naming the feature.
fn blob(geometry: &Geometry, feature: &str) -> Result<Blob, Fail> {
    let mut extent = EMPTY_EXTENT;
    grow(&mut extent, geometry);
    let mut finite = true;
    geometry.for_each_point(|p| finite &= p[0].is_finite() && p[1].is_finite());
    if !finite {
        return Err(Fail::NotFinite(feature.to_owned()));
    }
    let mut bytes = Vec::new();
    wkb::encode(geometry, LOCAL_SRS_ID, &mut bytes);
    Ok(Blob { bytes, extent })
}

/// A parcel's geometry blob and those of its strata footprints.
fn parcel_blobs(parcel: &Parcel) -> Result<(Blob, Vec<Option<Blob>>), Fail> {
    let id = parcel.id.as_str();
    let parts = parcel.shape.0.iter().map(polygon).collect();
    let shape = blob(&Geometry::MultiPolygon(parts), id)?;
    let footprints = parcel
        .strata
        .iter()
        .map(|s| {
            s.footprint
                .as_ref()
                .map(|f| blob(&Geometry::Polygon(polygon(f)), id))
                .transpose()
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((shape, footprints))
}

fn json_text(map: &Map<String, Value>) -> Option<String> {
    (!map.is_empty()).then(|| Value::Object(map.clone()).to_string())
}

/// What GeoJSON held beside the properties (foreign members, a numeric id, a
/// one-part Multi geometry): `None` when nothing.
fn geojson_text(meta: &FeatureMeta) -> Option<String> {
    let mut object = Map::new();
    if !meta.members.is_empty() {
        object.insert("members".into(), Value::Object((*meta.members).clone()));
    }
    if meta.numeric_id {
        object.insert("numeric_id".into(), json!(true));
    }
    if meta.multi {
        object.insert("multi".into(), json!(true));
    }
    json_text(&object)
}

const INSERT_PARCEL: &str = "INSERT OR REPLACE INTO parcels (fid, geom, id, scenario, name,
  status, population, code, zone, main_use, far_min, far_max, density_max, green_min,
  height_max, parking_min_per_100m2, required_facilities, controls_extra, extra, geojson)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
  ?19, ?20)";

const INSERT_STRATUM: &str = "INSERT INTO strata (footprint, parcel_id, position, id, bottom,
  top, floors, uses, holders, \"right\", term_start, term_years, term_extra, facilities, note,
  extra, unit_code, parent_unit_codes, operator, operation_mode, operation_start,
  operation_years, annual_revenue, investment, operation_term_extra, operation_extra)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
  ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)";

/// Inserts (or replaces, keeping `fid`) one parcel with its strata and their mapping rows.
fn put_parcel(
    tx: &Transaction,
    fid: Option<i64>,
    parcel: &Parcel,
    blobs: &(Blob, Vec<Option<Blob>>),
) -> Result<(), Fail> {
    let c = parcel.controls.as_ref();
    let known = crate::model::Controls {
        invalid: Map::new(),
        extra: Default::default(),
        ..c.cloned().unwrap_or_default()
    };
    // Members of `controls` with no column: unknown ones and wrong-typed known ones.
    // `{}` (not NULL) marks a parcel that has controls, even with no member set.
    let controls_extra = c.map(|c| {
        let mut rest = c.invalid.clone();
        rest.extend(c.extra.clone());
        Value::Object(rest).to_string()
    });
    let facilities = (!known.facilities.is_empty()).then(|| json!(known.facilities).to_string());
    tx.prepare_cached(INSERT_PARCEL)?.execute(params![
        fid,
        blobs.0.bytes,
        parcel.id.as_str(),
        parcel.scenario.as_str(),
        parcel.name,
        parcel.status.map(|s| s.as_str()),
        parcel.population,
        known.code,
        known.zone,
        known.main_use,
        known.far_min,
        known.far_max,
        known.density_max,
        known.green_min,
        known.height_max,
        known.parking_min_per_100m2,
        facilities,
        controls_extra,
        json_text(&parcel.meta.properties),
        geojson_text(&parcel.meta),
    ])?;
    let parcel_fid = tx.last_insert_rowid();
    for (position, (stratum, footprint)) in parcel.strata.iter().zip(&blobs.1).enumerate() {
        put_stratum(tx, parcel, position, stratum, footprint.as_ref())?;
        tx.prepare_cached("INSERT INTO parcels_strata (base_id, related_id) VALUES (?1, ?2)")?
            .execute(params![parcel_fid, tx.last_insert_rowid()])?;
    }
    Ok(())
}

fn shares(
    entries: impl Iterator<Item = (&'static str, String, f64, Map<String, Value>)>,
) -> String {
    let list: Vec<Value> = entries
        .map(|(key, name, share, extra)| {
            let mut entry = Map::new();
            entry.insert(key.into(), json!(name));
            entry.insert("share".into(), num(share));
            entry.extend(extra);
            Value::Object(entry)
        })
        .collect();
    Value::Array(list).to_string()
}

fn put_stratum(
    tx: &Transaction,
    parcel: &Parcel,
    position: usize,
    s: &Stratum,
    footprint: Option<&Blob>,
) -> Result<(), Fail> {
    let uses = shares(
        s.uses
            .iter()
            .map(|u| ("code", u.code.clone(), u.share, (*u.extra).clone())),
    );
    let holders = shares(
        s.holders
            .iter()
            .map(|h| ("name", h.name.clone(), h.share, (*h.extra).clone())),
    );
    let term = s.term.as_ref();
    let op = s.operation.as_ref();
    let op_term = op.and_then(|o| o.term.as_ref());
    tx.prepare_cached(INSERT_STRATUM)?.execute(params![
        footprint.map(|b| &b.bytes),
        parcel.id.as_str(),
        position as i64,
        s.id.as_str(),
        s.z.bottom,
        s.z.top,
        s.floors,
        uses,
        holders,
        s.right.map(|r| r.as_str()),
        term.and_then(|t| t.start.clone()),
        term.and_then(|t| t.years),
        term.map(|t| Value::Object((*t.extra).clone()).to_string()),
        json!(s.facilities).to_string(),
        s.note,
        json_text(&s.extra),
        s.unit_code,
        (!s.parent_unit_codes.is_empty()).then(|| json!(s.parent_unit_codes).to_string()),
        op.and_then(|o| o.operator.clone()),
        op.and_then(|o| o.mode.map(|m| m.as_str())),
        op_term.and_then(|t| t.start.clone()),
        op_term.and_then(|t| t.years),
        op.and_then(|o| o.annual_revenue),
        op.and_then(|o| o.investment),
        // Non-null exactly when the operation (or its term) is there, so that an empty
        // one reads back as empty rather than absent.
        op_term.map(|t| Value::Object((*t.extra).clone()).to_string()),
        op.map(|o| Value::Object(o.extra.clone()).to_string()),
    ])?;
    Ok(())
}

fn put_facility(tx: &Transaction, fid: Option<i64>, f: &Facility, blob: &Blob) -> Result<(), Fail> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO facilities (fid, geom, id, scenario, category, name, extra,
         geojson) VALUES (?8, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        blob.bytes,
        f.id.as_str(),
        f.scenario.as_str(),
        f.category,
        f.name,
        json_text(&f.meta.properties),
        geojson_text(&f.meta),
        fid,
    ])?;
    Ok(())
}

fn put_street(tx: &Transaction, s: &Street, blob: &Blob) -> Result<(), Fail> {
    tx.prepare_cached(
        "INSERT INTO streets (geom, id, scenario, walkable, name, extra, geojson)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        blob.bytes,
        s.id.as_str(),
        s.scenario.as_str(),
        s.walkable,
        s.name,
        json_text(&s.meta.properties),
        geojson_text(&s.meta),
    ])?;
    Ok(())
}

fn facility_blob(f: &Facility) -> Result<Blob, Fail> {
    let p = f.position.0;
    blob(&Geometry::Point([p.x, p.y]), f.id.as_str())
}

fn street_blob(s: &Street) -> Result<Blob, Fail> {
    let lines = s.line.0.iter().map(line).collect();
    blob(&Geometry::MultiLineString(lines), s.id.as_str())
}

/// The settings, the collection's members and the unmodelled features (all small):
/// rewritten whole on every save.
fn put_plan_level(tx: &Transaction, plan: &Plan) -> Result<(), Fail> {
    tx.execute_batch("DELETE FROM settings; DELETE FROM other_features;")?;
    let mut rows: Vec<(&str, String, Value)> =
        vec![("strata", "format".into(), json!(plan.settings.format))];
    if let Some(name) = &plan.settings.name {
        rows.push(("strata", "name".into(), json!(name)));
    }
    rows.push((
        "strata",
        "classification".into(),
        json!(plan.settings.classification),
    ));
    rows.push(("strata", "standard".into(), json!(plan.settings.standard)));
    for (key, value) in &plan.settings.extra {
        rows.push(("strata", key.clone(), value.clone()));
    }
    for (key, value) in &plan.members {
        rows.push(("collection", key.clone(), value.clone()));
    }
    // The local frame the geometry is in (also defined as the tables' SRS).
    rows.push(("frame", "lon0".into(), json!(plan.frame.lon0)));
    rows.push(("frame", "lat0".into(), json!(plan.frame.lat0)));
    let mut insert =
        tx.prepare_cached("INSERT INTO settings (scope, key, value) VALUES (?1, ?2, ?3)")?;
    for (scope, key, value) in rows {
        insert.execute(params![scope, key, value.to_string()])?;
    }
    let mut insert =
        tx.prepare_cached("INSERT INTO other_features (id, feature) VALUES (?1, ?2)")?;
    for raw in &plan.others {
        insert.execute(params![raw.id, raw.json.to_string()])?;
    }
    Ok(())
}

/// Widens (or, for a new file, sets) the extent of each feature table in `gpkg_contents`
/// and stamps its last change.
fn put_extents(tx: &Transaction, extents: &[(&str, Extent)], replace: bool) -> Result<(), Fail> {
    for (table, e) in extents {
        if !e[0].is_finite() {
            continue;
        }
        let sql = if replace {
            "UPDATE gpkg_contents SET min_x = ?2, min_y = ?3, max_x = ?4, max_y = ?5,
             last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?1"
        } else {
            "UPDATE gpkg_contents SET min_x = min(coalesce(min_x, ?2), ?2),
             min_y = min(coalesce(min_y, ?3), ?3), max_x = max(coalesce(max_x, ?4), ?4),
             max_y = max(coalesce(max_y, ?5), ?5),
             last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?1"
        };
        tx.execute(sql, params![table, e[0], e[1], e[2], e[3]])?;
    }
    Ok(())
}

fn union(blobs: impl Iterator<Item = Extent>) -> Extent {
    blobs.fold(EMPTY_EXTENT, |a, b| {
        [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ]
    })
}

/// Writes the whole plan into a database whose tables are empty (just created).
pub fn write_all(conn: &mut Connection, plan: &Plan) -> Result<(), Fail> {
    // Encoding runs in parallel before the (serial) inserts.
    let parcels = plan
        .parcels
        .par_iter()
        .map(parcel_blobs)
        .collect::<Result<Vec<_>, _>>()?;
    let facilities = plan
        .facilities
        .par_iter()
        .map(facility_blob)
        .collect::<Result<Vec<_>, _>>()?;
    let streets = plan
        .streets
        .par_iter()
        .map(street_blob)
        .collect::<Result<Vec<_>, _>>()?;
    let tx = conn.transaction()?;
    for (parcel, blobs) in plan.parcels.iter().zip(&parcels) {
        put_parcel(&tx, None, parcel, blobs)?;
    }
    for (facility, blob) in plan.facilities.iter().zip(&facilities) {
        put_facility(&tx, None, facility, blob)?;
    }
    for (street, blob) in plan.streets.iter().zip(&streets) {
        put_street(&tx, street, blob)?;
    }
    put_plan_level(&tx, plan)?;
    let footprints = parcels.iter().flat_map(|p| p.1.iter().flatten());
    put_extents(
        &tx,
        &[
            ("parcels", union(parcels.iter().map(|p| p.0.extent))),
            ("strata", union(footprints.map(|b| b.extent))),
            ("facilities", union(facilities.iter().map(|b| b.extent))),
            ("streets", union(streets.iter().map(|b| b.extent))),
        ],
        true,
    )?;
    tx.commit()?;
    Ok(())
}

/// Writes the rows of what `changes` lists (added, modified or removed features), the
/// streets when they changed, and the plan-level tables, in one transaction: a kill
/// leaves the file as it was before or after.
pub fn write_changes(conn: &mut Connection, plan: &Plan, changes: &Changes) -> Result<(), Fail> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut extents = vec![("parcels", EMPTY_EXTENT), ("strata", EMPTY_EXTENT)];
    // A few changed parcels are found by a scan; many through a map of the plan's ids.
    let mut by_id: HashMap<&str, Vec<&Parcel>> = HashMap::new();
    if changes.parcels.len() > 16 {
        for p in &plan.parcels {
            by_id.entry(p.id.as_str()).or_default().push(p);
        }
    }
    for id in &changes.parcels {
        let scanned: Vec<&Parcel>;
        let now = if changes.parcels.len() > 16 {
            by_id.get(id.as_str()).map_or(&[][..], Vec::as_slice)
        } else {
            scanned = plan.parcels.iter().filter(|p| &p.id == id).collect();
            &scanned[..]
        };
        let fids = fids_with_id(&tx, "parcels", id.as_str())?;
        for fid in &fids {
            remove_strata(&tx, *fid, id.as_str())?;
        }
        // One row for one parcel: replaced in place, keeping its fid and its place.
        let keep = match (fids.as_slice(), now) {
            ([fid], [_]) => Some(*fid),
            _ => {
                tx.prepare_cached("DELETE FROM parcels WHERE id = ?1")?
                    .execute([id.as_str()])?;
                None
            }
        };
        for parcel in now {
            let blobs = parcel_blobs(parcel)?;
            extents[0].1 = union([extents[0].1, blobs.0.extent].into_iter());
            let footprints = blobs.1.iter().flatten().map(|b| b.extent);
            extents[1].1 = union(footprints.chain([extents[1].1]));
            put_parcel(&tx, keep, parcel, &blobs)?;
        }
    }
    extents.push(("facilities", put_changed_facilities(&tx, plan, changes)?));
    if changes.streets {
        tx.execute("DELETE FROM streets", [])?;
        let mut extent = EMPTY_EXTENT;
        for street in &plan.streets {
            let blob = street_blob(street)?;
            extent = union([extent, blob.extent].into_iter());
            put_street(&tx, street, &blob)?;
        }
        extents.push(("streets", extent));
    }
    put_plan_level(&tx, plan)?;
    put_extents(&tx, &extents, false)?;
    tx.commit()?;
    Ok(())
}

/// The fids of a table's rows with a feature id (one, unless the plan repeats an id).
fn fids_with_id(tx: &Transaction, table: &str, id: &str) -> rusqlite::Result<Vec<i64>> {
    let sql = format!("SELECT fid FROM {table} WHERE id = ?1 ORDER BY fid");
    tx.prepare_cached(&sql)?
        .query_map([id], |row| row.get(0))?
        .collect()
}

/// Removes a parcel's strata: those its mapping rows name, and those that name it by
/// `parcel_id` without a mapping row (added in QGIS), then the mapping rows.
fn remove_strata(tx: &Transaction, fid: i64, id: &str) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "DELETE FROM strata WHERE fid IN (SELECT related_id FROM parcels_strata WHERE base_id = ?1)",
    )?
    .execute([fid])?;
    tx.prepare_cached(
        "DELETE FROM strata WHERE parcel_id = ?1 AND NOT EXISTS
         (SELECT 1 FROM parcels_strata m WHERE m.related_id = strata.fid)",
    )?
    .execute([id])?;
    tx.prepare_cached("DELETE FROM parcels_strata WHERE base_id = ?1")?
        .execute([fid])?;
    Ok(())
}

fn put_changed_facilities(
    tx: &Transaction,
    plan: &Plan,
    changes: &Changes,
) -> Result<Extent, Fail> {
    let mut extent = EMPTY_EXTENT;
    for id in &changes.facilities {
        let now: Vec<&Facility> = plan.facilities.iter().filter(|f| &f.id == id).collect();
        let fids = fids_with_id(tx, "facilities", id.as_str())?;
        let keep = match (fids.as_slice(), now.as_slice()) {
            ([fid], [_]) => Some(*fid),
            _ => {
                tx.prepare_cached("DELETE FROM facilities WHERE id = ?1")?
                    .execute([id.as_str()])?;
                None
            }
        };
        for facility in now {
            let blob = facility_blob(facility)?;
            extent = union([extent, blob.extent].into_iter());
            put_facility(tx, keep, facility, &blob)?;
        }
    }
    Ok(extent)
}
