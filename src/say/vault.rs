//! The vault and its metadata index ([`crate::vault`]): failures in words.

use super::{Explain, Said};
use crate::vault::VaultError;
use crate::vault::index::{IndexError, Invalid};

impl Explain for VaultError {
    fn explain(&self) -> Said {
        match self {
            // The store's words are its own module's (`say::store`).
            VaultError::Store(e) => e.explain(),
            VaultError::Index(e) => e.explain(),
            VaultError::Lock(e) => e.explain(),
        }
    }
}

impl Explain for IndexError {
    fn explain(&self) -> Said {
        match self {
            IndexError::Fs(e) => e.explain(),
            IndexError::Invalid(why) => Said::new(t!(
                "vault-index-damaged",
                why = match why {
                    Invalid::At { line, column } => {
                        t!("vault-index-line-column", line = line, column = column)
                    }
                    Invalid::NotIndex(path) =>
                        t!("vault-index-unknown-format", path = path.display()),
                }
            ))
            .hint(t!("error-index-invalid-hint")),
        }
    }
}
