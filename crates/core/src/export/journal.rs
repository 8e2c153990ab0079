//! The export journal: one small file per export in progress, written and
//! fsynced before `token.txt` is created and removed after it is wiped.
//! If chopvault dies (SIGKILL, power loss), the next command finds the
//! record, sees its process gone, and wipes the token file.
//!
//! A record is a claim, not an order: anyone who can write the journal
//! folder could plant one. So the folder must be ours and 0700 or nothing
//! is swept; a record acts only on the two names export writes in the
//! folder it names (`NAME` and `.NAME.chopvault-PID-NANOS`); only a regular
//! file owned by us, no larger than the token, holding the token's
//! fingerprint, is wiped (opened `O_NOFOLLOW|O_NONBLOCK`, so a FIFO or a
//! symlink is never waited on or followed). A record made on another
//! machine (shared home) or in another PID namespace (a container) cannot
//! tell whether its export still runs: it is reported, and acted on only
//! by `cleanup --force`.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::fsutil::{self, FsError, MAX_SETTINGS_FILE, read_bounded};
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
    /// Bytes written (the token, and a newline with `--newline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Where the export ran: machine, boot and PID namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<Host>,
}

/// What tells whether a record's pid can be checked from here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Host {
    /// /etc/machine-id.
    #[serde(default)]
    pub machine: Option<String>,
    /// /proc/sys/kernel/random/boot_id.
    #[serde(default)]
    pub boot: Option<String>,
    /// The PID namespace, as /proc/self/ns/pid names it.
    #[serde(default)]
    pub pid_ns: Option<String>,
}

impl Host {
    /// This process's machine, boot and PID namespace.
    pub fn current() -> Host {
        let read = |p: &str| {
            fs::read_to_string(p)
                .ok()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        Host {
            machine: read("/etc/machine-id"),
            boot: read("/proc/sys/kernel/random/boot_id"),
            pid_ns: fs::read_link("/proc/self/ns/pid")
                .ok()
                .map(|l| l.to_string_lossy().into_owned()),
        }
    }
}

/// Whether a record's process can be judged from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Same machine, boot and namespace: its pid tells.
    Here,
    /// This machine, an earlier boot: it cannot be running.
    EarlierBoot,
    /// Another machine or PID namespace: unknown.
    Elsewhere,
}

fn reach(record: &Record, here: &Host) -> Reach {
    let Some(there) = &record.host else {
        return Reach::Here; // written before records said where
    };
    let differs =
        |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if a != b);
    if differs(&there.machine, &here.machine) {
        Reach::Elsewhere
    } else if differs(&there.boot, &here.boot) {
        Reach::EarlierBoot
    } else if differs(&there.pid_ns, &here.pid_ns) {
        Reach::Elsewhere
    } else {
        Reach::Here
    }
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
    /// The record names files export never writes; it was dropped, and
    /// nothing was touched.
    Invalid(PathBuf),
    /// Written on another machine or in another PID namespace: whether its
    /// export still runs cannot be told from here; kept, nothing touched.
    Elsewhere(PathBuf),
    /// The journal folder (this one) is not ours and private (0700):
    /// nothing was swept.
    Refused(PathBuf),
}

/// Largest token file a record without a size may claim (values are at
/// most 16 KiB).
const MAX_TOKEN_FILE: u64 = 64 * 1024;

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
    /// (Not fsynced: a record that a power cut brings back finds its token
    /// file gone and is dropped by the next sweep.)
    pub fn finish(self) -> Result<(), FsError> {
        match fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(FsError::io(crate::fsutil::Action::Remove, &self.path, e)),
        }
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
        records_of(self.listing(false))
    }

    /// The files in the journal's folder with the record each holds (None:
    /// unreadable), from one listing: the `.json` ones, or (`all`) every
    /// one, for the sweep to find what a kill mid-write left.
    fn listing(&self, all: bool) -> Vec<(PathBuf, Option<Record>)> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        entries
            .flatten()
            .map(|e| e.path())
            .filter(|path| all || is_record_name(path))
            .map(|path| {
                let record = read_bounded(&path, MAX_SETTINGS_FILE)
                    .ok()
                    .and_then(|b| serde_json::from_slice::<Record>(&b).ok());
                (path, record)
            })
            .collect()
    }

    /// Exports whose process is still running (or may be: made on another
    /// machine or in another PID namespace).
    pub fn in_progress(&self) -> Vec<Record> {
        let here = Host::current();
        self.records()
            .into_iter()
            .map(|(_, r)| r)
            .filter(|r| match reach(r, &here) {
                Reach::Here => alive(r.pid, r.pid_start),
                Reach::EarlierBoot => false,
                Reach::Elsewhere => true,
            })
            .collect()
    }

    /// The readable records of `listing`, after removing the files that
    /// cannot be read and whose writer (the pid their name starts with) is
    /// gone: a kill mid-write leaves them.
    fn drop_broken(listing: Vec<(PathBuf, Option<Record>)>) -> Vec<(PathBuf, Record)> {
        for (path, record) in &listing {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let pid = name.split('-').next().and_then(|p| p.parse::<u32>().ok());
            if record.is_none() && pid.is_some_and(|p| !alive(p, None)) {
                let _ = fs::remove_file(path);
            }
        }
        records_of(listing)
    }

    /// Wipes the token files of records whose process is gone.
    pub fn sweep(&self) -> Vec<Swept> {
        self.sweep_with(false)
    }

    /// As [`sweep`](Self::sweep); with `force`, also records from another
    /// machine or PID namespace (`cleanup --force`).
    pub fn sweep_with(&self, force: bool) -> Vec<Swept> {
        match fs::symlink_metadata(&self.dir) {
            Err(_) => return Vec::new(),
            Ok(m) => {
                use std::os::unix::fs::{MetadataExt, PermissionsExt};
                if !m.is_dir()
                    || m.uid() != rustix::process::geteuid().as_raw()
                    || m.permissions().mode() & 0o077 != 0
                {
                    return vec![Swept::Refused(self.dir.clone())];
                }
            }
        }
        let records = Self::drop_broken(self.listing(true));
        if records.is_empty() {
            return Vec::new(); // every command sweeps first: keep it cheap
        }
        let here = Host::current();
        let mut out = Vec::new();
        for (record_path, record) in records {
            let Some((dir, name)) = valid_paths(&record) else {
                let _ = (Handle { path: record_path }).finish();
                out.push(Swept::Invalid(record.path.clone()));
                continue;
            };
            match reach(&record, &here) {
                Reach::Here if alive(record.pid, record.pid_start) => continue,
                Reach::Elsewhere if !force => {
                    out.push(Swept::Elsewhere(record.path.clone()));
                    continue;
                }
                _ => {}
            }
            let bound = record.size.unwrap_or(MAX_TOKEN_FILE).min(MAX_TOKEN_FILE);
            // The final name first: wiping the temp name overwrites the
            // shared inode, after which the final name would look foreign.
            let outcome = match wipe_if_ours(dir, name, Some(&record.fingerprint), bound) {
                Ok(Found::Gone) => None, // wiped before the crash
                Ok(Found::Wiped) => Some(Swept::Removed(record.path.clone())),
                Ok(Found::Foreign) => Some(Swept::LeftForeign(record.path.clone())),
                Err(e) => {
                    out.push(Swept::Failed(record.path.clone(), e));
                    continue; // keep the record: try again next time
                }
            };
            if let Some(temp) = &record.temp {
                let temp_name = temp
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                // A kill between its creation and the write leaves it empty
                // or short: the name is ours alone (made exclusively, with
                // our pid in it), so its content is not asked for.
                if let Err(e) = wipe_if_ours(dir, temp_name, None, bound) {
                    out.push(Swept::Failed(temp.clone(), e));
                    continue;
                }
            }
            let _ = (Handle { path: record_path }).finish();
            out.extend(outcome);
        }
        out
    }
}

/// The folder and file name a record may act on: an absolute path whose
/// last part is a plain name, and a temp name export would make for it in
/// the same folder.
fn valid_paths(record: &Record) -> Option<(&Path, &str)> {
    let path = &record.path;
    if !path.is_absolute() {
        return None;
    }
    let name = path.file_name()?.to_str()?;
    let dir = path.parent()?;
    if name.contains('/') || name == "." || name == ".." {
        return None;
    }
    if let Some(temp) = &record.temp {
        let temp_name = temp.file_name()?.to_str()?;
        // The temp name carries the pid of the export that made it.
        let pid_part = format!(".{name}.chopvault-{}-", record.pid);
        if temp.parent()? != dir
            || !super::tokenfile::is_temp_name(temp_name, name)
            || !temp_name.starts_with(&pid_part)
        {
            return None;
        }
    }
    Some((dir, name))
}

enum Found {
    Gone,
    Wiped,
    Foreign,
}

/// Wipes `dir/name` if it is a regular file of ours, no larger than
/// `bound`, holding the token with this fingerprint (when one is given);
/// never follows a symlink, never blocks on a FIFO, never reads more than
/// `bound` bytes.
fn wipe_if_ours(
    dir: &Path,
    name: &str,
    fingerprint: Option<&str>,
    bound: u64,
) -> Result<Found, FsError> {
    use rustix::fs::{AtFlags, Mode, OFlags};
    use std::io::Read;
    let at = dir.join(name);
    let dirfd = match rustix::fs::open(
        dir,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    ) {
        Ok(fd) => fd,
        Err(rustix::io::Errno::NOENT | rustix::io::Errno::NOTDIR) => return Ok(Found::Gone),
        Err(e) => return Err(FsError::io(crate::fsutil::Action::Open, dir, e.into())),
    };
    let fd = match rustix::fs::openat(
        &dirfd,
        name,
        OFlags::RDWR | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    ) {
        Ok(fd) => fd,
        Err(rustix::io::Errno::NOENT) => return Ok(Found::Gone),
        // A symlink (ELOOP), a FIFO without reader, not ours to write: not ours.
        Err(_) => return Ok(Found::Foreign),
    };
    let st = rustix::fs::fstat(&fd)
        .map_err(|e| FsError::io(crate::fsutil::Action::Inspect, &at, e.into()))?;
    let regular =
        rustix::fs::FileType::from_raw_mode(st.st_mode) == rustix::fs::FileType::RegularFile;
    if !regular
        || st.st_uid != rustix::process::geteuid().as_raw()
        || st.st_size < 0
        || st.st_size as u64 > bound
    {
        return Ok(Found::Foreign);
    }
    let mut file = std::fs::File::from(fd);
    let mut bytes = zeroize::Zeroizing::new(Vec::with_capacity(bound as usize + 1));
    (&mut file)
        .take(bound + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| FsError::io(crate::fsutil::Action::Read, &at, e))?;
    // Only the token itself. (An empty file, which is what a power cut can
    // leave of a token never written back, holds nothing and may be
    // someone else's: it is left, and the user is told.)
    if fingerprint.is_some_and(|f| !is_our_token(&bytes, f)) {
        return Ok(Found::Foreign);
    }
    // Unlink the name only while it is still this file, then zero it.
    let same = rustix::fs::statat(&dirfd, name, AtFlags::SYMLINK_NOFOLLOW)
        .is_ok_and(|now| (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino));
    if same {
        rustix::fs::unlinkat(&dirfd, name, AtFlags::empty())
            .map_err(|e| FsError::io(crate::fsutil::Action::Remove, &at, e.into()))?;
    }
    fsutil::zero_through(&mut file);
    let _ = rustix::fs::fsync(&dirfd);
    Ok(if same { Found::Wiped } else { Found::Foreign })
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

/// Whether a file in the journal's folder is named as a record is.
fn is_record_name(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(".json"))
}

/// The readable records of a listing, from files named as records.
fn records_of(listing: Vec<(PathBuf, Option<Record>)>) -> Vec<(PathBuf, Record)> {
    listing
        .into_iter()
        .filter(|(path, _)| is_record_name(path))
        .filter_map(|(path, record)| Some((path, record?)))
        .collect()
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
                    size: None,
                    host: None,
                })
                .unwrap();
        }
        let swept = journal.sweep();
        assert_eq!(swept.len(), 2);
        assert!(!ours.exists());
        assert!(theirs.exists());
        assert!(journal.records().is_empty());
    }

    fn record(path: &Path, temp: Option<PathBuf>, token: &[u8]) -> Record {
        Record {
            path: path.to_path_buf(),
            temp,
            pid: 999_999_999, // no such process
            pid_start: None,
            fingerprint: fingerprint_of(token),
            entry: "e".into(),
            created: Timestamp::now(),
            size: Some(token.len() as u64),
            host: Some(Host::current()),
        }
    }

    /// Regression: a planted record's `temp` was wiped without a check, so
    /// any file could be deleted by planting a record.
    #[test]
    fn a_planted_record_touches_nothing() {
        let state = tempfile::tempdir().unwrap();
        let deploy = tempfile::tempdir().unwrap();
        let journal = Journal::new(state.path());
        let bystander = deploy.path().join("notes.txt");
        fs::write(&bystander, b"keep me").unwrap();
        let target = deploy.path().join("token.txt");
        // temp pointing at a bystander: not a name export makes.
        journal
            .begin(&record(&target, Some(bystander.clone()), b"y0_t"))
            .unwrap();
        // final path at a bystander whose content is not the token.
        journal.begin(&record(&bystander, None, b"y0_t")).unwrap();
        // a relative path.
        journal
            .begin(&record(Path::new("notes.txt"), None, b"keep me"))
            .unwrap();
        let swept = journal.sweep();
        assert_eq!(fs::read(&bystander).unwrap(), b"keep me");
        assert_eq!(
            swept
                .iter()
                .filter(|s| matches!(s, Swept::Invalid(_)))
                .count(),
            2,
            "{swept:?}"
        );
        assert!(
            swept.iter().any(|s| matches!(s, Swept::LeftForeign(_))),
            "{swept:?}"
        );
        assert!(journal.records().is_empty());
    }

    /// Regression: a FIFO at a recorded path made every later command hang;
    /// a huge sparse file there aborted with a huge allocation.
    #[test]
    fn fifos_and_huge_files_at_a_recorded_path_are_left_alone_at_once() {
        let state = tempfile::tempdir().unwrap();
        let deploy = tempfile::tempdir().unwrap();
        let journal = Journal::new(state.path());
        let fifo = deploy.path().join("token.txt");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        journal.begin(&record(&fifo, None, b"y0_t")).unwrap();
        let huge = deploy.path().join("big.txt");
        let f = fs::File::create(&huge).unwrap();
        // Sparse: costs no disk. As large as the file system allows.
        let size = [15u64 << 40, 1 << 40, 1 << 34]
            .into_iter()
            .find(|&n| f.set_len(n).is_ok())
            .unwrap();
        journal.begin(&record(&huge, None, b"y0_t")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let dir = state.path().to_path_buf();
        std::thread::spawn(move || {
            let _ = tx.send(Journal::new(&dir).sweep());
        });
        let swept = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the sweep hung");
        assert_eq!(
            swept
                .iter()
                .filter(|s| matches!(s, Swept::LeftForeign(_)))
                .count(),
            2,
            "{swept:?}"
        );
        assert!(fifo.exists());
        assert_eq!(fs::metadata(&huge).unwrap().len(), size);
    }

    /// A journal folder others can write to is not trusted at all.
    #[test]
    fn a_journal_folder_others_can_write_is_not_swept() {
        use std::os::unix::fs::PermissionsExt;
        let state = tempfile::tempdir().unwrap();
        let deploy = tempfile::tempdir().unwrap();
        let journal = Journal::new(state.path());
        let target = deploy.path().join("token.txt");
        fs::write(&target, b"y0_t").unwrap();
        journal.begin(&record(&target, None, b"y0_t")).unwrap();
        fs::set_permissions(
            state.path().join("exports"),
            fs::Permissions::from_mode(0o770),
        )
        .unwrap();
        let swept = journal.sweep();
        assert!(
            matches!(swept.as_slice(), [Swept::Refused(dir)] if *dir == state.path().join("exports")),
            "{swept:?}"
        );
        assert!(target.exists());
        fs::set_permissions(
            state.path().join("exports"),
            fs::Permissions::from_mode(0o700),
        )
        .unwrap();
        let swept = journal.sweep();
        assert!(matches!(swept.as_slice(), [Swept::Removed(_)]), "{swept:?}");
        assert!(!target.exists());
    }

    /// A record from another PID namespace (or machine) is reported, not
    /// acted on; `cleanup --force` acts.
    #[test]
    fn a_record_from_elsewhere_waits_for_force() {
        let state = tempfile::tempdir().unwrap();
        let deploy = tempfile::tempdir().unwrap();
        let journal = Journal::new(state.path());
        let target = deploy.path().join("token.txt");
        fs::write(&target, b"y0_t").unwrap();
        let mut r = record(&target, None, b"y0_t");
        r.host.as_mut().unwrap().pid_ns = Some("pid:[1]".into());
        journal.begin(&r).unwrap();
        assert!(matches!(journal.sweep().as_slice(), [Swept::Elsewhere(_)]));
        assert!(target.exists());
        assert_eq!(journal.in_progress().len(), 1, "shown as possibly running");
        assert!(matches!(
            journal.sweep_with(true).as_slice(),
            [Swept::Removed(_)]
        ));
        assert!(!target.exists());
    }

    /// An empty file at a recorded path may be someone else's: left alone
    /// (proptest found the sweep removing one).
    #[test]
    fn an_empty_file_at_a_recorded_path_is_left_alone() {
        let state = tempfile::tempdir().unwrap();
        let deploy = tempfile::tempdir().unwrap();
        let journal = Journal::new(state.path());
        let target = deploy.path().join("token.txt");
        fs::write(&target, b"").unwrap();
        journal.begin(&record(&target, None, b"y0_t")).unwrap();
        assert!(matches!(
            journal.sweep().as_slice(),
            [Swept::LeftForeign(_)]
        ));
        assert!(target.exists());
    }

    /// A kill between the temp file's creation and its write leaves it
    /// empty: it is still swept (the fault-injection test found one left).
    /// A temp name without the record's pid is not.
    #[test]
    fn an_empty_temp_file_of_the_dead_export_is_swept() {
        let state = tempfile::tempdir().unwrap();
        let deploy = tempfile::tempdir().unwrap();
        let journal = Journal::new(state.path());
        let target = deploy.path().join("token.txt");
        let temp = deploy.path().join(".token.txt.chopvault-999999999-17");
        fs::write(&temp, b"").unwrap();
        journal
            .begin(&record(&target, Some(temp.clone()), b"y0_t"))
            .unwrap();
        assert!(journal.sweep().is_empty());
        assert!(!temp.exists(), "the empty temp file was left");
        let other = deploy.path().join(".token.txt.chopvault-12345-17");
        fs::write(&other, b"").unwrap();
        journal
            .begin(&record(&target, Some(other.clone()), b"y0_t"))
            .unwrap();
        assert!(matches!(journal.sweep().as_slice(), [Swept::Invalid(_)]));
        assert!(other.exists());
    }
}
