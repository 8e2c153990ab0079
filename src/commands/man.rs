//! `chopvault man [--dir DIR]`: man pages (roff) from the clap definition,
//! with the sections clap cannot know: FILES, ENVIRONMENT, EXIT STATUS,
//! EXAMPLES and SEE ALSO. Opens no store.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use super::Outcome;
use crate::cli::{Cli, ManArgs};
use crate::error::Error;

/// Files chopvault reads and writes: (path, what it holds).
const FILES: &[(&str, &str)] = &[
    (
        "$XDG_CONFIG_HOME/chopvault/config.toml",
        "the store chosen by init, the vault and identity paths, unlock_for; no secrets",
    ),
    (
        "$XDG_DATA_HOME/chopvault/vault.age",
        "the age vault of the file store",
    ),
    (
        "$XDG_DATA_HOME/chopvault/vault.key.age",
        "its passphrase-protected key; back it up with the vault",
    ),
    (
        "VAULT.sig",
        "the detached SSH signature of an identity vault's last write; commit it with the vault",
    ),
    (
        "$XDG_DATA_HOME/chopvault/indexes/",
        "the metadata index of each age vault (no values)",
    ),
    (
        "$XDG_STATE_HOME/chopvault/members/",
        "the members pinned for each identity vault",
    ),
    (
        "$XDG_STATE_HOME/chopvault/events.jsonl",
        "the event log: time, command, entry, fingerprint, outcome; never a value",
    ),
    (
        "$XDG_STATE_HOME/chopvault/exports/",
        "the journal of exports in progress",
    ),
    (
        "$XDG_STATE_HOME/chopvault/migration.json",
        "a move between stores that was switched but not yet cleaned up (names and fingerprints only)",
    ),
    (
        "$XDG_RUNTIME_DIR/chopvault/agent.sock",
        "the agent's socket (else /tmp/chopvault-UID/)",
    ),
];

/// Environment variables.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "CHOPVAULT_VAULT",
        "as --vault: the age vault to use, even with no config",
    ),
    (
        "CHOPVAULT_IDENTITY",
        "as --identity: the age identity file that opens the vault",
    ),
    (
        "CHOPVAULT_PASSPHRASE_FILE",
        "as --passphrase-file: a 0600 file whose first line is the passphrase",
    ),
    ("CHOPVAULT_CONFIG", "as --config: the config file"),
    (
        "CHOPVAULT_AGENT_SOCKET",
        "the agent's socket, instead of $XDG_RUNTIME_DIR/chopvault/agent.sock",
    ),
    (
        "CHOPVAULT_YANDEX_DEADLINE",
        "overall deadline of one Yandex call in seconds (default 30)",
    ),
    (
        "BAO_ADDR, BAO_TOKEN, VAULT_ADDR, VAULT_TOKEN",
        "the OpenBao / Vault server and its token",
    ),
    (
        "NO_COLOR",
        "no colour for the error:, warning:, note: and hint: prefixes",
    ),
];

/// Exit codes.
const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "success"),
    (
        "1",
        "an error: a damaged vault, a vault not signed by a pinned member, a file problem, refused input",
    ),
    ("2", "a usage error"),
    ("3", "no such entry"),
    (
        "4",
        "the store cannot be used now (keyring locked or missing, no passphrase can be asked for, server down)",
    ),
    ("5", "wrong passphrase or identity"),
    (
        "10",
        "a token expires within the warning window (status, check)",
    ),
    ("11", "a token has expired"),
    ("12", "Yandex rejected a token"),
    ("13", "Yandex could not be reached"),
    (
        "other",
        "export: the installer's own exit code (128 + N when killed by signal N)",
    ),
];

/// Examples per page: (command name, shell lines with a comment each).
const EXAMPLES: &[(&str, &[(&str, &str)])] = &[
    (
        "chopvault",
        &[
            (
                "chopvault init",
                "choose and create the store (the keyring if it answers, else an age file)",
            ),
            (
                "chopvault set yandex-disk --from-file CHOP_DEPLOY/token.txt",
                "import a plaintext token, then wipe the file",
            ),
            (
                "chopvault export yandex-disk --dir CHOP_DEPLOY -- ./install.sh",
                "token.txt only while the installer runs",
            ),
            (
                "chopvault status --warn-days 30",
                "exit 10/11 when a token expires soon / has expired",
            ),
        ],
    ),
    (
        "chopvault-export",
        &[
            (
                "chopvault export yandex-disk --dir ./CHOP_DEPLOY -- ./install.sh --site kazan",
                "write token.txt, run the installer, wipe the file",
            ),
            (
                "chopvault export yandex-disk --dir ./CHOP_DEPLOY --ttl 5m -- ./install.sh",
                "wipe after five minutes even if the installer still runs",
            ),
        ],
    ),
    (
        "chopvault-set",
        &[
            (
                "chopvault set yandex-disk",
                "asked twice at a hidden prompt",
            ),
            (
                "printf '%s' \"$TOKEN\" | chopvault set yandex-disk --stdin",
                "from a pipe",
            ),
        ],
    ),
    (
        "chopvault-unlock",
        &[
            (
                "chopvault unlock --for 1h",
                "ask the passphrase once; later commands ask the agent",
            ),
            ("chopvault lock", "forget the key now"),
        ],
    ),
    (
        "chopvault-recipients",
        &[
            (
                "chopvault --vault team.age recipients add age1... ssh-ed25519 AAAA... bob",
                "let bob read and write (his card from chopvault whoami)",
            ),
            (
                "chopvault --vault team.age recipients remove bob",
                "bob cannot open new versions",
            ),
        ],
    ),
    (
        "chopvault-migrate",
        &[
            (
                "chopvault migrate --to file --generate-identity",
                "from a desktop keyring to an age vault that works over SSH",
            ),
            (
                "chopvault migrate --to openbao --addr https://bao.example.org:8200",
                "onto a server for a fleet",
            ),
            (
                "chopvault migrate --to keyring",
                "run again after an interruption: it finishes the move",
            ),
        ],
    ),
    (
        "chopvault-status",
        &[(
            "0 9 * * * chopvault status >/dev/null || mail -s 'token expiring' ops@example.org",
            "a cron line",
        )],
    ),
];

/// Writes the main page to stdout, or every page into `--dir`.
pub fn run(args: &ManArgs) -> Result<Outcome, Error> {
    let failed = |e: std::io::Error| Error::Io("write the man page".into(), e);
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    match &args.dir {
        None => {
            let mut out = Vec::new();
            page(&cmd, &[], &mut out).map_err(failed)?;
            std::io::stdout().write_all(&out).map_err(failed)?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(failed)?;
            let mut written = 0;
            write_all(&cmd, &[], dir, &mut written).map_err(failed)?;
            say!(
                "chopvault: wrote {written} man pages into {}.",
                dir.display()
            );
        }
    }
    Ok(Outcome::default())
}

/// Writes the page of `cmd` and of each visible subcommand, recursively.
fn write_all(
    cmd: &clap::Command,
    parents: &[&str],
    dir: &Path,
    written: &mut usize,
) -> std::io::Result<()> {
    let mut out = Vec::new();
    page(cmd, parents, &mut out)?;
    let name = page_name(cmd, parents);
    std::fs::write(dir.join(format!("{name}.1")), out)?;
    *written += 1;
    let mut chain = parents.to_vec();
    chain.push(cmd.get_name());
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_all(sub, &chain, dir, written)?;
    }
    Ok(())
}

/// `chopvault-recipients-add` for `recipients add`.
fn page_name(cmd: &clap::Command, parents: &[&str]) -> String {
    let mut parts: Vec<&str> = parents.to_vec();
    parts.push(cmd.get_name());
    parts.join("-")
}

/// One page: clap's sections, then ours.
fn page(cmd: &clap::Command, parents: &[&str], out: &mut Vec<u8>) -> std::io::Result<()> {
    let name = page_name(cmd, parents);
    // After `build()`, clap names a subcommand `chopvault-export`; the
    // page is titled and named after that.
    clap_mangen::Man::new(cmd.clone()).render(out)?;
    let top = parents.is_empty();
    if top {
        section(out, "FILES", FILES);
        section(out, "ENVIRONMENT", ENVIRONMENT);
    }
    section(out, "EXIT STATUS", EXIT_STATUS);
    if let Some((_, lines)) = EXAMPLES.iter().find(|(n, _)| *n == name) {
        let _ = writeln!(out, ".SH EXAMPLES");
        for (line, why) in *lines {
            let _ = writeln!(out, ".TP\n\\fB{}\\fR\n{}", roff(line), roff(why));
        }
    }
    let _ = writeln!(out, ".SH \"SEE ALSO\"");
    let see: Vec<String> = if top {
        cmd.get_subcommands()
            .filter(|s| !s.is_hide_set())
            .map(|s| format!("\\fBchopvault\\-{}\\fR(1)", roff(s.get_name())))
            .chain([
                "\\fBage\\fR(1)".to_string(),
                "\\fBssh\\-keygen\\fR(1)".to_string(),
            ])
            .collect()
    } else {
        vec!["\\fBchopvault\\fR(1)".to_string()]
    };
    let _ = writeln!(out, "{}", see.join(", "));
    Ok(())
}

fn section(out: &mut Vec<u8>, title: &str, rows: &[(&str, &str)]) {
    let _ = writeln!(out, ".SH \"{title}\"");
    for (what, why) in rows {
        let _ = writeln!(out, ".TP\n\\fI{}\\fR\n{}", roff(what), roff(why));
    }
}

/// Escapes text for roff: backslashes and hyphens, and a leading dot or
/// quote that would start a request.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}
