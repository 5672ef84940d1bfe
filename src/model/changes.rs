//! What changed in a plan, by id: what an edit returns (`edit::EditCmd::apply`) and what
//! the incremental analysis takes (`analysis::Coverage::update`), redraws and autosave
//! hang off. One type for both sides, so nothing is translated between them.

use super::{FacilityId, ParcelId};

/// What changed in the plan since an analysis, by id: an edit's effects. Features that
/// were added, removed or modified are all listed the same way.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes {
    pub parcels: Vec<ParcelId>,
    pub facilities: Vec<FacilityId>,
    /// Walkable streets changed: the network is rebuilt.
    pub streets: bool,
    /// Keys of the plan's settings (`strata` member) that changed: an analysis that reads
    /// one of them runs again over the whole plan.
    pub settings: Vec<String>,
}

impl Changes {
    /// Adds what `other` changed (each id once): the changes of several edits as one.
    ///
    /// ```
    /// use strata::model::{Changes, ParcelId};
    /// let mut a = Changes { parcels: vec![ParcelId::new("p-1")], ..Default::default() };
    /// a.merge(Changes {
    ///     parcels: vec![ParcelId::new("p-1"), ParcelId::new("p-2")],
    ///     streets: true,
    ///     ..Default::default()
    /// });
    /// assert_eq!(a.parcels, [ParcelId::new("p-1"), ParcelId::new("p-2")]);
    /// assert!(a.streets);
    /// ```
    pub fn merge(&mut self, other: Changes) {
        for id in other.parcels {
            if !self.parcels.contains(&id) {
                self.parcels.push(id);
            }
        }
        for id in other.facilities {
            if !self.facilities.contains(&id) {
                self.facilities.push(id);
            }
        }
        self.streets |= other.streets;
        for key in other.settings {
            if !self.settings.contains(&key) {
                self.settings.push(key);
            }
        }
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.parcels.is_empty()
            && self.facilities.is_empty()
            && !self.streets
            && self.settings.is_empty()
    }
}
