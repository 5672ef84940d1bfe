//! A DXF drawing as an underlay (issue 19): its lines read with the DXF reader
//! (`io::dxf::linework`; the entry gives the CRS, unit, origin and encoding a drawing
//! does not carry), projected once into the plan's local frame, and indexed by bounding
//! box so that painting a view and finding the ring under a click cost what is near, not
//! what the drawing holds. Painted as thin anti-aliased lines into any output grid.

use std::path::Path;

use geo::{Coord, Intersects, LineString, Point, Polygon};
use rstar::RTree;
use rstar::primitives::{GeomWithData, Rectangle};
use tiny_skia::{LineCap, Paint, PathBuilder, Pixmap, Stroke, Transform};

use super::warp::{OutputGrid, Painted};
use super::{BasemapError, resolve_path};
use crate::io::SourceCrs;
use crate::io::dxf::{DxfImportOptions, Linework, linework};
use crate::model::{Basemap, FrameProjector, bbox_of};
use crate::msg;

/// Colour of CAD lines: a dark slate, distinct from parcel outlines (grey) and the
/// selection (blue).
pub const LINE_RGB: [u8; 3] = [40, 70, 120];

type Boxed = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// A drawing's lines and rings in plan metres, with their bounding-box indexes.
pub struct CadDrawing {
    lines: Vec<Vec<[f64; 2]>>,
    rings: Vec<Vec<[f64; 2]>>,
    /// Ring areas (m²), to pick the smallest ring under a click.
    areas: Vec<f64>,
    line_boxes: RTree<Boxed>,
    ring_boxes: RTree<Boxed>,
    extent: [f64; 4],
}

impl std::fmt::Debug for CadDrawing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "CadDrawing({} lines, {} rings)",
            self.lines.len(),
            self.rings.len()
        )
    }
}

/// Whether an entry is a CAD drawing (by its extension).
pub fn is_cad(entry: &Basemap) -> bool {
    !entry.is_url()
        && Path::new(&entry.source)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("dxf"))
}

/// Reads the entry's drawing and projects it into the plan's frame. A drawing has no
/// CRS: the entry must name one.
pub fn open(
    entry: &Basemap,
    plan_dir: &Path,
    frame: &FrameProjector,
) -> Result<CadDrawing, BasemapError> {
    let path = resolve_path(&entry.source, plan_dir);
    if !path.is_file() {
        return Err(BasemapError::Missing(path));
    }
    let crs_error = |reason| BasemapError::Crs {
        path: path.clone(),
        reason,
    };
    let name = entry
        .crs
        .as_deref()
        .ok_or_else(|| crs_error(msg!("basemap-err-cad-crs")))?;
    let crs = SourceCrs::from_name(name).map_err(crs_error)?;
    let unit_scale = match entry
        .unit
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("m") => 1.0,
        Some("mm") => 0.001,
        Some(other) => {
            return Err(BasemapError::Unsupported {
                what: format!("{} (unit {other:?}: m or mm)", entry.source),
            });
        }
    };
    let options = DxfImportOptions {
        unit_scale,
        offset: entry.origin.unwrap_or([0.0, 0.0]),
        encoding: entry.encoding.clone(),
        ..DxfImportOptions::default()
    };
    let work = linework(&path, &options).map_err(BasemapError::Drawing)?;
    let gcj02 = super::declared_gcj02(entry)?;
    let to_plan = |[x, y]: [f64; 2]| -> Option<[f64; 2]> {
        let [lon, lat] = crs.to_lonlat(x, y).ok()?;
        let [lon, lat] = if gcj02 {
            super::gcj02::to_wgs84(lon, lat)
        } else {
            [lon, lat]
        };
        frame.to_local(lon, lat).ok()
    };
    Ok(CadDrawing::new(&work, to_plan))
}

fn boxed(b: [f64; 4], index: usize) -> Boxed {
    GeomWithData::new(Rectangle::from_corners([b[0], b[1]], [b[2], b[3]]), index)
}

/// Shoelace area, unsigned.
fn area(ring: &[[f64; 2]]) -> f64 {
    let n = ring.len();
    let twice: f64 = (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum();
    twice.abs() / 2.0
}

impl CadDrawing {
    /// The drawing's lines taken into plan metres by `to_plan`; a line with a point
    /// that cannot be projected is left out.
    pub fn new(work: &Linework, to_plan: impl Fn([f64; 2]) -> Option<[f64; 2]>) -> Self {
        let project = |line: &Vec<[f64; 2]>| -> Option<Vec<[f64; 2]>> {
            line.iter().map(|&p| to_plan(p)).collect()
        };
        let lines: Vec<Vec<[f64; 2]>> = work.lines.iter().filter_map(project).collect();
        let rings: Vec<Vec<[f64; 2]>> = work.rings.iter().filter_map(project).collect();
        let areas = rings.iter().map(|r| area(r)).collect();
        let index = |items: &[Vec<[f64; 2]>]| {
            RTree::bulk_load(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, l)| bbox_of(l).map(|b| boxed(b, i)))
                    .collect(),
            )
        };
        let line_boxes = index(&lines);
        let ring_boxes = index(&rings);
        let extent = bbox_of(&lines.concat()).unwrap_or([0.0; 4]);
        Self {
            lines,
            rings,
            areas,
            line_boxes,
            ring_boxes,
            extent,
        }
    }

    /// Every line, in plan metres (a closed one ends where it starts).
    pub fn lines(&self) -> &[Vec<[f64; 2]>] {
        &self.lines
    }

    /// The closed rings (closed polylines, circles, hatch paths), without the closing
    /// repeat.
    pub fn rings(&self) -> &[Vec<[f64; 2]>] {
        &self.rings
    }

    /// The extent of the lines (west, south, east, north), plan metres.
    pub fn extent(&self) -> [f64; 4] {
        self.extent
    }

    /// The smallest ring that contains `at` or has it on its boundary (plan metres).
    pub fn ring_at(&self, at: [f64; 2]) -> Option<&[[f64; 2]]> {
        let point = Point::new(at[0], at[1]);
        self.ring_boxes
            .locate_all_at_point(&at)
            .map(|g| g.data)
            .filter(|&i| {
                let ring: Vec<Coord<f64>> = self.rings[i]
                    .iter()
                    .map(|p| Coord { x: p[0], y: p[1] })
                    .collect();
                Polygon::new(LineString::new(ring), vec![]).intersects(&point)
            })
            .min_by(|&a, &b| self.areas[a].total_cmp(&self.areas[b]))
            .map(|i| self.rings[i].as_slice())
    }

    /// The lines whose bounding box meets `bbox` (west, south, east, north).
    pub fn lines_in(&self, bbox: [f64; 4]) -> impl Iterator<Item = &[[f64; 2]]> {
        let envelope = rstar::AABB::from_corners([bbox[0], bbox[1]], [bbox[2], bbox[3]]);
        self.line_boxes
            .locate_in_envelope_intersecting(&envelope)
            .map(|g| self.lines[g.data].as_slice())
    }

    /// The lines over `grid`, one pixel wide, anti-aliased; `None` when none is there.
    pub fn paint(&self, grid: &OutputGrid) -> Option<Painted> {
        let mut pixmap = Pixmap::new(grid.width, grid.height)?;
        let south = grid.north - f64::from(grid.height) / grid.pixels_per_meter;
        let east = grid.west + f64::from(grid.width) / grid.pixels_per_meter;
        let mut builder = PathBuilder::new();
        let px = |p: [f64; 2]| {
            (
                ((p[0] - grid.west) * grid.pixels_per_meter) as f32,
                ((grid.north - p[1]) * grid.pixels_per_meter) as f32,
            )
        };
        let mut any = false;
        for line in self.lines_in([grid.west, south, east, grid.north]) {
            let mut points = line.iter().map(|&p| px(p));
            let Some((x, y)) = points.next() else {
                continue;
            };
            builder.move_to(x, y);
            for (x, y) in points {
                builder.line_to(x, y);
            }
            any = true;
        }
        let path = builder.finish().filter(|_| any)?;
        let mut paint = Paint::default();
        let [r, g, b] = LINE_RGB;
        paint.set_color_rgba8(r, g, b, 255);
        paint.anti_alias = true;
        let stroke = Stroke {
            width: 1.0,
            line_cap: LineCap::Butt,
            ..Stroke::default()
        };
        pixmap.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
        let rgba = pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect();
        Some(Painted {
            rgba,
            width: grid.width,
            height: grid.height,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawing() -> CadDrawing {
        let outer = vec![[0.0, 0.0], [100.0, 0.0], [100.0, 100.0], [0.0, 100.0]];
        let inner = vec![[10.0, 10.0], [30.0, 10.0], [30.0, 30.0], [10.0, 30.0]];
        let close = |r: &Vec<[f64; 2]>| {
            let mut l = r.clone();
            l.push(r[0]);
            l
        };
        let work = Linework {
            lines: vec![
                close(&outer),
                close(&inner),
                vec![[0.0, 50.0], [100.0, 50.0]],
            ],
            rings: vec![outer, inner],
            skipped: 0,
        };
        // A shift stands for the projection.
        CadDrawing::new(&work, |[x, y]| Some([x + 1000.0, y]))
    }

    #[test]
    fn the_smallest_ring_under_a_point_is_found_boundary_included() {
        let d = drawing();
        assert_eq!(d.ring_at([1020.0, 20.0]).map(<[_]>::len), Some(4));
        assert_eq!(
            d.ring_at([1020.0, 20.0]).map(|r| r[0]),
            Some([1010.0, 10.0])
        );
        assert_eq!(d.ring_at([1060.0, 60.0]).map(|r| r[0]), Some([1000.0, 0.0]));
        assert_eq!(
            d.ring_at([1030.0, 20.0]).map(|r| r[0]),
            Some([1010.0, 10.0])
        );
        assert_eq!(d.ring_at([1200.0, 20.0]), None);
        assert_eq!(d.extent(), [1000.0, 0.0, 1100.0, 100.0]);
    }

    #[test]
    fn lines_are_painted_where_they_are_and_nowhere_else() {
        let d = drawing();
        // 1 px per metre over the drawing, 20 m of margin.
        let grid = OutputGrid {
            west: 980.0,
            north: 120.0,
            pixels_per_meter: 1.0,
            width: 140,
            height: 140,
        };
        let painted = d.paint(&grid).expect("lines");
        let alpha = |x: u32, y: u32| painted.rgba[((y * 140 + x) * 4 + 3) as usize];
        // The line y = 50 runs along the boundary between rows 69 and 70.
        assert!(alpha(60, 69) > 0 && alpha(60, 70) > 0);
        assert_eq!(alpha(60, 60), 0);
        assert_eq!(alpha(5, 5), 0, "outside the drawing");
        let away = OutputGrid {
            west: 5000.0,
            ..grid
        };
        assert!(d.paint(&away).is_none());
    }
}
