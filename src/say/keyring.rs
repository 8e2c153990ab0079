//! The OS keyring ([`crate::store::keyring`], [`crate::store::provider`]):
//! why it cannot be used, and who serves it, in words.

use super::{Explain, Said};
use crate::store::keyring::{Doing, Platform, Refused, SERVICE, Unavailable};
use crate::store::provider::Provider;

impl Explain for Unavailable {
    fn explain(&self) -> Said {
        Said::new(match self {
            Unavailable::NoThread(e) => t!("store-keyring-call-failed", error = e),
            Unavailable::NoAnswer {
                secs,
                doing,
                locked,
            } => {
                let waited = t!(
                    "store-keyring-timeout-while",
                    seconds = secs,
                    what = doing_text(*doing)
                );
                match locked {
                    Some(p) => t!(
                        "store-keyring-locked-no-answer",
                        provider = provider_name(p),
                        waited = waited
                    ),
                    None => t!("store-keyring-no-answer", waited = waited),
                }
            }
            Unavailable::ProbeNoAnswer { secs, checking } => {
                let waited = format!("{secs} s");
                if *checking {
                    t!("store-keyring-no-answer-checking-access", waited = waited)
                } else {
                    t!("store-keyring-no-answer-in-time", waited = waited)
                }
            }
            Unavailable::Platform(p) => t!(
                "store-keyring-not-available",
                why = match p {
                    Platform::NoSessionBus(address) => {
                        t!("keyring-no-session-bus", address = address)
                    }
                    Platform::Other(said) => said.clone(),
                }
            ),
            Unavailable::NoAccess(said) => {
                t!("store-keyring-locked-or-refused", why = said)
            }
            Unavailable::NoStore => t!("keyring-no-store"),
            Unavailable::Unsupported => t!(
                "store-keyring-refused",
                why = t!(
                    "store-keyring-not-supported",
                    what = t!("store-keyring-none-supported")
                )
            ),
            Unavailable::Locked(Some(p)) => t!("store-keyring-locked", provider = provider_name(p)),
            Unavailable::Locked(None) => t!("store-memory-keyring-locked"),
            Unavailable::NoDefaultCollection(p) => {
                t!(
                    "store-keyring-no-default-collection",
                    provider = provider_name(p)
                )
            }
            Unavailable::Refused(r) => {
                t!("store-keyring-refused", why = refused_text(r))
            }
            Unavailable::NotText(name) => t!("store-keyring-value-not-ours", name = name),
            Unavailable::Ambiguous(name) => {
                t!("store-keyring-several-values", name = name)
            }
            Unavailable::BadValue { name, why } => t!(
                "store-keyring-value-unusable",
                name = name,
                why = why.explain().text
            ),
            Unavailable::BadValueIn { service, user, why } => t!(
                "store-keyring-item-unusable",
                service = service,
                user = user,
                why = why.explain().text
            ),
        })
    }
}

/// What a keyring call was doing, as the end of "within 10 s while …".
fn doing_text(doing: Doing) -> String {
    match doing {
        Doing::Connecting => t!("keyring-doing-connecting"),
        Doing::Reading => t!("keyring-doing-reading"),
        Doing::Writing => t!("keyring-doing-writing"),
        Doing::Removing => t!("keyring-doing-removing"),
        Doing::CheckingAccess => t!("keyring-checking-access"),
    }
}

fn refused_text(r: &Refused) -> String {
    match r {
        Refused::TooLong { attr, max } => t!("store-keyring-longer-than", attr = attr, max = max),
        Refused::Invalid { attr, why } => t!("store-keyring-invalid", attr = attr, why = why),
        Refused::NotSupported(what) => t!("store-keyring-not-supported", what = what),
        Refused::BadStoreFormat(why) => t!("store-keyring-bad-store-format", why = why),
        Refused::Unexpected => t!("store-keyring-unexpected-error"),
    }
}

/// The program that serves the Secret Service, by its name.
pub fn provider_name(p: &Provider) -> String {
    match p {
        Provider::GnomeKeyring => "GNOME Keyring".into(),
        Provider::KeePassXc => "KeePassXC".into(),
        Provider::KWallet => "KWallet".into(),
        Provider::Other(name) => name.clone(),
        Provider::Hidden(pid) => t!("provider-process", pid = pid),
    }
}

/// What to tell someone whose keyring (served by `p`) is locked or
/// missing.
pub fn unlock_hint(p: &Provider) -> String {
    match p {
        Provider::GnomeKeyring => t!("store-provider-gnome-keyring-unlock"),
        Provider::KeePassXc => t!("store-provider-keepassxc-unlock"),
        Provider::KWallet => t!("store-provider-kwallet-unlock"),
        Provider::Other(_) | Provider::Hidden(_) => {
            t!("store-provider-other-unlock", name = provider_name(p))
        }
    }
}

/// The remedy "remove the extra ones" for an entry the keyring holds
/// several values of.
pub fn remove_duplicates(name: &str) -> String {
    t!(
        "store-keyring-several-values-hint",
        service = SERVICE,
        name = name
    )
}
