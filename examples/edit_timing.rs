//! How long one edit takes in the editor on the realistic city (issue 17: "an edit of one
//! parcel, including its re-check, ≤ 50 ms"): a parcel in the middle is selected, then
//! moved 5 m (its geometry), given a stratum more, and a facility near it is moved; each
//! edit is timed from the command to the end of its frame (the analyses follow the edit
//! in that frame: coverage, the re-check of the changed parcels and their neighbours, the
//! map). Then undone. The editor runs headless in egui_kittest: no GPU drawing.
//!
//! `cargo run --release --example edit_timing [n_parcels] [seed]`
//!
//! To profile only the edits: `mkfifo /tmp/ctl; STRATA_PERF_FIFO=/tmp/ctl perf record
//! --control fifo:/tmp/ctl -D -1 … edit_timing` (the example enables perf before the
//! first edit and disables it after the last undo).
#[path = "support/perf_control.rs"]
mod support;
use std::time::{Duration, Instant};
use support::perf_control;

use egui_kittest::Harness;
use geo::Translate;
use strata::edit::EditCmd;
use strata::model::Reference;
use strata::ui::{Selection, StrataApp, UiCommand};

type H = Harness<'static, StrataApp>;

/// The time from applying `cmd` to the end of the next frame, and of the frame after.
fn timed_edit(h: &mut H, cmd: EditCmd) -> (Duration, Duration) {
    let t = Instant::now();
    h.state_mut().apply(cmd);
    let applied = t.elapsed();
    h.step();
    let edit = t.elapsed();
    println!("  applied and followed in {applied:?}, then drawn");
    let t = Instant::now();
    h.step();
    (edit, t.elapsed())
}

fn timed_undo(h: &mut H) -> Duration {
    let t = Instant::now();
    h.state_mut().run_command(UiCommand::Undo);
    h.step();
    t.elapsed()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(99_500);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let t = Instant::now();
    let plan = strata::synth::realistic_city(&strata::synth::RealisticSpec::new(n, seed));
    println!(
        "city: {} parcels, made in {:?}",
        plan.parcels.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let mut app = StrataApp::new(plan, None, Reference::default());
    app.autosave.dir = None;
    println!("editor state (analyses, problems, map): {:?}", t.elapsed());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 950.0))
        .build_ui_state(|ui, app: &mut StrataApp| app.ui_contents(ui), app);
    h.step();
    let plan = &h.state().doc.plan;
    let parcel = plan.parcels[plan.parcels.len() / 2].clone();
    let at = geo::Centroid::centroid(&parcel.shape).expect("centroid");
    let facility = plan
        .facilities
        .iter()
        .min_by(|a, b| {
            let d = |f: &strata::model::Facility| {
                (f.position.x() - at.x()).hypot(f.position.y() - at.y())
            };
            d(a).total_cmp(&d(b))
        })
        .expect("a facility")
        .clone();
    h.state_mut().selected.primary = Some(Selection::Parcel(parcel.id.clone()));
    h.state_mut().view.camera.fit(
        [at.x() - 400.0, at.y() - 400.0],
        [at.x() + 400.0, at.y() + 400.0],
    );
    h.state_mut().view.fitted = true;
    for _ in 0..3 {
        h.step();
    }
    // The editor is ready when its background work is done (the whole check, the
    // overview picture), as the frame benchmark waits for: edits made while a thread
    // still rasterises the city share the two cores with it.
    let t = Instant::now();
    while h.state().analyses.is_busy() {
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    println!(
        "background work done {:?} after the first frames",
        t.elapsed()
    );
    let still: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            h.step();
            t.elapsed()
        })
        .collect();
    println!("frames with nothing changing: {still:?}");

    let moved = parcel.shape.translate(5.0, 0.0);
    let edits = [
        (
            "move the parcel 5 m",
            EditCmd::SetGeometry {
                id: parcel.id.clone(),
                old: parcel.shape.clone(),
                new: moved,
            },
        ),
        ("add a stratum", {
            let mut new = parcel.strata.clone();
            let mut extra = new.last().expect("a stratum").clone();
            extra.id = strata::model::StratumId::new("timing-extra");
            extra.z.bottom = extra.z.top;
            extra.z.top += 3.0;
            new.push(extra);
            EditCmd::SetStrata {
                id: parcel.id.clone(),
                old: parcel.strata.clone(),
                new,
            }
        }),
        (
            "move the nearest facility 30 m",
            strata::edit::move_facility(
                &h.state().doc.plan,
                &facility.id,
                geo::Point::new(facility.position.x() + 30.0, facility.position.y()),
            )
            .expect("movable"),
        ),
    ];
    perf_control("enable");
    for (what, cmd) in edits {
        let (edit, next) = timed_edit(&mut h, cmd);
        println!("{what}: the edit's frame {edit:?}, the next {next:?}");
    }
    for _ in 0..3 {
        println!("undo: {:?}", timed_undo(&mut h));
    }
    perf_control("disable");
    let app = h.state();
    // The re-check alone, against the whole validation it replaces.
    let mut checked = app.analyses.checked.clone();
    let changes = strata::model::Changes {
        parcels: vec![parcel.id.clone()],
        ..Default::default()
    };
    let t = Instant::now();
    checked.recheck(&app.doc.plan, &Reference::default(), &changes);
    println!("re-check of the parcel alone: {:?}", t.elapsed());
    let t = Instant::now();
    let whole = strata::analysis::validate_with(&app.doc.plan, &Reference::default());
    println!("validating the whole plan: {:?}", t.elapsed());
    let same = whole.len() == app.analyses.checked.problems.len();
    println!(
        "problems followed edit by edit: {} (whole check: {}, same count: {same})",
        app.analyses.checked.problems.len(),
        whole.len()
    );
}
