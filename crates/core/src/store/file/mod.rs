//! The age-file store: one armored age file holding every entry and its
//! metadata as a JSON document, unlocked by a passphrase-protected key
//! (scrypt, [`keyfile`]) or by X25519 identities. The stock `age` CLI
//! decrypts it. **This is where the vault file is read and written**
//! (`save`: temp file, fsync, rename, then its signature), and where its
//! format lives:
//!
//! - [`document`]: the decrypted JSON document and its writer;
//! - [`scan`]: the strict, streaming reader (`get` keeps one entry);
//! - [`armor`]: the strict ASCII-armor reader in front of age;
//! - [`header`]: the strict age header check between the armor and age
//!   (`input` puts the two in front of every age file read here);
//! - [`keyfile`]: `VAULT.key.age`, the identity a passphrase protects;
//! - [`identity`]: the user's identity files (`--identity`);
//! - [`trust`]: pinned members and the verdict on a vault's signature.
//!
//! This file holds the store itself (open, read, write); beside it,
//! `unlock` gathers the key before the lock (from [`Passphrases`], the
//! agent or identity files), `signature` checks the signature after every
//! read and makes it on every write, `accept` is `members accept`, and
//! `newkey` is `rekey --new-key`. The store makes no sentence: it fails
//! with typed reasons (`reason`) and tells what happens on the way as
//! [`crate::notice::Notice`]s; the command line words both.
//!
//! An identity vault is signed on every write (`VAULT.sig`, see
//! [`crate::sign`]) and used only when [`trust`] accepts the signature: the
//! bytes are hashed as they stream into the decryptor, and the verdict
//! comes before any value leaves this module.

mod accept;
pub mod armor;
mod ask;
#[cfg(test)]
mod conformance;
pub mod document;
pub mod header;
pub mod identity;
mod input;
pub mod keyfile;
mod newkey;
mod reason;
pub mod scan;
mod signature;
pub mod spec;
pub mod trust;
mod unlock;

pub use self::accept::{AcceptOutcome, Readded};
pub use self::ask::{AskError, Busy, Passphrases};
pub use self::identity::{
    Identities, cards_of_identity_file, generate_identity_file, read_identities,
    recipients_of_identity_file,
};
pub(crate) use self::input::{Unlocker, age_input, unwrap_with};
pub use self::newkey::{AgentAfter, NewKey, pending_path};
pub use self::reason::{Damage, IdentityFlaw, Unavailable, Unreadable, WorkFactorOutOfRange};
pub use self::trust::Distrust;
use self::unlock::{Key, Signer};

use std::io::{BufRead, BufReader, Read, Write};
use std::iter;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::armor::{ArmoredWriter, Format};
use age::secrecy::SecretString;
use age::{DecryptError, Decryptor, Encryptor};
use zeroize::Zeroizing;

use self::document::{Document, Lineage, Member, StoredEntry};
use self::scan::ScanError;
use self::trust::{Pin, Pins};
use super::{AuxUpdate, MetaUpdate, PutOutcome, Refusal, RemoveOutcome, Store, StoreError};
use crate::entry::Meta;
use crate::fsutil;
use crate::notice::{self, Notice};
use crate::secret::Secret;
use crate::sign::{Hashing, Piped, Tally};
use crate::store::StoreKind;

/// Environment variable that sets the scrypt work factor (log2 N) of a
/// passphrase vault made by `init` (every later write keeps the vault's
/// own). Lowering it weakens the vault; it exists for tests and is
/// documented in SECURITY.md.
pub const WORK_FACTOR_ENV: &str = "CHOPVAULT_SCRYPT_WORK_FACTOR";

/// The scrypt work factor of a new passphrase vault: 2^18, the age CLI's
/// default (256 MiB, about a second on a slow core). Chosen once at `init`
/// and never re-measured, so the cost neither drifts with the machine's
/// load nor locks the vault out of a slower machine.
pub const DEFAULT_WORK_FACTOR: u8 = 18;

/// Vault files larger than this are read and hashed on a second thread.
const PIPE_ABOVE: usize = 256 * 1024;

/// The lowest work factor a new key file gets, whatever asks for it:
/// 2^16 (64 MiB) still makes each guess of the passphrase cost real work.
pub const MIN_WORK_FACTOR: u8 = 16;

/// The highest work factor a read accepts: 2^22 needs 4 GiB of memory.
pub const MAX_WORK_FACTOR: u8 = 22;

/// How a new vault is to be unlocked.
pub enum NewUnlock {
    /// A passphrase-protected identity beside the vault (`vault.key.age`,
    /// scrypt at this work factor), the vault encrypted to it.
    KeyFile {
        /// log2 of scrypt's N.
        work_factor: u8,
    },
    /// A passphrase-encrypted vault (the format before key files; kept for
    /// reading and for tests of `rekey`).
    Passphrase {
        /// log2 of scrypt's N.
        work_factor: u8,
    },
    /// These X25519 recipients (`age1…`); the members among them (with a
    /// signing key) may write, the others only read.
    Recipients {
        /// Everyone who can decrypt.
        recipients: Vec<String>,
        /// Who may sign, besides the creator (added on the first write).
        members: Vec<Member>,
    },
}

/// A vault opened for reading: the stream, a bound on the plaintext, and
/// what is needed to finish the file's digest once the stream is read.
struct Opened {
    reader: Box<dyn BufRead>,
    bound: usize,
    /// What the (checked) header says.
    header: header::Summary,
    tally: Tally,
    /// The same open file (a shared offset): the bytes after what the
    /// decryptor read are hashed from here.
    rest: std::fs::File,
    /// The file's mode: others may read an identity vault, not a
    /// passphrase vault.
    mode: u32,
}

/// An age vault file.
pub struct FileStore {
    path: PathBuf,
    identity: Option<PathBuf>,
    passphrases: Box<dyn Passphrases>,
    key: Option<Key>,
    /// This user's record of the vault's members (none: no state folder).
    pin: Option<PathBuf>,
    /// The name on this user's card, for the member record of a first
    /// signed write.
    member_name: Option<String>,
    /// The last refusal was a signature not matching the bytes read, or an
    /// older generation than the pin: a writer of this machine may have
    /// been at work (retry under the lock).
    mismatch: bool,
    /// Notes already shown (a command may open the vault twice).
    noted: bool,
    /// Which of the user's identities signs the write being made: chosen
    /// on the document as it was before the change (a member who removes
    /// themselves still signs that change).
    writer: std::cell::Cell<Option<usize>>,
    /// Hand a key file's identity to the agent after the passphrase is
    /// typed, for this long (`unlock_for` in the config).
    unlock_for: Option<std::time::Duration>,
    /// The agent's key for this key file did not open the vault (a vault
    /// made anew at the same path): ask for the passphrase instead.
    skip_agent: std::cell::Cell<bool>,
}

impl FileStore {
    /// A store over the vault at `path`; nothing is read yet.
    pub fn new(
        path: PathBuf,
        identity: Option<PathBuf>,
        passphrases: Box<dyn Passphrases>,
    ) -> Self {
        FileStore {
            path,
            identity,
            passphrases,
            key: None,
            pin: None,
            member_name: None,
            mismatch: false,
            noted: false,
            writer: std::cell::Cell::new(None),
            unlock_for: None,
            skip_agent: std::cell::Cell::new(false),
        }
    }

    /// Where this user records the vault's pinned members.
    pub fn with_pin(mut self, pin: PathBuf) -> Self {
        self.pin = Some(pin);
        self
    }

    /// After a passphrase is typed for the key file, start the agent and
    /// hold the identity for this long.
    pub fn with_unlock_for(mut self, d: Option<std::time::Duration>) -> Self {
        self.unlock_for = d;
        self
    }

    /// The name written on this user's member record.
    pub fn with_member_name(mut self, name: Option<String>) -> Self {
        self.member_name = name;
        self
    }

    /// The vault file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Creates a new, empty vault; fails if one is already there.
    pub fn create(&mut self, unlock: NewUnlock) -> Result<(), StoreError> {
        if self.path.exists() {
            return Err(StoreError::Fs(fsutil::FsError::io(
                crate::fsutil::Action::Create,
                &self.path,
                std::io::Error::from(std::io::ErrorKind::AlreadyExists),
            )));
        }
        let doc = match unlock {
            NewUnlock::Passphrase { work_factor } => {
                let pass = self.new_passphrase()?;
                self.key = Some(Key::Passphrase(pass, Some(work_factor)));
                Document::new(vec![])
            }
            NewUnlock::KeyFile { work_factor } => {
                let key_path = keyfile::path_for(&self.path);
                if key_path.exists() {
                    return Err(StoreError::Fs(fsutil::FsError::io(
                        crate::fsutil::Action::Create,
                        &key_path,
                        std::io::Error::from(std::io::ErrorKind::AlreadyExists),
                    )));
                }
                let pass = self.new_passphrase()?;
                let identity = {
                    let _busy = self.passphrases.busy(Busy::ProtectingKey);
                    keyfile::create(&key_path, &pass, work_factor)?
                };
                self.hand_to_agent(&key_path, &identity);
                let mut doc = Document::new(vec![identity.to_public().to_string()]);
                self.key = Some(Key::Identities(
                    vec![Box::new(identity.clone())],
                    vec![Signer::local(&identity)],
                ));
                self.ensure_writer(&mut doc)?;
                doc
            }
            NewUnlock::Recipients {
                recipients,
                members,
            } => {
                let mut doc = Document::new(recipients);
                doc.members = members;
                self.unlock_identities()?;
                self.ensure_writer(&mut doc)?;
                doc
            }
        };
        let mut doc = doc;
        // A new vault at a path where another was: its own id, generation 1.
        doc.vault_id = Some(document::new_vault_id());
        doc.vault_name = Some(document::vault_name_of(&self.path));
        doc.generation = 1;
        let ciphertext = self.encrypt(&doc)?;
        fsutil::ensure_private_dir(fsutil::parent_of(&self.path))?;
        match self.signature_for(&doc, &ciphertext)? {
            Some(sig) => {
                // The signature is in place before the vault appears.
                let work = self.work_dir();
                fsutil::atomic_write_via(
                    &trust::sig_path(&self.path),
                    sig.as_bytes(),
                    work.as_deref(),
                )?;
                fsutil::atomic_create_via(&self.path, &ciphertext, work.as_deref())?;
                let pin = Pin::next(None, &self.path, true, doc.members.clone(), &doc.lineage())
                    .accepting(&sha256(&ciphertext));
                self.save_pin(pin)?;
            }
            None => fsutil::atomic_create_via(&self.path, &ciphertext, self.work_dir().as_deref())?,
        }
        Ok(())
    }

    /// Opens the vault for streaming decryption through [`age_input`]
    /// (armor removed, header checked). Also returns a bound on the
    /// plaintext's size.
    fn source(&self) -> Result<(Box<dyn BufRead>, usize), StoreError> {
        self.open_source().map(|o| (o.reader, o.bound))
    }

    /// As [`Self::source`], hashing every byte read for the signature check.
    fn open_source(&self) -> Result<Opened, StoreError> {
        let mode = match fsutil::check_public_file(&self.path) {
            Err(e) if e.is_not_found() => return Err(StoreError::Missing(self.path.clone())),
            other => other?,
        };
        let file = fsutil::open_nofollow(&self.path)?;
        let len = file
            .metadata()
            .map_err(|e| fsutil::FsError::io(fsutil::Action::Read, &self.path, e))?
            .len() as usize;
        if len == 0 {
            return Err(StoreError::corrupt(&self.path, Damage::Empty));
        }
        let rest = file
            .try_clone()
            .map_err(|e| fsutil::FsError::io(fsutil::Action::Read, &self.path, e))?;
        // Hash only what a signature can be checked against: a vault with
        // no signature beside it (from before signing) is not hashed. A
        // large vault is read and hashed on a second thread, in parallel
        // with the decryption.
        let signed = trust::sig_path(&self.path).exists()
            || self.pending_sig().exists()
            || trust::next_sig_path(&self.path).exists();
        let piped = if signed && len > PIPE_ABOVE {
            Piped::spawn(file)
        } else {
            Err(file)
        };
        let (reader, tally): (Box<dyn BufRead>, Tally) = match piped {
            Ok((piped, tally)) => (Box::new(piped), tally),
            // Small, unsigned, or no thread to be had: hashed here.
            Err(file) => {
                let tally = if signed {
                    Tally::hashing()
                } else {
                    Tally::off()
                };
                let hashed = Hashing::new(file, tally.clone());
                (
                    Box::new(BufReader::with_capacity(len.clamp(4096, 64 * 1024), hashed)),
                    tally,
                )
            }
        };
        let input = age_input(reader, len).map_err(|u| u.store_error(&self.path))?;
        // Base64 makes 3 bytes of 4; the plaintext is smaller still.
        let bound = if input.armored { len / 4 * 3 + 3 } else { len };
        Ok(Opened {
            reader: input.reader,
            bound,
            header: input.header,
            tally,
            rest,
            mode,
        })
    }

    fn decryptor(
        &self,
        source: Box<dyn BufRead>,
    ) -> Result<Decryptor<Box<dyn BufRead>>, StoreError> {
        Decryptor::new_buffered(source).map_err(|e| self.decrypt_error(e))
    }

    /// Whether this machine's pin of the vault lists the identity in `id`
    /// as a member: then a vault it cannot open has most likely had it
    /// removed (the removed member's own error said only "not one it is
    /// encrypted to"). Quiet: any doubt is a no.
    fn pinned_member(&self, id: &Path) -> bool {
        let Some(pin) = self
            .pin
            .as_deref()
            .and_then(|p| Pin::load(p).ok().flatten())
        else {
            return false;
        };
        let Ok(cards) = cards_of_identity_file(id, None) else {
            return false;
        };
        cards
            .iter()
            .any(|c| pin.members.iter().any(|m| m.recipient == c.recipient))
    }

    fn decrypt_error(&self, e: DecryptError) -> StoreError {
        match e {
            DecryptError::DecryptionFailed => StoreError::WrongPassphrase,
            DecryptError::NoMatchingKeys => match &self.identity {
                Some(id) if self.pinned_member(id) => StoreError::NoLongerMember(id.clone()),
                Some(id) => StoreError::WrongIdentity(id.clone()),
                None => StoreError::WrongIdentity(keyfile::path_for(&self.path)),
            },
            DecryptError::InvalidHeader | DecryptError::UnknownFormat => {
                StoreError::corrupt(&self.path, Damage::NotAgeOrHeader)
            }
            DecryptError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
                StoreError::corrupt(&self.path, Damage::Truncated)
            }
            DecryptError::ExcessiveWork { required, .. } => {
                StoreError::Refused(Refusal::ExcessiveWork {
                    path: self.path.clone(),
                    required,
                    max: MAX_WORK_FACTOR,
                })
            }
            other => StoreError::corrupt(&self.path, Damage::Decrypt(other)),
        }
    }

    /// The scrypt work factor in the vault's header (passphrase vaults).
    pub fn work_factor(&self) -> Result<Option<u8>, StoreError> {
        Ok(self.open_source()?.header.scrypt_work_factor)
    }

    /// A stream of the decrypted vault, a bound on its length, and the
    /// digest being taken of the file.
    fn plaintext(
        &mut self,
    ) -> Result<(impl Read + use<>, usize, Tally, std::fs::File), StoreError> {
        // A passphrase typed at the terminal gets three tries.
        let tries = self.passphrases.tries();
        let mut attempt = 1;
        loop {
            match self.plaintext_once() {
                // The agent holds a key for this key file that does not open
                // the vault (another vault was made at this path since it
                // was unlocked): the passphrase decides, as without an agent.
                Err(StoreError::WrongIdentity(_))
                    if self.key_is_from_agent() && !self.skip_agent.get() =>
                {
                    notice::emit(Notice::AgentKeyStale);
                    self.skip_agent.set(true);
                    self.key = None;
                }
                Err(StoreError::WrongPassphrase)
                    if attempt < tries && matches!(self.key, Some(Key::Passphrase(..))) =>
                {
                    notice::emit(Notice::WrongPassphrase {
                        left: tries - attempt,
                    });
                    self.key = None;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    fn plaintext_once(
        &mut self,
    ) -> Result<(impl Read + use<>, usize, Tally, std::fs::File), StoreError> {
        let Opened {
            reader: source,
            bound,
            header,
            tally,
            rest,
            mode,
        } = self.open_source()?;
        let decryptor = self.decryptor(source)?;
        // A passphrase vault is only as strong as its passphrase against
        // whoever can copy it: private, as before. An identity vault is
        // public ciphertext (git checks it out 0644).
        if decryptor.is_scrypt() && mode & 0o077 != 0 {
            return Err(StoreError::Fs(fsutil::FsError::TooOpen {
                path: self.path.clone(),
                mode,
            }));
        }
        // Not unlocked yet: this header says which key is needed, so the
        // file is opened and its header parsed once (it matters on a short
        // `get`, where start-up is most of the time).
        if self.key.is_none() {
            self.key = Some(self.key_for(decryptor.is_scrypt(), header.scrypt_work_factor)?);
        }
        let reader = match self.key.as_ref().expect("unlocked above") {
            Key::Passphrase(pass, _) => {
                if !decryptor.is_scrypt() {
                    return Err(StoreError::corrupt(&self.path, Damage::ChangedKind));
                }
                let _busy = self.passphrases.busy(Busy::Unlocking);
                unwrap_with(decryptor, Unlocker::Passphrase(pass))
            }
            Key::Identities(ids, _) => unwrap_with(decryptor, Unlocker::Identities(ids)),
        };
        Ok((
            reader.map_err(|e| self.decrypt_error(e))?,
            bound,
            tally,
            rest,
        ))
    }

    /// This vault's pins (none: no state folder).
    fn pins(&self) -> Option<Pins> {
        self.pin.clone().map(Pins::new)
    }

    /// chopvault's own folder for this vault's temporary files (none: no
    /// state folder, and they go beside the vault).
    fn work_dir(&self) -> Option<PathBuf> {
        self.pin.as_deref().map(crate::paths::work_dir_for_pin)
    }

    /// The writers' lock (in chopvault's state folder, not the vault's).
    pub fn lock_path(&self) -> PathBuf {
        match &self.pin {
            Some(pin) => crate::paths::vault_lock_for_pin(pin),
            None => crate::paths::lock_for(&self.path),
        }
    }

    /// Where a write keeps the new signature until the vault is in place.
    fn pending_sig(&self) -> PathBuf {
        match &self.pin {
            Some(pin) => crate::paths::pending_sig_for_pin(pin),
            None => trust::next_sig_path(&self.path),
        }
    }

    fn acquire_lock(&self) -> Result<fsutil::Lock, StoreError> {
        let path = self.lock_path();
        self.check_work_dir()?;
        Ok(fsutil::Lock::acquire(&path)?)
    }

    /// Makes this vault's work folder (0700) and checks it and the folder
    /// above it are the user's alone: a pending signature there is trusted
    /// by readers on this machine.
    fn check_work_dir(&self) -> Result<(), StoreError> {
        let Some(work) = self.work_dir() else {
            return Ok(());
        };
        let parent = fsutil::parent_of(&work).to_path_buf();
        fsutil::ensure_private_dir(&work)?;
        trust::check_own_dir(&parent)?;
        trust::check_own_dir(&work)
    }

    /// The digest of the whole vault file. The decryptor may stop before
    /// the file's last bytes (armor's trailing newline): an inline tally
    /// reads them from `rest` (the same open file); a piped one has read
    /// to the end itself.
    fn file_digest(
        &self,
        tally: &Tally,
        rest: &mut std::fs::File,
    ) -> Result<crate::sign::Digest, StoreError> {
        if tally.needs_rest() {
            std::io::copy(&mut Hashing::new(rest, tally.clone()), &mut std::io::sink())
                .map_err(|e| fsutil::FsError::io(fsutil::Action::Read, &self.path, e))?;
        }
        Ok(tally.digest())
    }

    fn save_pin(&self, pin: Pin) -> Result<(), StoreError> {
        match self.pins() {
            Some(pins) => pins.save(&pin),
            None => Ok(()),
        }
    }

    /// The pin that judges this vault now (for a write's generation).
    fn current_pin(&self, lineage: &Lineage) -> Result<Option<Pin>, StoreError> {
        match self.pins() {
            Some(p) => Ok(p.load(lineage.vault_id.as_deref())?.pin),
            None => Ok(None),
        }
    }

    fn stream_error(&self, e: std::io::Error) -> StoreError {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            StoreError::corrupt(&self.path, Damage::Truncated)
        } else {
            StoreError::corrupt(&self.path, Damage::ContentDamaged)
        }
    }

    /// Decrypts the whole vault into a buffer that never grows.
    fn decrypt(&mut self) -> Result<(Zeroizing<Vec<u8>>, Tally, std::fs::File), StoreError> {
        let (mut reader, bound, tally, rest) = self.plaintext()?;
        // `bound` is at least the plaintext's length: reserving it means the
        // buffer never grows, so no unzeroed copy of a secret is freed.
        let mut plain = Zeroizing::new(Vec::with_capacity(bound + 1));
        reader
            .read_to_end(&mut plain)
            .map_err(|e| self.stream_error(e))?;
        Ok((plain, tally, rest))
    }

    /// Decrypts, parses and checks the whole vault (for writes).
    fn open(&mut self) -> Result<Document, StoreError> {
        let (plain, tally, rest) = self.decrypt()?;
        let doc = Document::parse(&plain).map_err(|e| StoreError::format(&self.path, e))?;
        self.check_trust(tally, rest, &doc.members, &doc.lineage())?;
        Ok(doc)
    }

    /// Decrypts as a stream and parses only one entry (for reads): the
    /// vault is never held whole in memory. A signature that does not
    /// match may be a writer caught between renaming the vault and its
    /// signature: then the read is made again under the writers' lock.
    fn find(&mut self, name: &str) -> Result<StoredEntry, StoreError> {
        match self.find_once(name) {
            Err(StoreError::Untrusted { .. }) if self.mismatch => {
                let Ok(_lock) = self.acquire_lock() else {
                    return self.find_once(name);
                };
                self.find_once(name)
            }
            other => other,
        }
    }

    fn find_once(&mut self, name: &str) -> Result<StoredEntry, StoreError> {
        let (reader, bound, tally, rest) = self.plaintext()?;
        let found = match scan::find_entry_sized(reader, name, bound) {
            Ok(found) => found,
            Err(ScanError::Io(e)) => return Err(self.stream_error(e)),
            Err(ScanError::Format(e)) => return Err(StoreError::format(&self.path, e)),
        };
        // Nothing leaves before the signature is checked.
        self.check_trust(tally, rest, &found.members, &found.lineage)?;
        found.entry.ok_or_else(|| StoreError::NotFound(name.into()))
    }

    /// Encrypts a document for the vault's recipients or passphrase.
    fn encrypt(&self, doc: &Document) -> Result<Vec<u8>, StoreError> {
        let plain = doc.to_bytes();
        let encryptor = match self.key.as_ref() {
            Some(Key::Passphrase(pass, work_factor)) => {
                let mut recipient = age::scrypt::Recipient::new(pass.clone());
                recipient.set_work_factor(
                    work_factor
                        .filter(|n| (1..=MAX_WORK_FACTOR).contains(n))
                        .unwrap_or(DEFAULT_WORK_FACTOR),
                );
                Encryptor::with_recipients(iter::once(&recipient as &dyn age::Recipient))
            }
            _ => {
                let recipients = doc
                    .recipients
                    .iter()
                    .map(|r| {
                        age::x25519::Recipient::from_str(r).map_err(|_| {
                            StoreError::corrupt(&self.path, Damage::BadRecipient(r.clone()))
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if recipients.is_empty() {
                    return Err(StoreError::corrupt(&self.path, Damage::NoRecipients));
                }
                Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            }
        }
        .map_err(|e| StoreError::corrupt(&self.path, Damage::Encrypt(Box::new(e))))?;
        let mut out = Vec::with_capacity(plain.len() * 4 / 3 + 1024);
        let write = |out: &mut Vec<u8>| -> std::io::Result<()> {
            let armor = ArmoredWriter::wrap_output(out, Format::AsciiArmor)?;
            let mut writer = encryptor.wrap_output(armor)?;
            writer.write_all(&plain)?;
            writer.finish()?.finish()?;
            Ok(())
        };
        write(&mut out).map_err(|e| fsutil::FsError::io(fsutil::Action::Encrypt, &self.path, e))?;
        Ok(out)
    }

    /// Writes the vault; an identity vault is signed. The caller holds the
    /// writers' lock. The new signature goes to `VAULT.sig.next` first,
    /// then the vault is renamed into place, then the signature: readers
    /// accept either file, so every moment has a matching one.
    fn save(&self, doc: &mut Document) -> Result<(), StoreError> {
        // Newer than anything this machine has seen of this vault: a write
        // never starts a generation below the pin (see trust.rs).
        let before = self.current_pin(&doc.lineage())?;
        let seen = before.as_ref().map_or(0, |p| p.generation);
        doc.generation =
            doc.generation
                .max(seen)
                .checked_add(1)
                .ok_or_else(|| StoreError::Untrusted {
                    path: self.path.clone(),
                    why: Distrust::GenerationExhausted,
                })?;
        if doc.vault_id.is_none() {
            doc.vault_id = Some(document::new_vault_id());
        }
        if doc.vault_name.is_none() {
            doc.vault_name = Some(document::vault_name_of(&self.path));
        }
        let doc = &*doc;
        let ciphertext = self.encrypt(doc)?;
        self.check_work_dir()?;
        let work = self.work_dir();
        let Some(sig) = self.signature_for(doc, &ciphertext)? else {
            fsutil::atomic_write_via(&self.path, &ciphertext, work.as_deref())?;
            return Ok(());
        };
        let next = self.pending_sig();
        fsutil::ensure_private_dir(fsutil::parent_of(&next))?;
        fsutil::atomic_write(&next, sig.as_bytes())?;
        fsutil::atomic_write_via(&self.path, &ciphertext, work.as_deref())?;
        fsutil::move_file(&next, &trust::sig_path(&self.path))?;
        let pin = Pin::next(
            before.as_ref(),
            &self.path,
            true,
            doc.members.clone(),
            &doc.lineage(),
        )
        .accepting(&sha256(&ciphertext));
        self.save_pin(pin)
    }

    /// Opens the document for a write: checked, and this user a member
    /// who may sign it.
    fn open_for_write(&mut self) -> Result<Document, StoreError> {
        let mut doc = self.open()?;
        self.ensure_writer(&mut doc)?;
        Ok(doc)
    }

    /// Every entry's metadata, decrypted from the vault (to rebuild the index).
    pub fn metas(&mut self) -> Result<std::collections::BTreeMap<String, Meta>, StoreError> {
        Ok(self.open()?.metas())
    }

    /// The recipients the vault is encrypted to (empty: passphrase vault)
    /// and its members (who may sign).
    pub fn recipients(&mut self) -> Result<(Vec<String>, Vec<Member>), StoreError> {
        let doc = self.open()?;
        Ok((doc.recipients, doc.members))
    }

    /// The public keys of this user's identities (`recipient`, signing key).
    pub fn my_keys(&self) -> Vec<(String, String)> {
        match &self.key {
            Some(Key::Identities(_, signers)) => signers
                .iter()
                .map(|s| (s.recipient().to_owned(), s.public().to_openssh()))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Re-encrypts the vault for a changed recipient and member set, signed,
    /// under the writers' lock. A passphrase vault has no recipients to
    /// change.
    pub fn change_recipients(
        &mut self,
        change: impl FnOnce(&mut Vec<String>, &mut Vec<Member>) -> Result<(), StoreError>,
    ) -> Result<Vec<String>, StoreError> {
        let _lock = self.acquire_lock()?;
        let mut doc = self.open()?;
        if matches!(self.key, Some(Key::Passphrase(..))) {
            return Err(StoreError::Refused(Refusal::PassphraseVaultHasNoRecipients));
        }
        self.ensure_writer(&mut doc)?;
        change(&mut doc.recipients, &mut doc.members)?;
        self.save(&mut doc)?;
        Ok(doc.recipients)
    }

    /// Converts a passphrase vault to a key-file vault: a new identity,
    /// protected by `pass`, in `vault.key.age`, and the vault re-encrypted to
    /// it and signed. The caller holds the writers' lock. The key file is
    /// written first and removed again if the vault cannot be; a crash in
    /// between leaves the old vault, which the old passphrase opens.
    pub fn convert_to_keyfile(
        &mut self,
        pass: &SecretString,
        work_factor: u8,
    ) -> Result<(), StoreError> {
        let mut doc = self.open()?;
        if !matches!(self.key, Some(Key::Passphrase(..))) {
            return Err(StoreError::Refused(Refusal::NotAPassphraseVault(
                self.path.clone(),
            )));
        }
        let key_path = keyfile::path_for(&self.path);
        let identity = {
            let _busy = self.passphrases.busy(Busy::ProtectingKey);
            keyfile::create(&key_path, pass, work_factor)?
        };
        self.key = Some(Key::Identities(
            vec![Box::new(identity.clone())],
            vec![Signer::local(&identity)],
        ));
        doc.recipients = vec![identity.to_public().to_string()];
        doc.members.clear();
        let saved = self
            .ensure_writer(&mut doc)
            .and_then(|()| self.save(&mut doc));
        if let Err(e) = saved {
            // Only while the vault on disk is still the passphrase vault: a
            // failure after it was replaced (the signature's rename, the
            // pin) must not take away the only key that opens it.
            if matches!(self.work_factor(), Ok(Some(_))) {
                let _ = std::fs::remove_file(&key_path);
            }
            return Err(e);
        }
        self.hand_to_agent(&key_path, &identity);
        Ok(())
    }
}

impl Store for FileStore {
    fn keeps_meta(&self) -> bool {
        true
    }

    fn all_metas(
        &mut self,
    ) -> Result<Option<std::collections::BTreeMap<String, Meta>>, StoreError> {
        self.metas().map(Some)
    }

    fn kind(&self) -> StoreKind {
        StoreKind::File
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn source_file(&self) -> Option<&Path> {
        Some(&self.path)
    }

    fn prepare_unlock(&mut self) -> Result<(), StoreError> {
        self.unlock_key()
    }

    fn unlock(&mut self) -> Result<(), StoreError> {
        self.open().map(drop)
    }

    fn get(&mut self, name: &str) -> Result<Secret, StoreError> {
        let mut entry = self.find(name)?;
        // Move the String out (no copy); the emptied Zeroizing is harmless.
        Ok(Secret::from_string(std::mem::take(&mut *entry.value)))
    }

    fn get_aux(&mut self, name: &str, key: &str) -> Result<Option<Secret>, StoreError> {
        let mut entry = self.find(name)?;
        Ok(entry
            .aux
            .get_mut(key)
            .map(|v| Secret::from_string(std::mem::take(&mut **v))))
    }

    fn put(
        &mut self,
        name: &str,
        value: &Secret,
        aux: &AuxUpdate,
        _known: Option<&Meta>,
        update: MetaUpdate<'_>,
    ) -> Result<PutOutcome, StoreError> {
        let mut doc = self.open_for_write()?;
        let old = doc.entries.remove(name);
        let meta = update(old.as_ref().map(|e| &e.meta));
        let mut kept = old.map(|e| e.aux).unwrap_or_default();
        kept.retain(|k, _| !aux.clear.contains(&k.as_str()));
        for (k, v) in &aux.set {
            kept.insert((*k).to_string(), Zeroizing::new(v.expose().to_owned()));
        }
        doc.entries.insert(
            name.to_owned(),
            StoredEntry {
                value: Zeroizing::new(value.expose().to_owned()),
                meta: meta.clone(),
                aux: kept,
            },
        );
        self.save(&mut doc)?;
        Ok(PutOutcome {
            meta,
            all: Some(doc.metas()),
        })
    }

    fn update_meta(
        &mut self,
        name: &str,
        _known: Option<&Meta>,
        update: MetaUpdate<'_>,
    ) -> Result<PutOutcome, StoreError> {
        let mut doc = self.open_for_write()?;
        let entry = doc
            .entries
            .get_mut(name)
            .ok_or_else(|| StoreError::NotFound(name.into()))?;
        let meta = update(Some(&entry.meta));
        entry.meta = meta.clone();
        self.save(&mut doc)?;
        Ok(PutOutcome {
            meta,
            all: Some(doc.metas()),
        })
    }

    fn remove(&mut self, name: &str, _known: Option<&Meta>) -> Result<RemoveOutcome, StoreError> {
        let mut doc = self.open_for_write()?;
        let existed = doc.entries.remove(name).is_some();
        if existed {
            self.save(&mut doc)?;
        }
        Ok(RemoveOutcome {
            existed,
            all: Some(doc.metas()),
        })
    }
}

fn sha256(bytes: &[u8]) -> crate::sign::Digest {
    crate::sign::digest_of(bytes)
}

/// The work factor [`WORK_FACTOR_ENV`] asks `init` and `rekey` for
/// (tests), `None` when it is unset or empty. Set outside
/// [`MIN_WORK_FACTOR`]`..=`[`MAX_WORK_FACTOR`] it is refused: a knob that
/// makes guessing the passphrase cheap must never do so silently, nor be
/// ignored in silence.
pub fn work_factor_override() -> Result<Option<u8>, WorkFactorOutOfRange> {
    let text = std::env::var_os(WORK_FACTOR_ENV).unwrap_or_default();
    if text.is_empty() {
        return Ok(None);
    }
    text.to_str()
        .and_then(|t| t.parse::<u8>().ok())
        .filter(|n| (MIN_WORK_FACTOR..=MAX_WORK_FACTOR).contains(n))
        .map(Some)
        .ok_or(WorkFactorOutOfRange)
}
