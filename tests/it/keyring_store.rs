//! The keyring store against a real Secret Service (gnome-keyring on a
//! private D-Bus started by the test), cross-checked with `secret-tool`.

use crate::common;

use common::{Sandbox, TOKEN, keyring_sandbox};
use predicates::prelude::*;

#[test]
fn auto_picks_the_keyring_when_it_answers() {
    let Some((sb, ss)) = keyring_sandbox() else {
        return;
    };
    sb.cmd().arg("init").assert().success().stderr(
        predicate::str::contains("store: keyring").and(predicate::str::contains("answered")),
    );
    let config = std::fs::read_to_string(sb.path("config/chopvault/config.toml")).unwrap();
    assert!(config.contains("store = \"keyring\""), "{config}");
    sb.cmd()
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains("keyring"));

    sb.set("yandex-disk", TOKEN).success();
    assert_eq!(ss.lookup("yandex-disk").as_deref(), Some(TOKEN));
    sb.cmd()
        .args(["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN);
    sb.cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("yandex-disk").and(predicate::str::contains("keyring")));

    // What another tool writes, chopvault reads (metadata is ours alone).
    ss.store("from-secret-tool", "y0_written_by_secret_tool");
    sb.cmd()
        .args(["get", "from-secret-tool"])
        .assert()
        .success()
        .stdout("y0_written_by_secret_tool");

    sb.cmd()
        .args(["rm", "yandex-disk", "--force"])
        .assert()
        .success();
    assert_eq!(ss.lookup("yandex-disk"), None);
    sb.cmd().args(["get", "yandex-disk"]).assert().code(3);
    sb.cmd()
        .args(["rm", "yandex-disk", "--force"])
        .assert()
        .code(3);
}

#[test]
fn auto_falls_back_to_the_age_file_without_a_keyring() {
    let mut sb = Sandbox::new();
    sb.bus = Some(format!("unix:path={}", sb.path("no-such-bus").display()));
    let id = sb.path("keys/id.txt");
    // A passphrase vault needs a terminal or file; give the file.
    let pass = sb.passphrase_file("fallback-pass");
    sb.cmd()
        .arg("init")
        .arg("--passphrase-file")
        .arg(&pass)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("store: file")
                .and(predicate::str::contains("keyring is not usable")),
        );
    assert!(sb.vault().exists());
    assert!(!id.exists());
    let config = std::fs::read_to_string(sb.path("config/chopvault/config.toml")).unwrap();
    assert!(config.contains("store = \"file\""), "{config}");
    assert!(!config.contains("fallback-pass"));
}

#[test]
fn an_explicit_keyring_store_without_one_is_exit_4_with_the_fix() {
    let mut sb = Sandbox::new();
    sb.bus = Some(format!("unix:path={}", sb.path("no-such-bus").display()));
    sb.cmd()
        .args(["init", "--store", "keyring"])
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("keyring is not available")
                .and(predicate::str::contains("--store file")),
        );
    assert!(!sb.path("config/chopvault/config.toml").exists());
}

#[test]
fn a_locked_or_vanished_keyring_is_exit_4_and_list_still_works() {
    let Some((sb, ss)) = keyring_sandbox() else {
        return;
    };
    sb.cmd()
        .args(["init", "--store", "keyring"])
        .assert()
        .success();
    sb.set("a", "y0_a").success();
    ss.lock();
    sb.set("b", "y0_b")
        .code(4)
        .stderr(predicate::str::contains("locked").and(predicate::str::contains("hint:")));
    // The index needs no keyring.
    sb.cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("a"));
    let listed = sb
        .cmd()
        .args(["list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8_lossy(&listed).contains("\"b\""));
    drop(ss);
    sb.cmd()
        .args(["get", "a"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("not available"));
    sb.cmd().arg("status").assert().success();
}

/// Issue 14, item 6: CHOPVAULT_IDENTITY (or CHOPVAULT_VAULT) set in the
/// environment for the file store made `init --store keyring` refuse. A
/// variable of another store is ignored, with a warning; the same given on
/// the command line is still an error.
#[test]
fn another_stores_environment_does_not_block_init() {
    let Some((sb, _ss)) = keyring_sandbox() else {
        return;
    };
    sb.cmd()
        .env("CHOPVAULT_IDENTITY", "/somewhere/identity.txt")
        .env("CHOPVAULT_VAULT", "/somewhere/vault.age")
        .args(["init", "--store", "keyring"])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("CHOPVAULT_IDENTITY").and(predicate::str::contains("ignored")),
        );
    let other = Sandbox::new();
    other
        .cmd()
        .args([
            "--identity",
            "/somewhere/identity.txt",
            "init",
            "--store",
            "keyring",
        ])
        .assert()
        .code(2);
}
