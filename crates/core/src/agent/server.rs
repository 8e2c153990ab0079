//! The agent process (`chopvault agent-serve`, started by `unlock`).
//!
//! It keeps none of its caller's descriptors (see [`start_afresh`]),
//! detaches from the terminal (its own session, so closing the terminal
//! that started it does not end it), leaves the vault's folder (`cwd` is
//! `/`), locks its memory where the limit allows (and says in its status
//! whether it could), and is not dumpable (as every chopvault process).
//! Its timers count time asleep ([`boot_clock`]). One thread per
//! connection, so a long `export` holding its connection never blocks
//! another command.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use zeroize::Zeroizing;

use super::{AgentError, Held, Refusal, Request, Response, Trouble, file_key_b64, from_wire};
use crate::sign::SigningKey;

/// Longest request line read.
const MAX_REQUEST: u64 = 256 * 1024;

/// An agent with nothing loaded ends after this long.
const EMPTY_GRACE: Duration = Duration::from_secs(30);

/// Set by the agent for itself when it runs again without its caller's
/// descriptors ([`start_afresh`]); never passed on by [`spawn`].
const FRESH_ENV: &str = "CHOPVAULT_AGENT_FRESH";

/// Starts the agent in the background and waits until it listens.
pub fn spawn() -> Result<(), AgentError> {
    let exe = std::env::current_exe().map_err(|e| AgentError::Refused(Trouble::NoBinary(e)))?;
    let mut child = Command::new(exe)
        .arg("agent-serve")
        .env_remove(FRESH_ENV)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| AgentError::Refused(Trouble::CannotStart(e)))?;
    let out = child.stdout.take().expect("piped");
    let mut line = String::new();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(out);
        let _ = r.read_line(&mut line);
        let _ = tx.send(line);
    });
    match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(l) if l.trim() == "ready" => Ok(()),
        Ok(l) => Err(AgentError::Refused(Trouble::DidNotStart(
            l.trim().to_owned(),
        ))),
        Err(_) => Err(AgentError::Refused(Trouble::NotInTime)),
    }
}

/// One identity held.
struct Entry {
    identity: age::x25519::Identity,
    signing: SigningKey,
    recipient: String,
    /// On the [`boot_clock`], as `last_use`.
    until: Duration,
    until_text: String,
    idle: Duration,
    last_use: Duration,
}

impl Entry {
    fn live(&self, now: Duration) -> bool {
        now < self.until && now.saturating_sub(self.last_use) < self.idle
    }
}

/// Time since boot, time asleep included (`CLOCK_BOOTTIME`). `Instant`
/// is `CLOCK_MONOTONIC`, which stops while the machine is suspended: an
/// `unlock --for 15m` before closing a laptop's lid lasted 15 minutes of
/// its waking time, hours by the wall.
fn boot_clock() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::Boottime);
    Duration::new(
        u64::try_from(t.tv_sec).unwrap_or(0),
        u32::try_from(t.tv_nsec).unwrap_or(0),
    )
}

/// Makes the agent a process of its own, holding nothing of its
/// caller's: every descriptor it inherited above the standard three
/// (a deploy script's `flock`, a pipe a CI job waits on to close) is
/// marked close-on-exec, and the agent executes itself again; the
/// kernel closes them. Closing them here would take `unsafe` (a
/// descriptor this process does not own by type); marking one
/// close-on-exec frees nothing in this process, so `close_fds` offers it
/// safely (`close_range(CLOSE_RANGE_CLOEXEC)`, else `fcntl` on each).
/// Nothing else is open yet; the standard three (`unlock`'s pipe on
/// stdout) stay. Should the new start fail (no `/proc`), the agent goes
/// on as it is.
fn start_afresh() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os(FRESH_ENV).is_some() {
        return;
    }
    close_fds::set_fds_cloexec(3, &[]);
    let mut args = std::env::args_os();
    let argv0 = args.next().unwrap_or_else(|| "chopvault".into());
    // The running binary itself, even if an upgrade has replaced the file.
    let proc_exe = Path::new("/proc/self/exe");
    let exe = if proc_exe.exists() {
        proc_exe.to_path_buf()
    } else {
        match std::env::current_exe() {
            Ok(exe) => exe,
            Err(_) => return,
        }
    };
    let _ = Command::new(exe)
        .arg0(argv0)
        .args(args)
        .env(FRESH_ENV, "1")
        .exec();
}

/// Locks the agent's pages in memory so the identity is never swapped
/// out. The soft `RLIMIT_MEMLOCK` is raised to the hard one first; a
/// limit still too small (8 MiB, the usual default, is less than the
/// process maps) makes it fail, and the agent goes on, saying so in its
/// status (`doctor` and `status` warn).
fn lock_memory() -> bool {
    use rustix::mm::{MlockAllFlags, mlockall};
    use rustix::process::{Resource, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Memlock);
    // The soft limit is never above the hard one (None: unlimited).
    if limit.current != limit.maximum {
        let _ = setrlimit(
            Resource::Memlock,
            rustix::process::Rlimit {
                current: limit.maximum,
                maximum: limit.maximum,
            },
        );
    }
    mlockall(MlockAllFlags::CURRENT | MlockAllFlags::FUTURE | MlockAllFlags::ONFAULT).is_ok()
}

#[derive(Default)]
struct State {
    keys: HashMap<PathBuf, Entry>,
    locked: bool,
    /// Whether [`lock_memory`] succeeded.
    memory_locked: bool,
    /// The socket and its inode, removed at `lock` before the answer, so
    /// that a command right after `lock` finds no agent.
    socket: Option<(PathBuf, u64)>,
    /// The pids of running exports (`HoldOffInstaller`), one per
    /// connection that asked: their descendants are refused.
    exports: Vec<u32>,
}

impl State {
    fn remove_socket(&mut self) {
        if let Some((path, ino)) = self.socket.take()
            && std::fs::metadata(&path).map(|m| m.ino()).ok() == Some(ino)
        {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Runs the agent until it is locked or nothing is held any more. Prints
/// `ready` on stdout once it listens, or why not, in the words `word`
/// gives (the command line's: `unlock` shows that line).
pub fn serve(word: &dyn Fn(&AgentError) -> String) -> u8 {
    start_afresh();
    let _ = rustix::process::setsid();
    // The socket's path is taken before leaving the folder (a relative
    // CHOPVAULT_AGENT_SOCKET is relative to where `unlock` ran).
    let named = super::named_socket().is_some();
    let path = super::socket_path();
    let _ = std::env::set_current_dir("/");
    let memory_locked = lock_memory();
    // Everything the agent creates is private, from the first byte.
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    // Says `ready` (or why not) to `unlock`, then lets go of the pipe:
    // whoever captured `unlock`'s output must not wait on the agent.
    let ready = |msg: &str| {
        let mut out = std::io::stdout();
        let _ = writeln!(out, "{msg}");
        let _ = out.flush();
        if let Ok(null) = std::fs::OpenOptions::new().write(true).open("/dev/null") {
            let _ = rustix::stdio::dup2_stdout(&null);
        }
    };
    // The folder passes the checks every client makes, or the agent does
    // not listen there: a socket in a folder others can write to could be
    // replaced by theirs.
    let folder = match (named, path.parent()) {
        (true, _) => match super::check_named_dir(&path) {
            // A folder that is not there: `bind` says so.
            Err(AgentError::NotRunning) => Ok(()),
            other => other,
        },
        (false, Some(dir)) => super::prepare_dir(dir),
        (false, None) => Ok(()),
    };
    if let Err(e) = folder {
        ready(&word(&e));
        return 1;
    }
    match super::connect_checked(&path, named) {
        // Another agent of this user's answers there: use it.
        Ok(_) => {
            ready("ready");
            return 0;
        }
        Err(AgentError::NotRunning | AgentError::Dead) => {}
        // Someone else's socket or listener, in the user's folder.
        Err(e) => {
            ready(&word(&e));
            return 1;
        }
    }
    if let Ok(meta) = std::fs::symlink_metadata(&path)
        && meta.file_type().is_socket()
    {
        let _ = std::fs::remove_file(&path); // a dead agent's socket
    }
    let listener = match UnixListener::bind(&path) {
        Ok(l) => l,
        Err(e) => {
            ready(&word(&AgentError::CannotListen(path.clone(), e)));
            return 1;
        }
    };
    let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    let ino = std::fs::metadata(&path).map(|m| m.ino()).unwrap_or(0);
    ready("ready");
    let state = Arc::new(Mutex::new(State {
        socket: Some((path.clone(), ino)),
        memory_locked,
        ..State::default()
    }));
    let started = boot_clock();
    let mut had_keys = false;
    loop {
        // Wake for a connection at once, or every 200 ms to expire keys.
        let ready_to_accept = {
            use rustix::event::{PollFd, PollFlags, Timespec, poll};
            let mut fds = [PollFd::new(&listener, PollFlags::IN)];
            let timeout = Timespec {
                tv_sec: 0,
                tv_nsec: 200_000_000,
            };
            matches!(poll(&mut fds, Some(&timeout)), Ok(n) if n > 0)
        };
        if ready_to_accept && let Ok((stream, _)) = listener.accept() {
            let state = state.clone();
            std::thread::spawn(move || handle(stream, &state));
        }
        let mut s = state.lock().expect("agent state");
        let now = boot_clock();
        s.keys.retain(|_, e| e.live(now));
        had_keys |= !s.keys.is_empty();
        let done = s.locked
            || (s.keys.is_empty() && (had_keys || now.saturating_sub(started) > EMPTY_GRACE));
        if done {
            s.keys.clear();
            s.remove_socket();
            return 0;
        }
    }
}

/// Serves one connection: every request on it, in order.
fn handle(stream: UnixStream, state: &Mutex<State>) {
    // Only this user's processes are answered.
    let me = rustix::process::getuid();
    let peer = match rustix::net::sockopt::socket_peercred(&stream) {
        Ok(cred) if cred.uid == me => cred.pid.as_raw_nonzero().get().unsigned_abs(),
        _ => return,
    };
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(600)));
    let Ok(write_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    let mut writer = write_half;
    loop {
        let mut line = Zeroizing::new(Vec::with_capacity(1024));
        match (&mut reader).take(MAX_REQUEST).read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let request = serde_json::from_slice::<Request>(&line);
        let exports = state.lock().map(|s| s.exports.clone()).unwrap_or_default();
        let hold_off = matches!(request, Ok(Request::HoldOffInstaller));
        let response = if under_an_export(peer, &exports) {
            Response {
                installer: true,
                ..refuse(Refusal::Installer)
            }
        } else if hold_off {
            if let Ok(mut s) = state.lock() {
                s.exports.push(peer);
            }
            Response {
                ok: true,
                pid: std::process::id(),
                ..Response::default()
            }
        } else {
            match request {
                Ok(req) => answer(req, state),
                Err(_) => refuse(Refusal::NotARequest),
            }
        };
        let mut out = Zeroizing::new(serde_json::to_vec(&response).expect("responses serialise"));
        out.push(b'\n');
        let written = writer.write_all(&out).is_ok();
        if hold_off && response.ok {
            // The export holds this connection while its installer runs;
            // it closes when the export ends, however it ends. Nothing else
            // is read on it.
            if written {
                let _ = reader.get_ref().set_read_timeout(None);
                let mut sink = [0u8; 64];
                while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
            }
            if let Ok(mut s) = state.lock()
                && let Some(i) = s.exports.iter().position(|&p| p == peer)
            {
                s.exports.remove(i);
            }
            return;
        }
        if !written || state.lock().map(|s| s.locked).unwrap_or(true) {
            return;
        }
    }
}

/// Whether `peer` runs under a running export's installer: one of its
/// ancestors (by the parent links in `/proc`) is an export that asked to
/// hold its installer off. The export itself is not under it. The export
/// is its children's subreaper, so a process that double-forks to leave
/// the tree is adopted by the export, and still found. When the walk
/// cannot be completed (a process in between ended and the chain is read
/// again, three times; or the peer's pid is unknown), the answer is yes:
/// while an export runs, doubt refuses.
fn under_an_export(peer: u32, exports: &[u32]) -> bool {
    if exports.is_empty() {
        return false;
    }
    if exports.contains(&peer) {
        return false;
    }
    'again: for _ in 0..3 {
        let mut pid = peer;
        // pid_max is at most 2^22: a chain cannot be longer.
        for _ in 0..(1 << 22) {
            let Some(parent) = parent_of(pid) else {
                continue 'again;
            };
            if exports.contains(&parent) {
                return true;
            }
            if parent <= 1 {
                return false;
            }
            pid = parent;
        }
    }
    true
}

/// The parent pid of `pid`, from `/proc/PID/stat` (field 4, after the
/// command name, which may hold spaces and parentheses).
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

fn refuse(why: Refusal) -> Response {
    Response {
        ok: false,
        why: Some(why.word().to_owned()),
        pid: std::process::id(),
        ..Response::default()
    }
}

fn answer(req: Request, state: &Mutex<State>) -> Response {
    let mut s = state.lock().expect("agent state");
    let now = boot_clock();
    let ok = Response {
        ok: true,
        pid: std::process::id(),
        ..Response::default()
    };
    match req {
        Request::Load {
            key,
            identity,
            for_secs,
            idle_secs,
        } => {
            // Checked before any clock arithmetic: a sum past the end of
            // time would panic with the state locked, and every later
            // request with it.
            if for_secs > super::MAX_HOLD.as_secs() || idle_secs > super::MAX_HOLD.as_secs() {
                return refuse(Refusal::TooLong);
            }
            let Ok(id) = age::x25519::Identity::from_str(identity.trim()) else {
                return refuse(Refusal::NotX25519);
            };
            let until_ts = jiff::Timestamp::now()
                .checked_add(jiff::SignedDuration::from_secs(
                    i64::try_from(for_secs).unwrap_or(i64::MAX),
                ))
                .unwrap_or(jiff::Timestamp::MAX);
            let entry = Entry {
                signing: SigningKey::from_identity(&id),
                recipient: id.to_public().to_string(),
                identity: id,
                until: now.saturating_add(Duration::from_secs(for_secs)),
                until_text: until_ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                idle: Duration::from_secs(idle_secs),
                last_use: now,
            };
            s.keys.insert(key, entry);
            ok
        }
        Request::Public { key } => match live(&mut s, &key, now) {
            Some(e) => Response {
                recipient: Some(e.recipient.clone()),
                signing_key: Some(e.signing.public().to_openssh()),
                ..ok
            },
            None => refuse(Refusal::NotUnlocked),
        },
        Request::Unwrap { key, stanzas } => {
            let Some(stanzas) = from_wire(&stanzas) else {
                return refuse(Refusal::BadStanza);
            };
            match live(&mut s, &key, now) {
                Some(e) => match age::Identity::unwrap_stanzas(&e.identity, &stanzas) {
                    Some(Ok(file_key)) => Response {
                        file_key: Some(file_key_b64(&file_key)),
                        ..ok
                    },
                    _ => Response { ..ok },
                },
                None => refuse(Refusal::NotUnlocked),
            }
        }
        Request::Sign { key, digest } => {
            let Some(bytes) = parse_digest(&digest) else {
                return refuse(Refusal::BadDigest);
            };
            match live(&mut s, &key, now) {
                Some(e) => Response {
                    signature: Some(e.signing.sign(&bytes)),
                    ..ok
                },
                None => refuse(Refusal::NotUnlocked),
            }
        }
        Request::Status => {
            s.keys.retain(|_, e| e.live(now));
            Response {
                keys: s
                    .keys
                    .iter()
                    .map(|(k, e)| Held {
                        key: k.clone(),
                        recipient: e.recipient.clone(),
                        until: e.until_text.clone(),
                    })
                    .collect(),
                memory_locked: Some(s.memory_locked),
                ..ok
            }
        }
        // Answered in `handle`, which knows the caller.
        Request::HoldOffInstaller => refuse(Refusal::NotARequest),
        Request::Lock => {
            s.keys.clear();
            s.locked = true;
            s.remove_socket();
            ok
        }
    }
}

/// The live entry for `key`, its idle clock restarted.
fn live<'a>(s: &'a mut State, key: &Path, now: Duration) -> Option<&'a Entry> {
    if !s.keys.get(key)?.live(now) {
        s.keys.remove(key);
        return None;
    }
    let e = s.keys.get_mut(key)?;
    e.last_use = now;
    Some(e)
}

fn parse_digest(hex: &str) -> Option<crate::sign::Digest> {
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_counts_time_asleep() {
        // CLOCK_BOOTTIME is CLOCK_MONOTONIC plus the time suspended: never
        // behind it, and what /proc/uptime (since boot, asleep included)
        // says. `Instant` follows CLOCK_MONOTONIC.
        let mono = rustix::time::clock_gettime(rustix::time::ClockId::Monotonic);
        let boot = boot_clock();
        assert!(boot.as_secs() >= u64::try_from(mono.tv_sec).unwrap());
        let uptime = std::fs::read_to_string("/proc/uptime").unwrap();
        let uptime: f64 = uptime.split_whitespace().next().unwrap().parse().unwrap();
        assert!(
            (boot.as_secs_f64() - uptime).abs() < 2.0,
            "{boot:?} {uptime}"
        );
        // And a key's time runs on it.
        let now = boot_clock();
        let entry = |until: Duration| Entry {
            identity: age::x25519::Identity::generate(),
            signing: SigningKey::from_identity(&age::x25519::Identity::generate()),
            recipient: String::new(),
            until,
            until_text: String::new(),
            idle: Duration::from_secs(60),
            last_use: now,
        };
        assert!(entry(now + Duration::from_secs(5)).live(boot_clock()));
        assert!(!entry(now).live(boot_clock()));
        // A huge --for saturates instead of overflowing.
        assert!(entry(now.saturating_add(Duration::MAX)).live(boot_clock()));
    }

    #[test]
    fn digests_parse_back() {
        let d: [u8; 32] = std::array::from_fn(|i| i as u8 * 3);
        assert_eq!(parse_digest(&crate::text::hex(&d)), Some(d));
        assert_eq!(parse_digest("zz"), None);
    }
}
