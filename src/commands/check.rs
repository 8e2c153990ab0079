//! `chopvault check`: one line per entry and a combined exit code, for cron
//! and monitoring. Without --verify it reads only the index.
//!
//! Combined exit code, most serious first: 12 a token is rejected, 11 one
//! has expired, 13 Yandex was unreachable, 10 one expires soon (or its
//! refresh is due), 0 all fine; 14 (above 13 and 10) when the store could
//! not be asked and the lines are the local cache's.

use crate::text::shown;
use jiff::Timestamp;
use serde_json::json;

use super::{Outcome, expiry_word, print_json, worst};
use crate::cli::CheckArgs;
use crate::context::Context;
use crate::entry::{Expiry, Kind, Meta, REFRESH_TOKEN, Verdict};
use crate::error::{Error, exit};
use crate::lifecycle::{check_token, verdict};
use crate::yandex::Yandex;

/// Refresh tokens should be used about every three months.
const REFRESH_DUE_DAYS: i64 = 90;

/// When the token was last issued or refreshed.
fn last_issued(meta: &Meta) -> Timestamp {
    meta.history
        .iter()
        .rev()
        .find(|h| h.event.issued())
        .map(|h| h.at)
        .unwrap_or(meta.updated)
}

/// One entry's line: printed as text, or as JSON with `--json`.
#[derive(serde::Serialize)]
struct Line<'a> {
    name: &'a str,
    state: &'static str,
    exit_code: u8,
    expires_at: Option<String>,
    days_left: Option<i64>,
    login: Option<&'a str>,
    verification: Option<Verdict>,
    refresh_due: bool,
    /// For a person, in the reader's language (the fields above are the
    /// facts it words).
    text: String,
}

/// Runs `check`.
pub fn run(ctx: &Context, args: &CheckArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    let (mut entries, cached) = spec.entries_as_of()?;
    let now = Timestamp::now();
    let warn = i64::from(args.warn_days);
    let mut verified = std::collections::BTreeMap::new();
    if args.verify && entries.values().any(|m| m.kind == Kind::YandexDisk) {
        let y = Yandex::from_env(crate::say::yandex::setup())?;
        let mut vault = spec.open()?;
        for (name, meta) in &entries {
            if meta.kind != Kind::YandexDisk {
                continue;
            }
            let value = vault.get(name)?;
            let result = check_token(&mut vault, &y, name, &value, false)?;
            verified.insert(name.clone(), result);
        }
        entries = spec.entries()?;
    }
    let mut code = if cached.is_some() {
        exit::CACHED
    } else {
        exit::OK
    };
    let mut lines = Vec::new();
    for (name, meta) in &entries {
        let expiry = meta.expiry(now, warn);
        let mut entry_code = super::entry_code(meta, now, warn);
        let mut words = vec![super::expiry_text(name, meta, now, warn)];
        let verification = verified.get(name).map(|r| {
            let said = verdict(r);
            entry_code = worst(
                entry_code,
                match said {
                    Verdict::Rejected => exit::REJECTED,
                    Verdict::Unreachable => exit::UNREACHABLE,
                    Verdict::Valid | Verdict::Other(_) => exit::OK,
                },
            );
            words.push(match r {
                Ok(_) => t!("cmd-check-verified-valid"),
                Err(e) => crate::say::Explain::explain(e).text,
            });
            said
        });
        let refresh_due = args.refresh_due
            && meta.aux.iter().any(|k| k == REFRESH_TOKEN)
            && (now.duration_since(last_issued(meta)).as_secs() / 86_400) >= REFRESH_DUE_DAYS;
        if refresh_due {
            entry_code = worst(entry_code, exit::EXPIRES_SOON);
            words.push(t!("cmd-check-refresh-due", name = name));
        }
        code = worst(code, entry_code);
        let state = match entry_code {
            exit::REJECTED => "rejected",
            exit::UNREACHABLE => "unreachable",
            exit::OK if refresh_due => "refresh-due",
            exit::EXPIRES_SOON
                if refresh_due && matches!(expiry, Expiry::Ok(_) | Expiry::Unknown) =>
            {
                "refresh-due"
            }
            _ => expiry_word(expiry),
        };
        lines.push(Line {
            name,
            state,
            exit_code: entry_code,
            expires_at: meta.expires_at.map(|t| t.to_string()),
            days_left: meta.days_left(now),
            login: meta.login.as_deref(),
            verification,
            refresh_due,
            text: words.join(", "),
        });
    }
    if args.json {
        print_json(&json!({
            "entries": lines,
            "exit_code": code,
            "cached": cached.is_some(),
            "as_of": cached.map(|t| t.to_string()),
        }));
    } else {
        for l in &lines {
            out!(
                "cmd-check-line",
                name = shown(l.name),
                state = crate::ui::state_word(l.state),
                text = shown(&l.text)
            );
        }
        if lines.is_empty() {
            out!("cmd-check-no-entries");
        }
    }
    Ok(Outcome {
        code,
        ..Outcome::default()
    })
}
