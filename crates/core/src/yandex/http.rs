//! HTTP with timeouts and retries, after rclone's and yadisk's experience:
//! 429, 500, 502, 503, 504 and 509 are retried with exponential backoff; a
//! 401 is retried twice before it is believed (Yandex occasionally answers
//! 401 for a valid token); every request has a timeout, and every call
//! (its retries included) an overall deadline, so a silent server costs
//! 30 s, not minutes. While a request waits, the program's [`Setup`]
//! `waiting` hook runs (the command line shows "waiting for Yandex…" after
//! a second).

use std::io::Read;
use std::time::Duration;

use reqwest::blocking::{Client, RequestBuilder};
use zeroize::Zeroizing;

use super::{Failure, Protocol, Setting, Unreachable, YandexError};

/// Base URL of Yandex OAuth.
pub const OAUTH_URL_ENV: &str = "CHOPVAULT_YANDEX_OAUTH_URL";
/// Base URL of the Disk REST API.
pub const API_URL_ENV: &str = "CHOPVAULT_YANDEX_API_URL";
/// Per-request timeout in seconds (default 20).
pub const TIMEOUT_ENV: &str = "CHOPVAULT_HTTP_TIMEOUT";
/// First retry delay in milliseconds (default 500; doubles each time).
pub const BACKOFF_ENV: &str = "CHOPVAULT_HTTP_BACKOFF_MS";
/// Overall deadline of one call, retries included, in seconds (default 30).
pub const DEADLINE_ENV: &str = "CHOPVAULT_YANDEX_DEADLINE";

const DEFAULT_OAUTH: &str = "https://oauth.yandex.ru";
const DEFAULT_API: &str = "https://cloud-api.yandex.net";
/// Retries after the first try for 429/5xx/network errors.
const RETRIES: u32 = 3;
/// Retries of a 401 before the token is called dead.
const RETRIES_401: u32 = 2;
/// Largest body read from Yandex.
const MAX_BODY: u64 = 1024 * 1024;

/// The language Yandex is asked to word its own messages in
/// (`Accept-Language`): the one the user reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// English.
    English,
    /// Russian.
    Russian,
}

/// What the program using the client decides about it.
#[derive(Clone, Copy)]
pub struct Setup {
    /// The language of Yandex's own error words.
    pub language: Language,
    /// Called as a request is sent; what it returns is dropped when the
    /// answer is in (a "waiting" spinner).
    pub waiting: Option<fn() -> Box<dyn std::any::Any>>,
}

/// A Yandex client.
pub struct Yandex {
    http: Client,
    setup: Setup,
    /// OAuth base URL, without a trailing slash.
    pub oauth: String,
    /// Disk API base URL, without a trailing slash.
    pub api: String,
    backoff: Duration,
    timeout: Duration,
    deadline: Duration,
}

/// A response: status and body (zeroized on drop: OAuth bodies hold tokens).
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The body.
    pub body: Zeroizing<Vec<u8>>,
}

impl Answer {
    /// The body as JSON of type T.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, YandexError> {
        serde_json::from_slice(&self.body).map_err(|e| {
            YandexError::Protocol(Protocol::Body {
                status: self.status,
                line: e.line(),
                column: e.column(),
            })
        })
    }

    /// Yandex's error name and its words, as shown to the user: `name:
    /// words` (`UnauthorizedError: Не авторизован.`). The words are the
    /// body's `message` (in the language asked for) for a Russian reader
    /// and its `description` (always English) for an English one; the
    /// machine name is kept either way.
    pub fn error_text(&self, language: Language) -> String {
        #[derive(serde::Deserialize)]
        struct E {
            error: Option<String>,
            message: Option<String>,
            description: Option<String>,
        }
        let Ok(e) = serde_json::from_slice::<E>(&self.body) else {
            return String::new();
        };
        let words = match language {
            Language::Russian => e.message.or(e.description),
            Language::English => e.description.or(e.message),
        }
        .map(|w| super::clean(&w))
        .filter(|w| !w.is_empty());
        match (e.error.map(|n| super::clean(&n)), words) {
            (Some(name), Some(words)) => format!("{name}: {words}"),
            (Some(name), None) => name,
            (None, Some(words)) => words,
            (None, None) => String::new(),
        }
    }

    /// Yandex's error name from a JSON error body (`error` field), if any.
    pub fn error_name(&self) -> String {
        #[derive(serde::Deserialize)]
        struct E {
            error: Option<String>,
        }
        serde_json::from_slice::<E>(&self.body)
            .ok()
            .and_then(|e| e.error)
            .map(|e| super::clean(&e))
            .unwrap_or_default()
    }
}

/// The base URL `var` names (tests point it at a double), else `default`.
/// Every request carries a token, so anything but `https://` is refused,
/// except to this machine itself: a double on a loopback address.
fn env_url(var: &'static str, default: &str) -> Result<String, YandexError> {
    let url = std::env::var(var)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_string())
        .trim_end_matches('/')
        .to_string();
    if safe_base(&url) {
        Ok(url)
    } else {
        Err(YandexError::Setting {
            var,
            why: Setting::NotHttps,
        })
    }
}

/// `https://` anywhere, or `http://` to a loopback address (127.0.0.0/8,
/// ::1, `localhost`). The host is the one the URL parser finds, so
/// `http://127.0.0.1@elsewhere` and `http://127.0.0.1.example.com` are
/// not loopback.
fn safe_base(url: &str) -> bool {
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return false;
    };
    let Some(host) = parsed.host_str() else {
        return false;
    };
    match parsed.scheme() {
        "https" => true,
        // The parser writes an IPv4 host in its plain form and an IPv6 one
        // in brackets.
        "http" => {
            host.eq_ignore_ascii_case("localhost")
                || host
                    .parse::<std::net::Ipv4Addr>()
                    .is_ok_and(|ip| ip.is_loopback())
                || host
                    .strip_prefix('[')
                    .and_then(|h| h.strip_suffix(']'))
                    .and_then(|h| h.parse::<std::net::Ipv6Addr>().ok())
                    .is_some_and(|ip| ip.is_loopback())
        }
        _ => false,
    }
}

/// What a timeout or the deadline may be set to, in seconds.
const SECONDS: std::ops::RangeInclusive<f64> = 0.01..=3600.0;
/// What the first retry delay may be set to, in milliseconds.
const MILLISECONDS: std::ops::RangeInclusive<f64> = 0.0..=60_000.0;

/// A number from `var` (seconds, or milliseconds for the backoff),
/// `default` when unset or empty. Anything but a number in `range` is
/// refused: `inf` or `1e300` seconds made the timer panic.
fn env_number(
    var: &'static str,
    default: f64,
    range: std::ops::RangeInclusive<f64>,
) -> Result<f64, YandexError> {
    let Some(text) = std::env::var(var).ok().filter(|v| !v.is_empty()) else {
        return Ok(default);
    };
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| YandexError::Setting {
            var,
            why: Setting::Number {
                min: *range.start(),
                max: *range.end(),
            },
        })
}

impl Yandex {
    /// A client configured from the environment, as `setup` says.
    pub fn from_env(setup: Setup) -> Result<Self, YandexError> {
        let timeout = env_number(TIMEOUT_ENV, 20.0, SECONDS)?;
        let deadline = env_number(DEADLINE_ENV, 30.0, SECONDS)?;
        let backoff = env_number(BACKOFF_ENV, 500.0, MILLISECONDS)? as u64;
        crate::tls::init();
        let http = Client::builder()
            .timeout(Duration::from_secs_f64(timeout))
            .connect_timeout(Duration::from_secs_f64(timeout.min(10.0)))
            .user_agent(concat!("chopvault/", env!("CARGO_PKG_VERSION")))
            // Yandex words its error messages in the language asked for:
            // the one the user reads.
            .default_headers(reqwest::header::HeaderMap::from_iter([(
                reqwest::header::ACCEPT_LANGUAGE,
                reqwest::header::HeaderValue::from_static(match setup.language {
                    Language::Russian => "ru",
                    Language::English => "en",
                }),
            )]))
            // Upload links point at other hosts; a redirect must not carry
            // the Authorization header anywhere unexpected.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| YandexError::Unreachable(Unreachable::Setup(e.to_string())))?;
        Ok(Yandex {
            http,
            setup,
            oauth: env_url(OAUTH_URL_ENV, DEFAULT_OAUTH)?,
            api: env_url(API_URL_ENV, DEFAULT_API)?,
            backoff: Duration::from_millis(backoff),
            timeout: Duration::from_secs_f64(timeout),
            deadline: Duration::from_secs_f64(deadline),
        })
    }

    /// The language Yandex words its messages in for this client.
    pub fn language(&self) -> Language {
        self.setup.language
    }

    /// The underlying client, to build requests.
    pub fn client(&self) -> &Client {
        &self.http
    }

    /// Sends a request built by `build` (called again for each retry).
    /// `retry_401` is set for calls that present a token.
    pub fn send(
        &self,
        build: &dyn Fn() -> RequestBuilder,
        retry_401: bool,
    ) -> Result<Answer, YandexError> {
        let mut delay = self.backoff;
        let mut unauthorised = 0;
        let mut attempt = 0;
        let start = std::time::Instant::now();
        let _waiting = self.setup.waiting.map(|start| start());
        let mut last_error: Option<Failure> = None;
        let out_of_time = |attempts: u32, last: &Option<Failure>| {
            YandexError::Unreachable(Unreachable::Deadline {
                secs: self.deadline.as_secs_f64().round(),
                attempts,
                last: last.clone(),
            })
        };
        loop {
            attempt += 1;
            let last = attempt > RETRIES;
            let left = self.deadline.saturating_sub(start.elapsed());
            if left.is_zero() {
                return Err(out_of_time(attempt - 1, &last_error));
            }
            match build().timeout(self.timeout.min(left)).send() {
                Err(e) => {
                    let failure = describe(&e);
                    if last {
                        return Err(YandexError::Unreachable(Unreachable::Failed(failure)));
                    }
                    last_error = Some(failure);
                    if start.elapsed() >= self.deadline {
                        return Err(out_of_time(attempt, &last_error));
                    }
                }
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let retry_after = resp
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.parse::<u64>().ok())
                        .map(Duration::from_secs);
                    let answer = read(resp)?;
                    last_error = Some(Failure::Status(status));
                    match status {
                        429 | 500 | 502 | 503 | 504 | 509 if !last => {
                            if let Some(after) =
                                retry_after.filter(|a| *a <= Duration::from_secs(30))
                            {
                                delay = delay.max(after);
                            }
                        }
                        429 | 500 | 502 | 503 | 504 | 509 => {
                            return Err(YandexError::Unreachable(Unreachable::Status {
                                status,
                                attempts: attempt,
                            }));
                        }
                        401 if retry_401 && unauthorised < RETRIES_401 => {
                            unauthorised += 1;
                            attempt -= 1; // a 401 retry does not use up a network retry
                        }
                        _ => return Ok(answer),
                    }
                }
            }
            if start.elapsed() + delay >= self.deadline {
                return Err(out_of_time(attempt, &last_error));
            }
            std::thread::sleep(delay);
            delay = delay.saturating_mul(2);
        }
    }
}

fn read(resp: reqwest::blocking::Response) -> Result<Answer, YandexError> {
    let status = resp.status().as_u16();
    let len = resp.content_length().unwrap_or(0).min(MAX_BODY) as usize;
    let mut body = Zeroizing::new(Vec::with_capacity(len + 1));
    resp.take(MAX_BODY)
        .read_to_end(&mut body)
        .map_err(|e| YandexError::Unreachable(Unreachable::BrokeOff(e)))?;
    Ok(Answer { status, body })
}

/// How a request failed, without its URL (which never holds a token, but
/// is noise) and without any body.
fn describe(e: &reqwest::Error) -> Failure {
    if crate::tls::is_certificate_error(e) {
        Failure::Certificate
    } else if e.is_timeout() {
        Failure::Timeout
    } else if e.is_connect() {
        Failure::Connect
    } else {
        let mut text = e.to_string();
        if let Some(url) = e.url() {
            text = text.replace(url.as_str(), "");
        }
        Failure::Other(super::clean(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::safe_base;

    #[test]
    fn plain_http_only_to_this_machine() {
        for ok in [
            "https://oauth.yandex.ru",
            "https://192.0.2.1:8443",
            "http://127.0.0.1:4000",
            "http://127.8.9.10",
            "http://127.1",
            "http://[::1]:4000",
            "http://LOCALHOST:80",
        ] {
            assert!(safe_base(ok), "{ok}");
        }
        for bad in [
            "http://cloud-api.yandex.net",
            "http://192.0.2.1",
            "http://127.0.0.1.example.com",
            "http://127.0.0.1@192.0.2.1",
            "http://localhost.example.com",
            "http://[::2]",
            "http://0.0.0.0",
            "ftp://127.0.0.1",
            "file:///etc/passwd",
            "127.0.0.1:4000",
            "",
        ] {
            assert!(!safe_base(bad), "{bad}");
        }
    }
}
