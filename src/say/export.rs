//! The export's facts in words: its errors with their remedies, the
//! folder's warnings, why an installer cannot start, why a file was wiped.
//! `commands::export` prints them.

use super::{Explain, Said};
use crate::export::supervise::{NotStarted, WipeReason};
use crate::export::tokenfile::{InstallerProblem, Warning, Wiped};
use crate::export::{Confine, ExportError, Supervise};
use crate::text::shown_path;

impl Explain for ExportError {
    fn explain(&self) -> Said {
        match self {
            ExportError::Exists(p) => Said::new(t!("export-already-exists", path = shown_path(p)))
                .hint(t!("error-remove-first-pass-replace")),
            ExportError::Symlink(p) => Said::new(t!(
                "export-symlink-refusing-write-through",
                path = shown_path(p)
            ))
            .hint(t!("error-remove-link-chopvault-never")),
            ExportError::NoFolder(p) => {
                Said::new(t!("export-folder-does-not-exist", path = shown_path(p)))
                    .hint(t!("error-create-point-dir-chop"))
            }
            ExportError::Busy(p) => Said::new(t!(
                "export-another-export-using-right",
                path = shown_path(p)
            ))
            .hint(t!("error-wait-finish-leave-out")),
            ExportError::Fs(e) => e.explain(),
            ExportError::Supervise(s) => s.explain(),
            ExportError::Confine(c) => c.explain(),
            ExportError::NotFound(name) => Said::new(t!("store-no-entry-named", name = name))
                .hint(t!("error-see-entries-chopvault-list")),
            ExportError::Expired { name, days } => {
                Said::new(t!("error-token-expired-days-ago", name = name, days = days))
                    .hint(t!("error-get-new-token-chopvault", name = name))
            }
            ExportError::HoldOff(e) => {
                Said::new(t!("cmd-export-agent-cannot-hold-off", e = e.explain().text))
                    .hint(t!("cmd-export-agent-cannot-hold-off-hint"))
            }
            ExportError::NotWiped { path, error, .. } => Said::new(t!(
                "error-could-not-remove",
                path = path.display(),
                error = error.explain().text
            ))
            .hint(t!("error-remove-hand-run-chopvault")),
        }
    }
}

impl Explain for Supervise {
    fn explain(&self) -> Said {
        Said::new(match self {
            Supervise::Signals(e) => t!("export-supervise-could-not-install-signal", e = e),
            Supervise::LostTrack(e) => t!("export-supervise-lost-track-installer", e = e),
            Supervise::NoInotify(e) => t!("export-supervise-inotify-not-available", e = e),
            Supervise::CannotWatch(path, e) => t!(
                "export-supervise-cannot-watch",
                path = shown_path(path),
                e = e
            ),
            Supervise::NeedsLinux => t!("export-supervise-remove-after-read-needs"),
        })
    }
}

impl Explain for Confine {
    fn explain(&self) -> Said {
        match self {
            Confine::AsUserNeedsRoot { user } => {
                Said::new(t!("export-confine-as-user-needs-root", user = user))
                    .hint(t!("export-confine-as-user-needs-root-hint"))
            }
            Confine::NoSuchUser { user } => {
                Said::new(t!("export-confine-no-such-user", user = user))
                    .hint(t!("export-confine-no-such-user-hint"))
            }
            Confine::AsUserIsRoot { user } => {
                Said::new(t!("export-confine-as-user-root", user = user))
                    .hint(t!("export-confine-as-user-needs-root-hint"))
            }
            Confine::CannotReach {
                user,
                dir,
                folder,
                mode,
            } => Said::new(t!(
                "export-confine-user-cannot-reach",
                user = user,
                dir = dir.display(),
                folder = folder.display(),
                mode = format!("{mode:o}")
            ))
            .hint(t!(
                "export-confine-user-cannot-reach-hint",
                folder = folder.display()
            )),
            Confine::SandboxAsRoot => Said::new(t!("export-confine-sandbox-as-root"))
                .hint(t!("export-confine-sandbox-as-root-hint")),
            Confine::BusOutside { bus } => {
                Said::new(t!("export-confine-sandbox-bus-outside", bus = bus))
                    .hint(t!("export-confine-sandbox-bus-outside-hint"))
            }
            Confine::SandboxUnavailable { why } => Said::new(t!(
                "export-confine-sandbox-unavailable",
                why = if why.is_empty() { "?" } else { why.as_str() }
            ))
            .hint(t!("export-confine-sandbox-unavailable-hint")),
        }
    }
}

/// A warning about the export's folder, in words.
pub fn warning(w: &Warning) -> String {
    match w {
        Warning::OtherOwner { folder, uid } => t!(
            "export-tokenfile-belongs-another-user-uid",
            folder = shown_path(folder),
            uid = uid
        ),
        Warning::OpenToOthers { folder } => t!(
            "export-tokenfile-writable-other-users-has",
            folder = shown_path(folder),
            folder2 = shown_path(folder)
        ),
        Warning::NetworkFs { dir, fs_name } => t!(
            "export-tokenfile-network-file-system-token",
            dir = shown_path(dir),
            fs_name = fs_name
        ),
        Warning::InGitTree {
            dir,
            top,
            file_name,
        } => t!(
            "export-tokenfile-inside-git-work-tree",
            dir = shown_path(dir),
            top = shown_path(top),
            file_name = file_name
        ),
    }
}

/// Why the installer cannot be started, as the end of "the installer X …".
pub fn installer_problem(p: InstallerProblem) -> String {
    match p {
        InstallerProblem::NotFound => t!("tokenfile-installer-not-found"),
        InstallerProblem::NotExecutable => t!("tokenfile-installer-not-executable"),
        InstallerProblem::NotOnPath => t!("tokenfile-installer-not-on-path"),
    }
}

/// Why the installer did not start: the error line (its hint is
/// [`not_started_hint`]).
pub fn not_started(shown: &str, why: &NotStarted) -> String {
    match why {
        NotStarted::NotFound => t!("export-supervise-error-installer-was-not", shown = shown),
        NotStarted::NotExecutable => {
            t!(
                "export-supervise-error-installer-not-executable",
                shown = shown
            )
        }
        NotStarted::Failed(e) => t!(
            "export-supervise-error-could-not-start",
            shown = shown,
            e = e
        ),
    }
}

/// What to do when the installer did not start.
pub fn not_started_hint() -> String {
    t!("export-supervise-hint-token-file-was")
}

/// Why the file went while the installer goes on (`--ttl`,
/// `--remove-after-read`).
pub fn removed_early(reason: WipeReason) -> String {
    if reason == WipeReason::Ttl {
        t!("cmd-export-reason-ttl")
    } else {
        t!("cmd-export-reason-read")
    }
}

/// Why the file was removed, and how the installer exited.
pub fn removed_because(reason: WipeReason, code: i32) -> String {
    match reason {
        WipeReason::Finished | WipeReason::NotStarted => {
            t!("cmd-export-after-installer-exited", code = code)
        }
        WipeReason::Signal(s) => t!(
            "cmd-export-signal-installer-exited",
            s = crate::ui::words::signal(s),
            code = code
        ),
        WipeReason::Ttl => t!("cmd-export-when-ttl-ran-out", code = code),
        WipeReason::Read => t!("cmd-export-once-was-read-installer", code = code),
    }
}

/// Where the token went when its name was taken away during the run:
/// what became of our file, and what is at the name now.
pub fn taken_away(wiped: &Wiped) -> Option<(String, String)> {
    match wiped {
        Wiped::Removed => None,
        Wiped::NameChanged { moved, planted } => Some((
            if *moved {
                t!("cmd-export-moved")
            } else {
                t!("cmd-export-deleted")
            },
            if *planted {
                t!("cmd-export-not-ours")
            } else {
                t!("cmd-export-nothing-there")
            },
        )),
    }
}
