//! Why input is not a usable secret ([`crate::secret::ValueError`]), in
//! words, with what to do.

use super::{Explain, Said};
use crate::secret::{MAX_LEN, ValueError};

impl Explain for ValueError {
    fn explain(&self) -> Said {
        let code = |c: &u32| format!("U+{c:04X}");
        let check_input = || t!("error-check-input-holds-just");
        match self {
            ValueError::Empty => Said::new(t!("secret-value-empty")).hint(check_input()),
            ValueError::NotUtf8 => Said::new(t!("secret-value-not-utf-8")).hint(check_input()),
            ValueError::TooLong(n) => {
                Said::new(t!("secret-value-bytes-long-most", n = n, MAX_LEN = MAX_LEN))
                    .hint(check_input())
            }
            ValueError::InnerWhitespace(p) => {
                Said::new(t!("secret-value-has-whitespace-inside", p = p)).hint(check_input())
            }
            ValueError::ControlCharacter(p) => {
                Said::new(t!("secret-value-has-control-character", p = p)).hint(check_input())
            }
            ValueError::Invisible(p, c) => Said::new(t!("secret-invisible", code = code(c), p = p))
                .hint(t!("error-copy-token-again-type")),
            // A Cyrillic letter is a keyboard layout, not an encoding
            // problem: say which letter (у and y look alike).
            ValueError::NotAscii(p, c) if matches!(c, 0x400..=0x4ff) => Said::new(t!(
                "secret-cyrillic",
                letter = char::from_u32(*c).unwrap_or(char::REPLACEMENT_CHARACTER),
                code = code(c),
                p = p
            ))
            .hint(t!("error-copy-token-again-yandex")),
            ValueError::NotAscii(p, c) => Said::new(t!("secret-not-ascii", code = code(c), p = p))
                .hint(t!("error-copy-token-again-yandex")),
        }
    }
}
