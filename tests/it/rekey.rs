//! `rekey --new-key` (issue 21): a changed passphrase kept the same key, so
//! a copy of yesterday's `vault.key.age` and the old passphrase decrypted
//! tokens written after the change. A new key re-encrypts the vault to a
//! new identity; a kill at any moment leaves a key file and vault that open.

use crate::common::{self, Rng};

use std::fs;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Sandbox, TOKEN};
use predicates::prelude::*;

const OLD: &str = "orbit velvet candle harbor";
const NEW: &str = "a brand new passphrase for a brand new key";

/// A key-file vault made by `init`, holding `a` = TOKEN; its passphrase file.
fn key_vault(sb: &Sandbox) -> PathBuf {
    let pass = sb.passphrase_file(OLD);
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["init", "--store", "file"])
        .assert()
        .success();
    with(sb, &pass, &["set", "a", "--stdin"])
        .write_stdin(TOKEN)
        .assert()
        .success();
    pass
}

fn with(sb: &Sandbox, pass: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut c = sb.cmd();
    c.arg("--passphrase-file").arg(pass).args(args);
    c
}

fn key_file(sb: &Sandbox) -> PathBuf {
    sb.path("data/chopvault/vault.key.age")
}

/// The identity in a key file, decrypted with `pass` (None: wrong one).
fn identity_in(key: &Path, pass: &str) -> Option<age::x25519::Identity> {
    let bytes = fs::read(key).unwrap();
    let d = age::Decryptor::new(age::armor::ArmoredReader::new(&bytes[..])).unwrap();
    let id = age::scrypt::Identity::new(age::secrecy::SecretString::from(pass.to_owned()));
    let mut r = d.decrypt(std::iter::once(&id as &dyn age::Identity)).ok()?;
    let mut text = String::new();
    r.read_to_string(&mut text).unwrap();
    text.lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .map(|l| l.parse().unwrap())
}

/// Whether `identity` decrypts the vault: with the stock `age` CLI where it
/// is installed, and always with the age crate (the two must agree).
fn opens(sb: &Sandbox, identity: &age::x25519::Identity) -> bool {
    use age::secrecy::ExposeSecret;
    let vault = fs::read(sb.vault()).unwrap();
    let d = age::Decryptor::new(age::armor::ArmoredReader::new(&vault[..])).unwrap();
    let by_crate = d
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .is_ok();
    if common::require("age") {
        let plain = sb.path("plain-identity.txt");
        fs::write(&plain, identity.to_string().expose_secret()).unwrap();
        fs::set_permissions(&plain, fs::Permissions::from_mode(0o600)).unwrap();
        let out = Command::new("age")
            .arg("-d")
            .arg("-i")
            .arg(&plain)
            .arg(sb.vault())
            .output()
            .unwrap();
        fs::remove_file(&plain).unwrap();
        assert_eq!(out.status.success(), by_crate, "age and the crate disagree");
        if by_crate {
            assert!(String::from_utf8_lossy(&out.stdout).contains("chopvault-vault"));
        }
    }
    by_crate
}

#[test]
fn an_old_key_file_copy_opens_nothing_written_after_rekey_new_key() {
    let sb = Sandbox::new();
    let old_pass = key_vault(&sb);
    let new_pass = sb.passphrase_file(NEW);
    // Yesterday's copy of the key file, e.g. in a backup.
    let copy = sb.path("yesterday.key.age");
    fs::copy(key_file(&sb), &copy).unwrap();
    let old_id = identity_in(&copy, OLD).unwrap();
    assert!(opens(&sb, &old_id), "the copy opens the vault before");

    with(
        &sb,
        &old_pass,
        &["rekey", "--new-key", "--new-passphrase-file"],
    )
    .arg(&new_pass)
    .assert()
    .success()
    .stderr(
        predicate::str::contains("new key")
            .and(predicate::str::contains("only what was written before")),
    );
    with(&sb, &new_pass, &["set", "b", "--stdin"])
        .write_stdin("y0_written_after")
        .assert()
        .success();

    // The copy with the old passphrase opens nothing written since.
    assert!(!opens(&sb, &old_id));
    assert_eq!(common::mode(&key_file(&sb)), 0o600);
    let new_id = identity_in(&key_file(&sb), NEW).unwrap();
    assert!(opens(&sb, &new_id));
    assert!(identity_in(&key_file(&sb), OLD).is_none());
    assert!(!sb.path("data/chopvault/vault.key.age.new").exists());
    // chopvault opens it with the new passphrase, every entry kept.
    with(&sb, &new_pass, &["get", "a"])
        .assert()
        .success()
        .stdout(TOKEN);
    with(&sb, &new_pass, &["get", "b"])
        .assert()
        .success()
        .stdout("y0_written_after");
    with(&sb, &old_pass, &["get", "a"]).assert().code(5);
    // The index is in step: list names both without unlocking.
    sb.cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("a").and(predicate::str::contains("b")))
        .stderr(predicate::str::contains("changed since").not());
}

#[test]
fn rekey_without_new_key_says_old_copies_still_open_the_vault() {
    let sb = Sandbox::new();
    let old_pass = key_vault(&sb);
    let new_pass = sb.passphrase_file(NEW);
    let copy = sb.path("yesterday.key.age");
    fs::copy(key_file(&sb), &copy).unwrap();
    with(&sb, &old_pass, &["rekey", "--new-passphrase-file"])
        .arg(&new_pass)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("the key itself did not change")
                .and(predicate::str::contains("chopvault rekey --new-key")),
        );
    // What the note says: the copy still opens what is written next.
    with(&sb, &new_pass, &["set", "b", "--stdin"])
        .write_stdin("y0_written_after")
        .assert()
        .success();
    assert!(opens(&sb, &identity_in(&copy, OLD).unwrap()));
    // And in Russian.
    let third = sb.passphrase_file("the third passphrase, longer still");
    with(&sb, &new_pass, &["rekey", "--new-passphrase-file"])
        .arg(&third)
        .env("CHOPVAULT_LANG", "ru")
        .assert()
        .success()
        .stderr(predicate::str::contains("сам ключ не изменился"));
}

/// The other members keep their access, and their machines accept the
/// change: it is signed by the old key, which they pinned.
#[test]
fn a_new_key_keeps_the_other_members_and_their_pins_accept_it() {
    let alice = Sandbox::new();
    let old_pass = key_vault(&alice);
    let new_pass = alice.passphrase_file(NEW);
    let bob = Sandbox::new();
    let bob_id = bob.path("bob.txt");
    bob.cmd()
        .arg("--vault")
        .arg(bob.path("own.age"))
        .args(["init", "--generate-identity", "--identity"])
        .arg(&bob_id)
        .assert()
        .success();
    let bob_card = bob.card(&bob_id, "bob");
    with(&alice, &old_pass, &["recipients", "add", &bob_card])
        .assert()
        .success();
    let as_bob = |args: &[&str]| {
        let mut c = bob.cmd();
        c.arg("--vault")
            .arg(alice.vault())
            .arg("--identity")
            .arg(&bob_id)
            .args(args);
        c
    };
    // Bob pins the members (first use).
    as_bob(&["get", "a"]).assert().success().stdout(TOKEN);

    with(
        &alice,
        &old_pass,
        &["rekey", "--new-key", "--new-passphrase-file"],
    )
    .arg(&new_pass)
    .assert()
    .success();
    as_bob(&["get", "a"])
        .assert()
        .success()
        .stdout(TOKEN)
        .stderr(predicate::str::contains("members changed"));
    // Bob's later write is accepted by alice's machine, and alice's by bob's.
    as_bob(&["set", "b", "--stdin", "--force"])
        .write_stdin("y0_from_bob")
        .assert()
        .success();
    with(&alice, &new_pass, &["get", "b"])
        .assert()
        .success()
        .stdout("y0_from_bob");
    with(&alice, &new_pass, &["set", "c", "--stdin"])
        .write_stdin("y0_from_alice")
        .assert()
        .success();
    as_bob(&["get", "c"])
        .assert()
        .success()
        .stdout("y0_from_alice");
}

/// An agent holding the old key must not keep offering it: the next
/// command would fail with a key the vault is no longer encrypted to.
#[test]
fn an_agent_holding_the_old_key_drops_it() {
    let sb = Sandbox::new();
    let old_pass = key_vault(&sb);
    let new_pass = sb.passphrase_file(NEW);
    with(&sb, &old_pass, &["unlock", "--for", "5m"])
        .assert()
        .success();
    let _guard = Locked(&sb);
    // Unlocked: the old passphrase is not needed (the agent signs).
    sb.cmd()
        .args(["rekey", "--new-key", "--new-passphrase-file"])
        .arg(&new_pass)
        .assert()
        .success()
        .stderr(predicate::str::contains("dropped"));
    with(&sb, &new_pass, &["get", "a"])
        .assert()
        .success()
        .stdout(TOKEN);
}

/// Ends the sandbox's agent when the test ends, whatever happens.
struct Locked<'a>(&'a Sandbox);

impl Drop for Locked<'_> {
    fn drop(&mut self) {
        let _ = self.0.cmd().arg("lock").output();
    }
}

/// SIGKILLs the child's whole process group.
fn kill_group(child: &mut std::process::Child) {
    let group = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
    let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
    let _ = child.wait();
}

#[test]
fn rekey_new_key_killed_at_random_moments_never_loses_the_vault() {
    let sb = Sandbox::new();
    let mut pass = key_vault(&sb);
    let mut other = sb.passphrase_file(NEW);
    for i in 0..20 {
        with(&sb, &pass, &["set", &format!("bulk-{i}"), "--stdin"])
            .write_stdin(format!("y0_{}", "b".repeat(2000)))
            .assert()
            .success();
    }
    let pending = sb.path("data/chopvault/vault.key.age.new");
    let run = |from: &Path, to: &Path| {
        sb.std_cmd()
            .arg("--passphrase-file")
            .arg(from)
            .args(["rekey", "--new-key", "--new-passphrase-file"])
            .arg(to)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap()
    };
    let start = Instant::now();
    assert!(run(&pass, &other).wait().unwrap().success());
    let took = start.elapsed().as_micros() as u64 + 1;
    std::mem::swap(&mut pass, &mut other);

    const ROUNDS: u32 = 40;
    let mut rng = Rng(0x2e4e_7001);
    let (mut changed, mut pending_seen, mut settled) = (0, 0, 0);
    // 40 rounds: each costs several scrypt runs at the suite's factor 16.
    // Half the kills at random over the whole run; the other half hunt the
    // few milliseconds at its end where the pending key is on disk (after
    // two scrypt runs): later after a kill that changed nothing, earlier
    // after one that finished, so they gather at that window.
    let mut aim = took * 9 / 10;
    let mut step = took / 8;
    for round in 0..ROUNDS {
        let mut c = run(&pass, &other);
        let at = if round % 2 == 0 {
            rng.below(took * 6 / 5)
        } else {
            aim.saturating_sub(step / 4) + rng.below(step / 2 + 1)
        };
        std::thread::sleep(Duration::from_micros(at));
        kill_group(&mut c);
        let left_pending = pending.exists();
        if left_pending {
            pending_seen += 1;
        }
        // One of the two passphrases opens it, with every entry.
        let opened = [&pass, &other].into_iter().find_map(|p| {
            let out = with(&sb, p, &["get", "a"]).output().unwrap();
            out.status.success().then(|| (p.clone(), out.stdout))
        });
        let Some((now, got)) = opened else {
            panic!("round {round}: neither passphrase opens the vault");
        };
        assert_eq!(got, TOKEN.as_bytes(), "round {round}");
        assert_eq!(
            with(&sb, &now, &["get", "bulk-7"])
                .output()
                .unwrap()
                .stdout
                .len(),
            2003,
            "round {round}"
        );
        if round % 2 == 1 && !left_pending {
            // Finished: aim earlier; changed nothing: later.
            if now == other {
                aim = aim.saturating_sub(step);
            } else {
                aim += step;
            }
            step = (step * 2 / 3).max(took / 200 + 1);
        }
        if now == other {
            if left_pending {
                // Killed between the vault and the key file: the vault
                // opened only with the pending key, and the read settled it.
                assert!(!pending.exists(), "round {round}");
                settled += 1;
            }
            changed += 1;
            std::mem::swap(&mut pass, &mut other);
        }
        // Writes still work with whichever key it is now.
        with(&sb, &pass, &["set", "a", "--stdin", "--force"])
            .write_stdin(TOKEN)
            .assert()
            .success();
    }
    // The kills landed both before and after the key changed, and inside
    // the window where the pending key is on disk.
    assert!(
        changed > 0 && changed < ROUNDS,
        "changed in {changed} of {ROUNDS} rounds"
    );
    assert!(
        pending_seen > 0,
        "no kill landed while the pending key existed"
    );
    eprintln!(
        "{changed} of {ROUNDS} changed the key; {pending_seen} left a pending key; {settled} settled by a reader"
    );
    // A whole rekey clears what a killed one left.
    assert!(run(&pass, &other).wait().unwrap().success());
    assert!(!pending.exists());
    with(&sb, &other, &["get", "a"])
        .assert()
        .success()
        .stdout(TOKEN);
}

/// The two states a kill can leave with a pending key, made by hand so
/// that each is tested every time (the random kills reach the narrow
/// second one only now and then).
#[test]
fn a_pending_key_left_by_a_kill_is_settled_by_the_next_open() {
    let sb = Sandbox::new();
    let old_pass = key_vault(&sb);
    let new_pass = sb.passphrase_file(NEW);
    let key = key_file(&sb);
    let pending = sb.path("data/chopvault/vault.key.age.new");
    let old_key = fs::read(&key).unwrap();
    with(
        &sb,
        &old_pass,
        &["rekey", "--new-key", "--new-passphrase-file"],
    )
    .arg(&new_pass)
    .assert()
    .success();
    let new_key = fs::read(&key).unwrap();
    let put = |path: &Path, bytes: &[u8]| {
        fs::write(path, bytes).unwrap();
        fs::set_permissions(path, fs::Permissions::from_mode(0o600)).unwrap();
    };

    // Killed after the vault was written, before the key file's rename:
    // the vault opens only with the pending key.
    put(&key, &old_key);
    put(&pending, &new_key);
    with(&sb, &old_pass, &["get", "a"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("rekey --new-key was interrupted"));
    assert!(pending.exists(), "a wrong guess settles nothing");
    with(&sb, &new_pass, &["get", "a"])
        .assert()
        .success()
        .stdout(TOKEN)
        .stderr(predicate::str::contains("is finished"));
    assert!(!pending.exists());
    assert_eq!(fs::read(&key).unwrap(), new_key);
    with(&sb, &new_pass, &["get", "a"])
        .assert()
        .success()
        .stderr(predicate::str::contains("interrupted").not());

    // The same state, met by `unlock`: the agent gets the key that opens.
    put(&key, &old_key);
    put(&pending, &new_key);
    {
        let _guard = Locked(&sb);
        with(&sb, &new_pass, &["unlock", "--for", "5m"])
            .assert()
            .success();
        assert_eq!(fs::read(&key).unwrap(), new_key);
        sb.cmd().args(["get", "a"]).assert().success().stdout(TOKEN);
    }

    // Killed before the vault was written: the old key file still opens
    // it; the pending key (here one that opens nothing) is left to the
    // next rekey, which removes it under the writers' lock.
    let stray = Sandbox::new();
    key_vault(&stray);
    put(&pending, &fs::read(key_file(&stray)).unwrap());
    with(&sb, &new_pass, &["get", "a"])
        .assert()
        .success()
        .stdout(TOKEN);
    assert!(pending.exists());
    assert_eq!(fs::read(&key).unwrap(), new_key);
    with(
        &sb,
        &new_pass,
        &["rekey", "--new-key", "--new-passphrase-file"],
    )
    .arg(&old_pass)
    .assert()
    .success();
    assert!(!pending.exists());
    with(&sb, &old_pass, &["get", "a"])
        .assert()
        .success()
        .stdout(TOKEN);
}
