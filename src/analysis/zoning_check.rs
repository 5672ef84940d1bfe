//! The zoning problems of a plan for `strata check`: controls that contradict themselves
//! (`controls_invalid`, error), controls a parcel does not meet (`control_exceeded`,
//! error), secondary uses the compatibility rules forbid or limit (`incompatible_use`,
//! error) and required facilities not provided (`facility_not_provided`, warning).

use rayon::prelude::*;

use super::zoning::{
    Bound, Context, Indicator, Violation, indicators, parcel_main_use, violations,
};
use crate::i18n::Message;
use crate::model::{Controls, Parcel, Plan, Problem, ProblemKind, Reference};
use crate::msg;

/// Every zoning problem of a plan (both scenarios), in plan order. `geometry_ok[i]` says
/// whether parcel `i`'s geometry is valid: the indicators of an invalid one are not worked
/// out (its area means nothing, and the union of footprints needs valid polygons).
pub fn zoning_problems(plan: &Plan, reference: &Reference, geometry_ok: &[bool]) -> Vec<Problem> {
    let context = Context::new(plan, reference);
    plan.parcels
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, parcel)| {
            let ok = geometry_ok.get(i).copied().unwrap_or(false);
            checked_parcel_problems(parcel, ok, &context)
        })
        .collect()
}

/// The zoning problems of one parcel as `zoning_problems` reports them: a parcel whose
/// geometry is invalid has only its controls checked (its indicators mean nothing).
pub fn checked_parcel_problems(
    parcel: &Parcel,
    geometry_ok: bool,
    context: &Context,
) -> Vec<Problem> {
    if geometry_ok {
        return parcel_problems(parcel, context);
    }
    invalid_controls(parcel, context.reference)
        .into_iter()
        .map(|m| Problem::error(ProblemKind::ControlsInvalid, Some(parcel.id.as_str()), m))
        .collect()
}

/// The zoning problems of one parcel.
pub fn parcel_problems(parcel: &Parcel, context: &Context) -> Vec<Problem> {
    let id = Some(parcel.id.as_str());
    let mut out: Vec<Problem> = invalid_controls(parcel, context.reference)
        .into_iter()
        .map(|m| Problem::error(ProblemKind::ControlsInvalid, id, m))
        .collect();
    if parcel.controls.is_none() && context.settings.climate_zone.is_none() {
        return out;
    }
    let achieved = indicators(parcel, &context.settings);
    let main = parcel_main_use(parcel, &achieved).unwrap_or("");
    for v in violations(parcel, &achieved, context) {
        out.push(violation_problem(&v, main, id));
    }
    out
}

/// The problem a violation gives.
pub fn violation_problem(v: &Violation, main: &str, id: Option<&str>) -> Problem {
    match v.indicator {
        Indicator::Use => Problem::error(ProblemKind::IncompatibleUse, id, use_message(v, main)),
        Indicator::Facility => Problem::warning(
            ProblemKind::FacilityNotProvided,
            id,
            msg!(
                "zoning-facility",
                category = v.code.clone().unwrap_or_default()
            ),
        ),
        _ => Problem::error(ProblemKind::ControlExceeded, id, limit_message(v)),
    }
}

/// How a value of an indicator is written: FAR with two decimals, ratios in per cent,
/// heights in metres, parking in spaces.
pub fn format_value(indicator: Indicator, value: f64) -> String {
    match indicator {
        Indicator::Far => format!("{value:.2}"),
        Indicator::Density | Indicator::Green | Indicator::Use => {
            format!("{:.1} %", value * 100.0)
        }
        Indicator::Height => format!("{value:.1} m"),
        Indicator::Parking | Indicator::Facility => format!("{value:.0}"),
    }
}

/// The indicator's name as a message.
pub fn indicator_name(indicator: Indicator) -> Message {
    match indicator {
        Indicator::Far => msg!("zoning-ind-far"),
        Indicator::Density => msg!("zoning-ind-density"),
        Indicator::Green => msg!("zoning-ind-green"),
        Indicator::Height => msg!("zoning-ind-height"),
        Indicator::Use => msg!("zoning-ind-use"),
        Indicator::Parking => msg!("zoning-ind-parking"),
        Indicator::Facility => msg!("zoning-ind-facility"),
    }
}

fn limit_message(v: &Violation) -> Message {
    let key = match v.bound {
        Bound::Max => "zoning-above-max",
        Bound::Min => "zoning-below-min",
    };
    Message::new(key)
        .arg("indicator", indicator_name(v.indicator))
        .arg("value", format_value(v.indicator, v.value))
        .arg("limit", format_value(v.indicator, v.limit))
        .arg(
            "source",
            v.source.clone().unwrap_or_else(|| "none".to_owned()),
        )
}

fn use_message(v: &Violation, main: &str) -> Message {
    let rules = v.source.clone().unwrap_or_default();
    match &v.code {
        None => msg!(
            "zoning-use-total",
            share = format_value(Indicator::Use, v.value),
            limit = format_value(Indicator::Use, v.limit),
            main = main,
            rules = rules
        ),
        Some(code) if v.limit == 0.0 => msg!(
            "zoning-use-forbidden",
            code = code.as_str(),
            share = format_value(Indicator::Use, v.value),
            main = main,
            rules = rules
        ),
        Some(code) => msg!(
            "zoning-use-share",
            code = code.as_str(),
            share = format_value(Indicator::Use, v.value),
            limit = format_value(Indicator::Use, v.limit),
            main = main,
            rules = rules
        ),
    }
}

/// What is wrong with a parcel's controls themselves.
pub fn invalid_controls(parcel: &Parcel, reference: &Reference) -> Vec<Message> {
    let mut out = Vec::new();
    if let Some(other) = parcel.meta.properties.get("controls") {
        out.push(msg!("controls-not-object", found = json_kind(other)));
    }
    let Some(controls) = &parcel.controls else {
        return out;
    };
    for (member, value) in &controls.invalid {
        out.push(msg!(
            "controls-invalid-type",
            member = member.as_str(),
            found = json_kind(value)
        ));
    }
    contradictions(controls, &mut out);
    if let Some(code) = &controls.main_use
        && !reference.classification.contains(code)
    {
        out.push(msg!("controls-unknown-use", code = code.as_str()));
    }
    for id in &controls.facilities {
        if reference.standard.category(id).is_none() {
            out.push(msg!("controls-unknown-facility", id = id.as_str()));
        }
    }
    out
}

fn contradictions(controls: &Controls, out: &mut Vec<Message>) {
    if let (Some(min), Some(max)) = (controls.far_min, controls.far_max)
        && min > max
    {
        out.push(msg!(
            "controls-range",
            min = min.to_string(),
            max = max.to_string()
        ));
    }
    let members = [
        ("far", controls.far_min),
        ("far", controls.far_max),
        ("density_max", controls.density_max),
        ("green_min", controls.green_min),
        ("height_max", controls.height_max),
        ("parking_min_per_100m2", controls.parking_min_per_100m2),
    ];
    for (member, value) in members {
        if let Some(v) = value
            && !(v >= 0.0 && v.is_finite())
        {
            out.push(msg!(
                "controls-negative",
                member = member,
                value = v.to_string()
            ));
        }
    }
    for (member, value) in [
        ("density_max", controls.density_max),
        ("green_min", controls.green_min),
    ] {
        if let Some(v) = value
            && v > 1.0
        {
            out.push(msg!(
                "controls-ratio",
                member = member,
                value = v.to_string()
            ));
        }
    }
}

/// The type of a JSON value, worded as the reader words it.
fn json_kind(value: &serde_json::Value) -> Message {
    use serde_json::Value;
    match value {
        Value::Null => msg!("json-null"),
        Value::Bool(_) => msg!("json-boolean"),
        Value::Number(_) => msg!("json-number"),
        Value::String(_) => msg!("json-string"),
        Value::Array(_) => msg!("json-array"),
        Value::Object(_) => msg!("json-object"),
    }
}
