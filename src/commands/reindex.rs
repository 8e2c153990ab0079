//! `chopvault reindex`: rebuild the metadata index from the store itself,
//! e.g. after a team vault changed through git. Unlocks an age vault.

use super::Outcome;
use crate::context::{Context, StoreSpec};
use crate::error::Error;

/// Runs `reindex`.
pub fn run(ctx: &Context) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    let count = match &spec {
        StoreSpec::File { .. } => {
            let mut store = spec.file_store().expect("a file spec");
            spec.reindex_file(&mut store)?
        }
        // Entries written before metadata was kept beside the value get it
        // now; then the server is read afresh and the cache rewritten.
        StoreSpec::OpenBao { cfg, .. } => {
            let store = crate::store::openbao::OpenBaoStore::connect(cfg)?;
            let (_, migrated) = store.migrate_meta()?;
            if migrated > 0 {
                say!("cmd-reindex-openbao-migrated", count = migrated);
            }
            spec.entries()?.len()
        }
        StoreSpec::Keyring { .. } => {
            say!("cmd-reindex-keyring-nothing");
            return Ok(Outcome::default());
        }
    };
    say!("cmd-reindex-done", count = count);
    Ok(Outcome::default())
}
