//! The export journal: one small file per export in progress, written and
//! fsynced before `token.txt` is created and removed after it is wiped.
//! If chopvault dies (SIGKILL, power loss), the next command finds the
//! record, sees its process gone, and wipes the token file.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::fsutil::{self, FsError};
use crate::secret::fingerprint_of;

/// One export in progress.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// The token file.
    pub path: PathBuf,
    /// The temporary name it is written under first (see `tokenfile::create`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temp: Option<PathBuf>,
    /// The chopvault process that wrote it.
    pub pid: u32,
    /// That process's start time (clock ticks since boot, from
    /// /proc/PID/stat), so a reused pid is not taken for it.
    pub pid_start: Option<u64>,
    /// Fingerprint of the token written (to recognise the file as ours).
    pub fingerprint: String,
    /// The entry exported.
    pub entry: String,
    /// When the record was made.
    pub created: Timestamp,
}

/// What a sweep did with one stale record.
#[derive(Debug)]
pub enum Swept {
    /// The token file was still there and has been wiped.
    Removed(PathBuf),
    /// A file is at the path but is not the token we wrote; left alone.
    LeftForeign(PathBuf),
    /// Wiping failed; the record is kept for the next try.
    Failed(PathBuf, FsError),
}

/// The journal folder.
pub struct Journal {
    dir: PathBuf,
}

/// A record on disk, removed by [`Handle::finish`].
#[derive(Debug)]
pub struct Handle {
    path: PathBuf,
}

impl Handle {
    /// Removes the record (the token file has been wiped).
    pub fn finish(self) -> Result<(), FsError> {
        match fs::remove_file(&self.path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(FsError::io("remove", &self.path, e)),
        }
        fsutil::sync_dir(fsutil::parent_of(&self.path))
    }
}

impl Journal {
    /// The journal under a state folder.
    pub fn new(state_dir: &Path) -> Self {
        Journal {
            dir: state_dir.join("exports"),
        }
    }

    /// Writes a record durably (file and folder fsynced) before the token
    /// file exists.
    pub fn begin(&self, record: &Record) -> Result<Handle, FsError> {
        fsutil::ensure_private_dir(&self.dir)?;
        let name = format!("{}-{}.json", record.pid, Timestamp::now().as_nanosecond());
        let path = self.dir.join(name);
        let bytes = serde_json::to_vec(record).expect("a record always serialises");
        // Written in place (exclusive create, fsync, folder fsync): a record
        // cut short by a kill cannot cover a token file, which is created
        // only after this returns; the sweep removes it by the dead pid in
        // its name.
        fsutil::create_private(&path, &bytes)?;
        Ok(Handle { path })
    }

    /// Every record with the file it is in. Unreadable records are skipped.
    pub fn records(&self) -> Vec<(PathBuf, Record)> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
            .filter_map(|e| {
                let bytes = fs::read(e.path()).ok()?;
                let record: Record = serde_json::from_slice(&bytes).ok()?;
                Some((e.path(), record))
            })
            .collect()
    }

    /// Exports whose process is still running.
    pub fn in_progress(&self) -> Vec<Record> {
        self.records()
            .into_iter()
            .map(|(_, r)| r)
            .filter(|r| alive(r.pid, r.pid_start))
            .collect()
    }

    /// Removes record files that cannot be read and whose writer (the pid
    /// their name starts with) is gone: a kill mid-write leaves them.
    fn remove_broken_records(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let pid = name.split('-').next().and_then(|p| p.parse::<u32>().ok());
            let readable = fs::read(e.path())
                .ok()
                .and_then(|b| serde_json::from_slice::<Record>(&b).ok())
                .is_some();
            if !readable && pid.is_some_and(|p| !alive(p, None)) {
                let _ = fs::remove_file(e.path());
            }
        }
    }

    /// Wipes the token files of records whose process is gone.
    pub fn sweep(&self) -> Vec<Swept> {
        self.remove_broken_records();
        let mut out = Vec::new();
        for (record_path, record) in self.records() {
            if alive(record.pid, record.pid_start) {
                continue;
            }
            // The final name first: wiping the temp name overwrites the
            // shared inode, after which the final name would look foreign.
            let outcome = match fsutil::read_reserved(&record.path) {
                Err(e) if e.is_not_found() => None, // wiped before the crash
                Ok(bytes) if is_our_token(&bytes, &record.fingerprint) => {
                    match fsutil::wipe_file(&record.path) {
                        Ok(()) => Some(Swept::Removed(record.path.clone())),
                        Err(e) => {
                            out.push(Swept::Failed(record.path.clone(), e));
                            continue; // keep the record: try again next time
                        }
                    }
                }
                // Replaced by something else, or now a symlink: not ours.
                _ => Some(Swept::LeftForeign(record.path.clone())),
            };
            // The temp name is ours alone (created exclusively): always wipe.
            if let Some(temp) = &record.temp
                && let Err(e) = fsutil::wipe_file(temp)
            {
                out.push(Swept::Failed(temp.clone(), e));
                continue;
            }
            let _ = (Handle { path: record_path }).finish();
            out.extend(outcome);
        }
        out
    }
}

/// The file holds the token we wrote (with or without `--newline`).
fn is_our_token(bytes: &[u8], fingerprint: &str) -> bool {
    let trimmed = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    fingerprint_of(trimmed) == fingerprint
}

/// Start time of a process, field 22 of /proc/PID/stat (Linux).
pub fn start_time(pid: u32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses: split
    // after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(19)?.parse().ok()
}

/// Is the process that wrote a record still running?
pub fn alive(pid: u32, start: Option<u64>) -> bool {
    if let (Some(expected), Some(now)) = (start, start_time(pid)) {
        return expected == now;
    }
    let Some(pid) = rustix::process::Pid::from_raw(pid as i32) else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        Err(e) => e == rustix::io::Errno::PERM,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_start_time_is_read() {
        let me = std::process::id();
        assert!(start_time(me).is_some());
        assert!(alive(me, start_time(me)));
        assert!(
            !alive(me, start_time(me).map(|s| s + 1)),
            "a reused pid is not us"
        );
    }

    #[test]
    fn sweep_wipes_ours_and_leaves_others() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::new(dir.path());
        let ours = dir.path().join("ours.txt");
        let theirs = dir.path().join("theirs.txt");
        fs::write(&ours, b"y0_tok\n").unwrap();
        fs::write(&theirs, b"something else").unwrap();
        for path in [&ours, &theirs] {
            journal
                .begin(&Record {
                    path: path.clone(),
                    temp: None,
                    pid: 999_999_999, // no such process
                    pid_start: None,
                    fingerprint: fingerprint_of(b"y0_tok"),
                    entry: "e".into(),
                    created: Timestamp::now(),
                })
                .unwrap();
        }
        let swept = journal.sweep();
        assert_eq!(swept.len(), 2);
        assert!(!ours.exists());
        assert!(theirs.exists());
        assert!(journal.records().is_empty());
    }
}
