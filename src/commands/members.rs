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
        return Err(Error::Usage(format!(
            "members belong to age identity vaults; this is the {} store",
            spec.kind()
        )));
    };
    match args.action {
        MembersAction::Show => {
            match Pin::load(pin)? {
                None => out!(
                    "nothing pinned yet: the first command that opens the vault pins its members"
                ),
                Some(p) => {
                    out!(
                        "pinned on this machine ({}):",
                        if p.signed {
                            "signed"
                        } else {
                            "unsigned, from before signing"
                        }
                    );
                    for m in &p.members {
                        out!(
                            "  {}  {}  {}",
                            shown(m.name.as_deref().unwrap_or("-")),
                            m.recipient,
                            m.key
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
                    say!("chopvault: members changed: {change}");
                }
                Some(_) => say!("chopvault: the members are as pinned."),
                None => say!("chopvault: nothing was pinned for this vault before."),
            }
            match &accepted.signer {
                Some(s) => say!("chopvault: the vault is signed by {s}."),
                None => say!(
                    "chopvault: the vault is not signed (written before chopvault signed vaults)."
                ),
            }
            say!("chopvault: pinned members:");
            for card in &accepted.members {
                say!("  {card}");
            }
            Ok(Outcome {
                log: true,
                ..Outcome::default()
            })
        }
    }
}
