//! The report's content as parts (title, text, table, figure), shared by the HTML and
//! Markdown writers so both show the same numbers formatted the same way.

use super::Report;
use super::fmt;
use crate::analysis::valuation::{Criterion, ParcelValue};
use crate::i18n::tr;
use crate::model::{Severity, SquareMeters};
use crate::tr;

/// A table; each row has a key (category id, use code…) that HTML writes as `data-key`.
pub struct Table {
    pub header: Vec<String>,
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
    /// The walking-time maps of the gap categories (`Report::gap_areas`).
    GapAreas,
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
    pub(super) fn new(id: &'static str, title: &str) -> Self {
        Self {
            id,
            title: title.to_owned(),
            paragraphs: Vec::new(),
            figure: None,
            table: None,
        }
    }
}

/// The report's sections in reading order: the map, coverage (life circle, categories,
/// gaps), land accounting, the mix, validation, the assets, and the sections figure.
pub fn parts(r: &Report) -> Vec<Part> {
    let mut parts = vec![
        map_part(r),
        life_circle_part(r),
        categories_part(r),
        gaps_part(r),
    ];
    parts.extend(super::gap_areas::gap_areas_part(r));
    parts.extend([
        super::provision_part::provision_part(r),
        land_part(r),
        comparison_part(r),
        mix_part(r),
        zoning_part(r),
        control_changes_part(r),
        validation_part(r),
    ]);
    parts.extend(asset_parts(r));
    parts.push(sections_part(r));
    parts
}

/// Zoning (控规): the district's FAR and floor area, and every parcel under controls that
/// breaks one, with what it achieves against the limit.
fn zoning_part(r: &Report) -> Part {
    use crate::analysis::zoning_check::{format_value, indicator_name};
    let z = &r.zoning;
    let mut part = Part::new("zoning", &tr("report-zoning"));
    let controlled = z.parcels.iter().filter(|p| p.controls.is_some()).count();
    part.paragraphs.push(tr!(
        "report-zoning-text",
        far = format!("{:.2}", z.far),
        floor = fmt::m2(z.floor_area_m2),
        controlled = controlled,
        violations = z.violations
    ));
    let rows: Vec<(String, Vec<String>)> = z
        .parcels
        .iter()
        .flat_map(|p| {
            p.violations.iter().map(move |v| {
                let what = match &v.code {
                    Some(code) => format!("{} {code}", indicator_name(v.indicator).text()),
                    None => indicator_name(v.indicator).text(),
                };
                let cells = vec![
                    p.id.to_owned(),
                    p.code.unwrap_or_default().to_owned(),
                    what,
                    format_value(v.indicator, v.value),
                    format_value(v.indicator, v.limit),
                ];
                (p.id.to_owned(), cells)
            })
        })
        .collect();
    if !rows.is_empty() {
        part.table = Some(Table {
            header: [
                "report-col-parcel",
                "report-col-code",
                "report-col-indicator",
                "report-col-achieved",
                "report-col-limit",
            ]
            .map(tr)
            .into(),
            numeric: vec![false, false, false, true, true],
            rows,
        });
    }
    part
}

/// The control changes (控规调整): every control the proposed scenario changes, by parcel
/// code, as a planner lists them for approval.
fn control_changes_part(r: &Report) -> Part {
    let mut part = Part::new("control-changes", &tr("report-control-changes"));
    if r.control_changes.is_empty() {
        part.paragraphs.push(tr("report-no-control-changes"));
        return part;
    }
    part.paragraphs.push(tr!(
        "report-control-changes-text",
        n = r.control_changes.len()
    ));
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_owned());
    part.table = Some(Table {
        header: [
            "report-col-code",
            "report-col-control",
            "report-col-existing",
            "report-col-proposed",
        ]
        .map(tr)
        .into(),
        numeric: vec![false, false, true, true],
        rows: r
            .control_changes
            .iter()
            .map(|c| {
                let cells = vec![
                    c.code.clone(),
                    c.indicator.to_owned(),
                    shown(&c.existing),
                    shown(&c.proposed),
                ];
                (format!("{}:{}", c.code, c.indicator), cells)
            })
            .collect(),
    });
    part
}

/// The plan map figure with the scenario it shows.
fn map_part(r: &Report) -> Part {
    let mut map = Part::new("map", &tr!("report-map"));
    map.paragraphs
        .push(tr!("report-map-text", scenario = r.scenario.name()));
    map.figure = Some(Figure::Map);
    map
}

/// The life-circle summary (homes, residents, score, metric) and one row per tier.
fn life_circle_part(r: &Report) -> Part {
    let c = &r.coverage;
    let mut summary = Part::new("life-circle", &tr!("report-life-circle"));
    summary.paragraphs.push(tr!(
        "report-life-circle-text",
        homes = c.homes,
        residents = fmt::count(c.population),
        score = fmt::percent(c.score),
        metric = if r.metric == crate::analysis::Metric::Network {
            tr!("metric-network")
        } else {
            tr!("metric-euclidean")
        }
    ));
    summary.paragraphs.push(tr!("report-tiers-text"));
    summary.table = Some(Table {
        header: [
            "col-tier",
            "col-name",
            "col-radius",
            "col-residents-served",
            "col-share",
        ]
        .map(tr)
        .into(),
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
    summary
}

/// Coverage per service category (chart and table); recommended categories are marked.
fn categories_part(r: &Report) -> Part {
    let mut categories = Part::new("categories", &tr!("report-categories"));
    categories.figure = Some(Figure::Chart);
    categories.table = Some(Table {
        header: [
            "col-category",
            "col-tier",
            "col-radius",
            "col-facilities",
            "col-homes-covered",
            "col-residents-covered",
            "col-share",
        ]
        .map(tr)
        .into(),
        numeric: vec![false, false, true, true, true, true, true],
        rows: r
            .coverage
            .categories
            .iter()
            .map(|x| {
                let mark = if x.required {
                    String::new()
                } else {
                    tr!("report-recommended")
                };
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
    categories
}

/// The categories homes lack within reach; a sentence only when there is no gap.
fn gaps_part(r: &Report) -> Part {
    let c = &r.coverage;
    let mut gaps = Part::new("gaps", &tr!("report-gaps"));
    if c.gaps.is_empty() {
        gaps.paragraphs.push(tr!("report-no-gaps"));
        return gaps;
    }
    gaps.paragraphs.push(tr!("report-gaps-text"));
    gaps.table = Some(Table {
        header: [
            "col-category",
            "col-tier",
            "col-homes-lacking",
            "col-residents-lacking",
        ]
        .map(tr)
        .into(),
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
    gaps
}

/// Land accounting: ground and stacked area, the stacking saving and the land released,
/// each in m², ha and mu.
fn land_part(r: &Report) -> Part {
    let land = &r.land;
    let mut accounting = Part::new("land", &tr!("report-land"));
    accounting
        .paragraphs
        .push(tr!("report-land-text", scenario = r.scenario.name()));
    let area_row = |key: &str, label: String, v: f64| {
        (
            key.to_owned(),
            vec![label, fmt::m2(v), fmt::ha(v), fmt::mu(v)],
        )
    };
    accounting.table = Some(Table {
        header: vec![String::new(), tr!("col-m2"), tr!("col-ha"), tr!("col-mu")],
        numeric: vec![false, true, true, true],
        rows: vec![
            area_row("ground", tr!("area-ground"), land.ground_m2),
            area_row("stacked", tr!("area-stacked"), land.stacked_m2),
            area_row("saving", tr!("area-saving"), land.stacking_saved_m2),
            area_row(
                "released",
                tr!("area-released"),
                land.comparison.released_m2,
            ),
        ],
    });
    accounting
}

/// Existing against proposed area per land use, with the change in mu and percent.
fn comparison_part(r: &Report) -> Part {
    let mut comparison = Part::new("comparison", &tr!("report-comparison"));
    comparison.paragraphs.push(tr!("report-comparison-text"));
    comparison.table = Some(Table {
        header: [
            "col-code",
            "col-use",
            "col-existing-m2",
            "col-proposed-m2",
            "col-existing-mu",
            "col-proposed-mu",
            "col-change-mu",
            "col-change",
        ]
        .map(tr)
        .into(),
        numeric: vec![false, false, true, true, true, true, true, true],
        rows: r
            .land
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
                    tr!("report-new")
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
    comparison
}

/// The mix of uses: mixed and stacked parcels, Hill diversity numbers, Shannon index and
/// the jobs–housing ratio.
fn mix_part(r: &Report) -> Part {
    let mix = &r.mix;
    let m = &r.mixed_parcels;
    let mut mixed = Part::new("mix", &tr!("report-mix"));
    mixed.paragraphs.push(tr!(
        "report-mix-text",
        reach = format!("{:.0}", mix.reach_m)
    ));
    let ratio = mix
        .jobs_housing_ratio
        .map_or("–".to_owned(), |v| format!("{v:.2}"));
    mixed.table = Some(Table {
        header: vec![tr!("col-figure"), tr!("col-value")],
        numeric: vec![false, true],
        rows: vec![
            (
                "mixed_parcels".into(),
                vec![
                    tr!("mix-mixed-parcels"),
                    tr!("mix-n-of", n = m.mixed, total = m.parcels),
                ],
            ),
            (
                "mixed_ground".into(),
                vec![tr!("mix-mixed-ground"), fmt::m2(m.mixed_ground_m2)],
            ),
            (
                "stacked_parcels".into(),
                vec![tr!("mix-stacked-parcels"), m.stacked.to_string()],
            ),
            (
                "classes".into(),
                vec![tr!("mix-hill0"), format!("{:.0}", mix.district.hill0)],
            ),
            (
                "hill1".into(),
                vec![tr!("mix-hill1"), format!("{:.2}", mix.district.hill1)],
            ),
            (
                "hill2".into(),
                vec![tr!("mix-hill2"), format!("{:.2}", mix.district.hill2)],
            ),
            (
                "shannon".into(),
                vec![tr!("mix-shannon"), format!("{:.3}", mix.district.shannon)],
            ),
            ("jobs".into(), vec![tr!("mix-jobs"), fmt::count(mix.jobs)]),
            (
                "residents".into(),
                vec![tr!("mix-residents"), fmt::count(mix.residents)],
            ),
            ("ratio".into(), vec![tr!("mix-ratio"), ratio]),
        ],
    });
    mixed
}

/// The plan's problems: a count (with a warning that errors mislead the figures above)
/// and one row per problem.
fn validation_part(r: &Report) -> Part {
    let errors = r
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let mut validation = Part::new("validation", &tr!("report-validation"));
    validation.paragraphs.push(if r.problems.is_empty() {
        tr!("report-no-problems")
    } else {
        let mut text = tr!(
            "report-problems",
            errors = errors,
            warnings = r.problems.len() - errors
        );
        if errors > 0 {
            text.push(' ');
            text.push_str(&tr!("report-errors-mislead"));
        }
        text
    });
    if r.problems.is_empty() {
        return validation;
    }
    validation.table = Some(Table {
        header: ["col-severity", "col-kind", "col-feature", "col-message"]
            .map(tr)
            .into(),
        numeric: vec![false; 4],
        rows: r
            .problems
            .iter()
            .map(|p| {
                (
                    p.kind.as_str().to_owned(),
                    vec![
                        match p.severity {
                            Severity::Error => tr!("severity-error"),
                            Severity::Warning => tr!("severity-warning"),
                        },
                        p.kind.as_str().to_owned(),
                        p.feature.clone().unwrap_or_default(),
                        p.message.text(),
                    ],
                )
            })
            .collect(),
    });
    validation
}

/// The street sections figure, or a sentence saying the plan has none.
fn sections_part(r: &Report) -> Part {
    let mut sections = Part::new("sections", &tr!("report-sections"));
    sections.paragraphs.push(if r.sections.is_empty() {
        tr!("report-no-sections")
    } else {
        tr!("report-sections-text")
    });
    sections.figure = Some(Figure::Sections);
    sections
}

/// The assets: inventory by status, the best-valued candidates with their parts, and
/// sites for the worst-covered category.
fn asset_parts(r: &Report) -> Vec<Part> {
    vec![inventory_part(r), valuation_part(r), suggestions_part(r)]
}

/// The asset inventory: parcels, ground area and floor area per status, then the total.
fn inventory_part(r: &Report) -> Part {
    let inv = &r.inventory;
    let mut assets = Part::new("assets", &tr!("report-assets"));
    assets
        .paragraphs
        .push(tr!("report-inventory-text", scenario = r.scenario.name()));
    assets.table = Some(Table {
        header: [
            "assets-col-status",
            "assets-col-parcels",
            "assets-col-ha",
            "assets-col-mu",
            "assets-col-floor",
        ]
        .map(tr)
        .into(),
        numeric: vec![false, true, true, true, true],
        rows: inv
            .by_status
            .iter()
            .chain(std::iter::once(&inv.total))
            .map(|g| {
                let name = crate::model::Status::parse(&g.key).map_or(g.key.clone(), |s| s.name());
                (
                    g.key.clone(),
                    vec![
                        name,
                        g.parcels.to_string(),
                        fmt::ha(g.ground_m2),
                        fmt::mu(g.ground_m2),
                        format!("{:.0}", g.floor_m2),
                    ],
                )
            })
            .collect(),
    });
    assets
}

/// The valuation: its settings (candidate statuses, weights, service category) and the
/// best-valued candidates; the settings error instead when they do not load.
fn valuation_part(r: &Report) -> Part {
    let mut valued = Part::new("valuation", &tr("valuation"));
    let v = match &r.valuation {
        Err(error) => {
            valued
                .paragraphs
                .push(tr!("valuation-settings-error", error = error.clone()));
            return valued;
        }
        Ok(v) => v,
    };
    let weights: Vec<String> = Criterion::ALL
        .iter()
        .map(|c| format!("{} {}", c.name(), v.weights.get(*c)))
        .collect();
    valued.paragraphs.push(tr!(
        "report-valuation-text",
        statuses = v
            .candidates
            .iter()
            .map(|s| crate::model::Status::parse(s).map_or_else(|| s.clone(), |st| st.name()))
            .collect::<Vec<_>>()
            .join(", "),
        weights = weights.join(", "),
        category = v
            .service_category
            .as_deref()
            .map_or_else(|| "-".to_owned(), |c| r.category_name(c))
    ));
    if v.parcels.is_empty() {
        valued.paragraphs.push(tr!("report-no-candidates"));
        return valued;
    }
    let shown = v.parcels.len().min(super::REPORT_TOP);
    valued.paragraphs.push(tr!(
        "report-valuation-top",
        n = shown,
        total = v.parcels.len()
    ));
    valued.table = Some(valuation_table(&v.parcels[..shown]));
    valued
}

/// The ranked candidates shown: rank, parcel (with its name), status, score, and the
/// score of each criterion.
fn valuation_table(shown: &[ParcelValue]) -> Table {
    let mut header: Vec<String> = [
        "valuation-col-rank",
        "valuation-col-parcel",
        "valuation-col-status",
        "valuation-col-score",
    ]
    .map(tr)
    .into();
    header.extend(Criterion::ALL.iter().map(|c| c.name()));
    let mut numeric = vec![true, false, false, true];
    numeric.extend([true; 7]);
    Table {
        header,
        numeric,
        rows: shown
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut cells = vec![
                    (i + 1).to_string(),
                    match &p.name {
                        Some(n) => format!("{} {n}", p.parcel),
                        None => p.parcel.to_string(),
                    },
                    p.status
                        .and_then(crate::model::Status::parse)
                        .map_or_else(|| "-".to_owned(), |s| s.name()),
                    format!("{:.3}", p.score),
                ];
                cells.extend(p.parts.iter().map(|x| format!("{:.2}", x.score)));
                (p.parcel.to_string(), cells)
            })
            .collect(),
    }
}

/// Sites for the worst-covered category, ranked by the residents each adds; a sentence
/// when no category has a gap or no site helps.
fn suggestions_part(r: &Report) -> Part {
    let Some((found, share)) = &r.suggestions else {
        let mut none = Part::new("suggestions", &tr!("report-suggestions", category = "-"));
        none.paragraphs.push(tr!("report-no-gap"));
        return none;
    };
    let category = r.category_name(&found.category);
    let mut sites = Part::new(
        "suggestions",
        &tr!("report-suggestions", category = category.as_str()),
    );
    sites.paragraphs.push(tr!(
        "report-suggestions-text",
        category = category.as_str(),
        share = format!("{:.1}", share * 100.0),
        count = found.suggestions.len(),
        radius = format!("{:.0}", found.radius_m)
    ));
    if found.suggestions.is_empty() {
        sites.paragraphs.push(tr!("report-no-suggestion"));
        return sites;
    }
    sites.table = Some(Table {
        header: [
            "valuation-col-rank",
            "valuation-col-parcel",
            "report-col-residents",
            "report-col-cumulative",
        ]
        .map(tr)
        .into(),
        numeric: vec![true, false, true, true],
        rows: found
            .suggestions
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (
                    s.parcel.to_string(),
                    vec![
                        (i + 1).to_string(),
                        s.parcel.to_string(),
                        fmt::count(s.new_population),
                        fmt::count(s.cumulative_population),
                    ],
                )
            })
            .collect(),
    });
    sites
}
