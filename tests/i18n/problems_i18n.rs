//! Problems of a plan (reading and validation) are messages rendered in the chosen
//! language: every problem the bad-input corpus and the sample maps give has a Chinese
//! text with every part resolved, its English text is the stable text of `strata check`,
//! and `strata check --lang zh` prints the Chinese lines.

use crate::common;

use std::process::Command;

use common::{geojson_files, repo};
use strata::i18n::Lang;
use strata::model::Problem;

/// Every problem of every bad file and sample map, and every file-level error's text.
fn all_problems() -> (Vec<Problem>, Vec<strata::io::ReadError>) {
    let mut problems = Vec::new();
    let mut errors = Vec::new();
    for path in geojson_files("tests/bad")
        .into_iter()
        .chain(geojson_files("sample_maps"))
    {
        let bytes = std::fs::read(&path).expect("read");
        match strata::io::read_plan(&bytes, &Default::default()) {
            Ok(loaded) => {
                problems.extend(strata::analysis::validate(&loaded.plan));
                problems.extend(loaded.problems);
            }
            Err(e) => errors.push(e),
        }
    }
    (problems, errors)
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A Fluent key left in the text (a missing message) or an argument left unfilled.
fn unresolved(text: &str) -> bool {
    text.contains("{$")
        || text.contains("{ $")
        || ["problem-", "frag-", "read-", "json-", "geo-", "severity-"]
            .iter()
            .any(|k| text.contains(k))
}

#[test]
fn every_problem_of_the_corpus_reads_in_chinese_and_english() {
    let _language = crate::common::Language::take();
    let (problems, errors) = all_problems();
    assert!(problems.len() >= 40, "only {} problems", problems.len());
    assert!(errors.len() >= 5, "only {} file errors", errors.len());
    let mut kinds = std::collections::BTreeSet::new();
    for p in &problems {
        kinds.insert(p.kind);
        let en = p.message.text_in(Lang::En);
        let zh = p.message.text_in(Lang::Zh);
        assert_eq!(en, p.message.to_string());
        assert!(!unresolved(&en), "{en}");
        assert!(!unresolved(&zh), "{zh}");
        assert!(has_cjk(&zh), "not Chinese: {zh} ({en})");
        assert!(!has_cjk(&en), "not English: {en}");
        let line = p.text_in(Lang::Zh);
        assert!(
            line.starts_with("错误 [") || line.starts_with("警告 ["),
            "{line}"
        );
        // The machine id of the kind stays, to be searched for in either language.
        assert!(line.contains(&format!("[{}]", p.kind)), "{line}");
        assert_eq!(p.to_string(), p.text_in(Lang::En));
    }
    assert!(kinds.len() >= 20, "only {} kinds: {kinds:?}", kinds.len());
    for e in &errors {
        let en = e.to_string();
        strata::i18n::set_lang(Lang::Zh);
        let zh = e.text();
        strata::i18n::set_lang(Lang::En);
        assert_eq!(e.text(), en, "English text of a file error changed");
        assert!(!unresolved(&zh), "{zh}");
        // The reasons serde_json gives stay in its words; the rest is Chinese.
        if !matches!(e, strata::io::ReadError::Unreadable(_)) {
            assert!(has_cjk(&zh), "not Chinese: {zh}");
        }
    }
}

/// Hand-picked sentences whose English must not change (other tools read them) and
/// whose Chinese is checked word for word.
#[test]
fn known_sentences_in_both_languages() {
    let _language = crate::common::Language::take();
    let (problems, _) = all_problems();
    let find = |needle: &str| {
        problems
            .iter()
            .find(|p| p.message.to_string().contains(needle))
            .unwrap_or_else(|| panic!("no problem with {needle:?}"))
    };
    let p = find("is not closed");
    assert!(
        p.message
            .to_string()
            .starts_with("polygon exterior ring is not closed: it starts at ("),
        "{}",
        p.message
    );
    assert!(
        p.message
            .text_in(Lang::Zh)
            .starts_with("多边形 外环 未闭合：起点为 ("),
        "{}",
        p.message.text_in(Lang::Zh)
    );
    let p = find("land-use code");
    let zh = p.message.text_in(Lang::Zh);
    assert!(zh.contains("用地代码") && zh.contains("不在分类"), "{zh}");
    let p = find("overlap by");
    let zh = p.message.text_in(Lang::Zh);
    assert!(zh.contains("重叠") && zh.contains("高程 ["), "{zh}");
}

#[test]
fn strata_check_prints_chinese_lines_and_unchanged_json() {
    let _language = crate::common::Language::take();
    let file = repo("tests/bad/unknown_land_use.geojson");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_strata"))
            .args(args)
            .arg(&file)
            .output()
            .expect("run strata");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let zh = run(&["check", "--lang", "zh"]);
    assert!(zh.contains("错误 [unknown-land-use]"), "{zh}");
    assert!(zh.contains("不在分类"), "{zh}");
    let en = run(&["check", "--lang", "en"]);
    assert!(en.contains("error [unknown-land-use]"), "{en}");
    assert!(en.contains("is not in the classification"), "{en}");
    // JSON is for machines: English whatever the language.
    let json_zh = run(&["check", "--format", "json", "--lang", "zh"]);
    let json_en = run(&["check", "--format", "json", "--lang", "en"]);
    assert_eq!(json_zh, json_en);
}
