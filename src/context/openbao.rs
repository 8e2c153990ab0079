//! An OpenBao / Vault server on the command line: where it is in words,
//! its options to `init` (`--addr`, the token, `--auth`), connecting to it
//! before anything is saved, `doctor`'s checks and `reindex`.

use std::path::PathBuf;

use serde_json::json;

use super::{Context, Finding, KEYRING_PROBE_TIMEOUT, StoreCli, StoreSpec, absolute};
use crate::cli::{AuthArg, NewStoreArgs};
use crate::config::{AuthMethod, Config, OpenBaoAuth, OpenBaoConfig, StoreKind};
use crate::error::Error;
use crate::prompt;
use crate::say::Explain;
use crate::store::keyring::KeyringStore;
use crate::store::openbao::OpenBaoStore;
use crate::store::openbao::spec::OpenBaoSpec;

/// OpenBao's answers.
pub struct OpenBaoCli;

impl StoreCli for OpenBaoCli {
    fn location(&self, spec: &StoreSpec) -> String {
        let cfg = &spec.openbao().expect("an openbao spec").cfg;
        t!(
            "context-openbao-location",
            addr = cfg.addr.join(", "),
            mount = cfg.mount,
            prefix = cfg.prefix
        )
    }

    fn place(&self, spec: &StoreSpec) -> serde_json::Value {
        let cfg = &spec.openbao().expect("an openbao spec").cfg;
        json!({
            "addr": cfg.addr,
            "mount": cfg.mount,
            "prefix": cfg.prefix,
        })
    }

    fn foreign_options(
        &self,
        _ctx: &Context,
        asked: Option<StoreKind>,
        new: &NewStoreArgs,
    ) -> Result<(), Error> {
        let openbao_flags = !new.addr.is_empty()
            || new.namespace.is_some()
            || new.ca_cert.is_some()
            || new.token_file.is_some()
            || new.token_to_keyring
            || new.auth.is_some();
        if openbao_flags && asked != Some(StoreKind::OpenBao) {
            return Err(Error::Usage(t!("cmd-init-openbao-options-only")));
        }
        Ok(())
    }

    /// Connects and checks the token before anything is saved.
    fn create(
        &self,
        ctx: &Context,
        new: &NewStoreArgs,
        config: &mut Config,
    ) -> Result<StoreSpec, Error> {
        let cfg = connect_openbao(new)?;
        config.openbao = Some(cfg.clone());
        Ok(StoreSpec(Box::new(OpenBaoSpec {
            index: ctx.paths()?.openbao_index(&cfg),
            cfg: Box::new(cfg),
        })))
    }

    /// Another server (or token) may be named; without one, it is this one.
    fn in_use(&self, new: &NewStoreArgs) -> Option<String> {
        (new.addr.is_empty() && new.token_file.is_none()).then(|| t!("cmd-migrate-openbao-in-use"))
    }

    fn same_store(&self, old: &StoreSpec, new: &StoreSpec) -> Option<String> {
        let (a, b) = (&old.openbao()?.cfg, &new.openbao()?.cfg);
        ((&a.addr, a.mount.as_str(), a.prefix.as_str())
            == (&b.addr, b.mount.as_str(), b.prefix.as_str()))
            .then(|| t!("cmd-migrate-openbao-same"))
    }

    fn doctor(&self, spec: &StoreSpec) -> Vec<Finding> {
        let mut checks = Vec::new();
        let cfg = &spec.openbao().expect("an openbao spec").cfg;
        match OpenBaoStore::connect(cfg).and_then(|s| s.check_token().map(|()| s)) {
            Ok(s) => {
                checks.push(Finding::ok(msg!("doctor-openbao-ok")));
                checks.push(Finding::ok(match s.token_seconds_left() {
                    Some(secs) => msg!("doctor-openbao-token-left", secs = secs.max(0)),
                    None => msg!("doctor-openbao-token-no-expiry"),
                }));
                if let Err(e) = s.names() {
                    let text = crate::say::Explain::explain(&e).text;
                    let class = Error::from(e).class();
                    checks.push(Finding::warn(
                        msg!("cmd-doctor-list-failed", error = text => json!(class)),
                        msg!("doctor-openbao-list"),
                    ));
                } else if s.scan_refused().unwrap_or(false) {
                    // Works, one request per folder and entry: slow
                    // for monitoring a large store.
                    let path = s.scan_path();
                    checks.push(Finding::warn(
                        msg!("doctor-openbao-no-scan", path = path.as_str()),
                        msg!("doctor-openbao-no-scan-fix", path = path.as_str()),
                    ));
                }
            }
            Err(e) => checks.push(Finding::failed(msg!("doctor-openbao"), e.into())),
        }
        checks
    }

    /// Entries written before metadata was kept beside the value get it
    /// now; then the server is read afresh and the cache rewritten.
    fn reindex(&self, spec: &StoreSpec) -> Result<Option<usize>, Error> {
        let cfg = &spec.openbao().expect("an openbao spec").cfg;
        let store = OpenBaoStore::connect(cfg)?;
        let (_, migrated) = store.migrate_meta()?;
        if migrated > 0 {
            say!("cmd-reindex-openbao-migrated", count = migrated);
        }
        Ok(Some(spec.entries()?.len()))
    }
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
