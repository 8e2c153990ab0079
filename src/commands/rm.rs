//! `chopvault rm NAME`: remove an entry from the store and the index.

use super::{Outcome, print_json};
use crate::cli::RmArgs;
use crate::context::Context;
use crate::error::Error;

/// Runs `rm`.
pub fn run(ctx: &Context, args: &RmArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    if let Some(old) = spec.known_meta(&args.name)
        && !super::confirm_overwrite(
            &args.name,
            &old,
            crate::error::Overwrite::Remove,
            args.force,
        )?
    {
        say!("cmd-rm-kept", name = args.name);
        return Ok(Outcome {
            code: 1,
            ..Outcome::default()
        });
    }
    let mut vault = spec.open()?;
    let removed = vault.remove(&args.name)?;
    let what = removed.as_ref().map(super::describe);
    let fingerprint = removed.map(|m| m.fingerprint);
    if args.json {
        print_json(&serde_json::json!({ "removed": args.name, "fingerprint": fingerprint }));
    } else {
        say!(
            "cmd-rm-removed",
            name = args.name,
            held = what
                .map(|w| t!("cmd-rm-which-held", what = w))
                .unwrap_or_default()
        );
    }
    Ok(Outcome {
        fingerprint,
        log: true,
        ..Outcome::default()
    })
}
