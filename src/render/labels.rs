//! Which text to show for a name. Plan names are written "中文名 (English name)"; the
//! Chinese part is the short label, and the English part stands in when no font has the
//! Chinese characters (no CJK font installed), so a map never shows a row of boxes.

use super::fonts::FontSet;
use super::text::has_glyphs;

/// The Chinese and English parts of "中文名 (English name)"; a name without that form is
/// all "first part".
pub fn name_parts(name: &str) -> (&str, Option<&str>) {
    match name.split_once(" (") {
        Some((first, rest)) if rest.ends_with(')') => {
            (first.trim(), Some(rest[..rest.len() - 1].trim()))
        }
        _ => (name.trim(), None),
    }
}

/// The full name when every character can be drawn, else its English part.
pub fn full_label(fonts: &FontSet, name: &str) -> String {
    if has_glyphs(fonts, name) {
        return name.to_owned();
    }
    match name_parts(name) {
        (_, Some(en)) if has_glyphs(fonts, en) => en.to_owned(),
        _ => name.to_owned(),
    }
}

/// A short label for a parcel on the map: the first part of the name (the Chinese one),
/// or the English part when the first cannot be drawn; at most `max_chars` characters.
pub fn short_label(fonts: &FontSet, name: &str, max_chars: usize) -> String {
    let (first, en) = name_parts(name);
    let text = match en {
        Some(en) if !has_glyphs(fonts, first) => en,
        _ => first,
    };
    truncate_chars(text, max_chars)
}

/// At most `max_chars` characters, with an ellipsis when cut.
pub fn truncate_chars(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// In Chinese the Chinese name; in English two names side by side ("幼儿园
/// kindergarten"), or the English one alone when the Chinese cannot be drawn.
pub fn bilingual(fonts: &FontSet, zh: &str, en: &str) -> String {
    if crate::i18n::lang() == crate::i18n::Lang::Zh && !zh.is_empty() {
        zh.to_owned()
    } else if !zh.is_empty() && has_glyphs(fonts, zh) {
        format!("{zh} {en}")
    } else {
        en.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_chinese_and_english() {
        assert_eq!(
            name_parts("和园街坊 (He Yuan courtyard block)"),
            ("和园街坊", Some("He Yuan courtyard block"))
        );
        assert_eq!(name_parts("Plant and park"), ("Plant and park", None));
        assert_eq!(name_parts("a (b"), ("a (b", None));
    }

    #[test]
    fn without_a_cjk_font_the_english_part_is_shown() {
        let latin = FontSet::bundled();
        assert_eq!(
            short_label(&latin, "和园街坊 (He Yuan block)", 30),
            "He Yuan block"
        );
        assert_eq!(full_label(&latin, "和园 (He Yuan)"), "He Yuan");
        assert_eq!(bilingual(&latin, "幼儿园", "kindergarten"), "kindergarten");
        assert_eq!(short_label(&latin, "Depot (old)", 30), "Depot");
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        assert_eq!(truncate_chars("abcdef", 4), "abc…");
        assert_eq!(truncate_chars("abc", 4), "abc");
        assert_eq!(truncate_chars("雄安新区容东片区", 5), "雄安新区…");
    }
}
