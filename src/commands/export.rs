//! `chopvault export NAME [--dir DIR] -- INSTALLER…`: the token file exists
//! only while the installer runs. The protocol is `crate::export::run`;
//! this file turns the arguments into its plan, and its steps and report
//! into lines, an exit code and the event log's detail.

use std::path::Path;

use serde_json::json;

use super::Outcome;
use crate::cli::ExportArgs;
use crate::context::{Context, StoreSpec};
use crate::entry::Meta;
use crate::error::Error;
use crate::export::supervise::Waiting;
use crate::export::tokenfile::{Copies, CutShort, Wiped};
use crate::export::{self, Ended, ExportError, Over, Plan, Report, Step};
use crate::say::export as words;
use crate::secret::Secret;
use crate::text::shown_path;

/// Runs `export`.
pub fn run(ctx: &Context, args: &ExportArgs) -> Result<Outcome, Error> {
    let dir = args.dir.clone().ok_or_else(|| no_folder(&args.name))?;
    let plan = Plan {
        entry: args.name.clone(),
        dir,
        file: args.file.clone(),
        waiting: if args.wait {
            Waiting::Enter
        } else {
            Waiting::Command(args.command.clone())
        },
        state_dir: ctx.paths()?.state_dir.clone(),
        ttl: args.ttl,
        remove_after_read: args.remove_after_read,
        newline: args.newline,
        replace: args.replace,
        no_wait: args.no_wait,
        allow_expired: args.allow_expired,
        if_changed: args.if_changed,
        env: args.env.clone(),
        keep_env: args.keep_env.clone(),
        allow_agent: args.allow_agent,
        as_user: args.as_user.clone(),
        sandbox: args.sandbox,
    };
    let mut vault = FromVault { ctx, spec: None };
    // A file that could not be wiped is an error; how the installer
    // exited is said first.
    let report = export::run(&plan, &mut vault, &mut show).inspect_err(|e| {
        if let Error::Export(ExportError::NotWiped { code, .. }) = e {
            say!("cmd-export-installer-exited", code = code);
        }
    })?;
    Ok(outcome(&plan, report))
}

/// The vault, opened only when the export needs it.
struct FromVault<'a> {
    ctx: &'a Context,
    spec: Option<StoreSpec>,
}

impl FromVault<'_> {
    fn spec(&mut self) -> Result<&StoreSpec, Error> {
        if self.spec.is_none() {
            self.spec = Some(self.ctx.store_spec()?);
        }
        Ok(self.spec.as_ref().expect("just set"))
    }
}

impl export::Source for FromVault<'_> {
    type Error = Error;

    fn indexed(&mut self, name: &str) -> Result<Option<Option<Meta>>, Error> {
        Ok(self.spec()?.fresh_entry(name))
    }

    fn unlock(&mut self, name: &str) -> Result<Secret, Error> {
        Ok(self.spec()?.open()?.get(name)?)
    }
}

/// Says a step of the export as it happens.
fn show(step: Step<'_>) {
    match step {
        Step::ExpiresSoon { name, days, at } => say!(
            "cmd-export-expires-soon",
            name = name,
            days = days,
            date = at.map(super::day).unwrap_or_default()
        ),
        Step::Preflight(w) => say!("cmd-export-preflight-warning", warning = words::warning(w)),
        Step::Busy { target } => say!("cmd-export-waiting", target = shown_path(target)),
        Step::InPlace { target } => say!("cmd-export-in-place", target = shown_path(target)),
        Step::RemovedEarly { target, reason } => say!(
            "cmd-export-removed-early",
            target = shown_path(target),
            why = words::removed_early(reason)
        ),
        Step::NotStarted { program, why } => {
            crate::ui::eprint_message(&words::not_started(&shown_path(program), why));
            crate::ui::eprint_message(&words::not_started_hint());
        }
        Step::Over(over) => show_over(over),
    }
}

/// The installer is done and the file is gone: how it went.
fn show_over(over: &Over) {
    if let Some(e) = &over.not_remembered {
        say!(
            "cmd-export-cannot-remember",
            error = crate::say::Explain::explain(e).text
        );
    }
    match words::taken_away(&over.wiped) {
        None => say!(
            "cmd-export-removed",
            path = shown_path(&over.target),
            why = words::removed_because(over.reason, over.code),
            elapsed = crate::ui::words::duration(over.lived)
        ),
        Some((what, now)) => {
            say!("cmd-export-installer-exited", code = over.code);
            say!(
                "cmd-export-taken-away",
                target = shown_path(&over.target),
                change = what,
                action = now
            );
            say!("cmd-export-taken-away-hint");
        }
    }
    if let Some(here) = &over.ran_in {
        say!(
            "cmd-export-installer-ran-elsewhere",
            here = here.display(),
            dir = over.dir.display()
        );
    }
    if over.folder_replaced {
        say!("cmd-export-folder-replaced", dir = shown_path(&over.dir));
    }
}

/// What the search for copies found.
fn show_copies(dir: &Path, fingerprint: &str, copies: &Copies) {
    match copies.cut_short {
        Some(CutShort::Limit) => say!("cmd-export-search-limited", dir = shown_path(dir)),
        Some(CutShort::Interrupted) => say!("cmd-export-search-interrupted", dir = shown_path(dir)),
        None => {}
    }
    for copy in &copies.found {
        say!(
            "cmd-export-token-copied",
            fingerprint = fingerprint,
            copy = shown_path(copy)
        );
    }
    for copy in &copies.older {
        say!(
            "cmd-export-token-copy-earlier",
            fingerprint = fingerprint,
            copy = shown_path(copy)
        );
    }
}

/// The report's last lines, the exit code and the event log's detail.
fn outcome(plan: &Plan, report: Report) -> Outcome {
    let code = report.exit_code();
    let detail = match &report.ended {
        Ended::NotStartable { program, problem } => {
            say!(
                "cmd-export-installer-failed",
                installer = shown_path(program),
                why = words::installer_problem(*problem)
            );
            say!("cmd-export-installer-failed-hint");
            None
        }
        Ended::Unchanged => {
            say!(
                "cmd-export-unchanged",
                name = plan.entry,
                fingerprint = report.fingerprint.as_deref().unwrap_or_default()
            );
            Some(json!({ "unchanged": true }))
        }
        Ended::Ran { over, copies } => {
            show_copies(
                &over.dir,
                report.fingerprint.as_deref().unwrap_or_default(),
                copies,
            );
            Some(json!({
                "dir": over.dir,
                "file": plan.file,
                "installer_exit_code": over.exit_code(),
                "written": over.written.to_string(),
                "removed": over.removed.to_string(),
                "removed_because": over.reason.word(),
                "name_taken_away": matches!(over.wiped, Wiped::NameChanged { .. }),
                "folder_replaced": over.folder_replaced,
                "copies_found": copies.found,
                "copies_search_complete": copies.cut_short.is_none(),
            }))
        }
    };
    Outcome {
        code,
        fingerprint: report.fingerprint,
        log: true,
        detail,
    }
}

/// No `--dir` and no CHOP_DEPLOY: when the current folder looks like the
/// unpacked CHOP_DEPLOY (its name, or an `install.sh` in it), the error
/// says `--dir .`, the one thing missing.
fn no_folder(name: &str) -> Error {
    let here = std::env::current_dir().ok();
    let looks = here.as_ref().is_some_and(|h| {
        h.file_name()
            .is_some_and(|n| n.eq_ignore_ascii_case("CHOP_DEPLOY"))
            || h.join("install.sh").is_file()
    });
    if looks {
        Error::Usage(t!("cmd-export-no-folder-here", name = name))
    } else {
        Error::Usage(t!("cmd-export-no-folder"))
    }
}
