//! The editor's frame around the map: the menu bar, the toolbar (tools and their
//! options), the layers panel (what the map shows, colour mode, scenario), the history
//! list and the status bar. Each action goes through `UiCommand` or the app's methods.

use egui::Ui;

use crate::i18n::tr;
use crate::model::Scenario;

use super::app::StrataApp;
use super::commands::UiCommand;
use super::interaction::Interaction;
use super::map_cache::ColorMode;
use super::view::Tool;

impl StrataApp {
    pub(super) fn menu_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(crate::tr!("menu-file"), |ui| {
                self.command_button(ui, UiCommand::Open);
                self.command_button(ui, UiCommand::Save);
                self.command_button(ui, UiCommand::SaveAs);
                self.command_button(ui, UiCommand::ExportFlat);
                self.command_button(ui, UiCommand::Export);
                self.command_button(ui, UiCommand::ExportSheets);
                self.command_button(ui, UiCommand::Import);
            });
            ui.menu_button(crate::tr!("menu-edit"), |ui| {
                self.command_button(ui, UiCommand::Undo);
                self.command_button(ui, UiCommand::Redo);
                self.command_button(ui, UiCommand::Delete);
                self.command_button(ui, UiCommand::SelectAll);
                self.command_button(ui, UiCommand::MergeSelected);
                self.command_button(ui, UiCommand::ToggleHistory);
            });
            ui.menu_button(crate::tr!("menu-view"), |ui| {
                self.command_button(ui, UiCommand::ZoomToFit);
                self.command_button(ui, UiCommand::ZoomIn);
                self.command_button(ui, UiCommand::ZoomOut);
            });
            let before = crate::i18n::lang();
            super::language::language_menu_ui(ui);
            if crate::i18n::lang() != before {
                self.analyses.language_changed();
            }
        });
    }

    fn command_button(&mut self, ui: &mut Ui, command: UiCommand) {
        let enabled = match command {
            UiCommand::Undo => self.doc.history.can_undo(),
            UiCommand::Redo | UiCommand::RedoAlt => self.doc.history.can_redo(),
            UiCommand::Delete => self.selected.primary.is_some(),
            UiCommand::MergeSelected => self.selected.parcels().len() >= 2,
            _ => true,
        };
        let mut button = egui::Button::new(command.label());
        if let Some(shortcut) = command.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui
            .add_enabled(enabled, button)
            .on_hover_text(command.tooltip())
            .clicked()
        {
            self.run_command(command);
            ui.close();
        }
    }

    pub(super) fn toolbar_ui(&mut self, ui: &mut Ui) {
        let text_focus = ui.ctx().memory(|m| m.focused().is_some());
        ui.horizontal(|ui| {
            for tool in Tool::ALL {
                let pressed =
                    !text_focus && ui.input(|i| i.key_pressed(tool.key()) && i.modifiers.is_none());
                let clicked = ui
                    .selectable_label(self.view.tool == tool, tool.label())
                    .on_hover_text(tool.tooltip())
                    .clicked();
                if clicked || pressed {
                    self.view.tool = tool;
                    self.pointer.interaction = Interaction::Idle;
                }
            }
            if self.view.tool == Tool::PlaceFacility {
                let standard = &self.reference.standard;
                egui::ComboBox::from_label(crate::tr!("toolbar-category"))
                    .selected_text(self.view.facility_category.clone())
                    .show_ui(ui, |ui| {
                        for c in &standard.categories {
                            ui.selectable_value(
                                &mut self.view.facility_category,
                                c.id.clone(),
                                format!("{} · {}", c.id, c.name()),
                            );
                        }
                    });
            }
        });
    }

    pub(super) fn layers_panel_ui(&mut self, ui: &mut Ui) {
        ui.heading(crate::tr!("panel-layers"));
        ui.checkbox(
            &mut self.view.show_streets,
            UiCommand::ToggleStreets.label(),
        );
        ui.checkbox(
            &mut self.view.show_facilities,
            UiCommand::ToggleFacilities.label(),
        );
        ui.checkbox(&mut self.view.show_labels, UiCommand::ToggleLabels.label());
        ui.checkbox(&mut self.view.show_legend, UiCommand::ToggleLegend.label());
        ui.checkbox(&mut self.view.show_table, UiCommand::ToggleTable.label())
            .on_hover_text(UiCommand::ToggleTable.tooltip());
        ui.checkbox(&mut self.assets.open, tr("panel-assets"))
            .on_hover_text(tr("panel-assets.tooltip"));
        ui.checkbox(&mut self.view.snapping, UiCommand::ToggleSnapping.label())
            .on_hover_text(UiCommand::ToggleSnapping.tooltip());
        ui.checkbox(
            &mut self.view.avoid_overlaps,
            UiCommand::ToggleAvoidOverlaps.label(),
        )
        .on_hover_text(UiCommand::ToggleAvoidOverlaps.tooltip());
        ui.checkbox(&mut self.show_history, UiCommand::ToggleHistory.label())
            .on_hover_text(UiCommand::ToggleHistory.tooltip());
        ui.separator();
        ui.label(crate::tr!("panel-colour-by"));
        for mode in ColorMode::ALL {
            ui.radio_value(&mut self.view.color_mode, mode, mode.label());
        }
        if self.view.color_mode == ColorMode::Places {
            self.places_category_ui(ui);
        }
        ui.separator();
        ui.label(crate::tr!("panel-scenario"));
        let mut scenario = self.view.scenario;
        ui.radio_value(&mut scenario, Scenario::Existing, Scenario::Existing.name());
        ui.radio_value(&mut scenario, Scenario::Proposed, Scenario::Proposed.name());
        if scenario != self.view.scenario {
            self.selected.select_only(None);
            let metric = self.analyses.coverage.options.metric;
            self.recompute_coverage(scenario, metric);
        }
        ui.separator();
        ui.checkbox(&mut self.analyses.review.shown, tr("panel-review"))
            .on_hover_text(tr("panel-review.tooltip"));
        ui.separator();
        self.underlays_panel_ui(ui);
        if self.show_history {
            ui.separator();
            self.history_ui(ui);
        }
        // Last, so that it moves nothing above it when open.
        ui.separator();
        let coverage = &self.analyses.coverage;
        self.analyses.isochrones.controls_ui(ui, coverage);
    }

    /// The category the places colour mode paints: those the standard gives a per-1,000
    /// figure for.
    fn places_category_ui(&mut self, ui: &mut Ui) {
        let reference = &self.reference;
        let choices: Vec<&str> = reference
            .standard
            .categories
            .iter()
            .filter(|c| crate::report::places_category(reference, Some(c.id.as_str())).is_ok())
            .map(|c| c.id.as_str())
            .collect();
        let current = &mut self.view.places_category;
        if !choices.contains(&current.as_str())
            && let Some(first) = choices.first()
        {
            *current = (*first).to_owned();
        }
        let lang = crate::i18n::lang();
        egui::ComboBox::new("places category", tr("colour-places-of"))
            .selected_text(reference.category_name(current, lang))
            .show_ui(ui, |ui| {
                for id in choices {
                    let name = reference.category_name(id, lang);
                    ui.selectable_value(current, id.to_owned(), name);
                }
            });
    }

    /// The list of edits: click one to undo or redo up to it.
    pub(super) fn history_ui(&mut self, ui: &mut Ui) {
        ui.label(tr("cmd-toggle-history"));
        let done = self.doc.history.done_labels();
        let undone = self.doc.history.undone_labels();
        let position = self.doc.history.position();
        let mut target = None;
        egui::ScrollArea::vertical()
            .id_salt("history")
            .max_height(260.0)
            .show(ui, |ui| {
                if ui
                    .selectable_label(position == 0, tr("history-opened"))
                    .on_hover_text(tr("history-opened.tooltip"))
                    .clicked()
                {
                    target = Some(0);
                }
                for (k, label) in done.iter().enumerate() {
                    if ui.selectable_label(position == k + 1, label).clicked() {
                        target = Some(k + 1);
                    }
                }
                for (k, label) in undone.iter().enumerate() {
                    let text = egui::RichText::new(label).weak().italics();
                    if ui
                        .selectable_label(false, text)
                        .on_hover_text(tr("history-undone"))
                        .clicked()
                    {
                        target = Some(position + k + 1);
                    }
                }
            });
        if let Some(target) = target {
            self.jump_in_history(target);
        }
    }

    /// Undoes or redoes until `target` edits are done.
    pub fn jump_in_history(&mut self, target: usize) {
        while self.doc.history.position() > target {
            if !self.step_history(false) {
                break;
            }
        }
        while self.doc.history.position() < target {
            if !self.step_history(true) {
                break;
            }
        }
    }

    pub(super) fn status_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.label(self.analyses.summary());
            if let Some(change) = &self.analyses.review.last_change {
                ui.separator();
                ui.label(change);
            }
            if let Some(p) = self.pointer.cursor_in_world {
                ui.separator();
                ui.label(format!("{:.1} m, {:.1} m", p[0], p[1]));
                if let Ok(projector) = self.doc.plan.frame.projector()
                    && let Ok([lon, lat]) = projector.to_lonlat(p[0], p[1])
                {
                    ui.label(format!("{lon:.6}° E {lat:.6}° N"));
                }
            }
            if self.analyses.is_checking() {
                ui.separator();
                super::spinner::slow_spinner(ui);
                ui.label(tr("status-checking"));
            }
            if !self.status.is_empty() {
                ui.separator();
                ui.label(&self.status);
            }
        });
    }
}
