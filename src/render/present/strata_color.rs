//! What colour a stratum gets in a 3D view of the plan, by colour mode: its main land
//! use, its main holder, its right, its operation mode or the years left on its term.
//! The one palette of both 3D views: the editor's (`ui::view3d`) colours with
//! [`StrataPalette::color`] and lists [`StrataPalette::legend`]; the headless one
//! (`render::volumes`) colours with the same palette and words the legend rows of the
//! [`LegendKey`]s it drew in its own fonts. So a stratum has one colour in both.

use std::collections::HashMap;

use crate::i18n::tr;
use crate::model::{OperationMode, Plan, Reference, Right, Scenario, Stratum};

/// A stratum's operation mode, when it has one.
fn operation_mode(s: &Stratum) -> Option<OperationMode> {
    s.operation.as_ref().and_then(|o| o.mode)
}
use crate::render::style::{self, Rgb, UNKNOWN_FILL};

/// What a stratum's colour shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StrataColorBy {
    /// Its main land use (largest share), classification colour.
    #[default]
    Use,
    /// Its main holder (largest share), one colour per holder, most frequent first.
    Holder,
    /// The kind of right it carries.
    Right,
    /// How it is operated (self, lease, ROT, REITs…).
    Operation,
    /// Years left on its term (the right's, else the operation's).
    YearsLeft,
}

impl StrataColorBy {
    pub const ALL: [StrataColorBy; 5] = [
        StrataColorBy::Use,
        StrataColorBy::Holder,
        StrataColorBy::Right,
        StrataColorBy::Operation,
        StrataColorBy::YearsLeft,
    ];

    /// The mode's name in the current language.
    pub fn label(self) -> String {
        match self {
            StrataColorBy::Use => tr("view3d-colour-use"),
            StrataColorBy::Holder => tr("view3d-colour-holder"),
            StrataColorBy::Right => tr("view3d-colour-right"),
            StrataColorBy::Operation => tr("view3d-colour-operation"),
            StrataColorBy::YearsLeft => tr("view3d-colour-years-left"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StrataColorBy::Use => "use",
            StrataColorBy::Holder => "holder",
            StrataColorBy::Right => "right",
            StrataColorBy::Operation => "operation",
            StrataColorBy::YearsLeft => "years-left",
        }
    }
}

/// Distinct colours for holders (Tableau 10 without its grey, which means unknown).
const HOLDER_COLORS: [Rgb; 9] = [
    [78, 121, 167],
    [242, 142, 43],
    [89, 161, 79],
    [225, 87, 89],
    [118, 183, 178],
    [237, 201, 72],
    [176, 122, 161],
    [255, 157, 167],
    [156, 117, 95],
];
/// Holders beyond the palette share this colour (listed as "other holders").
const OTHER_HOLDERS: Rgb = [120, 120, 120];

/// Classes of years left: upper bounds (exclusive) and colours, red (soon) to green.
pub const TERM_CLASSES: [(f64, Rgb); 6] = [
    (0.0, [103, 0, 13]),
    (10.0, [215, 48, 39]),
    (20.0, [252, 141, 89]),
    (40.0, [254, 224, 139]),
    (70.0, [145, 207, 96]),
    (f64::INFINITY, [26, 152, 80]),
];

/// The end of a stratum's term as a fractional year: the right's, else the operation's.
pub fn term_end(stratum: &Stratum) -> Option<f64> {
    let right = stratum.term.as_ref().and_then(|t| t.end_year());
    right.or_else(|| {
        stratum
            .operation
            .as_ref()
            .and_then(|o| o.term.as_ref())
            .and_then(|t| t.end_year())
    })
}

/// The class of `TERM_CLASSES` of a term with `left` years left.
pub fn term_class(left: f64) -> usize {
    TERM_CLASSES
        .iter()
        .position(|(bound, _)| left < *bound)
        .unwrap_or(TERM_CLASSES.len() - 1)
}

/// The legend text of a class of years left.
pub fn term_class_label(class: usize) -> String {
    match class {
        0 => tr("volumes-legend-expired"),
        c if c + 1 == TERM_CLASSES.len() => crate::tr!(
            "volumes-legend-years-over",
            years = TERM_CLASSES[c - 1].0.to_string()
        ),
        c => crate::tr!(
            "volumes-legend-years",
            from = TERM_CLASSES[c - 1].0.to_string(),
            to = TERM_CLASSES[c].0.to_string()
        ),
    }
}

/// What a legend row stands for, before it is worded (each view words it in its own
/// way and fonts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LegendKey {
    /// A main land-use code.
    Use(String),
    /// A holder with a colour of its own, by rank.
    Holder {
        rank: usize,
        name: String,
    },
    /// Holders beyond the palette.
    OtherHolders,
    Right(Right),
    Operation(OperationMode),
    /// A class of `TERM_CLASSES`.
    Term(usize),
    /// The stratum has no value of the mode (no use, holder, right…).
    Unknown,
}

impl LegendKey {
    /// The legend's order: uses by code (shorter codes, classes, first), holders by
    /// rank, then other holders, rights and operation modes in their listed order,
    /// term classes by years left, "none" last.
    pub fn order(&self) -> (u8, usize, &str) {
        let position = |found: Option<usize>| found.unwrap_or(usize::MAX);
        match self {
            LegendKey::Use(code) => (0, code.len(), code),
            LegendKey::Holder { rank, .. } => (1, *rank, ""),
            LegendKey::OtherHolders => (2, 0, ""),
            LegendKey::Right(r) => (3, position(Right::ALL.iter().position(|x| x == r)), ""),
            LegendKey::Operation(m) => (
                4,
                position(OperationMode::ALL.iter().position(|x| x == m)),
                "",
            ),
            LegendKey::Term(class) => (5, *class, ""),
            LegendKey::Unknown => (6, 0, ""),
        }
    }
}

/// The colour of a kind of right.
pub fn right_color(right: Right) -> Rgb {
    match right {
        Right::Ownership => [31, 119, 180],
        Right::ConstructionLandUse => [44, 160, 44],
        Right::Lease => [255, 127, 14],
        Right::Easement => [148, 103, 189],
        Right::Operation => [23, 190, 207],
        Right::Other => [140, 86, 75],
    }
}

/// The colour of an operation mode (Tableau 10).
pub fn operation_color(mode: OperationMode) -> Rgb {
    let i = OperationMode::ALL
        .iter()
        .position(|m| *m == mode)
        .unwrap_or(0);
    const COLORS: [Rgb; 10] = [
        [78, 121, 167],
        [242, 142, 43],
        [225, 87, 89],
        [118, 183, 178],
        [89, 161, 79],
        [237, 201, 72],
        [176, 122, 161],
        [255, 157, 167],
        [156, 117, 95],
        [186, 176, 172],
    ];
    COLORS[i % COLORS.len()]
}

/// The name of a stratum's main holder (largest share; the first on a tie).
pub fn main_holder(s: &Stratum) -> Option<&str> {
    largest_share(&s.holders, |h| h.share).map(|h| h.name.as_str())
}

/// A stratum's main use code (largest share; the first on a tie).
pub fn main_use(s: &Stratum) -> Option<&str> {
    largest_share(&s.uses, |u| u.share).map(|u| u.code.as_str())
}

/// The item with the largest finite share, the first on a tie.
fn largest_share<T>(items: &[T], share: impl Fn(&T) -> f64) -> Option<&T> {
    items
        .iter()
        .filter(|x| share(x).is_finite())
        .fold(None, |best, x| match best {
            Some(b) if share(b) >= share(x) => Some(b),
            _ => Some(x),
        })
}

/// What colouring the strata of one scenario needs besides the stratum: the reference's
/// classification, and the holders ranked by how many strata they hold.
pub struct StrataPalette<'a> {
    pub mode: StrataColorBy,
    reference: &'a Reference,
    /// Holder name → rank (0 = holds most strata); ranks beyond the palette are "other".
    holders: HashMap<String, usize>,
    /// Main uses and rights present, with the number of strata, most first.
    uses: Vec<(String, usize)>,
    rights: Vec<(Right, usize)>,
    operations: Vec<(OperationMode, usize)>,
    /// Classes of years left present (`volumes::colours::TERM_CLASSES`), in order.
    terms: Vec<usize>,
    /// The year the years left are counted from.
    as_of: f64,
    /// Strata without the mode's value (no use, holder or right).
    unknown: usize,
}

impl<'a> StrataPalette<'a> {
    /// The palette of `mode` for the strata of `scenario`; years left are counted from
    /// the year `as_of`.
    pub fn new(
        plan: &Plan,
        scenario: Scenario,
        reference: &'a Reference,
        mode: StrataColorBy,
        as_of: f64,
    ) -> Self {
        let mut holders: HashMap<&str, usize> = HashMap::new();
        let mut uses: HashMap<&str, usize> = HashMap::new();
        let mut rights: HashMap<Right, usize> = HashMap::new();
        let mut operations: HashMap<OperationMode, usize> = HashMap::new();
        let mut terms: Vec<usize> = Vec::new();
        let mut unknown = 0;
        for s in plan.parcels_in(scenario).flat_map(|p| &p.strata) {
            let known = match mode {
                StrataColorBy::Use => main_use(s).map(|u| *uses.entry(u).or_default() += 1),
                StrataColorBy::Holder => {
                    main_holder(s).map(|h| *holders.entry(h).or_default() += 1)
                }
                StrataColorBy::Right => s.right.map(|r| *rights.entry(r).or_default() += 1),
                StrataColorBy::Operation => {
                    operation_mode(s).map(|m| *operations.entry(m).or_default() += 1)
                }
                StrataColorBy::YearsLeft => term_end(s).map(|end| {
                    let class = term_class(end - as_of);
                    if !terms.contains(&class) {
                        terms.push(class);
                    }
                }),
            };
            unknown += usize::from(known.is_none());
        }
        let holders = ranked(holders)
            .into_iter()
            .enumerate()
            .map(|(k, (name, _))| (name.to_owned(), k))
            .collect();
        Self {
            mode,
            reference,
            holders,
            uses: ranked(uses)
                .into_iter()
                .map(|(u, n)| (u.to_owned(), n))
                .collect(),
            rights: ranked_rights(rights),
            operations: {
                let order = |m: &OperationMode| OperationMode::ALL.iter().position(|x| x == m);
                let mut v: Vec<(OperationMode, usize)> = operations.into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(order(&a.0).cmp(&order(&b.0))));
                v
            },
            terms: {
                terms.sort_unstable();
                terms
            },
            as_of,
            unknown,
        }
    }

    /// The colour of one stratum.
    pub fn color(&self, s: &Stratum) -> Rgb {
        match self.mode {
            StrataColorBy::Use => main_use(s).map_or(UNKNOWN_FILL, |code| {
                style::use_color(&self.reference.classification, code)
            }),
            StrataColorBy::Holder => main_holder(s)
                .and_then(|h| self.holders.get(h))
                .map_or(UNKNOWN_FILL, |&rank| holder_color(rank)),
            StrataColorBy::Right => s.right.map_or(UNKNOWN_FILL, right_color),
            StrataColorBy::Operation => operation_mode(s).map_or(UNKNOWN_FILL, operation_color),
            StrataColorBy::YearsLeft => term_end(s).map_or(UNKNOWN_FILL, |end| {
                TERM_CLASSES[term_class(end - self.as_of)].1
            }),
        }
    }

    /// What the holder colours depend on: each holder's rank (empty in other modes).
    /// Two palettes with equal ranks colour every stratum alike (the 3D view then
    /// recolours only what an edit changed).
    pub fn holder_ranks(&self) -> Vec<(String, usize)> {
        let mut ranks: Vec<(String, usize)> =
            self.holders.iter().map(|(h, &r)| (h.clone(), r)).collect();
        ranks.sort_unstable();
        ranks
    }

    /// The legend row a stratum falls in; [`StrataPalette::key_color`] of it is
    /// [`StrataPalette::color`] of the stratum.
    pub fn key(&self, s: &Stratum) -> LegendKey {
        let key = match self.mode {
            StrataColorBy::Use => main_use(s).map(|u| LegendKey::Use(u.to_owned())),
            StrataColorBy::Holder => main_holder(s).map(|h| match self.holders.get(h) {
                Some(&rank) if rank < HOLDER_COLORS.len() => LegendKey::Holder {
                    rank,
                    name: h.to_owned(),
                },
                _ => LegendKey::OtherHolders,
            }),
            StrataColorBy::Right => s.right.map(LegendKey::Right),
            StrataColorBy::Operation => operation_mode(s).map(LegendKey::Operation),
            StrataColorBy::YearsLeft => {
                term_end(s).map(|end| LegendKey::Term(term_class(end - self.as_of)))
            }
        };
        key.unwrap_or(LegendKey::Unknown)
    }

    /// The colour of a legend row.
    pub fn key_color(&self, key: &LegendKey) -> Rgb {
        match key {
            LegendKey::Use(code) => style::use_color(&self.reference.classification, code),
            LegendKey::Holder { rank, .. } => holder_color(*rank),
            LegendKey::OtherHolders => OTHER_HOLDERS,
            LegendKey::Right(r) => right_color(*r),
            LegendKey::Operation(m) => operation_color(*m),
            LegendKey::Term(class) => TERM_CLASSES[(*class).min(TERM_CLASSES.len() - 1)].1,
            LegendKey::Unknown => UNKNOWN_FILL,
        }
    }

    /// The legend: a colour and its meaning per row, most frequent first; at most
    /// `max_rows` rows, the rest summed up in one.
    pub fn legend(&self, max_rows: usize) -> Vec<(Rgb, String)> {
        let mut rows: Vec<(Rgb, String)> = match self.mode {
            StrataColorBy::Use => self
                .uses
                .iter()
                .map(|(code, _)| {
                    let name = self
                        .reference
                        .classification
                        .get(code)
                        .map_or_else(|| code.clone(), |c| format!("{code} {}", c.label()));
                    (style::use_color(&self.reference.classification, code), name)
                })
                .collect(),
            StrataColorBy::Holder => {
                let mut names: Vec<(&String, &usize)> = self.holders.iter().collect();
                names.sort_by_key(|(_, rank)| **rank);
                names
                    .into_iter()
                    .take(HOLDER_COLORS.len())
                    .map(|(name, &rank)| (holder_color(rank), name.clone()))
                    .collect()
            }
            StrataColorBy::Right => self
                .rights
                .iter()
                .map(|(r, _)| (right_color(*r), r.name()))
                .collect(),
            StrataColorBy::Operation => self
                .operations
                .iter()
                .map(|(m, _)| (operation_color(*m), m.as_str().to_owned()))
                .collect(),
            StrataColorBy::YearsLeft => self
                .terms
                .iter()
                .map(|&c| (TERM_CLASSES[c].1, term_class_label(c)))
                .collect(),
        };
        let mut others =
            self.mode == StrataColorBy::Holder && self.holders.len() > HOLDER_COLORS.len();
        if rows.len() > max_rows {
            rows.truncate(max_rows.saturating_sub(1));
            others = true;
        }
        if others {
            rows.push((OTHER_HOLDERS, tr("view3d-legend-others")));
        }
        if self.unknown > 0 {
            rows.push((UNKNOWN_FILL, tr("view3d-legend-unknown")));
        }
        rows
    }
}

fn holder_color(rank: usize) -> Rgb {
    HOLDER_COLORS.get(rank).copied().unwrap_or(OTHER_HOLDERS)
}

/// Keys by count, most first, then by key (a stable order for legends and ranks).
fn ranked<K: Ord + Copy>(counts: HashMap<K, usize>) -> Vec<(K, usize)> {
    let mut v: Vec<(K, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// Rights by count, most first, then in their listed order.
fn ranked_rights(counts: HashMap<Right, usize>) -> Vec<(Right, usize)> {
    let order = |r: &Right| Right::ALL.iter().position(|x| x == r);
    let mut v: Vec<(Right, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(order(&a.0).cmp(&order(&b.0))));
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Holder, LocalFrame, Parcel};
    use geo::{MultiPolygon, Rect, coord};

    fn holder(name: &str, share: f64) -> Holder {
        Holder {
            name: name.into(),
            share,
            extra: Default::default(),
        }
    }

    fn plan() -> Plan {
        let mut plan = Plan::new(LocalFrame::new(120.0, 30.0));
        let shape = MultiPolygon::new(vec![
            Rect::new(coord! {x: 0.0, y: 0.0}, coord! {x: 10.0, y: 10.0}).to_polygon(),
        ]);
        let mut p = Parcel::new("p", Scenario::Proposed, shape);
        let mut a = Stratum::ground("a", "0701");
        a.holders = vec![holder("City", 0.3), holder("Water Co.", 0.7)];
        a.right = Some(Right::Lease);
        let mut b = Stratum::ground("b", "1401");
        b.holders = vec![holder("Water Co.", 1.0)];
        let mut c = Stratum::ground("c", "1401");
        c.holders = vec![holder("City", 1.0)];
        c.right = Some(Right::Easement);
        p.strata = vec![a, b, c];
        plan.parcels.push(p);
        plan
    }

    #[test]
    fn holders_rank_by_the_strata_they_hold_and_colour_by_main_holder() {
        let plan = plan();
        let reference = Reference::default();
        let palette = StrataPalette::new(
            &plan,
            Scenario::Proposed,
            &reference,
            StrataColorBy::Holder,
            2026.0,
        );
        let s = &plan.parcels[0].strata;
        // Water Co. is the main holder of a and b (2 strata), City of c (1).
        assert_eq!(palette.color(&s[0]), HOLDER_COLORS[0]);
        assert_eq!(palette.color(&s[1]), HOLDER_COLORS[0]);
        assert_eq!(palette.color(&s[2]), HOLDER_COLORS[1]);
        let legend = palette.legend(10);
        assert_eq!(legend[0], (HOLDER_COLORS[0], "Water Co.".to_owned()));
        assert_eq!(legend.len(), 2);
    }

    #[test]
    fn a_stratum_without_right_is_unknown_and_listed_so() {
        let plan = plan();
        let reference = Reference::default();
        let palette = StrataPalette::new(
            &plan,
            Scenario::Proposed,
            &reference,
            StrataColorBy::Right,
            2026.0,
        );
        let s = &plan.parcels[0].strata;
        assert_eq!(palette.color(&s[0]), right_color(Right::Lease));
        assert_eq!(palette.color(&s[1]), UNKNOWN_FILL);
        assert_eq!(palette.legend(10).len(), 3);
    }

    #[test]
    fn use_colour_is_the_main_use_of_the_classification() {
        let plan = plan();
        let reference = Reference::default();
        let palette = StrataPalette::new(
            &plan,
            Scenario::Proposed,
            &reference,
            StrataColorBy::Use,
            2026.0,
        );
        let s = &plan.parcels[0].strata;
        assert_eq!(
            palette.color(&s[1]),
            style::use_color(&reference.classification, "1401")
        );
        assert_ne!(palette.color(&s[0]), palette.color(&s[1]));
    }

    #[test]
    fn operation_and_years_left_colour_the_stratum_and_fill_the_legend() {
        let mut plan = plan();
        let s = &mut plan.parcels[0].strata[0];
        s.operation = Some(Box::new(crate::model::Operation {
            mode: Some(OperationMode::Rot),
            ..Default::default()
        }));
        // Ends in 2030: 4 years left in 2026, the class under 10 years.
        s.term = Some(crate::model::Term {
            start: Some("2000-01-01".into()),
            years: Some(30.0),
            extra: Default::default(),
        });
        let reference = Reference::default();
        let by = |mode| StrataPalette::new(&plan, Scenario::Proposed, &reference, mode, 2026.0);
        let operation = by(StrataColorBy::Operation);
        let stratum = &plan.parcels[0].strata[0];
        assert_eq!(
            operation.color(stratum),
            operation_color(OperationMode::Rot)
        );
        assert_eq!(operation.color(&plan.parcels[0].strata[1]), UNKNOWN_FILL);
        assert_eq!(
            operation.legend(9)[0],
            (operation_color(OperationMode::Rot), "ROT".into())
        );
        let years = by(StrataColorBy::YearsLeft);
        assert_eq!(years.color(stratum), TERM_CLASSES[1].1);
        assert_eq!(years.legend(9).len(), 2, "the class and 'no term'");
    }
}
