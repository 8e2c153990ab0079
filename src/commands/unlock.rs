//! `chopvault unlock` and `chopvault lock`: the agent that holds a
//! passphrase-protected vault key for a session (see [`crate::agent`]).

use super::Outcome;
use crate::agent;
use crate::cli::UnlockArgs;
use crate::context::Context;
use crate::error::Error;
use crate::paths;
use crate::store::file::keyfile;
use crate::store::file::spec::FileSpec;

/// Runs `unlock`.
pub fn run(ctx: &Context, args: &UnlockArgs) -> Result<Outcome, Error> {
    let for_ = args.for_;
    let idle = args.idle.unwrap_or(for_);
    let spec = ctx.store_spec()?;
    let (
        Some(store),
        Some(FileSpec {
            vault, identity, ..
        }),
    ) = (spec.file_store(), spec.file())
    else {
        return Err(Error::Usage(t!(
            "cmd-unlock-not-passphrase-store",
            kind = spec.kind()
        )));
    };
    if let Some(id) = identity {
        return Err(Error::Usage(t!(
            "cmd-unlock-identity-vault",
            vault = vault.display(),
            id = id.display()
        )));
    }
    let key = keyfile::path_for(vault);
    if !key.exists() {
        crate::store::must_exist(vault)?;
        return Err(Error::NoKeyFile {
            vault: vault.clone(),
            key,
        });
    }
    // After an interrupted `rekey --new-key`, the key the vault opens with.
    let ids = store.open_current_keyfile(&key)?;
    let pid = agent::load(
        &paths::canonical_vault(&key),
        &ids[0],
        for_.as_secs(),
        idle.as_secs(),
    )
    .map_err(Error::AgentLoad)?;
    let until = jiff::Timestamp::now()
        + jiff::SignedDuration::from_secs(i64::try_from(for_.as_secs()).unwrap_or(i64::MAX / 2));
    say!(
        "cmd-unlock-done",
        until = crate::ui::words::local_time(until),
        pid = pid,
        idle = if idle < for_ {
            t!(
                "cmd-unlock-or-idle",
                duration = crate::ui::words::duration(idle)
            )
        } else {
            String::new()
        }
    );
    Ok(Outcome {
        log: true,
        ..Outcome::default()
    })
}

/// Runs `lock`.
pub fn lock() -> Result<Outcome, Error> {
    match agent::lock() {
        Ok(true) => say!("cmd-unlock-locked"),
        Ok(false) => say!("cmd-unlock-no-agent"),
        Err(e) => {
            return Err(Error::AgentUnreachable(e));
        }
    }
    Ok(Outcome::default())
}
