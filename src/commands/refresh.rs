//! `chopvault refresh NAME`: renew a token with its stored refresh token
//! (tokens from the device and confirmation-code flows have one).

use jiff::Timestamp;
use serde_json::json;

use super::{Outcome, day};
use crate::cli::RefreshArgs;
use crate::context::Context;
use crate::entry::{CLIENT_SECRET, REFRESH_TOKEN};
use crate::error::Error;
use crate::lifecycle::Obtained;
use crate::store::StoreError;
use crate::yandex::oauth::{self, App};
use crate::yandex::{Yandex, disk};

/// Runs `refresh`.
pub fn run(ctx: &Context, args: &RefreshArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    let meta = spec
        .entries()?
        .remove(&args.name)
        .ok_or_else(|| StoreError::NotFound(args.name.clone()))?;
    super::yandex_only(&args.name, &meta)?;
    let no_refresh = || Error::NoRefreshToken(args.name.clone());
    if !meta.aux.iter().any(|k| k == REFRESH_TOKEN) {
        return Err(no_refresh());
    }
    let client_id = meta.client_id.clone().ok_or_else(no_refresh)?;
    let y = Yandex::from_env(crate::say::yandex::setup())?;
    let mut vault = spec.open()?;
    let refresh_token = vault
        .get_aux(&args.name, REFRESH_TOKEN)?
        .ok_or_else(no_refresh)?;
    let secret = vault
        .get_aux(&args.name, CLIENT_SECRET)?
        .ok_or_else(|| Error::NoClientSecret(args.name.clone()))?;
    let app = App {
        client_id: &client_id,
        client_secret: Some(&secret),
    };
    let grant = oauth::refresh(&y, &app, &refresh_token)?;
    let owner = disk::info(&y, &grant.access_token)?;
    let obtained = Obtained {
        grant,
        device_id: meta.device_id.clone().unwrap_or_default(),
        new_client_secret: None,
        owner,
    };
    let new_meta = obtained.store(
        &mut vault,
        &args.name,
        &client_id,
        meta.device_id.clone(),
        crate::entry::Event::Refresh,
        None,
    )?;
    let expires_at = new_meta.expires_at.unwrap_or_else(Timestamp::now);
    say!(
        "cmd-refresh-done",
        name = args.name,
        fingerprint = new_meta.fingerprint,
        expires = day(expires_at)
    );
    Ok(Outcome {
        code: 0,
        fingerprint: Some(new_meta.fingerprint),
        log: true,
        detail: Some(json!({ "expires_at": expires_at.to_string() })),
    })
}
