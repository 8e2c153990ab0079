//! chopvault: a command-line vault for deployment tokens — the command
//! line. Values live in the OS keyring, an age-encrypted file or an
//! OpenBao server, never in plaintext; the `chopvault-core` crate keeps,
//! moves and checks them and returns facts. This crate turns arguments
//! into calls of the core and the core's facts into words.
//!
//! Layers, each importing only those below it:
//!
//! - `main.rs` → [`run`] → `commands` (one file per subcommand: arguments
//!   in, core calls, output through [`ui`]);
//! - [`context`] (which store, resolved from options, environment and
//!   config), [`cli`] (clap's derive tree), [`prompt`] (the terminal:
//!   passphrases, answers, spinners), [`error`] (the command's error and
//!   its exit code);
//! - [`say`] (every core error, reason and notice in words, with its
//!   remedy beside it) and [`ui`] (the catalogs, printing, clap's words in
//!   Russian);
//! - the core, re-exported under its own module names so that
//!   `crate::store::…` reads the same on both sides of the line.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

// First, so that its output macros (`say!`, `out!`, `say_partial!`) are
// visible in every module after it.
#[macro_use]
pub mod ui;

pub mod cli;
pub mod commands;
pub mod context;
pub mod error;
pub mod prompt;
pub mod say;

pub use chopvault_core::{
    agent, config, entry, events, export, fsutil, lifecycle, migrate, notice, owner, paths, secret,
    sign, store, sys, text, tls, vault, yandex,
};

use cli::{Cli, Command};
use commands::Outcome;
use context::Context;
use error::Error;

/// Runs one parsed command line; returns the exit code on success.
pub fn run(cli: Cli) -> Result<u8, Error> {
    // The core's notices are worded and shown by the command line.
    say::notice::install();
    // Commands that need no store are answered before anything is resolved.
    match &cli.command {
        Command::Completions(args) => return Ok(commands::completions::run(args).code),
        Command::Man(args) => return Ok(commands::man::run(args)?.code),
        Command::AgentServe => {
            return Ok(agent::server::serve(&|e| say::Explain::explain(e).text));
        }
        _ => {}
    }
    store::openbao::transport::set_command(cli.command.name());
    let ctx = Context::new(cli.global.clone());
    // Before anything is read or written, the export sweep included: root
    // never acts on another user's files (see `owner`). `lock` touches
    // none; it only asks the caller's own agent.
    if !matches!(cli.command, Command::Lock)
        && let Some((path, owner)) = owner::foreign_to_root(|| ctx.touched())
    {
        return Err(Error::NotOwner { path, owner });
    }
    let swept = commands::cleanup::sweep(&ctx);
    let result = commands::dispatch(&ctx, &cli.command, swept);
    // A name that is not there, from the names the index knows (quiet,
    // nothing unlocked): "did you mean".
    let result = result.map_err(|e| {
        let index = ctx
            .store_spec()
            .ok()
            .and_then(|s| vault::index::Index::load(&s.index_path()).ok().flatten());
        match index {
            Some(i) => e.suggest_entry(i.entries.keys().map(String::as_str)),
            None => e,
        }
    });
    log_outcome(&ctx, &cli.command, &result);
    result.map(|o| o.code)
}

/// Records commands that touch entries in the event log, failures included.
fn log_outcome(ctx: &Context, command: &Command, result: &Result<Outcome, Error>) {
    let (name, entry) = match command {
        Command::Init(_) => ("init", None),
        Command::Set(a) => ("set", Some(a.name.as_str())),
        Command::Get(a) => ("get", Some(a.name.as_str())),
        Command::Rm(a) => ("rm", Some(a.name.as_str())),
        Command::Export(a) => ("export", Some(a.name.as_str())),
        Command::Login(a) => ("login", Some(a.name.as_str())),
        Command::Rotate(a) => ("rotate", Some(a.name.as_str())),
        Command::Verify(a) => ("verify", Some(a.name.as_str())),
        Command::Refresh(a) => ("refresh", Some(a.name.as_str())),
        Command::Recipients(_) => ("recipients", None),
        Command::Members(_) => ("members", None),
        Command::Whoami(_) => ("whoami", None),
        Command::Rekey(_) => ("rekey", None),
        Command::Migrate(_) => ("migrate", None),
        _ => return,
    };
    let (outcome, fingerprint, detail) = match result {
        Ok(o) if !o.log => return,
        Ok(o) => ("ok", o.fingerprint.as_deref(), o.detail.clone()),
        Err(e) => (e.class(), None, None),
    };
    ctx.log(&events::Event {
        time: jiff::Timestamp::now().to_string(),
        command: name,
        entry,
        fingerprint,
        outcome,
        detail,
    });
}
