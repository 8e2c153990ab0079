//! One export, start to end: the checks that cost nothing before the
//! unlock, the unlock, the agent held off, the journal record, the token
//! file, the supervised installer, the wipe, the journal record removed,
//! and the search for copies. [`run`] carries it out from a [`Plan`] (what
//! the command line asked) and a [`Source`] (where the value comes from);
//! what the person must see while it runs is handed out as [`Step`]s, the
//! rest comes back as a [`Report`]. No word is made here.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use jiff::Timestamp;

use super::ExportError;
use super::confine::{Sandbox, User};
use super::journal::{self, Journal, Record};
use super::supervise::{self, NotStarted, Waiting, WipeReason};
use super::tokenfile::{self, Copies, CutShort, IfBusy, InstallerProblem, TokenFile, Wiped};
use crate::entry::{Expiry, Meta};
use crate::fsutil::FsError;
use crate::secret::Secret;

/// What the command line asked for: plain data.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The entry to export.
    pub entry: String,
    /// The folder to write into (made absolute by [`run`]).
    pub dir: PathBuf,
    /// The token file's name in it.
    pub file: String,
    /// The installer to run, or Enter to wait for (`--wait`).
    pub waiting: Waiting,
    /// chopvault's state folder (the journal, the locks, `--if-changed`).
    pub state_dir: PathBuf,
    /// `--ttl`.
    pub ttl: Option<Duration>,
    /// `--remove-after-read`.
    pub remove_after_read: bool,
    /// `--newline`.
    pub newline: bool,
    /// `--replace`.
    pub replace: bool,
    /// `--no-wait`.
    pub no_wait: bool,
    /// `--allow-expired`.
    pub allow_expired: bool,
    /// `--if-changed`.
    pub if_changed: bool,
    /// `--env VAR`.
    pub env: Option<String>,
    /// `--keep-env VAR`…
    pub keep_env: Vec<String>,
    /// `--allow-agent`.
    pub allow_agent: bool,
    /// `--as-user USER`.
    pub as_user: Option<String>,
    /// `--sandbox`.
    pub sandbox: bool,
}

/// Where the value comes from. Its failures are the caller's own error
/// type, which the export's failures convert into.
pub trait Source {
    /// The caller's error.
    type Error: From<ExportError>;
    /// What a fresh index says of `name`, unlocking nothing: `None` when
    /// there is no index to trust, `Some(None)` when it does not list it.
    fn indexed(&mut self, name: &str) -> Result<Option<Option<Meta>>, Self::Error>;
    /// The value of `name`: unlocks the vault.
    fn unlock(&mut self, name: &str) -> Result<Secret, Self::Error>;
}

/// Something the person should see at the moment it happens (the rest is
/// in the [`Report`]).
#[derive(Debug)]
pub enum Step<'a> {
    /// The token expires within the warning window.
    ExpiresSoon {
        /// The entry.
        name: &'a str,
        /// Days left.
        days: i64,
        /// The expiry date, if known.
        at: Option<Timestamp>,
    },
    /// Something about the folder worth a warning (before the file is
    /// written).
    Preflight(&'a tokenfile::Warning),
    /// Another export is writing the same file: this one waits for it.
    Busy {
        /// The token file.
        target: &'a Path,
    },
    /// `--wait`: the file is in place; Enter (or a signal) removes it.
    InPlace {
        /// The token file.
        target: &'a Path,
    },
    /// The file was removed while the installer goes on (`--ttl`,
    /// `--remove-after-read`).
    RemovedEarly {
        /// The token file.
        target: &'a Path,
        /// [`WipeReason::Ttl`] or [`WipeReason::Read`].
        reason: WipeReason,
    },
    /// The installer could not be started (the file is wiped).
    NotStarted {
        /// The installer's program.
        program: &'a Path,
        /// Why.
        why: &'a NotStarted,
    },
    /// The installer is done and the file is gone; the search for copies
    /// comes next.
    Over(&'a Over),
}

/// What happened.
#[derive(Debug)]
pub struct Report {
    /// The fingerprint of the value exported (none when nothing was
    /// unlocked).
    pub fingerprint: Option<String>,
    /// How it ended.
    pub ended: Ended,
}

/// How an export ended (its failures are errors).
#[derive(Debug)]
pub enum Ended {
    /// The installer cannot be started: nothing was unlocked or written.
    NotStartable {
        /// The installer's program.
        program: PathBuf,
        /// Why.
        problem: InstallerProblem,
    },
    /// `--if-changed`: this host last installed this very token here; the
    /// installer was not run, nothing was written.
    Unchanged,
    /// The file was written, the installer ran (or Enter was pressed), the
    /// file is gone.
    Ran {
        /// The run.
        over: Box<Over>,
        /// The search of the folder for copies of the token.
        copies: Copies,
    },
}

/// The run, once the file is gone.
#[derive(Debug)]
pub struct Over {
    /// The installer's exit code (128 + N for a signal; 0 for Enter).
    pub code: i32,
    /// The folder written into (absolute).
    pub dir: PathBuf,
    /// The token file.
    pub target: PathBuf,
    /// Why it was wiped.
    pub reason: WipeReason,
    /// Where things stood when it was wiped.
    pub wiped: Wiped,
    /// When it was written.
    pub written: Timestamp,
    /// When it was wiped.
    pub removed: Timestamp,
    /// How long the installer ran.
    pub lived: Duration,
    /// `--if-changed` could not note what was installed (the next run
    /// installs again, which is safe).
    pub not_remembered: Option<FsError>,
    /// The installer failed and ran in this folder, not in DIR: it may
    /// have looked for the token file beside itself.
    pub ran_in: Option<PathBuf>,
    /// The path no longer led to the folder written into (renamed away or
    /// swapped): the wipe reached the file all the same, nothing else was
    /// touched, no copy was searched for.
    pub folder_replaced: bool,
}

impl Over {
    /// Whether the token file's name was taken away during the run.
    pub fn name_taken(&self) -> bool {
        matches!(self.wiped, Wiped::NameChanged { .. })
    }

    /// The code scripts see: the installer's, but never 0 when the name
    /// was taken from under the export.
    pub fn exit_code(&self) -> i32 {
        if self.name_taken() && self.code == 0 {
            1
        } else {
            self.code
        }
    }
}

impl Report {
    /// The exit code chopvault ends with.
    pub fn exit_code(&self) -> u8 {
        match &self.ended {
            Ended::NotStartable { problem, .. } => problem.code(),
            Ended::Unchanged => 0,
            Ended::Ran { over, .. } => u8::try_from(over.exit_code()).unwrap_or(1),
        }
    }
}

/// Runs one export. Steps the person should see as they happen go to
/// `step`; the caller's failures (the unlock's) come back as they are,
/// the export's own as `S::Error::from(ExportError)`.
pub fn run<S: Source>(
    plan: &Plan,
    source: &mut S,
    step: &mut dyn FnMut(Step<'_>),
) -> Result<Report, S::Error> {
    // Files holding the token and modified before this are not the installer's copies.
    let began = std::time::SystemTime::now();
    let name = plan.entry.as_str();
    if !plan.dir.is_dir() {
        return Err(ExportError::NoFolder(plan.dir.clone()).into());
    }
    let dir = std::path::absolute(&plan.dir).unwrap_or_else(|_| plan.dir.clone());
    let target = dir.join(&plan.file);
    let state_dir = plan.state_dir.as_path();

    // Cheap checks before the unlock, so nobody types a passphrase for an
    // export that cannot happen: the entry (from a fresh index), the
    // installer, the target.
    // An unknown entry, or an expired token (the installer would fail
    // later, far from the cause), is refused; within the warning window, a
    // warning. From a fresh index only, read once.
    let indexed = source.indexed(name)?;
    if matches!(indexed, Some(None)) {
        return Err(ExportError::NotFound(name.to_owned()).into());
    }
    if let Some(Some(meta)) = indexed {
        match meta.expiry(Timestamp::now(), crate::entry::WARN_DAYS) {
            Expiry::Expired(days) if !plan.allow_expired => {
                return Err(ExportError::Expired {
                    name: name.to_owned(),
                    days,
                }
                .into());
            }
            Expiry::Soon(days) => step(Step::ExpiresSoon {
                name,
                days,
                at: meta.expires_at,
            }),
            _ => {}
        }
    }
    if let Waiting::Command(argv) = &plan.waiting
        && let Some(program) = argv.first()
        && let Some(problem) = tokenfile::installer_problem(program)
    {
        return Ok(Report {
            fingerprint: None,
            ended: Ended::NotStartable {
                program: PathBuf::from(program),
                problem,
            },
        });
    }
    // Who runs the installer, and what it sees: settled before the
    // unlock, so an impossible --as-user or --sandbox asks for nothing.
    let user = plan
        .as_user
        .as_deref()
        .map(User::for_installer)
        .transpose()?;
    if let Some(user) = &user {
        user.can_reach(&dir)?;
    }
    let sandbox = if plan.sandbox {
        Some(Sandbox::prepare(user.as_ref(), &agent_folders())?)
    } else {
        None
    };
    // A live export's file at the target is not an obstacle: the lock
    // below waits for that export to end (or refuses, with --no-wait).
    let live = Journal::new(state_dir)
        .in_progress()
        .iter()
        .any(|r| r.path == target);
    if !live {
        check_target(&target, plan.replace)?;
    } else if plan.no_wait {
        return Err(ExportError::Busy(target).into());
    }

    // Unlock first: a wrong passphrase must not leave anything behind.
    let value = source.unlock(name)?;
    let fingerprint = value.fingerprint();
    // --if-changed: what this host last installed for this target, by
    // fingerprint (the token itself is never kept).
    let last_export = plan
        .if_changed
        .then(|| last_export_file(state_dir, name, &target));
    if let Some(file) = &last_export
        && std::fs::read_to_string(file).ok().as_deref().map(str::trim) == Some(&fingerprint)
    {
        return Ok(Report {
            fingerprint: Some(fingerprint),
            ended: Ended::Unchanged,
        });
    }
    // From here until the export ends, a running agent refuses the
    // installer and everything it starts (the guard holds the request).
    let _held_off = if plan.allow_agent {
        None
    } else {
        crate::agent::hold_off_installer().map_err(ExportError::HoldOff)?
    };

    for warning in tokenfile::preflight(&dir, &plan.file) {
        step(Step::Preflight(&warning));
    }

    let journal = Journal::new(state_dir);
    // Ending signals are caught before the file exists: a TERM that lands
    // between writing it and supervising the installer still wipes it.
    let caught = supervise::Caught::now()?;
    let me = std::process::id();
    let temp = tokenfile::temp_name(&plan.file);
    let record = journal
        .begin(&Record {
            path: target.clone(),
            temp: Some(dir.join(&temp)),
            pid: me,
            pid_start: journal::start_time(me),
            fingerprint: fingerprint.clone(),
            entry: name.to_owned(),
            created: Timestamp::now(),
            size: Some(value.expose().len() as u64 + u64::from(plan.newline)),
            host: Some(journal::Host::current()),
        })
        .map_err(ExportError::from)?;
    let created = TokenFile::create(
        &dir,
        &plan.file,
        &temp,
        &value,
        plan.newline,
        plan.replace,
        &state_dir.join("export-locks"),
        if plan.no_wait {
            IfBusy::Refuse
        } else {
            IfBusy::Wait
        },
        &mut || step(Step::Busy { target: &target }),
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
    if plan.waiting == Waiting::Enter {
        step(Step::InPlace { target: &target });
    }
    let supervised = supervise::Plan {
        waiting: plan.waiting.clone(),
        env: plan.env.as_deref().map(|v| (v, &value)),
        keep_env: &plan.keep_env,
        user: user.as_ref(),
        sandbox: sandbox.as_ref(),
        token_path: &target,
        ttl: plan.ttl,
        remove_after_read: plan.remove_after_read,
    };
    let result = supervise::run(supervised, caught, &mut |reason| {
        match token_file.wipe() {
            Ok(how) => removed = Some((Timestamp::now(), reason, how)),
            Err(e) => wipe_error = Some(e),
        }
        if matches!(reason, WipeReason::Ttl | WipeReason::Read) {
            step(Step::RemovedEarly {
                target: &target,
                reason,
            });
        }
    });
    let lived = started.elapsed();
    let finished = match result {
        Ok(finished) => finished,
        Err(e) => {
            // Supervision failed before or while running: still wipe.
            let _ = token_file.wipe();
            let _ = record.finish();
            return Err(e.into());
        }
    };
    if let (Some(why), Waiting::Command(argv)) = (&finished.not_started, &plan.waiting)
        && let Some(program) = argv.first()
    {
        step(Step::NotStarted {
            program: Path::new(program),
            why,
        });
    }
    let code = finished.code;
    if let Some(e) = wipe_error {
        // Keep the journal record: `chopvault cleanup` retries.
        return Err(ExportError::NotWiped {
            path: target,
            code,
            error: Box::new(e),
        }
        .into());
    }
    record.finish().map_err(ExportError::from)?;
    let not_remembered = match &last_export {
        Some(file) if code == 0 => remember_export(file, &fingerprint).err(),
        _ => None,
    };
    let (removed_at, reason, how) = removed.expect("wiped before returning");
    let folder_replaced = token_file.folder_replaced();
    drop(panic_guard);
    drop(token_file);
    // The installer runs in chopvault's own folder (its relative paths,
    // and the person's, mean what they meant on the command line). When
    // it fails there and that is not DIR, it may have looked for the token
    // beside itself: the report says where it ran.
    let ran_in = std::env::current_dir()
        .ok()
        .filter(|here| code != 0 && !same_folder(here, &dir));
    let over = Over {
        code,
        dir,
        target,
        reason,
        wiped: how,
        written,
        removed: removed_at,
        lived,
        not_remembered,
        ran_in,
        folder_replaced,
    };
    step(Step::Over(&over));

    // The installer is done and the file is gone; the signal handling of
    // the run is over. A signal that would end chopvault now only cuts the
    // copy search short (the export is still logged), instead of being
    // swallowed for up to 3 s.
    let stop = Arc::new(AtomicBool::new(false));
    let hooks: Vec<_> = supervise::ENDING
        .into_iter()
        .filter_map(|sig| signal_hook::flag::register(sig, Arc::clone(&stop)).ok())
        .collect();
    // After a swap the path leads somewhere else: search nothing there.
    let copies = if over.folder_replaced {
        Copies {
            found: Vec::new(),
            older: Vec::new(),
            cut_short: Some(CutShort::Limit),
        }
    } else {
        tokenfile::find_copies(&over.dir, &value, &stop, Some(began))
    };
    for hook in hooks {
        signal_hook::low_level::unregister(hook);
    }
    Ok(Report {
        fingerprint: Some(fingerprint),
        ended: Ended::Ran {
            over: Box::new(over),
            copies,
        },
    })
}

/// The folders where the agent's socket may be, hidden by `--sandbox`.
fn agent_folders() -> Vec<PathBuf> {
    let mut dirs = vec![
        crate::agent::socket_dir(),
        PathBuf::from(format!(
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
fn check_target(target: &Path, replace: bool) -> Result<(), ExportError> {
    match std::fs::symlink_metadata(target) {
        Err(_) => Ok(()),
        Ok(m) if m.file_type().is_symlink() => Err(ExportError::Symlink(target.to_path_buf())),
        Ok(_) if replace => Ok(()),
        Ok(_) => Err(ExportError::Exists(target.to_path_buf())),
    }
}

/// Where `--if-changed` keeps the fingerprint of the token last installed
/// for this entry at this target.
fn last_export_file(state_dir: &Path, name: &str, target: &Path) -> PathBuf {
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
fn remember_export(file: &Path, fingerprint: &str) -> Result<(), FsError> {
    crate::fsutil::ensure_private_dir(crate::fsutil::parent_of(file))
        .and_then(|()| crate::fsutil::atomic_write(file, format!("{fingerprint}\n").as_bytes()))
}

/// Whether two paths are the same folder (by device and inode).
fn same_folder(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::fingerprint_of;

    /// A source that knows one token (and what an index says of it).
    struct Given {
        indexed: Option<Option<Meta>>,
        token: &'static [u8],
        unlocked: usize,
    }

    impl Source for Given {
        type Error = ExportError;
        fn indexed(&mut self, _name: &str) -> Result<Option<Option<Meta>>, ExportError> {
            Ok(self.indexed.clone())
        }
        fn unlock(&mut self, _name: &str) -> Result<Secret, ExportError> {
            self.unlocked += 1;
            Ok(Secret::parse(self.token).expect("a token"))
        }
    }

    fn plan(dir: &Path, state: &Path, installer: &str) -> Plan {
        Plan {
            entry: "yd".into(),
            dir: dir.to_path_buf(),
            file: "token.txt".into(),
            waiting: Waiting::Command(vec!["sh".into(), "-c".into(), installer.into()]),
            state_dir: state.to_path_buf(),
            ttl: None,
            remove_after_read: false,
            newline: false,
            replace: false,
            no_wait: true,
            allow_expired: false,
            if_changed: true,
            env: None,
            keep_env: Vec::new(),
            // A test must not ask the user's own agent for anything.
            allow_agent: true,
            as_user: None,
            sandbox: false,
        }
    }

    /// The protocol needs no words: a plan and a source give facts, and
    /// the file is gone when it returns.
    #[test]
    fn an_export_comes_back_as_facts() {
        let dir = tempfile::tempdir().unwrap();
        let state = tempfile::tempdir().unwrap();
        let target = dir.path().join("token.txt");
        let mut source = Given {
            indexed: None,
            token: b"y0_facts",
            unlocked: 0,
        };
        // The installer sees the token, and copies it beside the file.
        let installer = r#"test "$(cat "$CHOPVAULT_TOKEN_FILE")" = y0_facts && cp "$CHOPVAULT_TOKEN_FILE" "${CHOPVAULT_TOKEN_FILE%/*}/copy" && exit 3"#;
        let mut overs = 0;
        let report = run(
            &plan(dir.path(), state.path(), installer),
            &mut source,
            &mut |step| {
                if let Step::Over(over) = step {
                    overs += 1;
                    assert_eq!(over.code, 3);
                }
            },
        )
        .unwrap();
        assert_eq!(overs, 1);
        assert_eq!(report.exit_code(), 3);
        assert_eq!(report.fingerprint, Some(fingerprint_of(b"y0_facts")));
        let Ended::Ran { over, copies } = &report.ended else {
            panic!("{report:?}");
        };
        assert_eq!(over.target, target);
        assert_eq!(over.wiped, Wiped::Removed);
        assert_eq!(over.reason, WipeReason::Finished);
        assert!(over.not_remembered.is_none());
        assert_eq!(copies.found, vec![dir.path().join("copy")]);
        assert!(!target.exists());
        assert!(Journal::new(state.path()).records().is_empty());

        // --if-changed remembers only a successful install.
        std::fs::remove_file(dir.path().join("copy")).unwrap();
        let ok = plan(dir.path(), state.path(), "true");
        assert_eq!(run(&ok, &mut source, &mut |_| {}).unwrap().exit_code(), 0);
        let again = run(&ok, &mut source, &mut |_| {}).unwrap();
        assert!(matches!(again.ended, Ended::Unchanged), "{again:?}");
        assert_eq!(source.unlocked, 3);
    }

    /// What costs nothing is checked before the unlock.
    #[test]
    fn nothing_is_unlocked_for_an_export_that_cannot_happen() {
        let dir = tempfile::tempdir().unwrap();
        let state = tempfile::tempdir().unwrap();
        let mut unknown = Given {
            indexed: Some(None),
            token: b"y0_t",
            unlocked: 0,
        };
        let p = plan(dir.path(), state.path(), "true");
        assert!(matches!(
            run(&p, &mut unknown, &mut |_| {}),
            Err(ExportError::NotFound(name)) if name == "yd"
        ));
        let mut known = Given {
            indexed: None,
            ..unknown
        };
        let mut missing = p.clone();
        missing.waiting = Waiting::Command(vec!["./no-such-installer".into()]);
        let report = run(&missing, &mut known, &mut |_| {}).unwrap();
        assert!(matches!(
            report.ended,
            Ended::NotStartable {
                problem: InstallerProblem::NotFound,
                ..
            }
        ));
        assert_eq!(report.exit_code(), 127);
        std::fs::write(dir.path().join("token.txt"), b"old").unwrap();
        assert!(matches!(
            run(&p, &mut known, &mut |_| {}),
            Err(ExportError::Exists(_))
        ));
        assert_eq!(known.unlocked, 0);
    }
}
