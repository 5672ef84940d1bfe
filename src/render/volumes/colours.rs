//! What colour each stratum of the 3D view gets, by use, holder, right or years left on
//! its term, and the legend rows that say so.

use super::super::fonts::FontSet;
use super::super::labels::{bilingual, full_label};
use super::super::style::{Rgb, UNKNOWN_FILL};
use crate::model::{Reference, Right, Stratum};

/// What the 3D view colours strata by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum VolumeColour {
    /// The land-use colour of the stratum's largest use.
    #[default]
    Use,
    /// The holder with the largest share.
    Holder,
    /// The kind of right.
    Right,
    /// Years left on the term (the right's, else the operation's) at the date asked.
    Term,
}

/// Distinct colours for holders, in order of first appearance (after ColorBrewer's
/// qualitative "Paired" and "Set2" schemes); more holders than colours reuse them.
const HOLDER_COLOURS: [Rgb; 12] = [
    [31, 120, 180],
    [227, 26, 28],
    [51, 160, 44],
    [255, 127, 0],
    [106, 61, 154],
    [177, 89, 40],
    [166, 206, 227],
    [251, 154, 153],
    [178, 223, 138],
    [253, 191, 111],
    [202, 178, 214],
    [255, 255, 153],
];

fn right_colour(right: Option<Right>) -> Rgb {
    match right {
        Some(Right::Ownership) => [117, 112, 179],
        Some(Right::ConstructionLandUse) => [27, 158, 119],
        Some(Right::Lease) => [217, 95, 2],
        Some(Right::Easement) => [231, 41, 138],
        Some(Right::Operation) => [102, 166, 30],
        Some(Right::Other) => [166, 118, 29],
        None => UNKNOWN_FILL,
    }
}

/// Classes of years left: upper bounds (exclusive) and colours, red (soon) to green.
pub(crate) const TERM_CLASSES: [(f64, Rgb); 6] = [
    (0.0, [103, 0, 13]),
    (10.0, [215, 48, 39]),
    (20.0, [252, 141, 89]),
    (40.0, [254, 224, 139]),
    (70.0, [145, 207, 96]),
    (f64::INFINITY, [26, 152, 80]),
];

/// The end of a stratum's term as a fractional year: the right's, else the operation's.
pub fn term_end(stratum: &Stratum) -> Option<f64> {
    let right = stratum.term.as_ref().and_then(|t| t.end_year());
    right.or_else(|| {
        stratum
            .operation
            .as_ref()
            .and_then(|o| o.term.as_ref())
            .and_then(|t| t.end_year())
    })
}

/// Assigns colours to strata and remembers what the legend must list.
pub struct Palette<'a> {
    by: VolumeColour,
    reference: &'a Reference,
    as_of: f64,
    /// Legend keys in order of first use: (key, colour).
    seen: Vec<(String, Rgb)>,
}

impl<'a> Palette<'a> {
    pub fn new(by: VolumeColour, reference: &'a Reference, as_of: f64) -> Self {
        Self {
            by,
            reference,
            as_of,
            seen: Vec::new(),
        }
    }

    fn note(&mut self, key: String, rgb: impl FnOnce(usize) -> Rgb) -> Rgb {
        if let Some((_, c)) = self.seen.iter().find(|(k, _)| *k == key) {
            return *c;
        }
        let c = rgb(self.seen.len());
        self.seen.push((key, c));
        c
    }

    /// The colour of a stratum.
    pub fn colour(&mut self, stratum: &Stratum) -> Rgb {
        match self.by {
            VolumeColour::Use => {
                let main = stratum
                    .uses
                    .iter()
                    .max_by(|a, b| a.share.total_cmp(&b.share));
                let Some(code) = main.map(|u| u.code.clone()) else {
                    return self.note(String::new(), |_| UNKNOWN_FILL);
                };
                let rgb = self.reference.classification.color(&code);
                self.note(code, |_| rgb.unwrap_or(UNKNOWN_FILL))
            }
            VolumeColour::Holder => {
                let main = stratum
                    .holders
                    .iter()
                    .max_by(|a, b| a.share.total_cmp(&b.share));
                match main {
                    Some(h) => {
                        self.note(h.name.clone(), |i| HOLDER_COLOURS[i % HOLDER_COLOURS.len()])
                    }
                    None => self.note(String::new(), |_| UNKNOWN_FILL),
                }
            }
            VolumeColour::Right => {
                let key = stratum.right.map(|r| r.as_str()).unwrap_or("").to_owned();
                let rgb = right_colour(stratum.right);
                self.note(key, |_| rgb)
            }
            VolumeColour::Term => {
                let class = term_end(stratum).map(|end| term_class(end - self.as_of));
                let key = class.map(|c| c.to_string()).unwrap_or_default();
                let rgb = class.map_or(UNKNOWN_FILL, |c| TERM_CLASSES[c].1);
                self.note(key, |_| rgb)
            }
        }
    }

    /// The legend: one row per colour used, in a stable order (term classes by years
    /// left, uses by code, holders and rights as first met), "none" last.
    pub fn legend(&self, fonts: &FontSet) -> Vec<(Rgb, String)> {
        let mut rows: Vec<(String, Rgb)> = self.seen.clone();
        match self.by {
            VolumeColour::Use | VolumeColour::Term => rows.sort_by(|a, b| {
                (a.0.is_empty(), a.0.len(), &a.0).cmp(&(b.0.is_empty(), b.0.len(), &b.0))
            }),
            _ => rows.sort_by_key(|(k, _)| k.is_empty()),
        }
        rows.into_iter()
            .map(|(key, rgb)| (rgb, self.label(fonts, &key)))
            .collect()
    }

    fn label(&self, fonts: &FontSet, key: &str) -> String {
        use crate::i18n::tr;
        if key.is_empty() {
            return tr("volumes-legend-none");
        }
        match self.by {
            VolumeColour::Use => match self.reference.classification.get(key) {
                Some(class) => format!("{key} {}", bilingual(fonts, &class.zh, &class.en)),
                None => key.to_owned(),
            },
            VolumeColour::Holder => full_label(fonts, key),
            VolumeColour::Right => Right::parse(key).map_or(key.to_owned(), Right::name),
            VolumeColour::Term => term_class_label(key.parse().unwrap_or(0)),
        }
    }
}

/// The class of `TERM_CLASSES` of a term with `left` years left.
pub(crate) fn term_class(left: f64) -> usize {
    TERM_CLASSES
        .iter()
        .position(|(bound, _)| left < *bound)
        .unwrap_or(TERM_CLASSES.len() - 1)
}

/// The legend text of a class of years left.
pub(crate) fn term_class_label(class: usize) -> String {
    use crate::i18n::tr;
    match class {
        0 => tr("volumes-legend-expired"),
        c if c + 1 == TERM_CLASSES.len() => crate::tr!(
            "volumes-legend-years-over",
            years = TERM_CLASSES[c - 1].0.to_string()
        ),
        c => crate::tr!(
            "volumes-legend-years",
            from = TERM_CLASSES[c - 1].0.to_string(),
            to = TERM_CLASSES[c].0.to_string()
        ),
    }
}
