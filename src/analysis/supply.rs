//! What one target supplies: its floor area, land area and places (capacity), as the
//! plan gives them or as derived from the stratum that hosts it (docs/analysis.md
//! *Provision*).
//!
//! * A point facility may carry `capacity`, `floor_area_m2` and `land_area_m2`
//!   properties; what it does not give is unknown (`None`), except places, derived from
//!   the floor area by the standard's `floor_per_place_m2`.
//! * A hosted facility may be given the same members in its stratum's `hosted` member
//!   (`"hosted": { "kindergarten": { "capacity": 180 } }`); otherwise its floor area is
//!   the stratum's floor area shared equally among the facilities the stratum hosts, and
//!   its land the stratum's footprint likewise when the stratum stands on the ground
//!   (bottom ≤ 0 < top), else 0 (a stacked facility takes no land of its own).
//! * A park supplies land: its park-green area ([`super::targets::park_area`]).

use serde_json::{Map, Value};

use super::targets::{TargetSource, park_area};
use crate::model::provision::ProvisionRule;
use crate::model::{Facility, Parcel, Stratum};

/// The members a facility's size is read from.
pub const SIZE_MEMBERS: [&str; 3] = ["capacity", "floor_area_m2", "land_area_m2"];

/// Storey height assumed where a stratum gives no `floors`, in metres.
pub const STOREY_M: f64 = 3.0;

/// A target's supply; `None` where it is unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Supply {
    pub floor_m2: Option<f64>,
    pub land_m2: Option<f64>,
    pub places: Option<f64>,
}

/// A size member's value: `Ok(None)` when absent or null, `Err` with the value's text
/// when it is not a non-negative finite number.
pub fn size_value(members: &Map<String, Value>, name: &str) -> Result<Option<f64>, String> {
    match members.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
            _ => Err(n.to_string()),
        },
        Some(other) => Err(other.to_string()),
    }
}

/// A size member, `None` when absent or bad (validation reports bad ones as errors).
fn size(members: &Map<String, Value>, name: &str) -> Option<f64> {
    size_value(members, name).ok().flatten()
}

/// The stratum's `hosted` entry for a category (its members), if any.
pub fn hosted_entry<'a>(stratum: &'a Stratum, category: &str) -> Option<&'a Map<String, Value>> {
    stratum
        .extra
        .get("hosted")?
        .as_object()?
        .get(category)?
        .as_object()
}

/// Storeys of a stratum: `floors`, else its height in storeys of [`STOREY_M`], at least 1.
pub fn storeys(stratum: &Stratum) -> f64 {
    match stratum.floors {
        Some(n) => f64::from(n),
        None => ((stratum.z.top - stratum.z.bottom) / STOREY_M)
            .round()
            .max(1.0),
    }
}

/// The storey a stratum starts on, counting the ground storey as 1 (and 0, −1… below
/// ground): its bottom over its own storey height, or [`STOREY_M`].
pub fn lowest_storey(stratum: &Stratum) -> i64 {
    let height = (stratum.z.top - stratum.z.bottom) / storeys(stratum);
    let height = if height.is_finite() && height > 0.0 {
        height
    } else {
        STOREY_M
    };
    // A hair below the storey line counts as on it (z written as 14.999).
    let level = (stratum.z.bottom / height + 1e-6).floor() as i64;
    if level >= 0 { level + 1 } else { level }
}

fn with_places(mut supply: Supply, capacity: Option<f64>, rule: Option<&ProvisionRule>) -> Supply {
    supply.places = capacity.or_else(|| {
        let per_place = rule?.floor_per_place_m2?;
        supply.floor_m2.map(|f| f / per_place)
    });
    supply
}

/// Supply of a point facility.
pub fn facility_supply(facility: &Facility, rule: Option<&ProvisionRule>) -> Supply {
    let p = &facility.meta.properties;
    let supply = Supply {
        floor_m2: size(p, "floor_area_m2"),
        land_m2: size(p, "land_area_m2"),
        places: None,
    };
    with_places(supply, size(p, "capacity"), rule)
}

/// Supply of a facility hosted in a stratum of a parcel.
pub fn hosted_supply(
    parcel: &Parcel,
    stratum: &Stratum,
    category: &str,
    rule: Option<&ProvisionRule>,
) -> Supply {
    let shared = stratum.facilities.len().max(1) as f64;
    let footprint = parcel.stratum_area(stratum).m2();
    let on_ground = stratum.z.bottom <= 0.0 && stratum.z.top > 0.0;
    let entry = hosted_entry(stratum, category);
    let given = |name| entry.and_then(|e| size(e, name));
    let supply = Supply {
        floor_m2: given("floor_area_m2").or(Some(footprint * storeys(stratum) / shared)),
        land_m2: given("land_area_m2").or(Some(if on_ground { footprint / shared } else { 0.0 })),
        places: None,
    };
    with_places(supply, given("capacity"), rule)
}

/// Supply of a park: its park-green land.
pub fn park_supply(parcel: &Parcel) -> Supply {
    Supply {
        floor_m2: Some(0.0),
        land_m2: Some(park_area(parcel)),
        places: None,
    }
}

/// A target's name in reports: the facility id, `parcel/stratum` for a hosted facility,
/// the parcel id for a park.
pub fn target_name(source: &TargetSource) -> String {
    match source {
        TargetSource::Facility(id) => id.to_string(),
        TargetSource::Hosted { parcel, stratum } => format!("{parcel}/{stratum}"),
        TargetSource::Park { parcel } => parcel.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Stratum, ZRange};

    #[test]
    fn storeys_count_from_the_ground() {
        let mut s = Stratum::ground("s", "080404");
        s.z = ZRange::new(15.0, 18.0);
        s.floors = Some(1);
        assert_eq!(lowest_storey(&s), 6);
        s.z = ZRange::new(0.0, 12.0);
        s.floors = Some(3);
        assert_eq!(lowest_storey(&s), 1);
        s.z = ZRange::new(-6.0, 0.0);
        s.floors = Some(2);
        assert_eq!(lowest_storey(&s), -2);
        s.z = ZRange::new(20.0, 26.0);
        s.floors = None;
        assert_eq!(lowest_storey(&s), 7);
    }

    #[test]
    fn bad_sizes_are_reported_with_their_text() {
        let members: Map<String, Value> =
            serde_json::from_str(r#"{"capacity": -3, "floor_area_m2": "big", "land_area_m2": 12}"#)
                .expect("json");
        assert_eq!(size_value(&members, "capacity"), Err("-3".to_owned()));
        assert_eq!(
            size_value(&members, "floor_area_m2"),
            Err("\"big\"".to_owned())
        );
        assert_eq!(size_value(&members, "land_area_m2"), Ok(Some(12.0)));
        assert_eq!(size_value(&members, "other"), Ok(None));
    }
}
