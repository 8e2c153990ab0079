//! sudo never takes a vault from its owner (issue 24): root running a
//! command on another user's vault, key file, index or state refuses
//! before it changes anything, naming the owner and `sudo -u`; the user
//! whose files root already took is told whose they are and the `chown`
//! that gives them back. With a real second uid (2003), through setpriv.

use crate::common::{self, Sandbox, TOKEN};

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The user's uid: no passwd entry, as on a machine where root acts on an
/// account it knows only by number.
const USER: u32 = 2003;

/// Root and setpriv are needed to be two users; skipped elsewhere, and
/// a failure under CI=true (tests run as root there).
fn two_users() -> bool {
    if rustix::process::geteuid().as_raw() != 0 {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("this test runs as root under CI=true (it acts as uid {USER} and as root)");
        }
        eprintln!("SKIPPED: needs root to act as uid {USER} and as root");
        return false;
    }
    common::require("setpriv")
}

/// Hands the whole sandbox to the user, as their home would be.
fn give_to_user(dir: &Path) {
    std::os::unix::fs::lchown(dir, Some(USER), Some(USER)).unwrap();
    if dir.is_dir() && !dir.is_symlink() {
        for e in fs::read_dir(dir).unwrap() {
            give_to_user(&e.unwrap().path());
        }
    }
}

/// Runs chopvault as the user (uid 2003) in the sandbox, stdin given.
fn as_user(sb: &Sandbox, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut cmd = Command::new("setpriv");
    cmd.args([
        &format!("--reuid={USER}"),
        &format!("--regid={USER}"),
        "--clear-groups",
        "env",
        "-i",
        "PATH=/usr/bin:/bin",
        "CHOPVAULT_LANG=en",
    ]);
    for (k, v) in sb.base_env() {
        cmd.arg(format!("{k}={}", v.to_string_lossy()));
    }
    cmd.arg(assert_cmd::cargo::cargo_bin!("chopvault"))
        .args(args)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

/// Every file and folder under the sandbox: owner, mode and bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u32, u32, Vec<u8>)> {
    let mut all = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(p) = todo.pop() {
        let meta = fs::symlink_metadata(&p).unwrap();
        let bytes = if meta.is_file() {
            fs::read(&p).unwrap()
        } else {
            Vec::new()
        };
        if meta.is_dir() {
            todo.extend(fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        }
        all.insert(p, (meta.uid(), meta.mode(), bytes));
    }
    all
}

/// A sandbox whose user (uid 2003) has made a passphrase vault holding
/// `yd`; returns it with the passphrase file.
fn users_vault() -> (Sandbox, PathBuf) {
    let sb = Sandbox::new();
    let pass = sb.passphrase_file("correct horse battery staple");
    give_to_user(sb.dir.path());
    let pass_arg = pass.to_str().unwrap();
    let init = as_user(
        &sb,
        &["init", "--store", "file", "--passphrase-file", pass_arg],
        "",
    );
    assert!(init.status.success(), "user's init: {init:?}");
    let set = as_user(
        &sb,
        &["set", "yd", "--stdin", "--passphrase-file", pass_arg],
        TOKEN,
    );
    assert!(set.status.success(), "user's set: {set:?}");
    assert_eq!(fs::metadata(sb.vault()).unwrap().uid(), USER);
    (sb, pass)
}

#[test]
fn root_refuses_to_write_or_read_a_users_vault_and_changes_nothing() {
    if !two_users() {
        return;
    }
    let (sb, pass) = users_vault();
    let before = snapshot(sb.dir.path());
    for args in [
        vec!["set", "yd2", "--stdin"],
        vec!["set", "yd", "--stdin", "--force"],
        vec!["get", "yd"],
        vec!["list"],
        vec!["rm", "yd", "--force"],
    ] {
        let out = sb
            .cmd()
            .env("CHOPVAULT_LANG", "en")
            .args(&args)
            .arg("--passphrase-file")
            .arg(&pass)
            .write_stdin("y0_AnotherTokenThatRootWantedToStoreHere1234567890")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("uid 2003"), "{args:?}: {stderr}");
        assert!(
            stderr.contains("sudo -u '#2003' chopvault"),
            "{args:?}: {stderr}"
        );
        assert!(!String::from_utf8_lossy(&out.stdout).contains(TOKEN));
        assert_eq!(snapshot(sb.dir.path()), before, "{args:?} changed files");
    }
    // With --vault pointing at it from root's own home: the same.
    let root_home = Sandbox::new();
    let out = root_home
        .cmd()
        .env("CHOPVAULT_LANG", "en")
        .args(["set", "yd2", "--stdin", "--vault"])
        .arg(sb.vault())
        .arg("--passphrase-file")
        .arg(&pass)
        .write_stdin("y0_AnotherTokenThatRootWantedToStoreHere1234567890")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&sb.vault().display().to_string()),
        "{stderr}"
    );
    assert!(stderr.contains("sudo -u '#2003'"), "{stderr}");
    assert_eq!(snapshot(sb.dir.path()), before);
    // The user still has their vault.
    let get = as_user(
        &sb,
        &["get", "yd", "--passphrase-file", pass.to_str().unwrap()],
        "",
    );
    assert!(get.status.success(), "{get:?}");
    assert_eq!(String::from_utf8_lossy(&get.stdout).trim(), TOKEN);
}

#[test]
fn doctor_names_root_and_the_chown_when_root_already_took_the_vault() {
    if !two_users() {
        return;
    }
    let (sb, pass) = users_vault();
    // What an older chopvault run by sudo left: root's files.
    let sig_or_vault: Vec<PathBuf> = [sb.vault(), sb.path("data/chopvault/vault.key.age")]
        .into_iter()
        .filter(|p| p.exists())
        .collect();
    for p in &sig_or_vault {
        std::os::unix::fs::chown(p, Some(0), Some(0)).unwrap();
    }
    let pass_arg = pass.to_str().unwrap();
    let get = as_user(&sb, &["get", "yd", "--passphrase-file", pass_arg], "");
    let stderr = String::from_utf8_lossy(&get.stderr);
    assert!(!get.status.success());
    assert!(stderr.contains("belongs to root"), "{stderr}");
    assert!(stderr.contains("sudo chown 2003:"), "{stderr}");
    assert!(!stderr.contains("Run chopvault doctor"), "{stderr}");

    let doctor = as_user(&sb, &["doctor"], "");
    let out = String::from_utf8_lossy(&doctor.stdout).to_string()
        + &String::from_utf8_lossy(&doctor.stderr);
    assert!(!doctor.status.success(), "{out}");
    let line = out
        .lines()
        .find(|l| l.contains("sudo chown 2003:"))
        .unwrap_or_else(|| panic!("no chown in:\n{out}"));
    for p in &sig_or_vault {
        assert!(
            line.contains(&p.display().to_string()),
            "{p:?} not in {line}"
        );
    }
    assert!(out.contains("root (uid 0)"), "{out}");
}

#[test]
fn another_users_vault_behind_a_closed_folder_is_a_permission_problem_not_a_missing_vault() {
    if !two_users() {
        return;
    }
    let (sb, _) = users_vault();
    // Root's own folder, closed to others, holding a vault.
    let closed = tempfile::tempdir().unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(closed.path(), fs::Permissions::from_mode(0o700)).unwrap();
    fs::copy(sb.vault(), closed.path().join("vault.age")).unwrap();
    let vault = closed.path().join("vault.age");
    let out = as_user(&sb, &["--vault", vault.to_str().unwrap(), "list"], "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{out:?}");
    assert!(!stderr.contains("does not exist"), "{stderr}");
    assert!(!stderr.contains("chopvault init"), "{stderr}");
    assert!(stderr.contains("ermission denied"), "{stderr}");
    assert!(stderr.contains("root (uid 0)"), "{stderr}");

    // Their own vault, mode 000: the hint is the mode, not "run doctor"
    // (doctor's fix for it would be that same line).
    fs::set_permissions(sb.vault(), fs::Permissions::from_mode(0o000)).unwrap();
    let out = as_user(&sb, &["get", "yd"], "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("ls -ld"), "{stderr}");
    assert!(!stderr.contains("chopvault doctor"), "{stderr}");
}

#[test]
fn sudo_without_a_store_is_told_roots_settings_are_its_own() {
    // No second user needed: root with root's own (empty) home, as sudo
    // gives it, and SUDO_USER as sudo sets it.
    if rustix::process::geteuid().as_raw() != 0 {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("this test runs as root under CI=true");
        }
        eprintln!("SKIPPED: needs root");
        return;
    }
    let sb = Sandbox::new();
    for lang in ["en", "ru"] {
        let out = sb
            .cmd()
            .env("CHOPVAULT_LANG", lang)
            .env("SUDO_USER", "alice")
            .arg("list")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(4), "{stderr}");
        assert!(
            stderr.contains(
                &sb.path("config/chopvault/config.toml")
                    .display()
                    .to_string()
            ),
            "{stderr}"
        );
        assert!(stderr.contains("sudo -u alice chopvault"), "{stderr}");
        assert!(stderr.contains("alice"), "{stderr}");
    }
    assert!(!sb.path("config/chopvault").exists());
}
