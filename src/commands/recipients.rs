//! `chopvault recipients list|add|remove`: who can open a team vault, and
//! who can write it. Changing them re-encrypts and re-signs the vault
//! (atomic, under the lock).

use serde_json::json;

use super::{Outcome, print_json};
use crate::cli::{RecipientsAction, RecipientsArgs};
use crate::context::{Context, StoreSpec};
use crate::error::Error;
use crate::sign::Card;
use crate::store::file::FileStore;
use crate::store::file::document::Member;
use crate::store::{Refusal, StoreError};
use crate::text::shown;

/// Runs `recipients`.
pub fn run(ctx: &Context, args: &RecipientsArgs) -> Result<Outcome, Error> {
    let spec = ctx.store_spec()?;
    let Some(mut store) = spec.file_store() else {
        return Err(Error::Usage(t!(
            "cmd-recipients-not-age-vault",
            kind = spec.kind()
        )));
    };
    match &args.action {
        RecipientsAction::List { json } => list(&mut store, &spec, *json),
        RecipientsAction::Add { card } => {
            let text = card.join(" ");
            let card = Card::parse(&text).map_err(|why| {
                Error::Usage(t!(
                    "cmd-recipients-not-a-card",
                    why = crate::say::Explain::explain(&why).text
                ))
            })?;
            store_prepare(&mut store)?;
            let mut said = String::new();
            store.change_recipients(|rs, members| {
                said = add(rs, members, &card);
                Ok(())
            })?;
            spec.reindex_file(&mut store)?;
            say!("cmd-recipients-said", said = said);
            Ok(logged("add"))
        }
        RecipientsAction::Remove { recipient, force } => {
            // A card given unquoted arrives as several words: joined, as `add` does.
            let who = recipient.join(" ");
            store_prepare(&mut store)?;
            let names: Vec<String> = spec.entries()?.into_keys().collect();
            let mine: Vec<String> = store.my_keys().into_iter().map(|(r, _)| r).collect();
            let mut removed = String::new();
            store.change_recipients(|rs, members| {
                let target = target(&who, rs, members).map_err(StoreError::Refused)?;
                // Named as the team knows them: the member's name, else the key.
                let label = members
                    .iter()
                    .find(|m| m.recipient == target)
                    .and_then(|m| m.name.as_deref())
                    .map(|n| format!("{} ({target})", crate::text::shown(n)))
                    .unwrap_or_else(|| target.clone());
                rs.retain(|r| *r != target);
                members.retain(|m| m.recipient != target);
                if rs.is_empty() {
                    return Err(StoreError::Refused(Refusal::LastRecipient));
                }
                if members.is_empty() {
                    return Err(StoreError::Refused(Refusal::LastWriter));
                }
                if !*force && !rs.iter().any(|r| mine.contains(r)) {
                    return Err(StoreError::Refused(Refusal::WouldLockYouOut));
                }
                removed = label;
                Ok(())
            })?;
            // After removing one's own key (--force) the vault no longer
            // opens here: the index then stays as it was.
            if let Err(e) = spec.reindex_file(&mut store) {
                say!("cmd-recipients-index-not-refreshed", error = e);
            }
            say!(
                "cmd-recipients-removed",
                removed = removed,
                rotate = if names.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ({})",
                        names
                            .iter()
                            .map(|n| format!("chopvault rotate {}", shown(n)))
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                }
            );
            Ok(logged("remove"))
        }
    }
}

/// The recipient `who` names: a member's card (as `whoami` prints it and
/// `add` takes it), a bare `age1…` recipient, or the name on one member's
/// card. A name that several members have is refused with their cards,
/// never guessed: names are chosen by their owners and may collide.
fn target(who: &str, rs: &[String], members: &[Member]) -> Result<String, Refusal> {
    let not_one = || Refusal::NotARecipient(shown(who).into_owned());
    if let Ok(card) = Card::parse(who) {
        if !rs.contains(&card.recipient) {
            return Err(not_one());
        }
        // A card whose signing key is not the one the vault lists for
        // that recipient is somebody else's card: refused, not trimmed to
        // its recipient. The name on a card is not checked (its owner
        // chose it; the keys say who it is).
        if let Some(key) = &card.key {
            let key = key.to_openssh();
            if members
                .iter()
                .any(|m| m.recipient == card.recipient && m.key != key)
            {
                return Err(not_one());
            }
        }
        return Ok(card.recipient);
    }
    let named: Vec<&Member> = members
        .iter()
        .filter(|m| m.name.as_deref() == Some(who))
        .collect();
    match named.as_slice() {
        [] => Err(not_one()),
        [m] => Ok(m.recipient.clone()),
        _ => Err(Refusal::AmbiguousMember {
            name: shown(who).into_owned(),
            cards: named
                .iter()
                .map(|m| {
                    Card {
                        recipient: m.recipient.clone(),
                        key: crate::sign::MemberKey::parse(&m.key).ok(),
                        name: m.name.as_deref().map(|n| shown(n).into_owned()),
                    }
                    .to_string()
                })
                .collect(),
        }),
    }
}

/// Adds `card` to the recipients and, with a key, to the members; says
/// what changed.
fn add(rs: &mut Vec<String>, members: &mut Vec<Member>, card: &Card) -> String {
    let new_recipient = !rs.contains(&card.recipient);
    if new_recipient {
        rs.push(card.recipient.clone());
    }
    let label = card
        .name
        .as_deref()
        .map(|n| shown(n).into_owned())
        .unwrap_or_else(|| card.recipient.clone());
    let Some(key) = &card.key else {
        return if new_recipient {
            t!("cmd-recipients-added-reader", label = label)
        } else {
            t!("cmd-recipients-already-reader", label = label)
        };
    };
    let key = key.to_openssh();
    let member = Member {
        recipient: card.recipient.clone(),
        key,
        name: card.name.clone(),
    };
    if members.contains(&member) {
        return t!("cmd-recipients-already-writer", label = label);
    }
    members.retain(|m| m.recipient != card.recipient);
    members.push(member);
    t!("cmd-recipients-added-writer", label = label)
}

fn list(store: &mut FileStore, spec: &StoreSpec, json: bool) -> Result<Outcome, Error> {
    let (recipients, members) = store.recipients()?;
    let mine: Vec<(String, String)> = store.my_keys();
    let is_mine = |r: &str| mine.iter().any(|(m, _)| m == r);
    let member_of = |r: &str| members.iter().find(|m| m.recipient == r);
    if json {
        let vault = spec.file().map(|f| f.vault.clone()).unwrap_or_default();
        print_json(&json!({
            "vault": vault,
            "recipients": recipients.iter().map(|r| {
                let m = member_of(r);
                json!({
                    "recipient": r,
                    "name": m.and_then(|m| m.name.clone()),
                    "key": m.map(|m| m.key.clone()),
                    "can_write": m.is_some(),
                    "you": is_mine(r),
                })
            }).collect::<Vec<_>>(),
        }));
    } else if recipients.is_empty() {
        out!("cmd-recipients-passphrase-vault");
    } else {
        for r in &recipients {
            let you = if is_mine(r) {
                t!("cmd-recipients-you")
            } else {
                String::new()
            };
            match member_of(r) {
                Some(m) => out!(
                    "cmd-recipients-writer-line",
                    name = shown(m.name.as_deref().unwrap_or("-")),
                    recipient = r,
                    key = m.key,
                    you = you
                ),
                None => out!("cmd-recipients-reader-line", recipient = r, you = you),
            }
        }
    }
    Ok(Outcome::default())
}

/// Unlocks before the lock is taken, so nobody waits on a prompt.
fn store_prepare(store: &mut FileStore) -> Result<(), Error> {
    use crate::store::Store;
    Ok(store.prepare_unlock()?)
}

fn logged(action: &str) -> Outcome {
    Outcome {
        log: true,
        detail: Some(json!({ "recipients": action })),
        ..Outcome::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str) -> (Member, Card) {
        let id = age::x25519::Identity::generate();
        let card = Card::of(&id, Some(name.to_owned()));
        let member = Member {
            recipient: card.recipient.clone(),
            key: card.key.as_ref().unwrap().to_openssh(),
            name: Some(name.to_owned()),
        };
        (member, card)
    }

    #[test]
    fn a_member_is_named_by_card_recipient_or_a_name_only_one_has() {
        let (alice, alice_card) = member("alice");
        let (bob, bob_card) = member("bob");
        let rs = vec![alice.recipient.clone(), bob.recipient.clone()];
        let members = vec![alice.clone(), bob.clone()];
        let t = |who: &str| target(who, &rs, &members);
        // The card as whoami prints it, and with its words spread out.
        assert_eq!(t(&bob_card.to_string()).unwrap(), bob.recipient);
        assert_eq!(
            t(&bob_card.to_string().replace(' ', "  ")).unwrap(),
            bob.recipient
        );
        // Whatever name the card carries: the keys say who it is.
        let renamed = Card {
            name: Some("robert".into()),
            ..bob_card.clone()
        };
        assert_eq!(t(&renamed.to_string()).unwrap(), bob.recipient);
        assert_eq!(t(&bob.recipient).unwrap(), bob.recipient);
        assert_eq!(t("alice").unwrap(), alice.recipient);
        assert_eq!(t(&alice_card.to_string()).unwrap(), alice.recipient);
        assert!(matches!(t("carol"), Err(Refusal::NotARecipient(_))));
        // bob's recipient with alice's signing key is nobody's card.
        let forged = Card {
            key: alice_card.key,
            ..bob_card.clone()
        };
        assert!(matches!(
            t(&forged.to_string()),
            Err(Refusal::NotARecipient(_))
        ));
        let (stranger, stranger_card) = member("bob");
        assert!(matches!(
            t(&stranger_card.to_string()),
            Err(Refusal::NotARecipient(_))
        ));
        // Two members named bob: refused with both cards, never guessed.
        let members = vec![alice, bob, stranger.clone()];
        let rs: Vec<String> = members.iter().map(|m| m.recipient.clone()).collect();
        match target("bob", &rs, &members) {
            Err(Refusal::AmbiguousMember { name, cards }) => {
                assert_eq!(name, "bob");
                assert_eq!(cards, [bob_card.to_string(), stranger_card.to_string()]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            target(&stranger_card.to_string(), &rs, &members).unwrap(),
            stranger.recipient
        );
    }
}
