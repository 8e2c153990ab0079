//! The keyring store against KeePassXC's Secret Service (headless, on a
//! private bus), beside the gnome-keyring tests: it names its provider,
//! leaves no probe item behind, and `doctor` says where KeePassXC keeps
//! removed and replaced values.

use crate::common;

use common::{KeePassXc, Sandbox, TOKEN};
use predicates::prelude::*;

fn sandbox(kp: &KeePassXc) -> Sandbox {
    let mut sb = Sandbox::new();
    sb.bus = Some(kp.address.clone());
    sb
}

#[test]
fn keepassxc_serves_the_keyring_store_and_is_named() {
    let Some(kp) = KeePassXc::start() else {
        return;
    };
    let sb = sandbox(&kp);
    sb.cmd()
        .arg("init")
        .assert()
        .success()
        .stderr(predicate::str::contains("store: keyring"));
    sb.set("yandex-disk", TOKEN).success();
    sb.cmd()
        .args(["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN);
    // Once the database file shows the value, it shows everything before
    // it: init's probe wrote nothing, not even into the Recycle Bin.
    // (KeePassXC keeps the value as an attachment; entries are found by
    // their attributes.)
    let dump = kp.dump_when(
        |d| d.contains("<Value>yandex-disk</Value>"),
        "the stored entry",
    );
    assert!(!dump.contains("chopvault-probe"), "{dump}");
    assert!(!dump.contains("<Name>Recycle Bin</Name>"), "{dump}");

    // doctor names KeePassXC and says where removed values go.
    sb.cmd().arg("doctor").assert().success().stdout(
        predicate::str::contains("(KeePassXC) answers and is unlocked")
            .and(predicate::str::contains("Recycle Bin"))
            .and(predicate::str::contains("history")),
    );
    // What doctor warns about is real: the removed token is still in the
    // database after rm.
    sb.cmd()
        .args(["rm", "yandex-disk", "--force"])
        .assert()
        .success();
    sb.cmd().args(["get", "yandex-disk"]).assert().code(3);
    let dump = kp.dump_when(
        |d| d.contains("<Name>Recycle Bin</Name>"),
        "a Recycle Bin after rm",
    );
    let bin = dump.find("<Name>Recycle Bin</Name>").unwrap();
    assert!(
        dump[bin..].contains("<Value>yandex-disk</Value>"),
        "KeePassXC kept no copy? {dump}"
    );

    // Locked: exit 4, and the hint says what to unlock.
    kp.lock();
    sb.cmd()
        .args(["set", "other", "--stdin"])
        .write_stdin("y0_other_value_for_a_locked_db")
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("KeePassXC is locked").and(predicate::str::contains(
                "hint: Unlock the database in KeePassXC",
            )),
        );
    // A new init is told it is locked, by name, and the time it waited is
    // the time it says.
    let other = sandbox(&kp);
    other
        .cmd()
        .args(["init", "--store", "keyring"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("KeePassXC is locked"));
}
