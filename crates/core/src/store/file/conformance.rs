//! Every C2SP CCTV age test vector (`tests/fixtures/cctv`, copied from
//! C2SP/CCTV `age/testdata` with its README, which is its license) through
//! the store's own reading path: [`age_input`] (armor, header check), age's
//! decryptor, [`unwrap_with`] with the vector's passphrase or identities (a
//! passphrase for a scrypt file, identities otherwise, as the store
//! chooses), then the stream to its end. Each vector's `expect:` is matched
//! exactly, payload hash included.
//!
//! chopvault has no hybrid (ML-KEM) identities; the kit's README lets an
//! implementation skip a feature it lacks. Such vectors still run: one the
//! kit expects to fail must be refused, and one it expects to read must
//! pass the header check (a hybrid stanza is well-formed) and then find no
//! key, and nothing else.

use std::io::Read;
use std::path::PathBuf;
use std::str::FromStr;

use age::secrecy::SecretString;
use age::{DecryptError, Decryptor};
use sha2::{Digest, Sha256};

use super::{Unlocker, Unreadable, age_input, unwrap_with};

struct Vector {
    name: String,
    expect: String,
    payload: Option<String>,
    identities: Vec<String>,
    passphrases: Vec<String>,
    file: Vec<u8>,
}

/// How far the reading path got.
#[derive(Debug)]
enum Outcome {
    /// Refused before any key was tried: armor, header, not age.
    Unreadable(String),
    /// The key step refused.
    Unwrap(DecryptError),
    /// The stream failed after this much plaintext.
    Stream(Vec<u8>),
    Read(Vec<u8>),
}

fn vectors() -> Vec<Vector> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/cctv");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.contains('.') {
            continue; // README.md, .gitattributes
        }
        let bytes = std::fs::read(&path).unwrap();
        let split = bytes.windows(2).position(|w| w == b"\n\n").unwrap();
        let head = std::str::from_utf8(&bytes[..split]).unwrap();
        let mut file = bytes[split + 2..].to_vec();
        let mut v = Vector {
            name,
            expect: String::new(),
            payload: None,
            identities: Vec::new(),
            passphrases: Vec::new(),
            file: Vec::new(),
        };
        for line in head.lines() {
            let (key, value) = line.split_once(": ").unwrap();
            match key {
                "expect" => v.expect = value.into(),
                "payload" => v.payload = Some(value.into()),
                "identity" => v.identities.push(value.into()),
                "passphrase" => v.passphrases.push(value.into()),
                "compressed" => {
                    assert_eq!(value, "zlib");
                    file = miniz_oxide::inflate::decompress_to_vec_zlib(&file).unwrap();
                }
                "armored" | "file key" | "comment" => {}
                other => panic!("{}: unknown key {other}", v.name),
            }
        }
        v.file = file;
        out.push(v);
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The store's reading path on one vector; also says whether chopvault
/// holds every identity the vector names.
fn run(v: &Vector) -> (Outcome, bool) {
    let x25519: Vec<Box<dyn age::Identity + Send + Sync>> = v
        .identities
        .iter()
        .filter_map(|s| age::x25519::Identity::from_str(s).ok())
        .map(|i| Box::new(i) as _)
        .collect();
    let all_known = x25519.len() == v.identities.len();
    let input = match age_input(Box::new(&v.file[..]), v.file.len()) {
        Ok(input) => input,
        Err(e) => return (Outcome::Unreadable(describe(&e)), all_known),
    };
    let decryptor = match Decryptor::new_buffered(input.reader) {
        Ok(d) => d,
        Err(e) => return (Outcome::Unreadable(e.to_string()), all_known),
    };
    let pass = v.passphrases.first().map(|p| SecretString::from(p.clone()));
    let key = match (&pass, decryptor.is_scrypt()) {
        (Some(p), true) => Unlocker::Passphrase(p),
        _ => Unlocker::Identities(&x25519),
    };
    let mut reader = match unwrap_with(decryptor, key) {
        Ok(r) => r,
        Err(e) => return (Outcome::Unwrap(e), all_known),
    };
    let mut plain = Vec::new();
    let outcome = match reader.read_to_end(&mut plain) {
        Ok(_) => Outcome::Read(plain),
        Err(_) => Outcome::Stream(plain),
    };
    (outcome, all_known)
}

fn describe(e: &Unreadable) -> String {
    format!("{e:?}")
}

fn hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `outcome` is what the kit's `expect` says (the hash of whatever
/// plaintext came out included).
fn as_expected(v: &Vector, outcome: &Outcome) -> bool {
    let payload_ok = |plain: &[u8]| v.payload.as_deref() == Some(hash(plain).as_str());
    match (v.expect.as_str(), outcome) {
        ("success", Outcome::Read(plain)) => payload_ok(plain),
        ("payload failure", Outcome::Stream(plain)) => payload_ok(plain),
        ("armor failure" | "header failure", Outcome::Unreadable(_)) => true,
        // Stanza-specific rules (an X25519 share, the work factor's
        // ceiling) are the age library's, checked when the key is tried.
        ("header failure", Outcome::Unwrap(e)) => !matches!(
            e,
            DecryptError::NoMatchingKeys | DecryptError::DecryptionFailed
        ),
        ("no match", Outcome::Unwrap(e)) => matches!(
            e,
            DecryptError::NoMatchingKeys | DecryptError::DecryptionFailed
        ),
        ("HMAC failure", Outcome::Unwrap(e)) => matches!(e, DecryptError::InvalidMac),
        _ => false,
    }
}

#[test]
fn every_cctv_vector_is_read_as_the_kit_says() {
    let vectors = vectors();
    assert!(vectors.len() >= 140, "only {} vectors", vectors.len());
    let mut wrong = Vec::new();
    let mut without_key = Vec::new();
    for v in &vectors {
        let (outcome, all_known) = run(v);
        if as_expected(v, &outcome) {
            continue;
        }
        // A vector that needs a hybrid identity chopvault lacks: one the
        // kit refuses must be refused (where does not matter: the key that
        // would get further is missing), one the kit reads must get as far
        // as the keys and no further.
        let refused = !matches!(outcome, Outcome::Read(_));
        let lacks_key = !all_known
            && match v.expect.as_str() {
                "success" | "payload failure" | "HMAC failure" => {
                    matches!(outcome, Outcome::Unwrap(DecryptError::NoMatchingKeys))
                }
                _ => refused,
            };
        if lacks_key {
            without_key.push(v.name.as_str());
            continue;
        }
        let shown = match &outcome {
            Outcome::Unreadable(why) => format!("refused before the keys: {why}"),
            Outcome::Read(p) => format!("read {} bytes", p.len()),
            Outcome::Stream(p) => format!("stream failed after {} bytes", p.len()),
            other => format!("{other:?}"),
        };
        wrong.push(format!("{}: expected {}, got {shown}", v.name, v.expect));
    }
    assert!(
        wrong.is_empty(),
        "{} of {} vectors not as the kit says:\n{}",
        wrong.len(),
        vectors.len(),
        wrong.join("\n")
    );
    // Exactly the hybrid vectors are taken on trust, no others.
    assert!(
        without_key.iter().all(|n| n.contains("hybrid")),
        "taken as lacking a key: {without_key:?}"
    );
}

/// The kit's `scrypt` vector (passphrase `password`, file key `YELLOW
/// SUBMARINE`, work factor 10) with the work factor written as `spelling`
/// and the header MAC made again, so the spelling is all that is wrong.
pub(crate) fn scrypt_file_with_work_factor(spelling: &str) -> Vec<u8> {
    let v = vectors().into_iter().find(|v| v.name == "scrypt").unwrap();
    let file = v.file;
    let stanza = b" 10\n";
    let at = file.windows(4).position(|w| w == stanza).unwrap();
    let mut out = file[..at].to_vec();
    out.extend_from_slice(format!(" {spelling}\n").as_bytes());
    let rest = &file[at + stanza.len()..];
    let dashes = rest.windows(4).position(|w| w == b"\n---").unwrap() + 4;
    out.extend_from_slice(&rest[..dashes]);
    let key = age_core::primitives::hkdf(&[], b"header", b"YELLOW SUBMARINE");
    let mac = hmac_sha256(&key, &out);
    out.push(b' ');
    out.extend_from_slice(
        base64_simd::STANDARD_NO_PAD
            .encode_to_string(mac)
            .as_bytes(),
    );
    let old_mac_end = rest[dashes..].iter().position(|&b| b == b'\n').unwrap();
    out.extend_from_slice(&rest[dashes + old_mac_end..]);
    out
}

/// HMAC-SHA-256 (RFC 2104), for the header MAC above.
fn hmac_sha256(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    let pad = |byte: u8| -> Vec<u8> {
        let mut block = vec![byte; 64];
        for (b, k) in block.iter_mut().zip(key) {
            *b ^= k;
        }
        block
    };
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// Issue 25: age 0.12.1 reads a scrypt work factor `10a`, `10.0` or `1e1`
/// (it takes the leading digits); the spec says to refuse them.
#[test]
fn work_factor_spellings_are_refused_before_the_keys() {
    let read = |spelling: &str| {
        let v = Vector {
            name: spelling.into(),
            expect: String::new(),
            payload: None,
            identities: Vec::new(),
            passphrases: vec!["password".into()],
            file: scrypt_file_with_work_factor(spelling),
        };
        run(&v).0
    };
    // The remade MAC is right: the plain spelling still reads.
    assert!(
        matches!(read("10"), Outcome::Read(p) if p == b"age"),
        "{:?}",
        read("10")
    );
    for spelling in ["10a", "10.0", "1e1"] {
        match read(spelling) {
            Outcome::Unreadable(why) => assert!(
                why.contains(&format!("ScryptWorkFactor(\"{spelling}\")")),
                "{spelling}: {why}"
            ),
            other => panic!("{spelling} was not refused by the header check: {other:?}"),
        }
    }
}
