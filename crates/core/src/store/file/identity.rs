//! The user's age identity files: reading them (0600, into zeroizing
//! memory), the cards and recipients of the X25519 identities in them, and
//! writing a new one as `age-keygen` does. The vault's own key file is
//! [`super::keyfile`]; these are the files `--identity` names.

use std::path::Path;
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::reason::IdentityFlaw;
use crate::fsutil;
use crate::sign::Card;
use crate::store::StoreError;

/// age identities that unlock a vault.
pub type Identities = Vec<Box<dyn age::Identity + Send + Sync>>;

/// Reads age identities from a 0600 file, and its X25519 identities apart
/// (the vault store derives their signing keys).
pub(super) fn read_keys(
    path: &Path,
) -> Result<(Identities, Vec<age::x25519::Identity>), StoreError> {
    let bytes = read_identity_file(path)?;
    let ids = identities_from(path, &bytes)?;
    let text = std::str::from_utf8(&bytes).unwrap_or("");
    let x25519 = text
        .lines()
        .map(str::trim)
        .filter_map(|l| age::x25519::Identity::from_str(l).ok())
        .collect();
    Ok((ids, x25519))
}

/// The member cards of the X25519 identities in a file.
pub fn cards_of_identity_file(path: &Path, name: Option<String>) -> Result<Vec<Card>, StoreError> {
    let bytes = read_identity_file(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| StoreError::BadIdentity {
        path: path.to_path_buf(),
        why: IdentityFlaw::NotText,
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
            why: IdentityFlaw::NoX25519,
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

/// Why the age crate refused an identity file, as a fact: its one common
/// refusal (a line that is not an identity, which age says only in
/// English) with the line number; other errors as they are.
fn identity_file_flaw(e: std::io::Error) -> IdentityFlaw {
    let said = e.to_string();
    match said
        .strip_prefix("identity file contains non-identity data on line ")
        .and_then(|n| n.trim().parse::<u64>().ok())
    {
        Some(line) => IdentityFlaw::Junk(line),
        None => IdentityFlaw::Io(e),
    }
}

/// The age identities in an identity file's bytes.
fn identities_from(path: &Path, bytes: &[u8]) -> Result<Identities, StoreError> {
    let file = age::IdentityFile::from_buffer(bytes).map_err(|e| StoreError::BadIdentity {
        path: path.to_path_buf(),
        why: identity_file_flaw(e),
    })?;
    let ids = file
        .into_identities()
        .map_err(|e| StoreError::BadIdentity {
            path: path.to_path_buf(),
            why: IdentityFlaw::Age(e),
        })?;
    if ids.is_empty() {
        return Err(StoreError::BadIdentity {
            path: path.to_path_buf(),
            why: IdentityFlaw::HoldsNone,
        });
    }
    Ok(ids)
}

fn read_identity_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    fsutil::read_private(path, fsutil::MAX_IDENTITY_FILE).map_err(|e| {
        if e.is_not_found() {
            StoreError::BadIdentity {
                path: path.to_path_buf(),
                why: IdentityFlaw::Missing,
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
        why: IdentityFlaw::NotText,
    })?;
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let identity =
            age::x25519::Identity::from_str(line).map_err(|_| StoreError::BadIdentity {
                path: path.to_path_buf(),
                why: IdentityFlaw::OnlyX25519,
            })?;
        out.push(identity.to_public().to_string());
    }
    if out.is_empty() {
        return Err(StoreError::BadIdentity {
            path: path.to_path_buf(),
            why: IdentityFlaw::HoldsNone,
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
