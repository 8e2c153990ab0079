//! `migrate`'s failures ([`crate::migrate`]) in words, with what to do.

use super::{Explain, Said};
use crate::migrate::{JournalWhy, MigrateError};
use crate::text::shown;

impl Explain for MigrateError {
    fn explain(&self) -> Said {
        match self {
            MigrateError::Vault(e) => e.explain(),
            MigrateError::Fs(e) => e.explain(),
            MigrateError::Conflicts(names) => Said::new(t!(
                "migrate-conflicts",
                names = names
                    .iter()
                    .map(|n| format!("'{}'", shown(n)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .hint(t!("error-migrate-conflicts-hint")),
            MigrateError::UnknownAux { name, key } => Said::new(t!(
                "migrate-unknown-secret",
                name = shown(name),
                secret = shown(key)
            ))
            .hint(t!("error-migrate-unknown-secret-hint")),
            MigrateError::Mismatch(name) => {
                Said::new(t!("migrate-read-back-differs", name = shown(name)))
                    .hint(t!("error-migrate-mismatch-hint"))
            }
            MigrateError::Journal(path, why) => Said::new(t!(
                "migrate-journal-unusable",
                path = path.display(),
                why = match why {
                    JournalWhy::Io(e) => e.to_string(),
                    JournalWhy::Fs(e) => e.explain().text,
                    JournalWhy::NotJournal => t!("migrate-not-a-journal"),
                }
            ))
            .hint(t!("error-migrate-journal-hint", path = path.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name from the vault is shown escaped, never obeyed.
    #[test]
    fn names_are_shown_escaped() {
        let err = MigrateError::UnknownAux {
            name: "a".into(),
            key: "\u{1b}[31mweird".into(),
        };
        let said = err.explain();
        assert!(!said.text.contains('\u{1b}'), "{}", said.text);
        assert!(said.hint.is_some());
    }
}
