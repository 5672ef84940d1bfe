//! How long the editor takes to follow a facility move on the 100k-parcel city with the
//! heatmap shown (issue 6: "updates within a frame or two"): the editor runs headless in
//! egui_kittest, a kindergarten is dragged across 12 frames and dropped; each frame's
//! time is printed (egui layout and the review's update; no GPU drawing).
//!
//! `cargo run --release --example review_timing [n_parcels] [--realistic] [--network]`:
//! `--realistic` on the realistic city (irregular parcels, curved streets) instead of
//! the grid one; `--network` with walking distances along the streets (issue 17: "a
//! network-metric facility drag updates in ≤ 100 ms per frame on the city").
#[path = "support/perf_control.rs"]
mod support;
use std::time::Instant;
use support::perf_control;

use egui_kittest::Harness;
use strata::model::Reference;
use strata::ui::StrataApp;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.iter().find_map(|s| s.parse().ok()).unwrap_or(100_000);
    let flag = |name: &str| args.iter().any(|a| a == name);
    let plan = if flag("--realistic") {
        strata::synth::realistic_city(&strata::synth::RealisticSpec::new(n, 1))
    } else {
        strata::synth::city(n, n / 5, 1)
    };
    let t = Instant::now();
    let mut app = StrataApp::new(plan, None, Reference::default());
    app.autosave.dir = None;
    println!("editor on {n} parcels: {:?}", t.elapsed());
    if flag("--network") {
        let t = Instant::now();
        let scenario = app.analyses.coverage.scenario;
        app.analyses
            .recompute(&app.doc.plan, scenario, strata::analysis::Metric::Network);
        println!("walking network analysis: {:?}", t.elapsed());
    }
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 950.0))
        .build_ui_state(|ui, app: &mut StrataApp| app.ui_contents(ui), app);
    h.step();
    // Street level around a kindergarten near the middle of the city.
    let i = {
        let plan = &h.state().doc.plan;
        let e = plan.extent(None).expect("extent");
        let mid = e.center();
        (0..plan.facilities.len())
            .filter(|&i| plan.facilities[i].category == "kindergarten")
            .min_by(|&a, &b| {
                let d = |i: usize| {
                    let p = plan.facilities[i].position;
                    (p.x() - mid.x).hypot(p.y() - mid.y)
                };
                d(a).total_cmp(&d(b))
            })
            .expect("a kindergarten")
    };
    let at = h.state().doc.plan.facilities[i].position;
    h.state_mut().view.camera.fit(
        [at.x() - 400.0, at.y() - 400.0],
        [at.x() + 400.0, at.y() + 400.0],
    );
    h.state_mut().view.fitted = true;
    h.step();
    h.state_mut().analyses.review.heat.shown = true;
    let t = Instant::now();
    h.step();
    println!("first heatmap: {:?}", t.elapsed());
    for _ in 0..3 {
        h.step();
    }
    let t = Instant::now();
    h.step();
    println!("a frame with nothing changing: {:?}", t.elapsed());

    let from = h.state().view.camera.screen_from_world([at.x(), at.y()]);
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    let mut times = Vec::new();
    perf_control("enable");
    for k in 1..=12 {
        h.hover_at(from + egui::vec2(8.0 * k as f32, 3.0 * k as f32));
        let t = Instant::now();
        h.step();
        times.push(t.elapsed());
    }
    perf_control("disable");
    println!("while dragging, frame by frame: {times:?}");
    h.drop_at(from + egui::vec2(96.0, 36.0));
    let t = Instant::now();
    h.step();
    println!("the drop (the edit applied): {:?}", t.elapsed());
    let t = Instant::now();
    h.step();
    println!("the frame after: {:?}", t.elapsed());
    println!(
        "edits: {:?}; last change: {:?}",
        h.state().doc.history.done_labels(),
        h.state().analyses.review.last_change
    );
}
