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
use crate::sign::{MemberKey, Signature, SignatureError};
use crate::store::StoreError;
use crate::store::file::document::{Lineage, Member, is_vault_id};
use crate::text::{hex, shown};

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
    /// File names accepted for this vault besides its own name (a vault
    /// renamed on purpose, accepted with `members accept`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// How far above the pinned generation a vault may be: more writes than
/// any team makes. A jump beyond it (to `u64::MAX`, say) would freeze the
/// vault for everyone: the next write could not go higher.
pub const MAX_GENERATION_JUMP: u64 = 1 << 32;

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
            aliases: Vec::new(),
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
            pin.aliases = before.aliases.clone();
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
                why: Distrust::PinDamaged,
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
    /// Whether the path's record names the vault found (else it is saved
    /// once the vault is accepted: a second checkout gets its record).
    pub path_bound: bool,
    /// Keys seen removed from any vault pinned here: checked on a first
    /// use, where this vault's own pin has nothing to say.
    pub removed_elsewhere: Vec<Removed>,
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
        // The pins' folder and chopvault's state folder above it: whoever
        // can write either can swap a pin, or move them all aside.
        let dir = fsutil::parent_of(&self.at_path);
        check_own_dir(dir)?;
        check_own_dir(fsutil::parent_of(dir))?;
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
        let path_bound = at_path
            .as_ref()
            .is_some_and(|p| p.vault_id.is_some() && p.vault_id.as_deref() == id);
        let pin = match (by_id, at_path) {
            (Some(p), _) => Some(p),
            (None, Some(p)) if p.vault_id.is_none() || other_vault.is_some() => Some(p),
            (None, Some(p)) if p.vault_id.as_deref() == id => Some(p),
            _ => None,
        };
        let removed_elsewhere = if pin.as_ref().is_none_or(|p| !p.signed) {
            self.removed_anywhere()
        } else {
            Vec::new()
        };
        Ok(Pinned {
            pin,
            other_vault,
            path_bound,
            removed_elsewhere,
        })
    }

    /// Every key seen removed from any vault pinned here (a first use of a
    /// vault listing one is refused like a re-added member).
    fn removed_anywhere(&self) -> Vec<Removed> {
        let Ok(dir) = std::fs::read_dir(fsutil::parent_of(&self.at_path)) else {
            return Vec::new();
        };
        dir.flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("vault-") && n.ends_with(".json"))
            })
            .filter_map(|p| Pin::load(&p).ok().flatten())
            .flat_map(|p| p.removed)
            .collect()
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
                why: Distrust::BadAllowedSigners { line },
            })
    }
}

/// A folder of chopvault's state (pins, locks, pending signatures) must be
/// this user's alone, and not a symlink: whoever can write it can swap a
/// pin or a pending signature. A missing folder is fine (it is made 0700).
pub fn check_own_dir(dir: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(fsutil::FsError::io(fsutil::Action::Read, dir, e).into()),
    };
    let mode = meta.permissions().mode() & 0o777;
    if !meta.is_dir() || meta.uid() != rustix::process::geteuid().as_raw() || mode & 0o022 != 0 {
        return Err(StoreError::Untrusted {
            path: dir.to_path_buf(),
            why: Distrust::StateNotPrivate { mode },
        });
    }
    Ok(())
}

fn read_pin_file(path: &Path) -> Result<zeroize::Zeroizing<Vec<u8>>, fsutil::FsError> {
    fsutil::check_private_file(path)?;
    fsutil::read_reserved(path, MAX_PIN)
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
/// (ssh-keygen(1), ALLOWED SIGNERS; OpenSSH's sshsig.c): `principals
/// [options] keytype base64 [comment]`, `#` comments and blank lines
/// skipped, principals and option values possibly quoted. Options are
/// `cert-authority`, `namespaces="…"` (a pattern list, case-sensitive, `*`
/// and `?` wildcards, `!` negation), `valid-after="…"` and
/// `valid-before="…"` (`YYYYMMDD[HHMM[SS]]`, UTC with a `Z`); an unknown or
/// repeated option makes the line invalid, as for ssh-keygen. Keys that
/// cannot sign for chopvault now are skipped: not for the `chopvault`
/// namespace, outside their validity, `cert-authority` lines (members sign
/// with plain keys) and keys other than Ed25519 (which cannot be members).
/// A line that cannot be read at all is an error with its number.
pub fn parse_allowed_signers(text: &str) -> Result<Vec<AllowedSigner>, usize> {
    parse_allowed_signers_at(text, Timestamp::now())
}

/// As [`parse_allowed_signers`], judging validity at `now`.
pub fn parse_allowed_signers_at(text: &str, now: Timestamp) -> Result<Vec<AllowedSigner>, usize> {
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let bad = n + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (principals, rest) = first_field(line).ok_or(bad)?;
        let principals = principals.trim_matches('"');
        if principals.is_empty() {
            return Err(bad);
        }
        let mut rest = rest.trim_start();
        // Options, unless the key type comes next: comma-separated, values
        // possibly quoted (with spaces).
        let mut options = Vec::new();
        if !looks_like_key_type(rest) {
            let (field, after) = first_field(rest).ok_or(bad)?;
            options = split_options(field);
            rest = after.trim_start();
        }
        let mut cert_authority = false;
        let mut namespaces: Option<String> = None;
        let mut valid_after: Option<Timestamp> = None;
        let mut valid_before: Option<Timestamp> = None;
        for opt in &options {
            let (name, value) = match opt.split_once('=') {
                Some((k, v)) => (k.to_ascii_lowercase(), Some(v.trim_matches('"').to_owned())),
                None => (opt.to_ascii_lowercase(), None),
            };
            match (name.as_str(), value) {
                ("cert-authority", None) if !cert_authority => cert_authority = true,
                ("namespaces", Some(v)) if namespaces.is_none() => namespaces = Some(v),
                ("valid-after", Some(v)) if valid_after.is_none() => {
                    valid_after = Some(ssh_time(&v).ok_or(bad)?);
                }
                ("valid-before", Some(v)) if valid_before.is_none() => {
                    valid_before = Some(ssh_time(&v).ok_or(bad)?);
                }
                _ => return Err(bad),
            }
        }
        let mut words = rest.split_ascii_whitespace();
        let (Some(kind), Some(b64)) = (words.next(), words.next()) else {
            return Err(bad);
        };
        let key_text = format!("{kind} {b64}");
        if ssh_key::PublicKey::from_openssh(&key_text).is_err() {
            return Err(bad);
        }
        let usable = !cert_authority
            && kind == "ssh-ed25519"
            && namespaces
                .as_deref()
                .is_none_or(|ns| pattern_list_allows(ns, crate::sign::NAMESPACE))
            && valid_after.is_none_or(|t| now >= t)
            && valid_before.is_none_or(|t| now <= t);
        if !usable {
            continue;
        }
        let key = MemberKey::parse(&key_text).map_err(|_| bad)?;
        out.push(AllowedSigner {
            principals: principals.split(',').map(str::to_owned).collect(),
            key,
        });
    }
    Ok(out)
}

/// The first whitespace-separated field of `text` (quotes keep spaces in
/// it), and the rest.
fn first_field(text: &str) -> Option<(&str, &str)> {
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ' ' | '\t' if !quoted => return Some((&text[..i], &text[i..])),
            _ => {}
        }
    }
    (!quoted && !text.is_empty()).then_some((text, ""))
}

fn looks_like_key_type(text: &str) -> bool {
    ["ssh-", "ecdsa-", "sk-", "rsa-"]
        .iter()
        .any(|p| text.starts_with(p))
}

/// `YYYYMMDD[HHMM[SS]][Z]` as ssh-keygen reads a validity time (without
/// the `Z`, in local time; taken as UTC here, within a day of it).
fn ssh_time(text: &str) -> Option<Timestamp> {
    let digits = text.strip_suffix(['Z', 'z']).unwrap_or(text);
    if !digits.bytes().all(|b| b.is_ascii_digit()) || ![8, 12, 14].contains(&digits.len()) {
        return None;
    }
    let part = |a: usize, b: usize| digits.get(a..b).map_or(Some(0), |p| p.parse::<i32>().ok());
    let date = jiff::civil::Date::new(
        i16::try_from(part(0, 4)?).ok()?,
        i8::try_from(part(4, 6)?).ok()?,
        i8::try_from(part(6, 8)?).ok()?,
    )
    .ok()?;
    let time = jiff::civil::Time::new(
        i8::try_from(part(8, 10)?).ok()?,
        i8::try_from(part(10, 12)?).ok()?,
        i8::try_from(part(12, 14)?).ok()?,
        0,
    )
    .ok()?;
    date.to_datetime(time)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// OpenSSH's `match_pattern_list`: a comma-separated list of patterns with
/// `*` and `?`, a `!` before a pattern negating it; allowed when some
/// pattern matches and no negated one does. Case-sensitive.
fn pattern_list_allows(list: &str, name: &str) -> bool {
    let mut allowed = false;
    for pattern in list.split(',') {
        match pattern.strip_prefix('!') {
            Some(p) if glob(p.as_bytes(), name.as_bytes()) => return false,
            Some(_) => {}
            None => allowed |= glob(pattern.as_bytes(), name.as_bytes()),
        }
    }
    allowed
}

fn glob(pattern: &[u8], name: &[u8]) -> bool {
    match (pattern.first(), name.first()) {
        (None, None) => true,
        (Some(b'*'), _) => {
            glob(&pattern[1..], name) || (!name.is_empty() && glob(pattern, &name[1..]))
        }
        (Some(b'?'), Some(_)) => glob(&pattern[1..], &name[1..]),
        (Some(p), Some(c)) if p == c => glob(&pattern[1..], &name[1..]),
        _ => false,
    }
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

/// What the signature beside a vault says about the bytes read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seal {
    /// No signature file.
    Unsigned,
    /// A valid signature over exactly these bytes, by this key.
    SignedBy(MemberKey),
    /// A signature that does not match these bytes; the key it names.
    Mismatch(MemberKey),
    /// A signature file (this one) that is not a chopvault signature.
    Damaged(PathBuf, SignatureError),
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
                if found == Seal::Unsigned || matches!(found, Seal::Damaged(..)) {
                    found = Seal::Mismatch(sig.claimed_key());
                }
            }
            Err(e) => {
                if found == Seal::Unsigned {
                    found = Seal::Damaged(path, e);
                }
            }
        }
    }
    Ok(found)
}

/// Whether the signature file at `sig_file` is a valid signature of the
/// vault file whose SHA-256 is `digest`.
pub fn signs(sig_file: &Path, vault: &Path, digest: &crate::sign::Digest) -> bool {
    let Ok(Some(bytes)) = read_small(sig_file) else {
        return false;
    };
    let mut sha512 = None;
    Signature::parse(&bytes)
        .ok()
        .is_some_and(|sig| covers(&sig, vault, digest, &mut sha512).unwrap_or(false))
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
            .map_err(|e| fsutil::FsError::io(fsutil::Action::Read, vault, e))?;
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
    // Sized from the metadata: one read, not a doubling series from 32.
    let len = file.metadata().map_or(0, |m| m.len()).min(MAX_SIG);
    let mut bytes = Vec::with_capacity(len as usize + 1);
    file.take(MAX_SIG)
        .read_to_end(&mut bytes)
        .map_err(|e| fsutil::FsError::io(fsutil::Action::Read, path, e))?;
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
    /// The signature file (this one) is not a chopvault signature.
    Damaged(PathBuf, SignatureError),
    /// A valid signature, by a key that is not a pinned member (a
    /// non-member, or a member whose removal was seen here).
    NotMember {
        /// The signer.
        signer: MemberKey,
    },
    /// The file holds a vault made under another name (staging's files
    /// put in prod's place), where no pin may know either.
    Renamed {
        /// The name inside the vault.
        name: String,
        /// The name of the file it was found as.
        file: String,
    },
    /// A generation implausibly far above the pinned one: one write could
    /// otherwise freeze the vault at the highest generation.
    Implausible {
        /// The generation seen here.
        pinned: u64,
        /// The generation found.
        found: u64,
    },
    /// An unsigned vault on first use, with keys trusted in advance: no
    /// signature can match them.
    UnsignedNotTrusted,
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
    /// Its vault id, name and generation.
    pub lineage: &'a Lineage,
    /// The name of the file it was read from, as a vault name
    /// ([`crate::store::file::document::vault_name_of`]).
    pub file_name: &'a str,
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
        if lineage.generation - pin.generation > MAX_GENERATION_JUMP {
            return Err(Refusal::Implausible {
                pinned: pin.generation,
                found: lineage.generation,
            });
        }
    }
    // A vault's files under another vault's name: mix and match, refused
    // even where neither vault is pinned (a fresh clone).
    if let Some(name) = &lineage.name
        && name != seen.file_name
        && !pin.is_some_and(|p| p.aliases.iter().any(|a| a == seen.file_name))
    {
        return Err(Refusal::Renamed {
            name: name.clone(),
            file: seen.file_name.to_owned(),
        });
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
        Seal::Damaged(path, e) => return Err(Refusal::Damaged(path.clone(), e.clone())),
    };
    // A removed key neither signs nor comes back unseen: removed from this
    // vault, or, on a first use, from any vault pinned here.
    let removed_on = |k: MemberKey| {
        pin.and_then(|p| p.removed_on(k)).or_else(|| {
            pinned
                .removed_elsewhere
                .iter()
                .find(|r| MemberKey::parse(&r.key).is_ok_and(|rk| rk == k))
        })
    };
    if let Some(k) = signer
        && let Some(r) = removed_on(k)
    {
        return Err(Refusal::SignedByRemoved {
            signer: k,
            on: r.on,
        });
    }
    for m in members {
        if let Ok(k) = MemberKey::parse(&m.key)
            && let Some(r) = removed_on(k)
        {
            return Err(Refusal::Readded {
                key: k,
                name: m.name.clone(),
                on: r.on,
            });
        }
    }
    let lists = |set: &[Member], key: MemberKey| {
        set.iter()
            .any(|m| MemberKey::parse(&m.key).is_ok_and(|k| k == key))
    };
    // Keys trusted in advance: a first sighting must match them, and so
    // must the first signed sighting of a vault seen only unsigned; an
    // unsigned first use cannot.
    if pin.is_none_or(|p| !p.signed)
        && let Some(trusted) = trusted
    {
        if signer.is_none() {
            return Err(Refusal::UnsignedNotTrusted);
        }
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

/// A member as messages name them: the name on their card (escaped for
/// the terminal), and their key (whose end names them when they have no
/// name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The name on their card, escaped (none: no name, or not listed).
    pub name: Option<String>,
    /// Their key.
    pub key: MemberKey,
}

/// The member with `key` among `members`, as messages name them.
pub fn named(members: &[Member], key: MemberKey) -> Named {
    Named {
        name: members
            .iter()
            .find(|m| MemberKey::parse(&m.key).is_ok_and(|k| k == key))
            .and_then(|m| m.name.as_deref())
            .map(|n| shown(n).into_owned()),
        key,
    }
}

/// The members of `after` that `before` does not have, and those of
/// `before` that `after` does not (by recipient and key).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Change {
    /// Members added.
    pub added: Vec<Member>,
    /// Members removed.
    pub removed: Vec<Member>,
}

impl Change {
    /// Whether the two member sets are the same.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// What changed between two member sets.
pub fn change(before: &[Member], after: &[Member]) -> Change {
    let old = set_of(before);
    let new = set_of(after);
    Change {
        added: after
            .iter()
            .filter(|m| !old.contains(&(m.recipient.clone(), m.key.clone())))
            .cloned()
            .collect(),
        removed: before
            .iter()
            .filter(|m| !new.contains(&(m.recipient.clone(), m.key.clone())))
            .cloned()
            .collect(),
    }
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

/// Why an identity vault must not be used, or a write not made
/// (`StoreError::Untrusted`). Nothing was read from it or written to it.
#[derive(Debug)]
pub enum Distrust {
    /// The verdict on the vault's signature and lineage (this module's [`judge`]),
    /// with the members it knows (pinned and listed), to name the signer.
    Refused {
        /// What is wrong.
        refusal: Box<Refusal>,
        /// The members the pin and the vault list.
        known: Vec<Member>,
    },
    /// This machine's record of the vault's members is damaged (the path
    /// is the record's).
    PinDamaged,
    /// A line of the trusted keys' `allowed_signers` file cannot be read
    /// (the path is the file's).
    BadAllowedSigners {
        /// The line's number.
        line: usize,
    },
    /// chopvault's state folder (the path) is not this user's alone.
    StateNotPrivate {
        /// Its mode.
        mode: u32,
    },
    /// A vault seen signed here is a passphrase vault now.
    NowPassphrase,
    /// The identity file has no X25519 identity to sign with.
    CannotSign,
    /// This user is a recipient but not a member who may write.
    ReadOnly,
    /// None of this user's identities is a member who can sign.
    NotAMember,
    /// The vault is at the highest generation: no write can follow.
    GenerationExhausted,
    /// `members accept` of an unsigned vault that was seen signed.
    AcceptUnsigned,
    /// `members accept` of an older generation, without `--rollback`.
    AcceptRollback {
        /// The generation found.
        found: u64,
        /// The generation pinned.
        pinned: u64,
        /// When the pinned one was seen.
        seen_at: Option<Timestamp>,
    },
}

/// A refusal as the error a user sees; the members pinned and listed
/// name the signer.
pub fn refused(vault: &Path, refusal: Refusal, pinned: &[Member], listed: &[Member]) -> StoreError {
    StoreError::Untrusted {
        path: vault.to_path_buf(),
        why: Distrust::Refused {
            refusal: Box::new(refusal),
            known: pinned.iter().chain(listed).cloned().collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::SigningKey;

    /// A pin file is read whole up to its limit; a larger one (planted, or
    /// grown) is refused as too large before anything is allocated, a
    /// missing one is no pin, and a damaged one says so.
    #[test]
    fn pin_files_too_large_missing_or_damaged() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pin.json");
        assert!(Pin::load(&path).unwrap().is_none());
        let write = |bytes: &[u8]| {
            std::fs::write(&path, bytes).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        };
        write(&vec![b' '; MAX_PIN as usize + 1]);
        assert!(matches!(
            Pin::load(&path),
            Err(StoreError::Fs(fsutil::FsError::TooLarge {
                limit: MAX_PIN,
                ..
            }))
        ));
        write(b"{");
        assert!(matches!(
            Pin::load(&path),
            Err(StoreError::Untrusted {
                why: Distrust::PinDamaged,
                ..
            })
        ));
    }

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
        assert!(matches!(seal(&vault, &new).unwrap(), Seal::Damaged(..)));
    }

    fn j(pin: Option<&Pin>, seal: &Seal, members: &[Member]) -> Result<Verdict, Refusal> {
        let pinned = Pinned {
            pin: pin.cloned(),
            other_vault: None,
            ..Pinned::default()
        };
        let seen = Sighting {
            seal,
            members,
            lineage: &Lineage::default(),
            file_name: "v",
            digest: &[0; 32],
        };
        judge(&pinned, None, &seen)
    }

    fn at(id: &str, generation: u64) -> Lineage {
        Lineage {
            vault_id: Some(id.repeat(32)),
            name: None,
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
                    file_name: "v",
                    digest: d,
                },
            )
        };
        let pinned = || Pinned {
            pin: Some(pin.clone()),
            other_vault: None,
            ..Pinned::default()
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
            ..Pinned::default()
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
                file_name: "v",
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
                file_name: "v",
                digest: &other,
            },
        );
        assert_eq!(r, Ok(Verdict::FirstSeen { signer: Some(ka) }));
        // Two members named alice with different keys are flagged.
        assert_eq!(shared_name(&[alice.clone(), fake]), Some("alice".into()));
        assert_eq!(shared_name(&both), None);
    }

    /// Findings of the review of issue 21: another vault's files at a path
    /// never pinned (a fresh clone), a generation jump that would freeze
    /// the vault, an unsigned first use with trusted keys, and a first use
    /// listing a key removed from another vault pinned here.
    #[test]
    fn mix_and_match_freeze_and_first_uses() {
        let (alice, ka) = member("alice");
        let (mallory, km) = member("mallory");
        let signed = Seal::SignedBy(ka);
        let only_alice = std::slice::from_ref(&alice);
        let staging = Lineage {
            vault_id: Some("s".repeat(32)),
            name: Some("staging".into()),
            generation: 3,
        };
        let seen = |lineage: &Lineage, file: &str, pinned: &Pinned, trusted| {
            judge(
                pinned,
                trusted,
                &Sighting {
                    seal: &signed,
                    members: only_alice,
                    lineage,
                    file_name: file,
                    digest: &[1; 32],
                },
            )
        };
        let nothing = Pinned::default();
        assert!(matches!(
            seen(&staging, "prod", &nothing, None),
            Err(Refusal::Renamed { name, file }) if name == "staging" && file == "prod"
        ));
        assert!(seen(&staging, "staging", &nothing, None).is_ok());
        // Renamed on purpose: accepted once, remembered.
        let mut pin = Pin::next(
            None,
            Path::new("/p.age"),
            true,
            only_alice.to_vec(),
            &staging,
        )
        .accepting(&[1; 32]);
        pin.aliases.push("prod".into());
        let known = Pinned {
            pin: Some(pin.clone()),
            ..Pinned::default()
        };
        assert_eq!(seen(&staging, "prod", &known, None), Ok(Verdict::Trusted));
        // A jump to the last generation is refused; a plausible one is not.
        let far = Lineage {
            generation: u64::MAX,
            ..staging.clone()
        };
        assert!(matches!(
            seen(&far, "staging", &known, None),
            Err(Refusal::Implausible {
                pinned: 3,
                found: u64::MAX
            })
        ));
        let next = Lineage {
            generation: 4,
            ..staging.clone()
        };
        assert_eq!(seen(&next, "staging", &known, None), Ok(Verdict::Trusted));
        // Unsigned first use with trusted keys.
        let trusted = vec![AllowedSigner {
            principals: vec!["alice".into()],
            key: ka,
        }];
        let r = judge(
            &nothing,
            Some(&trusted),
            &Sighting {
                seal: &Seal::Unsigned,
                members: &[],
                lineage: &Lineage::default(),
                file_name: "v",
                digest: &[1; 32],
            },
        );
        assert_eq!(r, Err(Refusal::UnsignedNotTrusted));
        // mallory, removed from another vault pinned here, on a first use.
        let elsewhere = Pinned {
            removed_elsewhere: vec![Removed {
                key: mallory.key.clone(),
                name: Some("mallory".into()),
                on: Timestamp::now(),
            }],
            ..Pinned::default()
        };
        let r = judge(
            &elsewhere,
            None,
            &Sighting {
                seal: &Seal::SignedBy(km),
                members: std::slice::from_ref(&mallory),
                lineage: &Lineage::default(),
                file_name: "v",
                digest: &[1; 32],
            },
        );
        assert!(matches!(r, Err(Refusal::SignedByRemoved { signer, .. }) if signer == km));
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
        // As ssh-keygen -Y verify judges them (OpenSSH 9.2, each tried).
        let k = ka.to_openssh();
        let now = "2026-12-03T00:00:00Z".parse().unwrap();
        let one = |opts: &str| {
            parse_allowed_signers_at(&format!("alice {opts} {k}\n"), now).map(|v| v.len())
        };
        assert_eq!(one("valid-before=\"20200101\""), Ok(0), "expired");
        assert_eq!(one("valid-after=\"29990101\""), Ok(0), "not yet valid");
        assert_eq!(
            one("valid-after=\"20200101\",valid-before=\"20991231235959Z\""),
            Ok(1)
        );
        assert_eq!(one("namespaces=\"CHOPVAULT\""), Ok(0), "case-sensitive");
        assert_eq!(one("namespaces=\"chop*\""), Ok(1), "a pattern");
        assert_eq!(one("namespaces=\"*,!chopvault\""), Ok(0), "negated");
        assert_eq!(one("namespaces=\"git\",namespaces=\"chopvault\""), Err(1));
        assert_eq!(one("no-touch-required"), Err(1), "unsupported option");
        assert_eq!(one("valid-before=\"2020\""), Err(1));
        assert_eq!(
            parse_allowed_signers_at(&format!("\"alice smith\" {k}\n"), now).unwrap()[0].principals,
            vec!["alice smith".to_string()]
        );
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
        let bob_only = vec![bob];
        assert_eq!(
            change(&team, &with_bob),
            Change {
                added: bob_only.clone(),
                removed: vec![]
            }
        );
        assert_eq!(
            change(&with_bob, &team),
            Change {
                added: vec![],
                removed: bob_only
            }
        );
        assert!(change(&team, &team).is_empty());
    }
}
