//! The plan report a planner hands to a reviewer (`strata report`): the map, life-circle
//! coverage per tier and category with a bar chart, the gap list, land accounting with
//! the existing → proposed comparison, mixed-use figures, validation problems and a
//! strata section of every stacked parcel, and the assets: the inventory by status, the
//! best-valued candidate parcels with their parts (`analysis::valuation`) and suggested
//! sites for the worst-covered category (`analysis::suggest`). The figures come from the same functions as
//! `strata analyze` ([`coverage_report`], [`land_report`], [`mix_report`]), so the two
//! always agree; the report also carries `analyze --format json` verbatim.

mod chart;
mod gap_areas;
mod html;
mod map;
mod markdown;
mod pdf;
mod provision_part;
mod tables;

use crate::analysis::inventory::{Inventory, inventory};
use crate::analysis::mix::{MixReport, mix_report};
use crate::analysis::report::{
    CoverageReport, LandReport, analysis_json, coverage_report, land_report,
};
use crate::analysis::suggest::{Candidates, Suggestions, suggest};
use crate::analysis::valuation::{Valuation, ValuationSettings, valuation, worst_category};
use crate::analysis::{Coverage, CoverageOptions};
use crate::model::{Plan, Problem, Reference, Scenario};
use crate::render::draw::encode_png;
use crate::render::section::{has_section, strata_section};
use crate::render::volumes::{VolumeOptions, draw_volumes};
use crate::render::{FontSet, MapOptions, RenderError};

pub use chart::coverage_chart_svg;
pub use gap_areas::{BandFigures, GAP_MINUTES, GapAreas};
pub use html::escape as escape_html;
pub use map::{
    map_figures, places_category, places_grid, render_map, render_map_over, render_map_with,
};

/// What the report covers.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    pub scenario: Scenario,
    pub coverage: CoverageOptions,
    pub map_width_px: u32,
}

impl Default for ReportOptions {
    fn default() -> Self {
        Self {
            scenario: Scenario::Proposed,
            coverage: CoverageOptions::default(),
            map_width_px: 1400,
        }
    }
}

/// Output format of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// One self-contained file: images as data URIs, CSS inline, no links out.
    Html,
    /// A Markdown file with its images written next to it.
    Markdown,
    /// A paginated A4 PDF with the same content (vector chart and sections).
    Pdf,
}

/// A file of a report: its name (empty for the main file) and its bytes.
pub type ReportFile = (String, Vec<u8>);

/// A strata section figure of one parcel.
pub struct SectionFigure {
    pub parcel: String,
    pub name: Option<String>,
    pub png: Vec<u8>,
    /// The parcel's strata in 3D (`render::volumes`), shown next to the section.
    pub view_3d_png: Vec<u8>,
    /// What the PNG shows, for the PDF's vector drawing.
    pub layout: crate::render::present::section::SectionLayout,
}

/// Mixed use counted on parcels: how many mix uses (in one stratum or stacked).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MixedParcels {
    pub parcels: usize,
    pub mixed: usize,
    pub mixed_ground_m2: f64,
    pub stacked: usize,
}

/// Everything a report shows, computed once; [`Report::files`] writes it out.
pub struct Report<'a> {
    pub plan_name: String,
    pub scenario: Scenario,
    pub metric: crate::analysis::Metric,
    pub reference: &'a Reference,
    pub coverage: CoverageReport,
    pub land: LandReport,
    pub mix: MixReport,
    pub mixed_parcels: MixedParcels,
    pub problems: Vec<Problem>,
    pub map_png: Vec<u8>,
    pub chart_svg: String,
    pub sections: Vec<SectionFigure>,
    /// `strata analyze --format json` of the same plan, scenario and options.
    pub analysis: serde_json::Value,
    pub inventory: Inventory,
    /// The valuation with the plan's settings, or why the settings are invalid.
    pub valuation: Result<Valuation, crate::i18n::Message>,
    /// Sites for the worst-covered required category and its covered share before them
    /// (`None` when every required category covers everyone).
    pub suggestions: Option<(Suggestions, f64)>,
    /// Zoning: achieved indicators and violations of the scenario's parcels.
    pub zoning: crate::analysis::zoning::ZoningReport<'a>,
    /// The control changes (控规调整) between the scenarios, by parcel code.
    pub control_changes: Vec<crate::analysis::zoning_changes::ControlChange>,
    /// Walking-time maps of the categories with a gap (`gap_areas`).
    pub gap_areas: Vec<GapAreas>,
}

/// Sites suggested in the report for the worst-covered category.
pub const REPORT_SITES: usize = 3;
/// Parcels of the valuation the report lists.
pub const REPORT_TOP: usize = 10;

/// Computes the report's figures and draws its images.
pub fn build_report<'a>(
    plan: &'a Plan,
    problems: &[Problem],
    reference: &'a Reference,
    options: &ReportOptions,
) -> Result<Report<'a>, RenderError> {
    build_report_over(plan, problems, reference, options, None)
}

/// [`build_report`] with its map drawn over the underlays `underlays` paints.
pub fn build_report_over<'a>(
    plan: &'a Plan,
    problems: &[Problem],
    reference: &'a Reference,
    options: &ReportOptions,
    underlays: Option<crate::render::UnderlayPainter>,
) -> Result<Report<'a>, RenderError> {
    let fonts = FontSet::for_maps();
    let scenario = options.scenario;
    let map = render_map_over(
        plan,
        reference,
        &MapOptions {
            width_px: options.map_width_px,
            scenario,
            coverage: options.coverage.clone(),
            ..MapOptions::default()
        },
        &fonts,
        underlays,
    )?;
    let coverage = Coverage::compute(
        plan,
        scenario,
        &reference.standard,
        options.coverage.clone(),
    );
    let coverage_figures = coverage_report(&coverage);
    let gaps = &coverage_figures.gaps;
    let gap_maps = gap_areas::gap_areas(plan, reference, &coverage, gaps, &fonts)?;
    let valued = ValuationSettings::of_plan(plan)
        .and_then(|settings| valuation(plan, &coverage, &reference.standard, &settings));
    let suggestions = report_suggestions(plan, &coverage, reference);
    let mix = mix_report(plan, scenario, &reference.standard, &coverage);
    let sections = section_figures(plan, scenario, reference, &fonts)?;
    Ok(Report {
        plan_name: plan.display_name().to_owned(),
        scenario,
        metric: options.coverage.metric,
        reference,
        chart_svg: coverage_chart_svg(&coverage_figures, reference),
        coverage: coverage_figures,
        land: land_report(plan, scenario),
        mix,
        mixed_parcels: mixed_parcels(plan, scenario),
        problems: problems.to_vec(),
        map_png: map.png()?,
        sections,
        analysis: analysis_json(plan, scenario, options.coverage.clone(), reference),
        inventory: inventory(plan, scenario),
        valuation: valued,
        suggestions,
        zoning: crate::analysis::zoning::zoning_report(plan, scenario, reference),
        control_changes: crate::analysis::zoning_changes::control_changes(plan),
        gap_areas: gap_maps,
    })
}

/// The sites the report suggests for the category with the worst coverage, with the
/// share of residents covered before.
fn report_suggestions(
    plan: &Plan,
    coverage: &Coverage,
    reference: &Reference,
) -> Option<(crate::analysis::suggest::Suggestions, f64)> {
    let c = worst_category(coverage)?;
    let total = coverage.total_population();
    let found = suggest(
        plan,
        coverage,
        &reference.standard,
        &coverage.categories[c].id,
        REPORT_SITES,
        &Candidates::default(),
    )
    .ok()?;
    let before = found.population_covered_before / total;
    Some((found, before))
}

/// The section and 3D view of every parcel with more than one stratum.
fn section_figures(
    plan: &Plan,
    scenario: Scenario,
    reference: &Reference,
    fonts: &FontSet,
) -> Result<Vec<SectionFigure>, RenderError> {
    let mut sections = Vec::new();
    for parcel in plan.parcels_in(scenario).filter(|p| has_section(p)) {
        let pixmap = strata_section(parcel, reference, fonts, 640)?;
        let view_options = VolumeOptions {
            width_px: 640,
            scenario,
            parcels: Some(vec![parcel.id.clone()]),
            title: false,
            ..VolumeOptions::default()
        };
        let view = draw_volumes(plan, reference, fonts, &view_options)?;
        let names = |zh: &str, en: &str| crate::render::labels::bilingual(fonts, zh, en);
        sections.push(SectionFigure {
            parcel: parcel.id.to_string(),
            name: parcel.name.clone(),
            png: encode_png(&pixmap).map_err(RenderError::Encode)?,
            view_3d_png: encode_png(&view).map_err(RenderError::Encode)?,
            layout: crate::render::present::section::section_layout(
                parcel,
                &parcel.strata,
                reference,
                &names,
            ),
        });
    }
    Ok(sections)
}

fn mixed_parcels(plan: &Plan, scenario: Scenario) -> MixedParcels {
    let mut figures = MixedParcels::default();
    for parcel in plan.parcels_in(scenario) {
        figures.parcels += 1;
        let mut codes: Vec<&str> = parcel
            .strata
            .iter()
            .flat_map(|s| s.uses.iter().map(|u| u.code.as_str()))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        if codes.len() > 1 {
            figures.mixed += 1;
            figures.mixed_ground_m2 += parcel.area().m2();
        }
        if parcel.strata.len() > 1 {
            figures.stacked += 1;
        }
    }
    figures
}

impl Report<'_> {
    /// The files of the report: `("", main file)` first, then the images a Markdown
    /// report links to, named after `stem`.
    pub fn files(
        &self,
        format: ReportFormat,
        stem: &str,
    ) -> Result<Vec<ReportFile>, serde_json::Error> {
        Ok(match format {
            ReportFormat::Html => vec![(String::new(), html::html(self)?.into_bytes())],
            ReportFormat::Markdown => {
                let (text, mut images) = markdown::markdown(self, stem)?;
                images.insert(0, (String::new(), text.into_bytes()));
                images
            }
            ReportFormat::Pdf => {
                let bytes =
                    pdf::pdf(self).map_err(<serde_json::Error as serde::ser::Error>::custom)?;
                vec![(String::new(), bytes)]
            }
        })
    }

    /// Name of a land-use code ("0701 城镇住宅用地 urban housing").
    fn use_name(&self, code: &str) -> String {
        match self.reference.classification.get(code) {
            Some(c) => c.label(),
            None => "?".to_owned(),
        }
    }

    pub(super) fn category_name(&self, id: &str) -> String {
        self.reference.category_label(id, crate::i18n::lang())
    }

    fn tier_name(&self, id: &str) -> String {
        match self.reference.standard.tier(id) {
            Some(t) => t.label(),
            None => id.to_owned(),
        }
    }
}

/// Numbers as the report prints them (the same precision as `strata analyze`).
pub mod fmt {
    /// Residents, homes-weighted figures: whole numbers.
    pub fn count(v: f64) -> String {
        format!("{v:.0}")
    }
    /// A share as a percentage with one decimal: `83.5 %`.
    pub fn percent(share: f64) -> String {
        format!("{:.1} %", share * 100.0)
    }
    /// Square metres with one decimal.
    pub fn m2(v: f64) -> String {
        format!("{:.1}", clean(v))
    }
    pub fn ha(v: f64) -> String {
        format!("{:.2}", clean(v) / 10_000.0)
    }
    pub fn mu(v: f64) -> String {
        format!("{:.2}", crate::model::SquareMeters(clean(v)).mu())
    }
    /// Differences of equal areas come out as -0.0000001; show them as zero.
    fn clean(v: f64) -> f64 {
        if v.abs() < 0.05 { 0.0 } else { v }
    }
}

/// Standard base64 (RFC 4648, with padding), for data URIs.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `Plan report · proposed scenario · euclidean distances · standard … · classification …`
/// in the current language.
fn meta_line(r: &Report) -> String {
    crate::tr!(
        "report-meta",
        scenario = match crate::i18n::lang() {
            crate::i18n::Lang::En => r.scenario.as_str().to_owned(),
            crate::i18n::Lang::Zh => r.scenario.name(),
        },
        metric = match (crate::i18n::lang(), r.metric) {
            (crate::i18n::Lang::Zh, crate::analysis::Metric::Network) => "路网".to_owned(),
            (crate::i18n::Lang::Zh, _) => "直线".to_owned(),
            (_, metric) => metric.as_str().to_owned(),
        },
        standard = r.reference.standard.id.as_str(),
        classification = r.reference.classification.id.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64(&[0xff, 0xfe]), "//4=");
    }

    #[test]
    fn areas_are_shown_in_three_units() {
        assert_eq!(fmt::m2(191_333.333_3), "191333.3");
        assert_eq!(fmt::mu(191_333.333_3), "287.00");
        assert_eq!(fmt::ha(-0.00001), "0.00");
        assert_eq!(fmt::percent(0.8351), "83.5 %");
    }
}
