//! The valuation settings a plan carries (issue 9): the planner's weights and choices,
//! saved in the plan's `strata` member under [`SETTINGS_KEY`] and changed through
//! `edit::EditCmd::SetSetting`. The valuation itself, and reading and checking these
//! settings from a plan (`ValuationSettings::of_plan`), are in `analysis::valuation`.

use serde::{Deserialize, Serialize};

/// Key of the valuation settings in the plan's `strata` member (`settings.extra`).
pub const SETTINGS_KEY: &str = "valuation";

/// One dimension of the valuation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Criterion {
    Transit,
    Centre,
    Service,
    Size,
    Shape,
    Heritage,
    Policy,
}

impl Criterion {
    pub const ALL: [Criterion; 7] = [
        Criterion::Transit,
        Criterion::Centre,
        Criterion::Service,
        Criterion::Size,
        Criterion::Shape,
        Criterion::Heritage,
        Criterion::Policy,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Criterion::Transit => "transit",
            Criterion::Centre => "centre",
            Criterion::Service => "service",
            Criterion::Size => "size",
            Criterion::Shape => "shape",
            Criterion::Heritage => "heritage",
            Criterion::Policy => "policy",
        }
    }

    /// The criterion's name in `lang`.
    pub fn name_in(self, lang: crate::i18n::Lang) -> String {
        crate::i18n::tr_in(
            lang,
            match self {
                Criterion::Transit => "valuation-transit",
                Criterion::Centre => "valuation-centre",
                Criterion::Service => "valuation-service",
                Criterion::Size => "valuation-size",
                Criterion::Shape => "valuation-shape",
                Criterion::Heritage => "valuation-heritage",
                Criterion::Policy => "valuation-policy",
            },
        )
    }

    /// The criterion's name in the interface language, for display now.
    pub fn name(self) -> String {
        self.name_in(crate::i18n::lang())
    }
}

/// Weight of each criterion (any non-negative numbers; only their ratios matter).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    pub transit: f64,
    pub centre: f64,
    pub service: f64,
    pub size: f64,
    pub shape: f64,
    pub heritage: f64,
    pub policy: f64,
}

impl Default for Weights {
    /// Service counts double: bringing residents within reach is what activation is for.
    fn default() -> Self {
        Self {
            transit: 1.0,
            centre: 1.0,
            service: 2.0,
            size: 1.0,
            shape: 0.5,
            heritage: 0.5,
            policy: 1.0,
        }
    }
}

impl Weights {
    pub fn get(&self, c: Criterion) -> f64 {
        match c {
            Criterion::Transit => self.transit,
            Criterion::Centre => self.centre,
            Criterion::Service => self.service,
            Criterion::Size => self.size,
            Criterion::Shape => self.shape,
            Criterion::Heritage => self.heritage,
            Criterion::Policy => self.policy,
        }
    }

    pub fn get_mut(&mut self, c: Criterion) -> &mut f64 {
        match c {
            Criterion::Transit => &mut self.transit,
            Criterion::Centre => &mut self.centre,
            Criterion::Service => &mut self.service,
            Criterion::Size => &mut self.size,
            Criterion::Shape => &mut self.shape,
            Criterion::Heritage => &mut self.heritage,
            Criterion::Policy => &mut self.policy,
        }
    }
}

/// The planner's valuation settings, as saved under [`SETTINGS_KEY`]; every field is
/// optional in the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ValuationSettings {
    pub weights: Weights,
    /// Statuses of the parcels valued (status names, or `all`).
    pub candidates: Vec<String>,
    /// The category the service criterion is about; `None` = the worst-covered one.
    pub service_category: Option<String>,
    /// The district centre as [longitude, latitude]; `None` = population-weighted centre.
    pub centre: Option<[f64; 2]>,
    /// Distance at which the centre criterion reaches 0.
    pub centre_reach_m: f64,
    /// Ground area at which the size criterion reaches 1.
    pub size_full_m2: f64,
    /// Statuses the policy favours (policy 1 unless the parcel sets `policy`).
    pub favoured: Vec<String>,
    /// Categories that count as transit.
    pub transit: Vec<String>,
}

impl Default for ValuationSettings {
    fn default() -> Self {
        Self {
            weights: Weights::default(),
            candidates: [
                "idle",
                "underused",
                "heritage",
                "micro_renovation",
                "released",
            ]
            .map(String::from)
            .into(),
            service_category: None,
            centre: None,
            centre_reach_m: 1_000.0,
            size_full_m2: 10_000.0,
            favoured: Vec::new(),
            transit: ["transit_station", "bus_stop"].map(String::from).into(),
        }
    }
}

impl ValuationSettings {
    /// The settings as saved in the plan.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}
