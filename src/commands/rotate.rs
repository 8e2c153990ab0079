//! `chopvault rotate NAME`: replace a lost or leaked token. The old token
//! stays until the new one is verified and belongs to the same account;
//! then they are swapped in one locked write, and the old one is revoked
//! where Yandex allows it.

use jiff::Timestamp;
use serde_json::json;

use super::{Outcome, day};
use crate::cli::RotateArgs;
use crate::context::Context;
use crate::entry::CLIENT_SECRET;
use crate::error::Error;
use crate::lifecycle::{self, Inputs};
use crate::store::StoreError;
use crate::yandex::Yandex;
use crate::yandex::oauth::{self, App, Revoked, valid_client_id};

/// Runs `rotate`.
pub fn run(ctx: &Context, args: &RotateArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    let meta = spec
        .entries()?
        .remove(&args.name)
        .ok_or_else(|| StoreError::NotFound(args.name.clone()))?;
    super::yandex_only(&args.name, &meta)?;
    let client_id = args
        .client_id
        .clone()
        .or_else(|| meta.client_id.clone())
        .ok_or_else(|| {
            Error::Usage(format!(
                "'{}' has no ClientID stored: pass --client-id ID (32 hex characters)",
                args.name
            ))
        })?;
    if !valid_client_id(&client_id) {
        return Err(Error::Usage(format!(
            "'{client_id}' is not a ClientID (32 hex characters)"
        )));
    }
    let mut inputs = Inputs::new(args.flow.stdin)?;
    let y = Yandex::from_env()?;
    let mut vault = spec.open()?;
    let old = vault.get(&args.name)?;
    let client_secret = vault.get_aux(&args.name, CLIENT_SECRET)?;
    let obtained = lifecycle::obtain(
        &y,
        (&args.flow).into(),
        &client_id,
        client_secret.clone(),
        &mut inputs,
    )?;

    // Same account? The stored owner, or else ask Yandex about the old token.
    let old_login = meta.login.clone().or_else(|| {
        crate::yandex::disk::info(&y, &old)
            .ok()
            .and_then(|i| i.login)
    });
    if let (Some(before), Some(after)) = (&old_login, &obtained.owner.login)
        && before != after
        && !args.allow_account_change
    {
        return Err(Error::AccountChanged {
            before: before.clone(),
            after: after.clone(),
        });
    }
    // Yandex may give back the token already stored (same app and device
    // while it is valid). Then there is no "old" token: nothing may be
    // revoked, and history must not say it was replaced by itself.
    let unchanged = obtained.grant.access_token.fingerprint() == old.fingerprint();
    let detail = (!unchanged).then(|| {
        format!(
            "replaced {}{}",
            old.fingerprint(),
            obtained
                .owner
                .login
                .as_ref()
                .map(|l| format!(", owner {l}"))
                .unwrap_or_default()
        )
    });
    let new_meta = obtained.store(
        &mut vault,
        &args.name,
        &client_id,
        Some(obtained.device_id.clone()),
        if unchanged {
            crate::entry::Event::Unchanged
        } else {
            crate::entry::Event::Rotate
        },
        detail,
    )?;
    let expires_at = new_meta.expires_at.unwrap_or_else(Timestamp::now);
    let revoked = if unchanged {
        say!(
            "chopvault: Yandex gave back the same token '{}' already holds ({}, {}); it was verified and kept, and nothing was revoked. It works until {}.",
            args.name,
            new_meta.fingerprint,
            lifecycle::describe_owner(&obtained.owner),
            day(expires_at)
        );
        say!(
            "hint: to get a different token (say, this one leaked), end this one in your Yandex ID account settings (Devices / apps), then run rotate again."
        );
        "unchanged"
    } else {
        say!(
            "chopvault: '{}' now holds the new token ({}, {}, expires {}).",
            args.name,
            new_meta.fingerprint,
            lifecycle::describe_owner(&obtained.owner),
            day(expires_at)
        );
        let secret = client_secret.or(obtained.new_client_secret.clone());
        revoke_old(
            &y,
            &client_id,
            secret.as_ref(),
            &old,
            meta.device_id.is_some(),
        )
    };
    Ok(Outcome {
        code: 0,
        fingerprint: Some(new_meta.fingerprint),
        log: true,
        detail: Some(json!({
            "old_fingerprint": old.fingerprint(),
            "login": obtained.owner.login,
            "old_revoked": revoked,
        })),
    })
}

/// Revokes the old token when Yandex allows it; otherwise says what to do.
fn revoke_old(
    y: &Yandex,
    client_id: &str,
    secret: Option<&crate::secret::Secret>,
    old: &crate::secret::Secret,
    device_bound: bool,
) -> &'static str {
    let manual = "To kill it now, remove the app's access in your Yandex ID account settings \
or change the account's password (that ends every token of the account).";
    let Some(secret) = secret.filter(|_| device_bound) else {
        say!(
            "chopvault: the old token ({}) still works until it expires: Yandex revokes by API only tokens issued for a device with the client secret known. {manual}",
            old.fingerprint()
        );
        return "up-to-user";
    };
    let app = App {
        client_id,
        client_secret: Some(secret),
    };
    match oauth::revoke(y, &app, old) {
        Ok(Revoked::Yes) => {
            say!("chopvault: revoked the old token ({}).", old.fingerprint());
            "revoked"
        }
        Ok(Revoked::NotDeviceBound) => {
            say!(
                "chopvault: Yandex cannot revoke the old token by API (not device-bound). {manual}"
            );
            "up-to-user"
        }
        Ok(Revoked::InvalidGrant) => {
            say!("chopvault: the old token was already dead, or belongs to another app.");
            "already-invalid"
        }
        Err(e) => {
            say!("chopvault: warning: could not revoke the old token: {e}. {manual}");
            "failed"
        }
    }
}
