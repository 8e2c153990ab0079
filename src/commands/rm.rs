//! `chopvault rm NAME`: remove an entry from the store and the index.

use super::{Outcome, print_json, valid_name};
use crate::cli::RmArgs;
use crate::context::Context;
use crate::error::Error;

/// Runs `rm`.
pub fn run(ctx: &Context, args: &RmArgs) -> Result<Outcome, Error> {
    valid_name(&args.name)?;
    let mut vault = ctx.store_spec()?.open()?;
    let removed = vault.remove(&args.name)?;
    let fingerprint = removed.map(|m| m.fingerprint);
    if args.json {
        print_json(&serde_json::json!({ "removed": args.name, "fingerprint": fingerprint }));
    } else {
        eprintln!("chopvault: removed '{}'.", args.name);
    }
    Ok(Outcome {
        fingerprint,
        log: true,
        ..Outcome::default()
    })
}
