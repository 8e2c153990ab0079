//! The OS keyring on the command line: where it is in words, that it
//! answers before `init` chooses it, `doctor`'s check of it.

use super::{Finding, KEYRING_PROBE_TIMEOUT, StoreCli, StoreSpec};
use crate::cli::NewStoreArgs;
use crate::error::Error;
use crate::store::keyring::KeyringStore;

/// The keyring's answers.
pub struct KeyringCli;

impl StoreCli for KeyringCli {
    fn location(&self, _spec: &StoreSpec) -> String {
        t!(
            "context-os-keyring-service",
            service = crate::store::keyring::SERVICE
        )
    }

    fn place(&self, _spec: &StoreSpec) -> serde_json::Value {
        serde_json::json!({ "service": crate::store::keyring::SERVICE })
    }

    /// Asked for by name, the keyring must answer, unlocked.
    fn before_chosen(&self) -> Result<(), Error> {
        drop(KeyringStore::probe(KEYRING_PROBE_TIMEOUT)?);
        Ok(())
    }

    /// There is one keyring: a second cannot be named.
    fn in_use(&self, _new: &NewStoreArgs) -> Option<String> {
        Some(t!("cmd-migrate-keyring-in-use"))
    }

    fn doctor(&self, _spec: &StoreSpec) -> Vec<Finding> {
        let mut checks = Vec::new();
        let provider = crate::store::provider::provider();
        let by = provider.as_ref().map_or_else(String::new, |p| {
            format!(" ({})", crate::say::keyring::provider_name(p))
        });
        let by_fact = provider.as_ref().map(provider_fact);
        match KeyringStore::probe(KEYRING_PROBE_TIMEOUT) {
            Ok(_) => checks.push(Finding::ok(msg!(
                "cmd-doctor-keyring-unlocked",
                by = by => by_fact.clone()
            ))),
            Err(e) => checks.push(Finding::failed(
                msg!("cmd-doctor-keyring", by = by => by_fact.clone()),
                e.into(),
            )),
        }
        if provider
            .as_ref()
            .is_some_and(crate::store::provider::Provider::keeps_deleted)
        {
            checks.push(Finding::warn(
                msg!("provider-keepassxc-keeps"),
                msg!("provider-keepassxc-fix"),
            ));
        }
        checks
    }

    /// The index is the keyring store's only record of its metadata.
    fn reindex(&self, _spec: &StoreSpec) -> Result<Option<usize>, Error> {
        say!("cmd-reindex-keyring-nothing");
        Ok(None)
    }
}

/// Which program serves the keyring, as a word (`gnome-keyring`,
/// `keepassxc`, `kwallet`, another's process name, or `pid:N` for one
/// this process cannot see).
fn provider_fact(p: &crate::store::provider::Provider) -> serde_json::Value {
    use crate::store::provider::Provider;
    match p {
        Provider::GnomeKeyring => "gnome-keyring".into(),
        Provider::KeePassXc => "keepassxc".into(),
        Provider::KWallet => "kwallet".into(),
        Provider::Other(name) => name.as_str().into(),
        Provider::Hidden(pid) => format!("pid:{pid}").into(),
    }
}
