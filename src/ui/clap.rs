//! clap's help, man page and usage errors in the user's language.
//!
//! The command line is parsed by the derive tree as it is (English doc
//! comments). Only when clap has something to say (`--help`, a usage
//! error) in a language other than English is the tree walked and every
//! text replaced from the catalog:
//!
//! - `help-<path>`: a command's about (`help-chopvault`,
//!   `help-chopvault-get`, `help-chopvault-recipients-add`), and
//!   `help-<path>-long` where it has a long about;
//! - `help-<path>--<arg>`: an argument's help (a global option's key is
//!   `help-chopvault--<arg>`, whichever subcommand shows it);
//! - `help-<path>--<arg>--<value>`: the help of one of its values;
//! - `clap-*`: the words clap itself prints (headings, `[default: …]`).
//!
//! English keeps clap's own rendering: its texts are the reference, and a
//! test holds the `help-*` keys of `en.ftl` to the derive's doc comments.

use clap::builder::PossibleValue;
use clap::{Arg, ArgAction, Command};

use super::catalog::{self, Arg as Var};
use super::lang::{self, Lang};

/// The catalog key of a command's about, from its path of names.
pub fn about_key(path: &str) -> String {
    format!("help-{path}")
}

/// The catalog key of an argument's help.
pub fn arg_key(path: &str, arg: &str) -> String {
    format!("help-{path}--{arg}")
}

/// The catalog key of a value's help.
pub fn value_key(path: &str, arg: &str, value: &str) -> String {
    format!("help-{path}--{arg}--{value}")
}

fn text(lang: Lang, key: &str) -> Option<String> {
    catalog::message(lang, key, &[])
}

fn word(lang: Lang, key: &str) -> String {
    catalog::text_in(lang, key, &[])
}

/// The whole command tree with its texts in `lang`, its help and version
/// flags and its help subcommand included.
pub fn localized(cmd: Command, lang: Lang) -> Command {
    let mut cmd = walk(cmd, "chopvault", lang, true);
    cmd.build();
    help_subcommands(cmd, lang)
}

/// clap adds a `help` subcommand to every command that has subcommands
/// (`chopvault help`, `chopvault recipients help`) when the tree is
/// built; each gets the catalog's words.
fn help_subcommands(mut cmd: Command, lang: Lang) -> Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |s| {
            let s = help_subcommands(s, lang);
            if name == "help" {
                s.about(word(lang, "clap-help-subcommand"))
                    .subcommand_help_heading(word(lang, "clap-commands"))
                    .subcommand_value_name(word(lang, "clap-command-value"))
                    .help_template(template(lang))
            } else {
                s
            }
        });
    }
    cmd
}

fn template(lang: Lang) -> String {
    format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        word(lang, "clap-usage")
    )
}

fn walk(mut cmd: Command, path: &str, lang: Lang, root: bool) -> Command {
    if let Some(about) = text(lang, &about_key(path)) {
        cmd = cmd.about(about);
    }
    if cmd.get_long_about().is_some()
        && let Some(long) = text(lang, &format!("{}-long", about_key(path)))
    {
        cmd = cmd.long_about(long);
    }
    if cmd.get_after_help().is_some()
        && let Some(after) = text(lang, &format!("{}-after", about_key(path)))
    {
        cmd = cmd.after_help(after);
    }
    let options = word(lang, "clap-options");
    let arguments = word(lang, "clap-arguments");
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let arg_path = path.to_owned();
        let (options, arguments) = (options.clone(), arguments.clone());
        cmd = cmd.mut_arg(&id, move |a| {
            localize_arg(a, &arg_path, lang, &options, &arguments)
        });
    }
    cmd = cmd
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(word(lang, "clap-help-flag"))
                .help_heading(options.clone()),
        )
        .subcommand_help_heading(word(lang, "clap-commands"))
        .subcommand_value_name(word(lang, "clap-command-value"))
        .help_template(template(lang));
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(word(lang, "clap-version-flag"))
                .help_heading(options),
        );
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        let sub_path = format!("{path}-{name}");
        cmd = cmd.mut_subcommand(&name, |s| walk(s, &sub_path, lang, false));
    }
    cmd
}

fn localize_arg(mut a: Arg, path: &str, lang: Lang, options: &str, arguments: &str) -> Arg {
    let id = a.get_id().to_string();
    // A global option keeps the key of the command that declares it.
    let key = arg_key(path, &id);
    if let Some(help) = text(lang, &key) {
        a = a.help(help);
    }
    if a.get_long_help().is_some()
        && let Some(long) = text(lang, &format!("{key}-long"))
    {
        a = a.long_help(long);
    }
    let values: Vec<PossibleValue> = a.get_possible_values();
    if values.iter().any(|v| v.get_help().is_some()) {
        let localized: Vec<PossibleValue> = values
            .into_iter()
            .map(|v| {
                let name = v.get_name().to_owned();
                match text(lang, &value_key(path, &id, &name)) {
                    Some(help) => v.help(help),
                    None => v,
                }
            })
            .collect();
        // Only rendered, never used to build `Cli`: a plain value parser
        // with the same names and translated help is enough.
        a = a.value_parser(clap::builder::PossibleValuesParser::new(localized));
    }
    let heading = if a.is_positional() {
        arguments
    } else {
        options
    };
    a.help_heading(heading.to_owned())
}

/// clap's own words in rendered help (`[default: …]`, `[possible values:
/// …]`, `[OPTIONS]`), replaced by the catalog's. clap may wrap a line
/// between the words of a phrase: any run of spaces and newlines there
/// matches, and is kept.
fn words_replaced(rendered: &str, lang: Lang) -> String {
    let pairs = [
        ("[default:", "clap-default"),
        ("[possible values:", "clap-possible-values"),
        ("Possible values:", "clap-possible-values-heading"),
        ("[env:", "clap-env"),
        ("[aliases:", "clap-aliases"),
        ("[alias:", "clap-alias"),
        ("[OPTIONS]", "clap-options-placeholder"),
        ("Usage:", "clap-usage"),
    ];
    let mut out = rendered.to_owned();
    for (english, key) in pairs {
        out = replace_spaced(&out, english, &word(lang, key));
    }
    out
}

/// `text` with each `phrase` replaced by `with`, where a space of
/// `phrase` matches any run of whitespace.
fn replace_spaced(text: &str, phrase: &str, with: &str) -> String {
    let words: Vec<&str> = phrase.split(' ').collect();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(words[0]) {
        let mut end = at + words[0].len();
        let mut matched = true;
        for w in &words[1..] {
            let gap = rest[end..].len() - rest[end..].trim_start().len();
            if gap == 0 || !rest[end + gap..].starts_with(w) {
                matched = false;
                break;
            }
            end += gap + w.len();
        }
        if matched {
            out.push_str(&rest[..at]);
            out.push_str(with);
            rest = &rest[end..];
        } else {
            out.push_str(&rest[..at + words[0].len()]);
            rest = &rest[at + words[0].len()..];
        }
    }
    out.push_str(rest);
    out
}

/// The help of `cmd` (already localized) as text in `lang`.
pub fn rendered_help(cmd: &mut Command, long: bool, lang: Lang) -> String {
    let styled = if long {
        cmd.render_long_help()
    } else {
        cmd.render_help()
    };
    words_replaced(&styled.to_string(), lang)
}

/// What to print for a clap error in `lang` (not English): help asked
/// for, or a usage error in the catalog's words with clap's usage line.
pub fn error_text(e: &clap::Error, args: &[std::ffi::OsString], full: Command) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let lang = lang::current();
    let mut cmd = localized(full, lang);
    // Rendering goes through the localized tree: the same arguments give
    // the same error, now with translated help and usage.
    let Err(again) = cmd.try_get_matches_from_mut(args.iter()) else {
        return words_replaced(&e.render().to_string(), lang);
    };
    match again.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return words_replaced(&again.render().to_string(), lang);
        }
        ErrorKind::DisplayVersion => return again.render().to_string(),
        _ => {}
    }
    let get = |kind: ContextKind| match again.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(v)) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let vars = |pairs: &[(&'static str, String)]| -> Vec<(&'static str, Var)> {
        pairs
            .iter()
            .map(|(k, v)| (*k, Var::Str(v.clone())))
            .collect()
    };
    let say =
        |key: &str, pairs: &[(&'static str, String)]| catalog::text_in(lang, key, &vars(pairs));
    let mut lines = vec![match again.kind() {
        ErrorKind::UnknownArgument => say("clap-error-unknown-argument", &[("arg", arg)]),
        ErrorKind::InvalidSubcommand => say(
            "clap-error-invalid-subcommand",
            &[(
                "command",
                get(ContextKind::InvalidSubcommand).unwrap_or_default(),
            )],
        ),
        ErrorKind::MissingRequiredArgument => say("clap-error-missing-required", &[("args", arg)]),
        ErrorKind::MissingSubcommand => say("clap-error-missing-subcommand", &[]),
        ErrorKind::InvalidValue => say(
            "clap-error-invalid-value",
            &[
                ("given", value),
                ("arg", arg),
                ("valid", get(ContextKind::ValidValue).unwrap_or_default()),
            ],
        ),
        ErrorKind::ValueValidation => say(
            "clap-error-value-validation",
            &[
                ("given", value),
                ("arg", arg),
                (
                    "why",
                    std::error::Error::source(&again)
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                ),
            ],
        ),
        ErrorKind::ArgumentConflict => say(
            "clap-error-conflict",
            &[
                ("arg", arg),
                ("other", get(ContextKind::PriorArg).unwrap_or_default()),
            ],
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            say("clap-error-repeated", &[("arg", arg)])
        }
        _ => say("clap-error-other", &[]),
    }];
    for suggestion in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        let quoted = match again.get(suggestion) {
            Some(ContextValue::String(s)) => format!("'{s}'"),
            Some(ContextValue::Strings(v)) => v
                .iter()
                .map(|s| format!("'{s}'"))
                .collect::<Vec<_>>()
                .join(", "),
            _ => continue,
        };
        lines.push(say("clap-error-suggested", &[("suggestion", quoted)]));
    }
    let rendered = again.render().to_string();
    if let Some(usage) = rendered.lines().find(|l| l.starts_with("Usage:")) {
        lines.push(String::new());
        lines.push(words_replaced(usage, lang));
    }
    lines.join("\n") + "\n"
}

/// clap_mangen's section titles and bracketed words in the user's
/// language (English: unchanged).
pub fn man_words(roff: &str) -> String {
    let lang = lang::current();
    if lang == Lang::En {
        return roff.to_owned();
    }
    let mut out = String::with_capacity(roff.len());
    for line in roff.split_inclusive('\n') {
        let key = match line.trim_end() {
            ".SH NAME" => Some("man-section-name"),
            ".SH SYNOPSIS" => Some("man-section-synopsis"),
            ".SH DESCRIPTION" => Some("man-section-description"),
            ".SH OPTIONS" => Some("man-section-options"),
            ".SH SUBCOMMANDS" => Some("man-section-subcommands"),
            ".SH VERSION" => Some("man-section-version"),
            ".SH EXTRA" => Some("man-section-extra"),
            _ => None,
        };
        match key {
            Some(key) => {
                out.push_str(".SH \"");
                out.push_str(&word(lang, key));
                out.push_str("\"\n");
            }
            None => match line
                .strip_prefix("May also be specified with the ")
                .and_then(|l| l.trim_end().strip_suffix(" environment variable."))
            {
                Some(name) => {
                    let said = catalog::text_in(
                        lang,
                        "man-env-var",
                        &[("name", Var::Str(name.to_owned()))],
                    );
                    out.push_str(&said);
                    out.push('\n');
                }
                None => out.push_str(&words_replaced(line, lang)),
            },
        }
    }
    out
}

/// Every text of `cmd`'s tree that the catalogs translate, as (key, the
/// English text): what `en.ftl` must hold, word for word.
pub fn texts(cmd: &Command) -> Vec<(String, String)> {
    fn walk(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
        if let Some(about) = cmd.get_about() {
            out.push((about_key(path), about.to_string()));
        }
        if let Some(long) = cmd.get_long_about() {
            out.push((format!("{}-long", about_key(path)), long.to_string()));
        }
        if let Some(after) = cmd.get_after_help() {
            out.push((format!("{}-after", about_key(path)), after.to_string()));
        }
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if let Some(help) = a.get_help() {
                out.push((arg_key(path, id), help.to_string()));
            }
            if let Some(long) = a.get_long_help() {
                out.push((format!("{}-long", arg_key(path, id)), long.to_string()));
            }
            for v in a.get_possible_values() {
                if let Some(help) = v.get_help() {
                    out.push((value_key(path, id, v.get_name()), help.to_string()));
                }
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path}-{}", sub.get_name()), out);
        }
    }
    let mut out = Vec::new();
    walk(cmd, "chopvault", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// `en.ftl` holds every help text of the command tree exactly as the
    /// doc comments say it, so English help is the same through either
    /// path, and a new option cannot land without its catalog entry.
    #[test]
    fn the_english_catalog_holds_every_help_text_word_for_word() {
        let en = catalog::bundle(Lang::En, catalog::EN);
        let mut missing = String::new();
        for (key, english) in texts(&crate::cli::Cli::command()) {
            match catalog::format(&en, &key, &[]) {
                Some(text) if text == english => {}
                Some(text) => panic!("{key}: en.ftl says {text:?}, the code says {english:?}"),
                None => {
                    let body = if english.contains('\n') {
                        let lines: Vec<String> = english
                            .lines()
                            .map(|l| {
                                if l.is_empty() {
                                    String::new()
                                } else {
                                    format!("    {l}")
                                }
                            })
                            .collect();
                        format!("\n{}", lines.join("\n"))
                    } else {
                        format!(" {english}")
                    };
                    missing.push_str(&format!("{key} ={body}\n"));
                }
            }
        }
        assert!(missing.is_empty(), "missing in en.ftl:\n{missing}");
    }

    /// In Russian, help is Russian: the about line, the headings, clap's
    /// own words; option names stay as they are.
    #[test]
    fn russian_help_has_no_english_headings() {
        let mut cmd = localized(crate::cli::Cli::command(), Lang::Ru);
        let help = rendered_help(&mut cmd, false, Lang::Ru);
        for english in ["Usage:", "Options:", "Commands:", "Print help", "[default:"] {
            assert!(!help.contains(english), "{english} in:\n{help}");
        }
        assert!(help.contains("--vault"), "{help}");
        let get = cmd.find_subcommand_mut("get").expect("get");
        let help = rendered_help(get, true, Lang::Ru);
        assert!(!help.contains("Arguments:"), "{help}");
    }
}
