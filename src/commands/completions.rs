//! `chopvault completions SHELL`: shell completions from the clap definition.
//! Opens no store.

use clap::CommandFactory;

use super::Outcome;
use crate::cli::{Cli, CompletionsArgs};

/// Writes the completion script to stdout.
pub fn run(args: &CompletionsArgs) -> Outcome {
    clap_complete::generate(
        args.shell,
        &mut Cli::command(),
        "chopvault",
        &mut std::io::stdout(),
    );
    Outcome::default()
}
