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
//! and shown.
//!
//! A signature covers bytes, not their place in time: an older file of the
//! same vault, or a file of another vault signed by the same people, is as
//! well signed as today's. So the signed document names its vault (a random
//! `vault_id`) and its age (`generation`, raised by every write), and the
//! pin records, per vault id, the highest generation seen, the digest of the
//! file at that generation, and every member key ever removed (TUF's answer
//! to rollback, mix-and-match and freeze, with git's history as the log).
//! Pins are kept per vault id, so a second checkout or a fresh clone of a
//! vault this user pinned is the same vault; a copy per path remembers which
//! vault a path holds. The rules, in [`judge`], in this order:
//!
//! | pinned                 | found                               | result                     |
//! |------------------------|-------------------------------------|----------------------------|
//! | vault id X             | another id, or none                 | refuse: swap               |
//! | generation G           | a lower generation                  | refuse: rollback           |
//! | generation G, digest D | generation G, other bytes           | refuse: fork               |
//! | a removed key          | signed by it, or listing it again   | refuse until accepted      |
//! | nothing                | by a member it lists                | pin, show members and keys |
//! | nothing, trusted keys  | a member or signer not among them   | refuse                     |
//! | nothing / unsigned     | no signature, no members listed     | warn (from before signing) |
//! | unsigned               | by a member it lists                | pin, show "now signed"     |
//! | signed                 | by a pinned member                  | use; pin and show changes  |
//! | signed                 | no signature                        | refuse                     |
//! | any                    | by anyone else, damaged, not over   | refuse                     |
//! |                        | these bytes                         |                            |

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::fsutil;
use crate::sign::{MemberKey, Signature};
use crate::store::file::document::{Member, is_vault_id};
use crate::store::file::scan::Lineage;
use crate::store::{Remedy, StoreError};
use crate::text::shown;

const FORMAT: &str = "chopvault-members";

/// Largest signature file read (an Ed25519 SSHSIG is about 300 bytes).
const MAX_SIG: u64 = 16 * 1024;

/// Largest pin or trusted-keys file read.
const MAX_PIN: u64 = 1024 * 1024;

/// What this user has recorded about one vault.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    format: String,
    /// The vault (canonical path), for people reading the file.
    pub vault: PathBuf,
    /// The vault's id (none: a vault from before ids, pinned by path only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault_id: Option<String>,
    /// The highest generation seen here.
    #[serde(default)]
    pub generation: u64,
    /// When that generation was first seen here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_at: Option<Timestamp>,
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
    /// Every member key removed from the vault while this machine watched:
    /// it signs nothing and is not re-added without `members accept`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Removed>,
}

/// A member key seen removed.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// Their signing key, `ssh-ed25519 AAAA…`.
    pub key: String,
    /// Their name then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// When the removal was seen here.
    pub on: Timestamp,
}

impl Pin {
    /// A pin for these members.
    pub fn new(vault: &Path, signed: bool, members: Vec<Member>) -> Pin {
        Pin {
            format: FORMAT.into(),
            vault: vault.to_path_buf(),
            vault_id: None,
            generation: 0,
            seen_at: None,
            signed,
            members,
            accepted: None,
            removed: Vec::new(),
        }
    }

    /// The pin that follows `before` once `members` at `lineage` are
    /// accepted: the generation and id recorded (never lowered), and every
    /// key that left the member set added to the removed ones.
    pub fn next(
        before: Option<&Pin>,
        vault: &Path,
        signed: bool,
        members: Vec<Member>,
        lineage: &Lineage,
    ) -> Pin {
        let mut pin = Pin::new(vault, signed, members);
        pin.vault_id = lineage.vault_id.clone();
        pin.generation = lineage.generation;
        let now = Timestamp::now();
        pin.seen_at = Some(now);
        if let Some(before) = before {
            if before.generation == pin.generation && before.seen_at.is_some() {
                pin.seen_at = before.seen_at;
            }
            pin.generation = pin.generation.max(before.generation);
            let keep = set_of(&pin.members);
            pin.removed = before
                .removed
                .iter()
                .filter(|r| !pin.members.iter().any(|m| m.key == r.key))
                .cloned()
                .collect();
            for m in &before.members {
                if !keep.contains(&(m.recipient.clone(), m.key.clone()))
                    && !pin.members.iter().any(|n| n.key == m.key)
                    && !pin.removed.iter().any(|r| r.key == m.key)
                {
                    pin.removed.push(Removed {
                        key: m.key.clone(),
                        name: m.name.clone(),
                        on: now,
                    });
                }
            }
        }
        pin
    }

    /// When `key` was seen removed, if it was.
    pub fn removed_on(&self, key: MemberKey) -> Option<&Removed> {
        self.removed
            .iter()
            .find(|r| MemberKey::parse(&r.key).is_ok_and(|k| k == key))
    }

    /// The same, recording the accepted file's digest.
    pub fn accepting(mut self, digest: &crate::sign::Digest) -> Pin {
        self.accepted = Some(hex(digest));
        self
    }

    /// Reads the pin file; `None` when there is none yet.
    pub fn load(path: &Path) -> Result<Option<Pin>, StoreError> {
        let bytes = match read_pin_file(path) {
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

/// Where the pins of one vault are: the record for its path (which also
/// says which vault id the path holds), and, once the vault's id is known,
/// the record for that id, shared by every checkout of the vault.
#[derive(Debug, Clone)]
pub struct Pins {
    at_path: PathBuf,
}

/// The pins that apply to a vault being opened.
#[derive(Debug, Default)]
pub struct Pinned {
    /// The record that judges it: the vault id's, else the path's.
    pub pin: Option<Pin>,
    /// The vault id the path's record names, when it names another vault
    /// than the one found there.
    pub other_vault: Option<String>,
}

impl Pins {
    /// The pins whose per-path record is `at_path`; per-id records go in
    /// the same folder.
    pub fn new(at_path: PathBuf) -> Pins {
        Pins { at_path }
    }

    /// The per-path record.
    pub fn path_file(&self) -> &Path {
        &self.at_path
    }

    /// The record of vault `id`.
    pub fn id_file(&self, id: &str) -> PathBuf {
        fsutil::parent_of(&self.at_path).join(format!("vault-{id}.json"))
    }

    /// The keys trusted before first use (`members trust`).
    pub fn trusted_file(&self) -> PathBuf {
        fsutil::parent_of(&self.at_path).join("allowed_signers")
    }

    /// The pin that judges a vault whose document names `id`.
    pub fn load(&self, id: Option<&str>) -> Result<Pinned, StoreError> {
        check_pins_dir(fsutil::parent_of(&self.at_path))?;
        let at_path = Pin::load(&self.at_path)?;
        let by_id = match id {
            Some(id) if is_vault_id(id) => Pin::load(&self.id_file(id))?,
            _ => None,
        };
        let other_vault = match at_path.as_ref().and_then(|p| p.vault_id.as_deref()) {
            Some(pinned) if Some(pinned) != id => Some(pinned.to_owned()),
            _ => None,
        };
        // The id's record is the newest knowledge of this vault on this
        // machine; a path record from before ids still judges its vault.
        let pin = match (by_id, at_path) {
            (Some(p), _) => Some(p),
            (None, Some(p)) if p.vault_id.is_none() || other_vault.is_some() => Some(p),
            (None, Some(p)) if p.vault_id.as_deref() == id => Some(p),
            _ => None,
        };
        Ok(Pinned { pin, other_vault })
    }

    /// Records `pin` for its vault id and for the path.
    pub fn save(&self, pin: &Pin) -> Result<(), StoreError> {
        if let Some(id) = pin.vault_id.as_deref().filter(|id| is_vault_id(id)) {
            pin.save(&self.id_file(id))?;
        }
        pin.save(&self.at_path)
    }

    /// The keys trusted before first use, by `members trust`.
    pub fn trusted(&self) -> Result<Option<Vec<AllowedSigner>>, StoreError> {
        let path = self.trusted_file();
        let bytes = match read_pin_file(&path) {
            Ok(b) => b,
            Err(e) if e.is_not_found() => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let text = String::from_utf8_lossy(&bytes);
        parse_allowed_signers(&text)
            .map(Some)
            .map_err(|line| StoreError::Untrusted {
                path: path.clone(),
                why: t!(
                    "trust-allowed-signers-bad-line",
                    path = shown(&path.display().to_string()),
                    line = line
                ),
                hint: t!("trust-allowed-signers-bad-line-hint").into(),
            })
    }
}

/// The folder of pins must be this user's alone: whoever can write it can
/// swap a pin.
fn check_pins_dir(dir: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(fsutil::FsError::io("read", dir, e).into()),
    };
    let mode = meta.permissions().mode() & 0o777;
    if !meta.is_dir() || meta.uid() != rustix::process::geteuid().as_raw() || mode & 0o022 != 0 {
        return Err(StoreError::Untrusted {
            path: dir.to_path_buf(),
            why: t!(
                "trust-pins-folder-not-private",
                path = shown(&dir.display().to_string()),
                mode = format!("{mode:o}")
            ),
            hint: t!(
                "trust-pins-folder-not-private-hint",
                path = shown(&dir.display().to_string())
            )
            .into(),
        });
    }
    Ok(())
}

fn read_pin_file(path: &Path) -> Result<zeroize::Zeroizing<Vec<u8>>, fsutil::FsError> {
    use std::io::Read;
    fsutil::check_private_file(path)?;
    let file = fsutil::open_nofollow(path)?;
    let mut bytes = zeroize::Zeroizing::new(Vec::new());
    file.take(MAX_PIN + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fsutil::FsError::io("read", path, e))?;
    if bytes.len() as u64 > MAX_PIN {
        return Err(fsutil::FsError::io(
            "read",
            path,
            std::io::Error::from(std::io::ErrorKind::FileTooLarge),
        ));
    }
    Ok(bytes)
}

/// One line of an OpenSSH `allowed_signers` file that chopvault can use:
/// the principals (names) and an Ed25519 key allowed the `chopvault`
/// namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedSigner {
    /// The names the line gives the key.
    pub principals: Vec<String>,
    /// The key.
    pub key: MemberKey,
}

/// Reads an `allowed_signers` file as `ssh-keygen -Y verify` does
/// (ssh-keygen(1), ALLOWED SIGNERS): `principals [options] keytype base64
/// [comment]`, `#` comments and blank lines skipped. Lines whose
/// `namespaces=` leave out `chopvault`, `cert-authority` lines (chopvault
/// members sign with plain keys) and keys other than Ed25519 (which cannot
/// be members) are skipped; a line that cannot be read at all is an error
/// with its number.
pub fn parse_allowed_signers(text: &str) -> Result<Vec<AllowedSigner>, usize> {
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (principals, rest) = line.split_once([' ', '\t']).ok_or(n + 1)?;
        let mut rest = rest.trim_start();
        // Options: comma-separated, values may be quoted (with spaces).
        let mut options = String::new();
        if !rest.starts_with("ssh-") && !rest.starts_with("ecdsa-") && !rest.starts_with("sk-") {
            let mut quoted = false;
            let mut end = rest.len();
            for (i, c) in rest.char_indices() {
                match c {
                    '"' => quoted = !quoted,
                    ' ' | '\t' if !quoted => {
                        end = i;
                        break;
                    }
                    _ => {}
                }
            }
            if quoted {
                return Err(n + 1);
            }
            options = rest[..end].to_owned();
            rest = rest[end..].trim_start();
        }
        let mut cert_authority = false;
        let mut namespaces: Option<Vec<String>> = None;
        for opt in split_options(&options) {
            let lower = opt.to_ascii_lowercase();
            if lower == "cert-authority" {
                cert_authority = true;
            } else if let Some(v) = lower.strip_prefix("namespaces=") {
                let v = v.trim_matches('"');
                namespaces = Some(v.split(',').map(str::to_owned).collect());
            }
        }
        let mut words = rest.split_ascii_whitespace();
        let (Some(kind), Some(b64)) = (words.next(), words.next()) else {
            return Err(n + 1);
        };
        if cert_authority
            || namespaces
                .as_ref()
                .is_some_and(|ns| !ns.iter().any(|n| n == crate::sign::NAMESPACE))
        {
            continue;
        }
        if kind != "ssh-ed25519" {
            if ssh_key::PublicKey::from_openssh(&format!("{kind} {b64}")).is_err() {
                return Err(n + 1);
            }
            continue;
        }
        let key = MemberKey::parse(&format!("{kind} {b64}")).map_err(|_| n + 1)?;
        out.push(AllowedSigner {
            principals: principals.split(',').map(str::to_owned).collect(),
            key,
        });
    }
    Ok(out)
}

fn split_options(options: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in options.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A member key's fingerprint as `ssh-keygen -l` prints it: `SHA256:…`.
pub fn fingerprint(key: MemberKey) -> String {
    ssh_key::PublicKey::from_openssh(&key.to_openssh())
        .map(|k| k.fingerprint(ssh_key::HashAlg::Sha256).to_string())
        .unwrap_or_default()
}

/// The fingerprint of a member record's key (empty if it is not a key).
pub fn fingerprint_of(m: &Member) -> String {
    MemberKey::parse(&m.key)
        .map(fingerprint)
        .unwrap_or_default()
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
    seal_with(vault, &next_sig_path(vault), digest)
}

/// As [`seal`], with a write's pending signature at `pending` (in
/// chopvault's own folder) as well as beside the vault (where versions
/// before 0.2 put it).
pub fn seal_with(
    vault: &Path,
    pending: &Path,
    digest: &crate::sign::Digest,
) -> Result<Seal, StoreError> {
    let mut found = Seal::Unsigned;
    let mut sha512 = None;
    for path in [sig_path(vault), pending.to_path_buf(), next_sig_path(vault)] {
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
    /// Another vault than the one pinned for this path or id (a vault
    /// swapped in, or a copy of another team's).
    Swapped {
        /// The vault id pinned.
        pinned: String,
        /// The vault id found (none: a vault from before ids).
        found: Option<String>,
    },
    /// An older generation than the one seen here: a rollback.
    Rollback {
        /// The generation seen here.
        pinned: u64,
        /// The generation found.
        found: u64,
        /// When the pinned generation was seen.
        seen_at: Option<Timestamp>,
    },
    /// The generation seen here, with other bytes: two histories.
    Fork {
        /// The generation.
        generation: u64,
        /// When the pinned file of that generation was seen.
        seen_at: Option<Timestamp>,
    },
    /// Signed by a key whose removal was seen here.
    SignedByRemoved {
        /// The signer.
        signer: MemberKey,
        /// When the removal was seen.
        on: Timestamp,
    },
    /// A member key whose removal was seen here is listed again.
    Readded {
        /// The key.
        key: MemberKey,
        /// Its name in the vault.
        name: Option<String>,
        /// When the removal was seen.
        on: Timestamp,
    },
    /// First use, with keys trusted in advance (`members trust`): a member
    /// or the signer is not among them.
    NotTrusted {
        /// The key.
        key: MemberKey,
        /// Its name in the vault.
        name: Option<String>,
    },
}

/// What was found when a vault was opened.
pub struct Sighting<'a> {
    /// The signature's verdict on the bytes.
    pub seal: &'a Seal,
    /// The members the document lists.
    pub members: &'a [Member],
    /// Its vault id and generation.
    pub lineage: &'a Lineage,
    /// The SHA-256 of the file.
    pub digest: &'a crate::sign::Digest,
}

/// Decides whether a vault may be used, given what was pinned and, for a
/// first use, the keys trusted in advance.
pub fn judge(
    pinned: &Pinned,
    trusted: Option<&[AllowedSigner]>,
    seen: &Sighting<'_>,
) -> Result<Verdict, Refusal> {
    let pin = pinned.pin.as_ref();
    let (seal, members, lineage, digest) = (seen.seal, seen.members, seen.lineage, seen.digest);
    // Which vault and how new, before anything else: an old or foreign
    // file is refused whoever signed it.
    if let Some(other) = &pinned.other_vault {
        return Err(Refusal::Swapped {
            pinned: other.clone(),
            found: lineage.vault_id.clone(),
        });
    }
    if let Some(pin) = pin
        && let Some(id) = &pin.vault_id
    {
        if lineage.vault_id.as_ref() != Some(id) {
            return Err(Refusal::Swapped {
                pinned: id.clone(),
                found: lineage.vault_id.clone(),
            });
        }
        if lineage.generation < pin.generation {
            return Err(Refusal::Rollback {
                pinned: pin.generation,
                found: lineage.generation,
                seen_at: pin.seen_at,
            });
        }
    }
    // Same generation, other bytes: refused below, once the signer is
    // judged (a removed or foreign signer is the more useful thing to say).
    let fork = pin
        .filter(|p| p.vault_id.is_some() && lineage.generation == p.generation)
        .filter(|p| p.accepted.as_deref() != Some(hex(digest).as_str()))
        .map(|p| Refusal::Fork {
            generation: p.generation,
            seen_at: p.seen_at,
        });
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
    // A removed key neither signs nor comes back unseen.
    if let Some(pin) = pin {
        if let Some(k) = signer
            && let Some(r) = pin.removed_on(k)
        {
            return Err(Refusal::SignedByRemoved {
                signer: k,
                on: r.on,
            });
        }
        for m in members {
            if let Ok(k) = MemberKey::parse(&m.key)
                && let Some(r) = pin.removed_on(k)
            {
                return Err(Refusal::Readded {
                    key: k,
                    name: m.name.clone(),
                    on: r.on,
                });
            }
        }
    }
    let lists = |set: &[Member], key: MemberKey| {
        set.iter()
            .any(|m| MemberKey::parse(&m.key).is_ok_and(|k| k == key))
    };
    // Keys trusted in advance: a first sighting must match them.
    if pin.is_none()
        && let Some(trusted) = trusted
    {
        let known = |k: MemberKey| trusted.iter().any(|t| t.key == k);
        for m in members {
            if let Ok(k) = MemberKey::parse(&m.key)
                && !known(k)
            {
                return Err(Refusal::NotTrusted {
                    key: k,
                    name: m.name.clone(),
                });
            }
        }
        if let Some(k) = signer
            && !known(k)
        {
            return Err(Refusal::NotTrusted { key: k, name: None });
        }
    }
    let verdict = match (pin, signer) {
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
    };
    match (verdict, fork) {
        (Ok(_), Some(fork)) => Err(fork),
        (verdict, _) => verdict,
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

/// A member with their key's fingerprint: `alice SHA256:…`, so that a
/// look-alike (same name, another key) shows.
fn labelled(m: &Member) -> String {
    format!("{} {}", label(m), fingerprint_of(m))
}

/// `+ bob SHA256:…, − carol SHA256:…` between two member sets (empty when
/// they are equal).
pub fn change(before: &[Member], after: &[Member]) -> String {
    let old = set_of(before);
    let new = set_of(after);
    let added = after
        .iter()
        .filter(|m| !old.contains(&(m.recipient.clone(), m.key.clone())))
        .map(|m| format!("+ {}", labelled(m)));
    let removed = before
        .iter()
        .filter(|m| !new.contains(&(m.recipient.clone(), m.key.clone())))
        .map(|m| format!("− {}", labelled(m)));
    added.chain(removed).collect::<Vec<_>>().join(", ")
}

/// The members as one line: `alice SHA256:…, bob SHA256:…`.
pub fn listing(members: &[Member]) -> String {
    members.iter().map(labelled).collect::<Vec<_>>().join(", ")
}

/// A name that two members with different keys share, if any: a
/// look-alike to check before trusting either.
pub fn shared_name(members: &[Member]) -> Option<String> {
    members.iter().enumerate().find_map(|(i, a)| {
        let name = a.name.as_deref()?;
        members[i + 1..]
            .iter()
            .any(|b| b.name.as_deref() == Some(name) && b.key != a.key)
            .then(|| shown(name).into_owned())
    })
}

/// A date for messages: `2026-12-03 14:05 UTC`.
pub fn when(t: Option<Timestamp>) -> String {
    t.map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "?".into())
}

/// A refusal as the error a user sees: what happened, who signed, what to
/// do.
pub fn refused(vault: &Path, refusal: Refusal, pinned: &[Member], listed: &[Member]) -> StoreError {
    let who = |k: MemberKey| {
        let known: Vec<Member> = pinned.iter().chain(listed).cloned().collect();
        name_of(&known, k)
    };
    let shown_vault = shown(&vault.display().to_string()).into_owned();
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
        Refusal::Swapped { pinned, found } => (
            match found {
                Some(found) => t!(
                    "trust-swapped",
                    vault = shown_vault,
                    pinned = pinned,
                    found = found
                ),
                None => t!("trust-swapped-to-old", vault = shown_vault, pinned = pinned),
            },
            t!("trust-swapped-hint").into(),
        ),
        Refusal::Rollback {
            pinned,
            found,
            seen_at,
        } => (
            t!(
                "trust-rollback",
                vault = shown_vault,
                found = found,
                pinned = pinned,
                seen = when(seen_at)
            ),
            t!("trust-rollback-hint").into(),
        ),
        Refusal::Fork {
            generation,
            seen_at,
        } => (
            t!(
                "trust-fork",
                vault = shown_vault,
                generation = generation,
                seen = when(seen_at)
            ),
            t!("trust-fork-hint").into(),
        ),
        Refusal::SignedByRemoved { signer, on } => (
            t!(
                "trust-signed-by-removed",
                vault = shown_vault,
                signer = who(signer),
                fingerprint = fingerprint(signer),
                on = when(Some(on))
            ),
            t!("trust-removed-hint").into(),
        ),
        Refusal::Readded { key, name, on } => (
            t!(
                "trust-readded",
                vault = shown_vault,
                name = name
                    .as_deref()
                    .map(|n| shown(n).into_owned())
                    .unwrap_or_else(|| who(key)),
                fingerprint = fingerprint(key),
                on = when(Some(on))
            ),
            t!("trust-removed-hint").into(),
        ),
        Refusal::NotTrusted { key, name } => (
            t!(
                "trust-not-trusted",
                vault = shown_vault,
                name = name
                    .as_deref()
                    .map(|n| shown(n).into_owned())
                    .unwrap_or_else(|| who(key)),
                fingerprint = fingerprint(key)
            ),
            t!("trust-not-trusted-hint").into(),
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

    fn j(pin: Option<&Pin>, seal: &Seal, members: &[Member]) -> Result<Verdict, Refusal> {
        let pinned = Pinned {
            pin: pin.cloned(),
            other_vault: None,
        };
        let seen = Sighting {
            seal,
            members,
            lineage: &Lineage::default(),
            digest: &[0; 32],
        };
        judge(&pinned, None, &seen)
    }

    fn at(id: &str, generation: u64) -> Lineage {
        Lineage {
            vault_id: Some(id.repeat(32)),
            generation,
        }
    }

    /// Which vault and how new: a swap, a rollback, a fork, a removed key
    /// signing or coming back, and keys trusted in advance.
    #[test]
    fn lineage_rules() {
        let (alice, ka) = member("alice");
        let (mallory, km) = member("mallory");
        let v = Path::new("/v.age");
        let both = vec![alice.clone(), mallory.clone()];
        let only_alice = std::slice::from_ref(&alice);
        let digest = [7u8; 32];
        let other = [8u8; 32];
        let first = Pin::next(None, v, true, both.clone(), &at("a", 5)).accepting(&digest);
        // mallory removed at generation 6.
        let pin =
            Pin::next(Some(&first), v, true, vec![alice.clone()], &at("a", 6)).accepting(&digest);
        assert_eq!(pin.removed.len(), 1);
        assert_eq!(pin.removed[0].key, mallory.key);
        let judge_at = |pinned: Pinned, members: &[Member], seal: &Seal, l: &Lineage, d| {
            judge(
                &pinned,
                None,
                &Sighting {
                    seal,
                    members,
                    lineage: l,
                    digest: d,
                },
            )
        };
        let pinned = || Pinned {
            pin: Some(pin.clone()),
            other_vault: None,
        };
        let signed_a = Seal::SignedBy(ka);
        // The old file (generation 5, mallory a member): a rollback.
        assert!(matches!(
            judge_at(pinned(), &both, &signed_a, &at("a", 5), &other),
            Err(Refusal::Rollback {
                pinned: 6,
                found: 5,
                ..
            })
        ));
        // Same generation, other bytes: a fork. Same bytes: trusted.
        assert!(matches!(
            judge_at(pinned(), only_alice, &signed_a, &at("a", 6), &other),
            Err(Refusal::Fork { generation: 6, .. })
        ));
        assert_eq!(
            judge_at(pinned(), only_alice, &signed_a, &at("a", 6), &digest),
            Ok(Verdict::Trusted)
        );
        // Another vault's id, or none.
        assert!(matches!(
            judge_at(pinned(), only_alice, &signed_a, &at("b", 9), &other),
            Err(Refusal::Swapped { .. })
        ));
        assert!(matches!(
            judge_at(pinned(), only_alice, &signed_a, &Lineage::default(), &other),
            Err(Refusal::Swapped { found: None, .. })
        ));
        let path_names_b = Pinned {
            pin: None,
            other_vault: Some("b".repeat(32)),
        };
        assert!(matches!(
            judge_at(path_names_b, only_alice, &signed_a, &at("a", 1), &other),
            Err(Refusal::Swapped { .. })
        ));
        // mallory, removed, signs a newer file, or alice re-adds her.
        assert!(matches!(
            judge_at(pinned(), &both, &Seal::SignedBy(km), &at("a", 9), &other),
            Err(Refusal::SignedByRemoved { signer, .. }) if signer == km
        ));
        assert!(matches!(
            judge_at(pinned(), &both, &signed_a, &at("a", 9), &other),
            Err(Refusal::Readded { key, .. }) if key == km
        ));
        // A newer generation by alice, members unchanged: trusted.
        assert_eq!(
            judge_at(pinned(), only_alice, &signed_a, &at("a", 7), &other),
            Ok(Verdict::Trusted)
        );
        // Keys trusted in advance: a look-alike "alice" is refused.
        let trusted = vec![AllowedSigner {
            principals: vec!["alice".into()],
            key: ka,
        }];
        let (fake, kf) = member("alice");
        let nothing = Pinned::default();
        let fake_seal = Seal::SignedBy(kf);
        let r = judge(
            &nothing,
            Some(&trusted),
            &Sighting {
                seal: &fake_seal,
                members: std::slice::from_ref(&fake),
                lineage: &at("c", 1),
                digest: &other,
            },
        );
        assert!(matches!(r, Err(Refusal::NotTrusted { key, .. }) if key == kf));
        let r = judge(
            &nothing,
            Some(&trusted),
            &Sighting {
                seal: &signed_a,
                members: std::slice::from_ref(&alice),
                lineage: &at("c", 1),
                digest: &other,
            },
        );
        assert_eq!(r, Ok(Verdict::FirstSeen { signer: Some(ka) }));
        // Two members named alice with different keys are flagged.
        assert_eq!(shared_name(&[alice.clone(), fake]), Some("alice".into()));
        assert_eq!(shared_name(&both), None);
    }

    /// `allowed_signers` as ssh-keygen reads it: options, quoted
    /// namespaces, comments, other key types skipped, bad lines numbered.
    #[test]
    fn allowed_signers_lines() {
        let (_, ka) = member("alice");
        let (_, kb) = member("bob");
        let text = format!(
            "# team\n\nalice {}\nbob,robert namespaces=\"git,chopvault\" {} bob@laptop\n\
             carol namespaces=\"git\" {}\nca@x cert-authority {}\n",
            ka.to_openssh(),
            kb.to_openssh(),
            ka.to_openssh(),
            kb.to_openssh()
        );
        let got = parse_allowed_signers(&text).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].principals, vec!["alice".to_string()]);
        assert_eq!(
            got[1].principals,
            vec!["bob".to_string(), "robert".to_string()]
        );
        assert_eq!(got[1].key, kb);
        assert_eq!(parse_allowed_signers("alice\n"), Err(1));
        assert_eq!(
            parse_allowed_signers("# x\nalice ssh-ed25519 AAAAnope\n"),
            Err(2)
        );
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
            j(None, &Seal::SignedBy(ka), &team),
            Ok(Verdict::FirstSeen { signer: Some(ka) })
        );
        assert_eq!(j(None, &Seal::Unsigned, &[]), Ok(Verdict::Legacy));
        assert_eq!(
            j(None, &Seal::Unsigned, &team),
            Err(Refusal::Unsigned { seen_signed: false })
        );
        assert_eq!(
            j(None, &Seal::SignedBy(km), &team),
            Err(Refusal::NotMember { signer: km })
        );
        // Pinned.
        assert_eq!(
            j(Some(&pin), &Seal::SignedBy(ka), &team),
            Ok(Verdict::Trusted)
        );
        assert_eq!(
            j(Some(&pin), &Seal::Unsigned, &[]),
            Err(Refusal::Unsigned { seen_signed: true })
        );
        let with_bob = vec![alice.clone(), bob.clone()];
        assert_eq!(
            j(Some(&pin), &Seal::SignedBy(ka), &with_bob),
            Ok(Verdict::Changed { signer: ka })
        );
        // Bob is listed by the vault, but not pinned: refused until accepted.
        assert_eq!(
            j(Some(&pin), &Seal::SignedBy(kb), &with_bob),
            Err(Refusal::NotMember { signer: kb })
        );
        assert_eq!(
            j(Some(&pin), &Seal::Mismatch(ka), &team),
            Err(Refusal::Mismatch { claimed: ka })
        );
        // Seen unsigned only.
        assert_eq!(j(Some(&legacy), &Seal::Unsigned, &[]), Ok(Verdict::Legacy));
        assert_eq!(
            j(Some(&legacy), &Seal::SignedBy(ka), &team),
            Ok(Verdict::NowSigned { signer: ka })
        );
        let fp = fingerprint(kb);
        assert!(fp.starts_with("SHA256:") && fp.len() == 50, "{fp}");
        assert_eq!(change(&team, &with_bob), format!("+ bob {fp}"));
        assert_eq!(change(&with_bob, &team), format!("− bob {fp}"));
    }
}
