//! Store failures in words: each [`StoreError`] with its remedy in the
//! same arm, the remedies a store names ([`Remedy`]) with the command
//! lines that carry them out, and a store's refusals ([`Refusal`]). A
//! store's own reasons are worded in its module (`say::file`, …) and
//! dispatched here through [`Why`].

use super::{Explain, Said};
use crate::store::{Refusal, Remedy, StoreError, Why};

impl Explain for StoreError {
    fn explain(&self) -> Said {
        match self {
            StoreError::NotFound(name) => {
                Said::new(t!("store-no-entry", name = name)).hint(t!("error-no-entry-hint"))
            }
            StoreError::Unavailable { why, hint } => {
                Said::new(why.explain().text).hint(remedy(hint))
            }
            StoreError::WrongPassphrase => Said::new(t!("store-vault-locked-wrong-passphrase"))
                .hint(t!("error-wrong-passphrase-hint")),
            StoreError::NoLongerMember(p) => Said::new(t!(
                "store-vault-locked-no-longer-member",
                path = p.display()
            ))
            .hint(t!("error-no-longer-member-hint")),
            StoreError::WrongIdentity(p) => {
                Said::new(t!("store-vault-locked-wrong-identity", path = p.display()))
                    .hint(t!("error-wrong-identity-hint"))
            }
            StoreError::Corrupt { path, why } => Said::new(t!(
                "store-vault-cannot-read",
                path = path.display(),
                why = super::file::damage(why)
            ))
            .hint(t!("error-vault-corrupt-hint")),
            StoreError::Malformed { path, error } => Said::new(t!(
                "store-vault-malformed",
                path = path.display(),
                error = super::file::format_error(error)
            ))
            .hint(t!("error-vault-malformed-hint", path = path.display())),
            StoreError::Missing(p) => Said::new(t!("store-vault-missing", path = p.display()))
                .hint(t!("error-vault-missing-hint")),
            StoreError::Gone { name, why } => super::openbao::gone(name, why),
            StoreError::Conflict {
                name,
                expected,
                found,
            } => Said::new(t!(
                "store-write-conflict",
                name = name,
                expected = expected,
                found = found
            ))
            .hint(t!("error-write-conflict-hint")),
            StoreError::BadIdentity { path, why } => Said::new(t!(
                "store-identity-unusable",
                path = path.display(),
                why = super::file::identity_flaw(why)
            ))
            .hint(t!("error-bad-identity-hint")),
            StoreError::Untrusted { path, why } => super::file::distrust(path, why),
            StoreError::Refused(r) => r.explain(),
            StoreError::Keyring { why, provider } => Said::new(why.explain().text).hint(t!(
                "error-keyring-hint",
                unlock = provider.as_ref().map_or_else(
                    || t!("error-keyring-start-hint").to_string(),
                    super::keyring::unlock_hint,
                )
            )),
            StoreError::BadAnswer { from, about, why } => {
                super::openbao::bad_answer(from, about, why)
            }
            // A file-system failure's hint is the command line's (it knows
            // whose the file is): see `error::Error::hint`.
            StoreError::Fs(e) => Said::new(e.explain().text),
        }
    }
}

/// Why a store cannot be used now; its remedy is the error's [`Remedy`].
impl Explain for Why {
    fn explain(&self) -> Said {
        Said::new(match self {
            Why::File(u) => super::file::unavailable(u),
            Why::Keyring(k) => k.explain().text,
            Why::Bao(b) => b.explain().text,
        })
    }
}

/// A store's remedy in words, with the command lines that carry it out.
pub fn remedy(r: &Remedy) -> String {
    match r {
        Remedy::UnlockAgain => t!("error-unlock-again-hint"),
        Remedy::LowerWorkFactor => t!("error-lower-work-factor-hint"),
        Remedy::SetAgain(name) => t!("error-set-again-hint", name = name),
        Remedy::TrustCa => t!("error-trust-ca-hint"),
        Remedy::CheckMount => t!("error-check-mount-hint"),
        Remedy::GiveIdentity => t!("store-file-identity-vault-needs-identity-hint"),
        Remedy::SetIdentity => t!("store-file-no-identity-given-hint"),
        Remedy::PassphraseFile => t!("store-file-passphrase-no-terminal-hint"),
        Remedy::PassphraseFileForScripts => t!("store-file-passphrase-read-failed-hint"),
        Remedy::AllowAgent => t!("agent-refuses-installer-hint"),
        Remedy::StoreAgain => t!("store-keyring-store-again"),
        Remedy::RemoveDuplicates(name) => super::keyring::remove_duplicates(name),
        Remedy::UnlockKeyring => t!("store-memory-unlock"),
        Remedy::Bao(f) => super::openbao::fix(f),
    }
}

/// What a store refused, and what to do instead (command lines belong to
/// this layer, not the store's).
impl Explain for Refusal {
    fn explain(&self) -> Said {
        match self {
            Refusal::WeakPassphraseDeclined => Said::new(t!("store-weak-passphrase-declined"))
                .hint(t!("error-weak-passphrase-hint")),
            Refusal::PassphrasesDiffer => {
                Said::new(t!("store-passphrases-differ")).hint(t!("error-run-again-hint"))
            }
            Refusal::EmptyPassphrase => {
                Said::new(t!("store-passphrase-empty")).hint(t!("error-empty-passphrase-hint"))
            }
            Refusal::PassphraseVaultHasNoRecipients => {
                Said::new(t!("store-passphrase-vault-no-recipients"))
                    .hint(t!("error-no-recipients-hint"))
            }
            Refusal::PassphraseVaultHasNoMembers => {
                Said::new(t!("store-passphrase-vault-no-members")).hint(t!("error-no-members-hint"))
            }
            Refusal::NotAccepted => Said::new(t!("store-members-not-accepted"))
                .hint(t!("error-members-not-accepted-hint")),
            Refusal::AcceptNeedsYes => Said::new(t!("store-members-accept-needs-yes"))
                .hint(t!("error-members-accept-needs-yes-hint")),
            Refusal::NotAPassphraseVault(p) => {
                Said::new(t!("store-vault-not-passphrase-vault", path = p.display()))
                    .hint(t!("error-not-passphrase-vault-hint"))
            }
            Refusal::NotARecipient(who) => Said::new(t!("store-not-a-recipient", who = who))
                .hint(t!("error-not-a-recipient-hint")),
            Refusal::AmbiguousMember { name, cards } => Said::new(t!(
                "store-ambiguous-member",
                name = name,
                count = cards.len(),
                cards = cards.join("\n")
            ))
            .hint(t!("error-ambiguous-member-hint")),
            Refusal::LastRecipient => {
                Said::new(t!("store-last-recipient")).hint(t!("error-last-recipient-hint"))
            }
            Refusal::LastWriter => {
                Said::new(t!("store-last-writer")).hint(t!("error-last-writer-hint"))
            }
            Refusal::WouldLockYouOut => {
                Said::new(t!("store-would-lock-you-out")).hint(t!("error-would-lock-you-out-hint"))
            }
            Refusal::ExcessiveWork {
                path,
                required,
                max,
            } => Said::new(t!(
                "store-excessive-work-factor",
                path = path.display(),
                required = required,
                max = max
            ))
            .hint(t!("error-excessive-work-hint")),
        }
    }
}
