//! A stratum: one layer of land rights in a parcel's vertical stack (分层确权).

use geo::Polygon;
use serde::{Deserialize, Serialize};

use super::Extra;
use super::ids::StratumId;
use super::operation::Operation;

/// Vertical range in metres relative to ground; negative is underground.
/// Half-open `[bottom, top)`: strata that only touch do not overlap.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ZRange {
    pub bottom: f64,
    pub top: f64,
}

impl ZRange {
    pub fn new(bottom: f64, top: f64) -> Self {
        Self { bottom, top }
    }

    /// True when the two half-open ranges share some height.
    ///
    /// ```
    /// use strata::model::ZRange;
    /// assert!(!ZRange::new(-12.0, 3.0).overlaps(&ZRange::new(3.0, 15.0)));
    /// assert!(ZRange::new(-12.0, 3.0).overlaps(&ZRange::new(2.0, 15.0)));
    /// ```
    pub fn overlaps(&self, other: &ZRange) -> bool {
        self.bottom < other.top && other.bottom < self.top
    }

    pub fn is_above_ground(&self) -> bool {
        self.top > 0.0
    }
}

/// One land use of a stratum with its share of the stratum (mixed use, 混合用地).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Use {
    pub code: String,
    pub share: f64,
    /// Members the program does not know, kept through load and save.
    pub extra: Extra,
}

/// A right holder with its share (co-owned renewal: government, company, residents).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Holder {
    pub name: String,
    pub share: f64,
    /// Members the program does not know, kept through load and save.
    pub extra: Extra,
}

/// The kind of land right a stratum carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Right {
    Ownership,
    ConstructionLandUse,
    Lease,
    Easement,
    Operation,
    Other,
}

impl Right {
    pub const ALL: [Right; 6] = [
        Right::Ownership,
        Right::ConstructionLandUse,
        Right::Lease,
        Right::Easement,
        Right::Operation,
        Right::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Right::Ownership => "ownership",
            Right::ConstructionLandUse => "construction_land_use",
            Right::Lease => "lease",
            Right::Easement => "easement",
            Right::Operation => "operation",
            Right::Other => "other",
        }
    }

    /// The right's name in a language.
    pub fn name_in(self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::tr_in;
        match self {
            Right::Ownership => tr_in(lang, "right-ownership"),
            Right::ConstructionLandUse => tr_in(lang, "right-construction-land-use"),
            Right::Lease => tr_in(lang, "right-lease"),
            Right::Easement => tr_in(lang, "right-easement"),
            Right::Operation => tr_in(lang, "right-operation"),
            Right::Other => tr_in(lang, "right-other"),
        }
    }

    /// The name in the current language.
    pub fn name(self) -> String {
        self.name_in(crate::i18n::lang())
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// Term of a right (弹性年期出让): a start date and a length in years.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Term {
    /// ISO date `YYYY-MM-DD`, kept as written.
    pub start: Option<String>,
    pub years: Option<f64>,
    pub extra: Extra,
}

/// One layer of a parcel's vertical stack.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stratum {
    pub id: StratumId,
    pub z: ZRange,
    pub floors: Option<u32>,
    pub uses: Vec<Use>,
    pub holders: Vec<Holder>,
    pub right: Option<Right>,
    pub term: Option<Term>,
    /// Part of the parcel this stratum covers, in plan metres; `None` = the whole parcel.
    pub footprint: Option<Polygon<f64>>,
    /// Life-circle facility categories hosted in this stratum.
    pub facilities: Vec<String>,
    pub note: Option<String>,
    /// Real-estate unit code (不动产单元代码, `model::unit_code`), as written.
    pub unit_code: Option<String>,
    /// The codes of the strata this one was split or merged from, oldest first (the
    /// register keeps a unit's history when it is renumbered).
    pub parent_unit_codes: Vec<String>,
    /// How the stratum is operated and financed.
    /// Boxed: most strata have none, and it would double the size of every stratum.
    pub operation: Option<Box<Operation>>,
    /// Members the program does not know, kept unchanged through load and save.
    pub extra: Extra,
}

impl Stratum {
    /// A one-storey ground stratum with a single use, as new parcels get.
    pub fn ground(id: &str, code: &str) -> Self {
        Self {
            id: StratumId::new(id),
            z: ZRange::new(0.0, 3.0),
            floors: Some(1),
            uses: vec![Use {
                code: code.to_owned(),
                share: 1.0,
                extra: Default::default(),
            }],
            holders: Vec::new(),
            right: None,
            term: None,
            footprint: None,
            facilities: Vec::new(),
            note: None,
            unit_code: None,
            parent_unit_codes: Vec::new(),
            operation: None,
            extra: Default::default(),
        }
    }

    /// Share of this stratum's uses whose code starts with `prefix` (e.g. `07`).
    pub fn share_of_class(&self, prefix: &str) -> f64 {
        self.uses
            .iter()
            .filter(|u| u.code.starts_with(prefix))
            .map(|u| u.share)
            .fold(0.0, |a, b| a + b)
    }
}
