//! `chopvault verify NAME`: ask Yandex whether the token works and whose it
//! is; record the result and time. Exit 0 valid, 12 rejected, 13 unreachable.

use jiff::Timestamp;
use serde_json::json;

use super::flows::describe_owner;
use super::{Outcome, print_json};
use crate::cli::VerifyArgs;
use crate::context::Context;
use crate::error::Error;
use crate::secret::Secret;
use crate::store::StoreError;
use crate::vault::Vault;
use crate::vault::entry::{HistoryEvent, Verification, push_history};
use crate::yandex::disk::{self, DiskInfo};
use crate::yandex::{Yandex, YandexError};

/// The result word recorded for an outcome.
pub fn result_word(r: &Result<DiskInfo, YandexError>) -> &'static str {
    match r {
        Ok(_) => "valid",
        Err(YandexError::Rejected { .. }) => "rejected",
        Err(_) => "unreachable",
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
    let mut result = disk::info(y, value);
    if write
        && result.is_ok()
        && let Err(e) = disk::probe_write(y, value)
    {
        result = Err(e);
    }
    let word = result_word(&result);
    let login = result.as_ref().ok().and_then(|i| i.login.clone());
    let now = Timestamp::now();
    vault.update_meta(name, |m| {
        let mut m = m.clone();
        m.last_verified = Some(Verification {
            at: now,
            result: word.into(),
        });
        if let Some(l) = &login {
            m.login = Some(l.clone());
        }
        push_history(
            &mut m.history,
            HistoryEvent {
                at: now,
                event: if write { "verify-write" } else { "verify" }.into(),
                fingerprint: Some(m.fingerprint.clone()),
                detail: Some(word.into()),
            },
        );
        m
    })?;
    Ok(result)
}

/// Runs `verify`.
pub fn run(ctx: &Context, args: &VerifyArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    let meta = spec
        .entries()?
        .remove(&args.name)
        .ok_or_else(|| StoreError::NotFound(args.name.clone()))?;
    super::yandex_only(&args.name, &meta)?;
    let y = Yandex::from_env()?;
    let mut vault = spec.open()?;
    let value = vault.get(&args.name)?;
    let fingerprint = value.fingerprint();
    let result = check_token(&mut vault, &y, &args.name, &value, args.write)?;
    if args.json {
        let (owner, error) = match &result {
            Ok(i) => (
                json!({"login": i.login, "display_name": i.display_name,
                       "used_space": i.used_space, "total_space": i.total_space}),
                None,
            ),
            Err(e) => (json!(null), Some(e.to_string())),
        };
        print_json(&json!({
            "name": args.name,
            "result": result_word(&result),
            "write_checked": args.write && result.is_ok(),
            "owner": owner,
            "error": error,
            "fingerprint": fingerprint,
        }));
    }
    match result {
        Ok(info) => {
            if !args.json {
                out!(
                    "{}: valid - {}{}",
                    args.name,
                    describe_owner(&info),
                    if args.write {
                        ", can write to app:/"
                    } else {
                        ""
                    }
                );
            }
            Ok(Outcome {
                code: 0,
                fingerprint: Some(fingerprint),
                log: true,
                detail: Some(json!({ "result": "valid", "login": info.login })),
            })
        }
        Err(e) => Err(e.into()),
    }
}
