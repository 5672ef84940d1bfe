//! A bulk-loaded R-tree (rstar) of bounding boxes, each carrying the index of the item it
//! bounds. Used for candidate pairs (rights conflicts) and nearest-street queries.

use geo::{BoundingRect, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

type Entry = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// The distance from `p` to the box `r` (0 inside): a lower bound of the distance to
/// anything the box bounds.
pub fn rect_distance(r: Rect<f64>, p: geo::Point<f64>) -> f64 {
    let (dx, dy) = rect_offsets(&r, &p);
    dx.hypot(dy)
}

/// The square of [`rect_distance`] (no square root, for comparing with a squared limit).
pub fn rect_distance_squared(r: &Rect<f64>, p: &geo::Point<f64>) -> f64 {
    let (dx, dy) = rect_offsets(r, p);
    dx * dx + dy * dy
}

/// How far `p` is outside `r` along x and along y (0 within its span).
fn rect_offsets(r: &Rect<f64>, p: &geo::Point<f64>) -> (f64, f64) {
    let dx = (r.min().x - p.x()).max(p.x() - r.max().x).max(0.0);
    let dy = (r.min().y - p.y()).max(p.y() - r.max().y).max(0.0);
    (dx, dy)
}

/// An R-tree of boxes tagged with item indices.
pub struct BoxIndex {
    tree: RTree<Entry>,
}

impl BoxIndex {
    /// Bulk-loads the boxes of `items` (items without a box are left out).
    pub fn new<T: BoundingRect<f64>>(items: &[T]) -> Self
    where
        T::Output: Into<Option<Rect<f64>>>,
    {
        Self::from_rects(items.iter().map(|item| item.bounding_rect().into()))
    }

    /// Bulk-loads boxes given in order; `None` entries are skipped but keep their index.
    pub fn from_rects(rects: impl Iterator<Item = Option<Rect<f64>>>) -> Self {
        let entries = rects
            .enumerate()
            .filter_map(|(i, rect)| {
                let rect = rect?;
                let (min, max) = (rect.min(), rect.max());
                Some(Entry::new(
                    Rectangle::from_corners([min.x, min.y], [max.x, max.y]),
                    i,
                ))
            })
            .collect();
        Self {
            tree: RTree::bulk_load(entries),
        }
    }

    /// Indices of items whose boxes intersect `rect`.
    pub fn intersecting(&self, rect: Rect<f64>) -> impl Iterator<Item = usize> + '_ {
        let (min, max) = (rect.min(), rect.max());
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_corners([min.x, min.y], [max.x, max.y]))
            .map(|e| e.data)
    }

    /// Indices of items whose boxes come within `distance` of `point`.
    pub fn within(&self, point: [f64; 2], distance: f64) -> impl Iterator<Item = usize> + '_ {
        self.tree
            .locate_within_distance(point, distance * distance)
            .map(|e| e.data)
    }

    /// Moves item `index` from box `old` to box `new` (after an edit of its geometry).
    pub fn replace(&mut self, index: usize, old: Rect<f64>, new: Rect<f64>) {
        let entry = |r: Rect<f64>| {
            Entry::new(
                Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                index,
            )
        };
        self.tree.remove(&entry(old));
        self.tree.insert(entry(new));
    }

    pub fn len(&self) -> usize {
        self.tree.size()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Rect, coord};

    #[test]
    fn finds_overlapping_and_near_boxes() {
        let rects = [
            Rect::new(coord! {x: 0.0, y: 0.0}, coord! {x: 10.0, y: 10.0}),
            Rect::new(coord! {x: 20.0, y: 0.0}, coord! {x: 30.0, y: 10.0}),
        ];
        let index = BoxIndex::new(&rects);
        let hits: Vec<_> = index
            .intersecting(Rect::new(coord! {x: 5.0, y: 5.0}, coord! {x: 6.0, y: 6.0}))
            .collect();
        assert_eq!(hits, vec![0]);
        let mut near: Vec<_> = index.within([15.0, 5.0], 5.0).collect();
        near.sort();
        assert_eq!(near, vec![0, 1]);
        assert!(index.within([15.0, 5.0], 4.9).next().is_none());
        let mut index = index;
        index.replace(
            0,
            rects[0],
            Rect::new(coord! {x: 100.0, y: 0.0}, coord! {x: 110.0, y: 10.0}),
        );
        assert_eq!(index.len(), 2);
        let moved: Vec<_> = index.within([105.0, 5.0], 0.0).collect();
        assert_eq!(moved, vec![0]);
        assert!(index.within([5.0, 5.0], 0.0).next().is_none());
    }
}
