//! Runs the installer (or waits for Enter) while the token file exists, and
//! decides when to wipe it: the child ends, a signal arrives, the TTL runs
//! out, or the installer has read the file once.
//!
//! Environment: the installer gets chopvault's environment less every
//! variable that unlocks a store ([`unlocks_a_store`]), so an installer's
//! crash dump or `env` log holds at most the one token it was given.
//!
//! Signals: every signal that would end chopvault by default and can be
//! caught ([`ENDING`]) wipes the file at once and is forwarded to the
//! installer once; chopvault then ends when the installer does. A
//! terminal's Ctrl-C or Ctrl-\ already reaches the installer (same process
//! group, so an interactive installer keeps its terminal); such a signal
//! comes from the kernel, and is therefore not forwarded a second time.
//! SIGPIPE is not among them: Rust ignores it, so it ends nothing. SIGKILL
//! cannot be caught: the journal and the next command's sweep cover it.

use std::ffi::OsString;
use std::io::BufRead;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use signal_hook::consts::{
    SIGALRM, SIGCHLD, SIGHUP, SIGINT, SIGPROF, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGVTALRM,
    SIGXCPU, SIGXFSZ,
};
use signal_hook::iterator::SignalsInfo;
use signal_hook::iterator::exfiltrator::origin::WithOrigin;
use signal_hook::low_level::siginfo::Cause;

use super::ExportError;
use super::confine::{Sandbox, User};
use crate::secret::Secret;

/// The catchable signals whose default action ends the process.
pub const ENDING: [i32; 11] = [
    SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGXCPU, SIGXFSZ,
    SIGPROF,
];

/// Why supervising the installer failed (the file is wiped all the same).
#[derive(Debug)]
pub enum Supervise {
    /// The signal handlers could not be installed.
    Signals(std::io::Error),
    /// Waiting for the installer failed.
    LostTrack(std::io::Error),
    /// inotify is not available (`--remove-after-read`).
    NoInotify(std::io::Error),
    /// The token file cannot be watched (`--remove-after-read`).
    CannotWatch(std::path::PathBuf, std::io::Error),
    /// `--remove-after-read` needs Linux (inotify).
    NeedsLinux,
}

/// Why the installer could not be started; the exit code is the one a
/// shell gives ([`NotStarted::code`]).
#[derive(Debug)]
pub enum NotStarted {
    /// No such program.
    NotFound,
    /// The program is not executable.
    NotExecutable,
    /// Starting it failed otherwise.
    Failed(std::io::Error),
}

impl NotStarted {
    /// 127 for a program not found, 126 otherwise, as a shell says.
    pub fn code(&self) -> i32 {
        match self {
            NotStarted::NotFound => 127,
            NotStarted::NotExecutable | NotStarted::Failed(_) => 126,
        }
    }
}

/// How the supervised run ended.
#[derive(Debug)]
pub struct Finished {
    /// The exit code chopvault should end with (the installer's, 128 + N
    /// for a signal, or [`NotStarted::code`]).
    pub code: i32,
    /// The installer could not be started, and why.
    pub not_started: Option<NotStarted>,
}

/// What keeps the file in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waiting {
    /// Run this command (program and arguments).
    Command(Vec<OsString>),
    /// Wait for Enter on stdin (or EOF) or a signal.
    Enter,
}

/// Why the file was wiped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WipeReason {
    /// The installer ended (or Enter was pressed).
    Finished,
    /// chopvault was told to stop by this signal.
    Signal(i32),
    /// `--ttl` ran out.
    Ttl,
    /// `--remove-after-read`: the installer read the file.
    Read,
    /// The installer could not be started.
    NotStarted,
}

impl WipeReason {
    /// A word for the event log.
    pub fn word(self) -> String {
        match self {
            WipeReason::Finished => "finished".into(),
            WipeReason::Signal(s) => format!("signal {s}"),
            WipeReason::Ttl => "ttl".into(),
            WipeReason::Read => "read".into(),
            WipeReason::NotStarted => "not-started".into(),
        }
    }
}

/// What the supervised run needs.
pub struct Plan<'a> {
    /// Command or Enter.
    pub waiting: Waiting,
    /// `--env VAR`: also hand the token to the installer in this variable.
    pub env: Option<(&'a str, &'a Secret)>,
    /// The token file (its path is given to the child as CHOPVAULT_TOKEN_FILE).
    pub token_path: &'a Path,
    /// `--ttl`.
    pub ttl: Option<Duration>,
    /// `--remove-after-read`.
    pub remove_after_read: bool,
    /// `--keep-env VAR`: variables handed on although they unlock a store.
    pub keep_env: &'a [String],
    /// `--as-user`: run the installer as this user, with its environment.
    pub user: Option<&'a User>,
    /// `--sandbox`: run the installer in this sandbox.
    pub sandbox: Option<&'a Sandbox>,
}

/// True for a variable that opens a store or holds the key to one: every
/// `CHOPVAULT_*` (identity, passphrase file, vault, config; the token file
/// is set anew for the child), and `BAO_*` / `VAULT_*` names that hold a
/// token. Addresses such as `BAO_ADDR` stay.
pub fn unlocks_a_store(name: &str) -> bool {
    name.starts_with("CHOPVAULT_")
        || ((name.starts_with("BAO_") || name.starts_with("VAULT_")) && name.contains("TOKEN"))
}

enum Msg {
    Signal { signal: i32, forward: bool },
    Enter,
    Read,
}

/// The ending signals, caught from now on: a signal that arrives before
/// [`run`] starts waits for it, and then wipes the file. Caught before the
/// token file is written, so that no moment exists where a TERM would end
/// chopvault with the file on disk.
pub struct Caught(SignalsInfo<WithOrigin>);

impl Caught {
    /// Installs the handlers.
    pub fn now() -> Result<Caught, ExportError> {
        SignalsInfo::<WithOrigin>::new(ENDING.iter().copied().chain([SIGCHLD]))
            .map(Caught)
            .map_err(|e| ExportError::Supervise(Supervise::Signals(e)))
    }
}

/// Runs the plan; `wipe` is called once, at the first reason to remove the
/// file. Returns the exit code chopvault should end with, and why the
/// installer did not start if it did not.
pub fn run(
    plan: Plan<'_>,
    caught: Caught,
    wipe: &mut dyn FnMut(WipeReason),
) -> Result<Finished, ExportError> {
    let (tx, rx) = mpsc::channel();
    // Handlers went in before the file and the child existed (`Caught`),
    // so no signal is missed.
    let mut signals = caught.0;
    let handle = signals.handle();
    let sig_tx = tx.clone();
    std::thread::spawn(move || {
        for origin in signals.forever() {
            // A kernel-sent INT/QUIT/HUP came from the terminal, which also
            // sent it to the installer (XCPU/XFSZ from the kernel concern
            // chopvault alone).
            let forward = !matches!(origin.cause, Cause::Kernel);
            if sig_tx
                .send(Msg::Signal {
                    signal: origin.signal,
                    forward,
                })
                .is_err()
            {
                break;
            }
        }
    });
    if plan.remove_after_read {
        watch_reads(plan.token_path, tx.clone())?;
    }
    // The installer's orphans are adopted by chopvault, not by init: a
    // process that double-forks stays below the export, where the agent
    // looks for the export's installer (`agent::hold_off_installer`).
    #[cfg(target_os = "linux")]
    let _ = rustix::process::set_child_subreaper(Some(rustix::process::getpid()));

    let mut child = match &plan.waiting {
        Waiting::Command(argv) => match spawn(argv, &plan) {
            Ok(child) => Some(child),
            Err(why) => {
                wipe(WipeReason::NotStarted);
                handle.close();
                return Ok(Finished {
                    code: why.code(),
                    not_started: Some(why),
                });
            }
        },
        Waiting::Enter => {
            let enter_tx = tx.clone();
            std::thread::spawn(move || {
                let mut line = String::new();
                let _ = std::io::stdin().lock().read_line(&mut line);
                let _ = enter_tx.send(Msg::Enter);
            });
            None
        }
    };
    drop(tx);

    let deadline = plan.ttl.map(|t| Instant::now() + t);
    let mut wiped = false;
    let mut do_wipe = |reason: WipeReason, wiped: &mut bool| {
        if !*wiped {
            *wiped = true;
            wipe(reason);
        }
    };
    let code = loop {
        if let Some(c) = child.as_mut() {
            match c.try_wait() {
                Ok(Some(status)) => break exit_code(status),
                Ok(None) => {}
                Err(e) => return Err(ExportError::Supervise(Supervise::LostTrack(e))),
            }
        }
        let msg = match deadline.filter(|_| !wiped) {
            Some(at) => match rx.recv_timeout(at.saturating_duration_since(Instant::now())) {
                Ok(m) => Some(m),
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    do_wipe(WipeReason::Ttl, &mut wiped);
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => None,
            },
            None => rx.recv().ok(),
        };
        match msg {
            Some(Msg::Signal { signal, .. }) if signal == SIGCHLD => {}
            Some(Msg::Signal { signal, forward }) => {
                do_wipe(WipeReason::Signal(signal), &mut wiped);
                match child.as_ref() {
                    Some(c) if forward => forward_signal(c, signal),
                    Some(_) => {}
                    None => break 128 + signal,
                }
            }
            Some(Msg::Read) => do_wipe(WipeReason::Read, &mut wiped),
            Some(Msg::Enter) => break 0,
            // Every sender is gone: nothing more can happen but the child's
            // end, which try_wait will see; block on it.
            None => match child.as_mut() {
                Some(c) => break c.wait().map(exit_code).unwrap_or(1),
                None => break 0,
            },
        }
    };
    do_wipe(WipeReason::Finished, &mut wiped);
    handle.close();
    Ok(Finished {
        code,
        not_started: None,
    })
}

/// Starts the installer, or says why it could not.
fn spawn(argv: &[OsString], plan: &Plan<'_>) -> Result<Child, NotStarted> {
    use std::os::unix::process::CommandExt;
    let (program, args) = argv
        .split_first()
        .expect("the command line requires an installer");
    let ids = plan.user.map(|u| (u.uid, u.gid));
    let mut cmd = match plan.sandbox {
        Some(sandbox) => sandbox.command(argv, ids),
        None => {
            let mut cmd = Command::new(program);
            cmd.args(args);
            if let Some((uid, gid)) = ids {
                cmd.uid(uid).gid(gid);
            }
            cmd
        }
    };
    match plan.user {
        // Another user's installer starts from an empty environment: none
        // of root's session (runtime folder, bus, tokens) is handed on.
        Some(user) => {
            cmd.env_clear().envs(user.env());
            for name in plan.keep_env {
                if let Some(value) = std::env::var_os(name) {
                    cmd.env(name, value);
                }
            }
        }
        None => {
            for (name, _) in std::env::vars_os() {
                if let Some(n) = name.to_str()
                    && unlocks_a_store(n)
                    && !plan.keep_env.iter().any(|k| k == n)
                {
                    cmd.env_remove(&name);
                }
            }
        }
    }
    cmd.env("CHOPVAULT_TOKEN_FILE", plan.token_path);
    if let Some((var, value)) = plan.env {
        cmd.env(var, value.expose());
    }
    cmd.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => NotStarted::NotFound,
        std::io::ErrorKind::PermissionDenied => NotStarted::NotExecutable,
        _ => NotStarted::Failed(e),
    })
}

fn forward_signal(child: &Child, signal: i32) {
    if let (Some(pid), Some(sig)) = (
        rustix::process::Pid::from_raw(child.id() as i32),
        rustix::process::Signal::from_named_raw(signal),
    ) {
        let _ = rustix::process::kill_process(pid, sig);
    }
}

fn exit_code(status: ExitStatus) -> i32 {
    status
        .code()
        .or_else(|| status.signal().map(|s| 128 + s))
        .unwrap_or(1)
}

#[cfg(target_os = "linux")]
fn watch_reads(path: &Path, tx: mpsc::Sender<Msg>) -> Result<(), ExportError> {
    use rustix::fs::inotify;
    let fd = inotify::init(inotify::CreateFlags::CLOEXEC)
        .map_err(|e| ExportError::Supervise(Supervise::NoInotify(e.into())))?;
    inotify::add_watch(&fd, path, inotify::WatchFlags::CLOSE_NOWRITE).map_err(|e| {
        ExportError::Supervise(Supervise::CannotWatch(path.to_path_buf(), e.into()))
    })?;
    std::thread::spawn(move || {
        let mut buf = [std::mem::MaybeUninit::<u8>::uninit(); 1024];
        let mut reader = inotify::Reader::new(&fd, &mut buf);
        while let Ok(event) = reader.next() {
            if event.events().contains(inotify::ReadFlags::CLOSE_NOWRITE) {
                let _ = tx.send(Msg::Read);
                break;
            }
        }
    });
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn watch_reads(_path: &Path, _tx: mpsc::Sender<Msg>) -> Result<(), ExportError> {
    Err(ExportError::Supervise(Supervise::NeedsLinux))
}
