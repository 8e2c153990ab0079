//! export: `token.txt` exists only while the installer needs it.
//!
//! Order of events, each step durable before the next: journal record →
//! token file (exclusive, 0600) → installer → wipe (overwrite, fsync,
//! unlink, fsync folder) → journal record removed. A crash at any point
//! leaves a record the next chopvault command sweeps. This module needs a
//! value and a folder; it knows nothing of stores.

pub mod confine;
pub mod journal;
pub mod supervise;
pub mod tokenfile;

use std::fmt;
use std::path::PathBuf;

use crate::fsutil::FsError;

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
    Supervise(String),
    /// The installer cannot be confined as asked (`--as-user`,
    /// `--sandbox`); it is not run at all.
    Confine {
        /// What is wrong.
        why: String,
        /// What to do about it.
        hint: String,
    },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Exists(p) => f.write_str(&t!(
                "export-already-exists",
                path = crate::text::shown_path(p)
            )),
            ExportError::Symlink(p) => f.write_str(&t!(
                "export-symlink-refusing-write-through",
                path = crate::text::shown_path(p)
            )),
            ExportError::NoFolder(p) => f.write_str(&t!(
                "export-folder-does-not-exist",
                path = crate::text::shown_path(p)
            )),
            ExportError::Busy(p) => f.write_str(&t!(
                "export-another-export-using-right",
                path = crate::text::shown_path(p)
            )),
            ExportError::Fs(e) => f.write_str(&crate::say::Explain::explain(e).text),
            ExportError::Supervise(why) => f.write_str(why),
            ExportError::Confine { why, .. } => f.write_str(why),
        }
    }
}

impl std::error::Error for ExportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExportError::Fs(FsError::Io { source, .. }) => Some(source),
            _ => None,
        }
    }
}

impl From<FsError> for ExportError {
    fn from(e: FsError) -> Self {
        ExportError::Fs(e)
    }
}
