//! An in-memory store that can be told to fail, for testing the paths a
//! real keyring or disk rarely takes (locked, full) without the OS.

use std::collections::BTreeMap;

use super::{AuxUpdate, MetaUpdate, PutOutcome, RemoveOutcome, Store, StoreError};
use crate::entry::Meta;
use crate::fsutil::FsError;
use crate::secret::Secret;
use crate::store::StoreKind;

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
                why: super::Why::Keyring(super::keyring::Unavailable::Locked(None)),
                hint: super::Remedy::UnlockKeyring,
            }),
            Some(Failure::DiskFull) if writing => Err(StoreError::Fs(FsError::io(
                crate::fsutil::Action::Write,
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

    fn get_aux(&mut self, name: &str, key: &str) -> Result<Option<Secret>, StoreError> {
        self.check(false)?;
        Ok(self.values.get(&format!("{name}#{key}")).cloned())
    }

    fn put(
        &mut self,
        name: &str,
        value: &Secret,
        aux: &AuxUpdate,
        known: Option<&Meta>,
        update: MetaUpdate<'_>,
    ) -> Result<PutOutcome, StoreError> {
        self.check(true)?;
        let meta = update(known);
        self.values.insert(name.into(), value.clone());
        for (k, v) in &aux.set {
            self.values.insert(format!("{name}#{k}"), v.clone());
        }
        for k in &aux.clear {
            self.values.remove(&format!("{name}#{k}"));
        }
        Ok(PutOutcome { meta, all: None })
    }

    fn update_meta(
        &mut self,
        _name: &str,
        known: Option<&Meta>,
        update: MetaUpdate<'_>,
    ) -> Result<PutOutcome, StoreError> {
        self.check(true)?;
        Ok(PutOutcome {
            meta: update(known),
            all: None,
        })
    }

    fn remove(&mut self, name: &str, _known: Option<&Meta>) -> Result<RemoveOutcome, StoreError> {
        self.check(true)?;
        let prefix = format!("{name}#");
        self.values.retain(|k, _| !k.starts_with(&prefix));
        Ok(RemoveOutcome {
            existed: self.values.remove(name).is_some(),
            all: None,
        })
    }
}
