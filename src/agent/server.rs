//! The agent process (`chopvault agent-serve`, started by `unlock`).
//!
//! It detaches from the terminal (its own session, so closing the terminal
//! that started it does not end it), leaves the vault's folder (`cwd` is
//! `/`), locks its memory where the limit allows, and is not dumpable (as
//! every chopvault process). One thread per connection, so a long `export`
//! holding its connection never blocks another command.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::{AgentError, Held, Request, Response, file_key_b64, from_wire};
use crate::sign::SigningKey;

/// Longest request line read.
const MAX_REQUEST: u64 = 256 * 1024;

/// An agent with nothing loaded ends after this long.
const EMPTY_GRACE: Duration = Duration::from_secs(30);

/// Starts the agent in the background and waits until it listens.
pub fn spawn() -> Result<(), AgentError> {
    let exe = std::env::current_exe()
        .map_err(|e| AgentError::Refused(t!("agent-server-cannot-find-chopvault-s", e = e)))?;
    let mut child = Command::new(exe)
        .arg("agent-serve")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| AgentError::Refused(t!("agent-server-cannot-start-agent", e = e)))?;
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
        Ok(l) => Err(AgentError::Refused(t!(
            "agent-server-agent-did-not-start",
            trim = l.trim()
        ))),
        Err(_) => Err(AgentError::Refused(t!(
            "agent-server-agent-did-not-start-2"
        ))),
    }
}

/// One identity held.
struct Entry {
    identity: age::x25519::Identity,
    signing: SigningKey,
    recipient: String,
    until: Instant,
    until_text: String,
    idle: Duration,
    last_use: Instant,
}

impl Entry {
    fn live(&self, now: Instant) -> bool {
        now < self.until && now.duration_since(self.last_use) < self.idle
    }
}

#[derive(Default)]
struct State {
    keys: HashMap<PathBuf, Entry>,
    locked: bool,
    /// The socket and its inode, removed at `lock` before the answer, so
    /// that a command right after `lock` finds no agent.
    socket: Option<(PathBuf, u64)>,
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
/// `ready` (or why not) on stdout once it listens.
pub fn serve() -> u8 {
    let _ = rustix::process::setsid();
    // The socket's path is taken before leaving the folder (a relative
    // CHOPVAULT_AGENT_SOCKET is relative to where `unlock` ran).
    let named = super::named_socket().is_some();
    let path = super::socket_path();
    let _ = std::env::set_current_dir("/");
    // Lock pages in memory so the identity is never swapped out; a small
    // RLIMIT_MEMLOCK (containers) makes this fail, and the agent goes on.
    let _ = rustix::mm::mlockall(
        rustix::mm::MlockAllFlags::CURRENT
            | rustix::mm::MlockAllFlags::FUTURE
            | rustix::mm::MlockAllFlags::ONFAULT,
    );
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
        ready(&e.to_string());
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
            ready(&e.to_string());
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
            ready(&t!(
                "agent-server-cannot-listen",
                path = path.display(),
                e = e
            ));
            return 1;
        }
    };
    let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    let ino = std::fs::metadata(&path).map(|m| m.ino()).unwrap_or(0);
    ready("ready");
    let state = Arc::new(Mutex::new(State {
        socket: Some((path.clone(), ino)),
        ..State::default()
    }));
    let started = Instant::now();
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
        let now = Instant::now();
        s.keys.retain(|_, e| e.live(now));
        had_keys |= !s.keys.is_empty();
        let done = s.locked || (s.keys.is_empty() && (had_keys || started.elapsed() > EMPTY_GRACE));
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
    match rustix::net::sockopt::socket_peercred(&stream) {
        Ok(cred) if cred.uid == me => {}
        _ => return,
    }
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
        let response = match serde_json::from_slice::<Request>(&line) {
            Ok(req) => answer(req, state),
            Err(_) => refuse(&t!("agent-server-not-request")),
        };
        let mut out = Zeroizing::new(serde_json::to_vec(&response).expect("responses serialise"));
        out.push(b'\n');
        if writer.write_all(&out).is_err() {
            return;
        }
        if state.lock().map(|s| s.locked).unwrap_or(true) {
            return;
        }
    }
}

fn refuse(why: &str) -> Response {
    Response {
        ok: false,
        why: Some(why.into()),
        pid: std::process::id(),
        ..Response::default()
    }
}

fn answer(req: Request, state: &Mutex<State>) -> Response {
    let mut s = state.lock().expect("agent state");
    let now = Instant::now();
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
                return refuse(&t!(
                    "agent-server-too-long",
                    days = super::MAX_HOLD.as_secs() / 86_400
                ));
            }
            let Ok(id) = age::x25519::Identity::from_str(identity.trim()) else {
                return refuse(&t!("agent-server-not-x25519"));
            };
            let until_ts = jiff::Timestamp::now()
                + jiff::SignedDuration::from_secs(i64::try_from(for_secs).unwrap_or(i64::MAX / 2));
            let entry = Entry {
                signing: SigningKey::from_identity(&id),
                recipient: id.to_public().to_string(),
                identity: id,
                until: now + Duration::from_secs(for_secs),
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
            None => refuse(&t!("agent-server-not-unlocked")),
        },
        Request::Unwrap { key, stanzas } => {
            let Some(stanzas) = from_wire(&stanzas) else {
                return refuse(&t!("agent-server-bad-stanza"));
            };
            match live(&mut s, &key, now) {
                Some(e) => match age::Identity::unwrap_stanzas(&e.identity, &stanzas) {
                    Some(Ok(file_key)) => Response {
                        file_key: Some(file_key_b64(&file_key)),
                        ..ok
                    },
                    _ => Response { ..ok },
                },
                None => refuse(&t!("agent-server-not-unlocked")),
            }
        }
        Request::Sign { key, digest } => {
            let Some(bytes) = parse_digest(&digest) else {
                return refuse(&t!("agent-server-bad-digest"));
            };
            match live(&mut s, &key, now) {
                Some(e) => Response {
                    signature: Some(e.signing.sign(&bytes)),
                    ..ok
                },
                None => refuse(&t!("agent-server-not-unlocked")),
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
                ..ok
            }
        }
        Request::Lock => {
            s.keys.clear();
            s.locked = true;
            s.remove_socket();
            ok
        }
    }
}

/// The live entry for `key`, its idle clock restarted.
fn live<'a>(s: &'a mut State, key: &Path, now: Instant) -> Option<&'a Entry> {
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
    fn digests_parse_back() {
        let d: [u8; 32] = std::array::from_fn(|i| i as u8 * 3);
        assert_eq!(parse_digest(&crate::store::file::trust::hex(&d)), Some(d));
        assert_eq!(parse_digest("zz"), None);
    }
}
