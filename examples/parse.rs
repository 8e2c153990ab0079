//! Parses one chopvault command line and exits, with the lean parser
//! (`lean`: the tree of the one subcommand named, as `chopvault` does for
//! its hot commands) or clap's full tree (`full`). `scripts/bench` times
//! both in fresh processes to show what the lean parser saves a `get`.
//!
//!     cargo run --release --example parse -- lean get yandex-disk

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let mut args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if args.is_empty() {
        return ExitCode::from(2);
    }
    let mode = args.remove(0);
    args.insert(0, "chopvault".into());
    let parsed = match mode.to_str() {
        Some("lean") => chopvault::cli::Cli::try_parse_args(args).is_ok(),
        Some("full") => chopvault::cli::Cli::try_parse_from(args).is_ok(),
        _ => return ExitCode::from(2),
    };
    ExitCode::from(u8::from(!parsed))
}
