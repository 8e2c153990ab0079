//! The one reading path of every age file here, the vault and its key
//! file alike: the strict armor reader ([`super::armor`]), the strict
//! header check ([`super::header`]), then the age library, with the scrypt
//! work factor bounded whatever the machine.

use std::io::BufRead;
use std::iter;
use std::path::Path;

use age::secrecy::SecretString;
use age::{DecryptError, Decryptor};

use super::MAX_WORK_FACTOR;
use super::armor::{self, Dearmor};
use super::header;
use super::reason::{Damage, Unreadable};
use crate::fsutil;
use crate::store::StoreError;

/// An age file as the decryptor is to read it.
pub struct AgeInput<'a> {
    /// The binary age file, its header checked (and read once: the
    /// header's bytes come first, then the rest of the stream).
    pub reader: Box<dyn BufRead + 'a>,
    /// Whether it was armored.
    pub armored: bool,
    /// What the header says.
    pub header: header::Summary,
}

impl Unreadable {
    pub(super) fn store_error(self, path: &Path) -> StoreError {
        use std::io::ErrorKind::{InvalidData, UnexpectedEof};
        match self {
            // Not the file's fault: the disk's, or the system's.
            Unreadable::Io(e) if !matches!(e.kind(), InvalidData | UnexpectedEof) => {
                fsutil::FsError::io(fsutil::Action::Read, path, e).into()
            }
            other => StoreError::corrupt(path, Damage::Unreadable(other)),
        }
    }
}

/// The one reading path of every age file here, the vault and the key
/// file alike: armor (when the file starts with it, whitespace before it
/// allowed) removed by [`Dearmor`], then the header checked as the
/// specification says ([`header::check`]), then age. `len` is the file's
/// size (it sizes the armor reader's buffers).
pub fn age_input<'a>(
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
pub enum Unlocker<'k> {
    /// The passphrase of a scrypt file.
    Passphrase(&'k SecretString),
    /// X25519 (or other) identities.
    Identities(&'k [Box<dyn age::Identity + Send + Sync>]),
}

/// Starts decrypting with `key`; a passphrase's scrypt work factor is
/// bounded by [`MAX_WORK_FACTOR`] whatever this machine's speed or load
/// (a healthy vault must open on a busy or slow machine too).
pub fn unwrap_with<R: BufRead>(
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
