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
            StoreError::NotFound(name) => Said::new(t!("store-no-entry-named", name = name))
                .hint(t!("error-see-entries-chopvault-list")),
            StoreError::Unavailable { why, hint } => {
                Said::new(why.explain().text).hint(remedy(hint))
            }
            StoreError::WrongPassphrase => Said::new(t!("store-vault-locked-wrong-passphrase"))
                .hint(t!("error-try-again-scripts-read")),
            StoreError::NoLongerMember(p) => Said::new(t!(
                "store-vault-locked-no-longer-member",
                path = p.display()
            ))
            .hint(t!("error-ask-member-removed")),
            StoreError::WrongIdentity(p) => {
                Said::new(t!("store-vault-locked-identity-not", path = p.display()))
                    .hint(t!("error-give-identity-vault-was"))
            }
            StoreError::Corrupt { path, why } => Said::new(t!(
                "store-vault-cannot-read",
                path = path.display(),
                why = super::file::damage(why)
            ))
            .hint(t!("error-file-was-left-untouched")),
            StoreError::Malformed { path, error } => Said::new(t!(
                "store-vault-malformed-nothing-was",
                path = path.display(),
                error = super::file::format_error(error)
            ))
            .hint(t!("error-file-was-left-untouched-2", path = path.display())),
            StoreError::Missing(p) => {
                Said::new(t!("store-vault-does-not-exist", path = p.display()))
                    .hint(t!("error-run-chopvault-init-point"))
            }
            StoreError::Gone { name, why } => super::openbao::gone(name, why),
            StoreError::Conflict {
                name,
                expected,
                found,
            } => Said::new(t!(
                "store-was-changed-another-writer",
                name = name,
                expected = expected,
                found = found
            ))
            .hint(t!("error-look-entry-again-chopvault")),
            StoreError::BadIdentity { path, why } => Said::new(t!(
                "store-identity-file-not-usable",
                path = path.display(),
                why = super::file::identity_flaw(why)
            ))
            .hint(t!("error-give-age-identity-file")),
            StoreError::Untrusted { path, why } => super::file::distrust(path, why),
            StoreError::Refused(r) => r.explain(),
            StoreError::Keyring { why, provider } => Said::new(why.explain().text).hint(t!(
                "error-keep-values-age-file",
                value = provider.as_ref().map_or_else(
                    || t!("error-keyring-start-unlock").to_string(),
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
        Remedy::UnlockAgain => t!("error-run-command-again-if"),
        Remedy::LowerWorkFactor => t!("error-another-tool-wrote-cost"),
        Remedy::SetAgain(name) => t!("error-store-again-chopvault-set", name = name),
        Remedy::TrustCa => t!("error-give-ca-signed-chopvault"),
        Remedy::CheckMount => t!("error-check-mount-prefix-chopvault"),
        Remedy::GiveIdentity => t!("store-file-pass-identity-file-generate"),
        Remedy::SetIdentity => t!("store-file-pass-identity-file-set"),
        Remedy::PassphraseFile => t!("store-file-give-0600-passphrase-file"),
        Remedy::PassphraseFileForScripts => t!("store-file-use-passphrase-file-scripts"),
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
            Refusal::WeakPassphraseDeclined => {
                Said::new(t!("store-stronger-passphrase-was-wanted"))
                    .hint(t!("error-run-command-again-choose"))
            }
            Refusal::PassphrasesDiffer => {
                Said::new(t!("store-two-passphrases-do-not")).hint(t!("error-run-command-again"))
            }
            Refusal::EmptyPassphrase => {
                Said::new(t!("store-passphrase-empty")).hint(t!("error-enter-passphrase-put-one"))
            }
            Refusal::PassphraseVaultHasNoRecipients => {
                Said::new(t!("store-vault-unlocked-passphrase-has"))
                    .hint(t!("error-team-vault-made-identities"))
            }
            Refusal::PassphraseVaultHasNoMembers => Said::new(t!("store-passphrase-vault-has-no"))
                .hint(t!("error-members-belong-identity-vaults")),
            Refusal::NotAccepted => {
                Said::new(t!("store-members-not-accepted")).hint(t!("error-members-not-accepted"))
            }
            Refusal::AcceptNeedsYes => Said::new(t!("store-members-accept-needs-yes"))
                .hint(t!("error-members-accept-needs-yes")),
            Refusal::NotAPassphraseVault(p) => {
                Said::new(t!("store-vault-not-passphrase-vault", path = p.display()))
                    .hint(t!("error-only-passphrase-key-file"))
            }
            Refusal::NotARecipient(who) => Said::new(t!("store-not-recipient-vault", who = who))
                .hint(t!("error-see-them-chopvault-recipients")),
            Refusal::AmbiguousMember { name, cards } => Said::new(t!(
                "store-name-several-members",
                name = name,
                count = cards.len(),
                cards = cards.join("\n")
            ))
            .hint(t!("error-remove-by-card-instead")),
            Refusal::LastRecipient => Said::new(t!("store-would-leave-vault-no"))
                .hint(t!("error-add-another-recipient-first")),
            Refusal::LastWriter => {
                Said::new(t!("store-would-leave-vault-no-2")).hint(t!("error-add-another-member-s"))
            }
            Refusal::WouldLockYouOut => {
                Said::new(t!("store-would-lock-you-out")).hint(t!("error-pass-force-if-what"))
            }
            Refusal::ExcessiveWork {
                path,
                required,
                max,
            } => Said::new(t!(
                "store-vault-asks-scrypt-work",
                path = path.display(),
                required = required,
                max = max
            ))
            .hint(t!("error-another-tool-wrote-cost-2")),
        }
    }
}
