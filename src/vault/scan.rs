//! Streaming lookup of one entry in a vault document, for `get`.
//!
//! The decrypted document is read in small chunks; a structural scanner
//! (strings, escapes, nesting) finds the top-level `format` and `version`
//! and the wanted member of `entries`, whose bytes alone are kept, in a
//! zeroizing buffer, and parsed with serde. So a 10,000-entry vault is never
//! held whole in memory, and the other entries are skipped, not parsed.

use std::io::Read;

use zeroize::Zeroizing;

use super::document::{FORMAT, FormatError, StoredEntry, VERSION};

/// Size of the chunks read from the decrypting stream.
pub const CHUNK: usize = 64 * 1024;
/// Longest key or top-level scalar kept while scanning.
const SMALL: usize = 256;

/// A zeroizing byte buffer that grows by copying into a larger zeroizing
/// buffer, so no outgrown copy is ever freed unzeroed.
struct SecretBuf(Zeroizing<Vec<u8>>);

impl SecretBuf {
    fn new() -> Self {
        SecretBuf(Zeroizing::new(Vec::with_capacity(4096)))
    }

    fn push(&mut self, b: u8) {
        if self.0.len() == self.0.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity(self.0.capacity() * 2));
            bigger.extend_from_slice(&self.0);
            self.0 = bigger; // the old buffer is zeroized as it drops
        }
        self.0.push(b);
    }
}

/// A streaming lookup failure.
#[derive(Debug)]
pub enum ScanError {
    /// Reading (decrypting) failed.
    Io(std::io::Error),
    /// The document is not a vault document.
    Format(FormatError),
}

struct Scanner<'n> {
    name: &'n [u8],
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// The current string is a possible key: its bytes go to `key`.
    collecting_key: bool,
    key: Vec<u8>,
    key_overflow: bool,
    /// A possible key just ended: a ':' now makes it one.
    key_candidate: bool,
    top_key: Vec<u8>,
    /// The raw value of `format` or `version` being read.
    scalar: Option<Vec<u8>>,
    format_ok: bool,
    version: Option<u64>,
    capture: Option<SecretBuf>,
    result: Option<SecretBuf>,
    offset: usize,
}

impl<'n> Scanner<'n> {
    fn new(name: &'n str) -> Self {
        Scanner {
            name: name.as_bytes(),
            depth: 0,
            in_string: false,
            escaped: false,
            collecting_key: false,
            key: Vec::with_capacity(SMALL),
            key_overflow: false,
            key_candidate: false,
            top_key: Vec::new(),
            scalar: None,
            format_ok: false,
            version: None,
            capture: None,
            result: None,
            offset: 0,
        }
    }

    fn malformed(&self) -> FormatError {
        // Our documents are one line: the column is the byte offset.
        FormatError::Malformed {
            line: 1,
            column: self.offset,
        }
    }

    fn in_entries(&self) -> bool {
        self.depth == 2 && self.top_key == b"entries"
    }

    /// Ends the `format` / `version` value (its terminator was pushed too).
    fn finish_scalar(&mut self) -> Result<(), FormatError> {
        let Some(mut raw) = self.scalar.take() else {
            return Ok(());
        };
        raw.pop();
        let raw = raw.trim_ascii();
        if self.top_key == b"format" {
            let f: String = serde_json::from_slice(raw).map_err(|_| FormatError::NotAVault)?;
            if f != FORMAT {
                return Err(FormatError::NotAVault);
            }
            self.format_ok = true;
        } else {
            let v: u64 = serde_json::from_slice(raw).map_err(|_| FormatError::NotAVault)?;
            if v > u64::from(VERSION) {
                return Err(FormatError::TooNew(u32::try_from(v).unwrap_or(u32::MAX)));
            }
            self.version = Some(v);
        }
        Ok(())
    }

    /// Ends the captured entry value; `drop_last` removes a terminator
    /// (`,` or `}`) that belongs to the enclosing map.
    fn finish_capture(&mut self, drop_last: bool) {
        if let Some(mut buf) = self.capture.take() {
            if drop_last {
                buf.0.pop();
            }
            self.result = Some(buf);
        }
    }

    fn on_colon(&mut self) -> Result<(), FormatError> {
        if self.depth == 1 {
            self.top_key.clear();
            self.top_key.extend_from_slice(&self.key);
            match self.top_key.as_slice() {
                // Entries come after format and version in what we write;
                // insist, so a newer layout is never misread.
                b"entries" if !self.format_ok || self.version.is_none() => {
                    return Err(FormatError::NotAVault);
                }
                b"format" | b"version" => self.scalar = Some(Vec::with_capacity(32)),
                _ => {}
            }
        } else if self.in_entries()
            && self.result.is_none()
            && !self.key_overflow
            && self.key == self.name
        {
            // Names never need escaping, so the raw key is the name.
            self.capture = Some(SecretBuf::new());
        }
        Ok(())
    }

    fn feed(&mut self, chunk: &[u8]) -> Result<(), FormatError> {
        let mut i = 0;
        while i < chunk.len() {
            // Inside a string nobody needs: jump to the next quote or backslash.
            if self.in_string
                && !self.escaped
                && !self.collecting_key
                && self.capture.is_none()
                && self.scalar.is_none()
            {
                match memchr::memchr2(b'"', b'\\', &chunk[i..]) {
                    Some(j) => i += j,
                    None => {
                        self.offset += chunk.len() - i;
                        return Ok(());
                    }
                }
            }
            let b = chunk[i];
            i += 1;
            self.offset += 1;
            if let Some(c) = &mut self.capture {
                c.push(b);
            }
            if let Some(s) = self.scalar.as_mut().filter(|s| s.len() < SMALL) {
                s.push(b);
            }
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                    self.key_candidate = self.collecting_key;
                    self.collecting_key = false;
                    continue;
                }
                if self.collecting_key {
                    if self.key.len() < SMALL {
                        self.key.push(b);
                    } else {
                        self.key_overflow = true;
                    }
                }
                continue;
            }
            match b {
                b' ' | b'\n' | b'\r' | b'\t' => continue,
                b'"' => {
                    self.in_string = true;
                    self.collecting_key =
                        (self.depth == 1 || self.in_entries()) && self.capture.is_none();
                    if self.collecting_key {
                        self.key.clear();
                        self.key_overflow = false;
                    }
                }
                b':' if self.key_candidate => self.on_colon()?,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => {
                    if self.depth == 0 {
                        return Err(self.malformed());
                    }
                    self.depth -= 1;
                    if self.capture.is_some() {
                        if self.depth == 2 {
                            self.finish_capture(false); // the value's own closing brace
                        } else if self.depth == 1 {
                            self.finish_capture(true); // a scalar value ended by the map's brace
                        }
                    }
                    if self.depth == 0 {
                        self.finish_scalar()?;
                    }
                }
                b',' => {
                    if self.depth == 1 {
                        self.finish_scalar()?;
                    } else if self.depth == 2 && self.capture.is_some() {
                        self.finish_capture(true);
                    }
                }
                _ => {}
            }
            self.key_candidate = false;
        }
        Ok(())
    }
}

/// Reads a decrypted document from `reader` and returns the entry `name`.
pub fn find_entry_stream<R: Read>(reader: R, name: &str) -> Result<Option<StoredEntry>, ScanError> {
    find_entry_sized(reader, name, CHUNK)
}

/// As [`find_entry_stream`], for a document of at most `bound` bytes (a
/// small vault needs no large buffer to zero).
pub fn find_entry_sized<R: Read>(
    mut reader: R,
    name: &str,
    bound: usize,
) -> Result<Option<StoredEntry>, ScanError> {
    let mut chunk = Zeroizing::new(vec![0u8; bound.clamp(512, CHUNK)]);
    let mut scanner = Scanner::new(name);
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ScanError::Io(e)),
        };
        scanner.feed(&chunk[..n]).map_err(ScanError::Format)?;
    }
    if scanner.depth != 0 || scanner.in_string || scanner.capture.is_some() {
        return Err(ScanError::Format(scanner.malformed()));
    }
    if !scanner.format_ok || scanner.version.is_none() {
        return Err(ScanError::Format(FormatError::NotAVault));
    }
    match scanner.result.take() {
        None => Ok(None),
        Some(bytes) => serde_json::from_slice::<StoredEntry>(&bytes.0)
            .map(Some)
            .map_err(|e| {
                ScanError::Format(FormatError::Malformed {
                    line: e.line(),
                    column: e.column(),
                })
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::document::Document;

    /// Feeds `bytes` in chunks of `size` bytes.
    struct Chunked<'a> {
        bytes: &'a [u8],
        size: usize,
    }

    impl Read for Chunked<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.size.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn find(bytes: &[u8], name: &str, size: usize) -> Result<Option<String>, String> {
        find_entry_stream(Chunked { bytes, size }, name)
            .map(|e| e.map(|e| e.value.to_string()))
            .map_err(|e| format!("{e:?}"))
    }

    const DOC: &str = r#"{"format":"chopvault-vault","version":1,"recipients":["age1x"],"entries":{"a":{"value":"y0_a","meta":{"kind":"generic","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","fingerprint":"f","note":"tricky \" } { \\ ] ["}},"b/c":{"value":"y0_bc","meta":{"kind":"generic","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","fingerprint":"f","history":[{"at":"2026-01-01T00:00:00Z","event":"set"}]}}}}"#;

    #[test]
    fn finds_entries_across_every_chunk_boundary() {
        for size in 1..40 {
            assert_eq!(
                find(DOC.as_bytes(), "a", size).unwrap().as_deref(),
                Some("y0_a")
            );
            assert_eq!(
                find(DOC.as_bytes(), "b/c", size).unwrap().as_deref(),
                Some("y0_bc")
            );
            assert_eq!(find(DOC.as_bytes(), "zz", size).unwrap(), None);
        }
        let doc = Document::parse(DOC.as_bytes()).unwrap();
        let pretty = serde_json::to_string_pretty(&doc).unwrap();
        assert_eq!(
            find(pretty.as_bytes(), "b/c", 7).unwrap().as_deref(),
            Some("y0_bc")
        );
    }

    #[test]
    fn agrees_with_the_full_parser_on_bad_documents() {
        for bad in [
            "",
            "{",
            r#"{"format":"chopvault-vault","version":1,"entries":{"a":{"value":"y0_a"}"#,
            r#"{"format":"other","version":1,"entries":{}}"#,
            r#"{"format":"chopvault-vault","version":7,"entries":{}}"#,
            r#"{"entries":{},"format":"chopvault-vault","version":1}"#,
            r#"{"format":"chopvault-vault","version":1,"entries":{"a":{"value":"y0_a","meta":7}}}"#,
            r#"{"format":"chopvault-vault","version":1,"entries":{"a":"y0_a"}}"#,
            r#"}{"#,
        ] {
            assert!(find(bad.as_bytes(), "a", 5).is_err(), "{bad}");
            // The full parser refuses it too, or finds no usable "a" in it.
            let full = Document::parse(bad.as_bytes());
            assert!(full.map_or(true, |d| !d.entries.contains_key("a")), "{bad}");
        }
        assert!(matches!(
            find_entry_stream(
                &br#"{"format":"chopvault-vault","version":7,"entries":{}}"#[..],
                "a"
            ),
            Err(ScanError::Format(FormatError::TooNew(7)))
        ));
    }
}
