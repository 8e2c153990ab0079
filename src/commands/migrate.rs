//! `chopvault migrate --to STORE`: move every entry to another store.
//! The steps and why each is safe to interrupt are in [`crate::migrate`].

use serde_json::json;

use super::Outcome;
use crate::cli::{Global, MigrateArgs};
use crate::config::{Config, IndexRole, StoreKind};
use crate::context::{Context, StoreSpec, Target, cli_of};
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
    // `--to-vault`, `--to-identity` and `--new-passphrase-file` are
    // `migrate`'s options for a new age vault, named for it (`--to file`).
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
    if let Some(file) = source.file() {
        say!(
            "cmd-migrate-old-vault-remains",
            vault = file.vault.display()
        );
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
    spec.config(ctx.config()?).ok_or(Error::NoStore)
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
    let same = |why: String| Err(Error::Usage(t!("cmd-migrate-nothing-to-move", why = why)));
    let to = args.to.kind();
    let store = cli_of(to);
    // Onto the store in use: there is nothing to move, unless another one
    // of its kind is named (checked again once it is resolved).
    if source.kind() == to
        && let Some(why) = store.in_use(&args.new)
    {
        return same(why);
    }
    let target_ctx = Context::new(Global {
        vault: args.to_vault.clone(),
        identity: args.to_identity.clone(),
        passphrase_file: args.new_passphrase_file.clone(),
        config: ctx.global.config.clone(),
        timeout: ctx.global.timeout.clone(),
    });
    let target_ctx = match store.migrate_target(ctx, args, source, target_ctx)? {
        Target::Existing(there) => return Ok(*there),
        Target::Create(target_ctx) => target_ctx,
    };
    let (config, spec) = super::init::create(&target_ctx, Some(to), &args.new)?;
    if source.kind() == to
        && let Some(why) = store.same_store(source, &spec)
    {
        return same(why);
    }
    Ok((config, spec))
}
