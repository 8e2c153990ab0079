//! The OS-keyring store: values in the Secret Service (Linux), Keychain
//! (macOS) or Credential Manager (Windows) through `keyring-core`, under
//! service `chopvault` and user = entry name. Metadata lives in the index.
//!
//! Every call runs on a helper thread with a deadline: on some desktops and
//! under WSL a Secret Service call can block for minutes, and a vault tool
//! that hangs is worse than one that says why it cannot go on.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use keyring_core::{CredentialStore, Entry, Error as KError};
use zeroize::Zeroizing;

use super::IndexRole;
use super::backend::{Backend, Opening, ResolveError, Resolved, Resolving};
use super::provider::Provider;
use super::{AuxUpdate, MetaUpdate, PutOutcome, Remedy, RemoveOutcome, Store, StoreError, Why};
use crate::config::Config;
use crate::entry::Meta;
use crate::secret::{Secret, ValueError};
use crate::store::StoreKind;
use std::path::{Path, PathBuf};

/// The keyring service name of every entry.
pub const SERVICE: &str = "chopvault";

/// How long opening the keyring (and `init --store auto`'s probe) waits
/// for it to answer.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// Deadline of one keyring call after the store is open.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// The OS keyring.
pub struct KeyringStore {
    store: Arc<CredentialStore>,
}

/// Why the OS keyring cannot be used now, or a value in it cannot: facts
/// the command line words (`say::keyring`). Never holds a value: the
/// keyring library's own words are kept only where they carry none.
#[derive(Debug)]
pub enum Unavailable {
    /// The helper thread for a keyring call could not be started.
    NoThread(std::io::Error),
    /// No answer within `secs` while doing something; `locked`: the
    /// provider, when it says it is locked (KeePassXC or KWallet waiting
    /// on an unlock dialog).
    NoAnswer {
        /// The deadline, in seconds.
        secs: u64,
        /// What the call was doing.
        doing: Doing,
        /// The provider, when it says it is locked.
        locked: Option<Provider>,
    },
    /// `init`'s probe: no answer within `secs` (`checking`: while checking
    /// access by a write).
    ProbeNoAnswer {
        /// The deadline, in seconds.
        secs: u64,
        /// Whether it was the write that checks access.
        checking: bool,
    },
    /// The platform's keyring is not available.
    Platform(Platform),
    /// The keyring is locked or refused access (the library's words).
    NoAccess(String),
    /// No keyring store is set up.
    NoStore,
    /// This system has no keyring chopvault supports.
    Unsupported,
    /// Locked: by this provider, or (`None`) a keyring with no name.
    Locked(Option<Provider>),
    /// The provider has no default collection to keep values in.
    NoDefaultCollection(Provider),
    /// The keyring refused a call.
    Refused(Refused),
    /// The value under this entry's name is not text chopvault wrote.
    NotText(String),
    /// The keyring holds several values under this name.
    Ambiguous(String),
    /// The value of this entry is not a usable secret.
    BadValue {
        /// The entry.
        name: String,
        /// What is wrong with it.
        why: ValueError,
    },
    /// The value under another service (`service`/`user`, e.g. the
    /// OpenBao token) is not a usable secret.
    BadValueIn {
        /// The service.
        service: String,
        /// The user.
        user: String,
        /// What is wrong with it.
        why: ValueError,
    },
}

/// What a keyring call was doing when it ran out of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doing {
    /// Connecting to the keyring.
    Connecting,
    /// Reading a value.
    Reading,
    /// Writing a value.
    Writing,
    /// Removing a value.
    Removing,
    /// Checking access (`init`).
    CheckingAccess,
}

/// A platform failure.
#[derive(Debug)]
pub enum Platform {
    /// No D-Bus session bus answers at this address (the common case over
    /// SSH and in CI).
    NoSessionBus(String),
    /// Anything else, as the library words it.
    Other(String),
}

/// What the keyring refused, as the library says it.
#[derive(Debug)]
pub enum Refused {
    /// An attribute is longer than the store allows.
    TooLong {
        /// The attribute.
        attr: String,
        /// Its most length.
        max: u32,
    },
    /// An attribute is invalid.
    Invalid {
        /// The attribute.
        attr: String,
        /// Why (the library's words).
        why: String,
    },
    /// Not supported by the store.
    NotSupported(String),
    /// The store's format is bad.
    BadStoreFormat(String),
    /// Another error of the library's.
    Unexpected,
}

fn unavailable(why: Unavailable) -> StoreError {
    // The provider is named so that the hint can say what to unlock:
    // "your keyring" helps nobody who runs KeePassXC.
    StoreError::Keyring {
        why: Why::Keyring(why),
        provider: super::provider::provider(),
    }
}

/// Runs `f` on a helper thread and gives up after `timeout`. A call that
/// times out is abandoned; the process ends soon after anyway.
fn with_timeout<T: Send + 'static>(
    timeout: Duration,
    doing: Doing,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, StoreError> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("keyring".into())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .map_err(|e| unavailable(Unavailable::NoThread(e)))?;
    rx.recv_timeout(timeout).map_err(|_| {
        // A locked KeePassXC or KWallet waits on an unlock dialog: say that,
        // not just that it was slow.
        let locked = match super::provider::ask(Duration::from_millis(1500)) {
            Some(super::provider::Answer::Running(p, Some(true))) => Some(p),
            _ => None,
        };
        unavailable(Unavailable::NoAnswer {
            secs: timeout.as_secs(),
            doing,
            locked,
        })
    })
}

/// A platform failure as a fact: a D-Bus session bus that cannot be
/// reached is told by its address; anything else as the library words it.
fn platform(said: &str) -> Platform {
    match said.split_once("Failed to connect to address `") {
        Some((_, rest)) => {
            let address = rest.split('`').next().unwrap_or(rest);
            Platform::NoSessionBus(address.to_owned())
        }
        None => Platform::Other(said.to_owned()),
    }
}

/// Maps keyring errors to ours without ever keeping their payloads (some
/// variants carry the secret's bytes).
fn map_error(e: KError, name: &str) -> StoreError {
    match e {
        KError::NoEntry => StoreError::NotFound(name.to_owned()),
        KError::PlatformFailure(p) => unavailable(Unavailable::Platform(platform(&p.to_string()))),
        KError::NoStorageAccess(p) => unavailable(Unavailable::NoAccess(p.to_string())),
        KError::NoDefaultStore => unavailable(Unavailable::NoStore),
        KError::BadEncoding(_) | KError::BadDataFormat(..) => StoreError::Unavailable {
            why: Why::Keyring(Unavailable::NotText(name.to_owned())),
            hint: Remedy::SetAgain(name.to_string()),
        },
        KError::Ambiguous(_) => StoreError::Unavailable {
            why: Why::Keyring(Unavailable::Ambiguous(name.to_owned())),
            hint: Remedy::RemoveDuplicates(name.to_string()),
        },
        other => unavailable(Unavailable::Refused(refused(&other))),
    }
}

fn refused(e: &KError) -> Refused {
    match e {
        KError::TooLong(attr, max) => Refused::TooLong {
            attr: attr.clone(),
            max: *max,
        },
        KError::Invalid(attr, why) => Refused::Invalid {
            attr: attr.clone(),
            why: why.clone(),
        },
        KError::NotSupportedByStore(what) => Refused::NotSupported(what.clone()),
        KError::BadStoreFormat(why) => Refused::BadStoreFormat(why.clone()),
        _ => Refused::Unexpected,
    }
}

#[cfg(target_os = "linux")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(zbus_secret_service_keyring_store::Store::new()?)
}

#[cfg(target_os = "macos")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}

#[cfg(target_os = "windows")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(windows_native_keyring_store::Store::new()?)
}

/// No keyring chopvault supports: said as such, not as the library's
/// "not supported".
#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Err(KError::NoDefaultStore)
}

/// Whether this system has a keyring chopvault supports.
const SUPPORTED: bool = cfg!(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "windows"
));

/// The keyring kind of store: its word, and its index as the only record
/// of the entries' metadata (the keyring keeps values only).
pub struct KeyringBackend;

/// The keyring's backend, registered in `StoreKind`.
pub static BACKEND: KeyringBackend = KeyringBackend;

impl Backend for KeyringBackend {
    fn word(&self) -> &'static str {
        "keyring"
    }

    fn index(&self) -> IndexRole {
        IndexRole::Record
    }

    fn resolve(
        &self,
        _config: &Config,
        with: &Resolving<'_>,
    ) -> Result<Box<dyn Resolved>, ResolveError> {
        Ok(Box::new(KeyringSpec {
            index: with.paths.keyring_index(),
        }))
    }
}

/// The OS keyring, with its index in the data folder.
#[derive(Debug, Clone)]
pub struct KeyringSpec {
    /// Its index: the only record of the entries' metadata.
    pub index: PathBuf,
}

impl Resolved for KeyringSpec {
    fn kind(&self) -> StoreKind {
        StoreKind::Keyring
    }

    fn index_path(&self) -> &Path {
        &self.index
    }

    fn open(&self, _with: &dyn Opening) -> Result<Box<dyn Store>, StoreError> {
        Ok(Box::new(KeyringStore::open(PROBE_TIMEOUT)?))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl KeyringStore {
    /// Connects to the OS keyring within `timeout`.
    pub fn open(timeout: Duration) -> Result<Self, StoreError> {
        if !SUPPORTED {
            return Err(unavailable(Unavailable::Unsupported));
        }
        let store = with_timeout(timeout, Doing::Connecting, platform_store)?
            .map_err(|e| map_error(e, ""))?;
        Ok(KeyringStore { store })
    }

    /// Connects and checks that the keyring can be used (a default
    /// collection, unlocked), all within `timeout`. Used by `init`.
    /// On Linux it asks the Secret Service for the collection's `Locked`
    /// property and writes nothing: a written-and-deleted probe item stays
    /// in KeePassXC's Recycle Bin.
    pub fn probe(timeout: Duration) -> Result<Self, StoreError> {
        let deadline = std::time::Instant::now() + timeout;
        let no_answer = |checking| {
            unavailable(Unavailable::ProbeNoAnswer {
                secs: timeout.as_secs(),
                checking,
            })
        };
        match super::provider::ask(timeout) {
            None => return Err(no_answer(false)),
            Some(super::provider::Answer::Running(p, locked)) => {
                return match locked {
                    Some(false) => Self::open(
                        deadline
                            .saturating_duration_since(std::time::Instant::now())
                            .max(Duration::from_millis(500)),
                    ),
                    Some(true) => Err(unavailable(Unavailable::Locked(Some(p)))),
                    None => Err(unavailable(Unavailable::NoDefaultCollection(p))),
                };
            }
            // Not running (yet): the bus may start it on the first call,
            // as a desktop session does for gnome-keyring.
            Some(super::provider::Answer::NotRunning) => {}
        }
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let this = Self::open(left.max(Duration::from_millis(100)))?;
        let store = this.store.clone();
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let answer = with_timeout(
            left.max(Duration::from_millis(100)),
            Doing::CheckingAccess,
            move || {
                let entry = Entry::new_in_store(&store, SERVICE, "chopvault-probe")?;
                // Writing proves the default collection exists and is unlocked;
                // reading alone succeeds on some locked keyrings.
                entry.set_password("probe")?;
                entry.delete_credential()
            },
        )
        .map_err(|_| no_answer(true))?;
        answer.map_err(|e| map_error(e, "chopvault-probe"))?;
        Ok(this)
    }

    /// Reads a value kept under another service (e.g. the OpenBao token).
    pub fn get_in_service(&mut self, service: &str, user: &str) -> Result<Secret, StoreError> {
        let entry =
            Entry::new_in_store(&self.store, service, user).map_err(|e| map_error(e, user))?;
        let value = with_timeout(CALL_TIMEOUT, Doing::Reading, move || {
            entry.get_password().map(Zeroizing::new)
        })?
        .map_err(|e| map_error(e, user))?;
        Secret::parse(value.as_bytes()).map_err(|why| StoreError::Unavailable {
            why: Why::Keyring(Unavailable::BadValueIn {
                service: service.to_owned(),
                user: user.to_owned(),
                why,
            }),
            hint: Remedy::StoreAgain,
        })
    }

    /// Writes a value under another service (e.g. the OpenBao token).
    pub fn set_in_service(
        &mut self,
        service: &str,
        user: &str,
        value: &Secret,
    ) -> Result<(), StoreError> {
        let entry =
            Entry::new_in_store(&self.store, service, user).map_err(|e| map_error(e, user))?;
        self.write(entry, user, value)
    }

    fn entry(&self, name: &str) -> Result<Entry, StoreError> {
        Entry::new_in_store(&self.store, SERVICE, name).map_err(|e| map_error(e, name))
    }

    /// Aux secrets live under user `NAME#KEY`; `#` cannot occur in a name.
    fn aux_entry(&self, name: &str, key: &str) -> Result<Entry, StoreError> {
        self.entry(&format!("{name}#{key}"))
    }

    fn write(&self, entry: Entry, name: &str, value: &Secret) -> Result<(), StoreError> {
        let value = value.clone();
        with_timeout(CALL_TIMEOUT, Doing::Writing, move || {
            entry.set_password(value.expose())
        })?
        .map_err(|e| map_error(e, name))
    }

    fn delete(&self, entry: Entry, name: &str) -> Result<bool, StoreError> {
        match with_timeout(CALL_TIMEOUT, Doing::Removing, move || {
            entry.delete_credential()
        })? {
            Ok(()) => Ok(true),
            Err(KError::NoEntry) => Ok(false),
            Err(e) => Err(map_error(e, name)),
        }
    }
}

impl Store for KeyringStore {
    fn kind(&self) -> StoreKind {
        StoreKind::Keyring
    }

    /// The service's name (the command line says where values are from
    /// the store's spec, in words).
    fn location(&self) -> String {
        SERVICE.to_owned()
    }

    fn get(&mut self, name: &str) -> Result<Secret, StoreError> {
        let entry = self.entry(name)?;
        let value = with_timeout(CALL_TIMEOUT, Doing::Reading, move || {
            entry.get_password().map(Zeroizing::new)
        })?
        .map_err(|e| map_error(e, name))?;
        // Re-validate: the keyring can be edited by other tools.
        Secret::parse(value.as_bytes()).map_err(|why| StoreError::Unavailable {
            why: Why::Keyring(Unavailable::BadValue {
                name: name.to_owned(),
                why,
            }),
            hint: Remedy::SetAgain(name.to_string()),
        })
    }

    fn get_aux(&mut self, name: &str, key: &str) -> Result<Option<Secret>, StoreError> {
        match self.get(&format!("{name}#{key}")) {
            Ok(s) => Ok(Some(s)),
            Err(StoreError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn put(
        &mut self,
        name: &str,
        value: &Secret,
        aux: &AuxUpdate,
        known: Option<&Meta>,
        update: MetaUpdate<'_>,
    ) -> Result<PutOutcome, StoreError> {
        let meta = update(known);
        // Aux first: a failure then leaves the old value in place.
        for (key, secret) in &aux.set {
            self.write(self.aux_entry(name, key)?, name, secret)?;
        }
        self.write(self.entry(name)?, name, value)?;
        for key in &aux.clear {
            self.delete(self.aux_entry(name, key)?, name)?;
        }
        Ok(PutOutcome { meta, all: None })
    }

    fn update_meta(
        &mut self,
        _name: &str,
        known: Option<&Meta>,
        update: MetaUpdate<'_>,
    ) -> Result<PutOutcome, StoreError> {
        Ok(PutOutcome {
            meta: update(known),
            all: None,
        })
    }

    fn remove(&mut self, name: &str, known: Option<&Meta>) -> Result<RemoveOutcome, StoreError> {
        for key in known.map(|m| m.aux.as_slice()).unwrap_or_default() {
            self.delete(self.aux_entry(name, key)?, name)?;
        }
        let existed = self.delete(self.entry(name)?, name)?;
        Ok(RemoveOutcome { existed, all: None })
    }
}
