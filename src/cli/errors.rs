//! Errors as the command line prints them: the core's error types word themselves in
//! English through `Display` (stable for logs and tests) and in the current language
//! through `text()` (docs/ERRORS.md); a person reads the latter.

use strata::analysis::suggest::SuggestError;
use strata::edit::EditError;
use strata::i18n::Message;
use strata::io::{ReadError, Unreadable, WriteError};
use strata::model::ProjectionError;
use strata::model::reference::ReferenceError;
use strata::render::RenderError;
use strata::sheet::SheetError;

/// The error and its causes joined as `{:#}` joins them (`context: cause: cause`), each
/// error of the core in the current language.
pub(super) fn error_text(error: &anyhow::Error) -> String {
    error.chain().map(shown).collect::<Vec<_>>().join(": ")
}

/// One link of the chain: `text()` for the core's errors, `Display` for the others
/// (contexts are already worded; the system's and libraries' errors speak for themselves).
fn shown(cause: &(dyn std::error::Error + 'static)) -> String {
    macro_rules! text_of {
        ($($t:ty),*) => {$(
            if let Some(e) = cause.downcast_ref::<$t>() {
                return e.text();
            }
        )*};
    }
    text_of!(
        WriteError,
        ReadError,
        Unreadable,
        ProjectionError,
        ReferenceError,
        RenderError,
        SheetError,
        SuggestError,
        EditError,
        Message
    );
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_is_joined_as_anyhow_joins_it() {
        let error = anyhow::Error::new(RenderError::Width(9)).context("drawing the map");
        assert_eq!(error_text(&error), format!("{error:#}"));
        let plain = anyhow::anyhow!("just words");
        assert_eq!(error_text(&plain), "just words");
    }
}
