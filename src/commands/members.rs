//! `chopvault members show|accept|trust`: the members of an identity vault
//! that this machine has pinned, accepting a change the user knows about,
//! and trusting a team's keys before first use.

use std::io::Read as _;

use super::Outcome;
use crate::cli::{MembersAction, MembersArgs};
use crate::context::Context;
use crate::error::Error;
use crate::fsutil;
use crate::prompt::PromptError;
use crate::say::file::{self as said, when};
use crate::sign::{Card, MemberKey};
use crate::store::file::AcceptOutcome;
use crate::store::file::spec::FileSpec;
use crate::store::file::trust::{self, Pin, Pins};
use crate::store::{Refusal, StoreError};
use crate::text::shown;

/// Largest `allowed_signers` file read (a team's keys are a few KiB).
const MAX_ALLOWED_SIGNERS: u64 = 256 * 1024;

/// Runs `members`.
pub fn run(ctx: &Context, args: &MembersArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    let (Some(mut store), Some(FileSpec { pin, .. })) = (spec.file_store(), spec.file()) else {
        return Err(Error::Usage(t!(
            "cmd-members-not-identity-vault",
            kind = spec.kind()
        )));
    };
    match &args.action {
        MembersAction::Show => {
            show(pin)?;
            Ok(Outcome::default())
        }
        MembersAction::Accept { yes, rollback } => {
            let yes = *yes;
            let accepted = store.accept_members(*rollback, &|o| confirm(o, yes))?;
            say!("cmd-members-accepted", count = accepted.members.len());
            Ok(Outcome {
                log: true,
                ..Outcome::default()
            })
        }
        MembersAction::Trust { file } => {
            trust_file(&Pins::new(pin.clone()), file)?;
            Ok(Outcome {
                log: true,
                ..Outcome::default()
            })
        }
    }
}

fn show(pin: &std::path::Path) -> Result<(), Error> {
    match Pin::load(pin)? {
        None => out!("cmd-members-nothing-pinned-yet"),
        Some(p) => {
            out!(
                "cmd-members-pinned-here",
                state = if p.signed {
                    t!("cmd-members-signed")
                } else {
                    t!("cmd-members-unsigned")
                }
            );
            if let Some(id) = &p.vault_id {
                out!(
                    "cmd-members-lineage",
                    id = id.clone(),
                    generation = p.generation.to_string(),
                    seen = when(p.seen_at)
                );
            }
            for m in &p.members {
                out!(
                    "cmd-members-member",
                    name = shown(m.name.as_deref().unwrap_or("-")),
                    fingerprint = trust::fingerprint_of(m),
                    recipient = m.recipient.clone(),
                    key = m.key.clone()
                );
            }
            for r in &p.removed {
                out!(
                    "cmd-members-removed",
                    name = shown(r.name.as_deref().unwrap_or("-")),
                    fingerprint = crate::sign::MemberKey::parse(&r.key)
                        .map(trust::fingerprint)
                        .unwrap_or_default(),
                    on = when(Some(r.on))
                );
            }
        }
    }
    if let Some(trusted) = Pins::new(pin.to_path_buf()).trusted()? {
        out!("cmd-members-trusted-header", count = trusted.len());
        for t in &trusted {
            out!(
                "cmd-members-trusted-key",
                names = shown(&t.principals.join(",")),
                fingerprint = trust::fingerprint(t.key)
            );
        }
    }
    Ok(())
}

/// Shows what accepting means and asks (or takes `--yes`).
fn confirm(o: &AcceptOutcome, yes: bool) -> Result<bool, StoreError> {
    if o.swapped {
        say!(
            "cmd-members-accept-swap",
            pinned = o.vault_id.0.clone().unwrap_or_default(),
            found = o.vault_id.1.clone().unwrap_or_else(|| "-".into())
        );
    }
    if let Some((name, file)) = &o.renamed {
        say!(
            "cmd-members-accept-renamed",
            name = name.clone(),
            file = file.clone()
        );
    }
    // Generations as text: Fluent would show a u64 as a float.
    if let Some(pinned) = o.rollback {
        say!(
            "cmd-members-accept-rollback",
            pinned = pinned.to_string(),
            found = o.generation.1.to_string()
        );
    } else if o.fork {
        say!(
            "cmd-members-accept-fork",
            generation = o.generation.1.to_string()
        );
    } else if let (Some(before), now) = o.generation {
        say!(
            "cmd-members-accept-generation",
            before = before.to_string(),
            now = now.to_string()
        );
    }
    for m in &o.untrusted {
        let key = format!(
            "{} {}",
            shown(m.name.as_deref().unwrap_or("-")),
            trust::fingerprint_of(m)
        );
        say!("cmd-members-accept-untrusted", key = key);
    }
    match &o.change {
        Some(change) if !change.is_empty() => {
            say!("cmd-members-changed", change = said::change(change));
        }
        Some(_) => say!("cmd-members-unchanged"),
        None => say!("cmd-members-nothing-pinned-before"),
    }
    for r in &o.readded {
        let card = t!(
            "trust-accept-readded",
            name = r.name.clone().unwrap_or_else(|| r.key.short()),
            fingerprint = trust::fingerprint(r.key),
            on = when(Some(r.on))
        );
        say!("cmd-members-card-line", card = card);
    }
    match &o.signer {
        Some(s) => {
            let s = format!("{} {}", said::who(s), trust::fingerprint(s.key));
            say!("cmd-members-vault-signed", signer = s);
        }
        None => say!("cmd-members-vault-not-signed"),
    }
    say!("cmd-members-pinned-members");
    for m in &o.members {
        let card = Card {
            recipient: m.recipient.clone(),
            key: MemberKey::parse(&m.key).ok(),
            name: m.name.as_deref().map(|n| shown(n).into_owned()),
        };
        let card = format!("{card}  {}", trust::fingerprint_of(m));
        say!("cmd-members-card-line", card = card);
    }
    if let Some(name) = &o.shared_name {
        say!("trust-shared-name", name = name);
    }
    if yes {
        return Ok(true);
    }
    match crate::prompt::confirm(&t!("cmd-members-accept-question")) {
        Ok(answer) => Ok(answer),
        Err(PromptError::NoTerminal) => Err(StoreError::Refused(Refusal::AcceptNeedsYes)),
        Err(PromptError::Io(e)) => Err(StoreError::Fs(fsutil::FsError::io(
            crate::fsutil::Action::Read,
            std::path::Path::new("-"),
            e,
        ))),
        Err(PromptError::Fs(e)) => Err(StoreError::Fs(e)),
        Err(_) => Ok(false),
    }
}

/// `members trust FILE`: adds the file's Ed25519 keys for the `chopvault`
/// namespace to this user's trusted keys, which every first use of a vault
/// must then match.
fn trust_file(pins: &Pins, file: &std::path::Path) -> Result<(), Error> {
    let shown_file = shown(&file.display().to_string()).into_owned();
    let f = fsutil::open_nofollow(file).map_err(StoreError::Fs)?;
    let mut bytes = Vec::new();
    f.take(MAX_ALLOWED_SIGNERS + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| StoreError::Fs(fsutil::FsError::io(fsutil::Action::Read, file, e)))?;
    if bytes.len() as u64 > MAX_ALLOWED_SIGNERS {
        return Err(Error::Usage(t!(
            "cmd-members-trust-too-large",
            file = shown_file,
            max = MAX_ALLOWED_SIGNERS / 1024
        )));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::Usage(t!("cmd-members-trust-not-text", file = shown_file.clone())))?;
    let new = trust::parse_allowed_signers(&text).map_err(|line| {
        Error::Usage(t!(
            "trust-allowed-signers-bad-line",
            path = shown_file.clone(),
            line = line
        ))
    })?;
    if new.is_empty() {
        return Err(Error::Usage(t!(
            "cmd-members-trust-no-keys",
            file = shown_file
        )));
    }
    let old = pins.trusted()?.unwrap_or_default();
    let mut lines = String::new();
    for t in old.iter().chain(&new) {
        if !lines.contains(&t.key.to_openssh()) {
            lines.push_str(&format!(
                "{} {}\n",
                t.principals.join(","),
                t.key.to_openssh()
            ));
        }
    }
    let path = pins.trusted_file();
    fsutil::ensure_private_dir(fsutil::parent_of(&path)).map_err(StoreError::Fs)?;
    fsutil::atomic_write(&path, lines.as_bytes()).map_err(StoreError::Fs)?;
    for t in &new {
        say!(
            "cmd-members-trusted-key",
            names = shown(&t.principals.join(",")),
            fingerprint = trust::fingerprint(t.key)
        );
    }
    say!("cmd-members-trust-done", count = new.len());
    Ok(())
}
