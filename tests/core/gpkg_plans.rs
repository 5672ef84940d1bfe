//! GeoPackage plans: GeoJSON → GeoPackage → GeoJSON gives the same plan for every sample
//! map and test plan; saving only the changed rows gives the same file content as a full
//! save; bad GeoPackages are clear errors that write nothing.

use std::path::{Path, PathBuf};

use crate::common;
use common::{geojson_files, max_coordinate_gap, repo, without_geometry};
use strata::io::{ReadOptions, load_plan, plan_to_string, save_plan};
use strata::model::{Changes, Plan};

fn read_json(path: &Path) -> Option<Plan> {
    let bytes = std::fs::read(path).expect("read");
    strata::io::read_plan(&bytes, &Default::default())
        .ok()
        .map(|l| l.plan)
}

fn load_gpkg(path: &Path) -> Plan {
    load_plan(path, &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .plan
}

/// `first` saved as a GeoPackage and read back is the same plan: same frame,
/// coordinates within 1 mm, everything else equal, and the same GeoJSON text. Plans
/// with invalid polygons (a bow tie) are compared by their GeoJSON text only: both
/// writers orient rings, which moves the corners of a polygon that has no inside.
fn assert_round_trip(first: &Plan, what: &str, dir: &Path, valid: bool) {
    let gpkg = dir.join("plan.gpkg");
    save_plan(first, &gpkg).unwrap_or_else(|e| panic!("{what}: {e}"));
    let second = load_gpkg(&gpkg);
    assert_eq!(first.frame, second.frame, "{what}: frame moved");
    if valid {
        // Stored in the plan's own frame: the very same numbers come back.
        assert!(first == &second, "{what}: the plan read back differs");
        let gap = max_coordinate_gap(first, &second)
            .unwrap_or_else(|| panic!("{what}: geometry structure changed"));
        assert!(gap < 1e-3, "{what}: coordinates moved {gap} m");
        assert_eq!(without_geometry(first), without_geometry(&second), "{what}");
    }
    let text = plan_to_string(first).expect("write");
    let again = plan_to_string(&second).expect("write again");
    assert!(text == again, "{what}: the GeoJSON written differs");
}

fn round_trip_folder(folder: &str, must_read: bool) -> usize {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut n = 0;
    for file in geojson_files(folder) {
        match read_json(&file) {
            Some(plan) => {
                assert_round_trip(&plan, &file.display().to_string(), dir.path(), must_read);
                n += 1;
            }
            None => assert!(!must_read, "{} does not read", file.display()),
        }
    }
    n
}

#[test]
fn sample_maps_round_trip_through_geopackage() {
    assert!(round_trip_folder("sample_maps", true) >= 4);
}

#[test]
fn valid_test_plans_round_trip_through_geopackage() {
    assert!(round_trip_folder("tests/valid", true) > 5);
}

/// Plans that read with problems (features kept raw, wrong-typed controls) keep all of
/// it through a GeoPackage too.
#[test]
fn plans_with_problems_keep_everything_through_geopackage() {
    assert!(round_trip_folder("tests/bad", false) > 10);
}

#[test]
fn a_synthetic_city_round_trips() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = strata::synth::city(300, 20, 5);
    // The synthetic city is in metres already; a round trip through GeoJSON puts it on
    // the frame a reader chooses, which the GeoPackage reader must choose too.
    let text = plan_to_string(&plan).expect("write");
    let plan = strata::io::read_plan(text.as_bytes(), &Default::default())
        .expect("read")
        .plan;
    assert_round_trip(&plan, "synthetic city", dir.path(), true);
}

fn copy_plan(source: &str, dir: &Path) -> (Plan, PathBuf) {
    let plan = common::load(&repo(source)).0;
    let path = dir.join("plan.gpkg");
    save_plan(&plan, &path).expect("save");
    (plan, path)
}

/// An edit saved as changed rows reads back as the edited plan (ids sorted: a new
/// parcel's row comes last).
#[test]
fn saving_changed_rows_gives_the_edited_plan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut plan, path) = copy_plan("sample_maps/xiongan_15min.geojson", dir.path());
    let before = std::fs::metadata(&path).expect("stat").len();
    // Modify one parcel, remove another, add a third, move a facility, rename the plan.
    plan.parcels[0].name = Some("改名 renamed".into());
    plan.parcels[0].strata[0].floors = Some(42);
    plan.parcels[0].shape.0[0].exterior_mut(|r| r.0[1].x += 3.0);
    let removed = plan.parcels.remove(1);
    let mut added = plan.parcels[2].clone();
    added.id = strata::model::ParcelId::new("p-new");
    plan.parcels.push(added);
    plan.facilities[0].position.0.x += 10.0;
    plan.settings.name = Some("edited".into());
    let changes = Changes {
        parcels: vec![
            plan.parcels[0].id.clone(),
            removed.id.clone(),
            strata::model::ParcelId::new("p-new"),
        ],
        facilities: vec![plan.facilities[0].id.clone()],
        streets: false,
        settings: Vec::new(),
    };
    strata::io::gpkg::save_changes(&plan, &path, &changes).expect("save changes");
    let back = load_gpkg(&path);
    assert!(back.parcel(&removed.id).is_none());
    assert_eq!(back.settings.name.as_deref(), Some("edited"));
    let sorted = |p: &Plan| {
        let mut p = p.clone();
        p.parcels.sort_by(|a, b| a.id.cmp(&b.id));
        plan_to_string(&p).expect("write")
    };
    assert!(sorted(&plan) == sorted(&back), "the saved plan differs");
    // The file was changed in place, not rewritten (same page count, give or take).
    let after = std::fs::metadata(&path).expect("stat").len();
    assert!(after <= before + 8192, "{before} → {after}");
}

fn assert_refused(path: &Path, expected: &[&str]) {
    let before = std::fs::read(path).ok();
    let error = match load_plan(path, &ReadOptions::default()) {
        Ok(_) => panic!("{} was read", path.display()),
        Err(e) => e.to_string(),
    };
    let name = path.file_name().expect("name").to_string_lossy();
    assert!(error.contains(name.as_ref()), "{error}");
    for word in expected {
        assert!(error.contains(word), "{error} lacks {word:?}");
    }
    assert_eq!(std::fs::read(path).ok(), before, "the file was changed");
}

#[test]
fn truncated_and_corrupt_geopackages_are_clear_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, path) = copy_plan("sample_maps/qingdao_tod.geojson", dir.path());
    let bytes = std::fs::read(&path).expect("read");
    for (name, data) in [
        ("half.gpkg", bytes[..bytes.len() / 2].to_vec()),
        ("header_only.gpkg", bytes[..100].to_vec()),
        ("scrambled.gpkg", {
            let mut d = bytes.clone();
            for b in d.iter_mut().skip(4096).step_by(7) {
                *b ^= 0x5A;
            }
            d
        }),
    ] {
        let bad = dir.path().join(name);
        std::fs::write(&bad, &data).expect("write");
        assert_refused(&bad, &["damaged"]);
    }
}

#[test]
fn a_sqlite_file_that_is_not_a_geopackage_is_named_as_such() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notes.sqlite");
    let conn = rusqlite::Connection::open(&path).expect("create");
    conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x');")
        .expect("sql");
    drop(conn);
    assert_refused(&path, &["not a GeoPackage"]);
}

#[test]
fn a_plain_qgis_layer_points_to_strata_import() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, path) = copy_plan("sample_maps/qingdao_tod.geojson", dir.path());
    // What QGIS saves: a GeoPackage with one layer of its own name and no plan tables.
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; DROP TABLE settings; UPDATE gpkg_contents SET table_name = 'buildings'
         WHERE table_name = 'parcels'; DELETE FROM gpkg_contents WHERE table_name <> 'buildings';",
    )
    .expect("sql");
    drop(conn);
    assert_refused(&path, &["strata import", "buildings"]);
}

#[test]
fn a_locked_database_is_a_clear_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (plan, path) = copy_plan("sample_maps/qingdao_tod.geojson", dir.path());
    let holder = rusqlite::Connection::open(&path).expect("open");
    holder.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    assert_refused(&path, &["locked"]);
    let changes = Changes {
        parcels: vec![plan.parcels[0].id.clone()],
        ..Default::default()
    };
    let error = strata::io::gpkg::save_changes(&plan, &path, &changes)
        .expect_err("a locked file is not saved")
        .to_string();
    assert!(
        error.contains("locked") && error.contains("plan.gpkg"),
        "{error}"
    );
    holder.execute_batch("ROLLBACK").expect("unlock");
    load_gpkg(&path);
}

/// The file as other programs see it: Python's sqlite3 reads the GeoPackage tables and
/// the related-tables registration; when pyogrio (GDAL) is installed, GDAL lists the
/// layers and reads every parcel.
#[test]
fn other_programs_read_the_geopackage() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (plan, path) = copy_plan("sample_maps/xiongan_15min.geojson", dir.path());
    let strata_rows: usize = plan.parcels.iter().map(|p| p.strata.len()).sum();
    let script = repo("tests/tools/check_gpkg.py");
    let output = match std::process::Command::new("python3")
        .arg(&script)
        .arg(&path)
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("skipped: python3 not available ({e})");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    eprintln!("{stderr}");
    let expect = format!(
        "parcels={} strata={} facilities={} streets={}",
        plan.parcels.len(),
        strata_rows,
        plan.facilities.len(),
        plan.streets.len()
    );
    assert!(stdout.contains(&expect), "{stdout} lacks {expect}");
    assert!(
        stdout.contains("relation=parcels.fid->strata.fid via parcels_strata"),
        "{stdout}"
    );
    if stdout.contains("gdal=") {
        assert!(
            stdout.contains(&format!("gdal parcels={}", plan.parcels.len())),
            "{stdout}"
        );
    } else {
        eprintln!("GDAL check skipped: pyogrio is not installed");
    }
}

#[test]
fn a_plan_with_a_nan_corner_is_refused_and_the_old_file_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut plan, path) = copy_plan("sample_maps/qingdao_tod.geojson", dir.path());
    let before = std::fs::read(&path).expect("read");
    plan.parcels[0].shape.0[0].exterior_mut(|ring| ring.0[1].x = f64::NAN);
    let error = save_plan(&plan, &path).expect_err("refused").to_string();
    assert!(error.contains(plan.parcels[0].id.as_str()), "{error}");
    let changes = Changes {
        parcels: vec![plan.parcels[0].id.clone()],
        ..Default::default()
    };
    assert!(strata::io::gpkg::save_changes(&plan, &path, &changes).is_err());
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "the file changed"
    );
}

/// The R-tree spatial index (`gpkg_rtree_index`) of every feature table: filled on a full
/// save, kept current by its triggers on a save of changed rows (a moved and a removed
/// parcel), with each entry the bounds of its geometry in the table's SRS; GDAL sees
/// the index and finds the moved parcel through a spatial filter.
#[test]
fn the_spatial_index_follows_saves() {
    use geo::BoundingRect;
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut plan, path) = copy_plan("sample_maps/xiongan_15min.geojson", dir.path());
    plan.parcels[0].shape.0[0].exterior_mut(|r| r.0.iter_mut().for_each(|c| c.x += 500.0));
    let removed = plan.parcels.remove(1);
    let changes = Changes {
        parcels: vec![plan.parcels[0].id.clone(), removed.id.clone()],
        facilities: Vec::new(),
        streets: false,
        settings: Vec::new(),
    };
    strata::io::gpkg::save_changes(&plan, &path, &changes).expect("save changes");
    let conn = rusqlite::Connection::open(&path).expect("open");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
    for (table, column) in [
        ("parcels", "geom"),
        ("strata", "footprint"),
        ("facilities", "geom"),
        ("streets", "geom"),
    ] {
        let registered = count(&format!(
            "SELECT COUNT(*) FROM gpkg_extensions WHERE table_name = '{table}'
             AND column_name = '{column}' AND extension_name = 'gpkg_rtree_index'"
        ));
        assert_eq!(registered, 1, "{table}");
        let rows = count(&format!(
            "SELECT COUNT(*) FROM \"{table}\" WHERE \"{column}\" NOT NULL"
        ));
        let entries = count(&format!("SELECT COUNT(*) FROM rtree_{table}_{column}"));
        assert_eq!(entries, rows, "{table}: one entry per geometry");
    }
    // Each parcel's entry is its bounds (the R-tree stores 32-bit floats, rounded outward).
    let mut query = conn
        .prepare(
            "SELECT p.id, r.minx, r.maxx, r.miny, r.maxy FROM parcels p
             JOIN rtree_parcels_geom r ON r.id = p.fid",
        )
        .expect("query");
    let entries: Vec<(String, [f64; 4])> = query
        .query_map([], |r| {
            Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?]))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(entries.len(), plan.parcels.len());
    for (id, [minx, maxx, miny, maxy]) in &entries {
        let parcel = plan
            .parcel(&strata::model::ParcelId::new(id))
            .expect("parcel");
        let b = parcel.shape.bounding_rect().expect("bounds");
        for (stored, exact) in [
            (minx, b.min().x),
            (maxx, b.max().x),
            (miny, b.min().y),
            (maxy, b.max().y),
        ] {
            assert!(
                (stored - exact).abs() < 0.01 + exact.abs() * 1e-6,
                "{id}: {stored} vs {exact}"
            );
        }
    }
    drop(query);
    let ogr = std::process::Command::new("ogrinfo")
        .args([
            "-ro",
            "-q",
            "-sql",
            "SELECT HasSpatialIndex('parcels', 'geom')",
        ])
        .arg(&path)
        .output();
    let Ok(ogr) = ogr else {
        eprintln!("GDAL check skipped: ogrinfo is not installed");
        return;
    };
    let text = String::from_utf8_lossy(&ogr.stdout);
    assert!(text.contains("= 1"), "GDAL sees no spatial index: {text}");
    let c = geo::InteriorPoint::interior_point(&plan.parcels[0].shape).expect("inside");
    let spat = [c.x() - 1.0, c.y() - 1.0, c.x() + 1.0, c.y() + 1.0].map(|v| v.to_string());
    let ogr = std::process::Command::new("ogrinfo")
        .args(["-ro", "-q", "-spat", &spat[0], &spat[1], &spat[2], &spat[3]])
        .arg(&path)
        .arg("parcels")
        .output()
        .expect("ogrinfo");
    let text = String::from_utf8_lossy(&ogr.stdout);
    assert!(
        text.contains(&format!("id (String) = {}", plan.parcels[0].id)),
        "the moved parcel is not found at its new place: {text}"
    );
}

/// Strata rows as QGIS may leave them: one whose mapping row was deleted (it still
/// joins its parcel, by `parcel_id`, in its place by position), one whose parcel does
/// not exist (reported, kept raw), and one whose `uses` is not JSON (reported, kept
/// raw; its parcel reads without it).
#[test]
fn strata_rows_without_mapping_orphaned_or_broken_are_placed_or_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (plan, path) = copy_plan("sample_maps/xiongan_15min.geojson", dir.path());
    let stacked = plan.parcels.iter().filter(|p| p.strata.len() >= 2);
    let (first, second) = {
        let mut two = stacked.take(2);
        (two.next().expect("a stack"), two.next().expect("another"))
    };
    let ids = |p: &strata::model::Parcel| -> Vec<String> {
        p.strata.iter().map(|s| s.id.as_str().to_owned()).collect()
    };
    let conn = rusqlite::Connection::open(&path).expect("open");
    // The spatial index's triggers name these functions (QGIS has its own); the rows
    // edited here keep no footprint in the index.
    for name in ["ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"] {
        let flags = rusqlite::functions::FunctionFlags::SQLITE_UTF8;
        conn.create_scalar_function(name, 1, flags, |_| Ok(1))
            .expect("function");
    }
    let fid_of = |parcel: &str, stratum: &str| -> i64 {
        conn.query_row(
            "SELECT fid FROM strata WHERE parcel_id = ?1 AND id = ?2",
            [parcel, stratum],
            |r| r.get(0),
        )
        .expect("stratum row")
    };
    let unmapped = fid_of(first.id.as_str(), first.strata[0].id.as_str());
    let broken = fid_of(second.id.as_str(), second.strata[1].id.as_str());
    conn.execute_batch(&format!(
        "DELETE FROM parcels_strata WHERE related_id = {unmapped};
         UPDATE strata SET uses = 'not json' WHERE fid = {broken};
         CREATE TEMP TABLE copy AS SELECT * FROM strata WHERE fid = {unmapped};
         UPDATE copy SET fid = NULL, footprint = NULL, parcel_id = 'p-missing', id = 's-orphan';
         INSERT INTO strata SELECT * FROM copy;"
    ))
    .expect("edit as QGIS might");
    drop(conn);
    let loaded = load_plan(&path, &ReadOptions::default()).expect("reads");
    let back = &loaded.plan;
    assert_eq!(ids(back.parcel(&first.id).expect("first")), ids(first));
    let mut without = ids(second);
    let broken_id = without.remove(1);
    assert_eq!(ids(back.parcel(&second.id).expect("second")), without);
    let problem_of = |id: &str| {
        loaded
            .problems
            .iter()
            .find(|p| p.feature.as_deref() == Some(id))
            .unwrap_or_else(|| panic!("no problem for {id}: {:?}", loaded.problems))
    };
    assert!(problem_of("s-orphan").to_string().contains("p-missing"));
    assert!(problem_of(&broken_id).to_string().contains("uses"));
    assert_eq!(loaded.problems.len(), 2, "{:?}", loaded.problems);
    let kept: Vec<_> = back.others.iter().filter_map(|r| r.id.as_deref()).collect();
    assert!(
        kept.contains(&"s-orphan") && kept.contains(&broken_id.as_str()),
        "{kept:?}"
    );
}
