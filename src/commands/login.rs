//! `chopvault login NAME`: obtain a first Yandex.Disk token (walking the
//! user through creating the OAuth app when no ClientID is given), verify
//! it, and store it.

use jiff::Timestamp;
use serde_json::json;

use super::person::Terminal;
use super::{Outcome, day};
use crate::cli::LoginArgs;
use crate::context::Context;
use crate::error::Error;
use crate::lifecycle;
use crate::prompt;
use crate::yandex::Yandex;
use crate::yandex::oauth::valid_client_id;

/// Runs `login`.
pub fn run(ctx: &Context, args: &LoginArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    if spec.entries()?.contains_key(&args.name) {
        return Err(Error::AlreadyHolds(args.name.clone()));
    }
    let mut person = Terminal::new(args.flow.stdin)?;
    let client_id = match &args.client_id {
        Some(id) => id.clone(),
        None => guide()?,
    };
    if !valid_client_id(&client_id) {
        return Err(Error::Usage(t!(
            "cmd-login-not-a-client-id",
            client_id = client_id
        )));
    }
    let y = Yandex::from_env(crate::say::yandex::setup())?;
    let mut vault = spec.open()?;
    // A wrong passphrase should fail now, not after the browser dance.
    vault.unlock()?;
    let device_name = crate::say::lifecycle::device_name(lifecycle::host_name().as_deref());
    let obtained = lifecycle::obtain(
        &y,
        lifecycle::Request {
            flow: (&args.flow).into(),
            client_id: &client_id,
            stored_secret: None,
            device_name: &device_name,
        },
        &mut person,
    )?;
    let meta = obtained.store(
        &mut vault,
        &args.name,
        &client_id,
        Some(obtained.device_id.clone()),
        crate::entry::Event::Login,
        None,
    )?;
    let expires_at = meta.expires_at.unwrap_or_else(Timestamp::now);
    say!(
        "cmd-login-stored",
        name = args.name,
        owner = crate::say::lifecycle::owner(&obtained.owner),
        expires = day(expires_at),
        fingerprint = meta.fingerprint,
        refresh = if obtained.grant.refresh_token.is_some() {
            t!("cmd-login-with-refresh")
        } else {
            String::new()
        }
    );
    Ok(Outcome {
        code: 0,
        fingerprint: Some(meta.fingerprint),
        log: true,
        detail: Some(
            json!({ "login": obtained.owner.login, "expires_at": expires_at.to_string() }),
        ),
    })
}

/// Part 1 of the RiCoder guide: create the OAuth app, then type its ClientID.
fn guide() -> Result<String, Error> {
    if !prompt::interactive() {
        return Err(Error::Usage(t!("cmd-login-no-client-id")));
    }
    say!("cmd-login-app-guide");
    say_partial!("cmd-login-client-id-prompt");
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Error::Io(t!("cmd-login-read-client-id"), e))?;
    Ok(line.trim().to_string())
}
