//! Walking-time areas (isochrones, DESIGN.md *Isochrones and provision*): the points
//! whose distance to the nearest target of a category — or to one facility — by the
//! analysis metric is at most T minutes × the standard's walking speed, approximated on
//! a grid of square cells: a cell is inside when the distance at its centre is; a cell
//! that holds a home point is decided at that point instead, so that every home lies
//! inside a band exactly when `strata analyze` finds it within the band's distance. The
//! cells inside are traced into polygons (shells counter-clockwise, holes clockwise).

use std::collections::HashMap;

use geo::{Coord, LineString, MultiPolygon, Point, Polygon, Rect};
use rayon::prelude::*;

use super::coverage::{Coverage, within};
use super::reach::TargetField;

/// What the distances are measured to.
pub enum Destination<'a> {
    /// The nearest target of a category (index into the coverage's categories).
    Category(usize),
    /// One target.
    Target(&'a TargetField),
}

/// One band: the area within `distance_m`, and who lives there.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub minutes: f64,
    pub distance_m: f64,
    pub area: MultiPolygon<f64>,
    pub homes: usize,
    pub population: f64,
}

/// A grid over a rectangle: `cols × rows` cells of `cell` metres from `origin`.
struct Grid {
    origin: Coord<f64>,
    cell: f64,
    cols: usize,
    rows: usize,
}

impl Grid {
    fn centre(&self, col: usize, row: usize) -> Point<f64> {
        Point::new(
            self.origin.x + (col as f64 + 0.5) * self.cell,
            self.origin.y + (row as f64 + 0.5) * self.cell,
        )
    }

    fn cell_of(&self, p: Point<f64>) -> Option<(usize, usize)> {
        let col = ((p.x() - self.origin.x) / self.cell).floor();
        let row = ((p.y() - self.origin.y) / self.cell).floor();
        let inside = col >= 0.0 && row >= 0.0 && col < self.cols as f64 && row < self.rows as f64;
        inside.then_some((col as usize, row as usize))
    }
}

/// The distance from a point by the coverage's metric to the destination.
fn distance(coverage: &Coverage, to: &Destination, point: Point<f64>) -> Option<f64> {
    match to {
        Destination::Category(c) => coverage.distance_at(*c, point),
        Destination::Target(field) => field.distance(coverage, point, coverage.join(point)),
    }
}

/// The bands of `minutes` (ascending or not; each band holds every point within its own
/// distance) over `extent`, on cells of `cell` metres.
pub fn isochrones(
    coverage: &Coverage,
    to: &Destination,
    minutes: &[f64],
    speed_m_per_min: f64,
    extent: Rect<f64>,
    cell: f64,
) -> Vec<Band> {
    let grid = Grid {
        origin: extent.min(),
        cell,
        cols: (extent.width() / cell).ceil().max(1.0) as usize,
        rows: (extent.height() / cell).ceil().max(1.0) as usize,
    };
    // A cell holding homes is decided at a home (the first in plan order).
    let mut at_home: HashMap<(usize, usize), usize> = HashMap::new();
    for (h, home) in coverage.homes.iter().enumerate() {
        if let Some(key) = grid.cell_of(home.point) {
            at_home.entry(key).or_insert(h);
        }
    }
    let home_distance = |h: usize| -> Option<f64> {
        match to {
            Destination::Category(c) => coverage.nearest[*c][h],
            Destination::Target(_) => distance(coverage, to, coverage.homes[h].point),
        }
    };
    let values: Vec<Option<f64>> = (0..grid.rows)
        .into_par_iter()
        .flat_map_iter(|row| {
            let (grid, at_home) = (&grid, &at_home);
            (0..grid.cols).map(move |col| match at_home.get(&(col, row)) {
                Some(&h) => home_distance(h),
                None => distance(coverage, to, grid.centre(col, row)),
            })
        })
        .collect();
    let home_distances: Vec<Option<f64>> = (0..coverage.homes.len()).map(home_distance).collect();
    minutes
        .iter()
        .map(|&m| {
            let limit = m * speed_m_per_min;
            let filled: Vec<bool> = values
                .iter()
                .map(|d| d.is_some_and(|d| within(d, limit)))
                .collect();
            let (mut homes, mut population) = (0, 0.0);
            for (h, d) in home_distances.iter().enumerate() {
                if d.is_some_and(|d| within(d, limit)) {
                    homes += 1;
                    population += coverage.homes[h].population;
                }
            }
            Band {
                minutes: m,
                distance_m: limit,
                area: trace(&grid, &filled),
                homes,
                population,
            }
        })
        .collect()
}

/// What walking-time areas are of: the nearest target of a category, or one target by
/// its name (a facility id, `parcel/stratum` for a hosted facility, as
/// `strata isochrones --facility` takes it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AreasOf {
    Category(String),
    Facility(String),
}

/// Why walking-time areas cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AreasError {
    /// Not a category of the analysis.
    UnknownCategory(String),
    /// The category has no facility in the scenario.
    NoFacilityOf(String),
    /// No target has this name.
    NoSuchFacility(String),
    /// The scenario has nothing to draw.
    Empty,
}

/// The bands of `minutes` of a category or one target, as `strata isochrones` makes them,
/// over the scenario's extent (a single target: its own box) plus the widest band, on
/// cells of `cell` metres or coarser so that there are at most `max_cells`. Returns the
/// bands and the cell size used; the homes and residents of each band do not depend on
/// the cell size.
pub fn areas(
    plan: &crate::model::Plan,
    coverage: &Coverage,
    of: &AreasOf,
    minutes: &[f64],
    speed_m_per_min: f64,
    cell: f64,
    max_cells: f64,
) -> Result<(Vec<Band>, f64), AreasError> {
    let reach = minutes.iter().fold(0.0, |a: f64, &m| a.max(m)) * speed_m_per_min;
    let grown = |r: Rect<f64>| {
        Rect::new(
            Coord {
                x: r.min().x - reach,
                y: r.min().y - reach,
            },
            Coord {
                x: r.max().x + reach,
                y: r.max().y + reach,
            },
        )
    };
    let (field, extent) = match of {
        AreasOf::Category(id) => {
            let c = coverage
                .categories
                .iter()
                .position(|c| &c.id == id)
                .ok_or_else(|| AreasError::UnknownCategory(id.clone()))?;
            if coverage.targets[c].is_empty() {
                return Err(AreasError::NoFacilityOf(id.clone()));
            }
            let extent = super::heatmap::heat_extent(plan, coverage.scenario, reach)
                .ok_or(AreasError::Empty)?;
            (Err(c), extent)
        }
        AreasOf::Facility(id) => {
            let target = coverage
                .targets
                .iter()
                .flatten()
                .find(|t| super::supply::target_name(&t.source) == *id)
                .ok_or_else(|| AreasError::NoSuchFacility(id.clone()))?;
            let bounds = target.bounding_rect().ok_or(AreasError::Empty)?;
            (Ok(TargetField::new(coverage, target)), grown(bounds))
        }
    };
    let cells = extent.width() * extent.height() / (cell * cell);
    let cell = if cells > max_cells {
        (cell * (cells / max_cells).sqrt()).ceil()
    } else {
        cell
    };
    let to = match &field {
        Ok(field) => Destination::Target(field),
        Err(c) => Destination::Category(*c),
    };
    let bands = isochrones(coverage, &to, minutes, speed_m_per_min, extent, cell);
    Ok((bands, cell))
}

/// Grid vertex `(col, row)` as a key.
type Vertex = (usize, usize);

/// The outlines of the filled cells: each filled cell's edges that border an empty cell,
/// directed with the cell on their left, linked into rings. Where two rings meet at a
/// vertex (cells touching only at a corner) the walk turns left, keeping to the cell it
/// came along, so the cells stay apart and every ring is simple.
fn trace(grid: &Grid, filled: &[bool]) -> MultiPolygon<f64> {
    let at = |col: isize, row: isize| -> bool {
        col >= 0
            && row >= 0
            && (col as usize) < grid.cols
            && (row as usize) < grid.rows
            && filled[row as usize * grid.cols + col as usize]
    };
    let mut out: HashMap<Vertex, Vec<Vertex>> = HashMap::new();
    for row in 0..grid.rows {
        for col in 0..grid.cols {
            if !filled[row * grid.cols + col] {
                continue;
            }
            let (c, r) = (col as isize, row as isize);
            let mut edge = |a: Vertex, b: Vertex| out.entry(a).or_default().push(b);
            if !at(c, r - 1) {
                edge((col, row), (col + 1, row));
            }
            if !at(c + 1, r) {
                edge((col + 1, row), (col + 1, row + 1));
            }
            if !at(c, r + 1) {
                edge((col + 1, row + 1), (col, row + 1));
            }
            if !at(c - 1, r) {
                edge((col, row + 1), (col, row));
            }
        }
    }
    let rings = link_rings(out);
    assemble(grid, rings)
}

/// Links directed edges into closed rings of vertices (first vertex not repeated).
fn link_rings(mut out: HashMap<Vertex, Vec<Vertex>>) -> Vec<Vec<Vertex>> {
    let mut starts: Vec<Vertex> = out.keys().copied().collect();
    starts.sort_unstable();
    let mut rings = Vec::new();
    for start in starts {
        while let Some(first) = out.get_mut(&start).and_then(Vec::pop) {
            let mut ring = vec![start];
            let (mut prev, mut here) = (start, first);
            while here != start {
                ring.push(here);
                let Some(nexts) = out.get_mut(&here) else {
                    break;
                };
                let pick = if nexts.len() > 1 {
                    leftmost(prev, here, nexts)
                } else {
                    0
                };
                let next = nexts.swap_remove(pick);
                (prev, here) = (here, next);
            }
            rings.push(ring);
        }
    }
    rings
}

/// Of the edges leaving `here`, the one turning left of the arrival from `prev`.
fn leftmost(prev: Vertex, here: Vertex, nexts: &[Vertex]) -> usize {
    let d = |a: Vertex, b: Vertex| (b.0 as isize - a.0 as isize, b.1 as isize - a.1 as isize);
    let (ix, iy) = d(prev, here);
    nexts
        .iter()
        .position(|&n| {
            let (ox, oy) = d(here, n);
            ix * oy - iy * ox > 0 // cross product positive: a left turn
        })
        .unwrap_or(0)
}

/// Rings in metres, collinear vertices dropped; counter-clockwise ones are shells, the
/// others holes of the smallest shell around them.
fn assemble(grid: &Grid, rings: Vec<Vec<Vertex>>) -> MultiPolygon<f64> {
    use geo::{Area, Contains};
    let to_world = |(c, r): Vertex| Coord {
        x: grid.origin.x + c as f64 * grid.cell,
        y: grid.origin.y + r as f64 * grid.cell,
    };
    let mut shells: Vec<(Polygon<f64>, f64)> = Vec::new();
    let mut holes: Vec<LineString<f64>> = Vec::new();
    for ring in rings {
        let coords: Vec<Coord<f64>> = simplify(&ring).into_iter().map(to_world).collect();
        let line = LineString::new(coords);
        let signed = Polygon::new(line.clone(), vec![]).signed_area();
        if signed > 0.0 {
            shells.push((Polygon::new(line, vec![]), signed));
        } else {
            holes.push(line);
        }
    }
    for hole in holes {
        // A point just inside the filled cell left of the hole's first edge.
        let (a, b) = (hole.0[0], hole.0[1]);
        let (dx, dy) = ((b.x - a.x).signum(), (b.y - a.y).signum());
        let probe = Point::new(
            (a.x + b.x) / 2.0 - dy * grid.cell / 4.0,
            (a.y + b.y) / 2.0 + dx * grid.cell / 4.0,
        );
        let owner = shells
            .iter()
            .enumerate()
            .filter(|(_, (shell, _))| shell.contains(&probe))
            .min_by(|x, y| x.1.1.total_cmp(&y.1.1))
            .map(|(i, _)| i);
        if let Some(i) = owner {
            shells[i].0.interiors_push(hole);
        }
    }
    MultiPolygon::new(shells.into_iter().map(|(p, _)| p).collect())
}

/// A ring without its collinear vertices, closed (first vertex repeated at the end).
fn simplify(ring: &[Vertex]) -> Vec<Vertex> {
    let n = ring.len();
    let mut kept: Vec<Vertex> = (0..n)
        .filter(|&i| {
            let (p, q, r) = (ring[(i + n - 1) % n], ring[i], ring[(i + 1) % n]);
            let (ax, ay) = (q.0 as isize - p.0 as isize, q.1 as isize - p.1 as isize);
            let (bx, by) = (r.0 as isize - q.0 as isize, r.1 as isize - q.1 as isize);
            ax * by - ay * bx != 0
        })
        .map(|i| ring[i])
        .collect();
    if let Some(&first) = kept.first() {
        kept.push(first);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, Contains};

    fn grid(cols: usize, rows: usize) -> Grid {
        Grid {
            origin: Coord { x: 0.0, y: 0.0 },
            cell: 10.0,
            cols,
            rows,
        }
    }

    /// Traced areas equal the filled cells' area; a ring of cells has a hole; cells
    /// touching at a corner stay two polygons.
    #[test]
    fn tracing_keeps_area_holes_and_corners() {
        let g = grid(3, 3);
        let ring: Vec<bool> = (0..9).map(|i| i != 4).collect();
        let area = trace(&g, &ring);
        assert_eq!(area.0.len(), 1);
        assert_eq!(area.0[0].interiors().len(), 1);
        assert!((area.unsigned_area() - 800.0).abs() < 1e-9);
        assert!(!area.contains(&Point::new(15.0, 15.0)));
        assert!(area.contains(&Point::new(5.0, 5.0)));
        let corners = vec![true, false, false, true];
        let area = trace(&grid(2, 2), &corners);
        assert_eq!(area.0.len(), 2);
        assert!((area.unsigned_area() - 200.0).abs() < 1e-9);
        let checker: Vec<bool> = (0..25).map(|i| (i / 5 + i % 5) % 2 == 0).collect();
        let area = trace(&grid(5, 5), &checker);
        assert_eq!(area.0.len(), 13);
        use geo::Validation;
        assert!(area.is_valid(), "{:?}", area.validation_errors());
    }
}
