//! Reading GeoJSON coordinate arrays with precise errors, and writing them back.
//! Coordinates are checked as they are in the file (ring closure, position count), then
//! converted to WGS84 degrees and checked against the valid range.

use serde_json::Value;

use super::crs::SourceCrs;
use crate::model::ProblemKind;

/// A problem with a geometry: the kind and what exactly is wrong.
pub type GeometryError = (ProblemKind, String);

pub type Ring = Vec<[f64; 2]>;
pub type PolygonRings = Vec<Ring>;

fn malformed(message: impl Into<String>) -> GeometryError {
    (ProblemKind::MalformedCoordinates, message.into())
}

/// A position: an array of two (or three) finite numbers, converted to lon/lat degrees.
pub fn position(value: &Value, crs: &SourceCrs) -> Result<[f64; 2], GeometryError> {
    let items = value.as_array().ok_or_else(|| {
        malformed(format!(
            "position {} is not an array of numbers",
            short(value)
        ))
    })?;
    if items.len() < 2 {
        return Err(malformed(format!(
            "position {} has {} number(s); a position needs x and y",
            short(value),
            items.len()
        )));
    }
    let mut xy = [0.0; 2];
    for (slot, item) in xy.iter_mut().zip(items) {
        *slot = item
            .as_f64()
            .filter(|v| v.is_finite())
            .ok_or_else(|| malformed(format!("position {} holds a non-number", short(value))))?;
    }
    let [lon, lat] = crs
        .to_lonlat(xy[0], xy[1])
        .map_err(|e| (ProblemKind::CoordinateOutOfRange, e.to_string()))?;
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        let what = if crs.is_geographic() {
            format!("coordinate ({lon}, {lat}) is outside longitude ±180 / latitude ±90")
        } else {
            format!(
                "coordinate ({}, {}) converts to ({lon}, {lat}), outside the globe",
                xy[0], xy[1]
            )
        };
        return Err((ProblemKind::CoordinateOutOfRange, what));
    }
    Ok([lon, lat])
}

fn array<'a>(value: &'a Value, what: &str) -> Result<&'a Vec<Value>, GeometryError> {
    value
        .as_array()
        .ok_or_else(|| malformed(format!("{what} is not an array: {}", short(value))))
}

/// A linear ring of a polygon, checked for closure and size.
pub fn ring(value: &Value, crs: &SourceCrs, role: &str) -> Result<Ring, GeometryError> {
    let items = array(value, role)?;
    if items.is_empty() {
        return Err(malformed(format!("{role} is empty")));
    }
    let points = items
        .iter()
        .map(|p| position(p, crs))
        .collect::<Result<Vec<_>, _>>()?;
    if points.len() < 4 {
        return Err((
            ProblemKind::RingTooFewPositions,
            format!(
                "{role} has {} positions; a closed ring needs at least 4",
                points.len()
            ),
        ));
    }
    let (first, last) = (points[0], points[points.len() - 1]);
    if first != last {
        return Err((
            ProblemKind::RingNotClosed,
            format!(
                "{role} is not closed: it starts at ({}, {}) and ends at ({}, {})",
                first[0], first[1], last[0], last[1]
            ),
        ));
    }
    let mut distinct: Vec<[f64; 2]> = Vec::new();
    for p in &points {
        if !distinct.contains(p) {
            distinct.push(*p);
            if distinct.len() >= 3 {
                break;
            }
        }
    }
    if distinct.len() < 3 {
        return Err((
            ProblemKind::RingTooFewPoints,
            format!("{role} has fewer than 3 distinct points"),
        ));
    }
    Ok(points)
}

/// Polygon coordinates: an exterior ring and holes.
pub fn polygon(value: &Value, crs: &SourceCrs, what: &str) -> Result<PolygonRings, GeometryError> {
    let rings = array(value, what)?;
    if rings.is_empty() {
        return Err(malformed(format!("{what} has no rings")));
    }
    rings
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let role = if i == 0 {
                format!("{what} exterior ring")
            } else {
                format!("{what} hole {i}")
            };
            ring(r, crs, &role)
        })
        .collect()
}

/// A line string of at least two positions.
pub fn line(value: &Value, crs: &SourceCrs) -> Result<Ring, GeometryError> {
    let items = array(value, "line")?;
    if items.len() < 2 {
        return Err(malformed(format!(
            "a line needs at least 2 positions, this one has {}",
            items.len()
        )));
    }
    items.iter().map(|p| position(p, crs)).collect()
}

/// A geometry object's `type` and `coordinates`.
pub fn type_and_coordinates(geometry: &Value) -> Result<(&str, &Value), GeometryError> {
    let object = geometry
        .as_object()
        .ok_or_else(|| malformed(format!("geometry is not an object: {}", short(geometry))))?;
    let kind = object
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed("geometry has no type"))?;
    let coordinates = object
        .get("coordinates")
        .ok_or_else(|| malformed(format!("{kind} geometry has no coordinates member")))?;
    Ok((kind, coordinates))
}

/// Converts every position of a geometry of any type (for features the program keeps
/// but does not model) from the source CRS to WGS84, in place.
pub fn convert_in_place(geometry: &mut Value, crs: &SourceCrs) -> Result<(), GeometryError> {
    fn walk(value: &mut Value, crs: &SourceCrs) -> Result<(), GeometryError> {
        let Some(items) = value.as_array_mut() else {
            return Ok(());
        };
        if items.first().is_some_and(Value::is_number) {
            let [lon, lat] = position(&Value::Array(items.clone()), crs)?;
            items[0] = round_degrees(lon).into();
            items[1] = round_degrees(lat).into();
            return Ok(());
        }
        items.iter_mut().try_for_each(|item| walk(item, crs))
    }
    if crs.is_geographic() {
        return Ok(());
    }
    if let Some(object) = geometry.as_object_mut() {
        if let Some(coordinates) = object.get_mut("coordinates") {
            walk(coordinates, crs)?;
        }
        if let Some(Value::Array(parts)) = object.get_mut("geometries") {
            for part in parts {
                convert_in_place(part, crs)?;
            }
        }
    }
    Ok(())
}

/// Degrees rounded to 1e-9 (0.1 mm): enough for a round trip within 1 mm, and files
/// without 17-digit noise.
pub fn round_degrees(v: f64) -> f64 {
    (v * 1e9).round() / 1e9
}

/// A value shortened for messages (a huge string must not flood the terminal).
pub fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}
