//! Where every line chopvault prints is produced: `say!` (a line on
//! stderr), `out!` (a line on stdout) and `say_partial!` (a prompt with no
//! newline) all come through here. std's print macros are linted out
//! everywhere else (`clippy::print_stdout`, `clippy::print_stderr`).
//!
//! Here the prefixes of chopvault's messages (`error:`, `warning:`,
//! `note:`, `hint:`) are coloured, on a terminal only and never when
//! `NO_COLOR` is set or `TERM` is `dumb`; and a stream that cannot be
//! written (a pipe whose reader has gone: EPIPE) is ignored, where std's
//! macros would panic, least welcome in an export with a token on disk.
//! This is also where the Russian/English catalogs will plug in.

/// A line on stderr (coloured prefix on a terminal).
macro_rules! say {
    ($($t:tt)*) => {
        $crate::ui::eprint_line(format_args!($($t)*))
    };
}

/// A line on stdout.
macro_rules! out {
    ($($t:tt)*) => {
        $crate::ui::print_line(format_args!($($t)*))
    };
}

/// Text on stderr with no newline (a question waiting for its answer).
macro_rules! say_partial {
    ($($t:tt)*) => {
        $crate::ui::eprint_text(format_args!($($t)*))
    };
}

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

/// The prefixes chopvault's lines start with, and their colours (SGR).
const PREFIXES: [(&str, &str); 5] = [
    ("chopvault: error:", "1;31"),
    ("chopvault: warning:", "1;33"),
    ("chopvault: note:", "36"),
    ("hint:", "32"),
    ("error:", "1;31"),
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
    }
}
