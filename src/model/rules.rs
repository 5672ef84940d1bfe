//! Mixed-use compatibility rules (用地兼容性), read from a TOML file like the
//! classification (`assets/rules/*.toml`, `--rules FILE`): for a main use, how much of the
//! counted floor area each secondary use may take, which uses are forbidden, and how much
//! all secondary uses may take together.
//!
//! A rule applies to a parcel whose main use starts with the rule's `use` (the longest
//! such rule wins: a rule for `0701` before one for `07`). A secondary use's limit is the
//! entry whose key is the longest prefix of its code, else the rule's `other`; uses that
//! share an entry are summed against it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::reference::{Classification, ReferenceError};
use crate::i18n::Message;
use crate::msg;

const DEFAULT_RULES: &str = include_str!("../../assets/rules/mixed-use-example.toml");

/// How much of the counted floor area a secondary use may take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Limit {
    /// At most this share (0–1).
    Max(f64),
    /// Not allowed at all (×).
    Forbidden,
}

/// The rule for one main use.
#[derive(Clone, Debug, PartialEq)]
pub struct MainUseRule {
    /// Land-use code or class of the main use (`07`, `0701`).
    pub main: String,
    /// Largest share of all secondary uses together; `None` = no limit.
    pub secondary_total_max: Option<f64>,
    /// Limit of a secondary use no entry names; `None` = no limit.
    pub other: Option<Limit>,
    /// Limits by secondary code or class.
    pub secondary: Vec<(String, Limit)>,
}

impl MainUseRule {
    /// The entry that limits a secondary use: its key (or `*` for `other`) and limit.
    pub fn limit_for(&self, code: &str) -> Option<(&str, Limit)> {
        self.secondary
            .iter()
            .filter(|(key, _)| code.starts_with(key.as_str()))
            .max_by_key(|(key, _)| key.len())
            .map(|(key, limit)| (key.as_str(), *limit))
            .or_else(|| self.other.map(|limit| ("*", limit)))
    }
}

/// A set of compatibility rules.
#[derive(Clone, Debug, PartialEq)]
pub struct CompatibilityRules {
    pub id: String,
    pub zh: String,
    pub en: String,
    /// Where the values come from.
    pub source: Option<String>,
    pub rules: Vec<MainUseRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    id: String,
    #[serde(default)]
    zh: String,
    #[serde(default)]
    en: String,
    source: Option<String>,
    #[serde(default)]
    main: Vec<RuleEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    #[serde(rename = "use")]
    main: toml::Spanned<String>,
    secondary_total_max: Option<toml::Spanned<f64>>,
    other: Option<toml::Spanned<LimitValue>>,
    #[serde(default)]
    secondary: BTreeMap<toml::Spanned<String>, toml::Spanned<LimitValue>>,
}

#[derive(Clone, Deserialize)]
#[serde(untagged)]
enum LimitValue {
    Share(f64),
    Word(String),
}

impl Default for CompatibilityRules {
    fn default() -> Self {
        // The embedded file is checked by a unit test, so this cannot fail at run time.
        Self::from_toml(
            DEFAULT_RULES,
            "mixed-use-example.toml (built in)",
            &Classification::default_cn2023(),
        )
        .unwrap_or_else(|e| panic!("built-in compatibility rules are invalid: {e}"))
    }
}

impl CompatibilityRules {
    pub fn from_path(path: &Path, classification: &Classification) -> Result<Self, ReferenceError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ReferenceError::Io {
            file: file.clone(),
            source,
        })?;
        Self::from_toml(&text, &file, classification)
    }

    /// Reads rules; every code must be in the classification and every share in 0–1.
    /// Errors name the file and the line.
    pub fn from_toml(
        text: &str,
        file: &str,
        classification: &Classification,
    ) -> Result<Self, ReferenceError> {
        let invalid = |message: Message| ReferenceError::Invalid {
            file: file.to_owned(),
            message,
        };
        let parsed: RulesFile =
            toml::from_str(text).map_err(|e| invalid(msg!("text-as-is", text = e.to_string())))?;
        let line = |span: std::ops::Range<usize>| {
            (text[..span.start.min(text.len())].matches('\n').count() + 1).to_string()
        };
        let code = |spanned: &toml::Spanned<String>| {
            let code = spanned.get_ref();
            if classification.contains(code) {
                Ok(code.clone())
            } else {
                Err(invalid(msg!(
                    "rules-err-code",
                    line = line(spanned.span()),
                    code = code.as_str()
                )))
            }
        };
        let limit = |spanned: &toml::Spanned<LimitValue>| match spanned.get_ref() {
            LimitValue::Share(s) if (0.0..=1.0).contains(s) => Ok(Limit::Max(*s)),
            LimitValue::Word(w) if w == "forbidden" => Ok(Limit::Forbidden),
            LimitValue::Share(s) => Err(invalid(msg!(
                "rules-err-share",
                line = line(spanned.span()),
                value = s.to_string()
            ))),
            LimitValue::Word(w) => Err(invalid(msg!(
                "rules-err-word",
                line = line(spanned.span()),
                value = w.as_str()
            ))),
        };
        let mut rules = Vec::with_capacity(parsed.main.len());
        for entry in &parsed.main {
            let total = match &entry.secondary_total_max {
                Some(s) => match limit(&toml::Spanned::new(
                    s.span(),
                    LimitValue::Share(*s.get_ref()),
                ))? {
                    Limit::Max(m) => Some(m),
                    Limit::Forbidden => None,
                },
                None => None,
            };
            let mut secondary = Vec::with_capacity(entry.secondary.len());
            for (key, value) in &entry.secondary {
                secondary.push((code(key)?, limit(value)?));
            }
            rules.push(MainUseRule {
                main: code(&entry.main)?,
                secondary_total_max: total,
                other: entry.other.as_ref().map(limit).transpose()?,
                secondary,
            });
        }
        Ok(Self {
            id: parsed.id,
            zh: parsed.zh,
            en: parsed.en,
            source: parsed.source,
            rules,
        })
    }

    /// The rule for a main use: the one whose `use` is the longest prefix of it.
    pub fn rule_for(&self, main_use: &str) -> Option<&MainUseRule> {
        self.rules
            .iter()
            .filter(|r| main_use.starts_with(r.main.as_str()))
            .max_by_key(|r| r.main.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<CompatibilityRules, ReferenceError> {
        CompatibilityRules::from_toml(text, "r.toml", &Classification::default_cn2023())
    }

    #[test]
    fn the_built_in_example_loads() {
        let rules = CompatibilityRules::default();
        let housing = rules.rule_for("070101").expect("a rule for housing");
        assert_eq!(housing.main, "07");
        assert!(housing.secondary_total_max.is_some());
        assert_eq!(
            housing.limit_for("1001").map(|l| l.1),
            Some(Limit::Forbidden)
        );
    }

    #[test]
    fn the_most_specific_rule_and_entry_win() {
        let rules = load(
            r#"id = "t"
[[main]]
use = "07"
other = "forbidden"
secondary = { "09" = 0.1, "0901" = 0.3 }
[[main]]
use = "0701"
secondary_total_max = 0.2
"#,
        )
        .expect("loads");
        assert_eq!(
            rules.rule_for("070102").map(|r| r.main.as_str()),
            Some("0701")
        );
        let general = rules.rule_for("0702").expect("07 rule");
        assert_eq!(general.limit_for("090105"), Some(("0901", Limit::Max(0.3))));
        assert_eq!(general.limit_for("0902"), Some(("09", Limit::Max(0.1))));
        assert_eq!(general.limit_for("1001"), Some(("*", Limit::Forbidden)));
    }

    #[test]
    fn bad_files_name_the_line() {
        let unknown = "id = \"t\"\n[[main]]\nuse = \"07\"\nsecondary = { \"9999\" = 0.1 }\n";
        let err = load(unknown).expect_err("unknown code").to_string();
        assert!(err.starts_with("r.toml:") && err.contains("9999"), "{err}");
        assert!(err.contains("line 4") || err.contains("4"), "{err}");
        let share = "id = \"t\"\n[[main]]\nuse = \"07\"\nsecondary = { \"09\" = 1.5 }\n";
        let err = load(share).expect_err("share above 1").to_string();
        assert!(err.contains("1.5"), "{err}");
        let word = "id = \"t\"\n[[main]]\nuse = \"07\"\nother = \"maybe\"\n";
        let err = load(word).expect_err("unknown word").to_string();
        assert!(err.contains("maybe"), "{err}");
        assert!(load("id = 3").is_err());
    }
}
