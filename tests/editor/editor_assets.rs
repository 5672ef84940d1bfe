//! The assets panel driven by its labels (egui_kittest): suggestions for kindergartens on
//! the Xiong'an sample, one click per site, and the covered figure moving by exactly the
//! printed gain; Undo puts it back.

use egui_kittest::kittest::{NodeT, Queryable};
use strata::model::Reference;
use strata::ui::StrataApp;

use crate::editor_support;
use editor_support::harness;

fn app() -> StrataApp {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_maps/xiongan_15min.geojson");
    let plan = strata::io::load_plan(&path, &Default::default())
        .expect("sample")
        .plan;
    StrataApp::new(plan, Some(path), Reference::default())
}

/// The text a label shows.
fn text_of(node: &egui_kittest::Node<'_>) -> String {
    node.accesskit_node()
        .label()
        .or_else(|| node.value())
        .expect("a label with text")
}

/// The "Covered now: N residents" figure of the panel.
fn covered(h: &egui_kittest::Harness<'static, StrataApp>) -> i64 {
    let label = text_of(&h.get_by_label_contains("Covered now:"));
    label
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no figure in {label:?}"))
}

/// The first suggestion row: (parcel, printed gain).
fn first_suggestion(h: &egui_kittest::Harness<'static, StrataApp>) -> (String, i64) {
    let label = text_of(
        &h.get_all_by_label_contains(" residents (")
            .next()
            .expect("a suggestion"),
    );
    let mut words = label.split_whitespace();
    let parcel = words.next().expect("parcel").to_owned();
    let gain = words
        .next()
        .and_then(|g| g.strip_prefix('+'))
        .and_then(|g| g.parse().ok())
        .unwrap_or_else(|| panic!("no gain in {label:?}"));
    (parcel, gain)
}

#[test]
fn apply_a_suggested_site_per_click_and_undo() {
    let mut h = harness(app());
    h.run();
    h.get_by_label("Assets panel").click();
    h.run();
    h.get_by_label("Category").click();
    h.run();
    h.get_by_label("kindergarten").click();
    h.run();
    h.get_by_label("Suggest sites").click();
    h.run();
    let start = covered(&h);
    assert_eq!(start, 42524); // as strata analyze prints it

    let (first, gain) = first_suggestion(&h);
    assert_eq!((first.as_str(), gain), ("p-19", 1620));
    h.get_all_by_label("Apply").next().expect("Apply").click();
    h.run();
    assert_eq!(covered(&h), start + gain);
    assert_eq!(
        h.state().doc.history.undo_label().as_deref(),
        Some("Host kindergarten on p-19")
    );

    // The list is computed again for the plan as it is now: the next site.
    let (second, gain2) = first_suggestion(&h);
    assert_eq!((second.as_str(), gain2), ("p-41", 1176));
    h.get_all_by_label("Apply").next().expect("Apply").click();
    h.run();
    assert_eq!(covered(&h), start + gain + gain2);

    // Undo twice (Edit menu) restores the figure.
    for _ in 0..2 {
        h.get_by_label("Edit").click();
        h.run();
        h.get_by_label_contains("Undo").click();
        h.run();
    }
    assert_eq!(covered(&h), start);
    let plan = &h.state().doc.plan;
    assert!(
        plan.parcels.iter().flat_map(|p| &p.strata).all(|s| !(s
            .facilities
            .iter()
            .any(|f| f == "kindergarten")
            && s.uses.iter().any(|u| u.code.starts_with("07"))))
    );
}

#[test]
fn inventory_rows_select_parcels() {
    let mut h = harness(app());
    h.run();
    h.get_by_label("Assets panel").click();
    h.run();
    let find = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Find");
    find.focus();
    find.type_text("p-19");
    h.run();
    h.get_by_label_contains("p-19  underused").click();
    h.run();
    let app = h.state();
    let selected = match &app.selected.primary {
        Some(strata::ui::Selection::Parcel(id)) => id.to_string(),
        _ => String::new(),
    };
    assert_eq!(selected, "p-19");
}
