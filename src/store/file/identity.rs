//! The user's age identity files: reading them (0600, into zeroizing
//! memory), the cards and recipients of the X25519 identities in them, and
//! writing a new one as `age-keygen` does. The vault's own key file is
//! [`super::keyfile`]; these are the files `--identity` names.

use std::path::Path;
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use zeroize::Zeroizing;

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
