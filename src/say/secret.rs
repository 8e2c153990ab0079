//! Why input is not a usable secret ([`crate::secret::ValueError`]), in
//! words, with what to do.

use super::{Explain, Said};
use crate::secret::{MAX_LEN, ValueError};

impl Explain for ValueError {
    fn explain(&self) -> Said {
        let code = |c: &u32| format!("U+{c:04X}");
        let check_input = || t!("error-bad-value-hint");
        match self {
            ValueError::Empty => Said::new(t!("secret-value-empty")).hint(check_input()),
            ValueError::NotUtf8 => Said::new(t!("secret-value-not-utf8-text")).hint(check_input()),
            ValueError::TooLong(n) => {
                Said::new(t!("secret-value-too-long", bytes = n, max = MAX_LEN)).hint(check_input())
            }
            ValueError::InnerWhitespace(p) => {
                Said::new(t!("secret-value-has-whitespace", position = p)).hint(check_input())
            }
            ValueError::ControlCharacter(p) => {
                Said::new(t!("secret-value-has-control-character", position = p))
                    .hint(check_input())
            }
            ValueError::Invisible(p, c) => {
                Said::new(t!("secret-invisible", code = code(c), position = p))
                    .hint(t!("error-invisible-character-hint"))
            }
            // A Cyrillic letter is a keyboard layout, not an encoding
            // problem: say which letter (у and y look alike).
            ValueError::NotAscii(p, c) if matches!(c, 0x400..=0x4ff) => Said::new(t!(
                "secret-cyrillic",
                letter = char::from_u32(*c).unwrap_or(char::REPLACEMENT_CHARACTER),
                code = code(c),
                position = p
            ))
            .hint(t!("error-not-ascii-hint")),
            ValueError::NotAscii(p, c) => {
                Said::new(t!("secret-not-ascii", code = code(c), position = p))
                    .hint(t!("error-not-ascii-hint"))
            }
        }
    }
}
