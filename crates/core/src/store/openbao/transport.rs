//! How requests reach an OpenBao / Vault cluster: several node addresses,
//! failover, retries within one deadline, read-your-writes, and the Vault
//! CLI's environment conventions. The store above says *what* to ask
//! (`GET secret/data/…`); this module decides *whom* and *when*.
//!
//! The rules, per request:
//!
//! | the node…                              | then                                            |
//! |----------------------------------------|-------------------------------------------------|
//! | cannot be connected to / times out     | next node; again in a later round               |
//! | is sealed                              | next node; not again for this request           |
//! | refuses our TLS client certificate, or | next node; not again for this request (the      |
//! | wants one we did not give (TLS alert)  | error names the fault the server found)         |
//! | answers 307/308 naming the leader      | that node next, if it is configured, or both it |
//! |                                        | and the redirecting node are loopback; else the |
//! |                                        | token is not sent there (see below)             |
//! | answers 429 (rate limit quota)         | next node; the round waits `Retry-After`        |
//! | answers 412 (not caught up) or 5xx     | next node; again in a later round               |
//! | answers anything else                  | that is the answer (403, 404, 400 included)     |
//!
//! A round tries each node once, starting with the one that last answered.
//! Between rounds: jittered exponential backoff (100 ms doubling to 2 s),
//! or longer when a node asked for it with `Retry-After`. All of it fits in
//! one deadline (`--timeout`, config `timeout`, default 10 s); a wait that
//! would pass it is not begun, and the error names each node's last state.
//! A frozen node costs at most the connect (2 s) or answer (5 s) timeout.
//!
//! Why a redirect is not always followed: the token goes with every request,
//! and a `Location` is chosen by whoever answered. The leader's `api_addr`
//! is one of the cluster's addresses, so a fleet lists them all; an address
//! outside that list gets the token only when both ends are this machine.
//!
//! Read-your-writes: OpenBao 2.x standbys answer reads from their own copy,
//! which lags the leader. The `X-Vault-Index` of each write is sent, with
//! `X-Vault-Inconsistent: forward-active-node`, on every later request of
//! the same command, so a node that has not caught up forwards it.
//!
//! The environment, as the `bao`/`vault` CLI reads it: `BAO_ADDR` (also a
//! comma-separated list) overrides the configured addresses (applied where
//! the config is read: [`env_addresses`]); `BAO_CACERT`,
//! `BAO_CAPATH`, `BAO_CLIENT_CERT`, `BAO_CLIENT_KEY`, `BAO_NAMESPACE` (each
//! also as `VAULT_*`) override the config's.

use super::reason::{CertRefusal, Trouble};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::OnceLock;
use std::sync::atomic::AtomicUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::Method;
use reqwest::blocking::Client;
use zeroize::Zeroizing;

use super::super::{Remedy, StoreError};
use super::{Fix, Unavailable, unavailable};
use crate::config::OpenBaoConfig;
use crate::fsutil;
use crate::secret::Secret;

/// The overall deadline of one request, retries included, unless the
/// config or `--timeout` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// A node that does not accept the connection by then is skipped.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// A node that does not answer by then is skipped (a frozen process).
const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);
/// First wait between rounds; doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(2);
/// Redirects followed for one request (a loop between standbys ends).
const MAX_REDIRECTS: usize = 3;

/// The command being run, for the User-Agent (`chopvault/1.2 (get; host)`).
static COMMAND: OnceLock<&'static str> = OnceLock::new();
/// The failover line is said once per process.
static SAID_FAILOVER: AtomicBool = AtomicBool::new(false);

/// Names the command for every later request's User-Agent. Called once,
/// by `run`, before any store is opened.
pub fn set_command(name: &'static str) {
    let _ = COMMAND.set(name);
}

fn user_agent() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_graphic()))
        .unwrap_or_else(|| "unknown".into());
    format!(
        "chopvault/{} ({}; {host})",
        env!("CARGO_PKG_VERSION"),
        COMMAND.get().copied().unwrap_or("library")
    )
}

/// The first set variable of `names`, if not empty.
fn env_of(names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|n| std::env::var(n).ok())
        .filter(|v| !v.trim().is_empty())
}

/// The addresses `BAO_ADDR`/`VAULT_ADDR` name (a comma separates
/// several), which override a config's for one command.
pub fn env_addresses() -> Option<Vec<String>> {
    let v = env_of(&["BAO_ADDR", "VAULT_ADDR"])?;
    Some(v.split(',').map(|a| a.trim().to_string()).collect())
}

fn addresses(cfg: &OpenBaoConfig) -> Vec<String> {
    cfg.addr
        .iter()
        .map(|a| a.trim().trim_end_matches('/').to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

/// The request timeout a config asks for.
pub fn deadline_of(cfg: &OpenBaoConfig) -> Duration {
    cfg.timeout
        .as_deref()
        .and_then(|t| crate::config::parse_duration(t).ok())
        .unwrap_or(DEFAULT_TIMEOUT)
}

/// `scheme://host[:port]` of a URL, lowercased: what "the same node" means.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    (!authority.is_empty()).then(|| format!("{scheme}://{authority}").to_ascii_lowercase())
}

/// A URL naming this machine (`127.0.0.0/8`, `[::1]`, `localhost`).
fn is_loopback(url: &str) -> bool {
    let Some(o) = origin(url) else { return false };
    let authority = o.split("://").nth(1).unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A request, described so that it can be sent to any node, as often as
/// needed. Built like reqwest's (`get`, `query`, `header`, `body`).
pub struct Req {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<Zeroizing<Vec<u8>>>,
    token: ReqToken,
}

/// Which token a request carries.
enum ReqToken {
    /// The command's (the store's, or the login's once made).
    Session,
    /// None: a login, or an unwrap that carries its own.
    Without,
    /// This one (a wrapping token; a token being looked up or renewed).
    Given(Secret),
}

impl Req {
    /// Adds query parameters.
    pub fn query<V: ToString>(mut self, pairs: &[(&str, V)]) -> Self {
        self.query
            .extend(pairs.iter().map(|(k, v)| ((*k).to_string(), v.to_string())));
        self
    }

    /// Adds a header (never one holding a secret: see [`Transport`]).
    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }

    /// The body; zeroized when the request is done with.
    pub fn body(mut self, body: Zeroizing<Vec<u8>>) -> Self {
        self.body = Some(body);
        self
    }

    /// Sent without a token (a login).
    pub fn without_token(mut self) -> Self {
        self.token = ReqToken::Without;
        self
    }

    /// Sent with this token instead of the command's.
    pub fn with_token(mut self, token: &Secret) -> Self {
        self.token = ReqToken::Given(token.clone());
        self
    }

    fn writes(&self) -> bool {
        !matches!(self.method.as_str(), "GET" | "LIST" | "HEAD")
    }
}

/// One node's answer: status and body.
pub type Answer = (u16, Zeroizing<Vec<u8>>);

/// The connection to a cluster, for one command.
pub struct Transport {
    http: Client,
    nodes: Vec<String>,
    /// The command's token: given, or set once a login has made one.
    token: Mutex<Secret>,
    namespace: Option<String>,
    deadline: Duration,
    /// The node that answered last: asked first next time.
    preferred: AtomicUsize,
    /// `X-Vault-Index` of this command's last write.
    index: Mutex<Option<String>>,
    /// Whether TLS presents a client certificate (a server's certificate
    /// alert then is about ours; without one, it asks for one).
    client_cert: bool,
}

/// A certificate or key file, bounded (a huge or sparse file is an error,
/// not a crash) and read into a zeroizing buffer (a client key is secret).
fn read_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    Ok(fsutil::read_reserved(path, fsutil::MAX_SETTINGS_FILE)?)
}

impl Transport {
    /// Builds the HTTPS client: the system roots plus the CA file and CA
    /// folder given, the client certificate if any, the short timeouts.
    pub fn new(cfg: &OpenBaoConfig, token: Secret) -> Result<Self, StoreError> {
        crate::tls::init();
        let nodes = addresses(cfg);
        if nodes.is_empty() {
            return Err(unavailable(Unavailable::NoAddress, Fix::ServerUp));
        }
        let mut builder = Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .user_agent(user_agent())
            .redirect(reqwest::redirect::Policy::none());
        let env_path = |names: &[&str]| env_of(names).map(PathBuf::from);
        let bad_ca = |ca: &Path| unavailable(Unavailable::NotPem(ca.to_path_buf()), Fix::GiveCa);
        let ca_file = env_path(&["BAO_CACERT", "VAULT_CACERT"]).or_else(|| cfg.ca_cert.clone());
        let mut ca_files: Vec<PathBuf> = ca_file.into_iter().collect();
        if let Some(dir) = env_path(&["BAO_CAPATH", "VAULT_CAPATH"]) {
            let listed = std::fs::read_dir(&dir)
                .map_err(|e| fsutil::FsError::io(fsutil::Action::Read, &dir, e))?;
            let mut found: Vec<PathBuf> = listed
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            found.sort();
            ca_files.extend(found);
        }
        for ca in &ca_files {
            let pem = read_file(ca)?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|_| bad_ca(ca))?;
            if certs.is_empty() {
                return Err(bad_ca(ca));
            }
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        // Plain HTTP nodes (a loopback test server, `bao agent`'s proxy on
        // 127.0.0.1) need no roots: loading the system's (a file and a
        // folder of ~300 certificates) was a fifth of a `get`'s CPU time.
        if ca_files.is_empty() && nodes.iter().all(|n| n.starts_with("http://")) {
            builder = builder.tls_certs_only(Vec::new());
        }
        // The certificate `--auth cert` logs in with is the one TLS presents.
        let from_auth =
            |f: fn(&crate::config::OpenBaoAuth) -> Option<PathBuf>| cfg.auth.as_ref().and_then(f);
        let cert = env_path(&["BAO_CLIENT_CERT", "VAULT_CLIENT_CERT"])
            .or(cfg.client_cert.clone())
            .or_else(|| from_auth(|a| a.client_cert.clone()));
        let key = env_path(&["BAO_CLIENT_KEY", "VAULT_CLIENT_KEY"])
            .or(cfg.client_key.clone())
            .or_else(|| from_auth(|a| a.client_key.clone()));
        let client_cert = cert.is_some() && key.is_some();
        match (cert, key) {
            (Some(cert), Some(key)) => {
                // The key is a secret: read into a buffer zeroized after use.
                let mut pem = read_file(&cert)?;
                pem.push(b'\n');
                pem.extend_from_slice(&read_file(&key)?);
                let id = reqwest::Identity::from_pem(&pem).map_err(|_| {
                    unavailable(
                        Unavailable::ClientCertUnusable {
                            cert: cert.clone(),
                            key: key.clone(),
                        },
                        Fix::ClientCertificate,
                    )
                })?;
                builder = builder.identity(id);
            }
            (None, None) => {}
            _ => {
                return Err(unavailable(
                    Unavailable::ClientCertHalf,
                    Fix::ClientCertificate,
                ));
            }
        }
        let http = builder
            .build()
            .map_err(|e| unavailable(Unavailable::NoHttps(e), Fix::CheckCa))?;
        Ok(Transport {
            http,
            nodes,
            token: Mutex::new(token),
            namespace: env_of(&["BAO_NAMESPACE", "VAULT_NAMESPACE"])
                .or(cfg.namespace.clone())
                .map(|n| n.trim_matches('/').to_string())
                .filter(|n| !n.is_empty()),
            deadline: deadline_of(cfg),
            preferred: AtomicUsize::new(0),
            index: Mutex::new(None),
            client_cert,
        })
    }

    /// The node asked first (the one that answered last).
    pub fn addr(&self) -> &str {
        &self.nodes[self.preferred.load(Ordering::Relaxed)]
    }

    /// The configured nodes.
    pub fn nodes(&self) -> &[String] {
        &self.nodes
    }

    /// Asks the active node first from now on: a command about to write
    /// checks its version there, not on a standby whose copy may lag (a
    /// check-and-set on a stale version fails). The node's own word
    /// (`is_self` in `sys/leader`) decides, not the address another node
    /// names: that address is the leader's `api_addr`, which a host may
    /// spell otherwise (a name for an IP), and a just-restarted standby
    /// names none for a moment. So the named node is asked next, then the
    /// others in turn: one request when the first node leads, two in the
    /// usual case. Whether a node said it leads; with one node there is
    /// no choice to make.
    pub fn prefer_leader(&self) -> bool {
        #[derive(serde::Deserialize)]
        struct Leader {
            #[serde(default)]
            is_self: bool,
            #[serde(default)]
            leader_address: String,
        }
        let n = self.nodes.len();
        if n < 2 {
            return true;
        }
        let start = Instant::now();
        let req = self.get("sys/leader");
        let first = self.preferred.load(Ordering::Relaxed);
        let mut asked = vec![false; n];
        let mut named: Option<usize> = None;
        loop {
            let Some(i) = named
                .take()
                .filter(|&k| !asked[k])
                .or_else(|| (0..n).map(|k| (first + k) % n).find(|&k| !asked[k]))
            else {
                return false;
            };
            asked[i] = true;
            let left = self.deadline.saturating_sub(start.elapsed());
            if left.is_zero() {
                return false;
            }
            let Ok((200, body)) = self.attempt(&self.nodes[i], &req, left) else {
                continue;
            };
            let Ok(leader) = serde_json::from_slice::<Leader>(&body) else {
                continue;
            };
            if leader.is_self {
                self.preferred.store(i, Ordering::Relaxed);
                return true;
            }
            named = origin(&leader.leader_address).and_then(|o| {
                self.nodes
                    .iter()
                    .position(|a| origin(a).as_ref() == Some(&o))
            });
        }
    }

    /// A request for `PATH` under `/v1/` with any method (`LIST` too).
    pub fn request(&self, method: &str, path: impl Into<String>) -> Req {
        Req {
            method: Method::from_bytes(method.as_bytes()).expect("an HTTP method"),
            path: path.into().trim_start_matches('/').to_string(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            token: ReqToken::Session,
        }
    }

    /// The fingerprint of the command's token (never the token).
    pub fn token_fingerprint(&self) -> String {
        self.token
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .fingerprint()
    }

    /// Sets the command's token (after a login).
    pub fn set_token(&self, token: Secret) {
        *self
            .token
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = token;
    }

    /// `GET /v1/PATH`.
    pub fn get(&self, path: impl Into<String>) -> Req {
        self.request("GET", path)
    }

    /// `POST /v1/PATH`.
    pub fn post(&self, path: impl Into<String>) -> Req {
        self.request("POST", path)
    }

    /// `DELETE /v1/PATH`.
    pub fn delete(&self, path: impl Into<String>) -> Req {
        self.request("DELETE", path)
    }

    /// Sends `req` to the first node that can answer it, within the
    /// deadline (the rules are in the module doc). The answer may be any
    /// status the caller must judge (200, 204, 400, 403, 404…).
    pub fn send(&self, req: &Req) -> Result<Answer, StoreError> {
        let start = Instant::now();
        let first = self.addr().to_string();
        // The last trouble with each node (configured ones, then any
        // loopback leader a redirect named).
        let mut nodes = self.nodes.clone();
        let mut troubles: Vec<Option<Trouble>> = vec![None; nodes.len()];
        let mut round = 0u32;
        loop {
            let mut order: Vec<usize> = (0..nodes.len()).collect();
            order.rotate_left(self.preferred.load(Ordering::Relaxed).min(nodes.len() - 1));
            let mut redirects = 0;
            let mut i = 0;
            let mut pause: Option<Duration> = None;
            while i < order.len() {
                let n = order[i];
                i += 1;
                if troubles[n].as_ref().is_some_and(|t| !t.passing()) {
                    continue;
                }
                let left = self.deadline.saturating_sub(start.elapsed());
                if left.is_zero() {
                    break;
                }
                match self.attempt(&nodes[n], req, left) {
                    Ok(answer) => {
                        if n < self.nodes.len() {
                            self.preferred.store(n, Ordering::Relaxed);
                        }
                        if nodes[n] != first && !SAID_FAILOVER.swap(true, Ordering::Relaxed) {
                            let why = troubles
                                .iter()
                                .zip(&nodes)
                                .find(|(_, a)| **a == first)
                                .and_then(|(t, _)| t.clone());
                            crate::notice::emit(crate::notice::Notice::BaoFailover {
                                node: nodes[n].clone(),
                                first: first.clone(),
                                why,
                            });
                        }
                        return Ok(answer);
                    }
                    Err(Attempt::Redirect(to)) => {
                        let known = nodes.iter().position(|a| origin(a) == Some(to.clone()));
                        let follow = match known {
                            Some(k) => Some(k),
                            None if is_loopback(&to) && is_loopback(&nodes[n]) => {
                                nodes.push(to.clone());
                                troubles.push(None);
                                Some(nodes.len() - 1)
                            }
                            None => None,
                        };
                        troubles[n] = Some(Trouble::Standby {
                            leader: Some(to.clone()),
                        });
                        if let Some(k) = follow
                            && redirects < MAX_REDIRECTS
                            && k != n
                        {
                            redirects += 1;
                            // Ask the leader now, then go on with the round.
                            order.insert(i, k);
                        }
                    }
                    Err(Attempt::Trouble(t)) => {
                        if let Trouble::RateLimited { wait: Some(w) } = &t {
                            pause = Some(pause.map_or(*w, |p| p.max(*w)));
                        }
                        troubles[n] = Some(t);
                    }
                }
            }
            let still = troubles
                .iter()
                .any(|t| t.as_ref().is_none_or(Trouble::passing));
            let backoff = jittered(
                FIRST_BACKOFF
                    .saturating_mul(1 << round.min(5))
                    .min(MAX_BACKOFF),
            );
            let wait = pause.map_or(backoff, |p| p.max(backoff));
            if !still || start.elapsed() + wait >= self.deadline {
                return Err(self.give_up(&nodes, &troubles));
            }
            std::thread::sleep(wait);
            round += 1;
        }
    }

    /// One try at one node.
    fn attempt(&self, node: &str, req: &Req, left: Duration) -> Result<Answer, Attempt> {
        use std::io::Read as _;
        let mut r = self
            .http
            .request(req.method.clone(), format!("{node}/v1/{}", req.path))
            .timeout(left.min(ANSWER_TIMEOUT));
        match &req.token {
            ReqToken::Session => {
                let token = self
                    .token
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                r = r.header("X-Vault-Token", token.expose());
            }
            ReqToken::Given(t) => r = r.header("X-Vault-Token", t.expose()),
            ReqToken::Without => {}
        }
        if !req.query.is_empty() {
            r = r.query(&req.query);
        }
        for (name, value) in &req.headers {
            r = r.header(*name, value);
        }
        if let Some(ns) = &self.namespace {
            r = r.header("X-Vault-Namespace", ns);
        }
        if let Some(index) = self
            .index
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_deref()
        {
            r = r
                .header("X-Vault-Index", index)
                .header("X-Vault-Inconsistent", "forward-active-node");
        }
        if let Some(body) = &req.body {
            // A copy per try, owned by reqwest and zeroized when it is done.
            let copy = Zeroizing::new(body.to_vec());
            let len = copy.len() as u64;
            r = r.body(reqwest::blocking::Body::sized(
                ZeroizingReader::new(copy),
                len,
            ));
        }
        let resp = r
            .send()
            .map_err(|e| Attempt::Trouble(transport_trouble(&e, self.client_cert)))?;
        let status = resp.status().as_u16();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let location = header("location");
        let retry_after = header("retry-after")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let index = header("x-vault-index");
        let mut body = Zeroizing::new(Vec::with_capacity(
            resp.content_length().unwrap_or(0).min(1 << 20) as usize + 1,
        ));
        resp.take(16 << 20)
            .read_to_end(&mut body)
            .map_err(|e| Attempt::Trouble(Trouble::Broken(e.to_string())))?;
        let errors = || server_errors(&body);
        match status {
            307 | 308 => Err(match location.as_deref().and_then(origin) {
                Some(to) => Attempt::Redirect(to),
                None => Attempt::Trouble(Trouble::Standby { leader: None }),
            }),
            429 => Err(Attempt::Trouble(Trouble::RateLimited { wait: retry_after })),
            412 => Err(Attempt::Trouble(Trouble::NotCaughtUp)),
            503 if errors().contains("sealed") => Err(Attempt::Trouble(Trouble::Sealed)),
            // During an election a standby answers 400 or 5xx with "local
            // node not active but active cluster node not found".
            400 | 500..=599 if leaderless(&errors()) => {
                Err(Attempt::Trouble(Trouble::Standby { leader: None }))
            }
            // A mount enabled but never configured says so from every
            // node, every time: that is the answer, not a node's trouble.
            500 if unconfigured(&errors()) => Ok((status, body)),
            s if s >= 500 => Err(Attempt::Trouble(Trouble::Server {
                status: s,
                errors: errors(),
            })),
            s => {
                if req.writes()
                    && (200..300).contains(&s)
                    && let Some(index) = index
                {
                    *self
                        .index
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(index);
                }
                Ok((s, body))
            }
        }
    }

    /// The error after every node failed: its cause, each node's state
    /// when there are several, and what to do.
    fn give_up(&self, nodes: &[String], troubles: &[Option<Trouble>]) -> StoreError {
        let seen: Vec<(&String, &Trouble)> = nodes
            .iter()
            .zip(troubles)
            .filter_map(|(n, t)| t.as_ref().map(|t| (n, t)))
            .collect();
        let any = |f: fn(&Trouble) -> bool| seen.iter().any(|(_, t)| f(t));
        let all = |f: fn(&Trouble) -> bool| !seen.is_empty() && seen.iter().all(|(_, t)| f(t));
        // The hint follows the cause that a person can act on first.
        let hint: Remedy = if any(|t| matches!(t, Trouble::RateLimited { .. })) {
            Fix::RateLimit.into()
        } else if any(|t| matches!(t, Trouble::ClientCertRefused(_))) {
            Fix::ClientCertificateRefused.into()
        } else if any(|t| matches!(t, Trouble::ClientCertWanted)) {
            Fix::ClientCertificate.into()
        } else if any(|t| matches!(t, Trouble::Certificate)) {
            Remedy::TrustCa
        } else if let Some((_, Trouble::Standby { leader: Some(l) })) = seen
            .iter()
            .find(|(_, t)| matches!(t, Trouble::Standby { leader: Some(_) }))
        {
            Fix::AddLeader(l.clone()).into()
        } else if all(|t| matches!(t, Trouble::Sealed)) {
            Fix::Unseal.into()
        } else if any(|t| matches!(t, Trouble::Server { .. })) {
            Fix::Health.into()
        } else {
            Fix::ServerUp.into()
        };
        if let [(node, trouble)] = seen.as_slice() {
            return unavailable(
                Unavailable::Unreached {
                    addr: (*node).clone(),
                    trouble: (*trouble).clone(),
                },
                hint,
            );
        }
        unavailable(
            Unavailable::NoNodeAnswered {
                deadline: self.deadline,
                nodes: seen
                    .into_iter()
                    .map(|(n, t)| (n.clone(), t.clone()))
                    .collect(),
            },
            hint,
        )
    }
}

enum Attempt {
    /// 307/308 to this origin.
    Redirect(String),
    Trouble(Trouble),
}

/// A failed request's cause. A TLS alert from the server is about our
/// client certificate (the server's own certificate failing is our
/// error, not an alert): that we gave none when it wants one, or which
/// fault it found in ours. Neither is worth asking that node again.
fn transport_trouble(e: &reqwest::Error, client_cert: bool) -> Trouble {
    use rustls::AlertDescription as A;
    match alert_received(e) {
        Some(A::CertificateRequired) => return Trouble::ClientCertWanted,
        Some(
            A::BadCertificate
            | A::UnsupportedCertificate
            | A::CertificateUnknown
            | A::UnknownCA
            | A::CertificateExpired
            | A::CertificateRevoked
            | A::AccessDenied,
        ) if !client_cert => return Trouble::ClientCertWanted,
        Some(A::UnknownCA) => return Trouble::ClientCertRefused(CertRefusal::UnknownCa),
        Some(A::CertificateExpired) => return Trouble::ClientCertRefused(CertRefusal::Expired),
        Some(A::CertificateRevoked) => return Trouble::ClientCertRefused(CertRefusal::Revoked),
        Some(
            A::BadCertificate | A::UnsupportedCertificate | A::CertificateUnknown | A::AccessDenied,
        ) => return Trouble::ClientCertRefused(CertRefusal::Other),
        _ => {}
    }
    if crate::tls::is_client_certificate_error(e) {
        Trouble::ClientCertWanted
    } else if crate::tls::is_certificate_error(e) {
        Trouble::Certificate
    } else {
        Trouble::Unreachable {
            timed_out: e.is_timeout(),
        }
    }
}

/// The TLS alert the server sent, if that is why the request failed
/// (rustls reports it inside an I/O error, inside hyper's, inside
/// reqwest's).
fn alert_received(e: &reqwest::Error) -> Option<rustls::AlertDescription> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        let tls = err.downcast_ref::<rustls::Error>().or_else(|| {
            err.downcast_ref::<std::io::Error>()
                .and_then(std::io::Error::get_ref)
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        });
        if let Some(rustls::Error::AlertReceived(alert)) = tls {
            return Some(*alert);
        }
        source = err.source();
    }
    None
}

/// The `errors` of a Vault error answer, cleaned for a terminal.
pub fn server_errors(body: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct Errors {
        #[serde(default)]
        errors: Vec<String>,
    }
    serde_json::from_slice::<Errors>(body)
        .map(|e| crate::text::from_server(&e.errors.join("; ")))
        .unwrap_or_default()
}

/// A standby's words for "there is no leader to ask now", and a KV v2
/// mount's on a newly elected leader: "Waiting for the primary to upgrade
/// from non-versioned to versioned data…" (OpenBao 2.7, for a moment after
/// every election; seen under load in the cluster test).
fn leaderless(errors: &str) -> bool {
    let e = errors.to_ascii_lowercase();
    e.contains("not active")
        || e.contains("standby")
        || e.contains("no leader")
        || e.contains("waiting for the primary")
}

/// An auth mount's words for "I was enabled but never configured", until
/// `bao write auth/MOUNT/config …`: kubernetes says "could not load backend
/// configuration" with a 500 (an answer here, not a node's trouble), jwt/oidc
/// "could not load configuration" with a 400 (an answer anyway).
pub fn unconfigured(errors: &str) -> bool {
    let e = errors.to_ascii_lowercase();
    e.contains("could not load backend configuration") || e.contains("could not load configuration")
}

/// `d` scaled by a random factor in [0.5, 1): rounds of many hosts that
/// failed together do not retry together.
fn jittered(d: Duration) -> Duration {
    let r = getrandom::u32().unwrap_or(u32::MAX / 2);
    d.mul_f64(0.5 + f64::from(r) / f64::from(u32::MAX) / 2.0)
}

/// An owned body that zeroizes itself when reqwest is done with it.
struct ZeroizingReader {
    buf: Zeroizing<Vec<u8>>,
    at: usize,
}

impl ZeroizingReader {
    fn new(buf: Zeroizing<Vec<u8>>) -> Self {
        ZeroizingReader { buf, at: 0 }
    }
}

impl std::io::Read for ZeroizingReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let rest = &self.buf[self.at..];
        let n = rest.len().min(out.len());
        out[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_and_authority() {
        assert_eq!(
            origin("http://127.0.0.2:8200/v1/secret/data/x").as_deref(),
            Some("http://127.0.0.2:8200")
        );
        assert_eq!(
            origin("HTTPS://Bao.Example:8200").as_deref(),
            Some("https://bao.example:8200")
        );
        assert_eq!(origin("/v1/secret"), None);
        assert!(is_loopback("http://127.0.0.3:1/v1"));
        assert!(!is_loopback("http://127.example.org:1"));
    }

    #[test]
    fn jitter_stays_within_half_to_whole() {
        for _ in 0..100 {
            let j = jittered(Duration::from_millis(1000));
            assert!(j >= Duration::from_millis(500) && j <= Duration::from_millis(1000));
        }
    }

    #[test]
    fn user_agent_names_version_command_and_host() {
        let ua = user_agent();
        assert!(ua.starts_with(&format!("chopvault/{} (", env!("CARGO_PKG_VERSION"))));
        assert!(ua.ends_with(')'));
    }
}
