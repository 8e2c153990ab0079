//! `chopvault unlock` and `chopvault lock`: the agent that holds a
//! passphrase-protected vault key for a session (see [`crate::agent`]).

use super::{Outcome, parse_duration};
use crate::agent;
use crate::cli::UnlockArgs;
use crate::context::{Context, StoreSpec};
use crate::error::Error;
use crate::paths;
use crate::store::keyfile;

/// Runs `unlock`.
pub fn run(ctx: &Context, args: &UnlockArgs) -> Result<Outcome, Error> {
    let for_ = parse_duration("--for", &args.for_)?;
    let idle = match &args.idle {
        Some(t) => parse_duration("--idle", t)?,
        None => for_,
    };
    let spec = ctx.store_spec()?;
    let (
        Some(store),
        StoreSpec::File {
            vault, identity, ..
        },
    ) = (spec.file_store(), &spec)
    else {
        return Err(Error::Usage(format!(
            "unlock is for age vaults protected by a passphrase; this is the {} store, which needs no passphrase here",
            spec.kind()
        )));
    };
    if let Some(id) = identity {
        return Err(Error::Usage(format!(
            "the vault {} opens with the identity file {}, which asks no passphrase: there is nothing to unlock",
            vault.display(),
            id.display()
        )));
    }
    let key = keyfile::path_for(vault);
    if !key.exists() {
        if !vault.exists() {
            return Err(crate::store::StoreError::Missing(vault.clone()).into());
        }
        return Err(Error::Other(
            format!(
                "the vault {} is a passphrase vault from before key files ({} does not exist): the agent cannot hold its passphrase",
                vault.display(),
                key.display()
            ),
            Some("Convert it once with: chopvault rekey (it then opens with one scrypt per session).".into()),
        ));
    }
    let ids = store.open_keyfile(&key)?;
    let pid = agent::load(
        &paths::canonical_vault(&key),
        &ids[0],
        for_.as_secs(),
        idle.as_secs(),
    )
    .map_err(|e| {
        Error::Other(
            format!("the agent could not take the key: {e}"),
            Some("Commands still work: they ask for the passphrase. See chopvault doctor.".into()),
        )
    })?;
    let until = jiff::Timestamp::now()
        + jiff::SignedDuration::from_secs(i64::try_from(for_.as_secs()).unwrap_or(i64::MAX / 2));
    say!(
        "chopvault: unlocked until {} (agent pid {pid}{}): your chopvault commands, in any terminal, ask no passphrase until then, or until: chopvault lock",
        until.strftime("%Y-%m-%d %H:%M:%S UTC"),
        if idle < for_ {
            format!(", or {}s without use", idle.as_secs())
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
        Ok(true) => say!("chopvault: locked: the agent forgot the key and ended."),
        Ok(false) => say!("chopvault: no agent was running; nothing to lock."),
        Err(e) => {
            return Err(Error::Other(
                format!("could not reach the agent: {e}"),
                Some(format!(
                    "If an agent still runs, end it: pkill -u $USER -f 'chopvault agent-serve' (its socket: {}).",
                    agent::socket_path().display()
                )),
            ));
        }
    }
    Ok(Outcome::default())
}
