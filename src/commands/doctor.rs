//! `chopvault doctor`: what is wrong with this setup and how to fix it.
//! Each check prints ok, warn or FAIL and, when not ok, the fix. It never
//! changes anything (beyond the export sweep every command does).

use crate::entry::WARN_DAYS;
use serde_json::json;

use super::{Outcome, print_json};
use crate::context::{Context, KEYRING_PROBE_TIMEOUT, StoreSpec};
use crate::entry::Expiry;
use crate::error::{Error, exit};
use crate::export::journal::Journal;
use crate::fsutil;
use crate::store::Store;
use crate::store::file::FileStore;
use crate::store::keyring::KeyringStore;
use crate::store::openbao::OpenBaoStore;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Ok,
    Warn,
    Fail,
}

struct Check {
    level: Level,
    what: String,
    fix: Option<String>,
}

fn ok(what: impl Into<String>) -> Check {
    Check {
        level: Level::Ok,
        what: what.into(),
        fix: None,
    }
}
fn warn(what: impl Into<String>, fix: impl Into<String>) -> Check {
    Check {
        level: Level::Warn,
        what: what.into(),
        fix: Some(fix.into()),
    }
}
fn fail(what: impl Into<String>, fix: Option<String>) -> Check {
    Check {
        level: Level::Fail,
        what: what.into(),
        fix,
    }
}

fn from_error(prefix: &str, e: Error) -> Check {
    let hint = e.hint();
    fail(format!("{prefix}: {e}"), hint)
}

/// Runs `doctor`.
pub fn run(ctx: &Context, json_out: bool) -> Result<Outcome, Error> {
    let mut checks = Vec::new();
    let spec = match ctx.store_spec() {
        Ok(spec) => {
            checks.push(ok(format!("store: {} ({})", spec.kind(), spec.location())));
            Some(spec)
        }
        Err(e) => {
            checks.push(from_error("store", e));
            None
        }
    };
    if let Some(spec) = &spec {
        store_checks(spec, &mut checks);
    }
    if let Ok(paths) = ctx.paths() {
        let running = Journal::new(&paths.state_dir).in_progress();
        checks.push(match running.len() {
            0 => ok("exports: none in progress, none left behind"),
            n => warn(
                format!(
                    "exports: {n} in progress ({})",
                    running
                        .iter()
                        .map(|r| r.path.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "If none should be running, stop them; the files go when they end.",
            ),
        });
    }
    if let Ok(paths) = ctx.paths() {
        let path = crate::migrate::Journal::path(&paths.state_dir);
        match crate::migrate::Journal::load(&path) {
            Ok(None) => {}
            Ok(Some(j)) => checks.push(warn(
                format!(
                    "a move from the {} store to the {} store was interrupted on {}; old copies of {} entries may remain",
                    j.from.store,
                    j.to.store,
                    super::day(j.at),
                    j.moved.len()
                ),
                format!("Finish it with: chopvault migrate --to {}", j.to.store),
            )),
            Err(e) => checks.push(warn(e.to_string(), format!("Remove {}: it holds no secrets.", path.display()))),
        }
    }
    let worst = checks.iter().map(|c| c.level).max().unwrap_or(Level::Ok);
    if json_out {
        print_json(&json!({
            "checks": checks.iter().map(|c| json!({
                "level": match c.level { Level::Ok => "ok", Level::Warn => "warn", Level::Fail => "fail" },
                "what": c.what,
                "fix": c.fix,
            })).collect::<Vec<_>>(),
        }));
    } else {
        for c in &checks {
            let tag = match c.level {
                Level::Ok => "ok  ",
                Level::Warn => "warn",
                Level::Fail => "FAIL",
            };
            out!("{tag}  {}", c.what);
            if let Some(fix) = &c.fix {
                out!("      fix: {fix}");
            }
        }
    }
    Ok(Outcome {
        code: if worst == Level::Fail {
            exit::ERROR
        } else {
            exit::OK
        },
        ..Outcome::default()
    })
}

/// Memory scrypt takes at work factor `n` (r = 8: 128 × 8 × 2^n bytes).
fn mib(n: u8) -> u64 {
    (1u64 << n) * 1024 / (1024 * 1024)
}

fn store_checks(spec: &StoreSpec, checks: &mut Vec<Check>) {
    match spec {
        StoreSpec::File {
            vault,
            identity,
            passphrase_file,
            pin,
            ..
        } => {
            match fsutil::check_private_file(vault) {
                Ok(()) => checks.push(ok(format!(
                    "vault file {} is private (0600)",
                    vault.display()
                ))),
                Err(e) => checks.push(from_error("vault file", e.into())),
            }
            if let Some(id) = identity {
                match fsutil::check_private_file(id) {
                    Ok(()) if fsutil::parent_of(id) == fsutil::parent_of(vault) => checks.push(warn(
                        format!("identity {} sits beside the vault", id.display()),
                        "Move it to removable media or another folder (see SECURITY.md), and update the config.",
                    )),
                    Ok(()) => checks.push(ok(format!("identity {} is private", id.display()))),
                    Err(e) => checks.push(from_error("identity", e.into())),
                }
            }
            if let Some(p) = passphrase_file
                && let Err(e) = fsutil::check_private_file(p)
            {
                checks.push(from_error("passphrase file", e.into()));
            }
            // The scrypt cost is in the header: read without unlocking.
            let header = FileStore::new(vault.clone(), None, crate::prompt::Asker::new(None));
            let header_factor = header.work_factor();
            let header_is_scrypt = matches!(header_factor, Ok(Some(_)));
            match header_factor {
                Ok(Some(n)) if n > crate::store::file::MAX_WORK_FACTOR => checks.push(fail(
                    format!("passphrase work factor {n}: above the {} chopvault reads", crate::store::file::MAX_WORK_FACTOR),
                    Some("Decrypt it with age -d where there is the memory, and store its entries in a new vault.".into()),
                )),
                Ok(Some(n)) if n < crate::store::file::DEFAULT_WORK_FACTOR => checks.push(warn(
                    format!("passphrase work factor {n} ({} MiB per unlock): below the default {}", mib(n), crate::store::file::DEFAULT_WORK_FACTOR),
                    "A low factor makes guessing the passphrase cheap. Make a new vault with chopvault init and move the entries.",
                )),
                Ok(Some(n)) => checks.push(ok(format!(
                    "passphrase work factor {n} ({} MiB per unlock), kept by every write",
                    mib(n)
                ))),
                Ok(None) | Err(_) => {}
            }
            let needs_prompt =
                identity.is_none() && passphrase_file.is_none() && !crate::prompt::interactive();
            if needs_prompt {
                checks.push(warn(
                    "could not try to open the vault: it needs its passphrase and there is no terminal",
                    "Run doctor in a terminal, or give --passphrase-file.",
                ));
            } else {
                let mut store = spec.file_store().expect("a file spec");
                match store.unlock() {
                    Ok(()) => checks.push(ok("the vault opens")),
                    Err(e) => checks.push(from_error("the vault does not open", e.into())),
                }
            }
            let key = crate::store::file::keyfile::path_for(vault);
            if identity.is_none() && key.exists() {
                match crate::store::file::keyfile::work_factor(&key) {
                    Ok(Some(n)) if n < crate::store::file::DEFAULT_WORK_FACTOR => checks.push(warn(
                        format!("the key {} has scrypt work factor {n} ({} MiB per unlock): below the default {}", key.display(), mib(n), crate::store::file::DEFAULT_WORK_FACTOR),
                        "A low factor makes guessing the passphrase cheap. Raise it with: chopvault rekey --work-factor 18",
                    )),
                    Ok(Some(n)) => checks.push(ok(format!(
                        "passphrase-protected key {} (scrypt work factor {n}, {} MiB per unlock)",
                        key.display(),
                        mib(n)
                    ))),
                    Ok(None) | Err(_) => checks.push(fail(
                        format!("the key {} cannot be read", key.display()),
                        Some("Restore it from the backup of the vault's folder.".into()),
                    )),
                }
                match spec.agent_state() {
                    Some((true, Some(until))) => checks.push(ok(format!("the agent holds the key until {until}"))),
                    _ => match crate::agent::status() {
                        Err(e) => checks.push(warn(format!("the agent cannot be used: {e}"), "Commands ask for the passphrase instead; chopvault unlock starts a fresh agent.")),
                        _ => checks.push(ok("the agent does not hold the key (chopvault unlock asks once for the session)")),
                    },
                }
            } else if identity.is_none() && header_is_scrypt {
                checks.push(warn(
                    "a passphrase vault from before key files: every command runs scrypt, and the agent cannot help",
                    "Convert it once with: chopvault rekey",
                ));
            }
            if identity.is_some() || key.exists() {
                match crate::store::file::trust::Pin::load(pin) {
                    Ok(Some(p)) if p.signed => checks.push(ok(format!(
                        "signed vault; members pinned on this machine: {}",
                        crate::store::file::trust::listing(&p.members)
                    ))),
                    Ok(Some(_)) => checks.push(warn(
                        "the vault is not signed yet (written before chopvault signed vaults)",
                        "Its next write signs it: any change by a member, e.g. chopvault reindex then a set.",
                    )),
                    Ok(None) => {}
                    Err(e) => checks.push(from_error("pinned members", e.into())),
                }
            }
            // Earlier versions kept the index beside the vault, where git
            // carries it; it is not read any more.
            let old = crate::paths::old_index_for_vault(vault);
            if old.exists() {
                checks.push(warn(
                    format!("{} beside the vault is not used any more (the index lives in chopvault's data folder)", old.display()),
                    format!("Delete it (and stop committing it): rm {}", old.display()),
                ));
            }
        }
        StoreSpec::Keyring { .. } => {
            let provider = crate::store::provider::provider();
            let by = provider
                .as_ref()
                .map_or_else(String::new, |p| format!(" ({p})"));
            match KeyringStore::probe(KEYRING_PROBE_TIMEOUT) {
                Ok(_) => checks.push(ok(format!("the OS keyring{by} answers and is unlocked"))),
                Err(e) => checks.push(from_error(&format!("OS keyring{by}"), e.into())),
            }
            if let Some((what, fix)) = provider
                .as_ref()
                .and_then(crate::store::provider::Provider::keeps_deleted)
            {
                checks.push(warn(what, fix));
            }
        }
        StoreSpec::OpenBao { cfg, .. } => {
            match OpenBaoStore::connect(cfg).and_then(|s| s.check_token().map(|()| s)) {
                Ok(s) => {
                    checks.push(ok("OpenBao answers and accepts the token"));
                    if let Err(e) = s.names() {
                        checks.push(warn(format!("cannot list entries: {e}"), "Give the token list on the metadata path if list/status should work here."));
                    }
                }
                Err(e) => checks.push(from_error("OpenBao", e.into())),
            }
        }
    }
    match spec.entries() {
        Ok(entries) => {
            let now = jiff::Timestamp::now();
            let mut soon = Vec::new();
            let mut expired = Vec::new();
            for (name, meta) in &entries {
                match meta.expiry(now, WARN_DAYS) {
                    Expiry::Expired(_) => expired.push(crate::text::shown(name).into_owned()),
                    Expiry::Soon(_) => soon.push(crate::text::shown(name).into_owned()),
                    _ => {}
                }
            }
            checks.push(ok(format!("metadata index: {} entries", entries.len())));
            if !expired.is_empty() {
                checks.push(fail(
                    format!("expired: {}", expired.join(", ")),
                    Some(format!("Get new tokens: chopvault rotate {}", expired[0])),
                ));
            }
            if !soon.is_empty() {
                checks.push(warn(
                    format!("expiring within {WARN_DAYS} days: {}", soon.join(", ")),
                    format!("Rotate before they expire: chopvault rotate {}", soon[0]),
                ));
            }
        }
        Err(e) => checks.push(from_error("metadata index", e)),
    }
}
