//! A Yandex token's life, between the commands and the two things it
//! joins (the Yandex client and the vault): obtaining one (`login`,
//! `rotate`) by the manual flow of the RiCoder guide, the device flow or
//! the confirmation-code flow; the verification every new token passes
//! before it is stored; checking a stored token (`verify`, `check`) and
//! recording the verdict; and the metadata a new token gets.
//!
//! What the person is asked and told during a flow goes through
//! [`Person`], which the command line implements (prompts, stdin lines,
//! a spinner, in the person's language); this module makes no word.

use std::time::{Duration, Instant};

use jiff::{Timestamp, ToSpan};

use crate::entry::{
    CLIENT_SECRET, Event, Kind, Meta, REFRESH_TOKEN, Verdict, Verification, YANDEX_DEFAULT_DAYS,
};
use crate::secret::Secret;
use crate::store::AuxUpdate;
use crate::vault::{Vault, VaultError};
use crate::yandex::disk::{self, DiskInfo};
use crate::yandex::oauth::{self, App, Device, Grant, PasteError, Poll};
use crate::yandex::{Yandex, YandexError};

/// Why a flow failed (the person's side fails with the caller's own
/// error, see [`Person`]).
#[derive(Debug)]
pub enum LifecycleError {
    /// Yandex refused, or could not be reached.
    Yandex(YandexError),
    /// What was pasted after the browser flow is not a token.
    Paste(PasteError),
    /// Yandex rejects the token just obtained; nothing was stored.
    NewTokenRejected {
        /// HTTP status.
        status: u16,
        /// Yandex's error name.
        error: String,
    },
    /// The device flow's code was not confirmed in time (`expired_token`).
    NotConfirmed {
        /// The seconds Yandex gave.
        expires_in: u64,
    },
}

impl From<YandexError> for LifecycleError {
    fn from(e: YandexError) -> Self {
        LifecycleError::Yandex(e)
    }
}

/// What a flow asks the person for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// The OAuth app's client secret.
    ClientSecret,
    /// The confirmation code Yandex shows (code flow).
    Code,
    /// The token, or the address the browser ended on (manual flow).
    TokenOrAddress,
}

/// What a flow tells the person to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tell<'a> {
    /// Open this address and allow access; Yandex then shows a code.
    OpenForCode(&'a str),
    /// Open this address and allow access; then paste the token.
    OpenForToken(&'a str),
    /// On any device, open this address and enter this code.
    EnterCode {
        /// Where.
        url: &'a str,
        /// The code.
        code: &'a str,
    },
}

/// The person a flow works with: the command line answers for them.
pub trait Person {
    /// The caller's error; the flow's own failures convert into it.
    type Error: From<LifecycleError>;
    /// An answer to `question` (typed hidden, or read from stdin).
    fn answer(&mut self, question: Question) -> Result<Secret, Self::Error>;
    /// Something the person must do now.
    fn tell(&mut self, what: Tell<'_>);
    /// Called about every 100 ms while Yandex waits for the person to
    /// confirm (`done` once, when the wait is over).
    fn waiting(&mut self, done: bool);
}

/// A device id for a new token: tokens issued with one can be revoked
/// through the API later.
pub fn new_device_id() -> String {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("chopvault-{hex}")
}

/// This machine's host name, if it has one.
pub fn host_name() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
}

/// A device name as Yandex takes it: cleaned, at most 100 characters.
fn device_name(name: &str) -> String {
    crate::yandex::clean(name).chars().take(100).collect()
}

/// Opens a URL in a browser when there is a display; silent otherwise.
fn open_browser(url: &str, allowed: bool) {
    let display =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if allowed && display {
        let _ = std::process::Command::new("xdg-open")
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }
}

/// What a flow produced, ready to store.
pub struct Obtained {
    /// The tokens.
    pub grant: Grant,
    /// The device id the token is bound to.
    pub device_id: String,
    /// A client secret typed during the flow (to keep for refresh/revoke).
    pub new_client_secret: Option<Secret>,
    /// Who the token belongs to, as Yandex says.
    pub owner: DiskInfo,
}

impl Obtained {
    /// When the token expires.
    pub fn expires_at(&self, now: Timestamp) -> Timestamp {
        let secs = self
            .grant
            .expires_in
            .map(|s| s as i64)
            .unwrap_or(YANDEX_DEFAULT_DAYS * 86_400);
        now + secs.seconds()
    }

    /// Stores the verified token and its aux secrets under `name`, in one
    /// locked write; returns the new metadata.
    pub fn store(
        &self,
        vault: &mut crate::vault::Vault,
        name: &str,
        client_id: &str,
        device_id: Option<String>,
        event: Event,
        detail: Option<String>,
    ) -> Result<crate::entry::Meta, VaultError> {
        let value = &self.grant.access_token;
        let token = NewToken {
            value,
            owner: &self.owner,
            client_id,
            device_id,
            expires_at: self.expires_at(Timestamp::now()),
        };
        vault.set_with_aux(name, value, &self.aux(), |old| {
            token_meta(old, &token, event.clone(), detail.clone())
        })
    }

    /// Aux secrets to store with the token: the refresh token of this grant
    /// (or none: an old one belongs to the old grant), a new client secret.
    pub fn aux(&self) -> AuxUpdate {
        let mut aux = AuxUpdate::default();
        match &self.grant.refresh_token {
            Some(r) => aux.set.push((REFRESH_TOKEN, r.clone())),
            None => aux.clear.push(REFRESH_TOKEN),
        }
        if let Some(s) = &self.new_client_secret {
            aux.set.push((CLIENT_SECRET, s.clone()));
        }
        aux
    }
}

/// How a new token is obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// The manual flow: the person pastes the token (or the address).
    Manual {
        /// Try to open a browser.
        browser: bool,
    },
    /// The device flow: a short code typed on any device.
    Device,
    /// The confirmation-code flow (PKCE), with a refresh token.
    Code {
        /// Try to open a browser.
        browser: bool,
    },
}

/// What a new token is asked for with.
#[derive(Debug)]
pub struct Request<'a> {
    /// How it is obtained.
    pub flow: Flow,
    /// The OAuth app.
    pub client_id: &'a str,
    /// The app's client secret, when it is stored (else it is asked for,
    /// by the flows that need it).
    pub stored_secret: Option<Secret>,
    /// The device the token is issued to, as the person's Yandex account
    /// will list it ("chopvault on HOST", in their language).
    pub device_name: &'a str,
}

/// Runs the chosen flow, then verifies the new token against the Disk API.
pub fn obtain<P: Person>(
    y: &Yandex,
    request: Request<'_>,
    person: &mut P,
) -> Result<Obtained, P::Error> {
    let Request {
        flow,
        client_id,
        stored_secret,
        device_name: name,
    } = request;
    let device_id = new_device_id();
    let name = device_name(name);
    let device = Device {
        id: &device_id,
        name: &name,
    };
    let mut new_client_secret = None;
    let mut secret = |person: &mut P| -> Result<Secret, P::Error> {
        match &stored_secret {
            Some(s) => Ok(s.clone()),
            None => {
                let s = person.answer(Question::ClientSecret)?;
                new_client_secret = Some(s.clone());
                Ok(s)
            }
        }
    };
    let yandex = |e: YandexError| P::Error::from(LifecycleError::Yandex(e));
    let grant = match flow {
        Flow::Device => {
            let client_secret = secret(person)?;
            device_flow(y, client_id, &client_secret, &device, person)?
        }
        Flow::Code { browser } => {
            let client_secret = secret(person)?;
            let (verifier, challenge) = oauth::pkce();
            let url = oauth::authorize_url(y, "code", client_id, &device, Some(&challenge));
            person.tell(Tell::OpenForCode(&url));
            open_browser(&url, browser);
            let code = person.answer(Question::Code)?;
            let app = App {
                client_id,
                client_secret: Some(&client_secret),
            };
            oauth::exchange_code(y, &app, &code, &verifier, &device).map_err(yandex)?
        }
        Flow::Manual { browser } => {
            let url = oauth::authorize_url(y, "token", client_id, &device, None);
            person.tell(Tell::OpenForToken(&url));
            open_browser(&url, browser);
            let pasted = person.answer(Question::TokenOrAddress)?;
            oauth::parse_pasted(&pasted).map_err(LifecycleError::Paste)?
        }
    };
    let owner = disk::info(y, &grant.access_token).map_err(|e| match e {
        YandexError::Rejected { status, error } => {
            LifecycleError::NewTokenRejected { status, error }
        }
        other => LifecycleError::Yandex(other),
    })?;
    Ok(Obtained {
        grant,
        device_id,
        new_client_secret,
        owner,
    })
}

fn device_flow<P: Person>(
    y: &Yandex,
    client_id: &str,
    secret: &Secret,
    device: &Device<'_>,
    person: &mut P,
) -> Result<Grant, LifecycleError> {
    let app = App {
        client_id,
        client_secret: Some(secret),
    };
    let dc = oauth::device_code(y, &app, device)?;
    person.tell(Tell::EnterCode {
        url: &dc.verification_url,
        code: &dc.user_code,
    });
    let deadline = Instant::now() + Duration::from_secs(dc.expires_in);
    // Never poll faster than once a second, whatever the server says.
    let mut interval = Duration::from_secs(dc.interval.max(1));
    loop {
        let wake = Instant::now() + interval;
        while Instant::now() < wake {
            person.waiting(false);
            std::thread::sleep(
                Duration::from_millis(100).min(wake.saturating_duration_since(Instant::now())),
            );
        }
        if Instant::now() >= deadline {
            person.waiting(true);
            return Err(LifecycleError::NotConfirmed {
                expires_in: dc.expires_in,
            });
        }
        match oauth::poll_device(y, &app, &dc, device) {
            Ok(Poll::Pending) => {}
            Ok(Poll::SlowDown) => interval += Duration::from_secs(5),
            Ok(Poll::Done(grant)) => {
                person.waiting(true);
                return Ok(grant);
            }
            Err(e) => {
                person.waiting(true);
                return Err(e.into());
            }
        }
    }
}

/// A freshly obtained, verified Yandex token, as the metadata needs it.
pub struct NewToken<'a> {
    /// The token.
    pub value: &'a Secret,
    /// Its owner.
    pub owner: &'a DiskInfo,
    /// The app it was issued to.
    pub client_id: &'a str,
    /// The device it is bound to.
    pub device_id: Option<String>,
    /// When it expires.
    pub expires_at: Timestamp,
}

/// Metadata for a freshly obtained, verified Yandex token.
pub fn token_meta(
    old: Option<&crate::entry::Meta>,
    t: &NewToken<'_>,
    event: Event,
    detail: Option<String>,
) -> crate::entry::Meta {
    let NewToken {
        value,
        owner,
        client_id,
        device_id,
        expires_at,
    } = t;
    let now = Timestamp::now();
    let mut meta = Meta::new(Kind::YandexDisk, value.fingerprint(), now);
    if let Some(old) = old {
        meta.created = old.created;
        meta.note.clone_from(&old.note);
        meta.aux.clone_from(&old.aux);
        meta.history.clone_from(&old.history);
    }
    meta.expires_at = Some(*expires_at);
    meta.client_id = Some(client_id.to_string());
    meta.login = owner
        .login
        .clone()
        .or_else(|| old.and_then(|m| m.login.clone()));
    meta.last_verified = Some(Verification {
        at: now,
        result: Verdict::Valid,
    });
    meta.device_id.clone_from(device_id);
    meta.record(event, now, detail);
    meta
}

/// What a verification's outcome says about the token.
pub fn verdict(r: &Result<DiskInfo, YandexError>) -> Verdict {
    match r {
        Ok(_) => Verdict::Valid,
        Err(YandexError::Rejected { .. }) => Verdict::Rejected,
        Err(_) => Verdict::Unreachable,
    }
}

/// Checks one token against Yandex (and, with `write`, proves it can
/// write), then records the result in the entry's metadata.
pub fn check_token(
    vault: &mut Vault,
    y: &Yandex,
    name: &str,
    value: &Secret,
    write: bool,
) -> Result<Result<DiskInfo, YandexError>, VaultError> {
    let result = ask_yandex(y, value, write);
    record_verdict(vault, name, &result, write)?;
    Ok(result)
}

/// Asks Yandex whether the token works (and, with `write`, may write).
pub fn ask_yandex(y: &Yandex, value: &Secret, write: bool) -> Result<DiskInfo, YandexError> {
    let mut result = disk::info(y, value);
    if write
        && result.is_ok()
        && let Err(e) = disk::probe_write(y, value)
    {
        result = Err(e);
    }
    result
}

/// Records what Yandex said in the entry's metadata.
pub fn record_verdict(
    vault: &mut Vault,
    name: &str,
    result: &Result<DiskInfo, YandexError>,
    write: bool,
) -> Result<(), VaultError> {
    let said = verdict(result);
    let login = result.as_ref().ok().and_then(|i| i.login.clone());
    let now = Timestamp::now();
    vault.update_meta(name, |m| {
        let mut m = m.clone();
        m.last_verified = Some(Verification {
            at: now,
            result: said.clone(),
        });
        if let Some(l) = &login {
            m.login = Some(l.clone());
        }
        let event = if write {
            Event::VerifyWrite
        } else {
            Event::Verify
        };
        m.record(event, now, Some(said.word().to_string()));
        m
    })?;
    Ok(())
}
