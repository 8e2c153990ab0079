//! Resolves, for one command, which store to use and where its files are:
//! command-line options and `CHOPVAULT_*` variables first, then the config
//! file, then XDG defaults. Nothing is opened until a command asks.

use std::path::PathBuf;
use std::time::Duration;

use crate::cli::Global;
use crate::config::{Config, IndexRole, OpenBaoConfig, StoreKind};
use crate::entry::Meta;
use crate::error::Error;
use crate::events::{self, Event};
use crate::fsutil::{self, Lock};
use crate::paths::{self, Paths};
use crate::store::Store;
use crate::store::file::FileStore;
use crate::store::keyring::KeyringStore;
use crate::store::openbao::OpenBaoStore;
use crate::vault::Vault;
use crate::vault::index::{Index, Stamp};

/// How long `init --store auto` and keyring opening wait for the keyring.
pub const KEYRING_PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// Which store a command works on, resolved but not opened.
#[derive(Debug, Clone)]
pub enum StoreSpec {
    /// The OS keyring, with its index in the data folder.
    Keyring {
        /// Index file.
        index: PathBuf,
    },
    /// An OpenBao / Vault server; the index is a local cache of its metadata.
    OpenBao {
        /// The server (boxed: its config, with logins, dwarfs the others).
        cfg: Box<OpenBaoConfig>,
        /// Local cache of the server's metadata.
        index: PathBuf,
    },
    /// An age vault.
    File {
        /// The vault.
        vault: PathBuf,
        /// Identity that unlocks it (none: passphrase).
        identity: Option<PathBuf>,
        /// Passphrase file.
        passphrase_file: Option<PathBuf>,
        /// Its metadata index, in the user's data folder.
        index: PathBuf,
        /// This user's record of its pinned members.
        pin: PathBuf,
        /// Hand the key to the agent on the first prompt, for this long.
        unlock_for: Option<Duration>,
    },
}

impl StoreSpec {
    /// The store's kind.
    pub fn kind(&self) -> StoreKind {
        match self {
            StoreSpec::Keyring { .. } => StoreKind::Keyring,
            StoreSpec::File { .. } => StoreKind::File,
            StoreSpec::OpenBao { .. } => StoreKind::OpenBao,
        }
    }

    /// Human description of where values are.
    pub fn location(&self) -> String {
        match self {
            StoreSpec::Keyring { .. } => {
                t!(
                    "context-os-keyring-service",
                    service = crate::store::keyring::SERVICE
                )
            }
            StoreSpec::File { vault, .. } => vault.display().to_string(),
            StoreSpec::OpenBao { cfg, .. } => t!(
                "context-openbao-location",
                addr = cfg.addr.join(", "),
                mount = cfg.mount,
                prefix = cfg.prefix
            ),
        }
    }

    /// The store's files on this machine: vault, `.sig`, key file,
    /// identity, pins, index (whose they are is checked by `owner`).
    pub fn files(&self) -> Vec<PathBuf> {
        let mut all = Vec::new();
        match self {
            StoreSpec::File {
                vault,
                identity,
                pin,
                ..
            } => {
                all.extend([
                    vault.clone(),
                    crate::store::file::trust::sig_path(vault),
                    crate::store::file::keyfile::path_for(vault),
                    pin.clone(),
                ]);
                all.extend(identity.clone());
            }
            StoreSpec::Keyring { .. } | StoreSpec::OpenBao { .. } => {}
        }
        all.push(self.index_path());
        all
    }

    /// The file the store keeps its values (and metadata) in, when it
    /// has one: it must exist, and its stamp tells whether the index is
    /// a copy of it as it is now.
    pub fn source_file(&self) -> Option<&std::path::Path> {
        match self {
            StoreSpec::File { vault, .. } => Some(vault),
            StoreSpec::Keyring { .. } | StoreSpec::OpenBao { .. } => None,
        }
    }

    /// The metadata index.
    pub fn index_path(&self) -> PathBuf {
        match self {
            StoreSpec::Keyring { index }
            | StoreSpec::OpenBao { index, .. }
            | StoreSpec::File { index, .. } => index.clone(),
        }
    }

    /// The writers' lock file.
    pub fn lock_path(&self) -> PathBuf {
        match self {
            StoreSpec::Keyring { index } | StoreSpec::OpenBao { index, .. } => {
                paths::lock_for(index)
            }
            StoreSpec::File { pin, .. } => paths::vault_lock_for_pin(pin),
        }
    }

    /// Every entry's metadata, unlocking nothing: the index. For OpenBao the
    /// server is the truth (other machines write too): its metadata is read
    /// and cached, and the cache is used only when the server is unreachable.
    pub fn entries(&self) -> Result<std::collections::BTreeMap<String, Meta>, Error> {
        Ok(self.entries_as_of()?.0)
    }

    /// As [`entries`](Self::entries), and when the figures come from the
    /// local cache because the server could not be asked: since when
    /// (the cache's last write). `status` and `check` exit 14 then.
    pub fn entries_as_of(
        &self,
    ) -> Result<
        (
            std::collections::BTreeMap<String, Meta>,
            Option<jiff::Timestamp>,
        ),
        Error,
    > {
        let cached = || -> Result<_, Error> {
            Ok(Index::load(&self.index_path())?
                .map(|i| i.entries)
                .unwrap_or_default())
        };
        if let Some(file) = self.source_file() {
            // A path with no vault (a typo) is an error, never an empty
            // vault that looks healthy to cron.
            crate::store::must_exist(file)?;
            self.warn_if_index_stale(file);
        }
        let fresh = match self {
            // The server is the truth; its cache is for when it cannot
            // be asked.
            StoreSpec::OpenBao { cfg, .. } => OpenBaoStore::connect(cfg).and_then(|s| s.all_meta()),
            StoreSpec::Keyring { .. } | StoreSpec::File { .. } => return Ok((cached()?, None)),
        };
        match fresh {
            Ok(all) => {
                let lock = self.lock()?;
                Index::update(&self.index_path(), self.kind(), &lock, |cache| {
                    cache.entries.clone_from(&all);
                })?;
                Ok((all, None))
            }
            Err(e @ crate::store::StoreError::Unavailable { .. }) if self.index_path().exists() => {
                say!(
                    "context-showing-cached-metadata",
                    error = crate::say::Explain::explain(&e).text
                );
                let as_of = std::fs::metadata(self.index_path())
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| jiff::Timestamp::try_from(t).ok())
                    .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
                Ok((cached()?, Some(as_of)))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The local index when it can be trusted without asking the store: a
    /// copy written from the store's file as it is now (an age vault's), or
    /// the only record there is (the keyring's). A server's cache may lag
    /// behind other hosts: never. Quiet, and no network.
    fn fresh_index(&self) -> Option<Index> {
        let index = Index::load(&self.index_path()).ok().flatten()?;
        match self.kind().index() {
            IndexRole::Record => Some(index),
            IndexRole::Copy => {
                let now = self.source_file().and_then(Stamp::of);
                (index.source.is_some() && index.source == now).then_some(index)
            }
            IndexRole::Cache => None,
        }
    }

    /// What a fresh index says of `name`, unlocking nothing: `None` when
    /// there is no index to trust, `Some(None)` when it does not list the
    /// entry, `Some(Some(meta))` when it does. One read of the index.
    /// (Only a copy of the store's own list can tell absence: a keyring
    /// entry may be written by other tools, `secret-tool` say.)
    pub fn fresh_entry(&self, name: &str) -> Option<Option<Meta>> {
        let found = self.fresh_index()?.entries.remove(name);
        match (found, self.kind().index()) {
            (None, IndexRole::Copy) => Some(None),
            (None, IndexRole::Record | IndexRole::Cache) => None,
            (Some(meta), _) => Some(Some(meta)),
        }
    }

    /// `name`'s metadata as far as can be known without unlocking: the
    /// local index (even when a pull may have outdated it), OpenBao's
    /// server. Quiet.
    pub fn known_meta(&self, name: &str) -> Option<Meta> {
        match self {
            // One entry's metadata (one request), never the whole store.
            StoreSpec::OpenBao { cfg, .. } => OpenBaoStore::connect(cfg)
                .and_then(|s| s.meta_of(name))
                .ok()
                .flatten(),
            StoreSpec::Keyring { .. } | StoreSpec::File { .. } => Index::load(&self.index_path())
                .ok()
                .flatten()
                .and_then(|mut i| i.entries.remove(name)),
        }
    }

    /// Says so when the vault changed since its index was written (another
    /// machine's write arriving through git, say): the list may be old; or
    /// when this machine has no index of it yet: the list is empty.
    fn warn_if_index_stale(&self, vault: &std::path::Path) {
        let Some(now) = Stamp::of(vault) else { return };
        let recorded = Index::load(&self.index_path())
            .ok()
            .flatten()
            .map(|i| i.source);
        match recorded {
            // A fresh clone of a team vault: there never was an index on
            // this machine, so nothing "changed since" (issue 24).
            None => say!("context-no-index-here", vault = vault.display()),
            Some(None) => {} // an index from before stamps
            Some(Some(then)) if then != now => {
                say!("context-index-out-of-date", vault = vault.display());
            }
            Some(Some(_)) => {}
        }
    }

    /// Rebuilds the index of an age vault from the vault itself (unlocks it).
    pub fn reindex_file(&self, store: &mut FileStore) -> Result<usize, Error> {
        use crate::store::Store;
        store.prepare_unlock()?;
        let lock = self.lock()?;
        let entries = store.metas()?;
        let source = store.source_file().and_then(Stamp::of);
        let n = entries.len();
        Index::update(&self.index_path(), self.kind(), &lock, |index| {
            index.entries = entries;
            index.source = source;
        })?;
        Ok(n)
    }

    /// Writes an empty index if there is none (after `init`).
    pub fn ensure_index(&self) -> Result<(), Error> {
        let index = self.index_path();
        let lock = self.lock()?;
        if Index::load(&index)?.is_none() {
            let source = self.source_file().and_then(Stamp::of);
            Index::update(&index, self.kind(), &lock, |fresh| fresh.source = source)?;
        }
        Ok(())
    }

    /// Takes the writers' lock of this store (its folder made private).
    pub fn lock(&self) -> Result<Lock, Error> {
        let path = self.lock_path();
        fsutil::ensure_private_dir(fsutil::parent_of(&path))?;
        Ok(Lock::acquire(&path)?)
    }

    /// For a vault with a passphrase-protected key: whether the agent holds
    /// it, and until when. `None` for other stores (nothing to unlock).
    pub fn agent_state(&self) -> Option<(bool, Option<String>)> {
        let StoreSpec::File {
            vault,
            identity: None,
            ..
        } = self
        else {
            return None;
        };
        let key = crate::store::file::keyfile::path_for(vault);
        if !key.exists() {
            return None;
        }
        let canonical = crate::paths::canonical_vault(&key);
        let held = crate::agent::status().ok().flatten().and_then(|(_, keys)| {
            keys.into_iter()
                .find(|k| k.key == canonical)
                .map(|k| k.until)
        });
        Some((held.is_some(), held))
    }

    /// The age-file store of a file spec (reads nothing yet), with this
    /// user's pin record and member name.
    pub fn file_store(&self) -> Option<FileStore> {
        let StoreSpec::File {
            vault,
            identity,
            passphrase_file,
            pin,
            unlock_for,
            ..
        } = self
        else {
            return None;
        };
        Some(
            FileStore::new(
                vault.clone(),
                identity.clone(),
                crate::prompt::Asker::new(passphrase_file.clone()),
            )
            .with_pin(pin.clone())
            .with_member_name(Some(member_name()))
            .with_unlock_for(*unlock_for),
        )
    }

    /// Opens the store (connects to the keyring; reads nothing of a vault yet).
    pub fn open(&self) -> Result<Vault, Error> {
        let store: Box<dyn Store> = match self {
            StoreSpec::Keyring { .. } => Box::new(KeyringStore::open(KEYRING_PROBE_TIMEOUT)?),
            StoreSpec::OpenBao { cfg, .. } => Box::new(OpenBaoStore::connect(cfg)?),
            StoreSpec::File { .. } => Box::new(self.file_store().expect("a file spec")),
        };
        Ok(Vault::new(store, self.index_path(), self.lock_path()))
    }
}

/// Moves the index of a vault in chopvault's own data folder (the default
/// vault) from beside it, where earlier versions kept it, to its place.
/// Only there: that folder is the user's own, so its index can be trusted;
/// one beside any other vault (a git checkout) is ignored.
fn adopt_old_index(paths: &Paths, vault: &std::path::Path, index: &std::path::Path) {
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
        .map(std::path::Path::to_path_buf)
        == std::fs::canonicalize(&paths.data_dir).ok()
        && crate::owner::owner_of(&paths.data_dir) == Some(crate::owner::me());
    if ours && fsutil::ensure_private_dir(fsutil::parent_of(index)).is_ok() {
        let _ = std::fs::rename(&old, index);
    }
}

/// The name on this user's member card: `user@host`.
pub fn member_name() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| format!("uid{}", rustix::process::getuid().as_raw()));
    let host = rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned();
    let name = format!("{user}@{host}");
    if crate::sign::check_name(&name).is_ok() {
        name
    } else {
        format!("uid{}", rustix::process::getuid().as_raw())
    }
}

/// Everything a command needs to find its files.
pub struct Context {
    /// Options from the command line and environment.
    pub global: Global,
    paths: Option<Paths>,
}

impl Context {
    /// Resolves folders from the environment (reads no file).
    pub fn new(global: Global) -> Self {
        Context {
            global,
            paths: Paths::from_env(),
        }
    }

    /// The XDG folders.
    pub fn paths(&self) -> Result<&Paths, Error> {
        self.paths.as_ref().ok_or(Error::NoHome)
    }

    /// chopvault's own folders: config, data, state (none without a home).
    pub fn folders(&self) -> Vec<PathBuf> {
        self.paths
            .as_ref()
            .map(|p| {
                vec![
                    p.config_dir.clone(),
                    p.data_dir.clone(),
                    p.state_dir.clone(),
                ]
            })
            .unwrap_or_default()
    }

    /// Every file and folder a command on this context may read or write,
    /// as far as it can be known before opening anything (for `owner`):
    /// the store's own files first, then the config and the folders.
    pub fn touched(&self) -> Vec<PathBuf> {
        let mut all = Vec::new();
        if let Ok(spec) = self.store_spec() {
            all.extend(spec.files());
        }
        if let Ok(config) = self.config_path() {
            all.push(config);
        }
        all.extend(self.folders());
        all
    }

    /// The config file's path.
    pub fn config_path(&self) -> Result<PathBuf, Error> {
        match &self.global.config {
            Some(p) => Ok(p.clone()),
            None => Ok(self.paths()?.config_file()),
        }
    }

    /// The saved config, if any.
    pub fn config(&self) -> Result<Option<Config>, Error> {
        Ok(Config::load(&self.config_path()?)?)
    }

    /// Which store this command works on. `--vault` alone selects a file
    /// store even with no config (a team vault checked out from git).
    pub fn store_spec(&self) -> Result<StoreSpec, Error> {
        let config = self.config()?;
        let g = &self.global;
        if let Some(vault) = &g.vault {
            let identity = g.identity.clone().or_else(|| {
                config
                    .as_ref()
                    .filter(|c| c.vault.as_deref() == Some(vault.as_path()))
                    .and_then(|c| c.identity.clone())
            });
            let unlock_for = config.as_ref().and_then(|c| c.unlock_for.clone());
            return self.file_spec(vault.clone(), identity, unlock_for.as_deref());
        }
        let config = config.ok_or(Error::NoStore)?;
        self.spec_for(config)
    }

    /// The store a config names (the identity from `--identity` first).
    pub fn spec_for(&self, config: Config) -> Result<StoreSpec, Error> {
        let g = &self.global;
        Ok(match config.store {
            StoreKind::Keyring => StoreSpec::Keyring {
                index: self.paths()?.keyring_index(),
            },
            StoreKind::OpenBao => {
                let mut cfg = config.openbao.ok_or(Error::NoServer)?;
                // The cache stays the configured cluster's; the nodes asked
                // and the deadline are this command's.
                let index = self.paths()?.openbao_index(&cfg);
                if let Some(addr) = crate::store::openbao::transport::env_addresses() {
                    cfg.addr = addr;
                }
                if let Some(timeout) = &g.timeout {
                    cfg.timeout = Some(timeout.clone());
                }
                StoreSpec::OpenBao {
                    index,
                    cfg: Box::new(cfg),
                }
            }
            StoreKind::File => {
                let vault = match config.vault {
                    Some(v) => v,
                    None => self.paths()?.default_vault(),
                };
                return self.file_spec(
                    vault,
                    g.identity.clone().or(config.identity),
                    config.unlock_for.as_deref(),
                );
            }
        })
    }

    /// The spec of the age vault at `vault`, with its index and pin paths.
    pub fn file_spec(
        &self,
        vault: PathBuf,
        identity: Option<PathBuf>,
        unlock_for: Option<&str>,
    ) -> Result<StoreSpec, Error> {
        let paths = self.paths()?;
        let (index, pin) = paths.vault_index_and_pin(&vault);
        adopt_old_index(paths, &vault, &index);
        let unlock_for = match unlock_for {
            Some(text) => Some(crate::cli::parse_duration(text).map_err(|why| {
                Error::Usage(t!("context-unlock-for-invalid", why = why, text = text))
            })?),
            None => None,
        };
        Ok(StoreSpec::File {
            unlock_for,
            pin,
            index,
            vault,
            identity,
            passphrase_file: self.global.passphrase_file.clone(),
        })
    }

    /// Appends to the event log; a failure is a warning on stderr.
    pub fn log(&self, event: &Event<'_>) {
        let Ok(paths) = self.paths() else { return };
        if let Err(e) = events::append(&paths.event_log(), event) {
            say!(
                "context-event-log-unwritable",
                event_log = paths.event_log().display(),
                error = match e {
                    events::LogError::Folder(e) => crate::say::Explain::explain(&e).text,
                    events::LogError::Io(e) => e.to_string(),
                }
            );
        }
    }
}
