//! How a vault is unlocked, before the writers' lock is taken: its
//! passphrase (asked of the caller's [`super::Passphrases`]), the identity
//! in its key file (from the agent, or with the passphrase, then handed to
//! the agent when the config asks), or the user's identity files; and the
//! signers those identities make.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;

use super::identity::{self, Identities};
use super::trust::Pin;
use super::{AskError, Busy, Distrust, FileStore, Unavailable, keyfile};
use crate::agent;
use crate::notice::{self, Notice};
use crate::sign::{MemberKey, SigningKey};
use crate::store::{Refusal, Remedy, StoreError, Why};

/// The key material that opens the vault, gathered before the lock.
pub(super) enum Key {
    /// The passphrase, and the work factor to write with (the vault's own,
    /// read from its header on the first unlock).
    Passphrase(SecretString, Option<u8>),
    Identities(Identities, Vec<Signer>),
}

/// One X25519 identity of the user's, as a signer: its recipient, and
/// where the signing key is.
pub(super) struct Signer {
    pub(super) how: SignWith,
}

/// Where a signing key lives.
pub(super) enum SignWith {
    /// In this process, derived from an identity read here when first
    /// needed, as its `age1…` recipient is: a read never signs, and each
    /// derivation is a base-point multiplication (the key also a SHA-512)
    /// that every `get` paid before (about 170,000 instructions each).
    Local(
        Box<age::x25519::Identity>,
        OnceCell<SigningKey>,
        OnceCell<String>,
    ),
    /// In the agent, for this key file (canonical path), with the public
    /// key and the recipient the agent gave.
    Agent(PathBuf, MemberKey, String),
}

impl Signer {
    pub(super) fn local(identity: &age::x25519::Identity) -> Signer {
        Signer {
            how: SignWith::Local(Box::new(identity.clone()), OnceCell::new(), OnceCell::new()),
        }
    }

    /// A signer whose key the agent holds: `recipient` and `public` as the
    /// agent gave them.
    fn in_agent(recipient: String, key: PathBuf, public: MemberKey) -> Signer {
        Signer {
            how: SignWith::Agent(key, public, recipient),
        }
    }

    /// The `age1…` recipient of this identity.
    pub(super) fn recipient(&self) -> &str {
        match &self.how {
            SignWith::Local(identity, _, recipient) => {
                recipient.get_or_init(|| identity.to_public().to_string())
            }
            SignWith::Agent(_, _, recipient) => recipient,
        }
    }

    /// The public member key.
    pub(super) fn public(&self) -> MemberKey {
        match &self.how {
            SignWith::Local(identity, key, _) => Self::derived(identity, key).public(),
            SignWith::Agent(_, public, _) => *public,
        }
    }

    fn derived<'k>(
        identity: &age::x25519::Identity,
        key: &'k OnceCell<SigningKey>,
    ) -> &'k SigningKey {
        key.get_or_init(|| SigningKey::from_identity(identity))
    }

    pub(super) fn sign(
        &self,
        path: &Path,
        digest: &crate::sign::Digest,
    ) -> Result<String, StoreError> {
        match &self.how {
            SignWith::Local(identity, key, _) => Ok(Self::derived(identity, key).sign(digest)),
            SignWith::Agent(key, _, _) => agent::Client::connect()
                .map(|c| agent::AgentIdentity::new(key.clone(), c))
                .and_then(|a| a.sign(digest))
                .map_err(|error| StoreError::Unavailable {
                    why: Why::File(Unavailable::AgentCannotSign {
                        vault: path.to_path_buf(),
                        error: Box::new(error),
                    }),
                    hint: Remedy::UnlockAgain,
                }),
        }
    }
}

impl FileStore {
    /// A new passphrase, from the caller's source.
    pub fn new_passphrase(&self) -> Result<SecretString, StoreError> {
        self.passphrases
            .new_one()
            .map_err(passphrase_error)?
            .ok_or(StoreError::Refused(Refusal::WeakPassphraseDeclined))
    }

    /// Starts the agent with `identity` when the config asks for it
    /// (`unlock_for`) and the passphrase was typed at a prompt; a failure
    /// is a note.
    pub(super) fn hand_to_agent(&self, key_path: &Path, identity: &age::x25519::Identity) {
        let Some(d) = self.unlock_for.filter(|_| self.passphrases.typed()) else {
            return;
        };
        let key = crate::paths::canonical_vault(key_path);
        notice::emit(
            match agent::load(&key, identity, d.as_secs(), d.as_secs()) {
                Ok(_) => Notice::AgentHolds(d),
                Err(e) => Notice::AgentNotStarted(e),
            },
        );
    }

    /// Unlocks a vault whose identity is in its key file: from the agent
    /// when it holds it, else with the passphrase (three tries on a
    /// terminal).
    pub(super) fn key_from_keyfile(&self, key_path: &Path) -> Result<Key, StoreError> {
        let canonical = crate::paths::canonical_vault(key_path);
        match agent::Client::connect() {
            _ if self.skip_agent.get() => {}
            Ok(mut client) => match client.public(&canonical) {
                Ok(Some((recipient, signing_key))) => {
                    if let Ok(public) = MemberKey::parse(&signing_key) {
                        let id = agent::AgentIdentity::new(canonical.clone(), client);
                        return Ok(Key::Identities(
                            vec![Box::new(id)],
                            vec![Signer::in_agent(recipient, canonical, public)],
                        ));
                    }
                }
                Ok(None) => {}
                // Refused, not unreachable: no passphrase prompt instead.
                Err(e @ agent::AgentError::Installer) => {
                    return Err(StoreError::Unavailable {
                        why: Why::File(Unavailable::AgentRefused(Box::new(e))),
                        hint: Remedy::AllowAgent,
                    });
                }
                Err(e) => notice::emit(Notice::AgentSkipped(e)),
            },
            Err(agent::AgentError::NotRunning) => {}
            Err(e) => notice::emit(Notice::AgentSkipped(e)),
        }
        let ids = self.open_keyfile(key_path)?;
        self.hand_to_agent(key_path, &ids[0]);
        let signers = ids.iter().map(Signer::local).collect();
        let boxed: Identities = ids
            .into_iter()
            .map(|i| Box::new(i) as Box<dyn age::Identity + Send + Sync>)
            .collect();
        Ok(Key::Identities(boxed, signers))
    }

    /// Decrypts the key file with the passphrase: from the passphrase file,
    /// or asked on the terminal up to three times.
    pub fn open_keyfile(&self, key_path: &Path) -> Result<Vec<age::x25519::Identity>, StoreError> {
        let tries = self.passphrases.tries();
        for attempt in 1..=tries {
            let pass = self.passphrases.current().map_err(passphrase_error)?;
            let opened = {
                let _busy = self.passphrases.busy(Busy::Unlocking);
                keyfile::open(key_path, &pass)
            };
            match opened {
                Err(StoreError::WrongPassphrase) if attempt < tries => {
                    notice::emit(Notice::WrongPassphrase {
                        left: tries - attempt,
                    });
                }
                other => return other,
            }
        }
        Err(StoreError::WrongPassphrase)
    }

    /// Reads the identity file (a vault being created has no header to ask).
    pub(super) fn unlock_identities(&mut self) -> Result<(), StoreError> {
        if !matches!(self.key, Some(Key::Identities(..))) {
            let path = self.identity.clone().ok_or(StoreError::Unavailable {
                why: Why::File(Unavailable::NeedsIdentity),
                hint: Remedy::GiveIdentity,
            })?;
            let (ids, signers) = read_keys(&path)?;
            self.key = Some(Key::Identities(ids, signers));
        }
        Ok(())
    }

    /// Obtains the passphrase or identities the vault needs.
    pub(super) fn unlock_key(&mut self) -> Result<(), StoreError> {
        if self.key.is_none() {
            let opened = self.open_source()?;
            let is_scrypt = self.decryptor(opened.reader)?.is_scrypt();
            self.key = Some(self.key_for(is_scrypt, opened.header.scrypt_work_factor)?);
        }
        Ok(())
    }

    /// The passphrase (for a scrypt vault) or the identities.
    pub(super) fn key_for(
        &self,
        is_scrypt: bool,
        work_factor: Option<u8>,
    ) -> Result<Key, StoreError> {
        if is_scrypt {
            // An identity vault seen signed does not turn into a passphrase
            // vault: someone replaced it.
            if let Some(pin) = self.pin.as_deref().map(Pin::load).transpose()?.flatten()
                && (pin.signed || pin.vault_id.is_some())
            {
                return Err(StoreError::Untrusted {
                    path: self.path.clone(),
                    why: Distrust::NowPassphrase,
                });
            }
            // Writes keep the vault's own cost; never re-measured.
            let pass = self.passphrases.current().map_err(passphrase_error)?;
            Ok(Key::Passphrase(pass, work_factor))
        } else {
            let Some(path) = &self.identity else {
                let key_path = keyfile::path_for(&self.path);
                if key_path.exists() {
                    return self.key_from_keyfiles(&key_path);
                }
                return Err(StoreError::Unavailable {
                    why: Why::File(Unavailable::EncryptedToIdentities(self.path.clone())),
                    hint: Remedy::SetIdentity,
                });
            };
            let (ids, signers) = read_keys(path)?;
            Ok(Key::Identities(ids, signers))
        }
    }

    /// Whether the key in hand is the agent's.
    pub(super) fn key_is_from_agent(&self) -> bool {
        matches!(&self.key, Some(Key::Identities(_, signers))
            if signers.iter().any(|s| matches!(s.how, SignWith::Agent(..))))
    }
}

/// Reads age identities from a 0600 file, and the signing keys of its
/// X25519 identities.
pub(super) fn read_keys(path: &Path) -> Result<(Identities, Vec<Signer>), StoreError> {
    let (ids, x25519) = identity::read_keys(path)?;
    Ok((ids, x25519.iter().map(Signer::local).collect()))
}

pub(super) fn passphrase_error(e: AskError) -> StoreError {
    match e {
        AskError::NoTerminal => StoreError::Unavailable {
            why: Why::File(Unavailable::NoTerminal),
            hint: Remedy::PassphraseFile,
        },
        AskError::Fs(e) => StoreError::Fs(e),
        AskError::Mismatch => StoreError::Refused(Refusal::PassphrasesDiffer),
        AskError::Empty => StoreError::Refused(Refusal::EmptyPassphrase),
        AskError::Io(e) => StoreError::Unavailable {
            why: Why::File(Unavailable::PassphraseUnreadable(e)),
            hint: Remedy::PassphraseFileForScripts,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_signer_derives_its_keys_only_when_asked() {
        let identity = age::x25519::Identity::generate();
        let signer = Signer::local(&identity);
        // A read builds signers and never asks: nothing is derived.
        let SignWith::Local(_, key, recipient) = &signer.how else {
            panic!("a local signer");
        };
        assert!(recipient.get().is_none() && key.get().is_none());
        assert_eq!(signer.recipient(), identity.to_public().to_string());
        assert_eq!(
            signer.public(),
            SigningKey::from_identity(&identity).public()
        );
        assert!(recipient.get().is_some() && key.get().is_some());
    }

    #[test]
    fn an_agent_signer_answers_with_what_the_agent_gave() {
        let identity = age::x25519::Identity::generate();
        let public = SigningKey::from_identity(&identity).public();
        let signer = Signer::in_agent(
            identity.to_public().to_string(),
            PathBuf::from("/k.age"),
            public,
        );
        assert_eq!(signer.recipient(), identity.to_public().to_string());
        assert_eq!(signer.public(), public);
    }
}
