//! Targets: where each life-circle category can be reached. Point facilities; facilities
//! hosted in a stratum (`facilities`), reached at the parcel boundary; and parks derived
//! from park green (1401) by its area, also reached at the boundary.

use geo::{BoundingRect, MultiPolygon, Point, Rect};

use super::GridIndex;
use crate::model::{Plan, Scenario, Standard};

/// What a target is, for explanations ("nearest kindergarten: f-12").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TargetSource {
    /// `plan.facilities[i]`.
    Facility(usize),
    /// Hosted in `plan.parcels[parcel].strata[stratum]`.
    Hosted { parcel: usize, stratum: usize },
    /// A park: park green of `plan.parcels[parcel]`.
    Park { parcel: usize },
}

impl TargetSource {
    /// The parcel whose boundary the target is reached at, if any.
    pub fn parcel(&self) -> Option<usize> {
        match *self {
            TargetSource::Facility(_) => None,
            TargetSource::Hosted { parcel, .. } | TargetSource::Park { parcel } => Some(parcel),
        }
    }
}

/// The geometry a target is reached at.
#[derive(Clone, Debug, PartialEq)]
pub enum TargetShape {
    Point(Point<f64>),
    /// A parcel polygon: reached at its boundary (distance 0 inside).
    Area(MultiPolygon<f64>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub source: TargetSource,
    pub shape: TargetShape,
}

impl TargetShape {
    /// Straight-line distance from a point (0 inside an area).
    pub fn distance(&self, p: &Point<f64>) -> f64 {
        match self {
            TargetShape::Point(q) => point_distance(p.x() - q.x(), p.y() - q.y()),
            TargetShape::Area(area) => area_distance(p, area),
        }
    }
}

/// Distance from a point to a polygon area: 0 inside or on the boundary, else to the
/// nearest edge. (Written out because geo's general predicate is several times slower
/// and this runs a million times per analysis.)
pub fn area_distance(p: &Point<f64>, area: &MultiPolygon<f64>) -> f64 {
    let (x, y) = (p.x(), p.y());
    let mut best = f64::INFINITY;
    let mut inside = false;
    for polygon in &area.0 {
        let mut crossings = 0usize;
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            for edge in ring.lines() {
                let (a, b) = (edge.start, edge.end);
                best = best.min(segment_distance(x, y, a, b));
                if (a.y > y) != (b.y > y) && x < a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y) {
                    crossings += 1;
                }
            }
        }
        inside |= crossings % 2 == 1;
    }
    if inside { 0.0 } else { best }
}

fn segment_distance(x: f64, y: f64, a: geo::Coord<f64>, b: geo::Coord<f64>) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (((x - a.x) * dx + (y - a.y) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    point_distance(x - (a.x + t * dx), y - (a.y + t * dy))
}

/// √(dx² + dy²): `hypot` guards against overflow that plan metres cannot reach, at
/// several times the cost, in the innermost loop of every analysis.
#[inline]
pub fn point_distance(dx: f64, dy: f64) -> f64 {
    (dx * dx + dy * dy).sqrt()
}

impl Target {
    /// Straight-line distance from a point to this target (0 inside an area).
    pub fn distance(&self, p: &Point<f64>) -> f64 {
        self.shape.distance(p)
    }

    pub fn bounding_rect(&self) -> Option<Rect<f64>> {
        match &self.shape {
            TargetShape::Point(q) => Some(q.bounding_rect()),
            TargetShape::Area(area) => area.bounding_rect(),
        }
    }
}

/// Park area of a parcel: the largest footprint × share of park green (1401) over its
/// strata (a roof park counts: Wenzhou's sports park on the plant).
pub fn park_area(plan: &Plan, parcel: usize) -> f64 {
    let p = &plan.parcels[parcel];
    p.strata
        .iter()
        .map(|s| p.stratum_area(s).m2() * s.share_of_class("1401"))
        .fold(0.0, f64::max)
}

/// Targets of every category of the standard (in the standard's order) for a scenario.
pub fn targets(plan: &Plan, scenario: Scenario, standard: &Standard) -> Vec<Vec<Target>> {
    let mut by_category: Vec<Vec<Target>> = vec![Vec::new(); standard.categories.len()];
    let index_of = |id: &str| standard.categories.iter().position(|c| c.id == id);
    for (i, facility) in plan.facilities.iter().enumerate() {
        if facility.scenario != scenario {
            continue;
        }
        if let Some(c) = index_of(&facility.category) {
            by_category[c].push(Target {
                source: TargetSource::Facility(i),
                shape: TargetShape::Point(facility.position),
            });
        }
    }
    for (pi, parcel) in plan.parcels.iter().enumerate() {
        if parcel.scenario != scenario {
            continue;
        }
        for (si, stratum) in parcel.strata.iter().enumerate() {
            for category in &stratum.facilities {
                if let Some(c) = index_of(category) {
                    by_category[c].push(Target {
                        source: TargetSource::Hosted {
                            parcel: pi,
                            stratum: si,
                        },
                        shape: TargetShape::Area(parcel.shape.clone()),
                    });
                }
            }
        }
        let area = park_area(plan, pi);
        if area > 0.0 {
            for (c, category) in standard.categories.iter().enumerate() {
                let big_enough = category.park
                    && standard
                        .tier(&category.tier)
                        .is_some_and(|t| area >= t.park_min_area_m2);
                if big_enough {
                    by_category[c].push(Target {
                        source: TargetSource::Park { parcel: pi },
                        shape: TargetShape::Area(parcel.shape.clone()),
                    });
                }
            }
        }
    }
    by_category
}

/// Nearest-target queries for one category (a uniform grid: see [`GridIndex`]).
pub struct TargetIndex {
    grid: GridIndex,
    shapes: Vec<TargetShape>,
}

impl TargetIndex {
    pub fn new(targets: &[Target]) -> Self {
        let empty = Rect::new(
            geo::coord! { x: f64::NAN, y: f64::NAN },
            geo::coord! { x: f64::NAN, y: f64::NAN },
        );
        let boxes: Vec<Rect<f64>> = targets
            .iter()
            .map(|t| t.bounding_rect().unwrap_or(empty))
            .collect();
        Self {
            grid: GridIndex::new(&boxes, 2.0),
            shapes: targets.iter().map(|t| t.shape.clone()).collect(),
        }
    }

    /// The nearest target and its straight-line distance ([`Target::distance`]).
    pub fn nearest(&self, p: Point<f64>) -> Option<(usize, f64)> {
        self.grid
            .nearest(p.x(), p.y(), |i| self.shapes[i].distance(&p))
    }

    /// [`Self::nearest`] for many points (same answers, several times faster).
    pub fn nearest_many(&self, points: &[(f64, f64)]) -> Vec<Option<(usize, f64)>> {
        self.grid
            .nearest_many(points, |i, x, y| self.shapes[i].distance(&Point::new(x, y)))
    }

    pub fn is_empty(&self) -> bool {
        self.grid.is_empty()
    }
}
