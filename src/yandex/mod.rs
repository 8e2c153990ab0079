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

use std::fmt;

pub use http::Yandex;

/// A Yandex failure. Never holds a token.
#[derive(Debug)]
pub enum YandexError {
    /// The token was refused (401, after retries). Exit 12.
    Rejected {
        /// HTTP status.
        status: u16,
        /// Yandex's error name (e.g. `UnauthorizedError`).
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
    Unreachable(String),
    /// Yandex answered something this client does not understand. Exit 13.
    Protocol(String),
}

impl YandexError {
    /// A sentence about an OAuth error code, for people.
    pub fn oauth_meaning(error: &str) -> &'static str {
        match error {
            "invalid_grant" => {
                "the code or refresh token is wrong, expired or already used, or belongs to another app"
            }
            "bad_verification_code" => "the confirmation code is wrong",
            "invalid_client" => "the ClientID or the client secret is wrong",
            "unauthorized_client" => {
                "the app may not use this flow (check its platforms and permissions)"
            }
            "unsupported_token_type" => "Yandex cannot revoke this kind of token",
            "expired_token" => "the device code expired before it was confirmed",
            "access_denied" => "access was declined in the browser",
            "invalid_scope" => "the app lacks the permissions asked for",
            "slow_down" => "polling too fast",
            _ => "Yandex refused the request",
        }
    }
}

impl fmt::Display for YandexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            YandexError::Rejected { status, error } => {
                write!(f, "Yandex rejects the token (HTTP {status} {error})")
            }
            YandexError::OAuth { error, description } => {
                write!(f, "Yandex OAuth: {} ({error}", Self::oauth_meaning(error))?;
                if !description.is_empty() {
                    write!(f, ": {description}")?;
                }
                write!(f, ")")
            }
            YandexError::Unreachable(why) => write!(f, "Yandex could not be reached: {why}"),
            YandexError::Protocol(why) => write!(f, "Yandex's answer was not understood: {why}"),
        }
    }
}

impl std::error::Error for YandexError {}

pub(crate) use crate::text::from_server as clean;
