//! The bounding boxes of every parcel's footprints (its shape's and its strata's own), by
//! parcel id, in an R-tree kept up to date edit by edit: the re-check finds a changed
//! parcel's neighbours among them instead of bounding every parcel of the plan again
//! (on a city of 32-corner parcels that scan was most of a re-check's time).

use geo::{BoundingRect, Rect};
use rayon::prelude::*;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

use crate::model::{Parcel, Plan, Scenario};

/// A box and the scenario and id of the parcel it bounds (the id shared by the parcel's
/// boxes and its key: a city's copies of it were a fifth of the editor's problems).
type Entry = GeomWithData<Rectangle<[f64; 2]>, (Scenario, Arc<str>)>;

#[derive(Clone, Default)]
pub(super) struct ParcelBoxes {
    tree: RTree<Entry>,
    /// Each id's entries, to take them out of the tree when the parcel changes.
    by_id: FxHashMap<Arc<str>, Vec<Entry>>,
}

impl std::fmt::Debug for ParcelBoxes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ParcelBoxes({} boxes)", self.tree.size())
    }
}

impl ParcelBoxes {
    /// The boxes of every parcel of `plan`.
    pub fn of(plan: &Plan) -> Self {
        let entries: Vec<Vec<Entry>> = plan.parcels.par_iter().map(entries_of).collect();
        let mut by_id: FxHashMap<Arc<str>, Vec<Entry>> = FxHashMap::default();
        for (parcel, entries) in plan.parcels.iter().zip(&entries) {
            let key = match entries.first() {
                Some(entry) => Arc::clone(&entry.data.1),
                None => Arc::from(parcel.id.as_str()),
            };
            by_id
                .entry(key)
                .or_default()
                .extend(entries.iter().cloned());
        }
        Self {
            tree: RTree::bulk_load(entries.into_iter().flatten().collect()),
            by_id,
        }
    }

    /// Brings the boxes of the parcels with `ids` up to date: `changed` are the parcels
    /// of the plan that carry one of them now (none for a removed parcel).
    pub fn update(&mut self, ids: &FxHashSet<&str>, changed: &[(usize, &Parcel)]) {
        for id in ids {
            for entry in self.by_id.remove(*id).unwrap_or_default() {
                self.tree.remove(&entry);
            }
        }
        for (_, parcel) in changed {
            for entry in entries_of(parcel) {
                self.tree.insert(entry.clone());
                self.by_id
                    .entry(Arc::clone(&entry.data.1))
                    .or_default()
                    .push(entry);
            }
        }
    }

    /// The ids of the parcels of `scenario` with a box touching one of `rects` (edges
    /// that meet count), an id once for each box.
    pub fn touching(&self, scenario: Scenario, rects: &[Rect<f64>]) -> Vec<&str> {
        rects
            .iter()
            .flat_map(|r| {
                let envelope = AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
                self.tree.locate_in_envelope_intersecting(&envelope)
            })
            .filter(|entry| entry.data.0 == scenario)
            .map(|entry| &*entry.data.1)
            .collect()
    }
}

/// The boxes of a parcel's footprints: its shape's and its strata's own (which may reach
/// outside the parcel).
fn footprint_rects(parcel: &Parcel) -> impl Iterator<Item = Rect<f64>> + '_ {
    let own = parcel
        .strata
        .iter()
        .filter_map(|s| s.footprint.as_ref()?.bounding_rect());
    parcel.shape.bounding_rect().into_iter().chain(own)
}

fn entries_of(parcel: &Parcel) -> Vec<Entry> {
    let id: Arc<str> = Arc::from(parcel.id.as_str());
    footprint_rects(parcel)
        .map(|r| {
            Entry::new(
                Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                (parcel.scenario, Arc::clone(&id)),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LocalFrame;
    use geo::{MultiPolygon, coord};

    fn square(id: &str, x: f64, scenario: Scenario) -> Parcel {
        let r = Rect::new(coord! {x: x, y: 0.0}, coord! {x: x + 10.0, y: 10.0});
        Parcel::new(id, scenario, MultiPolygon::new(vec![r.to_polygon()]))
    }

    fn rect(x0: f64, x1: f64) -> Rect<f64> {
        Rect::new(coord! {x: x0, y: 2.0}, coord! {x: x1, y: 3.0})
    }

    #[test]
    fn finds_touching_parcels_of_a_scenario_and_follows_moves_and_removals() {
        let mut plan = Plan::new(LocalFrame::new(120.0, 30.0));
        plan.parcels = vec![
            square("a", 0.0, Scenario::Proposed),
            square("b", 10.0, Scenario::Proposed),
            square("c", 10.0, Scenario::Existing),
            square("d", 30.0, Scenario::Proposed),
        ];
        let mut boxes = ParcelBoxes::of(&plan);
        let ids = |s: Vec<&str>| {
            let mut v: Vec<String> = s.into_iter().map(str::to_owned).collect();
            v.sort();
            v.dedup();
            v
        };
        // Edges that meet touch (a ends where b begins).
        assert_eq!(
            ids(boxes.touching(Scenario::Proposed, &[rect(9.0, 10.0)])),
            ["a", "b"]
        );
        assert_eq!(
            ids(boxes.touching(Scenario::Existing, &[rect(9.0, 10.0)])),
            ["c"]
        );
        assert!(
            boxes
                .touching(Scenario::Proposed, &[rect(21.0, 29.0)])
                .is_empty()
        );
        // d moves next to a's left side; b is removed.
        plan.parcels[3] = square("d", -20.0, Scenario::Proposed);
        plan.parcels.remove(1);
        let changed: Vec<(usize, &Parcel)> = vec![(2, &plan.parcels[2])];
        boxes.update(&FxHashSet::from_iter(["d", "b"]), &changed);
        assert_eq!(
            ids(boxes.touching(Scenario::Proposed, &[rect(-11.0, 12.0)])),
            ["a", "d"]
        );
        assert!(
            boxes
                .touching(Scenario::Proposed, &[rect(30.0, 40.0)])
                .is_empty()
        );
        assert_eq!(boxes.tree.size(), 3);
        // As built anew.
        let fresh = ParcelBoxes::of(&plan);
        assert_eq!(fresh.tree.size(), boxes.tree.size());
    }
}
