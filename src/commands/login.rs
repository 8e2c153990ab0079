//! `chopvault login NAME`: obtain a first Yandex.Disk token (walking the
//! user through creating the OAuth app when no ClientID is given), verify
//! it, and store it.

use jiff::Timestamp;
use serde_json::json;

use super::{Outcome, day};
use crate::cli::LoginArgs;
use crate::context::Context;
use crate::error::Error;
use crate::lifecycle::{self, Inputs};
use crate::prompt;
use crate::yandex::Yandex;
use crate::yandex::oauth::valid_client_id;

/// Runs `login`.
pub fn run(ctx: &Context, args: &LoginArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    if spec.entries()?.contains_key(&args.name) {
        return Err(Error::AlreadyHolds(args.name.clone()));
    }
    let mut inputs = Inputs::new(args.flow.stdin)?;
    let client_id = match &args.client_id {
        Some(id) => id.clone(),
        None => guide()?,
    };
    if !valid_client_id(&client_id) {
        return Err(Error::Usage(format!(
            "'{client_id}' is not a ClientID: it has 32 hexadecimal characters (0-9, a-f)"
        )));
    }
    let y = Yandex::from_env()?;
    let mut vault = spec.open()?;
    // A wrong passphrase should fail now, not after the browser dance.
    vault.unlock()?;
    let obtained = lifecycle::obtain(&y, (&args.flow).into(), &client_id, None, &mut inputs)?;
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
        "chopvault: stored '{}': {}, expires {} ({}){}.",
        args.name,
        lifecycle::describe_owner(&obtained.owner),
        day(expires_at),
        meta.fingerprint,
        if obtained.grant.refresh_token.is_some() {
            ", with a refresh token"
        } else {
            ""
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
        return Err(Error::Usage(
            "no --client-id, and no terminal to walk you through creating the app: pass --client-id ID".into(),
        ));
    }
    say!(
        "\
A Yandex.Disk token is issued to an OAuth app that you create once:

  1. Open https://oauth.yandex.ru/client/new and sign in.
  2. Give the app a name and choose the platform \"Web services\".
  3. Set the Redirect URI to: https://oauth.yandex.ru/verification_code
  4. Under data access, add the four Yandex.Disk REST API permissions:
       cloud_api:disk.read        (read everything on Disk)
       cloud_api:disk.write       (write anywhere on Disk)
       cloud_api:disk.app_folder  (access to the app folder)
       cloud_api:disk.info        (information about Disk)
  5. Create the app and copy its ClientID.
"
    );
    say_partial!("ClientID: ");
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Error::Io("read the ClientID".into(), e))?;
    Ok(line.trim().to_string())
}
