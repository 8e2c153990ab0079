//! Hidden prompts on a real terminal: `script` gives chopvault a pty, and
//! the test types at it.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Sandbox, TOKEN, require};

/// Runs `chopvault ARGS` on a terminal, typing each of `lines` after a short
/// pause (as a person would, after the prompt). Returns (exit code, screen).
fn on_terminal(sb: &Sandbox, args: &str, lines: &[&str]) -> (i32, String) {
    let bin = assert_cmd::cargo::cargo_bin!("chopvault");
    let d = sb.dir.path();
    let mut child = Command::new("script")
        .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", d.join("home"))
        .env("XDG_CONFIG_HOME", d.join("config"))
        .env("XDG_DATA_HOME", d.join("data"))
        .env("XDG_STATE_HOME", d.join("state"))
        .env("CHOPVAULT_SCRYPT_WORK_FACTOR", "10")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for line in lines {
        std::thread::sleep(Duration::from_millis(300));
        // The program may have ended already (e.g. refused the input).
        if stdin.write_all(format!("{line}\n").as_bytes()).is_err() {
            break;
        }
        let _ = stdin.flush();
    }
    let out = child.wait_with_output().unwrap();
    let screen =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), screen)
}

fn vault(sb: &Sandbox) -> PathBuf {
    sb.vault()
}

#[test]
fn passphrase_and_value_prompts_work_on_a_terminal_and_echo_nothing() {
    if !require("script") {
        return;
    }
    let sb = Sandbox::new();
    let (code, screen) = on_terminal(
        &sb,
        "init --store file",
        &["tty-pass-phrase", "tty-pass-phrase"],
    );
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("New vault passphrase"), "{screen}");
    assert!(
        !screen.contains("tty-pass-phrase"),
        "the passphrase was echoed: {screen}"
    );
    assert!(vault(&sb).exists());

    let (code, screen) = on_terminal(&sb, "set yd", &[TOKEN, TOKEN, "tty-pass-phrase"]);
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains(TOKEN), "the token was echoed: {screen}");

    let (code, screen) = on_terminal(&sb, "get yd", &["tty-pass-phrase"]);
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains(TOKEN), "get prints the value: {screen}");

    let (code, screen) = on_terminal(&sb, "get yd", &["wrong-pass-phrase"]);
    assert_eq!(code, 5, "{screen}");

    let (code, screen) = on_terminal(&sb, "set other", &["y0_one", "y0_two"]);
    assert_eq!(code, 1, "{screen}");
    assert!(screen.contains("do not match"), "{screen}");
}

#[test]
fn mismatched_new_passphrases_create_nothing() {
    if !require("script") {
        return;
    }
    let sb = Sandbox::new();
    let (code, screen) = on_terminal(&sb, "init --store file", &["one-pass", "two-pass"]);
    assert_eq!(code, 4, "{screen}");
    assert!(screen.contains("do not match"), "{screen}");
    assert!(!vault(&sb).exists());
    assert!(!sb.path("config/chopvault/config.toml").exists());
}
