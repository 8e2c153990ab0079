//! `chopvault members show|accept`: the members of an identity vault that
//! this machine has pinned, and accepting a change the user knows about.

use super::Outcome;
use crate::cli::{MembersAction, MembersArgs};
use crate::context::{Context, StoreSpec};
use crate::error::Error;
use crate::store::trust::Pin;
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
                None => println!(
                    "nothing pinned yet: the first command that opens the vault pins its members"
                ),
                Some(p) => {
                    println!(
                        "pinned on this machine ({}):",
                        if p.signed {
                            "signed"
                        } else {
                            "unsigned, from before signing"
                        }
                    );
                    for m in &p.members {
                        println!(
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
                    eprintln!("chopvault: members changed: {change}");
                }
                Some(_) => eprintln!("chopvault: the members are as pinned."),
                None => eprintln!("chopvault: nothing was pinned for this vault before."),
            }
            match &accepted.signer {
                Some(s) => eprintln!("chopvault: the vault is signed by {s}."),
                None => eprintln!(
                    "chopvault: the vault is not signed (written before chopvault signed vaults)."
                ),
            }
            eprintln!("chopvault: pinned members:");
            for card in &accepted.members {
                eprintln!("  {card}");
            }
            Ok(Outcome {
                log: true,
                ..Outcome::default()
            })
        }
    }
}
