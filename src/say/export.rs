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
                .hint(t!("error-export-exists-hint")),
            ExportError::Symlink(p) => Said::new(t!("export-target-symlink", path = shown_path(p)))
                .hint(t!("error-export-symlink-hint")),
            ExportError::NoFolder(p) => Said::new(t!("export-no-folder", path = shown_path(p)))
                .hint(t!("error-export-no-folder-hint")),
            ExportError::Busy(p) => Said::new(t!("export-busy", path = shown_path(p)))
                .hint(t!("error-export-busy-hint")),
            ExportError::Fs(e) => e.explain(),
            ExportError::Supervise(s) => s.explain(),
            ExportError::Confine(c) => c.explain(),
            ExportError::NotFound(name) => {
                Said::new(t!("store-no-entry", name = name)).hint(t!("error-no-entry-hint"))
            }
            ExportError::Expired { name, days } => {
                Said::new(t!("error-expired", name = name, days = days))
                    .hint(t!("error-expired-hint", name = name))
            }
            ExportError::HoldOff(e) => Said::new(t!(
                "cmd-export-agent-cannot-hold-off",
                error = e.explain().text
            ))
            .hint(t!("cmd-export-agent-cannot-hold-off-hint")),
            ExportError::NotWiped { path, error, .. } => Said::new(t!(
                "error-not-wiped",
                path = path.display(),
                error = error.explain().text
            ))
            .hint(t!("error-not-wiped-hint")),
        }
    }
}

impl Explain for Supervise {
    fn explain(&self) -> Said {
        Said::new(match self {
            Supervise::Signals(e) => t!("export-supervise-signal-handlers-failed", error = e),
            Supervise::LostTrack(e) => t!("export-supervise-lost-installer", error = e),
            Supervise::NoInotify(e) => t!("export-supervise-no-inotify", error = e),
            Supervise::CannotWatch(path, e) => t!(
                "export-supervise-watch-failed",
                path = shown_path(path),
                error = e
            ),
            Supervise::NeedsLinux => t!("export-supervise-remove-after-read-needs-linux"),
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
            "export-tokenfile-folder-of-another-user",
            folder = shown_path(folder),
            uid = uid
        ),
        Warning::OpenToOthers { folder } => t!(
            "export-tokenfile-folder-writable-by-others",
            folder = shown_path(folder)
        ),
        Warning::NetworkFs { dir, fs_name } => t!(
            "export-tokenfile-network-file-system",
            dir = shown_path(dir),
            fs_name = fs_name
        ),
        Warning::InGitTree {
            dir,
            top,
            file_name,
        } => t!(
            "export-tokenfile-in-git-work-tree",
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
/// [`not_started_hint`]), a message with its level, so that its prefix is
/// coloured where it is printed.
pub fn not_started(shown: &str, why: &NotStarted) -> crate::ui::catalog::Line {
    match why {
        NotStarted::NotFound => message!("export-supervise-installer-not-found", installer = shown),
        NotStarted::NotExecutable => {
            message!(
                "export-supervise-installer-not-executable",
                installer = shown
            )
        }
        NotStarted::Failed(e) => message!(
            "export-supervise-installer-start-failed",
            installer = shown,
            error = e
        ),
    }
}

/// What to do when the installer did not start.
pub fn not_started_hint() -> crate::ui::catalog::Line {
    message!("export-supervise-token-file-removed-hint")
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
            t!("cmd-export-why-exited", code = code)
        }
        WipeReason::Signal(s) => t!(
            "cmd-export-why-signal",
            signal = crate::ui::words::signal(s),
            code = code
        ),
        WipeReason::Ttl => t!("cmd-export-why-ttl", code = code),
        WipeReason::Read => t!("cmd-export-why-read", code = code),
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
