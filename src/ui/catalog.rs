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
    // memchr's SIMD search: the English catalog is 120 KB, and a message
    // with two terms is three searches (str::find took 7% of an `export`).
    let head = format!("{id} =");
    let mut from = 0;
    let start = loop {
        let at = from + memchr::memmem::find(&source.as_bytes()[from..], head.as_bytes())?;
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
#[path = "i18n/english.rs"]
mod english;

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

    /// A catalog macro call in chopvault's code: where it is, the key it
    /// names and the variables it passes.
    struct Call {
        at: String,
        key: String,
        args: BTreeSet<String>,
    }

    /// Every `t!`, `say!`, `out!`, `say_partial!`, `message!` and `msg!` call with
    /// a literal key in `src/`, read as Rust is read: comments and string
    /// literals are skipped, and a call's arguments run to its closing
    /// parenthesis, over as many lines as it takes.
    fn calls() -> Vec<Call> {
        fn walk(dir: &std::path::Path, out: &mut Vec<Call>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .expect("src is readable")
                .map(|e| e.expect("an entry").path())
                .collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("a source file");
                    let name = path.display().to_string();
                    out.extend(calls_in(&name, &text));
                }
            }
        }
        let mut out = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut out,
        );
        out
    }

    /// The end (exclusive) of the string, char literal or comment that
    /// starts at byte `i` of `b`, if one does.
    fn skip(b: &[u8], i: usize) -> Option<usize> {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            return Some(
                b[i..]
                    .iter()
                    .position(|c| *c == b'\n')
                    .map_or(b.len(), |n| i + n),
            );
        }
        if rest.starts_with(b"/*") {
            let mut depth = 0;
            let mut j = i;
            while j + 1 < b.len() {
                if b[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        return Some(j);
                    }
                } else {
                    j += 1;
                }
            }
            return Some(b.len());
        }
        // A raw string (`r"…"`, `r#"…"#`); `r#ident` is not one.
        if rest.starts_with(b"r\"") || rest.starts_with(b"r#") {
            let hashes = rest[1..].iter().take_while(|c| **c == b'#').count();
            if rest.get(1 + hashes) == Some(&b'"') {
                let mut close = vec![b'"'];
                close.extend(std::iter::repeat_n(b'#', hashes));
                let from = i + 2 + hashes;
                return Some(
                    b[from..]
                        .windows(close.len())
                        .position(|w| w == close.as_slice())
                        .map_or(b.len(), |n| from + n + close.len()),
                );
            }
        }
        if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            return Some(j + 1);
        }
        if b[i] == b'\'' {
            // A char literal ('x', '\n', '\''); a lifetime ('a) is not.
            if rest.get(1) == Some(&b'\\') {
                return rest[2..]
                    .iter()
                    .skip(1)
                    .position(|c| *c == b'\'')
                    .map(|n| i + 4 + n);
            }
            let width = (1..=4)
                .find(|w| rest.len() > *w && std::str::from_utf8(&rest[1..=*w]).is_ok())
                .unwrap_or(1);
            if rest.get(1 + width) == Some(&b'\'') {
                return Some(i + 2 + width);
            }
        }
        None
    }

    fn calls_in(name: &str, text: &str) -> Vec<Call> {
        const MACROS: [&[u8]; 6] = [
            b"t!(",
            b"say!(",
            b"out!(",
            b"say_partial!(",
            b"message!(",
            b"msg!(",
        ];
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if let Some(end) = skip(b, i) {
                i = end;
                continue;
            }
            let starts_word = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
            let Some(m) = MACROS.iter().find(|m| starts_word && b[i..].starts_with(m)) else {
                i += 1;
                continue;
            };
            let line = 1 + b[..i].iter().filter(|c| **c == b'\n').count();
            // The call's top-level arguments.
            let mut args: Vec<&str> = Vec::new();
            let (mut depth, mut j, mut from) = (0usize, i + m.len(), i + m.len());
            while j < b.len() {
                if let Some(end) = skip(b, j) {
                    j = end;
                    continue;
                }
                match b[j] {
                    b'(' | b'[' | b'{' => depth += 1,
                    b')' | b']' | b'}' if depth == 0 => {
                        args.push(&text[from..j]);
                        break;
                    }
                    b')' | b']' | b'}' => depth -= 1,
                    b',' if depth == 0 => {
                        args.push(&text[from..j]);
                        from = j + 1;
                    }
                    _ => {}
                }
                j += 1;
            }
            i += m.len();
            let Some(key) = args
                .first()
                .map(|k| k.trim())
                .and_then(|k| k.strip_prefix('"'))
                .and_then(|k| k.strip_suffix('"'))
            else {
                continue; // the macros' own definitions: `t!($($t)*)`
            };
            let args = args[1..]
                .iter()
                .filter(|a| !a.trim().is_empty())
                .map(|a| {
                    a.split_once('=')
                        .map_or(a.trim(), |(n, _)| n.trim())
                        .to_owned()
                })
                .collect();
            out.push(Call {
                at: format!("{name}:{line}"),
                key: key.to_owned(),
                args,
            });
        }
        out
    }

    /// The keys chopvault's code asks for: the key of every catalog macro
    /// call in `src/`.
    fn keys_used() -> BTreeSet<String> {
        calls().into_iter().map(|c| c.key).collect()
    }

    #[test]
    fn the_call_scanner_reads_multi_line_calls_and_skips_comments_and_strings() {
        let text = r#"
            // say!("in-a-comment", x = 1)
            let a = "t!(\"in-a-string\")";
            let c = '(';
            fn f<'a>(x: &'a str) {}
            say!(
                "multi-line",
                path = p.display(),
                count = f(a, (b, c)),
            );
            let s = t!("one-line", why = format!("{x}, {y}"));
            let o = out!("no-args");
            /* t!("in-a-block-comment") */
            let m = msg!("kept", error = e.explain().text => None, n = 2);
        "#;
        let found: Vec<(String, Vec<String>)> = calls_in("x.rs", text)
            .into_iter()
            .map(|c| (c.key, c.args.into_iter().collect()))
            .collect();
        assert_eq!(
            found,
            [
                ("multi-line".into(), vec!["count".into(), "path".into()]),
                ("one-line".into(), vec!["why".into()]),
                ("no-args".into(), vec![]),
                ("kept".into(), vec!["error".into(), "n".into()]),
            ]
        );
    }

    /// A call passes exactly the variables its message uses, in both
    /// languages: a variable the message does not use (a value that would
    /// never be shown), or one it uses and the call does not pass (a
    /// message that would print `{$name}`), fails here, not at run time.
    #[test]
    fn every_call_passes_the_variables_its_message_uses_in_both_languages() {
        let catalogs = [
            ("en.ftl", messages("en.ftl", EN)),
            ("ru.ftl", messages("ru.ftl", RU)),
        ];
        let mut wrong = Vec::new();
        for call in calls() {
            for (name, catalog) in &catalogs {
                let Some(used) = catalog.get(&call.key) else {
                    wrong.push(format!("{}: {} is not in {name}", call.at, call.key));
                    continue;
                };
                if *used != call.args {
                    wrong.push(format!(
                        "{}: {} passes {:?}, {name} uses {:?}",
                        call.at, call.key, call.args, used
                    ));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "calls and messages differ:\n{}",
            wrong.join("\n")
        );
    }

    /// Every message's level, by key, of one catalog (`.level = warning`).
    fn levels(name: &str, source: &str) -> BTreeMap<String, String> {
        let ast = fluent_syntax::parser::parse(source).expect("parses");
        let mut out = BTreeMap::new();
        for entry in ast.body {
            if let Entry::Message(m) = entry {
                for a in &m.attributes {
                    assert_eq!(
                        a.id.name, "level",
                        "{name}: {}: an unknown attribute",
                        m.id.name
                    );
                    let mut word = String::new();
                    words_of(&a.value, &mut word);
                    out.insert(m.id.name.to_owned(), word.trim().to_owned());
                }
            }
        }
        out
    }

    /// A prefix comes from a level, never from a message's own text: the
    /// level is declared once, the same in both languages, and no line of
    /// a message starts with a prefix's words (the product's name, or a
    /// level's word, in either language), where `ui` would print it
    /// uncoloured or twice.
    #[test]
    fn every_prefix_comes_from_a_level_the_same_in_both_languages() {
        let en = levels("en.ftl", EN);
        let ru = levels("ru.ftl", RU);
        assert_eq!(en, ru, "the levels differ between en.ftl and ru.ftl");
        for (key, word) in &en {
            assert!(
                Level::from_word(word).is_some(),
                "{key}: no level is called {word}"
            );
        }
        assert!(en.len() > 100, "{} levels", en.len());
        let mut prefixes: Vec<String> = Vec::new();
        for (lang, source) in [(Lang::En, EN), (Lang::Ru, RU)] {
            let b = bundle(lang, source);
            for key in [
                "prefix-program",
                "prefix-note",
                "prefix-warning",
                "prefix-error",
                "prefix-hint",
            ] {
                let word = format(&b, key, &[]).expect("a prefix word");
                assert!(word.ends_with(':'), "{key}: {word}");
                prefixes.push(word);
            }
        }
        let mut found = Vec::new();
        for (name, source) in [("en.ftl", EN), ("ru.ftl", RU)] {
            let ast = fluent_syntax::parser::parse(source).expect("parses");
            for entry in ast.body {
                let Entry::Message(m) = entry else { continue };
                let key = m.id.name;
                if key.starts_with("prefix-") || key.starts_with("man-") || key.starts_with("help-")
                {
                    continue;
                }
                let mut text = String::new();
                lines_of_text(m.value.as_ref().expect("a value"), &mut text);
                for line in text.lines() {
                    if let Some(p) = prefixes
                        .iter()
                        .find(|p| line.trim_start().starts_with(p.as_str()))
                    {
                        found.push(format!("{name}: {key}: starts a line with {p}"));
                    }
                }
            }
        }
        assert!(
            found.is_empty(),
            "prefixes written into messages:\n{}",
            found.join("\n")
        );
    }

    /// The text of a message as it reads, its placeables as `{}` (so that
    /// a line that starts with one does not start with a word).
    fn lines_of_text(p: &Pattern<&str>, out: &mut String) {
        for element in &p.elements {
            match element {
                PatternElement::TextElement { value } => out.push_str(value),
                // A name reads as itself: `{ -chopvault }:` is a prefix too.
                PatternElement::Placeable {
                    expression: Expression::Inline(InlineExpression::TermReference { id, .. }),
                } => out.push_str(id.name),
                PatternElement::Placeable { .. } => out.push_str("{}"),
            }
        }
    }

    /// Keys and variables say what they mean: no key ends in a number (a
    /// second message cut from the same first words), no variable is
    /// `$value`, numbered or a Rust constant's name.
    #[test]
    fn keys_and_variables_are_named_by_meaning() {
        let en = messages("en.ftl", EN);
        let mut bad = Vec::new();
        for (key, vars) in &en {
            if key.ends_with(|c: char| c.is_ascii_digit()) {
                bad.push(format!("key {key} ends in a number"));
            }
            for var in vars {
                let numbered = var.ends_with(|c: char| c.is_ascii_digit());
                let constant = var.chars().all(|c| c.is_ascii_uppercase() || c == '_');
                if var == "value" || numbered || constant {
                    bad.push(format!("{key}: variable ${var}"));
                }
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    /// A message is a sentence or a phrase, not a piece of punctuation the
    /// code glues between others (a lone `)` closed an OAuth error): a message
    /// without a placeable has a letter or a digit. An optional part is
    /// its own whole message (`yandex-oauth-error-described`).
    #[test]
    fn no_message_is_a_bare_piece_of_punctuation() {
        let ast = fluent_syntax::parser::parse(EN).expect("parses");
        let mut bare = Vec::new();
        for entry in ast.body {
            let Entry::Message(m) = entry else { continue };
            let Some(value) = &m.value else { continue };
            let placeable = value
                .elements
                .iter()
                .any(|e| matches!(e, PatternElement::Placeable { .. }));
            let mut text = String::new();
            words_of(value, &mut text);
            if !placeable && !text.chars().any(char::is_alphanumeric) {
                bare.push(m.id.name.to_owned());
            }
        }
        assert!(bare.is_empty(), "fragments: {bare:?}");
        let said = |lang, description: &str| {
            crate::ui::lang::with(lang, || {
                if description.is_empty() {
                    t!("yandex-oauth-error", meaning = "M", error = "invalid_grant")
                } else {
                    t!(
                        "yandex-oauth-error-described",
                        meaning = "M",
                        error = "invalid_grant",
                        description = description
                    )
                }
            })
        };
        assert_eq!(said(Lang::En, ""), "Yandex OAuth: M (invalid_grant)");
        assert_eq!(said(Lang::En, "D"), "Yandex OAuth: M (invalid_grant: D)");
        assert_eq!(said(Lang::Ru, "D"), "Яндекс OAuth: M (invalid_grant: D)");
    }

    /// The terms of both catalogs: their names, and whether a message
    /// could not be told from a term (Fluent keeps both in one namespace).
    #[test]
    fn both_catalogs_have_the_same_terms_and_no_message_is_named_like_one() {
        let terms = |source: &str| -> BTreeSet<String> {
            let ast = fluent_syntax::parser::parse(source).expect("parses");
            ast.body
                .into_iter()
                .filter_map(|e| match e {
                    Entry::Term(t) => Some(t.id.name.to_owned()),
                    _ => None,
                })
                .collect()
        };
        let (en, ru) = (terms(EN), terms(RU));
        assert_eq!(en, ru);
        assert!(
            en.contains("chopvault") && en.contains("yandex-disk"),
            "{en:?}"
        );
        let messages = messages("en.ftl", EN);
        let clash: Vec<_> = en.iter().filter(|t| messages.contains_key(*t)).collect();
        assert!(clash.is_empty(), "messages named like terms: {clash:?}");
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

    /// Every message and term of `ru.ftl` as (key, its text): a term's
    /// Russian forms (`связке ключей`) are held to the glossary too.
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
                Entry::Term(t) => {
                    let mut text = String::new();
                    words_of(&t.value, &mut text);
                    Some((format!("-{}", t.id.name), text))
                }
                _ => None,
            })
            .collect()
    }

    /// The names that stay as they are in Russian: the words of the terms
    /// whose Russian value is the English one (`-chopvault`, `-openbao`).
    /// They are allowed in Russian text without a line in
    /// `technical-words.txt`.
    fn names() -> BTreeSet<String> {
        let terms = |source: &str| -> BTreeMap<String, String> {
            let ast = fluent_syntax::parser::parse(source).expect("parses");
            ast.body
                .into_iter()
                .filter_map(|e| match e {
                    Entry::Term(t) => {
                        let mut text = String::new();
                        words_of(&t.value, &mut text);
                        Some((t.id.name.to_owned(), text))
                    }
                    _ => None,
                })
                .collect()
        };
        let en = terms(EN);
        terms(RU)
            .into_iter()
            .filter(|(id, text)| en.get(id) == Some(text))
            .flat_map(|(_, text)| {
                text.split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Latin words of `text` that are not on the list of technical words
    /// (`i18n/technical-words.txt`) and not a name (see [`names`]): English
    /// left in Russian text.
    pub fn english_words(text: &str) -> Vec<String> {
        super::english::english_words(text, &names())
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
        // A name is a term, not a line of the list.
        assert_eq!(english_words("OpenBao Vault sealed"), Vec::<String>::new());
        assert!(names().contains("OpenBao") && names().contains("chopvault"));
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
