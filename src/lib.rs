//! chopvault: a command-line vault for deployment tokens.
//!
//! Values live in the OS keyring or in an age-encrypted file, never in
//! plaintext. The binary (`main.rs`) only parses, calls [`run`] and maps the
//! error to an exit code; everything else is here.
//!
//! Layers: `commands` → (`vault`, `store`) → (`secret`, `fsutil`).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cli;
pub mod commands;
pub mod config;
pub mod context;
pub mod error;
pub mod events;
pub mod fsutil;
pub mod paths;
pub mod prompt;
pub mod secret;
pub mod store;
pub mod sys;
pub mod vault;

use cli::{Cli, Command};
use commands::Outcome;
use context::Context;
use error::Error;

/// Runs one parsed command line; returns the exit code on success.
pub fn run(cli: Cli) -> Result<u8, Error> {
    // Commands that need no store are answered before anything is resolved.
    match &cli.command {
        Command::Completions(args) => return Ok(commands::completions::run(args).code),
        Command::Man => return Ok(commands::man::run()?.code),
        _ => {}
    }
    let ctx = Context::new(cli.global.clone());
    let result: Result<Outcome, Error> = match &cli.command {
        Command::Init(args) => commands::init::run(&ctx, args),
        Command::Set(args) => commands::set::run(&ctx, args),
        Command::Get(args) => commands::get::run(&ctx, args),
        Command::List(args) => commands::list::run(&ctx, args),
        Command::Rm(args) => commands::rm::run(&ctx, args),
        Command::Status(args) => commands::status::run(&ctx, args),
        Command::Completions(_) | Command::Man => unreachable!("answered above"),
    };
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
        _ => return,
    };
    let (outcome, fingerprint) = match result {
        Ok(o) if !o.log => return,
        Ok(o) => ("ok", o.fingerprint.as_deref()),
        Err(e) => (e.class(), None),
    };
    ctx.log(&events::Event {
        time: jiff::Timestamp::now().to_string(),
        command: name,
        entry,
        fingerprint,
        outcome,
        detail: None,
    });
}
