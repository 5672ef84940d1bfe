//! Turning bytes into JSON without trusting them: size limit, UTF-8 with position,
//! serde_json's nesting limit (128 levels, so deep nesting is an error rather than a
//! stack overflow), and no NaN/Infinity or out-of-range numbers (serde_json rejects them).

use serde_json::Value;

/// Largest file accepted (bigger than any real plan; protects memory).
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Why a file is not readable JSON, with the position where known (1-based).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}{}", position(*.line, *.column))]
pub struct Unreadable {
    pub message: String,
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
    fn at(message: impl Into<String>, line: usize, column: usize) -> Self {
        Self {
            message: message.into(),
            line: Some(line),
            column: Some(column),
        }
    }
}

/// Parses file bytes into a JSON value.
pub fn parse_json(bytes: &[u8]) -> Result<Value, Unreadable> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Unreadable {
            message: format!(
                "file is {} MB, more than the {} MB limit",
                bytes.len() >> 20,
                MAX_FILE_BYTES >> 20
            ),
            line: None,
            column: None,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(bytes, e.valid_up_to());
        Unreadable::at("not UTF-8 text", line, column)
    })?;
    serde_json::from_str(text).map_err(|e| {
        // serde_json's message ends with " at line L column C"; keep the reason only.
        let full = e.to_string();
        let reason = full
            .rsplit_once(" at line ")
            .map_or(full.as_str(), |(reason, _)| reason)
            .to_owned();
        let reason = match reason.as_str() {
            "expected value" => {
                "expected a value here (NaN, Infinity and comments are not JSON)".into()
            }
            "recursion limit exceeded" => "nesting deeper than 128 levels".into(),
            _ => reason,
        };
        Unreadable::at(format!("not valid JSON: {reason}"), e.line(), e.column())
    })
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
}
