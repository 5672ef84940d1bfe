//! Validation of a plan (`strata check`): errors make analysis results misleading,
//! warnings are worth a look. Every problem names the feature it concerns.

use std::collections::HashMap;

use geo::algorithm::Validation;
use geo::algorithm::validation::{InvalidMultiPolygon, InvalidPolygon};
use geo::{
    Area, BooleanOps, BoundingRect, Distance, Euclidean, Length, MultiPolygon, Polygon, Rect,
};

use super::index::BoxIndex;
use crate::model::{Parcel, Plan, Problem, ProblemKind, Reference, Scenario, Stratum, Street};

/// Overlaps of strata footprints above this area (m²) are rights conflicts; smaller
/// positive overlaps are slivers (a warning).
pub const CONFLICT_MIN_M2: f64 = 1.0;
/// Overlaps below this (m²) are numerical noise of shared edges, not slivers.
const SLIVER_MIN_M2: f64 = 1e-4;
/// A ring has zero area when it encloses less than this fraction of its perimeter
/// squared: relative, because points collinear in longitude/latitude are not exactly
/// collinear in the projected frame (parallels are curved there).
const ZERO_AREA_RATIO: f64 = 1e-6;
/// Shares must sum to 1 within this tolerance.
pub const SHARE_TOLERANCE: f64 = 0.001;

/// Validates a plan against the built-in classification and standard.
///
/// ```
/// let text = br#"{"type": "FeatureCollection", "features": [
///   {"type": "Feature", "id": "p-1", "properties": {"kind": "parcel", "strata": [
///      {"id": "s1", "z": [0, 3], "uses": [{"code": "0799", "share": 1.0}]}]},
///    "geometry": {"type": "Polygon", "coordinates":
///      [[[120.0, 30.0], [120.001, 30.0], [120.001, 30.001], [120.0, 30.0]]]}}]}"#;
/// let plan = strata::io::read_plan(text, &Default::default()).unwrap().plan;
/// let problems = strata::analysis::validate(&plan);
/// assert!(problems.iter().any(|p| p.kind.as_str() == "unknown-land-use"));
/// ```
pub fn validate(plan: &Plan) -> Vec<Problem> {
    validate_with(plan, &Reference::default())
}

/// Validates a plan against the given reference data.
pub fn validate_with(plan: &Plan, reference: &Reference) -> Vec<Problem> {
    let mut problems = Vec::new();
    duplicate_ids(plan, &mut problems);
    let mut geometry_ok = Vec::with_capacity(plan.parcels.len());
    for parcel in &plan.parcels {
        geometry_ok.push(check_parcel(parcel, reference, &mut problems));
    }
    check_facilities(plan, reference, |_| true, &mut problems);
    for scenario in Scenario::ALL {
        rights_conflicts(plan, scenario, &geometry_ok, &mut problems);
    }
    problems
}

/// The problems of some facilities only (what `validate_with` reports for them, save
/// duplicate ids): after an edit that moved, added or changed only facilities, the
/// editor re-checks those instead of the whole plan.
pub fn validate_facilities(
    plan: &Plan,
    reference: &Reference,
    ids: &[crate::model::FacilityId],
) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_facilities(plan, reference, |f| ids.contains(&f.id), &mut problems);
    problems
}

fn check_facilities(
    plan: &Plan,
    reference: &Reference,
    wanted: impl Fn(&crate::model::Facility) -> bool,
    problems: &mut Vec<Problem>,
) {
    for facility in plan.facilities.iter().filter(|f| wanted(f)) {
        if reference.standard.category(&facility.category).is_none() {
            problems.push(Problem::error(
                ProblemKind::UnknownFacilityCategory,
                Some(facility.id.as_str()),
                format!(
                    "category {:?} is not in the standard {}",
                    facility.category, reference.standard.id
                ),
            ));
        }
    }
    facilities_off_network(plan, reference, &wanted, problems);
}

fn duplicate_ids(plan: &Plan, problems: &mut Vec<Problem>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let ids = plan
        .parcels
        .iter()
        .map(|p| p.id.as_str())
        .chain(plan.facilities.iter().map(|f| f.id.as_str()))
        .chain(plan.streets.iter().map(|s| s.id.as_str()))
        .chain(plan.others.iter().filter_map(|o| o.id.as_deref()));
    for id in ids {
        *seen.entry(id).or_default() += 1;
    }
    let mut duplicates: Vec<_> = seen.into_iter().filter(|&(_, n)| n > 1).collect();
    duplicates.sort();
    for (id, n) in duplicates {
        problems.push(Problem::error(
            ProblemKind::DuplicateId,
            Some(id),
            format!("{n} features have the id {id:?}; ids must be unique"),
        ));
    }
    for parcel in &plan.parcels {
        let mut strata: HashMap<&str, usize> = HashMap::new();
        for s in &parcel.strata {
            *strata.entry(s.id.as_str()).or_default() += 1;
        }
        for (sid, n) in strata.into_iter().filter(|&(_, n)| n > 1) {
            problems.push(Problem::error(
                ProblemKind::DuplicateId,
                Some(parcel.id.as_str()),
                format!("{n} strata have the id {sid:?}"),
            ));
        }
    }
}

/// Checks one parcel; returns whether its geometry is valid (usable for overlaps).
fn check_parcel(parcel: &Parcel, reference: &Reference, problems: &mut Vec<Problem>) -> bool {
    let id = parcel.id.as_str();
    let geometry_ok = check_polygons(&parcel.shape, id, "", problems);
    if let Some(population) = parcel.population
        && !(population.is_finite() && population >= 0.0)
    {
        problems.push(Problem::error(
            ProblemKind::InvalidProperty,
            Some(id),
            format!("population {population} is not a number ≥ 0"),
        ));
    }
    for stratum in &parcel.strata {
        check_stratum(parcel, stratum, geometry_ok, reference, problems);
    }
    if parcel.is_residential() && parcel.population.is_none() {
        let has_floors = parcel
            .strata
            .iter()
            .any(|s| s.share_of_class("07") > 0.0 && s.floors.unwrap_or(0) > 0);
        if !has_floors {
            problems.push(Problem::warning(
                ProblemKind::NoPopulation,
                Some(id),
                "residential parcel with no population and no floors: it counts no residents",
            ));
        }
    }
    let is_park = parcel.strata.iter().any(|s| s.share_of_class("1401") > 0.0);
    let smallest = reference.standard.smallest_park_m2();
    if is_park && geometry_ok && parcel.area().m2() < smallest {
        problems.push(Problem::warning(
            ProblemKind::ParkTooSmall,
            Some(id),
            format!(
                "park green of {:.0} m² is below the smallest park of the standard ({smallest:.0} m²): it serves no tier",
                parcel.area().m2()
            ),
        ));
    }
    geometry_ok
}

fn check_polygons(
    shape: &MultiPolygon<f64>,
    id: &str,
    what: &str,
    problems: &mut Vec<Problem>,
) -> bool {
    let mut ok = true;
    for (part, polygon) in shape.0.iter().enumerate() {
        let label = if shape.0.len() > 1 {
            format!("{what}part {}", part + 1)
        } else {
            format!("{what}polygon")
        };
        let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
        for (r, ring) in rings.enumerate() {
            let area = Polygon::new(ring.clone(), vec![]).unsigned_area();
            let perimeter = Euclidean.length(ring);
            if area <= ZERO_AREA_RATIO * perimeter * perimeter && ring.0.len() >= 4 {
                let role = if r == 0 {
                    "exterior ring".to_owned()
                } else {
                    format!("hole {r}")
                };
                problems.push(Problem::error(
                    ProblemKind::ZeroArea,
                    Some(id),
                    format!("{label} {role} encloses no area (its points are collinear)"),
                ));
                ok = false;
            }
        }
    }
    if !ok {
        return false;
    }
    for invalid in shape.validation_errors() {
        let (kind, message) = match invalid {
            InvalidMultiPolygon::InvalidPolygon(index, inner) => {
                let label = if shape.0.len() > 1 {
                    format!("{what}part {}", index.0 + 1)
                } else {
                    format!("{what}polygon")
                };
                let kind = match inner {
                    InvalidPolygon::TooFewPointsInRing(_) => ProblemKind::RingTooFewPoints,
                    InvalidPolygon::SelfIntersection(_) => ProblemKind::SelfIntersection,
                    InvalidPolygon::NonFiniteCoord(..) => ProblemKind::MalformedCoordinates,
                    InvalidPolygon::InteriorRingNotContainedInExteriorRing(_) => {
                        ProblemKind::HoleOutsideShell
                    }
                    InvalidPolygon::IntersectingRingsOnALine(..)
                    | InvalidPolygon::IntersectingRingsOnAnArea(..) => {
                        ProblemKind::SelfIntersection
                    }
                };
                (kind, format!("{label}: {inner}"))
            }
            InvalidMultiPolygon::ElementsOverlaps(a, b) => (
                ProblemKind::OverlappingParts,
                format!("{what}parts {} and {} overlap", a.0 + 1, b.0 + 1),
            ),
            InvalidMultiPolygon::ElementsTouchOnALine(a, b) => (
                ProblemKind::OverlappingParts,
                format!(
                    "{what}parts {} and {} share an edge; merge them into one part",
                    a.0 + 1,
                    b.0 + 1
                ),
            ),
        };
        problems.push(Problem::error(kind, Some(id), message));
        ok = false;
    }
    ok
}

fn check_stratum(
    parcel: &Parcel,
    stratum: &Stratum,
    parcel_ok: bool,
    reference: &Reference,
    problems: &mut Vec<Problem>,
) {
    let id = parcel.id.as_str();
    let what = format!("stratum {}", stratum.id);
    let z = stratum.z;
    if !(z.bottom.is_finite() && z.top.is_finite()) || z.bottom >= z.top {
        problems.push(Problem::error(
            ProblemKind::InvalidZ,
            Some(id),
            format!("{what}: z [{}, {}] must have bottom < top", z.bottom, z.top),
        ));
    }
    if stratum.uses.is_empty() {
        problems.push(Problem::error(
            ProblemKind::SharesNotOne,
            Some(id),
            format!("{what} has no uses; give it at least one land-use code"),
        ));
    }
    for u in &stratum.uses {
        if !reference.classification.contains(&u.code) {
            problems.push(Problem::error(
                ProblemKind::UnknownLandUse,
                Some(id),
                format!(
                    "{what}: land-use code {:?} is not in the classification {}",
                    u.code, reference.classification.id
                ),
            ));
        }
    }
    let uses: Vec<_> = stratum
        .uses
        .iter()
        .map(|u| (u.code.as_str(), u.share))
        .collect();
    check_shares(&uses, id, &what, "uses", problems);
    if stratum.holders.is_empty() {
        problems.push(Problem::warning(
            ProblemKind::NoHolder,
            Some(id),
            format!("{what} has no right holder"),
        ));
    } else {
        let holders: Vec<_> = stratum
            .holders
            .iter()
            .map(|h| (h.name.as_str(), h.share))
            .collect();
        check_shares(&holders, id, &what, "holders", problems);
    }
    if stratum.right.is_none() {
        problems.push(Problem::warning(
            ProblemKind::NoRight,
            Some(id),
            format!("{what} has no right type"),
        ));
    }
    if let Some(years) = stratum.term.as_ref().and_then(|t| t.years)
        && !(years.is_finite() && years > 0.0)
    {
        problems.push(Problem::error(
            ProblemKind::InvalidProperty,
            Some(id),
            format!("{what}: term of {years} years is not a positive number"),
        ));
    }
    for category in &stratum.facilities {
        if reference.standard.category(category).is_none() {
            problems.push(Problem::error(
                ProblemKind::UnknownFacilityCategory,
                Some(id),
                format!(
                    "{what} hosts {category:?}, which is not a category of the standard {}",
                    reference.standard.id
                ),
            ));
        }
    }
    if let Some(footprint) = &stratum.footprint {
        let footprint = MultiPolygon::new(vec![footprint.clone()]);
        let footprint_ok = check_polygons(&footprint, id, &format!("{what} footprint "), problems);
        if footprint_ok && parcel_ok {
            let outside = footprint.difference(&parcel.shape).unsigned_area();
            if outside > CONFLICT_MIN_M2 {
                problems.push(Problem::error(
                    ProblemKind::FootprintOutsideParcel,
                    Some(id),
                    format!("{what}: footprint extends {outside:.1} m² outside the parcel"),
                ));
            }
        }
    }
}

fn check_shares(
    shares: &[(&str, f64)],
    id: &str,
    what: &str,
    list: &str,
    problems: &mut Vec<Problem>,
) {
    let mut valid = true;
    for &(label, share) in shares {
        if !share.is_finite() || share < 0.0 {
            problems.push(Problem::error(
                ProblemKind::InvalidShare,
                Some(id),
                format!(
                    "{what}: {list} share of {label} is {share}; shares are numbers from 0 to 1"
                ),
            ));
            valid = false;
        }
    }
    let sum: f64 = shares.iter().map(|&(_, s)| s).sum();
    if valid && !shares.is_empty() && (sum - 1.0).abs() > SHARE_TOLERANCE {
        problems.push(Problem::error(
            ProblemKind::SharesNotOne,
            Some(id),
            format!("{what}: {list} shares sum to {sum:.4}, not 1"),
        ));
    }
}

fn facilities_off_network(
    plan: &Plan,
    reference: &Reference,
    wanted: &impl Fn(&crate::model::Facility) -> bool,
    problems: &mut Vec<Problem>,
) {
    let limit = reference.standard.off_network_m;
    for scenario in Scenario::ALL {
        let streets: Vec<&Street> = plan.streets_in(scenario).filter(|s| s.walkable).collect();
        if streets.is_empty() {
            continue; // No network in this scenario: distances are straight-line only.
        }
        let index = BoxIndex::from_rects(streets.iter().map(|s| s.line.bounding_rect()));
        for facility in plan.facilities_in(scenario).filter(|f| wanted(f)) {
            let p = facility.position;
            let near = index
                .within([p.x(), p.y()], limit)
                .any(|i| Euclidean.distance(&p, &streets[i].line) <= limit);
            if !near {
                problems.push(Problem::warning(
                    ProblemKind::FacilityOffNetwork,
                    Some(facility.id.as_str()),
                    format!("facility is farther than {limit:.0} m from any walkable street: it is not on the walking network"),
                ));
            }
        }
    }
}

struct Footprint<'a> {
    parcel: &'a Parcel,
    stratum: &'a Stratum,
    shape: MultiPolygon<f64>,
    rect: Option<Rect<f64>>,
}

/// Two strata conflict when their footprints overlap by more than 1 m² and their
/// half-open vertical ranges overlap. Candidate pairs come from an R-tree.
fn rights_conflicts(
    plan: &Plan,
    scenario: Scenario,
    geometry_ok: &[bool],
    problems: &mut Vec<Problem>,
) {
    let footprints: Vec<Footprint> = plan
        .parcels
        .iter()
        .zip(geometry_ok)
        .filter(|(p, ok)| **ok && p.scenario == scenario)
        .flat_map(|(parcel, _)| {
            parcel
                .strata
                .iter()
                .filter(|s| s.z.bottom < s.z.top)
                .map(move |stratum| {
                    let shape = parcel.stratum_shape(stratum);
                    let rect = shape.bounding_rect();
                    Footprint {
                        parcel,
                        stratum,
                        shape,
                        rect,
                    }
                })
        })
        .collect();
    let index = BoxIndex::from_rects(footprints.iter().map(|f| f.rect));
    for (i, a) in footprints.iter().enumerate() {
        let Some(rect) = a.rect else { continue };
        let mut candidates: Vec<usize> = index.intersecting(rect).filter(|&j| j > i).collect();
        candidates.sort_unstable();
        for j in candidates {
            let b = &footprints[j];
            if !a.stratum.z.overlaps(&b.stratum.z) {
                continue;
            }
            if let Some(rb) = b.rect
                && overlap_of_rects(rect, rb) <= SLIVER_MIN_M2
            {
                continue;
            }
            let area = a.shape.intersection(&b.shape).unsigned_area();
            let pair = if a.parcel.id == b.parcel.id {
                format!(
                    "strata {} and {} of this parcel",
                    a.stratum.id, b.stratum.id
                )
            } else {
                format!(
                    "stratum {} and {} stratum {}",
                    a.stratum.id, b.parcel.id, b.stratum.id
                )
            };
            let heights = format!(
                "z [{}, {}) and [{}, {})",
                a.stratum.z.bottom, a.stratum.z.top, b.stratum.z.bottom, b.stratum.z.top
            );
            if area > CONFLICT_MIN_M2 {
                problems.push(Problem::error(
                    ProblemKind::RightsConflict,
                    Some(a.parcel.id.as_str()),
                    format!("{pair} overlap by {area:.1} m² at overlapping heights ({heights}, {} scenario)", scenario.as_str()),
                ).with_other(b.parcel.id.as_str()));
            } else if area > SLIVER_MIN_M2 {
                problems.push(Problem::warning(
                    ProblemKind::Sliver,
                    Some(a.parcel.id.as_str()),
                    format!("{pair} overlap by a sliver of {area:.3} m² ({heights})"),
                ));
            }
        }
    }
}

fn overlap_of_rects(a: Rect<f64>, b: Rect<f64>) -> f64 {
    let w = a.max().x.min(b.max().x) - a.min().x.max(b.min().x);
    let h = a.max().y.min(b.max().y) - a.min().y.max(b.min().y);
    if w <= 0.0 || h <= 0.0 { 0.0 } else { w * h }
}
