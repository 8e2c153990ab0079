//! `chopvault completions SHELL`: shell completions from the clap definition.
//! Opens no store.

use std::io::Write;

use clap::CommandFactory;

use super::Outcome;
use crate::cli::{Cli, CompletionsArgs};

/// Writes the completion script to stdout. It is generated into memory
/// first: clap_complete panics when its writer fails, and stdout may be a
/// pipe whose reader has gone (then the script is dropped, exit 1).
pub fn run(args: &CompletionsArgs) -> Outcome {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "chopvault", &mut script);
    let written = std::io::stdout()
        .write_all(&script)
        .and_then(|()| std::io::stdout().flush());
    Outcome {
        code: u8::from(written.is_err()),
        ..Outcome::default()
    }
}
