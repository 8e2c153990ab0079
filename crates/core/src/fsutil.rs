//! File-system primitives for secret-bearing files: private folders, atomic
//! writes, the writers' lock, permission checks and wiping.
//!
//! Everything that holds or unlocks a secret is created 0600 at open time
//! (never chmod after the fact) in a 0700 folder, and replaced by
//! temp file + fsync + rename + fsync of the folder, so a crash leaves the
//! old file or the new one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

/// Prefix of our temp files; a writer holding the lock sweeps leftovers
/// (from a writer killed mid-way) so they never pile up.
pub const TEMP_PREFIX: &str = ".chopvault-tmp-";

/// What was being done to a file when it failed: a fact the command line
/// words ("could not read …"), so that a new action without its words
/// fails to compile rather than showing English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Reading a file or a folder's list.
    Read,
    /// Removing a file.
    Remove,
    /// Looking at a file's metadata.
    Inspect,
    /// Creating a file.
    Create,
    /// Writing a file's content.
    Write,
    /// Taking a lock.
    Lock,
    /// Replacing a file by rename.
    Replace,
    /// Opening a file.
    Open,
    /// Opening a lock file.
    OpenLock,
    /// Encrypting into a file.
    Encrypt,
    /// Creating a folder.
    CreateFolder,
    /// fsyncing a folder.
    SyncFolder,
    /// Renaming a file.
    Rename,
    /// Opening a folder.
    OpenFolder,
    /// Creating a temporary file in a folder.
    CreateTemp,
    /// Giving a file to another user (chown).
    HandOver,
}

/// A file-system failure, with the path and what was being done.
#[derive(Debug)]
pub enum FsError {
    /// An I/O error while doing `action` on `path`.
    Io {
        /// What we were doing.
        action: Action,
        /// The file or folder concerned.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
    /// A secret-bearing file that group or others may read.
    TooOpen {
        /// The file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The path exists but is a symlink or not a regular file.
    NotRegular(PathBuf),
    /// A file read whole is larger than files of its kind can be
    /// (see [`MAX_SECRET_FILE`] and the other limits): refused before
    /// anything was allocated for it.
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The most read from such a file, in bytes.
        limit: u64,
    },
}

/// The most read from a file that holds one secret: a token to import, a
/// passphrase file, an OpenBao token file. A token is under 16 KiB.
pub const MAX_SECRET_FILE: u64 = 64 * 1024;

/// The most read from an age identity file (a few lines each).
pub const MAX_IDENTITY_FILE: u64 = 1024 * 1024;

/// The most read from a settings file: the config, a CA certificate, an
/// export journal record.
pub const MAX_SETTINGS_FILE: u64 = 1024 * 1024;

/// The most read from a metadata index or the migration journal. An index
/// holds every entry's metadata and history (up to 100 events each):
/// 10,000 entries with full histories are about 100 MiB, well within.
pub const MAX_INDEX_FILE: u64 = 256 * 1024 * 1024;

impl FsError {
    /// An I/O error while doing `action` on `path`.
    pub fn io(action: Action, path: &Path, source: io::Error) -> Self {
        FsError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// True when the underlying error is "no such file".
    pub fn is_not_found(&self) -> bool {
        matches!(self, FsError::Io { source, .. } if source.kind() == io::ErrorKind::NotFound)
    }

    /// True when the disk or quota is full.
    pub fn is_no_space(&self) -> bool {
        matches!(self, FsError::Io { source, .. } if source.kind() == io::ErrorKind::StorageFull
            || source.kind() == io::ErrorKind::QuotaExceeded)
    }
}

/// Creates `dir` (and parents) if missing; the last component is made 0700.
/// An existing folder is left as it is (it may be the user's own, e.g. a git
/// work tree holding a shared vault).
pub fn ensure_private_dir(dir: &Path) -> Result<(), FsError> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)
            .map_err(|e| FsError::io(Action::CreateFolder, parent, e))?;
    }
    match fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(FsError::io(Action::CreateFolder, dir, e)),
    }
}

/// Refuses a secret-bearing file that is a symlink, not a regular file, or
/// readable/writable by group or others (as ssh does with keys).
pub fn check_private_file(path: &Path) -> Result<(), FsError> {
    check_file(path, 0o077).map(drop)
}

/// A regular file (not a symlink) with none of the `forbidden` mode bits;
/// its mode.
fn check_file(path: &Path, forbidden: u32) -> Result<u32, FsError> {
    let meta = fs::symlink_metadata(path).map_err(|e| FsError::io(Action::Read, path, e))?;
    if !meta.file_type().is_file() {
        return Err(FsError::NotRegular(path.to_path_buf()));
    }
    let mode = meta.permissions().mode();
    if mode & forbidden != 0 {
        return Err(FsError::TooOpen {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(mode)
}

/// Refuses a file of public ciphertext (an identity-encrypted vault, a
/// signature) that is a symlink, not a regular file, or that every user can
/// write. Readable by others is fine: git checks files out 0644 (0664 under
/// the umask 002 of private user groups), and what they hold is public; the
/// signature and the pins judge its content, whoever wrote it. The mode is
/// returned, so a caller that finds the file holds more than public
/// ciphertext (a passphrase vault) can still refuse it.
pub fn check_public_file(path: &Path) -> Result<u32, FsError> {
    check_file(path, 0o002)
}

/// Like [`atomic_write`], with the temporary file made in `work` (a
/// folder of chopvault's own) rather than beside `path`, so that nothing
/// but `path` ever appears in its folder (a git work tree). When `work` is
/// on another file system, where a rename cannot reach, the temporary file
/// is made beside `path` after all.
pub fn atomic_write_via(path: &Path, bytes: &[u8], work: Option<&Path>) -> Result<(), FsError> {
    persist_via(path, bytes, work, false)
}

/// Like [`atomic_create`], with the temporary file in `work` as
/// [`atomic_write_via`] does.
pub fn atomic_create_via(path: &Path, bytes: &[u8], work: Option<&Path>) -> Result<(), FsError> {
    persist_via(path, bytes, work, true)
}

fn persist_via(
    path: &Path,
    bytes: &[u8],
    work: Option<&Path>,
    noclobber: bool,
) -> Result<(), FsError> {
    if let Some(work) = work {
        ensure_private_dir(work)?;
        let tmp = temp_in(work, bytes)?;
        let persisted = if noclobber {
            tmp.persist_noclobber(path)
        } else {
            tmp.persist(path)
        };
        match persisted {
            Ok(_) => return sync_dir(parent_of(path)),
            Err(e) if e.error.kind() == io::ErrorKind::CrossesDevices => {}
            Err(e) if noclobber => return Err(FsError::io(Action::Create, path, e.error)),
            Err(e) => return Err(FsError::io(Action::Replace, path, e.error)),
        }
    }
    if noclobber {
        atomic_create(path, bytes)
    } else {
        atomic_write(path, bytes)
    }
}

/// Moves `from` to `to` (a rename), or, across file systems, writes its
/// content to `to` atomically and removes `from`.
pub fn move_file(from: &Path, to: &Path) -> Result<(), FsError> {
    match fs::rename(from, to) {
        Ok(()) => sync_dir(parent_of(to)),
        Err(e) if e.kind() == io::ErrorKind::CrossesDevices => {
            let bytes = fs::read(from).map_err(|e| FsError::io(Action::Read, from, e))?;
            atomic_write(to, &bytes)?;
            fs::remove_file(from).map_err(|e| FsError::io(Action::Remove, from, e))
        }
        Err(e) => Err(FsError::io(Action::Rename, from, e)),
    }
}

/// Reads a secret-bearing file of at most `limit` bytes after checking its
/// permissions, as [`read_reserved`] does.
pub fn read_private(path: &Path, limit: u64) -> Result<Zeroizing<Vec<u8>>, FsError> {
    check_private_file(path)?;
    read_reserved(path, limit)
}

/// Reads a file of at most `limit` bytes into a zeroizing buffer sized
/// from its metadata (plus one byte, so that `read_to_end` finds EOF
/// without growing the buffer). A larger file is refused before the
/// buffer exists: a sparse 1 TiB file costs nothing on disk and would
/// otherwise abort the process on allocation.
pub fn read_reserved(path: &Path, limit: u64) -> Result<Zeroizing<Vec<u8>>, FsError> {
    let file = open_nofollow(path)?;
    let mut buf = Zeroizing::new(Vec::new());
    read_at_most(file, path, limit, &mut buf)?;
    Ok(buf)
}

/// Reads a whole file that holds no secret (a config, an index, a
/// journal) of at most `limit` bytes; larger is [`FsError::TooLarge`],
/// refused before anything is allocated.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, FsError> {
    let file = File::open(path).map_err(|e| FsError::io(Action::Read, path, e))?;
    let mut buf = Vec::new();
    read_at_most(file, path, limit, &mut buf)?;
    Ok(buf)
}

/// Reads `file` whole into `buf`, reserved once from its metadata (plus
/// one byte, so that `read_to_end` finds EOF without growing it): a secret
/// is never copied by a reallocation, and a file over `limit` is refused
/// before anything is allocated.
fn read_at_most(file: File, path: &Path, limit: u64, buf: &mut Vec<u8>) -> Result<(), FsError> {
    let len = file
        .metadata()
        .map_err(|e| FsError::io(Action::Read, path, e))?
        .len();
    let too_large = || FsError::TooLarge {
        path: path.to_path_buf(),
        limit,
    };
    if len > limit {
        return Err(too_large());
    }
    buf.reserve_exact(len as usize + 1);
    // A file that grew since (or a special file whose size says nothing)
    // is still read no further than the limit.
    file.take(limit + 1)
        .read_to_end(buf)
        .map_err(|e| FsError::io(Action::Read, path, e))?;
    if buf.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(())
}

/// Opens a file for reading, refusing to follow a symlink at the last step.
pub fn open_nofollow(path: &Path) -> Result<File, FsError> {
    OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
                FsError::NotRegular(path.to_path_buf())
            } else {
                FsError::io(Action::Open, path, e)
            }
        })
}

/// Replaces `path` with `bytes` atomically: temp file (0600, created
/// exclusively) in the same folder, fsync, rename, fsync the folder.
/// The caller holds the writers' lock.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    let tmp = write_temp(path, bytes)?;
    tmp.persist(path)
        .map_err(|e| FsError::io(Action::Replace, path, e.error))?;
    sync_dir(parent_of(path))
}

/// A complete, fsynced 0600 temp file beside `path`, ready to be renamed.
fn write_temp(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, FsError> {
    temp_in(parent_of(path), bytes)
}

/// A complete, fsynced 0600 temp file in `dir`.
fn temp_in(dir: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, FsError> {
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(|e| FsError::io(Action::CreateTemp, dir, e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| FsError::io(Action::Write, tmp.path(), e))?;
    Ok(tmp)
}

/// Like [`atomic_write`], but fails if `path` already exists (the new file
/// appears complete or not at all, and never replaces another).
pub fn atomic_create(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    let tmp = write_temp(path, bytes)?;
    tmp.persist_noclobber(path)
        .map_err(|e| FsError::io(Action::Create, path, e.error))?;
    sync_dir(parent_of(path))
}

/// Creates a new file with mode 0600 and writes `bytes`; fails if it exists.
pub fn create_private(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| FsError::io(Action::Create, path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| FsError::io(Action::Write, path, e))?;
    sync_dir(parent_of(path))
}

/// fsyncs a folder so that a rename or unlink in it survives power loss.
pub fn sync_dir(dir: &Path) -> Result<(), FsError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| FsError::io(Action::SyncFolder, dir, e))
}

/// Removes a file and overwrites its content: the name is unlinked first
/// (so a crash mid-wipe never leaves a half-zeroed file that no longer looks
/// like ours), then the still-open file is overwritten with zeros and
/// fsynced, and the folder is fsynced.
///
/// Overwriting is best effort on copy-on-write or journalling file systems
/// (SECURITY.md says so); unlinking is the guarantee.
pub fn wipe_file(path: &Path) -> Result<(), FsError> {
    let file = OpenOptions::new()
        .write(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path);
    let file = match file {
        Ok(f) => Some(f),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        // A symlink (ELOOP) or an unwritable file: unlink the name only.
        Err(_) => None,
    };
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(FsError::io(Action::Remove, path, e)),
    }
    if let Some(mut file) = file {
        // Only the last name of the file is wiped: a hard link elsewhere
        // (the export's temp name, already gone) would share the inode.
        zero_through(&mut file);
    }
    sync_dir(parent_of(path))
}

/// Overwrites a file's content with zeros through its descriptor, from the
/// start to its current length, then flushes the zeros to the disk
/// (`fdatasync`: the blocks are overwritten in place and the size does not
/// change, so no metadata needs a journal commit; the name is the folder's
/// to make durable). Best effort (copy-on-write file systems may keep the
/// old blocks); errors stop it quietly.
pub fn zero_through(file: &mut File) {
    use std::io::Seek;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if file.rewind().is_err() {
        return;
    }
    let zeros = [0u8; 4096];
    let mut left = len;
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        if file.write_all(&zeros[..n]).is_err() {
            break;
        }
        left -= n as u64;
    }
    let _ = file.sync_data();
}

/// The writers' lock: an exclusive `flock` on a 0600 lock file, released
/// when dropped (or when the process dies, so a killed writer never leaves
/// the store locked).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Blocks until the lock at `path` is held.
    pub fn acquire(path: &Path) -> Result<Lock, FsError> {
        let file = Self::open(path)?;
        file.lock()
            .map_err(|e| FsError::io(Action::Lock, path, e))?;
        // Safe to sweep now: no other writer can be mid-write.
        sweep_temp_files(parent_of(path));
        Ok(Lock { _file: file })
    }

    /// The lock at `path` if nobody holds it now (this process included:
    /// a lock taken through another open of the file counts), else `None`.
    pub fn try_acquire(path: &Path) -> Result<Option<Lock>, FsError> {
        let file = Self::open(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Lock { _file: file })),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(e)) => Err(FsError::io(Action::Lock, path, e)),
        }
    }

    /// The lock file at `path` (0600, in a private folder), made if absent.
    fn open(path: &Path) -> Result<File, FsError> {
        ensure_private_dir(parent_of(path))?;
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)
            .map_err(|e| FsError::io(Action::OpenLock, path, e))
    }
}

/// Removes temp files left by a writer that was killed mid-write.
fn sweep_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            let _ = wipe_file(&entry.path());
        }
    }
}

/// The folder holding `path` ("." for a bare file name).
pub fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (issue 25): a sparse 1 TiB file aborted the process on
    /// allocation. Refused by size, before any buffer; at the limit, read.
    #[test]
    fn a_file_above_its_limit_is_refused_before_allocation() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("huge");
        File::create(&p).unwrap().set_len(1 << 40).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
        for r in [
            read_reserved(&p, MAX_SECRET_FILE).map(|_| ()),
            read_private(&p, MAX_SECRET_FILE).map(|_| ()),
            read_bounded(&p, MAX_INDEX_FILE).map(|_| ()),
        ] {
            assert!(
                matches!(r, Err(FsError::TooLarge { ref path, .. }) if *path == p),
                "{r:?}"
            );
        }
        let exact = dir.path().join("exact");
        fs::write(&exact, vec![b'x'; 1024]).unwrap();
        assert_eq!(read_bounded(&exact, 1024).unwrap().len(), 1024);
        assert!(matches!(
            read_bounded(&exact, 1023),
            Err(FsError::TooLarge { limit: 1023, .. })
        ));
    }

    #[test]
    fn atomic_write_creates_0600_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("v");
        atomic_write(&p, b"one").unwrap();
        atomic_write(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        check_private_file(&p).unwrap();
    }

    #[test]
    fn open_file_is_refused_with_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("v");
        fs::write(&p, b"x").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
        let err = check_private_file(&p).unwrap_err();
        assert!(matches!(err, FsError::TooOpen { mode, .. } if mode & 0o777 == 0o644));
    }

    #[test]
    fn symlink_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("t");
        create_private(&target, b"x").unwrap();
        let link = dir.path().join("l");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(matches!(
            check_private_file(&link),
            Err(FsError::NotRegular(_))
        ));
        assert!(matches!(
            read_reserved(&link, 100),
            Err(FsError::NotRegular(_))
        ));
    }

    #[test]
    fn wipe_removes_and_tolerates_missing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t");
        create_private(&p, b"secret").unwrap();
        wipe_file(&p).unwrap();
        assert!(!p.exists());
        wipe_file(&p).unwrap();
    }

    #[test]
    fn lock_sweeps_leftover_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let left = dir.path().join(format!("{TEMP_PREFIX}abc"));
        fs::write(&left, b"partial").unwrap();
        let _lock = Lock::acquire(&dir.path().join("vault.lock")).unwrap();
        assert!(!left.exists());
    }

    #[test]
    fn read_reserved_does_not_grow_the_buffer() {
        // Pins the secrecy property: the capacity reserved from the file's
        // size is never outgrown, so no unzeroed copy is freed.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        fs::write(&p, vec![7u8; 10_000]).unwrap();
        let buf = read_reserved(&p, MAX_SECRET_FILE).unwrap();
        assert_eq!(buf.len(), 10_000);
        assert_eq!(buf.capacity(), 10_001);
    }
}
