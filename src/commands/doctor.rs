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
use crate::context::{Context, Found, Severity, StoreSpec};
use crate::entry::Expiry;
use crate::error::{Error, exit};
use crate::export::journal::Journal;
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
                location = spec.location() => spec.place()
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

fn store_checks(spec: &StoreSpec, checks: &mut Vec<Check>) {
    // The store's own checks, from its module (`context::file`, …).
    for found in spec.cli().doctor(spec) {
        let (key, what) = match found.what {
            Found::Said(m) => (m.key, What::Said(m)),
            Found::Failed { about, error } => (
                about.key,
                What::Failed {
                    about: Some(about),
                    error,
                },
            ),
        };
        checks.push(Check {
            id: id_of(key),
            status: match found.level {
                Severity::Ok => Status::Ok,
                Severity::Warn => Status::Warn,
                Severity::Fail => Status::Fail,
            },
            what,
            fix: found.fix,
        });
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The catalog key of every message this file and the stores' own
    /// checks (`src/context/*.rs`) make (`msg!` calls): what a check
    /// found, its fix, what an error was met checking.
    fn keys() -> Vec<&'static str> {
        let mut sources: Vec<&'static str> = vec![include_str!("doctor.rs")];
        let stores = concat!(env!("CARGO_MANIFEST_DIR"), "/src/context");
        for file in std::fs::read_dir(stores).expect("src/context").flatten() {
            let text = std::fs::read_to_string(file.path()).expect("a store's module");
            sources.push(Box::leak(text.into_boxed_str()));
        }
        let needle = concat!("msg", "!(");
        let mut keys = Vec::new();
        for source in sources {
            for (at, _) in source.match_indices(needle) {
                let rest = source[at + needle.len()..].trim_start();
                if let Some(rest) = rest.strip_prefix('"') {
                    let end = rest.find('"').expect("a closed key");
                    keys.push(&rest[..end]);
                }
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
