//! Edits: every change to a plan is an [`EditCmd`] that knows how to apply itself and
//! how to undo itself, kept in a [`History`]. Undo, dirty tracking, autosave and the
//! incremental analysis all hang off this one place: `apply` returns the [`Changes`]
//! (ids touched) that `analysis::Coverage::update` takes.

pub mod create;
mod error;
pub mod geometry;
mod history;
pub mod overlaps;
pub mod snap;

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

fn parcel_mut<'a>(plan: &'a mut Plan, id: &ParcelId) -> Result<&'a mut Parcel, EditError> {
    plan.parcels
        .iter_mut()
        .find(|p| &p.id == id)
        .ok_or_else(|| EditError::DoesNotFit(msg!("edit-err-no-parcel", id = id.as_str())))
}

fn facility_mut<'a>(plan: &'a mut Plan, id: &FacilityId) -> Result<&'a mut Facility, EditError> {
    plan.facilities
        .iter_mut()
        .find(|f| &f.id == id)
        .ok_or_else(|| EditError::DoesNotFit(msg!("edit-err-no-facility", id = id.as_str())))
}

/// "… position N is past the end" (`message` without its index).
fn position_past_end(message: Message, index: usize) -> EditError {
    EditError::DoesNotFit(message.arg("index", index.to_string()))
}

/// "… X is not at position N" (`message` without its arguments).
fn not_at_position(message: Message, id: &str, index: usize) -> EditError {
    EditError::DoesNotFit(message.arg("id", id).arg("index", index.to_string()))
}

impl EditCmd {
    /// Applies the command. On error the plan is unchanged.
    pub fn apply(&self, plan: &mut Plan) -> Result<Changes, EditError> {
        let mut effects = Changes::default();
        match self {
            EditCmd::AddParcel { index, parcel } => {
                if *index > plan.parcels.len() {
                    return Err(position_past_end(msg!("edit-err-parcel-past-end"), *index));
                }
                if plan.parcel(&parcel.id).is_some() {
                    return Err(EditError::DoesNotFit(msg!(
                        "edit-err-parcel-exists",
                        id = parcel.id.as_str()
                    )));
                }
                plan.parcels.insert(*index, (**parcel).clone());
                effects.parcels.push(parcel.id.clone());
            }
            EditCmd::RemoveParcel { index, parcel } => {
                if plan.parcels.get(*index).is_none_or(|p| p.id != parcel.id) {
                    return Err(not_at_position(
                        msg!("edit-err-parcel-not-at"),
                        parcel.id.as_str(),
                        *index,
                    ));
                }
                plan.parcels.remove(*index);
                effects.parcels.push(parcel.id.clone());
            }
            EditCmd::SetGeometry { id, new, .. } => {
                parcel_mut(plan, id)?.shape = new.clone();
                effects.parcels.push(id.clone());
            }
            EditCmd::SetStrata { id, new, .. } => {
                parcel_mut(plan, id)?.strata = new.clone();
                effects.parcels.push(id.clone());
            }
            EditCmd::SetName { id, new, .. } => {
                parcel_mut(plan, id)?.name = new.clone();
                effects.parcels.push(id.clone());
            }
            EditCmd::SetStatus { id, new, .. } => {
                parcel_mut(plan, id)?.status = *new;
                effects.parcels.push(id.clone());
            }
            EditCmd::SetPopulation { id, new, .. } => {
                parcel_mut(plan, id)?.population = *new;
                effects.parcels.push(id.clone());
            }
            EditCmd::SetControls { id, new, .. } => {
                parcel_mut(plan, id)?.controls = new.as_deref().cloned();
                effects.parcels.push(id.clone());
            }
            EditCmd::AddFacility { index, facility } => {
                if *index > plan.facilities.len() {
                    return Err(position_past_end(
                        msg!("edit-err-facility-past-end"),
                        *index,
                    ));
                }
                plan.facilities.insert(*index, (**facility).clone());
                effects.facilities.push(facility.id.clone());
            }
            EditCmd::RemoveFacility { index, facility } => {
                if plan
                    .facilities
                    .get(*index)
                    .is_none_or(|f| f.id != facility.id)
                {
                    return Err(not_at_position(
                        msg!("edit-err-facility-not-at"),
                        facility.id.as_str(),
                        *index,
                    ));
                }
                plan.facilities.remove(*index);
                effects.facilities.push(facility.id.clone());
            }
            EditCmd::MoveFacility { id, new, .. } => {
                facility_mut(plan, id)?.position = *new;
                effects.facilities.push(id.clone());
            }
            EditCmd::AddStreet { index, street } => {
                if *index > plan.streets.len() {
                    return Err(position_past_end(msg!("edit-err-street-past-end"), *index));
                }
                plan.streets.insert(*index, (**street).clone());
                effects.streets = true;
            }
            EditCmd::RemoveStreet { index, street } => {
                if plan.streets.get(*index).is_none_or(|s| s.id != street.id) {
                    return Err(not_at_position(
                        msg!("edit-err-street-not-at"),
                        street.id.as_str(),
                        *index,
                    ));
                }
                plan.streets.remove(*index);
                effects.streets = true;
            }
            EditCmd::SetSetting { key, new, .. } => {
                // Settings change no feature: the effects stay empty.
                match new {
                    Some(value) => plan.settings.extra.insert(key.clone(), value.clone()),
                    None => plan.settings.extra.remove(key),
                };
            }
            EditCmd::Batch(commands) => {
                // All or nothing: on a failure, undo what was done.
                let mut done: Vec<&EditCmd> = Vec::new();
                for cmd in commands {
                    match cmd.apply(plan) {
                        Ok(e) => {
                            effects.merge(e);
                            done.push(cmd);
                        }
                        Err(error) => {
                            for undo in done.iter().rev() {
                                let _ = undo.inverse().apply(plan);
                            }
                            return Err(error);
                        }
                    }
                }
            }
            EditCmd::Named { cmd, .. } => return cmd.apply(plan),
        }
        Ok(effects)
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
