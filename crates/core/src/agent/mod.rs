//! The unlock agent: holds passphrase-protected identities for a session,
//! so the passphrase is asked once (`chopvault unlock`), like ssh-agent.
//!
//! The identity never leaves the agent. Clients send it the recipient
//! stanzas of a vault's header and get the file key back ("unwrap"), or a
//! SHA-256 digest and get a signature back ("sign"). It listens on a unix
//! socket in a 0700 folder of the user's (see [`socket_dirs`]: one rule
//! for the agent and every client, whatever the session's environment;
//! the folder's owner and mode are checked), answers only peers of its
//! own uid (`SO_PEERCRED`), and ends at `chopvault lock`, at the end of
//! `--for`, or after `--idle` without a request.
//!
//! The client checks the other way round, on every socket, whoever named
//! it (`CHOPVAULT_AGENT_SOCKET` included): the folder is the user's and
//! no one else can write to it, the socket is the user's, and the process
//! listening on it runs as the user (`SO_PEERCRED`). Otherwise nothing is
//! sent: `unlock` would hand the listener the vault's identity.
//!
//! While `chopvault export` runs, the agent refuses every process that
//! descends from it (the installer and all it starts; the export is their
//! subreaper, so a double fork does not leave the tree): the export asks
//! so ([`hold_off_installer`]) before starting the installer and holds
//! the connection until it ends. A process that is not a descendant (one
//! started through the session bus, cron, or an already running program
//! of the user's) is not recognised: only `export --as-user` keeps those
//! out.
//!
//! Every failure to reach it is a note, never an error: the command then
//! asks for the passphrase as it would without an agent. The one
//! exception is that refusal, which is an error: prompting instead would
//! undo it (or hang, with no terminal).

pub mod server;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use age::secrecy::ExposeSecret;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Environment variable naming the agent's socket (tests, unusual setups).
pub const SOCKET_ENV: &str = "CHOPVAULT_AGENT_SOCKET";

/// The longest the agent holds a key (`--for`, `--idle`): a week. A
/// request for longer is refused, not trusted to fit the agent's clocks.
pub const MAX_HOLD: Duration = Duration::from_secs(7 * 86_400);

/// How long a client waits for the agent's answer.
const TIMEOUT: Duration = Duration::from_secs(5);

/// A request to the agent, one JSON line.
#[derive(Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Request {
    /// Hold this identity (the text of an identity file) for `key`.
    Load {
        /// The key file's canonical path: which vault's identity this is.
        key: PathBuf,
        /// `AGE-SECRET-KEY-1…`.
        identity: Zeroizing<String>,
        /// Seconds to hold it.
        for_secs: u64,
        /// Seconds without a request after which it is dropped.
        idle_secs: u64,
    },
    /// The public side of the identity held for `key`.
    Public {
        /// As in `Load`.
        key: PathBuf,
    },
    /// Unwrap one of these stanzas with the identity held for `key`.
    Unwrap {
        /// As in `Load`.
        key: PathBuf,
        /// The vault header's recipient stanzas.
        stanzas: Vec<WireStanza>,
    },
    /// Sign a SHA-256 digest (hex) with the identity's member key.
    Sign {
        /// As in `Load`.
        key: PathBuf,
        /// 64 hex digits.
        digest: String,
    },
    /// The caller is about to start an export's installer: until this
    /// connection closes, every request from a process that descends from
    /// the caller is refused (the caller's own are not).
    HoldOffInstaller,
    /// What is held, and until when.
    Status,
    /// Forget everything and end.
    Lock,
}

/// An age recipient stanza on the wire (public data).
#[derive(Serialize, Deserialize)]
pub struct WireStanza {
    tag: String,
    args: Vec<String>,
    body: String,
}

/// The agent's answer, one JSON line.
#[derive(Serialize, Deserialize, Default)]
pub struct Response {
    /// Whether the request was carried out.
    pub ok: bool,
    /// Why not: a [`Refusal`]'s word ([`Refusal::word`]; an agent of an
    /// older chopvault sent a sentence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// `Public`: the recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// `Public`: the member signing key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_key: Option<String>,
    /// `Unwrap`: the file key (base64), none when no stanza matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_key: Option<Zeroizing<String>>,
    /// `Sign`: the SSHSIG PEM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// `Status`: what is held.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<Held>,
    /// `Status`: whether the agent's memory is locked (`mlockall`), so
    /// the key is never written to swap; none from an agent that does
    /// not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_locked: Option<bool>,
    /// Refused because the caller runs under an export's installer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub installer: bool,
    /// The agent's pid.
    #[serde(default)]
    pub pid: u32,
}

impl Response {
    /// Why the agent said no, if it said.
    pub fn refusal(&self) -> Option<Refusal> {
        self.why.as_deref().map(Refusal::from_word)
    }
}

/// Why the agent refuses a request, as it says on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The caller runs under a running export's installer.
    Installer,
    /// The line is not a request (or not one answered here).
    NotARequest,
    /// Asked to hold a key for longer than [`MAX_HOLD`].
    TooLong,
    /// The identity is not an X25519 identity.
    NotX25519,
    /// No key is held for that key file.
    NotUnlocked,
    /// A recipient stanza does not decode.
    BadStanza,
    /// The digest to sign is not 64 hex digits.
    BadDigest,
    /// What an agent of an older chopvault said, in its own words.
    Other(String),
}

impl Refusal {
    /// The word on the wire.
    pub fn word(&self) -> &str {
        match self {
            Refusal::Installer => "installer",
            Refusal::NotARequest => "not-a-request",
            Refusal::TooLong => "too-long",
            Refusal::NotX25519 => "not-x25519",
            Refusal::NotUnlocked => "not-unlocked",
            Refusal::BadStanza => "bad-stanza",
            Refusal::BadDigest => "bad-digest",
            Refusal::Other(said) => said,
        }
    }

    /// The refusal a word on the wire names.
    pub fn from_word(word: &str) -> Refusal {
        [
            Refusal::Installer,
            Refusal::NotARequest,
            Refusal::TooLong,
            Refusal::NotX25519,
            Refusal::NotUnlocked,
            Refusal::BadStanza,
            Refusal::BadDigest,
        ]
        .into_iter()
        .find(|r| r.word() == word)
        .unwrap_or_else(|| Refusal::Other(word.to_owned()))
    }
}

/// One identity the agent holds (public data).
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Held {
    /// The key file it came from.
    pub key: PathBuf,
    /// Its recipient.
    pub recipient: String,
    /// When it is dropped (RFC 3339), at the latest.
    pub until: String,
}

/// Why the agent could not be used (shown as a note; never fatal).
#[derive(Debug)]
pub enum AgentError {
    /// No agent is running (no socket).
    NotRunning,
    /// A socket is there, but nobody listens: the agent ended without
    /// removing it (killed).
    Dead,
    /// The socket, its folder or its listener is not safe to use (owner
    /// or mode).
    Unsafe(Unsafe),
    /// It answered, but not as an agent does, or refused; or it could not
    /// be started.
    Refused(Trouble),
    /// It refused the caller: it runs under the installer of a running
    /// `chopvault export`. Not a note but an error: asking for the
    /// passphrase instead would defeat the refusal (or hang, with no
    /// terminal).
    Installer,
    /// The agent cannot listen on its socket (said by the agent itself).
    CannotListen(PathBuf, std::io::Error),
}

/// What makes the agent's socket unsafe to use: nothing is sent there.
#[derive(Debug)]
pub enum Unsafe {
    /// The agent's folder cannot be created.
    CannotCreate(PathBuf, std::io::Error),
    /// The agent's folder is not a private folder of the user's.
    FolderNotPrivate {
        /// The folder.
        dir: PathBuf,
        /// Its owner.
        owner: u32,
        /// Its permission bits.
        mode: u32,
    },
    /// The folder of a socket `CHOPVAULT_AGENT_SOCKET` names is not the
    /// user's, or others can write to it.
    NamedFolderNotYours {
        /// The socket.
        socket: PathBuf,
        /// Its folder.
        dir: PathBuf,
        /// The folder's owner.
        owner: u32,
        /// Its permission bits.
        mode: u32,
    },
    /// The socket is not a socket.
    NotASocket(PathBuf),
    /// The socket belongs to another user.
    SocketNotYours {
        /// The socket.
        path: PathBuf,
        /// Its owner.
        owner: u32,
        /// The user's uid.
        uid: u32,
    },
    /// The process listening on the socket runs as another user.
    ListenerNotYours {
        /// The socket.
        path: PathBuf,
        /// The listener's uid.
        peer: u32,
        /// The user's uid.
        uid: u32,
    },
    /// Who listens on the socket cannot be told.
    ListenerUnknown(PathBuf, std::io::Error),
}

/// Why a request to the agent came to nothing.
#[derive(Debug)]
pub enum Trouble {
    /// It closed the connection without an answer (it answers only its
    /// own user).
    Closed,
    /// The request could not be sent.
    NotTaken(std::io::Error),
    /// No answer came.
    NoAnswer(std::io::Error),
    /// The answer is not understood (or says nothing of why not).
    NotUnderstood,
    /// It said no, and why.
    Said(Refusal),
    /// It did not sign, and did not say why.
    DidNotSign,
    /// It did not take the identity, and did not say why.
    IdentityRefused,
    /// chopvault's own binary cannot be found to start an agent.
    NoBinary(std::io::Error),
    /// The agent process cannot be started.
    CannotStart(std::io::Error),
    /// The agent started and said this (its own line) instead of `ready`.
    DidNotStart(String),
    /// The agent did not say `ready` in time.
    NotInTime,
}

/// The folders an agent of this user may listen in, in the order they
/// are looked in; the agent listens in the first:
/// `$XDG_RUNTIME_DIR/chopvault` when the variable is set, else
/// `/run/user/UID/chopvault` when that runtime folder is the user's
/// (what `XDG_RUNTIME_DIR` names in a login session: cron, `su` and some
/// SSH setups lack the variable, and still find the session's agent),
/// else `/tmp/chopvault-UID`. The later ones are looked in too, so a
/// client finds an agent started from a session with another
/// environment than its own.
pub fn socket_dirs() -> Vec<PathBuf> {
    let uid = rustix::process::getuid().as_raw();
    let mut dirs = Vec::with_capacity(3);
    if let Some(d) = std::env::var_os("XDG_RUNTIME_DIR").filter(|d| Path::new(d).is_absolute()) {
        dirs.push(Path::new(&d).join("chopvault"));
    }
    let run = PathBuf::from(format!("/run/user/{uid}"));
    if runtime_dir_is_users(&run, uid) {
        dirs.push(run.join("chopvault"));
    }
    dirs.push(PathBuf::from(format!("/tmp/chopvault-{uid}")));
    // `XDG_RUNTIME_DIR` is usually `/run/user/UID` itself.
    dirs.dedup();
    dirs
}

/// Whether `/run/user/UID` is there and is the user's: a folder (not a
/// symlink) of theirs that no one else can write to.
fn runtime_dir_is_users(dir: &Path, uid: u32) -> bool {
    std::fs::symlink_metadata(dir)
        .is_ok_and(|m| m.is_dir() && m.uid() == uid && m.permissions().mode() & 0o022 == 0)
}

/// The folder the agent listens in: the first of [`socket_dirs`].
pub fn socket_dir() -> PathBuf {
    socket_dirs().swap_remove(0)
}

/// The agent's socket: the one `CHOPVAULT_AGENT_SOCKET` names, else
/// `agent.sock` in [`socket_dir`].
pub fn socket_path() -> PathBuf {
    named_socket().unwrap_or_else(|| socket_dir().join("agent.sock"))
}

/// The socket `CHOPVAULT_AGENT_SOCKET` names, made absolute: the agent
/// leaves its folder for `/`, and must listen where the client looks.
fn named_socket() -> Option<PathBuf> {
    let p = std::env::var_os(SOCKET_ENV).filter(|p| !p.is_empty())?;
    Some(std::path::absolute(&p).unwrap_or_else(|_| PathBuf::from(p)))
}

/// Creates the socket folder (0700) or checks the existing one: a folder,
/// not a symlink, owned by this user, closed to group and others.
pub fn prepare_dir(dir: &Path) -> Result<(), AgentError> {
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => {
            return Err(AgentError::Unsafe(Unsafe::CannotCreate(
                dir.to_path_buf(),
                e,
            )));
        }
    }
    check_dir(dir)
}

/// Checks that the socket folder is the user's own and private.
pub fn check_dir(dir: &Path) -> Result<(), AgentError> {
    let meta = std::fs::symlink_metadata(dir).map_err(|_| AgentError::NotRunning)?;
    let uid = rustix::process::getuid().as_raw();
    if !meta.is_dir() || meta.uid() != uid || meta.permissions().mode() & 0o077 != 0 {
        return Err(AgentError::Unsafe(Unsafe::FolderNotPrivate {
            dir: dir.to_path_buf(),
            owner: meta.uid(),
            mode: meta.permissions().mode() & 0o7777,
        }));
    }
    Ok(())
}

/// Checks the folder of a socket `CHOPVAULT_AGENT_SOCKET` names: a
/// folder, not a symlink, owned by this user, that no one else can write
/// to, so no one else can have put the socket there or swap it. It may
/// be readable by others (a 0600 socket is not theirs to connect to).
pub fn check_named_dir(socket: &Path) -> Result<(), AgentError> {
    let dir = match socket.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let meta = std::fs::symlink_metadata(dir).map_err(|_| AgentError::NotRunning)?;
    let uid = rustix::process::getuid().as_raw();
    if !meta.is_dir() || meta.uid() != uid || meta.permissions().mode() & 0o022 != 0 {
        return Err(AgentError::Unsafe(Unsafe::NamedFolderNotYours {
            socket: socket.to_path_buf(),
            dir: dir.to_path_buf(),
            owner: meta.uid(),
            mode: meta.permissions().mode() & 0o7777,
        }));
    }
    Ok(())
}

/// Checks the socket file itself: a socket (not a symlink to one), owned
/// by this user.
fn check_socket(path: &Path) -> Result<(), AgentError> {
    use std::os::unix::fs::FileTypeExt;
    let meta = std::fs::symlink_metadata(path).map_err(|_| AgentError::NotRunning)?;
    if !meta.file_type().is_socket() {
        return Err(AgentError::Unsafe(Unsafe::NotASocket(path.to_path_buf())));
    }
    let uid = rustix::process::getuid().as_raw();
    if meta.uid() != uid {
        return Err(AgentError::Unsafe(Unsafe::SocketNotYours {
            path: path.to_path_buf(),
            owner: meta.uid(),
            uid,
        }));
    }
    Ok(())
}

/// Checks who listens on a connected socket (`SO_PEERCRED`: the process
/// that called `listen`). The folder and file checks can be raced or
/// fooled (a socket renamed into place, its owner changed by root); this
/// one cannot, and nothing is written before it passes.
fn check_peer(stream: &UnixStream, path: &Path) -> Result<(), AgentError> {
    let uid = rustix::process::getuid().as_raw();
    match rustix::net::sockopt::socket_peercred(stream) {
        Ok(cred) if cred.uid.as_raw() == uid => Ok(()),
        Ok(cred) => Err(AgentError::Unsafe(Unsafe::ListenerNotYours {
            path: path.to_path_buf(),
            peer: cred.uid.as_raw(),
            uid,
        })),
        Err(e) => Err(AgentError::Unsafe(Unsafe::ListenerUnknown(
            path.to_path_buf(),
            e.into(),
        ))),
    }
}

/// Connects to the agent's socket at `path` after checking its folder
/// (chopvault's own: private, 0700; one `CHOPVAULT_AGENT_SOCKET` names:
/// the user's, writable by no one else) and the socket file's owner, then
/// checks that the listener runs as this user. A stream is returned only
/// when every check passed, so nothing (an identity least of all) is ever
/// sent to another user's process.
pub fn connect_checked(path: &Path, named: bool) -> Result<UnixStream, AgentError> {
    if named {
        check_named_dir(path)?;
    } else if let Some(dir) = path.parent() {
        check_dir(dir)?;
    }
    check_socket(path)?;
    let stream = UnixStream::connect(path).map_err(|_| {
        if path.exists() {
            AgentError::Dead
        } else {
            AgentError::NotRunning
        }
    })?;
    check_peer(&stream, path)?;
    Ok(stream)
}

use std::os::unix::fs::DirBuilderExt;

/// A connection to the agent.
pub struct Client {
    stream: BufReader<UnixStream>,
}

impl Client {
    /// Connects to the running agent: the socket `CHOPVAULT_AGENT_SOCKET`
    /// names, else the first agent that answers in [`socket_dirs`] (each
    /// folder and socket checked as [`connect_checked`] does). When none
    /// answers, the first reason other than "not running" is kept (a
    /// killed agent's socket, a folder that is not safe).
    pub fn connect() -> Result<Client, AgentError> {
        if let Some(path) = named_socket() {
            return Self::connect_at(&path, true);
        }
        let mut why = AgentError::NotRunning;
        for dir in socket_dirs() {
            match Self::connect_at(&dir.join("agent.sock"), false) {
                Ok(client) => return Ok(client),
                Err(AgentError::NotRunning) => {}
                Err(e) if matches!(why, AgentError::NotRunning) => why = e,
                Err(_) => {}
            }
        }
        Err(why)
    }

    /// Every agent that answers: the named socket's, else one per folder
    /// of [`socket_dirs`] (`lock` ends them all).
    fn connect_all() -> Result<Vec<Client>, AgentError> {
        if let Some(path) = named_socket() {
            return Self::connect_at(&path, true).map(|c| vec![c]);
        }
        let mut clients = Vec::new();
        let mut why = None;
        for dir in socket_dirs() {
            match Self::connect_at(&dir.join("agent.sock"), false) {
                Ok(client) => clients.push(client),
                Err(AgentError::NotRunning | AgentError::Dead) => {}
                Err(e) => why = why.or(Some(e)),
            }
        }
        match why {
            Some(e) if clients.is_empty() => Err(e),
            _ => Ok(clients),
        }
    }

    fn connect_at(path: &Path, named: bool) -> Result<Client, AgentError> {
        let stream = connect_checked(path, named)?;
        stream.set_read_timeout(Some(TIMEOUT)).ok();
        stream.set_write_timeout(Some(TIMEOUT)).ok();
        Ok(Client {
            stream: BufReader::new(stream),
        })
    }

    /// Sends one request and reads the answer.
    pub fn ask(&mut self, request: &Request) -> Result<Response, AgentError> {
        let mut line = Zeroizing::new(serde_json::to_vec(request).expect("requests serialise"));
        line.push(b'\n');
        let closed = || AgentError::Refused(Trouble::Closed);
        // An agent that refuses the caller closes the connection at once,
        // so the write may meet a closed socket (EPIPE) before there is
        // anything to read: that is the same refusal, not a broken agent.
        self.stream
            .get_mut()
            .write_all(&line)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset => closed(),
                _ => AgentError::Refused(Trouble::NotTaken(e)),
            })?;
        let mut answer = Zeroizing::new(String::new());
        match self.stream.read_line(&mut answer) {
            Err(e) if e.kind() != std::io::ErrorKind::ConnectionReset => {
                return Err(AgentError::Refused(Trouble::NoAnswer(e)));
            }
            _ => {}
        }
        if answer.is_empty() {
            return Err(closed());
        }
        let r: Response = serde_json::from_str(&answer)
            .map_err(|_| AgentError::Refused(Trouble::NotUnderstood))?;
        if r.installer {
            return Err(AgentError::Installer);
        }
        Ok(r)
    }

    /// What the agent holds for `key`: its recipient and member key.
    pub fn public(&mut self, key: &Path) -> Result<Option<(String, String)>, AgentError> {
        let r = self.ask(&Request::Public {
            key: key.to_path_buf(),
        })?;
        Ok(match (r.ok, r.recipient, r.signing_key) {
            (true, Some(rec), Some(sk)) => Some((rec, sk)),
            _ => None,
        })
    }
}

/// An age identity that lives in the agent: decrypting asks it to unwrap
/// the header's stanzas.
pub struct AgentIdentity {
    key: PathBuf,
    client: std::sync::Mutex<Client>,
}

impl AgentIdentity {
    /// The identity the agent holds for the key file `key`.
    pub fn new(key: PathBuf, client: Client) -> Self {
        AgentIdentity {
            key,
            client: std::sync::Mutex::new(client),
        }
    }

    /// Asks the agent to sign `digest`.
    pub fn sign(&self, digest: &crate::sign::Digest) -> Result<String, AgentError> {
        let mut client = self.client.lock().expect("agent client lock");
        let r = client.ask(&Request::Sign {
            key: self.key.clone(),
            digest: crate::text::hex(digest),
        })?;
        match (r.ok, r.refusal(), r.signature) {
            (true, _, Some(sig)) => Ok(sig),
            (_, Some(why), _) => Err(AgentError::Refused(Trouble::Said(why))),
            _ => Err(AgentError::Refused(Trouble::DidNotSign)),
        }
    }
}

impl age::Identity for AgentIdentity {
    fn unwrap_stanza(
        &self,
        stanza: &age_core::format::Stanza,
    ) -> Option<Result<age_core::format::FileKey, age::DecryptError>> {
        self.unwrap_stanzas(std::slice::from_ref(stanza))
    }

    fn unwrap_stanzas(
        &self,
        stanzas: &[age_core::format::Stanza],
    ) -> Option<Result<age_core::format::FileKey, age::DecryptError>> {
        let wire = stanzas
            .iter()
            .map(|s| WireStanza {
                tag: s.tag.clone(),
                args: s.args.clone(),
                body: B64.encode(&s.body),
            })
            .collect();
        let mut client = self.client.lock().ok()?;
        let r = client
            .ask(&Request::Unwrap {
                key: self.key.clone(),
                stanzas: wire,
            })
            .ok()?;
        let b64 = r.file_key.filter(|_| r.ok)?;
        let bytes = Zeroizing::new(B64.decode(b64.as_bytes()).ok()?);
        let array: [u8; 16] = bytes.as_slice().try_into().ok()?;
        let key = age_core::format::FileKey::new(Box::new(array));
        Some(Ok(key))
    }
}

/// Decodes stanzas from the wire (in the agent).
fn from_wire(stanzas: &[WireStanza]) -> Option<Vec<age_core::format::Stanza>> {
    stanzas
        .iter()
        .map(|s| {
            Some(age_core::format::Stanza {
                tag: s.tag.clone(),
                args: s.args.clone(),
                body: B64.decode(&s.body).ok()?,
            })
        })
        .collect()
}

/// The file key as base64, for the answer.
fn file_key_b64(key: &age_core::format::FileKey) -> Zeroizing<String> {
    Zeroizing::new(B64.encode(key.expose_secret()))
}

/// Starts an agent (if none answers) and hands it `identity` for the key
/// file `key`. Returns the agent's pid.
pub fn load(
    key: &Path,
    identity: &age::x25519::Identity,
    for_secs: u64,
    idle_secs: u64,
) -> Result<u32, AgentError> {
    let mut client = match Client::connect() {
        Ok(c) => c,
        Err(AgentError::NotRunning | AgentError::Dead) => {
            server::spawn()?;
            Client::connect()?
        }
        Err(e) => return Err(e),
    };
    let r = client.ask(&Request::Load {
        key: key.to_path_buf(),
        identity: Zeroizing::new(identity.to_string().expose_secret().to_owned()),
        for_secs,
        idle_secs,
    })?;
    if !r.ok {
        return Err(AgentError::Refused(
            r.refusal().map_or(Trouble::IdentityRefused, Trouble::Said),
        ));
    }
    Ok(r.pid)
}

/// Keeps a running export's installer away from the agent for as long as
/// the value lives (it holds the connection; the agent forgets the export
/// when it closes, whether the export ended or was killed).
pub struct InstallerHeldOff(#[allow(dead_code)] Client);

/// Asks a running agent to refuse every process the caller starts from now
/// on (see [`Request::HoldOffInstaller`]). None when no agent runs: there
/// is nothing to keep the installer from. Any other failure is an error:
/// an agent that cannot be told must not be left open to the installer.
pub fn hold_off_installer() -> Result<Option<InstallerHeldOff>, AgentError> {
    let mut client = match Client::connect() {
        Ok(c) => c,
        Err(AgentError::NotRunning | AgentError::Dead) => return Ok(None),
        Err(e) => return Err(e),
    };
    let r = client.ask(&Request::HoldOffInstaller)?;
    if !r.ok {
        return Err(AgentError::Refused(
            r.refusal().map_or(Trouble::NotUnderstood, Trouble::Said),
        ));
    }
    Ok(Some(InstallerHeldOff(client)))
}

/// What a running agent holds (None: no agent).
pub fn status() -> Result<Option<(u32, Vec<Held>)>, AgentError> {
    let mut client = match Client::connect() {
        Ok(c) => c,
        Err(AgentError::NotRunning | AgentError::Dead) => return Ok(None),
        Err(e) => return Err(e),
    };
    let r = client.ask(&Request::Status)?;
    Ok(Some((r.pid, r.keys)))
}

/// Whether the running agent locked its memory (None: no agent, or one
/// that does not say).
pub fn memory_locked() -> Option<bool> {
    let mut client = Client::connect().ok()?;
    client.ask(&Request::Status).ok()?.memory_locked
}

/// Ends every running agent of the user's (whichever folder it listens
/// in); false when none was running.
pub fn lock() -> Result<bool, AgentError> {
    let mut ended = false;
    let mut why = None;
    for mut client in Client::connect_all()? {
        match client.ask(&Request::Lock) {
            Ok(_) => ended = true,
            // One that still holds a key is reported, after the others end.
            Err(e) => why = why.or(Some(e)),
        }
    }
    why.map_or(Ok(ended), Err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::net::UnixListener;

    fn folder(mode: u32) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(mode)).unwrap();
        d
    }

    /// The agent says why it refuses in a word the client reads back;
    /// an older agent's sentence is kept as it is.
    #[test]
    fn refusals_cross_the_wire_as_words() {
        for r in [
            Refusal::Installer,
            Refusal::NotARequest,
            Refusal::TooLong,
            Refusal::NotX25519,
            Refusal::NotUnlocked,
            Refusal::BadStanza,
            Refusal::BadDigest,
        ] {
            assert_eq!(Refusal::from_word(r.word()), r);
        }
        let old = Response {
            why: Some("not unlocked".into()),
            ..Response::default()
        };
        assert_eq!(old.refusal(), Some(Refusal::Other("not unlocked".into())));
    }

    #[test]
    fn a_named_socket_folder_is_the_users_and_written_by_no_one_else() {
        for (mode, ok) in [
            (0o700, true),
            (0o755, true),
            (0o775, false),
            (0o757, false),
            (0o1777, false), // as /tmp itself
        ] {
            let d = folder(mode);
            let r = check_named_dir(&d.path().join("agent.sock"));
            assert_eq!(r.is_ok(), ok, "mode {mode:o}: {r:?}");
        }
        // A symlink to a good folder is not the folder.
        let d = folder(0o700);
        let link = d.path().join("link");
        std::os::unix::fs::symlink(d.path(), &link).unwrap();
        assert!(matches!(
            check_named_dir(&link.join("agent.sock")),
            Err(AgentError::Unsafe(_))
        ));
    }

    #[test]
    fn only_a_socket_of_the_users_own_listener_is_connected_to() {
        let d = folder(0o700);
        let sock = d.path().join("agent.sock");
        assert!(matches!(
            connect_checked(&sock, true),
            Err(AgentError::NotRunning)
        ));
        let _listener = UnixListener::bind(&sock).unwrap();
        assert!(connect_checked(&sock, true).is_ok());
        // The same listener, its folder opened to others: not used.
        std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        assert!(matches!(
            connect_checked(&sock, true),
            Err(AgentError::Unsafe(_))
        ));
        // Not a socket at all.
        let d = folder(0o700);
        let file = d.path().join("agent.sock");
        std::fs::write(&file, b"").unwrap();
        let e = connect_checked(&file, true).err().unwrap();
        assert!(
            matches!(&e, AgentError::Unsafe(Unsafe::NotASocket(p)) if *p == file),
            "{e:?}"
        );
    }
}
