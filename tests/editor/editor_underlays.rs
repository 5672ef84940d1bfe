//! Underlays in the editor (issue 19): Add underlay… puts a world-file image under the
//! plan as one edit, it is painted off the UI thread and drawn, its opacity changes as
//! one edit, and undo takes both back; a missing file is listed as such.

use std::path::{Path, PathBuf};

use egui_kittest::kittest::Queryable;
use strata::model::{Basemaps, Reference};
use strata::ui::StrataApp;
use strata::ui::dialogs::ScriptedDialogs;

use crate::editor_support::harness;

/// A copy of the Xiong'an sample in `dir` and a 256 × 256 Web Mercator image around its
/// centre with a world file and `.prj`; returns the plan's path and the image's.
fn plan_and_image(dir: &Path) -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let plan_path = dir.join("plan.geojson");
    std::fs::copy(root.join("sample_maps/xiongan_15min.geojson"), &plan_path).expect("copy");
    let plan = strata::io::load_plan(&plan_path, &Default::default())
        .expect("load")
        .plan;
    let merc = strata::io::SourceCrs::from_epsg(3857).expect("3857");
    let [x, y] = merc
        .from_lonlat(plan.frame.lon0, plan.frame.lat0)
        .expect("project");
    let image = image::RgbImage::from_fn(256, 256, |i, j| {
        image::Rgb([(i % 256) as u8, (j % 256) as u8, 90])
    });
    let png = dir.join("ortho.png");
    image.save(&png).expect("png");
    // 20 m pixels: 5 km across, over the whole sample.
    let world = format!("20\n0\n0\n-20\n{}\n{}\n", x - 2550.0, y + 2550.0);
    std::fs::write(dir.join("ortho.pgw"), world).expect("pgw");
    std::fs::write(
        dir.join("ortho.prj"),
        r#"PROJCS["WGS 84 / Pseudo-Mercator",AUTHORITY["EPSG","3857"]]"#,
    )
    .expect("prj");
    (plan_path, png)
}

fn app_with(plan_path: &Path, underlay: PathBuf) -> StrataApp {
    let plan = strata::io::load_plan(plan_path, &Default::default())
        .expect("load")
        .plan;
    let mut app = StrataApp::new(plan, Some(plan_path.to_path_buf()), Reference::default());
    app.autosave.dir = None;
    app.dialogs = Box::new(ScriptedDialogs {
        underlay: vec![underlay],
        ..Default::default()
    });
    app
}

#[test]
fn add_an_underlay_change_its_opacity_and_undo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (plan_path, png) = plan_and_image(dir.path());
    let mut h = harness(app_with(&plan_path, png));
    h.run();
    h.get_by_label("Add underlay…").click();
    h.run();
    let list = Basemaps::of_plan(&h.state().doc.plan);
    assert_eq!(list.entries.len(), 1);
    let entry = list.entries[0].basemap().expect("valid");
    assert_eq!(entry.source, "ortho.png", "saved relative to the plan");
    // Painted on a worker thread, then drawn.
    for _ in 0..200 {
        if h.state().underlays.any_shown(&h.state().doc.plan) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    assert!(
        h.state().underlays.any_shown(&h.state().doc.plan),
        "the underlay is drawn"
    );
    h.get_by_role(egui::accesskit::Role::Slider)
        .set_value_accesskit(0.4);
    h.run();
    let opacity = Basemaps::of_plan(&h.state().doc.plan).entries[0]
        .basemap()
        .expect("valid")
        .opacity;
    assert!((opacity - 0.4).abs() < 1e-9, "{opacity}");
    h.state_mut().run_command(strata::ui::UiCommand::Undo);
    h.run();
    let opacity = Basemaps::of_plan(&h.state().doc.plan).entries[0]
        .basemap()
        .expect("valid")
        .opacity;
    assert_eq!(opacity, 1.0, "undo takes the opacity back");
    h.state_mut().run_command(strata::ui::UiCommand::Undo);
    h.run();
    assert!(
        Basemaps::of_plan(&h.state().doc.plan).entries.is_empty(),
        "and the underlay"
    );
}

#[test]
fn a_missing_underlay_is_listed_as_missing_and_the_plan_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (plan_path, _) = plan_and_image(dir.path());
    let gone = dir.path().join("gone.png");
    let mut h = harness(app_with(&plan_path, gone));
    h.run();
    h.get_by_label("Add underlay…").click();
    // The entry is opened on a worker thread: frames until it says why it is not shown
    // (two frames were not always enough while the whole suite ran).
    for _ in 0..300 {
        h.run();
        if h.query_by_label("cannot be shown").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.get_by_label("cannot be shown");
    assert_eq!(Basemaps::of_plan(&h.state().doc.plan).entries.len(), 1);
}
