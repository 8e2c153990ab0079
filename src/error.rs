//! The CLI-level error: every failure a command can end in, its exit code,
//! and the one-line hint that says what to do next. No variant holds a
//! secret value.

use std::fmt;

use crate::config::ConfigError;
use crate::export::ExportError;
use crate::fsutil::FsError;
use crate::migrate::MigrateError;
use crate::prompt::PromptError;
use crate::secret::ValueError;
use crate::store::{Refusal, Remedy, StoreError};
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
}

/// What a command failed with.
#[derive(Debug)]
pub enum Error {
    /// The command line asks for something impossible; exit 2.
    Usage(String),
    /// No store has been set up yet.
    NoStore,
    /// Neither XDG variables nor HOME are set.
    NoHome,
    /// The input is not a usable secret (from where it came).
    Value(ValueError, String),
    /// Reading input failed.
    Prompt(PromptError),
    /// A store or index failure.
    Vault(VaultError),
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
        /// "replace" or "remove".
        action: &'static str,
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
    /// `refresh` of an entry with no refresh token.
    NoRefreshToken(String),
    /// `refresh` of an entry whose client secret is not stored.
    NoClientSecret(String),
    /// `export` could not remove the token file after the installer.
    NotWiped {
        /// The file.
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
            other => Error::Export(other),
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
            Error::Vault(VaultError::Store(e)) => Some(e),
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
            Error::Usage(_) | Error::NotYandex(_) => exit::USAGE,
            Error::Expired { .. } => exit::EXPIRED,
            Error::NoStore => exit::UNAVAILABLE,
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
                Some(StoreError::WrongPassphrase) | Some(StoreError::WrongIdentity(_)) => {
                    exit::WRONG_KEY
                }
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
            _ => "error",
        }
    }

    /// What to do next. Every error has one: its own, or by its class.
    pub fn hint(&self) -> Option<String> {
        self.own_hint().or_else(|| {
            Some(match self.exit_code() {
                exit::USAGE => {
                    "See what it takes: chopvault --help, or chopvault COMMAND --help.".into()
                }
                _ => "Run chopvault doctor: it checks the setup and names the fix.".into(),
            })
        })
    }

    /// As [`Error::hint`], for an error of the subcommand `command`: a
    /// usage error points at that subcommand's help.
    pub fn hint_in(&self, command: Option<&str>) -> Option<String> {
        match (self, command) {
            (Error::Usage(_), Some(c)) => Some(format!("See what it takes: chopvault {c} --help")),
            _ => self.hint(),
        }
    }

    /// The hint written for this error, if there is one.
    fn own_hint(&self) -> Option<String> {
        if let Some(fs) = self.fs() {
            return match fs {
                FsError::TooOpen { path, .. } => {
                    Some(format!("Fix it with: chmod 600 {}", path.display()))
                }
                FsError::NotRegular(_) => Some("Point chopvault at the file itself.".into()),
                e if e.is_no_space() => {
                    Some("Free some space; the vault was left as it was.".into())
                }
                e if e.is_not_found() => Some("Check the path: nothing is there.".into()),
                _ => None,
            };
        }
        if let Some(store) = self.store() {
            return Some(match store {
                StoreError::NotFound(_) => "See the entries with: chopvault list".into(),
                StoreError::Unavailable { hint, .. } => remedy_text(hint),
                StoreError::WrongPassphrase => {
                    "Try again; scripts read it from --passphrase-file.".into()
                }
                StoreError::WrongIdentity(_) => {
                    "Give the identity the vault was encrypted to with --identity.".into()
                }
                StoreError::Corrupt { .. } => "The file was left untouched. Restore it from a backup, or move it away and run chopvault init.".into(),
                StoreError::Malformed { path, .. } => format!(
                    "The file was left untouched. Inspect it with: age -d -i IDENTITY {} (or age -d for a passphrase vault); restore it from a backup or the repository's history.",
                    path.display()
                ),
                StoreError::Missing(_) => {
                    "Run chopvault init, or point --vault at an existing vault.".into()
                }
                StoreError::Gone { hint, .. } => hint.clone(),
                StoreError::Conflict { .. } => {
                    "Look at the entry again (chopvault get NAME --json), then re-run your command.".into()
                }
                StoreError::BadIdentity { .. } => {
                    "Give an age identity file (as made by age-keygen) with --identity.".into()
                }
                StoreError::Untrusted { hint, .. } => remedy_text(hint),
                StoreError::Refused(r) => refusal_hint(r),
                StoreError::Keyring { provider, .. } => format!(
                    "{}. To keep values in an age file instead: chopvault migrate --to file (where the keyring opens), or chopvault init --store file before any store is set up.",
                    provider.as_ref().map_or_else(
                        || "Start and unlock your keyring (a Secret Service such as GNOME Keyring or KeePassXC; over SSH, gnome-keyring-daemon --unlock)".to_string(),
                        crate::store::provider::Provider::unlock_hint,
                    )
                ),
                StoreError::BadAnswer { .. } => "Check that the mount is a KV version 2 engine and that --addr names an OpenBao or Vault server; nothing was changed.".into(),
                StoreError::Fs(_) => return None,
            });
        }
        match self {
            Error::Usage(_) => {
                Some("See what it takes: chopvault --help, or chopvault COMMAND --help.".into())
            }
            Error::NoStore => Some("Run: chopvault init".into()),
            Error::NoHome => Some("Set HOME or XDG_DATA_HOME.".into()),
            Error::NeedsForce { .. } => Some(
                "Run the command on a terminal to be asked, or pass --force in a script.".into(),
            ),
            Error::Config(ConfigError::Invalid(..)) => Some(
                "Fix or remove that line (chopvault writes this file; it holds no secrets), or move the file away and run chopvault init.".into(),
            ),
            Error::Value(crate::secret::ValueError::NotAscii(..), _) => Some(
                "Copy the token again from Yandex; for a value that is not a Yandex token, pass --kind generic.".into(),
            ),
            Error::Value(crate::secret::ValueError::Invisible(..), _) => Some(
                "Copy the token again, or type it: the character cannot be seen but would be stored.".into(),
            ),
            Error::Value(..) => {
                Some("Check that the input holds just the token, on one line.".into())
            }
            Error::Expired { name, .. } => Some(format!(
                "Get a new token: chopvault rotate {name}. To export it anyway: --allow-expired."
            )),
            Error::Prompt(PromptError::NoTerminal) => {
                Some("Pipe the value with --stdin, or import a file with --from-file.".into())
            }
            Error::Prompt(_) => Some("Run the command again.".into()),
            Error::Vault(VaultError::Index(IndexError::Invalid(_))) => Some(
                "It holds no secrets: move it away and store each entry again, or restore it from a backup."
                    .into(),
            ),
            Error::Export(ExportError::Exists(_)) => {
                Some("Remove it first, or pass --replace to overwrite it.".into())
            }
            Error::Export(ExportError::Symlink(_)) => {
                Some("Remove the link; chopvault never writes through one.".into())
            }
            Error::Export(ExportError::Busy(_)) => Some(
                "Wait for it to finish (leave out --no-wait to wait), or export into another folder.".into(),
            ),
            Error::Export(ExportError::NoFolder(_)) => Some(
                "Create it, or point --dir (or CHOP_DEPLOY) at the unpacked CHOP_DEPLOY folder.".into(),
            ),
            Error::Yandex(YandexError::Rejected { .. }) => Some(
                "Likely causes: it expired, was revoked, the account's password or 2FA changed, or the app's permissions changed. Get a new one with: chopvault rotate NAME".into(),
            ),
            Error::Yandex(YandexError::Unreachable(_) | YandexError::Protocol(_)) => Some(
                "Check the network and proxy settings, then try again; nothing was changed.".into(),
            ),
            Error::Yandex(YandexError::OAuth { error, .. }) => Some(
                match error.as_str() {
                    "invalid_client" => "Check the ClientID and client secret on the app's page at oauth.yandex.ru.",
                    "expired_token" | "bad_verification_code" | "invalid_grant" => {
                        "Start again; codes are short-lived and work once."
                    }
                    _ => "Start again; nothing was changed.",
                }
                .into(),
            ),
            Error::Paste(_) => Some(
                "Paste the token shown by Yandex, or the whole address the browser ended on.".into(),
            ),
            Error::AlreadyInitialised(_) => Some(
                "To start over, move the config file away; vaults are never overwritten.".into(),
            ),
            Error::NotYandex(name) => Some(format!(
                "If it is a Yandex.Disk token, store it as one: chopvault set {name} --kind yandex-disk --force"
            )),
            Error::Migrate(MigrateError::Conflicts(_)) => Some(
                "Look at those entries in the new store; to overwrite them with the old store's values, pass --force.".into(),
            ),
            Error::Migrate(MigrateError::UnknownAux { .. }) => Some(
                "Upgrade chopvault to a version that knows it, or move that entry by hand with get and set.".into(),
            ),
            Error::Migrate(MigrateError::Mismatch(_)) => Some(
                "Nothing was switched or removed; check the new store (chopvault doctor) and run migrate again.".into(),
            ),
            Error::Migrate(MigrateError::Cleanup { to, .. }) => Some(format!(
                "Run chopvault migrate --to {to} again to finish removing them."
            )),
            Error::Migrate(MigrateError::Journal(path, _)) => Some(format!(
                "It holds no secrets: if no migration is under way, remove it ({}) and run the command again.",
                path.display()
            )),
            Error::Io(..) => Some(
                "Check that the path or output can be written (a full disk, a closed pipe?), then run the command again.".into(),
            ),
            Error::NeedsAnswer(_) => {
                Some("Give it on stdin with --stdin (one answer per line).".into())
            }
            Error::VaultExists(_) => Some(
                "Use it with --vault, or choose another path; an existing vault is never overwritten.".into(),
            ),
            Error::NoServer => {
                Some("Run chopvault init --store openbao --addr URL again.".into())
            }
            Error::AlreadyHolds(name) => Some(format!("Replace it with: chopvault rotate {name}")),
            Error::NewTokenRejected { .. } => Some(
                "Make sure the app has the Yandex.Disk permissions, then start again.".into(),
            ),
            Error::AccountChanged { .. } => Some(
                "Sign in as the right account and rotate again, or pass --allow-account-change.".into(),
            ),
            Error::NoRefreshToken(name) => Some(format!(
                "Get a new token with: chopvault rotate {name} --code (or --device) to have one from now on"
            )),
            Error::NoClientSecret(name) => Some(format!(
                "Rotate once with --code or --device to store it: chopvault rotate {name}"
            )),
            Error::NotWiped { .. } => Some("Remove it by hand, or run: chopvault cleanup".into()),
            Error::RekeyInterrupted { key, .. } => Some(format!(
                "The vault still opens with its old passphrase. Move the key file away (mv {} {}.unused), then run chopvault rekey again.",
                key.display(),
                key.display()
            )),
            Error::NoKeyFile { .. } => Some(
                "Convert it once with: chopvault rekey (it then opens with one scrypt per session).".into(),
            ),
            Error::AgentLoad(_) => Some(
                "Commands still work: they ask for the passphrase. See chopvault doctor.".into(),
            ),
            Error::AgentUnreachable(_) => Some(format!(
                "If an agent still runs, end it: pkill -u $USER -f 'chopvault agent-serve' (its socket: {}).",
                crate::agent::socket_path().display()
            )),
            _ => None,
        }
    }
}

/// A store's remedy in words, with the command lines that carry it out.
fn remedy_text(r: &Remedy) -> String {
    match r {
        Remedy::Advice(text) => text.clone(),
        Remedy::UnlockAgain => "Run the command again; if the agent was locked meanwhile, unlock it (chopvault unlock) or let the command ask for the passphrase.".into(),
        Remedy::SigningIdentity => {
            "Use an identity made by age-keygen or chopvault init --generate-identity.".into()
        }
        Remedy::SendYourCard => "Send your card (chopvault whoami) to a member who can write, and ask them to run: chopvault recipients add CARD".into(),
        Remedy::AskToBeAdded => {
            "Ask a member who can write to add your card: chopvault recipients add CARD".into()
        }
        Remedy::LowerWorkFactor => "Another tool wrote it with that cost. Lower it where there is the memory: chopvault rekey --work-factor 18.".into(),
        Remedy::RestoreSigned(sig) => format!(
            "Nothing was read from it. Restore it and {} from the repository's history; if you know why the signature is gone, check with your team before running: chopvault members accept",
            sig.display()
        ),
        Remedy::AcceptMembers => "Nothing was read from it. If the team added this member, and a member you trust can confirm it, accept the change after reading it with: chopvault members accept".into(),
        Remedy::SetAgain(name) => format!("Store it again with: chopvault set {name}"),
        Remedy::TrustCa => "Give the CA that signed it: chopvault init --store openbao --ca-cert FILE (or fix the server's certificate).".into(),
        Remedy::CheckMount => "Check the mount and prefix (chopvault status).".into(),
    }
}

/// What to do instead of what a store refused (command lines belong to
/// this layer, not the store's).
fn refusal_hint(r: &Refusal) -> String {
    match r {
            Refusal::WeakPassphraseDeclined => {
                "Run the command again and choose a longer passphrase.".into()
            }
            Refusal::PassphrasesDiffer => "Run the command again.".into(),
            Refusal::EmptyPassphrase => {
                "Enter a passphrase, or put one on the first line of the passphrase file.".into()
            }
            Refusal::PassphraseVaultHasNoRecipients => "A team vault is made with identities: chopvault init --vault team.age --generate-identity --recipient CARD".into(),
            Refusal::PassphraseVaultHasNoMembers => {
                "Members belong to identity vaults; see chopvault recipients --help.".into()
            }
            Refusal::NotAPassphraseVault(_) => "Only the passphrase of a key file can change: it is beside the vault as VAULT.key.age.".into(),
            Refusal::NotARecipient(_) => "See them with: chopvault recipients list".into(),
            Refusal::LastRecipient => "Add another recipient first.".into(),
            Refusal::LastWriter => {
                "Add another member's card first: chopvault recipients add CARD".into()
            }
            Refusal::WouldLockYouOut => "Pass --force if that is what you want.".into(),
            Refusal::ExcessiveWork { .. } => "Another tool wrote it with that cost. Decrypt it with age -d on a machine with the memory, then store its entries in a vault made by chopvault init.".into(),
        }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m) => f.write_str(m),
            Error::Io(doing, e) => write!(f, "could not {doing}: {e}"),
            Error::NeedsAnswer(what) => write!(
                f,
                "the {what} is needed, and there is no terminal to ask on"
            ),
            Error::VaultExists(path) => write!(
                f,
                "{} already exists; an existing vault is never overwritten",
                path.display()
            ),
            Error::NoServer => write!(f, "the config names the openbao store but no server"),
            Error::AlreadyHolds(name) => write!(f, "'{name}' already holds a token"),
            Error::NewTokenRejected { status, error } => write!(
                f,
                "Yandex rejects the new token (HTTP {status} {error}); nothing was stored"
            ),
            Error::AccountChanged { before, after } => write!(
                f,
                "the new token belongs to Yandex account '{after}', not '{before}'; nothing was changed"
            ),
            Error::NoRefreshToken(name) => write!(
                f,
                "'{name}' has no refresh token (tokens from the manual flow have none)"
            ),
            Error::NoClientSecret(name) => {
                write!(f, "the client secret of '{name}' is not stored")
            }
            Error::NotWiped { path, error } => {
                write!(f, "could not remove {}: {error}", path.display())
            }
            Error::RekeyInterrupted { key, vault } => write!(
                f,
                "{} exists, but the vault {} is still a passphrase vault: an earlier rekey was interrupted",
                key.display(),
                vault.display()
            ),
            Error::NoKeyFile { vault, key } => write!(
                f,
                "the vault {} is a passphrase vault from before key files ({} does not exist): the agent cannot hold its passphrase",
                vault.display(),
                key.display()
            ),
            Error::AgentLoad(e) => write!(f, "the agent could not take the key: {e}"),
            Error::AgentUnreachable(e) => write!(f, "could not reach the agent: {e}"),
            Error::NoStore => write!(f, "no store is set up yet"),
            Error::NoHome => write!(f, "cannot tell where your files go: HOME is not set"),
            Error::Value(e, from) => write!(f, "refusing the value from {from}: {e}"),
            Error::NeedsForce { name, what, action } => write!(
                f,
                "'{name}' holds {what}; nothing was done: to {action} it without being asked, pass --force"
            ),
            Error::Expired { name, days } => write!(
                f,
                "the token in '{name}' expired {days} days ago; an installer would get a dead token"
            ),
            Error::Prompt(e) => e.fmt(f),
            Error::Vault(e) => e.fmt(f),
            Error::Config(e) => e.fmt(f),
            Error::Export(e) => e.fmt(f),
            Error::Yandex(e) => e.fmt(f),
            Error::Paste(e) => e.fmt(f),
            Error::Fs(e) => e.fmt(f),
            Error::AlreadyInitialised(what) => write!(f, "a store is already set up: {what}"),
            Error::Migrate(e) => e.fmt(f),
            Error::NotYandex(name) => write!(
                f,
                "'{name}' is a generic entry: only yandex-disk tokens can be checked, rotated or refreshed with Yandex"
            ),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Refusal;
    use std::path::PathBuf;

    /// Every failure a command can end in says what to do next in its own
    /// words (not the fallback "run chopvault doctor"), and the exit code
    /// matches its class.
    #[test]
    fn every_named_error_carries_its_own_hint() {
        let p = || PathBuf::from("/v.age");
        let io = || std::io::Error::other("disk full");
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
                    action: "remove",
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
            (Error::Io("write the value".into(), io()), exit::ERROR),
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
            (Error::NoClientSecret("yd".into()), exit::ERROR),
            (
                Error::NotWiped {
                    path: p(),
                    error: "x".into(),
                },
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
            (StoreError::Missing(p()).into(), exit::UNAVAILABLE),
            (
                StoreError::Keyring {
                    why: "locked".into(),
                    provider: Some(crate::store::provider::Provider::KeePassXc),
                }
                .into(),
                exit::UNAVAILABLE,
            ),
            (
                StoreError::BadAnswer {
                    from: "OpenBao".into(),
                    why: "x".into(),
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
            Refusal::NotAPassphraseVault(p()),
            Refusal::NotARecipient("bob".into()),
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
        for (e, code) in cases {
            assert!(!e.to_string().is_empty());
            assert!(e.own_hint().is_some(), "{e} has no hint of its own");
            assert_eq!(e.exit_code(), code, "{e}");
        }
    }
}
