//! The strip above the map that switches between the 2D map and the 3D view, with the
//! 3D view's controls (colour mode, vertical exaggeration, reset, how to move), and the
//! 3D view's legend.

use egui::{Color32, Rect, RichText, Ui};

use super::View3d;
use crate::i18n::tr;
use crate::render::present::strata_color::StrataColorBy;
use crate::render::style::Rgb;

/// The switch between the map and the 3D view, and the 3D view's controls when shown.
/// The controls wrap onto a second row when the central area is narrow (side panels
/// open on a 1280 px screen), so none is cut off.
pub fn view_switch_ui(ui: &mut Ui, state: &mut View3d) {
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(&mut state.shown, false, tr("view-map"))
            .on_hover_text(tr("view-map.tooltip"));
        ui.selectable_value(&mut state.shown, true, tr("view-3d"))
            .on_hover_text(tr("view-3d.tooltip"));
        if !state.shown {
            return;
        }
        ui.separator();
        ui.label(tr("view3d-colour-by"));
        for mode in StrataColorBy::ALL {
            ui.selectable_value(&mut state.color_by, mode, mode.label());
        }
        ui.separator();
        ui.add(
            egui::Slider::new(&mut state.exaggeration, super::EXAGGERATION)
                .text(tr("view3d-exaggeration"))
                .fixed_decimals(1),
        )
        .on_hover_text(tr("view3d-exaggeration.tooltip"));
        if ui.button(tr("view3d-reset")).clicked() {
            state.reset_camera();
        }
        ui.label(RichText::new(tr("view3d-hint")).weak().small());
    });
}

fn color32(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

/// The legend in the view's lower left corner: the colour mode's rows, the conflicts
/// when there are any, and the ground.
pub fn legend_ui(
    ui: &mut Ui,
    rect: Rect,
    rows: &[(Rgb, String)],
    conflicts: bool,
    mode: StrataColorBy,
) {
    // Rows are about 21 points high; the legend stands in the lower left corner.
    let height = 21.0 * (rows.len() + 3) as f32 + 16.0;
    let area = Rect::from_min_max(
        egui::pos2(
            rect.left() + 10.0,
            (rect.bottom() - 10.0 - height).max(rect.top()),
        ),
        egui::pos2(rect.left() + 320.0, rect.bottom() - 10.0),
    );
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(area)
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    egui::Frame::popup(child.style()).show(&mut child, |ui| {
        ui.label(RichText::new(mode.label()).strong());
        for (rgb, text) in rows {
            swatch_row(ui, color32(*rgb), text);
        }
        if conflicts {
            swatch_row(
                ui,
                Color32::from_rgb(220, 26, 26),
                &tr("view3d-legend-conflict"),
            );
        }
        swatch_row(
            ui,
            Color32::from_rgba_unmultiplied(140, 158, 115, 140),
            &tr("view3d-legend-ground"),
        );
    });
}

fn swatch_row(ui: &mut Ui, color: Color32, text: &str) {
    ui.horizontal(|ui| {
        let (r, _) = ui.allocate_exact_size(egui::vec2(14.0, 12.0), egui::Sense::hover());
        ui.painter().rect_filled(r, 2.0, color);
        ui.label(RichText::new(text).small());
    });
}
