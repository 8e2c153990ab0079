//! Which identity vaults to believe: the signature beside the vault, and
//! the members this machine has pinned.
//!
//! age encrypts to public keys, so anyone who has a team's recipients can
//! write a well-formed vault. A vault is therefore used only when its
//! detached signature (`VAULT.sig`) is by a member this user has pinned:
//! the first time a vault is opened here, its member set is recorded in the
//! user's own state (never beside the vault, where whoever writes the vault
//! could write it too) and shown; afterwards a signature must be by a
//! pinned member, and a changed member set is accepted only when so signed,
//! and shown. The rules, in [`judge`]:
//!
//! | pinned            | signature                | result                          |
//! |-------------------|--------------------------|---------------------------------|
//! | nothing           | by a member it lists     | pin, show the members           |
//! | nothing / unsigned| none, no members listed  | warn (written before signing)   |
//! | unsigned          | by a member it lists     | pin, show "now signed"          |
//! | signed            | by a pinned member       | use; pin and show any change    |
//! | signed            | none                     | refuse                          |
//! | any               | by anyone else, damaged, | refuse                          |
//! |                   | not over these bytes     |                                 |

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fsutil;
use crate::sign::{MemberKey, Signature};
use crate::store::file::document::Member;
use crate::store::{Remedy, StoreError};
use crate::text::shown;

const FORMAT: &str = "chopvault-members";

/// Largest signature file read (an Ed25519 SSHSIG is about 300 bytes).
const MAX_SIG: u64 = 16 * 1024;

/// What this user has recorded about one vault.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    format: String,
    /// The vault (canonical path), for people reading the file.
    pub vault: PathBuf,
    /// Whether the vault has been seen signed (an unsigned copy is then
    /// refused).
    pub signed: bool,
    /// The members who may sign it.
    pub members: Vec<Member>,
    /// SHA-256 (hex) of the vault file last accepted here. The same bytes
    /// stay accepted: after a member removes themselves, their signature
    /// on that change is no longer a pinned member's, yet the file is the
    /// one already judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<String>,
}

impl Pin {
    /// A pin for these members.
    pub fn new(vault: &Path, signed: bool, members: Vec<Member>) -> Pin {
        Pin {
            format: FORMAT.into(),
            vault: vault.to_path_buf(),
            signed,
            members,
            accepted: None,
        }
    }

    /// The same, recording the accepted file's digest.
    pub fn accepting(mut self, digest: &crate::sign::Digest) -> Pin {
        self.accepted = Some(hex(digest));
        self
    }

    /// Reads the pin file; `None` when there is none yet.
    pub fn load(path: &Path) -> Result<Option<Pin>, StoreError> {
        let bytes = match fsutil::read_private(path) {
            Ok(b) => b,
            Err(e) if e.is_not_found() => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        match serde_json::from_slice::<Pin>(&bytes) {
            Ok(pin) if pin.format == FORMAT => Ok(Some(pin)),
            _ => Err(StoreError::Untrusted {
                path: path.to_path_buf(),
                why: t!(
                    "store-file-trust-record-vault-s-members",
                    path = path.display()
                ),
                hint: t!("store-file-trust-move-away-then-open").into(),
            }),
        }
    }

    /// Writes the pin file (0600 in a 0700 folder, atomically).
    pub fn save(&self, path: &Path) -> Result<(), StoreError> {
        fsutil::ensure_private_dir(fsutil::parent_of(path))?;
        let mut bytes = serde_json::to_vec_pretty(self).expect("a pin always serialises");
        bytes.push(b'\n');
        fsutil::atomic_write(path, &bytes)?;
        Ok(())
    }
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the signature beside a vault says about the bytes read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seal {
    /// No signature file.
    Unsigned,
    /// A valid signature over exactly these bytes, by this key.
    SignedBy(MemberKey),
    /// A signature that does not match these bytes; the key it names.
    Mismatch(MemberKey),
    /// A signature file that is not a chopvault signature.
    Damaged(String),
}

/// The signature file of a vault: `team.age` → `team.age.sig`.
pub fn sig_path(vault: &Path) -> PathBuf {
    let mut name = vault.as_os_str().to_owned();
    name.push(".sig");
    PathBuf::from(name)
}

/// Where a write puts the new signature before the vault is renamed into
/// place; it becomes `VAULT.sig` right after. Readers accept a signature
/// from either, so a write killed between the two renames loses nothing.
pub fn next_sig_path(vault: &Path) -> PathBuf {
    let mut name = vault.as_os_str().to_owned();
    name.push(".sig.next");
    PathBuf::from(name)
}

/// Checks the signature files beside `vault` against the SHA-256 of the
/// bytes that were decrypted.
pub fn seal(vault: &Path, digest: &crate::sign::Digest) -> Result<Seal, StoreError> {
    let mut found = Seal::Unsigned;
    let mut sha512 = None;
    for path in [sig_path(vault), next_sig_path(vault)] {
        let Some(bytes) = read_small(&path)? else {
            continue;
        };
        match Signature::parse(&bytes) {
            Ok(sig) if covers(&sig, vault, digest, &mut sha512)? => {
                return Ok(Seal::SignedBy(sig.claimed_key()));
            }
            Ok(sig) => {
                if found == Seal::Unsigned || matches!(found, Seal::Damaged(_)) {
                    found = Seal::Mismatch(sig.claimed_key());
                }
            }
            Err(e) => {
                if found == Seal::Unsigned {
                    found = Seal::Damaged(format!("{}: {e}", path.display()));
                }
            }
        }
    }
    Ok(found)
}

/// Whether `sig` signs the bytes that were decrypted, whose SHA-256 is
/// `digest`. A SHA-512 signature (what `ssh-keygen -Y sign` makes unless
/// told otherwise) needs their SHA-512: the vault is read once more, on
/// first need (`sha512` keeps it for the other signature file), and its
/// SHA-512 is used only if that read's SHA-256 is `digest`, so a file
/// changed in between is a mismatch, never a different file verified.
fn covers(
    sig: &Signature,
    vault: &Path,
    digest: &crate::sign::Digest,
    sha512: &mut Option<Option<[u8; 64]>>,
) -> Result<bool, StoreError> {
    if sig.hash() == crate::sign::Hash::Sha256 {
        return Ok(sig.verifies(digest));
    }
    if sha512.is_none() {
        let file = fsutil::open_nofollow(vault)?;
        let hash = crate::sign::sha512_if_same(file, digest)
            .map_err(|e| fsutil::FsError::io("read", vault, e))?;
        *sha512 = Some(hash);
    }
    Ok(sha512.flatten().is_some_and(|h| sig.verifies_sha512(&h)))
}

fn read_small(path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    use std::io::Read;
    let file = match fsutil::open_nofollow(path) {
        Ok(f) => f,
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut bytes = Vec::new();
    file.take(MAX_SIG)
        .read_to_end(&mut bytes)
        .map_err(|e| fsutil::FsError::io("read", path, e))?;
    Ok(Some(bytes))
}

/// What opening the vault means for the pin.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Signed by a pinned member, members as pinned.
    Trusted,
    /// First use on this machine: pin these members.
    FirstSeen {
        /// The signer, if signed.
        signer: Option<MemberKey>,
    },
    /// Signed by a pinned member, and the member set changed.
    Changed {
        /// Who signed the change.
        signer: MemberKey,
    },
    /// Seen unsigned before, now signed: pin the members.
    NowSigned {
        /// The signer.
        signer: MemberKey,
    },
    /// Written before vaults were signed, and never seen signed: used with
    /// a warning.
    Legacy,
}

/// Why a vault is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No signature beside it, and one is required: it was seen signed
    /// before (`seen_signed`), or its document lists members, which only a
    /// signing writer records.
    Unsigned {
        /// This machine has seen it signed.
        seen_signed: bool,
    },
    /// The signature does not match the file (the file was changed after
    /// signing, or the signature was copied from another version).
    Mismatch {
        /// The key the signature names.
        claimed: MemberKey,
    },
    /// The signature file is not a chopvault signature.
    Damaged(String),
    /// A valid signature, by a key that is not a pinned member (a
    /// non-member, or a member whose removal was seen here).
    NotMember {
        /// The signer.
        signer: MemberKey,
    },
}

/// Decides whether a vault with these members and this signature may be
/// used, given what was pinned.
pub fn judge(
    pin: Option<&Pin>,
    seal: &Seal,
    members: &[Member],
    digest: &crate::sign::Digest,
) -> Result<Verdict, Refusal> {
    // The very file accepted here before, still with a valid signature.
    if let (Some(pin), Seal::SignedBy(_)) = (pin, seal)
        && pin.accepted.as_deref() == Some(hex(digest).as_str())
    {
        return Ok(Verdict::Trusted);
    }
    let signer = match seal {
        Seal::Unsigned => None,
        Seal::SignedBy(k) => Some(*k),
        Seal::Mismatch(k) => return Err(Refusal::Mismatch { claimed: *k }),
        Seal::Damaged(why) => return Err(Refusal::Damaged(why.clone())),
    };
    let lists = |set: &[Member], key: MemberKey| {
        set.iter()
            .any(|m| MemberKey::parse(&m.key).is_ok_and(|k| k == key))
    };
    match (pin, signer) {
        // Unsigned: only a vault from before signing, never seen signed.
        (None, None) | (Some(Pin { signed: false, .. }), None) => {
            if members.is_empty() {
                Ok(Verdict::Legacy)
            } else {
                Err(Refusal::Unsigned { seen_signed: false })
            }
        }
        (Some(Pin { signed: true, .. }), None) => Err(Refusal::Unsigned { seen_signed: true }),
        // With nothing pinned, the signer must be a member the document
        // itself lists.
        (None | Some(Pin { signed: false, .. }), Some(k)) if !lists(members, k) => {
            Err(Refusal::NotMember { signer: k })
        }
        (None, Some(k)) => Ok(Verdict::FirstSeen { signer: Some(k) }),
        (Some(Pin { signed: false, .. }), Some(k)) => Ok(Verdict::NowSigned { signer: k }),
        // Pinned: the signer must be a pinned member (one who removes
        // themselves signs that last change, and is then unpinned).
        (Some(pin), Some(k)) => {
            if !lists(&pin.members, k) {
                Err(Refusal::NotMember { signer: k })
            } else if set_of(&pin.members) == set_of(members) {
                Ok(Verdict::Trusted)
            } else {
                Ok(Verdict::Changed { signer: k })
            }
        }
    }
}

/// A member set compared by recipient and key (names are only labels).
fn set_of(members: &[Member]) -> BTreeSet<(String, String)> {
    members
        .iter()
        .map(|m| (m.recipient.clone(), m.key.clone()))
        .collect()
}

/// A member's name for messages: their card's name, else the end of
/// their key.
pub fn name_of(members: &[Member], key: MemberKey) -> String {
    members
        .iter()
        .find(|m| MemberKey::parse(&m.key).is_ok_and(|k| k == key))
        .and_then(|m| m.name.as_deref())
        .map(|n| shown(n).into_owned())
        .unwrap_or_else(|| t!("trust-key-short", short = key.short()))
}

fn label(m: &Member) -> String {
    match &m.name {
        Some(n) => shown(n).into_owned(),
        None => format!("{}…", &m.recipient[..m.recipient.len().min(12)]),
    }
}

/// `+ bob, − carol` between two member sets (empty when they are equal).
pub fn change(before: &[Member], after: &[Member]) -> String {
    let old = set_of(before);
    let new = set_of(after);
    let added = after
        .iter()
        .filter(|m| !old.contains(&(m.recipient.clone(), m.key.clone())))
        .map(|m| format!("+ {}", label(m)));
    let removed = before
        .iter()
        .filter(|m| !new.contains(&(m.recipient.clone(), m.key.clone())))
        .map(|m| format!("− {}", label(m)));
    added.chain(removed).collect::<Vec<_>>().join(", ")
}

/// The members as one line: `alice, bob`.
pub fn listing(members: &[Member]) -> String {
    members.iter().map(label).collect::<Vec<_>>().join(", ")
}

/// A refusal as the error a user sees: what happened, who signed, what to
/// do.
pub fn refused(vault: &Path, refusal: Refusal, pinned: &[Member], listed: &[Member]) -> StoreError {
    let who = |k: MemberKey| {
        let known: Vec<Member> = pinned.iter().chain(listed).cloned().collect();
        name_of(&known, k)
    };
    let (why, hint) = match refusal {
        Refusal::Unsigned { seen_signed } => (
            t!(
                "store-file-trust-vault-not-signed-may",
                vault = vault.display(),
                value = if seen_signed {
                    t!("trust-signed-before")
                } else {
                    t!("trust-signature-missing")
                }
            ),
            Remedy::RestoreSigned(sig_path(vault)),
        ),
        Refusal::Mismatch { claimed } => (
            t!(
                "store-file-trust-signature-does-not-match",
                value = sig_path(vault).display(),
                value2 = who(claimed)
            ),
            t!("store-file-trust-nothing-was-read-pull").into(),
        ),
        Refusal::Damaged(why) => (
            t!("store-file-trust-vault-s-signature-cannot", why = why),
            t!("store-file-trust-nothing-was-read-restore").into(),
        ),
        Refusal::NotMember { signer } => (
            t!(
                "store-file-trust-vault-signed-ssh-ed25519",
                vault = vault.display(),
                value = who(signer),
                short = signer.short()
            ),
            Remedy::AcceptMembers,
        ),
    };
    StoreError::Untrusted {
        path: vault.to_path_buf(),
        why,
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::SigningKey;

    fn member(name: &str) -> (Member, MemberKey) {
        let id = age::x25519::Identity::generate();
        let key = SigningKey::from_identity(&id).public();
        (
            Member {
                recipient: id.to_public().to_string(),
                key: key.to_openssh(),
                name: Some(name.into()),
            },
            key,
        )
    }

    /// A write killed between renaming the vault and its signature leaves
    /// the matching signature in `.sig.next`: it is found there.
    #[test]
    fn a_signature_is_found_beside_or_pending() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("team.age");
        let id = age::x25519::Identity::generate();
        let key = SigningKey::from_identity(&id);
        let old = crate::sign::digest_of(b"old vault");
        let new = crate::sign::digest_of(b"new vault");
        assert_eq!(seal(&vault, &new).unwrap(), Seal::Unsigned);
        std::fs::write(sig_path(&vault), key.sign(&old)).unwrap();
        assert_eq!(seal(&vault, &old).unwrap(), Seal::SignedBy(key.public()));
        assert_eq!(seal(&vault, &new).unwrap(), Seal::Mismatch(key.public()));
        std::fs::write(next_sig_path(&vault), key.sign(&new)).unwrap();
        assert_eq!(seal(&vault, &new).unwrap(), Seal::SignedBy(key.public()));
        std::fs::write(sig_path(&vault), b"-----BEGIN SSH SIGNATURE-----\ngarbage").unwrap();
        std::fs::remove_file(next_sig_path(&vault)).unwrap();
        assert!(matches!(seal(&vault, &new).unwrap(), Seal::Damaged(_)));
    }

    #[test]
    fn the_rules() {
        let (alice, ka) = member("alice");
        let (bob, kb) = member("bob");
        let (_, km) = member("mallory");
        let v = Path::new("/v.age");
        let team = vec![alice.clone()];
        let pin = Pin::new(v, true, team.clone());
        let legacy = Pin::new(v, false, vec![]);
        // First sight.
        assert_eq!(
            judge(None, &Seal::SignedBy(ka), &team, &[0; 32]),
            Ok(Verdict::FirstSeen { signer: Some(ka) })
        );
        assert_eq!(
            judge(None, &Seal::Unsigned, &[], &[0; 32]),
            Ok(Verdict::Legacy)
        );
        assert_eq!(
            judge(None, &Seal::Unsigned, &team, &[0; 32]),
            Err(Refusal::Unsigned { seen_signed: false })
        );
        assert_eq!(
            judge(None, &Seal::SignedBy(km), &team, &[0; 32]),
            Err(Refusal::NotMember { signer: km })
        );
        // Pinned.
        assert_eq!(
            judge(Some(&pin), &Seal::SignedBy(ka), &team, &[0; 32]),
            Ok(Verdict::Trusted)
        );
        assert_eq!(
            judge(Some(&pin), &Seal::Unsigned, &[], &[0; 32]),
            Err(Refusal::Unsigned { seen_signed: true })
        );
        let with_bob = vec![alice.clone(), bob.clone()];
        assert_eq!(
            judge(Some(&pin), &Seal::SignedBy(ka), &with_bob, &[0; 32]),
            Ok(Verdict::Changed { signer: ka })
        );
        // Bob is listed by the vault, but not pinned: refused until accepted.
        assert_eq!(
            judge(Some(&pin), &Seal::SignedBy(kb), &with_bob, &[0; 32]),
            Err(Refusal::NotMember { signer: kb })
        );
        assert_eq!(
            judge(Some(&pin), &Seal::Mismatch(ka), &team, &[0; 32]),
            Err(Refusal::Mismatch { claimed: ka })
        );
        // Seen unsigned only.
        assert_eq!(
            judge(Some(&legacy), &Seal::Unsigned, &[], &[0; 32]),
            Ok(Verdict::Legacy)
        );
        assert_eq!(
            judge(Some(&legacy), &Seal::SignedBy(ka), &team, &[0; 32]),
            Ok(Verdict::NowSigned { signer: ka })
        );
        assert_eq!(change(&team, &with_bob), "+ bob");
        assert_eq!(change(&with_bob, &team), "− bob");
    }
}
