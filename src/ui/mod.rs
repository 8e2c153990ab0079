//! Where every line chopvault prints is produced: `say!` (a line on
//! stderr), `out!` (a line on stdout) and `say_partial!` (a prompt with no
//! newline) print a message of the catalog ([`catalog`], in the language
//! [`lang`] picks); `t!` gives such a message as a string, for errors'
//! `Display` and hints; `data!` prints what is not words (names, cards,
//! JSON). std's print macros are linted out everywhere else
//! (`clippy::print_stdout`, `clippy::print_stderr`).
//!
//! Here the prefixes of chopvault's messages (`error:`, `warning:`,
//! `note:`, `hint:`) are coloured, on a terminal only and never when
//! `NO_COLOR` is set or `TERM` is `dumb`; and a stream that cannot be
//! written (a pipe whose reader has gone: EPIPE) is ignored, where std's
//! macros would panic, least welcome in an export with a token on disk.

/// The text of catalog message `id` in the user's language, with its
/// variables: `t!("key", name = value, ...)`. Numbers stay numbers, so
/// that the catalogs can choose plural forms.
macro_rules! t {
    ($id:literal) => {
        $crate::ui::catalog::text($id, &[])
    };
    ($id:literal, $($k:ident = $v:expr),+ $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::ui::catalog::{ViaDisplay as _, ViaNumber as _};
        $crate::ui::catalog::text(
            $id,
            &[$((stringify!($k), (&&$crate::ui::catalog::Wrap(&$v)).arg())),+],
        )
    }};
}

/// A catalog message as a line on stderr (coloured prefix on a terminal).
macro_rules! say {
    ($($t:tt)*) => {
        $crate::ui::eprint_line(format_args!("{}", t!($($t)*)))
    };
}

/// A catalog message as a line on stdout.
macro_rules! out {
    ($($t:tt)*) => {
        $crate::ui::print_line(format_args!("{}", t!($($t)*)))
    };
}

/// A catalog message on stderr with no newline (a question waiting for
/// its answer).
macro_rules! say_partial {
    ($($t:tt)*) => {
        $crate::ui::eprint_text(format_args!("{}", t!($($t)*)))
    };
}

/// Data on stdout, not words: names, cards, JSON. Never translated.
macro_rules! data {
    ($($t:tt)*) => {
        $crate::ui::print_line(format_args!($($t)*))
    };
}

// After the macros, so that they are visible in these modules too.
pub mod catalog;
pub mod clap;
pub mod lang;
pub mod words;

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

/// The prefixes chopvault's lines start with, in both languages, and
/// their colours (SGR).
const PREFIXES: [(&str, &str); 10] = [
    ("chopvault: error:", "1;31"),
    ("chopvault: warning:", "1;33"),
    ("chopvault: note:", "36"),
    ("hint:", "32"),
    ("error:", "1;31"),
    ("chopvault: ошибка:", "1;31"),
    ("chopvault: предупреждение:", "1;33"),
    ("chopvault: заметка:", "36"),
    ("подсказка:", "32"),
    ("ошибка:", "1;31"),
];

/// Whether stderr gets colour.
pub fn colour() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            && std::io::stderr().is_terminal()
    })
}

/// `line` with its known prefix coloured (when `on`).
pub fn painted(line: &str, on: bool) -> std::borrow::Cow<'_, str> {
    if !on {
        return line.into();
    }
    for (prefix, sgr) in PREFIXES {
        if let Some(rest) = line.strip_prefix(prefix) {
            // "chopvault: " stays plain; the word after it is coloured.
            let (plain, word) = match prefix.strip_prefix("chopvault: ") {
                Some(word) => ("chopvault: ", word),
                None => ("", prefix),
            };
            return format!("{plain}\x1b[{sgr}m{word}\x1b[0m{rest}").into();
        }
    }
    line.into()
}

/// Writes one line to stdout (`out!`); a broken pipe is ignored.
pub fn print_line(args: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stdout().lock(), "{args}");
}

/// Writes text to stderr with no newline (`say_partial!`), flushed.
pub fn eprint_text(args: std::fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{args}");
    let _ = err.flush();
}

/// Writes one line to stderr (`say!`); a broken pipe is ignored.
pub fn eprint_line(args: std::fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    if colour() {
        let text = args.to_string();
        let _ = writeln!(err, "{}", painted(&text, true));
    } else {
        let _ = writeln!(err, "{args}");
    }
}

/// The line a failed command ends with: `chopvault: error: ...`.
pub fn say_error(e: &dyn std::fmt::Display) {
    say!("error-line", error = e);
}

/// The hint line under an error: `hint: ...`.
pub fn say_hint(hint: &str) {
    say!("hint-line", hint = hint);
}

/// A state word of `status` and `check` (`ok`, `expired`, `valid`...) for
/// their text output; JSON keeps the word itself.
pub fn state_word(word: &str) -> String {
    match word {
        "ok" => t!("state-ok"),
        "no-expiry" => t!("state-no-expiry"),
        "expires-soon" => t!("state-expires-soon"),
        "expired" => t!("state-expired"),
        "rejected" => t!("state-rejected"),
        "unreachable" => t!("state-unreachable"),
        "refresh-due" => t!("state-refresh-due"),
        "valid" => t!("state-valid"),
        other => other.to_owned(),
    }
}

/// An event of an entry's history (`set`, `rotate`, `import`...) in the
/// user's words for `history`'s text output; the event log and JSON keep
/// the word itself.
pub fn event_word(word: &str) -> String {
    match word {
        "set" => t!("event-set"),
        "import" => t!("event-import"),
        "login" => t!("event-login"),
        "rotate" => t!("event-rotate"),
        "unchanged" => t!("event-unchanged"),
        "refresh" => t!("event-refresh"),
        "verify" => t!("event-verify"),
        "verify-write" => t!("event-verify-write"),
        "migrated" => t!("event-migrated"),
        other => other.to_owned(),
    }
}

/// A system error in the user's language. English keeps std's own text;
/// other languages name the common kinds in their words and keep the OS
/// error number, so that the cause can still be looked up.
pub fn io_text(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    if lang::current() == lang::Lang::En {
        return e.to_string();
    }
    let words = match e.kind() {
        K::NotFound => t!("io-not-found"),
        K::PermissionDenied => t!("io-permission-denied"),
        K::AlreadyExists => t!("io-already-exists"),
        K::StorageFull => t!("io-storage-full"),
        K::QuotaExceeded => t!("io-quota-exceeded"),
        K::ReadOnlyFilesystem => t!("io-read-only"),
        K::IsADirectory => t!("io-is-a-directory"),
        K::NotADirectory => t!("io-not-a-directory"),
        K::DirectoryNotEmpty => t!("io-directory-not-empty"),
        K::BrokenPipe => t!("io-broken-pipe"),
        K::TimedOut => t!("io-timed-out"),
        K::ConnectionRefused => t!("io-connection-refused"),
        K::WouldBlock => t!("io-would-block"),
        K::UnexpectedEof => t!("io-unexpected-eof"),
        _ => return e.to_string(),
    };
    match e.raw_os_error() {
        Some(n) => t!("io-os-error", words = words, code = n),
        None => words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_prefix_is_painted() {
        assert_eq!(
            painted("chopvault: error: the vault is locked", true),
            "chopvault: \x1b[1;31merror:\x1b[0m the vault is locked"
        );
        assert_eq!(painted("hint: run it", true), "\x1b[32mhint:\x1b[0m run it");
        assert_eq!(
            painted("chopvault: stored 'x'", true),
            "chopvault: stored 'x'"
        );
        assert_eq!(painted("chopvault: error: x", false), "chopvault: error: x");
        assert_eq!(
            painted("chopvault: ошибка: хранилище заблокировано", true),
            "chopvault: \x1b[1;31mошибка:\x1b[0m хранилище заблокировано"
        );
        assert_eq!(
            painted("подсказка: выполните", true),
            "\x1b[32mподсказка:\x1b[0m выполните"
        );
    }
}
