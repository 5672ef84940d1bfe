//! Area units. Planners report land in m², hectares and mu (亩).

/// Square metres in one mu (亩): 10 000 m² / 15.
pub const SQUARE_METERS_PER_MU: f64 = 10_000.0 / 15.0;

/// An area in square metres (ground metres of the plan's local frame).
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct SquareMeters(pub f64);

impl SquareMeters {
    pub fn m2(self) -> f64 {
        self.0
    }
    pub fn ha(self) -> f64 {
        self.0 / 10_000.0
    }
    /// The area in mu (亩).
    ///
    /// ```
    /// use strata::model::SquareMeters;
    /// assert!((SquareMeters(191_333.33).mu() - 287.0).abs() < 1e-3);
    /// ```
    pub fn mu(self) -> f64 {
        self.0 / SQUARE_METERS_PER_MU
    }
    pub fn from_mu(mu: f64) -> Self {
        Self(mu * SQUARE_METERS_PER_MU)
    }
}

impl std::ops::Add for SquareMeters {
    type Output = Self;
    fn add(self, rhs: Self) -> Self {
        Self(self.0 + rhs.0)
    }
}

impl std::ops::AddAssign for SquareMeters {
    fn add_assign(&mut self, rhs: Self) {
        self.0 += rhs.0;
    }
}

impl std::ops::Sub for SquareMeters {
    type Output = Self;
    fn sub(self, rhs: Self) -> Self {
        Self(self.0 - rhs.0)
    }
}

impl std::iter::Sum for SquareMeters {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        Self(iter.map(|a| a.0).fold(0.0, |a, b| a + b))
    }
}

/// `1 234 567.8 m² · 123.46 ha · 1 851.85 mu`, as the CLI prints areas, with the unit
/// symbols of the current language (`亩` in Chinese, as wide on a terminal as `mu`).
pub fn format_area(area: SquareMeters) -> String {
    format_area_in(area, crate::i18n::lang())
}

/// [`format_area`] in `lang`.
///
/// ```
/// use strata::i18n::Lang;
/// use strata::model::{SquareMeters, format_area_in};
/// let a = SquareMeters(10_000.0);
/// assert_eq!(format_area_in(a, Lang::En), "     10000.0 m²      1.00 ha      15.00 mu");
/// assert_eq!(format_area_in(a, Lang::Zh), "     10000.0 平方米      1.00 公顷      15.00 亩");
/// ```
pub fn format_area_in(area: SquareMeters, lang: crate::i18n::Lang) -> String {
    // Differences of equal areas come out as -0.0000001; show them as zero.
    let area = if area.0.abs() < 0.05 {
        SquareMeters(0.0)
    } else {
        area
    };
    format!(
        "{:>12.1} {} {:>9.2} {} {:>10.2} {}",
        area.m2(),
        AreaUnit::M2.symbol(lang),
        area.ha(),
        AreaUnit::Ha.symbol(lang),
        area.mu(),
        AreaUnit::Mu.symbol(lang)
    )
}

/// The unit a user prefers areas in (reports and the editor show this one first).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AreaUnit {
    #[default]
    M2,
    Ha,
    Mu,
}

impl AreaUnit {
    pub const ALL: [AreaUnit; 3] = [AreaUnit::M2, AreaUnit::Ha, AreaUnit::Mu];

    /// The area as a number in this unit.
    pub fn value(self, area: SquareMeters) -> f64 {
        match self {
            AreaUnit::M2 => area.m2(),
            AreaUnit::Ha => area.ha(),
            AreaUnit::Mu => area.mu(),
        }
    }

    /// The unit's symbol in a language: `m²`, `ha`, `mu` or `亩`.
    pub fn symbol(self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::tr_in;
        // Literal keys, so the key test sees them.
        match self {
            AreaUnit::M2 => tr_in(lang, "unit-m2"),
            AreaUnit::Ha => tr_in(lang, "unit-ha"),
            AreaUnit::Mu => tr_in(lang, "unit-mu"),
        }
    }

    /// `12 345.6 m²`, `1.23 ha`, `18.52 亩` in the current language, with digits
    /// suited to the unit (one decimal for m², two for ha and mu).
    ///
    /// ```
    /// use strata::i18n::Lang;
    /// use strata::model::{AreaUnit, SquareMeters};
    /// let a = SquareMeters(10_000.0);
    /// assert_eq!(AreaUnit::Mu.format_in(a, Lang::Zh), "15.00 亩");
    /// assert_eq!(AreaUnit::Ha.format_in(a, Lang::En), "1.00 ha");
    /// ```
    pub fn format_in(self, area: SquareMeters, lang: crate::i18n::Lang) -> String {
        let value = self.value(area);
        // Differences of equal areas come out as -0.0000001; show them as zero.
        let value = if value.abs() < 0.005 { 0.0 } else { value };
        match self {
            AreaUnit::M2 => format!("{value:.1} {}", self.symbol(lang)),
            AreaUnit::Ha | AreaUnit::Mu => format!("{value:.2} {}", self.symbol(lang)),
        }
    }

    /// [`AreaUnit::format_in`] in the current language.
    pub fn format(self, area: SquareMeters) -> String {
        self.format_in(area, crate::i18n::lang())
    }
}

impl std::str::FromStr for AreaUnit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "m2" | "m²" | "sqm" => Ok(AreaUnit::M2),
            "ha" => Ok(AreaUnit::Ha),
            "mu" | "亩" => Ok(AreaUnit::Mu),
            _ => Err(format!("unknown area unit {s:?} (use m2, ha or mu)")),
        }
    }
}
