//! `chopvault cleanup`: wipe token files left by exports that were killed.
//! Every command does the same sweep first; this one reports even when
//! there was nothing to do.

use super::Outcome;
use crate::cli::CleanupArgs;
use crate::context::Context;
use crate::error::Error;
use crate::export::journal::{Journal, Swept};

/// Runs `cleanup`.
pub fn run(ctx: &Context, args: &CleanupArgs, swept_already: usize) -> Result<Outcome, Error> {
    let journal = Journal::new(&ctx.paths()?.state_dir);
    let mut swept_already = swept_already;
    if args.force {
        let swept = journal.sweep_with(true);
        report(ctx, &swept);
        swept_already += swept.len();
    }
    let running = journal.in_progress();
    if swept_already == 0 {
        say!("cmd-cleanup-nothing-left");
    }
    for r in &running {
        say!(
            "cmd-cleanup-export-running",
            pid = r.pid,
            path = crate::text::shown_path(&r.path)
        );
    }
    Ok(Outcome::default())
}

/// Wipes token files whose export was killed (its process is gone), and
/// says so. Every command that touches the user's files does this first.
pub fn sweep(ctx: &Context) -> usize {
    let Ok(paths) = ctx.paths() else { return 0 };
    let swept = Journal::new(&paths.state_dir).sweep();
    report(ctx, &swept);
    swept
        .iter()
        .filter(|s| matches!(s, Swept::Removed(_)))
        .count()
}

/// Says what a sweep of the export journal did.
pub fn report(ctx: &Context, swept: &[Swept]) {
    for s in swept {
        match s {
            Swept::Removed(p) => {
                say!("lib-sweep-removed", path = crate::text::shown_path(p));
                ctx.log(&crate::events::Event {
                    time: jiff::Timestamp::now().to_string(),
                    command: "cleanup",
                    entry: None,
                    fingerprint: None,
                    outcome: "ok",
                    detail: Some(serde_json::json!({ "removed": p })),
                });
            }
            Swept::LeftForeign(p) => {
                say!("lib-sweep-file-replaced", path = crate::text::shown_path(p));
            }
            Swept::Failed(p, e) => say!(
                "lib-sweep-remove-failed",
                path = crate::text::shown_path(p),
                error = crate::say::Explain::explain(e).text
            ),
            Swept::Invalid(p) => say!(
                "lib-sweep-dropped-record",
                path = crate::text::shown_path(p)
            ),
            Swept::Elsewhere(p) => say!(
                "lib-sweep-foreign-export",
                path = crate::text::shown_path(p)
            ),
            Swept::Refused(dir) => say!(
                "lib-sweep-refused",
                why = t!(
                    "export-journal-not-private",
                    dir = crate::text::shown_path(dir)
                )
            ),
        }
    }
}
