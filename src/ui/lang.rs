//! Which language chopvault speaks: `CHOPVAULT_LANG`, then the POSIX
//! locale variables in their order of precedence (`LC_ALL`,
//! `LC_MESSAGES`, `LANG`); the first one set and not empty decides.
//! `ru`, `ru_RU.UTF-8`, `ru-RU`... give Russian; anything else, `C` and
//! `POSIX` included, gives English.

use std::sync::OnceLock;

/// A language chopvault has a catalog for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English, the reference catalog.
    En,
    /// Russian.
    Ru,
}

impl Lang {
    /// The language identifier Fluent chooses plural rules by.
    pub fn id(self) -> unic_langid::LanguageIdentifier {
        let tag = match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        };
        tag.parse().expect("a valid language tag")
    }

    /// The language a locale value names.
    pub fn from_locale(value: &str) -> Lang {
        let lower = value.trim().to_ascii_lowercase();
        if lower == "ru"
            || lower.starts_with("ru_")
            || lower.starts_with("ru-")
            || lower.starts_with("ru.")
        {
            Lang::Ru
        } else {
            Lang::En
        }
    }

    /// The language the environment `get` (a variable's value) asks for.
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Lang {
        ["CHOPVAULT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| get(name).filter(|v| !v.trim().is_empty()))
            .map_or(Lang::En, |v| Lang::from_locale(&v))
    }
}

static LANG: OnceLock<Lang> = OnceLock::new();

thread_local! {
    /// A language set for this thread by [`with`] (tests render one
    /// message in both languages).
    static THIS_THREAD: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// The user's language, read from the environment once.
pub fn current() -> Lang {
    THIS_THREAD
        .with(std::cell::Cell::get)
        .unwrap_or_else(|| *LANG.get_or_init(|| Lang::from_env(|name| std::env::var(name).ok())))
}

/// Runs `f` with messages in `lang` on this thread.
pub fn with<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let before = THIS_THREAD.with(|c| c.replace(Some(lang)));
    let out = f();
    THIS_THREAD.with(|c| c.set(before));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> Lang {
        Lang::from_env(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn the_first_variable_set_decides() {
        assert_eq!(with(&[]), Lang::En);
        assert_eq!(with(&[("LANG", "ru_RU.UTF-8")]), Lang::Ru);
        assert_eq!(with(&[("LANG", "ru")]), Lang::Ru);
        assert_eq!(
            with(&[("LANG", "ru_RU.UTF-8"), ("LC_MESSAGES", "C")]),
            Lang::En
        );
        assert_eq!(
            with(&[("LANG", "C"), ("LC_MESSAGES", "ru_UA.UTF-8")]),
            Lang::Ru
        );
        assert_eq!(
            with(&[("LC_MESSAGES", "ru_RU"), ("LC_ALL", "POSIX")]),
            Lang::En
        );
        assert_eq!(
            with(&[("LC_ALL", "ru_RU.UTF-8"), ("CHOPVAULT_LANG", "en")]),
            Lang::En
        );
        assert_eq!(
            with(&[("LANG", "en_US.UTF-8"), ("CHOPVAULT_LANG", "ru")]),
            Lang::Ru
        );
        // Set but empty counts as not set.
        assert_eq!(with(&[("LANG", "ru_RU.UTF-8"), ("LC_ALL", "")]), Lang::Ru);
        // Russian only for ru itself, not for a language that starts so.
        assert_eq!(with(&[("LANG", "rue_UA")]), Lang::En);
        assert_eq!(with(&[("LANG", "de_DE.UTF-8")]), Lang::En);
    }
}
