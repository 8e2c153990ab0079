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

use super::{AuxUpdate, MetaUpdate, PutOutcome, RemoveOutcome, Store, StoreError};
use crate::config::StoreKind;
use crate::entry::Meta;
use crate::secret::Secret;

/// The keyring service name of every entry.
pub const SERVICE: &str = "chopvault";

/// Deadline of one keyring call after the store is open.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// The OS keyring.
pub struct KeyringStore {
    store: Arc<CredentialStore>,
}

fn unavailable(why: impl Into<String>) -> StoreError {
    // The provider is named so that the hint can say what to unlock:
    // "your keyring" helps nobody who runs KeePassXC.
    StoreError::Keyring {
        why: why.into(),
        provider: super::provider::provider(),
    }
}

/// Runs `f` on a helper thread and gives up after `timeout`. A call that
/// times out is abandoned; the process ends soon after anyway.
fn with_timeout<T: Send + 'static>(
    timeout: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, StoreError> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("keyring".into())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .map_err(|e| unavailable(t!("store-keyring-could-not-start-keyring", e = e)))?;
    rx.recv_timeout(timeout).map_err(|_| {
        let waited = t!(
            "store-keyring-within-s-while",
            as_secs = timeout.as_secs(),
            what = what
        );
        // A locked KeePassXC or KWallet waits on an unlock dialog: say that,
        // not just that it was slow.
        match super::provider::ask(Duration::from_millis(1500)) {
            Some(super::provider::Answer::Running(p, Some(true))) => unavailable(t!(
                "store-keyring-locked-did-not-answer",
                p = p,
                waited = waited
            )),
            _ => unavailable(t!("store-keyring-keyring-did-not-answer", waited = waited)),
        }
    })
}

/// A platform failure in words: a D-Bus session bus that cannot be
/// reached (the common case over SSH and in CI) is said in the user's
/// language with its address; anything else as the library words it.
fn platform_text(said: &str) -> String {
    match said.split_once("Failed to connect to address `") {
        Some((_, rest)) => {
            let address = rest.split('`').next().unwrap_or(rest);
            t!("keyring-no-session-bus", address = address)
        }
        None => said.to_owned(),
    }
}

/// Maps keyring errors to ours without ever printing their payloads (some
/// variants carry the secret's bytes).
fn map_error(e: KError, name: &str) -> StoreError {
    match e {
        KError::NoEntry => StoreError::NotFound(name.to_owned()),
        KError::PlatformFailure(p) => unavailable(t!(
            "store-keyring-keyring-not-available",
            p = platform_text(&p.to_string())
        )),
        KError::NoStorageAccess(p) => {
            unavailable(t!("store-keyring-keyring-locked-refused-access", p = p))
        }
        KError::NoDefaultStore => unavailable(t!("keyring-no-store")),
        KError::BadEncoding(_) | KError::BadDataFormat(..) => StoreError::Unavailable {
            why: t!("store-keyring-keyring-s-value-not", name = name).into(),
            hint: super::Remedy::SetAgain(name.to_string()),
        },
        KError::Ambiguous(_) => StoreError::Unavailable {
            why: t!("store-keyring-keyring-holds-several-values", name = name).into(),
            hint: t!(
                "store-keyring-remove-extra-ones-secret",
                SERVICE = SERVICE,
                name = name
            )
            .into(),
        },
        other => unavailable(t!(
            "store-keyring-keyring-refused",
            value = describe(&other)
        )),
    }
}

fn describe(e: &KError) -> String {
    match e {
        KError::TooLong(attr, max) => t!("store-keyring-longer-than", attr = attr, max = max),
        KError::Invalid(attr, why) => t!("store-keyring-invalid", attr = attr, why = why),
        KError::NotSupportedByStore(what) => t!("store-keyring-not-supported", what = what),
        KError::BadStoreFormat(why) => t!("store-keyring-bad-store-format", why = why),
        _ => t!("store-keyring-unexpected-keyring-error"),
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

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Err(KError::NotSupportedByStore(t!(
        "store-keyring-system-has-no-supported"
    )))
}

impl KeyringStore {
    /// Connects to the OS keyring within `timeout`.
    pub fn open(timeout: Duration) -> Result<Self, StoreError> {
        let store =
            with_timeout(timeout, "connecting", platform_store)?.map_err(|e| map_error(e, ""))?;
        Ok(KeyringStore { store })
    }

    /// Connects and checks that the keyring can be used (a default
    /// collection, unlocked), all within `timeout`. Used by `init`.
    /// On Linux it asks the Secret Service for the collection's `Locked`
    /// property and writes nothing: a written-and-deleted probe item stays
    /// in KeePassXC's Recycle Bin.
    pub fn probe(timeout: Duration) -> Result<Self, StoreError> {
        let deadline = std::time::Instant::now() + timeout;
        let waited = || format!("{} s", timeout.as_secs());
        match super::provider::ask(timeout) {
            None => {
                return Err(unavailable(t!(
                    "store-keyring-keyring-did-not-answer-2",
                    waited = waited()
                )));
            }
            Some(super::provider::Answer::Running(p, locked)) => {
                return match locked {
                    Some(false) => Self::open(
                        deadline
                            .saturating_duration_since(std::time::Instant::now())
                            .max(Duration::from_millis(500)),
                    ),
                    Some(true) => Err(unavailable(t!("store-keyring-locked", p = p))),
                    None => Err(unavailable(t!(
                        "store-keyring-has-no-default-collection",
                        p = p
                    ))),
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
            &t!("keyring-checking-access"),
            move || {
                let entry = Entry::new_in_store(&store, SERVICE, "chopvault-probe")?;
                // Writing proves the default collection exists and is unlocked;
                // reading alone succeeds on some locked keyrings.
                entry.set_password("probe")?;
                entry.delete_credential()
            },
        )
        .map_err(|_| {
            unavailable(t!(
                "store-keyring-keyring-did-not-answer-3",
                waited = waited()
            ))
        })?;
        answer.map_err(|e| map_error(e, "chopvault-probe"))?;
        Ok(this)
    }

    /// Reads a value kept under another service (e.g. the OpenBao token).
    pub fn get_in_service(&mut self, service: &str, user: &str) -> Result<Secret, StoreError> {
        let entry =
            Entry::new_in_store(&self.store, service, user).map_err(|e| map_error(e, user))?;
        let value = with_timeout(CALL_TIMEOUT, "reading", move || {
            entry.get_password().map(Zeroizing::new)
        })?
        .map_err(|e| map_error(e, user))?;
        Secret::parse(value.as_bytes()).map_err(|why| StoreError::Unavailable {
            why: t!(
                "store-keyring-keyring-s-value-not-2",
                service = service,
                user = user,
                why = why
            )
            .into(),
            hint: t!("store-keyring-store-again").into(),
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
        with_timeout(CALL_TIMEOUT, "writing", move || {
            entry.set_password(value.expose())
        })?
        .map_err(|e| map_error(e, name))
    }

    fn delete(&self, entry: Entry, name: &str) -> Result<bool, StoreError> {
        match with_timeout(CALL_TIMEOUT, "removing", move || entry.delete_credential())? {
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

    fn location(&self) -> String {
        t!("store-keyring-os-keyring-service", SERVICE = SERVICE)
    }

    fn get(&mut self, name: &str) -> Result<Secret, StoreError> {
        let entry = self.entry(name)?;
        let value = with_timeout(CALL_TIMEOUT, "reading", move || {
            entry.get_password().map(Zeroizing::new)
        })?
        .map_err(|e| map_error(e, name))?;
        // Re-validate: the keyring can be edited by other tools.
        Secret::parse(value.as_bytes()).map_err(|why| StoreError::Unavailable {
            why: t!(
                "store-keyring-keyring-s-value-not-3",
                name = name,
                why = why
            )
            .into(),
            hint: super::Remedy::SetAgain(name.to_string()),
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
