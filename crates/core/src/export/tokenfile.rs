//! The token file itself: [`TokenFile`] creates it exclusively (mode 0600,
//! relative to a handle on its folder), and wipes exactly the file it wrote;
//! the folder is checked before (preflight) and searched after (did the
//! installer copy the token elsewhere?).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::fd::OwnedFd;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

use zeroize::Zeroizing;

use rustix::fs::{self as rfs, AtFlags, FileType, Mode, OFlags};

use super::ExportError;
use crate::fsutil::{self, Action, FsError};
use crate::secret::Secret;

/// The temporary name the token is written under before it appears under
/// `file`: same folder, hidden, unique to this process and moment.
pub fn temp_name(file: &str) -> String {
    format!(
        ".{file}.chopvault-{}-{}",
        std::process::id(),
        jiff::Timestamp::now().as_nanosecond()
    )
}

/// True for a name [`temp_name`] makes for `file` (the journal sweep acts
/// on no other).
pub fn is_temp_name(name: &str, file: &str) -> bool {
    name.strip_prefix(&format!(".{file}.chopvault-"))
        .is_some_and(|rest| {
            let mut parts = rest.split('-');
            matches!(
                (parts.next(), parts.next(), parts.next()),
                (Some(a), Some(b), None)
                    if !a.is_empty() && !b.is_empty()
                        && a.bytes().all(|c| c.is_ascii_digit())
                        && b.bytes().all(|c| c.is_ascii_digit())
            )
        })
}

/// The token file, owned from creation to wipe.
///
/// It holds a handle on the folder (opened `O_DIRECTORY|O_NOFOLLOW`) and
/// does every create, link, rename and unlink relative to it, so renaming
/// the folder away or swapping it for a symlink during the run changes
/// nothing about which file is wiped. It keeps the file it wrote open and
/// remembers its device and inode: the wipe overwrites that inode through
/// its own descriptor, and unlinks the name only while the name still
/// points at it. A lock per target folder and name keeps a second export
/// from writing (and the first from wiping) the same file.
pub struct TokenFile {
    dir: OwnedFd,
    dir_path: PathBuf,
    name: String,
    file: File,
    dev: u64,
    ino: u64,
    _lock: File,
}

/// Where things stood when the file was wiped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wiped {
    /// Our file was overwritten and its name removed.
    Removed,
    /// Our file was overwritten, but its name had been taken away: moved
    /// elsewhere (`moved`: it still has a name somewhere) or deleted; and
    /// what the name holds now (`planted`) was left alone.
    NameChanged {
        /// Our file still has another name somewhere.
        moved: bool,
        /// Something else now sits at the name.
        planted: bool,
    },
}

/// How `create` waits for another export into the same file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfBusy {
    /// Wait for it, after calling the `waiting` callback once.
    Wait,
    /// Refuse at once.
    Refuse,
}

fn io_err(what: Action, at: &Path, e: impl Into<std::io::Error>) -> ExportError {
    ExportError::Fs(FsError::io(what, at, e.into()))
}

impl TokenFile {
    /// Writes `value` to `dir/name`, which only ever holds all of it: first
    /// to `temp` (created exclusively, 0600, no symlink followed), then
    /// hard-linked to `name` (which fails if anything is there) or,
    /// with `replace`, renamed over it (the old name is replaced, never
    /// written through). `locks` is a private folder for the per-target
    /// locks. Where the file system has no hard links, `name` is created
    /// exclusively and written directly.
    #[allow(clippy::too_many_arguments)]
    pub fn create(
        dir_path: &Path,
        name: &str,
        temp: &str,
        value: &Secret,
        newline: bool,
        replace: bool,
        locks: &Path,
        if_busy: IfBusy,
        waiting: &mut dyn FnMut(),
    ) -> Result<TokenFile, ExportError> {
        let dir = rfs::open(
            dir_path,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| match e {
            rustix::io::Errno::NOENT | rustix::io::Errno::NOTDIR => {
                ExportError::NoFolder(dir_path.to_path_buf())
            }
            rustix::io::Errno::LOOP => ExportError::Symlink(dir_path.to_path_buf()),
            e => io_err(Action::OpenFolder, dir_path, e),
        })?;
        let target = dir_path.join(name);
        let st = rfs::fstat(&dir).map_err(|e| io_err(Action::Inspect, dir_path, e))?;
        let lock = Self::lock(
            locks,
            st.st_dev as u64,
            st.st_ino as u64,
            name,
            if_busy,
            waiting,
            &target,
        )?;

        // What is at the name now: refused, or (with --replace) replaced.
        let old = match rfs::statat(&dir, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(old) => Some(old),
            Err(rustix::io::Errno::NOENT) => None,
            Err(e) => return Err(io_err(Action::Inspect, &target, e)),
        };
        if let Some(old) = &old {
            if FileType::from_raw_mode(old.st_mode) == FileType::Symlink {
                return Err(ExportError::Symlink(target));
            }
            if !replace {
                return Err(ExportError::Exists(target));
            }
        }

        let temp_path = dir_path.join(temp);
        let fd = rfs::openat(
            &dir,
            temp,
            OFlags::RDWR | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o600),
        )
        .map_err(|e| io_err(Action::Create, &temp_path, e))?;
        let mut file = File::from(fd);
        // No fsync: the installer reads the page cache, and nothing needs
        // the token to survive a power cut (the sweep deals with what one
        // leaves); a token unlinked before writeback may never reach the
        // disk at all, which is the best outcome.
        let written = file.write_all(value.expose().as_bytes()).and_then(|()| {
            if newline {
                file.write_all(b"\n")
            } else {
                Ok(())
            }
        });
        if let Err(e) = written {
            let _ = rfs::unlinkat(&dir, temp, AtFlags::empty());
            fsutil::zero_through(&mut file);
            return Err(io_err(Action::Write, &temp_path, e));
        }
        let placed = if replace && old.is_some() {
            // The old file is left as it is: another name may share it.
            rfs::renameat(&dir, temp, &dir, name).map_err(|e| io_err(Action::Replace, &target, e))
        } else {
            match rfs::linkat(&dir, temp, &dir, name, AtFlags::empty()) {
                Ok(()) => {
                    let _ = rfs::unlinkat(&dir, temp, AtFlags::empty());
                    Ok(())
                }
                Err(rustix::io::Errno::EXIST) => Err(ExportError::Exists(target.clone())),
                Err(_) => {
                    // No hard links here (some USB and network file
                    // systems): move the name instead; it is new, and
                    // RENAME_NOREPLACE is not everywhere, so check again.
                    match rfs::statat(&dir, name, AtFlags::SYMLINK_NOFOLLOW) {
                        Err(rustix::io::Errno::NOENT) => rfs::renameat(&dir, temp, &dir, name)
                            .map_err(|e| io_err(Action::Create, &target, e)),
                        _ => Err(ExportError::Exists(target.clone())),
                    }
                }
            }
        };
        if let Err(e) = placed {
            let _ = rfs::unlinkat(&dir, temp, AtFlags::empty());
            fsutil::zero_through(&mut file);
            return Err(e);
        }
        let st = rfs::fstat(&file).map_err(|e| io_err(Action::Inspect, &target, e))?;
        let (dev, ino) = file_id(&st);
        Ok(TokenFile {
            dir,
            dir_path: dir_path.to_path_buf(),
            name: name.to_string(),
            file,
            dev,
            ino,
            _lock: lock,
        })
    }

    /// Takes the lock of the target (folder inode + name) in `locks`.
    fn lock(
        locks: &Path,
        dev: u64,
        ino: u64,
        name: &str,
        if_busy: IfBusy,
        waiting: &mut dyn FnMut(),
        target: &Path,
    ) -> Result<File, ExportError> {
        fsutil::ensure_private_dir(locks)?;
        let digest = crate::secret::fingerprint_of(name.as_bytes());
        let path = locks.join(format!(
            "{dev:x}-{ino:x}-{}.lock",
            digest.trim_start_matches("sha256:")
        ));
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .custom_flags(OFlags::NOFOLLOW.bits() as i32)
            .open(&path)
            .map_err(|e| io_err(Action::OpenLock, &path, e))?;
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(e)) => return Err(io_err(Action::Lock, &path, e)),
        }
        if if_busy == IfBusy::Refuse {
            return Err(ExportError::Busy(target.to_path_buf()));
        }
        waiting();
        file.lock().map_err(|e| io_err(Action::Lock, &path, e))?;
        Ok(file)
    }

    /// Hands the file to the installer's user (`--as-user`), still 0600:
    /// theirs to read, nobody else's. Done before the installer starts;
    /// the wipe, as root, still overwrites it.
    pub fn give_to(&self, uid: u32, gid: u32) -> Result<(), ExportError> {
        rfs::fchown(
            &self.file,
            Some(rustix::process::Uid::from_raw(uid)),
            Some(rustix::process::Gid::from_raw(gid)),
        )
        .map_err(|e| io_err(Action::HandOver, &self.dir_path.join(&self.name), e))
    }

    /// The token file's path as given (for messages and the installer).
    pub fn path(&self) -> PathBuf {
        self.dir_path.join(&self.name)
    }

    /// True when the path given no longer leads to the folder written into
    /// (it was renamed away, or swapped for a symlink or another folder).
    pub fn folder_replaced(&self) -> bool {
        let (Ok(now), Ok(ours)) = (rfs::stat(&self.dir_path), rfs::fstat(&self.dir)) else {
            return true;
        };
        (now.st_dev, now.st_ino) != (ours.st_dev, ours.st_ino)
    }

    /// Overwrites the token through our own descriptor and removes its name
    /// if the name still points at our file; says where things stand.
    pub fn wipe(&mut self) -> Result<Wiped, ExportError> {
        let path = self.path();
        wipe_at(
            &self.dir,
            &self.name,
            &mut self.file,
            (self.dev, self.ino),
            &path,
        )
    }

    /// Until the returned guard is dropped, a panic anywhere in chopvault
    /// wipes this file before the process ends: the shipped build aborts
    /// on panic, so no destructor would run.
    pub fn arm_panic_wipe(&self) -> PanicGuard {
        static HOOK: std::sync::Once = std::sync::Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                // try_lock: a panic while the lock is held must not deadlock.
                if let Ok(mut armed) = ARMED.try_lock()
                    && let Some(mut e) = armed.take()
                {
                    let path = PathBuf::from(&e.name);
                    let _ = wipe_at(&e.dir, &e.name, &mut e.file, e.id, &path);
                }
                previous(info);
            }));
        });
        let emergency = (|| {
            Some(Emergency {
                dir: self.dir.try_clone().ok()?,
                name: self.name.clone(),
                file: self.file.try_clone().ok()?,
                id: (self.dev, self.ino),
            })
        })();
        if let Ok(mut armed) = ARMED.lock() {
            *armed = emergency;
        }
        PanicGuard(())
    }
}

/// What the panic hook wipes (duplicated descriptors of a [`TokenFile`]).
struct Emergency {
    dir: OwnedFd,
    name: String,
    file: File,
    id: (u64, u64),
}

static ARMED: std::sync::Mutex<Option<Emergency>> = std::sync::Mutex::new(None);

/// Disarms the panic wipe when dropped (the file has been wiped normally).
pub struct PanicGuard(());

impl Drop for PanicGuard {
    fn drop(&mut self) {
        if let Ok(mut armed) = ARMED.lock() {
            *armed = None;
        }
    }
}

/// The wipe of [`TokenFile::wipe`], on descriptors.
fn wipe_at(
    dir: &OwnedFd,
    name: &str,
    file: &mut File,
    id: (u64, u64),
    path: &Path,
) -> Result<Wiped, ExportError> {
    let at_name = rfs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW);
    let ours = matches!(&at_name, Ok(st) if file_id(st) == id);
    // Unlink first, so no reader opens the file while it is zeroed.
    if ours {
        match rfs::unlinkat(dir, name, AtFlags::empty()) {
            Ok(()) | Err(rustix::io::Errno::NOENT) => {}
            Err(e) => return Err(io_err(Action::Remove, path, e)),
        }
    }
    fsutil::zero_through(file);
    let _ = rfs::fsync(dir);
    if ours {
        return Ok(Wiped::Removed);
    }
    let links = rfs::fstat(&*file).map(|st| st.st_nlink).unwrap_or(0);
    Ok(Wiped::NameChanged {
        moved: links > 0,
        planted: at_name.is_ok(),
    })
}

/// A file's device and inode (their integer types differ between systems).
#[allow(clippy::unnecessary_cast)]
fn file_id(st: &rfs::Stat) -> (u64, u64) {
    (st.st_dev as u64, st.st_ino as u64)
}

/// Why the installer cannot be started, found before anything is
/// unlocked or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstallerProblem {
    /// A path to nothing.
    NotFound,
    /// A path to a file that is not executable.
    NotExecutable,
    /// A bare name that no folder of `PATH` holds as an executable.
    NotOnPath,
}

impl InstallerProblem {
    /// The exit code a shell gives: 127 not found, 126 not executable.
    pub fn code(self) -> u8 {
        match self {
            InstallerProblem::NotFound | InstallerProblem::NotOnPath => 127,
            InstallerProblem::NotExecutable => 126,
        }
    }
}

/// Why the installer cannot be started, found without starting it: a
/// path is checked, a bare name is looked up in `PATH`.
pub fn installer_problem(program: &std::ffi::OsStr) -> Option<InstallerProblem> {
    let executable = |p: &Path| {
        fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    };
    let as_path = Path::new(program);
    if as_path.components().count() > 1 || program.as_encoded_bytes().contains(&b'/') {
        return match fs::metadata(as_path) {
            Err(_) => Some(InstallerProblem::NotFound),
            Ok(_) if !executable(as_path) => Some(InstallerProblem::NotExecutable),
            Ok(_) => None,
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    if std::env::split_paths(&path).any(|d| executable(&d.join(program))) {
        None
    } else {
        Some(InstallerProblem::NotOnPath)
    }
}

/// Something about the target folder worth a warning; none of them stops
/// the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The folder (DIR or one above it) belongs to another user, who can
    /// swap the folder or the file in it.
    OtherOwner {
        /// The folder.
        folder: PathBuf,
        /// Its owner.
        uid: u32,
    },
    /// The folder is writable by other users and has no sticky bit.
    OpenToOthers {
        /// The folder.
        folder: PathBuf,
    },
    /// DIR is on a network file system: the token crosses the network.
    NetworkFs {
        /// The export's folder.
        dir: PathBuf,
        /// Which (NFS, CIFS, …).
        fs_name: &'static str,
    },
    /// DIR is in a git work tree that does not ignore the file.
    InGitTree {
        /// The export's folder.
        dir: PathBuf,
        /// The work tree's top.
        top: PathBuf,
        /// The token file's name.
        file_name: String,
    },
}

/// Warnings about the target folder; none of them stops the export.
pub fn preflight(dir: &Path, file_name: &str) -> Vec<Warning> {
    let mut warnings = Vec::new();
    // DIR and every folder above it: another user who can rename entries
    // in one of them (or owns it) can swap the folder or the file.
    let me = rustix::process::geteuid().as_raw();
    let dir_abs = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    for folder in dir_abs.ancestors() {
        let Ok(meta) = fs::metadata(folder) else {
            continue;
        };
        let mode = meta.permissions().mode();
        let sticky = mode & 0o1000 != 0;
        if meta.uid() != me && meta.uid() != 0 {
            warnings.push(Warning::OtherOwner {
                folder: folder.to_path_buf(),
                uid: meta.uid(),
            });
        } else if mode & 0o022 != 0 && !sticky {
            warnings.push(Warning::OpenToOthers {
                folder: folder.to_path_buf(),
            });
        }
    }
    if let Some(fs_name) = network_fs(dir) {
        warnings.push(Warning::NetworkFs {
            dir: dir.to_path_buf(),
            fs_name,
        });
    }
    if let Some(top) = git_work_tree(dir)
        && !git_ignores(dir, file_name)
    {
        warnings.push(Warning::InGitTree {
            dir: dir.to_path_buf(),
            top,
            file_name: file_name.to_owned(),
        });
    }
    warnings
}

/// The git work tree holding `dir`, found by looking for `.git` upwards
/// (cheap; git itself is only run when one is found).
fn git_work_tree(dir: &Path) -> Option<PathBuf> {
    let dir = fs::canonicalize(dir).ok()?;
    dir.ancestors()
        .find(|a| a.join(".git").exists())
        .map(Path::to_path_buf)
}

fn git_ignores(dir: &Path, file_name: &str) -> bool {
    // `check-ignore` exits 0 when ignored, 1 when not; anything else (no
    // git installed) counts as not ignored, so the warning still shows.
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["check-ignore", "-q", "--", file_name])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

#[cfg(target_os = "linux")]
fn network_fs(dir: &Path) -> Option<&'static str> {
    let st = rustix::fs::statfs(dir).ok()?;
    match st.f_type as u64 {
        0x6969 => Some("NFS"),
        0xFF53_4D42 => Some("CIFS"),
        0xFE53_4D42 => Some("SMB2"),
        0x517B => Some("SMB"),
        0x6573_5546 => Some("FUSE"),
        _ => None,
    }
}

#[cfg(not(target_os = "linux"))]
fn network_fs(_dir: &Path) -> Option<&'static str> {
    None
}

/// Limits of the after-run search, so a huge deploy folder cannot stall us.
const SCAN_MAX_FILES: usize = 20_000;
const SCAN_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
const SCAN_MAX_DEPTH: usize = 12;

/// Longest the after-run search may take: a huge folder must not keep
/// chopvault (which still holds its signal handlers) running for long.
const SCAN_MAX_TIME: std::time::Duration = std::time::Duration::from_secs(3);

/// What the after-run search found.
#[derive(Debug)]
pub struct Copies {
    /// Files holding the token.
    pub found: Vec<PathBuf>,
    /// Those among them last modified before `since`: copies someone left
    /// earlier (a `token.txt.bak`), not the installer's.
    pub older: Vec<PathBuf>,
    /// Why the search stopped before the end, if it did.
    pub cut_short: Option<CutShort>,
}

/// Why the after-run search stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutShort {
    /// Too many files, or too long.
    Limit,
    /// The user sent INT, TERM or HUP.
    Interrupted,
}

/// Files under `dir` whose bytes contain the token. Symlinks are never
/// followed (`dir` itself included), the search stays on `dir`'s file
/// system (no /proc, no mounts), reads only non-empty regular files
/// (opened `O_NOFOLLOW|O_NONBLOCK`, at most their size and the limit), and
/// stops at the limits or as soon as `stop` is set (by a signal).
///
/// A file last modified before `since` (the export's start) goes to
/// [`Copies::older`]: it held the token before the installer ran.
pub fn find_copies(
    dir: &Path,
    value: &Secret,
    stop: &AtomicBool,
    since: Option<std::time::SystemTime>,
) -> Copies {
    find_copies_within(dir, value, stop, since, SCAN_MAX_DEPTH, SCAN_MAX_FILE_BYTES)
}

/// As [`find_copies`], in `dir` and at most `max_depth` folders below it,
/// reading files of at most `max_file` bytes.
pub fn find_copies_within(
    dir: &Path,
    value: &Secret,
    stop: &AtomicBool,
    since: Option<std::time::SystemTime>,
    max_depth: usize,
    max_file: u64,
) -> Copies {
    let needle = value.expose().as_bytes();
    let finder = memchr::memmem::Finder::new(needle);
    let deadline = std::time::Instant::now() + SCAN_MAX_TIME;
    let mut found = Vec::new();
    let mut older = Vec::new();
    let mut seen = 0usize;
    let root_dev = match fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => m.dev(),
        _ => {
            return Copies {
                found,
                older,
                cut_short: None,
            };
        }
    };
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((folder, depth)) = stack.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            // DirEntry::metadata does not follow symlinks.
            let Ok(meta) = entry.metadata() else { continue };
            if meta.dev() != root_dev {
                continue;
            }
            let path = entry.path();
            if meta.is_dir() && depth < max_depth {
                stack.push((path, depth + 1));
            } else if meta.is_file() && meta.size() > 0 && meta.size() <= max_file {
                seen += 1;
                let cut_short = if stop.load(Ordering::Relaxed) {
                    Some(CutShort::Interrupted)
                } else if seen > SCAN_MAX_FILES || std::time::Instant::now() > deadline {
                    Some(CutShort::Limit)
                } else {
                    None
                };
                if cut_short.is_some() {
                    return Copies {
                        found,
                        older,
                        cut_short,
                    };
                }
                if holds(&path, meta.size(), &finder) {
                    let before = since
                        .zip(meta.modified().ok())
                        .is_some_and(|(since, modified)| modified < since);
                    if before {
                        older.push(path);
                    } else {
                        found.push(path);
                    }
                }
            }
        }
    }
    Copies {
        found,
        older,
        cut_short: None,
    }
}

/// True when the regular file at `path` (opened without following a
/// symlink or blocking on a FIFO swapped in since it was listed) holds
/// `finder`'s needle within its first `size` bytes.
fn holds(path: &Path, size: u64, finder: &memchr::memmem::Finder<'_>) -> bool {
    use std::io::Read;
    let Ok(file) = OpenOptions::new()
        .read(true)
        .custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK).bits() as i32)
        .open(path)
    else {
        return false;
    };
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return false;
    }
    // The buffer may hold a copy of the token: zeroize it.
    let mut bytes = Zeroizing::new(Vec::with_capacity(size as usize));
    if file.take(size).read_to_end(&mut bytes).is_err() {
        return false;
    }
    finder.find(&bytes).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn make(
        dir: &Path,
        name: &str,
        value: &Secret,
        replace: bool,
    ) -> Result<TokenFile, ExportError> {
        TokenFile::create(
            dir,
            name,
            &temp_name(name),
            value,
            false,
            replace,
            &dir.join(".locks"),
            IfBusy::Refuse,
            &mut || {},
        )
    }

    #[test]
    fn refuses_existing_files_and_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let value = Secret::parse(b"y0_t").unwrap();
        let target = dir.path().join("token.txt");
        let mut first = make(dir.path(), "token.txt", &value, false).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"y0_t");
        assert_eq!(
            fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // Held by the first: a second is refused without waiting.
        assert!(matches!(
            make(dir.path(), "token.txt", &value, false),
            Err(ExportError::Busy(_))
        ));
        assert_eq!(first.wipe().unwrap(), Wiped::Removed);
        drop(first);
        fs::write(&target, b"old").unwrap();
        assert!(matches!(
            make(dir.path(), "token.txt", &value, false),
            Err(ExportError::Exists(_))
        ));
        // No temp file is left behind by the refusal.
        assert_eq!(
            fs::read_dir(dir.path())
                .unwrap()
                .filter(|e| !e
                    .as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".locks"))
                .count(),
            1
        );

        let victim = dir.path().join("victim");
        fs::write(&victim, b"keep").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join("link.txt")).unwrap();
        assert!(matches!(
            make(dir.path(), "link.txt", &value, true),
            Err(ExportError::Symlink(_))
        ));
        assert_eq!(fs::read(&victim).unwrap(), b"keep");
    }

    /// A panic while the file exists wipes it (the hook runs before the
    /// shipped build's abort; here the panic is caught).
    #[test]
    fn a_panic_wipes_an_armed_token_file() {
        let dir = tempfile::tempdir().unwrap();
        let value = Secret::parse(b"y0_panic").unwrap();
        let file = make(dir.path(), "token.txt", &value, false).unwrap();
        let guard = file.arm_panic_wipe();
        let caught = std::panic::catch_unwind(|| panic!("boom"));
        assert!(caught.is_err());
        assert!(
            !dir.path().join("token.txt").exists(),
            "a panic left the token"
        );
        drop(guard);
        // Disarmed: a later panic touches nothing.
        let other = make(dir.path(), "other.txt", &value, false).unwrap();
        drop(other.arm_panic_wipe());
        let _ = std::panic::catch_unwind(|| panic!("boom"));
        assert!(dir.path().join("other.txt").exists());
    }

    #[test]
    fn temp_names_are_recognised() {
        let t = temp_name("token.txt");
        assert!(is_temp_name(&t, "token.txt"));
        for bad in [
            "token.txt",
            ".token.txt.chopvault-",
            ".token.txt.chopvault-1-2-3",
            ".other.chopvault-1-2",
            "../x",
        ] {
            assert!(!is_temp_name(bad, "token.txt"), "{bad}");
        }
    }

    #[test]
    fn the_copy_search_follows_no_symlink_and_reads_only_regular_files() {
        let dir = tempfile::tempdir().unwrap();
        let value = Secret::parse(b"y0_findme").unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("copy"), b"y0_findme").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("link-dir")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("copy"), dir.path().join("link-file"))
            .unwrap();
        std::os::unix::fs::symlink("/proc", dir.path().join("proc")).unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            dir.path().join("fifo"),
            FileType::Fifo,
            Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let copies = find_copies(dir.path(), &value, &AtomicBool::new(false), None);
        assert!(copies.found.is_empty(), "{:?}", copies.found);
        assert_eq!(copies.cut_short, None);
        // A symlink as the root is not followed either.
        let copies = find_copies(
            &dir.path().join("link-dir"),
            &value,
            &AtomicBool::new(false),
            None,
        );
        assert!(copies.found.is_empty());
    }

    #[test]
    fn finds_copies_in_subfolders() {
        let dir = tempfile::tempdir().unwrap();
        let value = Secret::parse(b"y0_findme").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/config.ini"), b"token=y0_findme\n").unwrap();
        fs::write(dir.path().join("other"), b"nothing").unwrap();
        let copies = find_copies(dir.path(), &value, &AtomicBool::new(false), None);
        assert_eq!(copies.cut_short, None);
        assert_eq!(copies.found, vec![dir.path().join("sub/config.ini")]);
        // A signal stops it at the next file.
        let copies = find_copies(dir.path(), &value, &AtomicBool::new(true), None);
        assert_eq!(copies.cut_short, Some(CutShort::Interrupted));
        assert!(copies.found.is_empty());
    }

    #[test]
    fn world_writable_folder_without_sticky_bit_warns() {
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
        let open = |w: &Warning| matches!(w, Warning::OpenToOthers { .. });
        assert!(preflight(dir.path(), "token.txt").iter().any(open));
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o1777)).unwrap();
        assert!(!preflight(dir.path(), "token.txt").iter().any(open));
    }
}
