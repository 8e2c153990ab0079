//! Property tests (proptest) on what chopvault parses: the vault document
//! and its streaming lookup, values, pasted OAuth answers, Yandex JSON, and
//! the export journal's sweep. They run in CI with a bounded case count.

use std::collections::BTreeMap;
use std::io::Read;

use chopvault::entry::{HistoryEvent, Kind, Meta};
use chopvault::export::journal::{Journal, Record};
use chopvault::secret::{Secret, fingerprint_of};
use chopvault::store::file::document::{Document, StoredEntry};
use chopvault::store::file::scan::{self, find_entry_stream};
use chopvault::yandex::{disk, oauth};
use proptest::prelude::*;
use zeroize::Zeroizing;

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

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9._-]{1,12}(/[A-Za-z0-9._-]{1,12}){0,2}".prop_filter("no . or .. parts", |n| {
        n.split('/').all(|p| p != "." && p != "..")
    })
}

fn token() -> impl Strategy<Value = String> {
    "[!-~]{1,80}"
}

fn meta() -> impl Strategy<Value = Meta> {
    // Notes and details with every character JSON must escape.
    (
        any::<Option<String>>(),
        any::<Option<String>>(),
        0i64..4_000_000_000,
        any::<bool>(),
    )
        .prop_map(|(note, detail, secs, yandex)| {
            let at = jiff::Timestamp::from_second(secs).unwrap();
            Meta {
                kind: if yandex {
                    Kind::YandexDisk
                } else {
                    Kind::Generic
                },
                created: at,
                updated: at,
                expires_at: Some(at),
                client_id: None,
                login: None,
                last_verified: None,
                fingerprint: "sha256:000000000000".into(),
                note,
                device_id: None,
                aux: vec![],
                history: vec![HistoryEvent {
                    at,
                    event: chopvault::entry::Event::Set,
                    fingerprint: None,
                    detail,
                }],
            }
        })
}

fn document() -> impl Strategy<Value = (Document, Vec<(String, String)>)> {
    prop::collection::btree_map(name(), (token(), meta()), 0..12).prop_map(|m| {
        let mut doc = Document::new(vec!["age1example".into()]);
        let mut values = Vec::new();
        for (n, (v, meta)) in m {
            values.push((n.clone(), v.clone()));
            doc.entries.insert(
                n,
                StoredEntry {
                    value: Zeroizing::new(v),
                    meta,
                    aux: BTreeMap::new(),
                },
            );
        }
        (doc, values)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    /// Writing and reading a document gives back every value, and the
    /// streaming lookup agrees with the full parser for any chunking,
    /// compact or pretty-printed.
    #[test]
    fn documents_round_trip_and_the_scanner_agrees(
        (doc, values) in document(),
        size in 1usize..200,
        absent in name(),
        pretty in any::<bool>(),
    ) {
        let bytes: Vec<u8> = if pretty {
            serde_json::to_vec_pretty(&doc).unwrap()
        } else {
            doc.to_bytes().to_vec()
        };
        let back = Document::parse(&bytes).unwrap();
        prop_assert_eq!(back.entries.len(), values.len());
        for (n, v) in &values {
            prop_assert_eq!(back.entries[n].value.as_str(), v.as_str());
            let found = find_entry_stream(Chunked { bytes: &bytes, size }, n).unwrap().unwrap();
            prop_assert_eq!(found.value.as_str(), v.as_str());
            prop_assert_eq!(&found.meta, &back.entries[n].meta);
        }
        if !values.iter().any(|(n, _)| n == &absent) {
            let missing = find_entry_stream(Chunked { bytes: &bytes, size }, &absent).unwrap();
            prop_assert!(missing.is_none(), "found an absent name");
        }
    }

    /// Damaged documents are errors or clean misses, never panics, and a hit
    /// is always a parseable entry.
    #[test]
    fn damaged_documents_never_panic(
        (doc, values) in document(),
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        size in 1usize..64,
    ) {
        let mut bytes = doc.to_bytes().to_vec();
        if !bytes.is_empty() {
            let i = flip.index(bytes.len());
            bytes[i] = byte;
            bytes.truncate(cut.index(bytes.len()) + 1);
        }
        let _ = Document::parse(&bytes);
        for (n, _) in values.iter().take(3) {
            let _ = find_entry_stream(Chunked { bytes: &bytes, size }, n);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), n in name()) {
        let _ = Document::parse(&bytes);
        let _ = find_entry_stream(Chunked { bytes: &bytes, size: 7 }, &n);
        let _ = oauth::parse_grant(200, &bytes);
        let _ = oauth::parse_grant(400, &bytes);
        let _ = disk::parse_info(&bytes);
        let _ = Secret::parse(&bytes);
    }

    /// Accepted values are trimmed, stable, and free of whitespace and
    /// control characters; refusals never quote the input.
    #[test]
    fn values_are_validated(raw in any::<String>()) {
        match Secret::parse(raw.as_bytes()) {
            Ok(s) => {
                prop_assert_eq!(s.expose(), raw.trim());
                prop_assert!(!s.expose().chars().any(|c| c.is_whitespace() || c.is_control()));
                let again = Secret::parse(s.expose().as_bytes()).unwrap();
                prop_assert_eq!(again.expose(), s.expose());
            }
            Err(e) => {
                let shown = chopvault::say::Explain::explain(&e).text;
                let t = raw.trim();
                prop_assert!(t.len() < 4 || !shown.contains(t));
            }
        }
    }

    /// A pasted redirect URL gives back the token and lifetime it carries;
    /// a pasted token is taken as it is.
    #[test]
    fn pasted_answers_are_read(tok in "[A-Za-z0-9_.-]{8,60}", expires in any::<u32>()) {
        let url = format!("https://oauth.yandex.ru/verification_code#access_token={tok}&token_type=bearer&expires_in={expires}");
        let g = oauth::parse_pasted(&Secret::parse(url.as_bytes()).unwrap()).unwrap();
        prop_assert_eq!(g.access_token.expose(), tok.as_str());
        prop_assert_eq!(g.expires_in, Some(u64::from(expires)));
        let plain = oauth::parse_pasted(&Secret::parse(tok.as_bytes()).unwrap()).unwrap();
        prop_assert_eq!(plain.access_token.expose(), tok.as_str());
    }

    /// Token grants and Disk answers of the documented shapes are read;
    /// error bodies become OAuth errors without the token.
    #[test]
    fn yandex_json_is_read(tok in "y0_[A-Za-z0-9_-]{10,60}", secs in any::<u32>(), login in "[a-z][a-z0-9.-]{0,20}") {
        let body = format!(r#"{{"access_token": "{tok}", "expires_in": {secs}, "refresh_token": "1:R{tok}", "token_type": "bearer"}}"#);
        let g = oauth::parse_grant(200, body.as_bytes()).unwrap();
        prop_assert_eq!(g.access_token.expose(), tok.as_str());
        prop_assert_eq!(g.expires_in, Some(u64::from(secs)));
        let err = oauth::parse_grant(400, br#"{"error":"invalid_grant","error_description":"Code has expired"}"#).err().unwrap();
        let oauth_code = match err {
            chopvault::yandex::YandexError::OAuth { error, .. } => error,
            _ => String::new(),
        };
        prop_assert_eq!(oauth_code.as_str(), "invalid_grant");
        let info = disk::parse_info(format!(r#"{{"total_space":{secs},"used_space":1,"user":{{"login":"{login}"}}}}"#).as_bytes()).unwrap();
        prop_assert_eq!(info.login.as_deref(), Some(login.as_str()));
    }
}

/// A vault document as text, with the edges a crafted vault can use.
const META_JSON: &str = r#"{"kind":"generic","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","fingerprint":"sha256:0"}"#;

/// JSON fragments in the manner of JSONTestSuite: `y` must be accepted,
/// `n` refused, `i` (implementation-defined) decided alike by both paths.
const FRAGMENTS: &[(char, &str)] = &[
    ('y', "[]"),
    ('y', "{}"),
    (
        'y',
        r#"[1,-0,0.5,-1e10,1E+2,1e-2,123456789012345678901234567890]"#,
    ),
    ('y', r#""\"\\\/\b\f\n\r\t\u0000\u00e9\ud83d\ude00""#),
    ('y', r#"{"a":[{"b":null,"c":true,"d":false}]}"#),
    ('y', " [ 1 , 2 ] "),
    ('y', "\"\u{10FFFF}\u{7F}\""),
    ('y', r#"{"a":1,"A":2}"#),
    ('n', r#"{"a":1,"a":2}"#),
    ('n', r#"{"a":1,"\u0061":2}"#),
    ('n', "[1,]"),
    ('n', "[,1]"),
    ('n', r#"{"a":1,}"#),
    ('n', r#"{"a" 1}"#),
    ('n', r#"{'a':1}"#),
    ('n', "[01]"),
    ('n', "[1.]"),
    ('n', "[.5]"),
    ('n', "[+1]"),
    ('n', "[1e]"),
    ('n', "[0x10]"),
    ('n', "[NaN]"),
    ('n', "[Infinity]"),
    ('n', "[tru]"),
    ('n', "[nul]"),
    ('n', "[True]"),
    ('n', r#"["\x"]"#),
    ('n', r#"["\u12"]"#),
    ('n', r#"["\uZZZZ"]"#),
    ('n', "[\"a\tb\"]"),
    ('n', "[\"a\nb\"]"),
    ('n', "[\"\u{0}\"]"),
    ('n', r#"["abc"#),
    ('n', "[1 2]"),
    ('n', r#"{"a":1 "b":2}"#),
    ('n', "[1]]"),
    ('n', "{"),
    ('n', "/* c */ 1"),
    ('n', "\u{FEFF}[]"),
    ('n', "[\u{A0}1]"),
    ('i', r#"["\ud800"]"#),
    ('i', r#"["\udc00"]"#),
    ('i', r#"["\ud800\u0041"]"#),
    ('i', "[1e99999]"),
    ('i', "[-123456789012345678901234567890e-999999]"),
];

/// The places in a vault document a fragment can stand.
fn placements(fragment: &str) -> Vec<String> {
    let entry = |extra: &str| format!(r#""a":{{"value":"y0_A","meta":{META_JSON}{extra}}}"#);
    let doc = |top: &str, entries: &str| {
        format!(r#"{{"format":"chopvault-vault","version":1{top},"entries":{{{entries}}}}}"#)
    };
    vec![
        doc(&format!(r#","x":{fragment}"#), &entry("")),
        doc(
            "",
            &format!(
                r#"{},"b":{{"value":"y0_B","meta":{META_JSON},"x":{fragment}}}"#,
                entry("")
            ),
        ),
        doc("", &entry(&format!(r#","x":{fragment}"#))),
        doc(
            "",
            &format!(
                r#""a":{{"value":"y0_A","meta":{{"kind":"generic","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","fingerprint":"f","x":{fragment}}}}}"#
            ),
        ),
    ]
}

/// What `get a` gives, in a comparable shape.
fn stream_answer(bytes: &[u8], name: &str, size: usize) -> Result<Option<String>, ()> {
    find_entry_stream(Chunked { bytes, size }, name)
        .map(|e| e.map(|e| e.value.to_string()))
        .map_err(drop)
}

/// What every other command sees.
fn full_answer(bytes: &[u8], name: &str) -> Result<Option<String>, ()> {
    Document::parse(bytes)
        .map(|d| d.entries.get(name).map(|e| e.value.to_string()))
        .map_err(drop)
}

#[test]
fn json_test_suite_cases_in_every_position() {
    for (class, fragment) in FRAGMENTS {
        for (at, text) in placements(fragment).iter().enumerate() {
            let full = full_answer(text.as_bytes(), "a");
            for size in [1, 2, 3, 7, 64, 4096] {
                let streamed = stream_answer(text.as_bytes(), "a", size);
                assert_eq!(streamed, full, "{fragment} at {at}, chunks of {size}");
            }
            assert_eq!(
                scan::validate(text.as_bytes()).is_ok(),
                full.is_ok(),
                "{fragment}"
            );
            match class {
                'y' => assert_eq!(full, Ok(Some("y0_A".into())), "{fragment} at {at}"),
                'n' => assert_eq!(full, Err(()), "{fragment} at {at}"),
                _ => {}
            }
        }
    }
}

/// A name as it may be spelt in JSON: as it is, or with one character
/// escaped (`\u0061`, `\/`), so that two spellings can name one entry.
fn spelt(name: &str, how: usize) -> String {
    let chars: Vec<char> = name.chars().collect();
    let i = how % (chars.len() + 1);
    if i == chars.len() {
        return name.to_string();
    }
    let mut out = String::new();
    for (j, c) in chars.iter().enumerate() {
        if j == i {
            if *c == '/' && how.is_multiple_of(2) {
                out.push_str(r"\/");
            } else {
                out.push_str(&format!("\\u{:04x}", *c as u32));
            }
        } else {
            out.push(*c);
        }
    }
    out
}

fn crafted() -> impl Strategy<Value = (String, Vec<String>)> {
    let entry = (
        "[ab]{1,2}(/[ab])?",
        0usize..8,
        "[A-Za-z0-9]{1,6}",
        prop::option::of(prop::sample::select(FRAGMENTS.to_vec())),
    );
    (
        prop::collection::vec(entry, 0..5),
        prop::option::of(prop::sample::select(FRAGMENTS.to_vec())),
        prop::sample::select(vec![
            "", " ", "\n", "x", "{}", ",", "]", "\u{0}",
            r#"{"format":"chopvault-vault","version":1,"entries":{}}"#,
        ]),
        prop::collection::vec(any::<u8>(), 0..3),
        any::<bool>(),
    )
        .prop_map(|(entries, top_extra, trailing, junk, junk_in_note)| {
            let mut names = Vec::new();
            let body: Vec<String> = entries
                .iter()
                .map(|(name, how, value, extra)| {
                    names.push(name.clone());
                    let extra = extra.map(|(_, f)| format!(r#","x":{f}"#)).unwrap_or_default();
                    let note = if junk_in_note {
                        String::from_utf8_lossy(&junk).replace(['"', '\\'], "")
                    } else {
                        String::new()
                    };
                    format!(
                        r#""{}":{{"value":"y0_{value}","meta":{{"kind":"generic","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","fingerprint":"f","note":"{note}"}}{extra}}}"#,
                        spelt(name, *how)
                    )
                })
                .collect();
            let top = top_extra.map(|(_, f)| format!(r#","x":{f}"#)).unwrap_or_default();
            let text = format!(
                r#"{{"format":"chopvault-vault","version":1{top},"entries":{{{}}}}}{trailing}"#,
                body.join(",")
            );
            (text, names)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    /// The differential that would have caught the duplicate-entry bug:
    /// for crafted documents (names spelt twice, escapes, junk in skipped
    /// places, data after the document) and every chunking, the streaming
    /// lookup and the full parser give the same value or both refuse.
    #[test]
    fn the_scanner_and_the_full_parser_agree_on_crafted_documents(
        (text, names) in crafted(),
        size in 1usize..80,
    ) {
        for name in names.iter().map(String::as_str).chain(["a", "zz"]) {
            let full = full_answer(text.as_bytes(), name);
            let streamed = stream_answer(text.as_bytes(), name, size);
            prop_assert_eq!(&streamed, &full, "{} in {}", name, text);
        }
        // Names spelt twice are never accepted.
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        if unique.len() < names.len() {
            prop_assert!(full_answer(text.as_bytes(), "a").is_err(), "duplicate accepted: {}", text);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// The sweep wipes a stale export's file only when it still holds the
    /// token that was written (with or without a final newline).
    #[test]
    fn the_journal_sweep_wipes_only_our_token(
        token in "[A-Za-z0-9_]{4,40}",
        content in prop::collection::vec(any::<u8>(), 0..64),
        ours in any::<bool>(),
        newline in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token.txt");
        let mut written = if ours { token.clone().into_bytes() } else { content.clone() };
        if ours && newline {
            written.push(b'\n');
        }
        std::fs::write(&file, &written).unwrap();
        let journal = Journal::new(dir.path());
        journal.begin(&Record {
            path: file.clone(),
            temp: None,
            pid: 999_999_999,
            pid_start: None,
            fingerprint: fingerprint_of(token.as_bytes()),
            entry: "e".into(),
            created: jiff::Timestamp::now(),
            size: None,
            host: None,
        }).unwrap();
        journal.sweep();
        let stripped = written.strip_suffix(b"\n").unwrap_or(&written);
        let is_token = stripped == token.as_bytes();
        prop_assert_eq!(file.exists(), !is_token);
        prop_assert!(journal.records().is_empty());
    }
}
