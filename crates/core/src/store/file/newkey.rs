//! `rekey --new-key`: replaces the identity of a key-file vault.
//!
//! A new passphrase alone (`rekey`) re-wraps the same identity, so a copy
//! of the old `VAULT.key.age` and the old passphrase keep opening every
//! version of the vault, later ones included. A new key closes that: a new
//! X25519 identity, the vault re-encrypted to it (in place of the old key's
//! recipients; other members stay), its member record replaced, and the
//! change signed by the old key, which the members' pins know (as when a
//! member removes themselves).
//!
//! Two files change, and no rename can swap two files at once, so the
//! steps are ordered so that a kill at any point leaves a pair that opens:
//!
//! 1. the new key, sealed with the new passphrase, goes to
//!    `VAULT.key.age.new` (the pending key);
//! 2. the vault is written, encrypted to the new key (its usual atomic
//!    save): until then the old key file opens the old vault;
//! 3. the pending key is renamed over `VAULT.key.age`.
//!
//! Killed between 2 and 3, the vault opens only with the pending key. The
//! next unlock of the key file sees the pending key beside it, opens
//! whichever of the two files the typed passphrase opens, keeps the one
//! whose identity opens the vault, and, when that is the pending key,
//! finishes step 3 itself. A pending key that does not open the vault is
//! left for the next `rekey`, which removes it under the writers' lock (a
//! reader without the lock cannot tell it from a rekey still under way).

use std::path::{Path, PathBuf};

use age::secrecy::SecretString;

use super::unlock::passphrase_error;
use super::{Busy, FileStore, Identities, Key, Signer, keyfile};
use crate::agent::{self, AgentError};
use crate::fsutil;
use crate::notice::{self, Notice};
use crate::store::file::document::Member;
use crate::store::{Refusal, StoreError};

/// Where a new key waits until the vault is encrypted to it:
/// `vault.key.age` → `vault.key.age.new`.
pub fn pending_path(key: &Path) -> PathBuf {
    let mut name = key.file_name().unwrap_or_default().to_os_string();
    name.push(".new");
    key.with_file_name(name)
}

/// What `rekey --new-key` changed.
#[derive(Debug)]
pub struct NewKey {
    /// The recipients of the old key, no longer in the vault.
    pub old: Vec<String>,
    /// The new key's recipient.
    pub new: String,
    /// What became of an agent that held the old key.
    pub agent: AgentAfter,
}

/// What became of an agent holding the old key of the vault.
#[derive(Debug)]
pub enum AgentAfter {
    /// No agent held it (or none runs).
    NotHeld,
    /// It now holds the new key instead (`unlock_for` in the config).
    Replaced,
    /// The old key was dropped: `unlock` holds the new one.
    Dropped,
    /// It could not be asked: it may still hold the old key (the reason).
    Unreachable(AgentError),
}

impl FileStore {
    /// Replaces the vault's key with a new identity protected by `pass` (see
    /// the module doc for the order of the steps). The caller holds the
    /// writers' lock.
    pub fn replace_key(
        &mut self,
        pass: &SecretString,
        work_factor: u8,
    ) -> Result<NewKey, StoreError> {
        let key_path = keyfile::path_for(&self.path);
        let pending = pending_path(&key_path);
        let mut doc = self.open()?;
        let Some(Key::Identities(_, signers)) = &self.key else {
            return Err(StoreError::Refused(Refusal::PassphraseVaultHasNoRecipients));
        };
        // Signed by the old key: the writer is chosen on the document as
        // it is before the change.
        self.ensure_writer(&mut doc)?;
        let old: Vec<String> = signers.iter().map(|s| s.recipient().to_owned()).collect();
        let old_keys: Vec<String> = signers.iter().map(|s| s.public().to_openssh()).collect();
        // The vault just opened with the key file, under the lock: a
        // pending key still here is from a rekey killed before its vault
        // was written, and opens nothing.
        fsutil::wipe_file(&pending)?;
        let identity = {
            let _busy = self.passphrases.busy(Busy::ProtectingKey);
            keyfile::create(&pending, pass, work_factor)?
        };
        let new = Signer::local(&identity);
        let name = doc
            .members
            .iter()
            .find(|m| old_keys.contains(&m.key))
            .and_then(|m| m.name.clone())
            .or_else(|| self.member_name.clone());
        // In the old key's place, so that `recipients list` keeps its order.
        let at = doc
            .recipients
            .iter()
            .position(|r| old.contains(r))
            .unwrap_or(doc.recipients.len());
        doc.recipients.retain(|r| !old.contains(r));
        doc.recipients
            .insert(at.min(doc.recipients.len()), new.recipient().to_owned());
        let at = doc
            .members
            .iter()
            .position(|m| old_keys.contains(&m.key))
            .unwrap_or(doc.members.len());
        doc.members.retain(|m| !old_keys.contains(&m.key));
        doc.members.insert(
            at.min(doc.members.len()),
            Member {
                recipient: new.recipient().to_owned(),
                key: new.public().to_openssh(),
                name,
            },
        );
        let saved = self.save(&mut doc);
        if let Err(e) = saved {
            // Whether the vault was replaced before the failure (only then
            // is the pending key needed); unknown: it stays for the next
            // open to settle.
            if matches!(self.opens_vault(&identity), Ok(false)) {
                let _ = fsutil::wipe_file(&pending);
            }
            return Err(e);
        }
        match std::fs::rename(&pending, &key_path) {
            Ok(()) => {}
            // A reader settled it already (it had found the vault opening
            // only with the pending key).
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(fsutil::FsError::io(fsutil::Action::Rename, &pending, e).into()),
        }
        fsutil::sync_dir(fsutil::parent_of(&key_path))?;
        let boxed: Identities = vec![Box::new(identity.clone())];
        self.key = Some(Key::Identities(boxed, vec![new]));
        self.writer.set(None);
        let agent = self.agent_after_new_key(&key_path, &identity, true);
        if matches!(agent, AgentAfter::NotHeld) {
            // Started as after a typed passphrase (`unlock_for`).
            self.hand_to_agent(&key_path, &identity);
        }
        Ok(NewKey {
            old,
            new: identity.to_public().to_string(),
            agent,
        })
    }

    /// The identities of the key file, as [`FileStore::open_keyfile`]; but
    /// with a pending key beside it (a `rekey --new-key` was killed), those
    /// of whichever file opens the vault, the pending one renamed into
    /// place when it is the one.
    pub fn open_current_keyfile(
        &self,
        key_path: &Path,
    ) -> Result<Vec<age::x25519::Identity>, StoreError> {
        let pending = pending_path(key_path);
        if !pending.exists() {
            return self.open_keyfile(key_path);
        }
        notice::emit(Notice::NewKeyInterrupted);
        let tries = self.passphrases.tries();
        for attempt in 1..=tries {
            let pass = self.passphrases.current().map_err(passphrase_error)?;
            let (new, old) = {
                let _busy = self.passphrases.busy(Busy::Unlocking);
                (
                    keyfile::open(&pending, &pass),
                    keyfile::open(key_path, &pass),
                )
            };
            // A key file that opens but whose key does not open the vault
            // is as good as a wrong passphrase: the other file's is wanted.
            // A damaged pending key must not stand in the way of the old.
            let mut failed = None;
            match new {
                Ok(ids) if self.any_opens(&ids)? => {
                    self.finish_pending(&pending, key_path, &ids[0])?;
                    return Ok(ids);
                }
                Ok(_) | Err(StoreError::WrongPassphrase) => {}
                Err(e) => failed = Some(e),
            }
            match old {
                Ok(ids) if self.any_opens(&ids)? => return Ok(ids),
                Ok(_) | Err(StoreError::WrongPassphrase) => {}
                Err(e) => return Err(e),
            }
            if let Some(e) = failed {
                return Err(e);
            }
            if attempt < tries {
                notice::emit(Notice::WrongPassphrase {
                    left: tries - attempt,
                });
            }
        }
        Err(StoreError::WrongPassphrase)
    }

    /// The key of a key-file vault (for [`FileStore::key_for`]): with a
    /// pending key beside the key file, the agent is not asked (it may
    /// hold the key the vault no longer opens with).
    pub(super) fn key_from_keyfiles(&self, key_path: &Path) -> Result<Key, StoreError> {
        if !pending_path(key_path).exists() {
            return self.key_from_keyfile(key_path);
        }
        let ids = self.open_current_keyfile(key_path)?;
        self.hand_to_agent(key_path, &ids[0]);
        let signers = ids.iter().map(Signer::local).collect();
        let boxed: Identities = ids
            .into_iter()
            .map(|i| Box::new(i) as Box<dyn age::Identity + Send + Sync>)
            .collect();
        Ok(Key::Identities(boxed, signers))
    }

    /// Step 3, done by the first reader that finds the vault opening only
    /// with the pending key.
    fn finish_pending(
        &self,
        pending: &Path,
        key_path: &Path,
        identity: &age::x25519::Identity,
    ) -> Result<(), StoreError> {
        match std::fs::rename(pending, key_path) {
            Ok(()) => {}
            // The rekey itself got there first.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(fsutil::FsError::io(fsutil::Action::Rename, pending, e).into()),
        }
        fsutil::sync_dir(fsutil::parent_of(key_path))?;
        notice::emit(Notice::NewKeyFinished(key_path.to_path_buf()));
        // The caller hands the new key to the agent if the config asks.
        match self.agent_after_new_key(key_path, identity, false) {
            AgentAfter::Dropped => notice::emit(Notice::AgentDroppedOldKey),
            AgentAfter::Unreachable(e) => notice::emit(Notice::AgentMayHoldOldKey(e)),
            AgentAfter::NotHeld | AgentAfter::Replaced => {}
        }
        Ok(())
    }

    fn any_opens(&self, ids: &[age::x25519::Identity]) -> Result<bool, StoreError> {
        for id in ids {
            if self.opens_vault(id)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether the vault's header opens with `identity` (its file key
    /// unwraps; nothing is decrypted further).
    fn opens_vault(&self, identity: &age::x25519::Identity) -> Result<bool, StoreError> {
        let (source, _) = self.source()?;
        match self
            .decryptor(source)?
            .decrypt(std::iter::once(identity as &dyn age::Identity))
        {
            Ok(_) => Ok(true),
            Err(age::DecryptError::NoMatchingKeys) => Ok(false),
            Err(e) => Err(self.decrypt_error(e)),
        }
    }

    /// An agent that held this vault's old key must not keep offering it:
    /// with `keep` and `unlock_for` in the config it gets the new key for
    /// that long, else the old one is dropped (an entry that ends at once
    /// replaces it: the agent has no other way to forget one key).
    fn agent_after_new_key(
        &self,
        key_path: &Path,
        identity: &age::x25519::Identity,
        keep: bool,
    ) -> AgentAfter {
        let canonical = crate::paths::canonical_vault(key_path);
        let held = match agent::status() {
            Ok(Some((_, keys))) => keys.iter().any(|h| h.key == canonical),
            Ok(None) => false,
            Err(e) => return AgentAfter::Unreachable(e),
        };
        if !held {
            return AgentAfter::NotHeld;
        }
        let (secs, after) = match self.unlock_for.filter(|_| keep) {
            Some(d) => (d.as_secs(), AgentAfter::Replaced),
            None => (0, AgentAfter::Dropped),
        };
        match agent::load(&canonical, identity, secs, secs) {
            Ok(_) => after,
            Err(e) => AgentAfter::Unreachable(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pending_key_sits_beside_the_key_file_under_a_name_no_sweep_takes() {
        let key = Path::new("/v/team.key.age");
        assert_eq!(pending_path(key), Path::new("/v/team.key.age.new"));
        // The writers' lock sweeps temp files by prefix: a pending key
        // must survive it until the next open settles it.
        let name = pending_path(key)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(!name.starts_with(crate::fsutil::TEMP_PREFIX));
    }
}
