//! The decrypted content of an age vault: a versioned JSON document.
//!
//! ```json
//! {"format":"chopvault-vault","version":1,"recipients":["age1…"],
//!  "entries":{"yandex-disk":{"value":"y0_…","meta":{…}}}}
//! ```
//! `recipients` is empty for a passphrase vault. `members` (identity
//! vaults) lists who may sign it: each writer's recipient, signing key
//! (`ssh-ed25519 AAAA…`) and name; a recipient with no member record can
//! read but not write. The list is inside the encrypted, signed document,
//! so the signature covers it. `vault_id` (32 hex digits, random at
//! creation) and `generation` (raised by every write) say which vault this
//! is and how new: with the signature over them, a copy of another vault
//! or an older copy of this one is recognised (see [`super::trust`]).
//! `Debug` is written by hand and never shows a value.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::entry::Meta;

/// The `format` field of every vault document.
pub const FORMAT: &str = "chopvault-vault";
/// The newest document version this build reads and the one it writes.
/// Version 2 added `members`; version 3 `vault_id` and `generation`. An
/// older chopvault refuses a newer document rather than dropping what it
/// does not know (members, lineage) on its next write: a write without the
/// generation would look like a rollback to every reader.
pub const VERSION: u32 = 3;

/// The whole vault, decrypted.
#[derive(Serialize, Deserialize, Default)]
pub struct Document {
    /// Always [`FORMAT`].
    pub format: String,
    /// Document version.
    pub version: u32,
    /// Which vault this is: 32 lower-case hex digits, random, set when the
    /// vault is created (or on the first write of a vault from before
    /// version 3) and never changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault_id: Option<String>,
    /// The vault's name, the stem of the file it was made as (`prod` for
    /// `prod.age`): a file of one vault put in another's place names the
    /// other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault_name: Option<String>,
    /// How new it is: every write raises it by at least one.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub generation: u64,
    /// age X25519 recipients the vault is encrypted to (empty: passphrase).
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Who may sign (write) the vault. Empty: a passphrase vault, or an
    /// identity vault written before vaults were signed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Member>,
    /// The entries by name.
    #[serde(default)]
    pub entries: BTreeMap<String, StoredEntry>,
}

/// Which vault a document is and how new: `vault_id`, `vault_name` and `generation`
/// (none and 0 in a document from before version 3).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lineage {
    /// The vault id.
    pub vault_id: Option<String>,
    /// The vault's name: the stem of the file it was made as (`prod` for
    /// `prod.age`), so that a vault's files put in another vault's place
    /// are recognised even where this machine has pinned neither.
    pub name: Option<String>,
    /// The generation.
    pub generation: u64,
}

/// A member who may sign the vault. Public data.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Their age recipient (`age1…`).
    pub recipient: String,
    /// Their signing key, `ssh-ed25519 AAAA…`.
    pub key: String,
    /// A name to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One entry with its value.
#[derive(Serialize, Deserialize)]
pub struct StoredEntry {
    /// The secret value.
    pub value: Zeroizing<String>,
    /// Its metadata.
    pub meta: Meta,
    /// Secrets kept beside the value (refresh token, client secret).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub aux: BTreeMap<String, Zeroizing<String>>,
}

/// Why decrypted bytes are not a vault document. Never quotes the content
/// (serde's messages can quote a value, so only the position is kept);
/// worded by the command line (`say::file`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Not JSON, or not the expected shape, at this line and column.
    Malformed {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A name appears twice in one object (after unescaping), at this
    /// line and column.
    Duplicate {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// Another format name.
    NotAVault,
    /// Written by a newer chopvault.
    TooNew(u32),
}

// Debug shows names and metadata; values and aux secrets are redacted.
impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("format", &self.format)
            .field("version", &self.version)
            .field("vault_id", &self.vault_id)
            .field("vault_name", &self.vault_name)
            .field("generation", &self.generation)
            .field("recipients", &self.recipients)
            .field("members", &self.members)
            .field("entries", &self.entries)
            .finish()
    }
}

impl std::fmt::Debug for StoredEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredEntry")
            .field("value", &"[REDACTED]")
            .field("meta", &self.meta)
            .field("aux", &self.aux.keys().collect::<Vec<_>>())
            .finish()
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A new vault id: 128 random bits as 32 lower-case hex digits.
pub fn new_vault_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    crate::text::hex(&bytes)
}

/// Whether `text` can be a vault name: 1 to 64 letters, digits, `.`, `_`
/// and `-` (what [`vault_name_of`] keeps of a file name).
pub fn is_vault_name(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The name a vault file gives its vault: the stem of its file name
/// (`prod.age` → `prod`), with anything but letters, digits, `.`, `_`, `-`
/// left out, at most 64 characters; `vault` when nothing is left.
pub fn vault_name_of(path: &std::path::Path) -> String {
    let stem: String = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .take(64)
        .collect();
    if stem.is_empty() {
        "vault".into()
    } else {
        stem
    }
}

/// Whether `text` is a vault id as [`new_vault_id`] makes them.
pub fn is_vault_id(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl Document {
    /// An empty vault for these recipients (none: passphrase).
    pub fn new(recipients: Vec<String>) -> Self {
        Document {
            format: FORMAT.into(),
            version: VERSION,
            vault_id: Some(new_vault_id()),
            vault_name: None,
            generation: 0,
            recipients,
            members: Vec::new(),
            entries: BTreeMap::new(),
        }
    }

    /// Serialises into a zeroizing buffer reserved to its exact final size
    /// (measured by a first pass), so no outgrown copy is freed unzeroed.
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut counter = Counter(0);
        serde_json::to_writer(&mut counter, self).expect("a document always serialises");
        let mut buf = Zeroizing::new(Vec::with_capacity(counter.0));
        serde_json::to_writer(&mut *buf, self).expect("a document always serialises");
        debug_assert_eq!(buf.len(), buf.capacity());
        buf
    }

    /// Which vault this is and how new.
    pub fn lineage(&self) -> Lineage {
        Lineage {
            vault_id: self.vault_id.clone(),
            name: self.vault_name.clone(),
            generation: self.generation,
        }
    }

    /// The metadata of every entry (for the index).
    pub fn metas(&self) -> BTreeMap<String, Meta> {
        self.entries
            .iter()
            .map(|(k, v)| (k.clone(), v.meta.clone()))
            .collect()
    }
}

struct Counter(usize);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Kind;

    fn doc_with(value: &str) -> Document {
        let now = jiff::Timestamp::now();
        let mut d = Document::new(vec![]);
        d.entries.insert(
            "t".into(),
            StoredEntry {
                value: Zeroizing::new(value.into()),
                meta: Meta {
                    kind: Kind::YandexDisk,
                    created: now,
                    updated: now,
                    expires_at: None,
                    client_id: None,
                    login: None,
                    last_verified: None,
                    fingerprint: "sha256:x".into(),
                    note: None,
                    device_id: None,
                    aux: vec![],
                    history: vec![],
                },
                aux: BTreeMap::new(),
            },
        );
        d
    }

    #[test]
    fn round_trip_with_exact_buffer() {
        let d = doc_with("y0_abc\"quoted");
        let bytes = d.to_bytes();
        assert_eq!(bytes.len(), bytes.capacity());
        let back = Document::parse(&bytes).unwrap();
        assert_eq!(back.entries["t"].value.as_str(), "y0_abc\"quoted");
    }

    #[test]
    fn debug_never_shows_values() {
        let shown = format!("{:?}", doc_with("y0_DEBUGLEAK"));
        assert!(
            !shown.contains("DEBUGLEAK") && shown.contains("REDACTED"),
            "{shown}"
        );
    }

    #[test]
    fn errors_never_quote_the_content() {
        // A value where a number is expected: serde would quote it.
        let text = br#"{"format":"chopvault-vault","version":1,"entries":{"t":{"value":"y0_LEAK","meta":"y0_LEAK2"}}}"#;
        let Err(err) = Document::parse(text) else {
            panic!("must fail")
        };
        assert!(!format!("{err:?}").contains("LEAK"), "{err:?}");
    }

    #[test]
    fn newer_and_foreign_documents() {
        assert_eq!(
            Document::parse(br#"{"format":"chopvault-vault","version":99,"x":[]}"#).err(),
            Some(FormatError::TooNew(99))
        );
        assert_eq!(
            Document::parse(br#"{"format":"other","version":1}"#).err(),
            Some(FormatError::NotAVault)
        );
        assert!(matches!(
            Document::parse(b"{\"format\":").err(),
            Some(FormatError::Malformed { .. })
        ));
    }
}
