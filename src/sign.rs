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
//! §3), and `ssh-key` only encodes and decodes the PEM envelope.

use std::cell::RefCell;
use std::fmt;
use std::io::{self, BufRead as _, Read};
use std::rc::Rc;
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use ed25519_dalek::Signer;
use sha2::{Digest as _, Sha256};
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

    /// The public key.
    pub fn public(&self) -> MemberKey {
        MemberKey(self.0.verifying_key().to_bytes())
    }

    /// A detached SSHSIG signature (PEM) over a message whose SHA-256 is
    /// `digest`.
    pub fn sign(&self, digest: &Digest) -> String {
        let sig = self.0.sign(&signed_data(digest));
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

/// What SSHSIG signs: the magic, the namespace, an empty reserved field,
/// the hash algorithm's name, and the message's digest (PROTOCOL.sshsig).
fn signed_data(digest: &Digest) -> Vec<u8> {
    fn string(out: &mut Vec<u8>, s: &[u8]) {
        out.extend_from_slice(&(s.len() as u32).to_be_bytes());
        out.extend_from_slice(s);
    }
    let mut out = Vec::with_capacity(128);
    out.extend_from_slice(b"SSHSIG");
    string(&mut out, NAMESPACE.as_bytes());
    string(&mut out, b"");
    string(&mut out, b"sha256");
    string(&mut out, digest);
    out
}

/// A parsed detached signature: who claims to have signed, and the proof.
pub struct Signature {
    key: MemberKey,
    sig: ed25519_dalek::Signature,
}

/// Why a signature file is not a chopvault signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// Not an SSHSIG PEM document.
    NotSshsig,
    /// An SSHSIG signature, but not one chopvault makes (another
    /// namespace, hash or key type).
    Foreign(String),
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::NotSshsig => f.write_str(&t!("sign-not-ssh-signature")),
            SignatureError::Foreign(why) => {
                f.write_str(&t!("sign-not-chopvault-signature", why = why))
            }
        }
    }
}

impl Signature {
    /// Reads a PEM `-----BEGIN SSH SIGNATURE-----` document made by
    /// [`SigningKey::sign`] (or by `ssh-keygen -Y sign -n chopvault` with an
    /// Ed25519 key).
    pub fn parse(pem: &[u8]) -> Result<Signature, SignatureError> {
        let sig = SshSig::from_pem(pem).map_err(|_| SignatureError::NotSshsig)?;
        if sig.namespace() != NAMESPACE {
            return Err(SignatureError::Foreign(t!("sign-bad-namespace")));
        }
        if sig.hash_alg() != HashAlg::Sha256 {
            return Err(SignatureError::Foreign(t!("sign-bad-hash")));
        }
        if !sig.reserved().is_empty() {
            return Err(SignatureError::Foreign(t!("sign-reserved-field")));
        }
        let KeyData::Ed25519(key) = sig.public_key() else {
            return Err(SignatureError::Foreign(t!("sign-not-ed25519")));
        };
        let bytes: [u8; 64] = sig
            .signature_bytes()
            .try_into()
            .map_err(|_| SignatureError::Foreign(t!("sign-malformed-signature")))?;
        Ok(Signature {
            key: MemberKey(key.0),
            sig: ed25519_dalek::Signature::from_bytes(&bytes),
        })
    }

    /// The key the signature names (not yet checked).
    pub fn claimed_key(&self) -> MemberKey {
        self.key
    }

    /// True when the signature is the named key's over a message whose
    /// SHA-256 is `digest`.
    pub fn verifies(&self, digest: &Digest) -> bool {
        let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(&self.key.0) else {
            return false;
        };
        key.verify_strict(&signed_data(digest), &self.sig).is_ok()
    }
}

/// The SHA-256 of a vault file, what its signature covers. SHA-256 rather
/// than SSHSIG's other choice, SHA-256: CPUs hash it in hardware (SHA-NI),
/// and a 10,000-entry vault is hashed on every `get`.
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

/// A reader fed by a helper thread that reads `file` to its end in 512 KiB
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
    /// thread has read the whole file.
    pub fn spawn(mut file: std::fs::File) -> (Piped, Tally) {
        // Few, large chunks: each hand-over wakes a thread, which costs
        // tens of microseconds on a virtual machine.
        let (tx, rx) = std::sync::mpsc::sync_channel::<io::Result<Vec<u8>>>(4);
        let handle = std::thread::spawn(move || -> io::Result<Digest> {
            let mut hash = Sha256::new();
            let mut listening = true;
            loop {
                let mut buf = vec![0u8; PIPE_CHUNK];
                let n = match file.read(&mut buf) {
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
        let tally = Tally(Mode::Thread(Rc::new(RefCell::new(Some(handle)))));
        (
            Piped {
                rx,
                chunk: Vec::new(),
                pos: 0,
            },
            tally,
        )
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

impl fmt::Display for CardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            CardError::Recipient => t!("sign-card-no-recipient"),
            CardError::Key => t!("sign-card-no-ssh-key"),
            CardError::Name => t!("sign-card-bad-name"),
        })
    }
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

/// A member name: short, no control or bidirectional-override characters.
pub fn check_name(name: &str) -> Result<(), CardError> {
    if name.chars().count() > MAX_NAME || name.chars().any(crate::text::is_unsafe_char) {
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

    #[test]
    fn a_piped_digest_covers_the_whole_file_whatever_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        // Read it all: the same bytes come out.
        let (mut piped, tally) = Piped::spawn(std::fs::File::open(&path).unwrap());
        let mut out = Vec::new();
        piped.read_to_end(&mut out).unwrap();
        assert_eq!(out, bytes);
        assert_eq!(tally.digest(), digest_of(&bytes));
        // Read only a little: the digest is still the whole file's.
        let (mut piped, tally) = Piped::spawn(std::fs::File::open(&path).unwrap());
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
