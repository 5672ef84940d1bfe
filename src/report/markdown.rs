//! The report as Markdown with its images as files beside it: the map and strata
//! sections as PNG, the coverage chart as SVG, and the `analyze` JSON.

use crate::tr;
use std::fmt::Write;

use super::tables::{Figure, Table, parts};
use super::{Report, ReportFile};

/// Table cells cannot hold `|` or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A file name part from an id: letters, digits, `-` and `_` kept.
fn file_safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The Markdown text and the files it links to (name, bytes).
pub fn markdown(r: &Report, stem: &str) -> Result<(String, Vec<ReportFile>), serde_json::Error> {
    let mut files = Vec::new();
    let map_name = format!("{stem}-map.png");
    let chart_name = format!("{stem}-coverage.svg");
    let json_name = format!("{stem}-analysis.json");
    files.push((map_name.clone(), r.map_png.clone()));
    files.push((chart_name.clone(), r.chart_svg.clone().into_bytes()));
    files.push((
        json_name.clone(),
        serde_json::to_string_pretty(&r.analysis)?.into_bytes(),
    ));
    let mut m = String::new();
    let _ = writeln!(m, "# {}\n", r.plan_name);
    let _ = writeln!(
        m,
        "{} · {}: [{json_name}]({json_name})\n",
        super::meta_line(r),
        tr!("report-json")
    );
    for part in parts(r) {
        let _ = writeln!(m, "## {}\n", part.title);
        for p in &part.paragraphs {
            let _ = writeln!(m, "{p}\n");
        }
        match part.figure {
            Some(Figure::Map) => {
                let alt = tr!("report-map-alt", name = cell(&r.plan_name));
                let _ = writeln!(m, "![{alt}]({map_name})\n");
            }
            Some(Figure::Chart) => {
                let _ = writeln!(m, "![{}]({chart_name})\n", tr!("report-categories"));
            }
            Some(Figure::GapAreas) => {
                for map in &r.gap_areas {
                    let name = format!("{stem}-gap-{}.png", file_safe(&map.category));
                    let alt = tr!(
                        "report-gap-alt",
                        category = cell(&r.category_name(&map.category))
                    );
                    let caption = super::gap_areas::caption(r, map);
                    let _ = writeln!(m, "![{alt}]({name})\n\n{}\n", cell(&caption));
                    files.push((name, map.png.clone()));
                }
            }
            Some(Figure::Sections) => {
                for s in &r.sections {
                    let name = format!("{stem}-section-{}.png", file_safe(&s.parcel));
                    let caption = match &s.name {
                        Some(n) => format!("{} {n}", s.parcel),
                        None => s.parcel.clone(),
                    };
                    let alt = tr!("report-section-alt", name = cell(&caption));
                    let view = format!("{stem}-3d-{}.png", file_safe(&s.parcel));
                    let view_alt = tr!("report-3d-alt", name = cell(&caption));
                    // The section and the 3D view on one line: side by side where the
                    // viewer has room.
                    let _ = writeln!(m, "![{alt}]({name}) ![{view_alt}]({view})\n");
                    files.push((name, s.png.clone()));
                    files.push((view, s.view_3d_png.clone()));
                }
            }
            None => {}
        }
        if let Some(table) = &part.table {
            write_table(&mut m, table);
        }
    }
    Ok((m, files))
}

/// A part's table in Markdown, numbers aligned right.
fn write_table(m: &mut String, table: &Table) {
    let _ = writeln!(
        m,
        "| {} |",
        table
            .header
            .iter()
            .map(|h| cell(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let align: Vec<&str> = table
        .numeric
        .iter()
        .map(|n| if *n { "---:" } else { "---" })
        .collect();
    let _ = writeln!(m, "| {} |", align.join(" | "));
    for (_, cells) in &table.rows {
        let _ = writeln!(
            m,
            "| {} |",
            cells
                .iter()
                .map(|c| cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        );
    }
    m.push('\n');
}
