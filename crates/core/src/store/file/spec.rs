//! The age-file kind of store: its word, an age vault resolved from the
//! config and options (the vault, the identity or passphrase that unlocks
//! it, its index and this user's pin record), and its index as a copy of
//! the metadata the vault keeps.

use std::any::Any;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::FileStore;
use crate::config::Config;
use crate::fsutil;
use crate::paths::{self, Paths};
use crate::store::backend::{Backend, Opening, ResolveError, Resolved, Resolving};
use crate::store::{IndexRole, Store, StoreError, StoreKind};

/// The age-file kind of store.
pub struct FileBackend;

/// The age file's backend, registered in `StoreKind`.
pub static BACKEND: FileBackend = FileBackend;

impl Backend for FileBackend {
    fn word(&self) -> &'static str {
        "file"
    }

    fn index(&self) -> IndexRole {
        IndexRole::Copy
    }

    /// The configured vault, or the default one; the identity from
    /// `--identity` first.
    fn resolve(
        &self,
        config: &Config,
        with: &Resolving<'_>,
    ) -> Result<Box<dyn Resolved>, ResolveError> {
        let vault = match &config.vault {
            Some(v) => v.clone(),
            None => with.paths.default_vault(),
        };
        let identity = with
            .identity
            .map(Path::to_path_buf)
            .or_else(|| config.identity.clone());
        Ok(Box::new(FileSpec::resolve(
            with.paths,
            vault,
            identity,
            with.passphrase_file.map(Path::to_path_buf),
            config.unlock_for.as_deref(),
        )?))
    }
}

/// An age vault, resolved but not read.
#[derive(Debug, Clone)]
pub struct FileSpec {
    /// The vault.
    pub vault: PathBuf,
    /// Identity that unlocks it (none: passphrase).
    pub identity: Option<PathBuf>,
    /// Passphrase file.
    pub passphrase_file: Option<PathBuf>,
    /// Its metadata index, in the user's data folder.
    pub index: PathBuf,
    /// This user's record of its pinned members.
    pub pin: PathBuf,
    /// Hand the key to the agent on the first prompt, for this long.
    pub unlock_for: Option<Duration>,
}

impl FileSpec {
    /// The vault at `vault`, with its index and pin paths in `paths`
    /// (an index earlier versions kept beside the default vault moved to
    /// its place), and `unlock_for` as the config writes it.
    pub fn resolve(
        paths: &Paths,
        vault: PathBuf,
        identity: Option<PathBuf>,
        passphrase_file: Option<PathBuf>,
        unlock_for: Option<&str>,
    ) -> Result<FileSpec, ResolveError> {
        let (index, pin) = paths.vault_index_and_pin(&vault);
        adopt_old_index(paths, &vault, &index);
        let unlock_for = match unlock_for {
            Some(text) => Some(crate::config::parse_duration(text).map_err(|why| {
                ResolveError::UnlockFor {
                    text: text.to_owned(),
                    why,
                }
            })?),
            None => None,
        };
        Ok(FileSpec {
            vault,
            identity,
            passphrase_file,
            index,
            pin,
            unlock_for,
        })
    }

    /// The store over this vault (reads nothing yet), with this user's pin
    /// record and member name.
    pub fn store(&self, with: &dyn Opening) -> FileStore {
        FileStore::new(
            self.vault.clone(),
            self.identity.clone(),
            with.passphrases(self.passphrase_file.clone()),
        )
        .with_pin(self.pin.clone())
        .with_member_name(Some(with.member_name()))
        .with_unlock_for(self.unlock_for)
    }
}

impl Resolved for FileSpec {
    fn kind(&self) -> StoreKind {
        StoreKind::File
    }

    fn index_path(&self) -> &Path {
        &self.index
    }

    /// Writers of one vault share a lock whatever path names it: the
    /// pin's, keyed by the vault's canonical path.
    fn lock_path(&self) -> PathBuf {
        paths::vault_lock_for_pin(&self.pin)
    }

    fn files(&self) -> Vec<PathBuf> {
        let mut all = vec![
            self.vault.clone(),
            super::trust::sig_path(&self.vault),
            super::keyfile::path_for(&self.vault),
            self.pin.clone(),
        ];
        all.extend(self.identity.clone());
        all
    }

    fn source_file(&self) -> Option<&Path> {
        Some(&self.vault)
    }

    fn open(&self, with: &dyn Opening) -> Result<Box<dyn Store>, StoreError> {
        Ok(Box::new(self.store(with)))
    }

    /// A vault is named on the command line (`--vault`) as often as in
    /// the config: its config is made from it, keeping the saved
    /// `unlock_for`.
    fn config(&self, saved: Option<Config>) -> Option<Config> {
        Some(Config {
            store: StoreKind::File,
            vault: Some(std::path::absolute(&self.vault).unwrap_or_else(|_| self.vault.clone())),
            identity: self.identity.clone(),
            chosen_because: None,
            openbao: None,
            unlock_for: saved.and_then(|c| c.unlock_for),
        })
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Moves the index of a vault in chopvault's own data folder (the default
/// vault) from beside it, where earlier versions kept it, to its place.
/// Only there: that folder is the user's own, so its index can be trusted;
/// one beside any other vault (a git checkout) is ignored.
fn adopt_old_index(paths: &Paths, vault: &Path, index: &Path) {
    if index.exists() {
        return;
    }
    let old = paths::old_index_for_vault(vault);
    if !old.exists() {
        return;
    }
    // The data folder must be this process's user's too: root resolving
    // a user's spec (to refuse it, see `owner`) moves nothing of theirs.
    let ours = paths::canonical_vault(vault)
        .parent()
        .map(Path::to_path_buf)
        == std::fs::canonicalize(&paths.data_dir).ok()
        && crate::owner::owner_of(&paths.data_dir) == Some(crate::owner::me());
    if ours && fsutil::ensure_private_dir(fsutil::parent_of(index)).is_ok() {
        let _ = std::fs::rename(&old, index);
    }
}
