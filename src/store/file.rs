//! The age-file store: one armored age file holding every entry and its
//! metadata as a JSON document, unlocked by a passphrase (scrypt) or by
//! X25519 identities. The stock `age` CLI decrypts it.

use std::io::{BufRead, BufReader, Read, Write};
use std::iter;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::armor::{ArmoredWriter, Format};
use age::secrecy::{ExposeSecret, SecretString};
use age::{DecryptError, Decryptor, Encryptor};
use zeroize::Zeroizing;

use super::armor::{self, Dearmor};
use super::{AuxUpdate, MetaUpdate, PutOutcome, RemoveOutcome, Store, StoreError};
use crate::config::StoreKind;
use crate::fsutil;
use crate::prompt::{self, PromptError};
use crate::secret::Secret;
use crate::vault::document::{Document, StoredEntry};
use crate::vault::entry::Meta;
use crate::vault::scan::{self, ScanError};

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

/// The highest work factor a read accepts: 2^22 needs 4 GiB of memory.
pub const MAX_WORK_FACTOR: u8 = 22;

/// How a new vault is to be unlocked.
pub enum NewUnlock {
    /// A passphrase (asked for, or read from the passphrase file), with
    /// this scrypt work factor.
    Passphrase {
        /// log2 of scrypt's N.
        work_factor: u8,
    },
    /// These X25519 recipients (`age1…`).
    Recipients(Vec<String>),
}

/// The key material that opens the vault, gathered before the lock.
enum Key {
    /// The passphrase, and the work factor to write with (the vault's own,
    /// read from its header on the first unlock).
    Passphrase(SecretString, Option<u8>),
    Identities(Vec<Box<dyn age::Identity + Send + Sync>>),
}

/// An age vault file.
pub struct FileStore {
    path: PathBuf,
    identity: Option<PathBuf>,
    passphrase_file: Option<PathBuf>,
    key: Option<Key>,
}

impl FileStore {
    /// A store over the vault at `path`; nothing is read yet.
    pub fn new(path: PathBuf, identity: Option<PathBuf>, passphrase_file: Option<PathBuf>) -> Self {
        FileStore {
            path,
            identity,
            passphrase_file,
            key: None,
        }
    }

    /// The vault file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Creates a new, empty vault; fails if one is already there.
    pub fn create(&mut self, unlock: NewUnlock) -> Result<(), StoreError> {
        if self.path.exists() {
            return Err(StoreError::Fs(fsutil::FsError::io(
                "create",
                &self.path,
                std::io::Error::from(std::io::ErrorKind::AlreadyExists),
            )));
        }
        let doc = match unlock {
            NewUnlock::Passphrase { work_factor } => {
                let pass = match &self.passphrase_file {
                    Some(file) => prompt::passphrase_from_file(file),
                    None => prompt::hidden_twice(
                        "New vault passphrase: ",
                        "The same passphrase again: ",
                    )
                    .map(|p| SecretString::from(p.as_str().to_owned())),
                }
                .map_err(passphrase_error)?;
                self.key = Some(Key::Passphrase(pass, Some(work_factor)));
                Document::new(vec![])
            }
            NewUnlock::Recipients(recipients) => Document::new(recipients),
        };
        let ciphertext = self.encrypt(&doc)?;
        fsutil::ensure_private_dir(fsutil::parent_of(&self.path))?;
        fsutil::atomic_create(&self.path, &ciphertext)?;
        Ok(())
    }

    /// Opens the vault for streaming decryption: armored files go through
    /// [`Dearmor`], binary ones are read as they are. Also returns a bound
    /// on the plaintext's size.
    fn source(&self) -> Result<(Box<dyn BufRead>, usize), StoreError> {
        match fsutil::check_private_file(&self.path) {
            Err(e) if e.is_not_found() => return Err(StoreError::Missing(self.path.clone())),
            other => other?,
        }
        let file = fsutil::open_nofollow(&self.path)?;
        let len = file
            .metadata()
            .map_err(|e| fsutil::FsError::io("read", &self.path, e))?
            .len() as usize;
        if len == 0 {
            return Err(StoreError::corrupt(&self.path, "the file is empty"));
        }
        let mut reader = BufReader::with_capacity(len.clamp(4096, 64 * 1024), file);
        let start = reader
            .fill_buf()
            .map_err(|e| fsutil::FsError::io("read", &self.path, e))?;
        // Say "not an age file" for a file that never was one, rather than
        // whatever the header parser trips on first.
        if armor::is_armored(start) {
            // Base64 makes 3 bytes of 4; the plaintext is smaller still.
            Ok((Box::new(Dearmor::new(reader, len)), len / 4 * 3 + 3))
        } else if start.starts_with(b"age-encryption.org/") {
            Ok((Box::new(reader), len))
        } else {
            Err(StoreError::corrupt(&self.path, "it is not an age file"))
        }
    }

    fn decryptor(
        &self,
        source: Box<dyn BufRead>,
    ) -> Result<Decryptor<Box<dyn BufRead>>, StoreError> {
        Decryptor::new_buffered(source).map_err(|e| self.decrypt_error(e))
    }

    fn decrypt_error(&self, e: DecryptError) -> StoreError {
        match e {
            DecryptError::DecryptionFailed => StoreError::WrongPassphrase,
            DecryptError::NoMatchingKeys => {
                StoreError::WrongIdentity(self.identity.clone().unwrap_or_default())
            }
            DecryptError::InvalidHeader | DecryptError::UnknownFormat => StoreError::corrupt(
                &self.path,
                "it is not an age file, or its header is damaged",
            ),
            DecryptError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
                StoreError::corrupt(&self.path, "the file is truncated")
            }
            DecryptError::ExcessiveWork { required, .. } => StoreError::Unavailable {
                why: format!(
                    "the vault {} asks for scrypt work factor {required}, above the {MAX_WORK_FACTOR} chopvault accepts (2^{MAX_WORK_FACTOR} needs 4 GiB of memory)",
                    self.path.display()
                ),
                hint: "Another tool wrote it with that cost. Decrypt it with age -d on a machine with the memory, then store its entries in a vault made by chopvault init.".into(),
            },
            other => StoreError::corrupt(&self.path, other),
        }
    }

    /// Obtains the passphrase or identities the vault needs.
    fn unlock_key(&mut self) -> Result<(), StoreError> {
        if self.key.is_none() {
            let (source, _) = self.source()?;
            let is_scrypt = self.decryptor(source)?.is_scrypt();
            self.key = Some(self.key_for(is_scrypt)?);
        }
        Ok(())
    }

    /// The scrypt work factor in the vault's header (passphrase vaults).
    pub fn work_factor(&self) -> Result<Option<u8>, StoreError> {
        let (mut source, _) = self.source()?;
        // The header is text: the version line, then stanzas. One scrypt
        // stanza's line is `-> scrypt SALT LOG_N`; read a few lines only.
        let mut line = Vec::new();
        for _ in 0..8 {
            line.clear();
            let n = source
                .by_ref()
                .take(256)
                .read_until(b'\n', &mut line)
                .map_err(|e| self.stream_error(e))?;
            if n == 0 || line.starts_with(b"---") {
                break;
            }
            if let Some(args) = line.strip_prefix(b"-> scrypt ") {
                let log_n = args
                    .trim_ascii_end()
                    .rsplit(|&b| b == b' ')
                    .next()
                    .and_then(|n| std::str::from_utf8(n).ok())
                    .and_then(|n| n.parse::<u8>().ok());
                return Ok(log_n);
            }
        }
        Ok(None)
    }

    /// The passphrase (for a scrypt vault) or the identities.
    fn key_for(&self, is_scrypt: bool) -> Result<Key, StoreError> {
        if is_scrypt {
            // Writes keep the vault's own cost; never re-measured.
            let work_factor = self.work_factor()?;
            let pass = match &self.passphrase_file {
                Some(file) => prompt::passphrase_from_file(file),
                None => prompt::hidden("Vault passphrase: ")
                    .map(|p| SecretString::from(p.as_str().to_owned())),
            }
            .map_err(passphrase_error)?;
            Ok(Key::Passphrase(pass, work_factor))
        } else {
            let Some(path) = &self.identity else {
                return Err(StoreError::Unavailable {
                    why: format!(
                        "the vault {} is encrypted to age identities, and none was given",
                        self.path.display()
                    ),
                    hint: "Pass --identity FILE or set CHOPVAULT_IDENTITY.".into(),
                });
            };
            Ok(Key::Identities(read_identities(path)?))
        }
    }

    /// A stream of the decrypted vault, and a bound on its length.
    fn plaintext(&mut self) -> Result<(impl Read + use<>, usize), StoreError> {
        let (source, bound) = self.source()?;
        let decryptor = self.decryptor(source)?;
        // Not unlocked yet: this header says which key is needed, so the
        // file is opened and its header parsed once (it matters on a short
        // `get`, where start-up is most of the time).
        if self.key.is_none() {
            self.key = Some(self.key_for(decryptor.is_scrypt())?);
        }
        let reader = match self.key.as_ref().expect("unlocked above") {
            Key::Passphrase(pass, _) => {
                if !decryptor.is_scrypt() {
                    return Err(StoreError::corrupt(
                        &self.path,
                        "it changed from a passphrase vault to an identity vault while being read",
                    ));
                }
                let mut identity = age::scrypt::Identity::new(pass.clone());
                // Whatever this machine's speed or load: a healthy vault
                // must open on a busy or slow machine too.
                identity.set_max_work_factor(MAX_WORK_FACTOR);
                decryptor.decrypt(iter::once(&identity as &dyn age::Identity))
            }
            Key::Identities(ids) => decryptor.decrypt(ids.iter().map(|i| i.as_ref() as _)),
        };
        Ok((reader.map_err(|e| self.decrypt_error(e))?, bound))
    }

    fn stream_error(&self, e: std::io::Error) -> StoreError {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            StoreError::corrupt(&self.path, "the file is truncated")
        } else {
            StoreError::corrupt(&self.path, "its encrypted content is truncated or damaged")
        }
    }

    /// Decrypts the whole vault into a buffer that never grows.
    fn decrypt(&mut self) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        let (mut reader, bound) = self.plaintext()?;
        // `bound` is at least the plaintext's length: reserving it means the
        // buffer never grows, so no unzeroed copy of a secret is freed.
        let mut plain = Zeroizing::new(Vec::with_capacity(bound + 1));
        reader
            .read_to_end(&mut plain)
            .map_err(|e| self.stream_error(e))?;
        Ok(plain)
    }

    /// Decrypts and parses the whole vault (for writes).
    fn open(&mut self) -> Result<Document, StoreError> {
        let plain = self.decrypt()?;
        Document::parse(&plain).map_err(|e| StoreError::format(&self.path, e))
    }

    /// Decrypts as a stream and parses only one entry (for reads): the
    /// vault is never held whole in memory.
    fn find(&mut self, name: &str) -> Result<StoredEntry, StoreError> {
        let (reader, bound) = self.plaintext()?;
        match scan::find_entry_sized(reader, name, bound) {
            Ok(Some(entry)) => Ok(entry),
            Ok(None) => Err(StoreError::NotFound(name.into())),
            Err(ScanError::Io(e)) => Err(self.stream_error(e)),
            Err(ScanError::Format(e)) => Err(StoreError::format(&self.path, e)),
        }
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
                                format!("its recipient {r} is not valid"),
                            )
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if recipients.is_empty() {
                    return Err(StoreError::corrupt(&self.path, "it lists no recipients"));
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
        write(&mut out).map_err(|e| fsutil::FsError::io("encrypt", &self.path, e))?;
        Ok(out)
    }

    fn save(&self, doc: &Document) -> Result<(), StoreError> {
        let ciphertext = self.encrypt(doc)?;
        fsutil::atomic_write(&self.path, &ciphertext)?;
        Ok(())
    }

    /// Every entry's metadata, decrypted from the vault (to rebuild the index).
    pub fn metas(&mut self) -> Result<std::collections::BTreeMap<String, Meta>, StoreError> {
        Ok(self.open()?.metas())
    }

    /// The recipients the vault is encrypted to (empty: passphrase vault).
    pub fn recipients(&mut self) -> Result<Vec<String>, StoreError> {
        Ok(self.open()?.recipients)
    }

    /// Re-encrypts the vault for a changed recipient set. The caller holds
    /// the writers' lock. A passphrase vault has no recipients to change.
    pub fn change_recipients(
        &mut self,
        change: impl FnOnce(&mut Vec<String>) -> Result<(), StoreError>,
    ) -> Result<Vec<String>, StoreError> {
        let mut doc = self.open()?;
        if matches!(self.key, Some(Key::Passphrase(..))) {
            return Err(StoreError::Unavailable {
                why: "this vault is unlocked by a passphrase and has no recipients".into(),
                hint: "A team vault is made with identities: chopvault init --vault team.age --generate-identity --recipient age1…".into(),
            });
        }
        change(&mut doc.recipients)?;
        self.save(&doc)?;
        Ok(doc.recipients)
    }
}

impl Store for FileStore {
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
        let mut doc = self.open()?;
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
        self.save(&doc)?;
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
        let mut doc = self.open()?;
        let entry = doc
            .entries
            .get_mut(name)
            .ok_or_else(|| StoreError::NotFound(name.into()))?;
        let meta = update(Some(&entry.meta));
        entry.meta = meta.clone();
        self.save(&doc)?;
        Ok(PutOutcome {
            meta,
            all: Some(doc.metas()),
        })
    }

    fn remove(&mut self, name: &str, _known: Option<&Meta>) -> Result<RemoveOutcome, StoreError> {
        let mut doc = self.open()?;
        let existed = doc.entries.remove(name).is_some();
        if existed {
            self.save(&doc)?;
        }
        Ok(RemoveOutcome {
            existed,
            all: Some(doc.metas()),
        })
    }
}

fn passphrase_error(e: PromptError) -> StoreError {
    match e {
        PromptError::NoTerminal => StoreError::Unavailable {
            why: "the vault needs its passphrase, and there is no terminal to ask on".into(),
            hint:
                "Give a 0600 passphrase file with --passphrase-file or CHOPVAULT_PASSPHRASE_FILE."
                    .into(),
        },
        PromptError::Fs(e) => StoreError::Fs(e),
        PromptError::Mismatch => StoreError::Unavailable {
            why: "the two passphrases do not match".into(),
            hint: "Run the command again.".into(),
        },
        PromptError::Empty => StoreError::Unavailable {
            why: "the passphrase is empty".into(),
            hint: "Enter a passphrase, or put one on the first line of the passphrase file.".into(),
        },
        PromptError::Io(e) => StoreError::Unavailable {
            why: format!("could not read the passphrase: {e}"),
            hint: "Use --passphrase-file for scripts.".into(),
        },
    }
}

/// Reads age identities from a 0600 file into zeroizing memory.
pub fn read_identities(
    path: &Path,
) -> Result<Vec<Box<dyn age::Identity + Send + Sync>>, StoreError> {
    let bytes = read_identity_file(path)?;
    let file = age::IdentityFile::from_buffer(&bytes[..]).map_err(|e| StoreError::BadIdentity {
        path: path.to_path_buf(),
        why: e.to_string(),
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
            why: "it holds no identity".into(),
        });
    }
    Ok(ids)
}

fn read_identity_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    fsutil::read_private(path).map_err(|e| {
        if e.is_not_found() {
            StoreError::BadIdentity {
                path: path.to_path_buf(),
                why: "it does not exist".into(),
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
        why: "it is not text".into(),
    })?;
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let identity =
            age::x25519::Identity::from_str(line).map_err(|_| StoreError::BadIdentity {
                path: path.to_path_buf(),
                why: "only X25519 identities (AGE-SECRET-KEY-1…) are supported".into(),
            })?;
        out.push(identity.to_public().to_string());
    }
    if out.is_empty() {
        return Err(StoreError::BadIdentity {
            path: path.to_path_buf(),
            why: "it holds no identity".into(),
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
        .map_err(|_| format!("'{text}' is not an age X25519 recipient (age1…)"))
}

/// The work factor [`WORK_FACTOR_ENV`] asks `init` for (tests).
pub fn work_factor_override() -> Option<u8> {
    std::env::var(WORK_FACTOR_ENV)
        .ok()?
        .parse::<u8>()
        .ok()
        .filter(|n| (1..=MAX_WORK_FACTOR).contains(n))
}
