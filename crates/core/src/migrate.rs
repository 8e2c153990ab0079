//! Moving every entry from one store to another without losing any.
//!
//! The order is what makes it safe to interrupt at any moment:
//!
//! 1. every value, its aux secrets and metadata are read from the old
//!    store, and the new store is checked for entries of the same name
//!    that hold something else (refused unless forced: nothing written);
//! 2. each entry is written to the new store and read back;
//! 3. a journal names both stores and what moved, then the config is
//!    switched to the new store (one atomic rename);
//! 4. only then are the old copies removed, and the journal with them.
//!
//! Killed before 3, the config still names the old store, which is
//! untouched; running `migrate` again copies again (same values are not a
//! conflict). Killed after 3, the new store is in use and complete, and
//! the journal tells the next `migrate` which old copies to remove.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::entry::{CLIENT_SECRET, Event, Meta, REFRESH_TOKEN};
use crate::fsutil::{self, FsError};
use crate::secret::Secret;
use crate::store::{AuxUpdate, StoreError};
use crate::vault::{Vault, VaultError};

/// What a migration records between switching the config and removing the
/// old copies. Holds no value: names and fingerprints only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journal {
    /// When the switch was made.
    pub at: Timestamp,
    /// The config before: the old store.
    pub from: Config,
    /// The config after: the new store.
    pub to: Config,
    /// What was moved, and is to be removed from the old store.
    pub moved: Vec<Moved>,
}

/// One moved entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moved {
    /// The entry.
    pub name: String,
    /// Its value's fingerprint: only that value is removed from the old store.
    pub fingerprint: String,
}

/// A migration failure.
#[derive(Debug)]
pub enum MigrateError {
    /// Reading or writing a store.
    Vault(VaultError),
    /// The new store holds other values under these names; nothing was
    /// written.
    Conflicts(Vec<String>),
    /// An entry lists a secret beside its value that this version does not
    /// know how to carry; nothing was written.
    UnknownAux {
        /// The entry.
        name: String,
        /// The aux key (a name, never a value).
        key: String,
    },
    /// What the new store gave back is not what was written.
    Mismatch(String),
    /// The journal cannot be used.
    Journal(PathBuf, JournalWhy),
    /// Writing the journal.
    Fs(FsError),
}

/// Why the migration journal cannot be used.
#[derive(Debug)]
pub enum JournalWhy {
    /// It cannot be read (the system's error).
    Io(std::io::Error),
    /// It is not a file chopvault reads (a link, too large).
    Fs(FsError),
    /// It is not a chopvault migration journal.
    NotJournal,
}

impl From<VaultError> for MigrateError {
    fn from(e: VaultError) -> Self {
        MigrateError::Vault(e)
    }
}

impl From<StoreError> for MigrateError {
    fn from(e: StoreError) -> Self {
        MigrateError::Vault(VaultError::Store(e))
    }
}

/// One entry read from the old store, ready to be written.
pub struct Item {
    /// Its name.
    pub name: String,
    /// Its metadata, as the old store has it.
    pub meta: Meta,
    /// The value.
    pub value: Secret,
    /// The secrets kept beside it.
    pub aux: Vec<(&'static str, Secret)>,
}

/// Aux keys are carried by their known names (the store API takes
/// `&'static str`); an unknown one stops the migration before it writes.
fn known_aux(key: &str) -> Option<&'static str> {
    [REFRESH_TOKEN, CLIENT_SECRET]
        .into_iter()
        .find(|k| *k == key)
}

/// Every listed entry read from the old store, and the names listed
/// whose value the store no longer has (removed by another tool: there is
/// nothing to move, and nothing is lost by skipping them).
pub struct ReadAll {
    /// The entries, with their values.
    pub items: Vec<Item>,
    /// Listed, but without a value.
    pub missing: Vec<String>,
}

/// Reads every listed entry (value and aux secrets) from the old store.
pub fn read_all(
    source: &mut Vault,
    metas: std::collections::BTreeMap<String, Meta>,
) -> Result<ReadAll, MigrateError> {
    let mut items = Vec::with_capacity(metas.len());
    let mut missing = Vec::new();
    for (name, meta) in metas {
        let value = match source.get(&name) {
            Ok(v) => v,
            Err(e) if absent(&e) => {
                missing.push(name);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let mut aux = Vec::new();
        for key in &meta.aux {
            let Some(known) = known_aux(key) else {
                return Err(MigrateError::UnknownAux {
                    name,
                    key: key.clone(),
                });
            };
            if let Some(secret) = source.get_aux(&name, known)? {
                aux.push((known, secret));
            }
        }
        items.push(Item {
            name,
            meta,
            value,
            aux,
        });
    }
    Ok(ReadAll { items, missing })
}

/// True when the store's answer means "there is no such entry here".
fn absent(e: &VaultError) -> bool {
    matches!(
        e,
        VaultError::Store(StoreError::NotFound(_) | StoreError::Gone { .. })
    )
}

/// Names the new store already holds with another value. (The same value
/// is no conflict: an interrupted migration wrote it.)
pub fn conflicts(target: &mut Vault, items: &[Item]) -> Result<Vec<String>, MigrateError> {
    let mut clash = Vec::new();
    for item in items {
        match target.get(&item.name) {
            Ok(v) if v == item.value => {}
            Ok(_) => clash.push(item.name.clone()),
            Err(e) if absent(&e) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(clash)
}

/// Writes each entry to the new store, with its metadata and one more
/// history line, and reads it back. Returns what moved.
pub fn copy_all(
    target: &mut Vault,
    items: &[Item],
    from: &str,
) -> Result<Vec<Moved>, MigrateError> {
    let now = Timestamp::now();
    let mut moved = Vec::with_capacity(items.len());
    for item in items {
        let aux = AuxUpdate {
            set: item.aux.iter().map(|(k, v)| (*k, v.clone())).collect(),
            clear: Vec::new(),
        };
        let fingerprint = item.value.fingerprint();
        target.set_with_aux(&item.name, &item.value, &aux, |_| {
            let mut meta = item.meta.clone();
            meta.fingerprint.clone_from(&fingerprint);
            // Data, not words: `history` words it in the reader's language.
            meta.record(Event::Migrated, now, Some(format!("from {from}")));
            meta
        })?;
        // Read back through the store itself, not a cache.
        if target.get(&item.name)? != item.value {
            return Err(MigrateError::Mismatch(item.name.clone()));
        }
        for (key, value) in &item.aux {
            if target.get_aux(&item.name, key)?.as_ref() != Some(value) {
                return Err(MigrateError::Mismatch(item.name.clone()));
            }
        }
        moved.push(Moved {
            name: item.name.clone(),
            fingerprint,
        });
    }
    Ok(moved)
}

/// What removing the old copies did.
#[derive(Debug, Default)]
pub struct Removed {
    /// Entries removed.
    pub removed: Vec<String>,
    /// Entries left because the old store holds another value now.
    pub changed: Vec<String>,
}

/// Removes the moved entries from the old store: only those that still
/// hold the value that was moved. Entries already gone are fine.
pub fn remove_old(source: &mut Vault, moved: &[Moved]) -> Result<Removed, MigrateError> {
    let mut out = Removed::default();
    for m in moved {
        match source.get(&m.name) {
            Ok(v) if v.fingerprint() == m.fingerprint => {}
            Ok(_) => {
                out.changed.push(m.name.clone());
                continue;
            }
            Err(e) if absent(&e) => continue,
            Err(e) => return Err(e.into()),
        }
        match source.remove(&m.name) {
            Ok(_) => out.removed.push(m.name.clone()),
            Err(e) if absent(&e) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(out)
}

impl Journal {
    /// Where the journal lives: the state folder.
    pub fn path(state_dir: &Path) -> PathBuf {
        state_dir.join("migration.json")
    }

    /// The journal of an interrupted migration, if there is one.
    pub fn load(path: &Path) -> Result<Option<Journal>, MigrateError> {
        let bytes = match crate::fsutil::read_bounded(path, crate::fsutil::MAX_INDEX_FILE) {
            Ok(b) => b,
            Err(e) if e.is_not_found() => return Ok(None),
            Err(crate::fsutil::FsError::Io { source, .. }) => {
                return Err(MigrateError::Journal(
                    path.to_path_buf(),
                    JournalWhy::Io(source),
                ));
            }
            Err(e) => {
                return Err(MigrateError::Journal(path.to_path_buf(), JournalWhy::Fs(e)));
            }
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|_| MigrateError::Journal(path.to_path_buf(), JournalWhy::NotJournal))
    }

    /// Writes it atomically (0600 in a 0700 folder).
    pub fn save(&self, path: &Path) -> Result<(), MigrateError> {
        let text = serde_json::to_vec_pretty(self).expect("a journal always serialises");
        fsutil::ensure_private_dir(fsutil::parent_of(path)).map_err(MigrateError::Fs)?;
        fsutil::atomic_write(path, &text).map_err(MigrateError::Fs)
    }

    /// Removes it once the old copies are gone.
    pub fn remove(path: &Path) -> Result<(), MigrateError> {
        match std::fs::remove_file(path) {
            Ok(()) => fsutil::sync_dir(fsutil::parent_of(path)).map_err(MigrateError::Fs),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(MigrateError::Fs(FsError::io(
                crate::fsutil::Action::Remove,
                path,
                e,
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Kind;
    use crate::store::memory::MemoryStore;

    fn vault(dir: &Path, tag: &str) -> Vault {
        Vault::new(
            Box::new(MemoryStore::default()),
            dir.join(format!("{tag}.index.json")),
            dir.join(format!("{tag}.lock")),
        )
    }

    fn meta(value: &Secret) -> Meta {
        let now = Timestamp::now();
        Meta {
            kind: Kind::YandexDisk,
            created: now,
            updated: now,
            expires_at: None,
            client_id: Some("c".into()),
            login: None,
            last_verified: None,
            fingerprint: value.fingerprint(),
            note: Some("n".into()),
            device_id: None,
            aux: vec![],
            history: vec![],
        }
    }

    #[test]
    fn moves_values_aux_and_metadata_then_removes_the_old() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = vault(dir.path(), "old");
        let mut new = vault(dir.path(), "new");
        let a = Secret::parse(b"y0_a").unwrap();
        let r = Secret::parse(b"refresh").unwrap();
        let aux = AuxUpdate {
            set: vec![(REFRESH_TOKEN, r.clone())],
            clear: vec![],
        };
        old.set_with_aux("a", &a, &aux, |_| meta(&a)).unwrap();
        let metas = old.entries().unwrap();
        let items = read_all(&mut old, metas).unwrap().items;
        assert!(conflicts(&mut new, &items).unwrap().is_empty());
        let moved = copy_all(&mut new, &items, "keyring").unwrap();
        assert_eq!(new.get("a").unwrap(), a);
        assert_eq!(new.get_aux("a", REFRESH_TOKEN).unwrap(), Some(r));
        let m = new.meta("a").unwrap().unwrap();
        assert_eq!(m.note.as_deref(), Some("n"));
        assert_eq!(m.aux, vec![REFRESH_TOKEN.to_string()]);
        assert_eq!(m.history.last().unwrap().event, Event::Migrated);
        // Copying again is no conflict.
        assert!(conflicts(&mut new, &items).unwrap().is_empty());
        let removed = remove_old(&mut old, &moved).unwrap();
        assert_eq!(removed.removed, vec!["a".to_string()]);
        assert!(old.entries().unwrap().is_empty());
        // Already gone: nothing to do, no error.
        assert!(remove_old(&mut old, &moved).unwrap().removed.is_empty());
    }

    #[test]
    fn another_value_under_the_same_name_is_a_conflict_and_survives_cleanup() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = vault(dir.path(), "old");
        let mut new = vault(dir.path(), "new");
        let a = Secret::parse(b"y0_a").unwrap();
        let b = Secret::parse(b"y0_b").unwrap();
        old.set("a", &a, |_| meta(&a)).unwrap();
        new.set("a", &b, |_| meta(&b)).unwrap();
        let metas = old.entries().unwrap();
        let items = read_all(&mut old, metas).unwrap().items;
        assert_eq!(conflicts(&mut new, &items).unwrap(), vec!["a".to_string()]);
        // The old store changed after the move: that value is kept.
        let moved = vec![Moved {
            name: "a".into(),
            fingerprint: b.fingerprint(),
        }];
        let removed = remove_old(&mut old, &moved).unwrap();
        assert_eq!(removed.changed, vec!["a".to_string()]);
        assert_eq!(old.get("a").unwrap(), a);
    }

    #[test]
    fn an_unknown_aux_key_stops_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = vault(dir.path(), "old");
        let a = Secret::parse(b"y0_a").unwrap();
        old.set("a", &a, |_| meta(&a)).unwrap();
        let mut metas = old.entries().unwrap();
        metas.get_mut("a").unwrap().aux = vec!["\u{1b}[31mweird".into()];
        let err = read_all(&mut old, metas).err().unwrap();
        assert!(matches!(err, MigrateError::UnknownAux { .. }));
    }

    #[test]
    fn journal_round_trip_and_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let p = Journal::path(&dir.path().join("state"));
        assert_eq!(Journal::load(&p).unwrap(), None);
        let cfg = |store| Config {
            store,
            vault: None,
            identity: None,
            chosen_because: None,
            openbao: None,
            unlock_for: None,
        };
        let j = Journal {
            at: Timestamp::now(),
            from: cfg(crate::config::StoreKind::Keyring),
            to: cfg(crate::config::StoreKind::File),
            moved: vec![Moved {
                name: "a".into(),
                fingerprint: "sha256:x".into(),
            }],
        };
        j.save(&p).unwrap();
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(Journal::load(&p).unwrap(), Some(j));
        std::fs::write(&p, "{").unwrap();
        assert!(matches!(Journal::load(&p), Err(MigrateError::Journal(..))));
        Journal::remove(&p).unwrap();
        Journal::remove(&p).unwrap();
    }
}
