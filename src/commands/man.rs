//! `chopvault man`: the man page (roff) from the clap definition.
//! Opens no store.

use clap::CommandFactory;

use super::Outcome;
use crate::cli::Cli;
use crate::error::Error;

/// Writes the man page to stdout.
pub fn run() -> Result<Outcome, Error> {
    clap_mangen::Man::new(Cli::command())
        .render(&mut std::io::stdout())
        .map_err(|e| Error::Other(format!("could not write the man page: {e}"), None))?;
    Ok(Outcome::default())
}
