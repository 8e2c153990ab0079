//! `migrate`: every entry moves between real stores (an age vault and
//! gnome-keyring's Secret Service), is checked, the config switches, and
//! the old copies go; killed at random moments, nothing is lost.

use crate::common;

use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Sandbox, keyring_sandbox};
use predicates::prelude::*;

const A: &str = "y0_AgAAAAB4migrateAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const B: &str = "y0_AgAAAAB4migrateBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

/// An identity vault holding `a` (with a note and ClientID) and `b`.
fn file_store_with_two(sb: &Sandbox, prefix: &str) {
    sb.init_identity();
    sb.cmd()
        .args(["set", &format!("{prefix}a"), "--stdin", "--note", "kazan"])
        .args(["--client-id", "0123456789abcdef0123456789abcdef"])
        .write_stdin(A)
        .assert()
        .success();
    sb.cmd()
        .args(["set", &format!("{prefix}b"), "--stdin", "--kind", "generic"])
        .write_stdin(B)
        .assert()
        .success();
}

fn config(sb: &Sandbox) -> String {
    std::fs::read_to_string(sb.path("config/chopvault/config.toml")).unwrap()
}

#[test]
fn file_to_keyring_moves_everything_and_removes_the_old_copies() {
    let Some((sb, ss)) = keyring_sandbox() else {
        return;
    };
    file_store_with_two(&sb, "");
    let before = sb.json(&["get", "a", "--json"]);
    sb.cmd()
        .args(["migrate", "--to", "keyring"])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("copied 2 entries")
                .and(predicate::str::contains("read each back"))
                .and(predicate::str::contains("now names the keyring store"))
                .and(predicate::str::contains("removed 2 entries from")),
        );
    assert!(
        config(&sb).contains("store = \"keyring\""),
        "{}",
        config(&sb)
    );
    assert_eq!(ss.lookup("a").as_deref(), Some(A));
    assert_eq!(ss.lookup("b").as_deref(), Some(B));
    sb.cmd().args(["get", "a"]).assert().success().stdout(A);
    // Metadata and history came along, with one more line.
    let after = sb.json(&["get", "a", "--json"]);
    for field in [
        "kind",
        "created",
        "updated",
        "note",
        "client_id",
        "expires_at",
    ] {
        assert_eq!(after[field], before[field], "{field}");
    }
    let history = after["history"].as_array().unwrap();
    assert_eq!(
        history.len(),
        before["history"].as_array().unwrap().len() + 1
    );
    assert_eq!(history.last().unwrap()["event"], "migrated");
    // The old vault holds nothing now.
    sb.cmd()
        .arg("--vault")
        .arg(sb.vault())
        .arg("--identity")
        .arg(sb.path("keys/identity.txt"))
        .args(["get", "a"])
        .assert()
        .code(3);
    assert!(!sb.path("state/chopvault/migration.json").exists());
    let log = std::fs::read_to_string(sb.event_log()).unwrap();
    assert!(log.contains("\"migrate\""), "{log}");
    assert!(!log.contains(A));

    // Moving to where it already is: a usage error, nothing touched.
    sb.cmd()
        .args(["migrate", "--to", "keyring"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already in use"));
}

#[test]
fn keyring_to_a_passphrase_vault_and_keep_old() {
    let Some((sb, ss)) = keyring_sandbox() else {
        return;
    };
    sb.cmd()
        .args(["init", "--store", "keyring"])
        .assert()
        .success();
    sb.set("a", A).success();
    sb.set("b", B).success();
    let pass = sb.passphrase_file("correct horse battery staple migrate");
    sb.cmd()
        .args([
            "migrate",
            "--to",
            "file",
            "--keep-old",
            "--new-passphrase-file",
        ])
        .arg(&pass)
        .assert()
        .success()
        .stderr(predicate::str::contains("stay in").and(predicate::str::contains("--keep-old")));
    assert!(config(&sb).contains("store = \"file\""), "{}", config(&sb));
    // Kept in the keyring, and readable from the new vault.
    assert_eq!(ss.lookup("a").as_deref(), Some(A));
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["get", "b"])
        .assert()
        .success()
        .stdout(B);
    // And back, this time removing the vault's copies.
    ss.store("a", "y0_someone_else_wrote_this");
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["migrate", "--to", "keyring"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("already holds other values named 'a'")
                .and(predicate::str::contains("--force"))
                .and(predicate::str::contains("y0_").not()),
        );
    assert!(config(&sb).contains("store = \"file\""));
    assert_eq!(
        ss.lookup("a").as_deref(),
        Some("y0_someone_else_wrote_this")
    );
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["migrate", "--to", "keyring", "--force"])
        .assert()
        .success();
    assert_eq!(ss.lookup("a").as_deref(), Some(A));
    sb.cmd().args(["get", "b"]).assert().success().stdout(B);
}

#[test]
fn store_options_of_another_store_are_usage_errors() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.cmd()
        .args(["migrate", "--to", "keyring", "--to-vault", "/tmp/x.age"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("belong to --to file"));
    sb.cmd()
        .args(["migrate", "--to", "file", "--to-vault"])
        .arg(sb.vault())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is the one in use"));
}

#[test]
fn migrations_killed_at_random_moments_lose_nothing() {
    let Some((_first, ss)) = keyring_sandbox() else {
        return;
    };
    // Clean runs give the time range to kill in: the shorter of two, since
    // the first pays for cold caches (a fresh clone's run took so long that
    // most kills came after the migration had finished).
    let mut full = u64::MAX;
    for t in 0..2 {
        let timing = Sandbox {
            bus: Some(ss.address.clone()),
            ..Sandbox::new()
        };
        file_store_with_two(&timing, &format!("t{t}-"));
        let start = Instant::now();
        timing
            .cmd()
            .args(["migrate", "--to", "keyring"])
            .assert()
            .success();
        full = full.min(start.elapsed().as_millis() as u64);
    }

    let deadline = Instant::now() + Duration::from_secs(40);
    let mut rng = common::Rng(0x9e37_79b9_7f4a_7c15);
    let (mut rounds, mut interrupted, mut switched) = (0, 0, 0);
    while rounds < 12 && Instant::now() < deadline {
        rounds += 1;
        let delay = rng.below(full * 9 / 10 + 1);
        let sb = Sandbox {
            bus: Some(ss.address.clone()),
            ..Sandbox::new()
        };
        let prefix = format!("r{rounds}-");
        file_store_with_two(&sb, &prefix);
        let mut child = sb
            .std_cmd()
            .args(["migrate", "--to", "keyring"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let group = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
        let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
        let status = child.wait().unwrap();
        if !status.success() {
            interrupted += 1;
        }
        if config(&sb).contains("keyring") && sb.path("state/chopvault/migration.json").exists() {
            switched += 1;
            sb.cmd().arg("doctor").assert().stdout(
                predicate::str::contains("was interrupted")
                    .and(predicate::str::contains("chopvault migrate --to keyring")),
            );
        }
        // Whatever store the config names now has both values.
        for (name, value) in [("a", A), ("b", B)] {
            sb.cmd()
                .args(["get", &format!("{prefix}{name}")])
                .assert()
                .success()
                .stdout(value.to_string());
        }
        // Running it again completes the move.
        sb.cmd()
            .args(["migrate", "--to", "keyring"])
            .assert()
            .code(predicate::in_iter([0, 2]));
        assert!(
            config(&sb).contains("keyring"),
            "round {rounds} (delay {delay} ms)"
        );
        assert!(!sb.path("state/chopvault/migration.json").exists());
        for (name, value) in [("a", A), ("b", B)] {
            assert_eq!(
                ss.lookup(&format!("{prefix}{name}")).as_deref(),
                Some(value),
                "round {rounds} (delay {delay} ms)"
            );
        }
        sb.cmd()
            .arg("--vault")
            .arg(sb.vault())
            .arg("--identity")
            .arg(sb.path("keys/identity.txt"))
            .args(["get", &format!("{prefix}a")])
            .assert()
            .code(3);
    }
    eprintln!("{rounds} rounds, {interrupted} interrupted, {switched} between switch and cleanup");
    // Guard against passing vacuously: most rounds were really cut short.
    assert!(
        interrupted * 2 >= rounds,
        "{interrupted} of {rounds} interrupted"
    );
}
