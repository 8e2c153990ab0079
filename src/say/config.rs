//! The config file ([`crate::config`]): its failures, and why it names its
//! store, in words.

use super::{Explain, Said};
use crate::config::{ConfigError, Invalid, Reason, StoreKind};

impl Explain for ConfigError {
    fn explain(&self) -> Said {
        match self {
            ConfigError::Fs(e) => e.explain(),
            ConfigError::Invalid(path, why) => Said::new(t!(
                "config-file-invalid",
                path = path.display(),
                why = match why {
                    Invalid::Line(n) => t!("config-line-unknown", line = n),
                    Invalid::NotConfig => t!("config-not-a-config"),
                    Invalid::Unwritable(toml) => toml.clone(),
                }
            ))
            .hint(t!("error-config-invalid-hint")),
        }
    }
}

/// Why the config names its store, as `status` shows it ("because …").
impl Explain for Reason {
    fn explain(&self) -> Said {
        Said::new(match self {
            Reason::Asked(kind) => asked(*kind),
            Reason::IdentitiesOrVault => t!("cmd-init-identities-given"),
            Reason::KeyringAnswered => t!("cmd-init-keyring-answered"),
            Reason::KeyringNotUsable(None) => t!("cmd-init-keyring-was-unusable"),
            Reason::KeyringNotUsable(Some(why)) => {
                t!("cmd-init-keyring-unusable", e = why)
            }
            Reason::Migrated(kind) => {
                t!("cmd-migrate-moved-here", store = kind)
            }
            Reason::Other(text) => crate::text::shown(text).into_owned(),
        })
    }
}

/// "asked for with --store KIND".
fn asked(kind: StoreKind) -> String {
    t!("cmd-init-asked-store", store = kind.word())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::lang::{Lang, with};

    /// Issue 24: config.toml kept a sentence in the language of the command
    /// that wrote it, and English readers saw `because перенесено сюда…`.
    /// It keeps a word now, worded when shown; old sentences still read.
    #[test]
    fn the_config_keeps_a_word_and_status_words_it() {
        let shown =
            |lang, saved: &str| with(lang, || Reason::from(saved.to_owned()).explain().text);
        assert_eq!(shown(Lang::Ru, "asked-file"), "так задано в --store file");
        assert_eq!(
            shown(Lang::En, "migrated-from-keyring"),
            "moved here from the keyring store with chopvault migrate"
        );
        assert!(shown(Lang::Ru, "migrated-from-keyring").contains("из хранилища keyring"));
        // Written by an older chopvault, in Russian, read in English.
        assert_eq!(
            shown(
                Lang::En,
                "перенесено сюда из хранилища keyring командой chopvault migrate"
            ),
            "moved here from the keyring store with chopvault migrate"
        );
        assert_eq!(
            shown(Lang::Ru, "asked for with --store keyring"),
            "так задано в --store keyring"
        );
        assert_eq!(
            shown(Lang::Ru, "the OS keyring is not usable (no D-Bus)"),
            "связка ключей ОС недоступна (no D-Bus)"
        );
        assert_eq!(
            shown(Lang::En, "keyring-not-usable"),
            "the OS keyring was not usable"
        );
    }
}
