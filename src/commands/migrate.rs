//! `chopvault migrate --to STORE`: move every entry to another store.
//! The steps and why each is safe to interrupt are in [`crate::migrate`].

use serde_json::json;

use super::Outcome;
use crate::cli::{Global, MigrateArgs};
use crate::config::{Config, IndexRole, StoreKind};
use crate::context::{Context, StoreSpec};
use crate::error::Error;
use crate::migrate::{self, Journal, MigrateError};
use crate::vault::Vault;

/// Runs `migrate`.
pub fn run(ctx: &Context, args: &MigrateArgs) -> Result<Outcome, Error> {
    let journal_path = Journal::path(&ctx.paths()?.state_dir);
    let config_path = ctx.config_path()?;
    if let Some(journal) = Journal::load(&journal_path)? {
        if ctx.config()?.as_ref() == Some(&journal.to) {
            return finish(ctx, &journal, args.keep_old, &journal_path);
        }
        // The config was never switched: the old store is still in use and
        // whole; whatever was copied is copied again below.
        Journal::remove(&journal_path)?;
    }
    let file_only =
        args.to_vault.is_some() || args.to_identity.is_some() || args.new_passphrase_file.is_some();
    if file_only && args.to.kind() != StoreKind::File {
        return Err(Error::Usage(t!("cmd-migrate-file-options-only")));
    }

    let source = ctx.store_spec()?;
    let from = config_of(ctx, &source)?;
    let (mut to, target) = new_store(ctx, args, &source)?;
    if to.unlock_for.is_none() {
        to.unlock_for.clone_from(&from.unlock_for);
    }
    to.chosen_because = Some(crate::config::Reason::Migrated(from.store));
    target.ensure_index()?;

    let mut old = open_source(&source)?;
    let metas = source_metas(&source, &mut old)?;
    let read = migrate::read_all(&mut old, metas)?;
    for name in &read.missing {
        say!(
            "cmd-migrate-skipped-missing",
            name = crate::text::shown(name)
        );
    }
    let mut new = target.open()?;
    let clash = migrate::conflicts(&mut new, &read.items)?;
    if !clash.is_empty() && !args.force {
        return Err(MigrateError::Conflicts(clash).into());
    }
    let moved = migrate::copy_all(&mut new, &read.items, &from.store.to_string())?;
    say!(
        "cmd-migrate-copied",
        count = moved.len(),
        location = target.location()
    );

    let journal = Journal {
        at: jiff::Timestamp::now(),
        from: from.clone(),
        to: to.clone(),
        moved,
    };
    journal.save(&journal_path)?;
    to.save(&config_path)?;
    say!(
        "cmd-migrate-switched",
        store = to.store,
        config_path = config_path.display()
    );
    let mut outcome = finish_with(&mut old, &source, &journal, args.keep_old, &journal_path)?;
    outcome.detail = Some(json!({
        "from": from.store.to_string(),
        "to": to.store.to_string(),
        "entries": journal.moved.len(),
    }));
    Ok(outcome)
}

/// Completes a migration interrupted after the switch: removes the old
/// copies the journal lists.
fn finish(
    ctx: &Context,
    journal: &Journal,
    keep_old: bool,
    journal_path: &std::path::Path,
) -> Result<Outcome, Error> {
    say!(
        "cmd-migrate-finishing",
        from = journal.from.store,
        to = journal.to.store,
        date = super::day(journal.at)
    );
    let source = ctx.spec_for(journal.from.clone())?;
    let mut old = source.open()?;
    finish_with(&mut old, &source, journal, keep_old, journal_path)
}

/// Removes the old copies (unless kept), then the journal.
fn finish_with(
    old: &mut Vault,
    source: &StoreSpec,
    journal: &Journal,
    keep_old: bool,
    journal_path: &std::path::Path,
) -> Result<Outcome, Error> {
    if keep_old {
        Journal::remove(journal_path)?;
        say!("cmd-migrate-kept-old", location = source.location());
        return Ok(logged());
    }
    let removed = migrate::remove_old(old, &journal.moved).map_err(|e| Error::MigrateCleanup {
        location: source.location(),
        to: journal.to.store,
        error: e,
    })?;
    for name in &removed.changed {
        say!(
            "cmd-migrate-changed-meanwhile",
            name = crate::text::shown(name)
        );
    }
    Journal::remove(journal_path)?;
    say!(
        "cmd-migrate-removed",
        count = removed.removed.len(),
        location = source.location()
    );
    if let StoreSpec::File { vault, .. } = source {
        say!("cmd-migrate-old-vault-remains", vault = vault.display());
    }
    Ok(logged())
}

fn logged() -> Outcome {
    Outcome {
        log: true,
        ..Outcome::default()
    }
}

/// The config that names `spec` (the saved one, or one for `--vault`).
fn config_of(ctx: &Context, spec: &StoreSpec) -> Result<Config, Error> {
    let saved = ctx.config()?;
    Ok(match spec {
        StoreSpec::File {
            vault, identity, ..
        } => Config {
            store: StoreKind::File,
            vault: Some(std::path::absolute(vault).unwrap_or_else(|_| vault.clone())),
            identity: identity.clone(),
            chosen_because: None,
            openbao: None,
            unlock_for: saved.and_then(|c| c.unlock_for),
        },
        // Only an age vault is named on the command line (`--vault`).
        StoreSpec::Keyring { .. } | StoreSpec::OpenBao { .. } => saved.ok_or(Error::NoStore)?,
    })
}

/// Opens the old store; for an age vault, through one store value so that
/// its passphrase is asked for once.
fn open_source(spec: &StoreSpec) -> Result<Vault, Error> {
    match spec.file_store() {
        Some(store) => Ok(Vault::new(
            Box::new(store),
            spec.index_path(),
            spec.lock_path(),
        )),
        None => spec.open(),
    }
}

/// What the old store holds: the store's own metadata where the index is
/// a copy of it (an age vault's index may lag behind a git pull), else the
/// index or the server's.
fn source_metas(
    spec: &StoreSpec,
    old: &mut Vault,
) -> Result<std::collections::BTreeMap<String, crate::entry::Meta>, Error> {
    match spec.kind().index() {
        IndexRole::Copy => {
            if let Some(file) = spec.source_file() {
                crate::store::must_exist(file)?;
            }
            Ok(old.all_metas()?)
        }
        IndexRole::Record | IndexRole::Cache => spec.entries(),
    }
}

/// Creates (or, for an age vault that exists, opens) the new store.
fn new_store(
    ctx: &Context,
    args: &MigrateArgs,
    source: &StoreSpec,
) -> Result<(Config, StoreSpec), Error> {
    let same = |why: &str| Err(Error::Usage(t!("cmd-migrate-nothing-to-move", why = why)));
    let to = args.to.kind();
    // Onto the store in use: there is nothing to move, unless another one
    // of its kind is named (checked again once it is resolved).
    if source.kind() == to {
        match to {
            StoreKind::Keyring => return same(&t!("cmd-migrate-keyring-in-use")),
            StoreKind::OpenBao if args.new.addr.is_empty() && args.new.token_file.is_none() => {
                return same(&t!("cmd-migrate-openbao-in-use"));
            }
            StoreKind::OpenBao | StoreKind::File => {}
        }
    }
    let target_ctx = Context::new(Global {
        vault: args.to_vault.clone(),
        identity: args.to_identity.clone(),
        passphrase_file: args.new_passphrase_file.clone(),
        config: ctx.global.config.clone(),
        timeout: ctx.global.timeout.clone(),
    });
    if to == StoreKind::File {
        let vault = std::path::absolute(match &args.to_vault {
            Some(v) => v.clone(),
            None => ctx.paths()?.default_vault(),
        })
        .map_err(|e| Error::Usage(t!("cmd-migrate-cannot-resolve-vault", error = e)))?;
        if let StoreSpec::File { vault: old, .. } = source
            && crate::paths::canonical_vault(old) == crate::paths::canonical_vault(&vault)
        {
            return same(&t!("cmd-migrate-vault-in-use", vault = vault.display()));
        }
        if vault.exists() {
            // An earlier, interrupted migration created it, or the person
            // named a vault they already have: entries are added to it.
            say!("cmd-migrate-into-existing-vault", vault = vault.display());
            let identity = args
                .to_identity
                .clone()
                .map(std::path::absolute)
                .transpose()
                .map_err(|e| Error::Usage(t!("cmd-migrate-cannot-resolve-identity", error = e)))?;
            let spec = target_ctx.file_spec(
                vault.clone(),
                identity.clone(),
                args.new.unlock_for.as_deref(),
            )?;
            let config = Config {
                store: StoreKind::File,
                vault: Some(vault),
                identity,
                chosen_because: None,
                openbao: None,
                unlock_for: args.new.unlock_for.clone(),
            };
            return Ok((config, spec));
        }
        let target_ctx = Context::new(Global {
            vault: Some(vault),
            ..target_ctx.global
        });
        return super::init::create(&target_ctx, Some(to), &args.new);
    }
    let (config, spec) = super::init::create(&target_ctx, Some(to), &args.new)?;
    if let (StoreSpec::OpenBao { cfg: a, .. }, StoreSpec::OpenBao { cfg: b, .. }) = (source, &spec)
        && (&a.addr, a.mount.as_str(), a.prefix.as_str())
            == (&b.addr, b.mount.as_str(), b.prefix.as_str())
    {
        return same(&t!("cmd-migrate-openbao-same"));
    }
    Ok((config, spec))
}
