//! Team vaults kept in git, attacked by someone with push access: an old
//! copy put back (rollback), another vault's files put in place (swap), an
//! unsigned copy and a look-alike member offered for acceptance, a fresh
//! clone, and git itself (modes, files created beside the vault). Each
//! test reproduces a finding of issue 21 that the vaults signed without a
//! vault id or generation let through.

use crate::common;
use crate::signed::{FORGED, Person, refused_everywhere, sig, vault_in};

use std::fs;
use std::path::Path;
use std::process::Command;

use common::TOKEN;
use predicates::prelude::*;

const NEW: &str = "y0_NEWtokenAFTERrotationNEWtokenAFTERrotation";

/// The vault and its signature, as bytes (what a commit holds).
fn snapshot(vault: &Path) -> (Vec<u8>, Vec<u8>) {
    (fs::read(vault).unwrap(), fs::read(sig(vault)).unwrap())
}

fn restore(vault: &Path, files: &(Vec<u8>, Vec<u8>)) {
    fs::write(vault, &files.0).unwrap();
    fs::write(sig(vault), &files.1).unwrap();
}

fn get(p: &Person, vault: &Path) -> std::process::Output {
    p.on(vault, &["get", "yandex-disk"]).output().unwrap()
}

/// Whether `who`'s identity file decrypts the vault with the stock age CLI.
fn age_decrypts(who: &Person, vault: &Path) -> bool {
    Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&who.id)
        .arg(vault)
        .output()
        .unwrap()
        .status
        .success()
}

/// The attack of issue 21: mallory is removed and the token rotated; she
/// puts the commit back where she was a member. Every machine that saw the
/// removal refuses it, her own write on top of it is refused, and alice's
/// next write is never encrypted to her.
#[test]
fn a_rollback_to_before_a_removal_is_refused() {
    if !common::require("age") {
        return;
    }
    let alice = Person::new("alice");
    let bob = Person::new("bob");
    let mallory = Person::new("mallory");
    let vault = crate::signed::team_vault(&alice, &[&bob, &mallory]);
    for p in [&bob, &mallory] {
        assert!(get(p, &vault).status.success());
    }
    let old = snapshot(&vault);
    // Named as the team knows her (issue 24: it named the key alone).
    alice
        .on(&vault, &["recipients", "remove", "mallory", "--force"])
        .assert()
        .success()
        .stderr(predicate::str::contains("mallory (age1"));
    alice
        .on(&vault, &["set", "yandex-disk", "--stdin", "--force"])
        .write_stdin(NEW)
        .assert()
        .success();
    bob.on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(NEW)
        .stderr(predicate::str::contains("− mallory SHA256:"));
    let new = snapshot(&vault);

    // git checkout OLD -- team.age team.age.sig
    restore(&vault, &old);
    refused_everywhere(&bob, &vault, "rollback");
    refused_everywhere(&alice, &vault, "rollback");
    let out = get(&bob, &vault);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("generation 2") && stderr.contains("older than generation 4"));
    // alice's write starts from nothing older than she has seen: refused.
    alice
        .on(&vault, &["set", "yandex-disk", "--stdin", "--force"])
        .write_stdin("y0_ALICEwritesONtheOLDfileXXXXXXXXXXXX")
        .assert()
        .code(1);
    assert_eq!(snapshot(&vault), old, "nothing was written");
    // mallory writes on top of the old file (her machine never saw the
    // removal): bob and alice refuse it.
    mallory
        .on(&vault, &["set", "yandex-disk", "--stdin", "--force"])
        .write_stdin(FORGED)
        .assert()
        .success();
    refused_everywhere(&bob, &vault, "rollback");
    refused_everywhere(&alice, &vault, "rollback");

    // Back to the real history: alice's next write is not for mallory.
    restore(&vault, &new);
    alice
        .on(&vault, &["set", "yandex-disk", "--stdin", "--force"])
        .write_stdin(NEW)
        .assert()
        .success();
    assert!(age_decrypts(&bob, &vault));
    assert!(!age_decrypts(&mallory, &vault));
    bob.on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(NEW);
}

/// mallory, removed, writes a newer generation signed by her own key:
/// refused by a machine that saw her removal, naming when.
#[test]
fn a_removed_member_signing_a_newer_generation_is_refused() {
    let alice = Person::new("alice");
    let bob = Person::new("bob");
    let mallory = Person::new("mallory");
    let vault = crate::signed::team_vault(&alice, &[&bob, &mallory]);
    for p in [&bob, &mallory] {
        assert!(get(p, &vault).status.success());
    }
    let old = snapshot(&vault);
    alice
        .on(&vault, &["recipients", "remove", "mallory", "--force"])
        .assert()
        .success();
    assert!(get(&bob, &vault).status.success());
    // mallory's copy, written three times on her machine: generation 5,
    // above the 3 bob has seen.
    restore(&vault, &old);
    for _ in 0..3 {
        mallory
            .on(&vault, &["set", "yandex-disk", "--stdin", "--force"])
            .write_stdin(FORGED)
            .assert()
            .success();
    }
    refused_everywhere(&bob, &vault, "whose removal from the vault was seen here");
    // `members accept` names her as removed, and asks.
    bob.on(&vault, &["members", "accept"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("+ mallory SHA256:")
                .and(predicate::str::contains("removed, as seen here on"))
                .and(predicate::str::contains("--yes")),
        );
    refused_everywhere(&bob, &vault, "whose removal");
}

/// alice's staging vault (with a contractor) committed in place of prod:
/// same signer, another vault id.
#[test]
fn another_vault_put_in_place_is_refused() {
    let alice = Person::new("alice");
    let bob = Person::new("bob");
    let contractor = Person::new("contractor");
    let repo = alice.sb.path("repo");
    let prod = vault_in(&alice, &repo, "prod.age", &[&bob]);
    let staging = vault_in(&alice, &repo, "staging.age", &[&bob, &contractor]);
    assert!(get(&bob, &prod).status.success());
    assert!(get(&bob, &staging).status.success());
    fs::copy(&staging, &prod).unwrap();
    fs::copy(sig(&staging), sig(&prod)).unwrap();
    refused_everywhere(&bob, &prod, "is another vault");
    refused_everywhere(&alice, &prod, "is another vault");
}

/// The refusal of an unsigned copy used to send the user to `members
/// accept`, which re-pinned the vault as unsigned and so let every later
/// unsigned forgery through with a warning.
#[test]
fn members_accept_never_downgrades_to_unsigned() {
    let alice = Person::new("alice");
    let bob = Person::new("bob");
    let vault = crate::signed::team_vault(&alice, &[&bob]);
    assert!(get(&bob, &vault).status.success());
    let pinned = fs::read_dir(bob.sb.path("state/chopvault/members"))
        .unwrap()
        .map(|e| fs::read(e.unwrap().path()).unwrap())
        .collect::<Vec<_>>();
    // An unsigned vault, by someone who can read it (lineage copied).
    let recipients = vec![alice.recipient(), bob.recipient()];
    let lineage = crate::signed::next_lineage(&vault, &bob);
    crate::signed::encrypt_to(
        &vault,
        &recipients,
        &crate::signed::document(&recipients, &lineage, FORGED),
    );
    fs::remove_file(sig(&vault)).unwrap();
    refused_everywhere(&bob, &vault, "not signed");
    bob.on(&vault, &["members", "accept", "--yes"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("turn signature checks off"));
    let after = fs::read_dir(bob.sb.path("state/chopvault/members"))
        .unwrap()
        .map(|e| fs::read(e.unwrap().path()).unwrap())
        .collect::<Vec<_>>();
    assert_eq!(pinned, after, "the pins changed");
    refused_everywhere(&bob, &vault, "not signed");
}

/// Accepting a rollback is a decision: refused without --rollback, shown
/// with it; never without a terminal unless --yes.
#[test]
fn members_accept_asks_and_takes_a_rollback_only_when_told() {
    let alice = Person::new("alice");
    let bob = Person::new("bob");
    let vault = crate::signed::team_vault(&alice, &[&bob]);
    assert!(get(&bob, &vault).status.success());
    let old = snapshot(&vault);
    alice
        .on(&vault, &["set", "yandex-disk", "--stdin", "--force"])
        .write_stdin(NEW)
        .assert()
        .success();
    assert!(get(&bob, &vault).status.success());
    restore(&vault, &old);
    bob.on(&vault, &["members", "accept", "--yes"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--rollback"));
    bob.on(&vault, &["members", "accept", "--rollback"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("ROLLBACK")
                .and(predicate::str::contains("no terminal"))
                .and(predicate::str::contains("--yes")),
        );
    refused_everywhere(&bob, &vault, "rollback");
    bob.on(&vault, &["members", "accept", "--rollback", "--yes"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "ROLLBACK: this file is generation 2",
        ));
    bob.on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN);
}

/// A vault made by mallory with her own key and `--name alice` printed the
/// same first-use line as the real one. Fingerprints tell them apart; with
/// the team's allowed_signers trusted first, the look-alike is refused.
#[test]
fn a_look_alike_first_use_shows_fingerprints_and_is_refused_when_keys_are_trusted() {
    let alice = Person::new("alice");
    let mallory = Person::new("mallory");
    let carol = Person::new("carol");
    let dave = Person::new("dave");
    let real = vault_in(&alice, &alice.sb.path("real"), "team.age", &[&carol, &dave]);
    let fake = vault_in(
        &mallory,
        &mallory.sb.path("fake"),
        "team.age",
        &[&carol, &dave],
    );
    let alice_fp = fingerprint(&alice);
    let mallory_fp = fingerprint(&mallory);
    assert_ne!(alice_fp, mallory_fp);
    carol
        .on(&real, &["get", "yandex-disk"])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!("alice {alice_fp}")));
    carol
        .on(&fake, &["get", "yandex-disk"])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!("alice {mallory_fp}")));

    // Dave's machine trusts the team's keys before first use.
    let allowed = dave.sb.path("allowed_signers");
    fs::write(
        &allowed,
        format!(
            "# the team\nalice {}\ncarol namespaces=\"git,chopvault\" {} carol@laptop\ndave {}\n",
            alice.key(),
            carol.key(),
            dave.key()
        ),
    )
    .unwrap();
    dave.on(&real, &["members", "trust"])
        .arg(&allowed)
        .assert()
        .success()
        .stderr(predicate::str::contains(&alice_fp).and(predicate::str::contains("3 keys")));
    dave.on(&fake, &["get", "yandex-disk"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(&mallory_fp).and(predicate::str::contains("not among")));
    dave.on(&real, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN)
        .stderr(predicate::str::contains("match the trusted keys"));
    dave.on(&real, &["members", "show"])
        .assert()
        .success()
        .stdout(predicate::str::contains(&alice_fp).and(predicate::str::contains("generation")));
}

/// The fingerprint `ssh-keygen -l` prints for a person's member key.
fn fingerprint(p: &Person) -> String {
    let key = ssh_key::PublicKey::from_openssh(&p.key()).unwrap();
    key.fingerprint(ssh_key::HashAlg::Sha256).to_string()
}

/// Pins follow the vault id: a second clone of a vault this user pinned
/// is not a first use, and a rollback there is refused too.
#[test]
fn a_second_clone_is_the_same_vault() {
    let alice = Person::new("alice");
    let bob = Person::new("bob");
    let vault = crate::signed::team_vault(&alice, &[&bob]);
    let old = snapshot(&vault);
    alice
        .on(&vault, &["set", "yandex-disk", "--stdin", "--force"])
        .write_stdin(NEW)
        .assert()
        .success();
    bob.on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stderr(predicate::str::contains("first use"));
    let clone = bob.sb.path("ci-workspace/team.age");
    fs::create_dir_all(clone.parent().unwrap()).unwrap();
    restore(&clone, &snapshot(&vault));
    bob.on(&clone, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(NEW)
        .stderr(predicate::str::is_empty());
    restore(&clone, &old);
    refused_everywhere(&bob, &clone, "rollback");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A vault checked out by git is 0644 and was refused; a lock file was
/// made beside it and got committed. Now: clone, read, write, pull, write,
/// and `git status` shows only the vault and its signature.
#[test]
fn a_git_checkout_is_read_and_written_with_nothing_else_beside_it() {
    if !common::require("git") {
        return;
    }
    let alice = Person::new("alice");
    let bob = Person::new("bob");
    let vault = crate::signed::team_vault(&alice, &[&bob]);
    let repo = vault.parent().unwrap();
    git(repo, &["init", "-q"]);
    git(repo, &["add", "team.age", "team.age.sig"]);
    git(repo, &["commit", "-q", "-m", "team vault"]);
    let bob_repo = bob.sb.path("clone");
    git(
        Path::new("/"),
        &[
            "clone",
            "-q",
            repo.to_str().unwrap(),
            bob_repo.to_str().unwrap(),
        ],
    );
    let bob_vault = bob_repo.join("team.age");
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&bob_vault, fs::Permissions::from_mode(0o644)).unwrap();
    bob.on(&bob_vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN);
    bob.on(&bob_vault, &["set", "other", "--stdin"])
        .write_stdin("y0_BOBsOTHERtokenBOBsOTHERtoken")
        .assert()
        .success();
    assert_eq!(
        git(&bob_repo, &["status", "--porcelain"]),
        " M team.age\n M team.age.sig\n"
    );
    git(&bob_repo, &["commit", "-q", "-am", "bob: other"]);
    // alice pulls bob's write and writes on top of it.
    git(repo, &["pull", "-q", bob_repo.to_str().unwrap(), "HEAD"]);
    alice
        .on(&vault, &["get", "other"])
        .assert()
        .success()
        .stdout("y0_BOBsOTHERtokenBOBsOTHERtoken");
    alice
        .on(&vault, &["set", "yandex-disk", "--stdin", "--force"])
        .write_stdin(NEW)
        .assert()
        .success();
    assert_eq!(
        git(repo, &["status", "--porcelain"]),
        " M team.age\n M team.age.sig\n"
    );
}

/// Review of issue 21, finding 1: staging's files put in prod's place in
/// a fresh clone (a path never pinned) were judged by staging's own pin and
/// used silently; alice's next write went to the contractor. The vault's
/// name is inside the signed document now.
#[test]
fn another_vaults_files_in_a_fresh_clone_are_refused() {
    let alice = Person::new("alice");
    let bob = Person::new("bob");
    let contractor = Person::new("contractor");
    let repo = alice.sb.path("repo");
    let prod = vault_in(&alice, &repo, "prod.age", &[&bob]);
    let staging = vault_in(&alice, &repo, "staging.age", &[&bob, &contractor]);
    assert!(get(&bob, &prod).status.success());
    assert!(get(&bob, &staging).status.success());
    let clone = bob.sb.path("clone/prod.age");
    fs::create_dir_all(clone.parent().unwrap()).unwrap();
    fs::copy(&staging, &clone).unwrap();
    fs::copy(sig(&staging), sig(&clone)).unwrap();
    refused_everywhere(&bob, &clone, "holds the vault named staging, not prod");
    bob.on(&clone, &["set", "yandex-disk", "--stdin", "--force"])
        .write_stdin(NEW)
        .assert()
        .code(1);
    // A rename the team made on purpose is accepted once, and remembered.
    bob.on(&clone, &["members", "accept", "--yes"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "holds the vault named staging, not prod",
        ));
    bob.on(&clone, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN);
}

/// Finding 2: an unsigned vault from before signing was accepted on first
/// use although the machine trusted keys in advance, and the user's next
/// write went to whoever it listed.
#[test]
fn an_unsigned_first_use_is_refused_where_keys_are_trusted() {
    let alice = Person::new("alice");
    let bob = Person::new("bob");
    let mallory = Person::new("mallory");
    let allowed = bob.sb.path("allowed_signers");
    fs::write(
        &allowed,
        format!("alice {}\nbob {}\n", alice.key(), bob.key()),
    )
    .unwrap();
    let vault = bob.sb.path("repo2/team.age");
    fs::create_dir_all(vault.parent().unwrap()).unwrap();
    bob.on(&vault, &["members", "trust"])
        .arg(&allowed)
        .assert()
        .success();
    let recipients = vec![alice.recipient(), bob.recipient(), mallory.recipient()];
    let doc =
        crate::signed::document(&recipients, "", FORGED).replace("\"version\":3", "\"version\":1");
    crate::signed::encrypt_to(&vault, &recipients, &doc);
    refused_everywhere(&bob, &vault, "it is not signed");
}

/// Finding 3: a second checkout read through the vault id's pin got no
/// record for its path, so `members show` said nothing was pinned there.
#[test]
fn a_second_checkout_gets_its_own_record() {
    let alice = Person::new("alice");
    let bob = Person::new("bob");
    let vault = crate::signed::team_vault(&alice, &[&bob]);
    assert!(get(&bob, &vault).status.success());
    let second = bob.sb.path("checkout-b/team.age");
    fs::create_dir_all(second.parent().unwrap()).unwrap();
    restore(&second, &snapshot(&vault));
    assert!(get(&bob, &second).status.success());
    bob.on(&second, &["members", "show"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("alice SHA256:")
                .or(predicate::str::contains("alice  SHA256:")),
        );
}

/// Finding 4: a member about to be removed wrote generation u64::MAX; no
/// later write could go higher, and every machine ended in "two histories".
#[test]
fn a_generation_jump_that_would_freeze_the_vault_is_refused() {
    let alice = Person::new("alice");
    let mallory = Person::new("mallory");
    let bob = Person::new("bob");
    let vault = crate::signed::team_vault(&alice, &[&bob, &mallory]);
    assert!(get(&bob, &vault).status.success());
    let before = snapshot(&vault);
    // mallory's write, by hand: the document with the last generation.
    let recipients = vec![alice.recipient(), bob.recipient(), mallory.recipient()];
    let lineage = crate::signed::next_lineage(&vault, &mallory);
    let at_max = regex::Regex::new(r#""generation":\d+"#)
        .unwrap()
        .replace(&lineage, r#""generation":18446744073709551615"#)
        .into_owned();
    let members = format!(
        r#"{at_max},"vault_name":"team","members":[{{"recipient":"{}","key":"{}","name":"alice"}},{{"recipient":"{}","key":"{}","name":"mallory"}}]"#,
        alice.recipient(),
        alice.key(),
        mallory.recipient(),
        mallory.key()
    );
    crate::signed::encrypt_to(
        &vault,
        &recipients,
        &crate::signed::document(&recipients, &members, FORGED),
    );
    crate::signed::sign_as(&vault, &mallory);
    refused_everywhere(&bob, &vault, "implausibly far above");
    let out = get(&bob, &vault);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("18446744073709551615"),
        "the generation is shown as it is"
    );
    // The team goes back to the last good commit and writes on.
    restore(&vault, &before);
    alice
        .on(&vault, &["recipients", "remove", "mallory", "--force"])
        .assert()
        .success();
    bob.on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN);
}

/// Finding 5: a write killed between renaming the vault and its signature
/// was fine on the writer's machine (the pending signature in its state)
/// and broken for everyone who pulled. The writer's next command puts the
/// signature in place.
#[test]
fn a_pending_signature_is_put_in_place_by_the_next_command() {
    let alice = Person::new("alice");
    let bob = Person::new("bob");
    let vault = crate::signed::team_vault(&alice, &[&bob]);
    let old_sig = fs::read(sig(&vault)).unwrap();
    alice
        .on(&vault, &["set", "yandex-disk", "--stdin", "--force"])
        .write_stdin(NEW)
        .assert()
        .success();
    // As the kill left it: the new vault, the old .sig, the new one pending.
    let work = fs::read_dir(alice.sb.path("state/chopvault/work"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("team-")
        })
        .unwrap();
    fs::copy(sig(&vault), work.join("sig.next")).unwrap();
    fs::write(sig(&vault), &old_sig).unwrap();
    alice
        .on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(NEW)
        .stderr(predicate::str::contains("the .sig is now beside the vault"));
    assert!(!work.join("sig.next").exists());
    bob.on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(NEW);
}

/// Finding 8 (and issue 25): chopvault's state folder, or the pins' folder
/// in it, made writable by everyone was used as it was; whoever can write
/// it can swap a pin, or move the pins aside and make every vault a first
/// use.
#[test]
fn a_state_folder_others_can_write_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let alice = Person::new("alice");
    let vault = crate::signed::team_vault(&alice, &[]);
    let state = alice.sb.path("state/chopvault");
    fs::set_permissions(&state, fs::Permissions::from_mode(0o777)).unwrap();
    refused_everywhere(&alice, &vault, "chmod 700");
    fs::set_permissions(&state, fs::Permissions::from_mode(0o700)).unwrap();
    // The pins' own folder made 0777 (issue 25): another user could swap a pin.
    let pins = state.join("members");
    fs::set_permissions(&pins, fs::Permissions::from_mode(0o777)).unwrap();
    refused_everywhere(&alice, &vault, "chmod 700");
    fs::set_permissions(&pins, fs::Permissions::from_mode(0o700)).unwrap();
    alice
        .on(&vault, &["get", "yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN);
}
