//! How long the editor takes, frame by frame, while a planner edits zoning controls on the
//! 100k-parcel city (issue 16: "the editor stays within its frame budget while editing
//! controls on the 100k city"). Every parcel gets controls; a parcel in the middle is
//! selected (the inspector's Controls section is shown), the map is coloured by
//! compliance and the review panel shows the Zoning tab. Then its FAR limit is lowered
//! below what it builds (one undoable edit) and undone. The editor runs headless in
//! egui_kittest: each frame's time is egui layout and the analyses, no GPU drawing.
//!
//! `cargo run --release --example zoning_edit_timing [n_parcels]`
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use strata::edit::EditCmd;
use strata::model::{Controls, Reference};
use strata::ui::review::Tab;
use strata::ui::{ColorMode, Selection, StrataApp, UiCommand};

fn city(n: usize) -> strata::model::Plan {
    let mut plan = strata::synth::city(n, n / 5, 1);
    for parcel in &mut plan.parcels {
        let main = parcel.main_use().unwrap_or("0701").to_owned();
        let controls = serde_json::json!({ "code": parcel.id.as_str(), "main_use": main,
            "far": [null, 12.0], "density_max": 1.0, "green_min": 0.0, "height_max": 120 });
        if let serde_json::Value::Object(map) = controls {
            parcel.controls = Some(Controls::from_json(map));
        }
    }
    plan
}

fn time(h: &mut Harness<'static, StrataApp>) -> Duration {
    let t = Instant::now();
    h.step();
    t.elapsed()
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let plan = city(n);
    let mut app = StrataApp::new(plan, None, Reference::default());
    app.autosave.dir = None;
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 950.0))
        .build_ui_state(|ui, app: &mut StrataApp| app.ui_contents(ui), app);
    h.step();
    let (id, at) = {
        let plan = &h.state().doc.plan;
        let p = &plan.parcels[plan.parcels.len() / 2];
        let c = geo::Centroid::centroid(&p.shape).expect("centroid");
        (p.id.clone(), c)
    };
    h.state_mut().selected.primary = Some(Selection::Parcel(id.clone()));
    h.state_mut().view.camera.fit(
        [at.x() - 400.0, at.y() - 400.0],
        [at.x() + 400.0, at.y() + 400.0],
    );
    h.state_mut().view.fitted = true;
    h.state_mut().view.color_mode = ColorMode::Compliance;
    let t = Instant::now();
    {
        let app = h.state_mut();
        let facilities = app.view.show_facilities;
        app.analyses
            .set_look(&app.doc.plan, ColorMode::Compliance, facilities, 0);
    }
    println!(
        "colour by compliance (the zoning of the city): {:?}",
        t.elapsed()
    );
    h.state_mut().analyses.review.tab = Tab::Zoning;
    println!(
        "first frame (compliance colours, Zoning tab): {:?}",
        time(&mut h)
    );
    for _ in 0..3 {
        h.step();
    }
    let still: Vec<Duration> = (0..5).map(|_| time(&mut h)).collect();
    println!("frames with nothing changing: {still:?}");

    let parcel = h.state().doc.plan.parcel(&id).expect("parcel").clone();
    let mut lower = parcel.controls.clone().expect("controls");
    lower.far_max = Some(0.01);
    h.state_mut().apply(EditCmd::SetControls {
        id: id.clone(),
        old: parcel.controls.clone().map(Box::new),
        new: Some(Box::new(lower)),
    });
    let after: Vec<Duration> = (0..4).map(|_| time(&mut h)).collect();
    println!("the edit's frame and the next three: {after:?}");
    h.state_mut().run_command(UiCommand::Undo);
    let undo: Vec<Duration> = (0..4).map(|_| time(&mut h)).collect();
    println!("undo's frame and the next three: {undo:?}");
    println!("edits: {:?}", h.state().doc.history.done_labels());
}
