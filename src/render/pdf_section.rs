//! A strata section drawn as vectors on a PDF page (the zoning sheets, the report's
//! PDF), from the layout the report's PNG figure and the editor's section view share
//! (`render::present::section`).

use super::pdf::{Align, Line, Page, TextStyle, fit};
use super::present::section::{SectionLayout, fmt_m};

const INK: [u8; 3] = [25, 25, 25];

/// The section in the box `(x, y, w, h)`: height axis, ground line, one box per stratum
/// (as wide as the share of the parcel it covers, split by its uses), labels beside.
pub fn draw_section(page: &mut Page, section: &SectionLayout, (x, y, w, h): (f32, f32, f32, f32)) {
    let axis_w = 12.0;
    let column_w = (w * 0.36).min(60.0);
    let (top, bottom) = (y + 2.0, y + h - 2.0);
    let span = section.span() as f32;
    let y_of = |z: f64| bottom - (z - section.z_low) as f32 / span * (bottom - top);
    let left = x + axis_w;
    let thin = Line::solid([150, 150, 150], 0.15);
    for (z, label) in &section.ticks {
        let ty = y_of(*z);
        page.line((left - 1.5, ty), (left, ty), &Line::solid(INK, 0.2));
        page.text(
            left - 2.0,
            ty + 0.8,
            label,
            TextStyle::new(2.1).align(Align::Right),
        );
        page.line((left, ty), (left + column_w, ty), &thin);
    }
    page.line((left, top), (left, bottom), &Line::solid(INK, 0.25));
    let labels_x = left + column_w + 3.0;
    for b in &section.boxes {
        let (y0, y1) = (y_of(b.top), y_of(b.bottom));
        let bw = column_w * b.footprint_share;
        let bx = left + (column_w - bw) / 2.0;
        let mut px = bx;
        if b.parts.is_empty() {
            page.rect(bx, y0, bw, y1 - y0, Some(super::style::UNKNOWN_FILL), None);
        }
        for (rgb, share) in &b.parts {
            page.rect(px, y0, bw * share, y1 - y0, Some(*rgb), None);
            px += bw * share;
        }
        page.rect(bx, y0, bw, y1 - y0, None, Some(&Line::solid(INK, 0.25)));
        let mid = (y0 + y1) / 2.0;
        let room = x + w - labels_x;
        // The stratum's id from the shared label, the heights with a dash (the shared
        // label words the range in English).
        let id = b.head.split(" · ").next().unwrap_or_default();
        let head = format!("{id} · {} – {} m", fmt_m(b.bottom), fmt_m(b.top));
        let head = fit(page, &head, 2.2, room);
        let uses = fit(page, &b.uses, 2.1, room);
        page.text(labels_x, mid - 0.3, &head, TextStyle::new(2.2));
        page.text(
            labels_x,
            mid + 2.6,
            &uses,
            TextStyle::new(2.1).color([70, 70, 70]),
        );
    }
    // The ground, drawn over the boxes.
    let gy = y_of(0.0);
    page.line(
        (left - 3.0, gy),
        (left + column_w + 2.0, gy),
        &Line::solid([120, 80, 30], 0.5),
    );
}
