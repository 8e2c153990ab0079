//! File-system failures ([`crate::fsutil`]) in words, with what to do.

use std::path::Path;

use super::{Explain, Said};
use crate::fsutil::{Action, FsError};

/// `bytes` as people read a size: KiB or MiB, in the user's language.
pub fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        t!("fsutil-size-mib", size = bytes / (1024 * 1024))
    } else {
        t!("fsutil-size-kib", size = bytes.div_ceil(1024))
    }
}

/// What was being done, as the verb of "could not … PATH".
pub fn action_text(action: Action) -> String {
    match action {
        Action::Read => t!("fs-action-read"),
        Action::Remove => t!("fs-action-remove"),
        Action::Inspect => t!("fs-action-inspect"),
        Action::Create => t!("fs-action-create"),
        Action::Write => t!("fs-action-write"),
        Action::Lock => t!("fs-action-lock"),
        Action::Replace => t!("fs-action-replace"),
        Action::Open => t!("fs-action-open"),
        Action::OpenLock => t!("fs-action-open-lock"),
        Action::Encrypt => t!("fs-action-encrypt"),
        Action::CreateFolder => t!("fs-action-create-folder"),
        Action::SyncFolder => t!("fs-action-sync-folder"),
        Action::Rename => t!("fs-action-rename"),
        Action::OpenFolder => t!("fs-action-open-folder"),
        Action::CreateTemp => t!("fs-action-create-temp"),
        Action::HandOver => t!("fs-action-hand-over"),
    }
}

impl Explain for FsError {
    fn explain(&self) -> Said {
        let mode = |mode: &u32| format!("{:03o}", mode & 0o777);
        match self {
            FsError::Io {
                action,
                path,
                source,
            } => {
                let said = Said::new(t!(
                    "fsutil-io-failed",
                    action = action_text(*action),
                    path = path.display(),
                    source = crate::ui::io_text(source)
                ));
                let hint = if self.is_no_space() {
                    Some(t!("error-no-space-hint"))
                } else if self.is_not_found() {
                    Some(t!("error-not-found-hint"))
                } else if source.kind() == std::io::ErrorKind::PermissionDenied {
                    Some(permission_hint(path))
                } else {
                    None
                };
                match hint {
                    Some(h) => said.hint(h),
                    None => said,
                }
            }
            FsError::TooOpen { path, mode: m } if m & 0o022 != 0 => Said::new(t!(
                "fsutil-writable-by-others",
                path = path.display(),
                mode = mode(m)
            ))
            .hint(t!("error-too-open-hint", path = path.display())),
            FsError::TooOpen { path, mode: m } => {
                Said::new(t!("fsutil-too-open", path = path.display(), mode = mode(m)))
                    .hint(t!("error-too-open-hint", path = path.display()))
            }
            FsError::NotRegular(path) => Said::new(t!("fsutil-not-regular", path = path.display()))
                .hint(t!("error-not-regular-file-hint")),
            FsError::TooLarge { path, limit } => Said::new(t!(
                "fsutil-too-large",
                path = crate::text::shown_path(path),
                limit = size_text(*limit)
            ))
            .hint(t!("error-too-large-hint")),
        }
    }
}

/// The hint for a "permission denied" on `path`: whose the file (or the
/// folder that closed the way) is, and, when root took it, the `chown`
/// that gives it back. Never "run doctor": that is where doctor sends.
fn permission_hint(path: &Path) -> String {
    let Some((blocking, owner)) = crate::owner::blocking_owner(path) else {
        return t!("error-permission-on-own-file", path = path.display());
    };
    let me = crate::owner::Owner::of_uid(crate::owner::me());
    if owner.uid == 0 {
        t!(
            "error-file-belongs-to-root",
            path = blocking.display(),
            owner = owner.label(),
            user = me.chown_user()
        )
    } else {
        t!(
            "error-file-belongs-to-other",
            path = blocking.display(),
            owner = owner.label(),
            user = owner.sudo_user()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fsutil::{MAX_INDEX_FILE, MAX_SECRET_FILE};
    use crate::ui::lang::{Lang, with};

    #[test]
    fn sizes_are_said_in_kib_or_mib() {
        with(Lang::En, || {
            assert_eq!(size_text(MAX_SECRET_FILE), "64 KiB");
            assert_eq!(size_text(MAX_INDEX_FILE), "256 MiB");
        });
    }

    /// Every action has its own words in both languages (the compiler
    /// holds the match whole; this holds the catalogs to it).
    #[test]
    fn every_action_is_worded_in_russian() {
        use Action::*;
        for a in [
            Read,
            Remove,
            Inspect,
            Create,
            Write,
            Lock,
            Replace,
            Open,
            OpenLock,
            Encrypt,
            CreateFolder,
            SyncFolder,
            Rename,
            OpenFolder,
            CreateTemp,
            HandOver,
        ] {
            let en = with(Lang::En, || action_text(a));
            let ru = with(Lang::Ru, || action_text(a));
            assert_ne!(en, ru, "{a:?}");
        }
    }
}
