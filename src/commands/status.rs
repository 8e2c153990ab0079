//! `chopvault status`: which store, and how every entry stands against its
//! expiry. Unlocks nothing, so cron can run it; exit 10 when a token
//! expires within the window, 11 when one has expired, 14 when the store
//! could not be asked and the figures are the local cache's.

use crate::text::shown;
use jiff::Timestamp;
use serde_json::json;

use super::{
    Outcome, day, entry_code, entry_json, expiry_text, expiry_word, print_json, rejected, worst,
};
use crate::cli::StatusArgs;
use crate::context::Context;
use crate::error::{Error, exit};
use crate::export::journal::Journal;

/// Runs `status`.
pub fn run(ctx: &Context, args: &StatusArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    let config = ctx.config()?;
    let (entries, cached) = spec.entries_as_of()?;
    let now = Timestamp::now();
    let warn = i64::from(args.warn_days);
    let mut code = if cached.is_some() {
        exit::CACHED
    } else {
        exit::OK
    };
    // The OpenBao token's lifetime as this command left it (renewed if due).
    let token_left = spec
        .openbao()
        .and_then(|bao| crate::store::openbao::auth::cached_lease(&bao.cfg))
        .map(|l| l.seconds_left(now));
    for meta in entries.values() {
        code = worst(code, entry_code(meta, now, warn));
    }
    let because = config.as_ref().and_then(|c| c.chosen_because.clone());
    let exports = Journal::new(&ctx.paths()?.state_dir).in_progress();
    let agent = spec.agent_state();
    // Whether a running agent could lock its memory (none: no agent).
    let memory_locked = agent.as_ref().and_then(|_| crate::agent::memory_locked());
    if args.json {
        let list: Vec<_> = entries
            .iter()
            .map(|(name, meta)| entry_json(name, meta, now, warn))
            .collect();
        print_json(&json!({
            "store": {
                "kind": spec.kind().to_string(),
                // For a person, in their language; `where` is the same
                // as facts.
                "location": spec.location(),
                "where": spec.place(),
                "index": spec.index_path(),
                "config": ctx.config_path()?,
                "chosen_because": because,
                "token_seconds_left": token_left.flatten(),
            },
            "cached": cached.is_some(),
            "as_of": cached.map(|t| t.to_string()),
            "agent": agent.as_ref().map(|(unlocked, until)| json!({"unlocked": unlocked, "until": until, "memory_locked": memory_locked})),
            "warn_days": args.warn_days,
            "entries": list,
            "exports_in_progress": exports.iter().map(|r| json!({
                "entry": r.entry, "path": r.path, "pid": r.pid, "since": r.created.to_string(),
            })).collect::<Vec<_>>(),
            "exit_code": code,
        }));
        return Ok(Outcome {
            code,
            ..Outcome::default()
        });
    }
    out!(
        "cmd-status-store",
        kind = spec.kind(),
        location = spec.location()
    );
    if let Some(b) = because {
        out!(
            "cmd-status-chosen",
            because = crate::say::Explain::explain(&b).text
        );
    }
    match token_left {
        Some(Some(secs)) => out!("cmd-status-openbao-token-left", secs = secs.max(0)),
        Some(None) => out!("cmd-status-openbao-token-no-expiry"),
        None => {}
    }
    if let Some(t) = cached {
        out!(
            "cmd-status-figures-cached",
            as_of = t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()
        );
    }
    match &agent {
        Some((true, Some(until))) => {
            out!(
                "cmd-status-agent-unlocked",
                until = crate::ui::words::local_time_text(until)
            );
        }
        Some(_) => {
            out!("cmd-status-agent-locked");
        }
        None => {}
    }
    if memory_locked == Some(false) {
        out!("cmd-status-agent-memory-not-locked");
    }
    out!("cmd-status-entries", count = entries.len());
    for (name, meta) in &entries {
        let e = meta.expiry(now, warn);
        let when = expiry_text(name, meta, now, warn);
        let verified = meta
            .last_verified
            .as_ref()
            .map(|v| {
                t!(
                    "cmd-status-verified",
                    date = day(v.at),
                    verdict = crate::ui::state_word(&shown(v.result.word()))
                )
            })
            .unwrap_or_default();
        let owner = meta
            .login
            .as_ref()
            .map(|l| t!("cmd-status-owner", login = shown(l)))
            .unwrap_or_default();
        out!(
            "cmd-status-entry",
            name = shown(name),
            kind = meta.kind,
            when = when,
            owner = owner,
            verified = verified,
            state = crate::ui::state_word(if rejected(meta) {
                "rejected"
            } else {
                expiry_word(e)
            })
        );
    }
    for r in &exports {
        out!(
            "cmd-status-export-running",
            entry = shown(&r.entry),
            path = r.path.display(),
            pid = r.pid,
            since = crate::ui::words::local_time(r.created)
        );
    }
    Ok(Outcome {
        code,
        ..Outcome::default()
    })
}
