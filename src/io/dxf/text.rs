//! Text of TEXT, MTEXT and ATTRIB entities as a planner reads it: MTEXT formatting codes
//! stripped, `\U+XXXX` and `\M+nXXXX` escapes and `%%` control codes decoded, and the
//! first code-shaped token picked out.

use std::collections::BTreeMap;

/// The plain text of an MTEXT value (`{\fSimSun|b0;\C1;0701}\P锦绣花园` → `0701 锦绣花园`):
/// font, colour, height, width, tracking, alignment and stacking codes dropped,
/// paragraphs (`\P`) become lines, non-breaking spaces (`\~`) spaces.
pub fn plain_mtext(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' | '}' => {}
            '\\' => match chars.next() {
                Some('P') => out.push('\n'),
                Some('X' | '~') => out.push(' '),
                Some(c @ ('\\' | '{' | '}')) => out.push(c),
                // Codes with an argument up to ';': font, colour, height, width, oblique,
                // tracking, alignment, paragraph, true colour, stacking.
                Some('f' | 'F' | 'C' | 'c' | 'H' | 'W' | 'Q' | 'T' | 'A' | 'p' | 'S') => {
                    for c in chars.by_ref() {
                        if c == ';' {
                            break;
                        }
                    }
                }
                // Switches without an argument: underline, overline, strike-through.
                Some('L' | 'l' | 'O' | 'o' | 'K' | 'k') => {}
                Some('U') => out.push_str(&unicode_escape(&mut chars)),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            _ => out.push(c),
        }
    }
    out.lines()
        .map(plain_text)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The plain text of a TEXT or ATTRIB value: `\U+XXXX` escapes (the dxf crate decodes them
/// only for Windows-1252 drawings) and `%%c`/`%%d`/`%%p`/`%%u` codes, whitespace folded.
pub fn plain_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&'U') {
            chars.next();
            out.push_str(&unicode_escape(&mut chars));
        } else if c == '%' && chars.peek() == Some(&'%') {
            chars.next();
            match chars.next() {
                Some('c' | 'C') => out.push('Ø'),
                Some('d' | 'D') => out.push('°'),
                Some('p' | 'P') => out.push('±'),
                Some('%') => out.push('%'),
                Some('u' | 'U' | 'o' | 'O') | None => {}
                Some(other) => {
                    out.push_str("%%");
                    out.push(other);
                }
            }
        } else {
            out.push(c);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// After `\U`: `+XXXX` as the character, or the text as it was when it is not one.
fn unicode_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut taken = String::from("\\U");
    if chars.peek() != Some(&'+') {
        return taken;
    }
    taken.push('+');
    chars.next();
    let mut hex = String::new();
    while hex.len() < 4 {
        match chars.peek() {
            Some(c) if c.is_ascii_hexdigit() => {
                hex.push(*c);
                chars.next();
            }
            _ => break,
        }
    }
    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
        Some(c) if hex.len() == 4 => c.to_string(),
        _ => taken + &hex,
    }
}

/// Whether a token is a land-use code: 2, 4 or 6 digits (`07`, `0701`, `070101`, as the
/// 2023 classification writes them) or a key of the mapping table (`R2`).
pub fn is_code(token: &str, map: &BTreeMap<String, String>) -> bool {
    map.contains_key(token)
        || (matches!(token.len(), 2 | 4 | 6) && token.bytes().all(|b| b.is_ascii_digit()))
}

/// Splits a text into its first code-shaped token (mapped through `map`) and the rest.
pub fn code_and_rest(text: &str, map: &BTreeMap<String, String>) -> (Option<String>, String) {
    let mut code = None;
    let mut rest = Vec::new();
    for token in text.split_whitespace() {
        if code.is_none() && is_code(token, map) {
            code = Some(map.get(token).cloned().unwrap_or_else(|| token.to_owned()));
        } else {
            rest.push(token);
        }
    }
    (code, rest.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mtext_codes_are_stripped() {
        assert_eq!(
            plain_mtext(r"{\fSimSun|b0|i0|c134|p2;\C1;0701}\P{\H2.5x;锦绣\~花园}"),
            "0701\n锦绣 花园"
        );
        assert_eq!(plain_mtext(r"\A1;\LR2\l {\C3;商务} 办公"), "R2 商务 办公");
        assert_eq!(plain_mtext(r"a\\b\{c\}"), r"a\b{c}");
        assert_eq!(plain_mtext(r"\U+57CE\U+9547"), "城镇");
        assert_eq!(plain_mtext(r"\S1^2;x"), "x");
        assert_eq!(plain_mtext("\\"), "\\");
    }

    #[test]
    fn text_escapes_are_decoded() {
        assert_eq!(plain_text(r"\U+4F4F宅 %%c20  %%d"), "住宅 Ø20 °");
        assert_eq!(plain_text(r"\U+12"), r"\U+12");
        assert_eq!(plain_text("%%"), "");
    }

    #[test]
    fn the_first_code_shaped_token_is_the_code() {
        let mut map = BTreeMap::new();
        assert_eq!(
            code_and_rest("0901 商业中心", &map),
            (Some("0901".into()), "商业中心".into())
        );
        assert_eq!(
            code_and_rest("幸福里 3号", &map),
            (None, "幸福里 3号".into())
        );
        assert_eq!(code_and_rest("R2 住宅", &map), (None, "R2 住宅".into()));
        map.insert("R2".into(), "0701".into());
        assert_eq!(
            code_and_rest("R2 住宅", &map),
            (Some("0701".into()), "住宅".into())
        );
        assert!(!is_code("07011", &map));
    }
}
