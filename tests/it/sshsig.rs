//! Signatures as stock OpenSSH makes and reads them. Found by an outside
//! tester: a vault re-signed with `ssh-keygen -Y sign -n chopvault` (SHA-512
//! by default) was refused. A member's key comes from `whoami --ssh-key`;
//! chopvault's reader is held to `ssh-keygen -Y check-novalidate` input by
//! input.

use crate::common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine as _;
use chopvault::sign::{Hash, Signature};
use common::{Sandbox, TOKEN};
use sha2::Digest as _;

/// One person: their own machine (sandbox) and identity.
struct Person {
    sb: Sandbox,
    id: PathBuf,
}

impl Person {
    fn new() -> Person {
        let sb = Sandbox::new();
        let id = sb.path("id.txt");
        sb.cmd()
            .arg("--vault")
            .arg(sb.path("own.age"))
            .args(["init", "--generate-identity", "--identity"])
            .arg(&id)
            .assert()
            .success();
        Person { sb, id }
    }

    /// chopvault on this person's machine, on `vault`.
    fn on(&self, vault: &Path, args: &[&str]) -> assert_cmd::Command {
        let mut c = self.sb.cmd();
        c.arg("--vault")
            .arg(vault)
            .arg("--identity")
            .arg(&self.id)
            .args(args);
        c
    }

    /// `ssh-ed25519 AAAA…`, from the card.
    fn key(&self) -> String {
        let card = self.sb.card(&self.id, "x");
        card.split(' ')
            .skip(1)
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `get yandex-disk`: the token, or the exit code and stderr.
    fn get(&self, vault: &Path) -> Result<String, (Option<i32>, String)> {
        let out = self.on(vault, &["get", "yandex-disk"]).output().unwrap();
        if out.status.success() {
            Ok(String::from_utf8(out.stdout).unwrap())
        } else {
            assert!(out.stdout.is_empty());
            Err((
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            ))
        }
    }
}

/// Alice's team vault with Bob as a member, holding TOKEN; Bob has read it
/// once (so his machine has pinned it).
fn team() -> (Person, Person, PathBuf) {
    let alice = Person::new();
    let bob = Person::new();
    let vault = alice.sb.path("team.age");
    let bob_card = bob.sb.card(&bob.id, "bob");
    alice
        .on(&vault, &["init", "--store", "file", "--name", "alice"])
        .args(["--recipient", &bob_card])
        .assert()
        .success();
    alice
        .on(&vault, &["set", "yandex-disk", "--stdin"])
        .write_stdin(TOKEN)
        .assert()
        .success();
    assert_eq!(bob.get(&vault).unwrap(), TOKEN);
    (alice, bob, vault)
}

fn sig(file: &Path) -> PathBuf {
    PathBuf::from(format!("{}.sig", file.display()))
}

/// `ssh-keygen -Y sign -f KEY -n chopvault FILE [-O hashalg=…]`: writes
/// FILE.sig. It asks before replacing one (and, with no terminal, keeps it
/// and exits 0): the old one is removed first, as answering yes would.
fn keygen_sign(key: &Path, file: &Path, options: &[&str]) {
    let _ = fs::remove_file(sig(file));
    let out = Command::new("ssh-keygen")
        .args(["-Y", "sign", "-n", "chopvault", "-f"])
        .arg(key)
        .args(options)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A key of chopvault's own format's kind that is no member's.
fn stranger_key(dir: &Path) -> PathBuf {
    let key = dir.join("stranger");
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "stranger", "-f"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(out.status.success());
    key
}

#[test]
fn a_vault_re_signed_by_stock_ssh_keygen_is_read() {
    if !common::require("ssh-keygen") {
        return;
    }
    let (alice, bob, vault) = team();

    // Alice's signing key, for her own tools.
    let key = alice.sb.path("alice_chopvault");
    let out = alice
        .on(&vault, &["whoami", "--ssh-key", key.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(key.to_str().unwrap()) && stderr.contains("secret"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(&alice.key()));
    assert_eq!(
        fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let public = Command::new("ssh-keygen")
        .arg("-y")
        .arg("-f")
        .arg(&key)
        .output()
        .unwrap();
    assert!(public.status.success());
    assert!(String::from_utf8_lossy(&public.stdout).starts_with(&alice.key()));
    // Never over an existing file.
    let before = fs::read(&key).unwrap();
    let out = alice
        .on(&vault, &["whoami", "--ssh-key", key.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(fs::read(&key).unwrap(), before);

    // Re-signed with stock OpenSSH, defaults: SHA-512, 70 columns.
    keygen_sign(&key, &vault, &[]);
    let stock = fs::read(sig(&vault)).unwrap();
    assert_eq!(Signature::parse(&stock).unwrap().hash(), Hash::Sha512);
    assert_eq!(bob.get(&vault).unwrap(), TOKEN);
    assert_eq!(alice.get(&vault).unwrap(), TOKEN);
    // Re-wrapped at 76 columns with CRLF, as other tools write it.
    fs::write(sig(&vault), rewrap(&stock, 76, "\r\n")).unwrap();
    assert_eq!(bob.get(&vault).unwrap(), TOKEN);
    // SHA-256 on one long line.
    keygen_sign(&key, &vault, &["-O", "hashalg=sha256"]);
    fs::write(
        sig(&vault),
        rewrap(&fs::read(sig(&vault)).unwrap(), 10_000, "\n"),
    )
    .unwrap();
    assert_eq!(bob.get(&vault).unwrap(), TOKEN);

    // Alice's SHA-512 signature of other bytes is no signature of the vault.
    let other = alice.sb.path("other.age");
    fs::write(&other, [fs::read(&vault).unwrap(), b"\n".to_vec()].concat()).unwrap();
    keygen_sign(&key, &other, &[]);
    fs::copy(sig(&other), sig(&vault)).unwrap();
    let (code, stderr) = bob.get(&vault).unwrap_err();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("does not match"), "{stderr}");

    // chopvault's own signature (SHA-256) is one stock OpenSSH verifies.
    keygen_sign(&key, &vault, &[]);
    alice
        .on(
            &vault,
            &["set", "other-token", "--stdin", "--kind", "generic"],
        )
        .write_stdin("y0_SOMETHINGxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
        .assert()
        .success();
    let ours = fs::read(sig(&vault)).unwrap();
    assert_eq!(Signature::parse(&ours).unwrap().hash(), Hash::Sha256);
    let allowed = alice.sb.path("allowed_signers");
    fs::write(&allowed, format!("alice {}\n", alice.key())).unwrap();
    let out = Command::new("ssh-keygen")
        .args(["-Y", "verify", "-n", "chopvault", "-I", "alice", "-f"])
        .arg(&allowed)
        .arg("-s")
        .arg(sig(&vault))
        .stdin(fs::File::open(&vault).unwrap())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(bob.get(&vault).unwrap(), TOKEN);
}

#[test]
fn a_stock_signature_by_a_non_member_is_refused() {
    if !common::require("ssh-keygen") {
        return;
    }
    let (alice, bob, vault) = team();
    // A new version of the vault (bytes Bob has not accepted yet), signed
    // by a stranger instead of Alice.
    alice
        .on(
            &vault,
            &["set", "other-token", "--stdin", "--kind", "generic"],
        )
        .write_stdin("y0_SOMETHINGxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
        .assert()
        .success();
    let stranger = stranger_key(&alice.sb.path(""));
    keygen_sign(&stranger, &vault, &[]);
    assert_eq!(
        Signature::parse(&fs::read(sig(&vault)).unwrap())
            .unwrap()
            .hash(),
        Hash::Sha512
    );
    let (code, stderr) = bob.get(&vault).unwrap_err();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("not one of the members"), "{stderr}");
}

/// The base64 of an armored signature, re-armored in lines of `width`
/// ending in `eol`.
fn rewrap(pem: &[u8], width: usize, eol: &str) -> Vec<u8> {
    let b64 = body(pem);
    let mut out = format!("-----BEGIN SSH SIGNATURE-----{eol}");
    for line in b64.as_bytes().chunks(width) {
        out.push_str(std::str::from_utf8(line).unwrap());
        out.push_str(eol);
    }
    out.push_str("-----END SSH SIGNATURE-----");
    out.push_str(eol);
    out.into_bytes()
}

fn body(pem: &[u8]) -> String {
    String::from_utf8(pem.to_vec())
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect()
}

/// The fields of an SSHSIG blob (PROTOCOL.sshsig §2).
#[derive(Clone)]
struct Blob {
    magic: Vec<u8>,
    version: u32,
    key: Vec<u8>,
    namespace: Vec<u8>,
    reserved: Vec<u8>,
    hash: Vec<u8>,
    sig: Vec<u8>,
    trailing: Vec<u8>,
}

fn put(out: &mut Vec<u8>, s: &[u8]) {
    out.extend_from_slice(&(s.len() as u32).to_be_bytes());
    out.extend_from_slice(s);
}

fn take<'a>(b: &mut &'a [u8]) -> &'a [u8] {
    let n = u32::from_be_bytes(b[..4].try_into().unwrap()) as usize;
    let s = &b[4..4 + n];
    *b = &b[4 + n..];
    s
}

impl Blob {
    fn read(pem: &[u8]) -> Blob {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(body(pem))
            .unwrap();
        let mut b = &bytes[10..];
        Blob {
            magic: bytes[..6].to_vec(),
            version: u32::from_be_bytes(bytes[6..10].try_into().unwrap()),
            key: take(&mut b).to_vec(),
            namespace: take(&mut b).to_vec(),
            reserved: take(&mut b).to_vec(),
            hash: take(&mut b).to_vec(),
            sig: take(&mut b).to_vec(),
            trailing: b.to_vec(),
        }
    }

    fn pem(&self) -> Vec<u8> {
        let mut out = self.magic.clone();
        out.extend_from_slice(&self.version.to_be_bytes());
        for field in [
            &self.key,
            &self.namespace,
            &self.reserved,
            &self.hash,
            &self.sig,
        ] {
            put(&mut out, field);
        }
        out.extend_from_slice(&self.trailing);
        let b64 = base64::engine::general_purpose::STANDARD.encode(out);
        format!("-----BEGIN SSH SIGNATURE-----\n{b64}\n-----END SSH SIGNATURE-----\n").into_bytes()
    }

    /// The inner signature blob: `string type, string bytes`.
    fn sig_parts(&self) -> (Vec<u8>, Vec<u8>) {
        let mut b = &self.sig[..];
        (take(&mut b).to_vec(), take(&mut b).to_vec())
    }

    fn with_sig(&self, kind: &[u8], bytes: &[u8]) -> Blob {
        let mut sig = Vec::new();
        put(&mut sig, kind);
        put(&mut sig, bytes);
        Blob {
            sig,
            ..self.clone()
        }
    }

    fn with_key_type(&self, kind: &[u8]) -> Blob {
        let mut b = &self.key[..];
        let _ = take(&mut b);
        let mut key = Vec::new();
        put(&mut key, kind);
        put(&mut key, take(&mut b));
        Blob {
            key,
            ..self.clone()
        }
    }
}

/// chopvault and `ssh-keygen -Y check-novalidate` agree on each of many
/// signature files, good and bent: what one accepts the other does.
#[test]
fn the_signature_reader_agrees_with_ssh_keygen() {
    if !common::require("ssh-keygen") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let key = stranger_key(dir.path());
    let msg = dir.path().join("message");
    fs::write(&msg, b"the vault's bytes\n").unwrap();
    let bytes = fs::read(&msg).unwrap();
    let sha256: [u8; 32] = sha2::Sha256::digest(&bytes).into();
    let sha512: [u8; 64] = sha2::Sha512::digest(&bytes).into();

    keygen_sign(&key, &msg, &[]);
    let s512 = fs::read(sig(&msg)).unwrap();
    keygen_sign(&key, &msg, &["-O", "hashalg=sha256"]);
    let s256 = fs::read(sig(&msg)).unwrap();

    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    for (hash, pem) in [("sha512", &s512), ("sha256", &s256)] {
        let text = String::from_utf8(pem.clone()).unwrap();
        let b64 = body(pem);
        let with = |body: &str| {
            format!("-----BEGIN SSH SIGNATURE-----\n{body}\n-----END SSH SIGNATURE-----\n")
                .into_bytes()
        };
        let blob = Blob::read(pem);
        let (kind, raw) = blob.sig_parts();
        let mut text_cases: Vec<(&str, Vec<u8>)> = vec![
            ("as made", pem.clone()),
            ("64 columns", rewrap(pem, 64, "\n")),
            ("76 columns", rewrap(pem, 76, "\n")),
            ("one line", rewrap(pem, 100_000, "\n")),
            ("1 column", rewrap(pem, 1, "\n")),
            (
                "CR in the body",
                with(&format!("{}\r\n{}\r", &b64[..20], &b64[20..])),
            ),
            (
                "blank lines, tabs, VT, FF",
                with(&format!("\n\n\t{}\x0b\x0c {}\n", &b64[..9], &b64[9..])),
            ),
            (
                "junk after the footer",
                [pem.clone(), b"junk\n".to_vec()].concat(),
            ),
            ("no final newline", text.trim_end().as_bytes().to_vec()),
            (
                "footer glued to junk",
                text.replace("SIGNATURE-----\n", "SIGNATURE-----junk")
                    .into_bytes(),
            ),
            ("NUL ending the body", with(&format!("{b64}\0"))),
            (
                "NUL inside the body",
                with(&format!("{}\0{}", &b64[..8], &b64[8..])),
            ),
            ("two NULs ending the body", with(&format!("{b64}\0\0"))),
            (
                "space before the header",
                [b" ".to_vec(), pem.clone()].concat(),
            ),
            (
                "space after the header",
                text.replacen('\n', " \n", 1).into_bytes(),
            ),
            (
                "no footer",
                text.replace("-----END SSH SIGNATURE-----", "").into_bytes(),
            ),
            (
                "footer not at a line start",
                text.replace("\n-----END", " -----END").into_bytes(),
            ),
            (
                "lower-case header",
                text.replace("BEGIN SSH", "begin ssh").into_bytes(),
            ),
            ("no padding", with(&b64.replace('=', ""))),
            ("one pad too many", with(&format!("{b64}="))),
            ("spaced padding", with(&b64.replacen('=', "= \n", 1))),
            ("data after padding", with(&format!("{b64}AAAA"))),
            ("a non-base64 character", with(&b64.replacen('A', "-", 1))),
            (
                "URL-safe base64",
                with(&b64.replace('+', "-").replace('/', "_")),
            ),
            (
                "a non-ASCII space",
                with(&format!("{}\u{a0}{}", &b64[..8], &b64[8..])),
            ),
            ("empty", with("")),
        ];
        // The bits past the last byte, set.
        let pads = b64.bytes().rev().take_while(|&c| c == b'=').count();
        if pads > 0 {
            let mut spare = b64.clone().into_bytes();
            let i = spare.len() - pads - 1;
            spare[i] += 1;
            text_cases.push(("spare bits set", with(&String::from_utf8(spare).unwrap())));
        }
        let bent = |f: &dyn Fn(&mut Blob)| {
            let mut b = blob.clone();
            f(&mut b);
            b.pem()
        };
        let blob_cases: Vec<(&str, Vec<u8>)> = vec![
            (
                "reserved set",
                bent(&|b| b.reserved = b"tag\0\xff".to_vec()),
            ),
            ("version 0", bent(&|b| b.version = 0)),
            ("version 2", bent(&|b| b.version = 2)),
            ("other magic", bent(&|b| b.magic = b"SSHSIH".to_vec())),
            (
                "namespace NUL-ended",
                bent(&|b| b.namespace = b"chopvault\0".to_vec()),
            ),
            (
                "namespace with NUL",
                bent(&|b| b.namespace = b"chop\0vault".to_vec()),
            ),
            ("other namespace", bent(&|b| b.namespace = b"git".to_vec())),
            ("empty namespace", bent(&|b| b.namespace = Vec::new())),
            (
                "hash NUL-ended",
                bent(&|b| b.hash = [hash.as_bytes(), b"\0"].concat()),
            ),
            (
                "hash upper-case",
                bent(&|b| b.hash = hash.to_uppercase().into_bytes()),
            ),
            ("other hash", bent(&|b| b.hash = b"sha384".to_vec())),
            (
                "the other hash's name",
                bent(&|b| {
                    b.hash = if hash == "sha512" {
                        b"sha256".to_vec()
                    } else {
                        b"sha512".to_vec()
                    }
                }),
            ),
            ("trailing byte", bent(&|b| b.trailing = vec![0])),
            (
                "key type NUL-ended",
                blob.with_key_type(b"ssh-ed25519\0").pem(),
            ),
            (
                "signature type NUL-ended",
                blob.with_sig(b"ssh-ed25519\0", &raw).pem(),
            ),
            (
                "signature type other",
                blob.with_sig(b"ssh-rsa", &raw).pem(),
            ),
            ("signature short", blob.with_sig(&kind, &raw[..63]).pem()),
            (
                "signature long",
                blob.with_sig(&kind, &[raw.clone(), vec![0]].concat()).pem(),
            ),
            (
                "signature flipped",
                blob.with_sig(&kind, &[&raw[..63], &[raw[63] ^ 1]].concat())
                    .pem(),
            ),
            ("signature blob with trailing data", {
                let mut b = blob.with_sig(&kind, &raw);
                b.sig.push(0);
                b.pem()
            }),
        ];
        for (name, pem) in text_cases.into_iter().chain(blob_cases) {
            cases.push((format!("{hash}: {name}"), pem));
        }
    }

    let file = dir.path().join("case.sig");
    let mut disagree = Vec::new();
    let mut accepted = 0;
    for (name, pem) in &cases {
        fs::write(&file, pem).unwrap();
        let keygen = Command::new("ssh-keygen")
            .args(["-Y", "check-novalidate", "-n", "chopvault", "-s"])
            .arg(&file)
            .stdin(fs::File::open(&msg).unwrap())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .success();
        let ours =
            Signature::parse(pem).is_ok_and(|s| s.verifies(&sha256) || s.verifies_sha512(&sha512));
        accepted += usize::from(ours);
        if keygen != ours {
            disagree.push(format!("{name}: ssh-keygen {keygen}, chopvault {ours}"));
        }
    }
    eprintln!(
        "sshsig: {} signature files, {accepted} accepted by both ssh-keygen and chopvault",
        cases.len()
    );
    assert!(disagree.is_empty(), "{disagree:#?}");
    // Not vacuous: both hashes and several bent forms are accepted.
    assert!(accepted >= 20, "{accepted} of {}", cases.len());

    // A CRLF header: OpenSSH reads it since 9.5 (Debian 12 has 9.2, which
    // does not), and so does chopvault.
    let crlf = rewrap(&s512, 70, "\r\n");
    assert!(Signature::parse(&crlf).unwrap().verifies_sha512(&sha512));
}
