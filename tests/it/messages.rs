//! Every user-visible message of the error and warning paths, pinned with
//! its exact text in case files under `tests/cmd/`, so that a lost hint, a
//! changed word or an echoed value fails a test (rage's `tests/cmd/` is the
//! model; snapbox compares).
//!
//! A case is `tests/cmd/NAME.toml`:
//!
//! ```toml
//! about = "what this pins"
//! setup = "identity"          # none | identity | passphrase | keyring-less
//! files = { "deploy/token.txt" = "y0_..." }   # written before (0600)
//! modes = { "deploy/token.txt" = "644" }      # chmod after `before`
//! before = [ { args = ["set", "yd", "--stdin"], stdin = "y0_..." } ]
//! args = ["get", "nope"]
//! stdin = "..."               # optional
//! env = { NO_COLOR = "1" }    # optional
//! cwd = "deploy"              # optional, the command's folder in [ROOT]
//! code = 3
//! ```
//!
//! with its expected output in `NAME.stdout` and `NAME.stderr` beside it.
//! `[ROOT]` stands for the sandbox folder (in `args` too; there `[DAY+5]`
//! or `[DAY-1]` is the date 5 days from, or 1 before, today), `[DATE]` for a
//! date, `[N]` for a count of days ago (`[DAYS]` for it with its Russian
//! word), `[ELAPSED]` for a time measured,
//! `[HOST]` for this machine's name, `[AGEKEY]` and `[SSHKEY]` for
//! generated keys, `[..]` for anything on a line. `SNAPSHOTS=overwrite cargo test
//! --test it messages` rewrites the expected files after a deliberate change;
//! read the diff before committing it.
//!
//! Beyond the exact text, every error must come with a `hint:` line,
//! and no output may hold a token or passphrase used by the case.

use crate::common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::{Sandbox, TOKEN};
use serde::Deserialize;

/// Values that must never appear in any output.
const SECRETS: &[&str] = &[
    TOKEN,
    "correct horse battery staple",
    "y0_AgAAAAB4secondTOKENvalueQQQQQQQQQQQQQQQQQQQQQQQQQQQ",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    #[serde(default)]
    setup: Setup,
    #[serde(default)]
    files: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    modes: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    before: Vec<Step>,
    args: Vec<String>,
    stdin: Option<String>,
    #[serde(default)]
    env: std::collections::BTreeMap<String, String>,
    /// The command's working folder, inside the sandbox ("" for `[ROOT]`).
    cwd: Option<String>,
    code: i32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    args: Vec<String>,
    stdin: Option<String>,
}

#[derive(Deserialize, Default, Clone, Copy, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum Setup {
    /// An empty sandbox: no store.
    #[default]
    None,
    /// `init --store file --generate-identity` (identity in keys/).
    Identity,
    /// `init --store file` with the passphrase file `[ROOT]/pass-28`.
    Passphrase,
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd")
}

/// `[ROOT]`, and `[DAY+N]` / `[DAY-N]`: the date N days from today (UTC),
/// for expiry dates that stay near whenever the case runs.
fn substitute(text: &str, root: &Path) -> String {
    let text = text.replace("[ROOT]", &root.display().to_string());
    let day = regex::Regex::new(r"\[DAY([+-]\d+)\]").unwrap();
    day.replace_all(&text, |c: &regex::Captures| {
        let n: i64 = c[1].parse().unwrap();
        let today = jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date();
        today
            .checked_add(jiff::Span::new().days(n))
            .unwrap()
            .to_string()
    })
    .into_owned()
}

fn run_case(path: &Path) -> Result<(), String> {
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    let case: Case = toml::from_str(&fs::read_to_string(path).unwrap())
        .map_err(|e| format!("{name}: bad case file: {e}"))?;
    let sb = Sandbox::new();
    let root = sb.dir.path().to_path_buf();
    match case.setup {
        Setup::None => {}
        Setup::Identity => {
            sb.init_identity();
        }
        Setup::Passphrase => {
            sb.init_passphrase();
        }
    }
    for (rel, content) in &case.files {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, content).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
    }
    for step in &case.before {
        let args: Vec<String> = step.args.iter().map(|a| substitute(a, &root)).collect();
        let out = sb
            .cmd()
            .args(&args)
            .write_stdin(step.stdin.clone().unwrap_or_default())
            .output()
            .unwrap();
        if !out.status.success() {
            return Err(format!(
                "{name}: set-up step {args:?} failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    for (rel, mode) in &case.modes {
        let mode = u32::from_str_radix(mode, 8).unwrap();
        fs::set_permissions(root.join(rel), fs::Permissions::from_mode(mode)).unwrap();
    }
    let args: Vec<String> = case.args.iter().map(|a| substitute(a, &root)).collect();
    let mut cmd = sb.cmd();
    cmd.args(&args);
    if let Some(cwd) = &case.cwd {
        cmd.current_dir(root.join(cwd));
    }
    // The case's environment is for its command only, not the set-up.
    for (k, v) in &case.env {
        cmd.env(k, substitute(v, &root));
    }
    if let Some(stdin) = &case.stdin {
        cmd.write_stdin(stdin.clone());
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap_or(-1);

    let mut problems = Vec::new();
    if code != case.code {
        problems.push(format!(
            "exit {code}, expected {}\nstderr:\n{stderr}",
            case.code
        ));
    }
    let hinted = |l: &str| l.starts_with("hint: ") || l.starts_with("подсказка: ");
    if (stderr.contains("error:") || stderr.contains("ошибка:")) && !stderr.lines().any(hinted)
    {
        problems.push(format!("an error without a hint line:\n{stderr}"));
    }
    for secret in SECRETS {
        if stdout.contains(secret) || stderr.contains(secret) {
            problems.push(format!("a secret value is in the output: {secret:.8}…"));
        }
    }
    let mut redactions = snapbox::Redactions::new();
    redactions.insert("[ROOT]", root.clone()).unwrap();
    redactions
        .insert(
            "[DATE]",
            regex::Regex::new(r"(?<redacted>\b\d{4}-\d{2}-\d{2}\b)").unwrap(),
        )
        .unwrap();
    // Counts of days from today, and times measured.
    redactions
        .insert(
            "[N]",
            regex::Regex::new(r"(?<redacted>\b\d+) days? ago").unwrap(),
        )
        .unwrap();
    // In Russian the word for days follows the count (1 день, 2 дня,
    // 5 дней): both go.
    redactions
        .insert(
            "[DAYS]",
            regex::Regex::new(r"(?<redacted>\b\d+ (?:день|дня|дней)) назад").unwrap(),
        )
        .unwrap();
    redactions
        .insert(
            "[ELAPSED]",
            regex::Regex::new(r"\((?<redacted>\d+(?:[.,]\d+)?) (?:s|с)\)").unwrap(),
        )
        .unwrap();
    // Keys and the member name (user@host) differ per run and machine.
    let host = rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned();
    // Only after the `@` of a member name: a short host name ("vm") can
    // also occur inside a generated key.
    redactions
        .insert(
            "[HOST]",
            regex::Regex::new(&format!(r"@(?<redacted>{})\b", regex::escape(&host))).unwrap(),
        )
        .unwrap();
    redactions
        .insert(
            "[AGEKEY]",
            regex::Regex::new(r"(?<redacted>\bage1[0-9a-z]{58}\b)").unwrap(),
        )
        .unwrap();
    redactions
        .insert(
            "[SSHKEY]",
            regex::Regex::new(r"(?<redacted>AAAAC3NzaC1lZDI1NTE5[A-Za-z0-9+/=]+)").unwrap(),
        )
        .unwrap();
    let assert = snapbox::Assert::new()
        .redact_with(redactions)
        .action_env("SNAPSHOTS");
    for (stream, actual) in [("stdout", &stdout), ("stderr", &stderr)] {
        let expected = path.with_extension(stream);
        if let Err(e) = assert.try_eq(
            Some(&format!("{name}.{stream}")),
            snapbox::Data::text(actual.clone()),
            snapbox::Data::read_from(&expected, None),
        ) {
            problems.push(e.to_string());
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "case {name} ({}):\n{}",
            case.about,
            problems.join("\n")
        ))
    }
}

#[test]
fn every_message_is_as_pinned() {
    let mut cases: Vec<PathBuf> = fs::read_dir(cases_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    // Run a few at a time: each is a handful of short processes.
    let failures: Vec<String> = std::thread::scope(|s| {
        let chunks: Vec<&[PathBuf]> = cases.chunks(cases.len().div_ceil(4)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|c| run_case(c).err())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
