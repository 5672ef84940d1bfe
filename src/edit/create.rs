//! Commands that create features from what the user drew, refusing shapes that would
//! make the plan invalid (the plan is left unchanged and the reason is given).

use geo::algorithm::Validation;
use geo::{Area, Coord, Length, LineString, MultiPolygon, Point, Polygon};

use super::error::{category_message, refused};
use super::{EditCmd, EditError, Label};
use crate::model::{Facility, FacilityId, FeatureMeta, Parcel, Plan, Scenario, Status, Stratum};
use crate::msg;

/// A fresh id with a prefix that no feature of the plan uses.
pub fn fresh_id(plan: &Plan, prefix: &str) -> String {
    let used = |id: &str| {
        plan.parcels.iter().any(|p| p.id.as_str() == id)
            || plan.facilities.iter().any(|f| f.id.as_str() == id)
            || plan.streets.iter().any(|s| s.id.as_str() == id)
            || plan.others.iter().any(|o| o.id.as_deref() == Some(id))
    };
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !used(id))
        .unwrap_or_else(|| prefix.to_owned())
}

/// The land-use code a drawn parcel starts with: 16 (留白用地, reserved land) until the
/// planner gives it a use.
pub const NEW_PARCEL_USE: &str = "16";

/// Adds a parcel with the drawn outline (world metres, not closed), or says why not.
///
/// ```
/// let plan = strata::synth::city(4, 0, 1);
/// let square = [[0.0, 0.0], [40.0, 0.0], [40.0, 40.0], [0.0, 40.0]];
/// assert!(strata::edit::create::add_drawn_parcel(&plan, &square, strata::model::Scenario::Proposed).is_ok());
/// let bow_tie = [[0.0, 0.0], [40.0, 40.0], [40.0, 0.0], [0.0, 40.0]];
/// assert!(strata::edit::create::add_drawn_parcel(&plan, &bow_tie, strata::model::Scenario::Proposed).is_err());
/// ```
pub fn add_drawn_parcel(
    plan: &Plan,
    outline: &[[f64; 2]],
    scenario: Scenario,
) -> Result<EditCmd, EditError> {
    if outline.len() < 3 {
        return Err(refused(msg!("edit-err-outline-points")));
    }
    let mut ring: Vec<Coord<f64>> = outline.iter().map(|p| Coord { x: p[0], y: p[1] }).collect();
    ring.push(ring[0]);
    let polygon = Polygon::new(LineString::new(ring), vec![]);
    if let Err(problem) = polygon.check_validation() {
        return Err(refused(msg!(
            "edit-err-outline-invalid",
            problem = crate::model::polygon_reason(&problem)
        )));
    }
    if polygon.unsigned_area() < 1.0 {
        return Err(refused(msg!("edit-err-no-area")));
    }
    let id = fresh_id(plan, "p-");
    let mut parcel = Parcel::new(&id, scenario, MultiPolygon::new(vec![polygon]));
    parcel.status = Some(Status::Planned);
    parcel.strata.push(Stratum::ground("s1", NEW_PARCEL_USE));
    Ok(EditCmd::AddParcel {
        index: plan.parcels.len(),
        parcel: Box::new(parcel),
    })
}

/// Adds a facility of a category at a point.
pub fn add_facility(plan: &Plan, category: &str, at: Point<f64>, scenario: Scenario) -> EditCmd {
    let facility = Facility {
        id: FacilityId::new(fresh_id(plan, "f-")),
        scenario,
        position: at,
        category: category.to_owned(),
        name: None,
        meta: FeatureMeta::default(),
    };
    EditCmd::AddFacility {
        index: plan.facilities.len(),
        facility: Box::new(facility),
    }
}

/// Adds a walkable street along the drawn points (world metres).
pub fn add_street(
    plan: &Plan,
    points: &[[f64; 2]],
    scenario: Scenario,
) -> Result<EditCmd, EditError> {
    if points.len() < 2 {
        return Err(refused(msg!("edit-err-street-points")));
    }
    let line = LineString::new(points.iter().map(|p| Coord { x: p[0], y: p[1] }).collect());
    if geo::Euclidean.length(&line) < 0.5 {
        return Err(refused(msg!("edit-err-street-length")));
    }
    let street = crate::model::Street {
        id: crate::model::StreetId::new(fresh_id(plan, "st-")),
        scenario,
        line: geo::MultiLineString::new(vec![line]),
        walkable: true,
        name: None,
        meta: FeatureMeta::default(),
    };
    Ok(EditCmd::AddStreet {
        index: plan.streets.len(),
        street: Box::new(street),
    })
}

/// Places a facility of a life-circle category on a parcel: the parcel's ground stratum
/// (the one holding z = 0, else the lowest above ground, else the first) hosts it. A
/// hosted facility is reached at the parcel boundary (DESIGN.md "Hosted facilities"), so
/// the analysis sees exactly the target that `analysis::suggest` valued. A parcel with no
/// strata gets a ground stratum of the category's land use. One undoable edit.
///
/// ```
/// let plan = strata::synth::city(16, 0, 1);
/// let id = plan.parcels[0].id.clone();
/// let cmd = strata::edit::create::host_facility(&plan, &id, "kindergarten", Some("080404")).unwrap();
/// let mut edited = plan.clone();
/// cmd.apply(&mut edited).unwrap();
/// let parcel = edited.parcel(&id).unwrap();
/// assert!(parcel.strata.iter().any(|s| s.facilities.iter().any(|f| f == "kindergarten")));
/// ```
pub fn host_facility(
    plan: &Plan,
    parcel: &crate::model::ParcelId,
    category: &str,
    land_use: Option<&str>,
) -> Result<EditCmd, EditError> {
    let p = plan
        .parcel(parcel)
        .ok_or_else(|| refused(msg!("edit-err-no-parcel", id = parcel.as_str())))?;
    if p.strata
        .iter()
        .any(|s| s.facilities.iter().any(|f| f == category))
    {
        return Err(refused(msg!(
            "edit-err-already-hosts",
            parcel = parcel.as_str(),
            category = category_message(category)
        )));
    }
    let mut strata = p.strata.clone();
    match host_stratum(&strata) {
        Some(i) => strata[i].facilities.push(category.to_owned()),
        None => {
            let code = land_use.ok_or_else(|| {
                refused(msg!(
                    "edit-err-no-land-use",
                    parcel = parcel.as_str(),
                    category = category_message(category)
                ))
            })?;
            let mut ground = Stratum::ground("s1", code);
            ground.facilities.push(category.to_owned());
            strata.push(ground);
        }
    }
    Ok(EditCmd::Named {
        label: Label::HostFacility {
            category: category.to_owned(),
            parcel: parcel.clone(),
        },
        cmd: Box::new(EditCmd::SetStrata {
            id: parcel.clone(),
            old: p.strata.clone(),
            new: strata,
        }),
    })
}

/// The stratum a new facility goes into: the one holding ground level, else the lowest
/// one above ground, else the first.
fn host_stratum(strata: &[Stratum]) -> Option<usize> {
    if let Some(i) = strata
        .iter()
        .position(|s| s.z.bottom <= 0.0 && 0.0 < s.z.top)
    {
        return Some(i);
    }
    let above = (0..strata.len())
        .filter(|&i| strata[i].z.bottom >= 0.0)
        .min_by(|&a, &b| strata[a].z.bottom.total_cmp(&strata[b].z.bottom));
    above.or((!strata.is_empty()).then_some(0))
}

/// Changes the plan's valuation settings (weights…) as one undoable step; `None` when
/// they are already `new`.
///
/// ```
/// use strata::model::valuation::{ValuationSettings, SETTINGS_KEY};
/// let mut plan = strata::synth::city(16, 0, 1);
/// let mut new = ValuationSettings::default();
/// new.weights.size = 3.0;
/// let cmd = strata::edit::create::set_valuation(&plan, &new).unwrap();
/// cmd.apply(&mut plan).unwrap();
/// assert_eq!(ValuationSettings::of_plan(&plan).unwrap().weights.size, 3.0);
/// cmd.inverse().apply(&mut plan).unwrap();
/// assert!(plan.settings.extra.get(SETTINGS_KEY).is_none());
/// ```
pub fn set_valuation(
    plan: &Plan,
    new: &crate::model::valuation::ValuationSettings,
) -> Option<EditCmd> {
    use crate::model::valuation::SETTINGS_KEY;
    let old = plan.settings.extra.get(SETTINGS_KEY).cloned();
    let new = Some(new.to_value());
    (old != new).then(|| EditCmd::Named {
        label: Label::Valuation,
        cmd: Box::new(EditCmd::SetSetting {
            key: SETTINGS_KEY.to_owned(),
            old,
            new,
        }),
    })
}

/// Changes the plan's underlay list (`strata.basemaps`) as one undoable step; `None`
/// when it is already `new`. An empty list removes the member.
///
/// ```
/// use strata::model::{Basemap, BasemapEntry, Basemaps};
/// let mut plan = strata::synth::city(4, 0, 1);
/// let mut list = Basemaps::of_plan(&plan);
/// list.entries.push(BasemapEntry::Valid(Basemap::new("ortho.png")));
/// let cmd = strata::edit::create::set_basemaps(&plan, &list).unwrap();
/// cmd.apply(&mut plan).unwrap();
/// assert_eq!(Basemaps::of_plan(&plan).entries.len(), 1);
/// cmd.inverse().apply(&mut plan).unwrap();
/// assert!(Basemaps::of_plan(&plan).entries.is_empty());
/// ```
pub fn set_basemaps(plan: &Plan, new: &crate::model::Basemaps) -> Option<EditCmd> {
    use crate::model::basemaps::SETTINGS_KEY;
    let old = plan.settings.extra.get(SETTINGS_KEY).cloned();
    let new = new.to_value();
    (old != new).then(|| EditCmd::Named {
        label: Label::Basemaps,
        cmd: Box::new(EditCmd::SetSetting {
            key: SETTINGS_KEY.to_owned(),
            old,
            new,
        }),
    })
}
