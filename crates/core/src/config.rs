//! The config file (`config.toml`): which store, where its files are.
//! It never holds a secret.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fsutil::{self, FsError};

// The kinds of store are registered in `store` (beside their modules,
// where each one answers for itself); the config names them by word.
pub use crate::store::{IndexRole, StoreKind};

impl fmt::Display for StoreKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

impl Serialize for StoreKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.word())
    }
}

impl<'de> Deserialize<'de> for StoreKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let word = String::deserialize(d)?;
        StoreKind::from_word(&word)
            .ok_or_else(|| serde::de::Error::custom(format_args!("no store is called {word:?}")))
    }
}

/// What `init` saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The store in use.
    pub store: StoreKind,
    /// The age vault (file store).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault: Option<PathBuf>,
    /// The age identity that unlocks the vault, when it is not a passphrase vault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<PathBuf>,
    /// Why this store was chosen (shown by `status`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen_because: Option<Reason>,
    /// The OpenBao / Vault server (openbao store).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openbao: Option<OpenBaoConfig>,
    /// Unlock on the first prompt: after the passphrase of a key file is
    /// typed, the agent holds the identity for this long (`15m`, `1h`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlock_for: Option<String>,
}

/// Why the config names its store (`chosen_because`), shown by `status`.
///
/// Saved as a word (`asked-file`, `keyring-answered`,
/// `migrated-from-keyring`), never a sentence: the config is data, read by
/// commands run in either language, and the command line words the reason
/// when it shows it. Older versions saved a sentence in the language of
/// the command that wrote it, in English or in Russian; those read back as
/// the reason they say ([`Reason::from`]), and are written back as words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Reason {
    /// `--store KIND` asked for it (`asked-KIND`).
    Asked(StoreKind),
    /// Age identities or a vault path were given (`identities-or-vault`).
    IdentitiesOrVault,
    /// The OS keyring answered and was unlocked (`keyring-answered`).
    KeyringAnswered,
    /// The OS keyring was not usable (`keyring-not-usable`). An older
    /// version saved why, in its own words: kept to be shown, never
    /// written back.
    KeyringNotUsable(Option<String>),
    /// `migrate` moved the entries here from a store of this kind
    /// (`migrated-from-KIND`).
    Migrated(StoreKind),
    /// A word this version does not know (a newer one wrote it), or a
    /// sentence it does not recognise: shown and kept as it is.
    Other(String),
}

impl From<Reason> for String {
    fn from(r: Reason) -> String {
        match r {
            Reason::Asked(kind) => format!("asked-{kind}"),
            Reason::IdentitiesOrVault => "identities-or-vault".into(),
            Reason::KeyringAnswered => "keyring-answered".into(),
            Reason::KeyringNotUsable(_) => "keyring-not-usable".into(),
            Reason::Migrated(kind) => format!("migrated-from-{kind}"),
            Reason::Other(text) => text,
        }
    }
}

impl From<String> for Reason {
    /// A saved word, or a sentence an older version saved.
    fn from(saved: String) -> Reason {
        let kind_after = |prefix: &str| saved.strip_prefix(prefix).and_then(StoreKind::from_word);
        match saved.as_str() {
            "identities-or-vault" => return Reason::IdentitiesOrVault,
            "keyring-answered" => return Reason::KeyringAnswered,
            "keyring-not-usable" => return Reason::KeyringNotUsable(None),
            _ => {}
        }
        if let Some(kind) = kind_after("asked-") {
            return Reason::Asked(kind);
        }
        if let Some(kind) = kind_after("migrated-from-") {
            return Reason::Migrated(kind);
        }
        Reason::from_old_sentence(&saved).unwrap_or(Reason::Other(saved))
    }
}

impl Reason {
    /// The reason a sentence saved by a version before words says. These
    /// are the sentences those versions wrote, in both their languages:
    /// a format of the past, kept here as it was (the catalogs may change
    /// their words; old files do not).
    fn from_old_sentence(saved: &str) -> Option<Reason> {
        /// `head X tail`: X.
        fn between<'a>(saved: &'a str, head: &str, tail: &str) -> Option<&'a str> {
            saved.strip_prefix(head)?.strip_suffix(tail)
        }
        match saved {
            "age identities or a vault path were given"
            | "указаны ключи age или путь к хранилищу" => {
                return Some(Reason::IdentitiesOrVault);
            }
            "the OS keyring answered and is unlocked"
            | "связка ключей ОС ответила и разблокирована" => {
                return Some(Reason::KeyringAnswered);
            }
            _ => {}
        }
        let asked = between(saved, "asked for with --store ", "")
            .or_else(|| between(saved, "так задано в --store ", ""));
        if let Some(kind) = asked.and_then(StoreKind::from_word) {
            return Some(Reason::Asked(kind));
        }
        let migrated = between(
            saved,
            "moved here from the ",
            " store with chopvault migrate",
        )
        .or_else(|| {
            between(
                saved,
                "перенесено сюда из хранилища ",
                " командой chopvault migrate",
            )
        });
        if let Some(kind) = migrated.and_then(StoreKind::from_word) {
            return Some(Reason::Migrated(kind));
        }
        between(saved, "the OS keyring is not usable (", ")")
            .or_else(|| between(saved, "связка ключей ОС недоступна (", ")"))
            .map(|why| Reason::KeyringNotUsable(Some(why.to_owned())))
    }
}

/// Where the openbao store's server is. Holds no token: the token comes
/// from `BAO_TOKEN`/`VAULT_TOKEN`, the token file, or the OS keyring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenBaoConfig {
    /// The cluster's node addresses, e.g. `https://bao1.example.org:8200`,
    /// tried in turn (see `store::openbao::transport`). Written as one
    /// string when there is one, as configs before several were allowed.
    #[serde(with = "one_or_many")]
    pub addr: Vec<String>,
    /// KV v2 mount.
    pub mount: String,
    /// Path prefix of chopvault's entries inside the mount.
    pub prefix: String,
    /// Extra CA certificate (PEM) to trust.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert: Option<PathBuf>,
    /// A 0600 file holding the OpenBao token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_file: Option<PathBuf>,

    // How requests travel (store::openbao::transport); the `BAO_*`
    // variables of the same meaning override these at run time.
    /// Namespace (header `X-Vault-Namespace`; `BAO_NAMESPACE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Deadline of one request, failover and retries included (`10s`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    /// TLS client certificate (PEM) for servers that ask for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_cert: Option<PathBuf>,
    /// Its private key (PEM; a 0600 file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key: Option<PathBuf>,
    /// How to log in, when the host logs in rather than being given a token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<OpenBaoAuth>,
}

/// An OpenBao login method (`[openbao.auth]`). Names files, never secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenBaoAuth {
    /// Which method.
    pub method: AuthMethod,
    /// Where it is mounted [default: the method's name].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mount: Option<String>,
    /// The role (jwt, kubernetes; cert: the certificate role's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// AppRole: the file holding the role id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_id_file: Option<PathBuf>,
    /// AppRole: the 0600 file holding the secret id (after unwrapping a
    /// wrapped one, chopvault's own copy in its state folder).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_id_file: Option<PathBuf>,
    /// JWT / Kubernetes: the file holding the JWT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_file: Option<PathBuf>,
    /// Cert: the client certificate (PEM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_cert: Option<PathBuf>,
    /// Cert: its 0600 private key (PEM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key: Option<PathBuf>,
}

impl OpenBaoConfig {
    /// The first configured address: the name the token is kept under in
    /// the keyring and the metadata cache is keyed by, as when there was one.
    pub fn primary_addr(&self) -> &str {
        self.addr.first().map_or("", String::as_str)
    }
}

/// `addr = "URL"` or `addr = ["URL", …]`.
mod one_or_many {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }

    pub fn serialize<S: Serializer>(v: &[String], s: S) -> Result<S::Ok, S::Error> {
        match v {
            [one] => one.serialize(s),
            many => many.serialize(s),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        Ok(match OneOrMany::deserialize(d)? {
            OneOrMany::One(a) => vec![a],
            OneOrMany::Many(v) => v,
        })
    }
}

/// The login methods chopvault speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthMethod {
    /// AppRole: role id and secret id.
    AppRole,
    /// TLS client certificate.
    Cert,
    /// A JWT (from CI, an OIDC provider).
    Jwt,
    /// A Kubernetes service-account token.
    Kubernetes,
}

impl AuthMethod {
    /// Its name, as in the config and on the command line.
    pub fn word(self) -> &'static str {
        match self {
            AuthMethod::AppRole => "approle",
            AuthMethod::Cert => "cert",
            AuthMethod::Jwt => "jwt",
            AuthMethod::Kubernetes => "kubernetes",
        }
    }

    /// Where OpenBao mounts it unless told otherwise.
    pub fn default_mount(self) -> &'static str {
        self.word()
    }
}

/// A config file that could not be read or understood.
#[derive(Debug)]
pub enum ConfigError {
    /// Reading or writing failed.
    Fs(FsError),
    /// The TOML is not a chopvault config.
    Invalid(PathBuf, Invalid),
}

/// What is wrong with a config file's content. Never quotes it: toml's own
/// message can hold the offending value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// This line (1-based) is not a chopvault setting.
    Line(usize),
    /// Not a chopvault configuration at all.
    NotConfig,
    /// The config could not be put in TOML (toml's words).
    Unwritable(String),
}

impl Config {
    /// Reads the config; `Ok(None)` when there is none yet.
    pub fn load(path: &Path) -> Result<Option<Config>, ConfigError> {
        let bytes = match crate::fsutil::read_bounded(path, crate::fsutil::MAX_SETTINGS_FILE) {
            Ok(b) => b,
            Err(e) if e.is_not_found() => return Ok(None),
            Err(e) => return Err(ConfigError::Fs(e)),
        };
        let text = String::from_utf8(bytes).map_err(|e| {
            let e = std::io::Error::new(std::io::ErrorKind::InvalidData, e);
            ConfigError::Fs(FsError::io(fsutil::Action::Read, path, e))
        })?;
        // toml's message can quote the offending value: say where, not what.
        toml::from_str(&text).map(Some).map_err(|e| {
            let line = e
                .span()
                .map(|r| text[..r.start.min(text.len())].matches('\n').count() + 1);
            ConfigError::Invalid(
                path.to_path_buf(),
                match line {
                    Some(n) => Invalid::Line(n),
                    None => Invalid::NotConfig,
                },
            )
        })
    }

    /// Writes the config atomically (0600 in a 0700 folder).
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        let text = toml::to_string(self).map_err(|e| {
            ConfigError::Invalid(path.to_path_buf(), Invalid::Unwritable(e.to_string()))
        })?;
        let text = format!("# chopvault configuration; holds no secrets.\n{text}");
        fsutil::ensure_private_dir(fsutil::parent_of(path)).map_err(ConfigError::Fs)?;
        fsutil::atomic_write(path, text.as_bytes()).map_err(ConfigError::Fs)
    }
}

/// The longest duration any option or setting takes (`unlock --for`,
/// `--idle`, `export --ttl`, `unlock_for`, `timeout`): the agent's bound,
/// which it checks again on its side. Longer is a typo, or an attempt to
/// overflow a timer.
pub const MAX_DURATION: std::time::Duration = crate::agent::MAX_HOLD;

/// Why a text is not a duration chopvault takes (`cli` words it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadDuration {
    /// A duration, but zero: nothing would last for it.
    Zero,
    /// Not a duration, or longer than [`MAX_DURATION`].
    NotADuration,
}

/// `90`, `90s`, `5m`, `1h30m`, `1h 30m`: a positive duration of at most
/// [`MAX_DURATION`].
pub fn parse_duration(text: &str) -> Result<std::time::Duration, BadDuration> {
    let parsed = text
        .parse::<u64>()
        .map(std::time::Duration::from_secs)
        .ok()
        .or_else(|| {
            text.parse::<jiff::SignedDuration>()
                .ok()
                .and_then(|d| std::time::Duration::try_from(d).ok())
        });
    match parsed {
        Some(d) if !d.is_zero() && d <= MAX_DURATION => Ok(d),
        Some(d) if d.is_zero() => Err(BadDuration::Zero),
        _ => Err(BadDuration::NotADuration),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c/config.toml");
        assert_eq!(Config::load(&p).unwrap(), None);
        let c = Config {
            store: StoreKind::File,
            vault: Some("/v.age".into()),
            identity: None,
            chosen_because: Some(Reason::Asked(StoreKind::File)),
            openbao: None,
            unlock_for: Some("15m".into()),
        };
        c.save(&p).unwrap();
        assert_eq!(Config::load(&p).unwrap(), Some(c));
    }

    #[test]
    fn openbao_addr_is_one_string_or_a_list() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        let head = "store = \"openbao\"\n[openbao]\nmount = \"secret\"\nprefix = \"c/\"\n";
        std::fs::write(&p, format!("{head}addr = \"http://127.0.0.1:1\"\n")).unwrap();
        let one = Config::load(&p).unwrap().unwrap();
        assert_eq!(one.openbao.as_ref().unwrap().addr, ["http://127.0.0.1:1"]);
        one.save(&p).unwrap();
        assert!(
            std::fs::read_to_string(&p)
                .unwrap()
                .contains("addr = \"http://127.0.0.1:1\"")
        );
        std::fs::write(
            &p,
            format!("{head}addr = [\"http://a:1\", \"http://b:1\"]\ntimeout = \"3s\"\n"),
        )
        .unwrap();
        let many = Config::load(&p).unwrap().unwrap();
        let cfg = many.openbao.clone().unwrap();
        assert_eq!(cfg.addr, ["http://a:1", "http://b:1"]);
        assert_eq!(cfg.primary_addr(), "http://a:1");
        many.save(&p).unwrap();
        assert_eq!(Config::load(&p).unwrap(), Some(many));
    }

    /// Issue 23: the reason is an enum saved as a word; a config written
    /// by an older version, holding a sentence in English or Russian,
    /// still reads, as the reason it says, and is written back as a word.
    #[test]
    fn the_reason_is_a_word_and_old_sentences_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        let read = |because: &str| {
            std::fs::write(
                &p,
                format!("store = \"keyring\"\nchosen_because = \"{because}\"\n"),
            )
            .unwrap();
            Config::load(&p).unwrap().unwrap().chosen_because.unwrap()
        };
        let cases = [
            ("asked-openbao", Reason::Asked(StoreKind::OpenBao)),
            ("identities-or-vault", Reason::IdentitiesOrVault),
            ("keyring-answered", Reason::KeyringAnswered),
            ("keyring-not-usable", Reason::KeyringNotUsable(None)),
            ("migrated-from-file", Reason::Migrated(StoreKind::File)),
            (
                "asked for with --store keyring",
                Reason::Asked(StoreKind::Keyring),
            ),
            ("так задано в --store file", Reason::Asked(StoreKind::File)),
            (
                "the OS keyring answered and is unlocked",
                Reason::KeyringAnswered,
            ),
            (
                "указаны ключи age или путь к хранилищу",
                Reason::IdentitiesOrVault,
            ),
            (
                "the OS keyring is not usable (no D-Bus)",
                Reason::KeyringNotUsable(Some("no D-Bus".into())),
            ),
            (
                "перенесено сюда из хранилища keyring командой chopvault migrate",
                Reason::Migrated(StoreKind::Keyring),
            ),
            (
                "moved here from the openbao store with chopvault migrate",
                Reason::Migrated(StoreKind::OpenBao),
            ),
            (
                "chosen by a newer chopvault",
                Reason::Other("chosen by a newer chopvault".into()),
            ),
        ];
        for (saved, reason) in cases {
            assert_eq!(read(saved), reason, "{saved}");
        }
        // An old sentence is written back as its word.
        let old = read("перенесено сюда из хранилища keyring командой chopvault migrate");
        let mut config = Config::load(&p).unwrap().unwrap();
        config.chosen_because = Some(old);
        config.save(&p).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(
            text.contains("chosen_because = \"migrated-from-keyring\""),
            "{text}"
        );
    }

    /// Each kind is stored as its word, and read back from it.
    #[test]
    fn kinds_are_stored_as_their_words() {
        for &kind in StoreKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.word()));
            assert_eq!(serde_json::from_str::<StoreKind>(&json).unwrap(), kind);
            assert_eq!(StoreKind::from_word(kind.word()), Some(kind));
        }
        assert!(serde_json::from_str::<StoreKind>("\"floppy\"").is_err());
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "store = 7").unwrap();
        assert!(matches!(Config::load(&p), Err(ConfigError::Invalid(..))));
    }
}
