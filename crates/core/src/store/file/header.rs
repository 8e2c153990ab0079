//! The age v1 header read as the specification's grammar says (C2SP age,
//! "ABNF definition of file header" and "scrypt recipient stanza"), before
//! the age library sees it.
//!
//! The age crate (0.12.1) reads some headers the specification and the age
//! reference implementation refuse: a scrypt work factor spelled `10a`,
//! `10.0` or `1e1`, a stanza with no body line, a stanza whose body has no
//! short final line (C2SP CCTV `stanza_missing_body`,
//! `stanza_missing_final_line`); see `docs/upstream/age-rust-leniencies.md`.
//! A header one reader takes and another refuses is a file two tools read
//! two ways, so chopvault reads exactly the grammar:
//!
//! ```text
//! header     = "age-encryption.org/v1" LF 1*stanza "--- " 43base64char LF
//! stanza     = "-> " argument *(SP argument) LF *full-line final-line
//! argument   = 1*VCHAR
//! full-line  = 64base64char LF
//! final-line = *63base64char LF        (canonical unpadded base64)
//! ```
//!
//! and the scrypt stanza's rules: `-> scrypt SALT LOG_N`, alone in the
//! header, the salt 16 bytes, the work factor `^[1-9][0-9]*$`, the body 32
//! bytes. What each stanza means beyond that (X25519 shares, the work
//! factor's ceiling) stays the age library's to check.
//!
//! [`check`] reads the header off the stream the decryptor is about to read
//! (a few hundred bytes; the payload is never touched) and hands back the
//! same bytes in front of the rest, so the file is read once.

use std::io::{self, BufRead, Chain, Cursor, Read};

const VERSION_LINE: &[u8] = b"age-encryption.org/v1\n";
/// Columns of every stanza body line but the last.
const COLUMNS: usize = 64;
/// The longest header read: some 20,000 X25519 recipients. A longer one is
/// refused rather than held in memory.
pub const MAX_LEN: usize = 4 << 20;

/// What is wrong with a header, in the specification's terms (worded by
/// the command line, `say::file`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flaw {
    /// The first line is not `age-encryption.org/v1`.
    Version,
    /// The header names no recipient.
    NoStanza,
    /// A line where a stanza should start is not `-> ARG…` with arguments
    /// of visible ASCII characters separated by single spaces.
    StanzaLine,
    /// A stanza body is not canonical unpadded base64 in lines of 64
    /// columns ending with a shorter (possibly empty) line.
    Body,
    /// The last line is not `--- ` and a 32-byte MAC in canonical base64.
    Mac,
    /// The header is longer than [`MAX_LEN`].
    TooLong,
    /// A scrypt (passphrase) stanza is not the only stanza.
    ScryptNotAlone,
    /// A scrypt stanza without exactly a salt and a work factor.
    ScryptArguments,
    /// A scrypt salt that is not 16 bytes in canonical base64.
    ScryptSalt,
    /// A scrypt work factor not written as a decimal number without a
    /// sign or leading zeros (the argument, already known to be VCHARs).
    ScryptWorkFactor(String),
    /// A scrypt stanza whose body is not a 32-byte wrapped file key.
    ScryptBody,
}

/// Why a header could not be checked.
#[derive(Debug)]
pub enum HeaderError {
    /// Reading failed (the armor around it is damaged, or the file ends
    /// inside the header: `UnexpectedEof`).
    Io(io::Error),
    /// The header breaks the specification.
    Flaw(Flaw),
}

impl From<io::Error> for HeaderError {
    fn from(e: io::Error) -> Self {
        HeaderError::Io(e)
    }
}

impl From<Flaw> for HeaderError {
    fn from(f: Flaw) -> Self {
        HeaderError::Flaw(f)
    }
}

/// What a checked header says, for callers that need no more of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// How many recipient stanzas it has.
    pub stanzas: usize,
    /// A passphrase file's scrypt work factor (log2 N), when it fits a
    /// byte (a larger one is the age library's to refuse).
    pub scrypt_work_factor: Option<u8>,
}

/// The stream after a checked header: the header's bytes, then the rest.
pub type Checked<R> = Chain<Cursor<Vec<u8>>, R>;

/// Reads and checks the header at the start of `input` (the binary age
/// file, armor already removed), and returns the whole stream unchanged.
pub fn check<R: BufRead>(mut input: R) -> Result<(Checked<R>, Summary), HeaderError> {
    let mut header = Vec::with_capacity(512);
    let summary = read(&mut input, &mut header)?;
    Ok((Cursor::new(header).chain(input), summary))
}

/// Reads one line, LF included, onto `header`; returns where it starts.
fn line<R: BufRead>(input: &mut R, header: &mut Vec<u8>) -> Result<usize, HeaderError> {
    let start = header.len();
    let room = (MAX_LEN - start) as u64;
    let n = input.by_ref().take(room).read_until(b'\n', header)?;
    if n > 0 && header.last() == Some(&b'\n') {
        return Ok(start);
    }
    Err(if header.len() >= MAX_LEN {
        Flaw::TooLong.into()
    } else {
        io::Error::from(io::ErrorKind::UnexpectedEof).into()
    })
}

fn read<R: BufRead>(input: &mut R, header: &mut Vec<u8>) -> Result<Summary, HeaderError> {
    let at = line(input, header)?;
    if header[at..] != *VERSION_LINE {
        return Err(Flaw::Version.into());
    }
    let mut stanzas = 0;
    let mut scrypt: Option<Option<u8>> = None;
    loop {
        let at = line(input, header)?;
        let text = &header[at..header.len() - 1];
        if text.starts_with(b"---") {
            mac_line(text)?;
            break;
        }
        let args = stanza_line(text)?;
        let is_scrypt = args[0] == b"scrypt";
        let scrypt_args = is_scrypt.then(|| scrypt_args(&args)).transpose()?;
        let body = body(input, header)?;
        stanzas += 1;
        if let Some(work_factor) = scrypt_args {
            if body != 32 {
                return Err(Flaw::ScryptBody.into());
            }
            scrypt = Some(work_factor);
        }
        if scrypt.is_some() && stanzas > 1 {
            return Err(Flaw::ScryptNotAlone.into());
        }
    }
    if stanzas == 0 {
        return Err(Flaw::NoStanza.into());
    }
    Ok(Summary {
        stanzas,
        scrypt_work_factor: scrypt.flatten(),
    })
}

/// The arguments of `-> ARG…` (the LF already off): one or more, each of
/// VCHARs (0x21–0x7E), separated by single spaces.
fn stanza_line(text: &[u8]) -> Result<Vec<&[u8]>, Flaw> {
    let rest = text.strip_prefix(b"-> ").ok_or(Flaw::StanzaLine)?;
    let args: Vec<&[u8]> = rest.split(|&b| b == b' ').collect();
    if args
        .iter()
        .all(|a| !a.is_empty() && a.iter().all(|b| (0x21..=0x7E).contains(b)))
    {
        Ok(args)
    } else {
        Err(Flaw::StanzaLine)
    }
}

/// `scrypt SALT LOG_N`: checks the salt and the work factor's spelling,
/// and returns the work factor when it fits a byte.
fn scrypt_args(args: &[&[u8]]) -> Result<Option<u8>, Flaw> {
    let [_, salt, log_n] = args else {
        return Err(Flaw::ScryptArguments);
    };
    if decoded_len(salt) != Some(16) {
        return Err(Flaw::ScryptSalt);
    }
    let decimal =
        matches!(log_n.first(), Some(b'1'..=b'9')) && log_n.iter().all(u8::is_ascii_digit);
    if !decimal {
        return Err(Flaw::ScryptWorkFactor(
            String::from_utf8_lossy(&log_n[..log_n.len().min(20)]).into_owned(),
        ));
    }
    Ok(std::str::from_utf8(log_n).ok().and_then(|n| n.parse().ok()))
}

/// Reads a stanza's body lines up to its short final line; returns the
/// body's length in bytes.
fn body<R: BufRead>(input: &mut R, header: &mut Vec<u8>) -> Result<usize, HeaderError> {
    let mut len = 0;
    loop {
        let at = line(input, header)?;
        let text = &header[at..header.len() - 1];
        let n = decoded_len(text).ok_or(Flaw::Body)?;
        len += n;
        match text.len() {
            COLUMNS => continue,
            c if c < COLUMNS => return Ok(len),
            _ => return Err(Flaw::Body.into()),
        }
    }
}

/// `--- MAC`: 32 bytes in canonical unpadded base64 (43 characters).
fn mac_line(text: &[u8]) -> Result<(), Flaw> {
    match text.strip_prefix(b"--- ") {
        Some(mac) if mac.len() == 43 && decoded_len(mac) == Some(32) => Ok(()),
        _ => Err(Flaw::Mac),
    }
}

/// The length `text` decodes to when it is canonical unpadded base64
/// (RFC 4648 3.5: a partial last quantum has its unused bits zero).
fn decoded_len(text: &[u8]) -> Option<usize> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut last = 0;
    for &c in text {
        last = value(c)?;
    }
    let unused = match text.len() % 4 {
        0 => 0,
        2 => 0x0F,
        3 => 0x03,
        _ => return None,
    };
    (last & unused == 0).then_some(text.len() * 3 / 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SALT: &str = "rF0/NwblUHHTpgQgRpe5CQ";
    const BODY: &str = "gUjEymFKMVXQEKdMMHL24oYexjE3TIC0O0zGSqJ2aUY";
    const MAC: &str = "Zhfvm6wXgjB06Uuu4GdFFKOAkvLkoS964+CClpeHSUM";

    fn scrypt_header(log_n: &str) -> String {
        format!("age-encryption.org/v1\n-> scrypt {SALT} {log_n}\n{BODY}\n--- {MAC}\npayload")
    }

    fn checked(text: &str) -> Result<(Vec<u8>, Summary), HeaderError> {
        let (mut reader, summary) = check(text.as_bytes())?;
        let mut all = Vec::new();
        reader.read_to_end(&mut all).unwrap();
        Ok((all, summary))
    }

    fn flaw(text: &str) -> Flaw {
        match checked(text) {
            Err(HeaderError::Flaw(f)) => f,
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    #[test]
    fn a_good_header_passes_with_every_byte_kept() {
        let text = scrypt_header("18");
        let (all, summary) = checked(&text).unwrap();
        assert_eq!(all, text.as_bytes());
        assert_eq!(
            summary,
            Summary {
                stanzas: 1,
                scrypt_work_factor: Some(18)
            }
        );
    }

    /// Issue 25: the age crate reads these work factors; the spec and age
    /// refuse them.
    #[test]
    fn work_factor_spellings_the_spec_refuses() {
        for log_n in ["10a", "10.0", "1e1", "010", "+10", "-10", "0", "0xa", "a10"] {
            assert_eq!(
                flaw(&scrypt_header(log_n)),
                Flaw::ScryptWorkFactor(log_n.into()),
                "{log_n}"
            );
        }
        // Well spelled but too large: the age library refuses it, by value.
        let (_, s) = checked(&scrypt_header("99999999999999999999")).unwrap();
        assert_eq!(s.scrypt_work_factor, None);
    }

    #[test]
    fn grammar_flaws() {
        let x = "-> X25519 abc";
        let cases = [
            ("age-encryption.org/v2\n", Flaw::Version),
            (
                &format!("age-encryption.org/v1\n--- {MAC}\n"),
                Flaw::NoStanza,
            ),
            (
                &format!("age-encryption.org/v1\n{x}\n--- {MAC}\n"),
                Flaw::Body,
            ),
            (
                &format!(
                    "age-encryption.org/v1\n{x}\n{}\n--- {MAC}\n",
                    "A".repeat(64)
                ),
                Flaw::Body,
            ),
            (
                &format!("age-encryption.org/v1\n{x}\nAB=\n--- {MAC}\n"),
                Flaw::Body,
            ),
            (
                &format!("age-encryption.org/v1\n{x}\nAB\n--- {MAC}\n"),
                Flaw::Body,
            ),
            (
                &format!(
                    "age-encryption.org/v1\n{x}\n{}\n--- {MAC}\n",
                    "A".repeat(65)
                ),
                Flaw::Body,
            ),
            (
                &format!("age-encryption.org/v1\n->  X25519\n\n--- {MAC}\n"),
                Flaw::StanzaLine,
            ),
            (
                &format!("age-encryption.org/v1\n->\n\n--- {MAC}\n"),
                Flaw::StanzaLine,
            ),
            (
                &format!("age-encryption.org/v1\n-> a\tb\n\n--- {MAC}\n"),
                Flaw::StanzaLine,
            ),
            (
                &format!("age-encryption.org/v1\n-> a\r\n\n--- {MAC}\n"),
                Flaw::StanzaLine,
            ),
            (
                &format!("age-encryption.org/v1\n> a\n\n--- {MAC}\n"),
                Flaw::StanzaLine,
            ),
            ("age-encryption.org/v1\n-> a\n\n---\n", Flaw::Mac),
            (
                &format!("age-encryption.org/v1\n-> a\n\n---  {MAC}\n"),
                Flaw::Mac,
            ),
            (
                &format!("age-encryption.org/v1\n-> a\n\n--- {MAC} \n"),
                Flaw::Mac,
            ),
            (
                &format!("age-encryption.org/v1\n-> a\n\n--- {}\n", &MAC[..42]),
                Flaw::Mac,
            ),
            (
                &format!("age-encryption.org/v1\n-> a\n\n--- {}T\n", &MAC[..42]),
                Flaw::Mac,
            ),
            (
                &format!("age-encryption.org/v1\n-> scrypt {SALT} 10\n{BODY}\n-> a\n\n--- {MAC}\n"),
                Flaw::ScryptNotAlone,
            ),
            (
                &format!("age-encryption.org/v1\n-> a\n\n-> scrypt {SALT} 10\n{BODY}\n--- {MAC}\n"),
                Flaw::ScryptNotAlone,
            ),
            (
                &format!("age-encryption.org/v1\n-> scrypt {SALT}\n{BODY}\n--- {MAC}\n"),
                Flaw::ScryptArguments,
            ),
            (
                &format!("age-encryption.org/v1\n-> scrypt {SALT}AA 10\n{BODY}\n--- {MAC}\n"),
                Flaw::ScryptSalt,
            ),
            (
                &format!("age-encryption.org/v1\n-> scrypt {SALT} 10\n{BODY}AAAA\n--- {MAC}\n"),
                Flaw::ScryptBody,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(flaw(text), want, "{text:?}");
        }
        // Empty body, empty final line after a full one, grease: all fine.
        for ok in [
            format!("age-encryption.org/v1\n-> a\n\n--- {MAC}\n"),
            format!(
                "age-encryption.org/v1\n-> a b\n{}\n\n--- {MAC}\n",
                "A".repeat(64)
            ),
            format!("age-encryption.org/v1\n-> !~ \"#\n\n-> c\nAA\n--- {MAC}\n"),
        ] {
            assert!(checked(&ok).is_ok(), "{ok:?}");
        }
    }

    #[test]
    fn cut_short_or_overlong_is_an_error_never_a_panic() {
        let text = scrypt_header("10");
        for cut in 0..text.len() - "payload".len() {
            assert!(
                matches!(checked(&text[..cut]), Err(HeaderError::Io(e)) if e.kind() == io::ErrorKind::UnexpectedEof),
                "cut at {cut}"
            );
        }
        let long = format!("age-encryption.org/v1\n-> {}\n", "a".repeat(MAX_LEN));
        assert_eq!(flaw(&long), Flaw::TooLong);
        // Stanzas up to exactly the limit, then one more line.
        let stanzas = (MAX_LEN - VERSION_LINE.len()) / "-> a\n\n".len();
        let mut exact = format!("age-encryption.org/v1\n{}", "-> a\n\n".repeat(stanzas));
        assert_eq!(exact.len(), MAX_LEN);
        exact.push_str(&format!("--- {MAC}\n"));
        assert_eq!(flaw(&exact), Flaw::TooLong);
    }

    /// Mutated headers: an error, never a panic; what passes keeps its
    /// bytes and is a header the age crate parses too (the check only ever
    /// narrows what age reads).
    #[test]
    fn mutations_never_panic_and_only_narrow_what_age_reads() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let x25519 = format!(
            "age-encryption.org/v1\n-> X25519 {BODY}\n{BODY}\n-> a-grease !\"#\n{}\n\n--- {MAC}\n",
            "A".repeat(64)
        );
        let alphabet = b"Aa0+/=-> \n\r\t\x00\x7f1e.";
        let (mut passed, mut narrowed) = (0, 0);
        for good in [scrypt_header("18"), x25519] {
            let good = good.replace("payload", &"p".repeat(40));
            for _ in 0..3000 {
                let mut t = good.clone().into_bytes();
                for _ in 0..1 + next() % 2 {
                    let at = (next() as usize) % t.len();
                    let c = alphabet[(next() as usize) % alphabet.len()];
                    match next() % 3 {
                        0 => t[at] = c,
                        1 => t.insert(at, c),
                        _ => {
                            t.remove(at);
                        }
                    }
                }
                let ours = check(&t[..]).map(|(mut r, _)| {
                    let mut all = Vec::new();
                    r.read_to_end(&mut all).unwrap();
                    all
                });
                let theirs = age::Decryptor::new_buffered(&t[..]);
                match ours {
                    Ok(all) => {
                        assert_eq!(all, t);
                        assert!(
                            !matches!(
                                theirs,
                                Err(age::DecryptError::InvalidHeader
                                    | age::DecryptError::UnknownFormat)
                            ),
                            "passed a header age refuses: {:?}",
                            String::from_utf8_lossy(&t)
                        );
                        passed += 1;
                    }
                    Err(_) if theirs.is_ok() => narrowed += 1,
                    Err(_) => {}
                }
            }
        }
        // Not vacuous: some mutants pass, and some age reads are refused.
        assert!(
            passed > 50 && narrowed > 0,
            "{passed} passed, {narrowed} narrowed"
        );
    }
}
