//! `strata sheet` with an underlay, a chosen CRS for the corner table, and mixed-use
//! hatching, read back with independent tools: poppler (`pdftoppm` renders the page,
//! `pdfimages -list` counts embedded images, `pdftotext` reads the table) and pyproj for
//! the corner coordinates. Each test skips with a message where a tool is missing.
//!
//! Positions on paper are worked out here without Strata: a small offset in longitude
//! and latitude is metres east and north through the WGS84 ellipsoid's radii of
//! curvature at the parcel (exact to a few millimetres over a few hundred metres), and
//! the sheet's map is centred on the parcel at the stated scale in the map area of
//! `PageLayout` (the page's layout, which the scale-bar test already checks).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::repo;

const LON0: f64 = 114.06;
const LAT0: f64 = 22.55;
/// Pixel size of the underlay, degrees (about 1.03 m east, 1.11 m north).
const SRC_DEG: f64 = 1e-5;
/// The underlay: 300 × 300 pixels centred on (LON0, LAT0).
const SRC_PX: u32 = 300;
const GREEN: [u8; 3] = [20, 200, 20];
const BLUE: [u8; 3] = [20, 20, 220];
/// Upper-left source pixel of the 3 × 3 blue and green marks (north-east and
/// south-west of the parcel, clear of it, the legend, the arrow and the scale bar).
const BLUE_AT: (u32, u32) = (220, 90);
const GREEN_AT: (u32, u32) = (100, 190);
/// Rendering resolution of the checks.
const DPI: f64 = 150.0;

fn strata(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .args(["--lang", "en"])
        .output()
        .expect("run strata")
}

fn tool(name: &str, args: &[&str]) -> Option<Output> {
    match Command::new(name).args(args).output() {
        Ok(out) => Some(out),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn have_poppler() -> bool {
    let found = tool("pdfimages", &["-v"]).is_some() && tool("pdftoppm", &["-v"]).is_some();
    if !found {
        eprintln!("skipped: poppler-utils (pdfimages, pdftoppm, pdftotext) not installed");
    }
    found
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Metres east and north of (LON0, LAT0) per degree, from the WGS84 radii of curvature
/// in the prime vertical (N) and the meridian (M).
fn metres_per_degree() -> (f64, f64) {
    let a = 6_378_137.0;
    let f = 1.0 / 298.257_223_563;
    let e2 = f * (2.0 - f);
    let phi = LAT0.to_radians();
    let w = (1.0 - e2 * phi.sin().powi(2)).sqrt();
    let n = a / w;
    let m = a * (1.0 - e2) / w.powi(3);
    (
        n * phi.cos() * std::f64::consts::PI / 180.0,
        m * std::f64::consts::PI / 180.0,
    )
}

/// Longitude, latitude of a point `east`, `north` metres from (LON0, LAT0).
fn lonlat(east: f64, north: f64) -> [f64; 2] {
    let (kx, ky) = metres_per_degree();
    [LON0 + east / kx, LAT0 + north / ky]
}

fn square(west: f64, south: f64, side: f64) -> serde_json::Value {
    let ring: Vec<[f64; 2]> = [
        (west, south),
        (west + side, south),
        (west + side, south + side),
        (west, south + side),
        (west, south),
    ]
    .iter()
    .map(|&(e, n)| lonlat(e, n))
    .collect();
    serde_json::json!({ "type": "Polygon", "coordinates": [ring] })
}

fn parcel(id: &str, geometry: serde_json::Value, uses: serde_json::Value) -> serde_json::Value {
    serde_json::json!({ "type": "Feature", "id": id, "geometry": geometry,
        "properties": { "kind": "parcel",
            "strata": [ { "id": format!("{id}-s"), "z": [0, 12], "floors": 4, "uses": uses } ] } })
}

/// One residential parcel 40 m square centred on (LON0, LAT0); `basemaps` as given.
fn write_plan(dir: &Path, basemaps: serde_json::Value) -> PathBuf {
    let plan = serde_json::json!({
        "type": "FeatureCollection",
        "strata": { "format": 1, "name": "site", "basemaps": basemaps },
        "features": [ parcel("p-1", square(-20.0, -20.0, 40.0),
            serde_json::json!([ { "code": "0701", "share": 1.0 } ])) ]
    });
    let path = dir.join("plan.geojson");
    std::fs::write(&path, plan.to_string()).expect("write plan");
    path
}

/// Longitude and latitude of the upper-left corner of the underlay.
fn source_corner() -> [f64; 2] {
    let half = f64::from(SRC_PX) / 2.0 * SRC_DEG;
    [LON0 - half, LAT0 + half]
}

/// The underlay: grey with the two marks, placed by a world file in EPSG:4326.
fn write_underlay(dir: &Path) -> PathBuf {
    let img = image::RgbImage::from_fn(SRC_PX, SRC_PX, |x, y| {
        let inside = |(bx, by): (u32, u32)| (bx..bx + 3).contains(&x) && (by..by + 3).contains(&y);
        image::Rgb(if inside(GREEN_AT) {
            GREEN
        } else if inside(BLUE_AT) {
            BLUE
        } else {
            [200, 200, 190]
        })
    });
    let path = dir.join("ground.png");
    img.save(&path).expect("save underlay");
    let [west, north] = source_corner();
    // World file: pixel size x, rotations, pixel size y, centre of the upper-left pixel.
    let world = format!(
        "{SRC_DEG}\n0\n0\n-{SRC_DEG}\n{}\n{}\n",
        west + SRC_DEG / 2.0,
        north - SRC_DEG / 2.0
    );
    std::fs::write(dir.join("ground.pgw"), world).expect("world file");
    std::fs::write(
        dir.join("ground.prj"),
        r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]"#,
    )
    .expect("prj");
    path
}

fn sheet(plan: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "sheet",
        plan.to_str().expect("path"),
        "--all",
        "--paper",
        "A3",
        "--scale",
        "1:1000",
        "--out",
        out.to_str().expect("path"),
    ];
    args.extend(extra);
    let run = strata(&args);
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{stderr}");
    stderr
}

/// The images `pdfimages -list` lists (rows under its two header lines).
fn images(pdf: &Path) -> Vec<String> {
    let out = tool("pdfimages", &["-list", pdf.to_str().expect("path")]).expect("pdfimages");
    text(&out).lines().skip(2).map(str::to_owned).collect()
}

/// The page rendered at [`DPI`] (`page` from 1).
fn render(pdf: &Path, page: u32) -> image::RgbImage {
    let prefix = pdf.with_extension("");
    let n = page.to_string();
    let run = tool(
        "pdftoppm",
        &[
            "-r",
            &DPI.to_string(),
            "-f",
            &n,
            "-l",
            &n,
            "-png",
            "-singlefile",
            pdf.to_str().expect("path"),
            prefix.to_str().expect("path"),
        ],
    )
    .expect("pdftoppm");
    assert!(run.status.success());
    image::open(prefix.with_extension("png"))
        .expect("png")
        .to_rgb8()
}

/// Centre (mm from the page's corner) of the pixels whose channel `i` dominates,
/// within 15 mm of `near` (mm).
fn centre_of(page: &image::RgbImage, i: usize, near: [f64; 2]) -> Option<[f64; 2]> {
    let (mut n, mut sx, mut sy) = (0.0, 0.0, 0.0);
    let mm = 25.4 / DPI;
    for (x, y, p) in page.enumerate_pixels() {
        let at = [(f64::from(x) + 0.5) * mm, (f64::from(y) + 0.5) * mm];
        if (at[0] - near[0]).abs() > 15.0 || (at[1] - near[1]).abs() > 15.0 {
            continue;
        }
        let c = i32::from(p[i]);
        if (0..3).filter(|&k| k != i).all(|k| c - i32::from(p[k]) > 80) {
            n += 1.0;
            sx += f64::from(x) + 0.5;
            sy += f64::from(y) + 0.5;
        }
    }
    (n > 0.0).then(|| [sx / n * mm, sy / n * mm])
}

fn layout() -> strata::sheet::PageLayout {
    strata::sheet::PageLayout::new(
        strata::sheet::Paper::A3,
        strata::sheet::Orientation::Landscape,
    )
}

/// Where a mark's centre belongs on paper: the map's centre is the parcel's (LON0,
/// LAT0), and at 1:1000 a metre of ground is a millimetre of paper.
fn expected_mm((bx, by): (u32, u32)) -> [f64; 2] {
    let [west, north] = source_corner();
    let lon = west + (f64::from(bx) + 1.5) * SRC_DEG;
    let lat = north - (f64::from(by) + 1.5) * SRC_DEG;
    let (kx, ky) = metres_per_degree();
    let (east, up) = ((lon - LON0) * kx, (lat - LAT0) * ky);
    let map = layout().map;
    let (cx, cy) = (
        f64::from(map.x) + f64::from(map.w) / 2.0,
        f64::from(map.y) + f64::from(map.h) / 2.0,
    );
    [cx + east, cy - up]
}

#[test]
fn an_underlay_lands_under_the_map_at_the_sheets_scale() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = write_plan(dir.path(), serde_json::json!([]));
    let ground = write_underlay(dir.path());
    let plain = dir.path().join("plain.pdf");
    sheet(&plan, &plain, &[]);
    assert!(images(&plain).is_empty(), "{:?}", images(&plain));
    let pdf = dir.path().join("over.pdf");
    let stderr = sheet(&plan, &pdf, &["--basemap", ground.to_str().expect("path")]);
    assert!(
        !stderr.contains("left out") && !stderr.contains("no underlay"),
        "{stderr}"
    );
    let listed = images(&pdf);
    assert_eq!(listed.len(), 1, "{listed:?}");
    // One JPEG of the map area at 250 dpi (233 × 271 mm: 2295 × 2668 pixels).
    let cols: Vec<&str> = listed[0].split_whitespace().collect();
    assert_eq!(cols[3..6], ["2295", "2668", "rgb"], "{}", listed[0]);
    assert_eq!(cols[8], "jpeg", "{}", listed[0]);
    let page = render(&pdf, 1);
    // One source pixel is 1.03 mm east, 1.11 mm north at 1:1000.
    for (at, channel) in [(BLUE_AT, 2), (GREEN_AT, 1)] {
        let want = expected_mm(at);
        let found = centre_of(&page, channel, want).expect("the mark on the page");
        let off = (found[0] - want[0]).hypot(found[1] - want[1]);
        eprintln!("mark {at:?}: found {found:?} mm, expected {want:?} mm, off {off:.3} mm");
        assert!(
            off < 0.5,
            "mark {at:?} at {found:?} mm, expected {want:?} (off {off} mm)"
        );
    }
    // The underlay is clipped to the map frame: grey just inside, paper just outside.
    let map = layout().map;
    let px = |mm: f32| (f64::from(mm) / 25.4 * DPI).round() as u32;
    let row = px(map.y + map.h * 0.3);
    let inside = page.get_pixel(px(map.right() - 1.5), row).0;
    let outside = page.get_pixel(px(map.right() + 1.5), row).0;
    assert!(inside.iter().all(|c| (180..=215).contains(c)), "{inside:?}");
    assert_eq!(outside, [255, 255, 255]);
}

#[test]
fn the_plans_own_underlays_are_drawn_unless_left_out() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    write_underlay(dir.path());
    let plan = write_plan(
        dir.path(),
        serde_json::json!([ { "source": "ground.png", "opacity": 0.5 } ]),
    );
    let own = dir.path().join("own.pdf");
    sheet(&plan, &own, &[]);
    assert_eq!(images(&own).len(), 1, "{:?}", images(&own));
    // Half opacity over white paper: the grey 200 becomes about 228.
    let map = layout().map;
    let page = render(&own, 1);
    let px = |mm: f32| (f64::from(mm) / 25.4 * DPI).round() as u32;
    let p = page.get_pixel(px(map.x + 20.0), px(map.y + map.h * 0.3)).0;
    assert!(p.iter().all(|c| (220..=236).contains(c)), "{p:?}");
    let left_out = dir.path().join("left_out.pdf");
    sheet(&plan, &left_out, &["--no-underlays"]);
    assert!(images(&left_out).is_empty());
    // An unreadable source is named and left out; the sheet is made all the same.
    let missing = dir.path().join("missing.pdf");
    let stderr = sheet(
        &plan,
        &missing,
        &["--no-underlays", "--basemap", "nowhere.png"],
    );
    assert!(stderr.contains("nowhere.png"), "{stderr}");
    assert!(images(&missing).is_empty());
}

/// pyproj's (north, east) of p-6's corners in `epsg`; `None` (with a message) where
/// python3 with pyproj is missing.
fn pyproj_corners(epsg: u32) -> Option<Vec<f64>> {
    let script = "import json,sys\nfrom pyproj import Transformer\nd=json.load(open(sys.argv[1]))\nf=[f for f in d['features'] if f.get('id')=='p-6'][0]\nt=Transformer.from_crs('EPSG:4326','EPSG:'+sys.argv[2],always_xy=True)\nfor lon,lat in f['geometry']['coordinates'][0][:-1]:\n  e,n=t.transform(lon,lat); print(n,e)\n";
    let plan = repo("sample_maps/wenzhou_sports_park.geojson");
    let Some(out) = tool(
        "python3",
        &[
            "-c",
            script,
            plan.to_str().expect("path"),
            &epsg.to_string(),
        ],
    ) else {
        eprintln!("skipped: no python3");
        return None;
    };
    if !out.status.success() {
        eprintln!(
            "skipped: python3 with pyproj is needed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    Some(
        text(&out)
            .split_whitespace()
            .filter_map(|t| t.parse().ok())
            .collect(),
    )
}

/// p-6's sheet with `--crs EPSG:N`: the table's numbers and the text of the page.
fn p6_in(dir: &Path, crs: &str) -> (Vec<f64>, String) {
    let out = dir.join(format!("p6-{}.pdf", crs.replace(':', "")));
    let plan = repo("sample_maps/wenzhou_sports_park.geojson");
    let run = strata(&[
        "sheet",
        plan.to_str().expect("path"),
        "--parcels",
        "p-6",
        "--crs",
        crs,
        "--out",
        out.to_str().expect("path"),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let words = text(&tool("pdftotext", &[out.to_str().expect("path"), "-"]).expect("pdftotext"));
    let numbers = words
        .split_whitespace()
        .filter(|t| t.contains('.'))
        .filter_map(|t| t.parse().ok())
        .collect();
    (numbers, words.replace('\n', " "))
}

/// The corner table in EPSG:4527 (CGCS2000 3° zone 39, not p-6's own zone 40) and in
/// WGS 84 / UTM zone 51N equals pyproj's projection of the file's vertices within 1.5 mm,
/// and the heading names the CRS.
#[test]
fn corners_in_a_chosen_crs_equal_pyproj() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    for (epsg, name) in [
        (4527, "CGCS2000 3° GK zone 39 (EPSG:4527)"),
        (32651, "WGS 84 / UTM zone 51N (EPSG:32651)"),
        (4549, "CGCS2000 3° GK CM 120° E (EPSG:4549)"),
    ] {
        let Some(expected) = pyproj_corners(epsg) else {
            return;
        };
        assert_eq!(expected.len(), 8, "{expected:?}");
        let (found, words) = p6_in(dir.path(), &format!("EPSG:{epsg}"));
        assert!(words.contains(name), "{name:?} not in {words}");
        for v in expected {
            assert!(
                found.iter().any(|f| (f - v).abs() <= 0.0015),
                "EPSG:{epsg}: {v} not in the table: {found:?}"
            );
        }
    }
}

#[test]
fn a_crs_that_cannot_hold_corners_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("x.pdf");
    let plan = repo("sample_maps/wenzhou_sports_park.geojson");
    for (crs, says) in [
        ("EPSG:4326", "EPSG:4326 is geographic"),
        ("EPSG:99999", "EPSG:99999 is not a projected CRS"),
        ("Gauss", "--crs Gauss is not a CRS"),
    ] {
        let run = strata(&[
            "sheet",
            plan.to_str().expect("path"),
            "--parcels",
            "p-6",
            "--crs",
            crs,
            "--out",
            out.to_str().expect("path"),
        ]);
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{err}");
        assert!(err.contains(says), "{says:?} not in {err}");
        assert!(!out.exists());
    }
}

/// Two parcels side by side, 80 m square: `mixed` (residential with offices, colours
/// apart) and `single` (residential only).
fn write_two_parcels(dir: &Path) -> PathBuf {
    let plan = serde_json::json!({
        "type": "FeatureCollection",
        "features": [
            parcel("mixed", square(-80.0, -40.0, 80.0), serde_json::json!([
                { "code": "0701", "share": 0.6 }, { "code": "0901", "share": 0.4 } ])),
            parcel("single", square(0.0, -40.0, 80.0),
                serde_json::json!([ { "code": "0701", "share": 1.0 } ])),
        ]
    });
    let path = dir.join("two.geojson");
    std::fs::write(&path, plan.to_string()).expect("write plan");
    path
}

/// Shares of pixels near each colour in a box of the page (mm, relative to the map's
/// centre).
fn shares(
    page: &image::RgbImage,
    colours: &[[u8; 3]],
    (x0, y0, x1, y1): (f64, f64, f64, f64),
) -> Vec<f64> {
    let map = layout().map;
    let (cx, cy) = (
        f64::from(map.x) + f64::from(map.w) / 2.0,
        f64::from(map.y) + f64::from(map.h) / 2.0,
    );
    let px = |mm: f64| (mm / 25.4 * DPI).round() as u32;
    let mut counts = vec![0usize; colours.len()];
    let mut total = 0usize;
    for y in px(cy + y0)..px(cy + y1) {
        for x in px(cx + x0)..px(cx + x1) {
            let p = page.get_pixel(x, y).0;
            total += 1;
            for (count, c) in counts.iter_mut().zip(colours) {
                if p.iter()
                    .zip(c)
                    .all(|(a, b)| (i32::from(*a) - i32::from(*b)).abs() <= 6)
                {
                    *count += 1;
                }
            }
        }
    }
    counts.iter().map(|&n| n as f64 / total as f64).collect()
}

#[test]
fn mixed_parcels_are_hatched_with_the_second_use() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let plan_path = write_two_parcels(dir.path());
    let pdf = dir.path().join("two.pdf");
    let run = strata(&[
        "sheet",
        plan_path.to_str().expect("path"),
        "--parcels",
        "mixed,single",
        "--paper",
        "A3",
        "--scale",
        "1:1000",
        "--out",
        pdf.to_str().expect("path"),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let reference = strata::model::Reference::default();
    let colour = |code: &str| strata::render::style::use_color(&reference.classification, code);
    let (residential, offices) = (colour("0701"), colour("0901"));
    assert_ne!(residential, offices);
    // A box in the lower left quarter of each sheet's parcel (clear of its label at
    // the centre, its boundary and corner numbers): 80 mm square at 1:1000.
    let quarter = (-30.0, 8.0, -8.0, 30.0);
    let mixed = shares(&render(&pdf, 1), &[residential, offices], quarter);
    assert!(mixed[0] > 0.3 && mixed[1] > 0.15, "mixed parcel: {mixed:?}");
    assert!(mixed[0] + mixed[1] > 0.75, "mixed parcel: {mixed:?}");
    let single = shares(&render(&pdf, 2), &[residential, offices], quarter);
    assert!(
        single[0] > 0.98 && single[1] == 0.0,
        "single-use parcel: {single:?}"
    );
}
