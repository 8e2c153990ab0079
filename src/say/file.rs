//! The age-file store's facts in words: why a vault, key file or identity
//! file cannot be read, why a vault is not trusted (with what to do), why
//! the store cannot be used now, and the members and signers its notices
//! name. The store returns these as types (`store::file`); only this
//! module turns them into sentences.

use std::io;
use std::path::Path;

use jiff::Timestamp;

use super::{Explain, Said};
use crate::sign::MemberKey;
use crate::store::file::armor::ArmorFlaw;
use crate::store::file::document::{FormatError, Member, VERSION};
use crate::store::file::header::{self, Flaw};
use crate::store::file::trust::{self, Change, Named, Refusal};
use crate::store::file::{
    Damage, Distrust, IdentityFlaw, MAX_WORK_FACTOR, MIN_WORK_FACTOR, Unavailable, Unreadable,
    WORK_FACTOR_ENV, WorkFactorOutOfRange,
};
use crate::text::shown;

/// A moment for messages, in the reader's time zone: `2026-12-03 17:05 MSK`.
pub fn when(t: Option<Timestamp>) -> String {
    t.map(crate::ui::words::local_time)
        .unwrap_or_else(|| "?".into())
}

/// A member's name for messages: their card's name, else the end of
/// their key.
pub fn who(n: &Named) -> String {
    n.name
        .clone()
        .unwrap_or_else(|| t!("trust-key-short", short = n.key.short()))
}

fn label(m: &Member) -> String {
    match &m.name {
        Some(n) => shown(n).into_owned(),
        None => format!("{}…", &m.recipient[..m.recipient.len().min(12)]),
    }
}

/// A member with their key's fingerprint: `alice SHA256:…`, so that a
/// look-alike (same name, another key) shows.
fn labelled(m: &Member) -> String {
    format!("{} {}", label(m), trust::fingerprint_of(m))
}

/// The members as one line: `alice SHA256:…, bob SHA256:…`.
pub fn listing(members: &[Member]) -> String {
    members.iter().map(labelled).collect::<Vec<_>>().join(", ")
}

/// A change of members as one line: `+ bob SHA256:…, − carol SHA256:…`
/// (empty when nothing changed).
pub fn change(c: &Change) -> String {
    let added = c.added.iter().map(|m| format!("+ {}", labelled(m)));
    let removed = c.removed.iter().map(|m| format!("− {}", labelled(m)));
    added.chain(removed).collect::<Vec<_>>().join(", ")
}

/// What is wrong with an armored file.
fn armor(flaw: ArmorFlaw) -> String {
    let why = match flaw {
        ArmorFlaw::NoEnd => return t!("armor-no-end"),
        ArmorFlaw::NoHeader => return t!("armor-no-header"),
        ArmorFlaw::BadBegin => t!("armor-bad-begin"),
        ArmorFlaw::CutShort => t!("armor-cut-short"),
        ArmorFlaw::UnexpectedMarker => t!("armor-unexpected-marker"),
        ArmorFlaw::DataAfterEnd => t!("armor-data-after-end"),
        ArmorFlaw::LineAfterShort => t!("armor-line-after-short"),
        ArmorFlaw::EmptyLine => t!("armor-empty-line"),
        ArmorFlaw::LongLine => t!("armor-long-line"),
        ArmorFlaw::ShortLine => t!("armor-short-line"),
        ArmorFlaw::NotCanonical => t!("armor-not-canonical"),
    };
    t!("store-file-armor-damaged", why = why)
}

/// A read error of an age file: the armor's flaw when it carries one,
/// else the system's words.
fn read_error(e: &io::Error) -> String {
    match ArmorFlaw::of(e) {
        Some(flaw) => armor(flaw),
        None => e.to_string(),
    }
}

/// What is wrong with an age header, in the specification's terms.
pub fn flaw(f: &Flaw) -> String {
    match f {
        Flaw::Version => t!("header-bad-version"),
        Flaw::NoStanza => t!("header-no-stanza"),
        Flaw::StanzaLine => t!("header-bad-stanza-line"),
        Flaw::Body => t!("header-bad-body"),
        Flaw::Mac => t!("header-bad-mac"),
        Flaw::TooLong => t!("header-too-long", max = header::MAX_LEN / 1024),
        Flaw::ScryptNotAlone => t!("header-scrypt-not-alone"),
        Flaw::ScryptArguments => t!("header-scrypt-arguments"),
        Flaw::ScryptSalt => t!("header-scrypt-salt"),
        Flaw::ScryptWorkFactor(value) => t!("header-scrypt-work-factor", text = shown(value)),
        Flaw::ScryptBody => t!("header-scrypt-body"),
    }
}

/// Why an age file could not be read up to the end of its header.
pub fn unreadable(u: &Unreadable) -> String {
    match u {
        Unreadable::NotAge => t!("file-not-age"),
        Unreadable::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => t!("file-truncated"),
        Unreadable::Io(e) => read_error(e),
        Unreadable::Header(f) => t!("header-not-spec", why = flaw(f)),
    }
}

/// Why decrypted bytes are not a vault document.
pub fn format_error(e: &FormatError) -> String {
    match e {
        FormatError::Malformed { line, column } => {
            t!("store-file-document-invalid", line = line, column = column)
        }
        FormatError::Duplicate { line, column } => t!(
            "store-file-document-duplicate",
            line = line,
            column = column
        ),
        FormatError::NotAVault => t!("store-file-document-not-a-vault"),
        FormatError::TooNew(v) => t!(
            "store-file-document-too-new",
            version = v,
            supported = VERSION
        ),
    }
}

/// What is wrong with a vault file that cannot be read.
pub fn damage(d: &Damage) -> String {
    match d {
        Damage::Empty => t!("file-empty"),
        Damage::NotAgeOrHeader => t!("file-not-age-or-header"),
        Damage::Truncated => t!("file-truncated"),
        Damage::ChangedKind => t!("file-changed-kind"),
        Damage::ContentDamaged => t!("file-content-damaged"),
        Damage::NoRecipients => t!("file-no-recipients"),
        Damage::BadRecipient(r) => t!("store-file-recipient-not-valid", recipient = r),
        Damage::Unreadable(u) => unreadable(u),
        Damage::Format(e) => format_error(e),
        // The age library's own words; a damaged armor under it is ours.
        Damage::Decrypt(age::DecryptError::Io(e)) => read_error(e),
        Damage::Decrypt(e) => e.to_string(),
        Damage::Encrypt(e) => e.to_string(),
    }
}

/// What is wrong with an identity file or a vault's key file.
pub fn identity_flaw(f: &IdentityFlaw) -> String {
    match f {
        IdentityFlaw::Unreadable(u) => unreadable(u),
        IdentityFlaw::KeyNotAge => t!("keyfile-not-age-identity"),
        IdentityFlaw::KeyNotPassphrase => t!("keyfile-not-passphrase"),
        IdentityFlaw::KeyDamaged => t!("keyfile-damaged"),
        IdentityFlaw::KeyNoIdentity => t!("keyfile-no-identity"),
        IdentityFlaw::KeyNoX25519 => t!("keyfile-no-x25519-identity"),
        IdentityFlaw::KeyHoldsNone => t!("keyfile-holds-none"),
        IdentityFlaw::Missing => t!("store-file-does-not-exist"),
        IdentityFlaw::NotText => t!("store-file-not-text"),
        IdentityFlaw::NoX25519 => t!("store-file-holds-no-x25519-identity"),
        IdentityFlaw::HoldsNone => t!("store-file-holds-no-identity"),
        IdentityFlaw::OnlyX25519 => t!("store-file-only-x25519-supported"),
        IdentityFlaw::Junk(line) => t!("file-identity-junk", line = line),
        IdentityFlaw::Io(e) => crate::ui::io_text(e),
        IdentityFlaw::Age(e) => e.to_string(),
    }
}

/// Why the file store cannot be used now (its remedy is the error's
/// [`crate::store::Remedy`]).
pub fn unavailable(u: &Unavailable) -> String {
    match u {
        Unavailable::AgentCannotSign { vault, error } => t!(
            "store-file-agent-sign-failed",
            path = vault.display(),
            error = error.explain().text
        ),
        Unavailable::AgentRefused(e) => e.explain().text,
        Unavailable::NeedsIdentity => t!("store-file-identity-vault-needs-identity"),
        Unavailable::EncryptedToIdentities(path) => {
            t!("store-file-no-identity-given", path = path.display())
        }
        Unavailable::NoTerminal => t!("store-file-passphrase-no-terminal"),
        Unavailable::PassphraseUnreadable(e) => t!("store-file-passphrase-read-failed", error = e),
        Unavailable::KeyTooCostly { key, required, max } => t!(
            "store-file-keyfile-excessive-work-factor",
            path = key.display(),
            required = required,
            max = max
        ),
    }
}

/// Why the vault (or pin, trust file, state folder) at `path` must not be
/// used, and what to do about it.
pub fn distrust(path: &Path, why: &Distrust) -> Said {
    let vault = || shown(&path.display().to_string()).into_owned();
    let restore_sig = || {
        t!(
            "error-restore-signed-hint",
            sig = trust::sig_path(path).display()
        )
    };
    match why {
        Distrust::Refused { refusal, known } => refused(path, refusal, known),
        Distrust::PinDamaged => {
            Said::new(t!("store-file-trust-pins-damaged", path = path.display()))
                .hint(t!("store-file-trust-pins-damaged-hint"))
        }
        Distrust::BadAllowedSigners { line } => Said::new(t!(
            "trust-allowed-signers-bad-line",
            path = vault(),
            line = line
        ))
        .hint(t!("trust-allowed-signers-bad-line-hint")),
        Distrust::StateNotPrivate { mode } => Said::new(t!(
            "trust-pins-folder-not-private",
            path = vault(),
            mode = format!("{mode:o}")
        ))
        .hint(t!("trust-pins-folder-not-private-hint", path = vault())),
        Distrust::NowPassphrase => Said::new(t!(
            "store-file-signed-vault-now-passphrase",
            path = path.display()
        ))
        .hint(t!("store-file-signed-vault-now-passphrase-hint")),
        Distrust::CannotSign => {
            Said::new(t!("store-file-identity-cannot-sign")).hint(t!("error-signing-identity-hint"))
        }
        Distrust::ReadOnly => Said::new(t!("store-file-you-are-read-only", path = path.display()))
            .hint(t!("error-send-your-card-hint")),
        Distrust::NotAMember => {
            Said::new(t!("store-file-no-signing-member")).hint(t!("error-ask-to-be-added-hint"))
        }
        Distrust::GenerationExhausted => {
            Said::new(t!("trust-generation-exhausted", vault = vault()))
                .hint(t!("trust-implausible-hint"))
        }
        Distrust::AcceptUnsigned => {
            Said::new(t!("trust-accept-unsigned", vault = vault())).hint(restore_sig())
        }
        // Generations as text: Fluent would show a u64 as a float.
        Distrust::AcceptRollback {
            found,
            pinned,
            seen_at,
        } => Said::new(t!(
            "trust-rollback",
            vault = vault(),
            found = found.to_string(),
            pinned = pinned.to_string(),
            seen = when(*seen_at)
        ))
        .hint(t!("trust-accept-rollback-hint")),
    }
}

/// A trust verdict's refusal: what happened, who signed, what to do.
fn refused(vault: &Path, refusal: &Refusal, known: &[Member]) -> Said {
    let who = |k: MemberKey| who(&trust::named(known, k));
    let named = |name: &Option<String>, k: MemberKey| {
        name.as_deref()
            .map(|n| shown(n).into_owned())
            .unwrap_or_else(|| who(k))
    };
    let shown_vault = shown(&vault.display().to_string()).into_owned();
    match refusal {
        Refusal::Unsigned { seen_signed } => Said::new(t!(
            "store-file-trust-unsigned",
            vault = vault.display(),
            seen = if *seen_signed {
                t!("trust-signed-before")
            } else {
                t!("trust-signature-missing")
            }
        ))
        .hint(t!(
            "error-restore-signed-hint",
            sig = trust::sig_path(vault).display()
        )),
        Refusal::Mismatch { claimed } => Said::new(t!(
            "store-file-trust-signature-mismatch",
            signature = trust::sig_path(vault).display(),
            signer = who(*claimed)
        ))
        .hint(t!("store-file-trust-signature-mismatch-hint")),
        Refusal::Damaged(path, e) => Said::new(t!(
            "store-file-trust-signature-unreadable",
            why = format!("{}: {}", path.display(), e.explain().text)
        ))
        .hint(t!("store-file-trust-signature-unreadable-hint")),
        Refusal::NotMember { signer } => Said::new(t!(
            "store-file-trust-signer-not-member",
            vault = vault.display(),
            signer = who(*signer),
            short = signer.short()
        ))
        .hint(t!("error-accept-members-hint")),
        Refusal::Swapped { pinned, found } => Said::new(match found {
            Some(found) => t!(
                "trust-swapped",
                vault = shown_vault,
                pinned = pinned,
                found = found
            ),
            None => t!("trust-swapped-to-old", vault = shown_vault, pinned = pinned),
        })
        .hint(t!("trust-swapped-hint")),
        // Generations as text: Fluent would show a u64 as a float.
        Refusal::Rollback {
            pinned,
            found,
            seen_at,
        } => Said::new(t!(
            "trust-rollback",
            vault = shown_vault,
            found = found.to_string(),
            pinned = pinned.to_string(),
            seen = when(*seen_at)
        ))
        .hint(t!("trust-rollback-hint")),
        Refusal::Fork {
            generation,
            seen_at,
        } => Said::new(t!(
            "trust-fork",
            vault = shown_vault,
            generation = generation.to_string(),
            seen = when(*seen_at)
        ))
        .hint(t!("trust-fork-hint")),
        Refusal::SignedByRemoved { signer, on } => Said::new(t!(
            "trust-signed-by-removed",
            vault = shown_vault,
            signer = who(*signer),
            fingerprint = trust::fingerprint(*signer),
            on = when(Some(*on))
        ))
        .hint(t!("trust-removed-hint")),
        Refusal::Readded { key, name, on } => Said::new(t!(
            "trust-readded",
            vault = shown_vault,
            name = named(name, *key),
            fingerprint = trust::fingerprint(*key),
            on = when(Some(*on))
        ))
        .hint(t!("trust-removed-hint")),
        Refusal::Renamed { name, file } => Said::new(t!(
            "trust-renamed",
            vault = shown_vault,
            name = name,
            file = file
        ))
        .hint(t!("trust-renamed-hint")),
        Refusal::Implausible { pinned, found } => Said::new(t!(
            "trust-implausible",
            vault = shown_vault,
            found = found.to_string(),
            pinned = pinned.to_string()
        ))
        .hint(t!("trust-implausible-hint")),
        Refusal::UnsignedNotTrusted => {
            Said::new(t!("trust-unsigned-not-trusted", vault = shown_vault))
                .hint(t!("trust-not-trusted-hint"))
        }
        Refusal::NotTrusted { key, name } => Said::new(t!(
            "trust-not-trusted",
            vault = shown_vault,
            name = named(name, *key),
            fingerprint = trust::fingerprint(*key)
        ))
        .hint(t!("trust-not-trusted-hint")),
    }
}

impl Explain for WorkFactorOutOfRange {
    fn explain(&self) -> Said {
        Said::new(t!(
            "store-file-work-factor-env",
            var = WORK_FACTOR_ENV,
            min = MIN_WORK_FACTOR,
            max = MAX_WORK_FACTOR
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::store::StoreError;
    use crate::store::file::trust::Refusal;
    use crate::ui::lang::{self, Lang};

    fn member(name: &str) -> (Member, MemberKey) {
        let id = age::x25519::Identity::generate();
        let key = crate::sign::SigningKey::from_identity(&id).public();
        (
            Member {
                recipient: id.to_public().to_string(),
                key: key.to_openssh(),
                name: Some(name.into()),
            },
            key,
        )
    }

    /// The armor reader's flaw travels inside an `io::Error` through the
    /// header check and age; it is found there and worded, not shown as
    /// the variant's name.
    #[test]
    fn an_armor_flaw_inside_an_io_error_is_worded() {
        let e = io::Error::new(io::ErrorKind::InvalidData, ArmorFlaw::BadBegin);
        let text = lang::with(Lang::En, || damage(&Damage::Unreadable(Unreadable::Io(e))));
        assert_eq!(
            text,
            lang::with(Lang::En, || t!(
                "store-file-armor-damaged",
                why = t!("armor-bad-begin")
            ))
        );
        let age = age::DecryptError::Io(io::Error::new(
            io::ErrorKind::InvalidData,
            ArmorFlaw::NotCanonical,
        ));
        let text = lang::with(Lang::En, || damage(&Damage::Decrypt(age)));
        assert!(text.contains("canonical base64"), "{text}");
        assert!(!text.contains("NotCanonical"), "{text}");
        // Another system error is said as the system says it.
        let other = io::Error::other("disk on fire");
        assert_eq!(read_error(&other), "disk on fire");
    }

    /// A signer with no name on their card is named by the end of their
    /// key; a change lists who came and who left, with fingerprints.
    #[test]
    fn members_are_named_with_their_fingerprints() {
        let (alice, ka) = member("alice");
        let (mut bob, kb) = member("bob");
        bob.name = None;
        let team = [alice.clone(), bob.clone()];
        assert_eq!(who(&trust::named(&team, ka)), "alice");
        let nameless = lang::with(Lang::En, || who(&trust::named(&team, kb)));
        assert_eq!(nameless, format!("key …{}", kb.short()));
        let fa = trust::fingerprint(ka);
        let c = trust::change(std::slice::from_ref(&alice), std::slice::from_ref(&bob));
        let line = change(&c);
        assert!(
            line.starts_with(&format!("+ {}…", &bob.recipient[..12])),
            "{line}"
        );
        assert!(line.ends_with(&format!("− alice {fa}")), "{line}");
        assert_eq!(listing(&[alice]), format!("alice {fa}"));
    }

    /// Every reason the file store fails with reads as a sentence in
    /// both languages, other words in each, and a refusal to trust a
    /// vault always says what to do next.
    #[test]
    fn every_file_store_reason_is_said_in_both_languages() {
        let p = || PathBuf::from("/v/team.age");
        let (alice, ka) = member("alice");
        let when = Timestamp::from_second(1_800_000_000).unwrap();
        let refusals = vec![
            Refusal::Unsigned { seen_signed: true },
            Refusal::Mismatch { claimed: ka },
            Refusal::Damaged(p(), crate::sign::SignatureError::NotSshsig),
            Refusal::NotMember { signer: ka },
            Refusal::Renamed {
                name: "prod".into(),
                file: "staging".into(),
            },
            Refusal::Implausible {
                pinned: 1,
                found: u64::MAX,
            },
            Refusal::UnsignedNotTrusted,
            Refusal::Swapped {
                pinned: "a".repeat(32),
                found: None,
            },
            Refusal::Rollback {
                pinned: 5,
                found: 3,
                seen_at: Some(when),
            },
            Refusal::Fork {
                generation: 5,
                seen_at: None,
            },
            Refusal::SignedByRemoved {
                signer: ka,
                on: when,
            },
            Refusal::Readded {
                key: ka,
                name: None,
                on: when,
            },
            Refusal::NotTrusted {
                key: ka,
                name: None,
            },
        ];
        let mut distrusts: Vec<Distrust> = refusals
            .into_iter()
            .map(|refusal| Distrust::Refused {
                refusal: Box::new(refusal),
                known: vec![alice.clone()],
            })
            .collect();
        distrusts.extend([
            Distrust::PinDamaged,
            Distrust::BadAllowedSigners { line: 3 },
            Distrust::StateNotPrivate { mode: 0o777 },
            Distrust::NowPassphrase,
            Distrust::CannotSign,
            Distrust::ReadOnly,
            Distrust::NotAMember,
            Distrust::GenerationExhausted,
            Distrust::AcceptUnsigned,
            Distrust::AcceptRollback {
                found: 3,
                pinned: 5,
                seen_at: None,
            },
        ]);
        let mut errors: Vec<StoreError> = distrusts
            .into_iter()
            .map(|why| StoreError::Untrusted { path: p(), why })
            .collect();
        let damages = [
            Damage::Empty,
            Damage::NotAgeOrHeader,
            Damage::Truncated,
            Damage::ChangedKind,
            Damage::ContentDamaged,
            Damage::NoRecipients,
            Damage::BadRecipient("age1x".into()),
            Damage::Unreadable(Unreadable::NotAge),
            Damage::Unreadable(Unreadable::Header(Flaw::ScryptWorkFactor("10a".into()))),
            Damage::Format(FormatError::TooNew(9)),
            Damage::Format(FormatError::NotAVault),
        ];
        errors.extend(
            damages
                .into_iter()
                .map(|why| StoreError::Corrupt { path: p(), why }),
        );
        let flaws = [
            IdentityFlaw::KeyNotAge,
            IdentityFlaw::KeyNotPassphrase,
            IdentityFlaw::KeyDamaged,
            IdentityFlaw::KeyNoIdentity,
            IdentityFlaw::KeyNoX25519,
            IdentityFlaw::KeyHoldsNone,
            IdentityFlaw::Missing,
            IdentityFlaw::NotText,
            IdentityFlaw::NoX25519,
            IdentityFlaw::HoldsNone,
            IdentityFlaw::OnlyX25519,
            IdentityFlaw::Junk(2),
        ];
        errors.extend(
            flaws
                .into_iter()
                .map(|why| StoreError::BadIdentity { path: p(), why }),
        );
        use crate::store::{Remedy, Why};
        let unavailable = [
            (
                Unavailable::AgentCannotSign {
                    vault: p(),
                    error: Box::new(crate::agent::AgentError::Dead),
                },
                Remedy::UnlockAgain,
            ),
            (Unavailable::NeedsIdentity, Remedy::GiveIdentity),
            (Unavailable::EncryptedToIdentities(p()), Remedy::SetIdentity),
            (Unavailable::NoTerminal, Remedy::PassphraseFile),
            (
                Unavailable::PassphraseUnreadable(io::Error::other("x")),
                Remedy::PassphraseFileForScripts,
            ),
            (
                Unavailable::KeyTooCostly {
                    key: p(),
                    required: 30,
                    max: 22,
                },
                Remedy::LowerWorkFactor,
            ),
        ];
        errors.extend(
            unavailable
                .into_iter()
                .map(|(why, hint)| StoreError::Unavailable {
                    why: Why::File(why),
                    hint,
                }),
        );
        for e in &errors {
            let en = lang::with(Lang::En, || e.explain());
            let ru = lang::with(Lang::Ru, || e.explain());
            assert!(!en.text.is_empty(), "{e:?}");
            assert!(en.hint.is_some(), "{e:?} has no remedy");
            assert_ne!(en.text, ru.text, "not translated: {}", en.text);
            assert_ne!(en.hint, ru.hint, "hint not translated: {:?}", en.hint);
        }
        let range = lang::with(Lang::En, || WorkFactorOutOfRange.explain().text);
        assert!(range.contains(WORK_FACTOR_ENV), "{range}");
    }
}
