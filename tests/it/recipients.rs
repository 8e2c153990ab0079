//! Team vaults: `recipients list|add|remove` re-encrypt the vault file; a
//! removed recipient cannot open new versions.

use crate::common;

use std::fs;
use std::process::Command;

use common::Sandbox;
use predicates::prelude::*;

/// Generates an identity in `sb` (through a throwaway vault) and returns
/// (identity path, public key).
fn identity(sb: &Sandbox, name: &str) -> (std::path::PathBuf, String) {
    let (id, public, _) = member(sb, name);
    (id, public)
}

/// As [`identity`], with the member card too.
fn member(sb: &Sandbox, name: &str) -> (std::path::PathBuf, String, String) {
    let id = sb.path(&format!("{name}.txt"));
    sb.cmd()
        .arg("--vault")
        .arg(sb.path(&format!("{name}-own.age")))
        .args(["init", "--generate-identity", "--identity"])
        .arg(&id)
        .assert()
        .success();
    let text = fs::read_to_string(&id).unwrap();
    let public = text
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_string();
    let card = sb.card(&id, name);
    (id, public, card)
}

#[test]
fn add_and_remove_recipients_of_a_team_vault() {
    let alice = Sandbox::new();
    let bob = Sandbox::new();
    let (alice_id, alice_pub) = identity(&alice, "alice");
    let (bob_id, bob_pub, bob_card) = member(&bob, "bob");
    let team = alice.path("team.age");
    let as_alice = |args: &[&str]| {
        let mut c = alice.cmd();
        c.arg("--vault")
            .arg(&team)
            .arg("--identity")
            .arg(&alice_id)
            .args(args);
        c
    };
    let as_bob = |args: &[&str]| {
        let mut c = bob.cmd();
        c.arg("--vault")
            .arg(&team)
            .arg("--identity")
            .arg(&bob_id)
            .args(args);
        c
    };
    as_alice(&["init"]).assert().success();
    as_alice(&["set", "yd", "--stdin"])
        .write_stdin("y0_team")
        .assert()
        .success();
    as_bob(&["get", "yd"]).assert().code(5);

    // The card, unquoted: its words are joined.
    let mut card_words: Vec<&str> = vec!["recipients", "add"];
    card_words.extend(bob_card.split(' '));
    as_alice(&card_words)
        .assert()
        .success()
        .stderr(predicate::str::contains("can now open and write"));
    as_bob(&["get", "yd"]).assert().success().stdout("y0_team");
    let list = as_alice(&["recipients", "list"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list = String::from_utf8(list).unwrap();
    assert!(
        list.lines()
            .any(|l| l.contains(&alice_pub) && l.ends_with("can write  (you)")),
        "{list}"
    );
    assert!(
        list.lines()
            .any(|l| l.starts_with("bob  ") && l.contains(&bob_pub) && l.contains("ssh-ed25519")),
        "{list}"
    );
    // The age CLI agrees: bob's identity opens it.
    if common::require("age") {
        let out = Command::new("age")
            .arg("-d")
            .arg("-i")
            .arg(&bob_id)
            .arg(&team)
            .output()
            .unwrap();
        assert!(out.status.success());
    }

    let before_removal = fs::read(&team).unwrap();
    let sig_before_removal = fs::read(alice.path("team.age.sig")).unwrap();
    as_alice(&["recipients", "remove", &bob_pub])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("rotate them")
                .and(predicate::str::contains("chopvault rotate yd")),
        );
    as_bob(&["get", "yd"]).assert().code(5);
    // The old file (e.g. in git history, checked out elsewhere) still
    // opens for bob: hence "rotate".
    fs::create_dir_all(bob.path("old")).unwrap();
    let old = bob.path("old/team.age");
    fs::write(&old, &before_removal).unwrap();
    fs::write(bob.path("old/team.age.sig"), &sig_before_removal).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&old, fs::Permissions::from_mode(0o600)).unwrap();
    bob.cmd()
        .arg("--vault")
        .arg(&old)
        .arg("--identity")
        .arg(&bob_id)
        .args(["get", "yd"])
        .assert()
        .success();

    // Alice cannot lock herself out, or remove someone absent.
    as_alice(&["recipients", "remove", &alice_pub])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no recipient"));
    as_alice(&["recipients", "add", &bob_card])
        .assert()
        .success();
    as_alice(&["recipients", "remove", &alice_pub])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("lock you out"));
    as_alice(&["recipients", "remove", &alice_pub, "--force"])
        .assert()
        .success();
    as_alice(&["get", "yd"]).assert().code(5);
    as_bob(&["get", "yd"]).assert().success();
    let (_, stranger) = identity(&Sandbox::new(), "stranger");
    as_bob(&["recipients", "remove", &stranger])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a recipient"));
    as_bob(&["recipients", "add", "not-a-key"]).assert().code(2);
}

#[test]
fn passphrase_vaults_have_no_recipients() {
    let sb = Sandbox::new();
    let (_, someone) = identity(&Sandbox::new(), "someone");
    // A vault made by init with a passphrase is encrypted to its key file:
    // it lists that key, which is yours.
    let pass = sb.init_passphrase();
    let list = sb
        .cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["recipients", "list"])
        .output()
        .unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert_eq!(list.lines().count(), 1, "{list}");
    assert!(list.contains("can write  (you)"), "{list}");
    // One from before key files has none to change.
    let old = sb.old_passphrase_vault("old.age", "correct horse battery staple");
    sb.cmd()
        .arg("--vault")
        .arg(&old)
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["recipients", "add", &someone])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("passphrase and has no recipients"));
    sb.cmd()
        .arg("--vault")
        .arg(&old)
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["recipients", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("passphrase vault"));
}

#[test]
fn a_vault_changed_elsewhere_is_noticed_and_reindexed() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("a", "y0_a").success();
    let index = fs::read_dir(sb.path("data/chopvault/indexes"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert!(!sb.path("data/chopvault/vault.index.json").exists());
    let old_index = fs::read(&index).unwrap();
    sb.set("b", "y0_b").success();
    // As after a git pull: the vault is newer than this machine's index.
    fs::write(&index, &old_index).unwrap();
    sb.cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("b ").not())
        .stderr(
            predicate::str::contains("changed since its index was written")
                .and(predicate::str::contains("chopvault reindex")),
        );
    sb.cmd()
        .arg("reindex")
        .assert()
        .success()
        .stderr(predicate::str::contains("2 entries"));
    sb.cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("b "))
        .stderr(predicate::str::contains("changed since").not());
}

/// Issue 21: `recipients remove` refused the very card a member was added
/// with ("… is not a recipient"); a name two members share must be
/// refused with both shown, never guessed.
#[test]
fn remove_takes_the_card_a_name_or_a_recipient_and_never_guesses_a_name() {
    let alice = Sandbox::new();
    let (alice_id, _) = identity(&alice, "alice");
    let (_, bob_pub, bob_card) = member(&alice, "bob");
    // Another person who also calls themselves bob.
    let (_, other_pub, other_card) = member(&Sandbox::new(), "bob");
    let team = alice.path("team.age");
    let as_alice = |args: &[&str]| {
        let mut c = alice.cmd();
        c.arg("--vault")
            .arg(&team)
            .arg("--identity")
            .arg(&alice_id)
            .args(args);
        c
    };
    let recipients = || {
        let out = as_alice(&["recipients", "list"]).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    as_alice(&["init"]).assert().success();

    // The exact card used at add, quoted as one argument.
    as_alice(&["recipients", "add", &bob_card])
        .assert()
        .success();
    assert!(recipients().contains(&bob_pub));
    as_alice(&["recipients", "remove", &bob_card])
        .assert()
        .success();
    assert!(!recipients().contains(&bob_pub), "{}", recipients());

    // The same card unquoted: its words are joined, as add does.
    as_alice(&["recipients", "add", &bob_card])
        .assert()
        .success();
    let mut words = vec!["recipients", "remove"];
    words.extend(bob_card.split(' '));
    as_alice(&words).assert().success();
    assert!(!recipients().contains(&bob_pub));

    // By the name on the card.
    as_alice(&["recipients", "add", &bob_card])
        .assert()
        .success();
    as_alice(&["recipients", "remove", "bob"])
        .assert()
        .success();
    assert!(!recipients().contains(&bob_pub));

    // Two members named bob: refused, both shown, nothing changed.
    as_alice(&["recipients", "add", &bob_card])
        .assert()
        .success();
    as_alice(&["recipients", "add", &other_card])
        .assert()
        .success();
    let before = fs::read(&team).unwrap();
    as_alice(&["recipients", "remove", "bob"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains(bob_card.as_str())
                .and(predicate::str::contains(other_card.as_str()))
                .and(predicate::str::contains("nothing was removed")),
        );
    assert_eq!(fs::read(&team).unwrap(), before);
    let listed = recipients();
    assert!(listed.contains(&bob_pub) && listed.contains(&other_pub));
    // The card says which one.
    as_alice(&["recipients", "remove", &other_card])
        .assert()
        .success();
    let listed = recipients();
    assert!(listed.contains(&bob_pub) && !listed.contains(&other_pub));
}
