//! Where the core's facts become words. Each core error, reason and
//! notice is worded here, in the user's language, with its remedy beside
//! its sentence: one `match` arm gives both, as rage words its errors.
//! The core returns typed results and never makes a sentence (issue 23);
//! a file here per core area (`say::store`, `say::export`, …).

pub mod agent;
pub mod config;
pub mod entry;
pub mod export;
pub mod file;
pub mod fs;
pub mod keyring;
pub mod lifecycle;
pub mod migrate;
pub mod notice;
pub mod openbao;
pub mod secret;
pub mod sign;
pub mod store;
pub mod vault;
pub mod yandex;

/// A fact worded: its sentence and, beside it, what to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The sentence, in the user's language.
    pub text: String,
    /// What to do next, if there is something to do.
    pub hint: Option<String>,
}

impl Said {
    /// A sentence with no remedy.
    pub fn new(text: String) -> Self {
        Said { text, hint: None }
    }

    /// The same, with what to do next.
    #[must_use]
    pub fn hint(mut self, hint: String) -> Self {
        self.hint = Some(hint);
        self
    }
}

/// Something the core returns that a person reads.
pub trait Explain {
    /// Its sentence and remedy, in the user's language.
    fn explain(&self) -> Said;
}
