//! Validation that follows edits: after an edit only the changed parcels, their
//! neighbours' rights conflicts with them and the facilities concerned are checked again,
//! so the editor keeps a city's problems current in milliseconds instead of re-validating
//! (and copying for a thread) the whole plan. The result equals `validate_with` as a set;
//! `tests/core/recheck.rs` compares them after random edits.

use geo::Rect;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::IdSet;
use super::parcel_boxes::ParcelBoxes;

use super::validate::{
    Footprint, all_ids, check_facilities, check_parcel, check_polygons, duplicate_problem,
    other_ids, pair_problem, stratum_duplicates,
};
use super::zoning::{Context, facility_violations_of};
use super::zoning_check::{checked_parcel_problems, violation_problem};
use crate::model::{
    Changes, Parcel, ParcelLookup, Plan, Problem, ProblemKind, Reference, Scenario, ZoningSettings,
};

/// Edits that change more parcels than this are checked whole: the per-parcel path scans
/// the plan for each scenario, which stops paying off for large changes.
pub const MAX_PARCELS: usize = 512;

/// A plan's problems and what the next re-check needs to know about the plan.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    pub problems: Vec<Problem>,
    /// Parcels whose geometry failed its checks: their strata take no part in the
    /// conflict check and their controls only in the controls' own check.
    invalid_geometry: FxHashSet<String>,
    /// Every parcel's footprint boxes, where a changed parcel's neighbours are found
    /// (made when first needed).
    boxes: Option<ParcelBoxes>,
    /// Where each parcel is, by id (made when first needed, then followed edit by edit).
    lookup: Option<ParcelLookup>,
    /// The strata that have a unit code, (parcel index, stratum index) in plan order:
    /// duplicate codes are found among them, not by walking every stratum of a city.
    coded: Option<Vec<(u32, u32)>>,
}

impl Checked {
    /// Validates the whole plan (as `validate_with`).
    pub fn new(plan: &Plan, reference: &Reference) -> Self {
        let (problems, geometry_ok) = super::validate::validate_tracking(plan, reference);
        let invalid_geometry = plan
            .parcels
            .iter()
            .zip(geometry_ok)
            .filter(|(_, ok)| !ok)
            .map(|(p, _)| p.id.as_str().to_owned())
            .collect();
        Checked {
            problems,
            invalid_geometry,
            boxes: Some(ParcelBoxes::of(plan)),
            lookup: Some(ParcelLookup::new(plan)),
            coded: Some(coded_strata(plan)),
        }
    }

    /// Whether `changes` are small enough for [`Checked::recheck`] to pay off, and
    /// change no setting that the checks of every parcel read.
    pub fn can_follow(changes: &Changes) -> bool {
        changes.parcels.len() <= MAX_PARCELS
            && !changes.settings.iter().any(|key| {
                ZoningSettings::KEYS.contains(&key.as_str())
                    || super::rights_check::SETTINGS_KEYS.contains(&key.as_str())
            })
    }

    /// Brings the problems up to date after an edit that changed what `changes` lists
    /// (on `plan` as it is now). Large changes are validated whole.
    pub fn recheck(&mut self, plan: &Plan, reference: &Reference, changes: &Changes) {
        if !Self::can_follow(changes) {
            *self = Checked::new(plan, reference);
            return;
        }
        let (lookup, in_place) = match self.lookup.take() {
            Some(mut lookup) => {
                let kept = lookup.follow(plan, changes);
                (lookup, kept)
            }
            None => (ParcelLookup::new(plan), false),
        };
        // A parcel and a facility of a broken plan may share an id: problems are found
        // by id, so both are checked again.
        let mut parcels: FxHashSet<&str> = changes.parcels.iter().map(|id| id.as_str()).collect();
        parcels.extend(
            changes
                .facilities
                .iter()
                .map(|f| f.as_str())
                .filter(|id| lookup.index(plan, id).is_some()),
        );
        let facilities = facilities_to_check(plan, changes, &parcels);
        let zoned = if changes.facilities.is_empty() {
            FxHashSet::default()
        } else {
            requiring_facilities(plan, &parcels)
        };
        let recount = ids_to_recount(&self.problems, changes);
        self.problems
            .retain(|p| !touches(p, &parcels, &facilities, changes.streets, &zoned, &recount));
        // Where the plan has the parcels to check (plan order; every parcel of an id).
        let mut found: Vec<usize> = parcels
            .iter()
            .flat_map(|id| lookup.indices(plan, id))
            .collect();
        found.sort_unstable();
        found.dedup();
        self.recheck_parcels(plan, reference, &lookup, &parcels, &found);
        let mut out = Vec::new();
        // Unit codes are unique across the plan: an edit of one parcel's codes changes
        // which stratum of another is the duplicate. One pass over the coded strata.
        let coded = self.follow_coded(plan, &found, in_place);
        let strata = coded.iter().map(|&(i, j)| {
            let parcel = &plan.parcels[i as usize];
            (parcel, &parcel.strata[j as usize])
        });
        super::rights_check::unit_codes_of(plan, strata, &mut out);
        self.coded = Some(coded);
        let wanted =
            |f: &crate::model::Facility| changes.streets || facilities.contains(f.id.as_str());
        check_facilities(plan, reference, wanted, &mut out);
        for facility in plan
            .facilities
            .iter()
            .filter(|f| facilities.contains(f.id.as_str()))
        {
            super::siting::facility_sizes(facility, &mut out);
        }
        duplicates_of(plan, &lookup, &recount, &mut out);
        self.facility_requirements(plan, reference, &zoned, &mut out);
        self.problems.extend(out);
        self.lookup = Some(lookup);
    }

    /// The coded strata after an edit: those of the parcels at `changed` (plan order)
    /// taken out and put back as they are now when the edit changed parcels in place,
    /// otherwise found again.
    fn follow_coded(&mut self, plan: &Plan, changed: &[usize], in_place: bool) -> Vec<(u32, u32)> {
        let Some(mut coded) = self.coded.take().filter(|_| in_place) else {
            return coded_strata(plan);
        };
        coded.retain(|(i, _)| changed.binary_search(&(*i as usize)).is_err());
        for &i in changed {
            let strata = &plan.parcels[i].strata;
            let with_code = strata
                .iter()
                .enumerate()
                .filter(|(_, s)| s.unit_code.is_some());
            coded.extend(with_code.map(|(j, _)| (i as u32, j as u32)));
        }
        coded.sort_unstable();
        coded
    }

    /// The checks of the changed parcels themselves, their zoning and their conflicts.
    fn recheck_parcels(
        &mut self,
        plan: &Plan,
        reference: &Reference,
        lookup: &ParcelLookup,
        ids: &FxHashSet<&str>,
        found: &[usize],
    ) {
        let changed: Vec<(usize, &Parcel)> = found.iter().map(|&i| (i, &plan.parcels[i])).collect();
        for id in ids {
            self.invalid_geometry.remove(*id);
        }
        let boxes = match self.boxes.take() {
            Some(mut boxes) => {
                boxes.update(ids, &changed);
                boxes
            }
            None => ParcelBoxes::of(plan),
        };
        let mut out = Vec::new();
        for (_, parcel) in &changed {
            stratum_duplicates(parcel, &mut out);
            let ok = check_parcel(parcel, reference, &mut out);
            if !ok {
                self.invalid_geometry.insert(parcel.id.as_str().to_owned());
            }
            super::siting::parcel_siting(parcel, reference, &mut out);
            let context = Context::for_parcel(plan, reference, parcel);
            out.extend(checked_parcel_problems(parcel, ok, &context));
        }
        let near = Near {
            boxes: &boxes,
            lookup,
        };
        for scenario in Scenario::ALL {
            self.conflicts_with(plan, &near, &changed, scenario, &mut out);
        }
        self.boxes = Some(boxes);
        self.problems.extend(out);
    }

    /// The rights conflicts (and slivers) of the changed parcels' strata in `scenario`,
    /// each pair once and worded with the earlier footprint first, as the whole check does.
    fn conflicts_with(
        &self,
        plan: &Plan,
        near: &Near,
        changed: &[(usize, &Parcel)],
        scenario: Scenario,
        out: &mut Vec<Problem>,
    ) {
        let mine: Vec<((usize, usize), Footprint)> = changed
            .iter()
            .filter(|(_, p)| p.scenario == scenario && self.geometry_ok(p))
            .flat_map(|&(i, p)| keyed_footprints(i, p))
            .collect();
        let rects: Vec<Rect<f64>> = mine.iter().filter_map(|(_, f)| f.rect).collect();
        if rects.is_empty() {
            return;
        }
        // The boxes are by id: a parcel sharing a neighbour's id is checked too, and the
        // pair check itself tells whether they meet.
        let mut touching: Vec<usize> = near
            .boxes
            .touching(scenario, &rects)
            .into_iter()
            .flat_map(|id| near.lookup.indices(plan, id))
            .filter(|&i| plan.parcels[i].scenario == scenario)
            .collect();
        touching.sort_unstable();
        touching.dedup();
        let changed_index: FxHashSet<usize> = changed.iter().map(|(i, _)| *i).collect();
        let theirs: Vec<((usize, usize), Footprint)> = touching
            .into_iter()
            .filter(|i| !changed_index.contains(i))
            .filter(|&i| self.unchanged_geometry_ok(&plan.parcels[i]))
            .flat_map(|i| keyed_footprints(i, &plan.parcels[i]))
            .collect();
        for (k, (ka, a)) in mine.iter().enumerate() {
            let others = mine[k + 1..].iter().chain(theirs.iter());
            for (kb, b) in others {
                let pair = if ka < kb { (a, b) } else { (b, a) };
                out.extend(pair_problem(pair.0, pair.1, scenario));
            }
        }
    }

    fn geometry_ok(&self, parcel: &Parcel) -> bool {
        !self.invalid_geometry.contains(parcel.id.as_str())
    }

    /// An unchanged parcel's geometry state: as recorded, checked again only when its id
    /// is shared (the record is by id).
    fn unchanged_geometry_ok(&self, parcel: &Parcel) -> bool {
        if self.invalid_geometry.contains(parcel.id.as_str()) {
            return check_polygons(&parcel.shape, parcel.id.as_str(), None, &mut Vec::new());
        }
        true
    }

    /// The "required facility not provided" problems of the parcels in `zoned` (a
    /// facility edit can change them and nothing else of their checks).
    fn facility_requirements(
        &self,
        plan: &Plan,
        reference: &Reference,
        zoned: &FxHashSet<&str>,
        out: &mut Vec<Problem>,
    ) {
        if zoned.is_empty() {
            return;
        }
        let context = Context::new(plan, reference);
        let found: Vec<Problem> = plan
            .parcels
            .par_iter()
            .filter(|p| zoned.contains(p.id.as_str()) && self.geometry_ok(p))
            .flat_map_iter(|p| {
                facility_violations_of(p, &context)
                    .into_iter()
                    .map(|v| violation_problem(&v, "", Some(p.id.as_str())))
                    .collect::<Vec<_>>()
            })
            .collect();
        out.extend(found);
    }
}

/// The strata of the plan that have a unit code, in plan order.
fn coded_strata(plan: &Plan) -> Vec<(u32, u32)> {
    let parcels = plan.parcels.iter().enumerate();
    parcels
        .flat_map(|(i, p)| {
            let coded = p
                .strata
                .iter()
                .enumerate()
                .filter(|(_, s)| s.unit_code.is_some());
            coded.map(move |(j, _)| (i as u32, j as u32))
        })
        .collect()
}

/// Where a changed parcel's neighbours are found: footprint boxes by id, then the
/// parcels with those ids.
struct Near<'a> {
    boxes: &'a ParcelBoxes,
    lookup: &'a ParcelLookup,
}

/// The footprints of a parcel keyed by (parcel index, stratum index): the order in which
/// the whole check meets them.
fn keyed_footprints(
    i: usize,
    parcel: &Parcel,
) -> impl Iterator<Item = ((usize, usize), Footprint<'_>)> {
    let positions = parcel
        .strata
        .iter()
        .enumerate()
        .filter(|(_, s)| s.z.bottom < s.z.top);
    positions
        .map(|(j, _)| j)
        .zip(Footprint::of(parcel))
        .map(move |(j, f)| ((i, j), f))
}

/// Facilities to check again: the changed ones, and any sharing an id with a changed
/// parcel (their problems are found by id).
fn facilities_to_check<'p>(
    plan: &'p Plan,
    changes: &'p Changes,
    parcels: &FxHashSet<&str>,
) -> FxHashSet<&'p str> {
    let mut out: FxHashSet<&str> = changes.facilities.iter().map(|id| id.as_str()).collect();
    let parcels = IdSet::new(parcels.iter().copied());
    out.extend(
        plan.facilities
            .iter()
            .map(|f| f.id.as_str())
            .filter(|id| parcels.contains(id)),
    );
    out
}

/// Parcels (not already changed) whose controls require facilities: a facility edit may
/// provide or remove one.
fn requiring_facilities<'p>(plan: &'p Plan, changed: &FxHashSet<&str>) -> FxHashSet<&'p str> {
    plan.parcels
        .iter()
        .filter(|p| {
            p.controls
                .as_ref()
                .is_some_and(|c| !c.facilities.is_empty())
        })
        .map(|p| p.id.as_str())
        .filter(|id| !changed.contains(id))
        .collect()
}

/// Ids whose use count may have changed: the changed features' and those already
/// reported as duplicates (an edit may have removed or renamed one of their users).
fn ids_to_recount(problems: &[Problem], changes: &Changes) -> FxHashSet<String> {
    let reported = problems
        .iter()
        .filter(|p| p.message.key() == "problem-duplicate-id")
        .filter_map(|p| p.feature.clone());
    let changed = changes
        .parcels
        .iter()
        .map(|id| id.as_str().to_owned())
        .chain(changes.facilities.iter().map(|id| id.as_str().to_owned()));
    reported.chain(changed).collect()
}

/// Whether a previous problem may have changed with the edit (it is then dropped and
/// found again if it still holds).
fn touches(
    p: &Problem,
    parcels: &FxHashSet<&str>,
    facilities: &FxHashSet<&str>,
    streets: bool,
    zoned: &FxHashSet<&str>,
    recount: &FxHashSet<String>,
) -> bool {
    let feature = p.feature.as_deref().unwrap_or("");
    if p.kind == ProblemKind::DuplicateUnitCode || p.message.key() == "problem-unit-zone" {
        return true; // found again over the whole plan (`plan_unit_codes`)
    }
    if p.message.key() == "problem-duplicate-id" {
        return recount.contains(feature);
    }
    // A facility's own problems (a stratum hosting an unknown category is the parcel's).
    let facility_kind =
        p.kind == ProblemKind::FacilityOffNetwork || p.message.key() == "problem-unknown-category";
    parcels.contains(feature)
        || facilities.contains(feature)
        || p.other.as_deref().is_some_and(|o| parcels.contains(o))
        || (facility_kind && streets)
        || (p.kind == ProblemKind::FacilityNotProvided && zoned.contains(feature))
}

/// The duplicate-id problems of the ids in `recount`, in id order as the whole check
/// lists them.
fn duplicates_of(
    plan: &Plan,
    lookup: &ParcelLookup,
    recount: &FxHashSet<String>,
    out: &mut Vec<Problem>,
) {
    if recount.is_empty() {
        return;
    }
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    let recount_ids = IdSet::new(recount.iter().map(String::as_str));
    if lookup.is_unique() {
        // Each id names at most one parcel: found without a pass over the parcels.
        for id in recount {
            if let Some(i) = lookup.index(plan, id) {
                *counts.entry(plan.parcels[i].id.as_str()).or_default() += 1;
            }
        }
        for id in other_ids(plan) {
            if recount_ids.contains(id) {
                *counts.entry(id).or_default() += 1;
            }
        }
    } else {
        for id in all_ids(plan) {
            if recount_ids.contains(id) {
                *counts.entry(id).or_default() += 1;
            }
        }
    }
    let mut duplicates: Vec<(&str, usize)> = counts.into_iter().filter(|&(_, n)| n > 1).collect();
    duplicates.sort();
    out.extend(
        duplicates
            .into_iter()
            .map(|(id, n)| duplicate_problem(id, n)),
    );
}
