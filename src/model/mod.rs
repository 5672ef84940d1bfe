//! The plan document: parcels with stacked strata, facilities, streets, and whatever
//! else the file held; its settings (the [`valuation`] settings among them). Geometry is
//! in metres of the plan's local frame ([`LocalFrame`], which also converts to WGS84).
//! What an edit changed is one type, [`Changes`], shared by `edit` and `analysis`.
//! The bottom layer: nothing here knows about files, edits, analysis or the UI.

pub mod basemaps;
mod bbox;
mod changes;
pub mod controls;
mod extra;
mod frame;
mod frame_fit;
mod ids;
mod lookup;
mod operation;
mod parcel;
mod problem;
pub mod provision;
pub mod reference;
pub mod rules;
mod stratum;
pub mod unit_code;
mod units;
pub mod valuation;

pub use basemaps::{Basemap, BasemapEntry, Basemaps};
pub use bbox::bbox_of;
pub use changes::Changes;
pub use controls::{Controls, ZoningSettings};
pub use extra::Extra;
pub(crate) use frame::wgs84;
pub use frame::{FrameProjector, LocalFrame, ProjectionError};
pub use frame_fit::ExtentProjector;
pub use ids::{FacilityId, ParcelId, StratumId, StreetId};
pub use lookup::ParcelLookup;
pub use operation::{Operation, OperationMode, parse_date};
pub use parcel::{Parcel, Status};
pub use problem::{Problem, ProblemKind, Severity, polygon_reason, shape_reason};
pub use reference::{Classification, Reference, Standard};
pub use rules::{CompatibilityRules, Limit, MainUseRule};
pub use stratum::{Holder, Right, Stratum, Term, Use, ZRange};
pub use unit_code::UnitZone;
pub use units::{AreaUnit, SQUARE_METERS_PER_MU, SquareMeters, format_area, format_area_in};

use geo::{MultiLineString, Point};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Which situation a feature belongs to: the land as it is, or as the plan proposes.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Scenario {
    Existing,
    #[default]
    Proposed,
}

impl Scenario {
    pub const ALL: [Scenario; 2] = [Scenario::Existing, Scenario::Proposed];

    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::Existing => "existing",
            Scenario::Proposed => "proposed",
        }
    }

    /// The scenario's name in a language.
    pub fn name_in(self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::tr_in;
        match self {
            Scenario::Existing => tr_in(lang, "scenario-existing"),
            Scenario::Proposed => tr_in(lang, "scenario-proposed"),
        }
    }

    /// The name in the current language.
    pub fn name(self) -> String {
        self.name_in(crate::i18n::lang())
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// What a feature held that the program does not interpret, kept for saving.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FeatureMeta {
    /// Properties other than the known ones, in file order.
    pub properties: Extra,
    /// Foreign members of the Feature object (other than type, id, geometry, properties).
    pub members: Extra,
    /// The id was a JSON number (QGIS writes `fid`s as numbers); written back as one.
    pub numeric_id: bool,
    /// The geometry was a MultiPolygon / MultiLineString even with one part.
    pub multi: bool,
}

/// A point facility of a life-circle category (kindergarten, clinic, market…).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Facility {
    pub id: FacilityId,
    pub scenario: Scenario,
    pub position: Point<f64>,
    pub category: String,
    pub name: Option<String>,
    pub meta: FeatureMeta,
}

/// A street line; walkable streets form the walking network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Street {
    pub id: StreetId,
    pub scenario: Scenario,
    pub line: MultiLineString<f64>,
    pub walkable: bool,
    pub name: Option<String>,
    pub meta: FeatureMeta,
}

/// A feature the program does not model (another `kind`, or one it could not read):
/// kept exactly as it was in the file, in WGS84.
#[derive(Clone, Debug, PartialEq)]
pub struct RawFeature {
    pub id: Option<String>,
    pub json: Value,
}

/// Plan-level settings: the `"strata"` foreign member of the FeatureCollection.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanSettings {
    pub format: u32,
    pub name: Option<String>,
    pub classification: String,
    pub standard: String,
    pub extra: Map<String, Value>,
}

impl Default for PlanSettings {
    fn default() -> Self {
        Self {
            format: 1,
            name: None,
            classification: "cn-2023".to_owned(),
            standard: "gb50180-2018".to_owned(),
            extra: Default::default(),
        }
    }
}

/// A whole plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub settings: PlanSettings,
    /// The local metric frame the geometry is expressed in.
    pub frame: LocalFrame,
    pub parcels: Vec<Parcel>,
    pub facilities: Vec<Facility>,
    pub streets: Vec<Street>,
    /// Features of other kinds, and features that could not be read (kept as they were).
    pub others: Vec<RawFeature>,
    /// Foreign members of the FeatureCollection other than `strata` (and `crs`, which
    /// is dropped because the file is written in WGS84).
    pub members: Map<String, Value>,
}

impl Plan {
    pub fn new(frame: LocalFrame) -> Self {
        Self {
            settings: PlanSettings::default(),
            frame,
            parcels: Vec::new(),
            facilities: Vec::new(),
            streets: Vec::new(),
            others: Vec::new(),
            members: Default::default(),
        }
    }

    pub fn parcel(&self, id: &ParcelId) -> Option<&Parcel> {
        self.parcels.iter().find(|p| &p.id == id)
    }

    pub fn parcels_in(&self, scenario: Scenario) -> impl Iterator<Item = &Parcel> {
        self.parcels.iter().filter(move |p| p.scenario == scenario)
    }

    pub fn facilities_in(&self, scenario: Scenario) -> impl Iterator<Item = &Facility> {
        self.facilities
            .iter()
            .filter(move |f| f.scenario == scenario)
    }

    pub fn streets_in(&self, scenario: Scenario) -> impl Iterator<Item = &Street> {
        self.streets.iter().filter(move |s| s.scenario == scenario)
    }

    /// Bounding box of all modelled geometry (of one scenario, or of both), in metres.
    pub fn extent(&self, scenario: Option<Scenario>) -> Option<geo::Rect<f64>> {
        use geo::BoundingRect;
        let wanted = |s: Scenario| scenario.is_none_or(|w| w == s);
        let rects = self
            .parcels
            .iter()
            .filter(|p| wanted(p.scenario))
            .filter_map(|p| p.shape.bounding_rect())
            .chain(
                self.streets
                    .iter()
                    .filter(|s| wanted(s.scenario))
                    .filter_map(|s| s.line.bounding_rect()),
            )
            .chain(
                self.facilities
                    .iter()
                    .filter(|f| wanted(f.scenario))
                    .map(|f| f.position.bounding_rect()),
            );
        rects.reduce(|a, b| {
            geo::Rect::new(
                geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
            )
        })
    }

    /// A display name: the plan's name, or "Untitled plan".
    pub fn display_name(&self) -> &str {
        self.settings.name.as_deref().unwrap_or("Untitled plan")
    }
}
