//! The coverage bar chart as SVG: one bar per category (share of residents within
//! reach), grouped by tier in the tier's colour; recommended categories paler. SVG keeps
//! the text sharp and lets the browser pick a CJK font.

use std::fmt::Write;

use super::html::escape;
use crate::analysis::report::CoverageReport;
use crate::model::Reference;
use crate::render::style::tier_color;

const WIDTH: f64 = 860.0;
const LABEL_W: f64 = 380.0;
const BAR_W: f64 = 400.0;
const ROW: f64 = 20.0;

/// Rough width of text at font size 12: ideographs and full-width forms are square,
/// Latin letters about half as wide. Good enough to keep labels off the bars.
fn text_width_estimate(text: &str) -> f64 {
    text.chars()
        .map(|c| if u32::from(c) >= 0x2E80 { 12.0 } else { 6.7 })
        .sum()
}

/// The text cut with an ellipsis to fit `room` pixels (estimated).
fn fit(text: &str, room: f64) -> String {
    if text_width_estimate(text) <= room {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut width = text_width_estimate("…");
    for c in text.chars() {
        width += text_width_estimate(c.encode_utf8(&mut [0; 4]));
        if width > room {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The chart of a coverage report.
pub fn coverage_chart_svg(report: &CoverageReport, reference: &Reference) -> String {
    let standard = &reference.standard;
    // Categories in tier order, with a heading row per tier.
    let mut rows: Vec<(
        Option<&str>,
        Option<&crate::analysis::report::CategoryCoverage>,
    )> = Vec::new();
    for tier in &standard.tiers {
        let of_tier: Vec<_> = report
            .categories
            .iter()
            .filter(|c| c.tier == tier.id)
            .collect();
        if of_tier.is_empty() {
            continue;
        }
        rows.push((Some(tier.id.as_str()), None));
        rows.extend(of_tier.into_iter().map(|c| (None, Some(c))));
    }
    let height = 30.0 + rows.len() as f64 * ROW + 24.0;
    let mut svg = String::new();
    let aria = super::html::escape(&crate::tr!("report-chart-label"));
    let heading = super::html::escape(&crate::tr!("report-chart-heading"));
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12" role="img" aria-label="{aria}">"##
    );
    let _ = write!(
        svg,
        r##"<text x="0" y="16" font-size="13" font-weight="bold">{heading}</text>"##
    );
    let x0 = LABEL_W;
    let top = 28.0;
    // Grid lines at 0, 25, 50, 75 and 100 %.
    for i in 0..=4 {
        let x = x0 + BAR_W * f64::from(i) / 4.0;
        let _ = write!(
            svg,
            r##"<line x1="{x}" y1="{top}" x2="{x}" y2="{}" stroke="#ddd"/><text x="{x}" y="{}" text-anchor="middle" fill="#666">{} %</text>"##,
            top + rows.len() as f64 * ROW,
            top + rows.len() as f64 * ROW + 14.0,
            i * 25
        );
    }
    for (i, (tier, category)) in rows.iter().enumerate() {
        let y = top + i as f64 * ROW;
        if let Some(tier) = tier {
            let name = standard.tier(tier).map_or(tier.to_string(), |t| t.label());
            let [r, g, b] = tier_color(tier);
            let _ = write!(
                svg,
                r##"<text x="0" y="{}" font-weight="bold" fill="rgb({r},{g},{b})">{}</text>"##,
                y + 14.0,
                escape(&name)
            );
        }
        if let Some(c) = category {
            let name = standard.category_label(&c.id, crate::i18n::lang());
            let mark = if c.required { "" } else { " (recommended)" };
            let [r, g, b] = tier_color(&c.tier);
            let opacity = if c.required { 1.0 } else { 0.45 };
            let w = BAR_W * c.share_population.clamp(0.0, 1.0);
            let _ = write!(
                svg,
                r##"<g data-category="{id}"><title>{full}</title><text x="12" y="{ty}">{label}</text><rect x="{x0}" y="{ry}" width="{w:.1}" height="{h}" fill="rgb({r},{g},{b})" fill-opacity="{opacity}"/><text x="{tx:.1}" y="{ty}" fill="#333">{value}</text></g>"##,
                id = escape(&c.id),
                ty = y + 14.0,
                full = escape(&format!("{name}{mark}")),
                label = escape(&fit(&format!("{name}{mark}"), LABEL_W - 24.0)),
                ry = y + 4.0,
                h = ROW - 6.0,
                tx = x0 + w + 4.0,
                value = super::fmt::percent(c.share_population),
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_cut_to_the_label_column() {
        let long =
            "社区卫生服务中心（社区医院） community health service centre (community hospital)";
        let cut = fit(long, LABEL_W - 24.0);
        assert!(
            cut.ends_with('…') && text_width_estimate(&cut) <= LABEL_W - 24.0,
            "{cut}"
        );
        assert_eq!(fit("幼儿园 kindergarten", 300.0), "幼儿园 kindergarten");
    }
}
