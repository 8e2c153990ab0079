//! The command line itself: help, version, completions and the man page
//! open no store; usage errors exit 2; no store yet exits 4.

use crate::common;

use common::{Sandbox, TOKEN};
use predicates::prelude::*;

fn no_files_created(sb: &Sandbox) {
    let files = sb.all_files();
    assert!(
        files.is_empty(),
        "created {:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
}

#[test]
fn storeless_commands_open_nothing() {
    let sb = Sandbox::new();
    // A bus address that would hang or fail if anything tried the keyring.
    let mut bus = Sandbox::new();
    bus.bus = Some("unix:path=/nonexistent/bus".into());
    for args in [
        vec!["--help"],
        vec!["--version"],
        vec!["completions", "bash"],
        vec!["completions", "zsh"],
        vec!["man"],
        vec!["set", "--help"],
    ] {
        sb.cmd()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::is_empty().not());
        bus.cmd().args(&args).assert().success();
    }
    no_files_created(&sb);
    no_files_created(&bus);
}

#[test]
fn man_page_and_completions_name_the_commands() {
    let sb = Sandbox::new();
    sb.cmd()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH chopvault").and(predicate::str::contains("status")));
    sb.cmd()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("_chopvault").and(predicate::str::contains("--from-file")),
        );
}

/// The text of `.SH NAME` .. the next `.SH` of a roff page.
fn man_section(page: &str, name: &str) -> String {
    let start = page
        .find(&format!(".SH {name}\n"))
        .or_else(|| page.find(&format!(".SH \"{name}\"\n")))
        .unwrap_or_else(|| panic!("no {name} in:\n{page}"));
    let rest = &page[start + 4..];
    let end = rest.find("\n.SH ").map_or(rest.len(), |e| e + 1);
    rest[..end].to_string()
}

/// Regression (issue 24): DESCRIPTION repeated the one-line summary, the
/// export page said nothing of the wipe, the journal or Ctrl-C, and
/// ENVIRONMENT lacked variables README documents. Both languages.
#[test]
fn man_pages_describe_and_list_every_variable_readme_documents() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    // Every variable in README's table of variables.
    let table = readme
        .split("| variable | same as |")
        .nth(1)
        .expect("README's table of variables");
    let mut vars = Vec::new();
    for line in table.lines().skip(2).take_while(|l| l.starts_with('|')) {
        let first = line.split('|').nth(1).unwrap_or_default();
        for word in first.split('`').skip(1).step_by(2) {
            if word.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                vars.push(word.to_string());
            }
        }
    }
    assert!(vars.len() >= 15, "{vars:?}");
    for (lang, description, journal, ctrl_c, wipe) in [
        ("en", "DESCRIPTION", "journal", "Ctrl-C", "overwritten"),
        ("ru", "ОПИСАНИЕ", "журнал", "Ctrl-C", "перезаписывается"),
    ] {
        let sb = Sandbox::new();
        let dir = sb.path("man");
        sb.cmd()
            .env("CHOPVAULT_LANG", lang)
            .args(["man", "--dir"])
            .arg(&dir)
            .assert()
            .success();
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name))
                .unwrap()
                .replace("\\-", "-")
        };
        let main = read("chopvault.1");
        let env = man_section(
            &main,
            if lang == "en" {
                "ENVIRONMENT"
            } else {
                "ОКРУЖЕНИЕ"
            },
        );
        for var in &vars {
            assert!(
                env.contains(var.as_str()),
                "{lang}: {var} not in ENVIRONMENT:\n{env}"
            );
        }
        for page in [
            "chopvault.1",
            "chopvault-export.1",
            "chopvault-set.1",
            "chopvault-unlock.1",
        ] {
            let text = man_section(&read(page), description);
            // More than the summary line: at least two paragraphs.
            assert!(
                text.matches(".PP").count() >= 2,
                "{lang} {page}: DESCRIPTION is thin:\n{text}"
            );
        }
        let export = man_section(&read("chopvault-export.1"), description);
        for word in [journal, ctrl_c, wipe, "SIGKILL"] {
            assert!(export.contains(word), "{lang}: no {word} in:\n{export}");
        }
    }
}

/// Regression: the man page pointed to chopvault-export(1) and friends,
/// which did not exist, and had no FILES, ENVIRONMENT, EXIT STATUS or
/// EXAMPLES; `man --dir` writes every page, into a folder it creates.
#[test]
fn man_dir_writes_a_page_for_every_page_it_names() {
    let sb = Sandbox::new();
    let dir = sb.path("share/man/man1");
    sb.cmd()
        .arg("man")
        .arg("--dir")
        .arg(&dir)
        .assert()
        .success();
    let main = std::fs::read_to_string(dir.join("chopvault.1")).unwrap();
    for section in [
        "FILES",
        "ENVIRONMENT",
        "EXIT STATUS",
        "EXAMPLES",
        "SEE ALSO",
    ] {
        assert!(
            main.contains(&format!(".SH \"{section}\""))
                || main.contains(&format!(".SH {section}")),
            "{section}"
        );
    }
    let pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for name in [
        "chopvault-export.1",
        "chopvault-recipients-add.1",
        "chopvault-unlock.1",
    ] {
        assert!(pages.iter().any(|p| p == name), "{name} missing: {pages:?}");
    }
    // Every page named in SEE ALSO exists.
    for page in &pages {
        let text = std::fs::read_to_string(dir.join(page)).unwrap();
        let see = text.split(".SH \"SEE ALSO\"").nth(1).unwrap_or_default();
        for named in see.split("\\fB").skip(1) {
            let name = named.split("\\fR").next().unwrap().replace("\\-", "-");
            if name.starts_with("chopvault") {
                assert!(
                    pages.contains(&format!("{name}.1")),
                    "{page} names {name}(1)"
                );
            }
        }
        assert!(text.contains("EXIT STATUS"), "{page}");
    }
    // groff reads them without a warning.
    if common::require("groff") {
        for page in &pages {
            let out = std::process::Command::new("groff")
                .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
                .arg(dir.join(page))
                .env("LC_ALL", "C")
                .output()
                .unwrap();
            assert!(
                out.stderr.is_empty(),
                "{page}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// Completions know entry names, from the index (never unlocking).
#[test]
fn bash_completion_offers_entry_names() {
    if !common::require("bash") {
        return;
    }
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("yandex-disk", "y0_one").success();
    sb.set("kazan/yandex-disk", "y0_two").success();
    sb.cmd()
        .args(["list", "--names"])
        .assert()
        .success()
        .stdout("kazan/yandex-disk\nyandex-disk\n");
    let script = sb.path("completion.bash");
    let out = sb.cmd().args(["completions", "bash"]).output().unwrap();
    std::fs::write(&script, out.stdout).unwrap();
    let bin_dir = assert_cmd::cargo::cargo_bin!("chopvault")
        .parent()
        .unwrap()
        .to_path_buf();
    let complete = |line: &[&str]| {
        let words = line
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" ");
        let mut cmd = std::process::Command::new("bash");
        sb.env_into(&mut cmd, &format!("{}:/usr/bin:/bin", bin_dir.display()))
            .arg("-c")
            .arg(format!(
                "source {}; COMP_WORDS=({words}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; _chopvault_with_names chopvault; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                script.display(),
                line.len() - 1,
                line.join(" ")
            ));
        let out = cmd.output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let got = complete(&["chopvault", "get", "ya"]);
    assert!(got.lines().any(|l| l == "yandex-disk"), "{got}");
    let got = complete(&["chopvault", "export", "ka"]);
    assert!(got.lines().any(|l| l == "kazan/yandex-disk"), "{got}");
    // Not after commands that take no entry, nor as a second argument.
    let got = complete(&["chopvault", "status", "ya"]);
    assert!(!got.contains("yandex-disk"), "{got}");
}

/// zsh: clap's entry-name arguments call a function that lists the names
/// from the index. The script must parse, and the function (with zsh's
/// `compadd` stood in for, as it exists only inside a completion widget)
/// must offer the names.
#[test]
fn zsh_completion_offers_entry_names() {
    if !common::require("zsh") {
        return;
    }
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("yandex-disk", "y0_one").success();
    sb.set("kazan/yandex-disk", "y0_two").success();
    let out = sb.cmd().args(["completions", "zsh"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("':name -- Entry name:_chopvault_entry_names'"),
        "{text}"
    );
    let script = sb.path("_chopvault");
    std::fs::write(&script, &text).unwrap();
    let bin_dir = assert_cmd::cargo::cargo_bin!("chopvault")
        .parent()
        .unwrap()
        .to_path_buf();
    let run = |code: &str| {
        sb.env_into(
            &mut std::process::Command::new("zsh"),
            &format!("{}:/usr/bin:/bin", bin_dir.display()),
        )
        .args(["-f", "-c", code])
        .output()
        .unwrap()
    };
    let parsed = run(&format!("zsh -n {}", script.display()));
    assert!(parsed.status.success(), "{parsed:?}");
    let got = run(&format!(
        "compdef() {{ : }}; compadd() {{ [[ $1 == -a ]] && print -l -- ${{(P)2}} }}; source {}; _chopvault_entry_names",
        script.display()
    ));
    let got = String::from_utf8(got.stdout).unwrap();
    assert_eq!(got, "kazan/yandex-disk\nyandex-disk\n");
}

/// fish: the completion rule lists entry names after the subcommands
/// that take one, from the index, through the real binary.
#[test]
fn fish_completion_offers_entry_names() {
    if !common::require("fish") {
        return;
    }
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("yandex-disk", "y0_one").success();
    sb.set("kazan/yandex-disk", "y0_two").success();
    let out = sb.cmd().args(["completions", "fish"]).output().unwrap();
    let script = sb.path("chopvault.fish");
    std::fs::write(&script, out.stdout).unwrap();
    let bin_dir = assert_cmd::cargo::cargo_bin!("chopvault")
        .parent()
        .unwrap()
        .to_path_buf();
    let complete = |line: &str| {
        let out = sb
            .env_into(
                &mut std::process::Command::new("fish"),
                &format!("{}:/usr/bin:/bin", bin_dir.display()),
            )
            .args([
                "--no-config",
                "-c",
                &format!("source {}; complete -C '{line}'", script.display()),
            ])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let got = complete("chopvault get ya");
    assert!(got.lines().any(|l| l.starts_with("yandex-disk")), "{got}");
    let got = complete("chopvault export ka");
    assert!(
        got.lines().any(|l| l.starts_with("kazan/yandex-disk")),
        "{got}"
    );
    let got = complete("chopvault status ya");
    assert!(!got.contains("yandex-disk"), "{got}");
}

#[test]
fn usage_errors_exit_2() {
    let sb = Sandbox::new();
    sb.cmd().arg("frobnicate").assert().code(2);
    sb.cmd().args(["set"]).assert().code(2);
    sb.cmd().args(["get", "a", "--reveal"]).assert().code(2);
    // A value is never accepted as an argument.
    sb.cmd().args(["set", "name", "y0_value"]).assert().code(2);
    no_files_created(&sb);
}

#[test]
fn without_a_store_commands_say_run_init() {
    let sb = Sandbox::new();
    for args in [vec!["list"], vec!["status"], vec!["get", "x"]] {
        sb.cmd().args(&args).assert().code(4).stderr(
            predicate::str::contains("no store is set up")
                .and(predicate::str::contains("chopvault init")),
        );
    }
}

#[test]
fn bad_entry_names_are_usage_errors() {
    let sb = Sandbox::new();
    sb.init_identity();
    for name in ["a b", "../x", "a//b", "ä", "/abs"] {
        sb.cmd()
            .args(["set", "--stdin", "--", name])
            .write_stdin("y0_x")
            .assert()
            .code(2);
    }
}

/// Regression: `completions` into a pipe whose reader had gone panicked in
/// clap_complete (exit 101). No command panics on a broken stdout.
#[test]
fn output_into_a_broken_pipe_never_panics() {
    use std::process::Stdio;
    let sb = Sandbox::new();
    for args in [
        &["completions", "bash"][..],
        &["man"],
        &["--help"],
        &["list"],
    ] {
        let mut child = sb
            .std_cmd()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(out.status.code(), Some(101), "{args:?}");
    }
}

/// Regression: `chopvault set NAME y0_…` (the token as an argument by
/// mistake) printed the token in clap's "unexpected argument" error, into
/// scrollback and CI logs. It is refused without being echoed, with what
/// to do instead.
#[test]
fn a_value_given_as_an_argument_is_never_echoed() {
    let sb = Sandbox::new();
    let token = "y0_AgAAAAB4xNoTLeAkArgumentLeakQwErTy1234567890";
    for args in [
        vec!["set", "yd", token],
        vec!["get", "yd", token],
        vec![token],
        vec!["export", "yd", token],
    ] {
        let out = sb.cmd().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            !err.contains("ArgumentLeak") && !stdout.contains("ArgumentLeak"),
            "{args:?}: {err}"
        );
        assert!(err.contains("--stdin"), "{args:?}: {err}");
        assert!(err.contains("history"), "{args:?}: {err}");
    }
    // Option names and small words are still shown, as clap shows them.
    let out = sb.cmd().args(["set", "yd", "--bogus"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("--bogus"));
}

/// Issue 14, item 9: several errors had no `hint:` line although README
/// promises one for every error, and a malformed config was quoted back.
#[test]
fn every_error_has_a_hint_and_quotes_no_config_value() {
    let sb = Sandbox::new();
    let id = sb.init_identity();
    let cases: Vec<Vec<String>> = vec![
        vec!["set".into(), "bad name".into(), "--stdin".into()],
        vec![
            "set".into(),
            "x".into(),
            "--from-file".into(),
            "/nonexistent/t.txt".into(),
        ],
        vec![
            "--passphrase-file".into(),
            "/nonexistent/pass".into(),
            "init".into(),
            "--store".into(),
            "file".into(),
            "--vault".into(),
            sb.path("p.age").display().to_string(),
        ],
        vec![
            "set".into(),
            "x".into(),
            "--stdin".into(),
            "--client-id".into(),
            "cid123".into(),
        ],
        vec!["get".into(), "nosuch".into()],
        vec![
            "export".into(),
            "x".into(),
            "--ttl".into(),
            "soon".into(),
            "--".into(),
            "true".into(),
        ],
    ];
    for args in &cases {
        let out = sb.cmd().args(args).write_stdin(TOKEN).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        let lines: Vec<&str> = err.lines().filter(|l| !l.contains("warning:")).collect();
        assert!(
            lines.iter().any(|l| l.contains("error"))
                && lines.iter().any(|l| l.starts_with("hint: ")),
            "{args:?}: {err}"
        );
    }
    // A malformed config: the line is named, the value is not quoted.
    let config = sb.path("config/chopvault/config.toml");
    std::fs::write(&config, "store = \"y0_CONFIGLEAKVALUE\"\n").unwrap();
    let out = sb.cmd().arg("status").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("CONFIGLEAK"), "{err}");
    assert!(err.contains("line 1") && err.contains("hint: "), "{err}");
    let _ = id;
}
