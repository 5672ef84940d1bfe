//! Zoning (控规): the indicators a parcel achieves, worked out from its strata, and their
//! check against the parcel's controls, the mixed-use compatibility rules and, when the
//! plan names its climate zone, the standard's residential-block table.
//!
//! Definitions (DESIGN.md *Zoning controls*):
//! * a stratum is **counted** when its bottom is at or above ground (`z[0] ≥ 0`), or
//!   every stratum when the plan sets `count_underground`;
//! * a stratum is a **building** unless its main use (largest share) is green space or a
//!   square (class 14) or it says `"building": false`;
//! * **storeys** of a stratum: its `floors`; when missing, 0 for a stratum that is not a
//!   building, else its counted height (above ground, or all of it when underground
//!   strata count) ÷ [`STOREY_HEIGHT_M`], rounded, at least 1;
//! * **counted floor area** (计容建筑面积) = Σ footprint area × storeys over counted
//!   strata; **floor area per use** splits each stratum's by its use shares;
//! * **FAR** (容积率) = counted floor area ÷ parcel area;
//! * **density** (建筑密度) = area of the union of the footprints of building strata that
//!   reach above ground (`z[1] > 0`) ÷ parcel area;
//! * **green ratio** (绿地率) = (ground-level green + roof green × `roof_green_factor`) ÷
//!   parcel area, where green is footprint × the stratum's green share (its uses
//!   1401/1402 — parks, protective green; not 1403 squares — or its `green` member, a
//!   share or `true`, for a parcel's own green), ground level means `z[0] ≤ 0 < z[1]`
//!   and roof means `z[0] > 0`;
//! * **height** = the highest stratum top (0 when none is above ground);
//! * **parking** = Σ `parking_spaces` of the strata, against `parking_min_per_100m2` ×
//!   counted floor area ÷ 100.

use std::collections::{BTreeMap, HashMap};

use geo::{Area, BooleanOps, BoundingRect, Contains, MultiPolygon, Point};
use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Controls, Limit, Parcel, Plan, Reference, Scenario, Stratum, ZoningSettings};

/// Storey height (m) used when a building stratum gives no `floors`.
pub const STOREY_HEIGHT_M: f64 = 3.0;
/// Slack for comparing achieved ratios with limits (rounding in the file's figures).
pub const TOLERANCE: f64 = 1e-6;

/// What a parcel achieves (codes borrowed from the parcel's strata).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Indicators<'p> {
    pub area_m2: f64,
    pub floor_area_m2: f64,
    pub far: f64,
    pub density: f64,
    pub green: f64,
    pub height_m: f64,
    /// Counted floor area per land-use code, by code.
    pub floor_area_by_use: UseAreas<'p>,
    /// Parking spaces the strata declare.
    pub parking_spaces: f64,
    /// Most storeys of a residential building stratum (for the residential-block table).
    #[serde(skip)]
    pub residential_floors: u32,
}

/// Counted floor area per land-use code, in code order. A parcel has a few uses: a
/// sorted vector of codes borrowed from its strata costs one allocation, where a map of
/// owned codes cost one per use (and most of the time of a city's zoning).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UseAreas<'p>(Vec<(&'p str, f64)>);

impl<'p> UseAreas<'p> {
    /// Adds floor area to a use.
    pub fn add(&mut self, code: &'p str, m2: f64) {
        match self.0.binary_search_by(|(c, _)| (*c).cmp(code)) {
            Ok(i) => self.0[i].1 += m2,
            Err(i) => self.0.insert(i, (code, m2)),
        }
    }

    /// The uses and their floor area, by code.
    pub fn iter(&self) -> impl Iterator<Item = (&'p str, f64)> + '_ {
        self.0.iter().copied()
    }

    /// The floor area of a use, if the parcel has it.
    pub fn get(&self, code: &str) -> Option<f64> {
        self.0.iter().find(|(c, _)| *c == code).map(|(_, m2)| *m2)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// As a JSON object `{ "0701": 15300.0, … }`, in code order.
impl Serialize for UseAreas<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (code, m2) in &self.0 {
            map.serialize_entry(code, m2)?;
        }
        map.end()
    }
}

/// The uses of a stratum: its largest share (the first on ties).
fn main_use(stratum: &Stratum) -> Option<&str> {
    stratum
        .uses
        .iter()
        .fold(None, |best: Option<&crate::model::Use>, u| match best {
            Some(b) if b.share >= u.share => Some(b),
            _ => Some(u),
        })
        .map(|u| u.code.as_str())
}

/// A stratum is a building unless its main use is class 14 or it says it is not.
pub fn is_building(stratum: &Stratum) -> bool {
    let declared = member(&stratum.extra, "building").and_then(|v| v.as_bool());
    declared.unwrap_or_else(|| !main_use(stratum).is_some_and(|c| c.starts_with("14")))
}

/// Whether a stratum's floor area counts (see the module doc).
pub fn is_counted(stratum: &Stratum, settings: &ZoningSettings) -> bool {
    stratum.z.bottom >= 0.0 || settings.count_underground
}

/// Storeys of a stratum (see the module doc).
pub fn storeys(stratum: &Stratum, settings: &ZoningSettings) -> f64 {
    if let Some(floors) = stratum.floors {
        return f64::from(floors);
    }
    if !is_building(stratum) {
        return 0.0;
    }
    let bottom = if settings.count_underground {
        stratum.z.bottom
    } else {
        stratum.z.bottom.max(0.0)
    };
    ((stratum.z.top - bottom) / STOREY_HEIGHT_M)
        .round()
        .max(1.0)
}

fn is_green(code: &str) -> bool {
    code.starts_with("1401") || code.starts_with("1402")
}

/// Share of a stratum's footprint that is green: its green uses (1401, 1402), or what
/// its `green` member says (a share, or `true` for all of it: a parcel's own green,
/// 附属绿地, which the classification has no code for), whichever is larger.
pub fn green_share(stratum: &Stratum) -> f64 {
    let by_use: f64 = stratum
        .uses
        .iter()
        .filter(|u| is_green(&u.code))
        .map(|u| u.share)
        .sum();
    let declared = match member(&stratum.extra, "green") {
        Some(serde_json::Value::Bool(true)) => 1.0,
        Some(v) => v
            .as_f64()
            .filter(|g| (0.0..=1.0).contains(g))
            .unwrap_or(0.0),
        None => 0.0,
    };
    by_use.max(declared)
}

/// The indicators of a parcel (see the module doc for every definition).
///
/// ```
/// use strata::model::{Parcel, Scenario, Stratum, ZoningSettings};
/// let square = geo::Rect::new((0.0, 0.0), (100.0, 100.0)).to_polygon();
/// let mut parcel = Parcel::new("p-1", Scenario::Proposed, square.into());
/// let mut flats = Stratum::ground("s1", "0701");
/// flats.z.top = 30.0;
/// flats.floors = Some(10);
/// flats.footprint = Some(geo::Rect::new((0.0, 0.0), (40.0, 50.0)).to_polygon());
/// parcel.strata.push(flats);
/// let achieved = strata::analysis::zoning::indicators(&parcel, &ZoningSettings::default());
/// assert_eq!(achieved.floor_area_m2, 20_000.0);
/// assert_eq!(achieved.far, 2.0);
/// assert_eq!(achieved.density, 0.2);
/// assert_eq!(achieved.height_m, 30.0);
/// ```
pub fn indicators<'p>(parcel: &'p Parcel, settings: &ZoningSettings) -> Indicators<'p> {
    let area = parcel.area().m2();
    let mut out = Indicators {
        area_m2: area,
        ..Indicators::default()
    };
    let mut ground_green = 0.0;
    let mut roof_green = 0.0;
    let mut feet = Feet::default();
    for stratum in &parcel.strata {
        let footprint = stratum
            .footprint
            .as_ref()
            .map_or(area, |f| f.unsigned_area());
        out.height_m = out.height_m.max(stratum.z.top);
        out.parking_spaces += member(&stratum.extra, "parking_spaces")
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let storeys = storeys(stratum, settings);
        if is_counted(stratum, settings) {
            let floor_area = footprint * storeys;
            out.floor_area_m2 += floor_area;
            for u in &stratum.uses {
                out.floor_area_by_use.add(&u.code, floor_area * u.share);
            }
        }
        let building = is_building(stratum);
        if building && stratum.uses.iter().any(|u| u.code.starts_with("07")) {
            out.residential_floors = out.residential_floors.max(storeys as u32);
        }
        if building && stratum.z.top > 0.0 {
            feet.add(stratum, footprint);
        }
        let green_share = green_share(stratum);
        if stratum.z.bottom > 0.0 {
            roof_green += footprint * green_share;
        } else if stratum.z.top > 0.0 {
            ground_green += footprint * green_share;
        }
    }
    if area > 0.0 {
        out.far = out.floor_area_m2 / area;
        out.density = feet.union_area(parcel, area) / area;
        out.green = (ground_green + roof_green * settings.roof_green_factor) / area;
    }
    out
}

/// A member of a small JSON object (a stratum's unknown members): a scan of a few keys
/// beats hashing the key, which was a tenth of a city's zoning time.
fn member<'a>(
    map: &'a serde_json::Map<String, serde_json::Value>,
    key: &str,
) -> Option<&'a serde_json::Value> {
    if map.len() <= 8 {
        map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        map.get(key)
    }
}

/// The footprints of a parcel's above-ground building strata, gathered while its
/// indicators are worked out: their union's area without a list or a second area sum.
#[derive(Default)]
struct Feet<'p> {
    count: usize,
    /// Area of the only one (when `count == 1`).
    first_m2: f64,
    /// The largest footprint and its area.
    largest: Option<(&'p geo::Polygon<f64>, f64)>,
    /// A building stratum without footprint covers the whole parcel.
    whole_parcel: bool,
}

impl<'p> Feet<'p> {
    fn add(&mut self, stratum: &'p Stratum, m2: f64) {
        self.count += 1;
        if self.count == 1 {
            self.first_m2 = m2;
        }
        match &stratum.footprint {
            None => self.whole_parcel = true,
            Some(f) => {
                if self.largest.is_none_or(|(_, a)| m2 > a) {
                    self.largest = Some((f, m2));
                }
            }
        }
    }

    /// Area covered by the footprints (overlaps counted once).
    fn union_area(&self, parcel: &'p Parcel, parcel_m2: f64) -> f64 {
        match self.count {
            0 => return 0.0,
            1 => return self.first_m2,
            _ if self.whole_parcel => return parcel_m2,
            _ => {}
        }
        let feet = parcel
            .strata
            .iter()
            .filter(|s| s.z.top > 0.0 && is_building(s))
            .filter_map(|s| s.footprint.as_ref());
        // Towers stand on their podium: when one footprint holds all the others the
        // union is that footprint, and a containment test is far cheaper than a polygon
        // union (1 s → tens of ms on 100 000 parcels).
        if let Some((outer, m2)) = self.largest
            && feet
                .clone()
                .all(|f| std::ptr::eq(f, outer) || holds(outer, f))
        {
            return m2;
        }
        let mut union = MultiPolygon::new(Vec::new());
        for foot in feet {
            union = union.union(&MultiPolygon::new(vec![foot.clone()]));
        }
        union.unsigned_area()
    }
}

/// Whether `outer` holds all of `inner`: its box first (which rules most pairs out), then
/// every corner of `inner` inside or on `outer` and no edge of `inner` crossing one of
/// `outer`'s. Cheaper than geo's polygon `Contains`, which builds a full relate graph.
fn holds(outer: &geo::Polygon<f64>, inner: &geo::Polygon<f64>) -> bool {
    use geo::line_intersection::{LineIntersection, line_intersection};
    use geo::{Intersects, LinesIter};
    let (Some(a), Some(b)) = (outer.bounding_rect(), inner.bounding_rect()) else {
        return false;
    };
    let boxed = a.min().x <= b.min().x
        && a.min().y <= b.min().y
        && a.max().x >= b.max().x
        && a.max().y >= b.max().y;
    if !boxed || !inner.interiors().is_empty() {
        return false;
    }
    let corners_in = inner.exterior().coords().all(|c| outer.intersects(c));
    corners_in
        && !inner.exterior().lines().any(|e| {
            outer.lines_iter().any(|o| {
                matches!(
                    line_intersection(e, o),
                    Some(LineIntersection::SinglePoint {
                        is_proper: true,
                        ..
                    })
                )
            })
        })
}

/// Which indicator a violation concerns (the `indicator` of DESIGN.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Indicator {
    Far,
    Density,
    Green,
    Height,
    Use,
    Parking,
    Facility,
}

impl Indicator {
    pub fn as_str(self) -> &'static str {
        match self {
            Indicator::Far => "far",
            Indicator::Density => "density",
            Indicator::Green => "green",
            Indicator::Height => "height",
            Indicator::Use => "use",
            Indicator::Parking => "parking",
            Indicator::Facility => "facility",
        }
    }
}

/// Whether the limit is a minimum or a maximum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bound {
    Min,
    Max,
}

/// One control a parcel does not meet.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Violation {
    pub indicator: Indicator,
    pub value: f64,
    pub limit: f64,
    pub bound: Bound,
    /// The use (a secondary use's code, or the rule entry it falls under) or the facility
    /// category concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Where the limit comes from when not from the parcel's controls: the compatibility
    /// rules' id or the standard's clause.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Violation {
    fn new(indicator: Indicator, value: f64, limit: f64, bound: Bound) -> Self {
        Self {
            indicator,
            value,
            limit,
            bound,
            code: None,
            source: None,
        }
    }
}

/// What the checks need besides the parcel.
pub struct Context<'a> {
    pub reference: &'a Reference,
    pub settings: ZoningSettings,
    /// Facility points by category, per scenario (a required facility may stand on the
    /// parcel instead of being hosted by a stratum).
    facilities: HashMap<(Scenario, &'a str), rstar::RTree<[f64; 2]>>,
}

impl<'a> Context<'a> {
    pub fn new(plan: &'a Plan, reference: &'a Reference) -> Self {
        Self::indexing(plan, reference, |_| true)
    }

    /// The context for one parcel's checks: only the facility categories its controls
    /// require are indexed (the editor asks every frame; indexing every facility of a
    /// city each time would cost milliseconds).
    pub fn for_parcel(plan: &'a Plan, reference: &'a Reference, parcel: &Parcel) -> Self {
        let wanted = parcel.controls.as_ref().map(|c| c.facilities.as_slice());
        Self::indexing(plan, reference, |f| {
            f.scenario == parcel.scenario && wanted.is_some_and(|w| w.contains(&f.category))
        })
    }

    fn indexing(
        plan: &'a Plan,
        reference: &'a Reference,
        keep: impl Fn(&crate::model::Facility) -> bool,
    ) -> Self {
        let mut points: HashMap<(Scenario, &str), Vec<[f64; 2]>> = HashMap::new();
        for f in plan.facilities.iter().filter(|f| keep(f)) {
            points
                .entry((f.scenario, f.category.as_str()))
                .or_default()
                .push([f.position.x(), f.position.y()]);
        }
        let facilities = points
            .into_iter()
            .map(|(key, at)| (key, rstar::RTree::bulk_load(at)))
            .collect();
        Self {
            reference,
            settings: ZoningSettings::from_settings(&plan.settings.extra),
            facilities,
        }
    }
}

/// The checks of one parcel: its indicators and the controls it does not meet.
pub fn violations<'p>(
    parcel: &'p Parcel,
    achieved: &Indicators<'p>,
    context: &Context,
) -> Vec<Violation> {
    let mut out = Vec::new();
    // The compatibility rules read a parcel's permitted main use: they apply to parcels
    // under controls (a plan without controls, e.g. an import, is not flooded with them).
    if let Some(controls) = &parcel.controls {
        indicator_violations(controls, achieved, &mut out);
        facility_violations(parcel, controls, context, &mut out);
        use_violations(parcel, achieved, context, &mut out);
    }
    standard_violations(parcel, achieved, context, &mut out);
    out
}

/// The required facilities a parcel neither hosts nor has standing on it: the part of
/// its checks that a facility edit can change.
pub fn facility_violations_of(parcel: &Parcel, context: &Context) -> Vec<Violation> {
    let mut out = Vec::new();
    if let Some(controls) = &parcel.controls {
        facility_violations(parcel, controls, context, &mut out);
    }
    out
}

fn indicator_violations(controls: &Controls, achieved: &Indicators, out: &mut Vec<Violation>) {
    let checks = [
        (Indicator::Far, achieved.far, controls.far_max, Bound::Max),
        (Indicator::Far, achieved.far, controls.far_min, Bound::Min),
        (
            Indicator::Density,
            achieved.density,
            controls.density_max,
            Bound::Max,
        ),
        (
            Indicator::Green,
            achieved.green,
            controls.green_min,
            Bound::Min,
        ),
        (
            Indicator::Height,
            achieved.height_m,
            controls.height_max,
            Bound::Max,
        ),
    ];
    for (indicator, value, limit, bound) in checks {
        if let Some(limit) = limit
            && breaks(value, limit, bound)
        {
            out.push(Violation::new(indicator, value, limit, bound));
        }
    }
    if let Some(per_100) = controls.parking_min_per_100m2 {
        let required = per_100 * achieved.floor_area_m2 / 100.0;
        if breaks(achieved.parking_spaces, required, Bound::Min) {
            out.push(Violation::new(
                Indicator::Parking,
                achieved.parking_spaces,
                required,
                Bound::Min,
            ));
        }
    }
}

fn breaks(value: f64, limit: f64, bound: Bound) -> bool {
    match bound {
        Bound::Max => value > limit + TOLERANCE,
        Bound::Min => value < limit - TOLERANCE,
    }
}

fn facility_violations(
    parcel: &Parcel,
    controls: &Controls,
    context: &Context,
    out: &mut Vec<Violation>,
) {
    for category in &controls.facilities {
        let hosted = parcel
            .strata
            .iter()
            .any(|s| s.facilities.contains(category));
        let standing = || {
            let Some(rect) = parcel.shape.bounding_rect() else {
                return false;
            };
            let Some(tree) = context
                .facilities
                .get(&(parcel.scenario, category.as_str()))
            else {
                return false;
            };
            let envelope = rstar::AABB::from_corners(
                [rect.min().x, rect.min().y],
                [rect.max().x, rect.max().y],
            );
            tree.locate_in_envelope(&envelope)
                .any(|p| parcel.shape.contains(&Point::new(p[0], p[1])))
        };
        if !hosted && !standing() {
            let mut v = Violation::new(Indicator::Facility, 0.0, 1.0, Bound::Min);
            v.code = Some(category.clone());
            out.push(v);
        }
    }
}

/// The parcel's main use for the compatibility rules: its controls' `main_use`, else
/// the use with the largest counted floor area.
pub fn parcel_main_use<'p>(parcel: &'p Parcel, achieved: &Indicators<'p>) -> Option<&'p str> {
    let declared = parcel.controls.as_ref().and_then(|c| c.main_use.as_deref());
    declared.or_else(|| {
        achieved
            .floor_area_by_use
            .iter()
            .filter(|(_, m2)| *m2 > 0.0)
            .fold(None, |best: Option<(&str, f64)>, (code, m2)| match best {
                Some((_, b)) if b >= m2 => best,
                _ => Some((code, m2)),
            })
            .map(|(code, _)| code)
    })
}

fn use_violations<'p>(
    parcel: &'p Parcel,
    achieved: &Indicators<'p>,
    context: &Context,
    out: &mut Vec<Violation>,
) {
    let rules = &context.reference.rules;
    let Some(main) = parcel_main_use(parcel, achieved) else {
        return;
    };
    let Some(rule) = rules.rule_for(main) else {
        return;
    };
    if achieved.floor_area_m2 <= 0.0 {
        return;
    }
    // Secondary uses summed by the rule entry that limits them.
    let mut by_entry: BTreeMap<&str, (Limit, f64)> = BTreeMap::new();
    let mut secondary_total = 0.0;
    for (code, m2) in achieved.floor_area_by_use.iter() {
        // The rule's own class is the main use's family (0702 community services go
        // with 0701 housing under a rule for 07).
        let is_main = code.starts_with(main)
            || main.starts_with(code)
            || code.starts_with(rule.main.as_str());
        if is_main || m2 <= 0.0 {
            continue;
        }
        let share = m2 / achieved.floor_area_m2;
        secondary_total += share;
        if let Some((key, limit)) = rule.limit_for(code) {
            let key = if key == "*" { code } else { key };
            by_entry.entry(key).or_insert((limit, 0.0)).1 += share;
        }
    }
    for (key, (limit, share)) in by_entry {
        let max = match limit {
            Limit::Forbidden => 0.0,
            Limit::Max(m) => m,
        };
        if limit == Limit::Forbidden || breaks(share, max, Bound::Max) {
            let mut v = Violation::new(Indicator::Use, share, max, Bound::Max);
            v.code = Some(key.to_owned());
            v.source = Some(rules.id.clone());
            out.push(v);
        }
    }
    if let Some(max) = rule.secondary_total_max
        && breaks(secondary_total, max, Bound::Max)
    {
        let mut v = Violation::new(Indicator::Use, secondary_total, max, Bound::Max);
        v.source = Some(rules.id.clone());
        out.push(v);
    }
}

fn standard_violations<'p>(
    parcel: &'p Parcel,
    achieved: &Indicators<'p>,
    context: &Context,
    out: &mut Vec<Violation>,
) {
    let Some(zone) = &context.settings.climate_zone else {
        return;
    };
    let housing = parcel_main_use(parcel, achieved).is_some_and(|c| c.starts_with("0701"));
    if !housing || achieved.residential_floors == 0 {
        return;
    }
    let standard = &context.reference.standard;
    let Some(row) = standard.residential_block(zone, achieved.residential_floors) else {
        return;
    };
    let checks = [
        (Indicator::Far, achieved.far, row.far_max, Bound::Max),
        (
            Indicator::Density,
            achieved.density,
            row.density_max,
            Bound::Max,
        ),
        (Indicator::Green, achieved.green, row.green_min, Bound::Min),
        (
            Indicator::Height,
            achieved.height_m,
            row.height_max,
            Bound::Max,
        ),
    ];
    for (indicator, value, limit, bound) in checks {
        if breaks(value, limit, bound) {
            let mut v = Violation::new(indicator, value, limit, bound);
            v.source = Some(row.clause.clone());
            out.push(v);
        }
    }
}

/// A parcel's zoning figures (one row of `analyze`'s `zoning.parcels`), borrowing its
/// ids, codes and controls from the plan (no copy per parcel).
#[derive(Clone, Debug, Serialize)]
pub struct ParcelZoning<'p> {
    pub id: &'p str,
    pub code: Option<&'p str>,
    pub area_m2: f64,
    pub floor_area_m2: f64,
    pub far: f64,
    pub density: f64,
    pub green: f64,
    pub height_m: f64,
    pub main_use: Option<&'p str>,
    pub floor_area_by_use: UseAreas<'p>,
    /// The controls as in the file (unknown members included).
    #[serde(serialize_with = "controls_as_in_file")]
    pub controls: Option<&'p Controls>,
    pub violations: Vec<Violation>,
}

fn controls_as_in_file<S: serde::Serializer>(
    controls: &Option<&Controls>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match controls {
        Some(c) => c.to_json().serialize(serializer),
        None => serializer.serialize_none(),
    }
}

/// The zoning of one scenario (`analyze`'s `zoning` object).
#[derive(Clone, Debug, Serialize)]
pub struct ZoningReport<'p> {
    /// Number of violations over all parcels.
    pub violations: usize,
    /// Counted floor area of the scenario and its FAR over the parcels' ground area.
    pub floor_area_m2: f64,
    pub far: f64,
    pub parcels: Vec<ParcelZoning<'p>>,
}

/// The zoning figures of every parcel of a scenario, in plan order.
pub fn zoning_report<'p>(
    plan: &'p Plan,
    scenario: Scenario,
    reference: &Reference,
) -> ZoningReport<'p> {
    let context = Context::new(plan, reference);
    let parcels: Vec<&Parcel> = plan.parcels_in(scenario).collect();
    let rows: Vec<ParcelZoning> = parcels
        .par_iter()
        .map(|parcel| parcel_zoning(parcel, &context))
        .collect();
    let floor_area_m2: f64 = rows.iter().map(|r| r.floor_area_m2).sum();
    let area: f64 = rows.iter().map(|r| r.area_m2).sum();
    ZoningReport {
        violations: rows.iter().map(|r| r.violations.len()).sum(),
        floor_area_m2,
        far: if area > 0.0 {
            floor_area_m2 / area
        } else {
            0.0
        },
        parcels: rows,
    }
}

/// One parcel's figures and violations.
pub fn parcel_zoning<'p>(parcel: &'p Parcel, context: &Context) -> ParcelZoning<'p> {
    let achieved = indicators(parcel, &context.settings);
    let violations = violations(parcel, &achieved, context);
    let controls = parcel.controls.as_ref();
    ParcelZoning {
        id: parcel.id.as_str(),
        code: controls.and_then(|c| c.code.as_deref()),
        main_use: parcel_main_use(parcel, &achieved),
        area_m2: achieved.area_m2,
        floor_area_m2: achieved.floor_area_m2,
        far: achieved.far,
        density: achieved.density,
        green: achieved.green,
        height_m: achieved.height_m,
        floor_area_by_use: achieved.floor_area_by_use,
        controls,
        violations,
    }
}

#[cfg(test)]
mod tests {
    use super::holds;
    use geo::{Rect, polygon};

    #[test]
    fn holds_tells_a_tower_on_its_podium_from_footprints_that_cross() {
        let podium = Rect::new((0.0, 0.0), (60.0, 50.0)).to_polygon();
        let tower = Rect::new((10.0, 10.0), (40.0, 40.0)).to_polygon();
        let flush = Rect::new((0.0, 0.0), (30.0, 50.0)).to_polygon();
        let across = Rect::new((50.0, 10.0), (70.0, 40.0)).to_polygon();
        assert!(holds(&podium, &tower));
        assert!(holds(&podium, &flush), "edges on the outline still inside");
        assert!(!holds(&podium, &across));
        // An L: the box holds the square, the notch does not.
        let l = polygon![(x: 0.0, y: 0.0), (x: 60.0, y: 0.0), (x: 60.0, y: 20.0),
            (x: 20.0, y: 20.0), (x: 20.0, y: 60.0), (x: 0.0, y: 60.0)];
        let in_notch = Rect::new((10.0, 10.0), (40.0, 40.0)).to_polygon();
        assert!(!holds(&l, &in_notch));
    }
}
