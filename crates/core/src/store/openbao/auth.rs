//! How chopvault gets and keeps an OpenBao token.
//!
//! Two sources:
//! - **A token given to it** (`BAO_TOKEN`/`VAULT_TOKEN`, a 0600 token file,
//!   the OS keyring): used as it is, and renewed (`auth/token/renew-self`)
//!   when it is renewable and more than half its lifetime is gone.
//! - **A login** (`[openbao.auth]` in the config: AppRole, TLS certificate,
//!   JWT, Kubernetes): the token it returns is cached in a 0600 file in the
//!   state folder, renewed the same way, and replaced by a new login when it
//!   cannot be renewed or has run out.
//!
//! What is known of the token (when it expires, whether it renews, for how
//! long a renewal lasts) is kept in that state folder too, so a command
//! asks the server about it only once per half-lifetime; for a given token
//! the file holds its fingerprint, never the token.
//!
//! A request refused with 403 is explained by asking `lookup-self`: when the
//! token itself is dead the person is told it expired (when, if known) or
//! was revoked, and to log in again or issue a new one: never to check a
//! policy that is fine.

use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::transport::Transport;
use super::{Fix, KEYRING_SERVICE, Misanswer, OpenBaoStore, Unavailable, unavailable};
use crate::config::{AuthMethod, OpenBaoAuth, OpenBaoConfig};
use crate::fsutil;
use crate::secret::Secret;
use crate::store::StoreError;

/// Where a Kubernetes pod finds its service-account token.
pub const KUBERNETES_JWT: &str = "/var/run/secrets/kubernetes.io/serviceaccount/token";

/// What is known of the token in use.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Lease {
    /// The token itself, for a login's token (never for a given one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    token: Option<Zeroizing<String>>,
    /// Fingerprint of the token this describes.
    #[serde(default)]
    fingerprint: String,
    /// When it runs out; `None`: never (a root or periodic-less token).
    #[serde(default)]
    pub expires: Option<Timestamp>,
    /// How long one renewal (or the login) grants, in seconds.
    #[serde(default)]
    period: u64,
    /// Whether the server renews it.
    #[serde(default)]
    renewable: bool,
}

impl Lease {
    /// Seconds left, `None` when it never expires.
    pub fn seconds_left(&self, now: Timestamp) -> Option<i64> {
        self.expires.map(|e| e.as_second() - now.as_second())
    }

    /// More than half its lifetime gone.
    fn half_gone(&self, now: Timestamp) -> bool {
        match self.expires {
            Some(e) => e.as_second() - now.as_second() < (self.period.div_ceil(2)) as i64,
            None => false,
        }
    }

    fn run_out(&self, now: Timestamp) -> bool {
        self.expires.is_some_and(|e| e <= now)
    }
}

/// The token a store uses, and what is known of it.
pub struct Session {
    /// The token.
    pub token: Secret,
    /// Its lifetime, when known.
    pub lease: Option<Lease>,
    /// Whether it came from a login (a dead one is replaced by logging in).
    pub login: bool,
}

/// The state file describing the token of this server (given or logged in).
pub fn lease_file(cfg: &OpenBaoConfig) -> Option<PathBuf> {
    let paths = crate::paths::Paths::from_env()?;
    let key = format!("{}|{}|{}", cfg.primary_addr(), cfg.mount, cfg.prefix);
    let hash = crate::secret::fingerprint_of(key.as_bytes());
    let short: String = hash
        .trim_start_matches("sha256:")
        .chars()
        .take(16)
        .collect();
    let kind = if cfg.auth.is_some() { "login" } else { "token" };
    Some(paths.state_dir.join(format!("openbao-{short}.{kind}.json")))
}

/// Where a secret id unwrapped at `init` is kept (0600, state folder).
pub fn secret_id_file(cfg: &OpenBaoConfig) -> Option<PathBuf> {
    lease_file(cfg).map(|p| p.with_extension("").with_extension("secret-id"))
}

/// What the state folder says of this server's token, if anything.
pub fn cached_lease(cfg: &OpenBaoConfig) -> Option<Lease> {
    let path = lease_file(cfg)?;
    let bytes = fsutil::read_private(&path, fsutil::MAX_SETTINGS_FILE).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn save_lease(cfg: &OpenBaoConfig, lease: &Lease) {
    // A lease that cannot be kept costs a lookup or a login next time,
    // nothing else: a read-only state folder does not stop the command.
    let Some(path) = lease_file(cfg) else { return };
    if fsutil::ensure_private_dir(fsutil::parent_of(&path)).is_err() {
        return;
    }
    let json = Zeroizing::new(serde_json::to_vec(lease).expect("a lease serialises"));
    let _ = fsutil::atomic_write(&path, &json);
}

/// Forgets a cached login token (it was refused).
pub fn forget_lease(cfg: &OpenBaoConfig) {
    if let Some(path) = lease_file(cfg) {
        let _ = std::fs::remove_file(path);
    }
}

/// Finds a given token: environment, token file, then the OS keyring.
pub fn find_token(cfg: &OpenBaoConfig) -> Result<Secret, StoreError> {
    for var in ["BAO_TOKEN", "VAULT_TOKEN"] {
        if let Some(v) = std::env::var_os(var) {
            let v = Zeroizing::new(v.into_encoded_bytes());
            return Secret::parse(&v).map_err(|why| {
                unavailable(Unavailable::BadTokenVar { var, why }, Fix::TokenItself)
            });
        }
    }
    if let Some(file) = &cfg.token_file {
        let bytes = fsutil::read_private(file, fsutil::MAX_SECRET_FILE)?;
        return Secret::parse(&bytes).map_err(|why| {
            unavailable(
                Unavailable::BadTokenFile {
                    file: file.clone(),
                    why,
                },
                Fix::TokenAlone,
            )
        });
    }
    let keyring = crate::store::keyring::KeyringStore::open(Duration::from_secs(3));
    if let Ok(mut kr) = keyring {
        match kr.get_in_service(KEYRING_SERVICE, cfg.primary_addr()) {
            Ok(t) => return Ok(t),
            Err(StoreError::NotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Err(unavailable(
        Unavailable::NoToken {
            addr: cfg.primary_addr().to_string(),
        },
        Fix::SetToken,
    ))
}

/// `{"auth": {...}}`, the answer to a login or a renewal.
#[derive(Deserialize)]
struct AuthAnswer {
    auth: AuthBody,
}

#[derive(Deserialize)]
struct AuthBody {
    client_token: Zeroizing<String>,
    #[serde(default)]
    lease_duration: u64,
    #[serde(default)]
    renewable: bool,
}

/// `auth/token/lookup-self`.
#[derive(Deserialize)]
struct LookupAnswer {
    data: LookupBody,
}

#[derive(Deserialize)]
struct LookupBody {
    #[serde(default)]
    ttl: u64,
    #[serde(default)]
    creation_ttl: u64,
    #[serde(default)]
    renewable: bool,
    #[serde(default)]
    expire_time: Option<String>,
}

/// `sys/wrapping/unwrap` of a secret id.
#[derive(Deserialize)]
struct UnwrapAnswer {
    data: UnwrapBody,
}

#[derive(Deserialize)]
struct UnwrapBody {
    secret_id: Zeroizing<String>,
}

/// One request outside a store's `send`: a login (no token yet), or one
/// carrying a given token (a wrapping token; the token being renewed or
/// looked up). It goes through the command's [`Transport`], so a login
/// fails over between nodes like any request.
fn request(
    http: &Transport,
    path: &str,
    token: Option<&Secret>,
    body: Option<&[u8]>,
) -> Result<(u16, Zeroizing<Vec<u8>>), StoreError> {
    let req = match body {
        Some(b) => http
            .post(path)
            .header("Content-Type", "application/json")
            .body(Zeroizing::new(b.to_vec())),
        None => http.get(path),
    };
    let req = match token {
        Some(t) => req.with_token(t),
        None => req.without_token(),
    };
    http.send(&req)
}

fn server_errors(body: &[u8]) -> String {
    super::transport::server_errors(body)
}

fn bad_answer(addr: &str, what: &str) -> StoreError {
    StoreError::BadAnswer {
        from: addr.to_string(),
        about: what.to_string(),
        why: Misanswer::NotAuthAnswer,
    }
}

/// Reads a one-line secret (role id, secret id, JWT) from a file that must
/// be private (a role id may be readable: it is not secret).
fn read_secret_file(path: &Path, private: bool) -> Result<Secret, StoreError> {
    let bytes = if private {
        fsutil::read_private(path, fsutil::MAX_SECRET_FILE)?
    } else {
        fsutil::read_reserved(path, fsutil::MAX_SECRET_FILE)?
    };
    Secret::parse(&bytes).map_err(|why| {
        unavailable(
            Unavailable::BadLoginFile {
                file: path.to_path_buf(),
                why,
            },
            Fix::TokenAlone,
        )
    })
}

/// Whether `candidate` is a response-wrapping token (`sys/wrapping/lookup`
/// answers for those only; it needs no token and spends nothing).
fn is_wrapping_token(http: &Transport, candidate: &Secret) -> bool {
    let body = Zeroizing::new(
        serde_json::to_vec(&serde_json::json!({ "token": candidate.expose() }))
            .expect("JSON serialises"),
    );
    matches!(
        request(http, "sys/wrapping/lookup", None, Some(&body)),
        Ok((200, _))
    )
}

/// At `init --auth approle`: when the secret-id file holds a wrapping token,
/// unwraps it (once: the token is spent) and keeps the secret id in a 0600
/// file in the state folder; returns the file the config should name.
pub fn settle_secret_id(
    http: &Transport,
    cfg: &OpenBaoConfig,
    given: &Path,
) -> Result<PathBuf, StoreError> {
    let candidate = read_secret_file(given, true)?;
    let addr = cfg.primary_addr().trim_end_matches('/');
    if !is_wrapping_token(http, &candidate) {
        return Ok(given.to_path_buf());
    }
    let (status, body) = request(http, "sys/wrapping/unwrap", Some(&candidate), Some(b"{}"))?;
    if status != 200 {
        return Err(unavailable(
            Unavailable::UnwrapRefused {
                errors: server_errors(&body),
            },
            Fix::NewWrappedSecretId,
        ));
    }
    let answer: UnwrapAnswer =
        serde_json::from_slice(&body).map_err(|_| bad_answer(addr, "sys/wrapping/unwrap"))?;
    let keep =
        secret_id_file(cfg).ok_or_else(|| unavailable(Unavailable::NoStateFolder, Fix::SetHome))?;
    fsutil::ensure_private_dir(fsutil::parent_of(&keep))?;
    fsutil::atomic_write(&keep, answer.data.secret_id.as_bytes())?;
    Ok(keep)
}

/// Logs in by the configured method; returns the token and its lease.
fn login(http: &Transport, cfg: &OpenBaoConfig, auth: &OpenBaoAuth) -> Result<Lease, StoreError> {
    let addr = cfg.primary_addr().trim_end_matches('/');
    let mount = auth
        .mount
        .clone()
        .unwrap_or_else(|| auth.method.default_mount().to_string());
    let mount = mount.trim_matches('/');
    let body = match auth.method {
        AuthMethod::AppRole => {
            let role_id =
                read_secret_file(auth.role_id_file.as_deref().unwrap_or(Path::new("")), false)?;
            let secret_id = read_secret_file(
                auth.secret_id_file.as_deref().unwrap_or(Path::new("")),
                true,
            )?;
            serde_json::json!({ "role_id": role_id.expose(), "secret_id": secret_id.expose() })
        }
        AuthMethod::Jwt | AuthMethod::Kubernetes => {
            let file = auth
                .jwt_file
                .clone()
                .unwrap_or_else(|| PathBuf::from(KUBERNETES_JWT));
            // Outside a pod the default path is simply not there: say that,
            // not "nothing is at this path".
            if auth.jwt_file.is_none() && !file.exists() {
                return Err(unavailable(
                    Unavailable::NoKubernetesToken,
                    Fix::KubernetesJwtFile,
                ));
            }
            // A service-account token is mounted 0644 by Kubernetes: not
            // ours to tighten.
            let private = auth.method == AuthMethod::Jwt;
            let jwt = read_secret_file(&file, private)?;
            serde_json::json!({ "role": auth.role, "jwt": jwt.expose() })
        }
        AuthMethod::Cert => match &auth.role {
            Some(r) => serde_json::json!({ "name": r }),
            None => serde_json::json!({}),
        },
    };
    let body = Zeroizing::new(serde_json::to_vec(&body).expect("JSON serialises"));
    let path = format!("auth/{mount}/login");
    let (status, answer) = request(http, &path, None, Some(&body))?;
    if status != 200 {
        let errors = server_errors(&answer);
        // kubernetes answers 500, jwt/oidc 400: the words are the same.
        let unconfigured = super::transport::unconfigured(&errors);
        return Err(unavailable(
            Unavailable::LoginRefused {
                method: auth.method,
                path,
                status,
                errors,
            },
            match auth.method {
                _ if unconfigured => Fix::ConfigureAuthMount {
                    method: auth.method,
                    mount: mount.to_string(),
                },
                // The mount only passes the token on: the API server judges it.
                AuthMethod::Kubernetes => Fix::LoginRefusedKubernetes {
                    mount: mount.to_string(),
                },
                _ => Fix::LoginRefused(auth.method),
            },
        ));
    }
    let answer: AuthAnswer =
        serde_json::from_slice(&answer).map_err(|_| bad_answer(addr, &path))?;
    Ok(lease_of(answer.auth, true))
}

fn lease_of(auth: AuthBody, keep_token: bool) -> Lease {
    let token = Secret::from_string(auth.client_token.as_str().to_string());
    Lease {
        fingerprint: token.fingerprint(),
        token: keep_token.then_some(auth.client_token),
        expires: (auth.lease_duration > 0).then(|| {
            Timestamp::now() + jiff::SignedDuration::from_secs(auth.lease_duration as i64)
        }),
        period: auth.lease_duration,
        renewable: auth.renewable,
    }
}

/// `auth/token/renew-self`; `None` when the server will not renew it.
fn renew(http: &Transport, token: &Secret, keep_token: bool) -> Option<Lease> {
    let (status, body) = request(http, "auth/token/renew-self", Some(token), Some(b"{}")).ok()?;
    if status != 200 {
        return None;
    }
    let answer: AuthAnswer = serde_json::from_slice(&body).ok()?;
    Some(lease_of(answer.auth, keep_token))
}

/// `auth/token/lookup-self`: what the server says of a token. `Ok(None)`:
/// the server refuses the token itself (expired, revoked).
fn lookup(
    http: &Transport,
    addr: &str,
    token: Option<&Secret>,
) -> Result<Option<Lease>, StoreError> {
    let req = http.get("auth/token/lookup-self");
    let (status, body) = match token {
        Some(t) => http.send(&req.with_token(t))?,
        None => http.send(&req)?,
    };
    match status {
        200 => {}
        401 | 403 => return Ok(None),
        s => {
            return Err(unavailable(
                Unavailable::TokenNotAccepted {
                    addr: addr.to_string(),
                    status: s,
                },
                Fix::CheckToken,
            ));
        }
    }
    let answer: LookupAnswer =
        serde_json::from_slice(&body).map_err(|_| bad_answer(addr, "auth/token/lookup-self"))?;
    let d = answer.data;
    let expires = d
        .expire_time
        .and_then(|t| t.parse::<Timestamp>().ok())
        .or_else(|| {
            (d.ttl > 0).then(|| Timestamp::now() + jiff::SignedDuration::from_secs(d.ttl as i64))
        });
    Ok(Some(Lease {
        token: None,
        fingerprint: token.map_or_else(|| http.token_fingerprint(), Secret::fingerprint),
        expires,
        period: if d.creation_ttl > 0 {
            d.creation_ttl
        } else {
            d.ttl
        },
        renewable: d.renewable,
    }))
}

/// The token for this command: a given one (renewed when due), or the
/// cached login token (renewed when due, replaced by a new login when it
/// cannot be).
pub fn establish(http: &Transport, cfg: &OpenBaoConfig) -> Result<Session, StoreError> {
    let addr = cfg.primary_addr().trim_end_matches('/');
    let now = Timestamp::now();
    let Some(auth) = &cfg.auth else {
        let token = find_token(cfg)?;
        // Unknown yet: asked once, then known until half of it is gone.
        let mut lease = match cached_lease(cfg).filter(|l| l.fingerprint == token.fingerprint()) {
            Some(l) => Some(l),
            // A dead token is explained by the first request it makes.
            None => lookup(http, addr, Some(&token))
                .ok()
                .flatten()
                .inspect(|l| save_lease(cfg, l)),
        };
        if let Some(l) = &lease
            && l.renewable
            && l.half_gone(now)
            && let Some(fresh) = renew(http, &token, false)
        {
            save_lease(cfg, &fresh);
            lease = Some(fresh);
        }
        return Ok(Session {
            token,
            lease,
            login: false,
        });
    };
    let cached = cached_lease(cfg).filter(|l| l.token.is_some() && !l.run_out(now));
    let lease = match cached {
        Some(l) if !l.half_gone(now) => l,
        Some(l) if l.renewable => {
            let token =
                Secret::from_string(l.token.as_deref().map(String::from).unwrap_or_default());
            match renew(http, &token, true) {
                Some(fresh) => fresh,
                None => login(http, cfg, auth)?,
            }
        }
        _ => login(http, cfg, auth)?,
    };
    save_lease(cfg, &lease);
    let token = Secret::from_string(lease.token.as_deref().map(String::from).unwrap_or_default());
    Ok(Session {
        token,
        lease: Some(Lease {
            token: None,
            ..lease
        }),
        login: true,
    })
}

impl OpenBaoStore {
    /// Explains a 403: a dead token says so (expired at …, or revoked),
    /// a live one was refused by its policy.
    pub(super) fn denied(&self, errors: String) -> StoreError {
        let dead = matches!(lookup(&self.http, &self.addr, None), Ok(None));
        if !dead {
            return unavailable(Unavailable::PermissionDenied { errors }, self.policy_hint());
        }
        if self.login {
            // The next command logs in afresh.
            forget_lease(&self.cfg);
        }
        let hint = if self.login {
            Fix::LogsInAgain
        } else {
            Fix::NewToken
        };
        let now = Timestamp::now();
        match self
            .lease
            .as_ref()
            .and_then(|l| l.expires)
            .filter(|e| *e <= now)
        {
            Some(at) => unavailable(Unavailable::TokenExpired(at), hint),
            // Known to have worked here before: it died since.
            None if self.lease.is_some() => unavailable(Unavailable::TokenNoLongerValid, hint),
            None => unavailable(Unavailable::TokenRefused { errors }, Fix::TokenRefused),
        }
    }

    /// Seconds the token has left (`None`: it never expires or is unknown).
    pub fn token_seconds_left(&self) -> Option<i64> {
        self.lease
            .as_ref()
            .and_then(|l| l.seconds_left(Timestamp::now()))
    }
}
