//! The OpenBao kind of store: its word, the config's `[openbao]` resolved
//! for one command, and its index as a cache of what the server keeps.

use std::any::Any;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::OpenBaoStore;
use crate::config::{Config, OpenBaoConfig};
use crate::entry::Meta;
use crate::store::backend::{Backend, Opening, ResolveError, Resolved, Resolving};
use crate::store::{IndexRole, Store, StoreError, StoreKind};

/// The OpenBao kind of store.
pub struct OpenBaoBackend;

/// OpenBao's backend, registered in `StoreKind`.
pub static BACKEND: OpenBaoBackend = OpenBaoBackend;

impl Backend for OpenBaoBackend {
    fn word(&self) -> &'static str {
        "openbao"
    }

    fn index(&self) -> IndexRole {
        IndexRole::Cache
    }

    fn resolve(
        &self,
        config: &Config,
        with: &Resolving<'_>,
    ) -> Result<Box<dyn Resolved>, ResolveError> {
        let mut cfg = config
            .openbao
            .clone()
            .ok_or(ResolveError::NoSettings(StoreKind::OpenBao))?;
        // The cache stays the configured cluster's; the nodes asked and
        // the deadline are this command's.
        let index = with.paths.openbao_index(&cfg);
        if let Some(addr) = super::transport::env_addresses() {
            cfg.addr = addr;
        }
        if let Some(timeout) = with.timeout {
            cfg.timeout = Some(timeout.to_owned());
        }
        Ok(Box::new(OpenBaoSpec {
            cfg: Box::new(cfg),
            index,
        }))
    }
}

/// An OpenBao / Vault server; the index is a local cache of its metadata.
#[derive(Debug, Clone)]
pub struct OpenBaoSpec {
    /// The server (boxed: its config, with logins, dwarfs the others).
    pub cfg: Box<OpenBaoConfig>,
    /// Local cache of the server's metadata.
    pub index: PathBuf,
}

impl Resolved for OpenBaoSpec {
    fn kind(&self) -> StoreKind {
        StoreKind::OpenBao
    }

    fn index_path(&self) -> &Path {
        &self.index
    }

    /// The server is the truth (other machines write too); its cache is
    /// for when it cannot be asked.
    fn ask_all_meta(&self) -> Option<Result<BTreeMap<String, Meta>, StoreError>> {
        Some(OpenBaoStore::connect(&self.cfg).and_then(|s| s.all_meta()))
    }

    /// One entry's metadata (one request), never the whole store.
    fn ask_meta_of(&self, name: &str) -> Option<Result<Option<Meta>, StoreError>> {
        Some(OpenBaoStore::connect(&self.cfg).and_then(|s| s.meta_of(name)))
    }

    fn open(&self, _with: &dyn Opening) -> Result<Box<dyn Store>, StoreError> {
        Ok(Box::new(OpenBaoStore::connect(&self.cfg)?))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
