//! Writing a plan as an RFC 7946 FeatureCollection in WGS84, and saving it safely.

use std::path::Path;

use geo::{LineString, Polygon};
use rayon::prelude::*;
use serde_json::{Map, Value, json};

use super::atomic::{Backup, write_atomic};
use super::geometry::round_degrees;
use crate::i18n::{Lang, Message};
use crate::model::{Facility, FeatureMeta, Parcel, Plan, Stratum, Street};
use crate::model::{FrameProjector, ProjectionError};
use crate::msg;

/// Why a file was not written. `Display` is English; [`WriteError::text`] is in the
/// current language (docs/ERRORS.md). The operating system's own words about an I/O
/// error stay as it gives them.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    Projection(#[from] ProjectionError),
    Io {
        path: String,
        /// The cause in plain words (see `atomic::describe`).
        reason: Message,
        source: std::io::Error,
    },
    Verify {
        path: String,
        reason: Message,
    },
    InvalidGeometry {
        feature: String,
        reason: Message,
    },
}

impl WriteError {
    /// What went wrong, to be worded when shown.
    pub fn message(&self) -> Message {
        match self {
            WriteError::Projection(e) => e.message(),
            WriteError::Io { path, reason, .. } => msg!(
                "io-err-write",
                path = path.as_str(),
                reason = reason.clone()
            ),
            WriteError::Verify { path, reason } => msg!(
                "io-err-verify",
                path = path.as_str(),
                reason = reason.clone()
            ),
            WriteError::InvalidGeometry { feature, reason } => msg!(
                "io-err-invalid-geometry",
                feature = feature.as_str(),
                reason = reason.clone()
            ),
        }
    }

    /// The text in the current language.
    pub fn text(&self) -> String {
        self.message().text()
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().text_in(Lang::En))
    }
}

/// The plan as a GeoJSON value.
pub fn plan_to_value(plan: &Plan) -> Result<Value, WriteError> {
    check_finite(plan)?;
    let projector = plan.frame.projector()?;
    let mut features = Vec::with_capacity(
        plan.parcels.len() + plan.facilities.len() + plan.streets.len() + plan.others.len(),
    );
    // Built in parallel, filed in order: the first error is the first feature's.
    let parcels: Vec<_> = plan
        .parcels
        .par_iter()
        .map(|parcel| parcel_to_value(parcel, &projector))
        .collect();
    let facilities: Vec<_> = plan
        .facilities
        .par_iter()
        .map(|facility| facility_to_value(facility, &projector))
        .collect();
    let streets: Vec<_> = plan
        .streets
        .par_iter()
        .map(|street| street_to_value(street, &projector))
        .collect();
    for feature in parcels.into_iter().chain(facilities).chain(streets) {
        features.push(feature?);
    }
    features.extend(plan.others.iter().map(|raw| raw.json.clone()));

    let mut settings = Map::new();
    settings.insert("format".into(), json!(plan.settings.format));
    if let Some(name) = &plan.settings.name {
        settings.insert("name".into(), json!(name));
    }
    settings.insert("classification".into(), json!(plan.settings.classification));
    settings.insert("standard".into(), json!(plan.settings.standard));
    settings.extend(plan.settings.extra.clone());

    let mut root = Map::new();
    root.insert("type".into(), json!("FeatureCollection"));
    root.insert("strata".into(), Value::Object(settings));
    root.extend(plan.members.clone());
    root.insert("features".into(), Value::Array(features));
    Ok(Value::Object(root))
}

/// The plan as GeoJSON text (pretty-printed, positions on one line: plans are reviewed
/// in diffs, and a city must stay under the reader's size limit; see `io::pretty`).
pub fn plan_to_string(plan: &Plan) -> Result<String, WriteError> {
    let value = plan_to_value(plan)?;
    Ok(super::pretty::to_plan_text(&value))
}

/// Saves a plan through [`write_atomic`], keeping the previous file as `NAME.bak`.
///
/// The text is first read back with the real reader and compared with the plan in
/// memory; a plan that would not load back equal is refused with the first difference,
/// and nothing is written.
pub fn save_plan(plan: &Plan, path: &Path) -> Result<(), WriteError> {
    if super::gpkg::is_gpkg_path(path) {
        return super::gpkg::save(plan, path);
    }
    let written = plan_to_value(plan)?;
    let text = super::pretty::to_plan_text(&written);
    verify(&written, &text).map_err(|reason| WriteError::Verify {
        path: path.display().to_string(),
        reason,
    })?;
    write_atomic(path, Backup::Keep, |w| w.write_all(text.as_bytes()))
}

/// Reads `text` back as a plan and checks that it is the plan `written` describes: the
/// read-back plan, written again, must give the same GeoJSON (coordinates within 1e-8°,
/// about 1 mm, as the read-back plan may sit in a different local frame).
fn verify(written: &Value, text: &str) -> Result<(), Message> {
    let loaded = super::read_plan(text.as_bytes(), &Default::default()).map_err(|e| e.message())?;
    let again = plan_to_value(&loaded.plan).map_err(|e| e.message())?;
    match first_difference(written, &again, &mut String::new()) {
        None => Ok(()),
        Some(difference) => Err(msg!("io-err-read-back", difference = difference)),
    }
}

/// Where two GeoJSON values first differ, as a JSON path (`features[3].properties.name`)
/// with both values, or `None` when they agree.
fn first_difference(a: &Value, b: &Value, at: &mut String) -> Option<Message> {
    let described = |at: &str| {
        if at.is_empty() {
            msg!("io-the-file")
        } else {
            msg!("text-as-is", text = at)
        }
    };
    let differs = |at: &str| {
        Some(msg!(
            "io-diff-value",
            at = described(at),
            found = super::geometry::short(b),
            expected = super::geometry::short(a)
        ))
    };
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) if x == y || (x - y).abs() <= 1e-8 => None,
            _ => differs(at),
        },
        (Value::Array(xs), Value::Array(ys)) => {
            if xs.len() != ys.len() {
                return Some(msg!(
                    "io-diff-items",
                    at = described(at),
                    found = ys.len().to_string(),
                    expected = xs.len().to_string()
                ));
            }
            let len = at.len();
            for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
                at.push_str(&format!("[{i}]"));
                let found = first_difference(x, y, at);
                at.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        (Value::Object(xs), Value::Object(ys)) => {
            let len = at.len();
            for (key, x) in xs {
                let Some(y) = ys.get(key) else {
                    return Some(msg!(
                        "io-diff-lost",
                        at = described(at),
                        key = format!("{key:?}")
                    ));
                };
                at.push_str(if at.is_empty() { "" } else { "." });
                at.push_str(key);
                let found = first_difference(x, y, at);
                at.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
            ys.keys()
                .find(|k| !xs.contains_key(*k))
                .map(|k| msg!("io-diff-gained", at = described(at), key = format!("{k:?}")))
        }
        _ if a == b => None,
        _ => differs(at),
    }
}

/// Geometry must be finite before it is oriented and projected (an edit gone wrong must
/// give an error, not a panic or a file with `null` coordinates).
pub(super) fn check_finite(plan: &Plan) -> Result<(), WriteError> {
    use geo::CoordsIter;
    let finite = |c: geo::Coord<f64>| c.x.is_finite() && c.y.is_finite();
    let bad = |feature: &str| WriteError::InvalidGeometry {
        feature: feature.to_owned(),
        reason: msg!("io-err-not-finite"),
    };
    for parcel in &plan.parcels {
        let footprints = parcel.strata.iter().filter_map(|s| s.footprint.as_ref());
        if !parcel.shape.coords_iter().all(finite)
            || !footprints.flat_map(|f| f.coords_iter()).all(finite)
        {
            return Err(bad(parcel.id.as_str()));
        }
    }
    if let Some(f) = plan.facilities.iter().find(|f| !finite(f.position.0)) {
        return Err(bad(f.id.as_str()));
    }
    if let Some(s) = plan
        .streets
        .iter()
        .find(|s| !s.line.coords_iter().all(finite))
    {
        return Err(bad(s.id.as_str()));
    }
    Ok(())
}

/// A number as JSON, whole numbers without a fraction (`[-12, 3]`, not `[-12.0, 3.0]`).
pub(crate) fn num(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

fn feature(id: &str, meta: &FeatureMeta, geometry: Value, properties: Map<String, Value>) -> Value {
    let mut object = Map::new();
    object.insert("type".into(), json!("Feature"));
    let id_value = match (meta.numeric_id, id.parse::<i64>()) {
        (true, Ok(n)) => json!(n),
        _ => json!(id),
    };
    object.insert("id".into(), id_value);
    object.insert("geometry".into(), geometry);
    object.insert("properties".into(), Value::Object(properties));
    object.extend(meta.members.clone());
    Value::Object(object)
}

fn position(p: geo::Coord<f64>, projector: &FrameProjector) -> Result<Value, ProjectionError> {
    let [lon, lat] = projector.to_lonlat(p.x, p.y)?;
    Ok(json!([round_degrees(lon), round_degrees(lat)]))
}

fn line_coords(
    line: &LineString<f64>,
    projector: &FrameProjector,
) -> Result<Value, ProjectionError> {
    Ok(Value::Array(
        line.0
            .iter()
            .map(|&c| position(c, projector))
            .collect::<Result<_, _>>()?,
    ))
}

/// Polygon coordinates with RFC 7946 winding: exterior counter-clockwise, holes clockwise.
pub(crate) fn polygon_coords(
    polygon: &Polygon<f64>,
    projector: &FrameProjector,
) -> Result<Value, ProjectionError> {
    use geo::orient::{Direction, Orient};
    let oriented = polygon.orient(Direction::Default);
    let mut rings = vec![line_coords(oriented.exterior(), projector)?];
    for hole in oriented.interiors() {
        rings.push(line_coords(hole, projector)?);
    }
    Ok(Value::Array(rings))
}

fn parcel_to_value(parcel: &Parcel, projector: &FrameProjector) -> Result<Value, ProjectionError> {
    let geometry = if parcel.shape.0.len() == 1 && !parcel.meta.multi {
        json!({ "type": "Polygon", "coordinates": polygon_coords(&parcel.shape.0[0], projector)? })
    } else {
        let parts = parcel
            .shape
            .0
            .iter()
            .map(|p| polygon_coords(p, projector))
            .collect::<Result<Vec<_>, _>>()?;
        json!({ "type": "MultiPolygon", "coordinates": parts })
    };
    let mut props = Map::new();
    props.insert("kind".into(), json!("parcel"));
    props.insert("scenario".into(), json!(parcel.scenario.as_str()));
    if let Some(name) = &parcel.name {
        props.insert("name".into(), json!(name));
    }
    if let Some(status) = parcel.status {
        props.insert("status".into(), json!(status.as_str()));
    }
    let strata = parcel
        .strata
        .iter()
        .map(|s| stratum_to_value(s, projector))
        .collect::<Result<Vec<_>, _>>()?;
    props.insert("strata".into(), Value::Array(strata));
    props.insert(
        "population".into(),
        parcel.population.map_or(Value::Null, num),
    );
    if let Some(controls) = &parcel.controls {
        props.insert("controls".into(), Value::Object(controls.to_json()));
    }
    props.extend(parcel.meta.properties.clone());
    Ok(feature(parcel.id.as_str(), &parcel.meta, geometry, props))
}

fn stratum_to_value(
    stratum: &Stratum,
    projector: &FrameProjector,
) -> Result<Value, ProjectionError> {
    let mut s = Map::new();
    s.insert("id".into(), json!(stratum.id.as_str()));
    s.insert(
        "z".into(),
        json!([num(stratum.z.bottom), num(stratum.z.top)]),
    );
    if let Some(floors) = stratum.floors {
        s.insert("floors".into(), json!(floors));
    }
    let uses: Vec<Value> = stratum
        .uses
        .iter()
        .map(|u| {
            let mut entry = Map::new();
            entry.insert("code".into(), json!(u.code));
            entry.insert("share".into(), num(u.share));
            entry.extend(u.extra.clone());
            Value::Object(entry)
        })
        .collect();
    s.insert("uses".into(), Value::Array(uses));
    let holders: Vec<Value> = stratum
        .holders
        .iter()
        .map(|h| {
            let mut entry = Map::new();
            entry.insert("name".into(), json!(h.name));
            entry.insert("share".into(), num(h.share));
            entry.extend(h.extra.clone());
            Value::Object(entry)
        })
        .collect();
    s.insert("holders".into(), Value::Array(holders));
    if let Some(right) = stratum.right {
        s.insert("right".into(), json!(right.as_str()));
    }
    if let Some(term) = &stratum.term {
        s.insert("term".into(), super::read::term_to_value(term));
    }
    if let Some(footprint) = &stratum.footprint {
        s.insert("footprint".into(), polygon_coords(footprint, projector)?);
    }
    s.insert("facilities".into(), json!(stratum.facilities));
    if let Some(note) = &stratum.note {
        s.insert("note".into(), json!(note));
    }
    if let Some(code) = &stratum.unit_code {
        s.insert("unit_code".into(), json!(code));
    }
    if !stratum.parent_unit_codes.is_empty() {
        s.insert("parent_unit_codes".into(), json!(stratum.parent_unit_codes));
    }
    if let Some(operation) = &stratum.operation {
        s.insert(
            "operation".into(),
            super::read::operation_to_value(operation),
        );
    }
    s.extend(stratum.extra.clone());
    Ok(Value::Object(s))
}

pub(super) fn facility_to_value(
    facility: &Facility,
    projector: &FrameProjector,
) -> Result<Value, ProjectionError> {
    let geometry =
        json!({ "type": "Point", "coordinates": position(facility.position.0, projector)? });
    let mut props = Map::new();
    props.insert("kind".into(), json!("facility"));
    props.insert("scenario".into(), json!(facility.scenario.as_str()));
    props.insert("category".into(), json!(facility.category));
    if let Some(name) = &facility.name {
        props.insert("name".into(), json!(name));
    }
    props.extend(facility.meta.properties.clone());
    Ok(feature(
        facility.id.as_str(),
        &facility.meta,
        geometry,
        props,
    ))
}

pub(super) fn street_to_value(
    street: &Street,
    projector: &FrameProjector,
) -> Result<Value, ProjectionError> {
    let geometry = if street.line.0.len() == 1 && !street.meta.multi {
        json!({ "type": "LineString", "coordinates": line_coords(&street.line.0[0], projector)? })
    } else {
        let lines = street
            .line
            .0
            .iter()
            .map(|l| line_coords(l, projector))
            .collect::<Result<Vec<_>, _>>()?;
        json!({ "type": "MultiLineString", "coordinates": lines })
    };
    let mut props = Map::new();
    props.insert("kind".into(), json!("street"));
    props.insert("scenario".into(), json!(street.scenario.as_str()));
    props.insert("walkable".into(), json!(street.walkable));
    if let Some(name) = &street.name {
        props.insert("name".into(), json!(name));
    }
    props.extend(street.meta.properties.clone());
    Ok(feature(street.id.as_str(), &street.meta, geometry, props))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_that_would_not_read_back_is_refused_and_the_file_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plan.geojson");
        std::fs::write(&path, "the old plan").expect("write");
        let mut plan = crate::synth::city(30, 2, 7);
        assert!(plan.parcels.len() > 1);
        // An unknown property that shadows `kind` would turn the parcel into a facility.
        plan.parcels[1]
            .meta
            .properties
            .insert("kind".into(), json!("facility"));
        let message = save_plan(&plan, &path).expect_err("refused").to_string();
        assert!(message.starts_with("refusing to save"), "{message}");
        eprintln!("{message}");
        assert!(message.contains("features["), "{message}");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "the old plan"
        );
        assert!(!crate::io::backup_path(&path).exists());
    }

    #[test]
    fn a_save_keeps_the_previous_file_as_bak() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plan.geojson");
        let first = crate::synth::city(30, 1, 1);
        let second = crate::synth::city(50, 1, 2);
        save_plan(&first, &path).expect("first save");
        save_plan(&second, &path).expect("second save");
        let load = |p: &Path| crate::io::load_plan(p, &Default::default()).expect("loads");
        assert_eq!(load(&path).plan.parcels.len(), second.parcels.len());
        assert_eq!(
            load(&crate::io::backup_path(&path)).plan.parcels.len(),
            first.parcels.len()
        );
        assert_ne!(first.parcels.len(), second.parcels.len());
    }

    #[test]
    fn differences_are_named_by_their_path() {
        let a = json!({"features": [{"properties": {"name": "a", "z": [0, 3]}}]});
        assert_eq!(first_difference(&a, &a.clone(), &mut String::new()), None);
        let near = json!({"features": [{"properties": {"name": "a", "z": [0, 3.000000001]}}]});
        assert_eq!(first_difference(&a, &near, &mut String::new()), None);
        let b = json!({"features": [{"properties": {"name": "b", "z": [0, 3]}}]});
        assert_eq!(
            first_difference(&a, &b, &mut String::new())
                .map(|m| m.to_string())
                .as_deref(),
            Some(r#"features[0].properties.name is "b" instead of "a""#)
        );
        let c = json!({"features": [{"properties": {"name": "a", "z": [0]}}]});
        assert_eq!(
            first_difference(&a, &c, &mut String::new())
                .map(|m| m.to_string())
                .as_deref(),
            Some("features[0].properties.z has 1 items instead of 2")
        );
        let d = json!({"features": [{"properties": {"z": [0, 3]}}]});
        assert_eq!(
            first_difference(&a, &d, &mut String::new())
                .map(|m| m.to_string())
                .as_deref(),
            Some(r#"features[0].properties lost its member "name""#)
        );
    }
}
