//! `chopvault init`: choose and create the store, remember it in the config.
//! Never falls back to plaintext.

use std::path::{Path, PathBuf};

use super::Outcome;
use crate::cli::{InitArgs, NewStoreArgs, StoreChoice};
use crate::config::{Config, OpenBaoConfig, StoreKind};
use crate::context::{Context, KEYRING_PROBE_TIMEOUT, StoreSpec};
use crate::error::Error;
use crate::prompt;
use crate::sign::Card;
use crate::store::file::document::Member;
use crate::store::file::{self, FileStore, NewUnlock};
use crate::store::keyring::KeyringStore;
use crate::store::openbao::OpenBaoStore;

/// Runs `init`.
pub fn run(ctx: &Context, args: &InitArgs) -> Result<Outcome, Error> {
    let config_path = ctx.config_path()?;
    let existing = ctx.config()?;
    // A second vault (`--vault team.age`) may be created beside a configured
    // store; the config keeps pointing at the first.
    if let Some(c) = existing.as_ref().filter(|_| ctx.global.vault.is_none()) {
        return Err(Error::AlreadyInitialised(format!(
            "the {} store in {}",
            c.store,
            config_path.display()
        )));
    }
    let (config, spec) = create(ctx, args.store, &args.new)?;
    spec.ensure_index()?;
    say!("chopvault: values will live in: {}.", spec.location());
    if existing.is_none() {
        config.save(&config_path)?;
        say!("chopvault: saved the choice in {}.", config_path.display());
    } else if let StoreSpec::File { vault, .. } = &spec {
        say!(
            "chopvault: the config still names the first store; reach this vault with --vault {} (or CHOPVAULT_VAULT).",
            vault.display()
        );
    }
    Ok(Outcome {
        log: true,
        ..Outcome::default()
    })
}

/// Chooses and creates a store as asked (`init`, and `migrate`'s new
/// store): the config that would name it, and its spec. Saves no config.
pub fn create(
    ctx: &Context,
    choice: StoreChoice,
    new: &NewStoreArgs,
) -> Result<(Config, StoreSpec), Error> {
    let not_file = matches!(choice, StoreChoice::Keyring | StoreChoice::OpenBao);
    // A file-store setting that comes from the environment (set for daily
    // use) must not block setting up another store: it is ignored, and said.
    let from_env = |var: &str, value: &Option<std::path::PathBuf>| {
        value
            .as_deref()
            .is_some_and(|v| std::env::var_os(var).is_some_and(|e| std::path::Path::new(&e) == v))
    };
    let identity_from_env = from_env("CHOPVAULT_IDENTITY", &ctx.global.identity);
    let vault_from_env = from_env("CHOPVAULT_VAULT", &ctx.global.vault);
    if not_file {
        for (var, set) in [
            ("CHOPVAULT_IDENTITY", identity_from_env),
            ("CHOPVAULT_VAULT", vault_from_env),
        ] {
            if set {
                say!(
                    "chopvault: warning: {var} is set, but it belongs to the file store; ignored for this init."
                );
            }
        }
    }
    let identity_given = ctx.global.identity.is_some() && !(not_file && identity_from_env);
    let vault_given = ctx.global.vault.is_some() && !(not_file && vault_from_env);
    let wants_identities = new.generate_identity || !new.recipients.is_empty() || identity_given;
    let cards = new
        .recipients
        .iter()
        .map(|r| {
            // Never quoted back: a secret key pasted by mistake would land
            // in the terminal's scrollback.
            Card::parse(r).map_err(|why| {
                Error::Usage(format!(
                    "a --recipient is not a member card (age1… ssh-ed25519 AAAA… name) or an age recipient: {why}"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if not_file && (wants_identities || vault_given) {
        return Err(Error::Usage(
            "--identity, --generate-identity, --recipient and --vault belong to the file store"
                .into(),
        ));
    }
    let openbao_flags = new.addr.is_some()
        || new.ca_cert.is_some()
        || new.token_file.is_some()
        || new.token_to_keyring;
    if openbao_flags && choice != StoreChoice::OpenBao {
        return Err(Error::Usage(
            "--addr, --ca-cert, --token-file and --token-to-keyring belong to --store openbao"
                .into(),
        ));
    }

    let (kind, because) = match choice {
        StoreChoice::File => (StoreKind::File, "asked for with --store file".to_string()),
        StoreChoice::OpenBao => (
            StoreKind::OpenBao,
            "asked for with --store openbao".to_string(),
        ),
        StoreChoice::Keyring => {
            KeyringStore::probe(KEYRING_PROBE_TIMEOUT)?;
            (
                StoreKind::Keyring,
                "asked for with --store keyring".to_string(),
            )
        }
        StoreChoice::Auto if wants_identities || ctx.global.vault.is_some() => (
            StoreKind::File,
            "age identities or a vault path were given".to_string(),
        ),
        StoreChoice::Auto => match KeyringStore::probe(KEYRING_PROBE_TIMEOUT) {
            Ok(_) => (
                StoreKind::Keyring,
                "the OS keyring answered and is unlocked".to_string(),
            ),
            Err(e) => (
                StoreKind::File,
                format!("the OS keyring is not usable ({e})"),
            ),
        },
    };

    say!("chopvault: store: {kind}, because {because}.");
    let mut config = Config {
        store: kind,
        vault: None,
        identity: None,
        chosen_because: Some(because.clone()),
        openbao: None,
        unlock_for: new.unlock_for.clone(),
    };
    let spec = match kind {
        StoreKind::Keyring => StoreSpec::Keyring {
            index: ctx.paths()?.keyring_index(),
        },
        StoreKind::OpenBao => {
            let cfg = connect_openbao(new)?;
            config.openbao = Some(cfg.clone());
            StoreSpec::OpenBao {
                index: ctx.paths()?.openbao_index(&cfg),
                cfg,
            }
        }
        StoreKind::File => {
            let vault = absolute(match &ctx.global.vault {
                Some(v) => v.clone(),
                None => ctx.paths()?.default_vault(),
            })?;
            let identity = create_vault(ctx, new, &cards, &vault)?;
            config.vault = Some(vault.clone());
            config.identity = identity.clone();
            ctx.file_spec(vault, identity, new.unlock_for.as_deref())?
        }
    };
    Ok((config, spec))
}

/// Resolves the server, saves the token where asked, and checks that the
/// server answers and accepts the token before anything is saved.
fn connect_openbao(new: &NewStoreArgs) -> Result<OpenBaoConfig, Error> {
    let addr = new
        .addr
        .clone()
        .or_else(|| std::env::var("BAO_ADDR").ok())
        .or_else(|| std::env::var("VAULT_ADDR").ok())
        .filter(|a| !a.is_empty())
        .ok_or_else(|| Error::Usage("--store openbao needs --addr URL (or BAO_ADDR)".into()))?;
    if !(addr.starts_with("https://") || addr.starts_with("http://")) {
        return Err(Error::Usage(format!(
            "--addr takes an http(s):// URL, not '{addr}'"
        )));
    }
    if addr.starts_with("http://") && !is_loopback(&addr) {
        say!(
            "chopvault: warning: {addr} is plain HTTP: tokens would cross the network unencrypted. Use https://."
        );
    }
    let cfg = OpenBaoConfig {
        addr,
        mount: new.mount.trim_matches('/').to_string(),
        prefix: match new.prefix.trim_start_matches('/') {
            "" => String::new(),
            p if p.ends_with('/') => p.to_string(),
            p => format!("{p}/"),
        },
        ca_cert: new.ca_cert.clone().map(absolute).transpose()?,
        token_file: new.token_file.clone().map(absolute).transpose()?,
    };
    if let Some(file) = &cfg.token_file {
        crate::fsutil::check_private_file(file)?;
    }
    let store = if new.token_to_keyring {
        let raw = if prompt::interactive() {
            prompt::hidden("OpenBao token: ").map_err(Error::Prompt)?
        } else {
            let bytes = prompt::read_stdin().map_err(Error::Prompt)?;
            zeroize::Zeroizing::new(String::from_utf8_lossy(&bytes).into_owned())
        };
        let token = crate::secret::Secret::parse(raw.as_bytes())
            .map_err(|e| Error::Value(e, "the OpenBao token".into()))?;
        let store = OpenBaoStore::with_token(&cfg, token.clone())?;
        store.check_token()?;
        KeyringStore::open(KEYRING_PROBE_TIMEOUT)?.set_in_service(
            crate::store::openbao::KEYRING_SERVICE,
            &cfg.addr,
            &token,
        )?;
        say!("chopvault: the OpenBao token is in the OS keyring.");
        store
    } else {
        let store = OpenBaoStore::connect(&cfg)?;
        store.check_token()?;
        store
    };
    // Listing proves the mount and prefix; a policy without list is allowed
    // (a fleet host may only read), so this only warns.
    if let Err(e) = store.names() {
        say!(
            "chopvault: warning: cannot list {}{}: {e}",
            cfg.mount,
            cfg.prefix
        );
    }
    Ok(cfg)
}

fn is_loopback(addr: &str) -> bool {
    let host = addr.split("://").nth(1).unwrap_or("");
    host.starts_with("127.") || host.starts_with("localhost") || host.starts_with("[::1]")
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
            "chopvault: new age identity in {} (public key {public}). Keep a copy somewhere safe: without it the vault cannot be opened.",
            path.display()
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
                say!(
                    "chopvault: warning: the identity sits in the same folder as the vault; anyone who copies the folder can open the vault. Keep identities apart (see SECURITY.md)."
                );
            }
            NewUnlock::Recipients {
                recipients,
                members,
            }
        }
        None if !new.recipients.is_empty() => {
            return Err(Error::Usage(
                "--recipient needs --identity or --generate-identity: you must be able to open the vault yourself".into(),
            ));
        }
        None => NewUnlock::KeyFile {
            work_factor: new
                .work_factor
                .or_else(file::work_factor_override)
                .unwrap_or(file::DEFAULT_WORK_FACTOR),
        },
    };
    let described = match (&identity, &unlock) {
        (Some(p), _) => format!("age identity {}", p.display()),
        (None, NewUnlock::KeyFile { work_factor }) => format!(
            "a passphrase: it protects the key {} (scrypt work factor {work_factor}); back up the folder, both files are needed",
            crate::store::file::keyfile::path_for(vault).display()
        ),
        (None, _) => "passphrase".into(),
    };
    let name = match &new.name {
        Some(n) => {
            crate::sign::check_name(n).map_err(|why| Error::Usage(format!("bad --name: {why}")))?;
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
    say!(
        "chopvault: created the age vault {} (unlocked by {described}).",
        vault.display()
    );
    Ok(identity)
}

fn absolute(p: PathBuf) -> Result<PathBuf, Error> {
    std::path::absolute(&p).map_err(|e| Error::Io(format!("resolve the path {}", p.display()), e))
}
