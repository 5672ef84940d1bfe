//! Regulatory controls of a parcel (控规指标): what a regulatory detailed plan (控制性详细
//! 规划) allows on it — the `controls` member of a parcel in the plan file.
//!
//! Every member is optional. Reading never fails: a member of the wrong type is kept
//! as it was written (so a save loses nothing) and reported by validation as
//! `controls-invalid`; members Strata does not know are kept unchanged.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

/// The controls of one parcel. Ratios are fractions (0.30, not 30).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Controls {
    /// Parcel code (地块编码), e.g. `XA-03-07`: how the bureau names the parcel.
    pub code: Option<String>,
    /// Zone (用地性质 / 分区) as the plan writes it, e.g. `R2`.
    pub zone: Option<String>,
    /// Permitted main use: a land-use code or class (`0701`, `07`).
    pub main_use: Option<String>,
    /// Floor area ratio range (容积率): minimum and maximum, either may be absent.
    pub far_min: Option<f64>,
    pub far_max: Option<f64>,
    /// Maximum building density (建筑密度), a fraction of the parcel area.
    pub density_max: Option<f64>,
    /// Minimum green ratio (绿地率), a fraction of the parcel area.
    pub green_min: Option<f64>,
    /// Maximum building height (建筑限高), metres above ground.
    pub height_max: Option<f64>,
    /// Minimum parking spaces per 100 m² of counted floor area.
    pub parking_min_per_100m2: Option<f64>,
    /// Facility categories the parcel must host (配套设施).
    pub facilities: Vec<String>,
    /// Known members whose value has the wrong type, kept as written.
    pub invalid: Map<String, Value>,
    /// Members Strata does not know, kept unchanged.
    pub extra: Map<String, Value>,
}

/// The members of `controls` that hold a single number.
const NUMBERS: [&str; 5] = [
    "density_max",
    "green_min",
    "height_max",
    "parking_min_per_100m2",
    "far",
];

impl Controls {
    /// Reads the `controls` object of a parcel; never fails (see the module doc).
    pub fn from_json(object: Map<String, Value>) -> Self {
        let mut controls = Controls::default();
        for (key, value) in object {
            if !controls.take(&key, &value) {
                let known = NUMBERS.contains(&key.as_str())
                    || ["code", "zone", "main_use", "facilities"].contains(&key.as_str());
                if known {
                    controls.invalid.insert(key, value);
                } else {
                    controls.extra.insert(key, value);
                }
            }
        }
        controls
    }

    /// Stores one member if it has the right type; false otherwise.
    fn take(&mut self, key: &str, value: &Value) -> bool {
        let text = || value.as_str().map(str::to_owned);
        let number = || match value {
            Value::Null => Some(None),
            Value::Number(n) => n.as_f64().map(Some),
            _ => None,
        };
        match key {
            "code" => text().map(|t| self.code = Some(t)).is_some(),
            "zone" => text().map(|t| self.zone = Some(t)).is_some(),
            "main_use" => text().map(|t| self.main_use = Some(t)).is_some(),
            "density_max" => number().map(|n| self.density_max = n).is_some(),
            "green_min" => number().map(|n| self.green_min = n).is_some(),
            "height_max" => number().map(|n| self.height_max = n).is_some(),
            "parking_min_per_100m2" => number().map(|n| self.parking_min_per_100m2 = n).is_some(),
            "far" => self.take_far(value),
            "facilities" => self.take_facilities(value),
            _ => false,
        }
    }

    fn take_far(&mut self, value: &Value) -> bool {
        let bound = |v: &Value| match v {
            Value::Null => Some(None),
            Value::Number(n) => n.as_f64().map(Some),
            _ => None,
        };
        match value.as_array().map(Vec::as_slice) {
            Some([min, max]) => match (bound(min), bound(max)) {
                (Some(min), Some(max)) => {
                    self.far_min = min;
                    self.far_max = max;
                    true
                }
                _ => false,
            },
            _ => false,
        }
    }

    fn take_facilities(&mut self, value: &Value) -> bool {
        let Some(items) = value.as_array() else {
            return false;
        };
        let ids: Option<Vec<String>> = items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect();
        ids.map(|ids| self.facilities = ids).is_some()
    }

    /// The `controls` object as the plan file holds it.
    pub fn to_json(&self) -> Map<String, Value> {
        let mut out = Map::new();
        let mut text = |key: &str, value: &Option<String>| {
            if let Some(v) = value {
                out.insert(key.to_owned(), Value::String(v.clone()));
            }
        };
        text("code", &self.code);
        text("zone", &self.zone);
        text("main_use", &self.main_use);
        let number = |v: f64| Number::from_f64(v).map_or(Value::Null, Value::Number);
        if self.far_min.is_some() || self.far_max.is_some() {
            let bound = |b: Option<f64>| b.map_or(Value::Null, number);
            let far = vec![bound(self.far_min), bound(self.far_max)];
            out.insert("far".to_owned(), Value::Array(far));
        }
        for (key, value) in [
            ("density_max", self.density_max),
            ("green_min", self.green_min),
            ("height_max", self.height_max),
            ("parking_min_per_100m2", self.parking_min_per_100m2),
        ] {
            if let Some(v) = value {
                out.insert(key.to_owned(), number(v));
            }
        }
        if !self.facilities.is_empty() {
            let ids = self.facilities.iter().cloned().map(Value::String).collect();
            out.insert("facilities".to_owned(), Value::Array(ids));
        }
        for (key, value) in self.invalid.iter().chain(&self.extra) {
            out.insert(key.clone(), value.clone());
        }
        out
    }

    /// True when no control is set (nothing to check).
    pub fn is_empty(&self) -> bool {
        self == &Controls::default()
    }
}

/// The plan settings that change how achieved indicators are counted (members of the
/// plan's `strata` settings).
#[derive(Clone, Debug, PartialEq)]
pub struct ZoningSettings {
    /// Count underground strata in the floor area (`count_underground`, default false).
    pub count_underground: bool,
    /// Share of roof green counted in the green ratio (`roof_green_factor`, default 0).
    pub roof_green_factor: f64,
    /// Building climate zone (建筑气候区划, `I` … `VII`, `climate_zone`): when given,
    /// residential parcels are also checked against the standard's residential-block table.
    pub climate_zone: Option<String>,
}

impl Default for ZoningSettings {
    fn default() -> Self {
        Self {
            count_underground: false,
            roof_green_factor: 0.0,
            climate_zone: None,
        }
    }
}

impl ZoningSettings {
    /// The settings members read here: editing one changes the zoning checks of every
    /// parcel.
    pub const KEYS: [&'static str; 3] = ["count_underground", "roof_green_factor", "climate_zone"];

    /// Reads the settings from the plan's `strata` member (unknown or wrong-typed values
    /// fall back to the defaults).
    pub fn from_settings(extra: &Map<String, Value>) -> Self {
        let defaults = Self::default();
        Self {
            count_underground: extra
                .get("count_underground")
                .and_then(Value::as_bool)
                .unwrap_or(defaults.count_underground),
            roof_green_factor: extra
                .get("roof_green_factor")
                .and_then(Value::as_f64)
                .unwrap_or(defaults.roof_green_factor),
            climate_zone: extra
                .get("climate_zone")
                .and_then(Value::as_str)
                .map(str::to_owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(text: &str) -> Map<String, Value> {
        match serde_json::from_str(text) {
            Ok(Value::Object(map)) => map,
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn every_member_reads_and_writes_back() {
        let text = r#"{"code":"XA-03-07","zone":"R2","main_use":"0701","far":[1.0,2.5],
            "density_max":0.3,"green_min":0.35,"height_max":60,"parking_min_per_100m2":1.0,
            "facilities":["kindergarten"],"approved":"2024-05"}"#;
        let controls = Controls::from_json(object(text));
        assert_eq!(controls.code.as_deref(), Some("XA-03-07"));
        assert_eq!((controls.far_min, controls.far_max), (Some(1.0), Some(2.5)));
        assert_eq!(controls.height_max, Some(60.0));
        assert_eq!(controls.facilities, vec!["kindergarten".to_owned()]);
        assert!(controls.invalid.is_empty());
        assert_eq!(
            controls.extra.get("approved"),
            Some(&Value::from("2024-05"))
        );
        assert_eq!(Controls::from_json(controls.to_json()), controls);
    }

    #[test]
    fn wrong_types_are_kept_as_written_not_lost() {
        let text = r#"{"far":"2.5","height_max":[60],"density_max":0.3,"facilities":[1]}"#;
        let controls = Controls::from_json(object(text));
        assert_eq!(controls.density_max, Some(0.3));
        assert_eq!(controls.far_max, None);
        let keys: Vec<&String> = controls.invalid.keys().collect();
        assert_eq!(keys, ["far", "height_max", "facilities"]);
        let back = controls.to_json();
        assert_eq!(back.get("far"), Some(&Value::from("2.5")));
        assert_eq!(Controls::from_json(back), controls);
    }

    #[test]
    fn an_open_far_range_keeps_its_null() {
        let controls = Controls::from_json(object(r#"{"far":[null,2.0]}"#));
        assert_eq!((controls.far_min, controls.far_max), (None, Some(2.0)));
        let far = controls.to_json().get("far").cloned();
        assert_eq!(far, Some(serde_json::json!([null, 2.0])));
    }
}
