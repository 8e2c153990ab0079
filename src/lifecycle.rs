//! A Yandex token's life, between the commands and the two things it
//! joins (the Yandex client and the vault): obtaining one (`login`,
//! `rotate`) by the manual flow of the RiCoder guide, the device flow or
//! the confirmation-code flow; the verification every new token passes
//! before it is stored; checking a stored token (`verify`, `check`) and
//! recording the verdict; and the metadata a new token gets.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use jiff::{Timestamp, ToSpan};

use crate::entry::{
    CLIENT_SECRET, Event, Kind, Meta, REFRESH_TOKEN, Verdict, Verification, YANDEX_DEFAULT_DAYS,
};
use crate::error::Error;
use crate::prompt::{self, PromptError};
use crate::secret::Secret;
use crate::store::AuxUpdate;
use crate::vault::Vault;
use crate::yandex::disk::{self, DiskInfo};
use crate::yandex::oauth::{self, App, Device, Grant, Poll};
use crate::yandex::{Yandex, YandexError};

/// Where typed answers come from: stdin lines (`--stdin`) or hidden prompts.
pub struct Inputs {
    lines: Option<VecDeque<Secret>>,
}

impl Inputs {
    /// Reads all of stdin now when `--stdin` was given.
    pub fn new(from_stdin: bool) -> Result<Self, Error> {
        if !from_stdin {
            return Ok(Inputs { lines: None });
        }
        let raw = prompt::read_stdin().map_err(Error::Prompt)?;
        let text = std::str::from_utf8(&raw)
            .map_err(|_| Error::Value(crate::secret::ValueError::NotUtf8, "stdin".into()))?;
        let lines = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| Secret::parse(l.as_bytes()).map_err(|e| Error::Value(e, "stdin".into())))
            .collect::<Result<VecDeque<_>, _>>()?;
        Ok(Inputs { lines: Some(lines) })
    }

    /// The next answer: the next stdin line, or a hidden prompt.
    pub fn next(&mut self, prompt_text: &str, what: &str) -> Result<Secret, Error> {
        if let Some(lines) = &mut self.lines {
            return lines
                .pop_front()
                .ok_or_else(|| Error::Usage(t!("lifecycle-stdin-ended-before-was", what = what)));
        }
        if !prompt::interactive() {
            return Err(Error::NeedsAnswer(what.to_string()));
        }
        let typed = prompt::hidden(prompt_text).map_err(|e| match e {
            PromptError::NoTerminal => Error::Prompt(PromptError::NoTerminal),
            other => Error::Prompt(other),
        })?;
        Secret::parse(typed.as_bytes()).map_err(|e| Error::Value(e, t!("lifecycle-prompt")))
    }
}

/// A device id for a new token: tokens issued with one can be revoked
/// through the API later.
pub fn new_device_id() -> String {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("chopvault-{hex}")
}

fn device_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| t!("lifecycle-machine"));
    crate::yandex::clean(&t!("lifecycle-chopvault", host = host))
        .chars()
        .take(100)
        .collect()
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
    ) -> Result<crate::entry::Meta, Error> {
        let value = &self.grant.access_token;
        let token = NewToken {
            value,
            owner: &self.owner,
            client_id,
            device_id,
            expires_at: self.expires_at(Timestamp::now()),
        };
        Ok(vault.set_with_aux(name, value, &self.aux(), |old| {
            token_meta(old, &token, event.clone(), detail.clone())
        })?)
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

impl From<&crate::cli::FlowArgs> for Flow {
    fn from(a: &crate::cli::FlowArgs) -> Self {
        if a.device {
            Flow::Device
        } else if a.code {
            Flow::Code {
                browser: !a.no_browser,
            }
        } else {
            Flow::Manual {
                browser: !a.no_browser,
            }
        }
    }
}

/// Runs the chosen flow, then verifies the new token against the Disk API.
pub fn obtain(
    y: &Yandex,
    flow: Flow,
    client_id: &str,
    stored_secret: Option<Secret>,
    inputs: &mut Inputs,
) -> Result<Obtained, Error> {
    let device_id = new_device_id();
    let name = device_name();
    let device = Device {
        id: &device_id,
        name: &name,
    };
    let mut new_client_secret = None;
    let mut secret = |inputs: &mut Inputs| -> Result<Secret, Error> {
        match &stored_secret {
            Some(s) => Ok(s.clone()),
            None => {
                let s = inputs.next(
                    &t!("lifecycle-prompt-client-secret"),
                    &t!("lifecycle-what-client-secret"),
                )?;
                new_client_secret = Some(s.clone());
                Ok(s)
            }
        }
    };
    let grant = match flow {
        Flow::Device => {
            let client_secret = secret(inputs)?;
            device_flow(y, client_id, &client_secret, &device)?
        }
        Flow::Code { browser } => {
            let client_secret = secret(inputs)?;
            let (verifier, challenge) = oauth::pkce();
            let url = oauth::authorize_url(y, "code", client_id, &device, Some(&challenge));
            say!("lifecycle-open-address-sign-account", url = url);
            open_browser(&url, browser);
            let code = inputs.next(&t!("lifecycle-prompt-code"), &t!("lifecycle-what-code"))?;
            let app = App {
                client_id,
                client_secret: Some(&client_secret),
            };
            oauth::exchange_code(y, &app, &code, &verifier, &device)?
        }
        Flow::Manual { browser } => {
            let url = oauth::authorize_url(y, "token", client_id, &device, None);
            say!("lifecycle-open-address-sign-account-2", url = url);
            open_browser(&url, browser);
            let pasted = inputs.next(&t!("lifecycle-prompt-token-or-address"), "token")?;
            oauth::parse_pasted(&pasted).map_err(Error::Paste)?
        }
    };
    let owner = disk::info(y, &grant.access_token).map_err(|e| match e {
        YandexError::Rejected { status, error } => Error::NewTokenRejected { status, error },
        other => Error::Yandex(other),
    })?;
    Ok(Obtained {
        grant,
        device_id,
        new_client_secret,
        owner,
    })
}

fn device_flow(
    y: &Yandex,
    client_id: &str,
    secret: &Secret,
    device: &Device<'_>,
) -> Result<Grant, Error> {
    let app = App {
        client_id,
        client_secret: Some(secret),
    };
    let dc = oauth::device_code(y, &app, device)?;
    say!(
        "lifecycle-any-device-open-enter",
        verification_url = dc.verification_url,
        user_code = dc.user_code
    );
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    spinner.set_message(t!("lifecycle-waiting-confirm"));
    let deadline = Instant::now() + Duration::from_secs(dc.expires_in);
    // Never poll faster than once a second, whatever the server says.
    let mut interval = Duration::from_secs(dc.interval.max(1));
    loop {
        let wake = Instant::now() + interval;
        while Instant::now() < wake {
            spinner.tick();
            std::thread::sleep(
                Duration::from_millis(100).min(wake.saturating_duration_since(Instant::now())),
            );
        }
        if Instant::now() >= deadline {
            spinner.finish_and_clear();
            return Err(YandexError::OAuth {
                error: "expired_token".into(),
                description: t!(
                    "lifecycle-not-confirmed-within-s",
                    expires_in = dc.expires_in
                ),
            }
            .into());
        }
        match oauth::poll_device(y, &app, &dc, device) {
            Ok(Poll::Pending) => {}
            Ok(Poll::SlowDown) => interval += Duration::from_secs(5),
            Ok(Poll::Done(grant)) => {
                spinner.finish_and_clear();
                return Ok(grant);
            }
            Err(e) => {
                spinner.finish_and_clear();
                return Err(e.into());
            }
        }
    }
}

/// "owner example-login (Name), Disk 37.2 GiB of 42.0 GiB used"
pub fn describe_owner(info: &DiskInfo) -> String {
    let mut out = match (&info.login, &info.display_name) {
        (Some(l), Some(d)) if d != l => t!("lifecycle-owner-named", login = l, name = d),
        (Some(l), _) => t!("lifecycle-owner", login = l),
        _ => t!("lifecycle-owner-unknown-app-folder"),
    };
    if let (Some(used), Some(total)) = (info.used_space, info.total_space) {
        out.push_str(&t!(
            "lifecycle-disk-used",
            value = gib(used),
            value2 = gib(total)
        ));
    }
    out
}

fn gib(bytes: u64) -> String {
    t!(
        "lifecycle-gib",
        size = crate::ui::words::decimal(bytes as f64 / (1u64 << 30) as f64)
    )
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
) -> Result<Result<DiskInfo, YandexError>, Error> {
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
) -> Result<(), Error> {
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
