//! The live review (issue 6), driven by labels: the heatmap's legend, covered residents
//! that follow a moved or placed kindergarten by exactly what `strata analyze` reports
//! for the same plan, the gap list, and land figures that follow the scenario.

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use strata::model::{Plan, Reference, Scenario};
use strata::ui::{StrataApp, Tool};

use crate::editor_support;
use editor_support::{click_at, drag, harness, screen_of};

fn open(name: &str) -> Harness<'static, StrataApp> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_maps")
        .join(name);
    let text = std::fs::read(&path).expect("sample map");
    let plan = strata::io::read_plan(&text, &Default::default())
        .expect("sample reads")
        .plan;
    let mut h = harness(StrataApp::new(plan, None, Reference::default()));
    h.run();
    h
}

/// Residents within reach of a category as `strata analyze --format json` reports them
/// for a plan (saved to a file and analysed by the real binary).
fn analyze_covered(plan: &Plan, scenario: Scenario, category: &str) -> f64 {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("plan.geojson");
    strata::io::save_plan(plan, &file).expect("saved");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_strata"))
        .args([
            "analyze",
            file.to_str().expect("utf-8 path"),
            "--format",
            "json",
        ])
        .args(["--scenario", scenario.as_str()])
        .output()
        .expect("strata analyze runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    json["coverage"]["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .find(|c| c["id"] == category)
        .and_then(|c| c["population_covered"].as_f64())
        .expect("category figure")
}

fn thousands(n: f64) -> String {
    strata::ui::review::thousands(n)
}

/// The covered-residents figure the coverage panel shows for a category.
fn panel_figure(h: &Harness<'static, StrataApp>, category: &str) -> String {
    let prefix = format!("{}: ", category.replace('_', " "));
    let node = h
        .get_by_label_contains(&prefix)
        .accesskit_node()
        .label()
        .or_else(|| h.get_by_label_contains(&prefix).value())
        .unwrap_or_default();
    node.trim_start_matches(&prefix)
        .trim_end_matches(" residents covered")
        .to_owned()
}

#[test]
fn toggling_the_heatmap_shows_its_legend_and_a_grid() {
    let mut h = open("xiongan_15min.geojson");
    assert!(h.query_by_label("Heatmap legend").is_none());
    h.get_by_label("Heatmap").click();
    h.run();
    h.run();
    assert!(h.query_by_label("Heatmap legend").is_some());
    let grid = h.state().analyses.review.heat.grid().expect("a heat grid");
    // A score grid: every value is a share in 0..=1, and somewhere everything is in reach.
    assert!(grid.values.iter().all(|v| (0.0..=1.0).contains(v)));
    assert!(grid.values.contains(&1.0));
    h.get_by_label("Heatmap").click();
    h.run();
    assert!(h.query_by_label("Heatmap legend").is_none());
}

#[test]
fn moving_a_kindergarten_changes_the_panel_by_what_analyze_reports() {
    let mut h = open("xiongan_15min.geojson");
    let scenario = h.state().view.scenario;
    // A new kindergarten among the homes lacking one, placed with the tool.
    let centre = gap_centre(&mut h, "kindergarten (5min)");
    h.state_mut().view.tool = Tool::PlaceFacility;
    h.run();
    let pos = screen_of(&h, centre);
    click_at(&mut h, pos);
    h.state_mut().view.tool = Tool::Select;
    h.get_by_label("Heatmap").click();
    h.run();
    let i = h.state().doc.plan.facilities.len() - 1;
    assert_eq!(h.state().doc.plan.facilities[i].category, "kindergarten");
    let before = analyze_covered(&h.state().doc.plan, scenario, "kindergarten");
    assert_eq!(panel_figure(&h, "kindergarten"), thousands(before));

    // Dragged to a corner of the plan, away from the homes it serves.
    let at = h.state().doc.plan.facilities[i].position;
    let from = screen_of(&h, [at.x(), at.y()]);
    let extent = h.state().doc.plan.extent(Some(scenario)).expect("extent");
    let to = screen_of(&h, [extent.min().x + 10.0, extent.min().y + 10.0]);
    let heat_before = h
        .state()
        .analyses
        .review
        .heat
        .grid()
        .expect("grid")
        .values
        .clone();
    // While it is held half-way, the panel already shows what the plan would give.
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    let half = from + (to - from) * 0.5;
    for step in 1..=4 {
        h.hover_at(from + (half - from) * (step as f32 / 4.0));
        h.run();
    }
    // The plan is not touched while the kindergarten is held: the panel shows a what-if,
    // the plan with the kindergarten where the pointer holds it.
    assert_eq!(
        h.state().doc.plan.facilities[i].position,
        at,
        "the plan holds still"
    );
    let held_at = h.state().view.camera.world_from_screen(half);
    let mut what_if = (*h.state().doc.plan).clone();
    what_if.facilities[i].position = geo::Point::new(held_at[0], held_at[1]);
    let held = analyze_covered(&what_if, scenario, "kindergarten");
    assert_ne!(held, before, "the held kindergarten changes the figure");
    assert_eq!(panel_figure(&h, "kindergarten"), thousands(held));
    assert_eq!(
        h.state().doc.history.done_labels().len(),
        1,
        "no edit while held"
    );
    assert!(h.state().doc.history.is_dirty() && h.state().title().starts_with('*'));
    h.drop_at(half);
    h.run();
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo").click();
    h.run();
    assert_eq!(panel_figure(&h, "kindergarten"), thousands(before));
    drag(&mut h, from, to);
    h.run();
    let moved = h.state().doc.plan.facilities[i].position;
    assert!((moved.x() - at.x()).abs() > 100.0, "the kindergarten moved");
    let after = analyze_covered(&h.state().doc.plan, scenario, "kindergarten");
    assert!(
        after < before,
        "the move loses residents: {before} -> {after}"
    );
    assert_eq!(panel_figure(&h, "kindergarten"), thousands(after));
    // The change is stated, with the same difference.
    let stated = format!(
        "−{} residents within 300 m of a kindergarten",
        thousands(before - after)
    );
    assert!(
        h.query_all_by_label_contains(&stated).count() > 0,
        "expected the change '{stated}'"
    );
    // The heatmap followed the move.
    let heat_after = &h.state().analyses.review.heat.grid().expect("grid").values;
    assert_ne!(&heat_before, heat_after);

    // Undo puts the figure back.
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo").click();
    h.run();
    assert_eq!(panel_figure(&h, "kindergarten"), thousands(before));
}

/// Clicks a gap of the coverage panel and returns the middle of the homes it outlines.
fn gap_centre(h: &mut Harness<'static, StrataApp>, gap: &str) -> [f64; 2] {
    h.get_by_label_contains(gap).click();
    h.run();
    assert!(h.state().analyses.review.gap.is_some(), "a gap chosen");
    let app = h.state();
    let lacking = app.analyses.review.gap_parcels().expect("outlined homes");
    assert!(!lacking.is_empty());
    let homes: Vec<[f64; 2]> = lacking
        .iter()
        .filter_map(|&i| strata::analysis::homes::home_point(&app.doc.plan.parcels[i]))
        .map(|p| [p.x(), p.y()])
        .collect();
    let n = homes.len() as f64;
    [
        homes.iter().map(|p| p[0]).sum::<f64>() / n,
        homes.iter().map(|p| p[1]).sum::<f64>() / n,
    ]
}

#[test]
fn a_kindergarten_placed_in_the_worst_kindergarten_gap_raises_coverage_as_analyze_says() {
    let mut h = open("xiongan_15min.geojson");
    let scenario = h.state().view.scenario;
    let before = analyze_covered(&h.state().doc.plan, scenario, "kindergarten");
    // The gap list names the homes lacking a kindergarten; clicking it outlines them;
    // the kindergarten goes to their middle.
    let centre = gap_centre(&mut h, "kindergarten (5min)");
    h.state_mut().view.tool = Tool::PlaceFacility;
    h.run();
    let pos = screen_of(&h, centre);
    click_at(&mut h, pos);
    h.run();
    let after = analyze_covered(&h.state().doc.plan, scenario, "kindergarten");
    assert!(after > before, "{before} -> {after}");
    assert_eq!(panel_figure(&h, "kindergarten"), thousands(after));
}

#[test]
fn switching_scenario_changes_the_land_figures() {
    let mut h = open("wenzhou_sports_park.geojson");
    h.get_by_label("Land").click();
    h.run();
    let plan = (*h.state().doc.plan).clone();
    let saved = |s: Scenario| {
        let report = strata::analysis::report::land_report(&plan, s);
        strata::ui::review::area_text(report.stacking_saved_m2)
    };
    let proposed = format!(
        "Saved by stacking (proposed scenario): {}",
        saved(Scenario::Proposed)
    );
    assert!(h.query_by_label(&proposed).is_some(), "{proposed}");
    h.get_by_label("Existing").click();
    h.run();
    let existing = format!(
        "Saved by stacking (existing scenario): {}",
        saved(Scenario::Existing)
    );
    assert!(h.query_by_label(&existing).is_some(), "{existing}");
    assert!(h.query_by_label(&proposed).is_none());
    assert_ne!(proposed, existing.replace("existing", "proposed"));
}

#[test]
fn undo_while_a_facility_is_held_ends_the_drag_and_keeps_the_plan_and_figures_true() {
    let mut h = open("xiongan_15min.geojson");
    let scenario = h.state().view.scenario;
    let original = (*h.state().doc.plan).clone();
    let centre = gap_centre(&mut h, "kindergarten (5min)");
    h.state_mut().view.tool = Tool::PlaceFacility;
    h.run();
    let pos = screen_of(&h, centre);
    click_at(&mut h, pos);
    h.state_mut().view.tool = Tool::Select;
    h.run();
    let before = analyze_covered(&original, scenario, "kindergarten");
    // Hold the new kindergarten away from its place, then undo its placement mid-drag.
    let from = pos;
    let to = from + egui::vec2(120.0, 90.0);
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for step in 1..=4 {
        h.hover_at(from + (to - from) * (step as f32 / 4.0));
        h.run();
    }
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    h.drop_at(to);
    h.run();
    h.run();
    // The placement is undone, nothing else moved, and the panel tells the truth.
    assert_eq!(*h.state().doc.plan, original);
    assert_eq!(panel_figure(&h, "kindergarten"), thousands(before));
}

#[test]
fn a_recovery_copy_written_while_a_facility_is_held_is_the_plan_not_the_what_if() {
    let mut h = open("xiongan_15min.geojson");
    let store = tempfile::tempdir().expect("temp dir");
    h.state_mut().autosave.dir = Some(store.path().to_path_buf());
    // One edit, so there is something unsaved to write: a kindergarten placed.
    let centre = gap_centre(&mut h, "kindergarten (5min)");
    h.state_mut().view.tool = Tool::PlaceFacility;
    h.run();
    let from = screen_of(&h, centre);
    click_at(&mut h, from);
    h.state_mut().view.tool = Tool::Select;
    h.run();
    let placed = (*h.state().doc.plan).clone();
    let summary_before = h.state().analyses.summary().to_owned();
    // Held well away from where it was placed; the review follows the what-if.
    let to = from + egui::vec2(200.0, 150.0);
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for step in 1..=4 {
        h.hover_at(from + (to - from) * (step as f32 / 4.0));
        h.run();
    }
    assert_ne!(
        h.state().analyses.summary(),
        summary_before,
        "the figures follow the held kindergarten"
    );
    // A recovery copy now holds the plan as edited, with the kindergarten where it was put.
    h.state_mut().autosave_tick(true);
    let copy = h.state().autosave.last_written.clone().expect("a copy");
    let restored = strata::session::recovery::restore(&copy).expect("readable copy");
    let i = placed.facilities.len() - 1;
    let (a, b) = (
        restored.plan.facilities[i].position,
        placed.facilities[i].position,
    );
    assert!((a.x() - b.x()).abs() < 0.01 && (a.y() - b.y()).abs() < 0.01);
    assert_eq!(*h.state().doc.plan, placed, "the plan holds still");
    // Dropped where it was picked up: the figures are as before.
    h.hover_at(from);
    h.run();
    h.drop_at(from);
    h.run();
    h.run();
    assert_eq!(h.state().analyses.summary(), summary_before);
}
