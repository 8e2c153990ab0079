//! `chopvault reindex`: rebuild the metadata index from the store itself,
//! e.g. after a team vault changed through git. Unlocks an age vault.

use super::Outcome;
use crate::context::{Context, StoreSpec};
use crate::error::Error;
use crate::store::file::FileStore;

/// Runs `reindex`.
pub fn run(ctx: &Context) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    let count = match &spec {
        StoreSpec::File {
            vault,
            identity,
            passphrase_file,
        } => {
            let mut store =
                FileStore::new(vault.clone(), identity.clone(), passphrase_file.clone());
            spec.reindex_file(&mut store)?
        }
        // The server is read afresh and the cache rewritten.
        StoreSpec::OpenBao { .. } => spec.entries()?.len(),
        StoreSpec::Keyring { .. } => {
            eprintln!(
                "chopvault: the keyring store's index is its only metadata; nothing to rebuild."
            );
            return Ok(Outcome::default());
        }
    };
    eprintln!("chopvault: the index lists {count} entries, as the store holds them.");
    Ok(Outcome::default())
}
