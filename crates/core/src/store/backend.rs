//! What every kind of store answers for itself: the questions config,
//! `init`, `doctor`, `migrate` and `reindex` ask of a store without
//! knowing which one it is.
//!
//! A kind's module holds a [`Backend`] (the kind's facts, and how a config
//! resolves to one of its stores) and the [`Resolved`] store it resolves
//! to (its settings and files, resolved but not opened). `StoreKind`'s one
//! list in [`crate::store`] names each kind's backend. What only one store
//! has (an age vault's members, OpenBao's versions) is not asked here: a
//! command asks for that store's own type (`Resolved::as_any`).

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::file::Passphrases;
use super::{IndexRole, Store, StoreError, StoreKind};
use crate::config::{BadDuration, Config};
use crate::entry::Meta;
use crate::paths::Paths;

/// A kind of store, as its module describes it.
pub trait Backend: Sync {
    /// Its word: in the config (`store = "…"`), the index, the event log,
    /// and on the command line (`--store …`, `--to …`).
    fn word(&self) -> &'static str;

    /// What the local metadata index is to a store of this kind.
    fn index(&self) -> IndexRole;

    /// The store a config names, as this command sees it (its options
    /// and `CHOPVAULT_*`/`BAO_*` variables first). Opens nothing.
    fn resolve(
        &self,
        config: &Config,
        with: &Resolving<'_>,
    ) -> Result<Box<dyn Resolved>, ResolveError>;
}

/// What a command brings to resolving a store: the user's folders and
/// the options that override the config.
#[derive(Debug, Clone, Copy)]
pub struct Resolving<'a> {
    /// The XDG folders.
    pub paths: &'a Paths,
    /// `--identity` (`CHOPVAULT_IDENTITY`).
    pub identity: Option<&'a Path>,
    /// `--passphrase-file`.
    pub passphrase_file: Option<&'a Path>,
    /// `--timeout`: one request's deadline on a server.
    pub timeout: Option<&'a str>,
}

/// Why a config does not resolve to a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// The config names a kind whose settings it does not hold (`store =
    /// "openbao"` with no `[openbao]`).
    NoSettings(StoreKind),
    /// `unlock_for` is not a duration chopvault takes.
    UnlockFor {
        /// The text as written.
        text: String,
        /// What is wrong with it.
        why: BadDuration,
    },
}

/// What opening a store may need of the program: passphrases to ask for,
/// the name on this user's member card.
pub trait Opening {
    /// The source of passphrases (a terminal, or this file).
    fn passphrases(&self, file: Option<PathBuf>) -> Box<dyn Passphrases>;
    /// The name on this user's member card.
    fn member_name(&self) -> String;
}

/// One store, resolved from the config and options but not opened.
pub trait Resolved: fmt::Debug + Any {
    /// Its kind.
    fn kind(&self) -> StoreKind;

    /// Its metadata index.
    fn index_path(&self) -> &Path;

    /// The writers' lock file.
    fn lock_path(&self) -> PathBuf {
        crate::paths::lock_for(self.index_path())
    }

    /// Its files on this machine besides the index (a vault, its
    /// signature, key file, identity and pins): whose they are is checked
    /// by `owner`.
    fn files(&self) -> Vec<PathBuf> {
        Vec::new()
    }

    /// The file the store keeps its values (and metadata) in, when it
    /// has one: it must exist, and its stamp tells whether the index is
    /// a copy of it as it is now.
    fn source_file(&self) -> Option<&Path> {
        None
    }

    /// Every entry's metadata, asked of the store itself where the index
    /// is a cache of it (a server, which other machines change); `None`
    /// where the index is to be read instead.
    fn ask_all_meta(&self) -> Option<Result<BTreeMap<String, Meta>, StoreError>> {
        None
    }

    /// One entry's metadata, asked of the store itself, as
    /// [`ask_all_meta`](Self::ask_all_meta).
    fn ask_meta_of(&self, _name: &str) -> Option<Result<Option<Meta>, StoreError>> {
        None
    }

    /// Opens the store (connects; reads nothing of a vault yet).
    fn open(&self, with: &dyn Opening) -> Result<Box<dyn Store>, StoreError>;

    /// The config that names this store, from the one saved (if any):
    /// `migrate` records both ends. `None` when nothing names it.
    fn config(&self, saved: Option<Config>) -> Option<Config> {
        saved
    }

    /// Itself, for a command that needs what only this kind has.
    fn as_any(&self) -> &dyn Any;
}
