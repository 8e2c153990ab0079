//! The vault's signature on the way in and out: after every read, the
//! verdict of [`super::trust`] on the signature and the members (with the
//! notices it gives), and on every write, the member who signs it.

use super::document::{self, Document, Lineage, Member};
use super::trust::{self, Pin, Verdict};
use super::{Distrust, FileStore, Key, Signer, sha256};
use crate::fsutil;
use crate::notice::{self, Notice};
use crate::sign::Tally;
use crate::store::StoreError;

impl FileStore {
    /// After the whole document was read: finishes the file's digest,
    /// checks the signature and the pinned members, and records what
    /// changed. Passphrase vaults are not signed.
    pub(super) fn check_trust(
        &mut self,
        tally: Tally,
        mut rest: std::fs::File,
        members: &[Member],
        lineage: &Lineage,
    ) -> Result<(), StoreError> {
        if !matches!(self.key, Some(Key::Identities(..))) {
            return Ok(());
        }
        let digest = self.file_digest(&tally, &mut rest)?;
        let seal = if tally.is_on() {
            trust::seal_with(&self.path, &self.pending_sig(), &digest)?
        } else if trust::sig_path(&self.path).exists() {
            // Signed since the file was opened: a writer was at work. Say
            // "does not match", so the read is made again under the lock.
            match trust::seal_with(&self.path, &self.pending_sig(), &digest)? {
                trust::Seal::SignedBy(k) => trust::Seal::Mismatch(k),
                other => other,
            }
        } else {
            trust::Seal::Unsigned
        };
        let pins = self.pins();
        let pinned = match &pins {
            Some(p) => p.load(lineage.vault_id.as_deref())?,
            None => trust::Pinned::default(),
        };
        let trusted = match (&pins, &pinned.pin) {
            (Some(p), None) => p.trusted()?,
            _ => None,
        };
        let pin = pinned.pin.clone();
        self.mismatch = matches!(seal, trust::Seal::Mismatch(_));
        let file_name = document::vault_name_of(&self.path);
        let sighting = trust::Sighting {
            seal: &seal,
            members,
            lineage,
            file_name: &file_name,
            digest: &digest,
        };
        let verdict = trust::judge(&pinned, trusted.as_deref(), &sighting).map_err(|refusal| {
            // A reader that opened the file just before a writer of this
            // machine replaced it, and judged it just after the writer
            // raised the pin, sees an older generation (or the same one
            // with other bytes): read again under the writers' lock, as
            // for a signature caught between two renames.
            if matches!(
                refusal,
                trust::Refusal::Rollback { .. } | trust::Refusal::Fork { .. }
            ) {
                self.mismatch = true;
            }
            let pinned = pin.as_ref().map(|p| p.members.as_slice()).unwrap_or(&[]);
            trust::refused(&self.path, refusal, pinned, members)
        })?;
        let note = match &verdict {
            Verdict::Trusted => None,
            Verdict::FirstSeen { signer: Some(k) } => Some(Notice::FirstUse {
                vault: self.path.clone(),
                members: members.to_vec(),
                signer: trust::named(members, *k),
                trusted: trusted.is_some(),
            }),
            Verdict::Changed { signer } => {
                let change = trust::change(
                    pin.as_ref().map(|p| p.members.as_slice()).unwrap_or(&[]),
                    members,
                );
                Some(Notice::MembersChanged {
                    added: change.added,
                    removed: change.removed,
                    signer: trust::named(members, *signer),
                })
            }
            Verdict::NowSigned { signer } => Some(Notice::NowSigned {
                vault: self.path.clone(),
                signer: trust::named(members, *signer),
                members: members.to_vec(),
            }),
            Verdict::FirstSeen { signer: None } | Verdict::Legacy => Some(Notice::NotSigned {
                vault: self.path.clone(),
            }),
        };
        if let Some(note) = note
            && !self.noted
        {
            self.noted = true;
            notice::emit(note);
            if !matches!(verdict, Verdict::Trusted)
                && let Some(name) = trust::shared_name(members)
            {
                notice::emit(Notice::SharedName(name));
            }
        }
        if tally.is_on() && self.pending_sig().exists() {
            self.settle_pending_sig();
        }
        match verdict {
            Verdict::Trusted => match pin {
                // Remember these bytes as accepted (once per new version).
                Some(p) if p.accepted.as_deref() != Some(crate::text::hex(&digest).as_str()) => {
                    let members = p.members.clone();
                    self.save_pin(
                        Pin::next(Some(&p), &self.path, p.signed, members, lineage)
                            .accepting(&digest),
                    )
                }
                // A second checkout of a pinned vault: its path gets a
                // record naming the vault (a swap there is then refused).
                Some(p) if !pinned.path_bound && p.vault_id.is_some() => match self.pins() {
                    Some(pins) => {
                        let mut at_path = p.clone();
                        at_path.vault = self.path.clone();
                        pins.save(&at_path)
                    }
                    None => Ok(()),
                },
                _ => Ok(()),
            },
            Verdict::Legacy | Verdict::FirstSeen { signer: None } => {
                if pin.is_none() {
                    self.save_pin(Pin::new(&self.path, false, Vec::new()))?;
                }
                Ok(())
            }
            _ => self.save_pin(
                Pin::next(pin.as_ref(), &self.path, true, members.to_vec(), lineage)
                    .accepting(&digest),
            ),
        }
    }

    /// A write killed between renaming the vault and its signature leaves
    /// the vault's signature pending in chopvault's own folder: readers
    /// here accept it, but a teammate who pulls the vault would get the old
    /// `.sig`. When nobody holds the writers' lock (no write is under way),
    /// a pending signature of the file now in place is moved beside it,
    /// and one of no file in place is removed. Best effort: a failure
    /// leaves things as they were for the next command.
    fn settle_pending_sig(&self) {
        let Ok(Some(_lock)) = fsutil::Lock::try_acquire(&self.lock_path()) else {
            return;
        };
        let pending = self.pending_sig();
        let Ok(bytes) = std::fs::read(&self.path) else {
            return;
        };
        if trust::signs(&pending, &self.path, &sha256(&bytes)) {
            if fsutil::move_file(&pending, &trust::sig_path(&self.path)).is_ok() {
                notice::emit(Notice::SignatureSettled);
            }
        } else {
            let _ = std::fs::remove_file(&pending);
        }
    }

    /// Makes sure this user may sign `doc`: the first signed write of a
    /// vault makes the writer its first member; otherwise the writer must
    /// be one. Passphrase vaults are not signed.
    pub(super) fn ensure_writer(&self, doc: &mut Document) -> Result<(), StoreError> {
        doc.version = doc.version.max(crate::store::file::document::VERSION);
        let Some(Key::Identities(_, signers)) = &self.key else {
            return Ok(());
        };
        if signers.is_empty() {
            return Err(StoreError::Untrusted {
                path: self.path.clone(),
                why: Distrust::CannotSign,
            });
        }
        if doc.members.is_empty() {
            let me = signers
                .iter()
                .find(|s| doc.recipients.iter().any(|r| r == s.recipient()))
                .unwrap_or(&signers[0]);
            self.writer
                .set(signers.iter().position(|s| std::ptr::eq(s, me)));
            doc.members.push(Member {
                recipient: me.recipient().to_owned(),
                key: me.public().to_openssh(),
                name: self.member_name.clone(),
            });
            if doc.recipients.len() > 1 {
                notice::emit(Notice::OnlyWriter);
            }
            return Ok(());
        }
        let Some(me) = self.signer(doc) else {
            return Err(StoreError::Untrusted {
                path: self.path.clone(),
                why: Distrust::ReadOnly,
            });
        };
        self.writer
            .set(signers.iter().position(|s| std::ptr::eq(s, me)));
        Ok(())
    }

    /// This user's identity that is a member of `doc`.
    fn signer(&self, doc: &Document) -> Option<&Signer> {
        let Some(Key::Identities(_, signers)) = &self.key else {
            return None;
        };
        signers.iter().find(|s| {
            let key = s.public().to_openssh();
            doc.members.iter().any(|m| m.key == key)
        })
    }

    /// The detached signature of `ciphertext`, for an identity vault.
    pub(super) fn signature_for(
        &self,
        doc: &Document,
        ciphertext: &[u8],
    ) -> Result<Option<String>, StoreError> {
        if !matches!(self.key, Some(Key::Identities(..))) {
            return Ok(None);
        }
        let chosen = match (&self.key, self.writer.get()) {
            (Some(Key::Identities(_, signers)), Some(i)) => signers.get(i),
            _ => None,
        };
        let signer = chosen
            .or_else(|| self.signer(doc))
            .ok_or_else(|| StoreError::Untrusted {
                path: self.path.clone(),
                why: Distrust::NotAMember,
            })?;
        Ok(Some(signer.sign(&self.path, &sha256(ciphertext))?))
    }
}
