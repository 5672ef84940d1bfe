//! Edits: every change to a plan is an [`EditCmd`] that knows how to apply itself and
//! how to undo itself, kept in a [`History`]. Undo, dirty tracking, autosave and the
//! incremental analysis all hang off this one place: `apply` returns the [`Changes`]
//! (ids touched) that `analysis::Coverage::update` takes.

pub mod append;
mod apply;
pub mod create;
mod error;
pub mod geometry;
mod history;
pub mod overlaps;
pub mod snap;
pub mod unit_codes;

pub use error::{EditError, Label};
pub use history::History;

use geo::{MultiPolygon, Point};
use serde::{Deserialize, Serialize};

use crate::i18n::Message;
use crate::model::{
    Changes, Controls, Facility, FacilityId, Parcel, ParcelId, Plan, Status, Stratum, Street,
};
use crate::msg;

/// One invertible change of a plan. Each variant holds what is needed both ways (the old
/// and the new value), so undo is applying the inverse.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EditCmd {
    AddParcel {
        index: usize,
        parcel: Box<Parcel>,
    },
    RemoveParcel {
        index: usize,
        parcel: Box<Parcel>,
    },
    SetGeometry {
        id: ParcelId,
        old: MultiPolygon<f64>,
        new: MultiPolygon<f64>,
    },
    SetStrata {
        id: ParcelId,
        old: Vec<Stratum>,
        new: Vec<Stratum>,
    },
    SetName {
        id: ParcelId,
        old: Option<String>,
        new: Option<String>,
    },
    SetStatus {
        id: ParcelId,
        old: Option<Status>,
        new: Option<Status>,
    },
    SetPopulation {
        id: ParcelId,
        old: Option<f64>,
        new: Option<f64>,
    },
    /// The parcel's zoning controls (boxed: most commands are small).
    SetControls {
        id: ParcelId,
        old: Option<Box<Controls>>,
        new: Option<Box<Controls>>,
    },
    AddFacility {
        index: usize,
        facility: Box<Facility>,
    },
    RemoveFacility {
        index: usize,
        facility: Box<Facility>,
    },
    MoveFacility {
        id: FacilityId,
        old: Point<f64>,
        new: Point<f64>,
    },
    AddStreet {
        index: usize,
        street: Box<Street>,
    },
    RemoveStreet {
        index: usize,
        street: Box<Street>,
    },
    /// A plan-level setting under the `strata` member (`settings.extra`; `None` = absent),
    /// e.g. the valuation weights.
    SetSetting {
        key: String,
        old: Option<serde_json::Value>,
        new: Option<serde_json::Value>,
    },
    /// Several commands as one step (a merge: remove two parcels, add one).
    Batch(Vec<EditCmd>),
    /// A command with the name the history list shows ("Merge 3 parcels into p-7").
    Named {
        label: Label,
        cmd: Box<EditCmd>,
    },
}

/// The name this type had in `edit` before it became the one change type
/// ([`Changes`], in `model`); kept so that branches of issue 15 written against it merge.
pub type Effects = Changes;

impl EditCmd {
    /// Applies the command. On error the plan is unchanged.
    pub fn apply(&self, plan: &mut Plan) -> Result<Changes, EditError> {
        match self {
            EditCmd::AddParcel { index, parcel } => apply::insert_parcel(plan, *index, parcel),
            EditCmd::RemoveParcel { index, parcel } => apply::take_parcel(plan, *index, parcel),
            EditCmd::SetGeometry { id, new, .. } => {
                apply::set_parcel(plan, id, |p| p.shape = new.clone())
            }
            EditCmd::SetStrata { id, new, .. } => {
                apply::set_parcel(plan, id, |p| p.strata = new.clone())
            }
            EditCmd::SetName { id, new, .. } => {
                apply::set_parcel(plan, id, |p| p.name = new.clone())
            }
            EditCmd::SetStatus { id, new, .. } => apply::set_parcel(plan, id, |p| p.status = *new),
            EditCmd::SetPopulation { id, new, .. } => {
                apply::set_parcel(plan, id, |p| p.population = *new)
            }
            EditCmd::SetControls { id, new, .. } => {
                apply::set_parcel(plan, id, |p| p.controls = new.as_deref().cloned())
            }
            EditCmd::AddFacility { index, facility } => {
                apply::insert_facility(plan, *index, facility)
            }
            EditCmd::RemoveFacility { index, facility } => {
                apply::take_facility(plan, *index, facility)
            }
            EditCmd::MoveFacility { id, new, .. } => apply::move_facility_to(plan, id, *new),
            EditCmd::AddStreet { index, street } => apply::insert_street(plan, *index, street),
            EditCmd::RemoveStreet { index, street } => apply::take_street(plan, *index, street),
            EditCmd::SetSetting { key, new, .. } => Ok(apply::set_setting(plan, key, new.as_ref())),
            EditCmd::Batch(commands) => apply::apply_batch(plan, commands),
            EditCmd::Named { cmd, .. } => cmd.apply(plan),
        }
    }

    /// The command that undoes this one.
    pub fn inverse(&self) -> EditCmd {
        match self {
            EditCmd::AddParcel { index, parcel } => EditCmd::RemoveParcel {
                index: *index,
                parcel: parcel.clone(),
            },
            EditCmd::RemoveParcel { index, parcel } => EditCmd::AddParcel {
                index: *index,
                parcel: parcel.clone(),
            },
            EditCmd::SetGeometry { id, old, new } => EditCmd::SetGeometry {
                id: id.clone(),
                old: new.clone(),
                new: old.clone(),
            },
            EditCmd::SetStrata { id, old, new } => EditCmd::SetStrata {
                id: id.clone(),
                old: new.clone(),
                new: old.clone(),
            },
            EditCmd::SetName { id, old, new } => EditCmd::SetName {
                id: id.clone(),
                old: new.clone(),
                new: old.clone(),
            },
            EditCmd::SetStatus { id, old, new } => EditCmd::SetStatus {
                id: id.clone(),
                old: *new,
                new: *old,
            },
            EditCmd::SetPopulation { id, old, new } => EditCmd::SetPopulation {
                id: id.clone(),
                old: *new,
                new: *old,
            },
            EditCmd::SetControls { id, old, new } => EditCmd::SetControls {
                id: id.clone(),
                old: new.clone(),
                new: old.clone(),
            },
            EditCmd::AddFacility { index, facility } => EditCmd::RemoveFacility {
                index: *index,
                facility: facility.clone(),
            },
            EditCmd::RemoveFacility { index, facility } => EditCmd::AddFacility {
                index: *index,
                facility: facility.clone(),
            },
            EditCmd::MoveFacility { id, old, new } => EditCmd::MoveFacility {
                id: id.clone(),
                old: *new,
                new: *old,
            },
            EditCmd::AddStreet { index, street } => EditCmd::RemoveStreet {
                index: *index,
                street: street.clone(),
            },
            EditCmd::RemoveStreet { index, street } => EditCmd::AddStreet {
                index: *index,
                street: street.clone(),
            },
            EditCmd::SetSetting { key, old, new } => EditCmd::SetSetting {
                key: key.clone(),
                old: new.clone(),
                new: old.clone(),
            },
            EditCmd::Batch(commands) => {
                EditCmd::Batch(commands.iter().rev().map(EditCmd::inverse).collect())
            }
            EditCmd::Named { label, cmd } => EditCmd::Named {
                label: label.clone(),
                cmd: Box::new(cmd.inverse()),
            },
        }
    }

    /// A short description for the undo menu ("Move facility f-3"), in the current
    /// language.
    pub fn label(&self) -> String {
        self.label_message().text()
    }

    /// What [`EditCmd::label`] says, to be worded when shown.
    pub fn label_message(&self) -> Message {
        match self {
            EditCmd::AddParcel { parcel, .. } => {
                msg!("edit-add-parcel", id = parcel.id.as_str())
            }
            EditCmd::RemoveParcel { parcel, .. } => {
                msg!("edit-remove-parcel", id = parcel.id.as_str())
            }
            EditCmd::SetGeometry { id, .. } => msg!("edit-reshape", id = id.as_str()),
            EditCmd::SetStrata { id, .. } => msg!("edit-strata", id = id.as_str()),
            EditCmd::SetName { id, .. } => msg!("edit-rename", id = id.as_str()),
            EditCmd::SetStatus { id, .. } => msg!("edit-status", id = id.as_str()),
            EditCmd::SetPopulation { id, .. } => {
                msg!("edit-population", id = id.as_str())
            }
            EditCmd::SetControls { id, .. } => msg!("edit-controls", id = id.as_str()),
            EditCmd::AddFacility { facility, .. } => {
                msg!("edit-add-facility", id = facility.id.as_str())
            }
            EditCmd::RemoveFacility { facility, .. } => {
                msg!("edit-remove-facility", id = facility.id.as_str())
            }
            EditCmd::MoveFacility { id, .. } => {
                msg!("edit-move-facility", id = id.as_str())
            }
            EditCmd::AddStreet { street, .. } => {
                msg!("edit-add-street", id = street.id.as_str())
            }
            EditCmd::RemoveStreet { street, .. } => {
                msg!("edit-remove-street", id = street.id.as_str())
            }
            EditCmd::SetSetting { key, .. } => msg!("edit-setting", key = key.clone()),
            EditCmd::Batch(commands) => msg!("edit-batch", n = commands.len() as i64),
            EditCmd::Named { label, .. } => label.message(),
        }
    }
}

/// The command that removes a parcel (with what is needed to put it back).
pub fn remove_parcel(plan: &Plan, id: &ParcelId) -> Option<EditCmd> {
    let index = plan.parcels.iter().position(|p| &p.id == id)?;
    Some(EditCmd::RemoveParcel {
        index,
        parcel: Box::new(plan.parcels[index].clone()),
    })
}

/// The command that moves a facility.
pub fn move_facility(plan: &Plan, id: &FacilityId, to: Point<f64>) -> Option<EditCmd> {
    let facility = plan.facilities.iter().find(|f| &f.id == id)?;
    Some(EditCmd::MoveFacility {
        id: id.clone(),
        old: facility.position,
        new: to,
    })
}
