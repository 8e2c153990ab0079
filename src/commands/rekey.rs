//! `chopvault rekey`: converts a passphrase vault to a passphrase-protected
//! key (`vault.key.age`, the vault encrypted to it), or changes the
//! passphrase of that key, which rewrites only the small key file.

use super::Outcome;
use crate::cli::RekeyArgs;
use crate::context::{Context, StoreSpec};
use crate::error::Error;
use crate::fsutil::Lock;
use crate::store::Store;
use crate::store::file::keyfile;
use crate::store::file::{self, FileStore};

/// Runs `rekey`.
pub fn run(ctx: &Context, args: &RekeyArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    let (
        Some(mut store),
        StoreSpec::File {
            vault, identity, ..
        },
    ) = (spec.file_store(), &spec)
    else {
        return Err(Error::Usage(format!(
            "rekey is for age vaults protected by a passphrase; this is the {} store",
            spec.kind()
        )));
    };
    if let Some(id) = identity {
        return Err(Error::Usage(format!(
            "the vault {} opens with the identity file {}, not a passphrase: nothing to rekey",
            vault.display(),
            id.display()
        )));
    }
    if !vault.exists() {
        return Err(crate::store::StoreError::Missing(vault.clone()).into());
    }
    let key = keyfile::path_for(vault);
    let new = FileStore::new(
        vault.clone(),
        None,
        crate::prompt::Asker::new(args.new_passphrase_file.clone()),
    );
    if key.exists() && store.work_factor()?.is_some() {
        return Err(Error::RekeyInterrupted {
            key,
            vault: vault.clone(),
        });
    }
    if key.exists() {
        let ids = store.open_keyfile(&key)?;
        let work_factor = args
            .work_factor
            .or(keyfile::work_factor(&key)?)
            .unwrap_or(file::DEFAULT_WORK_FACTOR);
        say!("chopvault: now the new passphrase.");
        let pass = new.new_passphrase()?;
        let _lock = Lock::acquire(&spec.lock_path())?;
        keyfile::rewrap(&key, &ids[0], &pass, work_factor)?;
        say!(
            "chopvault: the passphrase of {} changed (scrypt work factor {work_factor}); the vault itself was not rewritten. An unlocked agent keeps working.",
            key.display()
        );
    } else {
        // Ask the old passphrase before the lock, as every write does.
        store.prepare_unlock()?;
        let work_factor = args
            .work_factor
            .or_else(file::work_factor_override)
            .unwrap_or(file::DEFAULT_WORK_FACTOR);
        say!("chopvault: now the passphrase that will protect the new key (it may be the same).");
        let pass = new.new_passphrase()?;
        {
            let _lock = Lock::acquire(&spec.lock_path())?;
            store.convert_to_keyfile(&pass, work_factor)?;
        }
        // The store now holds the new key: the index is rebuilt with it.
        spec.reindex_file(&mut store)?;
        say!(
            "chopvault: the vault {} is now encrypted to the key {} (scrypt work factor {work_factor}), and signed. Back up the folder: both files are needed. Stock age opens it: age -d -i {} {}",
            vault.display(),
            key.display(),
            key.display(),
            vault.display()
        );
    }
    Ok(Outcome {
        log: true,
        ..Outcome::default()
    })
}
