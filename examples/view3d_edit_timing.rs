//! How long the editor's 3D view takes to follow one parcel edit on the realistic city
//! (issue 20: "prisms follow edits"). The scene is built once; then one parcel in the
//! middle gets a taller top stratum (one undoable edit), and the view brings its scene
//! up to date twice: *following* the edit's changes (only the tiles of that parcel are
//! built again, their colours made again), and *whole*, as every edit did before (the
//! same edit with its changes withheld, so everything is built and coloured anew). No
//! GL runs: these are the CPU times the first frame after the edit waits for.
//!
//! `cargo run --release --example view3d_edit_timing [n_parcels] [rounds]`
use std::time::{Duration, Instant};

use strata::edit::{EditCmd, History};
use strata::model::{Plan, Reference, Scenario};
use strata::ui::view3d::{View3d, View3dContext};

fn context<'a>(plan: &'a Plan, reference: &'a Reference, generation: u64) -> View3dContext<'a> {
    View3dContext {
        plan,
        reference,
        problems: &[],
        generation,
        scenario: Scenario::Proposed,
    }
}

/// One edit of the middle parcel: its first stratum's top a little higher each round.
fn edit(plan: &Plan, round: usize) -> EditCmd {
    let parcel = &plan.parcels[plan.parcels.len() / 2];
    let mut new = parcel.strata.clone();
    if let Some(s) = new.first_mut() {
        s.z.top += 1.0 + round as f64;
    }
    EditCmd::SetStrata {
        id: parcel.id.clone(),
        old: parcel.strata.clone(),
        new,
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let rounds: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let mut plan = strata::synth::realistic_city(&strata::synth::RealisticSpec::new(n, 1));
    let reference = Reference::default();
    let mut history = History::new();
    let mut view = View3d::default();
    let mut generation = 0;
    let t = Instant::now();
    view.update_now(&context(&plan, &reference, generation));
    let triangles = view.prisms().map_or(0, |p| p.triangle_count());
    println!(
        "{n} parcels, {triangles} triangles: first build {:?}",
        t.elapsed()
    );
    let (mut followed, mut whole) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        // Following: the view is told what the edit changed.
        let cmd = edit(&plan, round);
        let changes = history.apply(&mut plan, cmd).expect("edit applies");
        generation += 1;
        view.plan_changed(&changes, generation);
        let t = Instant::now();
        view.update_now(&context(&plan, &reference, generation));
        followed.push(t.elapsed());
        // Whole: the same kind of edit, its changes withheld (as before this change).
        let cmd = edit(&plan, round);
        history.apply(&mut plan, cmd).expect("edit applies");
        generation += 1;
        let t = Instant::now();
        view.update_now(&context(&plan, &reference, generation));
        whole.push(t.elapsed());
    }
    println!(
        "after one parcel edit, median of {rounds}: followed {:?}, whole rebuild {:?}",
        median(followed),
        median(whole)
    );
}
