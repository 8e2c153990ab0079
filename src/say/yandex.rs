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
            YandexError::Rejected { status, error } => Said::new(t!(
                "yandex-yandex-rejects-token-http",
                status = status,
                error = error
            ))
            .hint(t!("error-likely-causes-expired-was")),
            YandexError::OAuth { error, description } => {
                let mut text = t!(
                    "yandex-yandex-oauth",
                    value = oauth_meaning(error),
                    error = error
                );
                if !description.is_empty() {
                    text.push_str(&t!("yandex-text", description = description));
                }
                text.push_str(&t!("yandex-text-2"));
                Said::new(text).hint(match OAuthCode::of(error) {
                    OAuthCode::InvalidClient => t!("error-oauth-invalid-client"),
                    OAuthCode::ExpiredToken
                    | OAuthCode::BadVerificationCode
                    | OAuthCode::InvalidGrant => t!("error-oauth-start-again-codes"),
                    _ => t!("error-oauth-start-again"),
                })
            }
            YandexError::Unreachable(why) => Said::new(t!(
                "yandex-yandex-could-not-reached",
                why = unreachable_text(why)
            ))
            .hint(t!("error-check-network-proxy-settings")),
            YandexError::Protocol(why) => {
                Said::new(t!("yandex-yandex-s-answer-was", why = protocol_text(why)))
                    .hint(t!("error-check-network-proxy-settings"))
            }
            YandexError::Setting { var, why } => Said::new(match why {
                Setting::NotHttps => t!("yandex-url-not-https", var = var),
                Setting::Number { min, max } => {
                    t!("yandex-setting-number", var = var, min = min, max = max)
                }
            })
            .hint(t!("error-unset-test-setting", var = var)),
        }
    }
}

fn unreachable_text(why: &Unreachable) -> String {
    match why {
        Unreachable::Setup(e) => t!("yandex-http-cannot-set-up-https", e = e),
        Unreachable::Deadline {
            secs,
            attempts,
            last,
        } => t!(
            "yandex-http-no-answer-yandex-within",
            value = secs,
            attempt = attempts,
            last_error = last.as_ref().map(failure_text).unwrap_or_default()
        ),
        Unreachable::Failed(f) => failure_text(f),
        Unreachable::Status { status, attempts } => t!(
            "yandex-http-http-after-tries",
            status = status,
            attempt = attempts
        ),
        Unreachable::BrokeOff(e) => t!("yandex-http-answer-broke-off", e = e),
        Unreachable::ProbeNotDeleted => t!("yandex-disk-deleting-probe-file-did"),
    }
}

fn failure_text(f: &Failure) -> String {
    match f {
        Failure::Certificate => t!("yandex-http-server-s-tls-certificate"),
        Failure::Timeout => t!("yandex-http-request-timed-out"),
        Failure::Connect => t!("yandex-http-could-not-connect-network"),
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
            "yandex-http-http-body-not-expected",
            status = status,
            line = line,
            column = column
        ),
        Protocol::DiskApi { status, name } => t!(
            "yandex-disk-http-disk-api",
            s = status,
            sep = if name.is_empty() { "" } else { " " },
            name = name
        ),
        Protocol::DiskProbe(s) => t!("yandex-disk-http-disk-api-probe", s = s),
        Protocol::UploadLink { status, name } => t!(
            "yandex-disk-http-when-asking-upload",
            s = status,
            error_name = name
        ),
        Protocol::Upload(status) => t!("yandex-disk-http-when-uploading-probe", status = status),
        Protocol::DeleteFailed => t!("yandex-disk-deleting-probe-file-failed"),
        Protocol::Delete { status, name } => t!(
            "yandex-disk-http-when-deleting-probe",
            s = status,
            error_name = name
        ),
        Protocol::AccessToken(e) => {
            t!(
                "yandex-oauth-access-token-yandex-sent",
                e = e.explain().text
            )
        }
        Protocol::RefreshToken(e) => {
            t!(
                "yandex-oauth-refresh-token-yandex-sent",
                e = e.explain().text
            )
        }
        Protocol::DeviceCode(e) => t!("yandex-oauth-odd-device-code", e = e.explain().text),
        Protocol::OAuthServer(status) => t!("yandex-oauth-http-oauth-server", status = status),
    }
}

impl Explain for PasteError {
    fn explain(&self) -> Said {
        Said::new(match self {
            PasteError::Denied { error, description } => t!(
                "yandex-oauth-browser-came-back-error",
                value = oauth_meaning(error),
                error = error,
                value2 = if description.is_empty() { "" } else { ": " },
                description = description
            ),
            PasteError::NoToken => t!("yandex-oauth-pasted-url-holds-no"),
            PasteError::Value(e) => {
                t!("yandex-oauth-pasted-token-not-usable", e = e.explain().text)
            }
        })
        .hint(t!("error-paste-token-shown-yandex"))
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
