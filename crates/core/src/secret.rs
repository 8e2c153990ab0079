//! The secret type: a token or passphrase that must never be printed.
//!
//! `Secret` has no `Display`, its `Debug` prints `[REDACTED]`, its memory is
//! zeroized on drop, and `expose()` marks every place that reads the value.
//! It imports nothing else of chopvault's.

use std::fmt;

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Longest value accepted. Yandex tokens are ~60 characters; this bounds
/// a mistaken `--from-file` of a large file.
pub const MAX_LEN: usize = 16 * 1024;

/// A secret value (token, client secret, refresh token).
#[derive(Clone)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps an already validated value.
    pub fn from_string(value: String) -> Self {
        Secret(Zeroizing::new(value))
    }

    /// Validates raw input (prompt, stdin, file) and wraps it.
    ///
    /// Leading and trailing whitespace is trimmed (a pasted token often
    /// carries a newline); what remains must be non-empty UTF-8 without
    /// inner whitespace or control characters, since no token has them and
    /// they usually mean the wrong file or a paste of several lines.
    pub fn parse(raw: &[u8]) -> Result<Self, ValueError> {
        let text = std::str::from_utf8(raw).map_err(|_| ValueError::NotUtf8)?;
        // A byte-order mark (Notepad saves one) is not part of any value.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value = text.trim();
        if value.is_empty() {
            return Err(ValueError::Empty);
        }
        if value.len() > MAX_LEN {
            return Err(ValueError::TooLong(value.len()));
        }
        if let Some(pos) = value.chars().position(char::is_whitespace) {
            return Err(ValueError::InnerWhitespace(pos + 1));
        }
        if let Some(pos) = value.chars().position(char::is_control) {
            return Err(ValueError::ControlCharacter(pos + 1));
        }
        if let Some((pos, c)) = value.chars().enumerate().find(|(_, c)| invisible(*c)) {
            return Err(ValueError::Invisible(pos + 1, c as u32));
        }
        Ok(Secret(Zeroizing::new(value.to_owned())))
    }

    /// The value itself. Every call site is a place where the secret leaves
    /// this type: keep them few and obvious.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A short, stable, non-reversible label for the value, safe to print and
    /// log: `sha256:` and the first 12 hex digits of its SHA-256.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(self.expose().as_bytes())
    }
}

/// Fingerprint of raw bytes (also used to find copies of a token in files).
pub fn fingerprint_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::from("sha256:");
    for b in &digest[..6] {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        // Not constant-time; only used to compare two entries of the user's
        // own input (the prompt's confirmation), never against an attacker.
        self.expose() == other.expose()
    }
}

/// Why an input was refused as a secret value. Never holds the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueError {
    /// Nothing but whitespace.
    Empty,
    /// Not valid UTF-8 text.
    NotUtf8,
    /// Longer than [`MAX_LEN`] bytes.
    TooLong(usize),
    /// Whitespace inside the value, at this character position (1-based).
    InnerWhitespace(usize),
    /// A control character inside the value, at this position (1-based).
    ControlCharacter(usize),
    /// A character that shows as nothing ([`invisible`]: zero-width, bidi
    /// mark, a BOM inside, a filler, a variation selector, a tag):
    /// position (1-based) and code point.
    Invisible(usize, u32),
    /// A character a token of this kind cannot hold (a Yandex token is
    /// ASCII): position (1-based) and code point.
    NotAscii(usize, u32),
}

/// Characters that show as nothing, or as a blank, and that text copied
/// from a web page, a chat or an editor can carry into a token: the whole
/// Unicode `Default_Ignorable_Code_Point` set (DerivedCoreProperties.txt,
/// Unicode 15.1: the soft hyphen, zero-width and bidirectional marks, word
/// joiners, the BOM, the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0,
/// variation selectors, tag characters, and the code points reserved as
/// ignorable), and the braille blank U+2800, which is not ignorable but
/// draws nothing either.
pub fn invisible(c: char) -> bool {
    matches!(
        c,
        // Default_Ignorable_Code_Point, range by range as the file lists it.
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
            // Not ignorable, but blank.
            | '\u{2800}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::parse(b"y0_SECRETVALUE").unwrap();
        let shown = format!("{s:?} {:?}", Some(&s));
        assert!(!shown.contains("SECRETVALUE"), "{shown}");
        assert!(shown.contains("REDACTED"));
    }

    #[test]
    fn trims_and_validates() {
        assert_eq!(Secret::parse(b"  tok\n").unwrap().expose(), "tok");
        assert_eq!(Secret::parse(b" \n\t").unwrap_err(), ValueError::Empty);
        assert_eq!(
            Secret::parse(b"ab cd").unwrap_err(),
            ValueError::InnerWhitespace(3)
        );
        assert_eq!(
            Secret::parse(b"ab\x07cd").unwrap_err(),
            ValueError::ControlCharacter(3)
        );
        assert_eq!(
            Secret::parse(&[0xff, 0xfe]).unwrap_err(),
            ValueError::NotUtf8
        );
        assert!(matches!(
            Secret::parse(&vec![b'a'; MAX_LEN + 1]).unwrap_err(),
            ValueError::TooLong(_)
        ));
    }

    /// Regression (issue 25): a Hangul filler, a variation selector and a
    /// tag character were stored. Each range of the Unicode list, at both
    /// ends, and the characters beside them that are not in it.
    #[test]
    fn refuses_every_default_ignorable_character() {
        for c in [
            '\u{AD}',
            '\u{34F}',
            '\u{61C}',
            '\u{115F}',
            '\u{1160}',
            '\u{17B4}',
            '\u{17B5}',
            '\u{180B}',
            '\u{180F}',
            '\u{200B}',
            '\u{200F}',
            '\u{202A}',
            '\u{202E}',
            '\u{2060}',
            '\u{2065}',
            '\u{206F}',
            '\u{3164}',
            '\u{FE00}',
            '\u{FE0F}',
            '\u{FEFF}',
            '\u{FFA0}',
            '\u{FFF0}',
            '\u{FFF8}',
            '\u{1BCA0}',
            '\u{1BCA3}',
            '\u{1D173}',
            '\u{1D17A}',
            '\u{E0000}',
            '\u{E0041}',
            '\u{E007F}',
            '\u{E0100}',
            '\u{E01EF}',
            '\u{E0FFF}',
            '\u{2800}',
        ] {
            let value = format!("ab{c}cd");
            assert_eq!(
                Secret::parse(value.as_bytes()).unwrap_err(),
                ValueError::Invisible(3, c as u32),
                "U+{:04X}",
                c as u32
            );
        }
        for c in [
            '\u{AC}',
            '\u{1161}',
            '\u{3165}',
            '\u{FE10}',
            '\u{FFA1}',
            '\u{E1000}',
            '\u{2801}',
        ] {
            assert!(!invisible(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn fingerprint_is_short_and_stable() {
        let s = Secret::parse(b"y0_abc").unwrap();
        assert_eq!(s.fingerprint(), s.fingerprint());
        assert_eq!(s.fingerprint().len(), "sha256:".len() + 12);
        assert_ne!(
            s.fingerprint(),
            Secret::parse(b"y0_abd").unwrap().fingerprint()
        );
    }
}
