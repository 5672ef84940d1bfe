//! `strata sheet`: the zoning sheet PDF read back with independent tools (poppler's
//! pdfinfo, pdffonts, pdftotext and pdftoppm; pyproj for the corner coordinates). Each
//! test skips with a message where a tool is missing (`.ci/run` installs them).

use crate::common::repo;

use std::path::Path;
use std::process::{Command, Output};

fn strata(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .output()
        .expect("run strata")
}

/// Runs a tool; `None` when it is not installed.
fn tool(name: &str, args: &[&str]) -> Option<Output> {
    match Command::new(name).args(args).output() {
        Ok(out) => Some(out),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn have_poppler() -> bool {
    let found = tool("pdfinfo", &["-v"]).is_some();
    if !found {
        eprintln!("skipped: poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm) not installed");
    }
    found
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The done-when sheet: p-6 of the Wenzhou plan on A3 at 1:2000 in Chinese.
fn p6_sheet(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("p6.pdf");
    let plan = repo("sample_maps/wenzhou_sports_park.geojson");
    let run = strata(&[
        "sheet",
        plan.to_str().expect("path"),
        "--parcels",
        "p-6",
        "--paper",
        "A3",
        "--scale",
        "1:2000",
        "--lang",
        "zh",
        "--date",
        "2026-12-02",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// The CGCS2000 3° Gauss–Krüger zone 40 coordinates (EPSG:4528, X north, Y east) of
/// p-6's four corners in the file, from pyproj 3.7 (computed outside Strata).
const P6_CORNERS: [(f64, f64); 4] = [
    (3097303.014, 40569015.465),
    (3097304.734, 40569315.477),
    (3097515.854, 40569314.267),
    (3097514.134, 40569014.254),
];

fn numbers(text: &str) -> Vec<f64> {
    text.split_whitespace()
        .filter(|t| t.contains('.'))
        .filter_map(|t| t.parse().ok())
        .collect()
}

#[test]
fn p6_sheet_is_one_a3_page_with_subset_fonts_searchable_text_and_true_corners() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = p6_sheet(dir.path());
    let path = pdf.to_str().expect("path");
    let info = text(&tool("pdfinfo", &[path]).expect("pdfinfo"));
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 1")),
        "{info}"
    );
    assert!(info.contains("1190.55 x 841.89 pts (A3)"), "{info}");
    // Every font embedded, as a subset (name prefix ABCDEF+, `sub` yes).
    let fonts = text(&tool("pdffonts", &[path]).expect("pdffonts"));
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(n >= 7, "{row}");
        assert_eq!(
            &cols[n - 5..n - 3],
            ["yes", "yes"],
            "not embedded as a subset: {row}"
        );
        assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "{row}");
    }
    let words = text(&tool("pdftotext", &["-layout", path, "-"]).expect("pdftotext"));
    for expected in [
        "p-6",
        "WZ-01-05",
        "1302 排水用地",
        "容积率",
        "建筑密度",
        "界址点",
        "J4",
        "1:2000",
        "图例",
    ] {
        assert!(words.contains(expected), "{expected:?} not in\n{words}");
    }
    let found = numbers(&words);
    for (north, east) in P6_CORNERS {
        let near = |v: f64| found.iter().any(|f| (f - v).abs() <= 0.0015);
        assert!(
            near(north) && near(east),
            "({north}, {east}) not in the table:\n{words}"
        );
    }
    let size = std::fs::metadata(&pdf).expect("pdf").len();
    assert!(size < 400_000, "{size} bytes: are the fonts subset?");
}

/// The corners again, each vertex of the file projected by pyproj here (skipped where
/// python3 with pyproj is missing).
#[test]
fn corner_coordinates_equal_pyproj() {
    if !have_poppler() {
        return;
    }
    let script = "import json,sys\nfrom pyproj import Transformer\nd=json.load(open(sys.argv[1]))\nf=[f for f in d['features'] if f.get('id')=='p-6'][0]\nt=Transformer.from_crs('EPSG:4326','EPSG:4528',always_xy=True)\nfor lon,lat in f['geometry']['coordinates'][0][:-1]:\n  e,n=t.transform(lon,lat); print(n,e)\n";
    let plan = repo("sample_maps/wenzhou_sports_park.geojson");
    let Some(out) = tool("python3", &["-c", script, plan.to_str().expect("path")]) else {
        eprintln!("skipped: no python3");
        return;
    };
    if !out.status.success() {
        eprintln!(
            "skipped: python3 with pyproj is needed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    let expected = numbers(&text(&out));
    assert_eq!(expected.len(), 8, "{}", text(&out));
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = p6_sheet(dir.path());
    let words = text(
        &tool("pdftotext", &["-layout", pdf.to_str().expect("path"), "-"]).expect("pdftotext"),
    );
    let found = numbers(&words);
    for v in expected {
        assert!(
            found.iter().any(|f| (f - v).abs() <= 0.0015),
            "{v} not in\n{words}"
        );
    }
}

/// pdftotext's word boxes: (word, xMin, yMin, xMax) in points.
fn word_boxes(pdf: &Path) -> Vec<(String, f64, f64, f64)> {
    let out = tool("pdftotext", &["-bbox", pdf.to_str().expect("path"), "-"]).expect("pdftotext");
    let html = text(&out);
    let attr = |line: &str, name: &str| -> Option<f64> {
        let start = line.find(&format!("{name}=\""))? + name.len() + 2;
        line[start..].split('"').next()?.parse().ok()
    };
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .filter_map(|l| {
            let word = l.split('>').nth(1)?.split('<').next()?.to_owned();
            Some((word, attr(l, "xMin")?, attr(l, "yMin")?, attr(l, "xMax")?))
        })
        .collect()
}

/// The scale bar's labels 0, 50 and 100 (metres) stand at its ends and middle: 100 m
/// at 1:2000 is 50 mm = 141.73 pt on paper, as poppler measures the words' centres.
/// And the parcel, 300.0 m wide (WGS84 geodesic, pyproj), is 150 mm wide in the PNG.
#[test]
fn scale_bar_and_parcel_measure_true_on_paper() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = p6_sheet(dir.path());
    let boxes = word_boxes(&pdf);
    let centre = |b: &(String, f64, f64, f64)| (b.1 + b.3) / 2.0;
    // The bar's labels: a 0, 50 and 100 on one line (the tables hold other 100s).
    let on_line = |word: &str, y: f64| boxes.iter().find(|b| b.0 == word && (b.2 - y).abs() < 0.5);
    let (zero, fifty, hundred) = boxes
        .iter()
        .filter(|b| b.0 == "100")
        .find_map(|h| Some((on_line("0", h.2)?, on_line("50", h.2)?, h)))
        .expect("the scale bar's 0, 50 and 100 labels");
    let length_pt = centre(hundred) - centre(zero);
    let expected = 100.0 / 2000.0 * 1000.0 / 25.4 * 72.0;
    assert!(
        (length_pt - expected).abs() < 0.3,
        "bar {length_pt} pt, expected {expected}"
    );
    assert!((centre(fifty) - (centre(zero) + expected / 2.0)).abs() < 0.3);

    // The parcel's red boundary across the PNG's middle row of the map (150 dpi).
    let prefix = dir.path().join("p6");
    let run = tool(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-png",
            "-singlefile",
            pdf.to_str().expect("path"),
            prefix.to_str().expect("path"),
        ],
    )
    .expect("pdftoppm");
    assert!(run.status.success());
    let image = image::open(dir.path().join("p6.png"))
        .expect("png")
        .to_rgb8();
    let layout = strata::sheet::PageLayout::new(
        strata::sheet::Paper::A3,
        strata::sheet::Orientation::Landscape,
    );
    let px = |mm: f32| (mm as f64 / 25.4 * 150.0).round() as u32;
    let row = px(layout.map.y + layout.map.h / 2.0 + 20.0);
    let red: Vec<u32> = (px(layout.map.x)..px(layout.map.right()))
        .filter(|&x| {
            let p = image.get_pixel(x, row).0;
            p[0] > 180 && p[1] < 90 && p[2] < 90
        })
        .collect();
    let (first, last) = (
        red.first().expect("boundary"),
        red.last().expect("boundary"),
    );
    let width_mm = f64::from(last - first) / 150.0 * 25.4;
    // The stroke is 0.6 mm wide: its outer edges are 0.6 mm apart more than the parcel.
    assert!(
        (width_mm - 150.6).abs() < 0.6,
        "parcel {width_mm} mm wide on paper"
    );

    // Not blank, and the use colour (1302, shown for p-6) inside the parcel.
    let colours: std::collections::HashSet<[u8; 3]> = image.pixels().map(|p| p.0).collect();
    assert!(colours.len() > 50, "{} colours", colours.len());
    let (plan, _) = crate::common::load(&repo("sample_maps/wenzhou_sports_park.geojson"));
    let parcel = plan
        .parcels
        .iter()
        .find(|p| p.id.as_str() == "p-6")
        .expect("p-6");
    let reference = strata::model::Reference::default();
    let fill = strata::render::style::use_fill(parcel, &reference.classification).main;
    let inside = image.get_pixel(first + px(10.0), row).0;
    let close = inside
        .iter()
        .zip(fill)
        .all(|(a, b)| (i32::from(*a) - i32::from(b)).abs() <= 3);
    assert!(close, "pixel {inside:?} inside p-6, use colour {fill:?}");
}

#[test]
fn bad_input_is_a_clear_error_and_leaves_the_old_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("keep.pdf");
    std::fs::write(&out, b"old").expect("write");
    let plan = repo("sample_maps/wenzhou_sports_park.geojson");
    let plan = plan.to_str().expect("path");
    let target = out.to_str().expect("path");
    let unknown = strata(&[
        "sheet",
        plan,
        "--parcels",
        "p-66",
        "--lang",
        "en",
        "--out",
        target,
    ]);
    assert_eq!(unknown.status.code(), Some(1));
    let err = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        err.contains("no parcel p-66") && err.contains("p-6"),
        "{err}"
    );
    let too_big = strata(&[
        "sheet",
        plan,
        "--parcels",
        "p-6",
        "--paper",
        "A4",
        "--scale",
        "1:500",
        "--lang",
        "en",
        "--out",
        target,
    ]);
    let err = String::from_utf8_lossy(&too_big.stderr);
    assert_eq!(too_big.status.code(), Some(1), "{err}");
    assert!(err.contains("1:500") && err.contains("fits at 1:"), "{err}");
    let range = strata(&[
        "sheet", plan, "--all", "--scale", "1:50", "--lang", "en", "--out", target,
    ]);
    assert!(String::from_utf8_lossy(&range.stderr).contains("outside 1:500 to 1:10000"));
    let not_pdf = strata(&["sheet", plan, "--all", "--out", "x.png", "--lang", "en"]);
    assert!(String::from_utf8_lossy(&not_pdf.stderr).contains(".pdf"));
    assert_eq!(std::fs::read(&out).expect("read"), b"old");
}

/// A parcel with 400 corners: the coordinate table continues on further pages, every
/// corner listed once; a holder name with a character no font has is reported.
#[test]
fn a_long_corner_table_continues_on_further_pages() {
    if !have_poppler() {
        return;
    }
    let ring: Vec<[f64; 2]> = (0..=400)
        .map(|i| {
            let a = std::f64::consts::TAU * f64::from(i % 400) / 400.0;
            [120.7 + 0.001 * a.cos(), 28.0 + 0.0009 * a.sin()]
        })
        .collect();
    let plan = serde_json::json!({
        "type": "FeatureCollection",
        "features": [{ "type": "Feature", "id": "round",
            "geometry": { "type": "Polygon", "coordinates": [ring] },
            "properties": { "kind": "parcel", "strata": [{ "id": "s1", "z": [0, 9], "floors": 3,
                "uses": [{ "code": "0701", "share": 1.0 }],
                "holders": [{ "name": "Holder \u{E000}", "share": 1.0 }] }] } }]
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let plan_path = dir.path().join("round.geojson");
    std::fs::write(&plan_path, plan.to_string()).expect("write");
    let pdf = dir.path().join("round.pdf");
    // Without system fonts, so that no fallback font can have the character.
    let run = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args([
            "sheet",
            plan_path.to_str().expect("path"),
            "--all",
            "--paper",
            "A4",
            "--orientation",
            "portrait",
            "--lang",
            "en",
            "--out",
            pdf.to_str().expect("path"),
        ])
        .env("STRATA_NO_SYSTEM_FONTS", "1")
        .output()
        .expect("run strata");
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("drawn as \"?\"") && err.contains('\u{E000}'),
        "{err}"
    );
    let info = text(&tool("pdfinfo", &[pdf.to_str().expect("path")]).expect("pdfinfo"));
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pages");
    assert!(pages >= 2, "{info}");
    let words = text(&tool("pdftotext", &[pdf.to_str().expect("path"), "-"]).expect("pdftotext"));
    for n in [1, 200, 400] {
        let number = format!("J{n}");
        assert!(words.split_whitespace().any(|w| w == number), "{number}");
    }
    assert!(!words.split_whitespace().any(|w| w == "J401"));
}
