//! Where chopvault keeps its files, after the XDG base-directory spec.
//!
//! `XDG_CONFIG_HOME`, `XDG_DATA_HOME` and `XDG_STATE_HOME` are honoured
//! (with `HOME` fallbacks); every path can also be overridden on the command
//! line or by a `CHOPVAULT_*` variable (see `cli.rs`).

use std::path::{Path, PathBuf};

/// The folders chopvault uses; nothing is created until a command writes.
#[derive(Debug, Clone)]
pub struct Paths {
    /// `$XDG_CONFIG_HOME/chopvault`
    pub config_dir: PathBuf,
    /// `$XDG_DATA_HOME/chopvault`
    pub data_dir: PathBuf,
    /// `$XDG_STATE_HOME/chopvault`
    pub state_dir: PathBuf,
}

impl Paths {
    /// Resolves the folders from the environment. `None` when neither the
    /// XDG variables nor `HOME` say where the user's files are.
    pub fn from_env() -> Option<Paths> {
        let config = dirs::config_dir()?;
        let data = dirs::data_dir()?;
        // `dirs::state_dir` is Linux-only; elsewhere state goes with data.
        let state = dirs::state_dir().unwrap_or_else(|| data.clone());
        Some(Paths {
            config_dir: config.join("chopvault"),
            data_dir: data.join("chopvault"),
            state_dir: state.join("chopvault"),
        })
    }

    /// `config.toml` in the config folder.
    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    /// The default age vault.
    pub fn default_vault(&self) -> PathBuf {
        self.data_dir.join("vault.age")
    }

    /// Where `init --generate-identity` writes a new identity by default:
    /// the config folder, apart from the vault in the data folder.
    pub fn default_identity(&self) -> PathBuf {
        self.config_dir.join("identity.txt")
    }

    /// The metadata index of the keyring store.
    pub fn keyring_index(&self) -> PathBuf {
        self.data_dir.join("index.json")
    }

    /// The local cache of an OpenBao server's metadata, one per server,
    /// mount and prefix.
    pub fn openbao_index(&self, cfg: &crate::config::OpenBaoConfig) -> PathBuf {
        let key = format!("{}|{}|{}", cfg.addr, cfg.mount, cfg.prefix);
        let hash = crate::secret::fingerprint_of(key.as_bytes());
        let short = hash.trim_start_matches("sha256:");
        self.data_dir.join(format!("openbao-{short}.index.json"))
    }

    /// The append-only event log.
    pub fn event_log(&self) -> PathBuf {
        self.state_dir.join("events.jsonl")
    }
}

/// The metadata index kept beside an age vault: `vault.age` →
/// `vault.index.json` in the same folder.
pub fn index_for_vault(vault: &Path) -> PathBuf {
    sibling(vault, "index.json")
}

/// The writers' lock file beside a store file: `vault.age` → `vault.lock`.
pub fn lock_for(store_file: &Path) -> PathBuf {
    sibling(store_file, "lock")
}

fn sibling(path: &Path, ext: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "vault".into());
    path.with_file_name(format!("{stem}.{ext}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_of_a_vault() {
        let v = Path::new("/x/team.age");
        assert_eq!(index_for_vault(v), Path::new("/x/team.index.json"));
        assert_eq!(lock_for(v), Path::new("/x/team.lock"));
    }
}
