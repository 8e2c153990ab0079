//! Unlock once per session: a passphrase-protected key beside the vault
//! (`vault.key.age`) and the agent that holds it. Before, every command of
//! a first install asked for the passphrase and ran scrypt (~1 GiB) again.

use crate::common;

use std::fs;
use std::io::{Read, Write};

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Sandbox, TOKEN, mode};
use predicates::prelude::*;

const PASS: &str = "orbit velvet candle harbor";

/// A key-file vault made by `init` with a passphrase file, holding TOKEN.
fn key_vault() -> (Sandbox, PathBuf) {
    let sb = Sandbox::new();
    let pass = sb.passphrase_file(PASS);
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["init", "--store", "file"])
        .assert()
        .success();
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["set", "yd", "--stdin"])
        .write_stdin(TOKEN)
        .assert()
        .success();
    (sb, pass)
}

/// `chopvault unlock ARGS…` with the passphrase file; must succeed.
fn unlock(sb: &Sandbox, pass: &Path, args: &[&str]) {
    sb.cmd()
        .arg("--passphrase-file")
        .arg(pass)
        .args(args)
        .assert()
        .success();
}

/// Ends the sandbox's agent when the test ends, whatever happens.
struct Locked<'a>(&'a Sandbox);

impl Drop for Locked<'_> {
    fn drop(&mut self) {
        let _ = self.0.cmd().arg("lock").output();
    }
}

fn agent_pid(sb: &Sandbox) -> u32 {
    // The agent is the `agent-serve` process whose environment names this
    // sandbox's socket folder.
    let run = sb.path("run").display().to_string();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let cmd = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        let env = fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
        if String::from_utf8_lossy(&cmd).contains("agent-serve")
            && String::from_utf8_lossy(&env).contains(&run)
        {
            return pid;
        }
    }
    panic!("no agent process found for this sandbox");
}

#[test]
fn init_makes_a_key_file_that_stock_age_opens() {
    let (sb, _) = key_vault();
    let key = sb.path("data/chopvault/vault.key.age");
    assert_eq!(mode(&key), 0o600);
    assert!(sb.path("data/chopvault/vault.age.sig").exists(), "signed");
    if !common::require("script") || !common::require("age") {
        return;
    }
    // age asks for the key file's passphrase on the terminal.
    let mut child = Command::new("script")
        .args([
            "-qec",
            &format!("age -d -i {} {}", key.display(), sb.vault().display()),
            "/dev/null",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let screen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let s2 = screen.clone();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = out.read(&mut buf) {
            if n == 0 {
                break;
            }
            s2.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let start = Instant::now();
    while !screen.lock().unwrap().to_lowercase().contains("passphrase") {
        assert!(start.elapsed() < Duration::from_secs(20), "age never asked");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(format!("{PASS}\n").as_bytes()).unwrap();
    stdin.flush().unwrap();
    let status = child.wait().unwrap();
    drop(stdin);
    reader.join().unwrap();
    let screen = screen.lock().unwrap().clone();
    assert!(status.success(), "{screen}");
    assert!(screen.contains(TOKEN), "{screen}");
    assert!(screen.contains("chopvault-vault"), "{screen}");
}

#[test]
fn one_unlock_serves_every_later_command_until_lock() {
    let (sb, pass) = key_vault();
    let _guard = Locked(&sb);
    // No terminal and no passphrase file: nothing can be asked.
    sb.cmd().args(["get", "yd"]).assert().code(4);
    sb.json(&["status", "--json"]);
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["unlock", "--for", "5m"])
        .assert()
        .success()
        .stderr(predicate::str::contains("unlocked until"));
    // Separate processes, none given the passphrase.
    for _ in 0..3 {
        sb.cmd()
            .args(["get", "yd"])
            .assert()
            .success()
            .stdout(TOKEN);
    }
    // Writes are signed by the agent too.
    sb.cmd()
        .args(["set", "other", "--stdin"])
        .write_stdin("y0_OTHERotherOTHERotherOTHER")
        .assert()
        .success();
    sb.cmd()
        .args(["get", "other"])
        .assert()
        .success()
        .stdout("y0_OTHERotherOTHERotherOTHER");
    sb.cmd()
        .arg("status")
        .assert()
        .stdout(predicate::str::contains("agent:   unlocked until"));
    // Issue 24: off a terminal, doctor said "could not try to open the
    // vault: it needs its passphrase" beside "the agent holds the key".
    sb.cmd()
        .arg("doctor")
        .assert()
        .stdout(predicate::str::contains("the agent holds the key until"))
        .stdout(predicate::str::contains("the vault opens"))
        .stdout(predicate::str::contains("could not try to open").not());

    // Modes, and no secret where another process could read it.
    let dir = sb.path("run/chopvault");
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("agent.sock")), 0o600);
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["agent.sock"]);
    let pid = agent_pid(&sb);
    let identity = {
        // The identity is in the key file only encrypted; its recipient
        // is public: the secret half must appear nowhere.
        "AGE-SECRET-KEY-"
    };
    for what in ["cmdline", "environ"] {
        let bytes = fs::read(format!("/proc/{pid}/{what}")).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(PASS) && !text.contains(identity),
            "{what}: {text}"
        );
    }
    assert_eq!(
        fs::read_link(format!("/proc/{pid}/cwd")).unwrap(),
        Path::new("/"),
        "the agent keeps no folder busy"
    );
    for fd in fs::read_dir(format!("/proc/{pid}/fd")).unwrap().flatten() {
        let target = fs::read_link(fd.path()).unwrap_or_default();
        assert!(
            !target.starts_with(sb.path("data")),
            "the agent holds {} open",
            target.display()
        );
    }
    for file in sb.all_files() {
        let text = String::from_utf8_lossy(&file.1);
        assert!(!text.contains(identity), "{}", file.0.display());
    }

    sb.cmd()
        .arg("lock")
        .assert()
        .success()
        .stderr(predicate::str::contains("locked"));
    assert!(!dir.join("agent.sock").exists());
    sb.cmd().args(["get", "yd"]).assert().code(4);
    sb.cmd()
        .arg("lock")
        .assert()
        .success()
        .stderr(predicate::str::contains("no agent was running"));
}

#[test]
fn a_timed_out_or_killed_agent_falls_back_to_the_passphrase() {
    let (sb, pass) = key_vault();
    let _guard = Locked(&sb);
    unlock(&sb, &pass, &["unlock", "--for", "2s"]);
    sb.cmd().args(["get", "yd"]).assert().success();
    std::thread::sleep(Duration::from_millis(2600));
    sb.cmd().args(["get", "yd"]).assert().code(4);
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);

    // Killed outright: its socket is left behind.
    unlock(&sb, &pass, &["unlock", "--idle", "1m"]);
    let pid = agent_pid(&sb);
    Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN)
        .stderr(predicate::str::contains("not running any more"));
    // And a new unlock replaces the dead socket.
    unlock(&sb, &pass, &["unlock"]);
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
}

#[test]
fn another_user_is_refused_by_the_agent() {
    if rustix::process::getuid().as_raw() != 0 {
        eprintln!("skipped: needs root to run a client as another user (runuser)");
        return;
    }
    if !common::require("runuser") {
        return;
    }
    let (mut sb, pass) = key_vault();
    // A socket another user can reach (as a misconfigured folder would
    // allow): the agent itself must refuse them.
    let shared = tempfile::Builder::new()
        .prefix("cv-agent-")
        .tempdir_in("/tmp")
        .unwrap();
    fs::set_permissions(shared.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let sock = shared.path().join("agent.sock");
    sb.env
        .push(("CHOPVAULT_AGENT_SOCKET".into(), sock.display().to_string()));
    let _guard = Locked(&sb);
    unlock(&sb, &pass, &["unlock"]);
    fs::set_permissions(&sock, fs::Permissions::from_mode(0o666)).unwrap();
    let bin = shared.path().join("chopvault");
    fs::copy(assert_cmd::cargo::cargo_bin!("chopvault"), &bin).unwrap();
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
    let out = Command::new("runuser")
        .args(["-u", "nobody", "--"])
        .arg(&bin)
        .arg("lock")
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .env("HOME", "/nonexistent")
        .env("CHOPVAULT_AGENT_SOCKET", &sock)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    // Their chopvault does not use a folder that is not theirs.
    assert!(stderr.contains("owner 0"), "{stderr}");
    // Nor does the agent answer their own client: it closes at once.
    if common::require("setpriv") && common::require("python3") {
        let out = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .args(["python3", "-c"])
            .arg(
                "import socket, sys\n\
                 s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])\n\
                 try:\n\
                 \x20   s.sendall(b'{\"op\":\"lock\"}\\n')\n\
                 \x20   print(s.makefile().readline(), end='')\n\
                 except OSError: pass\n",
            )
            .arg(&sock)
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    }
    // The agent still holds the key for its own user.
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
}

#[test]
fn rekey_converts_an_old_passphrase_vault_and_changes_the_passphrase() {
    let sb = Sandbox::new();
    let old_pass = sb.passphrase_file("old vault passphrase");
    // A passphrase vault as chopvault wrote them before key files.
    let vault = sb.old_passphrase_vault("old.age", "old vault passphrase");
    let on = |pass: &Path, args: &[&str]| {
        let mut c = sb.cmd();
        c.arg("--vault")
            .arg(&vault)
            .arg("--passphrase-file")
            .arg(pass)
            .args(args);
        c
    };
    on(&old_pass, &["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
    // unlock cannot hold an old vault's passphrase: it says to rekey.
    on(&old_pass, &["unlock"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("chopvault rekey"));

    let new_pass = sb.passphrase_file("a new passphrase for the key");
    on(&old_pass, &["rekey", "--new-passphrase-file"])
        .arg(&new_pass)
        .assert()
        .success()
        .stderr(predicate::str::contains("age -d -i"));
    let key = sb.path("old.key.age");
    assert_eq!(mode(&key), 0o600);
    assert!(sb.path("old.age.sig").exists());
    on(&new_pass, &["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
    on(&old_pass, &["get", "yd"]).assert().code(5);

    // Changing the passphrase rewrites the key file only.
    let vault_before = fs::read(&vault).unwrap();
    let key_before = fs::read(&key).unwrap();
    let third = sb.passphrase_file("the third passphrase, much longer");
    on(&new_pass, &["rekey", "--new-passphrase-file"])
        .arg(&third)
        .assert()
        .success()
        .stderr(predicate::str::contains("not rewritten"));
    assert_eq!(fs::read(&vault).unwrap(), vault_before);
    assert_ne!(fs::read(&key).unwrap(), key_before);
    on(&third, &["get", "yd"]).assert().success().stdout(TOKEN);
    on(&new_pass, &["get", "yd"]).assert().code(5);
}

#[test]
fn a_weak_passphrase_is_warned_about() {
    let sb = Sandbox::new();
    let pass = sb.passphrase_file("abc");
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["init", "--store", "file"])
        .assert()
        .success()
        .stderr(predicate::str::contains("this passphrase is weak"));
}

#[test]
fn init_with_unlock_for_starts_the_agent_so_the_session_asks_once() {
    if !common::require("script") {
        return;
    }
    let sb = Sandbox::new();
    let _guard = Locked(&sb);
    // Typed at the prompt, as a person installing does.
    let (code, screen) =
        crate::terminal::on_terminal(&sb, "init --store file --unlock-for 10m", &[PASS, PASS]);
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("unlocked for"), "{screen}");
    // The rest of a first install session, with no passphrase at all.
    sb.cmd()
        .args(["set", "yd", "--stdin"])
        .write_stdin(TOKEN)
        .assert()
        .success();
    sb.cmd().arg("status").assert().success();
    let d = sb.path("deploy");
    fs::create_dir(&d).unwrap();
    sb.cmd()
        .args(["export", "yd", "--dir"])
        .arg(&d)
        .args([
            "--",
            "sh",
            "-c",
            "test -s token.txt || test -s deploy/token.txt",
        ])
        .current_dir(sb.path(""))
        .assert()
        .success();
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
}

#[test]
fn an_agent_folder_others_can_enter_is_not_used() {
    let (sb, pass) = key_vault();
    let _guard = Locked(&sb);
    unlock(&sb, &pass, &["unlock"]);
    let dir = sb.path("run/chopvault");
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    // Not trusted: the command says why and asks for the passphrase.
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("not a private folder of yours"));
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
}

/// Whether this test can act as another user (it runs as root). A
/// developer's run skips with the reason; under CI=true it must not.
fn can_act_as_another_user() -> bool {
    if rustix::process::getuid().as_raw() != 0 {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("this test runs as root under CI=true (it starts a listener as uid 65534)");
        }
        eprintln!("SKIPPED: needs root to start a listener as another user (uid 65534)");
        return false;
    }
    common::require("setpriv") && common::require("python3")
}

/// The uid a foreign listener runs as (nobody).
const OTHER_UID: u32 = 65534;

/// A folder in /tmp owned by `OTHER_UID`, 0700: theirs, as a folder of
/// another user's on a shared machine is.
fn their_folder() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("cv-other-")
        .tempdir_in("/tmp")
        .unwrap();
    std::os::unix::fs::chown(dir.path(), Some(OTHER_UID), Some(OTHER_UID)).unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
    dir
}

/// A listener of another user (uid 65534) on `sock`, as a thief would
/// run one: it accepts one connection and writes whatever it is sent to
/// `got`.
struct Thief {
    child: std::process::Child,
    sock: PathBuf,
    got: PathBuf,
}

impl Thief {
    fn listen(folder: &Path) -> Thief {
        let sock = folder.join("agent.sock");
        let got = folder.join("got");
        let script = "import socket, sys\n\
            s = socket.socket(socket.AF_UNIX)\n\
            s.bind(sys.argv[1]); s.listen(4)\n\
            c, _ = s.accept(); c.settimeout(20)\n\
            with open(sys.argv[2], 'wb') as f:\n\
            \x20   while True:\n\
            \x20       b = c.recv(65536)\n\
            \x20       if not b: break\n\
            \x20       f.write(b); f.flush()\n";
        let child = Command::new("setpriv")
            .args([
                &format!("--reuid={OTHER_UID}"),
                &format!("--regid={OTHER_UID}"),
                "--clear-groups",
                "python3",
                "-c",
                script,
            ])
            .arg(&sock)
            .arg(&got)
            // A PATH whose every folder another user can search.
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while !sock.exists() {
            assert!(start.elapsed() < Duration::from_secs(10), "no listener");
            std::thread::sleep(Duration::from_millis(20));
        }
        Thief { child, sock, got }
    }

    /// The same listener, its socket then moved into `ours` (a folder of
    /// this user's) and given to this user: everything about the file
    /// says "yours", only the process that listens is theirs.
    fn disguised(theirs: &Path, ours: &Path) -> Thief {
        let mut thief = Thief::listen(theirs);
        let moved = ours.join("agent.sock");
        fs::rename(&thief.sock, &moved).unwrap();
        std::os::unix::fs::lchown(&moved, Some(0), Some(0)).unwrap();
        thief.sock = moved;
        thief
    }

    /// What the listener was sent. A connection of the test's own, with
    /// nothing on it, lets a listener nobody reached end.
    fn received(mut self) -> Vec<u8> {
        let _ = std::os::unix::net::UnixStream::connect(&self.sock);
        let start = Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            if start.elapsed() > Duration::from_secs(25) {
                let _ = self.child.kill();
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.wait();
        fs::read(&self.got).unwrap_or_default()
    }
}

impl Drop for Thief {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_listener_of_another_uid_named_by_the_socket_variable_gets_nothing() {
    if !can_act_as_another_user() {
        return;
    }
    let (mut sb, pass) = key_vault();

    // As set up on a shared machine: their socket, in their folder.
    let theirs = their_folder();
    let thief = Thief::listen(theirs.path());
    sb.env.push((
        "CHOPVAULT_AGENT_SOCKET".into(),
        thief.sock.display().to_string(),
    ));
    let out = sb
        .cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .arg("unlock")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let got = thief.received();
    assert!(got.is_empty(), "sent: {}", String::from_utf8_lossy(&got));
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&theirs.path().display().to_string())
            && stderr.contains(&format!("owner {OTHER_UID}")),
        "{stderr}"
    );

    // Disguised: a folder and a socket file of ours, but the process
    // that listens on it is theirs. Only SO_PEERCRED tells.
    let ours = tempfile::Builder::new()
        .prefix("cv-ours-")
        .tempdir_in("/tmp")
        .unwrap();
    fs::set_permissions(ours.path(), fs::Permissions::from_mode(0o700)).unwrap();
    let theirs = their_folder();
    let thief = Thief::disguised(theirs.path(), ours.path());
    let moved = thief.sock.clone();
    sb.env.pop();
    sb.env
        .push(("CHOPVAULT_AGENT_SOCKET".into(), moved.display().to_string()));
    let out = sb
        .cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .arg("unlock")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let got = thief.received();
    assert!(got.is_empty(), "sent: {}", String::from_utf8_lossy(&got));
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&moved.display().to_string())
            && stderr.contains(&format!("uid {OTHER_UID}")),
        "{stderr}"
    );
    // A later command does not hand it a request either: it asks for the
    // passphrase, and there is none to ask here.
    let theirs = their_folder();
    let thief = Thief::disguised(theirs.path(), ours.path());
    sb.cmd().args(["get", "yd"]).assert().code(4);
    let got = thief.received();
    assert!(got.is_empty(), "sent: {}", String::from_utf8_lossy(&got));
}

#[test]
fn a_socket_in_a_folder_others_can_write_is_refused() {
    let (mut sb, pass) = key_vault();
    let folder = sb.path("sockets");
    fs::create_dir(&folder).unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o777)).unwrap();
    let sock = folder.join("agent.sock");
    sb.env
        .push(("CHOPVAULT_AGENT_SOCKET".into(), sock.display().to_string()));
    let _guard = Locked(&sb);
    // unlock refuses to start an agent there, saying where and why.
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .arg("unlock")
        .assert()
        .failure()
        .stderr(predicate::str::contains(folder.display().to_string()))
        .stderr(predicate::str::contains("mode 777"));
    assert!(!sock.exists());
    // The agent itself does not listen there either.
    sb.cmd()
        .arg("agent-serve")
        .timeout(Duration::from_secs(20))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(folder.display().to_string()));
    assert!(!sock.exists());

    // Group-writable is no better. A 0755 folder of the user's is fine.
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
    unlock(&sb, &pass, &["unlock"]);
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o775)).unwrap();
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("mode 775"));
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_socket_owned_by_another_uid_is_refused() {
    if !can_act_as_another_user() {
        return;
    }
    let (mut sb, pass) = key_vault();
    let folder = sb.path("sockets");
    fs::create_dir(&folder).unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o700)).unwrap();
    let sock = folder.join("agent.sock");
    sb.env
        .push(("CHOPVAULT_AGENT_SOCKET".into(), sock.display().to_string()));
    let _guard = Locked(&sb);
    unlock(&sb, &pass, &["unlock"]);
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
    // The socket now says it is another user's: not used, whoever listens.
    std::os::unix::fs::lchown(&sock, Some(OTHER_UID), None).unwrap();
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(sock.display().to_string()))
        .stderr(predicate::str::contains(format!("uid {OTHER_UID}")));
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .arg("unlock")
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!("uid {OTHER_UID}")));
    std::os::unix::fs::lchown(&sock, Some(0), None).unwrap();
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
}

/// The binary under test, for commands that run it through a shell.
fn bin() -> &'static Path {
    assert_cmd::cargo::cargo_bin!("chopvault")
}

/// Issue 25: the agent kept its caller's descriptors, so a deploy
/// script's `flock` stayed held until `chopvault lock`.
#[test]
fn the_agent_keeps_none_of_its_callers_descriptors() {
    if !common::require("flock") {
        return;
    }
    let (sb, pass) = key_vault();
    let _guard = Locked(&sb);
    let lockfile = sb.path("deploy.lock");
    // As a deploy script does: fd 9 holds the lock (not close-on-exec),
    // and chopvault runs with it inherited.
    let status = sb
        .env_into(&mut Command::new("sh"), "/usr/bin:/bin")
        .arg("-c")
        .arg(r#"exec 9>"$1" && flock -n 9 && "$2" --passphrase-file "$3" unlock --for 2m"#)
        .arg("sh")
        .arg(&lockfile)
        .arg(bin())
        .arg(&pass)
        .status()
        .unwrap();
    assert!(status.success());
    // The script has ended; the agent runs on.
    let pid = agent_pid(&sb);
    let free = Command::new("flock")
        .args(["-n"])
        .arg(&lockfile)
        .arg("true")
        .status()
        .unwrap();
    assert!(free.success(), "the agent still holds the script's lock");
    let mut fds: Vec<String> = fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .flatten()
        .map(|fd| fs::read_link(fd.path()).unwrap_or_default())
        .map(|target| target.display().to_string())
        .collect();
    fds.sort();
    // Its three standard descriptors on /dev/null, and its socket.
    assert!(
        fds.iter()
            .all(|t| t == "/dev/null" || t.starts_with("socket:")),
        "{fds:?}"
    );
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
}

/// Issue 25: `lock` from a session without `XDG_RUNTIME_DIR` (cron, `su`)
/// looked in `/tmp/chopvault-UID` only and said "no agent was running"
/// while an agent started from a desktop session (`/run/user/UID`) kept
/// the key. The test runs in a mount namespace of its own where
/// `/run/user` (and `/tmp/chopvault-UID`, if there is one) are fresh
/// tmpfs: no agent of the machine's is seen or disturbed.
#[test]
fn lock_without_a_runtime_folder_variable_finds_the_sessions_agent() {
    if !can_act_as_another_user() || !common::require("unshare") {
        return;
    }
    if !Path::new("/run/user").is_dir() {
        eprintln!("SKIPPED: this machine has no /run/user");
        return;
    }
    let (sb, pass) = key_vault();
    let out = sb.path("out");
    fs::create_dir(&out).unwrap();
    let script = r#"
        set -u
        bin=$1 pass=$2 out=$3
        mount -t tmpfs -o mode=0755 cv-test /run/user || exit 77
        [ -d /tmp/chopvault-0 ] && mount -t tmpfs -o mode=0700 cv-test /tmp/chopvault-0
        mkdir -m 0700 /run/user/0
        trap 'XDG_RUNTIME_DIR=/run/user/0 "$bin" lock >/dev/null 2>&1' EXIT
        XDG_RUNTIME_DIR=/run/user/0 "$bin" --passphrase-file "$pass" unlock --for 2m || exit 3
        env -u XDG_RUNTIME_DIR "$bin" get yd >"$out/get" 2>"$out/get.err"
        env -u XDG_RUNTIME_DIR "$bin" lock 2>"$out/lock.err"
        XDG_RUNTIME_DIR=/run/user/0 "$bin" get yd 2>/dev/null
        echo $? >"$out/after"
    "#;
    let status = sb
        .env_into(
            &mut Command::new("unshare"),
            "/usr/sbin:/usr/bin:/sbin:/bin",
        )
        .args([
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            script,
            "sh",
        ])
        .arg(bin())
        .arg(&pass)
        .arg(&out)
        .status()
        .unwrap();
    if status.code() == Some(77) {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("this test mounts a tmpfs in a mount namespace under CI=true");
        }
        eprintln!("SKIPPED: cannot mount in a mount namespace here");
        return;
    }
    assert!(status.success(), "{status:?}");
    let read = |name: &str| fs::read_to_string(out.join(name)).unwrap_or_default();
    assert_eq!(read("get"), TOKEN, "{}", read("get.err"));
    let lock = read("lock.err");
    assert!(!lock.contains("no agent was running"), "{lock}");
    assert!(lock.contains("locked"), "{lock}");
    // The agent is gone: the session's own `get` has nobody to ask.
    assert_eq!(read("after").trim(), "4");
}

/// Issue 25: memory locking failed silently under a small
/// `RLIMIT_MEMLOCK` (8 MiB by default). The agent now says whether it
/// locked its memory, and `doctor` and `status` warn with the fix.
#[test]
fn an_agent_whose_memory_is_not_locked_is_warned_about() {
    let (sb, pass) = key_vault();
    let _guard = Locked(&sb);
    let root = rustix::process::getuid().as_raw() == 0;
    if root && !common::require("setpriv") {
        return;
    }
    // No locked memory at all. Root ignores the limit (CAP_IPC_LOCK):
    // the agent is started without that capability.
    let mut sh = Command::new("sh");
    sb.env_into(&mut sh, "/usr/bin:/bin");
    sh.arg("-c").arg(r#"ulimit -l 0 && exec "$@""#).arg("sh");
    if root {
        sh.args(["setpriv", "--bounding-set=-ipc_lock"]);
    }
    let status = sh
        .arg(bin())
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["unlock", "--for", "2m"])
        .status()
        .unwrap();
    assert!(status.success());
    sb.cmd()
        .arg("doctor")
        .assert()
        .stdout(predicate::str::contains("memory is not locked"))
        .stdout(predicate::str::contains("LimitMEMLOCK"));
    sb.cmd()
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains("memory is not locked"));
    let json = sb.json(&["status", "--json"]);
    assert_eq!(json["agent"]["memory_locked"], false, "{json}");

    // With the limit the machine gives (root: unlimited), no warning.
    sb.cmd().arg("lock").assert().success();
    if root {
        unlock(&sb, &pass, &["unlock", "--for", "2m"]);
        sb.cmd()
            .arg("doctor")
            .assert()
            .stdout(predicate::str::contains("memory is not locked").not());
        let json = sb.json(&["status", "--json"]);
        assert_eq!(json["agent"]["memory_locked"], true, "{json}");
    }
}

/// Issue 25: with `unlock_for` in the config, a cron job's
/// `CHOPVAULT_PASSPHRASE_FILE=… chopvault …` started the agent and left
/// the key to every process of the user for 15 minutes. Only a
/// passphrase typed at a prompt (or `chopvault unlock`) starts it.
#[test]
fn a_passphrase_file_never_starts_the_agent() {
    let sb = Sandbox::new();
    let pass = sb.passphrase_file(PASS);
    let _guard = Locked(&sb);
    sb.cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["init", "--store", "file", "--unlock-for", "15m"])
        .assert()
        .success()
        .stderr(predicate::str::contains("unlocked for").not());
    let config = fs::read_to_string(sb.path("config/chopvault/config.toml")).unwrap();
    assert!(config.contains("unlock_for"), "{config}");
    for how in ["flag", "variable"] {
        let mut cmd = sb.cmd();
        match how {
            "flag" => cmd.arg("--passphrase-file").arg(&pass),
            _ => cmd.env("CHOPVAULT_PASSPHRASE_FILE", &pass),
        };
        cmd.args(["set", "yd", "--stdin", "--force"])
            .write_stdin(TOKEN)
            .assert()
            .success()
            .stderr(predicate::str::contains("unlocked for").not());
        // Nobody holds the key: without the file, nothing opens the vault.
        sb.cmd().args(["get", "yd"]).assert().code(4);
        assert!(!sb.path("run/chopvault/agent.sock").exists(), "{how}");
    }
}
