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
                "migrate-new-store-already-holds",
                value = names
                    .iter()
                    .map(|n| format!("'{}'", shown(n)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .hint(t!("error-look-those-entries-new")),
            MigrateError::UnknownAux { name, key } => Said::new(t!(
                "migrate-keeps-secret-beside-value",
                value = shown(name),
                value2 = shown(key)
            ))
            .hint(t!("error-upgrade-chopvault-version-knows")),
            MigrateError::Mismatch(name) => {
                Said::new(t!("migrate-read-back-new-store", value = shown(name)))
                    .hint(t!("error-nothing-was-switched-removed"))
            }
            MigrateError::Journal(path, why) => Said::new(t!(
                "migrate-migration-journal-cannot-used",
                path = path.display(),
                why = match why {
                    JournalWhy::Io(e) => e.to_string(),
                    JournalWhy::Fs(e) => e.explain().text,
                    JournalWhy::NotJournal => t!("migrate-not-chopvault-journal"),
                }
            ))
            .hint(t!("error-holds-no-secrets-if", path = path.display())),
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
