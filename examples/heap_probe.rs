//! Live heap of a plan as read, by part (a counting allocator over the system one);
//! with `--editor`, of the editor opened on it, by part; with `--analyze`, of the parts
//! of `strata analyze --format json`.
//! Usage: heap_probe PLAN [--editor|--analyze]
// A global allocator is unsafe to implement; this one only counts.
#![allow(unsafe_code)]
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size() as isize, Ordering::Relaxed) + l.size() as isize;
        COUNT.fetch_add(1, Ordering::Relaxed);
        PEAK.fetch_max(now as usize, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        COUNT.fetch_sub(1, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn mb() -> String {
    format!(
        "live {:7.1} MB in {:9} blocks (peak {:7.1} MB)",
        LIVE.load(Ordering::Relaxed) as f64 / 1e6,
        COUNT.load(Ordering::Relaxed),
        PEAK.load(Ordering::Relaxed) as f64 / 1e6
    )
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: heap_probe PLAN");
    let loaded = strata::io::load_plan(path.as_ref(), &Default::default()).expect("load");
    let mut plan = loaded.plan;
    println!("plan read:            {}", mb());
    if std::env::args().any(|a| a == "--editor") {
        editor(plan);
        return;
    }
    if std::env::args().any(|a| a == "--analyze") {
        analyze(&plan);
        return;
    }
    println!(
        "sizes: Parcel {} Stratum {} Use {} Holder {} Facility {} Street {}",
        size_of::<strata::model::Parcel>(),
        size_of::<strata::model::Stratum>(),
        size_of::<strata::model::Use>(),
        size_of::<strata::model::Holder>(),
        size_of::<strata::model::Facility>(),
        size_of::<strata::model::Street>()
    );
    let props: usize = plan.parcels.iter().map(|p| p.meta.properties.len()).sum();
    let members: usize = plan.parcels.iter().map(|p| p.meta.members.len()).sum();
    let controls = plan.parcels.iter().filter(|p| p.controls.is_some()).count();
    let strata: usize = plan.parcels.iter().map(|p| p.strata.len()).sum();
    let strata_cap: usize = plan.parcels.iter().map(|p| p.strata.capacity()).sum();
    let coords: usize = plan
        .parcels
        .iter()
        .map(|p| {
            p.shape
                .0
                .iter()
                .map(|q| q.exterior().0.len())
                .sum::<usize>()
        })
        .sum();
    let coords_cap: usize = plan
        .parcels
        .iter()
        .map(|p| {
            p.shape
                .0
                .iter()
                .map(|q| q.exterior().0.capacity())
                .sum::<usize>()
        })
        .sum();
    println!(
        "parcels {} (cap {}), props {props}, members {members}, controls {controls}, strata {strata} (cap {strata_cap}), exterior corners {coords} (cap {coords_cap})",
        plan.parcels.len(),
        plan.parcels.capacity()
    );
    println!(
        "sizes: Controls {} FeatureMeta {} Operation {} Term {} Map {}",
        size_of::<strata::model::Controls>(),
        size_of::<strata::model::FeatureMeta>(),
        size_of::<strata::model::Operation>(),
        size_of::<strata::model::Term>(),
        size_of::<serde_json::Map<String, serde_json::Value>>()
    );
    for p in &mut plan.parcels {
        for s in &mut p.strata {
            s.footprint = None;
        }
    }
    println!("without footprints:   {}", mb());
    for p in &mut plan.parcels {
        p.strata = Vec::new();
    }
    println!("without strata:       {}", mb());
    for p in &mut plan.parcels {
        p.meta = Default::default();
        p.controls = None;
    }
    println!("without meta/controls:{}", mb());
    for p in &mut plan.parcels {
        p.shape = geo::MultiPolygon::new(vec![]);
    }
    println!("without shapes:       {}", mb());
    plan.parcels = Vec::new();
    println!("without parcels:      {}", mb());
    plan.facilities = Vec::new();
    println!("without facilities:   {}", mb());
    plan.streets = Vec::new();
    println!("without streets:      {}", mb());
}

/// The editor's parts on top of the plan: what `strata open` holds besides the plan
/// (no window: the GPU's share is not counted).
fn editor(plan: strata::model::Plan) {
    PEAK.store(LIVE.load(Ordering::Relaxed) as usize, Ordering::Relaxed);
    let checked = strata::analysis::recheck::Checked::new(&plan, &Default::default());
    println!("whole check alone:    {}", mb());
    drop(checked);
    PEAK.store(LIVE.load(Ordering::Relaxed) as usize, Ordering::Relaxed);
    let mut app = strata::ui::StrataApp::new(plan, None, Default::default());
    println!("editor opened:        {}", mb());
    while app.analyses.is_checking() {
        std::thread::sleep(std::time::Duration::from_millis(100));
        app.analyses.poll_checking(&app.doc.plan);
    }
    println!("whole check done:     {}", mb());
    app.analyses.map = Default::default();
    println!("without map cache:    {}", mb());
    app.analyses.overview = Default::default();
    app.analyses.street_overview = Default::default();
    println!("without overviews:    {}", mb());
    app.analyses.checked = Default::default();
    println!("without problems:     {}", mb());
    app.analyses.review = Default::default();
    println!("without review:       {}", mb());
    drop(app);
    println!("without editor (its coverage and the rest): {}", mb());
}

/// The parts of `strata analyze --format json` on top of the plan, as they are computed.
fn analyze(plan: &strata::model::Plan) {
    use strata::analysis::{Coverage, report};
    let reference = strata::model::Reference::default();
    PEAK.store(LIVE.load(Ordering::Relaxed) as usize, Ordering::Relaxed);
    let problems = strata::analysis::validate::validate_with(plan, &reference);
    println!("problems:             {}", mb());
    let scenario = strata::model::Scenario::Proposed;
    let coverage = Coverage::compute(plan, scenario, &reference.standard, Default::default());
    println!("coverage:             {}", mb());
    let coverage_json = report::coverage_report(&coverage);
    println!("coverage report:      {}", mb());
    let land = report::land_report(plan, scenario);
    println!("land:                 {}", mb());
    let mix = strata::analysis::mix::mix_report(plan, scenario, &reference.standard, &coverage);
    println!("mix:                  {}", mb());
    let zoning = strata::analysis::zoning::zoning_report(plan, scenario, &reference);
    println!("zoning:               {}", mb());
    let provision =
        strata::analysis::provision::provision_report(plan, &coverage, &reference.standard);
    println!("provision:            {}", mb());
    drop((
        problems,
        coverage,
        coverage_json,
        land,
        mix,
        zoning,
        provision,
    ));
    println!("all dropped:          {}", mb());
}
