//! The agent's facts in words: why it could not be used, why it said no.

use super::{Explain, Said};
use crate::agent::{AgentError, MAX_HOLD, Refusal, Trouble, Unsafe};

impl Explain for AgentError {
    fn explain(&self) -> Said {
        match self {
            AgentError::NotRunning => Said::new(t!("agent-not-running")),
            AgentError::Dead => Said::new(t!("agent-dead")),
            AgentError::Installer => {
                Said::new(t!("agent-refuses-installer")).hint(t!("agent-refuses-installer-hint"))
            }
            AgentError::Unsafe(u) => u.explain(),
            AgentError::Refused(trouble) => trouble.explain(),
            AgentError::CannotListen(path, e) => Said::new(t!(
                "agent-server-listen-failed",
                path = path.display(),
                error = e
            )),
        }
    }
}

impl Explain for Unsafe {
    fn explain(&self) -> Said {
        let text = match self {
            Unsafe::CannotCreate(dir, e) => {
                t!("agent-folder-failed", dir = dir.display(), error = e)
            }
            Unsafe::FolderNotPrivate { dir, owner, mode } => t!(
                "agent-folder-not-private",
                dir = dir.display(),
                owner = owner,
                mode = format!("{mode:o}")
            ),
            Unsafe::NamedFolderNotYours {
                socket,
                dir,
                owner,
                mode,
            } => t!(
                "agent-socket-folder-not-yours",
                path = socket.display(),
                dir = dir.display(),
                owner = owner,
                mode = format!("{mode:o}")
            ),
            Unsafe::NotASocket(path) => t!("agent-socket-not-socket", path = path.display()),
            Unsafe::SocketNotYours { path, owner, uid } => t!(
                "agent-socket-not-yours",
                path = path.display(),
                owner = owner,
                uid = uid
            ),
            Unsafe::ListenerNotYours { path, peer, uid } => t!(
                "agent-socket-listener-not-yours",
                path = path.display(),
                peer = peer,
                uid = uid
            ),
            Unsafe::ListenerUnknown(path, e) => t!(
                "agent-socket-listener-unknown",
                path = path.display(),
                error = e
            ),
        };
        Said::new(text).hint(t!("error-agent-socket-unsafe-hint"))
    }
}

impl Explain for Trouble {
    fn explain(&self) -> Said {
        Said::new(match self {
            Trouble::Closed => t!("agent-closed-connection"),
            Trouble::NotTaken(e) => t!("agent-request-failed", error = e),
            Trouble::NoAnswer(e) => t!("agent-no-answer", error = e),
            Trouble::NotUnderstood => t!("agent-answer-not-understood"),
            Trouble::Said(refusal) => return refusal.explain(),
            Trouble::DidNotSign => t!("agent-did-not-sign"),
            Trouble::IdentityRefused => t!("agent-refused-identity"),
            Trouble::NoBinary(e) => t!("agent-server-no-binary", error = e),
            Trouble::CannotStart(e) => t!("agent-server-start-failed", error = e),
            Trouble::DidNotStart(said) => t!("agent-server-did-not-start", output = said),
            Trouble::NotInTime => t!("agent-server-start-timed-out"),
        })
    }
}

impl Explain for Refusal {
    fn explain(&self) -> Said {
        Said::new(match self {
            Refusal::Installer => t!("agent-refuses-installer"),
            Refusal::NotARequest => t!("agent-server-not-request"),
            Refusal::TooLong => t!("agent-server-too-long", days = MAX_HOLD.as_secs() / 86_400),
            Refusal::NotX25519 => t!("agent-server-not-x25519-identity"),
            Refusal::NotUnlocked => t!("agent-server-not-unlocked"),
            Refusal::BadStanza => t!("agent-server-bad-stanza"),
            Refusal::BadDigest => t!("agent-server-bad-digest"),
            Refusal::Other(said) => said.clone(),
        })
    }
}
