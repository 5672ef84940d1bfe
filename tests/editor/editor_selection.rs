//! The selection is by id: edits that shift the plan's lists (undoing the removal of an
//! earlier parcel) leave the same parcel selected, and the inspector edits that parcel.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::{Coord, MultiPolygon, Rect};
use strata::model::{LocalFrame, Parcel, ParcelId, Plan, Reference, Scenario, Stratum};
use strata::ui::{Selection, StrataApp};

use crate::editor_support;
use editor_support::{click_at, harness, screen_of};

fn square(x: f64, y: f64, side: f64) -> MultiPolygon<f64> {
    let corner = Coord {
        x: x + side,
        y: y + side,
    };
    MultiPolygon::new(vec![Rect::new(Coord { x, y }, corner).to_polygon()])
}

/// Three 100 m squares in a row (x 0–300, y 0–100), p0, p1, p2.
fn row_plan() -> Plan {
    let mut plan = Plan::new(LocalFrame::new(120.0, 30.0));
    for k in 0..3 {
        let mut p = Parcel::new(
            &format!("p{k}"),
            Scenario::Proposed,
            square(k as f64 * 100.0, 0.0, 100.0),
        );
        p.strata.push(Stratum::ground("s1", "0701"));
        plan.parcels.push(p);
    }
    plan
}

fn name_of(h: &Harness<'static, StrataApp>, id: &str) -> Option<String> {
    let plan = &h.state().doc.plan;
    plan.parcel(&ParcelId::new(id)).and_then(|p| p.name.clone())
}

#[test]
fn undoing_the_removal_of_an_earlier_parcel_keeps_the_selected_parcel_and_edits_it() {
    let mut h = harness(StrataApp::new(row_plan(), None, Reference::default()));
    h.run();
    // Delete p0, then select p2 (now the second parcel of the plan).
    let first = screen_of(&h, [50.0, 50.0]);
    click_at(&mut h, first);
    assert_eq!(
        h.state().selected.primary,
        Some(Selection::Parcel(ParcelId::new("p0")))
    );
    h.key_press(egui::Key::Delete);
    h.run();
    assert_eq!(h.state().doc.plan.parcels.len(), 2);
    let last = screen_of(&h, [250.0, 50.0]);
    click_at(&mut h, last);
    let p2 = Selection::Parcel(ParcelId::new("p2"));
    assert_eq!(h.state().selected.primary, Some(p2.clone()));

    // Undo puts p0 back in front of it: p2 stays selected.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(*h.state().doc.plan, row_plan(), "the removal is undone");
    assert_eq!(h.state().selected.primary, Some(p2));

    // The inspector shows p2 and a new name goes to p2, not to the parcel at its old index.
    assert!(h.query_by_label_contains("Parcel p2 ·").is_some());
    let name = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Name");
    name.focus();
    name.type_text("Market hall");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(name_of(&h, "p2").as_deref(), Some("Market hall"));
    assert_eq!(name_of(&h, "p1"), None, "the parcel before it is untouched");
    assert_eq!(name_of(&h, "p0"), None);
    assert_eq!(
        h.state()
            .doc
            .history
            .undo_label()
            .as_deref()
            .map(|l| l.contains("p2")),
        Some(true),
        "the rename is one undoable edit of p2"
    );
}
