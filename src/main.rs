//! The chopvault binary: harden the process, parse, run, print the error
//! once with its hint, exit with its code.

use std::process::ExitCode;

fn main() -> ExitCode {
    chopvault::sys::harden();
    let cli = chopvault::cli::Cli::from_env();
    match chopvault::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // A broken stderr must not turn the error into a panic.
            chopvault::ui::say_error(&e);
            let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
            let command = chopvault::cli::subcommand_named(&args);
            if let Some(hint) = e.hint_in(command.as_deref()) {
                chopvault::ui::say_hint(&hint);
            }
            ExitCode::from(e.exit_code())
        }
    }
}
