//! Homes followed in place: an edit that changed parcels without moving any in the
//! plan's list (a parcel moved or reshaped, its strata or population changed), where
//! every changed parcel that had a home still has one and none gained one, replaces
//! those homes where they are. The other homes, their network joins and their
//! distances to the categories the edit did not touch stay as they are: on a city that
//! is 80 000 homes not walked, matched by id or copied per category. Anything else
//! (parcels added, removed or reordered, a home gained or lost) goes the general way
//! (`update.rs`), with the same result.

use rayon::prelude::*;

use super::Coverage;
use super::update::Edit;
use crate::analysis::homes::{Home, home};
use crate::analysis::targets::Target;
use crate::model::Changes;

impl Coverage {
    /// Replaces the changed parcels' homes where they are; their positions, or `None`
    /// when the edit must go the general way (module comment).
    pub(super) fn homes_in_place(&mut self, edit: &Edit) -> Option<Vec<usize>> {
        if !edit.in_place {
            return None;
        }
        let mut slots = Vec::new();
        let mut new_homes = Vec::new();
        for &i in &edit.changed {
            let old = self.home_of_parcel(edit, i)?;
            let parcel = &edit.plan.parcels[i];
            let new = (parcel.scenario == edit.scenario)
                .then(|| home(parcel, edit.standard))
                .flatten();
            match (old, new) {
                (Some(pos), Some(h)) => {
                    slots.push(pos);
                    new_homes.push(h);
                }
                (None, None) => {}
                _ => return None,
            }
        }
        for (&pos, h) in slots.iter().zip(new_homes) {
            self.homes[pos] = h;
        }
        if let Some(state) = &mut self.network {
            for &pos in &slots {
                let point = self.homes[pos].point;
                state.home_joins[pos] = state.network.join(point, self.off_network_m);
            }
        }
        Some(slots)
    }

    /// The position of the home of the parcel at plan index `i` (`Some(None)`: it has
    /// none). Homes are in plan order, so a binary search over their parcels' indices;
    /// `None` when a home's parcel is not in the plan (then the general way).
    fn home_of_parcel(&self, edit: &Edit, i: usize) -> Option<Option<usize>> {
        let at = |h: &Home| self.lookup.index(edit.plan, h.parcel.as_str());
        let (mut lo, mut hi) = (0, self.homes.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let j = at(&self.homes[mid])?;
            if j < i {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        match self.homes.get(lo) {
            Some(h) if at(h)? == i => Some(Some(lo)),
            _ => Some(None),
        }
    }

    /// The nearest distances after homes were replaced at `slots`: every home of a
    /// touched category (as the general way does), only the replaced homes of the
    /// others.
    pub(super) fn nearest_in_place(
        &mut self,
        touched: &[usize],
        slots: &[usize],
        removed: &[(usize, Target)],
        changes: &Changes,
    ) {
        let columns: Vec<(usize, Vec<Option<f64>>)> = touched
            .par_iter()
            .map(|&c| {
                let old = |h: usize| (!slots.contains(&h)).then_some(h);
                (c, self.touched_column(c, removed, changes, old))
            })
            .collect();
        for (c, column) in columns {
            self.nearest[c] = column;
        }
        let rows: Vec<(usize, usize, Option<f64>)> = (0..self.categories.len())
            .filter(|c| !touched.contains(c))
            .flat_map(|c| slots.iter().map(move |&h| (c, h)))
            .map(|(c, h)| (c, h, self.home_distance(c, h, self.homes[h].point)))
            .collect();
        for (c, h, d) in rows {
            self.nearest[c][h] = d;
        }
    }
}
