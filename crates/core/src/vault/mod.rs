//! The vault: a store of values joined with the metadata index, kept in
//! step under one writers' lock. Commands talk to this, not to stores.

pub mod index;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::entry::Meta;
use crate::fsutil::{self, FsError, Lock};
use crate::secret::Secret;
use crate::store::{AuxUpdate, PutOutcome, Store, StoreError};
use index::{Index, IndexError};

/// A vault failure.
#[derive(Debug)]
pub enum VaultError {
    /// From the store.
    Store(StoreError),
    /// From the index.
    Index(IndexError),
    /// Taking the lock failed.
    Lock(FsError),
}

impl From<StoreError> for VaultError {
    fn from(e: StoreError) -> Self {
        VaultError::Store(e)
    }
}

impl From<IndexError> for VaultError {
    fn from(e: IndexError) -> Self {
        VaultError::Index(e)
    }
}

/// A store and its index.
pub struct Vault {
    store: Box<dyn Store>,
    index_path: PathBuf,
    lock_path: PathBuf,
}

impl Vault {
    /// Joins a store with the index and lock files at these paths.
    pub fn new(store: Box<dyn Store>, index_path: PathBuf, lock_path: PathBuf) -> Self {
        Vault {
            store,
            index_path,
            lock_path,
        }
    }

    /// Every entry's metadata, from the index: unlocks nothing.
    pub fn entries(&self) -> Result<BTreeMap<String, Meta>, VaultError> {
        Ok(Index::load(&self.index_path)?
            .map(|i| i.entries)
            .unwrap_or_default())
    }

    /// Every entry's metadata from the store itself where it keeps it (an
    /// age vault: unlocks it), else from the index.
    pub fn all_metas(&mut self) -> Result<BTreeMap<String, Meta>, VaultError> {
        match self.store.all_metas()? {
            Some(all) => Ok(all),
            None => self.entries(),
        }
    }

    /// One entry's metadata, from the index.
    pub fn meta(&self, name: &str) -> Result<Option<Meta>, VaultError> {
        Ok(self.entries()?.remove(name))
    }

    /// Proves the store opens, before a long interactive step.
    pub fn unlock(&mut self) -> Result<(), VaultError> {
        Ok(self.store.unlock()?)
    }

    /// Reads a value (unlocks the store).
    pub fn get(&mut self, name: &str) -> Result<Secret, VaultError> {
        Ok(self.store.get(name)?)
    }

    /// Reads a secret kept beside an entry.
    pub fn get_aux(&mut self, name: &str, key: &str) -> Result<Option<Secret>, VaultError> {
        Ok(self.store.get_aux(name, key)?)
    }

    /// Stores a value; `update` turns the old metadata into the new one.
    pub fn set(
        &mut self,
        name: &str,
        value: &Secret,
        update: impl FnMut(Option<&Meta>) -> Meta,
    ) -> Result<Meta, VaultError> {
        self.set_with_aux(name, value, &AuxUpdate::default(), update)
    }

    /// Stores a value and changes its aux secrets, in one locked write.
    pub fn set_with_aux(
        &mut self,
        name: &str,
        value: &Secret,
        aux: &AuxUpdate,
        mut update: impl FnMut(Option<&Meta>) -> Meta,
    ) -> Result<Meta, VaultError> {
        self.store.prepare_unlock()?;
        let lock = self.lock()?;
        let index = self.load_index()?;
        let mut with_aux = |old: Option<&Meta>| {
            let mut meta = update(old);
            meta.aux = aux.apply_to_keys(old.map(|m| m.aux.as_slice()).unwrap_or_default());
            meta
        };
        let outcome = self
            .store
            .put(name, value, aux, index.entries.get(name), &mut with_aux)?;
        self.finish_write(name, &lock, outcome)
    }

    /// Changes an entry's metadata only (verification results, owner).
    pub fn update_meta(
        &mut self,
        name: &str,
        mut update: impl FnMut(&Meta) -> Meta,
    ) -> Result<Meta, VaultError> {
        self.store.prepare_unlock()?;
        let lock = self.lock()?;
        let index = self.load_index()?;
        let known = index.entries.get(name);
        if known.is_none() && !self.store.keeps_meta() {
            return Err(StoreError::NotFound(name.to_owned()).into());
        }
        let mut f = |old: Option<&Meta>| match old {
            Some(m) => update(m),
            None => unreachable!("stores call update_meta's closure with the entry's metadata"),
        };
        let outcome = self.store.update_meta(name, known, &mut f)?;
        self.finish_write(name, &lock, outcome)
    }

    /// Records a write in the index (under the same lock as the write).
    fn finish_write(
        &self,
        name: &str,
        lock: &Lock,
        outcome: PutOutcome,
    ) -> Result<Meta, VaultError> {
        let source = self.store.source_file().and_then(index::Stamp::of);
        Index::update(&self.index_path, self.store.kind(), lock, |index| {
            match outcome.all {
                Some(all) => index.entries = all,
                None => {
                    index.entries.insert(name.to_owned(), outcome.meta.clone());
                }
            }
            index.source = source;
        })?;
        Ok(outcome.meta)
    }

    /// Removes an entry; returns its last metadata.
    pub fn remove(&mut self, name: &str) -> Result<Option<Meta>, VaultError> {
        self.store.prepare_unlock()?;
        let lock = self.lock()?;
        let before = self.load_index()?.entries.remove(name);
        let outcome = self.store.remove(name, before.as_ref())?;
        if !outcome.existed && before.is_none() {
            return Err(StoreError::NotFound(name.to_owned()).into());
        }
        let source = self.store.source_file().and_then(index::Stamp::of);
        Index::update(&self.index_path, self.store.kind(), &lock, |index| {
            match outcome.all {
                Some(all) => index.entries = all,
                None => {
                    index.entries.remove(name);
                }
            }
            index.source = source;
        })?;
        Ok(before)
    }

    fn load_index(&self) -> Result<Index, VaultError> {
        Ok(Index::load(&self.index_path)?.unwrap_or_else(|| Index::empty(self.store.kind())))
    }

    fn lock(&self) -> Result<Lock, VaultError> {
        fsutil::ensure_private_dir(fsutil::parent_of(&self.lock_path)).map_err(VaultError::Lock)?;
        Lock::acquire(&self.lock_path).map_err(VaultError::Lock)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Kind;
    use crate::store::memory::{Failure, MemoryStore};

    fn meta_for(value: &Secret) -> impl FnMut(Option<&Meta>) -> Meta + '_ {
        move |old| {
            let now = jiff::Timestamp::now();
            Meta {
                kind: Kind::Generic,
                created: old.map(|m| m.created).unwrap_or(now),
                updated: now,
                expires_at: None,
                client_id: None,
                login: None,
                last_verified: None,
                fingerprint: value.fingerprint(),
                note: None,
                device_id: None,
                aux: vec![],
                history: vec![],
            }
        }
    }

    fn vault(dir: &std::path::Path, store: MemoryStore) -> Vault {
        Vault::new(Box::new(store), dir.join("index.json"), dir.join("x.lock"))
    }

    #[test]
    fn index_follows_writes() {
        let dir = tempfile::tempdir().unwrap();
        let mut v = vault(dir.path(), MemoryStore::default());
        let s = Secret::parse(b"tok").unwrap();
        v.set("a", &s, meta_for(&s)).unwrap();
        assert_eq!(v.entries().unwrap()["a"].fingerprint, s.fingerprint());
        assert_eq!(v.get("a").unwrap(), s);
        v.remove("a").unwrap();
        assert!(v.entries().unwrap().is_empty());
        assert!(matches!(
            v.remove("a"),
            Err(VaultError::Store(StoreError::NotFound(_)))
        ));
    }

    #[test]
    fn a_failed_write_leaves_the_index_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let mut v = vault(dir.path(), MemoryStore::default());
        let s = Secret::parse(b"tok").unwrap();
        v.set("a", &s, meta_for(&s)).unwrap();
        let before = std::fs::read(dir.path().join("index.json")).unwrap();
        for failure in [Failure::DiskFull, Failure::Locked] {
            let mut store = MemoryStore::default();
            store.fail = Some(failure);
            let mut broken = vault(dir.path(), store);
            let s2 = Secret::parse(b"tok2").unwrap();
            let err = broken.set("b", &s2, meta_for(&s2)).unwrap_err();
            assert!(matches!(err, VaultError::Store(_)), "{err:?}");
            assert_eq!(
                std::fs::read(dir.path().join("index.json")).unwrap(),
                before
            );
        }
    }
}
