//! The headless 3D view's colours: those of the one strata palette
//! ([`StrataPalette`], `render::present::strata_color`), which the editor's 3D view
//! uses too, so a stratum has the same colour in both. What is its own here is the
//! legend: only the rows of the strata drawn (a report's view of one parcel lists its
//! strata, not the city's), worded in the renderer's fonts (bilingual class names).

use super::super::fonts::FontSet;
use super::super::labels::{bilingual, full_label};
use super::super::style::Rgb;
use crate::model::{Plan, Reference, Scenario, Stratum};
use crate::render::present::strata_color::{
    LegendKey, StrataColorBy, StrataPalette, term_class_label,
};

/// Colours strata with the shared palette and remembers the legend rows drawn.
pub struct Palette<'a> {
    palette: StrataPalette<'a>,
    reference: &'a Reference,
    /// Legend rows met so far.
    seen: Vec<LegendKey>,
}

impl<'a> Palette<'a> {
    /// The palette of `by` for the strata of `scenario` (holders are ranked over all
    /// of them, as in the editor); years left are counted from the year `as_of`.
    pub fn new(
        plan: &Plan,
        scenario: Scenario,
        reference: &'a Reference,
        by: StrataColorBy,
        as_of: f64,
    ) -> Self {
        Self {
            palette: StrataPalette::new(plan, scenario, reference, by, as_of),
            reference,
            seen: Vec::new(),
        }
    }

    /// The colour of a stratum (the editor's: `StrataPalette::color`).
    pub fn colour(&mut self, stratum: &Stratum) -> Rgb {
        let key = self.palette.key(stratum);
        if !self.seen.contains(&key) {
            self.seen.push(key);
        }
        self.palette.color(stratum)
    }

    /// The legend: one row per colour drawn, in a stable order (uses by code, holders
    /// by rank, rights and operation modes in their listed order, term classes by years
    /// left), other holders and "none" last.
    pub fn legend(&self, fonts: &FontSet) -> Vec<(Rgb, String)> {
        let mut keys = self.seen.clone();
        keys.sort_by(|a, b| a.order().cmp(&b.order()));
        keys.iter()
            .map(|key| (self.palette.key_color(key), self.label(fonts, key)))
            .collect()
    }

    fn label(&self, fonts: &FontSet, key: &LegendKey) -> String {
        use crate::i18n::tr;
        match key {
            LegendKey::Use(code) => match self.reference.classification.get(code) {
                Some(class) => format!("{code} {}", bilingual(fonts, &class.zh, &class.en)),
                None => code.clone(),
            },
            LegendKey::Holder { name, .. } => full_label(fonts, name),
            LegendKey::OtherHolders => tr("view3d-legend-others"),
            LegendKey::Right(r) => r.name(),
            LegendKey::Operation(m) => m.as_str().to_owned(),
            LegendKey::Term(class) => term_class_label(*class),
            LegendKey::Unknown => tr("volumes-legend-none"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Holder, LocalFrame, Operation, OperationMode, Parcel, Right, Term};
    use geo::{MultiPolygon, Rect, coord};

    /// Strata with every kind of value, and without: uses, a dozen holders (more than
    /// the palette's colours), each right, each operation mode, terms from expired to
    /// long.
    fn plan() -> Plan {
        let mut plan = Plan::new(LocalFrame::new(120.0, 30.0));
        let shape = MultiPolygon::new(vec![
            Rect::new(coord! {x: 0.0, y: 0.0}, coord! {x: 10.0, y: 10.0}).to_polygon(),
        ]);
        let mut p = Parcel::new("p", Scenario::Proposed, shape);
        let codes = ["0701", "1401", "1302", "0902", "9999"];
        for k in 0..30 {
            let mut s = Stratum::ground(&format!("s{k}"), codes[k % codes.len()]);
            if k % 7 == 6 {
                s.uses.clear();
            }
            if k % 5 != 4 {
                s.holders = vec![Holder {
                    name: format!("holder {}", k % 13),
                    share: 1.0,
                    extra: Default::default(),
                }];
            }
            s.right = Right::ALL.get(k % 8).copied();
            s.operation = OperationMode::ALL.get(k % 12).map(|&m| {
                Box::new(Operation {
                    mode: Some(m),
                    ..Default::default()
                })
            });
            s.term = (k % 3 != 0).then(|| Term {
                start: Some(format!("{}-01-01", 1960 + 3 * k)),
                years: Some(40.0),
                extra: Default::default(),
            });
            p.strata.push(s);
        }
        plan.parcels.push(p);
        plan
    }

    #[test]
    fn both_3d_views_colour_every_stratum_alike_in_every_style() {
        let plan = plan();
        let reference = Reference::default();
        let strata = &plan.parcels[0].strata;
        for by in StrataColorBy::ALL {
            let editor = StrataPalette::new(&plan, Scenario::Proposed, &reference, by, 2026.0);
            let mut headless = Palette::new(&plan, Scenario::Proposed, &reference, by, 2026.0);
            let mut colours = Vec::new();
            for s in strata {
                let c = headless.colour(s);
                assert_eq!(c, editor.color(s), "{by:?}, stratum {}", s.id);
                colours.push(c);
            }
            // The style tells strata apart (not one colour for all).
            colours.sort_unstable();
            colours.dedup();
            assert!(colours.len() >= 3, "{by:?}: {colours:?}");
            // Every legend row's colour is one drawn, and each colour drawn has a row.
            let legend = headless.legend(&FontSet::bundled());
            let rows: Vec<Rgb> = legend.iter().map(|(c, _)| *c).collect();
            for c in &colours {
                assert!(rows.contains(c), "{by:?}: {c:?} without a legend row");
            }
        }
    }
}
