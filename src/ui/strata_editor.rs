//! The strata stack editor (the section view is `ui::section_view`). The editor works on a copy of the
//! selected parcel's strata; "Apply" turns the copy into one `SetStrata` edit, so a whole
//! round of changes is one undo step and nothing reaches the plan half-typed.

use crate::i18n::tr;
use crate::tr;
use egui::Ui;

use crate::model::{Holder, ParcelId, Reference, Right, Stratum, StratumId, Use, ZRange};

/// The copy being edited.
pub struct StrataEditor {
    pub parcel: ParcelId,
    pub buffer: Vec<Stratum>,
    /// Search text of the land-use list, and the stratum it belongs to (by id, so it
    /// stays with its stratum when the strata are reordered).
    pub filter: String,
    pub filter_stratum: Option<StratumId>,
}

impl StrataEditor {
    pub fn new(parcel: ParcelId, strata: &[Stratum]) -> Self {
        Self {
            parcel,
            buffer: strata.to_vec(),
            filter: String::new(),
            filter_stratum: None,
        }
    }
}

/// What the buttons under a stratum ask for.
enum Reorder {
    Swap(usize, usize),
    Remove(usize),
}

/// The editor; returns the new strata when the user applies them.
pub fn strata_editor_ui(
    ui: &mut Ui,
    editor: &mut StrataEditor,
    reference: &Reference,
    original: &[Stratum],
) -> Option<Vec<Stratum>> {
    let mut reorder = None;
    let n = editor.buffer.len();
    let search = (&mut editor.filter, &mut editor.filter_stratum);
    for (i, s) in editor.buffer.iter_mut().enumerate() {
        ui.push_id(i, |ui| {
            egui::CollapsingHeader::new(tr!("strata-stratum", id = s.id.to_string()))
                .default_open(n <= 4)
                .show(ui, |ui| {
                    let order =
                        stratum_ui(ui, s, reference, (&mut *search.0, &mut *search.1), (i, n));
                    reorder = reorder.take().or(order);
                });
        });
    }
    match reorder {
        Some(Reorder::Remove(i)) => {
            editor.buffer.remove(i);
        }
        Some(Reorder::Swap(a, b)) => editor.buffer.swap(a, b),
        None => {}
    }
    if ui.button(tr("strata-add")).clicked() {
        let top = editor.buffer.iter().map(|s| s.z.top).fold(0.0, f64::max);
        let id = (1..)
            .map(|k| format!("s{k}"))
            .find(|id| editor.buffer.iter().all(|s| s.id.as_str() != id))
            .unwrap_or_default();
        let mut s = Stratum::ground(&id, "16");
        s.id = StratumId::new(id);
        s.z = ZRange::new(top, top + 3.0);
        editor.buffer.push(s);
    }
    let changed = editor.buffer != original;
    let mut result = None;
    ui.horizontal(|ui| {
        if ui
            .add_enabled(changed, egui::Button::new(tr("strata-apply")))
            .clicked()
        {
            result = Some(editor.buffer.clone());
        }
        if ui
            .add_enabled(changed, egui::Button::new(tr("strata-revert")))
            .clicked()
        {
            editor.buffer = original.to_vec();
        }
    });
    result
}

/// One stratum's fields; `search` is the land-use search text and the stratum it is in,
/// `at` the stratum's place and the number of strata.
fn stratum_ui(
    ui: &mut Ui,
    s: &mut Stratum,
    reference: &Reference,
    search: (&mut String, &mut Option<StratumId>),
    at: (usize, usize),
) -> Option<Reorder> {
    let (i, n) = at;
    ui.horizontal(|ui| {
        let from = ui.label(tr("strata-z-from"));
        ui.add(
            egui::DragValue::new(&mut s.z.bottom)
                .speed(0.5)
                .suffix(" m"),
        )
        .labelled_by(from.id);
        let to = ui.label(tr("strata-z-to"));
        ui.add(egui::DragValue::new(&mut s.z.top).speed(0.5).suffix(" m"))
            .labelled_by(to.id);
    });
    ui.horizontal(|ui| {
        let mut floors = s.floors.unwrap_or(0);
        let label = ui.label(tr("strata-floors"));
        if ui
            .add(egui::DragValue::new(&mut floors).range(0..=200))
            .labelled_by(label.id)
            .changed()
        {
            s.floors = Some(floors);
        }
    });
    uses_ui(ui, s, reference);
    use_search_ui(ui, s, reference, search, i);
    holders_ui(ui, s);
    right_and_term_ui(ui, s);
    super::strata_operation::unit_code_ui(ui, s);
    super::strata_operation::operation_ui(ui, s);
    hosted_ui(ui, s, reference);
    let mut reorder = None;
    ui.horizontal(|ui| {
        if ui.small_button(tr("strata-up")).clicked() && i > 0 {
            reorder = Some(Reorder::Swap(i - 1, i));
        }
        if ui.small_button(tr("strata-down")).clicked() && i + 1 < n {
            reorder = Some(Reorder::Swap(i, i + 1));
        }
        if ui.small_button(tr("strata-remove")).clicked() {
            reorder = Some(Reorder::Remove(i));
        }
    });
    reorder
}

/// The stratum's uses and their shares.
fn uses_ui(ui: &mut Ui, s: &mut Stratum, reference: &Reference) {
    ui.label(tr("strata-uses"));
    let mut drop_use = None;
    for (k, u) in s.uses.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let name = reference
                .classification
                .get(&u.code)
                .map_or("?".to_owned(), |c| c.label());
            let label = ui.label(format!("{} {name}", u.code));
            ui.add(
                egui::DragValue::new(&mut u.share)
                    .range(0.0..=1.0)
                    .speed(0.01),
            )
            .labelled_by(label.id);
            if ui
                .small_button("×")
                .on_hover_text(tr("strata-remove-use"))
                .clicked()
            {
                drop_use = Some(k);
            }
        });
    }
    if let Some(k) = drop_use {
        s.uses.remove(k);
    }
}

/// A search of the classification; a found class is added as a use.
fn use_search_ui(
    ui: &mut Ui,
    s: &mut Stratum,
    reference: &Reference,
    search: (&mut String, &mut Option<StratumId>),
    i: usize,
) {
    let (filter_text, filter_stratum) = search;
    // One search at a time: the list shows under the stratum searched in.
    ui.horizontal(|ui| {
        let label = ui.label(tr("strata-find-use"));
        let mut text = if filter_stratum.as_ref() == Some(&s.id) {
            filter_text.clone()
        } else {
            String::new()
        };
        if ui
            .text_edit_singleline(&mut text)
            .labelled_by(label.id)
            .changed()
        {
            *filter_text = text;
            *filter_stratum = Some(s.id.clone());
        }
    });
    let filter = if filter_stratum.as_ref() == Some(&s.id) {
        filter_text.trim().to_lowercase()
    } else {
        String::new()
    };
    if !filter.is_empty() {
        egui::ScrollArea::vertical()
            .max_height(120.0)
            .id_salt(("uses", i))
            .show(ui, |ui| {
                for class in reference.classification.classes.iter().filter(|c| {
                    c.code.starts_with(&filter)
                        || c.zh.contains(&filter)
                        || c.en.to_lowercase().contains(&filter)
                }) {
                    if ui
                        .button(format!("+ {} {} {}", class.code, class.zh, class.en))
                        .clicked()
                    {
                        let share = if s.uses.is_empty() { 1.0 } else { 0.0 };
                        s.uses.push(Use {
                            code: class.code.clone(),
                            share,
                            extra: Default::default(),
                        });
                    }
                }
            });
    }
}

/// Holders and their shares.
fn holders_ui(ui: &mut Ui, s: &mut Stratum) {
    ui.label(tr("strata-holders"));
    let mut drop_holder = None;
    for (k, h) in s.holders.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let label = ui.label(tr("strata-holder"));
            ui.add(egui::TextEdit::singleline(&mut h.name).desired_width(120.0))
                .labelled_by(label.id);
            let share = ui.label(tr("strata-share"));
            ui.add(
                egui::DragValue::new(&mut h.share)
                    .range(0.0..=1.0)
                    .speed(0.01),
            )
            .labelled_by(share.id);
            if ui
                .small_button("×")
                .on_hover_text(tr("strata-remove-holder"))
                .clicked()
            {
                drop_holder = Some(k);
            }
        });
    }
    if let Some(k) = drop_holder {
        s.holders.remove(k);
    }
    if ui.button(tr("strata-add-holder")).clicked() {
        let share = if s.holders.is_empty() { 1.0 } else { 0.0 };
        s.holders.push(Holder {
            name: String::new(),
            share,
            extra: Default::default(),
        });
    }
}

/// The right and its term (start date and years; validation checks the date).
fn right_and_term_ui(ui: &mut Ui, s: &mut Stratum) {
    egui::ComboBox::from_label(tr("strata-right"))
        .selected_text(s.right.map_or_else(|| "—".to_owned(), |r| r.name()))
        .show_ui(ui, |ui| {
            for r in Right::ALL {
                ui.selectable_value(&mut s.right, Some(r), r.name());
            }
        });
    // Term of the right: start date and years (validation checks the date).
    super::strata_operation::term_ui(ui, &mut s.term, "strata-term-from", false);
}

/// Facilities this stratum hosts.
fn hosted_ui(ui: &mut Ui, s: &mut Stratum, reference: &Reference) {
    // Facilities this stratum hosts (a clinic on the podium's first floor).
    ui.label(tr("strata-hosted"));
    let mut drop_facility = None;
    for (k, category) in s.facilities.iter().enumerate() {
        ui.horizontal(|ui| {
            let name = reference
                .standard
                .category(category)
                .map_or_else(|| "?".to_owned(), |c| c.name().to_owned());
            ui.label(format!("{category} · {name}"));
            if ui
                .small_button("×")
                .on_hover_text(tr("strata-unhost"))
                .clicked()
            {
                drop_facility = Some(k);
            }
        });
    }
    if let Some(k) = drop_facility {
        s.facilities.remove(k);
    }
    let mut add = None;
    egui::ComboBox::from_label(tr("strata-host"))
        .selected_text(tr("strata-host-add"))
        .show_ui(ui, |ui| {
            for c in &reference.standard.categories {
                if !s.facilities.contains(&c.id)
                    && ui
                        .selectable_label(false, format!("{} · {}", c.id, c.name()))
                        .clicked()
                {
                    add = Some(c.id.clone());
                }
            }
        });
    if let Some(category) = add {
        s.facilities.push(category);
    }
}
