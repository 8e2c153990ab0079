//! What the core has to tell the person while it works, as facts: a vault
//! that is not signed yet, a pinned member list that changed, an index
//! older than its vault. The core never prints and never makes a sentence
//! (issue 23); it hands a [`Notice`] to the sink the program installed,
//! and the command line words it in the user's language (`say::notice`).
//!
//! A global sink, as the `log` crate has one: notices come from deep in a
//! store's read path, and threading a callback through every call would
//! put the command line's concern into every signature. Without a sink
//! (unit tests, another program using the library) notices are dropped.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use crate::agent::AgentError;
use crate::store::file::document::Member;
use crate::store::file::trust::Named;
use crate::store::openbao::reason::Trouble;

/// One thing the person should know; never holds a secret value.
// Debug only: some notices carry an error (the agent's) that is neither
// Clone nor comparable.
#[derive(Debug)]
pub enum Notice {
    // The age-file store (store::file).
    /// A signed vault is used here for the first time: its members are
    /// pinned now (`trusted`: they match the keys trusted in advance).
    FirstUse {
        /// The vault.
        vault: PathBuf,
        /// Its members, now pinned.
        members: Vec<Member>,
        /// Who signed it.
        signer: Named,
        /// The members match the keys trusted with `members trust`.
        trusted: bool,
    },
    /// The members of a pinned vault changed, in a write signed by a
    /// pinned member; the new set is pinned.
    MembersChanged {
        /// Members added.
        added: Vec<Member>,
        /// Members removed.
        removed: Vec<Member>,
        /// Who signed the change.
        signer: Named,
    },
    /// A vault seen unsigned before is signed now; its members are pinned.
    NowSigned {
        /// The vault.
        vault: PathBuf,
        /// Who signed it.
        signer: Named,
        /// Its members, now pinned.
        members: Vec<Member>,
    },
    /// A vault written before vaults were signed is used, unsigned.
    NotSigned {
        /// The vault.
        vault: PathBuf,
    },
    /// Two members share a name (escaped) with different keys.
    SharedName(String),
    /// A signature a killed write left pending is now beside its vault.
    SignatureSettled,
    /// The first signed write: the writer is the vault's only member who
    /// can write.
    OnlyWriter,
    /// The passphrase was wrong; this many tries are left.
    WrongPassphrase {
        /// Tries left.
        left: u32,
    },
    /// The agent holds the key file's identity for this long.
    AgentHolds(Duration),
    /// The agent could not be started.
    AgentNotStarted(AgentError),
    /// The agent could not be asked; the passphrase is asked instead.
    AgentSkipped(AgentError),
    /// The agent's key for this vault does not open it (a vault made anew
    /// at its path): the passphrase is asked instead.
    AgentKeyStale,
    /// An earlier `rekey --new-key` was interrupted: either passphrase is
    /// asked for.
    NewKeyInterrupted,
    /// The interrupted `rekey --new-key` is finished: this key file holds
    /// the new key.
    NewKeyFinished(PathBuf),
    /// The agent held the old key and has dropped it.
    AgentDroppedOldKey,
    /// The agent could not be asked, and may still hold the old key.
    AgentMayHoldOldKey(AgentError),

    // The OpenBao store (store::openbao).
    /// A node other than the one asked first answered (said once per
    /// process).
    BaoFailover {
        /// The node that answered.
        node: String,
        /// The node asked first.
        first: String,
        /// Why the first gave no answer, when it was asked this time.
        why: Option<Trouble>,
    },
}

type Sink = Box<dyn Fn(&Notice) + Send + Sync>;

static SINK: OnceLock<Sink> = OnceLock::new();

/// Installs the function that shows notices; the first call wins (the
/// program installs it once, before any command runs).
pub fn set_sink(sink: impl Fn(&Notice) + Send + Sync + 'static) {
    let _ = SINK.set(Box::new(sink));
}

/// Hands a notice to the sink, if one is installed.
pub fn emit(notice: Notice) {
    if let Some(sink) = SINK.get() {
        sink(&notice);
    }
}
