//! `strata report`: the HTML is self-contained and shows the figures of `strata analyze`
//! (computed here with the analysis functions, not copied from output); the Markdown
//! report's images are written next to it.

use crate::common;

use std::process::{Command, Output};

use common::{geojson_files, load, repo};
use strata::analysis::report::{analysis_json, coverage_report, land_report};
use strata::analysis::{Coverage, CoverageOptions, Metric};
use strata::model::{Reference, Scenario};
use strata::report::{ReportFormat, ReportOptions, build_report, fmt};

fn strata(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(args)
        .output()
        .expect("run strata")
}

/// The `<tr data-key="KEY">…</tr>` of a table in a section.
fn row<'a>(html: &'a str, section: &str, key: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{section}\">"))
        .unwrap_or_else(|| panic!("no section {section}"));
    let section_html = &html[start..];
    let section_html = &section_html[..section_html.find("</section>").expect("section end")];
    let open = format!("<tr data-key=\"{key}\">");
    let at = section_html
        .find(&open)
        .unwrap_or_else(|| panic!("no row {key} in {section}"));
    let rest = &section_html[at..];
    &rest[..rest.find("</tr>").expect("row end")]
}

fn num(v: impl std::fmt::Display) -> String {
    format!("<td class=\"num\">{v}</td>")
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let mut out = Vec::new();
    for chunk in text.as_bytes().chunks(4) {
        let data: Vec<u32> = chunk
            .iter()
            .filter(|c| **c != b'=')
            .map(|c| value(*c))
            .collect();
        let n = data
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, v)| n | (v << (18 - 6 * i)));
        for i in 0..data.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

#[test]
fn html_report_shows_the_figures_of_analyze_for_every_sample_map() {
    let reference = Reference::default();
    for path in geojson_files("sample_maps") {
        let (plan, problems) = load(&path);
        // Straight-line for every map; along the streets for one, to keep the test quick.
        let metrics: &[Metric] = if path.ends_with("qingdao_tod.geojson") {
            &[Metric::Euclidean, Metric::Network]
        } else {
            &[Metric::Euclidean]
        };
        for &metric in metrics {
            let coverage_options = CoverageOptions {
                metric,
                ..Default::default()
            };
            let options = ReportOptions {
                scenario: Scenario::Proposed,
                coverage: coverage_options.clone(),
                map_width_px: 500,
            };
            let report = build_report(&plan, &problems, &reference, &options).expect("report");
            let files = report.files(ReportFormat::Html, "r").expect("html");
            assert_eq!(files.len(), 1, "HTML is one file");
            let html = String::from_utf8(files[0].1.clone()).expect("utf-8");
            let name = path.display();

            // Self-contained: no external resources.
            for external in [
                "src=\"http",
                "href=\"http",
                "<link",
                "url(",
                "@import",
                "<script src",
            ] {
                // The embedded font is the one url(), a data URI.
                let outside = html.replace("url(data:", "");
                assert!(!outside.contains(external), "{name}: {external}");
            }
            // The map is an embedded PNG of the requested width.
            let marker = "<img alt=\"Map of";
            let img = &html[html.find(marker).expect("map image")..];
            let b64_start = img.find("base64,").expect("data uri") + "base64,".len();
            let b64 = &img[b64_start..b64_start + img[b64_start..].find('"').expect("end")];
            let png = image::load_from_memory(&decode_base64(b64)).expect("map PNG");
            assert_eq!(png.width(), 500, "{name}");

            // Figures computed independently with the analysis functions.
            let coverage = Coverage::compute(
                &plan,
                Scenario::Proposed,
                &reference.standard,
                coverage_options.clone(),
            );
            let figures = coverage_report(&coverage);
            assert!(!figures.categories.is_empty());
            for c in &figures.categories {
                let r = row(&html, "categories", &c.id);
                assert!(r.contains(&num(c.homes_covered)), "{name} {}: {r}", c.id);
                assert!(
                    r.contains(&num(fmt::count(c.population_covered))),
                    "{name} {}: {r}",
                    c.id
                );
                assert!(
                    r.contains(&num(fmt::percent(c.share_population))),
                    "{name} {}: {r}",
                    c.id
                );
                assert!(r.contains(&num(c.facilities)), "{name} {}: {r}", c.id);
                // The chart has a bar per category labelled with the same share.
                let bar = format!("<g data-category=\"{}\">", c.id);
                let bar_at = html
                    .find(&bar)
                    .unwrap_or_else(|| panic!("{name}: no bar {}", c.id));
                assert!(
                    html[bar_at..]
                        .split("</g>")
                        .next()
                        .expect("bar")
                        .contains(&fmt::percent(c.share_population))
                );
            }
            for t in &figures.tiers {
                let r = row(&html, "life-circle", &t.id);
                assert!(
                    r.contains(&num(fmt::count(t.population_served))),
                    "{name} {}: {r}",
                    t.id
                );
                assert!(
                    r.contains(&num(fmt::percent(t.share_population))),
                    "{name} {}: {r}",
                    t.id
                );
            }
            for g in &figures.gaps {
                let r = row(&html, "gaps", &g.category);
                assert!(r.contains(&num(g.homes)), "{name} {}: {r}", g.category);
                assert!(r.contains(&num(fmt::count(g.population))), "{name}");
            }
            if figures.gaps.is_empty() {
                assert!(html.contains("No gaps"));
            }
            let land = land_report(&plan, Scenario::Proposed);
            assert!(
                row(&html, "land", "ground").contains(&num(fmt::m2(land.ground_m2))),
                "{name}"
            );
            assert!(
                row(&html, "land", "stacked").contains(&num(fmt::mu(land.stacked_m2))),
                "{name}"
            );
            assert!(
                row(&html, "land", "released").contains(&num(fmt::ha(land.comparison.released_m2))),
                "{name}"
            );
            for u in &land.comparison.by_use {
                let r = row(&html, "comparison", &u.code);
                assert!(
                    r.contains(&num(fmt::m2(u.existing_m2)))
                        && r.contains(&num(fmt::m2(u.proposed_m2))),
                    "{name} {}: {r}",
                    u.code
                );
            }
            // Every problem of strata check is listed.
            let validation = &html[html
                .find("<section id=\"validation\">")
                .expect("validation")..];
            for p in &problems {
                let message = strata::report::escape_html(&p.message.to_string());
                assert!(validation.contains(&message), "{name}: {}", p.message);
            }
            // A section figure per stacked parcel.
            let stacked = plan
                .parcels_in(Scenario::Proposed)
                .filter(|p| p.strata.len() > 1)
                .count();
            assert_eq!(
                html.matches("<figure data-parcel=").count(),
                stacked,
                "{name}"
            );
            // The embedded JSON is exactly `strata analyze --format json`.
            let start = html.find("id=\"strata-analysis\">").expect("json")
                + "id=\"strata-analysis\">".len();
            let end = start + html[start..].find("</script>").expect("end");
            let embedded: serde_json::Value =
                serde_json::from_str(&html[start..end].replace("<\\/", "</")).expect("json");
            // Both sides go through JSON text, so float parsing treats them alike.
            let expected = analysis_json(&plan, Scenario::Proposed, coverage_options, &reference);
            let expected: serde_json::Value =
                serde_json::from_str(&expected.to_string()).expect("json");
            assert_eq!(embedded, expected, "{name}");
        }
    }
}

#[test]
fn cli_report_agrees_with_cli_analyze() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = repo("sample_maps/wenzhou_sports_park.geojson");
    let plan = plan.to_str().expect("path");
    let out = dir.path().join("wenzhou.html");
    let output = strata(&[
        "report",
        plan,
        "--out",
        out.to_str().expect("path"),
        "--width",
        "480",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(&out).expect("report");
    let analyze = strata(&["analyze", plan, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&analyze.stdout).expect("json");
    let categories = json["coverage"]["categories"]
        .as_array()
        .expect("categories");
    assert!(!categories.is_empty());
    for c in categories {
        let id = c["id"].as_str().expect("id");
        let r = row(&html, "categories", id);
        let homes = c["homes_covered"].as_u64().expect("homes");
        let share = c["share_population"].as_f64().expect("share");
        assert!(r.contains(&num(homes)), "{id}: {r}");
        assert!(r.contains(&num(fmt::percent(share))), "{id}: {r}");
    }
    let ground = json["land"]["ground_m2"].as_f64().expect("ground");
    assert!(row(&html, "land", "ground").contains(&num(fmt::m2(ground))));
}

#[test]
fn markdown_report_writes_its_images_next_to_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = repo("sample_maps/wenzhou_sports_park.geojson");
    let out = dir.path().join("plan.md");
    let output = strata(&[
        "report",
        plan.to_str().expect("path"),
        "--out",
        out.to_str().expect("path"),
        "--width",
        "480",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&out).expect("markdown");
    assert!(text.contains("## Coverage by category") && text.contains("| category |"));
    // Every image or file the Markdown links to exists beside it.
    let mut links = 0;
    for piece in text.split("](").skip(1) {
        let target = &piece[..piece.find(')').expect("link end")];
        assert!(dir.path().join(target).is_file(), "{target} missing");
        links += 1;
    }
    assert!(links >= 3, "map, chart and JSON at least: {links}");
    let map = image::open(dir.path().join("plan-map.png")).expect("map");
    assert_eq!(map.width(), 480);
    let (reference_plan, _) = load(&plan);
    let stacked = reference_plan
        .parcels_in(Scenario::Proposed)
        .filter(|p| p.strata.len() > 1)
        .count();
    assert!(stacked > 0, "the Wenzhou sample has stacked strata");
    assert_eq!(text.matches("![Strata section of").count(), stacked);
}

#[test]
fn report_rejects_unknown_formats() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = repo("sample_maps/wenzhou_sports_park.geojson");
    let out = dir.path().join("plan.docx");
    let output = strata(&[
        "report",
        plan.to_str().expect("path"),
        "--out",
        out.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(".html, .md or .pdf") && !stderr.contains("panicked"),
        "{stderr}"
    );
    assert!(!out.exists());
}

/// Issue 16's done-when: the Wenzhou report lists the control changes of the plant —
/// the reserved site east of Shacheng Road (code WZ-01-05, white land 16) takes the sunk
/// plant (1302) — and the old plant's code losing its controls.
#[test]
fn the_wenzhou_report_lists_the_control_changes_of_the_plant() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = repo("sample_maps/wenzhou_sports_park.geojson");
    let out = dir.path().join("wenzhou.html");
    let output = strata(&[
        "report",
        plan.to_str().expect("path"),
        "--out",
        out.to_str().expect("path"),
        "--width",
        "400",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(&out).expect("report");
    let main_use = row(&html, "control-changes", "WZ-01-05:main_use");
    assert!(
        main_use.contains(">16<") && main_use.contains(">1302<"),
        "{main_use}"
    );
    let zone = row(&html, "control-changes", "WZ-01-05:zone");
    assert!(zone.contains(">X<") && zone.contains(">U21<"), "{zone}");
    let old_plant = row(&html, "control-changes", "WZ-01-01:main_use");
    assert!(
        old_plant.contains(">1302<") && old_plant.contains(">—<"),
        "{old_plant}"
    );
    assert!(html.contains("<section id=\"zoning\">"));
}

/// The Chinese report embeds a font subset (a data URI in an `@font-face`) whose cmap
/// covers every character of the page's text, so it renders without system CJK fonts.
#[test]
fn the_html_report_embeds_a_font_covering_its_text() {
    use skrifa::MetadataProvider;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("r.html");
    let plan = repo("sample_maps/wenzhou_sports_park.geojson");
    let run = strata(&[
        "report",
        plan.to_str().expect("path"),
        "--lang",
        "zh",
        "--width",
        "400",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let html = std::fs::read_to_string(&out).expect("html");
    let start = html
        .find("@font-face{font-family:'Strata Sans';src:url(data:font/otf;base64,")
        .expect("an embedded font");
    let data = &html[start..];
    let data = &data[data.find("base64,").expect("base64") + 7..];
    let data = &data[..data.find(')').expect("end of the data URI")];
    let otf = decode_base64(data);
    assert!(otf.len() < 300_000, "{} bytes: not a subset", otf.len());
    let face = skrifa::FontRef::new(&otf).expect("a readable font");
    let charmap = face.charmap();
    // The text: everything outside tags, the style and the JSON for tools; entities
    // stand for ASCII characters.
    let body = &html[html.find("</style>").expect("style end")..];
    let body = &body[..body
        .find("<script type=\"application/json\"")
        .unwrap_or(body.len())];
    let mut inside_tag = false;
    let mut missing = std::collections::BTreeSet::new();
    let mut checked = 0;
    for c in body.chars() {
        match c {
            '<' => inside_tag = true,
            '>' => inside_tag = false,
            _ if inside_tag || c.is_whitespace() => {}
            _ => {
                checked += 1;
                if charmap.map(c).is_none() {
                    missing.insert(c);
                }
            }
        }
    }
    assert!(checked > 1000, "{checked} characters checked");
    assert!(missing.is_empty(), "not in the embedded font: {missing:?}");
    assert!(
        body.contains("容积率") || body.contains("用地"),
        "a Chinese report"
    );
}

/// `--out FILE.pdf`: the same content paginated (A4), text searchable, fonts embedded
/// as subsets, the coverage chart drawn as vectors (its percentages are text).
#[test]
fn the_pdf_report_has_the_html_content_on_a4_pages() {
    let Ok(info) = Command::new("pdfinfo").arg("-v").output() else {
        eprintln!("skipped: poppler-utils not installed");
        return;
    };
    let _ = info;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("r.pdf");
    let plan = repo("sample_maps/wenzhou_sports_park.geojson");
    let run = strata(&[
        "report",
        plan.to_str().expect("path"),
        "--lang",
        "zh",
        "--width",
        "600",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let path = out.to_str().expect("path");
    let info = Command::new("pdfinfo").arg(path).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("595.276 x 841.89 pts (A4)"), "{info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pages");
    assert!(pages >= 3, "{info}");
    let fonts = Command::new("pdffonts")
        .arg(path)
        .output()
        .expect("pdffonts");
    for row in String::from_utf8_lossy(&fonts.stdout).lines().skip(2) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 3],
            ["yes", "yes"],
            "{row}"
        );
    }
    let text = Command::new("pdftotext")
        .args([path, "-"])
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    let html_out = dir.path().join("r.html");
    let run = strata(&[
        "report",
        plan.to_str().expect("path"),
        "--lang",
        "zh",
        "--width",
        "600",
        "--out",
        html_out.to_str().expect("path"),
    ]);
    assert!(run.status.success());
    let html = std::fs::read_to_string(&html_out).expect("html");
    // Every part's title of the HTML is in the PDF's text.
    let mut titles = 0;
    for piece in html.split("<h2>").skip(1) {
        let title = piece.split("</h2>").next().expect("title");
        if title.contains('&') {
            continue;
        }
        titles += 1;
        let squeezed: String = title.split_whitespace().collect();
        let pdf_text: String = text.split_whitespace().collect();
        assert!(pdf_text.contains(&squeezed), "{title:?} not in the PDF");
    }
    assert!(titles >= 5, "{titles} parts");
    assert!(
        text.contains("75 %") && text.contains("100 %"),
        "the chart's axis is text"
    );
}
