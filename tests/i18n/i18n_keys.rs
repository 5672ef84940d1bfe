//! The translations are complete: both languages have the same keys (attributes
//! included), both files parse, and every key the sources name exists.

use std::collections::BTreeSet;
use std::path::Path;

use strata::i18n::{self, Lang};

#[test]
fn both_languages_have_the_same_keys() {
    for lang in Lang::ALL {
        assert_eq!(i18n::syntax_errors(lang), Vec::<String>::new(), "{lang:?}");
    }
    let en = i18n::keys(Lang::En);
    let zh = i18n::keys(Lang::Zh);
    let only_en: Vec<_> = en.difference(&zh).collect();
    let only_zh: Vec<_> = zh.difference(&en).collect();
    assert!(only_en.is_empty(), "missing in zh-CN.ftl: {only_en:?}");
    assert!(only_zh.is_empty(), "missing in en.ftl: {only_zh:?}");
    assert!(en.len() > 5, "{en:?}");
}

#[test]
fn every_key_used_in_the_sources_exists() {
    let known = i18n::keys(Lang::En);
    let mut used = BTreeSet::new();
    collect_keys(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src").as_path(),
        &mut used,
    );
    assert!(
        !used.is_empty(),
        "no tr(\"…\") calls found: is the scanner broken?"
    );
    let missing: Vec<_> = used.iter().filter(|k| !known.contains(*k)).collect();
    assert!(
        missing.is_empty(),
        "keys used in src/ but not in en.ftl: {missing:?}"
    );
}

#[test]
fn the_scanner_finds_keys_in_all_call_forms() {
    let mut used = BTreeSet::new();
    scan(
        r#"tr("a-b") tr!("c", n = 1) i18n::tr_args("d.tooltip", &[]) tr_in(lang, "e")
           tr_args_in(Lang::Zh,
               "f", &[]) attr("no") tr(key) msg!("g", n = 1) Message::new("h")"#,
        &mut used,
    );
    let expected: BTreeSet<String> = ["a-b", "c", "d.tooltip", "e", "f", "g", "h"]
        .map(String::from)
        .into();
    assert_eq!(used, expected);
}

fn collect_keys(dir: &Path, used: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            // The i18n module's own docs and tests name example keys (`tr!("key")`).
            if path.ends_with("i18n") {
                continue;
            }
            collect_keys(&path, used);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            scan(&text, used);
        }
    }
}

/// Keys written as string literals in `tr("…")`, `tr!("…", …)`, `tr_args("…", …)`,
/// `tr_in(lang, "…")`, `tr_args_in(lang, "…", …)`, `msg!("…", …)` and `Message::new("…")`.
fn scan(text: &str, used: &mut BTreeSet<String>) {
    const CALLS: [(&str, bool); 7] = [
        ("tr(", false),
        ("tr!(", false),
        ("tr_args(", false),
        ("tr_in(", true),
        ("tr_args_in(", true),
        ("msg!(", false),
        ("Message::new(", false),
    ];
    for (call, lang_first) in CALLS {
        let mut from = 0;
        while let Some(found) = text[from..].find(call) {
            let start = from + found;
            from = start + call.len();
            let before = text[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let mut rest = &text[from..];
            if lang_first {
                match rest.find(',') {
                    Some(comma) => rest = &rest[comma + 1..],
                    None => continue,
                }
            }
            let rest = rest.trim_start();
            if let Some(literal) = rest.strip_prefix('"')
                && let Some(end) = literal.find('"')
            {
                used.insert(literal[..end].to_owned());
            }
        }
    }
}
