//! Real-estate unit codes (不动产单元代码) as GB/T 37346-2019 *不动产单元设定与代码编制规则*
//! lays them out: 28 characters in four parts.
//!
//! | characters | part | here |
//! |---|---|---|
//! | 1–6 | county-level administrative code (县级行政区划代码) | digits |
//! | 7–12 | cadastral zone (地籍区, 3) and sub-zone (地籍子区, 3) | digits |
//! | 13–14 | parcel feature code (宗地特征码): owner G state / J collective / Z undetermined, then the right: B construction-land use at the surface (地表), S above ground (地上), X below ground (地下), A, C, D, E, F, G, H, W, Y for the other rights | letters |
//! | 15–19 | parcel sequence number (宗地顺序号), 00001–99999 | digits |
//! | 20 | fixture feature code (定着物特征码): F building, L forest, Q other, W none | letter |
//! | 21–28 | fixture unit number (定着物单元编号); 00000000 with W | digits |
//!
//! The layered-right letters (GB / GS / GX) are what stratified rights (分层确权) use: each
//! stratum is a parcel of its own in the register, with its own sequence number.

use serde::{Deserialize, Serialize};

/// Length of a unit code.
pub const UNIT_CODE_LEN: usize = 28;

/// The plan setting `unit_zone`: the first twelve characters every code of the plan
/// shares (administrative code, cadastral zone, sub-zone).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitZone {
    /// County-level administrative division code, six digits (温州市龙湾区 330303).
    pub admin: String,
    /// Cadastral zone, three digits.
    pub zone: String,
    /// Cadastral sub-zone, three digits.
    pub subzone: String,
}

impl UnitZone {
    /// The twelve-character prefix, or what is wrong with the setting.
    pub fn prefix(&self) -> Result<String, UnitCodeFault> {
        let parts = [(&self.admin, 6), (&self.zone, 3), (&self.subzone, 3)];
        for (part, len) in parts {
            if part.len() != len || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(UnitCodeFault::Zone);
            }
        }
        Ok(format!("{}{}{}", self.admin, self.zone, self.subzone))
    }
}

/// The plan setting that holds the zone (`strata.unit_zone`).
pub const ZONE_SETTING: &str = "unit_zone";

impl super::PlanSettings {
    /// The plan's unit-code zone: `None` when not set, an error when set but not
    /// 6 + 3 + 3 digits.
    pub fn unit_zone(&self) -> Option<Result<UnitZone, UnitCodeFault>> {
        let value = self.extra.get(ZONE_SETTING)?;
        let zone = serde_json::from_value::<UnitZone>(value.clone());
        Some(match zone {
            Ok(zone) => zone.prefix().map(|_| zone),
            Err(_) => Err(UnitCodeFault::Zone),
        })
    }
}

/// Where a stratum lies, as the second letter of the parcel feature code says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    /// `X` (地下): mostly below ground.
    Below,
    /// `B` (地表): at the surface.
    Surface,
    /// `S` (地上): starts above ground.
    Above,
}

impl Layer {
    /// The layer of a stratum's vertical range: above when its bottom is above ground,
    /// below when more than half of it is underground (a half-buried plant from −12 m to
    /// 3 m is a below-ground stratum), else at the surface.
    ///
    /// ```
    /// use strata::model::unit_code::Layer;
    /// assert_eq!(Layer::of(-12.0, 3.0), Layer::Below);
    /// assert_eq!(Layer::of(0.0, 18.0), Layer::Surface);
    /// assert_eq!(Layer::of(3.0, 15.0), Layer::Above);
    /// ```
    pub fn of(bottom: f64, top: f64) -> Layer {
        if bottom > 0.0 {
            Layer::Above
        } else if bottom + top < 0.0 {
            Layer::Below
        } else {
            Layer::Surface
        }
    }

    pub fn letter(self) -> char {
        match self {
            Layer::Below => 'X',
            Layer::Surface => 'B',
            Layer::Above => 'S',
        }
    }
}

/// What is wrong with a code (the problem's message words it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitCodeFault {
    /// Not 28 characters.
    Length(usize),
    /// A character that cannot stand at this (1-based) position.
    Character(usize),
    /// The plan's zone setting is not 6 + 3 + 3 digits.
    Zone,
}

/// Second letters of the parcel feature code (宗地特征码) the standard lists.
const RIGHT_LETTERS: &str = "ABCDEFGHSWXY";

/// Checks a code's layout: 28 characters, digits and letters where the standard puts
/// them. It does not check that the administrative code exists.
///
/// ```
/// use strata::model::unit_code::{check, UnitCodeFault};
/// assert_eq!(check("330303001002GX00001F00010001"), Ok(()));
/// assert_eq!(check("330303001002GX0001F00010001"), Err(UnitCodeFault::Length(27)));
/// assert_eq!(check("330303001002GQ00001F00010001"), Err(UnitCodeFault::Character(14)));
/// ```
pub fn check(code: &str) -> Result<(), UnitCodeFault> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != UNIT_CODE_LEN {
        return Err(UnitCodeFault::Length(chars.len()));
    }
    for (i, &c) in chars.iter().enumerate() {
        let ok = match i {
            0..=11 | 14..=18 | 20..=27 => c.is_ascii_digit(),
            12 => "GJZ".contains(c),
            13 => RIGHT_LETTERS.contains(c),
            _ => "FLQW".contains(c),
        };
        if !ok {
            return Err(UnitCodeFault::Character(i + 1));
        }
    }
    if chars[19] == 'W' && chars[20..].iter().any(|&c| c != '0') {
        return Err(UnitCodeFault::Character(21));
    }
    Ok(())
}

/// A code from its parts: the zone prefix, the layer, the parcel sequence number, and
/// the building unit (`None` for a stratum with no building: `W00000000`).
///
/// ```
/// use strata::model::unit_code::{compose, Layer};
/// let code = compose("330303001002", Layer::Below, 1, Some((1, 1)));
/// assert_eq!(code, "330303001002GX00001F00010001");
/// ```
pub fn compose(prefix: &str, layer: Layer, sequence: u32, building: Option<(u32, u32)>) -> String {
    let fixture = match building {
        Some((building, unit)) => format!("F{:04}{:04}", building % 10_000, unit % 10_000),
        None => "W00000000".to_owned(),
    };
    format!(
        "{prefix}G{}{:05}{fixture}",
        layer.letter(),
        sequence % 100_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_add_up_to_28_characters() {
        let code = compose("330303001002", Layer::Above, 99_999, None);
        assert_eq!(code.len(), UNIT_CODE_LEN);
        assert_eq!(check(&code), Ok(()));
        assert_eq!(&code[12..14], "GS");
    }

    #[test]
    fn malformed_codes_name_the_place() {
        assert_eq!(check(""), Err(UnitCodeFault::Length(0)));
        assert_eq!(
            check("33030300100AGB00001W00000000"),
            Err(UnitCodeFault::Character(12))
        );
        assert_eq!(
            check("330303001002GB00001W00000001"),
            Err(UnitCodeFault::Character(21))
        );
        // Full-width digits are 28 characters but not ASCII digits.
        let wide = "３３０３０３００１００２GB00001W00000000";
        assert_eq!(check(wide), Err(UnitCodeFault::Character(1)));
    }

    #[test]
    fn a_zone_is_six_three_three_digits() {
        let zone = UnitZone {
            admin: "330303".into(),
            zone: "001".into(),
            subzone: "002".into(),
        };
        assert_eq!(zone.prefix().as_deref(), Ok("330303001002"));
        let bad = UnitZone {
            zone: "1".into(),
            ..zone
        };
        assert_eq!(bad.prefix(), Err(UnitCodeFault::Zone));
    }
}
