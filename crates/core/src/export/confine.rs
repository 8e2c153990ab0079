//! What the installer reaches besides its token.
//!
//! An installer that runs as the user reaches what the user has open: the
//! unlocked agent (refused while the export runs, see `crate::agent`), the
//! session bus (and through it the keyring), the runtime folder, and the
//! user's files (an OpenBao token file, the vault files). Two options
//! narrow that:
//!
//! - `--as-user USER` (root only): the installer runs as USER, with USER's
//!   primary group and no supplementary groups (std's `Command::uid`
//!   clears them; `initgroups` needs an unstable or unsafe call), and an
//!   environment of HOME, USER, LOGNAME, PATH, LANG and TERM only. The
//!   token file is handed to USER. This is a boundary: nothing of root's
//!   session or files is USER's.
//! - `--sandbox`: the installer runs in its own user and mount namespaces
//!   (`unshare`, util-linux), where an empty tmpfs covers the runtime
//!   folder, `/run/user/UID` and the agent's socket folder, and without
//!   `XDG_RUNTIME_DIR` and `DBUS_SESSION_BUS_ADDRESS`. It needs
//!   unprivileged user namespaces; where they are off it is refused, never
//!   run without. It is not a boundary against a hostile installer of the
//!   same uid: its files stay, and `/proc/PID/root` of another of the
//!   user's processes still leads to the hidden folders (a pid namespace
//!   would close that, but `unshare --fork` does not pass on the signals
//!   chopvault forwards). As root it is refused without `--as-user`: root
//!   unmounts what hides the folders.

use std::ffi::OsString;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::ExportError;

/// PATH for an installer run as another user: no folder of root's.
const USER_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// Why the installer cannot be confined as asked; it is not run at all.
#[derive(Debug)]
pub enum Confine {
    /// `--as-user` without root.
    AsUserNeedsRoot {
        /// The user named.
        user: String,
    },
    /// `--as-user` names no local user.
    NoSuchUser {
        /// The user named.
        user: String,
    },
    /// `--as-user` names root (uid 0, under any name).
    AsUserIsRoot {
        /// The user named.
        user: String,
    },
    /// The user cannot get through `folder` to reach `dir`.
    CannotReach {
        /// The user named.
        user: String,
        /// The export's folder.
        dir: PathBuf,
        /// The folder that does not let them in.
        folder: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// `--sandbox` for an installer that would run as root.
    SandboxAsRoot,
    /// `--sandbox`, and the session bus is outside the hidden folders.
    BusOutside {
        /// `DBUS_SESSION_BUS_ADDRESS`.
        bus: String,
    },
    /// `--sandbox` cannot run here: what `unshare` (or starting it) said,
    /// trimmed (may be empty).
    SandboxUnavailable {
        /// The tool's own error text.
        why: String,
    },
}

/// A user from `/etc/passwd`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Login name.
    pub name: String,
    /// User id.
    pub uid: u32,
    /// Primary group id.
    pub gid: u32,
    /// Home folder.
    pub home: PathBuf,
}

impl User {
    /// USER from `/etc/passwd` (local accounts only: no NSS), for
    /// `--as-user`. Refused unless chopvault runs as root, and for root
    /// itself (uid 0 under any name).
    pub fn for_installer(name: &str) -> Result<User, ExportError> {
        if !rustix::process::geteuid().is_root() {
            return Err(confine(Confine::AsUserNeedsRoot { user: name.into() }));
        }
        let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
        let user = find_user(&passwd, name)
            .ok_or_else(|| confine(Confine::NoSuchUser { user: name.into() }))?;
        if user.uid == 0 {
            return Err(confine(Confine::AsUserIsRoot { user: name.into() }));
        }
        Ok(user)
    }

    /// The whole environment the installer gets as this user (the token
    /// variables are added by the caller).
    pub fn env(&self) -> Vec<(OsString, OsString)> {
        let mut env: Vec<(OsString, OsString)> = vec![
            ("HOME".into(), self.home.clone().into()),
            ("USER".into(), self.name.clone().into()),
            ("LOGNAME".into(), self.name.clone().into()),
            ("PATH".into(), USER_PATH.into()),
        ];
        for name in ["LANG", "TERM"] {
            if let Some(v) = std::env::var_os(name) {
                env.push((name.into(), v));
            }
        }
        env
    }

    /// Checks that this user can reach a file in `dir`: search permission
    /// on `dir` and every folder above it, as the installer will have it
    /// (its uid and primary group only).
    pub fn can_reach(&self, dir: &Path) -> Result<(), ExportError> {
        for folder in dir.ancestors() {
            let Ok(meta) = std::fs::metadata(folder) else {
                continue;
            };
            let mode = meta.mode();
            let bit = if meta.uid() == self.uid {
                0o100
            } else if meta.gid() == self.gid {
                0o010
            } else {
                0o001
            };
            if mode & bit == 0 {
                return Err(confine(Confine::CannotReach {
                    user: self.name.clone(),
                    dir: dir.to_path_buf(),
                    folder: folder.to_path_buf(),
                    mode: mode & 0o7777,
                }));
            }
        }
        Ok(())
    }
}

/// The entry for `name` in the text of `/etc/passwd`.
fn find_user(passwd: &str, name: &str) -> Option<User> {
    passwd.lines().find_map(|line| {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() < 7 || f[0] != name || name.is_empty() {
            return None;
        }
        Some(User {
            name: f[0].to_owned(),
            uid: f[2].parse().ok()?,
            gid: f[3].parse().ok()?,
            home: PathBuf::from(f[5]),
        })
    })
}

/// The shell script run inside the outer namespace: mount an empty tmpfs
/// on each folder, then enter a second user namespace where the installer
/// has its own uid back and no capability (so it cannot unmount them).
/// Paths and ids arrive as arguments, never inside the script text.
const SCRIPT: &str = r#"uid=$1 gid=$2 n=$3; shift 3
while [ "$n" -gt 0 ]; do
  mount -t tmpfs -o mode=0755,size=16k chopvault-sandbox "$1" || exit 125
  shift; n=$((n - 1))
done
exec unshare --user --map-user="$uid" --map-group="$gid" -- "$@""#;

/// How `--sandbox` runs the installer: the folders it hides, and as whom.
#[derive(Debug)]
pub struct Sandbox {
    hidden: Vec<PathBuf>,
    uid: u32,
    gid: u32,
}

impl Sandbox {
    /// Works out the folders to hide for an installer running as `user`
    /// (None: as chopvault's own user), the runtime folders and
    /// `extra_hidden` (the agent's socket folders) that exist, and checks
    /// that this system can do it by running the sandbox once. Refused
    /// (never run without) where it cannot.
    pub fn prepare(user: Option<&User>, extra_hidden: &[PathBuf]) -> Result<Sandbox, ExportError> {
        let (uid, gid, candidates) = match user {
            // Root's own folders are closed to the user already (and the
            // user could not even name them to mount over): the user's.
            Some(u) => (
                u.uid,
                u.gid,
                vec![PathBuf::from(format!("/run/user/{}", u.uid))],
            ),
            None => {
                if rustix::process::geteuid().is_root() {
                    return Err(confine(Confine::SandboxAsRoot));
                }
                let uid = rustix::process::getuid().as_raw();
                let runtime = std::env::var_os("XDG_RUNTIME_DIR")
                    .map(PathBuf::from)
                    .filter(|p| p.is_absolute());
                let mut dirs: Vec<PathBuf> = runtime.into_iter().collect();
                dirs.push(PathBuf::from(format!("/run/user/{uid}")));
                dirs.extend(extra_hidden.iter().cloned());
                (uid, rustix::process::getgid().as_raw(), dirs)
            }
        };
        let mut hidden: Vec<PathBuf> = Vec::new();
        for dir in candidates {
            // The real folder (no symlink to mount over) that exists, once.
            if let Ok(real) = std::fs::canonicalize(&dir)
                && real.is_dir()
                && !hidden.contains(&real)
            {
                hidden.push(real);
            }
        }
        // A bus outside the hidden folders (abstract, TCP, elsewhere) stays
        // reachable whatever is mounted: refused. (Another user is not let
        // onto this user's bus by the bus itself.)
        if user.is_none()
            && let Some(bus) = std::env::var_os("DBUS_SESSION_BUS_ADDRESS")
        {
            let bus = bus.to_string_lossy().into_owned();
            if !bus_is_hidden(&bus, &hidden) {
                return Err(confine(Confine::BusOutside { bus }));
            }
        }
        let sandbox = Sandbox { hidden, uid, gid };
        let probe = sandbox
            .command(&["true".into()], user.map(|u| (u.uid, u.gid)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output();
        match probe {
            Ok(out) if out.status.success() => Ok(sandbox),
            Ok(out) => Err(cannot(&String::from_utf8_lossy(&out.stderr))),
            Err(e) => Err(cannot(&e.to_string())),
        }
    }

    /// The command that runs `argv` in the sandbox, switched to `as_ids`
    /// (uid, gid) first when given (root handing the installer to a user:
    /// the namespaces are then the user's own).
    pub fn command(&self, argv: &[OsString], as_ids: Option<(u32, u32)>) -> Command {
        let mut cmd = Command::new("unshare");
        cmd.args([
            "--user",
            "--map-root-user",
            "--mount",
            "--propagation",
            "private",
            "--",
            "/bin/sh",
            "-c",
            SCRIPT,
            "chopvault-sandbox",
        ]);
        cmd.arg(self.uid.to_string())
            .arg(self.gid.to_string())
            .arg(self.hidden.len().to_string())
            .args(&self.hidden)
            .args(argv)
            .env_remove("XDG_RUNTIME_DIR")
            .env_remove("DBUS_SESSION_BUS_ADDRESS");
        if let Some((uid, gid)) = as_ids {
            use std::os::unix::process::CommandExt;
            cmd.uid(uid).gid(gid);
        }
        cmd
    }

    /// The folders hidden from the installer.
    pub fn hidden(&self) -> &[PathBuf] {
        &self.hidden
    }
}

/// Whether every address of a D-Bus address list is a `unix:path=` inside
/// one of the hidden folders (an empty list: nothing to reach).
fn bus_is_hidden(bus: &str, hidden: &[PathBuf]) -> bool {
    bus.split(';').filter(|a| !a.is_empty()).all(|address| {
        let Some(params) = address.strip_prefix("unix:") else {
            return false;
        };
        params.split(',').any(|kv| {
            kv.strip_prefix("path=").is_some_and(|p| {
                let p = std::fs::canonicalize(p).unwrap_or_else(|_| PathBuf::from(p));
                hidden.iter().any(|h| p.starts_with(h))
            })
        })
    })
}

fn cannot(why: &str) -> ExportError {
    confine(Confine::SandboxUnavailable {
        why: why.trim().to_owned(),
    })
}

fn confine(why: Confine) -> ExportError {
    ExportError::Confine(why)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_are_found_by_exact_name() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n\
                      nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n\
                      broken:x:zz:1::/:/bin/sh\n";
        assert_eq!(
            find_user(passwd, "nobody"),
            Some(User {
                name: "nobody".into(),
                uid: 65534,
                gid: 65534,
                home: "/nonexistent".into()
            })
        );
        assert_eq!(find_user(passwd, "nob"), None);
        assert_eq!(find_user(passwd, "broken"), None);
        assert_eq!(find_user(passwd, ""), None);
    }

    #[test]
    fn only_a_bus_in_a_hidden_folder_counts_as_hidden() {
        let hidden = [PathBuf::from("/run/user/1000")];
        assert!(bus_is_hidden("unix:path=/run/user/1000/bus", &hidden));
        assert!(bus_is_hidden("", &hidden));
        assert!(!bus_is_hidden("unix:abstract=/tmp/dbus-x,guid=1", &hidden));
        assert!(!bus_is_hidden("tcp:host=localhost,port=1", &hidden));
        assert!(!bus_is_hidden("unix:path=/tmp/bus", &hidden));
        assert!(!bus_is_hidden(
            "unix:path=/run/user/1000/bus;unix:abstract=x",
            &hidden
        ));
    }
}
