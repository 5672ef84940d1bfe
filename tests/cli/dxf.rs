//! DXF through the binary: the drawings of `tests/dxf/` (made with ezdxf by
//! `tests/tools/make_dxf_fixtures.py`, not by Strata) imported, exported back and read
//! with ezdxf (`tests/tools/dxf_check.py`, skipped with a message when Python or ezdxf is
//! missing), and the bad ones refused with the file named and nothing written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use strata::io::SourceCrs;
use strata::model::Plan;

use crate::common;

const X0: f64 = 499_800.0;
const Y0: f64 = 4_428_000.0;

fn strata(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .args(["--lang", "en"])
        .output()
        .expect("run strata")
}

fn fixture(name: &str) -> String {
    common::repo(&format!("tests/dxf/{name}"))
        .display()
        .to_string()
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn rect(x: f64, y: f64, w: f64, h: f64) -> Vec<[f64; 2]> {
    vec![[x, y], [x + w, y], [x + w, y + h], [x, y + h]]
}

/// A parcel as drawn: name, code, ring (EPSG:4548).
type Drawn = (Option<&'static str>, Option<&'static str>, Vec<[f64; 2]>);

/// The parcels of `site_gbk_r2000.dxf` as the generator draws them.
fn site_parcels() -> Vec<Drawn> {
    let l_shape = vec![
        [X0 + 120.125, Y0],
        [X0 + 220.5, Y0],
        [X0 + 220.5, Y0 + 40.25],
        [X0 + 170.75, Y0 + 40.25],
        [X0 + 170.75, Y0 + 90.875],
        [X0 + 120.125, Y0 + 90.875],
    ];
    vec![
        (Some("幸福里小区"), Some("0701"), rect(X0, Y0, 100.0, 80.0)),
        (Some("商业中心"), Some("0901"), l_shape),
        (
            Some("中心公园"),
            Some("1401"),
            rect(X0, Y0 + 100.0, 90.0, 60.0),
        ),
        (None, None, rect(X0 + 120.0, Y0 + 100.0, 50.0, 50.0)),
        (
            Some("社区医院"),
            Some("0801"),
            rect(X0 + 190.0, Y0 + 100.0, 40.0, 30.0),
        ),
    ]
}

fn shoelace(ring: &[[f64; 2]]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| ring[i][0] * ring[(i + 1) % n][1] - ring[(i + 1) % n][0] * ring[i][1])
        .sum::<f64>()
        .abs()
        / 2.0
}

/// Largest distance from a vertex of `a` to the nearest vertex of `b` and back (the
/// rings' vertex sets, whatever the start and orientation); `None` when the counts differ.
fn ring_gap(a: &[[f64; 2]], b: &[[f64; 2]]) -> Option<f64> {
    if a.len() != b.len() {
        return None;
    }
    let one_way = |a: &[[f64; 2]], b: &[[f64; 2]]| {
        a.iter()
            .map(|p| {
                b.iter()
                    .map(|q| (p[0] - q[0]).hypot(p[1] - q[1]))
                    .fold(f64::INFINITY, f64::min)
            })
            .fold(0.0, f64::max)
    };
    Some(one_way(a, b).max(one_way(b, a)))
}

/// A parcel's exterior ring projected back to EPSG:4548, without the closing vertex.
fn ring_in_4548(plan: &Plan, parcel: &strata::model::Parcel) -> Vec<[f64; 2]> {
    let gk = SourceCrs::from_epsg(4548).expect("EPSG:4548");
    let projector = plan.frame.projector().expect("frame");
    let mut ring: Vec<[f64; 2]> = parcel.shape.0[0]
        .exterior()
        .0
        .iter()
        .map(|c| {
            let [lon, lat] = projector.to_lonlat(c.x, c.y).expect("lonlat");
            gk.from_lonlat(lon, lat).expect("grid")
        })
        .collect();
    ring.pop();
    ring
}

fn import_site(dir: &Path) -> PathBuf {
    let out = dir.join("plan.geojson");
    let result = strata(&[
        "import",
        &fixture("site_gbk_r2000.dxf"),
        "--layer",
        "地块",
        "--use-from",
        "text",
        "--crs",
        "EPSG:4548",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    out
}

/// The "done when": the GBK R2000 drawing's parcels come out with the codes and
/// names of the texts inside them, and their rings projected back to EPSG:4548 match
/// the drawing within 1 mm; skipped and refused entities are reported.
#[test]
fn gbk_site_imports_with_codes_names_and_rings_within_a_millimetre() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan.geojson");
    let result = strata(&[
        "import",
        &fixture("site_gbk_r2000.dxf"),
        "--layer",
        "地块",
        "--use-from",
        "text",
        "--crs",
        "EPSG:4548",
        "--out",
        &out.display().to_string(),
    ]);
    let stderr = text(&result);
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("text read as GBK"), "{stderr}");
    assert!(
        stderr.contains("skipped 1 CIRCLE on layer 地块"),
        "{stderr}"
    );
    assert!(
        stderr.contains("LWPOLYLINE 44: exterior ring has a self-intersection"),
        "{stderr}"
    );
    assert!(stderr.contains("HATCH 43: the same ring as 33"), "{stderr}");
    let plan = common::load(&out).0;
    let expected = site_parcels();
    assert_eq!(plan.parcels.len(), expected.len());
    for (name, code, ring) in &expected {
        let parcel = plan
            .parcels
            .iter()
            .find(|p| p.name.as_deref() == *name)
            .unwrap_or_else(|| panic!("no parcel named {name:?}"));
        assert_eq!(parcel.main_use(), *code, "{name:?}");
        let back = ring_in_4548(&plan, parcel);
        let gap = ring_gap(&back, ring).unwrap_or_else(|| panic!("{name:?}: {back:?}"));
        assert!(gap < 0.001, "{name:?}: {gap} m");
        assert!((shoelace(&back) - shoelace(ring)).abs() < 0.5);
        // Ground area (the local frame) and grid area differ by the Gauss–Krüger scale
        // factor, about 1 + 5e-10 this close to the central meridian.
        assert!(
            (parcel.area().m2() - shoelace(ring)).abs() < 0.5,
            "{name:?}"
        );
    }
}

/// `--layers` lists every layer with its entity counts (hatches included, which the dxf
/// crate does not read); `--encoding` overrides the drawing's code page.
#[test]
fn layers_are_listed_and_the_encoding_can_be_overridden() {
    let result = strata(&["import", &fixture("site_gbk_r2000.dxf"), "--layers"]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    let listing = String::from_utf8_lossy(&result.stdout).into_owned();
    assert!(
        listing.contains("地块\t9\tCIRCLE 1, HATCH 2, LWPOLYLINE 4, POLYLINE 1, TEXT 1"),
        "{listing}"
    );
    assert!(listing.contains("设施\t3\tINSERT 2, POINT 1"), "{listing}");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("latin.geojson");
    let result = strata(&[
        "import",
        &fixture("site_gbk_r2000.dxf"),
        "--layer",
        "地块",
        "--crs",
        "EPSG:4548",
        "--encoding",
        "latin1",
        "--out",
        &out.display().to_string(),
    ]);
    // Read as Latin-1 the layer 地块 does not exist: the override took effect.
    assert_eq!(result.status.code(), Some(1));
    assert!(text(&result).contains("no layer 地块"), "{}", text(&result));
}

/// Streets and facilities come from the layers chosen for them; a POINT has no block
/// name, so with `--category-from block` it is refused by handle.
#[test]
fn streets_and_facilities_come_from_their_layers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("all.geojson");
    let result = strata(&[
        "import",
        &fixture("site_gbk_r2000.dxf"),
        "--layer",
        "地块",
        "--layer",
        "道路",
        "--layer",
        "设施",
        "--crs",
        "EPSG:4548",
        "--out",
        &out.display().to_string(),
    ]);
    let stderr = text(&result);
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("POINT 53: a point has no block name"),
        "{stderr}"
    );
    let plan = common::load(&out).0;
    assert_eq!(plan.streets.len(), 1);
    assert_eq!(plan.streets[0].line.0[0].0.len(), 3);
    let mut categories: Vec<&str> = plan
        .facilities
        .iter()
        .map(|f| f.category.as_str())
        .collect();
    categories.sort();
    assert_eq!(categories, ["health_center", "kindergarten"]);
}

/// Bulges and hatch arcs become vertices within the chord tolerance: every chord loses
/// at most tolerance × arc length of area, and a looser tolerance gives fewer vertices;
/// MTEXT formatting codes are stripped; `--unit mm --offset` place the drawing.
#[test]
fn bulges_arcs_and_mtext_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let map = dir.path().join("map.toml");
    std::fs::write(&map, "R2 = \"0701\"\n").expect("map");
    let import = |tolerance: &str| {
        let out = dir.path().join(format!("b{tolerance}.geojson"));
        let result = strata(&[
            "import",
            &fixture("bulges_mtext.dxf"),
            "--layer",
            "PARCEL",
            "--crs",
            "EPSG:4548",
            "--unit",
            "mm",
            "--offset",
            "499000,4428000",
            "--chord-tolerance",
            tolerance,
            "--map",
            &map.display().to_string(),
            "--out",
            &out.display().to_string(),
        ]);
        assert_eq!(result.status.code(), Some(0), "{}", text(&result));
        assert!(text(&result).contains("skipped 1 LINE on layer PARCEL"));
        common::load(&out).0
    };
    let fine = import("0.01");
    let coarse = import("0.5");
    let pi = std::f64::consts::PI;
    for (name, exact, arc_length) in [
        ("锦绣 花园", 6000.0 + pi * 50.0 * 50.0 / 2.0, pi * 50.0),
        ("商务 办公", 1600.0 + pi * 20.0 * 20.0 / 2.0, pi * 20.0),
    ] {
        let find = |plan: &Plan| {
            let parcel = plan
                .parcels
                .iter()
                .find(|p| p.name.as_deref() == Some(name))
                .unwrap_or_else(|| panic!("no parcel {name}"));
            assert_eq!(parcel.main_use(), Some("0701"), "{name}");
            (
                shoelace(&ring_in_4548(plan, parcel)),
                parcel.shape.0[0].exterior().0.len(),
            )
        };
        let (area, vertices) = find(&fine);
        assert!(
            area < exact && exact - area < 0.01 * arc_length,
            "{name}: {area} vs {exact}"
        );
        let (coarse_area, coarse_vertices) = find(&coarse);
        assert!(exact - coarse_area < 0.5 * arc_length && coarse_vertices < vertices);
    }
    // The hatch with a hole (30 m square less a 10 m one) keeps its hole.
    let park = fine
        .parcels
        .iter()
        .find(|p| p.name.as_deref() == Some("口袋公园"));
    let park = park.expect("the hatch with a hole");
    assert_eq!(park.shape.0[0].interiors().len(), 1);
    assert!((park.area().m2() - 800.0).abs() < 0.01);
    // The rectangle's corner (0, 0) mm is at the offset.
    let parcel = fine
        .parcels
        .iter()
        .find(|p| p.name.as_deref() == Some("锦绣 花园"));
    let ring = ring_in_4548(&fine, parcel.expect("parcel"));
    let corner = ring
        .iter()
        .map(|p| (p[0] - 499_000.0).hypot(p[1] - 4_428_000.0));
    assert!(corner.fold(f64::INFINITY, f64::min) < 0.001);
}

/// A binary DXF is read too (its text decoded with its code page); its hatches cannot
/// be, and the report says so.
#[test]
fn a_binary_dxf_is_read_except_its_hatches() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("bin.geojson");
    let result = strata(&[
        "import",
        &fixture("site_gbk_r2000_binary.dxf"),
        "--layer",
        "地块",
        "--crs",
        "EPSG:4548",
        "--out",
        &out.display().to_string(),
    ]);
    let stderr = text(&result);
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("HATCH entities of a binary DXF are not read"),
        "{stderr}"
    );
    let plan = common::load(&out).0;
    let mut names: Vec<&str> = plan
        .parcels
        .iter()
        .filter_map(|p| p.name.as_deref())
        .collect();
    names.sort();
    assert_eq!(names, ["中心公园", "商业中心", "幸福里小区"]);
}

/// Bad input: a clear error naming the file (and what is wrong), exit 1, nothing written.
#[test]
fn bad_drawings_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("never.geojson");
    let out_text = out.display().to_string();
    let site = fixture("site_gbk_r2000.dxf");
    let dwg = dir.path().join("site.dwg");
    std::fs::write(&dwg, b"AC1032\0\0").expect("dwg");
    let cases: Vec<(Vec<String>, &[&str])> = vec![
        (
            vec![
                fixture("bad/dwg_renamed.dxf"),
                "--layer".into(),
                "地块".into(),
            ],
            &["dwg_renamed.dxf", "DWG drawing (AC1032)", "save it as DXF"],
        ),
        (
            vec![
                fixture("bad/truncated.dxf"),
                "--layer".into(),
                "地块".into(),
            ],
            &["truncated.dxf", "unexpectedly ended"],
        ),
        (
            vec![
                fixture("bad/no_closed.dxf"),
                "--layer".into(),
                "地块".into(),
            ],
            &[
                "no_closed.dxf",
                "no closed polyline or hatch on the layers 地块",
                "LINE 1, LWPOLYLINE 1",
            ],
        ),
        (
            vec![site.clone(), "--layer".into(), "不存在".into()],
            &["no layer 不存在", "地块 (9)", "道路 (1)"],
        ),
        (
            vec![
                site.clone(),
                "--layer".into(),
                "地块".into(),
                "--no-crs".into(),
            ],
            &["--crs EPSG:N"],
        ),
        (
            vec![dwg.display().to_string()],
            &["site.dwg is a DWG drawing", "Save it as DXF"],
        ),
        (
            vec![
                site.clone(),
                "--layer".into(),
                "地块".into(),
                "--encoding".into(),
                "klingon".into(),
            ],
            &["klingon is not a text encoding"],
        ),
    ];
    for (args, wanted) in cases {
        let mut all: Vec<String> = vec!["import".into()];
        let no_crs = args.iter().any(|a| a == "--no-crs");
        all.extend(args.into_iter().filter(|a| a != "--no-crs"));
        if !no_crs {
            all.extend(["--crs".into(), "EPSG:4548".into()]);
        }
        all.extend(["--out".into(), out_text.clone()]);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let result = strata(&refs);
        let stderr = text(&result);
        assert_eq!(result.status.code(), Some(1), "{all:?}: {stderr}");
        for w in wanted {
            assert!(stderr.contains(w), "{all:?}: {w:?} not in {stderr}");
        }
        assert!(!out.exists(), "{all:?} wrote a file");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

fn dxf_check(path: &Path) -> Option<Value> {
    let probe = Command::new("python3")
        .args(["-c", "import ezdxf"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!(
            "skipped: python3 with ezdxf is needed for the independent check (pip install ezdxf)"
        );
        return None;
    }
    let out = Command::new("python3")
        .arg(common::repo("tests/tools/dxf_check.py"))
        .arg(path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("JSON"))
}

/// The "done when", the way back: the imported site exported to DXF in
/// EPSG:4548 gives the drawing's rings within 1 mm. Read by Strata's own import (always)
/// and by ezdxf (when present): layers named by code and use in the classification's
/// true colour, one closed polyline, hatch and label per parcel, areas, attributes, and
/// a clean ezdxf audit.
#[test]
fn export_gives_back_the_same_rings_and_an_independent_reader_agrees() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan_path = import_site(dir.path());
    let back = dir.path().join("back.dxf");
    let result = strata(&[
        "export",
        &plan_path.display().to_string(),
        "--out",
        &back.display().to_string(),
        "--crs",
        "EPSG:4548",
    ]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    let layers = [
        "0701 城镇住宅用地",
        "0901 商业用地",
        "1401 公园绿地",
        "0801 机关团体用地",
        "地块",
    ];
    // Strata's own reader: the parcels' layers, codes from the layer names.
    let again = dir.path().join("again.geojson");
    let mut args = vec![
        "import",
        back.to_str().expect("path"),
        "--crs",
        "EPSG:4548",
        "--use-from",
        "layer",
    ];
    for layer in &layers {
        args.extend(["--layer", layer]);
    }
    args.extend(["--out", again.to_str().expect("path")]);
    let result = strata(&args);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    let plan = common::load(&again).0;
    for (name, code, ring) in site_parcels() {
        let parcel = plan.parcels.iter().find(|p| p.name.as_deref() == name);
        let parcel = parcel.unwrap_or_else(|| panic!("{name:?} lost on the way back"));
        assert_eq!(parcel.main_use(), code);
        let gap = ring_gap(&ring_in_4548(&plan, parcel), &ring).expect("same vertex count");
        assert!(gap < 0.001, "{name:?}: {gap} m");
    }
    let Some(check) = dxf_check(&back) else {
        return;
    };
    assert_eq!(check["version"], "AC1032");
    assert_eq!(
        check["audit_errors"],
        serde_json::json!([]),
        "{}",
        check["audit_errors"]
    );
    assert_eq!(
        check["audit_fixes"],
        serde_json::json!([]),
        "{}",
        check["audit_fixes"]
    );
    let reference = strata::model::Reference::load(None, None).expect("reference");
    for layer in &layers {
        let code = layer.split(' ').next().unwrap_or_default();
        if let Some(class) = reference.classification.get(code) {
            let rgb: Vec<u8> = class.color.to_vec();
            assert_eq!(
                check["layers"][layer]["rgb"],
                serde_json::json!(rgb),
                "{layer}"
            );
        }
        for kind in ["LWPOLYLINE", "HATCH", "MTEXT"] {
            assert_eq!(
                check["counts"][format!("{kind}|{layer}")],
                1,
                "{kind} on {layer}"
            );
        }
    }
    let polylines = check["polylines"].as_array().expect("polylines");
    for (name, _, ring) in site_parcels() {
        let found = polylines.iter().find_map(|p| {
            let points: Vec<[f64; 2]> = serde_json::from_value(p["points"].clone()).ok()?;
            let gap = ring_gap(&points, &ring)?;
            (gap < 0.001).then_some(p)
        });
        let found = found.unwrap_or_else(|| panic!("{name:?}: no polyline within 1 mm"));
        assert_eq!(found["closed"], true);
        let area = found["area"].as_f64().expect("area");
        assert!((area - shoelace(&ring)).abs() < 0.5, "{name:?}: {area}");
    }
    let labels = check["mtexts"].as_array().expect("mtexts");
    assert!(labels.iter().any(|m| {
        m["text"]
            .as_str()
            .is_some_and(|t| t.contains("幸福里小区") && t.contains("8000.0 m²"))
    }));
}

/// Facilities go out as block references with CATEGORY and NAME attributes.
#[test]
fn facilities_are_exported_as_blocks_with_attributes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("all.geojson");
    let result = strata(&[
        "import",
        &fixture("site_gbk_r2000.dxf"),
        "--layer",
        "地块",
        "--layer",
        "道路",
        "--layer",
        "设施",
        "--crs",
        "EPSG:4548",
        "--out",
        plan.to_str().expect("path"),
    ]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    let back = dir.path().join("all.dxf");
    // No --crs: the default is the CGCS2000 3° zone of the plan's centre, EPSG:4548 here.
    let result = strata(&[
        "export",
        plan.to_str().expect("path"),
        "--out",
        back.to_str().expect("path"),
    ]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    assert!(text(&result).contains("EPSG:4548"), "{}", text(&result));
    let Some(check) = dxf_check(&back) else {
        return;
    };
    assert_eq!(check["counts"]["INSERT|设施"], 2);
    assert_eq!(check["counts"]["LWPOLYLINE|道路"], 1);
    let inserts = check["inserts"].as_array().expect("inserts");
    assert!(
        inserts
            .iter()
            .any(|i| i["name"] == "kindergarten" && i["attribs"]["CATEGORY"] == "kindergarten")
    );
}

/// A hatch with a hole comes in as a parcel with a hole; exported, the hole is its own
/// closed polyline marked in the extended data as the hole of its parcel, and the hatch
/// has both paths; imported again, the parcel has its hole back (not a second parcel).
#[test]
fn holes_survive_import_and_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = dir.path().join("first.geojson");
    let result = strata(&[
        "import",
        &fixture("bulges_mtext.dxf"),
        "--layer",
        "PARCEL",
        "--crs",
        "EPSG:4548",
        "--unit",
        "mm",
        "--offset",
        "499000,4428000",
        "--out",
        first.to_str().expect("path"),
    ]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    let holed = |plan: &Plan| {
        let parcel = plan
            .parcels
            .iter()
            .find(|p| p.name.as_deref() == Some("口袋公园"));
        let parcel = parcel.expect("the parcel with a hole");
        assert_eq!(parcel.main_use(), Some("1401"));
        assert_eq!(parcel.shape.0[0].interiors().len(), 1);
        assert!(
            (parcel.area().m2() - 800.0).abs() < 0.01,
            "{}",
            parcel.area().m2()
        );
    };
    holed(&common::load(&first).0);
    let back = dir.path().join("back.dxf");
    let result = strata(&[
        "export",
        first.to_str().expect("path"),
        "--out",
        back.to_str().expect("path"),
        "--crs",
        "EPSG:4548",
    ]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    let again = dir.path().join("again.geojson");
    let result = strata(&[
        "import",
        back.to_str().expect("path"),
        "--layer",
        "1401 公园绿地",
        "--use-from",
        "layer",
        "--crs",
        "EPSG:4548",
        "--out",
        again.to_str().expect("path"),
    ]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    let plan = common::load(&again).0;
    assert_eq!(plan.parcels.len(), 1, "the hole is not a parcel of its own");
    holed(&plan);
    if let Some(check) = dxf_check(&back) {
        let hatches = check["hatches"].as_array().expect("hatches");
        assert!(
            hatches
                .iter()
                .any(|h| h["layer"] == "1401 公园绿地" && h["paths"] == serde_json::json!([4, 4]))
        );
        assert_eq!(check["counts"]["LWPOLYLINE|1401 公园绿地"], 2);
    }
}

/// The refusals are worded in the language of the run (here Chinese), the layer names
/// and the file as they are.
#[test]
fn refusals_speak_chinese_with_lang_zh() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("never.geojson");
    let result = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args([
            "--lang",
            "zh",
            "import",
            &fixture("site_gbk_r2000.dxf"),
            "--layer",
            "不存在",
        ])
        .args(["--crs", "EPSG:4548", "--out", out.to_str().expect("path")])
        .output()
        .expect("run strata");
    let stderr = text(&result);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr.contains("图纸中没有图层 不存在；现有图层："),
        "{stderr}"
    );
    assert!(stderr.contains("地块 (9)"), "{stderr}");
    let result = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args([
            "--lang",
            "zh",
            "import",
            &fixture("site_gbk_r2000.dxf"),
            "--layer",
            "地块",
        ])
        .args(["--out", out.to_str().expect("path")])
        .output()
        .expect("run strata");
    assert!(
        text(&result).contains("DXF 没有坐标系"),
        "{}",
        text(&result)
    );
    assert!(!out.exists());
}

/// GDAL's DXF driver (the one QGIS uses) opens the export and finds every entity;
/// skipped with a message when `ogrinfo` is missing.
#[test]
fn gdal_reads_the_export() {
    if Command::new("ogrinfo").arg("--version").output().is_err() {
        eprintln!(
            "skipped: ogrinfo (gdal-bin) is needed to check that QGIS's reader opens the export"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = import_site(dir.path());
    let back = dir.path().join("back.dxf");
    let result = strata(&[
        "export",
        plan.to_str().expect("path"),
        "--out",
        back.to_str().expect("path"),
        "--crs",
        "EPSG:4548",
    ]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result));
    let info = Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .arg(&back)
        .output()
        .expect("ogrinfo runs");
    let stdout = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.status.success(),
        "{}",
        String::from_utf8_lossy(&info.stderr)
    );
    // Five parcels: a polyline, a hatch and a label each.
    assert!(stdout.contains("Feature Count: 15"), "{stdout}");
    let extent: Vec<f64> = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Extent: "))
        .map(|e| {
            e.split(|c: char| !(c.is_ascii_digit() || c == '.'))
                .filter_map(|n| n.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let drawn = [X0, Y0, X0 + 230.0, Y0 + 160.0];
    assert_eq!(extent.len(), 4, "{stdout}");
    for (got, want) in extent.iter().zip(drawn) {
        assert!((got - want).abs() < 0.001, "{extent:?} vs {drawn:?}");
    }
}

/// Every sample map exports to a DXF that ezdxf reads and audits clean, with one closed
/// polyline per ring, one hatch and one label per polygon, and a layer per land use; read
/// back by Strata over all its parcel layers, every polygon is a parcel again with its
/// scenario, name, status and strata, and the total area agrees within 0.5 m² a parcel.
#[test]
fn every_sample_map_exports_and_reads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    for path in common::geojson_files("sample_maps") {
        let (plan, _) = common::load(&path);
        let back = dir.path().join("sample.dxf");
        let result = strata(&[
            "export",
            path.to_str().expect("path"),
            "--out",
            back.to_str().expect("path"),
        ]);
        assert_eq!(
            result.status.code(),
            Some(0),
            "{}: {}",
            path.display(),
            text(&result)
        );
        let polygons: usize = plan.parcels.iter().map(|p| p.shape.0.len()).sum();
        let rings: usize = plan
            .parcels
            .iter()
            .flat_map(|p| &p.shape.0)
            .map(|p| 1 + p.interiors().len())
            .sum();
        let Some(check) = dxf_check(&back) else {
            return;
        };
        assert_eq!(
            check["audit_errors"],
            serde_json::json!([]),
            "{}",
            path.display()
        );
        assert_eq!(
            check["audit_fixes"],
            serde_json::json!([]),
            "{}",
            path.display()
        );
        let closed = check["polylines"]
            .as_array()
            .expect("polylines")
            .iter()
            .filter(|p| p["closed"] == true)
            .count();
        assert_eq!(closed, rings, "{}", path.display());
        assert_eq!(check["hatches"].as_array().map(Vec::len), Some(polygons));
        assert_eq!(check["mtexts"].as_array().map(Vec::len), Some(polygons));
        let layers: Vec<String> = check["layers"]
            .as_object()
            .expect("layers")
            .keys()
            .cloned()
            .collect();
        for parcel in &plan.parcels {
            let layer = strata::io::dxf::export::layer_name(
                parcel,
                &strata::model::Reference::load(None, None).expect("reference"),
            );
            assert!(
                layers.contains(&layer),
                "{layer} missing in {}",
                path.display()
            );
        }
        let again = dir.path().join("again.geojson");
        let mut args = vec![
            "import".to_owned(),
            back.display().to_string(),
            "--crs".into(),
        ];
        args.push(format!(
            "EPSG:{}",
            strata::io::cgcs2000_gk3_epsg(plan.frame.lon0)
        ));
        args.extend([
            "--use-from".into(),
            "layer".into(),
            "--force".into(),
            "--out".into(),
            again.display().to_string(),
        ]);
        for layer in layers
            .iter()
            .filter(|l| !["0", "Defpoints", "道路", "设施"].contains(&l.as_str()))
        {
            args.extend(["--layer".into(), layer.clone()]);
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let result = strata(&refs);
        assert_eq!(
            result.status.code(),
            Some(0),
            "{}: {}",
            path.display(),
            text(&result)
        );
        let read = common::load(&again).0;
        assert_eq!(read.parcels.len(), polygons, "{}", path.display());
        let total = |plan: &Plan| plan.parcels.iter().map(|p| p.area().m2()).sum::<f64>();
        let gap = (total(&read) - total(&plan)).abs();
        assert!(gap < 0.5 * polygons as f64, "{}: {gap} m²", path.display());
        // The extended data bring back each parcel's scenario, name, status and strata.
        let summary = |plan: &Plan| {
            let mut rows: Vec<String> = plan
                .parcels
                .iter()
                .flat_map(|p| p.shape.0.iter().map(move |_| p))
                .map(|p| {
                    let strata: Vec<String> = p
                        .strata
                        .iter()
                        .map(|s| {
                            let uses: Vec<String> = s
                                .uses
                                .iter()
                                .map(|u| format!("{}:{}", u.code, u.share))
                                .collect();
                            format!(
                                "{} {:?} {:?} {}",
                                s.id.as_str(),
                                s.z,
                                s.floors,
                                uses.join("+")
                            )
                        })
                        .collect();
                    format!(
                        "{} {:?} {:?} {}",
                        p.scenario.as_str(),
                        p.name,
                        p.status,
                        strata.join(" | ")
                    )
                })
                .collect();
            rows.sort();
            rows
        };
        assert_eq!(summary(&read), summary(&plan), "{}", path.display());
    }
}
