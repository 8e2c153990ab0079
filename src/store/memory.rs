//! An in-memory store that can be told to fail, for testing the paths a
//! real keyring or disk rarely takes (locked, full) without the OS.

use std::collections::BTreeMap;

use super::{MetaUpdate, PutOutcome, RemoveOutcome, Store, StoreError};
use crate::config::StoreKind;
use crate::fsutil::FsError;
use crate::secret::Secret;
use crate::vault::entry::Meta;

/// A failure to inject into the next calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Behave as a locked keyring.
    Locked,
    /// Writes fail as on a full disk.
    DiskFull,
}

/// Values in a map; `fail` makes calls fail as chosen.
#[derive(Default)]
pub struct MemoryStore {
    values: BTreeMap<String, Secret>,
    /// The failure every call reports, if any.
    pub fail: Option<Failure>,
}

impl MemoryStore {
    fn check(&self, writing: bool) -> Result<(), StoreError> {
        match self.fail {
            Some(Failure::Locked) => Err(StoreError::Unavailable {
                why: "the keyring is locked".into(),
                hint: "Unlock it.".into(),
            }),
            Some(Failure::DiskFull) if writing => Err(StoreError::Fs(FsError::io(
                "write",
                std::path::Path::new("memory"),
                std::io::Error::from(std::io::ErrorKind::StorageFull),
            ))),
            _ => Ok(()),
        }
    }
}

impl Store for MemoryStore {
    fn kind(&self) -> StoreKind {
        StoreKind::Keyring
    }

    fn location(&self) -> String {
        "memory".into()
    }

    fn get(&mut self, name: &str) -> Result<Secret, StoreError> {
        self.check(false)?;
        self.values
            .get(name)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(name.into()))
    }

    fn put(
        &mut self,
        name: &str,
        value: &Secret,
        known: Option<&Meta>,
        update: MetaUpdate<'_>,
    ) -> Result<PutOutcome, StoreError> {
        self.check(true)?;
        let meta = update(known);
        self.values.insert(name.into(), value.clone());
        Ok(PutOutcome { meta, all: None })
    }

    fn remove(&mut self, name: &str) -> Result<RemoveOutcome, StoreError> {
        self.check(true)?;
        Ok(RemoveOutcome {
            existed: self.values.remove(name).is_some(),
            all: None,
        })
    }
}
