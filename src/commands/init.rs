//! `chopvault init`: choose and create the store, remember it in the config.
//! Never falls back to plaintext.

use std::path::{Path, PathBuf};

use std::fs;

use super::Outcome;
use crate::cli::AuthArg;
use crate::cli::{InitArgs, NewStoreArgs};
use crate::config::{AuthMethod, Config, OpenBaoAuth, OpenBaoConfig, Reason, StoreKind};
use crate::context::{Context, KEYRING_PROBE_TIMEOUT, StoreSpec};
use crate::error::Error;
use crate::prompt;
use crate::say::Explain;
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
    } else if let StoreSpec::File { vault, .. } = &spec {
        say!("cmd-init-config-unchanged", vault = vault.display());
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
    let not_file = asked.is_some_and(|k| k != StoreKind::File);
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
                say!("cmd-init-file-env-ignored", var = var);
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
            Card::parse(r)
                .map_err(|why| Error::Usage(t!("cmd-init-bad-recipient", why = why.explain().text)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if not_file && (wants_identities || vault_given) {
        return Err(Error::Usage(t!("cmd-init-file-options-only")));
    }
    let openbao_flags = !new.addr.is_empty()
        || new.namespace.is_some()
        || new.ca_cert.is_some()
        || new.token_file.is_some()
        || new.token_to_keyring
        || new.auth.is_some();
    if openbao_flags && asked != Some(StoreKind::OpenBao) {
        return Err(Error::Usage(t!("cmd-init-openbao-options-only")));
    }

    // The reason is saved as a word (the config is data) and said in the
    // user's words; a keyring that is not usable is said with why.
    let (kind, because, unusable) = match asked {
        Some(kind) => {
            // What must hold before the choice is said.
            match kind {
                StoreKind::Keyring => drop(KeyringStore::probe(KEYRING_PROBE_TIMEOUT)?),
                StoreKind::File | StoreKind::OpenBao => {}
            }
            (kind, Reason::Asked(kind), None)
        }
        None if wants_identities || ctx.global.vault.is_some() => {
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
    let spec = match kind {
        StoreKind::Keyring => StoreSpec::Keyring {
            index: ctx.paths()?.keyring_index(),
        },
        StoreKind::OpenBao => {
            let cfg = connect_openbao(new)?;
            config.openbao = Some(cfg.clone());
            StoreSpec::OpenBao {
                index: ctx.paths()?.openbao_index(&cfg),
                cfg: Box::new(cfg),
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
    // Every node of a cluster (--addr repeated), or BAO_ADDR's.
    let addr: Vec<String> = if new.addr.is_empty() {
        crate::store::openbao::transport::env_addresses().unwrap_or_default()
    } else {
        new.addr.clone()
    };
    let addr: Vec<String> = addr
        .iter()
        .map(|a| a.trim().trim_end_matches('/').to_string())
        .filter(|a| !a.is_empty())
        .collect();
    if addr.is_empty() {
        return Err(Error::Usage(t!("cmd-init-openbao-needs-addr")));
    }
    for a in &addr {
        if !(a.starts_with("https://") || a.starts_with("http://")) {
            return Err(Error::Usage(t!("cmd-init-addr-not-url", addr = a)));
        }
        if a.starts_with("http://") && !is_loopback(a) {
            say!("cmd-init-plain-http", addr = a);
        }
    }
    let mut cfg = OpenBaoConfig {
        addr,
        namespace: new.namespace.clone(),
        timeout: None,
        client_cert: None,
        client_key: None,
        mount: new.mount.trim_matches('/').to_string(),
        prefix: match new.prefix.trim_start_matches('/') {
            "" => String::new(),
            p if p.ends_with('/') => p.to_string(),
            p => format!("{p}/"),
        },
        ca_cert: new.ca_cert.clone().map(absolute).transpose()?,
        token_file: new.token_file.clone().map(absolute).transpose()?,
        auth: login_config(new)?,
    };
    if let Some(file) = &cfg.token_file {
        crate::fsutil::check_private_file(file)?;
    }
    if let Some(auth) = &cfg.auth {
        // New credentials: no login token of an earlier setup is reused.
        crate::store::openbao::auth::forget_lease(&cfg);
        if let Some(given) = &auth.secret_id_file {
            let http = OpenBaoStore::client(&cfg)?;
            let kept = crate::store::openbao::auth::settle_secret_id(&http, &cfg, given)?;
            if &kept != given {
                say!(
                    "cmd-init-openbao-secret-id-unwrapped",
                    path = kept.display()
                );
            }
            let mut auth = auth.clone();
            auth.secret_id_file = Some(kept);
            cfg.auth = Some(auth);
        }
    }
    let store = if new.token_to_keyring {
        let raw = if prompt::interactive() {
            prompt::hidden(&t!("cmd-init-prompt-openbao-token")).map_err(Error::Prompt)?
        } else {
            let bytes = prompt::read_stdin().map_err(Error::Prompt)?;
            zeroize::Zeroizing::new(String::from_utf8_lossy(&bytes).into_owned())
        };
        let token = crate::secret::Secret::parse(raw.as_bytes())
            .map_err(|e| Error::Value(e, t!("cmd-init-openbao-token")))?;
        let store = OpenBaoStore::with_token(&cfg, token.clone())?;
        store.check_token()?;
        KeyringStore::open(KEYRING_PROBE_TIMEOUT)?.set_in_service(
            crate::store::openbao::KEYRING_SERVICE,
            cfg.primary_addr(),
            &token,
        )?;
        say!("cmd-init-openbao-token-in-keyring");
        store
    } else {
        let store = OpenBaoStore::connect(&cfg)?;
        store.check_token()?;
        store
    };
    // Listing the top folder proves the mount and prefix; a policy without
    // list is allowed (a fleet host may only read), so this only warns.
    if let Err(e) = store.list("") {
        say!(
            "cmd-init-cannot-list",
            mount = cfg.mount,
            prefix = cfg.prefix,
            error = e.explain().text
        );
    }
    Ok(cfg)
}

/// `[openbao.auth]` from `--auth` and the files it needs, checked for
/// completeness (files made absolute; their content is read at login).
fn login_config(new: &NewStoreArgs) -> Result<Option<OpenBaoAuth>, Error> {
    let Some(method) = new.auth else {
        return Ok(None);
    };
    let method = match method {
        AuthArg::AppRole => AuthMethod::AppRole,
        AuthArg::Cert => AuthMethod::Cert,
        AuthArg::Jwt => AuthMethod::Jwt,
        AuthArg::Kubernetes => AuthMethod::Kubernetes,
    };
    let missing = |flags: &str| {
        Err(Error::Usage(t!(
            "cmd-init-auth-needs",
            method = method.word(),
            flags = flags.to_string()
        )))
    };
    match method {
        AuthMethod::AppRole if new.role_id_file.is_none() || new.secret_id_file.is_none() => {
            return missing("--role-id-file, --secret-id-file");
        }
        AuthMethod::Cert if new.client_cert.is_none() || new.client_key.is_none() => {
            return missing("--client-cert, --client-key");
        }
        AuthMethod::Jwt if new.role.is_none() || new.jwt_file.is_none() => {
            return missing("--role, --jwt-file");
        }
        AuthMethod::Kubernetes if new.role.is_none() => return missing("--role"),
        _ => {}
    }
    let file = |p: &Option<PathBuf>| p.clone().map(absolute).transpose();
    Ok(Some(OpenBaoAuth {
        method,
        mount: new
            .auth_mount
            .as_ref()
            .map(|m| m.trim_matches('/').to_string()),
        role: new.role.clone(),
        role_id_file: file(&new.role_id_file)?,
        secret_id_file: file(&new.secret_id_file)?,
        jwt_file: file(&new.jwt_file)?,
        client_cert: file(&new.client_cert)?,
        client_key: file(&new.client_key)?,
    }))
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

fn absolute(p: PathBuf) -> Result<PathBuf, Error> {
    std::path::absolute(&p)
        .map_err(|e| Error::Io(t!("cmd-init-resolve-path", path = p.display()), e))
}
