//! Hidden prompts on a real terminal: `script` gives chopvault a pty, and
//! the test types at it.

use crate::common;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Sandbox, TOKEN, require};

/// How many prompts the screen shows so far.
fn prompts(screen: &str) -> usize {
    ["passphrase: ", "again: ", "': ", "[y/N] ", "д — да] "]
        .iter()
        .map(|p| screen.matches(p).count())
        .sum()
}

/// Runs `chopvault ARGS` on a terminal and types each of `lines` once its
/// prompt is on the screen, as a person would. Returns (exit code, screen).
pub(crate) fn on_terminal(sb: &Sandbox, args: &str, lines: &[&str]) -> (i32, String) {
    let bin = assert_cmd::cargo::cargo_bin!("chopvault");
    let mut child = sb
        .env_into(&mut Command::new("script"), "/usr/bin:/bin")
        .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let screen = Arc::new(Mutex::new(String::new()));
    let reader = {
        let screen = screen.clone();
        let mut out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 1024];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                screen
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        })
    };
    let mut stdin = child.stdin.take().unwrap();
    for (k, line) in lines.iter().enumerate() {
        let start = Instant::now();
        while prompts(&screen.lock().unwrap()) <= k {
            if child.try_wait().unwrap().is_some() || start.elapsed() > Duration::from_secs(20) {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        // rpassword prints the prompt, then turns echo off: give it a moment.
        std::thread::sleep(Duration::from_millis(50));
        // The program may have ended already (e.g. refused the input).
        if stdin.write_all(format!("{line}\n").as_bytes()).is_err() {
            break;
        }
        let _ = stdin.flush();
    }
    drop(stdin);
    let status = child.wait().unwrap();
    reader.join().unwrap();
    let screen = screen.lock().unwrap().clone();
    (status.code().unwrap_or(-1), screen)
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

    // A wrong passphrase gets three tries, then exit 5.
    let (code, screen) = on_terminal(
        &sb,
        "get yd",
        &["wrong-pass-phrase", "still-wrong", "tty-pass-phrase"],
    );
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("try again (2 left)"), "{screen}");
    assert!(screen.contains("try again (1 left)"), "{screen}");
    assert!(screen.contains(TOKEN), "{screen}");
    let (code, screen) = on_terminal(&sb, "get yd", &["wrong-1", "wrong-2", "wrong-3"]);
    assert_eq!(code, 5, "{screen}");
    assert!(!screen.contains(TOKEN), "{screen}");

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
    // Three pairs that differ (each is asked again, issue 24), then it ends.
    let (code, screen) = on_terminal(
        &sb,
        "init --store file",
        &[
            "one-pass", "two-pass", "one-pass", "two-pass", "one-pass", "two-pass",
        ],
    );
    assert_eq!(code, 1, "{screen}"); // a refusal, not an unavailable store
    assert!(screen.contains("do not match"), "{screen}");
    assert_eq!(
        screen.matches("New vault passphrase").count(),
        3,
        "{screen}"
    );
    assert!(!vault(&sb).exists());
    assert!(!sb.path("config/chopvault/config.toml").exists());
}

/// Issue 24: two new passphrases that differ, or a weak one declined,
/// ended `init` ("the two entries do not match"); they are asked again.
#[test]
fn a_slip_at_the_new_passphrase_is_asked_again() {
    if !require("script") {
        return;
    }
    let sb = Sandbox::new();
    let strong = "tty-pass-phrase-strong";
    let (code, screen) = on_terminal(
        &sb,
        "init --store file",
        &["one-pass-phrase-x", "two-pass-phrase-y", strong, strong],
    );
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("type it again (2 left)"), "{screen}");
    assert!(vault(&sb).exists());

    let sb = Sandbox::new();
    let (code, screen) = on_terminal(
        &sb,
        "init --store file",
        &["short", "short", "n", strong, strong],
    );
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("this passphrase is weak"), "{screen}");
    assert!(screen.contains("choose another (2 left)"), "{screen}");
    assert!(vault(&sb).exists());
}

/// Issue 14, item 3: on a terminal, `rm` and a `set` over an entry ask
/// first, showing what is there; anything but yes keeps it.
#[test]
fn rm_and_replacing_set_ask_first_on_a_terminal() {
    if !require("script") {
        return;
    }
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("yd", TOKEN).success();
    let (code, screen) = on_terminal(&sb, "rm yd", &["n"]);
    assert!(
        screen.contains("[y/N] ") && screen.contains("sha256:"),
        "{screen}"
    );
    assert_ne!(code, 0, "{screen}");
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
    let (code, screen) = on_terminal(
        &sb,
        "set yd",
        &[
            "y",
            "y0_ANOTHERtokenANOTHERtoken",
            "y0_ANOTHERtokenANOTHERtoken",
        ],
    );
    assert_eq!(code, 0, "{screen}");
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout("y0_ANOTHERtokenANOTHERtoken");
    let (code, screen) = on_terminal(&sb, "rm yd", &["y"]);
    assert_eq!(code, 0, "{screen}");
    sb.cmd().args(["get", "yd"]).assert().code(3);
}

/// In Russian the question is Russian, `н` (how «нет» starts, and what a
/// Russian layout types for `y`) is no, and `да` is yes.
#[test]
fn a_russian_question_takes_a_russian_answer() {
    if !require("script") {
        return;
    }
    let mut sb = Sandbox::new();
    sb.init_identity();
    sb.set("yd", TOKEN).success();
    sb.env.push(("CHOPVAULT_LANG".into(), "ru".into()));
    let (code, screen) = on_terminal(&sb, "rm yd", &["н"]);
    assert!(
        screen.contains("'yd' содержит значение типа yandex-disk")
            && screen.contains("Удалить? [y/N, д — да] "),
        "{screen}"
    );
    assert_ne!(code, 0, "{screen}");
    sb.cmd().args(["get", "yd"]).assert().success();
    let (code, screen) = on_terminal(&sb, "rm yd", &["да"]);
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("запись 'yd' удалена"), "{screen}");
    sb.cmd().args(["get", "yd"]).assert().code(3);
}

/// `unlock` asks on the terminal once; later commands ask nothing; Ctrl-C
/// at a prompt ends the command and shows nothing.
#[test]
fn unlock_asks_once_and_ctrl_c_at_a_prompt_ends_cleanly() {
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
    let (code, screen) = on_terminal(&sb, "set yd", &[TOKEN, TOKEN, "tty-pass-phrase"]);
    assert_eq!(code, 0, "{screen}");
    // Ctrl-C at the passphrase prompt.
    let (code, screen) = on_terminal(&sb, "get yd", &["\u{3}"]);
    assert_ne!(code, 0, "{screen}");
    assert!(!screen.contains(TOKEN), "{screen}");
    let (code, screen) = on_terminal(&sb, "unlock --for 1m", &["tty-pass-phrase"]);
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("unlocked until"), "{screen}");
    let (code, screen) = on_terminal(&sb, "get yd", &[]);
    assert_eq!(code, 0, "{screen}");
    assert_eq!(prompts(&screen), 0, "asked again: {screen}");
    assert!(screen.contains(TOKEN), "{screen}");
    let (code, _) = on_terminal(&sb, "lock", &[]);
    assert_eq!(code, 0);
}

/// On a terminal the prefixes of chopvault's own lines are coloured; with
/// NO_COLOR, or into a pipe, they are plain.
#[test]
fn prefixes_are_coloured_on_a_terminal_only() {
    if !require("script") {
        return;
    }
    let sb = Sandbox::new();
    let (code, screen) = on_terminal(&sb, "status", &[]);
    assert_eq!(code, 4, "{screen}");
    assert!(
        screen.contains("chopvault: \x1b[1;31merror:\x1b[0m"),
        "{screen:?}"
    );
    assert!(screen.contains("\x1b[32mhint:\x1b[0m"), "{screen:?}");
    let bin = assert_cmd::cargo::cargo_bin!("chopvault");
    let out = sb
        .env_into(&mut Command::new("script"), "/usr/bin:/bin")
        .args([
            "-qec",
            &format!("env NO_COLOR=1 {} status", bin.display()),
            "/dev/null",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("chopvault: error:"), "{screen:?}");
    assert!(!screen.contains('\x1b'), "{screen:?}");
    let piped = sb.cmd().arg("status").output().unwrap();
    assert!(!piped.stderr.contains(&0x1b));
}
