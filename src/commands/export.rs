//! `chopvault export NAME [--dir DIR] -- INSTALLER…`: the token file exists
//! only while the installer runs. The mechanics are in `crate::export`.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use jiff::Timestamp;
use serde_json::json;

use super::Outcome;
use crate::cli::ExportArgs;
use crate::context::Context;
use crate::entry::Expiry;
use crate::error::Error;
use crate::export::ExportError;
use crate::export::confine::{Sandbox, User};
use crate::export::journal::{self, Journal, Record};
use crate::export::supervise::{self, Plan, Waiting, WipeReason};
use crate::export::tokenfile::{self, CutShort, IfBusy, TokenFile, Wiped};
use crate::store::{Remedy, StoreError};

/// Runs `export`.
pub fn run(ctx: &Context, args: &ExportArgs) -> Result<Outcome, Error> {
    // Files holding the token and modified before this are not the installer's copies.
    let began = std::time::SystemTime::now();
    let ttl = args.ttl;
    let dir = args.dir.clone().ok_or_else(|| no_folder(&args.name))?;
    if !dir.is_dir() {
        return Err(ExportError::NoFolder(dir).into());
    }
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    let target = dir.join(&args.file);
    let state_dir = ctx.paths()?.state_dir.clone();

    // Cheap checks before the unlock, so nobody types a passphrase for an
    // export that cannot happen: the entry (from a fresh index), the
    // installer, the target.
    let spec = ctx.store_spec()?;
    // An unknown entry, or an expired token (the installer would fail
    // later, far from the cause), is refused; within the warning window, a
    // warning. From a fresh index only, read once.
    let indexed = spec.fresh_entry(&args.name);
    if matches!(indexed, Some(None)) {
        return Err(StoreError::NotFound(args.name.clone()).into());
    }
    if let Some(Some(meta)) = indexed {
        match meta.expiry(Timestamp::now(), crate::entry::WARN_DAYS) {
            Expiry::Expired(days) if !args.allow_expired => {
                return Err(Error::Expired {
                    name: args.name.clone(),
                    days,
                });
            }
            Expiry::Soon(days) => say!(
                "cmd-export-warning-token-expires-days",
                name = args.name,
                days = days,
                value = meta.expires_at.map(super::day).unwrap_or_default(),
                name2 = args.name
            ),
            _ => {}
        }
    }
    if !args.wait
        && let Some(program) = args.command.first()
        && let Some((code, why)) = tokenfile::installer_problem(program)
    {
        say!(
            "cmd-export-error-installer",
            value = crate::text::shown_path(Path::new(program)),
            why = why
        );
        say!("cmd-export-hint-nothing-was-written");
        return Ok(Outcome {
            code,
            fingerprint: None,
            log: true,
            detail: None,
        });
    }
    // Who runs the installer, and what it sees: settled before the
    // unlock, so an impossible --as-user or --sandbox asks for nothing.
    let user = args
        .as_user
        .as_deref()
        .map(User::for_installer)
        .transpose()?;
    if let Some(user) = &user {
        user.can_reach(&dir)?;
    }
    let sandbox = if args.sandbox {
        Some(Sandbox::prepare(user.as_ref(), &agent_folders())?)
    } else {
        None
    };
    // A live export's file at the target is not an obstacle: the lock
    // below waits for that export to end (or refuses, with --no-wait).
    let live = Journal::new(&state_dir)
        .in_progress()
        .iter()
        .any(|r| r.path == target);
    if !live {
        check_target(&target, args.replace)?;
    } else if args.no_wait {
        return Err(ExportError::Busy(target).into());
    }

    // Unlock first: a wrong passphrase must not leave anything behind.
    let value = spec.open()?.get(&args.name)?;
    let fingerprint = value.fingerprint();
    // --if-changed: what this host last installed for this target, by
    // fingerprint (the token itself is never kept).
    let last_export = args
        .if_changed
        .then(|| last_export_file(&state_dir, &args.name, &target));
    if let Some(file) = &last_export
        && std::fs::read_to_string(file).ok().as_deref().map(str::trim) == Some(&fingerprint)
    {
        say!(
            "cmd-export-unchanged",
            name = args.name,
            fingerprint = fingerprint
        );
        return Ok(Outcome {
            code: 0,
            fingerprint: Some(fingerprint),
            log: true,
            detail: Some(json!({ "unchanged": true })),
        });
    }
    // From here until the export ends, a running agent refuses the
    // installer and everything it starts (the guard holds the request).
    let _held_off = if args.allow_agent {
        None
    } else {
        crate::agent::hold_off_installer().map_err(|e| StoreError::Unavailable {
            why: t!("cmd-export-agent-cannot-hold-off", e = e.to_string()).into(),
            hint: Remedy::Advice(t!("cmd-export-agent-cannot-hold-off-hint")),
        })?
    };

    for warning in tokenfile::preflight(&dir, &args.file) {
        say!("cmd-export-warning", warning = warning);
    }

    let journal = Journal::new(&state_dir);
    // Ending signals are caught before the file exists: a TERM that lands
    // between writing it and supervising the installer still wipes it.
    let caught = supervise::Caught::now()?;
    let me = std::process::id();
    let temp = tokenfile::temp_name(&args.file);
    let record = journal.begin(&Record {
        path: target.clone(),
        temp: Some(dir.join(&temp)),
        pid: me,
        pid_start: journal::start_time(me),
        fingerprint: fingerprint.clone(),
        entry: args.name.clone(),
        created: Timestamp::now(),
        size: Some(value.expose().len() as u64 + u64::from(args.newline)),
        host: Some(journal::Host::current()),
    })?;
    let created = TokenFile::create(
        &dir,
        &args.file,
        &temp,
        &value,
        args.newline,
        args.replace,
        &state_dir.join("export-locks"),
        if args.no_wait {
            IfBusy::Refuse
        } else {
            IfBusy::Wait
        },
        &mut || {
            say!(
                "cmd-export-another-export-using-waiting",
                target = crate::text::shown_path(&target)
            );
        },
    );
    let mut token_file = match created {
        Ok(f) => f,
        Err(e) => {
            let _ = record.finish();
            return Err(e.into());
        }
    };
    if let Some(user) = &user
        && let Err(e) = token_file.give_to(user.uid, user.gid)
    {
        let _ = token_file.wipe();
        let _ = record.finish();
        return Err(e.into());
    }
    let panic_guard = token_file.arm_panic_wipe();
    let written = Timestamp::now();
    let started = std::time::Instant::now();

    let mut removed: Option<(Timestamp, WipeReason, Wiped)> = None;
    let mut wipe_error = None;
    let plan = Plan {
        waiting: if args.wait {
            say!(
                "cmd-export-place-press-enter-ctrl",
                target = crate::text::shown_path(&target)
            );
            Waiting::Enter
        } else {
            Waiting::Command(args.command.clone())
        },
        env: args.env.as_deref().map(|v| (v, &value)),
        keep_env: &args.keep_env,
        user: user.as_ref(),
        sandbox: sandbox.as_ref(),
        token_path: &target,
        ttl,
        remove_after_read: args.remove_after_read,
    };
    let result = supervise::run(plan, caught, &mut |reason| {
        match token_file.wipe() {
            Ok(how) => removed = Some((Timestamp::now(), reason, how)),
            Err(e) => wipe_error = Some(e),
        }
        if matches!(reason, WipeReason::Ttl | WipeReason::Read) {
            say!(
                "cmd-export-removed-installer-goes",
                target = crate::text::shown_path(&target),
                value = if reason == WipeReason::Ttl {
                    t!("cmd-export-reason-ttl")
                } else {
                    t!("cmd-export-reason-read")
                }
            );
        }
    });
    let lived = started.elapsed();
    let code = match result {
        Ok(code) => code,
        Err(e) => {
            // Supervision failed before or while running: still wipe.
            let _ = token_file.wipe();
            let _ = record.finish();
            return Err(e.into());
        }
    };
    if let Some(e) = wipe_error {
        // Keep the journal record: `chopvault cleanup` retries.
        say!("cmd-export-installer-exited", code = code);
        return Err(Error::NotWiped {
            path: target.clone(),
            error: e.to_string(),
        });
    }
    record.finish()?;
    if code == 0
        && let Some(file) = &last_export
    {
        remember_export(file, &fingerprint);
    }
    let (removed_at, reason, how) = removed.expect("wiped before returning");
    let folder_replaced = token_file.folder_replaced();
    drop(panic_guard);
    drop(token_file);
    let why = match reason {
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
    };
    match &how {
        Wiped::Removed => say!(
            "cmd-export-removed",
            path = crate::text::shown_path(&target),
            why = why,
            elapsed = crate::ui::words::duration(lived)
        ),
        Wiped::NameChanged { moved, planted } => {
            say!("cmd-export-installer-exited", code = code);
            say!(
                "cmd-export-error-was-taken-away",
                target = crate::text::shown_path(&target),
                value = if *moved {
                    t!("cmd-export-moved")
                } else {
                    t!("cmd-export-deleted")
                },
                value2 = if *planted {
                    t!("cmd-export-not-ours")
                } else {
                    t!("cmd-export-nothing-there")
                }
            );
            say!("cmd-export-hint-check-what-installer");
        }
    }
    // The installer runs in chopvault's own folder (its relative paths,
    // and the person's, mean what they meant on the command line). When
    // it fails there and that is not DIR, it may have looked for the token
    // beside itself: say where it ran.
    if code != 0
        && let Ok(here) = std::env::current_dir()
        && !same_folder(&here, &dir)
    {
        say!(
            "cmd-export-installer-ran-in",
            here = here.display(),
            dir = dir.display()
        );
    }
    if folder_replaced {
        say!(
            "cmd-export-warning-was-replaced-during",
            dir = crate::text::shown_path(&dir)
        );
    }

    // The installer is done and the file is gone; the signal handling of
    // the run is over. A signal that would end chopvault now only cuts the
    // copy search short (the export is still logged), instead of being
    // swallowed for up to 3 s.
    let stop = Arc::new(AtomicBool::new(false));
    let hooks: Vec<_> = crate::export::supervise::ENDING
        .into_iter()
        .filter_map(|sig| signal_hook::flag::register(sig, Arc::clone(&stop)).ok())
        .collect();
    // After a swap the path leads somewhere else: search nothing there.
    let copies = if folder_replaced {
        tokenfile::Copies {
            found: Vec::new(),
            older: Vec::new(),
            cut_short: Some(CutShort::Limit),
        }
    } else {
        tokenfile::find_copies(&dir, &value, &stop, Some(began))
    };
    for hook in hooks {
        signal_hook::low_level::unregister(hook);
    }
    match copies.cut_short {
        Some(CutShort::Limit) => say!(
            "cmd-export-note-search-copies-token",
            dir = crate::text::shown_path(&dir)
        ),
        Some(CutShort::Interrupted) => {
            say!(
                "cmd-export-note-search-copies-token-2",
                dir = crate::text::shown_path(&dir)
            );
        }
        None => {}
    }
    for copy in &copies.found {
        say!(
            "cmd-export-warning-token-also-appears",
            fingerprint = fingerprint,
            copy = crate::text::shown_path(copy)
        );
    }
    for copy in &copies.older {
        say!(
            "cmd-export-warning-token-also-appears-2",
            fingerprint = fingerprint,
            copy = crate::text::shown_path(copy)
        );
    }
    // The installer's code, unless the name was taken from under us: then
    // never 0, so scripts notice.
    let name_changed = matches!(how, Wiped::NameChanged { .. });
    let code = if name_changed && code == 0 { 1 } else { code };
    Ok(Outcome {
        code: u8::try_from(code).unwrap_or(1),
        fingerprint: Some(fingerprint),
        log: true,
        detail: Some(json!({
            "dir": dir,
            "file": args.file,
            "installer_exit_code": code,
            "written": written.to_string(),
            "removed": removed_at.to_string(),
            "removed_because": reason.word(),
            "name_taken_away": name_changed,
            "folder_replaced": folder_replaced,
            "copies_found": copies.found,
            "copies_search_complete": copies.cut_short.is_none(),
        })),
    })
}

/// The folders where the agent's socket may be, hidden by `--sandbox`.
fn agent_folders() -> Vec<std::path::PathBuf> {
    let mut dirs = vec![
        crate::agent::socket_dir(),
        std::path::PathBuf::from(format!(
            "/tmp/chopvault-{}",
            rustix::process::getuid().as_raw()
        )),
    ];
    if let Some(named) = crate::agent::socket_path().parent() {
        dirs.push(named.to_path_buf());
    }
    dirs
}

/// An existing target is an error unless `--replace`; a symlink always is.
/// (Checked again, race-free, when the file is created.)
fn check_target(target: &Path, replace: bool) -> Result<(), Error> {
    match std::fs::symlink_metadata(target) {
        Err(_) => Ok(()),
        Ok(m) if m.file_type().is_symlink() => {
            Err(ExportError::Symlink(target.to_path_buf()).into())
        }
        Ok(_) if replace => Ok(()),
        Ok(_) => Err(ExportError::Exists(target.to_path_buf()).into()),
    }
}

/// Where `--if-changed` keeps the fingerprint of the token last installed
/// for this entry at this target.
fn last_export_file(state_dir: &Path, name: &str, target: &Path) -> std::path::PathBuf {
    let key = format!("{name}\0{}", target.display());
    let hash = crate::secret::fingerprint_of(key.as_bytes());
    let short: String = hash
        .trim_start_matches("sha256:")
        .chars()
        .take(16)
        .collect();
    state_dir.join("exported").join(short)
}

/// Records a successful install; failing to is only worth a warning (the
/// next run installs again, which is safe).
fn remember_export(file: &Path, fingerprint: &str) {
    let saved = crate::fsutil::ensure_private_dir(crate::fsutil::parent_of(file))
        .and_then(|()| crate::fsutil::atomic_write(file, format!("{fingerprint}\n").as_bytes()));
    if let Err(e) = saved {
        say!(
            "cmd-export-warning-cannot-remember",
            e = crate::say::Explain::explain(&e).text
        );
    }
}

/// No `--dir` and no CHOP_DEPLOY: when the current folder looks like the
/// unpacked CHOP_DEPLOY (its name, or an `install.sh` in it), the error
/// says `--dir .`, the one thing missing.
fn no_folder(name: &str) -> Error {
    let here = std::env::current_dir().ok();
    let looks = here.as_ref().is_some_and(|h| {
        h.file_name()
            .is_some_and(|n| n.eq_ignore_ascii_case("CHOP_DEPLOY"))
            || h.join("install.sh").is_file()
    });
    if looks {
        Error::Usage(t!("cmd-export-no-folder-here", name = name))
    } else {
        Error::Usage(t!("cmd-export-no-folder-write-into"))
    }
}

/// Whether two paths are the same folder (by device and inode).
fn same_folder(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => a == b,
    }
}
