//! The projected CRS of a sheet's corner table (`strata sheet --crs`): by default the
//! CGCS2000 3° Gauss–Krüger zone of each parcel (zone number in the easting, EPSG:4513–
//! 4533), or one EPSG code for every sheet — the CGCS2000, Xi'an 1980 and Beijing 1954
//! Gauss–Krüger zones (3° and 6°, with or without the zone number) and WGS 84 UTM zones
//! are named in the sheet's language; any other projected code proj4rs knows is named
//! by its number. Definitions come from proj4rs's EPSG table: Xi'an 1980 is taken on
//! its own ellipsoid with no datum shift (as PROJ does without a grid), Beijing 1954
//! with the table's 3-parameter shift.

use proj4rs::Proj;

use crate::i18n::{Lang, Message, tr_args_in, tr_in};
use crate::msg;

/// Which CRS the corner table is in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CrsChoice {
    /// The CGCS2000 3° Gauss–Krüger zone of each parcel.
    #[default]
    Auto,
    Epsg(u32),
}

impl CrsChoice {
    /// `auto`, `EPSG:4527` or `4527`; `None` for anything else.
    ///
    /// ```
    /// use strata::sheet::CrsChoice;
    /// assert_eq!(CrsChoice::parse("auto"), Some(CrsChoice::Auto));
    /// assert_eq!(CrsChoice::parse("epsg:32650"), Some(CrsChoice::Epsg(32650)));
    /// assert_eq!(CrsChoice::parse("UTM"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("auto") {
            return Some(CrsChoice::Auto);
        }
        let upper = text.to_ascii_uppercase();
        let digits = upper.strip_prefix("EPSG:").unwrap_or(&upper).trim();
        digits.parse::<u32>().ok().map(CrsChoice::Epsg)
    }
}

/// The geodetic datums whose Gauss–Krüger zones are named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Datum {
    Cgcs2000,
    Xian1980,
    Beijing1954,
}

/// What a code is, for its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrsKind {
    /// A Gauss–Krüger zone `width` degrees wide around `cm`° E; `zone` when the zone
    /// number is written in front of the easting.
    GaussKruger {
        datum: Datum,
        width: u32,
        cm: u32,
        zone: Option<u32>,
    },
    Utm {
        zone: u32,
        north: bool,
    },
    Other,
}

/// The Gauss–Krüger families: first code, datum, zone width, and whether the zone
/// number is in the easting (then the first zone is 13 for 6°, 25 for 3°), else the
/// first central meridian is 75° E. Each family has 11 (6°) or 21 (3°) codes.
const GK_FAMILIES: [(u32, Datum, u32, bool); 12] = [
    (4491, Datum::Cgcs2000, 6, true),
    (4502, Datum::Cgcs2000, 6, false),
    (4513, Datum::Cgcs2000, 3, true),
    (4534, Datum::Cgcs2000, 3, false),
    (2327, Datum::Xian1980, 6, true),
    (2338, Datum::Xian1980, 6, false),
    (2349, Datum::Xian1980, 3, true),
    (2370, Datum::Xian1980, 3, false),
    (21413, Datum::Beijing1954, 6, true),
    (21473, Datum::Beijing1954, 6, false),
    (2401, Datum::Beijing1954, 3, true),
    (2422, Datum::Beijing1954, 3, false),
];

/// The kind of an EPSG code.
///
/// ```
/// use strata::sheet::{CrsKind, Datum, crs_kind};
/// assert_eq!(
///     crs_kind(4527),
///     CrsKind::GaussKruger { datum: Datum::Cgcs2000, width: 3, cm: 117, zone: Some(39) }
/// );
/// assert_eq!(crs_kind(32650), CrsKind::Utm { zone: 50, north: true });
/// ```
pub fn crs_kind(epsg: u32) -> CrsKind {
    for (first, datum, width, numbered) in GK_FAMILIES {
        let count = if width == 6 { 11 } else { 21 };
        if (first..first + count).contains(&epsg) {
            let i = epsg - first;
            let cm = 75 + width * i;
            let zone = numbered.then(|| if width == 6 { 13 + i } else { 25 + i });
            return CrsKind::GaussKruger {
                datum,
                width,
                cm,
                zone,
            };
        }
    }
    match epsg {
        32601..=32660 => CrsKind::Utm {
            zone: epsg - 32600,
            north: true,
        },
        32701..=32760 => CrsKind::Utm {
            zone: epsg - 32700,
            north: false,
        },
        _ => CrsKind::Other,
    }
}

/// Why `--crs` cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrsProblem {
    /// No definition of the code (or not one proj4rs can read).
    Unknown(u32),
    /// Degrees, not metres.
    Geographic(u32),
}

impl CrsProblem {
    pub fn message(&self) -> Message {
        match self {
            CrsProblem::Unknown(code) => msg!("sheet-err-crs-unknown", code = code.to_string()),
            CrsProblem::Geographic(code) => {
                msg!("sheet-err-crs-geographic", code = code.to_string())
            }
        }
    }
}

/// A projected CRS for corner coordinates: its code, kind and definition.
pub struct CornerCrs {
    pub epsg: u32,
    pub kind: CrsKind,
    pub proj: Proj,
}

impl std::fmt::Debug for CornerCrs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EPSG:{}", self.epsg)
    }
}

impl CornerCrs {
    /// The CRS of an EPSG code; fails on a code proj4rs does not know or a geographic
    /// one.
    pub fn from_epsg(epsg: u32) -> Result<Self, CrsProblem> {
        let code = u16::try_from(epsg).map_err(|_| CrsProblem::Unknown(epsg))?;
        let proj = Proj::from_epsg_code(code).map_err(|_| CrsProblem::Unknown(epsg))?;
        if proj.is_latlong() || proj.is_geocent() {
            return Err(CrsProblem::Geographic(epsg));
        }
        Ok(Self {
            epsg,
            kind: crs_kind(epsg),
            proj,
        })
    }

    /// The name shown in the table's heading, e.g. "CGCS2000 3° GK zone 39 (EPSG:4527)".
    pub fn name(&self, lang: Lang) -> String {
        self.named(lang, false)
    }

    /// A shorter name for the title block, e.g. "CGCS2000 3° GK 39 (EPSG:4527)".
    pub fn short_name(&self, lang: Lang) -> String {
        self.named(lang, true)
    }

    fn named(&self, lang: Lang, short: bool) -> String {
        let key = |long: &'static str, brief: &'static str| if short { brief } else { long };
        let name = match self.kind {
            CrsKind::GaussKruger {
                datum,
                width,
                cm,
                zone,
            } => {
                let datum = tr_in(
                    lang,
                    match datum {
                        Datum::Cgcs2000 => "sheet-crs-cgcs2000",
                        Datum::Xian1980 => "sheet-crs-xian1980",
                        Datum::Beijing1954 => "sheet-crs-beijing1954",
                    },
                );
                let (key, number) = match zone {
                    Some(zone) => (key("sheet-crs-gk-zone", "sheet-crs-short-gk-zone"), zone),
                    None => (key("sheet-crs-gk-cm", "sheet-crs-short-gk-cm"), cm),
                };
                tr_args_in(
                    lang,
                    key,
                    &[
                        ("datum", datum.into()),
                        ("width", width.to_string().into()),
                        ("number", number.to_string().into()),
                    ],
                )
            }
            CrsKind::Utm { zone, north } => tr_args_in(
                lang,
                key("sheet-crs-utm", "sheet-crs-short-utm"),
                &[
                    ("zone", zone.to_string().into()),
                    ("hemisphere", if north { "N" } else { "S" }.into()),
                ],
            ),
            CrsKind::Other => return format!("EPSG:{}", self.epsg),
        };
        tr_args_in(
            lang,
            "sheet-crs-named",
            &[
                ("name", name.into()),
                ("epsg", self.epsg.to_string().into()),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The families' ends, as pyproj 3.7 names them ("Xian 1980 / Gauss-Kruger CM
    /// 135E", "Beijing 1954 / 3-degree Gauss-Kruger zone 45"…).
    #[test]
    fn family_ends_match_the_epsg_names() {
        let gk = |datum, width, cm, zone| CrsKind::GaussKruger {
            datum,
            width,
            cm,
            zone,
        };
        use Datum::*;
        assert_eq!(crs_kind(4491), gk(Cgcs2000, 6, 75, Some(13)));
        assert_eq!(crs_kind(4512), gk(Cgcs2000, 6, 135, None));
        assert_eq!(crs_kind(4533), gk(Cgcs2000, 3, 135, Some(45)));
        assert_eq!(crs_kind(4554), gk(Cgcs2000, 3, 135, None));
        assert_eq!(crs_kind(2337), gk(Xian1980, 6, 135, Some(23)));
        assert_eq!(crs_kind(2348), gk(Xian1980, 6, 135, None));
        assert_eq!(crs_kind(2369), gk(Xian1980, 3, 135, Some(45)));
        assert_eq!(crs_kind(2390), gk(Xian1980, 3, 135, None));
        assert_eq!(crs_kind(21423), gk(Beijing1954, 6, 135, Some(23)));
        assert_eq!(crs_kind(21483), gk(Beijing1954, 6, 135, None));
        assert_eq!(crs_kind(2421), gk(Beijing1954, 3, 135, Some(45)));
        assert_eq!(crs_kind(2442), gk(Beijing1954, 3, 135, None));
        assert_eq!(
            crs_kind(32760),
            CrsKind::Utm {
                zone: 60,
                north: false
            }
        );
        assert_eq!(crs_kind(3857), CrsKind::Other);
    }

    #[test]
    fn codes_are_checked_and_named() {
        for code in [4527, 4498, 2364, 2385, 21418, 2416, 32650, 32750] {
            let crs = CornerCrs::from_epsg(code).unwrap_or_else(|e| panic!("{code}: {e:?}"));
            assert!(crs.name(Lang::En).contains(&format!("EPSG:{code}")));
        }
        assert_eq!(
            CornerCrs::from_epsg(4326).err(),
            Some(CrsProblem::Geographic(4326))
        );
        assert_eq!(
            CornerCrs::from_epsg(99_999).err(),
            Some(CrsProblem::Unknown(99_999))
        );
        let gk = CornerCrs::from_epsg(4527).expect("4527");
        assert_eq!(gk.name(Lang::En), "CGCS2000 3° GK zone 39 (EPSG:4527)");
        assert_eq!(
            gk.name(Lang::Zh),
            "CGCS2000 3° 高斯–克吕格第 39 带（EPSG:4527）"
        );
        assert_eq!(gk.short_name(Lang::En), "CGCS2000 3° GK 39 (EPSG:4527)");
        let utm = CornerCrs::from_epsg(32650).expect("utm");
        assert_eq!(utm.name(Lang::En), "WGS 84 / UTM zone 50N (EPSG:32650)");
    }
}
