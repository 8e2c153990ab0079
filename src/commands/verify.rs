//! `chopvault verify NAME`: ask Yandex whether the token works and whose it
//! is; record the result and time. Exit 0 valid, 12 rejected, 13 unreachable.
//! With `--json`, a failure is `"error": {"kind": <stable word>, "message":
//! <the reader's language>}`.

use serde_json::json;

use super::{Outcome, print_json};
use crate::cli::VerifyArgs;
use crate::context::Context;
use crate::error::Error;
use crate::lifecycle::{ask_yandex, record_verdict, verdict};
use crate::say::lifecycle::owner as describe_owner;
use crate::store::StoreError;
use crate::yandex::{Yandex, YandexError};

/// Runs `verify`.
pub fn run(ctx: &Context, args: &VerifyArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    let meta = spec
        .entries()?
        .remove(&args.name)
        .ok_or_else(|| StoreError::NotFound(args.name.clone()))?;
    super::yandex_only(&args.name, &meta)?;
    let y = Yandex::from_env(crate::say::yandex::setup())?;
    let mut vault = spec.open()?;
    let value = vault.get(&args.name)?;
    let fingerprint = value.fingerprint();
    let result = ask_yandex(&y, &value, args.write);
    // The verdict is printed even when it cannot be recorded (a read-only
    // host, a store that refuses the write): it is what was asked.
    let unrecorded = record_verdict(&mut vault, &args.name, &result, args.write).err();
    if args.json {
        let (owner, error) = match &result {
            Ok(i) => (
                json!({"login": i.login, "display_name": i.display_name,
                       "used_space": i.used_space, "total_space": i.total_space}),
                None,
            ),
            Err(e) => (
                json!(null),
                Some(json!({
                    "kind": error_kind(e),
                    "message": crate::say::Explain::explain(e).text,
                })),
            ),
        };
        print_json(&json!({
            "name": args.name,
            "result": verdict(&result).word(),
            "write_checked": args.write && result.is_ok(),
            "owner": owner,
            "error": error,
            "fingerprint": fingerprint,
            "recorded": unrecorded.is_none(),
        }));
    }
    if let Some(e) = &unrecorded {
        say!(
            "cmd-verify-not-recorded",
            error = crate::say::Explain::explain(e).text
        );
    }
    match result {
        Ok(info) => {
            if !args.json {
                out!(
                    "cmd-verify-valid",
                    name = args.name,
                    owner = describe_owner(&info),
                    can_write = if args.write {
                        t!("cmd-verify-can-write")
                    } else {
                        String::new()
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

/// What went wrong, as `--json`'s `error.kind` says it: a stable word
/// (`message` beside it is for a person, in their language).
fn error_kind(e: &YandexError) -> &'static str {
    match e {
        YandexError::Rejected { .. } => "rejected",
        YandexError::OAuth { .. } => "oauth",
        YandexError::Unreachable(_) => "unreachable",
        YandexError::Protocol(_) => "protocol",
        YandexError::Setting { .. } => "setting",
    }
}
