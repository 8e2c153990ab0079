//! Signatures and member cards ([`crate::sign`]) that cannot be read, in
//! words.

use super::{Explain, Said};
use crate::sign::{CardError, Foreign, SignatureError};

impl Explain for SignatureError {
    fn explain(&self) -> Said {
        Said::new(match self {
            SignatureError::NotSshsig => t!("sign-not-ssh-signature"),
            SignatureError::Foreign(why) => {
                t!("sign-not-chopvault-signature", why = foreign_text(*why))
            }
        })
    }
}

/// Why a signature is not one chopvault can check, as the end of "not a
/// chopvault signature: …".
fn foreign_text(why: Foreign) -> String {
    match why {
        Foreign::NewerVersion(version) => t!("sign-newer-version", version = version),
        Foreign::Hash => t!("sign-bad-hash"),
        Foreign::NotEd25519 => t!("sign-not-ed25519-key"),
        Foreign::Namespace => t!("sign-bad-namespace"),
        Foreign::Malformed => t!("sign-malformed-signature"),
    }
}

impl Explain for CardError {
    fn explain(&self) -> Said {
        Said::new(match self {
            CardError::Recipient => t!("sign-card-no-recipient"),
            CardError::Key => t!("sign-card-no-ssh-key"),
            CardError::Name => t!("sign-card-bad-name"),
        })
    }
}
