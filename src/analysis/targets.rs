//! Targets: where each life-circle category can be reached. Point facilities; facilities
//! hosted in a stratum (`facilities`), reached at the parcel boundary; and parks derived
//! from park green (1401) by its area, also reached at the boundary.

use geo::{BoundingRect, MultiPolygon, Point, Rect};

use super::GridIndex;
use crate::model::{Facility, FacilityId, Parcel, ParcelId, Plan, Scenario, Standard, StratumId};

/// What a target is, for explanations ("nearest kindergarten: f-12").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TargetSource {
    Facility(FacilityId),
    /// Hosted in a stratum of a parcel.
    Hosted {
        parcel: ParcelId,
        stratum: StratumId,
    },
    /// A park: the park green of a parcel.
    Park {
        parcel: ParcelId,
    },
}

impl TargetSource {
    /// The parcel whose boundary the target is reached at, if any.
    pub fn parcel(&self) -> Option<&ParcelId> {
        match self {
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
    // The least square, rooted once: √ is monotonic and correctly rounded, so this is
    // the least of the edges' distances to the bit.
    let mut best = f64::INFINITY;
    let mut inside = false;
    for polygon in &area.0 {
        let mut crossings = 0usize;
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            for edge in ring.lines() {
                let (a, b) = (edge.start, edge.end);
                best = best.min(segment_distance_squared(x, y, a, b));
                if (a.y > y) != (b.y > y) && x < a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y) {
                    crossings += 1;
                }
            }
        }
        inside |= crossings % 2 == 1;
    }
    if inside { 0.0 } else { best.sqrt() }
}

/// The square of [`point_distance`] from (x, y) to the segment a–b.
fn segment_distance_squared(x: f64, y: f64, a: geo::Coord<f64>, b: geo::Coord<f64>) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (((x - a.x) * dx + (y - a.y) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (ex, ey) = (x - (a.x + t * dx), y - (a.y + t * dy));
    ex * ex + ey * ey
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
pub fn park_area(p: &Parcel) -> f64 {
    p.strata
        .iter()
        .map(|s| p.stratum_area(s).m2() * s.share_of_class("1401"))
        .fold(0.0, f64::max)
}

/// Targets of every category of the standard (in the standard's order) for a scenario.
pub fn targets(plan: &Plan, scenario: Scenario, standard: &Standard) -> Vec<Vec<Target>> {
    let mut by_category: Vec<Vec<Target>> = vec![Vec::new(); standard.categories.len()];
    for facility in plan.facilities_in(scenario) {
        if let Some((c, target)) = facility_target(facility, standard) {
            by_category[c].push(target);
        }
    }
    use rayon::prelude::*;
    let hosted: Vec<(usize, Target)> = plan
        .parcels
        .par_iter()
        .filter(|p| p.scenario == scenario)
        .flat_map_iter(|parcel| parcel_targets(parcel, standard))
        .collect();
    for (c, target) in hosted {
        by_category[c].push(target);
    }
    by_category
}

fn category_index(standard: &Standard, id: &str) -> Option<usize> {
    standard.categories.iter().position(|c| c.id == id)
}

/// The target of a point facility, with its category index.
pub fn facility_target(facility: &Facility, standard: &Standard) -> Option<(usize, Target)> {
    let c = category_index(standard, &facility.category)?;
    Some((
        c,
        Target {
            source: TargetSource::Facility(facility.id.clone()),
            shape: TargetShape::Point(facility.position),
        },
    ))
}

/// Targets a parcel provides: facilities hosted in its strata, and parks its park green
/// is large enough for.
pub fn parcel_targets(parcel: &Parcel, standard: &Standard) -> Vec<(usize, Target)> {
    let mut found = Vec::new();
    let hosts_or_green = parcel
        .strata
        .iter()
        .any(|s| !s.facilities.is_empty() || s.share_of_class("1401") > 0.0);
    if !hosts_or_green {
        return found; // most parcels: no allocation, no area computed
    }
    for stratum in &parcel.strata {
        for category in &stratum.facilities {
            if let Some(c) = category_index(standard, category) {
                found.push((
                    c,
                    Target {
                        source: TargetSource::Hosted {
                            parcel: parcel.id.clone(),
                            stratum: stratum.id.clone(),
                        },
                        shape: TargetShape::Area(parcel.shape.clone()),
                    },
                ));
            }
        }
    }
    let area = park_area(parcel);
    if area > 0.0 {
        for (c, category) in standard.categories.iter().enumerate() {
            let big_enough = category.park
                && standard
                    .tier(&category.tier)
                    .is_some_and(|t| area >= t.park_min_area_m2);
            if big_enough {
                found.push((
                    c,
                    Target {
                        source: TargetSource::Park {
                            parcel: parcel.id.clone(),
                        },
                        shape: TargetShape::Area(parcel.shape.clone()),
                    },
                ));
            }
        }
    }
    found
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
