//! An entry's metadata as KV version 2 `custom_metadata`: beside the value,
//! readable with `read` on `MOUNT/metadata/…` alone, so `list`, `status` and
//! `check` never read a token, and a `set` learns what it replaces from one
//! request whatever the store holds.
//!
//! The server's limits (OpenBao's kv plugin, `validateCustomMetadata`): at
//! most 64 keys, keys 1–128 bytes, values 1–512 bytes of printable text,
//! strings only. So the metadata is kept as:
//!
//! | key | value |
//! |---|---|
//! | `chopvault` | format, `1` |
//! | `version` | the KV version it describes (a later version it does not: stale) |
//! | `kind`, `fingerprint`, `expires_at` | for people reading `bao kv metadata get` |
//! | `meta.00` … | the whole [`Meta`] as ASCII-only JSON, cut in 500-byte pieces |
//! | `history_dropped` | how many of the oldest history events did not fit |
//! | `fingerprints` | `N:sha256:… N:sha256:…`: each recent KV version's value fingerprint |
//!
//! The value's own data keeps a full copy too (older chopvault versions on
//! other hosts read it there, and a stale or missing copy here is repaired
//! from it by the next write or `reindex`).
//!
//! `fingerprints` lets `history` show what each version held without
//! reading any value (a token that may read metadata only runs it). Each
//! writer adds the version it wrote to the list it found, so a pair is
//! only ever written by the writer of that version; a version written by
//! another tool, or by a host that may not write metadata, is missing from
//! the list (never wrong in it), and `history` reads that version's value
//! when it may. The oldest pairs go first when the list outgrows one value
//! (about 20 versions; KV keeps 10 by default).

use std::collections::BTreeMap;

use crate::entry::Meta;

/// Most keys the server accepts.
const MAX_KEYS: usize = 64;
/// Most bytes in a value; pieces stay below it.
const PIECE: usize = 500;
/// Keys other than the pieces.
const FIXED_KEYS: usize = 7;

/// Metadata read back from `custom_metadata`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The entry's metadata.
    pub meta: Meta,
    /// The KV version it describes.
    pub version: u64,
    /// Whether the whole history is here (else the oldest events are only
    /// in the value's data).
    pub complete: bool,
    /// The fingerprint of each recent KV version's value, by version.
    pub fingerprints: BTreeMap<u64, String>,
}

/// The `custom_metadata` for `meta`, describing KV version `version`;
/// `fingerprints` are the versions' value fingerprints known (`version`'s
/// own included).
pub fn encode(
    meta: &Meta,
    version: u64,
    fingerprints: &BTreeMap<u64, String>,
) -> BTreeMap<String, String> {
    let mut meta = meta.clone();
    let mut dropped = 0usize;
    let pieces = loop {
        let json = ascii_json(&meta);
        let pieces = cut(&json);
        if pieces.len() + FIXED_KEYS <= MAX_KEYS || meta.history.is_empty() {
            break pieces;
        }
        // The oldest events go first: the recent ones say what happened lately.
        let n = meta.history.len().div_ceil(4);
        meta.history.drain(..n);
        dropped += n;
    };
    let mut out = BTreeMap::new();
    out.insert("chopvault".into(), "1".into());
    out.insert("version".into(), version.to_string());
    out.insert("kind".into(), meta.kind.to_string());
    out.insert("fingerprint".into(), meta.fingerprint.clone());
    if let Some(t) = meta.expires_at {
        out.insert("expires_at".into(), t.to_string());
    }
    if dropped > 0 {
        out.insert("history_dropped".into(), dropped.to_string());
    }
    if let Some(list) = fingerprint_list(fingerprints) {
        out.insert("fingerprints".into(), list);
    }
    for (i, p) in pieces.into_iter().enumerate() {
        out.insert(format!("meta.{i:02}"), p);
    }
    out
}

/// Reads back what [`encode`] wrote; `None` when the keys are not
/// chopvault's (an entry written by an older version, or by hand).
pub fn decode(custom: &BTreeMap<String, String>) -> Option<Stored> {
    if custom.get("chopvault").map(String::as_str) != Some("1") {
        return None;
    }
    let version = custom.get("version")?.parse().ok()?;
    let mut json = String::new();
    for i in 0.. {
        match custom.get(&format!("meta.{i:02}")) {
            Some(p) => json.push_str(p),
            None => break,
        }
    }
    let meta = serde_json::from_str(&json).ok()?;
    let fingerprints = custom
        .get("fingerprints")
        .map(|list| {
            list.split(' ')
                .filter_map(|pair| {
                    let (v, fp) = pair.split_once(':')?;
                    let v = v.parse().ok()?;
                    (!fp.is_empty()).then(|| (v, fp.to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Stored {
        meta,
        version,
        complete: !custom.contains_key("history_dropped"),
        fingerprints,
    })
}

/// `N:fingerprint` pairs, newest kept when they do not all fit in one
/// value; `None` when there are none.
fn fingerprint_list(fingerprints: &BTreeMap<u64, String>) -> Option<String> {
    let mut kept: Vec<String> = Vec::new();
    let mut len = 0;
    for (v, fp) in fingerprints.iter().rev() {
        // A fingerprint is chopvault's `sha256:hex`: printable, no spaces.
        if fp.is_empty() || !fp.chars().all(|c| c.is_ascii_graphic()) {
            continue;
        }
        let pair = format!("{v}:{fp}");
        let grown = len + pair.len() + usize::from(!kept.is_empty());
        if grown > PIECE {
            break;
        }
        len = grown;
        kept.push(pair);
    }
    kept.reverse();
    (!kept.is_empty()).then(|| kept.join(" "))
}

/// JSON with every non-ASCII character escaped: the server refuses
/// unprintable characters, and pieces are then cut anywhere.
fn ascii_json(meta: &Meta) -> String {
    let json = serde_json::to_string(meta).expect("metadata always serialises");
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            // Outside ASCII only inside strings, where \u escapes are JSON.
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

fn cut(ascii: &str) -> Vec<String> {
    ascii
        .as_bytes()
        .chunks(PIECE)
        .map(|c| String::from_utf8(c.to_vec()).expect("ASCII"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::{Event, Kind};
    use jiff::Timestamp;

    fn meta() -> Meta {
        let now: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        let mut m = Meta::new(Kind::YandexDisk, "sha256:0123456789abcdef".into(), now);
        m.note = Some("дача, ключ 🔑".into());
        m.expires_at = Some(now);
        m.record(Event::Set, now, None);
        m
    }

    fn within_limits(custom: &BTreeMap<String, String>) {
        assert!(custom.len() <= MAX_KEYS);
        for (k, v) in custom {
            assert!((1..=128).contains(&k.len()), "{k}");
            assert!((1..=512).contains(&v.len()), "{k}");
            assert!(v.chars().all(|c| c.is_ascii_graphic() || c == ' '), "{v}");
        }
    }

    #[test]
    fn metadata_comes_back_as_it_went_in() {
        let m = meta();
        let custom = encode(&m, 7, &BTreeMap::new());
        within_limits(&custom);
        assert_eq!(custom["fingerprint"], "sha256:0123456789abcdef");
        assert_eq!(custom["kind"], "yandex-disk");
        let back = decode(&custom).unwrap();
        assert_eq!(back.meta, m);
        assert_eq!(back.version, 7);
        assert!(back.complete);
    }

    #[test]
    fn a_long_history_is_cut_from_the_oldest_end_within_the_servers_limits() {
        let mut m = meta();
        let start: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        for i in 0..100 {
            m.record(
                Event::Verify,
                start + jiff::SignedDuration::from_secs(i * 60),
                Some("x".repeat(200)),
            );
        }
        let custom = encode(&m, 3, &fingerprints(1..=3));
        within_limits(&custom);
        let back = decode(&custom).unwrap();
        assert!(!back.complete);
        assert!(back.meta.history.len() < m.history.len());
        assert_eq!(back.meta.history.last(), m.history.last());
        assert_eq!(back.meta.fingerprint, m.fingerprint);
    }

    fn fingerprints(versions: std::ops::RangeInclusive<u64>) -> BTreeMap<u64, String> {
        versions.map(|v| (v, format!("sha256:{v:012x}"))).collect()
    }

    #[test]
    fn each_versions_fingerprint_comes_back_the_newest_kept_when_too_many() {
        let m = meta();
        let few = fingerprints(1..=3);
        let back = decode(&encode(&m, 3, &few)).unwrap();
        assert_eq!(back.fingerprints, few);
        // More than fit in one value: the newest stay, in the server's limits.
        let many = fingerprints(1..=100);
        let custom = encode(&m, 100, &many);
        within_limits(&custom);
        let back = decode(&custom).unwrap();
        assert!(back.fingerprints.len() >= 20, "{}", back.fingerprints.len());
        assert!(back.fingerprints.len() < 100);
        assert_eq!(back.fingerprints.get(&100), many.get(&100));
        assert!(
            back.fingerprints
                .iter()
                .all(|(v, fp)| many.get(v) == Some(fp))
        );
        // A list written by hand is read as far as it makes sense.
        let mut custom = encode(&m, 1, &BTreeMap::new());
        custom.insert("fingerprints".into(), "x:y 2:sha256:ab 3: 4".into());
        let back = decode(&custom).unwrap();
        assert_eq!(
            back.fingerprints,
            BTreeMap::from([(2, "sha256:ab".to_string())])
        );
    }

    #[test]
    fn keys_that_are_not_ours_are_not_read() {
        let mut custom = BTreeMap::new();
        custom.insert("owner".to_string(), "ops".to_string());
        assert_eq!(decode(&custom), None);
    }
}
