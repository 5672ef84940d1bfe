//! Coverage tab: residents covered per category and tier, the gap list, routes from the
//! selected home.

use egui::{Color32, Ui};
use egui_plot::{Bar, BarChart, Plot};

use super::{Action, Review, thousands, tier_name};
use crate::analysis::Coverage;
use crate::analysis::report::CoverageReport;
use crate::i18n::tr;
use crate::model::{Plan, Reference};
use crate::render::style;
use crate::tr;

fn tier_color(tier: &str) -> Color32 {
    let [r, g, b] = style::tier_color(tier);
    Color32::from_rgb(r, g, b)
}

pub fn ui(
    review: &mut Review,
    ui: &mut Ui,
    plan: &Plan,
    coverage: &Coverage,
    reference: &Reference,
    actions: &mut Vec<Action>,
) {
    let _ = actions;
    // Taken out for the frame and put back below (the panel also changes the gap and
    // the heatmap on `review`): no copy of the figures per frame.
    review.summary(coverage);
    let Some(summary) = review.summary.take() else {
        return;
    };
    ui.label(tr!(
        "review-summary",
        homes = thousands(summary.homes as f64),
        residents = thousands(summary.population),
        score = format!("{:.1}", summary.score * 100.0)
    ));
    if let Some(change) = &review.last_change {
        ui.label(egui::RichText::new(change).strong())
            .on_hover_text(tr("review-last-change"));
    }
    chart_ui(ui, &summary, reference);
    tiers_ui(ui, &summary, reference);
    gaps_ui(review, ui, &summary, coverage, reference);
    categories_ui(ui, &summary, reference);
    super::provision_section::provision_ui(review, ui, plan, coverage, reference);
    routes_ui(review, ui, plan, coverage, reference);
    review.summary = Some(summary);
}

/// Share of residents covered, one bar per category, coloured by tier.
fn chart_ui(ui: &mut Ui, summary: &CoverageReport, reference: &Reference) {
    let bars: Vec<Bar> = summary
        .categories
        .iter()
        .enumerate()
        .map(|(k, c)| {
            Bar::new(k as f64, c.share_population * 100.0)
                .name(reference.category_name(&c.id, crate::i18n::lang()))
                .fill(tier_color(&c.tier))
                .width(0.8)
        })
        .collect();
    // Chinese names are short already; ids are cut to four letters.
    let names: Vec<String> = summary
        .categories
        .iter()
        .map(|c| match crate::i18n::lang() {
            crate::i18n::Lang::Zh => reference.category_name(&c.id, crate::i18n::lang()),
            crate::i18n::Lang::En => c.id.clone(),
        })
        .collect();
    Plot::new("coverage per category")
        .height(150.0)
        .include_y(0.0)
        .include_y(100.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .show_grid(false)
        .y_axis_label(tr("review-axis-residents"))
        .x_axis_formatter(move |mark, _| {
            let k = mark.value.round();
            if (mark.value - k).abs() < 1e-6 && k >= 0.0 {
                names
                    .get(k as usize)
                    .map(|n| n.chars().take(4).collect())
                    .unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| plot.bar_chart(BarChart::new("covered", bars)));
}

/// Residents fully served by each tier (every required category within reach).
fn tiers_ui(ui: &mut Ui, summary: &CoverageReport, reference: &Reference) {
    ui.label(egui::RichText::new(tr("review-tiers")).strong());
    for tier in &summary.tiers {
        ui.label(tr!(
            "review-tier",
            tier = tier_name(reference, &tier.id),
            residents = thousands(tier.population_served),
            share = format!("{:.1}", tier.share_population * 100.0)
        ));
    }
}

/// The gap list; clicking a gap outlines the homes lacking it on the map (clicking it
/// again clears that) and points the distance heatmap at its category.
fn gaps_ui(
    review: &mut Review,
    ui: &mut Ui,
    summary: &CoverageReport,
    coverage: &Coverage,
    reference: &Reference,
) {
    ui.label(egui::RichText::new(tr("review-gaps")).strong());
    if summary.gaps.is_empty() {
        ui.label(tr("review-no-gaps"));
    }
    for gap in &summary.gaps {
        let c = coverage
            .categories
            .iter()
            .position(|i| i.id == gap.category);
        let text = tr!(
            "review-gap",
            category = reference.category_name(&gap.category, crate::i18n::lang()),
            tier = tier_name(reference, &gap.tier),
            residents = thousands(gap.population)
        );
        let on = c.is_some() && review.gap == c;
        if ui
            .selectable_label(on, text)
            .on_hover_text(tr("review-gap.tooltip"))
            .clicked()
        {
            review.gap = if on { None } else { c };
            review.gap_homes = None;
            // The distance heatmap follows the gap looked at.
            if let Some(c) = review.gap
                && review.heat.kind == crate::analysis::heatmap::HeatValue::Distance(())
            {
                review.heat.category = c;
                review.heat.reset();
            }
        }
    }
}

/// Residents covered per category, with the tier's colour as in the chart.
fn categories_ui(ui: &mut Ui, summary: &CoverageReport, reference: &Reference) {
    ui.label(egui::RichText::new(tr("review-per-category")).strong());
    egui::Grid::new("coverage table")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for c in &summary.categories {
                tier_swatch(ui, tier_color(&c.tier));
                ui.label(tr!(
                    "review-category-covered",
                    category = reference.category_name(&c.id, crate::i18n::lang()),
                    residents = thousands(c.population_covered)
                ));
                ui.label(format!("{:.0} %", c.share_population * 100.0));
                ui.end_row();
            }
        });
}

/// A small square of a tier's colour, painted: "■" has no glyph in the fonts egui gets on
/// a machine without system fonts and was drawn as an empty box.
fn tier_swatch(ui: &mut Ui, color: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 1.0, color);
}

/// The routes switch, and when on, the walk from the selected home to the nearest
/// facility of each category (√ within the category's radius, × beyond).
fn routes_ui(
    review: &mut Review,
    ui: &mut Ui,
    plan: &Plan,
    coverage: &Coverage,
    reference: &Reference,
) {
    ui.checkbox(&mut review.show_routes, tr("review-routes"))
        .on_hover_text(tr("review-routes.tooltip"));
    if !review.show_routes {
        return;
    }
    let speed = reference.standard.walking_speed_m_per_min.max(1.0);
    let routes = review
        .routes
        .as_ref()
        .filter(|(i, _)| *i < plan.parcels.len())
        .map(|(i, r)| {
            let p = &plan.parcels[*i];
            (
                p.name.clone().unwrap_or_else(|| p.id.to_string()),
                r.clone(),
            )
        });
    match routes {
        Some((name, routes)) if !routes.is_empty() => {
            ui.label(tr!("review-routes-from", name = name));
            for (c, route) in routes {
                let info = &coverage.categories[c];
                let ok = crate::analysis::coverage::within(route.distance, info.radius_m);
                let route = tr!(
                    "review-route",
                    category = info.display_name(),
                    distance = format!("{:.0}", route.distance),
                    minutes = format!("{:.1}", route.distance / speed)
                );
                ui.label(format!("{} {route}", if ok { "√" } else { "×" }));
            }
        }
        _ => {
            ui.label(egui::RichText::new(tr("review-routes-none")).weak());
        }
    }
}
