//! `chopvault set NAME`: store a value from a hidden prompt, stdin or a
//! plaintext file (which is then wiped). Never from an argument.

use jiff::{Timestamp, ToSpan};

use super::{Outcome, day};
use crate::cli::{KindArg, SetArgs};
use crate::context::Context;
use crate::entry::{Event, Kind, Meta, YANDEX_DEFAULT_DAYS};
use crate::error::Error;
use crate::fsutil;
use crate::prompt::{self, PromptError};
use crate::secret::Secret;

/// Runs `set`.
pub fn run(ctx: &Context, args: &SetArgs) -> Result<Outcome, Error> {
    let now = Timestamp::now();
    let mut expires = args.expires.map(|e| e.0);
    if let Some(Some(at)) = expires
        && at <= now
        && !args.force
    {
        return Err(Error::Usage(t!("cmd-set-expires-in-past", date = day(at))));
    }
    let spec = ctx.store_spec()?;
    // What the entry holds now, from the index (one read): asked about
    // before it is replaced, and its kind decides the checks unless one is
    // given (else a Yandex token, what `set` is mostly for).
    let replaced = spec.known_meta(&args.name);
    let kind = match args.kind {
        Some(KindArg::YandexDisk) => Kind::YandexDisk,
        Some(KindArg::Generic) => Kind::Generic,
        None => replaced.as_ref().map_or(Kind::YandexDisk, |m| m.kind),
    };
    // Replacing a value is asked about (or needs --force) before the new
    // one is read, so nobody types a token twice to be refused.
    if let Some(old) = &replaced
        && !super::confirm_overwrite(
            &args.name,
            old,
            crate::error::Overwrite::Replace,
            args.force,
        )?
    {
        say!("cmd-set-kept", name = args.name);
        return Ok(Outcome {
            code: 1,
            ..Outcome::default()
        });
    }
    let (mut value, source) = read_value(args)?;
    if kind == Kind::YandexDisk {
        let (token, lifetime) = yandex_token(value, &source)?;
        value = token;
        if let Some(secs) = lifetime
            && expires.is_none()
        {
            expires = Some(Some(now + jiff::SignedDuration::from_secs(secs as i64)));
        }
    }
    let mut vault = spec.open()?;
    let event = if args.from_file.is_some() {
        Event::Import
    } else {
        Event::Set
    };
    let meta = vault.set(&args.name, &value, |old| {
        new_meta(old, &value, args, expires, now, event.clone())
    })?;
    let expiry = match meta.expires_at {
        Some(t) => super::expiry_date(t, now),
        None => t!("cmd-set-no-expiry"),
    };
    let was = replaced
        .filter(|old| old.fingerprint != meta.fingerprint)
        .map(|old| {
            t!(
                "cmd-set-replaced",
                fingerprint = old.fingerprint,
                date = day(old.updated)
            )
        })
        .unwrap_or_default();
    say!(
        "cmd-set-stored",
        name = args.name,
        source = source,
        kind = meta.kind,
        fingerprint = meta.fingerprint,
        expiry = expiry,
        was = was
    );
    // A token stored already expired (--force) or about to: said now, not
    // at the next status.
    if matches!(
        meta.expiry(now, crate::entry::WARN_DAYS),
        crate::entry::Expiry::Soon(_) | crate::entry::Expiry::Expired(_)
    ) {
        say!(
            "cmd-set-expiry-warning",
            name = args.name,
            expiry = super::expiry_text(&args.name, &meta, now, crate::entry::WARN_DAYS)
        );
    }
    // The file is wiped only once the token is stored, and said after it:
    // a wipe that fails leaves the entry stored, and the error says both.
    if let Some(path) = &args.from_file {
        if args.keep_source {
            say!("cmd-set-source-kept", path = crate::text::shown_path(path));
        } else if let Err(e) = fsutil::wipe_file(path) {
            return Err(Error::StoredNotWiped {
                name: args.name.clone(),
                path: path.clone(),
                // The OS's reason alone: the message names the file.
                error: match &e {
                    fsutil::FsError::Io { source, .. } => source.to_string(),
                    other => crate::say::Explain::explain(other).text,
                },
            });
        } else {
            say!("cmd-set-wiped", path = crate::text::shown_path(path));
        }
        warn_about_other_copies(path, &value);
        // The main path (a token.txt from Yandex's page) brings no
        // ClientID; rotate needs it, so it is asked for now, not then.
        if meta.kind == Kind::YandexDisk && meta.client_id.is_none() {
            say!("cmd-set-no-client-id", name = args.name);
        }
    }
    Ok(Outcome::logged(meta.fingerprint))
}

/// Says where else in the imported file's folder the token is in
/// plaintext (a `token.txt.bak`, an installer's config): wiping the source
/// does not reach those.
fn warn_about_other_copies(source: &std::path::Path, value: &Secret) {
    let folder = crate::fsutil::parent_of(source);
    let stop = std::sync::atomic::AtomicBool::new(false);
    // The folder itself, and files the size of a token or a config: an
    // import should not read a deploy folder's archives.
    let copies =
        crate::export::tokenfile::find_copies_within(folder, value, &stop, None, 0, 1024 * 1024);
    for copy in copies.found.iter().filter(|c| c.as_path() != source) {
        say!("cmd-set-token-copied", copy = crate::text::shown_path(copy));
    }
}

/// Reads the value from the one source the options name.
fn read_value(args: &SetArgs) -> Result<(Secret, String), Error> {
    if let Some(path) = &args.from_file {
        if path.is_dir() {
            return Err(Error::Usage(t!(
                "cmd-set-from-folder",
                path = crate::text::shown_path(path)
            )));
        }
        let source = crate::text::shown_path(path);
        let raw = fsutil::read_reserved(path, fsutil::MAX_SECRET_FILE)?;
        return Secret::parse(&raw)
            .map(|s| (s, source.clone()))
            .map_err(|e| Error::Value(e, source));
    }
    if args.stdin {
        let raw = prompt::read_stdin().map_err(Error::Prompt)?;
        return Secret::parse(&raw)
            .map(|s| (s, "stdin".into()))
            .map_err(|e| Error::Value(e, "stdin".into()));
    }
    if !prompt::interactive() {
        return Err(Error::Prompt(PromptError::NoTerminal));
    }
    let raw = prompt::hidden_twice(
        &t!("cmd-set-value-prompt", name = args.name),
        &t!("cmd-set-same-value-again"),
    )
    .map_err(Error::Prompt)?;
    Secret::parse(raw.as_bytes())
        .map(|s| (s, t!("cmd-set-prompt")))
        .map_err(|e| Error::Value(e, t!("cmd-set-prompt")))
}

/// A Yandex token as pasted: the redirect address the browser shows after
/// consent is recognised (as `login` does) and its token and lifetime are
/// taken from it; what remains must be plain ASCII.
fn yandex_token(value: Secret, source: &str) -> Result<(Secret, Option<u64>), Error> {
    let text = value.expose();
    let (token, lifetime) = if text.contains("access_token=") || text.contains("error=") {
        let grant = crate::yandex::oauth::parse_pasted(&value).map_err(Error::Paste)?;
        say!(
            "cmd-set-took-token-from-address",
            lifetime = if grant.expires_in.is_some() {
                t!("cmd-set-and-lifetime")
            } else {
                String::new()
            }
        );
        (grant.access_token, grant.expires_in)
    } else {
        (value, None)
    };
    if let Some((pos, c)) = token
        .expose()
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_graphic())
    {
        return Err(Error::Value(
            crate::secret::ValueError::NotAscii(pos + 1, c as u32),
            source.to_string(),
        ));
    }
    Ok((token, lifetime))
}

fn new_meta(
    old: Option<&Meta>,
    value: &Secret,
    args: &SetArgs,
    expires: Option<Option<Timestamp>>,
    now: Timestamp,
    event: Event,
) -> Meta {
    let fingerprint = value.fingerprint();
    let changed = old.is_none_or(|m| m.fingerprint != fingerprint);
    let kind = match args.kind {
        Some(KindArg::YandexDisk) => Kind::YandexDisk,
        Some(KindArg::Generic) => Kind::Generic,
        None => old.map(|m| m.kind).unwrap_or(Kind::YandexDisk),
    };
    let expires_at = match expires {
        Some(explicit) => explicit,
        // A new Yandex token lives a year from when it was issued; "now" is
        // the best we know without Yandex's expires_in.
        None if changed && kind == Kind::YandexDisk => {
            Some(now + (YANDEX_DEFAULT_DAYS * 24).hours())
        }
        None if changed => None,
        None => old.and_then(|m| m.expires_at),
    };
    let mut meta = Meta::new(kind, fingerprint, now);
    if let Some(old) = old {
        meta.created = old.created;
        meta.aux.clone_from(&old.aux);
        meta.history.clone_from(&old.history);
        if !changed {
            meta.updated = old.updated;
            // Who owns the token and whether it worked are facts about the
            // old value; a new value starts unknown.
            meta.login.clone_from(&old.login);
            meta.last_verified.clone_from(&old.last_verified);
            meta.device_id.clone_from(&old.device_id);
        }
    }
    meta.expires_at = expires_at;
    meta.client_id = args
        .client_id
        .clone()
        .or_else(|| old.and_then(|m| m.client_id.clone()));
    meta.note = args
        .note
        .clone()
        .or_else(|| old.and_then(|m| m.note.clone()));
    meta.record(event, now, None);
    meta
}
