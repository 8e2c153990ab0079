//! A vault made anew at a path where another was: it starts with nothing
//! of the old one — not its index (the old entries listed), not its pins
//! (the new vault taken for a swap), not an agent still unlocked for the
//! old key (every command failed with exit 5 instead of asking).

use crate::common::Sandbox;

use std::fs;

use predicates::prelude::*;

#[test]
fn a_vault_created_again_at_a_path_forgets_the_old_one() {
    let sb = Sandbox::new();
    let pass = sb.init_passphrase();
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["set", "old-site", "--stdin"])
        .write_stdin("y0_OLDsiteOLDsiteOLDsiteOLDsite")
        .assert()
        .success();
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["unlock", "--for", "5m"])
        .assert()
        .success();
    // The user deletes the vault and its key and starts again.
    fs::remove_file(sb.vault()).unwrap();
    fs::remove_file(sb.path("data/chopvault/vault.key.age")).unwrap();
    fs::remove_file(sb.path("config/chopvault/config.toml")).unwrap();
    let pass2 = sb.passphrase_file("another horse battery staple xx");
    sb.cmd()
        .args(["init", "--store", "file", "--passphrase-file"])
        .arg(&pass2)
        .assert()
        .success();
    sb.cmd()
        .args(["list", "--names"])
        .assert()
        .success()
        .stdout(predicate::str::contains("old-site").not());
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass2)
        .args(["set", "new-site", "--stdin"])
        .write_stdin("y0_NEWsiteNEWsiteNEWsiteNEWsite")
        .assert()
        .success()
        .stderr(predicate::str::contains("made anew"));
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass2)
        .args(["get", "new-site"])
        .assert()
        .success()
        .stdout("y0_NEWsiteNEWsiteNEWsiteNEWsite");
    sb.cmd().args(["lock"]).assert().success();
}
