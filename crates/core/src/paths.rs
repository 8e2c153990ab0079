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
        let key = format!("{}|{}|{}", cfg.primary_addr(), cfg.mount, cfg.prefix);
        let hash = crate::secret::fingerprint_of(key.as_bytes());
        let short = hash.trim_start_matches("sha256:");
        self.data_dir.join(format!("openbao-{short}.index.json"))
    }

    /// The metadata index of an age vault: in the user's data folder,
    /// keyed by the vault's canonical path, never beside the vault (where
    /// git would carry it and anyone who can push could plant one).
    pub fn vault_index(&self, vault: &Path) -> PathBuf {
        self.vault_index_and_pin(vault).0
    }

    /// This user's record of an identity vault's pinned members, in the
    /// state folder, keyed like the index.
    pub fn vault_pin(&self, vault: &Path) -> PathBuf {
        self.vault_index_and_pin(vault).1
    }

    /// Both at once, resolving the vault's path once (every command that
    /// opens a vault needs both).
    pub fn vault_index_and_pin(&self, vault: &Path) -> (PathBuf, PathBuf) {
        let key = vault_key(vault);
        (
            self.data_dir
                .join("indexes")
                .join(format!("{key}.index.json")),
            self.state_dir.join("members").join(format!("{key}.json")),
        )
    }

    /// The append-only event log.
    pub fn event_log(&self) -> PathBuf {
        self.state_dir.join("events.jsonl")
    }
}

/// Where earlier versions kept an age vault's index: beside it
/// (`vault.age` → `vault.index.json`). Ignored now; `doctor` mentions it.
pub fn old_index_for_vault(vault: &Path) -> PathBuf {
    sibling(vault, "index.json")
}

/// The vault's path with its folder resolved (symlinks, `..`), so that
/// two spellings of one vault share one index and one pin.
pub fn canonical_vault(vault: &Path) -> PathBuf {
    let abs = if vault.is_absolute() {
        vault.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(vault))
            .unwrap_or_else(|_| vault.to_path_buf())
    };
    let (Some(parent), Some(name)) = (abs.parent(), abs.file_name()) else {
        return abs;
    };
    std::fs::canonicalize(parent)
        .map(|p| p.join(name))
        .unwrap_or(abs)
}

/// `STEM-HASH` for a vault: readable, and unique per canonical path.
fn vault_key(vault: &Path) -> String {
    let canonical = canonical_vault(vault);
    use sha2::Digest;
    let digest = sha2::Sha256::digest(canonical.as_os_str().as_encoded_bytes());
    let short: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    let stem: String = vault
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "vault".into())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .take(32)
        .collect();
    format!("{stem}-{short}")
}

/// chopvault's own folder for one vault's lock, temporary files and
/// pending signature, next to its pin (`STATE/members/KEY.json` →
/// `STATE/work/KEY/`): never the vault's folder, which may be a git work
/// tree, and one per vault, since taking a vault's lock sweeps the
/// temporary files left in its folder by a killed writer.
pub fn work_dir_for_pin(pin: &Path) -> PathBuf {
    let members = crate::fsutil::parent_of(pin);
    let key = pin
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "vault".into());
    crate::fsutil::parent_of(members).join("work").join(key)
}

/// The writers' lock of the vault whose pin is `pin`: `STATE/work/KEY/lock`.
pub fn vault_lock_for_pin(pin: &Path) -> PathBuf {
    work_dir_for_pin(pin).join("lock")
}

/// Where a write puts the vault's new signature before the vault is
/// renamed into place: `STATE/work/KEY/sig.next`.
pub fn pending_sig_for_pin(pin: &Path) -> PathBuf {
    work_dir_for_pin(pin).join("sig.next")
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
        assert_eq!(old_index_for_vault(v), Path::new("/x/team.index.json"));
        assert_eq!(lock_for(v), Path::new("/x/team.lock"));
    }

    #[test]
    fn one_vault_one_index_whatever_the_spelling() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let paths = Paths {
            config_dir: dir.path().join("c"),
            data_dir: dir.path().join("d"),
            state_dir: dir.path().join("s"),
        };
        let a = dir.path().join("team.age");
        let b = dir.path().join("sub/../team.age");
        assert_eq!(paths.vault_index(&a), paths.vault_index(&b));
        assert!(
            paths
                .vault_index(&a)
                .starts_with(dir.path().join("d/indexes"))
        );
        assert_ne!(
            paths.vault_index(&a),
            paths.vault_index(&dir.path().join("sub/team.age"))
        );
        assert!(
            paths
                .vault_pin(&a)
                .starts_with(dir.path().join("s/members"))
        );
    }
}
