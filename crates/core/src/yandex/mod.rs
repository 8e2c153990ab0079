//! The Yandex client: OAuth flows and the Disk REST API over HTTPS
//! (reqwest, blocking, rustls). It knows nothing of storage: commands join
//! it with the vault.
//!
//! Base URLs come from `CHOPVAULT_YANDEX_OAUTH_URL` and
//! `CHOPVAULT_YANDEX_API_URL` (defaults: the real services), so tests run
//! against a local double.

pub mod disk;
pub mod http;
pub mod oauth;

pub use http::Yandex;

use crate::secret::ValueError;

/// A Yandex failure. Never holds a token.
#[derive(Debug)]
pub enum YandexError {
    /// The token was refused (401, after retries). Exit 12.
    Rejected {
        /// HTTP status.
        status: u16,
        /// Yandex's error name and words (`UnauthorizedError: Unauthorized`).
        error: String,
    },
    /// An OAuth endpoint answered with an error code.
    OAuth {
        /// The code (`invalid_grant`, ...).
        error: String,
        /// Yandex's description, shortened and cleaned.
        description: String,
    },
    /// Yandex could not be reached or kept failing (network, timeout, 429,
    /// 5xx after retries). Exit 13.
    Unreachable(Unreachable),
    /// Yandex answered something this client does not understand. Exit 13.
    Protocol(Protocol),
    /// A test setting (this environment variable) is refused: it points
    /// the client where a token must not go (plain HTTP to another
    /// machine), or sets a timer out of bounds. Nothing was sent. Exit 2.
    Setting {
        /// The variable.
        var: &'static str,
        /// What it takes.
        why: Setting,
    },
}

/// Why Yandex could not be reached.
#[derive(Debug)]
pub enum Unreachable {
    /// The HTTPS client could not be set up (the library's words).
    Setup(String),
    /// No answer within the deadline.
    Deadline {
        /// The deadline, in seconds.
        secs: f64,
        /// How many tries were made.
        attempts: u32,
        /// How the last one failed, if one was made.
        last: Option<Failure>,
    },
    /// The last try failed.
    Failed(Failure),
    /// Still this HTTP status after every try.
    Status {
        /// The status.
        status: u16,
        /// How many tries were made.
        attempts: u32,
    },
    /// The answer broke off (the system's error).
    BrokeOff(std::io::Error),
    /// Deleting the probe file did not finish in time.
    ProbeNotDeleted,
}

/// How one request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The server's TLS certificate is not trusted.
    Certificate,
    /// The request timed out.
    Timeout,
    /// No connection could be made.
    Connect,
    /// Anything else, as the HTTP library words it (without the URL).
    Other(String),
    /// An answer with this HTTP status, to be retried.
    Status(u16),
}

/// What in Yandex's answer was not understood.
#[derive(Debug)]
pub enum Protocol {
    /// A body that is not the JSON expected, from this line and column.
    Body {
        /// HTTP status.
        status: u16,
        /// The line (1-based).
        line: usize,
        /// The column (1-based).
        column: usize,
    },
    /// An unexpected status from the Disk API (and Yandex's error name).
    DiskApi {
        /// HTTP status.
        status: u16,
        /// Yandex's error name, if it sent one.
        name: String,
    },
    /// An unexpected status from the Disk API's probe.
    DiskProbe(u16),
    /// An unexpected status when asking for an upload link.
    UploadLink {
        /// HTTP status.
        status: u16,
        /// Yandex's error name.
        name: String,
    },
    /// An unexpected status when uploading the probe.
    Upload(u16),
    /// Yandex says deleting the probe file failed.
    DeleteFailed,
    /// An unexpected status when deleting the probe.
    Delete {
        /// HTTP status.
        status: u16,
        /// Yandex's error name.
        name: String,
    },
    /// The access token Yandex sent is not a usable secret.
    AccessToken(ValueError),
    /// The refresh token Yandex sent is not a usable secret.
    RefreshToken(ValueError),
    /// The device code Yandex sent is not a usable secret.
    DeviceCode(ValueError),
    /// The OAuth server answered this status without an OAuth error.
    OAuthServer(u16),
}

/// What a refused test setting takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Setting {
    /// An `https://` address, or plain HTTP to this machine only.
    NotHttps,
    /// A number in this range.
    Number {
        /// The least.
        min: f64,
        /// The most.
        max: f64,
    },
}

/// An OAuth error code this client knows the meaning of (RFC 6749, RFC
/// 8628, Yandex's own), read from what Yandex sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthCode {
    /// `invalid_grant`.
    InvalidGrant,
    /// `bad_verification_code`.
    BadVerificationCode,
    /// `invalid_client`.
    InvalidClient,
    /// `unauthorized_client`.
    UnauthorizedClient,
    /// `unsupported_token_type`.
    UnsupportedTokenType,
    /// `expired_token`.
    ExpiredToken,
    /// `access_denied`.
    AccessDenied,
    /// `invalid_scope`.
    InvalidScope,
    /// `slow_down`.
    SlowDown,
    /// Any other code.
    Other,
}

impl OAuthCode {
    /// The code Yandex sent, as one this client knows.
    pub fn of(code: &str) -> OAuthCode {
        match code {
            "invalid_grant" => OAuthCode::InvalidGrant,
            "bad_verification_code" => OAuthCode::BadVerificationCode,
            "invalid_client" => OAuthCode::InvalidClient,
            "unauthorized_client" => OAuthCode::UnauthorizedClient,
            "unsupported_token_type" => OAuthCode::UnsupportedTokenType,
            "expired_token" => OAuthCode::ExpiredToken,
            "access_denied" => OAuthCode::AccessDenied,
            "invalid_scope" => OAuthCode::InvalidScope,
            "slow_down" => OAuthCode::SlowDown,
            _ => OAuthCode::Other,
        }
    }
}

pub(crate) use crate::text::from_server as clean;
