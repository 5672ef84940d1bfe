//! Underlays through `strata render`, checked against GDAL (issue 19): a source image
//! with two marked blocks is georeferenced by GDAL (`gdal_translate -a_srs -a_ullr`:
//! a world-file PNG, a GeoTIFF in CGCS2000 Gauss–Krüger EPSG:4547, tiled and striped, and
//! an MBTiles package), GDAL says where each mark's centre is (`gdaltransform` to WGS84),
//! Strata draws the plan over it, and GDAL reads the map's own world file and `.prj`
//! back to say which map pixel that place is: the mark must be there, within one source
//! pixel. Skipped with a message where GDAL is missing. Bad sources are left out with
//! their reason, the map is drawn all the same.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const LON0: f64 = 114.060;
const LAT0: f64 = 22.550;
/// The parcel: 0.0002° × 0.00018° (about 20 m × 20 m) from (LON0, LAT0), so the map
/// shows 100 m around it and both marks lie outside it (drawn without the parcel over).
const DLON: f64 = 0.0002;
const DLAT: f64 = 0.00018;
/// Source image: 200 × 200 pixels of 2 m.
const SRC_PX: u32 = 200;
const SRC_M: f64 = 2.0;
const RED: [u8; 3] = [220, 20, 20];
const BLUE: [u8; 3] = [20, 20, 220];
/// Upper-left source pixel of the red and the blue 3 × 3 blocks.
const RED_AT: (u32, u32) = (80, 90);
const BLUE_AT: (u32, u32) = (115, 78);

fn gdal_missing() -> bool {
    let missing = Command::new("gdaltransform")
        .arg("--version")
        .output()
        .is_err()
        || Command::new("gdal_translate")
            .arg("--version")
            .output()
            .is_err();
    if missing {
        eprintln!("GDAL (gdal-bin) not installed: underlay placement not checked against GDAL");
    }
    missing
}

fn run(program: &str, args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn two_numbers(text: &str) -> [f64; 2] {
    let v: Vec<f64> = text
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    [v[0], v[1]]
}

fn strata(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .args(["--lang", "en"])
        .output()
        .expect("run strata")
}

/// A plan of one residential parcel, in `dir`.
fn write_plan(dir: &Path, basemaps: serde_json::Value) -> PathBuf {
    let (a, b) = (LON0, LAT0);
    let (c, d) = (LON0 + DLON, LAT0 + DLAT);
    let plan = serde_json::json!({
        "type": "FeatureCollection",
        "strata": { "format": 1, "name": "site", "basemaps": basemaps },
        "features": [ { "type": "Feature", "id": "p-1",
            "geometry": { "type": "Polygon",
                "coordinates": [[[a, b], [c, b], [c, d], [a, d], [a, b]]] },
            "properties": { "kind": "parcel", "name": "site",
                "strata": [ { "id": "s1", "z": [0, 10], "floors": 3,
                    "uses": [ { "code": "0701", "share": 1.0 } ] } ] } } ]
    });
    let path = dir.join("plan.geojson");
    std::fs::write(&path, plan.to_string()).expect("write plan");
    path
}

/// The plain source image: grey with the two marked blocks.
fn write_source(dir: &Path) -> PathBuf {
    let img = image::RgbImage::from_fn(SRC_PX, SRC_PX, |x, y| {
        let inside = |(bx, by): (u32, u32)| (bx..bx + 3).contains(&x) && (by..by + 3).contains(&y);
        image::Rgb(if inside(RED_AT) {
            RED
        } else if inside(BLUE_AT) {
            BLUE
        } else {
            [200, 200, 190]
        })
    });
    let path = dir.join("source.png");
    img.save(&path).expect("save source");
    path
}

/// `-a_ullr` of the source: 400 m square centred on the parcel, in `epsg`.
fn ullr(epsg: &str) -> [String; 4] {
    let centre = format!("{} {}\n", LON0 + DLON / 2.0, LAT0 + DLAT / 2.0);
    let [e, n] = two_numbers(&run(
        "gdaltransform",
        &["-s_srs", "EPSG:4326", "-t_srs", epsg],
        &centre,
    ));
    let half = f64::from(SRC_PX) * SRC_M / 2.0;
    [e - half, n + half, e + half, n - half].map(|v| format!("{v:.3}"))
}

/// Georeferences the source with GDAL into `out` (`-of` format, extra options).
fn georeference(source: &Path, out: &Path, epsg: &str, format: &str, options: &[&str]) {
    let box_ = ullr(epsg);
    let mut args = vec!["-q", "-a_srs", epsg, "-a_ullr"];
    args.extend(box_.iter().map(String::as_str));
    args.extend(["-of", format]);
    args.extend(options);
    let (s, o) = (source.display().to_string(), out.display().to_string());
    args.extend([s.as_str(), o.as_str()]);
    run("gdal_translate", &args, "");
}

/// Where GDAL puts the centre of a 3 × 3 block of the georeferenced source, in WGS84.
fn gdal_lonlat(georeferenced: &Path, (x, y): (u32, u32)) -> [f64; 2] {
    let pixel = format!("{} {}\n", f64::from(x) + 1.5, f64::from(y) + 1.5);
    two_numbers(&run(
        "gdaltransform",
        &["-t_srs", "EPSG:4326", &georeferenced.display().to_string()],
        &pixel,
    ))
}

/// The pixel of the rendered map at a WGS84 place, as GDAL reads the map's world file.
fn gdal_map_pixel(map: &Path, lonlat: [f64; 2]) -> [f64; 2] {
    two_numbers(&run(
        "gdaltransform",
        &["-i", "-t_srs", "EPSG:4326", &map.display().to_string()],
        &format!("{} {}\n", lonlat[0], lonlat[1]),
    ))
}

/// Centre of the map pixels of the hue of `rgb`, in pixel coordinates (pixel centres
/// at +0.5).
fn centre_of_colour(map: &image::RgbaImage, rgb: [u8; 3]) -> Option<[f64; 2]> {
    let (mut n, mut sx, mut sy) = (0.0, 0.0, 0.0);
    for (x, y, p) in map.enumerate_pixels() {
        let dominant = |i: usize| {
            let c = i32::from(p[i]);
            (0..3).filter(|&k| k != i).all(|k| c - i32::from(p[k]) > 60)
        };
        let wanted = if rgb == RED { dominant(0) } else { dominant(2) };
        if wanted {
            n += 1.0;
            sx += f64::from(x) + 0.5;
            sy += f64::from(y) + 0.5;
        }
    }
    (n > 0.0).then(|| [sx / n, sy / n])
}

/// Renders the plan over `basemap` and checks both marks against GDAL.
/// `within` is the largest distance allowed, in source pixels: a quarter for sources
/// GDAL georeferenced as they are (a scaled instead of reprojected image would be off
/// by the meridian convergence, about 0.4 source pixel here), one for an MBTiles
/// package GDAL resampled into Web Mercator tiles.
fn check_marks(dir: &Path, basemap: &Path, georeferenced_source: &Path, within: f64) {
    let plan = write_plan(dir, serde_json::json!([]));
    let map = dir.join("map.png");
    let out = strata(&[
        "render",
        &plan.display().to_string(),
        "--out",
        &map.display().to_string(),
        "--no-labels",
        "--basemap",
        &basemap.display().to_string(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("left out"), "{stderr}");
    assert!(map.with_extension("pgw").is_file() && map.with_extension("prj").is_file());
    let image = image::open(&map).expect("map png").into_rgba8();
    // Map pixels per metre, from the world file Strata wrote.
    let pgw = std::fs::read_to_string(map.with_extension("pgw")).expect("pgw");
    let m_per_px: f64 = pgw
        .lines()
        .next()
        .and_then(|l| l.trim().parse().ok())
        .expect("size");
    let tolerance = within * SRC_M / m_per_px + 1.0;
    for (rgb, at) in [(RED, RED_AT), (BLUE, BLUE_AT)] {
        let expected = gdal_map_pixel(&map, gdal_lonlat(georeferenced_source, at));
        let found = centre_of_colour(&image, rgb).unwrap_or_else(|| panic!("{rgb:?} not drawn"));
        let off = f64::hypot(found[0] - expected[0], found[1] - expected[1]);
        eprintln!(
            "{}: {rgb:?} {off:.2} map px from GDAL's place (one source pixel = {:.2} px)",
            basemap.display(),
            SRC_M / m_per_px
        );
        assert!(
            off <= tolerance,
            "{rgb:?} drawn at {found:?}, GDAL puts it at {expected:?}: {off:.2} px off (tolerance {tolerance:.2} px)"
        );
    }
}

#[test]
fn a_world_file_png_lands_where_gdal_puts_it() {
    if gdal_missing() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let source = write_source(dir.path());
    let ortho = dir.path().join("ortho.png");
    // UTM 50N: GDAL writes ortho.wld and the CRS in ortho.png.aux.xml.
    georeference(
        &source,
        &ortho,
        "EPSG:32650",
        "PNG",
        &["-co", "WORLDFILE=YES"],
    );
    assert!(dir.path().join("ortho.wld").is_file());
    check_marks(dir.path(), &ortho, &ortho, 0.25);
}

#[test]
fn gauss_kruger_geotiffs_tiled_and_striped_land_where_gdal_puts_them() {
    if gdal_missing() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let source = write_source(dir.path());
    for options in [
        &[
            "-co",
            "TILED=YES",
            "-co",
            "BLOCKXSIZE=64",
            "-co",
            "BLOCKYSIZE=64",
        ][..],
        &["-co", "TILED=NO", "-co", "COMPRESS=DEFLATE"][..],
    ] {
        let tif = dir.path().join("ortho.tif");
        georeference(&source, &tif, "EPSG:4547", "GTiff", options);
        check_marks(dir.path(), &tif, &tif, 0.25);
    }
}

#[test]
fn an_mbtiles_package_lands_where_gdal_puts_it() {
    if gdal_missing() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let source = write_source(dir.path());
    let tif = dir.path().join("utm.tif");
    georeference(&source, &tif, "EPSG:32650", "GTiff", &[]);
    let tiles = dir.path().join("ortho.mbtiles");
    let (t, m) = (tif.display().to_string(), tiles.display().to_string());
    run(
        "gdal_translate",
        &[
            "-q",
            "-of",
            "MBTILES",
            "-r",
            "near",
            "-co",
            "ZOOM_LEVEL_STRATEGY=UPPER",
            &t,
            &m,
        ],
        "",
    );
    // The package's pixels at its finest zoom (GDAL picks the level finer than 2 m).
    check_marks(dir.path(), &tiles, &tif, 1.0);
}

fn python_pmtiles_missing() -> bool {
    let missing = !Command::new("python3")
        .args(["-c", "import pmtiles.convert"])
        .output()
        .is_ok_and(|o| o.status.success());
    if missing {
        eprintln!("python3 module pmtiles not installed: PMTiles placement not checked");
    }
    missing
}

#[test]
fn a_pmtiles_archive_lands_where_gdal_puts_it_with_its_credit() {
    if gdal_missing() || python_pmtiles_missing() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let source = write_source(dir.path());
    let tif = dir.path().join("utm.tif");
    georeference(&source, &tif, "EPSG:32650", "GTiff", &[]);
    let tiles = dir.path().join("ortho.mbtiles");
    let (t, m) = (tif.display().to_string(), tiles.display().to_string());
    run(
        "gdal_translate",
        &[
            "-q",
            "-of",
            "MBTILES",
            "-r",
            "near",
            "-co",
            "ZOOM_LEVEL_STRATEGY=UPPER",
            &t,
            &m,
        ],
        "",
    );
    // GDAL's package with a credit in its metadata, converted by the reference
    // implementation (python `pmtiles`), which carries the metadata over as JSON.
    let db = rusqlite::Connection::open(&tiles).expect("mbtiles");
    db.execute(
        "INSERT INTO metadata (name, value) VALUES ('attribution', 'Imagery (c) Test Survey')",
        [],
    )
    .expect("credit");
    drop(db);
    let archive = dir.path().join("ortho.pmtiles");
    let script = format!(
        "from pmtiles.convert import mbtiles_to_pmtiles; mbtiles_to_pmtiles({m:?}, {:?}, None)",
        archive.display().to_string()
    );
    run("python3", &["-c", &script], "");
    check_marks(dir.path(), &archive, &tif, 1.0);
    // The credit is written at the map's bottom right: the map differs from one drawn
    // over the same tiles without a credit (the MBTiles package, metadata deleted).
    let with_credit = std::fs::read(dir.path().join("map.png")).expect("map");
    let db = rusqlite::Connection::open(&tiles).expect("mbtiles");
    db.execute("DELETE FROM metadata WHERE name = 'attribution'", [])
        .expect("delete");
    drop(db);
    check_marks(dir.path(), &tiles, &tif, 1.0);
    let without = std::fs::read(dir.path().join("map.png")).expect("map");
    let (a, b) = (
        image::load_from_memory(&with_credit)
            .expect("png")
            .into_rgba8(),
        image::load_from_memory(&without).expect("png").into_rgba8(),
    );
    assert_eq!(a.dimensions(), b.dimensions());
    let differing: Vec<(u32, u32)> = a
        .enumerate_pixels()
        .filter(|(x, y, p)| *p != b.get_pixel(*x, *y))
        .map(|(x, y, _)| (x, y))
        .collect();
    assert!(
        differing.len() > 50,
        "the credit is drawn: {} pixels",
        differing.len()
    );
    let top = differing.iter().map(|p| p.1).min().unwrap_or(0);
    let bottom = differing.iter().map(|p| p.1).max().unwrap_or(0);
    assert!(
        bottom - top < 30 && top > a.height() / 2,
        "one short line low on the map: rows {top}–{bottom} of {}",
        a.height()
    );
}

#[test]
fn bad_underlays_are_left_out_with_the_reason_and_the_map_is_drawn() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let source = write_source(d);
    std::fs::copy(&source, d.join("zero.png")).expect("copy");
    std::fs::write(d.join("zero.pgw"), "0\n0\n0\n0\n500000\n2494000\n").expect("pgw");
    std::fs::write(d.join("plain.tif"), b"II*\0garbage").expect("tif");
    std::fs::write(d.join("broken.mbtiles"), b"not a database at all").expect("mbtiles");
    let plan = write_plan(
        d,
        serde_json::json!([
            { "source": "gone.png" },
            { "source": "zero.png", "crs": "EPSG:32650" },
            { "source": "plain.tif", "crs": "EPSG:32650" },
            { "source": "broken.mbtiles", "opacity": 0.5 },
            { "source": "source.png" },
            { "source": "x.png", "opacity": "high" }
        ]),
    );
    let map = d.join("map.png");
    let out = strata(&[
        "render",
        &plan.display().to_string(),
        "--out",
        &map.display().to_string(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(map.is_file());
    for needle in [
        "gone.png is missing",
        "pixel size of zero",
        "plain.tif",
        "broken.mbtiles",
        "no world file",
        "cannot be read",
    ] {
        assert!(stderr.contains(needle), "no {needle:?} in {stderr}");
    }
    // The plan is unchanged by rendering.
    let again = std::fs::read_to_string(&plan).expect("plan");
    assert!(again.contains("\"opacity\":\"high\""));
    // A bad opacity on the command line is refused before anything is written.
    let map2 = d.join("map2.png");
    let out = strata(&[
        "render",
        &plan.display().to_string(),
        "--out",
        &map2.display().to_string(),
        "--basemap",
        "source.png",
        "--basemap-opacity",
        "1.5",
    ]);
    assert!(!out.status.success() && !map2.exists());
}

#[test]
fn the_map_world_file_puts_the_plan_where_it_is() {
    if gdal_missing() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = write_plan(dir.path(), serde_json::json!([]));
    let map = dir.path().join("plain.png");
    let out = strata(&[
        "render",
        &plan.display().to_string(),
        "--out",
        &map.display().to_string(),
        "--no-labels",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let image = image::open(&map).expect("map").into_rgba8();
    // Where GDAL, reading plain.pgw and its CRS, puts the parcel's corners…
    let nw = gdal_map_pixel(&map, [LON0, LAT0 + DLAT]);
    let se = gdal_map_pixel(&map, [LON0 + DLON, LAT0]);
    // … against the parcel's fill (residential yellow) within 100 px of there (the
    // legend's swatch of the same colour is farther).
    let near = |x: u32, y: u32| {
        let (x, y) = (f64::from(x), f64::from(y));
        x > nw[0] - 100.0 && x < se[0] + 100.0 && y > nw[1] - 100.0 && y < se[1] + 100.0
    };
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for (x, y, p) in image.enumerate_pixels() {
        if [p[0], p[1], p[2]] == [255, 255, 45] && near(x, y) {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
        }
    }
    assert!(x1 > x0, "no parcel fill drawn where GDAL puts the parcel");
    for (got, want) in [
        (f64::from(x0), nw[0]),
        (f64::from(y0), nw[1]),
        (f64::from(x1), se[0]),
        (f64::from(y1), se[1]),
    ] {
        assert!((got - want).abs() <= 2.5, "fill edge {got} vs GDAL {want}");
    }
}
