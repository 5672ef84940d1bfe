//! The strata section (分层确权 cross-section) of a parcel as data: which strata are
//! drawn, at which heights, how wide (the share of the parcel their footprint covers),
//! split across by their uses' shares in which colours, with which labels, and the height
//! axis. The report's figure (`render::section`) and the editor's section view
//! (`ui::section_view`) both draw this layout.

use crate::i18n::tr;
use crate::model::{Parcel, Reference, Stratum};
use crate::render::present::legend::Bilingual;
use crate::render::style::{self, Rgb};

/// One stratum of a section.
#[derive(Clone, Debug, PartialEq)]
pub struct SectionBox {
    /// Vertical range in metres relative to the ground.
    pub bottom: f64,
    pub top: f64,
    /// The share of the parcel its footprint covers (0.05..=1, so a small one still
    /// shows): the box's width as a share of the column, centred in it.
    pub footprint_share: f32,
    /// The uses across the box, left to right: colour and share of the box's width
    /// (shares normalised to sum to 1). Empty when the stratum has no use: the box is
    /// then [`style::UNKNOWN_FILL`].
    pub parts: Vec<(Rgb, f32)>,
    /// First label line: which stratum and where (`s1 · -12 to 3 m`).
    pub head: String,
    /// Second label line: its uses, with their shares when several.
    pub uses: String,
}

/// A section: its strata (those with a valid vertical range), the heights it spans (the
/// ground always included, at least 1 m) and the ticks of its height axis.
#[derive(Clone, Debug, PartialEq)]
pub struct SectionLayout {
    pub z_low: f64,
    pub z_high: f64,
    pub boxes: Vec<SectionBox>,
    /// Round heights and their labels (the ground as a word).
    pub ticks: Vec<(f64, String)>,
}

impl SectionLayout {
    /// `z_high − z_low`, at least 1 m.
    pub fn span(&self) -> f64 {
        (self.z_high - self.z_low).max(1.0)
    }
}

/// The section of `strata`, stacked on `parcel` (whose area sizes their footprints).
pub fn section_layout(
    parcel: &Parcel,
    strata: &[Stratum],
    reference: &Reference,
    bilingual: Bilingual,
) -> SectionLayout {
    let strata: Vec<&Stratum> = strata
        .iter()
        .filter(|s| s.z.bottom.is_finite() && s.z.top.is_finite() && s.z.top > s.z.bottom)
        .collect();
    let z_low = strata.iter().map(|s| s.z.bottom).fold(0.0, f64::min);
    let z_high = strata.iter().map(|s| s.z.top).fold(0.0, f64::max);
    let parcel_area = parcel.area().m2();
    let boxes = strata
        .iter()
        .map(|s| {
            let footprint_share = (if parcel_area > 0.0 {
                (parcel.stratum_area(s).m2() / parcel_area).clamp(0.05, 1.0)
            } else {
                1.0
            }) as f32;
            section_box(s, footprint_share, reference, bilingual)
        })
        .collect();
    let span = (z_high - z_low).max(1.0);
    SectionLayout {
        z_low,
        z_high,
        boxes,
        ticks: ticks(z_low, z_high, span),
    }
}

fn section_box(
    s: &Stratum,
    footprint_share: f32,
    reference: &Reference,
    bilingual: Bilingual,
) -> SectionBox {
    let total: f64 = s.uses.iter().map(|u| u.share.max(0.0)).sum();
    let parts = s
        .uses
        .iter()
        .map(|u| {
            let share = (if total > 0.0 {
                u.share.max(0.0) / total
            } else {
                0.0
            }) as f32;
            (style::use_color(&reference.classification, &u.code), share)
        })
        .collect();
    let uses: Vec<String> = s
        .uses
        .iter()
        .map(|u| {
            let name = reference
                .classification
                .get(&u.code)
                .map_or_else(|| u.code.clone(), |c| bilingual(&c.zh, &c.en));
            if s.uses.len() > 1 {
                format!("{name} {:.0} %", u.share * 100.0)
            } else {
                name
            }
        })
        .collect();
    SectionBox {
        bottom: s.z.bottom,
        top: s.z.top,
        footprint_share,
        parts,
        head: format!("{} · {} to {} m", s.id, fmt_m(s.z.bottom), fmt_m(s.z.top)),
        uses: uses.join(", "),
    }
}

/// Round heights from `z_low` to `z_high`, at most about 8 of them.
fn ticks(z_low: f64, z_high: f64, span: f64) -> Vec<(f64, String)> {
    let step = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        .into_iter()
        .find(|st| span / st <= 8.0)
        .unwrap_or(200.0);
    let mut ticks = Vec::new();
    let mut z = (z_low / step).ceil() * step;
    while z <= z_high + 1e-9 {
        let text = if z == 0.0 {
            tr("section-ground")
        } else {
            format!("{} m", fmt_m(z))
        };
        ticks.push((z, text));
        z += step;
    }
    ticks
}

/// Metres without a needless ".0": `-12`, `3.5`.
pub fn fmt_m(z: f64) -> String {
    if (z - z.round()).abs() < 1e-9 {
        format!("{}", z.round() as i64)
    } else {
        format!("{z:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Scenario, ZRange};
    use geo::{MultiPolygon, polygon};

    #[test]
    fn boxes_keep_heights_shares_and_labels_and_skip_bad_ranges() {
        let square = polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)];
        let parcel = Parcel::new("p-1", Scenario::Proposed, MultiPolygon::new(vec![square]));
        let mut plant = Stratum::ground("s1", "1302");
        plant.z = ZRange::new(-12.0, 3.0);
        let mut park = Stratum::ground("s2", "1401");
        park.z = ZRange::new(3.0, 15.0);
        park.uses[0].share = 0.8;
        park.uses.push(crate::model::Use {
            code: "0903".into(),
            share: 0.2,
            extra: Default::default(),
        });
        let mut bad = Stratum::ground("s3", "1401");
        bad.z = ZRange::new(20.0, 20.0);
        let reference = Reference::default();
        let en = |_: &str, en: &str| en.to_owned();
        let layout = section_layout(&parcel, &[plant, park, bad], &reference, &en);
        assert_eq!((layout.z_low, layout.z_high), (-12.0, 15.0));
        assert_eq!(layout.boxes.len(), 2);
        assert_eq!(layout.boxes[0].head, "s1 · -12 to 3 m");
        assert_eq!(layout.boxes[1].footprint_share, 1.0);
        let shares: Vec<f32> = layout.boxes[1].parts.iter().map(|p| p.1).collect();
        assert_eq!(shares, [0.8, 0.2]);
        assert!(
            layout.boxes[1].uses.ends_with("20 %"),
            "{}",
            layout.boxes[1].uses
        );
        assert!(layout.ticks.iter().any(|(z, _)| *z == 0.0));
        assert!(layout.ticks.iter().all(|(z, _)| (-12.0..=15.0).contains(z)));
    }
}
