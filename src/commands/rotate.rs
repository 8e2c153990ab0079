//! `chopvault rotate NAME`: replace a lost or leaked token. The old token
//! stays until the new one is verified and belongs to the same account;
//! then they are swapped in one locked write, and the old one is revoked
//! where Yandex allows it.

use jiff::Timestamp;
use serde_json::json;

use super::person::Terminal;
use super::{Outcome, day};
use crate::cli::RotateArgs;
use crate::context::Context;
use crate::entry::CLIENT_SECRET;
use crate::error::Error;
use crate::lifecycle;
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
        .ok_or_else(|| Error::NoClientId(args.name.clone()))?;
    if !valid_client_id(&client_id) {
        return Err(Error::Usage(t!(
            "cmd-rotate-not-a-client-id",
            client_id = client_id
        )));
    }
    let mut person = Terminal::new(args.flow.stdin)?;
    let y = Yandex::from_env(crate::say::yandex::setup())?;
    let mut vault = spec.open()?;
    let old = vault.get(&args.name)?;
    let client_secret = vault.get_aux(&args.name, CLIENT_SECRET)?;
    let device_name = crate::say::lifecycle::device_name(lifecycle::host_name().as_deref());
    let obtained = lifecycle::obtain(
        &y,
        lifecycle::Request {
            flow: (&args.flow).into(),
            client_id: &client_id,
            stored_secret: client_secret.clone(),
            device_name: &device_name,
        },
        &mut person,
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
            "cmd-rotate-same-token",
            name = args.name,
            fingerprint = new_meta.fingerprint,
            owner = crate::say::lifecycle::owner(&obtained.owner),
            expires = day(expires_at)
        );
        say!("cmd-rotate-same-token-hint");
        "unchanged"
    } else {
        say!(
            "cmd-rotate-done",
            name = args.name,
            fingerprint = new_meta.fingerprint,
            owner = crate::say::lifecycle::owner(&obtained.owner),
            expires = day(expires_at)
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
    let manual = t!("cmd-rotate-kill-now");
    let Some(secret) = secret.filter(|_| device_bound) else {
        say!(
            "cmd-rotate-old-token-still-works",
            fingerprint = old.fingerprint(),
            manual = manual
        );
        return "up-to-user";
    };
    let app = App {
        client_id,
        client_secret: Some(secret),
    };
    match oauth::revoke(y, &app, old) {
        Ok(Revoked::Yes) => {
            say!(
                "cmd-rotate-revoked-old-token",
                fingerprint = old.fingerprint()
            );
            "revoked"
        }
        Ok(Revoked::NotDeviceBound) => {
            say!("cmd-rotate-revoke-unsupported", manual = manual);
            "up-to-user"
        }
        Ok(Revoked::InvalidGrant) => {
            say!("cmd-rotate-old-token-already-dead");
            "already-invalid"
        }
        Err(e) => {
            say!(
                "cmd-rotate-revoke-failed",
                error = crate::say::Explain::explain(&e).text,
                manual = manual
            );
            "failed"
        }
    }
}
