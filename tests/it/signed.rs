//! Signed team vaults: a vault is used only when a pinned member signed
//! exactly these bytes. Each test is an attack or a team change that the
//! unsigned vaults accepted (a forged vault handed its token to the
//! installer, a removed member wrote themselves back, a planted index
//! changed what `status` said).

use crate::common;

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use common::{Sandbox, TOKEN};
use predicates::prelude::*;

pub(crate) const FORGED: &str = "y0_MALLORYsTOKENxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

/// One person: their own machine (sandbox) and identity.
pub(crate) struct Person {
    pub(crate) sb: Sandbox,
    pub(crate) id: PathBuf,
    name: &'static str,
}

impl Person {
    pub(crate) fn new(name: &'static str) -> Person {
        let sb = Sandbox::new();
        let id = sb.path(&format!("{name}.txt"));
        sb.cmd()
            .arg("--vault")
            .arg(sb.path("own.age"))
            .args(["init", "--generate-identity", "--identity"])
            .arg(&id)
            .assert()
            .success();
        Person { sb, id, name }
    }

    pub(crate) fn card(&self) -> String {
        self.sb.card(&self.id, self.name)
    }

    /// The `ssh-ed25519 AAAA…` part of the card.
    pub(crate) fn key(&self) -> String {
        self.card()
            .split(' ')
            .skip(1)
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A `members` field listing only this person, under `name`, as
    /// someone writing a vault by hand would put it.
    pub(crate) fn members_json(&self, name: &str) -> String {
        format!(
            r#","members":[{{"recipient":"{}","key":"{}","name":"{name}"}}]"#,
            self.recipient(),
            self.key()
        )
    }

    pub(crate) fn recipient(&self) -> String {
        self.card().split(' ').next().unwrap().to_string()
    }

    pub(crate) fn identity(&self) -> age::x25519::Identity {
        let text = fs::read_to_string(&self.id).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("AGE-SECRET-KEY-"))
            .unwrap();
        age::x25519::Identity::from_str(line).unwrap()
    }

    /// chopvault on this person's machine, on the team vault.
    pub(crate) fn on(&self, vault: &Path, args: &[&str]) -> assert_cmd::Command {
        let mut c = self.sb.cmd();
        c.arg("--vault")
            .arg(vault)
            .arg("--identity")
            .arg(&self.id)
            .args(args);
        c
    }
}

/// Alice makes a team vault with these members' cards and stores TOKEN.
pub(crate) fn team_vault(alice: &Person, others: &[&Person]) -> PathBuf {
    vault_in(alice, &alice.sb.path("repo"), "team.age", others)
}

/// `alice` makes the vault `dir/name` with these members and stores TOKEN.
pub(crate) fn vault_in(alice: &Person, dir: &Path, name: &str, others: &[&Person]) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    let vault = dir.join(name);
    let mut init = alice.sb.cmd();
    init.arg("--vault")
        .arg(&vault)
        .arg("--identity")
        .arg(&alice.id)
        .args(["init", "--store", "file", "--name", "alice"]);
    for o in others {
        init.args(["--recipient", &o.card()]);
    }
    init.assert().success();
    alice
        .on(&vault, &["set", "yandex-disk", "--stdin"])
        .write_stdin(TOKEN)
        .assert()
        .success();
    vault
}

/// A vault document with one entry, as anyone could write one.
pub(crate) fn document(recipients: &[String], members: &str, value: &str) -> String {
    let rs = recipients
        .iter()
        .map(|r| format!("\"{r}\""))
        .collect::<Vec<_>>()
        .join(",");
    format!(
        r#"{{"format":"chopvault-vault","version":3,"recipients":[{rs}]{members},"entries":{{"yandex-disk":{{"value":"{value}","meta":{{"kind":"generic","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","fingerprint":"sha256:000000000000"}}}}}}}}"#
    )
}

/// `,"vault_id":…,"generation":N+1` of `vault` as `reader` decrypts it:
/// what someone who can read the vault (a member, a former member) copies
/// into a forged document so that it passes for the next write.
pub(crate) fn next_lineage(vault: &Path, reader: &Person) -> String {
    use std::io::Read;
    let armored = fs::read(vault).unwrap();
    let decryptor = age::Decryptor::new(age::armor::ArmoredReader::new(&armored[..])).unwrap();
    let id = reader.identity();
    let mut text = String::new();
    decryptor
        .decrypt(std::iter::once(&id as &dyn age::Identity))
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    format!(
        r#","vault_id":"{}","generation":{}"#,
        doc["vault_id"].as_str().unwrap(),
        doc["generation"].as_u64().unwrap() + 1
    )
}

/// Encrypts `doc` to `recipients` (what `age -a -r … -r …` does) and puts
/// it at `vault`.
pub(crate) fn encrypt_to(vault: &Path, recipients: &[String], doc: &str) {
    let rs: Vec<age::x25519::Recipient> = recipients
        .iter()
        .map(|r| age::x25519::Recipient::from_str(r).unwrap())
        .collect();
    let enc = age::Encryptor::with_recipients(rs.iter().map(|r| r as &dyn age::Recipient)).unwrap();
    let mut out = Vec::new();
    let armor =
        age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor).unwrap();
    let mut w = enc.wrap_output(armor).unwrap();
    w.write_all(doc.as_bytes()).unwrap();
    w.finish().unwrap().finish().unwrap();
    fs::write(vault, out).unwrap();
    fs::set_permissions(vault, fs::Permissions::from_mode(0o600)).unwrap();
}

/// Signs the vault file with `who`'s derived key, as their chopvault would.
pub(crate) fn sign_as(vault: &Path, who: &Person) {
    let digest = chopvault::sign::digest_of(&fs::read(vault).unwrap());
    let pem = chopvault::sign::SigningKey::from_identity(&who.identity()).sign(&digest);
    fs::write(sig(vault), pem).unwrap();
}

pub(crate) fn sig(vault: &Path) -> PathBuf {
    PathBuf::from(format!("{}.sig", vault.display()))
}

/// `get` and `export` refuse the vault: exit 1, nothing on stdout, the
/// installer never runs, and the forged token appears nowhere.
pub(crate) fn refused_everywhere(p: &Person, vault: &Path, expect: &str) {
    let out = p.on(vault, &["get", "yandex-disk"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains(expect), "{stderr}");
    assert!(!stderr.contains(FORGED) && !stderr.contains(TOKEN));
    let d = p.sb.path("deploy");
    fs::create_dir_all(&d).unwrap();
    let ran = p.sb.path("installer-ran");
    let out = p
        .on(
            vault,
            &[
                "export",
                "yandex-disk",
                "--dir",
                d.to_str().unwrap(),
                "--",
                "sh",
                "-c",
                &format!("cp token.txt {}", ran.display()),
            ],
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!ran.exists(), "the installer ran");
    assert!(!d.join("token.txt").exists());
}

#[test]
fn a_forged_vault_from_a_non_member_is_refused() {
    let alice = Person::new("alice");
    let bob = Person::new("bob");
    let mallory = Person::new("mallory");
    let vault = team_vault(&alice, &[&bob]);
    bob.on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN);
    let legit_sig = fs::read(sig(&vault)).unwrap();
    // Mallory knows the recipients (they are public) and adds herself; she
    // was a member once, so she knows the vault id and generation too.
    let recipients = vec![alice.recipient(), bob.recipient(), mallory.recipient()];
    let lineage = next_lineage(&vault, &bob);

    // 1. No signature at all.
    encrypt_to(
        &vault,
        &recipients,
        &document(&recipients, &lineage, FORGED),
    );
    fs::remove_file(sig(&vault)).unwrap();
    refused_everywhere(&alice, &vault, "not signed");
    // A write refuses too, and leaves the file as it was (the evidence).
    let before = fs::read(&vault).unwrap();
    alice
        .on(&vault, &["set", "yandex-disk", "--stdin", "--force"])
        .write_stdin("y0_NEWvalueNEWvalueNEWvalueNEWvalue")
        .assert()
        .code(1);
    assert_eq!(fs::read(&vault).unwrap(), before);

    // 2. The legitimate signature copied beside the forged vault.
    fs::write(sig(&vault), &legit_sig).unwrap();
    refused_everywhere(&alice, &vault, "does not match");

    // 3. Signed by Mallory, who lists herself as a member.
    let members = format!("{lineage}{}", mallory.members_json("alice"));
    encrypt_to(
        &vault,
        &recipients,
        &document(&recipients, &members, FORGED),
    );
    sign_as(&vault, &mallory);
    refused_everywhere(&alice, &vault, "not one of the members pinned");
    // Bob, who opened the real vault before, refuses it too.
    refused_everywhere(&bob, &vault, "not one of the members pinned");
}

#[test]
fn a_removed_member_cannot_write_themselves_back() {
    let alice = Person::new("alice");
    let bob = Person::new("bob");
    let carol = Person::new("carol");
    let vault = team_vault(&alice, &[&bob, &carol]);
    for p in [&bob, &carol] {
        p.on(&vault, &["get", "yandex-disk"])
            .assert()
            .success()
            .stdout(TOKEN);
    }
    // Carol keeps a copy of the vault and its signature from before.
    let old = fs::read(&vault).unwrap();
    let old_sig = fs::read(sig(&vault)).unwrap();
    alice
        .on(&vault, &["recipients", "remove", "carol"])
        .assert()
        .success();
    bob.on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stderr(predicate::str::contains("members changed: − carol SHA256:"));
    // Carol puts the old vault back and writes with her own key: her
    // chopvault never saw the removal, so it signs a vault that lists her.
    fs::write(&vault, &old).unwrap();
    fs::write(sig(&vault), &old_sig).unwrap();
    carol
        .on(&vault, &["set", "yandex-disk", "--stdin", "--force"])
        .write_stdin(FORGED)
        .assert()
        .success();
    // Bob's machine has seen the removal: refused, naming carol.
    refused_everywhere(&bob, &vault, "signed by carol");
    // Alice's too.
    refused_everywhere(&alice, &vault, "signed by carol");
}

#[test]
fn a_read_only_member_is_told_their_write_would_be_refused() {
    let alice = Person::new("alice");
    let dave = Person::new("dave");
    let vault = team_vault(&alice, &[]);
    // A bare age1… recipient: can read, cannot write.
    alice
        .on(&vault, &["recipients", "add", &dave.recipient()])
        .assert()
        .success()
        .stderr(predicate::str::contains("read-only"));
    let list = alice.on(&vault, &["recipients", "list"]).output().unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(
        list.lines()
            .any(|l| l.contains(&dave.recipient()) && l.contains("read-only")),
        "{list}"
    );
    dave.on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN);
    let before = fs::read(&vault).unwrap();
    dave.on(&vault, &["set", "yandex-disk", "--stdin", "--force"])
        .write_stdin(FORGED)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("read-only member"));
    assert_eq!(fs::read(&vault).unwrap(), before, "nothing was written");
    // Had dave's chopvault written anyway (signed with his key), everyone
    // else's would refuse it.
    let recipients = vec![alice.recipient(), dave.recipient()];
    let members = format!(
        "{}{}",
        next_lineage(&vault, &dave),
        dave.members_json("dave")
    );
    encrypt_to(
        &vault,
        &recipients,
        &document(&recipients, &members, FORGED),
    );
    sign_as(&vault, &dave);
    refused_everywhere(&alice, &vault, "signed by dave");
}

#[test]
fn a_member_change_signed_by_a_member_is_accepted_and_shown() {
    let alice = Person::new("alice");
    let bob = Person::new("bob");
    let carol = Person::new("carol");
    let vault = team_vault(&alice, &[&bob]);
    bob.on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stderr(predicate::str::contains("members are now pinned: "));
    let mut add = vec!["recipients", "add"];
    let carol_card = carol.card();
    add.extend(carol_card.split(' '));
    alice.on(&vault, &add).assert().success();
    bob.on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN)
        .stderr(predicate::str::contains("members changed: + carol SHA256:"));
    // Shown once: the pin now holds carol.
    bob.on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    // Carol writes; bob accepts her signature now.
    carol
        .on(&vault, &["set", "yandex-disk", "--stdin", "--force"])
        .write_stdin("y0_CAROLsNEWtokenCAROLsNEWtokenCAROL")
        .assert()
        .success();
    bob.on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout("y0_CAROLsNEWtokenCAROLsNEWtokenCAROL");

    // Dan is added and writes before alice's machine saw him: refused
    // until alice accepts the change she knows about.
    let dan = Person::new("dan");
    let dan_card = dan.card();
    let mut add = vec!["recipients", "add"];
    add.extend(dan_card.split(' '));
    carol.on(&vault, &add).assert().success();
    dan.on(&vault, &["set", "yandex-disk", "--stdin", "--force"])
        .write_stdin(TOKEN)
        .assert()
        .success();
    alice
        .on(&vault, &["get", "yandex-disk"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("signed by dan")
                .and(predicate::str::contains("chopvault members accept")),
        );
    alice
        .on(&vault, &["members", "accept", "--yes"])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("members changed: + dan")
                .and(predicate::str::contains("signed by dan")),
        );
    alice
        .on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN);
}

#[test]
fn stock_ssh_keygen_verifies_the_signature() {
    if !common::require("ssh-keygen") {
        return;
    }
    let alice = Person::new("alice");
    let vault = team_vault(&alice, &[]);

    let allowed = alice.sb.path("allowed_signers");
    fs::write(&allowed, format!("alice {}\n", alice.key())).unwrap();
    let verify = |file: &Path| {
        Command::new("ssh-keygen")
            .args(["-Y", "verify", "-n", "chopvault", "-f"])
            .arg(&allowed)
            .args(["-I", "alice", "-s"])
            .arg(sig(&vault))
            .stdin(fs::File::open(file).unwrap())
            .output()
            .unwrap()
    };
    let out = verify(&vault);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Good \"chopvault\" signature"));
    // A changed byte fails it.
    let changed = alice.sb.path("changed.age");
    let mut bytes = fs::read(&vault).unwrap();
    bytes.push(b'\n');
    fs::write(&changed, bytes).unwrap();
    assert!(!verify(&changed).status.success());
}

#[test]
fn an_index_beside_the_vault_is_ignored() {
    let alice = Person::new("alice");
    let vault = team_vault(&alice, &[]);
    alice
        .on(
            &vault,
            &[
                "set",
                "old",
                "--stdin",
                "--expires",
                "2026-01-01",
                "--force",
            ],
        )
        .write_stdin("y0_OLDtokenOLDtokenOLDtoken")
        .assert()
        .success();
    alice.on(&vault, &["status"]).assert().code(11);
    // A teammate commits an index that says all is well, with a ghost.
    let planted = serde_json::json!({
        "format": "chopvault-index", "version": 1, "store": "file",
        "entries": {
            "old": {"kind":"generic","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z",
                    "expires_at":"2099-01-01T00:00:00Z","fingerprint":"sha256:000000000000"},
            "ghost": {"kind":"generic","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z",
                      "fingerprint":"sha256:000000000000"}
        }
    });
    let beside = vault.with_file_name("team.index.json");
    fs::write(&beside, planted.to_string()).unwrap();
    alice.on(&vault, &["status"]).assert().code(11);
    alice
        .on(&vault, &["list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ghost").not());
    alice
        .on(&vault, &["doctor"])
        .assert()
        .stdout(predicate::str::contains("team.index.json").and(predicate::str::contains("rm ")));
    // And nothing chopvault writes lands beside the vault but the vault,
    // and its signature (the writers' lock is in chopvault's state folder).
    let mut names: Vec<String> = fs::read_dir(vault.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["team.age", "team.age.sig", "team.index.json"]);
}

#[test]
fn names_with_terminal_escapes_are_shown_escaped() {
    let alice = Person::new("alice");
    let vault = team_vault(&alice, &[]);
    let evil = "evil\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}name";
    let index = serde_json::json!({
        "format": "chopvault-index", "version": 1, "store": "file",
        "entries": {
            evil: {"kind":"generic","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z",
                   "fingerprint":"sha256:\u{1b}[31m", "login": "x\u{1b}[1my"}
        }
    });
    // Wherever chopvault reads the index from, it holds the crafted name
    // (a damaged index, or one written by an older version).
    let beside = vault.with_file_name("team.index.json");
    fs::write(&beside, index.to_string()).unwrap();
    for entry in fs::read_dir(alice.sb.path("data/chopvault/indexes")).unwrap() {
        fs::write(entry.unwrap().path(), index.to_string()).unwrap();
    }
    for args in [&["list"][..], &["status"], &["check"]] {
        let out = alice.on(&vault, args).output().unwrap();
        let all = [out.stdout, out.stderr].concat();
        let text = String::from_utf8_lossy(&all);
        assert!(
            !all.contains(&0x1b) && !all.contains(&0x07) && !text.contains('\u{202e}'),
            "{args:?} printed a raw control character: {text:?}"
        );
        assert!(text.contains("evil\\u{1b}]0;pwned"), "{args:?}: {text}");
    }
}

#[test]
fn a_vault_from_before_signing_opens_with_a_warning_until_signed() {
    let alice = Person::new("alice");
    let vault = alice.sb.path("legacy.age");
    // A version-1 vault as chopvault wrote it before signing: no members,
    // no signature.
    let recipients = vec![alice.recipient()];
    let doc = document(&recipients, "", TOKEN).replace("\"version\":3", "\"version\":1");
    encrypt_to(&vault, &recipients, &doc);
    alice
        .on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN)
        .stderr(
            predicate::str::contains("is not signed")
                .and(predicate::str::contains("next write signs it")),
        );
    let unsigned = fs::read(&vault).unwrap();
    alice
        .on(&vault, &["set", "other", "--stdin"])
        .write_stdin("y0_OTHERotherOTHERother")
        .assert()
        .success();
    assert!(sig(&vault).exists());
    alice
        .on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
    // Once seen signed (and with a vault id), the unsigned copy is refused.
    fs::write(&vault, unsigned).unwrap();
    fs::remove_file(sig(&vault)).unwrap();
    refused_everywhere(&alice, &vault, "no vault id");
}

/// A vault over 256 KiB is read and hashed on a second thread: the same
/// rules hold (verified when intact, refused when one byte changed).
#[test]
fn a_large_vault_is_verified_too() {
    let alice = Person::new("alice");
    let vault = team_vault(&alice, &[]);
    let big = "y0_".to_string() + &"A".repeat(16 * 1024 - 3);
    for i in 0..20 {
        alice
            .on(
                &vault,
                &[
                    "set",
                    &format!("big-{i:02}"),
                    "--stdin",
                    "--kind",
                    "generic",
                ],
            )
            .write_stdin(big.as_str())
            .assert()
            .success();
    }
    assert!(fs::metadata(&vault).unwrap().len() > 256 * 1024);
    alice
        .on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN);
    alice
        .on(&vault, &["get", "big-19"])
        .assert()
        .success()
        .stdout(big.clone());
    // Change one base64 character in the middle (a valid armor still).
    let mut bytes = fs::read(&vault).unwrap();
    let mid = bytes.len() / 2;
    let at = (mid..bytes.len())
        .find(|&i| bytes[i].is_ascii_alphabetic())
        .unwrap();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    fs::write(&vault, bytes).unwrap();
    let out = alice.on(&vault, &["get", "yandex-disk"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}
