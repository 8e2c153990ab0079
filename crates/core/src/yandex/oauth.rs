//! Yandex OAuth: the authorize URL of the manual flow, reading what a
//! person pastes, the device flow, the confirmation-code flow (with PKCE),
//! refresh and revocation. The request and answer shapes are those Yandex
//! documents at yandex.ru/dev/id/doc (OAuth) and recorded in
//! tests/fixtures/yandex/.

use base64::Engine;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::http::Answer;
use super::{Protocol, Yandex, YandexError, clean};
use crate::secret::{Secret, ValueError};

/// What a token grant gives.
pub struct Grant {
    /// The access token.
    pub access_token: Secret,
    /// Lifetime in seconds, when Yandex said.
    pub expires_in: Option<u64>,
    /// Refresh token (code and device flows).
    pub refresh_token: Option<Secret>,
}

#[derive(Deserialize)]
struct TokenBody {
    access_token: Zeroizing<String>,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    refresh_token: Option<Zeroizing<String>>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: String,
    #[serde(default)]
    error_description: String,
}

/// App credentials.
pub struct App<'a> {
    /// ClientID.
    pub client_id: &'a str,
    /// Client secret, where known.
    pub client_secret: Option<&'a Secret>,
}

/// A device identity for device-bound (revocable) tokens.
pub struct Device<'a> {
    /// 6–50 printable ASCII characters.
    pub id: &'a str,
    /// Shown to the user in their Yandex account.
    pub name: &'a str,
}

/// Is this a ClientID (32 hex digits)?
pub fn valid_client_id(id: &str) -> bool {
    id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit())
}

/// The browser URL of the manual (`token`) or confirmation-code (`code`) flow.
pub fn authorize_url(
    y: &Yandex,
    response_type: &str,
    client_id: &str,
    device: &Device<'_>,
    code_challenge: Option<&str>,
) -> String {
    let mut url = reqwest::Url::parse(&format!("{}/authorize", y.oauth)).unwrap_or_else(|_| {
        reqwest::Url::parse("https://oauth.yandex.ru/authorize").expect("valid")
    });
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("response_type", response_type)
            .append_pair("client_id", client_id)
            .append_pair("device_id", device.id)
            .append_pair("device_name", device.name)
            .append_pair("force_confirm", "yes");
        if let Some(challenge) = code_challenge {
            q.append_pair("code_challenge", challenge)
                .append_pair("code_challenge_method", "S256");
        }
    }
    url.to_string()
}

/// Why pasted text is not a token.
#[derive(Debug)]
pub enum PasteError {
    /// The redirect URL carries `#error=`.
    Denied {
        /// The error code.
        error: String,
        /// Its description.
        description: String,
    },
    /// A redirect URL without a token.
    NoToken,
    /// The token itself is malformed.
    Value(ValueError),
}

/// Reads what a person pasted after the manual flow: the token itself, or
/// the whole redirect URL (`…#access_token=…&expires_in=…`, or `#error=…`).
pub fn parse_pasted(input: &Secret) -> Result<Grant, PasteError> {
    let text = input.expose();
    let params = match text.find(['#', '?']) {
        Some(i) if text.contains("access_token=") || text.contains("error=") => &text[i + 1..],
        _ => {
            return Ok(Grant {
                access_token: input.clone(),
                expires_in: None,
                refresh_token: None,
            });
        }
    };
    let mut token = None;
    let mut expires_in = None;
    let mut error = None;
    let mut description = String::new();
    for (k, v) in url::form_urlencoded_parse(params) {
        match k.as_str() {
            "access_token" => token = Some(v),
            "expires_in" => expires_in = v.parse().ok(),
            "error" => error = Some(clean(&v)),
            "error_description" => description = clean(&v),
            _ => {}
        }
    }
    if let Some(error) = error {
        return Err(PasteError::Denied { error, description });
    }
    let token = token.ok_or(PasteError::NoToken)?;
    Ok(Grant {
        access_token: Secret::parse(token.as_bytes()).map_err(PasteError::Value)?,
        expires_in,
        refresh_token: None,
    })
}

mod url {
    use zeroize::Zeroizing;

    /// Splits `a=b&c=d`, percent-decoding values into zeroizing strings.
    pub fn form_urlencoded_parse(text: &str) -> Vec<(Zeroizing<String>, Zeroizing<String>)> {
        reqwest::Url::parse(&format!("http://x/?{text}"))
            .map(|u| {
                u.query_pairs()
                    .map(|(k, v)| {
                        (
                            Zeroizing::new(k.into_owned()),
                            Zeroizing::new(v.into_owned()),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn grant_from(answer: Answer) -> Result<Grant, YandexError> {
    parse_grant(answer.status, &answer.body)
}

/// Reads a `/token` answer: a grant on 200, the OAuth error otherwise.
/// Public for the property tests and fuzz targets.
pub fn parse_grant(status: u16, body: &[u8]) -> Result<Grant, YandexError> {
    let answer = Answer {
        status,
        body: Zeroizing::new(body.to_vec()),
    };
    if answer.status == 200 {
        let body: TokenBody = answer.json()?;
        let access_token = Secret::parse(body.access_token.as_bytes())
            .map_err(|e| YandexError::Protocol(Protocol::AccessToken(e)))?;
        let refresh_token = match body.refresh_token {
            Some(r) => Some(
                Secret::parse(r.as_bytes())
                    .map_err(|e| YandexError::Protocol(Protocol::RefreshToken(e)))?,
            ),
            None => None,
        };
        return Ok(Grant {
            access_token,
            expires_in: body.expires_in,
            refresh_token,
        });
    }
    Err(oauth_error(&answer))
}

fn oauth_error(answer: &Answer) -> YandexError {
    match answer.json::<ErrorBody>() {
        Ok(e) => YandexError::OAuth {
            error: clean(&e.error),
            description: clean(&e.error_description),
        },
        Err(_) => YandexError::Protocol(Protocol::OAuthServer(answer.status)),
    }
}

fn post_form(y: &Yandex, path: &str, form: &[(&str, &str)]) -> Result<Answer, YandexError> {
    let url = format!("{}{path}", y.oauth);
    y.send(&|| y.client().post(&url).form(form), false)
}

fn with_app<'a>(mut form: Vec<(&'a str, &'a str)>, app: &'a App<'a>) -> Vec<(&'a str, &'a str)> {
    form.push(("client_id", app.client_id));
    if let Some(secret) = app.client_secret {
        form.push(("client_secret", secret.expose()));
    }
    form
}

/// What `/device/code` answers.
pub struct DeviceCode {
    /// Sent back while polling.
    pub device_code: Secret,
    /// For the person to type.
    pub user_code: String,
    /// Where to type it.
    pub verification_url: String,
    /// Seconds between polls.
    pub interval: u64,
    /// Seconds until the codes expire.
    pub expires_in: u64,
}

#[derive(Deserialize)]
struct DeviceBody {
    device_code: Zeroizing<String>,
    user_code: String,
    verification_url: String,
    #[serde(default = "five")]
    interval: u64,
    #[serde(default = "three_hundred")]
    expires_in: u64,
}
fn five() -> u64 {
    5
}
fn three_hundred() -> u64 {
    300
}

/// Starts the device flow.
pub fn device_code(
    y: &Yandex,
    app: &App<'_>,
    device: &Device<'_>,
) -> Result<DeviceCode, YandexError> {
    let form = with_app(
        vec![("device_id", device.id), ("device_name", device.name)],
        app,
    );
    let answer = post_form(y, "/device/code", &form)?;
    if answer.status != 200 {
        return Err(oauth_error(&answer));
    }
    let body: DeviceBody = answer.json()?;
    Ok(DeviceCode {
        device_code: Secret::parse(body.device_code.as_bytes())
            .map_err(|e| YandexError::Protocol(Protocol::DeviceCode(e)))?,
        user_code: clean(&body.user_code),
        verification_url: clean(&body.verification_url),
        interval: body.interval,
        expires_in: body.expires_in,
    })
}

/// One poll of the device flow.
pub enum Poll {
    /// Not confirmed yet.
    Pending,
    /// Poll less often.
    SlowDown,
    /// Confirmed.
    Done(Grant),
}

/// Polls `/token` once for a device code.
pub fn poll_device(
    y: &Yandex,
    app: &App<'_>,
    dc: &DeviceCode,
    device: &Device<'_>,
) -> Result<Poll, YandexError> {
    let form = with_app(
        vec![
            ("grant_type", "device_code"),
            ("code", dc.device_code.expose()),
            ("device_id", device.id),
        ],
        app,
    );
    match grant_from(post_form(y, "/token", &form)?) {
        Ok(g) => Ok(Poll::Done(g)),
        Err(YandexError::OAuth { error, .. }) if error == "authorization_pending" => {
            Ok(Poll::Pending)
        }
        Err(YandexError::OAuth { error, .. }) if error == "slow_down" => Ok(Poll::SlowDown),
        Err(e) => Err(e),
    }
}

/// A PKCE verifier and its S256 challenge.
pub fn pkce() -> (Secret, String) {
    let mut bytes = Zeroizing::new([0u8; 32]);
    getrandom(&mut bytes[..]);
    let verifier = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes[..]);
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(Sha256::digest(verifier.as_bytes()));
    (Secret::from_string(verifier), challenge)
}

/// Fills `out` from the OS random source.
fn getrandom(out: &mut [u8]) {
    getrandom::fill(out).expect("the OS random source is available");
}

/// Exchanges a confirmation code for tokens.
pub fn exchange_code(
    y: &Yandex,
    app: &App<'_>,
    code: &Secret,
    verifier: &Secret,
    device: &Device<'_>,
) -> Result<Grant, YandexError> {
    let form = with_app(
        vec![
            ("grant_type", "authorization_code"),
            ("code", code.expose()),
            ("code_verifier", verifier.expose()),
            ("device_id", device.id),
        ],
        app,
    );
    grant_from(post_form(y, "/token", &form)?)
}

/// Uses a refresh token.
pub fn refresh(y: &Yandex, app: &App<'_>, refresh_token: &Secret) -> Result<Grant, YandexError> {
    let form = with_app(
        vec![
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose()),
        ],
        app,
    );
    grant_from(post_form(y, "/token", &form)?)
}

/// How a revocation went.
#[derive(Debug, PartialEq, Eq)]
pub enum Revoked {
    /// The token (and its refresh token) is dead.
    Yes,
    /// Not issued with a device_id: Yandex cannot revoke it by API.
    NotDeviceBound,
    /// Issued to another app, or already dead.
    InvalidGrant,
}

/// Revokes a device-bound token.
pub fn revoke(y: &Yandex, app: &App<'_>, token: &Secret) -> Result<Revoked, YandexError> {
    let form = with_app(vec![("access_token", token.expose())], app);
    let answer = post_form(y, "/revoke_token", &form)?;
    if answer.status == 200 {
        return Ok(Revoked::Yes);
    }
    match oauth_error(&answer) {
        YandexError::OAuth { error, .. } if error == "unsupported_token_type" => {
            Ok(Revoked::NotDeviceBound)
        }
        YandexError::OAuth { error, .. } if error == "invalid_grant" => Ok(Revoked::InvalidGrant),
        other => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_forms() {
        let plain = parse_pasted(&Secret::parse(b"y0_plain").unwrap()).unwrap();
        assert_eq!(plain.access_token.expose(), "y0_plain");
        assert_eq!(plain.expires_in, None);

        let url = Secret::parse(
            b"https://oauth.yandex.ru/verification_code#access_token=y0_abc&token_type=bearer&expires_in=31536000",
        )
        .unwrap();
        let g = parse_pasted(&url).unwrap();
        assert_eq!(g.access_token.expose(), "y0_abc");
        assert_eq!(g.expires_in, Some(31_536_000));

        let denied = Secret::parse(
            b"https://oauth.yandex.ru/verification_code#error=access_denied&error_description=User%20denied",
        )
        .unwrap();
        let e = parse_pasted(&denied).err().unwrap();
        assert!(
            matches!(&e, PasteError::Denied { error, description }
                if error == "access_denied" && description == "User denied"),
            "{e:?}"
        );

        let empty = Secret::parse(b"https://x/#access_token=&expires_in=5").unwrap();
        assert!(parse_pasted(&empty).is_err());
    }

    #[test]
    fn client_ids() {
        assert!(valid_client_id("0123456789abcdef0123456789ABCDEF"));
        assert!(!valid_client_id("0123456789abcdef"));
        assert!(!valid_client_id("0123456789abcdef0123456789abcdeg"));
    }

    #[test]
    fn pkce_pair() {
        let (v, c) = pkce();
        assert_eq!(v.expose().len(), 43);
        let expected = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(Sha256::digest(v.expose().as_bytes()));
        assert_eq!(c, expected);
        assert_ne!(pkce().0.expose(), v.expose());
    }
}
