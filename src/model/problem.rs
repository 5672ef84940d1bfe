//! Problems found while reading or validating a plan. Each names the feature it concerns
//! and says what is wrong; `kind` is a stable machine-readable string.

use std::fmt;

use crate::i18n::{self, Lang, Message};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! problem_kinds {
    ($($variant:ident => $text:literal,)*) => {
        /// What kind of problem: the stable strings of `strata check`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ProblemKind { $($variant,)* }

        impl ProblemKind {
            pub const ALL: &'static [ProblemKind] = &[$(ProblemKind::$variant,)*];
            pub fn as_str(self) -> &'static str {
                match self { $(ProblemKind::$variant => $text,)* }
            }
        }
    };
}

problem_kinds! {
    Unreadable => "unreadable",
    NotFeatureCollection => "not-feature-collection",
    InvalidFeature => "invalid-feature",
    InvalidGeometryType => "invalid-geometry-type",
    MalformedCoordinates => "malformed-coordinates",
    RingNotClosed => "ring-not-closed",
    RingTooFewPositions => "ring-too-few-positions",
    RingTooFewPoints => "ring-too-few-points",
    SelfIntersection => "self-intersection",
    ZeroArea => "zero-area",
    HoleOutsideShell => "hole-outside-shell",
    OverlappingParts => "overlapping-parts",
    CoordinateOutOfRange => "coordinate-out-of-range",
    DuplicateId => "duplicate-id",
    InvalidShare => "invalid-share",
    SharesNotOne => "shares-not-one",
    InvalidZ => "invalid-z",
    InvalidStrata => "invalid-strata",
    InvalidProperty => "invalid-property",
    UnknownLandUse => "unknown-land-use",
    UnknownFacilityCategory => "unknown-facility-category",
    FootprintOutsideParcel => "footprint-outside-parcel",
    RightsConflict => "rights-conflict",
    UnsupportedCrs => "unsupported-crs",
    InvalidUnitCode => "invalid-unit-code",
    DuplicateUnitCode => "duplicate-unit-code",
    InvalidOperation => "invalid-operation",
    Sliver => "sliver",
    NoHolder => "no-holder",
    NoRight => "no-right",
    NoPopulation => "no-population",
    ParkTooSmall => "park-too-small",
    FacilityOffNetwork => "facility-off-network",
    SitingRule => "siting-rule",
    ParkTooNarrow => "park-too-narrow",
    // Zoning kinds are written as DESIGN.md names them (with underscores).
    ControlExceeded => "control_exceeded",
    IncompatibleUse => "incompatible_use",
    ControlsInvalid => "controls_invalid",
    FacilityNotProvided => "facility_not_provided",
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem of a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    pub kind: ProblemKind,
    /// Id of the feature concerned (for a conflict, the first of the two); `None` for
    /// problems of the whole file.
    pub feature: Option<String>,
    /// What is wrong, rendered in the language chosen when it is shown (`Display` is
    /// English, the stable text of `strata check`).
    pub message: Message,
    /// The second feature of a problem between two (a rights conflict), to draw it.
    pub other: Option<String>,
}

impl Problem {
    /// The same problem naming a second feature.
    pub fn with_other(mut self, other: &str) -> Self {
        self.other = Some(other.to_owned());
        self
    }

    pub fn error(kind: ProblemKind, feature: Option<&str>, message: Message) -> Self {
        Self {
            severity: Severity::Error,
            kind,
            feature: feature.map(str::to_owned),
            message,
            other: None,
        }
    }

    pub fn warning(kind: ProblemKind, feature: Option<&str>, message: Message) -> Self {
        Self {
            severity: Severity::Warning,
            kind,
            feature: feature.map(str::to_owned),
            message,
            other: None,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The whole line (`error [kind] id: message`) in `lang`; the kind stays its machine
    /// id so that it can be searched for in either language.
    pub fn text_in(&self, lang: Lang) -> String {
        let severity = match self.severity {
            Severity::Error => i18n::tr_in(lang, "severity-error"),
            Severity::Warning => i18n::tr_in(lang, "severity-warning"),
        };
        let message = self.message.text_in(lang);
        match &self.feature {
            Some(id) => format!("{severity} [{}] {id}: {message}", self.kind),
            None => format!("{severity} [{}] {message}", self.kind),
        }
    }

    /// The whole line in the current language.
    pub fn text(&self) -> String {
        self.text_in(i18n::lang())
    }
}

/// English, as `strata check` prints it.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text_in(Lang::En))
    }
}

/// What geo finds wrong with a polygon, as a message in the chosen language. geo words its
/// validation errors in English only; each is rebuilt here from its parts (`geo-*` keys),
/// the English text being geo's own. Indices count from 0 in English, as geo's do, and
/// from 1 in Chinese.
pub fn polygon_reason(problem: &geo::algorithm::validation::InvalidPolygon) -> Message {
    use crate::msg;
    use geo::algorithm::validation::{InvalidPolygon as Invalid, RingRole};
    let ring = |role: &RingRole| match role {
        RingRole::Exterior => msg!("geo-ring-exterior"),
        RingRole::Interior(i) => msg!(
            "geo-ring-interior",
            index = i.to_string(),
            n = (i + 1).to_string()
        ),
    };
    match problem {
        Invalid::TooFewPointsInRing(r) => msg!("geo-too-few-points", ring = ring(r)),
        Invalid::SelfIntersection(r) => msg!("geo-self-intersection", ring = ring(r)),
        Invalid::NonFiniteCoord(r, at) => msg!(
            "geo-non-finite",
            ring = ring(r),
            index = at.0.to_string(),
            n = (at.0 + 1).to_string()
        ),
        Invalid::InteriorRingNotContainedInExteriorRing(r) => {
            msg!("geo-not-contained", ring = ring(r))
        }
        Invalid::IntersectingRingsOnALine(a, b) => {
            msg!("geo-rings-line", a = ring(a), b = ring(b))
        }
        Invalid::IntersectingRingsOnAnArea(a, b) => {
            msg!("geo-rings-area", a = ring(a), b = ring(b))
        }
    }
}

/// What geo finds wrong with a multipolygon (see [`polygon_reason`]).
pub fn shape_reason(problem: &geo::algorithm::validation::InvalidMultiPolygon) -> Message {
    use crate::msg;
    use geo::algorithm::validation::InvalidMultiPolygon as Invalid;
    let pair = |message: Message, a: usize, b: usize| {
        message
            .arg("a", a.to_string())
            .arg("b", b.to_string())
            .arg("na", (a + 1).to_string())
            .arg("nb", (b + 1).to_string())
    };
    match problem {
        Invalid::InvalidPolygon(index, inner) => msg!(
            "geo-polygon-invalid",
            index = index.0.to_string(),
            n = (index.0 + 1).to_string(),
            problem = polygon_reason(inner)
        ),
        Invalid::ElementsOverlaps(a, b) => pair(msg!("geo-polygons-overlap"), a.0, b.0),
        Invalid::ElementsTouchOnALine(a, b) => pair(msg!("geo-polygons-touch"), a.0, b.0),
    }
}
