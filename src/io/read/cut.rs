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
//! Anything unexpected gives `None` and the whole-file reader words the problem.

/// A root member: its key's text (quotes and escapes included) and its value's text.
pub(super) type Member<'a> = (&'a str, &'a str);

/// The root object's members, in file order. `None` if the text is not an object or its
/// punctuation is wrong.
pub(super) fn root_members(text: &str) -> Option<Vec<Member<'_>>> {
    let bytes = text.as_bytes();
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
        if bytes.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(bytes, i)?;
        let colon = skip_space(bytes, key_end);
        if bytes.get(colon) != Some(&b':') {
            return None;
        }
        let start = skip_space(bytes, colon + 1);
        let end = value_end(bytes, start)?;
        members.push((text.get(i..key_end)?, text.get(start..end)?));
        i = skip_space(bytes, end);
        match bytes.get(i) {
            Some(b',') => i = skip_space(bytes, i + 1),
            Some(b'}') => break,
            _ => return None,
        }
    }
    (skip_space(bytes, i + 1) == bytes.len()).then_some(members)
}

/// The elements of an array's text (as cut by [`root_members`]). `None` if it is not an
/// array or its punctuation is wrong (a trailing comma, say).
pub(super) fn array_elements(text: &str) -> Option<Vec<&str>> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'[') {
        return None;
    }
    let mut i = skip_space(bytes, 1);
    let mut elements = Vec::new();
    if bytes.get(i) == Some(&b']') {
        return (i + 1 == bytes.len()).then_some(elements);
    }
    loop {
        let end = value_end(bytes, i)?;
        elements.push(text.get(i..end)?);
        i = skip_space(bytes, end);
        match bytes.get(i) {
            Some(b',') => i = skip_space(bytes, i + 1),
            Some(b']') => break,
            _ => return None,
        }
    }
    (i + 1 == bytes.len()).then_some(elements)
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

    #[test]
    fn members_and_features_are_cut_where_they_end() {
        let text = r#" {"type" : "FeatureCollection", "a\"}": [1, {"b": "]}"}],
            "features": [ {"id": "x\\", "p": [[1,2],[3,4]]} ,null, "s", 5e-3, [ ] ] } "#;
        let members = root_members(text).expect("cut");
        let keys: Vec<_> = members.iter().map(|m| m.0).collect();
        assert_eq!(keys, [r#""type""#, r#""a\"}""#, r#""features""#]);
        assert_eq!(members[1].1, r#"[1, {"b": "]}"}]"#);
        let features = array_elements(members[2].1).expect("cut");
        assert_eq!(
            features,
            [
                r#"{"id": "x\\", "p": [[1,2],[3,4]]}"#,
                "null",
                r#""s""#,
                "5e-3",
                "[ ]"
            ]
        );
        assert_eq!(array_elements("[]").expect("cut").len(), 0);
        assert_eq!(root_members(" { } ").expect("cut").len(), 0);
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
            assert!(root_members(bad).is_none(), "{bad}");
        }
        for bad in ["[1,]", "[1 2]", "[,1]", "[1", "{}", "[1] "] {
            assert!(array_elements(bad).is_none(), "{bad}");
        }
    }
}
