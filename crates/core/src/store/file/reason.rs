//! Why the age-file store fails, as facts: what is wrong with a vault file
//! or an identity file, and why the store cannot be used now (why a vault
//! is not trusted is [`super::trust::Distrust`]). The store never words them (issue 23); the command line does
//! (`say::file`), with the remedy beside each sentence.

use std::path::PathBuf;

use super::document::FormatError;
use super::header;
use crate::agent::AgentError;

/// Why the file store cannot be used now (`StoreError::Unavailable`,
/// `Why::File`). Exit code 4.
#[derive(Debug)]
pub enum Unavailable {
    /// The agent holding the key file's identity could not sign a write to
    /// this vault.
    AgentCannotSign {
        /// The vault.
        vault: PathBuf,
        /// What the agent said.
        error: Box<AgentError>,
    },
    /// The agent refused: it runs under the installer of an export.
    AgentRefused(Box<AgentError>),
    /// An identity vault is being made, and no identity file was given.
    NeedsIdentity,
    /// The vault is encrypted to age identities, and none was given.
    EncryptedToIdentities(PathBuf),
    /// The vault needs its passphrase, and there is no terminal to ask on.
    NoTerminal,
    /// Reading the passphrase failed.
    PassphraseUnreadable(std::io::Error),
    /// A key file asks for a scrypt work factor above what is accepted.
    KeyTooCostly {
        /// The key file.
        key: PathBuf,
        /// The work factor it asks for.
        required: u8,
        /// The most chopvault accepts.
        max: u8,
    },
}

/// What is wrong with a vault file that cannot be read
/// (`StoreError::Corrupt`); it was not touched.
#[derive(Debug)]
pub enum Damage {
    /// The file is empty.
    Empty,
    /// Not an age file, or its header is damaged (age's verdict).
    NotAgeOrHeader,
    /// The file ends early.
    Truncated,
    /// It turned from a passphrase vault into an identity vault while it
    /// was being read.
    ChangedKind,
    /// Its encrypted content is truncated or damaged.
    ContentDamaged,
    /// The document lists no recipients to encrypt to.
    NoRecipients,
    /// The document lists a recipient that is not one (as written there).
    BadRecipient(String),
    /// The armor or the header is not as the age specification says.
    Unreadable(Unreadable),
    /// The decrypted document is not this build's vault document
    /// (another format, or a newer version).
    Format(FormatError),
    /// The age library's own refusal to decrypt.
    Decrypt(age::DecryptError),
    /// The age library's own refusal to encrypt.
    Encrypt(Box<age::EncryptError>),
}

/// What is wrong with an identity file or a vault's key file
/// (`StoreError::BadIdentity`).
#[derive(Debug)]
pub enum IdentityFlaw {
    /// The key file's armor or header is not as the specification says.
    Unreadable(Unreadable),
    /// The key file is not an age-encrypted identity file.
    KeyNotAge,
    /// The key file is not encrypted with a passphrase.
    KeyNotPassphrase,
    /// The key file is damaged.
    KeyDamaged,
    /// The key file does not hold an identity (not text).
    KeyNoIdentity,
    /// The key file holds something that is not an X25519 identity.
    KeyNoX25519,
    /// The key file holds no identity at all.
    KeyHoldsNone,
    /// The identity file does not exist.
    Missing,
    /// The identity file is not text.
    NotText,
    /// The identity file holds no X25519 identity.
    NoX25519,
    /// The identity file holds no identity at all.
    HoldsNone,
    /// The identity file holds other identities than X25519 ones.
    OnlyX25519,
    /// A line of the identity file is not an identity (its number).
    Junk(u64),
    /// The age library could not read the identity file.
    Io(std::io::Error),
    /// The age library refused the identities in it.
    Age(age::DecryptError),
}

/// [`super::WORK_FACTOR_ENV`] is set to a value outside
/// [`super::MIN_WORK_FACTOR`]`..=`[`super::MAX_WORK_FACTOR`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkFactorOutOfRange;

/// Why an age file could not be read up to the end of its header.
#[derive(Debug)]
pub enum Unreadable {
    /// It neither starts with the armor nor with an age header.
    NotAge,
    /// Reading failed: damaged armor, or the file ends in the header.
    Io(std::io::Error),
    /// The header breaks the age specification.
    Header(header::Flaw),
}
