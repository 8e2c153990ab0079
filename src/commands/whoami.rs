//! `chopvault whoami`: your member card, the one line a team vault's
//! writers add with `recipients add` so that you can read and write it;
//! with `--ssh-key FILE`, also your member signing key as an OpenSSH
//! private key, for signing the vault with `ssh-keygen -Y sign`.

use std::path::Path;
use std::str::FromStr as _;

use super::Outcome;
use crate::cli::WhoamiArgs;
use crate::context::Context;
use crate::error::Error;
use crate::fsutil::{self, FsError};
use crate::sign;
use crate::store::file;

/// Runs `whoami`.
pub fn run(ctx: &Context, args: &WhoamiArgs) -> Result<Outcome, Error> {
    let identity = match &ctx.global.identity {
        Some(p) => Some(p.clone()),
        None => match ctx.store_spec() {
            Ok(spec) => spec.file().and_then(|f| f.identity.clone()),
            Err(_) => None,
        },
    };
    let identity = match (identity, &args.generate) {
        (Some(_), Some(_)) => return Err(Error::Usage(t!("cmd-whoami-generate-has-identity"))),
        (Some(identity), None) => identity,
        (None, Some(path)) => {
            let path = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            file::generate_identity_file(&path)?;
            say!("cmd-whoami-generated", path = path.display());
            path
        }
        // Someone joining a team vault has none yet: the error says how
        // to make one, at the path init would use.
        (None, None) => {
            let path = ctx
                .paths()
                .map(crate::paths::Paths::default_identity)
                .unwrap_or_else(|_| "identity.txt".into());
            return Err(Error::NoIdentity(path));
        }
    };
    let name = match &args.name {
        Some(n) => {
            sign::check_name(n).map_err(|why| {
                Error::Usage(t!(
                    "cmd-whoami-bad-name",
                    why = crate::say::Explain::explain(&why).text
                ))
            })?;
            n.clone()
        }
        None => crate::context::member_name(),
    };
    let cards = file::cards_of_identity_file(&identity, Some(name.clone()))?;
    if let Some(out) = &args.ssh_key {
        write_ssh_key(&identity, out, &name)?;
    }
    for card in cards {
        data!("{card}");
    }
    Ok(Outcome::default())
}

/// Writes the signing key of the one X25519 identity in `identity` to
/// `out`, created 0600 and never over an existing file (a key there may be
/// someone's only copy).
fn write_ssh_key(identity: &Path, out: &Path, comment: &str) -> Result<(), Error> {
    let bytes = fsutil::read_private(identity, fsutil::MAX_IDENTITY_FILE)?;
    // `cards_of_identity_file` has read the same file as text.
    let text = std::str::from_utf8(&bytes).unwrap_or("");
    let mut ids = text
        .lines()
        .filter_map(|l| age::x25519::Identity::from_str(l.trim()).ok());
    let (Some(id), None) = (ids.next(), ids.next()) else {
        return Err(Error::Usage(t!(
            "cmd-whoami-ssh-key-several",
            identity = identity.display()
        )));
    };
    let key = sign::SigningKey::from_identity(&id);
    let pem = key.to_openssh(comment);
    fsutil::create_private(out, pem.as_bytes()).map_err(|e| match e {
        FsError::Io { source, .. } if source.kind() == std::io::ErrorKind::AlreadyExists => {
            Error::Usage(t!("cmd-whoami-ssh-key-exists", path = out.display()))
        }
        e => e.into(),
    })?;
    say!(
        "cmd-whoami-ssh-key-written",
        key = key.public().to_openssh(),
        path = out.display(),
        identity = identity.display()
    );
    Ok(())
}
