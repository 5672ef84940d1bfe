//! How a stratum is operated and financed (DESIGN.md *Strata: codes and operation*):
//! the operator, the mode (self-run, lease, the PPP family TOT / ROT / BOT, securitised
//! REITs and ABS, funds), the operation's own term, and the money when known.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::stratum::Term;

/// How the operation of a stratum is arranged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OperationMode {
    /// Run by the holder itself (`self`).
    SelfRun,
    Lease,
    /// Transfer–operate–transfer: an existing asset operated for a term, then handed back.
    Tot,
    /// Rehabilitate–operate–transfer: renovated, operated for a term, handed back.
    Rot,
    /// Build–operate–transfer.
    Bot,
    /// Another public–private partnership.
    Ppp,
    /// Real-estate investment trust.
    Reits,
    /// Asset-backed securities.
    Abs,
    /// A fund holds and operates it.
    Fund,
    Other,
}

impl OperationMode {
    pub const ALL: [OperationMode; 10] = [
        OperationMode::SelfRun,
        OperationMode::Lease,
        OperationMode::Tot,
        OperationMode::Rot,
        OperationMode::Bot,
        OperationMode::Ppp,
        OperationMode::Reits,
        OperationMode::Abs,
        OperationMode::Fund,
        OperationMode::Other,
    ];

    /// The file's spelling (DESIGN.md): `self`, `lease`, `TOT`, `ROT`, `BOT`, `PPP`,
    /// `REITs`, `ABS`, `fund`, `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            OperationMode::SelfRun => "self",
            OperationMode::Lease => "lease",
            OperationMode::Tot => "TOT",
            OperationMode::Rot => "ROT",
            OperationMode::Bot => "BOT",
            OperationMode::Ppp => "PPP",
            OperationMode::Reits => "REITs",
            OperationMode::Abs => "ABS",
            OperationMode::Fund => "fund",
            OperationMode::Other => "other",
        }
    }

    /// Parses the file's spelling exactly (a typo is a problem, not another mode).
    ///
    /// ```
    /// use strata::model::OperationMode;
    /// assert_eq!(OperationMode::parse("ROT"), Some(OperationMode::Rot));
    /// assert_eq!(OperationMode::parse("rot"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

/// The operation of a stratum.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    pub operator: Option<String>,
    pub mode: Option<OperationMode>,
    /// The operation's own term (a 33-year ROT concession), apart from the right's.
    pub term: Option<Term>,
    /// Annual rent or revenue, in yuan.
    pub annual_revenue: Option<f64>,
    /// Investment, in yuan.
    pub investment: Option<f64>,
    /// Members the program does not know, kept through load and save.
    pub extra: Map<String, Value>,
}

impl Term {
    /// The calendar year the term starts, from its `YYYY-MM-DD` start; `None` when the
    /// start is missing or not such a date.
    pub fn start_year(&self) -> Option<f64> {
        let start = self.start.as_deref()?;
        let (year, month, day) = parse_date(start)?;
        // Day of the year as a fraction, months taken as twelfths: terms are years long,
        // so a day's precision is more than enough.
        Some(f64::from(year) + (f64::from(month) - 1.0) / 12.0 + (f64::from(day) - 1.0) / 365.0)
    }

    /// The end as a fractional year (start + years); `None` without both.
    pub fn end_year(&self) -> Option<f64> {
        let years = self.years?;
        Some(self.start_year()? + years)
    }

    /// The date the term ends, `YYYY-MM-DD` (the start's month and day, whole years
    /// only; `None` when the years are not whole or the start is not a date).
    pub fn end_date(&self) -> Option<String> {
        let (year, month, day) = parse_date(self.start.as_deref()?)?;
        let years = self.years?;
        if years.fract() != 0.0 || !(0.0..=10_000.0).contains(&years.abs()) {
            return None;
        }
        let end = i64::from(year) + years as i64;
        Some(format!("{end:04}-{month:02}-{day:02}"))
    }
}

/// `YYYY-MM-DD` as numbers; `None` for anything else (month 1–12, day 1–31).
pub fn parse_date(text: &str) -> Option<(u16, u8, u8)> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let year: u16 = y.parse().ok()?;
    let month: u8 = m.parse().ok()?;
    let day: u8 = d.parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(start: &str, years: f64) -> Term {
        Term {
            start: Some(start.to_owned()),
            years: Some(years),
            extra: Default::default(),
        }
    }

    #[test]
    fn a_term_ends_years_after_its_start() {
        let t = term("2025-01-01", 33.0);
        assert_eq!(t.end_date().as_deref(), Some("2058-01-01"));
        assert_eq!(t.end_year(), Some(2058.0));
        assert_eq!(term("2024-07-01", 50.0).end_year(), Some(2074.5));
    }

    #[test]
    fn dates_that_are_not_dates_give_no_end() {
        assert_eq!(term("2025", 33.0).end_year(), None);
        assert_eq!(term("2025-13-01", 33.0).end_year(), None);
        assert_eq!(term("2025-01-01", 2.5).end_date(), None);
        assert_eq!(parse_date("２０２５-01-01"), None);
    }

    #[test]
    fn every_mode_reads_back() {
        for mode in OperationMode::ALL {
            assert_eq!(OperationMode::parse(mode.as_str()), Some(mode));
        }
    }
}
