//! A strata section figure (分层确权 cross-section) of one parcel: its strata stacked
//! by height, drawn to a vertical scale with the ground line at ±0 and the underground
//! shaded below it. Each stratum is split across by its uses' shares in their land-use
//! colours, and is as wide as the share of the parcel its footprint covers.

use tiny_skia::Pixmap;

use super::draw;
use super::fonts::FontSet;
use super::labels::{bilingual, full_label};
use super::legend::fit;
use super::map::{MAX_WIDTH_PX, MIN_WIDTH_PX, RenderError};
use super::style::{self, OUTLINE};
use super::text::{Anchor, TextStyle, draw_text};
use crate::model::{Parcel, Reference};

const UNDERGROUND: [u8; 3] = [226, 211, 186];
const GROUND_LINE: [u8; 3] = [92, 64, 32];

/// True when a parcel gets a section figure in reports: more than one stratum.
pub fn has_section(parcel: &Parcel) -> bool {
    parcel.strata.len() > 1
}

/// Draws the section of a parcel `width_px` wide (the height follows from its strata).
pub fn strata_section(
    parcel: &Parcel,
    reference: &Reference,
    fonts: &FontSet,
    width_px: u32,
) -> Result<Pixmap, RenderError> {
    if !(MIN_WIDTH_PX..=MAX_WIDTH_PX).contains(&width_px) {
        return Err(RenderError::Width(width_px));
    }
    let u = width_px as f32 / 640.0;
    let strata: Vec<_> = parcel
        .strata
        .iter()
        .filter(|s| s.z.bottom.is_finite() && s.z.top.is_finite() && s.z.top > s.z.bottom)
        .collect();
    let z_low = strata.iter().map(|s| s.z.bottom).fold(0.0, f64::min);
    let z_high = strata.iter().map(|s| s.z.top).fold(0.0, f64::max);
    let span = (z_high - z_low).max(1.0);
    // One vertical scale for the whole figure, between 150 and 420 px tall.
    let px_per_m = (f64::from(360.0 * u) / span).min(f64::from(24.0 * u)) as f32;
    let stack_h = span as f32 * px_per_m;
    let title_h = 34.0 * u;
    let pad = 14.0 * u;
    let axis_w = 84.0 * u;
    let column_w = 0.36 * width_px as f32;
    let column_x = axis_w;
    let label_x = column_x + column_w + 22.0 * u;
    let size = 11.0 * u;
    let row_h = 15.0 * u;
    let y_of = |z: f64| title_h + pad + ((z_high - z) as f32) * px_per_m;

    // Labels at their strata's middles, pushed apart where strata are thin.
    let mut labels: Vec<(f32, f32, (String, String))> = strata
        .iter()
        .map(|s| {
            let mid = y_of((s.z.bottom + s.z.top) / 2.0);
            let uses: Vec<String> = s
                .uses
                .iter()
                .map(|u| {
                    let name = reference
                        .classification
                        .get(&u.code)
                        .map_or_else(|| u.code.clone(), |c| bilingual(fonts, &c.zh, &c.en));
                    if s.uses.len() > 1 {
                        format!("{name} {:.0} %", u.share * 100.0)
                    } else {
                        name
                    }
                })
                .collect();
            // Two lines: which stratum and where, then its uses.
            let head = format!("{} · {} to {} m", s.id, fmt_m(s.z.bottom), fmt_m(s.z.top));
            (mid, mid, (head, uses.join(", ")))
        })
        .collect();
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut last = f32::NEG_INFINITY;
    for label in &mut labels {
        label.1 = label.1.max(last + 2.2 * row_h);
        last = label.1;
    }
    let bottom = (title_h + pad + stack_h + pad).max(last + 1.5 * row_h);
    let height = bottom.ceil() as u32;
    let mut pixmap =
        Pixmap::new(width_px, height).ok_or(RenderError::Allocate(width_px, height))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let w = width_px as f32;

    // Underground below the ground line, then the ground line itself.
    let ground_y = y_of(0.0);
    draw::fill_rect(
        &mut pixmap,
        column_x - 8.0 * u,
        ground_y,
        column_w + 16.0 * u,
        y_of(z_low) - ground_y + pad * 0.5,
        UNDERGROUND,
        255,
    );
    let title = match &parcel.name {
        Some(name) => format!("{} {}", parcel.id, full_label(fonts, name)),
        None => parcel.id.to_string(),
    };
    let title = fit(fonts, &title, 14.0 * u, width_px as f32 - 16.0 * u);
    draw_text(
        &mut pixmap,
        fonts,
        &title,
        (8.0 * u, 8.0 * u),
        Anchor::LeftTop,
        &TextStyle::new(14.0 * u, [20, 20, 20]),
    );

    let parcel_area = parcel.area().m2();
    for s in &strata {
        let share_of_parcel = (if parcel_area > 0.0 {
            (parcel.stratum_area(s).m2() / parcel_area).clamp(0.05, 1.0)
        } else {
            1.0
        }) as f32;
        let box_w = column_w * share_of_parcel;
        let x0 = column_x + (column_w - box_w) / 2.0;
        let (top, bot) = (y_of(s.z.top), y_of(s.z.bottom));
        let total: f64 = s.uses.iter().map(|u| u.share.max(0.0)).sum();
        let mut x = x0;
        for (i, u_) in s.uses.iter().enumerate() {
            let share = (if total > 0.0 {
                u_.share.max(0.0) / total
            } else {
                0.0
            }) as f32;
            // The last use takes the rest, so rounding never leaves a gap.
            let seg = if i + 1 == s.uses.len() {
                x0 + box_w - x
            } else {
                box_w * share
            };
            draw::fill_rect(
                &mut pixmap,
                x,
                top,
                seg,
                bot - top,
                style::use_color(&reference.classification, &u_.code),
                255,
            );
            if i > 0 {
                // Uses of one colour (retail and offices) still show as two parts.
                draw::line(&mut pixmap, (x, top), (x, bot), [255, 255, 255], u.max(1.0));
            }
            x += seg;
        }
        if s.uses.is_empty() {
            draw::fill_rect(
                &mut pixmap,
                x0,
                top,
                box_w,
                bot - top,
                style::UNKNOWN_FILL,
                255,
            );
        }
        draw::stroke_rect(&mut pixmap, x0, top, box_w, bot - top, OUTLINE, u.max(1.0));
    }
    draw::line(
        &mut pixmap,
        (column_x - 14.0 * u, ground_y),
        (column_x + column_w + 14.0 * u, ground_y),
        GROUND_LINE,
        2.5 * u,
    );

    // Height axis with round ticks.
    let step = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        .into_iter()
        .find(|st| span / st <= 8.0)
        .unwrap_or(200.0);
    let axis_x = column_x - 22.0 * u;
    draw::line(
        &mut pixmap,
        (axis_x, y_of(z_high)),
        (axis_x, y_of(z_low)),
        [80, 80, 80],
        u.max(1.0),
    );
    let mut z = (z_low / step).ceil() * step;
    let small = TextStyle::new(size * 0.95, [70, 70, 70]);
    while z <= z_high + 1e-9 {
        let y = y_of(z);
        draw::line(
            &mut pixmap,
            (axis_x - 4.0 * u, y),
            (axis_x, y),
            [80, 80, 80],
            u.max(1.0),
        );
        let text = if z == 0.0 {
            crate::tr!("section-ground")
        } else {
            format!("{} m", fmt_m(z))
        };
        draw_text(
            &mut pixmap,
            fonts,
            &text,
            (axis_x - 6.0 * u, y),
            Anchor::RightCenter,
            &small,
        );
        z += step;
    }

    // Labels with leader lines from the strata.
    let room = w - label_x - 6.0 * u;
    let label_style = TextStyle::new(size, [25, 25, 25]);
    let uses_style = TextStyle::new(size, [70, 70, 70]);
    for (mid, at, (head, uses)) in labels {
        draw::line(
            &mut pixmap,
            (column_x + column_w + 2.0 * u, mid),
            (label_x - 3.0 * u, at),
            [140, 140, 140],
            0.8 * u,
        );
        let head = fit(fonts, &head, size, room);
        let uses = fit(fonts, &uses, size, room);
        let at_head = (label_x, at - 0.55 * row_h);
        let at_uses = (label_x, at + 0.55 * row_h);
        draw_text(
            &mut pixmap,
            fonts,
            &head,
            at_head,
            Anchor::LeftCenter,
            &label_style,
        );
        draw_text(
            &mut pixmap,
            fonts,
            &uses,
            at_uses,
            Anchor::LeftCenter,
            &uses_style,
        );
    }
    Ok(pixmap)
}

/// Metres without a needless ".0": `-12`, `3.5`.
fn fmt_m(z: f64) -> String {
    if (z - z.round()).abs() < 1e-9 {
        format!("{}", z.round() as i64)
    } else {
        format!("{z:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Scenario, Stratum, ZRange};
    use geo::{MultiPolygon, polygon};

    fn plant_and_park() -> Parcel {
        let square = polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)];
        let mut p = Parcel::new("p-1", Scenario::Proposed, MultiPolygon::new(vec![square]));
        let mut plant = Stratum::ground("s1", "1302");
        plant.z = ZRange::new(-12.0, 3.0);
        let mut park = Stratum::ground("s2", "1401");
        park.z = ZRange::new(3.0, 15.0);
        p.strata = vec![plant, park];
        p
    }

    #[test]
    fn strata_are_drawn_to_scale_on_either_side_of_the_ground() {
        let r = Reference::default();
        let p = plant_and_park();
        assert!(has_section(&p));
        let pixmap = strata_section(&p, &r, &FontSet::bundled(), 640).expect("section");
        let colour_at = |x: f32, y: f32| {
            let c = pixmap
                .pixel(x as u32, y as u32)
                .expect("pixel")
                .demultiply();
            [c.red(), c.green(), c.blue()]
        };
        // Same layout as the function: column from 84 px, 0.36 of the width.
        let column_mid = 84.0 + 0.36 * 640.0 / 2.0;
        let px_per_m = (360.0f32 / 27.0).min(24.0);
        let y_of = |z: f32| 34.0 + 14.0 + (15.0 - z) * px_per_m;
        let plant = r.classification.color("1302").expect("colour");
        let park = r.classification.color("1401").expect("colour");
        assert_eq!(colour_at(column_mid, y_of(-6.0)), plant);
        assert_eq!(colour_at(column_mid, y_of(9.0)), park);
        // Below the plant's bottom there is only underground shading.
        assert_eq!(
            colour_at(column_mid - 0.36 * 640.0 / 2.0 - 4.0, y_of(-6.0)),
            UNDERGROUND
        );
    }

    #[test]
    fn bad_widths_are_errors() {
        let r = Reference::default();
        assert!(strata_section(&plant_and_park(), &r, &FontSet::bundled(), 0).is_err());
        assert!(strata_section(&plant_and_park(), &r, &FontSet::bundled(), 1_000_000).is_err());
    }
}
