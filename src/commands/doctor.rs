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

/// Files of chopvault's that are not this user's, grouped by owner: most
/// often what an older `sudo chopvault` left as root's, which the user can
/// no longer read or replace. One `chown` line gives them all back.
fn ownership_checks(ctx: &Context, spec: Option<&StoreSpec>, checks: &mut Vec<Check>) {
    let mut files: Vec<std::path::PathBuf> = ctx.config_path().into_iter().collect();
    files.extend(spec.map(StoreSpec::files).unwrap_or_default());
    let foreign = crate::owner::not_mine(&ctx.folders(), &files);
    let mut owners: Vec<u32> = foreign.iter().map(|(_, uid)| *uid).collect();
    owners.sort_unstable();
    owners.dedup();
    for uid in owners {
        let owner = crate::owner::Owner::of_uid(uid);
        let files: Vec<String> = foreign
            .iter()
            .filter(|(_, u)| *u == uid)
            .map(|(p, _)| shell_word(&p.display().to_string()))
            .collect();
        let what = t!(
            "doctor-files-not-yours",
            count = files.len(),
            owner = owner.label(),
            files = files.join(", ")
        );
        let fix = if uid == 0 {
            let me = crate::owner::Owner::of_uid(crate::owner::me());
            t!(
                "doctor-files-of-root-fix",
                user = me.chown_user(),
                files = files.join(" ")
            )
        } else {
            t!("doctor-files-of-other-fix", user = owner.sudo_user())
        };
        checks.push(fail(what, Some(fix)));
    }
}

/// A path as one shell word: quoted when it holds anything a shell reads.
fn shell_word(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%,=".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
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
            checks.push(ok(t!(
                "cmd-doctor-store",
                kind = spec.kind(),
                location = spec.location()
            )));
            Some(spec)
        }
        Err(e) => {
            checks.push(from_error("store", e));
            None
        }
    };
    ownership_checks(ctx, spec.as_ref(), &mut checks);
    if let Some(spec) = &spec {
        store_checks(spec, &mut checks);
    }
    if let Ok(paths) = ctx.paths() {
        let running = Journal::new(&paths.state_dir).in_progress();
        checks.push(match running.len() {
            0 => ok(t!("doctor-exports-none")),
            n => warn(
                t!(
                    "cmd-doctor-exports-running",
                    count = n,
                    exports = running
                        .iter()
                        .map(|r| crate::text::shown_path(&r.path))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                t!("doctor-exports-stop"),
            ),
        });
    }
    if let Ok(paths) = ctx.paths() {
        let path = crate::migrate::Journal::path(&paths.state_dir);
        match crate::migrate::Journal::load(&path) {
            Ok(None) => {}
            Ok(Some(j)) => checks.push(warn(
                t!(
                    "cmd-doctor-migration-interrupted",
                    from = j.from.store,
                    to = j.to.store,
                    date = super::day(j.at),
                    count = j.moved.len()
                ),
                t!("cmd-doctor-migration-interrupted-fix", to = j.to.store),
            )),
            Err(e) => checks.push(warn(
                crate::say::Explain::explain(&e).text,
                t!(
                    "cmd-doctor-migration-journal-fix",
                    path = crate::text::shown_path(&path)
                ),
            )),
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
                Level::Ok => t!("cmd-doctor-tag-ok"),
                Level::Warn => t!("cmd-doctor-tag-warn"),
                Level::Fail => t!("cmd-doctor-tag-fail"),
            };
            out!("cmd-doctor-line", tag = tag, what = c.what);
            if let Some(fix) = &c.fix {
                out!("cmd-doctor-fix", fix = fix);
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
            // A passphrase vault must be private; an identity vault is public
            // ciphertext, which git checks out 0644.
            let passphrase_vault = matches!(
                FileStore::new(vault.clone(), None, crate::prompt::Asker::new(None)).work_factor(),
                Ok(Some(_))
            );
            match fsutil::check_public_file(vault) {
                Ok(mode) if mode & 0o077 == 0 => checks.push(ok(t!(
                    "cmd-doctor-vault-file-private",
                    vault = crate::text::shown_path(vault)
                ))),
                Ok(mode) if !passphrase_vault => checks.push(ok(t!(
                    "cmd-doctor-vault-file-public",
                    vault = crate::text::shown_path(vault),
                    mode = format!("{:03o}", mode & 0o777)
                ))),
                Ok(mode) => checks.push(from_error(
                    &t!("doctor-vault-file"),
                    fsutil::FsError::TooOpen {
                        path: vault.clone(),
                        mode,
                    }
                    .into(),
                )),
                Err(e) => checks.push(from_error(&t!("doctor-vault-file"), e.into())),
            }
            if let Some(id) = identity {
                match fsutil::check_private_file(id) {
                    Ok(()) if fsutil::parent_of(id) == fsutil::parent_of(vault) => {
                        checks.push(warn(
                            t!(
                                "cmd-doctor-identity-beside-vault",
                                id = crate::text::shown_path(id)
                            ),
                            t!("doctor-move-to-removable"),
                        ));
                    }
                    Ok(()) => checks.push(ok(t!(
                        "cmd-doctor-identity-private",
                        id = crate::text::shown_path(id)
                    ))),
                    Err(e) => checks.push(from_error("identity", e.into())),
                }
            }
            if let Some(p) = passphrase_file
                && let Err(e) = fsutil::check_private_file(p)
            {
                checks.push(from_error(&t!("doctor-passphrase-file"), e.into()));
            }
            // The scrypt cost is in the header: read without unlocking.
            let header = FileStore::new(vault.clone(), None, crate::prompt::Asker::new(None));
            let header_factor = header.work_factor();
            let header_is_scrypt = matches!(header_factor, Ok(Some(_)));
            match header_factor {
                Ok(Some(n)) if n > crate::store::file::MAX_WORK_FACTOR => checks.push(fail(
                    t!(
                        "cmd-doctor-work-factor-too-high",
                        factor = n,
                        max = crate::store::file::MAX_WORK_FACTOR
                    ),
                    Some(t!("cmd-doctor-work-factor-too-high-fix")),
                )),
                Ok(Some(n)) if n < crate::store::file::DEFAULT_WORK_FACTOR => checks.push(warn(
                    t!(
                        "cmd-doctor-work-factor-low",
                        factor = n,
                        mib = mib(n),
                        default = crate::store::file::DEFAULT_WORK_FACTOR
                    ),
                    t!("doctor-low-factor-new"),
                )),
                Ok(Some(n)) => checks.push(ok(t!(
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
                checks.push(warn(
                    t!("doctor-needs-terminal"),
                    t!("doctor-run-in-terminal"),
                ));
            } else {
                let mut store = spec.file_store().expect("a file spec");
                match store.unlock() {
                    Ok(()) => checks.push(ok(t!("doctor-vault-opens"))),
                    Err(e) => checks.push(from_error(&t!("doctor-vault-does-not-open"), e.into())),
                }
            }
            let key = crate::store::file::keyfile::path_for(vault);
            if identity.is_none() && key.exists() {
                match crate::store::file::keyfile::work_factor(&key) {
                    Ok(Some(n)) if n < crate::store::file::DEFAULT_WORK_FACTOR => {
                        checks.push(warn(
                            t!(
                                "cmd-doctor-key-work-factor-low",
                                key = crate::text::shown_path(&key),
                                factor = n,
                                mib = mib(n),
                                default = crate::store::file::DEFAULT_WORK_FACTOR
                            ),
                            t!("doctor-low-factor-raise"),
                        ));
                    }
                    Ok(Some(n)) => checks.push(ok(t!(
                        "cmd-doctor-key-work-factor-ok",
                        key = crate::text::shown_path(&key),
                        factor = n,
                        mib = mib(n)
                    ))),
                    Ok(None) | Err(_) => checks.push(fail(
                        t!(
                            "cmd-doctor-key-unreadable",
                            key = crate::text::shown_path(&key)
                        ),
                        Some(t!("cmd-doctor-key-unreadable-fix")),
                    )),
                }
                match spec.agent_state() {
                    Some((true, Some(until))) => {
                        checks.push(ok(t!(
                            "cmd-doctor-agent-unlocked",
                            until = crate::ui::words::local_time_text(&until)
                        )));
                    }
                    _ => match crate::agent::status() {
                        Err(e) => checks.push(warn(
                            t!(
                                "cmd-doctor-agent-unusable",
                                error = crate::say::Explain::explain(&e).text
                            ),
                            t!("doctor-agent-fresh"),
                        )),
                        _ => checks.push(ok(t!("doctor-agent-no-key"))),
                    },
                }
                if crate::agent::memory_locked() == Some(false) {
                    checks.push(warn(
                        t!("doctor-agent-memory-not-locked"),
                        t!("doctor-agent-memory-fix"),
                    ));
                }
            } else if identity.is_none() && header_is_scrypt {
                checks.push(warn(t!("doctor-no-key-file"), t!("doctor-convert-rekey")));
            }
            if identity.is_some() || key.exists() {
                match crate::store::file::trust::Pin::load(pin) {
                    Ok(Some(p)) if p.signed => checks.push(ok(t!(
                        "cmd-doctor-members-pinned",
                        members = crate::say::file::listing(&p.members)
                    ))),
                    Ok(Some(_)) => {
                        checks.push(warn(t!("doctor-not-signed"), t!("doctor-next-write-signs")));
                    }
                    Ok(None) => {}
                    Err(e) => checks.push(from_error(&t!("doctor-pinned-members"), e.into())),
                }
            }
            // Earlier versions kept the index beside the vault, where git
            // carries it; it is not read any more.
            let old = crate::paths::old_index_for_vault(vault);
            if old.exists() {
                checks.push(warn(
                    t!("cmd-doctor-old-index", old = crate::text::shown_path(&old)),
                    t!(
                        "cmd-doctor-old-index-fix",
                        old = crate::text::shown_path(&old)
                    ),
                ));
            }
        }
        StoreSpec::Keyring { .. } => {
            let provider = crate::store::provider::provider();
            let by = provider.as_ref().map_or_else(String::new, |p| {
                format!(" ({})", crate::say::keyring::provider_name(p))
            });
            match KeyringStore::probe(KEYRING_PROBE_TIMEOUT) {
                Ok(_) => checks.push(ok(t!("cmd-doctor-keyring-unlocked", by = by))),
                Err(e) => checks.push(from_error(&t!("cmd-doctor-keyring", by = by), e.into())),
            }
            if let Some((what, fix)) = provider
                .as_ref()
                .and_then(crate::say::keyring::deleted_kept)
            {
                checks.push(warn(what, fix));
            }
        }
        StoreSpec::OpenBao { cfg, .. } => {
            match OpenBaoStore::connect(cfg).and_then(|s| s.check_token().map(|()| s)) {
                Ok(s) => {
                    checks.push(ok(t!("doctor-openbao-ok")));
                    checks.push(ok(match s.token_seconds_left() {
                        Some(secs) => t!("doctor-openbao-token-left", secs = secs.max(0)),
                        None => t!("doctor-openbao-token-no-expiry"),
                    }));
                    if let Err(e) = s.names() {
                        checks.push(warn(
                            t!(
                                "cmd-doctor-list-failed",
                                error = crate::say::Explain::explain(&e).text
                            ),
                            t!("doctor-openbao-list"),
                        ));
                    } else if s.scan_refused().unwrap_or(false) {
                        // Works, one request per folder and entry: slow
                        // for monitoring a large store.
                        let path = s.scan_path();
                        checks.push(warn(
                            t!("doctor-openbao-no-scan", path = path.as_str()),
                            t!("doctor-openbao-no-scan-fix", path = path.as_str()),
                        ));
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
            checks.push(ok(t!("cmd-doctor-index-entries", count = entries.len())));
            if !expired.is_empty() {
                checks.push(fail(
                    t!("cmd-doctor-expired", names = expired.join(", ")),
                    Some(t!("cmd-doctor-expired-fix", name = expired[0])),
                ));
            }
            if !soon.is_empty() {
                checks.push(warn(
                    t!(
                        "cmd-doctor-expiring",
                        days = WARN_DAYS,
                        names = soon.join(", ")
                    ),
                    t!("cmd-doctor-expiring-fix", name = soon[0]),
                ));
            }
        }
        Err(e) => checks.push(from_error(&t!("doctor-metadata-index"), e)),
    }
}
