//! The command line on GeoPackage plans: export to `.gpkg`, then info, check and analyze
//! read it as they read the GeoJSON; a plain QGIS layer is refused by `info` with a
//! pointer to `strata import`, which turns it into a plan (converting its projected SRS).

use std::path::Path;
use std::process::{Command, Output};

use crate::common::repo;

fn strata(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["--lang", "en"])
        .args(args)
        .output()
        .expect("run strata")
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

#[test]
fn commands_read_an_exported_geopackage_as_they_read_the_geojson() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = repo("sample_maps/xiongan_15min.geojson");
    let gpkg = dir.path().join("xiongan.gpkg");
    let source = source.to_str().expect("utf-8 path");
    let gpkg_arg = gpkg.to_str().expect("utf-8 path");
    let export = strata(&["export", source, "--out", gpkg_arg]);
    assert!(export.status.success(), "{}", text(&export.stderr));
    let head = std::fs::read(&gpkg).expect("written");
    assert!(head.starts_with(b"SQLite format 3\0"));
    for args in [
        vec!["analyze", "--format", "json"],
        vec!["check"],
        vec!["info"],
    ] {
        let run = |plan: &str| {
            let mut all = args.clone();
            all.insert(1, plan);
            strata(&all)
        };
        let (a, b) = (run(source), run(gpkg_arg));
        assert_eq!(
            a.status.code(),
            b.status.code(),
            "{args:?}: {}",
            text(&b.stderr)
        );
        // The outputs differ only where they name the file.
        let same = |s: &str| s.replace(gpkg_arg, "PLAN").replace(source, "PLAN");
        assert_eq!(
            same(&text(&a.stdout)),
            same(&text(&b.stdout)),
            "{args:?} differs"
        );
    }
    // And back to GeoJSON: the same plan.
    let back = dir.path().join("back.geojson");
    let export = strata(&["export", gpkg_arg, "--out", back.to_str().expect("utf-8")]);
    assert!(export.status.success(), "{}", text(&export.stderr));
    let plan_text = |p: &Path| {
        let plan = strata::io::load_plan(p, &Default::default())
            .expect("loads")
            .plan;
        strata::io::plan_to_string(&plan).expect("writes")
    };
    assert!(plan_text(Path::new(source)) == plan_text(&back));
}

/// A layer as QGIS saves it: the GeoPackage core tables and one polygon table in
/// EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E).
fn qgis_layer(path: &Path) {
    let conn = rusqlite::Connection::open(path).expect("create");
    conn.execute_batch(
        "PRAGMA application_id = 1196444487; PRAGMA user_version = 10200;
         CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
           organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
           definition TEXT NOT NULL, description TEXT);
         INSERT INTO gpkg_spatial_ref_sys VALUES ('CGCS2000 / 3-degree Gauss-Kruger CM 114E',
           4547, 'EPSG', 4547, 'undefined', NULL);
         CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
           identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME,
           min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
         INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id)
           VALUES ('landuse_2024', 'features', 'landuse_2024', 4547);
         CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
           geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL,
           m TINYINT NOT NULL);
         INSERT INTO gpkg_geometry_columns VALUES ('landuse_2024', 'geom', 'MULTIPOLYGON', 4547, 0, 0);
         CREATE TABLE landuse_2024 (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom MULTIPOLYGON,
           landuse TEXT, name TEXT, area_m2 REAL);",
    )
    .expect("schema");
    // (668856.951, 4323644.325) in EPSG:4547 is 115.95° E, 39.03° N (pyproj 3).
    let (x0, y0) = (668_856.951, 4_323_644.325);
    for (k, landuse) in ["0701", "0901", "0701"].iter().enumerate() {
        let x = x0 + 120.0 * k as f64;
        let ring = vec![
            [x, y0],
            [x + 100.0, y0],
            [x + 100.0, y0 + 80.0],
            [x, y0 + 80.0],
            [x, y0],
        ];
        let mut blob = Vec::new();
        strata::io::gpkg::encode_blob(
            &strata::io::gpkg::Geometry::MultiPolygon(vec![vec![ring]]),
            4547,
            &mut blob,
        );
        conn.execute(
            "INSERT INTO landuse_2024 (geom, landuse, name, area_m2) VALUES (?1, ?2, ?3, 8000.0)",
            rusqlite::params![blob, landuse, format!("地块 {k}")],
        )
        .expect("row");
    }
}

#[test]
fn a_plain_qgis_layer_is_refused_as_a_plan_and_imported_by_strata_import() {
    let dir = tempfile::tempdir().expect("temp dir");
    let layer = dir.path().join("landuse.gpkg");
    qgis_layer(&layer);
    let layer_arg = layer.to_str().expect("utf-8");
    let before = std::fs::read(&layer).expect("read");
    let info = strata(&["info", layer_arg]);
    assert_eq!(info.status.code(), Some(2), "{}", text(&info.stdout));
    let message = text(&info.stderr);
    assert!(
        message.contains("landuse.gpkg") && message.contains("strata import"),
        "{message}"
    );
    assert!(message.contains("landuse_2024"), "{message}");
    assert_eq!(
        std::fs::read(&layer).expect("read"),
        before,
        "the layer was changed"
    );

    let out = dir.path().join("plan.geojson");
    let import = strata(&[
        "import",
        layer_arg,
        "--out",
        out.to_str().expect("utf-8"),
        "--use-from",
        "landuse",
    ]);
    assert!(import.status.success(), "{}", text(&import.stderr));
    let plan = strata::io::load_plan(&out, &Default::default())
        .expect("plan")
        .plan;
    assert_eq!(plan.parcels.len(), 3);
    let codes: Vec<&str> = plan.parcels.iter().filter_map(|p| p.main_use()).collect();
    assert_eq!(codes, ["0701", "0901", "0701"]);
    assert_eq!(plan.parcels[1].name.as_deref(), Some("地块 1"));
    // The first corner lands where pyproj puts it, within 0.1 m; the area is kept.
    let to = plan.frame.projector().expect("projector");
    let first = plan.parcels[0].shape.0[0].exterior().0[0];
    let [lon, lat] = to.to_lonlat(first.x, first.y).expect("lonlat");
    assert!(
        (lon - 115.95).abs() < 1e-6 && (lat - 39.03).abs() < 1e-6,
        "{lon} {lat}"
    );
    let area = plan.parcels[0].area().m2();
    assert!((area - 8000.0).abs() < 8.0, "{area}");
}
