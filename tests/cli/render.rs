//! `strata render` and the headless renderer: every sample map draws at the requested
//! size with the land-use colours where its parcels are (read back from the PNG), holes
//! and concave notches stay empty, mixed use is hatched, bad input is a clear error.

use crate::common;

use std::process::{Command, Output};

use common::{geojson_files, load, repo};
use geo::{Distance, Euclidean, MultiPolygon, Point, polygon};
use strata::analysis::homes::home_point;
use strata::model::LocalFrame;
use strata::model::{Parcel, Plan, Reference, Scenario, Status, Stratum};
use strata::render::style::{self, BACKGROUND, Rgb};
use strata::render::{FillBy, FontSet, HeatChoice, MapOptions, RenderError, RenderedMap};
use strata::report::render_map_with;

fn strata(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .output()
        .expect("run strata")
}

/// Options for pixel checks: no labels or symbols over the parcel fills.
fn bare(width: u32, scenario: Scenario) -> MapOptions {
    MapOptions {
        width_px: width,
        scenario,
        labels: false,
        facilities: false,
        ..MapOptions::default()
    }
}

/// The rendered map decoded back from its PNG bytes.
fn decoded(map: &RenderedMap) -> image::RgbaImage {
    let png = map.png().expect("png");
    image::load_from_memory(&png).expect("decode").to_rgba8()
}

fn pixel_at(image: &image::RgbaImage, map: &RenderedMap, p: Point<f64>) -> Rgb {
    let [x, y] = map.transform.pixel_from_world([p.x(), p.y()]);
    let px = image.get_pixel(x.floor() as u32, y.floor() as u32).0;
    [px[0], px[1], px[2]]
}

/// True when a world point is a safe place to read a parcel's fill: a few pixels from
/// its own boundary, from every other parcel, from streets and from the scale bar and
/// north arrow boxes.
fn clear_point(
    plan: &Plan,
    scenario: Scenario,
    parcel: &Parcel,
    p: Point<f64>,
    map: &RenderedMap,
    margin_px: f64,
) -> bool {
    let ppm = map.transform.pixels_per_meter;
    let margin = margin_px / ppm;
    let boundary_ok = parcel.shape.0.iter().all(|poly| {
        std::iter::once(poly.exterior())
            .chain(poly.interiors())
            .all(|ring| Euclidean.distance(&p, ring) > margin)
    });
    let others_ok = plan
        .parcels_in(scenario)
        .filter(|o| o.id != parcel.id)
        .all(|o| Euclidean.distance(&p, &o.shape) > margin);
    let streets_ok = plan
        .streets_in(scenario)
        .all(|s| Euclidean.distance(&p, &s.line) > margin + 3.0 / ppm);
    let [x, y] = map.transform.pixel_from_world([p.x(), p.y()]);
    let [mx, my, mw, mh] = map.map_rect.map(f64::from);
    let in_map = x > mx + 2.0 && y > my + 2.0 && x < mx + mw - 2.0 && y < my + mh - 2.0;
    let scale_bar = x < mx + 0.25 * mw + 40.0 && y > my + mh - 60.0;
    let north_arrow = x > mx + mw - 60.0 && y < my + 90.0;
    boundary_ok && others_ok && streets_ok && in_map && !scale_bar && !north_arrow
}

fn distance(a: Rgb, b: Rgb) -> i32 {
    a.iter()
        .zip(&b)
        .map(|(x, y)| (i32::from(*x) - i32::from(*y)).abs())
        .sum()
}

#[test]
fn every_sample_map_shows_its_land_use_colours_at_parcel_interiors() {
    let reference = Reference::default();
    let fonts = FontSet::bundled();
    for path in geojson_files("sample_maps") {
        let (plan, _) = load(&path);
        for scenario in Scenario::ALL {
            if plan.parcels_in(scenario).next().is_none() {
                continue;
            }
            let width = 520;
            let map = render_map_with(&plan, &reference, &bare(width, scenario), &fonts)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let image = decoded(&map);
            assert_eq!(image.width(), width, "{}", path.display());
            assert_eq!(image.height(), map.height());
            assert!(map.height() > 100, "{}", path.display());
            let (mut checked, mut hatched_checked, mut total) = (0, 0, 0);
            for parcel in plan.parcels_in(scenario) {
                total += 1;
                let Some(p) = home_point(parcel) else {
                    continue;
                };
                if !clear_point(&plan, scenario, parcel, p, &map, 3.0) {
                    continue;
                }
                let fill = style::use_fill(parcel, &reference.classification);
                let seen = pixel_at(&image, &map, p);
                match fill.hatch {
                    None => {
                        assert_eq!(
                            seen,
                            fill.main,
                            "{} {} at its home point",
                            path.display(),
                            parcel.id
                        );
                        checked += 1;
                    }
                    Some(hatch) => {
                        // In a window around the point both colours show: fill and stripes.
                        if !clear_point(&plan, scenario, parcel, p, &map, 8.0) {
                            continue;
                        }
                        let [x, y] = map.transform.pixel_from_world([p.x(), p.y()]);
                        let window: Vec<Rgb> = (-4..=4)
                            .flat_map(|dy| (-4..=4).map(move |dx| (dx, dy)))
                            .map(|(dx, dy)| {
                                let px = image
                                    .get_pixel((x as i32 + dx) as u32, (y as i32 + dy) as u32)
                                    .0;
                                [px[0], px[1], px[2]]
                            })
                            .collect();
                        assert!(
                            window.contains(&fill.main),
                            "{} {}: no main colour",
                            path.display(),
                            parcel.id
                        );
                        assert!(
                            window
                                .iter()
                                .any(|c| distance(*c, hatch) < distance(*c, fill.main)),
                            "{} {}: no hatching",
                            path.display(),
                            parcel.id
                        );
                        hatched_checked += 1;
                    }
                }
            }
            assert!(
                checked + hatched_checked >= (total / 3).max(1),
                "{} {}: only {checked}+{hatched_checked} of {total} parcels could be checked",
                path.display(),
                scenario.as_str()
            );
        }
    }
}

fn frame() -> LocalFrame {
    LocalFrame::new(116.0, 39.0)
}

fn parcel(id: &str, shape: geo::Polygon<f64>, code: &str) -> Parcel {
    let mut p = Parcel::new(id, Scenario::Proposed, MultiPolygon::new(vec![shape]));
    p.strata.push(Stratum::ground("s1", code));
    p
}

#[test]
fn holes_and_concave_notches_are_not_filled() {
    let mut plan = Plan::new(frame());
    let ring = geo::Polygon::new(
        geo::LineString::from(vec![
            (0.0, 0.0),
            (300.0, 0.0),
            (300.0, 300.0),
            (0.0, 300.0),
            (0.0, 0.0),
        ]),
        vec![geo::LineString::from(vec![
            (100.0, 100.0),
            (200.0, 100.0),
            (200.0, 200.0),
            (100.0, 200.0),
            (100.0, 100.0),
        ])],
    );
    plan.parcels.push(parcel("ring", ring, "0701"));
    // An L: the square 400..600 × 0..200 without its upper right quarter.
    let l_shape = polygon![
        (x: 400.0, y: 0.0), (x: 600.0, y: 0.0), (x: 600.0, y: 100.0),
        (x: 500.0, y: 100.0), (x: 500.0, y: 200.0), (x: 400.0, y: 200.0),
    ];
    plan.parcels.push(parcel("ell", l_shape, "0901"));
    let reference = Reference::default();
    let map = render_map_with(
        &plan,
        &reference,
        &bare(600, Scenario::Proposed),
        &FontSet::bundled(),
    )
    .expect("render");
    let image = decoded(&map);
    let housing = reference.classification.color("0701").expect("colour");
    let commerce = reference.classification.color("0901").expect("colour");
    assert_eq!(
        pixel_at(&image, &map, Point::new(150.0, 150.0)),
        BACKGROUND,
        "hole"
    );
    assert_eq!(
        pixel_at(&image, &map, Point::new(50.0, 150.0)),
        housing,
        "ring"
    );
    assert_eq!(
        pixel_at(&image, &map, Point::new(250.0, 40.0)),
        housing,
        "ring"
    );
    assert_eq!(
        pixel_at(&image, &map, Point::new(550.0, 150.0)),
        BACKGROUND,
        "notch"
    );
    assert_eq!(
        pixel_at(&image, &map, Point::new(450.0, 150.0)),
        commerce,
        "L"
    );
    assert_eq!(
        pixel_at(&image, &map, Point::new(550.0, 50.0)),
        commerce,
        "L"
    );
}

#[test]
fn status_style_fills_parcels_by_status() {
    let mut plan = Plan::new(frame());
    let square = |x0: f64| polygon![(x: x0, y: 0.0), (x: x0 + 200.0, y: 0.0), (x: x0 + 200.0, y: 200.0), (x: x0, y: 200.0)];
    let mut idle = parcel("idle", square(0.0), "1001");
    idle.status = Some(Status::Idle);
    let mut heritage = parcel("heritage", square(300.0), "0701");
    heritage.status = Some(Status::Heritage);
    plan.parcels.extend([idle, heritage]);
    let options = MapOptions {
        fill_by: FillBy::Status,
        ..bare(500, Scenario::Proposed)
    };
    let map = render_map_with(&plan, &Reference::default(), &options, &FontSet::bundled())
        .expect("render");
    let image = decoded(&map);
    assert_eq!(
        pixel_at(&image, &map, Point::new(100.0, 100.0)),
        style::status_color(Some(Status::Idle))
    );
    assert_eq!(
        pixel_at(&image, &map, Point::new(400.0, 100.0)),
        style::status_color(Some(Status::Heritage))
    );
}

#[test]
fn heatmap_underlay_colours_the_ground_between_parcels() {
    let (plan, _) = load(&repo("sample_maps/xiongan_15min.geojson"));
    let reference = Reference::default();
    let fonts = FontSet::bundled();
    let plain =
        render_map_with(&plan, &reference, &bare(500, Scenario::Proposed), &fonts).expect("render");
    let heat_options = MapOptions {
        heat: Some(HeatChoice::Count),
        ..bare(500, Scenario::Proposed)
    };
    let heat = render_map_with(&plan, &reference, &heat_options, &fonts).expect("render");
    assert_eq!(
        plain.transform, heat.transform,
        "the heatmap does not move the map"
    );
    let [mx, my, _, _] = plain.map_rect;
    // Just inside the map's corner there is no parcel: background without the heatmap.
    let (x, y) = (mx as u32 + 4, my as u32 + 4);
    let p = |m: &RenderedMap| {
        let c = m.pixmap.pixel(x, y).expect("pixel").demultiply();
        [c.red(), c.green(), c.blue()]
    };
    assert_eq!(p(&plain), BACKGROUND);
    assert_ne!(p(&heat), BACKGROUND);
}

#[test]
fn bad_options_are_clear_errors() {
    let (plan, _) = load(&repo("sample_maps/wenzhou_sports_park.geojson"));
    let reference = Reference::default();
    let fonts = FontSet::bundled();
    for width in [0, 10, 100_000, u32::MAX] {
        match render_map_with(&plan, &reference, &bare(width, Scenario::Proposed), &fonts) {
            Err(RenderError::Width(w)) => assert_eq!(w, width),
            other => panic!("width {width}: {:?}", other.map(|_| ())),
        }
    }
    let options = MapOptions {
        heat: Some(HeatChoice::Distance("no_such_category".into())),
        ..bare(400, Scenario::Proposed)
    };
    let err = render_map_with(&plan, &reference, &options, &fonts)
        .err()
        .expect("unknown category");
    assert!(
        err.to_string().contains("no_such_category") && err.to_string().contains("kindergarten"),
        "{err}"
    );
    let empty = Plan::new(frame());
    let err = render_map_with(&empty, &reference, &bare(400, Scenario::Proposed), &fonts)
        .err()
        .expect("empty");
    assert!(err.to_string().contains("no features"), "{err}");
}

#[test]
fn cli_render_writes_a_png_of_the_requested_width() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = repo("sample_maps/qingdao_tod.geojson");
    let plan = plan.to_str().expect("path");
    for (name, extra) in [
        ("use.png", vec![]),
        ("status.png", vec!["--style", "status"]),
        ("score.png", vec!["--style", "score", "--metric", "network"]),
        ("heat.png", vec!["--heatmap"]),
        (
            "distance.png",
            vec!["--heatmap", "distance", "--category", "kindergarten"],
        ),
    ] {
        let out = dir.path().join(name);
        let out_text = out.to_str().expect("path");
        let mut args = vec!["render", plan, "--out", out_text, "--width", "420"];
        args.extend(extra);
        let output = strata(&args);
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let image = image::open(&out).expect("png").to_rgba8();
        assert_eq!(image.width(), 420, "{name}");
    }
}

#[test]
fn cli_render_rejects_bad_input_without_panicking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = repo("sample_maps/qingdao_tod.geojson");
    let plan = plan.to_str().expect("path");
    let out = dir.path().join("map.png");
    let out = out.to_str().expect("path");
    for (args, expected) in [
        (vec!["--width", "0"], "width 0"),
        (vec!["--width", "90000"], "width 90000"),
        (vec!["--heatmap", "distance"], "needs --category"),
        (
            vec!["--heatmap", "distance", "--category", "spaceport"],
            "spaceport",
        ),
        (vec!["--category", "kindergarten"], "--heatmap distance"),
        (vec!["--radius=-5"], "--radius"),
    ] {
        let mut all = vec!["render", plan, "--out", out];
        all.extend(&args);
        let output = strata(&all);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    let output = strata(&["render", plan, "--out", &out.replace(".png", ".jpg")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains(".png"));
    assert!(
        !std::path::Path::new(out).exists(),
        "nothing written on errors"
    );
}

#[test]
fn a_very_tall_plan_stays_a_reasonable_image() {
    let mut plan = Plan::new(frame());
    let strip = polygon![(x: 0.0, y: 0.0), (x: 2000.0, y: 0.0), (x: 2000.0, y: 40_000.0), (x: 0.0, y: 40_000.0)];
    plan.parcels.push(parcel("strip", strip, "1201"));
    let map = render_map_with(
        &plan,
        &Reference::default(),
        &bare(400, Scenario::Proposed),
        &FontSet::bundled(),
    )
    .expect("render");
    assert_eq!(map.width(), 400);
    assert!(map.height() < 3 * 400, "{} px tall", map.height());
    // Still drawn: the strip's middle has its colour.
    let image = decoded(&map);
    let railway = Reference::default()
        .classification
        .color("1201")
        .expect("colour");
    assert_eq!(
        pixel_at(&image, &map, Point::new(1000.0, 20_000.0)),
        railway
    );
}

#[test]
fn malformed_codes_and_odd_names_draw_without_panicking() {
    let mut plan = Plan::new(frame());
    let square =
        polygon![(x: 0.0, y: 0.0), (x: 300.0, y: 0.0), (x: 300.0, y: 300.0), (x: 0.0, y: 300.0)];
    let mut odd = parcel("odd", square, "07é9");
    odd.name = Some(format!("Odd \u{7} 名字 \u{1F600} {}", "x".repeat(500)));
    plan.settings.name = Some("\u{E000}".repeat(300));
    plan.parcels.push(odd);
    let reference = Reference::default();
    for fonts in [FontSet::bundled(), FontSet::for_maps()] {
        let options = MapOptions {
            width_px: 300,
            ..MapOptions::default()
        };
        let map = render_map_with(&plan, &reference, &options, &fonts).expect("render");
        // The malformed code has no colour: the parcel gets the unknown fill.
        let image = decoded(&map);
        assert_eq!(
            pixel_at(&image, &map, Point::new(40.0, 40.0)),
            style::UNKNOWN_FILL
        );
    }
    let report =
        strata::report::build_report(&plan, &[], &reference, &Default::default()).expect("report");
    assert!(
        !report
            .files(strata::report::ReportFormat::Html, "r")
            .expect("html")
            .is_empty()
    );
}

/// A parcel labelled in Chinese, drawn with only the shipped CJK font (as on a machine
/// with no CJK font installed): the label's box around the parcel centre holds dark
/// glyph pixels, and they are glyphs, not the boxes the Latin font alone would draw.
#[test]
fn chinese_labels_draw_with_the_shipped_font() {
    let mut plan = Plan::new(frame());
    let square =
        polygon![(x: 0.0, y: 0.0), (x: 400.0, y: 0.0), (x: 400.0, y: 400.0), (x: 0.0, y: 400.0)];
    let mut named = parcel("p-1", square, "0701");
    named.name = Some("和园街坊".into());
    plan.parcels.push(named);
    let reference = Reference::default();
    let options = MapOptions {
        width_px: 800,
        ..MapOptions::default()
    };
    let dark_in_label_box = |fonts: &FontSet| {
        let map = render_map_with(&plan, &reference, &options, fonts).expect("render");
        let image = decoded(&map);
        let [cx, cy] = map.transform.pixel_from_world([200.0, 200.0]);
        let mut dark = 0;
        let mut pixels = Vec::new();
        for y in (cy - 20.0) as u32..(cy + 20.0) as u32 {
            for x in (cx - 80.0) as u32..(cx + 80.0) as u32 {
                let p = image.get_pixel(x, y).0;
                pixels.push(p);
                if p[0] < 160 && p[1] < 160 && p[2] < 160 {
                    dark += 1;
                }
            }
        }
        (dark, pixels)
    };
    let (dark, with_font) = dark_in_label_box(&FontSet::shipped());
    assert!(dark > 40, "label box nearly blank: {dark} dark pixels");
    let (_, boxes) = dark_in_label_box(&FontSet::bundled());
    assert_ne!(with_font, boxes, "the same pixels as missing-glyph boxes");
}

/// Pixels of exactly `rgb` in an image.
fn count_of(image: &image::RgbaImage, rgb: Rgb) -> usize {
    image
        .pixels()
        .filter(|p| [p.0[0], p.0[1], p.0[2]] == rgb)
        .count()
}

#[test]
fn compliance_style_paints_the_violation_red_and_outlines_it() {
    let (plan, _) = load(&repo("sample_maps/xiongan_15min.geojson"));
    let options = MapOptions {
        fill_by: FillBy::Compliance,
        ..bare(900, Scenario::Proposed)
    };
    let map = render_map_with(&plan, &Reference::default(), &options, &FontSet::bundled())
        .expect("render");
    let image = decoded(&map);
    let p36 = plan
        .parcels_in(Scenario::Proposed)
        .find(|p| p.id.as_str() == "p-36")
        .expect("p-36");
    let inside = home_point(p36).expect("a point inside p-36");
    assert_eq!(pixel_at(&image, &map, inside), style::CONTROLS_BROKEN_FILL);
    assert!(count_of(&image, style::COMPLIANT_FILL) > 1000);
    assert!(count_of(&image, style::VIOLATION_OUTLINE) > 20);
    // No outlines in the other modes.
    let far = MapOptions {
        fill_by: FillBy::Far,
        ..options
    };
    let map =
        render_map_with(&plan, &Reference::default(), &far, &FontSet::bundled()).expect("render");
    let image = decoded(&map);
    assert_eq!(count_of(&image, style::VIOLATION_OUTLINE), 0);
    assert_eq!(
        pixel_at(&image, &map, inside),
        style::far_color(2.8),
        "p-36 builds FAR 2.8"
    );
}

#[test]
fn cli_render_draws_the_zoning_styles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = repo("sample_maps/xiongan_15min.geojson");
    let plan = plan.to_str().expect("path");
    for style_name in ["compliance", "far", "height"] {
        let out = dir.path().join(format!("{style_name}.png"));
        let out_text = out.to_str().expect("path");
        let output = strata(&[
            "render", plan, "--out", out_text, "--width", "600", "--style", style_name,
        ]);
        assert!(
            output.status.success(),
            "{style_name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let image = image::open(&out).expect("png").to_rgba8();
        assert_eq!(image.width(), 600);
        let outlined = count_of(&image, style::VIOLATION_OUTLINE) > 0;
        assert_eq!(outlined, style_name == "compliance", "{style_name}");
        if style_name == "compliance" {
            assert!(count_of(&image, style::CONTROLS_BROKEN_FILL) > 0);
            assert!(count_of(&image, style::COMPLIANT_FILL) > 0);
        }
    }
}

#[test]
fn zoning_styles_paint_the_same_values_with_and_without_a_heatmap() {
    let (plan, _) = load(&repo("sample_maps/xiongan_15min.geojson"));
    let reference = Reference::default();
    let options = MapOptions {
        fill_by: FillBy::Compliance,
        ..bare(600, Scenario::Proposed)
    };
    let plain = strata::report::map_figures(&plan, &reference, &options).expect("figures");
    assert!(plain.heat.is_none());
    assert_eq!(
        plain.fill_values.get(&strata::model::ParcelId::new("p-36")),
        Some(&style::CONTROLS_BROKEN)
    );
    let heated = MapOptions {
        heat: Some(HeatChoice::Count),
        ..options
    };
    let with_heat = strata::report::map_figures(&plan, &reference, &heated).expect("figures");
    assert!(with_heat.heat.is_some());
    assert_eq!(with_heat.fill_values, plain.fill_values);
}
