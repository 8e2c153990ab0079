//! `chopvault history NAME`: what happened to an entry (set, rotate,
//! verify… with fingerprints), and on OpenBao its KV versions.

use crate::text::shown;
use serde_json::json;

use super::{Outcome, print_json};
use crate::cli::HistoryArgs;
use crate::context::Context;
use crate::error::Error;
use crate::store::StoreError;
use crate::store::openbao::OpenBaoStore;

/// Runs `history`.
pub fn run(ctx: &Context, args: &HistoryArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    // On OpenBao one entry's metadata and versions (no other entry's, and
    // no value when the fingerprints are kept beside it).
    let (meta, versions) = match spec.openbao() {
        Some(bao) => {
            let (meta, versions) = OpenBaoStore::connect(&bao.cfg)?.history(&args.name)?;
            (meta, Some(versions))
        }
        None => (
            spec.entries()?
                .remove(&args.name)
                .ok_or_else(|| StoreError::NotFound(args.name.clone()))?,
            None,
        ),
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
            crate::ui::words::local_time(e.at),
            crate::ui::event_word(&shown(e.event.word())),
            shown(e.fingerprint.as_deref().unwrap_or("-")),
            e.detail
                .as_ref()
                .map(|d| format!("  {}", detail_shown(d)))
                .unwrap_or_default()
        );
    }
    for v in versions.iter().flatten() {
        let state = if v.destroyed {
            t!("cmd-history-destroyed")
        } else if let Some(d) = &v.deleted {
            t!(
                "cmd-history-deleted",
                date = crate::ui::words::local_time_text(d)
            )
        } else {
            v.fingerprint.clone().unwrap_or_else(|| "-".into())
        };
        out!(
            "cmd-history-version",
            version = format!("{:<4}", v.version),
            created = crate::ui::words::local_time_text(&v.created),
            state = state
        );
    }
    Ok(Outcome::default())
}

/// An event's detail in the reader's words. The metadata keeps it as data
/// in one form (`valid`, `replaced sha256:…, owner admin`, `from keyring`);
/// older chopvault saved the migration's in the words of whoever ran it
/// (`from the keyring store`, `из хранилища keyring`), read here too.
pub fn detail_shown(detail: &str) -> String {
    if let Some(rest) = detail.strip_prefix("replaced ") {
        return match rest.split_once(", owner ") {
            Some((fingerprint, owner)) => t!(
                "cmd-history-replaced-owner",
                fingerprint = shown(fingerprint),
                owner = shown(owner)
            ),
            None => t!("cmd-history-replaced", fingerprint = shown(rest)),
        };
    }
    let from = detail
        .strip_prefix("from the ")
        .and_then(|r| r.strip_suffix(" store"))
        .or_else(|| detail.strip_prefix("из хранилища "))
        .or_else(|| detail.strip_prefix("from "));
    if let Some(from) = from {
        return t!("migrate-from-store", from = shown(from));
    }
    match detail {
        "valid" | "rejected" | "unreachable" => crate::ui::state_word(detail),
        other => shown(other).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::detail_shown;
    use crate::ui::lang::{Lang, with};

    /// Issue 24: `history` in Russian showed `valid` and `replaced
    /// sha256:…, owner admin`; the stored detail is data, worded when shown.
    #[test]
    fn details_are_worded_in_the_readers_language() {
        let ru = |d: &str| with(Lang::Ru, || detail_shown(d));
        assert_eq!(ru("valid"), "действителен");
        assert_eq!(ru("rejected"), "отвергнут");
        assert_eq!(ru("unreachable"), "нет связи");
        assert_eq!(
            ru("replaced sha256:ab12, owner admin"),
            "вместо sha256:ab12, аккаунт admin"
        );
        assert_eq!(ru("replaced sha256:ab12"), "вместо sha256:ab12");
        for old in [
            "from the keyring store",
            "из хранилища keyring",
            "from keyring",
        ] {
            assert_eq!(ru(old), "из хранилища keyring", "{old}");
            assert_eq!(
                with(Lang::En, || detail_shown(old)),
                "from the keyring store",
                "{old}"
            );
        }
    }
}
