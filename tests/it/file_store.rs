//! The age-file store, end to end through the real binary, cross-checked
//! with the stock `age` CLI.

use crate::common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use common::{Sandbox, TOKEN, mode, require};
use predicates::prelude::*;

#[test]
fn identity_vault_round_trip_and_age_cli_reads_it() {
    let sb = Sandbox::new();
    let id = sb.init_identity();
    assert_eq!(mode(&id), 0o600);
    assert_eq!(mode(&sb.vault()), 0o600);
    assert_eq!(mode(sb.vault().parent().unwrap()), 0o700);

    sb.set("yandex-disk", &format!("  {TOKEN}\n")).success();
    sb.cmd()
        .args(["--identity"])
        .arg(&id)
        .args(["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN); // trimmed, and no newline into a pipe

    if require("age") {
        let out = Command::new("age")
            .arg("-d")
            .arg("-i")
            .arg(&id)
            .arg(sb.vault())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["format"], "chopvault-vault");
        assert_eq!(doc["version"], 3);
        assert_eq!(doc["vault_id"].as_str().map(str::len), Some(32));
        assert!(doc["generation"].as_u64().unwrap() >= 2);
        assert_eq!(doc["entries"]["yandex-disk"]["value"], TOKEN);
    }
}

#[test]
fn the_configured_identity_is_used_without_flags() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("a", "y0_one").success();
    sb.cmd()
        .args(["get", "a"])
        .assert()
        .success()
        .stdout("y0_one");
}

#[test]
fn an_age_cli_identity_opens_a_vault_made_for_it() {
    if !require("age-keygen") {
        return;
    }
    let sb = Sandbox::new();
    let id = sb.path("age-key.txt");
    let st = Command::new("age-keygen")
        .arg("-o")
        .arg(&id)
        .output()
        .unwrap();
    assert!(st.status.success());
    fs::set_permissions(&id, fs::Permissions::from_mode(0o600)).unwrap();
    sb.cmd()
        .args(["--identity"])
        .arg(&id)
        .args(["init", "--store", "file"])
        .assert()
        .success();
    sb.set("k", "y0_fromagekeygen").success();
    sb.cmd()
        .args(["get", "k"])
        .assert()
        .success()
        .stdout("y0_fromagekeygen");
}

#[test]
fn passphrase_vault_round_trip_and_wrong_passphrase() {
    let sb = Sandbox::new();
    let pass = sb.init_passphrase();
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["set", "t", "--stdin"])
        .write_stdin(TOKEN)
        .assert()
        .success();
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["get", "t"])
        .assert()
        .success()
        .stdout(TOKEN);

    let before = fs::read(sb.vault()).unwrap();
    let wrong = sb.passphrase_file("not the passphrase");
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&wrong)
        .args(["get", "t"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("wrong passphrase"));
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&wrong)
        .args(["set", "u", "--stdin"])
        .write_stdin("y0_other")
        .assert()
        .code(5);
    assert_eq!(fs::read(sb.vault()).unwrap(), before, "vault changed");
}

#[test]
fn no_terminal_and_no_passphrase_file_says_how() {
    let sb = Sandbox::new();
    sb.init_passphrase();
    sb.cmd()
        .args(["get", "t"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("--passphrase-file"));
}

#[test]
fn list_status_and_get_json_unlock_nothing() {
    let sb = Sandbox::new();
    let pass = sb.init_passphrase();
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args([
            "set",
            "yd",
            "--stdin",
            "--client-id",
            "0123456789abcdef0123456789abcdef",
            "--note",
            "kazan",
        ])
        .write_stdin(TOKEN)
        .assert()
        .success();
    // No passphrase given and no terminal: these must still work.
    sb.cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("yd"));
    sb.cmd()
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains("expires in"));
    let json = sb.json(&["get", "yd", "--json"]);
    assert_eq!(json["kind"], "yandex-disk");
    assert_eq!(json["note"], "kazan");
    assert_eq!(json["client_id"], "0123456789abcdef0123456789abcdef");
    assert!(json.get("value").is_none());
    assert!(json["days_left"].as_i64().unwrap() >= 364);
    let out = sb
        .cmd()
        .args(["list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["store"]["kind"], "file");
    assert_eq!(json["entries"][0]["name"], "yd");
    assert!(!String::from_utf8_lossy(&out).contains(TOKEN));
}

#[test]
fn reveal_includes_the_value_only_when_asked() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("a", TOKEN).success();
    let json = sb.json(&["get", "a", "--json", "--reveal"]);
    assert_eq!(json["value"], TOKEN);
}

#[test]
fn rm_removes_and_missing_entries_exit_3() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("a", "y0_a").success();
    sb.set("b", "y0_b").success();
    sb.cmd().args(["rm", "a", "--force"]).assert().success();
    sb.cmd()
        .args(["get", "a"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no entry named 'a'"));
    sb.cmd().args(["rm", "a", "--force"]).assert().code(3);
    sb.cmd()
        .args(["get", "b"])
        .assert()
        .success()
        .stdout("y0_b");
    sb.cmd().args(["get", "zzz", "--json"]).assert().code(3);
    let listed = sb
        .cmd()
        .arg("list")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8_lossy(&listed).contains("\na "));
}

#[test]
fn set_again_keeps_created_and_history() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("a", "y0_first").success();
    sb.set("a", "y0_second").success();
    sb.cmd()
        .args(["get", "a"])
        .assert()
        .success()
        .stdout("y0_second");
    let json = sb.json(&["get", "a", "--json"]);
    let history = json["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_ne!(history[0]["fingerprint"], history[1]["fingerprint"]);
}

#[test]
fn odd_values_are_refused_with_a_reason() {
    let sb = Sandbox::new();
    sb.init_identity();
    for (input, why) in [
        ("", "empty"),
        ("  \n", "empty"),
        ("y0_a b", "whitespace inside"),
        ("y0_a\u{7}b", "control character"),
        ("line1\nline2", "whitespace inside"),
    ] {
        sb.cmd()
            .args(["set", "x", "--stdin"])
            .write_stdin(input)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(why));
    }
    sb.cmd()
        .args(["set", "x", "--stdin"])
        .write_stdin(vec![0xffu8, 0xfe])
        .assert()
        .code(1);
    sb.cmd()
        .args(["set", "x", "--stdin"])
        .write_stdin("a".repeat(20_000))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("at most"));
    // Without --stdin and without a terminal: say how to pipe it.
    sb.cmd()
        .args(["set", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--stdin"));
    sb.cmd().args(["get", "x"]).assert().code(3);
}

#[test]
fn from_file_imports_then_wipes_the_source() {
    let sb = Sandbox::new();
    sb.init_identity();
    let deploy = sb.path("CHOP_DEPLOY");
    fs::create_dir(&deploy).unwrap();
    let src = deploy.join("token.txt");
    fs::write(&src, format!("{TOKEN}\n")).unwrap();
    sb.cmd()
        .args(["set", "yd", "--from-file"])
        .arg(&src)
        .assert()
        .success()
        .stderr(predicate::str::contains("wiped"));
    assert!(!src.exists());
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);

    fs::write(&src, TOKEN).unwrap();
    sb.cmd()
        .args(["set", "yd2", "--keep-source", "--from-file"])
        .arg(&src)
        .assert()
        .success()
        .stderr(predicate::str::contains("still holds"));
    assert_eq!(fs::read_to_string(&src).unwrap(), TOKEN);

    // A bad source is refused and left alone.
    let bad = deploy.join("bad.txt");
    fs::write(&bad, "two words").unwrap();
    sb.cmd()
        .args(["set", "z", "--from-file"])
        .arg(&bad)
        .assert()
        .code(1);
    assert!(bad.exists());
    sb.cmd()
        .args(["set", "z", "--from-file"])
        .arg(deploy.join("missing.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing.txt"));
}

#[test]
fn open_permissions_are_refused_with_the_chmod() {
    let sb = Sandbox::new();
    let id = sb.init_identity();
    sb.set("a", "y0_a").success();

    // An identity vault is public ciphertext, judged by its signature:
    // others may read it (git checks it out 0644, or 0664 under the umask
    // 002 of private user groups), not everyone change it.
    for mode in [0o644, 0o664] {
        fs::set_permissions(sb.vault(), fs::Permissions::from_mode(mode)).unwrap();
        sb.cmd()
            .args(["get", "a"])
            .assert()
            .success()
            .stdout("y0_a");
    }
    fs::set_permissions(sb.vault(), fs::Permissions::from_mode(0o666)).unwrap();
    sb.cmd()
        .args(["get", "a"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "chmod 600 {}",
            sb.vault().display()
        )));
    fs::set_permissions(sb.vault(), fs::Permissions::from_mode(0o600)).unwrap();
    // A passphrase vault is as strong as its passphrase against whoever
    // can copy it: private.
    let sp = Sandbox::new();
    let old = sp.old_passphrase_vault("old.age", "pw-pw-pw-pw");
    fs::set_permissions(&old, fs::Permissions::from_mode(0o644)).unwrap();
    sp.cmd()
        .arg("--vault")
        .arg(&old)
        .arg("--passphrase-file")
        .arg(sp.passphrase_file("pw-pw-pw-pw"))
        .args(["get", "yd"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "chmod 600 {}",
            old.display()
        )));

    fs::set_permissions(&id, fs::Permissions::from_mode(0o640)).unwrap();
    sb.cmd()
        .args(["get", "a"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "chmod 600 {}",
            id.display()
        )));
    fs::set_permissions(&id, fs::Permissions::from_mode(0o600)).unwrap();

    let sb2 = Sandbox::new();
    let pass = sb2.passphrase_file("pw-pw-pw");
    fs::set_permissions(&pass, fs::Permissions::from_mode(0o604)).unwrap();
    sb2.cmd()
        .args(["init", "--store", "file", "--passphrase-file"])
        .arg(&pass)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "chmod 600 {}",
            pass.display()
        )));
    assert!(!sb2.vault().exists());
}

#[test]
fn damaged_vaults_give_clear_errors_and_stay_untouched() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("a", TOKEN).success();
    let good = fs::read(sb.vault()).unwrap();
    let text = String::from_utf8(good.clone()).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "empty"),
        (
            "truncated",
            good[..good.len() / 2].to_vec(),
            "cannot be read",
        ),
        (
            "header only",
            text.lines()
                .take(3)
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes(),
            "cannot be read",
        ),
        ("plaintext", b"{\"entries\":{}}".to_vec(), "not an age file"),
        (
            "random",
            (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect(),
            "cannot be read",
        ),
        (
            "flipped byte",
            {
                let mut b = good.clone();
                let mid = b.len() / 2 + 3;
                b[mid] = if b[mid] == b'A' { b'B' } else { b'A' };
                b
            },
            "cannot be read",
        ),
    ];
    for (what, bytes, expect) in cases {
        fs::write(sb.vault(), &bytes).unwrap();
        for args in [
            vec!["get", "a"],
            vec!["set", "b", "--stdin"],
            vec!["rm", "a", "--force"],
        ] {
            let out = sb.cmd().args(&args).write_stdin("y0_b").assert().code(1);
            let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
            assert!(stderr.contains(expect), "{what}: {stderr}");
            assert!(stderr.contains("left untouched"), "{what}: {stderr}");
            assert!(stderr.lines().count() <= 2, "{what}: {stderr}");
            assert!(!stderr.contains("panicked"), "{what}: {stderr}");
            assert_eq!(fs::read(sb.vault()).unwrap(), bytes, "{what}: file changed");
        }
    }
    fs::write(sb.vault(), &good).unwrap();
    sb.cmd().args(["get", "a"]).assert().success().stdout(TOKEN);
}

/// Issue 25: the C2SP kit's `stanza_missing_body` and
/// `stanza_missing_final_line`, which the age crate (0.12.1) decrypts and
/// age 1.1.1 refuses, are refused before any key is tried, with the reason.
#[test]
fn headers_the_age_spec_refuses_are_refused_with_the_reason() {
    let sb = Sandbox::new();
    let kit = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cctv");
    for name in ["stanza_missing_body", "stanza_missing_final_line"] {
        let vector = fs::read(kit.join(name)).unwrap();
        let split = vector.windows(2).position(|w| w == b"\n\n").unwrap();
        let head = String::from_utf8(vector[..split].to_vec()).unwrap();
        assert!(head.contains("expect: header failure"), "{name}");
        let identity = head
            .lines()
            .find_map(|l| l.strip_prefix("identity: "))
            .unwrap();
        let id = sb.path(&format!("{name}.key"));
        let vault = sb.path(&format!("{name}.age"));
        for (path, bytes) in [
            (&id, format!("{identity}\n").into_bytes()),
            (&vault, vector[split + 2..].to_vec()),
        ] {
            fs::write(path, bytes).unwrap();
            fs::set_permissions(path, fs::Permissions::from_mode(0o600)).unwrap();
        }
        let out = sb
            .cmd()
            .arg("--vault")
            .arg(&vault)
            .arg("--identity")
            .arg(&id)
            .args(["get", "yd"])
            .assert()
            .code(1);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            stderr.contains("not an age file as the age specification says")
                && stderr.contains("a recipient's body is not canonical base64"),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn a_wrong_identity_is_exit_5_and_a_missing_vault_exit_4() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("a", "y0_a").success();
    let other = Sandbox::new();
    let other_id = other.init_identity();
    let before = fs::read(sb.vault()).unwrap();
    sb.cmd()
        .arg("--identity")
        .arg(&other_id)
        .args(["get", "a"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("not one it is encrypted to"));
    assert_eq!(fs::read(sb.vault()).unwrap(), before);

    fs::rename(sb.vault(), sb.path("moved.age")).unwrap();
    sb.cmd()
        .args(["get", "a"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("does not exist"));
    // A garbage identity file.
    let junk = sb.path("junk-id.txt");
    fs::write(&junk, "not a key\n").unwrap();
    fs::set_permissions(&junk, fs::Permissions::from_mode(0o600)).unwrap();
    sb.cmd()
        .arg("--vault")
        .arg(sb.path("moved.age"))
        .arg("--identity")
        .arg(&junk)
        .args(["get", "a"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not usable"));
}

#[test]
fn status_exit_codes_follow_expiry() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.cmd()
        .args(["set", "far", "--stdin", "--expires", "2099-01-01"])
        .write_stdin("y0_far")
        .assert()
        .success();
    sb.cmd().arg("status").assert().code(0);
    let soon = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 10)).to_string();
    sb.cmd()
        .args(["set", "soon", "--stdin", "--expires", &soon])
        .write_stdin("y0_soon")
        .assert()
        .success();
    sb.cmd()
        .arg("status")
        .assert()
        .code(10)
        .stdout(predicate::str::contains(
            "replace it: chopvault rotate soon",
        ));
    sb.cmd()
        .args(["status", "--warn-days", "5"])
        .assert()
        .code(0);
    sb.cmd()
        .args([
            "set",
            "old",
            "--stdin",
            "--expires",
            "2020-01-01",
            "--force",
        ])
        .write_stdin("y0_old")
        .assert()
        .success();
    sb.cmd()
        .arg("status")
        .assert()
        .code(11)
        .stdout(predicate::str::contains("EXPIRED"));
    let out = sb
        .cmd()
        .args(["status", "--json"])
        .assert()
        .code(11)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["exit_code"], 11);
    sb.cmd()
        .args(["set", "gen", "--stdin", "--kind", "generic"])
        .write_stdin("y0_g")
        .assert()
        .success();
    let json = sb.json(&["get", "gen", "--json"]);
    assert_eq!(json["expires_at"], serde_json::Value::Null);
    sb.cmd()
        .args(["set", "bad", "--stdin", "--expires", "someday"])
        .write_stdin("y0_x")
        .assert()
        .code(2);
}

#[test]
fn init_twice_is_refused_and_never_overwrites() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("a", "y0_a").success();
    let before = fs::read(sb.vault()).unwrap();
    sb.cmd()
        .args(["init", "--store", "file"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already set up"));
    sb.cmd()
        .args(["init", "--store", "file", "--vault"])
        .arg(sb.vault())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(fs::read(sb.vault()).unwrap(), before);
}

#[test]
fn a_team_vault_opens_for_each_recipient_and_not_for_others() {
    let alice = Sandbox::new();
    let bob = Sandbox::new();
    let eve = Sandbox::new();
    let bob_id = bob.path("bob.txt");
    let out = bob
        .cmd()
        .args(["--vault"])
        .arg(bob.path("bob.age"))
        .args(["init", "--generate-identity", "--identity"])
        .arg(&bob_id)
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).unwrap();
    let bob_pub = stderr
        .split("public key ")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .unwrap()
        .to_string();
    // Bob's card (recipient and signing key) lets him write too.
    let bob_card = bob.card(&bob_id, "bob");
    assert!(bob_card.starts_with(&format!("{bob_pub} ssh-ed25519 ")));
    let team = alice.path("team.age");
    let alice_id = alice.path("alice.txt");
    alice
        .cmd()
        .arg("--vault")
        .arg(&team)
        .args(["init", "--generate-identity", "--identity"])
        .arg(&alice_id)
        .args(["--recipient", &bob_card])
        .assert()
        .success();
    alice
        .cmd()
        .arg("--vault")
        .arg(&team)
        .arg("--identity")
        .arg(&alice_id)
        .args(["set", "shared", "--stdin"])
        .write_stdin("y0_shared")
        .assert()
        .success();
    // Bob reads and writes with his own identity.
    bob.cmd()
        .arg("--vault")
        .arg(&team)
        .arg("--identity")
        .arg(&bob_id)
        .args(["get", "shared"])
        .assert()
        .success()
        .stdout("y0_shared");
    bob.cmd()
        .arg("--vault")
        .arg(&team)
        .arg("--identity")
        .arg(&bob_id)
        .args(["set", "bobs", "--stdin"])
        .write_stdin("y0_bob")
        .assert()
        .success();
    alice
        .cmd()
        .arg("--vault")
        .arg(&team)
        .arg("--identity")
        .arg(&alice_id)
        .args(["get", "bobs"])
        .assert()
        .success()
        .stdout("y0_bob");
    let eve_id = eve.init_identity();
    eve.cmd()
        .arg("--vault")
        .arg(&team)
        .arg("--identity")
        .arg(&eve_id)
        .args(["get", "shared"])
        .assert()
        .code(5);
    // --recipient alone would make a vault its maker cannot open.
    eve.cmd()
        .arg("--vault")
        .arg(eve.path("x.age"))
        .args(["init", "--recipient", &bob_pub])
        .assert()
        .code(2);
    eve.cmd()
        .arg("--vault")
        .arg(eve.path("y.age"))
        .args(["init", "--generate-identity", "--identity"])
        .arg(eve.path("e2.txt"))
        .args(["--recipient", "age1notarecipient"])
        .assert()
        .code(2);
}

#[test]
fn history_lists_events_with_fingerprints_and_rm_json_names_what_went() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("a", "y0_first").success();
    sb.set("a", "y0_second").success();
    let out = sb
        .cmd()
        .args(["history", "a"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text.lines()
            .filter(|l| l.contains(" set ") && l.contains("sha256:"))
            .count(),
        2,
        "{text}"
    );
    assert!(!text.contains("y0_"), "{text}");
    let json = sb.json(&["history", "a", "--json"]);
    assert_eq!(json["events"].as_array().unwrap().len(), 2);
    assert!(json["versions"].is_null(), "versions are OpenBao's");
    sb.cmd().args(["history", "nope"]).assert().code(3);
    let removed = sb.json(&["rm", "a", "--json", "--force"]);
    assert_eq!(removed["removed"], "a");
    assert!(
        removed["fingerprint"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
}

/// Decrypts the sandbox's identity vault with the age crate (as `age -d`
/// would), lets `edit` change the JSON text, and encrypts it again to the
/// same recipient (as `age -a -r` would): what any recipient can do.
fn tamper(sb: &Sandbox, id: &std::path::Path, edit: impl FnOnce(String) -> String) {
    use std::io::{Read, Write};
    use std::str::FromStr;
    let key = fs::read_to_string(id).unwrap();
    let key = key
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap();
    let identity = age::x25519::Identity::from_str(key).unwrap();
    let armored = fs::read(sb.vault()).unwrap();
    let decryptor = age::Decryptor::new(age::armor::ArmoredReader::new(&armored[..])).unwrap();
    let mut text = String::new();
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    // A member's chopvault raises the generation on every write.
    let text = bump_generation(&edit(text));
    let recipient = identity.to_public();
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .unwrap();
    let mut out = Vec::new();
    let armor =
        age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor).unwrap();
    let mut w = encryptor.wrap_output(armor).unwrap();
    w.write_all(text.as_bytes()).unwrap();
    w.finish().unwrap().finish().unwrap();
    // A member's own write: signed with their key, as their chopvault would.
    let digest = chopvault::sign::digest_of(&out);
    let sig = chopvault::sign::SigningKey::from_identity(&identity).sign(&digest);
    fs::write(sb.path("data/chopvault/vault.age.sig"), sig).unwrap();
    fs::write(sb.vault(), out).unwrap();
}

/// The document with its `generation` raised by one, as a write does.
fn bump_generation(text: &str) -> String {
    let key = "\"generation\":";
    let Some(at) = text.find(key).map(|i| i + key.len()) else {
        return text.to_owned();
    };
    let end = text[at..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(text.len(), |i| at + i);
    let n: u64 = text[at..end].parse().unwrap();
    format!("{}{}{}", &text[..at], n + 1, &text[end..])
}

/// Regression (parser differential): a second "deploy" planted before the
/// real one made `get` and `export` hand out the planted token while
/// `list` and the next `set` kept the real one.
#[test]
fn a_vault_with_an_entry_twice_is_refused_by_every_command() {
    let sb = Sandbox::new();
    let id = sb.init_identity();
    sb.set("deploy", TOKEN).success();
    let planted = "y0_PLANTEDbyAteammateXXXXXXXXXXXXXXXXXXXXXXXXXXX";
    fs::create_dir(sb.path("d")).unwrap();
    for spelling in ["deploy", r"\u0064eploy"] {
        tamper(&sb, &id, |text| {
            let at = text.find(r#""entries":{"#).unwrap() + r#""entries":{"#.len();
            let real = &text[at..];
            let meta_at = real.find(r#""meta":"#).unwrap();
            let meta_end = real.find("}}").unwrap() + 1;
            let meta = &real[meta_at..meta_end];
            format!(
                r#"{}"{spelling}":{{"value":"{planted}",{meta}}},{real}"#,
                &text[..at]
            )
        });
        let before = fs::read(sb.vault()).unwrap();
        // `list` and `history` unlock nothing: they show the index of our last write and
        // says the vault changed since.
        sb.cmd()
            .args(["list"])
            .assert()
            .success()
            .stderr(predicates::str::contains(
                "changed since its index was written",
            ));
        for args in [
            &["get", "deploy"][..],
            &["rm", "deploy", "--force"],
            &["reindex"],
            &[
                "export",
                "deploy",
                "--dir",
                "d",
                "--",
                "sh",
                "-c",
                "touch ran",
            ],
        ] {
            let out = sb
                .cmd()
                .current_dir(sb.path(""))
                .args(args)
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{args:?} accepted it: {stdout}");
            assert!(stderr.contains("malformed"), "{args:?}: {stderr}");
            assert!(stderr.contains("age -d"), "{args:?}: {stderr}");
            for secret in [planted, TOKEN] {
                assert!(
                    !stdout.contains(secret) && !stderr.contains(secret),
                    "{args:?}"
                );
            }
        }
        assert!(!sb.path("ran").exists(), "the installer ran");
        assert!(!sb.path("d/token.txt").exists());
        // A write refuses too, so the evidence stays.
        sb.set("deploy", "y0_NEWvalueNEWvalueNEWvalue").failure();
        assert_eq!(
            fs::read(sb.vault()).unwrap(),
            before,
            "the vault was rewritten"
        );
        // Put the real vault back for the next spelling.
        tamper(&sb, &id, |text| {
            let at = text.find(&format!(r#""{spelling}":"#)).unwrap();
            let end = text[at..].find("}},").unwrap() + at + 3;
            format!("{}{}", &text[..at], &text[end..])
        });
        sb.cmd()
            .args(["get", "deploy"])
            .assert()
            .success()
            .stdout(TOKEN);
    }
}

/// Two documents one after the other: `get` used to read the second.
#[test]
fn data_after_the_document_is_refused() {
    let sb = Sandbox::new();
    let id = sb.init_identity();
    sb.set("deploy", TOKEN).success();
    tamper(&sb, &id, |text| {
        let second = text.replace(TOKEN, "y0_SECONDdocumentXXXXXXXXXXXXXXXXXXXXXXX");
        format!("{text}{second}")
    });
    let out = sb.cmd().args(["get", "deploy"]).output().unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("malformed"));
}

/// The `-> scrypt SALT N` work factor in an age file's header.
fn header_work_factor(vault: &std::path::Path) -> u8 {
    use std::io::Read;
    let mut bin = Vec::new();
    age::armor::ArmoredReader::new(&fs::read(vault).unwrap()[..])
        .read_to_end(&mut bin)
        .unwrap();
    let text = String::from_utf8_lossy(&bin[..200.min(bin.len())]).to_string();
    let line = text.lines().find(|l| l.starts_with("-> scrypt ")).unwrap();
    line.rsplit(' ').next().unwrap().parse().unwrap()
}

/// Regression: every write re-measured scrypt on the machine of the day,
/// so the cost drifted with load (2^20 became 2^18 under load). The factor
/// chosen at `init` is kept by every write.
#[test]
fn a_passphrase_vault_keeps_its_work_factor() {
    let sb = Sandbox::new();
    let pass = sb.passphrase_file("correct horse battery staple");
    let mut init = sb.cmd();
    init.env_remove("CHOPVAULT_SCRYPT_WORK_FACTOR");
    init.args([
        "init",
        "--store",
        "file",
        "--work-factor",
        "16",
        "--passphrase-file",
    ])
    .arg(&pass)
    .assert()
    .success()
    .stderr(predicates::str::contains("work factor 16"));
    // scrypt protects the key beside the vault.
    let key = sb.path("data/chopvault/vault.key.age");
    assert_eq!(header_work_factor(&key), 16);
    for i in 0..2 {
        let mut set = sb.cmd();
        set.env_remove("CHOPVAULT_SCRYPT_WORK_FACTOR");
        set.args(["--passphrase-file"])
            .arg(&pass)
            .args(["set", &format!("e{i}"), "--stdin"])
            .write_stdin(TOKEN)
            .assert()
            .success();
        assert_eq!(header_work_factor(&key), 16, "write {i} changed it");
    }
    sb.cmd()
        .args(["--passphrase-file"])
        .arg(&pass)
        .arg("doctor")
        .assert()
        .stdout(predicates::str::contains(
            "scrypt work factor 16 (64 MiB per unlock)",
        ));
    // Out of range is refused at the boundary.
    sb.cmd()
        .args([
            "init",
            "--store",
            "file",
            "--vault",
            "x.age",
            "--work-factor",
            "30",
        ])
        .assert()
        .code(2);
}

/// A header asking for more than 2^22 is refused for what it is, not as a
/// damaged vault, and before any scrypt runs.
#[test]
fn an_excessive_work_factor_is_named_not_called_damage() {
    use std::io::{Read, Write};
    let sb = Sandbox::new();
    let pass = sb.init_passphrase();
    sb.cmd()
        .args(["--passphrase-file"])
        .arg(&pass)
        .args(["set", "a", "--stdin"])
        .write_stdin(TOKEN)
        .assert()
        .success();
    // The key file beside the vault is what scrypt protects.
    let key = sb.path("data/chopvault/vault.key.age");
    let mut bin = Vec::new();
    age::armor::ArmoredReader::new(&fs::read(&key).unwrap()[..])
        .read_to_end(&mut bin)
        .unwrap();
    let at = bin.windows(4).position(|w| w == b" 16\n").unwrap();
    bin.splice(at..at + 4, b" 23\n".iter().copied());
    let mut out = Vec::new();
    let mut w =
        age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor).unwrap();
    w.write_all(&bin).unwrap();
    w.finish().unwrap();
    fs::write(&key, out).unwrap();
    let got = sb
        .cmd()
        .args(["--passphrase-file"])
        .arg(&pass)
        .args(["get", "a"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&got.stderr);
    assert_eq!(got.status.code(), Some(4), "{err}");
    assert!(err.contains("work factor 23"), "{err}");
    assert!(!err.contains("damaged") && !err.contains("backup"), "{err}");
}

/// Regression: `--vault /typo.age status` printed `entries: 0` and exit 0,
/// so cron never noticed. A vault path with no file is an error (exit 4)
/// for every command but init.
#[test]
fn a_vault_path_with_no_file_is_an_error_not_an_empty_vault() {
    let sb = Sandbox::new();
    let id = sb.init_identity();
    sb.set("a", TOKEN).success();
    let typo = sb.path("data/chopvault/vualt.age");
    for args in [
        &["status"][..],
        &["list"],
        &["check"],
        &["get", "a", "--json"],
        &["history", "a"],
        &["get", "a"],
    ] {
        sb.cmd()
            .arg("--vault")
            .arg(&typo)
            .arg("--identity")
            .arg(&id)
            .args(args)
            .assert()
            .code(4)
            .stderr(predicates::str::contains("does not exist"));
    }
}

/// Issue 14, item 2 — bad token text was stored silently and `verify` later
/// blamed the token. Every way in (stdin, file, prompt) goes through the
/// same checks.
#[test]
fn token_text_is_checked_on_the_way_in() {
    let sb = Sandbox::new();
    sb.init_identity();
    // A BOM (Notepad) is stripped, from a file and from stdin.
    let file = sb.path("token.txt");
    fs::write(&file, format!("\u{feff}{TOKEN}\r\n")).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    sb.cmd()
        .args(["set", "yd", "--from-file"])
        .arg(&file)
        .assert()
        .success();
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
    // Invisible and bidi characters are refused with their position, and
    // the value is never quoted.
    for (bad, what) in [
        (format!("{}\u{200b}{}", &TOKEN[..5], &TOKEN[5..]), "U+200B"),
        (format!("\u{200f}{TOKEN}"), "U+200F"),
        (format!("{}\u{202e}{}", &TOKEN[..9], &TOKEN[9..]), "U+202E"),
    ] {
        let out = sb
            .cmd()
            .args(["set", "other", "--stdin"])
            .write_stdin(bad)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{what}: {err}");
        assert!(
            err.contains(what) && err.contains("position"),
            "{what}: {err}"
        );
        assert!(!err.contains(&TOKEN[10..]), "{err}");
    }
    // A Yandex token is ASCII; another value may say --kind generic.
    let out = sb
        .cmd()
        .args(["set", "other", "--stdin"])
        .write_stdin("y0_тоkenWithCyrillic1234567890")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--kind generic"));
    sb.cmd()
        .args(["set", "pw", "--kind", "generic", "--stdin"])
        .write_stdin("пароль-с-буквами")
        .assert()
        .success();
    // A pasted redirect address gives its token and lifetime, and says so.
    let url = format!(
        "https://oauth.yandex.ru/verification_code#access_token={TOKEN}&token_type=bearer&expires_in=86400"
    );
    sb.cmd()
        .args(["set", "pasted", "--stdin"])
        .write_stdin(url)
        .assert()
        .success()
        .stderr(predicates::str::contains("redirect address"));
    sb.cmd()
        .args(["get", "pasted"])
        .assert()
        .success()
        .stdout(TOKEN);
    let meta = sb.json(&["get", "pasted", "--json"]);
    assert_eq!(meta["days_left"], 1, "{meta}");
    // An expiry in the past needs --force.
    sb.cmd()
        .args(["set", "old", "--stdin", "--expires", "2020-01-01"])
        .write_stdin(TOKEN)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--force"));
    sb.cmd()
        .args([
            "set",
            "old",
            "--stdin",
            "--expires",
            "2020-01-01",
            "--force",
        ])
        .write_stdin(TOKEN)
        .assert()
        .success();
    // Exporting an expired token is refused (exit 11) unless asked for.
    let deploy = sb.path("D");
    fs::create_dir(&deploy).unwrap();
    sb.cmd()
        .args(["export", "old", "--dir"])
        .arg(&deploy)
        .args(["--", "true"])
        .assert()
        .code(11)
        .stderr(predicates::str::contains("--allow-expired"));
    assert_eq!(fs::read_dir(&deploy).unwrap().count(), 0);
    sb.cmd()
        .args(["export", "old", "--allow-expired", "--dir"])
        .arg(&deploy)
        .args(["--", "true"])
        .assert()
        .success();
    // Within the warning window: a warning, and the export goes on.
    let soon = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(72)).to_string();
    sb.cmd()
        .args(["set", "soon", "--stdin", "--expires", &soon])
        .write_stdin(TOKEN)
        .assert()
        .success();
    sb.cmd()
        .args(["export", "soon", "--dir"])
        .arg(&deploy)
        .args(["--", "true"])
        .assert()
        .success()
        .stderr(predicates::str::contains("expires in 3 days"));
}

/// Issue 14, item 3: `set` over an entry replaced the token without a word
/// and `rm` removed at once. Without a terminal both need --force; both say
/// what is there (fingerprint, dates, never the value).
#[test]
fn replacing_or_removing_needs_force_without_a_terminal() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("yd", TOKEN).success();
    let fp = sb.json(&["get", "yd", "--json"])["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    let out = sb
        .cmd()
        .args(["set", "yd", "--stdin"])
        .write_stdin("y0_REPLACEMENTreplacementREPLACEMENT")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&fp) && err.contains("--force"), "{err}");
    assert!(
        !err.contains(TOKEN) && !err.contains("REPLACEMENT"),
        "{err}"
    );
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
    sb.cmd()
        .args(["set", "yd", "--stdin", "--force"])
        .write_stdin("y0_REPLACEMENTreplacementREPLACEMENT")
        .assert()
        .success()
        .stderr(predicates::str::contains(format!("replaced {fp}")));
    let out = sb.cmd().args(["rm", "yd"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("--force"), "{err}");
    sb.cmd().args(["get", "yd"]).assert().success();
    sb.cmd().args(["rm", "yd", "--force"]).assert().success();
    sb.cmd().args(["get", "yd"]).assert().code(3);
}
