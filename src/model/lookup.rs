//! Finding parcels by id without a pass over the plan. On a city a pass is a cache miss
//! per parcel (reaching each id's text), 10–20 ms for 100 000 parcels: too slow for the
//! several lookups one edit's analyses make. [`ParcelLookup`] keeps where each id is,
//! keyed by a hash of the id (so it holds no copy of a city's ids), and follows edits
//! through their [`Changes`]: an edit that only changed parcels in place (a move, new
//! strata) leaves every index valid; one that added, removed or replaced parcels makes
//! the lookup again.
//!
//! Answers are exact: a hit is confirmed against the id at its index, and a plan whose
//! ids are not unique (or two of whose ids share a hash) is searched by a pass, as
//! before.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};

use super::{Changes, Plan};

/// Where each parcel of a plan is, by id.
#[derive(Clone, Debug, Default)]
pub struct ParcelLookup {
    /// Index of the parcel whose id hashes to the key.
    by_hash: FxHashMap<u64, u32>,
    /// Parcels in the plan it was made for.
    len: usize,
    /// Every id of that plan is unique and hashes apart: lookups use the map.
    unique: bool,
}

fn key(id: &str) -> u64 {
    let mut h = FxHasher::default();
    id.hash(&mut h);
    h.finish()
}

impl ParcelLookup {
    /// The lookup of `plan`'s parcels (one pass).
    pub fn new(plan: &Plan) -> Self {
        let mut by_hash =
            FxHashMap::with_capacity_and_hasher(plan.parcels.len(), Default::default());
        let mut unique = u32::try_from(plan.parcels.len()).is_ok();
        for (i, p) in plan.parcels.iter().enumerate() {
            if by_hash.insert(key(p.id.as_str()), i as u32).is_some() {
                unique = false;
                break;
            }
        }
        Self {
            by_hash,
            len: plan.parcels.len(),
            unique,
        }
    }

    /// Follows an edit of `plan` that changed what `changes` lists. Returns whether
    /// every parcel is known to have kept its index (the edit changed parcels only in
    /// place; never known for a plan whose ids repeat); otherwise the lookup is made
    /// again.
    pub fn follow(&mut self, plan: &Plan, changes: &Changes) -> bool {
        let kept = self.unique
            && self.len == plan.parcels.len()
            && changes
                .parcels
                .iter()
                .all(|id| self.placed(plan, id.as_str()));
        if !kept {
            *self = Self::new(plan);
        }
        kept
    }

    /// Every id of the plan it was made for is unique (and hashes apart).
    pub fn is_unique(&self) -> bool {
        self.unique
    }

    /// The map holds `id` at the index where the plan has it.
    fn placed(&self, plan: &Plan, id: &str) -> bool {
        let at = self.by_hash.get(&key(id));
        at.is_some_and(|&i| {
            plan.parcels
                .get(i as usize)
                .is_some_and(|p| p.id.as_str() == id)
        })
    }

    /// The index of the parcel with `id` (the first, if ids repeat); `None` when the
    /// plan has none.
    pub fn index(&self, plan: &Plan, id: &str) -> Option<usize> {
        if !self.unique || self.len != plan.parcels.len() {
            return plan.parcels.iter().position(|p| p.id.as_str() == id);
        }
        let i = *self.by_hash.get(&key(id))? as usize;
        match plan.parcels.get(i) {
            Some(p) if p.id.as_str() == id => Some(i),
            // A hash shared with another id, or a lookup not followed: a pass.
            _ => plan.parcels.iter().position(|p| p.id.as_str() == id),
        }
    }

    /// The indices of every parcel with `id` (more than one only in a plan whose ids
    /// repeat), in plan order.
    pub fn indices(&self, plan: &Plan, id: &str) -> Vec<usize> {
        if self.unique && self.len == plan.parcels.len() {
            return self.index(plan, id).into_iter().collect();
        }
        let found = plan.parcels.iter().enumerate();
        found
            .filter(|(_, p)| p.id.as_str() == id)
            .map(|(i, _)| i)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LocalFrame, Parcel, ParcelId, Scenario};

    fn plan(ids: &[&str]) -> Plan {
        let mut plan = Plan::new(LocalFrame::new(120.0, 30.0));
        for id in ids {
            let shape = geo::MultiPolygon::new(Vec::new());
            plan.parcels
                .push(Parcel::new(id, Scenario::Proposed, shape));
        }
        plan
    }

    fn changes(ids: &[&str]) -> Changes {
        Changes {
            parcels: ids.iter().map(|id| ParcelId::new(*id)).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn finds_every_parcel_and_nothing_else() {
        let p = plan(&["a", "b", "c"]);
        let l = ParcelLookup::new(&p);
        assert_eq!(l.index(&p, "a"), Some(0));
        assert_eq!(l.index(&p, "c"), Some(2));
        assert_eq!(l.index(&p, "d"), None);
        assert_eq!(l.indices(&p, "b"), [1]);
    }

    #[test]
    fn follows_edits_in_place_and_remakes_itself_after_removals_and_replacements() {
        let mut p = plan(&["a", "b", "c"]);
        let mut l = ParcelLookup::new(&p);
        // A move of b: nothing moved in the list.
        assert!(l.follow(&p, &changes(&["b"])));
        // a and c swapped places (not an edit's effect, but caught where named).
        p.parcels.swap(0, 2);
        assert!(!l.follow(&p, &changes(&["a"])));
        assert_eq!(l.index(&p, "a"), Some(2));
        p.parcels.swap(0, 2);
        assert!(!l.follow(&p, &changes(&["c"])));
        // b removed: c is now at 1.
        p.parcels.remove(1);
        assert!(!l.follow(&p, &changes(&["b"])));
        assert_eq!(l.index(&p, "c"), Some(1));
        assert_eq!(l.index(&p, "b"), None);
        // a replaced by x at the same place (one edit: same number of parcels).
        p.parcels[0].id = ParcelId::new("x");
        assert!(!l.follow(&p, &changes(&["a", "x"])));
        assert_eq!(l.index(&p, "x"), Some(0));
        assert_eq!(l.index(&p, "a"), None);
    }

    #[test]
    fn repeated_ids_are_found_by_a_pass() {
        let p = plan(&["a", "b", "a"]);
        let mut l = ParcelLookup::new(&p);
        assert!(!l.is_unique());
        assert_eq!(l.index(&p, "a"), Some(0));
        assert_eq!(l.indices(&p, "a"), [0, 2]);
        assert!(!l.follow(&p, &changes(&["b"])), "never known to be kept");
    }

    #[test]
    fn a_lookup_not_followed_still_answers_right() {
        let mut p = plan(&["a", "b", "c"]);
        let l = ParcelLookup::new(&p);
        p.parcels.swap(0, 2);
        assert_eq!(l.index(&p, "a"), Some(2));
        p.parcels.pop();
        assert_eq!(l.index(&p, "b"), Some(1));
        assert_eq!(l.index(&p, "c"), Some(0));
    }
}
