//! `chopvault reindex`: rebuild the metadata index from the store itself,
//! e.g. after a team vault changed through git. Unlocks an age vault.

use super::Outcome;
use crate::context::Context;
use crate::error::Error;

/// Runs `reindex`.
pub fn run(ctx: &Context) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    // Each store rebuilds its own way (`context::file`, …); one whose
    // index is its only record has nothing to rebuild, and says so.
    if let Some(count) = spec.cli().reindex(&spec)? {
        say!("cmd-reindex-done", count = count);
    }
    Ok(Outcome::default())
}
