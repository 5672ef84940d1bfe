//! Translations: every user-visible string of the editor, the reports and the headless
//! maps comes from a Fluent file, `assets/i18n/en.ftl` or `assets/i18n/zh-CN.ftl`,
//! embedded in the binary.
//!
//! One language is current for the whole program ([`set_lang`]); [`tr`] and [`tr!`] look
//! a key up in it. A key may name an attribute as `message.attribute`. A key missing in
//! the current language falls back to English, then to the key itself, so a gap shows
//! up as text instead of a crash (and `tests/i18n_keys.rs` fails on it).
//!
//! ```
//! use strata::i18n::{self, Lang};
//! assert_eq!(i18n::tr_in(Lang::En, "lang-name"), "English");
//! assert_eq!(i18n::tr_in(Lang::Zh, "lang-name"), "简体中文");
//! ```

mod message;

use std::collections::BTreeSet;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast::Entry;

pub use message::Message;

/// A language of the interface and the reports.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The BCP 47 tag, as in the file names (`en`, `zh-CN`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's own name (`English`, `简体中文`), for menus.
    pub fn native_name(self) -> String {
        tr_in(self, "lang-name")
    }

    /// `en`, `zh`, `zh-CN`, `zh_CN.UTF-8`, …; `None` for languages Strata lacks.
    ///
    /// ```
    /// use strata::i18n::Lang;
    /// assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Some(Lang::Zh));
    /// assert_eq!(Lang::from_locale("en-GB"), Some(Lang::En));
    /// assert_eq!(Lang::from_locale("fr-FR"), None);
    /// ```
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let primary = locale
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The system's language when Strata has it, else English.
    pub fn from_system() -> Lang {
        sys_locale::get_locale()
            .and_then(|l| Lang::from_locale(&l))
            .unwrap_or(Lang::En)
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../../assets/i18n/en.ftl"),
            Lang::Zh => include_str!("../../assets/i18n/zh-CN.ftl"),
        }
    }

    fn index(self) -> u8 {
        match self {
            Lang::En => 0,
            Lang::Zh => 1,
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Lang::from_locale(s).ok_or_else(|| format!("unknown language {s:?} (use en or zh)"))
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// The current language (English until [`set_lang`]; at start-up the remembered one,
/// from `session::settings::init`).
pub fn lang() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Zh,
        _ => Lang::En,
    }
}

/// Makes `lang` current for the whole program (not saved: the preferences file is
/// `session::settings`).
pub fn set_lang(lang: Lang) {
    CURRENT.store(lang.index(), Ordering::Relaxed);
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| Lang::ALL.map(make_bundle));
    &bundles[lang.index() as usize]
}

fn make_bundle(lang: Lang) -> Bundle {
    // The files are embedded and checked by tests; a syntax error keeps the entries
    // that did parse, so the rest of the interface still has its text.
    let resource = FluentResource::try_new(lang.source().to_owned()).unwrap_or_else(|(r, _)| r);
    let id = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks around arguments show up as boxes in fonts without them
    // and break plain-text reports; the texts mix scripts only in simple ways.
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    bundle
}

/// An argument of a translated message: text, a number (numbers choose plural forms) or
/// another message, rendered in the same language.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Str(String),
    Num(f64),
    Msg(Box<Message>),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}
macro_rules! num_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Num(n as f64)
            }
        }
    )*};
}
num_arg!(f64, f32, usize, u32, u64, i32, i64);

/// The text of `key` in the current language.
pub fn tr(key: &str) -> String {
    tr_in(lang(), key)
}

/// The text of `key` with arguments, in the current language.
pub fn tr_args(key: &str, args: &[(&str, Arg)]) -> String {
    format(lang(), key, args)
}

/// The text of `key` in `lang`, whatever the current language.
pub fn tr_in(lang: Lang, key: &str) -> String {
    format(lang, key, &[])
}

/// The text of `key` with arguments in `lang`.
pub fn tr_args_in(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    format(lang, key, args)
}

/// `tr!("key")` or `tr!("key", name = value, …)`: the text in the current language.
#[macro_export]
macro_rules! tr {
    ($key:expr) => { $crate::i18n::tr($key) };
    ($key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr_args($key, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

fn format(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    lookup(lang, key, args)
        .or_else(|| lookup(Lang::En, key, args))
        .unwrap_or_else(|| key.to_owned())
}

fn lookup(lang: Lang, key: &str, args: &[(&str, Arg)]) -> Option<String> {
    let bundle = bundle(lang);
    let (id, attribute) = match key.split_once('.') {
        Some((id, attr)) => (id, Some(attr)),
        None => (key, None),
    };
    let message = bundle.get_message(id)?;
    let pattern = match attribute {
        Some(attr) => message.get_attribute(attr)?.value(),
        None => message.value()?,
    };
    let fluent_args = (!args.is_empty()).then(|| {
        let mut fa = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Str(s) => fa.set(*name, FluentValue::from(s.clone())),
                Arg::Num(n) => fa.set(*name, FluentValue::from(*n)),
                Arg::Msg(m) => fa.set(*name, FluentValue::from(m.text_in(lang))),
            }
        }
        fa
    });
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, fluent_args.as_ref(), &mut errors);
    Some(text.into_owned())
}

/// Every key of a language's file: message ids and `message.attribute` pairs.
pub fn keys(lang: Lang) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let resource = match FluentResource::try_new(lang.source().to_owned()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    for entry in resource.entries() {
        if let Entry::Message(message) = entry {
            let id = message.id.name;
            if message.value.is_some() {
                keys.insert(id.to_owned());
            }
            for attribute in &message.attributes {
                keys.insert(format!("{id}.{}", attribute.id.name));
            }
        }
    }
    keys
}

/// Syntax errors of a language's file (empty when it parses), for tests.
pub fn syntax_errors(lang: Lang) -> Vec<String> {
    match FluentResource::try_new(lang.source().to_owned()) {
        Ok(_) => Vec::new(),
        Err((_, errors)) => errors.iter().map(|e| format!("{e:?}")).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_inserted_without_isolation_marks() {
        let text = tr_args_in(
            Lang::En,
            "test-args",
            &[("n", 3.into()), ("name", "p-1".into())],
        );
        assert_eq!(text, "3 parcels in p-1");
        let one = tr_args_in(
            Lang::En,
            "test-args",
            &[("n", 1.into()), ("name", "x".into())],
        );
        assert_eq!(one, "1 parcel in x");
        let zh = tr_args_in(
            Lang::Zh,
            "test-args",
            &[("n", 3.into()), ("name", "甲".into())],
        );
        assert_eq!(zh, "甲中有 3 个地块");
        assert!(!zh.contains('\u{2068}') && !zh.contains('\u{2069}'));
    }

    #[test]
    fn attributes_and_fallbacks() {
        assert_eq!(tr_in(Lang::En, "test-args.tooltip"), "A test attribute");
        assert_eq!(tr_in(Lang::Zh, "test-args.tooltip"), "测试属性");
        assert_eq!(tr_in(Lang::Zh, "no-such-key"), "no-such-key");
    }
}
