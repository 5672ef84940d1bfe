//! A DXF drawing as an underlay of `strata render` (issue 19): its lines are drawn where
//! GDAL puts the drawing's coordinates (EPSG:4547 → WGS84 → the map's own world file),
//! its credit is written on the map, and a drawing without a CRS or missing is left out
//! with the reason while the map is drawn. Placement is skipped with a message where
//! GDAL is missing.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const LON0: f64 = 114.060;
const LAT0: f64 = 22.550;

fn gdal_missing() -> bool {
    let missing = Command::new("gdaltransform")
        .arg("--version")
        .output()
        .is_err();
    if missing {
        eprintln!("GDAL (gdal-bin) not installed: CAD underlay placement not checked");
    }
    missing
}

fn gdaltransform(args: &[&str], input: &str) -> [f64; 2] {
    let mut child = Command::new("gdaltransform")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("gdaltransform");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    let v: Vec<f64> = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    [v[0], v[1]]
}

fn render(plan: &Path, map: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["render", &plan.display().to_string(), "--out"])
        .arg(map)
        .args(["--no-labels", "--lang", "en"])
        .output()
        .expect("run strata")
}

/// A one-parcel plan (about 20 × 20 m at LON0, LAT0) listing `basemaps`.
fn write_plan(dir: &Path, basemaps: serde_json::Value) -> PathBuf {
    let (a, b, c, d) = (LON0, LAT0, LON0 + 0.0002, LAT0 + 0.00018);
    let plan = serde_json::json!({
        "type": "FeatureCollection",
        "strata": { "format": 1, "name": "site", "basemaps": basemaps },
        "features": [ { "type": "Feature", "id": "p-1",
            "geometry": { "type": "Polygon",
                "coordinates": [[[a, b], [c, b], [c, d], [a, d], [a, b]]] },
            "properties": { "kind": "parcel", "strata": [ { "id": "s1", "z": [0, 10],
                "uses": [ { "code": "0701", "share": 1.0 } ] } ] } } ]
    });
    let path = dir.join("plan.geojson");
    std::fs::write(&path, plan.to_string()).expect("plan");
    path
}

/// A square closed polyline (side `2 half` m about `centre`, EPSG:4547 metres).
fn write_square(path: &Path, centre: [f64; 2], half: f64) {
    let [x, y] = centre;
    let corners = [
        [x - half, y - half],
        [x + half, y - half],
        [x + half, y + half],
        [x - half, y + half],
    ];
    let mut text = String::from("0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n8\nSITE\n90\n4\n70\n1\n");
    for p in corners {
        text += &format!("10\n{:.4}\n20\n{:.4}\n", p[0], p[1]);
    }
    text += "0\nENDSEC\n0\nEOF\n";
    std::fs::write(path, text).expect("dxf");
}

/// Bluish dark pixels (the CAD lines' slate) in a box of the map.
fn line_pixels(map: &image::RgbaImage, [x0, y0, x1, y1]: [u32; 4]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for y in y0..y1.min(map.height()) {
        for x in x0..x1.min(map.width()) {
            let p = map.get_pixel(x, y);
            let (r, g, b) = (i32::from(p[0]), i32::from(p[1]), i32::from(p[2]));
            if b - r > 40 && r < 170 && g < 200 {
                out.push((x, y));
            }
        }
    }
    out
}

#[test]
fn a_dxf_underlay_is_drawn_where_gdal_puts_its_lines() {
    if gdal_missing() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let centre_lonlat = format!("{} {}\n", LON0 + 0.0001, LAT0 + 0.00009);
    let centre = gdaltransform(
        &["-s_srs", "EPSG:4326", "-t_srs", "EPSG:4547"],
        &centre_lonlat,
    );
    write_square(&dir.path().join("site.dxf"), centre, 30.0);
    let plan = write_plan(
        dir.path(),
        serde_json::json!([{ "source": "site.dxf", "crs": "EPSG:4547" }]),
    );
    let map = dir.path().join("map.png");
    let out = render(&plan, &map);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !stderr.contains("left out"),
        "{stderr}"
    );
    let image = image::open(&map).expect("map").into_rgba8();
    // Each corner of the square, placed by GDAL: GK → WGS84 → the map's world file.
    let mut placed = Vec::new();
    for (dx, dy) in [(-30.0, -30.0), (30.0, -30.0), (30.0, 30.0), (-30.0, 30.0)] {
        let gk = format!("{} {}\n", centre[0] + dx, centre[1] + dy);
        let lonlat = gdaltransform(&["-s_srs", "EPSG:4547", "-t_srs", "EPSG:4326"], &gk);
        let px = gdaltransform(
            &["-i", "-t_srs", "EPSG:4326", &map.display().to_string()],
            &format!("{} {}\n", lonlat[0], lonlat[1]),
        );
        placed.push(px);
    }
    let west = placed.iter().map(|p| p[0]).fold(f64::MAX, f64::min);
    let east = placed.iter().map(|p| p[0]).fold(f64::MIN, f64::max);
    let north = placed.iter().map(|p| p[1]).fold(f64::MAX, f64::min);
    let south = placed.iter().map(|p| p[1]).fold(f64::MIN, f64::max);
    let search = [
        (west - 8.0).max(0.0) as u32,
        (north - 8.0).max(0.0) as u32,
        (east + 8.0) as u32,
        (south + 8.0) as u32,
    ];
    let lines = line_pixels(&image, search);
    assert!(
        lines.len() > 100,
        "the square is drawn: {} pixels",
        lines.len()
    );
    let found_west = lines.iter().map(|p| p.0).min().unwrap_or(0);
    let found_east = lines.iter().map(|p| p.0).max().unwrap_or(0);
    let found_north = lines.iter().map(|p| p.1).min().unwrap_or(0);
    let found_south = lines.iter().map(|p| p.1).max().unwrap_or(0);
    // A one-pixel line at an edge covers the pixel the edge crosses: within 1.5 px.
    for (name, found, want) in [
        ("west", f64::from(found_west) + 0.5, west),
        ("east", f64::from(found_east) + 0.5, east),
        ("north", f64::from(found_north) + 0.5, north),
        ("south", f64::from(found_south) + 0.5, south),
    ] {
        eprintln!("{name} edge drawn at {found:.1} px, GDAL puts it at {want:.2} px");
        assert!((found - want).abs() <= 1.5, "{name}: {found} vs {want}");
    }
}

#[test]
fn a_dxf_without_crs_or_file_is_left_out_with_the_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_square(&dir.path().join("site.dxf"), [500_000.0, 2_500_000.0], 10.0);
    let plan = write_plan(
        dir.path(),
        serde_json::json!([{ "source": "site.dxf" }, { "source": "gone.dxf", "crs": "EPSG:4547" }]),
    );
    let map = dir.path().join("map.png");
    let out = render(&plan, &map);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(map.is_file());
    assert!(
        stderr.contains("site.dxf") && stderr.contains("no coordinate system"),
        "{stderr}"
    );
    assert!(stderr.contains("gone.dxf"), "{stderr}");
}
