//! A DXF drawing as an underlay in the editor (issue 19): read and projected off the UI
//! thread, its corners and edges are snap targets for drawing, and Trace turns the
//! closed ring under a click into a parcel as one edit that undo takes back. A drawing
//! that is missing is listed as such.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use strata::model::Reference;
use strata::ui::StrataApp;

use crate::editor_support::{click_at, harness, screen_of};

const LON0: f64 = 114.06;
const LAT0: f64 = 22.55;

/// Gauss–Krüger metres (EPSG:4547) of the plan's origin.
fn origin_gk() -> [f64; 2] {
    let gk = strata::io::SourceCrs::from_epsg(4547).expect("4547");
    gk.from_lonlat(LON0, LAT0).expect("project")
}

/// An R12-style ASCII DXF of closed polylines (rings) and lines, in EPSG:4547 metres.
pub fn write_dxf(path: &Path, rings: &[Vec<[f64; 2]>], lines: &[[[f64; 2]; 2]]) {
    let mut text = String::from("0\nSECTION\n2\nENTITIES\n");
    for ring in rings {
        text += &format!("0\nLWPOLYLINE\n8\nBUILDINGS\n90\n{}\n70\n1\n", ring.len());
        for p in ring {
            text += &format!("10\n{}\n20\n{}\n", p[0], p[1]);
        }
    }
    for [a, b] in lines {
        text += &format!(
            "0\nLINE\n8\nROADS\n10\n{}\n20\n{}\n30\n0\n11\n{}\n21\n{}\n31\n0\n",
            a[0], a[1], b[0], b[1]
        );
    }
    text += "0\nENDSEC\n0\nEOF\n";
    std::fs::write(path, text).expect("dxf");
}

/// A one-parcel plan at (LON0, LAT0) listing `basemaps`.
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

fn open(plan_path: &Path) -> Harness<'static, StrataApp> {
    let plan = strata::io::load_plan(plan_path, &Default::default())
        .expect("load")
        .plan;
    let mut app = StrataApp::new(plan, Some(plan_path.to_path_buf()), Reference::default());
    app.autosave.dir = None;
    let mut h = harness(app);
    h.run();
    h
}

/// Runs frames until the drawing is read (it is read on a worker thread).
fn wait_for_drawing(h: &mut Harness<'static, StrataApp>) {
    for _ in 0..300 {
        if !h
            .state()
            .underlays
            .cad_layers(&h.state().doc.plan)
            .is_empty()
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    panic!("the drawing was not read: {}", h.state().status);
}

/// Runs frames until the first underlay is marked as not shown (opened on a worker).
fn wait_for_problem(h: &mut Harness<'static, StrataApp>) {
    for _ in 0..300 {
        let list = strata::model::Basemaps::of_plan(&h.state().doc.plan);
        let entry = list.entries[0].basemap().expect("valid").clone();
        if h.state().underlays.problem(&entry).is_some() {
            h.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    panic!("the underlay was not marked");
}

/// Plan metres of a Gauss–Krüger point, the way any GIS would project it: GK → WGS84 →
/// the plan's frame.
fn to_plan(h: &Harness<'static, StrataApp>, p: [f64; 2]) -> [f64; 2] {
    let gk = strata::io::SourceCrs::from_epsg(4547).expect("4547");
    let [lon, lat] = gk.to_lonlat(p[0], p[1]).expect("lonlat");
    let frame = h.state().doc.plan.frame.projector().expect("frame");
    frame.to_local(lon, lat).expect("local")
}

/// A building 60 m east of the parcel (40 × 30 m) with a courtyard ring inside, and a
/// road edge south of it.
/// A ring of Gauss–Krüger points.
type Ring = Vec<[f64; 2]>;

fn site(dir: &Path) -> (Ring, Ring, [[f64; 2]; 2]) {
    let [e, n] = origin_gk();
    let (x, y) = (e + 60.0, n + 5.0);
    let building = vec![[x, y], [x + 40.0, y], [x + 40.0, y + 30.0], [x, y + 30.0]];
    let court = vec![
        [x + 10.0, y + 10.0],
        [x + 20.0, y + 10.0],
        [x + 20.0, y + 20.0],
        [x + 10.0, y + 20.0],
    ];
    let road = [[x - 20.0, y - 15.0], [x + 60.0, y - 15.0]];
    write_dxf(
        &dir.join("site.dxf"),
        &[building.clone(), court.clone()],
        &[road],
    );
    (building, court, road)
}

#[test]
fn trace_a_cad_ring_into_a_parcel_and_undo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (building, court, _) = site(dir.path());
    let plan_path = write_plan(
        dir.path(),
        serde_json::json!([{ "source": "site.dxf", "crs": "EPSG:4547" }]),
    );
    let mut h = open(&plan_path);
    wait_for_drawing(&mut h);
    let ring: Vec<[f64; 2]> = building.iter().map(|p| to_plan(&h, *p)).collect();
    let court_centre = to_plan(&h, [court[0][0] + 5.0, court[0][1] + 5.0]);
    let in_building = to_plan(&h, [building[0][0] + 30.0, building[0][1] + 25.0]);
    h.state_mut().view.camera.center_in_world = in_building;
    h.state_mut().view.camera.pixels_per_meter = 6.0;
    h.run();
    let n = h.state().doc.plan.parcels.len();
    // The toolbar has the tool; its shortcut is T.
    h.get_by_label("Trace");
    h.key_press(egui::Key::T);
    h.run();
    assert_eq!(h.state().view.tool, strata::ui::Tool::Trace);
    // Inside the building but outside the courtyard: the building's ring.
    let at = screen_of(&h, in_building);
    click_at(&mut h, at);
    assert_eq!(
        h.state().doc.plan.parcels.len(),
        n + 1,
        "{}",
        h.state().status
    );
    let traced: Vec<[f64; 2]> = h.state().doc.plan.parcels[n].shape.0[0]
        .exterior()
        .0
        .iter()
        .map(|c| [c.x, c.y])
        .collect();
    assert_eq!(traced.len(), 5, "four corners and the closing one");
    for (got, want) in traced.iter().zip(&ring) {
        assert!(
            (got[0] - want[0]).abs() < 1e-6 && (got[1] - want[1]).abs() < 1e-6,
            "{got:?} is not the ring's {want:?}"
        );
    }
    h.state_mut().run_command(strata::ui::UiCommand::Undo);
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), n, "undo removes it");
    // Inside the courtyard: the smallest ring there.
    let at = screen_of(&h, court_centre);
    click_at(&mut h, at);
    assert_eq!(h.state().doc.plan.parcels.len(), n + 1);
    let area = |h: &Harness<'static, StrataApp>, i: usize| {
        use geo::Area;
        h.state().doc.plan.parcels[i].shape.unsigned_area()
    };
    assert!(
        (area(&h, n) - 100.0).abs() < 0.5,
        "the courtyard, 10 × 10 m"
    );
    // With "avoid overlaps" on, the building traced around it leaves the courtyard out,
    // as a drawn parcel would.
    h.state_mut().view.avoid_overlaps = true;
    let at = screen_of(&h, in_building);
    click_at(&mut h, at);
    assert_eq!(
        h.state().doc.plan.parcels.len(),
        n + 2,
        "{}",
        h.state().status
    );
    assert!(
        (area(&h, n + 1) - 1100.0).abs() < 1.0,
        "40 × 30 m less the courtyard: {}",
        area(&h, n + 1)
    );
    h.state_mut().run_command(strata::ui::UiCommand::Undo);
    h.run();
    h.state_mut().run_command(strata::ui::UiCommand::Undo);
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), n);
}

#[test]
fn drawing_snaps_to_a_cad_corner_and_edge() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, _, road) = site(dir.path());
    let plan_path = write_plan(
        dir.path(),
        serde_json::json!([{ "source": "site.dxf", "crs": "EPSG:4547" }]),
    );
    let mut h = open(&plan_path);
    wait_for_drawing(&mut h);
    let (a, b) = (to_plan(&h, road[0]), to_plan(&h, road[1]));
    // The canvas is about 550 px wide between the panels: the road's west end and the
    // points drawn lie within 20 m of the centre.
    h.state_mut().view.camera.center_in_world = [a[0] + 15.0, a[1] + 10.0];
    h.state_mut().view.camera.pixels_per_meter = 8.0;
    h.run();
    let n = h.state().doc.plan.parcels.len();
    // By its shortcut: a click on the toolbar and one on the canvas at once would be a
    // double click, which finishes the drawing.
    h.key_press(egui::Key::P);
    h.run();
    let on_road = [a[0] + 30.0, (a[1] + b[1]) / 2.0 + 0.25];
    for p in [
        // 4 px right and 3 px up of the road's west end: snaps onto it.
        screen_of(&h, a) + egui::vec2(4.0, -3.0),
        // 2 m (16 px) above the middle of the road... then 3 px above the road: an edge.
        screen_of(&h, on_road) + egui::vec2(0.0, -3.0),
        screen_of(&h, [a[0] + 15.0, a[1] + 20.0]),
    ] {
        click_at(&mut h, p);
    }
    let drawn = format!("{:?}", h.state().pointer.interaction);
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        h.state().doc.plan.parcels.len(),
        n + 1,
        "{drawn} {}",
        h.state().status
    );
    let corners: Vec<[f64; 2]> = h.state().doc.plan.parcels[n].shape.0[0]
        .exterior()
        .0
        .iter()
        .map(|c| [c.x, c.y])
        .collect();
    assert_eq!(corners[0], a, "the first corner is the road's end");
    // The second lies on the road's line (a–b), not where the click was.
    let p = corners[1];
    let cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    let distance = cross.abs() / (b[0] - a[0]).hypot(b[1] - a[1]);
    assert!(distance < 1e-6, "{distance} m off the road's edge");
}

#[test]
fn a_missing_drawing_is_listed_as_missing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan_path = write_plan(
        dir.path(),
        serde_json::json!([{ "source": "gone.dxf", "crs": "EPSG:4547" }]),
    );
    let mut h = open(&plan_path);
    wait_for_problem(&mut h);
    h.get_by_label("cannot be shown");
    assert_eq!(h.state().doc.plan.parcels.len(), 1, "the plan is intact");
}

#[test]
fn a_drawing_without_crs_is_shown_once_its_crs_is_typed() {
    let dir = tempfile::tempdir().expect("tempdir");
    site(dir.path());
    let plan_path = write_plan(dir.path(), serde_json::json!([{ "source": "site.dxf" }]));
    let mut h = open(&plan_path);
    wait_for_problem(&mut h);
    h.get_by_label("cannot be shown");
    assert!(
        h.state()
            .underlays
            .cad_layers(&h.state().doc.plan)
            .is_empty()
    );
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "CRS");
    field.focus();
    field.type_text("EPSG:4547");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let list = strata::model::Basemaps::of_plan(&h.state().doc.plan);
    let entry = list.entries[0].basemap().expect("valid");
    assert_eq!(entry.crs.as_deref(), Some("EPSG:4547"), "one edit sets it");
    wait_for_drawing(&mut h);
    h.state_mut().run_command(strata::ui::UiCommand::Undo);
    h.run();
    let list = strata::model::Basemaps::of_plan(&h.state().doc.plan);
    assert_eq!(
        list.entries[0].basemap().expect("valid").crs,
        None,
        "undone"
    );
}

#[test]
fn the_import_dialog_adds_a_dxf_as_an_underlay_instead() {
    let dir = tempfile::tempdir().expect("tempdir");
    site(dir.path());
    let plan_path = write_plan(dir.path(), serde_json::json!([]));
    let plan = strata::io::load_plan(&plan_path, &Default::default())
        .expect("load")
        .plan;
    let mut app = StrataApp::new(plan, Some(plan_path.clone()), Reference::default());
    app.autosave.dir = None;
    app.dialogs = Box::new(strata::ui::dialogs::ScriptedDialogs {
        import: vec![dir.path().join("site.dxf")],
        ..Default::default()
    });
    let mut h = harness(app);
    h.run();
    h.state_mut().run_command(strata::ui::UiCommand::Import);
    h.run();
    h.state_mut().import.as_mut().expect("the dialog").crs = "EPSG:4547".into();
    h.run();
    h.get_by_label("Add as underlay").click();
    h.run();
    assert!(h.state().import.is_none(), "the dialog closes");
    assert_eq!(h.state().doc.plan.parcels.len(), 1, "nothing imported");
    let list = strata::model::Basemaps::of_plan(&h.state().doc.plan);
    let entry = list.entries[0].basemap().expect("valid");
    assert_eq!(entry.source, "site.dxf", "relative to the plan");
    assert_eq!(entry.crs.as_deref(), Some("EPSG:4547"));
    wait_for_drawing(&mut h);
}
