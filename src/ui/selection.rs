//! What is selected, by id: the inspected parcel or facility and the other selected
//! parcels (shift-click, box). Ids survive edits that shift the plan's `Vec`s (undoing
//! the removal of an earlier parcel), so the inspector never slides onto another parcel;
//! indices are looked up when a frame needs them.

use std::collections::HashSet;

use crate::model::{FacilityId, ParcelId, Plan, StratumId};

/// The thing the inspector shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    Parcel(ParcelId),
    Facility(FacilityId),
}

/// The selection: the inspected thing and the parcels selected besides it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selected {
    /// The inspected parcel or facility.
    pub primary: Option<Selection>,
    /// Parcels selected besides the primary one (shift-click, box).
    pub others: Vec<ParcelId>,
    /// The stratum picked in the 3D view, with its parcel; it counts only while that
    /// parcel is the inspected one.
    pub stratum: Option<(ParcelId, StratumId)>,
    /// Where the selected parcels were found last (`parcel_indices`).
    found_at: FoundAt,
}

/// Indices of the selected parcels found by the last lookup, in `Selected::parcels`
/// order: a frame asks for them several times, and on a city each search is a pass
/// over 100 000 parcels (a cache miss each). Confirmed against the plan before use, so
/// an edit that moved parcels in the list only makes the next lookup search again. Not
/// part of what is selected: clones start empty and it never makes two selections
/// differ.
#[derive(Debug, Default)]
struct FoundAt(std::sync::Mutex<Vec<usize>>);

impl Clone for FoundAt {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl PartialEq for FoundAt {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for FoundAt {}

impl Selected {
    /// The inspected parcel, if a parcel is inspected.
    pub fn parcel(&self) -> Option<&ParcelId> {
        match &self.primary {
            Some(Selection::Parcel(id)) => Some(id),
            _ => None,
        }
    }

    /// The stratum picked in the 3D view, when its parcel is the inspected one.
    pub fn inspected_stratum(&self) -> Option<&StratumId> {
        match &self.stratum {
            Some((parcel, stratum)) if self.parcel() == Some(parcel) => Some(stratum),
            _ => None,
        }
    }

    /// The inspected facility, if a facility is inspected.
    pub fn facility(&self) -> Option<&FacilityId> {
        match &self.primary {
            Some(Selection::Facility(id)) => Some(id),
            _ => None,
        }
    }

    /// All selected parcels: the inspected one first, then the others.
    pub fn parcels(&self) -> Vec<ParcelId> {
        // A set, not `contains` on the list: "select all" on a city is 100k ids.
        let mut seen = HashSet::new();
        self.parcel()
            .into_iter()
            .chain(&self.others)
            .filter(|id| seen.insert(*id))
            .cloned()
            .collect()
    }

    /// Adds parcels to the selection (those not selected yet), the first one inspected
    /// when nothing is.
    pub fn add_parcels(&mut self, ids: impl IntoIterator<Item = ParcelId>) {
        let mut selected: HashSet<ParcelId> = self.parcels().into_iter().collect();
        for id in ids {
            if !selected.insert(id.clone()) {
                continue;
            }
            if self.parcel().is_some() {
                self.others.push(id);
            } else {
                self.primary = Some(Selection::Parcel(id));
            }
        }
    }

    /// Whether a parcel is selected (inspected or besides).
    pub fn contains_parcel(&self, id: &ParcelId) -> bool {
        self.parcel() == Some(id) || self.others.contains(id)
    }

    /// Selects one thing (or nothing), dropping the rest of the selection.
    pub fn select_only(&mut self, selection: Option<Selection>) {
        self.primary = selection;
        self.others.clear();
        self.stratum = None;
    }

    /// Adds a parcel to the selection, or takes it out (shift-click).
    pub fn toggle_parcel(&mut self, id: ParcelId) {
        if self.parcel() == Some(&id) {
            self.primary = self.others.pop().map(Selection::Parcel);
        } else if let Some(k) = self.others.iter().position(|m| *m == id) {
            self.others.remove(k);
        } else if self.parcel().is_some() {
            self.others.push(id);
        } else {
            self.primary = Some(Selection::Parcel(id));
        }
    }

    /// Drops what the plan no longer has (after an edit, an undo).
    pub fn retain_existing(&mut self, plan: &Plan) {
        let exists = match &self.primary {
            Some(Selection::Parcel(_)) => self.parcel_index(plan).is_some(),
            Some(Selection::Facility(id)) => plan.facilities.iter().any(|f| &f.id == id),
            None => true,
        };
        if !exists {
            self.primary = None;
        }
        if !self.others.is_empty() {
            let ids: HashSet<&ParcelId> = plan.parcels.iter().map(|p| &p.id).collect();
            self.others.retain(|id| ids.contains(id));
        }
    }

    /// Where the plan has the inspected parcel now.
    pub fn parcel_index(&self, plan: &Plan) -> Option<usize> {
        let id = self.parcel()?;
        if self.others.len() >= 8 {
            return plan.parcels.iter().position(|p| &p.id == id);
        }
        // The inspected parcel comes first; when the plan lacks it, another does.
        let first = self.parcel_indices(plan).first().copied();
        first.filter(|&i| &plan.parcels[i].id == id)
    }

    /// Where the plan has the inspected facility now.
    pub fn facility_index(&self, plan: &Plan) -> Option<usize> {
        let id = self.facility()?;
        plan.facilities.iter().position(|f| &f.id == id)
    }

    /// Where the plan has every selected parcel now: the inspected one first.
    pub fn parcel_indices(&self, plan: &Plan) -> Vec<usize> {
        let ids = self.parcels();
        if ids.len() <= 8 {
            return self.found_at.find(plan, &ids);
        }
        // A big selection (select all on a city): one pass over the plan.
        let order: std::collections::HashMap<&ParcelId, usize> =
            ids.iter().enumerate().map(|(k, id)| (id, k)).collect();
        let mut found: Vec<(usize, usize)> = plan
            .parcels
            .iter()
            .enumerate()
            .filter_map(|(i, p)| order.get(&p.id).map(|&k| (k, i)))
            .collect();
        found.sort_unstable();
        found.dedup_by_key(|(k, _)| *k);
        found.into_iter().map(|(_, i)| i).collect()
    }
}

impl FoundAt {
    /// Where the plan has `ids` (those it has, in order): the last answer when the plan
    /// still has each id there, otherwise a search (remembered when every id was found).
    fn find(&self, plan: &Plan, ids: &[ParcelId]) -> Vec<usize> {
        let mut last = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let still = last.len() == ids.len()
            && ids
                .iter()
                .zip(last.iter())
                .all(|(id, &i)| plan.parcels.get(i).is_some_and(|p| &p.id == id));
        if still {
            return last.clone();
        }
        let found: Vec<usize> = ids
            .iter()
            .filter_map(|id| plan.parcels.iter().position(|p| &p.id == id))
            .collect();
        *last = if found.len() == ids.len() {
            found.clone()
        } else {
            Vec::new()
        };
        found
    }
}

/// The id of the parcel at an index of the plan (an index a panel or a hit test gave
/// this frame).
pub fn parcel_id(plan: &Plan, index: usize) -> Option<ParcelId> {
    plan.parcels.get(index).map(|p| p.id.clone())
}

/// The id of the facility at an index of the plan.
pub fn facility_id(plan: &Plan, index: usize) -> Option<FacilityId> {
    plan.facilities.get(index).map(|f| f.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_adds_and_removes_parcels_in_order() {
        let (a, b, c) = (ParcelId::new("a"), ParcelId::new("b"), ParcelId::new("c"));
        let mut s = Selected::default();
        s.toggle_parcel(a.clone());
        s.toggle_parcel(b.clone());
        s.toggle_parcel(c.clone());
        assert_eq!(s.parcels(), vec![a.clone(), b.clone(), c.clone()]);
        s.toggle_parcel(b.clone());
        assert_eq!(s.parcels(), vec![a.clone(), c.clone()]);
        s.toggle_parcel(a);
        assert_eq!(s.parcels(), vec![c]);
    }

    #[test]
    fn adding_parcels_keeps_the_selected_and_skips_repeats() {
        let id = |k: usize| ParcelId::new(format!("p{k}"));
        let mut s = Selected::default();
        s.select_only(Some(Selection::Facility(FacilityId::new("f"))));
        s.add_parcels([id(2), id(0), id(2)]);
        assert_eq!(s.primary, Some(Selection::Parcel(id(2))));
        s.add_parcels((0..5).map(id));
        assert_eq!(s.parcels(), vec![id(2), id(0), id(1), id(3), id(4)]);
    }

    #[test]
    fn indices_follow_the_plan_after_parcels_move_in_its_list() {
        use crate::model::{LocalFrame, Parcel, Scenario};
        let mut plan = Plan::new(LocalFrame::new(120.0, 30.0));
        for id in ["a", "b", "c", "d"] {
            let shape = geo::MultiPolygon::new(Vec::new());
            plan.parcels
                .push(Parcel::new(id, Scenario::Proposed, shape));
        }
        let mut s = Selected::default();
        s.add_parcels([ParcelId::new("c"), ParcelId::new("a")]);
        assert_eq!(s.parcel_indices(&plan), [2, 0]);
        assert_eq!(s.parcel_indices(&plan), [2, 0], "the remembered answer");
        plan.parcels.remove(1);
        assert_eq!(s.parcel_indices(&plan), [1, 0]);
        assert_eq!(s.parcel_index(&plan), Some(1));
        // The inspected parcel gone: the index is not another parcel's.
        plan.parcels.remove(1);
        assert_eq!(s.parcel_indices(&plan), [0]);
        assert_eq!(s.parcel_index(&plan), None);
        s.retain_existing(&plan);
        assert_eq!(s.primary, None);
        assert_eq!(s.others, [ParcelId::new("a")]);
    }
}
