//! Why the OpenBao store fails, as facts: why it cannot be used now
//! ([`Unavailable`]), what to do about it ([`Fix`]), what is wrong with an
//! answer it did not understand ([`Misanswer`]) and what became of an
//! entry deleted on the server ([`Deleted`]). The store never words them
//! (issue 23); the command line does (`say::openbao`).
//!
//! A server's own error text (`errors` of its answer, cleaned for a
//! terminal) is carried as data: it is quoted, never matched.

use std::path::PathBuf;
use std::time::Duration;

use jiff::Timestamp;

use crate::config::AuthMethod;
use crate::secret::ValueError;

/// Why the OpenBao store cannot be used now (`StoreError::Unavailable`,
/// `Why::Bao`). Exit code 4.
#[derive(Debug)]
pub enum Unavailable {
    // Reaching the cluster (transport).
    /// No server address is configured.
    NoAddress,
    /// A CA file that holds no PEM certificate.
    NotPem(PathBuf),
    /// The client certificate and key do not make a TLS identity.
    ClientCertUnusable {
        /// The certificate file.
        cert: PathBuf,
        /// The key file.
        key: PathBuf,
    },
    /// A client certificate without its key, or a key without its
    /// certificate.
    ClientCertHalf,
    /// The HTTPS client could not be built.
    NoHttps(reqwest::Error),
    /// The only node tried gave no answer.
    Unreached {
        /// Its address.
        addr: String,
        /// Why.
        trouble: Trouble,
    },
    /// No node answered within the deadline; each node's last state.
    NoNodeAnswered {
        /// The deadline.
        deadline: Duration,
        /// Each node tried, and why it gave no answer.
        nodes: Vec<(String, Trouble)>,
    },

    // The token and the login (auth).
    /// A token variable (`BAO_TOKEN`, `VAULT_TOKEN`) holds no usable token.
    BadTokenVar {
        /// The variable.
        var: &'static str,
        /// What is wrong with its value.
        why: ValueError,
    },
    /// The token file holds no usable token.
    BadTokenFile {
        /// The file.
        file: PathBuf,
        /// What is wrong with it.
        why: ValueError,
    },
    /// No token was found for this server.
    NoToken {
        /// The server's first address.
        addr: String,
    },
    /// The server would not unwrap a wrapped secret id.
    UnwrapRefused {
        /// The server's errors.
        errors: String,
    },
    /// There is no state folder to keep the unwrapped secret id in.
    NoStateFolder,
    /// A file a login reads (role id, secret id, JWT) is not usable.
    BadLoginFile {
        /// The file.
        file: PathBuf,
        /// What is wrong with it.
        why: ValueError,
    },
    /// No Kubernetes service-account token at its usual path.
    NoKubernetesToken,
    /// The server refused a login.
    LoginRefused {
        /// The login method.
        method: AuthMethod,
        /// The login path (`auth/MOUNT/login`).
        path: String,
        /// The HTTP status.
        status: u16,
        /// The server's errors.
        errors: String,
    },
    /// `lookup-self` answered neither yes nor no.
    TokenNotAccepted {
        /// The server.
        addr: String,
        /// The HTTP status.
        status: u16,
    },
    /// A live token was refused by its policy.
    PermissionDenied {
        /// The server's errors.
        errors: String,
    },
    /// The token ran out at this time.
    TokenExpired(Timestamp),
    /// The token worked here before, and is refused now.
    TokenNoLongerValid,
    /// The server refuses the token itself.
    TokenRefused {
        /// The server's errors.
        errors: String,
    },

    // The KV store (mod).
    /// Nothing is mounted at the configured mount.
    NoSuchMount {
        /// The mount, with its trailing slash.
        mount: String,
        /// The node that said so.
        addr: String,
    },
    /// An unexpected status reading an entry.
    ReadAnswered {
        /// The HTTP status.
        status: u16,
        /// The entry.
        name: String,
        /// The server's errors (empty when it gave none).
        said: String,
    },
    /// The server's value for an entry is not a usable secret.
    BadValue {
        /// The entry.
        name: String,
        /// What is wrong with the value (never the value).
        why: ValueError,
    },
    /// An unexpected status writing an entry (its value or metadata).
    WriteAnswered {
        /// The HTTP status.
        status: u16,
        /// The entry.
        name: String,
    },
    /// An unexpected status deleting an entry.
    DeleteAnswered {
        /// The HTTP status.
        status: u16,
        /// The entry.
        name: String,
    },
}

/// What to do when the OpenBao store cannot be used (`Remedy::Bao`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    /// Set the token variable to the token itself.
    TokenItself,
    /// Put the token alone in the file.
    TokenAlone,
    /// Give a token: variable, token file or keyring.
    SetToken,
    /// Give the CA certificate that signed the server's.
    GiveCa,
    /// Check the CA certificate given.
    CheckCa,
    /// Check that the server is up and the address right.
    ServerUp,
    /// Unseal the server.
    Unseal,
    /// Check the server's health.
    Health,
    /// Wait, or raise the rate limit quota.
    RateLimit,
    /// Add the leader at this address to the configured nodes.
    AddLeader(String),
    /// Give a client certificate and key.
    ClientCertificate,
    /// Give a client certificate the server trusts.
    ClientCertificateRefused,
    /// A slash is missing between mount and prefix.
    MissingSlash {
        /// The mount the server has.
        mount: String,
        /// The prefix under it.
        prefix: String,
        /// The mount asked for.
        wanted: String,
    },
    /// Give one of the mounts this token can see.
    MountsAre(Vec<String>),
    /// Check that the mount is a KV version 2 engine.
    Kv2,
    /// Check the token.
    CheckToken,
    /// Check the token and its policy on the mount and prefix.
    Policy {
        /// The mount.
        mount: String,
        /// The prefix.
        prefix: String,
    },
    /// Log in again, or issue a new token.
    NewToken,
    /// The cached login token was dropped: the next command logs in.
    LogsInAgain,
    /// The token is wrong, expired or revoked.
    TokenRefused,
    /// Check the login's role and files.
    LoginRefused(AuthMethod),
    /// Check the Kubernetes role and how OpenBao reaches the API server.
    LoginRefusedKubernetes {
        /// The auth mount.
        mount: String,
    },
    /// The auth mount was enabled but never configured: an operator
    /// writes its configuration.
    ConfigureAuthMount {
        /// The auth method.
        method: AuthMethod,
        /// The auth mount.
        mount: String,
    },
    /// Give the service-account token's file.
    KubernetesJwtFile,
    /// Ask for a new wrapped secret id.
    NewWrappedSecretId,
    /// Set HOME or XDG_STATE_HOME.
    SetHome,
    /// Check the token's policy allows deleting.
    DeletePolicy,
}

/// What is wrong with a server's answer (`StoreError::BadAnswer`); never
/// quotes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Misanswer {
    /// Not the JSON KV version 2 sends.
    NotKv2 {
        /// Where parsing failed: line.
        line: usize,
        /// And column.
        column: usize,
    },
    /// A version number that is not a number.
    VersionNotNumber,
    /// Not the answer of a login or token request.
    NotAuthAnswer,
}

/// An entry whose current version was deleted on the server
/// (`StoreError::Gone`): where to restore it from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deleted {
    /// The deleted KV version.
    pub version: u64,
    /// The store's mount.
    pub mount: String,
    /// The store's prefix.
    pub prefix: String,
}

/// Why a node gave no answer (`say::openbao` words it).
#[derive(Debug, Clone)]
pub enum Trouble {
    /// It could not be connected to, or did not answer in time.
    Unreachable {
        /// It timed out (else: refused, no route).
        timed_out: bool,
    },
    /// Its TLS certificate is not trusted.
    Certificate,
    /// It wants a TLS client certificate, and none was given.
    ClientCertWanted,
    /// The server refused the client certificate we gave (its TLS alert).
    ClientCertRefused(CertRefusal),
    /// It is sealed.
    Sealed,
    /// A standby that sent us to a leader we do not follow, or none.
    Standby {
        /// The leader it named.
        leader: Option<String>,
    },
    /// Its rate limit quota is exceeded.
    RateLimited {
        /// How long it asked to wait.
        wait: Option<Duration>,
    },
    /// It has not caught up with this command's last write.
    NotCaughtUp,
    /// A server error (5xx).
    Server {
        /// The HTTP status.
        status: u16,
        /// The server's errors.
        errors: String,
    },
    /// Its answer broke off (the I/O error's text).
    Broken(String),
}

impl Trouble {
    /// Worth asking this node again in a later round.
    pub(super) fn passing(&self) -> bool {
        !matches!(
            self,
            Trouble::Certificate
                | Trouble::ClientCertWanted
                | Trouble::ClientCertRefused(_)
                | Trouble::Sealed
        )
    }
}

/// Why a server refused our client certificate, from its TLS alert.
#[derive(Debug, Clone, Copy)]
pub enum CertRefusal {
    /// Signed by a CA it does not trust (`unknown_ca`).
    UnknownCa,
    /// It has expired.
    Expired,
    /// It was revoked.
    Revoked,
    /// `bad_certificate`, `unsupported_certificate`, `certificate_unknown`,
    /// `access_denied`.
    Other,
}
