//! What outlives one run of the program: recovery copies of unsaved plans with their undo
//! history ([`recovery`]), and the user's preferences, the language and the area unit
//! ([`settings`]). Above `io` (it writes files) and `edit` (it keeps the history).

pub mod recovery;
pub mod settings;

pub use settings::Settings;
