//! Turning bytes into JSON without trusting them: size limit, UTF-8 with position,
//! serde_json's nesting limit (128 levels, so deep nesting is an error rather than a
//! stack overflow), a string length limit, and no NaN/Infinity or out-of-range numbers
//! (serde_json rejects them).

use crate::i18n::Message;
use crate::msg;
use serde_json::Value;

/// Largest file accepted: the 100 000-parcel benchmark city is 163 MB; this leaves room
/// for three times that while keeping memory bounded.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// Longest string accepted in a plan (names, notes, unknown properties): far above any
/// real text, and it stops one absurd value from holding the whole file.
pub const MAX_STRING_BYTES: usize = 16 << 20;

/// Why a file is not readable JSON, with the position where known (1-based).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}{}", position(*.line, *.column))]
pub struct Unreadable {
    pub message: Message,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

fn position(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" at line {l}, column {c}"),
        _ => String::new(),
    }
}

impl Unreadable {
    /// In the current language: the position is translated, the reason (serde_json's
    /// words or the limit) is not.
    pub fn text(&self) -> String {
        self.message().text()
    }

    /// The reason with its position, to be worded when shown.
    pub fn message(&self) -> Message {
        match (self.line, self.column) {
            (Some(line), Some(column)) => msg!(
                "read-err-at",
                message = self.message.clone(),
                line = line.to_string(),
                column = column.to_string()
            ),
            _ => self.message.clone(),
        }
    }

    fn at(message: Message, line: usize, column: usize) -> Self {
        Self {
            message,
            line: Some(line),
            column: Some(column),
        }
    }
}

/// Parses file bytes into a JSON value.
pub fn parse_json(bytes: &[u8]) -> Result<Value, Unreadable> {
    let text = checked_text(bytes)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde::de::DeserializeSeed::deserialize(LimitedValue, &mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(json_error)?;
    Ok(value)
}

/// The file size error.
pub fn too_big(bytes: u64) -> Unreadable {
    Unreadable {
        message: msg!(
            "read-too-big",
            mb = (bytes >> 20).to_string(),
            limit = (MAX_FILE_BYTES >> 20).to_string()
        ),
        line: None,
        column: None,
    }
}

/// File bytes as text: within the size limit, without a UTF-8 byte order mark, UTF-8.
pub fn checked_text(bytes: &[u8]) -> Result<&str, Unreadable> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(bytes, e.valid_up_to());
        Unreadable::at(msg!("read-not-utf8"), line, column)
    })
}

/// A serde_json syntax error as a message with its position.
pub fn json_error(e: serde_json::Error) -> Unreadable {
    // serde_json's message ends with " at line L column C"; keep the reason only.
    let full = e.to_string();
    let reason = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(reason, _)| reason)
        .to_owned();
    // The reasons planners meet are worded here; serde_json's others stay in its words.
    let message = match reason.as_str() {
        "expected value" => msg!("read-not-json", reason = msg!("read-expected-value")),
        "recursion limit exceeded" => msg!("read-not-json", reason = msg!("read-too-deep")),
        // Only a streamed file meets this: a string that is not UTF-8.
        "invalid unicode code point" => msg!("read-not-utf8"),
        _ => msg!("read-not-json", reason = reason),
    };
    Unreadable::at(message, e.line(), e.column())
}

/// Deserializes a JSON value like `serde_json::Value` does, refusing strings (and keys)
/// longer than [`MAX_STRING_BYTES`] with their position.
#[derive(Clone, Copy)]
pub struct LimitedValue;

impl<'de> serde::de::DeserializeSeed<'de> for LimitedValue {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        // serde_json's own nesting limit (128) stops the parser long before this one.
        d.deserialize_any(DepthLimited(u32::MAX))
    }
}

pub fn check_length<E: serde::de::Error>(s: &str) -> Result<(), E> {
    if s.len() > MAX_STRING_BYTES {
        return Err(E::custom(format!(
            "a string of {} MB, more than the {} MB limit",
            s.len() >> 20,
            MAX_STRING_BYTES >> 20
        )));
    }
    Ok(())
}

/// [`LimitedValue`] that also refuses arrays and objects nested more than the given
/// number of levels. The plan reader's fast path parses one feature at a time, where
/// serde_json's nesting limit counts from the feature and not from the file: it refuses
/// deep values itself and leaves them to the whole-file reader, which words the error.
#[derive(Clone, Copy)]
pub(crate) struct DepthLimited(pub u32);

impl<'de> serde::de::DeserializeSeed<'de> for DepthLimited {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl DepthLimited {
    fn inner<E: serde::de::Error>(self) -> Result<Self, E> {
        match self.0.checked_sub(1) {
            Some(left) => Ok(Self(left)),
            None => Err(E::custom("nested too deeply")),
        }
    }
}

impl<'de> serde::de::Visitor<'de> for DepthLimited {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // serde_json never hands over a non-finite number; Null as Value::from does.
        Ok(Value::from(v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        check_length(v)?;
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        check_length(&v)?;
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.inner()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.inner()?;
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            check_length(&key)?;
            let value = map.next_value_seed(inner)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset - line_start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_line_and_column() {
        let err = parse_json(b"{\n  \"a\": NaN\n}").expect_err("NaN is not JSON");
        assert_eq!(err.line, Some(2));
        let err = parse_json(b"[1e999]").expect_err("out of range");
        assert!(err.message.contains("out of range"), "{err}");
        let err = parse_json(b"{\"a\":\n \"\xff\"}").expect_err("not utf-8");
        assert_eq!((err.line, err.column), (Some(2), Some(3)));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let err = parse_json(deep.as_bytes()).expect_err("too deep");
        assert!(err.message.contains("nesting"), "{err}");
    }

    #[test]
    fn strings_over_the_limit_are_refused_with_their_position() {
        let long = format!(
            "{{\"a\": 1,\n \"b\": \"{}\"}}",
            "x".repeat(MAX_STRING_BYTES + 1)
        );
        let err = parse_json(long.as_bytes()).expect_err("too long");
        assert!(err.message.contains("more than the 16 MB limit"), "{err}");
        assert_eq!(err.line, Some(2));
        let fits = format!("{{\"b\": \"{}\"}}", "x".repeat(1000));
        assert!(parse_json(fits.as_bytes()).is_ok());
    }

    #[test]
    fn values_are_as_serde_json_reads_them() {
        let text = r#"{"z": [1, -2, 3.5, 1e300, 18446744073709551615], "a": {"b": null, "c": true}, "s": "\u00e9"}"#;
        let ours = parse_json(text.as_bytes()).expect("valid");
        let theirs: Value = serde_json::from_str(text).expect("valid");
        assert_eq!(ours, theirs);
        assert_eq!(
            ours.as_object()
                .map(|o| o.keys().cloned().collect::<Vec<_>>()),
            Some(vec!["z".to_owned(), "a".to_owned(), "s".to_owned()])
        );
    }
}
