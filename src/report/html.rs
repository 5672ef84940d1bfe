//! The report as one self-contained HTML file: CSS inline, images as data URIs, the
//! chart as inline SVG, no link to anything outside the file.

use crate::tr;
use std::fmt::Write;

use super::tables::{Figure, Table, parts};
use super::{Report, base64};

/// The family name of the embedded font subset (`@font-face`), tried first.
pub const EMBEDDED_FAMILY: &str = "Strata Sans";

const CSS: &str = "body,svg text{font-family:'Strata Sans',system-ui,-apple-system,'Segoe UI','Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.8em 0;font-size:.92em}th,td{border:1px solid #d4d4d4;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}tr:nth-child(even) td{background:#fafafa}
figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #ddd}figcaption{color:#555;font-size:.9em}
.meta{color:#555}nav a{margin-right:1em}";

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn png_data_uri(png: &[u8]) -> String {
    format!("data:image/png;base64,{}", base64(png))
}

/// The report as one HTML page: header, navigation, one section per part, and the
/// analysis as JSON for tools.
pub fn html(r: &Report) -> Result<String, serde_json::Error> {
    let mut h = String::new();
    let title = escape(&r.plan_name);
    let html_lang = match crate::i18n::lang() {
        crate::i18n::Lang::Zh => "zh-Hans",
        crate::i18n::Lang::En => "en",
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n<style>{FONT_FACE}{CSS}</style>\n<title>{title} — {}</title>\n</head>\n<body>\n<h1>{title}</h1>\n<p class=\"meta\">{}</p>\n",
        escape(&tr!("report-title-suffix")),
        escape(&super::meta_line(r)),
    );
    let parts = parts(r);
    h.push_str("<nav>");
    for p in &parts {
        let _ = write!(h, "<a href=\"#{}\">{}</a>", p.id, escape(&p.title));
    }
    h.push_str("</nav>\n");
    for part in &parts {
        let _ = write!(
            h,
            "<section id=\"{}\">\n<h2>{}</h2>\n",
            part.id,
            escape(&part.title)
        );
        for p in &part.paragraphs {
            let _ = writeln!(h, "<p>{}</p>", escape(p));
        }
        if let Some(figure) = part.figure {
            write_figure(&mut h, r, figure);
        }
        if let Some(table) = &part.table {
            write_table(&mut h, table);
        }
        h.push_str("</section>\n");
    }
    // The figures as `strata analyze --format json` prints them, for tools. `</` is
    // escaped so no text in the plan can close the script element.
    let json = serde_json::to_string(&r.analysis)?.replace("</", "<\\/");
    let _ = write!(
        h,
        "<script type=\"application/json\" id=\"strata-analysis\">{json}</script>\n</body>\n</html>\n"
    );
    Ok(h.replacen(FONT_FACE, &font_face(&h), 1))
}

/// Where the `@font-face` rule goes, once the page's text is known (the style element
/// comes before any text of the plan, so this is its first occurrence).
const FONT_FACE: &str = "/*font-face*/";

/// An `@font-face` rule with the shipped CJK font's subset for the characters of the
/// page as a data URI, so Chinese renders without system fonts; empty (the reader's
/// fonts are used) if the subset cannot be made.
fn font_face(page: &str) -> String {
    match crate::render::web_font::web_font_for(page) {
        Ok(font) => format!(
            "@font-face{{font-family:'{EMBEDDED_FAMILY}';src:url(data:font/otf;base64,{}) format('opentype')}}\n",
            base64(&font.otf)
        ),
        Err(_) => String::new(),
    }
}

/// Writes a part's figure: the map and the street sections as embedded PNGs, the
/// coverage chart as inline SVG.
fn write_figure(h: &mut String, r: &Report, figure: Figure) {
    match figure {
        Figure::Map => {
            let _ = writeln!(
                h,
                "<figure><img alt=\"{}\" src=\"{}\"></figure>",
                escape(&tr!("report-map-alt", name = r.plan_name.as_str())),
                png_data_uri(&r.map_png)
            );
        }
        Figure::Chart => {
            let _ = writeln!(h, "<figure>{}</figure>", r.chart_svg);
        }
        Figure::GapAreas => {
            for map in &r.gap_areas {
                let caption = super::gap_areas::caption(r, map);
                let _ = writeln!(
                    h,
                    "<figure data-gap-category=\"{}\"><img alt=\"{}\" src=\"{}\"><figcaption>{}</figcaption></figure>",
                    escape(&map.category),
                    escape(&tr!(
                        "report-gap-alt",
                        category = r.category_name(&map.category)
                    )),
                    png_data_uri(&map.png),
                    escape(&caption)
                );
            }
        }
        Figure::Sections => {
            for s in &r.sections {
                let caption = match &s.name {
                    Some(name) => format!("{} {}", s.parcel, name),
                    None => s.parcel.clone(),
                };
                // The section and the 3D view side by side.
                let _ = writeln!(
                    h,
                    "<figure data-parcel=\"{}\"><img alt=\"{}\" src=\"{}\"> <img alt=\"{}\" src=\"{}\"><figcaption>{}</figcaption></figure>",
                    escape(&s.parcel),
                    escape(&tr!("report-section-alt", name = caption.as_str())),
                    png_data_uri(&s.png),
                    escape(&tr!("report-3d-alt", name = caption.as_str())),
                    png_data_uri(&s.view_3d_png),
                    escape(&caption)
                );
            }
        }
    }
}

/// Writes a table; each row carries its key as `data-key` so tools can find it, and
/// numeric cells are right-aligned through the `num` class.
fn write_table(h: &mut String, table: &Table) {
    h.push_str("<table>\n<thead><tr>");
    for head in &table.header {
        let _ = write!(h, "<th>{}</th>", escape(head));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for (key, cells) in &table.rows {
        let _ = write!(h, "<tr data-key=\"{}\">", escape(key));
        for (i, cell) in cells.iter().enumerate() {
            let class = if table.numeric.get(i).copied().unwrap_or(false) {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(h, "<td{class}>{}</td>", escape(cell));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(escape("和园 (He Yuan)"), "和园 (He Yuan)");
    }
}
