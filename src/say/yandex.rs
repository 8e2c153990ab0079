//! Yandex's failures ([`crate::yandex`]) in words, with what to do.

use super::{Explain, Said};
use crate::yandex::oauth::PasteError;
use crate::yandex::{Failure, OAuthCode, Protocol, Setting, Unreachable, YandexError};

/// A client that asks Yandex for words in the user's language and shows
/// "waiting for Yandex…" on a terminal after a second.
pub fn setup() -> crate::yandex::http::Setup {
    use crate::ui::lang::{self, Lang};
    use crate::yandex::http::{Language, Setup};
    fn waiting() -> Box<dyn std::any::Any> {
        Box::new(crate::prompt::Waiting::after(
            std::time::Duration::from_secs(1),
            || t!("yandex-waiting"),
        ))
    }
    Setup {
        language: match lang::current() {
            Lang::Ru => Language::Russian,
            Lang::En => Language::English,
        },
        waiting: Some(waiting),
    }
}

/// A sentence about an OAuth error code, for people.
pub fn oauth_meaning(error: &str) -> String {
    match OAuthCode::of(error) {
        OAuthCode::InvalidGrant => t!("yandex-oauth-invalid-grant"),
        OAuthCode::BadVerificationCode => t!("yandex-oauth-bad-code"),
        OAuthCode::InvalidClient => t!("yandex-oauth-invalid-client"),
        OAuthCode::UnauthorizedClient => t!("yandex-oauth-unauthorized-client"),
        OAuthCode::UnsupportedTokenType => t!("yandex-oauth-unsupported-token"),
        OAuthCode::ExpiredToken => t!("yandex-oauth-expired-token"),
        OAuthCode::AccessDenied => t!("yandex-oauth-access-denied"),
        OAuthCode::InvalidScope => t!("yandex-oauth-invalid-scope"),
        OAuthCode::SlowDown => t!("yandex-oauth-slow-down"),
        OAuthCode::Other => t!("yandex-oauth-refused"),
    }
}

impl Explain for YandexError {
    fn explain(&self) -> Said {
        match self {
            YandexError::Rejected { status, error } => {
                Said::new(t!("yandex-token-rejected", status = status, error = error))
                    .hint(t!("error-token-rejected-hint"))
            }
            YandexError::OAuth { error, description } => {
                let meaning = oauth_meaning(error);
                let text = if description.is_empty() {
                    t!("yandex-oauth-error", meaning = meaning, error = error)
                } else {
                    t!(
                        "yandex-oauth-error-described",
                        meaning = meaning,
                        error = error,
                        description = description
                    )
                };
                Said::new(text).hint(match OAuthCode::of(error) {
                    OAuthCode::InvalidClient => t!("error-oauth-invalid-client-hint"),
                    OAuthCode::ExpiredToken
                    | OAuthCode::BadVerificationCode
                    | OAuthCode::InvalidGrant => t!("error-oauth-code-used-hint"),
                    _ => t!("error-oauth-hint"),
                })
            }
            YandexError::Unreachable(why) => {
                Said::new(t!("yandex-unreachable", why = unreachable_text(why)))
                    .hint(t!("error-unreachable-hint"))
            }
            YandexError::Protocol(why) => {
                Said::new(t!("yandex-answer-not-understood", why = protocol_text(why)))
                    .hint(t!("error-unreachable-hint"))
            }
            YandexError::Setting { var, why } => Said::new(match why {
                Setting::NotHttps => t!("yandex-url-not-https", var = var),
                Setting::Number { min, max } => {
                    t!("yandex-setting-number", var = var, min = min, max = max)
                }
            })
            .hint(t!("error-setting-hint", var = var)),
        }
    }
}

fn unreachable_text(why: &Unreachable) -> String {
    match why {
        Unreachable::Setup(e) => t!("yandex-http-https-setup-failed", error = e),
        Unreachable::Deadline {
            secs,
            attempts,
            last,
        } => t!(
            "yandex-http-no-answer",
            seconds = secs,
            attempt = attempts,
            last_error = last.as_ref().map(failure_text).unwrap_or_default()
        ),
        Unreachable::Failed(f) => failure_text(f),
        Unreachable::Status { status, attempts } => t!(
            "yandex-http-status-after-tries",
            status = status,
            attempt = attempts
        ),
        Unreachable::BrokeOff(e) => t!("yandex-http-answer-broke-off", error = e),
        Unreachable::ProbeNotDeleted => t!("yandex-disk-probe-delete-unfinished"),
    }
}

fn failure_text(f: &Failure) -> String {
    match f {
        Failure::Certificate => t!("yandex-http-certificate-not-trusted"),
        Failure::Timeout => t!("yandex-http-request-timed-out"),
        Failure::Connect => t!("yandex-http-cannot-connect"),
        Failure::Other(said) => said.clone(),
        Failure::Status(status) => format!("HTTP {status}"),
    }
}

fn protocol_text(why: &Protocol) -> String {
    match why {
        Protocol::Body {
            status,
            line,
            column,
        } => t!(
            "yandex-http-unexpected-body",
            status = status,
            line = line,
            column = column
        ),
        Protocol::DiskApi { status, name } if name.is_empty() => {
            t!("yandex-disk-api-status", status = status)
        }
        Protocol::DiskApi { status, name } => {
            t!("yandex-disk-api-error", status = status, name = name)
        }
        Protocol::DiskProbe(s) => t!("yandex-disk-probe-error", status = s),
        Protocol::UploadLink { status, name } => t!(
            "yandex-disk-upload-link-error",
            status = status,
            error_name = name
        ),
        Protocol::Upload(status) => t!("yandex-disk-upload-error", status = status),
        Protocol::DeleteFailed => t!("yandex-disk-probe-delete-failed"),
        Protocol::Delete { status, name } => t!(
            "yandex-disk-probe-delete-error",
            status = status,
            error_name = name
        ),
        Protocol::AccessToken(e) => {
            t!("yandex-oauth-odd-access-token", error = e.explain().text)
        }
        Protocol::RefreshToken(e) => {
            t!("yandex-oauth-odd-refresh-token", error = e.explain().text)
        }
        Protocol::DeviceCode(e) => t!("yandex-oauth-odd-device-code", error = e.explain().text),
        Protocol::OAuthServer(status) => t!("yandex-oauth-server-status", status = status),
    }
}

impl Explain for PasteError {
    fn explain(&self) -> Said {
        Said::new(match self {
            PasteError::Denied { error, description } if description.is_empty() => t!(
                "yandex-oauth-browser-error",
                meaning = oauth_meaning(error),
                error = error
            ),
            PasteError::Denied { error, description } => t!(
                "yandex-oauth-browser-error-described",
                meaning = oauth_meaning(error),
                error = error,
                description = description
            ),
            PasteError::NoToken => t!("yandex-oauth-no-token-in-url"),
            PasteError::Value(e) => {
                t!(
                    "yandex-oauth-pasted-token-unusable",
                    error = e.explain().text
                )
            }
        })
        .hint(t!("error-paste-hint"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::lang::{Lang, with};

    #[test]
    fn a_declined_browser_says_so() {
        let e = PasteError::Denied {
            error: "access_denied".into(),
            description: "User denied".into(),
        };
        let said = with(Lang::En, || e.explain());
        assert!(said.text.contains("declined"), "{}", said.text);
    }
}
