//! One file per subcommand: each reads its options, calls the library and
//! prints. Shared printing helpers live here, and in `person` the
//! terminal's side of a token flow (what `login` and `rotate` ask).

pub mod check;
pub mod cleanup;
pub mod completions;
pub mod doctor;
pub mod export;
pub mod get;
pub mod history;
pub mod init;
pub mod list;
pub mod login;
pub mod man;
pub mod members;
pub mod migrate;
pub mod person;
pub mod recipients;
pub mod refresh;
pub mod reindex;
pub mod rekey;
pub mod rm;
pub mod rotate;
pub mod set;
pub mod status;
pub mod unlock;
pub mod verify;
pub mod whoami;

use jiff::Timestamp;
use serde_json::{Value, json};

use crate::cli::Command;
use crate::context::Context;
use crate::entry::{Expiry, Meta};
use crate::error::{Error, exit};

/// Runs the subcommand on a resolved context (`swept`: token files the
/// start-up sweep already wiped, which `cleanup` reports). The commands
/// that need no store (`completions`, `man`, `agent-serve`) are answered
/// by `run` before a context exists.
pub fn dispatch(ctx: &Context, command: &Command, swept: usize) -> Result<Outcome, Error> {
    match command {
        Command::Init(args) => init::run(ctx, args),
        Command::Set(args) => set::run(ctx, args),
        Command::Get(args) => get::run(ctx, args),
        Command::List(args) => list::run(ctx, args),
        Command::Rm(args) => rm::run(ctx, args),
        Command::Status(args) => status::run(ctx, args),
        Command::Export(args) => export::run(ctx, args),
        Command::Cleanup(args) => cleanup::run(ctx, args, swept),
        Command::Login(args) => login::run(ctx, args),
        Command::Rotate(args) => rotate::run(ctx, args),
        Command::Verify(args) => verify::run(ctx, args),
        Command::Refresh(args) => refresh::run(ctx, args),
        Command::Check(args) => check::run(ctx, args),
        Command::History(args) => history::run(ctx, args),
        Command::Recipients(args) => recipients::run(ctx, args),
        Command::Members(args) => members::run(ctx, args),
        Command::Whoami(args) => whoami::run(ctx, args),
        Command::Unlock(args) => unlock::run(ctx, args),
        Command::Lock => unlock::lock(),
        Command::Rekey(args) => rekey::run(ctx, args),
        Command::Migrate(args) => migrate::run(ctx, args),
        Command::Doctor { json } => doctor::run(ctx, *json),
        Command::Reindex => reindex::run(ctx),
        Command::Completions(_) | Command::Man(_) | Command::AgentServe => {
            unreachable!("answered above")
        }
    }
}

/// What a command reports back to `run` (for the exit code and event log).
#[derive(Debug, Default)]
pub struct Outcome {
    /// Exit code when not 0 (status' 10/11).
    pub code: u8,
    /// Fingerprint of the value the command touched.
    pub fingerprint: Option<String>,
    /// Whether to record the command in the event log.
    pub log: bool,
    /// Extra non-secret detail for the event log.
    pub detail: Option<Value>,
}

impl Outcome {
    /// A success worth logging, with the value's fingerprint.
    pub fn logged(fingerprint: impl Into<String>) -> Self {
        Outcome {
            code: exit::OK,
            fingerprint: Some(fingerprint.into()),
            log: true,
            detail: None,
        }
    }
}

/// Refuses Yandex work on an entry that is not a Yandex.Disk token (a
/// generic value would be sent to Yandex for nothing).
pub fn yandex_only(name: &str, meta: &Meta) -> Result<(), Error> {
    if meta.kind == crate::entry::Kind::YandexDisk {
        Ok(())
    } else {
        Err(Error::NotYandex(name.to_string()))
    }
}

/// `2027-11-25`, in UTC.
pub fn day(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%d").to_string()
}

/// "expires 2027-11-25", or "expired 2026-11-30" for a date already past.
pub fn expiry_date(at: Timestamp, now: Timestamp) -> String {
    if at <= now {
        t!("cmd-expired-on", date = day(at))
    } else {
        t!("cmd-expires-on", date = day(at))
    }
}

/// How serious an exit code is, for combining several into one: 12 a
/// token is rejected, 11 one has expired, 14 the store could not be asked
/// (the figures are cached), 13 Yandex was unreachable, 10 one expires
/// soon, 0 all fine.
fn severity(code: u8) -> u8 {
    use crate::error::exit;
    match code {
        exit::REJECTED => 6,
        exit::EXPIRED => 5,
        exit::CACHED => 4,
        exit::UNREACHABLE => 3,
        exit::EXPIRES_SOON => 1,
        _ => 0,
    }
}

/// The more serious of two exit codes (`check` and `status` share it).
pub fn worst(a: u8, b: u8) -> u8 {
    if severity(b) > severity(a) { b } else { a }
}

/// An entry's standing, the one rule `status` and `check` share: its
/// expiry against the warning window (exit 10 or 11), and a rejection by
/// Yandex at its last verification (12), the worse of the two.
pub fn entry_code(meta: &Meta, now: Timestamp, warn_days: i64) -> u8 {
    let by_date = match meta.expiry(now, warn_days) {
        Expiry::Expired(_) => exit::EXPIRED,
        Expiry::Soon(_) => exit::EXPIRES_SOON,
        Expiry::Ok(_) | Expiry::Unknown => exit::OK,
    };
    if rejected(meta) {
        worst(by_date, exit::REJECTED)
    } else {
        by_date
    }
}

/// The words `status` and `check` both use for an entry's expiry. One
/// about to expire names the command that works for it: `refresh` only
/// with a refresh token stored (it fails without one), else `rotate` for
/// a Yandex token, `set` for anything else.
pub fn expiry_text(name: &str, meta: &Meta, now: Timestamp, warn_days: i64) -> String {
    match (meta.expiry(now, warn_days), meta.expires_at) {
        (Expiry::Unknown, _) | (_, None) => t!("cmd-mod-no-expiry-date"),
        (Expiry::Expired(d), Some(t)) => t!("cmd-mod-expired", days = d, date = day(t)),
        (Expiry::Soon(d), Some(t)) => {
            let next = if meta.aux.iter().any(|a| a == crate::entry::REFRESH_TOKEN) {
                t!("cmd-mod-next-refresh", name = name)
            } else if meta.kind == crate::entry::Kind::YandexDisk {
                t!("cmd-mod-next-rotate", name = name)
            } else {
                t!("cmd-mod-next-set", name = name)
            };
            t!("cmd-mod-expires-soon", days = d, date = day(t), next = next)
        }
        (Expiry::Ok(d), Some(t)) => t!("cmd-mod-expires-days", days = d, date = day(t)),
    }
}

/// True when the last verification found the token rejected.
pub fn rejected(meta: &Meta) -> bool {
    meta.last_verified
        .as_ref()
        .is_some_and(|v| v.result == crate::entry::Verdict::Rejected)
}

/// What an entry holds, for a question or a message: kind, fingerprint,
/// when set, when it expires. Never the value.
pub fn describe(meta: &Meta) -> String {
    t!(
        "cmd-mod-value-described",
        kind = meta.kind,
        fingerprint = meta.fingerprint,
        set = day(meta.updated),
        expiry = meta.expires_at.map_or_else(
            || t!("cmd-no-expiry").to_string(),
            |t| expiry_date(t, Timestamp::now())
        )
    )
}

/// Asks before `action` (replace, remove) hits an entry that holds
/// something: on a terminal a yes/no question, else `--force` is needed.
/// Ok(false): the person said no.
pub fn confirm_overwrite(
    name: &str,
    meta: &Meta,
    action: crate::error::Overwrite,
    force: bool,
) -> Result<bool, Error> {
    if force {
        return Ok(true);
    }
    let what = describe(meta);
    if !crate::prompt::interactive() {
        return Err(Error::NeedsForce {
            name: name.to_string(),
            what,
            action,
        });
    }
    let word = action.word();
    let mut chars = word.chars();
    let verb: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    crate::prompt::confirm(&t!("cmd-mod-holds", name = name, what = what, verb = verb))
        .map_err(Error::Prompt)
}

/// The expiry state word used by `status` and JSON output.
pub fn expiry_word(e: Expiry) -> &'static str {
    match e {
        Expiry::Unknown => "no-expiry",
        Expiry::Ok(_) => "ok",
        Expiry::Soon(_) => "expires-soon",
        Expiry::Expired(_) => "expired",
    }
}

/// An entry's metadata as JSON (never a value).
pub fn entry_json(name: &str, meta: &Meta, now: Timestamp, warn_days: i64) -> Value {
    json!({
        "name": name,
        "kind": meta.kind.to_string(),
        "created": meta.created.to_string(),
        "updated": meta.updated.to_string(),
        "expires_at": meta.expires_at.map(|t| t.to_string()),
        "days_left": meta.days_left(now),
        "expiry": expiry_word(meta.expiry(now, warn_days)),
        "fingerprint": meta.fingerprint,
        "client_id": meta.client_id,
        "login": meta.login,
        "last_verified": meta.last_verified,
        "note": meta.note,
        "history": meta.history,
    })
}

/// Prints JSON with a trailing newline.
pub fn print_json(value: &Value) {
    data!(
        "{}",
        serde_json::to_string_pretty(value).expect("JSON values always serialise")
    );
}
