//! Property tests (proptest) on what chopvault parses: the vault document
//! and its streaming lookup, values, pasted OAuth answers, Yandex JSON, and
//! the export journal's sweep. They run in CI with a bounded case count.

use std::collections::BTreeMap;
use std::io::Read;

use chopvault::export::journal::{Journal, Record};
use chopvault::secret::{Secret, fingerprint_of};
use chopvault::vault::document::{Document, StoredEntry};
use chopvault::vault::entry::{HistoryEvent, Kind, Meta};
use chopvault::vault::scan::find_entry_stream;
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
                    event: "set".into(),
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
                let shown = e.to_string();
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
        prop_assert!(err.to_string().contains("invalid_grant"));
        let info = disk::parse_info(format!(r#"{{"total_space":{secs},"used_space":1,"user":{{"login":"{login}"}}}}"#).as_bytes()).unwrap();
        prop_assert_eq!(info.login.as_deref(), Some(login.as_str()));
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
        }).unwrap();
        journal.sweep();
        let stripped = written.strip_suffix(b"\n").unwrap_or(&written);
        let is_token = stripped == token.as_bytes();
        prop_assert_eq!(file.exists(), !is_token);
        prop_assert!(journal.records().is_empty());
    }
}
