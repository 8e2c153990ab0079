//! Member keys and vault signatures.
//!
//! Every age X25519 identity implies an Ed25519 signing key: HKDF-SHA256 of
//! the identity's 32 secret bytes with a chopvault label, so an identity made
//! by `age-keygen` signs too and there is no second secret to keep. A
//! member's public *card* is one line, `age1… ssh-ed25519 AAAA… [name]`.
//!
//! A vault write is signed with a detached signature in OpenSSH's SSHSIG
//! format (namespace `chopvault`, SHA-256), so stock OpenSSH checks it:
//! `ssh-keygen -Y verify -n chopvault -f allowed_signers -I NAME -s VAULT.sig < VAULT`.
//! The message digest is computed while the vault streams by
//! ([`Hashing`]), so a read hashes and decrypts in one pass; the bytes an
//! SSHSIG signature covers are built here from that digest (PROTOCOL.sshsig
//! §3), and `ssh-key` only encodes the PEM envelope.
//!
//! Signatures are read as `ssh-keygen -Y verify` reads them, so that a
//! member can sign with stock OpenSSH (`whoami --ssh-key` writes their key
//! for it): SHA-256 or SHA-512, any base64 line width, the reserved field
//! ignored. `ssh-key`'s reader is stricter than OpenSSH (70 columns, an
//! empty reserved field), so [`Signature::parse`] follows sshsig.c by
//! hand, refusal by refusal.

use std::cell::RefCell;
use std::fmt;
use std::io::{self, BufRead as _, Read};
use std::rc::Rc;
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use ed25519_dalek::Signer;
use sha2::{Digest as _, Sha256, Sha512};
use ssh_key::{Algorithm, HashAlg, LineEnding, SshSig, public::KeyData};
use zeroize::Zeroizing;

/// The SSHSIG namespace of every chopvault signature.
pub const NAMESPACE: &str = "chopvault";

/// HKDF `info` that separates the signing key from every other use of the
/// identity's bytes. Changing it changes every member's key.
const LABEL: &[u8] = b"chopvault member signing key v1";

/// Longest member name kept on a card.
const MAX_NAME: usize = 64;

/// A member's Ed25519 public key.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MemberKey([u8; 32]);

impl MemberKey {
    /// OpenSSH's one-line form without a comment: `ssh-ed25519 AAAA…`.
    pub fn to_openssh(&self) -> String {
        let key = ssh_key::PublicKey::new(
            KeyData::Ed25519(ssh_key::public::Ed25519PublicKey(self.0)),
            "",
        );
        key.to_openssh().expect("an Ed25519 key always encodes")
    }

    /// Reads `ssh-ed25519 AAAA…` (a comment after it is ignored).
    pub fn parse(text: &str) -> Result<MemberKey, CardError> {
        let key = ssh_key::PublicKey::from_openssh(text.trim()).map_err(|_| CardError::Key)?;
        match key.key_data() {
            KeyData::Ed25519(k) => Ok(MemberKey(k.0)),
            _ => Err(CardError::Key),
        }
    }

    /// A short, stable form for messages: the last 8 characters of the
    /// base64 key.
    pub fn short(&self) -> String {
        let full = self.to_openssh();
        let b64 = full.rsplit(' ').next().unwrap_or(&full);
        b64[b64.len().saturating_sub(8)..].to_owned()
    }
}

impl fmt::Debug for MemberKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MemberKey({})", self.to_openssh())
    }
}

/// The signing half, derived from an age identity; zeroized on drop.
pub struct SigningKey(ed25519_dalek::SigningKey);

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey([REDACTED], public {:?})", self.public())
    }
}

impl SigningKey {
    /// The signing key of an X25519 identity.
    pub fn from_identity(identity: &age::x25519::Identity) -> SigningKey {
        let text = identity.to_string();
        // The bech32 payload of `AGE-SECRET-KEY-1…` is the 32-byte scalar.
        let (_, bytes) = bech32::decode(text.expose_secret())
            .expect("age prints its identities as valid bech32");
        let bytes = Zeroizing::new(bytes);
        let mut seed = Zeroizing::new([0u8; 32]);
        hkdf::Hkdf::<Sha256>::new(None, &bytes)
            .expand(LABEL, &mut *seed)
            .expect("32 bytes is a valid HKDF-SHA256 length");
        SigningKey(ed25519_dalek::SigningKey::from_bytes(&seed))
    }

    /// The key as an unencrypted OpenSSH private key file
    /// (`-----BEGIN OPENSSH PRIVATE KEY-----`), for signing with other
    /// tools: `ssh-keygen -Y sign -f FILE -n chopvault VAULT`.
    pub fn to_openssh(&self, comment: &str) -> Zeroizing<String> {
        let seed = Zeroizing::new(self.0.to_bytes());
        // Ed25519Keypair zeroizes its private half on drop.
        let pair = ssh_key::private::Ed25519Keypair::from_seed(&seed);
        ssh_key::PrivateKey::new(ssh_key::private::KeypairData::Ed25519(pair), comment)
            .and_then(|k| k.to_openssh(LineEnding::LF))
            .expect("an Ed25519 key always encodes")
    }

    /// The public key.
    pub fn public(&self) -> MemberKey {
        MemberKey(self.0.verifying_key().to_bytes())
    }

    /// A detached SSHSIG signature (PEM) over a message whose SHA-256 is
    /// `digest`. chopvault always signs SHA-256 (see [`Digest`]).
    pub fn sign(&self, digest: &Digest) -> String {
        let sig = self.0.sign(&signed_data(Hash::Sha256, digest));
        let sig = ssh_key::Signature::new(Algorithm::Ed25519, sig.to_bytes().to_vec())
            .expect("an Ed25519 signature is 64 bytes");
        SshSig::new(
            KeyData::Ed25519(ssh_key::public::Ed25519PublicKey(self.public().0)),
            NAMESPACE,
            HashAlg::Sha256,
            sig,
        )
        .and_then(|s| s.to_pem(LineEnding::LF))
        .expect("a chopvault signature always encodes")
    }
}

/// The hash an SSHSIG signature was made over: PROTOCOL.sshsig allows
/// these two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    /// `sha256`, what chopvault writes.
    Sha256,
    /// `sha512`, what `ssh-keygen -Y sign` writes unless told otherwise.
    Sha512,
}

impl Hash {
    fn name(self) -> &'static [u8] {
        match self {
            Hash::Sha256 => b"sha256",
            Hash::Sha512 => b"sha512",
        }
    }
}

/// What SSHSIG signs: the magic, the namespace, an empty reserved field
/// (whatever the signature's own reserved field holds: sshsig.c signs and
/// verifies it empty), the hash algorithm's name, and the message's digest
/// (PROTOCOL.sshsig §3).
fn signed_data(hash: Hash, digest: &[u8]) -> Vec<u8> {
    fn string(out: &mut Vec<u8>, s: &[u8]) {
        out.extend_from_slice(&(s.len() as u32).to_be_bytes());
        out.extend_from_slice(s);
    }
    let mut out = Vec::with_capacity(160);
    out.extend_from_slice(b"SSHSIG");
    string(&mut out, NAMESPACE.as_bytes());
    string(&mut out, b"");
    string(&mut out, hash.name());
    string(&mut out, digest);
    out
}

/// A parsed detached signature: who claims to have signed, over which
/// hash, and the proof.
pub struct Signature {
    key: MemberKey,
    hash: Hash,
    sig: ed25519_dalek::Signature,
}

/// Why a signature file is not a chopvault signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// Not an SSHSIG PEM document, or a malformed one.
    NotSshsig,
    /// An SSHSIG signature, but not one chopvault can check.
    Foreign(Foreign),
}

/// What makes an SSHSIG signature one chopvault cannot check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    /// A format version newer than 1.
    NewerVersion(u32),
    /// A hash other than SHA-256 and SHA-512.
    Hash,
    /// A key other than Ed25519.
    NotEd25519,
    /// Another namespace than chopvault's.
    Namespace,
    /// The signature part is not an Ed25519 signature.
    Malformed,
}

impl Signature {
    /// Reads a PEM `-----BEGIN SSH SIGNATURE-----` document as
    /// `ssh-keygen -Y verify -n chopvault` reads it (OpenSSH's sshsig.c),
    /// so that what one accepts the other does: SHA-256 or SHA-512, any
    /// base64 line width, LF or CRLF, the reserved field ignored. Only an
    /// Ed25519 key can be a member's, so a signature by any other key type
    /// is refused here. Where sshsig.c reads loosely (a NUL ending a
    /// string, anything after the footer) this reads the same, so that no
    /// signature ssh-keygen verifies is refused and none it refuses is
    /// accepted.
    pub fn parse(file: &[u8]) -> Result<Signature, SignatureError> {
        let blob = dearmor(file).ok_or(SignatureError::NotSshsig)?;
        Signature::from_blob(&blob)
    }

    /// The blob of PROTOCOL.sshsig §2, checked as sshsig.c's
    /// `sshsig_wrap_verify` and `ssh_ed25519_verify` check it.
    fn from_blob(blob: &[u8]) -> Result<Signature, SignatureError> {
        use SignatureError::NotSshsig;
        let foreign = SignatureError::Foreign;
        let mut blob = Wire(blob);
        if blob.take(6) != Some(b"SSHSIG") {
            return Err(NotSshsig);
        }
        // Version 0 was never written, but ssh-keygen takes it: only a
        // newer version is refused.
        let version = blob.u32().ok_or(NotSshsig)?;
        if version > 1 {
            return Err(foreign(Foreign::NewerVersion(version)));
        }
        let key = blob.string().ok_or(NotSshsig)?;
        let namespace = blob.cstring().ok_or(NotSshsig)?;
        let _reserved = blob.string().ok_or(NotSshsig)?;
        let hash = blob.cstring().ok_or(NotSshsig)?;
        let sig = blob.string().ok_or(NotSshsig)?;
        if !blob.0.is_empty() {
            return Err(NotSshsig);
        }
        let hash = match hash {
            b"sha256" => Hash::Sha256,
            b"sha512" => Hash::Sha512,
            _ => return Err(foreign(Foreign::Hash)),
        };
        let mut key = Wire(key);
        if key.cstring().ok_or(NotSshsig)? != b"ssh-ed25519" {
            return Err(foreign(Foreign::NotEd25519));
        }
        let key: [u8; 32] = key
            .string()
            .and_then(|k| k.try_into().ok())
            .filter(|_| key.0.is_empty())
            .ok_or(NotSshsig)?;
        if namespace != NAMESPACE.as_bytes() {
            return Err(foreign(Foreign::Namespace));
        }
        let mut sig = Wire(sig);
        let malformed = || foreign(Foreign::Malformed);
        if sig.cstring().ok_or_else(malformed)? != b"ssh-ed25519" {
            return Err(malformed());
        }
        let sig: [u8; 64] = sig
            .string()
            .and_then(|s| s.try_into().ok())
            .filter(|_| sig.0.is_empty())
            .ok_or_else(malformed)?;
        Ok(Signature {
            key: MemberKey(key),
            hash,
            sig: ed25519_dalek::Signature::from_bytes(&sig),
        })
    }

    /// The key the signature names (not yet checked).
    pub fn claimed_key(&self) -> MemberKey {
        self.key
    }

    /// The hash the signature was made over.
    pub fn hash(&self) -> Hash {
        self.hash
    }

    /// True when the signature is the named key's over a message whose
    /// SHA-256 is `digest` (false for a SHA-512 signature).
    pub fn verifies(&self, digest: &Digest) -> bool {
        self.hash == Hash::Sha256 && self.checks(&signed_data(Hash::Sha256, digest))
    }

    /// True when the signature is the named key's over a message whose
    /// SHA-512 is `sha512` (false for a SHA-256 signature). See
    /// [`sha512_if_same`] for getting the SHA-512 of the bytes that were
    /// read.
    pub fn verifies_sha512(&self, sha512: &[u8; 64]) -> bool {
        self.hash == Hash::Sha512 && self.checks(&signed_data(Hash::Sha512, sha512))
    }

    fn checks(&self, data: &[u8]) -> bool {
        let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(&self.key.0) else {
            return false;
        };
        // Strict: no small-order key or R, s below the group order. Current
        // OpenSSH refuses a non-canonical s too; a small-order key is no
        // member's key (they are derived), so nothing ssh-keygen accepts
        // from a member is refused.
        key.verify_strict(data, &self.sig).is_ok()
    }
}

/// The SSH wire encoding (RFC 4251 §5), read as OpenSSH's sshbuf reads it.
struct Wire<'a>(&'a [u8]);

impl<'a> Wire<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        let b = self.take(4)?;
        Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// `string`: a length, then that many bytes.
    fn string(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()?;
        self.take(usize::try_from(n).ok()?)
    }

    /// A `string` read as a C string (`sshbuf_get_cstring`): a NUL is
    /// allowed only as its last byte, and dropped.
    fn cstring(&mut self) -> Option<&'a [u8]> {
        let s = self.string()?;
        let s = s.strip_suffix(b"\0").unwrap_or(s);
        (!s.contains(&0)).then_some(s)
    }
}

/// The blob inside the PEM armor, found as sshsig.c's `sshsig_dearmor`
/// finds it: the header at the very start of the file and ending its line
/// (LF or CRLF); the base64 up to the first `\n-----END SSH SIGNATURE-----`,
/// whatever follows that; the base64 read as a C string (a NUL only as its
/// last byte).
fn dearmor(file: &[u8]) -> Option<Vec<u8>> {
    let rest = file.strip_prefix(b"-----BEGIN SSH SIGNATURE-----")?;
    let rest = rest
        .strip_prefix(b"\r\n")
        .or_else(|| rest.strip_prefix(b"\n"))?;
    let end = crate::bytes::find_slice(rest, b"\n-----END SSH SIGNATURE-----")?;
    let body = &rest[..end];
    let body = body.strip_suffix(b"\0").unwrap_or(body);
    if body.contains(&0) {
        return None;
    }
    base64(body)
}

/// Base64 as OpenSSH's `b64_pton` reads it: whitespace (C's `isspace`:
/// space, tab, LF, VT, FF, CR) skipped anywhere, padding required, only
/// whitespace after it, and the bits past the last byte zero.
fn base64(text: &[u8]) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    }
    let space = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut bits, mut n) = (0u32, 0);
    let mut chars = text.iter();
    let mut padded = false;
    for &c in chars.by_ref() {
        if space(&c) {
            continue;
        }
        if c == b'=' {
            padded = true;
            break;
        }
        bits = bits << 6 | value(c)?;
        n += 1;
        if n == 4 {
            out.extend_from_slice(&bits.to_be_bytes()[1..]);
            (bits, n) = (0, 0);
        }
    }
    if !padded {
        return (n == 0).then_some(out);
    }
    let rest = chars.as_slice();
    let after = match n {
        // One byte in the last quantum: a second `=` must follow.
        2 => {
            let i = rest.iter().position(|c| !space(c))?;
            (rest[i] == b'=').then(|| &rest[i + 1..])?
        }
        3 => rest,
        _ => return None,
    };
    if !after.iter().all(space) {
        return None;
    }
    let (bytes, spare) = if n == 2 { (1, 4) } else { (2, 2) };
    if bits & ((1 << spare) - 1) != 0 {
        return None;
    }
    let whole = bits >> spare;
    out.extend_from_slice(&whole.to_be_bytes()[4 - bytes..]);
    Some(out)
}

/// The SHA-512 of a file's bytes, if their SHA-256 is `sha256`, both
/// taken in one pass. A vault read streams only its SHA-256 ([`Tally`]);
/// a SHA-512 signature (ssh-keygen's default) is checked by reading the
/// file once more, and only against the very bytes that were decrypted:
/// when the file changed in between, there is no SHA-512 to check.
pub fn sha512_if_same(mut file: impl Read, sha256: &Digest) -> io::Result<Option<[u8; 64]>> {
    let mut a = Sha256::new();
    let mut b = Sha512::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        a.update(&buf[..n]);
        b.update(&buf[..n]);
    }
    Ok((<[u8; 32]>::from(a.finalize()) == *sha256).then(|| b.finalize().into()))
}

/// The SHA-256 of a vault file, what its signature covers. chopvault signs
/// SHA-256 rather than SSHSIG's other choice, SHA-512: CPUs hash it in
/// hardware (SHA-NI), and a 10,000-entry vault is hashed on every `get`.
/// A SHA-512 signature made with other tools costs one more read of the
/// file ([`sha512_if_same`]).
pub type Digest = [u8; 32];

/// The digest of a whole file's bytes.
pub fn digest_of(bytes: &[u8]) -> Digest {
    Sha256::digest(bytes).into()
}

/// The SHA-256 of a byte stream, taken while it is read; or nothing, when
/// there is no signature to check it against.
#[derive(Clone, Default)]
pub struct Tally(Mode);

#[derive(Clone, Default)]
enum Mode {
    /// No signature to check.
    #[default]
    Off,
    /// Hashed by [`Hashing`] as the consumer reads.
    Inline(Rc<RefCell<Sha256>>),
    /// Hashed by the thread of a [`Piped`] reader, which reads to the end
    /// of the file whatever the consumer reads.
    Thread(Rc<RefCell<Option<std::thread::JoinHandle<io::Result<Digest>>>>>),
}

impl Tally {
    /// A tally that hashes.
    pub fn hashing() -> Tally {
        Tally(Mode::Inline(Rc::default()))
    }

    /// A tally that does nothing (no signature to check).
    pub fn off() -> Tally {
        Tally(Mode::Off)
    }

    /// Whether it hashes.
    pub fn is_on(&self) -> bool {
        !matches!(self.0, Mode::Off)
    }

    /// Whether the consumer must read the rest of the file through
    /// [`Hashing`] for the digest to cover it (a [`Piped`] reader does
    /// that itself).
    pub fn needs_rest(&self) -> bool {
        matches!(self.0, Mode::Inline(_))
    }

    /// Adds bytes.
    pub fn update(&self, bytes: &[u8]) {
        if let Mode::Inline(h) = &self.0 {
            h.borrow_mut().update(bytes);
        }
    }

    /// The digest of everything added (all zeros when off, or when the
    /// hashing thread failed to read the file).
    pub fn digest(&self) -> Digest {
        match &self.0 {
            Mode::Inline(h) => h.borrow().clone().finalize().into(),
            Mode::Off => [0; 32],
            Mode::Thread(handle) => handle
                .borrow_mut()
                .take()
                .and_then(|h| h.join().ok())
                .and_then(Result::ok)
                .unwrap_or([0; 32]),
        }
    }
}

/// Size of the chunks a [`Piped`] reader hands over.
const PIPE_CHUNK: usize = 96 * 1024;

/// A reader fed by a helper thread that reads `file` to its end in 96 KiB
/// chunks and hashes each: on a large vault the hash costs no wall time
/// (a second core does it while this one decrypts), and it covers every
/// byte of the file even when the consumer stops early. The bytes hashed
/// are exactly the bytes handed over.
pub struct Piped {
    rx: std::sync::mpsc::Receiver<io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    pos: usize,
}

impl Piped {
    /// Starts the thread on `file`; the tally gives the digest once the
    /// thread has read the whole file. With no thread to be had (a process
    /// limit), `file` comes back, untouched, for reading here.
    pub fn spawn(file: std::fs::File) -> Result<(Piped, Tally), std::fs::File> {
        // The thread gets its own descriptor, so that a failed start
        // leaves this one to the caller.
        let Ok(mut theirs) = file.try_clone() else {
            return Err(file);
        };
        // Few, large chunks: each hand-over wakes a thread, which costs
        // tens of microseconds on a virtual machine.
        let (tx, rx) = std::sync::mpsc::sync_channel::<io::Result<Vec<u8>>>(2);
        let spawned = std::thread::Builder::new().spawn(move || -> io::Result<Digest> {
            let mut hash = Sha256::new();
            let mut listening = true;
            loop {
                let mut buf = vec![0u8; PIPE_CHUNK];
                let n = match theirs.read(&mut buf) {
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        let kind = e.kind();
                        let _ = tx.send(Err(e));
                        return Err(io::Error::from(kind));
                    }
                };
                if n == 0 {
                    return Ok(hash.finalize().into());
                }
                buf.truncate(n);
                hash.update(&buf);
                // The consumer may be done (it read what it needed): keep
                // hashing to the end of the file all the same.
                if listening && tx.send(Ok(buf)).is_err() {
                    listening = false;
                }
            }
        });
        let Ok(handle) = spawned else {
            return Err(file);
        };
        let tally = Tally(Mode::Thread(Rc::new(RefCell::new(Some(handle)))));
        Ok((
            Piped {
                rx,
                chunk: Vec::new(),
                pos: 0,
            },
            tally,
        ))
    }
}

impl Read for Piped {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = buf.len().min(available.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

// Read in place from the chunk: no second buffer, no second copy.
impl io::BufRead for Piped {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.chunk.len() {
            match self.rx.recv() {
                Ok(Ok(chunk)) => {
                    self.chunk = chunk;
                    self.pos = 0;
                }
                Ok(Err(e)) => return Err(e),
                Err(_) => return Ok(&[]), // the thread reached the end
            }
        }
        Ok(&self.chunk[self.pos..])
    }

    fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.chunk.len());
    }
}

/// A reader that adds every byte it reads to a [`Tally`].
pub struct Hashing<R> {
    inner: R,
    tally: Tally,
}

impl<R: Read> Hashing<R> {
    /// Wraps `inner`; `tally` sees every byte read through it.
    pub fn new(inner: R, tally: Tally) -> Self {
        Hashing { inner, tally }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.tally.update(&buf[..n]);
        Ok(n)
    }
}

/// A member's public card: the age recipient that lets them read, and the
/// signing key that lets them write (none: a read-only member).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    /// `age1…`
    pub recipient: String,
    /// Their signing key.
    pub key: Option<MemberKey>,
    /// A name to show (the card's comment).
    pub name: Option<String>,
}

/// Why a card cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardError {
    /// The first word is not an age X25519 recipient.
    Recipient,
    /// The key part is not `ssh-ed25519 AAAA…`.
    Key,
    /// The name holds control characters or is too long.
    Name,
}

impl Card {
    /// The card of an identity, with an optional name.
    pub fn of(identity: &age::x25519::Identity, name: Option<String>) -> Card {
        Card {
            recipient: identity.to_public().to_string(),
            key: Some(SigningKey::from_identity(identity).public()),
            name,
        }
    }

    /// Reads `age1… [ssh-ed25519 AAAA… [name…]]`; words may be separated
    /// by any whitespace.
    pub fn parse(text: &str) -> Result<Card, CardError> {
        let mut words = text.split_whitespace();
        let recipient = words.next().ok_or(CardError::Recipient)?;
        age::x25519::Recipient::from_str(recipient).map_err(|_| CardError::Recipient)?;
        let key = match words.next() {
            None => None,
            Some("ssh-ed25519") => {
                let b64 = words.next().ok_or(CardError::Key)?;
                Some(MemberKey::parse(&format!("ssh-ed25519 {b64}"))?)
            }
            Some(_) => return Err(CardError::Key),
        };
        let name = words.collect::<Vec<_>>().join(" ");
        let name = if name.is_empty() {
            None
        } else {
            check_name(&name)?;
            Some(name)
        };
        Ok(Card {
            recipient: recipient.to_owned(),
            key,
            name,
        })
    }
}

/// A member name: short, no control, bidirectional-override or invisible
/// characters (two names must not look alike and differ).
pub fn check_name(name: &str) -> Result<(), CardError> {
    if name.chars().count() > MAX_NAME
        || name
            .chars()
            .any(|c| crate::text::is_unsafe_char(c) || crate::secret::invisible(c))
    {
        return Err(CardError::Name);
    }
    Ok(())
}

impl fmt::Display for Card {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.recipient)?;
        if let Some(key) = &self.key {
            write!(f, " {}", key.to_openssh())?;
            if let Some(name) = &self.name {
                write!(f, " {name}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity() -> age::x25519::Identity {
        age::x25519::Identity::from_str(
            "AGE-SECRET-KEY-1GQ9778VQXMMJVE8SK7J6VT8UJ4HDQAJUVSFCWCM02D8GEWQ72PVQ2Y5J33",
        )
        .unwrap()
    }

    #[test]
    fn the_signing_key_is_derived_and_stable() {
        let a = SigningKey::from_identity(&identity()).public();
        let b = SigningKey::from_identity(&identity()).public();
        assert_eq!(a, b);
        let other = SigningKey::from_identity(&age::x25519::Identity::generate()).public();
        assert_ne!(a, other);
        assert!(!format!("{:?}", SigningKey::from_identity(&identity())).contains("AGE-SECRET"));
    }

    #[test]
    fn signatures_verify_only_over_their_digest() {
        let key = SigningKey::from_identity(&identity());
        let digest = digest_of(b"vault bytes");
        let pem = key.sign(&digest);
        assert!(pem.starts_with("-----BEGIN SSH SIGNATURE-----"));
        let sig = Signature::parse(pem.as_bytes()).unwrap();
        assert_eq!(sig.claimed_key(), key.public());
        assert!(sig.verifies(&digest));
        let other = digest_of(b"vault bytes!");
        assert!(!sig.verifies(&other));
        assert_eq!(
            Signature::parse(b"not a signature").err(),
            Some(SignatureError::NotSshsig)
        );
    }

    /// The fields of an SSHSIG blob (PROTOCOL.sshsig §2), put together by
    /// hand so that each can be bent.
    #[derive(Clone)]
    struct Blob {
        magic: Vec<u8>,
        version: u32,
        key_type: Vec<u8>,
        key: Vec<u8>,
        namespace: Vec<u8>,
        reserved: Vec<u8>,
        hash: Vec<u8>,
        sig_type: Vec<u8>,
        sig: Vec<u8>,
        trailing: Vec<u8>,
    }

    fn put(out: &mut Vec<u8>, s: &[u8]) {
        out.extend_from_slice(&(s.len() as u32).to_be_bytes());
        out.extend_from_slice(s);
    }

    const MESSAGE: &[u8] = b"the vault's bytes";

    impl Blob {
        /// `MESSAGE` signed as `ssh-keygen -Y sign -n NAMESPACE -O
        /// hashalg=HASH` signs it (sshsig.c, `sshsig_wrap_sign`).
        fn signed(namespace: &str, hash: &str) -> Blob {
            let key = SigningKey::from_identity(&identity());
            let h = match hash {
                "sha256" => Sha256::digest(MESSAGE).to_vec(),
                _ => sha2::Sha512::digest(MESSAGE).to_vec(),
            };
            let mut data = b"SSHSIG".to_vec();
            put(&mut data, namespace.as_bytes());
            put(&mut data, b"");
            put(&mut data, hash.as_bytes());
            put(&mut data, &h);
            Blob {
                magic: b"SSHSIG".to_vec(),
                version: 1,
                key_type: b"ssh-ed25519".to_vec(),
                key: key.public().0.to_vec(),
                namespace: namespace.into(),
                reserved: Vec::new(),
                hash: hash.into(),
                sig_type: b"ssh-ed25519".to_vec(),
                sig: key.0.sign(&data).to_bytes().to_vec(),
                trailing: Vec::new(),
            }
        }

        fn bytes(&self) -> Vec<u8> {
            let mut key = Vec::new();
            put(&mut key, &self.key_type);
            put(&mut key, &self.key);
            let mut sig = Vec::new();
            put(&mut sig, &self.sig_type);
            put(&mut sig, &self.sig);
            let mut out = self.magic.clone();
            out.extend_from_slice(&self.version.to_be_bytes());
            put(&mut out, &key);
            put(&mut out, &self.namespace);
            put(&mut out, &self.reserved);
            put(&mut out, &self.hash);
            put(&mut out, &sig);
            out.extend_from_slice(&self.trailing);
            out
        }

        /// The PEM armor, base64 in lines of `width` ending in `eol`.
        fn armored(&self, width: usize, eol: &str) -> Vec<u8> {
            use base64::Engine as _;
            let b64 = base64::engine::general_purpose::STANDARD.encode(self.bytes());
            let mut out = format!("-----BEGIN SSH SIGNATURE-----{eol}");
            for line in b64.as_bytes().chunks(width) {
                out.push_str(std::str::from_utf8(line).unwrap());
                out.push_str(eol);
            }
            out.push_str("-----END SSH SIGNATURE-----");
            out.push_str(eol);
            out.into_bytes()
        }

        /// Armored as `ssh-keygen` writes it: 70 columns, LF.
        fn pem(&self) -> Vec<u8> {
            self.armored(70, "\n")
        }
    }

    /// Whether the signature reads and verifies over `MESSAGE`, whichever
    /// hash it names.
    fn good(pem: &[u8]) -> bool {
        Signature::parse(pem).is_ok_and(|sig| {
            sig.verifies(&digest_of(MESSAGE))
                || sig.verifies_sha512(&sha2::Sha512::digest(MESSAGE).into())
        })
    }

    /// Found by an outside tester: `ssh-keygen -Y sign` hashes with SHA-512
    /// unless told otherwise, and such signatures were refused.
    #[test]
    fn ssh_keygen_s_default_sha512_is_read() {
        let pem = Blob::signed(NAMESPACE, "sha512").pem();
        let sig = Signature::parse(&pem).unwrap();
        assert_eq!(sig.hash(), Hash::Sha512);
        assert_eq!(
            sig.claimed_key(),
            SigningKey::from_identity(&identity()).public()
        );
        assert!(sig.verifies_sha512(&sha2::Sha512::digest(MESSAGE).into()));
        assert!(!sig.verifies_sha512(&sha2::Sha512::digest(b"other bytes").into()));
        // Its SHA-256 is not what it signed.
        assert!(!sig.verifies(&digest_of(MESSAGE)));
        let sha256 = Signature::parse(&Blob::signed(NAMESPACE, "sha256").pem()).unwrap();
        assert_eq!(sha256.hash(), Hash::Sha256);
        assert!(!sha256.verifies_sha512(&sha2::Sha512::digest(MESSAGE).into()));
    }

    /// PROTOCOL.sshsig only says the base64 SHOULD be wrapped (at 76):
    /// ssh-keygen skips whitespace anywhere in it, and takes CRLF.
    #[test]
    fn any_line_width_and_crlf_are_read() {
        let blob = Blob::signed(NAMESPACE, "sha256");
        for (width, eol) in [
            (70, "\n"),
            (64, "\n"),
            (76, "\n"),
            (100_000, "\n"),
            (4, "\n"),
            (70, "\r\n"),
            (76, "\r\n"),
        ] {
            let pem = blob.armored(width, eol);
            assert!(
                good(&pem),
                "{width} {eol:?}: {}",
                String::from_utf8_lossy(&pem)
            );
        }
        let sha512 = Blob::signed(NAMESPACE, "sha512");
        assert!(good(&sha512.armored(76, "\r\n")));
        assert!(good(&sha512.armored(100_000, "\n")));
    }

    /// "Implementations should ignore the reserved field if it is not
    /// empty" (PROTOCOL.sshsig); the signed data always has it empty.
    #[test]
    fn a_reserved_field_is_ignored() {
        for hash in ["sha256", "sha512"] {
            let mut blob = Blob::signed(NAMESPACE, hash);
            blob.reserved = b"future tags\0\xff".to_vec();
            assert!(good(&blob.pem()), "{hash}");
        }
    }

    /// What `ssh-keygen -Y verify` refuses is refused, each for its reason.
    #[test]
    fn what_ssh_keygen_refuses_is_refused() {
        let foreign = |pem: &[u8]| matches!(Signature::parse(pem), Err(SignatureError::Foreign(_)));
        let base = Blob::signed(NAMESPACE, "sha512");
        let bent = |f: &dyn Fn(&mut Blob)| {
            let mut b = base.clone();
            f(&mut b);
            b.pem()
        };
        assert!(good(&base.pem()));
        // Another namespace, even one signed as such.
        assert!(foreign(&Blob::signed("git", "sha512").pem()));
        assert!(foreign(&bent(&|b| b.namespace = b"chopvault2".to_vec())));
        assert!(foreign(&bent(&|b| b.namespace = b"chopvaulT".to_vec())));
        // Another hash name (names are case-sensitive).
        for hash in [&b"sha384"[..], b"SHA512", b"sha-512", b"", b"sha512 "] {
            assert!(foreign(&bent(&|b| b.hash = hash.to_vec())), "{hash:?}");
        }
        // A newer version.
        assert!(foreign(&bent(&|b| b.version = 2)));
        assert!(foreign(&bent(&|b| b.version = u32::MAX)));
        // Another key type: only Ed25519 keys are member keys.
        assert!(foreign(&bent(&|b| b.key_type = b"ssh-rsa".to_vec())));
        assert!(foreign(&bent(
            &|b| b.key_type = b"sk-ssh-ed25519@openssh.com".to_vec()
        )));
        assert!(!good(&bent(&|b| b.sig_type = b"ssh-rsa".to_vec())));
        // Not SSHSIG at all.
        let not = |pem: &[u8]| !good(pem);
        assert!(not(&bent(&|b| b.magic = b"SSHSIH".to_vec())));
        assert!(not(&bent(&|b| b.magic = b"sshsig".to_vec())));
        // Malformed: a short key, a short signature, data after the blob.
        assert!(not(&bent(&|b| b.key.truncate(31))));
        assert!(not(&bent(&|b| b.sig.truncate(63))));
        assert!(not(&bent(&|b| b.sig.push(0))));
        assert!(not(&bent(&|b| b.trailing = vec![0])));
        // A bit flipped in the signature.
        assert!(not(&bent(&|b| b.sig[10] ^= 1)));
    }

    /// The armor and base64 as sshsig.c's `sshsig_dearmor` and
    /// `b64_pton` read them: a byte-for-byte header at the very start, the
    /// first `\n-----END SSH SIGNATURE-----` ends the base64, padding
    /// required, no bits left over, whitespace skipped anywhere.
    #[test]
    fn the_armor_is_read_as_ssh_keygen_reads_it() {
        let blob = Blob::signed(NAMESPACE, "sha256");
        let pem = String::from_utf8(blob.pem()).unwrap();
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let with = |body: &str| {
            format!("-----BEGIN SSH SIGNATURE-----\n{body}\n-----END SSH SIGNATURE-----\n")
                .into_bytes()
        };
        assert!(good(&with(&b64)));
        // Accepted by ssh-keygen: anything after the footer, no newline at
        // the end, blank lines and spaces in the base64.
        assert!(good(format!("{pem}trailing words\n").as_bytes()));
        assert!(good(pem.trim_end().as_bytes()));
        assert!(good(&with(&format!(
            "\n\n {}\t\n\x0b\x0c{}\r\n",
            &b64[..5],
            &b64[5..]
        ))));
        assert!(good(
            pem.replace("\n", " \t\n")
                .replacen(" \t\n", "\n", 1)
                .as_bytes()
        ));
        // Refused by ssh-keygen: anything before the header or after it on
        // its line, a footer not at the start of a line, base64 without
        // padding or with too much of it, not base64, a NUL inside.
        assert!(!good(format!(" {pem}").as_bytes()));
        assert!(!good(pem.replacen("\n", " \n", 1).as_bytes()));
        assert!(!good(format!("\u{feff}{pem}").as_bytes()));
        assert!(!good(
            pem.replace("-----END SSH SIGNATURE-----", "-----END SSH SIGNATURE")
                .as_bytes()
        ));
        assert!(!good(pem.replace("\n-----END", " -----END").as_bytes()));
        assert!(!good(&with(&b64.replace('=', ""))));
        assert!(!good(&with(&format!("{b64}="))));
        assert!(!good(&with(&format!("{b64}AAAA"))));
        assert!(!good(&with(&format!("{b64}\u{a0}"))));
        assert!(!good(&with(&b64.replacen('A', "-", 1))));
        assert!(!good(&with(&format!("{}\0{}", &b64[..8], &b64[8..]))));
        assert!(!good(
            b"-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n"
        ));
    }

    /// The bits past the last byte of padded base64 must be zero
    /// (b64_pton: "they become a subliminal channel").
    #[test]
    fn base64_with_bits_left_over_is_refused() {
        // A blob of a length that leaves a partial quantum.
        for extra in 0..3 {
            let mut blob = Blob::signed(NAMESPACE, "sha256");
            blob.reserved = vec![b'x'; extra];
            let pem = String::from_utf8(blob.pem()).unwrap();
            assert!(good(pem.as_bytes()));
            let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
            let pads = b64.bytes().rev().take_while(|&c| c == b'=').count();
            if pads == 0 {
                continue;
            }
            // Bump the last character before the padding by one: the
            // decoded bytes are the same, the spare bits are not zero.
            let mut bytes = b64.clone().into_bytes();
            let i = bytes.len() - pads - 1;
            bytes[i] = match bytes[i] {
                b'A'..=b'Y' | b'a'..=b'y' | b'0'..=b'8' => bytes[i] + 1,
                c => panic!("unexpected last character {c}"),
            };
            let bent = format!(
                "-----BEGIN SSH SIGNATURE-----\n{}\n-----END SSH SIGNATURE-----\n",
                String::from_utf8(bytes).unwrap()
            );
            assert!(!good(bent.as_bytes()), "{extra}");
        }
    }

    /// A SHA-512 signature is checked only against the bytes whose
    /// SHA-256 the read streamed.
    #[test]
    fn the_sha512_is_of_the_same_bytes_or_none() {
        let bytes: Vec<u8> = (0..600_000u32).map(|i| (i % 253) as u8).collect();
        let sha512: [u8; 64] = sha2::Sha512::digest(&bytes).into();
        assert_eq!(
            sha512_if_same(&bytes[..], &digest_of(&bytes)).unwrap(),
            Some(sha512)
        );
        assert_eq!(
            sha512_if_same(&bytes[..], &digest_of(b"what was decrypted")).unwrap(),
            None
        );
    }

    /// `whoami --ssh-key`: the file OpenSSH reads is the member's key.
    #[test]
    fn the_signing_key_writes_as_an_openssh_private_key() {
        let key = SigningKey::from_identity(&identity());
        let pem = key.to_openssh("alice@laptop");
        assert!(pem.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
        let read = ssh_key::PrivateKey::from_openssh(pem.as_bytes()).unwrap();
        assert!(!read.is_encrypted());
        assert_eq!(read.comment(), "alice@laptop");
        assert_eq!(
            MemberKey::parse(&read.public_key().to_openssh().unwrap()).unwrap(),
            key.public()
        );
    }

    #[test]
    fn a_piped_digest_covers_the_whole_file_whatever_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        // Read it all: the same bytes come out.
        let (mut piped, tally) = Piped::spawn(std::fs::File::open(&path).unwrap()).unwrap();
        let mut out = Vec::new();
        piped.read_to_end(&mut out).unwrap();
        assert_eq!(out, bytes);
        assert_eq!(tally.digest(), digest_of(&bytes));
        // Read only a little: the digest is still the whole file's.
        let (mut piped, tally) = Piped::spawn(std::fs::File::open(&path).unwrap()).unwrap();
        let mut some = [0u8; 10];
        piped.read_exact(&mut some).unwrap();
        drop(piped);
        assert_eq!(tally.digest(), digest_of(&bytes));
    }

    #[test]
    fn streaming_digest_matches_the_whole() {
        let tally = Tally::hashing();
        let mut r = Hashing::new(&b"abcdefgh"[..], tally.clone());
        let mut buf = [0u8; 3];
        while r.read(&mut buf).unwrap() > 0 {}
        let whole = digest_of(b"abcdefgh");
        assert_eq!(tally.digest(), whole);
    }

    #[test]
    fn cards_round_trip() {
        let card = Card::of(&identity(), Some("alice@laptop".into()));
        let text = card.to_string();
        assert!(text.starts_with("age1") && text.contains(" ssh-ed25519 AAAA"));
        assert!(text.ends_with(" alice@laptop"));
        assert_eq!(Card::parse(&text).unwrap(), card);
        let bare = Card::parse(&card.recipient).unwrap();
        assert_eq!(bare.key, None);
        assert_eq!(Card::parse("nope").err(), Some(CardError::Recipient));
        assert_eq!(
            Card::parse(&format!("{} ssh-rsa AAAA", card.recipient)).err(),
            Some(CardError::Key)
        );
        let evil = format!(
            "{} x\u{1b}[2J",
            card.to_string().rsplit_once(' ').unwrap().0
        );
        assert_eq!(Card::parse(&evil).err(), Some(CardError::Name));
    }
}
