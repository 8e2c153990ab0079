//! Whose files these are: sudo never takes a vault from its owner.
//!
//! `sudo chopvault set …` with the user's HOME (or `--vault` at the user's
//! vault) used to replace `vault.age` and its `.sig` by files of root's,
//! mode 0600, and the user was locked out of their own vault. The rule:
//!
//! - **Root refuses another user's files.** A command run as root (euid 0)
//!   whose config, vault, `.sig`, key file, identity, index, pins or state
//!   folder — or, for one not made yet, the nearest folder that exists —
//!   belongs to another uid stops before it reads or writes anything, naming
//!   the owner and `sudo -u OWNER chopvault …`. Reading is refused too: a
//!   read also writes (the index, the event log, the export journal, the
//!   pins), and every one of those would become root's. Keeping the owner
//!   instead (fchown after each atomic write, in the store, the index, the
//!   journal, the lock files and the event log) would have to be right in
//!   every writer, present and future; one refusal at the door is sound.
//!   `lock`, `man` and `completions` touch no such file and are not refused.
//! - **The user is told whose a file is.** A "permission denied" on a file
//!   or folder of another uid names that owner and, when it is root, the
//!   `sudo chown` that gives it back; `doctor` lists every such file of
//!   chopvault's and gives one `chown` line for all of them.
//!
//! Owners are named from `/etc/passwd` (local accounts; no NSS), else by
//! number: `sudo -u '#2003'` works for an account with no name.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// The user this process acts as (its effective uid).
pub fn me() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// The user who ran this command through sudo, when it runs as root:
/// sudo gives root's HOME, so root's own (empty) settings are read, and
/// "run chopvault init" would make a second store beside that user's.
pub fn sudo_user() -> Option<String> {
    if me() != 0 {
        return None;
    }
    std::env::var("SUDO_USER")
        .ok()
        .filter(|u| !u.is_empty() && u != "root")
}

/// A file's owner, by uid and, when `/etc/passwd` knows it, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// The uid.
    pub uid: u32,
    /// The account's name, if it has one.
    pub name: Option<String>,
}

impl Owner {
    /// The owner of `uid`, named from `/etc/passwd`.
    pub fn of_uid(uid: u32) -> Owner {
        let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
        Owner {
            uid,
            name: name_in(&passwd, uid),
        }
    }

    /// `alice (uid 1000)`, or `uid 2003` for an account with no name.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{name} (uid {})", self.uid),
            None => format!("uid {}", self.uid),
        }
    }

    /// The account as `sudo -u` and `chown` take it: its name, or `#2003`
    /// (sudo) / `2003` (chown) by number, quoted for the shell.
    pub fn sudo_user(&self) -> String {
        match &self.name {
            Some(name) => name.clone(),
            None => format!("'#{}'", self.uid),
        }
    }

    /// The account as `chown` takes it.
    pub fn chown_user(&self) -> String {
        self.name.clone().unwrap_or_else(|| self.uid.to_string())
    }
}

/// The name of `uid` in the text of `/etc/passwd`.
fn name_in(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let id: u32 = fields.nth(1)?.parse().ok()?;
        (id == uid && !name.is_empty()).then(|| name.to_string())
    })
}

/// The owner of `path` (not following a last symlink), if it exists.
pub fn owner_of(path: &Path) -> Option<u32> {
    std::fs::symlink_metadata(path).ok().map(|m| m.uid())
}

/// The path itself if it exists, else the nearest folder above it that
/// does: what a write to `path` would create its file in.
fn nearest_existing(path: &Path) -> Option<(PathBuf, u32)> {
    let mut p = Some(path);
    while let Some(here) = p {
        if let Some(uid) = owner_of(here) {
            return Some((here.to_path_buf(), uid));
        }
        p = here.parent();
    }
    None
}

/// Refuses, as root, a command on files of another user: of `touched`
/// (every file and folder the command may read or write, as far as the
/// caller can know before opening anything; the store's own first, so that
/// the refusal names the vault when it is the vault that is someone
/// else's), the first that is another user's (or the nearest existing
/// folder of one not made yet), and its owner. Not root, or only root's
/// files: `None`. `touched` is asked for only as root: finding the files
/// reads the config and resolves the store, which nobody else needs here.
pub fn foreign_to_root(touched: impl FnOnce() -> Vec<PathBuf>) -> Option<(PathBuf, Owner)> {
    if me() != 0 {
        return None;
    }
    touched()
        .iter()
        .filter_map(|p| nearest_existing(p))
        .find(|(_, uid)| *uid != 0)
        .map(|(path, uid)| (path, Owner::of_uid(uid)))
}

/// Every existing file and folder of chopvault's that belongs to someone
/// other than this process's user, with its owner: the `folders` with what
/// is in them, and the `files` (the config, the store's files), for
/// `doctor`.
pub fn not_mine(folders: &[PathBuf], files: &[PathBuf]) -> Vec<(PathBuf, u32)> {
    let me = me();
    let mut all: Vec<PathBuf> = Vec::new();
    for root in folders {
        walk(root, &mut all);
    }
    all.extend(files.iter().cloned());
    let mut files = all;
    files.sort();
    files.dedup();
    files
        .into_iter()
        .filter_map(|p| owner_of(&p).filter(|uid| *uid != me).map(|uid| (p, uid)))
        .collect()
}

/// `dir` and everything under it (not following links), as far as it can
/// be read; a folder that cannot be listed is still listed itself.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(meta) = std::fs::symlink_metadata(dir) else {
        return;
    };
    out.push(dir.to_path_buf());
    if !meta.is_dir() {
        return;
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            walk(&e.path(), out);
        }
    }
}

/// For a "permission denied" on `path`: the folder on the way that this
/// user cannot enter (the one nearest the root), else the file itself
/// when it is someone else's, with its owner. `None`: the way is open and
/// the file is this user's (its own mode keeps them out).
pub fn blocking_owner(path: &Path) -> Option<(PathBuf, Owner)> {
    let me = me();
    let closed = path
        .ancestors()
        .skip(1)
        .filter(|dir| !dir.as_os_str().is_empty())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .find(|dir| rustix::fs::access(*dir, rustix::fs::Access::EXEC_OK).is_err());
    let (at, uid) = match closed {
        Some(dir) => (dir.to_path_buf(), owner_of(dir)?),
        None => (path.to_path_buf(), owner_of(path)?),
    };
    (uid != me).then(|| (at, Owner::of_uid(uid)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_passwd_and_numbers_stand_in() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n";
        assert_eq!(name_in(passwd, 1000).as_deref(), Some("alice"));
        assert_eq!(name_in(passwd, 0).as_deref(), Some("root"));
        assert_eq!(name_in(passwd, 2003), None);
        let nameless = Owner {
            uid: 2003,
            name: None,
        };
        assert_eq!(nameless.label(), "uid 2003");
        assert_eq!(nameless.sudo_user(), "'#2003'");
        assert_eq!(nameless.chown_user(), "2003");
        let alice = Owner {
            uid: 1000,
            name: Some("alice".into()),
        };
        assert_eq!(alice.label(), "alice (uid 1000)");
        assert_eq!(alice.sudo_user(), "alice");
    }

    #[test]
    fn a_path_not_made_yet_is_judged_by_the_folder_it_would_go_in() {
        let dir = tempfile::tempdir().unwrap();
        let (p, uid) = nearest_existing(&dir.path().join("a/b/vault.age")).unwrap();
        assert_eq!(p, dir.path());
        assert_eq!(uid, me());
    }
}
