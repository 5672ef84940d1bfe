//! Provision rules of the life-circle standard (`[[provision]]` rows of
//! `assets/standards/*.toml`): per category, the floor and land area of one facility, the
//! floor and land area and the places required per 1,000 residents (千人指标), and where
//! the facility may be sited. Each row names its clause and whether it was verified.

use serde::Deserialize;

use crate::i18n::Message;
use crate::msg;

/// A `[min, max]` range of the standard (either may be equal).
pub type Range = [f64; 2];

/// The provision row of one category.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProvisionRule {
    /// The category id (must be a category of the standard).
    pub category: String,
    /// Floor area of one facility (建筑面积), m².
    #[serde(default)]
    pub floor_area_m2: Option<Range>,
    /// Land area of one facility (用地面积), m².
    #[serde(default)]
    pub land_area_m2: Option<Range>,
    /// Floor area required per 1,000 residents, m²; the check requires the minimum.
    #[serde(default)]
    pub floor_per_1000_m2: Option<Range>,
    /// Land area required per 1,000 residents, m².
    #[serde(default)]
    pub land_per_1000_m2: Option<Range>,
    /// Places (seats, beds) required per 1,000 residents.
    #[serde(default)]
    pub places_per_1000: Option<f64>,
    /// What the places are (`places`, `seats`, `beds`).
    #[serde(default)]
    pub unit: Option<String>,
    /// Floor area per place: a facility's capacity when it gives none.
    #[serde(default)]
    pub floor_per_place_m2: Option<f64>,
    /// The highest storey the facility may start on.
    #[serde(default)]
    pub max_floor: Option<u32>,
    /// False: the facility may not lie wholly underground.
    #[serde(default = "yes")]
    pub underground: bool,
    /// From this many places on, the facility needs its own site.
    #[serde(default)]
    pub own_site_min_places: Option<f64>,
    /// Outdoor play space on the ground required per place, m² (a kindergarten's
    /// 室外活动场地; `analysis::siting`).
    #[serde(default)]
    pub outdoor_per_place_m2: Option<f64>,
    /// Where the outdoor figure comes from (the row's `clause` when absent).
    #[serde(default)]
    pub outdoor_clause: Option<String>,
    /// Where the figures come from.
    pub clause: String,
    /// False when the figures were not checked against the official text.
    #[serde(default)]
    pub verified: bool,
}

fn yes() -> bool {
    true
}

impl ProvisionRule {
    /// The places unit, `places` when the file names none.
    pub fn unit(&self) -> &str {
        self.unit.as_deref().unwrap_or("places")
    }

    /// A problem with the row's figures (negative, not finite, min above max), worded
    /// when shown; `None` when they are fine.
    pub fn check(&self) -> Option<Message> {
        let ranges = [
            ("floor_area_m2", self.floor_area_m2),
            ("land_area_m2", self.land_area_m2),
            ("floor_per_1000_m2", self.floor_per_1000_m2),
            ("land_per_1000_m2", self.land_per_1000_m2),
        ];
        for (name, range) in ranges {
            let Some([low, high]) = range else { continue };
            if !(low.is_finite() && high.is_finite() && low >= 0.0 && low <= high) {
                return Some(msg!(
                    "ref-err-provision-range",
                    category = self.category.as_str(),
                    name = name,
                    value = format!("[{low}, {high}]")
                ));
            }
        }
        let scalars = [
            ("places_per_1000", self.places_per_1000),
            ("floor_per_place_m2", self.floor_per_place_m2),
            ("own_site_min_places", self.own_site_min_places),
            ("outdoor_per_place_m2", self.outdoor_per_place_m2),
        ];
        for (name, value) in scalars {
            let Some(value) = value else { continue };
            let positive = value.is_finite() && value > 0.0;
            if !positive {
                return Some(msg!(
                    "ref-err-provision-value",
                    category = self.category.as_str(),
                    name = name,
                    value = value.to_string()
                ));
            }
        }
        None
    }
}

/// A facility of the residential block level (居住街坊): provided within the block
/// itself, not within a walking radius.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BlockFacility {
    pub id: String,
    pub zh: String,
    pub en: String,
    /// 应 (required) or 宜 (recommended).
    pub required: bool,
    pub clause: String,
    #[serde(default)]
    pub verified: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_figures_are_named() {
        let rule = ProvisionRule {
            category: "kindergarten".into(),
            floor_area_m2: Some([400.0, 300.0]),
            clause: "x".into(),
            ..Default::default()
        };
        let text = rule
            .check()
            .expect("a problem")
            .text_in(crate::i18n::Lang::En);
        assert!(
            text.contains("kindergarten") && text.contains("floor_area_m2"),
            "{text}"
        );
        let rule = ProvisionRule {
            category: "kindergarten".into(),
            places_per_1000: Some(-3.0),
            clause: "x".into(),
            ..Default::default()
        };
        let text = rule
            .check()
            .expect("a problem")
            .text_in(crate::i18n::Lang::En);
        assert!(
            text.contains("places_per_1000") && text.contains("-3"),
            "{text}"
        );
    }
}
