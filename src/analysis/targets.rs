//! Targets: where each life-circle category can be reached. Point facilities; facilities
//! hosted in a stratum (`facilities`), reached at the parcel boundary; and parks derived
//! from park green (1401) by its area, also reached at the boundary.

use geo::{BoundingRect, Distance, Euclidean, MultiPolygon, Point, Rect};
use rstar::{AABB, PointDistance, RTree, RTreeObject};

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

impl Target {
    /// Straight-line distance from a point to this target (0 inside an area).
    pub fn distance(&self, p: &Point<f64>) -> f64 {
        match &self.shape {
            TargetShape::Point(q) => Euclidean.distance(p, q),
            TargetShape::Area(area) => Euclidean.distance(p, area),
        }
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

/// A target in an R-tree: its box, and exact distance for nearest-neighbour queries.
pub struct IndexedTarget {
    pub index: usize,
    envelope: AABB<[f64; 2]>,
    shape: TargetShape,
}

impl RTreeObject for IndexedTarget {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        self.envelope
    }
}

impl PointDistance for IndexedTarget {
    fn distance_2(&self, point: &[f64; 2]) -> f64 {
        let p = Point::new(point[0], point[1]);
        let d = match &self.shape {
            TargetShape::Point(q) => Euclidean.distance(&p, q),
            TargetShape::Area(area) => Euclidean.distance(&p, area),
        };
        d * d
    }
}

/// Nearest-target queries for one category.
pub struct TargetIndex {
    tree: RTree<IndexedTarget>,
}

impl TargetIndex {
    pub fn new(targets: &[Target]) -> Self {
        let items = targets
            .iter()
            .enumerate()
            .filter_map(|(index, t)| {
                let r = t.bounding_rect()?;
                Some(IndexedTarget {
                    index,
                    envelope: AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    shape: t.shape.clone(),
                })
            })
            .collect();
        Self {
            tree: RTree::bulk_load(items),
        }
    }

    /// The nearest target and its straight-line distance.
    pub fn nearest(&self, p: Point<f64>) -> Option<(usize, f64)> {
        self.tree
            .nearest_neighbor_iter_with_distance_2(&[p.x(), p.y()])
            .next()
            .map(|(t, d2)| (t.index, d2.sqrt()))
    }

    /// Indices of targets whose boxes intersect a rectangle.
    pub fn in_rect(&self, min: [f64; 2], max: [f64; 2]) -> impl Iterator<Item = usize> + '_ {
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_corners(min, max))
            .map(|t| t.index)
    }

    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }
}
