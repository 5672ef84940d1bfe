//! `strata check`'s problems of unit codes, terms and operations (DESIGN.md *Strata:
//! codes and operation*): malformed and duplicate unit codes (不动产单元代码), terms that
//! end before they start or start on no date, negative money.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use crate::i18n::Message;
use crate::model::unit_code::{self, UnitCodeFault};
use crate::model::{Parcel, Plan, Problem, ProblemKind, Scenario, Stratum, Term, parse_date};
use crate::msg;

/// The problems of one stratum's code, term and operation.
pub fn check_stratum_rights(parcel: &Parcel, stratum: &Stratum, problems: &mut Vec<Problem>) {
    let id = parcel.id.as_str();
    let what = msg!("frag-stratum", id = stratum.id.as_str());
    if let Some(code) = &stratum.unit_code
        && let Err(fault) = unit_code::check(code)
    {
        problems.push(Problem::error(
            ProblemKind::InvalidUnitCode,
            Some(id),
            code_message(&what, code, fault),
        ));
    }
    if let Some(term) = &stratum.term {
        term_start_problem(term, id, &what, ProblemKind::InvalidProperty, problems);
    }
    let Some(op) = &stratum.operation else {
        return;
    };
    let op_what = msg!("frag-operation", what = what.clone());
    if let Some(term) = &op.term {
        if let Some(years) = term.years
            && !(years.is_finite() && years > 0.0)
        {
            problems.push(Problem::error(
                ProblemKind::InvalidOperation,
                Some(id),
                msg!(
                    "problem-term",
                    what = op_what.clone(),
                    years = years.to_string()
                ),
            ));
        }
        term_start_problem(term, id, &op_what, ProblemKind::InvalidOperation, problems);
    }
    let money = [
        ("annual_revenue", op.annual_revenue),
        ("investment", op.investment),
    ];
    for (key, amount) in money {
        if let Some(amount) = amount
            && !(amount.is_finite() && amount >= 0.0)
        {
            problems.push(Problem::error(
                ProblemKind::InvalidOperation,
                Some(id),
                msg!(
                    "problem-negative-money",
                    what = op_what.clone(),
                    key = key,
                    amount = amount.to_string()
                ),
            ));
        }
    }
}

/// A start that is not a `YYYY-MM-DD` date: the term's end cannot be known.
fn term_start_problem(
    term: &Term,
    id: &str,
    what: &Message,
    kind: ProblemKind,
    problems: &mut Vec<Problem>,
) {
    if let Some(start) = &term.start
        && parse_date(start).is_none()
    {
        problems.push(Problem::error(
            kind,
            Some(id),
            msg!(
                "problem-term-start",
                what = what.clone(),
                start = format!("{start:?}")
            ),
        ));
    }
}

fn code_message(what: &Message, code: &str, fault: UnitCodeFault) -> Message {
    let code = format!("{code:?}");
    match fault {
        UnitCodeFault::Length(n) => msg!(
            "problem-unit-code-length",
            what = what.clone(),
            code = code,
            n = n.to_string()
        ),
        UnitCodeFault::Character(at) => msg!(
            "problem-unit-code-character",
            what = what.clone(),
            code = code,
            at = at.to_string()
        ),
        // Only the zone setting has this fault; `check` never gives it for a code.
        UnitCodeFault::Zone => msg!("problem-unit-zone"),
    }
}

/// The plan settings the unit-code checks read.
pub const SETTINGS_KEYS: [&str; 1] = [crate::model::unit_code::ZONE_SETTING];

/// The plan's unit-code problems: a malformed zone setting, duplicate codes.
pub fn plan_unit_codes(plan: &Plan, problems: &mut Vec<Problem>) {
    let every = plan
        .parcels
        .iter()
        .flat_map(|p| p.strata.iter().map(move |s| (p, s)));
    unit_codes_of(plan, every, problems);
}

/// [`plan_unit_codes`] given the plan's strata that have a code (or more), in plan
/// order: the re-check keeps them edit by edit (`recheck.rs`), so an edit does not walk
/// every stratum of a city.
pub fn unit_codes_of<'a>(
    plan: &Plan,
    coded: impl Iterator<Item = (&'a Parcel, &'a Stratum)>,
    problems: &mut Vec<Problem>,
) {
    if let Some(Err(_)) = plan.settings.unit_zone() {
        problems.push(Problem::error(
            ProblemKind::InvalidUnitCode,
            None,
            msg!("problem-unit-zone"),
        ));
    }
    duplicate_unit_codes(coded, problems);
}

/// Unit codes given to two strata of one scenario (the existing and the proposed
/// situation may well name the same unit). Each duplicate names its first holder.
fn duplicate_unit_codes<'a>(
    strata: impl Iterator<Item = (&'a Parcel, &'a Stratum)>,
    problems: &mut Vec<Problem>,
) {
    // Codes are unique across the plan: a fast hash and one lookup a code.
    let mut first: FxHashMap<(Scenario, &str), (&str, &str)> = Default::default();
    for (parcel, stratum) in strata {
        let Some(code) = stratum.unit_code.as_deref() else {
            continue;
        };
        let here = (parcel.id.as_str(), stratum.id.as_str());
        match first.entry((parcel.scenario, code)) {
            Entry::Vacant(slot) => {
                slot.insert(here);
            }
            Entry::Occupied(slot) => {
                let &(other_parcel, other_stratum) = slot.get();
                problems.push(
                    Problem::error(
                        ProblemKind::DuplicateUnitCode,
                        Some(here.0),
                        msg!(
                            "problem-unit-code-duplicate",
                            what = msg!("frag-stratum", id = here.1),
                            code = format!("{code:?}"),
                            parcel = other_parcel,
                            stratum = other_stratum
                        ),
                    )
                    .with_other(other_parcel),
                )
            }
        }
    }
}
