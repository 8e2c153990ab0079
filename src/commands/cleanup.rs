//! `chopvault cleanup`: wipe token files left by exports that were killed.
//! Every command does the same sweep first; this one reports even when
//! there was nothing to do.

use super::Outcome;
use crate::cli::CleanupArgs;
use crate::context::Context;
use crate::error::Error;
use crate::export::journal::Journal;

/// Runs `cleanup`.
pub fn run(ctx: &Context, args: &CleanupArgs, swept_already: usize) -> Result<Outcome, Error> {
    let journal = Journal::new(&ctx.paths()?.state_dir);
    let mut swept_already = swept_already;
    if args.force {
        let swept = journal.sweep_with(true);
        crate::report_swept(ctx, &swept);
        swept_already += swept.len();
    }
    let running = journal.in_progress();
    if swept_already == 0 {
        say!("cmd-cleanup-no-token-file-was");
    }
    for r in &running {
        say!(
            "cmd-cleanup-export-progress-pid",
            pid = r.pid,
            path = crate::text::shown_path(&r.path)
        );
    }
    Ok(Outcome::default())
}
