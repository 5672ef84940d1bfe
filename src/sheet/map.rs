//! The sheet's map: the parcel and its surroundings at a fixed scale, in the map style
//! the canvas and `strata render` share (`render::style`: use colours, facility
//! symbols), with the parcel's boundary and numbered corners, north arrow, scale bar and
//! a legend of what the map shows.

use geo::{BoundingRect, InteriorPoint, Intersects, MultiPolygon};

use crate::i18n::{Lang, tr_in};
use crate::model::{Parcel, Plan, Reference, Scenario};
use crate::render::draw::push_symbol;
use crate::render::pdf::{Align, Line, Page, TextStyle, from_skia};
use crate::render::style::{self, Rgb};

use super::corners::Corner;
use super::fills::{fill_look, fill_parcel, hatched_swatch, shape_path};
use super::layout::Area;
use super::tables::use_name;
use super::underlay::SheetUnderlay;

/// The map window: an area of the page, the world point at its centre, the scale.
#[derive(Clone, Copy, Debug)]
pub struct MapView {
    pub area: Area,
    pub center: [f64; 2],
    /// The scale's denominator (2000 for 1:2000).
    pub scale: f64,
}

impl MapView {
    /// Paper mm of a point in plan metres (north up).
    pub fn mm(&self, p: [f64; 2]) -> (f32, f32) {
        let k = 1000.0 / self.scale;
        let x = self.area.x as f64 + self.area.w as f64 / 2.0 + (p[0] - self.center[0]) * k;
        let y = self.area.y as f64 + self.area.h as f64 / 2.0 - (p[1] - self.center[1]) * k;
        (x as f32, y as f32)
    }

    /// The plan metres the map shows.
    pub fn window(&self) -> geo::Rect<f64> {
        let half_w = self.area.w as f64 / 2.0 * self.scale / 1000.0;
        let half_h = self.area.h as f64 / 2.0 * self.scale / 1000.0;
        geo::Rect::new(
            geo::coord! { x: self.center[0] - half_w, y: self.center[1] - half_h },
            geo::coord! { x: self.center[0] + half_w, y: self.center[1] + half_h },
        )
    }
}

/// Room kept around the parcel: its size on paper may use this share of the map area.
pub const FILL_SHARE: f64 = 0.85;

/// The parcel's size on paper at a scale, mm.
pub fn paper_size(shape: &MultiPolygon<f64>, scale: f64) -> (f64, f64) {
    shape.bounding_rect().map_or((0.0, 0.0), |r| {
        (r.width() * 1000.0 / scale, r.height() * 1000.0 / scale)
    })
}

/// True when the parcel fits the map area at the scale (with room around it).
pub fn fits(shape: &MultiPolygon<f64>, scale: f64, area: Area) -> bool {
    let (w, h) = paper_size(shape, scale);
    w <= area.w as f64 * FILL_SHARE && h <= area.h as f64 * FILL_SHARE
}

const INK: Rgb = [25, 25, 25];
const BOUNDARY: Rgb = [215, 25, 32];

/// What a sheet's map shows: the parcel, its corners, the underlay under it.
pub struct MapContent<'a> {
    pub subject: &'a Parcel,
    pub corners: &'a [Corner],
    pub underlay: Option<&'a SheetUnderlay>,
}

/// Everything inside the map area (the underlay first, then the vector map), then the
/// arrow, scale bar and legend.
pub fn draw_map(
    page: &mut Page,
    view: &MapView,
    plan: &Plan,
    reference: &Reference,
    content: &MapContent,
    lang: Lang,
) {
    let (subject, corners) = (content.subject, content.corners);
    let a = view.area;
    let window = view.window().to_polygon();
    page.push_clip(a.x, a.y, a.w, a.h);
    page.rect(a.x, a.y, a.w, a.h, Some([255, 255, 255]), None);
    if let Some(underlay) = content.underlay {
        page.image(underlay.image.clone(), a.x, a.y, underlay.size_mm);
    }
    let scenario = subject.scenario;
    let parcels: Vec<&Parcel> = plan
        .parcels_in(scenario)
        .filter(|p| p.shape.intersects(&window))
        .collect();
    for parcel in &parcels {
        let fill = style::use_fill(parcel, &reference.classification);
        let look = fill_look(fill, parcel.id == subject.id, content.underlay.is_some());
        fill_parcel(page, view, &parcel.shape, look);
    }
    draw_streets(page, view, plan, scenario, &window);
    if let Some(path) = shape_path(view, &subject.shape) {
        page.stroke(&path, &Line::solid(BOUNDARY, 0.6));
    }
    for parcel in &parcels {
        // Over stripes or a photograph, a label needs paper behind it to be read.
        let busy = content.underlay.is_some()
            || style::use_fill(parcel, &reference.classification)
                .hatch
                .is_some();
        parcel_label(page, view, parcel, parcel.id == subject.id, busy);
    }
    draw_facilities(page, view, plan, reference, scenario, &window);
    draw_corners(page, view, subject, corners);
    page.pop();
    page.rect(a.x, a.y, a.w, a.h, None, Some(&Line::solid(INK, 0.35)));
    north_arrow(page, a.right() - 12.0, a.y + 8.0, lang);
    scale_bar(page, view, lang);
    legend(page, view, &parcels, plan, reference, scenario, lang);
}

fn draw_streets(
    page: &mut Page,
    view: &MapView,
    plan: &Plan,
    scenario: Scenario,
    window: &geo::Polygon<f64>,
) {
    let streets: Vec<_> = plan
        .streets_in(scenario)
        .filter(|s| s.line.intersects(window))
        .collect();
    let path_of = |line: &geo::LineString<f64>| {
        let mut pb = krilla::geom::PathBuilder::new();
        for (i, c) in line.coords().enumerate() {
            let (x, y) = view.mm([c.x, c.y]);
            if i == 0 {
                pb.move_to(x, y)
            } else {
                pb.line_to(x, y)
            }
        }
        pb.finish()
    };
    // A grey band under a dash-dot centre line, as planning drawings draw a road.
    for look in [
        Line::solid([210, 210, 206], 2.4),
        Line::dashed(style::STREET, 0.15, &[4.0, 1.0, 0.6, 1.0]),
    ] {
        for street in &streets {
            for part in &street.line.0 {
                if let Some(path) = path_of(part) {
                    page.stroke(&path, &look);
                }
            }
        }
    }
}

/// The parcel's id (or control code) and use code at an interior point, when the parcel
/// is large enough on paper to hold them.
/// On a `busy` ground (hatching, an underlay) the text stands on a pale box.
fn parcel_label(page: &mut Page, view: &MapView, parcel: &Parcel, subject: bool, busy: bool) {
    let (w, h) = paper_size(&parcel.shape, view.scale);
    if w.min(h) < 8.0 {
        return;
    }
    let Some(at) = parcel.shape.interior_point() else {
        return;
    };
    let (x, y) = view.mm([at.x(), at.y()]);
    let size = if subject { 3.2 } else { 2.2 };
    let code = parcel.controls.as_ref().and_then(|c| c.code.clone());
    let first = match &code {
        Some(code) if subject => format!("{} {code}", parcel.id),
        _ => parcel.id.to_string(),
    };
    let second = parcel.main_use();
    if busy {
        let width = page
            .fonts
            .width(&first, size)
            .max(second.map_or(0.0, |c| page.fonts.width(c, size * 0.9)));
        let lines = if second.is_some() { 2.2 } else { 1.0 };
        label_backing(
            page,
            x - width / 2.0 - 0.8,
            y - size,
            width + 1.6,
            size * (lines + 0.3),
        );
    }
    page.text(
        x,
        y,
        &first,
        TextStyle::new(size).align(Align::Center).color(INK),
    );
    if let Some(code) = second {
        page.text(
            x,
            y + size * 1.2,
            code,
            TextStyle::new(size * 0.9).align(Align::Center).color(INK),
        );
    }
}

/// A white box at 80 % behind a label.
fn label_backing(page: &mut Page, x: f32, y: f32, w: f32, h: f32) {
    let mut pb = krilla::geom::PathBuilder::new();
    if let Some(rect) = krilla::geom::Rect::from_xywh(x, y, w, h) {
        pb.push_rect(rect);
    }
    if let Some(path) = pb.finish() {
        page.fill_with_opacity(&path, [255, 255, 255], false, 0.8);
    }
}

/// Radius of facility symbols on paper, mm.
const SYMBOL_MM: f32 = 1.3;

fn draw_facilities(
    page: &mut Page,
    view: &MapView,
    plan: &Plan,
    reference: &Reference,
    scenario: Scenario,
    window: &geo::Polygon<f64>,
) {
    for facility in plan
        .facilities_in(scenario)
        .filter(|f| f.position.intersects(window))
    {
        let look = style::facility_style(&reference.standard, &facility.category);
        let (x, y) = view.mm([facility.position.x(), facility.position.y()]);
        symbol(page, look, x, y, SYMBOL_MM);
    }
}

fn symbol(page: &mut Page, look: style::FacilityStyle, x: f32, y: f32, r: f32) {
    let mut pb = tiny_skia::PathBuilder::new();
    push_symbol(&mut pb, look.symbol, x, y, r);
    if let Some(path) = pb.finish().as_ref().and_then(from_skia) {
        page.fill(&path, look.color, false);
        page.stroke(&path, &Line::solid([255, 255, 255], 0.25));
    }
}

/// A dot and the number at each corner, set outwards from the parcel's centre.
fn draw_corners(page: &mut Page, view: &MapView, parcel: &Parcel, corners: &[Corner]) {
    let centre = parcel
        .shape
        .bounding_rect()
        .map_or([0.0, 0.0], |r| [r.center().x, r.center().y]);
    let (cx, cy) = view.mm(centre);
    // Numbers closer than this to the last one drawn are left out (a round parcel's
    // hundreds of corners); the table lists them all.
    let mut last_label: Option<(f32, f32)> = None;
    for corner in corners {
        let (x, y) = view.mm(corner.pos_in_world);
        let mut pb = tiny_skia::PathBuilder::new();
        pb.push_circle(x, y, 0.7);
        if let Some(path) = pb.finish().as_ref().and_then(from_skia) {
            page.fill(&path, [255, 255, 255], false);
            page.stroke(&path, &Line::solid(BOUNDARY, 0.3));
        }
        let (dx, dy) = (x - cx, y - cy);
        let len = dx.hypot(dy).max(1e-3);
        let (lx, ly) = (x + dx / len * 3.2, y + dy / len * 3.2 + 0.9);
        if last_label.is_some_and(|(px, py)| (px - lx).hypot(py - ly) < 5.0) {
            continue;
        }
        last_label = Some((lx, ly));
        page.text(
            lx,
            ly,
            &format!("J{}", corner.number),
            TextStyle::new(2.5).align(Align::Center).color(BOUNDARY),
        );
    }
}

/// A north arrow: a split triangle and the letter.
fn north_arrow(page: &mut Page, x: f32, y: f32, lang: Lang) {
    let (half, h) = (3.0, 10.0);
    let mut left = krilla::geom::PathBuilder::new();
    left.move_to(x, y);
    left.line_to(x - half, y + h);
    left.line_to(x, y + h * 0.75);
    left.close();
    let mut right = krilla::geom::PathBuilder::new();
    right.move_to(x, y);
    right.line_to(x + half, y + h);
    right.line_to(x, y + h * 0.75);
    right.close();
    if let (Some(l), Some(r)) = (left.finish(), right.finish()) {
        page.fill(&l, INK, false);
        page.fill(&r, [255, 255, 255], false);
        page.stroke(&r, &Line::solid(INK, 0.25));
        page.stroke(&l, &Line::solid(INK, 0.25));
    }
    page.text(
        x,
        y + h + 4.0,
        &tr_in(lang, "sheet-north"),
        TextStyle::new(3.2).align(Align::Center),
    );
}

/// A round length of ground whose bar is 40–80 mm on paper at the scale.
pub fn bar_length_m(scale: f64) -> f64 {
    let steps = [10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0];
    steps
        .into_iter()
        .find(|m| m * 1000.0 / scale >= 40.0)
        .unwrap_or(1000.0)
}

/// The scale bar (four alternating segments, labelled at 0, half and the end, the unit
/// apart) and the scale as a ratio, in the map's lower left.
fn scale_bar(page: &mut Page, view: &MapView, lang: Lang) {
    let metres = bar_length_m(view.scale);
    let length = (metres * 1000.0 / view.scale) as f32;
    let (x0, y) = (view.area.x + 8.0, view.area.bottom() - 10.0);
    page.rect(
        x0 - 4.0,
        y - 8.0,
        length + 22.0,
        16.0,
        Some([255, 255, 255]),
        None,
    );
    let quarter = length / 4.0;
    for i in 0..4 {
        let fill = if i % 2 == 0 { INK } else { [255, 255, 255] };
        page.rect(
            x0 + quarter * i as f32,
            y,
            quarter,
            1.6,
            Some(fill),
            Some(&Line::solid(INK, 0.2)),
        );
    }
    let label = |m: f64| format!("{}", m.round() as i64);
    let style = TextStyle::new(2.5).align(Align::Center);
    page.text(x0, y - 1.2, "0", style);
    page.text(x0 + length / 2.0, y - 1.2, &label(metres / 2.0), style);
    page.text(x0 + length, y - 1.2, &label(metres), style);
    page.text(
        x0 + length + 4.0,
        y + 1.6,
        &tr_in(lang, "sheet-metres"),
        TextStyle::new(2.5),
    );
    let ratio = format!("1:{}", view.scale.round() as i64);
    page.text(x0, y + 5.8, &ratio, TextStyle::new(2.8));
}

/// What the legend lists.
struct LegendEntries {
    /// Use codes as the map colours them: shown uses and mixed parcels' hatch uses.
    uses: Vec<String>,
    categories: Vec<String>,
    /// Some parcel on the map is hatched.
    mixed: bool,
}

/// The uses (as the map colours them) and facility categories on the map, for the
/// legend.
fn legend_entries(
    view: &MapView,
    parcels: &[&Parcel],
    plan: &Plan,
    reference: &Reference,
    scenario: Scenario,
) -> LegendEntries {
    let mut uses: Vec<String> = Vec::new();
    let mut add = |code: &str| {
        if !uses.iter().any(|u| u == code) {
            uses.push(code.to_owned());
        }
    };
    let mut mixed = false;
    for parcel in parcels {
        if let Some(code) = style::shown_use(parcel) {
            add(code);
        }
        // The hatch's colour is that of the first other-coloured use: name it.
        if let Some(hatch) = style::use_fill(parcel, &reference.classification).hatch {
            mixed = true;
            if let Some((code, _)) = style::weighted_uses(parcel)
                .into_iter()
                .find(|(c, _)| style::use_color(&reference.classification, c) == hatch)
            {
                add(code);
            }
        }
    }
    uses.sort();
    let window = view.window().to_polygon();
    let mut categories: Vec<String> = Vec::new();
    for f in plan
        .facilities_in(scenario)
        .filter(|f| f.position.intersects(&window))
    {
        if !categories.contains(&f.category) {
            categories.push(f.category.clone());
        }
    }
    LegendEntries {
        uses,
        categories,
        mixed,
    }
}

const LEGEND_ROW_MM: f32 = 3.6;
const LEGEND_W_MM: f32 = 52.0;

/// A legend of the uses and facility categories on the map, the boundary and corners.
fn legend(
    page: &mut Page,
    view: &MapView,
    parcels: &[&Parcel],
    plan: &Plan,
    reference: &Reference,
    scenario: Scenario,
    lang: Lang,
) {
    let entries = legend_entries(view, parcels, plan, reference, scenario);
    let rows = entries.uses.len() + entries.categories.len() + 3 + usize::from(entries.mixed);
    let (row_h, w) = (LEGEND_ROW_MM, LEGEND_W_MM);
    let h = rows as f32 * row_h + 3.0;
    let (x, y) = (view.area.right() - w - 3.0, view.area.bottom() - h - 3.0);
    page.rect(
        x,
        y,
        w,
        h,
        Some([255, 255, 255]),
        Some(&Line::solid(INK, 0.25)),
    );
    let mut top = y + 2.0;
    page.text(
        x + 2.0,
        top + 2.4,
        &tr_in(lang, "sheet-legend"),
        TextStyle::new(2.6),
    );
    top += row_h;
    top = legend_swatches(page, x, top, &entries, reference, lang);
    legend_lines(page, x, top, lang);
}

/// The legend's rows of uses, the mixed-use hatch and facility categories from `top`;
/// where the next row goes.
fn legend_swatches(
    page: &mut Page,
    x: f32,
    mut top: f32,
    entries: &LegendEntries,
    reference: &Reference,
    lang: Lang,
) -> f32 {
    let (row_h, w) = (LEGEND_ROW_MM, LEGEND_W_MM);
    let text = TextStyle::new(2.3);
    for code in &entries.uses {
        let rgb = style::use_color(&reference.classification, code);
        page.rect(
            x + 2.0,
            top + 0.4,
            5.0,
            2.6,
            Some(rgb),
            Some(&Line::solid([120, 120, 120], 0.12)),
        );
        let name = crate::render::pdf::fit(page, &use_name(reference, code, lang), 2.3, w - 11.0);
        page.text(x + 9.0, top + 2.6, &name, text);
        top += row_h;
    }
    if entries.mixed {
        hatched_swatch(
            page,
            (x + 2.0, top + 0.4, 5.0, 2.6),
            [245, 245, 245],
            [110, 110, 110],
        );
        let name = crate::render::pdf::fit(page, &tr_in(lang, "legend-mixed"), 2.3, w - 11.0);
        page.text(x + 9.0, top + 2.6, &name, text);
        top += row_h;
    }
    for category in &entries.categories {
        let look = style::facility_style(&reference.standard, category);
        symbol(page, look, x + 4.5, top + 1.7, 1.2);
        let name = reference.standard.category_name(category, lang);
        let name = crate::render::pdf::fit(page, &name, 2.3, w - 11.0);
        page.text(x + 9.0, top + 2.6, &name, text);
        top += row_h;
    }
    top
}

/// The legend's rows of the boundary and the street line.
fn legend_lines(page: &mut Page, x: f32, mut top: f32, lang: Lang) {
    let (row_h, text) = (LEGEND_ROW_MM, TextStyle::new(2.3));
    page.line(
        (x + 2.0, top + 1.7),
        (x + 7.0, top + 1.7),
        &Line::solid(BOUNDARY, 0.6),
    );
    page.text(
        x + 9.0,
        top + 2.6,
        &tr_in(lang, "sheet-legend-boundary"),
        text,
    );
    top += row_h;
    page.line(
        (x + 2.0, top + 1.7),
        (x + 7.0, top + 1.7),
        &Line::dashed(style::STREET, 0.2, &[1.6, 0.6, 0.4, 0.6]),
    );
    page.text(
        x + 9.0,
        top + 2.6,
        &tr_in(lang, "sheet-legend-street"),
        text,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_is_at_scale_and_the_bar_is_round() {
        let view = MapView {
            area: Area::new(10.0, 10.0, 200.0, 100.0),
            center: [0.0, 0.0],
            scale: 2000.0,
        };
        let (x0, y0) = view.mm([0.0, 0.0]);
        let (x1, y1) = view.mm([100.0, 100.0]);
        // 100 m at 1:2000 is 50 mm; north is up.
        assert!(((x1 - x0) - 50.0).abs() < 1e-4);
        assert!(((y0 - y1) - 50.0).abs() < 1e-4);
        assert_eq!(bar_length_m(2000.0), 100.0);
        assert_eq!(bar_length_m(500.0), 20.0);
        assert_eq!(bar_length_m(10_000.0), 500.0);
        assert!((view.window().width() - 400.0).abs() < 1e-9);
    }
}
