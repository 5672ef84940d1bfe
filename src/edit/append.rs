//! Appending another plan's features to the open plan as one undoable edit: what an
//! import into the editor does (issue 18: "the import as one undoable edit into the open
//! plan, appending, not replacing"). The other plan may come from any reader (GeoJSON,
//! DXF, Shapefile, GeoPackage); its coordinates are moved from its local frame into the
//! open plan's through longitude/latitude, and ids already used get fresh ones.

use std::collections::HashSet;

use geo::{Coord, MapCoords};

use super::{EditCmd, EditError, Label};
use crate::model::{FacilityId, Parcel, ParcelId, Plan, ProjectionError, StreetId};

/// What an append brings in, for the message after it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Appended {
    pub parcels: usize,
    pub facilities: usize,
    pub streets: usize,
    /// Features whose id was taken and that got a fresh one.
    pub renamed: usize,
}

/// The command that appends every parcel, facility and street of `other` to `plan` (in
/// that order, after what the plan has), named "Import N features from NAME".
///
/// ```
/// use strata::edit::append::append_plan;
/// let mut plan = strata::synth::city(4, 1, 1);
/// let other = strata::synth::city(4, 1, 2);
/// let (cmd, appended) = append_plan(&plan, &other, "other.dxf").unwrap();
/// assert_eq!(appended.parcels, other.parcels.len());
/// assert!(appended.renamed > 0, "both number their parcels p-1, p-2, …");
/// let before = plan.parcels.len();
/// cmd.apply(&mut plan).unwrap();
/// assert_eq!(plan.parcels.len(), before + other.parcels.len());
/// ```
pub fn append_plan(
    plan: &Plan,
    other: &Plan,
    source: &str,
) -> Result<(EditCmd, Appended), EditError> {
    let from = other.frame.projector().map_err(projection)?;
    let to = plan.frame.projector().map_err(projection)?;
    let same_frame = plan.frame == other.frame;
    let moved = |c: Coord<f64>| -> Result<Coord<f64>, ProjectionError> {
        if same_frame {
            return Ok(c);
        }
        let [lon, lat] = from.to_lonlat(c.x, c.y)?;
        let [x, y] = to.to_local(lon, lat)?;
        Ok(Coord { x, y })
    };
    let mut used = ids_in_use(plan);
    let mut appended = Appended::default();
    let mut steps = Vec::new();
    for (k, parcel) in other.parcels.iter().enumerate() {
        let mut parcel = moved_parcel(parcel, &moved)?;
        if let Some(id) = fresh(parcel.id.as_str(), "p", &mut used, &mut appended) {
            parcel.id = ParcelId::new(id);
        }
        steps.push(EditCmd::AddParcel {
            index: plan.parcels.len() + k,
            parcel: Box::new(parcel),
        });
        appended.parcels += 1;
    }
    for (k, facility) in other.facilities.iter().enumerate() {
        let mut facility = facility.clone();
        facility.position = facility
            .position
            .try_map_coords(moved)
            .map_err(projection)?;
        if let Some(id) = fresh(facility.id.as_str(), "f", &mut used, &mut appended) {
            facility.id = FacilityId::new(id);
        }
        steps.push(EditCmd::AddFacility {
            index: plan.facilities.len() + k,
            facility: Box::new(facility),
        });
        appended.facilities += 1;
    }
    for (k, street) in other.streets.iter().enumerate() {
        let mut street = street.clone();
        street.line = street.line.try_map_coords(moved).map_err(projection)?;
        if let Some(id) = fresh(street.id.as_str(), "s", &mut used, &mut appended) {
            street.id = StreetId::new(id);
        }
        steps.push(EditCmd::AddStreet {
            index: plan.streets.len() + k,
            street: Box::new(street),
        });
        appended.streets += 1;
    }
    let n = appended.parcels + appended.facilities + appended.streets;
    Ok((named_import(n, source, steps)?, appended))
}

/// Every id the plan's features carry.
fn ids_in_use(plan: &Plan) -> HashSet<String> {
    let mut used: HashSet<String> = plan
        .parcels
        .iter()
        .map(|p| p.id.as_str().to_owned())
        .collect();
    used.extend(plan.facilities.iter().map(|f| f.id.as_str().to_owned()));
    used.extend(plan.streets.iter().map(|s| s.id.as_str().to_owned()));
    used
}

/// A copy of `parcel` with its shape and its strata's footprints moved.
fn moved_parcel(
    parcel: &Parcel,
    moved: &impl Fn(Coord<f64>) -> Result<Coord<f64>, ProjectionError>,
) -> Result<Parcel, EditError> {
    let mut parcel = parcel.clone();
    parcel.shape = parcel.shape.try_map_coords(moved).map_err(projection)?;
    for stratum in &mut parcel.strata {
        if let Some(foot) = &stratum.footprint {
            stratum.footprint = Some(foot.try_map_coords(moved).map_err(projection)?);
        }
    }
    Ok(parcel)
}

/// The import's steps as one named edit; nothing to import is refused.
fn named_import(n: usize, source: &str, steps: Vec<EditCmd>) -> Result<EditCmd, EditError> {
    if n == 0 {
        return Err(EditError::Refused(crate::msg!(
            "edit-import-nothing",
            source = source
        )));
    }
    Ok(EditCmd::Named {
        label: Label::Import {
            n,
            source: source.to_owned(),
        },
        cmd: Box::new(EditCmd::Batch(steps)),
    })
}

/// A fresh id when `id` is taken (`p-12` → `p-12-2`, …), else `None`; the id is
/// recorded as used either way.
fn fresh(
    id: &str,
    prefix: &str,
    used: &mut HashSet<String>,
    appended: &mut Appended,
) -> Option<String> {
    if used.insert(id.to_owned()) {
        return None;
    }
    let base = if id.is_empty() { prefix } else { id };
    let fresh = (2..)
        .map(|k| format!("{base}-{k}"))
        .find(|candidate| !used.contains(candidate))?;
    used.insert(fresh.clone());
    appended.renamed += 1;
    Some(fresh)
}

fn projection(e: ProjectionError) -> EditError {
    EditError::Refused(e.message())
}
