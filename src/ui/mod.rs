//! Where every line chopvault prints is produced: `say!` (a line on
//! stderr), `out!` (a line on stdout) and `say_partial!` (a prompt with no
//! newline) print a message of the catalog ([`catalog`], in the language
//! [`lang`] picks); `t!` gives such a message as a string, for errors'
//! `Display` and hints; `msg!` keeps one as data ([`msg::Msg`]: its key
//! and variables), worded only when shown, its facts for JSON; `data!`
//! prints what is not words (names, cards, JSON). std's print macros are linted out everywhere else
//! (`clippy::print_stdout`, `clippy::print_stderr`).
//!
//! A message that is printed with a prefix (`chopvault: error:`,
//! `warning:`, `note:`, `hint:`) declares its level in the catalog
//! (`.level = warning`, see [`catalog::Level`]); the prefix is put before
//! it here and its word coloured, on a terminal only and never when
//! `NO_COLOR` is set or `TERM` is `dumb`. A stream that cannot be written
//! (a pipe whose reader has gone: EPIPE) is ignored, where std's macros
//! would panic, least welcome in an export with a token on disk.

/// Catalog message `id` with its variables, as a [`catalog::Line`] (its
/// text and its level): `message!("key", name = value, ...)`. Numbers stay
/// numbers, so that the catalogs can choose plural forms. The other
/// macros are made of it.
macro_rules! message {
    ($id:literal) => {
        $crate::ui::catalog::line($id, &[])
    };
    ($id:literal, $($k:ident = $v:expr),+ $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::ui::catalog::{ViaDisplay as _, ViaNumber as _};
        $crate::ui::catalog::line(
            $id,
            &[$((stringify!($k), (&&$crate::ui::catalog::Wrap(&$v)).arg())),+],
        )
    }};
}

/// The text of catalog message `id` in the user's language, with its
/// variables and the prefix of its level: `t!("key", name = value, ...)`.
macro_rules! t {
    ($($t:tt)*) => {
        message!($($t)*).to_string()
    };
}

/// A catalog message as a line on stderr (its prefix coloured on a
/// terminal).
macro_rules! say {
    ($($t:tt)*) => {
        $crate::ui::eprint_message(&message!($($t)*))
    };
}

/// A catalog message as a line on stdout.
macro_rules! out {
    ($($t:tt)*) => {
        $crate::ui::print_line(format_args!("{}", message!($($t)*)))
    };
}

/// A catalog message on stderr with no newline (a question waiting for
/// its answer).
macro_rules! say_partial {
    ($($t:tt)*) => {
        $crate::ui::eprint_text(format_args!("{}", message!($($t)*)))
    };
}

/// A catalog message kept as data, worded only when shown
/// ([`msg::Msg`]): `msg!("key", name = value, ...)`. A variable that is
/// words gives its fact for JSON after `=>`: `error = text => None`,
/// `until = local => json!(utc)`.
macro_rules! msg {
    (@fact) => {
        $crate::ui::msg::Fact::Same
    };
    (@fact $f:expr) => {
        $crate::ui::msg::Fact::Given($crate::ui::msg::IntoFact::into_fact($f))
    };
    ($id:literal) => {
        $crate::ui::msg::Msg::new($id)
    };
    ($id:literal, $($k:ident = $v:expr $(=> $f:expr)?),+ $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::ui::catalog::{ViaDisplay as _, ViaNumber as _};
        $crate::ui::msg::Msg::new($id)
            $(.var(
                stringify!($k),
                (&&$crate::ui::catalog::Wrap(&$v)).arg(),
                msg!(@fact $($f)?),
            ))+
    }};
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
pub mod msg;
pub mod words;

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

/// Whether stderr gets colour.
pub fn colour() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            && std::io::stderr().is_terminal()
    })
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

/// Writes text that is already worded and has no level (a line of a
/// catalog message made elsewhere, data) as one line to stderr, as it is;
/// a broken pipe is ignored. A message with a level goes through
/// [`eprint_message`], so that its prefix is coloured.
pub fn eprint_line(args: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr().lock(), "{args}");
}

/// Writes a catalog message as one line to stderr (`say!`), the word of
/// its prefix coloured on a terminal; a broken pipe is ignored.
pub fn eprint_message(line: &catalog::Line) {
    let text = line.painted(colour());
    let _ = writeln!(std::io::stderr().lock(), "{text}");
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
    use super::catalog::{Level, Line};
    use super::lang::Lang;

    fn line(lang: Lang, level: Option<Level>, text: &str) -> Line {
        Line {
            lang,
            level,
            text: text.into(),
        }
    }

    #[test]
    fn the_prefix_comes_from_the_level_and_only_its_word_is_painted() {
        let locked = line(Lang::En, Some(Level::Error), "the vault is locked");
        assert_eq!(
            locked.painted(true),
            "chopvault: \x1b[1;31merror:\x1b[0m the vault is locked"
        );
        assert_eq!(
            locked.painted(false),
            "chopvault: error: the vault is locked"
        );
        assert_eq!(locked.to_string(), "chopvault: error: the vault is locked");
        assert_eq!(
            line(Lang::En, Some(Level::Hint), "run it").painted(true),
            "\x1b[32mhint:\x1b[0m run it"
        );
        assert_eq!(
            line(Lang::En, Some(Level::Info), "stored 'x'").painted(true),
            "chopvault: stored 'x'"
        );
        assert_eq!(
            line(Lang::En, None, "plain words").painted(true),
            "plain words"
        );
        assert_eq!(
            line(Lang::En, Some(Level::Usage), "bad").to_string(),
            "error: bad"
        );
        assert_eq!(
            line(Lang::Ru, Some(Level::Error), "хранилище заблокировано").painted(true),
            "chopvault: \x1b[1;31mошибка:\x1b[0m хранилище заблокировано"
        );
        assert_eq!(
            line(Lang::Ru, Some(Level::Warning), "x").to_string(),
            "chopvault: предупреждение: x"
        );
        assert_eq!(
            line(Lang::Ru, Some(Level::Hint), "выполните").painted(true),
            "\x1b[32mподсказка:\x1b[0m выполните"
        );
    }
}
