//! Issue 24, "say what happened": the paths where chopvault did one thing
//! and said another, that a case file under `tests/cmd/` cannot set up
//! (another user's rights, a terminal, a clone of a team vault).

use crate::common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use common::{Sandbox, TOKEN};

/// Runs chopvault as this user without the capabilities that let root
/// ignore file modes (a folder root may not write to), or as is for
/// anyone else. None when the test cannot run here.
fn without_override(sb: &Sandbox) -> Option<Command> {
    let root = rustix::process::geteuid().is_root();
    if root && !common::require("setpriv") {
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin!("chopvault");
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args(["--bounding-set=-dac_override,-dac_read_search"])
            .arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let path = std::env::var("PATH").unwrap_or_default();
    sb.env_into(&mut cmd, &path);
    Some(cmd)
}

/// The trial's import: a token.txt the user can read but not delete (its
/// folder is not theirs to write). The entry was saved, then the wipe
/// failed with "run chopvault doctor", and the import had already said
/// "wiped" before "stored" on the good path.
#[test]
fn an_import_that_cannot_wipe_says_the_token_is_stored() {
    let sb = Sandbox::new();
    sb.init_identity();
    let folder = sb.path("deploy");
    fs::create_dir_all(&folder).unwrap();
    let file = folder.join("token.txt");
    fs::write(&file, TOKEN).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o500)).unwrap();
    let Some(mut cmd) = without_override(&sb) else {
        return;
    };
    let out = cmd
        .args(["set", "yd", "--from-file"])
        .arg(&file)
        .output()
        .unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o700)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let stored = stderr.find("stored 'yd'").expect(&stderr);
    let error = stderr
        .find(&format!(
            "error: the token is stored in 'yd', but {} could not be wiped: Permission denied",
            file.display()
        ))
        .expect(&stderr);
    assert!(stored < error, "{stderr}");
    assert!(!stderr.contains("doctor"), "{stderr}");
    assert!(
        stderr.contains(&format!("shred -u {}", file.display())),
        "{stderr}"
    );
    assert!(file.exists());
    // The entry is there.
    let got = sb.cmd().args(["get", "yd"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&got.stdout).trim(), TOKEN);
}

/// The trial's team vault, freshly cloned: `list` said the vault "changed
/// since its index was written (git pull?)" and "no entries", though this
/// machine never had an index of it. Told apart now, in both languages.
#[test]
fn a_vault_with_no_index_here_is_not_said_to_have_changed() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("a", "y0_a").success();
    // As on a machine that has the vault and the key but never wrote it.
    fs::remove_dir_all(sb.path("data/chopvault/indexes")).unwrap();
    for (lang, said) in [
        ("en", "there is no index of the vault"),
        ("ru", "на этой машине ещё нет индекса хранилища"),
    ] {
        let out = sb
            .cmd()
            .arg("list")
            .env("CHOPVAULT_LANG", lang)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(stderr.contains(said), "{lang}: {stderr}");
        assert!(stderr.contains("chopvault reindex"), "{lang}: {stderr}");
        assert!(!stderr.contains("changed since"), "{lang}: {stderr}");
        assert!(!stderr.contains("git pull"), "{lang}: {stderr}");
        assert!(!stderr.contains("no entries"), "{lang}: {stderr}");
        assert!(!stderr.contains("нет записей"), "{lang}: {stderr}");
    }
}

/// The removed member's own error said only that their identity "is not
/// one it is encrypted to". Their machine's pin still lists them as a
/// member: the error says they were most likely removed.
#[test]
fn a_removed_member_is_told_they_were_removed() {
    use crate::signed::{Person, team_vault};
    let alice = Person::new("alice");
    let mallory = Person::new("mallory");
    let vault = team_vault(&alice, &[&mallory]);
    // mallory's machine has seen the vault with her in it.
    mallory
        .on(&vault, &["get", "yandex-disk"])
        .assert()
        .success();
    alice
        .on(&vault, &["recipients", "remove", "mallory", "--force"])
        .assert()
        .success();
    let out = mallory
        .on(&vault, &["get", "yandex-disk"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("you have most likely been removed"),
        "{stderr}"
    );
    assert!(stderr.contains("chopvault whoami"), "{stderr}");
    // Someone who never was a member gets the plain answer.
    let eve = Person::new("eve");
    let out = eve.on(&vault, &["get", "yandex-disk"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("removed"), "{stderr}");
}
