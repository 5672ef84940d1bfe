//! The underlays a plan lists (issue 19, DESIGN.md *Basemaps*): the `basemaps` member of
//! the plan's `strata` settings, bottom first. Kept in `settings.extra` under
//! [`SETTINGS_KEY`] exactly as the file held it (so load → save changes nothing, in
//! GeoJSON and GeoPackage alike) and read here into typed entries; an entry this program
//! cannot read is kept as it was, with the reason, and never stops the plan from loading.
//! Opening and drawing the sources is `basemap`'s; changing the list is one undoable
//! `edit::EditCmd::SetSetting` (`edit::create::set_basemaps`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::i18n::Message;
use crate::msg;

/// Key of the underlay list in the plan's `strata` member (`settings.extra`).
pub const SETTINGS_KEY: &str = "basemaps";

/// One underlay as the plan lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Basemap {
    /// A path relative to the plan file (image, GeoTIFF, `.mbtiles`, `.pmtiles`,
    /// `.dxf`) or a tile URL template with `{z}`, `{x}`, `{y}` (or `{-y}` for TMS).
    pub source: String,
    /// The source's CRS (`EPSG:4547`) where the source does not declare one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crs: Option<String>,
    /// 0 (invisible) to 1 (opaque).
    #[serde(default = "full_opacity")]
    pub opacity: f64,
    #[serde(default = "shown")]
    pub visible: bool,
    /// A declared datum offset of the source: `gcj02` for Chinese web maps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
    /// Credit text shown with the underlay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    /// A DXF drawing's unit: `m` (the default) or `mm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Metres added to a DXF drawing's coordinates after the unit (a local origin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<[f64; 2]>,
    /// A DXF drawing's text encoding where `$DWGCODEPAGE` is wrong (`GBK`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Members this program does not know, kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn full_opacity() -> f64 {
    1.0
}

fn shown() -> bool {
    true
}

impl Basemap {
    /// A visible, opaque underlay of `source`.
    pub fn new(source: impl Into<String>) -> Self {
        Self {
            source: source.into(),
            crs: None,
            opacity: 1.0,
            visible: true,
            offset: None,
            attribution: None,
            unit: None,
            origin: None,
            encoding: None,
            extra: Default::default(),
        }
    }

    /// Whether the source is a tile URL template rather than a file.
    pub fn is_url(&self) -> bool {
        let lower = self.source.to_ascii_lowercase();
        lower.starts_with("http://") || lower.starts_with("https://")
    }

    /// The entry as JSON (what the plan file holds).
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// One member of the list: an underlay, or what the file held where one was expected
/// with the reason it cannot be read (kept unchanged for saving).
#[derive(Clone, Debug, PartialEq)]
pub enum BasemapEntry {
    Valid(Basemap),
    Invalid { raw: Value, reason: Message },
}

impl BasemapEntry {
    pub fn to_value(&self) -> Value {
        match self {
            BasemapEntry::Valid(b) => b.to_value(),
            BasemapEntry::Invalid { raw, .. } => raw.clone(),
        }
    }

    pub fn basemap(&self) -> Option<&Basemap> {
        match self {
            BasemapEntry::Valid(b) => Some(b),
            BasemapEntry::Invalid { .. } => None,
        }
    }
}

/// The plan's underlays, bottom first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Basemaps {
    pub entries: Vec<BasemapEntry>,
}

impl Basemaps {
    /// The list a plan's settings hold (empty when absent; a member that is not a list
    /// is one invalid entry, kept).
    pub fn of_settings(extra: &Map<String, Value>) -> Self {
        let entries = match extra.get(SETTINGS_KEY) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items.iter().map(entry_of).collect(),
            Some(other) => vec![BasemapEntry::Invalid {
                raw: other.clone(),
                reason: msg!("basemap-err-not-list"),
            }],
        };
        Self { entries }
    }

    /// The list of a plan.
    pub fn of_plan(plan: &super::Plan) -> Self {
        Self::of_settings(&plan.settings.extra)
    }

    /// The list as the plan file holds it; `None` when empty (the member is then absent).
    pub fn to_value(&self) -> Option<Value> {
        if self.entries.is_empty() {
            return None;
        }
        if let [BasemapEntry::Invalid { raw, .. }] = self.entries.as_slice()
            && !raw.is_object()
        {
            return Some(raw.clone());
        }
        Some(Value::Array(
            self.entries.iter().map(BasemapEntry::to_value).collect(),
        ))
    }

    /// The readable underlays with their index in the list.
    pub fn valid(&self) -> impl Iterator<Item = (usize, &Basemap)> {
        self.entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.basemap().map(|b| (i, b)))
    }
}

fn entry_of(value: &Value) -> BasemapEntry {
    let invalid = |reason| BasemapEntry::Invalid {
        raw: value.clone(),
        reason,
    };
    let parsed: Basemap = match serde_json::from_value(value.clone()) {
        Ok(b) => b,
        Err(e) => return invalid(msg!("basemap-err-entry", reason = e.to_string())),
    };
    if parsed.source.trim().is_empty() {
        return invalid(msg!("basemap-err-no-source"));
    }
    if !(0.0..=1.0).contains(&parsed.opacity) {
        return invalid(msg!(
            "basemap-err-opacity",
            value = parsed.opacity.to_string()
        ));
    }
    BasemapEntry::Valid(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn entries_read_with_defaults_and_unknown_members_kept() {
        let extra = json!({ "basemaps": [
            { "source": "ortho.tif", "crs": "EPSG:4547", "opacity": 0.7, "tint": "sepia" },
            { "source": "" },
            { "source": "tiles.mbtiles", "opacity": 3 },
            "not an object",
            { "source": "https://t/{z}/{x}/{y}.png", "offset": "gcj02", "visible": false }
        ]});
        let list = Basemaps::of_settings(extra.as_object().expect("object"));
        assert_eq!(list.entries.len(), 5);
        let first = list.entries[0].basemap().expect("valid");
        assert_eq!(first.crs.as_deref(), Some("EPSG:4547"));
        assert!(first.visible);
        assert_eq!(first.extra.get("tint"), Some(&json!("sepia")));
        assert!(list.entries[1].basemap().is_none());
        assert!(list.entries[2].basemap().is_none());
        assert!(list.entries[3].basemap().is_none());
        let url = list.entries[4].basemap().expect("url");
        assert!(url.is_url() && !url.visible);
        // Written back: the invalid entries unchanged, unknown members kept.
        let back = list.to_value().expect("list");
        assert_eq!(back[1], json!({ "source": "" }));
        assert_eq!(back[3], json!("not an object"));
        assert_eq!(back[0]["tint"], json!("sepia"));
        assert_eq!(
            Basemaps::of_settings(back_map(&back).as_object().expect("o")),
            list
        );
    }

    fn back_map(list: &Value) -> Value {
        json!({ "basemaps": list })
    }

    #[test]
    fn a_member_that_is_not_a_list_is_kept() {
        let extra = json!({ "basemaps": 5 });
        let list = Basemaps::of_settings(extra.as_object().expect("object"));
        assert_eq!(list.entries.len(), 1);
        assert_eq!(list.to_value(), Some(json!(5)));
        assert!(Basemaps::default().to_value().is_none());
    }
}
