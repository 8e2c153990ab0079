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
fn files() -> Vec<(&'static str, String)> {
    vec![
        (
            "$XDG_CONFIG_HOME/chopvault/config.toml",
            t!("man-file-config"),
        ),
        ("$XDG_DATA_HOME/chopvault/vault.age", t!("man-file-vault")),
        ("$XDG_DATA_HOME/chopvault/vault.key.age", t!("man-file-key")),
        ("VAULT.sig", t!("man-file-signature")),
        ("$XDG_DATA_HOME/chopvault/indexes/", t!("man-file-indexes")),
        ("$XDG_STATE_HOME/chopvault/members/", t!("man-file-members")),
        (
            "$XDG_STATE_HOME/chopvault/events.jsonl",
            t!("man-file-events"),
        ),
        ("$XDG_STATE_HOME/chopvault/exports/", t!("man-file-exports")),
        (
            "$XDG_STATE_HOME/chopvault/migration.json",
            t!("man-file-migration"),
        ),
        (
            "$XDG_RUNTIME_DIR/chopvault/agent.sock",
            t!("man-file-agent-socket"),
        ),
    ]
}

/// Environment variables.
fn environment() -> Vec<(&'static str, String)> {
    vec![
        ("CHOPVAULT_VAULT", t!("man-env-vault")),
        ("CHOPVAULT_IDENTITY", t!("man-env-identity")),
        ("CHOPVAULT_PASSPHRASE_FILE", t!("man-env-passphrase-file")),
        ("CHOPVAULT_CONFIG", t!("man-env-config")),
        ("CHOPVAULT_AGENT_SOCKET", t!("man-env-agent-socket")),
        ("CHOPVAULT_YANDEX_DEADLINE", t!("man-env-yandex-deadline")),
        (
            "BAO_ADDR, BAO_TOKEN, VAULT_ADDR, VAULT_TOKEN",
            t!("man-env-bao-server"),
        ),
        (
            "BAO_CACERT, BAO_CAPATH, BAO_CLIENT_CERT, BAO_CLIENT_KEY, BAO_NAMESPACE",
            t!("man-env-bao-tls"),
        ),
        ("CHOPVAULT_TIMEOUT", t!("man-env-openbao-timeout")),
        ("CHOP_DEPLOY", t!("man-env-chop-deploy")),
        ("CHOPVAULT_TOKEN_FILE", t!("man-env-token-file")),
        (
            "CHOPVAULT_YANDEX_OAUTH_URL, CHOPVAULT_YANDEX_API_URL",
            t!("man-env-yandex-urls"),
        ),
        (
            "CHOPVAULT_HTTP_TIMEOUT, CHOPVAULT_HTTP_BACKOFF_MS",
            t!("man-env-http"),
        ),
        ("CHOPVAULT_SCRYPT_WORK_FACTOR", t!("man-env-scrypt")),
        (
            "XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME, XDG_RUNTIME_DIR",
            t!("man-env-xdg"),
        ),
        ("SUDO_USER", t!("man-env-sudo-user")),
        ("NO_COLOR", t!("man-env-no-color")),
        (
            "CHOPVAULT_LANG, LC_ALL, LC_MESSAGES, LANG",
            t!("man-env-lang"),
        ),
    ]
}

/// What each page says beyond clap's one-line summary: paragraphs of
/// DESCRIPTION, from the catalog (README's substance, in the reader's
/// language). Pages not named here keep the summary alone.
fn descriptions() -> Vec<(&'static str, Vec<String>)> {
    vec![
        (
            "chopvault",
            vec![
                t!("man-description-top-stores"),
                t!("man-description-top-export"),
                t!("man-description-top-watch"),
                t!("man-description-top-sudo"),
            ],
        ),
        (
            "chopvault-export",
            vec![
                t!("man-description-export-steps"),
                t!("man-description-export-installer"),
                t!("man-description-export-wipe"),
                t!("man-description-export-signals"),
                t!("man-description-export-journal"),
            ],
        ),
        (
            "chopvault-set",
            vec![
                t!("man-description-set-input"),
                t!("man-description-set-import"),
            ],
        ),
        (
            "chopvault-unlock",
            vec![
                t!("man-description-unlock-agent"),
                t!("man-description-unlock-refuses"),
            ],
        ),
    ]
}

/// Exit codes.
fn exit_status() -> Vec<(&'static str, String)> {
    vec![
        ("0", t!("man-exit-ok")),
        ("1", t!("man-exit-error")),
        ("2", t!("man-exit-usage")),
        ("3", t!("man-exit-no-entry")),
        ("4", t!("man-exit-unavailable")),
        ("5", t!("man-exit-wrong-key")),
        ("10", t!("man-exit-expires-soon")),
        ("11", t!("man-exit-expired")),
        ("12", t!("man-exit-rejected")),
        ("13", t!("man-exit-unreachable")),
        ("14", t!("man-exit-cached")),
        ("*", t!("man-exit-installer")),
    ]
}

/// Examples per page: (command name, shell lines with a comment each).
fn examples() -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    vec![
        (
            "chopvault",
            vec![
                ("chopvault init", t!("man-example-top-init")),
                (
                    "chopvault set yandex-disk --from-file CHOP_DEPLOY/token.txt",
                    t!("man-example-top-import"),
                ),
                (
                    "chopvault export yandex-disk --dir CHOP_DEPLOY -- ./install.sh",
                    t!("man-example-top-export"),
                ),
                (
                    "chopvault status --warn-days 30",
                    t!("man-example-top-status"),
                ),
            ],
        ),
        (
            "chopvault-export",
            vec![
                (
                    "chopvault export yandex-disk --dir ./CHOP_DEPLOY -- ./install.sh --site kazan",
                    t!("man-example-export-installer"),
                ),
                (
                    "chopvault export yandex-disk --dir ./CHOP_DEPLOY --ttl 5m -- ./install.sh",
                    t!("man-example-export-ttl"),
                ),
            ],
        ),
        (
            "chopvault-set",
            vec![
                ("chopvault set yandex-disk", t!("man-example-set-prompt")),
                (
                    "printf '%s' \"$TOKEN\" | chopvault set yandex-disk --stdin",
                    t!("man-example-set-stdin"),
                ),
            ],
        ),
        (
            "chopvault-unlock",
            vec![
                ("chopvault unlock --for 1h", t!("man-example-unlock-for")),
                ("chopvault lock", t!("man-example-unlock-lock")),
            ],
        ),
        (
            "chopvault-recipients",
            vec![
                (
                    "chopvault --vault team.age recipients add age1... ssh-ed25519 AAAA... bob",
                    t!("man-example-recipients-add"),
                ),
                (
                    "chopvault --vault team.age recipients remove bob",
                    t!("man-example-recipients-remove"),
                ),
            ],
        ),
        (
            "chopvault-migrate",
            vec![
                (
                    "chopvault migrate --to file --generate-identity",
                    t!("man-example-migrate-to-file"),
                ),
                (
                    "chopvault migrate --to openbao --addr https://bao.example.org:8200",
                    t!("man-example-migrate-to-openbao"),
                ),
                (
                    "chopvault migrate --to keyring",
                    t!("man-example-migrate-again"),
                ),
            ],
        ),
        (
            "chopvault-status",
            vec![(
                "0 9 * * * chopvault status >/dev/null || mail -s 'token expiring' ops@example.org",
                t!("man-example-status-cron"),
            )],
        ),
    ]
}

/// Writes the main page to stdout, or every page into `--dir`.
pub fn run(args: &ManArgs) -> Result<Outcome, Error> {
    let failed = |e: std::io::Error| Error::Io(t!("cmd-man-write-man-page"), e);
    let lang = crate::ui::lang::current();
    let mut cmd = Cli::command().disable_help_subcommand(true);
    if lang == crate::ui::lang::Lang::En {
        cmd.build();
    } else {
        cmd = crate::ui::clap::localized(cmd, lang);
    }
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
                "cmd-man-wrote-pages",
                written = written,
                dir = dir.display()
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
    let mut theirs = Vec::new();
    // The header's manual name (man's default: "General Commands Manual")
    // is a word like any other.
    clap_mangen::Man::new(cmd.clone())
        .manual(t!("man-manual"))
        .render(&mut theirs)?;
    let theirs = String::from_utf8_lossy(&theirs);
    let theirs = match descriptions().iter().find(|(n, _)| *n == name) {
        Some((_, paragraphs)) => described(&theirs, paragraphs),
        None => theirs.into_owned(),
    };
    out.extend_from_slice(crate::ui::clap::man_words(&theirs).as_bytes());
    let top = parents.is_empty();
    if top {
        section(out, &t!("man-section-files"), &files());
        section(out, &t!("man-section-environment"), &environment());
    }
    section(out, &t!("man-section-exit-status"), &exit_status());
    if let Some((_, lines)) = examples().iter().find(|(n, _)| *n == name) {
        let _ = writeln!(out, ".SH {}", t!("man-section-examples"));
        for (line, why) in lines {
            let _ = writeln!(out, ".TP\n\\fB{}\\fR\n{}", roff(line), roff(why));
        }
    }
    let _ = writeln!(out, ".SH \"{}\"", t!("man-section-see-also"));
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

/// Clap's page with `paragraphs` added at the end of its DESCRIPTION
/// (after the summary clap puts there), or as a DESCRIPTION of their own
/// before OPTIONS when clap wrote none.
fn described(page: &str, paragraphs: &[String]) -> String {
    let text: String = paragraphs
        .iter()
        .map(|p| format!(".PP\n{}\n", roff(p)))
        .collect();
    let (at, text) = match page.find(".SH DESCRIPTION\n") {
        Some(start) => {
            let after = start + ".SH DESCRIPTION\n".len();
            let end = page[after..]
                .find("\n.SH ")
                .map_or(page.len(), |e| after + e + 1);
            (end, text)
        }
        None => (
            page.find(".SH OPTIONS\n").unwrap_or(page.len()),
            format!(".SH DESCRIPTION\n{text}"),
        ),
    };
    let mut out = String::with_capacity(page.len() + text.len());
    out.push_str(&page[..at]);
    out.push_str(&text);
    out.push_str(&page[at..]);
    out
}

fn section(out: &mut Vec<u8>, title: &str, rows: &[(&str, String)]) {
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
