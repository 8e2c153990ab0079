//! Text from a vault, an index or a config shown on a terminal.
//!
//! An entry name, note or member name is data someone else may have written
//! (a teammate, a crafted file). Printed raw, a control sequence in it could
//! rewrite the terminal (clear it, move the cursor over a warning, set the
//! window title) and a bidirectional override could reorder what is read.
//! Every such text goes through [`shown`], which escapes those characters.

use std::borrow::Cow;
use std::fmt::Write as _;

/// True for characters that must not reach a terminal raw: C0 and C1
/// controls, DEL, and the bidirectional embedding, override and isolate
/// marks.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text a server sent (an error description, a login) made fit to show:
/// at most 200 characters, with controls and bidirectional marks dropped.
pub fn from_server(text: &str) -> String {
    text.chars()
        .filter(|c| !is_unsafe_char(*c))
        .take(200)
        .collect()
}

/// `text` with every unsafe character written as `\u{…}`, so it is seen
/// rather than obeyed; borrowed when nothing needed escaping.
pub fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Lower-case hex of `bytes` (a digest, a random id): the one spelling
/// the pins, the agent protocol and vault ids share.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// A path as [`shown`] shows text: file and folder names come from
/// whoever made them (an installer names the copies it leaves).
pub fn shown_path(path: &std::path::Path) -> String {
    shown(&path.display().to_string()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        assert!(matches!(shown("yandex-disk"), Cow::Borrowed(_)));
        assert_eq!(shown("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(shown("x\u{9b}y\u{7f}"), "x\\u{9b}y\\u{7f}");
        assert_eq!(shown("ab\u{202e}cd"), "ab\\u{202e}cd");
        assert_eq!(shown("\n"), "\\u{a}");
        assert_eq!(shown("тест é"), "тест é");
    }

    #[test]
    fn hex_is_lower_case_and_two_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
        assert_eq!(hex(&[]), "");
    }
}
