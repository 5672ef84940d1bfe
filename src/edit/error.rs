//! Why an edit was refused, and the names of history entries, as [`Message`]s: worded in
//! the language chosen when they are shown, not when they were made (docs/ERRORS.md).

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Message};
use crate::model::ParcelId;
use crate::msg;

/// An edit that was not made; the plan is unchanged.
///
/// `Display` is English (logs, tests, error chains); [`EditError::text`] is the text for
/// people, in the current language.
///
/// ```
/// use strata::i18n::Lang;
/// let plan = strata::synth::city(4, 0, 1);
/// let id = plan.parcels[0].id.clone();
/// let refused = strata::edit::geometry::merge_parcels(&plan, &id, &id).unwrap_err();
/// assert_eq!(refused.to_string(), "pick two different parcels to merge");
/// assert_eq!(refused.text_in(Lang::Zh), "请选择两个不同的地块进行合并");
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EditError {
    /// What the user asked for would make the plan invalid or makes no sense (merging a
    /// parcel with itself, deleting a triangle's corner): the reason.
    Refused(Message),
    /// A command that does not fit the plan it is applied to (its feature is gone, an
    /// index is out of range), e.g. a stale undo: shown as "cannot apply the edit: …".
    DoesNotFit(Message),
}

impl EditError {
    /// The reason alone (without "cannot apply the edit").
    pub fn reason(&self) -> &Message {
        match self {
            EditError::Refused(m) | EditError::DoesNotFit(m) => m,
        }
    }

    /// The whole message, to be worded when shown.
    pub fn message(&self) -> Message {
        match self {
            EditError::Refused(m) => m.clone(),
            EditError::DoesNotFit(m) => msg!("edit-err-apply", reason = m.clone()),
        }
    }

    /// The text in the current language.
    pub fn text(&self) -> String {
        self.message().text()
    }

    /// The text in `lang`.
    pub fn text_in(&self, lang: Lang) -> String {
        self.message().text_in(lang)
    }
}

/// English, as every error type of the core (docs/ERRORS.md).
impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text_in(Lang::En))
    }
}

/// A refusal with its reason.
pub(crate) fn refused(message: Message) -> EditError {
    EditError::Refused(message)
}

/// The name a history entry shows for an [`EditCmd::Named`](super::EditCmd::Named)
/// command, kept as what it says rather than as text so that it reads in the language
/// chosen when the history is shown. Serialized with the recovery history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Label {
    /// "Host kindergarten on p-2": a facility category (its id) placed on a parcel.
    HostFacility { category: String, parcel: ParcelId },
    /// "Merge 3 parcels into p-1": `n` steps (removals and the reshape of `keep`).
    MergeMany { n: usize, keep: ParcelId },
    /// "Move 2 parcel(s) by 10.0 m, -5.0 m".
    MoveParcels { n: usize, dx: f64, dy: f64 },
    /// "Change valuation weights".
    Valuation,
    /// "Change the underlays": the plan's basemap list (added, removed, reordered,
    /// shown, hidden, opacity).
    Basemaps,
    /// "Delete 3 parcels": parcels deleted together.
    DeleteParcels { n: usize },
    /// "Set the controls of 4 parcels": controls applied to a selection together.
    ControlsMany { n: usize },
    /// "Import 120 features from site.dxf": another file's features appended.
    Import { n: usize, source: String },
    /// "Assign unit codes to 12 strata".
    AssignUnitCodes { n: usize },
    /// A label worded before labels were kept as messages (a recovery history written
    /// by an older Strata): shown as it was written.
    #[serde(untagged)]
    Text(String),
}

impl Label {
    /// What the label says, to be worded when shown.
    pub fn message(&self) -> Message {
        match self {
            Label::HostFacility { category, parcel } => msg!(
                "edit-host-facility",
                category = category_message(category),
                parcel = parcel.as_str()
            ),
            Label::MergeMany { n, keep } => msg!("edit-merge-many", n = *n, id = keep.as_str()),
            Label::MoveParcels { n, dx, dy } => msg!(
                "edit-move-parcels",
                n = *n,
                dx = format!("{dx:.1}"),
                dy = format!("{dy:.1}")
            ),
            Label::Valuation => msg!("edit-valuation"),
            Label::Basemaps => msg!("edit-basemaps"),
            Label::DeleteParcels { n } => msg!("history-delete-parcels", n = *n),
            Label::ControlsMany { n } => msg!("edit-controls-many", n = *n),
            Label::Import { n, source } => msg!("edit-import", n = *n, source = source.as_str()),
            Label::AssignUnitCodes { n } => msg!("edit-assign-unit-codes", n = *n),
            Label::Text(text) => msg!("text-as-is", text = text.as_str()),
        }
    }

    /// The label in the current language.
    pub fn text(&self) -> String {
        self.message().text()
    }
}

/// A facility category as an edit message names it: its id in English (as the history has
/// always shown it), the standard's name in Chinese (`幼儿园`), as the review panel does.
/// The edit functions are given the category's id only, so the name comes from the
/// built-in GB 50180 standard; a category it lacks (a custom standard's) keeps its id.
pub(crate) fn category_message(category: &str) -> Message {
    static STANDARD: std::sync::OnceLock<crate::model::Standard> = std::sync::OnceLock::new();
    let zh = STANDARD
        .get_or_init(crate::model::Standard::default_gb50180)
        .category(category)
        .map_or_else(|| category.to_owned(), |c| c.zh.clone());
    msg!("edit-category", id = category, zh = zh)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n;

    /// The keys named in the edit module's sources (the first argument of each `msg!`).
    fn edit_keys() -> Vec<&'static str> {
        let sources = [
            include_str!("mod.rs"),
            include_str!("error.rs"),
            include_str!("create.rs"),
            include_str!("geometry.rs"),
            include_str!("overlaps.rs"),
            include_str!("history.rs"),
            include_str!("snap.rs"),
        ];
        let mut keys: Vec<&'static str> = sources
            .iter()
            .flat_map(|text| text.split("msg!(\"").skip(1))
            .filter_map(|rest| rest.split('"').next())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    #[test]
    fn every_refusal_and_label_has_an_english_and_a_chinese_text() {
        let keys = edit_keys();
        assert!(keys.len() > 40, "scanner found only {keys:?}");
        let (en, zh) = (i18n::keys(Lang::En), i18n::keys(Lang::Zh));
        for key in keys {
            assert!(en.contains(key), "{key} missing in en.ftl");
            assert!(zh.contains(key), "{key} missing in zh-CN.ftl");
            if key == "edit-category" || key == "text-as-is" {
                continue; // only arguments
            }
            let chinese = i18n::tr_in(Lang::Zh, key);
            assert!(
                chinese
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{key}: {chinese}"
            );
            assert_ne!(chinese, i18n::tr_in(Lang::En, key), "{key}");
        }
    }

    #[test]
    fn an_error_made_in_one_language_reads_in_the_language_it_is_shown_in() {
        let stale = EditError::DoesNotFit(msg!("edit-err-parcel-not-at", id = "p-1", index = 7));
        assert_eq!(
            stale.to_string(),
            "cannot apply the edit: parcel p-1 is not at position 7"
        );
        assert_eq!(stale.text_in(Lang::Zh), "无法执行编辑：地块 p-1 不在位置 7");
        assert_eq!(
            stale.reason().text_in(Lang::En),
            "parcel p-1 is not at position 7"
        );
        let host = Label::HostFacility {
            category: "kindergarten".into(),
            parcel: ParcelId::new("p-2"),
        };
        assert_eq!(host.message().to_string(), "Host kindergarten on p-2");
        assert_eq!(host.message().text_in(Lang::Zh), "在 p-2 设置幼儿园");
    }

    #[test]
    fn labels_keep_their_meaning_through_the_recovery_history() {
        let labels = [
            Label::HostFacility {
                category: "clinic".into(),
                parcel: ParcelId::new("p-2"),
            },
            Label::MergeMany {
                n: 3,
                keep: ParcelId::new("p-1"),
            },
            Label::MoveParcels {
                n: 2,
                dx: 10.0,
                dy: -5.04,
            },
            Label::Valuation,
            Label::DeleteParcels { n: 2 },
            Label::ControlsMany { n: 4 },
            Label::AssignUnitCodes { n: 12 },
            Label::Text("Renamed by hand".into()),
        ];
        for label in labels {
            let json = serde_json::to_string(&label).expect("serializes");
            let back: Label = serde_json::from_str(&json).expect("deserializes");
            assert_eq!(back, label, "{json}");
        }
        // A history written when labels were text still reads, as that text.
        let old: Label = serde_json::from_str("\"Merge 3 parcels into p-1\"").expect("text");
        assert_eq!(old, Label::Text("Merge 3 parcels into p-1".into()));
        assert_eq!(old.message().text_in(Lang::Zh), "Merge 3 parcels into p-1");
    }
}
