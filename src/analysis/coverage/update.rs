//! Coverage after an edit ([`Coverage::update`]): only what the change can reach is
//! computed again — the categories whose targets changed (for every home) and the changed
//! homes (for every category) — with the same result as [`Coverage::compute`] on the
//! edited plan (`tests/core/incremental.rs`).

use crate::analysis::network::Join;

use geo::Point;
use rayon::prelude::*;

use super::{CategoryNetwork, Coverage, Updated, category_network_of, target_joins};
use crate::analysis::IdSet;
use crate::analysis::homes::{Home, home};
use crate::analysis::index::rect_distance;
use crate::analysis::targets::{
    Target, TargetIndex, TargetSource, facility_target, parcel_targets,
};
use crate::model::{Changes, Facility, Plan, Scenario, Standard};

impl Coverage {
    /// Brings the analysis up to date after an edit, recomputing only what the change can
    /// reach: the categories whose targets changed (for every home), and the changed homes
    /// (for every category). The result equals [`Coverage::compute`] on the edited plan.
    pub fn update(&mut self, plan: &Plan, standard: &Standard, changes: &Changes) -> Updated {
        self.update_with(plan, standard, changes, None)
    }

    /// A what-if without touching the plan: the analysis as it would be with `moved` (a
    /// facility of the plan, by id) where `moved` has it, e.g. a facility held in a drag.
    /// The same incremental update as [`Coverage::update`]; updating afterwards with the
    /// facility's id (or with any edit's changes plus that id) brings the analysis back
    /// to the plan.
    pub fn update_what_if(
        &mut self,
        plan: &Plan,
        standard: &Standard,
        moved: &Facility,
    ) -> Updated {
        let changes = Changes {
            facilities: vec![moved.id.clone()],
            ..Default::default()
        };
        self.update_with(plan, standard, &changes, Some(moved))
    }

    /// [`Coverage::update`], reading the facility `moved` (if any) in place of the plan's
    /// facility with its id.
    fn update_with(
        &mut self,
        plan: &Plan,
        standard: &Standard,
        changes: &Changes,
        moved: Option<&Facility>,
    ) -> Updated {
        if changes.streets && self.network.is_some() {
            *self = Self::compute(plan, self.scenario, standard, self.options.clone());
            return Updated {
                categories: (0..self.categories.len()).collect(),
                homes: true,
                network: true,
                regions: Vec::new(),
            };
        }
        let in_place = self.lookup.follow(plan, changes);
        let mut changed: Vec<usize> = changes
            .parcels
            .iter()
            .flat_map(|id| self.lookup.indices(plan, id.as_str()))
            .collect();
        changed.sort_unstable();
        changed.dedup();
        let edit = Edit {
            plan,
            standard,
            changes,
            moved,
            scenario: self.scenario,
            changed,
            in_place,
        };
        let touched = self.touched_categories(&edit);
        let kept_joins = self.kept_joins(&touched, changes);
        let (mut regions, removed) = self.take_changed_targets(&touched, changes);
        self.add_changed_targets(&edit, &touched, &mut regions);
        let homes_changed = !changes.parcels.is_empty();
        let homes = if homes_changed {
            match self.homes_in_place(&edit) {
                Some(slots) => NewHomes::InPlace(slots),
                None => NewHomes::Rebuilt(self.update_homes(&edit)),
            }
        } else {
            NewHomes::Rebuilt(Vec::new())
        };
        self.update_category_networks(&touched, kept_joins);
        if homes_changed {
            match homes {
                NewHomes::InPlace(slots) => {
                    self.nearest_in_place(&touched, &slots, &removed, changes)
                }
                NewHomes::Rebuilt(keep) => {
                    self.nearest = self.nearest_for_new_homes(&touched, &keep, &removed, changes)
                }
            }
        } else {
            self.update_nearest_of_touched(&touched, &removed, changes);
        }
        Updated {
            categories: touched,
            homes: homes_changed,
            network: false,
            regions,
        }
    }

    /// Categories an edit touches: where the changed features' targets were, and where
    /// they are now (a facility whose kind changed leaves one category for another).
    fn touched_categories(&self, edit: &Edit) -> Vec<usize> {
        let mut touched = vec![false; self.categories.len()];
        for (c, targets) in self.targets.iter().enumerate() {
            touched[c] |= targets.iter().any(|t| edit.changed(t));
        }
        for facility in edit.changed_facilities() {
            if let Some((c, _)) = facility_target(facility, edit.standard) {
                touched[c] = true;
            }
        }
        for parcel in edit.changed_parcels() {
            for (c, _) in parcel_targets(parcel, edit.standard) {
                touched[c] = true;
            }
        }
        (0..touched.len()).filter(|&c| touched[c]).collect()
    }

    /// Removes the changed features' targets from the touched categories; returns their
    /// bounding boxes (the regions whose distances may change) and the targets, by
    /// category, for [`Self::nearest_after_swap`].
    fn take_changed_targets(
        &mut self,
        touched: &[usize],
        changes: &Changes,
    ) -> (Regions, Vec<(usize, Target)>) {
        let mut regions = Vec::new();
        let mut removed: Vec<(usize, Target)> = Vec::new();
        for &c in touched {
            regions.extend(
                self.targets[c]
                    .iter()
                    .filter(|t| is_changed(t, changes))
                    .filter_map(|t| t.bounding_rect().map(|r| (c, r))),
            );
            removed.extend(
                self.targets[c]
                    .iter()
                    .filter(|t| is_changed(t, changes))
                    .map(|t| (c, t.clone())),
            );
        }
        for &c in touched {
            self.targets[c].retain(|t| !is_changed(t, changes));
        }
        (regions, removed)
    }

    /// Adds the changed features' targets as they are now, adds their bounding boxes to
    /// `regions` and rebuilds the touched categories' indexes.
    fn add_changed_targets(&mut self, edit: &Edit, touched: &[usize], regions: &mut Regions) {
        for facility in edit.changed_facilities() {
            if let Some((c, target)) = facility_target(facility, edit.standard) {
                self.targets[c].push(target);
            }
        }
        for parcel in edit.changed_parcels() {
            for (c, target) in parcel_targets(parcel, edit.standard) {
                self.targets[c].push(target);
            }
        }
        for &c in touched {
            regions.extend(
                self.targets[c]
                    .iter()
                    .filter(|t| edit.changed(t))
                    .filter_map(|t| t.bounding_rect().map(|r| (c, r))),
            );
            self.indexes[c] = TargetIndex::new(&self.targets[c]);
        }
    }

    /// Rebuilds the homes in plan order, keeping unchanged ones (and their network
    /// joins) and rebuilding changed ones. Returns, for every new home, the index of the
    /// old home it keeps (`None` for a rebuilt one), so that its distances can be kept.
    fn update_homes(&mut self, edit: &Edit) -> Vec<Option<usize>> {
        // Where each home of the edited plan comes from: a kept one's old index, or
        // `None` for a changed parcel's (made anew).
        let changed = IdSet::new(edit.changes.parcels.iter().map(|id| id.as_str()));
        let sources: Vec<(Option<usize>, &crate::model::Parcel)> = {
            let mut old = OldHomes::new(&self.homes, &changed);
            let parcels = edit.plan.parcels_in(edit.scenario);
            parcels
                .filter_map(|p| match changed.contains(p.id.as_str()) {
                    true => Some((None, p)),
                    false => old.index_of(p).map(|i| (Some(i), p)),
                })
                .collect()
        };
        // Kept homes are moved over, not copied (a city's homes each own their id).
        let mut old_homes: Vec<Option<Home>> = std::mem::take(&mut self.homes)
            .into_iter()
            .map(Some)
            .collect();
        let mut keep: Vec<Option<usize>> = Vec::with_capacity(sources.len());
        let mut homes = Vec::with_capacity(sources.len());
        for (source, parcel) in sources {
            // An old home taken already (parcels sharing an id, in a broken plan) is
            // made anew.
            let kept = source.and_then(|i| Some((old_homes[i].take()?, i)));
            let (h, source) = match kept {
                Some((h, i)) => (Some(h), Some(i)),
                None => (home(parcel, edit.standard), None),
            };
            if let Some(h) = h {
                homes.push(h);
                keep.push(source);
            }
        }
        self.homes = homes;
        if let Some(state) = &mut self.network {
            let old_joins = std::mem::take(&mut state.home_joins);
            state.home_joins = self
                .homes
                .iter()
                .zip(&keep)
                .map(|(h, k)| match k {
                    Some(i) => old_joins[*i],
                    None => state.network.join(h.point, self.off_network_m),
                })
                .collect();
        }
        keep
    }

    /// The network joins of the touched categories' targets the edit keeps, in target
    /// order (before the changed targets are taken out); nothing without a network.
    fn kept_joins(&self, touched: &[usize], changes: &Changes) -> Vec<Vec<Vec<Join>>> {
        let Some(state) = &self.network else {
            return Vec::new();
        };
        touched
            .iter()
            .map(|&c| {
                let joins = state.categories[c].joins.iter().zip(&self.targets[c]);
                joins
                    .filter(|(_, t)| !is_changed(t, changes))
                    .map(|(j, _)| j.clone())
                    .collect()
            })
            .collect()
    }

    /// Recomputes the network side (joins and junction distances) of the touched
    /// categories; nothing without a network. The targets the edit kept come first in
    /// each category (the changed ones were taken out and put back at its end), so their
    /// joins (`kept`, from [`Self::kept_joins`]) are reused: joining a parcel's boundary
    /// to the streets is most of the work, and a drag changes one target.
    fn update_category_networks(&mut self, touched: &[usize], kept: Vec<Vec<Vec<Join>>>) {
        if let Some(state) = &self.network {
            let (access, off) = (self.options.area_access_m, self.off_network_m);
            let updated: Vec<(usize, CategoryNetwork)> = touched
                .par_iter()
                .zip(kept)
                .map(|(&c, mut joins)| {
                    let targets = &self.targets[c];
                    if joins.len() > targets.len() {
                        joins.clear();
                    }
                    let new = targets[joins.len()..].iter();
                    joins.extend(new.map(|t| target_joins(&state.network, t, access, off)));
                    (c, category_network_of(&state.network, joins))
                })
                .collect();
            if let Some(state) = &mut self.network {
                for (c, category) in updated {
                    state.categories[c] = category;
                }
            }
        }
    }

    /// Nearest distances after the homes changed: every home of a touched category, and
    /// the rebuilt homes (`keep[h] == None`) of the others; kept homes keep theirs.
    /// A touched category's distances for every home, `old(h)` the index of the old
    /// home a home keeps (`None`: made anew, looked up). Along the network every home
    /// again; straight line, a kept home keeps its nearest unless its target went or a
    /// new one is nearer (a parcel moved across a city costs a distance or two per home,
    /// not an index query each).
    pub(super) fn touched_column(
        &self,
        c: usize,
        removed: &[(usize, Target)],
        changes: &Changes,
        old: impl Fn(usize) -> Option<usize>,
    ) -> Vec<Option<f64>> {
        if self.network.is_some() {
            return self.nearest_of_category(c);
        }
        let (gone, new) = self.swapped_targets(c, removed, changes);
        (0..self.homes.len())
            .map(|h| {
                let p = self.homes[h].point;
                match old(h) {
                    Some(i) => self.nearest_swapped(c, p, self.nearest[c][i], &gone, &new),
                    None => self.indexes[c].nearest(p).map(|(_, d)| d),
                }
            })
            .collect()
    }

    fn nearest_for_new_homes(
        &self,
        touched: &[usize],
        keep: &[Option<usize>],
        removed: &[(usize, Target)],
        changes: &Changes,
    ) -> Vec<Vec<Option<f64>>> {
        (0..self.categories.len())
            .into_par_iter()
            .map(|c| {
                if touched.contains(&c) {
                    return self.touched_column(c, removed, changes, |h| keep[h]);
                }
                keep.iter()
                    .enumerate()
                    .map(|(h, k)| match k {
                        Some(i) => self.nearest[c][*i],
                        None => self.home_distance(c, h, self.homes[h].point),
                    })
                    .collect()
            })
            .collect()
    }

    /// Nearest distances of the touched categories when only targets changed (the homes
    /// did not): along the network every home again, straight-line only where a removed
    /// or added target can matter ([`Self::nearest_after_swap`]).
    fn update_nearest_of_touched(
        &mut self,
        touched: &[usize],
        removed: &[(usize, Target)],
        changes: &Changes,
    ) {
        let fresh: Vec<(usize, Vec<Option<f64>>)> = touched
            .par_iter()
            .map(|&c| {
                if self.network.is_some() {
                    return (c, self.nearest_of_category(c));
                }
                let (gone, new) = self.swapped_targets(c, removed, changes);
                (c, self.nearest_after_swap(c, &gone, &new))
            })
            .collect();
        for (c, nearest) in fresh {
            self.nearest[c] = nearest;
        }
    }

    /// Straight-line nearest distances after some targets of a category were replaced,
    /// the homes unchanged: a home whose nearest target may have been one that went
    /// (its distance equals the old nearest exactly: the same function gave both) asks
    /// the index again; any other keeps its nearest unless a new target is closer. The
    /// same answers as [`Self::nearest_of_category`], at a distance or two per home
    /// instead of an index query (a facility dragged across a city).
    fn nearest_after_swap(&self, c: usize, gone: &[Swapped], new: &[Swapped]) -> Vec<Option<f64>> {
        self.homes
            .iter()
            .zip(&self.nearest[c])
            .map(|(home, &old)| self.nearest_swapped(c, home.point, old, gone, new))
            .collect()
    }

    /// One home's nearest distance in category `c` after `gone` targets were replaced
    /// by `new` ones, from its nearest `old` before (see [`Self::nearest_after_swap`]).
    fn nearest_swapped(
        &self,
        c: usize,
        p: Point<f64>,
        old: Option<f64>,
        gone: &[Swapped],
        new: &[Swapped],
    ) -> Option<f64> {
        let lost = old.is_some_and(|d| {
            gone.iter()
                .any(|t| t.may_be_within(p, d) && t.target.distance(&p) == d)
        });
        if lost {
            return self.indexes[c].nearest(p).map(|(_, d)| d);
        }
        new.iter().fold(old, |best, t| {
            if best.is_some_and(|b| !t.may_be_within(p, b)) {
                return best;
            }
            let d = t.target.distance(&p);
            match best {
                Some(b) if b <= d => Some(b),
                _ => Some(d),
            }
        })
    }

    /// The targets of category `c` an edit took away (`removed`) and those it added.
    fn swapped_targets<'a>(
        &'a self,
        c: usize,
        removed: &'a [(usize, Target)],
        changes: &Changes,
    ) -> (Vec<Swapped<'a>>, Vec<Swapped<'a>>) {
        let gone = removed
            .iter()
            .filter(|(k, _)| *k == c)
            .map(|(_, t)| Swapped::new(t))
            .collect();
        let new = self.targets[c]
            .iter()
            .filter(|t| is_changed(t, changes))
            .map(Swapped::new)
            .collect();
        (gone, new)
    }
}

/// Bounding boxes of targets removed or added, by category ([`Updated::regions`]).
type Regions = Vec<(usize, geo::Rect<f64>)>;

/// An edit as [`Coverage::update_with`] reads it: the plan after it, what changed, and
/// the facility held in a what-if (read in place of the plan's facility with its id).
pub(super) struct Edit<'a> {
    pub plan: &'a Plan,
    pub standard: &'a Standard,
    changes: &'a Changes,
    moved: Option<&'a Facility>,
    pub scenario: Scenario,
    /// Where the plan has the changed parcels (every scenario), in plan order.
    pub changed: Vec<usize>,
    /// No parcel moved in the plan's list: the edit changed parcels in place.
    pub in_place: bool,
}

/// How the homes followed an edit.
enum NewHomes {
    /// Replaced where they were (`in_place.rs`): these positions.
    InPlace(Vec<usize>),
    /// Built again in plan order: for each new home, the old home it keeps.
    Rebuilt(Vec<Option<usize>>),
}

impl<'a> Edit<'a> {
    /// The changed facilities of the scenario as they are now (`moved` for its id).
    fn changed_facilities(&self) -> impl Iterator<Item = &'a Facility> + 'a {
        let (moved, changed) = (self.moved, &self.changes.facilities);
        self.plan
            .facilities_in(self.scenario)
            .filter(move |f| changed.contains(&f.id))
            .map(move |f| match moved {
                Some(m) if m.id == f.id => m,
                _ => f,
            })
    }

    /// The changed parcels of the scenario as they are now.
    ///
    /// Without changed parcels the plan's parcels are not walked at all: a facility drag
    /// asks this twice per frame, and a walk over 100k parcels doubled its cost.
    fn changed_parcels(&self) -> impl Iterator<Item = &'a crate::model::Parcel> + '_ {
        let (plan, scenario) = (self.plan, self.scenario);
        self.changed
            .iter()
            .map(move |&i| &plan.parcels[i])
            .filter(move |p| p.scenario == scenario)
    }

    fn changed(&self, target: &Target) -> bool {
        is_changed(target, self.changes)
    }
}

/// Whether a target comes from a feature the changes name (a facility, or the parcel
/// hosting it or being the park).
fn is_changed(target: &Target, changes: &Changes) -> bool {
    match &target.source {
        TargetSource::Facility(id) => changes.facilities.contains(id),
        TargetSource::Hosted { parcel, .. } | TargetSource::Park { parcel } => {
            changes.parcels.contains(parcel)
        }
    }
}

/// Finds the old home of an unchanged parcel. Homes are in plan order and an edit rarely
/// reorders parcels, so a cursor walks the old homes along the plan (no map of a city's
/// ids); a parcel met out of that order makes the map once.
struct OldHomes<'a> {
    homes: &'a [Home],
    changed: &'a IdSet<'a>,
    cursor: usize,
    by_id: Option<rustc_hash::FxHashMap<&'a str, usize>>,
}

impl<'a> OldHomes<'a> {
    fn new(homes: &'a [Home], changed: &'a IdSet<'a>) -> Self {
        Self {
            homes,
            changed,
            cursor: 0,
            by_id: None,
        }
    }

    /// The index of `parcel`'s old home (the parcel is unchanged).
    fn index_of(&mut self, parcel: &crate::model::Parcel) -> Option<usize> {
        let id = parcel.id.as_str();
        if self.by_id.is_none() {
            // The homes of changed (or removed) parcels are not kept: step over them.
            while self
                .homes
                .get(self.cursor)
                .is_some_and(|h| self.changed.contains(h.parcel.as_str()))
            {
                self.cursor += 1;
            }
            if self
                .homes
                .get(self.cursor)
                .is_some_and(|h| h.parcel.as_str() == id)
            {
                self.cursor += 1;
                return Some(self.cursor - 1);
            }
            if !parcel.is_residential() {
                return None; // it had no home
            }
            let map = self
                .homes
                .iter()
                .enumerate()
                .map(|(i, h)| (h.parcel.as_str(), i))
                .collect();
            self.by_id = Some(map);
        }
        self.by_id.as_ref()?.get(id).copied()
    }
}

/// A target an edit took away or added, with its bounding box: the distance to the box
/// bounds the distance to the target from below, so most homes skip the target's exact
/// distance (a parcel's polygon, tens of corners, for each of a city's homes).
struct Swapped<'a> {
    target: &'a Target,
    rect: Option<geo::Rect<f64>>,
}

impl<'a> Swapped<'a> {
    fn new(target: &'a Target) -> Self {
        Self {
            target,
            rect: target.bounding_rect(),
        }
    }

    /// Whether the target may lie within `d` of `p`: false only when its box lies
    /// farther, by a margin over the rounding of either distance.
    fn may_be_within(&self, p: Point<f64>, d: f64) -> bool {
        self.rect
            .is_none_or(|r| rect_distance(r, p) <= d * (1.0 + 1e-9) + 1e-9)
    }
}
