//! `chopvault get NAME`: print the value for a pipe, or metadata with --json.

use crate::entry::WARN_DAYS;
use std::io::{IsTerminal, Write};

use jiff::Timestamp;

use super::{Outcome, entry_json, print_json};
use crate::cli::GetArgs;
use crate::context::Context;
use crate::error::Error;
use crate::store::StoreError;

/// Runs `get`.
pub fn run(ctx: &Context, args: &GetArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    if args.json && !args.reveal {
        // Metadata only: from the index, with nothing unlocked.
        let meta = spec
            .entries()?
            .remove(&args.name)
            .ok_or_else(|| StoreError::NotFound(args.name.clone()))?;
        print_json(&entry_json(&args.name, &meta, Timestamp::now(), WARN_DAYS));
        return Ok(Outcome::default());
    }
    let mut vault = spec.open()?;
    let value = vault.get(&args.name)?;
    let fingerprint = value.fingerprint();
    if args.json {
        let meta = vault.meta(&args.name)?;
        let mut json = match &meta {
            Some(m) => entry_json(&args.name, m, Timestamp::now(), WARN_DAYS),
            None => serde_json::json!({ "name": args.name, "fingerprint": fingerprint }),
        };
        json["value"] = serde_json::Value::String(value.expose().to_owned());
        print_json(&json);
        // serde_json's buffers are not zeroized; --reveal is the user's
        // explicit choice and SECURITY.md says so.
    } else {
        let mut out = std::io::stdout().lock();
        // A newline only for a person: piped into a file, the value is
        // exactly the token (as an installer's token.txt expects).
        let newline = if out.is_terminal() { "\n" } else { "" };
        write!(out, "{}{newline}", value.expose())
            .and_then(|()| out.flush())
            .map_err(|e| Error::Io(t!("cmd-get-write-value"), e))?;
    }
    Ok(Outcome::logged(fingerprint))
}
