//! The token file itself: created exclusively (O_CREAT|O_EXCL|O_NOFOLLOW,
//! mode 0600), checked before (preflight) and searched for after (did the
//! installer copy the token elsewhere?).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

use zeroize::Zeroizing;

use super::ExportError;
use crate::fsutil::{self, FsError};
use crate::secret::Secret;

/// The temporary name the token is written under before it appears at
/// `path`: same folder, hidden, unique to this process and moment.
pub fn temp_name(path: &Path) -> PathBuf {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| "token".into());
    path.with_file_name(format!(
        ".{file}.chopvault-{}-{}",
        std::process::id(),
        jiff::Timestamp::now().as_nanosecond()
    ))
}

fn create_exclusive(path: &Path) -> std::io::Result<std::fs::File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
}

/// Writes the token so that `path` only ever holds all of it: first to
/// `temp` (created exclusively, 0600, no symlink followed), fsynced, then
/// hard-linked to `path` (which fails if anything, a symlink included, is
/// there) and `temp` removed. A crash at any point leaves at most names the
/// journal knows. Where the file system has no hard links, `path` is created
/// exclusively and written directly.
pub fn create(path: &Path, temp: &Path, value: &Secret, newline: bool) -> Result<(), ExportError> {
    let fail = |e: std::io::Error, at: &Path| match e.kind() {
        std::io::ErrorKind::AlreadyExists => ExportError::Exists(path.to_path_buf()),
        _ => ExportError::Fs(FsError::io("create", at, e)),
    };
    let write = |mut file: std::fs::File, at: &Path| -> Result<(), ExportError> {
        let written = file
            .write_all(value.expose().as_bytes())
            .and_then(|()| {
                if newline {
                    file.write_all(b"\n")
                } else {
                    Ok(())
                }
            })
            .and_then(|()| file.sync_all());
        if let Err(e) = written {
            drop(file);
            let _ = fsutil::wipe_file(at);
            return Err(ExportError::Fs(FsError::io("write", at, e)));
        }
        Ok(())
    };
    write(create_exclusive(temp).map_err(|e| fail(e, temp))?, temp)?;
    match std::fs::hard_link(temp, path) {
        Ok(()) => {
            let _ = std::fs::remove_file(temp);
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = fsutil::wipe_file(temp);
            return Err(ExportError::Exists(path.to_path_buf()));
        }
        Err(_) => {
            // No hard links here (some USB and network file systems).
            let _ = fsutil::wipe_file(temp);
            write(create_exclusive(path).map_err(|e| fail(e, path))?, path)?;
        }
    }
    fsutil::sync_dir(fsutil::parent_of(path)).map_err(ExportError::Fs)
}

/// Warnings about the target folder; none of them stops the export.
pub fn preflight(dir: &Path, file_name: &str) -> Vec<String> {
    let mut warnings = Vec::new();
    if let Ok(meta) = fs::metadata(dir) {
        let mode = meta.permissions().mode();
        if mode & 0o002 != 0 && mode & 0o1000 == 0 {
            warnings.push(format!(
                "{} is writable by everyone and has no sticky bit: another user could swap the file (chmod o-w {})",
                dir.display(),
                dir.display()
            ));
        }
    }
    if let Some(fs_name) = network_fs(dir) {
        warnings.push(format!(
            "{} is on a network file system ({fs_name}): the token crosses the network and a wipe cannot reach the server's copies",
            dir.display()
        ));
    }
    if let Some(top) = git_work_tree(dir)
        && !git_ignores(dir, file_name)
    {
        warnings.push(format!(
            "{} is inside the git work tree {} and {file_name} is not ignored: add it to .gitignore",
            dir.display(),
            top.display()
        ));
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
pub struct Copies {
    /// Files holding the token.
    pub found: Vec<PathBuf>,
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

/// Files under `dir` (symlinks not followed) whose bytes contain the token.
/// Stops at the limits, or as soon as `stop` is set (by a signal).
pub fn find_copies(dir: &Path, value: &Secret, stop: &AtomicBool) -> Copies {
    let needle = value.expose().as_bytes();
    let finder = memchr::memmem::Finder::new(needle);
    let deadline = std::time::Instant::now() + SCAN_MAX_TIME;
    let mut found = Vec::new();
    let mut seen = 0usize;
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((folder, depth)) = stack.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            let path = entry.path();
            if meta.is_dir() && depth < SCAN_MAX_DEPTH {
                stack.push((path, depth + 1));
            } else if meta.is_file() && meta.size() <= SCAN_MAX_FILE_BYTES {
                seen += 1;
                let cut_short = if stop.load(Ordering::Relaxed) {
                    Some(CutShort::Interrupted)
                } else if seen > SCAN_MAX_FILES || std::time::Instant::now() > deadline {
                    Some(CutShort::Limit)
                } else {
                    None
                };
                if cut_short.is_some() {
                    return Copies { found, cut_short };
                }
                // The buffer may hold a copy of the token: zeroize it.
                if let Ok(bytes) = fs::read(&path).map(Zeroizing::new)
                    && finder.find(&bytes).is_some()
                {
                    found.push(path);
                }
            }
        }
    }
    Copies {
        found,
        cut_short: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_existing_files_and_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let value = Secret::parse(b"y0_t").unwrap();
        let target = dir.path().join("token.txt");
        create(&target, &temp_name(&target), &value, false).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"y0_t");
        assert_eq!(
            fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(matches!(
            create(&target, &temp_name(&target), &value, false),
            Err(ExportError::Exists(_))
        ));
        // No temp file is left behind by the refusal.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);

        let victim = dir.path().join("victim");
        fs::write(&victim, b"keep").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        assert!(create(&link, &temp_name(&link), &value, false).is_err());
        assert_eq!(fs::read(&victim).unwrap(), b"keep");
    }

    #[test]
    fn finds_copies_in_subfolders() {
        let dir = tempfile::tempdir().unwrap();
        let value = Secret::parse(b"y0_findme").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/config.ini"), b"token=y0_findme\n").unwrap();
        fs::write(dir.path().join("other"), b"nothing").unwrap();
        let copies = find_copies(dir.path(), &value, &AtomicBool::new(false));
        assert_eq!(copies.cut_short, None);
        assert_eq!(copies.found, vec![dir.path().join("sub/config.ini")]);
        // A signal stops it at the next file.
        let copies = find_copies(dir.path(), &value, &AtomicBool::new(true));
        assert_eq!(copies.cut_short, Some(CutShort::Interrupted));
        assert!(copies.found.is_empty());
    }

    #[test]
    fn world_writable_folder_without_sticky_bit_warns() {
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
        assert!(
            preflight(dir.path(), "token.txt")
                .iter()
                .any(|w| w.contains("sticky"))
        );
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o1777)).unwrap();
        assert!(
            !preflight(dir.path(), "token.txt")
                .iter()
                .any(|w| w.contains("sticky"))
        );
    }
}
