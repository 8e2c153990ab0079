//! export: `token.txt` exists only while the installer needs it.
//!
//! Order of events, each step durable before the next: journal record →
//! token file (exclusive, 0600) → installer → wipe (overwrite, fsync,
//! unlink, fsync folder) → journal record removed. A crash at any point
//! leaves a record the next chopvault command sweeps. [`run`] carries the
//! whole protocol out ([`protocol`]); it needs a [`Plan`] and a [`Source`]
//! of the value, and knows nothing of stores. It returns facts (a
//! [`Report`], [`Step`]s while it runs, typed errors) and never a word:
//! the command line says them.

pub mod confine;
pub mod journal;
pub mod protocol;
pub mod supervise;
pub mod tokenfile;

use std::path::PathBuf;

use crate::agent::AgentError;
use crate::fsutil::FsError;

pub use confine::Confine;
pub use protocol::{Ended, Over, Plan, Report, Source, Step, run};
pub use supervise::Supervise;

/// An export failure (before or around the installer; the installer's own
/// failure is its exit code, not an error).
#[derive(Debug)]
pub enum ExportError {
    /// The target file already exists.
    Exists(PathBuf),
    /// The target is a symlink (never followed or replaced).
    Symlink(PathBuf),
    /// The folder does not exist or is not a folder.
    NoFolder(PathBuf),
    /// Another export is writing this file (`--no-wait`).
    Busy(PathBuf),
    /// A file operation failed.
    Fs(FsError),
    /// Signals, inotify or waiting failed.
    Supervise(Supervise),
    /// The installer cannot be confined as asked (`--as-user`,
    /// `--sandbox`); it is not run at all.
    Confine(Confine),
    /// A fresh index does not list the entry; nothing was unlocked.
    NotFound(String),
    /// The entry's token expired `days` days ago (without
    /// `--allow-expired`); nothing was unlocked.
    Expired {
        /// The entry.
        name: String,
        /// Days since it expired.
        days: i64,
    },
    /// A running agent could not be told to refuse the installer; the
    /// installer was not started and nothing was written.
    HoldOff(AgentError),
    /// The installer exited `code`, and its token file could not be
    /// wiped: the journal record is kept, so `chopvault cleanup` retries.
    NotWiped {
        /// The token file.
        path: PathBuf,
        /// The installer's exit code.
        code: i32,
        /// Why the wipe failed.
        error: Box<ExportError>,
    },
}

impl From<FsError> for ExportError {
    fn from(e: FsError) -> Self {
        ExportError::Fs(e)
    }
}
