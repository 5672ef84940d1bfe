//! The Language menu (English / 简体中文) and the area-unit preference: switching takes
//! effect on the next frame and is remembered in the settings file.

use egui::Ui;

use crate::i18n::{self, Lang};
use crate::model::AreaUnit;
use crate::session::Settings;
use crate::tr;

/// The menu's title names the language in both languages, so a user who cannot read
/// the current one still finds it.
pub const LANGUAGE_MENU: &str = "Language · 语言";

/// The Language menu; picking a language switches the UI at once and saves the choice.
pub fn language_menu_ui(ui: &mut Ui) {
    ui.menu_button(LANGUAGE_MENU, |ui| {
        for lang in Lang::ALL {
            if ui.radio(i18n::lang() == lang, lang.native_name()).clicked() {
                i18n::set_lang(lang);
                let mut settings = Settings::load();
                settings.lang = Some(lang);
                // A settings file that cannot be written only loses the preference.
                let _ = settings.save();
                ui.close();
            }
        }
        ui.separator();
        ui.menu_button(tr!("menu-area-unit"), |ui| {
            let current = area_unit();
            let choices = AreaUnit::ALL
                .into_iter()
                .map(|u| (Some(u), u.symbol(i18n::lang())))
                .chain([(None, tr!("area-unit-all"))]);
            for (unit, label) in choices {
                if ui.radio(current == unit, label).clicked() {
                    let mut settings = Settings::load();
                    settings.area_unit = unit;
                    let _ = settings.save();
                    set_area_unit(unit);
                    ui.close();
                }
            }
        });
    });
}

/// An area as the editor shows it: in the preferred unit, or `m² · ha · mu` when the
/// user has not chosen one.
pub fn area_label(area: crate::model::SquareMeters) -> String {
    match area_unit() {
        Some(unit) => unit.format(area),
        None => {
            let lang = i18n::lang();
            format!(
                "{:.0} {} · {:.2} {} · {:.2} {}",
                area.m2(),
                AreaUnit::M2.symbol(lang),
                area.ha(),
                AreaUnit::Ha.symbol(lang),
                area.mu(),
                AreaUnit::Mu.symbol(lang)
            )
        }
    }
}

/// The preferred unit, read from the settings file once and then kept here (the
/// inspector asks every frame).
fn area_unit_slot() -> &'static std::sync::Mutex<Option<AreaUnit>> {
    static SLOT: std::sync::OnceLock<std::sync::Mutex<Option<AreaUnit>>> =
        std::sync::OnceLock::new();
    SLOT.get_or_init(|| std::sync::Mutex::new(Settings::load().area_unit))
}

fn area_unit() -> Option<AreaUnit> {
    area_unit_slot().lock().ok().and_then(|u| *u)
}

fn set_area_unit(unit: Option<AreaUnit>) {
    if let Ok(mut slot) = area_unit_slot().lock() {
        *slot = unit;
    }
}
