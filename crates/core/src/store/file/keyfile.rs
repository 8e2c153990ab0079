//! A passphrase-protected identity beside the vault: `vault.key.age`.
//!
//! The pattern age itself recommends for a passphrase: an X25519 identity,
//! encrypted with the passphrase (scrypt at a work factor fixed at `init`),
//! and the vault encrypted to that identity. The expensive scrypt runs only
//! on the small key file, once per session with the agent; the vault itself
//! opens with X25519 (about 0.2 ms), is signed like every identity vault,
//! and changing the passphrase rewrites only the key file. Stock age opens
//! it: `age -d -i vault.key.age vault.age` asks for the passphrase.

use std::io::{Read, Write};
use std::iter;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::armor::{ArmoredWriter, Format};
use age::secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use super::reason::{Damage, IdentityFlaw, Unavailable};
use super::{MAX_WORK_FACTOR, Unlocker, age_input};
use crate::fsutil;
use crate::store::{Remedy, StoreError, Why};

/// Largest key file read (one identity is about 600 bytes armored).
const MAX_LEN: u64 = 64 * 1024;

/// The key file of a vault: `vault.age` → `vault.key.age`.
pub fn path_for(vault: &Path) -> PathBuf {
    let stem = vault
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "vault".into());
    vault.with_file_name(format!("{stem}.key.age"))
}

/// Generates an identity, writes it encrypted with `pass` to `path` (0600,
/// never overwriting), and returns it.
pub fn create(
    path: &Path,
    pass: &SecretString,
    work_factor: u8,
) -> Result<age::x25519::Identity, StoreError> {
    let identity = age::x25519::Identity::generate();
    let text = identity_text(&identity);
    let sealed = seal(path, &text, pass, work_factor)?;
    fsutil::ensure_private_dir(fsutil::parent_of(path))?;
    fsutil::atomic_create(path, &sealed)?;
    Ok(identity)
}

/// Re-encrypts the key file with a new passphrase (and work factor): the
/// identity, and so the vault, stays the same. The caller holds the lock.
pub fn rewrap(
    path: &Path,
    identity: &age::x25519::Identity,
    pass: &SecretString,
    work_factor: u8,
) -> Result<(), StoreError> {
    let sealed = seal(path, &identity_text(identity), pass, work_factor)?;
    fsutil::atomic_write(path, &sealed)?;
    Ok(())
}

/// The key file's content in `age-keygen`'s format.
fn identity_text(identity: &age::x25519::Identity) -> Zeroizing<String> {
    // A file format, not words: never translated (nor copied by the catalog).
    Zeroizing::new(format!(
        "# created: {}\n# public key: {}\n{}\n",
        jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        identity.to_public(),
        identity.to_string().expose_secret()
    ))
}

fn seal(
    path: &Path,
    text: &str,
    pass: &SecretString,
    work_factor: u8,
) -> Result<Vec<u8>, StoreError> {
    let mut recipient = age::scrypt::Recipient::new(pass.clone());
    recipient.set_work_factor(work_factor);
    let encryptor = age::Encryptor::with_recipients(iter::once(&recipient as &dyn age::Recipient))
        .map_err(|e| StoreError::corrupt(path, Damage::Encrypt(Box::new(e))))?;
    let mut out = Vec::with_capacity(1024);
    let write = |out: &mut Vec<u8>| -> std::io::Result<()> {
        let armor = ArmoredWriter::wrap_output(out, Format::AsciiArmor)?;
        let mut w = encryptor.wrap_output(armor)?;
        w.write_all(text.as_bytes())?;
        w.finish()?.finish()?;
        Ok(())
    };
    write(&mut out).map_err(|e| fsutil::FsError::io(fsutil::Action::Encrypt, path, e))?;
    Ok(out)
}

/// The key file's scrypt work factor, read from its header without the
/// passphrase.
pub fn work_factor(path: &Path) -> Result<Option<u8>, StoreError> {
    let bytes = read(path)?;
    let input = age_input(Box::new(&bytes[..]), bytes.len())
        .map_err(|u| bad(path, IdentityFlaw::Unreadable(u)))?;
    Ok(input.header.scrypt_work_factor)
}

/// Decrypts the key file with `pass` and returns its identities. The file
/// is read as the vault is ([`age_input`]: the same armor reader and header
/// check), so whatever opens one opens the other.
pub fn open(path: &Path, pass: &SecretString) -> Result<Vec<age::x25519::Identity>, StoreError> {
    let bytes = read(path)?;
    let input = age_input(Box::new(&bytes[..]), bytes.len())
        .map_err(|u| bad(path, IdentityFlaw::Unreadable(u)))?;
    let decryptor = age::Decryptor::new_buffered(input.reader)
        .map_err(|_| bad(path, IdentityFlaw::KeyNotAge))?;
    if !decryptor.is_scrypt() {
        return Err(bad(path, IdentityFlaw::KeyNotPassphrase));
    }
    let mut reader =
        super::unwrap_with(decryptor, Unlocker::Passphrase(pass)).map_err(|e| match e {
            age::DecryptError::DecryptionFailed => StoreError::WrongPassphrase,
            age::DecryptError::ExcessiveWork { required, .. } => StoreError::Unavailable {
                why: Why::File(Unavailable::KeyTooCostly {
                    key: path.to_path_buf(),
                    required,
                    max: MAX_WORK_FACTOR,
                }),
                hint: Remedy::LowerWorkFactor,
            },
            _ => bad(path, IdentityFlaw::KeyDamaged),
        })?;
    let mut text = Zeroizing::new(Vec::with_capacity(bytes.len()));
    reader
        .read_to_end(&mut text)
        .map_err(|_| bad(path, IdentityFlaw::KeyDamaged))?;
    let text = std::str::from_utf8(&text).map_err(|_| bad(path, IdentityFlaw::KeyNoIdentity))?;
    let ids: Vec<age::x25519::Identity> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(age::x25519::Identity::from_str)
        .collect::<Result<_, _>>()
        .map_err(|_| bad(path, IdentityFlaw::KeyNoX25519))?;
    if ids.is_empty() {
        return Err(bad(path, IdentityFlaw::KeyHoldsNone));
    }
    Ok(ids)
}

fn read(path: &Path) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    fsutil::check_private_file(path)?;
    let file = fsutil::open_nofollow(path)?;
    let mut bytes = Zeroizing::new(Vec::with_capacity(4096));
    file.take(MAX_LEN)
        .read_to_end(&mut bytes)
        .map_err(|e| fsutil::FsError::io(fsutil::Action::Read, path, e))?;
    Ok(bytes)
}

fn bad(path: &Path, why: IdentityFlaw) -> StoreError {
    StoreError::BadIdentity {
        path: path.to_path_buf(),
        why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_rewrap() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("team.age");
        let key = path_for(&vault);
        assert_eq!(key, dir.path().join("team.key.age"));
        let pass = SecretString::from("correct horse".to_owned());
        let id = create(&key, &pass, 10).unwrap();
        assert_eq!(work_factor(&key).unwrap(), Some(10));
        let back = open(&key, &pass).unwrap();
        assert_eq!(back[0].to_public().to_string(), id.to_public().to_string());
        let wrong = SecretString::from("wrong".to_owned());
        assert!(matches!(
            open(&key, &wrong),
            Err(StoreError::WrongPassphrase)
        ));
        let new = SecretString::from("new passphrase".to_owned());
        rewrap(&key, &id, &new, 11).unwrap();
        assert!(matches!(
            open(&key, &pass),
            Err(StoreError::WrongPassphrase)
        ));
        assert_eq!(
            open(&key, &new).unwrap()[0].to_public().to_string(),
            id.to_public().to_string()
        );
        assert_eq!(work_factor(&key).unwrap(), Some(11));
        // Never overwritten by create.
        assert!(create(&key, &pass, 10).is_err());
    }

    /// Issue 25: the key file went through age's armor reader, which
    /// refuses whitespace before the BEGIN line that the vault's reader
    /// (and the spec) allow. One reader now: the same file opens as both.
    #[test]
    fn whitespace_around_the_armor_is_read_as_for_the_vault() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("vault.key.age");
        let pass = SecretString::from("correct horse".to_owned());
        let id = create(&key, &pass, 10).unwrap();
        let armored = std::fs::read(&key).unwrap();
        let mut spaced = b"\n \t\r\n".to_vec();
        spaced.extend_from_slice(&armored);
        spaced.extend_from_slice(b"\n\n");
        std::fs::write(&key, &spaced).unwrap();
        assert_eq!(work_factor(&key).unwrap(), Some(10));
        let back = open(&key, &pass).unwrap();
        assert_eq!(back[0].to_public().to_string(), id.to_public().to_string());
        let vault = super::super::age_input(Box::new(&spaced[..]), spaced.len());
        assert!(vault.is_ok(), "{:?}", vault.err());
    }

    /// Issue 25: a key file whose scrypt work factor is `10a` (read by age
    /// 0.12.1 as 10) is refused as not an age file as the spec says.
    #[test]
    fn a_misspelt_work_factor_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("vault.key.age");
        let binary = super::super::conformance::scrypt_file_with_work_factor("10a");
        let mut armored = Vec::new();
        let mut w = ArmoredWriter::wrap_output(&mut armored, Format::AsciiArmor).unwrap();
        w.write_all(&binary).unwrap();
        w.finish().unwrap();
        fsutil::atomic_create(&key, &armored).unwrap();
        let pass = SecretString::from("password".to_owned());
        let why = match open(&key, &pass) {
            Err(StoreError::BadIdentity { why, .. }) => why,
            other => panic!("{:?}", other.map(|ids| ids.len())),
        };
        assert!(
            matches!(
                &why,
                IdentityFlaw::Unreadable(super::super::Unreadable::Header(
                    super::super::header::Flaw::ScryptWorkFactor(v)
                )) if v == "10a"
            ),
            "{why:?}"
        );
        assert!(work_factor(&key).is_err());
    }
}
