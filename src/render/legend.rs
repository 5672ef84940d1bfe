//! The legend beside the map: what the fills mean (land uses present, largest first;
//! statuses; the score ramp), the heatmap ramp, facility symbols of the categories
//! present, streets. Laid out once to measure its height, then drawn.

use crate::tr;
use tiny_skia::Pixmap;

use super::draw::{self, hatch_paint, hatch_tile};
use super::fonts::FontSet;
use super::labels::{bilingual, truncate_chars};
use super::map::HeatLayer;
use super::style::{self, FillBy, OUTLINE, Rgb, STREET, UNKNOWN_FILL};
use super::text::{Anchor, TextStyle, draw_text, text_width};
use crate::model::{Classification, Plan, Reference, Scenario, Status};

/// Land uses listed at most; the rest are summed up in one line.
const MAX_USES: usize = 14;

/// What the legend describes.
pub struct LegendInput<'a> {
    pub plan: &'a Plan,
    pub reference: &'a Reference,
    pub scenario: Scenario,
    pub fill_by: FillBy,
    pub heat: Option<&'a HeatLayer>,
    pub facilities: bool,
}

enum Row {
    Header(String),
    Swatch {
        rgb: Rgb,
        hatch: Option<Rgb>,
        text: String,
    },
    Symbol {
        style: style::FacilityStyle,
        text: String,
    },
    Line {
        dashed: bool,
        text: String,
    },
    Ramp {
        colors: fn(f64) -> Rgb,
        low: String,
        high: String,
    },
    Note(String),
}

fn rows(input: &LegendInput, fonts: &FontSet) -> Vec<Row> {
    let plan = input.plan;
    let classification = &input.reference.classification;
    let standard = &input.reference.standard;
    let mut rows = Vec::new();
    match input.fill_by {
        FillBy::Use => {
            rows.push(Row::Header(tr!("legend-land-use")));
            let mut uses: Vec<(String, f64)> = Vec::new();
            let mut mixed = false;
            for parcel in plan.parcels_in(input.scenario) {
                mixed |= style::use_fill(parcel, classification).hatch.is_some();
                let Some(code) = style::shown_use(parcel) else {
                    continue;
                };
                match uses.iter_mut().find(|(c, _)| c == code) {
                    Some((_, area)) => *area += parcel.area().m2(),
                    None => uses.push((code.to_owned(), parcel.area().m2())),
                }
            }
            uses.sort_by(|a, b| b.1.total_cmp(&a.1));
            let entries = use_entries(&uses, classification);
            for entry in entries.iter().take(MAX_USES) {
                let code = &entry.code;
                let mut text = match classification.get(code) {
                    Some(class) => format!("{code} {}", bilingual(fonts, &class.zh, &class.en)),
                    None => tr!(
                        "legend-not-in",
                        code = code.as_str(),
                        classification = classification.id.as_str()
                    ),
                };
                if entry.codes.len() > 1 {
                    text.push_str(&format!(" ({})", entry.codes.join(", ")));
                }
                rows.push(Row::Swatch {
                    rgb: entry.rgb,
                    hatch: None,
                    text,
                });
            }
            if entries.len() > MAX_USES {
                rows.push(Row::Note(tr!("legend-more", n = entries.len() - MAX_USES)));
            }
            if mixed {
                rows.push(Row::Swatch {
                    rgb: [245, 245, 245],
                    hatch: Some([110, 110, 110]),
                    text: tr!("legend-mixed"),
                });
            }
        }
        FillBy::Status => {
            rows.push(Row::Header(tr!("legend-status")));
            let present =
                |s: Option<Status>| plan.parcels_in(input.scenario).any(|p| p.status == s);
            for status in Status::ALL.into_iter().map(Some).chain([None]) {
                if present(status) {
                    rows.push(Row::Swatch {
                        rgb: style::status_color(status),
                        hatch: None,
                        text: status.map_or_else(|| tr!("legend-no-status"), |s| s.name()),
                    });
                }
            }
        }
        FillBy::Diversity => {
            rows.push(Row::Header("Mixed use (classes of floor area)".into()));
            rows.push(Row::Ramp {
                colors: style::diversity_color,
                low: "1 use".into(),
                high: "4+ classes".into(),
            });
        }
        FillBy::JobsHousing => {
            rows.push(Row::Header("Jobs per resident within reach".into()));
            rows.push(Row::Ramp {
                colors: |t| style::jobs_housing_color(t * 1.5),
                low: "0".into(),
                high: "1.5+".into(),
            });
            rows.push(Row::Swatch {
                rgb: UNKNOWN_FILL,
                hatch: None,
                text: "not residential".into(),
            });
        }
        FillBy::Valuation => {
            rows.push(Row::Header(tr!("legend-valuation")));
            rows.push(Row::Ramp {
                colors: style::valuation_color,
                low: "0".into(),
                high: "1".into(),
            });
            rows.push(Row::Swatch {
                rgb: UNKNOWN_FILL,
                hatch: None,
                text: tr!("legend-not-valued"),
            });
        }
        FillBy::Score => {
            rows.push(Row::Header(tr!("legend-score")));
            rows.push(Row::Ramp {
                colors: style::score_color,
                low: "0 %".into(),
                high: tr!("legend-score-high"),
            });
            rows.push(Row::Swatch {
                rgb: UNKNOWN_FILL,
                hatch: None,
                text: tr!("legend-not-residential"),
            });
        }
    }
    if let Some(layer) = input.heat {
        rows.push(Row::Header(tr!("legend-heatmap")));
        rows.push(Row::Note(layer.title.clone()));
        rows.push(Row::Ramp {
            colors: style::heat_color,
            low: format!("{}", layer.low),
            high: format!("{}", layer.high),
        });
    }
    if input.facilities {
        let present: Vec<&crate::model::reference::Category> = standard
            .categories
            .iter()
            .filter(|c| {
                plan.facilities_in(input.scenario)
                    .any(|f| f.category == c.id)
            })
            .collect();
        let unknown = plan
            .facilities_in(input.scenario)
            .any(|f| standard.category(&f.category).is_none());
        if !present.is_empty() || unknown {
            rows.push(Row::Header(tr!("legend-facilities")));
        }
        for tier in &standard.tiers {
            let of_tier: Vec<_> = present.iter().filter(|c| c.tier == tier.id).collect();
            if of_tier.is_empty() {
                continue;
            }
            rows.push(Row::Note(format!(
                "{} · {:.0} m",
                bilingual(fonts, &tier.zh, &tier.en),
                tier.radius_m
            )));
            for c in of_tier {
                rows.push(Row::Symbol {
                    style: style::facility_style(standard, &c.id),
                    text: bilingual(fonts, &c.zh, &c.en),
                });
            }
        }
        if unknown {
            rows.push(Row::Symbol {
                style: style::facility_style(standard, ""),
                text: tr!("legend-unknown-category"),
            });
        }
    }
    let walkable = plan.streets_in(input.scenario).any(|s| s.walkable);
    let other = plan.streets_in(input.scenario).any(|s| !s.walkable);
    if walkable || other {
        rows.push(Row::Header(tr!("legend-streets")));
    }
    if walkable {
        rows.push(Row::Line {
            dashed: false,
            text: tr!("legend-walkable"),
        });
    }
    if other {
        rows.push(Row::Line {
            dashed: true,
            text: tr!("legend-not-walkable"),
        });
    }
    rows
}

/// One land-use row of the legend: a colour, the class it is named after and the codes
/// on the map drawn in it.
#[derive(Debug, PartialEq)]
pub struct UseEntry {
    pub rgb: Rgb,
    pub code: String,
    pub codes: Vec<String>,
}

/// Legend rows for the uses on the map (largest area first): codes drawn in the same
/// colour share a row named after their nearest common class in the classification
/// (080403 and 080404 → 0804 education), since a reader cannot tell them apart anyway.
/// Codes of one colour with no common class keep their own rows.
pub fn use_entries(uses: &[(String, f64)], classification: &Classification) -> Vec<UseEntry> {
    let mut entries: Vec<UseEntry> = Vec::new();
    for (code, _) in uses {
        let rgb = style::use_color(classification, code);
        let common = |entry: &UseEntry| -> Option<String> {
            let shared = entry
                .code
                .chars()
                .zip(code.chars())
                .take_while(|(a, b)| a == b)
                .count();
            // Codes grow two digits a level: walk up to a listed class.
            let mut len = shared - shared % 2;
            while len >= 2 {
                // `get`: a malformed code with non-ASCII characters has no class.
                if let Some(prefix) = code.get(..len)
                    && classification.contains(prefix)
                {
                    return Some(prefix.to_owned());
                }
                len -= 2;
            }
            None
        };
        match entries
            .iter_mut()
            .filter(|e| e.rgb == rgb)
            .find_map(|e| common(e).map(|c| (e, c)))
        {
            Some((entry, class)) => {
                entry.code = class;
                entry.codes.push(code.clone());
            }
            None => entries.push(UseEntry {
                rgb,
                code: code.clone(),
                codes: vec![code.clone()],
            }),
        }
    }
    entries
}

/// Text cut with an ellipsis to fit `room` pixels.
pub fn fit(fonts: &FontSet, text: &str, size: f32, room: f32) -> String {
    if text_width(fonts, text, size) <= room {
        return text.to_owned();
    }
    let mut n = text.chars().count();
    while n > 1 {
        n -= 1;
        let cut = truncate_chars(text, n);
        if text_width(fonts, &cut, size) <= room {
            return cut;
        }
    }
    String::new()
}

/// Draws the legend at `(x, y)` in a column `width` wide (or only measures it when
/// `pixmap` is None); returns its height.
pub fn draw_legend(
    mut pixmap: Option<&mut Pixmap>,
    fonts: &FontSet,
    input: &LegendInput,
    x: f32,
    y: f32,
    width: f32,
    unit: f32,
) -> f32 {
    let size = 11.0 * unit;
    let row_h = 17.0 * unit;
    let swatch = (16.0 * unit, 11.0 * unit);
    let text_x = x + swatch.0 + 7.0 * unit;
    let room = width - (text_x - x);
    let text_style = TextStyle::new(size, [30, 30, 30]);
    let mut cy = y;
    for row in rows(input, fonts) {
        let Some(pixmap) = pixmap.as_deref_mut() else {
            cy += match row {
                Row::Header(_) => row_h * 1.5,
                Row::Ramp { .. } => row_h * 1.7,
                _ => row_h,
            };
            continue;
        };
        let mid = cy + row_h / 2.0;
        match row {
            Row::Header(text) => {
                cy += row_h * 0.5;
                let text = fit(fonts, &text, size * 1.1, width);
                draw_text(
                    pixmap,
                    fonts,
                    &text,
                    (x, cy + row_h / 2.0),
                    Anchor::LeftCenter,
                    &TextStyle::new(size * 1.1, [0, 0, 0]),
                );
                draw::line(
                    pixmap,
                    (x, cy + row_h - 1.0),
                    (x + width, cy + row_h - 1.0),
                    [190, 190, 190],
                    1.0,
                );
                cy += row_h;
                continue;
            }
            Row::Swatch { rgb, hatch, text } => {
                let (sx, sy) = (x, mid - swatch.1 / 2.0);
                draw::fill_rect(pixmap, sx, sy, swatch.0, swatch.1, rgb, 255);
                if let Some(tile) =
                    hatch.and_then(|h| hatch_tile(h, (6.0 * unit).round().max(5.0) as u32))
                    && let Some(rect) = tiny_skia::Rect::from_xywh(sx, sy, swatch.0, swatch.1)
                {
                    pixmap.fill_rect(
                        rect,
                        &hatch_paint(&tile),
                        tiny_skia::Transform::identity(),
                        None,
                    );
                }
                draw::stroke_rect(pixmap, sx, sy, swatch.0, swatch.1, OUTLINE, 0.8);
                let text = fit(fonts, &text, size, room);
                draw_text(
                    pixmap,
                    fonts,
                    &text,
                    (text_x, mid),
                    Anchor::LeftCenter,
                    &text_style,
                );
            }
            Row::Symbol { style, text } => {
                draw::draw_symbol(
                    pixmap,
                    style.symbol,
                    x + swatch.0 / 2.0,
                    mid,
                    5.0 * unit,
                    style.color,
                );
                let text = fit(fonts, &text, size, room);
                draw_text(
                    pixmap,
                    fonts,
                    &text,
                    (text_x, mid),
                    Anchor::LeftCenter,
                    &text_style,
                );
            }
            Row::Line { dashed, text } => {
                if dashed {
                    let dash = swatch.0 / 4.0;
                    for i in [0.0, 2.0] {
                        draw::line(
                            pixmap,
                            (x + i * dash, mid),
                            (x + (i + 1.0) * dash, mid),
                            STREET,
                            1.2 * unit,
                        );
                    }
                } else {
                    draw::line(pixmap, (x, mid), (x + swatch.0, mid), STREET, 1.8 * unit);
                }
                let text = fit(fonts, &text, size, room);
                draw_text(
                    pixmap,
                    fonts,
                    &text,
                    (text_x, mid),
                    Anchor::LeftCenter,
                    &text_style,
                );
            }
            Row::Ramp { colors, low, high } => {
                let bar_w = width - 4.0 * unit;
                draw::ramp(pixmap, x, cy + 2.0 * unit, bar_w, swatch.1, colors);
                draw::stroke_rect(pixmap, x, cy + 2.0 * unit, bar_w, swatch.1, OUTLINE, 0.8);
                let ty = cy + swatch.1 + 4.0 * unit;
                let small = TextStyle::new(size * 0.95, [60, 60, 60]);
                draw_text(pixmap, fonts, &low, (x, ty), Anchor::LeftTop, &small);
                draw_text(
                    pixmap,
                    fonts,
                    &high,
                    (x + bar_w, ty),
                    Anchor::RightTop,
                    &small,
                );
                cy += row_h * 1.7;
                continue;
            }
            Row::Note(text) => {
                let text = fit(fonts, &text, size * 0.95, width);
                draw_text(
                    pixmap,
                    fonts,
                    &text,
                    (x, mid),
                    Anchor::LeftCenter,
                    &TextStyle::new(size * 0.95, [90, 90, 90]),
                );
            }
        }
        cy += row_h;
    }
    cy - y
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(codes: &[&str]) -> Vec<UseEntry> {
        let uses: Vec<(String, f64)> = codes.iter().map(|c| (c.to_string(), 1.0)).collect();
        use_entries(&uses, &Classification::default_cn2023())
    }

    #[test]
    fn codes_of_one_colour_share_a_row_named_after_their_common_class() {
        let rows = entries(&["100102", "1401", "1001", "100101"]);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[0].code, "1001");
        assert_eq!(rows[0].codes, ["100102", "1001", "100101"]);
        assert_eq!(rows[1].codes, ["1401"]);
        // Retail and offices share red: they are named after 09.
        let rows = entries(&["0902", "090101"]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].code, "09");
    }

    #[test]
    fn codes_of_different_colours_keep_their_rows() {
        let rows = entries(&["0701", "1401", "090101"]);
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.codes.len() == 1));
    }
}
