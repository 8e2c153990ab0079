//! `members accept`: trusting an identity vault as it is now, after the
//! person has seen what that changes (see [`super::trust`] for the rules
//! it still keeps).

use jiff::Timestamp;

use super::document::{self, Document, Member};
use super::trust::{self, Named, Pin, Verdict};
use super::{Distrust, FileStore, Key};
use crate::sign::MemberKey;
use crate::store::{Refusal, StoreError};
use crate::text::shown;

/// What `members accept` is about to pin, and pinned.
#[derive(Debug)]
pub struct AcceptOutcome {
    /// The vault's own name and the file name it was found under, when
    /// they differ.
    pub renamed: Option<(String, String)>,
    /// The same generation as pinned, with other content.
    pub fork: bool,
    /// Members whose keys the trust file does not name.
    pub untrusted: Vec<Member>,
    /// Who signed the vault (none: unsigned).
    pub signer: Option<Named>,
    /// What changed against what was pinned before (none: nothing was).
    pub change: Option<trust::Change>,
    /// The members now pinned.
    pub members: Vec<Member>,
    /// The generation pinned before (none: nothing was), and the vault's.
    pub generation: (Option<u64>, u64),
    /// The vault id pinned before, and the vault's.
    pub vault_id: (Option<String>, Option<String>),
    /// The vault is another than the one pinned.
    pub swapped: bool,
    /// The vault is older than the pinned generation (this one).
    pub rollback: Option<u64>,
    /// Removed members listed again, with when they were removed.
    pub readded: Vec<Readded>,
    /// A name two members share (escaped).
    pub shared_name: Option<String>,
}

/// A member whose removal was seen here, listed again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readded {
    /// The name on their card, escaped.
    pub name: Option<String>,
    /// Their key.
    pub key: MemberKey,
    /// When their removal was seen here.
    pub on: Timestamp,
}

impl FileStore {
    /// Trusts the vault as it is now, after `confirm` has seen what that
    /// changes: its signature must match the file and be by a member it
    /// lists. Never turns a signed pin into an unsigned one, and never
    /// accepts an older generation than the pinned one unless
    /// `allow_rollback`. For a change the user knows about.
    pub fn accept_members(
        &mut self,
        allow_rollback: bool,
        confirm: &dyn Fn(&AcceptOutcome) -> Result<bool, StoreError>,
    ) -> Result<AcceptOutcome, StoreError> {
        let (plain, tally, mut rest) = self.decrypt()?;
        let doc = Document::parse(&plain).map_err(|e| StoreError::format(&self.path, e))?;
        drop(plain);
        if !matches!(self.key, Some(Key::Identities(..))) {
            return Err(StoreError::Refused(Refusal::PassphraseVaultHasNoMembers));
        }
        let digest = self.file_digest(&tally, &mut rest)?;
        let seal = trust::seal_with(&self.path, &self.pending_sig(), &digest)?;
        let lineage = doc.lineage();
        let pinned = match self.pins() {
            Some(p) => p.load(lineage.vault_id.as_deref())?,
            None => trust::Pinned::default(),
        };
        let before = pinned.pin.clone();
        // As if seen for the first time: the signature must still match
        // and be by a member the vault lists.
        let verdict = trust::judge(
            &trust::Pinned::default(),
            None,
            &trust::Sighting {
                seal: &seal,
                members: &doc.members,
                lineage: &lineage,
                // A vault under another file name is accepted as such, and
                // the name recorded (below).
                file_name: lineage.name.as_deref().unwrap_or(""),
                digest: &digest,
            },
        )
        .map_err(|r| trust::refused(&self.path, r, &[], &doc.members))?;
        let signer = match verdict {
            Verdict::FirstSeen { signer } => signer,
            _ => None,
        };
        if signer.is_none()
            && let Some(p) = &before
            && (p.signed || p.vault_id.is_some())
        {
            return Err(StoreError::Untrusted {
                path: self.path.clone(),
                why: Distrust::AcceptUnsigned,
            });
        }
        let pinned_id = pinned
            .other_vault
            .clone()
            .or_else(|| before.as_ref().and_then(|p| p.vault_id.clone()));
        let rollback = before
            .as_ref()
            .filter(|p| p.vault_id.is_some() && pinned.other_vault.is_none())
            .filter(|p| lineage.generation < p.generation)
            .map(|p| (p.generation, p.seen_at));
        if let Some((pinned_gen, seen_at)) = rollback
            && !allow_rollback
        {
            return Err(StoreError::Untrusted {
                path: self.path.clone(),
                why: Distrust::AcceptRollback {
                    found: lineage.generation,
                    pinned: pinned_gen,
                    seen_at,
                },
            });
        }
        let readded = before
            .as_ref()
            .map(|p| {
                doc.members
                    .iter()
                    .filter_map(|m| {
                        let k = MemberKey::parse(&m.key).ok()?;
                        let r = p.removed_on(k)?;
                        Some(Readded {
                            name: m.name.as_deref().map(|n| shown(n).into_owned()),
                            key: k,
                            on: r.on,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let file_name = document::vault_name_of(&self.path);
        let renamed = lineage
            .name
            .clone()
            .filter(|n| *n != file_name)
            .map(|n| (n, file_name.clone()));
        let fork = before.as_ref().is_some_and(|p| {
            p.vault_id.is_some()
                && p.generation == lineage.generation
                && p.accepted.as_deref() != Some(crate::text::hex(&digest).as_str())
        });
        // Keys a trust file names none of: accepting is the decision to
        // trust them anyway, and is said.
        let trusted = self.pins().map(|p| p.trusted()).transpose()?.flatten();
        let untrusted = trusted
            .map(|t| {
                doc.members
                    .iter()
                    .filter(|m| {
                        MemberKey::parse(&m.key).is_ok_and(|k| !t.iter().any(|a| a.key == k))
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let outcome = AcceptOutcome {
            renamed: renamed.clone(),
            fork,
            untrusted,
            signer: signer.map(|k| trust::named(&doc.members, k)),
            change: before
                .as_ref()
                .map(|p| trust::change(&p.members, &doc.members)),
            members: doc.members.clone(),
            generation: (before.as_ref().map(|p| p.generation), lineage.generation),
            vault_id: (pinned_id.clone(), lineage.vault_id.clone()),
            swapped: pinned_id.is_some() && pinned_id != lineage.vault_id,
            rollback: rollback.map(|(g, _)| g),
            readded,
            shared_name: trust::shared_name(&doc.members),
        };
        if !confirm(&outcome)? {
            return Err(StoreError::Refused(Refusal::NotAccepted));
        }
        let mut pin = Pin::next(
            before.as_ref(),
            &self.path,
            signer.is_some(),
            doc.members,
            &lineage,
        )
        .accepting(&digest);
        // A rollback accepted on purpose starts the count again from it.
        pin.generation = lineage.generation;
        if let Some((_, file)) = renamed
            && !pin.aliases.contains(&file)
        {
            pin.aliases.push(file);
        }
        self.save_pin(pin)?;
        Ok(outcome)
    }
}
