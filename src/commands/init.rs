//! `chopvault init`: choose and create the store, remember it in the config.
//! Never falls back to plaintext.

use super::Outcome;
use crate::cli::{InitArgs, NewStoreArgs};
use crate::config::{Config, Reason, StoreKind};
use crate::context::{Context, KEYRING_PROBE_TIMEOUT, StoreSpec, cli_of};
use crate::error::Error;
use crate::say::Explain;
use crate::store::keyring::KeyringStore;

/// Runs `init`.
pub fn run(ctx: &Context, args: &InitArgs) -> Result<Outcome, Error> {
    let config_path = ctx.config_path()?;
    let existing = ctx.config()?;
    // A second vault (`--vault team.age`) may be created beside a configured
    // store; the config keeps pointing at the first.
    if let Some(c) = existing.as_ref().filter(|_| ctx.global.vault.is_none()) {
        return Err(Error::AlreadyInitialised(t!(
            "cmd-init-existing-store",
            store = c.store,
            config_path = config_path.display()
        )));
    }
    let (config, spec) = create(ctx, args.store.kind(), &args.new)?;
    spec.ensure_index()?;
    say!("cmd-init-values-live-in", location = spec.location());
    if existing.is_none() {
        config.save(&config_path)?;
        say!("cmd-init-saved-choice", config_path = config_path.display());
    } else if let Some(file) = spec.file() {
        say!("cmd-init-config-unchanged", vault = file.vault.display());
    }
    Ok(Outcome {
        log: true,
        ..Outcome::default()
    })
}

/// Chooses (`asked` none: `--store auto`) and creates a store (`init`,
/// and `migrate`'s new store): the config that would name it, and its
/// spec. Saves no config.
pub fn create(
    ctx: &Context,
    asked: Option<StoreKind>,
    new: &NewStoreArgs,
) -> Result<(Config, StoreSpec), Error> {
    // Each store refuses its own options when another one is asked for.
    for &kind in StoreKind::ALL {
        cli_of(kind).foreign_options(ctx, asked, new)?;
    }

    // The reason is saved as a word (the config is data) and said in the
    // user's words; a keyring that is not usable is said with why.
    let (kind, because, unusable) = match asked {
        Some(kind) => {
            // What must hold before the choice is said.
            cli_of(kind).before_chosen()?;
            (kind, Reason::Asked(kind), None)
        }
        // `auto` is a policy between two stores, not a question each store
        // answers: age identities or a vault mean the file store; else the
        // keyring when it answers, and the file store when it does not.
        None if new.generate_identity
            || !new.recipients.is_empty()
            || ctx.global.identity.is_some()
            || ctx.global.vault.is_some() =>
        {
            (StoreKind::File, Reason::IdentitiesOrVault, None)
        }
        None => match KeyringStore::probe(KEYRING_PROBE_TIMEOUT) {
            Ok(_) => (StoreKind::Keyring, Reason::KeyringAnswered, None),
            Err(e) => (StoreKind::File, Reason::KeyringNotUsable(None), Some(e)),
        },
    };
    let said = match unusable {
        Some(e) => t!("cmd-init-keyring-unusable", e = e.explain().text),
        None => because.explain().text,
    };
    say!("cmd-init-store-chosen", kind = kind, because = said);
    let mut config = Config {
        store: kind,
        vault: None,
        identity: None,
        chosen_because: Some(because),
        openbao: None,
        unlock_for: new.unlock_for.clone(),
    };
    let spec = cli_of(kind).create(ctx, new, &mut config)?;
    Ok((config, spec))
}
