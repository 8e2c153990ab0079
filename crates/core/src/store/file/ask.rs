//! Where the file store gets its passphrases. The store never talks to a
//! terminal or reads a passphrase file itself: its caller hands it a
//! [`Passphrases`] (the command line's `prompt::Asker` asks a person or
//! reads `--passphrase-file`), so the store depends on nothing of the
//! command line's.

use age::secrecy::SecretString;

use crate::fsutil::FsError;

/// Why a passphrase could not be had.
#[derive(Debug)]
pub enum AskError {
    /// No terminal to ask on (CI, cron, a pipe).
    NoTerminal,
    /// The two entries of a new passphrase differ.
    Mismatch,
    /// Nothing was entered, or the file is empty.
    Empty,
    /// Reading the terminal failed.
    Io(std::io::Error),
    /// Reading a passphrase file failed (including a too-open mode).
    Fs(FsError),
}

/// Slow work the store does with a passphrase, for the source to show
/// while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Busy {
    /// scrypt protecting a new key file.
    ProtectingKey,
    /// scrypt opening the vault or its key file.
    Unlocking,
}

/// A source of passphrases for the file store.
pub trait Passphrases {
    /// The vault's passphrase.
    fn current(&self) -> Result<SecretString, AskError>;
    /// A new passphrase; `None` when the person, told it is weak, wants to
    /// choose another.
    fn new_one(&self) -> Result<Option<SecretString>, AskError>;
    /// How many tries a wrong passphrase gets (a person at a terminal: 3).
    fn tries(&self) -> u32;
    /// Shows that `what` (a slow scrypt) is under way until the guard is
    /// dropped.
    fn busy(&self, what: Busy) -> Box<dyn std::any::Any>;
    /// Whether the passphrases are typed by a person at a prompt. Only
    /// those start the agent (`unlock_for`): one read from a file is a
    /// cron job's or a script's, and must not leave the key to every
    /// process of the user's.
    fn typed(&self) -> bool {
        false
    }
}
