//! The config file (`config.toml`): which store, where its files are.
//! It never holds a secret.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fsutil::{self, FsError};

/// The kinds of store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoreKind {
    /// The OS keyring (Secret Service, Keychain, Credential Manager).
    Keyring,
    /// One age-encrypted vault file.
    File,
    /// KV version 2 on an OpenBao or HashiCorp Vault server.
    #[serde(rename = "openbao")]
    OpenBao,
}

impl fmt::Display for StoreKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StoreKind::Keyring => "keyring",
            StoreKind::File => "file",
            StoreKind::OpenBao => "openbao",
        })
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
    pub chosen_because: Option<String>,
    /// The OpenBao / Vault server (openbao store).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openbao: Option<OpenBaoConfig>,
    /// Unlock on the first prompt: after the passphrase of a key file is
    /// typed, the agent holds the identity for this long (`15m`, `1h`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlock_for: Option<String>,
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
    Invalid(PathBuf, String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Fs(e) => e.fmt(f),
            ConfigError::Invalid(p, why) => f.write_str(&t!(
                "config-config-file-not-valid",
                path = p.display(),
                why = why
            )),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Fs(e) => Some(e),
            ConfigError::Invalid(..) => None,
        }
    }
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
            ConfigError::Fs(FsError::io("read", path, e))
        })?;
        // toml's message can quote the offending value: say where, not what.
        toml::from_str(&text).map(Some).map_err(|e| {
            let line = e
                .span()
                .map(|r| text[..r.start.min(text.len())].matches('\n').count() + 1);
            ConfigError::Invalid(
                path.to_path_buf(),
                match line {
                    Some(n) => {
                        t!("config-line-not-setting-chopvault", n = n)
                    }
                    None => t!("config-not-chopvault-configuration"),
                },
            )
        })
    }

    /// Writes the config atomically (0600 in a 0700 folder).
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        let text = toml::to_string(self)
            .map_err(|e| ConfigError::Invalid(path.to_path_buf(), e.to_string()))?;
        let text = format!("# chopvault configuration; holds no secrets.\n{text}");
        fsutil::ensure_private_dir(fsutil::parent_of(path)).map_err(ConfigError::Fs)?;
        fsutil::atomic_write(path, text.as_bytes()).map_err(ConfigError::Fs)
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
            chosen_because: Some("asked-file".into()),
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

    #[test]
    fn garbage_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "store = 7").unwrap();
        assert!(matches!(Config::load(&p), Err(ConfigError::Invalid(..))));
    }
}
