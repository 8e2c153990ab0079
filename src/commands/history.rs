//! `chopvault history NAME`: what happened to an entry (set, rotate,
//! verify… with fingerprints), and on OpenBao its KV versions.

use crate::text::shown;
use serde_json::json;

use super::{Outcome, print_json};
use crate::cli::HistoryArgs;
use crate::context::{Context, StoreSpec};
use crate::error::Error;
use crate::store::StoreError;
use crate::store::openbao::OpenBaoStore;

/// Runs `history`.
pub fn run(ctx: &Context, args: &HistoryArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    let meta = spec
        .entries()?
        .remove(&args.name)
        .ok_or_else(|| StoreError::NotFound(args.name.clone()))?;
    let versions = match &spec {
        StoreSpec::OpenBao { cfg, .. } => Some(OpenBaoStore::connect(cfg)?.versions(&args.name)?),
        _ => None,
    };
    if args.json {
        print_json(&json!({
            "name": args.name,
            "events": meta.history,
            "versions": versions.as_ref().map(|vs| vs.iter().map(|v| json!({
                "version": v.version,
                "created": v.created,
                "deleted": v.deleted,
                "destroyed": v.destroyed,
                "fingerprint": v.fingerprint,
            })).collect::<Vec<_>>()),
        }));
        return Ok(Outcome::default());
    }
    for e in &meta.history {
        data!(
            "{}  {:<12}  {}{}",
            e.at.strftime("%Y-%m-%d %H:%M:%S"),
            crate::ui::event_word(&shown(e.event.word())),
            shown(e.fingerprint.as_deref().unwrap_or("-")),
            e.detail
                .as_ref()
                .map(|d| format!("  {}", shown(d)))
                .unwrap_or_default()
        );
    }
    for v in versions.iter().flatten() {
        let state = if v.destroyed {
            t!("cmd-history-destroyed")
        } else if let Some(d) = &v.deleted {
            t!("cmd-history-deleted", date = d)
        } else {
            v.fingerprint.clone().unwrap_or_else(|| "-".into())
        };
        out!(
            "cmd-history-version",
            version = format!("{:<4}", v.version),
            created = v.created,
            state = state
        );
    }
    Ok(Outcome::default())
}
