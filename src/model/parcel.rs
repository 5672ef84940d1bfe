//! Parcels: polygons of land with a stack of strata.

use std::borrow::Cow;

use geo::{Area, MultiPolygon};
use serde::{Deserialize, Serialize};

use super::controls::Controls;
use super::ids::ParcelId;
use super::stratum::Stratum;
use super::units::SquareMeters;
use super::{FeatureMeta, Scenario};

/// Where a parcel stands in the renewal process (资源锁定 inventory).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Status {
    Existing,
    Idle,
    Underused,
    Heritage,
    MicroRenovation,
    Planned,
    Released,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Existing,
        Status::Idle,
        Status::Underused,
        Status::Heritage,
        Status::MicroRenovation,
        Status::Planned,
        Status::Released,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Existing => "existing",
            Status::Idle => "idle",
            Status::Underused => "underused",
            Status::Heritage => "heritage",
            Status::MicroRenovation => "micro_renovation",
            Status::Planned => "planned",
            Status::Released => "released",
        }
    }

    /// The status's name in a language (`idle` → "Idle" / "闲置").
    pub fn name_in(self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::tr_in;
        match self {
            Status::Existing => tr_in(lang, "status-existing"),
            Status::Idle => tr_in(lang, "status-idle"),
            Status::Underused => tr_in(lang, "status-underused"),
            Status::Heritage => tr_in(lang, "status-heritage"),
            Status::MicroRenovation => tr_in(lang, "status-micro-renovation"),
            Status::Planned => tr_in(lang, "status-planned"),
            Status::Released => tr_in(lang, "status-released"),
        }
    }

    /// The name in the current language.
    pub fn name(self) -> String {
        self.name_in(crate::i18n::lang())
    }

    /// A status id as tables show it: the id itself in English (what the plan file and
    /// `--candidates` take), the status's name in Chinese (`idle` → 闲置); an unknown id
    /// as it is.
    pub fn shown(id: &str) -> String {
        match (crate::i18n::lang(), Status::parse(id)) {
            (crate::i18n::Lang::Zh, Some(status)) => status.name(),
            _ => id.to_owned(),
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Parcel {
    pub id: ParcelId,
    pub scenario: Scenario,
    /// Geometry in plan metres. A GeoJSON Polygon is a one-part MultiPolygon here.
    pub shape: MultiPolygon<f64>,
    pub name: Option<String>,
    pub status: Option<Status>,
    pub strata: Vec<Stratum>,
    /// Residents; `None` = derived from residential floor area.
    pub population: Option<f64>,
    /// Regulatory controls (控规指标), when the plan gives them.
    pub controls: Option<Controls>,
    pub meta: FeatureMeta,
}

impl Parcel {
    pub fn new(id: &str, scenario: Scenario, shape: MultiPolygon<f64>) -> Self {
        Self {
            id: ParcelId::new(id),
            scenario,
            shape,
            name: None,
            status: None,
            strata: Vec::new(),
            population: None,
            controls: None,
            meta: FeatureMeta {
                properties: Default::default(),
                members: Default::default(),
                numeric_id: false,
                multi: false,
            },
        }
    }

    /// Ground area of the parcel polygon.
    pub fn area(&self) -> SquareMeters {
        SquareMeters(self.shape.unsigned_area())
    }

    /// The polygon a stratum covers: its footprint, or the whole parcel (borrowed: a
    /// city's 200 000 strata are mostly the whole parcel, and copying each shape to
    /// compare strata was a tenth of a whole check's memory).
    pub fn stratum_shape(&self, stratum: &Stratum) -> Cow<'_, MultiPolygon<f64>> {
        match &stratum.footprint {
            Some(footprint) => Cow::Owned(MultiPolygon::new(vec![footprint.clone()])),
            None => Cow::Borrowed(&self.shape),
        }
    }

    /// Area a stratum covers (its footprint, or the parcel).
    pub fn stratum_area(&self, stratum: &Stratum) -> SquareMeters {
        match &stratum.footprint {
            Some(footprint) => SquareMeters(footprint.unsigned_area()),
            None => self.area(),
        }
    }

    /// A parcel is residential when any stratum has a residential (class 07) use.
    pub fn is_residential(&self) -> bool {
        self.strata
            .iter()
            .any(|s| s.uses.iter().any(|u| u.code.starts_with("07")))
    }

    /// Land-use code of the largest share over all strata (for colouring and lists).
    pub fn main_use(&self) -> Option<&str> {
        let mut best: Option<(&str, f64)> = None;
        for stratum in &self.strata {
            let area = self.stratum_area(stratum).m2();
            for u in &stratum.uses {
                let weight = u.share * area.max(1e-9);
                if best.is_none_or(|(_, w)| weight > w) {
                    best = Some((&u.code, weight));
                }
            }
        }
        best.map(|(code, _)| code)
    }
}
