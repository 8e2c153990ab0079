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
//! Every entry is also checked against the vault's schema as it streams by
//! (field types, required fields, timestamps, kinds): a subset of what the
//! serde types read, so whatever passes here parses, and an entry that
//! would stop the full parser stops `get` too, whichever entry was asked
//! for. Being stricter than serde is allowed (an escaped timestamp, a kind
//! spelt as serde's enum map are refused); being looser is not, and the
//! tests hold the schema to the types.

use std::collections::HashSet;
use std::io::Read;

use zeroize::Zeroizing;

use super::document::{Document, FORMAT, FormatError, Lineage, Member, StoredEntry, VERSION};
use crate::entry::check_name;

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

/// What a container is in a vault document: the schema beyond JSON.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    /// The document object.
    Top,
    /// The `entries` object.
    Entries,
    /// One entry's object.
    Entry,
    /// An entry's `meta`.
    Meta,
    /// `meta.last_verified`.
    Verification,
    /// `meta.history`, an array of events.
    History,
    /// One history event.
    Event,
    /// An entry's `aux`: an object of strings.
    Aux,
    /// An array of strings (`recipients`, `meta.aux`).
    Strings,
    /// The `members` array: who may sign the vault.
    Members,
    /// One member: `recipient`, `key`, `name`.
    Member,
    /// Inside a field chopvault does not know: any JSON.
    Other,
}

/// What a value must be. Each rule is a subset of what the serde types
/// (`Document`, `StoredEntry`, `Meta`, ...) accept, so that whatever passes
/// here also parses; both `get` and the full parser pass through here, so
/// they accept and refuse the same documents.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Expect {
    /// Any JSON (a field chopvault does not know; serde ignores it).
    Any,
    /// A string.
    Str,
    /// A string or null (`Option<String>`).
    OptStr,
    /// A timestamp jiff reads, written without escapes.
    Ts,
    /// That or null.
    OptTs,
    /// `"generic"` or `"yandex-disk"`, without escapes.
    Kind,
    /// `format` or `version`, checked when read.
    Header,
    /// `vault_id` (32 lower-case hex digits) or `generation` (an integer
    /// that fits u64), kept for the signature check.
    Lineage,
    /// An object of this role.
    Obj(Role),
    /// That or null.
    OptObj(Role),
    /// An array whose elements are judged by this role.
    Arr(Role),
}

/// Required fields of a role, as bits of [`Frame::seen`], and the bit a key
/// sets.
fn required(role: Role) -> u8 {
    match role {
        Role::Entry | Role::Verification | Role::Event | Role::Member => 0b11,
        Role::Meta => 0b111,
        _ => 0,
    }
}

fn field_bit(role: Role, key: &[u8]) -> u8 {
    match (role, key) {
        (Role::Entry, b"value") | (Role::Meta, b"created") | (Role::Member, b"recipient") => 1,
        (Role::Member, b"key") => 2,
        (Role::Entry, b"meta") | (Role::Meta, b"updated") => 2,
        (Role::Meta, b"fingerprint") => 4,
        (Role::Verification | Role::Event, b"at") => 1,
        (Role::Verification, b"result") | (Role::Event, b"event") => 2,
        _ => 0,
    }
}

/// What the member `key` of an object of `role` must be.
fn expect_member(role: Role, key: &[u8]) -> Expect {
    match (role, key) {
        (Role::Top, b"format" | b"version") => Expect::Header,
        (Role::Top, b"vault_id" | b"generation" | b"vault_name") => Expect::Lineage,
        (Role::Top, b"entries") => Expect::Obj(Role::Entries),
        (Role::Top, b"recipients") => Expect::Arr(Role::Strings),
        (Role::Top, b"members") => Expect::Arr(Role::Members),
        (Role::Member, b"recipient" | b"key") => Expect::Str,
        (Role::Member, b"name") => Expect::OptStr,
        (Role::Entries, _) => Expect::Obj(Role::Entry),
        (Role::Entry, b"value") => Expect::Str,
        (Role::Entry, b"meta") => Expect::Obj(Role::Meta),
        (Role::Entry, b"aux") => Expect::Obj(Role::Aux),
        (Role::Meta, b"kind") => Expect::Kind,
        (Role::Meta, b"created" | b"updated") => Expect::Ts,
        (Role::Meta, b"expires_at") => Expect::OptTs,
        (Role::Meta, b"client_id" | b"login" | b"note" | b"device_id") => Expect::OptStr,
        (Role::Meta, b"last_verified") => Expect::OptObj(Role::Verification),
        (Role::Meta, b"fingerprint") => Expect::Str,
        (Role::Meta, b"aux") => Expect::Arr(Role::Strings),
        (Role::Meta, b"history") => Expect::Arr(Role::History),
        (Role::Verification | Role::Event, b"at") => Expect::Ts,
        (Role::Verification, b"result") | (Role::Event, b"event") => Expect::Str,
        (Role::Event, b"fingerprint" | b"detail") => Expect::OptStr,
        (Role::Aux, _) => Expect::Str,
        _ => Expect::Any,
    }
}

/// What each element of an array of `role` must be.
fn expect_element(role: Role) -> Expect {
    match role {
        Role::History => Expect::Obj(Role::Event),
        Role::Members => Expect::Obj(Role::Member),
        Role::Strings => Expect::Str,
        _ => Expect::Any,
    }
}

/// True for `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z` naming a real instant, a form
/// jiff always reads (it is what chopvault writes): the common case is
/// checked without jiff's general parser.
fn canonical_utc(b: &[u8]) -> bool {
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        part.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(sec)) = (
        digits(0..4),
        digits(5..7),
        digits(8..10),
        digits(11..13),
        digits(14..16),
        digits(17..19),
    ) else {
        return false;
    };
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return false;
    }
    let frac_ok = match &b[19..] {
        [b'Z'] => true,
        [b'.', f @ .., b'Z'] => (1..=9).contains(&f.len()) && f.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match mo {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    // Years 0000 and 9999 hold jiff's limits: those go to jiff.
    frac_ok && (1..=9998).contains(&y) && (1..=days).contains(&d) && h < 24 && mi < 60 && sec < 60
}

/// A timestamp field's raw JSON string (quotes included): one jiff reads,
/// with no escapes (serde would unescape them; we refuse them instead).
fn timestamp_ok(raw: &[u8]) -> bool {
    let Some(inner) = raw.strip_prefix(b"\"").and_then(|r| r.strip_suffix(b"\"")) else {
        return false;
    };
    !inner.contains(&b'\\')
        && (canonical_utc(inner)
            || std::str::from_utf8(inner).is_ok_and(|t| t.parse::<jiff::Timestamp>().is_ok()))
}

/// The keys of one open object, to refuse duplicates.
///
/// Keys are kept in an arena. While they come in strictly increasing order
/// (every map chopvault writes is a BTreeMap, so its `entries` always do),
/// a key only needs comparing with the one before; the first key out of
/// order, or a small object's keys, are compared with all (a hash set past
/// [`LINEAR_KEYS`]).
#[derive(Default)]
struct KeySet {
    arena: Vec<u8>,
    spans: Vec<(usize, usize)>,
    sorted: bool,
    big: Option<HashSet<Box<[u8]>>>,
}

impl KeySet {
    /// Adds `key`; false if it was there already.
    fn insert(&mut self, key: &[u8]) -> bool {
        if let Some(big) = &mut self.big {
            return big.insert(key.into());
        }
        let last = self.spans.last().map(|&(a, b)| &self.arena[a..b]);
        let in_order = self.spans.is_empty() || (self.sorted && last < Some(key));
        if !in_order {
            if self.spans.iter().any(|&(a, b)| &self.arena[a..b] == key) {
                return false;
            }
            if self.spans.len() >= LINEAR_KEYS {
                // Out of order in a large object: from now on, a hash set.
                let mut big: HashSet<Box<[u8]>> = HashSet::with_capacity(self.spans.len() * 2);
                for &(a, b) in &self.spans {
                    big.insert(self.arena[a..b].into());
                }
                big.insert(key.into());
                self.big = Some(big);
                return true;
            }
        }
        self.sorted = in_order;
        let start = self.arena.len();
        self.arena.extend_from_slice(key);
        self.spans.push((start, self.arena.len()));
        true
    }

    fn clear(&mut self) {
        self.arena.clear();
        self.spans.clear();
        self.sorted = true;
        self.big = None;
    }
}

struct Frame {
    object: bool,
    role: Role,
    /// Required fields read so far (bits of [`field_bit`]).
    seen: u8,
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

/// A small value kept whole to be checked when it ends: `format`,
/// `version`, a timestamp or a kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Check {
    Header,
    Lineage,
    Ts,
    Kind,
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
    /// What the next value must be (set by a key, or by the array).
    expect: Expect,
    /// The small value being kept for its check: what, at which depth,
    /// from where in the current chunk.
    check: Option<(Check, usize)>,
    check_from: Option<usize>,
    scalar: Vec<u8>,
    /// The wanted entry being kept: its depth, from where in the chunk.
    capture: Option<usize>,
    capture_from: Option<usize>,
    entry: SecretBuf,
    /// The top-level `members` array being kept (it is public): from
    /// where in the chunk, and its bytes so far.
    members_from: Option<usize>,
    members_open: bool,
    members: Vec<u8>,
    format_ok: bool,
    version: Option<u64>,
    vault_id: Option<String>,
    vault_name: Option<String>,
    generation: Option<u64>,
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
            expect: Expect::Obj(Role::Top),
            check: None,
            check_from: None,
            scalar: Vec::new(),
            capture: None,
            capture_from: None,
            entry: SecretBuf::new(),
            members_from: None,
            members_open: false,
            members: Vec::new(),
            format_ok: false,
            version: None,
            vault_id: None,
            vault_name: None,
            generation: None,
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
        // Vault documents are almost all ASCII: a vectorised OR of every
        // byte says so at a fraction of a full UTF-8 check's cost.
        if rest.iter().fold(0u8, |acc, &b| acc | b) < 0x80 {
            return Ok(());
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

    /// A value begins with byte `b` at `i`.
    fn start_value(&mut self, b: u8, i: usize) -> Result<(), FormatError> {
        let expect = self.expect;
        let kind = match b {
            b'{' => 'o',
            b'[' => 'a',
            b'"' => 's',
            b'n' => 'n',
            _ => '-',
        };
        // The vault's schema: what this value may be.
        let fits = matches!(
            (expect, kind),
            (Expect::Any | Expect::Header, _)
                | (Expect::Str | Expect::Ts | Expect::Kind, 's')
                | (Expect::Lineage, 's' | '-')
                | (Expect::OptStr | Expect::OptTs, 's' | 'n')
                | (Expect::Obj(_), 'o')
                | (Expect::OptObj(_), 'o' | 'n')
                | (Expect::Arr(_), 'a')
        );
        if !fits {
            return Err(if self.stack.is_empty() {
                FormatError::NotAVault
            } else {
                self.malformed(i)
            });
        }
        let check = match expect {
            Expect::Header => Some(Check::Header),
            Expect::Lineage => Some(Check::Lineage),
            Expect::Ts | Expect::OptTs if kind == 's' => Some(Check::Ts),
            Expect::Kind => Some(Check::Kind),
            _ => None,
        };
        if let Some(c) = check {
            self.check = Some((c, self.stack.len()));
            self.check_from = Some(i);
            self.scalar.clear();
        }
        let role = match expect {
            Expect::Obj(r) | Expect::OptObj(r) | Expect::Arr(r) => r,
            _ => Role::Other,
        };
        if role == Role::Entry && self.want == Some(self.member.as_slice()) {
            self.capture = Some(self.stack.len());
            self.capture_from = Some(i);
        }
        if role == Role::Members && self.stack.len() == 1 {
            self.members_open = true;
            self.members_from = Some(i);
        }
        match b {
            b'{' | b'[' => {
                if self.stack.len() == MAX_DEPTH {
                    return Err(self.malformed(i));
                }
                let mut keys = self.spare.pop().unwrap_or_default();
                keys.clear();
                self.stack.push(Frame {
                    object: kind == 'o',
                    role,
                    seen: 0,
                    keys,
                });
                if kind == 'o' {
                    self.state = State::KeyOrClose;
                } else {
                    self.state = State::ValueOrClose;
                    self.expect = expect_element(role);
                }
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
        let depth = self.stack.len();
        if let Some((check, at)) = self.check
            && at == depth
        {
            self.check = None;
            let from = self.check_from.take().unwrap_or(0);
            if self.scalar.len() + (end - from) > SMALL {
                return Err(self.malformed(end.saturating_sub(1)));
            }
            self.scalar.extend_from_slice(&chunk[from..end]);
            let ok = match check {
                Check::Header => {
                    self.finish_header()?;
                    true
                }
                Check::Lineage => self.finish_lineage(),
                Check::Ts => timestamp_ok(&self.scalar),
                Check::Kind => {
                    matches!(self.scalar.as_slice(), b"\"generic\"" | b"\"yandex-disk\"")
                }
            };
            if !ok {
                return Err(self.malformed(end.saturating_sub(1)));
            }
        }
        if self.capture == Some(depth) {
            self.capture = None;
            let from = self.capture_from.take().unwrap_or(0);
            self.entry.extend(&chunk[from..end]);
            self.finish_entry(end)?;
        }
        if self.members_open && depth == 1 {
            self.members_open = false;
            let from = self.members_from.take().unwrap_or(0);
            self.members.extend_from_slice(&chunk[from..end]);
        }
        match self.stack.last() {
            None => self.state = State::End,
            Some(f) => {
                self.state = State::CommaOrClose;
                if !f.object {
                    self.expect = expect_element(f.role);
                }
            }
        }
        Ok(())
    }

    /// Checks the `format` or `version` value just read.
    fn finish_header(&mut self) -> Result<(), FormatError> {
        let raw = &self.scalar;
        if self.member == b"format" {
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

    /// Keeps `vault_id` or `generation`; false for a value serde would
    /// not read as `Document` does (then it is refused as malformed).
    fn finish_lineage(&mut self) -> bool {
        let raw = &self.scalar;
        if self.member == b"vault_name" {
            return match serde_json::from_slice::<String>(raw) {
                Ok(name) if super::document::is_vault_name(&name) => {
                    self.vault_name = Some(name);
                    true
                }
                _ => false,
            };
        }
        if self.member == b"vault_id" {
            match serde_json::from_slice::<String>(raw) {
                Ok(id) if super::document::is_vault_id(&id) => {
                    self.vault_id = Some(id);
                    true
                }
                _ => false,
            }
        } else {
            match serde_json::from_slice::<u64>(raw) {
                Ok(n) => {
                    self.generation = Some(n);
                    true
                }
                Err(_) => false,
            }
        }
    }

    /// Parses the wanted entry with the full parser's type. It has passed
    /// the schema above, a subset of what that type reads, so this fails
    /// only if the two ever drift apart (then it is refused, never guessed).
    fn finish_entry(&mut self, end: usize) -> Result<(), FormatError> {
        let parsed = serde_json::from_slice::<StoredEntry>(&self.entry.0);
        self.entry.clear();
        match parsed {
            Ok(e) => {
                self.result = Some(e);
                Ok(())
            }
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
        frame.seen |= field_bit(role, &self.key);
        self.expect = expect_member(role, &self.key);
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
        // A required field is missing (serde would refuse it too).
        if frame.seen & required(frame.role) != required(frame.role) {
            return Err(self.malformed(i));
        }
        let mut keys = frame.keys;
        keys.clear();
        self.spare.push(keys);
        self.end_value(chunk, i + 1)
    }

    fn feed(&mut self, chunk: &[u8]) -> Result<(), FormatError> {
        self.check_utf8(chunk)?;
        if self.check.is_some() {
            self.check_from = Some(0);
        }
        if self.capture.is_some() {
            self.capture_from = Some(0);
        }
        if self.members_open {
            self.members_from = Some(0);
        }
        let mut i = 0;
        while i < chunk.len() {
            // Inside a string: jump to the next quote or backslash, checking
            // that nothing in between is a control character.
            if self.state == State::Str && self.need_low == 0 {
                let rest = &chunk[i..];
                let run = crate::bytes::find_either(b'"', b'\\', rest).unwrap_or(rest.len());
                // A branch-free fold the compiler vectorises; the position
                // is looked for only when there is one.
                if rest[..run]
                    .iter()
                    .fold(0u8, |acc, &c| acc | u8::from(c < 0x20))
                    != 0
                {
                    let bad = rest[..run].iter().position(|&c| c < 0x20).unwrap_or(0);
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
        if let Some(from) = self.check_from.take() {
            if self.scalar.len() + (chunk.len() - from) > SMALL {
                return Err(self.malformed(chunk.len().saturating_sub(1)));
            }
            self.scalar.extend_from_slice(&chunk[from..]);
        }
        if let Some(from) = self.capture_from.take() {
            self.entry.extend(&chunk[from..]);
        }
        if let Some(from) = self.members_from.take() {
            self.members.extend_from_slice(&chunk[from..]);
        }
        self.offset += chunk.len();
        Ok(())
    }

    /// The input has ended: the wanted entry, and the members.
    fn finish(mut self) -> Result<Found, FormatError> {
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
        // The array passed the schema (a subset of what `Member` reads).
        let members = if self.members.is_empty() {
            Vec::new()
        } else {
            serde_json::from_slice(&self.members)
                .map_err(|_| FormatError::Malformed { line: 1, column: 1 })?
        };
        Ok(Found {
            entry: self.result.take(),
            members,
            lineage: Lineage {
                vault_id: self.vault_id.take(),
                name: self.vault_name.take(),
                generation: self.generation.unwrap_or(0),
            },
        })
    }
}

/// What a streaming lookup found.
pub struct Found {
    /// The entry asked for, if the vault has it.
    pub entry: Option<StoredEntry>,
    /// The vault's members (who may sign it).
    pub members: Vec<Member>,
    /// Which vault, how new.
    pub lineage: Lineage,
}

// The full parser lives beside the reader it runs first: the document's
// types know nothing of how they are read, and this module needs them.
impl Document {
    /// Parses decrypted bytes. The strict reader of this module runs first
    /// (the one `get` streams through), so this refuses exactly what `get`
    /// refuses; it reads format and version before anything else, so a
    /// newer vault is reported as such rather than as garbage.
    pub fn parse(bytes: &[u8]) -> Result<Self, FormatError> {
        validate(bytes)?;
        serde_json::from_slice(bytes).map_err(|e| FormatError::Malformed {
            line: e.line(),
            column: e.column(),
        })
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
    find_entry_sized(reader, name, CHUNK).map(|f| f.entry)
}

/// As [`find_entry_stream`], for a document of at most `bound` bytes (a
/// small vault needs no large buffer to zero; a large one is scanned on a
/// second thread, [`find_entry_pipelined`]).
pub fn find_entry_sized<R: Read>(
    mut reader: R,
    name: &str,
    bound: usize,
) -> Result<Found, ScanError> {
    if bound > PIPELINE_FROM {
        return find_entry_pipelined(reader, name);
    }
    let mut chunk = Zeroizing::new(vec![0u8; bound.clamp(512, CHUNK)]);
    let mut scanner = Scanner::new(Some(name));
    loop {
        let n = match read_some(&mut reader, &mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => return Err(ScanError::Io(e)),
        };
        scanner.feed(&chunk[..n]).map_err(ScanError::Format)?;
    }
    scanner.finish().map_err(ScanError::Format)
}

/// Documents that may be larger than this (judged from the vault file's
/// size) are scanned on a second thread while this one decrypts the
/// chunks that follow: the two halves of the work then
/// share two cores. On the 10,000-entry vault of `scripts/bench` (4 MB of
/// plaintext) the scan is about half of a `get`; below a megabyte, the
/// thread and the hand-overs would cost more than they save.
const PIPELINE_FROM: usize = 1024 * 1024;
/// Chunks in flight between the decrypting thread and the scanning one.
const DEPTH: usize = 2;

/// A chunk of plaintext handed to the scanning thread: the buffer (zeroed
/// when dropped) and how much of it one read filled; 0 ends the document.
type Handed = (Zeroizing<Vec<u8>>, usize);

/// As [`find_entry_sized`], with the scan on a second thread. It answers
/// exactly as the one-thread loop does. The scanner is fed the very slices
/// that loop feeds it (one read of at most [`CHUNK`] each: where a refusal
/// is placed can depend on where chunks are cut), in order, so a refusal
/// concerns bytes read before any read error and is the answer then, as
/// it would have stopped the loop first. With no thread to be had (a
/// process limit), the one-thread loop runs.
fn find_entry_pipelined<R: Read>(reader: R, name: &str) -> Result<Found, ScanError> {
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Handed>(DEPTH);
    // Every buffer fits in the return channel: returning one never blocks.
    let (empty_tx, empty_rx) = std::sync::mpsc::sync_channel::<Zeroizing<Vec<u8>>>(DEPTH + 1);
    for _ in 0..=DEPTH {
        let _ = empty_tx.send(Zeroizing::new(vec![0u8; CHUNK]));
    }
    std::thread::scope(|s| {
        let spawned = std::thread::Builder::new().spawn_scoped(
            s,
            move || -> Result<Option<Found>, FormatError> {
                let mut scanner = Scanner::new(Some(name));
                // No end handed over: the reader failed, and its error is
                // the answer (None).
                while let Ok((chunk, n)) = full_rx.recv() {
                    if n == 0 {
                        return scanner.finish().map(Some);
                    }
                    scanner.feed(&chunk[..n])?;
                    let _ = empty_tx.send(chunk);
                }
                Ok(None)
            },
        );
        let Ok(scanning) = spawned else {
            return find_entry_sized(reader, name, CHUNK);
        };
        let read = hand_over(reader, &full_tx, &empty_rx);
        // Closing the channel stops a scanner waiting for a chunk that a
        // failed read will never send.
        drop(full_tx);
        let scanned = match scanning.join() {
            Ok(scanned) => scanned,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        match (scanned, read) {
            (Err(refused), _) => Err(ScanError::Format(refused)),
            (Ok(Some(found)), Ok(())) => Ok(found),
            (Ok(_), Err(e)) => Err(ScanError::Io(e)),
            // The scanner stops without an answer only when no end came.
            (Ok(None), Ok(())) => Err(ScanError::Io(std::io::ErrorKind::UnexpectedEof.into())),
        }
    })
}

/// Reads `reader` to its end, one read into each buffer that comes back
/// on `empty`, handing each over on `full`, the end as a read of 0 bytes.
/// Stops early, without error, when the scanner has stopped.
fn hand_over<R: Read>(
    mut reader: R,
    full: &std::sync::mpsc::SyncSender<Handed>,
    empty: &std::sync::mpsc::Receiver<Zeroizing<Vec<u8>>>,
) -> std::io::Result<()> {
    while let Ok(mut chunk) = empty.recv() {
        let n = read_some(&mut reader, &mut chunk)?;
        if full.send((chunk, n)).is_err() || n == 0 {
            break;
        }
    }
    Ok(())
}

/// One `read`, tried again when interrupted.
fn read_some<R: Read>(reader: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match reader.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::file::document::Document;

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

    /// The member list `get` reads while streaming is the full parser's,
    /// wherever the chunks cut it; members of the wrong shape are refused
    /// by both.
    #[test]
    fn members_are_read_while_streaming() {
        let members = r#""members":[{"recipient":"age1a","key":"ssh-ed25519 AAAA","name":"a \"q\" ]}"},{"key":"ssh-ed25519 BBBB","recipient":"age1b"}]"#;
        for (before, after) in [(true, false), (false, true)] {
            let text = format!(
                r#"{{"format":"chopvault-vault","version":2,{}"entries":{{{}}}{}}}"#,
                if before {
                    format!("{members},")
                } else {
                    String::new()
                },
                entry("a", "y0_a"),
                if after {
                    format!(",{members}")
                } else {
                    String::new()
                },
            );
            let full = Document::parse(text.as_bytes()).unwrap().members;
            assert_eq!(full.len(), 2);
            assert_eq!(full[0].name.as_deref(), Some("a \"q\" ]}"));
            for size in 1..60 {
                let found = find_entry_sized(
                    Chunked {
                        bytes: text.as_bytes(),
                        size,
                    },
                    "a",
                    4096,
                )
                .unwrap();
                assert_eq!(found.members, full, "chunks of {size}");
                assert_eq!(found.entry.unwrap().value.as_str(), "y0_a");
            }
        }
        for bad in [
            r#""members":[{"recipient":"age1a"}]"#,
            r#""members":[{"recipient":"age1a","key":1}]"#,
            r#""members":{"recipient":"age1a","key":"k"}"#,
            r#""members":["age1a"]"#,
            r#""members":[{"recipient":"age1a","key":"k"}],"members":[]"#,
        ] {
            let text = format!(
                r#"{{"format":"chopvault-vault","version":2,{bad},"entries":{{{}}}}}"#,
                entry("a", "y0_a")
            );
            assert!(Document::parse(text.as_bytes()).is_err(), "{bad}");
            assert!(find(text.as_bytes(), "a", 5).is_err(), "{bad}");
        }
    }

    /// Fails with an I/O error once `fail_at` bytes have been read.
    struct FailingAt<'a> {
        inner: Chunked<'a>,
        left: usize,
    }

    impl Read for FailingAt<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.left == 0 {
                return Err(std::io::Error::other("the disk went away"));
            }
            let n = buf.len().min(self.left);
            let n = self.inner.read(&mut buf[..n])?;
            self.left -= n;
            Ok(n)
        }
    }

    /// A lookup's whole answer, comparable: the value, the members, the
    /// lineage, or the error.
    fn answer(found: Result<Found, ScanError>) -> String {
        match found {
            Ok(f) => format!(
                "{:?} {:?} {:?}",
                f.entry.map(|e| e.value.to_string()),
                f.members,
                f.lineage
            ),
            Err(ScanError::Io(e)) => format!("io {:?} {e}", e.kind()),
            Err(ScanError::Format(e)) => format!("format {e:?}"),
        }
    }

    /// The scan on a second thread answers as the one-thread loop on
    /// large documents: found, absent, refused early, late or at the very
    /// end (by a control character, invalid or cut UTF-8, a newer version,
    /// a duplicate name, a cut, something after it, with lines or without),
    /// and with the reader failing before, after or without a refusal.
    #[test]
    fn the_pipelined_scan_answers_as_the_one_thread_loop() {
        // Called directly, the pipeline needs no megabyte: a few chunks.
        let entries: Vec<String> = (0..2_000)
            .map(|i| entry(&format!("site-{i:05}/yandex-disk"), &format!("y0_{i}")))
            .collect();
        let good = doc(&entries.join(","));
        assert!(good.len() > 4 * CHUNK);
        // Valid multi-byte characters in every value: many of the
        // boundaries below cut one, which must be completed across chunks.
        let wide: Vec<String> = (0..2_000)
            .map(|i| {
                entry(
                    &format!("site-{i:05}/yandex-disk"),
                    &format!("y0_{i}é€😀é€😀é€😀"),
                )
            })
            .collect();
        let wide = doc(&wide.join(","));
        let cut = |size: usize| {
            (1..wide.len() / size)
                .filter(|k| !wide.is_char_boundary(k * size))
                .count()
        };
        assert!(
            cut(1000) > 20 && cut(CHUNK) > 0,
            "{} {}",
            cut(1000),
            cut(CHUNK)
        );
        // The two found, then the refused.
        let mut cases: Vec<Vec<u8>> = vec![good.clone().into_bytes(), wide.into_bytes()];
        for at in [30, good.len() / 2, good.len() - 40] {
            let mut bad = good.clone().into_bytes();
            bad[at] = 0x01; // a control character: refused wherever it is
            cases.push(bad);
        }
        // Invalid UTF-8 around the chunk boundaries of every size used
        // below, alone or after another flaw: where a refusal is placed
        // may depend on where chunks are cut, so the pipeline must cut
        // where the loop does.
        for at in [999, 1000, 1001, CHUNK - 2, CHUNK - 1, CHUNK, 70_000, 70_001] {
            let mut bad = good.clone().into_bytes();
            bad[at] = 0xE2;
            bad[at + 1] = 0x82; // a three-byte sequence cut short
            cases.push(bad.clone());
            bad[100] = 0x01;
            cases.push(bad);
            let mut lone = good.clone().into_bytes();
            lone[at] = 0xFF;
            cases.push(lone);
        }
        // Two flaws, the second just before the end of the first 64 KiB
        // read: a pipeline reading less at a time would report the first.
        let mut two = good.clone().into_bytes();
        two[100] = 0x01;
        two[CHUNK - 10] = 0xFF;
        cases.push(two);
        // A newer version said first, with a bad byte far after it.
        let mut newer = good
            .replacen(r#""version":1"#, r#""version":99"#, 1)
            .into_bytes();
        newer[CHUNK + 70] = 0xFF;
        cases.push(newer);
        // With lines: positions are counted in lines and columns.
        let mut lines = good.replace("},\"", "},\n\"").into_bytes();
        assert!(lines.iter().filter(|&&b| b == b'\n').count() > 1_000);
        let middle = lines.len() / 2;
        lines[middle] = 0xFF;
        cases.push(lines);
        cases.push(good.as_bytes()[..good.len() - 1].to_vec()); // cut short
        cases.push(format!("{good} x").into_bytes()); // something after it
        // The last name twice, the second time at the very end.
        let dup = entry("site-01999/yandex-disk", "again");
        // The document ends in four braces (meta, entry, entries, document):
        // the first three become meta, entry, `,` the duplicate, entries.
        let with_dup = good.replacen("}}}", &(String::from("}},") + &dup + "}"), 1);
        assert!(with_dup.ends_with("}}}}") && !with_dup.ends_with("}}}}}"));
        cases.push(with_dup.into_bytes());
        for text in &cases {
            for name in ["site-00000/yandex-disk", "site-01999/yandex-disk", "nope"] {
                for size in [1000, 70_001] {
                    let chunked = || Chunked { bytes: text, size };
                    let one = answer(find_entry_sized(chunked(), name, CHUNK));
                    let two = answer(find_entry_pipelined(chunked(), name));
                    assert_eq!(one, two, "{name}, chunks of {size}");
                    for fail_at in [0, text.len() / 3, text.len()] {
                        let failing = || FailingAt {
                            inner: chunked(),
                            left: fail_at,
                        };
                        let one = answer(find_entry_sized(failing(), name, CHUNK));
                        let two = answer(find_entry_pipelined(failing(), name));
                        assert_eq!(one, two, "{name}, chunks of {size}, failing at {fail_at}");
                    }
                }
            }
        }
        // The cases meant what they say, and a large bound takes the pipeline.
        let found = find_entry_sized(good.as_bytes(), "site-01999/yandex-disk", usize::MAX);
        assert_eq!(answer(found).split(' ').next(), Some(r#"Some("y0_1999")"#));
        let newer_said = answer(find_entry_pipelined(
            cases[cases.len() - 5].as_slice(),
            "nope",
        ));
        assert!(newer_said.contains("TooNew"), "{newer_said}");
        for refused in &cases[2..] {
            let answer = answer(find_entry_pipelined(refused.as_slice(), "nope"));
            assert!(answer.starts_with("format"), "{answer}");
        }
        let dup_said = answer(find_entry_pipelined(
            cases[cases.len() - 1].as_slice(),
            "nope",
        ));
        assert!(dup_said.contains("Duplicate"), "{dup_said}");
    }

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
            let shown = format!("{err:?}");
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

    /// The fast path never accepts what jiff refuses, and agrees with it on
    /// every well-formed-looking string.
    #[test]
    fn canonical_timestamps_are_what_jiff_accepts() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut fast = 0;
        for _ in 0..200_000 {
            let y = match next(4) {
                0 => next(10_000),
                1 => 1970 + next(100),
                2 => [0, 1, 9998, 9999, 2000, 2100, 1900, 2024][next(8) as usize],
                _ => 2026,
            };
            let frac = match next(4) {
                0 => String::new(),
                1 => format!(".{}", next(1000)),
                2 => ".123456789".into(),
                _ => ".1234567890".into(),
            };
            let text = format!(
                "{y:04}-{:02}-{:02}T{:02}:{:02}:{:02}{frac}{}",
                next(14),
                next(33),
                next(26),
                next(62),
                next(62),
                ["Z", "z", "+00:00", ""][next(4) as usize]
            );
            let jiff = text.parse::<jiff::Timestamp>().is_ok();
            if canonical_utc(text.as_bytes()) {
                fast += 1;
                assert!(jiff, "fast path accepted {text}");
            }
            let json = format!("\"{text}\"");
            assert_eq!(timestamp_ok(json.as_bytes()), jiff, "{text}");
        }
        assert!(fast > 10_000, "{fast}");
    }

    fn real(bytes: &[u8]) -> bool {
        serde_json::from_slice::<StoredEntry>(bytes).is_ok()
    }

    /// The schema check on one entry, inside a document.
    fn is_entry(bytes: &[u8]) -> bool {
        let mut doc = br#"{"format":"chopvault-vault","version":1,"entries":{"e":"#.to_vec();
        doc.extend_from_slice(bytes);
        doc.extend_from_slice(b"}}");
        validate(&doc).is_ok()
    }

    /// Every field, filled.
    const FULL: &str = r#"{"value":"y0_v","meta":{"kind":"yandex-disk","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00.5Z","expires_at":"2027-01-01T00:00:00Z","client_id":"c","login":"l","last_verified":{"at":"2026-01-02T00:00:00Z","result":"valid"},"fingerprint":"sha256:1","note":"n","device_id":"d","aux":["refresh_token"],"history":[{"at":"2026-01-01T00:00:00Z","event":"set","fingerprint":"f","detail":"x"}]},"aux":{"refresh_token":"r"}}"#;

    /// The values a field can be replaced with.
    const VALUES: &[&str] = &[
        "null",
        "1",
        "true",
        r#""s""#,
        r#""2026-01-01T00:00:00Z""#,
        r#""2026-13-01T00:00:00Z""#,
        r#""2024-02-29T23:59:59.999999999Z""#,
        r#""2023-02-29T00:00:00Z""#,
        r#""2026-01-01T00:00:00+03:00""#,
        r#""2026-01-01 00:00:00Z""#,
        r#""2026\u002d01-01T00:00:00Z""#,
        r#""generic""#,
        r#""yandex-disk""#,
        r#""Generic""#,
        "[]",
        r#"["a"]"#,
        "[1]",
        "{}",
        r#"{"a":"b"}"#,
        r#"{"a":1}"#,
        r#"{"at":"2026-01-01T00:00:00Z","result":"valid"}"#,
        r#"[{"at":"2026-01-01T00:00:00Z","event":"set"}]"#,
        r#"[{"at":"x","event":"set"}]"#,
        r#"[{"event":"set"}]"#,
    ];

    /// Each field of FULL (by its key) replaced by each value, and removed:
    /// whatever the schema check accepts, the entry types read (it may
    /// refuse more: escaped timestamps, a kind given as an object).
    #[test]
    fn the_schema_accepts_only_what_the_entry_types_read() {
        let doc: serde_json::Value = serde_json::from_str(FULL).unwrap();
        assert!(is_entry(FULL.as_bytes()) && real(FULL.as_bytes()));
        // Stricter than serde on purpose: an escaped timestamp, a kind
        // spelt as serde's enum map.
        let escaped = FULL.replacen("2026-01-01T00", "2026\\u002d01-01T00", 1);
        assert!(real(escaped.as_bytes()) && !is_entry(escaped.as_bytes()));
        let kind_map = FULL.replacen(r#""kind":"yandex-disk""#, r#""kind":{"generic":null}"#, 1);
        assert!(real(kind_map.as_bytes()) && !is_entry(kind_map.as_bytes()));
        let mut paths: Vec<Vec<&str>> = vec![vec!["value"], vec!["meta"], vec!["aux"]];
        for k in doc["meta"].as_object().unwrap().keys() {
            paths.push(vec!["meta", k.as_str()]);
        }
        paths.push(vec!["meta", "last_verified", "at"]);
        paths.push(vec!["meta", "last_verified", "result"]);
        paths.push(vec!["aux", "refresh_token"]);
        let mut checked = 0;
        let mut refused_more = Vec::new();
        for path in &paths {
            let mut variants: Vec<Option<serde_json::Value>> = vec![None];
            variants.extend(
                VALUES
                    .iter()
                    .map(|v| Some(serde_json::from_str(v).unwrap())),
            );
            for v in variants {
                let mut d = doc.clone();
                let (last, parents) = path.split_last().unwrap();
                let mut at = &mut d;
                for p in parents {
                    at = &mut at[*p];
                }
                let obj = at.as_object_mut().unwrap();
                match &v {
                    None => {
                        obj.remove(*last);
                    }
                    Some(v) => {
                        obj.insert((*last).to_string(), v.clone());
                    }
                }
                let bytes = serde_json::to_vec(&d).unwrap();
                let (ours, theirs) = (is_entry(&bytes), real(&bytes));
                assert!(
                    !ours || theirs,
                    "accepted what serde refuses: {path:?} = {v:?}"
                );
                if theirs && !ours {
                    refused_more.push(format!("{path:?} = {v:?}"));
                }
                checked += 1;
            }
        }
        // Unknown fields are ignored by both.
        let extra = FULL.replacen(r#"{"value""#, r#"{"zz":[1,{"a":null}],"value""#, 1);
        assert!(is_entry(extra.as_bytes()) && real(extra.as_bytes()));
        assert!(checked > 300, "{checked}");
        // The schema refuses nothing serde reads among these mutations.
        assert!(refused_more.is_empty(), "{refused_more:#?}");
        // Every field of Meta is mirrored: a Meta serialised with all its
        // fields must not carry a key the shape does not know.
        let meta_keys: Vec<String> = doc["meta"].as_object().unwrap().keys().cloned().collect();
        let full_meta: crate::entry::Meta = serde_json::from_value(doc["meta"].clone()).unwrap();
        let written = serde_json::to_value(&full_meta).unwrap();
        for k in written.as_object().unwrap().keys() {
            assert!(
                meta_keys.contains(k),
                "Meta field {k} is missing from FULL and the shape"
            );
        }
    }
}
