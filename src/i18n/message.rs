//! A message kept as its key and arguments, so that it is rendered in whatever language
//! is chosen when it is shown, not when it was made: problems found by a background check
//! keep their meaning when the planner switches language afterwards, and the English
//! text of `strata check` and the JSON outputs stays stable.

use std::fmt;

use super::{Arg, Lang, tr_args_in};

/// A translatable message: a key of the Fluent files and its arguments. An argument may
/// itself be a message (a fragment such as "stratum s1 footprint"), rendered in the same
/// language.
///
/// ```
/// use strata::i18n::{Lang, Message};
/// let m = strata::msg!("test-args", n = 3, name = "p-1");
/// assert_eq!(m.to_string(), "3 parcels in p-1");
/// assert_eq!(m.text_in(Lang::Zh), "p-1中有 3 个地块");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

impl Message {
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    /// The same message with one more argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The text in the current language.
    pub fn text(&self) -> String {
        self.text_in(super::lang())
    }

    /// The text in `lang`.
    pub fn text_in(&self, lang: Lang) -> String {
        tr_args_in(lang, self.key, &self.args)
    }

    /// Whether the English text contains `needle` (for tests and filters).
    pub fn contains(&self, needle: &str) -> bool {
        self.to_string().contains(needle)
    }
}

/// English: the stable text of `strata check`, the JSON outputs and the logs.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text_in(Lang::En))
    }
}

/// A message is an error value too: the core's fallible functions that need no variants
/// of their own return `Result<_, Message>` (docs/ERRORS.md).
impl std::error::Error for Message {}

impl From<Message> for Arg {
    fn from(m: Message) -> Self {
        Arg::Msg(Box::new(m))
    }
}

/// `msg!("key")` or `msg!("key", name = value, …)`: a [`Message`], rendered later.
#[macro_export]
macro_rules! msg {
    ($key:expr) => { $crate::i18n::Message::new($key) };
    ($key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::Message::new($key)$(.arg(stringify!($name), $value))+
    };
}

/// Machine outputs (JSON) carry the English text, like `strata check`.
impl serde::Serialize for Message {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
