//! What each kind of [`EditCmd`] does to a plan: one function per kind, each checking
//! first and changing the plan only when the command fits, and returning the ids it
//! touched ([`Changes`]) for the incremental analysis.

use super::{EditCmd, EditError};
use crate::i18n::Message;
use crate::model::{Changes, Facility, FacilityId, Parcel, ParcelId, Plan, Street};
use crate::msg;

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

fn parcel_changed(id: &ParcelId) -> Changes {
    Changes {
        parcels: vec![id.clone()],
        ..Default::default()
    }
}

fn facility_changed(id: &FacilityId) -> Changes {
    Changes {
        facilities: vec![id.clone()],
        ..Default::default()
    }
}

fn streets_changed() -> Changes {
    Changes {
        streets: true,
        ..Default::default()
    }
}

/// [`EditCmd::AddParcel`]: refused past the end or when the id is taken.
pub(super) fn insert_parcel(
    plan: &mut Plan,
    index: usize,
    parcel: &Parcel,
) -> Result<Changes, EditError> {
    if index > plan.parcels.len() {
        return Err(position_past_end(msg!("edit-err-parcel-past-end"), index));
    }
    if plan.parcel(&parcel.id).is_some() {
        return Err(EditError::DoesNotFit(msg!(
            "edit-err-parcel-exists",
            id = parcel.id.as_str()
        )));
    }
    plan.parcels.insert(index, parcel.clone());
    Ok(parcel_changed(&parcel.id))
}

/// [`EditCmd::RemoveParcel`]: refused unless that parcel is at that position.
pub(super) fn take_parcel(
    plan: &mut Plan,
    index: usize,
    parcel: &Parcel,
) -> Result<Changes, EditError> {
    if plan.parcels.get(index).is_none_or(|p| p.id != parcel.id) {
        return Err(not_at_position(
            msg!("edit-err-parcel-not-at"),
            parcel.id.as_str(),
            index,
        ));
    }
    plan.parcels.remove(index);
    Ok(parcel_changed(&parcel.id))
}

/// The `Set…` commands of a parcel: `set` changes one field of the parcel `id`.
pub(super) fn set_parcel(
    plan: &mut Plan,
    id: &ParcelId,
    set: impl FnOnce(&mut Parcel),
) -> Result<Changes, EditError> {
    set(parcel_mut(plan, id)?);
    Ok(parcel_changed(id))
}

/// [`EditCmd::AddFacility`]: refused past the end.
pub(super) fn insert_facility(
    plan: &mut Plan,
    index: usize,
    facility: &Facility,
) -> Result<Changes, EditError> {
    if index > plan.facilities.len() {
        return Err(position_past_end(msg!("edit-err-facility-past-end"), index));
    }
    plan.facilities.insert(index, facility.clone());
    Ok(facility_changed(&facility.id))
}

/// [`EditCmd::RemoveFacility`]: refused unless that facility is at that position.
pub(super) fn take_facility(
    plan: &mut Plan,
    index: usize,
    facility: &Facility,
) -> Result<Changes, EditError> {
    if plan
        .facilities
        .get(index)
        .is_none_or(|f| f.id != facility.id)
    {
        return Err(not_at_position(
            msg!("edit-err-facility-not-at"),
            facility.id.as_str(),
            index,
        ));
    }
    plan.facilities.remove(index);
    Ok(facility_changed(&facility.id))
}

/// [`EditCmd::MoveFacility`].
pub(super) fn move_facility_to(
    plan: &mut Plan,
    id: &FacilityId,
    to: geo::Point<f64>,
) -> Result<Changes, EditError> {
    facility_mut(plan, id)?.position = to;
    Ok(facility_changed(id))
}

/// [`EditCmd::AddStreet`]: refused past the end.
pub(super) fn insert_street(
    plan: &mut Plan,
    index: usize,
    street: &Street,
) -> Result<Changes, EditError> {
    if index > plan.streets.len() {
        return Err(position_past_end(msg!("edit-err-street-past-end"), index));
    }
    plan.streets.insert(index, street.clone());
    Ok(streets_changed())
}

/// [`EditCmd::RemoveStreet`]: refused unless that street is at that position.
pub(super) fn take_street(
    plan: &mut Plan,
    index: usize,
    street: &Street,
) -> Result<Changes, EditError> {
    if plan.streets.get(index).is_none_or(|s| s.id != street.id) {
        return Err(not_at_position(
            msg!("edit-err-street-not-at"),
            street.id.as_str(),
            index,
        ));
    }
    plan.streets.remove(index);
    Ok(streets_changed())
}

/// [`EditCmd::SetSetting`]: settings change no feature, so the changes are empty.
pub(super) fn set_setting(
    plan: &mut Plan,
    key: &str,
    value: Option<&serde_json::Value>,
) -> Changes {
    match value {
        Some(value) => plan.settings.extra.insert(key.to_owned(), value.clone()),
        None => plan.settings.extra.remove(key),
    };
    Changes {
        settings: vec![key.to_owned()],
        ..Default::default()
    }
}

/// [`EditCmd::Batch`]: all or nothing; on a failure, what was done is undone.
pub(super) fn apply_batch(plan: &mut Plan, commands: &[EditCmd]) -> Result<Changes, EditError> {
    let mut effects = Changes::default();
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
    Ok(effects)
}
