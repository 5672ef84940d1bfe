//! Edits: every change to a plan is an [`EditCmd`] that knows how to apply itself and
//! how to undo itself, kept in a [`History`]. Undo, dirty tracking, autosave and the
//! incremental analysis all hang off this one place: `apply` returns the [`Changes`]
//! (ids touched) that `analysis::Coverage::update` takes.

pub mod create;
pub mod geometry;
mod history;
pub mod overlaps;
pub mod snap;

pub use history::History;

use geo::{MultiPolygon, Point};
use serde::{Deserialize, Serialize};

use crate::model::{
    Changes, Facility, FacilityId, Parcel, ParcelId, Plan, Status, Stratum, Street,
};

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
        label: String,
        cmd: Box<EditCmd>,
    },
}

/// The name this type had in `edit` before it became the one change type
/// ([`Changes`], in `model`); kept so that branches of issue 15 written against it merge.
pub type Effects = Changes;

/// An edit that does not fit the plan (its feature is gone, an index is out of range).
/// Its text is in the language current when it was made; the wrapper, when shown.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct EditError(pub String);

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::tr!("edit-err-apply", reason = self.0.as_str()))
    }
}

fn parcel_mut<'a>(plan: &'a mut Plan, id: &ParcelId) -> Result<&'a mut Parcel, EditError> {
    plan.parcels
        .iter_mut()
        .find(|p| &p.id == id)
        .ok_or_else(|| EditError(crate::tr!("edit-err-no-parcel", id = id.to_string())))
}

fn facility_mut<'a>(plan: &'a mut Plan, id: &FacilityId) -> Result<&'a mut Facility, EditError> {
    plan.facilities
        .iter_mut()
        .find(|f| &f.id == id)
        .ok_or_else(|| EditError(crate::tr!("edit-err-no-facility", id = id.to_string())))
}

fn position_past_end(key: &str, index: usize) -> EditError {
    EditError(crate::i18n::tr_args(
        key,
        &[("index", index.to_string().into())],
    ))
}

fn not_at_position(key: &str, id: &str, index: usize) -> EditError {
    EditError(crate::i18n::tr_args(
        key,
        &[("id", id.into()), ("index", index.to_string().into())],
    ))
}

impl EditCmd {
    /// Applies the command. On error the plan is unchanged.
    pub fn apply(&self, plan: &mut Plan) -> Result<Changes, EditError> {
        let mut effects = Changes::default();
        match self {
            EditCmd::AddParcel { index, parcel } => {
                if *index > plan.parcels.len() {
                    return Err(position_past_end("edit-err-parcel-past-end", *index));
                }
                if plan.parcel(&parcel.id).is_some() {
                    return Err(EditError(crate::tr!(
                        "edit-err-parcel-exists",
                        id = parcel.id.to_string()
                    )));
                }
                plan.parcels.insert(*index, (**parcel).clone());
                effects.parcels.push(parcel.id.clone());
            }
            EditCmd::RemoveParcel { index, parcel } => {
                if plan.parcels.get(*index).is_none_or(|p| p.id != parcel.id) {
                    return Err(not_at_position(
                        "edit-err-parcel-not-at",
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
            EditCmd::AddFacility { index, facility } => {
                if *index > plan.facilities.len() {
                    return Err(position_past_end("edit-err-facility-past-end", *index));
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
                        "edit-err-facility-not-at",
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
                    return Err(position_past_end("edit-err-street-past-end", *index));
                }
                plan.streets.insert(*index, (**street).clone());
                effects.streets = true;
            }
            EditCmd::RemoveStreet { index, street } => {
                if plan.streets.get(*index).is_none_or(|s| s.id != street.id) {
                    return Err(not_at_position(
                        "edit-err-street-not-at",
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

    /// A short description for the undo menu ("Move facility f-3").
    pub fn label(&self) -> String {
        // In the chosen language (history list, change messages).
        match self {
            EditCmd::AddParcel { parcel, .. } => {
                crate::tr!("edit-add-parcel", id = parcel.id.to_string())
            }
            EditCmd::RemoveParcel { parcel, .. } => {
                crate::tr!("edit-remove-parcel", id = parcel.id.to_string())
            }
            EditCmd::SetGeometry { id, .. } => crate::tr!("edit-reshape", id = id.to_string()),
            EditCmd::SetStrata { id, .. } => crate::tr!("edit-strata", id = id.to_string()),
            EditCmd::SetName { id, .. } => crate::tr!("edit-rename", id = id.to_string()),
            EditCmd::SetStatus { id, .. } => crate::tr!("edit-status", id = id.to_string()),
            EditCmd::SetPopulation { id, .. } => {
                crate::tr!("edit-population", id = id.to_string())
            }
            EditCmd::AddFacility { facility, .. } => {
                crate::tr!("edit-add-facility", id = facility.id.to_string())
            }
            EditCmd::RemoveFacility { facility, .. } => {
                crate::tr!("edit-remove-facility", id = facility.id.to_string())
            }
            EditCmd::MoveFacility { id, .. } => {
                crate::tr!("edit-move-facility", id = id.to_string())
            }
            EditCmd::AddStreet { street, .. } => {
                crate::tr!("edit-add-street", id = street.id.to_string())
            }
            EditCmd::RemoveStreet { street, .. } => {
                crate::tr!("edit-remove-street", id = street.id.to_string())
            }
            EditCmd::SetSetting { key, .. } => crate::tr!("edit-setting", key = key.clone()),
            EditCmd::Batch(commands) => crate::tr!("edit-batch", n = commands.len() as i64),
            EditCmd::Named { label, .. } => label.clone(),
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
