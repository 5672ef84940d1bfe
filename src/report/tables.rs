//! The report's content as parts (title, text, table, figure), shared by the HTML and
//! Markdown writers so both show the same numbers formatted the same way.

use super::Report;
use super::fmt;
use crate::model::{Severity, SquareMeters};

/// A table; each row has a key (category id, use code…) that HTML writes as `data-key`.
pub struct Table {
    pub header: Vec<&'static str>,
    /// Columns holding numbers (right-aligned).
    pub numeric: Vec<bool>,
    pub rows: Vec<(String, Vec<String>)>,
}

/// Which figure a part shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Map,
    Chart,
    Sections,
}

/// One section of the report.
pub struct Part {
    /// Anchor id.
    pub id: &'static str,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub figure: Option<Figure>,
    pub table: Option<Table>,
}

impl Part {
    fn new(id: &'static str, title: &str) -> Self {
        Self {
            id,
            title: title.to_owned(),
            paragraphs: Vec::new(),
            figure: None,
            table: None,
        }
    }
}

pub fn parts(r: &Report) -> Vec<Part> {
    let c = &r.coverage;
    let mut parts = Vec::new();

    let mut map = Part::new("map", "Map");
    map.paragraphs.push(format!(
        "{} scenario. Parcels are filled by their land use as seen from above (underground strata count only where nothing is above them); parcels with uses of another colour, side by side or stacked, are hatched with the next one. Facility symbols are coloured by life-circle tier.",
        capitalised(r.scenario.as_str())
    ));
    map.figure = Some(Figure::Map);
    parts.push(map);

    let mut summary = Part::new("life-circle", "15-minute life circle");
    summary.paragraphs.push(format!(
        "{} homes, {} residents; population-weighted score {} ({} distances: {}).",
        c.homes,
        fmt::count(c.population),
        fmt::percent(c.score),
        r.metric,
        if r.metric == "network" {
            "along walkable streets"
        } else {
            "straight-line"
        }
    ));
    summary.paragraphs.push(
        "Residents fully served per tier: every required category of the tier within its radius."
            .to_owned(),
    );
    summary.table = Some(Table {
        header: vec!["tier", "name", "radius", "residents served", "share"],
        numeric: vec![false, false, true, true, true],
        rows: c
            .tiers
            .iter()
            .map(|t| {
                let radius = r
                    .reference
                    .standard
                    .tier(&t.id)
                    .map_or(String::new(), |x| format!("{:.0} m", x.radius_m));
                (
                    t.id.clone(),
                    vec![
                        t.id.clone(),
                        r.tier_name(&t.id),
                        radius,
                        fmt::count(t.population_served),
                        fmt::percent(t.share_population),
                    ],
                )
            })
            .collect(),
    });
    parts.push(summary);

    let mut categories = Part::new("categories", "Coverage by category");
    categories.figure = Some(Figure::Chart);
    categories.table = Some(Table {
        header: vec![
            "category",
            "tier",
            "radius",
            "facilities",
            "homes covered",
            "residents covered",
            "share",
        ],
        numeric: vec![false, false, true, true, true, true, true],
        rows: c
            .categories
            .iter()
            .map(|x| {
                let mark = if x.required { "" } else { " (recommended)" };
                (
                    x.id.clone(),
                    vec![
                        format!("{}{mark}", r.category_name(&x.id)),
                        x.tier.clone(),
                        format!("{:.0} m", x.radius_m),
                        x.facilities.to_string(),
                        x.homes_covered.to_string(),
                        fmt::count(x.population_covered),
                        fmt::percent(x.share_population),
                    ],
                )
            })
            .collect(),
    });
    parts.push(categories);

    let mut gaps = Part::new("gaps", "Service gaps");
    if c.gaps.is_empty() {
        gaps.paragraphs
            .push("No gaps: every home has every required category within reach.".to_owned());
    } else {
        gaps.paragraphs
            .push("Required categories some residents lack, most residents first.".to_owned());
        gaps.table = Some(Table {
            header: vec!["category", "tier", "homes lacking", "residents lacking"],
            numeric: vec![false, false, true, true],
            rows: c
                .gaps
                .iter()
                .map(|g| {
                    (
                        g.category.clone(),
                        vec![
                            r.category_name(&g.category),
                            g.tier.clone(),
                            g.homes.to_string(),
                            fmt::count(g.population),
                        ],
                    )
                })
                .collect(),
        });
    }
    parts.push(gaps);

    let land = &r.land;
    let mut accounting = Part::new("land", "Land accounting");
    accounting.paragraphs.push(format!(
        "{} scenario. Stacking saving = stacked area (sum of strata footprints) − ground area; released = ground area of proposed parcels with status released.",
        capitalised(r.scenario.as_str())
    ));
    let area_row = |key: &str, label: &str, v: f64| {
        (
            key.to_owned(),
            vec![label.to_owned(), fmt::m2(v), fmt::ha(v), fmt::mu(v)],
        )
    };
    accounting.table = Some(Table {
        header: vec!["", "m²", "ha", "mu (亩)"],
        numeric: vec![false, true, true, true],
        rows: vec![
            area_row("ground", "ground area", land.ground_m2),
            area_row("stacked", "stacked area", land.stacked_m2),
            area_row("saving", "stacking saving", land.stacking_saved_m2),
            area_row("released", "released", land.comparison.released_m2),
        ],
    });
    parts.push(accounting);

    let mut comparison = Part::new("comparison", "Land per use, existing → proposed");
    comparison.paragraphs.push(
        "Land per use = stratum footprint × use share, summed over the scenario's strata."
            .to_owned(),
    );
    comparison.table = Some(Table {
        header: vec![
            "code",
            "use",
            "existing m²",
            "proposed m²",
            "existing mu",
            "proposed mu",
            "change mu",
            "change",
        ],
        numeric: vec![false, false, true, true, true, true, true, true],
        rows: land
            .comparison
            .by_use
            .iter()
            .map(|u| {
                let (old, new) = (
                    SquareMeters(u.existing_m2).mu(),
                    SquareMeters(u.proposed_m2).mu(),
                );
                let change = if old > 0.0 {
                    format!("{:+.1} %", (new - old) / old * 100.0)
                } else {
                    "new".to_owned()
                };
                (
                    u.code.clone(),
                    vec![
                        u.code.clone(),
                        r.use_name(&u.code),
                        fmt::m2(u.existing_m2),
                        fmt::m2(u.proposed_m2),
                        fmt::mu(u.existing_m2),
                        fmt::mu(u.proposed_m2),
                        format!("{:+.2}", new - old),
                        change,
                    ],
                )
            })
            .collect(),
    });
    parts.push(comparison);

    let mix = &r.mix;
    let m = &r.mixed_parcels;
    let mut mixed = Part::new("mix", "Mixed use and jobs–housing");
    mixed.paragraphs.push(format!(
        "Diversity of floor area by level-1 land-use class over the whole scenario (Hill numbers); jobs from floor area per job; within reach = {:.0} m straight-line.",
        mix.reach_m
    ));
    let ratio = mix
        .jobs_housing_ratio
        .map_or("–".to_owned(), |v| format!("{v:.2}"));
    mixed.table = Some(Table {
        header: vec!["figure", "value"],
        numeric: vec![false, true],
        rows: vec![
            (
                "mixed_parcels".into(),
                vec![
                    "parcels with more than one use".into(),
                    format!("{} of {}", m.mixed, m.parcels),
                ],
            ),
            (
                "mixed_ground".into(),
                vec![
                    "ground area of mixed-use parcels (m²)".into(),
                    fmt::m2(m.mixed_ground_m2),
                ],
            ),
            (
                "stacked_parcels".into(),
                vec!["parcels with stacked strata".into(), m.stacked.to_string()],
            ),
            (
                "classes".into(),
                vec![
                    "land-use classes (Hill 0)".into(),
                    format!("{:.0}", mix.district.hill0),
                ],
            ),
            (
                "hill1".into(),
                vec![
                    "effective classes, exp(Shannon) (Hill 1)".into(),
                    format!("{:.2}", mix.district.hill1),
                ],
            ),
            (
                "hill2".into(),
                vec![
                    "effective classes, inverse Simpson (Hill 2)".into(),
                    format!("{:.2}", mix.district.hill2),
                ],
            ),
            (
                "shannon".into(),
                vec![
                    "Shannon entropy".into(),
                    format!("{:.3}", mix.district.shannon),
                ],
            ),
            ("jobs".into(), vec!["jobs".into(), fmt::count(mix.jobs)]),
            (
                "residents".into(),
                vec!["residents".into(), fmt::count(mix.residents)],
            ),
            ("ratio".into(), vec!["jobs per resident".into(), ratio]),
        ],
    });
    parts.push(mixed);

    let errors = r
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let mut validation = Part::new("validation", "Validation");
    validation.paragraphs.push(if r.problems.is_empty() {
        "No problems: the plan passes every check of strata check.".to_owned()
    } else {
        format!(
            "{errors} error(s) and {} warning(s), as strata check reports them.{}",
            r.problems.len() - errors,
            if errors > 0 {
                " Figures of a plan with errors may be misleading."
            } else {
                ""
            }
        )
    });
    if !r.problems.is_empty() {
        validation.table = Some(Table {
            header: vec!["severity", "kind", "feature", "message"],
            numeric: vec![false; 4],
            rows: r
                .problems
                .iter()
                .map(|p| {
                    (
                        p.kind.as_str().to_owned(),
                        vec![
                            match p.severity {
                                Severity::Error => "error".to_owned(),
                                Severity::Warning => "warning".to_owned(),
                            },
                            p.kind.as_str().to_owned(),
                            p.feature.clone().unwrap_or_default(),
                            p.message.clone(),
                        ],
                    )
                })
                .collect(),
        });
    }
    parts.push(validation);

    let mut sections = Part::new("sections", "Strata sections");
    sections.paragraphs.push(if r.sections.is_empty() {
        "No parcel of this scenario has more than one stratum.".to_owned()
    } else {
        "Parcels with more than one stratum. Heights to scale, ground at ±0, underground shaded; a stratum's width is the share of the parcel its footprint covers, split by its uses' shares.".to_owned()
    });
    sections.figure = Some(Figure::Sections);
    parts.push(sections);
    parts
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
