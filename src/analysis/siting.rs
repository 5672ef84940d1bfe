//! Problems of provision and siting (`strata check`, docs/analysis.md *Siting*):
//!
//! * errors: a facility's or a hosted facility's `capacity`, `floor_area_m2` or
//!   `land_area_m2` that is negative or not a number; a stratum's `hosted` member that is
//!   not an object of objects;
//! * warnings: a hosted facility on a storey above the standard's `max_floor`, wholly
//!   underground where the standard forbids it, or large enough to need its own site
//!   (`own_site_min_places`, by the `capacity` its stratum's `hosted` member gives) in a
//!   parcel that holds other uses, or with less open ground on its parcel than the
//!   standard's outdoor play space per place ([`open_ground`]) — each naming the
//!   facility, the stratum and the rule; a park large enough for a tier but narrower than
//!   the tier's minimum width (it still counts, by area).

use geo::{ConvexHull, Coord};

use super::supply::{SIZE_MEMBERS, hosted_entry, lowest_storey, size_value};
use super::targets::park_area;
use crate::model::provision::ProvisionRule;
use crate::model::{Parcel, Plan, Problem, ProblemKind, Reference, Stratum};
use crate::msg;

/// Provision and siting problems of a plan (both scenarios).
pub fn siting_problems(plan: &Plan, reference: &Reference) -> Vec<Problem> {
    let mut problems = Vec::new();
    for facility in &plan.facilities {
        facility_sizes(facility, &mut problems);
    }
    for parcel in &plan.parcels {
        parcel_siting(parcel, reference, &mut problems);
    }
    problems
}

/// Errors in a facility's own sizes (capacity, floor and land area).
pub fn facility_sizes(facility: &crate::model::Facility, problems: &mut Vec<Problem>) {
    for name in SIZE_MEMBERS {
        if let Err(value) = size_value(&facility.meta.properties, name) {
            problems.push(bad_size(facility.id.as_str(), None, name, value));
        }
    }
}

/// The siting problems of one parcel: its strata's hosted sizes and siting rules, its
/// park width.
pub fn parcel_siting(parcel: &Parcel, reference: &Reference, problems: &mut Vec<Problem>) {
    for stratum in &parcel.strata {
        hosted_sizes(parcel, stratum, problems);
        for category in &stratum.facilities {
            if let Some(rule) = reference.standard.provision(category) {
                siting(parcel, stratum, category, rule, problems);
            }
        }
    }
    park_width(parcel, reference, problems);
}

fn bad_size(feature: &str, stratum: Option<&str>, name: &str, value: String) -> Problem {
    let what = match stratum {
        Some(s) => msg!("problem-size-where-hosted", stratum = s, name = name),
        None => msg!("text-as-is", text = name),
    };
    Problem::error(
        ProblemKind::InvalidProperty,
        Some(feature),
        msg!("problem-bad-size", what = what, value = value),
    )
}

/// Errors in a stratum's `hosted` member.
fn hosted_sizes(parcel: &Parcel, stratum: &Stratum, problems: &mut Vec<Problem>) {
    let Some(hosted) = stratum.extra.get("hosted") else {
        return;
    };
    let id = parcel.id.as_str();
    let Some(entries) = hosted.as_object() else {
        problems.push(Problem::error(
            ProblemKind::InvalidProperty,
            Some(id),
            msg!("problem-hosted-not-object", stratum = stratum.id.as_str()),
        ));
        return;
    };
    for (category, entry) in entries {
        let Some(members) = entry.as_object() else {
            problems.push(Problem::error(
                ProblemKind::InvalidProperty,
                Some(id),
                msg!("problem-hosted-not-object", stratum = stratum.id.as_str()),
            ));
            continue;
        };
        for name in SIZE_MEMBERS {
            if let Err(value) = size_value(members, name) {
                let place = format!("{}.{category}", stratum.id);
                problems.push(bad_size(id, Some(&place), name, value));
            }
        }
    }
}

/// Siting warnings of one hosted facility.
fn siting(
    parcel: &Parcel,
    stratum: &Stratum,
    category: &str,
    rule: &ProvisionRule,
    problems: &mut Vec<Problem>,
) {
    let id = parcel.id.as_str();
    let storey = lowest_storey(stratum);
    let warn = |rule_message| {
        Problem::warning(
            ProblemKind::SitingRule,
            Some(id),
            msg!(
                "problem-siting",
                category = category,
                stratum = stratum.id.as_str(),
                rule = rule_message,
                clause = rule.clause.as_str()
            ),
        )
    };
    if let Some(max) = rule.max_floor
        && storey > i64::from(max)
    {
        problems.push(warn(msg!(
            "siting-max-floor",
            storey = storey.to_string(),
            max = max.to_string()
        )));
    }
    if !rule.underground && stratum.z.top <= 0.0 {
        problems.push(warn(msg!("siting-underground")));
    }
    // Only a capacity the plan gives: one derived from a stratum shared with other uses
    // (its whole floor area) is too coarse to call a kindergarten four classes large.
    if let Some(min) = rule.own_site_min_places {
        let places =
            hosted_entry(stratum, category).and_then(|e| size_value(e, "capacity").ok().flatten());
        let shared = parcel.strata.iter().any(|s| {
            s.facilities.iter().any(|f| f != category)
                || s.uses.iter().any(|u| u.code.starts_with("07"))
        });
        if let Some(places) = places
            && places >= min
            && shared
        {
            problems.push(warn(msg!(
                "siting-own-site",
                places = format!("{places:.0}"),
                min = format!("{min:.0}")
            )));
        }
    }
    problems.extend(outdoor_space(parcel, stratum, category, rule));
}

/// The open ground of a parcel (m²): its area less the union of the footprints of the
/// building strata (`zoning::is_building`) that stand on the ground (bottom ≤ 0 < top).
/// Green and square strata at ground level (class 14, or `"building": false`) are open
/// ground; so is the ground under nothing at all.
pub fn open_ground(parcel: &Parcel) -> f64 {
    use geo::{Area, BooleanOps};
    let area = parcel.area().m2();
    let mut built = geo::MultiPolygon::new(Vec::new());
    for stratum in &parcel.strata {
        let on_ground = stratum.z.bottom <= 0.0 && stratum.z.top > 0.0;
        if !(on_ground && super::zoning::is_building(stratum)) {
            continue;
        }
        match &stratum.footprint {
            None => return 0.0,
            Some(f) => built = built.union(&geo::MultiPolygon::new(vec![f.clone()])),
        }
    }
    (area - built.unsigned_area()).max(0.0)
}

/// A hosted facility with less open ground on its parcel than its places need.
fn outdoor_space(
    parcel: &Parcel,
    stratum: &Stratum,
    category: &str,
    rule: &ProvisionRule,
) -> Option<Problem> {
    let per_place = rule.outdoor_per_place_m2?;
    // A capacity derived from a stratum shared with housing or other facilities (its
    // whole floor area) is too coarse to call for hectares of play ground: such a
    // stratum is checked by the capacity its `hosted` member gives only.
    let shared = stratum.facilities.iter().any(|f| f != category)
        || stratum.uses.iter().any(|u| u.code.starts_with("07"));
    let given =
        hosted_entry(stratum, category).and_then(|e| size_value(e, "capacity").ok().flatten());
    let places = match given {
        Some(places) => places,
        None if shared => return None,
        None => super::supply::hosted_supply(parcel, stratum, category, Some(rule)).places?,
    };
    let required = places * per_place;
    let open = open_ground(parcel);
    (open + 1e-6 < required).then(|| {
        Problem::warning(
            ProblemKind::SitingRule,
            Some(parcel.id.as_str()),
            msg!(
                "problem-siting",
                category = category,
                stratum = stratum.id.as_str(),
                rule = msg!(
                    "siting-outdoor",
                    places = format!("{places:.0}"),
                    per_place = format!("{per_place}"),
                    required = format!("{required:.0}"),
                    open = format!("{open:.0}")
                ),
                clause = rule.outdoor_clause.as_deref().unwrap_or(&rule.clause)
            ),
        )
    })
}

/// The minimum width of a polygon's convex hull (rotating calipers: for each hull edge,
/// the farthest hull point from its line; the least of these). For a rectangle its
/// shorter side; for a concave park an upper bound of its narrowest part.
pub fn hull_width(parcel: &Parcel) -> f64 {
    let hull = parcel.shape.convex_hull();
    let points: Vec<Coord<f64>> = hull.exterior().coords().copied().collect();
    let mut best = f64::INFINITY;
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let length = (b.x - a.x).hypot(b.y - a.y);
        if length <= 0.0 {
            continue;
        }
        let far = points
            .iter()
            .map(|p| ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)).abs() / length)
            .fold(0.0, f64::max);
        best = best.min(far);
    }
    if best.is_finite() { best } else { 0.0 }
}

/// A park large enough for a tier but narrower than the tier's minimum width.
fn park_width(parcel: &Parcel, reference: &Reference, problems: &mut Vec<Problem>) {
    let area = park_area(parcel);
    if area <= 0.0 {
        return;
    }
    let mut width = None;
    for tier in &reference.standard.tiers {
        if area < tier.park_min_area_m2 || tier.park_min_width_m <= 0.0 {
            continue;
        }
        let w = *width.get_or_insert_with(|| hull_width(parcel));
        if w < tier.park_min_width_m {
            problems.push(Problem::warning(
                ProblemKind::ParkTooNarrow,
                Some(parcel.id.as_str()),
                msg!(
                    "problem-park-too-narrow",
                    width = format!("{w:.1}"),
                    tier = tier.id.as_str(),
                    min = format!("{:.0}", tier.park_min_width_m)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Scenario, ZRange};
    use geo::{MultiPolygon, polygon};

    fn parcel(w: f64, h: f64) -> Parcel {
        let shape = polygon![(x: 0.0, y: 0.0), (x: w, y: 0.0), (x: w, y: h), (x: 0.0, y: h)];
        Parcel::new("p-1", Scenario::Proposed, MultiPolygon::new(vec![shape]))
    }

    #[test]
    fn a_kindergarten_on_the_sixth_floor_is_warned() {
        let mut p = parcel(60.0, 60.0);
        let mut s = Stratum::ground("s6", "080404");
        s.z = ZRange::new(15.0, 18.0);
        s.floors = Some(1);
        s.facilities = vec!["kindergarten".into()];
        p.strata.push(s);
        let mut plan = Plan::new(crate::model::LocalFrame::new(116.0, 39.0));
        plan.parcels.push(p);
        let problems = siting_problems(&plan, &Reference::default());
        let texts: Vec<String> = problems
            .iter()
            .map(|p| p.message.text_in(crate::i18n::Lang::En))
            .collect();
        assert!(
            texts
                .iter()
                .any(|t| t.contains("kindergarten") && t.contains("s6") && t.contains("storey 6")),
            "{texts:?}"
        );
        assert!(problems.iter().all(|p| p.feature.as_deref() == Some("p-1")));
    }

    #[test]
    fn a_large_kindergarten_sharing_its_parcel_needs_its_own_site() {
        let mut p = parcel(60.0, 60.0);
        let mut flats = Stratum::ground("s1", "0701");
        flats.z = ZRange::new(3.0, 30.0);
        p.strata.push(flats);
        let mut kg = Stratum::ground("s0", "080404");
        kg.facilities = vec!["kindergarten".into()];
        p.strata.push(kg);
        let mut plan = Plan::new(crate::model::LocalFrame::new(116.0, 39.0));
        plan.parcels.push(p.clone());
        let own_site = |plan: &Plan| {
            siting_problems(plan, &Reference::default())
                .iter()
                .any(|p| {
                    p.message
                        .text_in(crate::i18n::Lang::En)
                        .contains("own site")
                })
        };
        assert!(!own_site(&plan), "no capacity given: no warning");
        for (places, warned) in [(90, false), (180, true)] {
            plan.parcels[0].strata[1].extra =
                serde_json::json!({ "hosted": { "kindergarten": { "capacity": places } } })
                    .as_object()
                    .cloned()
                    .unwrap_or_default()
                    .into();
            assert_eq!(own_site(&plan), warned, "{places} places");
        }
    }

    /// A kindergarten of 100 places needs 400 m² of open ground (4 m² a place). On a
    /// 30 × 30 m parcel (900 m²) whose ground-floor kindergarten covers 25 × 30 m, 150 m²
    /// stay open: warned. A 20 × 30 m footprint leaves 300 m²: still warned; on a 40 × 30
    /// parcel with a 20 × 30 footprint and a green stratum on the rest, 600 m²: fine.
    #[test]
    fn a_kindergarten_without_outdoor_play_space_is_warned() {
        let outdoor = |w: f64, built: f64, green: bool| {
            let mut p = parcel(w, 30.0);
            let mut kg = Stratum::ground("s1", "080404");
            kg.z = ZRange::new(0.0, 8.0);
            kg.footprint = Some(
                polygon![(x: 0.0, y: 0.0), (x: built, y: 0.0), (x: built, y: 30.0), (x: 0.0, y: 30.0)],
            );
            kg.facilities = vec!["kindergarten".into()];
            kg.extra = serde_json::json!({ "hosted": { "kindergarten": { "capacity": 100 } } })
                .as_object()
                .cloned()
                .unwrap_or_default()
                .into();
            p.strata.push(kg);
            if green {
                let mut g = Stratum::ground("s2", "1401");
                g.footprint = Some(
                    polygon![(x: built, y: 0.0), (x: w, y: 0.0), (x: w, y: 30.0), (x: built, y: 30.0)],
                );
                p.strata.push(g);
            }
            assert!((open_ground(&p) - (w - built) * 30.0).abs() < 1e-6);
            let mut plan = Plan::new(crate::model::LocalFrame::new(116.0, 39.0));
            plan.parcels.push(p);
            siting_problems(&plan, &Reference::default())
                .iter()
                .map(|p| p.message.text_in(crate::i18n::Lang::En))
                .find(|t| t.contains("outdoor play"))
        };
        let warned = outdoor(30.0, 25.0, false).expect("warned");
        assert!(
            warned.contains("100 places") && warned.contains("400 m²") && warned.contains("150 m²"),
            "{warned}"
        );
        assert!(
            warned.contains("s1") && warned.contains("JGJ 39"),
            "{warned}"
        );
        assert!(outdoor(30.0, 20.0, false).is_some());
        assert_eq!(outdoor(40.0, 20.0, true), None);
        // Housing above a kindergarten in one stratum, no capacity given: its derived
        // places (the whole stratum's floor) are not checked.
        let mut p = parcel(30.0, 30.0);
        let mut mixed = Stratum::ground("s1", "0701");
        mixed.z = ZRange::new(0.0, 36.0);
        mixed.floors = Some(12);
        mixed.facilities = vec!["kindergarten".into()];
        p.strata.push(mixed);
        let mut plan = Plan::new(crate::model::LocalFrame::new(116.0, 39.0));
        plan.parcels.push(p);
        let texts: Vec<String> = siting_problems(&plan, &Reference::default())
            .iter()
            .map(|p| p.message.text_in(crate::i18n::Lang::En))
            .collect();
        assert!(
            !texts.iter().any(|t| t.contains("outdoor play")),
            "{texts:?}"
        );
    }

    #[test]
    fn a_narrow_park_is_warned_with_its_width() {
        let mut p = parcel(40.0, 400.0); // 1.6 ha: a 10-minute park by area, 40 m wide
        p.strata.push(Stratum::ground("s1", "1401"));
        assert!((hull_width(&p) - 40.0).abs() < 1e-9);
        let mut plan = Plan::new(crate::model::LocalFrame::new(116.0, 39.0));
        plan.parcels.push(p);
        let problems = siting_problems(&plan, &Reference::default());
        let texts: Vec<String> = problems
            .iter()
            .map(|p| p.message.text_in(crate::i18n::Lang::En))
            .collect();
        assert!(
            texts
                .iter()
                .any(|t| t.contains("40.0") && t.contains("10min") && t.contains("50")),
            "{texts:?}"
        );
        assert!(
            !texts.iter().any(|t| t.contains("5min")),
            "40 m is wide enough for 5min: {texts:?}"
        );
    }
}
