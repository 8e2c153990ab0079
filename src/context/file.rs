//! An age vault on the command line: its options to `init` (`--vault`,
//! `--identity`, `--recipient`, …), making one (a passphrase and key file,
//! or identities and members), `migrate --to file` onto a new or existing
//! vault, `doctor`'s checks of its files, key and pins, and `reindex`.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::{Context, Finding, StoreCli, StoreSpec, Target, absolute};
use crate::cli::{Global, MigrateArgs, NewStoreArgs};
use crate::config::{Config, StoreKind};
use crate::error::Error;
use crate::fsutil;
use crate::say::Explain;
use crate::sign::Card;
use crate::store::Store;
use crate::store::file::document::Member;
use crate::store::file::spec::FileSpec;
use crate::store::file::{self, FileStore, NewUnlock};

/// The age file's answers.
pub struct FileCli;

impl StoreCli for FileCli {
    fn location(&self, spec: &StoreSpec) -> String {
        vault_of(spec).vault.display().to_string()
    }

    fn place(&self, spec: &StoreSpec) -> serde_json::Value {
        json!({ "vault": vault_of(spec).vault })
    }

    /// The file store's options (`--identity`, `--vault`, …) belong to it:
    /// given with another store, they are refused, unless they come from
    /// the environment (set for daily use), which is ignored, and said.
    fn foreign_options(
        &self,
        ctx: &Context,
        asked: Option<StoreKind>,
        new: &NewStoreArgs,
    ) -> Result<(), Error> {
        let not_file = asked.is_some_and(|k| k != StoreKind::File);
        let from_env = |var: &str, value: &Option<PathBuf>| {
            value
                .as_deref()
                .is_some_and(|v| std::env::var_os(var).is_some_and(|e| Path::new(&e) == v))
        };
        let identity_from_env = from_env("CHOPVAULT_IDENTITY", &ctx.global.identity);
        let vault_from_env = from_env("CHOPVAULT_VAULT", &ctx.global.vault);
        if not_file {
            for (var, set) in [
                ("CHOPVAULT_IDENTITY", identity_from_env),
                ("CHOPVAULT_VAULT", vault_from_env),
            ] {
                if set {
                    say!("cmd-init-file-env-ignored", var = var);
                }
            }
        }
        let identity_given = ctx.global.identity.is_some() && !(not_file && identity_from_env);
        let vault_given = ctx.global.vault.is_some() && !(not_file && vault_from_env);
        let wants_identities =
            new.generate_identity || !new.recipients.is_empty() || identity_given;
        cards(new)?;
        if not_file && (wants_identities || vault_given) {
            return Err(Error::Usage(t!("cmd-init-file-options-only")));
        }
        Ok(())
    }

    /// Makes the vault at `--vault` (or the default one), with the
    /// identity or passphrase that unlocks it.
    fn create(
        &self,
        ctx: &Context,
        new: &NewStoreArgs,
        config: &mut Config,
    ) -> Result<StoreSpec, Error> {
        let vault = absolute(match &ctx.global.vault {
            Some(v) => v.clone(),
            None => ctx.paths()?.default_vault(),
        })?;
        let identity = create_vault(ctx, new, &cards(new)?, &vault)?;
        config.vault = Some(vault.clone());
        config.identity = identity.clone();
        ctx.file_spec(vault, identity, new.unlock_for.as_deref())
    }

    /// `--to-vault` (or the default vault): made anew, or, when it is
    /// there, the entries are added to it; never the vault in use.
    fn migrate_target(
        &self,
        ctx: &Context,
        args: &MigrateArgs,
        source: &StoreSpec,
        target: Context,
    ) -> Result<Target, Error> {
        let vault = std::path::absolute(match &args.to_vault {
            Some(v) => v.clone(),
            None => ctx.paths()?.default_vault(),
        })
        .map_err(|e| Error::Usage(t!("cmd-migrate-cannot-resolve-vault", error = e)))?;
        if let Some(old) = source.file()
            && crate::paths::canonical_vault(&old.vault) == crate::paths::canonical_vault(&vault)
        {
            return Err(Error::Usage(t!(
                "cmd-migrate-nothing-to-move",
                why = t!("cmd-migrate-vault-in-use", vault = vault.display())
            )));
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
            let spec = target.file_spec(
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
            return Ok(Target::Existing(Box::new((config, spec))));
        }
        Ok(Target::Create(Context::new(Global {
            vault: Some(vault),
            ..target.global
        })))
    }

    fn doctor(&self, spec: &StoreSpec) -> Vec<Finding> {
        let mut checks = Vec::new();
        let FileSpec {
            vault,
            identity,
            passphrase_file,
            pin,
            ..
        } = vault_of(spec);
        // A passphrase vault must be private; an identity vault is public
        // ciphertext, which git checks out 0644.
        let passphrase_vault = matches!(
            FileStore::new(vault.clone(), None, crate::prompt::Asker::new(None)).work_factor(),
            Ok(Some(_))
        );
        match fsutil::check_public_file(vault) {
            Ok(mode) if mode & 0o077 == 0 => checks.push(Finding::ok(msg!(
                "cmd-doctor-vault-file-private",
                vault = crate::text::shown_path(vault)
            ))),
            Ok(mode) if !passphrase_vault => checks.push(Finding::ok(msg!(
                "cmd-doctor-vault-file-public",
                vault = crate::text::shown_path(vault),
                mode = format!("{:03o}", mode & 0o777)
            ))),
            Ok(mode) => checks.push(Finding::failed(
                msg!("doctor-vault-file"),
                fsutil::FsError::TooOpen {
                    path: vault.clone(),
                    mode,
                }
                .into(),
            )),
            Err(e) => checks.push(Finding::failed(msg!("doctor-vault-file"), e.into())),
        }
        if let Some(id) = identity {
            match fsutil::check_private_file(id) {
                Ok(()) if fsutil::parent_of(id) == fsutil::parent_of(vault) => {
                    checks.push(Finding::warn(
                        msg!(
                            "cmd-doctor-identity-beside-vault",
                            id = crate::text::shown_path(id)
                        ),
                        msg!("doctor-move-to-removable"),
                    ));
                }
                Ok(()) => checks.push(Finding::ok(msg!(
                    "cmd-doctor-identity-private",
                    id = crate::text::shown_path(id)
                ))),
                Err(e) => checks.push(Finding::failed(msg!("doctor-identity"), e.into())),
            }
        }
        if let Some(p) = passphrase_file
            && let Err(e) = fsutil::check_private_file(p)
        {
            checks.push(Finding::failed(msg!("doctor-passphrase-file"), e.into()));
        }
        // The scrypt cost is in the header: read without unlocking.
        let header = FileStore::new(vault.clone(), None, crate::prompt::Asker::new(None));
        let header_factor = header.work_factor();
        let header_is_scrypt = matches!(header_factor, Ok(Some(_)));
        match header_factor {
            Ok(Some(n)) if n > crate::store::file::MAX_WORK_FACTOR => checks.push(Finding::fail(
                msg!(
                    "cmd-doctor-work-factor-too-high",
                    factor = n,
                    max = crate::store::file::MAX_WORK_FACTOR
                ),
                Some(msg!("cmd-doctor-work-factor-too-high-fix")),
            )),
            Ok(Some(n)) if n < crate::store::file::DEFAULT_WORK_FACTOR => {
                checks.push(Finding::warn(
                    msg!(
                        "cmd-doctor-work-factor-low",
                        factor = n,
                        mib = mib(n),
                        default = crate::store::file::DEFAULT_WORK_FACTOR
                    ),
                    msg!("doctor-low-factor-new"),
                ));
            }
            Ok(Some(n)) => checks.push(Finding::ok(msg!(
                "cmd-doctor-work-factor-kept",
                factor = n,
                mib = mib(n)
            ))),
            Ok(None) | Err(_) => {}
        }
        // The agent holding the key opens the vault without a prompt:
        // try it, as every other command would (issue 24).
        let agent_holds = identity.is_none() && matches!(spec.agent_state(), Some((true, _)));
        let needs_prompt = identity.is_none()
            && passphrase_file.is_none()
            && !agent_holds
            && !crate::prompt::interactive();
        if needs_prompt {
            checks.push(Finding::warn(
                msg!("doctor-needs-terminal"),
                msg!("doctor-run-in-terminal"),
            ));
        } else {
            let mut store = spec.file_store().expect("a file spec");
            match store.unlock() {
                Ok(()) => checks.push(Finding::ok(msg!("doctor-vault-opens"))),
                Err(e) => checks.push(Finding::failed(
                    msg!("doctor-vault-does-not-open"),
                    e.into(),
                )),
            }
        }
        let key = crate::store::file::keyfile::path_for(vault);
        if identity.is_none() && key.exists() {
            match crate::store::file::keyfile::work_factor(&key) {
                Ok(Some(n)) if n < crate::store::file::DEFAULT_WORK_FACTOR => {
                    checks.push(Finding::warn(
                        msg!(
                            "cmd-doctor-key-work-factor-low",
                            key = crate::text::shown_path(&key),
                            factor = n,
                            mib = mib(n),
                            default = crate::store::file::DEFAULT_WORK_FACTOR
                        ),
                        msg!("doctor-low-factor-raise"),
                    ));
                }
                Ok(Some(n)) => checks.push(Finding::ok(msg!(
                    "cmd-doctor-key-work-factor-ok",
                    key = crate::text::shown_path(&key),
                    factor = n,
                    mib = mib(n)
                ))),
                Ok(None) | Err(_) => checks.push(Finding::fail(
                    msg!(
                        "cmd-doctor-key-unreadable",
                        key = crate::text::shown_path(&key)
                    ),
                    Some(msg!("cmd-doctor-key-unreadable-fix")),
                )),
            }
            match spec.agent_state() {
                Some((true, Some(until))) => {
                    checks.push(Finding::ok(msg!(
                        "cmd-doctor-agent-unlocked",
                        until = crate::ui::words::local_time_text(&until) => json!(until)
                    )));
                }
                _ => match crate::agent::status() {
                    Err(e) => checks.push(Finding::warn(
                        msg!(
                            "cmd-doctor-agent-unusable",
                            error = crate::say::Explain::explain(&e).text => None
                        ),
                        msg!("doctor-agent-fresh"),
                    )),
                    _ => checks.push(Finding::ok(msg!("doctor-agent-no-key"))),
                },
            }
            if crate::agent::memory_locked() == Some(false) {
                checks.push(Finding::warn(
                    msg!("doctor-agent-memory-not-locked"),
                    msg!("doctor-agent-memory-fix"),
                ));
            }
        } else if identity.is_none() && header_is_scrypt {
            checks.push(Finding::warn(
                msg!("doctor-no-key-file"),
                msg!("doctor-convert-rekey"),
            ));
        }
        if identity.is_some() || key.exists() {
            match crate::store::file::trust::Pin::load(pin) {
                Ok(Some(p)) if p.signed => checks.push(Finding::ok(msg!(
                    "cmd-doctor-members-pinned",
                    members = crate::say::file::listing(&p.members) => members_fact(&p.members)
                ))),
                Ok(Some(_)) => {
                    checks.push(Finding::warn(
                        msg!("doctor-not-signed"),
                        msg!("doctor-next-write-signs"),
                    ));
                }
                Ok(None) => {}
                Err(e) => checks.push(Finding::failed(msg!("doctor-pinned-members"), e.into())),
            }
        }
        // Earlier versions kept the index beside the vault, where git
        // carries it; it is not read any more.
        let old = crate::paths::old_index_for_vault(vault);
        if old.exists() {
            checks.push(Finding::warn(
                msg!("cmd-doctor-old-index", old = crate::text::shown_path(&old)),
                msg!(
                    "cmd-doctor-old-index-fix",
                    old = crate::text::shown_path(&old)
                ),
            ));
        }
        checks
    }

    fn reindex(&self, spec: &StoreSpec) -> Result<Option<usize>, Error> {
        let mut store = spec.file_store().expect("a file spec");
        spec.reindex_file(&mut store).map(Some)
    }
}

/// The vault a file store's spec names.
fn vault_of(spec: &StoreSpec) -> &FileSpec {
    spec.file().expect("a file spec")
}

/// The members given with `--recipient`, read from their cards.
fn cards(new: &NewStoreArgs) -> Result<Vec<Card>, Error> {
    new.recipients
        .iter()
        .map(|r| {
            // Never quoted back: a secret key pasted by mistake would land
            // in the terminal's scrollback.
            Card::parse(r)
                .map_err(|why| Error::Usage(t!("cmd-init-bad-recipient", why = why.explain().text)))
        })
        .collect()
}

/// Pinned members as facts: each one's name (if their card has one) and
/// the fingerprint of their signing key.
fn members_fact(members: &[Member]) -> serde_json::Value {
    members
        .iter()
        .map(|m| {
            json!({
                "name": m.name,
                "fingerprint": crate::store::file::trust::fingerprint_of(m),
            })
        })
        .collect()
}

/// Memory scrypt takes at work factor `n` (r = 8: 128 × 8 × 2^n bytes).
fn mib(n: u8) -> u64 {
    (1u64 << n) * 1024 / (1024 * 1024)
}

/// Creates the age vault; returns the identity that unlocks it, if any.
fn create_vault(
    ctx: &Context,
    new: &NewStoreArgs,
    cards: &[Card],
    vault: &Path,
) -> Result<Option<PathBuf>, Error> {
    let identity = if new.generate_identity {
        let path = absolute(match &ctx.global.identity {
            Some(p) => p.clone(),
            None => ctx.paths()?.default_identity(),
        })?;
        let public = file::generate_identity_file(&path)?;
        say!(
            "cmd-init-new-identity",
            path = path.display(),
            public = public
        );
        Some(path)
    } else {
        ctx.global.identity.clone().map(absolute).transpose()?
    };
    let unlock = match &identity {
        Some(path) => {
            let mut recipients = file::recipients_of_identity_file(path)?;
            // The creator's own card comes first (added when the vault is
            // signed); the others' as given: a bare age1… reads only.
            let mut members = Vec::new();
            for card in cards {
                if !recipients.contains(&card.recipient) {
                    recipients.push(card.recipient.clone());
                }
                if let Some(key) = &card.key
                    && !members
                        .iter()
                        .any(|m: &Member| m.recipient == card.recipient)
                {
                    members.push(Member {
                        recipient: card.recipient.clone(),
                        key: key.to_openssh(),
                        name: card.name.clone(),
                    });
                }
            }
            if crate::fsutil::parent_of(path) == crate::fsutil::parent_of(vault) {
                say!("cmd-init-identity-beside-vault");
            }
            NewUnlock::Recipients {
                recipients,
                members,
            }
        }
        None if !new.recipients.is_empty() => {
            return Err(Error::Usage(t!("cmd-init-recipient-needs-identity")));
        }
        None => NewUnlock::KeyFile {
            work_factor: match new.work_factor {
                Some(n) => n,
                None => file::work_factor_override()
                    .map_err(|why| Error::Setting(file::WORK_FACTOR_ENV, why.explain().text))?
                    .unwrap_or(file::DEFAULT_WORK_FACTOR),
            },
        },
    };
    let described = match (&identity, &unlock) {
        (Some(p), _) => t!("cmd-init-age-identity", path = p.display()),
        (None, NewUnlock::KeyFile { work_factor }) => t!(
            "cmd-init-passphrase-key-file",
            key = crate::store::file::keyfile::path_for(vault).display(),
            work_factor = work_factor
        ),
        (None, _) => t!("cmd-init-passphrase"),
    };
    let name = match &new.name {
        Some(n) => {
            crate::sign::check_name(n)
                .map_err(|why| Error::Usage(t!("cmd-init-bad-name", why = why.explain().text)))?;
            n.clone()
        }
        None => crate::context::member_name(),
    };
    let mine = match &identity {
        Some(path) => file::cards_of_identity_file(path, None)?,
        None => Vec::new(),
    };
    let mut unlock = unlock;
    if let NewUnlock::Recipients { members, .. } = &mut unlock {
        // Your own card first, named after you.
        if let Some(me) = mine.first() {
            members.retain(|m| m.recipient != me.recipient);
            members.insert(
                0,
                Member {
                    recipient: me.recipient.clone(),
                    key: me
                        .key
                        .as_ref()
                        .expect("an identity's card has a key")
                        .to_openssh(),
                    name: Some(name.clone()),
                },
            );
        }
    }
    FileStore::new(
        vault.to_path_buf(),
        identity.clone(),
        crate::prompt::Asker::new(ctx.global.passphrase_file.clone()),
    )
    .with_pin(ctx.paths()?.vault_pin(vault))
    .with_member_name(Some(name))
    .with_unlock_for(
        new.unlock_for
            .as_deref()
            .map(|t| crate::cli::parse_duration(t).map_err(Error::Usage))
            .transpose()?,
    )
    .create(unlock)
    .map_err(|e| match e {
        crate::store::StoreError::Fs(_) if vault.exists() => {
            Error::VaultExists(vault.to_path_buf())
        }
        other => other.into(),
    })?;
    // A new vault at a path where another was starts with nothing of the
    // old one: its index listed the old entries. (Its pins were replaced by
    // `create`, and a key the agent still holds for the old vault is set
    // aside by the store when it does not open this one.)
    match fs::remove_file(ctx.paths()?.vault_index(vault)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(crate::fsutil::FsError::io(crate::fsutil::Action::Remove, vault, e).into());
        }
        _ => {}
    }
    say!(
        "cmd-init-created-vault",
        vault = vault.display(),
        described = described
    );
    Ok(identity)
}
