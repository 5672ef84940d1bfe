//! A drawing's lines as an underlay sees them (issue 19): every model-space polyline,
//! line, arc, circle and hatch boundary of every layer, curves as chords within the
//! tolerance, in metres of the drawing's CRS (unit and offset applied). Closed
//! polylines, circles and hatch paths are also listed as rings, for tracing. Texts,
//! blocks and points are not lines and are only counted.

use ::dxf::entities::EntityType;

use super::import::{Units, polyline_points};
use super::shapes::{arc_points, clean_ring};
use super::{DxfImportOptions, hatch, model_space, source};
use crate::i18n::Message;
use crate::msg;

/// The lines of a drawing, in metres of its CRS.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Linework {
    /// Polylines to draw (a closed one ends where it starts).
    pub lines: Vec<Vec<[f64; 2]>>,
    /// Closed rings (closed polylines, circles, hatch paths), without the closing repeat.
    pub rings: Vec<Vec<[f64; 2]>>,
    /// Entities that are not lines (texts, blocks, points…), left out.
    pub skipped: usize,
}

/// How to read a drawing's lines: its unit, offset, chord tolerance and text encoding
/// (the fields of [`DxfImportOptions`] that concern geometry).
pub fn linework(path: &std::path::Path, options: &DxfImportOptions) -> Result<Linework, Message> {
    let bytes = source::file_bytes(path)?;
    let shown = path.display().to_string();
    linework_bytes(&bytes, options)
        .map_err(|reason| msg!("dxf-err-file", path = shown, reason = reason))
}

/// The lines of a drawing's bytes (see [`linework`]); the error does not name the file.
pub fn linework_bytes(bytes: &[u8], options: &DxfImportOptions) -> Result<Linework, Message> {
    let source = source::read_bytes(bytes, options.encoding.as_deref())?;
    let units = Units::of(options);
    let mut out = Linework::default();
    for entity in model_space(&source.drawing) {
        match &entity.specific {
            EntityType::LwPolyline(p) => {
                let vertices: Vec<_> = p.vertices.iter().map(|v| ([v.x, v.y], v.bulge)).collect();
                out.add(
                    polyline_points(&vertices, p.is_closed(), &units),
                    p.is_closed(),
                );
            }
            EntityType::Polyline(p) if !(p.is_3d_polygon_mesh() || p.is_polyface_mesh()) => {
                let vertices: Vec<_> = p
                    .vertices()
                    .map(|v| ([v.location.x, v.location.y], v.bulge))
                    .collect();
                out.add(
                    polyline_points(&vertices, p.is_closed(), &units),
                    p.is_closed(),
                );
            }
            EntityType::Line(l) => out.add(
                vec![
                    units.metres([l.p1.x, l.p1.y]),
                    units.metres([l.p2.x, l.p2.y]),
                ],
                false,
            ),
            EntityType::Arc(a) => {
                let (a0, sweep) = super::shapes::edge_arc(a.start_angle, a.end_angle, true);
                let centre = [a.center.x, a.center.y];
                let points = arc_points(centre, a.radius, a0, sweep, units.tolerance);
                out.add(points.into_iter().map(|p| units.metres(p)).collect(), false);
            }
            EntityType::Circle(c) => {
                let centre = [c.center.x, c.center.y];
                let points = arc_points(
                    centre,
                    c.radius,
                    0.0,
                    std::f64::consts::TAU,
                    units.tolerance,
                );
                out.add(points.into_iter().map(|p| units.metres(p)).collect(), true);
            }
            _ => out.skipped += 1,
        }
    }
    if let Some(text) = source.text.as_deref() {
        for h in hatch::hatches(text, units.tolerance) {
            for path in h.paths.unwrap_or_default() {
                out.add(path.into_iter().map(|p| units.metres(p)).collect(), true);
            }
        }
    }
    Ok(out)
}

impl Linework {
    /// Adds a line; a closed one is also a ring when it has three distinct points.
    fn add(&mut self, points: Vec<[f64; 2]>, closed: bool) {
        if points.len() < 2
            || points
                .iter()
                .any(|p| !(p[0].is_finite() && p[1].is_finite()))
        {
            self.skipped += 1;
            return;
        }
        if closed && let Some(ring) = clean_ring(points.clone()) {
            let mut line = ring.clone();
            line.push(ring[0]);
            self.lines.push(line);
            self.rings.push(ring);
            return;
        }
        self.lines.push(points);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal ASCII DXF (R12 style) of the given entities.
    fn dxf(entities: &str) -> Vec<u8> {
        format!("0\nSECTION\n2\nENTITIES\n{entities}0\nENDSEC\n0\nEOF\n").into_bytes()
    }

    #[test]
    fn polylines_lines_and_circles_become_lines_and_rings_in_metres() {
        let square = "0\nLWPOLYLINE\n8\nA\n90\n4\n70\n1\n10\n0\n20\n0\n10\n1000\n20\n0\n10\n1000\n20\n2000\n10\n0\n20\n2000\n";
        let line = "0\nLINE\n8\nB\n10\n0\n20\n0\n30\n0\n11\n500\n21\n500\n31\n0\n";
        let circle = "0\nCIRCLE\n8\nB\n10\n0\n20\n0\n30\n0\n40\n1000\n";
        let text = "0\nTEXT\n8\nB\n10\n0\n20\n0\n30\n0\n40\n1\n1\nhi\n";
        let options = DxfImportOptions {
            unit_scale: 0.001,
            offset: [100.0, 200.0],
            ..DxfImportOptions::default()
        };
        let work = linework_bytes(&dxf(&format!("{square}{line}{circle}{text}")), &options)
            .expect("reads");
        assert_eq!(work.lines.len(), 3);
        assert_eq!(work.rings.len(), 2);
        assert_eq!(work.skipped, 1);
        // Millimetres to metres, then the offset.
        assert_eq!(
            work.rings[0],
            vec![
                [100.0, 200.0],
                [101.0, 200.0],
                [101.0, 202.0],
                [100.0, 202.0]
            ]
        );
        assert_eq!(work.lines[0].last(), Some(&[100.0, 200.0]), "closed line");
        assert_eq!(work.lines[1], vec![[100.0, 200.0], [100.5, 200.5]]);
        // The circle (1 m radius) as chords within 1 cm.
        let circle = &work.rings[1];
        assert!(circle.len() > 8);
        for p in circle {
            let r = (p[0] - 100.0).hypot(p[1] - 200.0);
            assert!((r - 1.0).abs() < 1e-9, "{r}");
        }
    }

    #[test]
    fn a_file_that_is_not_dxf_is_refused() {
        assert!(linework_bytes(b"hello", &DxfImportOptions::default()).is_err());
    }
}
