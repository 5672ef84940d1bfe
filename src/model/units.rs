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

/// `1 234 567.8 m² · 123.46 ha · 1 851.85 mu`, as the CLI prints areas.
pub fn format_area(area: SquareMeters) -> String {
    // Differences of equal areas come out as -0.0000001; show them as zero.
    let area = if area.0.abs() < 0.05 {
        SquareMeters(0.0)
    } else {
        area
    };
    format!(
        "{:>12.1} m² {:>9.2} ha {:>10.2} mu",
        area.m2(),
        area.ha(),
        area.mu()
    )
}
