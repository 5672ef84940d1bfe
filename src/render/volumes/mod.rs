//! The headless 3D view (`strata render --view 3d`): every stratum of a scenario
//! extruded from its footprint between its z range, seen from an azimuth and elevation
//! in an orthographic projection, drawn with tiny-skia in painter's order. What is below
//! ground is drawn first and seen through a translucent ground plane; the ground line
//! (the plane's edge at ±0) and a legend follow. Heights are exaggerated so that a
//! district's strata read: by default a quarter of the plan's width over the height
//! range, between 1 and 10 times.

pub mod colours;
pub mod scene;

use geo::{BoundingRect, Polygon};
use tiny_skia::{FillRule, PathBuilder, Pixmap, Stroke, Transform};

use super::draw::{self, paint};
use super::fonts::FontSet;
use super::labels::full_label;
use super::legend::fit;
use super::map::{MAX_WIDTH_PX, MIN_WIDTH_PX, RenderError};
use super::style::{BACKGROUND, Rgb};
use super::text::{Anchor, TextStyle, draw_text};
use crate::model::{ParcelId, Plan, Reference, Scenario, bbox_of};
pub use crate::render::present::strata_color::StrataColorBy;
use scene::{Camera, Face, Prism, scene_faces};

/// The ground plane's colour and opacity: what is below ground shows through it.
pub const GROUND_RGB: Rgb = [196, 178, 140];
/// Opacity of the ground plane (0–255).
pub const GROUND_ALPHA: u8 = 120;
/// The ground line along the plane's edges.
pub const GROUND_LINE: Rgb = [92, 64, 32];
/// Heights beyond this many metres from the ground are drawn at it (an absurd 1e9 m
/// stratum still draws, as a very tall one).
pub const MAX_DRAWN_Z: f64 = 2_000.0;

/// What the 3D view shows and how.
#[derive(Clone, Debug)]
pub struct VolumeOptions {
    pub width_px: u32,
    /// Compass bearing of the viewer, degrees clockwise from north.
    pub azimuth_deg: f64,
    /// Degrees above the horizon, 5–90.
    pub elevation_deg: f64,
    /// Vertical exaggeration; `None`: chosen from the plan's shape.
    pub exaggeration: Option<f64>,
    /// The palette the editor's 3D view shares (`present::strata_color`).
    pub colour_by: StrataColorBy,
    pub scenario: Scenario,
    /// Only these parcels (a report's view of one parcel); `None`: every parcel.
    pub parcels: Option<Vec<ParcelId>>,
    /// The date years left are counted from (fractional year).
    pub as_of: f64,
    /// A title line with the plan's name and the view's angles.
    pub title: bool,
}

impl Default for VolumeOptions {
    fn default() -> Self {
        Self {
            width_px: 1600,
            azimuth_deg: 210.0,
            elevation_deg: 35.0,
            exaggeration: None,
            colour_by: StrataColorBy::Use,
            scenario: Scenario::Proposed,
            parcels: None,
            as_of: crate::analysis::terms::current_year(),
            title: true,
        }
    }
}

/// The prisms of the strata shown, with their colours, and the legend rows.
fn prisms(
    plan: &Plan,
    reference: &Reference,
    fonts: &FontSet,
    options: &VolumeOptions,
) -> (Vec<Prism>, Vec<(Rgb, String)>) {
    let mut palette = colours::Palette::new(
        plan,
        options.scenario,
        reference,
        options.colour_by,
        options.as_of,
    );
    let mut out = Vec::new();
    let shown = |id: &ParcelId| options.parcels.as_ref().is_none_or(|ids| ids.contains(id));
    for parcel in plan
        .parcels
        .iter()
        .filter(|p| p.scenario == options.scenario && shown(&p.id))
    {
        for stratum in &parcel.strata {
            let (b, t) = (stratum.z.bottom, stratum.z.top);
            if !(b.is_finite() && t.is_finite() && b < t) {
                continue;
            }
            let polygons: Vec<Polygon<f64>> = match &stratum.footprint {
                Some(p) => vec![p.clone()],
                None => parcel.shape.0.clone(),
            };
            out.push(Prism {
                polygons,
                bottom: b.clamp(-MAX_DRAWN_Z, MAX_DRAWN_Z),
                top: t.clamp(-MAX_DRAWN_Z, MAX_DRAWN_Z),
                rgb: palette.colour(stratum),
            });
        }
    }
    (out, palette.legend(fonts))
}

/// The plan rectangle the prisms stand on, `[min x, min y, max x, max y]`.
fn extent(prisms: &[Prism]) -> Option<[f64; 4]> {
    let mut e = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for rect in prisms
        .iter()
        .flat_map(|p| &p.polygons)
        .filter_map(|p| p.bounding_rect())
    {
        let (lo, hi) = (rect.min(), rect.max());
        if !(lo.x.is_finite() && lo.y.is_finite() && hi.x.is_finite() && hi.y.is_finite()) {
            continue;
        }
        e = [
            e[0].min(lo.x),
            e[1].min(lo.y),
            e[2].max(hi.x),
            e[3].max(hi.y),
        ];
    }
    (e[0] <= e[2] && e[1] <= e[3]).then_some(e)
}

/// A quarter of the plan's width over its height range, held between 1 and 10.
pub fn default_exaggeration(prisms: &[Prism], extent: [f64; 4]) -> f64 {
    let width = (extent[2] - extent[0]).max(extent[3] - extent[1]);
    let low = prisms.iter().map(|p| p.bottom).fold(0.0, f64::min);
    let high = prisms.iter().map(|p| p.top).fold(0.0, f64::max);
    let span = high - low;
    if !(span > 0.0 && width > 0.0) {
        return 1.0;
    }
    (0.25 * width / span).clamp(1.0, 10.0)
}

/// Draws the 3D view of a plan's strata.
pub fn draw_volumes(
    plan: &Plan,
    reference: &Reference,
    fonts: &FontSet,
    options: &VolumeOptions,
) -> Result<Pixmap, RenderError> {
    let width_px = options.width_px;
    if !(MIN_WIDTH_PX..=MAX_WIDTH_PX).contains(&width_px) {
        return Err(RenderError::Width(width_px));
    }
    let (prisms, legend) = prisms(plan, reference, fonts, options);
    // A plan with no strata still gets its (empty) ground.
    let ext = extent(&prisms).unwrap_or([-50.0, -50.0, 50.0, 50.0]);
    let exaggeration = options
        .exaggeration
        .unwrap_or_else(|| default_exaggeration(&prisms, ext));
    let camera = Camera::new(options.azimuth_deg, options.elevation_deg, exaggeration);
    let (below, above) = scene_faces(&prisms, &camera);
    let ground = ground_plane(ext, &camera);

    let u = width_px as f32 / 1000.0;
    let legend_w = (260.0 * u).round();
    let margin = 24.0 * u;
    let title_h = if options.title { 58.0 * u } else { 8.0 * u };
    // Fit the projected scene in the drawing area.
    let points = below
        .iter()
        .chain(&above)
        .flat_map(|f| &f.rings)
        .flatten()
        .chain(&ground);
    // The ground's corners are always there.
    let b = bbox_of(points).unwrap_or([0.0; 4]);
    let area_w = f64::from(width_px as f32 - legend_w - 2.0 * margin).max(50.0);
    let (bw, bh) = ((b[2] - b[0]).max(1e-6), (b[3] - b[1]).max(1e-6));
    // At most twice as tall as wide, title and margins included.
    let max_h = f64::from(2 * width_px) - f64::from(title_h + 2.0 * margin);
    let scale = (area_w / bw).min(max_h / bh);
    let height = (bh * scale + f64::from(title_h + 2.0 * margin))
        .max(f64::from(320.0 * u))
        .ceil() as u32;
    let mut pixmap =
        Pixmap::new(width_px, height).ok_or(RenderError::Allocate(width_px, height))?;
    pixmap.fill(tiny_skia::Color::from_rgba8(
        BACKGROUND[0],
        BACKGROUND[1],
        BACKGROUND[2],
        255,
    ));
    let to_px = |p: [f64; 2]| -> (f32, f32) {
        let x = f64::from(margin) + (p[0] - b[0]) * scale + (area_w - bw * scale) / 2.0;
        let y = f64::from(title_h + margin) + (b[3] - p[1]) * scale;
        (x as f32, y as f32)
    };
    let outline = (0.7 * u).max(0.6);
    for face in &below {
        fill_face(&mut pixmap, face, &to_px, outline);
    }
    fill_rings(
        &mut pixmap,
        std::slice::from_ref(&ground),
        &to_px,
        GROUND_RGB,
        GROUND_ALPHA,
    );
    ground_line(&mut pixmap, &ground, &to_px, 2.2 * u);
    for face in &above {
        fill_face(&mut pixmap, face, &to_px, outline);
    }
    if options.title {
        draw_heading(&mut pixmap, plan, fonts, options, exaggeration, u, margin);
    }
    draw_volume_legend(&mut pixmap, fonts, &legend, options.colour_by, u, legend_w);
    Ok(pixmap)
}

/// The ground plane's corners on the screen: the plan's extent and a margin, at z 0.
fn ground_plane(ext: [f64; 4], camera: &Camera) -> Vec<[f64; 2]> {
    let pad = 0.06 * (ext[2] - ext[0]).max(ext[3] - ext[1]).max(10.0);
    let (x0, y0, x1, y1) = (ext[0] - pad, ext[1] - pad, ext[2] + pad, ext[3] + pad);
    [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]
        .iter()
        .map(|&[x, y]| {
            let [sx, sy, _] = camera.project([x, y, 0.0]);
            [sx, sy]
        })
        .collect()
}

fn path_of(
    rings: &[Vec<[f64; 2]>],
    to_px: &impl Fn([f64; 2]) -> (f32, f32),
) -> Option<tiny_skia::Path> {
    let mut pb = PathBuilder::new();
    for ring in rings {
        let mut points = ring.iter().map(|&p| to_px(p));
        let Some((x, y)) = points.next() else {
            continue;
        };
        if !(x.is_finite() && y.is_finite()) {
            continue;
        }
        pb.move_to(x, y);
        for (x, y) in points.filter(|(x, y)| x.is_finite() && y.is_finite()) {
            pb.line_to(x, y);
        }
        pb.close();
    }
    pb.finish()
}

fn fill_rings(
    pixmap: &mut Pixmap,
    rings: &[Vec<[f64; 2]>],
    to_px: &impl Fn([f64; 2]) -> (f32, f32),
    rgb: Rgb,
    alpha: u8,
) {
    if let Some(path) = path_of(rings, to_px) {
        pixmap.fill_path(
            &path,
            &paint(rgb, alpha),
            FillRule::EvenOdd,
            Transform::identity(),
            None,
        );
    }
}

fn fill_face(
    pixmap: &mut Pixmap,
    face: &Face,
    to_px: &impl Fn([f64; 2]) -> (f32, f32),
    width: f32,
) {
    let Some(path) = path_of(&face.rings, to_px) else {
        return;
    };
    let mut fill = paint(face.rgb, 255);
    // Edges of neighbouring faces meet exactly: no anti-aliased seam between them.
    fill.anti_alias = false;
    pixmap.fill_path(&path, &fill, FillRule::EvenOdd, Transform::identity(), None);
    let edge = face.rgb.map(|c| (f32::from(c) * 0.55) as u8);
    let stroke = Stroke {
        width,
        ..Stroke::default()
    };
    pixmap.stroke_path(
        &path,
        &paint(edge, 255),
        &stroke,
        Transform::identity(),
        None,
    );
}

/// The ground line: the ground plane's outline at ±0.
fn ground_line(
    pixmap: &mut Pixmap,
    ground: &[[f64; 2]],
    to_px: &impl Fn([f64; 2]) -> (f32, f32),
    width: f32,
) {
    for i in 0..ground.len() {
        let (a, b) = (ground[i], ground[(i + 1) % ground.len()]);
        draw::line(pixmap, to_px(a), to_px(b), GROUND_LINE, width);
    }
}

fn draw_heading(
    pixmap: &mut Pixmap,
    plan: &Plan,
    fonts: &FontSet,
    options: &VolumeOptions,
    exaggeration: f64,
    u: f32,
    margin: f32,
) {
    let room = pixmap.width() as f32 - 2.0 * margin;
    let title = fit(
        fonts,
        &full_label(fonts, plan.display_name()),
        20.0 * u,
        room,
    );
    draw_text(
        pixmap,
        fonts,
        &title,
        (margin, 10.0 * u),
        Anchor::LeftTop,
        &TextStyle::new(20.0 * u, [20, 20, 20]),
    );
    let subtitle = crate::tr!(
        "volumes-subtitle",
        azimuth = format!("{:.0}", options.azimuth_deg),
        elevation = format!("{:.0}", options.elevation_deg.clamp(5.0, 90.0)),
        exaggeration = format!("{exaggeration:.1}")
    );
    let subtitle = fit(fonts, &subtitle, 13.0 * u, room);
    draw_text(
        pixmap,
        fonts,
        &subtitle,
        (margin, 36.0 * u),
        Anchor::LeftTop,
        &TextStyle::new(13.0 * u, [70, 70, 70]),
    );
}

/// The legend in the right-hand column: a heading, a swatch per colour (at most 24
/// rows, then how many more), and the ground plane.
fn draw_volume_legend(
    pixmap: &mut Pixmap,
    fonts: &FontSet,
    rows: &[(Rgb, String)],
    by: StrataColorBy,
    u: f32,
    legend_w: f32,
) {
    use crate::i18n::tr;
    let x = pixmap.width() as f32 - legend_w;
    let (size, row_h) = (12.0 * u, 19.0 * u);
    let room = legend_w - 34.0 * u;
    let heading = match by {
        StrataColorBy::Use => tr("volumes-legend-use"),
        StrataColorBy::Holder => tr("volumes-legend-holder"),
        StrataColorBy::Right => tr("volumes-legend-right"),
        StrataColorBy::Operation => tr("view3d-colour-operation"),
        StrataColorBy::YearsLeft => tr("volumes-legend-term"),
    };
    let mut y = 70.0 * u;
    let text = TextStyle::new(size, [30, 30, 30]);
    draw_text(
        pixmap,
        fonts,
        &fit(fonts, &heading, size * 1.1, room + 24.0 * u),
        (x, y),
        Anchor::LeftTop,
        &TextStyle::new(size * 1.1, [20, 20, 20]),
    );
    y += row_h * 1.4;
    const MAX_ROWS: usize = 24;
    let ground = (GROUND_RGB, tr("volumes-legend-ground"));
    for (rgb, label) in rows.iter().take(MAX_ROWS).chain(std::iter::once(&ground)) {
        draw::fill_rect(pixmap, x, y, 18.0 * u, 12.0 * u, *rgb, 255);
        draw::stroke_rect(pixmap, x, y, 18.0 * u, 12.0 * u, [90, 90, 90], 0.6 * u);
        let label = fit(fonts, label, size, room);
        draw_text(
            pixmap,
            fonts,
            &label,
            (x + 24.0 * u, y + 6.0 * u),
            Anchor::LeftCenter,
            &text,
        );
        y += row_h;
    }
    if rows.len() > MAX_ROWS {
        let more = crate::tr!("volumes-legend-more", n = rows.len() - MAX_ROWS);
        draw_text(
            pixmap,
            fonts,
            &more,
            (x, y + 4.0 * u),
            Anchor::LeftTop,
            &text,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Parcel, Stratum, ZRange};
    use geo::{MultiPolygon, polygon};

    fn plan_with(strata: Vec<Stratum>, shape: Polygon<f64>) -> Plan {
        let mut plan = Plan::new(crate::model::LocalFrame::new(120.7, 28.0));
        let mut p = Parcel::new("p-1", Scenario::Proposed, MultiPolygon::new(vec![shape]));
        p.strata = strata;
        plan.parcels.push(p);
        plan
    }

    fn layer(id: &str, code: &str, z: [f64; 2]) -> Stratum {
        let mut s = Stratum::ground(id, code);
        s.z = ZRange::new(z[0], z[1]);
        s
    }

    fn square() -> Polygon<f64> {
        polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)]
    }

    #[test]
    fn absurd_heights_and_degenerate_footprints_still_draw() {
        let flat = polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 20.0, y: 0.0)];
        let strata = vec![
            layer("deep", "1302", [-1e9, -5.0]),
            layer("sky", "0701", [0.0, 1e9]),
            layer("nan", "0701", [f64::NAN, 3.0]),
        ];
        let r = Reference::default();
        let options = VolumeOptions {
            width_px: 400,
            ..VolumeOptions::default()
        };
        for shape in [square(), flat] {
            let plan = plan_with(strata.clone(), shape);
            let pixmap = draw_volumes(&plan, &r, &FontSet::bundled(), &options).expect("drawn");
            assert!(pixmap.height() >= 128 && pixmap.height() <= 800);
        }
        let empty = Plan::new(crate::model::LocalFrame::new(120.7, 28.0));
        assert!(draw_volumes(&empty, &r, &FontSet::bundled(), &options).is_ok());
    }

    #[test]
    fn the_park_on_the_plant_shows_its_own_colour_on_top() {
        let r = Reference::default();
        let plan = plan_with(
            vec![
                layer("plant", "1302", [-12.0, 3.0]),
                layer("park", "1401", [3.0, 15.0]),
            ],
            square(),
        );
        let options = VolumeOptions {
            width_px: 600,
            azimuth_deg: 180.0,
            elevation_deg: 60.0,
            title: false,
            ..VolumeOptions::default()
        };
        let pixmap = draw_volumes(&plan, &r, &FontSet::bundled(), &options).expect("drawn");
        let park = r.classification.color("1401").expect("colour");
        let count = pixmap
            .pixels()
            .iter()
            .filter(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue()] == park
            })
            .count();
        // The roof is a large share of a view from high above.
        assert!(count > 20_000, "{count} park pixels");
    }
}
