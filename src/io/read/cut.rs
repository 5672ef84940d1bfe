//! Cuts a plan's text into its root members and the text of each feature, without
//! parsing them.
//!
//! serde_json's pass over the whole text (to cut the features as raw values) checked
//! every number and string once more than needed, on one thread: 0.7 s of a city's
//! 245 MB before any parallel work began. The cut only needs to know where each value
//! ends: outside strings, an object ends at its matching `}` and an array at its
//! matching `]`, so the scan jumps between quotes and brackets with `memchr` (a city's
//! coordinates hold none). It checks the root's own punctuation; every piece it cuts is
//! parsed by serde_json afterwards, so a text that is not JSON is still refused: if all
//! pieces are JSON values and the punctuation between them is right, the text is JSON.
//! Anything unexpected gives `None` and the whole-file reader words the problem. The
//! text is bytes: each piece is checked as UTF-8 when it is parsed (in parallel), and
//! the punctuation between pieces is ASCII, so the whole file is checked too.

/// Elements cut from an array, and where the cut ended.
type Cut<'a> = (Vec<&'a [u8]>, usize);

/// A root member's value: its text, or, for `features`, its elements' texts.
pub(super) enum Piece<'a> {
    Text(&'a [u8]),
    Elements(Vec<&'a [u8]>),
}

/// A root member: its key's text (quotes and escapes included) and its value.
pub(super) type Member<'a> = (&'a [u8], Piece<'a>);

/// The root object's members, in file order; the `features` array (its key written
/// plainly) cut into its elements. `None` if the text is not an object or its
/// punctuation is wrong.
pub(super) fn root_members(bytes: &[u8]) -> Option<Vec<Member<'_>>> {
    let mut i = skip_space(bytes, 0);
    if bytes.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_space(bytes, i + 1);
    let mut members = Vec::new();
    if bytes.get(i) == Some(&b'}') {
        return (skip_space(bytes, i + 1) == bytes.len()).then_some(members);
    }
    loop {
        let (key, start) = member_at(bytes, i)?;
        let (piece, end) = if key == b"\"features\"" && bytes.get(start) == Some(&b'[') {
            let (elements, end) = array_at(bytes, start)?;
            (Piece::Elements(elements), end)
        } else {
            let end = value_end(bytes, start)?;
            (Piece::Text(bytes.get(start..end)?), end)
        };
        members.push((key, piece));
        i = skip_space(bytes, end);
        match bytes.get(i) {
            Some(b',') => i = skip_space(bytes, i + 1),
            Some(b'}') => break,
            _ => return None,
        }
    }
    (skip_space(bytes, i + 1) == bytes.len()).then_some(members)
}

/// The key of the member starting at `i` (its opening quote) and where its value starts.
fn member_at(bytes: &[u8], i: usize) -> Option<(&[u8], usize)> {
    if bytes.get(i) != Some(&b'"') {
        return None;
    }
    let key_end = string_end(bytes, i)?;
    let colon = skip_space(bytes, key_end);
    if bytes.get(colon) != Some(&b':') {
        return None;
    }
    Some((bytes.get(i..key_end)?, skip_space(bytes, colon + 1)))
}

/// A member as text: its key (quotes and escapes included) and its value.
pub(super) type MemberText<'a> = (&'a [u8], &'a [u8]);

/// The start of a text read a window at a time: the root's members before its
/// `features` array (the key written plainly), and where the array's elements start
/// (just past its `[`). `None` if the text ends first (more of it may tell), has no such
/// array, or its punctuation is wrong.
pub(super) fn members_before_features(bytes: &[u8]) -> Option<(Vec<MemberText<'_>>, usize)> {
    let mut i = skip_space(bytes, 0);
    if bytes.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_space(bytes, i + 1);
    let mut members = Vec::new();
    loop {
        let (key, start) = member_at(bytes, i)?;
        if key == b"\"features\"" && bytes.get(start) == Some(&b'[') {
            return Some((members, start + 1));
        }
        let end = value_end(bytes, start)?;
        members.push((key, bytes.get(start..end)?));
        // The punctuation after the value is seen: a number cut at the text's end may
        // go on in the next window.
        i = skip_space(bytes, end);
        if bytes.get(i) != Some(&b',') {
            return None;
        }
        i = skip_space(bytes, i + 1);
    }
}

/// The end of a text read a window at a time, from just past the `features` array: the
/// root's members after it, its closing brace, then only space. `None` if its
/// punctuation is wrong.
pub(super) fn members_after_features(bytes: &[u8]) -> Option<Vec<MemberText<'_>>> {
    let mut i = skip_space(bytes, 0);
    let mut members = Vec::new();
    loop {
        match bytes.get(i) {
            Some(b'}') => return (skip_space(bytes, i + 1) == bytes.len()).then_some(members),
            Some(b',') => i = skip_space(bytes, i + 1),
            _ => return None,
        }
        let (key, start) = member_at(bytes, i)?;
        let end = value_end(bytes, start)?;
        members.push((key, bytes.get(start..end)?));
        i = skip_space(bytes, end);
    }
}

/// The elements of an array cut whole from a window of its text.
#[derive(Debug, PartialEq)]
pub(super) struct Stretch {
    pub elements: Vec<std::ops::Range<usize>>,
    /// Where the next window goes on: past the last comma cut, or the start.
    pub resume: usize,
    /// No element cut yet: the array's `]` may come next.
    pub opening: bool,
    /// Just past the array's `]`, when it closes in this window.
    pub closed: Option<usize>,
}

/// The elements of an array cut whole from `from` (an element's start, or with
/// `opening` also the array's `]`) in a window of its text. An element is cut only with
/// the punctuation after it; one the window ends in is left to the next (from `resume`),
/// unless this is the text's end (`eof`): then, as for wrong punctuation, `None`.
pub(super) fn whole_elements(
    bytes: &[u8],
    from: usize,
    opening: bool,
    eof: bool,
) -> Option<Stretch> {
    let mut cut = Stretch {
        elements: Vec::new(),
        resume: from,
        opening,
        closed: None,
    };
    loop {
        let start = skip_space(bytes, cut.resume);
        if cut.opening && bytes.get(start) == Some(&b']') {
            cut.closed = Some(start + 1);
            return Some(cut);
        }
        let Some(end) = value_end(bytes, start) else {
            break;
        };
        let next = skip_space(bytes, end);
        let Some(&after) = bytes.get(next) else {
            break;
        };
        cut.elements.push(start..end);
        cut.opening = false;
        match after {
            b',' => cut.resume = next + 1,
            b']' => {
                cut.closed = Some(next + 1);
                return Some(cut);
            }
            _ => return None,
        }
    }
    (!eof).then_some(cut)
}

/// Arrays with at least this many bytes after them are cut in pieces, one per thread.
const PARALLEL_BYTES: usize = 4 << 20;

/// The elements of an array's text. `None` if it is not an array or its punctuation is
/// wrong (a trailing comma, say).
pub(super) fn array_elements(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    if bytes.first() != Some(&b'[') {
        return None;
    }
    let (elements, end) = array_at(bytes, 0)?;
    (end == bytes.len()).then_some(elements)
}

/// The elements of the array opening at `open`, and where it ends (past its `]`).
///
/// A large array is cut in pieces in parallel: each thread starts at a guessed element
/// (a feature object after `},`) and cuts to the next guess; the last cuts to the
/// array's end. A guess is right when the piece before it, cut from a right start,
/// ends exactly there; if any is not, the array is cut again from its start on one
/// thread. (Finding the array's end first would take a pass of its own.)
fn array_at(bytes: &[u8], open: usize) -> Option<Cut<'_>> {
    let first = skip_space(bytes, open + 1);
    if bytes.get(first) == Some(&b']') {
        return Some((Vec::new(), first + 1));
    }
    let threads = rayon::current_num_threads();
    let mut starts = vec![first];
    let span = bytes.len() - first;
    if span >= PARALLEL_BYTES && threads > 1 {
        for i in 1..threads {
            match guess_feature(bytes, first + span / threads * i) {
                Some(at) if at > *starts.last().unwrap_or(&0) => starts.push(at),
                _ => {}
            }
        }
    }
    if starts.len() > 1 {
        use rayon::prelude::*;
        let pieces: Option<Vec<Cut<'_>>> = (0..starts.len())
            .into_par_iter()
            .map(|i| elements(bytes, starts[i], starts.get(i + 1).copied()))
            .collect();
        if let Some(pieces) = pieces {
            let end = pieces.last().map_or(first, |p| p.1);
            return Some((pieces.into_iter().flat_map(|p| p.0).collect(), end));
        }
    }
    elements(bytes, first, None)
}

/// The elements from `start` (the start of an element) to `stop` (the start of a later
/// element, which must be met exactly) or else to the array's `]`; and where they end.
fn elements(bytes: &[u8], start: usize, stop: Option<usize>) -> Option<Cut<'_>> {
    let mut elements = Vec::new();
    let mut i = start;
    loop {
        let end = value_end(bytes, i)?;
        elements.push(bytes.get(i..end)?);
        i = skip_space(bytes, end);
        match bytes.get(i) {
            Some(b',') => i = skip_space(bytes, i + 1),
            Some(b']') if stop.is_none() => return Some((elements, i + 1)),
            _ => return None,
        }
        match stop {
            Some(stop) if i == stop => return Some((elements, i)),
            Some(stop) if i > stop => return None,
            _ => {}
        }
    }
}

/// The first place at or after `from` that looks like a feature of the array: `{` then
/// `"type": "Feature"`, after `}` and `,` (spaces allowed between). Only a guess: an
/// object nested in a feature may look the same (a string may not: its quotes would be
/// escaped).
fn guess_feature(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        i += memchr::memchr(b'{', bytes.get(i..)?)?;
        let after = skip_space(bytes, i + 1);
        let before = |mut j: usize| {
            while j > 0 && matches!(bytes[j - 1], b' ' | b'\t' | b'\n' | b'\r') {
                j -= 1;
            }
            j.checked_sub(1).map(|k| (k, bytes[k]))
        };
        let is_feature = feature_type_at(bytes, after)
            && matches!(before(i), Some((comma, b',')) if matches!(before(comma), Some((_, b'}'))));
        if is_feature {
            return Some(i);
        }
        i += 1;
    }
}

/// Whether `"type": "Feature"` starts at `i`.
fn feature_type_at(bytes: &[u8], i: usize) -> bool {
    let Some(rest) = bytes.get(i..).and_then(|b| b.strip_prefix(b"\"type\"")) else {
        return false;
    };
    let colon = skip_space(rest, 0);
    rest.get(colon) == Some(&b':')
        && rest
            .get(skip_space(rest, colon + 1)..)
            .is_some_and(|b| b.starts_with(b"\"Feature\""))
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(i) {
        i += 1;
    }
    i
}

/// Just past the closing quote of the string opening at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        i += memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?;
        if bytes[i] == b'\\' {
            i += 2;
        } else {
            return Some(i + 1);
        }
    }
}

/// Just past the value starting at `start`: a string, an object or array (to its
/// matching bracket), or a scalar (to the next delimiter).
fn value_end(bytes: &[u8], start: usize) -> Option<usize> {
    match *bytes.get(start)? {
        b'"' => string_end(bytes, start),
        b'{' => nested_end(bytes, start, b'{', b'}'),
        b'[' => nested_end(bytes, start, b'[', b']'),
        _ => {
            let len = bytes[start..]
                .iter()
                .position(|b| matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(bytes.len() - start);
            (len > 0).then_some(start + len)
        }
    }
}

/// Just past the bracket closing the one at `start`. Only that kind of bracket and the
/// quotes matter: in JSON, brackets of the other kind nest wholly inside.
fn nested_end(bytes: &[u8], start: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    loop {
        i += memchr::memchr3(b'"', open, close, bytes.get(i..)?)?;
        match bytes[i] {
            b'"' => {
                i = string_end(bytes, i)?;
                continue;
            }
            b if b == open => depth += 1,
            _ => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(pieces: &[&[u8]]) -> Vec<String> {
        pieces
            .iter()
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect()
    }

    #[test]
    fn members_and_features_are_cut_where_they_end() {
        let text = r#" {"type" : "FeatureCollection", "a\"}": [1, {"b": "]}"}],
            "features": [ {"id": "x\\", "p": [[1,2],[3,4]]} ,null, "s", 5e-3, [ ] ] } "#;
        let members = root_members(text.as_bytes()).expect("cut");
        let keys = texts(&members.iter().map(|m| m.0).collect::<Vec<_>>());
        assert_eq!(keys, [r#""type""#, r#""a\"}""#, r#""features""#]);
        assert!(matches!(members[1].1, Piece::Text(t) if t == br#"[1, {"b": "]}"}]"#));
        let Piece::Elements(features) = &members[2].1 else {
            panic!("features not cut");
        };
        assert_eq!(
            texts(features),
            [
                r#"{"id": "x\\", "p": [[1,2],[3,4]]}"#,
                "null",
                r#""s""#,
                "5e-3",
                "[ ]"
            ]
        );
        assert_eq!(array_elements(b"[]").expect("cut").len(), 0);
        assert_eq!(array_elements(b"[ ]").expect("cut").len(), 0);
        assert_eq!(root_members(b" { } ").expect("cut").len(), 0);
    }

    #[test]
    fn wrong_punctuation_is_not_cut() {
        for bad in [
            "",
            "[]",
            r#"{"a": 1,}"#,
            r#"{"a" 1}"#,
            r#"{"a": 1 "b": 2}"#,
            r#"{"a": 1} x"#,
            r#"{"a": {"b": 1}"#,
            r#"{"a": "unterminated}"#,
            r#"{a: 1}"#,
            r#"{"a": }"#,
        ] {
            assert!(root_members(bad.as_bytes()).is_none(), "{bad}");
        }
        for bad in ["[1,]", "[1 2]", "[,1]", "[1", "{}", "[1] ", "[ ]]"] {
            assert!(array_elements(bad.as_bytes()).is_none(), "{bad}");
        }
    }

    /// A large array is cut in parallel pieces from guessed features; guesses that fall
    /// inside a feature are found out, and the cut is the same.
    #[test]
    fn large_arrays_are_cut_the_same_in_pieces_whatever_the_guesses() {
        let feature = |i: usize| {
            // Every seventh feature holds an object that looks like a feature.
            let decoy = if i.is_multiple_of(7) {
                r#",{"type": "Feature"}"#
            } else {
                ""
            };
            format!(
                r#"{{"type":"Feature","id":"p-{i}","properties":{{"note":"}},{{\"type\":\"Feature\"","x":[{{"a":1}}{decoy}]}},"geometry":null}}"#
            )
        };
        let body: Vec<String> = (0..60_000).map(feature).collect();
        let text = format!("[{}]", body.join(",\n"));
        assert!(text.len() >= PARALLEL_BYTES);
        let text = text.as_bytes();
        let whole = elements(text, 1, None).expect("one piece").0;
        assert_eq!(whole.len(), 60_000);
        for threads in [2, 3, 7] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            let pieces = pool.install(|| array_elements(text)).expect("pieces");
            assert_eq!(pieces, whole, "{threads} threads");
        }
        // Without decoys the guesses are features and the first piece meets the second.
        let plain: Vec<String> = (1..60_000).filter(|i| i % 7 != 0).map(feature).collect();
        let plain = format!("[{}]", plain.join(","));
        let plain = plain.as_bytes();
        let guess = guess_feature(plain, plain.len() / 2).expect("a guess");
        let first = elements(plain, 1, Some(guess)).expect("the first piece ends there");
        let rest = elements(plain, guess, None).expect("the second piece");
        assert_eq!(first.1, guess);
        assert_eq!(rest.1, plain.len());
        assert_eq!(
            [first.0, rest.0].concat(),
            elements(plain, 1, None).expect("whole").0
        );
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .expect("pool");
        // A broken array is refused in pieces too.
        let broken = format!("[{},]", body.join(","));
        assert!(pool.install(|| array_elements(broken.as_bytes())).is_none());
    }

    /// A text read a window at a time: the members before the features are found only
    /// once the array's `[` is in the window; elements are cut only with the punctuation
    /// after them (a number at a window's end may go on), and the next window goes on
    /// past the last comma; at the text's end an unfinished element is wrong.
    #[test]
    fn windows_cut_whole_elements_and_leave_the_rest() {
        let text = br#"{"type": "FeatureCollection", "n": 12, "features": [ {"a": "]"}, 12, [1] ], "z": {} } "#;
        for end in 0..text.len() {
            let window = &text[..end];
            let Some((members, open)) = members_before_features(window) else {
                assert!(end < 52, "found at {end}");
                continue;
            };
            assert_eq!(
                texts(&members.iter().map(|m| m.0).collect::<Vec<_>>()),
                [r#""type""#, r#""n""#]
            );
            assert_eq!(members[1].1, b"12");
            assert_eq!(&window[open - 1..open], b"[");
            let cut = whole_elements(window, open, true, false).expect("cut");
            let cut_texts: Vec<&[u8]> = cut.elements.iter().map(|r| &window[r.clone()]).collect();
            let all: [&[u8]; 3] = [br#"{"a": "]"}"#, b"12", b"[1]"];
            assert_eq!(cut_texts, all[..cut_texts.len()], "window of {end}");
            if let Some(closed) = cut.closed {
                assert_eq!(cut.elements.len(), 3);
                let after = members_after_features(&text[closed..]).expect("after");
                assert_eq!(
                    texts(&after.iter().map(|m| m.0).collect::<Vec<_>>()),
                    [r#""z""#]
                );
            } else {
                assert!(cut.resume >= open && cut.resume <= end);
                // The rest is cut from where this window stopped, whole.
                let rest = whole_elements(text, cut.resume, cut.opening, true).expect("rest");
                let cut_in_all = cut.elements.len() + rest.elements.len();
                assert_eq!(cut_in_all, 3, "window of {end}");
            }
        }
        assert!(whole_elements(b"[1, 2", 1, true, true).is_none());
        assert!(whole_elements(b"[1, ]", 1, true, true).is_none());
        assert!(whole_elements(b"[1 2]", 1, true, false).is_none());
        let empty = whole_elements(b"[ ]", 1, true, true).expect("empty");
        assert_eq!((empty.elements.len(), empty.closed), (0, Some(3)));
        assert!(whole_elements(b"[1, ]", 4, false, true).is_none());
        for bad in [&b", }"[..], b", \"a\": 1", b"} x", b", \"a\" 1 }"] {
            assert!(
                members_after_features(bad).is_none(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        assert_eq!(members_after_features(b" } \n").map(|m| m.len()), Some(0));
        assert!(members_before_features(br#"{"features": 3, "x": 1}"#).is_none());
        assert!(members_before_features(br#"["features"]"#).is_none());
    }
}
