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
                    out!("{name}");
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
            "store": { "kind": spec.kind().to_string(), "location": spec.location() },
            "entries": list,
        }));
        return Ok(Outcome::default());
    }
    if entries.is_empty() {
        say!(
            "chopvault: no entries in the {} store ({}). Add one with: chopvault set NAME",
            spec.kind(),
            spec.location()
        );
        return Ok(Outcome::default());
    }
    // Names and fingerprints come from a file others may write: escaped.
    let width = entries
        .keys()
        .map(|n| shown(n).chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    out!(
        "{:width$}  {:11}  {:7}  {:10}  {:10}  {:10}  {:>5}  FINGERPRINT",
        "NAME",
        "KIND",
        "STORE",
        "CREATED",
        "UPDATED",
        "EXPIRES",
        "DAYS"
    );
    for (name, meta) in &entries {
        out!(
            "{:width$}  {:11}  {:7}  {:10}  {:10}  {:10}  {:>5}  {}",
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
