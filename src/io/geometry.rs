//! Reading GeoJSON coordinate arrays with precise errors, and writing them back.
//! Coordinates are checked as they are in the file (ring closure, position count), then
//! converted to WGS84 degrees and checked against the valid range.

use serde_json::Value;

use super::crs::SourceCrs;
use crate::i18n::Message;
use crate::model::ProblemKind;
use crate::model::ProjectionError;
use crate::msg;

/// A problem with a geometry: the kind and what exactly is wrong.
pub type GeometryError = (ProblemKind, Message);

pub type Ring = Vec<[f64; 2]>;
pub type PolygonRings = Vec<Ring>;

/// `f` over `items`, into a list of exactly their number; the first error stops it.
/// (Collecting through `Result` cannot know the number and grows by doubling: a city's
/// rings, polygons and lines kept that spare room for the whole session.)
pub(crate) fn try_map_exact<I, T, E>(
    items: I,
    f: impl FnMut(I::Item) -> Result<T, E>,
) -> Result<Vec<T>, E>
where
    I: IntoIterator,
    I::IntoIter: ExactSizeIterator,
{
    let items = items.into_iter();
    let mut out = Vec::with_capacity(items.len());
    for item in items.map(f) {
        out.push(item?);
    }
    Ok(out)
}

fn malformed(message: Message) -> GeometryError {
    (ProblemKind::MalformedCoordinates, message)
}

/// A projection failure in the chosen language (proj4rs's own reason stays as it is).
pub(crate) fn projection_message(e: &ProjectionError) -> Message {
    match e {
        ProjectionError::Setup(reason) => msg!("read-projection-setup", reason = reason),
        ProjectionError::Point { x, y, reason } => msg!(
            "read-projection-point",
            x = x.to_string(),
            y = y.to_string(),
            reason = reason.clone()
        ),
    }
}

/// A position: an array of two (or three) finite numbers, converted to lon/lat degrees.
pub fn position(value: &Value, crs: &SourceCrs) -> Result<[f64; 2], GeometryError> {
    let items = value
        .as_array()
        .ok_or_else(|| malformed(msg!("read-position-not-array", value = short(value))))?;
    if items.len() < 2 {
        return Err(malformed(msg!(
            "read-position-too-short",
            value = short(value),
            n = items.len().to_string()
        )));
    }
    let mut xy = [0.0; 2];
    for (slot, item) in xy.iter_mut().zip(items) {
        *slot = item
            .as_f64()
            .filter(|v| v.is_finite())
            .ok_or_else(|| malformed(msg!("read-position-non-number", value = short(value))))?;
    }
    lonlat(xy, crs)
}

/// A position's two numbers converted to lon/lat degrees and checked against the range.
pub fn lonlat(xy: [f64; 2], crs: &SourceCrs) -> Result<[f64; 2], GeometryError> {
    let [lon, lat] = crs
        .to_lonlat(xy[0], xy[1])
        .map_err(|e| (ProblemKind::CoordinateOutOfRange, projection_message(&e)))?;
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        let what = if crs.is_geographic() {
            msg!(
                "read-coordinate-range",
                lon = lon.to_string(),
                lat = lat.to_string()
            )
        } else {
            msg!(
                "read-coordinate-range-projected",
                x = xy[0].to_string(),
                y = xy[1].to_string(),
                lon = lon.to_string(),
                lat = lat.to_string()
            )
        };
        return Err((ProblemKind::CoordinateOutOfRange, what));
    }
    Ok([lon, lat])
}

fn array<'a>(value: &'a Value, what: &Message) -> Result<&'a Vec<Value>, GeometryError> {
    value.as_array().ok_or_else(|| {
        malformed(msg!(
            "read-not-array",
            what = what.clone(),
            value = short(value)
        ))
    })
}

/// A linear ring of a polygon, checked for closure and size.
pub fn ring(value: &Value, crs: &SourceCrs, role: &Message) -> Result<Ring, GeometryError> {
    let items = array(value, role)?;
    if items.is_empty() {
        return Err(malformed(msg!("read-ring-empty", role = role.clone())));
    }
    let points = items
        .iter()
        .map(|p| position(p, crs))
        .collect::<Result<Vec<_>, _>>()?;
    if points.len() < 4 {
        return Err((
            ProblemKind::RingTooFewPositions,
            msg!(
                "read-ring-too-few-positions",
                role = role.clone(),
                n = points.len().to_string()
            ),
        ));
    }
    let (first, last) = (points[0], points[points.len() - 1]);
    if first != last {
        return Err((
            ProblemKind::RingNotClosed,
            msg!(
                "read-ring-not-closed",
                role = role.clone(),
                x0 = first[0].to_string(),
                y0 = first[1].to_string(),
                x1 = last[0].to_string(),
                y1 = last[1].to_string(),
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
            msg!("read-ring-too-few-points", role = role.clone()),
        ));
    }
    Ok(points)
}

/// Polygon coordinates: an exterior ring and holes.
pub fn polygon(
    value: &Value,
    crs: &SourceCrs,
    what: &Message,
) -> Result<PolygonRings, GeometryError> {
    let rings = array(value, what)?;
    if rings.is_empty() {
        return Err(malformed(msg!("read-no-rings", what = what.clone())));
    }
    rings
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let role = if i == 0 {
                msg!("frag-seq", a = what.clone(), b = msg!("frag-exterior-ring"))
            } else {
                msg!(
                    "frag-seq",
                    a = what.clone(),
                    b = msg!("frag-hole", n = i.to_string())
                )
            };
            ring(r, crs, &role)
        })
        .collect()
}

/// A line string of at least two positions.
pub fn line(value: &Value, crs: &SourceCrs) -> Result<Ring, GeometryError> {
    let items = array(value, &msg!("frag-line"))?;
    if items.len() < 2 {
        return Err(malformed(msg!(
            "read-line-too-short",
            n = items.len().to_string()
        )));
    }
    items.iter().map(|p| position(p, crs)).collect()
}

/// A geometry object's `type` and `coordinates`.
pub fn type_and_coordinates(geometry: &Value) -> Result<(&str, &Value), GeometryError> {
    let object = geometry
        .as_object()
        .ok_or_else(|| malformed(msg!("read-geometry-not-object", value = short(geometry))))?;
    let kind = object
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed(msg!("read-geometry-no-type")))?;
    let coordinates = object
        .get("coordinates")
        .ok_or_else(|| malformed(msg!("read-geometry-no-coordinates", kind = kind)))?;
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

/// Whether a ring's converted positions pass the checks of [`ring`] (size, closure,
/// three distinct points). The fast reader tests with it; a ring that fails is read again
/// by [`ring`], which words the problem.
pub fn ring_is_valid(points: &[[f64; 2]]) -> bool {
    if points.len() < 4 || points.first() != points.last() {
        return false;
    }
    let mut distinct: Vec<[f64; 2]> = Vec::with_capacity(3);
    for p in points {
        if !distinct.contains(p) {
            distinct.push(*p);
            if distinct.len() >= 3 {
                return true;
            }
        }
    }
    false
}
