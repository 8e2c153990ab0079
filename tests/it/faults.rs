//! Fault injection: writers and exports killed at random moments, a full
//! disk, many concurrent writers. Bounded in time; runs in CI.

use crate::common::{self, Rng};

use std::fs;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Sandbox;
use predicates::prelude::*;

fn spawn_with_stdin(sb: &Sandbox, args: &[&str], stdin: &str) -> Child {
    let mut child = sb
        .std_cmd()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap();
    use std::io::Write;
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child
}

/// SIGKILLs the child's whole process group (it and anything it started).
fn kill_group(child: &mut Child) {
    let group = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
    let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
    let _ = child.wait();
}

/// Stores the known old value under `target`, with a ClientID (for rotate).
fn set_old_target(sb: &Sandbox) {
    sb.cmd()
        .args([
            "set",
            "target",
            "--stdin",
            "--force",
            "--client-id",
            "0123456789abcdef0123456789abcdef",
        ])
        .write_stdin("y0_old")
        .assert()
        .success();
}

fn leftovers(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect()
}

fn get(sb: &Sandbox, name: &str) -> Result<String, i32> {
    let out = sb.cmd().args(["get", name]).output().unwrap();
    if out.status.success() {
        Ok(String::from_utf8(out.stdout).unwrap())
    } else {
        Err(out.status.code().unwrap_or(-1))
    }
}

/// Times one run of `args` to spread kills across it.
fn duration_of(sb: &Sandbox, args: &[&str], stdin: &str) -> u64 {
    let start = Instant::now();
    let mut c = spawn_with_stdin(sb, args, stdin);
    assert!(c.wait().unwrap().success());
    start.elapsed().as_micros() as u64 + 1
}

#[test]
fn writers_killed_at_random_moments_leave_old_or_new() {
    let mut server = mockito::Server::new();
    let mut sb = Sandbox::new();
    sb.env = vec![
        ("CHOPVAULT_YANDEX_OAUTH_URL".into(), server.url()),
        ("CHOPVAULT_YANDEX_API_URL".into(), server.url()),
    ];
    server
        .mock("GET", "/v1/disk")
        .with_status(200)
        .with_body(r#"{"total_space":1,"used_space":0,"user":{"login":"example-login"}}"#)
        .create();
    sb.init_identity();
    for i in 0..30 {
        sb.set(&format!("bulk-{i}"), &format!("y0_{}", "b".repeat(2000)))
            .success();
    }
    set_old_target(&sb);
    let mut rng = Rng(0x5eed_1234);
    let set_time = duration_of(&sb, &["set", "target", "--stdin", "--force"], "y0_old");
    let mut kills = 0;
    let mut finished = 0;
    let check = |sb: &Sandbox, op: &str, round: u32, allowed: &[Result<&str, i32>]| {
        let got = get(sb, "target");
        let ok = allowed.iter().any(|a| match (a, &got) {
            (Ok(v), Ok(g)) => v == g,
            (Err(c), Err(g)) => c == g,
            _ => false,
        });
        assert!(ok, "{op} round {round}: got {got:?}");
        // The vault still opens for everything else too.
        assert_eq!(get(sb, "bulk-7").unwrap().len(), 2003, "{op} round {round}");
    };
    for round in 0..100u32 {
        let mut c = spawn_with_stdin(&sb, &["set", "target", "--stdin", "--force"], "y0_new");
        std::thread::sleep(Duration::from_micros(rng.below(set_time * 6 / 5)));
        kill_group(&mut c);
        kills += 1;
        if get(&sb, "target") == Ok("y0_new".into()) {
            finished += 1;
        }
        check(&sb, "set", round, &[Ok("y0_old"), Ok("y0_new")]);
        sb.set("target", "y0_old").success();
    }
    for round in 0..50u32 {
        let mut c = spawn_with_stdin(&sb, &["rm", "target", "--force"], "");
        std::thread::sleep(Duration::from_micros(rng.below(set_time * 6 / 5)));
        kill_group(&mut c);
        kills += 1;
        check(&sb, "rm", round, &[Ok("y0_old"), Err(3)]);
        set_old_target(&sb);
    }
    let rotate_time = duration_of(&sb, &["rotate", "target", "--stdin"], "y0_old\n");
    for round in 0..50u32 {
        let mut c = spawn_with_stdin(&sb, &["rotate", "target", "--stdin"], "y0_rotated\n");
        std::thread::sleep(Duration::from_micros(rng.below(rotate_time * 6 / 5)));
        kill_group(&mut c);
        kills += 1;
        check(&sb, "rotate", round, &[Ok("y0_old"), Ok("y0_rotated")]);
        sb.set("target", "y0_old").success();
    }
    eprintln!("{kills} writers killed; {finished}/100 sets had finished first");
    assert!(finished < 100, "no kill landed mid-write");
    let vault_dir = sb.vault().parent().unwrap().to_path_buf();
    assert!(
        leftovers(&vault_dir, ".chopvault-tmp-").is_empty(),
        "temp files piled up"
    );
}

#[test]
fn exports_killed_at_random_moments_leave_no_token_file() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("yd", "y0_EXPORTxToken1234567890").success();
    let deploy = sb.path("CHOP_DEPLOY");
    fs::create_dir(&deploy).unwrap();
    let args = [
        "export",
        "yd",
        "--dir",
        deploy.to_str().unwrap(),
        "--",
        "sh",
        "-c",
        "sleep 0.01",
    ];
    let full = duration_of(&sb, &args, "");
    let mut rng = Rng(0xdead_beef);
    let mut seen_file = 0;
    for round in 0..200u32 {
        let mut c = spawn_with_stdin(&sb, &args, "");
        std::thread::sleep(Duration::from_micros(rng.below(full * 6 / 5)));
        // Killed together, as a power cut or an OOM kill of the group would.
        kill_group(&mut c);
        if deploy.join("token.txt").exists() || !leftovers(&deploy, ".token.txt").is_empty() {
            seen_file += 1;
        }
        // The next command, whatever it is, sweeps.
        sb.cmd().arg("list").assert().success();
        assert!(
            !deploy.join("token.txt").exists(),
            "round {round}: token.txt left"
        );
        assert!(
            leftovers(&deploy, ".token.txt").is_empty(),
            "round {round}: temp file left"
        );
    }
    eprintln!("200 exports killed; {seen_file} left a file that the next command wiped");
    assert!(seen_file > 0, "no kill landed while the file existed");
    let journal = sb.path("state/chopvault/exports");
    assert_eq!(
        fs::read_dir(&journal)
            .map(std::iter::Iterator::count)
            .unwrap_or(0),
        0,
        "journal records left"
    );
}

/// A tmpfs of a few pages, unmounted (by path) when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(kib: u32) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("mounting a tmpfs is required under CI=true (run as root)");
            }
            eprintln!("SKIPPED: cannot mount a tmpfs here (needs root)");
            return None;
        }
        Some(SmallDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the disk completely.
    fn fill(&self) {
        let _ = Command::new("dd")
            .args(["if=/dev/zero", "bs=4k"])
            .arg(format!("of={}", self.path().join("filler").display()))
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_gives_a_clear_error_and_loses_nothing() {
    let Some(disk) = SmallDisk::mount(256) else {
        return;
    };
    let mut sb = Sandbox::new();
    let data = disk.path().join("data");
    sb.env
        .push(("XDG_DATA_HOME".into(), data.display().to_string()));
    sb.env.push((
        "CHOPVAULT_VAULT".into(),
        data.join("chopvault/vault.age").display().to_string(),
    ));
    let id = sb.path("id.txt");
    sb.cmd()
        .args([
            "init",
            "--store",
            "file",
            "--generate-identity",
            "--identity",
        ])
        .arg(&id)
        .assert()
        .success();
    sb.cmd()
        .arg("--identity")
        .arg(&id)
        .args(["set", "yd", "--stdin"])
        .write_stdin("y0_before_full")
        .assert()
        .success();
    let vault = data.join("chopvault/vault.age");
    let before = fs::read(&vault).unwrap();
    disk.fill();
    sb.cmd()
        .arg("--identity")
        .arg(&id)
        .args(["set", "big", "--stdin"])
        .write_stdin(format!("y0_{}", "x".repeat(12_000)))
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("No space left")
                .and(predicate::str::contains("Free some space")),
        );
    assert_eq!(fs::read(&vault).unwrap(), before, "vault changed");
    sb.cmd()
        .arg("--identity")
        .arg(&id)
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout("y0_before_full");
    assert!(leftovers(&data.join("chopvault"), ".chopvault-tmp-").is_empty());

    // An export into the full disk: a clear error and no partial token.txt.
    let deploy = disk.path().join("deploy");
    fs::remove_file(disk.path().join("filler")).unwrap();
    fs::create_dir(&deploy).unwrap();
    disk.fill();
    sb.cmd()
        .arg("--identity")
        .arg(&id)
        .args(["export", "yd", "--dir"])
        .arg(&deploy)
        .args(["--", "true"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("No space left"));
    assert_eq!(
        fs::read_dir(&deploy).unwrap().count(),
        0,
        "something was left in the deploy folder"
    );
    fs::remove_file(disk.path().join("filler")).unwrap();
    sb.cmd()
        .arg("--identity")
        .arg(&id)
        .args(["export", "yd", "--dir"])
        .arg(&deploy)
        .args(["--", "true"])
        .assert()
        .success();
}

fn thirty_two_writers(sb: &Sandbox) {
    let children: Vec<_> = (0..32)
        .map(|i| {
            spawn_with_stdin(
                sb,
                &["set", &format!("w-{i}"), "--stdin"],
                &format!("y0_writer_{i}"),
            )
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let list = sb.json(&["list", "--json"]);
    assert_eq!(
        list["entries"].as_array().unwrap().len(),
        32,
        "a concurrent update was lost"
    );
    for i in 0..32 {
        assert_eq!(
            get(sb, &format!("w-{i}")).unwrap(),
            format!("y0_writer_{i}")
        );
    }
}

#[test]
fn thirty_two_concurrent_writers_on_the_file_store() {
    let sb = Sandbox::new();
    sb.init_identity();
    thirty_two_writers(&sb);
}

#[test]
fn thirty_two_concurrent_writers_on_the_keyring_store() {
    let Some((sb, _ss)) = common::keyring_store() else {
        return;
    };
    thirty_two_writers(&sb);
}

/// The generation of the vault (decrypted with `id`) and the one pinned
/// for it on this machine.
fn generations(sb: &Sandbox, id: &Path) -> (u64, u64) {
    use std::io::Read;
    use std::str::FromStr;
    let text = fs::read_to_string(id).unwrap();
    let key = text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap();
    let identity = age::x25519::Identity::from_str(key).unwrap();
    let armored = fs::read(sb.vault()).unwrap();
    let decryptor = age::Decryptor::new(age::armor::ArmoredReader::new(&armored[..])).unwrap();
    let mut plain = String::new();
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .unwrap()
        .read_to_string(&mut plain)
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&plain).unwrap();
    let vault_id = doc["vault_id"].as_str().unwrap().to_owned();
    let pin = sb.path(&format!("state/chopvault/members/vault-{vault_id}.json"));
    let pin: serde_json::Value = serde_json::from_slice(&fs::read(pin).unwrap()).unwrap();
    (
        doc["generation"].as_u64().unwrap(),
        pin["generation"].as_u64().unwrap(),
    )
}

/// A signed vault's generation and this machine's pin of it never go
/// backwards, whenever a write is killed; and a write killed anywhere is
/// never taken for a rollback or a fork by the next command.
#[test]
fn writes_killed_at_random_moments_never_move_generation_or_pin_back() {
    let sb = Sandbox::new();
    let id = sb.init_identity();
    for i in 0..10 {
        sb.set(&format!("bulk-{i}"), &format!("y0_{}", "g".repeat(500)))
            .success();
    }
    let set_time = duration_of(&sb, &["set", "target", "--stdin", "--force"], "y0_old");
    let mut rng = Rng(0x9e4e_7a71);
    let (mut vault_gen, mut pin_gen) = generations(&sb, &id);
    let mut landed = 0;
    for round in 0..60u32 {
        let value = format!("y0_round{round}");
        let mut c = spawn_with_stdin(&sb, &["set", "target", "--stdin", "--force"], &value);
        // A write happens at the end of the run: aim most kills there.
        let at = set_time * 3 / 4 + rng.below(set_time / 3);
        std::thread::sleep(Duration::from_micros(at));
        kill_group(&mut c);
        // The next command reads it as the same vault, old or new.
        let got = get(&sb, "target");
        assert!(
            got.as_deref()
                .is_ok_and(|v| v == value || v.starts_with("y0_round") || v == "y0_old"),
            "round {round}: {got:?}"
        );
        if got.as_deref() == Ok(value.as_str()) {
            landed += 1;
        }
        let (v, p) = generations(&sb, &id);
        assert!(
            v >= vault_gen,
            "round {round}: vault generation {v} < {vault_gen}"
        );
        assert!(
            p >= pin_gen,
            "round {round}: pinned generation {p} < {pin_gen}"
        );
        assert!(p <= v, "round {round}: pinned {p} above the vault's {v}");
        vault_gen = v;
        // A write after the kill starts above everything seen.
        sb.set("target", "y0_old").success();
        let (v, p) = generations(&sb, &id);
        assert!(
            v > vault_gen && p == v,
            "round {round}: {v} {p} after {vault_gen}"
        );
        (vault_gen, pin_gen) = (v, p);
    }
    eprintln!("60 writers killed; {landed} had written before the kill");
    assert!(landed < 60, "no kill landed mid-write");
    assert!(
        leftovers(sb.vault().parent().unwrap(), ".chopvault-tmp-").is_empty(),
        "temporary files beside the vault"
    );
}

/// Readers racing writers on a signed vault: a reader that opened the file
/// just before a write replaced it, and judged it just after the write
/// raised the pin, saw an older generation than pinned. It must read again,
/// never call it a rollback.
#[test]
fn readers_racing_writers_never_see_a_rollback() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("target", "y0_first").success();
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for w in 0..3 {
            let (sb, failures) = (&sb, &failures);
            s.spawn(move || {
                for i in 0..12 {
                    let out = sb
                        .cmd()
                        .args(["set", "target", "--stdin", "--force"])
                        .write_stdin(format!("y0_w{w}i{i}"))
                        .output()
                        .unwrap();
                    if !out.status.success() {
                        failures
                            .lock()
                            .unwrap()
                            .push(String::from_utf8_lossy(&out.stderr).into_owned());
                    }
                }
            });
        }
        for _ in 0..3 {
            let (sb, failures) = (&sb, &failures);
            s.spawn(move || {
                for _ in 0..40 {
                    let out = sb.cmd().args(["get", "target"]).output().unwrap();
                    if !out.status.success() {
                        failures
                            .lock()
                            .unwrap()
                            .push(String::from_utf8_lossy(&out.stderr).into_owned());
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} failed: {:?}",
        failures.len(),
        failures.first()
    );
}
