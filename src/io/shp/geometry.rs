//! The geometry of a Shapefile (`.shp` located through its `.shx`) as GeoJSON geometry
//! values in the file's own coordinates. Each record's bytes are cut out of the file and
//! its part and point counts checked against them before the `shapefile` crate parses
//! it, so a lying count is an error naming the record, never a huge allocation.

use std::io::Cursor;

use serde_json::{Value, json};
use shapefile::{ReadableShape, Shape};

use crate::i18n::Message;
use crate::msg;

const HEADER: usize = 100;

fn be_i32(bytes: &[u8], at: usize) -> i64 {
    i64::from(i32::from_be_bytes([
        bytes[at],
        bytes[at + 1],
        bytes[at + 2],
        bytes[at + 3],
    ]))
}

fn le_i32(bytes: &[u8], at: usize) -> i64 {
    i64::from(i32::from_le_bytes([
        bytes[at],
        bytes[at + 1],
        bytes[at + 2],
        bytes[at + 3],
    ]))
}

/// Checks a main-file or index header (file code 9994).
fn check_header(bytes: &[u8], file: &str) -> Result<(), Message> {
    if bytes.len() < HEADER {
        return Err(msg!(
            "shp-err-file",
            file = file,
            reason = msg!("shp-err-short")
        ));
    }
    if be_i32(bytes, 0) != 9994 {
        return Err(msg!(
            "shp-err-file",
            file = file,
            reason = msg!("shp-err-not-shapefile")
        ));
    }
    Ok(())
}

/// The record offsets and lengths (bytes) of the index.
pub fn index(shx: &[u8], file: &str) -> Result<Vec<(usize, usize)>, Message> {
    check_header(shx, file)?;
    let body = &shx[HEADER..];
    if !body.len().is_multiple_of(8) {
        return Err(msg!(
            "shp-err-file",
            file = file,
            reason = msg!(
                "shp-err-truncated-at",
                record = (body.len() / 8 + 1).to_string()
            )
        ));
    }
    body.chunks_exact(8)
        .enumerate()
        .map(|(i, entry)| {
            let (offset, length) = (be_i32(entry, 0), be_i32(entry, 4));
            if offset < 50 || length < 2 {
                return Err(msg!(
                    "shp-err-record",
                    file = file,
                    record = (i + 1).to_string(),
                    reason = msg!("shp-err-index-entry")
                ));
            }
            Ok((offset as usize * 2, length as usize * 2))
        })
        .collect()
}

/// Every record's geometry (GeoJSON, `null` for a null shape), in the order of the index.
pub fn read(shp: &[u8], index: &[(usize, usize)], file: &str) -> Result<Vec<Value>, Message> {
    check_header(shp, file)?;
    index
        .iter()
        .enumerate()
        .map(|(i, &(offset, length))| {
            let bad = |reason: Message| {
                msg!(
                    "shp-err-record",
                    file = file,
                    record = (i + 1).to_string(),
                    reason = reason
                )
            };
            let start = offset + 8;
            let content = shp
                .get(start..start.saturating_add(length))
                .ok_or_else(|| bad(msg!("shp-err-truncated")))?;
            if be_i32(shp, offset + 4) * 2 != length as i64 {
                return Err(bad(msg!("shp-err-length-mismatch")));
            }
            check_counts(content).map_err(bad)?;
            let shape = Shape::read_from(&mut Cursor::new(content), length as i32)
                .map_err(|e| bad(msg!("text-as-is", text = e.to_string())))?;
            geometry(shape).map_err(bad)
        })
        .collect()
}

/// The bytes a multipart or multipoint record needs for the counts it states.
fn check_counts(content: &[u8]) -> Result<(), Message> {
    if content.len() < 4 {
        return Err(msg!("shp-err-truncated"));
    }
    let shape_type = le_i32(content, 0);
    // Only the x/y pairs are counted (the z and m parts are optional in practice): enough
    // to bound every allocation by the record's size.
    let point_bytes = 16;
    let multipart = match shape_type {
        3 | 5 | 13 | 15 | 23 | 25 => true,
        8 | 18 | 28 => false,
        31 => return Err(msg!("shp-err-multipatch")),
        _ => return Ok(()),
    };
    let counts_at = 36;
    let needed = |parts: i64, points: i64| -> i64 {
        counts_at as i64 + if multipart { 8 + 4 * parts } else { 4 } + point_bytes * points
    };
    if content.len() < counts_at + 8 {
        return Err(msg!("shp-err-truncated"));
    }
    let (parts, points) = if multipart {
        (le_i32(content, counts_at), le_i32(content, counts_at + 4))
    } else {
        (0, le_i32(content, counts_at))
    };
    if parts < 0 || points < 0 || needed(parts, points) > content.len() as i64 {
        return Err(msg!(
            "shp-err-counts",
            parts = parts.to_string(),
            points = points.to_string()
        ));
    }
    Ok(())
}

fn xy(x: f64, y: f64) -> Result<Value, Message> {
    if x.is_finite() && y.is_finite() {
        Ok(json!([x, y]))
    } else {
        Err(msg!("shp-err-not-finite"))
    }
}

fn line(points: impl Iterator<Item = (f64, f64)>) -> Result<Vec<Value>, Message> {
    points.map(|(x, y)| xy(x, y)).collect()
}

fn lines(parts: Vec<Vec<(f64, f64)>>) -> Result<Value, Message> {
    let mut out = parts
        .into_iter()
        .map(|p| line(p.into_iter()).map(Value::Array))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(if out.len() == 1 {
        json!({ "type": "LineString", "coordinates": out.remove(0) })
    } else {
        json!({ "type": "MultiLineString", "coordinates": out })
    })
}

fn points(all: Vec<(f64, f64)>) -> Result<Value, Message> {
    let mut coords = line(all.into_iter())?;
    Ok(if coords.len() == 1 {
        json!({ "type": "Point", "coordinates": coords.remove(0) })
    } else {
        json!({ "type": "MultiPoint", "coordinates": coords })
    })
}

fn geometry(shape: Shape) -> Result<Value, Message> {
    macro_rules! pts {
        ($s:expr) => {
            $s.points().iter().map(|p| (p.x, p.y)).collect::<Vec<_>>()
        };
    }
    macro_rules! parts {
        ($s:expr) => {
            $s.parts()
                .iter()
                .map(|part| part.iter().map(|p| (p.x, p.y)).collect())
                .collect::<Vec<Vec<(f64, f64)>>>()
        };
    }
    macro_rules! rings {
        ($s:expr) => {
            $s.rings()
                .iter()
                .map(|r| r.points().iter().map(|p| (p.x, p.y)).collect())
                .collect::<Vec<Vec<(f64, f64)>>>()
        };
    }
    match shape {
        Shape::NullShape => Ok(Value::Null),
        Shape::Point(p) => points(vec![(p.x, p.y)]),
        Shape::PointM(p) => points(vec![(p.x, p.y)]),
        Shape::PointZ(p) => points(vec![(p.x, p.y)]),
        Shape::Multipoint(s) => points(pts!(s)),
        Shape::MultipointM(s) => points(pts!(s)),
        Shape::MultipointZ(s) => points(pts!(s)),
        Shape::Polyline(s) => lines(parts!(s)),
        Shape::PolylineM(s) => lines(parts!(s)),
        Shape::PolylineZ(s) => lines(parts!(s)),
        Shape::Polygon(s) => polygons(rings!(s)),
        Shape::PolygonM(s) => polygons(rings!(s)),
        Shape::PolygonZ(s) => polygons(rings!(s)),
        Shape::Multipatch(_) => Err(msg!("shp-err-multipatch")),
    }
}

/// Twice the signed area (shoelace); negative for clockwise rings in a y-up frame.
fn signed_area2(ring: &[(f64, f64)]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum()
}

/// Whether `p` lies inside `ring` (even-odd ray casting).
fn inside(ring: &[(f64, f64)], p: (f64, f64)) -> bool {
    let mut odd = false;
    for w in ring.windows(2) {
        let ((x1, y1), (x2, y2)) = (w[0], w[1]);
        if (y1 > p.1) != (y2 > p.1) && p.0 < x1 + (p.1 - y1) / (y2 - y1) * (x2 - x1) {
            odd = !odd;
        }
    }
    odd
}

/// Rings grouped into polygons by the Shapefile rule: outer rings run clockwise, holes
/// counter-clockwise; a hole belongs to the smallest outer ring around it. A hole that no
/// outer ring contains (a writer that got the orientation wrong) is taken as an outer
/// ring, and a record of counter-clockwise rings only as outer rings, as GDAL does.
pub fn polygons(rings: Vec<Vec<(f64, f64)>>) -> Result<Value, Message> {
    let rings: Vec<_> = rings.into_iter().filter(|r| r.len() >= 2).collect();
    let (mut outers, mut holes): (Vec<_>, Vec<_>) =
        rings.into_iter().partition(|r| signed_area2(r) < 0.0);
    if outers.is_empty() {
        std::mem::swap(&mut outers, &mut holes);
    }
    let mut groups: Vec<Vec<Vec<(f64, f64)>>> = outers.into_iter().map(|r| vec![r]).collect();
    for hole in holes {
        let owner = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| hole.iter().any(|&p| inside(&g[0], p)))
            .min_by(|a, b| {
                signed_area2(&a.1[0])
                    .abs()
                    .total_cmp(&signed_area2(&b.1[0]).abs())
            })
            .map(|(i, _)| i);
        match owner {
            Some(i) => groups[i].push(hole),
            None => groups.push(vec![hole]),
        }
    }
    let mut coords = groups
        .into_iter()
        .map(|g| {
            g.into_iter()
                .map(|r| line(r.into_iter()).map(Value::Array))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(match coords.len() {
        0 => Value::Null,
        1 => json!({ "type": "Polygon", "coordinates": coords.remove(0) }),
        _ => json!({ "type": "MultiPolygon", "coordinates": coords }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, size: f64, clockwise: bool) -> Vec<(f64, f64)> {
        let mut r = vec![
            (x0, y0),
            (x0 + size, y0),
            (x0 + size, y0 + size),
            (x0, y0 + size),
            (x0, y0),
        ];
        if clockwise {
            r.reverse();
        }
        r
    }

    #[test]
    fn holes_go_to_the_outer_ring_around_them() {
        let value = polygons(vec![
            square(0.0, 0.0, 10.0, true),
            square(20.0, 0.0, 10.0, true),
            square(22.0, 2.0, 2.0, false),
            square(2.0, 2.0, 2.0, false),
        ])
        .expect("grouped");
        assert_eq!(value["type"], "MultiPolygon");
        let parts = value["coordinates"].as_array().expect("parts");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].as_array().map(Vec::len), Some(2));
        assert_eq!(parts[0][1][0], json!([2.0, 2.0]));
        assert_eq!(parts[1][1][0], json!([22.0, 2.0]));
    }

    #[test]
    fn counter_clockwise_only_rings_are_outer_rings() {
        let value = polygons(vec![square(0.0, 0.0, 1.0, false)]).expect("one");
        assert_eq!(value["type"], "Polygon");
    }

    #[test]
    fn lying_counts_are_refused_before_parsing() {
        let mut content = vec![0u8; 44];
        content[0] = 5;
        content[36..40].copy_from_slice(&1i32.to_le_bytes());
        content[40..44].copy_from_slice(&i32::MAX.to_le_bytes());
        assert!(check_counts(&content).is_err());
    }
}
