//! A strata section figure (分层确权 cross-section) of one parcel: its strata stacked
//! by height, drawn to a vertical scale with the ground line at ±0 and the underground
//! shaded below it. Each stratum is split across by its uses' shares in their land-use
//! colours, and is as wide as the share of the parcel its footprint covers. The layout
//! comes from the presentation core ([`super::present::section`]), which the editor's
//! section view draws too.

use tiny_skia::Pixmap;

use super::draw;
use super::fonts::FontSet;
use super::labels::{bilingual, full_label};
use super::legend::fit;
use super::map::{MAX_WIDTH_PX, MIN_WIDTH_PX, RenderError};
use super::present::section::{SectionBox, SectionLayout, section_layout};
use super::style::{self, OUTLINE};
use super::text::{Anchor, TextStyle, draw_text};
use crate::model::{Parcel, Reference};

const UNDERGROUND: [u8; 3] = [226, 211, 186];
const GROUND_LINE: [u8; 3] = [92, 64, 32];

/// True when a parcel gets a section figure in reports: more than one stratum.
pub fn has_section(parcel: &Parcel) -> bool {
    parcel.strata.len() > 1
}

/// Sizes of a section figure in pixels, all scaled with its width.
struct Frame {
    u: f32,
    z_high: f64,
    px_per_m: f32,
    title_h: f32,
    pad: f32,
    column_x: f32,
    column_w: f32,
    label_x: f32,
    size: f32,
    row_h: f32,
}

impl Frame {
    fn y_of(&self, z: f64) -> f32 {
        self.title_h + self.pad + ((self.z_high - z) as f32) * self.px_per_m
    }
}

/// Draws the section of a parcel `width_px` wide (the height follows from its strata),
/// from the layout of the presentation core.
pub fn strata_section(
    parcel: &Parcel,
    reference: &Reference,
    fonts: &FontSet,
    width_px: u32,
) -> Result<Pixmap, RenderError> {
    if !(MIN_WIDTH_PX..=MAX_WIDTH_PX).contains(&width_px) {
        return Err(RenderError::Width(width_px));
    }
    let names = |zh: &str, en: &str| bilingual(fonts, zh, en);
    let layout = section_layout(parcel, &parcel.strata, reference, &names);
    let u = width_px as f32 / 640.0;
    let span = layout.span();
    // One vertical scale for the whole figure, between 150 and 420 px tall.
    let px_per_m = (f64::from(360.0 * u) / span).min(f64::from(24.0 * u)) as f32;
    let column_w = 0.36 * width_px as f32;
    let column_x = 84.0 * u;
    let f = Frame {
        u,
        z_high: layout.z_high,
        px_per_m,
        title_h: 34.0 * u,
        pad: 14.0 * u,
        column_x,
        column_w,
        label_x: column_x + column_w + 22.0 * u,
        size: 11.0 * u,
        row_h: 15.0 * u,
    };
    let stack_h = span as f32 * px_per_m;

    // Labels at their strata's middles, pushed apart where strata are thin.
    let mut labels: Vec<(f32, f32, &SectionBox)> = layout
        .boxes
        .iter()
        .map(|b| {
            let mid = f.y_of((b.bottom + b.top) / 2.0);
            (mid, mid, b)
        })
        .collect();
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut last = f32::NEG_INFINITY;
    for label in &mut labels {
        label.1 = label.1.max(last + 2.2 * f.row_h);
        last = label.1;
    }
    let bottom = (f.title_h + f.pad + stack_h + f.pad).max(last + 1.5 * f.row_h);
    let height = bottom.ceil() as u32;
    let mut pixmap =
        Pixmap::new(width_px, height).ok_or(RenderError::Allocate(width_px, height))?;
    pixmap.fill(tiny_skia::Color::WHITE);

    // Underground below the ground line, then the ground line itself.
    let ground_y = f.y_of(0.0);
    draw::fill_rect(
        &mut pixmap,
        column_x - 8.0 * u,
        ground_y,
        column_w + 16.0 * u,
        f.y_of(layout.z_low) - ground_y + f.pad * 0.5,
        UNDERGROUND,
        255,
    );
    draw_title(&mut pixmap, fonts, parcel, width_px, u);
    for b in &layout.boxes {
        draw_box(&mut pixmap, &f, b);
    }
    draw::line(
        &mut pixmap,
        (column_x - 14.0 * u, ground_y),
        (column_x + column_w + 14.0 * u, ground_y),
        GROUND_LINE,
        2.5 * u,
    );
    draw_axis(&mut pixmap, fonts, &f, &layout);
    draw_labels(&mut pixmap, fonts, &f, width_px as f32, labels);
    Ok(pixmap)
}

fn draw_title(pixmap: &mut Pixmap, fonts: &FontSet, parcel: &Parcel, width_px: u32, u: f32) {
    let title = match &parcel.name {
        Some(name) => format!("{} {}", parcel.id, full_label(fonts, name)),
        None => parcel.id.to_string(),
    };
    let title = fit(fonts, &title, 14.0 * u, width_px as f32 - 16.0 * u);
    draw_text(
        pixmap,
        fonts,
        &title,
        (8.0 * u, 8.0 * u),
        Anchor::LeftTop,
        &TextStyle::new(14.0 * u, [20, 20, 20]),
    );
}

/// A stratum's box, split across by its uses.
fn draw_box(pixmap: &mut Pixmap, f: &Frame, b: &SectionBox) {
    let (u, column_x, column_w) = (f.u, f.column_x, f.column_w);
    let box_w = column_w * b.footprint_share;
    let x0 = column_x + (column_w - box_w) / 2.0;
    let (top, bot) = (f.y_of(b.top), f.y_of(b.bottom));
    let mut x = x0;
    for (i, (rgb, share)) in b.parts.iter().enumerate() {
        // The last use takes the rest, so rounding never leaves a gap.
        let seg = if i + 1 == b.parts.len() {
            x0 + box_w - x
        } else {
            box_w * share
        };
        draw::fill_rect(pixmap, x, top, seg, bot - top, *rgb, 255);
        if i > 0 {
            // Uses of one colour (retail and offices) still show as two parts.
            draw::line(pixmap, (x, top), (x, bot), [255, 255, 255], u.max(1.0));
        }
        x += seg;
    }
    if b.parts.is_empty() {
        draw::fill_rect(pixmap, x0, top, box_w, bot - top, style::UNKNOWN_FILL, 255);
    }
    draw::stroke_rect(pixmap, x0, top, box_w, bot - top, OUTLINE, u.max(1.0));
}

/// The height axis with its round ticks.
fn draw_axis(pixmap: &mut Pixmap, fonts: &FontSet, f: &Frame, layout: &SectionLayout) {
    let u = f.u;
    let axis_x = f.column_x - 22.0 * u;
    draw::line(
        pixmap,
        (axis_x, f.y_of(layout.z_high)),
        (axis_x, f.y_of(layout.z_low)),
        [80, 80, 80],
        u.max(1.0),
    );
    let small = TextStyle::new(f.size * 0.95, [70, 70, 70]);
    for (z, text) in &layout.ticks {
        let y = f.y_of(*z);
        draw::line(
            pixmap,
            (axis_x - 4.0 * u, y),
            (axis_x, y),
            [80, 80, 80],
            u.max(1.0),
        );
        draw_text(
            pixmap,
            fonts,
            text,
            (axis_x - 6.0 * u, y),
            Anchor::RightCenter,
            &small,
        );
    }
}

/// Labels with leader lines from the strata: `(middle of the stratum, label height, box)`.
fn draw_labels(
    pixmap: &mut Pixmap,
    fonts: &FontSet,
    f: &Frame,
    w: f32,
    labels: Vec<(f32, f32, &SectionBox)>,
) {
    let (u, size, row_h, label_x) = (f.u, f.size, f.row_h, f.label_x);
    let room = w - label_x - 6.0 * u;
    let label_style = TextStyle::new(size, [25, 25, 25]);
    let uses_style = TextStyle::new(size, [70, 70, 70]);
    for (mid, at, b) in labels {
        draw::line(
            pixmap,
            (f.column_x + f.column_w + 2.0 * u, mid),
            (label_x - 3.0 * u, at),
            [140, 140, 140],
            0.8 * u,
        );
        let head = fit(fonts, &b.head, size, room);
        let uses = fit(fonts, &b.uses, size, room);
        let at_head = (label_x, at - 0.55 * row_h);
        let at_uses = (label_x, at + 0.55 * row_h);
        draw_text(
            pixmap,
            fonts,
            &head,
            at_head,
            Anchor::LeftCenter,
            &label_style,
        );
        draw_text(
            pixmap,
            fonts,
            &uses,
            at_uses,
            Anchor::LeftCenter,
            &uses_style,
        );
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
