//! The message catalogs: Fluent files (`i18n/en.ftl`, `i18n/ru.ftl`)
//! embedded in the binary. Nothing is parsed until a message is about to
//! be printed (a `--version` or a `get` that succeeds parses nothing), and
//! then only that message and the terms it uses (`{ -chopvault }`), from
//! the catalog of the user's language.
//!
//! English is the reference: a Russian message that is missing (a test
//! forbids it) falls back to English, never to the key alone. Unicode
//! isolation marks are off: they would show as stray characters on a
//! terminal, and chopvault's own input checks refuse them in values.
//!
//! A message printed with a prefix (`chopvault: warning: …`, `hint: …`)
//! does not carry it in its text: it declares its [`Level`] once, as a
//! Fluent attribute (`.level = warning`), and [`Line`] puts the prefix of
//! that level before it, in the message's language (the `prefix-*`
//! messages), coloured on a terminal by `ui`.

use std::fmt::Display;
use std::sync::{Mutex, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::lang::Lang;

/// The English catalog, the reference every other is checked against.
pub const EN: &str = include_str!("i18n/en.ftl");
/// The Russian catalog.
pub const RU: &str = include_str!("i18n/ru.ftl");

/// A catalog parsed for one language.
pub type Bundle = FluentBundle<FluentResource>;

/// A message's variable: a number (plural forms choose by it) or text.
#[derive(Debug, Clone)]
pub enum Arg {
    /// A count, a number of days...
    Num(f64),
    /// Anything else, already in words.
    Str(String),
}

/// Wraps a `t!` variable so that the macro picks [`ViaNumber`] for numbers
/// and [`ViaDisplay`] for everything else (autoref specialisation: the
/// number impl is on `&Wrap`, found first when it applies).
pub struct Wrap<'a, T: ?Sized>(pub &'a T);

/// Integer types that reach the catalogs as numbers.
pub trait Number: Copy {
    /// As a float, for Fluent.
    fn as_f64(self) -> f64;
}
macro_rules! number {
    ($($t:ty),*) => {$(
        impl Number for $t {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn as_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}
number!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);
// A number borrowed from a matched error (`Error::Expired { days, .. }`)
// is still a number.
impl<T: Number> Number for &T {
    fn as_f64(self) -> f64 {
        (*self).as_f64()
    }
}

/// A variable that is a number.
pub trait ViaNumber {
    /// The variable.
    fn arg(&self) -> Arg;
}
impl<T: Number> ViaNumber for &Wrap<'_, T> {
    fn arg(&self) -> Arg {
        Arg::Num(self.0.as_f64())
    }
}

/// A variable shown as text.
pub trait ViaDisplay {
    /// The variable.
    fn arg(&self) -> Arg;
}
impl<T: Display + ?Sized> ViaDisplay for Wrap<'_, T> {
    fn arg(&self) -> Arg {
        Arg::Str(self.0.to_string())
    }
}

/// Parses `source` for `lang`. The catalogs are part of the binary and
/// checked by tests, so a syntax error is a bug: the messages that did
/// parse are still used.
pub fn bundle(lang: Lang, source: &str) -> Bundle {
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(r, _)| r);
    let mut bundle = FluentBundle::new_concurrent(vec![lang.id()]);
    bundle.set_use_isolating(false);
    // Overriding is impossible with one resource; errors name duplicate
    // keys, which a test forbids.
    let _ = bundle.add_resource(resource);
    bundle
}

/// The messages of one language parsed so far: each is parsed from its
/// own lines of the catalog the first time it is needed, so that printing
/// one line costs a search and a parse of that message, not of the whole
/// catalog (about 1 ms for the 200 KB of both).
fn loaded(lang: Lang) -> &'static Mutex<Bundle> {
    static EN_BUNDLE: OnceLock<Mutex<Bundle>> = OnceLock::new();
    static RU_BUNDLE: OnceLock<Mutex<Bundle>> = OnceLock::new();
    let cell = match lang {
        Lang::En => &EN_BUNDLE,
        Lang::Ru => &RU_BUNDLE,
    };
    cell.get_or_init(|| Mutex::new(bundle(lang, "")))
}

/// The source of `lang`'s catalog.
fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => EN,
        Lang::Ru => RU,
    }
}

/// The lines of message `id` in a catalog's `source`: from `id =` to the
/// last indented line after it. A message's continuation lines are
/// indented (or blank), and nothing else in chopvault's catalogs is, which
/// a test checks.
pub fn lines_of<'s>(source: &'s str, id: &str) -> Option<&'s str> {
    let head = format!("{id} =");
    let mut from = 0;
    let start = loop {
        let at = from + source[from..].find(&head)?;
        let line_start = at == 0 || source.as_bytes()[at - 1] == b'\n';
        if line_start {
            break at;
        }
        from = at + head.len();
    };
    let mut end = source[start..]
        .find('\n')
        .map_or(source.len(), |n| start + n + 1);
    let mut last = end;
    while end < source.len() {
        let line_end = source[end..]
            .find('\n')
            .map_or(source.len(), |n| end + n + 1);
        let line = &source[end..line_end];
        if line.starts_with(' ') {
            last = line_end;
        } else if !line.trim().is_empty() {
            break;
        }
        end = line_end;
    }
    Some(&source[start..last])
}

/// The lines of message `id` in `source` followed by those of every term
/// it uses (`{ -chopvault }`, `{ -yandex(case: "genitive") }`), and the
/// terms those use: a resource that formats the message on its own.
pub fn resource_of(source: &str, id: &str) -> Option<String> {
    let mut out = lines_of(source, id)?.to_owned();
    let mut seen: Vec<String> = Vec::new();
    let mut pending = terms_used(&out);
    while let Some(term) = pending.pop() {
        if seen.contains(&term) {
            continue;
        }
        if let Some(lines) = lines_of(source, &format!("-{term}")) {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(lines);
            pending.extend(terms_used(lines));
        }
        seen.push(term);
    }
    Some(out)
}

/// The names of the terms `text` refers to (`{ -name` → `name`).
fn terms_used(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices('{') {
        let rest = text[at + 1..].trim_start();
        if let Some(name) = rest.strip_prefix('-')
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
        {
            let name: String = name
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// Parses message `id` of `lang`'s catalog into `bundle` unless it is
/// there already; whether the bundle has it now.
fn load(bundle: &mut Bundle, lang: Lang, id: &str) -> bool {
    if !bundle.has_message(id) {
        let Some(lines) = resource_of(source(lang), id) else {
            return false;
        };
        let Ok(resource) = FluentResource::try_new(lines) else {
            return false;
        };
        // A term already parsed for another message is reported as
        // overriding and kept as it was; the message itself is added.
        let _ = bundle.add_resource(resource);
    }
    bundle.has_message(id)
}

/// How a message is printed: the prefix its `.level` attribute puts
/// before it. A message without the attribute is printed as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// `chopvault: …`: what chopvault did or found.
    Info,
    /// `chopvault: note: …`
    Note,
    /// `chopvault: warning: …`
    Warning,
    /// `chopvault: error: …`: the line a failed command ends with.
    Error,
    /// `hint: …`: what to do next.
    Hint,
    /// `error: …`: a command line that cannot be used, as clap says it.
    Usage,
}

impl Level {
    /// Every level, in the order of the table in `en.ftl`'s header.
    pub const ALL: [Level; 6] = [
        Level::Info,
        Level::Note,
        Level::Warning,
        Level::Error,
        Level::Hint,
        Level::Usage,
    ];

    /// The word a catalog writes for it: `.level = warning`.
    pub fn word(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
            Level::Hint => "hint",
            Level::Usage => "usage",
        }
    }

    /// The level a catalog's word names.
    pub fn from_word(word: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.word() == word)
    }

    /// Whether the prefix starts with the program's name (`chopvault:`).
    fn named(self) -> bool {
        matches!(
            self,
            Level::Info | Level::Note | Level::Warning | Level::Error
        )
    }

    /// The catalog key of the level's own word in the prefix, if it has
    /// one (`warning:`), and its colour on a terminal (SGR).
    fn word_key(self) -> Option<(&'static str, &'static str)> {
        match self {
            Level::Info => None,
            Level::Note => Some(("prefix-note", "36")),
            Level::Warning => Some(("prefix-warning", "1;33")),
            Level::Error | Level::Usage => Some(("prefix-error", "1;31")),
            Level::Hint => Some(("prefix-hint", "32")),
        }
    }
}

/// The level message `id` of `bundle` declares.
fn level_of(bundle: &Bundle, id: &str) -> Option<Level> {
    let attribute = bundle.get_message(id)?.get_attribute("level")?;
    let mut errors = Vec::new();
    let word = bundle.format_pattern(attribute.value(), None, &mut errors);
    Level::from_word(word.trim())
}

/// A catalog message ready to be printed: its text, and the level whose
/// prefix goes before it. `Display` writes both, uncoloured.
#[derive(Debug, Clone)]
pub struct Line {
    /// The language the text is in (the prefix is said in it too).
    pub lang: Lang,
    /// The message's level, if it declares one.
    pub level: Option<Level>,
    /// The message's text, without its prefix.
    pub text: String,
}

impl Line {
    /// The line with its prefix, the level's word coloured when `paint`.
    pub fn painted(&self, paint: bool) -> String {
        let Some(level) = self.level else {
            return self.text.clone();
        };
        let mut out = String::new();
        if level.named() {
            out.push_str(&text_in(self.lang, "prefix-program", &[]));
            out.push(' ');
        }
        if let Some((key, sgr)) = level.word_key() {
            let word = text_in(self.lang, key, &[]);
            if paint {
                out.push_str(&format!("\x1b[{sgr}m{word}\x1b[0m"));
            } else {
                out.push_str(&word);
            }
            out.push(' ');
        }
        out.push_str(&self.text);
        out
    }
}

impl std::fmt::Display for Line {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.level {
            None => f.write_str(&self.text),
            Some(_) => f.write_str(&self.painted(false)),
        }
    }
}

/// Message `id` in `lang` with `args` and its level, parsing it on first
/// use; `None` when the catalog lacks it.
pub fn line_in_catalog(lang: Lang, id: &str, args: &[(&str, Arg)]) -> Option<Line> {
    let mut bundle = loaded(lang)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !load(&mut bundle, lang, id) {
        return None;
    }
    Some(Line {
        lang,
        level: level_of(&bundle, id),
        text: format(&bundle, id, args)?,
    })
}

/// Message `id` in `lang` with `args`, its prefix included, parsing it on
/// first use; `None` when the catalog lacks it.
pub fn message(lang: Lang, id: &str, args: &[(&str, Arg)]) -> Option<String> {
    line_in_catalog(lang, id, args).map(|l| l.to_string())
}

/// Message `id` of `bundle` with `args`, if the catalog has it (its text
/// only: the prefix of its level is [`Line`]'s).
pub fn format(bundle: &Bundle, id: &str, args: &[(&str, Arg)]) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut fluent = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent.set(
            *name,
            match value {
                Arg::Num(n) => FluentValue::from(*n),
                Arg::Str(s) => FluentValue::from(s.as_str()),
            },
        );
    }
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, Some(&fluent), &mut errors)
            .into_owned(),
    )
}

/// Message `id` in the user's language (English where it is missing),
/// with its level: what `say!` prints.
pub fn line(id: &str, args: &[(&str, Arg)]) -> Line {
    line_in(super::lang::current(), id, args)
}

/// Message `id` in `lang` (English where it is missing; the key itself
/// only if English lacks it too, which a test forbids), with its level.
pub fn line_in(lang: Lang, id: &str, args: &[(&str, Arg)]) -> Line {
    line_in_catalog(lang, id, args)
        .or_else(|| line_in_catalog(Lang::En, id, args))
        .unwrap_or_else(|| Line {
            lang,
            level: None,
            text: id.to_owned(),
        })
}

/// Message `id` in the user's language, its prefix included: `t!`.
pub fn text(id: &str, args: &[(&str, Arg)]) -> String {
    line(id, args).to_string()
}

/// Message `id` in `lang`, its prefix included (English where it is
/// missing).
pub fn text_in(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    line_in(lang, id, args).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
    use std::collections::{BTreeMap, BTreeSet};

    /// Message id → the variables it uses, of one catalog; fails on a
    /// syntax error or a key given twice.
    fn messages(name: &str, source: &str) -> BTreeMap<String, BTreeSet<String>> {
        let ast = fluent_syntax::parser::parse(source)
            .unwrap_or_else(|(_, errors)| panic!("{name}: syntax errors: {errors:?}"));
        let mut out = BTreeMap::new();
        for entry in ast.body {
            match entry {
                Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(p) = &m.value {
                        variables(p, &mut vars);
                    }
                    assert!(m.value.is_some(), "{name}: {} has no value", m.id.name);
                    let id = m.id.name.to_owned();
                    assert!(out.insert(id.clone(), vars).is_none(), "{name}: {id} twice");
                }
                // Terms (`-chopvault`) are names the messages use; their
                // own parity is checked by `terms()`.
                Entry::Term(_)
                | Entry::Comment(_)
                | Entry::GroupComment(_)
                | Entry::ResourceComment(_) => {}
                other => panic!("{name}: unexpected entry {other:?}"),
            }
        }
        out
    }

    fn variables(p: &Pattern<&str>, vars: &mut BTreeSet<String>) {
        for element in &p.elements {
            if let PatternElement::Placeable { expression } = element {
                expression_vars(expression, vars);
            }
        }
    }

    fn expression_vars(e: &Expression<&str>, vars: &mut BTreeSet<String>) {
        match e {
            Expression::Inline(i) => inline_vars(i, vars),
            Expression::Select { selector, variants } => {
                inline_vars(selector, vars);
                for v in variants {
                    variables(&v.value, vars);
                }
            }
        }
    }

    fn inline_vars(i: &InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match i {
            InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_owned());
            }
            InlineExpression::Placeable { expression } => expression_vars(expression, vars),
            InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline_vars(a, vars);
                }
            }
            _ => {}
        }
    }

    /// The keys chopvault's code asks for: the first argument of every
    /// `t!`, `say!`, `out!` and `say_partial!` in `src/`.
    fn keys_used() -> BTreeSet<String> {
        fn walk(dir: &std::path::Path, keys: &mut BTreeSet<String>) {
            for entry in std::fs::read_dir(dir).expect("src is readable") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    walk(&path, keys);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("a source file");
                    for macro_name in ["t!(", "say!(", "out!(", "say_partial!(", "message!("] {
                        for (at, _) in text.match_indices(macro_name) {
                            let before = text[..at].chars().last();
                            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
                            let in_comment = text[line_start..at].trim_start().starts_with("//");
                            if in_comment || before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                            {
                                continue;
                            }
                            let rest = text[at + macro_name.len()..].trim_start();
                            if let Some(rest) = rest.strip_prefix('"') {
                                let key: String = rest.chars().take_while(|c| *c != '"').collect();
                                if !key.contains(' ') && !key.is_empty() {
                                    keys.insert(key);
                                }
                            }
                        }
                    }
                }
            }
        }
        let mut keys = BTreeSet::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut keys,
        );
        keys
    }

    #[test]
    fn both_catalogs_have_the_same_keys_with_the_same_variables() {
        let en = messages("en.ftl", EN);
        let ru = messages("ru.ftl", RU);
        let missing: Vec<_> = en.keys().filter(|k| !ru.contains_key(*k)).collect();
        assert!(missing.is_empty(), "missing in ru.ftl: {missing:?}");
        let extra: Vec<_> = ru.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(extra.is_empty(), "only in ru.ftl: {extra:?}");
        for (key, vars) in &en {
            assert_eq!(vars, &ru[key], "{key}: the variables differ");
        }
    }

    #[test]
    fn every_key_the_code_uses_is_in_the_catalog_and_every_key_is_used() {
        let en = messages("en.ftl", EN);
        let used = keys_used();
        let missing: Vec<_> = used.iter().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing.is_empty(), "used but not in en.ftl: {missing:?}");
        // Keys the clap layer builds from the command tree are checked by
        // the cli tests; all others must be used somewhere.
        // A key named in code otherwise (`word(lang, "clap-usage")`, a
        // table of keys) counts as used when it appears quoted.
        let quoted = |key: &str| {
            fn any(dir: &std::path::Path, needle: &str) -> bool {
                std::fs::read_dir(dir).expect("src").any(|e| {
                    let path = e.expect("an entry").path();
                    if path.is_dir() {
                        any(&path, needle)
                    } else {
                        path.extension().is_some_and(|x| x == "rs")
                            && std::fs::read_to_string(&path).is_ok_and(|t| t.contains(needle))
                    }
                })
            }
            let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
            any(&src, &format!("\"{key}\""))
        };
        let unused: Vec<_> = en
            .keys()
            .filter(|k| !used.contains(*k) && !k.starts_with("help-") && !quoted(k))
            .collect();
        assert!(unused.is_empty(), "in en.ftl but never used: {unused:?}");
    }

    /// Each message read alone from its lines (and those of the terms it
    /// uses) says what the whole catalog says: the per-message parse cannot
    /// cut a message short, run into the next one or miss a term.
    #[test]
    fn each_message_alone_is_the_message_in_the_whole_catalog() {
        for (lang, source) in [(Lang::En, EN), (Lang::Ru, RU)] {
            let whole = bundle(lang, source);
            let args: Vec<(&str, Arg)> = ["a", "b"]
                .iter()
                .map(|k| (*k, Arg::Str((*k).into())))
                .collect();
            for line in source.lines() {
                let Some((id, _)) = line.split_once(" =") else {
                    continue;
                };
                if id.starts_with(' ') || id.starts_with('#') {
                    continue;
                }
                let alone = resource_of(source, id).expect("found");
                let resource = FluentResource::try_new(alone.to_owned())
                    .unwrap_or_else(|_| panic!("{id} does not parse alone"));
                let mut b = bundle(lang, "");
                b.add_resource(resource).expect("one message");
                assert_eq!(format(&b, id, &args), format(&whole, id, &args), "{id}");
            }
        }
    }

    /// The text of a message as it can read: its text elements and those
    /// of every variant of its selects, placeables left out.
    fn words_of(p: &Pattern<&str>, out: &mut String) {
        for element in &p.elements {
            match element {
                PatternElement::TextElement { value } => out.push_str(value),
                PatternElement::Placeable {
                    expression: Expression::Select { variants, .. },
                } => {
                    for v in variants {
                        out.push(' ');
                        words_of(&v.value, out);
                    }
                }
                PatternElement::Placeable { .. } => out.push(' '),
            }
        }
    }

    /// Every message of `ru.ftl` as (key, its text).
    fn russian_texts() -> Vec<(String, String)> {
        let ast = fluent_syntax::parser::parse(RU).expect("ru.ftl parses");
        ast.body
            .into_iter()
            .filter_map(|e| match e {
                Entry::Message(m) => {
                    let mut text = String::new();
                    words_of(m.value.as_ref()?, &mut text);
                    Some((m.id.name.to_owned(), text))
                }
                _ => None,
            })
            .collect()
    }

    /// Latin words of `text` that are not on the list of technical words
    /// (`i18n/technical-words.txt`): English left in Russian text.
    pub fn english_words(text: &str) -> Vec<String> {
        let allowed: BTreeSet<&str> = include_str!("i18n/technical-words.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .collect();
        // Options (`--force`), paths, `key=value` and `name.ext` are
        // technical as written; a word is what is left.
        text.split_whitespace()
            .map(|w| w.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '-'))
            .filter(|w| !w.starts_with('-') && !w.contains(['/', '_', '=', '*']))
            .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.contains([':', '.']))
            .filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic()))
            .filter(|w| !allowed.contains(w))
            .map(str::to_owned)
            .collect()
    }

    /// Issue 24: English left in Russian (`Example: …`, `Print this
    /// message…`, `General Commands Manual`). Names and programs are on the
    /// list; any other Latin word in a Russian message fails.
    #[test]
    fn no_english_word_is_left_in_the_russian_catalog() {
        let mut found = Vec::new();
        for (key, text) in russian_texts() {
            let english = english_words(&text);
            if !english.is_empty() {
                found.push(format!("{key}: {english:?}"));
            }
        }
        assert!(found.is_empty(), "English in ru.ftl:\n{}", found.join("\n"));
        assert_eq!(english_words("Example: chopvault export"), ["Example"]);
    }

    /// Issue 24: one word per concept. The glossary (`i18n/GLOSSARY.md`)
    /// names the variants the catalog must not use; this holds ru.ftl to it.
    #[test]
    fn the_russian_catalog_keeps_to_the_glossary() {
        let glossary = include_str!("i18n/GLOSSARY.md");
        let mut forbidden = Vec::new();
        for row in glossary.lines().filter(|l| l.starts_with("| ")) {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            // | English | Русский | Not | Why |
            let Some(not) = cells.get(3) else { continue };
            if *not == "Not" || not.starts_with("---") || *not == "—" {
                continue;
            }
            forbidden.extend(not.split(", ").map(str::to_lowercase));
        }
        assert!(
            forbidden.len() > 10,
            "the glossary's Not column: {forbidden:?}"
        );
        let mut found = Vec::new();
        for (key, text) in russian_texts() {
            let lower = text.to_lowercase();
            for word in &forbidden {
                // At the start of a word: «склад» is not in «раскладка».
                let starts_a_word = lower.match_indices(word.as_str()).any(|(at, _)| {
                    !lower[..at]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphabetic)
                });
                if starts_a_word {
                    found.push(format!("{key}: «{word}»"));
                }
            }
        }
        assert!(
            found.is_empty(),
            "ru.ftl against GLOSSARY.md:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn borrowed_numbers_stay_numbers() {
        let days: &i64 = &2521;
        let args = [("d", (&&Wrap(&days)).arg())];
        assert!(matches!(args[0].1, Arg::Num(n) if (n - 2521.0).abs() < f64::EPSILON));
        let text = crate::ui::lang::with(Lang::Ru, || {
            t!("cmd-mod-expires-days", days = days, date = "X")
        });
        assert_eq!(text, "истекает через 2521 день (X)");
    }

    #[test]
    fn numbers_choose_russian_plural_forms() {
        let expires = |lang: Lang, n: i64| {
            crate::ui::lang::with(lang, || t!("cmd-mod-expires-days", days = n, date = "X"))
        };
        let ru = |n| expires(Lang::Ru, n);
        assert_eq!(ru(1), "истекает через 1 день (X)");
        assert_eq!(ru(21), "истекает через 21 день (X)");
        assert_eq!(ru(2), "истекает через 2 дня (X)");
        assert_eq!(ru(24), "истекает через 24 дня (X)");
        assert_eq!(ru(5), "истекает через 5 дней (X)");
        assert_eq!(ru(11), "истекает через 11 дней (X)");
        assert_eq!(ru(112), "истекает через 112 дней (X)");
        assert_eq!(expires(Lang::En, 1), "expires in 1 day (X)");
        assert_eq!(expires(Lang::En, 5), "expires in 5 days (X)");
    }

    /// Names are terms: Russian declines them by `case`, English ignores
    /// it, and a message that uses one reads it when parsed alone.
    #[test]
    fn terms_decline_in_russian_and_load_with_their_message() {
        let probe = |lang: Lang, text: &str| {
            let source = format!(
                "{}probe = {text}\n",
                ["-yandex", "-keyring", "-chopvault"]
                    .iter()
                    .map(|t| lines_of(super::source(lang), t).expect("a term").to_owned() + "\n")
                    .collect::<String>()
            );
            let mut b = bundle(lang, "");
            b.add_resource(FluentResource::try_new(source).expect("parses"))
                .expect("no clash");
            format(&b, "probe", &[]).expect("formats")
        };
        assert_eq!(
            probe(Lang::Ru, "{ -yandex(case: \"genitive\") }"),
            "Яндекса"
        );
        assert_eq!(probe(Lang::Ru, "{ -yandex }"), "Яндекс");
        assert_eq!(
            probe(Lang::Ru, "в { -keyring(case: \"prepositional\") }"),
            "в связке ключей"
        );
        assert_eq!(probe(Lang::En, "{ -yandex(case: \"genitive\") }"), "Yandex");
        assert_eq!(probe(Lang::En, "{ -chopvault }"), "chopvault");
        let alone = resource_of(RU, "prefix-program").expect("the prefix");
        assert!(alone.contains("-chopvault = chopvault"), "{alone}");
    }
}
