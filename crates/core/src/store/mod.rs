//! Where values live: the `Store` trait, its implementations, and the
//! one list of the kinds of store ([`StoreKind`]).
//!
//! A store holds values (and, for the age file, the metadata too). It knows
//! nothing of the CLI, the index or Yandex; the [`crate::vault::Vault`]
//! façade joins it with the index under the writers' lock.
//!
//! Each kind of store answers for itself, in its own module, through
//! [`backend::Backend`] (its word, what its index is to it, how a config
//! resolves to it) and [`backend::Resolved`] (its files, its index, how
//! it opens): config, `init`, `doctor`, `migrate` and `reindex` ask these
//! rather than matching on kinds. How to add a store: ARCHITECTURE.md.

pub mod backend;
pub mod file;
pub mod keyring;
pub mod memory;
pub mod openbao;
pub mod provider;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::entry::Meta;
use crate::fsutil::FsError;
use crate::secret::Secret;
use crate::store::file::document::FormatError;

/// Defines [`StoreKind`], [`StoreKind::ALL`] and [`StoreKind::backend`]
/// from one list, so that no kind can be left out of `ALL` or lack its
/// backend.
macro_rules! store_kinds {
    ($(#[$doc:meta])* pub enum StoreKind {
        $($(#[$vdoc:meta])* $kind:ident => $backend:path,)+
    }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum StoreKind {
            $($(#[$vdoc])* $kind,)+
        }

        impl StoreKind {
            /// Every kind of store, in the order they are offered.
            pub const ALL: &'static [StoreKind] = &[$(StoreKind::$kind),+];

            /// The module that answers for this kind.
            pub fn backend(self) -> &'static dyn backend::Backend {
                match self {
                    $(StoreKind::$kind => &$backend,)+
                }
            }
        }
    };
}

store_kinds! {
    /// The kinds of store: the one registration of the stores there are,
    /// each naming the module that answers for it ([`backend::Backend`]).
    /// Commands ask a kind, or a resolved store ([`backend::Resolved`]),
    /// for what they need rather than matching on kinds; what only one
    /// store has (an age vault's members, OpenBao's versions) is asked of
    /// that store's own type.
    pub enum StoreKind {
        /// The OS keyring (Secret Service, Keychain, Credential Manager).
        Keyring => keyring::BACKEND,
        /// One age-encrypted vault file.
        File => file::spec::BACKEND,
        /// KV version 2 on an OpenBao or HashiCorp Vault server.
        OpenBao => openbao::spec::BACKEND,
    }
}

/// What the local metadata index is to a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexRole {
    /// The only record of the entries' metadata: the store keeps none,
    /// and the index is trusted as it is.
    Record,
    /// A copy of what the store keeps in its own file, trusted while that
    /// file is as it was when the index was written (its stamp). It lists
    /// every entry: a name it does not list is not in the store.
    Copy,
    /// A cache of what a server keeps, which other machines change: the
    /// server is asked, and the cache used only when it cannot be.
    Cache,
}

impl StoreKind {
    /// Its word: in the config (`store = "…"`), the index, the event log,
    /// and on the command line (`--store …`, `--to …`).
    pub fn word(self) -> &'static str {
        self.backend().word()
    }

    /// The kind whose word this is.
    pub fn from_word(word: &str) -> Option<StoreKind> {
        StoreKind::ALL.iter().copied().find(|k| k.word() == word)
    }

    /// What the local index is to a store of this kind.
    pub fn index(self) -> IndexRole {
        self.backend().index()
    }

    /// Whether the store keeps each entry's metadata itself (the age file
    /// in the vault, OpenBao on the server); otherwise the index is the
    /// only record of it.
    pub fn keeps_meta(self) -> bool {
        self.index() != IndexRole::Record
    }
}

/// Turns an entry's previous metadata (if any) into the new one.
pub type MetaUpdate<'a> = &'a mut dyn FnMut(Option<&Meta>) -> Meta;

/// Secrets kept beside an entry's value (refresh token, client secret).
#[derive(Default)]
pub struct AuxUpdate {
    /// Keys to set, with their values.
    pub set: Vec<(&'static str, Secret)>,
    /// Keys to remove.
    pub clear: Vec<&'static str>,
}

impl AuxUpdate {
    /// The entry's aux keys after this update, from the keys it had.
    pub fn apply_to_keys(&self, before: &[String]) -> Vec<String> {
        let mut keys: Vec<String> = before
            .iter()
            .filter(|k| !self.clear.contains(&k.as_str()))
            .cloned()
            .collect();
        for (k, _) in &self.set {
            if !keys.iter().any(|x| x == k) {
                keys.push((*k).to_string());
            }
        }
        keys.sort();
        keys
    }
}

/// What a write produced.
pub struct PutOutcome {
    /// The entry's new metadata.
    pub meta: Meta,
    /// The store's complete metadata, when it keeps its own (the age file
    /// does): the index is rebuilt from it.
    pub all: Option<BTreeMap<String, Meta>>,
}

/// What a removal produced.
pub struct RemoveOutcome {
    /// Whether the store had the entry.
    pub existed: bool,
    /// As in [`PutOutcome::all`].
    pub all: Option<BTreeMap<String, Meta>>,
}

/// A place that holds secret values.
pub trait Store {
    /// Which kind of store this is.
    fn kind(&self) -> StoreKind;

    /// A human description of where it is (a path, "Secret Service").
    fn location(&self) -> String;

    /// Gathers what unlocking needs (asks for a passphrase, reads an
    /// identity) before the writers' lock is taken, so that nobody waits on
    /// a person typing. Called once before `put` or `remove`.
    fn prepare_unlock(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    /// Proves the store opens (right passphrase, right identity, keyring
    /// unlocked) before a long interactive step such as a browser login.
    fn unlock(&mut self) -> Result<(), StoreError> {
        self.prepare_unlock()
    }

    /// Reads one value; unlocks the store if needed.
    fn get(&mut self, name: &str) -> Result<Secret, StoreError>;

    /// Reads a secret kept beside an entry (`None` when there is none).
    fn get_aux(&mut self, name: &str, key: &str) -> Result<Option<Secret>, StoreError>;

    /// Writes one value and its aux secrets. The caller holds the writers'
    /// lock. `known` is the index's metadata for the entry, for stores that
    /// keep none.
    fn put(
        &mut self,
        name: &str,
        value: &Secret,
        aux: &AuxUpdate,
        known: Option<&Meta>,
        update: MetaUpdate<'_>,
    ) -> Result<PutOutcome, StoreError>;

    /// Changes only an entry's metadata (e.g. after a verification).
    fn update_meta(
        &mut self,
        name: &str,
        known: Option<&Meta>,
        update: MetaUpdate<'_>,
    ) -> Result<PutOutcome, StoreError>;

    /// The file the values live in, for stores that have one (its stamp is
    /// kept in the index to notice changes made elsewhere).
    fn source_file(&self) -> Option<&std::path::Path> {
        None
    }

    /// Whether the store keeps each entry's metadata itself (the age file,
    /// OpenBao). Otherwise the index is the only record of it, and an entry
    /// the index does not list has no metadata to update.
    fn keeps_meta(&self) -> bool {
        self.kind().keeps_meta()
    }

    /// Every entry's metadata as the store itself keeps it (the age file
    /// does; unlocks it). `None` for stores whose metadata is the index.
    fn all_metas(&mut self) -> Result<Option<BTreeMap<String, Meta>>, StoreError> {
        Ok(None)
    }

    /// Removes one value and its aux secrets. The caller holds the lock.
    fn remove(&mut self, name: &str, known: Option<&Meta>) -> Result<RemoveOutcome, StoreError>;
}

/// What to do about a store failure. The store names the remedy; the
/// command line, which knows its own command names, words it (so the
/// stores hold no `chopvault …` text; `say::store`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remedy {
    /// The agent could not sign: run again, unlocking it or letting the
    /// command ask for the passphrase.
    UnlockAgain,
    /// A key file's scrypt cost is too high: lower it with rekey.
    LowerWorkFactor,
    /// The stored value is unusable: store it again under this name.
    SetAgain(String),
    /// The server's certificate is not trusted: give its CA.
    TrustCa,
    /// The server answered oddly for a path: check the mount and prefix.
    CheckMount,
    /// An identity vault is being made without an identity: give one, or
    /// have one generated.
    GiveIdentity,
    /// An identity vault is opened without an identity: give one, or set
    /// it in the environment.
    SetIdentity,
    /// No terminal to ask a passphrase on: give a passphrase file.
    PassphraseFile,
    /// The passphrase could not be read: scripts use a passphrase file.
    PassphraseFileForScripts,
    /// The agent refuses an export's installer: allow it on purpose.
    AllowAgent,
    /// A value kept under another service is unusable: store it again.
    StoreAgain,
    /// The keyring holds several values under this name: remove the extra
    /// ones, then set it again.
    RemoveDuplicates(String),
    /// The keyring is locked: unlock it.
    UnlockKeyring,
    /// The OpenBao store's own remedies (`say::openbao` words them);
    /// boxed, as the largest keeps every store error large.
    Bao(Box<openbao::Fix>),
}

/// A store failure. Messages never hold a value.
#[derive(Debug)]
pub enum StoreError {
    /// The store has no such entry.
    NotFound(String),
    /// The store cannot be used now (keyring missing, locked, timed out;
    /// no passphrase can be asked for). Exit code 4.
    Unavailable {
        /// What is wrong.
        why: Why,
        /// What to do about it.
        hint: Remedy,
    },
    /// The passphrase does not open the vault. Exit code 5.
    WrongPassphrase,
    /// None of the identities opens the vault. Exit code 5.
    WrongIdentity(PathBuf),
    /// The identity does not open the vault, though this machine's pin
    /// lists it as a member: it was most likely removed. Exit code 5.
    NoLongerMember(PathBuf),
    /// The vault file is damaged, truncated or not a vault; it was not touched.
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        why: file::Damage,
    },
    /// The vault decrypts, but its document breaks the format (a name
    /// twice, data after the document, invalid JSON): crafted or damaged.
    /// It was not touched, and no value was handed out.
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong with the document (never quotes it).
        error: FormatError,
    },
    /// The vault file does not exist.
    Missing(PathBuf),
    /// The entry was deleted on a server (restorable). Exit code 3.
    Gone {
        /// The entry.
        name: String,
        /// Which version was deleted, and where to restore it from.
        why: openbao::Deleted,
    },
    /// Another writer changed the entry between our read and our write
    /// (OpenBao check-and-set); nothing was overwritten.
    Conflict {
        /// The entry.
        name: String,
        /// The version we read.
        expected: u64,
        /// The version now on the server.
        found: u64,
    },
    /// An identity file that is not usable.
    BadIdentity {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        why: file::IdentityFlaw,
    },
    /// An identity vault that must not be used: unsigned where a signature
    /// is required, signed by someone who is not a pinned member, or a
    /// signature that does not match; or a write this member may not make.
    /// Nothing was read from it or written to it. Exit code 1. Its remedy
    /// depends on the reason alone, and is worded with it.
    Untrusted {
        /// The vault (or the pin, trust file or state folder at fault).
        path: PathBuf,
        /// What is wrong (never a value).
        why: file::Distrust,
    },
    /// The OS keyring cannot be used now (missing, locked, not answering).
    /// Exit code 4.
    Keyring {
        /// What is wrong.
        why: Why,
        /// Who serves the Secret Service, when that is known.
        provider: Option<provider::Provider>,
    },
    /// A server answered something that is not what its protocol sends;
    /// nothing was read or changed. Exit code 1.
    BadAnswer {
        /// Which server (its address).
        from: String,
        /// What it was asked about (an entry, a path).
        about: String,
        /// What is wrong with the answer (never quotes it).
        why: openbao::Misanswer,
    },
    /// What was asked is not allowed or not possible for this store; nothing
    /// was changed. Exit code 1 (not 4: the store is there and working).
    Refused(Refusal),
    /// A file-system failure.
    Fs(FsError),
}

/// Why a store cannot be used now, as a fact the command line words.
#[derive(Debug)]
pub enum Why {
    /// The age-file store's reason.
    File(file::Unavailable),
    /// The OS keyring's (`say::keyring` words it).
    Keyring(keyring::Unavailable),
    /// The OpenBao store's (`say::openbao` words it); boxed, as its
    /// largest would make every store error large.
    Bao(Box<openbao::Unavailable>),
}

/// A request a store refuses by its own rules.
#[derive(Debug)]
pub enum Refusal {
    /// The person did not keep a weak new passphrase.
    WeakPassphraseDeclined,
    /// The new passphrase and its confirmation differ.
    PassphrasesDiffer,
    /// The passphrase is empty.
    EmptyPassphrase,
    /// Recipients asked of a passphrase vault.
    PassphraseVaultHasNoRecipients,
    /// Members asked of a passphrase vault.
    PassphraseVaultHasNoMembers,
    /// `members accept` was answered no.
    NotAccepted,
    /// `members accept` with no terminal to ask on, and no `--yes`.
    AcceptNeedsYes,
    /// A passphrase change asked of a vault that has none.
    NotAPassphraseVault(PathBuf),
    /// Removing someone who is not a recipient (the name, escaped).
    NotARecipient(String),
    /// Removing by a name that several members have: never guessed.
    AmbiguousMember {
        /// The name asked for (escaped).
        name: String,
        /// The card of each member with it, one per line, escaped.
        cards: Vec<String>,
    },
    /// Removing the last recipient.
    LastRecipient,
    /// Removing the last member who can write.
    LastWriter,
    /// Removing every key of one's own identity, without --force.
    WouldLockYouOut,
    /// A vault whose scrypt cost is above what chopvault accepts.
    ExcessiveWork {
        /// The vault.
        path: PathBuf,
        /// The work factor it asks for.
        required: u8,
        /// The most chopvault accepts.
        max: u8,
    },
}

impl From<FsError> for StoreError {
    fn from(e: FsError) -> Self {
        StoreError::Fs(e)
    }
}

impl StoreError {
    pub(crate) fn corrupt(path: &std::path::Path, why: file::Damage) -> Self {
        StoreError::Corrupt {
            path: path.to_path_buf(),
            why,
        }
    }
    pub(crate) fn format(path: &std::path::Path, e: FormatError) -> Self {
        match e {
            FormatError::Malformed { .. } | FormatError::Duplicate { .. } => {
                StoreError::Malformed {
                    path: path.to_path_buf(),
                    error: e,
                }
            }
            other => Self::corrupt(path, file::Damage::Format(other)),
        }
    }
}

/// `Missing` when nothing is at `vault`, the real error when it cannot
/// be looked at (another user's closed folder is no missing vault: "run
/// init" there would be the wrong advice), Ok when something is there.
pub fn must_exist(vault: &std::path::Path) -> Result<(), StoreError> {
    match std::fs::symlink_metadata(vault) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(StoreError::Missing(vault.to_path_buf()))
        }
        Err(e) => Err(StoreError::Fs(crate::fsutil::FsError::io(
            crate::fsutil::Action::Inspect,
            vault,
            e,
        ))),
    }
}
