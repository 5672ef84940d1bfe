//! Control changes (控规调整): what the proposed scenario changes in the controls of the
//! existing one, parcel code by parcel code, as a planner lists them for approval.
//!
//! Parcels are paired by their controls' `code`: a code in both scenarios gives one row per
//! member whose value differs (use, zone, area, FAR, density, green ratio, height, parking,
//! facilities); a code only in the proposed scenario gives a row per control it sets
//! (existing empty), one only in the existing scenario a row per control it loses.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Controls, Parcel, Plan, Scenario};

/// One changed control of one parcel code.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ControlChange {
    /// The parcel code (地块编码).
    pub code: String,
    /// What changed: `main_use`, `zone`, `area_m2`, `far_min`, `far_max`, `density_max`,
    /// `green_min`, `height_max`, `parking_min_per_100m2` or `facilities`.
    pub indicator: &'static str,
    /// The value before and after, as the file writes it (`None`: not set, or no parcel).
    pub existing: Option<String>,
    pub proposed: Option<String>,
}

/// What a row can name, in the order rows are listed.
const MEMBERS: [&str; 10] = [
    "main_use",
    "zone",
    "area_m2",
    "far_min",
    "far_max",
    "density_max",
    "green_min",
    "height_max",
    "parking_min_per_100m2",
    "facilities",
];

/// The controls of a parcel as comparable text values, in the order of [`MEMBERS`].
fn values(parcel: &Parcel, controls: &Controls) -> [Option<String>; 10] {
    let number = |v: Option<f64>| v.map(|v| format!("{}", (v * 1000.0).round() / 1000.0));
    let facilities = (!controls.facilities.is_empty()).then(|| controls.facilities.join(", "));
    [
        controls.main_use.clone(),
        controls.zone.clone(),
        Some(format!("{:.0}", parcel.area().m2())),
        number(controls.far_min),
        number(controls.far_max),
        number(controls.density_max),
        number(controls.green_min),
        number(controls.height_max),
        number(controls.parking_min_per_100m2),
        facilities,
    ]
}

/// The parcels of a scenario that carry a code, by code (the first parcel of a code).
fn by_code(plan: &Plan, scenario: Scenario) -> BTreeMap<&str, &Parcel> {
    let mut out = BTreeMap::new();
    for parcel in plan.parcels_in(scenario) {
        if let Some(code) = parcel.controls.as_ref().and_then(|c| c.code.as_deref()) {
            out.entry(code).or_insert(parcel);
        }
    }
    out
}

/// Every control the proposed scenario changes, by parcel code: a code on one side only
/// is a parcel given or taken controls (every member listed as new or gone). A plan with
/// coded parcels in one scenario only adjusts nothing: the list is empty (not a row for
/// every member of every parcel).
///
/// ```
/// use strata::model::{Controls, Parcel, Plan, Scenario, LocalFrame};
/// let square = geo::Rect::new((0.0, 0.0), (100.0, 100.0)).to_polygon();
/// let mut plan = Plan::new(LocalFrame::new(120.0, 30.0));
/// for (id, scenario, height) in [("a", Scenario::Existing, 24.0), ("b", Scenario::Proposed, 15.0)] {
///     let mut p = Parcel::new(id, scenario, square.clone().into());
///     p.controls = Some(Controls { code: Some("WZ-01".into()), height_max: Some(height), ..Default::default() });
///     plan.parcels.push(p);
/// }
/// let changes = strata::analysis::zoning_changes::control_changes(&plan);
/// assert_eq!(changes.len(), 1);
/// assert_eq!(changes[0].indicator, "height_max");
/// assert_eq!((changes[0].existing.as_deref(), changes[0].proposed.as_deref()), (Some("24"), Some("15")));
/// // Only a proposed scenario: nothing is adjusted.
/// plan.parcels.remove(0);
/// assert!(strata::analysis::zoning_changes::control_changes(&plan).is_empty());
/// ```
pub fn control_changes(plan: &Plan) -> Vec<ControlChange> {
    let existing = by_code(plan, Scenario::Existing);
    let proposed = by_code(plan, Scenario::Proposed);
    if existing.is_empty() || proposed.is_empty() {
        return Vec::new();
    }
    let mut codes: Vec<&str> = existing.keys().chain(proposed.keys()).copied().collect();
    codes.sort_unstable();
    codes.dedup();
    let mut out = Vec::new();
    for code in codes {
        let side = |parcels: &BTreeMap<&str, &Parcel>| {
            parcels
                .get(code)
                .and_then(|p| p.controls.as_ref().map(|c| values(p, c)))
        };
        let (before, after) = (side(&existing), side(&proposed));
        for (i, indicator) in MEMBERS.into_iter().enumerate() {
            let old = before.as_ref().and_then(|v| v[i].clone());
            let new = after.as_ref().and_then(|v| v[i].clone());
            if old != new {
                out.push(ControlChange {
                    code: code.to_owned(),
                    indicator,
                    existing: old,
                    proposed: new,
                });
            }
        }
    }
    out
}
