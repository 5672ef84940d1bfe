//! Strict layers (issue 15): every reference from one top-level module of `src/` to
//! another must be an edge of the table in `docs/ARCHITECTURE.md`, the one place the
//! rules are written. The test reads the sources as text (std only: it links nothing of
//! the crate, so it builds in a second).
//!
//! A reference is a `use crate::x…` (grouped `use crate::{x, y::…}` included), an inline
//! `crate::x::…` path, a `crate::m!` macro (attributed to the module that exports it) or
//! a `super::` chain that climbs to the crate root. Comments and string literals are
//! skipped. Code under `#[cfg(test)]` may also use the modules the doc's "Test code"
//! line names.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

const DOC: &str = "docs/ARCHITECTURE.md";

/// The allowed edges: module → modules it may use.
struct Rules {
    allowed: BTreeMap<String, BTreeSet<String>>,
    test_extra: BTreeSet<String>,
}

/// Backticked words of a table cell or line.
fn backticked(text: &str) -> BTreeSet<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn read_rules(doc: &str) -> Rules {
    let begin = doc
        .find("<!-- layers:begin -->")
        .expect("layers:begin marker");
    let end = doc.find("<!-- layers:end -->").expect("layers:end marker");
    let mut allowed = BTreeMap::new();
    let mut test_extra = None;
    for line in doc[begin..end].lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("Test code") {
            let (_, names) = rest.split_once("may also use:").expect("\"may also use:\"");
            test_extra = Some(backticked(names));
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | `module` | `a`, `b` | what it holds |
        if cells.len() < 4 || !cells[1].starts_with('`') {
            continue;
        }
        let module = cells[1].trim_matches('`').to_owned();
        let uses = backticked(cells[2]);
        assert!(
            allowed.insert(module.clone(), uses).is_none(),
            "{DOC}: module `{module}` has two rows"
        );
    }
    assert!(allowed.len() > 5, "{DOC}: the layer table was not found");
    Rules {
        allowed,
        test_extra: test_extra.expect("the \"Test code … may also use:\" line"),
    }
}

/// Source text with comments, strings and char literals blanked (newlines kept, so byte
/// offsets still give line numbers).
fn strip(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to.min(b.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        let end = literal_or_comment_end(b, i);
        if end > i {
            blank(&mut out, i, end);
            i = end;
        } else {
            i += 1;
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces, so the text is still UTF-8.
    String::from_utf8(out).expect("utf-8")
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// If a comment or literal starts at `i`, where it ends; else `i`.
fn literal_or_comment_end(b: &[u8], i: usize) -> usize {
    let rest = &b[i..];
    let prev_ident = i > 0 && is_ident(b[i - 1]);
    if rest.starts_with(b"//") {
        return rest
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |p| i + p);
    }
    if rest.starts_with(b"/*") {
        let mut depth = 0;
        let mut j = i;
        while j + 1 < b.len() {
            if &b[j..j + 2] == b"/*" {
                depth += 1;
                j += 2;
            } else if &b[j..j + 2] == b"*/" {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    return j;
                }
            } else {
                j += 1;
            }
        }
        return b.len();
    }
    // A lone `b` before a literal makes it a byte literal: b"…", b'…', br"…".
    let byte_prefix = i > 0 && b[i - 1] == b'b' && !(i > 1 && is_ident(b[i - 2]));
    let starts_literal = !prev_ident || byte_prefix;
    // Raw strings: r"…", r#"…"#, br"…".
    if rest[0] == b'r' && starts_literal {
        let hashes = rest[1..].iter().take_while(|&&c| c == b'#').count();
        if rest.get(1 + hashes) == Some(&b'"') {
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            let body = i + 2 + hashes;
            return find(b, body, &close).map_or(b.len(), |p| p + close.len());
        }
    }
    if rest[0] == b'"' {
        let mut j = i + 1;
        while j < b.len() && b[j] != b'"' {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        return (j + 1).min(b.len());
    }
    if rest[0] == b'\'' && starts_literal {
        return char_literal_end(b, i);
    }
    i
}

/// A char literal `'x'` / `'\n'` / `'\u{…}'` ends after its closing quote; a lifetime
/// (`'a`) is not a literal.
fn char_literal_end(b: &[u8], i: usize) -> usize {
    if b.get(i + 1) == Some(&b'\\') {
        return find(b, i + 2, b"'").map_or(b.len(), |p| p + 1);
    }
    // One UTF-8 character, then the quote.
    let width = match b.get(i + 1) {
        Some(&c) if c >= 0xF0 => 4,
        Some(&c) if c >= 0xE0 => 3,
        Some(&c) if c >= 0xC0 => 2,
        Some(_) => 1,
        None => return i,
    };
    if b.get(i + 1 + width) == Some(&b'\'') {
        i + 2 + width
    } else {
        i
    }
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    (from..b.len().saturating_sub(needle.len() - 1)).find(|&j| b[j..].starts_with(needle))
}

/// The byte after the `}` matching the `{` at `open`.
fn matching_brace(b: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (j, &c) in b.iter().enumerate().skip(open) {
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    b.len()
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn ident_at(b: &[u8], i: usize) -> &str {
    let end = (i..b.len()).find(|&j| !is_ident(b[j])).unwrap_or(b.len());
    std::str::from_utf8(&b[i..end]).unwrap_or("")
}

/// Offsets where the keyword `word` starts as a whole identifier.
fn words<'a>(b: &'a [u8], word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let w = word.as_bytes();
    (0..b.len()).filter(move |&i| {
        b[i..].starts_with(w)
            && (i == 0 || !is_ident(b[i - 1]))
            && b.get(i + w.len()).is_none_or(|&c| !is_ident(c))
    })
}

/// Byte ranges of the items under `#[cfg(test)]`.
fn test_ranges(b: &[u8]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    for start in (0..b.len()).filter(|&i| b[i] == b'#') {
        let squeezed: Vec<u8> = b[start..(start + 40).min(b.len())]
            .iter()
            .copied()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        if !squeezed.starts_with(b"#[cfg(test)]") {
            continue;
        }
        // The item ends at its first `;` or at the end of its first `{…}` block.
        let after = find(b, start, b"]").map_or(b.len(), |p| p + 1);
        let end = match (find(b, after, b"{"), find(b, after, b";")) {
            (Some(open), Some(semi)) if semi < open => semi + 1,
            (Some(open), _) => matching_brace(b, open),
            (None, Some(semi)) => semi + 1,
            (None, None) => b.len(),
        };
        ranges.push((start, end));
    }
    ranges
}

/// Byte ranges of inline `mod name { … }` blocks (each adds a level for `super::`).
fn inline_mods(b: &[u8]) -> Vec<(usize, usize)> {
    words(b, "mod")
        .filter_map(|i| {
            let name = skip_ws(b, i + 3);
            let after = skip_ws(b, name + ident_at(b, name).len());
            (b.get(after) == Some(&b'{')).then(|| (after, matching_brace(b, after)))
        })
        .collect()
}

/// A reference from a file to a name at the crate root.
#[derive(Debug)]
struct Reference {
    offset: usize,
    /// The first path segment after `crate::` (a module or an exported macro).
    root_item: String,
}

/// The first segments of a `use` group `{a, b::c, d::{e}}` starting at `open`.
fn group_items(b: &[u8], open: usize) -> Vec<(usize, String)> {
    let close = matching_brace(b, open) - 1;
    let mut items = Vec::new();
    let mut depth = 0;
    let mut expect_item = true;
    for j in open + 1..close {
        match b[j] {
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b',' if depth == 0 => expect_item = true,
            c if depth == 0 && expect_item && is_ident(c) => {
                items.push((j, ident_at(b, j).to_owned()));
                expect_item = false;
            }
            _ => {}
        }
    }
    items
}

/// Every `crate::…` reference (`$crate` included) and `super::` chain reaching the root.
fn references(b: &[u8], file_depth: usize) -> Vec<Reference> {
    let mut refs = Vec::new();
    let mut push = |offset: usize, item: &str| {
        if !item.is_empty() && item != "self" {
            refs.push(Reference {
                offset,
                root_item: item.to_owned(),
            });
        }
    };
    for i in words(b, "crate") {
        let colons = skip_ws(b, i + 5);
        if !b[colons..].starts_with(b"::") {
            continue;
        }
        let next = skip_ws(b, colons + 2);
        if b.get(next) == Some(&b'{') {
            for (offset, item) in group_items(b, next) {
                push(offset, &item);
            }
        } else {
            push(i, ident_at(b, next));
        }
    }
    let mods = inline_mods(b);
    for i in words(b, "super") {
        if i > 0 && b[..i].ends_with(b"::") && b[..i - 2].ends_with(b"super") {
            continue; // counted from the first `super` of the chain
        }
        let mut climbs = 0;
        let mut j = i;
        while b[j..].starts_with(b"super") && b[skip_ws(b, j + 5)..].starts_with(b"::") {
            climbs += 1;
            j = skip_ws(b, skip_ws(b, j + 5) + 2);
        }
        let depth = file_depth + mods.iter().filter(|(s, e)| *s < i && i < *e).count();
        if climbs >= depth {
            push(i, ident_at(b, j));
        }
    }
    refs
}

/// The top-level module a file belongs to and its module depth (`src/x.rs` and
/// `src/x/mod.rs` are 1 deep, `src/x/y.rs` 2).
fn module_of(rel: &Path) -> (String, usize) {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let top = parts[0].trim_end_matches(".rs").to_owned();
    let top = if top == "main" { "cli".to_owned() } else { top };
    let last = parts.last().map(String::as_str).unwrap_or("");
    let depth = parts.len() - usize::from(last == "mod.rs");
    (top, depth.max(1))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable src folder")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// One source file, read and stripped.
struct Source {
    rel: PathBuf,
    top: String,
    depth: usize,
    original: String,
    code: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files
        .into_iter()
        .map(|path| {
            let rel = path
                .strip_prefix(root.join("src"))
                .expect("under src")
                .to_path_buf();
            let original = std::fs::read_to_string(&path).expect("readable source");
            let (top, depth) = module_of(&rel);
            let code = strip(&original);
            Source {
                rel,
                top,
                depth,
                original,
                code,
            }
        })
        .collect()
}

/// Exported macros (`#[macro_export] macro_rules! name`) and the module defining each.
fn exported_macros(sources: &[Source]) -> BTreeMap<String, String> {
    let mut macros = BTreeMap::new();
    for s in sources {
        let b = s.code.as_bytes();
        for i in words(b, "macro_export") {
            if let Some(m) = find(b, i, b"macro_rules!") {
                let name = skip_ws(b, m + "macro_rules!".len());
                macros.insert(ident_at(b, name).to_owned(), s.top.clone());
            }
        }
    }
    macros
}

/// An edge found in the sources that the table does not allow.
struct Violation {
    file: PathBuf,
    line: usize,
    from: String,
    to: String,
    text: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "src/{}:{}: {} → {} is not allowed: {}",
            self.file.display(),
            self.line,
            self.from,
            self.to,
            self.text.trim()
        )
    }
}

fn line_of(text: &str, offset: usize) -> (usize, String) {
    let line = text[..offset].matches('\n').count() + 1;
    (line, text.lines().nth(line - 1).unwrap_or("").to_owned())
}

/// Every forbidden edge of the sources under the rules.
fn violations(rules: &Rules, sources: &[Source]) -> Vec<Violation> {
    let macros = exported_macros(sources);
    let modules: BTreeSet<&str> = (sources.iter().map(|s| s.top.as_str()))
        .chain(rules.allowed.keys().map(String::as_str))
        .collect();
    let mut found = Vec::new();
    for s in sources.iter().filter(|s| s.top != "lib") {
        let b = s.code.as_bytes();
        let tests = test_ranges(b);
        let allowed = rules.allowed.get(&s.top);
        for r in references(b, s.depth) {
            let to = if modules.contains(r.root_item.as_str()) {
                r.root_item.clone()
            } else if let Some(m) = macros.get(&r.root_item) {
                m.clone()
            } else {
                format!("the crate root item `{}`", r.root_item)
            };
            let in_test = tests.iter().any(|(a, z)| *a <= r.offset && r.offset < *z);
            let ok = to == s.top
                || allowed.is_some_and(|a| a.contains(&to))
                || (in_test && rules.test_extra.contains(&to));
            if !ok {
                let (line, text) = line_of(&s.original, r.offset);
                found.push(Violation {
                    file: s.rel.clone(),
                    line,
                    from: s.top.clone(),
                    to,
                    text,
                });
            }
        }
    }
    found
}

fn rules() -> Rules {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DOC);
    read_rules(&std::fs::read_to_string(path).expect("docs/ARCHITECTURE.md"))
}

#[test]
fn every_module_has_a_row_in_the_layer_table() {
    let rules = rules();
    let modules: BTreeSet<String> = sources()
        .into_iter()
        .map(|s| s.top)
        .filter(|t| t != "lib")
        .collect();
    let missing: Vec<&String> = modules
        .iter()
        .filter(|m| !rules.allowed.contains_key(*m))
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a row in {DOC}: {missing:?}"
    );
    for (module, uses) in &rules.allowed {
        assert!(
            modules.contains(module),
            "{DOC} lists `{module}`, which src/ lacks"
        );
        for used in uses {
            assert!(
                modules.contains(used),
                "{DOC}: `{module}` may use unknown `{used}`"
            );
        }
    }
}

#[test]
fn imports_follow_the_layer_table() {
    let found = violations(&rules(), &sources());
    let list: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(
        list.is_empty(),
        "{} import(s) against the layer table in {DOC}:\n{}",
        list.len(),
        list.join("\n")
    );
}

/// Modules allowed to use egui and eframe: the editor and the binary that starts it.
const EGUI_USERS: [&str; 2] = ["ui", "cli"];

#[test]
fn only_the_editor_uses_egui() {
    let mut found = Vec::new();
    for s in sources()
        .iter()
        .filter(|s| !EGUI_USERS.contains(&s.top.as_str()))
    {
        let b = s.code.as_bytes();
        for word in ["egui", "eframe", "egui_extras", "egui_plot"] {
            for i in words(b, word) {
                let (line, text) = line_of(&s.original, i);
                found.push(format!("src/{}:{line}: {}", s.rel.display(), text.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "egui outside {EGUI_USERS:?} (the core draws nothing on screen):\n{}",
        found.join("\n")
    );
}

/// The i18n items the core may use anywhere: a `Message`, its arguments and `msg!`, and
/// the pure functions of an explicit language. Every other item (`tr`, `tr!`, `tr_args`,
/// `lang()`: the *current* language) is allowed only in [`DISPLAY_HELPERS`].
const CORE_I18N: [&str; 7] = [
    "Message",
    "Arg",
    "msg",
    "Lang",
    "tr_in",
    "tr_args_in",
    "keys",
];

/// Functions of the core that word something in the current language at the moment it
/// is shown and keep nothing: (file under `src/`, `Type::function`, why it may).
/// `$t` is the type parameter of a macro that writes the impl.
const DISPLAY_HELPERS: [(&str, &str, &str); 13] = [
    (
        "model/mod.rs",
        "Scenario::name",
        "a name for display now; name_in(lang) is the pure one",
    ),
    (
        "model/parcel.rs",
        "Status::name",
        "a name for display now; name_in(lang) is the pure one",
    ),
    (
        "model/parcel.rs",
        "Status::shown",
        "a table cell worded as it is printed; kept nowhere",
    ),
    (
        "model/stratum.rs",
        "Right::name",
        "a name for display now; name_in(lang) is the pure one",
    ),
    (
        "model/problem.rs",
        "Problem::text",
        "the problem keeps its Message; this words it when shown",
    ),
    (
        "model/reference.rs",
        "$t::name",
        "localized_name!: a reference entry's name, shown now",
    ),
    (
        "model/reference.rs",
        "$t::label",
        "localized_name!: a reference entry's label, shown now",
    ),
    (
        "model/reference.rs",
        "de_color",
        "serde's Error::custom needs a String; the reference files are read at start-up and \
         the error (ReferenceError, text as is) is shown at once",
    ),
    (
        "model/units.rs",
        "format_area",
        "an area as the CLI prints it, now; format_area_in(lang)",
    ),
    (
        "model/units.rs",
        "AreaUnit::format",
        "an area as printed now; format_in(lang) is pure",
    ),
    (
        "model/valuation.rs",
        "Criterion::name",
        "a name for display now; name_in(lang) is pure",
    ),
    (
        "analysis/coverage/mod.rs",
        "Metric::short_name",
        "a word for panels and outputs, shown now",
    ),
    (
        "analysis/coverage/mod.rs",
        "CategoryInfo::display_name",
        "a name for display now",
    ),
];

/// Functions with a body: (`Type::name` or `name`, body start, body end), innermost last.
fn functions(b: &[u8]) -> Vec<(String, usize, usize)> {
    let impls: Vec<(String, usize, usize)> = words(b, "impl")
        .filter_map(|i| {
            let open = body_start(b, i + 4)?;
            let header = std::str::from_utf8(&b[i + 4..open]).unwrap_or("");
            let target = header.rsplit(" for ").next().unwrap_or(header);
            let target = strip_generics(target.trim());
            let name = target.split('<').next().unwrap_or("").rsplit("::").next();
            Some((
                name.unwrap_or("").trim().to_owned(),
                open,
                matching_brace(b, open),
            ))
        })
        .collect();
    words(b, "fn")
        .filter_map(|i| {
            let name_at = skip_ws(b, i + 2);
            let name = ident_at(b, name_at).to_owned();
            let open = body_start(b, name_at + name.len())?;
            let owner = impls
                .iter()
                .filter(|(_, a, z)| *a < i && i < *z)
                .max_by_key(|(_, a, _)| *a);
            let full = owner.map_or(name.clone(), |(t, _, _)| format!("{t}::{name}"));
            Some((full, open, matching_brace(b, open)))
        })
        .collect()
}

/// `<T: X> Foo<T>` → `Foo<T>`: the generics that follow `impl`.
fn strip_generics(header: &str) -> &str {
    if !header.starts_with('<') {
        return header;
    }
    let mut depth = 0;
    for (j, c) in header.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => {
                depth -= 1;
                if depth == 0 {
                    return header[j + 1..].trim();
                }
            }
            _ => {}
        }
    }
    header
}

/// The `{` opening the body of an item whose signature starts at `from`, or `None` when
/// it ends with `;` first (brackets and parentheses of the signature skipped).
fn body_start(b: &[u8], from: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (j, &c) in b.iter().enumerate().skip(from) {
        match c {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            b'{' if depth == 0 => return Some(j),
            b';' if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

/// Uses of `i18n` in a file: `i18n::x` paths, items of a `crate::i18n::{…}` group, and
/// root macros (`crate::tr!`) exported by `i18n`; with the function each is in.
fn i18n_uses(s: &Source, macros: &BTreeMap<String, String>) -> Vec<(usize, String)> {
    let b = s.code.as_bytes();
    let mut uses = Vec::new();
    for i in words(b, "i18n") {
        let colons = skip_ws(b, i + 4);
        if !b[colons..].starts_with(b"::") {
            continue;
        }
        let next = skip_ws(b, colons + 2);
        let items = if b.get(next) == Some(&b'{') {
            group_items(b, next)
        } else {
            vec![(i, ident_at(b, next).to_owned())]
        };
        uses.extend(items.into_iter().filter(|(_, item)| item != "self"));
    }
    for r in references(b, s.depth) {
        if macros.get(&r.root_item).is_some_and(|m| m == "i18n") {
            uses.push((r.offset, r.root_item));
        }
    }
    uses
}

/// Uses of the current language in the core outside [`DISPLAY_HELPERS`], as
/// `src/file:line: i18n::item in function: line`.
fn global_language_uses(sources: &[Source]) -> Vec<String> {
    let macros = exported_macros(sources);
    let core = ["model", "edit", "analysis", "io"];
    let mut found = Vec::new();
    for s in sources.iter().filter(|s| core.contains(&s.top.as_str())) {
        let file = s.rel.to_string_lossy().replace('\\', "/");
        let fns = functions(s.code.as_bytes());
        for (offset, item) in i18n_uses(s, &macros) {
            if CORE_I18N.contains(&item.as_str()) {
                continue;
            }
            let within = fns
                .iter()
                .filter(|(_, a, z)| *a < offset && offset < *z)
                .max_by_key(|(_, a, _)| *a)
                .map(|(name, _, _)| name.as_str());
            let allowed = within.is_some_and(|f| {
                DISPLAY_HELPERS
                    .iter()
                    .any(|(path, helper, _)| *path == file && *helper == f)
            });
            if !allowed {
                let (line, text) = line_of(&s.original, offset);
                let place = within.map_or("outside any function".to_owned(), |f| format!("in {f}"));
                found.push(format!(
                    "src/{file}:{line}: i18n::{item} {place}: {}",
                    text.trim()
                ));
            }
        }
    }
    found
}

/// The core words nothing it keeps in the current language: errors, problems and labels
/// carry an `i18n::Message`, worded where they are shown (docs/ERRORS.md), so switching
/// language never leaves a kept value in the old one.
#[test]
fn core_uses_the_current_language_only_in_display_helpers() {
    let found = global_language_uses(&sources());
    assert!(
        found.is_empty(),
        "{} use(s) of the current language (tr, tr!, tr_args, lang()) in the core outside \
         the display helpers of tests/layers.rs; build a Message with msg! (or use tr_in \
         with an explicit Lang), or, for a function that words at the moment of display \
         and keeps nothing, add it to DISPLAY_HELPERS with a reason:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn every_display_helper_exists() {
    let sources = sources();
    for (path, helper, _) in DISPLAY_HELPERS {
        let s = sources
            .iter()
            .find(|s| s.rel.to_string_lossy().replace('\\', "/") == *path)
            .unwrap_or_else(|| panic!("DISPLAY_HELPERS names src/{path}, which is gone"));
        assert!(
            functions(s.code.as_bytes())
                .iter()
                .any(|(f, _, _)| f == helper),
            "DISPLAY_HELPERS names {helper} in src/{path}, which is gone"
        );
    }
}

// The checker checks itself on small inline sources, so a parsing slip cannot make the
// real test pass vacuously.

fn check(path: &str, text: &str) -> Vec<String> {
    let doc = "<!-- layers:begin -->\n| module | may use | holds |\n|---|---|---|\n\
        | `i18n` | — | x |\n| `model` | `i18n` | x |\n| `io` | `model`, `i18n` | x |\n\
        | `synth` | `model`, `io` | x |\n| `edit` | `model` | x |\n| `ui` | `io` | x |\n\
        Test code (`#[cfg(test)]`) may also use: `synth`\n<!-- layers:end -->";
    let rel = PathBuf::from(path);
    let (top, depth) = module_of(&rel);
    let sources = vec![
        Source {
            rel,
            top,
            depth,
            original: text.to_owned(),
            code: strip(text),
        },
        Source {
            rel: "i18n/mod.rs".into(),
            top: "i18n".into(),
            depth: 1,
            original: String::new(),
            code: "#[macro_export]\nmacro_rules! tr { () => {} }".into(),
        },
    ];
    violations(&read_rules(doc), &sources)
        .iter()
        .map(|v| format!("{}:{} {}", v.line, v.from, v.to))
        .collect()
}

#[test]
fn the_checker_finds_each_form_of_reference() {
    assert!(check("model/a.rs", "use crate::i18n::Lang;\nuse super::x;").is_empty());
    assert_eq!(
        check("model/mod.rs", "use crate::io::LocalFrame;"),
        ["1:model io"]
    );
    assert_eq!(
        check("model/a.rs", "use crate::{i18n, io::{A, B},\n  edit::C};"),
        ["1:model io", "2:model edit"]
    );
    assert_eq!(
        check("model/a.rs", "fn f() { crate :: io::x(); }"),
        ["1:model io"]
    );
    assert_eq!(
        check("io/a.rs", "\n\nlet s = crate::tr!(\"k\");"),
        Vec::<String>::new()
    );
    assert_eq!(
        check("ui/a.rs", "\nlet s = crate::tr!(\"k\");"),
        ["2:ui i18n"]
    );
    assert_eq!(
        check("model/a.rs", "use super::super::io::X;"),
        ["1:model io"]
    );
    assert_eq!(
        check("model/a.rs", "mod t { use super::super::super::io::X; }"),
        ["1:model io"]
    );
    assert!(check("model/a/b.rs", "use super::super::x;").is_empty());
    assert!(check("main.rs", "mod cli;\nuse crate::cli::run;").is_empty());
    assert_eq!(
        check("render/a.rs", "use crate::model::X;"),
        ["1:render model"]
    );
}

#[test]
fn the_checker_skips_comments_and_strings_and_knows_test_code() {
    let text = "// use crate::io;\n/* crate::io */ let s = \"crate::io\";\n\
        let r = r#\"crate::io\"#; let c = '\"'; fn f<'a>(x: &'a str) { crate::edit::x() }";
    assert_eq!(check("model/a.rs", text), ["3:model edit"]);
    let tests = "#[cfg(test)]\nmod tests {\n    use crate::synth;\n}\nuse crate::synth::y;";
    assert_eq!(check("model/a.rs", tests), ["5:model synth"]);
    assert_eq!(
        check("io/a.rs", "#[cfg(test)]\nfn t() { crate::edit::x(); }"),
        ["2:io edit"],
        "test code gets only the listed extras"
    );
    assert_eq!(
        check("model/a.rs", "use crate::frobnicate;"),
        ["1:model the crate root item `frobnicate`"]
    );
}

fn global_in(path: &str, text: &str) -> Vec<String> {
    let rel = PathBuf::from(path);
    let (top, depth) = module_of(&rel);
    let sources = vec![
        Source {
            rel,
            top,
            depth,
            original: text.to_owned(),
            code: strip(text),
        },
        Source {
            rel: "i18n/mod.rs".into(),
            top: "i18n".into(),
            depth: 1,
            original: String::new(),
            code: "#[macro_export]\nmacro_rules! tr { () => {} }".into(),
        },
    ];
    global_language_uses(&sources)
}

#[test]
fn the_language_checker_finds_eager_wordings_and_spares_helpers() {
    let helper = "impl Status {\n    pub fn name(self) -> String {\n        \
        self.name_in(crate::i18n::lang())\n    }\n}";
    assert!(global_in("model/parcel.rs", helper).is_empty());
    assert_eq!(
        global_in("model/stratum.rs", helper),
        ["src/model/stratum.rs:3: i18n::lang in Status::name: self.name_in(crate::i18n::lang())"],
        "an allowed name in another file is not allowed"
    );
    let eager = "impl<T: Clone> From<T> for EditError {\n    fn from(_: T) -> Self {\n        \
        Self::Refused(crate::tr!(\"k\"))\n    }\n}";
    assert_eq!(
        global_in("edit/error.rs", eager),
        ["src/edit/error.rs:3: i18n::tr in EditError::from: Self::Refused(crate::tr!(\"k\"))"]
    );
    assert_eq!(
        global_in("io/a.rs", "use crate::tr;\nfn f() -> String { tr!(\"k\") }"),
        ["src/io/a.rs:1: i18n::tr outside any function: use crate::tr;"]
    );
    assert_eq!(
        global_in(
            "analysis/a.rs",
            "fn f(x: [u8; 2]);\nfn g() { crate::i18n::tr_args(\"k\", &[]) }"
        ),
        ["src/analysis/a.rs:2: i18n::tr_args in g: fn g() { crate::i18n::tr_args(\"k\", &[]) }"]
    );
    let pure = "use crate::i18n::{self, Lang, Message, tr_in};\n\
        fn f(l: Lang) -> String { tr_in(l, \"k\") + &i18n::tr_args_in(l, \"k\", &[]) }";
    assert!(global_in("model/a.rs", pure).is_empty());
    assert!(
        global_in("ui/a.rs", "fn f() { crate::tr!(\"k\") }").is_empty(),
        "ui is not core"
    );
}
