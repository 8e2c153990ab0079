//! `chopvault list`: names and metadata from the index; unlocks nothing.

use crate::text::shown;
use jiff::Timestamp;
use serde_json::json;

use super::{Outcome, day, entry_json, print_json};
use crate::cli::ListArgs;
use crate::context::Context;
use crate::entry::WARN_DAYS;
use crate::error::Error;

/// Runs `list`.
pub fn run(ctx: &Context, args: &ListArgs) -> Result<Outcome, Error> {
    if args.names {
        // For completion: quiet, local, and only names chopvault accepts
        // (so nothing odd reaches a shell).
        if let Ok(spec) = ctx.store_spec()
            && let Ok(Some(index)) = crate::vault::index::Index::load(&spec.index_path())
        {
            for name in index.entries.keys() {
                if crate::entry::check_name(name).is_ok() {
                    data!("{name}");
                }
            }
        }
        return Ok(Outcome::default());
    }
    let spec = ctx.store_spec()?;
    let entries = spec.entries()?;
    let now = Timestamp::now();
    if args.json {
        let list: Vec<_> = entries
            .iter()
            .map(|(name, meta)| entry_json(name, meta, now, WARN_DAYS))
            .collect();
        print_json(&json!({
            "store": {
                "kind": spec.kind().to_string(),
                "where": spec.place(),
                "location": spec.location(),
            },
            "entries": list,
        }));
        return Ok(Outcome::default());
    }
    // With no index here yet, "no entries, add one" would be wrong: the
    // warning before it already said what to run.
    let unindexed = spec.file().is_some() && !spec.index_path().exists();
    if entries.is_empty() && unindexed {
        return Ok(Outcome::default());
    }
    if entries.is_empty() {
        say!(
            "cmd-list-no-entries",
            kind = spec.kind(),
            location = spec.location()
        );
        return Ok(Outcome::default());
    }
    // Names and fingerprints come from a file others may write: escaped.
    // Column headers are words of the user's language: each column is as
    // wide as its header or its widest value.
    let head = [
        t!("cmd-list-col-name"),
        t!("cmd-list-col-kind"),
        t!("cmd-list-col-store"),
        t!("cmd-list-col-created"),
        t!("cmd-list-col-updated"),
        t!("cmd-list-col-expires"),
        t!("cmd-list-col-days"),
        t!("cmd-list-col-fingerprint"),
    ];
    let w = |i: usize, min: usize| head[i].chars().count().max(min);
    let width = entries
        .keys()
        .map(|n| shown(n).chars().count())
        .max()
        .unwrap_or(0)
        .max(w(0, 4));
    let (wk, ws, wc, wu, we, wd) = (w(1, 11), w(2, 7), w(3, 10), w(4, 10), w(5, 10), w(6, 5));
    data!(
        "{:width$}  {:wk$}  {:ws$}  {:wc$}  {:wu$}  {:we$}  {:>wd$}  {}",
        head[0],
        head[1],
        head[2],
        head[3],
        head[4],
        head[5],
        head[6],
        head[7]
    );
    for (name, meta) in &entries {
        data!(
            "{:width$}  {:wk$}  {:ws$}  {:wc$}  {:wu$}  {:we$}  {:>wd$}  {}",
            shown(name),
            meta.kind.to_string(),
            spec.kind().to_string(),
            day(meta.created),
            day(meta.updated),
            meta.expires_at.map(day).unwrap_or_else(|| "-".into()),
            meta.days_left(now)
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into()),
            shown(&meta.fingerprint)
        );
    }
    Ok(Outcome::default())
}
