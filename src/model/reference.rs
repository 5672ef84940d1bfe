//! Reference data read from files, not code: the land-use classification
//! (`assets/classifications/*.toml`) and the life-circle standard
//! (`assets/standards/*.toml`). The defaults are compiled in; a planner can point the
//! program at other files.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::rules::CompatibilityRules;
use crate::i18n::Message;
use crate::msg;

/// A reference file that could not be used, with the file and what is wrong.
/// `Display` is English; [`ReferenceError::text`] is in the current language
/// (docs/ERRORS.md). The TOML parser's own reasons stay in its words.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    Io {
        file: String,
        source: std::io::Error,
    },
    Invalid {
        file: String,
        message: Message,
    },
}

impl ReferenceError {
    /// What is wrong, to be worded when shown.
    pub fn message(&self) -> Message {
        match self {
            ReferenceError::Io { file, source } => msg!(
                "ref-err-read",
                file = file.as_str(),
                error = source.to_string()
            ),
            ReferenceError::Invalid { file, message } => msg!(
                "ref-err-invalid",
                file = file.as_str(),
                message = message.clone()
            ),
        }
    }

    /// The text in the current language.
    pub fn text(&self) -> String {
        self.message().text()
    }
}

impl std::fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().text_in(crate::i18n::Lang::En))
    }
}

const DEFAULT_CLASSIFICATION: &str = include_str!("../../assets/classifications/cn-2023.toml");
const DEFAULT_STANDARD: &str = include_str!("../../assets/standards/gb50180-2018.toml");

/// A reference file's text and its name for messages.
fn read_reference(path: &Path) -> Result<(String, String), ReferenceError> {
    let file = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => Ok((text, file)),
        Err(source) => Err(ReferenceError::Io { file, source }),
    }
}

/// One land-use class (any level) with its names and map colour.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LandUseClass {
    pub code: String,
    pub zh: String,
    pub en: String,
    /// `#RRGGBB` in the file.
    #[serde(deserialize_with = "de_color")]
    pub color: [u8; 3],
}

impl LandUseClass {
    /// Level 1 class code: the first two digits.
    pub fn level1(&self) -> &str {
        &self.code[..2.min(self.code.len())]
    }
}

fn de_color<'de, D: serde::Deserializer<'de>>(d: D) -> Result<[u8; 3], D::Error> {
    let text = String::deserialize(d)?;
    parse_color(&text).ok_or_else(|| {
        serde::de::Error::custom(crate::tr!("ref-err-colour", text = format!("{text:?}")))
    })
}

fn parse_color(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// A land-use classification (e.g. cn-2023).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Classification {
    pub id: String,
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(rename = "class")]
    pub classes: Vec<LandUseClass>,
    #[serde(skip)]
    by_code: HashMap<String, usize>,
}

impl Classification {
    /// The compiled-in cn-2023 classification.
    pub fn default_cn2023() -> Self {
        // The embedded file is checked by a unit test, so this cannot fail at run time.
        Self::from_toml(DEFAULT_CLASSIFICATION, "cn-2023.toml (built in)")
            .unwrap_or_else(|e| panic!("built-in classification is invalid: {e}"))
    }

    pub fn from_path(path: &Path) -> Result<Self, ReferenceError> {
        let (text, file) = read_reference(path)?;
        Self::from_toml(&text, &file)
    }

    pub fn from_toml(text: &str, file: &str) -> Result<Self, ReferenceError> {
        let invalid = |message: Message| ReferenceError::Invalid {
            file: file.to_owned(),
            message,
        };
        let mut classification: Classification =
            toml::from_str(text).map_err(|e| invalid(msg!("text-as-is", text = e.to_string())))?;
        if classification.classes.is_empty() {
            return Err(invalid(msg!("ref-err-no-class")));
        }
        for (index, class) in classification.classes.iter().enumerate() {
            if class.code.is_empty() || !class.code.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(invalid(msg!(
                    "ref-err-class-code",
                    index = (index + 1).to_string(),
                    code = format!("{:?}", class.code)
                )));
            }
            if classification
                .by_code
                .insert(class.code.clone(), index)
                .is_some()
            {
                return Err(invalid(msg!(
                    "ref-err-code-twice",
                    code = class.code.as_str()
                )));
            }
        }
        Ok(classification)
    }

    pub fn get(&self, code: &str) -> Option<&LandUseClass> {
        self.by_code.get(code).map(|&i| &self.classes[i])
    }

    pub fn contains(&self, code: &str) -> bool {
        self.by_code.contains_key(code)
    }

    /// Colour of a code, or of its nearest listed ancestor (`070101` → `0701` → `07`).
    pub fn color(&self, code: &str) -> Option<[u8; 3]> {
        let mut prefix = code;
        loop {
            if let Some(class) = self.get(prefix) {
                return Some(class.color);
            }
            if prefix.len() <= 2 {
                return None;
            }
            // `get`: a code from a plan file may hold non-ASCII characters (an error
            // that validation reports); it has no colour rather than a panic.
            prefix = prefix.get(..prefix.len() - 2)?;
        }
    }
}

/// A tier of the life circle (15-, 10-, 5-minute).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub minutes: f64,
    pub radius_m: f64,
    pub park_min_area_m2: f64,
    pub park_min_width_m: f64,
    #[serde(default)]
    pub green_per_resident_m2: Option<f64>,
}

/// A facility category of the standard (kindergarten, clinic…).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub tier: String,
    pub zh: String,
    pub en: String,
    pub required: bool,
    /// Covered radius; `None` = the tier's radius.
    #[serde(default)]
    pub radius_m: Option<f64>,
    /// Served by green parcels (class 14) large enough for the tier.
    #[serde(default)]
    pub park: bool,
    /// The land-use code most associated with the category (informational).
    #[serde(default)]
    pub land_use: Option<String>,
}

/// A life-circle standard (e.g. GB 50180-2018).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub walking_speed_m_per_min: f64,
    pub floor_area_per_person_m2: f64,
    pub off_network_m: f64,
    #[serde(default)]
    pub floor_area_per_job_m2: BTreeMap<String, f64>,
    #[serde(rename = "tier")]
    pub tiers: Vec<Tier>,
    #[serde(rename = "category")]
    pub categories: Vec<Category>,
    /// Controls for residential blocks (居住街坊) by climate zone and height class.
    #[serde(default, rename = "residential_block")]
    pub residential_blocks: Vec<ResidentialBlock>,
    /// Provision and siting rules per category (`[[provision]]`, docs/analysis.md).
    #[serde(default, rename = "provision")]
    pub provision: Vec<super::provision::ProvisionRule>,
    /// Facilities of the residential block level (居住街坊, `[[block_facility]]`).
    #[serde(default, rename = "block_facility")]
    pub block_facilities: Vec<super::provision::BlockFacility>,
}

/// One row of the standard's residential-block controls (GB 50180-2018 table 4.0.2): for
/// the climate zones listed and buildings of `floors` storeys, the FAR range, maximum
/// density, minimum green ratio and maximum height.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ResidentialBlock {
    /// Building climate zones (建筑气候区划) the row is for: `I` … `VII`.
    pub zones: Vec<String>,
    /// Height class id (`low`, `mid1`, `mid2`, `high1`, `high2`).
    pub class: String,
    pub zh: String,
    pub en: String,
    /// Storeys of the class, inclusive.
    pub floors: [u32; 2],
    pub far_min: f64,
    pub far_max: f64,
    pub density_max: f64,
    pub green_min: f64,
    pub height_max: f64,
    /// The clause the row comes from.
    pub clause: String,
    /// False when the figures were not checked against the official text.
    #[serde(default)]
    pub verified: bool,
}

impl Standard {
    /// The compiled-in GB 50180-2018 standard.
    pub fn default_gb50180() -> Self {
        Self::from_toml(DEFAULT_STANDARD, "gb50180-2018.toml (built in)")
            .unwrap_or_else(|e| panic!("built-in standard is invalid: {e}"))
    }

    pub fn from_path(path: &Path) -> Result<Self, ReferenceError> {
        let (text, file) = read_reference(path)?;
        Self::from_toml(&text, &file)
    }

    pub fn from_toml(text: &str, file: &str) -> Result<Self, ReferenceError> {
        let invalid = |message: Message| ReferenceError::Invalid {
            file: file.to_owned(),
            message,
        };
        let standard: Standard =
            toml::from_str(text).map_err(|e| invalid(msg!("text-as-is", text = e.to_string())))?;
        let positive = |name: &str, value: f64| {
            if value.is_finite() && value > 0.0 {
                Ok(())
            } else {
                Err(invalid(msg!(
                    "ref-err-positive",
                    name = name,
                    value = value.to_string()
                )))
            }
        };
        positive("walking_speed_m_per_min", standard.walking_speed_m_per_min)?;
        positive(
            "floor_area_per_person_m2",
            standard.floor_area_per_person_m2,
        )?;
        positive("off_network_m", standard.off_network_m)?;
        for (prefix, value) in &standard.floor_area_per_job_m2 {
            positive(&format!("floor_area_per_job_m2.{prefix}"), *value)?;
        }
        if standard.tiers.is_empty() || standard.categories.is_empty() {
            return Err(invalid(msg!("ref-err-needs-tier")));
        }
        for (i, tier) in standard.tiers.iter().enumerate() {
            positive(&format!("tier {}.radius_m", tier.id), tier.radius_m)?;
            if standard.tiers[..i].iter().any(|t| t.id == tier.id) {
                return Err(invalid(msg!("ref-err-tier-twice", id = tier.id.as_str())));
            }
        }
        for (i, category) in standard.categories.iter().enumerate() {
            if standard.tier(&category.tier).is_none() {
                return Err(invalid(msg!(
                    "ref-err-category-tier",
                    id = category.id.as_str(),
                    tier = format!("{:?}", category.tier)
                )));
            }
            if let Some(radius) = category.radius_m {
                positive(&format!("category {}.radius_m", category.id), radius)?;
            }
            if standard.categories[..i].iter().any(|c| c.id == category.id) {
                return Err(invalid(msg!(
                    "ref-err-category-twice",
                    id = category.id.as_str()
                )));
            }
        }
        check_provision(&standard).map_err(invalid)?;
        Ok(standard)
    }

    /// A facility of the residential block level, by id.
    pub fn block_facility(&self, id: &str) -> Option<&super::provision::BlockFacility> {
        self.block_facilities.iter().find(|b| b.id == id)
    }

    /// Whether a stratum or a facility may name `id`: a category or a block facility.
    pub fn knows_facility(&self, id: &str) -> bool {
        self.category(id).is_some() || self.block_facility(id).is_some()
    }

    /// The provision row of a category, if the standard has one.
    pub fn provision(&self, category: &str) -> Option<&super::provision::ProvisionRule> {
        self.provision.iter().find(|p| p.category == category)
    }

    /// The residential-block row for a climate zone and a number of storeys.
    pub fn residential_block(&self, zone: &str, floors: u32) -> Option<&ResidentialBlock> {
        self.residential_blocks.iter().find(|row| {
            row.zones.iter().any(|z| z == zone) && (row.floors[0]..=row.floors[1]).contains(&floors)
        })
    }

    pub fn tier(&self, id: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.id == id)
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// A category's short name as panels and messages show it ([`category_name`]).
    pub fn category_name(&self, id: &str, lang: crate::i18n::Lang) -> String {
        category_name(id, self.category(id).map_or("", |c| c.zh.as_str()), lang)
    }

    /// A category's full label as reports show it (`小学 primary school`, `小学` in
    /// Chinese, see [`Category::label_in`]); its id when the standard lacks it.
    pub fn category_label(&self, id: &str, lang: crate::i18n::Lang) -> String {
        self.category(id)
            .map_or_else(|| id.to_owned(), |c| c.label_in(lang))
    }

    /// Radius of a category: its own, or its tier's.
    pub fn radius_m(&self, category: &Category) -> f64 {
        category
            .radius_m
            .or_else(|| self.tier(&category.tier).map(|t| t.radius_m))
            .unwrap_or(0.0)
    }

    /// Floor area per job for a land-use code (longest matching prefix), if any.
    pub fn floor_area_per_job(&self, code: &str) -> Option<f64> {
        self.floor_area_per_job_m2
            .iter()
            .filter(|(prefix, _)| code.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(_, &value)| value)
    }

    /// The smallest park size of any tier: a green parcel below it serves no tier.
    pub fn smallest_park_m2(&self) -> f64 {
        self.tiers
            .iter()
            .map(|t| t.park_min_area_m2)
            .fold(f64::INFINITY, f64::min)
    }
}

/// The provision rows of a standard: each for a known category, once, with sound figures.
fn check_provision(standard: &Standard) -> Result<(), Message> {
    for (i, rule) in standard.provision.iter().enumerate() {
        if standard.category(&rule.category).is_none() {
            return Err(msg!(
                "ref-err-provision-category",
                id = format!("{:?}", rule.category)
            ));
        }
        if standard.provision[..i]
            .iter()
            .any(|r| r.category == rule.category)
        {
            return Err(msg!("ref-err-provision-twice", id = rule.category.as_str()));
        }
        if let Some(problem) = rule.check() {
            return Err(problem);
        }
    }
    for (i, block) in standard.block_facilities.iter().enumerate() {
        let twice = standard.category(&block.id).is_some()
            || standard.block_facilities[..i]
                .iter()
                .any(|b| b.id == block.id);
        if twice {
            return Err(msg!("ref-err-category-twice", id = block.id.as_str()));
        }
    }
    Ok(())
}

/// The classification, standard and compatibility rules a plan is read against.
#[derive(Clone, Debug)]
pub struct Reference {
    pub classification: Classification,
    pub standard: Standard,
    pub rules: CompatibilityRules,
}

impl Default for Reference {
    fn default() -> Self {
        Self {
            classification: Classification::default_cn2023(),
            standard: Standard::default_gb50180(),
            rules: CompatibilityRules::default(),
        }
    }
}

/// The short name of a life-circle category, the one rule for every panel and message:
/// in English its id as words (`primary school`), in Chinese the standard's name `zh`
/// (`小学`), or the id as words when there is none.
///
/// ```
/// use strata::i18n::Lang;
/// use strata::model::reference::category_name;
/// assert_eq!(category_name("primary_school", "小学", Lang::En), "primary school");
/// assert_eq!(category_name("primary_school", "小学", Lang::Zh), "小学");
/// assert_eq!(category_name("bakery", "", Lang::Zh), "bakery");
/// ```
pub fn category_name(id: &str, zh: &str, lang: crate::i18n::Lang) -> String {
    match lang {
        crate::i18n::Lang::Zh if !zh.is_empty() => zh.to_owned(),
        _ => id.replace('_', " "),
    }
}

impl Reference {
    /// A category's short name in `lang` ([`category_name`]).
    pub fn category_name(&self, id: &str, lang: crate::i18n::Lang) -> String {
        self.standard.category_name(id, lang)
    }

    /// A category's full label in `lang` ([`Standard::category_label`]).
    pub fn category_label(&self, id: &str, lang: crate::i18n::Lang) -> String {
        self.standard.category_label(id, lang)
    }

    /// The defaults, with either file replaced when given.
    pub fn load(
        classification: Option<&Path>,
        standard: Option<&Path>,
    ) -> Result<Self, ReferenceError> {
        let classification = match classification {
            Some(path) => Classification::from_path(path)?,
            None => Classification::default_cn2023(),
        };
        Ok(Self {
            standard: match standard {
                Some(path) => Standard::from_path(path)?,
                None => Standard::default_gb50180(),
            },
            rules: CompatibilityRules::default(),
            classification,
        })
    }

    /// The same reference with the compatibility rules of a file (`--rules FILE`),
    /// checked against the classification.
    pub fn with_rules(mut self, path: &Path) -> Result<Self, ReferenceError> {
        self.rules = CompatibilityRules::from_path(path, &self.classification)?;
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_files_load() {
        let r = Reference::default();
        assert!(r.classification.contains("1302"));
        assert_eq!(r.classification.color("070101"), Some([255, 255, 45]));
        assert_eq!(r.standard.categories.len(), 22);
        let kg = r.standard.category("kindergarten").expect("kindergarten");
        assert_eq!(r.standard.radius_m(kg), 300.0);
        assert_eq!(r.standard.floor_area_per_job("090201"), Some(20.0));
    }

    #[test]
    fn malformed_codes_have_no_colour_instead_of_a_panic() {
        let c = Classification::default_cn2023();
        assert_eq!(c.color("07é9"), None);
        assert_eq!(c.color("é"), None);
        assert_eq!(c.color("0701é"), c.color("0701"));
        assert_eq!(c.color("0701xx"), c.color("0701"));
    }

    #[test]
    fn every_subclass_has_its_parent() {
        let c = Classification::default_cn2023();
        for class in &c.classes {
            if class.code.len() > 2 {
                let parent = &class.code[..class.code.len() - 2];
                assert!(c.contains(parent), "{} has no parent {parent}", class.code);
            }
        }
    }

    #[test]
    fn wrong_files_give_clear_errors() {
        let err = Standard::from_toml("id = 3", "x.toml").expect_err("must fail");
        assert!(err.to_string().starts_with("x.toml:"), "{err}");
        let bad_tier = DEFAULT_STANDARD.replacen("tier = \"15min\"", "tier = \"20min\"", 1);
        let err = Standard::from_toml(&bad_tier, "s.toml").expect_err("must fail");
        assert!(err.to_string().contains("20min"), "{err}");
        let bad_color = DEFAULT_CLASSIFICATION.replacen("#F5F8DC", "green", 1);
        let err = Classification::from_toml(&bad_color, "c.toml").expect_err("must fail");
        assert!(err.to_string().contains("#RRGGBB"), "{err}");
    }

    #[test]
    fn provision_rows_are_checked() {
        let standard = Standard::default_gb50180();
        let kg = standard
            .provision("kindergarten")
            .expect("kindergarten row");
        assert_eq!(kg.places_per_1000, Some(30.0));
        assert!(!kg.verified);
        let unknown = format!(
            "{DEFAULT_STANDARD}\n[[provision]]\ncategory = \"bakery\"\nplaces_per_1000 = 3.0\nclause = \"x\"\n"
        );
        let err = Standard::from_toml(&unknown, "s.toml").expect_err("unknown category");
        assert!(err.to_string().contains("\"bakery\""), "{err}");
        let negative =
            DEFAULT_STANDARD.replacen("places_per_1000 = 30.0", "places_per_1000 = -30.0", 1);
        let err = Standard::from_toml(&negative, "s.toml").expect_err("negative");
        assert!(err.to_string().contains("places_per_1000"), "{err}");
        let text =
            DEFAULT_STANDARD.replacen("places_per_1000 = 30.0", "places_per_1000 = \"many\"", 1);
        let err = Standard::from_toml(&text, "s.toml").expect_err("not a number");
        assert!(err.to_string().starts_with("s.toml:"), "{err}");
    }
}

/// The name of a reference entry in a language: the files carry `zh` and `en`.
macro_rules! localized_name {
    ($($t:ty),*) => {$(
        impl $t {
            /// The name in `lang` (`zh` or `en` field of the file).
            pub fn name_in(&self, lang: crate::i18n::Lang) -> &str {
                match lang {
                    crate::i18n::Lang::Zh => &self.zh,
                    crate::i18n::Lang::En => &self.en,
                }
            }
            /// The name in the current language.
            pub fn name(&self) -> &str {
                self.name_in(crate::i18n::lang())
            }
            /// The name as labels show it: Chinese alone in Chinese; in English the
            /// official Chinese name followed by the English one, which partners and
            /// Chinese documents can both be matched against.
            pub fn label_in(&self, lang: crate::i18n::Lang) -> String {
                match lang {
                    crate::i18n::Lang::Zh => self.zh.clone(),
                    crate::i18n::Lang::En if self.zh.is_empty() => self.en.clone(),
                    crate::i18n::Lang::En => format!("{} {}", self.zh, self.en),
                }
            }
            /// [`Self::label_in`] in the current language.
            pub fn label(&self) -> String {
                self.label_in(crate::i18n::lang())
            }
        }
    )*};
}
localized_name!(LandUseClass, Classification, Tier, Category, Standard);
