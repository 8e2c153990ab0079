//! `chopvault whoami`: your member card, the one line a team vault's
//! writers add with `recipients add` so that you can read and write it.

use super::Outcome;
use crate::cli::WhoamiArgs;
use crate::context::{Context, StoreSpec};
use crate::error::Error;
use crate::sign;
use crate::store::file;

/// Runs `whoami`.
pub fn run(ctx: &Context, args: &WhoamiArgs) -> Result<Outcome, Error> {
    let identity = match &ctx.global.identity {
        Some(p) => Some(p.clone()),
        None => match ctx.store_spec() {
            Ok(StoreSpec::File { identity, .. }) => identity,
            _ => None,
        },
    };
    let Some(identity) = identity else {
        return Err(Error::Usage(t!("cmd-whoami-whoami-needs-your-age")));
    };
    let name = match &args.name {
        Some(n) => {
            sign::check_name(n)
                .map_err(|why| Error::Usage(t!("cmd-whoami-bad-name", why = why)))?;
            n.clone()
        }
        None => crate::context::member_name(),
    };
    for card in file::cards_of_identity_file(&identity, Some(name))? {
        data!("{card}");
    }
    Ok(Outcome::default())
}
