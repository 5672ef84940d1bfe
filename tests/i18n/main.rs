//! Tests that switch the process-wide language (`i18n::set_lang`). Every test here holds
//! `common::Language` so none sees another's language; no other test binary switches it.
//!
//! One test binary per group (core, cli, editor, i18n) so `cargo test` links a few
//! binaries instead of one per file; each file below is a module.

#[path = "../common/mod.rs"]
mod common;
#[path = "../editor_support/mod.rs"]
mod editor_support;

mod edit_i18n;
mod editor_i18n;
mod editor_i18n_panels;
mod i18n_keys;
mod legend_i18n;
mod problems_i18n;
