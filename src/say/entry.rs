//! Why a name is not an entry name ([`crate::entry::NameError`]), in words.

use super::{Explain, Said};
use crate::entry::NameError;

impl Explain for NameError {
    fn explain(&self) -> Said {
        Said::new(match self {
            NameError::Length => t!("entry-name-length"),
            NameError::Char(c) => t!("entry-name-chars", char = format!("{c:?}")),
            NameError::Part => t!("entry-name-empty-part"),
        })
    }
}
