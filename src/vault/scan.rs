//! The strict reader of vault documents, streaming or whole.
//!
//! `get` reads the decrypted document in small chunks: a validating JSON
//! state machine (RFC 8259, no extensions) walks every byte, and only the
//! wanted entry's bytes are kept, in a zeroizing buffer, and parsed with
//! serde. So a 10,000-entry vault is never held whole in memory.
//!
//! The same machine runs in front of [`Document::parse`](super::document::Document::parse),
//! so the streaming lookup and the full parser see one grammar and agree on
//! every input or both refuse it. What serde alone would let through and the
//! two paths could then read differently is refused here:
//! - a name twice in one object, compared after unescaping (`"\u0061"` is
//!   `"a"`, `"b\/c"` is `"b/c"`): serde keeps the last, a scan the first;
//! - anything after the document (a second document, garbage);
//! - invalid JSON anywhere, also inside entries nobody asked for: bad
//!   escapes, lone surrogates, control characters, invalid UTF-8, bad numbers;
//! - `entries` before `format`/`version`, an `entries` that is not an object,
//!   an entry that is not an object, an entry name chopvault never writes.
//!
//! Every entry is also checked against the entry schema (the same serde
//! type the full parser uses), so an entry the full parser would refuse is
//! refused by `get` too, whichever entry was asked for.

use std::collections::HashSet;
use std::io::Read;

use zeroize::Zeroizing;

use super::document::{FORMAT, FormatError, StoredEntry, VERSION};
use super::entry::check_name;

/// Size of the chunks read from the decrypting stream.
pub const CHUNK: usize = 64 * 1024;
/// Longest top-level scalar (`format`, `version`) kept while scanning.
const SMALL: usize = 256;
/// Longest object key, unescaped. Ours are at most 128 bytes.
const MAX_KEY: usize = 4096;
/// Deepest nesting. Ours is 5 (document, entries, entry, meta, history).
const MAX_DEPTH: usize = 64;
/// Objects with more keys than this check duplicates with a hash set.
const LINEAR_KEYS: usize = 16;

/// A zeroizing byte buffer that grows by copying into a larger zeroizing
/// buffer, so no outgrown copy is ever freed unzeroed.
struct SecretBuf(Zeroizing<Vec<u8>>);

impl SecretBuf {
    fn new() -> Self {
        SecretBuf(Zeroizing::new(Vec::with_capacity(1024)))
    }

    fn extend(&mut self, bytes: &[u8]) {
        let need = self.0.len() + bytes.len();
        if need > self.0.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity(need.max(self.0.capacity() * 2)));
            bigger.extend_from_slice(&self.0);
            self.0 = bigger; // the old buffer is zeroized as it drops
        }
        self.0.extend_from_slice(bytes);
    }

    /// Zeroes and empties the buffer, keeping its capacity for reuse.
    fn clear(&mut self) {
        use zeroize::Zeroize;
        self.0.zeroize();
    }
}

/// A streaming lookup failure.
#[derive(Debug)]
pub enum ScanError {
    /// Reading (decrypting) failed.
    Io(std::io::Error),
    /// The document is not a valid vault document.
    Format(FormatError),
}

/// What a container is, for the checks that go beyond JSON.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    /// The document object.
    Top,
    /// The `entries` object.
    Entries,
    /// One entry's object.
    Entry,
    /// Anything else.
    Other,
}

/// The keys of one open object, to refuse duplicates.
#[derive(Default)]
struct KeySet {
    arena: Vec<u8>,
    spans: Vec<(usize, usize)>,
    big: Option<HashSet<Box<[u8]>>>,
}

impl KeySet {
    /// Adds `key`; false if it was there already.
    fn insert(&mut self, key: &[u8]) -> bool {
        if let Some(big) = &mut self.big {
            return big.insert(key.into());
        }
        if self.spans.iter().any(|&(a, b)| &self.arena[a..b] == key) {
            return false;
        }
        if self.spans.len() == LINEAR_KEYS {
            let mut big: HashSet<Box<[u8]>> = HashSet::with_capacity(64);
            for &(a, b) in &self.spans {
                big.insert(self.arena[a..b].into());
            }
            big.insert(key.into());
            self.big = Some(big);
            return true;
        }
        let start = self.arena.len();
        self.arena.extend_from_slice(key);
        self.spans.push((start, self.arena.len()));
        true
    }

    fn clear(&mut self) {
        self.arena.clear();
        self.spans.clear();
        self.big = None;
    }
}

struct Frame {
    object: bool,
    role: Role,
    keys: KeySet,
}

/// What the machine expects next.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    /// A value (after `:` or `,` in an array, or at the start).
    Value,
    /// A value or `]` (after `[`).
    ValueOrClose,
    /// A key or `}` (after `{`).
    KeyOrClose,
    /// A key (after `,` in an object).
    Key,
    /// `:` after a key.
    Colon,
    /// `,` or the container's close.
    CommaOrClose,
    /// Only whitespace: the document has ended.
    End,
    /// Inside a string.
    Str,
    /// Just after a backslash in a string.
    Escape,
    /// Inside `\uXXXX`: this many hex digits still to come.
    Hex(u8),
    /// Inside a number.
    Num(Num),
    /// Inside `true`, `false` or `null`: the bytes still to come.
    Lit(&'static [u8]),
}

/// Where a number is in the JSON grammar.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Num {
    Minus,
    Zero,
    Int,
    Dot,
    Frac,
    Exp,
    ExpSign,
    ExpDigits,
}

impl Num {
    fn may_end(self) -> bool {
        matches!(self, Num::Zero | Num::Int | Num::Frac | Num::ExpDigits)
    }
}

/// What becomes of the value now being read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Nothing: it is only validated.
    Nothing,
    /// The top-level `format` or `version` scalar.
    Scalar,
    /// An entry: checked against the schema, kept if it is the wanted one.
    Entry { wanted: bool },
}

struct Scanner<'n> {
    want: Option<&'n [u8]>,
    stack: Vec<Frame>,
    spare: Vec<KeySet>,
    state: State,
    /// The string being read is a key (its unescaped bytes go to `key`).
    string_is_key: bool,
    key: Vec<u8>,
    /// The last key of the innermost object, for the value that follows.
    member: Vec<u8>,
    hex: u32,
    /// A high surrogate waiting for its low half.
    high: Option<u32>,
    /// The low half of a surrogate pair must come next (`\u` expected).
    need_low: u8,
    /// Bytes of a UTF-8 sequence cut by a chunk boundary.
    carry: [u8; 4],
    carry_len: usize,
    // What is kept.
    keep: Keep,
    /// Stack depth at which the kept value started.
    keep_depth: usize,
    /// Start of the kept bytes in the current chunk.
    keep_from: Option<usize>,
    scalar: Vec<u8>,
    entry: SecretBuf,
    format_ok: bool,
    version: Option<u64>,
    result: Option<StoredEntry>,
    // Position, for errors.
    offset: usize,
    line: usize,
    line_start: usize,
}

impl<'n> Scanner<'n> {
    fn new(want: Option<&'n str>) -> Self {
        Scanner {
            want: want.map(str::as_bytes),
            stack: Vec::with_capacity(8),
            spare: Vec::new(),
            state: State::Value,
            string_is_key: false,
            key: Vec::with_capacity(SMALL),
            member: Vec::with_capacity(SMALL),
            hex: 0,
            high: None,
            need_low: 0,
            carry: [0; 4],
            carry_len: 0,
            keep: Keep::Nothing,
            keep_depth: 0,
            keep_from: None,
            scalar: Vec::new(),
            entry: SecretBuf::new(),
            format_ok: false,
            version: None,
            result: None,
            offset: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// The position of the byte at `i` of the current chunk.
    fn at(&self, i: usize) -> (usize, usize) {
        let abs = self.offset + i;
        (self.line, abs.saturating_sub(self.line_start) + 1)
    }

    fn malformed(&self, i: usize) -> FormatError {
        let (line, column) = self.at(i);
        FormatError::Malformed { line, column }
    }

    /// Checks that the chunk continues valid UTF-8 (every JSON text is).
    fn check_utf8(&mut self, chunk: &[u8]) -> Result<(), FormatError> {
        let mut rest = chunk;
        if self.carry_len > 0 {
            // Complete the sequence cut at the last chunk's end.
            let need = match self.carry[0] {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            while self.carry_len < need && !rest.is_empty() {
                self.carry[self.carry_len] = rest[0];
                self.carry_len += 1;
                rest = &rest[1..];
            }
            if self.carry_len < need {
                return Ok(());
            }
            if std::str::from_utf8(&self.carry[..need]).is_err() {
                return Err(self.malformed(0));
            }
            self.carry_len = 0;
        }
        if let Err(e) = std::str::from_utf8(rest) {
            let tail = &rest[e.valid_up_to()..];
            if e.error_len().is_some() || tail.len() > 3 {
                return Err(self.malformed(chunk.len() - rest.len() + e.valid_up_to()));
            }
            self.carry[..tail.len()].copy_from_slice(tail);
            self.carry_len = tail.len();
        }
        Ok(())
    }

    /// The role of a value about to start, and whether it is kept.
    fn value_role(&self) -> (Role, Keep) {
        match self.stack.last() {
            None => (Role::Top, Keep::Nothing),
            Some(f) if !f.object => (Role::Other, Keep::Nothing),
            Some(f) => match f.role {
                Role::Top => match self.member.as_slice() {
                    b"entries" => (Role::Entries, Keep::Nothing),
                    b"format" | b"version" => (Role::Other, Keep::Scalar),
                    _ => (Role::Other, Keep::Nothing),
                },
                Role::Entries => (
                    Role::Entry,
                    Keep::Entry {
                        wanted: self.want == Some(self.member.as_slice()),
                    },
                ),
                Role::Entry | Role::Other => (Role::Other, Keep::Nothing),
            },
        }
    }

    /// A value begins with byte `b` at `i`.
    fn start_value(&mut self, b: u8, i: usize) -> Result<(), FormatError> {
        let (role, keep) = self.value_role();
        let is_object = b == b'{';
        // The shape our documents have, beyond JSON.
        if matches!(role, Role::Top | Role::Entries | Role::Entry) && !is_object {
            return Err(if role == Role::Top {
                FormatError::NotAVault
            } else {
                self.malformed(i)
            });
        }
        if keep != Keep::Nothing {
            self.keep = keep;
            self.keep_depth = self.stack.len();
            self.keep_from = Some(i);
        }
        match b {
            b'{' | b'[' => {
                if self.stack.len() == MAX_DEPTH {
                    return Err(self.malformed(i));
                }
                let keys = self.spare.pop().unwrap_or_default();
                self.stack.push(Frame {
                    object: is_object,
                    role,
                    keys,
                });
                self.state = if is_object {
                    State::KeyOrClose
                } else {
                    State::ValueOrClose
                };
            }
            b'"' => {
                self.string_is_key = false;
                self.state = State::Str;
            }
            b'-' => self.state = State::Num(Num::Minus),
            b'0' => self.state = State::Num(Num::Zero),
            b'1'..=b'9' => self.state = State::Num(Num::Int),
            b't' => self.state = State::Lit(b"rue"),
            b'f' => self.state = State::Lit(b"alse"),
            b'n' => self.state = State::Lit(b"ull"),
            _ => return Err(self.malformed(i)),
        }
        Ok(())
    }

    /// The value that ends with the byte before `end` is complete.
    fn end_value(&mut self, chunk: &[u8], end: usize) -> Result<(), FormatError> {
        if self.keep != Keep::Nothing && self.keep_depth == self.stack.len() {
            let from = self.keep_from.take().unwrap_or(0);
            let keep = std::mem::replace(&mut self.keep, Keep::Nothing);
            match keep {
                Keep::Scalar => {
                    if self.scalar.len() + (end - from) > SMALL {
                        return Err(FormatError::NotAVault);
                    }
                    self.scalar.extend_from_slice(&chunk[from..end]);
                    self.finish_scalar()?;
                }
                Keep::Entry { wanted } => {
                    self.entry.extend(&chunk[from..end]);
                    self.finish_entry(wanted, end)?;
                }
                Keep::Nothing => {}
            }
        }
        self.state = if self.stack.is_empty() {
            State::End
        } else {
            State::CommaOrClose
        };
        Ok(())
    }

    /// Checks the `format` or `version` value just read.
    fn finish_scalar(&mut self) -> Result<(), FormatError> {
        let raw = std::mem::take(&mut self.scalar);
        if self.member == b"format" {
            let f: String = serde_json::from_slice(&raw).map_err(|_| FormatError::NotAVault)?;
            if f != FORMAT {
                return Err(FormatError::NotAVault);
            }
            self.format_ok = true;
        } else {
            let v: u64 = serde_json::from_slice(&raw).map_err(|_| FormatError::NotAVault)?;
            if v > u64::from(VERSION) {
                return Err(FormatError::TooNew(u32::try_from(v).unwrap_or(u32::MAX)));
            }
            self.version = Some(v);
        }
        Ok(())
    }

    /// Parses the entry just read with the full parser's type; keeps it if
    /// it is the wanted one.
    fn finish_entry(&mut self, wanted: bool, end: usize) -> Result<(), FormatError> {
        let parsed = serde_json::from_slice::<StoredEntry>(&self.entry.0);
        self.entry.clear();
        match parsed {
            Ok(e) if wanted => {
                self.result = Some(e);
                Ok(())
            }
            Ok(_) => Ok(()),
            // serde's position is inside the entry; ours is where it ends.
            Err(_) => Err(self.malformed(end.saturating_sub(1))),
        }
    }

    /// A key has been read completely.
    fn end_key(&mut self, i: usize) -> Result<(), FormatError> {
        let frame = self.stack.last_mut().expect("keys are read inside objects");
        let role = frame.role;
        if !frame.keys.insert(&self.key) {
            let (line, column) = self.at(i);
            return Err(FormatError::Duplicate { line, column });
        }
        match role {
            Role::Top if self.key == b"entries" && (!self.format_ok || self.version.is_none()) => {
                // Entries come after format and version in what we write;
                // insist, so a newer layout is never misread.
                return Err(FormatError::NotAVault);
            }
            Role::Entries => {
                let name = std::str::from_utf8(&self.key).map_err(|_| self.malformed(i))?;
                if check_name(name).is_err() {
                    return Err(self.malformed(i));
                }
            }
            _ => {}
        }
        std::mem::swap(&mut self.member, &mut self.key);
        self.state = State::Colon;
        Ok(())
    }

    /// Appends the character `c` to the key being read.
    fn key_char(&mut self, c: u32, i: usize) -> Result<(), FormatError> {
        let c = char::from_u32(c).ok_or_else(|| self.malformed(i))?;
        let mut buf = [0u8; 4];
        self.key_bytes(c.encode_utf8(&mut buf).as_bytes(), i)
    }

    fn key_bytes(&mut self, bytes: &[u8], i: usize) -> Result<(), FormatError> {
        if self.key.len() + bytes.len() > MAX_KEY {
            return Err(self.malformed(i));
        }
        self.key.extend_from_slice(bytes);
        Ok(())
    }

    /// Closes the innermost container with `b` at `i`.
    fn close(&mut self, b: u8, chunk: &[u8], i: usize) -> Result<(), FormatError> {
        let Some(frame) = self.stack.pop() else {
            return Err(self.malformed(i));
        };
        if frame.object != (b == b'}') {
            return Err(self.malformed(i));
        }
        let mut keys = frame.keys;
        keys.clear();
        self.spare.push(keys);
        self.end_value(chunk, i + 1)
    }

    fn feed(&mut self, chunk: &[u8]) -> Result<(), FormatError> {
        self.check_utf8(chunk)?;
        if self.keep != Keep::Nothing {
            self.keep_from = Some(0);
        }
        let mut i = 0;
        while i < chunk.len() {
            // Inside a string: jump to the next quote or backslash, checking
            // that nothing in between is a control character.
            if self.state == State::Str && self.need_low == 0 {
                let rest = &chunk[i..];
                let run = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
                if let Some(bad) = rest[..run].iter().position(|&c| c < 0x20) {
                    return Err(self.malformed(i + bad));
                }
                if self.string_is_key {
                    self.key_bytes(&rest[..run], i)?;
                }
                i += run;
                if i == chunk.len() {
                    break;
                }
            }
            let b = chunk[i];
            match self.state {
                State::Str => {
                    if self.need_low > 0 {
                        // After a high surrogate only `\u` may follow.
                        let ok =
                            (self.need_low == 2 && b == b'\\') || (self.need_low == 1 && b == b'u');
                        if !ok {
                            return Err(self.malformed(i));
                        }
                        self.need_low -= 1;
                        if self.need_low == 0 {
                            self.hex = 0;
                            self.state = State::Hex(4);
                        }
                    } else if b == b'"' {
                        if self.string_is_key {
                            self.end_key(i)?;
                        } else {
                            self.end_value(chunk, i + 1)?;
                        }
                    } else {
                        self.state = State::Escape; // b == b'\\'
                    }
                }
                State::Escape => {
                    let c = match b {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 0x08,
                        b'f' => 0x0C,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            self.hex = 0;
                            self.state = State::Hex(4);
                            i += 1;
                            continue;
                        }
                        _ => return Err(self.malformed(i)),
                    };
                    if self.string_is_key {
                        self.key_bytes(&[c], i)?;
                    }
                    self.state = State::Str;
                }
                State::Hex(n) => {
                    let d = (b as char).to_digit(16).ok_or_else(|| self.malformed(i))?;
                    self.hex = self.hex * 16 + d;
                    if n > 1 {
                        self.state = State::Hex(n - 1);
                    } else {
                        self.state = State::Str;
                        let unit = self.hex;
                        match (self.high.take(), unit) {
                            (None, 0xD800..=0xDBFF) => {
                                self.high = Some(unit);
                                self.need_low = 2;
                            }
                            (None, 0xDC00..=0xDFFF) => return Err(self.malformed(i)),
                            (None, c) => {
                                if self.string_is_key {
                                    self.key_char(c, i)?;
                                }
                            }
                            (Some(h), 0xDC00..=0xDFFF) => {
                                if self.string_is_key {
                                    let c = 0x10000 + ((h - 0xD800) << 10) + (unit - 0xDC00);
                                    self.key_char(c, i)?;
                                }
                            }
                            (Some(_), _) => return Err(self.malformed(i)),
                        }
                    }
                }
                State::Num(n) => {
                    let next = match (n, b) {
                        (Num::Minus, b'0') => Some(Num::Zero),
                        (Num::Minus, b'1'..=b'9') => Some(Num::Int),
                        (Num::Int, b'0'..=b'9') => Some(Num::Int),
                        (Num::Zero | Num::Int, b'.') => Some(Num::Dot),
                        (Num::Dot | Num::Frac, b'0'..=b'9') => Some(Num::Frac),
                        (Num::Zero | Num::Int | Num::Frac, b'e' | b'E') => Some(Num::Exp),
                        (Num::Exp, b'+' | b'-') => Some(Num::ExpSign),
                        (Num::Exp | Num::ExpSign | Num::ExpDigits, b'0'..=b'9') => {
                            Some(Num::ExpDigits)
                        }
                        _ => None,
                    };
                    match next {
                        Some(next) => self.state = State::Num(next),
                        None if n.may_end() => {
                            // The number ended before this byte: read it again.
                            self.end_value(chunk, i)?;
                            continue;
                        }
                        None => return Err(self.malformed(i)),
                    }
                }
                State::Lit(rest) => {
                    if rest.first() != Some(&b) {
                        return Err(self.malformed(i));
                    }
                    if rest.len() == 1 {
                        self.end_value(chunk, i + 1)?;
                    } else {
                        self.state = State::Lit(&rest[1..]);
                    }
                }
                // Between tokens.
                state => match b {
                    b' ' | b'\t' | b'\r' => {}
                    b'\n' => {
                        self.line += 1;
                        self.line_start = self.offset + i + 1;
                    }
                    _ => match state {
                        State::Value => self.start_value(b, i)?,
                        State::ValueOrClose if b == b']' => self.close(b, chunk, i)?,
                        State::ValueOrClose => self.start_value(b, i)?,
                        State::KeyOrClose if b == b'}' => self.close(b, chunk, i)?,
                        State::KeyOrClose | State::Key if b == b'"' => {
                            self.key.clear();
                            self.string_is_key = true;
                            self.state = State::Str;
                        }
                        State::Colon if b == b':' => self.state = State::Value,
                        State::CommaOrClose if b == b',' => {
                            let object = self.stack.last().is_some_and(|f| f.object);
                            self.state = if object { State::Key } else { State::Value };
                        }
                        State::CommaOrClose if b == b'}' || b == b']' => {
                            self.close(b, chunk, i)?;
                        }
                        _ => return Err(self.malformed(i)),
                    },
                },
            }
            i += 1;
        }
        // Keep what was read of a kept value that goes on in the next chunk.
        if let Some(from) = self.keep_from.take() {
            match self.keep {
                Keep::Scalar => {
                    if self.scalar.len() + (chunk.len() - from) > SMALL {
                        return Err(FormatError::NotAVault);
                    }
                    self.scalar.extend_from_slice(&chunk[from..]);
                }
                Keep::Entry { .. } => self.entry.extend(&chunk[from..]),
                Keep::Nothing => {}
            }
        }
        self.offset += chunk.len();
        Ok(())
    }

    /// The input has ended.
    fn finish(mut self) -> Result<Option<StoredEntry>, FormatError> {
        // A number can end the input only at top level, which is never a
        // number in a vault; anything else unfinished is truncation.
        if self.state != State::End || self.carry_len > 0 {
            return Err(if self.offset == 0 {
                FormatError::Malformed { line: 1, column: 1 }
            } else {
                self.malformed(0)
            });
        }
        if !self.format_ok || self.version.is_none() {
            return Err(FormatError::NotAVault);
        }
        Ok(self.result.take())
    }
}

/// Checks a whole decrypted document: valid JSON with no duplicate names and
/// nothing after it, shaped as a vault, every entry valid. The full parser
/// runs this first, so it refuses exactly what [`find_entry_stream`] refuses.
pub fn validate(bytes: &[u8]) -> Result<(), FormatError> {
    let mut scanner = Scanner::new(None);
    scanner.feed(bytes)?;
    scanner.finish().map(drop)
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
    let mut scanner = Scanner::new(Some(name));
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ScanError::Io(e)),
        };
        scanner.feed(&chunk[..n]).map_err(ScanError::Format)?;
    }
    scanner.finish().map_err(ScanError::Format)
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

    /// The full parser's answer for `name`, in the same shape.
    fn full(bytes: &[u8], name: &str) -> Result<Option<String>, String> {
        Document::parse(bytes)
            .map(|d| d.entries.get(name).map(|e| e.value.to_string()))
            .map_err(|e| format!("{e:?}"))
    }

    const META: &str = r#"{"kind":"generic","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","fingerprint":"f"}"#;

    fn doc(entries: &str) -> String {
        format!(
            r#"{{"format":"chopvault-vault","version":1,"recipients":[],"entries":{{{entries}}}}}"#
        )
    }

    fn entry(name: &str, value: &str) -> String {
        format!(r#""{name}":{{"value":"{value}","meta":{META}}}"#)
    }

    const DOC: &str = r#"{"format":"chopvault-vault","version":1,"recipients":["age1x"],"entries":{"a":{"value":"y0_a","meta":{"kind":"generic","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","fingerprint":"f","note":"tricky \" } { \\ ] [ \u00e9 \ud83d\ude00"}},"b/c":{"value":"y0_bc","meta":{"kind":"generic","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","fingerprint":"f","history":[{"at":"2026-01-01T00:00:00Z","event":"set"}]}}}}"#;

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
            assert!(Document::parse(bad.as_bytes()).is_err(), "{bad}");
        }
        assert!(matches!(
            find_entry_stream(
                &br#"{"format":"chopvault-vault","version":7,"entries":{}}"#[..],
                "a"
            ),
            Err(ScanError::Format(FormatError::TooNew(7)))
        ));
    }

    /// Regression: a second "deploy" made `get` return the first value and
    /// every other command the second.
    #[test]
    fn duplicate_names_are_refused_by_both_paths() {
        let a = entry("deploy", "y0_FIRST");
        let b = entry("deploy", "y0_SECOND");
        let cases = [
            doc(&format!("{a},{b}")),
            doc(&format!(r#"{a},{}"#, entry(r"\u0064eploy", "y0_SECOND"))),
            doc(&format!(
                r#"{},{}"#,
                entry("b/c", "y0_1"),
                entry(r"b\/c", "y0_2")
            )),
            // duplicate top-level keys, and inside an entry and its meta
            format!(
                r#"{{"format":"chopvault-vault","version":1,"entries":{{{a}}},"entries":{{{b}}}}}"#
            ),
            format!(r#"{{"format":"chopvault-vault","version":1,"x":1,"x":2,"entries":{{{a}}}}}"#),
            doc(&format!(
                r#""deploy":{{"value":"y0_A","value":"y0_B","meta":{META}}}"#
            )),
            doc(&format!(
                r#""deploy":{{"value":"y0_A","meta":{META},"aux":{{"k":"1","k":"2"}}}}"#
            )),
        ];
        for text in &cases {
            for name in ["deploy", "b/c"] {
                for size in [1, 3, 64, 4096] {
                    let got = find(text.as_bytes(), name, size);
                    assert!(got.is_err(), "scan accepted {text}: {got:?}");
                }
                assert!(
                    full(text.as_bytes(), name).is_err(),
                    "parse accepted {text}"
                );
            }
            let err = Document::parse(text.as_bytes()).unwrap_err();
            let shown = err.to_string();
            assert!(!shown.contains("y0_"), "{shown}");
        }
    }

    #[test]
    fn escaped_names_are_the_same_name_on_both_paths() {
        let text = doc(&entry(r"b\/c", "y0_bc"));
        assert_eq!(
            find(text.as_bytes(), "b/c", 2).unwrap().as_deref(),
            Some("y0_bc")
        );
        assert_eq!(
            full(text.as_bytes(), "b/c").unwrap().as_deref(),
            Some("y0_bc")
        );
        let text = doc(&entry(r"\u0064eploy", "y0_d"));
        assert_eq!(
            find(text.as_bytes(), "deploy", 5).unwrap().as_deref(),
            Some("y0_d")
        );
        assert_eq!(
            full(text.as_bytes(), "deploy").unwrap().as_deref(),
            Some("y0_d")
        );
    }

    #[test]
    fn nothing_may_follow_the_document() {
        let one = doc(&entry("a", "y0_1"));
        let two = doc(&entry("a", "y0_2"));
        for text in [
            format!("{one}{two}"),
            format!("{one}\n{two}"),
            format!("{one} x"),
            format!("{one},"),
            format!("{one}}}"),
            format!("{one}\0"),
        ] {
            assert!(find(text.as_bytes(), "a", 7).is_err(), "{text}");
            assert!(full(text.as_bytes(), "a").is_err(), "{text}");
        }
        let spaced = format!(" \n\t{one}\r\n ");
        assert_eq!(
            find(spaced.as_bytes(), "a", 7).unwrap().as_deref(),
            Some("y0_1")
        );
        assert_eq!(
            full(spaced.as_bytes(), "a").unwrap().as_deref(),
            Some("y0_1")
        );
    }

    #[test]
    fn invalid_json_in_entries_nobody_asked_for_is_refused() {
        let good = entry("a", "y0_a");
        for other in [
            r#""b":{"value":"x\q","meta":{}}"#.to_string(), // bad escape
            r#""b":{"value":"x\ud800","meta":{}}"#.to_string(), // lone surrogate
            r#""b":{"value":"x\udc00","meta":{}}"#.to_string(),
            "\"b\":{\"value\":\"x\ty\",\"meta\":{}}".to_string(), // raw control character
            r#""b":{"value":01,"meta":{}}"#.to_string(),          // bad number
            r#""b":{"value":1.,"meta":{}}"#.to_string(),
            r#""b":{"value":tru,"meta":{}}"#.to_string(),
            r#""b":{"value":"x",}"#.to_string(), // trailing comma
            r#""b":[1,]"#.to_string(),
            r#""b":5"#.to_string(),                        // not an object
            format!(r#""b":{{"value":5,"meta":{META}}}"#), // not the schema
            format!(r#""b c":{{"value":"y0","meta":{META}}}"#), // a name we never write
            format!(r#""b\u001b[31m":{{"value":"y0","meta":{META}}}"#),
        ] {
            let text = doc(&format!("{good},{other}"));
            for size in [1, 5, 4096] {
                assert!(find(text.as_bytes(), "a", size).is_err(), "{text}");
            }
            assert!(full(text.as_bytes(), "a").is_err(), "{text}");
        }
        let mut bytes = doc(&format!(r#"{good},"b":{{"value":"xZ","meta":{META}}}"#)).into_bytes();
        let z = bytes.iter().position(|&b| b == b'Z').unwrap();
        bytes[z] = 0xFF; // invalid UTF-8 inside a skipped string
        assert!(find(&bytes, "a", 3).is_err());
        assert!(full(&bytes, "a").is_err());
    }

    #[test]
    fn utf8_cut_by_a_chunk_boundary_is_fine() {
        let text = doc(
            r#""a":{"value":"y0_a","meta":{"kind":"generic","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","fingerprint":"f","note":"ключ 🔑 ok"}}"#,
        );
        for size in 1..12 {
            assert_eq!(
                find(text.as_bytes(), "a", size).unwrap().as_deref(),
                Some("y0_a")
            );
        }
    }
}
