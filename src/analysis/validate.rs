//! Validation of a plan (`strata check`): errors make analysis results misleading,
//! warnings are worth a look. Every problem names the feature it concerns.

use std::collections::HashMap;

use geo::algorithm::Validation;
use geo::algorithm::validation::{InvalidMultiPolygon, InvalidPolygon};
use geo::{
    Area, BooleanOps, BoundingRect, Distance, Euclidean, Length, MultiPolygon, Point, Polygon, Rect,
};
use rayon::prelude::*;

use super::index::{BoxIndex, rect_distance};
use crate::i18n::Message;
use crate::model::{Parcel, Plan, Problem, ProblemKind, Reference, Scenario, Stratum, Street};
use crate::msg;

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
    validate_tracking(plan, reference).0
}

/// `validate_with`, and whether each parcel's geometry passed (what a re-check after an
/// edit needs, `recheck::Checked`).
pub(super) fn validate_tracking(plan: &Plan, reference: &Reference) -> (Vec<Problem>, Vec<bool>) {
    use crate::timings::stage;
    let mut problems = Vec::new();
    duplicate_ids(plan, &mut problems);
    super::rights_check::plan_unit_codes(plan, &mut problems);
    let mut geometry_ok = Vec::with_capacity(plan.parcels.len());
    stage("parcels and strata", || {
        // Parcels are checked on their own: in parallel, the problems kept in order.
        let checked: Vec<(bool, Vec<Problem>)> = plan
            .parcels
            .par_iter()
            .map(|parcel| {
                let mut found = Vec::new();
                (check_parcel(parcel, reference, &mut found), found)
            })
            .collect();
        for (ok, found) in checked {
            geometry_ok.push(ok);
            problems.extend(found);
        }
    });
    stage("facilities", || {
        check_facilities(plan, reference, |_| true, &mut problems)
    });
    stage("rights conflicts", || {
        problems.extend(both_scenarios_conflicts(plan, &geometry_ok));
    });
    problems.extend(stage("provision and siting", || {
        super::siting::siting_problems(plan, reference)
    }));
    problems.extend(stage("zoning checks", || {
        super::zoning_check::zoning_problems(plan, reference, &geometry_ok)
    }));
    (problems, geometry_ok)
}

/// The rights conflicts of a plan and the slivers found with them, as `validate_with`
/// reports them (same problems, same order) without its other checks: `strata analyze`
/// lists the conflicts, and need not validate the whole plan a second time for them.
pub fn rights_conflicts_of(plan: &Plan) -> Vec<Problem> {
    let geometry_ok: Vec<bool> = plan
        .parcels
        .iter()
        .map(|p| check_polygons(&p.shape, p.id.as_str(), None, &mut Vec::new()))
        .collect();
    both_scenarios_conflicts(plan, &geometry_ok)
}

/// The rights conflicts of the existing scenario, then the proposed one's. The two are
/// worked out side by side: each builds its R-tree on one core.
fn both_scenarios_conflicts(plan: &Plan, geometry_ok: &[bool]) -> Vec<Problem> {
    let [first, second] = Scenario::ALL;
    let (mut problems, later) = rayon::join(
        || rights_conflicts(plan, first, geometry_ok),
        || rights_conflicts(plan, second, geometry_ok),
    );
    problems.extend(later);
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

pub(super) fn check_facilities(
    plan: &Plan,
    reference: &Reference,
    wanted: impl Fn(&crate::model::Facility) -> bool,
    problems: &mut Vec<Problem>,
) {
    for facility in plan.facilities.iter().filter(|f| wanted(f)) {
        if !reference.standard.knows_facility(&facility.category) {
            problems.push(Problem::error(
                ProblemKind::UnknownFacilityCategory,
                Some(facility.id.as_str()),
                msg!(
                    "problem-unknown-category",
                    category = format!("{:?}", facility.category),
                    standard = &reference.standard.id,
                ),
            ));
        }
    }
    facilities_off_network(plan, reference, &wanted, problems);
}

fn duplicate_ids(plan: &Plan, problems: &mut Vec<Problem>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for id in all_ids(plan) {
        *seen.entry(id).or_default() += 1;
    }
    let mut duplicates: Vec<_> = seen.into_iter().filter(|&(_, n)| n > 1).collect();
    duplicates.sort();
    for (id, n) in duplicates {
        problems.push(duplicate_problem(id, n));
    }
    for parcel in &plan.parcels {
        stratum_duplicates(parcel, problems);
    }
}

/// Every feature id of the plan, parcels first.
pub(super) fn all_ids(plan: &Plan) -> impl Iterator<Item = &str> {
    plan.parcels
        .iter()
        .map(|p| p.id.as_str())
        .chain(other_ids(plan))
}

/// The ids of every feature but the parcels.
pub(super) fn other_ids(plan: &Plan) -> impl Iterator<Item = &str> {
    plan.facilities
        .iter()
        .map(|f| f.id.as_str())
        .chain(plan.streets.iter().map(|s| s.id.as_str()))
        .chain(plan.others.iter().filter_map(|o| o.id.as_deref()))
}

/// The problem of an id used by `n` features.
pub(super) fn duplicate_problem(id: &str, n: usize) -> Problem {
    Problem::error(
        ProblemKind::DuplicateId,
        Some(id),
        msg!(
            "problem-duplicate-id",
            n = n.to_string(),
            id = format!("{id:?}")
        ),
    )
}

/// The problems of stratum ids used twice in one parcel.
pub(super) fn stratum_duplicates(parcel: &Parcel, problems: &mut Vec<Problem>) {
    let mut strata: HashMap<&str, usize> = HashMap::new();
    for s in &parcel.strata {
        *strata.entry(s.id.as_str()).or_default() += 1;
    }
    for (sid, n) in strata.into_iter().filter(|&(_, n)| n > 1) {
        problems.push(Problem::error(
            ProblemKind::DuplicateId,
            Some(parcel.id.as_str()),
            msg!(
                "problem-duplicate-stratum",
                n = n.to_string(),
                id = format!("{sid:?}")
            ),
        ));
    }
}

/// Checks one parcel; returns whether its geometry is valid (usable for overlaps).
pub(super) fn check_parcel(
    parcel: &Parcel,
    reference: &Reference,
    problems: &mut Vec<Problem>,
) -> bool {
    let id = parcel.id.as_str();
    let geometry_ok = check_polygons(&parcel.shape, id, None, problems);
    if let Some(population) = parcel.population
        && !(population.is_finite() && population >= 0.0)
    {
        problems.push(Problem::error(
            ProblemKind::InvalidProperty,
            Some(id),
            msg!("problem-population", value = population.to_string()),
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
                msg!("problem-no-population"),
            ));
        }
    }
    let is_park = parcel.strata.iter().any(|s| s.share_of_class("1401") > 0.0);
    let smallest = reference.standard.smallest_park_m2();
    if is_park && geometry_ok && parcel.area().m2() < smallest {
        problems.push(Problem::warning(
            ProblemKind::ParkTooSmall,
            Some(id),
            msg!(
                "problem-park-too-small",
                area = format!("{:.0}", parcel.area().m2()),
                smallest = format!("{smallest:.0}"),
            ),
        ));
    }
    geometry_ok
}

/// `what` before `message` ("stratum s1 footprint" before "part 2"), or `message` alone.
fn prefixed(what: Option<&Message>, message: Message) -> Message {
    match what {
        Some(what) => msg!("frag-seq", a = what.clone(), b = message),
        None => message,
    }
}

/// "part N" of a multipolygon of several parts, else "polygon", after `what`.
fn part_label(what: Option<&Message>, parts: usize, part: usize) -> Message {
    let label = if parts > 1 {
        msg!("frag-part", n = (part + 1).to_string())
    } else {
        msg!("frag-polygon")
    };
    prefixed(what, label)
}

pub(super) fn check_polygons(
    shape: &MultiPolygon<f64>,
    id: &str,
    what: Option<&Message>,
    problems: &mut Vec<Problem>,
) -> bool {
    let mut ok = true;
    for (part, polygon) in shape.0.iter().enumerate() {
        let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
        for (r, ring) in rings.enumerate() {
            let area = Polygon::new(ring.clone(), vec![]).unsigned_area();
            let perimeter = Euclidean.length(ring);
            if area <= ZERO_AREA_RATIO * perimeter * perimeter && ring.0.len() >= 4 {
                let label = part_label(what, shape.0.len(), part);
                let role = if r == 0 {
                    msg!("frag-exterior-ring")
                } else {
                    msg!("frag-hole", n = r.to_string())
                };
                problems.push(Problem::error(
                    ProblemKind::ZeroArea,
                    Some(id),
                    msg!(
                        "problem-zero-area",
                        ring = msg!("frag-seq", a = label.clone(), b = role)
                    ),
                ));
                ok = false;
            }
        }
    }
    if !ok {
        return false;
    }
    if super::polygon_checks::valid_simple_polygon(shape) {
        return true; // What geo's validation would find: nothing (most parcels).
    }
    for invalid in shape.validation_errors() {
        let (kind, message) = invalid_problem(invalid, what, shape.0.len());
        problems.push(Problem::error(kind, Some(id), message));
        ok = false;
    }
    ok
}

/// What geo's validation found in one part (or between parts) of a shape of `parts`
/// polygons, as a problem's kind and message.
fn invalid_problem(
    invalid: InvalidMultiPolygon,
    what: Option<&Message>,
    parts: usize,
) -> (ProblemKind, Message) {
    match invalid {
        InvalidMultiPolygon::InvalidPolygon(index, inner) => {
            let label = part_label(what, parts, index.0);
            let kind = match inner {
                InvalidPolygon::TooFewPointsInRing(_) => ProblemKind::RingTooFewPoints,
                InvalidPolygon::SelfIntersection(_) => ProblemKind::SelfIntersection,
                InvalidPolygon::NonFiniteCoord(..) => ProblemKind::MalformedCoordinates,
                InvalidPolygon::InteriorRingNotContainedInExteriorRing(_) => {
                    ProblemKind::HoleOutsideShell
                }
                InvalidPolygon::IntersectingRingsOnALine(..)
                | InvalidPolygon::IntersectingRingsOnAnArea(..) => ProblemKind::SelfIntersection,
            };
            let reason = crate::model::polygon_reason(&inner);
            (
                kind,
                msg!("problem-invalid-polygon", label = label, reason = reason),
            )
        }
        InvalidMultiPolygon::ElementsOverlaps(a, b) => (
            ProblemKind::OverlappingParts,
            prefixed(
                what,
                msg!(
                    "problem-parts-overlap",
                    a = (a.0 + 1).to_string(),
                    b = (b.0 + 1).to_string()
                ),
            ),
        ),
        InvalidMultiPolygon::ElementsTouchOnALine(a, b) => (
            ProblemKind::OverlappingParts,
            prefixed(
                what,
                msg!(
                    "problem-parts-share-edge",
                    a = (a.0 + 1).to_string(),
                    b = (b.0 + 1).to_string()
                ),
            ),
        ),
    }
}

fn check_stratum(
    parcel: &Parcel,
    stratum: &Stratum,
    parcel_ok: bool,
    reference: &Reference,
    problems: &mut Vec<Problem>,
) {
    let id = parcel.id.as_str();
    let what = msg!("frag-stratum", id = stratum.id.as_str());
    let z = stratum.z;
    if !(z.bottom.is_finite() && z.top.is_finite()) || z.bottom >= z.top {
        problems.push(Problem::error(
            ProblemKind::InvalidZ,
            Some(id),
            msg!(
                "problem-invalid-z",
                what = what.clone(),
                bottom = z.bottom.to_string(),
                top = z.top.to_string(),
            ),
        ));
    }
    check_uses(id, stratum, &what, reference, problems);
    check_holders_right_term(id, stratum, &what, problems);
    super::rights_check::check_stratum_rights(parcel, stratum, problems);
    check_hosted_facilities(id, stratum, &what, reference, problems);
    check_footprint(parcel, stratum, parcel_ok, &what, problems);
}

/// A stratum's uses: at least one, each known to the classification, shares summing to 1.
fn check_uses(
    id: &str,
    stratum: &Stratum,
    what: &Message,
    reference: &Reference,
    problems: &mut Vec<Problem>,
) {
    if stratum.uses.is_empty() {
        problems.push(Problem::error(
            ProblemKind::SharesNotOne,
            Some(id),
            msg!("problem-no-uses", what = what.clone()),
        ));
    }
    for u in &stratum.uses {
        if !reference.classification.contains(&u.code) {
            problems.push(Problem::error(
                ProblemKind::UnknownLandUse,
                Some(id),
                msg!(
                    "problem-unknown-land-use",
                    what = what.clone(),
                    code = format!("{:?}", u.code),
                    classification = &reference.classification.id,
                ),
            ));
        }
    }
    let uses: Vec<_> = stratum
        .uses
        .iter()
        .map(|u| (u.code.as_str(), u.share))
        .collect();
    check_shares(&uses, id, what, msg!("frag-uses"), problems);
}

/// A stratum's holders (their shares summing to 1), right and term.
fn check_holders_right_term(
    id: &str,
    stratum: &Stratum,
    what: &Message,
    problems: &mut Vec<Problem>,
) {
    if stratum.holders.is_empty() {
        problems.push(Problem::warning(
            ProblemKind::NoHolder,
            Some(id),
            msg!("problem-no-holder", what = what.clone()),
        ));
    } else {
        let holders: Vec<_> = stratum
            .holders
            .iter()
            .map(|h| (h.name.as_str(), h.share))
            .collect();
        check_shares(&holders, id, what, msg!("frag-holders"), problems);
    }
    if stratum.right.is_none() {
        problems.push(Problem::warning(
            ProblemKind::NoRight,
            Some(id),
            msg!("problem-no-right", what = what.clone()),
        ));
    }
    if let Some(years) = stratum.term.as_ref().and_then(|t| t.years)
        && !(years.is_finite() && years > 0.0)
    {
        problems.push(Problem::error(
            ProblemKind::InvalidProperty,
            Some(id),
            msg!(
                "problem-term",
                what = what.clone(),
                years = years.to_string()
            ),
        ));
    }
}

/// The facility categories a stratum hosts, each known to the standard.
fn check_hosted_facilities(
    id: &str,
    stratum: &Stratum,
    what: &Message,
    reference: &Reference,
    problems: &mut Vec<Problem>,
) {
    for category in &stratum.facilities {
        if !reference.standard.knows_facility(category) {
            problems.push(Problem::error(
                ProblemKind::UnknownFacilityCategory,
                Some(id),
                msg!(
                    "problem-hosts-unknown",
                    what = what.clone(),
                    category = format!("{category:?}"),
                    standard = &reference.standard.id,
                ),
            ));
        }
    }
}

/// A stratum's own footprint: a valid polygon, and (when the parcel's geometry is valid
/// too) no more than 1 m² of it outside the parcel.
fn check_footprint(
    parcel: &Parcel,
    stratum: &Stratum,
    parcel_ok: bool,
    what: &Message,
    problems: &mut Vec<Problem>,
) {
    let id = parcel.id.as_str();
    if let Some(polygon) = &stratum.footprint {
        let footprint = MultiPolygon::new(vec![polygon.clone()]);
        let footprint_what = msg!("frag-footprint", what = what.clone());
        let footprint_ok = check_polygons(&footprint, id, Some(&footprint_what), problems);
        if footprint_ok && parcel_ok {
            let outside = if super::polygon_checks::clearly_inside(polygon, &parcel.shape) {
                0.0
            } else {
                footprint.difference(&parcel.shape).unsigned_area()
            };
            if outside > CONFLICT_MIN_M2 {
                problems.push(Problem::error(
                    ProblemKind::FootprintOutsideParcel,
                    Some(id),
                    msg!(
                        "problem-footprint-outside",
                        what = what.clone(),
                        area = format!("{outside:.1}")
                    ),
                ));
            }
        }
    }
}

fn check_shares(
    shares: &[(&str, f64)],
    id: &str,
    what: &Message,
    list: Message,
    problems: &mut Vec<Problem>,
) {
    let mut valid = true;
    for &(label, share) in shares {
        if !share.is_finite() || share < 0.0 {
            problems.push(Problem::error(
                ProblemKind::InvalidShare,
                Some(id),
                msg!(
                    "problem-invalid-share",
                    what = what.clone(),
                    list = list.clone(),
                    label = label,
                    share = share.to_string(),
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
            msg!(
                "problem-shares-sum",
                what = what.clone(),
                list = list,
                sum = format!("{sum:.4}")
            ),
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
        let facilities: Vec<&crate::model::Facility> =
            plan.facilities_in(scenario).filter(|f| wanted(f)).collect();
        if facilities.is_empty() {
            continue; // e.g. the re-check of a parcel: no street index to build.
        }
        let streets: Vec<&Street> = plan.streets_in(scenario).filter(|s| s.walkable).collect();
        if streets.is_empty() {
            continue; // No network in this scenario: distances are straight-line only.
        }
        let near_street = near_street_test(&streets, facilities.len(), limit);
        for facility in facilities {
            if !near_street(facility.position) {
                problems.push(Problem::warning(
                    ProblemKind::FacilityOffNetwork,
                    Some(facility.id.as_str()),
                    msg!("problem-off-network", limit = format!("{limit:.0}")),
                ));
            }
        }
    }
}

/// Whether a point lies within `limit` of one of `streets`: through an index for many
/// points, by a scan of the streets' boxes for a few (a moved facility), which costs
/// less than indexing a city's streets.
fn near_street_test<'s>(
    streets: &'s [&'s Street],
    points: usize,
    limit: f64,
) -> Box<dyn Fn(Point<f64>) -> bool + 's> {
    let within =
        move |p: Point<f64>, street: &Street| Euclidean.distance(&p, &street.line) <= limit;
    if points <= 8 {
        return Box::new(move |p| {
            streets.iter().any(|s| {
                s.line
                    .bounding_rect()
                    .is_some_and(|r| rect_distance(r, p) <= limit)
                    && within(p, s)
            })
        });
    }
    let index = BoxIndex::from_rects(streets.iter().map(|s| s.line.bounding_rect()));
    Box::new(move |p| {
        index
            .within([p.x(), p.y()], limit)
            .any(|i| within(p, streets[i]))
    })
}

/// A stratum's footprint, as the rights-conflict check compares them.
pub(super) struct Footprint<'a> {
    pub parcel: &'a Parcel,
    pub stratum: &'a Stratum,
    pub shape: std::borrow::Cow<'a, MultiPolygon<f64>>,
    pub rect: Option<Rect<f64>>,
}

impl<'a> Footprint<'a> {
    /// The footprints of a parcel's strata with a positive height, in stratum order.
    pub fn of(parcel: &'a Parcel) -> impl Iterator<Item = Footprint<'a>> {
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
    }
}

/// Two strata conflict when their footprints overlap by more than 1 m² and their
/// half-open vertical ranges overlap. Candidate pairs come from an R-tree.
fn rights_conflicts(plan: &Plan, scenario: Scenario, geometry_ok: &[bool]) -> Vec<Problem> {
    let footprints: Vec<Footprint> = plan
        .parcels
        .par_iter()
        .zip(geometry_ok)
        .filter(|(p, ok)| **ok && p.scenario == scenario)
        .flat_map_iter(|(parcel, _)| Footprint::of(parcel))
        .collect();
    let index = BoxIndex::from_rects(footprints.iter().map(|f| f.rect));
    // Each footprint's pairs with the later ones, in parallel; the problems in order.
    let found: Vec<Vec<Problem>> = footprints
        .par_iter()
        .enumerate()
        .map(|(i, a)| {
            let Some(rect) = a.rect else {
                return Vec::new();
            };
            let mut candidates: Vec<usize> = index.intersecting(rect).filter(|&j| j > i).collect();
            candidates.sort_unstable();
            candidates
                .into_iter()
                .filter_map(|j| pair_problem(a, &footprints[j], scenario))
                .collect()
        })
        .collect();
    found.into_iter().flatten().collect()
}

/// The conflict or sliver between two footprints (`a` first in the plan's order), if any.
pub(super) fn pair_problem(a: &Footprint, b: &Footprint, scenario: Scenario) -> Option<Problem> {
    let rect = a.rect?;
    if !a.stratum.z.overlaps(&b.stratum.z) {
        return None;
    }
    if overlap_of_rects(rect, b.rect?) <= SLIVER_MIN_M2 {
        return None;
    }
    let area = a.shape.intersection(&*b.shape).unsigned_area();
    if area <= SLIVER_MIN_M2 {
        return None;
    }
    let pair = if a.parcel.id == b.parcel.id {
        msg!(
            "frag-pair-same",
            a = a.stratum.id.as_str(),
            b = b.stratum.id.as_str()
        )
    } else {
        msg!(
            "frag-pair-other",
            a = a.stratum.id.as_str(),
            parcel = b.parcel.id.as_str(),
            b = b.stratum.id.as_str()
        )
    };
    let heights = msg!(
        "frag-heights",
        a0 = a.stratum.z.bottom.to_string(),
        a1 = a.stratum.z.top.to_string(),
        b0 = b.stratum.z.bottom.to_string(),
        b1 = b.stratum.z.top.to_string(),
    );
    let problem = if area > CONFLICT_MIN_M2 {
        Problem::error(
            ProblemKind::RightsConflict,
            Some(a.parcel.id.as_str()),
            msg!(
                "problem-rights-conflict",
                pair = pair,
                area = format!("{area:.1}"),
                heights = heights,
                scenario = match scenario {
                    Scenario::Existing => msg!("frag-scenario-existing"),
                    Scenario::Proposed => msg!("frag-scenario-proposed"),
                },
            ),
        )
    } else {
        Problem::warning(
            ProblemKind::Sliver,
            Some(a.parcel.id.as_str()),
            msg!(
                "problem-sliver",
                pair = pair,
                area = format!("{area:.3}"),
                heights = heights
            ),
        )
    };
    // The second parcel is named so that a re-check after an edit of either finds it.
    Some(problem.with_other(b.parcel.id.as_str()))
}

fn overlap_of_rects(a: Rect<f64>, b: Rect<f64>) -> f64 {
    let w = a.max().x.min(b.max().x) - a.min().x.max(b.min().x);
    let h = a.max().y.min(b.max().y) - a.min().y.max(b.min().y);
    if w <= 0.0 || h <= 0.0 { 0.0 } else { w * h }
}
