//! `chopvault members show|accept`: the members of an identity vault that
//! this machine has pinned, and accepting a change the user knows about.

use super::Outcome;
use crate::cli::{MembersAction, MembersArgs};
use crate::context::{Context, StoreSpec};
use crate::error::Error;
use crate::store::file::trust::Pin;
use crate::text::shown;

/// Runs `members`.
pub fn run(ctx: &Context, args: &MembersArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    let (Some(mut store), StoreSpec::File { pin, .. }) = (spec.file_store(), &spec) else {
        return Err(Error::Usage(t!(
            "cmd-members-members-belong-age-identity",
            kind = spec.kind()
        )));
    };
    match args.action {
        MembersAction::Show => {
            match Pin::load(pin)? {
                None => out!("cmd-members-nothing-pinned-yet-first"),
                Some(p) => {
                    out!(
                        "cmd-members-pinned-machine",
                        value = if p.signed {
                            t!("cmd-members-signed")
                        } else {
                            t!("cmd-members-unsigned")
                        }
                    );
                    for m in &p.members {
                        out!(
                            "cmd-members-text",
                            value = shown(m.name.as_deref().unwrap_or("-")),
                            recipient = m.recipient,
                            key = m.key
                        );
                    }
                }
            }
            Ok(Outcome::default())
        }
        MembersAction::Accept => {
            let accepted = store.accept_members()?;
            match &accepted.change {
                Some(change) if !change.is_empty() => {
                    say!("cmd-members-members-changed", change = change);
                }
                Some(_) => say!("cmd-members-members-are-pinned"),
                None => say!("cmd-members-nothing-was-pinned-vault"),
            }
            match &accepted.signer {
                Some(s) => say!("cmd-members-vault-signed", s = s),
                None => say!("cmd-members-vault-not-signed-written"),
            }
            say!("cmd-members-pinned-members");
            for card in &accepted.members {
                say!("cmd-members-text-2", card = card);
            }
            Ok(Outcome {
                log: true,
                ..Outcome::default()
            })
        }
    }
}
