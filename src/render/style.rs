//! The map style shared by the editor canvas and the headless renderer: colour of a
//! parcel by land use, status or life-circle score, mixed-use hatching, facility colour
//! and symbol per tier and category. Plain RGB, no drawing library: the canvas turns
//! these into egui colours, the renderer into tiny-skia paints.

use crate::model::{Classification, Parcel, Standard, Status};

/// An sRGB colour.
pub type Rgb = [u8; 3];

/// Fill of a parcel whose use (or status, or score) is unknown.
pub const UNKNOWN_FILL: Rgb = [205, 205, 205];
/// Parcel outlines.
pub const OUTLINE: Rgb = [70, 70, 70];
/// Streets.
pub const STREET: Rgb = [150, 150, 150];
/// Map background.
pub const BACKGROUND: Rgb = [246, 246, 244];

/// What a parcel's fill shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FillBy {
    /// Land use seen from above (classification colour), mixed use hatched with the
    /// second use.
    #[default]
    Use,
    /// Renewal status (existing, idle, heritage…).
    Status,
    /// Life-circle score of residential parcels (a red–yellow–green ramp).
    Score,
    /// Mixed use of each parcel: effective number of land-use classes of its floor area
    /// (exp of Shannon entropy, analysis::mix).
    Diversity,
    /// Jobs per resident within the 15-minute reach of each home.
    JobsHousing,
    /// Valuation score of the candidate parcels (analysis::valuation), 0–1.
    Valuation,
    /// Compliance with the zoning controls (analysis::zoning): met, broken, or only the
    /// compatibility rules / standard broken; parcels without controls grey.
    Compliance,
    /// Achieved FAR (容积率) in round steps.
    Far,
    /// Height: the highest stratum top, in the GB 50180 height classes.
    Height,
    /// Years left on the parcel's first term to run out (rights and operations), from
    /// today, in steps; expired terms dark red (`analysis::terms::years_left`).
    YearsLeft,
    /// The need met of homes in one category by 2SFCA (`analysis::access::need_met`:
    /// for kindergartens, places per child; 1 = the standard), on the score ramp. The
    /// category is chosen beside the mode (`MapOptions::places_category`).
    Places,
}

impl FillBy {
    pub const ALL: [FillBy; 11] = [
        FillBy::Use,
        FillBy::Status,
        FillBy::Score,
        FillBy::Diversity,
        FillBy::JobsHousing,
        FillBy::Valuation,
        FillBy::Compliance,
        FillBy::Far,
        FillBy::Height,
        FillBy::YearsLeft,
        FillBy::Places,
    ];

    /// The mode's name in the current language (the editor's Layers panel and legend).
    pub fn label(self) -> String {
        use crate::i18n::tr;
        match self {
            FillBy::Use => tr("colour-use"),
            FillBy::Status => tr("colour-status"),
            FillBy::Score => tr("colour-score"),
            FillBy::Diversity => tr("colour-diversity"),
            FillBy::JobsHousing => tr("colour-jobs-housing"),
            FillBy::Valuation => tr("colour-valuation"),
            FillBy::Compliance => tr("colour-compliance"),
            FillBy::Far => tr("colour-far"),
            FillBy::Height => tr("colour-height"),
            FillBy::YearsLeft => tr("colour-years-left"),
            FillBy::Places => tr("colour-places"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FillBy::Use => "use",
            FillBy::Status => "status",
            FillBy::Score => "score",
            FillBy::Diversity => "diversity",
            FillBy::JobsHousing => "jobs-housing",
            FillBy::Valuation => "valuation",
            FillBy::Compliance => "compliance",
            FillBy::Far => "far",
            FillBy::Height => "height",
            FillBy::YearsLeft => "years-left",
            FillBy::Places => "places",
        }
    }
}

/// Colour of a land-use code from the classification (nearest listed ancestor).
pub fn use_color(classification: &Classification, code: &str) -> Rgb {
    classification.color(code).unwrap_or(UNKNOWN_FILL)
}

/// Weight of an entirely underground stratum's uses relative to the others: the map is
/// seen from above, so a car park under a park must not paint the parcel grey, yet it
/// still ranks (and hatches) when nothing else differs.
const UNDERGROUND_WEIGHT: f64 = 1e-6;

/// The uses of a parcel as the map shows them, weighted by stratum area × share, largest
/// first; uses of strata entirely below ground (top ≤ 0) come after every use above
/// ground. Ties keep stratum order.
pub fn weighted_uses(parcel: &Parcel) -> Vec<(&str, f64)> {
    let mut uses: Vec<(&str, f64)> = Vec::new();
    for stratum in &parcel.strata {
        let mut area = parcel.stratum_area(stratum).m2().max(1e-9);
        if stratum.z.top <= 0.0 {
            area *= UNDERGROUND_WEIGHT;
        }
        for u in &stratum.uses {
            match uses.iter_mut().find(|(code, _)| *code == u.code) {
                Some((_, w)) => *w += u.share * area,
                None => uses.push((&u.code, u.share * area)),
            }
        }
    }
    // Stable sort: equal weights stay in stratum order.
    uses.sort_by(|a, b| b.1.total_cmp(&a.1));
    uses
}

/// The land use a map colours a parcel with: the first of [`weighted_uses`].
pub fn shown_use(parcel: &Parcel) -> Option<&str> {
    weighted_uses(parcel).first().map(|(code, _)| *code)
}

/// How a parcel is filled in the land-use style: the shown use's colour and, for a
/// mixed-use parcel, the colour of the next use of another colour (hatched).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UseFill {
    pub main: Rgb,
    pub hatch: Option<Rgb>,
}

/// Land-use fill of a parcel. A parcel is mixed when its uses (within a stratum or
/// stacked in several strata) have more than one colour; uses sharing a colour
/// (`0701` and `070101`) would not show as hatching, so they do not count.
pub fn use_fill(parcel: &Parcel, classification: &Classification) -> UseFill {
    let uses = weighted_uses(parcel);
    let main = uses
        .first()
        .map_or(UNKNOWN_FILL, |(code, _)| use_color(classification, code));
    let hatch = uses
        .into_iter()
        .map(|(code, _)| use_color(classification, code))
        .find(|c| *c != main);
    UseFill { main, hatch }
}

/// Colour of a renewal status (资源锁定 inventory); `None` = no status given.
pub fn status_color(status: Option<Status>) -> Rgb {
    match status {
        None => UNKNOWN_FILL,
        Some(Status::Existing) => [190, 186, 178],
        Some(Status::Idle) => [228, 26, 28],
        Some(Status::Underused) => [255, 127, 0],
        Some(Status::Heritage) => [140, 81, 10],
        Some(Status::MicroRenovation) => [191, 129, 45],
        Some(Status::Planned) => [55, 126, 184],
        Some(Status::Released) => [77, 175, 74],
    }
}

/// Colour of a life-circle score in 0..=1: red (nothing within reach) through yellow to
/// green (every required category within reach). NaN is [`UNKNOWN_FILL`].
pub fn score_color(score: f64) -> Rgb {
    if !score.is_finite() {
        return UNKNOWN_FILL;
    }
    let c = colorous::RED_YELLOW_GREEN.eval_continuous(score.clamp(0.0, 1.0));
    [c.r, c.g, c.b]
}

/// Colour of a parcel's diversity (effective number of classes, 1 = a single use) on the
/// heat ramp, saturating at 4 classes.
pub fn diversity_color(hill1: f64) -> Rgb {
    heat_color((hill1 - 1.0) / 3.0)
}

/// Colour of a jobs–housing ratio (jobs per resident), saturating at 1.5.
pub fn jobs_housing_color(ratio: f64) -> Rgb {
    heat_color(ratio / 1.5)
}

/// Colour of a valuation score in 0..=1: pale yellow (worth little) to dark blue (the
/// best assets), a ramp no other mode uses so the two are not confused.
pub fn valuation_color(score: f64) -> Rgb {
    if !score.is_finite() {
        return UNKNOWN_FILL;
    }
    let c = colorous::YELLOW_GREEN_BLUE.eval_continuous(score.clamp(0.0, 1.0));
    [c.r, c.g, c.b]
}

/// Compliance values ([`crate::render::present::fill_values`]): every control met.
pub const COMPLIANT: f64 = 0.0;
/// The parcel's own controls met, the compatibility rules or the standard's table broken.
pub const RULES_BROKEN: f64 = 1.0;
/// One of the parcel's own controls broken.
pub const CONTROLS_BROKEN: f64 = 2.0;

/// Fill of a parcel meeting its controls.
pub const COMPLIANT_FILL: Rgb = [102, 187, 106];
/// Fill of a parcel breaking only the compatibility rules or the standard's table.
pub const RULES_BROKEN_FILL: Rgb = [245, 176, 65];
/// Fill of a parcel breaking one of its own controls.
pub const CONTROLS_BROKEN_FILL: Rgb = [229, 83, 75];
/// Outline of a parcel with violations (compliance mode).
pub const VIOLATION_OUTLINE: Rgb = [200, 0, 0];

/// Colour of a compliance value ([`COMPLIANT`], [`RULES_BROKEN`], [`CONTROLS_BROKEN`]).
pub fn compliance_color(value: f64) -> Rgb {
    if value >= CONTROLS_BROKEN {
        CONTROLS_BROKEN_FILL
    } else if value >= RULES_BROKEN {
        RULES_BROKEN_FILL
    } else if value >= COMPLIANT {
        COMPLIANT_FILL
    } else {
        UNKNOWN_FILL
    }
}

/// The FAR classes of the map: a parcel's class starts at the largest step at or below
/// its FAR (the last one open-ended, 4+).
pub const FAR_STEPS: [f64; 6] = [0.0, 0.5, 1.0, 2.0, 3.0, 4.0];
/// The height classes (m) of GB 50180 (low-rise to over 100 m).
pub const HEIGHT_STEPS: [f64; 6] = [0.0, 12.0, 24.0, 54.0, 80.0, 100.0];

/// The class of `value` among `steps` (the index of the largest step at or below it).
pub fn step_class(value: f64, steps: &[f64]) -> usize {
    steps.iter().rposition(|s| value >= *s - 1e-9).unwrap_or(0)
}

/// Colour of class `class` of `n` on a sequential ramp (light to dark).
fn step_color(ramp: colorous::Gradient, class: usize, n: usize) -> Rgb {
    let t = 0.12 + 0.83 * class as f64 / (n.max(2) - 1) as f64;
    let c = ramp.eval_continuous(t);
    [c.r, c.g, c.b]
}

/// Colour of an achieved FAR (the class of [`FAR_STEPS`] it falls in).
pub fn far_color(far: f64) -> Rgb {
    if !far.is_finite() {
        return UNKNOWN_FILL;
    }
    step_color(
        colorous::ORANGE_RED,
        step_class(far, &FAR_STEPS),
        FAR_STEPS.len(),
    )
}

/// Colour of a height in metres (the class of [`HEIGHT_STEPS`] it falls in).
pub fn height_color(height_m: f64) -> Rgb {
    if !height_m.is_finite() {
        return UNKNOWN_FILL;
    }
    step_color(
        colorous::PURPLE_BLUE,
        step_class(height_m, &HEIGHT_STEPS),
        HEIGHT_STEPS.len(),
    )
}

/// Lower bounds of the years-left classes (years): 0–10 soon, 70+ long.
pub const YEARS_LEFT_STEPS: [f64; 5] = [0.0, 10.0, 20.0, 40.0, 70.0];

/// Colour of a term that has run out.
pub const EXPIRED_FILL: Rgb = [103, 0, 13];

/// Colour of the years left on a term: dark red once run out, then red (soon) to green.
pub fn years_left_color(years: f64) -> Rgb {
    if !years.is_finite() {
        return UNKNOWN_FILL;
    }
    if years < 0.0 {
        return EXPIRED_FILL;
    }
    step_color(
        colorous::RED_YELLOW_GREEN,
        step_class(years, &YEARS_LEFT_STEPS),
        YEARS_LEFT_STEPS.len(),
    )
}

/// Colour of a heatmap value already scaled to 0..=1 (viridis, as `strata heatmap`).
pub fn heat_color(t: f64) -> Rgb {
    let c = colorous::VIRIDIS.eval_continuous(t.clamp(0.0, 1.0));
    [c.r, c.g, c.b]
}

/// Colour of a difference scaled to -1..=1 (proposed − existing): red where the
/// proposal loses, white where nothing changes, blue where it gains.
pub fn difference_color(t: f64) -> Rgb {
    let c = colorous::RED_BLUE.eval_continuous((t.clamp(-1.0, 1.0) + 1.0) / 2.0);
    [c.r, c.g, c.b]
}

/// Colour of a life-circle tier (the canvas uses the same three).
pub fn tier_color(tier: &str) -> Rgb {
    match tier {
        "5min" => [230, 85, 13],
        "10min" => [49, 130, 189],
        "15min" => [117, 107, 177],
        _ => [90, 90, 90],
    }
}

/// Shape of a facility symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Symbol {
    Circle,
    Square,
    Triangle,
    Diamond,
    InvertedTriangle,
    Cross,
    Star,
    /// A circle with a hole.
    Ring,
    /// A square with a hole.
    SquareRing,
    /// A diagonal cross (×).
    Saltire,
    Hexagon,
}

impl Symbol {
    /// Shapes in the order categories of a tier take them. The ten first stay apart at
    /// 5 px (GB 50180-2018's largest tier has ten categories); a hexagon reads as a
    /// circle that small, so it comes last.
    pub const CYCLE: [Symbol; 11] = [
        Symbol::Circle,
        Symbol::Square,
        Symbol::Triangle,
        Symbol::Diamond,
        Symbol::InvertedTriangle,
        Symbol::Cross,
        Symbol::Star,
        Symbol::Ring,
        Symbol::SquareRing,
        Symbol::Saltire,
        Symbol::Hexagon,
    ];
}

/// How a facility is drawn: its tier's colour and a shape telling the categories of
/// one tier apart (by the category's order within its tier in the standard).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FacilityStyle {
    pub color: Rgb,
    pub symbol: Symbol,
}

/// Style of a facility category; an unknown category is a grey circle.
pub fn facility_style(standard: &Standard, category: &str) -> FacilityStyle {
    let Some(cat) = standard.category(category) else {
        return FacilityStyle {
            color: tier_color(""),
            symbol: Symbol::Circle,
        };
    };
    let index_in_tier = standard
        .categories
        .iter()
        .filter(|c| c.tier == cat.tier)
        .position(|c| c.id == cat.id)
        .unwrap_or(0);
    FacilityStyle {
        color: tier_color(&cat.tier),
        symbol: Symbol::CYCLE[index_in_tier % Symbol::CYCLE.len()],
    }
}

/// Black or white, whichever reads better on `background` (labels on fills).
pub fn text_color_on(background: Rgb) -> Rgb {
    let [r, g, b] = background.map(f64::from);
    if 0.299 * r + 0.587 * g + 0.114 * b > 140.0 {
        [20, 20, 20]
    } else {
        [255, 255, 255]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Reference, Scenario, Stratum};
    use geo::{MultiPolygon, polygon};

    fn parcel(strata: Vec<Stratum>) -> Parcel {
        let square =
            polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)];
        let mut p = Parcel::new("p-1", Scenario::Proposed, MultiPolygon::new(vec![square]));
        p.strata = strata;
        p
    }

    #[test]
    fn single_use_parcel_has_its_class_colour_and_no_hatch() {
        let r = Reference::default();
        let fill = use_fill(
            &parcel(vec![Stratum::ground("s1", "070101")]),
            &r.classification,
        );
        assert_eq!(fill.main, r.classification.color("07").expect("07"));
        assert_eq!(fill.hatch, None);
    }

    #[test]
    fn stacked_uses_of_other_colours_are_hatched_with_the_second_use() {
        let r = Reference::default();
        let mut top = Stratum::ground("s2", "1401");
        top.z = crate::model::ZRange::new(3.0, 15.0);
        let p = parcel(vec![Stratum::ground("s1", "1302"), top]);
        let fill = use_fill(&p, &r.classification);
        assert_eq!(Some(fill.main), r.classification.color("1302"));
        assert_eq!(fill.hatch, r.classification.color("1401"));
        assert_ne!(fill.hatch, Some(fill.main));
    }

    #[test]
    fn an_underground_car_park_hatches_the_use_above_instead_of_painting_it() {
        let r = Reference::default();
        let mut parking = Stratum::ground("s1", "120803");
        parking.z = crate::model::ZRange::new(-6.0, 0.0);
        let p = parcel(vec![parking, Stratum::ground("s2", "1401")]);
        assert_eq!(shown_use(&p), Some("1401"));
        let fill = use_fill(&p, &r.classification);
        assert_eq!(Some(fill.main), r.classification.color("1401"));
        assert_eq!(fill.hatch, r.classification.color("120803"));
        // Underground only: the underground use is shown.
        let mut only = Stratum::ground("s1", "1206");
        only.z = crate::model::ZRange::new(-20.0, -5.0);
        assert_eq!(shown_use(&parcel(vec![only])), Some("1206"));
    }

    #[test]
    fn uses_of_one_colour_are_not_mixed() {
        let r = Reference::default();
        let mut s = Stratum::ground("s1", "0701");
        s.uses.push(crate::model::Use {
            code: "070102".into(),
            share: 0.5,
            extra: Default::default(),
        });
        s.uses[0].share = 0.5;
        assert_eq!(use_fill(&parcel(vec![s]), &r.classification).hatch, None);
    }

    #[test]
    fn score_ramp_runs_from_red_to_green() {
        let [r0, g0, _] = score_color(0.0);
        let [r1, g1, _] = score_color(1.0);
        assert!(
            r0 > g0 && g1 > r1,
            "{:?} {:?}",
            score_color(0.0),
            score_color(1.0)
        );
        assert_eq!(score_color(f64::NAN), UNKNOWN_FILL);
        assert_eq!(score_color(7.0), score_color(1.0));
    }

    #[test]
    fn categories_of_one_tier_get_different_symbols() {
        let standard = Standard::default_gb50180();
        for tier in &standard.tiers {
            let styles: Vec<FacilityStyle> = standard
                .categories
                .iter()
                .filter(|c| c.tier == tier.id)
                .map(|c| facility_style(&standard, &c.id))
                .collect();
            // Every category of a tier has its own shape (and none is the hexagon).
            assert!(styles.len() < Symbol::CYCLE.len(), "tier {}", tier.id);
            for (i, a) in styles.iter().enumerate() {
                assert_eq!(a.color, tier_color(&tier.id));
                assert_ne!(a.symbol, Symbol::Hexagon);
                for b in &styles[i + 1..] {
                    assert_ne!(a.symbol, b.symbol, "tier {}", tier.id);
                }
            }
        }
        assert_eq!(facility_style(&standard, "no_such").symbol, Symbol::Circle);
    }

    #[test]
    fn statuses_have_distinct_colours() {
        let colours: Vec<Rgb> = Status::ALL.iter().map(|s| status_color(Some(*s))).collect();
        for (i, a) in colours.iter().enumerate() {
            assert!(!colours[i + 1..].contains(a), "{a:?} repeats");
            assert_ne!(*a, UNKNOWN_FILL);
        }
    }
}
