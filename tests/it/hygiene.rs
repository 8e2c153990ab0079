//! Secret hygiene through a whole session: the token appears nowhere but
//! where it was asked for, core dumps are off, and the event log records
//! fingerprints only.

use crate::common;

use std::fs;
use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use common::{Sandbox, TOKEN};

/// Runs a session of every command, success and failure paths, and returns
/// everything it printed, except the stdout of plain `get` (the one place
/// the value is meant to go).
fn session(sb: &Sandbox, id_args: &[&str]) -> String {
    let mut printed = String::new();
    let mut run = |args: &[&str], stdin: &str, value_expected: bool| {
        let out = sb
            .cmd()
            .args(id_args)
            .args(args)
            .write_stdin(stdin)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        if value_expected {
            assert_eq!(stdout, TOKEN);
        } else {
            printed.push_str(&stdout);
        }
        printed.push_str(&String::from_utf8_lossy(&out.stderr));
    };
    run(&["set", "yd", "--stdin", "--note", "hygiene"], TOKEN, false);
    run(&["set", "yd", "--stdin"], &format!("{TOKEN}\n"), false);
    run(
        &["set", "bad", "--stdin"],
        &format!("{TOKEN} {TOKEN}"),
        false,
    );
    run(&["set", "bad", "--stdin"], &format!("{TOKEN}\u{1}"), false);
    run(&["get", "yd"], "", true);
    run(&["get", "yd", "--json"], "", false);
    run(&["list"], "", false);
    run(&["list", "--json"], "", false);
    run(&["status"], "", false);
    run(&["status", "--json"], "", false);
    run(&["get", "missing"], "", false);
    run(&["rm", "missing"], "", false);
    run(&["rm", "yd", "--force"], "", false);
    run(&["get", "yd"], "", false);
    printed
}

fn assert_no_token_in_files(sb: &Sandbox) {
    for (path, bytes) in sb.all_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(TOKEN), "token in {}", path.display());
        assert!(
            !text.contains(&TOKEN[3..20]),
            "part of the token in {}",
            path.display()
        );
    }
}

#[test]
fn file_store_session_leaks_nothing() {
    let sb = Sandbox::new();
    let id = sb.init_identity();
    let printed = session(&sb, &["--identity", id.to_str().unwrap()]);
    assert!(!printed.contains(TOKEN), "token printed:\n{printed}");
    assert!(
        !printed.contains(&TOKEN[3..20]),
        "part of the token printed:\n{printed}"
    );
    assert_no_token_in_files(&sb);

    let log = fs::read_to_string(sb.event_log()).unwrap();
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let find = |cmd: &str, outcome: &str| {
        lines
            .iter()
            .any(|e| e["command"] == cmd && e["outcome"] == outcome)
    };
    assert!(find("init", "ok"));
    assert!(find("set", "ok"));
    assert!(find("get", "ok"));
    assert!(find("rm", "ok"));
    assert!(find("get", "not-found"));
    assert!(find("set", "error"), "refused values are logged as errors");
    let set = lines.iter().find(|e| e["command"] == "set").unwrap();
    assert!(set["fingerprint"].as_str().unwrap().starts_with("sha256:"));
    assert!(set["time"].is_string());
    assert_eq!(common::mode(&sb.event_log()), 0o600);
}

#[test]
fn passphrase_session_leaks_neither_token_nor_passphrase() {
    let sb = Sandbox::new();
    let pass = sb.init_passphrase();
    let printed = session(&sb, &["--passphrase-file", pass.to_str().unwrap()]);
    assert!(!printed.contains(TOKEN));
    assert!(!printed.contains("correct horse"));
    for (path, bytes) in sb.all_files() {
        let text = String::from_utf8_lossy(&bytes);
        if path != pass {
            assert!(
                !text.contains("correct horse"),
                "passphrase in {}",
                path.display()
            );
        }
        assert!(!text.contains(TOKEN), "token in {}", path.display());
    }
}

#[test]
fn keyring_session_leaks_nothing() {
    let Some((sb, _ss)) = common::keyring_store() else {
        return;
    };
    let printed = session(&sb, &[]);
    assert!(!printed.contains(TOKEN), "token printed:\n{printed}");
    assert_no_token_in_files(&sb);
}

#[test]
fn core_dumps_are_off_and_the_value_is_not_in_argv_or_environment() {
    let sb = Sandbox::new();
    sb.init_identity();
    // `set --stdin` waits on its stdin: look at the live process.
    let mut child = sb
        .std_cmd()
        .args(["set", "live", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let proc_dir = format!("/proc/{pid}");
    // Soft and hard limit both 0 (the soft one is often 0 already).
    let core_limits = || {
        let limits = fs::read_to_string(format!("{proc_dir}/limits")).unwrap_or_default();
        let line = limits
            .lines()
            .find(|l| l.starts_with("Max core file size"))
            .unwrap_or("");
        line.split_whitespace()
            .skip(4)
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
    };
    common::wait_for(
        || core_limits() == "0 0",
        "RLIMIT_CORE 0/0 on the live process",
    );
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(TOKEN.as_bytes())
            .unwrap();
    }
    let mut cmdline = String::new();
    let _ =
        fs::File::open(format!("{proc_dir}/cmdline")).map(|mut f| f.read_to_string(&mut cmdline));
    assert!(!cmdline.contains(TOKEN));
    let mut environ = String::new();
    let _ =
        fs::File::open(format!("{proc_dir}/environ")).map(|mut f| f.read_to_string(&mut environ));
    assert!(!environ.contains(TOKEN));
    assert!(child.wait().unwrap().success());
    std::thread::sleep(Duration::from_millis(1));
    sb.cmd()
        .args(["get", "live"])
        .assert()
        .success()
        .stdout(TOKEN);
}
