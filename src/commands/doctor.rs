//! `chopvault doctor`: what is wrong with this setup and how to fix it.
//! Each check prints ok, warn or FAIL and, when not ok, the fix. It never
//! changes anything (beyond the export sweep every command does).
//!
//! A check is data, worded only when it is printed: what was found is a
//! catalog message and its variables ([`Msg`]), so that `--json` gives
//! each check a stable `id` (its message's key: `cmd-doctor-vault-file-
//! private` is `vault-file-private`), its `status` and its `args` (the
//! message's variables as facts), the same in every language, beside
//! `what` and `fix`, the sentences for a person, in the reader's language.

use crate::entry::WARN_DAYS;
use serde_json::{Value, json};

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
use crate::ui::msg::Msg;

/// How a check came out.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Ok,
    Warn,
    Fail,
}

impl Status {
    /// The word `--json` says (`"status"`).
    fn word(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }
}

/// What a check found.
enum What {
    /// A catalog message.
    Said(Msg),
    /// An error met while checking `about` (`vault file: …`), or, without
    /// `about`, an error whose own words say what it is about.
    Failed {
        /// What was being checked.
        about: Option<Msg>,
        /// What went wrong.
        error: Error,
    },
}

/// One check: found, judged, and how to fix it, worded when shown.
struct Check {
    /// Stable, for scripts: see [`id_of`].
    id: &'static str,
    status: Status,
    what: What,
    /// The fix; an error without one gives its own hint.
    fix: Option<Msg>,
}

impl Check {
    /// What was found, in the reader's language.
    fn what_text(&self) -> String {
        match &self.what {
            What::Said(m) => m.text(),
            What::Failed {
                about: Some(m),
                error,
            } => format!("{}: {error}", m.text()),
            What::Failed { about: None, error } => error.to_string(),
        }
    }

    /// The fix, in the reader's language.
    fn fix_text(&self) -> Option<String> {
        match (&self.fix, &self.what) {
            (Some(m), _) => Some(m.text()),
            (None, What::Failed { error, .. }) => error.hint(),
            (None, What::Said(_)) => None,
        }
    }

    /// The facts of what was found: its message's variables, and an
    /// error's class (the event log's word: `wrong-key`, `unavailable`…).
    fn args(&self) -> serde_json::Map<String, Value> {
        match &self.what {
            What::Said(m) => m.facts(),
            What::Failed { about, error } => {
                let mut args = about.as_ref().map(Msg::facts).unwrap_or_default();
                args.insert("error".into(), error.class().into());
                args
            }
        }
    }

    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "status": self.status.word(),
            "args": self.args(),
            "what": self.what_text(),
            "fix": self.fix_text(),
        })
    }
}

/// A check's id: the catalog key of what it found, without the
/// `cmd-doctor-`/`doctor-` that every doctor key starts with. A test
/// keeps them distinct and kebab-case.
fn id_of(key: &'static str) -> &'static str {
    key.strip_prefix("cmd-doctor-")
        .or_else(|| key.strip_prefix("doctor-"))
        .unwrap_or(key)
}

fn check(status: Status, what: Msg, fix: Option<Msg>) -> Check {
    Check {
        id: id_of(what.key),
        status,
        what: What::Said(what),
        fix,
    }
}
fn ok(what: Msg) -> Check {
    check(Status::Ok, what, None)
}
fn warn(what: Msg, fix: Msg) -> Check {
    check(Status::Warn, what, Some(fix))
}
fn fail(what: Msg, fix: Option<Msg>) -> Check {
    check(Status::Fail, what, fix)
}

/// A failed check: `about` could not be checked because of `e`, whose
/// hint is the fix.
fn from_error(about: Msg, e: Error) -> Check {
    Check {
        id: id_of(about.key),
        status: Status::Fail,
        what: What::Failed {
            about: Some(about),
            error: e,
        },
        fix: None,
    }
}

/// The checks that are an error alone, with no message of their own to
/// take an id from (listed for the test of ids).
const MIGRATION_JOURNAL: &str = "migration-journal";
#[cfg(test)]
const ERROR_IDS: [&str; 1] = [MIGRATION_JOURNAL];

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
        let paths: Vec<String> = foreign
            .iter()
            .filter(|(_, u)| *u == uid)
            .map(|(p, _)| p.display().to_string())
            .collect();
        let what = msg!(
            "doctor-files-not-yours",
            count = files.len(),
            owner = owner.label() => json!(uid),
            files = files.join(", ") => json!(paths)
        );
        let fix = if uid == 0 {
            let me = crate::owner::Owner::of_uid(crate::owner::me());
            msg!(
                "doctor-files-of-root-fix",
                user = me.chown_user(),
                files = files.join(" ") => json!(paths)
            )
        } else {
            msg!("doctor-files-of-other-fix", user = owner.sudo_user())
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

/// Runs `doctor`.
pub fn run(ctx: &Context, json_out: bool) -> Result<Outcome, Error> {
    let mut checks = Vec::new();
    let spec = match ctx.store_spec() {
        Ok(spec) => {
            checks.push(ok(msg!(
                "cmd-doctor-store",
                kind = spec.kind(),
                location = spec.location() => super::store_place(&spec)
            )));
            Some(spec)
        }
        Err(e) => {
            checks.push(from_error(msg!("doctor-store-setup"), e));
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
            0 => ok(msg!("doctor-exports-none")),
            n => warn(
                msg!(
                    "cmd-doctor-exports-running",
                    count = n,
                    exports = running
                        .iter()
                        .map(|r| crate::text::shown_path(&r.path))
                        .collect::<Vec<_>>()
                        .join(", ")
                        => json!(running.iter().map(|r| &r.path).collect::<Vec<_>>())
                ),
                msg!("doctor-exports-stop"),
            ),
        });
    }
    if let Ok(paths) = ctx.paths() {
        let path = crate::migrate::Journal::path(&paths.state_dir);
        match crate::migrate::Journal::load(&path) {
            Ok(None) => {}
            Ok(Some(j)) => checks.push(warn(
                msg!(
                    "cmd-doctor-migration-interrupted",
                    from = j.from.store,
                    to = j.to.store,
                    date = super::day(j.at) => json!(j.at.to_string()),
                    count = j.moved.len()
                ),
                msg!("cmd-doctor-migration-interrupted-fix", to = j.to.store),
            )),
            Err(e) => checks.push(Check {
                id: MIGRATION_JOURNAL,
                status: Status::Warn,
                what: What::Failed {
                    about: None,
                    error: e.into(),
                },
                fix: Some(msg!(
                    "cmd-doctor-migration-journal-fix",
                    path = crate::text::shown_path(&path)
                )),
            }),
        }
    }
    let worst = checks.iter().map(|c| c.status).max().unwrap_or(Status::Ok);
    if json_out {
        print_json(&json!({
            "checks": checks.iter().map(Check::json).collect::<Vec<_>>(),
        }));
    } else {
        for c in &checks {
            let tag = match c.status {
                Status::Ok => t!("cmd-doctor-tag-ok"),
                Status::Warn => t!("cmd-doctor-tag-warn"),
                Status::Fail => t!("cmd-doctor-tag-fail"),
            };
            out!("cmd-doctor-line", tag = tag, what = c.what_text());
            if let Some(fix) = c.fix_text() {
                out!("cmd-doctor-fix", fix = fix);
            }
        }
    }
    Ok(Outcome {
        code: if worst == Status::Fail {
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
                Ok(mode) if mode & 0o077 == 0 => checks.push(ok(msg!(
                    "cmd-doctor-vault-file-private",
                    vault = crate::text::shown_path(vault)
                ))),
                Ok(mode) if !passphrase_vault => checks.push(ok(msg!(
                    "cmd-doctor-vault-file-public",
                    vault = crate::text::shown_path(vault),
                    mode = format!("{:03o}", mode & 0o777)
                ))),
                Ok(mode) => checks.push(from_error(
                    msg!("doctor-vault-file"),
                    fsutil::FsError::TooOpen {
                        path: vault.clone(),
                        mode,
                    }
                    .into(),
                )),
                Err(e) => checks.push(from_error(msg!("doctor-vault-file"), e.into())),
            }
            if let Some(id) = identity {
                match fsutil::check_private_file(id) {
                    Ok(()) if fsutil::parent_of(id) == fsutil::parent_of(vault) => {
                        checks.push(warn(
                            msg!(
                                "cmd-doctor-identity-beside-vault",
                                id = crate::text::shown_path(id)
                            ),
                            msg!("doctor-move-to-removable"),
                        ));
                    }
                    Ok(()) => checks.push(ok(msg!(
                        "cmd-doctor-identity-private",
                        id = crate::text::shown_path(id)
                    ))),
                    Err(e) => checks.push(from_error(msg!("doctor-identity"), e.into())),
                }
            }
            if let Some(p) = passphrase_file
                && let Err(e) = fsutil::check_private_file(p)
            {
                checks.push(from_error(msg!("doctor-passphrase-file"), e.into()));
            }
            // The scrypt cost is in the header: read without unlocking.
            let header = FileStore::new(vault.clone(), None, crate::prompt::Asker::new(None));
            let header_factor = header.work_factor();
            let header_is_scrypt = matches!(header_factor, Ok(Some(_)));
            match header_factor {
                Ok(Some(n)) if n > crate::store::file::MAX_WORK_FACTOR => checks.push(fail(
                    msg!(
                        "cmd-doctor-work-factor-too-high",
                        factor = n,
                        max = crate::store::file::MAX_WORK_FACTOR
                    ),
                    Some(msg!("cmd-doctor-work-factor-too-high-fix")),
                )),
                Ok(Some(n)) if n < crate::store::file::DEFAULT_WORK_FACTOR => checks.push(warn(
                    msg!(
                        "cmd-doctor-work-factor-low",
                        factor = n,
                        mib = mib(n),
                        default = crate::store::file::DEFAULT_WORK_FACTOR
                    ),
                    msg!("doctor-low-factor-new"),
                )),
                Ok(Some(n)) => checks.push(ok(msg!(
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
                    msg!("doctor-needs-terminal"),
                    msg!("doctor-run-in-terminal"),
                ));
            } else {
                let mut store = spec.file_store().expect("a file spec");
                match store.unlock() {
                    Ok(()) => checks.push(ok(msg!("doctor-vault-opens"))),
                    Err(e) => checks.push(from_error(msg!("doctor-vault-does-not-open"), e.into())),
                }
            }
            let key = crate::store::file::keyfile::path_for(vault);
            if identity.is_none() && key.exists() {
                match crate::store::file::keyfile::work_factor(&key) {
                    Ok(Some(n)) if n < crate::store::file::DEFAULT_WORK_FACTOR => {
                        checks.push(warn(
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
                    Ok(Some(n)) => checks.push(ok(msg!(
                        "cmd-doctor-key-work-factor-ok",
                        key = crate::text::shown_path(&key),
                        factor = n,
                        mib = mib(n)
                    ))),
                    Ok(None) | Err(_) => checks.push(fail(
                        msg!(
                            "cmd-doctor-key-unreadable",
                            key = crate::text::shown_path(&key)
                        ),
                        Some(msg!("cmd-doctor-key-unreadable-fix")),
                    )),
                }
                match spec.agent_state() {
                    Some((true, Some(until))) => {
                        checks.push(ok(msg!(
                            "cmd-doctor-agent-unlocked",
                            until = crate::ui::words::local_time_text(&until) => json!(until)
                        )));
                    }
                    _ => match crate::agent::status() {
                        Err(e) => checks.push(warn(
                            msg!(
                                "cmd-doctor-agent-unusable",
                                error = crate::say::Explain::explain(&e).text => None
                            ),
                            msg!("doctor-agent-fresh"),
                        )),
                        _ => checks.push(ok(msg!("doctor-agent-no-key"))),
                    },
                }
                if crate::agent::memory_locked() == Some(false) {
                    checks.push(warn(
                        msg!("doctor-agent-memory-not-locked"),
                        msg!("doctor-agent-memory-fix"),
                    ));
                }
            } else if identity.is_none() && header_is_scrypt {
                checks.push(warn(
                    msg!("doctor-no-key-file"),
                    msg!("doctor-convert-rekey"),
                ));
            }
            if identity.is_some() || key.exists() {
                match crate::store::file::trust::Pin::load(pin) {
                    Ok(Some(p)) if p.signed => checks.push(ok(msg!(
                        "cmd-doctor-members-pinned",
                        members = crate::say::file::listing(&p.members) => members_fact(&p.members)
                    ))),
                    Ok(Some(_)) => {
                        checks.push(warn(
                            msg!("doctor-not-signed"),
                            msg!("doctor-next-write-signs"),
                        ));
                    }
                    Ok(None) => {}
                    Err(e) => checks.push(from_error(msg!("doctor-pinned-members"), e.into())),
                }
            }
            // Earlier versions kept the index beside the vault, where git
            // carries it; it is not read any more.
            let old = crate::paths::old_index_for_vault(vault);
            if old.exists() {
                checks.push(warn(
                    msg!("cmd-doctor-old-index", old = crate::text::shown_path(&old)),
                    msg!(
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
            let by_fact = provider.as_ref().map(provider_fact);
            match KeyringStore::probe(KEYRING_PROBE_TIMEOUT) {
                Ok(_) => checks.push(ok(msg!(
                    "cmd-doctor-keyring-unlocked",
                    by = by => by_fact.clone()
                ))),
                Err(e) => checks.push(from_error(
                    msg!("cmd-doctor-keyring", by = by => by_fact.clone()),
                    e.into(),
                )),
            }
            if provider
                .as_ref()
                .is_some_and(crate::store::provider::Provider::keeps_deleted)
            {
                checks.push(warn(
                    msg!("provider-keepassxc-keeps"),
                    msg!("provider-keepassxc-fix"),
                ));
            }
        }
        StoreSpec::OpenBao { cfg, .. } => {
            match OpenBaoStore::connect(cfg).and_then(|s| s.check_token().map(|()| s)) {
                Ok(s) => {
                    checks.push(ok(msg!("doctor-openbao-ok")));
                    checks.push(ok(match s.token_seconds_left() {
                        Some(secs) => msg!("doctor-openbao-token-left", secs = secs.max(0)),
                        None => msg!("doctor-openbao-token-no-expiry"),
                    }));
                    if let Err(e) = s.names() {
                        let text = crate::say::Explain::explain(&e).text;
                        let class = Error::from(e).class();
                        checks.push(warn(
                            msg!("cmd-doctor-list-failed", error = text => json!(class)),
                            msg!("doctor-openbao-list"),
                        ));
                    } else if s.scan_refused().unwrap_or(false) {
                        // Works, one request per folder and entry: slow
                        // for monitoring a large store.
                        let path = s.scan_path();
                        checks.push(warn(
                            msg!("doctor-openbao-no-scan", path = path.as_str()),
                            msg!("doctor-openbao-no-scan-fix", path = path.as_str()),
                        ));
                    }
                }
                Err(e) => checks.push(from_error(msg!("doctor-openbao"), e.into())),
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
            checks.push(ok(msg!("cmd-doctor-index-entries", count = entries.len())));
            if !expired.is_empty() {
                checks.push(fail(
                    msg!("cmd-doctor-expired", names = expired.join(", ") => json!(expired)),
                    Some(msg!("cmd-doctor-expired-fix", name = expired[0])),
                ));
            }
            if !soon.is_empty() {
                checks.push(warn(
                    msg!(
                        "cmd-doctor-expiring",
                        days = WARN_DAYS,
                        names = soon.join(", ") => json!(soon)
                    ),
                    msg!("cmd-doctor-expiring-fix", name = soon[0]),
                ));
            }
        }
        Err(e) => checks.push(from_error(msg!("doctor-metadata-index"), e)),
    }
}

/// Pinned members as facts: each one's name (if their card has one) and
/// the fingerprint of their signing key.
fn members_fact(members: &[crate::store::file::document::Member]) -> Value {
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

/// Which program serves the keyring, as a word (`gnome-keyring`,
/// `keepassxc`, `kwallet`, another's process name, or `pid:N` for one
/// this process cannot see).
fn provider_fact(p: &crate::store::provider::Provider) -> Value {
    use crate::store::provider::Provider;
    match p {
        Provider::GnomeKeyring => "gnome-keyring".into(),
        Provider::KeePassXc => "keepassxc".into(),
        Provider::KWallet => "kwallet".into(),
        Provider::Other(name) => name.as_str().into(),
        Provider::Hidden(pid) => format!("pid:{pid}").into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The catalog key of every message this file makes (`msg!` calls):
    /// what a check found, its fix, what an error was met checking.
    fn keys() -> Vec<&'static str> {
        let source: &'static str = include_str!("doctor.rs");
        let needle = concat!("msg", "!(");
        let mut keys = Vec::new();
        for (at, _) in source.match_indices(needle) {
            let rest = source[at + needle.len()..].trim_start();
            if let Some(rest) = rest.strip_prefix('"') {
                let end = rest.find('"').expect("a closed key");
                keys.push(&rest[..end]);
            }
        }
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    fn kebab(id: &str) -> bool {
        !id.is_empty()
            && id.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    }

    #[test]
    fn check_ids_are_the_keys_without_the_doctor_prefix() {
        assert_eq!(id_of("cmd-doctor-vault-file-private"), "vault-file-private");
        assert_eq!(id_of("doctor-vault-opens"), "vault-opens");
        assert_eq!(
            id_of("provider-keepassxc-keeps"),
            "provider-keepassxc-keeps"
        );
    }

    /// Scripts match on `id`: two messages must not give the same one
    /// (`cmd-doctor-x` and `doctor-x` would), and each is a kebab-case
    /// word, never translated.
    #[test]
    fn check_ids_are_distinct_and_kebab_case() {
        let keys = keys();
        assert!(keys.len() > 40, "{keys:?}");
        let mut ids: Vec<&str> = keys.iter().map(|k| id_of(k)).collect();
        ids.extend(ERROR_IDS);
        let bad: Vec<&&str> = ids.iter().filter(|id| !kebab(id)).collect();
        assert!(bad.is_empty(), "not kebab-case: {bad:?}");
        let mut seen = std::collections::BTreeMap::new();
        let mut twice = Vec::new();
        for (id, from) in ids.iter().zip(keys.iter().copied().chain(ERROR_IDS)) {
            if let Some(other) = seen.insert(*id, from) {
                twice.push(format!("{id}: {other} and {from}"));
            }
        }
        assert!(twice.is_empty(), "ids given twice: {twice:?}");
        assert!(!kebab("Vault") && !kebab("vault--file") && kebab("vault-file"));
    }
}
