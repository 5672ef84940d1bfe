//! `strata --help`, `strata <command> --help` and clap's usage errors in the language of
//! the run.
//!
//! English is the derive's own `Command`, untouched, so its help stays exactly what the
//! doc comments say. For another language the built command is walked and every text
//! clap shows is replaced from the Fluent files: the about of the program and of each
//! command (`help-about`, `help-<command>`), the help of each argument
//! (`help-<command>-<arg>`, `help-global-<arg>` for the options every command takes),
//! the built-in `-h`/`-V` flags and `help` command, the headings, and the
//! `[default: …]` / `[possible values: …]` notes, which clap only writes in English and
//! so are hidden and written into the help text instead. en.ftl holds the same keys with
//! the doc comments' text (a test keeps them equal), so both files have the same keys.

use std::ffi::OsString;

use clap::builder::PossibleValue;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};
use strata::i18n::{Lang, tr_args_in, tr_in};

/// The language named by `--lang X` or `--lang=X` anywhere before a `--`, when it is one
/// Strata has (an unknown one is left to clap to refuse).
pub(crate) fn lang_in_args(args: &[OsString]) -> Option<Lang> {
    let mut found = None;
    let mut iter = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        let value = if arg == "--lang" {
            iter.next().map(|v| v.into_owned())
        } else {
            arg.strip_prefix("--lang=").map(str::to_owned)
        };
        if let Some(lang) = value.and_then(|v| v.parse::<Lang>().ok()) {
            found = Some(lang);
        }
    }
    found
}

/// The program's `Command` with its help in `lang`. `derive` is `Cli::command()`;
/// `bin_name` the name the program was started as (clap shows it in usages).
pub(crate) fn localized(derive: Command, lang: Lang, bin_name: Option<String>) -> Command {
    if lang == Lang::En {
        return derive;
    }
    let mut cmd = match bin_name {
        Some(name) => derive.bin_name(name),
        None => derive,
    };
    // Building adds the `-h`, `-V` and `help` that clap generates and copies the global
    // options into every command, so the walk below reaches all of them.
    cmd.build();
    translate(&mut cmd, lang, None);
    cmd
}

/// The key of a command's about: `help-about` for the program, `help-<name>` otherwise.
fn about_key(sub: Option<&str>) -> String {
    match sub {
        None => "help-about".to_owned(),
        Some(name) => format!("help-{name}"),
    }
}

/// The key of an argument's help, `None` for clap's own `-h` and `-V`.
fn arg_key(sub: Option<&str>, arg: &Arg) -> Option<String> {
    let id = arg.get_id().as_str();
    if id == "help" || id == "version" {
        return None;
    }
    let id = id.replace('_', "-");
    Some(match sub {
        _ if arg.is_global_set() => format!("help-global-{id}"),
        None => format!("help-global-{id}"),
        Some(name) => format!("help-{name}-{id}"),
    })
}

/// The key of a possible value's help (`help-choice-style-diversity`).
fn value_key(arg: &Arg, value: &PossibleValue) -> String {
    format!(
        "help-choice-{}-{}",
        arg.get_id().as_str().replace('_', "-"),
        value.get_name()
    )
}

fn translate(cmd: &mut Command, lang: Lang, sub: Option<&str>) {
    let has_args = cmd.get_arguments().next().is_some() || cmd.has_subcommands();
    let mut c = std::mem::take(cmd);
    if c.get_about().is_some() {
        c = c.about(tr_in(lang, &about_key(sub)));
    }
    let heading = |h: &str| tr_in(lang, &format!("help-heading-{h}"));
    let usage = heading("usage");
    let template = if has_args {
        format!(
            "{{before-help}}{{about-with-newline}}\n{usage}: {{usage}}\n\n{{all-args}}{{after-help}}"
        )
    } else {
        format!("{{before-help}}{{about-with-newline}}\n{usage}: {{usage}}{{after-help}}")
    };
    c = c
        .help_template(template)
        .subcommand_help_heading(heading("commands"))
        .mut_args(|arg| translate_arg(arg, lang, sub));
    *cmd = c;
    let name = cmd.get_name().to_owned();
    for child in cmd.get_subcommands_mut() {
        // The `help` command's copies of the other commands (`strata help render`) are
        // keyed like the commands themselves.
        let child_sub = if sub.is_none() || name == "help" {
            child.get_name().to_owned()
        } else {
            format!("{}-{}", sub.unwrap_or_default(), child.get_name())
        };
        translate(child, lang, Some(&child_sub));
    }
}

fn translate_arg(arg: Arg, lang: Lang, sub: Option<&str>) -> Arg {
    let heading = if arg.is_positional() {
        tr_in(lang, "help-heading-arguments")
    } else {
        tr_in(lang, "help-heading-options")
    };
    let arg = arg.help_heading(heading);
    match arg.get_id().as_str() {
        "help" => {
            return if arg.get_long_help().is_some() {
                arg.help(tr_in(lang, "help-flag-help-short"))
                    .long_help(tr_in(lang, "help-flag-help-long"))
            } else {
                arg.help(tr_in(lang, "help-flag-help"))
            };
        }
        "version" => return arg.help(tr_in(lang, "help-flag-version")),
        _ => {}
    }
    let text = match (arg.get_help(), arg_key(sub, &arg)) {
        (Some(_), Some(key)) => tr_in(lang, &key),
        _ => String::new(),
    };
    let takes_values = arg.get_action().takes_values();
    let values: Vec<PossibleValue> = if arg.is_hide_possible_values_set() || !takes_values {
        Vec::new()
    } else {
        arg.get_possible_values()
            .into_iter()
            .filter(|v| !v.is_hide_set())
            .collect()
    };
    let mut notes: Vec<String> = default_note(&arg, lang, takes_values).into_iter().collect();
    let arg = if values.is_empty() {
        arg
    } else {
        let names: Vec<_> = values.iter().map(|v| v.get_name().to_owned()).collect();
        notes.push(tr_args_in(
            lang,
            "help-possible",
            &[("values", names.join(", ").into())],
        ));
        arg.hide_possible_values(true)
    };
    let arg = arg.hide_default_value(true);
    // Values with their own help are listed one a line in the long help, as clap does;
    // the short help names them only.
    let arg = if values.iter().any(|v| v.get_help().is_some()) {
        let without_values = with_notes(&text, &notes[..notes.len() - 1]);
        let long = values_long_help(&arg, &values, lang, &without_values);
        arg.long_help(long)
    } else {
        arg
    };
    let text = with_notes(&text, &notes);
    if text.is_empty() { arg } else { arg.help(text) }
}

/// `[default: …]` in `lang`, for an option that takes a value and shows its default.
fn default_note(arg: &Arg, lang: Lang, takes_values: bool) -> Option<String> {
    let defaults: Vec<_> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    (takes_values && !defaults.is_empty() && !arg.is_hide_default_value_set()).then(|| {
        tr_args_in(
            lang,
            "help-default",
            &[("value", defaults.join(" ").into())],
        )
    })
}

/// The help text followed by its notes, one space apart.
fn with_notes(text: &str, notes: &[String]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if !text.is_empty() {
        parts.push(text);
    }
    parts.extend(notes.iter().map(String::as_str));
    parts.join(" ")
}

/// The long help of an option whose values have their own help: the text, then the
/// values one a line (`- diversity: …`).
fn values_long_help(arg: &Arg, values: &[PossibleValue], lang: Lang, text: &str) -> String {
    let list: Vec<String> = values
        .iter()
        .map(|value| match value.get_help() {
            Some(_) => format!(
                "- {}: {}",
                value.get_name(),
                tr_in(lang, &value_key(arg, value))
            ),
            None => format!("- {}", value.get_name()),
        })
        .collect();
    let title = tr_in(lang, "help-heading-values");
    format!("{text}\n\n{title}:\n{}", list.join("\n"))
}

/// What to print for a failed parse in `lang`, `None` when clap's own text is right
/// (English, `--help` and `--version` output, or an error this does not word).
pub(crate) fn error_text(error: &clap::Error, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    let string = |kind| context_text(error, kind);
    let message = error_message(error, lang)?;
    let mut text = tr_args_in(lang, "cli-error", &[("message", message.into())]);
    let similar = [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg]
        .into_iter()
        .find_map(string);
    if let Some(similar) = similar {
        text.push_str("\n\n  ");
        text.push_str(&tr_args_in(
            lang,
            "help-err-similar",
            &[("name", similar.into())],
        ));
    }
    if let Some(usage) = string(ContextKind::Usage) {
        let usage = usage.strip_prefix("Usage:").unwrap_or(&usage).trim_start();
        text.push_str(&format!(
            "\n\n{}: {usage}",
            tr_in(lang, "help-heading-usage")
        ));
    }
    text.push_str("\n\n");
    text.push_str(&tr_in(lang, "help-err-more"));
    text.push('\n');
    Some(text)
}

/// A value of the error's context as text (lists joined with commas).
fn context_text(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(list)) => Some(list.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    }
}

/// The error's own sentence in `lang` (without `error:`, hints or usage), `None` for a
/// kind this does not word.
fn error_message(error: &clap::Error, lang: Lang) -> Option<String> {
    let string = |kind| context_text(error, kind);
    Some(match error.kind() {
        ErrorKind::InvalidSubcommand => tr_args_in(
            lang,
            "help-err-subcommand",
            &[("name", string(ContextKind::InvalidSubcommand)?.into())],
        ),
        ErrorKind::UnknownArgument => tr_args_in(
            lang,
            "help-err-unknown",
            &[("arg", string(ContextKind::InvalidArg)?.into())],
        ),
        ErrorKind::MissingRequiredArgument => {
            let Some(ContextValue::Strings(list)) = error.get(ContextKind::InvalidArg) else {
                return None;
            };
            let mut text = tr_in(lang, "help-err-missing");
            for arg in list {
                text.push_str("\n  ");
                text.push_str(arg);
            }
            text
        }
        ErrorKind::InvalidValue => {
            let value = string(ContextKind::InvalidValue)?;
            let arg = string(ContextKind::InvalidArg)?;
            let mut text = if value.is_empty() {
                tr_args_in(lang, "help-err-no-value", &[("arg", arg.into())])
            } else {
                tr_args_in(
                    lang,
                    "help-err-value",
                    &[("value", value.into()), ("arg", arg.into())],
                )
            };
            if let Some(valid) = string(ContextKind::ValidValue) {
                text.push_str("\n  ");
                text.push_str(&tr_args_in(
                    lang,
                    "help-possible",
                    &[("values", valid.into())],
                ));
            }
            text
        }
        ErrorKind::ValueValidation => {
            let value = string(ContextKind::InvalidValue)?;
            let arg = string(ContextKind::InvalidArg)?;
            let cause = std::error::Error::source(error)
                .map(|e| e.to_string())
                .unwrap_or_default();
            tr_args_in(
                lang,
                "help-err-validation",
                &[
                    ("value", value.into()),
                    ("arg", arg.into()),
                    ("cause", cause.into()),
                ],
            )
        }
        _ => return None,
    })
}

/// Every translated text of the derive's command with the English the doc comments give
/// it: `help-…` key → text. Clap's own texts (flags, headings, notes) are not included.
#[cfg(test)]
pub(crate) fn english_texts(derive: Command) -> std::collections::BTreeMap<String, String> {
    let mut cmd = derive;
    cmd.build();
    let mut texts = std::collections::BTreeMap::new();
    collect(&cmd, None, &mut texts);
    texts
}

#[cfg(test)]
fn collect(
    cmd: &Command,
    sub: Option<&str>,
    texts: &mut std::collections::BTreeMap<String, String>,
) {
    let mut add = |key: String, text: String| {
        if let Some(old) = texts.insert(key.clone(), text.clone()) {
            assert_eq!(old, text, "{key} has two texts");
        }
    };
    if let Some(about) = cmd.get_about() {
        // clap's `help` command says what it is itself.
        if cmd.get_name() != "help" {
            add(about_key(sub), about.to_string());
        }
    }
    for arg in cmd.get_arguments() {
        if let (Some(help), Some(key)) = (arg.get_help(), arg_key(sub, arg))
            && cmd.get_name() != "help"
        {
            add(key, help.to_string());
        }
        for value in arg.get_possible_values() {
            if let Some(help) = value.get_help() {
                add(value_key(arg, &value), help.to_string());
            }
        }
    }
    for child in cmd.get_subcommands() {
        if cmd.get_name() == "help" {
            continue;
        }
        let child_sub = match sub {
            None => child.get_name().to_owned(),
            Some(s) => format!("{s}-{}", child.get_name()),
        };
        collect(child, Some(&child_sub), texts);
    }
}
