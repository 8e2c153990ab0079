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
//!   ([`age_input`] puts the two in front of every age file read here);
//! - [`keyfile`]: `VAULT.key.age`, the identity a passphrase protects;
//! - [`trust`]: pinned members and the verdict on a vault's signature.
//!
//! An identity vault is signed on every write (`VAULT.sig`, see
//! [`crate::sign`]) and used only when [`trust`] accepts the signature: the
//! bytes are hashed as they stream into the decryptor, and the verdict
//! comes before any value leaves this module.

pub mod armor;
#[cfg(test)]
mod conformance;
pub mod document;
pub mod header;
pub mod keyfile;
mod newkey;
pub mod scan;
pub mod trust;

pub use self::newkey::{AgentAfter, NewKey, pending_path};

use std::io::{BufRead, BufReader, Read, Write};
use std::iter;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::armor::{ArmoredWriter, Format};
use age::secrecy::{ExposeSecret, SecretString};
use age::{DecryptError, Decryptor, Encryptor};
use zeroize::Zeroizing;

use self::armor::Dearmor;
use self::document::{Document, Member, StoredEntry};
use self::scan::Lineage;
use self::scan::ScanError;
use self::trust::{Pin, Pins, Verdict};
use super::{AuxUpdate, MetaUpdate, PutOutcome, Refusal, Remedy, RemoveOutcome, Store, StoreError};
use crate::agent;
use crate::config::StoreKind;
use crate::entry::Meta;
use crate::fsutil;
use crate::prompt::PromptError;
use crate::secret::Secret;
use crate::sign::{Card, Hashing, MemberKey, Piped, SigningKey, Tally};
use crate::text::shown;

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

/// The key material that opens the vault, gathered before the lock.
enum Key {
    /// The passphrase, and the work factor to write with (the vault's own,
    /// read from its header on the first unlock).
    Passphrase(SecretString, Option<u8>),
    Identities(Identities, Vec<Signer>),
}

/// age identities that unlock a vault.
type Identities = Vec<Box<dyn age::Identity + Send + Sync>>;

/// One X25519 identity of the user's, as a signer: its recipient, the
/// public member key, and where the signing key is.
struct Signer {
    recipient: String,
    public: MemberKey,
    how: SignWith,
}

/// Where a signing key lives.
enum SignWith {
    /// In this process, derived from an identity read here.
    Local(SigningKey),
    /// In the agent, for this key file (canonical path).
    Agent(PathBuf),
}

impl Signer {
    fn local(identity: &age::x25519::Identity) -> Signer {
        let key = SigningKey::from_identity(identity);
        Signer {
            recipient: identity.to_public().to_string(),
            public: key.public(),
            how: SignWith::Local(key),
        }
    }

    fn sign(&self, path: &Path, digest: &crate::sign::Digest) -> Result<String, StoreError> {
        match &self.how {
            SignWith::Local(key) => Ok(key.sign(digest)),
            SignWith::Agent(key) => agent::Client::connect()
                .map(|c| agent::AgentIdentity::new(key.clone(), c))
                .and_then(|a| a.sign(digest))
                .map_err(|e| StoreError::Unavailable {
                    why: t!(
                        "store-file-agent-holds-vault-s",
                        path = path.display(),
                        e = crate::say::Explain::explain(&e).text
                    )
                    .into(),
                    hint: Remedy::UnlockAgain,
                }),
        }
    }
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

/// Where the file store gets its passphrases. The store never talks to a
/// terminal or reads a passphrase file itself: its caller hands it one of
/// these (the command line's [`crate::prompt::Asker`] asks a person or
/// reads `--passphrase-file`).
pub trait Passphrases {
    /// The vault's passphrase.
    fn current(&self) -> Result<SecretString, PromptError>;
    /// A new passphrase; `None` when the person, told it is weak, wants to
    /// choose another.
    fn new_one(&self) -> Result<Option<SecretString>, PromptError>;
    /// How many tries a wrong passphrase gets (a person at a terminal: 3).
    fn tries(&self) -> u32;
    /// Shows that `what` (a slow scrypt) is under way until the guard is
    /// dropped.
    fn busy(&self, what: &dyn Fn() -> String) -> Box<dyn std::any::Any>;
    /// Whether the passphrases are typed by a person at a prompt. Only
    /// those start the agent (`unlock_for`): one read from a file is a
    /// cron job's or a script's, and must not leave the key to every
    /// process of the user's.
    fn typed(&self) -> bool {
        false
    }
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
                    let _busy = self.passphrases.busy(&|| t!("file-protecting-key"));
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
    fn hand_to_agent(&self, key_path: &Path, identity: &age::x25519::Identity) {
        let Some(d) = self.unlock_for.filter(|_| self.passphrases.typed()) else {
            return;
        };
        let key = crate::paths::canonical_vault(key_path);
        match agent::load(&key, identity, d.as_secs(), d.as_secs()) {
            Ok(_) => say!(
                "store-file-unlocked-s-unlock-config",
                duration = crate::ui::words::duration(d)
            ),
            Err(e) => say!(
                "store-file-note-agent-was-not",
                e = crate::say::Explain::explain(&e).text
            ),
        }
    }

    /// Unlocks a vault whose identity is in its key file: from the agent
    /// when it holds it, else with the passphrase (three tries on a
    /// terminal).
    fn key_from_keyfile(&self, key_path: &Path) -> Result<Key, StoreError> {
        let canonical = crate::paths::canonical_vault(key_path);
        match agent::Client::connect() {
            _ if self.skip_agent.get() => {}
            Ok(mut client) => match client.public(&canonical) {
                Ok(Some((recipient, signing_key))) => {
                    if let Ok(public) = MemberKey::parse(&signing_key) {
                        let id = agent::AgentIdentity::new(canonical.clone(), client);
                        return Ok(Key::Identities(
                            vec![Box::new(id)],
                            vec![Signer {
                                recipient,
                                public,
                                how: SignWith::Agent(canonical),
                            }],
                        ));
                    }
                }
                Ok(None) => {}
                // Refused, not unreachable: no passphrase prompt instead.
                Err(e @ agent::AgentError::Installer) => {
                    return Err(StoreError::Unavailable {
                        why: crate::say::Explain::explain(&e).text.into(),
                        hint: Remedy::Advice(t!("agent-refuses-installer-hint")),
                    });
                }
                Err(e) => say!(
                    "store-file-note-asking-passphrase-instead",
                    e = crate::say::Explain::explain(&e).text
                ),
            },
            Err(agent::AgentError::NotRunning) => {}
            Err(e) => say!(
                "store-file-note-asking-passphrase-instead",
                e = crate::say::Explain::explain(&e).text
            ),
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
                let _busy = self.passphrases.busy(&|| t!("file-unlocking"));
                keyfile::open(key_path, &pass)
            };
            match opened {
                Err(StoreError::WrongPassphrase) if attempt < tries => {
                    say!(
                        "store-file-wrong-passphrase-try-again",
                        value = tries - attempt
                    );
                }
                other => return other,
            }
        }
        Err(StoreError::WrongPassphrase)
    }

    /// Reads the identity file (a vault being created has no header to ask).
    fn unlock_identities(&mut self) -> Result<(), StoreError> {
        if !matches!(self.key, Some(Key::Identities(..))) {
            let path = self
                .identity
                .clone()
                .ok_or_else(|| StoreError::Unavailable {
                    why: t!("store-file-identity-vault-needs-identity").into(),
                    hint: t!("store-file-pass-identity-file-generate").into(),
                })?;
            let (ids, signers) = read_keys(&path)?;
            self.key = Some(Key::Identities(ids, signers));
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
            return Err(StoreError::corrupt(&self.path, t!("file-empty")));
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
        let (reader, tally): (Box<dyn BufRead>, Tally) = if signed && len > PIPE_ABOVE {
            let (piped, tally) = Piped::spawn(file);
            (Box::new(piped), tally)
        } else {
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
                StoreError::corrupt(&self.path, t!("file-not-age-or-header"))
            }
            DecryptError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
                StoreError::corrupt(&self.path, t!("file-truncated"))
            }
            DecryptError::ExcessiveWork { required, .. } => {
                StoreError::Refused(Refusal::ExcessiveWork {
                    path: self.path.clone(),
                    required,
                    max: MAX_WORK_FACTOR,
                })
            }
            other => StoreError::corrupt(&self.path, other),
        }
    }

    /// Obtains the passphrase or identities the vault needs.
    fn unlock_key(&mut self) -> Result<(), StoreError> {
        if self.key.is_none() {
            let opened = self.open_source()?;
            let is_scrypt = self.decryptor(opened.reader)?.is_scrypt();
            self.key = Some(self.key_for(is_scrypt, opened.header.scrypt_work_factor)?);
        }
        Ok(())
    }

    /// The scrypt work factor in the vault's header (passphrase vaults).
    pub fn work_factor(&self) -> Result<Option<u8>, StoreError> {
        Ok(self.open_source()?.header.scrypt_work_factor)
    }

    /// The passphrase (for a scrypt vault) or the identities.
    fn key_for(&self, is_scrypt: bool, work_factor: Option<u8>) -> Result<Key, StoreError> {
        if is_scrypt {
            // An identity vault seen signed does not turn into a passphrase
            // vault: someone replaced it.
            if let Some(pin) = self.pin.as_deref().map(Pin::load).transpose()?.flatten()
                && (pin.signed || pin.vault_id.is_some())
            {
                return Err(StoreError::Untrusted {
                    path: self.path.clone(),
                    why: t!(
                        "store-file-vault-was-signed-identity",
                        path = self.path.display()
                    ),
                    hint: t!("store-file-nothing-was-read-restore").into(),
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
                    why: t!(
                        "store-file-vault-encrypted-age-identities",
                        path = self.path.display()
                    )
                    .into(),
                    hint: t!("store-file-pass-identity-file-set").into(),
                });
            };
            let (ids, signers) = read_keys(path)?;
            Ok(Key::Identities(ids, signers))
        }
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
                    say!("store-file-agent-key-is-another-vaults");
                    self.skip_agent.set(true);
                    self.key = None;
                }
                Err(StoreError::WrongPassphrase)
                    if attempt < tries && matches!(self.key, Some(Key::Passphrase(..))) =>
                {
                    say!(
                        "store-file-wrong-passphrase-try-again",
                        value = tries - attempt
                    );
                    self.key = None;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// Whether the key in hand is the agent's.
    fn key_is_from_agent(&self) -> bool {
        matches!(&self.key, Some(Key::Identities(_, signers))
            if signers.iter().any(|s| matches!(s.how, SignWith::Agent(_))))
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
                    return Err(StoreError::corrupt(&self.path, t!("file-changed-kind")));
                }
                let _busy = self.passphrases.busy(&|| t!("file-unlocking"));
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

    /// After the whole document was read: finishes the file's digest,
    /// checks the signature and the pinned members, and records what
    /// changed. Passphrase vaults are not signed.
    fn check_trust(
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
        let shown_path = shown(&self.path.display().to_string()).into_owned();
        let note = match &verdict {
            Verdict::Trusted => None,
            Verdict::FirstSeen { signer: Some(k) } if trusted.is_some() => Some(t!(
                "trust-first-use-trusted",
                shown_path = shown_path,
                value = trust::listing(members),
                value2 = trust::name_of(members, *k)
            )),
            Verdict::FirstSeen { signer: Some(k) } => Some(t!(
                "store-file-first-use-vault-here",
                shown_path = shown_path,
                value = trust::listing(members),
                value2 = trust::name_of(members, *k)
            )),
            Verdict::Changed { signer } => Some(t!(
                "store-file-members-changed-signed",
                value = trust::change(
                    pin.as_ref().map(|p| p.members.as_slice()).unwrap_or(&[]),
                    members
                ),
                value2 = trust::name_of(members, *signer)
            )),
            Verdict::NowSigned { signer } => Some(t!(
                "store-file-vault-now-signed-members",
                shown_path = shown_path,
                value = trust::name_of(members, *signer),
                value2 = trust::listing(members)
            )),
            Verdict::FirstSeen { signer: None } | Verdict::Legacy => Some(t!(
                "store-file-warning-vault-not-signed",
                shown_path = shown_path
            )),
        };
        if let Some(note) = note
            && !self.noted
        {
            self.noted = true;
            say!("store-file-text", note = note);
            if !matches!(verdict, Verdict::Trusted)
                && let Some(name) = trust::shared_name(members)
            {
                say!("trust-shared-name", name = name);
            }
        }
        if tally.is_on() && self.pending_sig().exists() {
            self.settle_pending_sig();
        }
        match verdict {
            Verdict::Trusted => match pin {
                // Remember these bytes as accepted (once per new version).
                Some(p) if p.accepted.as_deref() != Some(trust::hex(&digest).as_str()) => {
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
                say!("store-file-pending-signature-settled");
            }
        } else {
            let _ = std::fs::remove_file(&pending);
        }
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

    /// Makes sure this user may sign `doc`: the first signed write of a
    /// vault makes the writer its first member; otherwise the writer must
    /// be one. Passphrase vaults are not signed.
    fn ensure_writer(&self, doc: &mut Document) -> Result<(), StoreError> {
        doc.version = doc.version.max(crate::store::file::document::VERSION);
        let Some(Key::Identities(_, signers)) = &self.key else {
            return Ok(());
        };
        if signers.is_empty() {
            return Err(StoreError::Untrusted {
                path: self.path.clone(),
                why: t!("store-file-identity-file-holds-no"),
                hint: Remedy::SigningIdentity,
            });
        }
        if doc.members.is_empty() {
            let me = signers
                .iter()
                .find(|s| doc.recipients.contains(&s.recipient))
                .unwrap_or(&signers[0]);
            self.writer
                .set(signers.iter().position(|s| std::ptr::eq(s, me)));
            doc.members.push(Member {
                recipient: me.recipient.clone(),
                key: me.public.to_openssh(),
                name: self.member_name.clone(),
            });
            if doc.recipients.len() > 1 {
                say!("store-file-vault-signed-now-you");
            }
            return Ok(());
        }
        let Some(me) = self.signer(doc) else {
            return Err(StoreError::Untrusted {
                path: self.path.clone(),
                why: t!("store-file-you-are-read-only", path = self.path.display()),
                hint: Remedy::SendYourCard,
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
            let key = s.public.to_openssh();
            doc.members.iter().any(|m| m.key == key)
        })
    }

    /// The detached signature of `ciphertext`, for an identity vault.
    fn signature_for(
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
                why: t!("store-file-none-your-identities-member"),
                hint: Remedy::AskToBeAdded,
            })?;
        Ok(Some(signer.sign(&self.path, &sha256(ciphertext))?))
    }

    fn stream_error(&self, e: std::io::Error) -> StoreError {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            StoreError::corrupt(&self.path, t!("file-truncated"))
        } else {
            StoreError::corrupt(&self.path, t!("file-content-damaged"))
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
                            StoreError::corrupt(
                                &self.path,
                                t!("store-file-recipient-not-valid", r = r),
                            )
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if recipients.is_empty() {
                    return Err(StoreError::corrupt(&self.path, t!("file-no-recipients")));
                }
                Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            }
        }
        .map_err(|e| StoreError::corrupt(&self.path, e))?;
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
                    why: t!(
                        "trust-generation-exhausted",
                        vault = shown(&self.path.display().to_string())
                    ),
                    hint: t!("trust-implausible-hint").into(),
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
                .map(|s| (s.recipient.clone(), s.public.to_openssh()))
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
            let _busy = self.passphrases.busy(&|| t!("file-protecting-key"));
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

    /// Trusts the vault as it is now, after `confirm` has seen what that
    /// changes: its signature must match the file and be by a member it
    /// lists. Never turns a signed pin into an unsigned one, and never
    /// accepts an older generation than the pinned one unless
    /// `allow_rollback`. For a change the user knows about.
    pub fn accept_members(
        &mut self,
        allow_rollback: bool,
        confirm: &dyn Fn(&AcceptOutcome) -> Result<bool, StoreError>,
    ) -> Result<AcceptOutcome, StoreError> {
        let (plain, tally, mut rest) = self.decrypt()?;
        let doc = Document::parse(&plain).map_err(|e| StoreError::format(&self.path, e))?;
        drop(plain);
        if !matches!(self.key, Some(Key::Identities(..))) {
            return Err(StoreError::Refused(Refusal::PassphraseVaultHasNoMembers));
        }
        let digest = self.file_digest(&tally, &mut rest)?;
        let seal = trust::seal_with(&self.path, &self.pending_sig(), &digest)?;
        let lineage = doc.lineage();
        let pinned = match self.pins() {
            Some(p) => p.load(lineage.vault_id.as_deref())?,
            None => trust::Pinned::default(),
        };
        let before = pinned.pin.clone();
        // As if seen for the first time: the signature must still match
        // and be by a member the vault lists.
        let verdict = trust::judge(
            &trust::Pinned::default(),
            None,
            &trust::Sighting {
                seal: &seal,
                members: &doc.members,
                lineage: &lineage,
                // A vault under another file name is accepted as such, and
                // the name recorded (below).
                file_name: lineage.name.as_deref().unwrap_or(""),
                digest: &digest,
            },
        )
        .map_err(|r| trust::refused(&self.path, r, &[], &doc.members))?;
        let signer = match verdict {
            Verdict::FirstSeen { signer } => signer,
            _ => None,
        };
        let shown_vault = shown(&self.path.display().to_string()).into_owned();
        if signer.is_none()
            && let Some(p) = &before
            && (p.signed || p.vault_id.is_some())
        {
            return Err(StoreError::Untrusted {
                path: self.path.clone(),
                why: t!("trust-accept-unsigned", vault = shown_vault),
                hint: Remedy::RestoreSigned(trust::sig_path(&self.path)),
            });
        }
        let pinned_id = pinned
            .other_vault
            .clone()
            .or_else(|| before.as_ref().and_then(|p| p.vault_id.clone()));
        let rollback = before
            .as_ref()
            .filter(|p| p.vault_id.is_some() && pinned.other_vault.is_none())
            .filter(|p| lineage.generation < p.generation)
            .map(|p| (p.generation, p.seen_at));
        if let Some((pinned_gen, seen_at)) = rollback
            && !allow_rollback
        {
            return Err(StoreError::Untrusted {
                path: self.path.clone(),
                why: t!(
                    "trust-rollback",
                    vault = shown_vault,
                    found = lineage.generation.to_string(),
                    pinned = pinned_gen.to_string(),
                    seen = trust::when(seen_at)
                ),
                hint: t!("trust-accept-rollback-hint").into(),
            });
        }
        let readded = before
            .as_ref()
            .map(|p| {
                doc.members
                    .iter()
                    .filter_map(|m| {
                        let k = MemberKey::parse(&m.key).ok()?;
                        let r = p.removed_on(k)?;
                        Some(t!(
                            "trust-accept-readded",
                            name = m
                                .name
                                .as_deref()
                                .map(|n| shown(n).into_owned())
                                .unwrap_or_else(|| k.short()),
                            fingerprint = trust::fingerprint(k),
                            on = trust::when(Some(r.on))
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let file_name = document::vault_name_of(&self.path);
        let renamed = lineage
            .name
            .clone()
            .filter(|n| *n != file_name)
            .map(|n| (n, file_name.clone()));
        let fork = before.as_ref().is_some_and(|p| {
            p.vault_id.is_some()
                && p.generation == lineage.generation
                && p.accepted.as_deref() != Some(trust::hex(&digest).as_str())
        });
        // Keys a trust file names none of: accepting is the decision to
        // trust them anyway, and is said.
        let trusted = self.pins().map(|p| p.trusted()).transpose()?.flatten();
        let untrusted = trusted
            .map(|t| {
                doc.members
                    .iter()
                    .filter(|m| {
                        MemberKey::parse(&m.key).is_ok_and(|k| !t.iter().any(|a| a.key == k))
                    })
                    .map(|m| {
                        format!(
                            "{} {}",
                            shown(m.name.as_deref().unwrap_or("-")),
                            trust::fingerprint_of(m)
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let outcome = AcceptOutcome {
            renamed: renamed.clone(),
            fork,
            untrusted,
            signer: signer.map(|k| {
                format!(
                    "{} {}",
                    trust::name_of(&doc.members, k),
                    trust::fingerprint(k)
                )
            }),
            change: before
                .as_ref()
                .map(|p| trust::change(&p.members, &doc.members)),
            members: doc
                .members
                .iter()
                .map(|m| {
                    let card = Card {
                        recipient: m.recipient.clone(),
                        key: crate::sign::MemberKey::parse(&m.key).ok(),
                        name: m.name.as_deref().map(|n| shown(n).into_owned()),
                    };
                    format!("{card}  {}", trust::fingerprint_of(m))
                })
                .collect(),
            generation: (before.as_ref().map(|p| p.generation), lineage.generation),
            vault_id: (pinned_id.clone(), lineage.vault_id.clone()),
            swapped: pinned_id.is_some() && pinned_id != lineage.vault_id,
            rollback: rollback.map(|(g, _)| g),
            readded,
            shared_name: trust::shared_name(&doc.members),
        };
        if !confirm(&outcome)? {
            return Err(StoreError::Refused(Refusal::NotAccepted));
        }
        let mut pin = Pin::next(
            before.as_ref(),
            &self.path,
            signer.is_some(),
            doc.members,
            &lineage,
        )
        .accepting(&digest);
        // A rollback accepted on purpose starts the count again from it.
        pin.generation = lineage.generation;
        if let Some((_, file)) = renamed
            && !pin.aliases.contains(&file)
        {
            pin.aliases.push(file);
        }
        self.save_pin(pin)?;
        Ok(outcome)
    }
}

/// What `members accept` is about to pin, and pinned.
pub struct AcceptOutcome {
    /// The vault's own name and the file name it was found under, when
    /// they differ.
    pub renamed: Option<(String, String)>,
    /// The same generation as pinned, with other content.
    pub fork: bool,
    /// Members whose keys the trust file does not name.
    pub untrusted: Vec<String>,
    /// Who signed the vault, with their key's fingerprint (none: unsigned).
    pub signer: Option<String>,
    /// `+ bob SHA256:…, − carol SHA256:…` against what was pinned before
    /// (none: nothing was).
    pub change: Option<String>,
    /// The members now pinned, as cards with fingerprints.
    pub members: Vec<String>,
    /// The generation pinned before (none: nothing was), and the vault's.
    pub generation: (Option<u64>, u64),
    /// The vault id pinned before, and the vault's.
    pub vault_id: (Option<String>, Option<String>),
    /// The vault is another than the one pinned.
    pub swapped: bool,
    /// The vault is older than the pinned generation (this one).
    pub rollback: Option<u64>,
    /// Removed members listed again, with when they were removed.
    pub readded: Vec<String>,
    /// A name two members share.
    pub shared_name: Option<String>,
}

impl FileStore {}

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

/// An age file as the decryptor is to read it.
pub(crate) struct AgeInput<'a> {
    /// The binary age file, its header checked (and read once: the
    /// header's bytes come first, then the rest of the stream).
    pub reader: Box<dyn BufRead + 'a>,
    /// Whether it was armored.
    pub armored: bool,
    /// What the header says.
    pub header: header::Summary,
}

/// Why an age file could not be read up to the end of its header.
#[derive(Debug)]
pub(crate) enum Unreadable {
    /// It neither starts with the armor nor with an age header.
    NotAge,
    /// Reading failed: damaged armor, or the file ends in the header.
    Io(std::io::Error),
    /// The header breaks the age specification.
    Header(header::Flaw),
}

impl Unreadable {
    /// The reason in words.
    pub fn text(&self) -> String {
        match self {
            Unreadable::NotAge => t!("file-not-age"),
            Unreadable::Io(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                t!("file-truncated")
            }
            // The armor reader's errors are already in words.
            Unreadable::Io(e) => e.to_string(),
            Unreadable::Header(flaw) => t!("header-not-spec", why = flaw.text()),
        }
    }

    fn store_error(self, path: &Path) -> StoreError {
        use std::io::ErrorKind::{InvalidData, UnexpectedEof};
        match self {
            // Not the file's fault: the disk's, or the system's.
            Unreadable::Io(e) if !matches!(e.kind(), InvalidData | UnexpectedEof) => {
                fsutil::FsError::io(fsutil::Action::Read, path, e).into()
            }
            other => StoreError::corrupt(path, other.text()),
        }
    }
}

/// The one reading path of every age file here, the vault and the key
/// file alike: armor (when the file starts with it, whitespace before it
/// allowed) removed by [`Dearmor`], then the header checked as the
/// specification says ([`header::check`]), then age. `len` is the file's
/// size (it sizes the armor reader's buffers).
pub(crate) fn age_input<'a>(
    mut reader: Box<dyn BufRead + 'a>,
    len: usize,
) -> Result<AgeInput<'a>, Unreadable> {
    let start = reader.fill_buf().map_err(Unreadable::Io)?;
    // Say "not an age file" for a file that never was one, rather than
    // whatever the header parser trips on first.
    let (reader, armored): (Box<dyn BufRead + 'a>, bool) = if armor::is_armored(start) {
        (Box::new(Dearmor::new(reader, len)), true)
    } else if start.starts_with(b"age-encryption.org/") {
        (reader, false)
    } else {
        return Err(Unreadable::NotAge);
    };
    let (reader, header) = header::check(reader).map_err(|e| match e {
        header::HeaderError::Io(e) => Unreadable::Io(e),
        header::HeaderError::Flaw(f) => Unreadable::Header(f),
    })?;
    Ok(AgeInput {
        reader: Box::new(reader),
        armored,
        header,
    })
}

/// What unwraps an age file key: a passphrase or identities.
pub(crate) enum Unlocker<'k> {
    Passphrase(&'k SecretString),
    Identities(&'k [Box<dyn age::Identity + Send + Sync>]),
}

/// Starts decrypting with `key`; a passphrase's scrypt work factor is
/// bounded by [`MAX_WORK_FACTOR`] whatever this machine's speed or load
/// (a healthy vault must open on a busy or slow machine too).
pub(crate) fn unwrap_with<R: BufRead>(
    decryptor: Decryptor<R>,
    key: Unlocker<'_>,
) -> Result<age::stream::StreamReader<R>, DecryptError> {
    match key {
        Unlocker::Passphrase(pass) => {
            let mut identity = age::scrypt::Identity::new(pass.clone());
            identity.set_max_work_factor(MAX_WORK_FACTOR);
            decryptor.decrypt(iter::once(&identity as &dyn age::Identity))
        }
        Unlocker::Identities(ids) => decryptor.decrypt(ids.iter().map(|i| i.as_ref() as _)),
    }
}

fn sha256(bytes: &[u8]) -> crate::sign::Digest {
    crate::sign::digest_of(bytes)
}

fn passphrase_error(e: PromptError) -> StoreError {
    match e {
        PromptError::NoTerminal => StoreError::Unavailable {
            why: t!("store-file-vault-needs-passphrase-there").into(),
            hint: t!("store-file-give-0600-passphrase-file").into(),
        },
        PromptError::Fs(e) => StoreError::Fs(e),
        PromptError::Mismatch => StoreError::Refused(Refusal::PassphrasesDiffer),
        PromptError::Empty => StoreError::Refused(Refusal::EmptyPassphrase),
        PromptError::Io(e) => StoreError::Unavailable {
            why: t!("store-file-could-not-read-passphrase", e = e).into(),
            hint: t!("store-file-use-passphrase-file-scripts").into(),
        },
    }
}

/// Reads age identities from a 0600 file, and the signing keys of its
/// X25519 identities.
fn read_keys(path: &Path) -> Result<(Identities, Vec<Signer>), StoreError> {
    let bytes = read_identity_file(path)?;
    let ids = identities_from(path, &bytes)?;
    let text = std::str::from_utf8(&bytes).unwrap_or("");
    let signers = text
        .lines()
        .map(str::trim)
        .filter_map(|l| age::x25519::Identity::from_str(l).ok())
        .map(|id| Signer::local(&id))
        .collect();
    Ok((ids, signers))
}

/// The member cards of the X25519 identities in a file.
pub fn cards_of_identity_file(path: &Path, name: Option<String>) -> Result<Vec<Card>, StoreError> {
    let bytes = read_identity_file(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| StoreError::BadIdentity {
        path: path.to_path_buf(),
        why: t!("store-file-not-text"),
    })?;
    let cards: Vec<Card> = text
        .lines()
        .map(str::trim)
        .filter_map(|l| age::x25519::Identity::from_str(l).ok())
        .map(|id| Card::of(&id, name.clone()))
        .collect();
    if cards.is_empty() {
        return Err(StoreError::BadIdentity {
            path: path.to_path_buf(),
            why: t!("store-file-holds-no-x25519-identity"),
        });
    }
    Ok(cards)
}

/// Reads age identities from a 0600 file into zeroizing memory.
pub fn read_identities(
    path: &Path,
) -> Result<Vec<Box<dyn age::Identity + Send + Sync>>, StoreError> {
    let bytes = read_identity_file(path)?;
    identities_from(path, &bytes)
}

/// Why the age crate refused an identity file, in the user's language:
/// its one common refusal (a line that is not an identity) by the catalog,
/// with the line number; other system errors as [`crate::ui::io_text`].
fn identity_file_text(e: &std::io::Error) -> String {
    let said = e.to_string();
    match said
        .strip_prefix("identity file contains non-identity data on line ")
        .and_then(|n| n.trim().parse::<u64>().ok())
    {
        Some(line) => t!("file-identity-junk", line = line),
        None => crate::ui::io_text(e),
    }
}

/// The age identities in an identity file's bytes.
fn identities_from(path: &Path, bytes: &[u8]) -> Result<Identities, StoreError> {
    let file = age::IdentityFile::from_buffer(bytes).map_err(|e| StoreError::BadIdentity {
        path: path.to_path_buf(),
        why: identity_file_text(&e),
    })?;
    let ids = file
        .into_identities()
        .map_err(|e| StoreError::BadIdentity {
            path: path.to_path_buf(),
            why: e.to_string(),
        })?;
    if ids.is_empty() {
        return Err(StoreError::BadIdentity {
            path: path.to_path_buf(),
            why: t!("store-file-holds-no-identity"),
        });
    }
    Ok(ids)
}

fn read_identity_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    fsutil::read_private(path, fsutil::MAX_IDENTITY_FILE).map_err(|e| {
        if e.is_not_found() {
            StoreError::BadIdentity {
                path: path.to_path_buf(),
                why: t!("store-file-does-not-exist"),
            }
        } else {
            StoreError::Fs(e)
        }
    })
}

/// The public recipients (`age1…`) of the X25519 identities in a file.
pub fn recipients_of_identity_file(path: &Path) -> Result<Vec<String>, StoreError> {
    let bytes = read_identity_file(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| StoreError::BadIdentity {
        path: path.to_path_buf(),
        why: t!("store-file-not-text"),
    })?;
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let identity =
            age::x25519::Identity::from_str(line).map_err(|_| StoreError::BadIdentity {
                path: path.to_path_buf(),
                why: t!("store-file-only-x25519-identities-age"),
            })?;
        out.push(identity.to_public().to_string());
    }
    if out.is_empty() {
        return Err(StoreError::BadIdentity {
            path: path.to_path_buf(),
            why: t!("store-file-holds-no-identity"),
        });
    }
    Ok(out)
}

/// Writes a new X25519 identity file (0600, never overwriting) in the
/// format of `age-keygen`, and returns its recipient.
pub fn generate_identity_file(path: &Path) -> Result<String, StoreError> {
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    let secret = identity.to_string();
    // A file format (as age-keygen writes it), not words: never translated,
    // and the secret must not pass through the catalog's copies.
    let text = Zeroizing::new(format!(
        "# created: {}\n# public key: {public}\n{}\n",
        jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        secret.expose_secret()
    ));
    fsutil::ensure_private_dir(fsutil::parent_of(path))?;
    fsutil::create_private(path, text.as_bytes())?;
    Ok(public)
}

/// A valid `age1…` recipient?
pub fn check_recipient(text: &str) -> Result<(), String> {
    age::x25519::Recipient::from_str(text)
        .map(|_| ())
        .map_err(|_| t!("store-file-not-age-x25519-recipient", text = text))
}

/// The work factor [`WORK_FACTOR_ENV`] asks `init` and `rekey` for
/// (tests), `None` when it is unset or empty. Set outside
/// [`MIN_WORK_FACTOR`]`..=`[`MAX_WORK_FACTOR`] it is refused with the
/// sentence to show: a knob that makes guessing the passphrase cheap must
/// never do so silently, nor be ignored in silence.
pub fn work_factor_override() -> Result<Option<u8>, String> {
    let text = std::env::var_os(WORK_FACTOR_ENV).unwrap_or_default();
    if text.is_empty() {
        return Ok(None);
    }
    text.to_str()
        .and_then(|t| t.parse::<u8>().ok())
        .filter(|n| (MIN_WORK_FACTOR..=MAX_WORK_FACTOR).contains(n))
        .map(Some)
        .ok_or_else(|| {
            t!(
                "store-file-work-factor-env",
                var = WORK_FACTOR_ENV,
                min = MIN_WORK_FACTOR,
                max = MAX_WORK_FACTOR
            )
        })
}
