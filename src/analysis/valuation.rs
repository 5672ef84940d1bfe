//! Valuation of assets (issue 9): a multi-criteria score per candidate parcel, so that a
//! planner sees which idle, underused or heritage parcel is worth most to activate.
//!
//! Each criterion is a number from 0 to 1 with a fixed formula; the score is
//! Σ wᵢ·sᵢ / Σ wᵢ over the criteria, with the planner's weights (0 when every weight is
//! 0). Every parcel keeps its parts (raw value, criterion score, weight), so a score is
//! explainable.
//!
//! | criterion | raw value | score |
//! |---|---|---|
//! | transit | distance to the nearest transit target (the standard's `transit_station`, `bus_stop`; the analysis' metric) | per transit category, 1 within its radius r, falling linearly to 0 at 2r: `clamp(2 − d/r, 0, 1)`; the best category counts; 0 when none is reachable |
//! | centre | straight-line distance to the district centre (the planner's `centre` [lon, lat], else the population-weighted centre of the homes) | `max(0, 1 − d / centre_reach_m)` (default reach 1 000 m, a 15-minute walk) |
//! | service | residents a facility of the service category hosted there would newly cover (`suggest::reach`, as `strata suggest`) | gain / the largest gain of any candidate (0 when nobody gains) |
//! | size | ground area A | `min(1, A / size_full_m2)` (default 10 000 m² = 1 ha) |
//! | shape | compactness 4πA/P² (P: every ring) | as is: 1 for a circle, π/4 for a square |
//! | heritage | status | 1 for `heritage`, else 0 |
//! | policy | the parcel's `policy` property (0–1) | the property, clamped; without it 1 when the status is one of `favoured`, else 0 |
//!
//! The service category is the planner's `service_category`, else the required category
//! with the smallest share of residents covered (the worst gap): one category keeps the
//! cost at one `reach` over the candidates.
//!
//! The settings live in the plan's `strata` member under [`SETTINGS_KEY`], so they are
//! saved with the plan; the editor changes them through `EditCmd::SetSetting` (undoable).

use std::collections::HashMap;
use std::f64::consts::PI;

use geo::{Euclidean, Length};
use serde::Serialize;

use super::Coverage;
use super::coverage::within;
use super::homes::home_point;
use super::suggest::{Candidates, candidate_parcels, reach};
use crate::i18n::Message;
pub use crate::model::valuation::{Criterion, SETTINGS_KEY, ValuationSettings, Weights};
use crate::model::{Parcel, ParcelId, Plan, Standard, Status};

/// "plan setting "valuation": …", worded when shown (docs/ERRORS.md).
fn setting_error(what: Message) -> Message {
    crate::msg!(
        "valuation-err-setting",
        key = format!("{SETTINGS_KEY:?}"),
        what = what
    )
}

/// Reading and checking the settings (they are declared in `model::valuation`, with the
/// plan; checking the candidates needs `suggest`'s parser, which is analysis).
impl ValuationSettings {
    /// The settings saved in a plan (defaults when there are none). A malformed entry is
    /// an error naming the key and what is wrong.
    pub fn of_plan(plan: &Plan) -> Result<Self, Message> {
        let Some(value) = plan.settings.extra.get(SETTINGS_KEY) else {
            return Ok(Self::default());
        };
        let settings: Self = serde_json::from_value(value.clone())
            .map_err(|e| setting_error(crate::msg!("text-as-is", text = e.to_string())))?;
        settings.check()?;
        Ok(settings)
    }

    fn check(&self) -> Result<(), Message> {
        let bad = |what: Message| Err(setting_error(what));
        for c in Criterion::ALL {
            let w = self.weights.get(c);
            if !(w.is_finite() && w >= 0.0) {
                return bad(crate::msg!(
                    "valuation-err-weight",
                    criterion = c.as_str(),
                    value = w.to_string()
                ));
            }
        }
        for (name, v) in [
            ("centre_reach_m", self.centre_reach_m),
            ("size_full_m2", self.size_full_m2),
        ] {
            if !(v.is_finite() && v > 0.0) {
                return bad(crate::msg!(
                    "valuation-err-positive",
                    name = name,
                    value = v.to_string()
                ));
            }
        }
        if let Some([lon, lat]) = self.centre
            && !(lon.abs() <= 180.0 && lat.abs() <= 90.0)
        {
            return bad(crate::msg!(
                "valuation-err-centre",
                lon = lon.to_string(),
                lat = lat.to_string()
            ));
        }
        for s in &self.favoured {
            if Status::parse(s).is_none() {
                return bad(crate::msg!(
                    "valuation-err-favoured",
                    status = format!("{s:?}")
                ));
            }
        }
        self.candidate_set().map(|_| ())
    }

    /// The candidates named by the settings; an unknown status is a settings error.
    pub fn candidate_set(&self) -> Result<Candidates, Message> {
        Candidates::parse(&self.candidates.join(",")).map_err(|e| {
            setting_error(crate::msg!(
                "valuation-err-candidates",
                reason = e.message()
            ))
        })
    }
}

/// One criterion of one parcel.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Part {
    pub criterion: Criterion,
    /// What was measured: metres (transit, centre), residents (service), m² (size),
    /// compactness (shape), 0/1 (heritage), 0–1 (policy); `None` when not measurable
    /// (no transit reachable, no centre).
    pub value: Option<f64>,
    /// The criterion's score, 0–1.
    pub score: f64,
    pub weight: f64,
}

/// A valued parcel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParcelValue {
    pub parcel: ParcelId,
    pub name: Option<String>,
    pub status: Option<&'static str>,
    /// Σ wᵢ·sᵢ / Σ wᵢ.
    pub score: f64,
    /// In the order of [`Criterion::ALL`].
    pub parts: Vec<Part>,
}

impl ParcelValue {
    pub fn part(&self, c: Criterion) -> Option<&Part> {
        self.parts.iter().find(|p| p.criterion == c)
    }
}

/// The valuation of the candidate parcels of a scenario, best first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Valuation {
    pub scenario: &'static str,
    pub metric: super::Metric,
    pub weights: Weights,
    /// Statuses of the parcels valued (or `all`).
    pub candidates: Vec<String>,
    /// The category of the service criterion (`None` when the standard has none).
    pub service_category: Option<String>,
    /// The centre used, in plan metres (`None` without homes or a planner's centre).
    pub centre: Option<[f64; 2]>,
    /// Best first; equal scores keep plan order.
    pub parcels: Vec<ParcelValue>,
    /// Things the planner should know (a `policy` property that is not a number…).
    pub warnings: Vec<String>,
}

impl Valuation {
    /// Score by parcel id (for the choropleth).
    pub fn scores(&self) -> std::collections::HashMap<ParcelId, f64> {
        self.parcels
            .iter()
            .map(|p| (p.parcel.clone(), p.score))
            .collect()
    }
}

/// Transit score of a distance to a category of radius `r`: 1 within r, 0 from 2r on.
pub fn transit_score(distance: f64, radius: f64) -> f64 {
    if within(distance, radius) {
        1.0
    } else {
        (2.0 - distance / radius).clamp(0.0, 1.0)
    }
}

/// Centre score: 1 at the centre, 0 from `reach` on.
pub fn centre_score(distance: f64, reach: f64) -> f64 {
    (1.0 - distance / reach).clamp(0.0, 1.0)
}

/// Compactness 4πA/P² of a parcel (every ring counts in P): 1 for a circle.
pub fn compactness(parcel: &Parcel) -> f64 {
    let perimeter: f64 = parcel
        .shape
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|ring| Euclidean.length(ring))
        .sum();
    if perimeter <= 0.0 {
        return 0.0;
    }
    (4.0 * PI * parcel.area().m2() / (perimeter * perimeter)).clamp(0.0, 1.0)
}

/// Σ wᵢ·sᵢ / Σ wᵢ (0 when every weight is 0).
pub fn weighted_score(parts: &[Part]) -> f64 {
    let total: f64 = parts.iter().map(|p| p.weight).sum();
    if total <= 0.0 {
        return 0.0;
    }
    parts.iter().map(|p| p.weight * p.score).sum::<f64>() / total
}

/// The required category with the smallest share of residents covered (standard order
/// on ties); `None` when every required category covers everyone or there are no homes.
pub fn worst_category(coverage: &Coverage) -> Option<usize> {
    let total = coverage.total_population();
    if total <= 0.0 {
        return None;
    }
    let mut worst: Option<(usize, f64)> = None;
    for (c, info) in coverage.categories.iter().enumerate() {
        if !info.required {
            continue;
        }
        let covered: f64 = (0..coverage.homes.len())
            .filter(|&h| coverage.covered(c, h))
            .map(|h| coverage.homes[h].population)
            .sum();
        let share = covered / total;
        if share < 1.0 && worst.is_none_or(|(_, s)| share < s) {
            worst = Some((c, share));
        }
    }
    worst.map(|(c, _)| c)
}

/// Values the candidate parcels of the coverage's scenario.
///
/// ```
/// use strata::analysis::valuation::{ValuationSettings, valuation};
/// let plan = strata::synth::city(400, 10, 3);
/// let standard = strata::model::Standard::default_gb50180();
/// let coverage = strata::analysis::Coverage::compute(
///     &plan, strata::model::Scenario::Proposed, &standard, Default::default());
/// let v = valuation(&plan, &coverage, &standard, &ValuationSettings::default()).unwrap();
/// assert!(v.parcels.windows(2).all(|w| w[0].score >= w[1].score));
/// assert!(v.parcels.iter().all(|p| (0.0..=1.0).contains(&p.score)));
/// ```
pub fn valuation(
    plan: &Plan,
    coverage: &Coverage,
    standard: &Standard,
    settings: &ValuationSettings,
) -> Result<Valuation, Message> {
    settings.check()?;
    let candidates = settings.candidate_set()?;
    let mut warnings = Vec::new();
    let parcels: Vec<&Parcel> = plan
        .parcels_in(coverage.scenario)
        .filter(|p| candidates.admits(p))
        .collect();
    let service = service_category(coverage, settings)?;
    let gains = service_gains(plan, coverage, standard, service, &candidates);
    let centre = district_centre(plan, coverage, settings)?;
    if centre.is_none() {
        warnings.push("no district centre: the plan has no residents and sets no centre".into());
    }
    let criteria = Criteria {
        coverage,
        settings,
        transit: settings
            .transit
            .iter()
            .filter_map(|id| coverage.categories.iter().position(|c| &c.id == id))
            .filter(|&c| !coverage.targets[c].is_empty())
            .collect(),
        favoured: settings
            .favoured
            .iter()
            .filter_map(|s| Status::parse(s))
            .collect(),
        centre,
        best_gain: gains.values().copied().fold(0.0, f64::max),
        gains,
    };
    let mut valued: Vec<ParcelValue> = parcels.iter().map(|p| criteria.value(p)).collect();
    warnings.extend(policy_warnings(&parcels));
    // Stable: equal scores keep plan order.
    valued.sort_by(|a, b| b.score.total_cmp(&a.score));
    Ok(Valuation {
        scenario: coverage.scenario.as_str(),
        metric: coverage.options.metric,
        weights: settings.weights.clone(),
        candidates: settings.candidates.clone(),
        service_category: service.map(|c| coverage.categories[c].id.clone()),
        centre,
        parcels: valued,
        warnings,
    })
}

/// The category of the service criterion: the planner's, else the worst gap
/// ([`worst_category`]); an unknown planner's category is an error.
fn service_category(
    coverage: &Coverage,
    settings: &ValuationSettings,
) -> Result<Option<usize>, Message> {
    Ok(match &settings.service_category {
        Some(id) => Some(
            coverage
                .categories
                .iter()
                .position(|c| &c.id == id)
                .ok_or_else(|| {
                    // English in every language, as before (not yet a Fluent key).
                    let text = format!("unknown service category {id:?} (not in the standard)");
                    crate::msg!("text-as-is", text = text)
                })?,
        ),
        None => worst_category(coverage),
    })
}

/// Residents newly covered by a facility of the service category on each eligible
/// candidate: one reach over them all.
fn service_gains<'a>(
    plan: &'a Plan,
    coverage: &Coverage,
    standard: &Standard,
    service: Option<usize>,
    candidates: &Candidates,
) -> HashMap<&'a ParcelId, f64> {
    let mut gains: HashMap<&ParcelId, f64> = Default::default();
    if let Some(c) = service {
        let (eligible, _) = candidate_parcels(plan, coverage, standard, c, candidates);
        let found = reach(coverage, c, &eligible);
        for (parcel, homes) in eligible.iter().zip(found) {
            let gain = homes
                .iter()
                .map(|&h| coverage.homes[h as usize].population)
                .sum();
            gains.insert(&parcel.id, gain);
        }
    }
    gains
}

/// The district centre in plan metres: the planner's (longitude, latitude), else the
/// population-weighted centre of the homes; `None` without either.
fn district_centre(
    plan: &Plan,
    coverage: &Coverage,
    settings: &ValuationSettings,
) -> Result<Option<[f64; 2]>, Message> {
    Ok(match settings.centre {
        Some([lon, lat]) => {
            let local = plan
                .frame
                .projector()
                .and_then(|p| p.to_local(lon, lat))
                .map_err(|e| {
                    let text = format!("plan setting {SETTINGS_KEY:?}: centre: {e}");
                    crate::msg!("text-as-is", text = text)
                })?;
            Some(local)
        }
        None => {
            let total = coverage.total_population();
            (total > 0.0).then(|| {
                let (x, y) = coverage.homes.iter().fold((0.0, 0.0), |(x, y), h| {
                    (
                        x + h.point.x() * h.population,
                        y + h.point.y() * h.population,
                    )
                });
                [x / total, y / total]
            })
        }
    })
}

/// A warning for every candidate whose `policy` property is not a finite number (its
/// policy criterion falls back to the favoured statuses).
fn policy_warnings(parcels: &[&Parcel]) -> Vec<String> {
    let mut warnings = Vec::new();
    for parcel in parcels {
        if let Some(v) = parcel.meta.properties.get("policy")
            && !v.as_f64().is_some_and(f64::is_finite)
        {
            warnings.push(format!(
                "{}: policy must be a number from 0 to 1, not {v}; the favoured statuses apply",
                parcel.id
            ));
        }
    }
    warnings
}

/// What the criteria of every candidate share: the settings, the transit categories
/// present, the centre and the service gains.
struct Criteria<'a> {
    coverage: &'a Coverage,
    settings: &'a ValuationSettings,
    /// Transit categories with at least one target.
    transit: Vec<usize>,
    favoured: Vec<Status>,
    centre: Option<[f64; 2]>,
    gains: HashMap<&'a ParcelId, f64>,
    best_gain: f64,
}

impl Criteria<'_> {
    /// The parcel's parts (in the order of [`Criterion::ALL`]) and its weighted score.
    fn value(&self, parcel: &Parcel) -> ParcelValue {
        let settings = self.settings;
        let point = home_point(parcel);
        let transit = self.transit_part(point);
        let centre_d = match (point, self.centre) {
            (Some(p), Some([x, y])) => Some((p.x() - x).hypot(p.y() - y)),
            _ => None,
        };
        let gain = self.gains.get(&parcel.id).copied();
        let area = parcel.area().m2();
        let shape = compactness(parcel);
        let heritage = if parcel.status == Some(Status::Heritage) {
            1.0
        } else {
            0.0
        };
        let policy = self.policy_score(parcel);
        let part = |criterion, value, score: f64| Part {
            criterion,
            value,
            score: score.clamp(0.0, 1.0),
            weight: settings.weights.get(criterion),
        };
        let parts = vec![
            part(Criterion::Transit, transit.0, transit.1),
            part(
                Criterion::Centre,
                centre_d,
                centre_d.map_or(0.0, |d| centre_score(d, settings.centre_reach_m)),
            ),
            part(
                Criterion::Service,
                Some(gain.unwrap_or(0.0)),
                if self.best_gain > 0.0 {
                    gain.unwrap_or(0.0) / self.best_gain
                } else {
                    0.0
                },
            ),
            part(Criterion::Size, Some(area), area / settings.size_full_m2),
            part(Criterion::Shape, Some(shape), shape),
            part(Criterion::Heritage, Some(heritage), heritage),
            part(Criterion::Policy, Some(policy), policy),
        ];
        ParcelValue {
            parcel: parcel.id.clone(),
            name: parcel.name.clone(),
            status: parcel.status.map(Status::as_str),
            score: weighted_score(&parts),
            parts,
        }
    }

    /// The transit criterion's (distance, score): the best of the transit categories;
    /// `(None, 0)` when none is reachable.
    fn transit_part(&self, point: Option<geo::Point<f64>>) -> (Option<f64>, f64) {
        let coverage = self.coverage;
        let mut transit_part = (None::<f64>, 0.0);
        if let Some(point) = point {
            for &c in &self.transit {
                if let Some(d) = coverage.distance_at(c, point) {
                    let s = transit_score(d, coverage.categories[c].radius_m);
                    if transit_part.0.is_none() || s > transit_part.1 {
                        transit_part = (Some(d), s);
                    }
                }
            }
        }
        transit_part
    }

    /// The policy criterion: the parcel's `policy` property, clamped to 0–1; a missing or
    /// malformed one (reported by [`policy_warnings`]) falls back to the statuses.
    fn policy_score(&self, parcel: &Parcel) -> f64 {
        match parcel
            .meta
            .properties
            .get("policy")
            .and_then(|v| v.as_f64())
        {
            Some(v) if v.is_finite() => v.clamp(0.0, 1.0),
            _ => favoured_score(parcel, &self.favoured),
        }
    }
}

fn favoured_score(parcel: &Parcel, favoured: &[Status]) -> f64 {
    if parcel.status.is_some_and(|s| favoured.contains(&s)) {
        1.0
    } else {
        0.0
    }
}
