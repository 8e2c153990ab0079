//! `chopvault doctor` names what is wrong and the fix, and changes nothing.

use crate::common;

use std::fs;
use std::os::unix::fs::PermissionsExt;

use common::{Sandbox, TOKEN};
use predicates::prelude::*;

#[test]
fn a_healthy_setup_is_all_ok() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("yd", TOKEN).success();
    let out = sb
        .cmd()
        .arg("doctor")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("ok    the vault opens"), "{text}");
    assert!(text.contains("metadata index: 1 entries"), "{text}");
    assert!(!text.contains("FAIL") && !text.contains(TOKEN), "{text}");
}

#[test]
fn problems_are_named_with_their_fix() {
    let sb = Sandbox::new();
    sb.cmd().arg("doctor").assert().code(1).stdout(
        predicate::str::contains("FAIL  store: no store is set up")
            .and(predicate::str::contains("fix: Run: chopvault init")),
    );

    sb.init_identity();
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
    // Writable by everyone: refused (an identity vault others can only read
    // is public ciphertext, and only noted).
    fs::set_permissions(sb.vault(), fs::Permissions::from_mode(0o666)).unwrap();
    let before = fs::read(sb.vault()).unwrap();
    let json = {
        let out = sb
            .cmd()
            .args(["doctor", "--json"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice::<serde_json::Value>(&out).unwrap()
    };
    let text = json.to_string();
    assert!(
        text.contains(&format!("chmod 600 {}", sb.vault().display())),
        "{text}"
    );
    assert!(
        text.contains("expired: old") && text.contains("chopvault rotate old"),
        "{text}"
    );
    assert_eq!(
        fs::read(sb.vault()).unwrap(),
        before,
        "doctor changed the vault"
    );
    assert_eq!(common::mode(&sb.vault()), 0o666, "doctor changed the mode");
    fs::set_permissions(sb.vault(), fs::Permissions::from_mode(0o644)).unwrap();
    sb.cmd()
        .args(["doctor"])
        .assert()
        .stdout(predicate::str::contains("readable by others (mode 644)"));

    // A wrong identity: the vault does not open, exit 1, with the hint.
    fs::set_permissions(sb.vault(), fs::Permissions::from_mode(0o600)).unwrap();
    let other = Sandbox::new();
    let other_id = other.init_identity();
    sb.cmd()
        .arg("--identity")
        .arg(&other_id)
        .arg("doctor")
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("the vault does not open")
                .and(predicate::str::contains("--identity")),
        );
}

#[test]
fn a_missing_keyring_is_named() {
    let mut sb = Sandbox::new();
    sb.bus = Some(format!("unix:path={}", sb.path("no-bus").display()));
    fs::create_dir_all(sb.path("config/chopvault")).unwrap();
    fs::write(
        sb.path("config/chopvault/config.toml"),
        "store = \"keyring\"\n",
    )
    .unwrap();
    sb.cmd().arg("doctor").assert().code(1).stdout(
        predicate::str::contains("FAIL  OS keyring").and(predicate::str::contains("--store file")),
    );
}
