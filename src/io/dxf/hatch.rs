//! HATCH boundary paths, read from the file's code pairs: the dxf crate (0.6) does not
//! read HATCH entities (its spec lists HATCH as to do), so their boundaries are taken
//! from the ENTITIES section directly. Polyline paths (with bulges) and edge paths of
//! lines and circular arcs are read; a path with elliptic or spline edges is refused
//! with its reason.

use super::shapes::{arc_points, bulge_points, edge_arc};

/// One HATCH of the model space.
pub struct Hatch {
    pub handle: String,
    pub layer: String,
    /// Its boundary paths as rings (drawing units), or why a path could not be read.
    pub paths: Result<Vec<Vec<[f64; 2]>>, &'static str>,
}

/// The code pairs of a DXF text: (group code, value), lines trimmed.
fn pairs(text: &str) -> impl Iterator<Item = (i32, &str)> {
    let mut lines = text.lines();
    std::iter::from_fn(move || {
        let code = lines.next()?.trim().parse::<i32>().ok()?;
        let value = lines.next()?.trim();
        Some((code, value))
    })
}

/// The HATCH entities of the ENTITIES section, each read with `tolerance` (drawing
/// units) for arcs.
pub fn hatches(text: &str, tolerance: f64) -> Vec<Hatch> {
    let mut out = Vec::new();
    let mut in_entities = false;
    let mut previous: (i32, &str) = (-1, "");
    let mut current: Option<Vec<(i32, &str)>> = None;
    for pair in pairs(text) {
        if pair.0 == 0 {
            if let Some(entity) = current.take() {
                out.push(read_hatch(&entity, tolerance));
            }
            if pair.1 == "ENDSEC" {
                in_entities = false;
            } else if in_entities && pair.1 == "HATCH" {
                current = Some(Vec::new());
            }
        } else if pair.0 == 2 && previous == (0, "SECTION") {
            in_entities = pair.1 == "ENTITIES";
        } else if let Some(entity) = current.as_mut() {
            entity.push(pair);
        }
        previous = pair;
    }
    out
}

/// A cursor over one entity's code pairs.
struct Cursor<'a> {
    pairs: &'a [(i32, &'a str)],
    at: usize,
}

impl<'a> Cursor<'a> {
    /// The value of the next pair when its code is `code`.
    fn take(&mut self, code: i32) -> Option<&'a str> {
        let (c, v) = *self.pairs.get(self.at)?;
        (c == code).then(|| {
            self.at += 1;
            v
        })
    }

    fn number(&mut self, code: i32) -> Option<f64> {
        self.take(code)?
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
    }

    fn count(&mut self, code: i32) -> Option<usize> {
        let n = self.take(code)?.parse::<i64>().ok()?;
        // A count can never exceed the pairs left: a corrupt one must not allocate.
        usize::try_from(n).ok().filter(|&n| n <= self.pairs.len())
    }

    fn point(&mut self, x: i32) -> Option<[f64; 2]> {
        let p = [self.number(x)?, self.number(x + 10)?];
        self.take(x + 20);
        Some(p)
    }
}

fn read_hatch(entity: &[(i32, &str)], tolerance: f64) -> Hatch {
    let value = |code: i32| {
        entity
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, v)| v.to_string())
            .unwrap_or_default()
    };
    let start = entity
        .iter()
        .position(|&(c, v)| c == 100 && v == "AcDbHatch")
        .and_then(|i| {
            entity[i..]
                .iter()
                .position(|(c, _)| *c == 91)
                .map(|j| i + j)
        });
    let paths = match start {
        Some(at) => {
            let mut cursor = Cursor { pairs: entity, at };
            read_paths(&mut cursor, tolerance)
        }
        None => Err("no boundary paths"),
    };
    Hatch {
        handle: value(5),
        layer: value(8),
        paths,
    }
}

fn read_paths(c: &mut Cursor<'_>, tolerance: f64) -> Result<Vec<Vec<[f64; 2]>>, &'static str> {
    const BAD: &str = "malformed boundary path";
    let n = c.count(91).ok_or(BAD)?;
    let mut rings = Vec::new();
    for _ in 0..n {
        let flags = c.take(92).and_then(|v| v.parse::<i64>().ok()).ok_or(BAD)?;
        let ring = if flags & 2 != 0 {
            polyline_path(c, tolerance).ok_or(BAD)?
        } else {
            edge_path(c, tolerance)?
        };
        // Source boundary objects (97, then that many 330 handles).
        if let Some(k) = c.count(97) {
            for _ in 0..k {
                c.take(330);
            }
        }
        rings.push(ring);
    }
    Ok(rings)
}

fn polyline_path(c: &mut Cursor<'_>, tolerance: f64) -> Option<Vec<[f64; 2]>> {
    let has_bulge = c.take(72)? != "0";
    c.take(73);
    let n = c.count(93)?;
    let mut vertices = Vec::new();
    for _ in 0..n {
        let p = [c.number(10)?, c.number(20)?];
        let bulge = if has_bulge {
            c.number(42).unwrap_or(0.0)
        } else {
            0.0
        };
        vertices.push((p, bulge));
    }
    let mut ring = Vec::new();
    for (i, &(p, bulge)) in vertices.iter().enumerate() {
        ring.push(p);
        let next = vertices[(i + 1) % vertices.len()].0;
        ring.extend(bulge_points(p, next, bulge, tolerance));
    }
    Some(ring)
}

fn edge_path(c: &mut Cursor<'_>, tolerance: f64) -> Result<Vec<[f64; 2]>, &'static str> {
    const BAD: &str = "malformed edge path";
    let n = c.count(93).ok_or(BAD)?;
    let mut ring: Vec<[f64; 2]> = Vec::new();
    for _ in 0..n {
        match c.take(72) {
            Some("1") => {
                let a = c.point(10).ok_or(BAD)?;
                let b = c.point(11).ok_or(BAD)?;
                ring.extend([a, b]);
            }
            Some("2") => {
                let centre = c.point(10).ok_or(BAD)?;
                let radius = c.number(40).ok_or(BAD)?;
                let start = c.number(50).ok_or(BAD)?;
                let end = c.number(51).ok_or(BAD)?;
                let ccw = c.take(73).is_none_or(|v| v != "0");
                let (a0, sweep) = edge_arc(start, end, ccw);
                ring.extend(arc_points(centre, radius, a0, sweep, tolerance));
            }
            Some("3") => return Err("elliptic arc edges are not read"),
            Some("4") => return Err("spline edges are not read"),
            _ => return Err(BAD),
        }
    }
    Ok(ring)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_polyline_path_is_read_and_a_corrupt_count_is_refused() {
        let text = "0\nSECTION\n2\nENTITIES\n0\nHATCH\n5\n2A\n8\nL\n100\nAcDbHatch\n2\nSOLID\n\
                    91\n1\n92\n3\n72\n0\n73\n1\n93\n3\n10\n0\n20\n0\n10\n1\n20\n0\n10\n1\n20\n1\n\
                    97\n0\n0\nHATCH\n8\nL\n100\nAcDbHatch\n91\n99999999\n0\nENDSEC\n";
        let found = hatches(text, 0.01);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].handle, "2A");
        assert_eq!(found[0].paths.as_ref().map(|p| p[0].len()), Ok(3));
        assert!(found[1].paths.is_err());
    }
}
