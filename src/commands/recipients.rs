//! `chopvault recipients list|add|remove`: the age recipients of a team
//! vault. Changing them re-encrypts the vault (atomic, under the lock).

use serde_json::json;

use super::{Outcome, print_json};
use crate::cli::{RecipientsAction, RecipientsArgs};
use crate::context::{Context, StoreSpec};
use crate::error::Error;
use crate::fsutil::Lock;
use crate::store::StoreError;
use crate::store::file::{self, FileStore};

/// Runs `recipients`.
pub fn run(ctx: &Context, args: &RecipientsArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    let StoreSpec::File {
        vault,
        identity,
        passphrase_file,
    } = &spec
    else {
        return Err(Error::Usage(format!(
            "recipients belong to age vaults; this is the {} store",
            spec.kind()
        )));
    };
    let mine = match identity {
        Some(id) => file::recipients_of_identity_file(id)?,
        None => Vec::new(),
    };
    let mut store = FileStore::new(vault.clone(), identity.clone(), passphrase_file.clone());
    match &args.action {
        RecipientsAction::List { json } => {
            let recipients = store.recipients()?;
            if *json {
                print_json(&json!({
                    "vault": vault,
                    "recipients": recipients.iter().map(|r| json!({"recipient": r, "you": mine.contains(r)})).collect::<Vec<_>>(),
                }));
            } else if recipients.is_empty() {
                println!("(a passphrase vault: no recipients)");
            } else {
                for r in &recipients {
                    println!("{r}{}", if mine.contains(r) { "  (you)" } else { "" });
                }
            }
            Ok(Outcome::default())
        }
        RecipientsAction::Add { recipient } => {
            file::check_recipient(recipient).map_err(Error::Usage)?;
            store_prepare(&mut store)?;
            let mut added = false;
            {
                let _lock = Lock::acquire(&spec.lock_path())?;
                store.change_recipients(|rs| {
                    if !rs.contains(recipient) {
                        rs.push(recipient.clone());
                        added = true;
                    }
                    Ok(())
                })?;
            }
            spec.reindex_file(&mut store)?;
            if added {
                eprintln!("chopvault: {recipient} can now open the vault (re-encrypted).");
            } else {
                eprintln!("chopvault: {recipient} was already a recipient.");
            }
            Ok(logged("add"))
        }
        RecipientsAction::Remove { recipient, force } => {
            store_prepare(&mut store)?;
            let names: Vec<String> = spec.entries()?.into_keys().collect();
            let lock = Lock::acquire(&spec.lock_path())?;
            store.change_recipients(|rs| {
                if !rs.contains(recipient) {
                    return Err(StoreError::Unavailable {
                        why: format!("{recipient} is not a recipient of this vault"),
                        hint: "See them with: chopvault recipients list".into(),
                    });
                }
                rs.retain(|r| r != recipient);
                if rs.is_empty() {
                    return Err(StoreError::Unavailable {
                        why: "that would leave the vault with no recipient".into(),
                        hint: "Add another recipient first.".into(),
                    });
                }
                if !*force && !rs.iter().any(|r| mine.contains(r)) {
                    return Err(StoreError::Unavailable {
                        why: "that would lock you out: none of your identity's keys would remain"
                            .into(),
                        hint: "Pass --force if that is what you want.".into(),
                    });
                }
                Ok(())
            })?;
            drop(lock);
            // After removing one's own key (--force) the vault no longer
            // opens here: the index then stays as it was.
            if let Err(e) = spec.reindex_file(&mut store) {
                eprintln!("chopvault: note: the index was not refreshed: {e}");
            }
            eprintln!(
                "chopvault: {recipient} can no longer open new versions of the vault. It could read every token stored until now (and old copies of the file, e.g. in git): rotate them{}.",
                if names.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ({})",
                        names
                            .iter()
                            .map(|n| format!("chopvault rotate {n}"))
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                }
            );
            Ok(logged("remove"))
        }
    }
}

/// Unlocks before the lock is taken, so nobody waits on a prompt.
fn store_prepare(store: &mut FileStore) -> Result<(), Error> {
    use crate::store::Store;
    Ok(store.prepare_unlock()?)
}

fn logged(action: &str) -> Outcome {
    Outcome {
        log: true,
        detail: Some(json!({ "recipients": action })),
        ..Outcome::default()
    }
}
