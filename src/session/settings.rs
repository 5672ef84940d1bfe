//! Preferences kept between sessions: the language and the area unit, in
//! `settings.toml` of the user's config folder (`~/.config/strata`,
//! `%APPDATA%\strata\config`, `~/Library/Application Support/org.strata.strata`), or of
//! `STRATA_CONFIG_DIR` when set (tests, portable installs).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::i18n::{self, Lang};
use crate::model::AreaUnit;

/// User preferences. `lang: None` follows the system locale.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    #[serde(rename = "language", skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// `None`: text output shows m², ha and mu side by side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area_unit: Option<AreaUnit>,
}

static OVERRIDE: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

/// Uses `path` as the settings file from now on (tests: keep the user's file untouched).
pub fn override_path(path: PathBuf) {
    if let Ok(mut slot) = OVERRIDE.lock() {
        *slot = Some(path);
    }
}

/// The settings file, when a config folder can be found.
pub fn settings_path() -> Option<PathBuf> {
    if let Some(path) = OVERRIDE.lock().ok().and_then(|slot| slot.clone()) {
        return Some(path);
    }
    if let Some(dir) = std::env::var_os("STRATA_CONFIG_DIR") {
        return Some(PathBuf::from(dir).join("settings.toml"));
    }
    directories::ProjectDirs::from("org", "strata", "strata")
        .map(|dirs| dirs.config_dir().join("settings.toml"))
}

/// At start-up: makes the remembered language current, else the system's; returns the
/// settings.
pub fn init() -> Settings {
    let settings = Settings::load();
    i18n::set_lang(settings.lang.unwrap_or_else(Lang::from_system));
    settings
}

impl Settings {
    /// The saved settings; defaults when there is no file or it cannot be read (a
    /// broken preferences file must not keep the program from starting).
    pub fn load() -> Settings {
        settings_path()
            .and_then(|path| std::fs::read_to_string(path).ok())
            .and_then(|text| toml::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Writes the settings file (creating the folder).
    pub fn save(&self) -> std::io::Result<()> {
        let Some(path) = settings_path() else {
            return Ok(());
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = toml::to_string(self).map_err(std::io::Error::other)?;
        std::fs::write(path, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_toml() {
        let settings = Settings {
            lang: Some(Lang::Zh),
            area_unit: Some(AreaUnit::Mu),
        };
        let text = toml::to_string(&settings).expect("serialise");
        assert!(text.contains("language = \"zh-CN\""), "{text}");
        assert!(text.contains("area_unit = \"mu\""), "{text}");
        assert_eq!(toml::from_str::<Settings>(&text).expect("parse"), settings);
        // An empty file gives the defaults.
        assert_eq!(
            toml::from_str::<Settings>("").expect("empty"),
            Settings::default()
        );
    }
}
