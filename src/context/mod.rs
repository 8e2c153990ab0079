//! Resolves, for one command, which store to use and where its files are:
//! command-line options and `CHOPVAULT_*` variables first, then the config
//! file, then XDG defaults. Nothing is opened until a command asks.
//!
//! Each kind of store answers for itself: in the core, its backend
//! ([`crate::store::backend`]: its word, how a config resolves to it, its
//! files and index, how it opens); here, a module of its own (`file`,
//! `keyring`, `openbao`) implementing [`StoreCli`]: what the command line
//! does with it (where it is in words, making one for `init` and
//! `migrate --to`, `doctor`'s checks, `reindex`). [`cli_of`] is the
//! command line's one registration of them.

mod file;
mod keyring;
mod openbao;

use std::path::{Path, PathBuf};

use crate::cli::{Global, MigrateArgs, NewStoreArgs};
use crate::config::{Config, IndexRole, StoreKind};
use crate::entry::Meta;
use crate::error::Error;
use crate::events::{self, Event};
use crate::fsutil::{self, Lock};
use crate::paths::Paths;
use crate::store::backend::{Opening, ResolveError, Resolved, Resolving};
use crate::store::file::spec::FileSpec;
use crate::store::file::{FileStore, Passphrases};
use crate::store::openbao::spec::OpenBaoSpec;
use crate::ui::msg::Msg;
use crate::vault::Vault;
use crate::vault::index::{Index, Stamp};

/// How long `init --store auto` and keyring opening wait for the keyring.
pub use crate::store::keyring::PROBE_TIMEOUT as KEYRING_PROBE_TIMEOUT;

/// What the command line does with each kind of store, beyond what the
/// core's backend answers. Every method but `location`, `place` and
/// `reindex` has a default that suits a store with no settings of its own
/// and nothing to check.
pub trait StoreCli: Sync {
    /// Where its values are, in words (`init`, `list`, `status`, `doctor`).
    fn location(&self, spec: &StoreSpec) -> String;

    /// Where its values are, as facts for `--json` (`{"vault": …}`).
    fn place(&self, spec: &StoreSpec) -> serde_json::Value;

    /// `init`/`migrate`: refuses this store's own options when another
    /// store is asked for (`asked`; `None` is `--store auto`).
    fn foreign_options(
        &self,
        _ctx: &Context,
        _asked: Option<StoreKind>,
        _new: &NewStoreArgs,
    ) -> Result<(), Error> {
        Ok(())
    }

    /// What must hold before `init` says this store is chosen, when it is
    /// asked for by name (the keyring answers).
    fn before_chosen(&self) -> Result<(), Error> {
        Ok(())
    }

    /// Makes the store (`init`, `migrate --to`) and writes its settings
    /// into `config`, the config that will name it. The default makes
    /// nothing: the store is there (the keyring), and only its index,
    /// written by the caller, is new.
    fn create(
        &self,
        ctx: &Context,
        _new: &NewStoreArgs,
        config: &mut Config,
    ) -> Result<StoreSpec, Error> {
        ctx.spec_for(config.clone())
    }

    /// `migrate --to` this kind while a store of it is in use: why there
    /// is nothing to move, if that is already clear from the options.
    fn in_use(&self, _new: &NewStoreArgs) -> Option<String> {
        None
    }

    /// `migrate --to` this kind: the store to make with `target` (a
    /// context of the new store's options), or one that is there already.
    fn migrate_target(
        &self,
        _ctx: &Context,
        _args: &MigrateArgs,
        _source: &StoreSpec,
        target: Context,
    ) -> Result<Target, Error> {
        Ok(Target::Create(target))
    }

    /// `migrate`: whether `new`, just made, is `old` itself (both of this
    /// kind), so that there is nothing to move.
    fn same_store(&self, _old: &StoreSpec, _new: &StoreSpec) -> Option<String> {
        None
    }

    /// `doctor`'s checks of the store itself (the entries' expiry is
    /// checked for every store).
    fn doctor(&self, _spec: &StoreSpec) -> Vec<Finding> {
        Vec::new()
    }

    /// `reindex`: rebuilds the index from the store; the number of entries
    /// it lists, or `None` when there is nothing to rebuild (said why).
    fn reindex(&self, spec: &StoreSpec) -> Result<Option<usize>, Error>;
}

/// The command line's one registration of the stores: the module that
/// answers for each kind. (A `match` the compiler checks: a new kind in
/// `StoreKind` stops the build here until it has its module.)
pub fn cli_of(kind: StoreKind) -> &'static dyn StoreCli {
    match kind {
        StoreKind::Keyring => &keyring::KeyringCli,
        StoreKind::File => &file::FileCli,
        StoreKind::OpenBao => &openbao::OpenBaoCli,
    }
}

/// Where `migrate --to` moves the entries.
pub enum Target {
    /// A new store, made as `init` makes one, with this context.
    Create(Context),
    /// One that is there already (the config that would name it, and it;
    /// boxed, as a config dwarfs a context).
    Existing(Box<(Config, StoreSpec)>),
}

/// How bad a `doctor` finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// All is well.
    Ok,
    /// It works, but should be seen to.
    Warn,
    /// It does not work.
    Fail,
}

/// One of `doctor`'s findings about a store: data, worded when shown
/// (`doctor` gives it its id and `--json` its facts, as its own checks).
#[derive(Debug)]
pub struct Finding {
    /// How bad it is.
    pub level: Severity,
    /// What was found.
    pub what: Found,
    /// What to do about it (an error without one gives its own hint).
    pub fix: Option<Msg>,
}

/// What a finding found.
#[derive(Debug)]
pub enum Found {
    /// A catalog message.
    Said(Msg),
    /// An error met while checking `about` (`vault file: …`).
    Failed {
        /// What was being checked.
        about: Msg,
        /// What went wrong.
        error: Error,
    },
}

impl Finding {
    /// All is well.
    pub fn ok(what: Msg) -> Self {
        Finding {
            level: Severity::Ok,
            what: Found::Said(what),
            fix: None,
        }
    }
    /// Works, with this to see to.
    pub fn warn(what: Msg, fix: Msg) -> Self {
        Finding {
            level: Severity::Warn,
            what: Found::Said(what),
            fix: Some(fix),
        }
    }
    /// Does not work.
    pub fn fail(what: Msg, fix: Option<Msg>) -> Self {
        Finding {
            level: Severity::Fail,
            what: Found::Said(what),
            fix,
        }
    }
    /// `about` could not be checked because of `error`, whose hint is the
    /// fix.
    pub fn failed(about: Msg, error: Error) -> Self {
        Finding {
            level: Severity::Fail,
            what: Found::Failed { about, error },
            fix: None,
        }
    }
}

/// The program's answers to what opening a store asks: passphrases from
/// the terminal (or a file), this user's member name.
struct Opener;

impl Opening for Opener {
    fn passphrases(&self, file: Option<PathBuf>) -> Box<dyn Passphrases> {
        crate::prompt::Asker::new(file)
    }
    fn member_name(&self) -> String {
        member_name()
    }
}

/// Which store a command works on, resolved but not opened.
#[derive(Debug)]
pub struct StoreSpec(Box<dyn Resolved>);

impl StoreSpec {
    /// The store's kind.
    pub fn kind(&self) -> StoreKind {
        self.0.kind()
    }

    /// What the command line does with a store of this kind.
    pub fn cli(&self) -> &'static dyn StoreCli {
        cli_of(self.kind())
    }

    /// The store as its kind resolved it, for what only that kind has.
    pub fn of<T: Resolved>(&self) -> Option<&T> {
        self.0.as_any().downcast_ref()
    }

    /// An age vault's settings; `None` for the other stores.
    pub fn file(&self) -> Option<&FileSpec> {
        self.of()
    }

    /// An OpenBao server's settings; `None` for the other stores.
    pub fn openbao(&self) -> Option<&OpenBaoSpec> {
        self.of()
    }

    /// The config that names this store, from the one saved (`migrate`).
    pub fn config(&self, saved: Option<Config>) -> Option<Config> {
        self.0.config(saved)
    }

    /// Human description of where values are.
    pub fn location(&self) -> String {
        self.cli().location(self)
    }

    /// Where values are, as facts (`--json`).
    pub fn place(&self) -> serde_json::Value {
        self.cli().place(self)
    }

    /// The store's files on this machine: vault, `.sig`, key file,
    /// identity, pins, index (whose they are is checked by `owner`).
    pub fn files(&self) -> Vec<PathBuf> {
        let mut all = self.0.files();
        all.push(self.index_path());
        all
    }

    /// The file the store keeps its values (and metadata) in, when it
    /// has one: it must exist, and its stamp tells whether the index is
    /// a copy of it as it is now.
    pub fn source_file(&self) -> Option<&Path> {
        self.0.source_file()
    }

    /// The metadata index.
    pub fn index_path(&self) -> PathBuf {
        self.0.index_path().to_path_buf()
    }

    /// The writers' lock file.
    pub fn lock_path(&self) -> PathBuf {
        self.0.lock_path()
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
        // A server is the truth; its cache is for when it cannot be asked.
        let Some(fresh) = self.0.ask_all_meta() else {
            return Ok((cached()?, None));
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
        match self.0.ask_meta_of(name) {
            Some(asked) => asked.ok().flatten(),
            None => Index::load(&self.index_path())
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
        let file = self.file().filter(|f| f.identity.is_none())?;
        let key = crate::store::file::keyfile::path_for(&file.vault);
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
        self.file().map(|f| f.store(&Opener))
    }

    /// Opens the store (connects to the keyring; reads nothing of a vault yet).
    pub fn open(&self) -> Result<Vault, Error> {
        let store = self.0.open(&Opener)?;
        Ok(Vault::new(store, self.index_path(), self.lock_path()))
    }
}

/// A config that does not resolve to a store, as the command's error.
fn resolve_error(e: ResolveError) -> Error {
    match e {
        // Only a server needs settings of its own to be found.
        ResolveError::NoSettings(_) => Error::NoServer,
        ResolveError::UnlockFor { text, why } => Error::Usage(t!(
            "context-unlock-for-invalid",
            why = crate::cli::bad_duration(why),
            text = text
        )),
    }
}

/// `p` made absolute (against the working folder), as the config keeps
/// every path.
pub fn absolute(p: PathBuf) -> Result<PathBuf, Error> {
    std::path::absolute(&p)
        .map_err(|e| Error::Io(t!("cmd-init-resolve-path", path = p.display()), e))
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
    /// The spec `touched` resolved (only root asks, for `owner`), kept for
    /// the command's own first `store_spec`: resolving reads the config and
    /// canonicalises the vault's path, which a `get` would otherwise do twice.
    resolved: std::cell::Cell<Option<StoreSpec>>,
}

impl Context {
    /// Resolves folders from the environment (reads no file).
    pub fn new(global: Global) -> Self {
        Context {
            global,
            paths: Paths::from_env(),
            resolved: std::cell::Cell::new(None),
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
            self.resolved.set(Some(spec));
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
        if let Some(spec) = self.resolved.take() {
            return Ok(spec);
        }
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

    /// The store a config names (the identity from `--identity` first),
    /// as its kind resolves it.
    pub fn spec_for(&self, config: Config) -> Result<StoreSpec, Error> {
        let g = &self.global;
        let with = Resolving {
            paths: self.paths()?,
            identity: g.identity.as_deref(),
            passphrase_file: g.passphrase_file.as_deref(),
            timeout: g.timeout.as_deref(),
        };
        let resolved = config
            .store
            .backend()
            .resolve(&config, &with)
            .map_err(resolve_error)?;
        Ok(StoreSpec(resolved))
    }

    /// The spec of the age vault at `vault`, with its index and pin paths.
    pub fn file_spec(
        &self,
        vault: PathBuf,
        identity: Option<PathBuf>,
        unlock_for: Option<&str>,
    ) -> Result<StoreSpec, Error> {
        let spec = FileSpec::resolve(
            self.paths()?,
            vault,
            identity,
            self.global.passphrase_file.clone(),
            unlock_for,
        )
        .map_err(resolve_error)?;
        Ok(StoreSpec(Box::new(spec)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreKind;

    #[test]
    fn the_spec_resolved_for_the_owner_check_serves_the_first_store_spec() {
        let dir = tempfile::tempdir().unwrap();
        let (vault, identity) = (dir.path().join("v.age"), dir.path().join("id.txt"));
        let config = dir.path().join("config.toml");
        Config {
            store: StoreKind::File,
            vault: Some(vault.clone()),
            identity: Some(identity.clone()),
            chosen_because: None,
            openbao: None,
            unlock_for: None,
        }
        .save(&config)
        .unwrap();
        let ctx = Context::new(Global {
            vault: Some(vault),
            config: Some(config.clone()),
            ..Global::default()
        });
        assert!(ctx.touched().contains(&identity), "the config's identity");
        // Resolved once: the config read for the owner check is not read
        // again by the command's first store_spec.
        std::fs::remove_file(&config).unwrap();
        assert!(ctx.store_spec().unwrap().files().contains(&identity));
        // Later calls resolve afresh.
        assert!(!ctx.store_spec().unwrap().files().contains(&identity));
    }
}
