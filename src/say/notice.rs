//! The core's notices, worded and shown on stderr. `install` is called
//! once by the program before any command runs.

use super::{Explain as _, file, openbao};
use crate::notice::Notice;
use crate::store::file::trust::Change;

/// Makes the core's notices appear on stderr, in the user's language.
pub fn install() {
    crate::notice::set_sink(show);
}

fn show(notice: &Notice) {
    match notice {
        // The age-file store.
        // Each vault-trust note declares its level in the catalog: the
        // first use, a change and signing from now on are said
        // (`chopvault: …`), an unsigned vault is warned about.
        Notice::FirstUse {
            vault,
            members,
            signer,
            trusted,
        } => {
            let shown_path = crate::text::shown_path(vault);
            let members = file::listing(members);
            let signer = file::who(signer);
            if *trusted {
                say!(
                    "trust-first-use-trusted",
                    shown_path = shown_path,
                    members = members,
                    signer = signer
                );
            } else {
                say!(
                    "store-file-first-use-pinned",
                    shown_path = shown_path,
                    members = members,
                    signer = signer
                );
            }
        }
        Notice::MembersChanged {
            added,
            removed,
            signer,
        } => {
            let change = Change {
                added: added.clone(),
                removed: removed.clone(),
            };
            say!(
                "store-file-members-changed",
                change = file::change(&change),
                signer = file::who(signer)
            );
        }
        Notice::NowSigned {
            vault,
            signer,
            members,
        } => say!(
            "store-file-now-signed",
            shown_path = crate::text::shown_path(vault),
            signer = file::who(signer),
            members = file::listing(members)
        ),
        Notice::NotSigned { vault } => say!(
            "store-file-unsigned",
            shown_path = crate::text::shown_path(vault)
        ),
        Notice::SharedName(name) => say!("trust-shared-name", name = name),
        Notice::SignatureSettled => say!("store-file-pending-signature-settled"),
        Notice::OnlyWriter => say!("store-file-signed-from-now-on"),
        Notice::WrongPassphrase { left } => {
            say!("store-file-wrong-passphrase", left = left);
        }
        Notice::AgentHolds(d) => say!(
            "store-file-unlocked-for",
            duration = crate::ui::words::duration(*d)
        ),
        Notice::AgentNotStarted(e) => {
            say!("store-file-agent-not-started", error = e.explain().text);
        }
        Notice::AgentSkipped(e) => {
            say!(
                "store-file-asking-passphrase-instead",
                error = e.explain().text
            );
        }
        Notice::AgentKeyStale => say!("store-file-agent-key-wrong-vault"),
        Notice::NewKeyInterrupted => say!("store-file-new-key-interrupted"),
        Notice::NewKeyFinished(key) => say!("store-file-new-key-finished", key = key.display()),
        Notice::AgentDroppedOldKey => say!("store-file-agent-dropped-old-key"),
        Notice::AgentMayHoldOldKey(e) => {
            say!(
                "store-file-agent-may-hold-old-key",
                error = e.explain().text
            );
        }
        // The OpenBao store.
        Notice::BaoFailover { node, first, why } => say!(
            "store-openbao-failover",
            node = node.as_str(),
            first = first.as_str(),
            why = why.as_ref().map(openbao::trouble).unwrap_or_default()
        ),
    }
}
