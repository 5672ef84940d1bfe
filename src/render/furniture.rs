//! Page furniture around and over the map: title and subtitle, parcel labels placed
//! clear of each other and of facility symbols, scale bar, north arrow.

use geo::BoundingRect;
use tiny_skia::{FillRule, PathBuilder, Pixmap, Stroke, Transform};

use super::draw::{self, paint};
use super::fonts::FontSet;
use super::labels::{full_label, short_label};
use super::map::{HeatLayer, MapOptions, Page, RenderedMap};
use super::style::{self, FillBy, Rgb};
use super::text::{Anchor, TextStyle, draw_text, text_box, text_width};
use crate::model::{Parcel, Plan, Reference, Scenario};

pub(super) fn draw_title(
    pixmap: &mut Pixmap,
    fonts: &FontSet,
    plan: &Plan,
    reference: &Reference,
    options: &MapOptions,
    heat: Option<&HeatLayer>,
    page: &Page,
) {
    let u = page.unit;
    let title = full_label(fonts, plan.display_name());
    let room = pixmap.width() as f32 - 2.0 * page.margin;
    // Shrink a long name to fit the width rather than cut it.
    let mut size = 22.0 * u;
    let natural = text_width(fonts, &title, size);
    if natural > room {
        size = (size * room / natural).max(8.0 * u);
    }
    draw_text(
        pixmap,
        fonts,
        &title,
        (page.margin, 12.0 * u),
        Anchor::LeftTop,
        &TextStyle::new(size, [20, 20, 20]),
    );
    // Mention hatching only when some parcel is hatched (stops at the first one).
    let hatched = options.fill_by == FillBy::Use
        && plan.parcels_in(options.scenario).any(|p| {
            style::use_fill(p, &reference.classification)
                .hatch
                .is_some()
        });
    let fill = match options.fill_by {
        FillBy::Use if hatched => crate::tr!("subtitle-use-hatched"),
        FillBy::Use => crate::tr!("subtitle-use"),
        FillBy::Status => crate::tr!("subtitle-status"),
        FillBy::Score => crate::tr!("subtitle-score"),
        FillBy::Diversity => crate::tr!("subtitle-diversity"),
        FillBy::JobsHousing => crate::tr!("subtitle-jobs-housing"),
        FillBy::Valuation => crate::tr!("subtitle-valuation"),
        FillBy::Compliance => crate::tr!("subtitle-compliance"),
        FillBy::Far => crate::tr!("subtitle-far"),
        FillBy::Height => crate::tr!("subtitle-height"),
        FillBy::YearsLeft => crate::tr!("subtitle-years-left"),
        FillBy::Places => crate::tr!(
            "subtitle-places",
            category = options
                .places_category
                .as_deref()
                .map_or(String::new(), |id| {
                    reference.category_name(id, crate::i18n::lang())
                })
        ),
    };
    let mut subtitle = crate::tr!("subtitle", scenario = options.scenario.name(), fill = fill);
    if let Some(layer) = heat {
        let heat = crate::tr!("subtitle-heatmap", title = layer.title.to_lowercase());
        subtitle.push_str(&heat);
    }
    draw_text(
        pixmap,
        fonts,
        &subtitle,
        (page.margin, 40.0 * u),
        Anchor::LeftTop,
        &TextStyle::new(11.5 * u, [90, 90, 90]),
    );
}

/// Parcel names where they fit inside the parcel without covering another label or a
/// facility symbol (`obstacles`, pixel boxes): at the parcel's home point, else just
/// above or below it, else smaller; larger parcels are labelled first.
pub(super) fn draw_labels(
    rendered: &mut RenderedMap,
    plan: &Plan,
    scenario: Scenario,
    fill_of: &dyn Fn(&Parcel) -> Rgb,
    fonts: &FontSet,
    obstacles: Vec<[f32; 4]>,
    unit: f32,
) {
    let t = rendered.transform;
    let [mx, my, mw, mh] = rendered.map_rect;
    let size = 10.5 * unit;
    let candidates = labelled_parcels(plan, scenario, t.pixels_per_meter, size);
    // Boxes as left, top, right, bottom.
    let mut placed: Vec<[f32; 4]> = obstacles;
    let pad = 2.0 * unit;
    let free = |b: [f32; 4], placed: &[[f32; 4]]| {
        placed.iter().all(|o| {
            b[0] - pad >= o[2] || o[0] - pad >= b[2] || b[1] - pad >= o[3] || o[1] - pad >= b[3]
        })
    };
    for parcel in candidates {
        let (Some(name), Some(at), Some(bounds)) = (
            &parcel.name,
            crate::analysis::homes::home_point(parcel),
            parcel.shape.bounding_rect(),
        ) else {
            continue;
        };
        let (x, y) = t.px(at.x(), at.y());
        let (bx0, by0) = t.px(bounds.min().x, bounds.max().y);
        let (bx1, by1) = t.px(bounds.max().x, bounds.min().y);
        let inside = |b: [f32; 4]| {
            b[0] >= bx0 + pad
                && b[2] <= bx1 - pad
                && b[1] >= by0 + pad
                && b[3] <= by1 - pad
                && b[0] > mx
                && b[1] > my
                && b[2] < mx + mw
                && b[3] < my + mh
        };
        let halo = lighten(fill_of(parcel));
        let full = short_label(fonts, name, 14);
        let fits = |b: [f32; 4]| inside(b) && free(b, &placed);
        let Some((style, pos, b)) = label_spot(fonts, &full, size, halo, (x, y), fits) else {
            continue;
        };
        draw_text(
            &mut rendered.pixmap,
            fonts,
            &full,
            pos,
            Anchor::Center,
            &style,
        );
        placed.push(b);
    }
}

/// The named parcels of the scenario wide enough on the map to hold a few characters at
/// `size` px, largest first (larger parcels claim their spot before smaller ones).
fn labelled_parcels(plan: &Plan, scenario: Scenario, ppm: f64, size: f32) -> Vec<&Parcel> {
    let mut candidates: Vec<(&Parcel, f64)> = plan
        .parcels_in(scenario)
        .filter(|p| p.name.is_some())
        .filter_map(|p| {
            let rect = p.shape.bounding_rect()?;
            // Too small to hold a few characters: skip before any text work.
            (rect.width() * ppm > 2.5 * f64::from(size)).then(|| (p, p.area().m2()))
        })
        .collect();
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1));
    candidates.into_iter().map(|(p, _)| p).collect()
}

/// The first spot where a label `fits` (its box, left, top, right, bottom): centred on
/// the home point `(x, y)`, then one line above, then one below, first at full `size`
/// and then at 85 %; the style, centre and box of that spot.
fn label_spot(
    fonts: &FontSet,
    label: &str,
    size: f32,
    halo: Rgb,
    (x, y): (f32, f32),
    fits: impl Fn([f32; 4]) -> bool,
) -> Option<(TextStyle, (f32, f32), [f32; 4])> {
    for scale in [1.0, 0.85] {
        let style = TextStyle::new(size * scale, [25, 25, 25]).with_halo(halo);
        let step = 1.3 * size * scale;
        for (cx, cy) in [(x, y), (x, y - step), (x, y + step)] {
            let (l, tp, w, h) = text_box(fonts, label, &style, (cx, cy), Anchor::Center);
            let b = [l, tp, l + w, tp + h];
            if fits(b) {
                return Some((style, (cx, cy), b));
            }
        }
    }
    None
}

/// A pale version of a fill, for the halo of a label over it.
fn lighten(rgb: Rgb) -> Rgb {
    rgb.map(|c| (u16::from(c) + 2 * 255).div_ceil(3) as u8)
}

/// A round length (1, 2 or 5 × 10ⁿ m) about a fifth of the map wide, under the map.
pub(super) fn draw_scale_bar(rendered: &mut RenderedMap, fonts: &FontSet, unit: f32) {
    let [mx, my, mw, mh] = rendered.map_rect;
    let ppm = rendered.transform.pixels_per_meter;
    let target_m = f64::from(mw) * 0.2 / ppm;
    let magnitude = 10f64.powf(target_m.log10().floor());
    let length_m = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|f| f * magnitude)
        .filter(|l| *l <= target_m)
        .fold(magnitude, f64::max);
    let length_px = (length_m * ppm) as f32;
    let label = if length_m >= 1000.0 {
        format!("{} km", length_m / 1000.0)
    } else {
        format!("{length_m} m")
    };
    let size = 11.0 * unit;
    let (x0, y0) = (mx, my + mh + 12.0 * unit);
    // Alternating black and white halves, as on printed maps.
    let bar_h = 5.0 * unit;
    let dark = [30, 30, 30];
    let pixmap = &mut rendered.pixmap;
    draw::fill_rect(pixmap, x0, y0, length_px / 2.0, bar_h, dark, 255);
    draw::stroke_rect(pixmap, x0, y0, length_px, bar_h, dark, unit.max(1.0));
    let text_style = TextStyle::new(size, [20, 20, 20]);
    let label_at = (x0 + length_px + 8.0 * unit, y0 + bar_h / 2.0);
    draw_text(
        pixmap,
        fonts,
        &label,
        label_at,
        Anchor::LeftCenter,
        &text_style,
    );
}

/// An arrow pointing to grid north (the local frame's y axis), top right of the map.
pub(super) fn draw_north_arrow(rendered: &mut RenderedMap, fonts: &FontSet, unit: f32) {
    let [mx, my, mw, _] = rendered.map_rect;
    let cx = mx + mw - 24.0 * unit;
    let top = my + 28.0 * unit;
    let (half_w, len) = (8.0 * unit, 26.0 * unit);
    draw::fill_rect(
        &mut rendered.pixmap,
        cx - 15.0 * unit,
        my + 6.0 * unit,
        30.0 * unit,
        len + 28.0 * unit,
        [255, 255, 255],
        215,
    );
    for (side, rgb) in [(-1.0, [30, 30, 30]), (1.0, [255, 255, 255])] {
        let mut pb = PathBuilder::new();
        pb.move_to(cx, top);
        pb.line_to(cx + side * half_w, top + len);
        pb.line_to(cx, top + len * 0.72);
        pb.close();
        if let Some(path) = pb.finish() {
            rendered.pixmap.fill_path(
                &path,
                &paint(rgb, 255),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
            let stroke = Stroke {
                width: unit.max(1.0),
                ..Stroke::default()
            };
            rendered.pixmap.stroke_path(
                &path,
                &paint([30, 30, 30], 255),
                &stroke,
                Transform::identity(),
                None,
            );
        }
    }
    draw_text(
        &mut rendered.pixmap,
        fonts,
        "N",
        (cx, my + 9.0 * unit),
        Anchor::CenterTop,
        &TextStyle::new(12.0 * unit, [20, 20, 20]),
    );
}
