//! The CLI-level error: every failure a command can end in, its exit code,
//! and the one-line hint that says what to do next. No variant holds a
//! secret value.

use std::fmt;

use crate::config::ConfigError;
use crate::export::ExportError;
use crate::fsutil::FsError;
use crate::lifecycle::LifecycleError;
use crate::migrate::MigrateError;
use crate::prompt::PromptError;
use crate::say::Explain;
use crate::secret::ValueError;
use crate::store::StoreError;
use crate::vault::VaultError;
use crate::vault::index::IndexError;
use crate::yandex::YandexError;
use crate::yandex::oauth::PasteError;

/// Exit codes (documented in README.md).
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// Any other error.
    pub const ERROR: u8 = 1;
    /// Bad usage.
    pub const USAGE: u8 = 2;
    /// No such entry.
    pub const NO_ENTRY: u8 = 3;
    /// Store unavailable or locked.
    pub const UNAVAILABLE: u8 = 4;
    /// Wrong passphrase or identity.
    pub const WRONG_KEY: u8 = 5;
    /// A token expires within the warning window.
    pub const EXPIRES_SOON: u8 = 10;
    /// A token has expired.
    pub const EXPIRED: u8 = 11;
    /// The provider rejects the token.
    pub const REJECTED: u8 = 12;
    /// The provider could not be reached.
    pub const UNREACHABLE: u8 = 13;
    /// The store could not be asked (server down, sealed, token refused):
    /// the figures shown are the local cache's (`status`, `check`).
    pub const CACHED: u8 = 14;
}

/// What a command failed with.
#[derive(Debug)]
pub enum Error {
    /// The command line asks for something impossible; exit 2.
    Usage(String),
    /// A test setting in the environment (this variable) is set to what
    /// production must not run with; exit 2. Says why.
    Setting(&'static str, String),
    /// No store has been set up yet.
    NoStore,
    /// Run as root on a file of another user's (see `owner`); nothing was
    /// read or changed.
    NotOwner {
        /// The file or folder.
        path: std::path::PathBuf,
        /// Whose it is.
        owner: crate::owner::Owner,
    },
    /// Neither XDG variables nor HOME are set.
    NoHome,
    /// The input is not a usable secret (from where it came).
    Value(ValueError, String),
    /// Reading input failed.
    Prompt(PromptError),
    /// A store or index failure.
    Vault(VaultError),
    /// No entry of that name (the store's `NotFound`), with the known name
    /// closest to it.
    NotFoundNear(StoreError, String),
    /// The config file.
    Config(ConfigError),
    /// A file operation outside the store.
    Fs(FsError),
    /// `export` could not place or supervise the token file.
    Export(ExportError),
    /// Yandex refused, or could not be reached.
    Yandex(YandexError),
    /// What was pasted after the browser flow is not a token.
    Paste(PasteError),
    /// `init` when a store is already set up.
    AlreadyInitialised(String),
    /// Replacing or removing an entry needs a yes on a terminal or --force;
    /// exit 1. Holds what is there (never a value).
    NeedsForce {
        /// The entry.
        name: String,
        /// What it holds: kind, fingerprint, dates.
        what: String,
        /// Replace or remove.
        action: Overwrite,
    },
    /// The entry's token has expired (its expiry date is past); exit 11.
    Expired {
        /// The entry.
        name: String,
        /// Days since it expired.
        days: i64,
    },
    /// `verify`, `rotate` or `refresh` of an entry that is not a Yandex.Disk
    /// token; exit 2.
    NotYandex(String),
    /// `migrate` refused or could not finish; the old store is whole.
    Migrate(MigrateError),
    /// `migrate` is done (the config names the new store), but removing
    /// the old copies failed.
    MigrateCleanup {
        /// Where the old copies are, in words.
        location: String,
        /// The store the config names now.
        to: crate::config::StoreKind,
        /// What failed.
        error: MigrateError,
    },
    /// Writing or reading a stream or path outside the stores failed:
    /// what was being done, and the system's error.
    Io(String, std::io::Error),
    /// An answer is needed, and there is no terminal to ask on.
    NeedsAnswer(String),
    /// `init` would create a vault where a file already is.
    VaultExists(std::path::PathBuf),
    /// The config names the openbao store without a server.
    NoServer,
    /// `login` into an entry that holds a token.
    AlreadyHolds(String),
    /// Yandex rejects the token just obtained; nothing was stored.
    NewTokenRejected {
        /// HTTP status.
        status: u16,
        /// Yandex's error name.
        error: String,
    },
    /// `rotate` got a token of another Yandex account; nothing was changed.
    AccountChanged {
        /// The account the entry's token belongs to.
        before: String,
        /// The account of the new token.
        after: String,
    },
    /// `rotate` of an entry with no ClientID stored and none given.
    NoClientId(String),
    /// `whoami` with no identity given, configured or generated.
    NoIdentity(std::path::PathBuf),
    /// `refresh` of an entry with no refresh token.
    NoRefreshToken(String),
    /// `refresh` of an entry whose client secret is not stored.
    NoClientSecret(String),
    /// `set --from-file` stored the token, then could not wipe the file.
    StoredNotWiped {
        /// The entry that now holds the token.
        name: String,
        /// The file that still holds it.
        path: std::path::PathBuf,
        /// Why.
        error: String,
    },
    /// A key file beside a vault that is still a passphrase vault.
    RekeyInterrupted {
        /// The key file.
        key: std::path::PathBuf,
        /// The vault.
        vault: std::path::PathBuf,
    },
    /// `unlock` of a passphrase vault from before key files.
    NoKeyFile {
        /// The vault.
        vault: std::path::PathBuf,
        /// Where its key file would be.
        key: std::path::PathBuf,
    },
    /// The agent could not take the key (`unlock`).
    AgentLoad(crate::agent::AgentError),
    /// The agent could not be reached (`lock`).
    AgentUnreachable(crate::agent::AgentError),
}

impl From<MigrateError> for Error {
    fn from(e: MigrateError) -> Self {
        match e {
            MigrateError::Vault(v) => Error::Vault(v),
            MigrateError::Fs(f) => Error::Fs(f),
            other => Error::Migrate(other),
        }
    }
}

impl From<VaultError> for Error {
    fn from(e: VaultError) -> Self {
        Error::Vault(e)
    }
}
impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        Error::Vault(VaultError::Store(e))
    }
}
impl From<IndexError> for Error {
    fn from(e: IndexError) -> Self {
        Error::Vault(VaultError::Index(e))
    }
}
impl From<ExportError> for Error {
    fn from(e: ExportError) -> Self {
        match e {
            ExportError::Fs(fs) => Error::Fs(fs),
            // As the store says it (exit 3, and "did you mean").
            ExportError::NotFound(name) => StoreError::NotFound(name).into(),
            ExportError::Expired { name, days } => Error::Expired { name, days },
            other => Error::Export(other),
        }
    }
}
impl From<LifecycleError> for Error {
    fn from(e: LifecycleError) -> Self {
        match e {
            LifecycleError::Yandex(y) => Error::Yandex(y),
            LifecycleError::Paste(p) => Error::Paste(p),
            LifecycleError::NewTokenRejected { status, error } => {
                Error::NewTokenRejected { status, error }
            }
            // Said as Yandex says a lapsed device code.
            LifecycleError::NotConfirmed { expires_in } => Error::Yandex(YandexError::OAuth {
                error: "expired_token".into(),
                description: crate::say::lifecycle::not_confirmed(expires_in),
            }),
        }
    }
}
impl From<YandexError> for Error {
    fn from(e: YandexError) -> Self {
        Error::Yandex(e)
    }
}
impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Error::Config(e)
    }
}
impl From<FsError> for Error {
    fn from(e: FsError) -> Self {
        Error::Fs(e)
    }
}

impl Error {
    fn store(&self) -> Option<&StoreError> {
        match self {
            Error::Vault(VaultError::Store(e)) | Error::NotFoundNear(e, _) => Some(e),
            _ => None,
        }
    }

    fn fs(&self) -> Option<&FsError> {
        match self {
            Error::Fs(e)
            | Error::Vault(VaultError::Store(StoreError::Fs(e)))
            | Error::Vault(VaultError::Lock(e))
            | Error::Vault(VaultError::Index(IndexError::Fs(e)))
            | Error::Config(ConfigError::Fs(e))
            | Error::Prompt(PromptError::Fs(e)) => Some(e),
            _ => None,
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_)
            | Error::NotYandex(_)
            | Error::NoClientId(_)
            | Error::NoIdentity(_)
            | Error::Setting(..)
            | Error::Yandex(YandexError::Setting { .. }) => exit::USAGE,
            Error::Expired { .. } => exit::EXPIRED,
            Error::NoStore | Error::Export(ExportError::HoldOff(_)) => exit::UNAVAILABLE,
            Error::Yandex(YandexError::Rejected { .. }) => exit::REJECTED,
            Error::Yandex(YandexError::Unreachable(_) | YandexError::Protocol(_)) => {
                exit::UNREACHABLE
            }
            _ => match self.store() {
                Some(StoreError::NotFound(_)) | Some(StoreError::Gone { .. }) => exit::NO_ENTRY,
                Some(
                    StoreError::Unavailable { .. }
                    | StoreError::Keyring { .. }
                    | StoreError::Missing(_),
                ) => exit::UNAVAILABLE,
                Some(
                    StoreError::WrongPassphrase
                    | StoreError::WrongIdentity(_)
                    | StoreError::NoLongerMember(_),
                ) => exit::WRONG_KEY,
                _ => exit::ERROR,
            },
        }
    }

    /// A short class for the event log (`not-found`, `wrong-key`, ...).
    pub fn class(&self) -> &'static str {
        match self.exit_code() {
            exit::USAGE => "usage",
            exit::NO_ENTRY => "not-found",
            exit::UNAVAILABLE => "unavailable",
            exit::WRONG_KEY => "wrong-key",
            exit::REJECTED => "rejected",
            exit::UNREACHABLE => "unreachable",
            exit::CACHED => "cached",
            _ => "error",
        }
    }

    /// What to do next. Every error has one: its own, or by its class.
    pub fn hint(&self) -> Option<String> {
        self.own_hint().or_else(|| {
            Some(match self.exit_code() {
                exit::USAGE => {
                    t!("error-usage-hint")
                }
                _ => t!("error-run-doctor-hint"),
            })
        })
    }

    /// As [`Error::hint`], for an error of the subcommand `command`: a
    /// usage error points at that subcommand's help.
    pub fn hint_in(&self, command: Option<&str>) -> Option<String> {
        match (self, command) {
            (Error::Usage(_), Some(c)) => Some(t!("error-command-usage-hint", command = c)),
            _ => self.hint(),
        }
    }

    /// A "no entry named" error with the closest of `names` (a typo away,
    /// or the same but for case) made part of its hint; any other error
    /// as it is.
    pub fn suggest_entry<'a>(self, names: impl Iterator<Item = &'a str>) -> Error {
        let Some(StoreError::NotFound(wanted)) = self.store() else {
            return self;
        };
        let wanted_lower = wanted.to_lowercase();
        let near = names
            .map(|n| {
                let d = if n.to_lowercase() == wanted_lower {
                    0
                } else {
                    strsim::damerau_levenshtein(&n.to_lowercase(), &wanted_lower)
                };
                (d, n)
            })
            // Two edits at most, and never most of a short name.
            .filter(|(d, n)| *d <= 2 && *d * 3 <= n.chars().count())
            .min();
        match (near, self) {
            (Some((_, near)), Error::Vault(VaultError::Store(e))) => {
                Error::NotFoundNear(e, near.to_string())
            }
            (_, e) => e,
        }
    }

    /// The hint written for this error, if there is one.
    fn own_hint(&self) -> Option<String> {
        if let Error::NotFoundNear(_, near) = self {
            return Some(t!("error-did-you-mean-entry", near = near));
        }
        if let Some(fs) = self.fs() {
            return fs.explain().hint;
        }
        if let Some(store) = self.store() {
            return store.explain().hint;
        }
        match self {
            Error::Usage(_) => Some(t!("error-usage-hint")),
            Error::Setting(var, _) => Some(t!("error-setting-hint", var = var)),
            Error::NoStore if crate::owner::sudo_user().is_some() => Some(t!(
                "error-no-store-as-root-hint",
                config = crate::paths::Paths::from_env()
                    .map(|p| p.config_file().display().to_string())
                    .unwrap_or_else(|| "/root/.config/chopvault/config.toml".into()),
                user = crate::owner::sudo_user().unwrap_or_default()
            )),
            Error::NoStore => Some(t!("error-no-store-hint")),
            Error::NotOwner { owner, .. } => {
                Some(t!("error-not-owner-hint", user = owner.sudo_user()))
            }
            Error::NoHome => Some(t!("error-no-home-hint")),
            Error::NeedsForce { .. } => Some(t!("error-needs-force-hint")),
            Error::Config(e) => e.explain().hint,
            Error::Value(e, _) => e.explain().hint,
            Error::Expired { name, .. } => Some(t!("error-expired-hint", name = name)),
            Error::Prompt(PromptError::NoTerminal) => Some(t!("error-no-terminal-hint")),
            Error::Prompt(_) => Some(t!("error-run-again-hint")),
            Error::Vault(VaultError::Index(e)) => e.explain().hint,
            Error::Export(e) => e.explain().hint,
            Error::Yandex(e) => e.explain().hint,
            Error::Paste(e) => e.explain().hint,
            Error::AlreadyInitialised(_) => Some(t!("error-already-initialised-hint")),
            Error::NotYandex(name) => Some(t!("error-not-yandex-hint", name = name)),
            Error::Migrate(e) => e.explain().hint,
            Error::MigrateCleanup { to, .. } => Some(t!("error-migrate-cleanup-hint", to = to)),
            Error::Io(..) => Some(t!("error-io-hint")),
            Error::NeedsAnswer(_) => Some(t!("error-needs-answer-hint")),
            Error::VaultExists(_) => Some(t!("error-vault-exists-hint")),
            Error::NoServer => Some(t!("error-no-server-hint")),
            Error::AlreadyHolds(name) => Some(t!("error-already-holds-hint", name = name)),
            Error::NewTokenRejected { .. } => Some(t!("error-new-token-rejected-hint")),
            Error::AccountChanged { .. } => Some(t!("error-account-changed-hint")),
            Error::NoRefreshToken(name) => Some(t!("error-no-refresh-token-hint", name = name)),
            Error::NoClientSecret(name) => Some(t!("error-no-client-secret-hint", name = name)),
            Error::NoClientId(name) => Some(t!("cmd-rotate-no-client-id-hint", name = name)),
            Error::NoIdentity(path) => {
                Some(t!("cmd-whoami-no-identity-hint", path = path.display()))
            }
            Error::StoredNotWiped { path, .. } => {
                Some(t!("error-stored-not-wiped-hint", path = path.display()))
            }
            Error::RekeyInterrupted { key, .. } => {
                Some(t!("error-rekey-interrupted-hint", key = key.display()))
            }
            Error::NoKeyFile { .. } => Some(t!("error-no-key-file-hint")),
            // The agent's own remedy (refused installer, unsafe socket),
            // else what this command's failure leaves to do.
            Error::AgentLoad(e) => e
                .explain()
                .hint
                .or_else(|| Some(t!("error-agent-load-hint"))),
            Error::AgentUnreachable(e) => e.explain().hint.or_else(|| {
                Some(t!(
                    "error-agent-unreachable-hint",
                    socket = crate::agent::socket_path().display()
                ))
            }),
            _ => None,
        }
    }
}

/// What `--force` allows on an entry that holds something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// `set`, `login`: a new value in its place.
    Replace,
    /// `rm`.
    Remove,
}

impl Overwrite {
    /// The action in words.
    pub fn word(self) -> String {
        match self {
            Overwrite::Remove => t!("action-remove"),
            Overwrite::Replace => t!("action-replace"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m) => f.write_str(m),
            Error::Io(doing, e) => f.write_str(&t!(
                "error-io-failed",
                doing = doing,
                error = crate::ui::io_text(e)
            )),
            Error::NeedsAnswer(what) => f.write_str(&t!("error-needs-answer", what = what)),
            Error::VaultExists(path) => {
                f.write_str(&t!("error-vault-exists", path = path.display()))
            }
            Error::NoServer => f.write_str(&t!("error-no-server")),
            Error::AlreadyHolds(name) => f.write_str(&t!("error-already-holds", name = name)),
            Error::NewTokenRejected { status, error } => f.write_str(&t!(
                "error-new-token-rejected",
                status = status,
                error = error
            )),
            Error::AccountChanged { before, after } => {
                f.write_str(&t!("error-account-changed", after = after, before = before))
            }
            Error::NoRefreshToken(name) => f.write_str(&t!("error-no-refresh-token", name = name)),
            Error::NoClientSecret(name) => f.write_str(&t!("error-no-client-secret", name = name)),
            Error::NoIdentity(_) => f.write_str(&t!("cmd-whoami-no-identity")),
            Error::NoClientId(name) => f.write_str(&t!("cmd-rotate-no-client-id", name = name)),
            Error::StoredNotWiped { name, path, error } => f.write_str(&t!(
                "error-stored-not-wiped",
                name = name,
                path = path.display(),
                error = error
            )),
            Error::RekeyInterrupted { key, vault } => f.write_str(&t!(
                "error-rekey-interrupted",
                key = key.display(),
                vault = vault.display()
            )),
            Error::NoKeyFile { vault, key } => f.write_str(&t!(
                "error-no-key-file",
                vault = vault.display(),
                key = key.display()
            )),
            Error::AgentLoad(e) => f.write_str(&t!("error-agent-load", error = e.explain().text)),
            Error::AgentUnreachable(e) => {
                f.write_str(&t!("error-agent-unreachable", error = e.explain().text))
            }
            Error::NoStore => f.write_str(&t!("error-no-store")),
            Error::NotOwner { path, owner } => f.write_str(&t!(
                "error-root-on-users-file",
                path = path.display(),
                owner = owner.label()
            )),
            Error::NoHome => f.write_str(&t!("error-no-home")),
            Error::Value(e, from) => f.write_str(&t!(
                "error-value-refused",
                from = from,
                error = e.explain().text
            )),
            Error::NeedsForce { name, what, action } => f.write_str(&t!(
                "error-needs-force",
                name = name,
                what = what,
                action = action.word()
            )),
            Error::Expired { name, days } => {
                f.write_str(&t!("error-expired", name = name, days = days))
            }
            Error::Prompt(e) => e.fmt(f),
            Error::Vault(e) => f.write_str(&e.explain().text),
            Error::NotFoundNear(e, _) => f.write_str(&e.explain().text),
            Error::Config(e) => f.write_str(&e.explain().text),
            Error::Export(e) => f.write_str(&e.explain().text),
            Error::Yandex(e) => f.write_str(&e.explain().text),
            Error::Paste(e) => f.write_str(&e.explain().text),
            Error::Fs(e) => f.write_str(&e.explain().text),
            Error::Setting(_, why) => f.write_str(why),
            Error::AlreadyInitialised(what) => {
                f.write_str(&t!("error-already-initialised", what = what))
            }
            Error::Migrate(e) => f.write_str(&e.explain().text),
            Error::MigrateCleanup {
                location, error, ..
            } => f.write_str(&t!(
                "migrate-cleanup-failed",
                location = location,
                error = error.explain().text
            )),
            Error::NotYandex(name) => f.write_str(&t!("error-not-yandex", name = name)),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Refusal;
    use crate::ui::lang::{self, Lang};
    use std::path::PathBuf;

    /// Every failure a command can end in says what to do next in its own
    /// words (not the fallback "run chopvault doctor"), and the exit code
    /// matches its class.
    #[test]
    fn every_named_error_carries_its_own_hint() {
        let p = || PathBuf::from("/v.age");
        let cases: Vec<(Error, u8)> = vec![
            (Error::Usage("x".into()), exit::USAGE),
            (Error::NotYandex("gen".into()), exit::USAGE),
            (Error::NoStore, exit::UNAVAILABLE),
            (Error::NoHome, exit::ERROR),
            (Error::AlreadyInitialised("x".into()), exit::ERROR),
            (
                Error::NeedsForce {
                    name: "yd".into(),
                    what: "x".into(),
                    action: Overwrite::Remove,
                },
                exit::ERROR,
            ),
            (
                Error::Expired {
                    name: "yd".into(),
                    days: 3,
                },
                exit::EXPIRED,
            ),
            // What was being done comes translated from its command.
            (
                Error::Io(
                    "…".into(),
                    std::io::Error::from(std::io::ErrorKind::StorageFull),
                ),
                exit::ERROR,
            ),
            (Error::NeedsAnswer("ClientID".into()), exit::ERROR),
            (Error::VaultExists(p()), exit::ERROR),
            (Error::NoServer, exit::ERROR),
            (Error::AlreadyHolds("yd".into()), exit::ERROR),
            (
                Error::NewTokenRejected {
                    status: 401,
                    error: "UnauthorizedError".into(),
                },
                exit::ERROR,
            ),
            (
                Error::AccountChanged {
                    before: "a".into(),
                    after: "b".into(),
                },
                exit::ERROR,
            ),
            (Error::NoRefreshToken("yd".into()), exit::ERROR),
            (Error::NoClientId("yd".into()), exit::USAGE),
            (Error::NoIdentity(p()), exit::USAGE),
            (Error::NoClientSecret("yd".into()), exit::ERROR),
            (
                Error::Export(ExportError::NotWiped {
                    path: p(),
                    code: 0,
                    error: Box::new(ExportError::Busy(p())),
                }),
                exit::ERROR,
            ),
            (
                Error::RekeyInterrupted {
                    key: p(),
                    vault: p(),
                },
                exit::ERROR,
            ),
            (
                Error::NoKeyFile {
                    vault: p(),
                    key: p(),
                },
                exit::ERROR,
            ),
            (
                Error::AgentLoad(crate::agent::AgentError::Dead),
                exit::ERROR,
            ),
            (
                Error::AgentUnreachable(crate::agent::AgentError::Dead),
                exit::ERROR,
            ),
            (StoreError::NotFound("x".into()).into(), exit::NO_ENTRY),
            (StoreError::WrongPassphrase.into(), exit::WRONG_KEY),
            (StoreError::WrongIdentity(p()).into(), exit::WRONG_KEY),
            (StoreError::NoLongerMember(p()).into(), exit::WRONG_KEY),
            (StoreError::Missing(p()).into(), exit::UNAVAILABLE),
            (
                // `why` is made translated where the error is raised.
                StoreError::Keyring {
                    why: crate::store::Why::Keyring(crate::store::keyring::Unavailable::NoStore),
                    provider: Some(crate::store::provider::Provider::KeePassXc),
                }
                .into(),
                exit::UNAVAILABLE,
            ),
            (
                StoreError::BadAnswer {
                    from: "127.0.0.1:8200".into(),
                    about: "x".into(),
                    why: crate::store::openbao::Misanswer::VersionNotNumber,
                }
                .into(),
                exit::ERROR,
            ),
        ];
        let refusals = [
            Refusal::WeakPassphraseDeclined,
            Refusal::PassphrasesDiffer,
            Refusal::EmptyPassphrase,
            Refusal::PassphraseVaultHasNoRecipients,
            Refusal::PassphraseVaultHasNoMembers,
            Refusal::NotAccepted,
            Refusal::AcceptNeedsYes,
            Refusal::NotAPassphraseVault(p()),
            Refusal::NotARecipient("bob".into()),
            Refusal::AmbiguousMember {
                name: "bob".into(),
                cards: vec![
                    "age ssh-ed25519 AAAA bob".into(),
                    "age ssh-ed25519 AAAA bob".into(),
                ],
            },
            Refusal::LastRecipient,
            Refusal::LastWriter,
            Refusal::WouldLockYouOut,
            Refusal::ExcessiveWork {
                path: p(),
                required: 30,
                max: 22,
            },
        ];
        let cases = cases.into_iter().chain(
            refusals
                .into_iter()
                .map(|r| (StoreError::Refused(r).into(), exit::ERROR)),
        );
        let more: Vec<(Error, u8)> = vec![
            (
                FsError::TooOpen {
                    path: p(),
                    mode: 0o644,
                }
                .into(),
                exit::ERROR,
            ),
            (FsError::NotRegular(p()).into(), exit::ERROR),
            (
                FsError::io(
                    crate::fsutil::Action::Read,
                    &p(),
                    std::io::Error::from(std::io::ErrorKind::NotFound),
                )
                .into(),
                exit::ERROR,
            ),
            (
                Error::MigrateCleanup {
                    location: "/v.age".into(),
                    to: crate::config::StoreKind::Keyring,
                    error: MigrateError::Mismatch("yd".into()),
                },
                exit::ERROR,
            ),
            (
                Error::Migrate(MigrateError::Conflicts(vec!["yd".into()])),
                exit::ERROR,
            ),
            (
                Error::Config(ConfigError::Invalid(p(), crate::config::Invalid::Line(3))),
                exit::ERROR,
            ),
            (
                Error::Yandex(YandexError::Unreachable(
                    crate::yandex::Unreachable::Failed(crate::yandex::Failure::Timeout),
                )),
                exit::UNREACHABLE,
            ),
            (Error::Export(ExportError::Exists(p())), exit::ERROR),
            (Error::Export(ExportError::Symlink(p())), exit::ERROR),
            (Error::Export(ExportError::Busy(p())), exit::ERROR),
            (Error::Export(ExportError::NoFolder(p())), exit::ERROR),
            (
                Error::Export(ExportError::HoldOff(crate::agent::AgentError::Dead)),
                exit::UNAVAILABLE,
            ),
            (Error::Prompt(PromptError::NoTerminal), exit::ERROR),
            (Error::Value(ValueError::Empty, "stdin".into()), exit::ERROR),
            (
                Error::Value(ValueError::NotAscii(3, 0x44F), "stdin".into()),
                exit::ERROR,
            ),
            (
                Error::Value(ValueError::Invisible(3, 0x200B), "stdin".into()),
                exit::ERROR,
            ),
            (
                Error::Yandex(YandexError::Rejected {
                    status: 401,
                    error: "UnauthorizedError".into(),
                }),
                exit::REJECTED,
            ),
            (
                Error::Yandex(YandexError::OAuth {
                    error: "invalid_client".into(),
                    description: String::new(),
                }),
                exit::ERROR,
            ),
            (
                StoreError::Corrupt {
                    path: p(),
                    why: crate::store::file::Damage::Truncated,
                }
                .into(),
                exit::ERROR,
            ),
            (
                StoreError::Conflict {
                    name: "yd".into(),
                    expected: 1,
                    found: 2,
                }
                .into(),
                exit::ERROR,
            ),
        ];
        for (e, code) in cases.chain(more) {
            assert!(!e.to_string().is_empty());
            assert!(e.own_hint().is_some(), "{e} has no hint of its own");
            assert_eq!(e.exit_code(), code, "{e}");
            // Both languages come from the catalogs: the Russian message
            // and hint are other words than the English ones, and hold no
            // English but names, paths, options and commands.
            let en = Lang::En;
            let ru = Lang::Ru;
            let (en_text, en_hint) = lang::with(en, || (e.to_string(), e.own_hint()));
            let (ru_text, ru_hint) = lang::with(ru, || (e.to_string(), e.own_hint()));
            // A message made where the error is raised (a usage text) is
            // carried as it is; the rest is translated.
            let carried = matches!(&e, Error::Usage(_));
            if !carried {
                assert_ne!(en_text, ru_text, "not translated: {en_text}");
            }
            assert_ne!(en_hint, ru_hint, "hint not translated: {en_hint:?}");
            for text in [ru_text, ru_hint.unwrap_or_default()] {
                let english = english_words(&text);
                assert!(english.is_empty(), "English {english:?} in: {text}");
            }
        }
    }

    /// Words of `text` that look English: Latin words of three letters or
    /// more that are not a command, option, path, name or code chopvault
    /// and its tools use as they are.
    fn english_words(text: &str) -> Vec<String> {
        const NAMES: &[&str] = &[
            "chopvault",
            "age",
            "keygen",
            "init",
            "list",
            "set",
            "get",
            "rotate",
            "migrate",
            "doctor",
            "unlock",
            "lock",
            "rekey",
            "recipients",
            "members",
            "accept",
            "add",
            "whoami",
            "cleanup",
            "store",
            "file",
            "keyring",
            "openbao",
            "generic",
            "yandex",
            "disk",
            "kind",
            "force",
            "identity",
            "vault",
            "help",
            "COMMAND",
            "NAME",
            "FILE",
            "CARD",
            "URL",
            "IDENTITY",
            "VAULT",
            "USER",
            "KeePassXC",
            // The key's name, as printed on it.
            "Caps",
            "Lock",
            "GNOME",
            "Keyring",
            "Secret",
            "Service",
            "OpenBao",
            "Vault",
            "HTTP",
            "UnauthorizedError",
            "ClientID",
            "oauth",
            "ssh",
            "ed25519",
            "AAAA",
            "pkill",
            "agent",
            "serve",
            "gnome",
            "daemon",
            "key",
            "unused",
            "sig",
            "chmod",
            "HOME",
            "XDG_DATA_HOME",
            "XDG",
            "DATA",
            "stdin",
            "json",
            "allow",
            "expired",
            "CHOP_DEPLOY",
            "CHOP",
            "DEPLOY",
            "dir",
            "replace",
            "wait",
            "passphrase",
            "work",
            "factor",
            "from",
            "generate",
            "recipient",
            "addr",
            "status",
            "Yandex",
            "Disk",
            "SSH",
            "kazan",
            "KV",
            "ca",
            "cert",
            "bao",
            "operator",
            "unseal",
            "mount",
            "prefix",
            "team",
            "account",
            "change",
            "code",
            "device",
            "interval",
            "invalid_client",
            // Names this test gives its entries and members.
            "gen",
            "bob",
            "ASCII",
            "OAuth",
            "MiB",
            "GiB",
            "scrypt",
            "SECURITY",
            "Database",
            "Settings",
            "Integration",
            "General",
        ];
        // Names the user gave are quoted: 'gen'.
        let unquoted: String = text
            .split('\'')
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, part)| part)
            .collect::<Vec<_>>()
            .join(" ");
        let mut out = Vec::new();
        for token in unquoted.split(|c: char| c.is_whitespace() || "(),;:'\"«»[]".contains(c)) {
            // Paths, options, addresses and file names are kept as they are.
            if token.contains('/') || token.starts_with('-') || token.contains('.') {
                continue;
            }
            for word in token.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                let latin = word.chars().filter(char::is_ascii_alphabetic).count();
                if latin >= 3 && !NAMES.contains(&word) {
                    out.push(word.to_owned());
                }
            }
        }
        out
    }
}
