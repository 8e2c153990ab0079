//! `chopvault rekey`: converts a passphrase vault to a passphrase-protected
//! key (`vault.key.age`, the vault encrypted to it), or changes the
//! passphrase of that key, which rewrites only the small key file, or
//! (`--new-key`) replaces the key itself and re-encrypts the vault to it.

use super::Outcome;
use crate::cli::RekeyArgs;
use crate::context::Context;
use crate::error::Error;
use crate::fsutil::Lock;
use crate::say::Explain as _;
use crate::store::Store;
use crate::store::file::keyfile;
use crate::store::file::spec::FileSpec;
use crate::store::file::{self, AgentAfter, FileStore};

/// Runs `rekey`.
pub fn run(ctx: &Context, args: &RekeyArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    let (
        Some(mut store),
        Some(FileSpec {
            vault, identity, ..
        }),
    ) = (spec.file_store(), spec.file())
    else {
        return Err(Error::Usage(t!(
            "cmd-rekey-not-passphrase-store",
            kind = spec.kind()
        )));
    };
    if let Some(id) = identity {
        return Err(Error::Usage(t!(
            "cmd-rekey-identity-vault",
            vault = vault.display(),
            id = id.display()
        )));
    }
    crate::store::must_exist(vault)?;
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
    if key.exists() && args.new_key {
        // Unlock with the old key before the lock, as every write does.
        store.prepare_unlock()?;
        let work_factor = args
            .work_factor
            .or(current_work_factor(&key)?)
            .unwrap_or(file::DEFAULT_WORK_FACTOR);
        say!("cmd-rekey-ask-key-passphrase");
        let pass = new.new_passphrase()?;
        let done = {
            let _lock = Lock::acquire(&spec.lock_path())?;
            store.replace_key(&pass, work_factor)?
        };
        // The vault file changed: its index is rebuilt with the new key.
        spec.reindex_file(&mut store)?;
        say!(
            "cmd-rekey-new-key-done",
            vault = vault.display(),
            key = key.display(),
            work_factor = work_factor
        );
        match done.agent {
            AgentAfter::Dropped => say!("store-file-agent-dropped-old-key"),
            AgentAfter::Unreachable(e) => {
                say!(
                    "store-file-agent-may-hold-old-key",
                    error = e.explain().text
                );
            }
            AgentAfter::NotHeld | AgentAfter::Replaced => {}
        }
        return Ok(Outcome {
            log: true,
            detail: Some(serde_json::json!({ "new_key": done.new, "old_keys": done.old })),
            ..Outcome::default()
        });
    }
    if key.exists() {
        // After an interrupted --new-key, the key the vault opens with.
        let ids = store.open_current_keyfile(&key)?;
        let work_factor = args
            .work_factor
            .or(current_work_factor(&key)?)
            .unwrap_or(file::DEFAULT_WORK_FACTOR);
        say!("cmd-rekey-ask-new-passphrase");
        let pass = new.new_passphrase()?;
        let _lock = Lock::acquire(&spec.lock_path())?;
        keyfile::rewrap(&key, &ids[0], &pass, work_factor)?;
        say!(
            "cmd-rekey-passphrase-changed",
            key = key.display(),
            work_factor = work_factor
        );
        say!("cmd-rekey-same-key-note", key = key.display());
    } else {
        // Ask the old passphrase before the lock, as every write does.
        store.prepare_unlock()?;
        let work_factor = match args.work_factor {
            Some(n) => n,
            None => file::work_factor_override()
                .map_err(|why| Error::Setting(file::WORK_FACTOR_ENV, why.explain().text))?
                .unwrap_or(file::DEFAULT_WORK_FACTOR),
        };
        say!("cmd-rekey-ask-key-passphrase");
        let pass = new.new_passphrase()?;
        {
            let _lock = Lock::acquire(&spec.lock_path())?;
            store.convert_to_keyfile(&pass, work_factor)?;
        }
        // The store now holds the new key: the index is rebuilt with it.
        spec.reindex_file(&mut store)?;
        say!(
            "cmd-rekey-converted",
            vault = vault.display(),
            key = key.display(),
            work_factor = work_factor
        );
    }
    Ok(Outcome {
        log: true,
        ..Outcome::default()
    })
}

/// The work factor of the key file being replaced, raised to the lowest
/// one chopvault writes: a key file made at a lower one (by the test knob,
/// before it was bounded) is not kept that weak.
fn current_work_factor(key: &std::path::Path) -> Result<Option<u8>, Error> {
    Ok(keyfile::work_factor(key)?.map(|n| n.max(file::MIN_WORK_FACTOR)))
}
