//! Which program serves the Secret Service (gnome-keyring, KeePassXC,
//! KWallet…), and whether its default collection is unlocked, asked on the
//! session bus directly: hints can then name what to unlock, `doctor` can
//! say where the provider keeps deleted values, and the `init` probe can
//! check the keyring without writing an item into it (KeePassXC would keep
//! a written-and-deleted probe in its Recycle Bin).

use std::sync::mpsc;
use std::time::Duration;

/// A Secret Service provider, by its process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provider {
    /// gnome-keyring-daemon.
    GnomeKeyring,
    /// KeePassXC with Secret Service integration.
    KeePassXc,
    /// KDE's wallet (kwalletd, ksecretd).
    KWallet,
    /// Another program, by its process name.
    Other(String),
    /// A process this one cannot see (another PID namespace: a sandbox),
    /// by its PID.
    Hidden(u32),
}

impl Provider {
    fn from_process(comm: &str) -> Provider {
        match comm.trim() {
            "gnome-keyring-d" | "gnome-keyring-daemon" => Provider::GnomeKeyring,
            c if c.starts_with("keepassxc") => Provider::KeePassXc,
            c if c.starts_with("kwalletd") || c.starts_with("ksecretd") => Provider::KWallet,
            other => Provider::Other(crate::text::shown(other).into_owned()),
        }
    }

    /// Whether it keeps values that were replaced or removed (KeePassXC:
    /// in its Recycle Bin and each entry's history).
    pub fn keeps_deleted(&self) -> bool {
        matches!(self, Provider::KeePassXc)
    }
}

/// What the session bus says about the Secret Service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// No session bus, or nothing owns `org.freedesktop.secrets` (it may
    /// be started on demand).
    NotRunning,
    /// Served by this provider; its default collection is unlocked
    /// (`Some(false)`), locked (`Some(true)`), or absent/unreadable (`None`).
    Running(Provider, Option<bool>),
}

/// Asks the session bus, giving up after `timeout`.
pub fn ask(timeout: Duration) -> Option<Answer> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("secret-service-provider".into())
        .spawn(move || {
            let _ = tx.send(ask_now());
        })
        .ok()?;
    rx.recv_timeout(timeout).ok()
}

/// The provider alone, quickly (for a hint).
pub fn provider() -> Option<Provider> {
    match ask(Duration::from_millis(1500))? {
        Answer::Running(p, _) => Some(p),
        Answer::NotRunning => None,
    }
}

#[cfg(target_os = "linux")]
fn ask_now() -> Answer {
    use zbus::zvariant::{OwnedObjectPath, OwnedValue};
    const SECRETS: &str = "org.freedesktop.secrets";
    let Ok(conn) = zbus::blocking::Connection::session() else {
        return Answer::NotRunning;
    };
    let pid: Option<u32> = conn
        .call_method(
            Some("org.freedesktop.DBus"),
            "/org/freedesktop/DBus",
            Some("org.freedesktop.DBus"),
            "GetConnectionUnixProcessID",
            &(SECRETS,),
        )
        .ok()
        .and_then(|m| m.body().deserialize::<u32>().ok());
    let Some(pid) = pid else {
        return Answer::NotRunning;
    };
    // Another PID namespace (a sandbox) hides the process: say so by PID.
    let provider = match std::fs::read_to_string(format!("/proc/{pid}/comm")) {
        Ok(comm) => Provider::from_process(&comm),
        Err(_) => Provider::Hidden(pid),
    };
    let locked = conn
        .call_method(
            Some(SECRETS),
            "/org/freedesktop/secrets",
            Some("org.freedesktop.Secret.Service"),
            "ReadAlias",
            &("default",),
        )
        .ok()
        .and_then(|m| m.body().deserialize::<OwnedObjectPath>().ok())
        .filter(|p| p.as_str() != "/")
        .and_then(|path| {
            conn.call_method(
                Some(SECRETS),
                path.as_str(),
                Some("org.freedesktop.DBus.Properties"),
                "Get",
                &("org.freedesktop.Secret.Collection", "Locked"),
            )
            .ok()
        })
        .and_then(|m| m.body().deserialize::<OwnedValue>().ok())
        .and_then(|v| bool::try_from(v).ok());
    Answer::Running(provider, locked)
}

#[cfg(not(target_os = "linux"))]
fn ask_now() -> Answer {
    Answer::NotRunning
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_names_map_to_providers() {
        assert_eq!(
            Provider::from_process("gnome-keyring-d\n"),
            Provider::GnomeKeyring
        );
        assert_eq!(Provider::from_process("keepassxc"), Provider::KeePassXc);
        assert_eq!(Provider::from_process("kwalletd6"), Provider::KWallet);
        assert_eq!(
            Provider::from_process("evil\u{1b}[2J"),
            Provider::Other("evil\\u{1b}[2J".into())
        );
        assert!(Provider::KeePassXc.keeps_deleted());
        assert!(!Provider::GnomeKeyring.keeps_deleted());
    }
}
