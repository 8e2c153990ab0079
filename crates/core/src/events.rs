//! The append-only event log: one JSON line per action on an entry (time,
//! command, entry, fingerprint, outcome). Never a value.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use serde::Serialize;

use crate::fsutil;

/// One line of the log.
#[derive(Debug, Serialize)]
pub struct Event<'a> {
    /// RFC 3339 time.
    pub time: String,
    /// The command (`set`, `get`, ...).
    pub command: &'a str,
    /// The entry, if the command names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<&'a str>,
    /// Fingerprint of the value concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<&'a str>,
    /// `ok` or the error class (`wrong-secret`, `not-found`, ...).
    pub outcome: &'a str,
    /// Extra non-secret detail (e.g. an export's folder and exit code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<serde_json::Value>,
}

/// Why an event could not be logged.
#[derive(Debug)]
pub enum LogError {
    /// Its folder could not be made.
    Folder(fsutil::FsError),
    /// The log could not be opened or written.
    Io(std::io::Error),
}

/// Appends an event. A line under PIPE_BUF written with O_APPEND lands
/// whole even with concurrent writers. Failing to log is reported by the
/// caller as a warning, not an error: the action itself has happened.
pub fn append(path: &Path, event: &Event<'_>) -> Result<(), LogError> {
    fsutil::ensure_private_dir(fsutil::parent_of(path)).map_err(LogError::Folder)?;
    let mut line = serde_json::to_vec(event).map_err(|e| LogError::Io(std::io::Error::other(e)))?;
    line.push(b'\n');
    let mut file = OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .open(path)
        .map_err(LogError::Io)?;
    file.write_all(&line).map_err(LogError::Io)
}
