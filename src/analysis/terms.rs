//! Terms over time: every right's term (弹性年期) and every operation's term (a 33-year
//! ROT concession) with its end, and which of them run out within N years
//! (`strata inventory --expiring N`).

use serde::Serialize;

use crate::model::{Plan, Scenario, Term};

/// What a term belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TermOf {
    /// The stratum's land right.
    Right,
    /// The stratum's operation.
    Operation,
}

/// One term with its end.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TermRow {
    pub parcel: String,
    pub parcel_name: Option<String>,
    pub stratum: String,
    pub unit_code: Option<String>,
    pub of: TermOf,
    /// The right (`construction_land_use`…) or the operation mode (`ROT`…).
    pub kind: Option<&'static str>,
    /// The holders (`;`-joined) of a right, the operator of an operation.
    pub party: Option<String>,
    pub start: String,
    pub years: f64,
    /// `YYYY-MM-DD` when the years are whole.
    pub end: Option<String>,
    /// The calendar year the term ends in.
    pub end_year: i64,
    /// Years from the date asked about to the end; negative once expired.
    pub years_left: f64,
    pub expired: bool,
}

/// The terms of a scenario that end within some years of a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExpiringTerms {
    pub scenario: &'static str,
    /// The date asked about, as a fractional year (2026.5 is early July 2026).
    pub as_of: f64,
    /// Terms ending before `as_of + within_years` are listed (expired ones too).
    pub within_years: f64,
    pub terms: Vec<TermRow>,
}

/// Every term of a scenario with a start date and years, by end (earliest first).
pub fn all_terms(plan: &Plan, scenario: Scenario, as_of: f64) -> Vec<TermRow> {
    let mut rows = Vec::new();
    for parcel in plan.parcels.iter().filter(|p| p.scenario == scenario) {
        for s in &parcel.strata {
            let holders = (!s.holders.is_empty()).then(|| {
                let names: Vec<&str> = s.holders.iter().map(|h| h.name.as_str()).collect();
                names.join("; ")
            });
            let mut push = |term: &Term, of, kind, party| {
                let (Some(start), Some(years), Some(end)) =
                    (term.start.clone(), term.years, term.end_year())
                else {
                    return;
                };
                rows.push(TermRow {
                    parcel: parcel.id.to_string(),
                    parcel_name: parcel.name.clone(),
                    stratum: s.id.to_string(),
                    unit_code: s.unit_code.clone(),
                    of,
                    kind,
                    party,
                    start,
                    years,
                    end: term.end_date(),
                    end_year: end.floor() as i64,
                    years_left: end - as_of,
                    expired: end <= as_of,
                });
            };
            if let Some(term) = &s.term {
                push(term, TermOf::Right, s.right.map(|r| r.as_str()), holders);
            }
            if let Some(op) = &s.operation
                && let Some(term) = &op.term
            {
                let mode = op.mode.map(|m| m.as_str());
                push(term, TermOf::Operation, mode, op.operator.clone());
            }
        }
    }
    rows.sort_by(|a, b| a.years_left.total_cmp(&b.years_left));
    rows
}

/// The terms of a scenario ending within `within_years` of `as_of` (expired included).
///
/// ```
/// use strata::analysis::terms::expiring;
/// let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","id":"p-1",
///   "geometry":{"type":"Polygon","coordinates":[[[114.0,22.5],[114.001,22.5],[114.001,22.501],[114.0,22.5]]]},
///   "properties":{"kind":"parcel","strata":[{"id":"s1","z":[0,18],
///     "operation":{"mode":"ROT","term":{"start":"2025-01-01","years":33}}}]}}]}"#;
/// let plan = strata::io::read_plan(text.as_bytes(), &Default::default()).unwrap().plan;
/// let soon = expiring(&plan, strata::model::Scenario::Proposed, 2026.0, 40.0);
/// assert_eq!(soon.terms[0].end_year, 2058);
/// assert!(expiring(&plan, strata::model::Scenario::Proposed, 2026.0, 30.0).terms.is_empty());
/// ```
pub fn expiring(plan: &Plan, scenario: Scenario, as_of: f64, within_years: f64) -> ExpiringTerms {
    let terms = all_terms(plan, scenario, as_of)
        .into_iter()
        .filter(|t| t.years_left <= within_years)
        .collect();
    ExpiringTerms {
        scenario: scenario.as_str(),
        as_of,
        within_years,
        terms,
    }
}

/// Years from `as_of` to the end of the parcel's first term to run out (a right's or an
/// operation's); negative when it has; `None` when no stratum has a term with an end.
pub fn years_left(parcel: &crate::model::Parcel, as_of: f64) -> Option<f64> {
    parcel
        .strata
        .iter()
        .flat_map(|s| {
            let op = s.operation.as_ref().and_then(|o| o.term.as_ref());
            [s.term.as_ref(), op]
        })
        .flatten()
        .filter_map(Term::end_year)
        .map(|end| end - as_of)
        .reduce(f64::min)
}

/// Today as a fractional year (UTC), from the system clock.
pub fn current_year() -> f64 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    // The mean Gregorian year, 365.2425 days: within a day of the calendar for centuries.
    1970.0 + seconds / (365.2425 * 86_400.0)
}
