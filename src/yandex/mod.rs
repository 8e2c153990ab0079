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
    Unreachable(String),
    /// Yandex answered something this client does not understand. Exit 13.
    Protocol(String),
    /// A test setting (this environment variable) is refused: it points
    /// the client where a token must not go (plain HTTP to another
    /// machine), or sets a timer out of bounds. Nothing was sent. Exit 2.
    Setting {
        /// The variable.
        var: &'static str,
        /// What it takes.
        why: String,
    },
}

impl YandexError {
    /// A sentence about an OAuth error code, for people.
    pub fn oauth_meaning(error: &str) -> String {
        match error {
            "invalid_grant" => {
                t!("yandex-oauth-invalid-grant")
            }
            "bad_verification_code" => t!("yandex-oauth-bad-code"),
            "invalid_client" => t!("yandex-oauth-invalid-client"),
            "unauthorized_client" => {
                t!("yandex-oauth-unauthorized-client")
            }
            "unsupported_token_type" => t!("yandex-oauth-unsupported-token"),
            "expired_token" => t!("yandex-oauth-expired-token"),
            "access_denied" => t!("yandex-oauth-access-denied"),
            "invalid_scope" => t!("yandex-oauth-invalid-scope"),
            "slow_down" => t!("yandex-oauth-slow-down"),
            _ => t!("yandex-oauth-refused"),
        }
    }
}

impl fmt::Display for YandexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            YandexError::Rejected { status, error } => f.write_str(&t!(
                "yandex-yandex-rejects-token-http",
                status = status,
                error = error
            )),
            YandexError::OAuth { error, description } => {
                f.write_str(&t!(
                    "yandex-yandex-oauth",
                    value = Self::oauth_meaning(error),
                    error = error
                ))?;
                if !description.is_empty() {
                    f.write_str(&t!("yandex-text", description = description))?;
                }
                f.write_str(&t!("yandex-text-2"))
            }
            YandexError::Unreachable(why) => {
                f.write_str(&t!("yandex-yandex-could-not-reached", why = why))
            }
            YandexError::Protocol(why) => f.write_str(&t!("yandex-yandex-s-answer-was", why = why)),
            YandexError::Setting { why, .. } => f.write_str(why),
        }
    }
}

impl std::error::Error for YandexError {}

pub(crate) use crate::text::from_server as clean;
